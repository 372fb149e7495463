/*
 * plan_window.c — plans the window functions of one query level.
 *
 * Per distinct window (BoundQuery.windows) that some call uses, in order:
 *
 *   Project   the input's columns, then every expression the window needs
 *             (PARTITION BY and ORDER BY keys, RANGE bounds, function
 *             arguments and FILTERs) that is not already a plain column
 *   Sort      by the partition keys (ASC NULLS LAST) then the ORDER BY keys;
 *             left out when the window has neither
 *   Window    its calls; output = input columns + one column per call
 *
 * Evaluating the keys once, below the sort, means that a volatile key
 * (ORDER BY random()) is the same value for sorting and for peer detection.
 * The layout after each Window node is the input layout, the extra columns
 * as LAY_OTHER and the results as LAY_WIN, so later windows, the target list
 * and ORDER BY can refer to earlier results and still see the GROUP BY keys
 * and aggregates of a grouped query.
 */
#include <string.h>

#include "plan/plan_int.h"

/* Entries per call: args[0..2], agg.arg, agg.arg2, agg.filter. Per window:
 * range_key, range_start, range_end, then part[] and order[]. */
#define CALL_EXPRS 6

int plan_window_nexprs(const BoundQuery *q)
{
    int n = q->nwins * CALL_EXPRS;
    for (int w = 0; w < q->nwindows; w++) n += 3 + q->windows[w].npart + q->windows[w].norder;
    return n;
}

Expr *plan_window_expr(const BoundQuery *q, int i)
{
    if (i < q->nwins * CALL_EXPRS) {
        const WinCall *c = &q->wins[i / CALL_EXPRS];
        int k = i % CALL_EXPRS;
        return k < 3 ? c->args[k] : k == 3 ? c->agg.arg : k == 4 ? c->agg.arg2 : c->agg.filter;
    }
    i -= q->nwins * CALL_EXPRS;
    for (int w = 0; w < q->nwindows; w++) {
        const WindowSpec *s = &q->windows[w];
        int n = 3 + s->npart + s->norder;
        if (i >= n) {
            i -= n;
            continue;
        }
        if (i == 0) return s->range_key;
        if (i == 1) return s->range_start;
        if (i == 2) return s->range_end;
        i -= 3;
        return i < s->npart ? s->part[i] : s->order[i - s->npart].expr;
    }
    return NULL;
}

typedef struct PreProject {
    Planner *p;
    PlanLevel *lvl;
    int nin;    /* input columns */
    int n, cap; /* columns after the projection */
    Expr **exprs;
} PreProject;

/* The column of the pre-projection that holds bound expression e (added if
 * needed); NULL for NULL, else an EXPR_COLUMN over the projection's output.
 * *failed is set on a translation error. */
static Expr *pre_column(PreProject *pp, const Expr *e, bool *failed)
{
    if (!e || *failed) return NULL;
    Expr *t = plan_translate(pp->p, pp->lvl, e);
    if (!t) {
        *failed = true;
        return NULL;
    }
    int idx = -1;
    if (t->kind == EXPR_COLUMN && t->u.column.index < pp->nin) idx = t->u.column.index;
    if (idx < 0) {
        if (pp->n == pp->cap) {
            int nc = pp->cap * 2;
            pp->exprs = arena_realloc(pp->p->arena, pp->exprs, sizeof(Expr *) * (size_t)pp->cap,
                                      sizeof(Expr *) * (size_t)nc);
            pp->cap = nc;
        }
        idx = pp->n;
        pp->exprs[pp->n++] = t;
    }
    Expr *c = expr_make_column(pp->p->arena, idx, t->type);
    c->location = t->location;
    return c;
}

static PlanNode *plan_one_window(Planner *p, PlanLevel *lvl, PlanNode *plan, int w)
{
    BoundQuery *q = lvl->q;
    const WindowSpec *ws = &q->windows[w];
    int ncalls = 0;
    for (int i = 0; i < q->nwins; i++)
        if (q->wins[i].win == w) ncalls++;
    if (ncalls == 0) return plan;

    PreProject pp = {p, lvl, plan->ncols, plan->ncols, plan->ncols + 16, NULL};
    pp.exprs = ARENA_NEW_ARRAY(p->arena, Expr *, pp.cap);
    for (int c = 0; c < plan->ncols; c++)
        pp.exprs[c] = expr_make_column(p->arena, c, plan->types[c]);
    bool failed = false;

    WindowSpec spec = *ws;
    spec.part = ARENA_NEW_ARRAY(p->arena, Expr *, ws->npart > 0 ? ws->npart : 1);
    spec.order = ARENA_NEW_ARRAY(p->arena, SortKey, ws->norder > 0 ? ws->norder : 1);
    for (int k = 0; k < ws->npart; k++) spec.part[k] = pre_column(&pp, ws->part[k], &failed);
    for (int k = 0; k < ws->norder; k++) {
        spec.order[k] = ws->order[k];
        spec.order[k].expr = pre_column(&pp, ws->order[k].expr, &failed);
    }
    spec.range_key = pre_column(&pp, ws->range_key, &failed);
    spec.range_start = pre_column(&pp, ws->range_start, &failed);
    spec.range_end = pre_column(&pp, ws->range_end, &failed);
    /* frame offsets are constants: translated, evaluated by the operator */
    Expr *const *offs[4] = {&ws->start_offset, &ws->end_offset, &ws->start_neg, &ws->end_neg};
    Expr **outs[4] = {&spec.start_offset, &spec.end_offset, &spec.start_neg, &spec.end_neg};
    for (int k = 0; k < 4 && !failed; k++)
        if (*offs[k] && !(*outs[k] = plan_translate(p, lvl, *offs[k]))) failed = true;

    WinCall *calls = ARENA_NEW_ARRAY(p->arena, WinCall, ncalls);
    int *call_idx = ARENA_NEW_ARRAY(p->arena, int, ncalls);
    int nc = 0;
    for (int i = 0; i < q->nwins; i++) {
        if (q->wins[i].win != w) continue;
        WinCall c = q->wins[i];
        for (int a = 0; a < 3; a++) c.args[a] = pre_column(&pp, c.args[a], &failed);
        c.agg.arg = pre_column(&pp, c.agg.arg, &failed);
        c.agg.arg2 = pre_column(&pp, c.agg.arg2, &failed);
        c.agg.filter = pre_column(&pp, c.agg.filter, &failed);
        call_idx[nc] = i;
        calls[nc++] = c;
    }
    if (failed) return NULL;

    Layout *layout = layout_new(p, pp.n);
    memcpy(layout->cols, lvl->layout->cols, sizeof(LayoutCol) * (size_t)plan->ncols);
    for (int c = plan->ncols; c < pp.n; c++) layout->cols[c] = (LayoutCol){LAY_OTHER, c, 0};
    if (pp.n > plan->ncols) {
        PlanNode *proj = plan_project(p, plan, pp.exprs, pp.n);
        proj->est_rows = plan->est_rows;
        plan = proj;
    }
    if (spec.npart + spec.norder > 0) {
        PlanNode *s = plan_make(p, PLAN_SORT, plan, NULL);
        int nk = spec.npart + spec.norder;
        s->u.sort.nkeys = nk;
        s->u.sort.keys = ARENA_NEW_ARRAY(p->arena, SortKey, nk);
        s->u.sort.limit = -1;
        for (int k = 0; k < spec.npart; k++)
            s->u.sort.keys[k] = (SortKey){spec.part[k], false, false};
        for (int k = 0; k < spec.norder; k++) s->u.sort.keys[spec.npart + k] = spec.order[k];
        plan_set_output(p, s, plan->ncols, plan->types);
        plan = s;
    }
    PlanNode *wn = plan_make(p, PLAN_WINDOW, plan, NULL);
    wn->u.window.spec = spec;
    wn->u.window.nfuncs = ncalls;
    wn->u.window.funcs = calls;
    int nout = plan->ncols + ncalls;
    OmType *types = ARENA_NEW_ARRAY(p->arena, OmType, nout);
    memcpy(types, plan->types, sizeof(OmType) * (size_t)plan->ncols);
    Layout *out = layout_new(p, nout);
    memcpy(out->cols, layout->cols, sizeof(LayoutCol) * (size_t)plan->ncols);
    for (int c = 0; c < ncalls; c++) {
        types[plan->ncols + c] = calls[c].result_type;
        out->cols[plan->ncols + c] = (LayoutCol){LAY_WIN, call_idx[c], 0};
    }
    plan_set_output(p, wn, nout, types);
    lvl->layout = out;
    return wn;
}

PlanNode *plan_windows(Planner *p, PlanLevel *lvl, PlanNode *plan)
{
    for (int w = 0; w < lvl->q->nwindows && plan; w++) plan = plan_one_window(p, lvl, plan, w);
    return plan;
}
