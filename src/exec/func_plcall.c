/*
 * func_plcall.c — the kernel behind calls of PL/pgSQL functions in
 * expressions (func_plcall.h): one call per row, through the SQL layer's
 * hook. The FuncDef is volatile, so a call is never folded at plan time
 * (where no transaction runs) and runs once per row.
 */
#include <string.h>

#include "exec/func_plcall.h"

#define PLCALL_MAX_ARGS 64

static PlCallHook pl_hook;

void func_plcall_set_hook(PlCallHook hook)
{
    pl_hook = hook;
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
