/*
 * sql_owner.c — ALTER ... OWNER TO: ALTER SCHEMA, ALTER DATABASE, and ALTER
 * TABLE / SEQUENCE / VIEW / INDEX (PostgreSQL accepts ALTER TABLE for every
 * relation kind; the other spellings check the kind).
 *
 * Roles: OmenDB has one login role, omendb (OID 10), and pg_database_owner
 * (6171), which owns schema public as in PostgreSQL 15 (sql_role_oid).
 * Invariants:
 *   - A schema's owner is either role (CatSchema.owner, pg_namespace.nspowner).
 *     Changing it is DDL: logged and replayed with the other statements.
 *   - Every relation is owned by omendb. OWNER TO omendb succeeds and changes
 *     nothing, as PostgreSQL's does when the owner is already that role;
 *     OWNER TO pg_database_owner would change the owner, which OmenDB cannot
 *     represent: 0A000, except where PostgreSQL itself refuses first (an owned
 *     sequence: 0A000 with its message) or only warns (an index).
 * As in PostgreSQL the relation is looked up before the role, so a missing
 * relation is reported first.
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"
#include "sql/sql_relation.h"
#include "sql/sql_temp.h"

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

/* ---- ALTER SCHEMA / DATABASE ... OWNER TO ---- */

static int schema_owner(StmtCtx *sc, PgQuery__AlterOwnerStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    const char *name = pgq_str(st->object);
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatSchema *s = name ? catalog_schema_find(cat, name) : NULL;
    if (!s) {
        ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
            name ? name : "");
        goto out;
    }
    Oid role;
    if (sql_role_oid(sc, st->newowner, &role) != 0 || sql_ddl_target(sc, s) != 0) goto out;
    s->owner = role;
    rc = complete(sc, "ALTER SCHEMA");
out:
    catalog_unlock(cat);
    return rc;
}

static int database_owner(StmtCtx *sc, PgQuery__AlterOwnerStmt *st)
{
    const char *name = pgq_str(st->object);
    if (!name || strcmp(name, sc->session->database) != 0)
        return ERR(sc->err, SQLSTATE_INVALID_CATALOG_NAME, "database \"%s\" does not exist",
                   name ? name : "");
    Oid role;
    if (sql_role_oid(sc, st->newowner, &role) != 0) return -1;
    if (role != CATALOG_ROLE_OMENDB) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot change the owner of database \"%s\"",
            name);
        error_detail(sc->err, "The database is owned by role omendb.");
        return -1;
    }
    return complete(sc, "ALTER DATABASE");
}

int sql_run_alter_owner(StmtCtx *sc, PgQuery__AlterOwnerStmt *st)
{
    switch (st->object_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        return schema_owner(sc, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        return database_owner(sc, st);
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
        Oid role;
        if (sql_role_oid(sc, st->newowner, &role) != 0) return -1;
        return sql_run_alter_type_owner(sc, st, role);
    }
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "ALTER ... OWNER TO is not supported for this kind of object");
    }
}

/* ---- relations ---- */

bool sql_alter_owner_only(const PgQuery__AlterTableStmt *st)
{
    if (st->n_cmds == 0) return false;
    for (size_t i = 0; i < st->n_cmds; i++)
        if (st->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD ||
            st->cmds[i]->alter_table_cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner)
            return false;
    return true;
}

/* OWNER TO `role` of relation r, whose owner is omendb. */
static int relation_owner(StmtCtx *sc, const SqlRelation *r, Oid role)
{
    if (role == CATALOG_ROLE_OMENDB) return 0; /* already its owner */
    Catalog *cat = sc->session->db->catalog;
    if (r->kind == SQL_REL_INDEX) {
        /* PostgreSQL warns and leaves an index with its table's owner */
        OmError w;
        error_clear(&w);
        ERR(&w, SQLSTATE_WRONG_OBJECT_TYPE, "cannot change owner of index \"%s\"", r->name);
        error_hint(&w, "Change the ownership of the index's table, instead.");
        w.severity = ERR_SEV_WARNING;
        if (sc->sink->notice) sc->sink->notice(sc->sink->ctx, &w);
        return 0;
    }
    if (r->kind == SQL_REL_SEQUENCE && r->seq->owner_table) {
        CatTable *t = catalog_table_by_oid(cat, r->seq->owner_table);
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot change owner of sequence \"%s\"",
            r->name);
        error_detail(sc->err, "Sequence \"%s\" is linked to table \"%s\".", r->name,
                     t ? t->name : "?");
        return -1;
    }
    ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot change owner of %s \"%s\"",
        sql_relation_kind_name(r->kind), r->name);
    error_detail(sc->err, "Every relation in OmenDB is owned by role omendb.");
    return -1;
}

/* 42809 when ALTER SEQUENCE / VIEW / INDEX names another kind of relation. */
static int check_kind(StmtCtx *sc, PgQuery__ObjectType objtype, const SqlRelation *r)
{
    const char *want = NULL;
    SqlRelKind kind = SQL_REL_NONE;
    switch (objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        want = "a sequence", kind = SQL_REL_SEQUENCE;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        want = "a view", kind = SQL_REL_VIEW;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        want = "an index", kind = SQL_REL_INDEX;
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
        return 0;
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "ALTER of this object type is not supported yet");
    }
    if (r->kind == kind) return 0;
    return ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not %s", r->name, want);
}

static const char *tag_of(PgQuery__ObjectType objtype)
{
    switch (objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        return "ALTER SEQUENCE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        return "ALTER VIEW";
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        return "ALTER INDEX";
    default:
        return "ALTER TABLE";
    }
}

int sql_run_alter_owner_rel(StmtCtx *sc, PgQuery__AlterTableStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    SqlRelation r;
    const PgQuery__RangeVar *rv = st->relation;
    if (sql_relation_find(sc, rv->schemaname, rv->relname, st->missing_ok, &r) != 0) goto out;
    if (r.kind == SQL_REL_NONE) {
        char msg[200];
        snprintf(msg, sizeof(msg), "relation \"%s\" does not exist, skipping", rv->relname);
        sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
        rc = complete(sc, tag_of(st->objtype));
        goto out;
    }
    if (r.kind == SQL_REL_SYSTEM) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE,
            "permission denied: \"%s\" is a system catalog", r.name);
        goto out;
    }
    if (check_kind(sc, st->objtype, &r) != 0 || sql_ddl_target(sc, r.schema) != 0) goto out;
    for (size_t i = 0; i < st->n_cmds; i++) {
        Oid role;
        if (sql_role_oid(sc, st->cmds[i]->alter_table_cmd->newowner, &role) != 0 ||
            relation_owner(sc, &r, role) != 0)
            goto out;
    }
    rc = complete(sc, tag_of(st->objtype));
out:
    catalog_unlock(cat);
    return rc;
}

int sql_alter_owner_table_cmd(StmtCtx *sc, CatTable *t, const PgQuery__AlterTableCmd *cmd)
{
    Oid role;
    if (sql_role_oid(sc, cmd->newowner, &role) != 0) return -1;
    SqlRelation r;
    memset(&r, 0, sizeof(r));
    r.kind = SQL_REL_TABLE;
    r.table = t;
    r.schema = t->schema;
    r.oid = t->oid;
    r.name = t->name;
    return relation_owner(sc, &r, role);
}
