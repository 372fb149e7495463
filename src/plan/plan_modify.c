/*
 * plan_modify.c — the planner's part of INSERT/UPDATE/DELETE ... RETURNING:
 * a projection of the RETURNING expressions over the rows a modify node
 * emits (the target table's columns in order, then, for UPDATE ... FROM and
 * DELETE ... USING, the columns of the other FROM items the list reads, which
 * the modify node passes through from its input row).
 */
#include <string.h>

#include "plan/plan_int.h"

int plan_returning_extras(Planner *p, BoundQuery *q, Expr **exprs, int n, int **rte_out,
                          int **att_out)
{
    uint64_t mask = 0;
    for (int i = 0; i < n; i++) mask |= plan_expr_rtes(exprs[i]);
    int nextra = 0;
    for (int r = 1; r < q->nrtes; r++)
        if (mask & plan_rte_bit(r)) nextra += q->rtes[r]->ncols;
    *rte_out = *att_out = NULL;
    if (nextra == 0) return 0;
    int *rte = ARENA_NEW_ARRAY(p->arena, int, nextra);
    int *att = ARENA_NEW_ARRAY(p->arena, int, nextra);
    int nt = q->ntargets + nextra;
    Expr **targets = ARENA_NEW_ARRAY(p->arena, Expr *, nt);
    const char **names = ARENA_NEW_ARRAY(p->arena, const char *, nt);
    OmType *types = ARENA_NEW_ARRAY(p->arena, OmType, nt);
    memcpy(targets, q->targets, sizeof(Expr *) * (size_t)q->ntargets);
    memcpy(names, q->target_names, sizeof(char *) * (size_t)q->ntargets);
    memcpy(types, q->out_types, sizeof(OmType) * (size_t)q->ntargets);
    int k = 0;
    for (int r = 1; r < q->nrtes; r++) {
        if (!(mask & plan_rte_bit(r))) continue;
        const Rte *x = q->rtes[r];
        for (int c = 0; c < x->ncols; c++, k++) {
            Expr *v = ARENA_NEW(p->arena, Expr);
            v->kind = EXPR_VAR;
            v->type = x->types[c];
            v->u.var.rte = r;
            v->u.var.attno = c;
            v->location = -1;
            rte[k] = r;
            att[k] = c;
            targets[q->ntargets + k] = v;
            names[q->ntargets + k] = x->colnames[c];
            types[q->ntargets + k] = x->types[c];
        }
    }
    q->targets = targets;
    q->target_names = names;
    q->out_types = types;
    q->ntargets = nt;
    *rte_out = rte;
    *att_out = att;
    return nextra;
}

PlanNode *plan_returning(Planner *p, BoundQuery *q, PlanNode *child, Expr **exprs,
                         const char **names, int n, const int *extra_rte, const int *extra_att,
                         int nextra)
{
    Layout *l = layout_new(p, child->ncols);
    int ntable = child->ncols - nextra;
    for (int i = 0; i < ntable; i++) l->cols[i] = (LayoutCol){LAY_VAR, 0, i};
    for (int j = 0; j < nextra; j++)
        l->cols[ntable + j] = (LayoutCol){LAY_VAR, extra_rte[j], extra_att[j]};
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
