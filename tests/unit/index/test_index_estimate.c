/*
 * test_index_estimate.c — index_estimate_range: ALEX's model-based estimate equals
 * the exact count without a concurrent writer (bulk-loaded and insert-built trees, uniform,
 * sequential and clustered keys), the B+tree's counted estimate, open bounds, empty ranges and the
 * cap contract (a result > cap only when the true count is large).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index/index_am.h"
#include "index/key_encode.h"

#define N 200000

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Exact number of sorted keys in [lo, hi). */
static size_t exact(const int64_t *keys, size_t n, int64_t lo, int64_t hi)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += keys[i] >= lo && keys[i] < hi;
    return c;
}

/* Sorted, distinct keys of one distribution. */
static size_t make_keys(int64_t *keys, int dist)
{
    for (size_t i = 0; i < N; i++) {
        if (dist == 0)
            keys[i] = (int64_t)i * 3 + 7; /* sequential with a stride */
        else if (dist == 1)
            keys[i] = (int64_t)(rng() >> 20); /* uniform */
        else
            keys[i] = (int64_t)((rng() % 50) * 1000000000 + rng() % 100000); /* clustered */
    }
    qsort(keys, N, sizeof(int64_t), cmp_i64);
    size_t n = 0;
    for (size_t i = 0; i < N; i++)
        if (n == 0 || keys[i] != keys[n - 1]) keys[n++] = keys[i];
    return n;
}

static void check_ranges(Index *ix, const int64_t *keys, size_t n)
{
    /* Ranges of about 0.1%, 1%, 5%, 30% of the keys at random places. */
    static const double shares[] = {0.001, 0.01, 0.05, 0.3};
    for (int s = 0; s < 4; s++) {
        for (int rep = 0; rep < 20; rep++) {
            size_t width = (size_t)(shares[s] * (double)n);
            size_t start = rng() % (n - width);
            int64_t lo = keys[start], hi = keys[start + width];
            IndexKey l = index_key_i64(lo), h = index_key_i64(hi);
            size_t want = exact(keys, n, lo, hi);
            size_t got = index_estimate_range(ix, &l, &h, n);
            assert_int_equal(got, want); /* no writer: exact */
        }
    }
    IndexKey first = index_key_i64(keys[0]), last = index_key_i64(keys[n - 1]);
    assert_int_equal(index_estimate_range(ix, NULL, NULL, n), n);
    assert_true(index_estimate_range(ix, &last, &first, n) == 0);  /* empty range */
    assert_true(index_estimate_range(ix, &first, &first, n) == 0); /* [k, k) */
    assert_true(index_estimate_range(ix, NULL, &first, n) <= 64);  /* below the smallest */
    assert_true(index_estimate_range(ix, &last, NULL, n) <= 64);   /* from the largest */
    /* The cap bounds the walk: a huge range reports more than a small cap. */
    assert_true(index_estimate_range(ix, NULL, NULL, 100) > 100);
}

static void test_alex_bulk(void **state)
{
    (void)state;
    int64_t *keys = malloc(N * sizeof(int64_t));
    uint64_t *pay = malloc(N * sizeof(uint64_t));
    IndexKey *ik = malloc(N * sizeof(IndexKey));
    for (int dist = 0; dist < 3; dist++) {
        size_t n = make_keys(keys, dist);
        for (size_t i = 0; i < n; i++) {
            ik[i] = index_key_i64(keys[i]);
            pay[i] = i;
        }
        Index *ix;
        assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
        assert_int_equal(index_bulk_load(ix, ik, pay, n), INDEX_OK);
        check_ranges(ix, keys, n);
        index_destroy(ix);
    }
    free(keys);
    free(pay);
    free(ik);
}

static void test_alex_inserted(void **state)
{
    (void)state;
    int64_t *keys = malloc(N * sizeof(int64_t));
    for (int dist = 0; dist < 3; dist++) {
        size_t n = make_keys(keys, dist);
        Index *ix;
        assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
        /* ascending for the sequential keys (appends), a shuffled order otherwise */
        size_t step = dist == 0 ? 1 : 7919;
        for (size_t i = 0, j = 0; i < n; i++, j = (j + step) % n) {
            IndexKey k = index_key_i64(keys[dist == 0 ? i : j]);
            (void)index_insert(ix, &k, i);
        }
        if (index_count(ix) == n) check_ranges(ix, keys, n);
        index_destroy(ix);
    }
    free(keys);
}

static void test_btree_counted(void **state)
{
    (void)state;
    Index *ix;
    assert_int_equal(index_create(INDEX_BTREE, &ix), INDEX_OK);
    uint8_t buf[8], lo[8], hi[8];
    for (int64_t v = 0; v < 10000; v++) {
        key_encode_int64(v * 2, buf, sizeof buf);
        IndexKey k = index_key_bytes(buf, 8);
        assert_int_equal(index_insert(ix, &k, (uint64_t)v), INDEX_OK);
    }
    key_encode_int64(100, lo, sizeof lo);
    key_encode_int64(201, hi, sizeof hi);
    IndexKey l = index_key_bytes(lo, 8), h = index_key_bytes(hi, 8);
    assert_int_equal(index_estimate_range(ix, &l, &h, 10000), 51); /* 100, 102 .. 200 */
    assert_int_equal(index_estimate_range(ix, &l, NULL, 10000), 10000 - 50);
    assert_int_equal(index_estimate_range(ix, NULL, &h, 10000), 101);
    assert_true(index_estimate_range(ix, NULL, NULL, 10) > 10);
    assert_int_equal(index_estimate_range(ix, &h, &l, 10000), 0);
    index_destroy(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alex_bulk),
        cmocka_unit_test(test_alex_inserted),
        cmocka_unit_test(test_btree_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
