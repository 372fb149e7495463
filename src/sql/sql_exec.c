/*
 * sql_exec.c — runs the statements of a simple Query: parses the text with
 * libpg_query (the PostgreSQL 15 grammar), then dispatches each statement to
 * its handler with a fresh statement arena. Stops at the first error.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalog/sysview.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_alter_cmds.h"
#include "sql/pl.h"
#include "sql/sql_int.h"
#include "sql/sql_view.h"
#include "sql/sql_matview.h"
#include "sql/sql_checkpoint.h"
#include "sql/sql_fkey_deferred.h"
#include "sql/plan_cache.h"
#include "sql/sql_prepare_int.h"
#include "sql/sql_wal.h"

/* Queries shorter than this are parsed on the connection thread. */
#define PARSE_INLINE_MAX 16384

static const char *stmt_name(PgQuery__Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return "UPDATE";
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return "DELETE";
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        return "transaction control (BEGIN/COMMIT/ROLLBACK)";
    case PG_QUERY__NODE__NODE_COPY_STMT:
        return "COPY";
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return "CREATE INDEX";
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return "ALTER TABLE";
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        return "CREATE VIEW";
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return "TRUNCATE";
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        return "VACUUM/ANALYZE";
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
        return "PREPARE";
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
        return "EXECUTE";
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
        return "DEALLOCATE";
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return "CREATE SEQUENCE";
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        return "CREATE FUNCTION";
    case PG_QUERY__NODE__NODE_DO_STMT:
        return "DO";
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        return "CREATE TABLE AS";
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
        return "CHECKPOINT";
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        return "LOCK";
    case PG_QUERY__NODE__NODE_GRANT_STMT:
        return "GRANT/REVOKE";
    case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
        return "CREATE ROLE";
    case PG_QUERY__NODE__NODE_CREATEDB_STMT:
        return "CREATE DATABASE";
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
        return "DISCARD";
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
        return "LISTEN";
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
        return "NOTIFY";
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
        return "DECLARE CURSOR";
    case PG_QUERY__NODE__NODE_FETCH_STMT:
        return "FETCH";
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return "COMMENT";
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return "ALTER ... RENAME";
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        return "CREATE EXTENSION";
    default:
        return "this statement";
    }
}

static int run_statement(StmtCtx *sc, PgQuery__Node *stmt);

/* DDL that finds its table in use by another running transaction (55006,
 * sc->in_use_by) waits for that transaction to end, outside the catalog lock
 * and the DDL log's mutex, and runs again: PostgreSQL's DDL waits for its
 * lock the same way (pg_restore -j counts on it). The wait ends early on a
 * cancel request or statement_timeout (57014) and on a deadlock (40P01). */
int64_t sql_statement_deadline_us(const SqlSession *s)
{
    if (!s || s->settings.statement_timeout_ms <= 0) return 0;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 +
           (int64_t)s->settings.statement_timeout_ms * 1000;
}

static int run_ddl_waiting(StmtCtx *sc, PgQuery__Node *stmt)
{
    SqlSession *s = sc->session;
    int64_t deadline_us = sql_statement_deadline_us(s);
    sc->ddl_waiting = true;
    int rc;
    for (;;) {
        sc->in_use_by = 0;
        rc = s->db->wal ? sql_wal_run_ddl(sc, stmt, run_statement) : run_statement(sc, stmt);
        if (rc == 0 || sc->in_use_by == 0 || !s->txn ||
            strcmp(sc->err->sqlstate, SQLSTATE_OBJECT_IN_USE) != 0)
            break;
        OmError werr;
        error_clear(&werr);
        if (txn_wait(s->txn, sc->in_use_by, &s->cancel, deadline_us, &werr) != 0) {
            error_copy(sc->err, &werr);
            break;
        }
        error_clear(sc->err);
    }
    sc->ddl_waiting = false;
    return rc;
}

static int run_statement(StmtCtx *sc, PgQuery__Node *stmt)
{
    if (sc->planned) return sql_prepared_run_planned(sc);
    if (!sc->in_ddl_log && !sc->ddl_waiting && sql_wal_is_ddl(stmt))
        return run_ddl_waiting(sc, stmt);
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (stmt->select_stmt->into_clause) return sql_run_select_into(sc, stmt->select_stmt);
        return sql_run_select(sc, stmt->select_stmt);
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return sql_run_insert(sc, stmt->insert_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        return sql_run_create_table_as(sc, stmt->create_table_as_stmt);
    case PG_QUERY__NODE__NODE_CREATE_STMT:
        return sql_run_create_table(sc, stmt->create_stmt);
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        return sql_run_create_view(sc, stmt->view_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
        return sql_run_create_seq(sc, stmt->create_seq_stmt);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return sql_run_alter_seq(sc, stmt->alter_seq_stmt);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return sql_run_drop(sc, stmt->drop_stmt);
    case PG_QUERY__NODE__NODE_INDEX_STMT:
        return sql_run_create_index(sc, stmt->index_stmt);
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
        return sql_run_create_schema(sc, stmt->create_schema_stmt);
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
        return sql_run_create_extension(sc, stmt->create_extension_stmt);
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
        return sql_run_create_enum(sc, stmt->create_enum_stmt);
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        return sql_run_create_function(sc, stmt->create_function_stmt);
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        return sql_run_create_trigger(sc, stmt->create_trig_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        return sql_run_alter_enum(sc, stmt->alter_enum_stmt);
    case PG_QUERY__NODE__NODE_LISTEN_STMT:
        return sql_run_listen(sc, stmt->listen_stmt->conditionname, true);
    case PG_QUERY__NODE__NODE_UNLISTEN_STMT:
        return sql_run_listen(sc, stmt->unlisten_stmt->conditionname, false);
    case PG_QUERY__NODE__NODE_NOTIFY_STMT:
        return sql_run_notify(sc, stmt->notify_stmt->conditionname, stmt->notify_stmt->payload);
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
        if (stmt->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI &&
            (strcmp(stmt->variable_set_stmt->name, "TRANSACTION") == 0 ||
             strcmp(stmt->variable_set_stmt->name, "SESSION CHARACTERISTICS") == 0))
            return sql_set_transaction(sc, stmt->variable_set_stmt);
        if (stmt->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI &&
            strcmp(stmt->variable_set_stmt->name, "TRANSACTION SNAPSHOT") == 0)
            return sql_set_transaction_snapshot(sc, stmt->variable_set_stmt);
        return sql_run_set(sc, stmt->variable_set_stmt);
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT:
        return sql_run_transaction(sc, stmt->transaction_stmt);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return sql_run_update(sc, stmt->update_stmt);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return sql_run_delete(sc, stmt->delete_stmt);
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
        return sql_run_truncate(sc, stmt->truncate_stmt);
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return sql_run_alter_table(sc, stmt->alter_table_stmt);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return sql_run_rename(sc, stmt->rename_stmt);
    case PG_QUERY__NODE__NODE_VACUUM_STMT:
        return sql_run_vacuum(sc, stmt->vacuum_stmt);
    case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
        return sql_run_show(sc, stmt->variable_show_stmt);
    case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
        return sql_run_explain(sc, stmt->explain_stmt);
    case PG_QUERY__NODE__NODE_PREPARE_STMT:
        return sql_run_prepare(sc, stmt->prepare_stmt);
    case PG_QUERY__NODE__NODE_EXECUTE_STMT:
        return sql_run_execute(sc, stmt->execute_stmt);
    case PG_QUERY__NODE__NODE_DEALLOCATE_STMT:
        return sql_run_deallocate(sc, stmt->deallocate_stmt);
    case PG_QUERY__NODE__NODE_DISCARD_STMT:
        return sql_run_discard(sc, stmt->discard_stmt);
    case PG_QUERY__NODE__NODE_COPY_STMT:
        return sql_run_copy(sc, stmt->copy_stmt);
    case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
        /* the checkpoint waits for DDL held by a transaction: this one's is
         * written now (it stays if the transaction rolls back) */
        if (sql_wal_ddl_flush(sc->session, sc->err) != 0) return -1;
        if (sql_checkpoint_run(sc->session->db, "requested", sc->err) != 0) return -1;
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CHECKPOINT");
        return 0;
    case PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT:
        return sql_run_declare_cursor(sc, stmt->declare_cursor_stmt);
    case PG_QUERY__NODE__NODE_FETCH_STMT:
        return sql_run_fetch(sc, stmt->fetch_stmt);
    case PG_QUERY__NODE__NODE_CLOSE_PORTAL_STMT:
        return sql_run_close_cursor(sc, stmt->close_portal_stmt);
    case PG_QUERY__NODE__NODE_CONSTRAINTS_SET_STMT:
        return sql_run_set_constraints(sc, stmt->constraints_set_stmt);
    case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
        return sql_run_alter_role(sc, stmt->alter_role_stmt);
    case PG_QUERY__NODE__NODE_LOCK_STMT:
        return sql_run_lock(sc, stmt->lock_stmt);
    case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
        return sql_run_alter_owner(sc, stmt->alter_owner_stmt);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return sql_run_comment(sc, stmt->comment_stmt);
    case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
        return sql_run_refresh_matview(sc, stmt->refresh_mat_view_stmt);
    case PG_QUERY__NODE__NODE_DO_STMT:
        return sql_run_do(sc, stmt->do_stmt);
    case PG_QUERY__NODE__NODE_CALL_STMT:
        return sql_run_call(sc, stmt->call_stmt);
    default:
        break;
    }
    return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not supported yet", stmt_name(stmt));
}

int sql_run_node(StmtCtx *sc, PgQuery__Node *stmt)
{
    return run_statement(sc, stmt);
}

void sql_binder_init(StmtCtx *sc)
{
    memset(&sc->binder, 0, sizeof(sc->binder));
    sc->binder.arena = sc->arena;
    sc->binder.err = sc->err;
    sc->binder.catalog = sc->session->db->catalog;
    sc->binder.settings = &sc->session->settings;
    sc->binder.query_text = sc->query_text;
    bind_record_types_init(&sc->binder);
}

void sql_stmt_retry_reset(StmtCtx *sc)
{
    for (int t = 0; t < sc->binder.ntemp; t++) sysview_close(sc->binder.temp_tables[t]);
    const Value *params = sc->binder.params;
    int nparams = sc->binder.nparams;
    sql_binder_init(sc);
    sc->binder.params = params;
    sc->binder.nparams = nparams;
}

void sql_plan_ctx_init(StmtCtx *sc, SqlSession *s, Arena *arena, OmError *err, const char *text)
{
    static ResultSink quiet; /* planning sends nothing */
    memset(sc, 0, sizeof(*sc));
    sc->session = s;
    sc->arena = arena;
    sc->err = err;
    sc->sink = &quiet;
    sc->query_text = text;
    sql_binder_init(sc);
}

int sql_plan_stmt(StmtCtx *sc, PgQuery__Node *stmt, StmtPlan *out)
{
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        return sql_plan_select(sc, stmt->select_stmt, out);
    case PG_QUERY__NODE__NODE_INSERT_STMT:
        return sql_plan_insert(sc, stmt->insert_stmt, out);
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
        return sql_plan_update(sc, stmt->update_stmt, out);
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return sql_plan_delete(sc, stmt->delete_stmt, out);
    default:
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "statement cannot be planned ahead");
    }
}

typedef struct ParseJob {
    const char *query;
    OmError *err;
    PgQuery__ParseResult *tree;
    Arena *arena; /* unpack into it (NULL: malloc) */
} ParseJob;

static void *pb_arena_alloc(void *data, size_t size)
{
    return arena_alloc(data, size > 0 ? size : 1);
}

static void pb_arena_free(void *data, void *p)
{
    (void)data;
    (void)p;
}

static void *parse_job_run(void *arg)
{
    ParseJob *job = arg;
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(job->query);
    if (pr.error) {
        ERR(job->err, SQLSTATE_SYNTAX_ERROR, "%s", pr.error->message);
        if (pr.error->cursorpos > 0) job->err->position = pr.error->cursorpos;
        /* libpg_query reports its own stack guard as a syntax error */
        if (strstr(pr.error->message, "stack depth limit exceeded"))
            memcpy(job->err->sqlstate, SQLSTATE_STATEMENT_TOO_COMPLEX, 6);
        /* the grammar's window frame checks ("frame start cannot be ...") */
        if (strncmp(pr.error->message, "frame ", 6) == 0)
            memcpy(job->err->sqlstate, SQLSTATE_WINDOWING_ERROR, 6);
        pg_query_free_protobuf_parse_result(pr);
        return NULL;
    }
    ProtobufCAllocator alloc = {pb_arena_alloc, pb_arena_free, job->arena};
    job->tree = pg_query__parse_result__unpack(job->arena ? &alloc : NULL, pr.parse_tree.len,
                                               (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (!job->tree) ERR(job->err, SQLSTATE_INTERNAL_ERROR, "could not decode the parse tree");
    return NULL;
}

/* Parses the text into protobuf structs. Unpacking recurses once per nesting
 * level, so a long query (which may nest deeply) is parsed on a thread with a
 * large, lazily committed stack instead of the connection's. */
static PgQuery__ParseResult *parse_text(const char *query, Arena *arena, OmError *err)
{
    ParseJob job = {query, err, NULL, arena};
    size_t len = strlen(query);
    if (len < PARSE_INLINE_MAX) {
        parse_job_run(&job);
        return job.tree;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    size_t stack = len * 256;
    if (stack < ((size_t)64 << 20)) stack = (size_t)64 << 20;
    if (stack > ((size_t)1 << 30)) stack = (size_t)1 << 30;
    pthread_attr_setstacksize(&attr, stack);
    pthread_t th;
    if (pthread_create(&th, &attr, parse_job_run, &job) != 0) {
        pthread_attr_destroy(&attr);
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        error_detail(err, "Could not start the parser thread for a %zu-byte query.", len);
        return NULL;
    }
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    return job.tree;
}

PgQuery__ParseResult *sql_parse_text(const char *query, OmError *err)
{
    return parse_text(query, NULL, err);
}

PgQuery__ParseResult *sql_parse_text_arena(const char *query, Arena *arena, OmError *err)
{
    return parse_text(query, arena, err);
}

PgQuery__Node *sql_unpack_node_arena(const uint8_t *buf, size_t len, Arena *arena)
{
    ProtobufCAllocator alloc = {pb_arena_alloc, pb_arena_free, arena};
    return pg_query__node__unpack(&alloc, len, buf);
}

/* Runs one statement; stmt_location/stmt_len place it in `query` (0, 0: all
 * of it), for the redo log's DDL records. With `planned`, the statement's
 * cached plan runs with `params` as $n; otherwise the tree is bound with
 * `params` as constants. */
static int exec_stmt(SqlSession *s, PgQuery__Node *stmt, const char *query, int stmt_location,
                     int stmt_len, SqlPrepared *planned, const Value *params, int nparams,
                     ResultSink *sink, OmError *err)
{
    /* a commit deferred by an earlier message is readable before this runs */
    if (s->owed_lsn && sql_session_settle(s, err) != 0) return -1;
    StmtCtx sc;
    memset(&sc, 0, sizeof(sc));
    sc.session = s;
    sc.arena = arena_create(s->arena, "statement");
    sc.err = err;
    sc.sink = sink;
    sc.query_text = query;
    sc.stmt_location = stmt_location;
    sc.stmt_len = stmt_len;
    sql_binder_init(&sc);
    if (planned) {
        sc.planned = planned;
        sc.exec_params = params;
        sc.n_exec_params = nparams;
    } else {
        sc.binder.params = params;
        sc.binder.nparams = nparams;
    }
    ResultSink *outer_sink = s->notice_sink; /* RAISE NOTICE in functions it calls */
    s->notice_sink = sink;
    int rc = sql_run_in_txn(&sc, stmt, run_statement);
    s->notice_sink = outer_sink;
    for (int t = 0; t < sc.binder.ntemp; t++) sysview_close(sc.binder.temp_tables[t]);
    arena_destroy(sc.arena);
    return rc;
}

void sql_exec_state_init(ExecState *es, SqlSession *s, Arena *arena, OmError *err)
{
    memset(es, 0, sizeof(*es));
    es->arena = arena;
    es->err = err;
    es->cancel = &s->cancel;
    es->settings = &s->settings;
    es->db = s->db;
    es->catalog = s->db->catalog;
    es->session = s;
    es->txn = s->txn;
    es->recheck_row = UINT64_MAX;
    es->unique_bind = sql_unique_bind;
    es->wal_lsn = sql_wal_lsn;
}

int sql_exec_stmt(SqlSession *s, PgQuery__Node *stmt, const char *query, const Value *params,
                  int nparams, ResultSink *sink, OmError *err)
{
    return exec_stmt(s, stmt, query, 0, 0, NULL, params, nparams, sink, err);
}

int sql_exec_planned(SqlSession *s, SqlPrepared *ps, const Value *params, int nparams,
                     ResultSink *sink, OmError *err)
{
    return exec_stmt(s, ps->stmt, ps->text, 0, 0, ps, params, nparams, sink, err);
}

int sql_exec_parsed(SqlSession *s, PgQuery__ParseResult *tree, const char *query, ResultSink *sink,
                    OmError *err)
{
    int rc = 0;
    if (tree->n_stmts == 0) {
        if (sink->empty) sink->empty(sink->ctx);
    }
    /* the statements of a multi-statement Query share one transaction */
    if (tree->n_stmts > 1 && !s->in_block && !s->txn) s->implicit = true;
    for (size_t i = 0; i < tree->n_stmts && rc == 0; i++) {
        s->more_stmts = i + 1 < tree->n_stmts;
        rc = exec_stmt(s, tree->stmts[i]->stmt, query, tree->stmts[i]->stmt_location,
                       tree->stmts[i]->stmt_len, NULL, NULL, 0, sink, err);
    }
    s->more_stmts = false;
    if (sql_txn_end_query(s, rc == 0, err, sink) != 0) rc = -1;
    return rc;
}

int sql_exec_simple(SqlSession *s, const char *query, ResultSink *sink, OmError *err)
{
    atomic_store(&s->cancel, false);
    sql_prepare_drop_unnamed(s); /* a simple Query ends the unnamed statement, as in PostgreSQL */
    int rc = 0;
    PlanCacheProbe probe;
    if (plan_cache_run_hit(s, query, sink, err, &rc, &probe)) return rc;
    PgQuery__ParseResult *tree = sql_parse_text(query, err);
    if (!tree) {
        if (s->in_block) s->txn_status = 'E'; /* a syntax error fails the block too */
        return -1;
    }
    if (plan_cache_add_run(s, query, tree, &probe, sink, err, &rc)) return rc;
    rc = sql_exec_parsed(s, tree, query, sink, err);
    pg_query__parse_result__free_unpacked(tree, NULL);
    return rc;
}
