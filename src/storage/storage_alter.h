/*
 * storage_alter.h — changing the columns of a table that holds rows
 * (ALTER TABLE ADD / DROP COLUMN, ALTER COLUMN TYPE) and moving unique
 * indexes in and out, so that a failed ALTER TABLE statement can be undone.
 *
 * A StorageColumn is one column's data for every row group that exists when
 * it is created: built off to the side (storage_column_fill, one vector at a
 * time), then attached, or the result of detaching a column. Attach, detach
 * and swap only move segments (no copy, nothing can fail but the allocation
 * of the per-group segment arrays, done up front), so undoing them is exact.
 *
 * Concurrency: the caller excludes every reader and writer of the table (the
 * catalog lock held exclusively, and no running transaction has written the
 * table), because row groups' segment arrays are replaced. Undo records
 * (before-images of updates) name columns by index: after a statement that
 * moved columns, storage_table_undo_remap renumbers them (a dropped or
 * rewritten column's before-images are discarded: older snapshots then see
 * the column's current values, as with PostgreSQL's table rewrites, which
 * are not MVCC-safe either).
 */
#ifndef OMENDB_STORAGE_STORAGE_ALTER_H
#define OMENDB_STORAGE_STORAGE_ALTER_H

#include "storage/storage.h"

typedef struct StorageColumn StorageColumn;

/* An empty column of `type` for every row group of `t` (none filled yet). */
StorageColumn *storage_column_create(const StorageTable *t, OmType type);
void storage_column_free(StorageColumn *c);
OmType storage_column_type(const StorageColumn *c);
/* Writes rows 0..count-1 of vector `vec` of group `group` from v (FLAT or
 * CONSTANT, physical positions 0..count-1). Each vector is filled once, in
 * any order. 0, or -1 out of memory. */
int storage_column_fill(StorageColumn *c, uint64_t group, uint32_t vec, const Vector *v,
                        uint32_t count);
/* Rows written to the table (committed or not): what a rewrite must cover. */
uint64_t storage_table_all_rows(const StorageTable *t);

/* Inserts c as column `pos` (later columns move up by one); takes c. Unique
 * index column numbers follow. 0, or -1 out of memory (nothing changed). */
int storage_table_attach_column(StorageTable *t, int pos, StorageColumn *c);
/* Removes column `pos` (later columns move down); no unique index may use
 * it. NULL out of memory (nothing changed). */
StorageColumn *storage_table_detach_column(StorageTable *t, int pos);
/* Replaces column `pos` by c (which may have another type) and returns the
 * old one. Cannot fail. */
StorageColumn *storage_column_swap(StorageTable *t, int pos, StorageColumn *c);

/* After columns moved: map[old column] = new column, or -1 when the
 * before-images of that column no longer apply (dropped or rewritten). */
void storage_table_undo_remap(StorageTable *t, const int *map, int old_ncols);

/* A unique index taken out of the table (DROP CONSTRAINT while the
 * statement may still fail). */
typedef struct StorageUniqueSlot {
    int ncols;
    int cols[STORAGE_UNIQUE_COLS];
    bool computed;
    UniqueIndex *index;
} StorageUniqueSlot;
/* Removes unique index `idx` (later ones move down) into *out. */
void storage_table_detach_unique(StorageTable *t, int idx, StorageUniqueSlot *out);
/* Puts a detached index back at `idx`. 0, or -1 out of memory. */
int storage_table_attach_unique(StorageTable *t, int idx, const StorageUniqueSlot *slot);
void storage_unique_slot_free(StorageUniqueSlot *slot);

#endif
