/*
 * op_function_scan.c — a set-returning function in FROM (PostgreSQL's
 * Function Scan). The function is an entry of the SRF table (exec/srf.h):
 * plan->u.func_scan.srf, or for plans built without it (unit tests, the
 * FROM-clause unnest binder) the one func_scan.func names. Its result type is
 * plan->types[0]. Arguments are evaluated once, at open and at each rescan
 * (a LATERAL function's parameters change between rescans); a NULL argument
 * of a strict function gives no rows. Rows stream out VECTOR_SIZE per chunk,
 * with an interrupt check per chunk.
 */
#include <string.h>

#include "exec/operator.h"
#include "exec/srf.h"

typedef struct FuncScanState {
    const SrfDef *def;
    Arena *iter_arena; /* the iterator's state; recreated at each (re)scan */
    SrfIter it;
} FuncScanState;

static int setup(Operator *op)
{
    FuncScanState *st = op->state;
    const PlanNode *plan = op->plan;
    int nargs = plan->u.func_scan.nargs;
    if (nargs < st->def->min_args || nargs > st->def->max_args)
        return ERR(op->es->err, SQLSTATE_UNDEFINED_FUNCTION,
                   "function %s with %d arguments does not exist", st->def->name, nargs);
    if (st->iter_arena) arena_destroy(st->iter_arena);
    st->iter_arena = arena_create(op->arena, "function scan");
    Value *args = ARENA_NEW_ARRAY(st->iter_arena, Value, nargs > 0 ? nargs : 1);
    for (int i = 0; i < nargs; i++) {
        if (expr_eval_scalar(plan->u.func_scan.args[i], &args[i], &op->eval) != 0) return -1;
        /* The value's bytes are in the chunk arena, which exec_next resets;
         * the iterator may keep pointing into them (srf.h). */
        if (!args[i].is_null && type_is_varlena(args[i].type.id)) {
            StrView sv = args[i].u.str;
            char *copy = arena_alloc(st->iter_arena, sv.len + 1);
            memcpy(copy, strview_data(&sv), sv.len);
            args[i].u.str = strview_make(copy, sv.len);
        }
    }
    return srf_iter_open(&st->it, st->def, plan->types[0], args, nargs, st->iter_arena, op->es->err,
                         op->es->settings);
}

static int function_scan_open(Operator *op)
{
    return setup(op);
}

static int function_scan_next(Operator *op, Chunk **out)
{
    FuncScanState *st = op->state;
    *out = NULL;
    if (st->it.done) return 0;
    if (exec_check_interrupts(op->es) != 0) return -1;
    Chunk *c = chunk_create(op->chunk_arena, 1, op->plan->types);
    uint32_t n = 0;
    if (srf_iter_next(&st->it, &c->cols[0], 0, VECTOR_SIZE, &n) != 0) return -1;
    if (n == 0) return 0;
    c->count = n;
    *out = c;
    return 0;
}

static int function_scan_rescan(Operator *op)
{
    return setup(op);
}

static const OperatorVTable function_scan_vt = {function_scan_open, function_scan_next,
                                                function_scan_rescan, NULL};

Operator *op_function_scan_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &function_scan_vt);
    FuncScanState *st = ARENA_NEW(op->arena, FuncScanState);
    st->def = plan->u.func_scan.srf;
    if (!st->def)
        st->def =
            srf_lookup(plan->u.func_scan.func == FUNCSCAN_UNNEST ? "unnest" : "generate_series");
    op->state = st;
    return op;
}
