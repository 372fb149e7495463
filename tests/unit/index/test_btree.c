/*
 * test_btree.c — the B+tree through the IndexAm interface against the reference
 * model: int64 keys encoded with key_encode (five distributions) and text keys with
 * embedded NUL bytes; bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "index/btree/btree.h"
#include "index_test_util.h"

static void run_dist(Dist d, int as_text, size_t n_keys, size_t n_ops)
{
    KeyUniverse u;
    universe_make(&u, INDEX_BTREE, d, n_keys, 777 + d, as_text);
    if (run_workload(INDEX_BTREE, &u, n_ops, 31 + d) != 0)
        fail_msg("btree %s %s workload failed", dist_name(d), as_text ? "text" : "int");
    universe_free(&u);
}

static void test_int_keys(void **state)
{
    for (Dist d = 0; d < DIST_COUNT; d++) run_dist(d, 0, scaled(200000), scaled(800000));
}

static void test_text_keys(void **state)
{
    run_dist(DIST_UNIFORM, 1, scaled(60000), scaled(200000));
    run_dist(DIST_CLUSTERED, 1, scaled(60000), scaled(200000));
}

static void test_bad_input(void **state)
{
    Index *ix;
    uint64_t p;
    assert_int_equal(index_create(INDEX_BTREE, &ix), INDEX_OK);
    IndexKey null_key = {.bytes = NULL, .len = 3};
    assert_int_equal(index_insert(ix, &null_key, 1), INDEX_BAD_KEY);
    assert_int_equal(index_lookup(ix, &null_key, &p), INDEX_BAD_KEY);
    static uint8_t big[INDEX_MAX_KEY_LEN + 1];
    IndexKey too_long = {.bytes = big, .len = sizeof big};
    assert_int_equal(index_insert(ix, &too_long, 1), INDEX_BAD_KEY);
    IndexKey empty = {.bytes = NULL, .len = 0};
    assert_int_equal(index_insert(ix, &empty, 7), INDEX_OK); /* the empty key is a key */
    assert_int_equal(index_insert(ix, &empty, 8), INDEX_DUPLICATE);
    assert_int_equal(index_lookup(ix, &empty, &p), INDEX_OK);
    assert_int_equal(p, 7);
    uint8_t a[] = {1, 2, 3};
    IndexKey ka = {.bytes = a, .len = 3};
    assert_int_equal(index_delete(ix, &ka), INDEX_NOT_FOUND);
    assert_int_equal(index_update(ix, &ka, 1), INDEX_NOT_FOUND);
    IndexKey bk[2] = {{.bytes = a, .len = 3}, {.bytes = a, .len = 2}};
    uint64_t bp[2] = {1, 2};
    assert_int_equal(index_bulk_load(ix, bk, bp, 2), INDEX_BAD_STATE);
    index_destroy(ix);
    assert_int_equal(index_create(INDEX_BTREE, &ix), INDEX_OK);
    assert_int_equal(index_bulk_load(ix, bk, bp, 2), INDEX_BAD_KEY); /* not ascending */
    IndexKey dk[2] = {{.bytes = a, .len = 3}, {.bytes = a, .len = 3}};
    assert_int_equal(index_bulk_load(ix, dk, bp, 2), INDEX_DUPLICATE);
    char msg[256];
    assert_int_equal(index_check(ix, msg, sizeof msg), 0);
    assert_int_equal(index_count(ix), 0);
    index_destroy(ix);
}

/* Long keys sharing 8-byte prefixes force the full-compare path. */
static void test_long_shared_prefix(void **state)
{
    Index *ix;
    assert_int_equal(index_create(INDEX_BTREE, &ix), INDEX_OK);
    size_t n = scaled(20000);
    uint8_t buf[64];
    for (size_t i = 0; i < n; i++) {
        size_t j = (i * 7919) % n;
        KeyBuilder kb;
        key_builder_init(&kb, buf, sizeof buf);
        key_builder_text(&kb, "same-prefix-for-all", 19);
        key_builder_int64(&kb, (int64_t)j - (int64_t)n / 2);
        assert_false(kb.overflow);
        IndexKey k = {.bytes = buf, .len = kb.len};
        assert_int_equal(index_insert(ix, &k, j), INDEX_OK);
    }
    char msg[256];
    if (index_check(ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    IndexIter *it;
    assert_int_equal(index_lower_bound(ix, NULL, &it), INDEX_OK);
    IndexKey k;
    uint64_t p, expect = 0;
    while (index_iter_next(it, &k, &p) == INDEX_OK) {
        assert_int_equal(key_decode_int64(k.bytes + k.len - 8), (int64_t)expect - (int64_t)n / 2);
        assert_int_equal(p, expect);
        expect++;
    }
    assert_int_equal(expect, n);
    index_iter_destroy(it);
    index_destroy(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_long_shared_prefix),
        cmocka_unit_test(test_int_keys),
        cmocka_unit_test(test_text_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
