/*
 * func_plcall.c — the executor's side of PL/pgSQL calls (func_plcall.h):
 * the kernel behind calls in expressions, one call per row through the SQL
 * layer's hook, and the SRF behind set-returning calls, which materializes
 * the function's rows at open. The FuncDefs are volatile, so a call is never
 * folded at plan time (where no transaction runs).
 */
#include <string.h>

#include "exec/func_plcall.h"
#include "exec/srf.h"

#define PLCALL_MAX_ARGS 64

static PlCallHook pl_hook;
static PlSetHook pl_set_hook;

void func_plcall_set_hook(PlCallHook hook)
{
    pl_hook = hook;
}

void func_plcall_set_set_hook(PlSetHook hook)
{
    pl_set_hook = hook;
}

static int k_plcall(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                    Vector *out, EvalCtx *ctx)
{
    ExecState *es = ctx->exec_state;
    if (!es || !pl_hook || !es->session)
        return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "a PL/pgSQL function cannot be called here");
    int nargs = call->nargs - 1;
    if (nargs > PLCALL_MAX_ARGS)
        return ERR(ctx->err, SQLSTATE_TOO_MANY_ARGUMENTS, "too many arguments");
    Value oidv;
    vector_get_value(args[0], 0, &oidv);
    Value argv[PLCALL_MAX_ARGS + 1];
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        for (int a = 0; a < nargs; a++) {
            const Vector *v = args[a + 1];
            vector_get_value(v, v->kind == VEC_CONSTANT ? 0 : row, &argv[a]);
        }
        Value res;
        if (pl_hook(es, (Oid)oidv.u.i64, argv, nargs, &res, ctx->arena, ctx->err) != 0) return -1;
        if (res.is_null)
            vector_set_null(out, row, ctx->arena);
        else
            vector_set_value(out, row, &res);
    }
    return 0;
}

const FuncDef func_plcall_def = {
    .name = "plpgsql_call",
    .nargs = 1,
    .args = {TYPE_INT8},
    .ret = TYPE_INVALID,
    .flags = FUNC_VOLATILE | FUNC_VARIADIC,
    .kernel = k_plcall,
    .oid = 0,
};

/* ---- set-returning calls ---- */

typedef struct PlSetState {
    PlSetRows rows;
    uint64_t pos;
} PlSetState;

static int plset_open(SrfIter *it, const Value *args, int nargs)
{
    PlSetState *st = it->state;
    ExecState *es = it->es;
    if (!es || !pl_set_hook || !es->session)
        return ERR(it->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "a PL/pgSQL function cannot be called here");
    return pl_set_hook(es, (Oid)args[0].u.i64, args + 1, nargs - 1, srf_ncols(it->def), &st->rows,
                       it->arena, it->err);
}

static int plset_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    PlSetState *st = it->state;
    uint32_t k = 0;
    int ncols = srf_ncols(it->def);
    for (; k < max && st->pos < st->rows.nrows; k++, st->pos++) {
        const Value *row = &st->rows.vals[st->pos * (uint64_t)st->rows.ncols];
        for (int c = 0; c < ncols; c++) vector_set_value(&out[c], at + k, &row[c]);
    }
    *n = k;
    if (st->pos >= st->rows.nrows) it->done = true;
    return 0;
}

const SrfDef srf_plpgsql = {
    .name = "plpgsql_call",
    .min_args = 1,
    .max_args = 1 + PLCALL_MAX_ARGS,
    .state_size = sizeof(PlSetState),
    .open = plset_open,
    .next = plset_next,
    .call = {.name = "plpgsql_call", .flags = FUNC_VOLATILE, .kernel = srf_scalar_kernel},
};
