/*
 * index_am.c — index_create and the thin dispatch wrappers of index_am.h.
 */
#include "index/index_am.h"

#include <stdlib.h>
#include <string.h>

#include "index/alex/alex.h"
#include "index/btree/btree.h"
#include "index/index_int.h"

IndexStatus index_create(IndexKind kind, Index **out)
{
    Index *index = malloc(sizeof *index);
    if (index == NULL) return INDEX_NO_MEMORY;
    index->kind = kind;
    switch (kind) {
    case INDEX_ALEX_INT64:
        index->am = &alex_int64_am;
        index->impl = alex_create(false);
        break;
    case INDEX_ALEX_DOUBLE:
        index->am = &alex_double_am;
        index->impl = alex_create(true);
        break;
    case INDEX_BTREE:
        index->am = &btree_am;
        index->impl = btree_create();
        break;
    default:
        free(index);
        return INDEX_BAD_STATE;
    }
    if (index->impl == NULL) {
        free(index);
        return INDEX_NO_MEMORY;
    }
    *out = index;
    return INDEX_OK;
}

void index_destroy(Index *index)
{
    if (index == NULL) return;
    index->am->destroy(index->impl);
    free(index);
}

const char *index_kind_name(IndexKind kind)
{
    switch (kind) {
    case INDEX_ALEX_INT64:
        return "alex_int64";
    case INDEX_ALEX_DOUBLE:
        return "alex_double";
    case INDEX_BTREE:
        return "btree";
    }
    return "unknown";
}

const char *index_status_name(IndexStatus status)
{
    switch (status) {
    case INDEX_OK:
        return "ok";
    case INDEX_DUPLICATE:
        return "duplicate key";
    case INDEX_NOT_FOUND:
        return "not found";
    case INDEX_BAD_KEY:
        return "bad key";
    case INDEX_NO_MEMORY:
        return "out of memory";
    case INDEX_BAD_STATE:
        return "bad state";
    }
    return "unknown";
}

IndexStatus index_bulk_load(Index *index, const IndexKey *keys, const uint64_t *payloads, size_t n)
{
    return index->am->bulk_load(index->impl, keys, payloads, n);
}

void index_lookup_many(Index *index, const IndexKey *keys, size_t n, uint64_t *payloads,
                       IndexStatus *status)
{
    if (index->am->lookup_many != NULL) {
        index->am->lookup_many(index->impl, keys, n, payloads, status);
        return;
    }
    for (size_t i = 0; i < n; i++)
        status[i] = index->am->lookup(index->impl, &keys[i], &payloads[i]);
}

IndexStatus index_insert(Index *index, const IndexKey *key, uint64_t payload)
{
    return index->am->insert(index->impl, key, payload);
}

IndexStatus index_delete(Index *index, const IndexKey *key)
{
    return index->am->remove(index->impl, key);
}

IndexStatus index_update(Index *index, const IndexKey *key, uint64_t payload)
{
    return index->am->update(index->impl, key, payload);
}

IndexStatus index_lower_bound(Index *index, const IndexKey *key, IndexIter **iter)
{
    return index->am->lower_bound(index->impl, key, iter);
}

IndexStatus index_iter_next(IndexIter *iter, IndexKey *key, uint64_t *payload)
{
    return iter->am->iter_next(iter, key, payload);
}

void index_iter_destroy(IndexIter *iter)
{
    if (iter != NULL) iter->am->iter_destroy(iter);
}

/* Orders two keys of the index's kind (b's bytes/len or i/d as the kind reads). */
static int key_cmp(IndexKind kind, const IndexKey *a, const IndexKey *b)
{
    switch (kind) {
    case INDEX_ALEX_INT64:
        return a->i < b->i ? -1 : a->i > b->i;
    case INDEX_ALEX_DOUBLE:
        return a->d < b->d ? -1 : a->d > b->d;
    case INDEX_BTREE:
        break;
    }
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->bytes, b->bytes, n) : 0;
    if (c != 0) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

size_t index_estimate_range(Index *index, const IndexKey *lo, const IndexKey *hi, size_t cap)
{
    if (index->am->estimate_range != NULL)
        return index->am->estimate_range(index->impl, lo, hi, cap);
    IndexIter *it;
    if (index->am->lower_bound(index->impl, lo, &it) != INDEX_OK) return index_count(index);
    size_t n = 0;
    IndexKey k;
    uint64_t payload;
    while (n <= cap && index_iter_next(it, &k, &payload) == INDEX_OK) {
        if (hi != NULL && key_cmp(index->kind, &k, hi) >= 0) break;
        n++;
    }
    index_iter_destroy(it);
    return n;
}

size_t index_count(const Index *index)
{
    return index->am->count(index->impl);
}

size_t index_memory_bytes(const Index *index)
{
    return index->am->memory_bytes(index->impl) + sizeof *index;
}

int index_check(Index *index, char *msg, size_t msg_len)
{
    return index->am->check(index->impl, msg, msg_len);
}
