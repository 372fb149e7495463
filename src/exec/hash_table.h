/*
 * hash_table.h — the executor's hash table: maps a tuple of key values to a
 * dense group id (0, 1, 2, ... in order of first appearance). Hash aggregate,
 * DISTINCT, set operations and the hash-join build side all sit on it; per
 * group payload (aggregate states, join chains, counters) lives in arrays the
 * caller indexes by group id.
 *
 * Structure: open addressing with linear probing over 8-byte slots
 * (high 32 bits of the hash as a tag | group id + 1; 0 = empty), load factor at
 * most 1/2, growth by doubling. The key values of each group are stored once,
 * columnar, in a ChunkCollection (row = group id); hashes come from
 * vector_hash() and equality from fixed-width compares or value_eq().
 *
 * NULLs: with nulls_equal (GROUP BY, DISTINCT, set operations) NULL keys form
 * a group like any value; without it (join keys) a row with any NULL key is
 * never inserted and never found (gid HT_NO_GROUP).
 *
 * Lifetime: all memory comes from the arena passed to init.
 */
#ifndef OMENDB_EXEC_HASH_TABLE_H
#define OMENDB_EXEC_HASH_TABLE_H

#include "exec/chunk_collection.h"

#define HT_NO_GROUP UINT32_MAX

typedef struct HashTable {
    Arena *arena;
    Arena *scratch; /* per-call temporaries (flattened DICT keys) */
    int nkeys;
    bool nulls_equal;
    uint8_t *eq_kind;     /* per key: fixed-width byte compare or value_eq */
    ChunkCollection keys; /* group key values, row = group id */
    uint64_t *group_hash; /* hash of each group */
    uint32_t cap_groups;
    uint32_t ngroups;
    uint64_t *slots;
    uint64_t mask; /* nslots - 1 */
} HashTable;

/* Prepares an empty table over `nkeys` keys of `key_types` (nkeys may be 0:
 * then every row maps to group 0). */
void hash_table_init(HashTable *ht, Arena *arena, int nkeys, const OmType *key_types,
                     bool nulls_equal);
/* For the rows sel[0..count) (or 0..count) of the key vectors keys[0..nkeys)
 * (any vector kind), writes each row's group id into gids[i], inserting new
 * groups. If `inserted` is not NULL, inserted[i] = 1 when row i created its
 * group. Rows with a NULL key get HT_NO_GROUP unless nulls_equal. */
void hash_table_find_or_insert(HashTable *ht, const Vector *const *keys, const uint16_t *sel,
                               uint32_t count, uint32_t *gids, uint8_t *inserted);
/* As above without inserting: missing keys give HT_NO_GROUP. */
void hash_table_find(HashTable *ht, const Vector *const *keys, const uint16_t *sel, uint32_t count,
                     uint32_t *gids);
static inline uint32_t hash_table_ngroups(const HashTable *ht)
{
    return ht->ngroups;
}

#endif
