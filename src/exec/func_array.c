/*
 * func_array.c — kernels of the array constructor, operators and functions
 * (PostgreSQL 15's array_* family): ARRAY[...], = <> < <= > >=, ||, @>, <@,
 * &&, subscripts and slices, array_length/upper/lower/ndims/dims,
 * cardinality, array_to_string, string_to_array, array_position(s),
 * array_append/prepend/cat/remove.
 *
 * They are polymorphic (anyarray, anyelement): the binder (sql/bind_array.c)
 * checks the argument types and sets the call's result type, and a kernel
 * reads the types it needs from the call's argument expressions. So these
 * overloads are not in the registry's name index; func_array_lookup finds
 * them. Rows are processed one at a time: each decodes its array
 * (catalog/array.h) and writes the result's bytes into the output's heap.
 */
#include <string.h>

#include "catalog/array.h"
#include "catalog/type_io.h"
#include "exec/func_array.h"
#include "exec/func_int.h"
#include "exec/vector_ops.h"

static bool arg_null(Vector *v, uint32_t row)
{
    return !vector_is_valid(v, arg_slot(v, row));
}

static void arg_value(Vector *v, uint32_t row, Value *out)
{
    vector_get_value(v, arg_slot(v, row), out);
}

static const StrView *arg_view(Vector *v, uint32_t row)
{
    return (const StrView *)vector_value_ptr(v, arg_slot(v, row));
}

static int view_of(Vector *v, uint32_t row, ArrayView *av, EvalCtx *ctx)
{
    return array_view(v->type.id, arg_view(v, row), av, ctx->err);
}

static void put_bytes(Vector *out, uint32_t row, const StrBuf *sb)
{
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] =
        vector_add_string(out, sb->data ? sb->data : "", (uint32_t)sb->len);
}

static void put_int(Vector *out, uint32_t row, int32_t v)
{
    vector_set_valid(out, row);
    ((int32_t *)out->data)[row] = v;
}

static int too_big(EvalCtx *ctx)
{
    return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "array size exceeds the maximum allowed");
}

/* ---- ARRAY[...] ---- */

/* Elements: a one-dimensional array of the arguments. Sub-arrays
 * (ARRAY[ARRAY[1,2],ARRAY[3,4]]): one more dimension, every sub-array of the
 * same shape (2202E otherwise); NULL sub-arrays are skipped. */
static int k_array_ctor(KERNEL_ARGS)
{
    int n = call->nargs;
    TypeId elem = type_array_elem(call->type.id);
    bool nested = n > 0 && type_is_array(call->args[0]->type.id);
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    Value *vals = ARENA_NEW_ARRAY(ctx->arena, Value, n > 0 ? n : 1);
    FOR_EACH_ROW(row)
    {
        strbuf_reset(&sb);
        if (!nested) {
            for (int a = 0; a < n; a++) arg_value(args[a], row, &vals[a]);
            array_write_1d(elem, vals, (uint32_t)n, &sb);
            put_bytes(out, row, &sb);
            continue;
        }
        ArrayView first = {0};
        bool have = false;
        uint32_t total = 0;
        Value *all = NULL;
        uint32_t nsub = 0;
        for (int a = 0; a < n; a++) {
            if (arg_null(args[a], row)) continue;
            ArrayView av;
            if (view_of(args[a], row, &av, ctx) != 0) return -1;
            if (!have) {
                first = av;
                have = true;
                if (av.ndim + 1 > ARRAY_MAX_DIMS)
                    return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                               "number of array dimensions (%d) exceeds the maximum allowed (%d)",
                               av.ndim + 1, ARRAY_MAX_DIMS);
                all = ARENA_NEW_ARRAY(ctx->arena, Value, (size_t)av.nelems * (size_t)n + 1);
            } else {
                bool same = av.ndim == first.ndim;
                for (int d = 0; d < av.ndim && same; d++)
                    same = av.dims[d] == first.dims[d] && av.lbounds[d] == first.lbounds[d];
                if (!same)
                    return ERR(ctx->err, SQLSTATE_ARRAY_SUBSCRIPT_ERROR,
                               "multidimensional arrays must have array expressions with "
                               "matching dimensions");
            }
            ArrayIter it;
            array_iter_init(&it, &av);
            while (array_iter_next(&it, &all[total])) total++;
            nsub++;
        }
        if (!have || first.ndim == 0) {
            array_write(elem, 0, NULL, NULL, NULL, 0, &sb);
        } else {
            int32_t dims[ARRAY_MAX_DIMS], lbs[ARRAY_MAX_DIMS];
            dims[0] = (int32_t)nsub;
            lbs[0] = 1;
            for (int d = 0; d < first.ndim; d++) {
                dims[d + 1] = first.dims[d];
                lbs[d + 1] = first.lbounds[d];
            }
            array_write(elem, first.ndim + 1, dims, lbs, all, total, &sb);
        }
        put_bytes(out, row, &sb);
    }
    return 0;
}

/* ---- comparisons ---- */

static int k_array_compare(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    TypeId t = call->args[0]->type.id;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int c = array_cmp(t, arg_view(args[0], row), arg_view(args[1], row));
        ((uint8_t *)out->data)[row] = func_cmp_holds(op, c);
    }
    return 0;
}

/* ---- containment: @>, <@, && ---- */

/* True when every non-NULL... element of `sub` equals some element of `sup`
 * (PostgreSQL's array_contain_compare: a NULL element matches nothing). */
static bool contains(const ArrayView *sup, const ArrayView *sub, Arena *arena, bool any)
{
    Value *a, *b;
    uint32_t na = array_elements(sup, arena, &a), nb = array_elements(sub, arena, &b);
    for (uint32_t j = 0; j < nb; j++) {
        bool found = false;
        if (!b[j].is_null)
            for (uint32_t i = 0; i < na && !found; i++)
                found = !a[i].is_null && value_eq(sup->elem, &a[i].u, &b[j].u);
        if (any && found) return true;
        if (!any && !found) return false;
    }
    return !any;
}

static int k_array_contain(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        ArrayView x, y;
        if (view_of(args[0], row, &x, ctx) != 0 || view_of(args[1], row, &y, ctx) != 0) return -1;
        bool r;
        if (strcmp(op, "@>") == 0)
            r = contains(&x, &y, ctx->arena, false);
        else if (strcmp(op, "<@") == 0)
            r = contains(&y, &x, ctx->arena, false);
        else
            r = contains(&x, &y, ctx->arena, true);
        ((uint8_t *)out->data)[row] = r;
    }
    return 0;
}

/* ---- concatenation ---- */

/* array || array, array || element, element || array, array_cat, array_append,
 * array_prepend. Concatenating arrays joins them along the first dimension
 * (their other dimensions must match); an element extends a one-dimensional
 * array. A NULL array acts as an empty one. */
static int concat_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                       Vector *out, EvalCtx *ctx)
{
    TypeId at = call->type.id, elem = type_array_elem(at);
    bool a_arr = type_is_array(call->args[0]->type.id),
         b_arr = type_is_array(call->args[1]->type.id);
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        bool an = arg_null(args[0], row), bn = arg_null(args[1], row);
        if (a_arr && b_arr && an && bn) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        ArrayView x = {0}, y = {0};
        x.elem = y.elem = elem;
        Value one;
        Value *xs = NULL, *ys = NULL;
        uint32_t nx = 0, ny = 0;
        if (a_arr) {
            if (!an && view_of(args[0], row, &x, ctx) != 0) return -1;
            nx = an ? 0 : array_elements(&x, ctx->arena, &xs);
        } else {
            arg_value(args[0], row, &one);
            xs = &one, nx = 1;
            x.ndim = 1, x.dims[0] = 1, x.lbounds[0] = 1;
        }
        if (b_arr) {
            if (!bn && view_of(args[1], row, &y, ctx) != 0) return -1;
            ny = bn ? 0 : array_elements(&y, ctx->arena, &ys);
        } else {
            arg_value(args[1], row, &one);
            ys = &one, ny = 1;
            y.ndim = 1, y.dims[0] = 1, y.lbounds[0] = 1;
        }
        if ((!a_arr && y.ndim > 1) || (!b_arr && x.ndim > 1)) goto dims_error;
        int32_t dims[ARRAY_MAX_DIMS], lbs[ARRAY_MAX_DIMS];
        int ndim;
        if (x.ndim == 0 || y.ndim == 0) { /* one side empty: the other as it is */
            const ArrayView *v = x.ndim ? &x : &y;
            ndim = v->ndim;
            for (int d = 0; d < ndim; d++) dims[d] = v->dims[d], lbs[d] = v->lbounds[d];
        } else if (x.ndim == y.ndim) {
            ndim = x.ndim;
            for (int d = 1; d < ndim; d++)
                if (x.dims[d] != y.dims[d]) goto dims_error;
            for (int d = 0; d < ndim; d++) dims[d] = x.dims[d], lbs[d] = x.lbounds[d];
            dims[0] = x.dims[0] + y.dims[0];
            /* an element pushed onto an array keeps the array's lower bound */
            if (!a_arr) lbs[0] = y.lbounds[0];
        } else if (x.ndim == y.ndim + 1 || y.ndim == x.ndim + 1) {
            const ArrayView *big = x.ndim > y.ndim ? &x : &y, *small = big == &x ? &y : &x;
            ndim = big->ndim;
            for (int d = 0; d < small->ndim; d++)
                if (big->dims[d + 1] != small->dims[d]) goto dims_error;
            for (int d = 0; d < ndim; d++) dims[d] = big->dims[d], lbs[d] = big->lbounds[d];
            dims[0] = big->dims[0] + 1;
        } else {
            goto dims_error;
        }
        uint64_t total = (uint64_t)nx + ny;
        if (total > (1u << 27)) return too_big(ctx);
        Value *all = ARENA_NEW_ARRAY(ctx->arena, Value, total ? total : 1);
        if (nx) memcpy(all, xs, sizeof(Value) * nx);
        if (ny) memcpy(all + nx, ys, sizeof(Value) * ny);
        strbuf_reset(&sb);
        array_write(elem, ndim, dims, lbs, all, (uint32_t)total, &sb);
        put_bytes(out, row, &sb);
        continue;
    dims_error:
        return ERR(ctx->err, SQLSTATE_ARRAY_SUBSCRIPT_ERROR,
                   "cannot concatenate incompatible arrays");
    }
    return 0;
}

static int k_array_concat(KERNEL_ARGS)
{
    return concat_rows(call, args, sel, count, out, ctx);
}

/* ---- subscripts ---- */

/* arr[i][j]...: the element, NULL when out of range or the number of
 * subscripts is not the array's dimension count. */
static int k_array_subscript(KERNEL_ARGS)
{
    int nsub = call->nargs - 1;
    FOR_EACH_ROW(row)
    {
        bool null = arg_null(args[0], row);
        for (int k = 1; k <= nsub && !null; k++) null = arg_null(args[k], row);
        ArrayView av;
        if (null) goto set_null;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        if (av.ndim != nsub) goto set_null;
        uint64_t off = 0;
        for (int d = 0; d < nsub; d++) {
            Value iv;
            arg_value(args[d + 1], row, &iv);
            int64_t k = iv.u.i32 - (int64_t)av.lbounds[d];
            if (k < 0 || k >= av.dims[d]) goto set_null;
            off = off * (uint64_t)av.dims[d] + (uint64_t)k;
        }
        {
            ArrayIter it;
            array_iter_init(&it, &av);
            Value v;
            for (uint64_t s = 0; s <= off; s++) array_iter_next(&it, &v);
            if (v.is_null) goto set_null;
            vector_set_value(out, row, &v);
            continue;
        }
    set_null:
        vector_set_null(out, row, ctx->arena);
    }
    return 0;
}

/* name[i]: a name is a fixed array of 64 "char" (NAMEDATALEN) subscripted
 * from 0, as in PostgreSQL: the byte at i, the empty "char" past the end of
 * the string, NULL outside 0..63. */
static int k_name_subscript(KERNEL_ARGS)
{
    (void)call;
    FOR_EACH_ROW(row)
    {
        if (arg_null(args[0], row) || arg_null(args[1], row)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        Value nv, iv;
        arg_value(args[0], row, &nv);
        arg_value(args[1], row, &iv);
        if (iv.u.i32 < 0 || iv.u.i32 >= 64) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        Value c = {.type = OM_TYPE(TYPE_CHAR)};
        uint32_t i = (uint32_t)iv.u.i32;
        c.u.str =
            i < nv.u.str.len ? strview_make(strview_data(&nv.u.str) + i, 1) : strview_make("", 0);
        vector_set_value(out, row, &c);
    }
    return 0;
}

/* arr[lo:hi] on a one-dimensional array (an omitted bound is the array's);
 * the slice has lower bound 1, as in PostgreSQL; out of range is empty. */
static int k_array_slice(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    TypeId elem = type_array_elem(call->type.id);
    bool has_lo = call->args[1]->type.id != TYPE_NULL, has_hi = call->args[2]->type.id != TYPE_NULL;
    FOR_EACH_ROW(row)
    {
        if (arg_null(args[0], row) || (has_lo && arg_null(args[1], row)) ||
            (has_hi && arg_null(args[2], row))) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        ArrayView av;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        strbuf_reset(&sb);
        if (av.ndim != 1) {
            if (av.ndim > 1)
                return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "slices of multidimensional arrays are not supported");
            array_write(elem, 0, NULL, NULL, NULL, 0, &sb);
            put_bytes(out, row, &sb);
            continue;
        }
        Value lo, hi;
        int64_t first = av.lbounds[0], last = (int64_t)av.lbounds[0] + av.dims[0] - 1;
        if (has_lo) {
            arg_value(args[1], row, &lo);
            if (lo.u.i32 > first) first = lo.u.i32;
        }
        if (has_hi) {
            arg_value(args[2], row, &hi);
            if (hi.u.i32 < last) last = hi.u.i32;
        }
        Value *vals;
        uint32_t n = array_elements(&av, ctx->arena, &vals);
        int64_t from = first - av.lbounds[0], cnt = last - first + 1;
        if (cnt <= 0 || from >= n)
            array_write(elem, 0, NULL, NULL, NULL, 0, &sb);
        else
            array_write_1d(elem, vals + from, (uint32_t)cnt, &sb);
        put_bytes(out, row, &sb);
    }
    return 0;
}

/* ---- shape ---- */

static bool dim_arg(Vector **args, uint32_t row, const ArrayView *av, int *d)
{
    Value v;
    arg_value(args[1], row, &v);
    *d = v.u.i32 - 1;
    return *d >= 0 && *d < av->ndim;
}

static int k_array_shape(KERNEL_ARGS)
{
    const char *name = call->u.func.def->name;
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        ArrayView av;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        int d;
        if (strcmp(name, "cardinality") == 0) {
            put_int(out, row, (int32_t)av.nelems);
        } else if (strcmp(name, "array_ndims") == 0) {
            if (av.ndim == 0)
                vector_set_null(out, row, ctx->arena);
            else
                put_int(out, row, av.ndim);
        } else if (strcmp(name, "array_dims") == 0) {
            if (av.ndim == 0) {
                vector_set_null(out, row, ctx->arena);
                continue;
            }
            strbuf_reset(&sb);
            for (int k = 0; k < av.ndim; k++)
                strbuf_printf(&sb, "[%d:%d]", av.lbounds[k], av.lbounds[k] + av.dims[k] - 1);
            put_bytes(out, row, &sb);
        } else if (!dim_arg(args, row, &av, &d)) {
            vector_set_null(out, row, ctx->arena);
        } else if (strcmp(name, "array_length") == 0) {
            put_int(out, row, av.dims[d]);
        } else if (strcmp(name, "array_lower") == 0) {
            put_int(out, row, av.lbounds[d]);
        } else {
            put_int(out, row, av.lbounds[d] + av.dims[d] - 1);
        }
    }
    return 0;
}

/* ---- text ---- */

/* array_to_string(arr, sep [, null_text]): NULL elements are skipped unless
 * null_text is given (and not NULL). */
static int k_array_to_string(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (arg_null(args[0], row) || arg_null(args[1], row)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        ArrayView av;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        const StrView *sep = arg_view(args[1], row);
        const StrView *nul =
            call->nargs > 2 && !arg_null(args[2], row) ? arg_view(args[2], row) : NULL;
        strbuf_reset(&sb);
        ArrayIter it;
        array_iter_init(&it, &av);
        Value v;
        bool first = true;
        while (array_iter_next(&it, &v)) {
            if (v.is_null && !nul) continue;
            if (!first) strbuf_append(&sb, strview_data(sep), sep->len);
            first = false;
            if (v.is_null)
                strbuf_append(&sb, strview_data(nul), nul->len);
            else
                type_text_out(OM_TYPE(av.elem), &v.u, ctx->settings, &sb);
        }
        put_bytes(out, row, &sb);
    }
    return 0;
}

/* string_to_array(text, sep [, null_text]) -> text[]: a NULL separator splits
 * into characters, an empty one gives the whole string; '' gives {}. */
static int k_string_to_array(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (arg_null(args[0], row)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        const StrView *s = arg_view(args[0], row);
        const char *p = strview_data(s), *end = p + s->len;
        const StrView *sep = arg_null(args[1], row) ? NULL : arg_view(args[1], row);
        const StrView *nul =
            call->nargs > 2 && !arg_null(args[2], row) ? arg_view(args[2], row) : NULL;
        uint32_t cap = 16, n = 0;
        Value *vals = ARENA_NEW_ARRAY(ctx->arena, Value, cap);
        while (s->len > 0 && p <= end) {
            const char *stop;
            if (!sep) {
                if (p == end) break;
                int cl = 1;
                unsigned char c = (unsigned char)*p;
                if (c >= 0xF0)
                    cl = 4;
                else if (c >= 0xE0)
                    cl = 3;
                else if (c >= 0xC0)
                    cl = 2;
                stop = p + cl > end ? end : p + cl;
            } else if (sep->len == 0) {
                stop = end;
            } else {
                stop = memmem(p, (size_t)(end - p), strview_data(sep), sep->len);
                if (!stop) stop = end;
            }
            if (n == cap) {
                vals =
                    arena_realloc(ctx->arena, vals, sizeof(Value) * cap, sizeof(Value) * cap * 2);
                cap *= 2;
            }
            memset(&vals[n], 0, sizeof(Value));
            vals[n].type = OM_TYPE(TYPE_TEXT);
            size_t len = (size_t)(stop - p);
            vals[n].is_null = nul && nul->len == len && memcmp(strview_data(nul), p, len) == 0;
            vals[n].u.str = strview_make(p, (uint32_t)len);
            n++;
            if (stop == end) break;
            p = sep && sep->len ? stop + sep->len : stop;
            if (!sep && p == end) break;
        }
        strbuf_reset(&sb);
        array_write_1d(TYPE_TEXT, vals, n, &sb);
        put_bytes(out, row, &sb);
    }
    return 0;
}

/* ---- search ---- */

static bool not_distinct(TypeId t, const Value *a, const Value *b)
{
    if (a->is_null || b->is_null) return a->is_null && b->is_null;
    return value_eq(t, &a->u, &b->u);
}

/* array_position(arr, x [, start]), array_positions(arr, x): compares with IS
 * NOT DISTINCT FROM, so NULL finds NULL; one-dimensional arrays only. */
static int k_array_position(KERNEL_ARGS)
{
    bool all = strcmp(call->u.func.def->name, "array_positions") == 0;
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (arg_null(args[0], row) || (call->nargs > 2 && arg_null(args[2], row))) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        ArrayView av;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        if (av.ndim > 1)
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "searching for elements in multidimensional arrays is not supported");
        Value x;
        arg_value(args[1], row, &x);
        int64_t start = av.ndim ? av.lbounds[0] : 1;
        if (call->nargs > 2) {
            Value sv;
            arg_value(args[2], row, &sv);
            if (sv.u.i32 > start) start = sv.u.i32;
        }
        Value *vals;
        uint32_t n = array_elements(&av, ctx->arena, &vals);
        Value *hits = all ? ARENA_NEW_ARRAY(ctx->arena, Value, n ? n : 1) : NULL;
        uint32_t nh = 0;
        int32_t found = 0;
        for (uint32_t i = 0; i < n; i++) {
            int64_t pos = (int64_t)av.lbounds[0] + i;
            if (pos < start || !not_distinct(av.elem, &vals[i], &x)) continue;
            if (!all) {
                found = (int32_t)pos;
                break;
            }
            memset(&hits[nh], 0, sizeof(Value));
            hits[nh].type = OM_TYPE(TYPE_INT4);
            hits[nh++].u.i32 = (int32_t)pos;
        }
        if (all) {
            strbuf_reset(&sb);
            array_write_1d(TYPE_INT4, hits, nh, &sb);
            put_bytes(out, row, &sb);
        } else if (found) {
            put_int(out, row, found);
        } else {
            vector_set_null(out, row, ctx->arena);
        }
    }
    return 0;
}

/* array_remove(arr, x): every element not distinct from x removed (1-D);
 * array_replace(arr, x, y): every such element becomes y, the shape kept. */
static int k_array_remove_replace(KERNEL_ARGS)
{
    bool replace = call->nargs == 3;
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    TypeId elem = type_array_elem(call->type.id);
    FOR_EACH_ROW(row)
    {
        if (arg_null(args[0], row)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        ArrayView av;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        if (!replace && av.ndim > 1)
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "removing elements from multidimensional arrays is not supported");
        Value x, y;
        arg_value(args[1], row, &x);
        if (replace) arg_value(args[2], row, &y);
        Value *vals;
        uint32_t n = array_elements(&av, ctx->arena, &vals), keep = 0;
        for (uint32_t i = 0; i < n; i++) {
            bool hit = not_distinct(elem, &vals[i], &x);
            if (replace)
                vals[keep++] = hit ? y : vals[i];
            else if (!hit)
                vals[keep++] = vals[i];
        }
        strbuf_reset(&sb);
        if (keep == n && n > 0)
            array_write(elem, av.ndim, av.dims, av.lbounds, vals, n, &sb);
        else
            array_write_1d(elem, vals, keep, &sb);
        put_bytes(out, row, &sb);
    }
    return 0;
}

/* ---- array coercion ---- */

/* Converts `n` element values of type call->args[0]'s elements into `to`
 * elements with the element cast `ec`, VECTOR_SIZE at a time. */
static int coerce_elements(const FuncDef *ec, OmType from, OmType to, Value *vals, uint32_t n,
                           EvalCtx *ctx)
{
    Expr src = {.kind = EXPR_COLUMN, .type = from};
    Expr *srcp = &src;
    Expr fake = {.kind = EXPR_FUNC, .type = to, .nargs = 1, .args = &srcp};
    fake.u.func.def = ec;
    for (uint32_t base = 0; base < n; base += VECTOR_SIZE) {
        uint32_t k = n - base < VECTOR_SIZE ? n - base : VECTOR_SIZE;
        Vector in, res;
        vector_init_flat(&in, from, ctx->arena);
        vector_init_flat(&res, to, ctx->arena);
        for (uint32_t i = 0; i < k; i++) {
            vector_set_value(&in, i, &vals[base + i]);
            if (vals[base + i].is_null) vector_set_null(&res, i, ctx->arena);
        }
        Vector *argv[1] = {&in};
        if (ec->kernel(&fake, argv, NULL, k, &res, ctx) != 0) return -1;
        for (uint32_t i = 0; i < k; i++) {
            if (vals[base + i].is_null) continue;
            vector_get_value(&res, i, &vals[base + i]);
        }
    }
    return 0;
}

int func_array_coerce_kernel(KERNEL_ARGS)
{
    OmType from = {type_array_elem(call->args[0]->type.id), call->args[0]->type.typmod};
    /* the element cast, then the element typmod (numeric(6,2)[]: rounding;
     * varchar(2)[]: 22001 in assignments, truncation in explicit casts) */
    TypeId to_elem = type_array_elem(call->type.id);
    OmType to = {to_elem, to_elem == TYPE_ENUM ? call->type.typmod : TYPMOD_NONE};
    int32_t typmod = to_elem == TYPE_ENUM ? TYPMOD_NONE : call->type.typmod;
    const FuncDef *ec = from.id == to.id ? NULL : cast_find(from.id, to.id, CAST_EXPLICIT);
    bool expl = (call->u.func.def->flags & FUNC_EXPLICIT_LEN) != 0;
    const FuncDef *lc =
        typmod >= 0 ? cast_find(to.id, to.id, expl ? CAST_EXPLICIT : CAST_ASSIGNMENT) : NULL;
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        ArrayView av;
        if (view_of(args[0], row, &av, ctx) != 0) return -1;
        Value *vals;
        uint32_t n = array_elements(&av, ctx->arena, &vals);
        if (ec && coerce_elements(ec, from, to, vals, n, ctx) != 0) return -1;
        if (lc && coerce_elements(lc, to, (OmType){to.id, typmod}, vals, n, ctx) != 0) return -1;
        strbuf_reset(&sb);
        array_write(to.id, av.ndim, av.dims, av.lbounds, vals, n, &sb);
        put_bytes(out, row, &sb);
    }
    return 0;
}

/* The overloads; args and ret are not used (the binder sets the types). */
static const FuncDef array_defs[] = {
    {"array", 0, {0}, TYPE_INVALID, 0, k_array_ctor, 2294},
    {"=", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_compare, 744},
    {"<>", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_compare, 390},
    {"<", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_compare, 391},
    {"<=", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_compare, 393},
    {">", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_compare, 392},
    {">=", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_compare, 396},
    {"@>", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_contain, 2748},
    {"<@", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_contain, 2749},
    {"&&", 2, {0}, TYPE_BOOL, FUNC_STRICT | FUNC_IS_OPERATOR, k_array_contain, 2747},
    {"||", 2, {0}, TYPE_INVALID, FUNC_IS_OPERATOR, k_array_concat, 383},
    {"array_cat", 2, {0}, TYPE_INVALID, 0, k_array_concat, 383},
    {"array_append", 2, {0}, TYPE_INVALID, 0, k_array_concat, 378},
    {"array_prepend", 2, {0}, TYPE_INVALID, 0, k_array_concat, 379},
    {"[]", 0, {0}, TYPE_INVALID, 0, k_array_subscript, 0},
    {"[:]", 3, {0}, TYPE_INVALID, 0, k_array_slice, 0},
    {"name[]", 2, {0}, TYPE_CHAR, 0, k_name_subscript, 0},
    {"array_length", 2, {0}, TYPE_INT4, FUNC_STRICT, k_array_shape, 2176},
    {"array_lower", 2, {0}, TYPE_INT4, FUNC_STRICT, k_array_shape, 2091},
    {"array_upper", 2, {0}, TYPE_INT4, FUNC_STRICT, k_array_shape, 2092},
    {"array_ndims", 1, {0}, TYPE_INT4, FUNC_STRICT, k_array_shape, 748},
    {"array_dims", 1, {0}, TYPE_TEXT, FUNC_STRICT, k_array_shape, 747},
    {"cardinality", 1, {0}, TYPE_INT4, FUNC_STRICT, k_array_shape, 3179},
    {"array_to_string", 3, {0}, TYPE_TEXT, 0, k_array_to_string, 384},
    {"string_to_array", 3, {0}, TYPE_TEXT_ARRAY, 0, k_string_to_array, 376},
    {"array_position", 3, {0}, TYPE_INT4, 0, k_array_position, 3277},
    {"array_positions", 2, {0}, TYPE_INT4_ARRAY, 0, k_array_position, 3279},
    {"array_remove", 2, {0}, TYPE_INVALID, 0, k_array_remove_replace, 3167},
    {"array_replace", 3, {0}, TYPE_INVALID, 0, k_array_remove_replace, 3168},
};

const FuncDef *func_array_lookup(const char *name)
{
    for (size_t i = 0; i < sizeof(array_defs) / sizeof(array_defs[0]); i++)
        if (strcmp(array_defs[i].name, name) == 0) return &array_defs[i];
    return NULL;
}
