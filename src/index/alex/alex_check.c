/*
 * alex_check.c — structural invariant checker for tests (exclusive access).
 *
 * Checks: inner fanouts are powers of two and every child owns an aligned
 * power-of-two run of slots; data nodes keep their slot keys non-decreasing with each gap
 * holding the next occupied key (INT64_MAX at the tail), popcount == num_keys <
 * capacity; every key routes from the root to the node that holds it; leaves are
 * linked in key order with matching prev/next pointers and strictly increasing keys;
 * key count and byte accounting add up.
 */
#include <stdarg.h>
#include <stdio.h>

#include "index/alex/alex_int.h"

typedef struct CheckState {
    AlexTree *tree;
    char *msg;
    size_t msg_len;
    size_t keys, bytes, depth;
    AlexData *prev_leaf;
    bool have_prev_key;
    int64_t prev_key;
} CheckState;

static int fail(CheckState *cs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(CheckState *cs, const char *fmt, ...)
{
    if (cs->msg != NULL && cs->msg_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cs->msg, cs->msg_len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static AlexData *route(AlexTree *tree, int64_t k)
{
    double x = alex_key_x(tree, k);
    AlexNode *n = tree->root;
    while (n->type == ALEX_NODE_INNER) {
        AlexInner *in = (AlexInner *)n;
        n = in->children[alex_inner_slot(in, x)];
    }
    return (AlexData *)n;
}

static int check_data(CheckState *cs, AlexData *d)
{
    cs->bytes += d->alloc_bytes;
    if (d->version & (ALEX_V_LOCK | ALEX_V_OBSOLETE))
        return fail(cs, "data node %p locked or obsolete in tree", (void *)d);
    int32_t pop = 0;
    int64_t next_key = INT64_MAX;
    int32_t first = alex_data_next_occupied(d, 0);
    for (int32_t s = d->capacity - 1; s >= 0; s--) {
        if (s + 1 < d->capacity && d->slots[s].key > d->slots[s + 1].key)
            return fail(cs, "data node keys decrease at slot %d", (int)s);
        if (alex_bit(d->bitmap, s)) {
            pop++;
            next_key = d->slots[s].key;
        } else if (s < first && first < d->capacity) {
            if (d->slots[s].key != INT64_MIN)
                return fail(cs, "leading gap at slot %d holds %lld", (int)s,
                            (long long)d->slots[s].key);
        } else if (d->slots[s].key != next_key) {
            return fail(cs, "gap at slot %d holds %lld, expected %lld", (int)s,
                        (long long)d->slots[s].key, (long long)next_key);
        }
    }
    if (pop != d->num_keys) return fail(cs, "popcount %d != num_keys %d", pop, d->num_keys);
    if (d->num_keys >= d->capacity) return fail(cs, "data node has no free slot");
    if (d->prev != cs->prev_leaf) return fail(cs, "leaf prev pointer broken");
    if (cs->prev_leaf != NULL && cs->prev_leaf->next != d)
        return fail(cs, "leaf next pointer broken");
    cs->prev_leaf = d;
    for (int32_t s = alex_data_next_occupied(d, 0); s < d->capacity;
         s = alex_data_next_occupied(d, s + 1)) {
        int64_t k = d->slots[s].key;
        if (cs->have_prev_key && k <= cs->prev_key)
            return fail(cs, "keys not increasing across leaves at %lld", (long long)k);
        cs->have_prev_key = true;
        cs->prev_key = k;
        if (route(cs->tree, k) != d)
            return fail(cs, "key %lld does not route to its node", (long long)k);
        if (alex_data_find_key(d, alex_key_x(cs->tree, k), k) != s)
            return fail(cs, "search for %lld misses slot %d", (long long)k, (int)s);
        cs->keys++;
    }
    return 0;
}

static int check_node(CheckState *cs, AlexNode *n, size_t depth)
{
    if (depth > cs->depth) cs->depth = depth;
    if (depth >= ALEX_MAX_DEPTH) return fail(cs, "tree deeper than %d", ALEX_MAX_DEPTH);
    if (n->type == ALEX_NODE_DATA) return check_data(cs, (AlexData *)n);
    if (n->type != ALEX_NODE_INNER) return fail(cs, "bad node type %d", n->type);
    AlexInner *in = (AlexInner *)n;
    cs->bytes += in->alloc_bytes;
    if (in->fanout < 2 || (in->fanout & (in->fanout - 1)) != 0)
        return fail(cs, "inner fanout %u not a power of two", in->fanout);
    for (uint32_t s = 0; s < in->fanout;) {
        AlexNode *c = in->children[s];
        if (c == NULL) return fail(cs, "inner node has a NULL child at %u", s);
        uint32_t e = s + 1;
        while (e < in->fanout && in->children[e] == c) e++;
        for (uint32_t j = s; j < e; j++) {
            const AlexHint *h = &in->hints[j];
            if ((h->seq & 1) != (c->type != ALEX_NODE_DATA))
                return fail(cs, "slot hint %u left mid-update", j);
            if (c->type == ALEX_NODE_DATA) {
                const AlexData *d = (const AlexData *)c;
                if (h->node != d || h->capacity != d->capacity || h->model.a != d->model.a ||
                    h->model.b != d->model.b)
                    return fail(cs, "slot hint %u does not match its data node", j);
            } else if (h->node != NULL) {
                return fail(cs, "slot hint %u names a data node for an inner child", j);
            }
        }
        uint32_t run = e - s;
        if ((run & (run - 1)) != 0 || s % run != 0)
            return fail(cs, "child run [%u,%u) not aligned power of two", s, e);
        if (check_node(cs, c, depth + 1) != 0) return -1;
        s = e;
    }
    return 0;
}

int alex_check(AlexTree *tree, char *msg, size_t msg_len)
{
    CheckState cs = {.tree = tree, .msg = msg, .msg_len = msg_len};
    if (msg != NULL && msg_len > 0) msg[0] = 0;
    if (check_node(&cs, tree->root, 0) != 0) return -1;
    if (cs.prev_leaf != NULL && cs.prev_leaf->next != NULL)
        return fail(&cs, "last leaf has a next");
    if (cs.keys != tree->num_keys)
        return fail(&cs, "counted %zu keys, tree says %zu", cs.keys, tree->num_keys);
    if (cs.bytes + sizeof *tree != tree->bytes)
        return fail(&cs, "bytes %zu != accounted %zu", cs.bytes + sizeof *tree, tree->bytes);
    tree->stats.max_depth = cs.depth;
    return 0;
}
