/*
 * sql_txn.c — transactions as a session sees them: BEGIN/START TRANSACTION,
 * COMMIT/END, ROLLBACK/ABORT, SAVEPOINT, RELEASE, ROLLBACK TO, SET
 * TRANSACTION, and the wrapper that runs every other statement inside the
 * session's transaction.
 *
 * States (ReadyForQuery): 'I' no block; 'T' in a block; 'E' a block in which
 * a statement failed — every statement but ROLLBACK [TO SAVEPOINT] and COMMIT
 * (which then rolls back) fails with 25P02 until the block ends.
 *
 * Outside a block each statement is its own transaction (autocommit); the
 * statements of one multi-statement simple Query share one implicit
 * transaction, as in PostgreSQL. A failed statement inside a block undoes its
 * own writes at once (its undo-log mark), so rows it locked are released;
 * the block's earlier writes are undone at ROLLBACK.
 *
 * DDL inside a transaction is taken back by its rollback when it created
 * objects, changed only objects the transaction created, or is one of the
 * ALTERs of an older table that have an exact inverse (sql_ddl_txn.h,
 * sql_wal.c); other DDL on older objects is logged at once and stays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sql/session_guc.h"
#include "sql/sql_fkey_deferred.h"
#include "sql/sql_int.h"
#include "sql/sql_matview.h"
#include "sql/sql_seq_restart.h"
#include "sql/sql_temp.h"
#include "sql/sql_wal.h"

static void set_status(SqlSession *s, bool failed)
{
    s->txn_status = s->in_block ? (failed ? 'E' : 'T') : 'I';
}

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

int sql_parse_isolation(const char *name)
{
    if (!strcasecmp(name, "read committed") || !strcasecmp(name, "read uncommitted"))
        return TXN_READ_COMMITTED;
    if (!strcasecmp(name, "repeatable read")) return TXN_REPEATABLE_READ;
    if (!strcasecmp(name, "serializable")) return -2;
    return -1;
}

static int serializable_error(OmError *err)
{
    ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "SERIALIZABLE isolation is not supported");
    error_hint(err, "Use REPEATABLE READ (snapshot isolation) or READ COMMITTED; OmenDB never "
                    "runs SERIALIZABLE as a weaker level.");
    return -1;
}

static const char *isolation_name(TxnIsolation iso)
{
    return iso == TXN_REPEATABLE_READ ? "repeatable read" : "read committed";
}

static TxnIsolation default_isolation(SqlSession *s)
{
    const char *v = session_guc_get(s, "default_transaction_isolation", NULL);
    int iso = v ? sql_parse_isolation(v) : TXN_READ_COMMITTED;
    return iso == TXN_REPEATABLE_READ ? TXN_REPEATABLE_READ : TXN_READ_COMMITTED;
}

/* Every transaction of a session reports its row-lock waits to the session
 * (pg_stat_activity's wait_event). */
static Txn *session_txn_begin(SqlSession *s, TxnIsolation iso)
{
    Txn *t = txn_begin(s->db->txns, iso);
    if (t) txn_set_wait_flag(t, &s->lock_waiting);
    return t;
}

static bool default_read_only(SqlSession *s)
{
    const char *v = session_guc_get(s, "default_transaction_read_only", NULL);
    return v && strcmp(v, "on") == 0;
}

/* Applies BEGIN / SET TRANSACTION options (a list of DefElem). */
static int apply_options(StmtCtx *sc, PgQuery__Node **opts, size_t n, TxnIsolation *iso,
                         bool *read_only)
{
    for (size_t i = 0; i < n; i++) {
        if (opts[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
        PgQuery__DefElem *d = opts[i]->def_elem;
        const char *val = NULL;
        if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            d->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
            val = d->arg->a_const->sval->sval;
        if (strcmp(d->defname, "transaction_isolation") == 0 && val) {
            int lvl = sql_parse_isolation(val);
            if (lvl == -2) return serializable_error(sc->err);
            if (lvl < 0)
                return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "invalid value for parameter \"transaction_isolation\": \"%s\"", val);
            *iso = (TxnIsolation)lvl;
        } else if (strcmp(d->defname, "transaction_read_only") == 0) {
            *read_only = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
                         d->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL &&
                         d->arg->a_const->ival->ival != 0;
        }
        /* transaction_deferrable only matters for SERIALIZABLE READ ONLY */
    }
    return 0;
}

static void end_block(SqlSession *s)
{
    for (int i = 0; i < s->nsavepoints; i++) free(s->savepoints[i].name);
    s->nsavepoints = 0;
    s->in_block = false;
    s->implicit = false;
    s->pipeline = false;
    s->read_only = false;
    set_status(s, false);
}

/* What the session changed outside the transaction's own undo log (sequences
 * reset by TRUNCATE ... RESTART IDENTITY, SET parameters) follows the
 * transaction through these three: its end, a rollback to savepoint index i (-1:
 * to the start), and a RELEASE of savepoint i. */
static void side_effects_end(SqlSession *s, bool committed, ResultSink *sink)
{
    sql_notify_txn_end(s, committed);
    sql_seq_restart_end(s, committed);
    sql_matview_txn_end(s, committed);
    session_guc_txn_end(s, committed, sink);
    sql_fkey_deferred_end(s);
    sql_cursor_txn_end(s, committed);
}

static void side_effects_rollback_to(SqlSession *s, int i, ResultSink *sink)
{
    sql_wal_ddl_rollback_to(s, i, sink);
    sql_temp_rollback_to(s, i);
    sql_notify_rollback_to(s, i);
    sql_seq_restart_rollback_to(s, i);
    sql_matview_rollback_to(s, i);
    session_guc_rollback_to(s, i, sink);
    sql_fkey_deferred_rollback_to(s, i);
}

static void side_effects_release(SqlSession *s, int i)
{
    sql_wal_ddl_release(s, i);
    sql_temp_release(s, i);
    sql_notify_release(s, i);
    sql_seq_restart_release(s, i);
    sql_matview_release(s, i);
    session_guc_release(s, i);
    sql_fkey_deferred_release(s, i);
}

/* Ends the transaction. A commit can fail (the redo log could not be
 * written): the transaction is then rolled back and -1 returned with err. */
static int finish(SqlSession *s, bool commit, OmError *err, ResultSink *sink)
{
    int rc = 0;
    bool committed = true;
    if (s->txn) {
        /* deferred foreign keys first, as PostgreSQL fires them before the rest */
        if (commit && sql_fkey_deferred_commit(s, err) != 0) {
            commit = false;
            rc = -1;
        }
        if (commit && sql_cursor_pre_commit(s, err) != 0) {
            commit = false;
            rc = -1;
        }
        if (commit && sql_temp_pre_commit(s, err) != 0) {
            commit = false;
            rc = -1;
        }
        if (commit && sql_matview_pre_commit(s, err) != 0) {
            commit = false;
            rc = -1;
        }
        if (commit && sql_wal_ddl_pre_commit(s, err) != 0) {
            commit = false;
            rc = -1;
        }
        if (commit && s->defer_durability && !s->more_stmts) {
            uint64_t need = 0;
            rc = txn_commit_deferred(s->txn, s, &need, err);
            if (need > s->owed_lsn) s->owed_lsn = need;
        } else if (commit) {
            rc = txn_commit(s->txn, s, err);
        } else {
            txn_abort(s->txn);
        }
        s->txn = NULL;
        /* deferred DDL: written if the hook did not, or undone */
        if (sql_wal_ddl_txn_end(s, commit && rc == 0, err) != 0) rc = -1;
        committed = commit && rc == 0;
        side_effects_end(s, committed, sink);
        sql_advisory_txn_end(s);
    }
    end_block(s);
    sql_temp_txn_end(s, committed);
    return rc;
}

int sql_txn_end_query(SqlSession *s, bool ok, OmError *err, ResultSink *sink)
{
    if (s->implicit && !s->in_block) return finish(s, ok, err, sink);
    return 0;
}

/* An autocommit statement reports CommandComplete only once its commit
 * succeeded (as PostgreSQL does): the sink's complete callback is swapped for
 * one that keeps the tag on this thread until then. */
typedef struct DeferredTag {
    int (*complete)(void *ctx, const char *tag);
    bool has_tag;
    char tag[64];
} DeferredTag;

static _Thread_local DeferredTag *deferred_tag;

static int defer_complete(void *ctx, const char *tag)
{
    (void)ctx;
    DeferredTag *d = deferred_tag;
    if (!d) return 0;
    snprintf(d->tag, sizeof(d->tag), "%s", tag);
    d->has_tag = true;
    return 0;
}

/* COMMIT / ROLLBACK AND CHAIN: the characteristics the next transaction takes
 * over. A failed block has already dropped those its BEGIN options and SET
 * TRANSACTION gave it, as in PostgreSQL (its abort reset transaction_isolation
 * and transaction_read_only), so its successor gets the block's base ones. */
typedef struct Chain {
    TxnIsolation iso;
    bool read_only;
} Chain;

static Chain chain_of(SqlSession *s, bool failed)
{
    if (failed || !s->txn) return (Chain){s->base_iso, s->base_read_only};
    return (Chain){txn_isolation(s->txn), s->read_only};
}

/* Starts the chained transaction block at once. */
static int chain_begin(SqlSession *s, Chain c)
{
    s->txn = session_txn_begin(s, c.iso);
    if (!s->txn) return -1;
    s->read_only = c.read_only;
    s->base_iso = c.iso;
    s->base_read_only = c.read_only;
    s->in_block = true;
    s->implicit = false;
    set_status(s, false);
    return 0;
}

static int find_savepoint(SqlSession *s, const char *name)
{
    for (int i = s->nsavepoints; i-- > 0;)
        if (strcmp(s->savepoints[i].name, name) == 0) return i;
    return -1;
}

int sql_run_transaction(StmtCtx *sc, PgQuery__TransactionStmt *st)
{
    SqlSession *s = sc->session;
    bool failed = s->txn_status == 'E';
    switch (st->kind) {
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START: {
        const char *tag = st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN
                              ? "BEGIN"
                              : "START TRANSACTION";
        if (failed)
            return ERR(sc->err, SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                       "current transaction is aborted, commands ignored until end of "
                       "transaction block");
        if (s->in_block) {
            sql_warning(sc, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                        "there is already a transaction in progress");
            return complete(sc, tag);
        }
        TxnIsolation iso = default_isolation(s);
        bool read_only = s->txn ? s->read_only : default_read_only(s);
        s->base_iso = s->txn ? txn_isolation(s->txn) : iso;
        s->base_read_only = read_only;
        if (apply_options(sc, st->options, st->n_options, &iso, &read_only) != 0) return -1;
        s->read_only = read_only;
        if (!s->txn) {
            s->txn = session_txn_begin(s, iso);
            if (!s->txn) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        } else {
            txn_set_isolation(s->txn, iso); /* the Query's implicit transaction becomes the block */
        }
        s->in_block = true;
        s->implicit = false;
        set_status(s, false);
        return complete(sc, tag);
    }
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK: {
        bool commit = st->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT;
        if (!s->in_block && st->chain)
            return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                       "%s AND CHAIN can only be used in transaction blocks",
                       commit ? "COMMIT" : "ROLLBACK");
        if (!s->in_block)
            sql_warning(sc, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                        "there is no transaction in progress");
        Chain chain = chain_of(s, failed);
        if ((!commit || failed) && sql_wal_ddl_kept(s))
            sql_warning(sc, SQLSTATE_WARNING,
                        "some schema changes of this transaction were committed when they ran "
                        "and are not rolled back");
        if (finish(s, commit && !failed, commit ? sc->err : NULL, sc->sink) != 0) return -1;
        if (st->chain && chain_begin(s, chain) != 0)
            return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return complete(sc, commit && !failed ? "COMMIT" : "ROLLBACK");
    }
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT: {
        if (failed)
            return ERR(sc->err, SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                       "current transaction is aborted, commands ignored until end of "
                       "transaction block");
        if (!s->in_block)
            return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                       "SAVEPOINT can only be used in transaction blocks");
        if (s->nsavepoints == s->capsavepoints) {
            int cap = s->capsavepoints ? s->capsavepoints * 2 : 8;
            Savepoint *n = realloc(s->savepoints, sizeof(Savepoint) * (size_t)cap);
            if (!n) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            s->savepoints = n;
            s->capsavepoints = cap;
        }
        char *name = strdup(st->savepoint_name ? st->savepoint_name : "");
        if (!name) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        s->savepoints[s->nsavepoints++] = (Savepoint){name, txn_mark(s->txn)};
        return complete(sc, "SAVEPOINT");
    }
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE: {
        if (failed)
            return ERR(sc->err, SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                       "current transaction is aborted, commands ignored until end of "
                       "transaction block");
        if (!s->in_block)
            return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                       "RELEASE SAVEPOINT can only be used in transaction blocks");
        int i = find_savepoint(s, st->savepoint_name);
        if (i < 0)
            return ERR(sc->err, SQLSTATE_INVALID_SAVEPOINT_SPEC, "savepoint \"%s\" does not exist",
                       st->savepoint_name);
        for (int k = i; k < s->nsavepoints; k++) free(s->savepoints[k].name);
        s->nsavepoints = i;
        side_effects_release(s, i);
        return complete(sc, "RELEASE");
    }
    case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: {
        if (!s->in_block)
            return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                       "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
        int i = find_savepoint(s, st->savepoint_name);
        if (i < 0) {
            ERR(sc->err, SQLSTATE_INVALID_SAVEPOINT_SPEC, "savepoint \"%s\" does not exist",
                st->savepoint_name);
            return -1;
        }
        txn_rollback_to(s->txn, s->savepoints[i].mark);
        side_effects_rollback_to(s, i, sc->sink);
        for (int k = i + 1; k < s->nsavepoints; k++) free(s->savepoints[k].name);
        s->nsavepoints = i + 1;
        set_status(s, false);
        return complete(sc, "ROLLBACK");
    }
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "two-phase commit (PREPARE TRANSACTION) is not supported");
    }
}

int sql_set_transaction(StmtCtx *sc, PgQuery__VariableSetStmt *st)
{
    SqlSession *s = sc->session;
    bool session_chars = strcmp(st->name, "SESSION CHARACTERISTICS") == 0;
    TxnIsolation iso = session_chars ? default_isolation(s)
                                     : (s->txn ? txn_isolation(s->txn) : default_isolation(s));
    bool read_only = session_chars ? default_read_only(s) : s->read_only;
    if (apply_options(sc, st->args, st->n_args, &iso, &read_only) != 0) return -1;
    if (session_chars) {
        if (session_guc_set_txn(s, "default_transaction_isolation", isolation_name(iso), false,
                                sc->sink, sc->err) != 0 ||
            session_guc_set_txn(s, "default_transaction_read_only", read_only ? "on" : "off", false,
                                sc->sink, sc->err) != 0)
            return -1;
        return complete(sc, "SET");
    }
    if (!s->in_block) {
        sql_warning(sc, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                    "SET TRANSACTION can only be used in transaction blocks");
        return complete(sc, "SET");
    }
    if (txn_started(s->txn) && txn_isolation(s->txn) != iso)
        return ERR(sc->err, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                   "SET TRANSACTION ISOLATION LEVEL must be called before any query");
    if (txn_started(s->txn) && s->read_only && !read_only)
        return ERR(sc->err, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                   "transaction read-write mode must be set before any query");
    txn_set_isolation(s->txn, iso);
    s->read_only = read_only;
    return complete(sc, "SET");
}

int sql_set_transaction_snapshot(StmtCtx *sc, PgQuery__VariableSetStmt *st)
{
    SqlSession *s = sc->session;
    if (!s->in_block)
        return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                   "SET TRANSACTION SNAPSHOT can only be used in transaction blocks");
    if (txn_started(s->txn))
        return ERR(sc->err, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                   "SET TRANSACTION SNAPSHOT must be called before any query");
    if (txn_isolation(s->txn) != TXN_REPEATABLE_READ)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "a snapshot-importing transaction must have isolation level SERIALIZABLE or "
                   "REPEATABLE READ");
    const char *id = "";
    if (st->n_args == 1 && st->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
        st->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
        id = st->args[0]->a_const->sval->sval;
    if (txn_import_snapshot(s->txn, id) != 0)
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid snapshot identifier: \"%s\"",
                   id);
    return complete(sc, "SET");
}

/* The name PostgreSQL's "cannot execute %s in a read-only transaction" uses
 * for a statement that writes, or NULL for one a READ ONLY transaction may run. */
static const char *write_stmt_name(PgQuery__Node *stmt)
{
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return "INSERT";
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return "UPDATE";
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return "DELETE";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return "TRUNCATE TABLE";
    case PG_QUERY__NODE__NODE_COPY_STMT:
        return stmt->copy_stmt->is_from ? "COPY FROM" : NULL;
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (stmt->select_stmt->n_locking_clause > 0) {
            static const char *const names[] = {"SELECT FOR KEY SHARE", "SELECT FOR SHARE",
                                                "SELECT FOR NO KEY UPDATE", "SELECT FOR UPDATE"};
            int k = (int)stmt->select_stmt->locking_clause[0]->locking_clause->strength -
                    PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE;
            return names[k >= 0 && k < 4 ? k : 3];
        }
        return stmt->select_stmt->into_clause ? "SELECT INTO" : NULL;
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return "CREATE TABLE";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        return "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return "CREATE SEQUENCE";
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return "ALTER SEQUENCE";
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        return "CREATE SCHEMA";
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return "CREATE INDEX";
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return "DROP";
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return "ALTER ... RENAME";
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
        return stmt->alter_owner_stmt->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE
                   ? "ALTER DATABASE"
                   : "ALTER SCHEMA";
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return "COMMENT";
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        return "CREATE EXTENSION";
    default:
        return NULL;
    }
}

/* Statements that run in a failed block. */
static bool allowed_when_failed(PgQuery__Node *stmt)
{
    if (stmt->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT) return false;
    PgQuery__TransactionStmtKind k = stmt->transaction_stmt->kind;
    return k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT ||
           k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK ||
           k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO;
}

/* An error in a transaction block aborts it, as in PostgreSQL: the block
 * answers 25P02 until ROLLBACK (or ROLLBACK TO a savepoint), and its writes
 * since the innermost savepoint (all of them without one) are undone now, so
 * that transactions waiting for those rows go on at once. */
static void fail_block(SqlSession *s, ResultSink *sink)
{
    if (s->txn)
        txn_rollback_to(s->txn, s->nsavepoints ? s->savepoints[s->nsavepoints - 1].mark : 0);
    side_effects_rollback_to(s, s->nsavepoints - 1, sink);
    set_status(s, true);
}

int sql_run_in_txn(StmtCtx *sc, PgQuery__Node *stmt, int (*run)(StmtCtx *, PgQuery__Node *))
{
    SqlSession *s = sc->session;
    if (s->txn_status == 'E' && !allowed_when_failed(stmt))
        return ERR(sc->err, SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
    if (stmt->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT) return run(sc, stmt);
    bool autocommit = false;
    if (!s->txn) {
        s->txn = session_txn_begin(s, default_isolation(s));
        if (!s->txn) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        autocommit = !s->implicit;
        s->read_only = default_read_only(s);
    }
    const char *writes = s->read_only ? write_stmt_name(stmt) : NULL;
    if (writes) {
        ERR(sc->err, SQLSTATE_READ_ONLY_SQL_TRANSACTION,
            "cannot execute %s in a read-only transaction", writes);
        if (autocommit)
            finish(s, false, NULL, sc->sink);
        else if (s->in_block)
            set_status(s, true);
        return -1;
    }
    /* a snapshot for statements that read or write tables (not SET/SHOW: SET
     * TRANSACTION may still follow them, as in PostgreSQL; nor LOCK TABLE: a
     * repeatable-read block's snapshot is taken after its locks) */
    if (stmt->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT &&
        stmt->node_case != PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT &&
        stmt->node_case != PG_QUERY__NODE__NODE_LOCK_STMT)
        txn_statement_begin(s->txn);
    TxnMark mark = txn_mark(s->txn);
    ResultSink *sink = sc->sink, deferring;
    DeferredTag tag = {0};
    if (autocommit && sink->complete) {
        deferring = *sink;
        deferring.complete = defer_complete;
        tag.complete = sink->complete;
        deferred_tag = &tag;
        sc->sink = &deferring;
    }
    int rc;
    uint64_t last_holder = 0;
    int64_t deadline = -1;
    for (;;) {
        s->ddl_wait_txn = 0;
        rc = run(sc, stmt);
        uint64_t holder = s->ddl_wait_txn;
        s->ddl_wait_txn = 0;
        if (rc == 0 || holder == 0 || !s->txn) break;
        /* it met a table another transaction altered: wait for that one to
         * end, as for PostgreSQL's lock, then bind again */
        txn_rollback_to(s->txn, mark);
        error_clear(sc->err);
        if (sql_wait_ddl_holder(s, holder, &last_holder, &deadline, sc->err) != 0) break;
        sql_stmt_retry_reset(sc);
    }
    sc->sink = sink;
    deferred_tag = NULL;
    if (s->late_warning[0]) { /* raised by a function (pg_advisory_unlock) */
        sql_warning(sc, s->late_warning_code, s->late_warning);
        s->late_warning[0] = 0;
    }
    if (!s->txn) { /* the statement ended the transaction itself */
        if (rc == 0 && tag.has_tag) return tag.complete(sink->ctx, tag.tag) == 0 ? 0 : -1;
        return rc;
    }
    if (rc != 0) {
        if (s->in_block) {
            txn_rollback_to(s->txn, mark);
            fail_block(s, sink);
        } else {
            finish(s, false, NULL, sink);
        }
        return rc;
    }
    if (autocommit && !s->in_block && finish(s, true, sc->err, sink) != 0) return -1;
    if (tag.has_tag) return tag.complete(sink->ctx, tag.tag) == 0 ? 0 : -1;
    return rc;
}

int sql_wait_ddl_holder(SqlSession *s, uint64_t holder, uint64_t *last, int64_t *deadline,
                        OmError *err)
{
    if (holder == *last) usleep(1000); /* it ended; its rollback is still being undone */
    *last = holder;
    if (*deadline < 0) *deadline = sql_statement_deadline_us(s);
    Txn *own = NULL, *t = s->txn;
    if (!t) t = own = session_txn_begin(s, TXN_READ_COMMITTED); /* for txn_wait's graph */
    if (!t) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    int rc = txn_wait(t, holder, &s->cancel, *deadline, err);
    if (own) txn_abort(own);
    return rc;
}

void sql_session_warn_later(SqlSession *s, const char *sqlstate, const char *msg)
{
    snprintf(s->late_warning, sizeof(s->late_warning), "%s", msg);
    snprintf(s->late_warning_code, sizeof(s->late_warning_code), "%s", sqlstate);
}

Txn *sql_txn_begin_default(SqlSession *s)
{
    return session_txn_begin(s, default_isolation(s));
}

void sql_txn_statement_failed(SqlSession *s)
{
    if (s->in_block) fail_block(s, NULL);
}

void sql_session_error_outside_statement(SqlSession *s)
{
    sql_txn_statement_failed(s);
}

/* The extended protocol's implicit transaction (sql.h). It begins at the
 * first Execute of a pipeline, not at the Sync before it, and only when a
 * message other than Sync follows: a lone Execute runs as an autocommit
 * statement (one commit, its CommandComplete after it, as before). */
void sql_session_pipeline_enter(SqlSession *s, bool sync_next)
{
    if (s->in_block) return;
    if (s->implicit) {
        if (s->pipeline) s->pipeline_stmts++;
        return;
    }
    if (s->txn || sync_next) return;
    s->txn = session_txn_begin(s, default_isolation(s));
    if (!s->txn) return; /* the statement then runs as autocommit */
    s->read_only = default_read_only(s);
    s->implicit = true;
    s->pipeline = true;
    s->pipeline_stmts = 0;
}

int sql_session_sync(SqlSession *s, bool ok, ResultSink *sink, OmError *err)
{
    if (!s->pipeline) return 0;
    return sql_txn_end_query(s, ok, err, sink);
}

int sql_txn_prevent_block(StmtCtx *sc, const char *what)
{
    SqlSession *s = sc->session;
    if (s->in_block || (s->implicit && !s->pipeline))
        return ERR(sc->err, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                   "%s cannot run inside a transaction block", what);
    if (s->pipeline && s->pipeline_stmts > 0)
        return ERR(sc->err, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                   "%s cannot be executed within a pipeline", what);
    return 0;
}
