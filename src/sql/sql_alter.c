/*
 * sql_alter.c — ALTER TABLE: the statement, its subcommands in PostgreSQL's
 * order, the journal that undoes a failed statement; VACUUM and ANALYZE.
 *
 * Subcommands run in passes as PostgreSQL's ALTER TABLE does (drops, then
 * type changes, then added columns, then column attributes, then added
 * indexes and constraints, then the rest), each pass in the order written.
 * Column work is in sql_alter_column.c, constraints in
 * sql_alter_constraint.c. The whole statement is atomic: on any error the
 * journal (sql_alter.h) puts catalog and storage back as they were.
 *
 * Concurrency: the catalog lock is held exclusively (every cached plan and
 * prepared statement re-plans: the catalog version moves). A subcommand that
 * rewrites or validates rows fails (55006, sc->in_use_by) while another
 * transaction has uncommitted writes in the table, and the statement waits
 * for that transaction outside the catalog lock and runs again (sql_exec.c),
 * as PostgreSQL waits for its lock; one that moves or rewrites columns is
 * refused while this transaction has written the table.
 *
 * VACUUM runs the collector of before-images (txn_gc): old row versions that
 * no snapshot can see any more are unlinked and freed. Deleted rows keep
 * their slots (row ids are stable; docs/transactions.md). ANALYZE is accepted
 * and does nothing: the planner's estimates come from row counts, zone maps
 * and the indexes, not from sampled statistics.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_alter.h"
#include "sql/sql_temp.h"
#include "sql/sql_alter_cmds.h"
#include "sql/sql_view.h"
#include "sql/sql_matview.h"

/* ---- journal ---- */

int alter_journal_begin(StmtCtx *sc, AlterJournal *j, CatTable *t)
{
    memset(j, 0, sizeof(*j));
    j->t = t;
    j->orig_ncols = t->ncols;
    if (catalog_table_meta_save(t, &j->saved) != 0) goto oom;
    j->colmap = malloc(sizeof(int) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    if (!j->colmap) goto oom;
    for (int c = 0; c < t->ncols; c++) j->colmap[c] = c;
    Catalog *cat = sc->session->db->catalog;
    int n = catalog_table_count(cat);
    j->others = calloc((size_t)(n > 0 ? n : 1), sizeof(AlterSavedFkeys));
    if (!j->others) goto oom;
    for (int i = 0; i < n; i++) {
        CatTable *o = catalog_table_at(cat, i);
        if (o == t || o->nfkeys == 0) continue;
        bool refs = false;
        for (int k = 0; k < o->nfkeys; k++) refs |= o->fkeys[k].ref_table == t->oid;
        if (!refs) continue;
        AlterSavedFkeys *s = &j->others[j->nothers++];
        s->table = o;
        s->nfkeys = o->nfkeys;
        s->fkeys = malloc(sizeof(CatForeignKey) * (size_t)o->nfkeys);
        if (!s->fkeys) goto oom;
        memcpy(s->fkeys, o->fkeys, sizeof(CatForeignKey) * (size_t)o->nfkeys);
    }
    return 0;
oom:
    alter_journal_commit(j);
    return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
}

int alter_journal_push(StmtCtx *sc, AlterJournal *j, const AlterUndo *u)
{
    if (j->nundo == j->capundo) {
        int cap = j->capundo ? j->capundo * 2 : 8;
        AlterUndo *arr = realloc(j->undo, sizeof(AlterUndo) * (size_t)cap);
        if (!arr) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        j->undo = arr;
        j->capundo = cap;
    }
    j->undo[j->nundo++] = *u;
    return 0;
}

static void journal_free(AlterJournal *j)
{
    catalog_table_meta_free(&j->saved);
    for (int i = 0; i < j->nothers; i++) free(j->others[i].fkeys);
    free(j->others);
    free(j->undo);
    free(j->colmap);
    j->others = NULL;
    j->undo = NULL;
    j->colmap = NULL;
    j->nundo = j->nothers = 0;
}

void alter_journal_commit(AlterJournal *j)
{
    for (int i = 0; i < j->nundo; i++) {
        AlterUndo *u = &j->undo[i];
        if (u->kind == AU_DROP_COL || u->kind == AU_SWAP_COL) storage_column_free(u->col);
        if (u->kind == AU_DROP_UNIQUE) storage_unique_slot_free(&u->slot);
    }
    if (j->moved_columns && j->colmap)
        storage_table_undo_remap(j->t->storage, j->colmap, j->orig_ncols);
    journal_free(j);
}

void alter_journal_rollback(AlterJournal *j)
{
    StorageTable *st = j->t->storage;
    for (int i = j->nundo - 1; i >= 0; i--) {
        AlterUndo *u = &j->undo[i];
        switch (u->kind) {
        case AU_ADD_COL:
            storage_column_free(storage_table_detach_column(st, u->pos));
            break;
        case AU_DROP_COL:
            if (storage_table_attach_column(st, u->pos, u->col) != 0) abort(); /* cannot undo */
            break;
        case AU_SWAP_COL:
            storage_column_free(storage_column_swap(st, u->pos, u->col));
            break;
        case AU_ADD_UNIQUE: {
            StorageUniqueSlot slot;
            storage_table_detach_unique(st, u->pos, &slot);
            storage_unique_slot_free(&slot);
            break;
        }
        case AU_DROP_UNIQUE:
            if (storage_table_attach_unique(st, u->pos, &u->slot) != 0) abort();
            break;
        }
    }
    j->nundo = 0;
    catalog_table_meta_restore(j->t, &j->saved);
    for (int i = 0; i < j->nothers; i++) {
        AlterSavedFkeys *s = &j->others[i];
        free(s->table->fkeys);
        s->table->fkeys = s->fkeys;
        s->table->nfkeys = s->nfkeys;
        s->fkeys = NULL;
    }
    journal_free(j);
}

/* ---- shared helpers ---- */

void alter_notice(StmtCtx *sc, const char *fmt, ...)
{
    if (!sc->sink->notice) return;
    OmError n;
    error_clear(&n);
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ERR(&n, SQLSTATE_SUCCESSFUL_COMPLETION, "%s", msg);
    n.severity = ERR_SEV_NOTICE;
    sc->sink->notice(sc->sink->ctx, &n);
}

int alter_require_idle(AlterCtx *ac, bool own_too)
{
    StmtCtx *sc = ac->sc;
    TxnManager *txns = sc->session->db->txns;
    if ((sc->in_use_by = txn_table_user(txns, sc->session->txn, ac->t->storage)) != 0)
        return ERR(sc->err, SQLSTATE_OBJECT_IN_USE,
                   "cannot ALTER TABLE \"%s\" because it is being used by another transaction",
                   ac->t->name);
    if (own_too && txn_wrote_table(sc->session->txn, ac->t->storage))
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "cannot ALTER TABLE \"%s\" because this transaction has uncommitted changes "
                   "in it",
                   ac->t->name);
    return 0;
}

int alter_find_column(AlterCtx *ac, const char *name, bool missing_ok, bool *skipped)
{
    int c = name ? catalog_column_index(ac->t, name) : -1;
    if (c >= 0) return c;
    if (missing_ok && skipped) {
        *skipped = true;
        return -1;
    }
    ERR(ac->sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" of relation \"%s\" does not exist",
        name ? name : "?", ac->t->name);
    return -1;
}

/* ---- the statement ---- */

/* PostgreSQL's passes (AlterTablePass), coarsened. */
enum {
    PASS_DROP,
    PASS_ALTER_TYPE,
    PASS_ADD_COL,
    PASS_COL_ATTRS,
    PASS_ADD_INDEX,
    PASS_ADD_CONSTR,
    PASS_MISC,
    PASS_COUNT
};

static int cmd_pass(const PgQuery__AlterTableCmd *cmd)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        return PASS_DROP;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        return PASS_ALTER_TYPE;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        return PASS_ADD_COL;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        return cmd->def ? PASS_ADD_CONSTR : PASS_DROP;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        return PASS_COL_ATTRS;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        return PASS_ADD_CONSTR;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        if (cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
            (cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
             cmd->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE))
            return PASS_ADD_INDEX;
        return PASS_ADD_CONSTR;
    default:
        return PASS_MISC;
    }
}

/* ENABLE / DISABLE TRIGGER name (NULL: ALL, USER; OmenDB has no internal
 * triggers, foreign keys are checked apart and stay on). */
static int alter_enable_trigger(AlterCtx *ac, const char *name, bool enable)
{
    Catalog *cat = ac->sc->session->db->catalog;
    bool found = false;
    for (int i = 0; i < catalog_trigger_count(cat); i++) {
        CatTrigger *tg = catalog_trigger_at(cat, i);
        if (tg->table != ac->t->oid || (name && strcmp(tg->name, name) != 0)) continue;
        tg->enabled = enable;
        found = true;
    }
    if (name && !found)
        return ERR(ac->sc->err, SQLSTATE_UNDEFINED_OBJECT,
                   "trigger \"%s\" for table \"%s\" does not exist", name, ac->t->name);
    return 0;
}

static int run_cmd(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        return alter_add_column(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        return alter_drop_column(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        return alter_column_type(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        return alter_column_default(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        return alter_column_not_null(ac, cmd,
                                     cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        return alter_add_constraint(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        return alter_drop_constraint(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        return alter_validate_constraint(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner:
        return sql_alter_owner_table_cmd(sc, ac->t, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        return alter_add_identity(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        return alter_set_identity(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        return alter_drop_identity(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        return alter_drop_expression(ac, cmd);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
        return alter_enable_trigger(ac, cmd->name,
                                    cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
        return alter_enable_trigger(ac, NULL, true);
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
        return alter_enable_trigger(ac, NULL, false);
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this form of ALTER TABLE is not supported yet");
    }
}

int sql_run_alter_table(StmtCtx *sc, PgQuery__AlterTableStmt *st)
{
    /* OWNER TO alone applies to any kind of relation (sql_owner.c) */
    int mrc = sql_matview_alter(sc, st);
    if (mrc <= 0) return mrc;
    if (sql_alter_owner_only(st)) return sql_run_alter_owner_rel(sc, st);
    if (st->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "ALTER of this object type is not supported yet");
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatTable *t = bind_lookup_table(&sc->binder, st->relation, st->missing_ok);
    if (!t) {
        if (st->missing_ok && !sc->err->is_set) {
            alter_notice(sc, "relation \"%s\" does not exist, skipping", st->relation->relname);
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
    if (sql_ddl_target(sc, t->schema) != 0) goto out;
    AlterCtx ac;
    memset(&ac, 0, sizeof(ac));
    ac.sc = sc;
    ac.cat = cat;
    ac.t = t;
    if (alter_journal_begin(sc, &ac.j, t) != 0) goto out;
    rc = 0;
    for (int pass = 0; pass < PASS_COUNT && rc == 0; pass++)
        for (size_t i = 0; i < st->n_cmds && rc == 0; i++) {
            PgQuery__AlterTableCmd *cmd = st->cmds[i]->alter_table_cmd;
            if (cmd_pass(cmd) == pass) rc = run_cmd(&ac, cmd);
        }
    for (int i = 0; i < ac.ncascade && rc == 0; i++)
        rc = sql_view_drop_dependents(sc, t->oid, ac.cascade_cols[i], true, NULL, 0);
    if (rc == 0) {
        /* comments of the keys, checks and foreign keys it removed */
        catalog_comment_prune_table(cat, t);
        for (int i = 0; i < ac.j.nothers; i++)
            catalog_comment_prune_table(cat, ac.j.others[i].table);
        alter_journal_commit(&ac.j);
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "ALTER TABLE");
    } else {
        alter_journal_rollback(&ac.j);
        alter_identity_undo(&ac);
    }
    /* of dropped columns, of an ADD COLUMN or ADD IDENTITY undone, of DROP IDENTITY */
    sql_sequence_drop_orphans(cat);
out:
    catalog_unlock(cat);
    return rc;
}

int sql_run_vacuum(StmtCtx *sc, PgQuery__VacuumStmt *st)
{
    SqlSession *s = sc->session;
    if (st->is_vacuumcmd && sql_txn_prevent_block(sc, "VACUUM") != 0) return -1;
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
