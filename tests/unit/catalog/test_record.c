/*
 * test_record.c — the stored form of anonymous records (catalog/record.h):
 * writing and reading fields back, PostgreSQL's record_out text (quoting,
 * NULL fields, nesting), NULL-field summaries, damaged bytes, and the btree
 * order and hashing of exec/vector_ops.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/record.h"
#include "catalog/session_settings.h"
#include "exec/vector_ops.h"

static Arena *arena;
static SessionSettings settings;

static int setup(void **state)
{
    (void)state;
    if (arena) arena_destroy(arena);
    arena = arena_create(NULL, "record");
    session_settings_defaults(&settings);
    return 0;
}

static Value int4(int32_t v)
{
    Value x;
    memset(&x, 0, sizeof(x));
    x.type = OM_TYPE(TYPE_INT4);
    x.u.i32 = v;
    return x;
}

static Value text(const char *s)
{
    Value x;
    memset(&x, 0, sizeof(x));
    x.type = OM_TYPE(TYPE_TEXT);
    x.u.str = strview_make(s, (uint32_t)strlen(s));
    return x;
}

static Value null_of(TypeId t)
{
    Value x;
    memset(&x, 0, sizeof(x));
    x.type = OM_TYPE(t);
    x.is_null = true;
    return x;
}

/* The record of fields[0..n) as a view over arena bytes. */
static StrView make(const Value *fields, uint32_t n)
{
    StrBuf sb;
    strbuf_init(&sb, arena);
    record_write(fields, n, &sb);
    return strview_make(sb.data, (uint32_t)sb.len);
}

static const char *out(const StrView *s)
{
    StrBuf sb;
    strbuf_init(&sb, arena);
    record_text_out(s, &settings, &sb);
    return sb.data;
}

static void test_round_trip(void **state)
{
    (void)state;
    Value f[3] = {int4(42), null_of(TYPE_TEXT), text("a longer string than twelve bytes")};
    StrView r = make(f, 3);
    RecordView rv;
    assert_int_equal(record_view(&r, &rv, NULL), 0);
    assert_int_equal(rv.nfields, 3);
    Value v;
    assert_true(record_field(&r, 0, &v));
    assert_int_equal(v.type.id, TYPE_INT4);
    assert_int_equal(v.u.i32, 42);
    assert_true(record_field(&r, 1, &v));
    assert_true(v.is_null);
    assert_int_equal(v.type.id, TYPE_TEXT);
    assert_true(record_field(&r, 2, &v));
    assert_int_equal(v.u.str.len, 33);
    assert_memory_equal(strview_data(&v.u.str), "a longer string than twelve bytes", 33);
    assert_false(record_field(&r, 3, &v));
    /* an untyped literal or NULL is stored as text */
    Value u = text("lit");
    u.type = OM_TYPE(TYPE_UNKNOWN);
    StrView ru = make(&u, 1);
    assert_true(record_field(&ru, 0, &v));
    assert_int_equal(v.type.id, TYPE_TEXT);
}

static void test_text_out(void **state)
{
    (void)state;
    Value f[] = {int4(1), text("abc")};
    StrView r = make(f, 2);
    assert_string_equal(out(&r), "(1,abc)");
    Value q[] = {text(""),  text("a b"), text("x\"y"), text("a\\b"),       text("("),
                 text(")"), text(","),   text("\t"),   null_of(TYPE_INT4), text("plain")};
    StrView rq = make(q, 10);
    assert_string_equal(out(&rq),
                        "(\"\",\"a b\",\"x\"\"y\",\"a\\\\b\",\"(\",\")\",\",\",\"\t\",,plain)");
    StrView empty = make(NULL, 0);
    assert_string_equal(out(&empty), "()");
    Value one_null = null_of(TYPE_INT4);
    StrView rn = make(&one_null, 1);
    assert_string_equal(out(&rn), "()");
    /* a nested record is quoted as a field */
    Value nested;
    memset(&nested, 0, sizeof(nested));
    nested.type = OM_TYPE(TYPE_RECORD);
    nested.u.str = r;
    Value outer[] = {nested, text("c")};
    StrView ro = make(outer, 2);
    assert_string_equal(out(&ro), "(\"(1,abc)\",c)");
}

static void test_null_fields(void **state)
{
    (void)state;
    bool all, any;
    Value a[] = {null_of(TYPE_INT4), null_of(TYPE_TEXT)};
    StrView ra = make(a, 2);
    record_null_fields(&ra, &all, &any);
    assert_true(all);
    assert_true(any);
    Value b[] = {int4(1), null_of(TYPE_TEXT)};
    StrView rb = make(b, 2);
    record_null_fields(&rb, &all, &any);
    assert_false(all);
    assert_true(any);
    Value c[] = {int4(1), text("x")};
    StrView rc = make(c, 2);
    record_null_fields(&rc, &all, &any);
    assert_false(all);
    assert_false(any);
}

static void test_damaged(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    RecordView rv;
    StrView tiny = strview_make("\x01", 1);
    assert_int_equal(record_view(&tiny, &rv, &err), -1);
    assert_string_equal(err.sqlstate, "XX001");
    /* a field count beyond the bytes */
    char many[8] = {0x10, 0, 0, 0, TYPE_INT4, 0, 0, 0};
    StrView rm = strview_make(many, 8);
    assert_int_equal(record_view(&rm, &rv, NULL), -1);
    /* an unknown type byte */
    char bad_type[10] = {1, 0, 0, 0, 0, 0, 0, 0, (char)250, 0};
    StrView rt = strview_make(bad_type, 10);
    assert_int_equal(record_view(&rt, &rv, NULL), -1);
    assert_string_equal(out(&rt), "()");
    /* a string field whose length runs past the end reads as NULL */
    Value f = text("a longer string than twelve bytes");
    StrView r = make(&f, 1);
    StrView cut = strview_make(strview_data(&r), r.len - 5);
    Value v;
    assert_true(record_field(&cut, 0, &v));
    assert_true(v.is_null);
}

/* Nesting doubles the quotes of the inner text at each level: the bound
 * grows with it and saturates instead of wrapping. */
static void test_text_bound(void **state)
{
    (void)state;
    Value f = text("ab");
    StrView r = make(&f, 1);
    RecordView rv;
    assert_int_equal(record_view(&r, &rv, NULL), 0);
    assert_true(rv.text_bound >= strlen(out(&r)));
    uint32_t prev = rv.text_bound;
    for (int depth = 0; depth < 40; depth++) {
        Value nested;
        memset(&nested, 0, sizeof(nested));
        nested.type = OM_TYPE(TYPE_RECORD);
        nested.u.str = r;
        r = make(&nested, 1);
        assert_int_equal(record_view(&r, &rv, NULL), 0);
        if (depth < 8) assert_true(rv.text_bound >= strlen(out(&r)));
        assert_true(rv.text_bound >= prev);
        prev = rv.text_bound;
    }
    assert_int_equal(prev, UINT32_MAX);
}

static void test_order_and_hash(void **state)
{
    (void)state;
    Value a[] = {int4(1), text("x")}, b[] = {int4(1), text("y")},
          c[] = {int4(1), null_of(TYPE_TEXT)};
    StrView ra = make(a, 2), rb = make(b, 2), rc = make(c, 2), rc2 = make(c, 2);
    assert_true(value_cmp(TYPE_RECORD, &ra, &rb) < 0);
    assert_true(value_cmp(TYPE_RECORD, &rb, &ra) > 0);
    assert_true(value_cmp(TYPE_RECORD, &rb, &rc) < 0); /* NULL after every value */
    assert_int_equal(value_cmp(TYPE_RECORD, &rc, &rc2), 0);
    assert_true(value_eq(TYPE_RECORD, &rc, &rc2));
    assert_true(value_hash(TYPE_RECORD, &rc) == value_hash(TYPE_RECORD, &rc2));
    /* equal numerics of different scales compare and hash equal */
    Value n1, n2;
    memset(&n1, 0, sizeof(n1));
    n1.type = OM_TYPE(TYPE_NUMERIC);
    n1.u.num = numeric_make(15, 1);
    n2 = n1;
    n2.u.num = numeric_make(150, 2);
    StrView x = make(&n1, 1), y = make(&n2, 1);
    assert_int_equal(value_cmp(TYPE_RECORD, &x, &y), 0);
    assert_true(value_hash(TYPE_RECORD, &x) == value_hash(TYPE_RECORD, &y));
    /* fewer fields first */
    StrView one = make(a, 1);
    assert_true(value_cmp(TYPE_RECORD, &one, &ra) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_round_trip, setup),
        cmocka_unit_test_setup(test_text_out, setup),
        cmocka_unit_test_setup(test_null_fields, setup),
        cmocka_unit_test_setup(test_damaged, setup),
        cmocka_unit_test_setup(test_text_bound, setup),
        cmocka_unit_test_setup(test_order_and_hash, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
