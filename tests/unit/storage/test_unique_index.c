/*
 * test_unique_index.c — the unique index behind PRIMARY KEY / UNIQUE: key
 * encoding (equal SQL values encode equally, order where promised), hash map
 * insert/lookup/delete/truncate with growth, long and composite keys.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "storage/unique_index.h"

static void encode1(UniqueKey *k, TypeId type, const void *payload)
{
    unique_key_reset(k);
    assert_int_equal(unique_key_add(k, (OmType){type, -1}, payload, false), 0);
}

static int key_cmp(const UniqueKey *a, const UniqueKey *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static void test_encoding_equality(void **state)
{
    (void)state;
    UniqueKey a, b;
    unique_key_init(&a);
    unique_key_init(&b);
    OmNumeric n1 = numeric_make(15, 1), n2 = numeric_make(1500, 3);
    encode1(&a, TYPE_NUMERIC, &n1);
    encode1(&b, TYPE_NUMERIC, &n2);
    assert_int_equal(key_cmp(&a, &b), 0);
    double z1 = 0.0, z2 = -0.0;
    encode1(&a, TYPE_FLOAT8, &z1);
    encode1(&b, TYPE_FLOAT8, &z2);
    assert_int_equal(key_cmp(&a, &b), 0);
    OmInterval i1 = {0, 1, 0}, i2 = {USECS_PER_DAY, 0, 0};
    encode1(&a, TYPE_INTERVAL, &i1);
    encode1(&b, TYPE_INTERVAL, &i2);
    assert_int_equal(key_cmp(&a, &b), 0);
    StrView s1 = strview_make("ab", 2), s2 = strview_make("ab   ", 5);
    encode1(&a, TYPE_BPCHAR, &s1);
    encode1(&b, TYPE_BPCHAR, &s2);
    assert_int_equal(key_cmp(&a, &b), 0);
    encode1(&a, TYPE_TEXT, &s1);
    encode1(&b, TYPE_TEXT, &s2);
    assert_true(key_cmp(&a, &b) != 0);
    /* NULL: the key is skipped. */
    assert_int_equal(unique_key_add(&a, (OmType){TYPE_INT4, -1}, NULL, true), 1);
    unique_key_fini(&a);
    unique_key_fini(&b);
}

static void test_encoding_order(void **state)
{
    (void)state;
    UniqueKey a, b;
    unique_key_init(&a);
    unique_key_init(&b);
    int64_t ints[] = {INT64_MIN, -5, -1, 0, 1, 7, INT64_MAX};
    for (size_t i = 0; i + 1 < sizeof(ints) / sizeof(ints[0]); i++) {
        encode1(&a, TYPE_INT8, &ints[i]);
        encode1(&b, TYPE_INT8, &ints[i + 1]);
        assert_true(key_cmp(&a, &b) < 0);
    }
    double dbl[] = {-INFINITY, -1e10, -0.5, 0.0, 1e-300, 2.5, INFINITY, NAN};
    for (size_t i = 0; i + 1 < sizeof(dbl) / sizeof(dbl[0]); i++) {
        encode1(&a, TYPE_FLOAT8, &dbl[i]);
        encode1(&b, TYPE_FLOAT8, &dbl[i + 1]);
        assert_true(key_cmp(&a, &b) < 0);
    }
    /* Composite keys: ("a", "bc") < ("ab", "c") because "a" < "ab". */
    StrView x1 = strview_make("a", 1), x2 = strview_make("bc", 2);
    StrView y1 = strview_make("ab", 2), y2 = strview_make("c", 1);
    OmType text = {TYPE_TEXT, -1};
    unique_key_reset(&a);
    unique_key_add(&a, text, &x1, false);
    unique_key_add(&a, text, &x2, false);
    unique_key_reset(&b);
    unique_key_add(&b, text, &y1, false);
    unique_key_add(&b, text, &y2, false);
    assert_true(key_cmp(&a, &b) < 0);
    unique_key_fini(&a);
    unique_key_fini(&b);
}

static void test_map(void **state)
{
    (void)state;
    size_t before = storage_bytes();
    UniqueIndex *ix = unique_index_create();
    UniqueKey k;
    unique_key_init(&k);
    const int64_t n = 200000;
    for (int64_t i = 0; i < n; i++) {
        encode1(&k, TYPE_INT8, &i);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, (uint64_t)i * 2, NULL), 0);
    }
    assert_int_equal(unique_index_count(ix), n);
    for (int64_t i = 0; i < n; i += 7) {
        uint64_t rid, existing = 0;
        encode1(&k, TYPE_INT8, &i);
        assert_true(unique_index_lookup(ix, k.data, k.len, &rid));
        assert_int_equal(rid, (uint64_t)i * 2);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, 1, &existing), 1);
        assert_int_equal(existing, (uint64_t)i * 2);
    }
    int64_t absent = n + 5;
    encode1(&k, TYPE_INT8, &absent);
    assert_false(unique_index_lookup(ix, k.data, k.len, NULL));
    /* Delete, then re-insert through tombstones. */
    for (int64_t i = 0; i < 1000; i++) {
        encode1(&k, TYPE_INT8, &i);
        assert_true(unique_index_delete(ix, k.data, k.len));
        assert_false(unique_index_delete(ix, k.data, k.len));
    }
    assert_int_equal(unique_index_count(ix), n - 1000);
    for (int64_t i = 0; i < 1000; i++) {
        encode1(&k, TYPE_INT8, &i);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, 5, NULL), 0);
    }
    /* Truncate: drop every entry with row id >= n (ids were 2 * key). */
    unique_index_truncate(ix, (uint64_t)n);
    assert_int_equal(unique_index_count(ix), n / 2);
    int64_t kept = n / 2 - 1, gone = n / 2;
    encode1(&k, TYPE_INT8, &kept);
    assert_true(unique_index_lookup(ix, k.data, k.len, NULL));
    encode1(&k, TYPE_INT8, &gone);
    assert_false(unique_index_lookup(ix, k.data, k.len, NULL));
    assert_true(unique_index_memory_bytes(ix) > 0);
    unique_index_destroy(ix);
    unique_key_fini(&k);
    assert_int_equal(storage_bytes(), before);
}

static void test_long_keys(void **state)
{
    (void)state;
    UniqueIndex *ix = unique_index_create();
    UniqueKey k;
    unique_key_init(&k);
    char buf[300];
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(buf, sizeof(buf), "%0200d-with-a-long-tail", i);
        StrView s = strview_make(buf, (uint32_t)len);
        encode1(&k, TYPE_TEXT, &s);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, (uint64_t)i, NULL), 0);
    }
    for (int i = 0; i < 5000; i += 13) {
        int len = snprintf(buf, sizeof(buf), "%0200d-with-a-long-tail", i);
        StrView s = strview_make(buf, (uint32_t)len);
        encode1(&k, TYPE_TEXT, &s);
        uint64_t rid;
        assert_true(unique_index_lookup(ix, k.data, k.len, &rid));
        assert_int_equal(rid, (uint64_t)i);
    }
    unique_index_truncate(ix, 0);
    assert_int_equal(unique_index_count(ix), 0);
    unique_index_destroy(ix);
    unique_key_fini(&k);
}

static void test_table_unique_defs(void **state)
{
    (void)state;
    OmType types[3] = {{TYPE_INT4, -1}, {TYPE_TEXT, -1}, {TYPE_INT8, -1}};
    StorageTable *t = storage_table_create(3, types);
    int cols0[1] = {0}, cols1[2] = {1, 2};
    assert_int_equal(storage_table_add_unique(t, 1, cols0), 0);
    assert_int_equal(storage_table_add_unique(t, 2, cols1), 1);
    assert_int_equal(storage_table_unique_count(t), 2);
    int n;
    const int *c = storage_table_unique_cols(t, 1, &n);
    assert_int_equal(n, 2);
    assert_int_equal(c[0], 1);
    assert_int_equal(c[1], 2);
    assert_non_null(storage_table_unique(t, 0));
    storage_table_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding_equality),
        cmocka_unit_test(test_encoding_order),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_long_keys),
        cmocka_unit_test(test_table_unique_defs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
