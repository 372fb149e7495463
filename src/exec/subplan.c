/*
 * subplan.c — evaluation of subqueries inside expressions (EXPR_SUBPLAN).
 *
 * Each SubPlan gets one state per statement (kept in ExecState.subplans):
 * its operator tree, built once and rescanned, and for uncorrelated subplans
 * the cached result — the scalar value, the EXISTS answer, or the list of
 * values for IN/ANY/ALL (hashed for "= ANY"). Correlated subplans run once
 * per outer row with the outer values copied into their parameter array.
 *
 * Three-valued IN: x IN (set) is TRUE if found, else NULL if x is NULL or the
 * set holds a NULL, else FALSE; x op ALL (set) mirrors it.
 */
#include <string.h>
#include <strings.h>

#include "catalog/array.h"
#include "catalog/type_io.h"
#include "common/strbuf.h"

#include "exec/operator.h"
#include "exec/subplan.h"
#include "exec/vector_ops.h"

typedef struct SubplanState {
    const SubPlan *sp;
    struct SubplanState *next;
    ExecState es;
    Value *params;
    Operator *root;
    bool opened;
    bool cached;
    /* uncorrelated results */
    Value scalar;
    bool exists;
    int nvals, capvals; /* values (rows for a row's IN: width values each) */
    Value *vals;
    int width;         /* values per stored row: 1, or the row's length */
    bool set_has_null; /* a NULL value (one column), or a row holding one */
    /* ARRAY(SELECT ...): the text form being built, and its element count */
    StrBuf arr;
    /* hash set for "= ANY" over vals */
    uint32_t *slots; /* index+1 into vals, 0 = empty */
    uint32_t nslots;
} SubplanState;

static SubplanState *state_for(const SubPlan *sp, EvalCtx *ctx)
{
    ExecState *parent = ctx->exec_state;
    for (SubplanState *s = parent->subplans; s; s = s->next)
        if (s->sp == sp) return s;
    SubplanState *s = ARENA_NEW(parent->arena, SubplanState);
    s->sp = sp;
    s->params = ARENA_NEW_ARRAY(parent->arena, Value, sp->nparams > 0 ? sp->nparams : 1);
    exec_state_init_child(&s->es, parent, s->params, sp->nparams);
    s->es.analyze = false;
    strbuf_init(&s->arr, parent->arena);
    s->root = exec_build(sp->plan, &s->es);
    if (!s->root) return NULL;
    s->next = parent->subplans;
    parent->subplans = s;
    return s;
}

void subplan_close_all(ExecState *es)
{
    for (SubplanState *s = es->subplans; s; s = s->next) {
        if (s->opened) exec_close(s->root);
        s->opened = false;
        subplan_close_all(&s->es);
    }
    es->subplans = NULL;
}

static int restart(SubplanState *s)
{
    if (!s->opened) {
        s->opened = true;
        return exec_open(s->root);
    }
    return exec_rescan(s->root);
}

/* Appends one element to the ARRAY(SELECT ...) text being built in s->arr,
 * in PostgreSQL's array output form: elements that are empty, NULL-like or
 * hold braces, commas, quotes, backslashes or white space are double-quoted
 * with \" and \\ escaped; a NULL element is NULL. */

/* Runs the subplan to completion (or first row for EXISTS) and records the
 * result in the state. */
static int run(SubplanState *s, const Expr *expr, Arena *arena, OmError *err)
{
    SubLinkKind kind = expr->u.sub.kind;
    int width = s->width = expr->u.sub.nrow > 1 ? expr->u.sub.nrow : 1;
    if (restart(s) != 0) return -1;
    s->exists = false;
    s->scalar.is_null = true;
    s->scalar.type = s->sp->plan->types[0];
    if (kind == SUBLINK_ARRAY) {
        s->scalar.type = OM_TYPE(type_array_of(s->sp->plan->types[0].id));
        strbuf_reset(&s->arr);
    }
    s->nvals = 0;
    if (s->sp->correlated) { /* `arena` is the caller's chunk arena, reset since the last run */
        s->vals = NULL;
        s->capvals = 0;
    }
    s->set_has_null = false;
    s->nslots = 0;
    s->slots = NULL;
    bool have_row = false;
    for (;;) {
        Chunk *c = NULL;
        if (exec_next(s->root, &c) != 0) return -1;
        if (!c) break;
        if (kind == SUBLINK_EXISTS) {
            s->exists = true;
            break;
        }
        for (uint32_t i = 0; i < c->count; i++) {
            uint32_t row = chunk_row(c, i);
            if (width > 1) { /* a row's IN: every row, NULLs and all */
                if (s->nvals == s->capvals) {
                    int nc = s->capvals ? s->capvals * 2 : 64;
                    s->vals = arena_realloc(arena, s->vals,
                                            sizeof(Value) * (size_t)s->capvals * (size_t)width,
                                            sizeof(Value) * (size_t)nc * (size_t)width);
                    s->capvals = nc;
                }
                Value *dst = &s->vals[(size_t)s->nvals++ * (size_t)width];
                for (int k = 0; k < width; k++) {
                    Value v;
                    vector_get_value(&c->cols[k], row, &v);
                    value_copy(&dst[k], &v, arena);
                    s->set_has_null |= v.is_null;
                }
                continue;
            }
            Value v;
            vector_get_value(&c->cols[0], row, &v);
            if (kind == SUBLINK_SCALAR && expr->u.sub.fn_body) { /* a SQL function: the first row */
                value_copy(&s->scalar, &v, arena);
                return 0;
            }
            if (kind == SUBLINK_SCALAR) {
                if (have_row)
                    return ERR(err, SQLSTATE_CARDINALITY_VIOLATION,
                               "more than one row returned by a subquery used as an expression");
                have_row = true;
                value_copy(&s->scalar, &v, arena);
                continue;
            }
            if (v.is_null && kind != SUBLINK_ARRAY) {
                s->set_has_null = true;
                continue;
            }
            if (s->nvals == s->capvals) {
                int nc = s->capvals ? s->capvals * 2 : 64;
                s->vals = arena_realloc(arena, s->vals, sizeof(Value) * (size_t)s->capvals,
                                        sizeof(Value) * (size_t)nc);
                s->capvals = nc;
            }
            value_copy(&s->vals[s->nvals++], &v, arena);
        }
    }
    if (kind == SUBLINK_ARRAY) {
        /* the rows' values in order; no rows give an empty array, never NULL */
        array_write_1d(s->sp->plan->types[0].id, s->vals, (uint32_t)s->nvals, &s->arr);
        if (s->arr.len > UINT32_MAX)
            return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "array size exceeds the maximum allowed");
        char *copy = arena_alloc(arena, s->arr.len);
        memcpy(copy, s->arr.data, s->arr.len);
        s->scalar.is_null = false;
        s->scalar.u.str = strview_make(copy, (uint32_t)s->arr.len);
    }
    return 0;
}

/* The hash of a stored row of `width` values (none NULL). */
static uint64_t row_hash(const Value *v, int width)
{
    uint64_t h = 0;
    for (int k = 0; k < width; k++)
        h = (h ^ value_hash(v[k].type.id, &v[k].u)) * UINT64_C(0x9e3779b97f4a7c15);
    return h;
}

static bool row_eq(const Value *a, const Value *b, int width)
{
    for (int k = 0; k < width; k++)
        if (!value_eq(a[k].type.id, &a[k].u, &b[k].u)) return false;
    return true;
}

/* A hash set over the stored rows (values when width is 1) that hold no NULL. */
static void build_hash(SubplanState *s, Arena *arena)
{
    int w = s->width;
    uint32_t n = 16;
    while (n < (uint32_t)s->nvals * 2) n *= 2;
    s->slots = arena_zalloc(arena, sizeof(uint32_t) * n);
    s->nslots = n;
    for (int i = 0; i < s->nvals; i++) {
        const Value *v = &s->vals[(size_t)i * (size_t)w];
        bool null = false;
        for (int k = 0; k < w; k++) null |= v[k].is_null;
        if (null) continue;
        uint32_t pos = (uint32_t)row_hash(v, w) & (n - 1);
        while (s->slots[pos]) pos = (pos + 1) & (n - 1);
        s->slots[pos] = (uint32_t)i + 1;
    }
}

static bool hash_contains(const SubplanState *s, const Value *v)
{
    int w = s->width;
    uint32_t pos = (uint32_t)row_hash(v, w) & (s->nslots - 1);
    while (s->slots[pos]) {
        const Value *c = &s->vals[(size_t)(s->slots[pos] - 1) * (size_t)w];
        if (row_eq(v, c, w)) return true;
        pos = (pos + 1) & (s->nslots - 1);
    }
    return false;
}

/* Applies the comparison overload to (lhs, rhs): 1 true, 0 false, -1 NULL, -2 error. */
static int compare_values(const FuncDef *cmp, const Value *lhs, const Value *rhs, EvalCtx *ctx)
{
    if (lhs->is_null || rhs->is_null) return -1;
    Vector a, b, out;
    vector_init_constant(&a, lhs, ctx->arena);
    vector_init_constant(&b, rhs, ctx->arena);
    vector_init_flat(&out, OM_TYPE(TYPE_BOOL), ctx->arena);
    Vector *args[2] = {&a, &b};
    Expr call;
    memset(&call, 0, sizeof(call));
    call.kind = EXPR_FUNC;
    call.type = OM_TYPE(TYPE_BOOL);
    call.u.func.def = cmp;
    uint16_t sel0 = 0;
    if (cmp->kernel(&call, args, &sel0, 1, &out, ctx) != 0) return -2;
    return ((uint8_t *)out.data)[0] ? 1 : 0;
}

/* A row's values against a stored row, with SQL's row comparison: for =,
 * false where a column differs, else NULL where one is NULL, else true; for
 * <> the other way round. 1 true, 0 false, -1 NULL, -2 error. */
static int compare_rows(const Expr *expr, const Value *lhs, const Value *row, EvalCtx *ctx)
{
    if (expr->u.sub.row_eq_cmps) { /* <, <=, >, >=: the first unequal pair decides */
        for (int k = 0; k < expr->u.sub.nrow; k++) {
            int eq = compare_values(expr->u.sub.row_eq_cmps[k], &lhs[k], &row[k], ctx);
            if (eq != 1)
                return eq == 0 ? compare_values(expr->u.sub.row_cmps[k], &lhs[k], &row[k], ctx)
                               : eq;
        }
        return expr->u.sub.row_or_equal ? 1 : 0;
    }
    bool ne = expr->u.sub.row_ne, null = false;
    for (int k = 0; k < expr->u.sub.nrow; k++) {
        int r = compare_values(expr->u.sub.row_cmps[k], &lhs[k], &row[k], ctx);
        if (r == -2) return -2;
        if (r < 0)
            null = true;
        else if (r == (ne ? 1 : 0))
            return r;
    }
    return null ? -1 : (ne ? 0 : 1);
}

/* lhs: one value, or a row's (width values). result: 1 true, 0 false, -1 NULL */
static int eval_any_all(const Expr *expr, SubplanState *s, const Value *lhs, EvalCtx *ctx, int *res)
{
    bool is_all = expr->u.sub.kind == SUBLINK_ALL;
    int w = s->width;
    if (s->nvals == 0 && !s->set_has_null) {
        *res = is_all ? 1 : 0;
        return 0;
    }
    bool lhs_null = false, same_types = s->nvals > 0;
    for (int k = 0; k < w; k++) {
        lhs_null |= lhs[k].is_null;
        if (s->nvals > 0) same_types &= lhs[k].type.id == s->vals[k].type.id;
    }
    if (w == 1 && lhs_null) {
        *res = -1;
        return 0;
    }
    bool saw_null = w == 1 && s->set_has_null;
    if (!is_all && !s->sp->correlated && same_types && !lhs_null && !expr->u.sub.row_ne &&
        !expr->u.sub.row_eq_cmps && strcmp(expr->u.sub.cmp->name, "=") == 0) {
        if (!s->slots)
            build_hash(s, ctx->exec_state ? ((ExecState *)ctx->exec_state)->arena : ctx->arena);
        if (hash_contains(s, lhs)) {
            *res = 1;
            return 0;
        }
        if (!s->set_has_null) {
            *res = 0;
            return 0;
        }
        if (w == 1) {
            *res = -1;
            return 0;
        }
        /* rows holding a NULL may still compare NULL: look at them all */
    }
    for (int i = 0; i < s->nvals; i++) {
        int r = w > 1 ? compare_rows(expr, lhs, &s->vals[(size_t)i * (size_t)w], ctx)
                      : compare_values(expr->u.sub.cmp, lhs, &s->vals[i], ctx);
        if (r == -2) return -1;
        if (r == -1) {
            saw_null = true;
            continue;
        }
        if (!is_all && r == 1) {
            *res = 1;
            return 0;
        }
        if (is_all && r == 0) {
            *res = 0;
            return 0;
        }
    }
    *res = saw_null ? -1 : (is_all ? 1 : 0);
    return 0;
}

int subplan_eval(const Expr *expr, Vector **arg_vectors, const Chunk *input, Vector *out,
                 EvalCtx *ctx)
{
    const SubPlan *sp = expr->u.sub.plan;
    SubLinkKind kind = expr->u.sub.kind;
    SubplanState *s = state_for(sp, ctx);
    if (!s) return -1;
    ExecState *pes = ctx->exec_state;
    Arena *keep = pes->arena;
    bool has_test = kind == SUBLINK_IN || kind == SUBLINK_ANY || kind == SUBLINK_ALL ||
                    kind == SUBLINK_ROWCOMPARE;
    int ntest = has_test ? (expr->u.sub.nrow > 1 ? expr->u.sub.nrow : 1) : 0;
    int first_param = ntest;
    Value *lhs = ntest > 1 ? arena_alloc(ctx->arena, sizeof(Value) * (size_t)ntest) : NULL;
    vector_init_flat(out, expr->type, ctx->arena);
    for (uint32_t i = 0; i < input->count; i++) {
        uint32_t row = chunk_row(input, i);
        if (sp->correlated || !s->cached) {
            bool null_arg = false;
            for (int p = 0; p < sp->nparams; p++) {
                vector_get_value(arg_vectors[first_param + p], row, &s->params[p]);
                null_arg |= s->params[p].is_null;
            }
            if (expr->u.sub.fn_strict && null_arg) { /* STRICT: NULL, the body not run */
                vector_set_null(out, row, ctx->arena);
                continue;
            }
            if (run(s, expr, sp->correlated ? ctx->arena : keep, ctx->err) != 0) return -1;
            s->cached = !sp->correlated;
        }
        int res = 0;
        switch (kind) {
        case SUBLINK_SCALAR:
            if (expr->u.sub.fn_void) { /* the body ran; a void SQL function gives NULL */
                vector_set_null(out, row, ctx->arena);
                continue;
            }
            vector_set_value(out, row, &s->scalar);
            continue;
        case SUBLINK_ARRAY:
            vector_set_value(out, row, &s->scalar);
            continue;
        case SUBLINK_EXISTS:
            res = s->exists ? 1 : 0;
            break;
        case SUBLINK_ROWCOMPARE: {
            if (s->nvals > 1)
                return ERR(ctx->err, SQLSTATE_CARDINALITY_VIOLATION,
                           "more than one row returned by a subquery used as an expression");
            for (int k = 0; k < ntest; k++) vector_get_value(arg_vectors[k], row, &lhs[k]);
            res = s->nvals == 0 ? -1 : compare_rows(expr, lhs, s->vals, ctx);
            if (res == -2) return -1;
            break;
        }
        default: {
            Value one;
            Value *vals = ntest > 1 ? lhs : &one;
            for (int k = 0; k < ntest; k++) vector_get_value(arg_vectors[k], row, &vals[k]);
            if (eval_any_all(expr, s, vals, ctx, &res) != 0) return -1;
            break;
        }
        }
        if (expr->u.sub.negate && res >= 0) res = !res;
        if (res < 0) {
            vector_set_null(out, row, ctx->arena);
        } else {
            ((uint8_t *)out->data)[row] = (uint8_t)res;
        }
    }
    return 0;
}
