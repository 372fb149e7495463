/*
 * sql_comment.c — COMMENT ON { TABLE | VIEW | SEQUENCE | INDEX | COLUMN |
 * CONSTRAINT ... ON | SCHEMA | DATABASE | ROLE } name IS 'text' | NULL.
 *
 * Resolves the object with PostgreSQL's messages (42P01, 3F000, 42703, 42704,
 * 42809) and stores the text in the catalog (catalog_comment.c; '' and NULL
 * remove it). COMMENT is a DDL statement: logged as its SQL text and replayed
 * (sql_wal_is_ddl), except on temporary objects (sql_ddl_target). As in
 * PostgreSQL, COMMENT ON DATABASE of another database only warns (3D000), so
 * that a dump made elsewhere restores. Comments on the system catalogs and on
 * object kinds OmenDB does not have are refused (0A000).
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"
#include "sql/sql_relation.h"
#include "sql/sql_temp.h"

/* The CommentStmt's object as a list of String nodes (qualified names). */
static PgQuery__List *object_names(const PgQuery__CommentStmt *st)
{
    return st->object && st->object->node_case == PG_QUERY__NODE__NODE_LIST ? st->object->list
                                                                            : NULL;
}

static int refuse_system(StmtCtx *sc, const SqlRelation *r)
{
    return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
               "comments on system catalogs are not supported (\"%s\")", r->name);
}

/* COMMENT ON TABLE / VIEW / SEQUENCE / INDEX. */
static int comment_relation(StmtCtx *sc, const PgQuery__CommentStmt *st)
{
    PgQuery__List *l = object_names(st);
    SqlRelation r;
    if (!l || sql_relation_find_names(sc, l->items, l->n_items, false, &r) != 0) return -1;
    SqlRelKind want = SQL_REL_TABLE;
    const char *what = "a table";
    switch (st->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
        want = SQL_REL_VIEW, what = "a view";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        want = SQL_REL_SEQUENCE, what = "a sequence";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
        want = SQL_REL_INDEX, what = "an index";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
        want = SQL_REL_NONE, what = "a materialized view";
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        want = SQL_REL_NONE, what = "a foreign table";
        break;
    default:
        break;
    }
    if (r.kind == SQL_REL_SYSTEM && want == SQL_REL_TABLE) return refuse_system(sc, &r);
    if (r.kind != want)
        return ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not %s", r.name, what);
    if (sql_ddl_target(sc, r.schema) != 0) return -1;
    Oid rel = r.kind == SQL_REL_INDEX ? r.table->oid : r.oid;
    return catalog_comment_set(sc->session->db->catalog, CAT_CLASS_RELATION, r.oid, rel,
                               st->comment, sc->err);
}

/* COMMENT ON COLUMN [schema.]relation.column: tables and views. */
static int comment_column(StmtCtx *sc, const PgQuery__CommentStmt *st)
{
    PgQuery__List *l = object_names(st);
    if (!l || l->n_items < 2)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "column name must be qualified");
    SqlRelation r;
    if (sql_relation_find_names(sc, l->items, l->n_items - 1, false, &r) != 0) return -1;
    const char *colname = pgq_str(l->items[l->n_items - 1]);
    if (r.kind == SQL_REL_SYSTEM) return refuse_system(sc, &r);
    if (r.kind == SQL_REL_SEQUENCE || r.kind == SQL_REL_INDEX) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "cannot set comment on relation \"%s\"", r.name);
        error_detail(sc->err, "This operation is not supported for %s.",
                     r.kind == SQL_REL_SEQUENCE ? "sequences" : "indexes");
        return -1;
    }
    int ncols = r.table ? r.table->ncols : r.view->ncols;
    CatColumn *cols = r.table ? r.table->cols : r.view->cols;
    for (int c = 0; c < ncols; c++) {
        if (strcmp(cols[c].name, colname) != 0) continue;
        if (sql_ddl_target(sc, r.schema) != 0) return -1;
        return catalog_column_comment_set(&cols[c], st->comment, sc->err);
    }
    return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
               "column \"%s\" of relation \"%s\" does not exist", colname, r.name);
}

/* The OID of constraint `name` of table t (keys, foreign keys, checks), or 0. */
static Oid constraint_oid(const CatTable *t, const char *name)
{
    for (int k = 0; k < t->ncons; k++)
        if (t->cons[k].kind != CONSTR_INDEX && strcmp(t->cons[k].name, name) == 0)
            return t->cons[k].oid;
    for (int k = 0; k < t->nfkeys; k++)
        if (strcmp(t->fkeys[k].name, name) == 0) return t->fkeys[k].oid;
    for (int k = 0; k < t->nchecks; k++)
        if (strcmp(t->checks[k].name, name) == 0) return t->checks[k].oid;
    return 0;
}

/* COMMENT ON CONSTRAINT name ON [schema.]table. */
static int comment_constraint(StmtCtx *sc, const PgQuery__CommentStmt *st)
{
    PgQuery__List *l = object_names(st);
    if (!l || l->n_items < 2)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "improper constraint name");
    SqlRelation r;
    if (sql_relation_find_names(sc, l->items, l->n_items - 1, false, &r) != 0) return -1;
    const char *conname = pgq_str(l->items[l->n_items - 1]);
    if (r.kind == SQL_REL_SYSTEM) return refuse_system(sc, &r);
    Oid oid = r.kind == SQL_REL_TABLE ? constraint_oid(r.table, conname) : 0;
    if (!oid)
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
                   "constraint \"%s\" for table \"%s\" does not exist", conname, r.name);
    if (sql_ddl_target(sc, r.schema) != 0) return -1;
    return catalog_comment_set(sc->session->db->catalog, CAT_CLASS_CONSTRAINT, oid, r.table->oid,
                               st->comment, sc->err);
}

static int comment_schema(StmtCtx *sc, const PgQuery__CommentStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    const char *name = pgq_str(st->object);
    CatSchema *s = name ? catalog_schema_find(cat, name) : NULL;
    if (!s)
        return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                   name ? name : "");
    if (catalog_schema_other_temp(cat, s, sc->session->settings.search_path))
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "cannot access temporary tables of other sessions");
    if (sql_ddl_target(sc, s) != 0) return -1;
    return catalog_comment_set(cat, CAT_CLASS_NAMESPACE, s->oid, 0, st->comment, sc->err);
}

static int comment_database(StmtCtx *sc, const PgQuery__CommentStmt *st)
{
    const char *name = pgq_str(st->object);
    if (!name || strcmp(name, sc->session->database) != 0) {
        /* PostgreSQL warns, for dumps restored under another database name */
        char msg[200];
        snprintf(msg, sizeof(msg), "database \"%s\" does not exist", name ? name : "");
        sql_warning(sc, SQLSTATE_INVALID_CATALOG_NAME, msg);
        return 0;
    }
    return catalog_comment_set(sc->session->db->catalog, CAT_CLASS_DATABASE, CATALOG_DATABASE_OID,
                               0, st->comment, sc->err);
}

static int comment_role(StmtCtx *sc, const PgQuery__CommentStmt *st)
{
    PgQuery__RoleSpec spec = PG_QUERY__ROLE_SPEC__INIT;
    spec.roletype = PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING;
    spec.rolename = (char *)pgq_str(st->object);
    spec.location = -1;
    Oid role;
    if (sql_role_oid(sc, &spec, &role) != 0) return -1;
    return catalog_comment_set(sc->session->db->catalog, CAT_CLASS_AUTHID, role, 0, st->comment,
                               sc->err);
}

static const char *kind_name(PgQuery__ObjectType t)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
        return "TYPE";
    case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
    case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
        return "FUNCTION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
        return "EXTENSION";
    case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
        return "TRIGGER";
    default:
        return "this kind of object";
    }
}

int sql_run_comment(StmtCtx *sc, PgQuery__CommentStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc;
    switch (st->objtype) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
        rc = comment_relation(sc, st);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
        rc = comment_column(sc, st);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
        rc = comment_constraint(sc, st);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        rc = comment_schema(sc, st);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DATABASE:
        rc = comment_database(sc, st);
        break;
    case PG_QUERY__OBJECT_TYPE__OBJECT_ROLE:
        rc = comment_role(sc, st);
        break;
    default:
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "COMMENT ON %s is not supported",
                 kind_name(st->objtype));
        break;
    }
    catalog_unlock(cat);
    if (rc == 0 && sc->sink->complete) sc->sink->complete(sc->sink->ctx, "COMMENT");
    return rc;
}
