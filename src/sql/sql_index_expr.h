/*
 * sql_index_expr.h — CREATE INDEX's keys, operator classes and predicate, and
 * the upkeep of stored index expressions (sql_index_expr.c). Internal to src/sql.
 */
#ifndef OMENDB_SQL_SQL_INDEX_EXPR_H
#define OMENDB_SQL_SQL_INDEX_EXPR_H

#include "sql/sql_int.h"

/* Resolves the keys of CREATE INDEX st on t for access method am: cols[k]
 * (-1 for an expression), options[k] (CAT_INDOPTION_*), and into *x the
 * expressions, operator classes and predicate, and the INCLUDE columns
 * (include_cols: room for 16) (strings malloc'd; *has_extra
 * when any is there, else x holds nothing to free). -1 with sc->err. */
int sql_index_keys(StmtCtx *sc, CatTable *t, PgQuery__IndexStmt *st, int am, int *cols,
                   uint8_t *options, int *include_cols, int *ninclude, CatIndexExpr *x,
                   bool *has_extra);
/* True if index con of t reads column col (a key, or in an expression or
 * its predicate). */
bool sql_index_uses_column(StmtCtx *sc, const CatTable *t, const CatConstraint *con, int col);
/* Prints t's index expressions and predicates again after a rename
 * (old_names: the column names before) or a type change (old_names NULL). */
int sql_index_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names);

#endif
