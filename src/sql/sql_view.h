/*
 * sql_view.h — views (CREATE/DROP/ALTER VIEW and what other DDL must do for
 * them). Internal to src/sql.
 *
 * Design (docs/catalog.md, "Views"): a view is stored as SQL text in a normal
 * form (CatView.query_sql) that names every table and view by schema and an
 * alias, qualifies every column reference and names every output column.
 * The normal form is made by binding the query with a BindRecorder
 * (sql_view_norm.c), which reports what each name resolved to, and rewriting
 * the parse tree from that report. Renaming a table, view or column that a
 * view uses re-binds the view's text under the old names and rewrites the
 * resolved references, so the view keeps meaning the same objects. The
 * binder expands a view reference by binding its text as a subquery.
 */
#ifndef OMENDB_SQL_SQL_VIEW_H
#define OMENDB_SQL_SQL_VIEW_H

#include "sql/sql_int.h"

/* A rename that view texts must follow: relation `rel` gets the name
 * `newname` (oldcol NULL), or its column `oldcol` does. */
typedef struct ViewRename {
    Oid rel;
    const char *oldcol;
    const char *newname;
} ViewRename;

/* Binds SELECT `sel` (a tree in b->arena, which it changes) and fills out's
 * columns (named colnames[i] where given), query_sql, def_sql and deps, in
 * b->arena, following `rn` if not NULL. -1 with b->err: the binder's errors,
 * 42601 (more column names than columns), 42701 (duplicate column names). */
int sql_view_define(Binder *b, PgQuery__SelectStmt *sel, const char *const *colnames, int ncolnames,
                    const ViewRename *rn, CatView *out);
/* The stored query of v parsed into `arena`, or NULL with err. */
PgQuery__SelectStmt *sql_view_parse(const CatView *v, Arena *arena, OmError *err);

/* True if a defined query (sql_view_define's output) reads a temporary table
 * or view. */
bool sql_view_reads_temp(Catalog *cat, const CatView *def);
/* A copy of query (a SELECT) in sc's arena, to be changed by the rewrite. */
PgQuery__SelectStmt *sql_view_copy_query(StmtCtx *sc, PgQuery__Node *query);
/* Materialized view t was renamed (col -1) or its column col was: its
 * definition follows (lock held). */
int sql_view_matview_renamed(StmtCtx *sc, CatTable *t, int col, const char *newname);

/* sql_view.c: statements. */
int sql_run_create_view(StmtCtx *sc, PgQuery__ViewStmt *st);
int sql_run_drop_view(StmtCtx *sc, PgQuery__DropStmt *st);
/* ALTER VIEW/TABLE ... RENAME [COLUMN] of a view (lock held). */
int sql_view_rename(StmtCtx *sc, CatView *v, PgQuery__RenameStmt *st);

/* sql_view.c: what other DDL does for views (catalog lock held exclusively).
 * Before a table or view, or one of its columns (col), is renamed: rewrites
 * the views that use it. -1 with sc->err if one cannot follow. */
int sql_view_follow_rename(StmtCtx *sc, const ViewRename *rn);
/* Before relation `rel` or its column `col` is
 * dropped: with cascade, drops the views that depend on it (NOTICE "drop
 * cascades to ..."); otherwise 2BP01 with PostgreSQL's detail if there are
 * any. `skip` (may be NULL) lists OIDs also being dropped by the statement. */
int sql_view_drop_dependents(StmtCtx *sc, Oid rel, const char *col, bool cascade, const Oid *skip,
                             int nskip);
/* ALTER COLUMN TYPE: 0A000 if a view uses the column. */
int sql_view_check_retype(StmtCtx *sc, const CatTable *t, const char *col);

#endif
