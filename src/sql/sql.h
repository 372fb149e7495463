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
/* The session's settings (read by type output in the wire layer). */
const SessionSettings *sql_session_settings(const SqlSession *s);
/* Reads a setting's current text value (for ParameterStatus at startup); NULL if unknown. */
const char *sql_session_get_setting(SqlSession *s, const char *name);
/* Sets a setting at startup from the client's StartupMessage (e.g. DateStyle,
 * application_name, client_encoding, search_path, TimeZone). */
int sql_session_set_setting(SqlSession *s, const char *name, const char *value, OmError *err);

#endif
