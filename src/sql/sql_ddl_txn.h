/*
 * sql_ddl_txn.h — transactional DDL: what a transaction's schema changes
 * are, and how a rollback undoes them. Internal to src/sql.
 *
 * Inside a transaction block (or the implicit transaction of a
 * multi-statement Query) a DDL statement that creates objects, changes only
 * objects the same transaction created, or is an ALTER TABLE of an older
 * table that only adds columns and constraints or sets defaults and NOT NULL,
 * takes effect in the catalog at once, as before, but its WAL record is held
 * by the session (DdlDeferred) and written at COMMIT, in the same WAL batch as
 * the transaction's rows (sql_wal.c). A ROLLBACK, a ROLLBACK TO SAVEPOINT
 * taken before it, or a failed commit drops what those statements created and
 * runs the inverse of those ALTERs (sql_ddl_txn_undo), so the catalog in
 * memory is again what the log describes. An older table so altered is locked
 * against every other transaction until this one ends (sql_wal.c).
 *
 * Any other DDL statement that changes an object which existed before the
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
     * own index for a statement that only creates or alters an older table */
    int base;
    /* an ALTER TABLE of a table older than the transaction: that table, and
     * the statements that put it back (malloc'd, each NUL-terminated, an empty
     * one last); 0 and NULL otherwise */
    Oid altered;
    char *undo_sql;
} DdlDeferred;

/* What an ALTER TABLE of an older table may change and still be taken back:
 * the table's columns (default, NOT NULL) and constraint names before it. */
typedef struct DdlAlterSnap {
    Oid table;
    int ncols;
    char (*names)[CATALOG_NAME_MAX];
    char **defaults; /* malloc'd copies, NULL for none */
    bool *not_null;
    int ncons;
    char (*cons)[CATALOG_NAME_MAX]; /* unique/primary keys, foreign keys, checks */
} DdlAlterSnap;

/* Before a DDL statement runs inside a transaction: the index of the earliest
 * deferred statement whose objects it changes (s->n_ddl_deferred when it only
 * creates objects, or changes nothing), or -1 when it changes an object the
 * transaction did not create. Takes the catalog lock shared. */
int sql_ddl_txn_classify(StmtCtx *sc, PgQuery__Node *stmt, Oid *altered);
/* *altered (set by classify) is the table of an ALTER TABLE that the
 * transaction may still take back although the table is older: one whose
 * subcommands are only ADD COLUMN, ALTER COLUMN SET/DROP DEFAULT, SET/DROP
 * NOT NULL and ADD CONSTRAINT, or a RENAME COLUMN, on a permanent table.
 * Before it runs, snap records the table (-1 out of memory); after it ran,
 * inverse returns the statements that put it back (DROP CONSTRAINT of the new
 * constraints, the old defaults and NOT NULLs, DROP COLUMN of the new
 * columns; or the rename back), NULL out of memory. Both take the catalog
 * lock shared; snap_free releases the copy. */
int sql_ddl_txn_alter_snap(SqlSession *s, Oid table, DdlAlterSnap *snap);
char *sql_ddl_txn_alter_inverse(SqlSession *s, const PgQuery__Node *stmt, const DdlAlterSnap *snap);
void sql_ddl_txn_alter_snap_free(DdlAlterSnap *snap);

/* The deferred statement whose OIDs include oid, or -1. */
int sql_ddl_txn_creator(const SqlSession *s, Oid oid);

/* Takes back deferred statements v[0..n): drops the views and tables they
 * created, runs the undo statements of their ALTERs of older tables (newest
 * first), then drops the indexes, sequences, types and schemas they created,
 * through an internal session whose statements are neither logged nor
 * deferred.
 * The session's own transaction has already rolled back the rows. Returns 0,
 * or -1 with err when a DROP failed. */
int sql_ddl_txn_undo(SqlSession *s, const DdlDeferred *v, int n, OmError *err);

#endif
