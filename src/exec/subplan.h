/*
 * subplan.h — subqueries evaluated from inside an expression (EXPR_SUBPLAN):
 * uncorrelated ones run once and are cached (IN: a hash set probed per row);
 * correlated ones that the planner could not unnest into joins run once per
 * outer row with the outer values as parameters (visible in EXPLAIN as
 * "SubPlan").
 *
 * EXPR_SUBPLAN arguments: for IN/ANY/ALL, args[0] is the left operand and
 * args[1..] the outer values; otherwise args[0..] are the outer values. Outer
 * value i is parameter i of the subplan (EXPR_PARAM index i).
 */
#ifndef OMENDB_EXEC_SUBPLAN_H
#define OMENDB_EXEC_SUBPLAN_H

#include "exec/plan.h"

struct SubPlan {
    PlanNode *plan;
    int nparams;     /* outer values */
    bool correlated; /* nparams > 0 */
    int id;          /* for EXPLAIN: SubPlan N */
};

/* Evaluates the EXPR_SUBPLAN node `expr` for the chunk's rows into `out`
 * (type expr->type; BOOL for EXISTS/IN/ANY/ALL). arg_vectors are the
 * evaluated args of `expr` (see above). */
int subplan_eval(const Expr *expr, Vector **arg_vectors, const Chunk *input, Vector *out,
                 EvalCtx *ctx);

/* Closes the operator trees of the subplans that ran in es (and of theirs),
 * releasing what they hold outside the statement's arena (index iterators,
 * key buffers); es has no subplan states afterwards. Called when the plan
 * that evaluated them is closed. */
struct ExecState;
void subplan_close_all(struct ExecState *es);

#endif
