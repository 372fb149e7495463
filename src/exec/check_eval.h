/*
 * check_eval.h — enforcing CHECK constraints (PlanCheck) on new rows, for
 * INSERT / COPY (a chunk of new rows), UPDATE and ON CONFLICT DO UPDATE (a
 * row just written, read back as this command sees it). A row fails a check
 * when the condition is false (NULL passes). Checks are tried in the order
 * given (PostgreSQL's: by name); the error is PostgreSQL's 23514 with the
 * failing row in the detail. Internal to src/exec.
 */
#ifndef OMENDB_EXEC_CHECK_EVAL_H
#define OMENDB_EXEC_CHECK_EVAL_H

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "exec/plan.h"

/* First row (chunk index, below limit) that fails a check: *fail_row and
 * *fail_check (index into checks); *fail_row = limit when none. 0, or -1
 * when evaluating fails (err set). */
int check_first_failure(Operator *op, const PlanCheck *checks, int n, const Chunk *row,
                        uint32_t limit, uint32_t *fail_row, int *fail_check);
/* The 23514 error for chunk row `pos` (physical position). */
int check_violation_error(Operator *op, const CatTable *t, const Chunk *row, uint32_t pos,
                          const char *name);
/* Checks row `row_id` of t as the running command now sees it (after its own
 * update). 0, or -1 with 23514 (or an evaluation error). */
int check_stored_row(Operator *op, const CatTable *t, uint64_t row_id, const PlanCheck *checks,
                     int n);
/* "Failing row contains (...)." for chunk row `pos` of a full table row. */
void check_failing_row_detail(Operator *op, const CatTable *t, const Chunk *row, uint32_t pos);

#endif
