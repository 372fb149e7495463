/*
 * worktable.h — the working table of a WITH RECURSIVE evaluation, shared by a
 * Recursive Union operator (op_recursive_union.c, the owner) and the WorkTable
 * Scans of its recursive term (op_worktable_scan.c). Internal to src/exec.
 *
 * Wiring: while op_recursive_union_create() builds its recursive term it
 * pushes its WorkTable on es->worktables; op_worktable_scan_create() takes the
 * innermost entry with its plan's wt_id. The pointer stays valid for the life
 * of the operator tree (it lives in the union's operator arena).
 *
 * A data-modifying WITH query's RETURNING rows are a WorkTable too
 * (op_modify_cte.c), on es->cte_tables for the whole statement; it is filled
 * before anything that reads it is opened, and never changes after.
 *
 * Contract: `rows` is the set of rows the previous iteration produced. The
 * union changes it only between iterations, and rescans its recursive term
 * right after, so a scan reads `rows` at open/rescan and never sees it change
 * while it is being read.
 */
#ifndef OMENDB_EXEC_WORKTABLE_H
#define OMENDB_EXEC_WORKTABLE_H

#include "exec/chunk_collection.h"
#include "exec/operator.h"

typedef struct WorkTable {
    int id;
    const ChunkCollection *rows;
    struct WorkTable *next; /* es->worktables stack, during exec_build() only;
                             * es->cte_tables list (op_modify_cte.c) */
} WorkTable;

#endif
