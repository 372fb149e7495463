/*
 * btree_int.h — B+tree node layout (internal to src/index/btree).
 *
 * Node (one malloc, leaf and inner alike):
 *   version  seqlock word: bit 0 write in progress, counter above (no obsolete bit:
 *            nodes are never freed before the tree; deletes do not merge)
 *   is_leaf, n  entries in use (leaf: keys; inner: separators, n+1 children)
 *   next     leaf: right neighbour
 *   prefix[] first 8 key bytes, big-endian, zero padded: most comparisons end here
 *   payload[] (leaf) or child[] (inner; child i holds keys in [sep i-1, sep i)),
 *            next to prefix[] so one burst of prefetches covers a whole search
 *   len[]    key length
 *   ext[]    keys longer than 8 bytes: pointer to a BtExt copy of the WHOLE key
 *            (its own length inside, so a reader racing a shift never reads past it)
 * Readers may race the writer's shifts: pointer-sized fields are moved one element at
 * a time with relaxed atomic stores so no pointer is ever torn; a reader dereferences
 * an ext before validating, which is safe because ext copies are freed only after an
 * RCU grace period, and a child only after validating its parent's version.
 */
#ifndef OMENDB_INDEX_BTREE_BTREE_INT_H
#define OMENDB_INDEX_BTREE_BTREE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "index/btree/btree.h"
#include "index/index_epoch.h"

#define BT_CAP        64
#define BT_FILL       56 /* bulk load fill per node (~88%) */
#define BT_MAX_HEIGHT 32

typedef struct BtExt {
    uint32_t len;
    uint8_t bytes[];
} BtExt;

typedef struct BtNode {
    uint64_t version;
    uint16_t is_leaf, n;
    struct BtNode *next;
    uint64_t prefix[BT_CAP];
    union { /* right after the prefixes: a search touches header, prefix and these */
        uint64_t payload[BT_CAP];
        struct BtNode *child[BT_CAP + 1];
    };
    uint32_t len[BT_CAP];
    BtExt *ext[BT_CAP];
} BtNode;

struct BTree {
    /* Read by every reader: alone on its cache line (see AlexTree). */
    _Alignas(64) BtNode *root; /* atomic pointer */
    /* Written by the writer. */
    _Alignas(64) size_t height;
    size_t num_keys;
    size_t bytes;
    IndexRetireList retire;
};

/* A search key: its prefix is computed once. */
typedef struct BtKey {
    uint64_t prefix;
    const uint8_t *bytes;
    size_t len;
} BtKey;

static inline uint64_t bt_prefix(const uint8_t *b, size_t len)
{
    uint8_t tmp[8] = {0};
    if (len > 0) memcpy(tmp, b, len < 8 ? len : 8);
    uint64_t p = 0;
    for (int i = 0; i < 8; i++) p = (p << 8) | tmp[i];
    return p;
}

static inline BtKey bt_key(const uint8_t *b, size_t len)
{
    BtKey k = {bt_prefix(b, len), b, len};
    return k;
}

/* Prefetches a node's header, prefixes and payloads/children (about 17 cache
 * lines, fetched in parallel) so the search's probes do not each wait for memory
 * (as in pB+-trees). */
static inline void bt_prefetch_node(const BtNode *n)
{
    const char *p = (const char *)n;
    for (size_t off = 0; off < offsetof(BtNode, len); off += 64) __builtin_prefetch(p + off);
}

static inline uint64_t bt_load_version(const BtNode *n)
{
    return __atomic_load_n(&n->version, __ATOMIC_ACQUIRE);
}

static inline uint64_t bt_stable_version(const BtNode *n)
{
    uint64_t v;
    while ((v = bt_load_version(n)) & 1) __builtin_ia32_pause();
    return v;
}

static inline bool bt_unchanged(const BtNode *n, uint64_t v)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(&n->version, __ATOMIC_RELAXED) == v;
}

static inline void bt_write_begin(BtNode *n)
{
    __atomic_store_n(&n->version, n->version | 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void bt_write_end(BtNode *n)
{
    __atomic_store_n(&n->version, (n->version & ~1ull) + 2, __ATOMIC_RELEASE);
}

/* btree_node.c */
BtNode *bt_node_alloc(BTree *tree, bool is_leaf);
/* Compares entry i of node with k: <0, 0, >0. Reader-safe (racy reads are bounded). */
int bt_entry_cmp(const BtNode *node, int i, const BtKey *k);
/* First entry >= k (leaf search) / first separator > k (inner routing). */
int bt_lower_bound(const BtNode *node, const BtKey *k);
int bt_upper_bound(const BtNode *node, const BtKey *k);
/* Writer: moves entries [from, n) of node by delta (+1/-1) within the node. */
void bt_shift(BtNode *node, int from, int delta);
/* Writer: copies entry i of src to entry j of dst (keys and payload/child i). */
void bt_copy_entry(BtNode *dst, int j, const BtNode *src, int i);
/* Allocates an ext copy for a key longer than 8 bytes (NULL otherwise or on OOM). */
BtExt *bt_ext_make(BTree *tree, const uint8_t *b, size_t len);
/* Writes the full key bytes of entry i to out (capacity >= len); returns len. */
size_t bt_entry_key(const BtNode *node, int i, uint8_t *out, size_t cap);

#endif
