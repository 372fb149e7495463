/*
 * alex.h — ALEX learned index over 64-bit keys with 64-bit payloads (internal API).
 *
 * After Ding et al., "ALEX: An Updatable Adaptive Learned Index" (SIGMOD 2020): inner
 * nodes route with a linear model into a power-of-two array of child pointers (a
 * child may own an aligned run of slots); data nodes are gapped arrays placed by
 * their own linear model and searched exponentially from the predicted slot. A cost
 * model (expected search iterations and shifts against counters kept by the writer)
 * decides whether a full data node expands, splits sideways or splits downwards.
 *
 * Keys are int64. For a double index the tree stores the order-preserving int64
 * image of each double (alex_double_to_key); models then see the double value.
 *
 * Threading: as index_am.h (many readers, one writer). Status codes are IndexStatus.
 */
#ifndef OMENDB_INDEX_ALEX_ALEX_H
#define OMENDB_INDEX_ALEX_ALEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index/index_am.h"

typedef struct AlexTree AlexTree;
typedef struct AlexIter AlexIter;

/* Structure-modification counters, for tests, benchmarks and docs. */
typedef struct AlexStats {
    size_t n_data_nodes, n_inner_nodes, max_depth;
    uint64_t n_expand, n_split_sideways, n_split_down, n_parent_double, n_root_expand, n_contract;
    /* Inserts placed, elements they shifted, keys copied by resizes and splits. */
    uint64_t n_inserts, n_shifts, n_smo_keys;
} AlexStats;

/* is_double: keys are images of doubles (models see the double). NULL on no memory. */
AlexTree *alex_create(bool is_double);
void alex_destroy(AlexTree *tree);

/* Order-preserving map between double and int64 (-0 becomes +0; NaN not allowed). */
int64_t alex_double_to_key(double d);
double alex_key_to_double(int64_t k);

/* keys strictly ascending. INDEX_OK / BAD_STATE (not empty) / BAD_KEY / DUPLICATE /
 * NO_MEMORY. Writer. */
IndexStatus alex_bulk_load(AlexTree *tree, const int64_t *keys, const uint64_t *payloads, size_t n);
/* INDEX_OK and *payload, or INDEX_NOT_FOUND (*payload may then have been written
 * and means nothing). Reader. */
IndexStatus alex_lookup(AlexTree *tree, int64_t key, uint64_t *payload);
/* n lookups at once (status[i], payloads[i] on INDEX_OK): their cache misses overlap.
 * Reader. */
void alex_lookup_many(AlexTree *tree, const int64_t *keys, size_t n, uint64_t *payloads,
                      IndexStatus *status);
IndexStatus alex_insert(AlexTree *tree, int64_t key, uint64_t payload); /* writer */
IndexStatus alex_erase(AlexTree *tree, int64_t key);                    /* writer */
IndexStatus alex_update(AlexTree *tree, int64_t key, uint64_t payload); /* writer */
size_t alex_count(const AlexTree *tree);
/* Estimated number of keys in [lo, hi) from the node models and key counts
 * (from_start / to_end: that bound is open). Stops walking once the estimate passes
 * cap, so the result is either an estimate <= cap or some value > cap. Reader. */
size_t alex_estimate_range(AlexTree *tree, int64_t lo, bool from_start, int64_t hi, bool to_end,
                           size_t cap);
size_t alex_memory_bytes(const AlexTree *tree);

/* Iterator over keys >= key (or all when from_start). The iterator copies entries out
 * in batches, so it holds no lock between calls. Reader. NULL on no memory. */
AlexIter *alex_iter_create(AlexTree *tree, int64_t key, bool from_start);
/* The same in caller storage of alex_iter_size() bytes (16-byte aligned); such an
 * iterator is not passed to alex_iter_destroy. */
size_t alex_iter_size(void);
AlexIter *alex_iter_init(void *mem, AlexTree *tree, int64_t key, bool from_start);
/* INDEX_OK with *key / *payload, or INDEX_NOT_FOUND at the end. */
IndexStatus alex_iter_next(AlexIter *iter, int64_t *key, uint64_t *payload);
void alex_iter_destroy(AlexIter *iter);

/* Structural check (exclusive access): 0 = sound, -1 with msg. */
int alex_check(AlexTree *tree, char *msg, size_t msg_len);
void alex_stats(AlexTree *tree, AlexStats *stats);

#endif
