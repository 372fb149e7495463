/*
 * srf_array.c — the set-returning functions over arrays (exec/srf.h):
 *
 *   unnest(anyarray) -> setof anyelement      the elements in storage order
 *                                             (every dimension flattened)
 *   generate_subscripts(anyarray, int4 [, bool reverse]) -> setof int4
 *                                             the subscripts of one dimension
 *   pg_options_to_table(text[]) -> setof (option_name text, option_value text)
 *                                             reloptions-style "name=value"
 *                                             items split at the first '='
 *                                             (no '=': the value is NULL)
 *   information_schema._pg_expandarray(anyarray) -> setof (x anyelement, n int4)
 *                                             PostgreSQL's SQL definition:
 *                                             `select $1[s], s - array_lower($1, 1) + 1
 *                                             from generate_series(array_lower($1, 1),
 *                                             array_upper($1, 1)) s`, one row per
 *                                             subscript of the first dimension (x is
 *                                             NULL when there are more: $1[s] is)
 *
 * They take a copy of the array's bytes into the iterator's arena at open,
 * since the argument values live only during the call.
 */
#include <string.h>

#include "exec/srf.h"
#include "exec/srf_array.h"

static int not_array(const char *name, const OmType *t, OmError *err)
{
    char tn[64];
    type_format(*t, tn, sizeof(tn));
    if (t->id == TYPE_UNKNOWN || t->id == TYPE_NULL)
        return ERR(err, SQLSTATE_DATATYPE_MISMATCH,
                   "could not determine polymorphic type because input has type unknown");
    ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, tn);
    error_hint(err, "No function matches the given name and argument types. You might need to "
                    "add explicit type casts.");
    return -1;
}

static int copy_view(SrfIter *it, const Value *arg, ArrayView *av)
{
    const StrView *s = &arg->u.str;
    char *bytes = arena_alloc(it->arena, s->len ? s->len : 1);
    memcpy(bytes, strview_data(s), s->len);
    StrView copy = strview_make(bytes, s->len);
    /* an inline view holds its bytes itself: read from the arena copy */
    if (copy.len <= STRVIEW_INLINE_MAX) {
        StrView *keep = arena_alloc(it->arena, sizeof(StrView));
        *keep = copy;
        return array_view(arg->type.id, keep, av, it->err);
    }
    return array_view(arg->type.id, &copy, av, it->err);
}

int srf_array_unnest_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err)
{
    (void)nargs;
    if (!type_is_array(arg_types[0].id)) return not_array("unnest", &arg_types[0], err);
    *ret = (OmType){type_array_elem(arg_types[0].id), arg_types[0].typmod};
    return 0;
}

int srf_array_unnest_open(SrfIter *it, const Value *args, int nargs)
{
    (void)nargs;
    UnnestState *st = it->state;
    if (copy_view(it, &args[0], &st->av) != 0) return -1;
    array_iter_init(&st->it, &st->av);
    return 0;
}

int srf_array_unnest_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    UnnestState *st = it->state;
    uint32_t k = 0;
    Value v;
    while (k < max && array_iter_next(&st->it, &v)) {
        v.type = out->type;
        vector_set_value(out, at + k, &v);
        k++;
    }
    *n = k;
    if (k < max) it->done = true;
    return 0;
}

int srf_array_subscripts_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err)
{
    if (!type_is_array(arg_types[0].id))
        return not_array("generate_subscripts", &arg_types[0], err);
    arg_types[1] = OM_TYPE(TYPE_INT4);
    if (nargs > 2) arg_types[2] = OM_TYPE(TYPE_BOOL);
    *ret = OM_TYPE(TYPE_INT4);
    return 0;
}

int srf_array_subscripts_open(SrfIter *it, const Value *args, int nargs)
{
    SubscriptState *st = it->state;
    ArrayView av;
    if (copy_view(it, &args[0], &av) != 0) return -1;
    int d = args[1].u.i32 - 1;
    if (d < 0 || d >= av.ndim) {
        it->done = true;
        return 0;
    }
    int64_t lo = av.lbounds[d], hi = (int64_t)av.lbounds[d] + av.dims[d] - 1;
    bool reverse = nargs > 2 && args[2].u.b;
    st->cur = reverse ? hi : lo;
    st->stop = reverse ? lo : hi;
    st->step = reverse ? -1 : 1;
    if (av.dims[d] == 0) it->done = true;
    return 0;
}

int srf_array_subscripts_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    SubscriptState *st = it->state;
    uint32_t k = 0;
    int32_t *dst = out->data;
    while (k < max) {
        vector_set_valid(out, at + k);
        dst[at + k++] = (int32_t)st->cur;
        if (st->cur == st->stop) {
            it->done = true;
            break;
        }
        st->cur += st->step;
    }
    *n = k;
    return 0;
}

int srf_array_options_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err)
{
    (void)nargs;
    TypeId t = arg_types[0].id;
    if (t != TYPE_TEXT_ARRAY && t != TYPE_UNKNOWN && t != TYPE_NULL) {
        char tn[64];
        type_format(arg_types[0], tn, sizeof(tn));
        ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function pg_options_to_table(%s) does not exist",
            tn);
        error_hint(err, "No function matches the given name and argument types. You might need "
                        "to add explicit type casts.");
        return -1;
    }
    arg_types[0] = OM_TYPE(TYPE_TEXT_ARRAY);
    ret[0] = OM_TYPE(TYPE_TEXT);
    ret[1] = OM_TYPE(TYPE_TEXT);
    return 0;
}

int srf_array_options_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    UnnestState *st = it->state;
    uint32_t k = 0;
    Value v;
    while (k < max && array_iter_next(&st->it, &v)) {
        if (v.is_null) { /* PostgreSQL's untransformRelOptions: a NULL item is skipped */
            continue;
        }
        const char *d = strview_data(&v.u.str);
        uint32_t len = v.u.str.len;
        const char *eq = memchr(d, '=', len);
        uint32_t nlen = eq ? (uint32_t)(eq - d) : len;
        /* the bytes live in the iterator's copy of the array (copy_view) */
        Value name = {.type = OM_TYPE(TYPE_TEXT)};
        name.u.str = strview_make(d, nlen);
        vector_set_value(&out[0], at + k, &name);
        if (eq) {
            Value val = {.type = OM_TYPE(TYPE_TEXT)};
            val.u.str = strview_make(eq + 1, len - nlen - 1);
            vector_set_value(&out[1], at + k, &val);
        } else {
            vector_set_null(&out[1], at + k, out[1].heap);
        }
        k++;
    }
    *n = k;
    if (k < max) it->done = true;
    return 0;
}

int srf_array_expand_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err)
{
    (void)nargs;
    if (!type_is_array(arg_types[0].id))
        return not_array("information_schema._pg_expandarray", &arg_types[0], err);
    ret[0] = (OmType){type_array_elem(arg_types[0].id), arg_types[0].typmod};
    ret[1] = OM_TYPE(TYPE_INT4);
    return 0;
}

int srf_array_expand_open(SrfIter *it, const Value *args, int nargs)
{
    ExpandState *st = it->state;
    if (srf_array_unnest_open(it, args, nargs) != 0) return -1;
    st->rows = st->u.av.ndim > 0 ? st->u.av.dims[0] : 0;
    if (st->rows == 0) it->done = true;
    return 0;
}

int srf_array_expand_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    ExpandState *st = it->state;
    uint32_t k = 0;
    while (k < max && st->pos < st->rows) {
        Value v;
        if (st->u.av.ndim != 1 || !array_iter_next(&st->u.it, &v)) v.is_null = true;
        v.type = out[0].type;
        vector_set_value(&out[0], at + k, &v);
        vector_set_valid(&out[1], at + k);
        ((int32_t *)out[1].data)[at + k] = ++st->pos;
        k++;
    }
    *n = k;
    if (st->pos == st->rows) it->done = true;
    return 0;
}
