/*
 * fk_check.h — FOREIGN KEY checks and actions for the writing operators
 * (INSERT, COPY, ON CONFLICT, UPDATE, DELETE). Internal to src/exec.
 */
#ifndef OMENDB_EXEC_FK_CHECK_H
#define OMENDB_EXEC_FK_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "storage/storage.h"

/* What a write to `table` touching columns cols[0..ncols) (all columns when
 * ncols < 0: INSERT, DELETE) must check: its own foreign keys (child side)
 * and the keys other tables reference (parent side). */
typedef struct FkNeeds {
    bool child, parent;
} FkNeeds;
FkNeeds fk_needs(Catalog *cat, const CatTable *table, int ncols, const int *cols);

/* Rows [first, first + n) were just inserted by this transaction: each must
 * reference an existing row (23503 otherwise). Waits for a transaction that
 * is deleting a referenced row. */
int fk_check_inserted(ExecState *es, const CatTable *table, uint64_t first, uint64_t n);
/* `row` was just updated (before-images in undo): its changed foreign keys
 * must reference existing rows; if it changed a referenced key, no row may
 * reference the old one (NO ACTION / RESTRICT: 23503). */
int fk_check_updated(ExecState *es, const CatTable *table, uint64_t row, const UndoRow *undo,
                     FkNeeds needs);
/* `row` was just deleted: rows referencing it are an error (NO ACTION,
 * RESTRICT), deleted (CASCADE) or get NULLs (SET NULL). */
int fk_check_deleted(ExecState *es, const CatTable *table, uint64_t row);

/* ALTER TABLE ADD FOREIGN KEY: every live row of `table` must reference an
 * existing row (23503 for the first that does not). Does not wait (the caller
 * holds the catalog exclusively): a referenced row that another transaction
 * is writing gives 55P03. */
int fk_validate(ExecState *es, const CatTable *table, const CatForeignKey *fk);

#endif
