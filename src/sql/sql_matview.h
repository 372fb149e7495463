/*
 * sql_matview.h — materialized views: CREATE MATERIALIZED VIEW, REFRESH
 * MATERIALIZED VIEW, and the populated state a transaction sets. Internal to
 * src/sql.
 *
 * Design (docs/sql.md, "Materialized views"): a materialized view is a table
 * (CatTable) with a view's stored definition (CatTable.matview) and a flag,
 * relispopulated. Its rows are ordinary table rows, written only by the
 * statements here, as the session transaction's writes: REFRESH deletes every
 * row and inserts the query's result, so other sessions see the old rows or
 * the new ones, and the commit logs the rows themselves (never the query).
 * Two REFRESHes of one view run one after the other (a transaction-level lock
 * on its OID, held to the end of the transaction).
 *
 * The catalog entry is DDL, logged as "CREATE MATERIALIZED VIEW ... WITH NO
 * DATA" (a WITH DATA statement runs that text, then fills the rows as a
 * REFRESH does). The populated flag follows the transaction: the session sees
 * its own value at once (sql_matview_populated), others at commit, when
 * pre-commit makes it the catalog's value and logs it as the DDL statement
 * "ALTER MATERIALIZED VIEW v SET (omendb_populated = on|off)" just before the
 * commit record of the rows; a failed commit puts the old value back (logged
 * too). A crash between that record and the commit's keeps the flag while the
 * rows are the old ones (docs/wal.md).
 */
#ifndef OMENDB_SQL_SQL_MATVIEW_H
#define OMENDB_SQL_SQL_MATVIEW_H

#include <stdbool.h>

#include "sql/sql_int.h"

/* CREATE MATERIALIZED VIEW (from sql_run_create_table_as). */
int sql_run_create_matview(StmtCtx *sc, PgQuery__CreateTableAsStmt *st);
/* REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]. */
int sql_run_refresh_matview(StmtCtx *sc, PgQuery__RefreshMatViewStmt *st);
/* ALTER MATERIALIZED VIEW / ALTER TABLE of a materialized view, or ALTER
 * MATERIALIZED VIEW of something else: handles the statement (returns 0 or
 * -1) or returns 1 to let ALTER TABLE run it (OWNER TO). */
int sql_matview_alter(StmtCtx *sc, PgQuery__AlterTableStmt *st);

/* relispopulated of t as session s sees it. */
bool sql_matview_populated(SqlSession *s, const CatTable *t);

/* Transaction ends (sql_txn.c), as sql_seq_restart.h's. pre_commit makes the
 * transaction's populated states the catalog's (logged); txn_end with
 * committed false puts back those it applied and forgets the rest. */
int sql_matview_pre_commit(SqlSession *s, OmError *err);
void sql_matview_txn_end(SqlSession *s, bool committed);
void sql_matview_rollback_to(SqlSession *s, int i);
void sql_matview_release(SqlSession *s, int i);
void sql_matview_views_init(SqlSession *s);

#endif
