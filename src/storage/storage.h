/*
 * storage.h — in-memory columnar tables: row groups, column segments, zone maps,
 * statement-atomic appends and zero-copy vector access for scans.
 *
 * Layout (see src/storage/README.md and docs/storage.md):
 *   A table is a list of row groups of STORAGE_GROUP_ROWS (122,880) rows, each
 *   made of STORAGE_GROUP_VECTORS (60) vectors of STORAGE_VECTOR_ROWS (2048)
 *   rows. Row id = group * 122,880 + offset in the group; a row keeps its id for
 *   the life of the table. Each column of a group is a column segment whose
 *   per-vector arrays (typed slots laid out as in catalog/types.h, validity
 *   bitmap) are allocated lazily on the first row that lands in the vector.
 *   Strings longer than 12 bytes are copied into the segment's own heap.
 *
 * Concurrency:
 *   - Writers serialise on the table's write mutex (storage_table_write_lock);
 *     an INSERT holds it for its whole duration.
 *   - Appended rows are "pending" (invisible) until storage_table_commit
 *     publishes the new row count with a release store; storage_table_rollback
 *     forgets them. Readers acquire-load the row count once
 *     (storage_table_row_count) and never look at rows at or beyond it, so they
 *     only ever see fully written rows and need no lock.
 *   - A zone map may be read by a scan only when its vector (or row group) is
 *     complete within the scan's row count; the writer never changes such a zone
 *     map again.
 *
 * Memory: malloc'd, counted in storage_bytes(); freed by storage_table_destroy.
 * Pointers handed out (vector data, validity, zone maps, string bytes) stay
 * valid until the table is destroyed.
 */
#ifndef OMENDB_STORAGE_STORAGE_H
#define OMENDB_STORAGE_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/types.h"
#include "common/error.h"
#include "exec/vector.h"

#define STORAGE_VECTOR_ROWS   2048
#define STORAGE_GROUP_VECTORS 60
#define STORAGE_GROUP_ROWS    (STORAGE_VECTOR_ROWS * STORAGE_GROUP_VECTORS) /* 122,880 */
/* Columns a unique index may name: its key columns (at most 16), or the columns
 * a computed index's keys and predicate read. */
#define STORAGE_UNIQUE_COLS 32

typedef struct StorageTable StorageTable;
typedef struct UniqueIndex UniqueIndex; /* storage/unique_index.h */
typedef struct UniqueKey UniqueKey;     /* storage/unique_index.h */
typedef struct UndoRow UndoRow;         /* a row's before-image (storage_version.c) */

/* One value laid out as a vector slot (catalog/types.h). */
typedef union StoragePayload {
    bool b;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    float f4;
    double f8;
    OmNumeric num;
    StrView str; /* long strings point into the segment heap */
    OmInterval iv;
    OmUuid uuid;
} StoragePayload;

/* Min/max summary of a vector or a row group of one column. min/max are
 * meaningful only when has_minmax (at least one non-NULL value and a type with
 * a total order that zone maps support, see zone_map_type_supported). */
typedef struct ZoneMap {
    StoragePayload min;
    StoragePayload max;
    uint32_t row_count;  /* rows summarised */
    uint32_t null_count; /* NULLs among them */
    bool has_minmax;
} ZoneMap;

/* A read-only view of one column of one vector, as a scan needs it. */
typedef struct StorageVectorRef {
    const void *data;         /* STORAGE_VECTOR_ROWS typed slots */
    const uint64_t *validity; /* NULL = no NULLs among the rows */
    uint32_t count;           /* visible rows in this vector */
} StorageVectorRef;

/* Bytes held by all storage tables of the process (data, heaps, zone maps, indexes). */
size_t storage_bytes(void);

/* Creates an empty table with `ncols` columns of the given types (copied).
 * Returns NULL when out of memory. */
StorageTable *storage_table_create(int ncols, const OmType *types);
/* Frees the table, its data and its unique indexes. No reader may be active. */
void storage_table_destroy(StorageTable *table);
int storage_table_ncols(const StorageTable *table);
OmType storage_table_column_type(const StorageTable *table, int col);

/* Number of visible rows (acquire load). A statement reads it once at start. */
uint64_t storage_table_row_count(const StorageTable *table);

/* The commit version of the last transaction that changed the table's rows
 * (0: none since the table was created or loaded from a checkpoint). The
 * transaction manager sets it while it stamps a commit, before the commit is
 * visible, and recovery for each replayed change; it only grows. Incremental
 * checkpoints keep a table's file while this is not above the version the
 * file was written at (docs/checkpoint.md). */
void storage_table_note_commit(StorageTable *table, uint64_t version);
uint64_t storage_table_last_commit(const StorageTable *table);

/* ---- writing (caller holds the write lock) ---- */

void storage_table_write_lock(StorageTable *table);
void storage_table_write_unlock(StorageTable *table);
/* Row count including pending (appended, not yet committed) rows. */
uint64_t storage_table_pending_count(const StorageTable *table);
/* Appends the chunk's selected rows (chunk->ncols == table columns, vector types
 * equal to the column types; FLAT, CONSTANT or DICT vectors) as pending rows.
 * [out] *first_row_id = row id of the first appended row (may be NULL).
 * Returns 0, or -1 with 53200 when out of memory (rows appended by this call
 * may be partly written; storage_table_rollback discards them). */
int storage_table_append(StorageTable *table, const Chunk *chunk, uint64_t *first_row_id,
                         OmError *err);
/* Publishes all pending rows (release store of the row count), after flushing
 * the keys the table's unique indexes staged for them (unique_index_flush). */
void storage_table_commit(StorageTable *table);
/* Discards all pending rows (and keys the unique indexes staged for them); zone
 * maps are restored to cover visible rows only. */
void storage_table_rollback(StorageTable *table);

/* ---- reading (no lock; row_count is the caller's snapshot) ---- */

/* Number of row groups holding rows below row_count. */
uint64_t storage_table_group_count(uint64_t row_count);
/* Fills *out for column `col` of vector `vec` of row group `group`, limited to
 * rows below row_count. Returns 0, or -1 if the vector holds no visible row. */
int storage_table_vector(const StorageTable *table, uint64_t row_count, uint64_t group,
                         uint32_t vec, int col, StorageVectorRef *out);
/* Zone map of a vector / row group of a column; NULL if it does not exist yet.
 * Only complete vectors/groups (all rows below the caller's row count) have
 * stable zone maps. */
const ZoneMap *storage_table_vector_zone(const StorageTable *table, uint64_t group, uint32_t vec,
                                         int col);
const ZoneMap *storage_table_group_zone(const StorageTable *table, uint64_t group, int col);
/* Reads one value of a row (for index lookups). Strings point into storage.
 * Returns 0, or -1 if row_id >= row_count. */
int storage_table_fetch(const StorageTable *table, uint64_t row_count, uint64_t row_id, int col,
                        Value *out);

/* ---- MVCC row versions (storage_version.c; transactions live in src/txn) ---- */

#define VERSION_TXN_BASE (UINT64_C(1) << 62) /* ids of uncommitted transactions start here */
#define VERSION_ABORTED  UINT64_MAX          /* a rolled-back insert or update */

/* What a statement sees: versions committed at or before `ts`, and its own
 * transaction's (`txn`) writes made by commands before `cmd`. */
typedef struct StorageSnapshot {
    uint64_t ts;
    uint64_t txn;
    uint32_t cmd;
} StorageSnapshot;

/* Appends rows inserted by transaction `txn` (caller holds the write lock) and
 * publishes them at once; other snapshots skip them until the insert version
 * is set to a commit version. */
int storage_table_append_txn(StorageTable *table, const Chunk *chunk, uint64_t txn,
                             uint64_t *first_row_id, OmError *err);
/* Commit (version = commit timestamp) or roll back (VERSION_ABORTED) inserts. */
void storage_rows_set_insert_version(StorageTable *table, uint64_t first, uint64_t n,
                                     uint64_t version);

/* Readers of versioned vectors (scans, fetches) bracket each vector access. */
void storage_read_begin(void);
void storage_read_end(void);
/* Rows among the first `count` of a vector that snapshot `s` sees. *all: every
 * row (sel untouched); otherwise their offsets are in sel. *need_undo: some
 * column values must be replaced by before-images (storage_vector_apply_undo
 * on a copy). s == NULL: everything committed or not (no versions). */
uint32_t storage_vector_visibility(const StorageTable *table, uint64_t group, uint32_t vec,
                                   uint32_t count, const StorageSnapshot *s, uint16_t *sel,
                                   bool *all, bool *need_undo);
/* Puts back the before-images `s` must see into a copy of column `col` of a
 * vector (data: STORAGE_VECTOR_ROWS slots, validity: 32 words, all bits valid
 * where the source had no bitmap). Call after copying. */
void storage_vector_apply_undo(const StorageTable *table, uint64_t group, uint32_t vec, int col,
                               const StorageSnapshot *s, void *data, uint64_t *validity);
bool storage_row_visible(const StorageTable *table, uint64_t row, const StorageSnapshot *s);
/* storage_table_fetch as snapshot `s` sees the value. */
int storage_table_fetch_snapshot(const StorageTable *table, uint64_t row_count, uint64_t row,
                                 int col, const StorageSnapshot *s, Value *out);

/* Whether a row holds its unique keys, for a new row of transaction `txn`:
 * dead (rolled back, or deleted by a committed transaction or by txn), live,
 * or busy (inserted or deleted by another running transaction *holder). */
typedef enum RowLiveness { ROW_DEAD, ROW_LIVE, ROW_BUSY } RowLiveness;
RowLiveness storage_row_liveness(const StorageTable *table, uint64_t row, uint64_t txn,
                                 uint64_t *holder);

/* Row writes by the snapshot's transaction (caller holds the write lock). */
typedef enum RowWriteResult {
    ROW_WRITE_OK,      /* done */
    ROW_WRITE_BUSY,    /* another running transaction (*holder) wrote the row: wait for it */
    ROW_WRITE_GONE,    /* deleted by a committed transaction (or its insert rolled back) */
    ROW_WRITE_CHANGED, /* updated by a transaction that committed after the snapshot */
    ROW_WRITE_SELF,    /* already updated or deleted by this very command */
    ROW_WRITE_ERROR,   /* out of memory (err set) */
} RowWriteResult;

/* What a write of `row` under snapshot s would meet now (OK, BUSY with
 * *holder, CHANGED, GONE, SELF), writing nothing: a caller that must act
 * before the write (BEFORE triggers) waits or re-checks first. Caller holds
 * the write lock. */
RowWriteResult storage_row_probe(const StorageTable *table, uint64_t row, const StorageSnapshot *s,
                                 uint64_t *holder);
RowWriteResult storage_row_delete(StorageTable *table, uint64_t row, const StorageSnapshot *s,
                                  uint64_t *holder, OmError *err);
/* Commit (version = commit timestamp) or roll back (VERSION_ABORTED) a delete. */
void storage_row_delete_finish(StorageTable *table, uint64_t row, uint64_t version);
/* Updates columns cols[0..ncols) of a row in place to vals, keeping the
 * before-image in *undo (also set on ROW_WRITE_ERROR: an aborted record the
 * collector reclaims). */
RowWriteResult storage_row_update(StorageTable *table, uint64_t row, const StorageSnapshot *s,
                                  int ncols, const int *cols, const Value *vals, uint64_t *holder,
                                  UndoRow **undo, OmError *err);
/* Locks a row for the snapshot's transaction (SELECT FOR UPDATE/SHARE): the
 * same checks and outcomes as an update, and on ROW_WRITE_OK *undo is a
 * record of no columns that holds the row (NULL when the transaction already
 * holds it: it inserted, updated or locked it before). A committed lock
 * stamps the row like an update of nothing. */
RowWriteResult storage_row_lock(StorageTable *table, uint64_t row, const StorageSnapshot *s,
                                uint64_t *holder, UndoRow **undo, OmError *err);
void storage_undo_commit(StorageTable *table, UndoRow *undo, uint64_t version);
/* Restores the before-image (write lock held); the record stays until pruned. */
void storage_undo_abort(StorageTable *table, UndoRow *undo);
uint64_t storage_undo_version(const UndoRow *undo);
/* The before-image of column `col` in an update record: true and *out if the
 * update wrote that column. */
bool storage_undo_old_value(const StorageTable *table, const UndoRow *undo, int col, Value *out);
uint64_t storage_undo_row(const UndoRow *undo);
/* Marks a finished record for reclamation (the collector, once no snapshot
 * needs it; aborted records only after a grace period since the abort). */
void storage_undo_set_reclaim(UndoRow *undo);
/* Unlinks marked records from the chain of `row`'s vector, at most `max`
 * (<= 256) per call, into unlinked[]; free them after a grace period. Write
 * lock held. */
size_t storage_undo_prune(StorageTable *table, uint64_t row, UndoRow **unlinked, size_t max);
/* Removes an unlinked record from the byte count before it is freed with free(). */
void storage_undo_uncount(UndoRow *undo);

/* ---- zone maps (zone_map.c) ---- */

/* True if zone maps keep min/max for this type (types whose SQL comparison is
 * a total order the storage can reproduce: integers, floats with NaN largest,
 * numeric, date/time/timestamp, text/varchar/name/"char" in C collation,
 * bytea, uuid, bool). */
bool zone_map_type_supported(TypeId type);
/* Compares two payloads of `type` in SQL order: <0, 0, >0. */
int zone_map_compare(TypeId type, const void *a, const void *b);

/* ---- unique indexes (one per PRIMARY KEY / UNIQUE constraint) ---- */

/* Adds a unique index over columns cols[0..ncols) (the table must be empty).
 * Returns its number (0, 1, ... in order of creation) or -1 when out of memory. */
int storage_table_add_unique(StorageTable *table, int ncols, const int *cols);
int storage_table_unique_count(const StorageTable *table);
/* Adds a unique index over a table that may hold rows (CREATE UNIQUE INDEX):
 * builds it from the committed rows under the write and index locks. Returns
 * its number; -1 out of memory; -2 if two rows have equal keys (*dup_row gets
 * one of them; nothing is added). Rows with a NULL key column are skipped. */
int storage_table_add_unique_existing(StorageTable *table, int ncols, const int *cols,
                                      uint64_t *dup_row);
/* Adds a computed unique index: one whose keys are not a list of columns (an
 * expression key, or a predicate that leaves rows out: CREATE UNIQUE INDEX ...
 * ((lower(email))) WHERE ...). Storage cannot compute such keys; the caller
 * encodes them (exec/unique_keys.h) and hands over the n (key, row id) pairs
 * of the rows in it, keys as unique_index_load takes them, to be bulk-loaded
 * under the write and index locks. types: the nkeys key types (ALEX or
 * B+tree, as for columns); reads[0..nread): the columns its keys and
 * predicate read (an UPDATE writing one of them may move the row's key).
 * replace >= 0 rebuilds computed index `replace` in place (recovery) instead
 * of adding one. Returns the index number; -1 out of memory (or more than
 * STORAGE_UNIQUE_COLS columns); -2 if two keys are equal (*dup_row gets one of
 * their rows; nothing changed). */
int storage_table_add_unique_computed(StorageTable *table, int nkeys, const OmType *types,
                                      int nread, const int *reads, const UniqueKey *keys,
                                      const size_t *off, const uint64_t *row_ids, size_t n,
                                      int replace, uint64_t *dup_row);
/* True if unique index `idx` is computed: storage_table_unique_cols then lists
 * the columns it reads, not its key, and storage_row_unique_key cannot encode
 * its keys (no plan reads it: it only enforces uniqueness). */
bool storage_table_unique_computed(const StorageTable *table, int idx);
/* Removes unique index `idx` (DROP INDEX); later indexes move down by one. */
void storage_table_drop_unique(StorageTable *table, int idx);
/* The unique indexes' own lock, for writers: INSERT checking and filling them,
 * rollback, and adding or dropping an index hold it exclusively while they
 * modify the indexes. Index readers (lookups, range scans, estimates) take no
 * lock: the indexes serve readers beside one writer (unique_index.h). It is
 * separate from the write mutex and held only while one batch is processed,
 * never while the INSERT's child runs. The shared mode is kept for callers that
 * need the set of indexes not to change. */
void storage_table_index_lock_shared(StorageTable *table);
void storage_table_index_lock_exclusive(StorageTable *table);
void storage_table_index_unlock(StorageTable *table);
UniqueIndex *storage_table_unique(const StorageTable *table, int idx);

/* ---- unique keys that move (unique_holder.c) ---- */

/* An UPDATE is about to change a unique key column in place: from now on an
 * index entry key -> row may be stale (the row's key moved on), and readers of
 * the index compare keys (storage_row_has_key). Sticky. */
void storage_table_note_keys_moved(StorageTable *table);
bool storage_table_keys_moved(const StorageTable *table);
/* Encodes into *out the key of unique index `idx` of `row` as snapshot `s`
 * sees it (NULL: the newest version). 0, 1 if a key column is NULL, -1 out
 * of memory or a computed index (whose keys only the SQL layer computes). */
int storage_row_unique_key(const StorageTable *table, int idx, uint64_t row,
                           const StorageSnapshot *s, UniqueKey *out);
/* For index readers: true if `row`, as `s` sees it, has key[0..len) in index
 * `idx` (always true while no key ever moved). scratch: a caller's buffer. */
bool storage_row_has_key(const StorageTable *table, int idx, uint64_t row, const StorageSnapshot *s,
                         const uint8_t *key, size_t len, UniqueKey *scratch);
/* For unique checks: storage_row_liveness, and a live row whose newest key is
 * not key[0..len) (a stale entry) is ROW_DEAD. Not for a computed index once
 * keys moved (exec/unique_keys.h compares its keys). */
RowLiveness storage_key_holder(const StorageTable *table, int idx, uint64_t row, const uint8_t *key,
                               size_t len, uint64_t txn, uint64_t *holder);
/* True once the row's insert and its latest update are committed at or before
 * `horizon` (or the insert rolled back): every snapshot from horizon on sees them. */
bool storage_row_settled(const StorageTable *table, uint64_t row, uint64_t horizon);
/* For index readers: the row that snapshot `s` sees under key[0..len) of index
 * `idx`, starting from the entry's `row` (rows >= row_count are not yet visible
 * to the statement) and stepping back through the rows whose entry was taken over
 * (storage_key_note_takeover). False if none. Inside a read-side section. */
bool storage_key_visible_row(const StorageTable *table, int idx, uint64_t row, uint64_t row_count,
                             const StorageSnapshot *s, const uint8_t *key, size_t len,
                             UniqueKey *scratch, uint64_t *out);
/* After `taker` took over the entry key -> prev of index `idx` (index lock held
 * exclusively): remembers prev for snapshots that may still see it under the key.
 * horizon: the oldest snapshot timestamp any transaction holds (txn_gc_horizon).
 * -1 out of memory. */
int storage_key_note_takeover(StorageTable *table, int idx, const uint8_t *key, size_t len,
                              uint64_t taker, uint64_t prev, uint64_t horizon);
/* The take-over by `taker` was rolled back (index lock held exclusively). */
void storage_key_forget_takeover(StorageTable *table, int idx, const uint8_t *key, size_t len,
                                 uint64_t taker);
/* Key columns of unique index `idx` (of a computed one: the columns it reads);
 * *ncols receives their number. */
const int *storage_table_unique_cols(const StorageTable *table, int idx, int *ncols);

#endif
