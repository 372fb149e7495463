/*
 * sql_function.c — CREATE [OR REPLACE] FUNCTION ... LANGUAGE sql and DROP
 * FUNCTION.
 *
 * A function's body is one query (SELECT, VALUES, a set operation), given as
 * a string (AS $$ ... $$) or in the SQL-standard form (RETURN expr, BEGIN
 * ATOMIC ... END). CREATE checks it as PostgreSQL does with
 * check_function_bodies on: the body is bound with the arguments as
 * parameters and its result must be castable to the declared one (42P13).
 * Calls are bound by sql/bind_function.c. The statements are logged as DDL
 * (sql_wal_is_ddl) and replayed from their text; inside a transaction block a
 * ROLLBACK drops a function the block created (sql_ddl_txn.c).
 *
 * Not supported (0A000): other languages (plpgsql, C), procedures, VARIADIC
 * arguments, RETURNS trigger, RETURNS record without OUT arguments, SECURITY
 * DEFINER, SET clauses, and bodies that are not one query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/support_procs.h"
#include "exec/func_registry.h"
#include "sql/pl.h"
#include "sql/sql_int.h"
#include "sql/sql_temp.h"

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) return sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

static int not_supported(StmtCtx *sc, const char *what)
{
    return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not supported yet", what);
}

static const char *option_string(PgQuery__Node *arg)
{
    if (!arg) return NULL;
    if (arg->node_case == PG_QUERY__NODE__NODE_STRING) return arg->string->sval;
    return NULL;
}

static bool option_bool(PgQuery__Node *arg)
{
    if (!arg) return true;
    if (arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return arg->boolean->boolval;
    if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) return arg->integer->ival != 0;
    return true;
}

/* The options: LANGUAGE, AS, volatility, STRICT and the ones without effect
 * here (COST, ROWS, PARALLEL, LEAKPROOF). */
static int read_options(StmtCtx *sc, PgQuery__CreateFunctionStmt *st, CatFunction *f,
                        const char **language, const char **body)
{
    f->volatility = 'v';
    for (size_t i = 0; i < st->n_options; i++) {
        if (st->options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
        PgQuery__DefElem *d = st->options[i]->def_elem;
        const char *name = d->defname;
        if (strcmp(name, "language") == 0) {
            *language = option_string(d->arg);
        } else if (strcmp(name, "as") == 0) {
            if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_LIST ||
                d->arg->list->n_items != 1)
                return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                           "only one AS item needed for language \"sql\"");
            *body = pgq_str(d->arg->list->items[0]);
        } else if (strcmp(name, "volatility") == 0) {
            const char *v = option_string(d->arg);
            f->volatility = v && strcmp(v, "immutable") == 0 ? 'i'
                            : v && strcmp(v, "stable") == 0  ? 's'
                                                             : 'v';
        } else if (strcmp(name, "strict") == 0) {
            f->strict = option_bool(d->arg);
        } else if (strcmp(name, "security") == 0) {
            if (option_bool(d->arg)) return not_supported(sc, "SECURITY DEFINER");
        } else if (strcmp(name, "set") == 0) {
            return not_supported(sc, "a SET clause in CREATE FUNCTION");
        } else if (strcmp(name, "window") == 0) {
            return not_supported(sc, "CREATE FUNCTION ... WINDOW");
        } else if (strcmp(name, "support") == 0) {
            return not_supported(sc, "CREATE FUNCTION ... SUPPORT");
        }
        /* cost, rows, parallel, leakproof: planner hints without effect here */
    }
    return 0;
}

/* The body of RETURN expr / BEGIN ATOMIC ... END as the query it stands for. */
static char *standard_body(StmtCtx *sc, PgQuery__Node *sql_body)
{
    if (sql_body->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
        char *expr = sql_deparse_expr(sql_body->return_stmt->returnval);
        if (!expr) {
            ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            return NULL;
        }
        char *q = arena_alloc(sc->arena, strlen(expr) + 8);
        sprintf(q, "SELECT %s", expr);
        free(expr);
        return q;
    }
    /* BEGIN ATOMIC: a list holding the list of statements */
    PgQuery__List *outer = sql_body->node_case == PG_QUERY__NODE__NODE_LIST ? sql_body->list : NULL;
    PgQuery__List *stmts =
        outer && outer->n_items == 1 && outer->items[0]->node_case == PG_QUERY__NODE__NODE_LIST
            ? outer->items[0]->list
            : outer;
    if (!stmts || stmts->n_items == 0) {
        ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
            "SQL function has no statement to return its result");
        return NULL;
    }
    if (stmts->n_items > 1) {
        not_supported(sc, "SQL functions of more than one statement");
        return NULL;
    }
    PgQuery__Node *last = stmts->items[0];
    if (last->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        not_supported(sc, "a BEGIN ATOMIC body that is not a query");
        return NULL;
    }
    char *text = sql_deparse_select(last->select_stmt);
    if (!text) {
        ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    char *q = arena_alloc(sc->arena, strlen(text) + 1);
    strcpy(q, text);
    free(text);
    return q;
}

static int function_name(StmtCtx *sc, PgQuery__Node **items, size_t n, const char **schema,
                         const char **name)
{
    if (n < 1 || n > 2)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "improper qualified name (too many dotted names)");
    *schema = n == 2 ? pgq_str(items[0]) : NULL;
    *name = pgq_str(items[n - 1]);
    return 0;
}

/* The arguments and OUT / TABLE columns. */
static int read_parameters(StmtCtx *sc, PgQuery__CreateFunctionStmt *st, CatFunction *f)
{
    int n = (int)st->n_parameters;
    f->args = ARENA_NEW_ARRAY(sc->arena, CatFuncArg, n > 0 ? n : 1);
    f->out = ARENA_NEW_ARRAY(sc->arena, CatFuncArg, n > 0 ? n : 1);
    bool had_default = false;
    for (int i = 0; i < n; i++) {
        PgQuery__FunctionParameter *p = st->parameters[i]->function_parameter;
        if (!p) continue;
        OmType type;
        if (bind_type_name(&sc->binder, p->arg_type, &type) != 0) return -1;
        if (p->arg_type->setof)
            return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                       "functions cannot accept set arguments");
        const char *name = p->name ? p->name : "";
        switch (p->mode) {
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
            return not_supported(sc, "a VARIADIC argument");
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
        case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
            break;
        default: { /* IN, INOUT, or no mode */
            if (f->nargs >= CATALOG_FUNC_MAX_ARGS)
                return ERR(sc->err, SQLSTATE_TOO_MANY_ARGUMENTS,
                           "functions cannot have more than %d arguments", CATALOG_FUNC_MAX_ARGS);
            CatFuncArg *a = &f->args[f->nargs++];
            snprintf(a->name, sizeof(a->name), "%s", name);
            a->type =
                (OmType){type.id, type.id == TYPE_ENUM || type.id == TYPE_ENUM_ARRAY ? type.typmod
                                                                                     : TYPMOD_NONE};
            if (p->defexpr) {
                a->default_sql = sql_deparse_expr(p->defexpr);
                if (!a->default_sql) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
                had_default = true;
            } else if (had_default) {
                return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                           "input parameters after one with a default value must also have "
                           "defaults");
            }
            break;
        }
        }
        if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
            p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT ||
            p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE) {
            CatFuncArg *o = &f->out[f->nout++];
            snprintf(o->name, sizeof(o->name), "%s", name[0] ? name : "column");
            o->type = type;
        }
    }
    for (int i = 0; i < f->nargs; i++)
        for (int j = 0; j < i; j++)
            if (f->args[i].name[0] && strcmp(f->args[i].name, f->args[j].name) == 0)
                return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                           "parameter name \"%s\" used more than once", f->args[i].name);
    return 0;
}

/* One OUT column: the function returns a value, the column keeps its name. */
static void single_out(CatFunction *f)
{
    memcpy(f->out_name, f->out[0].name, sizeof(f->out_name));
    f->nout = 0;
}

const char *sql_procedure_block(Arena *arena, const char *body)
{
    size_t n = strlen(body);
    while (n > 0 && (body[n - 1] == ' ' || body[n - 1] == '\n' || body[n - 1] == '\t' ||
                     body[n - 1] == '\r'))
        n--;
    bool ends = n > 0 && body[n - 1] == ';';
    return arena_sprintf(arena, "BEGIN\n%.*s%s\nEND", (int)n, body, ends ? "" : ";");
}

/* RETURNS: a type, SETOF one, a table's row type, void, or record with OUT
 * / TABLE columns. */
static int read_result(StmtCtx *sc, PgQuery__CreateFunctionStmt *st, CatFunction *f)
{
    PgQuery__TypeName *rt = st->return_type;
    if (f->is_procedure) { /* no result: CALL returns the INOUT / OUT values as a row */
        f->ret = OM_TYPE(TYPE_VOID);
        return 0;
    }
    if (!rt) {
        if (f->nout == 0)
            return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                       "function result type must be specified");
        f->ret = f->nout == 1 ? f->out[0].type : OM_TYPE(TYPE_RECORD);
        if (f->nout == 1) single_out(f);
        return 0;
    }
    f->retset = rt->setof;
    const char *last = rt->n_names > 0 ? pgq_str(rt->names[rt->n_names - 1]) : NULL;
    if (last && strcmp(last, "trigger") == 0 && rt->n_array_bounds == 0) {
        if (f->lang != CAT_LANG_PLPGSQL)
            return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                       "SQL functions cannot return type trigger");
        if (f->retset || f->nargs > 0 || f->nout > 0)
            return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                       "trigger functions cannot have declared arguments");
        f->is_trigger = true;
        f->ret = OM_TYPE(TYPE_VOID);
        return 0;
    }
    bool catalog_name =
        rt->n_names == 1 || (rt->n_names == 2 && strcmp(pgq_str(rt->names[0]), "pg_catalog") == 0);
    if (last && strcmp(last, "record") == 0 && catalog_name && rt->n_array_bounds == 0) {
        if (f->nout == 0) return not_supported(sc, "RETURNS record without OUT arguments");
        f->ret = OM_TYPE(TYPE_RECORD);
        return 0;
    }
    /* a table's (or view's) row type */
    if (rt->n_names <= 2 && rt->n_array_bounds == 0 && last) {
        PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
        rv.relname = (char *)last;
        rv.schemaname = rt->n_names == 2 ? (char *)pgq_str(rt->names[0]) : NULL;
        CatTable *t = NULL;
        CatView *v = NULL;
        if (bind_lookup_relation(&sc->binder, &rv, true, &t, &v) != 0) return -1;
        if (t && !t->schema->is_system) {
            if (f->nout > 0)
                return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                           "function result type must be record because of OUT parameters");
            f->ret_rel = t->oid;
            f->ret = OM_TYPE(TYPE_RECORD);
            f->nout = t->ncols;
            f->out = ARENA_NEW_ARRAY(sc->arena, CatFuncArg, t->ncols > 0 ? t->ncols : 1);
            for (int i = 0; i < t->ncols; i++) {
                snprintf(f->out[i].name, sizeof(f->out[i].name), "%s", t->cols[i].name);
                f->out[i].type = t->cols[i].type;
            }
            return 0;
        }
        if (v) return not_supported(sc, "a view's row type as a function result");
    }
    OmType type;
    if (bind_type_name(&sc->binder, rt, &type) != 0) return -1;
    if (f->nout > 1)
        return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                   "function result type must be record because of OUT parameters");
    if (f->nout == 1) single_out(f); /* RETURNS TABLE (x int): SETOF int */
    f->ret = type;
    return 0;
}

static bool same_result(const CatFunction *a, const CatFunction *b)
{
    if (a->retset != b->retset || a->nout != b->nout || a->ret.id != b->ret.id ||
        a->ret_rel != b->ret_rel)
        return false;
    for (int i = 0; i < a->nout; i++)
        if (a->out[i].type.id != b->out[i].type.id) return false;
    return true;
}

/* True if a built-in function (or support function) has this pg_proc OID:
 * some built-ins carry OIDs above FirstNormalObjectId (16384), the range the
 * catalog hands out, and pg_proc's OIDs must stay unique. */
static bool builtin_proc_oid(Oid oid)
{
    for (int i = 0; i < func_registry_count(); i++)
        if (func_registry_get(i)->oid == oid) return true;
    for (int i = 0; i < support_proc_count(); i++) {
        SupportProc p;
        support_proc_at(i, &p);
        if (p.oid == oid) return true;
    }
    return false;
}

/* Moves the catalog's OID counter past built-in pg_proc OIDs, so the next
 * function created gets a free one. Replay repeats it from the same
 * counter, so the OIDs come out the same. */
static void skip_builtin_oids(Catalog *cat)
{
    while (builtin_proc_oid(catalog_peek_next_oid(cat))) (void)catalog_next_oid(cat);
}

static int create_function(StmtCtx *sc, PgQuery__CreateFunctionStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    const char *schema_name, *name;
    if (function_name(sc, st->funcname, st->n_funcname, &schema_name, &name) != 0) return -1;
    CatFunction tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    const char *language = NULL, *body = NULL;
    if (read_options(sc, st, &tmpl, &language, &body) != 0) return -1;
    if (!language) language = st->sql_body ? "sql" : NULL;
    if (!language) {
        ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION, "no language specified");
        return -1;
    }
    bool plpgsql = strcmp(language, "plpgsql") == 0;
    if (plpgsql && st->sql_body)
        return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                   "inline SQL function body only valid for language SQL");
    if (plpgsql) tmpl.lang = CAT_LANG_PLPGSQL;
    if (strcmp(language, "sql") != 0 && !plpgsql) {
        if (strcmp(language, "c") == 0 || strcmp(language, "internal") == 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "functions in language \"%s\" are not supported yet (LANGUAGE sql is)",
                       language);
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "language \"%s\" does not exist", language);
    }
    if (st->sql_body && body)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "duplicate function body specified");
    if (st->sql_body) {
        body = standard_body(sc, st->sql_body);
        if (!body) return -1;
    }
    if (!body)
        return ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION, "no function body specified");
    CatSchema *schema = schema_name ? catalog_schema_resolve(cat, schema_name, path)
                                    : catalog_creation_schema(cat, path);
    if (!schema && schema_name)
        return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                   schema_name);
    if (!schema)
        return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME,
                   "no schema has been selected to create in");
    if (schema->is_temp) return not_supported(sc, "a function in a temporary schema");
    if (schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied for schema %s",
            schema->name);
        return -1;
    }
    if (sql_ddl_target(sc, schema) != 0) return -1;
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", name);
    tmpl.schema = schema;
    tmpl.owner = CATALOG_ROLE_OMENDB;
    tmpl.body = (char *)body;
    tmpl.is_procedure = st->is_procedure;
    int rc = read_parameters(sc, st, &tmpl);
    if (rc == 0) rc = read_result(sc, st, &tmpl);
    for (int i = 0; rc == 0 && tmpl.is_procedure && i < tmpl.nout; i++) {
        bool inout = false;
        for (int k = 0; k < tmpl.nargs; k++)
            inout |= strcmp(tmpl.args[k].name, tmpl.out[i].name) == 0;
        if (!inout) rc = not_supported(sc, "a procedure's OUT parameter (INOUT is)");
    }
    if (rc == 0 && tmpl.is_procedure) {
        if (st->sql_body) {
            rc = not_supported(sc, "a procedure body in BEGIN ATOMIC form");
        } else { /* a PL/pgSQL body, or SQL statements run as one */
            CatFunction pl = tmpl;
            pl.lang = CAT_LANG_PLPGSQL;
            const char *text = plpgsql ? body : sql_procedure_block(sc->arena, body);
            PlFunction *fn = pl_compile(sc->session, &pl, text, sc->arena, sc->err);
            if (!fn) rc = -1;
            pl_function_free(fn);
        }
        plpgsql = false; /* checked */
    }
    /* check_function_bodies: the body binds and gives the declared result
     * (PL/pgSQL: it compiles, its SQL parses) */
    if (rc == 0 && plpgsql) {
        if (tmpl.retset && tmpl.nout == 0 && tmpl.ret.id == TYPE_RECORD)
            rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                     "PL/pgSQL functions returning SETOF record are not supported yet");
        PlFunction *fn = rc == 0 ? pl_compile(sc->session, &tmpl, body, sc->arena, sc->err) : NULL;
        if (!fn) rc = -1;
        pl_function_free(fn);
    } else if (rc == 0 && !tmpl.is_procedure && !bind_function_body(&sc->binder, &tmpl)) {
        rc = -1;
    }
    if (rc == 0) {
        OmType types[CATALOG_FUNC_MAX_ARGS];
        for (int i = 0; i < tmpl.nargs; i++) types[i] = tmpl.args[i].type;
        CatFunction *old = catalog_function_find(cat, schema, name, types, tmpl.nargs);
        if (old && !st->replace) {
            rc = ERR(sc->err, SQLSTATE_DUPLICATE_FUNCTION,
                     "%s \"%s\" already exists with same argument types",
                     tmpl.is_procedure ? "procedure" : "function", name);
        } else if (old && old->is_procedure != tmpl.is_procedure) {
            rc = ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "cannot change routine kind");
            error_detail(sc->err, "\"%s\" is a %s.", name,
                         old->is_procedure ? "procedure" : "function");
        } else if (old && !same_result(old, &tmpl)) {
            char sig[CATALOG_NAME_MAX * 8];
            ERR(sc->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
                "cannot change return type of existing function");
            error_hint(sc->err, "Use DROP FUNCTION %s first.",
                       catalog_function_signature(old, sig, sizeof(sig)));
            rc = -1;
        } else if (old) {
            rc = catalog_function_replace(old, &tmpl, sc->err);
        } else {
            skip_builtin_oids(cat);
            rc = catalog_function_create(cat, &tmpl, NULL, sc->err);
        }
    }
    for (int i = 0; i < tmpl.nargs; i++) free(tmpl.args[i].default_sql);
    return rc;
}

int sql_run_create_function(StmtCtx *sc, PgQuery__CreateFunctionStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = create_function(sc, st);
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, st->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION") : -1;
}

/* ---- DROP FUNCTION ---- */

/* The function one item of DROP FUNCTION names: name alone (it must be the
 * only one of that name) or name(argument types). NULL with the error set,
 * or NULL with *missing when it does not exist. */
static CatFunction *find_dropped(StmtCtx *sc, PgQuery__ObjectWithArgs *ow, bool *missing,
                                 char *label, size_t cap)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    const char *schema_name, *name;
    *missing = false;
    if (function_name(sc, ow->objname, ow->n_objname, &schema_name, &name) != 0) return NULL;
    snprintf(label, cap, "%s%s%s", schema_name ? schema_name : "", schema_name ? "." : "", name);
    CatSchema *list[16];
    int nlist = 0;
    if (schema_name) {
        CatSchema *s = catalog_schema_resolve(cat, schema_name, path);
        if (!s) {
            *missing = true;
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist", schema_name);
            return NULL;
        }
        list[nlist++] = s;
    } else {
        nlist = catalog_search_schemas(cat, path, list, 16);
    }
    OmType types[CATALOG_FUNC_MAX_ARGS];
    int ntypes = 0;
    if (!ow->args_unspecified) {
        size_t len = strlen(label);
        if (len < cap) snprintf(label + len, cap - len, "(");
        for (size_t i = 0; i < ow->n_objargs && ntypes < CATALOG_FUNC_MAX_ARGS; i++) {
            PgQuery__Node *a = ow->objargs[i];
            if (a->node_case != PG_QUERY__NODE__NODE_TYPE_NAME) continue;
            if (bind_type_name(&sc->binder, a->type_name, &types[ntypes]) != 0) return NULL;
            char tb[CATALOG_NAME_MAX * 2];
            len = strlen(label);
            if (len < cap)
                snprintf(label + len, cap - len, "%s%s", ntypes ? ", " : "",
                         type_name_of(types[ntypes], tb, sizeof(tb)));
            ntypes++;
        }
        len = strlen(label);
        if (len < cap) snprintf(label + len, cap - len, ")");
    }
    CatFunction *found = NULL;
    int nfound = 0;
    for (int k = 0; k < nlist && !found; k++) {
        for (int i = 0; i < catalog_function_count(cat); i++) {
            CatFunction *f = catalog_function_at(cat, i);
            if (f->schema != list[k] || strcmp(f->name, name) != 0) continue;
            if (!ow->args_unspecified) {
                if (f->nargs != ntypes) continue;
                bool same = true;
                for (int a = 0; a < ntypes; a++)
                    same &= catalog_function_same_type(f->args[a].type, types[a]);
                if (!same) continue;
            }
            if (!found) found = f;
            nfound++;
        }
    }
    if (nfound > 1) {
        ERR(sc->err, SQLSTATE_AMBIGUOUS_FUNCTION, "function name \"%s\" is not unique", label);
        error_hint(sc->err, "Specify the argument list to select the function unambiguously.");
        return NULL;
    }
    if (!found) *missing = true;
    return found;
}

int sql_run_drop_function(StmtCtx *sc, PgQuery__DropStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    bool procedure = st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE;
    catalog_lock_exclusive(cat);
    int rc = 0;
    int n = (int)st->n_objects;
    CatFunction **victims = ARENA_NEW_ARRAY(sc->arena, CatFunction *, n > 0 ? n : 1);
    /* find them all first: a failed DROP leaves nothing changed */
    for (int i = 0; i < n && rc == 0; i++) {
        victims[i] = NULL;
        PgQuery__Node *o = st->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) continue;
        bool missing;
        char label[CATALOG_NAME_MAX * 8];
        victims[i] = find_dropped(sc, o->object_with_args, &missing, label, sizeof(label));
        if (victims[i] &&
            victims[i]->is_procedure != procedure) { /* DROP FUNCTION of a procedure */
            ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s is not a %s", victims[i]->name,
                procedure ? "procedure" : "function");
            rc = -1;
            continue;
        }
        if (victims[i]) {
            for (int j = 0; j < i; j++)
                if (victims[j] == victims[i]) victims[i] = NULL;
            if (victims[i] && sql_ddl_target(sc, victims[i]->schema) != 0) rc = -1;
            continue;
        }
        if (sc->err->is_set && !(missing && st->missing_ok)) {
            rc = -1;
            continue;
        }
        error_clear(sc->err);
        if (!st->missing_ok) {
            rc = ERR(sc->err, SQLSTATE_UNDEFINED_FUNCTION, "%s %s does not exist",
                     procedure ? "procedure" : "function", label);
            continue;
        }
        char msg[CATALOG_NAME_MAX * 8 + 64];
        snprintf(msg, sizeof(msg), "%s %s does not exist, skipping",
                 procedure ? "procedure" : "function", label);
        sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
    }
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    for (int i = 0; i < n && rc == 0; i++) /* the triggers that call them */
        for (CatTrigger *tg; victims[i] && (tg = catalog_trigger_using(cat, victims[i]->oid));) {
            CatTable *t = catalog_table_by_oid(cat, tg->table);
            char sig[CATALOG_NAME_MAX * 8], what[CATALOG_NAME_MAX * 3 + 40];
            catalog_function_signature(victims[i], sig, sizeof(sig));
            snprintf(what, sizeof(what), "trigger %s on table %s", tg->name, t ? t->name : "?");
            if (!cascade) {
                ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                    "cannot drop function %s because other objects depend on it", sig);
                error_detail(sc->err, "%s depends on function %s", what, sig);
                error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
                rc = -1;
                break;
            }
            char msg[sizeof(what) + 32];
            snprintf(msg, sizeof(msg), "drop cascades to %s", what);
            sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
            catalog_trigger_drop(cat, tg);
        }
    if (rc == 0)
        for (int i = 0; i < n; i++)
            if (victims[i]) catalog_function_drop(cat, victims[i]);
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, procedure ? "DROP PROCEDURE" : "DROP FUNCTION") : -1;
}
