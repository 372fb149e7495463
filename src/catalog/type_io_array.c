/*
 * type_io_array.c — text input and output of arrays as PostgreSQL 15 writes
 * and reads them: '{1,2,NULL}', '{{1,2},{3,4}}', '{"a b","c\"d"}', with an
 * optional dimension decoration ('[0:1]={7,8}'). int2vector and oidvector
 * are written and read as numbers separated by spaces ('1 2').
 *
 * Input rules (array_in): braces nest one level per dimension, and every
 * sub-array of a level has the same length; an element is either quoted
 * (backslash escapes any character) or bare (leading and trailing blanks
 * dropped, backslash escapes, the bare word NULL in any case is a NULL
 * element). Each element then goes through the element type's own input.
 * A malformed literal is 22P02 "malformed array literal".
 *
 * Output rules (array_out): an element is quoted when it is empty, is the
 * word NULL, or holds a brace, comma, quote, backslash or blank; inside
 * quotes, quote and backslash are escaped with a backslash.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/array.h"
#include "catalog/type_io.h"
#include "catalog/type_io_int.h"

static bool is_vector_type(TypeId t)
{
    return t == TYPE_INT2VECTOR || t == TYPE_OIDVECTOR;
}

static void put_element(OmType et, const Value *v, const SessionSettings *settings, StrBuf *out,
                        StrBuf *tmp)
{
    if (v->is_null) {
        strbuf_puts(out, "NULL");
        return;
    }
    strbuf_reset(tmp);
    type_text_out(et, &v->u, settings, tmp);
    bool force = tmp->len == 0 || (tmp->len == 4 && strncasecmp(tmp->data, "null", 4) == 0);
    om_put_quoted_member(out, tmp->data ? tmp->data : "", tmp->len, force, "{},\"\\", '\\');
}

static void out_level(ArrayIter *it, const ArrayView *av, OmType et, int depth,
                      const SessionSettings *settings, StrBuf *out, StrBuf *tmp)
{
    strbuf_putc(out, '{');
    for (int32_t i = 0; i < av->dims[depth]; i++) {
        if (i) strbuf_putc(out, ',');
        if (depth < av->ndim - 1) {
            out_level(it, av, et, depth + 1, settings, out, tmp);
        } else {
            Value v;
            if (!array_iter_next(it, &v)) v.is_null = true;
            put_element(et, &v, settings, out, tmp);
        }
    }
    strbuf_putc(out, '}');
}

void om_array_text_out(OmType type, const StrView *s, const SessionSettings *settings, StrBuf *out)
{
    ArrayView av;
    if (array_view(type.id, s, &av, NULL) != 0) {
        strbuf_puts(out, "{}");
        return;
    }
    /* the elements' type: an enum array's typmod names the enum */
    OmType et = {av.elem, av.elem == TYPE_ENUM ? type.typmod : TYPMOD_NONE};
    StrBuf tmp;
    strbuf_init(&tmp, NULL);
    ArrayIter it;
    array_iter_init(&it, &av);
    Value v;
    if (is_vector_type(type.id)) {
        for (uint32_t i = 0; array_iter_next(&it, &v); i++) {
            if (i) strbuf_putc(out, ' ');
            put_element(et, &v, settings, out, &tmp);
        }
        strbuf_fini(&tmp);
        return;
    }
    if (av.nelems == 0) {
        strbuf_puts(out, "{}");
        strbuf_fini(&tmp);
        return;
    }
    bool decorate = false;
    for (int d = 0; d < av.ndim; d++) decorate |= av.lbounds[d] != 1;
    if (decorate) {
        for (int d = 0; d < av.ndim; d++)
            strbuf_printf(out, "[%d:%d]", av.lbounds[d], av.lbounds[d] + av.dims[d] - 1);
        strbuf_putc(out, '=');
    }
    out_level(&it, &av, et, 0, settings, out, &tmp);
    strbuf_fini(&tmp);
}

/* ---- input ---- */

typedef struct ArrayParse {
    const char *text, *p, *end;
    size_t text_len;
    int ndim; /* dimensions seen so far (-1 until the first element) */
    int32_t dims[ARRAY_MAX_DIMS];
    bool dim_set[ARRAY_MAX_DIMS];
    StrBuf elems; /* the elements' texts, each NUL-terminated */
    uint32_t nelems, cap;
    uint32_t *offsets; /* start of each element in elems */
    bool *nulls;
    Arena *scratch;
    OmError *err;
} ArrayParse;

static int malformed(ArrayParse *ap, const char *detail)
{
    ERR(ap->err, SQLSTATE_INVALID_TEXT_REPRESENTATION, "malformed array literal: \"%.*s\"",
        (int)ap->text_len, ap->text);
    if (detail) error_detail(ap->err, "%s", detail);
    return -1;
}

static void skip_blank(ArrayParse *ap)
{
    while (ap->p < ap->end && isspace((unsigned char)*ap->p)) ap->p++;
}

static void reserve_element(ArrayParse *ap)
{
    if (ap->nelems == ap->cap) {
        uint32_t ncap = ap->cap ? ap->cap * 2 : 16;
        ap->offsets = arena_realloc(ap->scratch, ap->offsets, sizeof(uint32_t) * ap->cap,
                                    sizeof(uint32_t) * ncap);
        ap->nulls =
            arena_realloc(ap->scratch, ap->nulls, sizeof(bool) * ap->cap, sizeof(bool) * ncap);
        ap->cap = ncap;
    }
}

static void push_element(ArrayParse *ap, bool is_null)
{
    reserve_element(ap);
    ap->nulls[ap->nelems++] = is_null;
}

/* One element at ap->p (quoted or bare), up to the ',' or '}' after it. */
static int parse_scalar(ArrayParse *ap)
{
    reserve_element(ap);
    ap->offsets[ap->nelems] = (uint32_t)ap->elems.len;
    bool quoted = false, escaped_any = false;
    size_t last_kept = ap->elems.len; /* bare elements drop trailing blanks */
    if (*ap->p == '"') {
        quoted = true;
        ap->p++;
        for (;;) {
            if (ap->p >= ap->end) return malformed(ap, "Unexpected end of input.");
            char c = *ap->p++;
            if (c == '"') break;
            if (c == '\\') {
                if (ap->p >= ap->end) return malformed(ap, "Unexpected end of input.");
                c = *ap->p++;
            }
            strbuf_putc(&ap->elems, c);
        }
        skip_blank(ap);
    } else {
        while (ap->p < ap->end && *ap->p != ',' && *ap->p != '}') {
            char c = *ap->p++;
            if (c == '{' || c == '"') return malformed(ap, "Unexpected array element.");
            if (c == '\\') {
                if (ap->p >= ap->end) return malformed(ap, "Unexpected end of input.");
                c = *ap->p++;
                escaped_any = true;
                strbuf_putc(&ap->elems, c);
                last_kept = ap->elems.len;
                continue;
            }
            strbuf_putc(&ap->elems, c);
            if (!isspace((unsigned char)c)) last_kept = ap->elems.len;
        }
        ap->elems.len = last_kept;
        size_t n = ap->elems.len - ap->offsets[ap->nelems];
        if (n == 0) return malformed(ap, "Unexpected \",\" character.");
    }
    const char *s = ap->elems.data + ap->offsets[ap->nelems];
    size_t n = ap->elems.len - ap->offsets[ap->nelems];
    bool is_null = !quoted && !escaped_any && n == 4 && strncasecmp(s, "null", 4) == 0;
    strbuf_putc(&ap->elems, '\0');
    push_element(ap, is_null);
    return 0;
}

static int note_dim(ArrayParse *ap, int depth, int32_t count)
{
    if (depth >= ARRAY_MAX_DIMS) {
        ERR(ap->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
            "number of array dimensions (%d) exceeds the maximum allowed (%d)", depth + 1,
            ARRAY_MAX_DIMS);
        return -1;
    }
    if (!ap->dim_set[depth]) {
        ap->dim_set[depth] = true;
        ap->dims[depth] = count;
    } else if (ap->dims[depth] != count) {
        return malformed(ap, "Multidimensional arrays must have sub-arrays with matching "
                             "dimensions.");
    }
    return 0;
}

/* A brace-enclosed level at ap->p ('{'), at nesting depth `depth`. */
static int parse_level(ArrayParse *ap, int depth)
{
    if (depth >= ARRAY_MAX_DIMS)
        return ERR(ap->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "number of array dimensions (%d) exceeds the maximum allowed (%d)", depth + 1,
                   ARRAY_MAX_DIMS);
    ap->p++; /* '{' */
    skip_blank(ap);
    if (ap->p < ap->end && *ap->p == '}') {
        ap->p++;
        /* '{}' is the empty array; an empty sub-array is not allowed */
        if (depth > 0) return malformed(ap, "Unexpected \"}\" character.");
        ap->ndim = 0;
        return 0;
    }
    int32_t count = 0;
    bool sub = ap->p < ap->end && *ap->p == '{';
    for (;;) {
        skip_blank(ap);
        if (ap->p >= ap->end) return malformed(ap, "Unexpected end of input.");
        if (*ap->p == '{') {
            if (!sub) return malformed(ap, "Unexpected \"{\" character.");
            if (parse_level(ap, depth + 1) != 0) return -1;
        } else {
            if (sub) return malformed(ap, "Unexpected array element.");
            if (ap->ndim >= 0 && ap->ndim != depth + 1)
                return malformed(ap, "Multidimensional arrays must have sub-arrays with "
                                     "matching dimensions.");
            ap->ndim = depth + 1;
            if (parse_scalar(ap) != 0) return -1;
        }
        count++;
        skip_blank(ap);
        if (ap->p >= ap->end) return malformed(ap, "Unexpected end of input.");
        char c = *ap->p++;
        if (c == '}') break;
        if (c != ',') return malformed(ap, "Unexpected array element.");
    }
    if (sub && ap->ndim >= 0 && ap->ndim <= depth + 1)
        return malformed(ap, "Multidimensional arrays must have sub-arrays with matching "
                             "dimensions.");
    return note_dim(ap, depth, count);
}

/* '[lo:hi][lo:hi]=' before the braces: the lower bounds and lengths. */
static int parse_decoration(ArrayParse *ap, int *ndim, int32_t *lbounds, int32_t *lens)
{
    *ndim = 0;
    while (ap->p < ap->end && *ap->p == '[') {
        if (*ndim >= ARRAY_MAX_DIMS)
            return ERR(ap->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                       *ndim + 1, ARRAY_MAX_DIMS);
        ap->p++;
        char *endp;
        long lo = strtol(ap->p, &endp, 10), hi;
        if (endp == ap->p)
            return malformed(ap, "\"[\" must introduce explicitly-specified array "
                                 "dimensions.");
        ap->p = endp;
        if (ap->p < ap->end && *ap->p == ':') {
            ap->p++;
            hi = strtol(ap->p, &endp, 10);
            if (endp == ap->p) return malformed(ap, "Missing array dimension value.");
            ap->p = endp;
        } else {
            hi = lo;
            lo = 1;
        }
        if (ap->p >= ap->end || *ap->p != ']')
            return malformed(ap, "Missing \"]\" after array "
                                 "dimensions.");
        ap->p++;
        if (hi < lo)
            return ERR(ap->err, SQLSTATE_ARRAY_SUBSCRIPT_ERROR,
                       "upper bound cannot be less than lower bound");
        lbounds[*ndim] = (int32_t)lo;
        lens[*ndim] = (int32_t)(hi - lo + 1);
        (*ndim)++;
    }
    if (*ndim == 0) return 0;
    skip_blank(ap);
    if (ap->p >= ap->end || *ap->p != '=')
        return malformed(ap, "Missing \"=\" after array dimensions.");
    ap->p++;
    skip_blank(ap);
    return 0;
}

/* int2vector / oidvector: numbers separated by blanks. */
static int parse_vector_text(ArrayParse *ap)
{
    ap->ndim = 1;
    for (;;) {
        skip_blank(ap);
        if (ap->p >= ap->end) break;
        reserve_element(ap);
        ap->offsets[ap->nelems] = (uint32_t)ap->elems.len;
        while (ap->p < ap->end && !isspace((unsigned char)*ap->p))
            strbuf_putc(&ap->elems, *ap->p++);
        strbuf_putc(&ap->elems, '\0');
        push_element(ap, false);
    }
    ap->dims[0] = (int32_t)ap->nelems;
    if (ap->nelems == 0) ap->ndim = 0;
    return 0;
}

int om_array_text_in(OmType type, const char *text, size_t len, const SessionSettings *settings,
                     Arena *heap, StrView *out, OmError *err)
{
    TypeId elem = type_array_elem(type.id);
    ArrayParse ap;
    memset(&ap, 0, sizeof(ap));
    ap.text = ap.p = text;
    ap.end = text + len;
    ap.text_len = len;
    ap.ndim = -1;
    ap.err = err;
    ap.scratch = arena_create(NULL, "array input");
    strbuf_init(&ap.elems, ap.scratch);
    int rc = -1;
    int deco_ndim = 0;
    int32_t deco_lb[ARRAY_MAX_DIMS], deco_len[ARRAY_MAX_DIMS];
    StrBuf bytes;
    strbuf_init(&bytes, ap.scratch);
    if (is_vector_type(type.id)) {
        if (parse_vector_text(&ap) != 0) goto done;
    } else {
        skip_blank(&ap);
        if (parse_decoration(&ap, &deco_ndim, deco_lb, deco_len) != 0) goto done;
        if (ap.p >= ap.end || *ap.p != '{') {
            malformed(&ap, "Array value must start with \"{\" or dimension information.");
            goto done;
        }
        if (parse_level(&ap, 0) != 0) goto done;
        skip_blank(&ap);
        if (ap.p != ap.end) {
            malformed(&ap, "Junk after closing right brace.");
            goto done;
        }
        if (ap.ndim < 0) ap.ndim = 0;
        if (deco_ndim > 0) {
            bool same = deco_ndim == ap.ndim;
            for (int d = 0; d < deco_ndim && same; d++) same = deco_len[d] == ap.dims[d];
            if (!same) {
                malformed(&ap, "Specified array dimensions do not match array contents.");
                goto done;
            }
        }
    }
    Value *vals = ARENA_NEW_ARRAY(ap.scratch, Value, ap.nelems ? ap.nelems : 1);
    OmType et = {elem, type.typmod};
    for (uint32_t i = 0; i < ap.nelems; i++) {
        memset(&vals[i], 0, sizeof(Value));
        vals[i].type = et;
        vals[i].is_null = ap.nulls[i];
        if (ap.nulls[i]) continue;
        const char *s = ap.elems.data + ap.offsets[i];
        if (type_text_in(et, s, strlen(s), settings, ap.scratch, &vals[i].u, err) != 0) goto done;
    }
    /* int2vector and oidvector count from 0, as in PostgreSQL */
    int32_t zero[1] = {0};
    const int32_t *lbs = deco_ndim ? deco_lb : is_vector_type(type.id) ? zero : NULL;
    array_write(elem, ap.ndim, ap.dims, lbs, vals, ap.nelems, &bytes);
    {
        char *copy = heap ? arena_alloc(heap, bytes.len) : NULL;
        if (!copy) {
            ERR(err, SQLSTATE_INTERNAL_ERROR, "array input without a heap");
            goto done;
        }
        memcpy(copy, bytes.data, bytes.len);
        *out = strview_make(copy, (uint32_t)bytes.len);
    }
    rc = 0;
done:
    arena_destroy(ap.scratch);
    return rc;
}
