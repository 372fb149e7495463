/*
 * plan_expr.c — translation of bound expressions into executable ones against
 * a Layout, plan-node construction helpers, and small expression utilities
 * (conjunct splitting, referenced range-table entries).
 */
#include <stdio.h>
#include <string.h>

#include "exec/srf.h"
#include "plan/plan_int.h"

PlanNode *plan_make(Planner *p, PlanKind kind, PlanNode *left, PlanNode *right)
{
    PlanNode *n = ARENA_NEW(p->arena, PlanNode);
    n->kind = kind;
    n->left = left;
    n->right = right;
    n->est_rows = left ? left->est_rows : 1;
    return n;
}

void plan_set_output(Planner *p, PlanNode *n, int ncols, const OmType *types)
{
    n->ncols = ncols;
    n->types = ARENA_NEW_ARRAY(p->arena, OmType, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) n->types[i] = types[i];
}

PlanNode *plan_project(Planner *p, PlanNode *child, Expr **exprs, int n)
{
    PlanNode *pn = plan_make(p, PLAN_PROJECT, child, NULL);
    pn->u.project.exprs = exprs;
    pn->ncols = n;
    pn->types = ARENA_NEW_ARRAY(p->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) pn->types[i] = exprs[i]->type;
    return pn;
}

Layout *layout_new(Planner *p, int n)
{
    Layout *l = ARENA_NEW(p->arena, Layout);
    l->n = n;
    l->cols = ARENA_NEW_ARRAY(p->arena, LayoutCol, n > 0 ? n : 1);
    return l;
}

Layout *layout_concat(Planner *p, const Layout *a, const Layout *b)
{
    Layout *l = layout_new(p, a->n + b->n);
    memcpy(l->cols, a->cols, sizeof(LayoutCol) * (size_t)a->n);
    memcpy(l->cols + a->n, b->cols, sizeof(LayoutCol) * (size_t)b->n);
    return l;
}

int layout_find_var(const Layout *l, int rte, int attno)
{
    for (int i = 0; i < l->n; i++)
        if (l->cols[i].kind == LAY_VAR && l->cols[i].a == rte && l->cols[i].b == attno) return i;
    return -1;
}

static int layout_find(const Layout *l, LayoutKind kind, int a)
{
    for (int i = 0; l && i < l->n; i++)
        if (l->cols[i].kind == kind && l->cols[i].a == a) return i;
    return -1;
}

void plan_split_and(Planner *p, Expr *e, Expr ***out, int *n, int *cap)
{
    if (!e) return;
    if (e->kind == EXPR_AND) {
        for (int i = 0; i < e->nargs; i++) plan_split_and(p, e->args[i], out, n, cap);
        return;
    }
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        *out = arena_realloc(p->arena, *out, sizeof(Expr *) * (size_t)*cap,
                             sizeof(Expr *) * (size_t)nc);
        *cap = nc;
    }
    (*out)[(*n)++] = e;
}

Expr *plan_make_and(Planner *p, Expr **conj, int n)
{
    if (n == 0) return NULL;
    if (n == 1) return conj[0];
    Expr *e = ARENA_NEW(p->arena, Expr);
    e->kind = EXPR_AND;
    e->type = OM_TYPE(TYPE_BOOL);
    e->nargs = n;
    e->args = ARENA_NEW_ARRAY(p->arena, Expr *, n);
    memcpy(e->args, conj, sizeof(Expr *) * (size_t)n);
    return e;
}

static void sublink_query_rtes(const BoundQuery *q, int depth, uint64_t *mask);

uint64_t plan_rte_bit(int i)
{
    return i < 63 ? UINT64_C(1) << i : UINT64_C(1) << 63;
}

static void expr_rtes_at(const Expr *e, int depth, uint64_t *mask)
{
    if (!e) return;
    if (e->kind == EXPR_VAR && e->u.var.levelsup == depth && e->u.var.rte >= 0)
        *mask |= plan_rte_bit(e->u.var.rte);
    if (e->kind == EXPR_SUBLINK) sublink_query_rtes(e->u.sublink.query, depth + 1, mask);
    for (int i = 0; i < e->nargs; i++) expr_rtes_at(e->args[i], depth, mask);
}

static void jointree_rtes(const JoinTree *jt, int depth, uint64_t *mask)
{
    if (!jt) return;
    if (jt->kind == JT_JOIN) {
        expr_rtes_at(jt->quals, depth, mask);
        jointree_rtes(jt->left, depth, mask);
        jointree_rtes(jt->right, depth, mask);
    }
}

static void sublink_query_rtes(const BoundQuery *q, int depth, uint64_t *mask)
{
    if (!q) return;
    if (q->is_setop) {
        sublink_query_rtes(q->larg, depth, mask);
        sublink_query_rtes(q->rarg, depth, mask);
        return;
    }
    for (int r = 0; r < q->nvalues; r++)
        for (int c = 0; c < q->ntargets; c++) expr_rtes_at(q->values[r][c], depth, mask);
    for (int i = 0; i < q->nrtes; i++) {
        if (q->rtes[i]->subquery) sublink_query_rtes(q->rtes[i]->subquery, depth + 1, mask);
        for (int a = 0; a < q->rtes[i]->nfuncargs; a++)
            expr_rtes_at(q->rtes[i]->funcargs[a], depth, mask);
    }
    for (int i = 0; i < q->nfrom; i++) jointree_rtes(q->from[i], depth, mask);
    expr_rtes_at(q->where, depth, mask);
    for (int i = 0; i < q->ngroup; i++) expr_rtes_at(q->group[i], depth, mask);
    for (int i = 0; i < q->naggs; i++)
        for (int k = 0, n = agg_call_nexprs(&q->aggs[i]); k < n; k++)
            expr_rtes_at(*agg_call_expr(&q->aggs[i], k), depth, mask);
    expr_rtes_at(q->having, depth, mask);
    for (int i = 0, n = plan_window_nexprs(q); i < n; i++)
        expr_rtes_at(plan_window_expr(q, i), depth, mask);
    for (int i = 0; q->targets && i < q->ntargets; i++) expr_rtes_at(q->targets[i], depth, mask);
    for (int i = 0; i < q->nsort; i++) expr_rtes_at(q->sort[i].expr, depth, mask);
}

uint64_t plan_rte_lateral_rtes(const Rte *rte)
{
    uint64_t mask = 0;
    if (rte->subquery) sublink_query_rtes(rte->subquery, 1, &mask);
    for (int a = 0; a < rte->nfuncargs; a++) expr_rtes_at(rte->funcargs[a], 0, &mask);
    return mask;
}

uint64_t plan_expr_rtes(const Expr *e)
{
    uint64_t mask = 0;
    expr_rtes_at(e, 0, &mask);
    return mask;
}

bool plan_expr_has_sublink(const Expr *e)
{
    if (!e) return false;
    if (e->kind == EXPR_SUBLINK) return true;
    for (int i = 0; i < e->nargs; i++)
        if (plan_expr_has_sublink(e->args[i])) return true;
    return false;
}

bool plan_expr_has_outer_var(const Expr *e)
{
    if (!e) return false;
    if (e->kind == EXPR_VAR && e->u.var.levelsup > 0) return true;
    if (e->kind == EXPR_SUBLINK && !e->u.sublink.fn_call && e->u.sublink.query->is_correlated)
        return true;
    for (int i = 0; i < e->nargs; i++)
        if (plan_expr_has_outer_var(e->args[i])) return true;
    return false;
}

static Expr *make_column(Planner *p, int index, OmType type, int location)
{
    Expr *c = expr_make_column(p->arena, index, type);
    c->location = location;
    return c;
}

static int outer_ref_param(Planner *p, OuterRefs *refs, const Expr *var)
{
    int levelsup = var->u.var.levelsup - (refs->same_level ? 0 : 1);
    for (int i = 0; i < refs->n; i++) {
        const Expr *v = refs->vars[i];
        if (v->u.var.rte == var->u.var.rte && v->u.var.attno == var->u.var.attno &&
            v->u.var.levelsup == levelsup)
            return i;
    }
    if (refs->n == refs->cap) {
        int nc = refs->cap ? refs->cap * 2 : 8;
        refs->vars = arena_realloc(p->arena, refs->vars, sizeof(Expr *) * (size_t)refs->cap,
                                   sizeof(Expr *) * (size_t)nc);
        refs->cap = nc;
    }
    Expr *outer = ARENA_NEW(p->arena, Expr);
    *outer = *var;
    outer->u.var.levelsup = levelsup;
    refs->vars[refs->n] = outer;
    return refs->n++;
}

void plan_fn_param_refs(Planner *p, Expr *const *args, int n, OuterRefs *refs)
{
    refs->cap = n > 0 ? n : 1;
    refs->vars = ARENA_NEW_ARRAY(p->arena, Expr *, refs->cap);
    for (int i = 0; i < n; i++) {
        Expr *v = ARENA_NEW(p->arena, Expr);
        v->kind = EXPR_VAR;
        v->type = args[i]->type;
        v->u.var.rte = BIND_FN_PARAM_RTE(i);
        v->u.var.levelsup = 0;
        refs->vars[refs->n++] = v;
    }
}

static Expr *translate_sublink(Planner *p, PlanLevel *lvl, const Expr *e)
{
    OuterRefs refs = {0};
    bool fn = e->u.sublink.fn_call;
    if (fn) plan_fn_param_refs(p, e->args, e->nargs, &refs);
    Layout *sub_layout = NULL;
    PlanNode *plan = plan_query_level(p, e->u.sublink.query, lvl, &refs, &sub_layout);
    if (!plan) return NULL;
    SubPlan *sp = ARENA_NEW(p->arena, SubPlan);
    sp->plan = plan;
    sp->nparams = refs.n;
    /* a volatile SQL function runs per call, as a correlated subplan does */
    sp->correlated = refs.n > 0 || (fn && e->u.sublink.fn_volatile);
    sp->id = ++p->subplan_seq;
    bool has_test = e->u.sublink.kind == SUBLINK_IN || e->u.sublink.kind == SUBLINK_ANY ||
                    e->u.sublink.kind == SUBLINK_ALL || e->u.sublink.kind == SUBLINK_ROWCOMPARE;
    int ntest = has_test ? (e->u.sublink.nrow > 0 ? e->u.sublink.nrow : 1) : 0;
    Expr *out = ARENA_NEW(p->arena, Expr);
    out->kind = EXPR_SUBPLAN;
    out->type = e->type;
    out->location = e->location;
    out->nargs = ntest + refs.n;
    out->args = ARENA_NEW_ARRAY(p->arena, Expr *, out->nargs > 0 ? out->nargs : 1);
    int k = 0;
    for (int t = 0; t < ntest; t++) {
        out->args[k] = plan_translate(p, lvl, e->args[t]);
        if (!out->args[k]) return NULL;
        k++;
    }
    for (int i = 0; i < refs.n; i++) {
        if (fn && i >= e->nargs) {
            ERR(p->err, SQLSTATE_INTERNAL_ERROR, "outer reference in a SQL function's body");
            return NULL;
        }
        out->args[k] = plan_translate(p, lvl, fn ? e->args[i] : refs.vars[i]);
        if (!out->args[k]) return NULL;
        k++;
    }
    out->u.sub.fn_body = fn;
    out->u.sub.fn_strict = e->u.sublink.fn_strict;
    out->u.sub.fn_void = e->u.sublink.fn_void;
    out->u.sub.kind = e->u.sublink.kind == SUBLINK_IN ? SUBLINK_ANY : e->u.sublink.kind;
    out->u.sub.cmp = e->u.sublink.cmp;
    out->u.sub.negate = e->u.sublink.negate;
    out->u.sub.plan = sp;
    out->u.sub.nrow = e->u.sublink.nrow;
    out->u.sub.row_cmps = e->u.sublink.row_cmps;
    out->u.sub.row_ne = e->u.sublink.row_ne;
    out->u.sub.row_eq_cmps = e->u.sublink.row_eq_cmps;
    out->u.sub.row_or_equal = e->u.sublink.row_or_equal;
    return out;
}

static const char *var_name(PlanLevel *lvl, const Expr *e, char *buf, size_t cap)
{
    BoundQuery *q = lvl->q;
    if (e->u.var.rte >= 0 && e->u.var.rte < q->nrtes) {
        Rte *r = q->rtes[e->u.var.rte];
        snprintf(buf, cap, "%s.%s", r->alias ? r->alias : "?", r->colnames[e->u.var.attno]);
    } else {
        snprintf(buf, cap, "?");
    }
    return buf;
}

Expr *plan_translate(Planner *p, PlanLevel *lvl, const Expr *e)
{
    if (!e) return NULL;
    if (lvl->after_agg) {
        for (int g = 0; g < lvl->q->ngroup; g++) {
            if (bound_expr_equal(e, lvl->q->group[g])) {
                int idx = layout_find(lvl->layout, LAY_GROUP, g);
                if (idx >= 0) return make_column(p, idx, e->type, e->location);
            }
        }
    }
    if (e->kind == EXPR_FUNC && srf_of_expr(e)) {
        /* a set-returning call: a column of a ProjectSet below (plan_srf.c) */
        int idx = plan_srf_column(lvl, e);
        if (idx < 0) {
            ERR(p->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "set-valued function called in context that cannot accept a set");
            error_position(p->err, e->location);
            return NULL;
        }
        return make_column(p, idx, e->type, e->location);
    }
    switch (e->kind) {
    case EXPR_VAR: {
        bool lateral = e->u.var.levelsup == 0 && e->u.var.rte >= 0 && lvl->outer &&
                       lvl->outer->same_level && (lvl->outer->rtes & plan_rte_bit(e->u.var.rte));
        if (e->u.var.levelsup > 0 || lateral) {
            if (!lvl->outer) {
                ERR(p->err, SQLSTATE_INTERNAL_ERROR, "outer reference without an outer query");
                return NULL;
            }
            Expr *prm = ARENA_NEW(p->arena, Expr);
            prm->kind = EXPR_PARAM;
            prm->type = e->type;
            prm->location = e->location;
            prm->u.param.index = outer_ref_param(p, lvl->outer, e);
            return prm;
        }
        if (e->u.var.rte < 0) {
            int idx = layout_find(lvl->layout, LAY_OUTPUT, e->u.var.attno);
            if (idx < 0) {
                ERR(p->err, SQLSTATE_INTERNAL_ERROR, "output column %d not found", e->u.var.attno);
                return NULL;
            }
            return make_column(p, idx, e->type, e->location);
        }
        int idx = layout_find_var(lvl->layout, e->u.var.rte, e->u.var.attno);
        if (idx < 0) {
            char buf[160];
            if (lvl->after_agg) {
                ERR(p->err, SQLSTATE_GROUPING_ERROR,
                    "column \"%s\" must appear in the GROUP BY clause or be used in an aggregate "
                    "function",
                    var_name(lvl, e, buf, sizeof(buf)));
                error_position(p->err, e->location);
            } else {
                ERR(p->err, SQLSTATE_INTERNAL_ERROR, "column %s not found in plan input",
                    var_name(lvl, e, buf, sizeof(buf)));
            }
            return NULL;
        }
        return make_column(p, idx, e->type, e->location);
    }
    case EXPR_AGGREF: {
        int idx = layout_find(lvl->layout, LAY_AGG, e->u.aggref.index);
        if (idx < 0) {
            ERR(p->err, SQLSTATE_GROUPING_ERROR, "aggregate functions are not allowed here");
            error_position(p->err, e->location);
            return NULL;
        }
        return make_column(p, idx, e->type, e->location);
    }
    case EXPR_WINREF: {
        int idx = layout_find(lvl->layout, LAY_WIN, e->u.winref.index);
        if (idx < 0) {
            ERR(p->err, SQLSTATE_WINDOWING_ERROR, "window functions are not allowed here");
            error_position(p->err, e->location);
            return NULL;
        }
        return make_column(p, idx, e->type, e->location);
    }
    case EXPR_GROUPING: {
        int idx = layout_find(lvl->layout, LAY_GROUPING, e->u.grouping.index);
        if (idx < 0) {
            ERR(p->err, SQLSTATE_GROUPING_ERROR, "grouping operations are not allowed here");
            error_position(p->err, e->location);
            return NULL;
        }
        return make_column(p, idx, e->type, e->location);
    }
    case EXPR_SUBLINK:
        return translate_sublink(p, lvl, e);
    case EXPR_CONST:
    case EXPR_PARAM:
    case EXPR_COLUMN: {
        Expr *c = ARENA_NEW(p->arena, Expr);
        *c = *e;
        return c;
    }
    default:
        break;
    }
    Expr *c = ARENA_NEW(p->arena, Expr);
    *c = *e;
    if (e->nargs > 0) {
        c->args = ARENA_NEW_ARRAY(p->arena, Expr *, e->nargs);
        for (int i = 0; i < e->nargs; i++) {
            c->args[i] = plan_translate(p, lvl, e->args[i]);
            if (!c->args[i]) return NULL;
        }
    }
    return c;
}
