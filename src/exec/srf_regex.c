/*
 * srf_regex.c — set-returning regular-expression functions (exec/srf.h):
 *
 *   regexp_matches(text, pattern [, flags]) -> setof text[]
 *       each match (only the first without the g flag) as regexp_match
 *       gives it: the groups, or the whole match when there are none
 *   regexp_split_to_table(text, pattern [, flags]) -> setof text
 *       the pieces between matches, as regexp_split_to_array
 *
 * open computes the whole set into the iterator's arena and frees the
 * compiled pattern there, since an SRF has no close hook; next hands the
 * values out a batch at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/array.h"
#include "catalog/type_io_int.h"
#include "exec/func_regex.h"
#include "exec/srf_regex.h"

/* Arguments are text (an untyped literal becomes text); anything else is
 * 42883 as PostgreSQL reports a missing overload. */
static int text_args(const char *name, OmType *arg_types, int nargs, OmError *err)
{
    for (int i = 0; i < nargs; i++) {
        TypeId t = arg_types[i].id;
        if (t == TYPE_UNKNOWN || t == TYPE_NULL || type_is_string(t)) {
            arg_types[i] = OM_TYPE(TYPE_TEXT);
            continue;
        }
        char tn[64];
        type_format(arg_types[i], tn, sizeof(tn));
        ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s, ...) does not exist", name, tn);
        error_hint(err, "No function matches the given name and argument types. You might need to "
                        "add explicit type casts.");
        return -1;
    }
    return 0;
}

int srf_regex_matches_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err)
{
    if (text_args("regexp_matches", arg_types, nargs, err) != 0) return -1;
    *ret = OM_TYPE(TYPE_TEXT_ARRAY);
    return 0;
}

int srf_regex_split_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err)
{
    if (text_args("regexp_split_to_table", arg_types, nargs, err) != 0) return -1;
    *ret = OM_TYPE(TYPE_TEXT);
    return 0;
}

/* Appends a copy of s[0..len) to st->items (in the arena). */
static void add_item(SrfIter *it, RegexSetState *st, uint32_t *cap, const char *s, size_t len)
{
    if (st->n == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 16;
        StrView *items = arena_alloc(it->arena, sizeof(StrView) * ncap);
        if (st->n) memcpy(items, st->items, sizeof(StrView) * st->n);
        st->items = items;
        *cap = ncap;
    }
    char *copy = arena_alloc(it->arena, len ? len : 1);
    if (len) memcpy(copy, s, len);
    st->items[st->n++] = strview_make(copy, (uint32_t)len);
}

/* Compiles the pattern of args[1] with args[2]'s flags; the text of args[0]
 * goes NUL-terminated into t. */
static int open_pattern(SrfIter *it, const Value *args, int nargs, bool allow_g, const char *fn,
                        RegexCache *rc, StrBuf *t, bool *global)
{
    int cflags = 0;
    if (regex_parse_flags(nargs > 2 ? &args[2].u.str : NULL, allow_g, fn, &cflags, global,
                          it->err) != 0 ||
        regex_cache_get(rc, &args[1].u.str, cflags, it->err) != 0)
        return -1;
    regex_text_cstr(t, &args[0].u.str);
    return 0;
}

int srf_regex_matches_open(SrfIter *it, const Value *args, int nargs)
{
    RegexSetState *st = it->state;
    RegexCache rc = {0};
    StrBuf t, sb;
    strbuf_init(&t, NULL);
    strbuf_init(&sb, NULL);
    bool global = false;
    int r = open_pattern(it, args, nargs, true, NULL, &rc, &t, &global);
    size_t len = args[0].u.str.len, off = 0;
    uint32_t cap = 0;
    regmatch_t m[REGEX_MAX_GROUPS];
    while (r == 0 && off <= len && regex_match_at(&rc, t.data, len, off, m)) {
        Value vals[REGEX_MAX_GROUPS];
        uint32_t n;
        regex_match_values(&rc, t.data, m, vals, &n);
        strbuf_reset(&sb);
        array_write_1d(TYPE_TEXT, vals, n, &sb);
        add_item(it, st, &cap, sb.data, sb.len);
        if (!global) break;
        off = (size_t)m[0].rm_eo;
        if (m[0].rm_eo == m[0].rm_so) off += off < len ? om_utf8_char_bytes(t.data, off, len) : 1;
    }
    regex_cache_fini(&rc);
    strbuf_fini(&t);
    strbuf_fini(&sb);
    return r;
}

int srf_regex_split_open(SrfIter *it, const Value *args, int nargs)
{
    RegexSetState *st = it->state;
    RegexCache rc = {0};
    StrBuf t;
    strbuf_init(&t, NULL);
    int r = open_pattern(it, args, nargs, false, "regexp_split_to_table", &rc, &t, NULL);
    RegexSplit sp = {0};
    size_t from, to;
    uint32_t cap = 0;
    while (r == 0 && regex_split_next(&rc, t.data, args[0].u.str.len, &sp, &from, &to) == 1)
        add_item(it, st, &cap, t.data + from, to - from);
    regex_cache_fini(&rc);
    strbuf_fini(&t);
    return r;
}

int srf_regex_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    RegexSetState *st = it->state;
    uint32_t k = 0;
    for (; k < max && st->pos < st->n; k++) ((StrView *)out->data)[at + k] = st->items[st->pos++];
    *n = k;
    if (k < max) it->done = true;
    return 0;
}
