/*
 * sql_insert.c — INSERT … VALUES / SELECT / DEFAULT VALUES with a column list
 * and defaults. Values are coerced to the column types with assignment casts
 * (varchar(n) length checks, numeric(p,s) rounding) before they reach the
 * insert operator, which checks NOT NULL and unique constraints and appends
 * atomically.
 */
#include <stdio.h>
#include <string.h>

#include "exec/func_registry.h"
#include "exec/operator.h"
#include "plan/planner.h"
#include "sql/sql_alter.h"
#include "sql/sql_generated.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_int.h"

/* Coerces a value for column `col` (42804 on a type mismatch, as PostgreSQL). */
Expr *sql_coerce_for_column(StmtCtx *sc, Expr *e, const CatColumn *col, int location)
{
    return sql_coerce_to_column(sc, e, col, location, "expression");
}

Expr *sql_coerce_to_column(StmtCtx *sc, Expr *e, const CatColumn *col, int location,
                           const char *what)
{
    OmError tmp;
    error_clear(&tmp);
    Binder b = sc->binder;
    b.err = &tmp;
    Expr *out = bind_coerce(&b, e, col->type, CAST_ASSIGNMENT, location);
    sc->binder.param_typmod_read |= b.param_typmod_read;
    if (out) return out;
    if (strcmp(tmp.sqlstate, "42846") == 0) {
        char want[64], got[64];
        type_format(col->type, want, sizeof(want));
        type_format(e->type, got, sizeof(got));
        ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH, "column \"%s\" is of type %s but %s is of type %s",
            col->name, want, what, got);
        error_hint(sc->err, "You will need to rewrite or cast the expression.");
        error_position(sc->err, e->location);
        return NULL;
    }
    error_copy(sc->err, &tmp);
    return NULL;
}

/* True if e contains a subquery (which needs the planner's translation). */
static bool has_sublink(const Expr *e)
{
    if (!e) return false;
    if (e->kind == EXPR_SUBLINK || e->kind == EXPR_VAR) return true;
    for (int i = 0; i < e->nargs; i++)
        if (has_sublink(e->args[i])) return true;
    return false;
}

/* ON CONFLICT [(cols) | ON CONSTRAINT name] DO NOTHING | DO UPDATE SET ... [WHERE ...]. */
static int bind_on_conflict(StmtCtx *sc, Planner *p, CatTable *t, const char *alias,
                            PgQuery__OnConflictClause *oc, PlanNode *ins)
{
    bool update = oc->action == PG_QUERY__ON_CONFLICT_ACTION__ONCONFLICT_UPDATE;
    ins->u.insert.on_conflict = update ? 2 : 1;
    PgQuery__InferClause *inf = oc->infer;
    if (inf) {
        if (sql_infer_arbiters(sc, t, inf, &ins->u.insert.arbiters, &ins->u.insert.narbiters) != 0)
            return -1;
    } else if (update) {
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "ON CONFLICT DO UPDATE requires inference specification or constraint name");
    }
    if (!update) return 0;
    BoundQuery *q = sql_target_query(sc, t, alias, true);
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = q;
    scope.clause = CLAUSE_OTHER;
    int nset = (int)oc->n_target_list;
    /* room for the generated columns too */
    int *cols = ARENA_NEW_ARRAY(sc->arena, int, nset + t->ncols + 1);
    Expr **exprs = ARENA_NEW_ARRAY(sc->arena, Expr *, nset + t->ncols + 1);
    for (int i = 0; i < nset; i++) {
        PgQuery__ResTarget *rt = oc->target_list[i]->res_target;
        if (rt->n_indirection > 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "this form of ON CONFLICT DO UPDATE SET is not supported yet");
        PgQuery__Node *val = sql_set_target_value(sc, rt);
        if (!val) return -1;
        int ci = catalog_column_index(t, rt->name);
        if (ci < 0)
            return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                       "column \"%s\" of relation \"%s\" does not exist", rt->name, t->name);
        Expr *e;
        if (val->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
            e = sql_bind_default(sc, t, ci);
        else if (sql_generated_refuse_write(sc, &t->cols[ci], true) != 0)
            return -1;
        else
            e = bind_expr(&sc->binder, &scope, val);
        if (!e) return -1;
        e = sql_coerce_for_column(sc, e, &t->cols[ci], e->location);
        if (!e) return -1;
        cols[i] = ci;
        exprs[i] = e;
    }
    /* generated columns follow the values set (SET g = DEFAULT is one of them) */
    if (sql_table_has_generated(t)) {
        int kept = 0, ngen = 0;
        for (int i = 0; i < nset; i++)
            if (!t->cols[cols[i]].generated) {
                cols[kept] = cols[i];
                exprs[kept++] = exprs[i];
            }
        nset = kept;
        if (sql_generated_for_set(sc, t, 0, nset, cols, exprs, &ngen, cols + nset, exprs + nset) !=
            0)
            return -1;
        nset += ngen;
    }
    for (int i = 0; i < nset; i++) {
        exprs[i] = plan_translate_rtes(p, q, exprs[i]);
        if (!exprs[i]) return -1;
    }
    ins->u.insert.nset = nset;
    ins->u.insert.set_cols = cols;
    ins->u.insert.set_exprs = exprs;
    if (oc->where_clause) {
        Expr *w = bind_bool_expr(&sc->binder, &scope, oc->where_clause, "WHERE");
        if (!w) return -1;
        ins->u.insert.conflict_where = plan_translate_rtes(p, q, w);
        if (!ins->u.insert.conflict_where) return -1;
    }
    return 0;
}

/* A value given for a GENERATED ALWAYS identity column is 428C9 unless the
 * statement says OVERRIDING SYSTEM VALUE (or OVERRIDING USER VALUE, which
 * replaces it with the column's default). */
static int identity_refuses(StmtCtx *sc, const PgQuery__InsertStmt *st, const CatColumn *col)
{
    if (col->identity != 'a' ||
        st->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_SYSTEM_VALUE ||
        st->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE)
        return 0;
    ERR(sc->err, SQLSTATE_GENERATED_ALWAYS, "cannot insert a non-DEFAULT value into column \"%s\"",
        col->name);
    error_detail(sc->err, "Column \"%s\" is an identity column defined as GENERATED ALWAYS.",
                 col->name);
    error_hint(sc->err, "Use OVERRIDING SYSTEM VALUE to override.");
    return -1;
}

/* OVERRIDING USER VALUE: identity columns take their default whatever is given. */
static bool identity_overridden(const PgQuery__InsertStmt *st, const CatColumn *col)
{
    return col->identity && st->override == PG_QUERY__OVERRIDING_KIND__OVERRIDING_USER_VALUE;
}

int sql_plan_insert(StmtCtx *sc, PgQuery__InsertStmt *st, StmtPlan *out)
{
    sql_modify_cte_begin(sc);
    if (sql_bind_modify_with(sc, st->with_clause, NULL) != 0) return -1;
    int rc = -1;
    CatTable *t = bind_lookup_target(&sc->binder, st->relation, "insert into");
    if (!t) goto out;
    if (t->schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied for table %s", t->name);
        goto out;
    }
    /* target columns */
    int ntarget = st->n_cols > 0 ? (int)st->n_cols : t->ncols;
    int *target = ARENA_NEW_ARRAY(sc->arena, int, ntarget > 0 ? ntarget : 1);
    bool *given = ARENA_NEW_ARRAY(sc->arena, bool, t->ncols);
    for (int i = 0; i < ntarget; i++) {
        if (st->n_cols == 0) {
            target[i] = i;
        } else {
            PgQuery__ResTarget *rt = st->cols[i]->res_target;
            if (rt->n_indirection > 0) {
                ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "subscripts in INSERT column lists are not supported");
                goto out;
            }
            int ci = catalog_column_index(t, rt->name);
            if (ci < 0) {
                ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                    "column \"%s\" of relation \"%s\" does not exist", rt->name, t->name);
                error_position(sc->err, rt->location + 1);
                goto out;
            }
            if (given[ci]) {
                ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN, "column \"%s\" specified more than once",
                    rt->name);
                error_position(sc->err, rt->location + 1);
                goto out;
            }
            target[i] = ci;
        }
        given[target[i]] = true;
    }
    /* defaults for every column (used for columns not given and DEFAULT in VALUES) */
    Expr **defaults = ARENA_NEW_ARRAY(sc->arena, Expr *, t->ncols);
    for (int c = 0; c < t->ncols; c++) {
        defaults[c] = sql_bind_default(sc, t, c);
        if (!defaults[c]) goto out;
    }
    PlanNode *source = NULL;
    PgQuery__SelectStmt *sel = st->select_stmt ? st->select_stmt->select_stmt : NULL;
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    if (!sel) {
        /* DEFAULT VALUES */
        ntarget = 0;
        source = plan_make(&p, PLAN_VALUES, NULL, NULL);
        source->u.values.nrows = 1;
        source->u.values.rows = ARENA_NEW_ARRAY(sc->arena, Expr **, 1);
        plan_set_output(&p, source, 0, NULL);
    }
    /* VALUES rows are bound here, each item typed by its target column; with
     * a subquery among them (and no DEFAULT) the rows go through the query
     * path below instead, whose planner translates subqueries */
    bool as_query = sel != NULL;
    if (sel && sel->n_values_lists > 0 && sel->op == PG_QUERY__SET_OPERATION__SETOP_NONE &&
        sel->n_sort_clause == 0 && !sel->limit_count && !sel->limit_offset) {
        as_query = false;
        int nrows = (int)sel->n_values_lists;
        if (st->n_cols == 0) {
            /* without a column list, the values fill the leading columns */
            int width = (int)sel->values_lists[0]->list->n_items;
            for (int r = 1; r < nrows; r++)
                if ((int)sel->values_lists[r]->list->n_items != width) {
                    ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "VALUES lists must all be the same length");
                    goto out;
                }
            if (width < ntarget) ntarget = width;
        }
        Expr ***rows = ARENA_NEW_ARRAY(sc->arena, Expr **, nrows);
        bool has_default = false;
        BoundQuery q;
        memset(&q, 0, sizeof(q));
        BindScope scope;
        memset(&scope, 0, sizeof(scope));
        scope.query = &q;
        scope.clause = CLAUSE_VALUES;
        scope.ctes = sc->with_ctes;
        for (int r = 0; r < nrows; r++) {
            PgQuery__List *row = sel->values_lists[r]->list;
            if ((int)row->n_items > ntarget) {
                ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                    "INSERT has more expressions than target columns");
                goto out;
            }
            if ((int)row->n_items < ntarget) {
                ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                    "INSERT has more target columns than expressions");
                goto out;
            }
            rows[r] = ARENA_NEW_ARRAY(sc->arena, Expr *, ntarget > 0 ? ntarget : 1);
            for (int c = 0; c < ntarget; c++) {
                PgQuery__Node *item = row->items[c];
                const CatColumn *col = &t->cols[target[c]];
                if (item->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT ||
                    identity_overridden(st, col)) {
                    rows[r][c] = defaults[target[c]];
                    has_default = true;
                    continue;
                }
                if (identity_refuses(sc, st, col) != 0 ||
                    sql_generated_refuse_write(sc, col, false) != 0)
                    goto out;
                Expr *e = bind_expr(&sc->binder, &scope, item);
                if (!e) goto out;
                if (q.nrtes || q.naggs) {
                    ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                        "this VALUES expression is not supported");
                    goto out;
                }
                rows[r][c] = sql_coerce_for_column(sc, e, col, -1);
                if (!rows[r][c]) goto out;
            }
        }
        source = plan_make(&p, PLAN_VALUES, NULL, NULL);
        source->u.values.nrows = nrows;
        source->u.values.rows = rows;
        source->est_rows = nrows;
        OmType *types = ARENA_NEW_ARRAY(sc->arena, OmType, ntarget > 0 ? ntarget : 1);
        for (int c = 0; c < ntarget; c++) types[c] = t->cols[target[c]].type;
        plan_set_output(&p, source, ntarget, types);
        for (int r = 0; r < nrows && !as_query; r++)
            for (int c = 0; c < ntarget && !as_query; c++)
                if (has_sublink(rows[r][c]) && rows[r][c] != defaults[target[c]]) as_query = true;
        if (as_query && has_default) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "DEFAULT together with subqueries in INSERT ... VALUES is not supported yet");
            goto out;
        }
    }
    if (as_query) {
        /* as PostgreSQL, the top-level SELECT leaves its untyped literals
         * (NULL, 'text') to take the target columns' types (not under DISTINCT,
         * ORDER BY or a set operation, which resolve them to text) */
        bool plain = sel->op == PG_QUERY__SET_OPERATION__SETOP_NONE && sel->n_values_lists == 0 &&
                     sel->n_distinct_clause == 0 && sel->n_sort_clause == 0;
        sc->binder.keep_unknown_targets = plain;
        BoundQuery *q = bind_select(&sc->binder, NULL, sel, sc->with_ctes);
        sc->binder.keep_unknown_targets = false;
        if (!q) goto out;
        if (st->n_cols == 0 && q->ntargets < ntarget) ntarget = q->ntargets;
        if (q->ntargets > ntarget) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "INSERT has more expressions than target columns");
            goto out;
        }
        if (q->ntargets < ntarget) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "INSERT has more target columns than expressions");
            goto out;
        }
        for (int c = 0; c < ntarget && plain && !q->is_setop && q->targets; c++) {
            TypeId k = q->targets[c]->type.id;
            if (k != TYPE_UNKNOWN && k != TYPE_NULL) continue;
            Expr *typed = sql_coerce_for_column(sc, q->targets[c], &t->cols[target[c]], -1);
            if (!typed) goto out;
            q->targets[c] = typed;
            q->out_types[c] = typed->type;
        }
        PlanNode *qp = plan_query(&p, q);
        if (!qp) goto out;
        /* assignment casts on top */
        bool need = false;
        Expr **exprs = ARENA_NEW_ARRAY(sc->arena, Expr *, ntarget > 0 ? ntarget : 1);
        for (int c = 0; c < ntarget; c++) {
            const CatColumn *col = &t->cols[target[c]];
            if (identity_overridden(st, col)) {
                exprs[c] = defaults[target[c]];
                need = true;
                continue;
            }
            if (identity_refuses(sc, st, col) != 0 ||
                sql_generated_refuse_write(sc, col, false) != 0)
                goto out;
            Expr *colref = expr_make_column(sc->arena, c, qp->types[c]);
            exprs[c] = sql_coerce_for_column(sc, colref, col, -1);
            if (!exprs[c]) goto out;
            if (exprs[c] != colref) need = true;
        }
        source = need ? plan_project(&p, qp, exprs, ntarget) : qp;
    }
    PlanNode *ins = plan_make(&p, PLAN_INSERT, source, NULL);
    ins->u.insert.table = t;
    ins->u.insert.table_name = t->name;
    ins->u.insert.ncols_in = ntarget;
    ins->u.insert.target_cols = target;
    ins->u.insert.defaults = defaults;
    if (sql_bind_checks(sc, t, &ins->u.insert.checks, &ins->u.insert.nchecks) != 0) goto out;
    if (sql_bind_generated(sc, t, &ins->u.insert.generated) != 0) goto out;
    const char *alias = st->relation->alias ? st->relation->alias->aliasname : NULL;
    if (st->on_conflict_clause &&
        bind_on_conflict(sc, &p, t, alias, st->on_conflict_clause, ins) != 0)
        goto out;
    bool returning = st->n_returning_list > 0;
    ins->u.insert.returning = returning;
    OmType *rtypes = ARENA_NEW_ARRAY(sc->arena, OmType, t->ncols > 0 ? t->ncols : 1);
    for (int c = 0; c < t->ncols; c++) rtypes[c] = t->cols[c].type;
    plan_set_output(&p, ins, returning ? t->ncols : 0, rtypes);
    PlanNode *top = ins;
    if (returning) {
        BoundQuery *tq = sql_target_query(sc, t, alias, false);
        top = sql_plan_returning(sc, &p, tq, ins, st->returning_list, st->n_returning_list);
        if (!top) goto out;
    }
    out->kind = STMT_PLAN_INSERT;
    out->top = top;
    out->send_rows = returning;
    rc = 0;
out:
    if (rc == 0) sql_modify_cte_finish(sc, out);
    return rc;
}

int sql_run_insert(StmtCtx *sc, PgQuery__InsertStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    StmtPlan sp;
    int rc = sql_plan_insert(sc, st, &sp);
    if (rc == 0) rc = sql_run_stmt_plan(sc, &sp);
    catalog_unlock(cat);
    return rc;
}
