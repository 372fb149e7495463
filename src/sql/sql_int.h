/*
 * sql_int.h — internals of the SQL layer: the Database and SqlSession
 * objects, and the statement handlers that sql_exec.c dispatches to.
 */
#ifndef OMENDB_SQL_SQL_INT_H
#define OMENDB_SQL_SQL_INT_H

#include <stdatomic.h>

#include "sql/binder.h"
#include "txn/txn.h"
#include "wal/wal.h"

struct Operator;
#include "sql/sql.h"

struct Database {
    Catalog *catalog;
    TxnManager *txns;
    char *data_dir;
    struct SqlWal *wal;           /* redo logging (sql_wal.h); NULL while in memory only */
    struct SqlCheckpointer *ckpt; /* checkpoints (sql_checkpoint.h); NULL without */
    void (*log)(void *ctx, SqlLogLevel level, const char *msg); /* may be NULL */
    void *log_ctx;
    SqlBackends backends;           /* the server's connections; zeroed when none */
    SqlAuth auth;                   /* role passwords, SHOW ssl (sql_role.c); zeroed when none */
    struct AdvisoryTable *advisory; /* advisory locks (session_advisory.c) */
    struct NotifyHub *notify;       /* LISTEN / NOTIFY (session_notify.c) */
};

/* session_notify.c: the Database's listeners; a session's LISTEN/UNLISTEN/
 * NOTIFY statements (pending until its transaction ends), pg_notify(), and
 * their fate at commit, rollback, ROLLBACK TO and RELEASE of savepoint depth
 * i, and the session's end. */
typedef struct NotifyHub NotifyHub;
typedef struct SessionNotify SessionNotify;
NotifyHub *sql_notify_hub_create(void);
void sql_notify_hub_destroy(NotifyHub *h);
int sql_session_notify(struct SqlSession *s, const char *channel, const char *payload,
                       OmError *err);
void sql_notify_txn_end(struct SqlSession *s, bool committed);
void sql_notify_rollback_to(struct SqlSession *s, int depth);
void sql_notify_release(struct SqlSession *s, int depth);
void sql_notify_session_end(struct SqlSession *s);
void sql_notify_views_init(struct SqlSession *s);

/* session_advisory.c: the advisory-lock table of a Database, and a session's
 * locks released at its transaction's end and at its own. */
typedef struct AdvisoryTable AdvisoryTable;
AdvisoryTable *sql_advisory_create(void);
void sql_advisory_destroy(AdvisoryTable *t);
void sql_advisory_views_init(struct SqlSession *s);
void sql_advisory_txn_end(struct SqlSession *s);
void sql_advisory_session_end(struct SqlSession *s);
/* A WARNING raised where no statement context is at hand (a function kernel):
 * sent after the running statement (sql_run_in_txn). */
void sql_session_warn_later(struct SqlSession *s, const char *sqlstate, const char *msg);

/* A temporary table's ON COMMIT action (sql_temp.c): 'd' DELETE ROWS, 'D' DROP;
 * or 'R': created by the running transaction, dropped if it rolls back past
 * `depth` savepoints. */
typedef struct TempOnCommit {
    Oid table;
    char action;
    int depth;
} TempOnCommit;

/* A sequence reset by TRUNCATE ... RESTART IDENTITY in the running transaction
 * (sql_seq_restart.c): its state before, and the number of savepoints then. */
typedef struct SeqRestart {
    Oid seq;
    int64_t old_value;
    bool old_called;
    int depth;
} SeqRestart;

/* relispopulated set by a REFRESH (or CREATE MATERIALIZED VIEW) of the
 * running transaction (sql_matview.c): the value, the number of savepoints
 * then, and, once pre-commit has made it the committed state, the value it
 * replaced (applied). */
typedef struct MatviewPending {
    Oid matview;
    bool populated;
    int depth;
    bool applied, old;
} MatviewPending;

/* A SAVEPOINT: its name and the undo-log position it rolls back to. */
typedef struct Savepoint {
    char *name;
    TxnMark mark;
} Savepoint;

struct SqlSession {
    Database *db;
    SessionSettings settings;
    atomic_bool cancel;
    atomic_bool lock_waiting;     /* its transaction sleeps in txn_wait (pg_stat_activity) */
    atomic_bool advisory_waiting; /* it waits for an advisory lock (session_advisory.c) */
    char user[64];
    char database[64];
    char txn_status; /* 'I', 'T' (in a block), 'E' (failed block) */
    Txn *txn;        /* the running transaction (a block, or the current statement's) */
    bool in_block;   /* BEGIN ... COMMIT */
    bool implicit;   /* txn covers the statements of one multi-statement Query */
    bool read_only;  /* the running transaction is READ ONLY (writes fail with 25006) */
    /* the implicit transaction is the extended protocol's: it began at an
     * Execute and ends at Sync (sql_session_pipeline_enter); pipeline_stmts
     * counts the Executes (and simple Queries) that joined it after the
     * first */
    bool pipeline;
    int pipeline_stmts;
    Savepoint *savepoints;
    int nsavepoints, capsavepoints;
    /* the block's characteristics before BEGIN's options and SET TRANSACTION (the
     * defaults, or what COMMIT AND CHAIN carried over): a failed block reverts to
     * them, and ... AND CHAIN from it passes them on (sql_txn.c) */
    TxnIsolation base_iso;
    bool base_read_only;
    Arena *arena;                 /* session lifetime */
    void *guc_values;             /* char *[n]: text value of each parameter (session_guc.c) */
    struct GucLog *guc_log;       /* the running transaction's SETs (session_guc_txn.c) */
    struct PrepState *prep;       /* prepared statements and portals (sql_prepare.c) */
    bool async_commit;            /* synchronous_commit = off */
    bool custom_plans_only;       /* plan_cache_mode = force_custom_plan */
    struct PlanCache *plan_cache; /* simple-protocol plan cache (plan_cache.c) */
    TempOnCommit *on_commit;      /* temporary tables' ON COMMIT actions (sql_temp.c) */
    int n_on_commit, cap_on_commit;
    SeqRestart *seq_restarts; /* sequences reset by the running transaction */
    int n_seq_restarts, cap_seq_restarts;
    MatviewPending *mv_pending; /* populated states set by the running transaction */
    int n_mv_pending, cap_mv_pending;
    /* runs the logged populated-state statement (sql_matview.c, recovery):
     * ALTER MATERIALIZED VIEW ... SET (omendb_populated) is accepted */
    bool mv_internal;
    /* Transactional DDL (sql_ddl_txn.h): the running transaction's DDL
     * statements whose WAL records wait for its commit, in the order they
     * ran; the sequence states written with them (16-byte WAL_REC_SEQUENCE
     * payloads, built just before the commit); ddl_kept: some DDL of the
     * transaction went to the log at once, so a rollback leaves it; ddl_undo:
     * this internal session runs the DROPs that undo a rollback's DDL. */
    struct DdlDeferred *ddl_deferred;
    int n_ddl_deferred, cap_ddl_deferred;
    uint8_t *ddl_seq_recs;
    int n_ddl_seq_recs;
    bool ddl_kept;
    bool ddl_undo;
    uint64_t ddl_wait_txn;          /* a statement met a table that transaction altered */
    struct FkDeferred *fk_deferred; /* deferred FK checks, SET CONSTRAINTS (sql_fkey_deferred.c) */
    /* Durable replies (session_durable.c): with defer_durability, a commit
     * that ends the client's message leaves its flush to the caller, which
     * settles owed_lsn before the reply leaves. more_stmts: statements of the
     * same Query follow (their commit must be readable to them: no deferral). */
    bool defer_durability;
    bool more_stmts;
    uint64_t owed_lsn;
    WalNotify notify;
    int advisory_xact_holds;     /* transaction-level advisory locks taken (session_advisory.c) */
    SessionNotify *notify_state; /* LISTEN/NOTIFY (session_notify.c); NULL until used */
    void (*notify_wake)(void *ctx); /* sql_session_set_waker: wakes its idle connection */
    void *notify_wake_ctx;
    struct UniqueBindCache *unique_bind_cache; /* computed unique indexes (sql_index_unique.c) */
    char late_warning[160]; /* sql_session_warn_later: sent after the statement */
    char late_warning_code[6];
    /* PL/pgSQL (pl.h): compiled functions (pl_exec.c), the sink of the
     * statement running now (RAISE NOTICE goes there; NULL: dropped), and how
     * deeply calls nest */
    struct PlFunction *pl_cache;
    ResultSink *notice_sink;
    int pl_depth;
    int64_t pl_deadline_us; /* statement_timeout of the outermost call (0: none) */
};

/* Points the session's views at the log's counters (omendb_wal). */
void sql_durable_views_init(SqlSession *s);
/* session_activity.c: pg_stat_activity and the backend-signalling functions. */
void sql_activity_views_init(SqlSession *s);
/* sql_role.c: ALTER ROLE ... PASSWORD and pg_authid.rolpassword. */
void sql_role_views_init(SqlSession *s);

/* A SELECT, INSERT, UPDATE or DELETE bound and planned, ready to run (once
 * per statement, or many times from a cached plan: nothing in it changes
 * while it runs). */
typedef enum StmtPlanKind {
    STMT_PLAN_SELECT,
    STMT_PLAN_INSERT,
    STMT_PLAN_UPDATE,
    STMT_PLAN_DELETE,
} StmtPlanKind;

typedef struct StmtPlan {
    StmtPlanKind kind;
    PlanNode *top;
    bool send_rows; /* a query, or RETURNING */
} StmtPlan;

/* One statement being executed. */
typedef struct StmtCtx {
    SqlSession *session;
    Arena *arena;
    OmError *err;
    ResultSink *sink;
    const char *query_text;
    int stmt_location, stmt_len; /* this statement in query_text (stmt_len 0: to the end) */
    bool in_ddl_log;             /* sql_wal_run_ddl is running it */
    /* DDL that met a table another running transaction uses (55006): that
     * transaction's id; run_statement waits for it to end and runs the
     * statement again, as PostgreSQL's DDL waits for its lock */
    uint64_t in_use_by;
    bool ddl_waiting;        /* inside that retry loop */
    bool ddl_temp, ddl_perm; /* it changes temporary / permanent objects (sql_temp.h) */
    /* ALTER TABLE: columns whose new values came from a volatile expression
     * (random(), now(), ...): the DDL record carries them as updates, since
     * replaying the statement would compute other values (sql_wal.c) */
    struct StorageTable *ddl_value_tables[8];
    int ddl_value_cols[8];
    int n_ddl_values;
    Binder binder;
    /* the WITH queries of an INSERT, UPDATE or DELETE, in scope of all its parts */
    CteDef *with_ctes;
    /* Data-modifying WITH queries (sql_modify_cte.c): the statement's, newest
     * first (planned while its WITH is bound); the CTEs visible to the
     * one being planned (its WITH list starts from them); and how deep such
     * planning is nested (0: the statement itself is being planned). */
    struct ModifyCtePlan *modify_ctes;
    CteDef *outer_ctes;
    int modify_cte_depth;
    /* a plan made ahead (prepared statement, plan cache): run_statement runs
     * it with these $n values instead of binding the tree */
    struct SqlPrepared *planned;
    const Value *exec_params;
    int n_exec_params;
    /* a statement of a PL/pgSQL function (pl_sql.c): it runs in this
     * transaction (the caller's, which may be a portal's own), inside the
     * calling statement, whose statement timestamp it keeps */
    struct Txn *nested_txn;
} StmtCtx;

/* Bind and plan one statement into *out; the caller holds the catalog lock
 * (shared) and runs the plan under the same lock. */
int sql_plan_select(StmtCtx *sc, PgQuery__SelectStmt *stmt, StmtPlan *out);
int sql_plan_insert(StmtCtx *sc, PgQuery__InsertStmt *stmt, StmtPlan *out);
int sql_plan_update(StmtCtx *sc, PgQuery__UpdateStmt *stmt, StmtPlan *out);
int sql_plan_delete(StmtCtx *sc, PgQuery__DeleteStmt *stmt, StmtPlan *out);
/* sql_plan_* for a SELECT, INSERT, UPDATE or DELETE node (-1 with
 * sc->err for any other kind). */
int sql_plan_stmt(StmtCtx *sc, PgQuery__Node *stmt, StmtPlan *out);
/* A StmtCtx for planning ahead (no transaction, no sink output) in `arena`. */
void sql_plan_ctx_init(StmtCtx *sc, SqlSession *s, Arena *arena, OmError *err, const char *text);
/* Runs a StmtPlan with sc->exec_params as $n and sends its rows and
 * completion tag (SELECT n, INSERT 0 n, UPDATE n, DELETE n). Catalog lock held. */
int sql_run_stmt_plan(StmtCtx *sc, const StmtPlan *sp);

int sql_run_select(StmtCtx *sc, PgQuery__SelectStmt *stmt);
/* sql_modify_cte.c: data-modifying WITH queries. sql_modify_cte_begin, at the
 * start of planning a SELECT/INSERT/UPDATE/DELETE, allows them in its WITH
 * when it is the statement itself (not such a query, nor a subquery);
 * sql_modify_cte_finish puts those planned on top of out->top, so that they
 * run first (each to completion, once) and the statement's references read
 * their RETURNING rows. */
void sql_modify_cte_begin(StmtCtx *sc);
void sql_modify_cte_finish(StmtCtx *sc, StmtPlan *out);
/* sql_fkey.c: 0A000 if CHECK constraint chk, about to be added to t, names a
 * column that one of t's foreign keys changes ON UPDATE (CASCADE, SET NULL:
 * exec/fk_check.c does not evaluate checks on the rows it changes); else 0. */
int sql_fkey_check_conflict(StmtCtx *sc, const CatTable *t, const CatCheck *chk);
/* sql_fkey.c: resolves a FOREIGN KEY / REFERENCES constraint of table t (col:
 * the column of a column constraint, else -1) into *out; then adds it after
 * checking the table's rows (unless !validate: NOT VALID). */
int sql_fkey_define(StmtCtx *sc, CatTable *t, PgQuery__Constraint *con, int col,
                    CatForeignKey *out);
int sql_fkey_add(StmtCtx *sc, CatTable *t, const CatForeignKey *fk, bool validate);
/* A column's constraint list: applies its DEFERRABLE / NOT DEFERRABLE /
 * INITIALLY DEFERRED / INITIALLY IMMEDIATE entries to the constraint before
 * each (as PostgreSQL's transformConstraintAttrs; 42601 when misplaced). Only
 * a foreign key may end up deferrable (0A000 otherwise). */
int sql_fkey_column_attrs(StmtCtx *sc, PgQuery__Node **cons, size_t n);
/* sql_txn.c: BEGIN/COMMIT/ROLLBACK/SAVEPOINT..., and the per-statement wrapper. */
int sql_run_transaction(StmtCtx *sc, PgQuery__TransactionStmt *stmt);
int sql_set_transaction(StmtCtx *sc, PgQuery__VariableSetStmt *stmt);
/* SET TRANSACTION SNAPSHOT 'id' (sql_txn.c): take a snapshot pg_export_snapshot named. */
int sql_set_transaction_snapshot(StmtCtx *sc, PgQuery__VariableSetStmt *stmt);
/* Runs one statement inside the session's transaction (beginning and ending
 * an autocommit one around it when no block is open). */
int sql_run_in_txn(StmtCtx *sc, PgQuery__Node *stmt, int (*run)(StmtCtx *, PgQuery__Node *));
/* A transaction at the session's default isolation (portals' own snapshots). */
Txn *sql_txn_begin_default(SqlSession *s);
/* A statement run outside sql_run_in_txn failed: a block becomes failed. */
void sql_txn_statement_failed(SqlSession *s);
/* Ends the Query's implicit transaction (commit when ok). Returns 0, or -1
 * with err set when the commit failed (the transaction was rolled back). */
int sql_txn_end_query(SqlSession *s, bool ok, OmError *err, ResultSink *sink);
/* PostgreSQL's PreventInTransactionBlock for `what` (VACUUM, DISCARD ALL):
 * 25001 inside a block or a multi-statement Query's implicit transaction, and
 * after other Executes of a pipeline (before Sync). 0 when it may run. */
int sql_txn_prevent_block(StmtCtx *sc, const char *what);
/* The isolation level named by a setting value; -1 if unknown, -2 SERIALIZABLE. */
int sql_parse_isolation(const char *name);
int sql_run_insert(StmtCtx *sc, PgQuery__InsertStmt *stmt);
int sql_run_create_table(StmtCtx *sc, PgQuery__CreateStmt *stmt);
/* sql_create_as.c: CREATE TABLE ... AS and SELECT ... INTO. */
int sql_run_create_table_as(StmtCtx *sc, PgQuery__CreateTableAsStmt *stmt);
int sql_run_select_into(StmtCtx *sc, PgQuery__SelectStmt *stmt);
/* Runs generated statement text (one statement) as sc's own inner statement:
 * DDL is logged with that text; notices go to sc's sink, the tag nowhere. */
int sql_run_generated(StmtCtx *sc, const char *text);
/* Runs one parsed statement in sc as the statement loop would (DDL logged). */
int sql_run_node(StmtCtx *sc, PgQuery__Node *stmt);
/* Sends a NOTICE / a WARNING with `msg` to the client (sql_ddl.c). */
void sql_notice(StmtCtx *sc, const char *sqlstate, const char *msg);
void sql_warning(StmtCtx *sc, const char *sqlstate, const char *msg);
/* Appends "name", embedded quotes doubled (sql_ddl.c): for generated SQL. */
void sql_put_quoted_ident(StrBuf *sb, const char *name);
/* When statement_timeout ends a wait begun now (unix microseconds; 0: never),
 * for txn_wait. */
int64_t sql_statement_deadline_us(const SqlSession *s);
/* Readies a statement that failed while binding to run again: its binder
 * fresh (the same parameters), the system views it opened closed. */
void sql_stmt_retry_reset(StmtCtx *sc);
/* Waits for `holder`, the transaction that altered a table a statement met
 * (SqlSession.ddl_wait_txn), to end: -1 with 40P01 or 57014 (statement_timeout
 * from the first wait, *deadline -1 until then). *last is the holder waited for
 * before: meeting it again means it ended and its rollback is still being
 * undone, so the retry pauses a moment. */
int sql_wait_ddl_holder(SqlSession *s, uint64_t holder, uint64_t *last, int64_t *deadline,
                        OmError *err);
int sql_run_drop(StmtCtx *sc, PgQuery__DropStmt *stmt);
int sql_run_create_index(StmtCtx *sc, PgQuery__IndexStmt *stmt);
/* A column of a table or view may not be of a pseudo-type (void, record):
 * 42P16 "column \"x\" has pseudo-type void", as PostgreSQL. */
int sql_check_column_type(const char *name, OmType type, OmError *err);
int sql_run_drop_index(StmtCtx *sc, PgQuery__DropStmt *stmt);
int sql_run_create_schema(StmtCtx *sc, PgQuery__CreateSchemaStmt *stmt);
int sql_run_set(StmtCtx *sc, PgQuery__VariableSetStmt *stmt);
int sql_run_show(StmtCtx *sc, PgQuery__VariableShowStmt *stmt);
int sql_run_explain(StmtCtx *sc, PgQuery__ExplainStmt *stmt);
int sql_run_copy(StmtCtx *sc, PgQuery__CopyStmt *stmt);

/* Runs a plan, sending rows to the sink when `send_rows`; *nrows gets the count. */
int sql_run_plan(StmtCtx *sc, const PlanNode *plan, bool send_rows, uint64_t *nrows, bool analyze,
                 struct Operator **root_out);
/* The table column (RowDescription's table OID and attribute number) that
 * expression e of q reads unchanged, or 0/0 (sql_select.c). */
void sql_expr_source(const BoundQuery *q, const Expr *e, uint32_t *oid, int16_t *attnum);
/* Records on top (n output columns) the source of each of exprs (over q),
 * allocated in arena; leaves it NULL when none has one. */
void sql_plan_set_sources(Arena *arena, const BoundQuery *q, Expr *const *exprs, int n,
                          PlanNode *top);
/* Sends a one-column text result (SHOW, EXPLAIN). */
int sql_send_text_rows(StmtCtx *sc, const char *colname, const char **lines, int n,
                       const char *tag);
/* The value a SET target assigns: its own expression, or for a multi-column
 * item `(a, b) = ROW(x, y)` (a MultiAssignRef) the matching field of the
 * row. NULL with sc->err set: 42601 for a row of another width, 0A000 (as
 * PostgreSQL) for a source that is no row, and for a sub-SELECT source. */
PgQuery__Node *sql_set_target_value(StmtCtx *sc, PgQuery__ResTarget *rt);
/* Binds the WITH clause of an INSERT, UPDATE or DELETE (NULL: none) into
 * sc->with_ctes, in front of sc->outer_ctes (the CTEs before a data-modifying
 * WITH query being planned); for UPDATE / DELETE (target given) none may be
 * named like the unqualified target, which the statement's row-finding query
 * reads by name. 0, or -1 with the error. */
int sql_bind_modify_with(StmtCtx *sc, PgQuery__WithClause *with, const PgQuery__RangeVar *target);

/* Binds the DEFAULT expression of a column (NULL constant when none). */
Expr *sql_bind_default(StmtCtx *sc, const CatTable *table, int col);
/* 2, 4 or 8 for smallserial, serial, bigserial; 0 for other types. */
int sql_serial_type(const PgQuery__TypeName *tn);
/* A column's COLLATE clause: "default", "C" and "POSIX" (also pg_catalog.)
 * are OmenDB's bytewise order and accepted; another name is 42704 as for a
 * collation PostgreSQL does not have, a type without collations 42804. */
int sql_column_collation(StmtCtx *sc, const PgQuery__CollateClause *cc, OmType type);
/* Deparses an expression node to SQL text (malloc'd) for storing defaults. */
char *sql_deparse_expr(PgQuery__Node *node);
/* libpg_query's SQL text of a SELECT tree (malloc'd), or NULL. */
char *sql_deparse_select(PgQuery__SelectStmt *sel);
void sql_binder_init(StmtCtx *sc);
/* Assignment cast of e to a column's type, with PostgreSQL's 42804 message. */
Expr *sql_coerce_for_column(StmtCtx *sc, Expr *e, const CatColumn *col, int location);
/* The same, `what` naming the value in the 42804 message ("default
 * expression"). */
Expr *sql_coerce_to_column(StmtCtx *sc, Expr *e, const CatColumn *col, int location,
                           const char *what);
/* A bound query whose rtes are the table (under `alias`) and, optionally,
 * EXCLUDED (ON CONFLICT DO UPDATE). */
BoundQuery *sql_target_query(StmtCtx *sc, CatTable *t, const char *alias, bool with_excluded);
/* Binds RETURNING over rte 0 of q and projects it over `mod` (table columns). */
struct Planner;
/* The result columns of an INSERT/UPDATE/DELETE ... RETURNING (for a protocol
 * Describe before it runs; param_types: the statement's $n), allocated in `arena`;
 * returns their number, or -1
 * when the statement has no RETURNING list or it does not bind (the error then
 * comes when it runs). */
int sql_describe_returning(SqlSession *s, PgQuery__Node *stmt, const char *text,
                           const OmType *param_types, int nparams, Arena *arena,
                           ResultColumn **cols);
PlanNode *sql_plan_returning(StmtCtx *sc, struct Planner *p, BoundQuery *q, PlanNode *mod,
                             PgQuery__Node **list, size_t n);
/* True if `col` is part of a key with a unique index (PRIMARY KEY, UNIQUE,
 * CREATE UNIQUE INDEX): such columns cannot be updated in place yet. */
int sql_run_update(StmtCtx *sc, PgQuery__UpdateStmt *stmt);
int sql_run_delete(StmtCtx *sc, PgQuery__DeleteStmt *stmt);
int sql_run_truncate(StmtCtx *sc, PgQuery__TruncateStmt *stmt);
/* Deletes every row of t in the session's transaction (TRUNCATE, ON COMMIT
 * DELETE ROWS); catalog lock held. */
int sql_truncate_rows(StmtCtx *sc, CatTable *t);
int sql_run_alter_table(StmtCtx *sc, PgQuery__AlterTableStmt *stmt);
int sql_run_vacuum(StmtCtx *sc, PgQuery__VacuumStmt *stmt);

/* Parses SQL text with libpg_query (sql_exec.c); NULL with err (42601...) on
 * failure. Free with pg_query__parse_result__free_unpacked(tree, NULL). */
PgQuery__ParseResult *sql_parse_text(const char *query, OmError *err);
/* The same, unpacked into `arena` (never freed on its own; may be changed). */
PgQuery__ParseResult *sql_parse_text_arena(const char *query, Arena *arena, OmError *err);
/* Unpacks a packed PgQuery__Node into `arena` (a deep copy of a tree); NULL on failure. */
PgQuery__Node *sql_unpack_node_arena(const uint8_t *buf, size_t len, Arena *arena);
/* Runs one parsed statement in a fresh statement arena. `params` (may be
 * NULL) are the values of $1..$nparams, bound as constants. */
int sql_exec_stmt(SqlSession *s, PgQuery__Node *stmt, const char *query, const Value *params,
                  int nparams, ResultSink *sink, OmError *err);

/* Runs the statements of a parsed simple Query (the tree stays the
 * caller's) and ends the Query's implicit transaction. */
int sql_exec_parsed(SqlSession *s, PgQuery__ParseResult *tree, const char *query, ResultSink *sink,
                    OmError *err);
/* Runs prepared statement ps (PREP_QUERY / PREP_MODIFY) like sql_exec_stmt
 * runs a parsed one, with its cached plan and `params` (converted to its
 * parameter types) as $n. */
int sql_exec_planned(SqlSession *s, struct SqlPrepared *ps, const Value *params, int nparams,
                     ResultSink *sink, OmError *err);

/* SQL-level PREPARE / EXECUTE / DEALLOCATE / DISCARD (sql_prepare_sql.c). */
int sql_run_prepare(StmtCtx *sc, PgQuery__PrepareStmt *stmt);
int sql_run_execute(StmtCtx *sc, PgQuery__ExecuteStmt *stmt);
int sql_run_deallocate(StmtCtx *sc, PgQuery__DeallocateStmt *stmt);
int sql_run_discard(StmtCtx *sc, PgQuery__DiscardStmt *stmt);
/* sql_role.c: ALTER ROLE / ALTER USER ... PASSWORD. */
int sql_run_alter_role(StmtCtx *sc, PgQuery__AlterRoleStmt *stmt);
/* LOCK TABLE (sql_lock.c). */
int sql_run_lock(StmtCtx *sc, PgQuery__LockStmt *st);
/* The role a RoleSpec names (omendb, pg_database_owner, CURRENT_USER ...):
 * its OID (a CATALOG_ROLE_*), or -1 with 42704 'role "x" does not exist'
 * (PUBLIC too, as in PostgreSQL). sql_role.c. */
int sql_role_oid(StmtCtx *sc, const PgQuery__RoleSpec *spec, Oid *oid);
/* ALTER ... OWNER TO (sql_owner.c): AlterOwnerStmt (schemas, the database),
 * and an ALTER TABLE / SEQUENCE / VIEW / INDEX whose subcommands are all
 * OWNER TO (true from sql_alter_owner_only; then sql_run_alter_owner_rel runs
 * it). alter_owner_table_cmd is OWNER TO among other subcommands of an ALTER
 * TABLE on table t. */
int sql_run_alter_owner(StmtCtx *sc, PgQuery__AlterOwnerStmt *stmt);
/* COMMENT ON (sql_comment.c). */
int sql_run_comment(StmtCtx *sc, PgQuery__CommentStmt *stmt);
bool sql_alter_owner_only(const PgQuery__AlterTableStmt *stmt);
int sql_run_alter_owner_rel(StmtCtx *sc, PgQuery__AlterTableStmt *stmt);
int sql_alter_owner_table_cmd(StmtCtx *sc, CatTable *t, const PgQuery__AlterTableCmd *cmd);
/* DECLARE CURSOR / FETCH / MOVE / CLOSE (sql_cursor.c). */
int sql_run_declare_cursor(StmtCtx *sc, PgQuery__DeclareCursorStmt *stmt);
int sql_run_fetch(StmtCtx *sc, PgQuery__FetchStmt *stmt);
int sql_run_close_cursor(StmtCtx *sc, PgQuery__ClosePortalStmt *stmt);
/* sql_cursor_hold.c, for sql_txn.c: before a commit, runs the cursors WITH
 * HOLD the transaction declared to completion and keeps their rows (53200
 * past a cursor's store limit: the commit then fails and rolls back); at the
 * transaction's end, keeps them if it committed and closes them if not. */
int sql_cursor_pre_commit(SqlSession *s, OmError *err);
void sql_cursor_txn_end(SqlSession *s, bool committed);
/* Session hooks of sql_prepare.c: a simple Query drops the unnamed statement
 * and ends the portals (all of them outside a transaction block); session
 * end frees everything. */
void sql_prepare_drop_unnamed(SqlSession *s);
void sql_prepare_session_fini(SqlSession *s);

/* sql_sequence.c: CREATE/ALTER/DROP SEQUENCE, ALTER SEQUENCE RENAME; the
 * sequences of serial and identity columns of t, created once the column
 * exists; sequences whose owning column is gone dropped (after ALTER TABLE). */
int sql_run_create_seq(StmtCtx *sc, PgQuery__CreateSeqStmt *st);
int sql_run_alter_seq(StmtCtx *sc, PgQuery__AlterSeqStmt *st);
int sql_run_drop_sequence(StmtCtx *sc, PgQuery__DropStmt *st);
/* sql_extension.c: CREATE / DROP EXTENSION (plpgsql only, built in). */
int sql_run_create_extension(StmtCtx *sc, PgQuery__CreateExtensionStmt *st);
int sql_run_drop_extension(StmtCtx *sc, PgQuery__DropStmt *st);
/* sql_enum.c: CREATE TYPE ... AS ENUM, ALTER TYPE, DROP TYPE */
int sql_run_create_enum(StmtCtx *sc, PgQuery__CreateEnumStmt *st);
/* sql_function.c */
int sql_run_create_function(StmtCtx *sc, PgQuery__CreateFunctionStmt *st);
/* A LANGUAGE sql procedure's statements as the PL/pgSQL block CALL runs:
 * its parameters are the block's variables. */
const char *sql_procedure_block(Arena *arena, const char *body);
/* CALL (sql_call.c). */
int sql_run_call(StmtCtx *sc, PgQuery__CallStmt *st);
/* sql_trigger.c */
int sql_run_create_trigger(StmtCtx *sc, PgQuery__CreateTrigStmt *st);
int sql_run_drop_trigger(StmtCtx *sc, PgQuery__DropStmt *st);
int sql_run_drop_function(StmtCtx *sc, PgQuery__DropStmt *st);
int sql_run_alter_enum(StmtCtx *sc, PgQuery__AlterEnumStmt *st);
int sql_run_drop_type(StmtCtx *sc, PgQuery__DropStmt *st);
int sql_run_rename_type(StmtCtx *sc, PgQuery__RenameStmt *st);
int sql_run_alter_type_owner(StmtCtx *sc, PgQuery__AlterOwnerStmt *st, Oid owner);
/* session_notify.c: LISTEN / UNLISTEN (channel NULL or "": all) and NOTIFY. */
int sql_run_listen(StmtCtx *sc, const char *channel, bool listen);
int sql_run_notify(StmtCtx *sc, const char *channel, const char *payload);
int sql_sequence_rename(StmtCtx *sc, PgQuery__RenameStmt *st);
/* Creates the sequences of t's serial and identity columns whose default is
 * still the marker (func_sequence_default_sql) and points the defaults at
 * them. identity: per column of t, the GENERATED ... AS IDENTITY constraint
 * whose options (SEQUENCE NAME, START ...) shape its sequence, or NULL (the
 * array itself may be NULL). */
int sql_sequence_attach_serials(StmtCtx *sc, CatTable *t, PgQuery__Constraint *const *identity);
/* The errors sql_sequence_attach_serials would give for making column col of
 * t an identity with con's options (name taken, options out of range, ...),
 * without creating anything. */
int sql_sequence_identity_check(StmtCtx *sc, const CatTable *t, int col,
                                const PgQuery__Constraint *con);
/* ALTER COLUMN ... SET <sequence options> of an identity column: ALTER
 * SEQUENCE's options (RESTART too) applied to its sequence s. */
int sql_sequence_alter_identity(StmtCtx *sc, CatSequence *s, PgQuery__Node **opts, size_t n);
/* Drops the sequences owned by a column that is gone, and identity sequences
 * whose column is no longer an identity (after ALTER TABLE, also one that
 * failed and was undone). */
void sql_sequence_drop_orphans(Catalog *cat);
/* A DEFAULT's stored text (arena) for a column of a table in table_schema:
 * `nextval('[schema.]name')` and `nextval('[schema.]name'::regclass)` become
 * `nextval('schema.name'::regclass)`, after checking that the sequence exists
 * (42P01, 42809): unqualified only for a sequence in the table's own
 * temporary schema, which a session searches first; any other text is kept.
 * NULL on error. */
char *sql_sequence_default_text(StmtCtx *sc, const char *txt, const CatSchema *table_schema);

/* An executor state for statement work of session s outside a plan's own
 * statement (FK validation, deferred checks, ALTER rewrites): the session's
 * transaction, settings and catalog; the caller adds a snapshot if needed. */
struct ExecState;
void sql_exec_state_init(struct ExecState *es, SqlSession *s, Arena *arena, OmError *err);

#endif
