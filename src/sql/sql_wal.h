/*
 * sql_wal.h — redo logging of the SQL layer: at commit, a transaction's row
 * changes become WAL change records (wal/wal_redo.h); each DDL statement
 * becomes a batch of its own. Recovery (sql_recovery.c) replays both.
 *
 * Ordering: a transaction's batch is written by the txn commit hook after its
 * last write and before it becomes visible, while its rows are still locked,
 * so conflicting transactions reach the log in the order they committed. DDL
 * statements run one at a time (SqlWal.ddl_mu) and log themselves right after
 * they succeed; a commit that touches a table whose OID is not below the
 * running DDL's first OID (a table that DDL may have just created) waits until
 * that DDL is in the log, so replay never meets a table before its CREATE.
 * The commit hook reads table OIDs from storage (storage_redo.h), never the
 * catalog, so it takes no catalog lock.
 *
 * Failures: a commit whose batch cannot be logged is rolled back and reports
 * the WAL's error (53100, 58030). A DDL statement that took effect but could
 * not be logged cannot be undone. When the disk was full (53100) its record is
 * kept and written before any later commit or DDL, which fail with 53100 while
 * it still cannot be; once space returns everything proceeds. Any other
 * failure makes the database refuse every later write (58030) until a restart,
 * as it does once the WAL itself has failed. Both are written to the server
 * log (Database.log).
 */
#ifndef OMENDB_SQL_SQL_WAL_H
#define OMENDB_SQL_SQL_WAL_H

#include "sql/sql_int.h"
#include "wal/wal.h"

typedef struct SqlWal SqlWal;

/* Attaches an open WAL to the database (taking ownership) and installs the
 * commit hook. Returns 0, or -1 with 53200. */
int sql_wal_attach(Database *db, Wal *wal, OmError *err);
/* Flushes and closes the WAL (database shutdown), after logging every
 * sequence's exact position (the sessions are gone: nothing can hand out a
 * value past it); a no-op without one. */
void sql_wal_detach(Database *db);
/* True for the statements that are logged as DDL records. */
bool sql_wal_is_ddl(const PgQuery__Node *stmt);
/* Runs a DDL statement through `run` and logs it (see above). */
int sql_wal_run_ddl(StmtCtx *sc, PgQuery__Node *stmt, int (*run)(StmtCtx *, PgQuery__Node *));
/* Transactional DDL (sql_ddl_txn.h): the records of DDL statements that a
 * transaction may still take back wait in the session for its commit.
 * pre_commit readies the states of the sequences they created (before
 * txn_commit, whose hook writes records, states and rows as one batch);
 * txn_end, after txn_commit or txn_abort, writes records the hook did not
 * (a transaction without rows; -1 with err if that failed, the DDL then
 * undone) or undoes them after a rollback, and lets go of DDL; rollback_to
 * undoes those run after savepoint i (kept, with a WARNING to sink, when one
 * of them changed an older object of the transaction); release folds those
 * after savepoint i into it; flush writes them at once (CHECKPOINT). kept:
 * some DDL of the running transaction was logged at once, so a ROLLBACK
 * leaves it in place. No-ops without a WAL. */
int sql_wal_ddl_pre_commit(SqlSession *s, OmError *err);
int sql_wal_ddl_txn_end(SqlSession *s, bool committed, OmError *err);
void sql_wal_ddl_rollback_to(SqlSession *s, int i, ResultSink *sink);
void sql_wal_ddl_release(SqlSession *s, int i);
int sql_wal_ddl_flush(SqlSession *s, OmError *err);
bool sql_wal_ddl_kept(const SqlSession *s);
/* True if t was created by another session's transaction that has not
 * committed: queries do not see it (42P01), as in PostgreSQL. */
bool sql_wal_table_hidden(const SqlSession *s, const CatTable *t);
/* The id of another session's transaction that altered t and has not
 * committed, else 0: queries of t wait for it (bind_lookup_relation reports
 * it in SqlSession.ddl_wait_txn, sql_run_in_txn waits and runs the statement
 * again), as PostgreSQL's ALTER TABLE holds its lock. */
uint64_t sql_wal_table_locked(const SqlSession *s, const CatTable *t);
/* The WAL's next insert position (flushed = false) or the end of what is
 * durable (flushed = true); 0 without a WAL. For pg_current_wal_lsn(). */
uint64_t sql_wal_lsn(Database *db, bool flushed);
/* 0 when writes may proceed; -1 with 58030 once durability is lost. */
int sql_wal_check_writable(Database *db, OmError *err);

/* ---- for checkpoints (sql_checkpoint.c) ----
 * The DDL history is every schema change since the database was created, in
 * log order, as [u32 length][DDL record payload] entries: replaying it on an
 * empty catalog rebuilds the catalog with the same OIDs. */

/* Logs the state of every sequence (a checkpoint, after its cut, with DDL
 * held off: the log before the cut may be removed, so the states go after
 * it); made durable by the checkpoint's flush. */
int sql_wal_log_sequences(Database *db, OmError *err);
/* Holds off DDL statements: waits while one runs, or while a transaction
 * holds deferred DDL, until that transaction ends. */
void sql_wal_ddl_lock(Database *db);
void sql_wal_ddl_unlock(Database *db);
Wal *sql_wal_log(Database *db); /* NULL without a log (in-memory database) */
/* True once a DDL statement took effect without being logged. */
bool sql_wal_is_broken(Database *db);
/* The DDL history (under sql_wal_ddl_lock; valid until unlocked). 53200 if an
 * append to it ran out of memory. */
int sql_wal_history_get(Database *db, const uint8_t **data, size_t *len, OmError *err);
/* Replaces the DDL history (recovery). */
int sql_wal_history_set(Database *db, const uint8_t *data, size_t len, OmError *err);

#endif
