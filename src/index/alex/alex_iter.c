/*
 * alex_iter.c — ordered iteration (range scans) over an ALEX tree.
 *
 * An iterator copies up to ALEX_ITER_BATCH entries at a time into its own buffer,
 * inside one RCU read-side section, walking data nodes through their next pointers
 * and validating each node's seqlock after copying from it. Any change or obsolete
 * node restarts the batch from the root at the last key returned, so the iterator
 * never holds a lock or a section between calls and never returns a key twice.
 */
#include <stdlib.h>

#include "index/alex/alex_int.h"

#define ALEX_ITER_BATCH 128

struct AlexIter {
    AlexTree *tree;
    bool from_start, have_last, done;
    int64_t start, last;
    int32_t n, pos;
    int64_t keys[ALEX_ITER_BATCH];
    uint64_t payloads[ALEX_ITER_BATCH];
};

size_t alex_iter_size(void)
{
    return sizeof(AlexIter);
}

AlexIter *alex_iter_create(AlexTree *tree, int64_t key, bool from_start)
{
    void *mem = malloc(sizeof(AlexIter));
    return mem == NULL ? NULL : alex_iter_init(mem, tree, key, from_start);
}

AlexIter *alex_iter_init(void *mem, AlexTree *tree, int64_t key, bool from_start)
{
    AlexIter *it = mem;
    it->tree = tree;
    it->from_start = from_start;
    it->have_last = false;
    it->done = false;
    it->start = key;
    it->last = 0;
    it->n = it->pos = 0;
    return it;
}

void alex_iter_destroy(AlexIter *it)
{
    free(it);
}

static void fill(AlexIter *it)
{
    AlexTree *tree = it->tree;
    int64_t k;
    bool exclusive;
    it->n = it->pos = 0;
    if (it->have_last) {
        if (it->last == INT64_MAX) {
            it->done = true;
            return;
        }
        k = it->last;
        exclusive = true;
    } else {
        k = it->from_start ? INT64_MIN : it->start;
        exclusive = false;
    }
    double x = alex_key_x(tree, k);
    index_epoch_enter();
restart:
    it->n = 0;
    AlexNode *node = alex_load_ptr(&tree->root);
    while (node->type == ALEX_NODE_INNER) {
        AlexInner *in = (AlexInner *)node;
        node = alex_load_ptr(&in->children[alex_inner_slot(in, x)]);
    }
    AlexData *d = (AlexData *)node;
    bool first = true;
    for (;;) {
        uint64_t v = alex_load_version(d);
        if (v & ALEX_V_LOCK) {
            __builtin_ia32_pause();
            continue;
        }
        if (v & ALEX_V_OBSOLETE) goto restart;
        int32_t s = 0;
        if (first) {
            if (exclusive)
                s = alex_data_find_le(d, x, k, NULL) + 1;
            else if (k != INT64_MIN)
                s = alex_data_find_le(d, x, k - 1, NULL) + 1;
        }
        int32_t m = it->n, cap = d->capacity;
        /* Walk the occupancy bitmap a word at a time. */
        for (int32_t w = s >> 6; w * 64 < cap && m < ALEX_ITER_BATCH; w++) {
            uint64_t bits = d->bitmap[w];
            if (w == s >> 6) bits &= ~0ull << (s & 63);
            while (bits != 0 && m < ALEX_ITER_BATCH) {
                int32_t slot = w * 64 + __builtin_ctzll(bits);
                bits &= bits - 1;
                if (slot >= cap) break;
                it->keys[m] = d->slots[slot].key;
                it->payloads[m] = d->slots[slot].payload;
                m++;
            }
        }
        AlexData *next = d->next;
        if (!alex_version_unchanged(d, v)) {
            if (first) goto restart;
            continue; /* re-read this node from its start */
        }
        it->n = m;
        first = false;
        if (m == ALEX_ITER_BATCH || next == NULL) break;
        d = next;
    }
    index_epoch_leave();
    if (it->n == 0) it->done = true;
}

IndexStatus alex_iter_next(AlexIter *it, int64_t *key, uint64_t *payload)
{
    if (it->pos >= it->n) {
        if (it->done) return INDEX_NOT_FOUND;
        fill(it);
        if (it->done) return INDEX_NOT_FOUND;
    }
    *key = it->keys[it->pos];
    *payload = it->payloads[it->pos];
    it->pos++;
    it->last = *key;
    it->have_last = true;
    return INDEX_OK;
}
