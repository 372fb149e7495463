/*
 * test_funcs.c — the function/operator/cast catalog: resolution picks,
 * arithmetic results and errors, casts, string, math and datetime functions.
 * Expected strings are what PostgreSQL 15 prints.
 */
#include "expr_test_util.h"

#define EQ(expr, expected)    assert_string_equal(ev(expr), expected)
#define ERRSTATE(expr, state) assert_true(strncmp(ev(expr), "ERROR " state, 11) == 0)

static int setup(void **state)
{
    (void)state;
    t_setup();
    return 0;
}

static void test_resolution(void **state)
{
    (void)state;
    /* int4 + int8 -> the int48 overload, bigint */
    Expr *e = call2("+", I4("1"), I8("2"));
    assert_non_null(e);
    assert_int_equal(e->u.func.def->args[0], TYPE_INT4);
    assert_int_equal(e->u.func.def->args[1], TYPE_INT8);
    assert_string_equal(typename_of(e), "bigint");
    EQ(e, "3");
    /* int4 + '1' -> int4 + int4 */
    e = call2("+", I4("1"), UNK("1"));
    assert_string_equal(typename_of(e), "integer");
    EQ(e, "2");
    /* 1 + 1.5 -> numeric */
    e = call2("+", I4("1"), NUM("1.5"));
    assert_string_equal(typename_of(e), "numeric");
    EQ(e, "2.5");
    /* float8 + numeric -> float8 */
    e = call2("+", F8("1"), NUM("1.5"));
    assert_string_equal(typename_of(e), "double precision");
    EQ(e, "2.5");
    /* 'a' = 'b' -> text = text */
    e = call2("=", UNK("a"), UNK("a"));
    assert_int_equal(e->u.func.def->args[0], TYPE_TEXT);
    EQ(e, "t");
    /* varchar = varchar -> text */
    Expr *v = cast_to(TXT("x"), OM_TYPE(TYPE_VARCHAR), CAST_EXPLICIT);
    e = call2("=", v, v);
    assert_int_equal(e->u.func.def->args[0], TYPE_TEXT);
    /* || coercion */
    EQ(call2("||", BOOL("t"), UNK("x")), "truex");
    EQ(call2("||", I4("1"), UNK("a")), "1a");
    EQ(call2("||", UNK("a"), NUM("2.50")), "a2.50");
    EQ(call2("||", UNK("a"), UNK("b")), "ab");
    /* date vs timestamp compare through the implicit cast */
    e = call2("<", lit(TYPE_DATE, "2024-01-01"), lit(TYPE_TIMESTAMP, "2024-01-01 10:00"));
    EQ(e, "t");
    /* errors */
    e = call2("+", I4("1"), BOOL("t"));
    assert_null(e);
    assert_string_equal(t_err.sqlstate, "42883");
    assert_string_equal(t_err.message, "operator does not exist: integer + boolean");
    assert_true(strstr(t_err.hint, "explicit type casts") != NULL);
    error_clear(&t_err);
    e = call1("foo", I4("1"));
    assert_null(e);
    assert_string_equal(t_err.message, "function foo(integer) does not exist");
    error_clear(&t_err);
    e = call1("-", BOOL("t"));
    assert_null(e);
    assert_string_equal(t_err.message, "operator does not exist: - boolean");
    error_clear(&t_err);
    /* unknown + unknown is ambiguous in PostgreSQL */
    e = call2("+", UNK("1"), UNK("2"));
    assert_null(e);
    assert_string_equal(t_err.sqlstate, "42725");
    error_clear(&t_err);
    /* greatest uses the common type */
    e = call2("greatest", I4("1"), NUM("2.5"));
    assert_string_equal(typename_of(e), "numeric");
    EQ(e, "2.5");
    EQ(call3("least", I4("3"), lit(TYPE_INT4, NULL), I4("2")), "2");
}

static void test_integer_arith(void **state)
{
    (void)state;
    EQ(call2("/", I4("5"), I4("2")), "2");
    EQ(call2("/", I4("-5"), I4("2")), "-2");
    EQ(call2("%", I4("-5"), I4("3")), "-2");
    EQ(call2("*", I2("200"), I2("300")), "ERROR 22003: smallint out of range");
    EQ(call2("+", I4("2147483647"), I4("1")), "ERROR 22003: integer out of range");
    EQ(call2("*", I8("9223372036854775807"), I8("2")), "ERROR 22003: bigint out of range");
    EQ(call2("/", I4("-2147483648"), I4("-1")), "ERROR 22003: integer out of range");
    EQ(call2("%", I4("-2147483648"), I4("-1")), "0");
    EQ(call2("/", I4("1"), I4("0")), "ERROR 22012: division by zero");
    EQ(call2("%", I8("1"), I8("0")), "ERROR 22012: division by zero");
    EQ(call1("-", I4("-2147483648")), "ERROR 22003: integer out of range");
    EQ(call2("+", I2("1"), I4("2147483646")), "2147483647");
    EQ(call2("/", F8("1"), F8("0")), "ERROR 22012: division by zero");
    EQ(call2("*", F8("1e300"), F8("1e300")), "ERROR 22003: value out of range: overflow");
    EQ(call2("+", F8("0.1"), F8("0.2")), "0.30000000000000004");
    EQ(call2("/", NUM("1"), NUM("0")), "ERROR 22012: division by zero");
    EQ(call2("%", I4("5"), lit(TYPE_INT4, NULL)), "NULL");
}

static void test_numeric_arith(void **state)
{
    (void)state;
    EQ(call2("/", NUM("1"), I4("3")), "0.33333333333333333333");
    EQ(call2("/", NUM("10"), I4("4")), "2.5000000000000000");
    EQ(call2("/", NUM("100"), NUM("7")), "14.2857142857142857");
    EQ(call2("/", NUM("1e20"), NUM("3")), "33333333333333333333");
    EQ(call2("/", NUM("0.001"), NUM("7")), "0.00014285714285714286");
    EQ(call2("*", NUM("1.5"), NUM("2.25")), "3.375");
    EQ(call2("+", NUM("1.50"), NUM("2.5")), "4.00");
    EQ(call2("%", NUM("7"), NUM("3.5")), "0.0");
    EQ(call2("*", NUM("999999999999999999999999999999"), NUM("1000000000")),
       "ERROR 22003: value overflows numeric format");
    EQ(call1("sqrt", NUM("2")), "1.414213562373095");
    EQ(call1("sqrt", NUM("100")), "10.000000000000000");
    EQ(call1("round", NUM("2.5")), "3");
    EQ(call1("round", NUM("-2.5")), "-3");
    EQ(call2("round", NUM("1234.567"), I4("2")), "1234.57");
    EQ(call2("round", NUM("1234.567"), I4("-2")), "1200");
    EQ(call1("trunc", NUM("-1.7")), "-1");
    EQ(call1("floor", NUM("-1.5")), "-2");
    EQ(call1("ceil", NUM("-1.5")), "-1");
    EQ(call1("round", F8("2.5")), "2");
    EQ(call1("abs", I4("-3")), "3");
    EQ(call2("div", NUM("7"), NUM("2")), "3");
    EQ(call1("sqrt", F8("-1")), "ERROR 2201F: cannot take square root of a negative number");
    EQ(call1("ln", F8("0")), "ERROR 2201E: cannot take logarithm of zero");
    EQ(call2("power", F8("2"), F8("10")), "1024");
}

static void test_casts(void **state)
{
    (void)state;
    EQ(cast_to(F8("2.5"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "2");
    EQ(cast_to(F8("3.5"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "4");
    EQ(cast_to(NUM("2.5"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "3");
    EQ(cast_to(NUM("-2.5"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "-3");
    EQ(cast_to(I8("3000000000"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT),
       "ERROR 22003: integer out of range");
    EQ(cast_to(F8("1e10"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "ERROR 22003: integer out of range");
    EQ(cast_to(F8("0.1"), OM_TYPE(TYPE_NUMERIC), CAST_EXPLICIT), "0.1");
    EQ(cast_to(NUM("123.456"), (OmType){TYPE_NUMERIC, typmod_numeric(5, 2)}, CAST_EXPLICIT),
       "123.46");
    EQ(cast_to(NUM("1234.5"), (OmType){TYPE_NUMERIC, typmod_numeric(5, 2)}, CAST_EXPLICIT),
       "ERROR 22003: numeric field overflow");
    EQ(cast_to(I4("42"), OM_TYPE(TYPE_TEXT), CAST_EXPLICIT), "42");
    EQ(cast_to(BOOL("t"), OM_TYPE(TYPE_TEXT), CAST_EXPLICIT), "true");
    EQ(cast_to(BOOL("t"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "1");
    EQ(cast_to(TXT(" 12 "), OM_TYPE(TYPE_INT4), CAST_EXPLICIT), "12");
    EQ(cast_to(TXT("abc"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT),
       "ERROR 22P02: invalid input syntax for type integer: \"abc\"");
    EQ(cast_to(UNK("99999999999"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT),
       "ERROR 22003: value \"99999999999\" is out of range for type integer");
    /* explicit varchar(n) truncates; assignment raises */
    EQ(cast_to(TXT("abcdef"), (OmType){TYPE_VARCHAR, 3 + 4}, CAST_EXPLICIT), "abc");
    EQ(cast_to(UNK("abcdef"), (OmType){TYPE_VARCHAR, 3 + 4}, CAST_EXPLICIT), "abc");
    EQ(cast_to(TXT("abcdef"), (OmType){TYPE_VARCHAR, 5 + 4}, CAST_ASSIGNMENT),
       "ERROR 22001: value too long for type character varying(5)");
    EQ(cast_to(TXT("ab"), (OmType){TYPE_BPCHAR, 4 + 4}, CAST_ASSIGNMENT), "ab  ");
    Expr *bp = cast_to(TXT("ab"), (OmType){TYPE_BPCHAR, 4 + 4}, CAST_ASSIGNMENT);
    EQ(cast_to(bp, OM_TYPE(TYPE_TEXT), CAST_IMPLICIT), "ab");
    EQ(call1("length", bp), "2");
    EQ(cast_to(lit(TYPE_DATE, "2024-01-31"), OM_TYPE(TYPE_TIMESTAMP), CAST_IMPLICIT),
       "2024-01-31 00:00:00");
    EQ(cast_to(lit(TYPE_TIMESTAMP, "2024-01-31 12:00"), OM_TYPE(TYPE_DATE), CAST_ASSIGNMENT),
       "2024-01-31");
    /* not allowed */
    assert_null(cast_find(TYPE_BOOL, TYPE_INT4, CAST_IMPLICIT));
    assert_non_null(cast_find(TYPE_BOOL, TYPE_INT4, CAST_EXPLICIT));
    assert_null(cast_find(TYPE_INT4, TYPE_INT2, CAST_IMPLICIT));
    assert_non_null(cast_find(TYPE_INT4, TYPE_INT2, CAST_ASSIGNMENT));
    assert_null(cast_find(TYPE_INT4, TYPE_TEXT, CAST_IMPLICIT));
    assert_non_null(cast_find(TYPE_INT4, TYPE_TEXT, CAST_ASSIGNMENT));
    assert_null(cast_find(TYPE_TEXT, TYPE_INT4, CAST_ASSIGNMENT));
    Expr *bad = cast_to(lit(TYPE_DATE, "2024-01-01"), OM_TYPE(TYPE_INT4), CAST_EXPLICIT);
    assert_null(bad);
    assert_string_equal(t_err.sqlstate, "42846");
    assert_string_equal(t_err.message, "cannot cast type date to integer");
    error_clear(&t_err);
}

static void test_type_common(void **state)
{
    (void)state;
    OmType out;
    OmType a[] = {OM_TYPE(TYPE_INT4), OM_TYPE(TYPE_NUMERIC)};
    assert_int_equal(type_common(a, 2, "UNION", &out, &t_err), 0);
    assert_int_equal(out.id, TYPE_NUMERIC);
    OmType b[] = {OM_TYPE(TYPE_UNKNOWN), OM_TYPE(TYPE_UNKNOWN)};
    assert_int_equal(type_common(b, 2, "UNION", &out, &t_err), 0);
    assert_int_equal(out.id, TYPE_TEXT);
    OmType c[] = {OM_TYPE(TYPE_INT4), OM_TYPE(TYPE_TEXT)};
    assert_int_equal(type_common(c, 2, "UNION", &out, &t_err), -1);
    assert_string_equal(t_err.sqlstate, "42804");
    assert_string_equal(t_err.message, "UNION types integer and text cannot be matched");
    error_clear(&t_err);
    OmType d[] = {OM_TYPE(TYPE_UNKNOWN), OM_TYPE(TYPE_INT8), OM_TYPE(TYPE_INT4)};
    assert_int_equal(type_common(d, 3, "CASE", &out, &t_err), 0);
    assert_int_equal(out.id, TYPE_INT8);
    OmType e[] = {OM_TYPE(TYPE_FLOAT8), OM_TYPE(TYPE_NUMERIC)};
    assert_int_equal(type_common(e, 2, "COALESCE", &out, &t_err), 0);
    assert_int_equal(out.id, TYPE_FLOAT8);
    OmType f[] = {(OmType){TYPE_VARCHAR, 14}, (OmType){TYPE_VARCHAR, 14}};
    assert_int_equal(type_common(f, 2, "UNION", &out, &t_err), 0);
    assert_int_equal(out.id, TYPE_VARCHAR);
    assert_int_equal(out.typmod, 14);
}

static void test_strings(void **state)
{
    (void)state;
    EQ(call3("substring", UNK("hello"), I4("2"), I4("3")), "ell");
    EQ(call3("substring", UNK("hello"), I4("0"), I4("3")), "he");
    EQ(call2("substr", UNK("hello"), I4("-1")), "hello");
    EQ(call3("substring", UNK("hello"), I4("1"), I4("-1")),
       "ERROR 22011: negative substring length not allowed");
    EQ(call2("position", UNK("hello"), UNK("l")), "3");
    EQ(call2("btrim", UNK("xxhixx"), UNK("x")), "hi");
    EQ(call1("btrim", UNK("  hi  ")), "hi");
    EQ(call1("ltrim", UNK("  hi  ")), "hi  ");
    EQ(call3("lpad", UNK("hi"), I4("5"), UNK("ab")), "abahi");
    EQ(call2("rpad", UNK("hi"), I4("1")), "h");
    EQ(call3("split_part", UNK("a,b,c"), UNK(","), I4("-1")), "c");
    EQ(call3("split_part", UNK("a,b,c"), UNK(","), I4("2")), "b");
    EQ(call1("initcap", UNK("hello wORLD-foo")), "Hello World-Foo");
    EQ(call1("md5", UNK("abc")), "900150983cd24fb0d6963f7d28e17f72");
    EQ(call1("reverse", UNK("abc")), "cba");
    EQ(call2("repeat", UNK("ab"), I4("3")), "ababab");
    EQ(call2("left", UNK("hello"), I4("-2")), "hel");
    EQ(call2("right", UNK("hello"), I4("2")), "lo");
    EQ(call1("upper", UNK("abc")), "ABC");
    EQ(call1("length", UNK("h\xc3\xa9llo")), "5");
    EQ(call1("octet_length", UNK("h\xc3\xa9llo")), "6");
    EQ(call3("replace", UNK("abcabc"), UNK("b"), UNK("XY")), "aXYcaXYc");
    EQ(call2("~~", UNK("abc"), UNK("a%")), "t");
    EQ(call2("~~", UNK("abc"), UNK("A%")), "f");
    EQ(call2("~~*", UNK("abc"), UNK("A%")), "t");
    EQ(call2("~~", UNK("a_c"), UNK("a\\_c")), "t");
    EQ(call2("~~", UNK("abc"), UNK("a\\_c")), "f");
    EQ(call2("!~~", UNK("abc"), UNK("%b%")), "f");
    EQ(call2("~~", UNK("abc"), call2("like_escape", UNK("a#%"), UNK("#"))), "f");
    EQ(call2("~~", UNK("a%"), call2("like_escape", UNK("a#%"), UNK("#"))), "t");
    EQ(call2("~~", UNK("abc"), UNK("a%\\")),
       "ERROR 22025: LIKE pattern must not end with escape character");
    EQ(call2("~", UNK("abc"), UNK("^a.c$")), "t");
    EQ(call1("chr", I4("65")), "A");
    EQ(call1("ascii", UNK("A")), "65");
    EQ(call2("starts_with", UNK("hello"), UNK("he")), "t");
    Expr *cargs[3] = {UNK("a"), lit(TYPE_INT4, NULL), I4("1")};
    EQ(callv("concat", 3, cargs), "a1");
    Expr *wargs[4] = {UNK(","), UNK("a"), lit(TYPE_TEXT, NULL), I4("1")};
    EQ(callv("concat_ws", 4, wargs), "a,1");
}

static void test_datetime(void **state)
{
    (void)state;
    Expr *ts = lit(TYPE_TIMESTAMP, "2024-01-31 12:34:56.789");
    EQ(call2("extract", UNK("year"), ts), "2024");
    EQ(call2("extract", UNK("second"), ts), "56.789000");
    EQ(call2("extract", UNK("epoch"), ts), "1706704496.789000");
    EQ(call2("extract", UNK("millisecond"), ts), "56789.000");
    EQ(call2("extract", UNK("epoch"), lit(TYPE_DATE, "2024-01-31")), "1706659200");
    EQ(call2("extract", UNK("dow"), lit(TYPE_DATE, "2024-01-31")), "3");
    EQ(call2("extract", UNK("week"), lit(TYPE_DATE, "2024-01-01")), "1");
    EQ(call2("extract", UNK("century"), lit(TYPE_DATE, "2000-01-01")), "20");
    EQ(call2("extract", UNK("decade"), lit(TYPE_DATE, "2024-01-01")), "202");
    EQ(call2("extract", UNK("epoch"), lit(TYPE_INTERVAL, "1 year 2 mons 3 days 04:05:06.5")),
       "37015506.500000");
    EQ(call2("date_part", UNK("second"), ts), "56.789");
    EQ(call2("date_trunc", UNK("month"), ts), "2024-01-01 00:00:00");
    EQ(call2("date_trunc", UNK("week"), ts), "2024-01-29 00:00:00");
    EQ(call2("+", lit(TYPE_DATE, "2024-01-31"), I4("1")), "2024-02-01");
    EQ(call2("-", lit(TYPE_DATE, "2024-03-01"), lit(TYPE_DATE, "2024-02-01")), "29");
    EQ(call2("+", lit(TYPE_DATE, "2024-01-31"), lit(TYPE_INTERVAL, "1 month")),
       "2024-02-29 00:00:00");
    EQ(call2("-", lit(TYPE_TIMESTAMP, "2024-01-31 10:00"), lit(TYPE_TIMESTAMP, "2024-01-30 08:00")),
       "1 day 02:00:00");
    EQ(call2("*", lit(TYPE_INTERVAL, "1 day"), F8("1.5")), "1 day 12:00:00");
    EQ(call2("/", lit(TYPE_INTERVAL, "1 mon"), F8("3")), "10 days");
    EQ(call3("make_date", I4("2024"), I4("2"), I4("29")), "2024-02-29");
    EQ(call3("make_date", I4("2023"), I4("2"), I4("29")),
       "ERROR 22008: date field value out of range: 2023-02-29");
    Expr *now = call0("now");
    assert_non_null(now);
    assert_false(expr_is_constant(now));
    assert_true(strncmp(ev(call0("version")), "PostgreSQL 15", 13) == 0);
}

static void test_registry_listing(void **state)
{
    (void)state;
    int n = func_registry_count();
    assert_true(n > 300);
    int found = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(func_registry_get(i)->name, "length") == 0) found++;
    assert_true(found >= 2);
    assert_null(func_registry_get(n));
    TypeId args[2] = {TYPE_INT4, TYPE_INT4};
    assert_non_null(func_find_exact("=", args, 2));
}

static void test_formatting(void **state)
{
    (void)state;
    EQ(call2("to_char", I4("1"), UNK("9")), " 1");
    EQ(call2("to_char", I4("-5"), UNK("999")), "  -5");
    EQ(call2("to_char", I4("5"), UNK("000")), " 005");
    EQ(call2("to_char", NUM("123.456"), UNK("999.99")), " 123.46");
    EQ(call2("to_char", NUM("0.5"), UNK("9.99")), "  .50");
    EQ(call2("to_char", NUM("1.5"), UNK("FM9.99")), "1.5");
    EQ(call2("to_char", I4("1234567"), UNK("9,999,999")), " 1,234,567");
    EQ(call2("to_char", I4("-485"), UNK("999MI")), "485-");
    EQ(call2("to_char", I4("12345"), UNK("999")), " ###");
    EQ(call2("to_char", I4("3"), UNK("FM999th")), "3rd");
    Expr *ts = lit(TYPE_TIMESTAMP, "2024-01-05 13:04:05.123456");
    EQ(call2("to_char", ts, UNK("YYYY-MM-DD HH24:MI:SS.MS US")), "2024-01-05 13:04:05.123 123456");
    EQ(call2("to_char", ts, UNK("HH12:MI AM")), "01:04 PM");
    EQ(call2("to_char", ts, UNK("Day, DD Month YYYY")), "Friday   , 05 January   2024");
    EQ(call2("to_char", ts, UNK("FMDay, FMDD FMMonth YYYY")), "Friday, 5 January 2024");
    EQ(call2("to_char", ts, UNK("\"Q\"Q DDD IW")), "Q1 005 01");
    Expr *fargs[4] = {UNK("Hello %s, %I, %L"), UNK("world"), UNK("My Table"), UNK("o'k")};
    EQ(callv("format", 4, fargs), "Hello world, \"My Table\", 'o''k'");
    EQ(call3("translate", UNK("12345"), UNK("143"), UNK("ax")), "a2x5");
    EQ(call3("regexp_replace", UNK("foobarbaz"), UNK("b.."), UNK("X")), "fooXbaz");
    EQ(call1("quote_ident", UNK("My Table")), "\"My Table\"");
    EQ(call2("encode", lit(TYPE_BYTEA, "abc"), UNK("base64")), "YWJj");
    EQ(call2("decode", UNK("616263"), UNK("hex")), "\\x616263");
}

static void test_datetime_more(void **state)
{
    (void)state;
    EQ(call2("age", lit(TYPE_TIMESTAMP, "2024-03-15"), lit(TYPE_TIMESTAMP, "2023-01-31")),
       "1 year 1 mon 15 days");
    EQ(call2("age", lit(TYPE_TIMESTAMP, "2023-01-31"), lit(TYPE_TIMESTAMP, "2024-03-15")),
       "-1 years -1 mons -15 days");
    EQ(call1("justify_hours", lit(TYPE_INTERVAL, "50 hours")), "2 days 02:00:00");
    EQ(call1("justify_days", lit(TYPE_INTERVAL, "45 days")), "1 mon 15 days");
    EQ(call1("justify_interval", lit(TYPE_INTERVAL, "1 mon -1 hour")), "29 days 23:00:00");
    EQ(call1("to_timestamp", F8("1706704496.5")), "2024-01-31 12:34:56.5+00");
    EQ(call2("to_date", UNK("05 Jan 2024"), UNK("DD Mon YYYY")), "2024-01-05");
    EQ(call2("to_date", UNK("20240105"), UNK("YYYYMMDD")), "2024-01-05");
    EQ(call2("timezone", UNK("UTC+3"), lit(TYPE_TIMESTAMPTZ, "2024-06-01 12:00+00")),
       "2024-06-01 09:00:00");
    EQ(call2("date_trunc", UNK("fortnight"), lit(TYPE_TIMESTAMP, "2024-01-01")),
       "ERROR 22023: unit \"fortnight\" not recognized for type timestamp without time zone");
    /* now() is fixed per statement once the session sets the statement time */
    func_set_statement_timestamp(INT64_C(757382400000000)); /* 2024-01-01 00:00:00 UTC */
    EQ(call0("now"), "2024-01-01 00:00:00+00");
    EQ(call0("current_date"), "2024-01-01");
    func_set_statement_timestamp(0);
    EQ(call2("^", NUM("2"), NUM("10")), "1024.0000000000000000");
    EQ(call2("^", NUM("2"), NUM("0.5")), "1.4142135623730950");
    EQ(call2("gcd", I4("12"), I4("18")), "6");
    Expr *nn[3] = {I4("1"), lit(TYPE_INT4, NULL), UNK("a")};
    EQ(callv("num_nulls", 3, nn), "1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_resolution, setup),
        cmocka_unit_test_setup(test_integer_arith, setup),
        cmocka_unit_test_setup(test_numeric_arith, setup),
        cmocka_unit_test_setup(test_casts, setup),
        cmocka_unit_test_setup(test_type_common, setup),
        cmocka_unit_test_setup(test_strings, setup),
        cmocka_unit_test_setup(test_datetime, setup),
        cmocka_unit_test_setup(test_registry_listing, setup),
        cmocka_unit_test_setup(test_formatting, setup),
        cmocka_unit_test_setup(test_datetime_more, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
