/*
 * btree_node.c — B+tree node primitives: allocation, key comparison, in-node search,
 * entry moves. Layout and the reader/writer rules are in btree_int.h.
 */
#include <stdlib.h>

#include "index/btree/btree_int.h"

BtNode *bt_node_alloc(BTree *tree, bool is_leaf)
{
    BtNode *n = malloc(sizeof *n);
    if (n == NULL) return NULL;
    memset(n, 0, sizeof *n);
    n->is_leaf = is_leaf;
    tree->bytes += sizeof *n;
    return n;
}

int bt_entry_cmp(const BtNode *node, int i, const BtKey *k)
{
    uint64_t p = node->prefix[i];
    if (p != k->prefix) return p < k->prefix ? -1 : 1;
    size_t la = node->len[i];
    if (la <= 8 && k->len <= 8) return (la > k->len) - (la < k->len);
    if (la <= 8) return -1; /* the entry is a proper prefix of k */
    if (k->len <= 8) return 1;
    const BtExt *e = __atomic_load_n(&node->ext[i], __ATOMIC_RELAXED);
    if (e == NULL) return -1; /* torn by a concurrent shift; the caller's validation fails */
    size_t ea = e->len;
    size_t m = ea < k->len ? ea : k->len;
    int c = m > 8 ? memcmp(e->bytes + 8, k->bytes + 8, m - 8) : 0;
    if (c != 0) return c;
    return (ea > k->len) - (ea < k->len);
}

static int node_n(const BtNode *node)
{
    int n = __atomic_load_n(&node->n, __ATOMIC_RELAXED);
    return n > BT_CAP ? BT_CAP : n;
}

/* First index in [0, n) whose prefix is >= p (strict: > p), by a branch-free binary
 * search over the dense prefix array: the cmov chain has no mispredictions. */
static int prefix_bound(const BtNode *node, int n, uint64_t p, bool strict)
{
    const uint64_t *a = node->prefix;
    int base = 0, len = n;
    while (len > 1) {
        int half = len >> 1;
        uint64_t v = a[base + half - 1];
        base = (strict ? v <= p : v < p) ? base + half : base;
        len -= half;
    }
    if (len == 1 && (strict ? a[base] <= p : a[base] < p)) base++;
    return base;
}

/* Within the run of entries sharing k's prefix (usually empty or one entry; long
 * keys with a common 8-byte prefix make it longer), binary search by full key. */
static int bound_in_run(const BtNode *node, int n, const BtKey *k, bool strict)
{
    int lo = prefix_bound(node, n, k->prefix, false);
    if (lo >= n || node->prefix[lo] != k->prefix) return lo;
    int hi = prefix_bound(node, n, k->prefix, true);
    while (lo < hi) {
        int mid = (lo + hi) >> 1;
        int c = bt_entry_cmp(node, mid, k);
        if (strict ? c <= 0 : c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int bt_lower_bound(const BtNode *node, const BtKey *k)
{
    return bound_in_run(node, node_n(node), k, false);
}

int bt_upper_bound(const BtNode *node, const BtKey *k)
{
    return bound_in_run(node, node_n(node), k, true);
}

void bt_copy_entry(BtNode *dst, int j, const BtNode *src, int i)
{
    dst->prefix[j] = src->prefix[i];
    dst->len[j] = src->len[i];
    __atomic_store_n(&dst->ext[j], src->ext[i], __ATOMIC_RELAXED);
    if (dst->is_leaf) dst->payload[j] = src->payload[i];
}

void bt_shift(BtNode *node, int from, int delta)
{
    int n = node->n;
    if (delta > 0) {
        for (int i = n - 1; i >= from; i--) bt_copy_entry(node, i + 1, node, i);
    } else {
        for (int i = from; i < n; i++) bt_copy_entry(node, i - 1, node, i);
    }
}

BtExt *bt_ext_make(BTree *tree, const uint8_t *b, size_t len)
{
    if (len <= 8) return NULL;
    BtExt *e = malloc(sizeof *e + len);
    if (e == NULL) return NULL;
    e->len = (uint32_t)len;
    memcpy(e->bytes, b, len);
    tree->bytes += sizeof *e + len;
    return e;
}

size_t bt_entry_key(const BtNode *node, int i, uint8_t *out, size_t cap)
{
    const BtExt *e = __atomic_load_n(&node->ext[i], __ATOMIC_RELAXED);
    size_t len = node->len[i];
    if (len > 8) {
        if (e == NULL) return 0;
        len = e->len;
        memcpy(out, e->bytes, len < cap ? len : cap);
        return len;
    }
    uint64_t p = node->prefix[i];
    for (size_t j = 0; j < len && j < cap; j++) out[j] = (uint8_t)(p >> (56 - 8 * j));
    return len;
}
