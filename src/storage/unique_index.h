/*
 * unique_index.h — the unique index behind a PRIMARY KEY or UNIQUE constraint:
 * encoded byte key -> row id, plus the key encoding.
 *
 * The interface is deliberately small (insert / lookup / delete / truncate by
 * row id) so that the backing structure can change without touching its users
 * (op_insert, op_index_scan). Today it is an open-addressing hash map with
 * linear probing; the plan is to back it with src/index (ALEX for single
 * integer keys, the B+tree for the rest) once index_am is complete.
 *
 * Keys: unique_key_add encodes one column value at a time. Values equal under
 * SQL "=" encode to identical bytes (1.5 and 1.50 for numeric, 0 and -0 for
 * floats, '1 day' and '24 hours' for interval, 'a' and 'a  ' for char(n)).
 * Integer, float, date/time, interval, uuid, bool and string encodings are
 * also memcmp-ordered (B+tree ready); numeric is equality-only for now.
 * A key with a NULL column never conflicts (PostgreSQL semantics): callers
 * skip it (unique_key_add returns 1).
 *
 * Threading: no internal locking. Writers hold the table's write mutex;
 * readers (lookups from index scans) must hold it too for now, because a
 * growing hash map is not safe for concurrent readers.
 *
 * Memory: malloc'd through the storage byte counter (storage_bytes()).
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

/* Creates an empty index; NULL when out of memory. */
UniqueIndex *unique_index_create(void);
void unique_index_destroy(UniqueIndex *index);
/* Inserts key -> row_id. Returns 0; 1 if the key is present (index unchanged;
 * *existing receives its row id when not NULL); -1 when out of memory (index
 * unchanged). */
int unique_index_insert(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t row_id,
                        uint64_t *existing);
/* Batched inserts: a caller that knows the next keys computes their hashes
 * first and prefetches their slots a few keys ahead, so the cache misses of
 * many inserts overlap (an INSERT of millions of rows is bound by them). */
uint64_t unique_index_hash(const uint8_t *key, size_t len);
void unique_index_prefetch(const UniqueIndex *index, uint64_t hash);
/* As unique_index_insert, with hash = unique_index_hash(key, len). */
int unique_index_insert_hashed(UniqueIndex *index, const uint8_t *key, size_t len, uint64_t hash,
                               uint64_t row_id, uint64_t *existing);
/* True (and *row_id set) if the key is present. */
bool unique_index_lookup(const UniqueIndex *index, const uint8_t *key, size_t len,
                         uint64_t *row_id);
/* Removes the key; false if absent. */
bool unique_index_delete(UniqueIndex *index, const uint8_t *key, size_t len);
/* Removes every entry whose row id is >= min_row_id (undo of a failed
 * statement's inserts: its rows are exactly the ids from its first row on). */
void unique_index_truncate(UniqueIndex *index, uint64_t min_row_id);
size_t unique_index_count(const UniqueIndex *index);
size_t unique_index_memory_bytes(const UniqueIndex *index);

#endif
