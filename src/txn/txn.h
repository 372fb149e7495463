/*
 * txn.h — transactions: ids, snapshots by timestamp, the undo log that
 * commits or rolls back a transaction's row versions, row-lock waits with
 * deadlock detection, and the garbage collector of before-images.
 *
 * Timestamps: one counter of commit versions (storage.h: 1 .. VERSION_TXN_BASE-1).
 * A snapshot is the last commit version at the time it is taken; a commit
 * takes the next version, stamps the transaction's row versions with it
 * (under the manager's mutex, so commits are totally ordered) and only then
 * publishes it as the last commit version: a snapshot never sees half a commit.
 *
 * Isolation: READ COMMITTED takes a snapshot per statement, REPEATABLE READ one
 * per transaction (at its first statement). SERIALIZABLE is refused by the SQL
 * layer (never silently weaker).
 *
 * Ownership: the TxnManager belongs to the Database; a Txn belongs to the
 * session that began it until txn_commit/txn_abort free it. Undo-log entries
 * point at StorageTables: DROP TABLE asks txn_table_user first and calls
 * txn_forget_table before destroying a table.
 */
#ifndef OMENDB_TXN_TXN_H
#define OMENDB_TXN_TXN_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "storage/storage.h"

typedef enum TxnIsolation { TXN_READ_COMMITTED, TXN_REPEATABLE_READ } TxnIsolation;

typedef struct TxnManager TxnManager;
typedef struct Txn Txn;

TxnManager *txn_manager_create(void);
void txn_manager_destroy(TxnManager *mgr);
/* The last commit version (what a new snapshot sees). */
uint64_t txn_last_commit(TxnManager *mgr);
/* The newest commit new snapshots see: every commit up to it is durable (or
 * was made with synchronous_commit = off). <= txn_last_commit. */
uint64_t txn_read_horizon(TxnManager *mgr);
/* The oldest snapshot timestamp a running transaction holds or a new one can
 * take: what every snapshot sees of a row, the snapshot at this timestamp sees. */
uint64_t txn_gc_horizon(TxnManager *mgr);
/* Transactions ended since the manager was created: committed (txn_commit,
 * txn_commit_deferred; read-only ones too) and rolled back (txn_abort: ROLLBACK,
 * a failed statement or commit, internal read-only transactions such as a
 * checkpoint's). Relaxed reads, for metrics. */
void txn_manager_counts(TxnManager *mgr, uint64_t *commits, uint64_t *rollbacks);

/* Begins a transaction; NULL when out of memory. */
Txn *txn_begin(TxnManager *mgr, TxnIsolation iso);
TxnIsolation txn_isolation(const Txn *txn);
void txn_set_isolation(Txn *txn, TxnIsolation iso);
/* Command numbers (StorageSnapshot.cmd) of statements go up by TXN_CMD_STEP:
 * the numbers in between belong to the rows a statement's foreign-key
 * actions update (exec/fk_check.c), which must be visible to that statement
 * and the later ones without counting as the statement's own writes. */
#define TXN_CMD_STEP 4
/* Starts a statement: a new command number, and for READ COMMITTED (or the
 * first statement) a new snapshot. */
void txn_statement_begin(Txn *txn);
/* True once a statement has begun (SET TRANSACTION must come before). */
bool txn_started(const Txn *txn);
const StorageSnapshot *txn_snapshot(const Txn *txn);
/* A snapshot of everything committed now, as seen by this transaction's
 * current command (READ COMMITTED re-checks of a concurrently updated row). */
StorageSnapshot txn_latest_snapshot(const Txn *txn);
uint64_t txn_id(const Txn *txn);
TxnManager *txn_manager_of(const Txn *txn);

/* Called by txn_commit for a transaction that wrote something, after its
 * last write and before any of its versions becomes visible, while its rows
 * are still locked: appends its redo records to the log (src/sql/sql_wal.c)
 * without waiting for them to be durable. *wait_lsn receives the log position
 * the commit must be durable through before it is acknowledged (0: none, as
 * for synchronous_commit = off). `arg` is txn_commit's hook_arg. Returns 0, or
 * -1 with err set: the transaction is then rolled back instead of committed. */
typedef int (*TxnCommitHook)(void *ctx, Txn *txn, void *arg, uint64_t *wait_lsn, OmError *err);
/* Waits until the log is durable through `lsn`; *flushed receives the
 * durable position. Returns 0, or -1 with err when the log failed. */
typedef int (*TxnFlushWait)(void *ctx, uint64_t lsn, uint64_t *flushed, OmError *err);
/* Installs the hooks (NULL: none); set before sessions start. */
void txn_manager_set_commit_hook(TxnManager *mgr, TxnCommitHook hook, TxnFlushWait wait, void *ctx);
/* A consistent cut for checkpoints: hold_commits waits until no writing
 * commit is between its commit hook and the publication of its versions, and
 * keeps new ones from entering the hook until release_commits. Every commit
 * whose batch is in the log is then visible to a new snapshot, and no other.
 * Read-only commits and aborts are not held. Hold it only briefly. */
void txn_manager_hold_commits(TxnManager *mgr);
void txn_manager_release_commits(TxnManager *mgr);
/* A snapshot of every commit, durable or not (txn_statement_begin takes the
 * read horizon instead): a checkpoint's cut, whose log it flushes itself. */
void txn_snapshot_all_commits(Txn *txn);
/* Recovery: makes `ts` the last commit version (replayed commits used the
 * versions up to it). No transaction may be running. */
void txn_manager_set_last_commit(TxnManager *mgr, uint64_t ts);

/* Commits: runs the commit hook, stamps every version the transaction wrote,
 * releases its rows to other writers, then waits until its log records are
 * durable and only then lets new snapshots see it (early lock release: rows
 * are not held through the flush, readers never see a commit that is not yet
 * durable). Returns 0; or -1 with err set when the hook failed, in which case
 * everything was rolled back (as txn_abort) and the transaction freed; or -1
 * when the flush failed, in which case the transaction stays committed in
 * memory but no snapshot will ever see it (the log refuses further writes;
 * what survives a restart is what reached the log). */
int txn_commit(Txn *txn, void *hook_arg, OmError *err);
/* txn_commit without the wait: *need_lsn receives the log position that must
 * be durable before the commit may be reported to the client (0: nothing to
 * wait for). Until then no snapshot, the committer's own included, sees it. The
 * caller settles it with txn_wait_durable, or has the log notify it
 * (wal_notify_flushed; the log's flushed hook calls txn_manager_durable
 * first). */
int txn_commit_deferred(Txn *txn, void *hook_arg, uint64_t *need_lsn, OmError *err);
/* Waits until the log is durable through need_lsn (sharing the flush) and makes
 * the commits it covers readable. -1 with err when the flush failed. */
int txn_wait_durable(TxnManager *mgr, uint64_t need_lsn, OmError *err);
/* Makes readable every queued commit the log covers through `flushed`. */
void txn_manager_durable(TxnManager *mgr, uint64_t flushed);
/* Rolls back everything and frees the transaction. */
void txn_abort(Txn *txn);

/* The row changes in the undo log, oldest first (for the redo log). Index
 * entries are skipped. Start with *pos = 0; returns false past the end. */
typedef enum TxnChangeKind {
    TXN_CHANGE_INSERT,
    TXN_CHANGE_DELETE,
    TXN_CHANGE_UPDATE
} TxnChangeKind;
typedef struct TxnChange {
    TxnChangeKind kind;
    StorageTable *table;
    uint64_t row;        /* first row (INSERT) or the row */
    uint64_t n;          /* rows (INSERT), else 1 */
    const UndoRow *undo; /* UPDATE: the before-image (storage_redo.h reads its columns) */
} TxnChange;
bool txn_change_next(const Txn *txn, size_t *pos, TxnChange *out);

/* Savepoints and failed statements: a mark is a position in the undo log;
 * txn_rollback_to undoes every entry after it. */
typedef size_t TxnMark;
TxnMark txn_mark(Txn *txn);
void txn_rollback_to(Txn *txn, TxnMark mark);

/* The undo log. Each returns 0, or -1 with 53200 when out of memory (the
 * caller then undoes the write it just made). */
int txn_log_insert(Txn *txn, StorageTable *table, uint64_t first_row, uint64_t n, OmError *err);
int txn_log_delete(Txn *txn, StorageTable *table, uint64_t row, OmError *err);
int txn_log_update(Txn *txn, StorageTable *table, UndoRow *undo, OmError *err);
/* A unique-index entry `key` of index `idx` now maps to new_row; on rollback
 * it maps to old_row again (UINT64_MAX: it is removed). */
int txn_log_index(Txn *txn, StorageTable *table, int idx, const uint8_t *key, size_t len,
                  uint64_t old_row, uint64_t new_row, OmError *err);

/* Waits until transaction `holder` (an id >= VERSION_TXN_BASE) has ended or
 * rolled back part of its work (txn_rollback_to: a failed statement or
 * ROLLBACK TO SAVEPOINT may have released the row); callers look at the row
 * again and may wait again. Returns 0; -1 with 40P01 when waiting would deadlock, 57014 when
 * `cancel` is set, 57014 (statement timeout) after timeout_ms > 0. */
int txn_wait(Txn *self, uint64_t holder, atomic_bool *cancel, int64_t deadline_us, OmError *err);
/* A flag txn_wait holds true while this transaction sleeps waiting for another
 * (pg_stat_activity's wait_event), or NULL for none. Set before any wait. */
void txn_set_wait_flag(Txn *t, atomic_bool *flag);

/* pg_export_snapshot: writes an identifier of t's current snapshot into buf
 * (34 bytes); it stays importable while t runs. */
void txn_export_snapshot(Txn *t, char *buf, size_t cap);
/* SET TRANSACTION SNAPSHOT: t (repeatable read, no snapshot taken yet) takes
 * the snapshot `id` names. -1 if id names none a running transaction exported. */
int txn_import_snapshot(Txn *t, const char *id);

/* The id of a running transaction other than `self` that has written
 * `table` or holds it with txn_hold_table (the first found), 0 if none: DDL
 * waits for it to end (txn_wait) and tries again (sql_exec.c). */
uint64_t txn_table_user(TxnManager *mgr, const Txn *self, const StorageTable *table);
/* LOCK TABLE in a mode that only DDL conflicts with: `self` holds `table`
 * until it ends, so txn_table_user names it to everyone else.
 * Returns 0, or -1 out of memory. */
int txn_hold_table(Txn *self, const StorageTable *table);
/* True if `txn` itself (may be NULL) has written `table`. */
bool txn_wrote_table(const Txn *txn, const StorageTable *table);
/* Drops every reference to `table` (self's undo entries, the collector's queue). */
void txn_forget_table(TxnManager *mgr, Txn *self, const StorageTable *table);

/* Runs the collector now (tests, idle time); returns before-images freed. */
size_t txn_gc(TxnManager *mgr);

#endif
