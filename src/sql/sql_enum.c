/*
 * sql_enum.c — the DDL of enum types: CREATE TYPE ... AS ENUM, ALTER TYPE
 * ... ADD VALUE / RENAME VALUE / RENAME TO / OWNER TO, DROP TYPE.
 *
 * The types themselves are the catalog's (catalog/catalog_enum.c); these
 * statements are logged as DDL (sql_wal_is_ddl) and replayed from their text,
 * which gives the same OIDs and sort orders. As the rest of OmenDB's DDL,
 * they take effect at once, also inside a transaction block (docs/sql.md):
 * a value added there can be used at once, where PostgreSQL makes it wait
 * for the commit (55P04), and is not removed by a ROLLBACK.
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) return sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

/* The names of a type as the grammar gives them: a TypeName or a list. */
static int type_names(PgQuery__Node *node, const char **schema, const char **name)
{
    PgQuery__Node **items = NULL;
    size_t n = 0;
    if (node && node->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        items = node->type_name->names, n = node->type_name->n_names;
    else if (node && node->node_case == PG_QUERY__NODE__NODE_LIST)
        items = node->list->items, n = node->list->n_items;
    if (n < 1 || n > 2) return -1;
    *schema = n == 2 ? pgq_str(items[0]) : NULL;
    *name = pgq_str(items[n - 1]);
    return *name ? 0 : -1;
}

/* The enum type [schema.]name names (search_path when unqualified), or NULL
 * with 42704 in err unless missing_ok. *builtin: the name is a built-in type
 * (DROP TYPE of one is refused as PostgreSQL refuses it). */
static CatEnum *find_enum(StmtCtx *sc, const char *schema, const char *name, bool missing_ok,
                          bool *builtin)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    CatEnum *e = NULL;
    *builtin = false;
    if (schema) {
        CatSchema *s = catalog_schema_resolve(cat, schema, path);
        if (!s && !missing_ok) {
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist", schema);
            return NULL;
        }
        e = s ? catalog_enum_find(cat, s, name) : NULL;
    } else {
        e = catalog_enum_lookup(cat, path, name);
    }
    if (e) return e;
    TypeId t = !schema || strcmp(schema, "pg_catalog") == 0 ? type_from_name(name) : TYPE_INVALID;
    if (t != TYPE_INVALID && t != TYPE_NULL && t != TYPE_UNKNOWN) {
        *builtin = true;
        return NULL;
    }
    if (!missing_ok) ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "type \"%s\" does not exist", name);
    return NULL;
}

int sql_run_create_enum(StmtCtx *sc, PgQuery__CreateEnumStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    if (st->n_type_name < 1 || st->n_type_name > 2)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "improper qualified name (too many dotted names)");
    const char *schema_name = st->n_type_name == 2 ? pgq_str(st->type_name[0]) : NULL;
    const char *name = pgq_str(st->type_name[st->n_type_name - 1]);
    const char **labels = ARENA_NEW_ARRAY(sc->arena, const char *, st->n_vals ? st->n_vals : 1);
    for (size_t i = 0; i < st->n_vals; i++) labels[i] = pgq_str(st->vals[i]);
    catalog_lock_exclusive(cat);
    CatSchema *schema = schema_name ? catalog_schema_resolve(cat, schema_name, path)
                                    : catalog_creation_schema(cat, path);
    int rc = 0;
    if (!schema && schema_name)
        rc =
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist", schema_name);
    else if (!schema)
        rc = ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "no schema has been selected to create in");
    else if (schema->is_temp || schema->oid == OID_NAMESPACE_PG_CATALOG)
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "enum types in schema \"%s\" are not supported", schema->name);
    else
        rc = catalog_enum_create(cat, schema, name, labels, (int)st->n_vals, NULL, sc->err);
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, "CREATE TYPE") : -1;
}

int sql_run_alter_enum(StmtCtx *sc, PgQuery__AlterEnumStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    if (st->n_type_name < 1 || st->n_type_name > 2)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "improper qualified name (too many dotted names)");
    const char *schema = st->n_type_name == 2 ? pgq_str(st->type_name[0]) : NULL;
    const char *name = pgq_str(st->type_name[st->n_type_name - 1]);
    catalog_lock_exclusive(cat);
    bool builtin;
    CatEnum *e = find_enum(sc, schema, name, false, &builtin);
    int rc = 0;
    bool added = true;
    if (!e && builtin)
        rc = ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s is not an enum", name);
    else if (!e)
        rc = -1;
    else if (st->old_val && st->old_val[0]) /* RENAME VALUE old TO new */
        rc = catalog_enum_rename_label(cat, e, st->old_val, st->new_val, sc->err);
    else
        rc = catalog_enum_add_label(
            cat, e, st->new_val,
            st->new_val_neighbor && st->new_val_neighbor[0] ? st->new_val_neighbor : NULL,
            !st->new_val_is_after, st->skip_if_new_val_exists, &added, sc->err);
    catalog_unlock(cat);
    if (rc != 0) return -1;
    if (!added) {
        char msg[160];
        snprintf(msg, sizeof(msg), "enum label \"%s\" already exists, skipping", st->new_val);
        sql_notice(sc, SQLSTATE_DUPLICATE_OBJECT, msg);
    }
    return complete(sc, "ALTER TYPE");
}

/* 2BP01 when a column is of type e, as PostgreSQL's dependency check. */
static int check_unused(StmtCtx *sc, CatEnum *e, bool cascade)
{
    CatTable *t;
    int col;
    if (!catalog_enum_used_by(sc->session->db->catalog, e, &t, &col)) return 0;
    if (cascade)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "DROP TYPE ... CASCADE of a type that a column uses is not supported");
    ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
        "cannot drop type %s because other objects depend on it", e->name);
    error_detail(sc->err, "column %s of table %s depends on type %s", t->cols[col].name, t->name,
                 e->name);
    error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
    return -1;
}

int sql_run_drop_type(StmtCtx *sc, PgQuery__DropStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    size_t n = st->n_objects;
    CatEnum **victims = ARENA_NEW_ARRAY(sc->arena, CatEnum *, n ? n : 1);
    catalog_lock_exclusive(cat);
    int rc = 0;
    /* check all first, then drop: a failed DROP leaves nothing changed */
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *schema, *name;
        bool builtin = false;
        if (type_names(st->objects[i], &schema, &name) != 0) {
            rc = ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "improper type name");
            break;
        }
        victims[i] = find_enum(sc, schema, name, st->missing_ok, &builtin);
        if (builtin)
            rc = ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                     "cannot drop type %s because it is required by the database system", name);
        else if (!victims[i] && !st->missing_ok)
            rc = -1;
        else if (victims[i])
            rc = check_unused(sc, victims[i], cascade);
        for (size_t j = 0; j < i && rc == 0 && victims[i]; j++)
            if (victims[j] == victims[i]) victims[i] = NULL; /* named twice */
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (victims[i]) {
            catalog_comment_forget(cat, CAT_CLASS_TYPE, victims[i]->oid);
            catalog_enum_drop(cat, victims[i]);
            continue;
        }
        const char *schema, *name;
        type_names(st->objects[i], &schema, &name);
        char msg[160];
        snprintf(msg, sizeof(msg), "type \"%s\" does not exist, skipping", name);
        sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
    }
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, "DROP TYPE") : -1;
}

int sql_run_rename_type(StmtCtx *sc, PgQuery__RenameStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    const char *schema, *name;
    if (type_names(st->object, &schema, &name) != 0)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "improper type name");
    if (st->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
        return ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s is not a composite type", name);
    catalog_lock_exclusive(cat);
    bool builtin;
    CatEnum *e = find_enum(sc, schema, name, false, &builtin);
    int rc = e         ? catalog_enum_rename(cat, e, st->newname, sc->err)
             : builtin ? ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                             "renaming the built-in type %s is not supported", name)
                       : -1;
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, "ALTER TYPE") : -1;
}

int sql_run_alter_type_owner(StmtCtx *sc, PgQuery__AlterOwnerStmt *st, Oid owner)
{
    Catalog *cat = sc->session->db->catalog;
    const char *schema, *name;
    if (type_names(st->object, &schema, &name) != 0)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "improper type name");
    catalog_lock_exclusive(cat);
    bool builtin;
    CatEnum *e = find_enum(sc, schema, name, false, &builtin);
    int rc = 0;
    if (e)
        e->owner = owner;
    else if (builtin)
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "changing the owner of the built-in type %s is not supported", name);
    else
        rc = -1;
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, "ALTER TYPE") : -1;
}
