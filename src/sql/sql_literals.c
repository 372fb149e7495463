/*
 * sql_literals.c — the literal scan of the simple-protocol plan cache (see
 * sql_literals.h for what it handles and where it gives up).
 *
 * Invariant: two texts get the same key only if they are the same token for
 * token apart from literals, so a cached statement found by key differs from
 * the text at hand in literal values alone; the cache checks those (their
 * classes, and the value of every literal it did not turn into a parameter).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_literals.h"

/* literal markers in the key, one per kind: 'a = 1' and "a = '1'" differ */
#define LIT_MARK_FIRST '\x01'
#define LIT_MARK_LAST  '\x03'

static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* End of a -- or block comment starting at i (nested, as in PostgreSQL), or
 * -1 if unterminated. */
static long skip_comment(const char *t, long i)
{
    if (t[i] == '-') {
        while (t[i] && t[i] != '\n' && t[i] != '\r') i++;
        return i;
    }
    int depth = 0;
    while (t[i]) {
        if (t[i] == '/' && t[i + 1] == '*') {
            depth++;
            i += 2;
        } else if (t[i] == '*' && t[i + 1] == '/') {
            depth--;
            i += 2;
            if (depth == 0) return i;
        } else {
            i++;
        }
    }
    return -1;
}

/* End of the '...' string starting at i, or -1 if unterminated. */
static long skip_string(const char *t, long i)
{
    i++;
    for (;;) {
        if (!t[i]) return -1;
        if (t[i] == '\'') {
            if (t[i + 1] == '\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i++;
    }
}

/* End of the number starting at i, or -1 for forms we leave to the parser. */
static long skip_number(const char *t, long i, LiteralKind *kind)
{
    *kind = LIT_INTEGER;
    while (is_digit((unsigned char)t[i])) i++;
    if (t[i] == '.') {
        if (t[i + 1] == '.') return -1; /* 1..2 */
        *kind = LIT_DECIMAL;
        i++;
        while (is_digit((unsigned char)t[i])) i++;
    }
    if (t[i] == 'e' || t[i] == 'E') {
        long j = i + 1;
        if (t[j] == '+' || t[j] == '-') j++;
        if (!is_digit((unsigned char)t[j])) return -1;
        while (is_digit((unsigned char)t[j])) j++;
        *kind = LIT_DECIMAL;
        i = j;
    }
    /* "1abc" is 1 AS abc to PostgreSQL 15; "1.2.3" and the like: the parser's */
    if (is_ident_char((unsigned char)t[i]) || t[i] == '.') return -1;
    return i;
}

static uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

int sql_literals_scan(const char *text, bool standard_strings, Arena *arena, LiteralScan *out)
{
    size_t n = strlen(text);
    char *key = arena_alloc(arena, n + 1);
    size_t klen = 0;
    int cap = 8, nlits = 0;
    Literal *lits = ARENA_NEW_ARRAY(arena, Literal, cap);
    long last_minus = -1; /* position of a '-' with only blanks after it so far */
    bool last_was_string = false, newline_since = false, ended = false;
    long i = 0;
    while (text[i]) {
        unsigned char c = (unsigned char)text[i];
        long start = i, end;
        if (is_blank(c)) {
            if (c == '\n' || c == '\r') newline_since = true;
            key[klen++] = (char)c;
            i++;
            continue;
        }
        if (ended) return -1; /* a second statement */
        if ((c == '-' && text[i + 1] == '-') || (c == '/' && text[i + 1] == '*')) {
            end = skip_comment(text, i);
            if (end < 0) return -1;
            memcpy(key + klen, text + i, (size_t)(end - i));
            klen += (size_t)(end - i);
            i = end;
            continue;
        }
        bool is_string = c == '\'';
        bool is_number = is_digit(c) || (c == '.' && is_digit((unsigned char)text[i + 1]));
        if (is_string || is_number) {
            LiteralKind kind = LIT_STRING;
            if (is_string) {
                if (!standard_strings) return -1;
                /* a prefix letter (E'', B'', X'', N'', U&'') makes it another literal */
                if (i > 0 && (is_ident_char((unsigned char)text[i - 1]) || text[i - 1] == '&'))
                    return -1;
                /* 'a'\n'b' is one string to PostgreSQL */
                if (last_was_string && newline_since) return -1;
                end = skip_string(text, i);
            } else {
                end = skip_number(text, i, &kind);
            }
            if (end < 0) return -1;
            if (nlits == cap) {
                Literal *more = ARENA_NEW_ARRAY(arena, Literal, cap * 2);
                memcpy(more, lits, sizeof(Literal) * (size_t)cap);
                lits = more;
                cap *= 2;
            }
            lits[nlits++] = (Literal){(int)start, (int)(end - start), (int)last_minus, kind};
            key[klen++] = (char)(LIT_MARK_FIRST + (int)kind);
            last_minus = -1;
            last_was_string = is_string;
            newline_since = false;
            i = end;
            continue;
        }
        last_was_string = false;
        newline_since = false;
        if (c == '"') {
            end = i + 1;
            for (;;) {
                if (!text[end]) return -1;
                if (text[end] == '"') {
                    if (text[end + 1] == '"') {
                        end += 2;
                        continue;
                    }
                    end++;
                    break;
                }
                end++;
            }
        } else if (is_ident_start(c)) {
            end = i + 1;
            while (is_ident_char((unsigned char)text[end])) end++;
        } else if (c == '$' || (c >= LIT_MARK_FIRST && c <= LIT_MARK_LAST)) {
            return -1; /* $n, $$...$$: left to the parser */
        } else if (c == ';') {
            ended = true;
            end = i + 1;
        } else {
            end = i + 1;
        }
        last_minus = c == '-' ? i : -1;
        memcpy(key + klen, text + i, (size_t)(end - i));
        klen += (size_t)(end - i);
        i = end;
    }
    key[klen] = '\0';
    out->key = key;
    out->key_len = klen;
    out->hash = hash_bytes(key, klen);
    out->lits = lits;
    out->nlits = nlits;
    return 0;
}

const char *sql_literal_text(const char *text, const Literal *l, bool negate, Arena *arena,
                             size_t *len)
{
    char *o = arena_alloc(arena, (size_t)l->len + 2);
    size_t k = 0;
    const char *p = text + l->start;
    if (l->kind == LIT_STRING) {
        for (int i = 1; i < l->len - 1; i++) {
            o[k++] = p[i];
            if (p[i] == '\'') i++; /* '' */
        }
    } else {
        if (negate) o[k++] = '-';
        memcpy(o + k, p, (size_t)l->len);
        k += (size_t)l->len;
    }
    o[k] = '\0';
    *len = k;
    return o;
}

LiteralClass sql_literal_class(const char *text, const Literal *l, bool negate)
{
    if (l->kind == LIT_STRING) return LITCLASS_UNKNOWN;
    if (l->kind == LIT_DECIMAL) return LITCLASS_NUMERIC;
    if (l->len > 20) return LITCLASS_NUMERIC;
    char digits[24];
    int k = 0;
    if (negate) digits[k++] = '-';
    memcpy(digits + k, text + l->start, (size_t)l->len);
    digits[k + l->len] = '\0';
    errno = 0;
    char *end = NULL;
    long long v = strtoll(digits, &end, 10);
    if (errno != 0 || *end != '\0') return LITCLASS_NUMERIC;
    /* the scanner makes an int4 of digits that fit one; a larger value is
     * int8 (or int4 again for -2147483648) once negated, as make_const does */
    return v >= INT32_MIN && v <= INT32_MAX ? LITCLASS_INT4 : LITCLASS_INT8;
}
