/*
 * unique_index.h — the unique index behind a PRIMARY KEY or UNIQUE constraint:
 * encoded key -> row id, backed by src/index.
 *
 * One small interface (insert / lookup / delete / truncate by row id / ordered
 * iteration / range estimate / bulk load) whatever structure stands behind it;
 * unique_index_create picks the structure from the key column types:
 *   - ONE int2/int4/int8/date/timestamp/timestamptz column: ALEX over int64
 *     (the learned index; its 8-byte key is decoded to the int64);
 *   - every other key (text, numeric, float, uuid, interval, bool, composite):
 *     the B+tree over the encoded bytes.
 * Callers always pass and receive the byte encoding below, so they never need
 * to know which structure they hold.
 *
 * Keys: unique_key_add encodes one column value at a time (format in
 * unique_key.c). Values equal under SQL "=" encode to identical bytes (1.5 and
 * 1.50 for numeric, 0 and -0 for floats, '1 day' and '24 hours' for interval,
 * 'a' and 'a  ' for char(n)), and memcmp order is SQL order for every type
 * (strings in C collation), so ranges over the index are SQL ranges; a leading
 * column's encoding is a prefix of the composite key. A key with a NULL column
 * never conflicts (PostgreSQL semantics): callers skip it (unique_key_add
 * returns 1).
 *
 * Threading: readers (lookup, iterators, estimate, count, memory_bytes) need no
 * lock and may run beside ONE writer (insert, delete, truncate, load); callers
 * serialise writers (the table's write mutex and index lock). A reader sees each
 * write entirely or not at all (src/index/index_am.h). Destroy needs exclusive
 * access (DROP holds the catalog exclusively).
 *
 * Memory: the structures malloc through src/index; their bytes are added to the
 * storage byte counter (storage_bytes()) after every write and removed on
 * destroy, so storage_bytes() stays exact.
 */
#ifndef OMENDB_STORAGE_UNIQUE_INDEX_H
#define OMENDB_STORAGE_UNIQUE_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/types.h"
#include "storage/storage.h"

/* A growable encoded key (malloc'd; unique_key_fini frees it). */
typedef struct UniqueKey {
    uint8_t *data;
    size_t len, cap;
} UniqueKey;

void unique_key_init(UniqueKey *key);
void unique_key_fini(UniqueKey *key);
void unique_key_reset(UniqueKey *key);
/* Appends the encoding of one value (payload laid out as a vector slot).
 * Returns 0, 1 if is_null (nothing appended: the key must be skipped), or -1
 * when out of memory. */
int unique_key_add(UniqueKey *key, OmType type, const void *payload, bool is_null);
/* Writes into *out the smallest byte string greater than every key that starts
 * with key[0..len) (a prefix bound: "a <= c" on a leading column is "key <
 * successor(enc(c))"). Returns 1; 0 if there is none (the prefix is all 0xFF:
 * no upper bound); -1 when out of memory. */
int unique_key_successor(const uint8_t *key, size_t len, UniqueKey *out);

typedef enum UniqueIndexKind { UNIQUE_INDEX_ALEX, UNIQUE_INDEX_BTREE } UniqueIndexKind;

/* True if a key over these column types is held by ALEX (see above). */
bool unique_index_alex_types(int ncols, const OmType *types);
/* Creates an empty index for keys over columns of these types; NULL when out of
 * memory. */
UniqueIndex *unique_index_create(int ncols, const OmType *types);
void unique_index_destroy(UniqueIndex *index);
UniqueIndexKind unique_index_kind(const UniqueIndex *index);
/* "ALEX, learned" or "B+tree" (for EXPLAIN). */
const char *unique_index_kind_name(const UniqueIndex *index);

/* Longest encoded key (the B+tree's limit). */
#define UNIQUE_INDEX_MAX_KEY 4096

/* Inserts key -> row_id. Returns 0; 1 if the key is present (index unchanged;
 * *existing receives its row id when not NULL); -1 when out of memory, -2 when
 * the key is longer than UNIQUE_INDEX_MAX_KEY (index unchanged). Writer. */
int unique_index_insert(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t row_id,
                        uint64_t *existing);
/* True (and *row_id set) if the key is present. Reader. */
bool unique_index_lookup(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t *row_id);
/* Removes the key; false if absent. Writer. */
bool unique_index_delete(UniqueIndex *index, const uint8_t *key, size_t len);
/* Removes every entry whose row id is >= min_row_id (undo of a failed
 * statement's inserts: its rows are exactly the ids from its first row on).
 * Costs the statement's own inserts when they were few (a small log of recent
 * inserts), else one pass over the index. Writer. */
void unique_index_truncate(UniqueIndex *index, uint64_t min_row_id);
/* Staging: inserts into an EMPTY index that arrive in strictly ascending key
 * order (a first bulk INSERT of ordered keys) cannot conflict; they are kept in
 * a private run and bulk-loaded into the structure by unique_index_flush, or as
 * soon as a key arrives out of order. Lookups, iterators and estimates do NOT
 * see staged keys, so the run must be flushed before its rows become visible
 * to anyone, the inserting transaction included: storage_table_commit flushes
 * every index of the table before it publishes the rows, and
 * storage_table_rollback discards the run. Writer. */
void unique_index_flush(UniqueIndex *index);
void unique_index_discard_staged(UniqueIndex *index);
/* Keys held, staged ones included. */
size_t unique_index_count(const UniqueIndex *index);
size_t unique_index_memory_bytes(const UniqueIndex *index);

/* Bulk build of an EMPTY index from n (key, row id) pairs in any order:
 * key i is keys->data[off[i] .. off[i + 1]). Sorts, checks for duplicates and
 * loads the structure in one pass (much faster than n inserts). Returns 0; 1 if
 * two keys are equal (*dup_row receives one of their row ids; index left
 * empty); -1 when out of memory. Writer. */
int unique_index_load(UniqueIndex *index, const UniqueKey *keys, const size_t *off,
                      const uint64_t *row_ids, size_t n, uint64_t *dup_row);

/* Estimated number of keys k with lo <= k < hi (byte order; lo/hi NULL:
 * unbounded). ALEX answers from its models, the B+tree counts; the work is
 * bounded by cap (a result > cap means "more than cap"). Reader. */
size_t unique_index_estimate(UniqueIndex *index, const uint8_t *lo, size_t lo_len,
                             const uint8_t *hi, size_t hi_len, size_t cap);

/* Ordered iteration from the first key >= lo (lo NULL: the smallest key).
 * Holds no lock between calls; a writer is never blocked (index_am.h: every key
 * present for the whole scan is returned once, in ascending order). */
typedef struct UniqueIndexIter UniqueIndexIter;
/* Returns 0 with *iter (the caller frees it with unique_index_iter_close), or
 * -1 when out of memory. Reader. */
int unique_index_iter_open(UniqueIndex *index, const uint8_t *lo, size_t lo_len,
                           UniqueIndexIter **iter);
/* Returns 1 with the next entry (*key points into the iterator, valid until the
 * next call), 0 at the end, -1 when out of memory. */
int unique_index_iter_next(UniqueIndexIter *iter, const uint8_t **key, size_t *len,
                           uint64_t *row_id);
void unique_index_iter_close(UniqueIndexIter *iter);

/* ---- taken-over entries (unique_chain.c) ----
 * Per (key, taker row): the row the entry pointed at before `taker` took it over,
 * for snapshots that still see that row. Writers hold the table's index lock
 * exclusively; every call takes the chain's own mutex. */
typedef struct KeyChain KeyChain;
/* Prune callback: true while some snapshot may still need `prev` under the key. */
typedef bool (*KeyChainNeeded)(void *arg, const uint8_t *key, size_t len, uint64_t taker,
                               uint64_t prev);
KeyChain *keychain_create(void);
void keychain_destroy(KeyChain *chain);
/* Records (or replaces) the link; -1 out of memory. */
int keychain_note(KeyChain *chain, const uint8_t *key, size_t len, uint64_t taker, uint64_t prev);
bool keychain_prev(KeyChain *chain, const uint8_t *key, size_t len, uint64_t taker, uint64_t *prev);
void keychain_forget(KeyChain *chain, const uint8_t *key, size_t len, uint64_t taker);
/* True once enough links accumulated since the last prune to sweep again. */
bool keychain_prune_due(KeyChain *chain);
/* Removes the links `needed` says no snapshot needs; returns how many. */
size_t keychain_prune(KeyChain *chain, KeyChainNeeded needed, void *arg);
size_t keychain_count(KeyChain *chain);
/* The index's chain: NULL until a take-over was first noted (acquire load). */
KeyChain *unique_index_chain(const UniqueIndex *index);
/* Creates the chain if needed (writer, index lock exclusive); NULL out of memory. */
KeyChain *unique_index_chain_ensure(UniqueIndex *index);

#endif
