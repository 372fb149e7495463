/*
 * plan_query.c — plans one query level: set operations, VALUES, and the
 * SELECT pipeline FROM/WHERE → aggregate → HAVING → project → DISTINCT →
 * ORDER BY (top-N) → LIMIT → final projection.
 */
#include <string.h>

#include "exec/func_registry.h"
#include "plan/plan_access.h"
#include "plan/plan_int.h"

Layout *plan_output_layout(Planner *p, int n)
{
    Layout *l = layout_new(p, n);
    for (int i = 0; i < n; i++) l->cols[i] = (LayoutCol){LAY_OUTPUT, i, 0};
    return l;
}

/* Adds a projection casting the columns of `plan` to `types` where they differ. */
static PlanNode *cast_columns(Planner *p, PlanNode *plan, const OmType *types)
{
    bool need = false;
    for (int i = 0; i < plan->ncols; i++)
        if (plan->types[i].id != types[i].id) need = true;
    if (!need) return plan;
    Expr **exprs = ARENA_NEW_ARRAY(p->arena, Expr *, plan->ncols);
    for (int i = 0; i < plan->ncols; i++) {
        Expr *c = expr_make_column(p->arena, i, plan->types[i]);
        if (plan->types[i].id != types[i].id) {
            c = cast_wrap(p->arena, c, type_sans_typmod(types[i]), CAST_IMPLICIT, p->err);
            if (!c) return NULL;
        }
        exprs[i] = c;
    }
    PlanNode *pr = plan_project(p, plan, exprs, plan->ncols);
    pr->names = plan->names;
    return pr;
}

/* LIMIT + OFFSET when both are constants (rows a top-N needs), else -1. */
static int64_t const_limit(const BoundQuery *q)
{
    const Expr *l = q->limit, *o = q->offset;
    if (q->limit_with_ties) return -1; /* how many tie is known only at run time */
    if (!l || l->kind != EXPR_CONST || l->u.value.is_null || l->type.id != TYPE_INT8) return -1;
    if (o && (o->kind != EXPR_CONST || o->u.value.is_null || o->type.id != TYPE_INT8)) return -1;
    int64_t lim = l->u.value.u.i64, off = o ? o->u.value.u.i64 : 0;
    if (lim < 0 || off < 0 || lim > INT64_MAX / 2 || off > INT64_MAX / 2) return -1;
    return lim + off;
}

/* LockRows over `plan`, whose columns lock_col0.. hold the row ids of q's
 * locked tables (in q->locks order). */
static PlanNode *add_lock_rows(Planner *p, PlanNode *plan, const BoundQuery *q, int lock_col0)
{
    PlanNode *l = plan_make(p, PLAN_LOCK_ROWS, plan, NULL);
    int n = q->nlocks;
    l->u.lock_rows.nlocks = n;
    l->u.lock_rows.tables = ARENA_NEW_ARRAY(p->arena, struct CatTable *, n);
    l->u.lock_rows.rowid_cols = ARENA_NEW_ARRAY(p->arena, int, n);
    l->u.lock_rows.strengths = ARENA_NEW_ARRAY(p->arena, RowLockStrength, n);
    l->u.lock_rows.waits = ARENA_NEW_ARRAY(p->arena, RowLockWait, n);
    for (int i = 0; i < n; i++) {
        l->u.lock_rows.tables[i] = q->rtes[q->locks[i].rte]->table;
        l->u.lock_rows.rowid_cols[i] = lock_col0 + i;
        l->u.lock_rows.strengths[i] = q->locks[i].strength;
        l->u.lock_rows.waits[i] = q->locks[i].wait;
    }
    l->u.lock_rows.max_rows = q->limit || q->offset ? const_limit(q) : -1;
    l->u.lock_rows.one_at_a_time = (q->limit || q->offset) && l->u.lock_rows.max_rows < 0;
    plan_set_output(p, l, plan->ncols, plan->types);
    l->est_rows = plan->est_rows;
    return l;
}

/* Sort, then LockRows (lock_col0: see add_lock_rows), then LIMIT/OFFSET, as
 * PostgreSQL orders them: SKIP LOCKED rows do not count towards the limit,
 * and only the rows returned are locked. Then the hidden columns go. */
static PlanNode *add_sort_limit(Planner *p, PlanLevel *lvl, PlanNode *plan, BoundQuery *q,
                                int nvisible, int lock_col0, const int *unique_cols, int nunique)
{
    if (q->nsort > 0) {
        PlanNode *s = plan_make(p, PLAN_SORT, plan, NULL);
        s->u.sort.nkeys = q->nsort;
        s->u.sort.keys = ARENA_NEW_ARRAY(p->arena, SortKey, q->nsort);
        s->u.sort.limit = -1;
        for (int i = 0; i < q->nsort; i++) {
            s->u.sort.keys[i] = q->sort[i];
            s->u.sort.keys[i].expr = plan_translate(p, lvl, q->sort[i].expr);
            if (!s->u.sort.keys[i].expr) return NULL;
        }
        plan_set_output(p, s, plan->ncols, plan->types);
        if (!plan_access_order(p, plan, s->u.sort.keys, s->u.sort.nkeys, const_limit(q))) plan = s;
    }
    if (nunique > 0) {
        PlanNode *u = plan_make(p, PLAN_UNIQUE, plan, NULL);
        u->u.unique.nkeys = nunique;
        u->u.unique.cols = (int *)unique_cols;
        plan_set_output(p, u, plan->ncols, plan->types);
        u->est_rows = plan->est_rows > 10 ? plan->est_rows / 10 : plan->est_rows;
        plan = u;
    }
    if (q->nlocks > 0) plan = add_lock_rows(p, plan, q, lock_col0);
    if (q->limit || q->offset) {
        PlanNode *l = plan_make(p, PLAN_LIMIT, plan, NULL);
        l->u.limit.limit = q->limit ? plan_translate(p, lvl, q->limit) : NULL;
        l->u.limit.offset = q->offset ? plan_translate(p, lvl, q->offset) : NULL;
        if ((q->limit && !l->u.limit.limit) || (q->offset && !l->u.limit.offset)) return NULL;
        plan_set_output(p, l, plan->ncols, plan->types);
        if (q->limit_with_ties) {
            l->u.limit.nties = q->nsort;
            l->u.limit.ties = ARENA_NEW_ARRAY(p->arena, Expr *, q->nsort > 0 ? q->nsort : 1);
            for (int i = 0; i < q->nsort; i++) {
                l->u.limit.ties[i] = plan_translate(p, lvl, q->sort[i].expr);
                if (!l->u.limit.ties[i]) return NULL;
            }
        }
        /* top-N: a constant limit (+ offset) bounds the sort (not the ties after it) */
        if (plan->kind == PLAN_SORT && !q->limit_with_ties && l->u.limit.limit &&
            l->u.limit.limit->kind == EXPR_CONST && !l->u.limit.limit->u.value.is_null &&
            (!l->u.limit.offset ||
             (l->u.limit.offset->kind == EXPR_CONST && !l->u.limit.offset->u.value.is_null))) {
            int64_t lim = l->u.limit.limit->u.value.u.i64;
            int64_t off = l->u.limit.offset ? l->u.limit.offset->u.value.u.i64 : 0;
            if (lim >= 0 && off >= 0 && lim < INT64_MAX / 2 && off < INT64_MAX / 2)
                plan->u.sort.limit = lim + off;
        }
        if (l->u.limit.limit && l->u.limit.limit->kind == EXPR_CONST &&
            !l->u.limit.limit->u.value.is_null &&
            (double)l->u.limit.limit->u.value.u.i64 < plan->est_rows)
            l->est_rows = (double)l->u.limit.limit->u.value.u.i64;
        plan = l;
    }
    if (plan->ncols > nvisible) {
        Expr **exprs = ARENA_NEW_ARRAY(p->arena, Expr *, nvisible > 0 ? nvisible : 1);
        for (int i = 0; i < nvisible; i++) exprs[i] = expr_make_column(p->arena, i, plan->types[i]);
        plan = plan_project(p, plan, exprs, nvisible);
    }
    return plan;
}

int plan_set_terms(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer, PlanNode **l,
                   PlanNode **r)
{
    Layout *ll = NULL, *rl = NULL;
    *l = plan_query_level(p, q->larg, parent, outer, &ll);
    *r = *l ? plan_query_level(p, q->rarg, parent, outer, &rl) : NULL;
    if (!*r) return -1;
    *l = cast_columns(p, *l, q->out_types);
    *r = *l ? cast_columns(p, *r, q->out_types) : NULL;
    return *r ? 0 : -1;
}

static PlanNode *plan_setop(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer,
                            Layout **out_layout)
{
    PlanNode *l, *r;
    if (plan_set_terms(p, q, parent, outer, &l, &r) != 0) return NULL;
    PlanNode *s = plan_make(p, PLAN_SETOP, l, r);
    s->u.setop.op = q->setop;
    s->u.setop.all = q->setop_all;
    plan_set_output(p, s, q->ntargets, q->out_types);
    s->est_rows = q->setop == SETOP_UNION ? l->est_rows + r->est_rows : l->est_rows;
    PlanLevel lvl = {0};
    lvl.q = q;
    lvl.parent = parent;
    lvl.outer = outer;
    lvl.layout = plan_output_layout(p, q->ntargets);
    PlanNode *top = add_sort_limit(p, &lvl, s, q, q->ntargets, 0, NULL, 0);
    *out_layout = (Layout *)lvl.layout;
    return top;
}

static PlanNode *plan_values(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer,
                             Layout **out_layout)
{
    PlanLevel lvl = {0};
    lvl.q = q;
    lvl.parent = parent;
    lvl.outer = outer;
    lvl.layout = layout_new(p, 0);
    PlanNode *v = plan_make(p, PLAN_VALUES, NULL, NULL);
    v->u.values.nrows = q->nvalues;
    v->u.values.rows = ARENA_NEW_ARRAY(p->arena, Expr **, q->nvalues);
    for (int r = 0; r < q->nvalues; r++) {
        v->u.values.rows[r] = ARENA_NEW_ARRAY(p->arena, Expr *, q->ntargets);
        for (int c = 0; c < q->ntargets; c++) {
            v->u.values.rows[r][c] = plan_translate(p, &lvl, q->values[r][c]);
            if (!v->u.values.rows[r][c]) return NULL;
        }
    }
    plan_set_output(p, v, q->ntargets, q->out_types);
    v->est_rows = q->nvalues;
    lvl.layout = plan_output_layout(p, q->ntargets);
    PlanNode *top = add_sort_limit(p, &lvl, v, q, q->ntargets, 0, NULL, 0);
    *out_layout = (Layout *)lvl.layout;
    return top;
}

/* ---- functional dependency on a primary key (PostgreSQL 9.1+) ----
 * SELECT t.id, t.name, sum(x) FROM t GROUP BY t.id is valid when id is t's
 * primary key: every column of t is then constant within a group. Such columns
 * are added to the grouping keys (which does not change the groups). */

static bool group_has(const BoundQuery *q, const Expr *e)
{
    for (int g = 0; g < q->ngroup; g++)
        if (bound_expr_equal(q->group[g], e)) return true;
    return false;
}

static bool pk_grouped(const BoundQuery *q, int rte)
{
    const Rte *r = q->rtes[rte];
    if (r->kind != RTE_TABLE || r->table->ncons == 0 || r->table->cons[0].kind != CONSTR_PRIMARY)
        return false;
    const CatConstraint *pk = &r->table->cons[0];
    for (int k = 0; k < pk->ncols; k++) {
        bool found = false;
        for (int g = 0; g < q->ngroup && !found; g++) {
            const Expr *ge = q->group[g];
            /* with grouping sets, only a key of every set makes the row's group certain */
            found = ge->kind == EXPR_VAR && ge->u.var.levelsup == 0 && ge->u.var.rte == rte &&
                    ge->u.var.attno == pk->cols[k] && plan_grouping_key_in_all_sets(q, g);
        }
        if (!found) return false;
    }
    return true;
}

static void add_dependent_vars(Planner *p, BoundQuery *q, Expr *e)
{
    if (!e || e->kind == EXPR_AGGREF || e->kind == EXPR_WINREF || e->kind == EXPR_SUBLINK ||
        e->kind == EXPR_GROUPING || group_has(q, e))
        return;
    if (e->kind == EXPR_VAR) {
        if (e->u.var.levelsup == 0 && e->u.var.rte >= 0 && pk_grouped(q, e->u.var.rte)) {
            Expr **g = ARENA_NEW_ARRAY(p->arena, Expr *, q->ngroup + 1);
            memcpy(g, q->group, sizeof(Expr *) * (size_t)q->ngroup);
            g[q->ngroup++] = e;
            q->group = g;
            plan_grouping_add_key(p, q, q->ngroup - 1);
        }
        return;
    }
    for (int i = 0; i < e->nargs; i++) add_dependent_vars(p, q, e->args[i]);
}

PlanNode *plan_query_level(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer,
                           Layout **out_layout)
{
    PlanNode *top;
    if (q->is_recursive)
        top = plan_recursive_union(p, q, parent, outer, out_layout);
    else if (q->is_setop)
        top = plan_setop(p, q, parent, outer, out_layout);
    else if (q->nvalues > 0)
        top = plan_values(p, q, parent, outer, out_layout);
    else {
        PlanLevel lvl = {0};
        lvl.q = q;
        lvl.parent = parent;
        lvl.outer = outer;
        Layout *layout = NULL;
        PlanNode *plan = plan_from_where(p, &lvl, &layout);
        if (!plan) return NULL;
        lvl.layout = layout;

        if (q->has_aggs_or_group) {
            /* set-returning calls in GROUP BY keys run below the aggregate */
            if (q->has_srfs && !(plan = plan_project_sets(p, &lvl, plan, q->group, q->ngroup)))
                return NULL;
            if (q->ngroup > 0) {
                for (int t = 0; t < q->ntargets; t++) add_dependent_vars(p, q, q->targets[t]);
                add_dependent_vars(p, q, q->having);
                for (int w = 0, nw = plan_window_nexprs(q); w < nw; w++)
                    add_dependent_vars(p, q, plan_window_expr(q, w));
                for (int s = 0; s < q->nsort; s++) add_dependent_vars(p, q, q->sort[s].expr);
            }
            PlanNode *agg = plan_make(p, PLAN_HASH_AGG, plan, NULL);
            agg->u.agg.ngroup = q->ngroup;
            agg->u.agg.group_keys =
                ARENA_NEW_ARRAY(p->arena, Expr *, q->ngroup > 0 ? q->ngroup : 1);
            agg->u.agg.naggs = q->naggs;
            agg->u.agg.aggs = ARENA_NEW_ARRAY(p->arena, AggCall, q->naggs > 0 ? q->naggs : 1);
            int n = q->ngroup + q->naggs + q->ngroupings;
            OmType *types = ARENA_NEW_ARRAY(p->arena, OmType, n > 0 ? n : 1);
            Layout *al = layout_new(p, n);
            for (int g = 0; g < q->ngroup; g++) {
                agg->u.agg.group_keys[g] = plan_translate(p, &lvl, q->group[g]);
                if (!agg->u.agg.group_keys[g]) return NULL;
                types[g] = q->group[g]->type;
                al->cols[g] = (LayoutCol){LAY_GROUP, g, 0};
            }
            for (int a = 0; a < q->naggs; a++) {
                AggCall c = q->aggs[a];
                if (c.norder > 0) {
                    c.order = ARENA_NEW_ARRAY(p->arena, SortKey, c.norder);
                    memcpy(c.order, q->aggs[a].order, sizeof(SortKey) * (size_t)c.norder);
                }
                for (int k = 0, nk = agg_call_nexprs(&c); k < nk; k++) {
                    Expr **e = agg_call_expr(&c, k);
                    if (*e && !(*e = plan_translate(p, &lvl, *e))) return NULL;
                }
                agg->u.agg.aggs[a] = c;
                types[q->ngroup + a] = c.result_type;
                al->cols[q->ngroup + a] = (LayoutCol){LAY_AGG, a, 0};
            }
            plan_grouping_setup(p, q, agg, types, al, q->ngroup + q->naggs);
            plan_set_output(p, agg, n, types);
            agg->est_rows = plan_grouping_est_rows(q, plan->est_rows);
            plan = agg;
            lvl.layout = al;
            lvl.after_agg = true;
            if (q->having) {
                Expr *h = plan_translate(p, &lvl, q->having);
                if (!h) return NULL;
                PlanNode *f = plan_make(p, PLAN_FILTER, plan, NULL);
                f->u.filter.pred = h;
                plan_set_output(p, f, plan->ncols, plan->types);
                f->est_rows = plan->est_rows * 0.33;
                plan = f;
            }
        }

        if (q->nwins > 0 && !(plan = plan_windows(p, &lvl, plan))) return NULL;

        /* projection: targets, then hidden sort expressions */
        int nhidden = 0;
        Expr **hidden = ARENA_NEW_ARRAY(p->arena, Expr *, q->nsort > 0 ? q->nsort : 1);
        int *sort_col = ARENA_NEW_ARRAY(p->arena, int, q->nsort > 0 ? q->nsort : 1);
        for (int i = 0; i < q->nsort; i++) {
            const Expr *se = q->sort[i].expr;
            sort_col[i] = -1;
            if (se->kind == EXPR_VAR && se->u.var.rte < 0) {
                sort_col[i] = se->u.var.attno;
                continue;
            }
            for (int t = 0; t < q->ntargets && sort_col[i] < 0; t++)
                if (bound_expr_equal(se, q->targets[t])) sort_col[i] = t;
            if (sort_col[i] < 0) {
                sort_col[i] = q->ntargets + nhidden;
                hidden[nhidden++] = (Expr *)se;
            }
        }
        /* DISTINCT ON expressions: a target, a sort expression, or hidden */
        int *unique_cols =
            ARENA_NEW_ARRAY(p->arena, int, q->ndistinct_on > 0 ? q->ndistinct_on : 1);
        Expr **more = ARENA_NEW_ARRAY(p->arena, Expr *, q->ndistinct_on > 0 ? q->ndistinct_on : 1);
        int nmore = 0;
        for (int d = 0; d < q->ndistinct_on; d++) {
            const Expr *de = q->distinct_on[d];
            unique_cols[d] = -1;
            for (int t = 0; t < q->ntargets && unique_cols[d] < 0; t++)
                if (bound_expr_equal(de, q->targets[t])) unique_cols[d] = t;
            for (int h = 0; h < nhidden && unique_cols[d] < 0; h++)
                if (bound_expr_equal(de, hidden[h])) unique_cols[d] = q->ntargets + h;
            if (unique_cols[d] < 0) {
                unique_cols[d] = q->ntargets + nhidden + nmore;
                more[nmore++] = (Expr *)de;
            }
        }
        /* set-returning calls of what the projection computes: ProjectSets below it */
        if (q->has_srfs) {
            int nall = q->ntargets + nhidden + nmore;
            Expr **all = ARENA_NEW_ARRAY(p->arena, Expr *, nall > 0 ? nall : 1);
            memcpy(all, q->targets, sizeof(Expr *) * (size_t)q->ntargets);
            memcpy(all + q->ntargets, hidden, sizeof(Expr *) * (size_t)nhidden);
            memcpy(all + q->ntargets + nhidden, more, sizeof(Expr *) * (size_t)nmore);
            if (!(plan = plan_project_sets(p, &lvl, plan, all, nall))) return NULL;
        }
        /* then the row ids of the tables FOR UPDATE locks */
        int lock_col0 = q->ntargets + nhidden + nmore;
        int nproj = lock_col0 + q->nlocks;
        Expr **exprs = ARENA_NEW_ARRAY(p->arena, Expr *, nproj > 0 ? nproj : 1);
        for (int i = 0; i < q->nlocks; i++) {
            Expr *v = ARENA_NEW(p->arena, Expr);
            v->kind = EXPR_VAR;
            v->type = OM_TYPE(TYPE_INT8);
            v->u.var.rte = q->locks[i].rte;
            v->u.var.attno = q->rtes[q->locks[i].rte]->table->ncols; /* the row id */
            if (!(exprs[lock_col0 + i] = plan_translate(p, &lvl, v))) return NULL;
        }
        for (int t = 0; t < q->ntargets; t++) {
            exprs[t] = plan_translate(p, &lvl, q->targets[t]);
            if (!exprs[t]) return NULL;
        }
        for (int h = 0; h < nhidden; h++) {
            exprs[q->ntargets + h] = plan_translate(p, &lvl, hidden[h]);
            if (!exprs[q->ntargets + h]) return NULL;
        }
        for (int m = 0; m < nmore; m++)
            if (!(exprs[q->ntargets + nhidden + m] = plan_translate(p, &lvl, more[m]))) return NULL;
        PlanNode *proj = plan_project(p, plan, exprs, nproj);
        proj->est_rows = plan->est_rows;
        plan = proj;
        if (q->distinct) {
            PlanNode *d = plan_make(p, PLAN_HASH_AGG, plan, NULL);
            d->u.agg.ngroup = q->ntargets;
            d->u.agg.group_keys =
                ARENA_NEW_ARRAY(p->arena, Expr *, q->ntargets > 0 ? q->ntargets : 1);
            for (int t = 0; t < q->ntargets; t++)
                d->u.agg.group_keys[t] = expr_make_column(p->arena, t, plan->types[t]);
            plan_set_output(p, d, q->ntargets, plan->types);
            d->est_rows = plan->est_rows;
            d->explain_note = "DISTINCT";
            plan = d;
        }
        /* sort keys now reference projected columns */
        PlanLevel out = lvl;
        Layout *ol = layout_new(p, nproj);
        for (int i = 0; i < nproj; i++) ol->cols[i] = (LayoutCol){LAY_OUTPUT, i, 0};
        out.layout = ol;
        out.after_agg = false;
        BoundQuery sorted = *q;
        int nkeys = q->nsort + q->ndistinct_on;
        SortKey *keys = ARENA_NEW_ARRAY(p->arena, SortKey, nkeys > 0 ? nkeys : 1);
        for (int i = 0; i < q->nsort; i++) {
            keys[i] = q->sort[i];
            Expr *v = ARENA_NEW(p->arena, Expr);
            v->kind = EXPR_VAR;
            v->type = plan->types[sort_col[i]];
            v->u.var.rte = -1;
            v->u.var.attno = sort_col[i];
            keys[i].expr = v;
        }
        /* DISTINCT ON: the keys ORDER BY leaves out are sorted on after it */
        sorted.nsort = q->nsort;
        for (int d = 0; d < q->ndistinct_on; d++) {
            bool have = false;
            for (int i = 0; i < q->nsort && !have; i++) have = sort_col[i] == unique_cols[d];
            if (have) continue;
            Expr *v = ARENA_NEW(p->arena, Expr);
            v->kind = EXPR_VAR;
            v->type = plan->types[unique_cols[d]];
            v->u.var.rte = -1;
            v->u.var.attno = unique_cols[d];
            keys[sorted.nsort++] = (SortKey){.expr = v, .desc = false, .nulls_first = false};
        }
        sorted.sort = keys;
        top = add_sort_limit(p, &out, plan, &sorted, q->ntargets, lock_col0, unique_cols,
                             q->ndistinct_on);
        *out_layout = plan_output_layout(p, q->ntargets);
    }
    if (top) {
        top->names = q->target_names;
        if (!q->is_setop) {
            /* keep declared types (e.g. varchar(10)) for RowDescription */
            for (int i = 0; i < top->ncols && i < q->ntargets; i++) top->types[i] = q->out_types[i];
        }
    }
    return top;
}

PlanNode *plan_query(Planner *p, BoundQuery *q)
{
    Layout *layout = NULL;
    return plan_query_level(p, q, NULL, NULL, &layout);
}
