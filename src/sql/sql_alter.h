/*
 * sql_alter.h — internal interface of ALTER TABLE (sql_alter*.c) and CHECK
 * constraints (sql_check.c). Internal to src/sql.
 *
 * ALTER TABLE runs under the catalog lock held exclusively. Every change it
 * makes to storage is recorded in an AlterJournal so that a statement that
 * fails part-way (a later subcommand's error, a NOT NULL or CHECK violation
 * found while validating) is undone completely, as PostgreSQL's
 * transactional DDL would: the catalog entry is restored from a saved copy,
 * storage changes are reversed in reverse order. Only when the statement
 * succeeds are detached columns and indexes freed and undo records
 * renumbered.
 */
#ifndef OMENDB_SQL_SQL_ALTER_H
#define OMENDB_SQL_SQL_ALTER_H

#include "exec/operator.h"
#include "exec/plan.h"
#include "sql/sql_int.h"
#include "storage/storage_alter.h"

typedef enum AlterUndoKind {
    AU_ADD_COL,     /* column `pos` was attached */
    AU_DROP_COL,    /* column `pos` was detached into `col` */
    AU_SWAP_COL,    /* column `pos` was replaced; `col` is the old one */
    AU_ADD_UNIQUE,  /* unique index `pos` was added */
    AU_DROP_UNIQUE, /* unique index `pos` was detached into `slot` */
} AlterUndoKind;

typedef struct AlterUndo {
    AlterUndoKind kind;
    int pos;
    StorageColumn *col;
    StorageUniqueSlot slot;
} AlterUndo;

typedef struct AlterSavedFkeys {
    CatTable *table;
    int nfkeys;
    CatForeignKey *fkeys; /* malloc'd copy */
} AlterSavedFkeys;

typedef struct AlterJournal {
    CatTable *t;
    CatTable saved;          /* catalog description before the statement */
    AlterSavedFkeys *others; /* foreign keys of other tables that reference t */
    int nothers;
    AlterUndo *undo;
    int nundo, capundo;
    int orig_ncols;
    int *colmap;        /* original column -> current index, -1 dropped or rewritten */
    bool moved_columns; /* a column was dropped or rewritten: remap undo records */
} AlterJournal;

int alter_journal_begin(StmtCtx *sc, AlterJournal *j, CatTable *t);
int alter_journal_push(StmtCtx *sc, AlterJournal *j, const AlterUndo *u);
/* Success: frees what was detached, renumbers undo records. */
void alter_journal_commit(AlterJournal *j);
/* Failure: undoes everything in reverse order and restores the catalog. */
void alter_journal_rollback(AlterJournal *j);

/* ---- evaluating expressions over a table's rows (sql_alter_rows.c) ---- */

typedef struct AlterEval {
    ExecState es;
    EvalCtx ev;
    Arena *arena; /* reset per vector */
} AlterEval;

void alter_eval_init(StmtCtx *sc, AlterEval *ae);
void alter_eval_fini(AlterEval *ae);
/* Calls fn for every vector of t's rows: `chunk` holds every column of the
 * vector (borrowed from storage) with sel = the rows that are not dead;
 * nrows is the number of rows in the vector (dead ones included). fn may
 * use ae->arena, which is reset after each call. */
typedef int (*AlterRowsFn)(void *ctx, AlterEval *ae, uint64_t group, uint32_t vec, uint32_t nrows,
                           const Chunk *chunk);
int alter_scan_rows(StmtCtx *sc, AlterEval *ae, CatTable *t, AlterRowsFn fn, void *ctx);
/* Builds a column of `type` for t holding, per row, expr over the row (NULL
 * for dead rows); expr's EXPR_COLUMN i reads column i. With `not_null` a
 * NULL result in a live row fails with 23502 naming `colname`. */
StorageColumn *alter_build_column(StmtCtx *sc, CatTable *t, const Expr *expr, OmType type,
                                  bool not_null, const char *colname);
/* 23502 "column ... contains null values" if a live row has NULL in col. */
int alter_check_not_null(StmtCtx *sc, CatTable *t, int col);
/* True if e calls a volatile function (random(), now(), nextval ...). */
bool alter_expr_volatile(const Expr *e);
/* The values of column col were computed by a volatile expression: the
 * statement's redo record carries them (replay would compute others). */
void alter_log_values(StmtCtx *sc, CatTable *t, int col);
/* True if t has at least one live row. */
bool alter_table_has_rows(CatTable *t);

/* ---- CHECK constraints (sql_check.c) ---- */

/* Binds an expression over t's row (EXPR_VAR rte 0), no subqueries or
 * aggregates; names/types NULL: t's. */
Expr *sql_bind_table_expr(StmtCtx *sc, const CatTable *t, const char *const *names,
                          const OmType *types, PgQuery__Node *raw);
/* The same expression over EXPR_COLUMN i = column i (for evaluation). */
Expr *sql_translate_table_expr(StmtCtx *sc, const CatTable *t, Expr *e);

/* Binds a CHECK condition over t (column names/types: names/types, NULL for
 * t's) into an expression over EXPR_VAR rte 0; *single_col receives the one
 * column referenced or -1. 42804 if not boolean, 0A000 for subqueries, 42803
 * for aggregates. */
Expr *sql_check_bind(StmtCtx *sc, const CatTable *t, const char *const *names, const OmType *types,
                     PgQuery__Node *raw, int *single_col);
/* Fills chk's texts (malloc'd) from a bound condition printed with `names`;
 * sql_check_retext replaces the texts chk has (freed) with new ones. */
int sql_check_retext(StmtCtx *sc, const Expr *e, const char *const *names, CatCheck *chk);
int sql_check_texts(StmtCtx *sc, const Expr *e, const char *const *names, CatCheck *chk);
/* A bound expression's text in the form bind_sql keeps (sc->arena), NULL if
 * it cannot be printed: equal texts mean equal expressions (ON CONFLICT
 * inference compares expressions this way). */
char *sql_expr_text(StmtCtx *sc, const Expr *e, const char *const *names);
/* CHECK of CREATE TABLE / ALTER TABLE: a template for catalog_check_add
 * (strings malloc'd: free with catalog_check_free_strings). */
int sql_check_define(StmtCtx *sc, const CatTable *t, PgQuery__Constraint *con, CatCheck *out);
/* Parses and binds a stored check (bind_sql) over t with column names
 * `names` (NULL: t's), translated to EXPR_COLUMN form when `columns`. */
Expr *sql_check_load(StmtCtx *sc, const CatTable *t, const CatCheck *chk, const char *const *names,
                     bool columns);
/* Parses and binds any stored expression text over t (EXPR_VAR form); `what`
 * names it in the error if it no longer parses. */
Expr *sql_table_expr_load(StmtCtx *sc, const CatTable *t, const char *text, const char *what,
                          const char *const *names);
/* The first node of a bound expression (preorder) that match accepts, or NULL. */
const Expr *sql_expr_find(const Expr *e, bool (*match)(const Expr *x, const void *arg),
                          const void *arg);
/* True if a bound expression (EXPR_VAR form) reads column col of its table. */
bool sql_expr_uses_column(const Expr *e, int col);
/* True if it calls a volatile function (random(), now(), ...). */
bool sql_expr_calls_volatile(const Expr *e);
/* Re-derives every check's texts after a column rename (old_names: the
 * names before) or a type change; fails if a check no longer binds. */
int sql_check_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names);
/* 23514 "check constraint ... is violated by some row" if a live row fails. */
int sql_check_validate(StmtCtx *sc, CatTable *t, const CatCheck *chk);
/* The table's checks bound for a plan, in PostgreSQL's order (by name). */
int sql_bind_checks(StmtCtx *sc, const CatTable *t, PlanCheck **out, int *n);
/* True if check i of t references column col. */
bool sql_check_uses_column(StmtCtx *sc, const CatTable *t, const CatCheck *chk, int col);

#endif
