/*
 * test_wire_messages.c — byte-exact backend message encoding and the frontend
 * body decoders (WireReader, StartupMessage parser).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wire/wire_int.h"

static void expect_bytes(const StrBuf *sb, const void *want, size_t len)
{
    assert_int_equal(sb->len, len);
    assert_memory_equal(sb->data, want, len);
}

static void test_ready_for_query(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_put_ready(&sb, 'T');
    expect_bytes(&sb, "Z\0\0\0\5T", 6);
    strbuf_fini(&sb);
}

static void test_auth_ok_and_backend_key(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_put_auth_ok(&sb);
    wire_put_backend_key(&sb, 0x01020304, -1);
    expect_bytes(&sb, "R\0\0\0\x08\0\0\0\0K\0\0\0\x0c\x01\x02\x03\x04\xff\xff\xff\xff", 22);
    strbuf_fini(&sb);
}

static void test_parameter_status(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_put_parameter_status(&sb, "TimeZone", "UTC");
    expect_bytes(&sb, "S\0\0\0\x11TimeZone\0UTC\0", 18);
    strbuf_fini(&sb);
}

static void test_command_complete_and_empty(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_put_command_complete(&sb, "INSERT 0 1");
    wire_put_empty_query(&sb);
    expect_bytes(&sb, "C\0\0\0\x0fINSERT 0 1\0I\0\0\0\x04", 21);
    strbuf_fini(&sb);
}

static void test_row_description(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    WireField f = {
        .name = "a", .table_oid = 16384, .attnum = 2, .type_oid = 23, .typlen = 4, .typmod = -1};
    wire_put_row_description(&sb, 1, &f);
    static const char want[] = "T\0\0\0\x1a"
                               "\0\x01"
                               "a\0"
                               "\0\0\x40\0"
                               "\0\x02"
                               "\0\0\0\x17"
                               "\0\x04"
                               "\xff\xff\xff\xff"
                               "\0\0";
    expect_bytes(&sb, want, sizeof(want) - 1);
    strbuf_fini(&sb);
}

/* Walks the fields of an ErrorResponse and returns the value of `code`. */
static const char *error_field(const StrBuf *sb, char code)
{
    const char *p = sb->data + 5;
    const char *end = sb->data + sb->len;
    while (p < end && *p) {
        char c = *p++;
        if (c == code) return p;
        p += strlen(p) + 1;
    }
    return NULL;
}

static void test_error_response_fields(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    ERR(&err, SQLSTATE_SYNTAX_ERROR, "syntax error at or near \"%s\"", "frm");
    error_position(&err, 10);
    error_hint(&err, "Check the spelling.");
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_put_error(&sb, &err, false);
    assert_int_equal(sb.data[0], 'E');
    uint32_t len = ((uint32_t)(unsigned char)sb.data[1] << 24) |
                   ((uint32_t)(unsigned char)sb.data[2] << 16) |
                   ((uint32_t)(unsigned char)sb.data[3] << 8) | (unsigned char)sb.data[4];
    assert_int_equal(len + 1, sb.len);
    assert_int_equal(sb.data[sb.len - 1], '\0');
    assert_string_equal(error_field(&sb, 'S'), "ERROR");
    assert_string_equal(error_field(&sb, 'V'), "ERROR");
    assert_string_equal(error_field(&sb, 'C'), "42601");
    assert_string_equal(error_field(&sb, 'M'), "syntax error at or near \"frm\"");
    assert_string_equal(error_field(&sb, 'P'), "10");
    assert_string_equal(error_field(&sb, 'H'), "Check the spelling.");
    assert_string_equal(error_field(&sb, 'F'), "test_wire_messages.c");
    assert_non_null(error_field(&sb, 'L'));
    assert_null(error_field(&sb, 'D'));

    strbuf_reset(&sb);
    err.severity = ERR_SEV_NOTICE;
    wire_put_error(&sb, &err, true);
    assert_int_equal(sb.data[0], 'N');
    assert_string_equal(error_field(&sb, 'S'), "NOTICE");
    strbuf_fini(&sb);
}

static void test_decimal(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    wire_put_decimal(&sb, 0);
    strbuf_putc(&sb, ' ');
    wire_put_decimal(&sb, -42);
    strbuf_putc(&sb, ' ');
    wire_put_decimal(&sb, INT64_MIN);
    strbuf_putc(&sb, ' ');
    wire_put_decimal(&sb, INT64_MAX);
    assert_string_equal(sb.data, "0 -42 -9223372036854775808 9223372036854775807");
    strbuf_fini(&sb);
}

static void test_negotiate_version(void **state)
{
    (void)state;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    const char *opts[] = {"_pq_.x"};
    wire_put_negotiate_version(&sb, 0, 1, opts);
    expect_bytes(&sb, "v\0\0\0\x13\0\0\0\0\0\0\0\x01_pq_.x\0", 20);
    strbuf_fini(&sb);
}

static void test_reader(void **state)
{
    (void)state;
    static const char body[] = "\x00\x00\x01\x00\x00\x07hi\0";
    WireReader r;
    wire_reader_init(&r, body, 9);
    assert_int_equal(wire_get_int32(&r), 256);
    assert_int_equal(wire_get_int16(&r), 7);
    assert_string_equal(wire_get_cstring(&r), "hi");
    assert_true(wire_reader_done(&r));
    /* Reading past the end marks the reader bad and returns zero. */
    assert_int_equal(wire_get_int32(&r), 0);
    assert_true(r.bad);
    assert_false(wire_reader_done(&r));

    /* A string without its NUL inside the body is bad. */
    wire_reader_init(&r, "abc", 3);
    assert_string_equal(wire_get_cstring(&r), "");
    assert_true(r.bad);

    /* Trailing bytes are not "done". */
    wire_reader_init(&r, "a\0b", 3);
    assert_string_equal(wire_get_cstring(&r), "a");
    assert_false(wire_reader_done(&r));
}

static void test_startup_parse(void **state)
{
    (void)state;
    static const char body[] = "\x00\x03\x00\x00"
                               "user\0alice\0"
                               "database\0db1\0"
                               "application_name\0psql\0"
                               "\0";
    WireStartup st;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_parse_startup(body, sizeof(body) - 1, &st, &err), 0);
    assert_int_equal(st.protocol, WIRE_PROTOCOL_3_0);
    assert_int_equal(st.nparams, 3);
    assert_string_equal(wire_startup_get(&st, "user"), "alice");
    assert_string_equal(wire_startup_get(&st, "database"), "db1");
    assert_string_equal(wire_startup_get(&st, "application_name"), "psql");
    assert_null(wire_startup_get(&st, "options"));
}

static void test_startup_parse_malformed(void **state)
{
    (void)state;
    WireStartup st;
    OmError err;

    /* No terminating empty name. */
    static const char no_term[] = "\x00\x03\x00\x00user\0alice\0";
    error_clear(&err);
    assert_int_equal(wire_parse_startup(no_term, sizeof(no_term) - 1, &st, &err), -1);
    assert_string_equal(err.sqlstate, "08P01");

    /* A name without a value. */
    static const char no_value[] = "\x00\x03\x00\x00user\0";
    error_clear(&err);
    assert_int_equal(wire_parse_startup(no_value, sizeof(no_value) - 1, &st, &err), -1);
    assert_string_equal(err.sqlstate, "08P01");

    /* Bytes after the terminator. */
    static const char trailing[] = "\x00\x03\x00\x00user\0a\0\0junk";
    error_clear(&err);
    assert_int_equal(wire_parse_startup(trailing, sizeof(trailing) - 1, &st, &err), -1);

    /* Truncated inside the protocol word. */
    error_clear(&err);
    assert_int_equal(wire_parse_startup("\x00\x03", 2, &st, &err), -1);

    /* Too many parameters. */
    char big[4096];
    size_t n = 0;
    memcpy(big, "\x00\x03\x00\x00", 4);
    n = 4;
    for (int i = 0; i < WIRE_STARTUP_MAX_PARAMS + 1; i++) {
        n += (size_t)sprintf(big + n, "k%d", i) + 1;
        n += (size_t)sprintf(big + n, "v") + 1;
    }
    big[n++] = '\0';
    error_clear(&err);
    assert_int_equal(wire_parse_startup(big, n, &st, &err), -1);
    assert_string_equal(err.sqlstate, "08P01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ready_for_query),
        cmocka_unit_test(test_auth_ok_and_backend_key),
        cmocka_unit_test(test_parameter_status),
        cmocka_unit_test(test_command_complete_and_empty),
        cmocka_unit_test(test_row_description),
        cmocka_unit_test(test_error_response_fields),
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_negotiate_version),
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_startup_parse),
        cmocka_unit_test(test_startup_parse_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
