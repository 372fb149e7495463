/*
 * test_alex.c — ALEX (int64 and double) against the reference model over five key
 * distributions, plus out-of-domain, shifting-workload and bad-input cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "index/alex/alex_mem.h"
#include "index/index_epoch.h"
#include "index_test_util.h"

static void run_dist(IndexKind kind, Dist d, size_t n_keys, size_t n_ops)
{
    KeyUniverse u;
    universe_make(&u, kind, d, n_keys, 1234 + d, 0);
    int rc = run_workload(kind, &u, n_ops, 99 + d);
    if (rc != 0) fail_msg("%s/%s workload failed", index_kind_name(kind), dist_name(d));
    universe_free(&u);
}

static void test_int_uniform(void **state)
{
    run_dist(INDEX_ALEX_INT64, DIST_UNIFORM, scaled(400000), scaled(2000000));
}

static void test_int_sequential(void **state)
{
    run_dist(INDEX_ALEX_INT64, DIST_SEQUENTIAL, scaled(400000), scaled(2000000));
}

static void test_int_clustered(void **state)
{
    run_dist(INDEX_ALEX_INT64, DIST_CLUSTERED, scaled(400000), scaled(2000000));
}

static void test_int_lognormal(void **state)
{
    run_dist(INDEX_ALEX_INT64, DIST_LOGNORMAL, scaled(400000), scaled(2000000));
}

static void test_int_adversarial(void **state)
{
    run_dist(INDEX_ALEX_INT64, DIST_ADVERSARIAL, scaled(400000), scaled(2000000));
}

/* Every node of every size from huge-page regions (alex_mem.h), which normally only
 * trees above 32 MB use: the same workloads, plus a load that is destroyed. */
static void test_regions(void **state)
{
    size_t saved = alex_mem_min_tree_bytes;
    alex_mem_min_tree_bytes = 0;
    run_dist(INDEX_ALEX_INT64, DIST_UNIFORM, scaled(200000), scaled(1000000));
    run_dist(INDEX_ALEX_INT64, DIST_SEQUENTIAL, scaled(200000), scaled(1000000));
    run_dist(INDEX_ALEX_INT64, DIST_LOGNORMAL, scaled(200000), scaled(1000000));
    alex_mem_min_tree_bytes = saved;
}

static void test_double_all(void **state)
{
    for (Dist d = 0; d < DIST_COUNT; d++)
        run_dist(INDEX_ALEX_DOUBLE, d, scaled(100000), scaled(400000));
}

/* Checks every key of ks[0..n) (payload i) and its absent successor, inside one
 * read-side section (the fast path runs only there) and outside. */
static void check_lookups(Index *ix, const int64_t *ks, size_t n, bool in_section)
{
    if (in_section) index_epoch_enter();
    for (size_t i = 0; i < n; i++) {
        IndexKey k = index_key_i64(ks[i]);
        uint64_t p = 0;
        assert_int_equal(index_lookup(ix, &k, &p), INDEX_OK);
        assert_int_equal(p, i);
        k = index_key_i64(ks[i] + 1);
        assert_int_equal(index_lookup(ix, &k, &p), INDEX_NOT_FOUND); /* *p: unspecified */
    }
    if (in_section) index_epoch_leave();
}

/* Point lookups by both paths: present keys, absent neighbours, both ends of every
 * node, after a bulk load and after inserts (odd keys between the loaded even ones,
 * which crowd the gaps and push keys away from their predicted slots), and the
 * INT64_MIN / INT64_MAX keys, which also fill gaps. */
static void test_lookup_paths(void **state)
{
    Index *ix;
    assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
    size_t n = scaled(200000);
    int64_t *ks = calloc(2 * n, sizeof *ks);
    IndexKey *ik = malloc(n * sizeof *ik);
    uint64_t *pay = malloc(n * sizeof *pay);
    Rng r = {42};
    int64_t k = -(int64_t)n * 40;
    for (size_t i = 0; i < n; i++) {
        k += 4 * (1 + (int64_t)(rng_next(&r) % 20)); /* multiples of 4, random gaps */
        ks[i] = k;
        ik[i] = index_key_i64(k);
        pay[i] = i;
    }
    assert_int_equal(index_bulk_load(ix, ik, pay, n), INDEX_OK);
    check_lookups(ix, ks, n, true);
    check_lookups(ix, ks, n, false);
    /* insert ks[i] + 2 for a random half, payload n + j */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (rng_next(&r) & 1) continue;
        IndexKey nk = index_key_i64(ks[i] + 2);
        assert_int_equal(index_insert(ix, &nk, n + m), INDEX_OK);
        ks[n + m++] = ks[i] + 2;
    }
    check_lookups(ix, ks, n, true);
    index_epoch_enter();
    for (size_t j = 0; j < m; j++) {
        IndexKey nk = index_key_i64(ks[n + j]);
        uint64_t p = 0;
        assert_int_equal(index_lookup(ix, &nk, &p), INDEX_OK);
        assert_int_equal(p, n + j);
    }
    int64_t ends[2] = {INT64_MIN, INT64_MAX};
    for (int e = 0; e < 2; e++) {
        IndexKey ek = index_key_i64(ends[e]);
        uint64_t p = 5;
        assert_int_equal(index_lookup(ix, &ek, &p), INDEX_NOT_FOUND);
        assert_int_equal(p, 5);
    }
    index_epoch_leave();
    for (int e = 0; e < 2; e++) {
        IndexKey ek = index_key_i64(ends[e]);
        assert_int_equal(index_insert(ix, &ek, 1000 + e), INDEX_OK);
    }
    index_epoch_enter();
    for (int e = 0; e < 2; e++) {
        IndexKey ek = index_key_i64(ends[e]);
        uint64_t p = 0;
        assert_int_equal(index_lookup(ix, &ek, &p), INDEX_OK);
        assert_int_equal(p, 1000 + e);
    }
    index_epoch_leave();
    check_lookups(ix, ks, n, true);
    index_destroy(ix);
    free(ks);
    free(ik);
    free(pay);
}

/* Appending far beyond the loaded domain, on both sides, from an empty tree and from
 * a bulk-loaded one; lookups stay correct and the tree stays shallow. */
static void test_out_of_domain(void **state)
{
    Index *ix;
    assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
    size_t n = scaled(300000);
    for (size_t i = 0; i < n; i++) {
        IndexKey k = {.i = (int64_t)i * 10};
        assert_int_equal(index_insert(ix, &k, i), INDEX_OK);
    }
    for (size_t i = 0; i < n / 2; i++) {
        IndexKey k = {.i = -(int64_t)i * 10 - 10};
        assert_int_equal(index_insert(ix, &k, i), INDEX_OK);
    }
    IndexKey far = {.i = INT64_MAX}, near_min = {.i = INT64_MIN};
    assert_int_equal(index_insert(ix, &far, 1), INDEX_OK);
    assert_int_equal(index_insert(ix, &near_min, 2), INDEX_OK);
    for (size_t i = 0; i < n; i += 7) {
        IndexKey k = {.i = (int64_t)i * 10};
        uint64_t p;
        assert_int_equal(index_lookup(ix, &k, &p), INDEX_OK);
        assert_int_equal(p, i);
        k.i += 1;
        assert_int_equal(index_lookup(ix, &k, &p), INDEX_NOT_FOUND);
    }
    char msg[256];
    if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    AlexStats st;
    alex_stats(ix->impl, &st);
    print_message("appends: %zu data nodes, %zu inner, depth %zu, %llu expands, %llu sideways, "
                  "%llu down, %llu root expansions, %.1f bytes/key\n",
                  st.n_data_nodes, st.n_inner_nodes, st.max_depth, (unsigned long long)st.n_expand,
                  (unsigned long long)st.n_split_sideways, (unsigned long long)st.n_split_down,
                  (unsigned long long)st.n_root_expand,
                  (double)index_memory_bytes(ix) / index_count(ix));
    assert_true(st.max_depth <= 12);
    index_destroy(ix);
}

static void test_bad_input(void **state)
{
    Index *ix;
    uint64_t p;
    assert_int_equal(index_create(INDEX_ALEX_DOUBLE, &ix), INDEX_OK);
    IndexKey nan_key = {.d = NAN}, one = {.d = 1.0}, negz = {.d = -0.0}, posz = {.d = 0.0};
    assert_int_equal(index_insert(ix, &nan_key, 1), INDEX_BAD_KEY);
    assert_int_equal(index_lookup(ix, &nan_key, &p), INDEX_BAD_KEY);
    assert_int_equal(index_delete(ix, &nan_key), INDEX_BAD_KEY);
    assert_int_equal(index_insert(ix, &one, 1), INDEX_OK);
    assert_int_equal(index_insert(ix, &one, 2), INDEX_DUPLICATE);
    assert_int_equal(index_insert(ix, &negz, 3), INDEX_OK);
    assert_int_equal(index_insert(ix, &posz, 4), INDEX_DUPLICATE); /* -0 == +0 */
    assert_int_equal(index_lookup(ix, &posz, &p), INDEX_OK);
    assert_int_equal(p, 3);
    assert_int_equal(index_delete(ix, &(IndexKey){.d = 2.0}), INDEX_NOT_FOUND);
    assert_int_equal(index_update(ix, &(IndexKey){.d = 2.0}, 9), INDEX_NOT_FOUND);
    assert_int_equal(index_count(ix), 2);
    IndexKey two[2] = {{.d = 5.0}, {.d = 6.0}};
    uint64_t pp[3] = {1, 2, 3};
    assert_int_equal(index_bulk_load(ix, two, pp, 2), INDEX_BAD_STATE);
    IndexIter *it;
    assert_int_equal(index_lower_bound(ix, &nan_key, &it), INDEX_BAD_KEY);
    Index *fresh;
    assert_int_equal(index_create(INDEX_ALEX_DOUBLE, &fresh), INDEX_OK);
    IndexKey with_nan[3] = {index_key_f64(1), index_key_f64(NAN), index_key_f64(3)};
    IndexKey zeros[2] = {index_key_f64(-0.0), index_key_f64(0.0)};
    assert_int_equal(index_bulk_load(fresh, with_nan, pp, 3), INDEX_BAD_KEY);
    assert_int_equal(index_bulk_load(fresh, zeros, pp, 2), INDEX_DUPLICATE);
    assert_int_equal(index_count(fresh), 0);
    index_destroy(fresh);
    assert_int_equal(index_create((IndexKind)99, &fresh), INDEX_BAD_STATE);
    char msg[256];
    assert_int_equal(index_check(ix, msg, sizeof msg), 0);
    index_destroy(ix);

    assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
    IndexKey unsorted[3] = {{.i = 1}, {.i = 3}, {.i = 2}}, dups[3] = {{.i = 1}, {.i = 1}, {.i = 2}};
    uint64_t p3[3] = {1, 2, 3};
    assert_int_equal(index_bulk_load(ix, unsorted, p3, 3), INDEX_BAD_KEY);
    assert_int_equal(index_bulk_load(ix, dups, p3, 3), INDEX_DUPLICATE);
    assert_int_equal(index_count(ix), 0);
    assert_int_equal(index_check(ix, msg, sizeof msg), 0);
    assert_int_equal(index_bulk_load(ix, unsorted, p3, 2), INDEX_OK);
    assert_int_equal(index_count(ix), 2);
    index_destroy(ix);
}

/* A hot range inside a bulk-loaded domain receives sequential inserts (the node
 * must split or expand instead of shifting forever), then the range is deleted and
 * re-inserted. */
static void test_shifting_hot_range(void **state)
{
    Index *ix;
    assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
    size_t n = scaled(200000);
    IndexKey *k = malloc(n * sizeof *k);
    uint64_t *p = malloc(n * sizeof *p);
    for (size_t i = 0; i < n; i++) {
        k[i].i = (int64_t)i * 1000000;
        p[i] = i;
    }
    assert_int_equal(index_bulk_load(ix, k, p, n), INDEX_OK);
    int64_t base = (int64_t)(n / 2) * 1000000 + 1;
    size_t hot = scaled(200000);
    for (size_t i = 0; i < hot; i++) {
        IndexKey x = {.i = base + (int64_t)i};
        assert_int_equal(index_insert(ix, &x, i), INDEX_OK);
    }
    char msg[256];
    if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    for (size_t i = 0; i < hot; i++) {
        IndexKey x = {.i = base + (int64_t)i};
        assert_int_equal(index_delete(ix, &x), INDEX_OK);
    }
    if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    for (size_t i = hot; i-- > 0;) {
        IndexKey x = {.i = base + (int64_t)i};
        assert_int_equal(index_insert(ix, &x, i), INDEX_OK);
    }
    if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    assert_int_equal(index_count(ix), n + hot);
    AlexStats st;
    alex_stats(ix->impl, &st);
    print_message("hot range: depth %zu, %llu expands, %llu sideways, %llu down, %llu doubles\n",
                  st.max_depth, (unsigned long long)st.n_expand,
                  (unsigned long long)st.n_split_sideways, (unsigned long long)st.n_split_down,
                  (unsigned long long)st.n_parent_double);
    assert_true(st.max_depth <= 8); /* levels are added geometrically rarely */
    free(k);
    free(p);
    index_destroy(ix);
}

/* Descending and ascending inserts into an empty tree: room is made on the growing
 * side, so structure changes stay rare (a regression once cost O(n) per insert). */
static void test_monotone_from_empty(void **state)
{
    for (int dir = -1; dir <= 1; dir += 2) {
        Index *ix;
        assert_int_equal(index_create(INDEX_ALEX_INT64, &ix), INDEX_OK);
        size_t n = scaled(300000);
        for (size_t i = 0; i < n; i++) {
            IndexKey k = {.i = dir * (int64_t)i * 7};
            assert_int_equal(index_insert(ix, &k, i), INDEX_OK);
        }
        char msg[256];
        if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
        AlexStats st;
        alex_stats(ix->impl, &st);
        uint64_t smo = st.n_expand + st.n_split_sideways + st.n_split_down;
        print_message("%s: %llu structure changes for %zu inserts, depth %zu\n",
                      dir < 0 ? "descending" : "ascending", (unsigned long long)smo, n,
                      st.max_depth);
        assert_true(smo * 1000 < n * 2);
        assert_true(st.max_depth <= 4);
        index_destroy(ix);
    }
}

/* Infinities must not flatten a double tree into one data node. */
static void test_double_infinities(void **state)
{
    Index *ix;
    assert_int_equal(index_create(INDEX_ALEX_DOUBLE, &ix), INDEX_OK);
    size_t n = 100000;
    IndexKey *k = calloc(n, sizeof *k);
    uint64_t *p = calloc(n, sizeof *p);
    k[0].d = -INFINITY;
    k[n - 1].d = INFINITY;
    for (size_t i = 1; i + 1 < n; i++) k[i].d = (double)i * 0.25;
    for (size_t i = 0; i < n; i++) p[i] = i;
    assert_int_equal(index_bulk_load(ix, k, p, n), INDEX_OK);
    AlexStats st;
    alex_stats(ix->impl, &st);
    assert_true(st.n_data_nodes > 1);
    for (size_t i = 0; i < n; i += 11) {
        uint64_t v;
        assert_int_equal(index_lookup(ix, &k[i], &v), INDEX_OK);
        assert_int_equal(v, i);
    }
    uint64_t v;
    assert_int_equal(index_lookup(ix, &(IndexKey){.d = INFINITY}, &v), INDEX_OK);
    assert_int_equal(v, n - 1);
    assert_int_equal(index_insert(ix, &(IndexKey){.d = -1e300}, 7), INDEX_OK);
    assert_int_equal(index_insert(ix, &(IndexKey){.d = 1e300}, 8), INDEX_OK);
    char msg[256];
    if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    free(k);
    free(p);
    index_destroy(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_lookup_paths),
        cmocka_unit_test(test_out_of_domain),
        cmocka_unit_test(test_double_infinities),
        cmocka_unit_test(test_monotone_from_empty),
        cmocka_unit_test(test_shifting_hot_range),
        cmocka_unit_test(test_int_uniform),
        cmocka_unit_test(test_int_sequential),
        cmocka_unit_test(test_int_clustered),
        cmocka_unit_test(test_int_lognormal),
        cmocka_unit_test(test_int_adversarial),
        cmocka_unit_test(test_double_all),
        cmocka_unit_test(test_regions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
