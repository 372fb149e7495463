/*
 * func_userdef.c — user-defined SQL functions as PostgreSQL 15's catalogs
 * show them (func_userdef.h): the argument list pg_proc stores, the texts of
 * the pg_get_function_* functions (ruleutils.c's print_function_arguments,
 * print_function_rettype and pg_get_functiondef), visibility through
 * search_path, and regproc names.
 *
 * The catalog keeps a function's inputs (IN and INOUT) and its output columns
 * apart, without their declared modes: an output column with an input's name
 * is an INOUT argument (PostgreSQL refuses two parameters of one name), and
 * the output columns of a set-returning function are shown as RETURNS TABLE
 * columns, of any other as OUT arguments. A lone OUT or TABLE column is kept
 * as the result type alone, so it shows as one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_registry.h"
#include "exec/func_userdef.h"

/* ---- the argument list ---- */

/* The input an output column of the same name makes INOUT, or -1. */
static int inout_input(const CatFunction *f, const CatFuncArg *o)
{
    if (f->ret_rel || !o->name[0]) return -1;
    for (int i = 0; i < f->nargs; i++)
        if (strcmp(f->args[i].name, o->name) == 0) return i;
    return -1;
}

static bool has_inout(const CatFunction *f)
{
    for (int k = 0; k < f->nout; k++)
        if (inout_input(f, &f->out[k]) >= 0) return true;
    return false;
}

/* Whether f's output columns are RETURNS TABLE columns (which allows no
 * OUT or INOUT arguments besides them). */
static bool table_columns(const CatFunction *f)
{
    return f->retset && !f->ret_rel && f->nout > 0 && !has_inout(f);
}

int func_userdef_all_args(const CatFunction *f, FuncUserArg *out)
{
    int n = 0;
    for (int i = 0; i < f->nargs; i++) {
        bool inout = false;
        for (int k = 0; k < f->nout && !inout; k++) inout = inout_input(f, &f->out[k]) == i;
        out[n++] = (FuncUserArg){f->args[i].name, f->args[i].type, inout ? 'b' : 'i',
                                 f->args[i].default_sql};
    }
    if (f->ret_rel) return n;
    char mode = table_columns(f) ? 't' : 'o';
    for (int k = 0; k < f->nout; k++)
        if (inout_input(f, &f->out[k]) < 0)
            out[n++] = (FuncUserArg){f->out[k].name, f->out[k].type, mode, NULL};
    return n;
}

Oid func_userdef_rettype(Catalog *cat, const CatFunction *f)
{
    if (f->is_trigger) return 2279; /* trigger */
    if (f->ret_rel) {
        const CatTable *t = catalog_table_by_oid(cat, f->ret_rel);
        return t ? t->type_oid : 0;
    }
    return type_oid_of(f->ret);
}

/* ---- texts ---- */

static void put_ident(StrBuf *out, const char *id)
{
    char buf[2 * CATALOG_NAME_MAX + 4];
    catalog_put_ident(buf, sizeof(buf), 0, id);
    strbuf_puts(out, buf);
}

/* format_type_be: no typmod; a user type qualified unless search_path finds it. */
static void put_type(StrBuf *out, OmType t, const char *path)
{
    char buf[2 * CATALOG_NAME_MAX + 16];
    type_format_path(type_sans_typmod(t), path, buf, sizeof(buf));
    strbuf_puts(out, buf);
}

static void put_result_type(Catalog *cat, const CatFunction *f, const char *path, StrBuf *out)
{
    if (f->is_trigger) {
        strbuf_puts(out, "trigger");
        return;
    }
    const CatTable *t = f->ret_rel ? catalog_table_by_oid(cat, f->ret_rel) : NULL;
    if (!t) {
        put_type(out, f->ret, path);
        return;
    }
    if (catalog_table_lookup(cat, path, t->name) != t) {
        put_ident(out, t->schema->name);
        strbuf_putc(out, '.');
    }
    put_ident(out, t->name);
}

/* A DEFAULT as PostgreSQL deparses the coerced expression (catalog_default_text). */
static void put_default(StrBuf *out, const char *sql, OmType type, const char *path)
{
    size_t cap = strlen(sql) + 2 * CATALOG_NAME_MAX + 16;
    char *buf = malloc(cap);
    if (!buf) return;
    catalog_default_text(sql, type, path, buf, cap);
    strbuf_puts(out, buf);
    free(buf);
}

/* print_function_arguments: the arguments, or (table) the TABLE columns. */
static void put_arguments(const CatFunction *f, const char *path, bool table, bool defaults,
                          StrBuf *out)
{
    FuncUserArg args[2 * CATALOG_FUNC_MAX_ARGS];
    FuncUserArg *all = args;
    int max = func_userdef_max_args(f);
    if (max > (int)(sizeof(args) / sizeof(args[0]))) {
        all = malloc(sizeof(FuncUserArg) * (size_t)max);
        if (!all) return;
    }
    int n = func_userdef_all_args(f, all), printed = 0;
    for (int i = 0; i < n; i++) {
        const FuncUserArg *a = &all[i];
        if (table != (a->mode == 't')) continue;
        if (printed++) strbuf_puts(out, ", ");
        if (a->mode == 'b') strbuf_puts(out, "INOUT ");
        if (a->mode == 'o') strbuf_puts(out, "OUT ");
        if (a->name[0]) {
            put_ident(out, a->name);
            strbuf_putc(out, ' ');
        }
        put_type(out, a->type, path);
        if (defaults && a->default_sql) {
            strbuf_puts(out, " DEFAULT ");
            put_default(out, a->default_sql, a->type, path);
        }
    }
    if (all != args) free(all);
}

void func_userdef_arguments(Catalog *cat, const CatFunction *f, const char *search_path,
                            bool identity, StrBuf *out)
{
    put_arguments(f, search_path, false, !identity, out);
}

void func_userdef_result(Catalog *cat, const CatFunction *f, const char *search_path, StrBuf *out)
{
    if (table_columns(f)) {
        strbuf_puts(out, "TABLE(");
        put_arguments(f, search_path, true, false, out);
        strbuf_putc(out, ')');
        return;
    }
    if (f->retset) strbuf_puts(out, "SETOF ");
    put_result_type(cat, f, search_path, out);
}

void func_userdef_definition(Catalog *cat, const CatFunction *f, const char *search_path,
                             StrBuf *out)
{
    strbuf_puts(out,
                f->is_procedure ? "CREATE OR REPLACE PROCEDURE " : "CREATE OR REPLACE FUNCTION ");
    put_ident(out, f->schema->name);
    strbuf_putc(out, '.');
    put_ident(out, f->name);
    strbuf_putc(out, '(');
    put_arguments(f, search_path, false, true, out);
    strbuf_putc(out, ')');
    if (!f->is_procedure) {
        strbuf_puts(out, "\n RETURNS ");
        func_userdef_result(cat, f, search_path, out);
    }
    strbuf_puts(out, f->lang == CAT_LANG_PLPGSQL ? "\n LANGUAGE plpgsql\n" : "\n LANGUAGE sql\n");
    size_t options = out->len;
    if (f->volatility == 'i') strbuf_puts(out, " IMMUTABLE");
    if (f->volatility == 's') strbuf_puts(out, " STABLE");
    if (f->strict) strbuf_puts(out, " STRICT");
    if (out->len != options) strbuf_putc(out, '\n');
    /* dollar quotes: $function$, with an x more while the body holds the tag */
    const char *body = f->body ? f->body : "";
    char tag[64] = "$function";
    size_t tlen = strlen(tag);
    while (strstr(body, tag) && tlen + 2 < sizeof(tag)) tag[tlen++] = 'x', tag[tlen] = 0;
    strbuf_printf(out, "AS %s$%s%s$\n", tag, body, tag);
}

bool func_userdef_visible(Catalog *cat, const CatFunction *f, const char *search_path)
{
    CatSchema *path[64];
    int n = catalog_search_schemas(cat, search_path, path, 64);
    OmType types[CATALOG_FUNC_MAX_ARGS];
    int nt = f->nargs < CATALOG_FUNC_MAX_ARGS ? f->nargs : CATALOG_FUNC_MAX_ARGS;
    for (int i = 0; i < nt; i++) types[i] = f->args[i].type;
    for (int i = 0; i < n; i++) {
        if (path[i] == f->schema) return true;
        if (catalog_function_find(cat, path[i], f->name, types, nt)) return false;
    }
    return false;
}

/* ---- regproc ---- */

static Catalog *regproc_catalog;

void func_userdef_set_catalog(Catalog *cat)
{
    regproc_catalog = cat;
}

static bool builtin_named(const char *name)
{
    int n = func_registry_count();
    for (int i = 0; i < n; i++) {
        const FuncDef *d = func_registry_get(i);
        if (func_registry_listed(d) && strcmp(d->name, name) == 0) return true;
    }
    return false;
}

bool func_userdef_regproc_name(Oid oid, StrBuf *out)
{
    Catalog *cat = regproc_catalog;
    const CatFunction *f = cat ? catalog_function_by_oid(cat, oid) : NULL;
    if (!f) return false;
    /* regprocout: unqualified when regprocin (through the default
     * search_path, "$user", public) would find just this function */
    bool unique = f->schema->oid == OID_NAMESPACE_PUBLIC && !builtin_named(f->name);
    int n = catalog_function_count(cat);
    for (int i = 0; i < n && unique; i++) {
        const CatFunction *g = catalog_function_at(cat, i);
        unique = g == f || g->schema != f->schema || strcmp(g->name, f->name) != 0;
    }
    if (!unique) {
        put_ident(out, f->schema->name);
        strbuf_putc(out, '.');
    }
    put_ident(out, f->name);
    return true;
}

int func_userdef_regproc_find(const char *text, Oid *found)
{
    Catalog *cat = regproc_catalog;
    if (!cat) return 0;
    char parts[2][CATALOG_NAME_MAX];
    int np = catalog_split_name(text, parts);
    if (np < 1) return 0;
    const char *name = parts[np - 1];
    /* unqualified: public's functions of that name (the default search_path),
     * else those of any schema */
    int hits[2] = {0, 0}, n = catalog_function_count(cat);
    Oid first[2] = {0, 0};
    for (int i = 0; i < n; i++) {
        const CatFunction *f = catalog_function_at(cat, i);
        if (strcmp(f->name, name) != 0) continue;
        if (np == 2 && strcmp(f->schema->name, parts[0]) != 0) continue;
        int k = np == 1 && f->schema->oid == OID_NAMESPACE_PUBLIC ? 0 : 1;
        if (!hits[k]++) first[k] = f->oid;
    }
    int k = hits[0] ? 0 : 1;
    if (hits[k]) *found = first[k];
    return hits[k];
}

/* ---- triggers ---- */

static void put_event(StrBuf *out, bool *first, const char *name)
{
    strbuf_puts(out, *first ? name : " OR ");
    if (!*first) strbuf_puts(out, name);
    *first = false;
}

void func_userdef_triggerdef(Catalog *cat, const CatTrigger *tg, const char *search_path,
                             StrBuf *out)
{
    const CatTable *t = catalog_table_by_oid(cat, tg->table);
    const CatFunction *f = catalog_function_by_oid(cat, tg->func);
    strbuf_puts(out, "CREATE TRIGGER ");
    put_ident(out, tg->name);
    strbuf_puts(out, tg->before ? " BEFORE " : " AFTER ");
    bool first = true;
    if (tg->events & CAT_TRIG_INSERT) put_event(out, &first, "INSERT");
    if (tg->events & CAT_TRIG_DELETE) put_event(out, &first, "DELETE");
    if (tg->events & CAT_TRIG_UPDATE) {
        put_event(out, &first, "UPDATE");
        for (int i = 0; i < tg->ncols; i++) {
            strbuf_puts(out, i ? ", " : " OF ");
            put_ident(out, tg->cols[i]);
        }
    }
    if (tg->events & CAT_TRIG_TRUNCATE) put_event(out, &first, "TRUNCATE");
    strbuf_puts(out, " ON ");
    if (t) {
        if (catalog_table_lookup(cat, search_path, t->name) != t) {
            put_ident(out, t->schema->name);
            strbuf_putc(out, '.');
        }
        put_ident(out, t->name);
    }
    strbuf_puts(out, tg->row ? " FOR EACH ROW" : " FOR EACH STATEMENT");
    if (tg->when_sql) strbuf_printf(out, " WHEN (%s)", tg->when_sql);
    strbuf_puts(out, " EXECUTE FUNCTION ");
    if (f) {
        if (!func_userdef_visible(cat, f, search_path)) {
            put_ident(out, f->schema->name);
            strbuf_putc(out, '.');
        }
        put_ident(out, f->name);
    }
    strbuf_putc(out, '(');
    for (int i = 0; i < tg->nargs; i++) {
        strbuf_puts(out, i ? ", '" : "'");
        for (const char *c = tg->args[i]; *c; c++) {
            if (*c == '\'') strbuf_putc(out, '\'');
            strbuf_putc(out, *c);
        }
        strbuf_putc(out, '\'');
    }
    strbuf_putc(out, ')');
}
