/*
 * sql_seq_restart.h — TRUNCATE ... RESTART IDENTITY: the sequences owned by the
 * truncated tables' columns go back to their START, and come back to where they
 * were if the transaction (or the savepoint the reset follows) rolls back.
 *
 * Sequences are not transactional in OmenDB (nor, for nextval, in PostgreSQL), so
 * the reset is done at once, logged like setval, and remembered by the session
 * with the state it replaced; ROLLBACK, ROLLBACK TO SAVEPOINT, a failed commit and
 * a session that ends inside the transaction put that state back (logged too).
 * A crash before the transaction ends keeps the reset while the rows come back
 * (docs/transactions.md).
 */
#ifndef OMENDB_SQL_SEQ_RESTART_H
#define OMENDB_SQL_SEQ_RESTART_H

#include <stdbool.h>

#include "sql/sql_int.h"

/* Resets the sequences owned by t's columns (catalog lock held). */
int sql_seq_restart_table(StmtCtx *sc, CatTable *t);
/* The transaction ended: committed (forget the saved states) or not (restore). */
void sql_seq_restart_end(SqlSession *s, bool committed);
/* ROLLBACK TO the savepoint at index i: undoes the resets made after it (i -1:
 * all of them, the transaction going on aborted). */
void sql_seq_restart_rollback_to(SqlSession *s, int i);
/* RELEASE of the savepoint at index i (nsavepoints becomes i): its resets now
 * belong to the enclosing level. */
void sql_seq_restart_release(SqlSession *s, int i);

#endif
