/*
 * plan_modify.c — the planner's part of INSERT/UPDATE/DELETE ... RETURNING:
 * a projection of the RETURNING expressions over the rows a modify node
 * emits (the target table's columns in order).
 */
#include <string.h>

#include "plan/plan_int.h"

PlanNode *plan_returning(Planner *p, BoundQuery *q, PlanNode *child, Expr **exprs,
                         const char **names, int n)
{
    Layout *l = layout_new(p, child->ncols);
    for (int i = 0; i < child->ncols; i++) l->cols[i] = (LayoutCol){LAY_VAR, 0, i};
    PlanLevel lvl;
    memset(&lvl, 0, sizeof(lvl));
    lvl.q = q;
    lvl.layout = l;
    Expr **out = ARENA_NEW_ARRAY(p->arena, Expr *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        out[i] = plan_translate(p, &lvl, exprs[i]);
        if (!out[i]) return NULL;
    }
    PlanNode *proj = plan_project(p, child, out, n);
    if (!proj) return NULL;
    proj->names = names;
    return proj;
}

Expr *plan_translate_rtes(Planner *p, BoundQuery *q, const Expr *e)
{
    int n = 0;
    for (int r = 0; r < q->nrtes; r++) n += q->rtes[r]->ncols;
    Layout *l = layout_new(p, n);
    int k = 0;
    for (int r = 0; r < q->nrtes; r++)
        for (int c = 0; c < q->rtes[r]->ncols; c++) l->cols[k++] = (LayoutCol){LAY_VAR, r, c};
    PlanLevel lvl;
    memset(&lvl, 0, sizeof(lvl));
    lvl.q = q;
    lvl.layout = l;
    return plan_translate(p, &lvl, e);
}
