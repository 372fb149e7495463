/*
 * test_regex_are.c — the ARE-to-ERE rewrite (src/exec/regex_are.c): what it
 * turns into what, that group numbers survive (?:), that patterns ERE cannot
 * express are refused with 0A000 instead of matching differently, and that
 * the compiled patterns match as PostgreSQL's would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "exec/regex_are.h"

static void check_rewrite(const char *are, const char *ere)
{
    StrBuf sb;
    strbuf_init(&sb, NULL);
    RegexEre info;
    OmError err;
    error_clear(&err);
    if (regex_are_to_ere(are, strlen(are), &info, &sb, &err) != 0)
        fail_msg("%s: %s", are, err.message);
    assert_string_equal(sb.data ? sb.data : "", ere);
    strbuf_fini(&sb);
}

static void check_refused(const char *are, const char *sqlstate)
{
    StrBuf sb;
    strbuf_init(&sb, NULL);
    RegexEre info;
    OmError err;
    error_clear(&err);
    assert_int_equal(regex_are_to_ere(are, strlen(are), &info, &sb, &err), -1);
    assert_string_equal(err.sqlstate, sqlstate);
    strbuf_fini(&sb);
}

static bool matches(const char *are, const char *text)
{
    regex_t re;
    OmError err;
    error_clear(&err);
    if (regex_are_compile(&re, are, strlen(are), REG_NOSUB, NULL, &err) != 0)
        fail_msg("%s: %s", are, err.message);
    bool m = regexec(&re, text, 0, NULL, 0) == 0;
    regfree(&re);
    return m;
}

static void test_rewrites(void **state)
{
    (void)state;
    check_rewrite("\\d+", "[[:digit:]]+");
    check_rewrite("\\D\\s\\S\\w\\W",
                  "[^[:digit:]][[:space:]][^[:space:]][[:alnum:]_][^[:alnum:]_]");
    check_rewrite("[\\d\\s,]", "[[:digit:][:space:],]");
    check_rewrite("\\mcat\\M", "\\<cat\\>");
    check_rewrite("\\ycat\\Y", "\\bcat\\B");
    check_rewrite("a\\tb\\x41\\u00e9", "a\tbA\xc3\xa9");
    check_rewrite("\\x2e", "\\."); /* a character entry that ERE would read as an operator */
    check_rewrite("\\.\\\\", "\\.\\\\");
    check_rewrite("[]a]", "[]a]");
    check_rewrite("[[:alpha:]_]", "[[:alpha:]_]");
}

static void test_groups(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    RegexEre info;
    OmError err;
    error_clear(&err);
    const char *are = "(?:ab)(c)(?:d(e))\\2";
    assert_int_equal(regex_are_to_ere(are, strlen(are), &info, &sb, &err), 0);
    assert_string_equal(sb.data, "(ab)(c)(d(e))\\4");
    assert_int_equal(info.ngroups, 2);
    assert_int_equal(info.capture_map[1], 2);
    assert_int_equal(info.capture_map[2], 4);
    strbuf_fini(&sb);

    strbuf_init(&sb, NULL);
    assert_int_equal(regex_are_to_ere("(?i)abc", 7, &info, &sb, &err), 0);
    assert_int_equal(info.icase, 1);
    assert_string_equal(sb.data, "abc");
    strbuf_fini(&sb);
}

static void test_refused(void **state)
{
    (void)state;
    check_refused("a*?", "0A000");
    check_refused("a+?b", "0A000");
    check_refused("a??", "0A000");
    check_refused("a{1,3}?", "0A000");
    check_refused("a(?=b)", "0A000");
    check_refused("a(?!b)", "0A000");
    check_refused("(?<=a)b", "0A000");
    check_refused("***=a.b", "0A000");
    check_refused("(?x)a b", "0A000");
    check_refused("\\q", "2201B");
    check_refused("(a)\\2", "2201B");
    check_refused("[a", "2201B");
    check_refused("\\u12", "2201B");
    check_refused("[\\D]", "2201B");
}

static void test_matching(void **state)
{
    (void)state;
    assert_true(matches("^\\d{4}-\\d{2}$", "2024-01"));
    assert_false(matches("^\\d{4}-\\d{2}$", "2024-1x"));
    assert_true(matches("\\mword\\M", "a word here"));
    assert_false(matches("\\mword\\M", "swordfish"));
    assert_true(matches("(?i)HELLO", "say hello"));
    assert_true(matches("^[\\w.]+@\\w+\\.com$", "a.b_c@example.com"));
    assert_false(matches("^[\\w.]+@\\w+\\.com$", "a b@example.com"));
    assert_true(matches("(?:x)(y)\\1", "xyy"));
    assert_false(matches("(?:x)(y)\\1", "xyx"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewrites),
        cmocka_unit_test(test_groups),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
