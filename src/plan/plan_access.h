/*
 * plan_access.h — the router: chooses the access path of each table scan
 * (vectorized columnar scan with zone-map pruning, or a primary-key index
 * point/range lookup) and estimates predicate selectivity.
 */
#ifndef OMENDB_PLAN_PLAN_ACCESS_H
#define OMENDB_PLAN_PLAN_ACCESS_H

#include "plan/planner.h"

/* Sets scan->u.scan.path and scan->explain_note from the scan's filter. */
void plan_access_choose(Planner *p, PlanNode *scan);
/* Rough selectivity of a translated predicate (equality 0.05, range 0.3 ...). */
double plan_estimate_selectivity(const Expr *pred);

#endif
