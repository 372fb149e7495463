/*
 * catalog.c — schemas, tables, columns and constraints (see catalog.h).
 *
 * Objects live in arrays of pointers (schemas, tables, views: catalog_int.h)
 * in creation order; pointers are stable until the object is dropped. Lookups are linear scans:
 * catalogs of interest here hold tens to hundreds of tables, and binding
 * costs a handful of comparisons per name.
 *
 * Names of indexes that enforce constraints are relations in PostgreSQL, so
 * they share the table namespace of their schema: CREATE TABLE t_pkey after
 * CREATE TABLE t (id int PRIMARY KEY) fails with 42P07, and generated
 * constraint names avoid every existing relation name (t_a_key, t_a_key1...).
 *
 * Each table owns a StorageTable with one unique index per constraint, in the
 * order of `cons` (so constraint i is enforced by storage unique index i).
 */
#include "catalog/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"
#include "catalog/type_io.h"
#include "common/strbuf.h"
#include "storage/storage.h"
#include "storage/storage_redo.h"
#include "storage/unique_index.h"

static void set_name(char *dst, const char *src)
{
    /* PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
    snprintf(dst, CATALOG_NAME_MAX, "%s", src);
}

static CatSchema *schema_add(Catalog *cat, const char *name, Oid oid, bool is_system)
{
    if (cat->nschemas == cat->cap_schemas) {
        int cap = cat->cap_schemas ? cat->cap_schemas * 2 : 8;
        CatSchema **arr = realloc(cat->schemas, sizeof(*arr) * (size_t)cap);
        if (arr == NULL) return NULL;
        cat->schemas = arr;
        cat->cap_schemas = cap;
    }
    CatSchema *s = calloc(1, sizeof(CatSchema));
    if (s == NULL) return NULL;
    s->oid = oid;
    set_name(s->name, name);
    s->is_system = is_system;
    s->owner = oid == OID_NAMESPACE_PUBLIC ? CATALOG_ROLE_DB_OWNER : CATALOG_ROLE_OMENDB;
    cat->schemas[cat->nschemas++] = s;
    return s;
}

Catalog *catalog_create(void)
{
    OmError oom;
    error_clear(&oom);
    Catalog *cat = calloc(1, sizeof(Catalog));
    if (cat == NULL) return NULL;
    pthread_rwlock_init(&cat->lock, NULL);
    pthread_mutex_init(&cat->oid_mu, NULL);
    cat->next_oid = OID_FIRST_NORMAL;
    if (!schema_add(cat, "pg_catalog", OID_NAMESPACE_PG_CATALOG, true) ||
        !schema_add(cat, "public", OID_NAMESPACE_PUBLIC, false) ||
        !schema_add(cat, "information_schema", OID_NAMESPACE_INFORMATION_SCHEMA, true) ||
        /* initdb's comments, which pg_dump leaves out when unchanged */
        catalog_comment_set(cat, CAT_CLASS_NAMESPACE, OID_NAMESPACE_PUBLIC, 0,
                            "standard public schema", &oom) != 0 ||
        catalog_comment_set(cat, CAT_CLASS_EXTENSION, CATALOG_PLPGSQL_EXTENSION_OID, 0,
                            "PL/pgSQL procedural language", &oom) != 0 ||
        catalog_comment_set(cat, CAT_CLASS_LANGUAGE, CATALOG_PLPGSQL_LANGUAGE_OID, 0,
                            "PL/pgSQL procedural language", &oom) != 0) {
        catalog_destroy(cat);
        return NULL;
    }
    return cat;
}

static void table_free(CatTable *t)
{
    if (t == NULL) return;
    storage_table_destroy(t->storage);
    for (int i = 0; i < t->ncols; i++) {
        free(t->cols[i].default_sql);
        free(t->cols[i].comment);
        catalog_gen_free(t->cols[i].gen);
    }
    free(t->cols);
    free(t->cons);
    free(t->fkeys);
    for (int i = 0; i < t->nchecks; i++) catalog_check_free_strings(&t->checks[i]);
    free(t->checks);
    catalog_index_expr_free_all(t);
    catalog_view_free(t->matview);
    free(t);
}

void catalog_destroy(Catalog *cat)
{
    if (cat == NULL) return;
    for (int i = 0; i < cat->ntables; i++) table_free(cat->tables[i]);
    for (int i = 0; i < cat->nviews; i++) catalog_view_free(cat->views[i]);
    free(cat->views);
    for (int i = 0; i < cat->nseqs; i++) catalog_sequence_free(cat->seqs[i]);
    free(cat->seqs);
    catalog_comment_free_all(cat);
    catalog_enum_free_all(cat);
    catalog_function_free_all(cat);
    catalog_trigger_free_all(cat);
    for (int i = 0; i < cat->nschemas; i++) free(cat->schemas[i]);
    free(cat->tables);
    free(cat->schemas);
    pthread_mutex_destroy(&cat->oid_mu);
    pthread_rwlock_destroy(&cat->lock);
    free(cat);
}

void catalog_lock_shared(Catalog *cat)
{
    pthread_rwlock_rdlock(&cat->lock);
}

void catalog_lock_exclusive(Catalog *cat)
{
    pthread_rwlock_wrlock(&cat->lock);
    atomic_fetch_add(&cat->version, 1);
}

uint64_t catalog_version(Catalog *cat)
{
    return atomic_load(&cat->version);
}

void catalog_unlock(Catalog *cat)
{
    pthread_rwlock_unlock(&cat->lock);
}

Oid catalog_next_oid(Catalog *cat)
{
    /* DDL holds the exclusive lock, but constraint/index OIDs may also be
     * taken under a shared lock, hence the mutex. */
    pthread_mutex_lock(&cat->oid_mu);
    Oid oid = cat->next_oid++;
    pthread_mutex_unlock(&cat->oid_mu);
    return oid;
}

Oid catalog_peek_next_oid(Catalog *cat)
{
    pthread_mutex_lock(&cat->oid_mu);
    Oid oid = cat->next_oid;
    pthread_mutex_unlock(&cat->oid_mu);
    return oid;
}

void catalog_set_next_oid(Catalog *cat, Oid oid)
{
    pthread_mutex_lock(&cat->oid_mu);
    cat->next_oid = oid;
    pthread_mutex_unlock(&cat->oid_mu);
}

/* ---- lookups ---- */

CatSchema *catalog_schema_find(Catalog *cat, const char *name)
{
    for (int i = 0; i < cat->nschemas; i++)
        if (strcmp(cat->schemas[i]->name, name) == 0) return cat->schemas[i];
    return NULL;
}

CatSchema *catalog_schema_by_oid(Catalog *cat, Oid oid)
{
    for (int i = 0; i < cat->nschemas; i++)
        if (cat->schemas[i]->oid == oid) return cat->schemas[i];
    return NULL;
}

CatTable *catalog_table_find(Catalog *cat, const CatSchema *schema, const char *name)
{
    for (int i = 0; i < cat->ntables; i++) {
        CatTable *t = cat->tables[i];
        if (t->schema == schema && strcmp(t->name, name) == 0) return t;
    }
    return NULL;
}

CatTable *catalog_table_by_oid(Catalog *cat, Oid oid)
{
    for (int i = 0; i < cat->ntables; i++)
        if (cat->tables[i]->oid == oid) return cat->tables[i];
    return NULL;
}

/* True if `name` is a relation (table, view or constraint index) of the schema. */
bool catalog_relation_name_taken(Catalog *cat, const CatSchema *schema, const char *name);
static bool relation_exists(Catalog *cat, const CatSchema *schema, const char *name)
{
    if (catalog_view_find(cat, schema, name)) return true;
    if (catalog_sequence_find(cat, schema, name)) return true;
    for (int i = 0; i < cat->ntables; i++) {
        CatTable *t = cat->tables[i];
        if (t->schema != schema) continue;
        if (strcmp(t->name, name) == 0) return true;
        for (int c = 0; c < t->ncons; c++)
            if (strcmp(t->cons[c].name, name) == 0) return true;
    }
    return false;
}

/* Splits a search_path into schema names: comma-separated, whitespace around
 * elements ignored, unquoted names folded to lower case, "..." quoted names
 * taken literally (with "" as an escaped quote). Returns the number found. */
static int parse_search_path(const char *path, char names[][CATALOG_NAME_MAX], int max)
{
    int n = 0;
    const char *p = path ? path : "";
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (*p == 0) break;
        char buf[CATALOG_NAME_MAX];
        size_t len = 0;
        if (*p == '"') {
            p++;
            while (*p) {
                if (*p == '"') {
                    if (p[1] == '"') {
                        p++;
                    } else {
                        p++;
                        break;
                    }
                }
                if (len < CATALOG_NAME_MAX - 1) buf[len++] = *p;
                p++;
            }
            buf[len] = 0;
            /* A quoted "$user" is still the $user placeholder in PostgreSQL. */
        } else {
            while (*p && *p != ',') {
                char ch = *p++;
                if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
                if (len < CATALOG_NAME_MAX - 1) buf[len++] = ch;
            }
            while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\t')) len--;
            buf[len] = 0;
        }
        while (*p && *p != ',') p++;
        if (*p == ',') p++;
        if (n < max) memcpy(names[n++], buf, CATALOG_NAME_MAX);
    }
    return n;
}

#define MAX_PATH_ELEMS 32

/* Schemas of search_path that exist, in order ($user skipped: no schema is
 * named after the session user unless created so, and we do not know the user
 * here). */
static int resolve_path(Catalog *cat, const char *search_path, CatSchema **out, int max,
                        bool *has_pg_catalog)
{
    char names[MAX_PATH_ELEMS][CATALOG_NAME_MAX];
    int n = parse_search_path(search_path, names, MAX_PATH_ELEMS);
    int k = 0;
    *has_pg_catalog = false;
    for (int i = 0; i < n && k < max; i++) {
        if (strcmp(names[i], "$user") == 0) continue;
        CatSchema *s = catalog_schema_find(cat, names[i]);
        if (s == NULL) continue;
        if (s->oid == OID_NAMESPACE_PG_CATALOG) *has_pg_catalog = true;
        out[k++] = s;
    }
    return k;
}

/* The schemas a name is looked up in, in order: the session's temporary
 * schema (it leads the search_path the session hands in), pg_catalog unless
 * the path names it, then the rest of the path (PostgreSQL's rule). */
static int search_schemas(Catalog *cat, const char *search_path, CatSchema **out)
{
    CatSchema *path[MAX_PATH_ELEMS];
    bool has_pg_catalog;
    int n = resolve_path(cat, search_path, path, MAX_PATH_ELEMS, &has_pg_catalog);
    int k = 0, i = 0;
    while (i < n && path[i]->is_temp) out[k++] = path[i++];
    if (!has_pg_catalog) {
        CatSchema *pg = catalog_schema_by_oid(cat, OID_NAMESPACE_PG_CATALOG);
        if (pg) out[k++] = pg;
    }
    while (i < n) out[k++] = path[i++];
    return k;
}

int catalog_search_schemas(Catalog *cat, const char *search_path, CatSchema **out, int cap)
{
    CatSchema *path[MAX_PATH_ELEMS + 1];
    int n = search_schemas(cat, search_path, path);
    if (n > cap) n = cap;
    memcpy(out, path, sizeof(CatSchema *) * (size_t)n);
    return n;
}

CatTable *catalog_table_lookup(Catalog *cat, const char *search_path, const char *name)
{
    CatSchema *path[MAX_PATH_ELEMS + 1];
    int n = search_schemas(cat, search_path, path);
    for (int i = 0; i < n; i++) {
        CatTable *t = catalog_table_find(cat, path[i], name);
        if (t) return t;
    }
    return NULL;
}

void catalog_relation_lookup(Catalog *cat, const char *search_path, const char *name,
                             CatTable **table, CatView **view)
{
    CatSchema *path[MAX_PATH_ELEMS + 1];
    int n = search_schemas(cat, search_path, path);
    *table = NULL;
    *view = NULL;
    for (int i = 0; i < n; i++) {
        *table = catalog_table_find(cat, path[i], name);
        *view = *table ? NULL : catalog_view_find(cat, path[i], name);
        if (*table || *view) return;
    }
}

CatSequence *catalog_sequence_lookup(Catalog *cat, const char *search_path, const char *name)
{
    CatSchema *path[MAX_PATH_ELEMS + 1];
    bool has_pg_catalog;
    int n = resolve_path(cat, search_path, path, MAX_PATH_ELEMS, &has_pg_catalog);
    for (int i = 0; i < n; i++) {
        CatSequence *s = catalog_sequence_find(cat, path[i], name);
        if (s) return s;
        if (relation_exists(cat, path[i], name)) return NULL;
    }
    return NULL;
}

CatSchema *catalog_creation_schema(Catalog *cat, const char *search_path)
{
    CatSchema *path[MAX_PATH_ELEMS];
    bool has_pg_catalog;
    int n = resolve_path(cat, search_path, path, MAX_PATH_ELEMS, &has_pg_catalog);
    for (int i = 0; i < n; i++)
        if (!path[i]->is_temp) return path[i];
    return NULL;
}

CatSchema *catalog_temp_schema_own(Catalog *cat, const char *search_path)
{
    CatSchema *path[MAX_PATH_ELEMS];
    bool has_pg_catalog;
    int n = resolve_path(cat, search_path, path, MAX_PATH_ELEMS, &has_pg_catalog);
    return n > 0 && path[0]->is_temp ? path[0] : NULL;
}

CatSchema *catalog_schema_resolve(Catalog *cat, const char *name, const char *search_path)
{
    if (strcmp(name, "pg_temp") == 0) return catalog_temp_schema_own(cat, search_path);
    return catalog_schema_find(cat, name);
}

bool catalog_schema_other_temp(Catalog *cat, const CatSchema *schema, const char *search_path)
{
    return schema && schema->is_temp && catalog_temp_schema_own(cat, search_path) != schema;
}

int catalog_temp_schema_create(Catalog *cat, CatSchema **out, OmError *err)
{
    char name[CATALOG_NAME_MAX];
    for (int n = 1;; n++) {
        snprintf(name, sizeof(name), "pg_temp_%d", n);
        if (!catalog_schema_find(cat, name)) break;
    }
    CatSchema *s = schema_add(cat, name, catalog_next_oid(cat), false);
    if (s == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    s->is_temp = true;
    *out = s;
    return 0;
}

/* ---- DDL ---- */

int catalog_schema_create(Catalog *cat, const char *name, CatSchema **out, OmError *err)
{
    char trunc[CATALOG_NAME_MAX];
    set_name(trunc, name);
    if (catalog_schema_find(cat, trunc))
        return ERR(err, SQLSTATE_DUPLICATE_SCHEMA, "schema \"%s\" already exists", trunc);
    CatSchema *s = schema_add(cat, trunc, catalog_next_oid(cat), false);
    if (s == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (out) *out = s;
    return 0;
}

static void table_unlink(Catalog *cat, CatTable *t)
{
    catalog_comment_forget_rel(cat, t->oid);
    for (int i = 0; i < cat->ntables; i++) {
        if (cat->tables[i] != t) continue;
        memmove(&cat->tables[i], &cat->tables[i + 1],
                sizeof(CatTable *) * (size_t)(cat->ntables - i - 1));
        cat->ntables--;
        return;
    }
}

/* Appends "<kind> <schema>.<name> depends on schema <schema>" as a line of detail. */
static void put_dependent(char *detail, size_t *len, const char *kind, const char *schema,
                          const char *name)
{
    if (*len >= OM_ERROR_MSG_MAX) return;
    int w = snprintf(detail + *len, OM_ERROR_MSG_MAX - *len, "%s%s %s.%s depends on schema %s",
                     *len ? "\n" : "", kind, schema, name, schema);
    if (w > 0) *len += (size_t)w;
}

int catalog_schema_drop(Catalog *cat, CatSchema *schema, bool cascade, OmError *err)
{
    if (schema->oid == OID_NAMESPACE_PG_CATALOG)
        return ERR(err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                   "cannot drop schema %s because it is required by the database system",
                   schema->name);
    int ndeps = 0;
    for (int i = 0; i < cat->ntables; i++) ndeps += cat->tables[i]->schema == schema;
    for (int i = 0; i < cat->nviews; i++) ndeps += cat->views[i]->schema == schema;
    for (int i = 0; i < cat->nseqs; i++) ndeps += cat->seqs[i]->schema == schema;
    for (int i = 0; i < cat->nfuncs; i++) ndeps += cat->funcs[i]->schema == schema;
    for (int i = 0; i < catalog_enum_count(cat); i++) {
        CatEnum *e = catalog_enum_at(cat, i);
        if (e->schema != schema) continue;
        ndeps++;
        CatTable *user;
        int col;
        if (cascade && catalog_enum_used_by(cat, e, &user, &col) && user->schema != schema)
            return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "DROP SCHEMA ... CASCADE of type %s.%s, which column %s of table %s.%s "
                       "uses, is not supported",
                       schema->name, e->name, user->cols[col].name, user->schema->name, user->name);
    }
    if (ndeps > 0 && !cascade) {
        ERR(err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
            "cannot drop schema %s because other objects depend on it", schema->name);
        /* PostgreSQL lists the dependents, one per line. */
        char detail[OM_ERROR_MSG_MAX];
        size_t len = 0;
        detail[0] = 0;
        for (int i = 0; i < cat->ntables; i++)
            if (cat->tables[i]->schema == schema)
                put_dependent(detail, &len, cat->tables[i]->matview ? "materialized view" : "table",
                              schema->name, cat->tables[i]->name);
        for (int i = 0; i < cat->nviews; i++)
            if (cat->views[i]->schema == schema)
                put_dependent(detail, &len, "view", schema->name, cat->views[i]->name);
        for (int i = 0; i < cat->nseqs; i++)
            if (cat->seqs[i]->schema == schema)
                put_dependent(detail, &len, "sequence", schema->name, cat->seqs[i]->name);
        for (int i = 0; i < catalog_enum_count(cat); i++)
            if (catalog_enum_at(cat, i)->schema == schema)
                put_dependent(detail, &len, "type", schema->name, catalog_enum_at(cat, i)->name);
        for (int i = 0; i < cat->nfuncs; i++) {
            char sig[CATALOG_NAME_MAX * 8];
            if (cat->funcs[i]->schema == schema)
                put_dependent(detail, &len, "function", schema->name,
                              catalog_function_signature(cat->funcs[i], sig, sizeof(sig)));
        }
        error_detail(err, "%s", detail);
        error_hint(err, "Use DROP ... CASCADE to drop the dependent objects too.");
        return -1;
    }
    catalog_view_drop_schema(cat, schema);
    catalog_sequence_drop_schema(cat, schema);
    catalog_function_drop_schema(cat, schema);
    for (int i = cat->ntables - 1; i >= 0; i--) {
        CatTable *t = cat->tables[i];
        if (t->schema != schema) continue;
        table_unlink(cat, t);
        table_free(t);
    }
    /* materialized views of other schemas that read what is gone, and the
     * views over them, until nothing changes */
    for (bool again = true; again;) {
        again = false;
        for (int i = cat->ntables - 1; i >= 0; i--) {
            CatTable *t = cat->tables[i];
            if (!t->matview || !catalog_view_reads_missing(cat, t->matview)) continue;
            catalog_table_drop(cat, t, NULL);
            again = true;
        }
        if (again) catalog_view_drop_schema(cat, schema);
    }
    for (int i = catalog_enum_count(cat) - 1; i >= 0; i--) {
        CatEnum *e = catalog_enum_at(cat, i);
        if (e->schema != schema) continue;
        catalog_comment_forget(cat, CAT_CLASS_TYPE, e->oid);
        catalog_enum_drop(cat, e);
    }
    catalog_comment_forget(cat, CAT_CLASS_NAMESPACE, schema->oid);
    for (int i = 0; i < cat->nschemas; i++) {
        if (cat->schemas[i] != schema) continue;
        memmove(&cat->schemas[i], &cat->schemas[i + 1],
                sizeof(CatSchema *) * (size_t)(cat->nschemas - i - 1));
        cat->nschemas--;
        break;
    }
    free(schema);
    return 0;
}

/* PostgreSQL's makeObjectName: "name1_name2_label", truncating the longer of
 * name1/name2 until the whole fits in NAMEDATALEN - 1 bytes. */
void catalog_make_object_name(const char *name1, const char *name2, const char *label, char *out)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = strlen(label) + 1 + (name2 ? 1 : 0);
    size_t avail = CATALOG_NAME_MAX - 1 - overhead;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    if (name2)
        snprintf(out, CATALOG_NAME_MAX, "%.*s_%.*s_%s", (int)n1, name1, (int)n2, name2, label);
    else
        snprintf(out, CATALOG_NAME_MAX, "%.*s_%s", (int)n1, name1, label);
}

/* True if `name` is taken by a relation of the schema or by an earlier
 * constraint of the table being created. */
static bool name_taken(Catalog *cat, const CatSchema *schema, const char *table_name,
                       const CatConstraint *cons, int ncons, const char *name)
{
    if (strcmp(name, table_name) == 0) return true;
    for (int i = 0; i < ncons; i++)
        if (strcmp(cons[i].name, name) == 0) return true;
    return relation_exists(cat, schema, name);
}

/* PostgreSQL's ChooseRelationName: appends 1, 2, ... to the label on conflict.
 * key_names (may be NULL) name an index's expression keys ("t_lower_idx"). */
static void choose_constraint_name(Catalog *cat, const CatTable *t, int ci,
                                   const char (*key_names)[CATALOG_NAME_MAX], char *out)
{
    const CatConstraint *con = &t->cons[ci];
    char cols[256];
    const char *label = con->kind == CONSTR_PRIMARY ? "pkey"
                        : con->kind == CONSTR_INDEX ? "idx"
                                                    : "key";
    const char *name2 = NULL;
    if (con->kind != CONSTR_PRIMARY) {
        size_t len = 0;
        cols[0] = 0;
        for (int i = 0; i < con->ncols; i++) {
            const char *cn = con->cols[i] >= 0 ? t->cols[con->cols[i]].name
                             : key_names       ? key_names[i]
                                               : "expr";
            int w = snprintf(cols + len, sizeof(cols) - len, "%s%s", i ? "_" : "", cn);
            if (w < 0 || (size_t)w >= sizeof(cols) - len) break;
            len += (size_t)w;
        }
        name2 = cols;
    }
    catalog_make_object_name(t->name, name2, label, out);
    for (int pass = 1; name_taken(cat, t->schema, t->name, t->cons, ci, out); pass++) {
        char label2[32];
        snprintf(label2, sizeof(label2), "%s%d", label, pass);
        catalog_make_object_name(t->name, name2, label2, out);
    }
}

static int tables_reserve(Catalog *cat)
{
    if (cat->ntables < cat->cap_tables) return 0;
    int cap = cat->cap_tables ? cat->cap_tables * 2 : 16;
    CatTable **arr = realloc(cat->tables, sizeof(*arr) * (size_t)cap);
    if (arr == NULL) return -1;
    cat->tables = arr;
    cat->cap_tables = cap;
    return 0;
}

int catalog_table_create(Catalog *cat, const CatTable *tmpl, CatTable **out, OmError *err)
{
    CatSchema *schema = tmpl->schema;
    if (schema == NULL)
        return ERR(err, SQLSTATE_INVALID_SCHEMA_NAME, "no schema has been selected to create in");
    char name[CATALOG_NAME_MAX];
    set_name(name, tmpl->name);
    if (relation_exists(cat, schema, name))
        return ERR(err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", name);
    for (int i = 0; i < tmpl->ncols; i++)
        for (int j = 0; j < i; j++)
            if (strncmp(tmpl->cols[i].name, tmpl->cols[j].name, CATALOG_NAME_MAX - 1) == 0)
                return ERR(err, SQLSTATE_DUPLICATE_COLUMN, "column \"%s\" specified more than once",
                           tmpl->cols[i].name);
    int npk = 0;
    for (int i = 0; i < tmpl->ncons; i++) {
        const CatConstraint *con = &tmpl->cons[i];
        if (con->kind == CONSTR_PRIMARY && ++npk > 1)
            return ERR(err, SQLSTATE_INVALID_TABLE_DEFINITION,
                       "multiple primary keys for table \"%s\" are not allowed", name);
        if (con->ncols < 1 || con->ncols > 16)
            return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "cannot use more than 16 columns in an index");
        for (int k = 0; k < con->ncols; k++)
            if (con->cols[k] < 0 || con->cols[k] >= tmpl->ncols)
                return ERR(err, SQLSTATE_INTERNAL_ERROR, "constraint column out of range");
    }
    if (tables_reserve(cat) != 0) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");

    CatTable *t = calloc(1, sizeof(CatTable));
    if (t == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    memcpy(t->name, name, sizeof(name));
    t->schema = schema;
    t->ncols = tmpl->ncols;
    t->cols = calloc((size_t)(tmpl->ncols > 0 ? tmpl->ncols : 1), sizeof(CatColumn));
    t->cons = calloc((size_t)(tmpl->ncons > 0 ? tmpl->ncons : 1), sizeof(CatConstraint));
    if (t->cols == NULL || t->cons == NULL) goto oom;
    for (int i = 0; i < tmpl->ncols; i++) {
        CatColumn *c = &t->cols[i];
        set_name(c->name, tmpl->cols[i].name);
        c->type = tmpl->cols[i].type;
        c->not_null = tmpl->cols[i].not_null;
        c->identity = tmpl->cols[i].identity;
        c->attnum = i + 1;
        if (tmpl->cols[i].default_sql) {
            c->default_sql = strdup(tmpl->cols[i].default_sql);
            if (c->default_sql == NULL) goto oom;
        }
        if (tmpl->cols[i].comment) { /* LIKE ... INCLUDING COMMENTS */
            c->comment = strdup(tmpl->cols[i].comment);
            if (c->comment == NULL) goto oom;
        }
        c->generated = tmpl->cols[i].generated;
        bool gen_oom = false;
        c->gen = catalog_gen_dup(tmpl->cols[i].gen, &gen_oom);
        if (gen_oom) goto oom;
    }
    /* Primary key first (PostgreSQL creates its index first), then the others
     * in the order written. */
    int k = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < tmpl->ncons; i++) {
            if ((tmpl->cons[i].kind == CONSTR_PRIMARY) != (pass == 0)) continue;
            t->cons[k] = tmpl->cons[i];
            k++;
        }
    }
    t->ncons = k;
    for (int i = 0; i < t->ncons; i++) {
        CatConstraint *con = &t->cons[i];
        if (con->kind == CONSTR_PRIMARY)
            for (int j = 0; j < con->ncols; j++) t->cols[con->cols[j]].not_null = true;
        if (con->name[0] == 0) {
            choose_constraint_name(cat, t, i, NULL, con->name);
        } else if (name_taken(cat, schema, t->name, t->cons, i, con->name)) {
            ERR(err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", con->name);
            table_free(t);
            return -1;
        }
    }

    OmType *types = calloc((size_t)(t->ncols > 0 ? t->ncols : 1), sizeof(OmType));
    if (types == NULL) goto oom;
    for (int i = 0; i < t->ncols; i++) types[i] = t->cols[i].type;
    t->storage = storage_table_create(t->ncols, types);
    free(types);
    if (t->storage == NULL) goto oom;
    for (int i = 0; i < t->ncons; i++) {
        t->cons[i].storage_slot = i;
        if (storage_table_add_unique(t->storage, t->cons[i].ncols, t->cons[i].cols) != i) goto oom;
    }

    /* OIDs: the table, its row type (oid + 1), then per constraint the
     * constraint and its index. */
    t->oid = catalog_next_oid(cat);
    t->type_oid = catalog_next_oid(cat);
    storage_table_set_oid(t->storage, t->oid);
    if (t->schema->is_temp) storage_table_set_unlogged(t->storage);
    for (int i = 0; i < t->ncons; i++) {
        t->cons[i].index_oid = catalog_next_oid(cat);
        t->cons[i].oid = catalog_next_oid(cat);
    }
    cat->tables[cat->ntables++] = t;
    for (int i = 0; i < tmpl->nchecks; i++) {
        if (catalog_check_add(cat, t, &tmpl->checks[i], err) != 0) {
            table_unlink(cat, t);
            table_free(t);
            return -1;
        }
    }
    if (out) *out = t;
    return 0;
oom:
    table_free(t);
    return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
}

int catalog_table_drop(Catalog *cat, CatTable *table, OmError *err)
{
    catalog_fkey_drop_referencing(cat, table); /* callers refused, or cascade */
    catalog_sequence_drop_owned(cat, table->oid, NULL);
    catalog_trigger_drop_table(cat, table->oid);
    table_unlink(cat, table);
    table_free(table);
    return 0;
}

/* ---- iteration ---- */

int catalog_schema_count(Catalog *cat)
{
    return cat->nschemas;
}

CatSchema *catalog_schema_at(Catalog *cat, int i)
{
    return i >= 0 && i < cat->nschemas ? cat->schemas[i] : NULL;
}

int catalog_table_count(Catalog *cat)
{
    return cat->ntables;
}

CatTable *catalog_table_at(Catalog *cat, int i)
{
    return i >= 0 && i < cat->ntables ? cat->tables[i] : NULL;
}

int catalog_column_index(const CatTable *table, const char *name)
{
    for (int i = 0; i < table->ncols; i++)
        if (strcmp(table->cols[i].name, name) == 0) return i;
    return -1;
}

/* ---- CREATE INDEX / DROP INDEX ---- */

static int add_constraint(Catalog *cat, CatTable *t, ConstraintKind kind, const char *name,
                          bool unique, bool build, int ncols, const int *cols,
                          const char (*key_names)[CATALOG_NAME_MAX], CatConstraint **out,
                          OmError *err);

int catalog_index_create(Catalog *cat, CatTable *t, const char *name, bool unique, int ncols,
                         const int *cols, const uint8_t *options, int am, const CatIndexExpr *extra,
                         CatConstraint **out, OmError *err)
{
    CatConstraint *con = NULL;
    /* a computed unique index is built by the SQL layer, which evaluates its keys */
    bool computed = extra && catalog_index_expr_computed(extra, ncols, cols);
    if (add_constraint(cat, t, CONSTR_INDEX, name, unique, unique && !computed, ncols, cols,
                       extra ? extra->key_names : NULL, &con, err) != 0)
        return -1;
    if (options) memcpy(con->col_options, options, (size_t)ncols);
    con->am = (uint8_t)am;
    if (extra) {
        CatIndexExpr x = *extra;
        x.index_oid = con->index_oid;
        if (catalog_index_expr_add(t, &x) != 0) {
            t->ncons--;
            return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
    }
    if (out) *out = con;
    return 0;
}

int catalog_constraint_add(Catalog *cat, CatTable *t, ConstraintKind kind, const char *name,
                           int ncols, const int *cols, OmError *err)
{
    if (kind == CONSTR_PRIMARY) {
        for (int c = 0; c < t->ncons; c++)
            if (t->cons[c].kind == CONSTR_PRIMARY)
                return ERR(err, SQLSTATE_INVALID_TABLE_DEFINITION,
                           "multiple primary keys for table \"%s\" are not allowed", t->name);
        /* the key columns become NOT NULL: no live row may hold a NULL there */
        uint64_t rows = storage_table_row_count(t->storage);
        for (int k = 0; k < ncols; k++) {
            if (t->cols[cols[k]].not_null) continue;
            for (uint64_t r = 0; r < rows; r++) {
                uint64_t holder;
                if (storage_row_liveness(t->storage, r, 0, &holder) == ROW_DEAD) continue;
                Value v;
                storage_table_fetch(t->storage, rows, r, cols[k], &v);
                if (v.is_null)
                    return ERR(err, SQLSTATE_NOT_NULL_VIOLATION,
                               "column \"%s\" of relation \"%s\" contains null values",
                               t->cols[cols[k]].name, t->name);
            }
        }
    }
    CatConstraint *con = NULL;
    if (add_constraint(cat, t, kind, name, true, true, ncols, cols, NULL, &con, err) != 0)
        return -1;
    if (kind == CONSTR_PRIMARY) {
        for (int k = 0; k < ncols; k++) t->cols[cols[k]].not_null = true;
        /* the primary key comes first (the index router looks there) */
        CatConstraint pk = *con;
        memmove(&t->cons[1], &t->cons[0], sizeof(CatConstraint) * (size_t)(t->ncons - 1));
        t->cons[0] = pk;
    }
    return 0;
}

static int add_constraint(Catalog *cat, CatTable *t, ConstraintKind kind, const char *name,
                          bool unique, bool build, int ncols, const int *cols,
                          const char (*key_names)[CATALOG_NAME_MAX], CatConstraint **out,
                          OmError *err)
{
    if (ncols < 1 || ncols > 16)
        return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "cannot use more than 16 columns in an index");
    CatConstraint *cons = realloc(t->cons, sizeof(CatConstraint) * (size_t)(t->ncons + 1));
    if (cons == NULL) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    t->cons = cons;
    CatConstraint *con = &t->cons[t->ncons];
    memset(con, 0, sizeof(*con));
    con->kind = kind;
    con->index_unique = unique;
    con->ncols = ncols;
    memcpy(con->cols, cols, sizeof(int) * (size_t)ncols);
    con->storage_slot = -1;
    if (name) {
        set_name(con->name, name);
        if (name_taken(cat, t->schema, t->name, t->cons, t->ncons, con->name))
            return ERR(err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", con->name);
    } else {
        choose_constraint_name(cat, t, t->ncons, key_names, con->name);
    }
    if (build) {
        uint64_t dup_row = 0;
        int slot = storage_table_add_unique_existing(t->storage, ncols, cols, &dup_row);
        if (slot == -1) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        if (slot == -2) {
            ERR(err, SQLSTATE_UNIQUE_VIOLATION, "could not create unique index \"%s\"", con->name);
            char vals[512] = "", names[512] = "";
            size_t vl = 0, nl = 0;
            for (int k = 0; k < ncols; k++) {
                Value v;
                storage_table_fetch(t->storage, storage_table_row_count(t->storage), dup_row,
                                    cols[k], &v);
                StrBuf sb;
                strbuf_init(&sb, NULL);
                if (v.is_null)
                    strbuf_puts(&sb, "null");
                else
                    type_text_out(v.type, &v.u, NULL, &sb);
                vl += (size_t)snprintf(vals + vl, sizeof(vals) - vl, "%s%s", k ? ", " : "",
                                       sb.data ? sb.data : "");
                nl += (size_t)snprintf(names + nl, sizeof(names) - nl, "%s%s", k ? ", " : "",
                                       t->cols[cols[k]].name);
                strbuf_fini(&sb);
                if (vl >= sizeof(vals) || nl >= sizeof(names)) break;
            }
            error_detail(err, "Key (%s)=(%s) is duplicated.", names, vals);
            return -1;
        }
        con->storage_slot = slot;
    }
    con->index_oid = catalog_next_oid(cat);
    t->ncons++;
    if (out) *out = con;
    return 0;
}

CatConstraint *catalog_index_of_slot(const CatTable *t, int slot)
{
    for (int c = 0; c < t->ncons; c++)
        if (t->cons[c].storage_slot == slot) return &t->cons[c];
    return NULL;
}

CatConstraint *catalog_index_find(Catalog *cat, const CatSchema *schema, const char *name,
                                  CatTable **table)
{
    for (int i = 0; i < cat->ntables; i++) {
        CatTable *t = cat->tables[i];
        if (schema && t->schema != schema) continue;
        for (int c = 0; c < t->ncons; c++)
            if (strcmp(t->cons[c].name, name) == 0) {
                if (table) *table = t;
                return &t->cons[c];
            }
    }
    return NULL;
}

int catalog_index_drop(Catalog *cat, CatTable *t, CatConstraint *index, OmError *err)
{
    if (index->kind != CONSTR_INDEX) {
        ERR(err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
            "cannot drop index %s because constraint %s on table %s requires it", index->name,
            index->name, t->name);
        error_hint(err, "You can drop constraint %s on table %s instead.", index->name, t->name);
        return -1;
    }
    int slot = index->storage_slot;
    if (slot >= 0) {
        storage_table_drop_unique(t->storage, slot);
        for (int c = 0; c < t->ncons; c++)
            if (t->cons[c].storage_slot > slot) t->cons[c].storage_slot--;
    }
    catalog_comment_forget(cat, CAT_CLASS_RELATION, index->index_oid);
    catalog_index_expr_remove(t, index->index_oid);
    int pos = (int)(index - t->cons);
    memmove(&t->cons[pos], &t->cons[pos + 1], sizeof(CatConstraint) * (size_t)(t->ncons - pos - 1));
    t->ncons--;
    return 0;
}

bool catalog_relation_name_taken(Catalog *cat, const CatSchema *schema, const char *name)
{
    return relation_exists(cat, schema, name);
}

const char *catalog_role_name(Oid oid)
{
    return oid == CATALOG_ROLE_OMENDB     ? "omendb"
           : oid == CATALOG_ROLE_DB_OWNER ? "pg_database_owner"
                                          : NULL;
}

Oid catalog_role_by_name(const char *name)
{
    if (!name) return 0;
    if (strcmp(name, "omendb") == 0) return CATALOG_ROLE_OMENDB;
    if (strcmp(name, "pg_database_owner") == 0) return CATALOG_ROLE_DB_OWNER;
    return 0;
}
