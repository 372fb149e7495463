/*
 * index_am.h — the one interface through which storage and the planner use an index.
 *
 * In the spirit of PostgreSQL's IndexAmRoutine: an Index is a handle holding a pointer
 * to a table of operations (IndexAm) and the implementation's private state. The
 * caller never needs to know which structure it holds:
 *
 *   INDEX_ALEX_INT64   ALEX learned index over int64 keys       (IndexKey.i)
 *   INDEX_ALEX_DOUBLE  ALEX learned index over double keys      (IndexKey.d; NaN refused)
 *   INDEX_BTREE        B+tree over memcmp-ordered byte strings  (IndexKey.bytes/len,
 *                      produced by key_encode.h from typed values)
 *
 * Every index is unique: a key maps to exactly one 64-bit payload (a row id).
 *
 * Threading contract
 *   Any number of threads may run readers (index_lookup, index_lookup_many, index_lower_bound,
 *   index_iter_next, index_count, index_memory_bytes) at the same time as ONE writer
 *   (index_bulk_load, index_insert, index_delete, index_update). The caller serialises
 *   writers (for example with the table's write lock). A reader never sees a torn node:
 *   it returns either the state before or after each concurrent write. Iterators are
 *   not snapshots: a scan sees every key that was present for the whole scan, never a
 *   key twice, always in ascending order; keys written during the scan may or may not
 *   appear. index_check and index_destroy need exclusive access.
 *   Reader threads are registered with liburcu (urcu-memb, -lurcu) on first use and
 *   unregistered when they exit; nothing to do for the caller.
 *
 * Memory: everything is malloc'd and owned by the index; index_memory_bytes reports
 * the live total (nodes, key copies, memory waiting for reclamation).
 *
 * Return codes: every operation returns an IndexStatus; nothing aborts on bad input.
 */
#ifndef OMENDB_INDEX_INDEX_AM_H
#define OMENDB_INDEX_INDEX_AM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    INDEX_OK = 0,
    INDEX_NOT_FOUND = 1, /* lookup/delete/update of an absent key; iterator exhausted (1:
                          * ALEX's lookup computes its status as key != found key) */
    INDEX_DUPLICATE,     /* insert of a key that is present (unique index); bulk input dup */
    INDEX_BAD_KEY,       /* NaN double, NULL bytes with len > 0, key too long, unsorted input */
    INDEX_NO_MEMORY,     /* allocation failed; the index is unchanged */
    INDEX_BAD_STATE,     /* bulk_load into a non-empty index; unknown kind */
} IndexStatus;

typedef enum {
    INDEX_ALEX_INT64 = 0,
    INDEX_ALEX_DOUBLE,
    INDEX_BTREE,
} IndexKind;

/* Longest byte key a B+tree accepts (encoded form). */
#define INDEX_MAX_KEY_LEN 4096

/* A key as the engine passes it; only the member for the index's kind is read.
 * `bytes` is borrowed for the duration of the call (the index copies what it keeps). */
typedef struct IndexKey {
    int64_t i;            /* INDEX_ALEX_INT64 */
    double d;             /* INDEX_ALEX_DOUBLE */
    const uint8_t *bytes; /* INDEX_BTREE: encoded key (see key_encode.h) */
    size_t len;
} IndexKey;

/* Key constructors: IndexKey k = index_key_i64(42); index_lookup(ix, &k, &rowid); */
static inline IndexKey index_key_i64(int64_t v)
{
    IndexKey k = {.i = v};
    return k;
}

static inline IndexKey index_key_f64(double v)
{
    IndexKey k = {.d = v};
    return k;
}

/* bytes are borrowed: they must outlive the call the key is passed to */
static inline IndexKey index_key_bytes(const void *bytes, size_t len)
{
    IndexKey k = {.bytes = (const uint8_t *)bytes, .len = len};
    return k;
}

typedef struct Index Index;
typedef struct IndexIter IndexIter;

/* The operation table. Implementations: alex_am.c, btree_am.c. */
typedef struct IndexAm {
    const char *name;
    IndexStatus (*bulk_load)(void *impl, const IndexKey *keys, const uint64_t *payloads, size_t n);
    IndexStatus (*lookup)(void *impl, const IndexKey *key, uint64_t *payload);
    /* optional (NULL: index_lookup_many loops over lookup) */
    void (*lookup_many)(void *impl, const IndexKey *keys, size_t n, uint64_t *payloads,
                        IndexStatus *status);
    IndexStatus (*insert)(void *impl, const IndexKey *key, uint64_t payload);
    IndexStatus (*remove)(void *impl, const IndexKey *key);
    IndexStatus (*update)(void *impl, const IndexKey *key, uint64_t payload);
    IndexStatus (*lower_bound)(void *impl, const IndexKey *key, IndexIter **iter);
    /* optional (NULL: index_estimate_range counts through an iterator) */
    size_t (*estimate_range)(void *impl, const IndexKey *lo, const IndexKey *hi, size_t cap);
    IndexStatus (*iter_next)(IndexIter *iter, IndexKey *key, uint64_t *payload);
    void (*iter_destroy)(IndexIter *iter);
    size_t (*count)(const void *impl);
    size_t (*memory_bytes)(const void *impl);
    int (*check)(void *impl, char *msg, size_t msg_len);
    void (*destroy)(void *impl);
} IndexAm;

struct Index {
    const IndexAm *am; /* the operation table; read-only */
    IndexKind kind;
    void *impl; /* the structure (AlexTree or BTree) */
};

/* Creates an empty index of the given kind. [out] *index is owned by the caller and
 * freed with index_destroy. Returns INDEX_OK, INDEX_NO_MEMORY or INDEX_BAD_STATE
 * (unknown kind). */
IndexStatus index_create(IndexKind kind, Index **index);

/* Frees the index and everything it owns. No reader or iterator may be active. */
void index_destroy(Index *index);

/* Name of the kind ("alex_int64", "alex_double", "btree") and of a status. */
const char *index_kind_name(IndexKind kind);
const char *index_status_name(IndexStatus status);

/* Loads n keys in strictly ascending order with their payloads into an EMPTY index,
 * building the structure in one pass (much faster than n inserts). Inputs are
 * borrowed. Returns INDEX_OK; INDEX_BAD_STATE if the index is not empty;
 * INDEX_BAD_KEY if the input is not ascending or holds a bad key; INDEX_DUPLICATE on
 * equal neighbours; INDEX_NO_MEMORY. On error the index is left empty. Writer. */
IndexStatus index_bulk_load(Index *index, const IndexKey *keys, const uint64_t *payloads, size_t n);

/* Finds key; on INDEX_OK writes its payload to *payload (otherwise *payload may
 * have been written and means nothing). INDEX_NOT_FOUND, or INDEX_BAD_KEY for an
 * invalid key. Reader. Inline: a primary-key lookup pays one indirect call. */
static inline IndexStatus index_lookup(Index *index, const IndexKey *key, uint64_t *payload)
{
    return index->am->lookup(index->impl, key, payload);
}

/* Looks up n keys at once (an index join, an IN list): status[i] is what
 * index_lookup would return for keys[i], payloads[i] is set where it is INDEX_OK.
 * ALEX overlaps the memory accesses of groups of keys (about twice as fast per key
 * as n calls of index_lookup on a large index); the B+tree simply loops. Arrays are
 * the caller's. Reader. */
void index_lookup_many(Index *index, const IndexKey *keys, size_t n, uint64_t *payloads,
                       IndexStatus *status);

/* Adds key → payload. INDEX_DUPLICATE if key is present (index unchanged),
 * INDEX_BAD_KEY, INDEX_NO_MEMORY (index unchanged). Writer. */
IndexStatus index_insert(Index *index, const IndexKey *key, uint64_t payload);

/* Removes key. INDEX_NOT_FOUND if absent (index unchanged), INDEX_BAD_KEY. Writer. */
IndexStatus index_delete(Index *index, const IndexKey *key);

/* Replaces the payload of a present key. INDEX_NOT_FOUND, INDEX_BAD_KEY. Writer. */
IndexStatus index_update(Index *index, const IndexKey *key, uint64_t payload);

/* Opens an iterator positioned at the first key >= key (key == NULL: the smallest
 * key). [out] *iter is owned by the caller and must be freed with index_iter_destroy
 * before the index is destroyed. INDEX_OK, INDEX_BAD_KEY, INDEX_NO_MEMORY. Reader.
 * An iterator holds no lock between calls: a writer is never blocked by it. */
IndexStatus index_lower_bound(Index *index, const IndexKey *key, IndexIter **iter);

/* Returns the next entry in ascending key order: INDEX_OK with *key and *payload set,
 * or INDEX_NOT_FOUND at the end. For a B+tree, key->bytes points into the iterator and
 * stays valid until the next call on this iterator or its destruction. INDEX_NO_MEMORY
 * is possible (the iterator stays usable). Reader; one thread per iterator at a time. */
IndexStatus index_iter_next(IndexIter *iter, IndexKey *key, uint64_t *payload);

void index_iter_destroy(IndexIter *iter);

/* Estimated number of keys in [lo, hi) (lo == NULL: from the smallest key; hi ==
 * NULL: to the largest), for the planner. ALEX answers from its node models and key
 * counts without reading keys (alex_estimate.c); the B+tree counts through an
 * iterator. Work is bounded by `cap`: the result is an estimate <= cap, or some value
 * > cap meaning "more than cap". A bad key (NaN) or no memory gives index_count().
 * Reader. */
size_t index_estimate_range(Index *index, const IndexKey *lo, const IndexKey *hi, size_t cap);

/* Number of keys, and bytes of memory owned (approximate while a writer runs). */
size_t index_count(const Index *index);
size_t index_memory_bytes(const Index *index);

/* Verifies every structural invariant (ordering, occupancy, counts, routing, links).
 * Returns 0 if sound, else -1 with a description in msg. Needs exclusive access;
 * meant for tests and debugging. */
int index_check(Index *index, char *msg, size_t msg_len);

#endif
