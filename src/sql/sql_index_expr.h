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
/* 0A000 for UNIQUE ... NULLS NOT DISTINCT (every unique index here treats
 * NULLs as distinct, PostgreSQL's default). Returns -1. */
int sql_refuse_nulls_not_distinct(StmtCtx *sc);
/* True if index con of t reads column col (a key, or in an expression or
 * its predicate). */
bool sql_index_uses_column(StmtCtx *sc, const CatTable *t, const CatConstraint *con, int col);
/* Prints t's index expressions and predicates again after a rename
 * (old_names: the column names before) or a type change (old_names NULL). */
int sql_index_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names);

/* INSERT ... ON CONFLICT's arbiter indexes for inference clause inf
 * (sql_infer_arbiter.c): *out receives the storage slots (sc->arena), *n
 * their number (at least one). 42P10 when no unique index matches, 42704 /
 * 42809 for ON CONSTRAINT of no such / an index-less constraint. */
int sql_infer_arbiters(StmtCtx *sc, const CatTable *t, PgQuery__InferClause *inf, int **out,
                       int *n);

/* ---- computed unique indexes (sql_index_unique.c) ---- */

struct UniqueBound;
/* es->unique_bind: computed unique index `slot` of t bound for the executor,
 * cached for the session until the catalog changes. */
int sql_unique_bind(struct ExecState *es, const CatTable *t, int slot,
                    const struct UniqueBound **out);
/* Builds computed unique index con of t from t's rows (catalog lock held
 * exclusively): con->storage_slot receives the new storage index, or
 * `replace` >= 0 rebuilds that one in place. -1 with sc->err: 23505 "could
 * not create unique index" on two equal keys, or an error of its expressions. */
int sql_unique_build(StmtCtx *sc, CatTable *t, CatConstraint *con, int replace);
/* Recovery: rebuilds every computed unique index of the database from the
 * rows, after the log is replayed (catalog lock held). XX001 when two live
 * rows share a key. */
int sql_unique_rebuild_all(Database *db, OmError *err);

#endif
