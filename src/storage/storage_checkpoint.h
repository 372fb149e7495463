/*
 * storage_checkpoint.h — a table's rows as one Parquet file, for checkpoints:
 * writing what a snapshot sees while writers go on, and loading such a file
 * back into an empty table at the original row ids.
 *
 * File layout (docs/checkpoint.md): column 0 is STORAGE_CHECKPOINT_ROW_ID
 * (int8, REQUIRED, strictly increasing), then the table's columns in order,
 * all OPTIONAL, with the names the caller gives. A Parquet row group holds
 * the visible rows of one storage row group. Row ids that the snapshot does
 * not see (rolled back, deleted, not yet committed) are simply absent; the
 * loader turns them into dead placeholder rows, so that redo records written
 * after the checkpoint (which name rows by id) find their rows where they were.
 *
 * Nothing here knows SQL or the catalog.
 */
#ifndef OMENDB_STORAGE_STORAGE_CHECKPOINT_H
#define OMENDB_STORAGE_STORAGE_CHECKPOINT_H

#include <stdint.h>

#include "common/error.h"
#include "storage/storage.h"

#define STORAGE_CHECKPOINT_ROW_ID "omendb_row_id"

/* Writes every row of `table` that snapshot `snap` sees to a new Parquet file
 * at `path` (created or truncated; fsync'd and closed on success). names[c] is
 * column c's name. Concurrent writers may commit meanwhile: values changed
 * after the snapshot are read from their before-images, so the caller must
 * keep the snapshot registered (a running transaction) until this returns,
 * and keep the table from being dropped. [out] *rows = rows written.
 * Returns 0, or -1 (58030/53100 I/O, 53200). On error the file is left for
 * the caller to remove. */
int storage_checkpoint_write(StorageTable *table, const StorageSnapshot *snap, const char *path,
                             const char *const *names, uint64_t *rows, OmError *err);

/* Loads a file written by storage_checkpoint_write into `table`, which must
 * hold no rows yet: each row goes to its row id as a committed row visible to
 * every snapshot; row ids in between become dead rows. Unique indexes are not
 * touched (rebuild them afterwards). [out] *rows = rows loaded. Returns 0, or
 * -1: XX001 when the file is damaged or does not match the table's columns
 * (the message names the file), 58P01 missing, 58030 I/O, 53200. After an
 * error the table may hold part of the file. */
int storage_checkpoint_load(StorageTable *table, const char *path, uint64_t *rows, OmError *err);

#endif
