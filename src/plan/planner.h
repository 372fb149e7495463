/*
 * planner.h — turns a BoundQuery into a physical PlanNode tree: join order
 * (greedy, smallest first, hash joins on equality conditions), predicate
 * pushdown into scans, unnesting of EXISTS/IN subqueries into semi-joins,
 * subplans for what cannot be unnested, aggregation, DISTINCT, ORDER BY (top-N
 * when a LIMIT follows), LIMIT/OFFSET and set operations. The access-path
 * router (columnar scan vs. index lookup) lives in plan_access.c.
 */
#ifndef OMENDB_PLAN_PLANNER_H
#define OMENDB_PLAN_PLANNER_H

#include "catalog/session_settings.h"
#include "sql/bound.h"

typedef struct Planner {
    Arena *arena;
    OmError *err;
    const SessionSettings *settings;
    int subplan_seq; /* numbering of SubPlans for EXPLAIN */
} Planner;

/* Whether the Boolean planner setting `id` (enable_hashjoin, ...) is on;
 * without session settings every method is. */
static inline bool plan_enabled(const Planner *p, PlannerGucId id)
{
    return p->settings == NULL || p->settings->planner.v[id] != 0;
}

/* Node construction helpers (arena-allocated). */
PlanNode *plan_make(Planner *p, PlanKind kind, PlanNode *left, PlanNode *right);
void plan_set_output(Planner *p, PlanNode *n, int ncols, const OmType *types);
PlanNode *plan_project(Planner *p, PlanNode *child, Expr **exprs, int n);

/* Projects a RETURNING list over a node whose output columns are the columns
 * of rte 0 of q, in table order, then nextra columns: column extra_att[j] of
 * rte extra_rte[j] (exprs are bound over q). */
PlanNode *plan_returning(Planner *p, BoundQuery *q, PlanNode *child, Expr **exprs,
                         const char **names, int n, const int *extra_rte, const int *extra_att,
                         int nextra);
/* UPDATE ... FROM / DELETE ... USING: every column of each FROM item other
 * than the target (rte 0) that the RETURNING exprs reference, appended to q's
 * targets; *rte_out / *att_out say which (arena arrays). Returns how many. */
int plan_returning_extras(Planner *p, BoundQuery *q, Expr **exprs, int n, int **rte_out,
                          int **att_out);

/* Translates e (bound over q, no subqueries) to run over a row made of the
 * columns of q's rtes in order (ON CONFLICT: the table's row, then EXCLUDED). */
Expr *plan_translate_rtes(Planner *p, BoundQuery *q, const Expr *e);

/* Plans a query. The result's names/types are the query's output columns. */
PlanNode *plan_query(Planner *p, BoundQuery *q);

#endif
