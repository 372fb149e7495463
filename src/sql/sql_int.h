/*
 * sql_int.h — internals of the SQL layer: the Database and SqlSession
 * objects, and the statement handlers that sql_exec.c dispatches to.
 */
#ifndef OMENDB_SQL_SQL_INT_H
#define OMENDB_SQL_SQL_INT_H

#include <stdatomic.h>

#include "sql/binder.h"

struct Operator;
#include "sql/sql.h"

struct Database {
    Catalog *catalog;
    char *data_dir;
};

struct SqlSession {
    Database *db;
    SessionSettings settings;
    atomic_bool cancel;
    char user[64];
    char database[64];
    char txn_status;
    Arena *arena;     /* session lifetime */
    void *guc_values; /* char *[n]: text value of each parameter (session_guc.c) */
};

/* One statement being executed. */
typedef struct StmtCtx {
    SqlSession *session;
    Arena *arena;
    OmError *err;
    ResultSink *sink;
    const char *query_text;
    Binder binder;
} StmtCtx;

int sql_run_select(StmtCtx *sc, PgQuery__SelectStmt *stmt);
int sql_run_insert(StmtCtx *sc, PgQuery__InsertStmt *stmt);
int sql_run_create_table(StmtCtx *sc, PgQuery__CreateStmt *stmt);
int sql_run_drop(StmtCtx *sc, PgQuery__DropStmt *stmt);
int sql_run_create_index(StmtCtx *sc, PgQuery__IndexStmt *stmt);
int sql_run_drop_index(StmtCtx *sc, PgQuery__DropStmt *stmt);
int sql_run_create_schema(StmtCtx *sc, PgQuery__CreateSchemaStmt *stmt);
int sql_run_set(StmtCtx *sc, PgQuery__VariableSetStmt *stmt);
int sql_run_show(StmtCtx *sc, PgQuery__VariableShowStmt *stmt);
int sql_run_explain(StmtCtx *sc, PgQuery__ExplainStmt *stmt);
int sql_run_copy(StmtCtx *sc, PgQuery__CopyStmt *stmt);

/* Runs a plan, sending rows to the sink when `send_rows`; *nrows gets the count. */
int sql_run_plan(StmtCtx *sc, const PlanNode *plan, bool send_rows, uint64_t *nrows, bool analyze,
                 struct Operator **root_out);
/* Sends a one-column text result (SHOW, EXPLAIN). */
int sql_send_text_rows(StmtCtx *sc, const char *colname, const char **lines, int n,
                       const char *tag);
/* Binds the DEFAULT expression of a column (NULL constant when none). */
Expr *sql_bind_default(StmtCtx *sc, const CatTable *table, int col);
/* Deparses an expression node to SQL text (malloc'd) for storing defaults. */
char *sql_deparse_expr(PgQuery__Node *node);
void sql_binder_init(StmtCtx *sc);

#endif
