/*
 * plan_recursive.c — plans WITH RECURSIVE: a Recursive Union over the
 * non-recursive term (left) and the recursive term (right), whose reference
 * to the CTE is a WorkTable Scan (see exec/op_recursive_union.c).
 *
 * Both terms are cast to the CTE's column types (the non-recursive term's;
 * the binder has checked that the recursive term resolves to them).
 */
#include "exec/func_registry.h"
#include "plan/plan_int.h"

PlanNode *plan_recursive_union(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer,
                               Layout **out_layout)
{
    PlanNode *l, *r;
    if (plan_set_terms(p, q, parent, outer, &l, &r) != 0) return NULL;
    PlanNode *u = plan_make(p, PLAN_RECURSIVE_UNION, l, r);
    u->u.recursive.wt_id = q->worktable_id;
    u->u.recursive.all = q->setop_all;
    u->u.recursive.cte_name = q->cte_name;
    plan_set_output(p, u, q->ntargets, q->out_types);
    /* PostgreSQL's guess: ten iterations of the non-recursive term's size */
    u->est_rows = l->est_rows * 10;
    *out_layout = plan_output_layout(p, q->ntargets);
    return u;
}

PlanNode *plan_worktable_scan(Planner *p, const Rte *rte)
{
    PlanNode *scan = plan_make(p, PLAN_WORKTABLE_SCAN, NULL, NULL);
    scan->u.worktable.wt_id = rte->worktable_id;
    scan->u.worktable.cte_name = rte->cte_name;
    scan->u.worktable.alias = rte->alias;
    scan->u.worktable.modify_cte = rte->modify_cte;
    plan_set_output(p, scan, rte->ncols, rte->types);
    scan->names = rte->colnames;
    scan->est_rows = 100;
    return scan;
}
