/*
 * btree_am.c — the IndexAm table for the B+tree (IndexKey.bytes/len).
 */
#include <stdlib.h>

#include "index/btree/btree.h"
#include "index/index_int.h"

typedef struct BtAmIter {
    IndexIter base;
    BTreeIter *it;
} BtAmIter;

static IndexStatus bulk(void *impl, const IndexKey *keys, const uint64_t *pay, size_t n)
{
    return btree_bulk_load(impl, keys, pay, n);
}

static IndexStatus lookup(void *impl, const IndexKey *key, uint64_t *payload)
{
    return btree_lookup(impl, key->bytes, key->len, payload);
}

static IndexStatus insert(void *impl, const IndexKey *key, uint64_t payload)
{
    return btree_insert(impl, key->bytes, key->len, payload);
}

static IndexStatus remove_key(void *impl, const IndexKey *key)
{
    return btree_erase(impl, key->bytes, key->len);
}

static IndexStatus update(void *impl, const IndexKey *key, uint64_t payload)
{
    return btree_update(impl, key->bytes, key->len, payload);
}

static IndexStatus lower_bound(void *impl, const IndexKey *key, IndexIter **out)
{
    if (key != NULL && ((key->bytes == NULL && key->len > 0) || key->len > INDEX_MAX_KEY_LEN))
        return INDEX_BAD_KEY;
    BtAmIter *ai = malloc(sizeof *ai);
    if (ai == NULL) return INDEX_NO_MEMORY;
    ai->it = key ? btree_iter_create(impl, key->bytes, key->len, false)
                 : btree_iter_create(impl, NULL, 0, true);
    if (ai->it == NULL) {
        free(ai);
        return INDEX_NO_MEMORY;
    }
    ai->base.am = &btree_am;
    *out = &ai->base;
    return INDEX_OK;
}

static IndexStatus iter_next(IndexIter *iter, IndexKey *key, uint64_t *payload)
{
    BtAmIter *ai = (BtAmIter *)iter;
    const uint8_t *b;
    size_t len;
    IndexStatus st = btree_iter_next(ai->it, &b, &len, payload);
    if (st != INDEX_OK) return st;
    key->i = 0;
    key->d = 0;
    key->bytes = b;
    key->len = len;
    return INDEX_OK;
}

static void iter_destroy(IndexIter *iter)
{
    BtAmIter *ai = (BtAmIter *)iter;
    btree_iter_destroy(ai->it);
    free(ai);
}

static size_t count(const void *impl)
{
    return btree_count(impl);
}

static size_t memory_bytes(const void *impl)
{
    return btree_memory_bytes(impl);
}

static int check(void *impl, char *msg, size_t msg_len)
{
    return btree_check(impl, msg, msg_len);
}

static void destroy(void *impl)
{
    btree_destroy(impl);
}

const IndexAm btree_am = {
    .name = "btree",
    .bulk_load = bulk,
    .lookup = lookup,
    .insert = insert,
    .remove = remove_key,
    .update = update,
    .lower_bound = lower_bound,
    .iter_next = iter_next,
    .iter_destroy = iter_destroy,
    .count = count,
    .memory_bytes = memory_bytes,
    .check = check,
    .destroy = destroy,
};
