/*
 * alex_int.h — ALEX node layouts and helpers shared by the alex_*.c files.
 *
 * Inner node (AlexInner), 64-byte aligned, immutable after publication except
 * child slots:
 *   type | fanout (power of two) | off | model a,b | children[fanout] | pad |
 *   hints[fanout] (32 bytes each: seq, capacity, data child, its model)
 *   slot(x) = clamp(floor(a*x + b) + off, 0, fanout-1). A child owns an aligned run
 *   of 2^k slots. Child pointers change one at a time with release stores, and only
 *   from one valid node to another valid node for the same key range; the slot's
 *   hint is rewritten in the same seq-guarded window (alex_inner_set_child).
 *
 * Data node (AlexData), one allocation: header | slots[cap] | bitmap, with slots
 *   (AlexSlot: int64 key, uint64 payload; 16 bytes, so a slot never straddles a
 *   cache line) starting right after the header (lookups locate them from the node
 *   address alone, without reading the header; sizeof(AlexData) is a multiple of 16).
 *   The keys are non-decreasing over ALL slots: a gap holds the key of the next occupied
 *   slot to its right, except leading gaps (before the first key: INT64_MIN) and
 *   trailing gaps (after the last key, or all of an empty node: INT64_MAX); bit s of
 *   bitmap says slot s is occupied. capacity, model and the array pointers never
 *   change after creation (a resize builds a new node), so a reader's reads are
 *   always in bounds.
 *
 * Versions (data nodes only): a seqlock word. Bit 0 = write in progress, bit 1 =
 *   obsolete (replaced; restart from the root), counter in the upper bits. A reader
 *   reads the version, reads the node with plain loads, then re-reads the version
 *   and retries if it changed (the Linux seqcount pattern).
 *
 * Reclamation: replaced nodes go to the tree's retire list and are freed after an
 *   RCU grace period; every reader runs inside index_epoch_enter/leave.
 */
#ifndef OMENDB_INDEX_ALEX_ALEX_INT_H
#define OMENDB_INDEX_ALEX_ALEX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index/alex/alex.h"
#include "index/alex/alex_mem.h"
#include "index/index_epoch.h"

#define ALEX_NODE_DATA  1
#define ALEX_NODE_INNER 2

#define ALEX_V_LOCK     1ull
#define ALEX_V_OBSOLETE 2ull
#define ALEX_V_STEP     4ull

/* Tunables. Those under #ifndef may be overridden with -D for experiments. */

/* Densities of data nodes (fraction of occupied slots). */
#ifndef ALEX_DENSITY_INIT
#define ALEX_DENSITY_INIT 0.7 /* after bulk load and split */
#endif
#ifndef ALEX_DENSITY_MIN
#define ALEX_DENSITY_MIN 0.6 /* after expansion */
#endif
#define ALEX_DENSITY_MAX 0.8  /* a node at this density must resize */
#define ALEX_DENSITY_LOW 0.25 /* a node below this contracts */

#define ALEX_MIN_CAPACITY 16
#ifndef ALEX_APPEND_ROOM
#define ALEX_APPEND_ROOM 1 /* an appending node grows by this many slots per key it has */
#endif
#ifndef ALEX_MAX_DATA_KEYS
#define ALEX_MAX_DATA_KEYS (1 << 16) /* above this a node splits instead of expanding */
#endif
#ifndef ALEX_BULK_DATA_MAX
#define ALEX_BULK_DATA_MAX 16384 /* bulk load: partitions above this get an inner node */
#endif
#ifndef ALEX_BULK_GROUP_MAX
#define ALEX_BULK_GROUP_MAX 4096 /* bulk load: merge neighbour slots up to this */
#endif
#ifndef ALEX_BULK_TARGET
#define ALEX_BULK_TARGET 2048 /* bulk load: mean keys per child */
#endif
#ifndef ALEX_MAX_FANOUT
#define ALEX_MAX_FANOUT (1 << 20)
#endif
#define ALEX_MAX_DEPTH 64

/* Cost model weights (per expected exponential-search iteration, per shift, per
 * extra level of traversal), the relative size used in the paper. */
#define ALEX_W_SEARCH       20.0
#define ALEX_W_SHIFT        0.5
#define ALEX_W_TRAVERSE     20.0
#define ALEX_W_BYTE         4.0 /* per byte of inner-node memory per key (bulk fanout) */
#define ALEX_COST_DEVIATION 1.5 /* empirical > 1.5x expected: the model has drifted */

typedef struct AlexModel {
    double a, b;
} AlexModel;

typedef struct AlexNode {
    uint8_t type;
} AlexNode;

/* Per-slot copy of a data child's immutable search parameters, so a lookup can
 * compute the predicted slot and start loading keys without first waiting for the
 * child's header. Guarded by its own sequence number, odd while being written and
 * for an inner child (then `node` is NULL): valid only while seq is even and
 * unchanged. */
typedef struct AlexHint {
    uint32_t seq;
    int32_t capacity;
    struct AlexData *node; /* NULL when the child is an inner node */
    AlexModel model;
} AlexHint;

_Static_assert(sizeof(AlexHint) == 32, "two hints per cache line");

typedef struct AlexInner {
    uint8_t type;
    uint32_t fanout;
    int64_t off;
    /* -off and fanout - 1 - off as doubles (alex_inner_set_off keeps them): the
     * slot function's clamp bounds, kept so a lookup need not convert them. */
    double lo, last;
    AlexModel model;
    size_t alloc_bytes;
    AlexHint *hints; /* [fanout], 32-byte entries after children[], 64-byte aligned */
    AlexNode *children[];
} AlexInner;

/* A data node slot: a key and its payload side by side, so that a lookup that
 * finds its key has the payload in the same cache line. A gap's payload is
 * meaningless. */
typedef struct AlexSlot {
    int64_t key;
    uint64_t payload;
} AlexSlot;

typedef struct AlexData {
    uint8_t type;
    uint64_t version;
    int32_t capacity;
    int32_t num_keys;
    int32_t max_keys; /* floor(capacity * ALEX_DENSITY_MAX) */
    AlexModel model;
    AlexSlot *slots; /* == (AlexSlot *)(this + 1) */
    uint64_t *bitmap;
    struct AlexData *prev, *next; /* neighbours in key order; writer updates under lock */
    size_t alloc_bytes;
    /* Writer-only counters since the node was built, for the cost model. */
    uint64_t n_inserts, n_search_iters, n_shifts, n_appends, n_prepends;
    double expected_cost;    /* model cost per insert, computed at build */
    uint32_t drift_rebuilds; /* rebuilds in a row caused by drift (cost model) */
} AlexData;

_Static_assert(sizeof(AlexData) % 16 == 0, "slots follow the header 16-byte aligned");

struct AlexTree {
    /* Read by every reader: alone on its cache line, so that the writer's updates
     * of the counters below never invalidate it in the readers' caches. */
    _Alignas(64) AlexNode *root; /* atomic pointer */
    bool is_double;
    /* Written by the writer. */
    _Alignas(64) size_t num_keys;
    size_t bytes; /* live node bytes (retired bytes are in retire.bytes) */
    bool has_keys_range;
    int64_t min_key, max_key; /* widest keys ever inserted (writer only) */
    IndexRetireList retire;
    AlexMem mem; /* data nodes of a large tree (alex_mem.h) */
    AlexStats stats;
};

/* alex_key_to_double, inline: a call here would cost the lookup's fast path its
 * leaf-function shape (no saved registers). */
static inline double alex_key_image_to_double(int64_t k)
{
    uint64_t u = (uint64_t)k;
    if (u >> 63) u ^= 0x7fffffffffffffffull;
    double d;
    __builtin_memcpy(&d, &u, 8);
    return d;
}

static inline double alex_key_x(const AlexTree *tree, int64_t k)
{
    return tree->is_double ? alex_key_image_to_double(k) : (double)k;
}

/* Slot of a double prediction y in [0, n): NaN and out of range clamp. */
static inline int64_t alex_clamp_slot(double y, int64_t n)
{
    if (!(y > 0)) return 0;
    if (y >= (double)n) return n - 1;
    return (int64_t)y;
}

/* floor() without libm (the baseline x86-64 target has no roundsd): exact for
 * |y| < 2^63, which callers guarantee by range checks first. */
static inline int64_t alex_floor(double y)
{
    int64_t t = (int64_t)y;
    return y < (double)t ? t - 1 : t;
}

static inline uint32_t alex_inner_slot(const AlexInner *in, double x)
{
    double y = in->model.a * x + in->model.b;
    /* Clamped into [lo, last] as doubles, without branches (the two forms are
     * maxsd and minsd): NaN fails the comparison and takes lo; a y in (last,
     * fanout - off) gives the last slot either way. */
    y = y > in->lo ? y : in->lo;
    y = y < in->last ? y : in->last;
    /* y >= -off here: with off 0 (every node but a root doubled leftwards) y is
     * not negative and truncation is floor, so the correction is skipped. */
    int64_t t = (int64_t)y;
    if (in->off != 0) t -= y < (double)t;
    return (uint32_t)(t + in->off);
}

/* Sets the slot offset (and the clamp bounds derived from it and the fanout). */
static inline void alex_inner_set_off(AlexInner *in, int64_t off)
{
    in->off = off;
    in->lo = (double)-off;
    in->last = (double)((int64_t)in->fanout - 1 - off);
}

static inline int32_t alex_data_predict(const AlexData *d, double x)
{
    return (int32_t)alex_clamp_slot(d->model.a * x + d->model.b, d->capacity);
}

static inline bool alex_bit(const uint64_t *bm, int64_t s)
{
    return (bm[s >> 6] >> (s & 63)) & 1;
}

static inline uint64_t alex_load_version(const AlexData *d)
{
    return __atomic_load_n(&d->version, __ATOMIC_ACQUIRE);
}

static inline bool alex_version_unchanged(const AlexData *d, uint64_t v)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return __atomic_load_n(&d->version, __ATOMIC_RELAXED) == v;
}

static inline void alex_write_begin(AlexData *d)
{
    __atomic_store_n(&d->version, d->version | ALEX_V_LOCK, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void alex_write_end(AlexData *d)
{
    __atomic_store_n(&d->version, (d->version & ~ALEX_V_LOCK) + ALEX_V_STEP, __ATOMIC_RELEASE);
}

static inline AlexNode *alex_load_ptr(AlexNode *const *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void alex_store_ptr(AlexNode **p, AlexNode *v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* ---- alex_data.c: one data node ---- */

/* Allocates an empty node of `capacity` slots (all gaps). NULL on no memory. */
AlexData *alex_data_alloc(AlexTree *tree, int32_t capacity);
void alex_data_free(AlexTree *tree, AlexData *d);
/* Builds a node holding keys[0..n) at `capacity` slots; the model is fitted to the
 * keys and scaled to `model_slots` (== capacity normally; smaller leaves room for
 * appends), then moved right by `model_offset` slots (room on the left for
 * prepends). If n is small, `hint` (may be NULL) supplies the model. */
AlexData *alex_data_build(AlexTree *tree, const int64_t *keys, const uint64_t *payloads, int32_t n,
                          int32_t capacity, int32_t model_slots, int32_t model_offset,
                          const AlexModel *hint);
/* Last occupied slot <= s, or -1. */
int32_t alex_data_prev_occupied(const AlexData *d, int32_t s);

/* Index of the last slot whose key is <= k, or -1, by exponential search from the
 * model's prediction; counts doubling steps in *iters (may be NULL). Reader-safe:
 * plain reads within bounds; validate the version after. */
static inline int32_t alex_search_le(const AlexSlot *sl, int32_t cap, int32_t p, int64_t k,
                                     uint32_t *iters)
{
    int32_t lo, hi; /* key lo <= k (or lo == -1), key hi > k (or hi == cap) */
    uint32_t steps = 0;
    if (sl[p].key <= k) {
        int32_t b = 1;
        lo = p;
        for (;;) {
            int32_t q = p + b;
            if (q >= cap) {
                hi = cap;
                break;
            }
            steps++;
            if (sl[q].key > k) {
                hi = q;
                break;
            }
            lo = q;
            b <<= 1;
        }
    } else {
        int32_t b = 1;
        hi = p;
        for (;;) {
            int32_t q = p - b;
            if (q < 0) {
                lo = -1;
                break;
            }
            steps++;
            if (sl[q].key <= k) {
                lo = q;
                break;
            }
            hi = q;
            b <<= 1;
        }
    }
    while (hi - lo > 1) {
        int32_t mid = lo + (hi - lo) / 2;
        if (sl[mid].key <= k)
            lo = mid;
        else
            hi = mid;
    }
    if (iters != NULL) *iters = steps;
    return lo;
}

/* Slot holding k, or -1 (reader-safe plain reads; validate the version after). */

static inline int32_t alex_data_find_le(const AlexData *d, double x, int64_t k, uint32_t *iters)
{
    return alex_search_le(d->slots, d->capacity, alex_data_predict(d, x), k, iters);
}

/* Slot of k given le = last slot with key <= k, or -1. The last slot <= k holding k
 * is occupied unless it is a trailing (INT64_MAX) or leading (INT64_MIN) gap, so
 * the bitmap is read only for those two keys. */
static inline int32_t alex_data_slot_of(const AlexData *d, const AlexSlot *sl, int32_t le,
                                        int64_t k)
{
    if (le < 0 || sl[le].key != k) return -1;
    if (k != INT64_MAX && k != INT64_MIN) return le;
    if (alex_bit(d->bitmap, le)) return le;
    int32_t s = alex_data_prev_occupied(d, le);
    return (s >= 0 && sl[s].key == k) ? s : -1;
}

/* Slot holding k, or -1 (reader-safe plain reads; validate the version after). */
static inline int32_t alex_data_find_key(const AlexData *d, double x, int64_t k)
{
    return alex_data_slot_of(d, d->slots, alex_data_find_le(d, x, k, NULL), k);
}

/* Writer: inserts k (node must have a free slot and not hold k). Returns shifts. */
uint32_t alex_data_insert_at(AlexData *d, double x, int64_t k, uint64_t payload, int32_t le);
/* Writer: removes the key in occupied slot s. */
void alex_data_erase_slot(AlexData *d, int32_t s);
/* Copies the node's keys and payloads in order; returns the count. */
int32_t alex_data_extract(const AlexData *d, int64_t *keys, uint64_t *payloads);
/* Next occupied slot >= s, or capacity. */
int32_t alex_data_next_occupied(const AlexData *d, int32_t s);

/* ---- alex_cost.c: the cost model ---- */

/* Least-squares model of rank against x over keys, scaled to `slots` slots. */
AlexModel alex_cost_fit(const AlexTree *tree, const int64_t *keys, int32_t n, int32_t slots);
/* Expected cost per insert/lookup of keys placed by `m` into `capacity` slots:
 * W_SEARCH * E[log2(|error|+1)] + W_SHIFT * E[shifts]. */
double alex_cost_expected(const AlexTree *tree, const int64_t *keys, int32_t n, int32_t capacity,
                          const AlexModel *m);
/* log2(|err| + 1), to a quarter step, without libm (hot in node builds). */
static inline double alex_cost_log2_err(int32_t err)
{
    uint32_t v = (uint32_t)(err < 0 ? -err : err) + 1;
    int hi = 31 - __builtin_clz(v);
    /* two fraction bits from the bits below the leading one */
    uint32_t frac = hi >= 2 ? (v >> (hi - 2)) & 3 : (v << (2 - hi)) & 3;
    return hi + frac * 0.25;
}
/* Empirical cost per insert from the node's counters. */
double alex_cost_empirical(const AlexData *d);

/* ---- alex_build.c: bulk building of subtrees ---- */

/* Builds a subtree over keys[0..n) (ascending). force_inner: make the top an inner
 * node if the keys can be partitioned at all. Links data nodes in order through
 * *prev_leaf (in: last leaf before, out: last leaf built). domain: the model of the
 * slot range the subtree will own in its parent (for empty/small nodes), may be NULL.
 * Below the root, the top node's model spans the keys without their outer 1.5% on
 * each side when outliers stretch the range (the outliers clamp into the edge
 * children). grow_x (NAN: none): a key about to arrive; if it lies outside that
 * range, the range is extended past it by three times its width (at least by
 * grow_min), leaving empty children for the keys that follow instead of clamping
 * them into the edge child.
 * NULL on no memory (everything built so far is freed). */
AlexNode *alex_build_subtree(AlexTree *tree, const int64_t *keys, const uint64_t *payloads,
                             size_t n, bool force_inner, const AlexModel *domain,
                             AlexData **prev_leaf, int depth, double grow_x, double grow_min);
AlexInner *alex_inner_alloc(AlexTree *tree, uint32_t fanout);
/* Writer: points slot s of in at child (release store) and refreshes its hint.
 * `published` says readers may see `in` (then the hint update is seq-guarded). */
void alex_inner_set_child(AlexInner *in, uint32_t s, AlexNode *child);
void alex_inner_free(AlexTree *tree, AlexInner *in);
/* Frees a whole subtree now (not concurrent-safe: destroy and failed builds). */
void alex_free_subtree(AlexTree *tree, AlexNode *node);
/* Model of a data node that owns the x-range [x_lo, x_hi) mapped onto `slots`. */
AlexModel alex_model_for_range(double x_lo, double x_hi, int32_t slots);

/* ---- alex_smo.c: structure modifications by the writer ---- */

typedef struct AlexPath {
    AlexInner *inner[ALEX_MAX_DEPTH];
    uint32_t slot[ALEX_MAX_DEPTH];
    int depth;
} AlexPath;

/* Writer descent recording the path. */
AlexData *alex_descend_path(AlexTree *tree, double x, AlexPath *path);
/* Resizes or splits full node d (reached through path) by the cost model. edge: +1
 * the pending insert lands past d's last key with no room (append), -1 before its
 * first key (prepend), 0 neither. x_new: model input of the pending key (room is
 * left for it and its successors if a level is added). INDEX_OK or INDEX_NO_MEMORY. */
IndexStatus alex_smo_resize(AlexTree *tree, AlexPath *path, AlexData *d, int edge, double x_new);
/* Shrinks a sparse node. */
IndexStatus alex_smo_contract(AlexTree *tree, AlexPath *path, AlexData *d);
/* Grows the root's domain if x falls just outside it and nothing was clamped there. */
IndexStatus alex_smo_maybe_expand_root(AlexTree *tree, double x);

#endif
