/*
 * func_string.c — string operators and functions: || (with PostgreSQL's
 * anytextcat/textanycat coercion of non-string operands through their text
 * output), length family, lower/upper/initcap (ASCII case mapping, as the C
 * locale), substring/substr, position/strpos, trim family, replace, concat,
 * concat_ws, left, right, repeat, reverse, lpad, rpad, split_part,
 * starts_with, md5, chr, ascii, to_hex, LIKE/ILIKE (~~ ~~* !~~ !~~*,
 * like_escape). Regular expressions are in func_regex.c.
 *
 * Character positions count UTF-8 characters; octet_length counts bytes.
 * Results are copied into the output vector's heap.
 */
#include <ctype.h>
#include <locale.h>
#include <pthread.h>
#include <wctype.h>
#include <openssl/evp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>

#include "exec/regex_are.h"
#include "catalog/type_io.h"
#include "exec/func_int.h"

static inline void emit(Vector *out, uint32_t row, const char *s, size_t n)
{
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)n);
}

/* Text of an argument of any type (strings as is, others via their output). */
static void any_text(const Expr *call, Vector **args, int i, uint32_t row, EvalCtx *ctx, StrBuf *sb,
                     const char **s, size_t *n)
{
    TypeId t = args[i]->type.id;
    const void *p =
        (const char *)args[i]->data + (size_t)arg_slot(args[i], row) * type_info(t)->width;
    if (type_is_string(t) || t == TYPE_NULL) {
        const StrView *v = p;
        *s = strview_data(v);
        *n = v->len;
        if (t == TYPE_BPCHAR && (call->u.func.def->flags & FUNC_IS_OPERATOR))
            while (*n > 0 && (*s)[*n - 1] == ' ') (*n)--; /* || casts bpchar to text */
        return;
    }
    strbuf_reset(sb);
    if (t == TYPE_BOOL && call->u.func.def->flags & FUNC_IS_OPERATOR)
        /* anytextcat is $1::text || $2: bool casts to 'true'; concat() uses 't' */
        strbuf_puts(sb, *(const uint8_t *)p ? "true" : "false");
    else
        type_text_out(args[i]->type, p, ctx->settings, sb);
    *s = sb->data ? sb->data : "";
    *n = sb->len;
}

/* ---- || ---- */

static int k_concat_op(KERNEL_ARGS)
{
    StrBuf a, b, r;
    strbuf_init(&a, NULL);
    strbuf_init(&b, NULL);
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const char *s1, *s2;
        size_t n1, n2;
        any_text(call, args, 0, row, ctx, &a, &s1, &n1);
        any_text(call, args, 1, row, ctx, &b, &s2, &n2);
        strbuf_reset(&r);
        strbuf_append(&r, s1, n1);
        strbuf_append(&r, s2, n2);
        emit(out, row, r.data, r.len);
    }
    strbuf_fini(&a);
    strbuf_fini(&b);
    strbuf_fini(&r);
    return 0;
}

static int k_concat_bytea(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *x = arg_str(args, 0, row), *y = arg_str(args, 1, row);
        strbuf_reset(&r);
        strbuf_append(&r, strview_data(x), x->len);
        strbuf_append(&r, strview_data(y), y->len);
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

/* concat(VARIADIC "any"): NULLs are skipped; never NULL. */
static int k_concat(KERNEL_ARGS)
{
    StrBuf a, r;
    strbuf_init(&a, NULL);
    strbuf_init(&r, NULL);
    int nargs = call->nargs;
    bool ws = strcmp(call->u.func.def->name, "concat_ws") == 0;
    FOR_EACH_ROW(row)
    {
        strbuf_reset(&r);
        const char *sep = NULL;
        size_t sepn = 0;
        int first = 0;
        if (ws) {
            if (!vector_is_valid(args[0], arg_slot(args[0], row))) {
                vector_set_null(out, row, ctx->arena);
                continue;
            }
            const StrView *sv = arg_str(args, 0, row);
            sep = strview_data(sv);
            sepn = sv->len;
            first = 1;
        }
        bool any = false;
        for (int i = first; i < nargs; i++) {
            if (!vector_is_valid(args[i], arg_slot(args[i], row))) continue;
            const char *s;
            size_t n;
            any_text(call, args, i, row, ctx, &a, &s, &n);
            if (ws && any) strbuf_append(&r, sep, sepn);
            strbuf_append(&r, s, n);
            any = true;
        }
        vector_set_valid(out, row);
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&a);
    strbuf_fini(&r);
    return 0;
}

/* ---- lengths ---- */

static int k_char_length(KERNEL_ARGS)
{
    int32_t *r = out->data;
    bool bp = call->args[0]->type.id == TYPE_BPCHAR;
    FOR_EACH_ROW(row)
    {
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        size_t n = v->len;
        if (bp)
            while (n > 0 && s[n - 1] == ' ') n--;
        r[row] = (int32_t)om_utf8_strlen(s, n);
    }
    return 0;
}

static int k_octet_length(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row) r[row] = (int32_t)arg_str(args, 0, row)->len;
    return 0;
}

/* ---- case mapping ---- */

static locale_t utf8_locale;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* Decodes one UTF-8 character at s[i]; returns its length (1 for bad bytes). */
static size_t utf8_decode(const unsigned char *s, size_t i, size_t len, uint32_t *cp)
{
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > len) {
        *cp = c;
        return 1;
    }
    uint32_t v = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n; k++) {
        if ((s[i + k] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = (v << 6) | (s[i + k] & 0x3Fu);
    }
    *cp = v;
    return n;
}

/* Case mapping of the C.UTF-8 locale (PostgreSQL with LC_CTYPE C.UTF-8);
 * mode 0 lower, 1 upper, 2 initcap. */
static int case_map(Vector **args, const uint16_t *sel, uint32_t count, Vector *out, int mode)
{
    pthread_once(&utf8_locale_once, utf8_locale_init);
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const unsigned char *s = (const unsigned char *)strview_data(v);
        strbuf_reset(&r);
        bool word_start = true;
        for (size_t k = 0; k < v->len;) {
            uint32_t cp;
            size_t n = utf8_decode(s, k, v->len, &cp);
            bool up = mode == 1 || (mode == 2 && word_start);
            uint32_t m = cp;
            if (cp < 0x80) {
                m = (uint32_t)(up ? toupper((int)cp) : tolower((int)cp));
            } else if (utf8_locale) {
                m = (uint32_t)(up ? towupper_l((wint_t)cp, utf8_locale)
                                  : towlower_l((wint_t)cp, utf8_locale));
            }
            if (mode == 2) {
                bool alnum = cp < 0x80
                                 ? isalnum((int)cp) != 0
                                 : (utf8_locale ? iswalnum_l((wint_t)cp, utf8_locale) != 0 : true);
                word_start = !alnum;
            }
            char enc[4];
            if (n == 1 && cp >= 0x80)
                strbuf_putc(&r, (char)cp); /* invalid byte: keep */
            else
                strbuf_append(&r, enc, (size_t)utf8_encode(m, enc));
            k += n;
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_lower(KERNEL_ARGS)
{
    return case_map(args, sel, count, out, 0);
}
static int k_upper(KERNEL_ARGS)
{
    return case_map(args, sel, count, out, 1);
}
static int k_initcap(KERNEL_ARGS)
{
    return case_map(args, sel, count, out, 2);
}

/* ---- substring ---- */

static int k_substring(KERNEL_ARGS)
{
    bool has_len = call->nargs == 3;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        int64_t start = ARG(int32_t, 1, row);
        int64_t end = INT64_MAX;
        if (has_len) {
            int64_t l = ARG(int32_t, 2, row);
            if (l < 0)
                return ERR(ctx->err, SQLSTATE_SUBSTRING_ERROR,
                           "negative substring length not allowed");
            end = start + l;
        }
        if (start < 1) start = 1;
        if (end <= start) {
            emit(out, row, "", 0);
            continue;
        }
        size_t b = om_utf8_prefix_bytes(s, v->len, (size_t)(start - 1));
        size_t e = end == INT64_MAX
                       ? v->len
                       : b + om_utf8_prefix_bytes(s + b, v->len - b, (size_t)(end - start));
        emit(out, row, s + b, e - b);
    }
    return 0;
}

static int k_left_right(KERNEL_ARGS)
{
    bool left = strcmp(call->u.func.def->name, "left") == 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        int64_t n = ARG(int32_t, 1, row);
        size_t chars = om_utf8_strlen(s, v->len);
        int64_t take = n >= 0 ? n : (int64_t)chars + n;
        if (take < 0) take = 0;
        if ((size_t)take > chars) take = (int64_t)chars;
        if (left) {
            emit(out, row, s, om_utf8_prefix_bytes(s, v->len, (size_t)take));
        } else {
            size_t b = om_utf8_prefix_bytes(s, v->len, chars - (size_t)take);
            emit(out, row, s + b, v->len - b);
        }
    }
    return 0;
}

/* ---- position ---- */

static int64_t find_bytes(const char *h, size_t hn, const char *nd, size_t nn)
{
    if (nn == 0) return 0;
    if (nn > hn) return -1;
    const char *p = memmem(h, hn, nd, nn);
    return p ? p - h : -1;
}

static int k_strpos(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const StrView *h = arg_str(args, 0, row), *nd = arg_str(args, 1, row);
        int64_t at = find_bytes(strview_data(h), h->len, strview_data(nd), nd->len);
        r[row] = at < 0 ? 0 : (int32_t)om_utf8_strlen(strview_data(h), (size_t)at) + 1;
    }
    return 0;
}

static int k_starts_with(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const StrView *h = arg_str(args, 0, row), *p = arg_str(args, 1, row);
        r[row] = p->len <= h->len && memcmp(strview_data(h), strview_data(p), p->len) == 0;
    }
    return 0;
}

/* ---- trim ---- */

static bool in_set(const char *set, size_t setn, const char *s, size_t clen)
{
    for (size_t k = 0; k + clen <= setn;) {
        size_t l = om_utf8_char_bytes(set, k, setn);
        if (l == clen && memcmp(set + k, s, clen) == 0) return true;
        k += l;
    }
    return false;
}

static int trim_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                     Vector *out, bool lead, bool trail)
{
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        const char *set = " ";
        size_t setn = 1;
        if (call->nargs > 1) {
            const StrView *sv = arg_str(args, 1, row);
            set = strview_data(sv);
            setn = sv->len;
        }
        size_t b = 0, e = v->len;
        if (lead) {
            while (b < e) {
                size_t l = om_utf8_char_bytes(s, b, e);
                if (!in_set(set, setn, s + b, l)) break;
                b += l;
            }
        }
        if (trail) {
            while (e > b) {
                size_t st = e - 1;
                while (st > b && ((unsigned char)s[st] & 0xC0) == 0x80) st--;
                if (!in_set(set, setn, s + st, e - st)) break;
                e = st;
            }
        }
        emit(out, row, s + b, e - b);
    }
    return 0;
}

static int k_btrim(KERNEL_ARGS)
{
    return trim_rows(call, args, sel, count, out, true, true);
}
static int k_ltrim(KERNEL_ARGS)
{
    return trim_rows(call, args, sel, count, out, true, false);
}
static int k_rtrim(KERNEL_ARGS)
{
    return trim_rows(call, args, sel, count, out, false, true);
}

/* ---- replace, repeat, reverse, pads, split_part ---- */

static int k_replace(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *f = arg_str(args, 1, row),
                      *t = arg_str(args, 2, row);
        const char *s = strview_data(v), *fs = strview_data(f), *ts = strview_data(t);
        strbuf_reset(&r);
        size_t i = 0;
        if (f->len == 0) {
            emit(out, row, s, v->len);
            continue;
        }
        while (i < v->len) {
            int64_t at = find_bytes(s + i, v->len - i, fs, f->len);
            if (at < 0) break;
            strbuf_append(&r, s + i, (size_t)at);
            strbuf_append(&r, ts, t->len);
            i += (size_t)at + f->len;
        }
        strbuf_append(&r, s + i, v->len - i);
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_repeat(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        int32_t n = ARG(int32_t, 1, row);
        if (n < 0) n = 0;
        if ((uint64_t)v->len * (uint64_t)n > (uint64_t)1 << 30) {
            strbuf_fini(&r);
            return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "requested length too large");
        }
        strbuf_reset(&r);
        for (int32_t k = 0; k < n; k++) strbuf_append(&r, strview_data(v), v->len);
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_reverse(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        strbuf_reset(&r);
        size_t e = v->len;
        while (e > 0) {
            size_t st = e - 1;
            while (st > 0 && ((unsigned char)s[st] & 0xC0) == 0x80) st--;
            strbuf_append(&r, s + st, e - st);
            e = st;
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_pad(KERNEL_ARGS)
{
    bool left = strcmp(call->u.func.def->name, "lpad") == 0;
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        int64_t want = ARG(int32_t, 1, row);
        const char *fill = " ";
        size_t filln = 1;
        if (call->nargs > 2) {
            const StrView *f = arg_str(args, 2, row);
            fill = strview_data(f);
            filln = f->len;
        }
        if (want < 0) want = 0;
        if (want > (1 << 28)) {
            strbuf_fini(&r);
            return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "requested length too large");
        }
        size_t chars = om_utf8_strlen(s, v->len);
        strbuf_reset(&r);
        if ((size_t)want <= chars || filln == 0) {
            size_t keep = (size_t)want <= chars ? (size_t)want : chars;
            emit(out, row, s, om_utf8_prefix_bytes(s, v->len, keep));
            continue;
        }
        size_t need = (size_t)want - chars, fk = 0;
        if (!left) strbuf_append(&r, s, v->len);
        for (size_t k = 0; k < need; k++) {
            size_t l = om_utf8_char_bytes(fill, fk, filln);
            strbuf_append(&r, fill + fk, l);
            fk += l;
            if (fk >= filln) fk = 0;
        }
        if (left) strbuf_append(&r, s, v->len);
        emit(out, row, r.data, r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_split_part(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *d = arg_str(args, 1, row);
        int32_t field = ARG(int32_t, 2, row);
        if (field == 0)
            return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "field position must not be zero");
        const char *s = strview_data(v), *ds = strview_data(d);
        if (v->len == 0) {
            emit(out, row, "", 0);
            continue;
        }
        if (d->len == 0) {
            /* the whole string is the only field */
            if (field == 1 || field == -1)
                emit(out, row, s, v->len);
            else
                emit(out, row, "", 0);
            continue;
        }
        /* count the fields, then find the wanted one (negative counts from the end) */
        int64_t nf = 1;
        for (size_t i = 0;;) {
            int64_t at = find_bytes(s + i, v->len - i, ds, d->len);
            if (at < 0) break;
            nf++;
            i += (size_t)at + d->len;
        }
        int64_t idx = field > 0 ? (int64_t)field - 1 : nf + field;
        if (idx < 0 || idx >= nf) {
            emit(out, row, "", 0);
            continue;
        }
        size_t start = 0;
        for (int64_t k = 0; k < idx; k++)
            start += (size_t)find_bytes(s + start, v->len - start, ds, d->len) + d->len;
        int64_t at = find_bytes(s + start, v->len - start, ds, d->len);
        size_t end = at < 0 ? v->len : start + (size_t)at;
        emit(out, row, s + start, end - start);
    }
    return 0;
}

/* ---- md5, chr, ascii ---- */

static int k_md5(KERNEL_ARGS)
{
    static const char hx[] = "0123456789abcdef";
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        unsigned char dig[EVP_MAX_MD_SIZE];
        unsigned int dn = 0;
        if (EVP_Digest(strview_data(v), v->len, dig, &dn, EVP_md5(), NULL) != 1)
            return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "could not compute MD5 hash");
        char hex[33];
        for (unsigned k = 0; k < 16; k++) {
            hex[2 * k] = hx[dig[k] >> 4];
            hex[2 * k + 1] = hx[dig[k] & 15];
        }
        emit(out, row, hex, 32);
    }
    return 0;
}

static int k_chr(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int32_t c = ARG(int32_t, 0, row);
        char buf[4];
        size_t n;
        if (c == 0)
            return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "null character not permitted");
        if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "requested character too large "
                       "for encoding: %d",
                       c);
        n = (size_t)utf8_encode((uint32_t)c, buf);
        emit(out, row, buf, n);
    }
    return 0;
}

/* to_hex(int4 | int8): the two's complement bits in lower-case hex. */
static int k_to_hex(KERNEL_ARGS)
{
    bool wide = call->args[0]->type.id == TYPE_INT8;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        uint64_t v = wide ? (uint64_t)ARG(int64_t, 0, row) : (uint32_t)ARG(int32_t, 0, row);
        char buf[17];
        int n = snprintf(buf, sizeof(buf), "%llx", (unsigned long long)v);
        emit(out, row, buf, (size_t)n);
    }
    return 0;
}

static int k_ascii(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const StrView *v = arg_str(args, 0, row);
        const unsigned char *s = (const unsigned char *)strview_data(v);
        if (v->len == 0) {
            r[row] = 0;
            continue;
        }
        uint32_t c = s[0];
        if (c >= 0xC0 && v->len >= 2) {
            size_t l = om_utf8_char_bytes((const char *)s, 0, v->len);
            c = l == 2 ? (c & 0x1F) : l == 3 ? (c & 0x0F) : (c & 0x07);
            for (size_t k = 1; k < l; k++) c = (c << 6) | (s[k] & 0x3F);
        }
        r[row] = (int32_t)c;
    }
    return 0;
}

/* ---- LIKE ---- */

enum { LIKE_TRUE, LIKE_FALSE, LIKE_ABORT, LIKE_BADESC, LIKE_TOO_DEEP };

#define LIKE_MAX_DEPTH 10000

static inline unsigned char fold(unsigned char c, bool ci)
{
    return ci ? (unsigned char)tolower(c) : c;
}

/* PostgreSQL's MatchText: % any sequence, _ one character, \ escapes. */
static int like_match(const char *t, size_t tlen, const char *p, size_t plen, bool ci, int depth)
{
    if (depth > LIKE_MAX_DEPTH) return LIKE_TOO_DEEP;
    while (tlen > 0 && plen > 0) {
        if (*p == '\\') {
            p++;
            plen--;
            if (plen == 0) return LIKE_BADESC;
            if (fold((unsigned char)*p, ci) != fold((unsigned char)*t, ci)) return LIKE_FALSE;
        } else if (*p == '%') {
            p++;
            plen--;
            while (plen > 0) {
                if (*p == '%') {
                    p++;
                    plen--;
                } else if (*p == '_') {
                    if (tlen == 0) return LIKE_ABORT;
                    size_t l = om_utf8_char_bytes(t, 0, tlen);
                    t += l;
                    tlen -= l;
                    p++;
                    plen--;
                } else {
                    break;
                }
            }
            if (plen == 0) return LIKE_TRUE;
            unsigned char first;
            if (*p == '\\') {
                if (plen < 2) return LIKE_BADESC;
                first = fold((unsigned char)p[1], ci);
            } else {
                first = fold((unsigned char)*p, ci);
            }
            while (tlen > 0) {
                if (fold((unsigned char)*t, ci) == first) {
                    int m = like_match(t, tlen, p, plen, ci, depth + 1);
                    if (m != LIKE_FALSE) return m;
                }
                size_t l = om_utf8_char_bytes(t, 0, tlen);
                t += l;
                tlen -= l;
            }
            return LIKE_ABORT;
        } else if (*p == '_') {
            size_t l = om_utf8_char_bytes(t, 0, tlen);
            t += l;
            tlen -= l;
            p++;
            plen--;
            continue;
        } else if (fold((unsigned char)*p, ci) != fold((unsigned char)*t, ci)) {
            return LIKE_FALSE;
        }
        t++;
        tlen--;
        p++;
        plen--;
    }
    if (tlen > 0) return LIKE_FALSE;
    while (plen > 0 && *p == '%') {
        p++;
        plen--;
    }
    if (plen == 0) return LIKE_TRUE;
    return LIKE_ABORT;
}

/* A constant LIKE pattern of the form [%]literal[%] (no _ and no escapes) is
 * matched with memcmp/memmem instead of the general matcher. */
typedef enum {
    LIKE_FAST_NONE,
    LIKE_FAST_EXACT,
    LIKE_FAST_PREFIX,
    LIKE_FAST_SUFFIX,
    LIKE_FAST_CONTAINS
} LikeFast;

static LikeFast like_classify(const char *p, size_t n, const char **lit, size_t *litlen)
{
    size_t b = 0, e = n;
    bool lead = false, trail = false;
    while (b < e && p[b] == '%') {
        lead = true;
        b++;
    }
    while (e > b && p[e - 1] == '%') {
        trail = true;
        e--;
    }
    for (size_t i = b; i < e; i++)
        if (p[i] == '%' || p[i] == '_' || p[i] == '\\') return LIKE_FAST_NONE;
    *lit = p + b;
    *litlen = e - b;
    if (lead && trail) return LIKE_FAST_CONTAINS;
    if (lead) return LIKE_FAST_SUFFIX;
    if (trail) return LIKE_FAST_PREFIX;
    return LIKE_FAST_EXACT;
}

static int like_rows(Vector **args, const uint16_t *sel, uint32_t count, Vector *out, EvalCtx *ctx,
                     bool ci, bool negate)
{
    uint8_t *r = out->data;
    if (!ci && args[1]->kind == VEC_CONSTANT && validity_is_valid(args[1]->validity, 0)) {
        const StrView *p = arg_str(args, 1, 0);
        const char *lit;
        size_t ln;
        LikeFast kind = like_classify(strview_data(p), p->len, &lit, &ln);
        if (kind != LIKE_FAST_NONE) {
            FOR_EACH_ROW(row)
            {
                const StrView *t = arg_str(args, 0, row);
                const char *s = strview_data(t);
                size_t n = t->len;
                bool m;
                switch (kind) {
                case LIKE_FAST_EXACT:
                    m = n == ln && memcmp(s, lit, ln) == 0;
                    break;
                case LIKE_FAST_PREFIX:
                    m = n >= ln && memcmp(s, lit, ln) == 0;
                    break;
                case LIKE_FAST_SUFFIX:
                    m = n >= ln && memcmp(s + n - ln, lit, ln) == 0;
                    break;
                default:
                    m = ln == 0 || (n >= ln && memmem(s, n, lit, ln) != NULL);
                    break;
                }
                r[row] = m != negate;
            }
            return 0;
        }
    }
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *t = arg_str(args, 0, row), *p = arg_str(args, 1, row);
        int m = like_match(strview_data(t), t->len, strview_data(p), p->len, ci, 0);
        if (m == LIKE_TOO_DEEP)
            return ERR(ctx->err, SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
        if (m == LIKE_BADESC)
            return ERR(ctx->err, SQLSTATE_INVALID_ESCAPE_SEQUENCE,
                       "LIKE pattern must not end with escape character");
        r[row] = (m == LIKE_TRUE) != negate;
    }
    return 0;
}

static int k_like(KERNEL_ARGS)
{
    return like_rows(args, sel, count, out, ctx, false, false);
}
static int k_not_like(KERNEL_ARGS)
{
    return like_rows(args, sel, count, out, ctx, false, true);
}
static int k_ilike(KERNEL_ARGS)
{
    return like_rows(args, sel, count, out, ctx, true, false);
}
static int k_not_ilike(KERNEL_ARGS)
{
    return like_rows(args, sel, count, out, ctx, true, true);
}

/* like_escape(pattern, escape): rewrites the pattern to use backslash. */
static int k_like_escape(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *p = arg_str(args, 0, row), *e = arg_str(args, 1, row);
        const char *ps = strview_data(p);
        strbuf_reset(&r);
        if (e->len == 0) {
            /* no escape character: double every backslash */
            for (uint32_t k = 0; k < p->len; k++) {
                if (ps[k] == '\\') strbuf_putc(&r, '\\');
                strbuf_putc(&r, ps[k]);
            }
        } else {
            if (om_utf8_strlen(strview_data(e), e->len) != 1) {
                strbuf_fini(&r);
                return ERR(ctx->err, SQLSTATE_INVALID_ESCAPE_SEQUENCE, "invalid escape string");
            }
            char esc = strview_data(e)[0];
            for (uint32_t k = 0; k < p->len; k++) {
                if (ps[k] == esc) {
                    if (k + 1 >= p->len) {
                        strbuf_fini(&r);
                        return ERR(ctx->err, SQLSTATE_INVALID_ESCAPE_SEQUENCE,
                                   "LIKE pattern must not end with escape character");
                    }
                    strbuf_putc(&r, '\\');
                    strbuf_putc(&r, ps[++k]);
                } else if (ps[k] == '\\') {
                    strbuf_puts(&r, "\\\\");
                } else {
                    strbuf_putc(&r, ps[k]);
                }
            }
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

/* ---- translate, overlay, quoting ---- */

static int k_translate(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *f = arg_str(args, 1, row),
                      *t = arg_str(args, 2, row);
        const char *s = strview_data(v), *fs = strview_data(f), *ts = strview_data(t);
        strbuf_reset(&r);
        for (size_t i = 0; i < v->len;) {
            size_t l = om_utf8_char_bytes(s, i, v->len);
            /* position of this character in `from` */
            size_t fi = 0, idx = 0;
            bool found = false;
            while (fi < f->len) {
                size_t fl = om_utf8_char_bytes(fs, fi, f->len);
                if (fl == l && memcmp(fs + fi, s + i, l) == 0) {
                    found = true;
                    break;
                }
                fi += fl;
                idx++;
            }
            if (!found) {
                strbuf_append(&r, s + i, l);
            } else {
                size_t tb = om_utf8_prefix_bytes(ts, t->len, idx);
                if (tb < t->len) strbuf_append(&r, ts + tb, om_utf8_char_bytes(ts, tb, t->len));
            }
            i += l;
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_overlay(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *p = arg_str(args, 1, row);
        const char *s = strview_data(v);
        int64_t start = ARG(int32_t, 2, row);
        int64_t cnt = call->nargs > 3 ? ARG(int32_t, 3, row)
                                      : (int64_t)om_utf8_strlen(strview_data(p), p->len);
        if (start < 1 || cnt < 0) {
            strbuf_fini(&r);
            return ERR(ctx->err, SQLSTATE_SUBSTRING_ERROR, "negative substring length not allowed");
        }
        size_t head = om_utf8_prefix_bytes(s, v->len, (size_t)(start - 1));
        size_t tail = om_utf8_prefix_bytes(s, v->len, (size_t)(start - 1 + cnt));
        strbuf_reset(&r);
        strbuf_append(&r, s, head);
        strbuf_append(&r, strview_data(p), p->len);
        strbuf_append(&r, s + tail, v->len - tail);
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int k_quote_ident(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        bool safe = v->len > 0 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
        for (uint32_t k = 0; k < v->len && safe; k++)
            safe = (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '_';
        static const char *const reserved[] = {
            "all",   "and",    "any",    "as",      "asc",   "both",     "case",  "cast",
            "check", "column", "create", "default", "desc",  "distinct", "do",    "else",
            "end",   "false",  "for",    "from",    "group", "having",   "in",    "into",
            "is",    "join",   "limit",  "not",     "null",  "offset",   "on",    "or",
            "order", "select", "table",  "then",    "to",    "true",     "union", "user",
            "using", "when",   "where",  "with"};
        for (size_t k = 0; safe && k < sizeof(reserved) / sizeof(reserved[0]); k++)
            if (strlen(reserved[k]) == v->len && memcmp(reserved[k], s, v->len) == 0) safe = false;
        strbuf_reset(&r);
        if (safe) {
            strbuf_append(&r, s, v->len);
        } else {
            strbuf_putc(&r, '"');
            for (uint32_t k = 0; k < v->len; k++) {
                if (s[k] == '"') strbuf_putc(&r, '"');
                strbuf_putc(&r, s[k]);
            }
            strbuf_putc(&r, '"');
        }
        emit(out, row, r.data, r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static void quote_literal_into(StrBuf *r, const char *s, size_t n)
{
    bool bs = memchr(s, '\\', n) != NULL;
    if (bs) strbuf_putc(r, 'E');
    strbuf_putc(r, '\'');
    for (size_t k = 0; k < n; k++) {
        if (s[k] == '\'' || s[k] == '\\') strbuf_putc(r, s[k]);
        strbuf_putc(r, s[k]);
    }
    strbuf_putc(r, '\'');
}

/* quote_literal(text) is strict; quote_nullable gives NULL for NULL. Both take
 * "any" through text (the binder casts). */
static int k_quote_literal(KERNEL_ARGS)
{
    bool nullable = strcmp(call->u.func.def->name, "quote_nullable") == 0;
    StrBuf r, a;
    strbuf_init(&r, NULL);
    strbuf_init(&a, NULL);
    FOR_EACH_ROW(row)
    {
        strbuf_reset(&r);
        if (!vector_is_valid(args[0], arg_slot(args[0], row))) {
            if (!nullable) continue;
            vector_set_valid(out, row);
            emit(out, row, "NULL", 4);
            continue;
        }
        const char *s;
        size_t n;
        any_text(call, args, 0, row, ctx, &a, &s, &n);
        quote_literal_into(&r, s, n);
        vector_set_valid(out, row);
        emit(out, row, r.data, r.len);
    }
    strbuf_fini(&r);
    strbuf_fini(&a);
    return 0;
}

/* format(fmt, VARIADIC "any"): %s, %I, %L, %% and positional %n$. */
static int k_format(KERNEL_ARGS)
{
    StrBuf r, a;
    strbuf_init(&r, NULL);
    strbuf_init(&a, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!vector_is_valid(args[0], arg_slot(args[0], row))) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        const StrView *f = arg_str(args, 0, row);
        const char *fs = strview_data(f);
        strbuf_reset(&r);
        int next = 1;
        for (uint32_t k = 0; k < f->len; k++) {
            if (fs[k] != '%') {
                strbuf_putc(&r, fs[k]);
                continue;
            }
            if (++k >= f->len) {
                rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                         "unterminated format() type specifier");
                goto done;
            }
            if (fs[k] == '%') {
                strbuf_putc(&r, '%');
                continue;
            }
            int argno = next;
            uint32_t save = k;
            int num = 0;
            while (k < f->len && fs[k] >= '0' && fs[k] <= '9') num = num * 10 + (fs[k++] - '0');
            if (k < f->len && fs[k] == '$' && num > 0) {
                argno = num;
                k++;
            } else {
                k = save;
            }
            if (k >= f->len) {
                rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                         "unterminated format() type specifier");
                goto done;
            }
            char conv = fs[k];
            if (conv != 's' && conv != 'I' && conv != 'L') {
                rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                         "unrecognized format() type specifier \"%c\"", conv);
                goto done;
            }
            if (argno >= call->nargs) {
                rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                         "too few arguments for format()");
                goto done;
            }
            next = argno + 1;
            bool isnull = !vector_is_valid(args[argno], arg_slot(args[argno], row));
            const char *s = "";
            size_t n = 0;
            if (!isnull) any_text(call, args, argno, row, ctx, &a, &s, &n);
            if (conv == 's') {
                if (!isnull) strbuf_append(&r, s, n);
            } else if (conv == 'L') {
                if (isnull)
                    strbuf_puts(&r, "NULL");
                else
                    quote_literal_into(&r, s, n);
            } else {
                if (isnull) {
                    rc = ERR(ctx->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                             "null values cannot be formatted as an SQL identifier");
                    goto done;
                }
                bool safe = n > 0 && ((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_');
                for (size_t q = 0; q < n && safe; q++)
                    safe =
                        (s[q] >= 'a' && s[q] <= 'z') || (s[q] >= '0' && s[q] <= '9') || s[q] == '_';
                if (safe)
                    strbuf_append(&r, s, n);
                else {
                    strbuf_putc(&r, '"');
                    for (size_t q = 0; q < n; q++) {
                        if (s[q] == '"') strbuf_putc(&r, '"');
                        strbuf_putc(&r, s[q]);
                    }
                    strbuf_putc(&r, '"');
                }
            }
        }
        vector_set_valid(out, row);
        emit(out, row, r.data ? r.data : "", r.len);
    }
done:
    strbuf_fini(&r);
    strbuf_fini(&a);
    return rc;
}

static int k_bit_length(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row) r[row] = (int32_t)arg_str(args, 0, row)->len * 8;
    return 0;
}

/* ---- table ---- */

#define T                          TYPE_TEXT
#define I                          TYPE_INT4
#define B                          TYPE_BOOL
#define ANY                        FUNC_ARG_ANY
#define OPS(name, a, b, r, k, oid) OP2(name, a, b, r, k, oid)

const FuncDef func_string_defs[] = {
    OP2("||", T, T, T, k_concat_op, 13000),
    OP2("||", ANY, T, T, k_concat_op, 13001),
    OP2("||", T, ANY, T, k_concat_op, 13002),
    OP2("||", TYPE_BYTEA, TYPE_BYTEA, TYPE_BYTEA, k_concat_bytea, 13003),
    FNF("concat", 1, T, k_concat, 13010, FUNC_VARIADIC, ANY),
    FNF("concat_ws", 2, T, k_concat, 13011, FUNC_VARIADIC, T, ANY),
    FN("length", 1, I, k_char_length, 13020, T),
    FN("length", 1, I, k_char_length, 13021, TYPE_BPCHAR),
    FN("length", 1, I, k_octet_length, 13022, TYPE_BYTEA),
    FN("char_length", 1, I, k_char_length, 13023, T),
    FN("char_length", 1, I, k_char_length, 13024, TYPE_BPCHAR),
    FN("character_length", 1, I, k_char_length, 13025, T),
    FN("character_length", 1, I, k_char_length, 13026, TYPE_BPCHAR),
    FN("octet_length", 1, I, k_octet_length, 13027, T),
    FN("octet_length", 1, I, k_octet_length, 13028, TYPE_BPCHAR),
    FN("octet_length", 1, I, k_octet_length, 13029, TYPE_BYTEA),
    FN("lower", 1, T, k_lower, 13030, T),
    FN("upper", 1, T, k_upper, 13031, T),
    FN("initcap", 1, T, k_initcap, 13032, T),
    FN("substring", 3, T, k_substring, 13040, T, I, I),
    FN("substring", 2, T, k_substring, 13041, T, I),
    FN("substr", 3, T, k_substring, 13042, T, I, I),
    FN("substr", 2, T, k_substring, 13043, T, I),
    FN("left", 2, T, k_left_right, 13044, T, I),
    FN("right", 2, T, k_left_right, 13045, T, I),
    FN("strpos", 2, I, k_strpos, 13050, T, T),
    FN("position", 2, I, k_strpos, 13051, T, T),
    FN("starts_with", 2, B, k_starts_with, 13052, T, T),
    FN("btrim", 1, T, k_btrim, 13060, T),
    FN("btrim", 2, T, k_btrim, 13061, T, T),
    FN("ltrim", 1, T, k_ltrim, 13062, T),
    FN("ltrim", 2, T, k_ltrim, 13063, T, T),
    FN("rtrim", 1, T, k_rtrim, 13064, T),
    FN("rtrim", 2, T, k_rtrim, 13065, T, T),
    FN("replace", 3, T, k_replace, 13070, T, T, T),
    FN("repeat", 2, T, k_repeat, 13071, T, I),
    FN("reverse", 1, T, k_reverse, 13072, T),
    FN("lpad", 3, T, k_pad, 13073, T, I, T),
    FN("lpad", 2, T, k_pad, 13074, T, I),
    FN("rpad", 3, T, k_pad, 13075, T, I, T),
    FN("rpad", 2, T, k_pad, 13076, T, I),
    FN("split_part", 3, T, k_split_part, 13077, T, T, I),
    FN("md5", 1, T, k_md5, 13080, T),
    FN("chr", 1, T, k_chr, 13081, I),
    FN("to_hex", 1, T, k_to_hex, 2089, I),
    FN("to_hex", 1, T, k_to_hex, 2090, TYPE_INT8),
    FN("ascii", 1, I, k_ascii, 13082, T),
    OP2("~~", T, T, B, k_like, 13090),
    OP2("!~~", T, T, B, k_not_like, 13091),
    OP2("~~*", T, T, B, k_ilike, 13092),
    OP2("!~~*", T, T, B, k_not_ilike, 13093),
    OP2("~~", TYPE_BYTEA, TYPE_BYTEA, B, k_like, 13094),
    OP2("!~~", TYPE_BYTEA, TYPE_BYTEA, B, k_not_like, 13095),
    FN("like_escape", 2, T, k_like_escape, 13096, T, T),
    FN("translate", 3, T, k_translate, 13110, T, T, T),
    FN("overlay", 4, T, k_overlay, 13111, T, T, I, I),
    FN("overlay", 3, T, k_overlay, 13112, T, T, I),
    FN("quote_ident", 1, T, k_quote_ident, 13115, T),
    FN("quote_literal", 1, T, k_quote_literal, 13116, ANY),
    FNF("quote_nullable", 1, T, k_quote_literal, 13117, 0, ANY),
    FNF("format", 2, T, k_format, 13118, FUNC_VARIADIC, T, ANY),
    FNF("format", 1, T, k_format, 13120, 0, T),
    FN("bit_length", 1, I, k_bit_length, 13119, T),
};
const int func_string_ndefs = sizeof(func_string_defs) / sizeof(func_string_defs[0]);
