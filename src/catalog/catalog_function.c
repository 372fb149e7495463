/*
 * catalog_function.c — the user-defined functions of the catalog (CatFunction,
 * see catalog.h): create, replace, drop and lookups. A function is identified
 * by (schema, name, input argument types); several overloads may share a
 * name. The catalog owns every CatFunction; callers hold the catalog lock
 * (exclusively for changes), as for tables and views.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

static void free_args(CatFuncArg *args, int n)
{
    for (int i = 0; args && i < n; i++) free(args[i].default_sql);
    free(args);
}

static void free_definition(CatFunction *f)
{
    free_args(f->args, f->nargs);
    free_args(f->out, f->nout);
    free(f->body);
}

static void function_free(CatFunction *f)
{
    if (!f) return;
    free_definition(f);
    free(f);
}

void catalog_function_free_all(Catalog *cat)
{
    for (int i = 0; i < cat->nfuncs; i++) function_free(cat->funcs[i]);
    free(cat->funcs);
    cat->funcs = NULL;
    cat->nfuncs = cat->cap_funcs = 0;
}

static CatFuncArg *copy_args(const CatFuncArg *src, int n, bool *oom)
{
    CatFuncArg *a = calloc((size_t)(n > 0 ? n : 1), sizeof(CatFuncArg));
    if (!a) {
        *oom = true;
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        a[i] = src[i];
        a[i].default_sql = NULL;
        if (src[i].default_sql && !(a[i].default_sql = strdup(src[i].default_sql))) *oom = true;
    }
    return a;
}

/* Copies tmpl's definition (arguments, result, flags, texts) into f, which
 * owns nothing yet. -1 when out of memory (what was copied is freed). */
static int copy_definition(CatFunction *f, const CatFunction *tmpl)
{
    bool oom = false;
    f->nargs = tmpl->nargs;
    f->args = copy_args(tmpl->args, tmpl->nargs, &oom);
    f->nout = tmpl->nout;
    f->out = copy_args(tmpl->out, tmpl->nout, &oom);
    memcpy(f->out_name, tmpl->out_name, sizeof(f->out_name));
    f->ret = tmpl->ret;
    f->retset = tmpl->retset;
    f->ret_rel = tmpl->ret_rel;
    f->volatility = tmpl->volatility;
    f->strict = tmpl->strict;
    f->lang = tmpl->lang;
    f->is_trigger = tmpl->is_trigger;
    f->is_procedure = tmpl->is_procedure;
    f->body = strdup(tmpl->body ? tmpl->body : "");
    if (!f->body) oom = true;
    if (oom) {
        free_definition(f);
        return -1;
    }
    return 0;
}

bool catalog_function_same_type(OmType a, OmType b)
{
    if (a.id != b.id) return false;
    /* an enum's typmod names the type; other typmods do not count (as in
     * PostgreSQL, an argument declared varchar(10) is a varchar) */
    return (a.id != TYPE_ENUM && a.id != TYPE_ENUM_ARRAY) || a.typmod == b.typmod;
}

static bool same_args(const CatFunction *f, const OmType *types, int n)
{
    if (f->nargs != n) return false;
    for (int i = 0; i < n; i++)
        if (!catalog_function_same_type(f->args[i].type, types[i])) return false;
    return true;
}

CatFunction *catalog_function_find(Catalog *cat, const CatSchema *schema, const char *name,
                                   const OmType *types, int n)
{
    for (int i = 0; i < cat->nfuncs; i++) {
        CatFunction *f = cat->funcs[i];
        if (f->schema == schema && strcmp(f->name, name) == 0 && same_args(f, types, n)) return f;
    }
    return NULL;
}

int catalog_function_create(Catalog *cat, const CatFunction *tmpl, CatFunction **out, OmError *err)
{
    if (!tmpl->schema)
        return ERR(err, SQLSTATE_INVALID_SCHEMA_NAME, "no schema has been selected to create in");
    OmType types[CATALOG_FUNC_MAX_ARGS];
    for (int i = 0; i < tmpl->nargs && i < CATALOG_FUNC_MAX_ARGS; i++)
        types[i] = tmpl->args[i].type;
    if (catalog_function_find(cat, tmpl->schema, tmpl->name, types, tmpl->nargs))
        return ERR(err, SQLSTATE_DUPLICATE_FUNCTION,
                   "function \"%s\" already exists with same argument types", tmpl->name);
    if (cat->nfuncs == cat->cap_funcs) {
        int cap = cat->cap_funcs ? cat->cap_funcs * 2 : 8;
        CatFunction **arr = realloc(cat->funcs, sizeof(*arr) * (size_t)cap);
        if (!arr) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        cat->funcs = arr;
        cat->cap_funcs = cap;
    }
    CatFunction *f = calloc(1, sizeof(CatFunction));
    if (!f || copy_definition(f, tmpl) != 0) {
        free(f);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    memcpy(f->name, tmpl->name, sizeof(f->name));
    f->name[CATALOG_NAME_MAX - 1] = 0;
    f->schema = tmpl->schema;
    f->owner = tmpl->owner;
    f->oid = catalog_next_oid(cat);
    cat->funcs[cat->nfuncs++] = f;
    if (out) *out = f;
    return 0;
}

int catalog_function_replace(CatFunction *f, const CatFunction *tmpl, OmError *err)
{
    CatFunction fresh;
    memset(&fresh, 0, sizeof(fresh));
    if (copy_definition(&fresh, tmpl) != 0)
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    free_definition(f);
    f->nargs = fresh.nargs;
    f->args = fresh.args;
    f->nout = fresh.nout;
    f->out = fresh.out;
    memcpy(f->out_name, fresh.out_name, sizeof(f->out_name));
    f->ret = fresh.ret;
    f->retset = fresh.retset;
    f->ret_rel = fresh.ret_rel;
    f->volatility = fresh.volatility;
    f->strict = fresh.strict;
    f->lang = fresh.lang;
    f->is_trigger = fresh.is_trigger;
    f->is_procedure = fresh.is_procedure;
    f->body = fresh.body;
    return 0;
}

static void unlink_at(Catalog *cat, int i)
{
    catalog_comment_forget(cat, CAT_CLASS_PROC, cat->funcs[i]->oid);
    function_free(cat->funcs[i]);
    memmove(&cat->funcs[i], &cat->funcs[i + 1],
            sizeof(CatFunction *) * (size_t)(cat->nfuncs - i - 1));
    cat->nfuncs--;
}

void catalog_function_drop(Catalog *cat, CatFunction *f)
{
    for (int i = 0; i < cat->nfuncs; i++)
        if (cat->funcs[i] == f) {
            unlink_at(cat, i);
            return;
        }
}

void catalog_function_drop_schema(Catalog *cat, const CatSchema *schema)
{
    for (int i = cat->nfuncs - 1; i >= 0; i--)
        if (cat->funcs[i]->schema == schema) unlink_at(cat, i);
}

CatFunction *catalog_function_by_oid(Catalog *cat, Oid oid)
{
    for (int i = 0; i < cat->nfuncs; i++)
        if (cat->funcs[i]->oid == oid) return cat->funcs[i];
    return NULL;
}

int catalog_function_count(Catalog *cat)
{
    return cat->nfuncs;
}

CatFunction *catalog_function_at(Catalog *cat, int i)
{
    return i >= 0 && i < cat->nfuncs ? cat->funcs[i] : NULL;
}

bool catalog_function_name_used(Catalog *cat, const char *name)
{
    for (int i = 0; i < cat->nfuncs; i++)
        if (strcmp(cat->funcs[i]->name, name) == 0) return true;
    return false;
}

const char *catalog_function_signature(const CatFunction *f, char *buf, size_t cap)
{
    size_t len = 0;
    int w = snprintf(buf, cap, "%s(", f->name);
    if (w > 0) len = (size_t)w;
    for (int i = 0; i < f->nargs && len < cap; i++) {
        char tb[CATALOG_NAME_MAX * 2];
        w = snprintf(buf + len, cap - len, "%s%s", i ? ", " : "",
                     type_name_of(f->args[i].type, tb, sizeof(tb)));
        if (w > 0) len += (size_t)w;
    }
    if (len < cap) snprintf(buf + len, cap - len, ")");
    return buf;
}
