/*
 * plan_access.h — the router: chooses the access path of each table scan
 * (vectorized columnar scan with zone-map pruning, or a unique-index point
 * lookup or range scan) and estimates predicate selectivity.
 */
#ifndef OMENDB_PLAN_PLAN_ACCESS_H
#define OMENDB_PLAN_PLAN_ACCESS_H

#include "plan/planner.h"

/* Sets scan->u.scan.path and scan->explain_note from the scan's filter. */
void plan_access_choose(Planner *p, PlanNode *scan);
/* ORDER BY keys[0..nkeys) over `input`: true if the rows already come in that
 * order from an index (a range scan on the key's leading column below column-
 * only projections), or were made to (an unfiltered scan under ORDER BY key
 * LIMIT limit becomes an index scan in key order; limit < 0: no constant
 * limit). The caller then needs no sort. */
bool plan_access_order(Planner *p, PlanNode *input, const SortKey *keys, int nkeys, int64_t limit);
/* Rough selectivity of a translated predicate (equality 0.05, range 0.3 ...). */
double plan_estimate_selectivity(const Expr *pred);

#endif
