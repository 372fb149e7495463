/*
 * op_function_scan.c — a set-returning function in FROM (PostgreSQL's
 * Function Scan). The function is an entry of the SRF table (exec/srf.h):
 * plan->u.func_scan.srf, or for plans built without it (unit tests, the
 * FROM-clause unnest binder) the one func_scan.func names. Its result type is
 * plan->types[0]; a call with several columns (json_each) has consecutive
 * columns, the first call's first. ROWS FROM (f(), g()) and unnest(a, b) run several calls
 * in lockstep (func_scan.nfuncs), WITH ORDINALITY adds a row counter. Arguments are evaluated once,
 * at open and at each rescan (a LATERAL function's parameters change between rescans); a NULL
 * argument of a strict function gives no rows. Rows stream out VECTOR_SIZE per chunk, with an
 * interrupt check per chunk.
 */
#include <string.h>

#include "exec/operator.h"
#include "exec/srf.h"

typedef struct FuncScanState {
    int nfuncs;          /* calls run in lockstep (1 for a plain function) */
    const SrfDef **defs; /* per call */
    const int *argc;     /* per call: its arguments, in order in plan args */
    int *col0;           /* per call: its first column */
    int nfcols;          /* the calls' columns (ordinality comes after) */
    bool ordinality;     /* WITH ORDINALITY: a last int8 column */
    int64_t ord;         /* rows produced so far */
    Arena *iter_arena;   /* the iterators' state; recreated at each (re)scan */
    SrfIter *its;        /* per call */
} FuncScanState;

static int setup(Operator *op)
{
    FuncScanState *st = op->state;
    const PlanNode *plan = op->plan;
    if (st->iter_arena) arena_destroy(st->iter_arena);
    st->iter_arena = arena_create(op->arena, "function scan");
    st->ord = 0;
    int base = 0;
    for (int f = 0; f < st->nfuncs; f++) {
        const SrfDef *def = st->defs[f];
        int nargs = st->argc[f];
        if (nargs < def->min_args || nargs > def->max_args)
            return ERR(op->es->err, SQLSTATE_UNDEFINED_FUNCTION,
                       "function %s with %d arguments does not exist", def->name, nargs);
        Value *args = ARENA_NEW_ARRAY(st->iter_arena, Value, nargs > 0 ? nargs : 1);
        for (int i = 0; i < nargs; i++) {
            if (expr_eval_scalar(plan->u.func_scan.args[base + i], &args[i], &op->eval) != 0)
                return -1;
            /* The value's bytes are in the chunk arena, which exec_next resets;
             * the iterator may keep pointing into them (srf.h). */
            if (!args[i].is_null && type_is_varlena(args[i].type.id)) {
                StrView sv = args[i].u.str;
                char *copy = arena_alloc(st->iter_arena, sv.len + 1);
                memcpy(copy, strview_data(&sv), sv.len);
                args[i].u.str = strview_make(copy, sv.len);
            }
        }
        base += nargs;
        if (srf_iter_open(&st->its[f], def, plan->types[st->col0[f]], args, nargs, st->iter_arena,
                          op->es) != 0)
            return -1;
    }
    return 0;
}

static int function_scan_open(Operator *op)
{
    return setup(op);
}

/* Up to VECTOR_SIZE rows: each call writes its column; a call that ended
 * early leaves NULLs; the chunk is as long as the longest. */
static int function_scan_next(Operator *op, Chunk **out)
{
    FuncScanState *st = op->state;
    *out = NULL;
    bool any = false;
    for (int f = 0; f < st->nfuncs; f++) any |= !st->its[f].done;
    if (!any) return 0;
    if (exec_check_interrupts(op->es) != 0) return -1;
    int ncols = st->nfcols + (st->ordinality ? 1 : 0);
    Chunk *c = chunk_create(op->chunk_arena, ncols, op->plan->types);
    uint32_t rows = 0, got[64];
    for (int f = 0; f < st->nfuncs; f++) {
        got[f] = 0;
        if (srf_iter_next(&st->its[f], &c->cols[st->col0[f]], 0, VECTOR_SIZE, &got[f]) != 0)
            return -1;
        if (got[f] > rows) rows = got[f];
    }
    if (rows == 0) return 0;
    for (int f = 0; f < st->nfuncs; f++)
        for (int k = 0; k < srf_ncols(st->defs[f]); k++)
            for (uint32_t r = got[f]; r < rows; r++)
                vector_set_null(&c->cols[st->col0[f] + k], r, op->chunk_arena);
    if (st->ordinality) {
        int64_t *o = c->cols[st->nfcols].data;
        for (uint32_t r = 0; r < rows; r++) o[r] = ++st->ord;
    }
    c->count = rows;
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
    if (plan->u.func_scan.nfuncs > 0) {
        st->nfuncs = plan->u.func_scan.nfuncs;
        st->defs = (const SrfDef **)plan->u.func_scan.srfs;
        st->argc = plan->u.func_scan.argc;
        st->ordinality = plan->u.func_scan.ordinality;
    } else {
        const SrfDef **one = ARENA_NEW(op->arena, const SrfDef *);
        int *argc = ARENA_NEW(op->arena, int);
        *one = plan->u.func_scan.srf;
        if (!*one)
            *one = srf_lookup(plan->u.func_scan.func == FUNCSCAN_UNNEST ? "unnest"
                                                                        : "generate_series");
        *argc = plan->u.func_scan.nargs;
        st->nfuncs = 1;
        st->defs = one;
        st->argc = argc;
    }
    st->its = ARENA_NEW_ARRAY(op->arena, SrfIter, st->nfuncs);
    st->col0 = ARENA_NEW_ARRAY(op->arena, int, st->nfuncs);
    for (int f = 0; f < st->nfuncs; f++) {
        st->col0[f] = st->nfcols;
        st->nfcols += srf_ncols(st->defs[f]);
    }
    op->state = st;
    return op;
}
