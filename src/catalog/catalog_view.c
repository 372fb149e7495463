/*
 * catalog_view.c — the views of the catalog (CatView, see catalog.h): create,
 * replace, drop, lookups and dependency queries. Views are kept apart from
 * the tables (catalog_int.h) since they have no storage; their names share
 * the relation namespace of their schema (relation_exists in catalog.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

static void free_columns(CatColumn *cols, int n)
{
    for (int i = 0; cols && i < n; i++) free(cols[i].comment);
    free(cols);
}

void catalog_view_free(CatView *v)
{
    if (!v) return;
    free_columns(v->cols, v->ncols);
    free(v->query_sql);
    free(v->def_sql);
    free(v->qual_sql);
    free(v->deps);
    free(v);
}

/* Copies tmpl's columns, texts and deps into v (which owns nothing yet). */
static int copy_definition(CatView *v, const CatView *tmpl)
{
    v->ncols = tmpl->ncols;
    v->cols = calloc((size_t)(tmpl->ncols > 0 ? tmpl->ncols : 1), sizeof(CatColumn));
    v->ndeps = tmpl->ndeps;
    v->deps = calloc((size_t)(tmpl->ndeps > 0 ? tmpl->ndeps : 1), sizeof(CatViewDep));
    v->query_sql = strdup(tmpl->query_sql ? tmpl->query_sql : "");
    v->def_sql = strdup(tmpl->def_sql ? tmpl->def_sql : "");
    v->qual_sql = strdup(tmpl->qual_sql ? tmpl->qual_sql : v->def_sql ? v->def_sql : "");
    if (!v->cols || !v->deps || !v->query_sql || !v->def_sql || !v->qual_sql) return -1;
    for (int i = 0; i < tmpl->ncols; i++) {
        snprintf(v->cols[i].name, CATALOG_NAME_MAX, "%s", tmpl->cols[i].name);
        v->cols[i].type = tmpl->cols[i].type;
        v->cols[i].attnum = i + 1;
    }
    if (tmpl->ndeps > 0) memcpy(v->deps, tmpl->deps, sizeof(CatViewDep) * (size_t)tmpl->ndeps);
    return 0;
}

int catalog_view_create(Catalog *cat, const CatView *tmpl, CatView **out, OmError *err)
{
    if (!tmpl->schema)
        return ERR(err, SQLSTATE_INVALID_SCHEMA_NAME, "no schema has been selected to create in");
    char name[CATALOG_NAME_MAX];
    snprintf(name, sizeof(name), "%s", tmpl->name);
    if (catalog_relation_name_taken(cat, tmpl->schema, name))
        return ERR(err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", name);
    if (cat->nviews == cat->cap_views) {
        int cap = cat->cap_views ? cat->cap_views * 2 : 8;
        CatView **arr = realloc(cat->views, sizeof(*arr) * (size_t)cap);
        if (!arr) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        cat->views = arr;
        cat->cap_views = cap;
    }
    CatView *v = calloc(1, sizeof(CatView));
    if (!v || copy_definition(v, tmpl) != 0) {
        catalog_view_free(v);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    memcpy(v->name, name, sizeof(name));
    v->schema = tmpl->schema;
    v->oid = catalog_next_oid(cat);
    v->type_oid = catalog_next_oid(cat);
    cat->views[cat->nviews++] = v;
    if (out) *out = v;
    return 0;
}

int catalog_view_replace(CatView *v, const CatView *tmpl, OmError *err)
{
    CatView fresh;
    memset(&fresh, 0, sizeof(fresh));
    if (copy_definition(&fresh, tmpl) != 0) {
        free(fresh.cols);
        free(fresh.deps);
        free(fresh.query_sql);
        free(fresh.def_sql);
        free(fresh.qual_sql);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    /* the columns keep their comments by position (attnum), as in PostgreSQL:
     * a replacement keeps the old columns in order and may only add some */
    for (int i = 0; i < v->ncols && i < fresh.ncols; i++) {
        fresh.cols[i].comment = v->cols[i].comment;
        v->cols[i].comment = NULL;
    }
    free_columns(v->cols, v->ncols);
    free(v->deps);
    free(v->query_sql);
    free(v->def_sql);
    free(v->qual_sql);
    v->ncols = fresh.ncols;
    v->cols = fresh.cols;
    v->ndeps = fresh.ndeps;
    v->deps = fresh.deps;
    v->query_sql = fresh.query_sql;
    v->def_sql = fresh.def_sql;
    v->qual_sql = fresh.qual_sql;
    return 0;
}

int catalog_matview_define(CatTable *t, const CatView *tmpl, OmError *err)
{
    if (t->matview) return catalog_view_replace(t->matview, tmpl, err);
    CatView *v = calloc(1, sizeof(CatView));
    if (!v || copy_definition(v, tmpl) != 0) {
        catalog_view_free(v);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    memcpy(v->name, t->name, sizeof(v->name));
    v->schema = t->schema;
    v->oid = t->oid;
    v->type_oid = t->type_oid;
    t->matview = v;
    return 0;
}

static void view_unlink(Catalog *cat, CatView *v)
{
    catalog_comment_forget_rel(cat, v->oid);
    for (int i = 0; i < cat->nviews; i++) {
        if (cat->views[i] != v) continue;
        memmove(&cat->views[i], &cat->views[i + 1],
                sizeof(CatView *) * (size_t)(cat->nviews - i - 1));
        cat->nviews--;
        return;
    }
}

void catalog_view_drop(Catalog *cat, CatView *v)
{
    view_unlink(cat, v);
    catalog_view_free(v);
}

CatView *catalog_view_find(Catalog *cat, const CatSchema *schema, const char *name)
{
    for (int i = 0; i < cat->nviews; i++) {
        CatView *v = cat->views[i];
        if (v->schema == schema && strcmp(v->name, name) == 0) return v;
    }
    return NULL;
}

CatView *catalog_view_by_oid(Catalog *cat, Oid oid)
{
    for (int i = 0; i < cat->nviews; i++)
        if (cat->views[i]->oid == oid) return cat->views[i];
    return NULL;
}

int catalog_view_count(Catalog *cat)
{
    return cat->nviews;
}

CatView *catalog_view_at(Catalog *cat, int i)
{
    return i >= 0 && i < cat->nviews ? cat->views[i] : NULL;
}

bool catalog_view_depends_on(const CatView *v, Oid rel, const char *col)
{
    for (int i = 0; i < v->ndeps; i++)
        if (v->deps[i].rel == rel && (!col || strcmp(v->deps[i].col, col) == 0)) return true;
    return false;
}

static bool reads_schema(Catalog *cat, const CatView *v, const CatSchema *schema)
{
    for (int i = 0; i < v->ndeps; i++) {
        CatTable *t = catalog_table_by_oid(cat, v->deps[i].rel);
        CatView *w = t ? NULL : catalog_view_by_oid(cat, v->deps[i].rel);
        if ((t && t->schema == schema) || (w && w->schema == schema)) return true;
    }
    return false;
}

bool catalog_view_reads_missing(Catalog *cat, const CatView *v)
{
    for (int d = 0; d < v->ndeps; d++) {
        Oid rel = v->deps[d].rel;
        if (!catalog_table_by_oid(cat, rel) && !catalog_view_by_oid(cat, rel)) return true;
    }
    return false;
}

void catalog_view_drop_schema(Catalog *cat, const CatSchema *schema)
{
    /* Views of the schema first; then, until nothing changes, the views that
     * read a relation that is gone (one of the schema's or a dropped view). */
    for (int i = cat->nviews - 1; i >= 0; i--)
        if (cat->views[i]->schema == schema || reads_schema(cat, cat->views[i], schema))
            catalog_view_drop(cat, cat->views[i]);
    for (bool again = true; again;) {
        again = false;
        for (int i = cat->nviews - 1; i >= 0; i--) {
            CatView *v = cat->views[i];
            if (!catalog_view_reads_missing(cat, v)) continue;
            catalog_view_drop(cat, v);
            again = true;
        }
    }
}
