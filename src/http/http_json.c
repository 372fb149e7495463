/*
 * http_json.c — JSON output helpers: string literals, the number grammar, and
 * the error body every endpoint answers a failure with.
 *
 * Strings are escaped per RFC 8259: '"', '\\' and control characters are
 * escaped (\n, \t, ... or \u00XX), everything else is copied as UTF-8. The
 * engine's text is UTF-8 already, but a bytea-as-text or damaged value must
 * not break the response, so each byte sequence is checked and an invalid one
 * becomes U+FFFD.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"

/* Length of the valid UTF-8 sequence at s[0..n) (1 to 4), or 0 if invalid. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) return 0;
    uint32_t cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

void http_json_string(StrBuf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    strbuf_reserve(out, len + 2);
    strbuf_putc(out, '"');
    size_t run = 0; /* bytes at p[i - run, i) to copy unchanged */
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            run++;
            i++;
            continue;
        }
        size_t seq = c >= 0x80 ? utf8_seq_len(p + i, len - i) : 0;
        if (seq > 0) {
            run += seq;
            i += seq;
            continue;
        }
        strbuf_append(out, p + i - run, run);
        run = 0;
        switch (c) {
        case '"':
            strbuf_puts(out, "\\\"");
            break;
        case '\\':
            strbuf_puts(out, "\\\\");
            break;
        case '\n':
            strbuf_puts(out, "\\n");
            break;
        case '\r':
            strbuf_puts(out, "\\r");
            break;
        case '\t':
            strbuf_puts(out, "\\t");
            break;
        default:
            if (c < 0x20)
                strbuf_printf(out, "\\u%04x", c);
            else
                strbuf_puts(out, "\xEF\xBF\xBD"); /* U+FFFD for an invalid byte */
            break;
        }
        i++;
    }
    strbuf_append(out, p + len - run, run);
    strbuf_putc(out, '"');
}

void http_json_cstring(StrBuf *out, const char *s)
{
    http_json_string(out, s, strlen(s));
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool http_json_is_number(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && s[i] == '-') i++;
    if (i >= len || !is_digit(s[i])) return false;
    if (s[i] == '0')
        i++;
    else
        while (i < len && is_digit(s[i])) i++;
    if (i < len && s[i] == '.') {
        i++;
        if (i >= len || !is_digit(s[i])) return false;
        while (i < len && is_digit(s[i])) i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= len || !is_digit(s[i])) return false;
        while (i < len && is_digit(s[i])) i++;
    }
    return i == len;
}

int http_status_for_sqlstate(const char *sqlstate)
{
    if (strncmp(sqlstate, "XX", 2) == 0 || strncmp(sqlstate, "58", 2) == 0) return 500;
    if (strncmp(sqlstate, "53", 2) == 0) return 503;
    if (strcmp(sqlstate, "57P01") == 0 || strcmp(sqlstate, "57P02") == 0 ||
        strcmp(sqlstate, "57P03") == 0)
        return 503;
    return 400;
}

static void optional_string(StrBuf *out, const char *key, const char *value)
{
    strbuf_printf(out, ",\"%s\":", key);
    if (value && value[0])
        http_json_cstring(out, value);
    else
        strbuf_puts(out, "null");
}

void http_error_response(HttpResponse *resp, int status, const OmError *err)
{
    resp->status = status;
    resp->content_type = HTTP_CT_JSON;
    strbuf_reset(&resp->body);
    StrBuf *out = &resp->body;
    strbuf_puts(out, "{\"error\":{\"sqlstate\":");
    http_json_cstring(out, err->sqlstate[0] ? err->sqlstate : SQLSTATE_INTERNAL_ERROR);
    strbuf_puts(out, ",\"message\":");
    http_json_cstring(out, err->message);
    optional_string(out, "detail", err->detail);
    optional_string(out, "hint", err->hint);
    if (err->position > 0)
        strbuf_printf(out, ",\"position\":%d", err->position);
    else
        strbuf_puts(out, ",\"position\":null");
    if (err->context[0]) optional_string(out, "context", err->context);
    strbuf_puts(out, "}}\n");
}

void http_error(HttpResponse *resp, int status, const char *sqlstate, const char *fmt, ...)
{
    OmError err;
    error_clear(&err);
    snprintf(err.sqlstate, sizeof(err.sqlstate), "%s", sqlstate);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof(err.message), fmt, ap);
    va_end(ap);
    http_error_response(resp, status, &err);
}
