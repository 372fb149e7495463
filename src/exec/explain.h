/*
 * explain.h — EXPLAIN and EXPLAIN ANALYZE text for a plan: one line per
 * operator (indented tree) with estimated rows, the access path chosen for
 * each table and why, filters and join keys; with ANALYZE the actual rows,
 * loops and time of each operator.
 */
#ifndef OMENDB_EXEC_EXPLAIN_H
#define OMENDB_EXEC_EXPLAIN_H

#include "exec/operator.h"

/* Appends the lines to *lines (arena array, grown); `root` may be NULL (no ANALYZE). */
void explain_plan(Arena *arena, const PlanNode *plan, const Operator *root, const char ***lines,
                  int *nlines);

#endif
