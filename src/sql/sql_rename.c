/*
 * sql_rename.c — ALTER TABLE ... RENAME TO / RENAME [COLUMN] / RENAME
 * CONSTRAINT and ALTER INDEX ... RENAME TO.
 *
 * Renames change names only: everything else refers to tables, columns and
 * constraints by OID or position, except CHECK conditions, which are kept
 * as text and re-printed with the new column name (sql_check.c). Each runs
 * under the catalog lock held exclusively and is logged as DDL.
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_alter_cmds.h"
#include "sql/sql_generated.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_temp.h"
#include "sql/sql_view.h"

static void complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
}

static int rename_table(StmtCtx *sc, CatTable *t, const char *newname)
{
    if (catalog_relation_name_taken(sc->session->db->catalog, t->schema, newname))
        return ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", newname);
    ViewRename rn = {t->oid, NULL, newname};
    if (sql_view_follow_rename(sc, &rn) != 0) return -1;
    snprintf(t->name, sizeof(t->name), "%s", newname);
    if (t->matview) return sql_view_matview_renamed(sc, t, -1, newname);
    return 0;
}

static int rename_column(StmtCtx *sc, CatTable *t, const char *oldname, const char *newname)
{
    int c = catalog_column_index(t, oldname);
    if (c < 0)
        return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", oldname);
    if (catalog_column_index(t, newname) >= 0)
        return ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN,
                   "column \"%s\" of relation \"%s\" already exists", newname, t->name);
    const char **old = ARENA_NEW_ARRAY(sc->arena, const char *, t->ncols + 1);
    for (int i = 0; i < t->ncols; i++) old[i] = arena_strdup(sc->arena, t->cols[i].name);
    ViewRename rn = {t->oid, old[c], newname};
    if (sql_view_follow_rename(sc, &rn) != 0) return -1;
    snprintf(t->cols[c].name, sizeof(t->cols[c].name), "%s", newname);
    if (sql_check_refresh(sc, t, old) != 0 || sql_index_refresh(sc, t, old) != 0 ||
        sql_generated_refresh(sc, t, old) != 0) {
        /* the views follow the name back (bound under the new one) */
        ViewRename back = {t->oid, arena_strdup(sc->arena, newname), old[c]};
        OmError ignored;
        error_clear(&ignored);
        OmError *saved = sc->err;
        sc->err = &ignored;
        sc->binder.err = &ignored;
        sql_view_follow_rename(sc, &back);
        sc->err = saved;
        sc->binder.err = saved;
        snprintf(t->cols[c].name, sizeof(t->cols[c].name), "%s", old[c]);
        return -1;
    }
    catalog_sequence_rename_owner_col(sc->session->db->catalog, t->oid, old[c], newname);
    catalog_trigger_rename_col(sc->session->db->catalog, t->oid, old[c], newname);
    if (t->matview) return sql_view_matview_renamed(sc, t, c, newname);
    return 0;
}

static int rename_constraint(StmtCtx *sc, CatTable *t, const char *oldname, const char *newname)
{
    Catalog *cat = sc->session->db->catalog;
    char *slot = NULL;
    bool has_index = false;
    for (int i = 0; i < t->ncons && !slot; i++)
        if (t->cons[i].kind != CONSTR_INDEX && strcmp(t->cons[i].name, oldname) == 0) {
            slot = t->cons[i].name;
            has_index = true;
        }
    for (int i = 0; i < t->nfkeys && !slot; i++)
        if (strcmp(t->fkeys[i].name, oldname) == 0) slot = t->fkeys[i].name;
    for (int i = 0; i < t->nchecks && !slot; i++)
        if (strcmp(t->checks[i].name, oldname) == 0) slot = t->checks[i].name;
    if (!slot)
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
                   "constraint \"%s\" for table \"%s\" does not exist", oldname, t->name);
    if (catalog_table_has_constraint(t, newname))
        return ERR(sc->err, SQLSTATE_DUPLICATE_OBJECT,
                   "constraint \"%s\" for relation \"%s\" already exists", newname, t->name);
    if (has_index && catalog_relation_name_taken(cat, t->schema, newname))
        return ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", newname);
    snprintf(slot, CATALOG_NAME_MAX, "%s", newname);
    return 0;
}

static int rename_index(StmtCtx *sc, PgQuery__RenameStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    PgQuery__RangeVar *rv = st->relation;
    CatSchema *schema = NULL;
    CatTable *t = NULL;
    CatConstraint *idx = NULL;
    const char *path = sc->session->settings.search_path;
    if (rv->schemaname && rv->schemaname[0]) {
        schema = catalog_schema_resolve(cat, rv->schemaname, path);
        if (schema) idx = catalog_index_find(cat, schema, rv->relname, &t);
    } else {
        /* unqualified: the temporary schema, the creation schema of
         * search_path, then any */
        schema = catalog_temp_schema_own(cat, path);
        if (schema) idx = catalog_index_find(cat, schema, rv->relname, &t);
        if (!idx) schema = catalog_creation_schema(cat, path);
        if (schema && !idx) idx = catalog_index_find(cat, schema, rv->relname, &t);
        if (!idx) {
            idx = catalog_index_find(cat, NULL, rv->relname, &t);
            if (idx) schema = t->schema;
        }
    }
    if (!idx) {
        /* ALTER INDEX on a table renames the table, as PostgreSQL allows */
        CatTable *tt = bind_lookup_table(&sc->binder, rv, true);
        if (tt && sql_ddl_target(sc, tt->schema) != 0) return -1;
        if (tt) return rename_table(sc, tt, st->newname);
        if (sc->err->is_set) return -1;
        if (st->missing_ok) {
            alter_notice(sc, "relation \"%s\" does not exist, skipping", rv->relname);
            return 0;
        }
        return ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist",
                   rv->relname);
    }
    if (catalog_schema_other_temp(cat, schema, path))
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "cannot access temporary tables of other sessions");
    if (sql_ddl_target(sc, schema) != 0) return -1;
    if (catalog_relation_name_taken(cat, schema, st->newname))
        return ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists",
                   st->newname);
    if (idx->kind != CONSTR_INDEX && catalog_table_has_constraint(t, st->newname))
        return ERR(sc->err, SQLSTATE_DUPLICATE_OBJECT,
                   "constraint \"%s\" for relation \"%s\" already exists", st->newname, t->name);
    snprintf(idx->name, sizeof(idx->name), "%s", st->newname);
    return 0;
}

int sql_run_rename(StmtCtx *sc, PgQuery__RenameStmt *st)
{
    if (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE)
        return sql_sequence_rename(sc, st);
    if (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE ||
        st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE)
        return sql_run_rename_type(sc, st);
    bool index = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX;
    bool view = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
                (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
                 st->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW);
    bool matview = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW ||
                   (st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
                    st->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW);
    bool table = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || view ||
                 st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
    bool column = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
                  (st->relation_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || view || matview);
    bool constraint = st->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT;
    if (!(index || table || column || constraint) || !st->relation)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this form of ALTER ... RENAME is not supported yet");
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    if (index) {
        rc = rename_index(sc, st);
        if (rc == 0) complete(sc, "ALTER INDEX");
        goto out;
    }
    CatTable *t = NULL;
    CatView *v = NULL;
    if (bind_lookup_relation(&sc->binder, st->relation, st->missing_ok, &t, &v) != 0) goto out;
    if ((v || t) && sql_ddl_target(sc, v ? v->schema : t->schema) != 0) goto out;
    if (matview && (v || (t && !t->matview && table))) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a materialized view",
            v ? v->name : t->name);
        goto out;
    }
    if (v && !constraint) {
        rc = sql_view_rename(sc, v, st);
        if (rc == 0) complete(sc, view ? "ALTER VIEW" : "ALTER TABLE");
        goto out;
    }
    if (t && view) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", t->name);
        goto out;
    }
    if (v) t = bind_lookup_table(&sc->binder, st->relation, false);
    if (!t) {
        if (st->missing_ok && !sc->err->is_set) {
            alter_notice(sc, "relation \"%s\" does not exist, skipping", st->relation->relname);
            rc = 0;
            complete(sc, matview ? "ALTER MATERIALIZED VIEW" : view ? "ALTER VIEW" : "ALTER TABLE");
        }
        goto out;
    }
    if (t->schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE,
            "permission denied: \"%s\" is a system catalog", t->name);
        goto out;
    }
    if (table)
        rc = rename_table(sc, t, st->newname);
    else if (column)
        rc = rename_column(sc, t, st->subname, st->newname);
    else
        rc = rename_constraint(sc, t, st->subname, st->newname);
    if (rc == 0) complete(sc, matview ? "ALTER MATERIALIZED VIEW" : "ALTER TABLE");
out:
    catalog_unlock(cat);
    return rc;
}
