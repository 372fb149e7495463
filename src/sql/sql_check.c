/*
 * sql_check.c — CHECK constraints: binding a condition over a table, the
 * texts kept in the catalog, validation over existing rows, and binding the
 * table's checks for INSERT / UPDATE / COPY plans.
 *
 * Texts: the condition is printed from the bound expression the way
 * PostgreSQL's ruleutils prints a stored constraint (pg_get_constraintdef):
 * every operator, boolean and NULL test in parentheses, implicit casts shown
 * as (x)::type, constants with their type where PostgreSQL shows it
 * ('-5'::integer, 'abc'::text, (0)::numeric), and in pretty form (psql \d)
 * without the redundant parentheses. The binder folds casts of constants, so
 * a numeric or float constant that looks like an integer is printed as the
 * cast of an integer constant, which is how it reaches a numeric column in
 * PostgreSQL. A third text, `bind_sql`, is what the binder reads back; it
 * differs only where OmenDB cannot bind PostgreSQL's output (x = ANY
 * (ARRAY[...]) is kept as x IN (...)).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/type_io.h"
#include "exec/func_array.h"
#include "exec/func_record.h"
#include "exec/func_registry.h"
#include "plan/planner.h"
#include "sql/sql_alter.h"

typedef enum PrintMode { PM_BIND, PM_PLAIN, PM_PRETTY } PrintMode;

typedef struct Printer {
    StrBuf *sb;
    const char *const *names;
    PrintMode mode;
} Printer;

static const char *const reserved[] = {"all",          "analyse",
                                       "analyze",      "and",
                                       "any",          "array",
                                       "as",           "asc",
                                       "asymmetric",   "both",
                                       "case",         "cast",
                                       "check",        "collate",
                                       "column",       "constraint",
                                       "create",       "current_catalog",
                                       "current_date", "current_role",
                                       "current_time", "current_timestamp",
                                       "current_user", "default",
                                       "deferrable",   "desc",
                                       "distinct",     "do",
                                       "else",         "end",
                                       "except",       "false",
                                       "fetch",        "for",
                                       "foreign",      "from",
                                       "grant",        "group",
                                       "having",       "in",
                                       "initially",    "intersect",
                                       "into",         "lateral",
                                       "leading",      "limit",
                                       "localtime",    "localtimestamp",
                                       "not",          "null",
                                       "offset",       "on",
                                       "only",         "or",
                                       "order",        "placing",
                                       "primary",      "references",
                                       "returning",    "select",
                                       "session_user", "some",
                                       "symmetric",    "table",
                                       "then",         "to",
                                       "trailing",     "true",
                                       "union",        "unique",
                                       "user",         "using",
                                       "variadic",     "when",
                                       "where",        "window",
                                       "with",         NULL};

static void put_ident(StrBuf *sb, const char *id)
{
    bool plain = id[0] && (islower((unsigned char)id[0]) || id[0] == '_');
    for (const char *p = id; *p && plain; p++)
        plain = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
    for (int i = 0; plain && reserved[i]; i++) plain = strcmp(reserved[i], id) != 0;
    if (plain) {
        strbuf_puts(sb, id);
        return;
    }
    strbuf_putc(sb, '"');
    for (const char *p = id; *p; p++) {
        if (*p == '"') strbuf_putc(sb, '"');
        strbuf_putc(sb, *p);
    }
    strbuf_putc(sb, '"');
}

static void put_type(StrBuf *sb, OmType t)
{
    char name[128];
    type_format(t, name, sizeof(name));
    strbuf_puts(sb, name);
}

static void put_quoted(StrBuf *sb, const char *s, size_t len)
{
    strbuf_putc(sb, '\'');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'') strbuf_putc(sb, '\'');
        strbuf_putc(sb, s[i]);
    }
    strbuf_putc(sb, '\'');
}

static bool is_integer_text(const char *s)
{
    if (*s == '-') s++;
    if (!*s) return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s)) return false;
    return true;
}

static void print_const(Printer *p, const Expr *e)
{
    StrBuf *sb = p->sb;
    const Value *v = &e->u.value;
    if (v->is_null || e->type.id == TYPE_NULL) {
        strbuf_puts(sb, "NULL");
        if (e->type.id != TYPE_NULL && e->type.id != TYPE_UNKNOWN) {
            strbuf_puts(sb, "::");
            put_type(sb, e->type);
        }
        return;
    }
    StrBuf txt;
    strbuf_init(&txt, NULL);
    type_text_out(e->type, &v->u, NULL, &txt);
    const char *s = txt.data ? txt.data : "";
    bool pretty = p->mode == PM_PRETTY;
    switch (e->type.id) {
    case TYPE_BOOL:
        strbuf_puts(sb, v->u.b ? "true" : "false");
        break;
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8: {
        /* cross-type integer operators: PostgreSQL keeps an int4 literal */
        bool fits = e->type.id != TYPE_INT8 || (v->u.i64 >= INT32_MIN && v->u.i64 <= INT32_MAX);
        if (fits && s[0] != '-') {
            strbuf_puts(sb, s);
        } else {
            put_quoted(sb, s, strlen(s));
            strbuf_puts(sb, fits ? "::integer" : "::bigint");
        }
        break;
    }
    case TYPE_NUMERIC:
    case TYPE_FLOAT4:
    case TYPE_FLOAT8: {
        bool integer = is_integer_text(s);
        bool plain_numeric =
            e->type.id == TYPE_NUMERIC && !integer && s[0] != '-' && isdigit((unsigned char)s[0]);
        if (plain_numeric) {
            strbuf_puts(sb, s);
            break;
        }
        /* the cast of an integer (or numeric) literal, as PostgreSQL keeps it */
        if (!pretty) strbuf_putc(sb, '(');
        if (s[0] == '-') {
            put_quoted(sb, s, strlen(s));
            strbuf_puts(sb, integer ? "::integer" : "::numeric");
        } else {
            strbuf_puts(sb, s);
        }
        if (!pretty) strbuf_putc(sb, ')');
        strbuf_puts(sb, "::");
        put_type(sb, e->type);
        break;
    }
    default:
        put_quoted(sb, s, strlen(s));
        if (e->type.id != TYPE_UNKNOWN) {
            strbuf_puts(sb, "::");
            OmType t = e->type;
            put_type(sb, t);
        }
        break;
    }
    strbuf_fini(&txt);
}

static bool is_cast(const Expr *e)
{
    return e->kind == EXPR_FUNC && e->u.func.def && (e->u.func.def->flags & FUNC_IS_CAST);
}

static bool is_op(const Expr *e)
{
    return e->kind == EXPR_FUNC && e->u.func.def && (e->u.func.def->flags & FUNC_IS_OPERATOR) &&
           !is_cast(e);
}

static bool is_arith(const Expr *e, bool *high)
{
    if (!is_op(e) || e->nargs != 2) return false;
    const char *n = e->u.func.def->name;
    if (strlen(n) != 1) return false;
    if (strchr("+-", n[0])) {
        *high = false;
        return true;
    }
    if (strchr("*/%", n[0])) {
        *high = true;
        return true;
    }
    return false;
}

/* PostgreSQL's isSimpleNode for pretty printing: may `node` go without
 * parentheses under `parent`? */
static bool simple_node(const Expr *node, const Expr *parent)
{
    switch (node->kind) {
    case EXPR_VAR:
    case EXPR_COLUMN:
    case EXPR_CONST:
    case EXPR_PARAM:
    case EXPR_COALESCE:
    case EXPR_NULLIF:
    case EXPR_CASE:
        return true;
    case EXPR_FUNC:
        if (!is_op(node)) return true;
        if (is_op(parent)) {
            bool hi, phi;
            if (!is_arith(node, &hi) || !is_arith(parent, &phi)) return false;
            if (hi && !phi) return true;
            if (!hi && phi) return false;
            return parent->args[0] == node;
        }
        /* fall through */
    case EXPR_IS_NULL:
    case EXPR_IS_NOT_NULL:
    case EXPR_IS_TRUE:
    case EXPR_IS_NOT_TRUE:
    case EXPR_IS_FALSE:
    case EXPR_IS_NOT_FALSE:
    case EXPR_IS_DISTINCT:
    case EXPR_IS_NOT_DISTINCT:
        if (is_cast(parent)) return false;
        return parent->kind == EXPR_AND || parent->kind == EXPR_OR || parent->kind == EXPR_NOT ||
               parent->kind == EXPR_COALESCE || parent->kind == EXPR_NULLIF ||
               parent->kind == EXPR_CASE;
    case EXPR_AND:
    case EXPR_OR:
    case EXPR_NOT:
        if (parent->kind == EXPR_AND || parent->kind == EXPR_OR) {
            if (node->kind == EXPR_NOT || node->kind == EXPR_AND) return true;
            return node->kind == EXPR_OR && parent->kind == EXPR_OR;
        }
        if (is_cast(parent)) return false;
        return parent->kind == EXPR_COALESCE || parent->kind == EXPR_NULLIF ||
               parent->kind == EXPR_CASE;
    default:
        return false;
    }
}

static int print_expr(Printer *p, const Expr *e, const Expr *parent);

/* A child: in pretty form parenthesised unless simple under its parent. */
static int print_child(Printer *p, const Expr *e, const Expr *parent)
{
    bool paren = p->mode == PM_PRETTY && !simple_node(e, parent);
    if (paren) strbuf_putc(p->sb, '(');
    int rc = print_expr(p, e, parent);
    if (paren) strbuf_putc(p->sb, ')');
    return rc;
}

static void open_paren(Printer *p)
{
    if (p->mode != PM_PRETTY) strbuf_putc(p->sb, '(');
}

static void close_paren(Printer *p)
{
    if (p->mode != PM_PRETTY) strbuf_putc(p->sb, ')');
}

static int print_list(Printer *p, Expr *const *args, int n, const Expr *parent)
{
    for (int i = 0; i < n; i++) {
        if (i) strbuf_puts(p->sb, ", ");
        if (print_expr(p, args[i], parent) != 0) return -1;
    }
    return 0;
}

static int print_expr(Printer *p, const Expr *e, const Expr *parent)
{
    (void)parent;
    StrBuf *sb = p->sb;
    switch (e->kind) {
    case EXPR_VAR:
        put_ident(sb, p->names[e->u.var.attno]);
        return 0;
    case EXPR_CONST:
        print_const(p, e);
        return 0;
    case EXPR_FUNC: {
        const FuncDef *def = e->u.func.def;
        if (def == &func_record_field) return -1; /* the field's name is not at hand */
        if (def == func_array_lookup("array")) {
            strbuf_puts(sb, "ARRAY[");
            if (print_list(p, e->args, e->nargs, e) != 0) return -1;
            strbuf_putc(sb, ']');
            return 0;
        }
        if (def == func_array_lookup("[]") || def == func_array_lookup("[:]")) {
            open_paren(p);
            if (print_child(p, e->args[0], e) != 0) return -1;
            close_paren(p);
            for (int i = 1; i < e->nargs; i++) {
                bool slice = def == func_array_lookup("[:]");
                if (slice && i == 2) continue;
                strbuf_putc(sb, '[');
                if (!(slice && e->args[i]->type.id == TYPE_NULL) &&
                    print_child(p, e->args[i], e) != 0)
                    return -1;
                if (slice) {
                    strbuf_putc(sb, ':');
                    if (e->args[2]->type.id != TYPE_NULL && print_child(p, e->args[2], e) != 0)
                        return -1;
                }
                strbuf_putc(sb, ']');
            }
            return 0;
        }
        if (is_cast(e)) {
            const Expr *arg = e->args[0];
            open_paren(p);
            if (print_child(p, arg, e) != 0) return -1;
            close_paren(p);
            strbuf_puts(sb, "::");
            put_type(sb, e->type);
            return 0;
        }
        if (is_op(e)) {
            open_paren(p);
            if (e->nargs == 2) {
                if (print_child(p, e->args[0], e) != 0) return -1;
                strbuf_printf(sb, " %s ", def->name);
                if (print_child(p, e->args[1], e) != 0) return -1;
            } else {
                strbuf_printf(sb, "%s ", def->name);
                if (print_child(p, e->args[0], e) != 0) return -1;
            }
            close_paren(p);
            return 0;
        }
        strbuf_puts(sb, def->name);
        strbuf_putc(sb, '(');
        if (print_list(p, e->args, e->nargs, e) != 0) return -1;
        strbuf_putc(sb, ')');
        return 0;
    }
    case EXPR_AND:
    case EXPR_OR:
        open_paren(p);
        for (int i = 0; i < e->nargs; i++) {
            if (i) strbuf_puts(sb, e->kind == EXPR_AND ? " AND " : " OR ");
            if (print_child(p, e->args[i], e) != 0) return -1;
        }
        close_paren(p);
        return 0;
    case EXPR_NOT:
        open_paren(p);
        strbuf_puts(sb, "NOT ");
        if (print_child(p, e->args[0], e) != 0) return -1;
        close_paren(p);
        return 0;
    case EXPR_IS_NULL:
    case EXPR_IS_NOT_NULL:
    case EXPR_IS_TRUE:
    case EXPR_IS_NOT_TRUE:
    case EXPR_IS_FALSE:
    case EXPR_IS_NOT_FALSE: {
        static const char *const what[] = {"IS NULL",     "IS NOT NULL", "IS TRUE",
                                           "IS NOT TRUE", "IS FALSE",    "IS NOT FALSE"};
        open_paren(p);
        if (print_child(p, e->args[0], e) != 0) return -1;
        strbuf_printf(sb, " %s", what[e->kind - EXPR_IS_NULL]);
        close_paren(p);
        return 0;
    }
    case EXPR_IS_DISTINCT:
    case EXPR_IS_NOT_DISTINCT:
        open_paren(p);
        if (print_child(p, e->args[0], e) != 0) return -1;
        strbuf_puts(sb,
                    e->kind == EXPR_IS_DISTINCT ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ");
        if (print_child(p, e->args[1], e) != 0) return -1;
        close_paren(p);
        return 0;
    case EXPR_COALESCE:
    case EXPR_NULLIF:
        strbuf_puts(sb, e->kind == EXPR_COALESCE ? "COALESCE(" : "NULLIF(");
        if (print_list(p, e->args, e->nargs, e) != 0) return -1;
        strbuf_putc(sb, ')');
        return 0;
    case EXPR_CASE: {
        strbuf_puts(sb, "CASE");
        int i = 0;
        for (; i + 1 < e->nargs; i += 2) {
            strbuf_puts(sb, " WHEN ");
            if (print_expr(p, e->args[i], e) != 0) return -1;
            strbuf_puts(sb, " THEN ");
            if (print_expr(p, e->args[i + 1], e) != 0) return -1;
        }
        if (i < e->nargs) {
            strbuf_puts(sb, " ELSE ");
            if (print_expr(p, e->args[i], e) != 0) return -1;
        }
        strbuf_puts(sb, " END");
        return 0;
    }
    case EXPR_IN_LIST:
        open_paren(p);
        if (p->mode == PM_BIND) strbuf_putc(sb, '(');
        if (print_child(p, e->args[0], e) != 0) return -1;
        if (p->mode == PM_BIND) {
            strbuf_puts(sb, e->u.func.negate ? " NOT IN (" : " IN (");
            if (print_list(p, e->args + 1, e->nargs - 1, e) != 0) return -1;
            strbuf_puts(sb, "))");
        } else {
            strbuf_puts(sb, e->u.func.negate ? " <> ALL (ARRAY[" : " = ANY (ARRAY[");
            if (print_list(p, e->args + 1, e->nargs - 1, e) != 0) return -1;
            strbuf_puts(sb, "])");
        }
        close_paren(p);
        return 0;
    case EXPR_ANY_ARRAY:
        open_paren(p);
        if (print_child(p, e->args[0], e) != 0) return -1;
        strbuf_printf(sb, " %s %s (", e->u.func.def->name, e->u.func.negate ? "ALL" : "ANY");
        if (print_expr(p, e->args[1], e) != 0) return -1;
        strbuf_putc(sb, ')');
        close_paren(p);
        return 0;
    default:
        return -1;
    }
}

static char *print_text(const Expr *e, const char *const *names, PrintMode mode)
{
    StrBuf sb;
    strbuf_init(&sb, NULL);
    Printer p = {&sb, names, mode};
    int rc = print_expr(&p, e, e);
    char *out = rc == 0 && sb.data ? strdup(sb.data) : NULL;
    strbuf_fini(&sb);
    return out;
}

char *sql_expr_text(StmtCtx *sc, const Expr *e, const char *const *names)
{
    char *text = print_text(e, names, PM_BIND);
    char *out = text ? arena_strdup(sc->arena, text) : NULL;
    free(text);
    return out;
}

int sql_check_texts(StmtCtx *sc, const Expr *e, const char *const *names, CatCheck *chk)
{
    chk->bind_sql = print_text(e, names, PM_BIND);
    chk->def_sql = print_text(e, names, PM_PLAIN);
    chk->pretty_sql = print_text(e, names, PM_PRETTY);
    if (!chk->bind_sql || !chk->def_sql || !chk->pretty_sql) {
        catalog_check_free_strings(chk);
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this expression is not supported in a CHECK constraint yet");
    }
    return 0;
}

/* ---- binding ---- */

static void collect_vars(const Expr *e, int *single, bool *many)
{
    if (!e) return;
    if (e->kind == EXPR_VAR) {
        if (*single < 0)
            *single = e->u.var.attno;
        else if (*single != e->u.var.attno)
            *many = true;
    }
    for (int i = 0; i < e->nargs; i++) collect_vars(e->args[i], single, many);
}

Expr *sql_bind_table_expr(StmtCtx *sc, const CatTable *t, const char *const *names,
                          const OmType *types, PgQuery__Node *raw)
{
    Arena *a = sc->arena;
    BoundQuery *q = ARENA_NEW(a, BoundQuery);
    q->nrtes = 1;
    q->rtes = ARENA_NEW_ARRAY(a, Rte *, 1);
    Rte *rte = ARENA_NEW(a, Rte);
    rte->kind = RTE_TABLE;
    rte->table = (CatTable *)t;
    rte->alias = t->name;
    rte->ncols = t->ncols;
    rte->colnames = ARENA_NEW_ARRAY(a, const char *, t->ncols + 1);
    rte->types = ARENA_NEW_ARRAY(a, OmType, t->ncols + 1);
    for (int c = 0; c < t->ncols; c++) {
        rte->colnames[c] = names ? names[c] : t->cols[c].name;
        rte->types[c] = types ? types[c] : t->cols[c].type;
    }
    rte->location = -1;
    q->rtes[0] = rte;
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = q;
    scope.clause = CLAUSE_CHECK;
    return bind_expr(&sc->binder, &scope, raw);
}

Expr *sql_check_bind(StmtCtx *sc, const CatTable *t, const char *const *names, const OmType *types,
                     PgQuery__Node *raw, int *single_col)
{
    Expr *e = sql_bind_table_expr(sc, t, names, types, raw);
    if (!e) return NULL;
    if (e->type.id == TYPE_UNKNOWN) e = bind_coerce(&sc->binder, e, OM_TYPE(TYPE_BOOL), 0, -1);
    if (!e) return NULL;
    if (e->type.id != TYPE_BOOL) {
        char tn[64];
        type_format(e->type, tn, sizeof(tn));
        ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
            "argument of CHECK must be type boolean, not type %s", tn);
        return NULL;
    }
    if (single_col) {
        bool many = false;
        *single_col = -1;
        collect_vars(e, single_col, &many);
        if (many) *single_col = -1;
    }
    return e;
}

int sql_check_define(StmtCtx *sc, const CatTable *t, PgQuery__Constraint *con, CatCheck *out)
{
    memset(out, 0, sizeof(*out));
    if (con->is_no_inherit) {
        /* no inheritance: NO INHERIT changes nothing, PostgreSQL shows it */
    }
    int single = -1;
    Expr *e = sql_check_bind(sc, t, NULL, NULL, con->raw_expr, &single);
    if (!e) return -1;
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, t->ncols + 1);
    for (int c = 0; c < t->ncols; c++) names[c] = t->cols[c].name;
    if (sql_check_texts(sc, e, names, out) != 0) return -1;
    if (con->conname && con->conname[0]) snprintf(out->name, sizeof(out->name), "%s", con->conname);
    if (single >= 0) snprintf(out->name_col, sizeof(out->name_col), "%s", t->cols[single].name);
    out->validated = !con->skip_validation;
    return 0;
}

Expr *sql_translate_table_expr(StmtCtx *sc, const CatTable *t, Expr *e)
{
    BoundQuery q;
    memset(&q, 0, sizeof(q));
    Rte rte;
    memset(&rte, 0, sizeof(rte));
    rte.kind = RTE_TABLE;
    rte.table = (CatTable *)t;
    rte.ncols = t->ncols;
    Rte *rtes[1] = {&rte};
    q.nrtes = 1;
    q.rtes = rtes;
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    return plan_translate_rtes(&p, &q, e);
}

/* Parses a stored expression text and binds it over t (as a CHECK condition
 * when `condition`); what names the object in an error. */
static Expr *load_text(StmtCtx *sc, const CatTable *t, const char *text, const char *what,
                       const char *const *names, bool condition)
{
    char *sql = arena_sprintf(sc->arena, "SELECT %s", text);
    OmError perr;
    error_clear(&perr);
    PgQuery__ParseResult *tree = sql_parse_text(sql, &perr);
    if (!tree) {
        ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "stored %s does not parse", what);
        return NULL;
    }
    PgQuery__Node *val = tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val;
    Binder b = sc->binder;
    b.query_text = sql;
    StmtCtx sub = *sc;
    sub.binder = b;
    Expr *e = condition ? sql_check_bind(&sub, t, names, NULL, val, NULL)
                        : sql_bind_table_expr(&sub, t, names, NULL, val);
    pg_query__parse_result__free_unpacked(tree, NULL);
    return e;
}

Expr *sql_check_load(StmtCtx *sc, const CatTable *t, const CatCheck *chk, const char *const *names,
                     bool columns)
{
    char what[CATALOG_NAME_MAX + 40];
    snprintf(what, sizeof(what), "check constraint \"%s\"", chk->name);
    Expr *e = load_text(sc, t, chk->bind_sql, what, names, true);
    if (!e || !columns) return e;
    return sql_translate_table_expr(sc, t, e);
}

Expr *sql_table_expr_load(StmtCtx *sc, const CatTable *t, const char *text, const char *what,
                          const char *const *names)
{
    return load_text(sc, t, text, what, names, false);
}

const Expr *sql_expr_find(const Expr *e, bool (*match)(const Expr *x, const void *arg),
                          const void *arg)
{
    if (!e) return NULL;
    if (match(e, arg)) return e;
    for (int i = 0; i < e->nargs; i++) {
        const Expr *found = sql_expr_find(e->args[i], match, arg);
        if (found) return found;
    }
    return NULL;
}

static bool is_column(const Expr *x, const void *arg)
{
    return x->kind == EXPR_VAR && x->u.var.attno == *(const int *)arg;
}

bool sql_expr_uses_column(const Expr *e, int col)
{
    return sql_expr_find(e, is_column, &col) != NULL;
}

static bool is_volatile_call(const Expr *x, const void *arg)
{
    (void)arg;
    return x->kind == EXPR_FUNC && x->u.func.def && (x->u.func.def->flags & FUNC_VOLATILE);
}

bool sql_expr_calls_volatile(const Expr *e)
{
    return sql_expr_find(e, is_volatile_call, NULL) != NULL;
}

int sql_check_retext(StmtCtx *sc, const Expr *e, const char *const *names, CatCheck *chk)
{
    CatCheck fresh = *chk;
    if (sql_check_texts(sc, e, names, &fresh) != 0) return -1;
    catalog_check_free_strings(chk);
    chk->bind_sql = fresh.bind_sql;
    chk->def_sql = fresh.def_sql;
    chk->pretty_sql = fresh.pretty_sql;
    return 0;
}

int sql_check_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names)
{
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, t->ncols + 1);
    for (int c = 0; c < t->ncols; c++) names[c] = t->cols[c].name;
    for (int i = 0; i < t->nchecks; i++) {
        Expr *e = sql_check_load(sc, t, &t->checks[i], old_names, false);
        if (!e || sql_check_retext(sc, e, names, &t->checks[i]) != 0) return -1;
    }
    return 0;
}

bool sql_check_uses_column(StmtCtx *sc, const CatTable *t, const CatCheck *chk, int col)
{
    OmError saved = *sc->err;
    Expr *e = sql_check_load(sc, t, chk, NULL, false);
    if (!e) {
        *sc->err = saved;
        return true; /* cannot tell: treat as dependent */
    }
    return sql_expr_uses_column(e, col);
}

/* ---- validation and plans ---- */

typedef struct ValidateCtx {
    StmtCtx *sc;
    CatTable *t;
    const CatCheck *chk;
    const Expr *expr;
} ValidateCtx;

static int validate_vector(void *vctx, AlterEval *ae, uint64_t group, uint32_t vec, uint32_t nrows,
                           const Chunk *chunk)
{
    (void)group, (void)vec, (void)nrows;
    ValidateCtx *v = vctx;
    if (chunk->count == 0) return 0;
    Vector out;
    memset(&out, 0, sizeof(out));
    if (expr_eval(v->expr, chunk, &out, &ae->ev) != 0) return -1;
    for (uint32_t i = 0; i < chunk->count; i++) {
        uint32_t pos = chunk_row(chunk, i);
        if (!vector_is_valid(&out, pos)) continue;
        const bool *b = vector_value_ptr(&out, pos);
        if (!*b)
            return ERR(v->sc->err, SQLSTATE_CHECK_VIOLATION,
                       "check constraint \"%s\" of relation \"%s\" is violated by some row",
                       v->chk->name, v->t->name);
    }
    return 0;
}

int sql_check_validate(StmtCtx *sc, CatTable *t, const CatCheck *chk)
{
    Expr *e = sql_check_load(sc, t, chk, NULL, true);
    if (!e) return -1;
    ValidateCtx v = {sc, t, chk, e};
    AlterEval ae;
    alter_eval_init(sc, &ae);
    int rc = alter_scan_rows(sc, &ae, t, validate_vector, &v);
    alter_eval_fini(&ae);
    return rc;
}

static int check_name_cmp(const void *a, const void *b)
{
    return strcmp(((const PlanCheck *)a)->name, ((const PlanCheck *)b)->name);
}

int sql_bind_checks(StmtCtx *sc, const CatTable *t, PlanCheck **out, int *n)
{
    *out = NULL;
    *n = 0;
    if (t->nchecks == 0) return 0;
    PlanCheck *arr = ARENA_NEW_ARRAY(sc->arena, PlanCheck, t->nchecks);
    for (int i = 0; i < t->nchecks; i++) {
        arr[i].name = arena_strdup(sc->arena, t->checks[i].name);
        arr[i].expr = sql_check_load(sc, t, &t->checks[i], NULL, true);
        if (!arr[i].expr) return -1;
    }
    qsort(arr, (size_t)t->nchecks, sizeof(PlanCheck), check_name_cmp);
    *out = arr;
    *n = t->nchecks;
    return 0;
}
