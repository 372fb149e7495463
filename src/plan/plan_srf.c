/*
 * plan_srf.c — set-returning functions of the SELECT list (PostgreSQL 10+'s
 * ProjectSet). The binder leaves each call in place inside its expression
 * (exec/srf.h: an EXPR_FUNC that srf_of_expr recognises). Here the calls of
 * the expressions a projection will compute are gathered and run by
 * PLAN_PROJECT_SET nodes below that projection; the projection then reads each
 * call's result as a column, so `generate_series(1, 3) + 1` adds one to every
 * row of the set, as PostgreSQL evaluates it.
 *
 * Placement follows PostgreSQL: calls in GROUP BY keys run below the
 * aggregate; all others above aggregation, HAVING and window functions and
 * below DISTINCT, ORDER BY and LIMIT. A call whose arguments hold other calls
 * (`generate_series(1, generate_series(1, 3))`) runs in a ProjectSet above
 * theirs: depth 1 is a call with no call in its arguments, and each depth is
 * one node, whose calls run in lockstep. A call with several OUT parameters
 * (json_each) is one column holding a record of them.
 */
#include <string.h>

#include "exec/srf.h"
#include "plan/plan_int.h"

typedef struct SrfList {
    int n, cap;
    const Expr **calls;
    int *depth;
} SrfList;

static bool is_group_key(const PlanLevel *lvl, const Expr *e)
{
    if (!lvl->after_agg) return false;
    for (int g = 0; g < lvl->q->ngroup; g++)
        if (bound_expr_equal(e, lvl->q->group[g])) return true;
    return false;
}

/* Collects the calls under e not yet placed; returns the depth of the
 * deepest call in e (0: none). */
static int collect(Planner *p, const PlanLevel *lvl, const Expr *e, SrfList *l)
{
    /* e->args only: a sublink's query is planned on its own */
    if (!e || is_group_key(lvl, e)) return 0;
    int inner = 0;
    for (int i = 0; i < e->nargs; i++) {
        int d = collect(p, lvl, e->args[i], l);
        if (d > inner) inner = d;
    }
    if (!srf_of_expr(e)) return inner;
    for (int i = 0; i < lvl->nsrfs; i++)
        if (lvl->srfs[i] == e) return 0; /* placed below (a GROUP BY key's call) */
    for (int i = 0; i < l->n; i++)
        if (l->calls[i] == e) return l->depth[i];
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 8;
        l->calls = arena_realloc(p->arena, l->calls, sizeof(Expr *) * (size_t)l->cap,
                                 sizeof(Expr *) * (size_t)nc);
        l->depth = arena_realloc(p->arena, l->depth, sizeof(int) * (size_t)l->cap,
                                 sizeof(int) * (size_t)nc);
        l->cap = nc;
    }
    l->calls[l->n] = e;
    l->depth[l->n++] = inner + 1;
    return inner + 1;
}

/* The OUT parameters' types of a call whose value is a record of them: the
 * function's resolve hook over its (already coerced) arguments' types. */
static int record_call_types(Planner *p, SrfCallPlan *c)
{
    OmType argt[8];
    if (c->nargs > 8)
        return ERR(p->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "set-returning functions with more than 8 arguments are not supported");
    for (int a = 0; a < c->nargs; a++) argt[a] = c->args[a]->type;
    c->col_types = ARENA_NEW_ARRAY(p->arena, OmType, SRF_MAX_COLS);
    return c->def->resolve(argt, c->nargs, c->col_types, p->err);
}

int plan_srf_column(const PlanLevel *lvl, const Expr *e)
{
    for (int i = 0; i < lvl->nsrfs; i++) {
        if (lvl->srfs[i] != e) continue;
        for (int c = 0; lvl->layout && c < lvl->layout->n; c++)
            if (lvl->layout->cols[c].kind == LAY_SRF && lvl->layout->cols[c].a == i) return c;
    }
    return -1;
}

PlanNode *plan_project_sets(Planner *p, PlanLevel *lvl, PlanNode *plan, Expr *const *exprs, int n)
{
    SrfList l = {0};
    int max_depth = 0;
    for (int i = 0; i < n; i++) {
        int d = collect(p, lvl, exprs[i], &l);
        if (d > max_depth) max_depth = d;
    }
    if (l.n == 0) return plan;
    const Expr **all = ARENA_NEW_ARRAY(p->arena, const Expr *, lvl->nsrfs + l.n);
    if (lvl->nsrfs > 0) memcpy(all, lvl->srfs, sizeof(Expr *) * (size_t)lvl->nsrfs);
    lvl->srfs = all;
    for (int depth = 1; depth <= max_depth; depth++) {
        int ncalls = 0;
        for (int i = 0; i < l.n; i++) ncalls += l.depth[i] == depth;
        PlanNode *ps = plan_make(p, PLAN_PROJECT_SET, plan, NULL);
        ps->u.project_set.ncalls = ncalls;
        ps->u.project_set.calls = ARENA_NEW_ARRAY(p->arena, SrfCallPlan, ncalls);
        int nout = plan->ncols + ncalls;
        OmType *types = ARENA_NEW_ARRAY(p->arena, OmType, nout);
        memcpy(types, plan->types, sizeof(OmType) * (size_t)plan->ncols);
        Layout *out = layout_new(p, nout);
        memcpy(out->cols, lvl->layout->cols, sizeof(LayoutCol) * (size_t)plan->ncols);
        int k = 0;
        for (int i = 0; i < l.n; i++) {
            if (l.depth[i] != depth) continue;
            const Expr *e = l.calls[i];
            SrfCallPlan *c = &ps->u.project_set.calls[k];
            c->def = srf_of_expr(e);
            c->type = e->type;
            c->nargs = e->nargs;
            c->args = ARENA_NEW_ARRAY(p->arena, Expr *, e->nargs > 0 ? e->nargs : 1);
            for (int a = 0; a < e->nargs; a++)
                if (!(c->args[a] = plan_translate(p, lvl, e->args[a]))) return NULL;
            c->ncols = srf_ncols(c->def);
            if (c->ncols > 1 && record_call_types(p, c) != 0) return NULL;
            types[plan->ncols + k] = e->type;
            all[lvl->nsrfs] = e;
            out->cols[plan->ncols + k] = (LayoutCol){LAY_SRF, lvl->nsrfs, 0};
            lvl->nsrfs++;
            k++;
        }
        plan_set_output(p, ps, nout, types);
        ps->est_rows = plan->est_rows * 10;
        plan = ps;
        lvl->layout = out;
    }
    return plan;
}
