/*
 * index_test_util.h — shared helpers for the index unit tests (header-only; each
 * test binary includes it once).
 *
 * KeyUniverse: a sorted array of distinct keys (in the index's own order) from one
 * distribution. The reference model of the index is a presence bitmap plus payloads
 * over the universe: lookups, inserts, deletes and lower_bound are all checked
 * against it, so the reference is exact and cheap over millions of operations.
 */
#ifndef OMENDB_TESTS_INDEX_TEST_UTIL_H
#define OMENDB_TESTS_INDEX_TEST_UTIL_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/alex/alex.h"
#include "index/index_am.h"
#include "index/key_encode.h"

#if defined(__SANITIZE_ADDRESS__)
#define TEST_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_UNDER_ASAN 1
#endif
#endif
#ifndef TEST_UNDER_ASAN
#define TEST_UNDER_ASAN 0
#endif

/* OMENDB_TEST_SCALE multiplies operation counts (default 1; ASan builds use 1/4). */
static inline double test_scale(void)
{
    const char *s = getenv("OMENDB_TEST_SCALE");
    double v = s ? atof(s) : 1.0;
    if (!(v > 0)) v = 1.0;
    return TEST_UNDER_ASAN ? v / 4 : v;
}

static inline size_t scaled(size_t n)
{
    double v = n * test_scale();
    return v < 1000 ? 1000 : (size_t)v;
}

typedef struct Rng {
    uint64_t s;
} Rng;

static inline uint64_t rng_next(Rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline double rng_unit(Rng *r)
{
    return (rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static inline double rng_normal(Rng *r)
{
    double u1 = rng_unit(r), u2 = rng_unit(r);
    if (u1 < 1e-300) u1 = 1e-300;
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

typedef enum {
    DIST_UNIFORM,
    DIST_SEQUENTIAL,
    DIST_CLUSTERED,
    DIST_LOGNORMAL,
    DIST_ADVERSARIAL,
    DIST_COUNT
} Dist;

static inline const char *dist_name(Dist d)
{
    static const char *names[] = {"uniform", "sequential", "clustered", "lognormal", "adversarial"};
    return names[d];
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorted distinct int64 keys of a distribution; *n is in/out (may shrink on dedupe). */
static inline int64_t *gen_int_keys(Dist dist, size_t *n, uint64_t seed)
{
    Rng r = {seed};
    size_t want = *n;
    int64_t *k = malloc(want * sizeof *k);
    for (size_t i = 0; i < want; i++) {
        switch (dist) {
        case DIST_UNIFORM:
            k[i] = (int64_t)(rng_next(&r) >> 1) - (INT64_MAX / 2);
            break;
        case DIST_SEQUENTIAL:
            k[i] = (int64_t)i * 3 + 1000;
            break;
        case DIST_CLUSTERED: {
            int64_t c = (int64_t)(rng_next(&r) % 64) * 1000000000000ll;
            k[i] = c + (int64_t)(rng_next(&r) % (want * 4));
            break;
        }
        case DIST_LOGNORMAL:
            k[i] = (int64_t)(exp(rng_normal(&r) * 2.0) * 1e9);
            break;
        default: {
            /* Adversarial: extremes, powers of two, dense runs the double models cannot
             * separate (near 2^62 spaced by 1), and uniform noise. */
            uint64_t sel = rng_next(&r) % 5;
            if (sel == 0)
                k[i] = (int64_t)(rng_next(&r) % 64) - 32 +
                       (rng_next(&r) & 1 ? INT64_MAX - 64 : INT64_MIN + 64);
            else if (sel == 1)
                k[i] = (int64_t)1 << (rng_next(&r) % 62);
            else if (sel == 2)
                k[i] = ((int64_t)1 << 62) + (int64_t)(rng_next(&r) % (want * 2));
            else if (sel == 3)
                k[i] = -((int64_t)1 << (rng_next(&r) % 62)) - (int64_t)(rng_next(&r) % 7);
            else
                k[i] = (int64_t)rng_next(&r);
            if (i < 2) k[i] = i == 0 ? INT64_MIN : INT64_MAX;
        }
        }
    }
    qsort(k, want, sizeof *k, cmp_i64);
    size_t m = 0;
    for (size_t i = 0; i < want; i++)
        if (m == 0 || k[i] != k[m - 1]) k[m++] = k[i];
    *n = m;
    return k;
}

/* A universe of keys in index order, as IndexKeys (bytes point into `store`). */
typedef struct KeyUniverse {
    IndexKind kind;
    size_t n;
    IndexKey *keys;
    uint8_t *store;
} KeyUniverse;

static inline int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static inline int cmp_key_bytes(const void *a, const void *b)
{
    const IndexKey *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->bytes, y->bytes, m);
    if (c != 0) return c;
    return (x->len > y->len) - (x->len < y->len);
}

static inline void universe_free(KeyUniverse *u)
{
    free(u->keys);
    free(u->store);
}

/* Builds a universe for kind: int keys for ALEX_INT64 and BTREE (encoded 8 bytes,
 * or encoded text when as_text), doubles for ALEX_DOUBLE. */
static inline void universe_make(KeyUniverse *u, IndexKind kind, Dist dist, size_t n, uint64_t seed,
                                 int as_text)
{
    int64_t *ik = gen_int_keys(dist, &n, seed);
    u->kind = kind;
    u->n = n;
    u->keys = calloc(n, sizeof *u->keys);
    u->store = NULL;
    if (kind == INDEX_ALEX_INT64) {
        for (size_t i = 0; i < n; i++) u->keys[i].i = ik[i];
    } else if (kind == INDEX_ALEX_DOUBLE) {
        double *d = malloc(n * sizeof *d);
        for (size_t i = 0; i < n; i++) d[i] = (double)ik[i] / 1024.0;
        if (n > 4) {
            d[0] = -INFINITY;
            d[1] = INFINITY;
            d[2] = -0.0;
            d[3] = 5e-324;
        }
        qsort(d, n, sizeof *d, cmp_dbl);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (m == 0 || d[i] != d[m - 1]) d[m++] = d[i];
        u->n = m;
        for (size_t i = 0; i < m; i++) u->keys[i].d = d[i];
        free(d);
    } else if (!as_text) {
        u->store = malloc(n * 8);
        for (size_t i = 0; i < n; i++) {
            key_encode_int64(ik[i], u->store + 8 * i, 8);
            u->keys[i].bytes = u->store + 8 * i;
            u->keys[i].len = 8;
        }
    } else {
        /* Text keys: decimal strings of varied lengths with shared prefixes; sorted
         * by encoded bytes. Each entry gets a fixed 48-byte slot in store. */
        u->store = malloc(n * 48);
        for (size_t i = 0; i < n; i++) {
            char s[40];
            int len = snprintf(s, sizeof s, "k%llx/%llu", (unsigned long long)(ik[i] & 0xFFFF),
                               (unsigned long long)ik[i]);
            if (i % 7 == 0) s[1] = 0; /* embedded NUL bytes */
            uint8_t *slot = u->store + 48 * i;
            u->keys[i].len = key_encode_text(s, (size_t)len, slot, 48);
            u->keys[i].bytes = slot;
        }
        qsort(u->keys, n, sizeof *u->keys, cmp_key_bytes);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (m == 0 || cmp_key_bytes(&u->keys[i], &u->keys[m - 1]) != 0)
                u->keys[m++] = u->keys[i];
        u->n = m;
    }
    free(ik);
}

/* ---- reference model and workload driver ---- */

typedef struct RefModel {
    size_t n;
    uint64_t *bits;
    uint64_t *payload;
    size_t count;
} RefModel;

static inline void ref_init(RefModel *r, size_t n)
{
    r->n = n;
    r->bits = calloc(n / 64 + 1, 8);
    r->payload = calloc(n, 8);
    r->count = 0;
}

static inline void ref_free(RefModel *r)
{
    free(r->bits);
    free(r->payload);
}

static inline int ref_has(const RefModel *r, size_t j)
{
    return (r->bits[j >> 6] >> (j & 63)) & 1;
}

static inline void ref_set(RefModel *r, size_t j, int on)
{
    if (on && !ref_has(r, j)) r->count++;
    if (!on && ref_has(r, j)) r->count--;
    if (on)
        r->bits[j >> 6] |= 1ull << (j & 63);
    else
        r->bits[j >> 6] &= ~(1ull << (j & 63));
}

/* First present index >= j, or n. */
static inline size_t ref_next(const RefModel *r, size_t j)
{
    while (j < r->n) {
        uint64_t w = r->bits[j >> 6] & (~0ull << (j & 63));
        if (w) {
            size_t k = (j & ~(size_t)63) + (size_t)__builtin_ctzll(w);
            return k < r->n ? k : r->n;
        }
        j = (j & ~(size_t)63) + 64;
    }
    return r->n;
}

static inline int key_eq(IndexKind kind, const IndexKey *a, const IndexKey *b)
{
    if (kind == INDEX_ALEX_INT64) return a->i == b->i;
    if (kind == INDEX_ALEX_DOUBLE) return a->d == b->d;
    return a->len == b->len && (a->len == 0 || memcmp(a->bytes, b->bytes, a->len) == 0);
}

#define TCHECK(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fprintf(stderr, "\n");                                                                 \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)

static inline int check_structure(Index *ix, const RefModel *ref, const char *phase)
{
    char msg[256];
    int rc = index_check(ix, msg, sizeof msg);
    TCHECK(rc == 0, "%s: invariant: %s", phase, msg);
    TCHECK(index_count(ix) == ref->count, "%s: count %zu != %zu", phase, index_count(ix),
           ref->count);
    return 0;
}

static inline int verify_scan(Index *ix, const KeyUniverse *u, const RefModel *ref, size_t j,
                              size_t steps)
{
    IndexIter *it = NULL;
    IndexStatus st = index_lower_bound(ix, j < u->n ? &u->keys[j] : NULL, &it);
    TCHECK(st == INDEX_OK, "lower_bound: %s", index_status_name(st));
    size_t e = ref_next(ref, j < u->n ? j : 0);
    for (size_t s = 0; s < steps; s++) {
        IndexKey k;
        uint64_t p;
        st = index_iter_next(it, &k, &p);
        if (e >= u->n) {
            TCHECK(st == INDEX_NOT_FOUND, "scan from %zu: extra key after end", j);
            break;
        }
        TCHECK(st == INDEX_OK, "scan from %zu step %zu: %s (expected index %zu)", j, s,
               index_status_name(st), e);
        TCHECK(key_eq(u->kind, &k, &u->keys[e]),
               "scan from %zu step %zu: wrong key (expected index %zu)", j, s, e);
        TCHECK(p == ref->payload[e], "scan payload");
        e = ref_next(ref, e + 1);
    }
    index_iter_destroy(it);
    return 0;
}

static inline int do_insert(Index *ix, const KeyUniverse *u, RefModel *ref, size_t j, uint64_t p)
{
    IndexStatus st = index_insert(ix, &u->keys[j], p);
    if (ref_has(ref, j)) {
        TCHECK(st == INDEX_DUPLICATE, "insert of present %zu gave %s", j, index_status_name(st));
    } else {
        TCHECK(st == INDEX_OK, "insert %zu gave %s", j, index_status_name(st));
        ref_set(ref, j, 1);
        ref->payload[j] = p;
    }
    return 0;
}

static inline int do_delete(Index *ix, const KeyUniverse *u, RefModel *ref, size_t j)
{
    IndexStatus st = index_delete(ix, &u->keys[j]);
    if (ref_has(ref, j)) {
        TCHECK(st == INDEX_OK, "delete %zu gave %s", j, index_status_name(st));
        ref_set(ref, j, 0);
    } else {
        TCHECK(st == INDEX_NOT_FOUND, "delete of absent %zu gave %s", j, index_status_name(st));
    }
    return 0;
}

/* index_lookup_many over 40 random keys, checked one by one. */
static inline int do_lookup_many(Index *ix, const KeyUniverse *u, const RefModel *ref, Rng *r)
{
    enum { N = 40 };
    IndexKey keys[N];
    size_t idx[N];
    uint64_t pay[N];
    IndexStatus st[N];
    for (size_t i = 0; i < N; i++) {
        idx[i] = rng_next(r) % u->n;
        keys[i] = u->keys[idx[i]];
        pay[i] = 0;
    }
    index_lookup_many(ix, keys, N, pay, st);
    for (size_t i = 0; i < N; i++) {
        size_t j = idx[i];
        if (ref_has(ref, j)) {
            TCHECK(st[i] == INDEX_OK, "lookup_many of present %zu gave %s", j,
                   index_status_name(st[i]));
            TCHECK(pay[i] == ref->payload[j], "lookup_many payload of %zu", j);
        } else {
            TCHECK(st[i] == INDEX_NOT_FOUND, "lookup_many of absent %zu gave %s", j,
                   index_status_name(st[i]));
        }
    }
    return 0;
}

static inline int do_lookup(Index *ix, const KeyUniverse *u, const RefModel *ref, size_t j)
{
    uint64_t p = 0;
    IndexStatus st = index_lookup(ix, &u->keys[j], &p);
    if (ref_has(ref, j)) {
        TCHECK(st == INDEX_OK, "lookup of present %zu gave %s", j, index_status_name(st));
        TCHECK(p == ref->payload[j], "lookup %zu payload %llu != %llu", j, (unsigned long long)p,
               (unsigned long long)ref->payload[j]);
    } else {
        TCHECK(st == INDEX_NOT_FOUND, "lookup of absent %zu gave %s", j, index_status_name(st));
    }
    return 0;
}

/* Phases: bulk load of a random half of the lower 60% of the universe; random mixed
 * operations there; ascending appends of the upper 40%; deletion of a whole range
 * and its re-insertion in random order; deletion of the lowest 10% and re-insertion
 * descending (prepends); a full scan; deletion of everything. Structural invariants
 * and the count are checked after every phase. */
static inline int run_workload(IndexKind kind, const KeyUniverse *u, size_t n_ops, uint64_t seed)
{
    Index *ix = NULL;
    TCHECK(index_create(kind, &ix) == INDEX_OK, "create");
    Rng r = {seed};
    RefModel ref;
    size_t n = u->n;
    ref_init(&ref, n);
    size_t lo_n = n * 6 / 10;

    IndexKey *bk = malloc(lo_n * sizeof *bk);
    uint64_t *bp = malloc(lo_n * sizeof *bp);
    size_t nb = 0;
    for (size_t j = 0; j < lo_n; j++) {
        if (rng_next(&r) & 1) continue;
        bk[nb] = u->keys[j];
        bp[nb] = rng_next(&r);
        ref_set(&ref, j, 1);
        ref.payload[j] = bp[nb];
        nb++;
    }
    IndexStatus st = index_bulk_load(ix, bk, bp, nb);
    free(bk);
    free(bp);
    TCHECK(st == INDEX_OK, "bulk load: %s", index_status_name(st));
    if (check_structure(ix, &ref, "bulk") != 0) return -1;

    for (size_t op = 0; op < n_ops; op++) {
        size_t j = rng_next(&r) % lo_n;
        unsigned sel = (unsigned)(rng_next(&r) % 100);
        int rc = 0;
        if (sel < 35)
            rc = do_insert(ix, u, &ref, j, rng_next(&r));
        else if (sel < 55)
            rc = do_delete(ix, u, &ref, j);
        else if (sel < 89)
            rc = do_lookup(ix, u, &ref, j);
        else if (sel < 90)
            rc = do_lookup_many(ix, u, &ref, &r);
        else if (sel < 97) {
            uint64_t p = rng_next(&r);
            IndexStatus us = index_update(ix, &u->keys[j], p);
            if (ref_has(&ref, j)) {
                TCHECK(us == INDEX_OK, "update present");
                ref.payload[j] = p;
            } else {
                TCHECK(us == INDEX_NOT_FOUND, "update absent");
            }
        } else {
            rc = verify_scan(ix, u, &ref, j, 24);
        }
        if (rc != 0) return -1;
        if (op % (n_ops / 4 + 1) == 0 && check_structure(ix, &ref, "mixed") != 0) return -1;
    }
    if (check_structure(ix, &ref, "mixed end") != 0) return -1;

    for (size_t j = lo_n; j < n; j++) {
        if (do_insert(ix, u, &ref, j, j * 7 + 1) != 0) return -1;
        if (do_lookup(ix, u, &ref, j - rng_next(&r) % (j + 1)) != 0) return -1;
    }
    if (check_structure(ix, &ref, "appends") != 0) return -1;

    size_t a = n / 5, b = n * 2 / 5;
    for (size_t j = a; j < b; j++)
        if (do_delete(ix, u, &ref, j) != 0) return -1;
    if (check_structure(ix, &ref, "range delete") != 0) return -1;
    for (size_t t = 0; t < 1000; t++)
        if (do_lookup(ix, u, &ref, a + rng_next(&r) % (b - a + 1)) != 0) return -1;
    if (verify_scan(ix, u, &ref, a, 50) != 0) return -1;
    size_t *perm = malloc((b - a + 1) * sizeof *perm);
    for (size_t j = a; j < b; j++) perm[j - a] = j;
    for (size_t j = b - a; j > 1; j--) {
        size_t x = rng_next(&r) % j, t = perm[x];
        perm[x] = perm[j - 1];
        perm[j - 1] = t;
    }
    for (size_t t = 0; t < b - a; t++)
        if (do_insert(ix, u, &ref, perm[t], perm[t] + 3) != 0) return -1;
    free(perm);
    if (check_structure(ix, &ref, "range reinsert") != 0) return -1;

    size_t c = n / 10;
    for (size_t j = 0; j < c; j++)
        if (do_delete(ix, u, &ref, j) != 0) return -1;
    for (size_t j = c; j-- > 0;)
        if (do_insert(ix, u, &ref, j, j + 5) != 0) return -1;
    if (check_structure(ix, &ref, "prepends") != 0) return -1;

    if (verify_scan(ix, u, &ref, (size_t)-1, n + 1) != 0) return -1;
    for (size_t t = 0; t < 200; t++)
        if (verify_scan(ix, u, &ref, rng_next(&r) % n, 40) != 0) return -1;

    for (size_t j = 0; j < n; j++) {
        size_t k = (j * 7919 + 13) % n; /* a permutation when gcd(7919, n) == 1 */
        if (!ref_has(&ref, k)) continue;
        if (do_delete(ix, u, &ref, k) != 0) return -1;
    }
    for (size_t j = 0; j < n; j++)
        if (ref_has(&ref, j) && do_delete(ix, u, &ref, j) != 0) return -1;
    if (check_structure(ix, &ref, "delete all") != 0) return -1;
    if (verify_scan(ix, u, &ref, (size_t)-1, 5) != 0) return -1;
    index_destroy(ix);
    ref_free(&ref);
    return 0;
}

#endif
