/*
 * fk_check.h — FOREIGN KEY checks and actions for the writing operators
 * (INSERT, COPY, ON CONFLICT, UPDATE, DELETE). Internal to src/exec.
 */
#ifndef OMENDB_EXEC_FK_CHECK_H
#define OMENDB_EXEC_FK_CHECK_H

#include <stdbool.h>
#include <stddef.h>
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
 * is deleting a referenced row. A key in DEFERRED mode (fk_deferred.h) is
 * recorded for later instead of checked, here and in the two below (NO
 * ACTION only). */
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

/* Deferred checks (fk_deferred.c runs them at COMMIT or SET CONSTRAINTS ...
 * IMMEDIATE). fk_check_rows_now: the live rows among [first, first + n) of
 * `table` must reference existing rows (the newest key of each; 23503 "insert
 * or update ..."). fk_check_key_now: the referenced key key[0..len) of fk,
 * encoded as its unique index does, must be held by a live row again or be
 * referenced by no live row of `table` (23503 "update or delete ...", with
 * names / vals in the DETAIL). Both wait for rows of running transactions. */
int fk_check_rows_now(ExecState *es, const CatTable *table, const CatForeignKey *fk, uint64_t first,
                      uint64_t n);
int fk_check_key_now(ExecState *es, CatTable *table, const CatForeignKey *fk, const uint8_t *key,
                     size_t len, const char *names, const char *vals);

#endif
