/*
 * sql.h — the engine's front door: a Database (catalog + storage of one data
 * directory) and SqlSessions that run SQL text against it.
 *
 * The wire layer calls sql_exec_simple() for a simple Query message; the text
 * may hold several statements, run in order, each reported to the ResultSink.
 * On the first error, execution stops and the error is returned (-1, `err`
 * filled); results of earlier statements have already been reported.
 *
 * Threading: one Database per process, shared by all sessions (its internals do
 * their own locking). A SqlSession belongs to one connection thread, except
 * sql_session_cancel(), which may be called from any thread.
 */
#ifndef OMENDB_SQL_SQL_H
#define OMENDB_SQL_SQL_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/session_settings.h"
#include "catalog/types.h"
#include "common/error.h"
#include "exec/vector.h"

typedef struct Database Database;
typedef struct SqlSession SqlSession;

/* Describes one result column (RowDescription field). */
typedef struct ResultColumn {
    const char *name;
    Oid table_oid;  /* 0 when not a plain table column */
    int16_t attnum; /* 0 when not a plain table column */
    OmType type;
} ResultColumn;

/* Callbacks through which results leave the engine. Each returns 0, or -1 to
 * abort the statement (e.g. the client connection broke). */
typedef struct ResultSink {
    void *ctx;
    /* A row-returning statement is about to send rows (RowDescription). */
    int (*describe)(void *ctx, int ncols, const ResultColumn *cols);
    /* Rows: the chunk's columns match `describe`; walk chunk_row(). */
    int (*rows)(void *ctx, const Chunk *chunk);
    /* The statement finished; `tag` is the CommandComplete tag ("SELECT 3", "INSERT 0 1"). */
    int (*complete)(void *ctx, const char *tag);
    /* The query text was empty (EmptyQueryResponse). */
    int (*empty)(void *ctx);
    /* A NOTICE/WARNING for the client (NoticeResponse). */
    int (*notice)(void *ctx, const OmError *notice);
    /* A reported setting changed (ParameterStatus), e.g. after SET TimeZone. */
    int (*parameter_status)(void *ctx, const char *name, const char *value);
    /* COPY sub-protocol (sql_copy.c). A sink that leaves these NULL cannot run
     * COPY FROM STDIN / TO STDOUT (the statement fails with 0A000).
     *   copy_in_begin  CopyInResponse (text format, `ncols` columns) and flush.
     *   copy_in_read   the next CopyData: returns 1 with *data and *len set (valid
     *                  until the next call), 0 at CopyDone, -1 with err filled
     *                  (CopyFail: 57014 "COPY from stdin failed: <msg>"; an
     *                  unexpected message: 08P01; connection lost: 08000).
     *                  Flush and Sync are skipped, as PostgreSQL does.
     *   copy_out_begin CopyOutResponse (text format, `ncols` columns).
     *   copy_out_data  one CopyData message (one row, or the header line).
     *   copy_out_end   CopyDone. */
    int (*copy_in_begin)(void *ctx, int ncols);
    int (*copy_in_read)(void *ctx, const char **data, size_t *len, OmError *err);
    int (*copy_out_begin)(void *ctx, int ncols);
    int (*copy_out_data)(void *ctx, const char *data, size_t len);
    int (*copy_out_end)(void *ctx);
} ResultSink;

/* Opens the database in `data_dir` (created if missing). Returns NULL with err
 * set on failure. */
Database *sql_database_open(const char *data_dir, OmError *err);
void sql_database_close(Database *db);

/* Server log levels the engine reports at (the server maps them to its own). */
typedef enum SqlLogLevel { SQL_LOG_INFO = 0, SQL_LOG_WARNING, SQL_LOG_ERROR } SqlLogLevel;
/* Installs the server log for events no client is told about in full, such as
 * the write-ahead log failing (docs/wal.md). fn may be NULL (no log). Call before
 * sessions exist. */
void sql_database_set_log(Database *db, void (*fn)(void *ctx, SqlLogLevel level, const char *msg),
                          void *ctx);

/* The server's client connections, as pg_stat_activity, pg_cancel_backend()
 * and pg_terminate_backend() see them (session_activity.c). `list` calls
 * `emit` once per connection and returns 0 or the first non-zero emit result;
 * `signal` cancels the statement of (terminate: ends) the connection with that
 * pid and returns 1, or 0 when there is none. Both may be called from any
 * session's thread. Install before sessions exist; without it the view is
 * empty and the functions return false. */
typedef struct SqlBackends {
    int (*list)(void *ctx, int (*emit)(void *ectx, const SessionActivityRow *row), void *ectx);
    int (*signal)(void *ctx, int32_t pid, bool terminate);
    void *ctx;
} SqlBackends;
void sql_database_set_backends(Database *db, const SqlBackends *backends);

/* Role passwords and the server's TLS setting, installed by the server
 * (sql_role.c; src/wire/auth.h does the work). set_password: ALTER ROLE role
 * PASSWORD value (value NULL: PASSWORD NULL); 0, or -1 with err (42704 for an
 * unknown role). get_verifier: pg_authid.rolpassword; false when none. `ssl`
 * is what SHOW ssl says. Install before sessions exist; without it ALTER ROLE
 * ... PASSWORD is 0A000 and rolpassword NULL. */
typedef struct SqlAuth {
    int (*set_password)(void *ctx, const char *role, const char *value, OmError *err);
    bool (*get_verifier)(void *ctx, const char *role, char *buf, size_t cap);
    bool ssl;
    void *ctx;
} SqlAuth;
void sql_database_set_auth(Database *db, const SqlAuth *auth);

/* Options of sql_database_recover. */
typedef struct SqlRecoveryOptions {
    uint32_t wal_segment_size; /* bytes for new segments; 0 = default (64 MB) */
    bool ignore_damage;        /* replay up to damage in the log and drop the rest */
    uint64_t max_wal_size;     /* log bytes since the last checkpoint that trigger one; 0 never */
    uint32_t checkpoint_timeout_s; /* seconds that trigger a checkpoint; 0 = never */
    /* Progress and damage reports (one line each); may be NULL. */
    void (*log)(void *ctx, const char *msg);
    void *log_ctx;
} SqlRecoveryOptions;

/* Makes the database durable (docs/wal.md, docs/checkpoint.md): loads the
 * last checkpoint (DATA/checkpoint) if any, replays DATA/wal from its LSN
 * (schema changes and committed transactions in log order), then opens the
 * WAL for appending; from then on every commit and DDL statement is logged
 * before it becomes visible. Call once, after sql_database_open and before
 * any session exists; it also starts the checkpointer (max_wal_size,
 * checkpoint_timeout). Returns 0, or -1 with err: XX001 damage in the log
 * (naming the file and offset), a damaged manifest or checkpoint file (naming
 * it), or a log that cannot be replayed, 58030/53100
 * I/O errors, 53200. Without this call the database stays in memory only. */
int sql_database_recover(Database *db, const SqlRecoveryOptions *opt, OmError *err);

/* Runs a checkpoint now (CHECKPOINT, shutdown; docs/checkpoint.md): the data
 * as of the current end of the log goes to Parquet files and a new manifest,
 * then older log segments and checkpoint files are removed. Commits go on
 * meanwhile; DDL waits. `reason` goes to the log line. Returns 0 (also when
 * nothing was logged since the last checkpoint, or without
 * sql_database_recover) or -1 with err (58030/53100 I/O, 53200); the previous
 * checkpoint then stays current. */
int sql_checkpoint_run(Database *db, const char *reason, OmError *err);

SqlSession *sql_session_create(Database *db, const char *user, const char *database,
                               const char *application_name);
void sql_session_destroy(SqlSession *s);
/* Runs every statement of `query`. Returns 0, or -1 with err set (the wire
 * layer sends it as ErrorResponse). The position in err is 1-based in `query`. */
int sql_exec_simple(SqlSession *s, const char *query, ResultSink *sink, OmError *err);
/* Asks the running statement (if any) to stop with 57014; any thread may call. */
void sql_session_cancel(SqlSession *s);
/* Transaction status for ReadyForQuery: 'I' idle, 'T' in a block, 'E' failed block. */
char sql_session_txn_status(const SqlSession *s);

/* LISTEN / NOTIFY (session_notify.c). A notification received from `pid`. */
typedef struct SessionNotification {
    int32_t pid;
    char *channel, *payload;
} SessionNotification;
/* How the session's connection is woken when a notification arrives for it
 * while it waits for the client (called from the notifying session's thread,
 * under the hub's lock: it must only signal). */
void sql_session_set_waker(SqlSession *s, void (*wake)(void *ctx), void *ctx);
/* Notifications to send now: some received and the session is outside a
 * transaction. */
bool sql_session_has_notifications(SqlSession *s);
/* Hands each such notification to send() (in order) and forgets it; returns
 * how many. Nothing while a transaction is open. */
int sql_session_take_notifications(SqlSession *s,
                                   void (*send)(void *ctx, const SessionNotification *n),
                                   void *ctx);
/* An error outside any statement (a malformed protocol message) was reported:
 * an open transaction block fails, as after any error. */
void sql_session_error_outside_statement(SqlSession *s);
/* The extended protocol's implicit transaction, as in PostgreSQL: outside a
 * block, the messages from one Sync to the next run in one transaction that
 * Sync commits (or rolls back after an error); a BEGIN among them makes it the
 * block, COMMIT / ROLLBACK end it, a simple Query joins it and commits it.
 * Call sql_session_pipeline_enter before each Execute; `sync_next`: the
 * client's next message is Sync, so a statement that opens no transaction
 * runs as its own autocommit transaction (the common one-statement round trip
 * commits exactly as a simple Query). A simple Query calls it too (with
 * `sync_next`), so that it counts as a statement of the pipeline it joins. */
void sql_session_pipeline_enter(SqlSession *s, bool sync_next);
/* At Sync: ends the extended protocol's implicit transaction, committing when
 * `ok` (no error since the last Sync), else rolling back. ParameterStatus of
 * settings it restores goes to `sink`. Returns 0, or -1 with err when the
 * commit failed (it was rolled back). */
int sql_session_sync(SqlSession *s, bool ok, ResultSink *sink, OmError *err);
/* The session's settings (read by type output in the wire layer). */
const SessionSettings *sql_session_settings(const SqlSession *s);
/* The connection's BackendKeyData pid, which pg_backend_pid() returns and
 * pg_stat_activity shows (default: the process id). */
void sql_session_set_backend_pid(SqlSession *s, int32_t pid);
/* What the session's statement sleeps waiting for: "transactionid" (another
 * transaction's row lock or unique key in flight), "advisory" (an advisory
 * lock), or NULL; any thread may ask (a static string). */
const char *sql_session_lock_waiting(const SqlSession *s);
/* Reads a setting's current text value (for ParameterStatus at startup); NULL if unknown. */
const char *sql_session_get_setting(SqlSession *s, const char *name);
/* Sets a setting at startup from the client's StartupMessage (e.g. DateStyle,
 * application_name, client_encoding, search_path, TimeZone). */
int sql_session_set_setting(SqlSession *s, const char *name, const char *value, OmError *err);

/* ---- Durable replies (session_durable.c) ----
 *
 * A commit is reported only once its log records are durable. By default the
 * committing statement waits for that itself. A session put in deferred mode
 * (sql_session_defer_durability) instead commits and returns with the
 * durability *owed*: its CommandComplete is in the caller's output, and the
 * caller must not send that output before the log is durable. It either waits
 * (sql_session_settle) or, when the client is waiting for nothing else, hands
 * the reply to the log (sql_session_settle_async), which calls back from the
 * thread of the flush that makes it durable; the connection thread goes back to
 * reading its socket instead of sleeping and being woken per commit. Only a
 * commit that ends a Query or an Execute is deferred; a session that still owes
 * settles it before its next statement. */
void sql_session_defer_durability(SqlSession *s, bool on);
bool sql_session_owes_durability(const SqlSession *s);
/* Waits until what is owed is durable. -1 with err (58030) when the flush
 * failed: the commit is then not acknowledged and the reply must become err. */
int sql_session_settle(SqlSession *s, OmError *err);
/* Settles without waiting. Returns 0 when queued: fn(ctx, 0, NULL) or fn(ctx,
 * -1, err) runs exactly once, later, on another thread; the session must not
 * be used until it has. Returns 1 when settled at once (durable, or the log
 * was idle and this thread flushed it); -1 with err when that failed. */
int sql_session_settle_async(SqlSession *s, void (*fn)(void *ctx, int rc, const OmError *err),
                             void *ctx, OmError *err);

/* ---- Prepared statements and portals (sql_prepare.c) ----
 *
 * The extended query protocol and SQL PREPARE/EXECUTE share these. A
 * statement is parsed once; a query (SELECT/VALUES) is also bound and planned
 * once with $n as parameters, and the plan is reused by every execution until
 * the catalog changes (catalog_version) or search_path does, when it is
 * re-planned. Other statements are re-bound per execution with the parameter
 * values as constants.
 *
 * Lifetimes: a SqlPrepared lives until closed (or the session ends), a
 * SqlPortal until closed, until sql_portal_close_all(), or until a later Bind
 * replaces the unnamed portal. Pointers returned by the describe functions
 * live as long as the object they describe. The name "" is the unnamed
 * statement/portal: preparing or binding it replaces the previous one. */

typedef struct SqlPrepared SqlPrepared;
typedef struct SqlPortal SqlPortal;

/* Parses `text` (at most one statement; 42601 otherwise) as statement `name`.
 * param_oids[i] (i < nparams; may be NULL when nparams is 0) is the client's
 * type of $i+1; 0 (or unknown, 705) means infer it from context, as
 * PostgreSQL does; an unresolvable parameter becomes text. Errors: 42P05 the
 * name exists, 42704 unsupported type OID, any parse/bind/plan error. *out
 * (may be NULL) receives the statement. */
int sql_prepare(SqlSession *s, const char *name, const char *text, int nparams,
                const Oid *param_oids, SqlPrepared **out, OmError *err);
/* The named statement, or NULL (callers raise 26000). */
SqlPrepared *sql_prepared_find(SqlSession *s, const char *name);
/* Parameter types (*nparams entries) and result columns: *ncols is -1 when the
 * statement returns no rows (NoData). */
void sql_prepared_describe(const SqlPrepared *ps, int *nparams, const OmType **param_types,
                           int *ncols, const ResultColumn **cols);
/* How many times the statement has been bound and planned (1 after prepare;
 * grows only on re-planning). For tests and monitoring. */
uint64_t sql_prepared_plan_count(const SqlPrepared *ps);
/* Closes a statement; a missing name is not an error (Close semantics). Its
 * portals stay usable. */
void sql_prepared_close(SqlSession *s, const char *name);
void sql_prepared_close_all(SqlSession *s);

/* Creates portal `name` from `ps` with parameter values: values[i] of type
 * TYPE_UNKNOWN carry the text form (converted here with the parameter's text
 * input: 22P02...), other values are already of the parameter's type (binary
 * input decoded by the wire layer); is_null for NULL. Values are copied.
 * result_formats: 0 entries (all text), 1 (applies to every column) or one per
 * column; each 0 (text) or 1 (binary). Errors: 08P01 wrong parameter or format
 * count, 22023 bad format code, 42P03 the portal name exists. */
int sql_bind(SqlSession *s, const char *portal_name, SqlPrepared *ps, int nvalues,
             const Value *values, int nformats, const int16_t *result_formats, SqlPortal **out,
             OmError *err);
/* The named portal, or NULL (callers raise 34000). */
SqlPortal *sql_portal_find(SqlSession *s, const char *name);
/* Result columns as sql_prepared_describe; *formats gets one code per column. */
void sql_portal_describe(const SqlPortal *p, int *ncols, const ResultColumn **cols,
                         const int16_t **formats);
/* The text of the statement the portal runs (pg_stat_activity.query). */
const char *sql_portal_text(const SqlPortal *p);
/* Runs the portal: at most max_rows rows (0 = all) go to sink->rows (never
 * sink->describe), then sink->complete ("SELECT n", n = rows of this call)
 * unless the limit stopped it first: then *suspended is set and the next call
 * continues. An error ends the portal (later calls fail with 55000). */
int sql_portal_execute(SqlSession *s, SqlPortal *p, uint64_t max_rows, ResultSink *sink,
                       bool *suspended, OmError *err);
void sql_portal_close(SqlSession *s, const char *name);
/* Ends every portal of the ended transaction (Sync or a simple Query outside a
 * block); cursors WITH HOLD that outlived it stay until closed. */
void sql_portal_close_all(SqlSession *s);

#endif
