/*
 * storage_redo.h — what the redo log needs from storage: reading a
 * transaction's changes at commit (the table's OID, the columns of an
 * update's before-image) and applying logged changes at recovery (rows at
 * explicit row ids, in-place column values, delete marks, rebuilt unique
 * indexes).
 *
 * Recovery runs single-threaded before any session exists: the apply
 * functions take no locks and create no before-images. Row ids are those of
 * the original run; a row id above the table's end is reached by appending
 * dead rows (insert version VERSION_ABORTED), which a later replayed insert
 * of a smaller id (a transaction that appended first and committed later)
 * turns into a live row.
 */
#ifndef OMENDB_STORAGE_STORAGE_REDO_H
#define OMENDB_STORAGE_STORAGE_REDO_H

#include "storage/storage.h"

/* The catalog OID of the table (0 until set; set by the catalog at creation). */
void storage_table_set_oid(StorageTable *table, uint32_t oid);
uint32_t storage_table_oid(const StorageTable *table);
/* A temporary table's storage is unlogged: its changes never reach the redo
 * log (set by the catalog at creation; never changes afterwards). */
void storage_table_set_unlogged(StorageTable *table);
bool storage_table_unlogged(const StorageTable *table);
/* The transactional-DDL generation that created the table and has not
 * reached the log yet (sql_wal.c): a table of the running generation may not
 * be committed to by any other transaction. 0 for none. */
void storage_table_set_ddl_gen(StorageTable *table, uint64_t gen);
uint64_t storage_table_ddl_gen(const StorageTable *table);
/* The transactional-DDL generation that altered the table (an older one)
 * and has not reached the log yet: while it runs, no other transaction may use
 * the table. 0 for none. */
void storage_table_set_ddl_lock(StorageTable *table, uint64_t gen);
uint64_t storage_table_ddl_lock(const StorageTable *table);

/* Columns written by an update (its before-image holds their old values). */
int storage_undo_ncols(const UndoRow *undo);
int storage_undo_col(const UndoRow *undo, int k);

/* Recovery: makes row `row` a live row holding vals[0..ncols) (the table's
 * column types; strings are copied) inserted at commit version `version`.
 * The row must not exist or be a dead placeholder; XX001 otherwise, 53200
 * when out of memory. */
int storage_redo_insert(StorageTable *table, uint64_t row, const Value *vals, uint64_t version,
                        OmError *err);
/* Recovery (checkpoint load): appends the chunk's rows as committed rows
 * visible to every snapshot, the first at row id `row`, which must not be
 * below the table's end (XX001 otherwise); rows in between become dead rows.
 * Returns 0, or -1 (53200). */
int storage_redo_append_at(StorageTable *table, uint64_t row, const Chunk *chunk, OmError *err);
/* Recovery: overwrites columns cols[0..ncols) of a live row. XX001 if the row
 * does not exist. */
int storage_redo_update(StorageTable *table, uint64_t row, int ncols, const int *cols,
                        const Value *vals, OmError *err);
/* Recovery: marks a live row deleted at `version`. XX001 if it is not live. */
int storage_redo_delete(StorageTable *table, uint64_t row, uint64_t version, OmError *err);
/* Recovery: rebuilds every unique index over columns from the live rows, in
 * place (same numbers, same columns); computed ones are left to the SQL layer,
 * which can evaluate their keys. XX001 if two live rows share a key (the log
 * is inconsistent), 53200 when out of memory. */
int storage_redo_rebuild_unique(StorageTable *table, OmError *err);

#endif
