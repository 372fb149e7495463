/*
 * sql_temp.h — temporary tables (CREATE TEMP TABLE), as PostgreSQL has them.
 *
 * Each session that creates one gets its own schema pg_temp_N in the shared
 * catalog (CatSchema.is_temp; N the smallest number free), which leads the
 * session's search_path for lookups (SessionSettings.search_path) and is
 * what "pg_temp" names; other sessions cannot reach into it (0A000).
 * Temporary tables live until the session ends (or DISCARD TEMP), when the
 * schema is dropped with everything in it, until the transaction that
 * created them rolls back, or until their ON COMMIT action:
 * DELETE ROWS empties the table inside every committing transaction that
 * wrote it, DROP drops it when the creating transaction ends.
 *
 * Durability: nothing about them reaches the redo log. Their storage is
 * unlogged (the commit hook skips its changes), DDL that changes only
 * temporary objects is not logged (sql_ddl_target), and checkpoints skip
 * them; after a crash they do not exist. A DDL statement must change either
 * temporary or permanent objects: the redo of a logged statement can never
 * name a temporary object.
 */
#ifndef OMENDB_SQL_SQL_TEMP_H
#define OMENDB_SQL_SQL_TEMP_H

#include "sql/sql_int.h"

/* The session's temporary schema; created (and put in front of the
 * search_path) when `create` and it has none yet, the catalog lock then held
 * exclusively. NULL with sc->err only when creating failed; NULL without an
 * error when it has none and !create. */
CatSchema *sql_temp_schema(StmtCtx *sc, bool create);
/* Records an ON COMMIT action of a new temporary table: 'd' DELETE ROWS,
 * 'D' DROP. Returns 0 or -1 (53200). */
int sql_temp_on_commit(StmtCtx *sc, Oid table, char action);
/* Before a commit: empties the ON COMMIT DELETE ROWS tables that the
 * session's transaction wrote, inside that transaction. 0, or -1 with err. */
int sql_temp_pre_commit(SqlSession *s, OmError *err);
/* After a transaction ended (s->txn NULL): drops the ON COMMIT DROP tables
 * created in it, and, when it did not commit, every temporary table created in
 * it (as PostgreSQL's rollback of their CREATE). */
void sql_temp_txn_end(SqlSession *s, bool committed);
/* ROLLBACK TO savepoint i drops the temporary tables created after it;
 * RELEASE of savepoint i makes those the enclosing level's. */
void sql_temp_rollback_to(SqlSession *s, int i);
void sql_temp_release(SqlSession *s, int i);
/* Drops every temporary object of the session and its schema (session end,
 * DISCARD TEMP / ALL). Takes the catalog lock. */
void sql_temp_drop_all(SqlSession *s);

/* A DDL statement is about to change an object of `schema`: notes whether it
 * is temporary (then the statement is not logged, sql_wal_run_ddl) or
 * permanent. 0A000 when one statement would change both. */
int sql_ddl_target(StmtCtx *sc, const CatSchema *schema);

#endif
