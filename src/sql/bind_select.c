/*
 * bind_select.c — binding of SELECT: WITH, FROM (tables, subqueries, joins,
 * generate_series), WHERE, GROUP BY, HAVING, the target list (with * expansion
 * and PostgreSQL's output column names), DISTINCT, ORDER BY, LIMIT/OFFSET,
 * VALUES lists and set operations.
 *
 * Non-recursive CTEs are inlined: each reference binds the CTE's query again
 * as a subquery in FROM (PostgreSQL 12+ semantics for side-effect-free CTEs).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/sysview.h"
#include "exec/agg_registry.h"
#include "exec/func_registry.h"
#include "exec/srf.h"
#include "sql/binder.h"
#include "sql/sql_wal.h"
#include "sql/pgq_walk.h"

static int add_rte(Binder *b, BoundQuery *q, Rte *rte)
{
    q->rtes = arena_realloc(b->arena, q->rtes, sizeof(Rte *) * (size_t)q->nrtes,
                            sizeof(Rte *) * (size_t)(q->nrtes + 1));
    q->rtes[q->nrtes] = rte;
    return q->nrtes++;
}

static CatTable *open_sysview(Binder *b, const char *schema, const char *name, bool *failed)
{
    *failed = false;
    if (!sysview_exists(schema, name)) return NULL;
    CatTable *t = sysview_open(b->catalog, schema, name, b->settings, b->err);
    if (!t) {
        *failed = b->err->is_set;
        return NULL;
    }
    b->temp_tables = arena_realloc(b->arena, b->temp_tables, sizeof(CatTable *) * (size_t)b->ntemp,
                                   sizeof(CatTable *) * (size_t)(b->ntemp + 1));
    b->temp_tables[b->ntemp++] = t;
    return t;
}

int bind_lookup_relation(Binder *b, PgQuery__RangeVar *rv, bool missing_ok, CatTable **table,
                         CatView **view)
{
    CatTable *t = NULL;
    CatView *v = NULL;
    bool failed = false;
    bool qualified = rv->schemaname && rv->schemaname[0];
    *table = NULL;
    *view = NULL;
    /* pg_catalog is searched before the search_path, as in PostgreSQL */
    if (!qualified || strcmp(rv->schemaname, "pg_catalog") == 0 ||
        strcmp(rv->schemaname, "information_schema") == 0) {
        t = open_sysview(b, qualified ? rv->schemaname : NULL, rv->relname, &failed);
        if (failed) return -1;
        if (t) {
            *table = t;
            return 0;
        }
    }
    if (qualified) {
        CatSchema *s = catalog_schema_resolve(b->catalog, rv->schemaname, b->settings->search_path);
        t = s ? catalog_table_find(b->catalog, s, rv->relname) : NULL;
        v = s && !t ? catalog_view_find(b->catalog, s, rv->relname) : NULL;
        if ((t || v) && catalog_schema_other_temp(b->catalog, s, b->settings->search_path)) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "cannot access temporary tables of other sessions");
            error_position(b->err, loc1(rv->location));
            return -1;
        }
    } else {
        catalog_relation_lookup(b->catalog, b->settings->search_path, rv->relname, &t, &v);
    }
    /* another transaction's uncommitted CREATE TABLE, or ALTER TABLE */
    SqlSession *session = b->settings->views.session;
    if (t && session && sql_wal_table_hidden(session, t)) t = NULL;
    uint64_t holder = t && session ? sql_wal_table_locked(session, t) : 0;
    if (holder) {
        session->ddl_wait_txn = holder;
        ERR(b->err, SQLSTATE_OBJECT_IN_USE,
            "relation \"%s\" is being altered by another transaction", t->name);
        error_position(b->err, loc1(rv->location));
        return -1;
    }
    *table = t;
    *view = v;
    if (!t && !v && !missing_ok) {
        if (qualified)
            ERR(b->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist",
                rv->schemaname, rv->relname);
        else
            ERR(b->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
        error_position(b->err, loc1(rv->location));
        return -1;
    }
    return 0;
}

CatTable *bind_lookup_table(Binder *b, PgQuery__RangeVar *rv, bool missing_ok)
{
    CatTable *t;
    CatView *v;
    if (bind_lookup_relation(b, rv, missing_ok, &t, &v) != 0) return NULL;
    if (v && b->write_verb) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot %s view \"%s\"", b->write_verb,
            v->name);
        error_detail(b->err, "Writing to views is not supported yet.");
        return NULL;
    }
    if (v) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a table", v->name);
        return NULL;
    }
    if (t && t->matview && b->write_verb && !b->matview_write) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "cannot change materialized view \"%s\"", t->name);
        return NULL;
    }
    return t;
}

CatTable *bind_lookup_target(Binder *b, PgQuery__RangeVar *rv, const char *verb)
{
    b->write_verb = verb;
    CatTable *t = bind_lookup_table(b, rv, false);
    b->write_verb = NULL;
    return t;
}

static void apply_alias_colnames(Binder *b, Rte *rte, PgQuery__Alias *alias)
{
    if (!alias) return;
    rte->alias = arena_strdup(b->arena, alias->aliasname);
    if (alias->n_colnames > 0) {
        bool hidden = rte->kind == RTE_TABLE; /* keep the row id's slot */
        const char **names = ARENA_NEW_ARRAY(b->arena, const char *, rte->ncols + 1);
        for (int i = 0; i < rte->ncols; i++)
            names[i] = i < (int)alias->n_colnames ? pgq_str(alias->colnames[i]) : rte->colnames[i];
        if (hidden) names[rte->ncols] = rte->colnames[rte->ncols];
        rte->colnames = names;
    }
}

static Rte *rte_from_subquery(Binder *b, BoundQuery *sub, const char *alias, int location)
{
    Rte *rte = ARENA_NEW(b->arena, Rte);
    rte->kind = RTE_SUBQUERY;
    rte->subquery = sub;
    rte->alias = alias;
    rte->ncols = sub->ntargets;
    rte->colnames = sub->target_names;
    rte->types = sub->out_types;
    rte->location = location;
    return rte;
}

static JoinTree *jt_rte(Binder *b, int rte)
{
    JoinTree *jt = ARENA_NEW(b->arena, JoinTree);
    jt->kind = JT_RTE;
    jt->rte = rte;
    return jt;
}

static CteDef *find_cte(CteDef *ctes, const char *name)
{
    for (CteDef *c = ctes; c; c = c->next)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

/* Binds a subquery of the FROM clause: it sees outer query levels but not its
 * siblings (unless LATERAL), so the current level's entries are hidden
 * meanwhile. A LATERAL subquery sees the entries bound so far, the FROM items
 * to its left (PostgreSQL's p_lateral_active); its references to them make it
 * a dependent item that the planner runs per row of its left input. */
static BoundQuery *bind_lateral_subquery(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt)
{
    bool saved = scope->lateral_active;
    scope->lateral_active = true;
    BoundQuery *sub = bind_select(b, scope, stmt, scope->ctes);
    scope->lateral_active = saved;
    return sub;
}

static BoundQuery *bind_from_subquery(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt)
{
    bool *saved = scope->visible;
    int saved_n = scope->nvisible;
    bool none = false;
    scope->visible = &none;
    scope->nvisible = 0;
    BoundQuery *sub = bind_select(b, scope, stmt, scope->ctes);
    scope->visible = saved;
    scope->nvisible = saved_n;
    return sub;
}

static JoinTree *bind_from_item(Binder *b, BindScope *scope, PgQuery__Node *node);

static JoinTree *bind_range_var(Binder *b, BindScope *scope, PgQuery__RangeVar *rv)
{
    BoundQuery *q = scope->query;
    if (!rv->schemaname || !rv->schemaname[0]) {
        CteDef *cte = find_cte(scope->ctes, rv->relname);
        if (cte && cte->modify) {
            Rte *rte = bind_modify_cte_ref(b, cte, rv);
            if (!rte) return NULL;
            apply_alias_colnames(b, rte, rv->alias);
            return jt_rte(b, add_rte(b, q, rte));
        }
        if (cte && cte->in_recursive_with) {
            Rte *rte = bind_recursive_cte_ref(b, scope, cte, rv);
            if (!rte) return NULL;
            apply_alias_colnames(b, rte, rv->alias);
            return jt_rte(b, add_rte(b, q, rte));
        }
        if (cte) {
            PgQuery__Node *cq = cte->cte->ctequery;
            CteDef *saved_ctes = scope->ctes;
            scope->ctes = cte->next;
            BoundQuery *sub = bind_from_subquery(b, scope, cq->select_stmt);
            scope->ctes = saved_ctes;
            if (!sub) return NULL;
            if ((int)cte->cte->n_aliascolnames > sub->ntargets) {
                ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                    "WITH query \"%s\" has %d columns available but %d columns specified",
                    cte->name, sub->ntargets, (int)cte->cte->n_aliascolnames);
                error_position(b->err, loc1(cte->cte->location));
                return NULL;
            }
            Rte *rte = rte_from_subquery(b, sub, arena_strdup(b->arena, rv->relname), rv->location);
            rte->cte_name = cte->name;
            if (cte->cte->n_aliascolnames > 0) {
                const char **names = ARENA_NEW_ARRAY(b->arena, const char *, rte->ncols);
                for (int i = 0; i < rte->ncols; i++)
                    names[i] = i < (int)cte->cte->n_aliascolnames
                                   ? pgq_str(cte->cte->aliascolnames[i])
                                   : rte->colnames[i];
                rte->colnames = names;
            }
            apply_alias_colnames(b, rte, rv->alias);
            return jt_rte(b, add_rte(b, q, rte));
        }
    }
    CatTable *t;
    CatView *v;
    if (bind_lookup_relation(b, rv, true, &t, &v) != 0) return NULL;
    for (const CteWritten *w = t ? b->cte_written : NULL; w; w = w->next)
        if (w->table == t && (w->inserted || rv != b->modify_target)) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "reading table \"%s\", which WITH query \"%s\" inserts into or deletes from, "
                "is not supported yet",
                t->name, w->cte_name);
            error_position(b->err, loc1(rv->location));
            return NULL;
        }
    CatSequence *seq = !t && !v ? bind_sequence_relation(b, rv) : NULL;
    if (seq && b->rec) {
        /* a view would need a dependency on the sequence (DROP SEQUENCE) */
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "a view reading sequence \"%s\" is not supported", seq->name);
        error_position(b->err, loc1(rv->location));
        return NULL;
    }
    if (seq) {
        BoundQuery *sub = bind_sequence_query(b, seq);
        if (!sub) return NULL;
        Rte *rte = rte_from_subquery(b, sub, arena_strdup(b->arena, seq->name), loc1(rv->location));
        apply_alias_colnames(b, rte, rv->alias);
        return jt_rte(b, add_rte(b, q, rte));
    }
    if (!t && !v && bind_lookup_relation(b, rv, false, &t, &v) != 0) return NULL;
    if (b->rec) bind_rec_rangevar(b, rv, t ? t->oid : v->oid);
    if (v) {
        BoundQuery *sub = bind_view_query(b, v);
        if (!sub) return NULL;
        Rte *rte = rte_from_subquery(b, sub, arena_strdup(b->arena, v->name), loc1(rv->location));
        rte->view = v;
        apply_alias_colnames(b, rte, rv->alias);
        return jt_rte(b, add_rte(b, q, rte));
    }
    if (t->matview && !b->rec && t->oid != b->matview_target &&
        b->settings->views.matview_populated &&
        !b->settings->views.matview_populated(b->settings->views.session, t)) {
        ERR(b->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
            "materialized view \"%s\" has not been populated", t->name);
        error_hint(b->err, "Use the REFRESH MATERIALIZED VIEW command.");
        return NULL;
    }
    Rte *rte = ARENA_NEW(b->arena, Rte);
    rte->kind = RTE_TABLE;
    rte->table = t;
    rte->alias = arena_strdup(b->arena, t->name);
    rte->ncols = t->ncols;
    /* one slot more: the hidden row id ("ctid", attno == ncols) */
    rte->colnames = ARENA_NEW_ARRAY(b->arena, const char *, t->ncols + 1);
    rte->types = ARENA_NEW_ARRAY(b->arena, OmType, t->ncols + 1);
    for (int i = 0; i < t->ncols; i++) {
        rte->colnames[i] = t->cols[i].name;
        rte->types[i] = t->cols[i].type;
    }
    rte->colnames[t->ncols] = "ctid";
    rte->types[t->ncols] = OM_TYPE(TYPE_INT8);
    rte->location = loc1(rv->location);
    apply_alias_colnames(b, rte, rv->alias);
    return jt_rte(b, add_rte(b, q, rte));
}

/* Binds the arguments of a function in FROM: PostgreSQL makes every function
 * in FROM LATERAL, so they see the items to its left (the planner runs the
 * function per row of its left input when they use one). */
static bool bind_func_args(Binder *b, BindScope *scope, PgQuery__Node **argv, int n, Expr **args)
{
    BindClause saved = scope->clause;
    bool saved_lateral = scope->lateral_active;
    scope->clause = CLAUSE_FUNC_ARGS;
    scope->lateral_active = true;
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        args[i] = bind_expr(b, scope, argv[i]);
        ok = args[i] != NULL;
    }
    scope->clause = saved;
    scope->lateral_active = saved_lateral;
    return ok;
}

/* The schema a call names (schema.f(...)), or NULL. */
static const char *func_schema(const PgQuery__FuncCall *fc)
{
    return fc->n_funcname >= 2 ? pgq_str(fc->funcname[fc->n_funcname - 2]) : NULL;
}

/* One set-returning call of FROM: its SrfDef, its arguments bound and coerced
 * as the function's resolve hook asks, and its result columns' types
 * (out[0..srf_ncols(def))). */
static int bind_from_srf(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, PgQuery__Node **argv,
                         int n, const SrfDef **def_out, Expr ***args_out, OmType *out)
{
    const char *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
    const SrfDef *def = srf_lookup_schema(func_schema(fc), name);
    if (!def) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "table function %s is not supported yet", name);
        error_position(b->err, loc1(fc->location));
        return -1;
    }
    if (n < def->min_args || n > def->max_args || n > 8) {
        ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "function %s with %d arguments does not exist",
            name, n);
        error_position(b->err, loc1(fc->location));
        return -1;
    }
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    if (!bind_func_args(b, scope, argv, n, args)) return -1;
    /* the overload, as for a call in the SELECT list (exec/srf.c) */
    OmType types[8];
    for (int i = 0; i < n; i++) types[i] = args[i]->type;
    if (def->resolve(types, n, out, b->err) != 0) {
        error_position(b->err, loc1(fc->location));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        args[i] = bind_coerce(b, args[i], types[i], CAST_IMPLICIT, fc->location);
        if (!args[i]) return -1;
    }
    *def_out = def;
    *args_out = args;
    return 0;
}

/* A function in FROM that returns one value (upper('x'), now(), a
 * CallableStatement's "select * from f($1) as result"): one row with one
 * column, bound as the subquery SELECT f(...) AS name. The column is named by
 * the alias's column list, else by a bare alias, else by the function, as in
 * PostgreSQL; like every function in FROM it may read earlier FROM items
 * (LATERAL). */
static JoinTree *bind_scalar_function_in_from(Binder *b, BindScope *scope,
                                              PgQuery__RangeFunction *rf, PgQuery__Node *fnode,
                                              const char *name, const char *out_col)
{
    PgQuery__FuncCall *fc = fnode->func_call;
    if (agg_name_known(name)) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR,
            "aggregate functions are not allowed in functions in FROM");
        error_position(b->err, loc1(fc->location));
        return NULL;
    }
    const char *alias = rf->alias ? rf->alias->aliasname : name;
    PgQuery__ResTarget *rt = ARENA_NEW(b->arena, PgQuery__ResTarget);
    *rt = (PgQuery__ResTarget)PG_QUERY__RES_TARGET__INIT;
    rt->name = (char *)(out_col ? out_col : alias);
    rt->val = fnode;
    rt->location = fc->location;
    PgQuery__Node *item = ARENA_NEW(b->arena, PgQuery__Node);
    *item = (PgQuery__Node)PG_QUERY__NODE__INIT;
    item->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    item->res_target = rt;
    PgQuery__Node **targets = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, 1);
    targets[0] = item;
    PgQuery__SelectStmt *sel = ARENA_NEW(b->arena, PgQuery__SelectStmt);
    *sel = (PgQuery__SelectStmt)PG_QUERY__SELECT_STMT__INIT;
    sel->n_target_list = 1;
    sel->target_list = targets;
    sel->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    BoundQuery *sub = bind_lateral_subquery(b, scope, sel);
    if (!sub) return NULL;
    if (rf->ordinality) { /* WITH ORDINALITY: the one row is number 1 */
        int n = sub->ntargets;
        Expr **targets2 = ARENA_NEW_ARRAY(b->arena, Expr *, n + 1);
        const char **names2 = ARENA_NEW_ARRAY(b->arena, const char *, n + 1);
        OmType *types2 = ARENA_NEW_ARRAY(b->arena, OmType, n + 1);
        memcpy(targets2, sub->targets, sizeof(Expr *) * (size_t)n);
        memcpy(names2, sub->target_names, sizeof(char *) * (size_t)n);
        memcpy(types2, sub->out_types, sizeof(OmType) * (size_t)n);
        Value one;
        memset(&one, 0, sizeof(one));
        one.type = OM_TYPE(TYPE_INT8);
        one.u.i64 = 1;
        targets2[n] = expr_make_const(b->arena, &one);
        names2[n] = "ordinality";
        types2[n] = one.type;
        sub->targets = targets2;
        sub->target_names = names2;
        sub->out_types = types2;
        sub->ntargets = n + 1;
    }
    Rte *rte = rte_from_subquery(b, sub, NULL, 0);
    rte->alias = arena_strdup(b->arena, alias);
    apply_alias_colnames(b, rte, rf->alias);
    return jt_rte(b, add_rte(b, scope->query, rte));
}

static JoinTree *function_rte(Binder *b, BindScope *scope, PgQuery__RangeFunction *rf, int ncalls,
                              const SrfDef **defs, int *argc, Expr **all, OmType *types,
                              int nfcols);

/* A PL/pgSQL function in FROM: a function scan that runs it (exec/func_plcall.h),
 * its arguments able to read earlier FROM items (LATERAL). */
static JoinTree *pl_function_in_from(Binder *b, BindScope *scope, PgQuery__RangeFunction *rf,
                                     PgQuery__FuncCall *fc, const CatFunction *f, Expr **placed)
{
    int ncols = f->nout > 0 ? f->nout : 1;
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, ncols + 1);
    Expr **args = NULL;
    const SrfDef **defs = ARENA_NEW(b->arena, const SrfDef *);
    *defs = pl_bind_from(b, f, placed, fc->location, &args, types);
    if (!*defs) return NULL;
    int *argc = ARENA_NEW(b->arena, int);
    *argc = f->nargs + 1;
    return function_rte(b, scope, rf, 1, defs, argc, args, types, ncols);
}

/* A user-defined SQL function in FROM (bind_function.c) that returns rows
 * (SETOF, TABLE, OUT arguments, a table's row type): its body as a subquery
 * whose parameters are the arguments, bound here and so able to read earlier
 * FROM items (LATERAL). *handled false when no user function fits or it
 * returns one value (then the caller binds it as SELECT f(...)). */
static JoinTree *bind_user_function_in_from(Binder *b, BindScope *scope, PgQuery__RangeFunction *rf,
                                            PgQuery__FuncCall *fc, bool *handled,
                                            const char **out_col)
{
    *handled = false;
    *out_col = NULL;
    const char *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
    int n = (int)fc->n_args;
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, n > 0 ? n : 1);
    PgQuery__Node **argv = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, n > 0 ? n : 1);
    if (bind_split_named_args(b, fc, argv, names) != 0) return NULL;
    if (!bind_func_args(b, scope, argv, n, args)) return NULL;
    Expr **placed = NULL;
    const CatFunction *f =
        bind_user_function_resolve(b, func_schema(fc), name, args, names, n, fc->location, &placed);
    if (f && f->out_name[0]) *out_col = arena_strdup(b->arena, f->out_name);
    if (!f || (!f->retset && f->nout == 0)) return NULL;
    *handled = true;
    if (f->lang == CAT_LANG_PLPGSQL) return pl_function_in_from(b, scope, rf, fc, f, placed);
    if (rf->ordinality) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "WITH ORDINALITY over a SQL function is not supported yet");
        error_position(b->err, loc1(fc->location));
        return NULL;
    }
    BoundQuery *q = bind_user_function_rows(b, f, placed, fc->location);
    if (!q) return NULL;
    Rte *rte = rte_from_subquery(b, q, f->name, fc->location);
    rte->fn_body = true;
    rte->nfuncargs = f->nargs;
    rte->funcargs = placed;
    for (int c = 0; c < rte->ncols; c++)
        rte->colnames[c] = f->nout > 0      ? arena_strdup(b->arena, f->out[c].name)
                           : f->out_name[0] ? arena_strdup(b->arena, f->out_name)
                                            : (rf->alias ? rf->alias->aliasname : f->name);
    if (rf->alias) {
        rte->alias = arena_strdup(b->arena, rf->alias->aliasname);
        if ((int)rf->alias->n_colnames > rte->ncols) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "table \"%s\" has %d columns available but %d columns specified", rte->alias,
                rte->ncols, (int)rf->alias->n_colnames);
            return NULL;
        }
        for (size_t c = 0; c < rf->alias->n_colnames; c++)
            rte->colnames[c] = pgq_str(rf->alias->colnames[c]);
    }
    return jt_rte(b, add_rte(b, scope->query, rte));
}

/* A function in FROM: f(...), ROWS FROM (f(...), g(...)), unnest(a, b, ...)
 * (which PostgreSQL reads as ROWS FROM (unnest(a), unnest(b), ...)), each
 * optionally WITH ORDINALITY. Columns: one per call, named by the alias's
 * column list, else by the function (a single call: by the alias), then
 * "ordinality". */
static JoinTree *bind_range_function(Binder *b, BindScope *scope, PgQuery__RangeFunction *rf)
{
    enum { MAX_CALLS = 64 };
    PgQuery__FuncCall *calls[MAX_CALLS];
    PgQuery__Node **argvs[MAX_CALLS];
    int argcs[MAX_CALLS];
    int ncalls = 0;
    for (size_t f = 0; f < rf->n_functions; f++) {
        PgQuery__List *pair = rf->functions[f]->list;
        PgQuery__Node *fnode = pair->items[0];
        if (fnode->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "this table function is not supported");
            return NULL;
        }
        if (pair->n_items > 1 && pair->items[1] != NULL &&
            pair->items[1]->node_case == PG_QUERY__NODE__NODE_LIST &&
            pair->items[1]->list->n_items > 0) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "column definition lists for functions are not supported");
            return NULL;
        }
        PgQuery__FuncCall *fc = fnode->func_call;
        const char *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
        const char *out_col = NULL;
        if (!rf->is_rowsfrom && rf->n_functions == 1 && !srf_lookup_schema(func_schema(fc), name) &&
            b->catalog && catalog_function_name_used(b->catalog, name)) {
            bool handled;
            JoinTree *jt = bind_user_function_in_from(b, scope, rf, fc, &handled, &out_col);
            if (handled || b->err->is_set) return jt;
        }
        if (!rf->is_rowsfrom && rf->n_functions == 1 && !srf_lookup_schema(func_schema(fc), name))
            return bind_scalar_function_in_from(b, scope, rf, fnode, name, out_col);
        bool split = !rf->is_rowsfrom && strcmp(name, "unnest") == 0 && fc->n_args > 1;
        int parts = split ? (int)fc->n_args : 1;
        for (int k = 0; k < parts; k++) {
            if (ncalls == MAX_CALLS) {
                ERR(b->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                    "too many functions in ROWS FROM (at most %d)", MAX_CALLS);
                return NULL;
            }
            calls[ncalls] = fc;
            argvs[ncalls] = split ? &fc->args[k] : fc->args;
            argcs[ncalls] = split ? 1 : (int)fc->n_args;
            ncalls++;
        }
    }
    if (ncalls == 0) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR, "a function in FROM needs a call");
        return NULL;
    }
    const SrfDef **defs = ARENA_NEW_ARRAY(b->arena, const SrfDef *, ncalls);
    int *argc = ARENA_NEW_ARRAY(b->arena, int, ncalls);
    int total = 0;
    for (int f = 0; f < ncalls; f++) total += argcs[f];
    Expr **all = ARENA_NEW_ARRAY(b->arena, Expr *, total > 0 ? total : 1);
    /* a call may give several columns (json_each: key, value) */
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, ncalls * SRF_MAX_COLS + 1);
    int at = 0, nfcols = 0;
    for (int f = 0; f < ncalls; f++) {
        Expr **args;
        if (bind_from_srf(b, scope, calls[f], argvs[f], argcs[f], &defs[f], &args,
                          &types[nfcols]) != 0)
            return NULL;
        nfcols += srf_ncols(defs[f]);
        for (int i = 0; i < argcs[f]; i++) all[at++] = args[i];
        argc[f] = argcs[f];
    }
    return function_rte(b, scope, rf, ncalls, defs, argc, all, types, nfcols);
}

/* The FROM item of ncalls SRF calls (defs[i] over argc[i] of `all`, in
 * order) giving nfcols columns of types[0..nfcols) (room for one more:
 * WITH ORDINALITY's), named by the alias. */
static JoinTree *function_rte(Binder *b, BindScope *scope, PgQuery__RangeFunction *rf, int ncalls,
                              const SrfDef **defs, int *argc, Expr **all, OmType *types, int nfcols)
{
    int total = 0;
    for (int f = 0; f < ncalls; f++) total += argc[f];
    int ncols = nfcols + (rf->ordinality ? 1 : 0);
    if (rf->ordinality) types[nfcols] = OM_TYPE(TYPE_INT8);
    Rte *rte = ARENA_NEW(b->arena, Rte);
    rte->kind = RTE_FUNCTION;
    rte->func = FUNCSCAN_GENERATE_SERIES;
    rte->srf = defs[0];
    rte->nfuncargs = total;
    rte->funcargs = all;
    rte->nfuncs = ncalls;
    rte->srfs = defs;
    rte->func_argc = argc;
    rte->ordinality = rf->ordinality;
    rte->ncols = ncols;
    rte->colnames = ARENA_NEW_ARRAY(b->arena, const char *, ncols);
    for (int f = 0, c = 0; f < ncalls; f++)
        for (int k = 0; k < srf_ncols(defs[f]); k++)
            rte->colnames[c++] = defs[f]->colnames ? defs[f]->colnames[k] : defs[f]->name;
    if (rf->ordinality) rte->colnames[nfcols] = "ordinality";
    rte->types = types;
    rte->alias = defs[0]->name;
    if (rf->alias) {
        rte->alias = arena_strdup(b->arena, rf->alias->aliasname);
        /* A single function's alias without column names also names its
         * column, unless an OUT parameter does. */
        if (ncalls == 1 && rf->alias->n_colnames == 0 && !defs[0]->colnames)
            rte->colnames[0] = rte->alias;
        if ((int)rf->alias->n_colnames > ncols) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "table \"%s\" has %d columns available but %d columns specified", rte->alias, ncols,
                (int)rf->alias->n_colnames);
            return NULL;
        }
        for (size_t c = 0; c < rf->alias->n_colnames; c++)
            rte->colnames[c] = pgq_str(rf->alias->colnames[c]);
    }
    return jt_rte(b, add_rte(b, scope->query, rte));
}

static bool jt_contains_jt(const JoinTree *outer, const JoinTree *inner)
{
    if (!outer) return false;
    if (outer == inner) return true;
    return outer->kind == JT_JOIN &&
           (jt_contains_jt(outer->left, inner) || jt_contains_jt(outer->right, inner));
}

static bool name_in(const char *name, const char **names, int n);

/* Every column of jt in PostgreSQL's join-RTE order: an entry's columns; an
 * aliased join's; for an unaliased join its merged USING columns, then the
 * left side's and the right side's other columns. Names in skip are left
 * out. Appends to names/exprs (grown in the arena). */
static int jt_columns(Binder *b, BoundQuery *q, const JoinTree *jt, const char **skip, int nskip,
                      const char ***names, Expr ***exprs, int *n, int *cap)
{
    const char **add_names = NULL;
    Expr **add_exprs = NULL;
    int nadd = 0;
    if (jt->kind == JT_RTE) {
        const Rte *r = q->rtes[jt->rte];
        add_names = r->colnames;
        nadd = r->ncols;
        add_exprs = ARENA_NEW_ARRAY(b->arena, Expr *, nadd > 0 ? nadd : 1);
        for (int c = 0; c < nadd; c++) {
            Expr *v = ARENA_NEW(b->arena, Expr);
            v->kind = EXPR_VAR;
            v->type = r->types[c];
            v->u.var.rte = jt->rte;
            v->u.var.attno = c;
            add_exprs[c] = v;
        }
    } else if (jt->alias) {
        add_names = jt->alias->colnames;
        add_exprs = jt->alias->exprs;
        nadd = jt->alias->ncols;
    } else {
        const char **all = ARENA_NEW_ARRAY(b->arena, const char *, nskip + jt->nusing + 1);
        for (int i = 0; i < nskip; i++) all[i] = skip[i];
        for (int u = 0; u < jt->nusing; u++) {
            const char *name = jt->using_names[u];
            all[nskip + u] = name;
            if (name_in(name, skip, nskip)) continue;
            bool amb = false;
            Expr *e = bind_jointree_column(b, q, jt, name, &amb);
            if (!e) return -1;
            if (*n == *cap) {
                int nc = *cap ? *cap * 2 : 16;
                *names = arena_realloc(b->arena, *names, sizeof(char *) * (size_t)*cap,
                                       sizeof(char *) * (size_t)nc);
                *exprs = arena_realloc(b->arena, *exprs, sizeof(Expr *) * (size_t)*cap,
                                       sizeof(Expr *) * (size_t)nc);
                *cap = nc;
            }
            (*names)[*n] = name;
            (*exprs)[(*n)++] = e;
        }
        if (jt_columns(b, q, jt->left, all, nskip + jt->nusing, names, exprs, n, cap) != 0)
            return -1;
        return jt_columns(b, q, jt->right, all, nskip + jt->nusing, names, exprs, n, cap);
    }
    for (int c = 0; c < nadd; c++) {
        if (name_in(add_names[c], skip, nskip)) continue;
        if (*n == *cap) {
            int nc = *cap ? *cap * 2 : 16;
            *names = arena_realloc(b->arena, *names, sizeof(char *) * (size_t)*cap,
                                   sizeof(char *) * (size_t)nc);
            *exprs = arena_realloc(b->arena, *exprs, sizeof(Expr *) * (size_t)*cap,
                                   sizeof(Expr *) * (size_t)nc);
            *cap = nc;
        }
        (*names)[*n] = add_names[c];
        (*exprs)[(*n)++] = add_exprs[c];
    }
    return 0;
}

/* Hides every entry and join alias under jt (it now has an alias). */
static void hide_under(BindScope *scope, const JoinTree *jt)
{
    if (jt->kind == JT_RTE) {
        scope->query->rtes[jt->rte]->join_hidden = true;
        return;
    }
    hide_under(scope, jt->left);
    hide_under(scope, jt->right);
}

/* `(...) AS name [(cols)]` on jt (using_only: `USING (...) AS name`). */
static int bind_join_alias(Binder *b, BindScope *scope, JoinTree *jt, PgQuery__Alias *alias,
                           bool using_only)
{
    JoinAlias *ja = ARENA_NEW(b->arena, JoinAlias);
    ja->name = arena_strdup(b->arena, alias->aliasname);
    ja->jt = jt;
    ja->using_only = using_only;
    if (using_only) {
        ja->ncols = jt->nusing;
        ja->colnames = jt->using_names;
        ja->exprs = ARENA_NEW_ARRAY(b->arena, Expr *, jt->nusing > 0 ? jt->nusing : 1);
        for (int u = 0; u < jt->nusing; u++) {
            bool amb = false;
            ja->exprs[u] = bind_jointree_column(b, scope->query, jt, jt->using_names[u], &amb);
            if (!ja->exprs[u]) return -1;
        }
    } else {
        int cap = 0;
        Expr **exprs = NULL;
        const char **names = NULL;
        if (jt_columns(b, scope->query, jt, NULL, 0, &names, &exprs, &ja->ncols, &cap) != 0)
            return -1;
        ja->exprs = exprs;
        ja->colnames = ARENA_NEW_ARRAY(b->arena, const char *, ja->ncols > 0 ? ja->ncols : 1);
        for (int c = 0; c < ja->ncols; c++) ja->colnames[c] = names[c];
        if ((int)alias->n_colnames > ja->ncols) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "join expression \"%s\" has %d columns available but %d columns specified",
                ja->name, ja->ncols, (int)alias->n_colnames);
            return -1;
        }
        for (size_t c = 0; c < alias->n_colnames; c++)
            ja->colnames[c] = arena_strdup(b->arena, pgq_str(alias->colnames[c]));
        /* the inputs' names, and the aliases of joins inside, are gone */
        hide_under(scope, jt);
        for (int j = 0; j < scope->njoin_aliases; j++)
            if (jt_contains_jt(jt, scope->join_aliases[j]->jt))
                scope->join_aliases[j]->hidden = true;
        jt->alias = ja;
    }
    scope->join_aliases = arena_realloc(b->arena, scope->join_aliases,
                                        sizeof(JoinAlias *) * (size_t)scope->njoin_aliases,
                                        sizeof(JoinAlias *) * (size_t)(scope->njoin_aliases + 1));
    scope->join_aliases[scope->njoin_aliases++] = ja;
    return 0;
}

static JoinTree *bind_join(Binder *b, BindScope *scope, PgQuery__JoinExpr *je)
{
    JoinTree *l = bind_from_item(b, scope, je->larg);
    if (!l) return NULL;
    /* LATERAL items on the right of a RIGHT or FULL join may not use its left
     * side (SQL:2008 makes that an error rather than hiding the names) */
    bool *saved_bad = scope->lateral_bad;
    int saved_nbad = scope->nlateral_bad;
    if (je->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ||
        je->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL) {
        int nrtes = scope->query->nrtes;
        bool *bad = ARENA_NEW_ARRAY(b->arena, bool, nrtes > 0 ? nrtes : 1);
        for (int i = 0; i < saved_nbad && i < nrtes; i++) bad[i] = saved_bad[i];
        for (int i = 0; i < nrtes; i++)
            if (bind_jointree_has_rte(l, i)) bad[i] = true;
        scope->lateral_bad = bad;
        scope->nlateral_bad = nrtes;
    }
    JoinTree *r = bind_from_item(b, scope, je->rarg);
    scope->lateral_bad = saved_bad;
    scope->nlateral_bad = saved_nbad;
    if (!r) return NULL;
    JoinTree *jt = ARENA_NEW(b->arena, JoinTree);
    jt->kind = JT_JOIN;
    jt->left = l;
    jt->right = r;
    switch (je->jointype) {
    case PG_QUERY__JOIN_TYPE__JOIN_INNER:
        jt->type = JOIN_INNER;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
        jt->type = JOIN_LEFT;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
        jt->type = JOIN_RIGHT;
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL:
        jt->type = JOIN_FULL;
        break;
    default:
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "this join type is not supported");
        return NULL;
    }
    /* USING / NATURAL: equality on the named common columns. */
    const char **names = NULL;
    int nnames = 0;
    if (je->is_natural) {
        const char **lnames = NULL;
        Expr **lexprs = NULL;
        int nl = 0, lcap = 0;
        if (jt_columns(b, scope->query, l, NULL, 0, &lnames, &lexprs, &nl, &lcap) != 0) return NULL;
        names = ARENA_NEW_ARRAY(b->arena, const char *, nl > 0 ? nl : 1);
        for (int i = 0; i < nl; i++) {
            bool amb = false;
            if (bind_jointree_column(b, scope->query, r, lnames[i], &amb) || amb) {
                if (!name_in(lnames[i], names, nnames)) names[nnames++] = lnames[i];
            }
        }
    } else if (je->n_using_clause > 0) {
        nnames = (int)je->n_using_clause;
        names = ARENA_NEW_ARRAY(b->arena, const char *, nnames);
        for (int i = 0; i < nnames; i++) names[i] = pgq_str(je->using_clause[i]);
    }
    Expr *quals = NULL;
    if (nnames > 0) {
        Expr **eqs = ARENA_NEW_ARRAY(b->arena, Expr *, nnames);
        for (int i = 0; i < nnames; i++) {
            bool amb_l = false, amb_r = false;
            Expr *lv = bind_jointree_column(b, scope->query, l, names[i], &amb_l);
            Expr *rv = bind_jointree_column(b, scope->query, r, names[i], &amb_r);
            if (b->err->is_set) return NULL;
            if (amb_l || amb_r) {
                ERR(b->err, SQLSTATE_AMBIGUOUS_COLUMN,
                    "common column name \"%s\" appears more than once in %s table", names[i],
                    amb_l ? "left" : "right");
                return NULL;
            }
            if (!lv || !rv) {
                ERR(b->err, SQLSTATE_UNDEFINED_COLUMN,
                    "column \"%s\" specified in USING clause does not exist in %s table", names[i],
                    lv ? "right" : "left");
                return NULL;
            }
            eqs[i] = bind_operator(b, "=", lv, rv, -1);
            if (!eqs[i]) return NULL;
        }
        if (nnames == 1) {
            quals = eqs[0];
        } else {
            quals = ARENA_NEW(b->arena, Expr);
            quals->kind = EXPR_AND;
            quals->type = OM_TYPE(TYPE_BOOL);
            quals->nargs = nnames;
            quals->args = eqs;
        }
        jt->nusing = nnames;
        jt->using_names = names;
    } else if (je->quals) {
        /* ON sees the join's own items only (and outer levels) */
        bool *saved_vis = scope->visible;
        int saved_nvis = scope->nvisible;
        int nrtes = scope->query->nrtes;
        bool *vis = ARENA_NEW_ARRAY(b->arena, bool, nrtes > 0 ? nrtes : 1);
        for (int i = 0; i < nrtes; i++)
            vis[i] = bind_jointree_has_rte(l, i) || bind_jointree_has_rte(r, i);
        scope->visible = vis;
        scope->nvisible = nrtes;
        BindClause saved = scope->clause;
        scope->clause = CLAUSE_JOIN_ON;
        quals = bind_bool_expr(b, scope, je->quals, "JOIN/ON");
        scope->clause = saved;
        scope->visible = saved_vis;
        scope->nvisible = saved_nvis;
        if (!quals) return NULL;
    }
    jt->quals = quals;
    scope->joins = arena_realloc(b->arena, scope->joins, sizeof(JoinTree *) * (size_t)scope->njoins,
                                 sizeof(JoinTree *) * (size_t)(scope->njoins + 1));
    scope->joins[scope->njoins++] = jt;
    if (je->join_using_alias && bind_join_alias(b, scope, jt, je->join_using_alias, true) != 0)
        return NULL;
    if (je->alias && bind_join_alias(b, scope, jt, je->alias, false) != 0) return NULL;
    return jt;
}

static JoinTree *bind_from_item(Binder *b, BindScope *scope, PgQuery__Node *node)
{
    switch (node->node_case) {
    case PG_QUERY__NODE__NODE_RANGE_VAR:
        return bind_range_var(b, scope, node->range_var);
    case PG_QUERY__NODE__NODE_JOIN_EXPR:
        return bind_join(b, scope, node->join_expr);
    case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
        PgQuery__RangeSubselect *rs = node->range_subselect;
        if (!rs->alias) {
            ERR(b->err, SQLSTATE_SYNTAX_ERROR, "subquery in FROM must have an alias");
            error_hint(b->err, "For example, FROM (SELECT ...) [AS] foo.");
            return NULL;
        }
        BoundQuery *sub = rs->lateral ? bind_lateral_subquery(b, scope, rs->subquery->select_stmt)
                                      : bind_from_subquery(b, scope, rs->subquery->select_stmt);
        if (!sub) return NULL;
        Rte *rte = rte_from_subquery(b, sub, NULL, 0);
        apply_alias_colnames(b, rte, rs->alias);
        return jt_rte(b, add_rte(b, scope->query, rte));
    }
    case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
        return bind_range_function(b, scope, node->range_function);
    default:
        break;
    }
    ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "this FROM item is not supported yet");
    return NULL;
}

/* ---- target list ---- */

typedef struct TargetList {
    int n, cap;
    Expr **exprs;
    const char **names;
} TargetList;

static void tl_add(Binder *b, TargetList *tl, Expr *e, const char *name)
{
    if (tl->n == tl->cap) {
        int cap = tl->cap ? tl->cap * 2 : 16;
        tl->exprs = arena_realloc(b->arena, tl->exprs, sizeof(Expr *) * (size_t)tl->cap,
                                  sizeof(Expr *) * (size_t)cap);
        tl->names = arena_realloc(b->arena, tl->names, sizeof(char *) * (size_t)tl->cap,
                                  sizeof(char *) * (size_t)cap);
        tl->cap = cap;
    }
    tl->exprs[tl->n] = e;
    tl->names[tl->n] = name;
    tl->n++;
}

static Expr *var_of(Binder *b, BoundQuery *q, int rte, int attno)
{
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_VAR;
    e->type = q->rtes[rte]->types[attno];
    e->u.var.rte = rte;
    e->u.var.attno = attno;
    return e;
}

static bool name_in(const char *name, const char **names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) return true;
    return false;
}

/* Expands * over a join tree: USING columns once (merged), then the rest;
 * an aliased join's columns under their aliases. */
static int expand_star_tree(Binder *b, BindScope *scope, const JoinTree *jt, TargetList *tl,
                            const char **skip, int nskip)
{
    const char **names = NULL;
    Expr **exprs = NULL;
    int n = 0, cap = 0;
    if (jt_columns(b, scope->query, jt, skip, nskip, &names, &exprs, &n, &cap) != 0) return -1;
    for (int i = 0; i < n; i++) tl_add(b, tl, exprs[i], names[i]);
    return 0;
}

/* Expands `*` (over every FROM item) or `rel.*` into Vars. */
static int expand_star(Binder *b, BindScope *scope, const PgQuery__ColumnRef *cr, TargetList *tl)
{
    BoundQuery *q = scope->query;
    if (cr->n_fields == 1) {
        for (int f = 0; f < q->nfrom; f++)
            if (expand_star_tree(b, scope, q->from[f], tl, NULL, 0) != 0) return -1;
        return 0;
    }
    const char *rel = pgq_str(cr->fields[cr->n_fields - 2]);
    for (int j = 0; j < scope->njoin_aliases; j++) {
        const JoinAlias *ja = scope->join_aliases[j];
        if (ja->hidden || strcmp(ja->name, rel) != 0) continue;
        for (int c = 0; c < ja->ncols; c++) tl_add(b, tl, ja->exprs[c], ja->colnames[c]);
        return 0;
    }
    int found = -1;
    for (int r = 0; r < q->nrtes; r++)
        if (q->rtes[r]->alias && strcmp(q->rtes[r]->alias, rel) == 0 &&
            (found < 0 || q->rtes[found]->join_hidden))
            found = r;
    if (found >= 0 && q->rtes[found]->join_hidden) {
        ERR(b->err, SQLSTATE_UNDEFINED_TABLE,
            "invalid reference to FROM-clause entry for table \"%s\"", rel);
        error_hint(b->err,
                   "There is an entry for table \"%s\", but it cannot be referenced from this "
                   "part of the query.",
                   rel);
        error_position(b->err, loc1(cr->location));
        return -1;
    }
    if (found < 0) {
        ERR(b->err, SQLSTATE_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"", rel);
        error_position(b->err, loc1(cr->location));
        return -1;
    }
    Rte *r = q->rtes[found];
    for (int c = 0; c < r->ncols; c++) tl_add(b, tl, var_of(b, q, found, c), r->colnames[c]);
    return 0;
}

int bind_expand_star(Binder *b, BindScope *scope, const PgQuery__ColumnRef *cr, Expr ***exprs,
                     const char ***names)
{
    TargetList tl = {0};
    if (expand_star(b, scope, cr, &tl) != 0) return -1;
    *exprs = tl.exprs;
    *names = tl.names;
    return tl.n;
}

/* PostgreSQL's FigureColname: the output name of an unnamed target, with a
 * strength (2 = a real name such as a column or function, 1 = a fallback such
 * as a type name or "case", 0 = none: "?column?"). */
static int figure_colname(PgQuery__Node *node, const char **name)
{
    if (!node) return 0;
    switch (node->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF: {
        PgQuery__ColumnRef *cr = node->column_ref;
        const char *s = pgq_str(cr->fields[cr->n_fields - 1]);
        if (!s) return 0;
        *name = s;
        return 2;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL: {
        PgQuery__FuncCall *fc = node->func_call;
        *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
        return 2;
    }
    case PG_QUERY__NODE__NODE_A_EXPR:
        if (node->a_expr->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF) {
            *name = "nullif";
            return 2;
        }
        return 0;
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        int strength = figure_colname(node->type_cast->arg, name);
        if (strength <= 1) {
            PgQuery__TypeName *tn = node->type_cast->type_name;
            const char *tname = pgq_str(tn->names[tn->n_names - 1]);
            if (tname) {
                *name = tname;
                return 1;
            }
        }
        return strength;
    }
    case PG_QUERY__NODE__NODE_CASE_EXPR: {
        int strength = figure_colname(node->case_expr->defresult, name);
        if (strength <= 1) {
            *name = "case";
            return 1;
        }
        return strength;
    }
    case PG_QUERY__NODE__NODE_COALESCE_EXPR:
        *name = "coalesce";
        return 2;
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
        *name = node->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
        return 2;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        *name = "row";
        return 2;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        *name = "array";
        return 2;
    case PG_QUERY__NODE__NODE_A_INDIRECTION: {
        /* a[1] is named after a; a field selection (x).f after f */
        PgQuery__AIndirection *ind = node->a_indirection;
        for (size_t i = ind->n_indirection; i-- > 0;) {
            const char *f = pgq_str(ind->indirection[i]);
            if (f) {
                *name = f;
                return 2;
            }
        }
        return figure_colname(ind->arg, name);
    }
    case PG_QUERY__NODE__NODE_SUB_LINK: {
        PgQuery__SubLink *sl = node->sub_link;
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK) {
            *name = "exists";
            return 2;
        }
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) {
            *name = "array";
            return 2;
        }
        if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK) {
            PgQuery__SelectStmt *ss = sl->subselect->select_stmt;
            if (ss->n_target_list >= 1) {
                PgQuery__ResTarget *rt = ss->target_list[0]->res_target;
                if (rt->name && rt->name[0]) {
                    *name = rt->name;
                    return 2;
                }
                return figure_colname(rt->val, name);
            }
        }
        return 0;
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        switch (node->sqlvalue_function->op) {
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
            *name = "current_date";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
            *name = "current_time";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
            *name = "current_timestamp";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
            *name = "localtime";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
            *name = "localtimestamp";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
            *name = "current_role";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
            *name = "current_user";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
            *name = "user";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
            *name = "session_user";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
            *name = "current_catalog";
            return 2;
        case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
            *name = "current_schema";
            return 2;
        default:
            return 0;
        }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
        return figure_colname(node->collate_clause->arg, name);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        *name = "grouping";
        return 2;
    default:
        return 0;
    }
}

const char *bind_derive_name(PgQuery__Node *node)
{
    const char *name = NULL;
    if (figure_colname(node, &name) > 0 && name) return name;
    return "?column?";
}

static int bind_targets(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt, TargetList *tl)
{
    BoundQuery *q = scope->query;
    for (size_t i = 0; i < stmt->n_target_list; i++) {
        PgQuery__ResTarget *rt = stmt->target_list[i]->res_target;
        PgQuery__Node *val = rt->val;
        int start = tl->n;
        if (val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
            PgQuery__ColumnRef *cr = val->column_ref;
            PgQuery__Node *last = cr->fields[cr->n_fields - 1];
            if (last->node_case == PG_QUERY__NODE__NODE_A_STAR) {
                if (cr->n_fields == 1 && q->nfrom == 0) {
                    ERR(b->err, SQLSTATE_SYNTAX_ERROR,
                        "SELECT * with no tables specified is not valid");
                    error_position(b->err, loc1(cr->location));
                    return -1;
                }
                if (expand_star(b, scope, cr, tl) != 0) return -1;
                if (b->rec)
                    bind_rec_target(b, stmt, (int)i, q, tl->exprs + start, tl->names + start,
                                    tl->n - start);
                continue;
            }
        }
        if (val->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION) {
            PgQuery__AIndirection *ind = val->a_indirection;
            if (ind->indirection[ind->n_indirection - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR) { /* (x).*: every field of the record x */
                Expr **fields;
                const char **fnames;
                int k = bind_record_star(b, scope, ind, &fields, &fnames);
                if (k < 0) return -1;
                for (int f = 0; f < k; f++) tl_add(b, tl, fields[f], fnames[f]);
                if (b->rec)
                    bind_rec_target(b, stmt, (int)i, q, tl->exprs + start, tl->names + start, k);
                continue;
            }
        }
        Expr *e = bind_expr(b, scope, val);
        if (!e) return -1;
        const char *name = rt->name && rt->name[0] ? rt->name : bind_derive_name(val);
        tl_add(b, tl, e, name);
        if (b->rec) bind_rec_target(b, stmt, (int)i, q, tl->exprs + start, tl->names + start, 1);
    }
    return 0;
}

/* ---- GROUP BY / ORDER BY item resolution ---- */

static bool is_int_const(PgQuery__Node *n, int *out)
{
    if (n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        *out = n->a_const->ival->ival;
        return true;
    }
    return false;
}

static const char *bare_name(PgQuery__Node *n)
{
    if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return NULL;
    if (n->column_ref->n_fields != 1) return NULL;
    return pgq_str(n->column_ref->fields[0]);
}

/* ORDER BY: output column number or name first, then an expression over the input. */
static Expr *bind_order_item(Binder *b, BindScope *scope, PgQuery__Node *n, TargetList *tl,
                             int *target_idx)
{
    int pos;
    *target_idx = -1;
    if (is_int_const(n, &pos)) {
        if (pos < 1 || pos > tl->n) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "ORDER BY position %d is not in select list", pos);
            error_position(b->err, loc1(n->a_const->location));
            return NULL;
        }
        *target_idx = pos - 1;
        return tl->exprs[pos - 1];
    }
    const char *name = bare_name(n);
    if (name) {
        int found = -1;
        for (int i = 0; i < tl->n; i++) {
            if (strcmp(tl->names[i], name) == 0) {
                if (found >= 0 && !bound_expr_equal(tl->exprs[found], tl->exprs[i])) {
                    ERR(b->err, SQLSTATE_AMBIGUOUS_COLUMN, "ORDER BY \"%s\" is ambiguous", name);
                    error_position(b->err, loc1(n->column_ref->location));
                    return NULL;
                }
                if (found < 0) found = i;
            }
        }
        if (found >= 0) {
            *target_idx = found;
            return tl->exprs[found];
        }
    }
    Expr *e = bind_expr(b, scope, n);
    if (!e) return NULL;
    for (int i = 0; i < tl->n; i++)
        if (bound_expr_equal(tl->exprs[i], e)) *target_idx = i;
    return e;
}

static int bind_sort_clause(Binder *b, BindScope *scope, PgQuery__Node **items, int n,
                            TargetList *tl, BoundQuery *q, bool output_only)
{
    q->nsort = n;
    q->sort = ARENA_NEW_ARRAY(b->arena, SortKey, n);
    scope->clause = CLAUSE_ORDER_BY;
    for (int i = 0; i < n; i++) {
        PgQuery__SortBy *sb = items[i]->sort_by;
        int tidx;
        Expr *e;
        if (output_only) {
            /* set operations: only output columns by name or number */
            int pos;
            const char *name = bare_name(sb->node);
            tidx = -1;
            if (is_int_const(sb->node, &pos)) {
                if (pos < 1 || pos > tl->n) {
                    ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                        "ORDER BY position %d is not in select list", pos);
                    return -1;
                }
                tidx = pos - 1;
            } else if (name) {
                for (int k = 0; k < tl->n && tidx < 0; k++)
                    if (strcmp(tl->names[k], name) == 0) tidx = k;
            }
            if (tidx < 0 && name) {
                ERR(b->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", name);
                error_position(b->err, loc1(sb->node->column_ref->location));
                return -1;
            }
            if (tidx < 0) {
                ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
                error_detail(b->err,
                             "Only result column names can be used, not expressions or functions.");
                return -1;
            }
            e = NULL;
        } else {
            e = bind_order_item(b, scope, sb->node, tl, &tidx);
            if (!e) return -1;
            if (q->distinct && tidx < 0) {
                ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                    "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                error_position(b->err, e->location);
                return -1;
            }
            e = bind_resolve_unknown(b, e);
        }
        if (output_only || q->distinct) {
            Expr *ov = ARENA_NEW(b->arena, Expr);
            ov->kind = EXPR_VAR;
            ov->type = output_only ? q->out_types[tidx] : tl->exprs[tidx]->type;
            ov->u.var.rte = -1; /* output column */
            ov->u.var.attno = tidx;
            e = ov;
        }
        q->sort[i].expr = e;
        if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING) {
            if (bind_sort_using(b, sb, e->type, &q->sort[i]) != 0) return -1;
        } else {
            bind_sort_direction(sb, &q->sort[i]);
        }
    }
    return 0;
}

/* DISTINCT ON (expr, ...): resolved like ORDER BY items (output column
 * numbers and names first, then expressions over the input). */
static int bind_distinct_on(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt, TargetList *tl,
                            BoundQuery *q)
{
    int n = (int)stmt->n_distinct_clause;
    q->ndistinct_on = n;
    q->distinct_on = ARENA_NEW_ARRAY(b->arena, Expr *, n);
    scope->clause = CLAUSE_ORDER_BY;
    for (int i = 0; i < n; i++) {
        PgQuery__Node *item = stmt->distinct_clause[i];
        int pos, tidx;
        if (is_int_const(item, &pos) && (pos < 1 || pos > tl->n)) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "DISTINCT ON position %d is not in select list", pos);
            error_position(b->err, loc1(item->a_const->location));
            return -1;
        }
        Expr *e = bind_order_item(b, scope, item, tl, &tidx);
        if (!e || !(e = bind_resolve_unknown(b, e))) return -1;
        q->distinct_on[i] = e;
    }
    return 0;
}

/* PostgreSQL's rule: the leading ORDER BY items must be DISTINCT ON
 * expressions until every DISTINCT ON expression has appeared (42P10). */
static int check_distinct_on_order(Binder *b, PgQuery__SelectStmt *stmt, const BoundQuery *q)
{
    int seen = 0;
    bool *hit = ARENA_NEW_ARRAY(b->arena, bool, q->ndistinct_on);
    for (int s = 0; s < q->nsort && seen < q->ndistinct_on; s++) {
        bool in = false;
        for (int d = 0; d < q->ndistinct_on; d++)
            if (bound_expr_equal(q->sort[s].expr, q->distinct_on[d])) {
                if (!hit[d]) seen++;
                hit[d] = in = true;
            }
        if (!in) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
            for (int d = 0; d < q->ndistinct_on; d++)
                if (!hit[d]) {
                    /* where the item is written, not the target it names */
                    PgQuery__Node *item = stmt->distinct_clause[d];
                    error_position(b->err, item->node_case == PG_QUERY__NODE__NODE_COLUMN_REF
                                               ? loc1(item->column_ref->location)
                                           : item->node_case == PG_QUERY__NODE__NODE_A_CONST
                                               ? loc1(item->a_const->location)
                                               : q->distinct_on[d]->location);
                    break;
                }
            return -1;
        }
    }
    return 0;
}

static int bind_limit(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt, BoundQuery *q)
{
    scope->clause = CLAUSE_LIMIT;
    /* Counts are coerced to bigint as an assignment (LIMIT 2.5 is 3), as
     * PostgreSQL's coerce_to_specific_type does. The grammar refuses WITH TIES without ORDER BY
     * (42601) and with SKIP LOCKED; a NULL count is refused here when it is a constant, as
     * PostgreSQL's transformLimitClause does, and by the executor otherwise. */
    q->limit_with_ties = stmt->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES;
    if (stmt->limit_count) {
        Expr *e = bind_expr(b, scope, stmt->limit_count);
        if (!e) return -1;
        if (!(e->kind == EXPR_CONST && e->type.id == TYPE_NULL)) {
            e = bind_coerce(b, e, OM_TYPE(TYPE_INT8), CAST_ASSIGNMENT, 0);
            if (!e) return -1;
            q->limit = e;
        }
        if (q->limit_with_ties && e->kind == EXPR_CONST && e->u.value.is_null) {
            ERR(b->err, SQLSTATE_INVALID_ROW_COUNT_IN_LIMIT,
                "row count cannot be null in FETCH FIRST ... WITH TIES clause");
            error_position(b->err, e->location);
            return -1;
        }
    }
    if (stmt->limit_offset) {
        Expr *e = bind_expr(b, scope, stmt->limit_offset);
        if (!e) return -1;
        e = bind_coerce(b, e, OM_TYPE(TYPE_INT8), CAST_ASSIGNMENT, 0);
        if (!e) return -1;
        q->offset = e;
    }
    return 0;
}

/* ---- VALUES and set operations ---- */

static BoundQuery *bind_values(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt)
{
    BoundQuery *q = scope->query;
    int nrows = (int)stmt->n_values_lists;
    int ncols = (int)stmt->values_lists[0]->list->n_items;
    q->nvalues = nrows;
    q->values = ARENA_NEW_ARRAY(b->arena, Expr **, nrows);
    scope->clause = CLAUSE_VALUES;
    for (int r = 0; r < nrows; r++) {
        PgQuery__List *row = stmt->values_lists[r]->list;
        if ((int)row->n_items != ncols) {
            ERR(b->err, SQLSTATE_SYNTAX_ERROR, "VALUES lists must all be the same length");
            return NULL;
        }
        q->values[r] = ARENA_NEW_ARRAY(b->arena, Expr *, ncols);
        for (int c = 0; c < ncols; c++) {
            q->values[r][c] = bind_expr(b, scope, row->items[c]);
            if (!q->values[r][c]) return NULL;
        }
    }
    q->ntargets = ncols;
    q->out_types = ARENA_NEW_ARRAY(b->arena, OmType, ncols);
    q->target_names = ARENA_NEW_ARRAY(b->arena, const char *, ncols);
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, nrows);
    for (int c = 0; c < ncols; c++) {
        for (int r = 0; r < nrows; r++) types[r] = q->values[r][c]->type;
        OmType common;
        if (type_common(types, nrows, "VALUES", &common, b->err) != 0) return NULL;
        if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
        for (int r = 0; r < nrows; r++) {
            q->values[r][c] = bind_coerce(b, q->values[r][c], common, CAST_IMPLICIT, 0);
            if (!q->values[r][c]) return NULL;
        }
        q->out_types[c] = common;
        q->target_names[c] = arena_sprintf(b->arena, "column%d", c + 1);
    }
    return q;
}

static BoundQuery *bind_setop(Binder *b, BindScope *parent, PgQuery__SelectStmt *stmt, CteDef *ctes,
                              BoundQuery *q)
{
    q->is_setop = true;
    q->setop = stmt->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? SETOP_UNION
               : stmt->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? SETOP_INTERSECT
                                                                      : SETOP_EXCEPT;
    q->setop_all = stmt->all;
    b->setop_leaf = true;
    q->larg = bind_select(b, parent, stmt->larg, ctes);
    if (!q->larg) return NULL;
    b->setop_leaf = true;
    q->rarg = bind_select(b, parent, stmt->rarg, ctes);
    b->setop_leaf = false;
    if (!q->rarg) return NULL;
    if (q->larg->ntargets != q->rarg->ntargets) {
        const char *what = q->setop == SETOP_UNION       ? "UNION"
                           : q->setop == SETOP_INTERSECT ? "INTERSECT"
                                                         : "EXCEPT";
        ERR(b->err, SQLSTATE_SYNTAX_ERROR, "each %s query must have the same number of columns",
            what);
        return NULL;
    }
    int n = q->larg->ntargets;
    q->ntargets = n;
    q->target_names = q->larg->target_names;
    q->out_types = ARENA_NEW_ARRAY(b->arena, OmType, n);
    q->is_correlated = q->larg->is_correlated || q->rarg->is_correlated;
    const char *what = q->setop == SETOP_UNION       ? "UNION"
                       : q->setop == SETOP_INTERSECT ? "INTERSECT"
                                                     : "EXCEPT";
    for (int c = 0; c < n; c++) {
        OmType pair[2] = {q->larg->out_types[c], q->rarg->out_types[c]};
        OmType common;
        if (type_common(pair, 2, what, &common, b->err) != 0) return NULL;
        if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
        if (pair[0].id != pair[1].id || pair[0].typmod != pair[1].typmod)
            common = type_sans_typmod(common);
        if (pair[0].id == TYPE_RECORD && pair[1].id == TYPE_RECORD)
            common = bind_record_common(b, pair[0], pair[1]);
        q->out_types[c] = common;
        /* leaves keep untyped literals until here: convert them (and other simple
         * columns) to the common type now, as PostgreSQL does */
        BoundQuery *legs[2] = {q->larg, q->rarg};
        for (int s = 0; s < 2; s++) {
            BoundQuery *leg = legs[s];
            if (leg->is_setop || leg->nvalues > 0 || !leg->targets) {
                if (leg->out_types[c].id == TYPE_UNKNOWN || leg->out_types[c].id == TYPE_NULL) {
                    if (leg->nvalues > 0) {
                        for (int r = 0; r < leg->nvalues; r++) {
                            leg->values[r][c] =
                                bind_coerce(b, leg->values[r][c], common, CAST_IMPLICIT, 0);
                            if (!leg->values[r][c]) return NULL;
                        }
                    }
                    leg->out_types[c] = common;
                }
                continue;
            }
            if (leg->targets[c]->type.id == common.id) continue;
            if (leg->targets[c]->type.id == TYPE_UNKNOWN || leg->targets[c]->type.id == TYPE_NULL) {
                Expr *e =
                    bind_coerce(b, leg->targets[c], type_sans_typmod(common), CAST_IMPLICIT, 0);
                if (!e) return NULL;
                leg->targets[c] = e;
                leg->out_types[c] = e->type;
            }
        }
    }
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = q;
    scope.parent = parent;
    scope.ctes = ctes;
    TargetList tl = {0};
    for (int c = 0; c < n; c++) tl_add(b, &tl, NULL, q->target_names[c]);
    if (stmt->n_sort_clause > 0 &&
        bind_sort_clause(b, &scope, stmt->sort_clause, (int)stmt->n_sort_clause, &tl, q, true) != 0)
        return NULL;
    if (bind_limit(b, &scope, stmt, q) != 0) return NULL;
    return q;
}

/* ---- SELECTs over catalogs that never have rows ---- */

/* True if the FROM item certainly yields no rows: a system view that is
 * always empty (sysview_is_empty), or a join whose preserved side(s) do. */
static bool from_item_is_empty(PgQuery__Node *node)
{
    if (!node) return false;
    if (node->node_case == PG_QUERY__NODE__NODE_RANGE_VAR) {
        PgQuery__RangeVar *rv = node->range_var;
        bool qualified = rv->schemaname && rv->schemaname[0];
        if (qualified && strcmp(rv->schemaname, "pg_catalog") != 0) return false;
        return sysview_is_empty(NULL, rv->relname);
    }
    if (node->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR) {
        PgQuery__JoinExpr *je = node->join_expr;
        bool l = from_item_is_empty(je->larg), r = from_item_is_empty(je->rarg);
        switch (je->jointype) {
        case PG_QUERY__JOIN_TYPE__JOIN_INNER:
            return l || r;
        case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
            return l;
        case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
            return r;
        case PG_QUERY__JOIN_TYPE__JOIN_FULL:
            return l && r;
        default:
            return false;
        }
    }
    return false;
}

static bool is_aggregate_call(PgQuery__Node *n)
{
    static const char *aggs[] = {"array_agg", "json_agg", "jsonb_agg", NULL};
    while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) n = n->type_cast->arg;
    if (!n || n->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) return false;
    PgQuery__FuncCall *fc = n->func_call;
    const char *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
    if (name && agg_name_known(name)) return true;
    for (int i = 0; name && aggs[i]; i++)
        if (strcmp(name, aggs[i]) == 0) return true;
    return false;
}

/* A plain SELECT (no GROUP BY / HAVING / top-level aggregate / *) one of
 * whose FROM items is certainly empty returns no rows, whatever its
 * expressions; those are then not bound. psql's \d sends such queries over
 * pg_policy, pg_statistic_ext and pg_publication with array constructs
 * (ARRAY(SELECT ...), = ANY(array), subscripts) the binder does not know. */
static bool select_is_provably_empty(PgQuery__SelectStmt *stmt)
{
    if (stmt->n_group_clause > 0 || stmt->having_clause || stmt->n_from_clause == 0) return false;
    for (size_t i = 0; i < stmt->n_target_list; i++) {
        PgQuery__ResTarget *rt = stmt->target_list[i]->res_target;
        PgQuery__Node *v = rt->val;
        if (is_aggregate_call(v)) return false;
        if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
            PgQuery__ColumnRef *cr = v->column_ref;
            if (cr->fields[cr->n_fields - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR)
                return false;
        }
    }
    for (size_t i = 0; i < stmt->n_from_clause; i++)
        if (from_item_is_empty(stmt->from_clause[i])) return true;
    return false;
}

/* Binds such a SELECT as "SELECT NULL::text AS name, ... WHERE false". */
static BoundQuery *bind_empty_select(Binder *b, PgQuery__SelectStmt *stmt, BoundQuery *q)
{
    int n = (int)stmt->n_target_list;
    q->ntargets = n;
    q->targets = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    q->target_names = ARENA_NEW_ARRAY(b->arena, const char *, n > 0 ? n : 1);
    q->out_types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
    Value null_text;
    memset(&null_text, 0, sizeof(null_text));
    null_text.type = OM_TYPE(TYPE_TEXT);
    null_text.is_null = true;
    for (int i = 0; i < n; i++) {
        PgQuery__ResTarget *rt = stmt->target_list[i]->res_target;
        q->targets[i] = expr_make_const(b->arena, &null_text);
        q->target_names[i] = rt->name && rt->name[0] ? rt->name : bind_derive_name(rt->val);
        q->out_types[i] = OM_TYPE(TYPE_TEXT);
    }
    Value f;
    memset(&f, 0, sizeof(f));
    f.type = OM_TYPE(TYPE_BOOL);
    q->where = expr_make_const(b->arena, &f);
    return q;
}

/* One GROUP BY expression: a position in the SELECT list, an input column,
 * an output column name (when no input column has it), or an expression. */
typedef struct GroupItemCtx {
    BindScope *scope;
    TargetList *tl;
} GroupItemCtx;

static Expr *bind_group_item(Binder *b, void *item_ctx, PgQuery__Node *g)
{
    GroupItemCtx *gc = item_ctx;
    TargetList *tl = gc->tl;
    int pos;
    Expr *e = NULL;
    if (is_int_const(g, &pos)) {
        if (pos < 1 || pos > tl->n) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "GROUP BY position %d is not in select list", pos);
            error_position(b->err, loc1(g->a_const->location));
            return NULL;
        }
        e = tl->exprs[pos - 1];
    } else {
        const char *name = bare_name(g);
        OmError probe;
        error_clear(&probe);
        if (name) {
            OmError *saved = b->err;
            b->err = &probe;
            e = bind_expr(b, gc->scope, g);
            b->err = saved;
            if (!e && strcmp(probe.sqlstate, SQLSTATE_UNDEFINED_COLUMN) == 0) {
                for (int k = 0; k < tl->n && !e; k++)
                    if (strcmp(tl->names[k], name) == 0) e = tl->exprs[k];
            }
            if (!e) {
                error_copy(b->err, &probe);
                return NULL;
            }
        } else {
            e = bind_expr(b, gc->scope, g);
            if (!e) return NULL;
        }
    }
    if (e->kind == EXPR_AGGREF) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR, "aggregate functions are not allowed in GROUP BY");
        return NULL;
    }
    return bind_resolve_unknown(b, e);
}

/* ---- SELECT ---- */

/* Set-returning functions of a SELECT list (bind_srf.c): none inside CASE or
 * COALESCE, and none in the SET values of an UPDATE (whose SELECT this is
 * when `update`), as PostgreSQL. */
static int check_srfs(Binder *b, const BoundQuery *q, bool update)
{
    for (int i = 0; i < q->ntargets; i++) {
        const Expr *f = q->targets[i];
        if (update && srf_expr_contains(f)) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "set-returning functions are not allowed in UPDATE");
            return -1;
        }
        if (bind_srf_check(b, f) != 0) return -1;
    }
    for (int i = 0; i < q->nsort; i++)
        if (bind_srf_check(b, q->sort[i].expr) != 0) return -1;
    for (int i = 0; i < q->ngroup; i++)
        if (bind_srf_check(b, q->group[i]) != 0) return -1;
    for (int i = 0; i < q->ndistinct_on; i++)
        if (bind_srf_check(b, q->distinct_on[i]) != 0) return -1;
    return 0;
}

static BoundQuery *bind_select_one(Binder *b, BindScope *parent, PgQuery__SelectStmt *stmt,
                                   CteDef *ctes);

/* Visitor (pgq_walk.h): stops at a WITH item that is a data-modifying query. */
static int visit_modifying_with(const ProtobufCMessage *m, void *ctx)
{
    if (m->descriptor != &pg_query__with_clause__descriptor) return 0;
    const PgQuery__WithClause *w = (const PgQuery__WithClause *)m;
    for (size_t i = 0; i < w->n_ctes; i++) {
        const PgQuery__CommonTableExpr *c = w->ctes[i]->common_table_expr;
        if (c && c->ctequery && c->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            *(const PgQuery__CommonTableExpr **)ctx = c;
            return -1;
        }
    }
    return 0;
}

int bind_check_nested_modifying_with(Binder *b, const PgQuery__Node *query)
{
    const PgQuery__CommonTableExpr *found = NULL;
    if (pgq_walk(&query->base, BIND_MAX_DEPTH, visit_modifying_with, &found) != -1) return 0;
    ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
        "WITH clause containing a data-modifying statement must be at the top level");
    error_position(b->err, loc1(found->location));
    return -1;
}

CteDef *bind_with_clause(Binder *b, PgQuery__WithClause *with, CteDef *ctes)
{
    bool top = b->modify_with_ok;
    b->modify_with_ok = false;
    if (with->recursive) return bind_recursive_with(b, with, ctes);
    for (size_t i = 0; i < with->n_ctes; i++) {
        PgQuery__CommonTableExpr *cte = with->ctes[i]->common_table_expr;
        bool modifying = cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT;
        if (modifying && (!top || !b->plan_modify_cte)) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                b->rec ? "views must not contain data-modifying statements in WITH"
                       : "WITH clause containing a data-modifying statement must be at the top "
                         "level");
            error_position(b->err, loc1(cte->location));
            return NULL;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(with->ctes[j]->common_table_expr->ctename, cte->ctename) == 0) {
                ERR(b->err, SQLSTATE_DUPLICATE_ALIAS,
                    "WITH query name \"%s\" specified more than once", cte->ctename);
                error_position(b->err, loc1(cte->location));
                return NULL;
            }
        /* a query not referenced is never bound: check it here, as PostgreSQL
         * does every WITH item */
        if (!modifying && bind_check_nested_modifying_with(b, cte->ctequery) != 0) return NULL;
        CteDef *d = ARENA_NEW(b->arena, CteDef);
        d->name = cte->ctename;
        d->cte = cte;
        d->next = ctes;
        if (modifying && b->plan_modify_cte(b, d, ctes) != 0) return NULL;
        ctes = d;
    }
    return ctes;
}

BoundQuery *bind_select(Binder *b, BindScope *parent, PgQuery__SelectStmt *stmt, CteDef *ctes)
{
    if (!select_is_provably_empty(stmt)) return bind_select_one(b, parent, stmt, ctes);
    /* Over a catalog that never has rows, a construct we cannot bind yet (0A000,
     * e.g. the array expressions in psql's \d queries), or a type or function we
     * do not have yet (42704/42883), cannot change the (empty) result: answer it
     * as such. Any other error is reported as usual. */
    OmError probe;
    error_clear(&probe);
    OmError *saved = b->err;
    b->err = &probe;
    bool leaf = b->setop_leaf;
    BoundQuery *q = bind_select_one(b, parent, stmt, ctes);
    b->err = saved;
    if (q) return q;
    if (strcmp(probe.sqlstate, SQLSTATE_FEATURE_NOT_SUPPORTED) != 0 &&
        strcmp(probe.sqlstate, SQLSTATE_UNDEFINED_OBJECT) != 0 &&
        strcmp(probe.sqlstate, SQLSTATE_UNDEFINED_FUNCTION) != 0) {
        error_copy(b->err, &probe);
        return NULL;
    }
    b->setop_leaf = leaf;
    return bind_empty_select(b, stmt, ARENA_NEW(b->arena, BoundQuery));
}

static BoundQuery *bind_select_one(Binder *b, BindScope *parent, PgQuery__SelectStmt *stmt,
                                   CteDef *ctes)
{
    bool leaf = b->setop_leaf;
    b->setop_leaf = false;
    /* only this level's WITH may hold data-modifying queries */
    bool modify_with_ok = b->modify_with_ok;
    b->modify_with_ok = false;
    bool keep_unknown = b->keep_unknown_targets; /* this level only */
    bool update = b->update_targets;
    b->keep_unknown_targets = false;
    b->update_targets = false;
    BoundQuery *q = ARENA_NEW(b->arena, BoundQuery);
    if (stmt->with_clause) {
        b->modify_with_ok = modify_with_ok;
        ctes = bind_with_clause(b, stmt->with_clause, ctes);
        if (!ctes) return NULL;
    }
    bool is_setop = stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
                    stmt->op != PG_QUERY__SET_OPERATION__SET_OPERATION_UNDEFINED;
    if (stmt->n_locking_clause > 0 && (is_setop || stmt->n_values_lists > 0)) {
        RowLockStrength strength =
            (RowLockStrength)(stmt->locking_clause[0]->locking_clause->strength -
                              PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE);
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            is_setop ? "%s is not allowed with UNION/INTERSECT/EXCEPT"
                     : "%s cannot be applied to VALUES",
            row_lock_strength_name(strength));
        return NULL;
    }
    if (is_setop) return bind_setop(b, parent, stmt, ctes, q);
    if (stmt->into_clause) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "SELECT INTO is not supported yet");
        return NULL;
    }

    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = q;
    scope.parent = parent;
    scope.ctes = ctes;

    if (stmt->n_values_lists > 0) {
        if (!bind_values(b, &scope, stmt)) return NULL;
        TargetList tl = {0};
        for (int c = 0; c < q->ntargets; c++) tl_add(b, &tl, NULL, q->target_names[c]);
        if (stmt->n_sort_clause > 0 &&
            bind_sort_clause(b, &scope, stmt->sort_clause, (int)stmt->n_sort_clause, &tl, q,
                             true) != 0)
            return NULL;
        if (bind_limit(b, &scope, stmt, q) != 0) return NULL;
        return q;
    }

    /* FROM */
    q->nfrom = (int)stmt->n_from_clause;
    q->from = ARENA_NEW_ARRAY(b->arena, JoinTree *, q->nfrom > 0 ? q->nfrom : 1);
    for (int i = 0; i < q->nfrom; i++) {
        q->from[i] = bind_from_item(b, &scope, stmt->from_clause[i]);
        if (!q->from[i]) return NULL;
    }
    q->njoin_aliases = scope.njoin_aliases;
    q->join_aliases = scope.join_aliases;
    /* duplicate alias check (PostgreSQL: 42712), among the names visible
     * here: entries outside aliased joins and the joins' aliases */
    for (int i = 0; i < q->nrtes; i++)
        for (int j = i + 1; j < q->nrtes; j++)
            if (q->rtes[i]->alias && q->rtes[j]->alias && !q->rtes[i]->join_hidden &&
                !q->rtes[j]->join_hidden && strcmp(q->rtes[i]->alias, q->rtes[j]->alias) == 0 &&
                !(q->rtes[i]->kind == RTE_TABLE && q->rtes[j]->kind == RTE_TABLE &&
                  q->rtes[i]->table->schema != q->rtes[j]->table->schema)) {
                ERR(b->err, SQLSTATE_DUPLICATE_ALIAS, "table name \"%s\" specified more than once",
                    q->rtes[j]->alias);
                return NULL;
            }
    for (int j = 0; j < scope.njoin_aliases; j++) {
        const JoinAlias *ja = scope.join_aliases[j];
        if (ja->hidden) continue;
        bool dup = false;
        for (int i = 0; i < q->nrtes; i++)
            if (!q->rtes[i]->join_hidden && q->rtes[i]->alias &&
                strcmp(q->rtes[i]->alias, ja->name) == 0)
                dup = true;
        for (int k = j + 1; k < scope.njoin_aliases; k++)
            if (!scope.join_aliases[k]->hidden &&
                strcmp(scope.join_aliases[k]->name, ja->name) == 0)
                dup = true;
        if (dup) {
            ERR(b->err, SQLSTATE_DUPLICATE_ALIAS, "table name \"%s\" specified more than once",
                ja->name);
            return NULL;
        }
    }

    /* WHERE */
    if (stmt->where_clause) {
        scope.clause = CLAUSE_WHERE;
        q->where = bind_bool_expr(b, &scope, stmt->where_clause, "WHERE");
        if (!q->where) return NULL;
    }

    /* target list (before GROUP BY so GROUP BY can name output columns) */
    if (bind_window_clause(b, &scope, stmt) != 0) return NULL;
    scope.clause = CLAUSE_TARGET;
    TargetList tl = {0};
    if (bind_targets(b, &scope, stmt, &tl) != 0) return NULL;

    /* GROUP BY: input column names win over output names (SQL99), numbers are positions */
    if (stmt->n_group_clause > 0) {
        scope.clause = CLAUSE_GROUP_BY;
        GroupItemCtx gctx = {&scope, &tl};
        if (bind_group_clause(b, stmt, q, bind_group_item, &gctx) != 0) return NULL;
        q->has_aggs_or_group = true;
    }

    /* HAVING */
    if (stmt->having_clause) {
        scope.clause = CLAUSE_HAVING;
        q->having = bind_bool_expr(b, &scope, stmt->having_clause, "HAVING");
        if (!q->having) return NULL;
        q->has_aggs_or_group = true;
    }

    /* finalize targets */
    q->ntargets = tl.n;
    q->targets = ARENA_NEW_ARRAY(b->arena, Expr *, tl.n > 0 ? tl.n : 1);
    q->target_names = ARENA_NEW_ARRAY(b->arena, const char *, tl.n > 0 ? tl.n : 1);
    q->out_types = ARENA_NEW_ARRAY(b->arena, OmType, tl.n > 0 ? tl.n : 1);
    for (int i = 0; i < tl.n; i++) {
        q->targets[i] = (leaf || keep_unknown) && !q->distinct && stmt->n_sort_clause == 0 &&
                                !q->has_aggs_or_group
                            ? tl.exprs[i]
                            : bind_resolve_unknown(b, tl.exprs[i]);
        if (!q->targets[i]) return NULL;
        tl.exprs[i] = q->targets[i];
        q->target_names[i] = tl.names[i];
        q->out_types[i] = q->targets[i]->type;
    }

    bool distinct_on = false;
    if (stmt->n_distinct_clause > 0) {
        if (!(stmt->n_distinct_clause == 1 && stmt->distinct_clause[0] == NULL) &&
            !(stmt->n_distinct_clause == 1 &&
              stmt->distinct_clause[0]->node_case == PG_QUERY__NODE__NODE__NOT_SET))
            distinct_on = true;
        else
            q->distinct = true;
    }
    if (distinct_on && bind_distinct_on(b, &scope, stmt, &tl, q) != 0) return NULL;
    if (stmt->n_sort_clause > 0 && bind_sort_clause(b, &scope, stmt->sort_clause,
                                                    (int)stmt->n_sort_clause, &tl, q, false) != 0)
        return NULL;
    if (distinct_on && check_distinct_on_order(b, stmt, q) != 0) return NULL;
    if (bind_limit(b, &scope, stmt, q) != 0) return NULL;
    if (stmt->n_locking_clause > 0 && bind_locking_clause(b, stmt, q) != 0) return NULL;
    if (q->has_srfs && check_srfs(b, q, update) != 0) return NULL;
    if (bind_grouping_resolve(b, q) != 0) return NULL;
    return q;
}
