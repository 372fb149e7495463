/*
 * unique_update.h — unique indexes after an in-place UPDATE of key columns
 * (UPDATE and INSERT ... ON CONFLICT DO UPDATE). Internal to src/exec.
 */
#ifndef OMENDB_EXEC_UNIQUE_UPDATE_H
#define OMENDB_EXEC_UNIQUE_UPDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "storage/storage.h"

/* True if writing columns cols[0..ncols) may change a unique key of the table. */
bool unique_update_touches_keys(const StorageTable *storage, int ncols, const int *cols);
/* After this transaction updated `row` in place (columns cols[0..ncols)):
 * indexes the row's new keys, waiting for a running transaction that holds
 * one (deadline_us: statement_timeout, 0 none). Returns 0, or -1 with 23505
 * (a live row has the key), 40P01, 57014 or 53200 in es->err. */
int unique_update_row(ExecState *es, const CatTable *table, StorageTable *storage, uint64_t row,
                      int ncols, const int *cols, int64_t deadline_us);

#endif
