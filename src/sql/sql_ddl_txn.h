/*
 * sql_ddl_txn.h — transactional DDL: what a transaction's schema changes
 * are, and how a rollback undoes them. Internal to src/sql.
 *
 * Inside a transaction block (or the implicit transaction of a
 * multi-statement Query) a DDL statement that creates objects, or changes
 * only objects the same transaction created, takes effect in the catalog at
 * once, as before, but its WAL record is held by the session (DdlDeferred)
 * and written at COMMIT, in the same WAL batch as the transaction's rows
 * (sql_wal.c). A ROLLBACK, a ROLLBACK TO SAVEPOINT taken before it, or a
 * failed commit drops what those statements created (sql_ddl_txn_undo), so
 * the catalog in memory is again what the log describes.
 *
 * A DDL statement that changes an object which existed before the
 * transaction cannot be undone that way: it writes every held record and
 * then its own to the log at once (sql_wal_run_ddl), and from then on the
 * transaction's earlier schema changes stay even if it rolls back (a
 * WARNING says so at ROLLBACK).
 *
 * Invariants: while a session holds deferred records it owns the right to
 * run DDL (no other session's DDL or checkpoint runs until it ends), so the
 * OIDs of every deferred statement form ranges [first, end) that belong to
 * this transaction's objects alone, and the order of its records is the order
 * the statements ran.
 */
#ifndef OMENDB_SQL_SQL_DDL_TXN_H
#define OMENDB_SQL_SQL_DDL_TXN_H

#include "sql/sql_int.h"

/* One DDL statement whose WAL record waits for its transaction's commit. */
typedef struct DdlDeferred {
    uint8_t *rec; /* the WAL_REC_DDL payload (malloc'd) */
    uint32_t len;
    Oid first, end; /* the OIDs it allocated */
    int depth;      /* savepoints open when it ran */
    /* the earliest deferred statement (index) whose objects it changed: its
     * own index for a statement that only creates */
    int base;
} DdlDeferred;

/* Before a DDL statement runs inside a transaction: the index of the earliest
 * deferred statement whose objects it changes (s->n_ddl_deferred when it only
 * creates objects, or changes nothing), or -1 when it changes an object the
 * transaction did not create. Takes the catalog lock shared. */
int sql_ddl_txn_classify(StmtCtx *sc, PgQuery__Node *stmt);

/* The deferred statement whose OIDs include oid, or -1. */
int sql_ddl_txn_creator(const SqlSession *s, Oid oid);

/* Drops every object that deferred statements v[0..n) created, newest kinds
 * first (views, tables, indexes, sequences, types, schemas), through an
 * internal session whose DROP statements are neither logged nor deferred.
 * The session's own transaction has already rolled back the rows. Returns 0,
 * or -1 with err when a DROP failed. */
int sql_ddl_txn_undo(SqlSession *s, const DdlDeferred *v, int n, OmError *err);

#endif
