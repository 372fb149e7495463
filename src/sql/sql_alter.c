/*
 * sql_alter.c — ALTER TABLE (ADD PRIMARY KEY / UNIQUE constraints over
 * existing rows), VACUUM and ANALYZE.
 *
 * VACUUM runs the collector of before-images (txn_gc): old row versions that
 * no snapshot can see any more are unlinked and freed. Deleted rows keep
 * their slots (row ids are stable; docs/transactions.md). ANALYZE is accepted
 * and does nothing: the planner's estimates come from row counts, zone maps
 * and the indexes, not from sampled statistics.
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"

static int add_key_constraint(StmtCtx *sc, CatTable *t, PgQuery__Constraint *con)
{
    int cols[16];
    int ncols = (int)con->n_keys;
    if (ncols < 1 || ncols > 16)
        return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "cannot use more than 16 columns in an index");
    for (int i = 0; i < ncols; i++) {
        const char *name = pgq_str(con->keys[i]);
        cols[i] = name ? catalog_column_index(t, name) : -1;
        if (cols[i] < 0)
            return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                       "column \"%s\" named in key does not exist", name ? name : "?");
    }
    ConstraintKind kind =
        con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? CONSTR_PRIMARY : CONSTR_UNIQUE;
    const char *name = con->conname && con->conname[0] ? con->conname : NULL;
    return catalog_constraint_add(sc->session->db->catalog, t, kind, name, ncols, cols, sc->err);
}

int sql_run_alter_table(StmtCtx *sc, PgQuery__AlterTableStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatTable *t = bind_lookup_table(&sc->binder, st->relation, st->missing_ok);
    if (!t) {
        if (st->missing_ok && !sc->err->is_set) {
            if (sc->sink->notice) {
                OmError n;
                error_clear(&n);
                ERR(&n, SQLSTATE_SUCCESSFUL_COMPLETION, "relation \"%s\" does not exist, skipping",
                    st->relation->relname);
                n.severity = ERR_SEV_NOTICE;
                sc->sink->notice(sc->sink->ctx, &n);
            }
            rc = 0;
            if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "ALTER TABLE");
        }
        goto out;
    }
    if (t->schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE,
            "permission denied: \"%s\" is a system catalog", t->name);
        goto out;
    }
    for (size_t i = 0; i < st->n_cmds; i++) {
        PgQuery__AlterTableCmd *cmd = st->cmds[i]->alter_table_cmd;
        if (cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint && cmd->def &&
            cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            PgQuery__Constraint *con = cmd->def->constraint;
            if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE) {
                if (add_key_constraint(sc, t, con) != 0) goto out;
                continue;
            }
            if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN) {
                CatForeignKey fk;
                if (sql_fkey_define(sc, t, con, -1, &fk) != 0 ||
                    sql_fkey_add(sc, t, &fk, !con->skip_validation) != 0)
                    goto out;
                continue;
            }
            ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "ALTER TABLE ADD CONSTRAINT of this kind (CHECK, EXCLUDE, ...) is not "
                "supported yet");
            goto out;
        }
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "this form of ALTER TABLE is not supported yet");
        goto out;
    }
    rc = 0;
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "ALTER TABLE");
out:
    catalog_unlock(cat);
    return rc;
}

int sql_run_vacuum(StmtCtx *sc, PgQuery__VacuumStmt *st)
{
    SqlSession *s = sc->session;
    if (st->is_vacuumcmd && s->in_block)
        return ERR(sc->err, SQLSTATE_ACTIVE_SQL_TRANSACTION,
                   "VACUUM cannot run inside a transaction block");
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    int rc = 0;
    for (size_t i = 0; i < st->n_rels && rc == 0; i++) {
        PgQuery__Node *n = st->rels[i];
        if (n->node_case != PG_QUERY__NODE__NODE_VACUUM_RELATION || !n->vacuum_relation->relation)
            continue;
        if (!bind_lookup_table(&sc->binder, n->vacuum_relation->relation, false)) rc = -1;
    }
    catalog_unlock(cat);
    if (rc != 0) return rc;
    if (st->is_vacuumcmd) txn_gc(s->db->txns);
    if (sc->sink->complete)
        sc->sink->complete(sc->sink->ctx, st->is_vacuumcmd ? "VACUUM" : "ANALYZE");
    return 0;
}
