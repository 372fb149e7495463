/*
 * sysview.c — the system-view registry and the snapshot builder behind
 * sysview_open (sysview.h).
 *
 * Each view (sysview_pg_class.c, sysview_pg_misc.c, sysview_infoschema.c)
 * declares its columns as a spec string and a fill function that walks the
 * live catalog. Opening a view builds a temporary CatTable with those columns
 * (never linked into the catalog) and a StorageTable holding the rows,
 * appended chunk by chunk and committed once. The statement scans it like any
 * table; sysview_close frees both.
 *
 * The snapshot is taken under the caller's shared catalog lock, so it is
 * consistent with the statement's view of the catalog.
 */
#include "catalog/sysview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/sysview_int.h"
#include "catalog/type_io.h"
#include "storage/storage.h"

static const struct {
    const SvView *views;
    const int *n;
} tables[] = {
    {sysview_pg_class_views, &sysview_pg_class_nviews},
    {sysview_pg_misc_views, &sysview_pg_misc_nviews},
    {sysview_infoschema_views, &sysview_infoschema_nviews},
    {sysview_sequence_views, &sysview_sequence_nviews},
    {sysview_pg_none_views, &sysview_pg_none_nviews},
    {sysview_comment_views, &sysview_comment_nviews},
};

/* View number i across the per-file tables. */
static const SvView *view_at(int i)
{
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        if (i < *tables[t].n) return &tables[t].views[i];
        i -= *tables[t].n;
    }
    return NULL;
}

int sysview_count(void)
{
    int n = 0;
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) n += *tables[t].n;
    return n;
}

void sysview_at(int i, const char **schema, const char **name, Oid *oid)
{
    const SvView *v = view_at(i);
    *schema = v->schema;
    *name = v->name;
    *oid = v->oid;
}

const char *sysview_schema_of(Oid oid)
{
    int n = sysview_count();
    for (int i = 0; i < n; i++)
        if (view_at(i)->oid == oid) return view_at(i)->schema;
    return NULL;
}

static const SvView *find_view(const char *schema, const char *name)
{
    if (!name) return NULL;
    if (!schema) schema = "pg_catalog";
    for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
        for (int i = 0; i < *tables[t].n; i++) {
            const SvView *v = &tables[t].views[i];
            if (strcmp(v->schema, schema) == 0 && strcmp(v->name, name) == 0) return v;
        }
    }
    return NULL;
}

bool sysview_exists(const char *schema, const char *name)
{
    return find_view(schema, name) != NULL;
}

bool sysview_is_empty(const char *schema, const char *name)
{
    const SvView *v = find_view(schema, name);
    return v != NULL && v->fill == NULL;
}

static TypeId spec_type(const char *tok, size_t len)
{
    static const struct {
        const char *name;
        TypeId id;
    } map[] = {
        {"oid", TYPE_OID},         {"name", TYPE_NAME},
        {"text", TYPE_TEXT},       {"bool", TYPE_BOOL},
        {"int2", TYPE_INT2},       {"int4", TYPE_INT4},
        {"int8", TYPE_INT8},       {"float4", TYPE_FLOAT4},
        {"float8", TYPE_FLOAT8},   {"char", TYPE_CHAR},
        {"regproc", TYPE_REGPROC}, {"regclass", TYPE_REGCLASS},
        {"regtype", TYPE_REGTYPE}, {"timestamptz", TYPE_TIMESTAMPTZ},
        {"varchar", TYPE_VARCHAR}, {"inet", TYPE_INET},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strlen(map[i].name) == len && strncmp(map[i].name, tok, len) == 0) return map[i].id;
    /* array types by their pg_type names: _int2, _text, int2vector, oidvector */
    char buf[32];
    if (len >= sizeof(buf)) return TYPE_INVALID;
    memcpy(buf, tok, len);
    buf[len] = 0;
    TypeId t = type_from_name(buf);
    return type_is_array(t) ? t : TYPE_INVALID;
}

/* Parses "name type, name type" into cols (malloc'd). Returns the count or -1. */
static int parse_spec(const char *spec, CatColumn **out)
{
    int n = 1;
    for (const char *p = spec; *p; p++)
        if (*p == ',') n++;
    CatColumn *cols = calloc((size_t)n, sizeof(CatColumn));
    if (!cols) return -1;
    const char *p = spec;
    for (int i = 0; i < n; i++) {
        while (*p == ' ' || *p == ',') p++;
        const char *nm = p;
        while (*p && *p != ' ') p++;
        size_t nlen = (size_t)(p - nm);
        while (*p == ' ') p++;
        const char *ty = p;
        while (*p && *p != ',' && *p != ' ') p++;
        TypeId id = spec_type(ty, (size_t)(p - ty));
        if (id == TYPE_INVALID || nlen == 0 || nlen >= CATALOG_NAME_MAX) {
            free(cols);
            return -1;
        }
        memcpy(cols[i].name, nm, nlen);
        cols[i].name[nlen] = 0;
        cols[i].type = OM_TYPE(id);
        cols[i].attnum = i + 1;
    }
    *out = cols;
    return n;
}

int sysview_columns_at(int i, CatColumn **cols)
{
    return parse_spec(view_at(i)->columns, cols);
}

/* ---- builder ---- */

static void flush(SvBuilder *b)
{
    if (b->rc != 0 || b->row == 0) return;
    b->chunk->count = b->row;
    if (storage_table_append(b->table->storage, b->chunk, NULL, b->err) != 0) b->rc = -1;
    arena_reset(b->arena);
    b->chunk = chunk_create(b->arena, b->table->ncols, b->types);
    b->row = 0;
}

static Vector *next_vec(SvBuilder *b)
{
    if (b->col >= b->table->ncols) return NULL; /* a fill bug: extra value */
    return &b->chunk->cols[b->col++];
}

void sv_null(SvBuilder *b)
{
    Vector *v = next_vec(b);
    if (v) vector_set_null(v, b->row, b->arena);
}

void sv_oid(SvBuilder *b, Oid val)
{
    Vector *v = next_vec(b);
    if (!v) return;
    switch (v->type.id) {
    case TYPE_INT4:
        ((int32_t *)v->data)[b->row] = (int32_t)val;
        break;
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
    case TYPE_INT8:
        ((int64_t *)v->data)[b->row] = (int64_t)val;
        break;
    default:
        vector_set_null(v, b->row, b->arena);
        break;
    }
}

void sv_str(SvBuilder *b, const char *s)
{
    Vector *v = next_vec(b);
    if (!v) return;
    if (s && !type_is_string(v->type.id)) { /* another type's text form (arrays, inet) */
        OmError ignore;
        error_clear(&ignore);
        if (type_text_in(v->type, s, strlen(s), NULL, v->heap, (StrView *)v->data + b->row,
                         &ignore) != 0)
            vector_set_null(v, b->row, b->arena);
        return;
    }
    if (!s || !type_is_string(v->type.id)) {
        vector_set_null(v, b->row, b->arena);
        return;
    }
    ((StrView *)v->data)[b->row] = vector_add_string(v, s, (uint32_t)strlen(s));
}

void sv_bool(SvBuilder *b, bool val)
{
    Vector *v = next_vec(b);
    if (v) ((uint8_t *)v->data)[b->row] = val ? 1 : 0;
}

void sv_int(SvBuilder *b, int64_t val)
{
    Vector *v = next_vec(b);
    if (!v) return;
    switch (v->type.id) {
    case TYPE_INT2:
        ((int16_t *)v->data)[b->row] = (int16_t)val;
        break;
    case TYPE_INT4:
        ((int32_t *)v->data)[b->row] = (int32_t)val;
        break;
    case TYPE_INT8:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
    case TYPE_TIMESTAMPTZ:
        ((int64_t *)v->data)[b->row] = val;
        break;
    case TYPE_FLOAT4:
        ((float *)v->data)[b->row] = (float)val;
        break;
    case TYPE_FLOAT8:
        ((double *)v->data)[b->row] = (double)val;
        break;
    default:
        vector_set_null(v, b->row, b->arena);
        break;
    }
}

void sv_float(SvBuilder *b, double val)
{
    Vector *v = next_vec(b);
    if (!v) return;
    if (v->type.id == TYPE_FLOAT4)
        ((float *)v->data)[b->row] = (float)val;
    else if (v->type.id == TYPE_FLOAT8)
        ((double *)v->data)[b->row] = val;
    else
        vector_set_null(v, b->row, b->arena);
}

void sv_row_end(SvBuilder *b)
{
    /* columns the fill function did not set are NULL */
    while (b->col < b->table->ncols) sv_null(b);
    b->col = 0;
    b->row++;
    if (b->row == VECTOR_SIZE) flush(b);
}

/* ---- shared helpers ---- */

Oid sv_type_oid(TypeId t)
{
    if (t <= TYPE_UNKNOWN || t >= TYPE__COUNT) return 0;
    return type_info(t)->oid;
}

Oid sv_type_collation(TypeId t)
{
    return (t == TYPE_TEXT || t == TYPE_VARCHAR || t == TYPE_BPCHAR) ? 100
           : t == TYPE_NAME                                          ? 950 /* "C" */
                                                                     : 0;
}

/* A serial default is stored schema-qualified (sql_sequence.c); PostgreSQL
 * prints regclass constants unqualified when search_path finds them. True if
 * it wrote that form into buf. */
static bool unqualified_nextval(SvBuilder *b, const char *sql, char *buf, size_t cap)
{
    char schema[CATALOG_NAME_MAX], name[CATALOG_NAME_MAX];
    if (!catalog_nextval_names(sql, schema, name) || !schema[0]) return false;
    CatSchema *sch = catalog_schema_find(b->cat, schema);
    CatSequence *seq = sch ? catalog_sequence_find(b->cat, sch, name) : NULL;
    const char *path = b->settings ? b->settings->search_path : "public";
    if (!seq || catalog_sequence_lookup(b->cat, path, name) != seq) return false;
    catalog_nextval_text(NULL, name, buf, cap);
    return true;
}

void sv_default_expr(SvBuilder *b, const CatColumn *col, char *buf, size_t cap)
{
    const char *sql = col->default_sql ? col->default_sql : "";
    if (unqualified_nextval(b, sql, buf, cap)) return;
    catalog_default_text(sql, col->type, b->settings ? b->settings->search_path : NULL, buf, cap);
}

/* ---- open / close ---- */

CatTable *sysview_open(Catalog *cat, const char *schema, const char *name,
                       const SessionSettings *settings, OmError *err)
{
    const SvView *view = find_view(schema, name);
    if (!view) return NULL;
    CatTable *t = calloc(1, sizeof(CatTable));
    if (!t) goto oom;
    t->oid = view->oid;
    snprintf(t->name, sizeof(t->name), "%s", view->name);
    t->schema = catalog_schema_find(cat, view->schema);
    t->ncols = parse_spec(view->columns, &t->cols);
    if (t->ncols < 0) {
        free(t);
        ERR(err, SQLSTATE_INTERNAL_ERROR, "bad column list of system view %s", view->name);
        return NULL;
    }
    OmType *types = malloc(sizeof(OmType) * (size_t)t->ncols);
    if (!types) goto oom_t;
    for (int i = 0; i < t->ncols; i++) types[i] = t->cols[i].type;
    t->storage = storage_table_create(t->ncols, types);
    if (!t->storage) {
        free(types);
        goto oom_t;
    }
    SvBuilder b;
    memset(&b, 0, sizeof(b));
    b.cat = cat;
    b.settings = settings;
    b.table = t;
    b.types = types;
    b.err = err;
    b.arena = arena_create(NULL, "sysview");
    b.chunk = chunk_create(b.arena, t->ncols, types);
    if (view->fill && view->fill(&b) != 0 && b.rc == 0) b.rc = -1;
    flush(&b);
    arena_destroy(b.arena);
    free(types);
    if (b.rc != 0) {
        storage_table_rollback(t->storage);
        sysview_close(t);
        if (!err->is_set) ERR(err, SQLSTATE_INTERNAL_ERROR, "could not build system view %s", name);
        return NULL;
    }
    storage_table_commit(t->storage);
    return t;
oom_t:
    free(t->cols);
    free(t);
oom:
    ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return NULL;
}

void sysview_close(CatTable *table)
{
    if (!table) return;
    if (table->storage) storage_table_destroy(table->storage);
    free(table->cols);
    free(table);
}
