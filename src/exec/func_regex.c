/*
 * func_regex.c — regular expressions, PostgreSQL's ARE (rewritten for the C
 * library's regcomp by regex_are.c): ~ ~* !~ !~*, similar_to_escape (SIMILAR
 * TO), regexp_like, regexp_count, regexp_instr, regexp_substr, regexp_match,
 * regexp_replace, regexp_split_to_array and substring(text FROM pattern).
 * The set-returning regexp_matches and regexp_split_to_table are in
 * srf_regex.c, on the helpers declared in func_regex.h.
 *
 * Offsets are bytes inside; positions a user sees (start, regexp_instr's
 * answer) count UTF-8 characters. A pattern is compiled once per run of rows
 * that repeat it (RegexCache).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/array.h"
#include "exec/func_int.h"
#include "exec/func_regex.h"

static inline void emit(Vector *out, uint32_t row, const char *s, size_t n)
{
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)n);
}

/* ---- shared helpers (func_regex.h) ---- */

void regex_cache_fini(RegexCache *rc)
{
    if (rc->compiled) regfree(&rc->re);
    free(rc->key);
}

int regex_cache_get(RegexCache *rc, const StrView *p, int cflags, OmError *err)
{
    size_t klen = p->len + 1;
    if (rc->compiled && rc->key_len == klen && memcmp(rc->key, strview_data(p), p->len) == 0 &&
        rc->key[p->len] == (char)cflags)
        return 0;
    if (rc->compiled) regfree(&rc->re);
    rc->compiled = false;
    if (regex_are_compile(&rc->re, strview_data(p), p->len, cflags, &rc->info, err) != 0) return -1;
    rc->compiled = true;
    free(rc->key);
    rc->key = malloc(klen);
    if (!rc->key) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    memcpy(rc->key, strview_data(p), p->len);
    rc->key[p->len] = (char)cflags;
    rc->key_len = klen;
    return 0;
}

int regex_parse_flags(const StrView *fl, bool allow_g, const char *fn, int *cflags, bool *global,
                      OmError *err)
{
    for (uint32_t k = 0; fl && k < fl->len; k++) {
        char c = strview_data(fl)[k];
        if (c == 'i') {
            *cflags |= REG_ICASE;
        } else if (c == 'c') {
            *cflags &= ~REG_ICASE;
        } else if (c == 'g' && allow_g && global) {
            *global = true;
        } else if (c == 'g' && fn) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "%s() does not support the \"global\" option", fn);
            if (strcmp(fn, "regexp_match") == 0)
                error_hint(err, "Use the regexp_matches function instead.");
            return -1;
        } else {
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "invalid regular expression option: \"%c\"", c);
        }
    }
    return 0;
}

void regex_text_cstr(StrBuf *t, const StrView *v)
{
    strbuf_reset(t);
    strbuf_append(t, strview_data(v), v->len);
    strbuf_putc(t, '\0');
}

bool regex_match_at(const RegexCache *rc, const char *t, size_t len, size_t off,
                    regmatch_t m[REGEX_MAX_GROUPS])
{
    regmatch_t mm[REGEX_MAX_MATCH];
    if (off > len ||
        regex_are_exec(&rc->re, t + off, REGEX_MAX_MATCH, mm, off > 0 ? REG_NOTBOL : 0) != 0)
        return false;
    for (int g = 0; g < REGEX_MAX_GROUPS; g++) {
        regmatch_t x = {-1, -1};
        if (g == 0)
            x = mm[0];
        else if (g <= rc->info.ngroups && rc->info.capture_map[g] < REGEX_MAX_MATCH)
            x = mm[rc->info.capture_map[g]];
        if (x.rm_so >= 0) x.rm_so += (regoff_t)off, x.rm_eo += (regoff_t)off;
        m[g] = x;
    }
    return true;
}

/* ---- operators and scalar functions ---- */

static int regex_rows(Vector **args, const uint16_t *sel, uint32_t count, Vector *out, EvalCtx *ctx,
                      bool ci, bool negate)
{
    uint8_t *r = out->data;
    RegexCache cache = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        if (regex_cache_get(&cache, arg_str(args, 1, row), REG_NOSUB | (ci ? REG_ICASE : 0),
                            ctx->err) != 0) {
            rc = -1;
            break;
        }
        regex_text_cstr(&t, arg_str(args, 0, row));
        r[row] = (regex_are_exec(&cache.re, t.data, 0, NULL, 0) == 0) != negate;
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    return rc;
}

static int k_regex(KERNEL_ARGS)
{
    return regex_rows(args, sel, count, out, ctx, false, false);
}
static int k_not_regex(KERNEL_ARGS)
{
    return regex_rows(args, sel, count, out, ctx, false, true);
}
static int k_iregex(KERNEL_ARGS)
{
    return regex_rows(args, sel, count, out, ctx, true, false);
}
static int k_not_iregex(KERNEL_ARGS)
{
    return regex_rows(args, sel, count, out, ctx, true, true);
}

/* similar_to_escape(pattern [, escape]): SIMILAR TO's pattern as an ARE
 * (the parser wraps every SIMILAR TO pattern in it). */
static int k_similar_to_escape(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *p = arg_str(args, 0, row);
        const char *esc = "\\";
        size_t esc_len = 1;
        if (call->nargs > 1) {
            const StrView *e = arg_str(args, 1, row);
            esc = strview_data(e);
            esc_len = e->len;
            /* one character, which may take several bytes */
            size_t chars = 0;
            for (size_t i = 0; i < esc_len; i++) chars += ((unsigned char)esc[i] & 0xC0) != 0x80;
            if (chars > 1) {
                rc = ERR(ctx->err, SQLSTATE_INVALID_ESCAPE_SEQUENCE, "invalid escape string");
                error_hint(ctx->err, "Escape string must be empty or one character.");
                break;
            }
            if (esc_len > 1) {
                rc = ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "a multibyte escape character in SIMILAR TO is not supported yet");
                break;
            }
        }
        strbuf_reset(&r);
        if (regex_similar_to_are(strview_data(p), p->len, esc, esc_len, &r, ctx->err) != 0) {
            rc = -1;
            break;
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return rc;
}

/* regexp_like(text, pattern [, flags]) */
static int k_regexp_like(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    RegexCache cache = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int cflags = REG_NOSUB;
        if ((call->nargs > 2 && regex_parse_flags(arg_str(args, 2, row), false, "regexp_like",
                                                  &cflags, NULL, ctx->err) != 0) ||
            regex_cache_get(&cache, arg_str(args, 1, row), cflags, ctx->err) != 0) {
            rc = -1;
            break;
        }
        const StrView *v = arg_str(args, 0, row);
        regex_text_cstr(&t, v);
        r[row] = regex_are_exec(&cache.re, t.data, 0, NULL, 0) == 0;
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    return rc;
}

/* regexp_count(text, pattern [, start [, flags]]): non-overlapping matches
 * from character position start (1-based). */
static int k_regexp_count(KERNEL_ARGS)
{
    int32_t *r = out->data;
    RegexCache cache = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int cflags = 0;
        if ((call->nargs > 3 && regex_parse_flags(arg_str(args, 3, row), false, "regexp_count",
                                                  &cflags, NULL, ctx->err) != 0) ||
            regex_cache_get(&cache, arg_str(args, 1, row), cflags, ctx->err) != 0) {
            rc = -1;
            break;
        }
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        size_t off = 0;
        if (call->nargs > 2) {
            int32_t start = ARG(int32_t, 2, row);
            if (start <= 0) {
                rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                         "invalid value for parameter \"%s\": %d", "start", start);
                break;
            }
            for (int32_t c = 1; c < start && off < v->len; c++) { /* skip UTF-8 characters */
                off++;
                while (off < v->len && ((unsigned char)s[off] & 0xC0) == 0x80) off++;
            }
        }
        regex_text_cstr(&t, v);
        int32_t n = 0;
        regmatch_t m;
        while (off <= v->len &&
               regex_are_exec(&cache.re, t.data + off, 1, &m, off > 0 ? REG_NOTBOL : 0) == 0) {
            n++;
            off += m.rm_eo > m.rm_so ? (size_t)m.rm_eo : (size_t)m.rm_eo + 1;
        }
        r[row] = n;
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    return rc;
}

/* substring(text FROM pattern): the part matching the first parenthesized
 * group if the pattern has one, else the whole match; NULL if no match. */
static int k_substring_regex(KERNEL_ARGS)
{
    RegexCache cache = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        if (regex_cache_get(&cache, arg_str(args, 1, row), 0, ctx->err) != 0) {
            rc = -1;
            break;
        }
        const StrView *v = arg_str(args, 0, row);
        regex_text_cstr(&t, v);
        regmatch_t m[REGEX_MAX_MATCH];
        if (regex_are_exec(&cache.re, t.data, REGEX_MAX_MATCH, m, 0) != 0) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        regmatch_t *g = &m[0];
        if (cache.info.ngroups > 0) {
            int e = cache.info.capture_map[1];
            if (e >= REGEX_MAX_MATCH || m[e].rm_so < 0) {
                vector_set_null(out, row, ctx->arena);
                continue;
            }
            g = &m[e];
        }
        emit(out, row, t.data + g->rm_so, (size_t)(g->rm_eo - g->rm_so));
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    return rc;
}

static int k_regexp_replace(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *p = arg_str(args, 1, row),
                      *rep = arg_str(args, 2, row);
        bool global = false, icase = false;
        if (call->nargs > 3) {
            const StrView *fl = arg_str(args, 3, row);
            for (uint32_t k = 0; k < fl->len; k++) {
                char c = strview_data(fl)[k];
                if (c == 'g')
                    global = true;
                else if (c == 'i')
                    icase = true;
                else if (c != 'c') {
                    rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                             "invalid regular expression option: \"%c\"", c);
                    goto done;
                }
            }
        }
        regex_t re;
        RegexEre info;
        if (regex_are_compile(&re, strview_data(p), p->len, icase ? REG_ICASE : 0, &info,
                              ctx->err) != 0) {
            rc = -1;
            goto done;
        }
        char *txt = strndup(strview_data(v), v->len);
        strbuf_reset(&r);
        size_t off = 0, tl = v->len;
        regmatch_t mm[REGEX_MAX_MATCH];
        regmatch_t m[REGEX_MAX_GROUPS];
        while (off <= tl &&
               regex_are_exec(&re, txt + off, REGEX_MAX_MATCH, mm, off > 0 ? REG_NOTBOL : 0) == 0) {
            /* the user's group numbers, through (?:) groups the rewrite made capturing */
            m[0] = mm[0];
            for (int g = 1; g < REGEX_MAX_GROUPS; g++) {
                m[g].rm_so = m[g].rm_eo = -1;
                if (g <= info.ngroups && info.capture_map[g] < REGEX_MAX_MATCH)
                    m[g] = mm[info.capture_map[g]];
            }
            strbuf_append(&r, txt + off, (size_t)m[0].rm_so);
            const char *rs = strview_data(rep);
            for (uint32_t k = 0; k < rep->len; k++) {
                if (rs[k] == '\\' && k + 1 < rep->len) {
                    char c = rs[k + 1];
                    if (c >= '1' && c <= '9') {
                        int g = c - '0';
                        if (m[g].rm_so >= 0)
                            strbuf_append(&r, txt + off + m[g].rm_so,
                                          (size_t)(m[g].rm_eo - m[g].rm_so));
                        k++;
                        continue;
                    }
                    if (c == '&') {
                        strbuf_append(&r, txt + off + m[0].rm_so,
                                      (size_t)(m[0].rm_eo - m[0].rm_so));
                        k++;
                        continue;
                    }
                    if (c == '\\') {
                        strbuf_putc(&r, '\\');
                        k++;
                        continue;
                    }
                }
                strbuf_putc(&r, rs[k]);
            }
            size_t adv = (size_t)m[0].rm_eo;
            if (m[0].rm_eo == m[0].rm_so) {
                /* empty match: copy one character and move on */
                if (off + adv < tl) strbuf_putc(&r, txt[off + adv]);
                adv++;
            }
            off += adv;
            if (!global) break;
        }
        if (off < tl) strbuf_append(&r, txt + off, tl - off);
        regfree(&re);
        free(txt);
        emit(out, row, r.data ? r.data : "", r.len);
    }
done:
    strbuf_fini(&r);
    return rc;
}

/* regexp_instr / regexp_substr's common part: the n-th match (non-overlapping,
 * from character position start) of row's pattern. Returns 1 and m, 0 when
 * there are fewer matches, -1 on error. Arguments after the pattern come in
 * PostgreSQL's order: start, n, [endoption,] flags, subexpr. */
typedef struct NthMatch {
    int64_t start, n, endoption, subexpr;
    const StrView *flags;
} NthMatch;

static int nth_match(RegexCache *cache, StrBuf *t, const StrView *v, const StrView *pat,
                     const NthMatch *q, const char *fn, regmatch_t m[REGEX_MAX_GROUPS],
                     OmError *err)
{
    if (q->start <= 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "invalid value for parameter \"%s\": %lld", "start", (long long)q->start);
    if (q->n <= 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "invalid value for parameter \"%s\": %lld", "n", (long long)q->n);
    if (q->endoption != 0 && q->endoption != 1)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "invalid value for parameter \"%s\": %lld", "endoption",
                   (long long)q->endoption);
    if (q->subexpr < 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "invalid value for parameter \"%s\": %lld", "subexpr", (long long)q->subexpr);
    int cflags = 0;
    if (regex_parse_flags(q->flags, false, fn, &cflags, NULL, err) != 0 ||
        regex_cache_get(cache, pat, cflags, err) != 0)
        return -1;
    regex_text_cstr(t, v);
    size_t off = om_utf8_prefix_bytes(t->data, v->len, (size_t)(q->start - 1));
    for (int64_t k = 1;; k++) {
        if (!regex_match_at(cache, t->data, v->len, off, m)) return 0;
        if (k == q->n) return 1;
        off =
            m[0].rm_eo > m[0].rm_so
                ? (size_t)m[0].rm_eo
                : (size_t)m[0].rm_eo + om_utf8_char_bytes(t->data, (size_t)m[0].rm_eo, v->len + 1);
        if (off > v->len) return 0;
    }
}

/* Reads the optional arguments of regexp_instr (instr true) or regexp_substr. */
static void nth_args(const Expr *call, Vector **args, uint32_t row, bool instr, NthMatch *q)
{
    int a = 2;
    q->start = call->nargs > a ? ARG(int32_t, a, row) : 1;
    a++;
    q->n = call->nargs > a ? ARG(int32_t, a, row) : 1;
    a++;
    q->endoption = 0;
    if (instr) {
        if (call->nargs > a) q->endoption = ARG(int32_t, a, row);
        a++;
    }
    q->flags = call->nargs > a ? arg_str(args, a, row) : NULL;
    a++;
    q->subexpr = call->nargs > a ? ARG(int32_t, a, row) : 0;
}

/* The group subexpr of a match (0 = the whole match), or NULL when the
 * pattern has fewer groups or the group did not take part. */
static const regmatch_t *match_group(const RegexCache *cache, const regmatch_t *m, int64_t subexpr)
{
    if (subexpr > cache->info.ngroups || subexpr >= REGEX_MAX_GROUPS) return NULL;
    return m[subexpr].rm_so >= 0 ? &m[subexpr] : NULL;
}

/* regexp_instr(text, pattern [, start [, n [, endoption [, flags [, subexpr]]]]]):
 * the character position where the n-th match (or its group) starts, or just
 * after it ends (endoption 1); 0 when there is none. */
static int k_regexp_instr(KERNEL_ARGS)
{
    int32_t *r = out->data;
    RegexCache cache = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        NthMatch q;
        nth_args(call, args, row, true, &q);
        regmatch_t m[REGEX_MAX_GROUPS];
        const StrView *v = arg_str(args, 0, row);
        int found =
            nth_match(&cache, &t, v, arg_str(args, 1, row), &q, "regexp_instr", m, ctx->err);
        if (found < 0) {
            rc = -1;
            break;
        }
        const regmatch_t *g = found ? match_group(&cache, m, q.subexpr) : NULL;
        r[row] =
            g ? (int32_t)om_utf8_strlen(t.data, (size_t)(q.endoption ? g->rm_eo : g->rm_so)) + 1
              : 0;
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    return rc;
}

/* regexp_substr(text, pattern [, start [, n [, flags [, subexpr]]]]): the
 * n-th match (or its group), NULL when there is none. */
static int k_regexp_substr(KERNEL_ARGS)
{
    RegexCache cache = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        NthMatch q;
        nth_args(call, args, row, false, &q);
        regmatch_t m[REGEX_MAX_GROUPS];
        int found = nth_match(&cache, &t, arg_str(args, 0, row), arg_str(args, 1, row), &q,
                              "regexp_substr", m, ctx->err);
        if (found < 0) {
            rc = -1;
            break;
        }
        const regmatch_t *g = found ? match_group(&cache, m, q.subexpr) : NULL;
        if (!g) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        emit(out, row, t.data + g->rm_so, (size_t)(g->rm_eo - g->rm_so));
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    return rc;
}

void regex_match_values(const RegexCache *rc, const char *t, const regmatch_t *m, Value *vals,
                        uint32_t *n)
{
    int ng = rc->info.ngroups;
    if (ng == 0) {
        memset(&vals[0], 0, sizeof(Value));
        vals[0].type = OM_TYPE(TYPE_TEXT);
        vals[0].u.str = strview_make(t + m[0].rm_so, (uint32_t)(m[0].rm_eo - m[0].rm_so));
        *n = 1;
        return;
    }
    for (int g = 1; g <= ng && g < REGEX_MAX_GROUPS; g++) {
        Value *v = &vals[g - 1];
        memset(v, 0, sizeof(Value));
        v->type = OM_TYPE(TYPE_TEXT);
        v->is_null = m[g].rm_so < 0;
        if (!v->is_null)
            v->u.str = strview_make(t + m[g].rm_so, (uint32_t)(m[g].rm_eo - m[g].rm_so));
    }
    *n = (uint32_t)(ng < REGEX_MAX_GROUPS ? ng : REGEX_MAX_GROUPS - 1);
}

/* regexp_match(text, pattern [, flags]): the first match as text[] (its
 * groups, or the whole match when the pattern has none); NULL if none. */
static int k_regexp_match(KERNEL_ARGS)
{
    RegexCache cache = {0};
    StrBuf t, sb;
    strbuf_init(&t, NULL);
    strbuf_init(&sb, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int cflags = 0;
        if (regex_parse_flags(call->nargs > 2 ? arg_str(args, 2, row) : NULL, false, "regexp_match",
                              &cflags, NULL, ctx->err) != 0 ||
            regex_cache_get(&cache, arg_str(args, 1, row), cflags, ctx->err) != 0) {
            rc = -1;
            break;
        }
        const StrView *v = arg_str(args, 0, row);
        regex_text_cstr(&t, v);
        regmatch_t m[REGEX_MAX_GROUPS];
        if (!regex_match_at(&cache, t.data, v->len, 0, m)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        Value vals[REGEX_MAX_GROUPS];
        uint32_t n;
        regex_match_values(&cache, t.data, m, vals, &n);
        strbuf_reset(&sb);
        array_write_1d(TYPE_TEXT, vals, n, &sb);
        emit(out, row, sb.data, sb.len);
    }
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    strbuf_fini(&sb);
    return rc;
}

int regex_split_next(const RegexCache *rc, const char *t, size_t len, RegexSplit *sp, size_t *from,
                     size_t *to)
{
    while (!sp->done) {
        regmatch_t m[REGEX_MAX_GROUPS];
        if (sp->search > len || !regex_match_at(rc, t, len, sp->search, m)) {
            sp->done = true;
            *from = sp->piece;
            *to = len;
            return 1;
        }
        size_t so = (size_t)m[0].rm_so, eo = (size_t)m[0].rm_eo;
        /* PostgreSQL ignores empty matches at the start, at the end and right
         * after the previous match */
        bool take = so < len && eo > sp->prev_end;
        /* the next search starts where this match ended, one character on
         * after an empty match */
        sp->search = so == eo ? eo + (eo < len ? om_utf8_char_bytes(t, eo, len) : 1) : eo;
        if (take) {
            *from = sp->piece;
            *to = so;
            sp->piece = eo;
            sp->prev_end = eo;
            return 1;
        }
    }
    return 0;
}

/* regexp_split_to_array(text, pattern [, flags]) */
static int k_regexp_split_to_array(KERNEL_ARGS)
{
    RegexCache cache = {0};
    StrBuf t, sb;
    strbuf_init(&t, NULL);
    strbuf_init(&sb, NULL);
    int rc = 0;
    uint32_t cap = 16;
    Value *vals = malloc(sizeof(Value) * cap);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int cflags = 0;
        if (!vals ||
            regex_parse_flags(call->nargs > 2 ? arg_str(args, 2, row) : NULL, false,
                              "regexp_split_to_array", &cflags, NULL, ctx->err) != 0 ||
            regex_cache_get(&cache, arg_str(args, 1, row), cflags, ctx->err) != 0) {
            rc = vals ? -1 : ERR(ctx->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            break;
        }
        const StrView *v = arg_str(args, 0, row);
        regex_text_cstr(&t, v);
        RegexSplit sp = {0};
        size_t from, to;
        uint32_t n = 0;
        while (regex_split_next(&cache, t.data, v->len, &sp, &from, &to) == 1) {
            if (n == cap) {
                Value *nv = realloc(vals, sizeof(Value) * cap * 2);
                if (!nv) {
                    rc = ERR(ctx->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
                    goto done;
                }
                vals = nv;
                cap *= 2;
            }
            memset(&vals[n], 0, sizeof(Value));
            vals[n].type = OM_TYPE(TYPE_TEXT);
            vals[n].u.str = strview_make(t.data + from, (uint32_t)(to - from));
            n++;
        }
        strbuf_reset(&sb);
        array_write_1d(TYPE_TEXT, vals, n, &sb);
        emit(out, row, sb.data, sb.len);
    }
done:
    free(vals);
    regex_cache_fini(&cache);
    strbuf_fini(&t);
    strbuf_fini(&sb);
    return rc;
}

#define T  TYPE_TEXT
#define TA TYPE_TEXT_ARRAY
#define I  TYPE_INT4
#define B  TYPE_BOOL
const FuncDef func_regex_defs[] = {
    OP2("~", T, T, B, k_regex, 13100),
    OP2("!~", T, T, B, k_not_regex, 13101),
    OP2("~*", T, T, B, k_iregex, 13102),
    OP2("!~*", T, T, B, k_not_iregex, 13103),
    FN("regexp_replace", 3, T, k_regexp_replace, 13113, T, T, T),
    FN("regexp_replace", 4, T, k_regexp_replace, 13114, T, T, T, T),
    FN("similar_to_escape", 1, T, k_similar_to_escape, 1987, T),
    FN("similar_to_escape", 2, T, k_similar_to_escape, 1986, T, T),
    FN("regexp_like", 2, B, k_regexp_like, 13121, T, T),
    FN("regexp_like", 3, B, k_regexp_like, 13122, T, T, T),
    FN("regexp_count", 2, I, k_regexp_count, 13123, T, T),
    FN("regexp_count", 3, I, k_regexp_count, 13124, T, T, I),
    FN("regexp_count", 4, I, k_regexp_count, 13125, T, T, I, T),
    FN("substring", 2, T, k_substring_regex, 13126, T, T),
    FN("regexp_instr", 2, I, k_regexp_instr, 13127, T, T),
    FN("regexp_instr", 3, I, k_regexp_instr, 13128, T, T, I),
    FN("regexp_instr", 4, I, k_regexp_instr, 13129, T, T, I, I),
    FN("regexp_instr", 5, I, k_regexp_instr, 13130, T, T, I, I, I),
    FN("regexp_instr", 6, I, k_regexp_instr, 13131, T, T, I, I, I, T),
    FN("regexp_instr", 7, I, k_regexp_instr, 13132, T, T, I, I, I, T, I),
    FN("regexp_substr", 2, T, k_regexp_substr, 13133, T, T),
    FN("regexp_substr", 3, T, k_regexp_substr, 13134, T, T, I),
    FN("regexp_substr", 4, T, k_regexp_substr, 13135, T, T, I, I),
    FN("regexp_substr", 5, T, k_regexp_substr, 13136, T, T, I, I, T),
    FN("regexp_substr", 6, T, k_regexp_substr, 13137, T, T, I, I, T, I),
    FN("regexp_match", 2, TA, k_regexp_match, 13138, T, T),
    FN("regexp_match", 3, TA, k_regexp_match, 13139, T, T, T),
    FN("regexp_split_to_array", 2, TA, k_regexp_split_to_array, 13140, T, T),
    FN("regexp_split_to_array", 3, TA, k_regexp_split_to_array, 13141, T, T, T),
};
const int func_regex_ndefs = sizeof(func_regex_defs) / sizeof(func_regex_defs[0]);
