/*
 * sql_alter_constraint.c — ALTER TABLE ADD / DROP / VALIDATE CONSTRAINT and
 * the constraint work of other subcommands (inline constraints of ADD
 * COLUMN, keys rebuilt by ALTER COLUMN TYPE, dependents of DROP COLUMN).
 *
 * Every unique index added or removed goes through the journal
 * (sql_alter.h), so a failing statement gets it back; catalog entries are
 * restored from the journal's saved copy.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/type_io.h"
#include "exec/fk_check.h"
#include "sql/sql_alter_cmds.h"
#include "sql/sql_index_expr.h"

static int push(AlterCtx *ac, AlterUndoKind kind, int pos)
{
    AlterUndo u;
    memset(&u, 0, sizeof(u));
    u.kind = kind;
    u.pos = pos;
    return alter_journal_push(ac->sc, &ac->j, &u);
}

/* ADD PRIMARY KEY / UNIQUE USING INDEX: PostgreSQL's checks on the index
 * (transformIndexConstraint), in its order; an index that passes them is
 * still refused (0A000): turning an index into a constraint is not done. */
static int using_index(AlterCtx *ac, PgQuery__Constraint *con)
{
    StmtCtx *sc = ac->sc;
    const char *name = con->indexname;
    CatTable *owner = NULL;
    const CatConstraint *idx = catalog_index_find(ac->cat, ac->t->schema, name, &owner);
    const char *why = NULL;
    int rc;
    if (!idx) {
        rc = ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "index \"%s\" does not exist", name);
    } else if (idx->kind != CONSTR_INDEX) {
        rc = ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                 "index \"%s\" is already associated with a constraint", name);
    } else if (owner != ac->t) {
        rc = ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                 "index \"%s\" does not belong to table \"%s\"", name, ac->t->name);
    } else {
        const CatIndexExpr *x = catalog_index_expr(owner, idx->index_oid);
        bool exprs = false;
        for (int k = 0; k < idx->ncols; k++) exprs |= idx->cols[k] < 0;
        char msg[CATALOG_NAME_MAX + 40];
        if (!idx->index_unique)
            why = "is not a unique index";
        else if (exprs)
            why = "contains expressions";
        else if (x && x->pred.bind_sql)
            why = "is a partial index";
        if (exprs && idx->index_unique)
            snprintf(msg, sizeof(msg), "index \"%s\" %s", name, why);
        else
            snprintf(msg, sizeof(msg), "\"%s\" %s", name, why ? why : "");
        if (why) {
            rc = ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s", msg);
            error_detail(sc->err,
                         "Cannot create a primary key or unique constraint using such an index.");
        } else {
            rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "ADD CONSTRAINT ... USING INDEX is not supported yet");
        }
    }
    error_position(sc->err, con->location + 1);
    return rc;
}

static int add_key(AlterCtx *ac, PgQuery__Constraint *con, int col)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    if (con->indexname && con->indexname[0]) return using_index(ac, con);
    int cols[16];
    int ncols = col >= 0 ? 1 : (int)con->n_keys;
    if (col >= 0) {
        cols[0] = col;
    } else {
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
    }
    if (con->n_including > 0)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "INCLUDE in a PRIMARY KEY or UNIQUE constraint is not supported yet");
    if (con->nulls_not_distinct) return sql_refuse_nulls_not_distinct(sc);
    if (alter_require_idle(ac, false) != 0) return -1;
    ConstraintKind kind =
        con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ? CONSTR_PRIMARY : CONSTR_UNIQUE;
    const char *name = con->conname && con->conname[0] ? con->conname : NULL;
    if (catalog_constraint_add(ac->cat, t, kind, name, ncols, cols, sc->err) != 0) return -1;
    return push(ac, AU_ADD_UNIQUE, storage_table_unique_count(t->storage) - 1);
}

static int add_check(AlterCtx *ac, PgQuery__Constraint *con)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    CatCheck chk;
    if (sql_check_define(sc, t, con, &chk) != 0) return -1;
    int rc = sql_fkey_check_conflict(sc, t, &chk);
    if (rc == 0) rc = catalog_check_add(ac->cat, t, &chk, sc->err);
    catalog_check_free_strings(&chk);
    if (rc != 0) return -1;
    CatCheck *added = &t->checks[t->nchecks - 1];
    if (!added->validated) return 0;
    if (!alter_table_has_rows(t)) return 0;
    if (alter_require_idle(ac, false) != 0) return -1;
    return sql_check_validate(sc, t, added);
}

int alter_add_constraint_node(AlterCtx *ac, PgQuery__Constraint *con, int col)
{
    StmtCtx *sc = ac->sc;
    switch (con->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        return add_key(ac, con, col);
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        return add_check(ac, con);
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: {
        CatForeignKey fk;
        if (sql_fkey_define(sc, ac->t, con, col, &fk) != 0) return -1;
        if (!con->skip_validation && alter_table_has_rows(ac->t) && alter_require_idle(ac, false))
            return -1;
        return sql_fkey_add(sc, ac->t, &fk, !con->skip_validation);
    }
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "ALTER TABLE ADD CONSTRAINT of this kind (EXCLUDE, ...) is not supported yet");
    }
}

int alter_add_constraint(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        return ERR(ac->sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this form of ALTER TABLE ADD is not supported yet");
    return alter_add_constraint_node(ac, cmd->def->constraint, -1);
}

int alter_remove_key(AlterCtx *ac, int ci)
{
    CatTable *t = ac->t;
    int slot = t->cons[ci].storage_slot;
    if (slot >= 0) {
        AlterUndo u;
        memset(&u, 0, sizeof(u));
        u.kind = AU_DROP_UNIQUE;
        u.pos = slot;
        storage_table_detach_unique(t->storage, slot, &u.slot);
        if (alter_journal_push(ac->sc, &ac->j, &u) != 0) {
            storage_table_attach_unique(t->storage, slot, &u.slot);
            return -1;
        }
        for (int c = 0; c < t->ncons; c++)
            if (t->cons[c].storage_slot > slot) t->cons[c].storage_slot--;
    }
    /* its expressions go too (the journal's saved description has them back) */
    catalog_index_expr_remove(t, t->cons[ci].index_oid);
    memmove(&t->cons[ci], &t->cons[ci + 1], sizeof(CatConstraint) * (size_t)(t->ncons - ci - 1));
    t->ncons--;
    return 0;
}

int alter_rebuild_key(AlterCtx *ac, int ci)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    int slot = t->cons[ci].storage_slot;
    if (slot < 0) return 0;
    AlterUndo u;
    memset(&u, 0, sizeof(u));
    u.kind = AU_DROP_UNIQUE;
    u.pos = slot;
    storage_table_detach_unique(t->storage, slot, &u.slot);
    if (alter_journal_push(sc, &ac->j, &u) != 0) {
        storage_table_attach_unique(t->storage, slot, &u.slot);
        return -1;
    }
    for (int c = 0; c < t->ncons; c++)
        if (t->cons[c].storage_slot > slot) t->cons[c].storage_slot--;
    t->cons[ci].storage_slot = -1;
    CatConstraint *con = &t->cons[ci];
    if (u.slot.computed) { /* its keys evaluated again over the converted rows */
        if (sql_unique_build(sc, t, con, -1) != 0) return -1;
        return push(ac, AU_ADD_UNIQUE, con->storage_slot);
    }
    uint64_t dup = 0;
    int ns = storage_table_add_unique_existing(t->storage, con->ncols, con->cols, &dup);
    if (ns == -1) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (ns == -2) {
        ERR(sc->err, SQLSTATE_UNIQUE_VIOLATION, "could not create unique index \"%s\"", con->name);
        StrBuf names, vals;
        strbuf_init(&names, sc->arena);
        strbuf_init(&vals, sc->arena);
        uint64_t rows = storage_table_row_count(t->storage);
        for (int k = 0; k < con->ncols; k++) {
            Value v;
            storage_table_fetch(t->storage, rows, dup, con->cols[k], &v);
            if (k) {
                strbuf_puts(&names, ", ");
                strbuf_puts(&vals, ", ");
            }
            strbuf_puts(&names, t->cols[con->cols[k]].name);
            if (v.is_null)
                strbuf_puts(&vals, "null");
            else
                type_text_out(v.type, &v.u, NULL, &vals);
        }
        error_detail(sc->err, "Key (%s)=(%s) is duplicated.", names.data, vals.data);
        return -1;
    }
    con->storage_slot = ns;
    return push(ac, AU_ADD_UNIQUE, ns);
}

int alter_drop_dependent_fkeys(AlterCtx *ac, int ci, int col, bool cascade, const char *errmsg)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    Oid index_oid = ci >= 0 ? t->cons[ci].index_oid : 0;
    for (int i = 0; i < catalog_table_count(ac->cat); i++) {
        CatTable *o = catalog_table_at(ac->cat, i);
        for (int k = 0; k < o->nfkeys; k++) {
            CatForeignKey *fk = &o->fkeys[k];
            if (fk->ref_table != t->oid) continue;
            bool dep = ci >= 0 && fk->ref_index == index_oid;
            for (int c = 0; c < fk->ncols && col >= 0; c++) dep |= fk->ref_cols[c] == col;
            if (!dep) continue;
            if (!cascade) {
                ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST, "%s", errmsg);
                if (ci >= 0)
                    error_detail(sc->err, "constraint %s on table %s depends on index %s", fk->name,
                                 o->name, t->cons[ci].name);
                else
                    error_detail(sc->err,
                                 "constraint %s on table %s depends on column %s of table %s",
                                 fk->name, o->name, t->cols[col].name, t->name);
                error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
                return -1;
            }
            alter_notice(sc, "drop cascades to constraint %s on table %s", fk->name, o->name);
            memmove(&o->fkeys[k], &o->fkeys[k + 1],
                    sizeof(CatForeignKey) * (size_t)(o->nfkeys - k - 1));
            o->nfkeys--;
            k--;
        }
    }
    return 0;
}

int alter_drop_constraint(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    const char *name = cmd->name ? cmd->name : "";
    bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (int i = 0; i < t->nchecks; i++)
        if (strcmp(t->checks[i].name, name) == 0) {
            catalog_check_remove(t, i);
            return 0;
        }
    for (int i = 0; i < t->nfkeys; i++)
        if (strcmp(t->fkeys[i].name, name) == 0) {
            memmove(&t->fkeys[i], &t->fkeys[i + 1],
                    sizeof(CatForeignKey) * (size_t)(t->nfkeys - i - 1));
            t->nfkeys--;
            return 0;
        }
    for (int i = 0; i < t->ncons; i++) {
        if (t->cons[i].kind == CONSTR_INDEX || strcmp(t->cons[i].name, name) != 0) continue;
        char msg[300];
        snprintf(msg, sizeof(msg),
                 "cannot drop constraint %s on table %s because other objects depend on it", name,
                 t->name);
        if (alter_drop_dependent_fkeys(ac, i, -1, cascade, msg) != 0) return -1;
        return alter_remove_key(ac, i);
    }
    if (cmd->missing_ok) {
        alter_notice(sc, "constraint \"%s\" of relation \"%s\" does not exist, skipping", name,
                     t->name);
        return 0;
    }
    return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
               "constraint \"%s\" of relation \"%s\" does not exist", name, t->name);
}

int alter_validate_constraint(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    const char *name = cmd->name ? cmd->name : "";
    for (int i = 0; i < t->nchecks; i++) {
        if (strcmp(t->checks[i].name, name) != 0) continue;
        if (t->checks[i].validated) return 0;
        if (alter_table_has_rows(t)) {
            if (alter_require_idle(ac, false) != 0) return -1;
            if (sql_check_validate(sc, t, &t->checks[i]) != 0) return -1;
        }
        t->checks[i].validated = true;
        return 0;
    }
    for (int i = 0; i < t->nfkeys; i++) {
        if (strcmp(t->fkeys[i].name, name) != 0) continue;
        if (t->fkeys[i].validated) return 0;
        if (alter_table_has_rows(t)) {
            if (alter_require_idle(ac, false) != 0) return -1;
            AlterEval ae;
            alter_eval_init(sc, &ae);
            int rc = fk_validate(&ae.es, t, &t->fkeys[i]);
            alter_eval_fini(&ae);
            if (rc != 0) return -1;
        }
        t->fkeys[i].validated = true;
        return 0;
    }
    for (int i = 0; i < t->ncons; i++)
        if (t->cons[i].kind != CONSTR_INDEX && strcmp(t->cons[i].name, name) == 0)
            return ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE,
                       "constraint \"%s\" of relation \"%s\" is not a foreign key or check "
                       "constraint",
                       name, t->name);
    return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
               "constraint \"%s\" of relation \"%s\" does not exist", name, t->name);
}
