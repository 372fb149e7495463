/*
 * sql_relation.c — resolves a relation name of any kind (sql_relation.h).
 *
 * Each schema is searched for a table, a view, a sequence, then an index of a
 * table of the schema; names are unique across these within a schema
 * (catalog_relation_name_taken), so the order only matters for speed.
 */
#include "sql/sql_relation.h"

#include <string.h>

#include "catalog/sysview.h"

const char *sql_relation_kind_name(SqlRelKind kind)
{
    switch (kind) {
    case SQL_REL_TABLE:
    case SQL_REL_SYSTEM:
        return "table";
    case SQL_REL_VIEW:
        return "view";
    case SQL_REL_SEQUENCE:
        return "sequence";
    case SQL_REL_INDEX:
        return "index";
    default:
        return "relation";
    }
}

/* The relation `name` of `schema`, if any (out->kind stays NONE otherwise). */
static void find_in_schema(Catalog *cat, CatSchema *schema, const char *name, SqlRelation *out)
{
    memset(out, 0, sizeof(*out));
    out->schema = schema;
    CatTable *t = catalog_table_find(cat, schema, name);
    if (t) {
        out->kind = SQL_REL_TABLE;
        out->table = t;
        out->oid = t->oid;
        out->name = t->name;
        return;
    }
    CatView *v = catalog_view_find(cat, schema, name);
    if (v) {
        out->kind = SQL_REL_VIEW;
        out->view = v;
        out->oid = v->oid;
        out->name = v->name;
        return;
    }
    CatSequence *s = catalog_sequence_find(cat, schema, name);
    if (s) {
        out->kind = SQL_REL_SEQUENCE;
        out->seq = s;
        out->oid = s->oid;
        out->name = s->name;
        return;
    }
    for (int i = 0; i < catalog_table_count(cat); i++) {
        CatTable *owner = catalog_table_at(cat, i);
        if (owner->schema != schema) continue;
        for (int k = 0; k < owner->ncons; k++) {
            CatConstraint *con = &owner->cons[k];
            if (strcmp(con->name, name) != 0) continue;
            out->kind = SQL_REL_INDEX;
            out->table = owner;
            out->index = con;
            out->oid = con->index_oid;
            out->name = con->name;
            return;
        }
    }
}

/* A system view of pg_catalog / information_schema called `name`. */
static bool find_system(const char *schema, const char *name, SqlRelation *out)
{
    int n = sysview_count();
    for (int i = 0; i < n; i++) {
        const char *vs, *vn;
        Oid oid;
        sysview_at(i, &vs, &vn, &oid);
        if (strcmp(vs, schema) != 0 || strcmp(vn, name) != 0) continue;
        memset(out, 0, sizeof(*out));
        out->kind = SQL_REL_SYSTEM;
        out->oid = oid;
        out->name = vn;
        return true;
    }
    return false;
}

int sql_relation_find(StmtCtx *sc, const char *schema, const char *name, bool missing_ok,
                      SqlRelation *out)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    memset(out, 0, sizeof(*out));
    if (schema && schema[0]) {
        CatSchema *s = catalog_schema_resolve(cat, schema, path);
        if (!s)
            return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                       schema);
        if (s->is_system && find_system(s->name, name, out)) return 0;
        find_in_schema(cat, s, name, out);
        if (out->kind != SQL_REL_NONE && catalog_schema_other_temp(cat, s, path))
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "cannot access temporary tables of other sessions");
        if (out->kind == SQL_REL_NONE && !missing_ok)
            return ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist",
                       schema, name);
        return 0;
    }
    CatSchema *order[64];
    int n = catalog_search_schemas(cat, path, order, 64);
    for (int i = 0; i < n; i++) {
        if (order[i]->is_system && find_system(order[i]->name, name, out)) return 0;
        find_in_schema(cat, order[i], name, out);
        if (out->kind != SQL_REL_NONE) return 0;
    }
    memset(out, 0, sizeof(*out));
    if (!missing_ok)
        return ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
    return 0;
}

int sql_relation_find_names(StmtCtx *sc, PgQuery__Node **names, size_t n, bool missing_ok,
                            SqlRelation *out)
{
    if (n < 1 || n > 3) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "improper relation name (too many dotted names)");
        return -1;
    }
    if (n == 3) {
        const char *db = pgq_str(names[0]);
        if (!db || strcmp(db, sc->session->database) != 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "cross-database references are not implemented: %s.%s.%s", db ? db : "",
                       pgq_str(names[1]), pgq_str(names[2]));
    }
    const char *schema = n >= 2 ? pgq_str(names[n - 2]) : NULL;
    return sql_relation_find(sc, schema, pgq_str(names[n - 1]), missing_ok, out);
}
