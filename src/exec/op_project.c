/*
 * op_project.c — computes the output columns as expressions over the child's
 * columns. Results keep the child's selection vector: kernels write at the
 * selected physical positions, so nothing is compacted here.
 */
#include "exec/operator.h"

typedef struct ProjectState {
    Chunk out;
} ProjectState;

static int project_open(Operator *op)
{
    return exec_open(op->left);
}

static int project_next(Operator *op, Chunk **out)
{
    ProjectState *st = op->state;
    const PlanNode *plan = op->plan;
    Chunk *in;
    if (exec_next(op->left, &in) != 0) return -1;
    if (in == NULL) {
        *out = NULL;
        return 0;
    }
    st->out.ncols = plan->ncols;
    st->out.cols = ARENA_NEW_ARRAY(op->chunk_arena, Vector, plan->ncols > 0 ? plan->ncols : 1);
    st->out.count = in->count;
    st->out.sel = in->sel;
    for (int c = 0; c < plan->ncols; c++)
        if (expr_eval(plan->u.project.exprs[c], in, &st->out.cols[c], &op->eval) != 0) return -1;
    *out = &st->out;
    return 0;
}

static int project_rescan(Operator *op)
{
    return exec_rescan(op->left);
}

static void project_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable project_vt = {project_open, project_next, project_rescan,
                                          project_close};

Operator *op_project_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &project_vt);
    op->state = ARENA_NEW(op->arena, ProjectState);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
