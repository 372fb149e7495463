/*
 * sql_lock.c — LOCK [TABLE] [ONLY] name [, ...] [IN mode MODE] [NOWAIT].
 *
 * OmenDB takes no table-level locks for queries and DML: MVCC and row locks
 * keep them apart, and DDL waits for every other running transaction that
 * has written its table (txn_table_user; sql_exec.c's run_ddl_waiting). That
 * covers the three weakest of PostgreSQL's modes — ACCESS SHARE, ROW SHARE
 * and ROW EXCLUSIVE — which conflict with nothing but the modes DDL takes:
 * such a LOCK holds each named table until the transaction ends
 * (txn_hold_table), so DROP TABLE, DROP SCHEMA and the ALTER TABLE forms that
 * rewrite or validate rows wait for it in other sessions, as in PostgreSQL.
 * It never has to wait itself, so NOWAIT changes nothing. This is what pg_dump asks for (ACCESS
 * SHARE on every table it dumps). The stronger modes would have to block other sessions' writes or
 * reads, which nothing here implements: they are refused (0A000), never granted as something
 * weaker.
 *
 * As in PostgreSQL: only inside a transaction block (25P01); tables and views
 * (a view is accepted and holds nothing: its definition can be dropped
 * meanwhile), not sequences or indexes (42809); no snapshot is taken (sql_txn.c).
 */
#include "sql/sql_int.h"
#include "sql/sql_relation.h"
#include "txn/txn.h"

/* PostgreSQL's lock modes as the grammar numbers them. */
enum { LOCK_ACCESS_SHARE = 1, LOCK_ROW_SHARE = 2, LOCK_ROW_EXCLUSIVE = 3 };

static const char *mode_name(int mode)
{
    static const char *const names[] = {
        "",      "ACCESS SHARE",        "ROW SHARE", "ROW EXCLUSIVE",   "SHARE UPDATE EXCLUSIVE",
        "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"};
    return mode >= 1 && mode <= 8 ? names[mode] : "ACCESS EXCLUSIVE";
}

int sql_run_lock(StmtCtx *sc, PgQuery__LockStmt *st)
{
    SqlSession *s = sc->session;
    if (!s->in_block)
        return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                   "LOCK TABLE can only be used in transaction blocks");
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    int rc = 0;
    for (size_t i = 0; i < st->n_relations && rc == 0; i++) {
        PgQuery__RangeVar *rv = st->relations[i]->range_var;
        SqlRelation rel;
        if (sql_relation_find(sc, rv->schemaname, rv->relname, false, &rel) != 0) {
            error_position(sc->err, rv->location + 1);
            rc = -1;
            break;
        }
        if (rel.kind == SQL_REL_SEQUENCE || rel.kind == SQL_REL_INDEX) {
            ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "cannot lock relation \"%s\"", rv->relname);
            error_detail(sc->err, "This operation is not supported for %ss.",
                         sql_relation_kind_name(rel.kind));
            rc = -1;
            break;
        }
        if (st->mode > LOCK_ROW_EXCLUSIVE || st->mode < LOCK_ACCESS_SHARE) {
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "LOCK TABLE IN %s MODE is not supported",
                mode_name(st->mode));
            error_detail(sc->err, "OmenDB takes ACCESS SHARE, ROW SHARE and ROW EXCLUSIVE locks "
                                  "only: the stronger modes would block other sessions' reads "
                                  "or writes.");
            rc = -1;
            break;
        }
        /* a table is held; a view or system view holds nothing */
        if (rel.kind == SQL_REL_TABLE && txn_hold_table(s->txn, rel.table->storage) != 0)
            rc = ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    catalog_unlock(cat);
    if (rc == 0 && sc->sink->complete) sc->sink->complete(sc->sink->ctx, "LOCK TABLE");
    return rc;
}
