/*
 * pl.h — PL/pgSQL: functions (CREATE FUNCTION ... LANGUAGE plpgsql) and DO
 * blocks. Internal to src/sql.
 *
 * pl_compile.c turns the parse libpg_query gives (pg_query_parse_plpgsql's
 * JSON) into a PlFunction: variables (PlVar, numbered like PostgreSQL's
 * datums) and a tree of statements (PlStmt) whose SQL parts are PlExprs.
 * pl_exec.c interprets the tree; pl_sql.c runs each PlExpr as a statement
 * nested in the calling one, with the variables as its parameters ($n of
 * the plan: EXPR_PARAM index = varno), its plan kept while the catalog is
 * unchanged.
 *
 * Ownership: a PlFunction and everything in it (plans included) live in its
 * arena, owned by the session's cache (pl_cache_*), which drops a function
 * when the catalog changes. A call's variables live in its PlFrame.
 */
#ifndef OMENDB_SQL_PL_H
#define OMENDB_SQL_PL_H

#include "sql/sql_int.h"

typedef struct PlFunction PlFunction;

/* Record fields a function's kept plans may read as parameters (one bit each
 * in a uint64_t); past that they are bound as constants, planned per run. */
#define PL_MAX_FIELD_REFS 64
typedef struct PlStmt PlStmt;

/* Names visible where an expression stands: innermost first. `label` is the
 * block (or loop) label that may qualify the name (label.name). */
typedef struct PlScope {
    const char *name;
    int varno;
    const char *label;
    const struct PlScope *next;
} PlScope;

/* One SQL part of the function: an expression (sql is "SELECT <expr>") or a
 * statement, with its cached plan. */
typedef struct PlExpr {
    const char *sql;
    const PlScope *scope;
    int lineno;
    /* the kept plan (pl_sql.c), when planned: valid while catalog_version
     * equals plan_version; only plans without constants of the moment
     * (record fields, system views) are kept */
    Arena *plan_arena;
    uint64_t plan_version;
    bool planned;
    int in_use; /* activations running the plan now (recursion) */
    StmtPlan plan;
    uint64_t fields; /* the record fields (PlFunction.fields) the plan reads */
    /* a kept plan that is one expression over no table (SELECT x + 1): the
     * expression, evaluated without an operator tree (PostgreSQL's simple
     * expressions), else NULL */
    const Expr *simple;
    PgQuery__Node *stmt; /* parsed, in plan_arena */
} PlExpr;

/* A record variable's current row (NULL fields: none assigned yet). */
typedef struct PlRecord {
    /* a NULL row whose fields are known (a trigger's OLD for INSERT, NEW for
     * DELETE): its fields read as NULL, the record as a whole is NULL */
    bool is_null;
    int n;
    char **names;
    OmType *types;
    Value *vals;
    char **heap;
} PlRecord;

typedef enum PlVarKind { PL_VAR_SCALAR, PL_VAR_RECORD } PlVarKind;

typedef struct PlVar {
    const char *name;
    PlVarKind kind;
    OmType type; /* scalar; TYPE_UNKNOWN: takes the type of its first value */
    bool isconst, notnull;
    PlExpr *default_val;
    /* %ROWTYPE: the record's fields are fixed */
    const CatTable *rowtype;
} PlVar;

/* A trigger function's call (pl_trigger.c): the trigger, its table and
 * event (a CAT_TRIG_* bit), OLD and NEW (the table's columns; NULL where
 * the event has none). A BEFORE ROW trigger's result: the row it returned
 * (converted to the table's types) in out_row, or *keep false for NULL. */
typedef struct PlTrigCall {
    const CatTrigger *tg;
    const CatTable *table;
    int event;
    const Value *old_row, *new_row;
    Value *out_row;
    bool *keep;
    /* a WHEN condition's run (pl_trigger_when_compile): whether it held */
    bool *when_true;
} PlTrigCall;

/* A call's state. */
typedef struct PlFrame {
    PlFunction *fn;
    SqlSession *session;
    struct Txn *txn;
    OmError *err;
    Arena *arena;    /* the call's scratch (reset per statement) */
    Value *vals;     /* per variable (records: unused), then the record fields
                      * plans read (PL_MAX_FIELD_REFS): the plans' parameters */
    char **heap;     /* malloc'd bytes of varlena values in vals */
    PlRecord **recs; /* per record variable */
    bool in_query;   /* called from a running statement (no DDL, no COMMIT) */
    uint64_t row_count;
    /* the handled error in an EXCEPTION handler (bare RAISE re-throws it) */
    const OmError *handling;
    /* set-returning function: the rows so far */
    struct PlRows *out_rows;
    Value retval;
    /* a trigger call; RETURN of a record variable sets ret_varno (else -1) */
    const PlTrigCall *trig;
    int ret_varno;
} PlFrame;

/* Rows a statement returned (pl_sql.c), malloc'd. */
typedef struct PlRows {
    int ncols;
    const char **names;
    OmType *types;
    uint64_t nrows, cap;
    Value *vals;    /* nrows * ncols */
    Arena *arena;   /* names and string bytes */
    uint64_t limit; /* keep at most this many (UINT64_MAX: all); nrows counts all seen */
    uint64_t seen;
} PlRows;

/* Compiles source (a CREATE FUNCTION's body, with f's arguments and
 * result, or a DO block's when f is NULL) into a PlFunction in a new arena
 * under `parent`. NULL with err set: 42601 syntax errors (with the line),
 * 0A000 for what is not supported. Catalog lock held (shared). */
PlFunction *pl_compile(SqlSession *s, const CatFunction *f, const char *body, Arena *parent,
                       OmError *err);
void pl_function_free(PlFunction *fn);

/* Runs a compiled function with argument values args[0..nargs) (already of
 * the declared types); *out receives the result (its bytes in `arena`), or,
 * for a set-returning function, rows go to `rows`. in_query: called from a
 * running statement. 0, or -1 with err. */
int pl_execute(SqlSession *s, struct Txn *txn, PlFunction *fn, const Value *args, int nargs,
               bool in_query, Value *out, PlRows *rows, Arena *arena, OmError *err);

/* Runs trigger function fn for the call tc (in transaction txn, from a
 * running statement). 0, or -1 with err. */
int pl_execute_trigger(SqlSession *s, struct Txn *txn, PlFunction *fn, const PlTrigCall *tc,
                       Arena *arena, OmError *err);

/* pl_trigger.c: the TG_ variables of a trigger function (name and type of
 * the k-th), their values on entry (NEW, OLD, TG_*), and the row a
 * BEFORE ROW trigger returned. */
int pl_trigger_var_count(void);
const char *pl_trigger_var(int k, OmType *type);
int pl_trigger_enter(PlFrame *f);
int pl_trigger_leave(PlFrame *f, Arena *arena);
/* exec/trigger_exec.h's hook. */
void pl_trigger_install(void);
/* Trigger tg's WHEN condition compiled as a trigger function of its own
 * (in a new arena under parent; 42601 and the like for a bad condition). */
PlFunction *pl_trigger_when_compile(SqlSession *s, const CatTrigger *tg, Arena *parent,
                                    OmError *err);

/* pl_exec.c, for pl_trigger.c: a record variable's row, a scalar's value
 * (converted to its type). */
void pl_frame_set_record(PlFrame *f, int varno, int n, const char *const *names,
                         const OmType *types, const Value *vals);
int pl_frame_assign(PlFrame *f, int varno, const Value *v);

/* The session's compiled functions, by OID, dropped when the catalog
 * changes (pl_exec.c). */
PlFunction *pl_cache_get(SqlSession *s, const CatFunction *f, OmError *err);
void pl_cache_fini(SqlSession *s);

/* pl_sql.c: runs e with the frame's variables as parameters; rows go to
 * rows (may be NULL: discarded). *processed receives the rows the statement
 * returned or changed. 0, or -1 with f->err. */
int pl_sql_run(PlFrame *f, PlExpr *e, PlRows *rows, uint64_t *processed);
/* Evaluates the expression e (SELECT <expr>) to one value: 21000 for more
 * than one row, 42601 for other than one column; no row gives NULL. */
int pl_sql_eval(PlFrame *f, PlExpr *e, Value *out);
/* Runs SQL text built at run time (EXECUTE) with params as $1..$n. */
int pl_sql_dynamic(PlFrame *f, const char *sql, const Value *params, int nparams, PlRows *rows,
                   uint64_t *processed);
/* Converts v to type `to` as an assignment does (its bytes in arena). */
int pl_coerce(PlFrame *f, const Value *v, OmType to, Value *out, Arena *arena);

void pl_rows_init(PlRows *r, uint64_t limit);
/* Appends one row of ncols values (copied). */
int pl_rows_append(PlRows *r, const Value *vals, int ncols);
void pl_rows_free(PlRows *r);
/* Row i's values (ncols of them). */
static inline Value *pl_rows_row(const PlRows *r, uint64_t i)
{
    return &r->vals[i * (uint64_t)r->ncols];
}

/* Condition names (pl_conditions.c): the SQLSTATE of a name, and the name of
 * an SQLSTATE; NULL when unknown. */
const char *pl_condition_sqlstate(const char *name);
const char *pl_condition_name(const char *sqlstate);

/* Installs the hook through which expressions call PL/pgSQL functions
 * (exec/func_plcall.h). */
void pl_install(void);

/* DO (sql_do.c). */
int sql_run_do(StmtCtx *sc, PgQuery__DoStmt *st);

#endif
