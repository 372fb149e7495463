/*
 * plan_join.c — plans FROM and WHERE: one access path per range-table entry
 * (only the columns the query uses), predicate pushdown into scans, join
 * ordering, hash joins on equality conditions (nested loops otherwise), and
 * unnesting of EXISTS / NOT EXISTS / IN subqueries in WHERE into semi and
 * anti hash joins (Neumann & Kemper's simple case: correlation only through
 * equality conjuncts). What cannot be unnested stays a SubPlan filter.
 *
 * Join order: inner-join items (base tables, subqueries, outer-join units)
 * are joined left-deep, starting from the largest estimated input as the
 * probe side and adding, at each step, the smallest item connected to it by
 * an equality condition (hash join with the new item as the build side);
 * unconnected items come last as cross joins.
 */
#include <string.h>

#include "exec/func_registry.h"
#include "plan/plan_access.h"
#include "plan/plan_int.h"
#include "storage/storage.h"

typedef struct Conj {
    Expr *e;
    uint64_t rtes;
    bool used;
    bool has_sublink;
} Conj;

typedef struct Pool {
    Conj *c;
    int n, cap;
} Pool;

/* A planned FROM item. A dependent one (LATERAL: refs set) uses entries
 * outside it, `deps`, or outer columns: its plan reads refs->vars as its
 * parameters, so it runs only as the right side of a dependent nested loop
 * (join_parts), or under a one-row loop once its deps are the level's own
 * parameters (close_part). */
typedef struct Part {
    PlanNode *plan;
    Layout *layout;
    uint64_t rtes;
    OuterRefs *refs;
    uint64_t deps;
} Part;

/* The entries of this level a dependent part may leave to the level's own
 * parameters (the level is itself a dependent join unit). */
static uint64_t level_param_rtes(const PlanLevel *lvl)
{
    return lvl->outer && lvl->outer->same_level ? lvl->outer->rtes : 0;
}

static void pool_add(Planner *p, Pool *pool, Expr *e)
{
    if (e->kind == EXPR_CONST && e->type.id == TYPE_BOOL && !e->u.value.is_null && e->u.value.u.b)
        return; /* ON true, WHERE true */
    if (pool->n == pool->cap) {
        int nc = pool->cap ? pool->cap * 2 : 8;
        pool->c = arena_realloc(p->arena, pool->c, sizeof(Conj) * (size_t)pool->cap,
                                sizeof(Conj) * (size_t)nc);
        pool->cap = nc;
    }
    Conj *c = &pool->c[pool->n++];
    c->e = e;
    c->rtes = plan_expr_rtes(e);
    c->used = false;
    c->has_sublink = plan_expr_has_sublink(e);
}

static void pool_add_and(Planner *p, Pool *pool, Expr *e)
{
    Expr **conj = NULL;
    int n = 0, cap = 0;
    plan_split_and(p, e, &conj, &n, &cap);
    for (int i = 0; i < n; i++) pool_add(p, pool, conj[i]);
}

/* ---- used columns ---- */

static void mark_used_query(BoundQuery *q, int depth, BoundQuery *target, bool **used);

static void mark_used_expr(const Expr *e, int depth, BoundQuery *target, bool **used)
{
    if (!e) return;
    if (e->kind == EXPR_VAR && e->u.var.levelsup == depth && e->u.var.rte >= 0)
        used[e->u.var.rte][e->u.var.attno] = true;
    if (e->kind == EXPR_SUBLINK) mark_used_query(e->u.sublink.query, depth + 1, target, used);
    for (int i = 0; i < e->nargs; i++) mark_used_expr(e->args[i], depth, target, used);
}

static void mark_used_jt(const JoinTree *jt, int depth, BoundQuery *target, bool **used)
{
    if (jt && jt->kind == JT_JOIN) {
        mark_used_expr(jt->quals, depth, target, used);
        mark_used_jt(jt->left, depth, target, used);
        mark_used_jt(jt->right, depth, target, used);
    }
}

static void mark_used_query(BoundQuery *q, int depth, BoundQuery *target, bool **used)
{
    if (!q) return;
    if (q->is_setop) {
        mark_used_query(q->larg, depth, target, used);
        mark_used_query(q->rarg, depth, target, used);
        return;
    }
    for (int r = 0; r < q->nvalues; r++)
        for (int c = 0; c < q->ntargets; c++) mark_used_expr(q->values[r][c], depth, target, used);
    for (int i = 0; i < q->nrtes; i++) {
        if (q->rtes[i]->subquery) mark_used_query(q->rtes[i]->subquery, depth + 1, target, used);
        for (int a = 0; a < q->rtes[i]->nfuncargs; a++)
            mark_used_expr(q->rtes[i]->funcargs[a], depth, target, used);
    }
    for (int i = 0; i < q->nfrom; i++) mark_used_jt(q->from[i], depth, target, used);
    mark_used_expr(q->where, depth, target, used);
    for (int i = 0; i < q->ngroup; i++) mark_used_expr(q->group[i], depth, target, used);
    for (int i = 0; i < q->naggs; i++)
        for (int k = 0, n = agg_call_nexprs(&q->aggs[i]); k < n; k++)
            mark_used_expr(*agg_call_expr(&q->aggs[i], k), depth, target, used);
    mark_used_expr(q->having, depth, target, used);
    for (int i = 0, n = plan_window_nexprs(q); i < n; i++)
        mark_used_expr(plan_window_expr(q, i), depth, target, used);
    for (int i = 0; q->targets && i < q->ntargets; i++)
        mark_used_expr(q->targets[i], depth, target, used);
    for (int i = 0; i < q->nsort; i++) mark_used_expr(q->sort[i].expr, depth, target, used);
    if (q == target) /* FOR UPDATE reads the row ids of the tables it locks */
        for (int i = 0; i < q->nlocks; i++)
            used[q->locks[i].rte][q->rtes[q->locks[i].rte]->ncols] = true;
}

/* ---- base relations ---- */

static Part plan_rte(Planner *p, PlanLevel *lvl, int rte_idx, bool **used)
{
    Part part = {0};
    Rte *rte = lvl->q->rtes[rte_idx];
    part.rtes = rte_idx < 63 ? UINT64_C(1) << rte_idx : UINT64_C(1) << 63;
    if (rte->kind == RTE_TABLE) {
        int n = 0;
        for (int c = 0; c <= rte->ncols; c++)
            if (used[rte_idx][c]) n++;
        if (n == 0 && rte->ncols > 0) {
            used[rte_idx][0] = true; /* count(*): read one column for the row count */
            n = 1;
        }
        PlanNode *scan = plan_make(p, PLAN_SEQ_SCAN, NULL, NULL);
        scan->u.scan.table = rte->table;
        scan->u.scan.table_name =
            arena_sprintf(p->arena, "%s.%s", rte->table->schema->name, rte->table->name);
        scan->u.scan.alias = rte->alias;
        scan->u.scan.ncols = n;
        scan->u.scan.col_ids = ARENA_NEW_ARRAY(p->arena, int, n);
        part.layout = layout_new(p, n);
        OmType *types = ARENA_NEW_ARRAY(p->arena, OmType, n);
        int k = 0;
        for (int c = 0; c <= rte->ncols; c++) {
            if (!used[rte_idx][c]) continue;
            scan->u.scan.col_ids[k] = c;
            types[k] = rte->types[c];
            part.layout->cols[k] = (LayoutCol){LAY_VAR, rte_idx, c};
            k++;
        }
        plan_set_output(p, scan, n, types);
        scan->names = ARENA_NEW_ARRAY(p->arena, const char *, n);
        for (int i = 0; i < n; i++) scan->names[i] = rte->colnames[scan->u.scan.col_ids[i]];
        scan->est_rows = (double)storage_table_row_count(rte->table->storage);
        scan->u.scan.path = ACCESS_COLUMNAR_SCAN;
        part.plan = scan;
        return part;
    }
    if (rte->kind == RTE_FUNCTION) {
        /* arguments using other FROM items: parameters set per row */
        PlanLevel flvl = *lvl;
        uint64_t deps = plan_rte_lateral_rtes(rte);
        if (deps & ~level_param_rtes(lvl)) {
            part.refs = ARENA_NEW(p->arena, OuterRefs);
            part.refs->same_level = true;
            part.refs->rtes = deps;
            part.deps = deps;
            flvl.outer = part.refs;
        }
        PlanNode *fs = plan_make(p, PLAN_FUNCTION_SCAN, NULL, NULL);
        fs->u.func_scan.func = rte->func;
        fs->u.func_scan.srf = rte->srf;
        fs->u.func_scan.nargs = rte->nfuncargs;
        fs->u.func_scan.args = ARENA_NEW_ARRAY(p->arena, Expr *, rte->nfuncargs);
        for (int i = 0; i < rte->nfuncargs; i++) {
            fs->u.func_scan.args[i] = plan_translate(p, &flvl, rte->funcargs[i]);
            if (!fs->u.func_scan.args[i]) return (Part){0};
        }
        fs->u.func_scan.nfuncs = rte->nfuncs;
        fs->u.func_scan.srfs = rte->srfs;
        fs->u.func_scan.argc = rte->func_argc;
        fs->u.func_scan.ordinality = rte->ordinality;
        plan_set_output(p, fs, rte->ncols, rte->types);
        fs->est_rows = 1000;
        part.plan = fs;
        part.layout = layout_new(p, rte->ncols);
        for (int c = 0; c < rte->ncols; c++)
            part.layout->cols[c] = (LayoutCol){LAY_VAR, rte_idx, c};
        return part;
    }
    /* subquery in FROM */
    OuterRefs refs = {0};
    /* a SQL function's body: its parameters first, in argument order */
    if (rte->fn_body) plan_fn_param_refs(p, rte->funcargs, rte->nfuncargs, &refs);
    Layout *sub_layout = NULL;
    PlanNode *sub = rte->kind == RTE_WORKTABLE
                        ? plan_worktable_scan(p, rte)
                        : plan_query_level(p, rte->subquery, lvl, &refs, &sub_layout);
    if (!sub) return (Part){0};
    if (refs.n > 0) { /* LATERAL, or outer columns: its own parameters */
        part.refs = ARENA_NEW(p->arena, OuterRefs);
        *part.refs = refs;
        for (int i = 0; i < refs.n; i++) {
            if (rte->fn_body && i < rte->nfuncargs) {
                /* the parameter is the argument, computed per row of the
                 * FROM items it reads */
                part.refs->vars[i] = rte->funcargs[i];
                part.deps |= plan_expr_rtes(rte->funcargs[i]);
            } else if (refs.vars[i]->u.var.levelsup == 0) {
                part.deps |= plan_rte_bit(refs.vars[i]->u.var.rte);
            }
        }
    }
    part.plan = sub;
    part.layout = layout_new(p, rte->ncols);
    for (int c = 0; c < rte->ncols; c++) part.layout->cols[c] = (LayoutCol){LAY_VAR, rte_idx, c};
    return part;
}

/* Applies the conjuncts of `pool` that only reference rtes in part.rtes (and
 * have no subquery) as a filter on the part: into the scan when it is one. */
static int apply_local_filters(Planner *p, PlanLevel *lvl, Pool *pool, Part *part)
{
    Expr **conj = NULL;
    int n = 0, cap = 0;
    for (int i = 0; i < pool->n; i++) {
        Conj *c = &pool->c[i];
        /* outer columns are parameters: pk = outer.col can use the index */
        if (c->used || c->has_sublink) continue;
        if ((c->rtes & ~part->rtes) != 0) continue;
        PlanLevel sub = *lvl;
        sub.layout = part->layout;
        Expr *t = plan_translate(p, &sub, c->e);
        if (!t) return -1;
        c->used = true;
        if (n == cap) {
            int nc = cap ? cap * 2 : 8;
            conj = arena_realloc(p->arena, conj, sizeof(Expr *) * (size_t)cap,
                                 sizeof(Expr *) * (size_t)nc);
            cap = nc;
        }
        conj[n++] = t;
    }
    if (n == 0) return 0;
    double sel = 1.0;
    for (int i = 0; i < n; i++) sel *= plan_estimate_selectivity(conj[i]);
    if (part->plan->kind == PLAN_SEQ_SCAN && !part->plan->u.scan.filter) {
        part->plan->u.scan.filter = plan_make_and(p, conj, n);
        part->plan->est_rows *= sel;
        if (part->plan->est_rows < 1) part->plan->est_rows = 1;
        plan_access_choose(p, part->plan);
        return 0;
    }
    PlanNode *f = plan_make(p, PLAN_FILTER, part->plan, NULL);
    f->u.filter.pred = plan_make_and(p, conj, n);
    plan_set_output(p, f, part->plan->ncols, part->plan->types);
    f->est_rows = part->plan->est_rows * sel;
    if (f->est_rows < 1) f->est_rows = 1;
    part->plan = f;
    return 0;
}

/* ---- joins ---- */

static bool is_equality(const Expr *e)
{
    return e->kind == EXPR_FUNC && e->nargs == 2 && e->u.func.def &&
           (e->u.func.def->flags & FUNC_IS_OPERATOR) && strcmp(e->u.func.def->name, "=") == 0;
}

/* Casts both join keys to one type when the equality operator is cross-type. */
static int unify_keys(Planner *p, Expr **l, Expr **r)
{
    if ((*l)->type.id == (*r)->type.id) return 0;
    OmType pair[2] = {(*l)->type, (*r)->type};
    OmType common;
    if (type_common(pair, 2, "JOIN", &common, p->err) != 0) return -1;
    common = type_sans_typmod(common);
    Expr *lc = cast_wrap(p->arena, *l, common, CAST_IMPLICIT, p->err);
    Expr *rc = lc ? cast_wrap(p->arena, *r, common, CAST_IMPLICIT, p->err) : NULL;
    if (!rc) return -1;
    *l = lc;
    *r = rc;
    return 0;
}

/* Joins two parts with the pool's applicable conjuncts (plus `extra_quals`,
 * the ON clause of an outer join, which must not be pushed elsewhere). */
/* A dependent nested loop j: its parameters, refs' Vars over j's left input
 * (laid out as `left`) or this level's parameters. */
static int set_lateral_params(Planner *p, PlanLevel *lvl, PlanNode *j, const Layout *left,
                              const OuterRefs *refs)
{
    PlanLevel lside = *lvl;
    lside.layout = left;
    j->u.nl_join.nparams = refs->n;
    j->u.nl_join.params = ARENA_NEW_ARRAY(p->arena, Expr *, refs->n > 0 ? refs->n : 1);
    for (int i = 0; i < refs->n; i++) {
        j->u.nl_join.params[i] = plan_translate(p, &lside, refs->vars[i]);
        if (!j->u.nl_join.params[i]) return -1;
    }
    return 0;
}

static int lateral_unsupported(Planner *p)
{
    return ERR(p->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
               "this use of LATERAL is not supported yet: a LATERAL item must be joinable "
               "after the FROM items it references");
}

/* Runs a dependent part whose deps are all this level's parameters once,
 * under a one-row loop, making it an ordinary part. */
static int close_part(Planner *p, PlanLevel *lvl, Part *part)
{
    if (part->deps & ~level_param_rtes(lvl)) return lateral_unsupported(p);
    PlanNode *one = plan_make(p, PLAN_VALUES, NULL, NULL);
    one->u.values.nrows = 1;
    one->u.values.rows = ARENA_NEW_ARRAY(p->arena, Expr **, 1);
    plan_set_output(p, one, 0, NULL);
    one->est_rows = 1;
    PlanNode *j = plan_make(p, PLAN_NL_JOIN, one, part->plan);
    j->u.nl_join.type = JOIN_INNER;
    if (set_lateral_params(p, lvl, j, layout_new(p, 0), part->refs) != 0) return -1;
    plan_set_output(p, j, part->plan->ncols, part->plan->types);
    j->est_rows = part->plan->est_rows;
    part->plan = j;
    part->refs = NULL;
    part->deps = 0;
    return 0;
}

static int join_parts(Planner *p, PlanLevel *lvl, Part *left, Part *right, JoinType type,
                      Pool *pool, Pool *on_quals, Part *out)
{
    if (left->refs && close_part(p, lvl, left) != 0) return -1;
    if (right->refs && (right->deps & left->rtes) == 0 && close_part(p, lvl, right) != 0) return -1;
    /* a dependent right side: a nested loop that runs it per left row */
    bool dependent = right->refs != NULL;
    if (dependent && ((right->deps & ~left->rtes & ~level_param_rtes(lvl)) != 0 ||
                      (type != JOIN_INNER && type != JOIN_LEFT)))
        return lateral_unsupported(p);
    uint64_t all = left->rtes | right->rtes;
    Layout *lay = layout_concat(p, left->layout, right->layout);
    PlanLevel both = *lvl;
    both.layout = lay;
    PlanLevel lside = *lvl, rside = *lvl;
    lside.layout = left->layout;
    rside.layout = right->layout;

    Expr **lkeys = NULL, **rkeys = NULL, **extra = NULL;
    int nkeys = 0, nextra = 0;
    int cap = (pool ? pool->n : 0) + (on_quals ? on_quals->n : 0) + 1;
    lkeys = ARENA_NEW_ARRAY(p->arena, Expr *, cap);
    rkeys = ARENA_NEW_ARRAY(p->arena, Expr *, cap);
    extra = ARENA_NEW_ARRAY(p->arena, Expr *, cap);
    Pool *pools[2] = {on_quals, pool};
    /* enable_hashjoin = off: the equalities stay in a nested loop's join
     * filter, unless nested loops are off as well (PostgreSQL would then
     * weigh both as disabled and take the cheaper, the hash join) */
    bool hash_ok =
        plan_enabled(p, PLANNER_ENABLE_HASHJOIN) || !plan_enabled(p, PLANNER_ENABLE_NESTLOOP);
    for (int pi = 0; pi < 2; pi++) {
        Pool *pl = pools[pi];
        if (!pl) continue;
        for (int i = 0; i < pl->n; i++) {
            Conj *c = &pl->c[i];
            if (c->used) continue;
            if (pl == pool && ((c->rtes & ~all) != 0 || c->has_sublink)) continue;
            if (pl == pool && type != JOIN_INNER) continue; /* WHERE quals go above outer joins */
            c->used = true;
            Expr *e = c->e;
            if (hash_ok && !dependent && is_equality(e) && !c->has_sublink &&
                !plan_expr_has_outer_var(e)) {
                uint64_t a = plan_expr_rtes(e->args[0]), b = plan_expr_rtes(e->args[1]);
                Expr *le = NULL, *re = NULL;
                if (a && b && (a & ~left->rtes) == 0 && (b & ~right->rtes) == 0) {
                    le = e->args[0];
                    re = e->args[1];
                } else if (a && b && (b & ~left->rtes) == 0 && (a & ~right->rtes) == 0) {
                    le = e->args[1];
                    re = e->args[0];
                }
                if (le) {
                    Expr *tl = plan_translate(p, &lside, le);
                    Expr *tr = tl ? plan_translate(p, &rside, re) : NULL;
                    if (!tr || unify_keys(p, &tl, &tr) != 0) return -1;
                    lkeys[nkeys] = tl;
                    rkeys[nkeys] = tr;
                    nkeys++;
                    continue;
                }
            }
            Expr *t = plan_translate(p, &both, e);
            if (!t) return -1;
            extra[nextra++] = t;
        }
    }
    PlanNode *j;
    if (nkeys > 0) {
        j = plan_make(p, PLAN_HASH_JOIN, left->plan, right->plan);
        j->u.hash_join.type = type;
        j->u.hash_join.nkeys = nkeys;
        j->u.hash_join.left_keys = lkeys;
        j->u.hash_join.right_keys = rkeys;
        j->u.hash_join.extra = plan_make_and(p, extra, nextra);
        double l = left->plan->est_rows, r = right->plan->est_rows;
        j->est_rows = l > r ? l : r;
    } else {
        j = plan_make(p, PLAN_NL_JOIN, left->plan, right->plan);
        j->u.nl_join.type = type;
        j->u.nl_join.cond = plan_make_and(p, extra, nextra);
        if (!hash_ok) j->explain_note = "enable_hashjoin is off";
        j->est_rows = left->plan->est_rows * right->plan->est_rows * (nextra ? 0.33 : 1.0);
        if (dependent && set_lateral_params(p, lvl, j, left->layout, right->refs) != 0) return -1;
    }
    if (type == JOIN_LEFT && j->est_rows < left->plan->est_rows) j->est_rows = left->plan->est_rows;
    int n = left->plan->ncols + right->plan->ncols;
    OmType *types = ARENA_NEW_ARRAY(p->arena, OmType, n > 0 ? n : 1);
    memcpy(types, left->plan->types, sizeof(OmType) * (size_t)left->plan->ncols);
    memcpy(types + left->plan->ncols, right->plan->types,
           sizeof(OmType) * (size_t)right->plan->ncols);
    plan_set_output(p, j, n, types);
    out->plan = j;
    out->layout = lay;
    out->rtes = all;
    out->refs = NULL;
    out->deps = 0;
    return 0;
}

static bool connected(Pool *pool, uint64_t a, uint64_t b)
{
    for (int i = 0; i < pool->n; i++) {
        Conj *c = &pool->c[i];
        if (c->used || c->has_sublink || !is_equality(c->e)) continue;
        if ((c->rtes & a) && (c->rtes & b) && (c->rtes & ~(a | b)) == 0) return true;
    }
    return false;
}

static int plan_jointree(Planner *p, PlanLevel *lvl, JoinTree *jt, Pool *pool, bool **used,
                         Part *out);

/* Collects the items of a tree of inner joins; their ON quals go into the pool. */
static void flatten_inner(Planner *p, JoinTree *jt, Pool *pool, JoinTree ***items, int *n, int *cap)
{
    if (jt->kind == JT_JOIN && jt->type == JOIN_INNER) {
        pool_add_and(p, pool, jt->quals);
        flatten_inner(p, jt->left, pool, items, n, cap);
        flatten_inner(p, jt->right, pool, items, n, cap);
        return;
    }
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        *items = arena_realloc(p->arena, *items, sizeof(JoinTree *) * (size_t)*cap,
                               sizeof(JoinTree *) * (size_t)nc);
        *cap = nc;
    }
    (*items)[(*n)++] = jt;
}

static int plan_inner_group(Planner *p, PlanLevel *lvl, JoinTree **items, int nitems, Pool *pool,
                            bool **used, Part *out)
{
    Part *parts = ARENA_NEW_ARRAY(p->arena, Part, nitems);
    for (int i = 0; i < nitems; i++)
        if (plan_jointree(p, lvl, items[i], pool, used, &parts[i]) != 0) return -1;
    bool *done = ARENA_NEW_ARRAY(p->arena, bool, nitems);
    /* start from the largest independent item (else a dependent one whose
     * references are all parameters of this level); a dependent item joins
     * once the items it references have (LATERAL) */
    uint64_t avail = level_param_rtes(lvl);
    int start = -1;
    for (int i = 0; i < nitems; i++)
        if (!parts[i].refs && (start < 0 || parts[i].plan->est_rows > parts[start].plan->est_rows))
            start = i;
    for (int i = 0; start < 0 && i < nitems; i++)
        if ((parts[i].deps & ~avail) == 0) start = i;
    if (start < 0) return lateral_unsupported(p);
    Part cur = parts[start];
    done[start] = true;
    if (cur.refs && close_part(p, lvl, &cur) != 0) return -1;
    for (int step = 1; step < nitems; step++) {
        int best = -1;
        bool best_conn = false;
        for (int i = 0; i < nitems; i++) {
            if (done[i]) continue;
            if (parts[i].refs && (parts[i].deps & ~cur.rtes & ~avail) != 0) continue;
            bool conn = connected(pool, cur.rtes, parts[i].rtes);
            if (best < 0 || (conn && !best_conn) ||
                (conn == best_conn && parts[i].plan->est_rows < parts[best].plan->est_rows)) {
                best = i;
                best_conn = conn;
            }
        }
        if (best < 0) return lateral_unsupported(p);
        done[best] = true;
        Part joined;
        Part *l = &cur, *r = &parts[best];
        if (r->plan->est_rows > l->plan->est_rows * 4 && best_conn && !r->refs) {
            Part *t = l;
            l = r;
            r = t;
        }
        if (join_parts(p, lvl, l, r, JOIN_INNER, pool, NULL, &joined) != 0) return -1;
        cur = joined;
    }
    *out = cur;
    return 0;
}

/* The entries under jt, and those its LATERAL items use. */
static uint64_t jt_rtes(const JoinTree *jt)
{
    if (jt->kind == JT_RTE) return plan_rte_bit(jt->rte);
    return jt_rtes(jt->left) | jt_rtes(jt->right);
}

static uint64_t jt_lateral_rtes(const BoundQuery *q, const JoinTree *jt)
{
    if (jt->kind == JT_RTE) return plan_rte_lateral_rtes(q->rtes[jt->rte]);
    return jt_lateral_rtes(q, jt->left) | jt_lateral_rtes(q, jt->right);
}

static int plan_join_unit(Planner *p, PlanLevel *lvl, JoinTree *jt, Pool *pool, bool **used,
                          Part *out);

static int plan_jointree(Planner *p, PlanLevel *lvl, JoinTree *jt, Pool *pool, bool **used,
                         Part *out)
{
    if (jt->kind == JT_RTE) {
        Part part = plan_rte(p, lvl, jt->rte, used);
        if (!part.plan) return -1;
        /* a dependent item's filters run at its join, beside its parameters */
        if (pool && !part.refs && apply_local_filters(p, lvl, pool, &part) != 0) return -1;
        *out = part;
        return 0;
    }
    /* A join whose LATERAL items use entries outside it (a, b LEFT JOIN
     * LATERAL (... a.x ...)): planned as one dependent part, with those
     * entries as its parameters. */
    uint64_t deps = jt_lateral_rtes(lvl->q, jt) & ~jt_rtes(jt);
    if (deps & ~level_param_rtes(lvl)) {
        PlanLevel unit = *lvl;
        unit.outer = ARENA_NEW(p->arena, OuterRefs);
        unit.outer->same_level = true;
        unit.outer->rtes = deps;
        if (plan_join_unit(p, &unit, jt, pool, used, out) != 0) return -1;
        out->refs = unit.outer;
        out->deps = deps;
        return 0;
    }
    return plan_join_unit(p, lvl, jt, pool, used, out);
}

static int plan_join_unit(Planner *p, PlanLevel *lvl, JoinTree *jt, Pool *pool, bool **used,
                          Part *out)
{
    if (jt->type == JOIN_INNER) {
        JoinTree **items = NULL;
        int n = 0, cap = 0;
        Pool local = {0};
        Pool *target = pool ? pool : &local;
        flatten_inner(p, jt, target, &items, &n, &cap);
        if (plan_inner_group(p, lvl, items, n, target, used, out) != 0) return -1;
        if (!pool) {
            /* quals that could not be placed (e.g. subqueries) filter the group */
            for (int i = 0; i < local.n; i++) {
                if (local.c[i].used) continue;
                PlanLevel sub = *lvl;
                sub.layout = out->layout;
                Expr *t = plan_translate(p, &sub, local.c[i].e);
                if (!t) return -1;
                PlanNode *f = plan_make(p, PLAN_FILTER, out->plan, NULL);
                f->u.filter.pred = t;
                plan_set_output(p, f, out->plan->ncols, out->plan->types);
                out->plan = f;
            }
        }
        return 0;
    }
    /* outer joins: RIGHT is LEFT with the sides swapped (output order is by layout) */
    JoinTree *preserved = jt->type == JOIN_RIGHT ? jt->right : jt->left;
    JoinTree *nullable = jt->type == JOIN_RIGHT ? jt->left : jt->right;
    bool full = jt->type == JOIN_FULL;
    Pool on = {0};
    pool_add_and(p, &on, jt->quals);
    Part lp, rp;
    /* WHERE quals may filter the preserved side of a LEFT join before joining. */
    if (plan_jointree(p, lvl, preserved, full ? NULL : pool, used, &lp) != 0) return -1;
    /* ON quals that only touch the nullable side filter it before joining. */
    if (plan_jointree(p, lvl, nullable, full ? NULL : &on, used, &rp) != 0) return -1;
    return join_parts(p, lvl, &lp, &rp, full ? JOIN_FULL : JOIN_LEFT, NULL, &on, out);
}

/* ---- EXISTS / IN unnesting ---- */

static Expr *lower_levels(Planner *p, const Expr *e)
{
    Expr *c = ARENA_NEW(p->arena, Expr);
    *c = *e;
    if (e->kind == EXPR_VAR) {
        c->u.var.levelsup--;
        return c;
    }
    if (e->nargs > 0) {
        c->args = ARENA_NEW_ARRAY(p->arena, Expr *, e->nargs);
        for (int i = 0; i < e->nargs; i++) c->args[i] = lower_levels(p, e->args[i]);
    }
    return c;
}

static bool only_outer_vars(const Expr *e)
{
    if (!e) return true;
    if (e->kind == EXPR_VAR) return e->u.var.levelsup == 1;
    if (e->kind == EXPR_SUBLINK || e->kind == EXPR_AGGREF || e->kind == EXPR_WINREF) return false;
    for (int i = 0; i < e->nargs; i++)
        if (!only_outer_vars(e->args[i])) return false;
    return true;
}

static bool has_var_at_or_above(const Expr *e, int level)
{
    if (!e) return false;
    if (e->kind == EXPR_VAR) return e->u.var.levelsup >= level;
    if (e->kind == EXPR_SUBLINK && !e->u.sublink.fn_call) return e->u.sublink.query->is_correlated;
    for (int i = 0; i < e->nargs; i++)
        if (has_var_at_or_above(e->args[i], level)) return true;
    return false;
}

static bool jt_uncorrelated(const JoinTree *jt)
{
    if (!jt || jt->kind == JT_RTE) return true;
    return !has_var_at_or_above(jt->quals, 1) && jt_uncorrelated(jt->left) &&
           jt_uncorrelated(jt->right);
}

/* Tries to turn `conj` (EXISTS / NOT EXISTS / IN sublink) into a semi or anti
 * join with *cur. Returns 1 if done, 0 if not applicable, -1 on error. */
static int try_unnest(Planner *p, PlanLevel *lvl, Expr *conj, Part *cur)
{
    bool negate = false;
    Expr *e = conj;
    if (e->kind == EXPR_NOT && e->args[0]->kind == EXPR_SUBLINK) {
        negate = true;
        e = e->args[0];
    }
    if (e->kind != EXPR_SUBLINK) return 0;
    SubLinkKind kind = e->u.sublink.kind;
    /* the test values: one, or a row's (`(a, b) IN (SELECT x, y ...)`) */
    int ntest = kind == SUBLINK_EXISTS ? 0 : e->u.sublink.nrow > 0 ? e->u.sublink.nrow : 1;
    if (kind == SUBLINK_IN || kind == SUBLINK_ANY) {
        if (negate || e->u.sublink.negate) return 0; /* NOT IN: NULL semantics need a subplan */
        if (e->u.sublink.row_ne) return 0;
        for (int t = 0; t < ntest; t++) {
            const FuncDef *c = e->u.sublink.nrow > 0 ? e->u.sublink.row_cmps[t] : e->u.sublink.cmp;
            if (strcmp(c->name, "=") != 0) return 0;
        }
    } else if (kind != SUBLINK_EXISTS) {
        return 0;
    }
    if (e->u.sublink.negate) negate = !negate;
    BoundQuery *s = e->u.sublink.query;
    if (s->is_setop || s->nvalues > 0 || s->has_aggs_or_group || s->limit || s->offset ||
        s->nfrom == 0)
        return 0;
    for (int i = 0; i < s->nrtes; i++) {
        if (s->rtes[i]->subquery && s->rtes[i]->subquery->is_correlated) return 0;
        for (int a = 0; a < s->rtes[i]->nfuncargs; a++)
            if (plan_expr_has_outer_var(s->rtes[i]->funcargs[a])) return 0;
    }
    for (int i = 0; i < s->nfrom; i++)
        if (!jt_uncorrelated(s->from[i])) return 0;
    for (int t = 0; t < ntest; t++) {
        if (has_var_at_or_above(s->targets[t], 1)) return 0;
        if (plan_expr_has_sublink(e->args[t])) return 0;
    }
    /* split the subquery's WHERE into correlated equalities and local quals */
    Expr **conj_list = NULL;
    int n = 0, cap = 0;
    plan_split_and(p, s->where, &conj_list, &n, &cap);
    Expr **outer_keys = ARENA_NEW_ARRAY(p->arena, Expr *, n + 1);
    Expr **inner_keys = ARENA_NEW_ARRAY(p->arena, Expr *, n + 1);
    Expr **local = ARENA_NEW_ARRAY(p->arena, Expr *, n + 1);
    int nkeys = 0, nlocal = 0;
    for (int i = 0; i < n; i++) {
        Expr *c = conj_list[i];
        if (!has_var_at_or_above(c, 1)) {
            local[nlocal++] = c;
            continue;
        }
        if (!is_equality(c)) return 0;
        Expr *a = c->args[0], *b = c->args[1];
        if (only_outer_vars(a) && !has_var_at_or_above(b, 1) && plan_expr_rtes(b)) {
            outer_keys[nkeys] = a;
            inner_keys[nkeys++] = b;
        } else if (only_outer_vars(b) && !has_var_at_or_above(a, 1) && plan_expr_rtes(a)) {
            outer_keys[nkeys] = b;
            inner_keys[nkeys++] = a;
        } else {
            return 0;
        }
    }
    if (nkeys == 0 && kind == SUBLINK_EXISTS)
        return 0; /* uncorrelated EXISTS: a subplan runs it once */
    /* plan the subquery's FROM + local WHERE as an uncorrelated input */
    PlanLevel sub = {0};
    sub.q = s;
    sub.parent = lvl;
    sub.override_where = true;
    sub.where = plan_make_and(p, local, nlocal);
    Layout *inner_layout = NULL;
    PlanNode *inner = plan_from_where(p, &sub, &inner_layout);
    if (!inner) return -1;
    sub.layout = inner_layout;
    PlanLevel outer_lvl = *lvl;
    outer_lvl.layout = cur->layout;
    int total = nkeys + ntest;
    Expr **lk = ARENA_NEW_ARRAY(p->arena, Expr *, total);
    Expr **rk = ARENA_NEW_ARRAY(p->arena, Expr *, total);
    int k = 0;
    for (int i = 0; i < nkeys; i++, k++) {
        lk[k] = plan_translate(p, &outer_lvl, lower_levels(p, outer_keys[i]));
        rk[k] = lk[k] ? plan_translate(p, &sub, inner_keys[i]) : NULL;
        if (!rk[k] || unify_keys(p, &lk[k], &rk[k]) != 0) return -1;
    }
    for (int t = 0; t < ntest; t++) {
        lk[k] = plan_translate(p, &outer_lvl, e->args[t]);
        rk[k] = lk[k] ? plan_translate(p, &sub, s->targets[t]) : NULL;
        if (!rk[k] || unify_keys(p, &lk[k], &rk[k]) != 0) return -1;
        k++;
    }
    PlanNode *j = plan_make(p, PLAN_HASH_JOIN, cur->plan, inner);
    j->u.hash_join.type = negate ? JOIN_ANTI : JOIN_SEMI;
    j->u.hash_join.nkeys = k;
    j->u.hash_join.left_keys = lk;
    j->u.hash_join.right_keys = rk;
    j->explain_note = negate ? "unnested NOT EXISTS" : "unnested EXISTS/IN";
    plan_set_output(p, j, cur->plan->ncols, cur->plan->types);
    j->est_rows = cur->plan->est_rows * 0.5;
    cur->plan = j;
    return 1;
}

PlanNode *plan_from_where(Planner *p, PlanLevel *lvl, Layout **out_layout)
{
    BoundQuery *q = lvl->q;
    bool **used = ARENA_NEW_ARRAY(p->arena, bool *, q->nrtes > 0 ? q->nrtes : 1);
    for (int i = 0; i < q->nrtes; i++)
        used[i] = ARENA_NEW_ARRAY(p->arena, bool, q->rtes[i]->ncols + 1); /* + row id */
    mark_used_query(q, 0, q, used);

    Pool pool = {0};
    pool_add_and(p, &pool, lvl->override_where ? lvl->where : q->where);
    Part cur = {0};
    if (q->nfrom == 0) {
        PlanNode *v = plan_make(p, PLAN_VALUES, NULL, NULL);
        v->u.values.nrows = 1;
        v->u.values.rows = ARENA_NEW_ARRAY(p->arena, Expr **, 1);
        v->u.values.rows[0] = NULL;
        plan_set_output(p, v, 0, NULL);
        v->est_rows = 1;
        cur.plan = v;
        cur.layout = layout_new(p, 0);
    } else {
        JoinTree **items = NULL;
        int n = 0, cap = 0;
        for (int i = 0; i < q->nfrom; i++) flatten_inner(p, q->from[i], &pool, &items, &n, &cap);
        if (plan_inner_group(p, lvl, items, n, &pool, used, &cur) != 0) return NULL;
    }
    /* remaining conjuncts: unnest subqueries where possible, else filter */
    Expr **rest = ARENA_NEW_ARRAY(p->arena, Expr *, pool.n + 1);
    int nrest = 0;
    for (int i = 0; i < pool.n; i++) {
        if (pool.c[i].used) continue;
        if (pool.c[i].has_sublink) {
            int rc = try_unnest(p, lvl, pool.c[i].e, &cur);
            if (rc < 0) return NULL;
            if (rc == 1) continue;
        }
        PlanLevel sub = *lvl;
        sub.layout = cur.layout;
        rest[nrest] = plan_translate(p, &sub, pool.c[i].e);
        if (!rest[nrest]) return NULL;
        nrest++;
    }
    if (nrest > 0) {
        PlanNode *f = plan_make(p, PLAN_FILTER, cur.plan, NULL);
        f->u.filter.pred = plan_make_and(p, rest, nrest);
        plan_set_output(p, f, cur.plan->ncols, cur.plan->types);
        f->est_rows = cur.plan->est_rows * 0.33;
        cur.plan = f;
    }
    *out_layout = cur.layout;
    return cur.plan;
}
