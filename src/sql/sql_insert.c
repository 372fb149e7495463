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
#include "sql/sql_int.h"

/* Coerces a value for column `col` (42804 on a type mismatch, as PostgreSQL). */
Expr *sql_coerce_for_column(StmtCtx *sc, Expr *e, const CatColumn *col, int location)
{
    OmError tmp;
    error_clear(&tmp);
    Binder b = sc->binder;
    b.err = &tmp;
    Expr *out = bind_coerce(&b, e, col->type, CAST_ASSIGNMENT, location);
    if (out) return out;
    if (strcmp(tmp.sqlstate, "42846") == 0) {
        char want[64], got[64];
        type_format(col->type, want, sizeof(want));
        type_format(e->type, got, sizeof(got));
        ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
            "column \"%s\" is of type %s but expression is of type %s", col->name, want, got);
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

int sql_run_insert(StmtCtx *sc, PgQuery__InsertStmt *st)
{
    if (st->on_conflict_clause)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "INSERT ... ON CONFLICT is not supported yet");
    if (st->n_returning_list > 0)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "INSERT ... RETURNING is not supported yet");
    if (st->with_clause)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "WITH ... INSERT is not supported yet");
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    int rc = -1;
    CatTable *t = bind_lookup_table(&sc->binder, st->relation, false);
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
    } else if (sel->n_values_lists > 0 && sel->op == PG_QUERY__SET_OPERATION__SETOP_NONE &&
               sel->n_sort_clause == 0 && !sel->limit_count && !sel->limit_offset) {
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
        BoundQuery q;
        memset(&q, 0, sizeof(q));
        BindScope scope;
        memset(&scope, 0, sizeof(scope));
        scope.query = &q;
        scope.clause = CLAUSE_VALUES;
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
                if (item->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT) {
                    rows[r][c] = defaults[target[c]];
                    continue;
                }
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
        /* subqueries inside VALUES need the planner's translation */
        for (int r = 0; r < nrows; r++)
            for (int c = 0; c < ntarget; c++)
                if (has_sublink(rows[r][c])) {
                    ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                        "subqueries in INSERT ... VALUES are not supported yet");
                    goto out;
                }
    } else {
        BoundQuery *q = bind_select(&sc->binder, NULL, sel, NULL);
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
        PlanNode *qp = plan_query(&p, q);
        if (!qp) goto out;
        /* assignment casts on top */
        bool need = false;
        Expr **exprs = ARENA_NEW_ARRAY(sc->arena, Expr *, ntarget > 0 ? ntarget : 1);
        for (int c = 0; c < ntarget; c++) {
            const CatColumn *col = &t->cols[target[c]];
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
    plan_set_output(&p, ins, 0, NULL);
    uint64_t n = 0;
    struct Operator *root = NULL;
    rc = sql_run_plan(sc, ins, false, &n, false, &root);
    if (rc == 0) {
        char tag[64];
        snprintf(tag, sizeof(tag), "INSERT 0 %llu", (unsigned long long)root->es->rows_affected);
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    }
out:
    catalog_unlock(cat);
    return rc;
}
