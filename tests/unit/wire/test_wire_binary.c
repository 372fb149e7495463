/*
 * test_wire_binary.c — binary send/receive (wire_binary.c): byte-exact
 * layouts checked against PostgreSQL's documented formats, round trips of
 * edge values, and the errors bad input must raise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "wire/wire_binary.h"

static SessionSettings g_settings;

static void expect_out(OmType type, const Value *v, const void *want, size_t len)
{
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_binary_out(type, value_payload(v), &sb);
    assert_int_equal(sb.len, len);
    assert_memory_equal(sb.data, want, len);
    strbuf_fini(&sb);
}

/* Sends v, receives the bytes back as `type`, returns the decoded value. */
static Value round_trip(OmType type, const Value *v, Arena *arena)
{
    StrBuf sb;
    strbuf_init(&sb, arena);
    wire_binary_out(type, value_payload(v), &sb);
    Value back;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_binary_in(type, sb.data, sb.len, &g_settings, arena, &back, &err), 0);
    return back;
}

static int expect_in_error(OmType type, const void *data, size_t len, const char *sqlstate)
{
    Arena *arena = arena_create(NULL, "test");
    Value v;
    OmError err;
    error_clear(&err);
    int rc = wire_binary_in(type, data, len, &g_settings, arena, &v, &err);
    assert_int_equal(rc, -1);
    assert_string_equal(err.sqlstate, sqlstate);
    arena_destroy(arena);
    return 0;
}

static Value make(TypeId id)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = OM_TYPE(id);
    return v;
}

static void test_integers(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    Value v = make(TYPE_INT4);
    v.u.i32 = 42;
    expect_out(v.type, &v, "\0\0\0\x2a", 4);
    v.u.i32 = INT32_MIN;
    expect_out(v.type, &v, "\x80\0\0\0", 4);
    assert_int_equal(round_trip(v.type, &v, arena).u.i32, INT32_MIN);
    Value s = make(TYPE_INT2);
    s.u.i16 = -1;
    expect_out(s.type, &s, "\xff\xff", 2);
    s.u.i16 = INT16_MAX;
    assert_int_equal(round_trip(s.type, &s, arena).u.i16, INT16_MAX);
    Value l = make(TYPE_INT8);
    l.u.i64 = INT64_MIN;
    expect_out(l.type, &l, "\x80\0\0\0\0\0\0\0", 8);
    assert_true(round_trip(l.type, &l, arena).u.i64 == INT64_MIN);
    l.u.i64 = INT64_MAX;
    assert_true(round_trip(l.type, &l, arena).u.i64 == INT64_MAX);
    Value b = make(TYPE_BOOL);
    b.u.b = true;
    expect_out(b.type, &b, "\x01", 1);
    expect_in_error(OM_TYPE(TYPE_INT4), "\0\0\0", 3, "08P01");     /* short */
    expect_in_error(OM_TYPE(TYPE_INT4), "\0\0\0\0\0", 5, "22P03"); /* long */
    expect_in_error(OM_TYPE(TYPE_INT8), "\0\0\0\0", 4, "08P01");
    expect_in_error(OM_TYPE(TYPE_BOOL), "", 0, "08P01");
    arena_destroy(arena);
}

static void test_floats(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    Value d = make(TYPE_FLOAT8);
    d.u.f8 = -0.0;
    expect_out(d.type, &d, "\x80\0\0\0\0\0\0\0", 8);
    Value back = round_trip(d.type, &d, arena);
    assert_true(back.u.f8 == 0.0 && signbit(back.u.f8));
    d.u.f8 = 1.0;
    expect_out(d.type, &d, "\x3f\xf0\0\0\0\0\0\0", 8);
    d.u.f8 = INFINITY;
    assert_true(isinf(round_trip(d.type, &d, arena).u.f8));
    d.u.f8 = NAN;
    assert_true(isnan(round_trip(d.type, &d, arena).u.f8));
    Value f = make(TYPE_FLOAT4);
    f.u.f4 = -INFINITY;
    expect_out(f.type, &f, "\xff\x80\0\0", 4);
    f.u.f4 = 1.5f;
    assert_true(round_trip(f.type, &f, arena).u.f4 == 1.5f);
    arena_destroy(arena);
}

static Value numeric(__int128 mantissa, int scale)
{
    Value v = make(TYPE_NUMERIC);
    v.u.num = numeric_make(mantissa, scale);
    return v;
}

static void test_numeric_layout(void **state)
{
    (void)state;
    Value zero = numeric(0, 2); /* 0.00: no digits, dscale 2 */
    expect_out(zero.type, &zero, "\0\0\0\0\0\0\0\x02", 8);
    Value v = numeric(12345678, 3); /* 12345.678 = 1 | 2345 . 6780 */
    expect_out(v.type, &v, "\0\x03\0\x01\0\0\0\x03\0\x01\x09\x29\x1a\x7c", 14);
    Value small = numeric(-1, 4); /* -0.0001: one digit 1 at weight -1 */
    expect_out(small.type, &small, "\0\x01\xff\xff\x40\0\0\x04\0\x01", 10);
    Value big = numeric(10000, 0); /* 10000: trailing zero digit stripped */
    expect_out(big.type, &big, "\0\x01\0\x01\0\0\0\0\0\x01", 10);
}

static void test_numeric_round_trip(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    __int128 nines = 0;
    for (int i = 0; i < 35; i++) nines = nines * 10 + 9; /* 35 digits: fits 120 bits */
    struct {
        __int128 m;
        int scale;
    } cases[] = {
        {0, 0},     {1, 0},       {-1, 0},     {123456789, 4}, {-5, 10},
        {nines, 0}, {-nines, 18}, {nines, 35}, {100000000, 0}, {7, 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Value v = numeric(cases[i].m, cases[i].scale);
        Value back = round_trip(v.type, &v, arena);
        assert_true(numeric_mantissa(back.u.num) == cases[i].m);
        assert_int_equal(numeric_scale(back.u.num), cases[i].scale);
    }
    arena_destroy(arena);
}

static void test_numeric_input(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    OmError err;
    error_clear(&err);
    Value v;
    /* 1.23456 sent with dscale 2 rounds to 1.23; 1.235 with dscale 2 to 1.24 */
    const char a[] = "\0\x03\0\0\0\0\0\x02\0\x01\x09\x29\x17\x70";
    assert_int_equal(wire_binary_in(OM_TYPE(TYPE_NUMERIC), a, 14, &g_settings, arena, &v, &err), 0);
    assert_true(numeric_mantissa(v.u.num) == 123);
    const char b[] = "\0\x02\0\0\0\0\0\x02\0\x01\x09\x2e";
    assert_int_equal(wire_binary_in(OM_TYPE(TYPE_NUMERIC), b, 12, &g_settings, arena, &v, &err), 0);
    assert_true(numeric_mantissa(v.u.num) == 124);
    /* typmod numeric(5,1) applies its rounding */
    OmType t51 = {TYPE_NUMERIC, typmod_numeric(5, 1)};
    assert_int_equal(wire_binary_in(t51, a, 14, &g_settings, arena, &v, &err), 0);
    assert_true(numeric_mantissa(v.u.num) == 12 && numeric_scale(v.u.num) == 1);
    /* NaN and +-Infinity (their digits are ignored); numeric(5,1) holds NaN only */
    assert_int_equal(wire_binary_in(OM_TYPE(TYPE_NUMERIC), "\0\0\0\0\xc0\0\0\0", 8, &g_settings,
                                    arena, &v, &err),
                     0);
    assert_true(numeric_is_nan(v.u.num));
    assert_int_equal(wire_binary_in(OM_TYPE(TYPE_NUMERIC), "\0\x01\0\0\xd0\0\0\0\0\x05", 10,
                                    &g_settings, arena, &v, &err),
                     0);
    assert_int_equal(numeric_inf_sign(v.u.num), 1);
    assert_int_equal(wire_binary_in(OM_TYPE(TYPE_NUMERIC), "\0\0\0\0\xf0\0\0\0", 8, &g_settings,
                                    arena, &v, &err),
                     0);
    assert_int_equal(numeric_inf_sign(v.u.num), -1);
    assert_int_equal(wire_binary_in(t51, "\0\0\0\0\xc0\0\0\0", 8, &g_settings, arena, &v, &err), 0);
    assert_true(numeric_is_nan(v.u.num));
    expect_in_error(t51, "\0\0\0\0\xd0\0\0\0", 8, "22003");
    expect_in_error(OM_TYPE(TYPE_NUMERIC), "\0\0\0\0\x80\0\0\0", 8, "22P03");          /* sign */
    expect_in_error(OM_TYPE(TYPE_NUMERIC), "\0\x01\0\0\0\0\0\0\x27\x10", 10, "22P03"); /* 10000 */
    expect_in_error(OM_TYPE(TYPE_NUMERIC), "\0\x02\0\0\0\0\0\0\0\x01", 10, "08P01");   /* short */
    expect_in_error(OM_TYPE(TYPE_NUMERIC), "\0\x01\0\x0a\0\0\0\0\0\x01", 10, "22003"); /* 1e40 */
    arena_destroy(arena);
}

static void test_datetime(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    Value d = make(TYPE_DATE);
    d.u.i32 = -1;
    expect_out(d.type, &d, "\xff\xff\xff\xff", 4);
    d.u.i32 = -2451545; /* 4714-11-24 BC, the first valid date */
    assert_int_equal(round_trip(d.type, &d, arena).u.i32, -2451545);
    d.u.i32 = DATE_POS_INFINITY;
    assert_int_equal(round_trip(d.type, &d, arena).u.i32, DATE_POS_INFINITY);
    expect_in_error(OM_TYPE(TYPE_DATE), "\xff\xda\x97\xa6", 4, "22008"); /* one day earlier */
    Value ts = make(TYPE_TIMESTAMPTZ);
    ts.u.i64 = TS_NEG_INFINITY;
    expect_out(ts.type, &ts, "\x80\0\0\0\0\0\0\0", 8);
    ts.u.i64 = INT64_C(-63000000000000000); /* a BC timestamp */
    assert_true(round_trip(ts.type, &ts, arena).u.i64 == INT64_C(-63000000000000000));
    expect_in_error(OM_TYPE(TYPE_TIMESTAMP), "\x7f\xff\xff\xff\xff\xff\xff\xfe", 8, "22008");
    Value tm = make(TYPE_TIME);
    tm.u.i64 = USECS_PER_DAY;
    assert_true(round_trip(tm.type, &tm, arena).u.i64 == USECS_PER_DAY);
    expect_in_error(OM_TYPE(TYPE_TIME), "\xff\xff\xff\xff\xff\xff\xff\xff", 8, "22008");
    Value iv = make(TYPE_INTERVAL);
    iv.u.iv = (OmInterval){1000000, -2, 14};
    expect_out(iv.type, &iv, "\0\0\0\0\0\x0f\x42\x40\xff\xff\xff\xfe\0\0\0\x0e", 16);
    Value back = round_trip(iv.type, &iv, arena);
    assert_true(back.u.iv.micros == 1000000 && back.u.iv.days == -2 && back.u.iv.months == 14);
    arena_destroy(arena);
}

static void test_strings_bytes_uuid(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    Value t = make(TYPE_TEXT);
    const char *long_text = "a text longer than twelve bytes, with ünïcode";
    t.u.str = strview_make(long_text, (uint32_t)strlen(long_text));
    expect_out(t.type, &t, long_text, strlen(long_text));
    Value back = round_trip(t.type, &t, arena);
    assert_int_equal(back.u.str.len, strlen(long_text));
    assert_memory_equal(strview_data(&back.u.str), long_text, strlen(long_text));
    expect_in_error(OM_TYPE(TYPE_TEXT), "a\xff", 2, "22021");
    expect_in_error(OM_TYPE(TYPE_TEXT), "a\0b", 3, "22021");
    expect_in_error(OM_TYPE(TYPE_TEXT), "\xe2\x82", 2, "22021"); /* truncated sequence */
    OmType vc3 = {TYPE_VARCHAR, 3 + 4};
    expect_in_error(vc3, "abcd", 4, "22001");
    Value by = make(TYPE_BYTEA);
    by.u.str = strview_make("\0\x01\xff", 3);
    expect_out(by.type, &by, "\0\x01\xff", 3);
    back = round_trip(by.type, &by, arena);
    assert_memory_equal(strview_data(&back.u.str), "\0\x01\xff", 3);
    Value u = make(TYPE_UUID);
    for (int i = 0; i < 16; i++) u.u.uuid.b[i] = (uint8_t)(i * 17);
    back = round_trip(u.type, &u, arena);
    assert_memory_equal(back.u.uuid.b, u.u.uuid.b, 16);
    expect_in_error(OM_TYPE(TYPE_UUID), "0123456789abcde", 15, "08P01");
    arena_destroy(arena);
}

int main(void)
{
    session_settings_defaults(&g_settings);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),           cmocka_unit_test(test_floats),
        cmocka_unit_test(test_numeric_layout),     cmocka_unit_test(test_numeric_round_trip),
        cmocka_unit_test(test_numeric_input),      cmocka_unit_test(test_datetime),
        cmocka_unit_test(test_strings_bytes_uuid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
