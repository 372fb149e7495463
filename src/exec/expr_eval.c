/*
 * expr_eval.c — vectorized evaluation of Expr trees (expr.h).
 *
 * eval() produces, for one node, a FLAT or CONSTANT vector over the physical
 * rows `sel[0..count)` (or 0..count). Function calls evaluate their arguments,
 * compute the NULL mask of strict functions generically (word-wise AND of the
 * argument bitmaps; a constant NULL argument short-circuits to a constant NULL
 * result), and hand the rows to the overload's type-specialised kernel. Calls
 * whose arguments are all constant (and that are not volatile) run once and
 * yield a CONSTANT vector.
 *
 * Lazy constructs narrow the selection instead of evaluating everything:
 * AND/OR drop rows already decided (false / true) before evaluating the next
 * argument, CASE evaluates a branch only on the rows whose WHEN chose it,
 * COALESCE evaluates an argument only on rows still NULL, and IN stops
 * comparing a row once it matched — so `CASE WHEN x <> 0 THEN 1/x END` never
 * divides by zero, as in PostgreSQL.
 *
 * Memory: every result vector, bitmap and selection array comes from
 * ctx->arena and lives until the operator resets it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/expr.h"

#include "catalog/array.h"
#include "catalog/record.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include "exec/func_registry.h"
#include "exec/subplan.h"
#include "exec/vector_ops.h"

static int eval(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count, Vector *out,
                EvalCtx *ctx);

static int check_cancel(EvalCtx *ctx);

static void make_null_const(Vector *out, OmType type, Arena *arena)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = type;
    v.is_null = true;
    vector_init_constant(out, &v, arena);
}

static inline bool vec_valid(const Vector *v, uint32_t row)
{
    return validity_is_valid(v->validity, v->kind == VEC_CONSTANT ? 0 : row);
}

static inline bool vec_bool(const Vector *v, uint32_t row)
{
    return ((const uint8_t *)v->data)[v->kind == VEC_CONSTANT ? 0 : row] != 0;
}

static inline bool const_is_null(const Vector *v)
{
    return v->kind == VEC_CONSTANT && !validity_is_valid(v->validity, 0);
}

/* A selection array holding the current rows explicitly. */
static uint16_t *rows_materialize(const uint16_t *sel, uint32_t count, Arena *arena)
{
    uint16_t *s = sel_alloc(arena);
    if (sel)
        memcpy(s, sel, sizeof(uint16_t) * count);
    else
        for (uint32_t i = 0; i < count; i++) s[i] = (uint16_t)i;
    return s;
}

/* Copies the value (or NULL) of each row in sel from src into flat out. */
static void copy_rows(Vector *out, const Vector *src, const uint16_t *sel, uint32_t count,
                      Arena *arena)
{
    size_t width = type_info(out->type.id)->width;
    size_t swidth = type_info(src->type.id)->width;
    if (swidth < width) width = swidth;
    bool cst = src->kind == VEC_CONSTANT;
    if (cst && !validity_is_valid(src->validity, 0)) {
        for (uint32_t i = 0; i < count; i++) vector_set_null(out, sel[i], arena);
        return;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel[i];
        uint32_t slot = cst ? 0 : row;
        if (!validity_is_valid(src->validity, slot)) {
            vector_set_null(out, row, arena);
            continue;
        }
        vector_set_valid(out, row);
        memcpy((char *)out->data + (size_t)row * width,
               (const char *)src->data + (size_t)slot * width, width);
    }
}

/* Prepares `out` for a strict kernel: flat, with the AND of the arguments'
 * validity. */
static void strict_validity(Vector *out, Vector *args, int nargs, Arena *arena)
{
    for (int i = 0; i < nargs; i++) {
        if (args[i].kind == VEC_CONSTANT || args[i].validity == NULL) continue;
        if (out->validity == NULL) {
            out->validity = arena_alloc(arena, sizeof(uint64_t) * VALIDITY_WORDS);
            memcpy(out->validity, args[i].validity, sizeof(uint64_t) * VALIDITY_WORDS);
        } else {
            for (int w = 0; w < VALIDITY_WORDS; w++) out->validity[w] &= args[i].validity[w];
        }
    }
}

/* Runs `def`'s kernel over already evaluated arguments. */
static int run_kernel(const FuncDef *def, const Expr *call, Vector *argv, int nargs,
                      const uint16_t *sel, uint32_t count, OmType ret, Vector *out, EvalCtx *ctx)
{
    Vector *argp[16];
    Vector **ap = argp;
    if (nargs > 16) ap = ARENA_NEW_ARRAY(ctx->arena, Vector *, nargs);
    bool strict = (def->flags & FUNC_STRICT) != 0;
    bool all_const = !(def->flags & FUNC_VOLATILE);
    for (int i = 0; i < nargs; i++) {
        ap[i] = &argv[i];
        if (argv[i].kind == VEC_DICT) vector_flatten(&argv[i], sel, count, ctx->arena);
        if (strict && const_is_null(&argv[i])) {
            make_null_const(out, ret, ctx->arena);
            return 0;
        }
        if (argv[i].kind != VEC_CONSTANT) all_const = false;
    }
    vector_init_flat(out, ret, ctx->arena);
    if (all_const) {
        if (def->kernel(call, ap, NULL, 1, out, ctx) != 0) return -1;
        out->kind = VEC_CONSTANT;
        if (out->validity && !validity_is_valid(out->validity, 0)) {
            out->validity = arena_zalloc(ctx->arena, sizeof(uint64_t));
        } else {
            out->validity = NULL;
        }
        return 0;
    }
    if (strict) strict_validity(out, argv, nargs, ctx->arena);
    if (def->kernel(call, ap, sel, count, out, ctx) != 0) return -1;
    /* Kernels may leave NULL rows' slots unwritten; a string view there would
     * be dereferenced by the next kernel, so give NULL rows an empty view. */
    if (out->validity && (type_is_varlena(ret.id))) {
        StrView *views = out->data;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel ? sel[i] : i;
            if (!validity_is_valid(out->validity, row)) memset(&views[row], 0, sizeof(StrView));
        }
    }
    return 0;
}

static int eval_func(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                     Vector *out, EvalCtx *ctx)
{
    const FuncDef *def = e->u.func.def;
    if (def == NULL || def->kernel == NULL)
        return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "function call without an implementation");
    Vector *argv = ARENA_NEW_ARRAY(ctx->arena, Vector, e->nargs > 0 ? e->nargs : 1);
    for (int i = 0; i < e->nargs; i++)
        if (eval(e->args[i], in, sel, count, &argv[i], ctx) != 0) return -1;
    return run_kernel(def, e, argv, e->nargs, sel, count, e->type, out, ctx);
}

/* AND / OR with narrowing: `decide` is the value that settles a row (false for
 * AND, true for OR). */
static int eval_andor(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                      Vector *out, EvalCtx *ctx, bool decide)
{
    vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    uint8_t *res = out->data;
    uint16_t *cur = rows_materialize(sel, count, ctx->arena);
    uint32_t ncur = count;
    uint64_t *null_seen = arena_zalloc(ctx->arena, sizeof(uint64_t) * VALIDITY_WORDS);
    for (uint32_t i = 0; i < count; i++) res[cur[i]] = !decide;
    for (int a = 0; a < e->nargs && ncur > 0; a++) {
        Vector v;
        if (eval(e->args[a], in, cur, ncur, &v, ctx) != 0) return -1;
        if (v.kind == VEC_CONSTANT) {
            if (!validity_is_valid(v.validity, 0)) {
                for (uint32_t i = 0; i < ncur; i++)
                    null_seen[cur[i] >> 6] |= UINT64_C(1) << (cur[i] & 63);
            } else if (vec_bool(&v, 0) == decide) {
                for (uint32_t i = 0; i < ncur; i++) res[cur[i]] = decide;
                ncur = 0;
            }
            continue;
        }
        uint32_t keep = 0;
        const uint8_t *d = v.data;
        for (uint32_t i = 0; i < ncur; i++) {
            uint32_t row = cur[i];
            if (!validity_is_valid(v.validity, row)) {
                null_seen[row >> 6] |= UINT64_C(1) << (row & 63);
                cur[keep++] = (uint16_t)row;
            } else if ((d[row] != 0) == decide) {
                res[row] = decide;
            } else {
                cur[keep++] = (uint16_t)row;
            }
        }
        ncur = keep;
    }
    /* undecided rows that saw a NULL are NULL */
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        if (res[row] != decide && ((null_seen[row >> 6] >> (row & 63)) & 1))
            vector_set_null(out, row, ctx->arena);
    }
    return 0;
}

static int eval_not(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                    Vector *out, EvalCtx *ctx)
{
    Vector v;
    if (eval(e->args[0], in, sel, count, &v, ctx) != 0) return -1;
    if (v.kind == VEC_CONSTANT) {
        Value val;
        vector_get_value(&v, 0, &val);
        val.type = OM_TYPE(TYPE_BOOL);
        if (!val.is_null) val.u.b = !val.u.b;
        vector_init_constant(out, &val, ctx->arena);
        return 0;
    }
    vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    const uint8_t *a = v.data;
    uint8_t *r = out->data;
    if (!sel)
        for (uint32_t i = 0; i < count; i++) r[i] = !a[i];
    else
        for (uint32_t i = 0; i < count; i++) r[sel[i]] = !a[sel[i]];
    if (v.validity) {
        out->validity = arena_alloc(ctx->arena, sizeof(uint64_t) * VALIDITY_WORDS);
        memcpy(out->validity, v.validity, sizeof(uint64_t) * VALIDITY_WORDS);
    }
    return 0;
}

/* IS [NOT] NULL / TRUE / FALSE: never NULL. */
static int eval_is(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count, Vector *out,
                   EvalCtx *ctx)
{
    Vector v;
    if (eval(e->args[0], in, sel, count, &v, ctx) != 0) return -1;
    bool is_const = v.kind == VEC_CONSTANT;
    if (is_const)
        vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    else
        vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    uint8_t *r = out->data;
    uint32_t n = is_const ? 1 : count;
    bool rec = v.type.id == TYPE_RECORD;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t row = is_const ? 0 : (sel ? sel[i] : i);
        bool valid = vec_valid(&v, row);
        bool val = valid && e->kind != EXPR_IS_NULL && e->kind != EXPR_IS_NOT_NULL
                       ? vec_bool(&v, row)
                       : false;
        bool res;
        bool all_null = !valid, any_null = !valid;
        if (valid && rec) /* a record is NULL when all its fields are (ExecEvalRowNull) */
            record_null_fields((const StrView *)v.data + row, &all_null, &any_null);
        switch (e->kind) {
        case EXPR_IS_NULL:
            res = all_null;
            break;
        case EXPR_IS_NOT_NULL:
            res = !any_null;
            break;
        case EXPR_IS_TRUE:
            res = valid && val;
            break;
        case EXPR_IS_NOT_TRUE:
            res = !(valid && val);
            break;
        case EXPR_IS_FALSE:
            res = valid && !val;
            break;
        default:
            res = !(valid && !val);
            break; /* IS NOT FALSE */
        }
        r[row] = res;
    }
    if (is_const) out->kind = VEC_CONSTANT;
    return 0;
}

static int eval_distinct(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                         Vector *out, EvalCtx *ctx)
{
    Vector av[2];
    for (int i = 0; i < 2; i++)
        if (eval(e->args[i], in, sel, count, &av[i], ctx) != 0) return -1;
    for (int i = 0; i < 2; i++)
        if (av[i].kind == VEC_DICT) vector_flatten(&av[i], sel, count, ctx->arena);
    Vector eq;
    bool a_null_const = const_is_null(&av[0]), b_null_const = const_is_null(&av[1]);
    if (!a_null_const && !b_null_const) {
        if (run_kernel(e->u.func.def, e, av, 2, sel, count, OM_TYPE(TYPE_BOOL), &eq, ctx) != 0)
            return -1;
    }
    bool distinct_kind = e->kind == EXPR_IS_DISTINCT;
    vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    uint8_t *r = out->data;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        bool an = !vec_valid(&av[0], row), bn = !vec_valid(&av[1], row);
        bool distinct;
        if (an || bn)
            distinct = an != bn;
        else
            distinct = !vec_bool(&eq, row);
        r[row] = distinct_kind ? distinct : !distinct;
    }
    return 0;
}

static int eval_case(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                     Vector *out, EvalCtx *ctx)
{
    vector_init_flat(out, e->type, ctx->arena);
    uint16_t *cur = rows_materialize(sel, count, ctx->arena);
    uint32_t ncur = count;
    uint16_t *match = sel_alloc(ctx->arena);
    int nwhen = e->nargs / 2;
    bool has_else = (e->nargs % 2) == 1;
    for (int w = 0; w < nwhen && ncur > 0; w++) {
        Vector cond;
        if (eval(e->args[2 * w], in, cur, ncur, &cond, ctx) != 0) return -1;
        uint32_t nmatch = 0, nrest = 0;
        for (uint32_t i = 0; i < ncur; i++) {
            uint32_t row = cur[i];
            if (vec_valid(&cond, row) && vec_bool(&cond, row))
                match[nmatch++] = (uint16_t)row;
            else
                cur[nrest++] = (uint16_t)row;
        }
        ncur = nrest;
        if (nmatch > 0) {
            Vector val;
            if (eval(e->args[2 * w + 1], in, match, nmatch, &val, ctx) != 0) return -1;
            if (val.kind == VEC_DICT) vector_flatten(&val, match, nmatch, ctx->arena);
            copy_rows(out, &val, match, nmatch, ctx->arena);
        }
    }
    if (ncur > 0) {
        if (has_else) {
            Vector val;
            if (eval(e->args[e->nargs - 1], in, cur, ncur, &val, ctx) != 0) return -1;
            if (val.kind == VEC_DICT) vector_flatten(&val, cur, ncur, ctx->arena);
            copy_rows(out, &val, cur, ncur, ctx->arena);
        } else {
            for (uint32_t i = 0; i < ncur; i++) vector_set_null(out, cur[i], ctx->arena);
        }
    }
    return 0;
}

static int eval_coalesce(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                         Vector *out, EvalCtx *ctx)
{
    vector_init_flat(out, e->type, ctx->arena);
    uint16_t *cur = rows_materialize(sel, count, ctx->arena);
    uint32_t ncur = count;
    uint16_t *hit = sel_alloc(ctx->arena);
    for (int a = 0; a < e->nargs && ncur > 0; a++) {
        Vector v;
        if (eval(e->args[a], in, cur, ncur, &v, ctx) != 0) return -1;
        if (v.kind == VEC_DICT) vector_flatten(&v, cur, ncur, ctx->arena);
        uint32_t nhit = 0, nrest = 0;
        for (uint32_t i = 0; i < ncur; i++) {
            uint32_t row = cur[i];
            if (vec_valid(&v, row))
                hit[nhit++] = (uint16_t)row;
            else
                cur[nrest++] = (uint16_t)row;
        }
        if (nhit) copy_rows(out, &v, hit, nhit, ctx->arena);
        ncur = nrest;
    }
    for (uint32_t i = 0; i < ncur; i++) vector_set_null(out, cur[i], ctx->arena);
    return 0;
}

static int eval_nullif(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                       Vector *out, EvalCtx *ctx)
{
    Vector av[2];
    for (int i = 0; i < 2; i++) {
        if (eval(e->args[i], in, sel, count, &av[i], ctx) != 0) return -1;
        if (av[i].kind == VEC_DICT) vector_flatten(&av[i], sel, count, ctx->arena);
    }
    Vector eq;
    if (run_kernel(e->u.func.def, e, av, 2, sel, count, OM_TYPE(TYPE_BOOL), &eq, ctx) != 0)
        return -1;
    vector_init_flat(out, e->type, ctx->arena);
    const uint16_t *rows = sel ? sel : rows_materialize(NULL, count, ctx->arena);
    copy_rows(out, &av[0], rows, count, ctx->arena);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = rows[i];
        if (vec_valid(&eq, row) && vec_bool(&eq, row)) vector_set_null(out, row, ctx->arena);
    }
    return 0;
}

/* Long IN lists of constants of the probe's own type: sort the constants once
 * per chunk and binary-search each row (the "=" of a same-type pair agrees with
 * value_cmp's order). */
#define IN_LIST_SORT_MIN 16

static int cmp_payload(const void *a, const void *b, void *type)
{
    return value_cmp(*(TypeId *)type, *(const void *const *)a, *(const void *const *)b);
}

static bool in_list_sortable(const Expr *e, TypeId t)
{
    const FuncDef *d = e->u.func.def;
    if (e->nargs - 1 < IN_LIST_SORT_MIN || !d || d->args[0] != t || d->args[1] != t) return false;
    for (int a = 1; a < e->nargs; a++)
        if (e->args[a]->kind != EXPR_CONST ||
            (!e->args[a]->u.value.is_null && e->args[a]->u.value.type.id != t))
            return false;
    return true;
}

static void eval_in_sorted(const Expr *e, const Vector *x, const uint16_t *sel, uint32_t count,
                           Vector *out, EvalCtx *ctx)
{
    TypeId t = x->type.id;
    const void **vals = ARENA_NEW_ARRAY(ctx->arena, const void *, e->nargs);
    int n = 0;
    bool has_null = false;
    for (int a = 1; a < e->nargs; a++) {
        if (e->args[a]->u.value.is_null)
            has_null = true;
        else
            vals[n++] = value_payload(&e->args[a]->u.value);
    }
    qsort_r(vals, (size_t)n, sizeof(vals[0]), cmp_payload, &t);
    size_t width = type_info(t)->width;
    uint8_t *res = out->data;
    bool neg = e->u.func.negate;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        uint32_t slot = x->kind == VEC_CONSTANT ? 0 : row;
        if (!validity_is_valid(x->validity, slot)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        const void *p = (const char *)x->data + (size_t)slot * width;
        int lo = 0, hi = n - 1;
        bool found = false;
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            int c = value_cmp(t, p, vals[mid]);
            if (c == 0) {
                found = true;
                break;
            }
            if (c < 0)
                hi = mid - 1;
            else
                lo = mid + 1;
        }
        if (!found && has_null)
            vector_set_null(out, row, ctx->arena);
        else
            res[row] = found != neg;
    }
}

static int eval_in_list(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                        Vector *out, EvalCtx *ctx)
{
    Vector x;
    if (eval(e->args[0], in, sel, count, &x, ctx) != 0) return -1;
    if (x.kind == VEC_DICT) vector_flatten(&x, sel, count, ctx->arena);
    if (in_list_sortable(e, x.type.id)) {
        vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
        eval_in_sorted(e, &x, sel, count, out, ctx);
        return 0;
    }
    vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    uint8_t *res = out->data;
    uint64_t *null_seen = arena_zalloc(ctx->arena, sizeof(uint64_t) * VALIDITY_WORDS);
    uint16_t *cur = sel_alloc(ctx->arena);
    uint32_t ncur = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        res[row] = 0;
        if (vec_valid(&x, row))
            cur[ncur++] = (uint16_t)row;
        else
            null_seen[row >> 6] |= UINT64_C(1) << (row & 63);
    }
    for (int a = 1; a < e->nargs && ncur > 0; a++) {
        Vector pair[2];
        pair[0] = x;
        if (eval(e->args[a], in, cur, ncur, &pair[1], ctx) != 0) return -1;
        Vector eq;
        if (run_kernel(e->u.func.def, e, pair, 2, cur, ncur, OM_TYPE(TYPE_BOOL), &eq, ctx) != 0)
            return -1;
        uint32_t keep = 0;
        for (uint32_t i = 0; i < ncur; i++) {
            uint32_t row = cur[i];
            if (!vec_valid(&eq, row)) {
                null_seen[row >> 6] |= UINT64_C(1) << (row & 63);
                cur[keep++] = (uint16_t)row;
            } else if (vec_bool(&eq, row)) {
                res[row] = 1;
            } else {
                cur[keep++] = (uint16_t)row;
            }
        }
        ncur = keep;
    }
    bool neg = e->u.func.negate;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        if (!res[row] && ((null_seen[row >> 6] >> (row & 63)) & 1))
            vector_set_null(out, row, ctx->arena);
        else if (neg)
            res[row] = !res[row];
    }
    return 0;
}

/* x op ANY/ALL (array): the element operator runs over one element position
 * at a time for the rows still undecided, as eval_in_list does per list item. */
static int eval_any_array(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                          Vector *out, EvalCtx *ctx)
{
    Vector x, arr;
    if (eval(e->args[0], in, sel, count, &x, ctx) != 0) return -1;
    if (eval(e->args[1], in, sel, count, &arr, ctx) != 0) return -1;
    if (x.kind == VEC_DICT) vector_flatten(&x, sel, count, ctx->arena);
    bool all = e->u.func.negate;
    TypeId elem = type_array_elem(arr.type.id);
    vector_init_flat(out, OM_TYPE(TYPE_BOOL), ctx->arena);
    uint8_t *res = out->data;
    uint64_t *null_seen = arena_zalloc(ctx->arena, sizeof(uint64_t) * VALIDITY_WORDS);
    Value **elems = arena_zalloc(ctx->arena, sizeof(Value *) * VECTOR_SIZE);
    uint32_t *nelems = arena_zalloc(ctx->arena, sizeof(uint32_t) * VECTOR_SIZE);
    uint16_t *cur = sel_alloc(ctx->arena);
    uint32_t ncur = 0, longest = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        res[row] = all;
        if (!vec_valid(&arr, row)) {
            null_seen[row >> 6] |= UINT64_C(1) << (row & 63);
            continue;
        }
        ArrayView av;
        const StrView *s = vector_value_ptr(&arr, row);
        if (array_view(arr.type.id, s, &av, ctx->err) != 0) return -1;
        if (av.nelems == 0) continue; /* settled: false for ANY, true for ALL */
        if (!vec_valid(&x, row)) {
            null_seen[row >> 6] |= UINT64_C(1) << (row & 63);
            continue;
        }
        nelems[row] = array_elements(&av, ctx->arena, &elems[row]);
        if (nelems[row] > longest) longest = nelems[row];
        cur[ncur++] = (uint16_t)row;
    }
    for (uint32_t j = 0; j < longest && ncur > 0; j++) {
        if (check_cancel(ctx) != 0) return -1;
        Vector pair[2];
        pair[0] = x;
        vector_init_flat(&pair[1], OM_TYPE(elem), ctx->arena);
        uint16_t *now = sel_alloc(ctx->arena);
        uint32_t nnow = 0, keep = 0;
        for (uint32_t i = 0; i < ncur; i++) {
            uint32_t row = cur[i];
            if (j >= nelems[row]) continue; /* this row's array is done */
            now[nnow++] = (uint16_t)row;
            vector_set_value(&pair[1], row, &elems[row][j]);
        }
        Vector r;
        if (nnow > 0 &&
            run_kernel(e->u.func.def, e, pair, 2, now, nnow, OM_TYPE(TYPE_BOOL), &r, ctx) != 0)
            return -1;
        for (uint32_t i = 0; i < ncur; i++) {
            uint32_t row = cur[i];
            if (j >= nelems[row]) continue;
            if (!vec_valid(&r, row)) {
                null_seen[row >> 6] |= UINT64_C(1) << (row & 63);
                cur[keep++] = (uint16_t)row;
            } else if (vec_bool(&r, row) != all) {
                res[row] = !all; /* settled */
            } else {
                cur[keep++] = (uint16_t)row;
            }
        }
        ncur = keep;
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        if (res[row] == all && ((null_seen[row >> 6] >> (row & 63)) & 1))
            vector_set_null(out, row, ctx->arena);
    }
    return 0;
}

static int eval_subplan(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count,
                        Vector *out, EvalCtx *ctx)
{
    Vector *argv = ARENA_NEW_ARRAY(ctx->arena, Vector, e->nargs > 0 ? e->nargs : 1);
    Vector **argp = ARENA_NEW_ARRAY(ctx->arena, Vector *, e->nargs > 0 ? e->nargs : 1);
    for (int i = 0; i < e->nargs; i++) {
        if (eval(e->args[i], in, sel, count, &argv[i], ctx) != 0) return -1;
        if (argv[i].kind == VEC_DICT) vector_flatten(&argv[i], sel, count, ctx->arena);
        argp[i] = &argv[i];
    }
    Chunk view;
    if (in)
        view = *in;
    else
        memset(&view, 0, sizeof(view));
    view.sel = sel;
    view.count = count;
    return subplan_eval(e, argp, &view, out, ctx);
}

static int eval(const Expr *e, const Chunk *in, const uint16_t *sel, uint32_t count, Vector *out,
                EvalCtx *ctx)
{
    if (count == 0 && e->kind != EXPR_CONST) {
        make_null_const(out, e->type, ctx->arena);
        return 0;
    }
    switch (e->kind) {
    case EXPR_CONST:
        vector_init_constant(out, &e->u.value, ctx->arena);
        out->type = e->type;
        return 0;
    case EXPR_COLUMN:
        if (in == NULL || e->u.column.index < 0 || e->u.column.index >= in->ncols)
            return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "column reference %d out of range",
                       e->u.column.index);
        *out = in->cols[e->u.column.index];
        if (out->kind == VEC_DICT) vector_flatten(out, sel, count, ctx->arena);
        return 0;
    case EXPR_PARAM: {
        int idx = e->u.param.index;
        const Value *params = e->u.param.stmt ? ctx->stmt_params : ctx->params;
        int nparams = e->u.param.stmt ? ctx->n_stmt_params : ctx->nparams;
        if (params == NULL || idx < 0 || idx >= nparams)
            return ERR(ctx->err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%d",
                       idx + 1);
        Value v = params[idx];
        if (v.is_null) v.type = e->type;
        vector_init_constant(out, &v, ctx->arena);
        return 0;
    }
    case EXPR_FUNC:
        return eval_func(e, in, sel, count, out, ctx);
    case EXPR_AND:
        return eval_andor(e, in, sel, count, out, ctx, false);
    case EXPR_OR:
        return eval_andor(e, in, sel, count, out, ctx, true);
    case EXPR_NOT:
        return eval_not(e, in, sel, count, out, ctx);
    case EXPR_IS_NULL:
    case EXPR_IS_NOT_NULL:
    case EXPR_IS_TRUE:
    case EXPR_IS_NOT_TRUE:
    case EXPR_IS_FALSE:
    case EXPR_IS_NOT_FALSE:
        return eval_is(e, in, sel, count, out, ctx);
    case EXPR_IS_DISTINCT:
    case EXPR_IS_NOT_DISTINCT:
        return eval_distinct(e, in, sel, count, out, ctx);
    case EXPR_CASE:
        return eval_case(e, in, sel, count, out, ctx);
    case EXPR_COALESCE:
        return eval_coalesce(e, in, sel, count, out, ctx);
    case EXPR_NULLIF:
        return eval_nullif(e, in, sel, count, out, ctx);
    case EXPR_ANY_ARRAY:
        return eval_any_array(e, in, sel, count, out, ctx);
    case EXPR_IN_LIST:
        return eval_in_list(e, in, sel, count, out, ctx);
    case EXPR_SUBPLAN:
        return eval_subplan(e, in, sel, count, out, ctx);
    case EXPR_VAR:
    case EXPR_AGGREF:
    case EXPR_WINREF:
    case EXPR_GROUPING:
    case EXPR_SUBLINK:
        break; /* binder-only kinds; the planner replaces them */
    }
    return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "unknown expression kind %d", (int)e->kind);
}

static int check_cancel(EvalCtx *ctx)
{
    if (ctx->cancel && atomic_load_explicit(ctx->cancel, memory_order_relaxed))
        return ERR(ctx->err, SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
    return 0;
}

int expr_eval(const Expr *expr, const Chunk *input, Vector *out, EvalCtx *ctx)
{
    if (check_cancel(ctx) != 0) return -1;
    return eval(expr, input, input->sel, input->count, out, ctx);
}

int expr_eval_filter(const Expr *expr, const Chunk *input, uint16_t *sel_out, uint32_t *out_count,
                     EvalCtx *ctx)
{
    if (check_cancel(ctx) != 0) return -1;
    const uint16_t *sel = input->sel;
    uint32_t count = input->count;
    Vector v;
    if (eval(expr, input, sel, count, &v, ctx) != 0) return -1;
    uint32_t n = 0;
    if (v.kind == VEC_CONSTANT) {
        if (vec_valid(&v, 0) && vec_bool(&v, 0))
            for (uint32_t i = 0; i < count; i++) sel_out[n++] = (uint16_t)(sel ? sel[i] : i);
        *out_count = n;
        return 0;
    }
    const uint8_t *d = v.data;
    if (!sel && !v.validity) {
        for (uint32_t i = 0; i < count; i++) {
            sel_out[n] = (uint16_t)i;
            n += d[i] != 0;
        }
    } else if (!v.validity) {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel[i];
            sel_out[n] = (uint16_t)row;
            n += d[row] != 0;
        }
    } else {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel ? sel[i] : i;
            sel_out[n] = (uint16_t)row;
            n += (d[row] != 0) & validity_is_valid(v.validity, row);
        }
    }
    *out_count = n;
    return 0;
}

int expr_eval_scalar(const Expr *expr, Value *out, EvalCtx *ctx)
{
    Chunk dummy;
    memset(&dummy, 0, sizeof(dummy));
    dummy.count = 1;
    Vector v;
    if (eval(expr, &dummy, NULL, 1, &v, ctx) != 0) return -1;
    if (v.kind == VEC_DICT) vector_flatten(&v, NULL, 1, ctx->arena);
    vector_get_value(&v, 0, out);
    out->type = expr->type;
    return 0;
}
