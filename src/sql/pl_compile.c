/*
 * pl_compile.c — builds a PlFunction from PL/pgSQL source.
 *
 * libpg_query's pg_query_parse_plpgsql runs PostgreSQL's own PL/pgSQL
 * grammar over a CREATE FUNCTION or DO statement and returns the function
 * as JSON: "datums" (the variables, numbered from 0: arguments, FOUND, then
 * every declaration and implicit variable in the order the parser met them)
 * and "action" (the statement tree). We rebuild that text from the catalog
 * entry, walk the JSON into PlStmts, resolve each variable's type against the
 * catalog, and parse every SQL part once so that syntax errors surface at
 * CREATE FUNCTION, as in PostgreSQL.
 *
 * Scopes: the JSON does not say which block declared a variable, so a
 * block's declarations are taken to be the variables that follow the ones
 * already placed and are declared no later than the block's BEGIN line
 * (PostgreSQL numbers lines from the body's start). A loop's variable and
 * the handler's SQLSTATE/SQLERRM are found by their own entries. Names
 * resolve innermost first.
 *
 * What the grammar leaves out of the JSON and we recover: RETURN NEXT of a
 * plain variable (the variable is named in the source text), and the type
 * of implicit variables (FOR i: integer; FOUND: boolean; SQLSTATE and
 * SQLERRM: text).
 */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "catalog/catalog.h"
#include "sql/pl_int.h"

typedef struct Compiler {
    SqlSession *session;
    PlFunction *fn;
    Arena *arena;
    OmError *err;
    json_t *datums;
    size_t cursor; /* datums placed so far */
    const char *body;
    int return_next_seen; /* RETURN NEXT without expression met so far */
} Compiler;

static PlStmt **compile_list(Compiler *c, json_t *list, const PlScope *scope, int *n);

/* The function's name in messages (a DO block has none). */
static const char *fn_label(const Compiler *c)
{
    return c->fn->name[0] ? c->fn->name : "inline_code_block";
}

static void compile_context(Compiler *c, int lineno)
{
    if (lineno > 0)
        error_context(c->err, "compilation of PL/pgSQL function \"%s\" near line %d", fn_label(c),
                      lineno);
}

static int fail(Compiler *c, const char *sqlstate, int lineno, const char *msg)
{
    ERR(c->err, sqlstate, "%s", msg);
    compile_context(c, lineno);
    return -1;
}

/* A string member, copied into the function's arena (the JSON is freed
 * after compiling). */
static const char *jstr_in(Arena *arena, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? arena_strdup(arena, json_string_value(v)) : NULL;
}
#define jstr(o, key) jstr_in(c->arena, (o), (key))

/* A bare RETURN NEXT, as mark_bare_return_next writes it */
#define RETURN_NEXT_MARK "\"$omendb_return_next\""

/* libpg_query's JSON leaves out fields whose value is 0 (datum number 0
 * too), so a required number defaults to 0. */
static int jint(json_t *o, const char *key, int dflt)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (int)json_integer_value(v) : dflt;
}

static bool jbool(json_t *o, const char *key)
{
    return json_is_true(json_object_get(o, key));
}

/* {"PLpgSQL_x": {...}}: the kind's name and its body. */
static const char *node_kind(json_t *node, json_t **body)
{
    const char *key;
    json_t *val;
    json_object_foreach(node, key, val)
    {
        *body = val;
        return key;
    }
    *body = NULL;
    return "";
}

/* ---- SQL parts ---- */

static PlExpr *make_expr(Compiler *c, const char *sql, const PlScope *scope, int lineno)
{
    OmError perr;
    error_clear(&perr);
    Arena *tmp = arena_create(c->arena, "plpgsql check");
    PgQuery__ParseResult *tree = sql_parse_text_arena(sql, tmp, &perr);
    arena_destroy(tmp);
    if (!tree) {
        ERR(c->err, SQLSTATE_SYNTAX_ERROR, "%s", perr.message);
        error_context(c->err, "PL/pgSQL function \"%s\" line %d: %s", fn_label(c), lineno, sql);
        return NULL;
    }
    PlExpr *e = ARENA_NEW(c->arena, PlExpr);
    e->sql = arena_strdup(c->arena, sql);
    e->scope = scope;
    e->lineno = lineno;
    return e;
}

/* {"PLpgSQL_expr": {"query": ...}} as "SELECT <query>" (as_query: the query
 * itself). NULL without error when the node is missing. */
static PlExpr *expr_of(Compiler *c, json_t *node, const PlScope *scope, int lineno, bool as_query,
                       bool *failed)
{
    *failed = false;
    if (!node) return NULL;
    json_t *b;
    node_kind(node, &b);
    const char *q = b ? jstr(b, "query") : NULL;
    if (!q) return NULL;
    const char *sql = as_query ? q : arena_sprintf(c->arena, "SELECT %s", q);
    PlExpr *e = make_expr(c, sql, scope, lineno);
    if (!e) *failed = true;
    return e;
}

#define EXPR_OF(dst, node, as_query)                                                               \
    do {                                                                                           \
        bool failed_;                                                                              \
        (dst) = expr_of(c, (node), scope, s->lineno, (as_query), &failed_);                        \
        if (failed_) return NULL;                                                                  \
    } while (0)

/* The value part of "target := value" (or "target = value"); NULL when the
 * target is not a plain name or name.field. */
static const char *assign_value(const char *q, const char **field, Arena *arena)
{
    const char *p = q;
    *field = NULL;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    for (int part = 0; part < 2; part++) {
        const char *start = p;
        if (*p == '"') {
            p++;
            while (*p && !(*p == '"' && p[1] != '"')) p += *p == '"' ? 2 : 1;
            if (*p != '"') return NULL;
            p++;
        } else {
            while (*p && (*p == '_' || *p == '$' || (*p >= 'a' && *p <= 'z') ||
                          (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                          (unsigned char)*p >= 0x80))
                p++;
        }
        if (p == start) return NULL;
        if (part == 1) {
            bool quoted = *start == '"';
            char *f = arena_strndup(arena, start + quoted, (size_t)(p - start) - 2 * quoted);
            if (!quoted)
                for (char *x = f; *x; x++)
                    if (*x >= 'A' && *x <= 'Z') *x = (char)(*x - 'A' + 'a');
            *field = f;
        }
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (*p != '.') break;
        p++;
        while (*p == ' ' || *p == '\t') p++;
    }
    if (p[0] == ':' && p[1] == '=') return p + 2;
    if (p[0] == '=') return p + 1;
    return NULL;
}

/* ---- variables ---- */

static int datum_index(Compiler *c, json_t *obj)
{
    for (size_t i = 0; i < json_array_size(c->datums); i++) {
        json_t *b;
        node_kind(json_array_get(c->datums, i), &b);
        if (json_equal(b, obj)) return (int)i;
    }
    return -1;
}

static const PlScope *push(Compiler *c, const PlScope *scope, int varno, const char *label)
{
    PlVar *v = &c->fn->vars[varno];
    if (!v->name || v->name[0] == 0) return scope;
    PlScope *n = ARENA_NEW(c->arena, PlScope);
    n->name = v->name;
    n->varno = varno;
    n->label = label;
    n->next = scope;
    return n;
}

/* The type named by a declaration: "int", "t.col%TYPE", "v%TYPE",
 * "t%ROWTYPE", "record". */
static int resolve_type(Compiler *c, PlVar *v, const char *typname, const PlScope *scope,
                        int lineno)
{
    char name[256];
    snprintf(name, sizeof(name), "%s", typname);
    size_t len = strlen(name);
    while (len > 0 && name[len - 1] == ' ') name[--len] = 0;
    Catalog *cat = c->session->db->catalog;
    const char *path = c->session->settings.search_path;
    if (strcasecmp(name, "record") == 0) {
        v->kind = PL_VAR_RECORD;
        return 0;
    }
    char *pct = strchr(name, '%');
    if (pct) {
        *pct = 0;
        bool rowtype = strcasecmp(pct + 1, "ROWTYPE") == 0;
        for (char *x = name; *x; x++)
            if (*x >= 'A' && *x <= 'Z') *x = (char)(*x - 'A' + 'a');
        char *dot = strrchr(name, '.');
        if (rowtype) {
            CatTable *t = catalog_table_lookup(cat, path, name);
            if (!t) {
                char msg[300];
                snprintf(msg, sizeof(msg), "relation \"%s\" does not exist", name);
                return fail(c, SQLSTATE_UNDEFINED_TABLE, lineno, msg);
            }
            v->kind = PL_VAR_RECORD;
            v->rowtype = t;
            return 0;
        }
        if (!dot) { /* another variable's type */
            for (const PlScope *s = scope; s; s = s->next)
                if (strcmp(s->name, name) == 0 && c->fn->vars[s->varno].kind == PL_VAR_SCALAR) {
                    v->type = c->fn->vars[s->varno].type;
                    return 0;
                }
            char msg[300];
            snprintf(msg, sizeof(msg), "variable \"%s\" does not exist", name);
            return fail(c, SQLSTATE_UNDEFINED_OBJECT, lineno, msg);
        }
        *dot = 0;
        CatTable *t = catalog_table_lookup(cat, path, name);
        int col = t ? catalog_column_index(t, dot + 1) : -1;
        if (col < 0) {
            char msg[600];
            if (t)
                snprintf(msg, sizeof(msg), "column \"%s\" of relation \"%s\" does not exist",
                         dot + 1, name);
            else
                snprintf(msg, sizeof(msg), "relation \"%s\" does not exist", name);
            return fail(c, t ? SQLSTATE_UNDEFINED_COLUMN : SQLSTATE_UNDEFINED_TABLE, lineno, msg);
        }
        v->type = t->cols[col].type;
        return 0;
    }
    /* a table's name is its row type's */
    char lower[256];
    snprintf(lower, sizeof(lower), "%s", name);
    for (char *x = lower; *x; x++)
        if (*x >= 'A' && *x <= 'Z') *x = (char)(*x - 'A' + 'a');
    CatTable *rt_table = strchr(lower, '"') ? NULL : catalog_table_lookup(cat, path, lower);
    if (rt_table) {
        v->kind = PL_VAR_RECORD;
        v->rowtype = rt_table;
        return 0;
    }
    /* a type name: read it as the grammar reads a cast's */
    char *sql = arena_sprintf(c->arena, "SELECT NULL::%s", name);
    PgQuery__ParseResult *tree = sql_parse_text_arena(sql, c->arena, c->err);
    if (!tree) return -1;
    PgQuery__Node *n = tree->stmts[0]->stmt;
    PgQuery__ResTarget *rt = n->select_stmt->target_list[0]->res_target;
    if (rt->val->node_case != PG_QUERY__NODE__NODE_TYPE_CAST)
        return fail(c, SQLSTATE_SYNTAX_ERROR, lineno, "invalid type name");
    StmtCtx sc;
    sql_plan_ctx_init(&sc, c->session, c->arena, c->err, sql);
    if (bind_type_name(&sc.binder, rt->val->type_cast->type_name, &v->type) != 0) {
        compile_context(c, lineno);
        return -1;
    }
    return 0;
}

/* Declares datum i (a PLpgSQL_var) with its type and default. */
static int declare(Compiler *c, int i, const PlScope *scope)
{
    json_t *b;
    const char *kind = node_kind(json_array_get(c->datums, (size_t)i), &b);
    PlVar *v = &c->fn->vars[i];
    if (strcmp(kind, "PLpgSQL_var") != 0 && strcmp(kind, "PLpgSQL_rec") != 0) return 0;
    json_t *dt = json_object_get(b, "datatype");
    json_t *tb = NULL;
    if (dt) node_kind(dt, &tb);
    const char *typname = tb ? jstr(tb, "typname") : NULL;
    int lineno = jint(b, "lineno", 0);
    if (typname && strcmp(typname, "UNKNOWN") != 0 &&
        resolve_type(c, v, typname, scope, lineno) != 0)
        return -1;
    v->isconst = jbool(b, "isconst");
    v->notnull = jbool(b, "notnull");
    json_t *dv = json_object_get(b, "default_val");
    if (dv) {
        bool failed;
        v->default_val = expr_of(c, dv, scope, lineno, false, &failed);
        if (failed) return -1;
    }
    if (v->notnull && !v->default_val) {
        char msg[300];
        snprintf(msg, sizeof(msg),
                 "variable \"%s\" must have a default value, since it's declared NOT NULL",
                 v->name);
        return fail(c, SQLSTATE_NULL_VALUE_NOT_ALLOWED, lineno, msg);
    }
    return 0;
}

/* The varnos of an INTO / FOR target {"PLpgSQL_row": {"fields": [...]}}. */
static int read_targets(Compiler *c, json_t *target, PlStmt *s)
{
    json_t *b;
    node_kind(target, &b);
    json_t *fields = b ? json_object_get(b, "fields") : NULL;
    if (!fields) {
        int i = b ? datum_index(c, b) : -1;
        if (i < 0) return fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno, "unsupported target");
        s->targets = ARENA_NEW_ARRAY(c->arena, int, 1);
        s->targets[0] = i;
        s->ntargets = 1;
        return 0;
    }
    s->ntargets = (int)json_array_size(fields);
    s->targets = ARENA_NEW_ARRAY(c->arena, int, s->ntargets > 0 ? s->ntargets : 1);
    for (int k = 0; k < s->ntargets; k++) {
        json_t *f = json_array_get(fields, (size_t)k);
        int varno = jint(f, "varno", 0);
        if (varno < 0 || varno >= c->fn->nvars)
            return fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno, "unsupported target");
        s->targets[k] = varno;
    }
    return 0;
}

/* The name after the k-th "RETURN NEXT" that has no expression in the JSON
 * (the grammar keeps a plain variable as a datum number the JSON omits). */
static const char *return_next_name(Compiler *c, int k)
{
    const char *p = c->body;
    int seen = 0;
    while (*p) {
        if (*p == '\'' || *p == '"') { /* skip quoted text */
            char q = *p++;
            while (*p && *p != q) p++;
            if (*p) p++;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n') p++;
            continue;
        }
        if (strncasecmp(p, "return", 6) == 0 && (p == c->body || !isalnum((unsigned char)p[-1]))) {
            const char *q = p + 6;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
            if (strncasecmp(q, "next", 4) == 0 && !isalnum((unsigned char)q[4]) && q[4] != '_') {
                q += 4;
                while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
                const char *start = q;
                while (isalnum((unsigned char)*q) || *q == '_') q++;
                const char *end = q;
                while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') q++;
                if (end > start && *q == ';') {
                    if (seen == k) {
                        char *name = arena_strndup(c->arena, start, (size_t)(end - start));
                        for (char *x = name; *x; x++)
                            if (*x >= 'A' && *x <= 'Z') *x = (char)(*x - 'A' + 'a');
                        return name;
                    }
                    seen++;
                }
            }
        }
        p++;
    }
    return NULL;
}

/* A list of expressions (RAISE's parameters, EXECUTE's USING) into
 * s->params; -1 on a syntax error. */
static int compile_params(Compiler *c, PlStmt *s, json_t *list, const PlScope *scope)
{
    s->nparams = (int)json_array_size(list);
    s->params = ARENA_NEW_ARRAY(c->arena, PlExpr *, s->nparams > 0 ? s->nparams : 1);
    for (int i = 0; i < s->nparams; i++) {
        bool failed;
        s->params[i] =
            expr_of(c, json_array_get(list, (size_t)i), scope, s->lineno, false, &failed);
        if (failed) return -1;
    }
    return 0;
}

/* ---- statements ---- */

static PlStmt *compile_stmt(Compiler *c, json_t *node, const PlScope *scope);

static PlStmt *compile_block(Compiler *c, PlStmt *s, json_t *b, const PlScope *scope)
{
    s->label = jstr(b, "label");
    /* the block's declarations: the next variables, declared up to its BEGIN */
    s->decls = ARENA_NEW_ARRAY(c->arena, int, json_array_size(c->datums) + 1);
    while (c->cursor < json_array_size(c->datums)) {
        json_t *db;
        const char *kind = node_kind(json_array_get(c->datums, c->cursor), &db);
        if (strcmp(kind, "PLpgSQL_var") != 0 && strcmp(kind, "PLpgSQL_rec") != 0) break;
        if (jint(db, "lineno", 0) > s->lineno) break;
        const char *name = jstr(db, "refname");
        if (name && (strcmp(name, "sqlstate") == 0 || strcmp(name, "sqlerrm") == 0 ||
                     strncmp(name, "__Case__Variable_", 17) == 0))
            break;
        int i = (int)c->cursor++;
        if (declare(c, i, scope) != 0) return NULL;
        s->decls[s->ndecls++] = i;
        scope = push(c, scope, i, s->label);
    }
    json_t *body = json_object_get(b, "body");
    s->body = compile_list(c, body, scope, &s->nbody);
    if (!s->body && json_array_size(body) > 0) return NULL;
    json_t *exc = json_object_get(b, "exceptions");
    if (exc) {
        json_t *eb;
        node_kind(exc, &eb);
        /* SQLSTATE and SQLERRM: the handlers' own variables */
        s->sqlstate_varno = s->sqlerrm_varno = -1;
        for (size_t i = c->cursor; i < json_array_size(c->datums); i++) {
            json_t *db;
            node_kind(json_array_get(c->datums, i), &db);
            const char *name = jstr(db, "refname");
            if (name && strcmp(name, "sqlstate") == 0 && s->sqlstate_varno < 0) {
                s->sqlstate_varno = (int)i;
                s->sqlerrm_varno = (int)i + 1;
                break;
            }
        }
        const PlScope *hscope = scope;
        if (s->sqlstate_varno >= 0) {
            c->fn->vars[s->sqlstate_varno].type = OM_TYPE(TYPE_TEXT);
            c->fn->vars[s->sqlerrm_varno].type = OM_TYPE(TYPE_TEXT);
            hscope = push(c, hscope, s->sqlstate_varno, s->label);
            hscope = push(c, hscope, s->sqlerrm_varno, s->label);
            if ((size_t)s->sqlerrm_varno + 1 > c->cursor) c->cursor = (size_t)s->sqlerrm_varno + 1;
        }
        json_t *list = json_object_get(eb, "exc_list");
        s->nhandlers = (int)json_array_size(list);
        s->handlers = ARENA_NEW_ARRAY(c->arena, PlHandler, s->nhandlers > 0 ? s->nhandlers : 1);
        for (int h = 0; h < s->nhandlers; h++) {
            json_t *hb;
            node_kind(json_array_get(list, (size_t)h), &hb);
            PlHandler *ph = &s->handlers[h];
            json_t *conds = json_object_get(hb, "conditions");
            ph->ncodes = (int)json_array_size(conds);
            ph->codes = ARENA_NEW_ARRAY(c->arena, const char *, ph->ncodes > 0 ? ph->ncodes : 1);
            for (int k = 0; k < ph->ncodes; k++) {
                json_t *cb;
                node_kind(json_array_get(conds, (size_t)k), &cb);
                const char *name = jstr(cb, "condname");
                if (!name) name = "";
                if (strcmp(name, "others") == 0) {
                    ph->others = true;
                    continue;
                }
                const char *code = pl_condition_sqlstate(name);
                if (!code && strlen(name) == 5) code = arena_strdup(c->arena, name);
                if (!code) {
                    char msg[300];
                    snprintf(msg, sizeof(msg), "unrecognized exception condition \"%s\"", name);
                    fail(c, SQLSTATE_UNDEFINED_OBJECT, s->lineno, msg);
                    return NULL;
                }
                ph->codes[k] = code;
            }
            json_t *action = json_object_get(hb, "action");
            ph->body = compile_list(c, action, hscope, &ph->nbody);
            if (!ph->body && json_array_size(action) > 0) return NULL;
        }
    }
    return s;
}

static PlStmt *compile_loop_body(Compiler *c, PlStmt *s, json_t *b, const PlScope *scope)
{
    s->label = jstr(b, "label");
    json_t *body = json_object_get(b, "body");
    s->body = compile_list(c, body, scope, &s->nbody);
    if (!s->body && json_array_size(body) > 0) return NULL;
    return s;
}

/* A GET [STACKED] DIAGNOSTICS item by the grammar's name, or -1. */
static int diag_kind(const char *k, bool stacked)
{
    static const struct {
        const char *name;
        int kind;
        bool stacked;
    } items[] = {
        {"ROW_COUNT", PL_DIAG_ROW_COUNT, false},
        {"PG_ROUTINE_OID", PL_DIAG_ROUTINE_OID, false},
        {"PG_CONTEXT", PL_DIAG_CONTEXT, false},
        {"RETURNED_SQLSTATE", PL_DIAG_SQLSTATE, true},
        {"MESSAGE_TEXT", PL_DIAG_MESSAGE, true},
        {"PG_EXCEPTION_DETAIL", PL_DIAG_DETAIL, true},
        {"PG_EXCEPTION_HINT", PL_DIAG_HINT, true},
        {"PG_EXCEPTION_CONTEXT", PL_DIAG_ERR_CONTEXT, true},
        {"COLUMN_NAME", PL_DIAG_COLUMN, true},
        {"CONSTRAINT_NAME", PL_DIAG_CONSTRAINT, true},
        {"PG_DATATYPE_NAME", PL_DIAG_DATATYPE, true},
        {"TABLE_NAME", PL_DIAG_TABLE, true},
        {"SCHEMA_NAME", PL_DIAG_SCHEMA, true},
    };
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
        if (strcmp(items[i].name, k) == 0) return items[i].stacked == stacked ? items[i].kind : -1;
    return -1;
}

/* The record variable `text` (an identifier alone) names, or -1. */
static int record_named(Compiler *c, const char *text, const PlScope *scope)
{
    char name[CATALOG_NAME_MAX];
    size_t n = 0;
    while (*text == ' ') text++;
    for (; (isalnum((unsigned char)*text) || *text == '_') && n + 1 < sizeof(name); text++)
        name[n++] = (char)tolower((unsigned char)*text);
    name[n] = 0;
    while (*text == ' ') text++;
    if (n == 0 || *text) return -1;
    for (const PlScope *sc = scope; sc; sc = sc->next)
        if (strcmp(sc->name, name) == 0)
            return c->fn->vars[sc->varno].kind == PL_VAR_RECORD ? sc->varno : -1;
    return -1;
}

static PlStmt *compile_stmt(Compiler *c, json_t *node, const PlScope *scope)
{
    json_t *b;
    const char *kind = node_kind(node, &b);
    PlStmt *s = ARENA_NEW(c->arena, PlStmt);
    s->lineno = jint(b, "lineno", 0);
    s->varno = -1;
    if (strcmp(kind, "PLpgSQL_stmt_block") == 0) {
        s->kind = PLS_BLOCK;
        return compile_block(c, s, b, scope);
    }
    if (strcmp(kind, "PLpgSQL_stmt_assign") == 0) {
        s->kind = PLS_ASSIGN;
        s->varno = jint(b, "varno", 0);
        json_t *eb;
        node_kind(json_object_get(b, "expr"), &eb);
        const char *q = eb ? jstr(eb, "query") : NULL;
        const char *value = q ? assign_value(q, &s->field, c->arena) : NULL;
        json_t *fb = NULL;
        if (s->varno >= 0 && (size_t)s->varno < json_array_size(c->datums) &&
            strcmp(node_kind(json_array_get(c->datums, (size_t)s->varno), &fb),
                   "PLpgSQL_recfield") == 0) { /* rec.field := value: the record's field */
            s->varno = jint(fb, "recparentno", 0);
            const char *field = jstr(fb, "fieldname");
            if (field) s->field = field;
        }
        if (s->varno >= 0 && s->varno < c->fn->nvars && c->fn->vars[s->varno].isconst) {
            char msg[300];
            snprintf(msg, sizeof(msg), "variable \"%s\" is declared CONSTANT",
                     c->fn->vars[s->varno].name);
            fail(c, SQLSTATE_ERROR_IN_ASSIGNMENT, s->lineno, msg);
            return NULL;
        }
        if (!value || s->varno < 0 || s->varno >= c->fn->nvars) {
            fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno,
                 "this assignment target is not supported yet (only a variable or a "
                 "record's field)");
            return NULL;
        }
        s->expr = make_expr(c, arena_sprintf(c->arena, "SELECT %s", value), scope, s->lineno);
        return s->expr ? s : NULL;
    }
    if (strcmp(kind, "PLpgSQL_stmt_if") == 0) {
        s->kind = PLS_IF;
        EXPR_OF(s->expr, json_object_get(b, "cond"), false);
        json_t *then_body = json_object_get(b, "then_body");
        s->body = compile_list(c, then_body, scope, &s->nbody);
        if (!s->body && json_array_size(then_body) > 0) return NULL;
        json_t *elsifs = json_object_get(b, "elsif_list");
        s->nconds = (int)json_array_size(elsifs);
        s->conds = ARENA_NEW_ARRAY(c->arena, PlCond, s->nconds > 0 ? s->nconds : 1);
        for (int i = 0; i < s->nconds; i++) {
            json_t *eb;
            node_kind(json_array_get(elsifs, (size_t)i), &eb);
            EXPR_OF(s->conds[i].cond, json_object_get(eb, "cond"), false);
            json_t *stmts = json_object_get(eb, "stmts");
            s->conds[i].body = compile_list(c, stmts, scope, &s->conds[i].nbody);
            if (!s->conds[i].body && json_array_size(stmts) > 0) return NULL;
        }
        json_t *else_body = json_object_get(b, "else_body");
        s->has_else = else_body != NULL;
        s->else_body = compile_list(c, else_body, scope, &s->nelse);
        if (!s->else_body && json_array_size(else_body) > 0) return NULL;
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_case") == 0) {
        s->kind = PLS_CASE;
        EXPR_OF(s->expr, json_object_get(b, "t_expr"), false);
        const PlScope *cscope = scope;
        if (s->expr) {
            s->varno = jint(b, "t_varno", 0);
            if (s->varno < 0 || s->varno >= c->fn->nvars) return NULL;
            cscope = push(c, scope, s->varno, NULL);
            if ((size_t)s->varno + 1 > c->cursor) c->cursor = (size_t)s->varno + 1;
        }
        json_t *whens = json_object_get(b, "case_when_list");
        s->nconds = (int)json_array_size(whens);
        s->conds = ARENA_NEW_ARRAY(c->arena, PlCond, s->nconds > 0 ? s->nconds : 1);
        for (int i = 0; i < s->nconds; i++) {
            json_t *wb;
            node_kind(json_array_get(whens, (size_t)i), &wb);
            bool failed;
            s->conds[i].cond =
                expr_of(c, json_object_get(wb, "expr"), cscope, s->lineno, false, &failed);
            if (failed || !s->conds[i].cond) return NULL;
            json_t *stmts = json_object_get(wb, "stmts");
            s->conds[i].body = compile_list(c, stmts, scope, &s->conds[i].nbody);
            if (!s->conds[i].body && json_array_size(stmts) > 0) return NULL;
        }
        s->has_else = jbool(b, "have_else");
        json_t *else_body = json_object_get(b, "else_stmts");
        s->else_body = compile_list(c, else_body, scope, &s->nelse);
        if (!s->else_body && json_array_size(else_body) > 0) return NULL;
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_loop") == 0) {
        s->kind = PLS_LOOP;
        return compile_loop_body(c, s, b, scope);
    }
    if (strcmp(kind, "PLpgSQL_stmt_while") == 0) {
        s->kind = PLS_WHILE;
        EXPR_OF(s->expr, json_object_get(b, "cond"), false);
        return compile_loop_body(c, s, b, scope);
    }
    if (strcmp(kind, "PLpgSQL_stmt_fori") == 0) {
        s->kind = PLS_FORI;
        EXPR_OF(s->expr, json_object_get(b, "lower"), false);
        EXPR_OF(s->expr2, json_object_get(b, "upper"), false);
        EXPR_OF(s->expr3, json_object_get(b, "step"), false);
        s->reverse = jbool(b, "reverse");
        json_t *vb;
        node_kind(json_object_get(b, "var"), &vb);
        s->varno = vb ? datum_index(c, vb) : -1;
        if (s->varno < 0) {
            fail(c, SQLSTATE_INTERNAL_ERROR, s->lineno, "FOR loop variable not found");
            return NULL;
        }
        if ((size_t)s->varno + 1 > c->cursor) c->cursor = (size_t)s->varno + 1;
        c->fn->vars[s->varno].type = OM_TYPE(TYPE_INT4);
        return compile_loop_body(c, s, b, push(c, scope, s->varno, jstr(b, "label")));
    }
    if (strcmp(kind, "PLpgSQL_stmt_fors") == 0 || strcmp(kind, "PLpgSQL_stmt_dynfors") == 0) {
        s->kind = strcmp(kind, "PLpgSQL_stmt_fors") == 0 ? PLS_FORS : PLS_DYNFORS;
        if (s->kind == PLS_FORS) {
            EXPR_OF(s->expr, json_object_get(b, "query"), true);
        } else {
            EXPR_OF(s->expr, json_object_get(b, "query"), false);
            if (compile_params(c, s, json_object_get(b, "params"), scope) != 0) return NULL;
        }
        if (read_targets(c, json_object_get(b, "var"), s) != 0) return NULL;
        json_t *vb;
        node_kind(json_object_get(b, "var"), &vb);
        int row = vb ? datum_index(c, vb) : -1;
        if (row >= 0 && (size_t)row + 1 > c->cursor) c->cursor = (size_t)row + 1;
        return compile_loop_body(c, s, b, scope);
    }
    if (strcmp(kind, "PLpgSQL_stmt_foreach_a") == 0) {
        s->kind = PLS_FOREACH;
        s->varno = jint(b, "varno", 0);
        if (jint(b, "slice", 0) != 0) {
            fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno,
                 "FOREACH ... SLICE is not supported yet");
            return NULL;
        }
        EXPR_OF(s->expr, json_object_get(b, "expr"), false);
        return compile_loop_body(c, s, b, scope);
    }
    if (strcmp(kind, "PLpgSQL_stmt_exit") == 0) {
        s->kind = PLS_EXIT;
        s->is_exit = jbool(b, "is_exit");
        s->label = jstr(b, "label");
        EXPR_OF(s->expr, json_object_get(b, "cond"), false);
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_return") == 0) {
        s->kind = PLS_RETURN;
        EXPR_OF(s->expr, json_object_get(b, "expr"), false);
        /* the grammar ends a body with a RETURN of its own (no line) */
        s->implicit = !json_object_get(b, "lineno");
        if (!s->expr && !s->implicit && !c->fn->is_void && !c->fn->retset && !pl_out_vars(c->fn)) {
            fail(c, SQLSTATE_SYNTAX_ERROR, s->lineno, "missing expression at or near \";\"");
            return NULL;
        }
        if (s->expr && c->fn->is_void) {
            fail(c, SQLSTATE_DATATYPE_MISMATCH, s->lineno,
                 "RETURN cannot have a parameter in function returning void");
            return NULL;
        }
        if (s->expr && c->fn->is_trigger) /* RETURN NEW, OLD or another record: its row */
            s->varno = record_named(c, s->expr->sql + strlen("SELECT "), scope);
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_return_next") == 0) {
        s->kind = PLS_RETURN_NEXT;
        EXPR_OF(s->expr, json_object_get(b, "expr"), false);
        if (s->expr && pl_out_vars(c->fn)) {
            if (strcmp(s->expr->sql, "SELECT " RETURN_NEXT_MARK) != 0) {
                fail(c, SQLSTATE_DATATYPE_MISMATCH, s->lineno,
                     "RETURN NEXT cannot have a parameter in function with OUT parameters");
                return NULL;
            }
            s->expr = NULL;
        }
        if (!s->expr && !pl_out_vars(c->fn)) { /* RETURN NEXT variable */
            const char *name = return_next_name(c, c->return_next_seen++);
            if (!name) {
                fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno,
                     "this form of RETURN NEXT is not supported yet");
                return NULL;
            }
            for (const PlScope *sc = scope; sc; sc = sc->next) /* a record: its fields */
                if (strcmp(sc->name, name) == 0) {
                    if (c->fn->vars[sc->varno].kind == PL_VAR_RECORD) s->varno = sc->varno;
                    break;
                }
            s->expr = make_expr(c, arena_sprintf(c->arena, "SELECT %s", name), scope, s->lineno);
            if (!s->expr) return NULL;
        }
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_return_query") == 0) {
        s->kind = PLS_RETURN_QUERY;
        json_t *q = json_object_get(b, "query");
        if (q) {
            EXPR_OF(s->expr, q, true);
        } else {
            EXPR_OF(s->expr2, json_object_get(b, "dynquery"), false);
            if (compile_params(c, s, json_object_get(b, "params"), scope) != 0) return NULL;
        }
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_raise") == 0) {
        s->kind = PLS_RAISE;
        s->elevel = jint(b, "elog_level", 21);
        s->message = jstr(b, "message");
        s->condname = jstr(b, "condname");
        if (compile_params(c, s, json_object_get(b, "params"), scope) != 0) return NULL;
        json_t *opts = json_object_get(b, "options");
        s->nopts = (int)json_array_size(opts);
        s->opts = ARENA_NEW_ARRAY(c->arena, PlRaiseOpt, s->nopts > 0 ? s->nopts : 1);
        for (int i = 0; i < s->nopts; i++) {
            json_t *ob;
            node_kind(json_array_get(opts, (size_t)i), &ob);
            s->opts[i].type = jint(ob, "opt_type", 0);
            if (s->opts[i].type > PL_RAISE_HINT) {
                fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno,
                     "RAISE option COLUMN, CONSTRAINT, DATATYPE, TABLE or SCHEMA is not "
                     "supported yet");
                return NULL;
            }
            EXPR_OF(s->opts[i].expr, json_object_get(ob, "expr"), false);
        }
        if (s->condname && !pl_condition_sqlstate(s->condname) &&
            !(strlen(s->condname) == 5 && s->condname[0] != '\0')) {
            char msg[300];
            snprintf(msg, sizeof(msg), "unrecognized exception condition \"%s\"", s->condname);
            fail(c, SQLSTATE_UNDEFINED_OBJECT, s->lineno, msg);
            return NULL;
        }
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_assert") == 0) {
        s->kind = PLS_ASSERT;
        EXPR_OF(s->expr, json_object_get(b, "cond"), false);
        EXPR_OF(s->expr2, json_object_get(b, "message"), false);
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_execsql") == 0) {
        s->kind = PLS_EXECSQL;
        EXPR_OF(s->expr, json_object_get(b, "sqlstmt"), true);
        s->into = jbool(b, "into");
        s->strict = jbool(b, "strict");
        if (s->into && read_targets(c, json_object_get(b, "target"), s) != 0) return NULL;
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_perform") == 0) {
        s->kind = PLS_PERFORM;
        EXPR_OF(s->expr, json_object_get(b, "expr"), true);
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_dynexecute") == 0) {
        s->kind = PLS_DYNEXECUTE;
        EXPR_OF(s->expr, json_object_get(b, "query"), false);
        s->into = jbool(b, "into");
        s->strict = jbool(b, "strict");
        if (s->into && read_targets(c, json_object_get(b, "target"), s) != 0) return NULL;
        if (compile_params(c, s, json_object_get(b, "params"), scope) != 0) return NULL;
        return s;
    }
    if (strcmp(kind, "PLpgSQL_stmt_getdiag") == 0) {
        s->kind = PLS_GETDIAG;
        s->stacked = jbool(b, "is_stacked");
        json_t *items = json_object_get(b, "diag_items");
        s->ndiag = (int)json_array_size(items);
        s->diag_kinds = ARENA_NEW_ARRAY(c->arena, int, s->ndiag > 0 ? s->ndiag : 1);
        s->diag_targets = ARENA_NEW_ARRAY(c->arena, int, s->ndiag > 0 ? s->ndiag : 1);
        for (int i = 0; i < s->ndiag; i++) {
            json_t *ib;
            node_kind(json_array_get(items, (size_t)i), &ib);
            const char *k = jstr(ib, "kind");
            int dk = diag_kind(k ? k : "", s->stacked);
            if (dk < 0) { /* the grammar checks which items each form takes */
                fail(c, SQLSTATE_SYNTAX_ERROR, s->lineno, "unrecognized GET DIAGNOSTICS item");
                return NULL;
            }
            s->diag_kinds[i] = dk;
            s->diag_targets[i] = jint(ib, "target", 0);
        }
        return s;
    }
    char msg[200];
    const char *what = strncmp(kind, "PLpgSQL_stmt_", 13) == 0 ? kind + 13 : kind;
    snprintf(msg, sizeof(msg), "PL/pgSQL statement \"%s\" is not supported yet", what);
    fail(c, SQLSTATE_FEATURE_NOT_SUPPORTED, s->lineno, msg);
    return NULL;
}

static PlStmt **compile_list(Compiler *c, json_t *list, const PlScope *scope, int *n)
{
    *n = (int)json_array_size(list);
    if (*n == 0) return NULL;
    PlStmt **out = ARENA_NEW_ARRAY(c->arena, PlStmt *, *n);
    for (int i = 0; i < *n; i++) {
        out[i] = compile_stmt(c, json_array_get(list, (size_t)i), scope);
        if (!out[i]) return NULL;
    }
    return out;
}

/* ---- the function ---- */

/* A dollar quote that does not occur in body. */
static const char *quote_tag(const char *body, char *buf, size_t cap)
{
    for (int i = 0;; i++) {
        snprintf(buf, cap, "$omendb_pl%d$", i);
        if (!strstr(body, buf)) return buf;
    }
}

/* The IN argument / OUT column named `name` (INOUT is both), or -1. */
static int in_index(const CatFunction *f, const char *name)
{
    for (int i = 0; name[0] && i < f->nargs; i++)
        if (strcmp(f->args[i].name, name) == 0) return i;
    return -1;
}

static int out_index(const CatFunction *f, const char *name)
{
    for (int i = 0; name[0] && i < f->nout; i++)
        if (strcmp(f->out[i].name, name) == 0) return i;
    return -1;
}

/* The grammar of libpg_query 15-4.0 does not know a function's OUT
 * parameters, so a bare RETURN NEXT (which returns them) is a syntax error
 * to it: such statements become RETURN NEXT <marker>, read back as bare
 * (compile_stmt). Quoted text and comments are left alone. */
static const char *mark_bare_return_next(Arena *arena, const char *body)
{
    StrBuf sb;
    strbuf_init(&sb, arena);
    const char *p = body;
    while (*p) {
        if (*p == '\'' || *p == '"') { /* quoted text */
            const char *q = p + 1;
            while (*q && *q != *p) q++;
            if (*q) q++;
            strbuf_append(&sb, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            const char *q = p;
            while (*q && *q != '\n') q++;
            strbuf_append(&sb, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            const char *q = end ? end + 2 : p + strlen(p);
            strbuf_append(&sb, p, (size_t)(q - p));
            p = q;
            continue;
        }
        bool word_start = p == body || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        if (word_start && strncasecmp(p, "return", 6) == 0) {
            const char *q = p + 6;
            while (isspace((unsigned char)*q)) q++;
            if (q > p + 6 && strncasecmp(q, "next", 4) == 0 &&
                !(isalnum((unsigned char)q[4]) || q[4] == '_')) {
                const char *r = q + 4;
                while (isspace((unsigned char)*r)) r++;
                if (*r == ';') {
                    strbuf_append(&sb, p, (size_t)(q + 4 - p));
                    strbuf_puts(&sb, " " RETURN_NEXT_MARK);
                    p = q + 4;
                    continue;
                }
            }
        }
        strbuf_append(&sb, p, 1);
        p++;
    }
    return sb.data;
}

/* The CREATE FUNCTION (or DO) text the grammar reads: names and modes
 * matter to it (arguments are variables, OUT ones too; RETURN's form depends
 * on the result), types do not. */
static char *source_text(Compiler *c, const CatFunction *f, const char *body)
{
    if (f && f->retset && f->nout > 0 && !f->ret_rel) body = mark_bare_return_next(c->arena, body);
    char tagbuf[32];
    const char *tag = quote_tag(body, tagbuf, sizeof(tagbuf));
    StrBuf sb;
    strbuf_init(&sb, c->arena);
    if (!f) {
        strbuf_printf(&sb, "DO %s%s%s", tag, body, tag);
        return sb.data;
    }
    /* every argument gets a name, so that each is a variable the grammar
     * numbers ($n still reaches an unnamed one) */
    strbuf_puts(&sb, "CREATE FUNCTION plfn(");
    for (int i = 0; i < f->nargs; i++) {
        if (i) strbuf_puts(&sb, ", ");
        if (out_index(f, f->args[i].name) >= 0) strbuf_puts(&sb, "INOUT ");
        if (f->args[i].name[0])
            sql_put_quoted_ident(&sb, f->args[i].name);
        else
            strbuf_printf(&sb, "\"$omendb_%d\"", i + 1);
        strbuf_puts(&sb, " int");
    }
    int n = f->nargs;
    for (int i = 0; !f->ret_rel && i < f->nout; i++) {
        if (in_index(f, f->out[i].name) >= 0) continue;
        if (n++) strbuf_puts(&sb, ", ");
        strbuf_puts(&sb, "OUT ");
        if (f->out[i].name[0])
            sql_put_quoted_ident(&sb, f->out[i].name);
        else
            strbuf_printf(&sb, "\"$omendb_out%d\"", i + 1);
        strbuf_puts(&sb, " int");
    }
    strbuf_puts(&sb, ") RETURNS ");
    bool out_vars = f->nout > 0 && !f->ret_rel;
    if (f->retset)
        strbuf_puts(&sb, out_vars ? "SETOF record" : "SETOF int");
    else if (out_vars)
        strbuf_puts(&sb, "record");
    else if (f->is_trigger)
        strbuf_puts(&sb, "trigger");
    else if (f->ret.id == TYPE_VOID)
        strbuf_puts(&sb, "void");
    else
        strbuf_puts(&sb, "int");
    strbuf_printf(&sb, " AS %s%s%s LANGUAGE plpgsql", tag, body, tag);
    return sb.data;
}

static void set_signature(PlFunction *fn, const CatFunction *f)
{
    if (!f) {
        snprintf(fn->signature, sizeof(fn->signature), "inline_code_block");
        return;
    }
    catalog_function_signature(f, fn->signature, sizeof(fn->signature));
}

/* A trigger function's NEW and OLD (the grammar's records) and its TG_
 * variables (added after the grammar's datums), in scope everywhere. */
static int trigger_variables(Compiler *c, json_t *fb, const PlScope **scope)
{
    PlFunction *fn = c->fn;
    fn->new_varno = jint(fb, "new_varno", -1);
    fn->old_varno = jint(fb, "old_varno", -1);
    if (fn->new_varno < 0 || fn->old_varno < 0 || fn->new_varno >= fn->nvars ||
        fn->old_varno >= fn->nvars)
        return ERR(c->err, SQLSTATE_INTERNAL_ERROR, "trigger function without NEW and OLD");
    for (int k = 0; k < 2; k++) {
        int v = k ? fn->old_varno : fn->new_varno;
        fn->vars[v].kind = PL_VAR_RECORD;
        *scope = push(c, *scope, v, NULL);
        if ((size_t)v + 1 > c->cursor) c->cursor = (size_t)v + 1;
    }
    int ntg = pl_trigger_var_count();
    PlVar *vars = ARENA_NEW_ARRAY(c->arena, PlVar, fn->nvars + ntg);
    memcpy(vars, fn->vars, sizeof(PlVar) * (size_t)fn->nvars);
    fn->tg_varno = fn->nvars;
    fn->vars = vars;
    fn->nvars += ntg;
    for (int k = 0; k < ntg; k++) {
        PlVar *v = &vars[fn->tg_varno + k];
        v->name = pl_trigger_var(k, &v->type);
        v->kind = PL_VAR_SCALAR;
        *scope = push(c, *scope, fn->tg_varno + k, NULL);
    }
    return 0;
}

PlFunction *pl_compile(SqlSession *s, const CatFunction *f, const char *body, Arena *parent,
                       OmError *err)
{
    Arena *arena = arena_create(parent, "plpgsql function");
    PlFunction *fn = ARENA_NEW(arena, PlFunction);
    fn->arena = arena;
    Compiler c = {s, fn, arena, err, NULL, 0, body, 0};
    CatFunction one_out;
    CatFuncArg one_col;
    if (f && f->nout == 0 && f->out_name[0]) { /* its single OUT parameter as a column */
        one_out = *f;
        memset(&one_col, 0, sizeof(one_col));
        memcpy(one_col.name, f->out_name, sizeof(one_col.name));
        one_col.type = f->ret;
        one_out.nout = 1;
        one_out.out = &one_col;
        f = &one_out;
    }
    if (f) {
        fn->oid = f->oid;
        snprintf(fn->name, sizeof(fn->name), "%s", f->name);
        fn->nargs = f->nargs;
        fn->rettype = f->ret;
        fn->retset = f->retset;
        fn->is_void = f->ret.id == TYPE_VOID && f->nout == 0 && !f->is_trigger;
        fn->strict = f->strict;
        fn->is_trigger = f->is_trigger;
        fn->nout = f->nout;
        fn->out_types = ARENA_NEW_ARRAY(arena, OmType, f->nout > 0 ? f->nout : 1);
        fn->out_names = ARENA_NEW_ARRAY(arena, const char *, f->nout > 0 ? f->nout : 1);
        fn->out_varno = ARENA_NEW_ARRAY(arena, int, f->nout > 0 ? f->nout : 1);
        for (int i = 0, k = 0; i < f->nout; i++) {
            fn->out_types[i] = f->out[i].type;
            fn->out_names[i] = arena_strdup(arena, f->out[i].name);
            int in = in_index(f, f->out[i].name);
            fn->out_varno[i] = f->ret_rel ? -1 : in >= 0 ? in : f->nargs + k++;
        }
    } else {
        fn->is_void = true;
        fn->rettype = OM_TYPE(TYPE_VOID);
    }
    set_signature(fn, f);
    fn->catalog_version = catalog_version(s->db->catalog);
    const char *text = source_text(&c, f, body);
    PgQueryPlpgsqlParseResult pr = pg_query_parse_plpgsql(text);
    if (pr.error) {
        const char *m = pr.error->message;
        const char *code = SQLSTATE_SYNTAX_ERROR;
        if (strstr(m, "RETURN cannot have a parameter")) code = SQLSTATE_DATATYPE_MISMATCH;
        if (strstr(m, "is declared CONSTANT")) code = SQLSTATE_ERROR_IN_ASSIGNMENT;
        if (strstr(m, "declared NOT NULL")) code = SQLSTATE_NULL_VALUE_NOT_ALLOWED;
        if (strstr(m, "unrecognized exception condition")) code = SQLSTATE_UNDEFINED_OBJECT;
        ERR(err, code, "%s", m);
        if (pr.error->lineno > 0)
            error_context(err, "compilation of PL/pgSQL function \"%s\" near line %d",
                          f ? f->name : "inline_code_block", pr.error->lineno);
        pg_query_free_plpgsql_parse_result(pr);
        arena_destroy(arena);
        return NULL;
    }
    json_error_t jerr;
    json_t *root = json_loads(pr.plpgsql_funcs ? pr.plpgsql_funcs : "[]", 0, &jerr);
    pg_query_free_plpgsql_parse_result(pr);
    json_t *fb = NULL;
    if (root && json_array_size(root) == 1) node_kind(json_array_get(root, 0), &fb);
    if (!fb) {
        json_decref(root);
        arena_destroy(arena);
        ERR(err, SQLSTATE_INTERNAL_ERROR, "could not read the PL/pgSQL parse");
        return NULL;
    }
    c.datums = json_object_get(fb, "datums");
    fn->nvars = (int)json_array_size(c.datums);
    fn->vars = ARENA_NEW_ARRAY(arena, PlVar, fn->nvars > 0 ? fn->nvars : 1);
    for (int i = 0; i < fn->nvars; i++) {
        json_t *db;
        node_kind(json_array_get(c.datums, (size_t)i), &db);
        const char *name = jstr_in(arena, db, "refname");
        PlVar *v = &fn->vars[i];
        v->name = name && strcmp(name, "(unnamed row)") != 0 ? arena_strdup(arena, name) : "";
        v->type = OM_TYPE(TYPE_UNKNOWN);
    }
    /* arguments (and OUT arguments), then FOUND */
    const PlScope *scope = NULL;
    /* the variables of OUT-only columns follow the arguments */
    OmType ptypes[CATALOG_FUNC_MAX_ARGS * 2];
    int nparams = 0;
    for (int i = 0; f && i < f->nargs; i++) ptypes[nparams++] = f->args[i].type;
    for (int i = 0; f && !f->ret_rel && i < f->nout; i++)
        if (in_index(f, f->out[i].name) < 0) ptypes[nparams++] = f->out[i].type;
    fn->found_varno = -1;
    int rc = 0;
    for (int i = 0; i < fn->nvars && i <= nparams; i++) {
        PlVar *v = &fn->vars[i];
        if (i < nparams) {
            v->type = ptypes[i];
            if (v->type.id == TYPE_RECORD) v->kind = PL_VAR_RECORD;
        } else if (strcmp(v->name, "found") == 0) {
            v->type = OM_TYPE(TYPE_BOOL);
            fn->found_varno = i;
        }
        scope = push(&c, scope, i, fn->name[0] ? fn->name : NULL);
        c.cursor = (size_t)i + 1;
    }
    if (fn->is_trigger && rc == 0) rc = trigger_variables(&c, fb, &scope);
    json_t *action = json_object_get(fb, "action");
    if (!action) rc = ERR(err, SQLSTATE_INTERNAL_ERROR, "PL/pgSQL function without a body");
    if (rc == 0) {
        fn->action = compile_stmt(&c, action, scope);
        if (!fn->action) rc = -1;
    }
    json_decref(root);
    if (rc != 0) {
        if (!err->is_set) ERR(err, SQLSTATE_INTERNAL_ERROR, "could not compile the function");
        arena_destroy(arena);
        return NULL;
    }
    return fn;
}

void pl_function_free(PlFunction *fn)
{
    /* the plans' arenas are children of the function's */
    if (fn) arena_destroy(fn->arena);
}
