/*
 * alex_am.c — the IndexAm tables for ALEX over int64 (IndexKey.i) and double
 * (IndexKey.d) keys. Doubles are mapped to their order-preserving int64 image; NaN
 * is refused with INDEX_BAD_KEY and -0 is the same key as +0.
 */
#include <math.h>
#include <stdlib.h>

#include "index/alex/alex.h"
#include "index/index_int.h"

/* One allocation: this header, then the AlexIter (alex_iter_size bytes). */
typedef struct AlexAmIter {
    IndexIter base;
    AlexIter *it;
    bool is_double;
    _Alignas(16) unsigned char storage[];
} AlexAmIter;

static bool key_int(const IndexKey *key, int64_t *k)
{
    *k = key->i;
    return true;
}

static bool key_dbl(const IndexKey *key, int64_t *k)
{
    if (isnan(key->d)) return false;
    *k = alex_double_to_key(key->d);
    return true;
}

#define DEFINE_ALEX_AM(suffix, to_key, is_dbl)                                                     \
    static IndexStatus bulk_##suffix(void *impl, const IndexKey *keys, const uint64_t *pay,        \
                                     size_t n)                                                     \
    {                                                                                              \
        if (alex_count(impl) != 0) return INDEX_BAD_STATE;                                         \
        int64_t *ks = malloc((n ? n : 1) * sizeof *ks);                                            \
        if (ks == NULL) return INDEX_NO_MEMORY;                                                    \
        for (size_t i = 0; i < n; i++) {                                                           \
            if (!to_key(&keys[i], &ks[i])) {                                                       \
                free(ks);                                                                          \
                return INDEX_BAD_KEY;                                                              \
            }                                                                                      \
        }                                                                                          \
        IndexStatus st = alex_bulk_load(impl, ks, pay, n);                                         \
        free(ks);                                                                                  \
        return st;                                                                                 \
    }                                                                                              \
    static IndexStatus lookup_##suffix(void *impl, const IndexKey *key, uint64_t *payload)         \
    {                                                                                              \
        int64_t k;                                                                                 \
        if (!to_key(key, &k)) return INDEX_BAD_KEY;                                                \
        return alex_lookup(impl, k, payload);                                                      \
    }                                                                                              \
    static void lookup_many_##suffix(void *impl, const IndexKey *keys, size_t n,                   \
                                     uint64_t *payloads, IndexStatus *status)                      \
    {                                                                                              \
        int64_t ks[64];                                                                            \
        uint64_t ps[64];                                                                           \
        IndexStatus ss[64];                                                                        \
        size_t map[64];                                                                            \
        for (size_t base = 0; base < n;) {                                                         \
            size_t m = 0;                                                                          \
            for (; base < n && m < 64; base++) {                                                   \
                if (!to_key(&keys[base], &ks[m])) {                                                \
                    status[base] = INDEX_BAD_KEY;                                                  \
                    continue;                                                                      \
                }                                                                                  \
                map[m++] = base;                                                                   \
            }                                                                                      \
            alex_lookup_many(impl, ks, m, ps, ss);                                                 \
            for (size_t j = 0; j < m; j++) {                                                       \
                status[map[j]] = ss[j];                                                            \
                if (ss[j] == INDEX_OK) payloads[map[j]] = ps[j];                                   \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    static IndexStatus insert_##suffix(void *impl, const IndexKey *key, uint64_t payload)          \
    {                                                                                              \
        int64_t k;                                                                                 \
        if (!to_key(key, &k)) return INDEX_BAD_KEY;                                                \
        return alex_insert(impl, k, payload);                                                      \
    }                                                                                              \
    static IndexStatus remove_##suffix(void *impl, const IndexKey *key)                            \
    {                                                                                              \
        int64_t k;                                                                                 \
        if (!to_key(key, &k)) return INDEX_BAD_KEY;                                                \
        return alex_erase(impl, k);                                                                \
    }                                                                                              \
    static IndexStatus update_##suffix(void *impl, const IndexKey *key, uint64_t payload)          \
    {                                                                                              \
        int64_t k;                                                                                 \
        if (!to_key(key, &k)) return INDEX_BAD_KEY;                                                \
        return alex_update(impl, k, payload);                                                      \
    }                                                                                              \
    static IndexStatus lower_bound_##suffix(void *impl, const IndexKey *key, IndexIter **out)      \
    {                                                                                              \
        int64_t k = 0;                                                                             \
        if (key != NULL && !to_key(key, &k)) return INDEX_BAD_KEY;                                 \
        AlexAmIter *ai = malloc(sizeof *ai + alex_iter_size());                                    \
        if (ai == NULL) return INDEX_NO_MEMORY;                                                    \
        ai->it = alex_iter_init(ai->storage, impl, k, key == NULL);                                \
        ai->base.am = &alex_##suffix##_am;                                                         \
        ai->is_double = is_dbl;                                                                    \
        *out = &ai->base;                                                                          \
        return INDEX_OK;                                                                           \
    }                                                                                              \
    static size_t estimate_##suffix(void *impl, const IndexKey *lo, const IndexKey *hi,            \
                                    size_t cap)                                                    \
    {                                                                                              \
        int64_t l = 0, h = 0;                                                                      \
        if ((lo != NULL && !to_key(lo, &l)) || (hi != NULL && !to_key(hi, &h)))                    \
            return alex_count(impl);                                                               \
        return alex_estimate_range(impl, l, lo == NULL, h, hi == NULL, cap);                       \
    }

static IndexStatus iter_next(IndexIter *iter, IndexKey *key, uint64_t *payload)
{
    AlexAmIter *ai = (AlexAmIter *)iter;
    int64_t k;
    IndexStatus st = alex_iter_next(ai->it, &k, payload);
    if (st != INDEX_OK) return st;
    key->i = k;
    key->d = ai->is_double ? alex_key_to_double(k) : (double)k;
    key->bytes = NULL;
    key->len = 0;
    return INDEX_OK;
}

static void iter_destroy(IndexIter *iter)
{
    free(iter); /* the AlexIter lives inside */
}

static size_t count(const void *impl)
{
    return alex_count(impl);
}

static size_t memory_bytes(const void *impl)
{
    return alex_memory_bytes(impl);
}

static int check(void *impl, char *msg, size_t msg_len)
{
    return alex_check(impl, msg, msg_len);
}

static void destroy(void *impl)
{
    alex_destroy(impl);
}

DEFINE_ALEX_AM(int64, key_int, false)
DEFINE_ALEX_AM(double, key_dbl, true)

const IndexAm alex_int64_am = {
    .name = "alex_int64",
    .bulk_load = bulk_int64,
    .lookup = lookup_int64,
    .lookup_many = lookup_many_int64,
    .insert = insert_int64,
    .remove = remove_int64,
    .update = update_int64,
    .lower_bound = lower_bound_int64,
    .estimate_range = estimate_int64,
    .iter_next = iter_next,
    .iter_destroy = iter_destroy,
    .count = count,
    .memory_bytes = memory_bytes,
    .check = check,
    .destroy = destroy,
};

const IndexAm alex_double_am = {
    .name = "alex_double",
    .bulk_load = bulk_double,
    .lookup = lookup_double,
    .lookup_many = lookup_many_double,
    .insert = insert_double,
    .remove = remove_double,
    .update = update_double,
    .lower_bound = lower_bound_double,
    .estimate_range = estimate_double,
    .iter_next = iter_next,
    .iter_destroy = iter_destroy,
    .count = count,
    .memory_bytes = memory_bytes,
    .check = check,
    .destroy = destroy,
};
