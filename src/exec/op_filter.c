/*
 * op_filter.c — WHERE / HAVING: evaluates the predicate over each child chunk
 * and returns the same vectors with a narrower selection vector (no data is
 * moved). Chunks where nothing passes are skipped, so the operator never
 * returns an empty chunk.
 */
#include "exec/operator.h"

typedef struct FilterState {
    Chunk out;
} FilterState;

static int filter_open(Operator *op)
{
    return exec_open(op->left);
}

static int filter_next(Operator *op, Chunk **out)
{
    FilterState *st = op->state;
    const Expr *pred = op->plan->u.filter.pred;
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (in == NULL) {
            *out = NULL;
            return 0;
        }
        if (pred == NULL) {
            *out = in;
            return 0;
        }
        uint16_t *sel = sel_alloc(op->chunk_arena);
        uint32_t n = 0;
        if (expr_eval_filter(pred, in, sel, &n, &op->eval) != 0) return -1;
        if (n == 0) {
            if (exec_check_interrupts(op->es) != 0) return -1;
            arena_reset(op->chunk_arena);
            continue;
        }
        st->out = *in;
        st->out.count = n;
        st->out.sel = sel;
        *out = &st->out;
        return 0;
    }
}

static int filter_rescan(Operator *op)
{
    return exec_rescan(op->left);
}

static void filter_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable filter_vt = {filter_open, filter_next, filter_rescan, filter_close};

Operator *op_filter_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &filter_vt);
    op->state = ARENA_NEW(op->arena, FilterState);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
