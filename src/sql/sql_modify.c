/*
 * sql_modify.c — UPDATE [... FROM] and DELETE [... USING], with RETURNING,
 * and TRUNCATE.
 *
 * An UPDATE or DELETE is planned as the query
 *     SELECT target.ctid, <SET expressions...> FROM target [, FROM/USING items] WHERE ...
 * (the target is range-table entry 0; ctid is its hidden row-id column), so
 * that the join order, pushdown and the index router serve it like any
 * SELECT, under a PLAN_MODIFY node that writes the rows (exec/op_modify.c).
 * SET x = DEFAULT puts the column's default back through a projection.
 * RETURNING is bound over every FROM item (the target's columns are its new
 * values, or the deleted ones) and projected over the rows the modify node
 * emits; the columns of other FROM items it reads are extra outputs of the
 * row-finding query, which the modify node passes through.
 *
 * TRUNCATE deletes every row visible to the statement through the same row
 * versions, so it is transactional and concurrent readers keep their
 * snapshots (PostgreSQL's TRUNCATE takes an exclusive lock instead).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/sysview.h"
#include "exec/operator.h"
#include "plan/planner.h"
#include "sql/sql_alter.h"
#include "sql/sql_generated.h"
#include "sql/pgq_build.h"
#include "sql/sql_int.h"
#include "sql/sql_seq_restart.h"

static PgQuery__Node *make_target(Arena *a, PgQuery__Node *val)
{
    PgQuery__ResTarget *rt = ARENA_NEW(a, PgQuery__ResTarget);
    PgQuery__ResTarget init = PG_QUERY__RES_TARGET__INIT;
    *rt = init;
    rt->val = val;
    rt->location = -1;
    PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_RES_TARGET);
    n->res_target = rt;
    return n;
}

/* target.ctid as a ColumnRef. */
PgQuery__Node *sql_set_target_value(StmtCtx *sc, PgQuery__ResTarget *rt)
{
    if (!rt->val || rt->val->node_case != PG_QUERY__NODE__NODE_MULTI_ASSIGN_REF) return rt->val;
    PgQuery__MultiAssignRef *m = rt->val->multi_assign_ref;
    PgQuery__Node *src = m->source;
    if (src->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
        /* (a, b) = (SELECT x, y ...): a = (SELECT x ...), b = (SELECT y ...),
         * the same rows and errors (a second row is 21000) for a query
         * without volatile functions, which then runs once per column */
        PgQuery__Node *sub = src->sub_link->subselect;
        PgQuery__SelectStmt *q = sub->select_stmt;
        bool plain = q->op == PG_QUERY__SET_OPERATION__SETOP_NONE ||
                     q->op == PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED;
        for (size_t k = 0; plain && k < q->n_target_list; k++) {
            PgQuery__Node *v = q->target_list[k]->res_target->val;
            if (v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
                v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
                    PG_QUERY__NODE__NODE_A_STAR)
                plain = false;
        }
        if (!plain) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "UPDATE SET (a, b) = (SELECT ...) with * or a set operation is not supported "
                "yet");
            return NULL;
        }
        if ((int)q->n_target_list != m->ncolumns) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                "number of columns does not match number of values");
            error_position(sc->err, src->sub_link->location + 1);
            return NULL;
        }
        Arena *a = sc->arena;
        PgQuery__SelectStmt *one = ARENA_NEW(a, PgQuery__SelectStmt);
        *one = *q;
        one->n_target_list = 1;
        one->target_list = ARENA_NEW_ARRAY(a, PgQuery__Node *, 1);
        one->target_list[0] = q->target_list[m->colno - 1];
        PgQuery__Node *sel = pgq_node_new(a, PG_QUERY__NODE__NODE_SELECT_STMT);
        sel->select_stmt = one;
        PgQuery__SubLink *sl = ARENA_NEW(a, PgQuery__SubLink);
        *sl = *src->sub_link;
        sl->sub_link_type = PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK;
        sl->subselect = sel;
        PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_SUB_LINK);
        n->sub_link = sl;
        return n;
    }
    if (src->node_case != PG_QUERY__NODE__NODE_ROW_EXPR) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression");
        if (src->node_case == PG_QUERY__NODE__NODE_A_CONST)
            error_position(sc->err, src->a_const->location + 1);
        else if (src->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
            error_position(sc->err, src->column_ref->location + 1);
        return NULL;
    }
    if ((int)src->row_expr->n_args != m->ncolumns) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "number of columns does not match number of values");
        error_position(sc->err, src->row_expr->location + 1);
        return NULL;
    }
    return src->row_expr->args[m->colno - 1];
}

BoundQuery *sql_target_query(StmtCtx *sc, CatTable *t, const char *alias, bool with_excluded)
{
    Arena *a = sc->arena;
    BoundQuery *q = ARENA_NEW(a, BoundQuery);
    q->nrtes = with_excluded ? 2 : 1;
    q->rtes = ARENA_NEW_ARRAY(a, Rte *, 2);
    for (int r = 0; r < q->nrtes; r++) {
        Rte *rte = ARENA_NEW(a, Rte);
        rte->kind = RTE_TABLE;
        rte->table = t;
        rte->alias = r == 0 ? (alias ? alias : t->name) : "excluded";
        rte->ncols = t->ncols;
        rte->colnames = ARENA_NEW_ARRAY(a, const char *, t->ncols + 1);
        rte->types = ARENA_NEW_ARRAY(a, OmType, t->ncols + 1);
        for (int c = 0; c < t->ncols; c++) {
            rte->colnames[c] = t->cols[c].name;
            rte->types[c] = t->cols[c].type;
        }
        rte->colnames[t->ncols] = "ctid";
        rte->types[t->ncols] = OM_TYPE(TYPE_INT8);
        rte->location = -1;
        q->rtes[r] = rte;
    }
    return q;
}

/* Binds the RETURNING list: its expressions and output names (arrays in
 * sc->arena). Over the target (rte 0 of q) alone for INSERT; over every FROM
 * item of q for UPDATE ... FROM and DELETE ... USING (all_rtes), as PostgreSQL
 * allows, where `*` is every item's columns. Returns the count, or -1. */
static int bind_returning(StmtCtx *sc, BoundQuery *q, bool all_rtes, PgQuery__Node **list, size_t n,
                          Expr ***exprs_out, const char ***names_out)
{
    BoundQuery rq;
    memset(&rq, 0, sizeof(rq));
    rq.nrtes = all_rtes ? q->nrtes : 1;
    rq.rtes = q->rtes;
    /* INSERT's q has no FROM list: the target alone is the one item */
    JoinTree target_item = {.kind = JT_RTE, .rte = 0};
    JoinTree *target_from = &target_item;
    rq.nfrom = all_rtes ? q->nfrom : 1;
    rq.from = all_rtes ? q->from : &target_from;
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = &rq;
    scope.clause = CLAUSE_TARGET;
    scope.ctes = sc->with_ctes;
    const CatTable *t = q->rtes[0]->table;
    int cap = (int)n + t->ncols, ne = 0;
    Expr **exprs = ARENA_NEW_ARRAY(sc->arena, Expr *, cap);
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, cap);
    for (size_t i = 0; i < n; i++) {
        PgQuery__ResTarget *rt = list[i]->res_target;
        PgQuery__Node *v = rt->val;
        PgQuery__ColumnRef *cr =
            v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF ? v->column_ref : NULL;
        if (cr && cr->n_fields > 0 &&
            cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
            Expr **se;
            const char **sn;
            int ns = bind_expand_star(&sc->binder, &scope, cr, &se, &sn);
            if (ns < 0) return -1;
            if (ne + ns > cap) {
                int ncap = (ne + ns) * 2;
                exprs = arena_realloc(sc->arena, exprs, sizeof(Expr *) * (size_t)cap,
                                      sizeof(Expr *) * (size_t)ncap);
                names = arena_realloc(sc->arena, names, sizeof(char *) * (size_t)cap,
                                      sizeof(char *) * (size_t)ncap);
                cap = ncap;
            }
            for (int c = 0; c < ns; c++) {
                exprs[ne] = se[c];
                names[ne++] = sn[c];
            }
            continue;
        }
        Expr *e = bind_expr(&sc->binder, &scope, v);
        if (!e) return -1;
        e = bind_resolve_unknown(&sc->binder, e);
        if (!e) return -1;
        exprs[ne] = e;
        names[ne++] = rt->name && *rt->name ? rt->name : bind_derive_name(v);
    }
    if (rq.nwins > 0)
        return ERR(sc->err, SQLSTATE_WINDOWING_ERROR,
                   "window functions are not allowed in RETURNING");
    *exprs_out = exprs;
    *names_out = names;
    return ne;
}

/* Binds the RETURNING list over the target (rte 0 of q) and projects it. */
PlanNode *sql_plan_returning(StmtCtx *sc, Planner *p, BoundQuery *q, PlanNode *mod,
                             PgQuery__Node **list, size_t n)
{
    Expr **exprs;
    const char **names;
    int ne = bind_returning(sc, q, false, list, n, &exprs, &names);
    if (ne < 0) return NULL;
    PlanNode *top = plan_returning(p, q, mod, exprs, names, ne, NULL, NULL, 0);
    sql_plan_set_sources(sc->arena, q, exprs, ne, top);
    return top;
}

/* The RETURNING list of an UPDATE or DELETE, bound before the row-finding
 * query is planned, since the columns it reads of the other FROM items must
 * become outputs of that query (and pass through the modify node). */
typedef struct ModifyReturning {
    int n; /* items; 0: no RETURNING */
    Expr **exprs;
    const char **names;
    int nextra; /* FROM-item columns carried to the projection */
    int *extra_rte, *extra_att;
} ModifyReturning;

static int bind_modify_returning(StmtCtx *sc, Planner *p, BoundQuery *q, PgQuery__Node **list,
                                 size_t n, ModifyReturning *r)
{
    memset(r, 0, sizeof(*r));
    if (n == 0) return 0;
    r->n = bind_returning(sc, q, true, list, n, &r->exprs, &r->names);
    if (r->n < 0) return -1;
    r->nextra = plan_returning_extras(p, q, r->exprs, r->n, &r->extra_rte, &r->extra_att);
    return 0;
}

static void target_select(Arena *a, PgQuery__SelectStmt *sel, PgQuery__RangeVar *target,
                          PgQuery__Node **extra, size_t nextra, PgQuery__Node *where, int nmore);

int sql_describe_returning(SqlSession *s, PgQuery__Node *stmt, const char *text,
                           const OmType *param_types, int nparams, Arena *arena,
                           ResultColumn **cols)
{
    PgQuery__RangeVar *rv = NULL;
    PgQuery__Node **list = NULL, **from = NULL;
    PgQuery__WithClause *with = NULL;
    size_t n = 0, nfrom = 0;
    bool all_rtes = false;
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        rv = stmt->insert_stmt->relation;
        list = stmt->insert_stmt->returning_list;
        n = stmt->insert_stmt->n_returning_list;
        break;
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        rv = stmt->update_stmt->relation;
        list = stmt->update_stmt->returning_list;
        n = stmt->update_stmt->n_returning_list;
        from = stmt->update_stmt->from_clause;
        nfrom = stmt->update_stmt->n_from_clause;
        with = stmt->update_stmt->with_clause;
        all_rtes = true;
        break;
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        rv = stmt->delete_stmt->relation;
        list = stmt->delete_stmt->returning_list;
        n = stmt->delete_stmt->n_returning_list;
        from = stmt->delete_stmt->using_clause;
        nfrom = stmt->delete_stmt->n_using_clause;
        with = stmt->delete_stmt->with_clause;
        all_rtes = true;
        break;
    default:
        return -1;
    }
    if (n == 0 || !rv) return -1;
    OmError err;
    error_clear(&err);
    StmtCtx sc;
    memset(&sc, 0, sizeof(sc));
    sc.session = s;
    sc.arena = arena_create(s->arena, "describe returning");
    sc.err = &err;
    sc.query_text = text;
    sql_binder_init(&sc);
    /* $n in the parts bound here (a WITH query, a FROM item) take the statement's
     * parameter types */
    sc.binder.param_cap = nparams > 0 ? nparams : 1;
    sc.binder.param_types = ARENA_NEW_ARRAY(sc.arena, OmType, sc.binder.param_cap);
    for (int i = 0; i < nparams; i++) sc.binder.param_types[i] = param_types[i];
    sc.binder.nparam_types = nparams;
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    int ne = -1;
    CatTable *t = bind_lookup_table(&sc.binder, rv, false);
    if (t) {
        BoundQuery *q;
        if (all_rtes) { /* the target and the FROM / USING items, as the statement binds them */
            PgQuery__SelectStmt sel;
            target_select(sc.arena, &sel, rv, from, nfrom, NULL, 0);
            sql_modify_cte_begin(&sc); /* planned, not run */
            q = sql_bind_modify_with(&sc, with, rv) == 0
                    ? bind_select(&sc.binder, NULL, &sel, sc.with_ctes)
                    : NULL;
        } else {
            q = sql_target_query(&sc, t, rv->alias ? rv->alias->aliasname : t->name, false);
        }
        Expr **exprs;
        const char **names;
        ne = q ? bind_returning(&sc, q, all_rtes, list, n, &exprs, &names) : -1;
        if (ne >= 0) {
            *cols = ARENA_NEW_ARRAY(arena, ResultColumn, ne > 0 ? ne : 1);
            for (int i = 0; i < ne; i++) {
                (*cols)[i].name = arena_strdup(arena, names[i] ? names[i] : "?column?");
                (*cols)[i].type = exprs[i]->type;
                uint32_t oid;
                int16_t attnum;
                sql_expr_source(q, exprs[i], &oid, &attnum);
                (*cols)[i].table_oid = oid;
                (*cols)[i].attnum = attnum;
            }
        }
    }
    catalog_unlock(cat);
    for (int i = 0; i < sc.binder.ntemp; i++) sysview_close(sc.binder.temp_tables[i]);
    arena_destroy(sc.arena);
    return ne;
}

static int check_target(StmtCtx *sc, CatTable *t)
{
    if (t->schema->is_system)
        return ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied for table %s",
                   t->name);
    return 0;
}

/* Starts `sel` as SELECT rel.ctid [, nmore targets to fill] FROM target [,
 * extra items] WHERE where: the target is range-table entry 0. */
static void target_select(Arena *a, PgQuery__SelectStmt *sel, PgQuery__RangeVar *target,
                          PgQuery__Node **extra, size_t nextra, PgQuery__Node *where, int nmore)
{
    PgQuery__SelectStmt init = PG_QUERY__SELECT_STMT__INIT;
    *sel = init;
    sel->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    sel->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
    const char *rel = target->alias ? target->alias->aliasname : target->relname;
    sel->n_target_list = (size_t)nmore + 1;
    sel->target_list = ARENA_NEW_ARRAY(a, PgQuery__Node *, nmore + 1);
    sel->target_list[0] = make_target(a, pgq_column_ref2(a, rel, "ctid", -1));
    PgQuery__Node *relnode = ARENA_NEW(a, PgQuery__Node);
    PgQuery__Node ninit = PG_QUERY__NODE__INIT;
    *relnode = ninit;
    relnode->node_case = PG_QUERY__NODE__NODE_RANGE_VAR;
    relnode->range_var = target;
    sel->n_from_clause = nextra + 1;
    sel->from_clause = ARENA_NEW_ARRAY(a, PgQuery__Node *, sel->n_from_clause);
    sel->from_clause[0] = relnode;
    for (size_t i = 0; i < nextra; i++) sel->from_clause[i + 1] = extra[i];
    sel->where_clause = where;
}

/* Puts the modify node over `child` and RETURNING over that. */
static int modify_plan(StmtCtx *sc, Planner *p, BoundQuery *q, PlanNode *child, CatTable *t,
                       bool is_delete, int nset, int *set_cols, const ModifyReturning *ret,
                       StmtPlan *out)
{
    PlanNode *mod = plan_make(p, PLAN_MODIFY, child, NULL);
    mod->u.modify.table = t;
    mod->u.modify.table_name = t->name;
    mod->u.modify.is_delete = is_delete;
    mod->u.modify.nset = nset;
    mod->u.modify.set_cols = set_cols;
    if (!is_delete && sql_bind_checks(sc, t, &mod->u.modify.checks, &mod->u.modify.nchecks) != 0)
        return -1;
    bool returning = ret->n > 0;
    mod->u.modify.returning = returning;
    mod->u.modify.nextra = ret->nextra;
    int nout = t->ncols + ret->nextra;
    OmType *types = ARENA_NEW_ARRAY(sc->arena, OmType, nout > 0 ? nout : 1);
    for (int c = 0; c < t->ncols; c++) types[c] = t->cols[c].type;
    for (int j = 0; j < ret->nextra; j++) types[t->ncols + j] = child->types[1 + nset + j];
    plan_set_output(p, mod, returning ? nout : 0, types);
    PlanNode *top = returning ? plan_returning(p, q, mod, ret->exprs, ret->names, ret->n,
                                               ret->extra_rte, ret->extra_att, ret->nextra)
                              : mod;
    if (!top) return -1;
    if (returning) sql_plan_set_sources(sc->arena, q, ret->exprs, ret->n, top);
    out->kind = is_delete ? STMT_PLAN_DELETE : STMT_PLAN_UPDATE;
    out->top = top;
    out->send_rows = returning;
    return 0;
}

int sql_bind_modify_with(StmtCtx *sc, PgQuery__WithClause *with, const PgQuery__RangeVar *target)
{
    /* the statement's own WITH may hold data-modifying queries; the WITH of
     * its SELECT part (INSERT ... SELECT) may not */
    bool top = sc->binder.modify_with_ok;
    sc->binder.modify_with_ok = false;
    sc->with_ctes = sc->outer_ctes;
    if (!with) return 0;
    for (size_t i = 0; target && i < with->n_ctes; i++) {
        const char *name = with->ctes[i]->common_table_expr->ctename;
        if (!(target->schemaname && target->schemaname[0]) && strcmp(name, target->relname) == 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "a WITH query named like the target table \"%s\" is not supported yet",
                       target->relname);
    }
    sc->binder.modify_with_ok = top;
    sc->with_ctes = bind_with_clause(&sc->binder, with, sc->outer_ctes);
    return sc->with_ctes ? 0 : -1;
}

/* The generated columns of t join the SET list (targets 1..nset of q, over
 * the target at rte 0), computed from the new values; one written as SET g =
 * DEFAULT takes its expression in place. */
static int add_generated(StmtCtx *sc, const CatTable *t, BoundQuery *q, int *nset_io,
                         int **set_cols_io, bool **is_default_io)
{
    if (!sql_table_has_generated(t)) return 0;
    Arena *a = sc->arena;
    int nset = *nset_io, *set_cols = *set_cols_io;
    bool *is_default = *is_default_io;
    int *cols = ARENA_NEW_ARRAY(a, int, nset + 1);
    Expr **vals = ARENA_NEW_ARRAY(a, Expr *, nset + 1);
    int nplain = 0;
    for (int i = 0; i < nset; i++)
        if (!t->cols[set_cols[i]].generated) {
            cols[nplain] = set_cols[i];
            vals[nplain++] = q->targets[i + 1];
        }
    int *gcols = ARENA_NEW_ARRAY(a, int, t->ncols + 1);
    Expr **gexprs = ARENA_NEW_ARRAY(a, Expr *, t->ncols + 1);
    int ngen = 0;
    if (sql_generated_for_set(sc, t, 0, nplain, cols, vals, &ngen, gcols, gexprs) != 0) return -1;
    if (ngen == 0) return 0;
    int cap = nset + ngen, extra = q->ntargets - 1 - nset;
    Expr **targets = ARENA_NEW_ARRAY(a, Expr *, q->ntargets + ngen);
    OmType *types = ARENA_NEW_ARRAY(a, OmType, q->ntargets + ngen);
    const char **names = ARENA_NEW_ARRAY(a, const char *, q->ntargets + ngen);
    int *new_cols = ARENA_NEW_ARRAY(a, int, cap);
    bool *new_default = ARENA_NEW_ARRAY(a, bool, cap);
    for (int i = 0; i <= nset; i++) {
        targets[i] = q->targets[i];
        types[i] = q->out_types[i];
        names[i] = q->target_names ? q->target_names[i] : NULL;
    }
    memcpy(new_cols, set_cols, sizeof(int) * (size_t)nset);
    memcpy(new_default, is_default, sizeof(bool) * (size_t)nset);
    int n = nset;
    for (int g = 0; g < ngen; g++) {
        int at = -1;
        for (int i = 0; i < nset; i++)
            if (set_cols[i] == gcols[g]) at = i;
        if (at < 0) at = n++;
        new_cols[at] = gcols[g];
        new_default[at] = false;
        targets[at + 1] = gexprs[g];
        types[at + 1] = gexprs[g]->type;
        names[at + 1] = t->cols[gcols[g]].name;
    }
    for (int j = 0; j < extra; j++) { /* anything bound after the SET values */
        targets[n + 1 + j] = q->targets[nset + 1 + j];
        types[n + 1 + j] = q->out_types[nset + 1 + j];
        names[n + 1 + j] = q->target_names ? q->target_names[nset + 1 + j] : NULL;
    }
    q->targets = targets;
    q->out_types = types;
    q->target_names = names;
    q->ntargets = n + 1 + extra;
    *nset_io = n;
    *set_cols_io = new_cols;
    *is_default_io = new_default;
    return 0;
}

int sql_plan_update(StmtCtx *sc, PgQuery__UpdateStmt *st, StmtPlan *out)
{
    sql_modify_cte_begin(sc);
    if (sql_bind_modify_with(sc, st->with_clause, st->relation) != 0) return -1;
    int rc = -1;
    Arena *a = sc->arena;
    CatTable *t = bind_lookup_target(&sc->binder, st->relation, "update");
    if (!t || check_target(sc, t) != 0) goto out;
    int nset = (int)st->n_target_list;
    int *set_cols = ARENA_NEW_ARRAY(a, int, nset > 0 ? nset : 1);
    bool *is_default = ARENA_NEW_ARRAY(a, bool, nset > 0 ? nset : 1);
    PgQuery__SelectStmt sel;
    target_select(a, &sel, st->relation, st->from_clause, st->n_from_clause, st->where_clause,
                  nset);
    for (int i = 0; i < nset; i++) {
        PgQuery__ResTarget *rt = st->target_list[i]->res_target;
        if (rt->n_indirection > 0) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "subscripts and fields in UPDATE SET are not supported");
            goto out;
        }
        PgQuery__Node *val = sql_set_target_value(sc, rt);
        if (!val) goto out;
        int ci = catalog_column_index(t, rt->name);
        if (ci < 0) {
            ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                "column \"%s\" of relation \"%s\" does not exist", rt->name, t->name);
            error_position(sc->err, rt->location + 1);
            goto out;
        }
        for (int k = 0; k < i; k++)
            if (set_cols[k] == ci) {
                ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "multiple assignments to same column \"%s\"",
                    rt->name);
                goto out;
            }
        set_cols[i] = ci;
        is_default[i] = val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT;
        if (!is_default[i] && sql_generated_refuse_write(sc, &t->cols[ci], true) != 0) goto out;
        if (t->cols[ci].identity == 'a' && !is_default[i]) {
            ERR(sc->err, SQLSTATE_GENERATED_ALWAYS, "column \"%s\" can only be updated to DEFAULT",
                rt->name);
            error_detail(sc->err,
                         "Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
                         rt->name);
            goto out;
        }
        sel.target_list[i + 1] = make_target(a, is_default[i] ? pgq_null_const(a) : val);
    }
    sc->binder.keep_unknown_targets = true;
    sc->binder.update_targets = true;
    sc->binder.modify_target = st->relation;
    BoundQuery *q = bind_select(&sc->binder, NULL, &sel, sc->with_ctes);
    sc->binder.modify_target = NULL;
    sc->binder.keep_unknown_targets = false;
    sc->binder.update_targets = false;
    if (!q) goto out;
    if (q->nwins > 0) {
        ERR(sc->err, SQLSTATE_WINDOWING_ERROR, "window functions are not allowed in UPDATE");
        goto out;
    }
    /* assignment casts, on the bound expressions (unknown literals take the column's type) */
    for (int i = 0; i < nset; i++) {
        if (is_default[i]) continue;
        const CatColumn *col = &t->cols[set_cols[i]];
        Expr *e = sql_coerce_for_column(sc, q->targets[i + 1], col, q->targets[i + 1]->location);
        if (!e) goto out;
        q->targets[i + 1] = e;
        q->out_types[i + 1] = e->type;
    }
    if (add_generated(sc, t, q, &nset, &set_cols, &is_default) != 0) goto out;
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    ModifyReturning ret;
    if (bind_modify_returning(sc, &p, q, st->returning_list, st->n_returning_list, &ret) != 0)
        goto out;
    PlanNode *child = plan_query(&p, q);
    if (!child) goto out;
    /* DEFAULTs on top (RETURNING's FROM-item columns pass through) */
    Expr **exprs = ARENA_NEW_ARRAY(a, Expr *, nset + 1 + ret.nextra);
    exprs[0] = expr_make_column(a, 0, child->types[0]);
    bool need = false;
    for (int i = 0; i < nset; i++) {
        const CatColumn *col = &t->cols[set_cols[i]];
        if (is_default[i]) {
            exprs[i + 1] = sql_bind_default(sc, t, set_cols[i]);
            if (!exprs[i + 1]) goto out;
            exprs[i + 1] = sql_coerce_for_column(sc, exprs[i + 1], col, -1);
            need = true;
        } else {
            exprs[i + 1] = expr_make_column(a, i + 1, child->types[i + 1]);
        }
        if (!exprs[i + 1]) goto out;
    }
    for (int j = 0; j < ret.nextra; j++)
        exprs[nset + 1 + j] = expr_make_column(a, nset + 1 + j, child->types[nset + 1 + j]);
    if (need) child = plan_project(&p, child, exprs, nset + 1 + ret.nextra);
    rc = modify_plan(sc, &p, q, child, t, false, nset, set_cols, &ret, out);
out:
    if (rc == 0) sql_modify_cte_finish(sc, out);
    return rc;
}

int sql_plan_delete(StmtCtx *sc, PgQuery__DeleteStmt *st, StmtPlan *out)
{
    sql_modify_cte_begin(sc);
    if (sql_bind_modify_with(sc, st->with_clause, st->relation) != 0) return -1;
    int rc = -1;
    Arena *a = sc->arena;
    CatTable *t = bind_lookup_target(&sc->binder, st->relation, "delete from");
    if (!t || check_target(sc, t) != 0) goto out;
    PgQuery__SelectStmt sel;
    target_select(a, &sel, st->relation, st->using_clause, st->n_using_clause, st->where_clause, 0);
    sc->binder.modify_target = st->relation;
    BoundQuery *q = bind_select(&sc->binder, NULL, &sel, sc->with_ctes);
    sc->binder.modify_target = NULL;
    if (!q) goto out;
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    ModifyReturning ret;
    if (bind_modify_returning(sc, &p, q, st->returning_list, st->n_returning_list, &ret) != 0)
        goto out;
    PlanNode *child = plan_query(&p, q);
    if (!child) goto out;
    rc = modify_plan(sc, &p, q, child, t, true, 0, NULL, &ret, out);
out:
    if (rc == 0) sql_modify_cte_finish(sc, out);
    return rc;
}

int sql_run_update(StmtCtx *sc, PgQuery__UpdateStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    StmtPlan sp;
    int rc = sql_plan_update(sc, st, &sp);
    if (rc == 0) rc = sql_run_stmt_plan(sc, &sp);
    catalog_unlock(cat);
    return rc;
}

int sql_run_delete(StmtCtx *sc, PgQuery__DeleteStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    StmtPlan sp;
    int rc = sql_plan_delete(sc, st, &sp);
    if (rc == 0) rc = sql_run_stmt_plan(sc, &sp);
    catalog_unlock(cat);
    return rc;
}

int sql_truncate_rows(StmtCtx *sc, CatTable *t)
{
    Arena *a = sc->arena;
    /* DELETE FROM t, planned directly: a scan of the row id */
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    PlanNode *scan = plan_make(&p, PLAN_SEQ_SCAN, NULL, NULL);
    scan->u.scan.table = t;
    scan->u.scan.table_name = t->name;
    scan->u.scan.alias = t->name;
    scan->u.scan.ncols = 1;
    scan->u.scan.col_ids = ARENA_NEW_ARRAY(a, int, 1);
    scan->u.scan.col_ids[0] = t->ncols;
    OmType rid = OM_TYPE(TYPE_INT8);
    plan_set_output(&p, scan, 1, &rid);
    PlanNode *mod = plan_make(&p, PLAN_MODIFY, scan, NULL);
    mod->u.modify.table = t;
    mod->u.modify.table_name = t->name;
    mod->u.modify.is_delete = true;
    mod->u.modify.no_fk_checks = true;
    mod->u.modify.truncate = true;
    plan_set_output(&p, mod, 0, NULL);
    uint64_t n = 0;
    return sql_run_plan(sc, mod, false, &n, false, NULL);
}

int sql_run_truncate(StmtCtx *sc, PgQuery__TruncateStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    int rc = 0;
    Arena *a = sc->arena;
    size_t nrel = st->n_relations;
    CatTable **rels = ARENA_NEW_ARRAY(a, CatTable *, nrel > 0 ? nrel : 1);
    for (size_t i = 0; i < nrel && rc == 0; i++) {
        rels[i] = bind_lookup_table(&sc->binder, st->relations[i]->range_var, false);
        if (rels[i] && rels[i]->matview)
            rc = ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", rels[i]->name);
        else if (!rels[i] || check_target(sc, rels[i]) != 0)
            rc = -1;
    }
    /* as PostgreSQL: a referenced table goes only with its referencing tables */
    for (size_t i = 0; i < nrel && rc == 0; i++) {
        CatTable *child;
        const CatForeignKey *fk;
        if (!catalog_fkey_referenced(cat, rels[i], &child, &fk)) continue;
        bool with_child = false;
        for (size_t k = 0; k < nrel; k++) with_child |= rels[k] == child;
        if (with_child) continue;
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "cannot truncate a table referenced in a foreign key constraint");
        error_detail(sc->err, "Table \"%s\" references \"%s\".", child->name, rels[i]->name);
        error_hint(sc->err, "Truncate table \"%s\" at the same time, or use TRUNCATE ... CASCADE.",
                   child->name);
        rc = -1;
    }
    if (rc == 0 && st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE)
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "TRUNCATE ... CASCADE is not supported yet");
    for (size_t i = 0; i < nrel && rc == 0; i++) rc = sql_truncate_rows(sc, rels[i]);
    /* RESTART IDENTITY: undone with the transaction (sql_seq_restart.h) */
    for (size_t i = 0; i < nrel && rc == 0 && st->restart_seqs; i++)
        rc = sql_seq_restart_table(sc, rels[i]);
    catalog_unlock(cat);
    if (rc == 0 && sc->sink->complete) sc->sink->complete(sc->sink->ctx, "TRUNCATE TABLE");
    return rc;
}
