/*
 * btree.h — B+tree over memcmp-ordered byte keys with 64-bit payloads (internal API).
 *
 * Keys are byte strings compared as memcmp with the shorter-is-smaller rule (the
 * order key_encode.h produces). Unique keys. Threading as index_am.h: many readers
 * with one writer, by optimistic lock coupling (per-node seqlock versions) and RCU
 * for freed key copies. Key pointers passed in are borrowed for the call.
 */
#ifndef OMENDB_INDEX_BTREE_BTREE_H
#define OMENDB_INDEX_BTREE_BTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index/index_am.h"

typedef struct BTree BTree;
typedef struct BTreeIter BTreeIter;

BTree *btree_create(void); /* NULL on no memory */
void btree_destroy(BTree *tree);

/* keys[i].bytes/len strictly ascending. INDEX_OK / BAD_STATE / BAD_KEY / DUPLICATE /
 * NO_MEMORY. Writer. */
IndexStatus btree_bulk_load(BTree *tree, const IndexKey *keys, const uint64_t *payloads, size_t n);
IndexStatus btree_lookup(BTree *tree, const uint8_t *key, size_t len, uint64_t *payload);
IndexStatus btree_insert(BTree *tree, const uint8_t *key, size_t len, uint64_t payload);
IndexStatus btree_erase(BTree *tree, const uint8_t *key, size_t len);
IndexStatus btree_update(BTree *tree, const uint8_t *key, size_t len, uint64_t payload);
size_t btree_count(const BTree *tree);
size_t btree_memory_bytes(const BTree *tree);

/* Iterator from the first key >= key (from_start: the smallest). NULL on no memory.
 * The key is copied. */
BTreeIter *btree_iter_create(BTree *tree, const uint8_t *key, size_t len, bool from_start);
/* INDEX_OK with *key (valid until the next call or destroy), *len, *payload;
 * INDEX_NOT_FOUND at the end; INDEX_NO_MEMORY (retry later). */
IndexStatus btree_iter_next(BTreeIter *iter, const uint8_t **key, size_t *len, uint64_t *payload);
void btree_iter_destroy(BTreeIter *iter);

int btree_check(BTree *tree, char *msg, size_t msg_len);
size_t btree_height(const BTree *tree);

#endif
