/*
 * test_catalog_sequence.c — sequences in the catalog: PostgreSQL's option
 * defaults and validation (catalog_sequence_define), nextval's steps with
 * logging ahead, bounds and CYCLE (catalog_sequence_next), setval's range,
 * the relation namespace and ownership.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/catalog.h"

static CatSequence define(const CatSeqOptions *o, int expect_rc, const char *msg)
{
    CatSequence s;
    memset(&s, 0, sizeof(s));
    snprintf(s.name, sizeof(s.name), "s");
    OmError err;
    error_clear(&err);
    int rc = catalog_sequence_define(&s, o, true, &err);
    assert_int_equal(rc, expect_rc);
    if (msg) assert_string_equal(err.message, msg);
    return s;
}

static int64_t next(CatSequence *s, bool *logit, int64_t *logged)
{
    OmError err;
    error_clear(&err);
    int64_t v;
    assert_int_equal(catalog_sequence_next(s, &v, logit, logged, &err), 0);
    return v;
}

static void test_defaults(void **state)
{
    (void)state;
    CatSeqOptions o = {0};
    CatSequence s = define(&o, 0, NULL);
    assert_int_equal(s.type, TYPE_INT8);
    assert_int_equal(s.start, 1);
    assert_int_equal(s.min, 1);
    assert_true(s.max == INT64_MAX);
    assert_int_equal(s.cache, 1);
    o.has_increment = true;
    o.increment = -1;
    o.has_type = true;
    o.type = TYPE_INT2;
    s = define(&o, 0, NULL);
    assert_int_equal(s.max, -1);
    assert_int_equal(s.min, INT16_MIN);
    assert_int_equal(s.start, -1);
}

static void test_errors(void **state)
{
    (void)state;
    CatSeqOptions o = {0};
    o.has_increment = true;
    define(&o, -1, "INCREMENT must not be zero");
    memset(&o, 0, sizeof(o));
    o.has_min = o.has_max = true;
    o.min = 10;
    o.max = 5;
    define(&o, -1, "MINVALUE (10) must be less than MAXVALUE (5)");
    memset(&o, 0, sizeof(o));
    o.has_start = true;
    define(&o, -1, "START value (0) cannot be less than MINVALUE (1)");
    memset(&o, 0, sizeof(o));
    o.has_type = o.has_max = true;
    o.type = TYPE_INT4;
    o.max = 3000000000LL;
    define(&o, -1, "MAXVALUE (3000000000) is out of range for sequence data type integer");
    memset(&o, 0, sizeof(o));
    o.has_cache = true;
    define(&o, -1, "CACHE (0) must be greater than zero");
}

static void test_next_logs_ahead(void **state)
{
    (void)state;
    CatSeqOptions o = {0};
    o.has_increment = true;
    o.increment = 50;
    CatSequence s = define(&o, 0, NULL);
    bool logit;
    int64_t logged;
    assert_int_equal(next(&s, &logit, &logged), 1);
    assert_true(logit);
    assert_int_equal(logged, 1 + 32 * 50);
    for (int i = 1; i <= 32; i++) {
        assert_int_equal(next(&s, &logit, &logged), 1 + i * 50);
        assert_false(logit); /* every value up to the logged one without a record */
    }
    assert_int_equal(next(&s, &logit, &logged), 1 + 33 * 50);
    assert_true(logit);
    assert_true(logged >= 1 + 33 * 50);
}

static void test_bounds_and_cycle(void **state)
{
    (void)state;
    CatSeqOptions o = {0};
    o.has_max = true;
    o.max = 3;
    CatSequence s = define(&o, 0, NULL);
    bool logit;
    int64_t logged;
    for (int i = 1; i <= 3; i++) assert_int_equal(next(&s, &logit, &logged), i);
    assert_int_equal(logged, 3); /* logging ahead stops at the end */
    OmError err;
    error_clear(&err);
    int64_t v;
    assert_int_equal(catalog_sequence_next(&s, &v, &logit, &logged, &err), -1);
    assert_string_equal(err.sqlstate, "2200H");
    assert_string_equal(err.message, "nextval: reached maximum value of sequence \"s\" (3)");
    o.has_cycle = o.cycle = true;
    s = define(&o, 0, NULL);
    int64_t want[] = {1, 2, 3, 1, 2};
    for (int i = 0; i < 5; i++) assert_int_equal(next(&s, &logit, &logged), want[i]);
    error_clear(&err);
    assert_int_equal(catalog_sequence_setval(&s, 4, true, &err), -1);
    assert_string_equal(err.message, "setval: value 4 is out of bounds for sequence \"s\" (1..3)");
    assert_int_equal(catalog_sequence_setval(&s, 2, false, &err), 0);
    assert_int_equal(next(&s, &logit, &logged), 2);
}

static void test_catalog_objects(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    CatSchema *pub = catalog_schema_find(cat, "public");
    CatSequence tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    tmpl.schema = pub;
    snprintf(tmpl.name, sizeof(tmpl.name), "seq");
    CatSeqOptions o = {0};
    OmError err;
    error_clear(&err);
    assert_int_equal(catalog_sequence_define(&tmpl, &o, true, &err), 0);
    tmpl.owner_table = 424242;
    snprintf(tmpl.owner_col, sizeof(tmpl.owner_col), "id");
    CatSequence *s;
    assert_int_equal(catalog_sequence_create(cat, &tmpl, &s, &err), 0);
    assert_true(s->oid >= OID_FIRST_NORMAL);
    assert_true(catalog_relation_name_taken(cat, pub, "seq"));
    assert_ptr_equal(catalog_sequence_lookup(cat, "public", "seq"), s);
    assert_ptr_equal(catalog_sequence_by_oid(cat, s->oid), s);
    assert_int_equal(catalog_sequence_create(cat, &tmpl, NULL, &err), -1);
    assert_string_equal(err.sqlstate, "42P07");
    catalog_sequence_rename_owner_col(cat, 424242, "id", "ident");
    assert_ptr_equal(catalog_sequence_owned_by(cat, 424242, "ident"), s);
    catalog_sequence_drop_owned(cat, 424242, NULL);
    assert_int_equal(catalog_sequence_count(cat), 0);
    catalog_destroy(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_next_logs_ahead), cmocka_unit_test(test_bounds_and_cycle),
        cmocka_unit_test(test_catalog_objects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
