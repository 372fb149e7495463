/*
 * sql_fkey_deferred.h — deferred FOREIGN KEY checks in the session's
 * transaction (exec/fk_deferred.h has the rules): SET CONSTRAINTS, the checks
 * at COMMIT, and the transaction events the pending checks and modes follow.
 */
#ifndef OMENDB_SQL_FKEY_DEFERRED_H
#define OMENDB_SQL_FKEY_DEFERRED_H

#include "sql/sql_int.h"

/* SET CONSTRAINTS { ALL | name [, ...] } { DEFERRED | IMMEDIATE }. Outside a
 * block: WARNING 25P01 (and no lasting effect). 42704 for an unknown name,
 * 42809 for DEFERRED of a constraint that is not deferrable; IMMEDIATE runs
 * the pending checks of the keys it makes immediate (23503 here if one fails). */
int sql_run_set_constraints(StmtCtx *sc, PgQuery__ConstraintsSetStmt *stmt);
/* Before the transaction commits: runs every pending check. -1 with err
 * (23503, or a wait's error): the caller rolls the transaction back. */
int sql_fkey_deferred_commit(SqlSession *s, OmError *err);
/* The transaction ended (either way): pending checks and modes forgotten. */
void sql_fkey_deferred_end(SqlSession *s);
/* ROLLBACK TO savepoint index i (-1: the whole transaction) / RELEASE of
 * savepoint i, as sql_txn.c's other side effects. */
void sql_fkey_deferred_rollback_to(SqlSession *s, int i);
void sql_fkey_deferred_release(SqlSession *s, int i);
/* The session ends. */
void sql_fkey_deferred_destroy(SqlSession *s);

#endif
