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
    int nvals, capvals;
    Value *vals;
    bool set_has_null;
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

static void copy_value(Arena *arena, Value *dst, const Value *src)
{
    *dst = *src;
    if (!src->is_null && (type_is_varlena(src->type.id))) {
        StrView sv = src->u.str;
        if (sv.len > STRVIEW_INLINE_MAX) {
            char *copy = arena_alloc(arena, sv.len);
            memcpy(copy, strview_data(&sv), sv.len);
            dst->u.str = strview_make(copy, sv.len);
        }
    }
}

/* Appends one element to the ARRAY(SELECT ...) text being built in s->arr,
 * in PostgreSQL's array output form: elements that are empty, NULL-like or
 * hold braces, commas, quotes, backslashes or white space are double-quoted
 * with \" and \\ escaped; a NULL element is NULL. */

/* Runs the subplan to completion (or first row for EXISTS) and records the
 * result in the state. */
static int run(SubplanState *s, SubLinkKind kind, Arena *arena, OmError *err)
{
    if (restart(s) != 0) return -1;
    s->exists = false;
    s->scalar.is_null = true;
    s->scalar.type = s->sp->plan->types[0];
    if (kind == SUBLINK_ARRAY) {
        s->scalar.type = OM_TYPE(type_array_of(s->sp->plan->types[0].id));
        strbuf_reset(&s->arr);
    }
    s->nvals = 0;
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
            Value v;
            vector_get_value(&c->cols[0], row, &v);
            if (kind == SUBLINK_SCALAR) {
                if (have_row)
                    return ERR(err, SQLSTATE_CARDINALITY_VIOLATION,
                               "more than one row returned by a subquery used as an expression");
                have_row = true;
                copy_value(arena, &s->scalar, &v);
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
            copy_value(arena, &s->vals[s->nvals++], &v);
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

static void build_hash(SubplanState *s, Arena *arena)
{
    uint32_t n = 16;
    while (n < (uint32_t)s->nvals * 2) n *= 2;
    s->slots = arena_zalloc(arena, sizeof(uint32_t) * n);
    s->nslots = n;
    for (int i = 0; i < s->nvals; i++) {
        uint64_t h = value_hash(s->vals[i].type.id, &s->vals[i].u);
        uint32_t pos = (uint32_t)h & (n - 1);
        while (s->slots[pos]) pos = (pos + 1) & (n - 1);
        s->slots[pos] = (uint32_t)i + 1;
    }
}

static bool hash_contains(const SubplanState *s, const Value *v)
{
    uint64_t h = value_hash(v->type.id, &v->u);
    uint32_t pos = (uint32_t)h & (s->nslots - 1);
    while (s->slots[pos]) {
        const Value *c = &s->vals[s->slots[pos] - 1];
        if (value_eq(v->type.id, &v->u, &c->u)) return true;
        pos = (pos + 1) & (s->nslots - 1);
    }
    return false;
}

/* Applies the comparison overload to (lhs, rhs): 1 true, 0 false, -1 NULL, -2 error. */
static int compare_values(const Expr *expr, const Value *lhs, const Value *rhs, EvalCtx *ctx)
{
    if (lhs->is_null || rhs->is_null) return -1;
    const FuncDef *cmp = expr->u.sub.cmp;
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

/* result: 1 true, 0 false, -1 NULL */
static int eval_any_all(const Expr *expr, SubplanState *s, const Value *lhs, EvalCtx *ctx, int *res)
{
    bool is_all = expr->u.sub.kind == SUBLINK_ALL;
    if (s->nvals == 0 && !s->set_has_null) {
        *res = is_all ? 1 : 0;
        return 0;
    }
    if (lhs->is_null) {
        *res = -1;
        return 0;
    }
    bool saw_null = s->set_has_null;
    if (!is_all && !s->sp->correlated && s->nvals > 0 && strcmp(expr->u.sub.cmp->name, "=") == 0 &&
        lhs->type.id == s->vals[0].type.id) {
        if (!s->slots)
            build_hash(s, ctx->exec_state ? ((ExecState *)ctx->exec_state)->arena : ctx->arena);
        if (s->nvals > 0 && hash_contains(s, lhs)) {
            *res = 1;
            return 0;
        }
        *res = saw_null ? -1 : 0;
        return 0;
    }
    for (int i = 0; i < s->nvals; i++) {
        int r = compare_values(expr, lhs, &s->vals[i], ctx);
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
    bool has_test = kind == SUBLINK_IN || kind == SUBLINK_ANY || kind == SUBLINK_ALL;
    int first_param = has_test ? 1 : 0;
    vector_init_flat(out, expr->type, ctx->arena);
    for (uint32_t i = 0; i < input->count; i++) {
        uint32_t row = chunk_row(input, i);
        if (sp->correlated || !s->cached) {
            for (int p = 0; p < sp->nparams; p++)
                vector_get_value(arg_vectors[first_param + p], row, &s->params[p]);
            if (run(s, kind, sp->correlated ? ctx->arena : keep, ctx->err) != 0) return -1;
            s->cached = !sp->correlated;
        }
        int res = 0;
        switch (kind) {
        case SUBLINK_SCALAR:
            vector_set_value(out, row, &s->scalar);
            continue;
        case SUBLINK_ARRAY:
            vector_set_value(out, row, &s->scalar);
            continue;
        case SUBLINK_EXISTS:
            res = s->exists ? 1 : 0;
            break;
        default: {
            Value lhs;
            vector_get_value(arg_vectors[0], row, &lhs);
            if (eval_any_all(expr, s, &lhs, ctx, &res) != 0) return -1;
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
