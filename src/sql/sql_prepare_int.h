/*
 * sql_prepare_int.h — the objects behind prepared statements and portals
 * (sql_prepare.c, sql_prepare_sql.c; unit tests read them to check that plans
 * are reused). Not for other subsystems: they use the API in sql.h.
 *
 * Ownership and lifetimes:
 *   session arena
 *     └ SqlPrepared.arena      the statement: name, text, parameter types,
 *         │                    result columns; the parse tree is protobuf-c's
 *         │                    malloc (freed with the statement)
 *         └ CachedPlan.arena   one bound and planned query (PREP_QUERY)
 *     └ SqlPortal.arena        parameter values, formats, executor state
 *
 * Reference counts: a SqlPrepared is held by the session's list (until
 * closed) and by each portal made from it; a CachedPlan by its statement
 * (while current) and by each portal running it. Whatever reaches zero is
 * freed, so closing a statement or re-planning never pulls a plan from under
 * a suspended portal.
 *
 * Invariant: no catalog lock is held between protocol messages. A portal
 * takes the shared lock for each Execute and checks that catalog_version()
 * still equals the one its plan was made under (or re-plans before it
 * starts; a suspended portal whose catalog changed fails with 55000 rather
 * than touch freed tables).
 */
#ifndef OMENDB_SQL_SQL_PREPARE_INT_H
#define OMENDB_SQL_SQL_PREPARE_INT_H

#include "exec/operator.h"
#include "sql/sql_int.h"

typedef enum PrepKind {
    PREP_EMPTY,  /* no statement: Execute answers EmptyQueryResponse */
    PREP_QUERY,  /* SELECT / VALUES: bound and planned once, cached */
    PREP_MODIFY, /* INSERT / UPDATE / DELETE: planned once, cached, run in the
                    statement's transaction like a simple Query */
    PREP_OTHER,  /* anything else: re-run per execution, $n bound as constants */
} PrepKind;

typedef struct SqlCursor SqlCursor;

typedef struct CachedPlan {
    Arena *arena;
    PlanNode *plan; /* == sp.top */
    StmtPlan sp;
    uint64_t catalog_version;
    /* settings that binding folds into constants: a change re-plans */
    char search_path[sizeof(((SessionSettings *)0)->search_path)];
    int32_t tz_offset_secs;
    const struct TzZone *tz_zone;
    DateOrder dateorder;
    PlannerSettings planner; /* the plan honours enable_hashjoin & co.: a change re-plans */
    CatTable **temp_tables;  /* system views materialised for it: single use */
    bool calls_pl;           /* it calls a PL/pgSQL function, which may write */
    int ntemp;
    int refs;
} CachedPlan;

struct SqlPrepared {
    SqlPrepared *next;
    Arena *arena;
    char *name;
    char *text;
    PgQuery__ParseResult *tree; /* owned (protobuf-c malloc) */
    PgQuery__Node *stmt;        /* inside tree; NULL for PREP_EMPTY */
    PrepKind kind;
    bool from_sql; /* SQL PREPARE (true) or protocol Parse */
    int nparams;
    OmType *param_types;
    bool *param_given;      /* the client named the type (vs inferred) */
    bool param_typmod_read; /* a plan's binder set Binder.param_typmod_read */
    bool *param_used;       /* [n_used]: $i+1 occurs in the statement */
    int n_used;             /* highest $n in the statement */
    int ncols;              /* -1: no result rows (NoData) */
    ResultColumn *cols;
    CachedPlan *plan; /* current plan of a PREP_QUERY (NULL: plan on next use) */
    uint64_t plan_count;
    int64_t prepare_time; /* timestamptz (µs since 2000-01-01 UTC), pg_prepared_statements */
    uint64_t exec_count;  /* executions with the cached plan: generic_plans there */
    int refs;
    bool listed; /* still in the session's list */
};

struct SqlPortal {
    SqlPortal *next;
    Arena *arena;
    char *name;
    SqlPrepared *ps;
    CachedPlan *cp;
    Value *params;
    int nparams;
    int16_t *formats; /* one per result column */
    /* execution state */
    bool started, finished, failed;
    bool active; /* its statement is running: DISCARD ALL must not free it */
    ExecState *es;
    Operator *root;
    Chunk *pending; /* a chunk partly sent when the row limit struck */
    uint32_t pending_off;
    uint16_t *sel_buf; /* selection for sending part of a chunk */
    char *done_tag;    /* PREP_OTHER: the tag of its one run */
    int64_t created;   /* timestamptz (pg_cursors.creation_time) */
    bool binary;       /* DECLARE ... BINARY */
    /* MVCC: the snapshot the portal reads with (kept while it is suspended),
     * and the read-only transaction it began when no transaction was open */
    StorageSnapshot snap;
    Txn *own_txn;
    SqlCursor *cursor; /* DECLAREd cursor's state (sql_cursor_int.h); NULL otherwise */
};

typedef struct PrepState {
    SqlPrepared *stmts;
    SqlPortal *portals;
} PrepState;

/* sql_prepare.c, for session.c: points the session's SessionViews at its
 * prepared statements (pg_prepared_statements). */
void sql_prepared_views_init(SqlSession *s);
/* sql_prepare.c, for sql_prepare_sql.c: prepares an already parsed statement
 * (the tree's ownership passes to the statement, also on failure). */
int sql_prepare_parsed(SqlSession *s, const char *name, const char *text,
                       PgQuery__ParseResult *tree, PgQuery__Node *stmt, int nparams,
                       const OmType *types, bool from_sql, SqlPrepared **out, OmError *err);
/* Runs a PREP_QUERY or PREP_MODIFY statement's cached plan (re-planned
 * first if the catalog or settings changed) for run_statement: sc->planned
 * is the statement, sc->exec_params its converted values. Takes the catalog
 * lock (shared) itself. */
int sql_prepared_run_planned(StmtCtx *sc);
/* Converts text values (TYPE_UNKNOWN, or NULL) to the statement's parameter
 * types in `arena` (plan cache). */
int sql_prepared_convert_params(SqlSession *s, SqlPrepared *ps, const Value *in, Arena *arena,
                                Value *out, OmError *err);
/* A statement outside the session's list (plan cache): prepared like a
 * protocol Parse of `stmt` (inside `tree`, whose ownership passes to it also
 * on failure) with the given parameter types. NULL with err on failure. */
SqlPrepared *sql_prepare_unlisted(SqlSession *s, const char *text, PgQuery__ParseResult *tree,
                                  PgQuery__Node *stmt, int nparams, const OmType *types,
                                  OmError *err);
void sql_prepared_release(SqlPrepared *ps);
/* True if ps has a plan made under the current catalog and settings. */
bool sql_prepared_plan_current(SqlSession *s, const SqlPrepared *ps);
/* Runs a statement to completion with already converted values, sending
 * RowDescription first when `describe` (SQL EXECUTE). */
int sql_prepared_run(SqlSession *s, SqlPrepared *ps, const Value *values, ResultSink *sink,
                     bool describe, OmError *err);

/* SQL cursors (sql_cursor.c): DECLARE makes portal `name` running `query`
 * (inside `tree`, whose ownership passes to the cursor also on failure) with
 * the DECLARE's parameter values; results in binary when `binary`. The name
 * must be free (the caller checks). */
int sql_cursor_open(SqlSession *s, const char *name, const char *text, PgQuery__ParseResult *tree,
                    PgQuery__Node *query, const Value *params, int nparams, bool binary,
                    OmError *err);
/* Cursor p was declared WITH HOLD: sql_portal_close_all leaves it, since its
 * transaction's end decides (kept at commit, closed at rollback). */
bool sql_cursor_is_held(const SqlPortal *p);
/* pg_cursors' is_holdable and is_scrollable of portal p. */
bool sql_cursor_is_holdable(const SqlPortal *p);
bool sql_cursor_is_scrollable(const SqlPortal *p);
/* Ends every portal, held cursors too (CLOSE ALL, DISCARD ALL, session end). */
void sql_portal_close_every(SqlSession *s);
/* FETCH / MOVE: up to `count` more rows (UINT64_MAX: all) of cursor p; FETCH
 * sends RowDescription first (when the sink takes one) and the rows, MOVE
 * only counts them; the tag is "FETCH n" / "MOVE n". */
int sql_cursor_fetch(SqlSession *s, SqlPortal *p, uint64_t count, bool move, ResultSink *sink,
                     OmError *err);

#endif
