/*
 * sql_generated.h — generated columns (sql_generated.c). Internal to src/sql.
 */
#ifndef OMENDB_SQL_SQL_GENERATED_H
#define OMENDB_SQL_SQL_GENERATED_H

#include "sql/sql_int.h"

/* The expression of GENERATED ALWAYS AS (con->raw_expr) STORED for column
 * col (of t, or being added to it; t's generated columns already marked):
 * bound over t, checked (42P17 for a generated column or a volatile function,
 * 42804 for a type that does not convert) and printed into *out (malloc'd,
 * catalog_gen_free). Returns the bound expression (EXPR_VAR form), or NULL. */
Expr *sql_generated_define(StmtCtx *sc, const CatTable *t, const CatColumn *col,
                           PgQuery__Constraint *con, CatCheck **out);
/* Column col's stored expression bound over t (EXPR_VAR rte 0), coerced to
 * the column's type. */
Expr *sql_generated_load(StmtCtx *sc, const CatTable *t, int col);
/* True if some column of t is generated (the write paths skip their work otherwise). */
bool sql_table_has_generated(const CatTable *t);
/* Per column of t, its expression over the table row (EXPR_COLUMN c = column
 * c), NULL for a column that is not generated; *out NULL when none is. */
int sql_bind_generated(StmtCtx *sc, const CatTable *t, Expr ***out);
/* For a SET list (set_cols[i] = set_exprs[i], expressions in a query whose
 * range-table entry rte is the target): every generated column of t and its
 * expression over the new values (gen_cols / gen_exprs: room for t->ncols). */
int sql_generated_for_set(StmtCtx *sc, const CatTable *t, int rte, int nset, const int *set_cols,
                          Expr *const *set_exprs, int *ngen, int *gen_cols, Expr **gen_exprs);
/* 428C9 when col is generated and a statement writes it a value. */
int sql_generated_refuse_write(StmtCtx *sc, const CatColumn *col, bool update);
/* A generated column of t (other than col) whose expression reads col, or -1. */
int sql_generated_user(StmtCtx *sc, const CatTable *t, int col);
/* Prints the expressions again after a rename (old_names: the names before)
 * or a type change (NULL). */
int sql_generated_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names);

#endif
