/*
 * btree_iter.c — ordered iteration over the B+tree.
 *
 * Like the ALEX iterator, it copies a batch of entries (keys into its own byte
 * buffer) inside one RCU read-side section, validating each leaf's version after
 * copying from it and following next pointers; a failed validation restarts the
 * batch from the root just after the last key returned.
 */
#include <stdlib.h>

#include "index/btree/btree_int.h"

#define BT_ITER_BATCH 64

typedef struct BtIterEntry {
    size_t off;
    uint32_t len;
    uint64_t payload;
} BtIterEntry;

struct BTreeIter {
    BTree *tree;
    bool from_start, have_last, done;
    uint8_t *last; /* copy of the last key returned (or the start key) */
    size_t last_len, last_cap;
    int n, pos;
    BtIterEntry ent[BT_ITER_BATCH];
    uint8_t *buf;
    size_t buf_len, buf_cap;
};

static bool reserve(uint8_t **p, size_t *cap, size_t need)
{
    if (need <= *cap) return true;
    size_t nc = *cap ? *cap : 256;
    while (nc < need) nc *= 2;
    uint8_t *np = realloc(*p, nc);
    if (np == NULL) return false;
    *p = np;
    *cap = nc;
    return true;
}

BTreeIter *btree_iter_create(BTree *tree, const uint8_t *key, size_t len, bool from_start)
{
    BTreeIter *it = calloc(1, sizeof *it);
    if (it == NULL) return NULL;
    it->tree = tree;
    it->from_start = from_start;
    if (!from_start) {
        if (!reserve(&it->last, &it->last_cap, len + 1)) {
            free(it);
            return NULL;
        }
        if (len) memcpy(it->last, key, len);
        it->last_len = len;
    }
    return it;
}

void btree_iter_destroy(BTreeIter *it)
{
    if (it == NULL) return;
    free(it->last);
    free(it->buf);
    free(it);
}

/* Copies entries of leaf from index i into the batch; false on no memory. */
static bool copy_leaf(BTreeIter *it, const BtNode *leaf, int i, int *m)
{
    int n = __atomic_load_n(&leaf->n, __ATOMIC_RELAXED);
    if (n > BT_CAP) n = BT_CAP;
    for (; i < n && *m < BT_ITER_BATCH; i++) {
        uint32_t len = leaf->len[i];
        if (len > INDEX_MAX_KEY_LEN) len = INDEX_MAX_KEY_LEN; /* torn; validation fails */
        if (!reserve(&it->buf, &it->buf_cap, it->buf_len + len + 1)) return false;
        size_t got = bt_entry_key(leaf, i, it->buf + it->buf_len, len);
        if (got > len) got = len;
        it->ent[*m].off = it->buf_len;
        it->ent[*m].len = (uint32_t)got;
        it->ent[*m].payload = leaf->payload[i];
        it->buf_len += got;
        (*m)++;
    }
    return true;
}

static IndexStatus fill(BTreeIter *it)
{
    BTree *tree = it->tree;
    bool exclusive = it->have_last;
    BtKey k = bt_key(it->last, it->last_len);
    IndexStatus st = INDEX_OK;
    index_epoch_enter();
restart:
    it->n = it->pos = 0;
    it->buf_len = 0;
    BtNode *node = __atomic_load_n(&tree->root, __ATOMIC_ACQUIRE);
    uint64_t v = bt_stable_version(node);
    /* The root may have split while we waited: the old root covers only the left half. */
    if (__atomic_load_n(&tree->root, __ATOMIC_ACQUIRE) != node) goto restart;
    while (!node->is_leaf) {
        int i = it->from_start && !it->have_last ? 0 : bt_upper_bound(node, &k);
        BtNode *child = __atomic_load_n(&node->child[i], __ATOMIC_RELAXED);
        if (!bt_unchanged(node, v)) goto restart;
        uint64_t cv = bt_stable_version(child);
        if (!bt_unchanged(node, v)) goto restart;
        node = child;
        v = cv;
    }
    int i = 0;
    if (!(it->from_start && !it->have_last))
        i = exclusive ? bt_upper_bound(node, &k) : bt_lower_bound(node, &k);
    int m = 0;
    for (;;) {
        if (!copy_leaf(it, node, i, &m)) {
            st = INDEX_NO_MEMORY;
            break;
        }
        BtNode *next = __atomic_load_n(&node->next, __ATOMIC_ACQUIRE);
        if (!bt_unchanged(node, v)) goto restart;
        if (m == BT_ITER_BATCH || next == NULL) break;
        node = next;
        v = bt_stable_version(node);
        i = 0;
    }
    index_epoch_leave();
    if (st != INDEX_OK) {
        it->n = 0;
        return st;
    }
    it->n = m;
    if (m == 0) it->done = true;
    return INDEX_OK;
}

IndexStatus btree_iter_next(BTreeIter *it, const uint8_t **key, size_t *len, uint64_t *payload)
{
    if (it->pos >= it->n) {
        if (it->done) return INDEX_NOT_FOUND;
        IndexStatus st = fill(it);
        if (st != INDEX_OK) return st;
        if (it->done) return INDEX_NOT_FOUND;
    }
    BtIterEntry *e = &it->ent[it->pos++];
    if (!reserve(&it->last, &it->last_cap, e->len + 1)) {
        it->pos--;
        return INDEX_NO_MEMORY;
    }
    memcpy(it->last, it->buf + e->off, e->len);
    it->last_len = e->len;
    it->have_last = true;
    *key = it->last;
    *len = e->len;
    *payload = e->payload;
    return INDEX_OK;
}
