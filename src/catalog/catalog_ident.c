/*
 * catalog_ident.c — SQL text the catalog hands out: identifiers quoted as
 * PostgreSQL's quote_ident does (and read back as regclass input reads
 * them), a sequence's nextval default, and the CREATE INDEX statement of an
 * index as pg_get_indexdef and pg_indexes.indexdef print it.
 *
 * Invariant: every writer appends into a caller's fixed buffer, never past
 * cap, and returns the new length; a length >= cap means the text was cut
 * (what was written stays NUL-terminated).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"

/* PostgreSQL's reserved (and type/function-name) keywords: quote_ident quotes them. */
static bool is_reserved_keyword(const char *id)
{
    static const char *const words[] = {"all",
                                        "analyse",
                                        "analyze",
                                        "and",
                                        "any",
                                        "array",
                                        "as",
                                        "asc",
                                        "asymmetric",
                                        "authorization",
                                        "between",
                                        "bigint",
                                        "binary",
                                        "bit",
                                        "boolean",
                                        "both",
                                        "case",
                                        "cast",
                                        "char",
                                        "character",
                                        "check",
                                        "coalesce",
                                        "collate",
                                        "collation",
                                        "column",
                                        "concurrently",
                                        "constraint",
                                        "create",
                                        "cross",
                                        "current_catalog",
                                        "current_date",
                                        "current_role",
                                        "current_schema",
                                        "current_time",
                                        "current_timestamp",
                                        "current_user",
                                        "dec",
                                        "decimal",
                                        "default",
                                        "deferrable",
                                        "desc",
                                        "distinct",
                                        "do",
                                        "else",
                                        "end",
                                        "except",
                                        "exists",
                                        "extract",
                                        "false",
                                        "fetch",
                                        "float",
                                        "for",
                                        "foreign",
                                        "freeze",
                                        "from",
                                        "full",
                                        "grant",
                                        "greatest",
                                        "group",
                                        "grouping",
                                        "having",
                                        "ilike",
                                        "in",
                                        "initially",
                                        "inner",
                                        "inout",
                                        "int",
                                        "integer",
                                        "intersect",
                                        "interval",
                                        "into",
                                        "is",
                                        "isnull",
                                        "join",
                                        "lateral",
                                        "leading",
                                        "least",
                                        "left",
                                        "like",
                                        "limit",
                                        "localtime",
                                        "localtimestamp",
                                        "national",
                                        "natural",
                                        "nchar",
                                        "none",
                                        "normalize",
                                        "not",
                                        "notnull",
                                        "null",
                                        "nullif",
                                        "numeric",
                                        "offset",
                                        "on",
                                        "only",
                                        "or",
                                        "order",
                                        "out",
                                        "outer",
                                        "overlaps",
                                        "overlay",
                                        "placing",
                                        "position",
                                        "precision",
                                        "primary",
                                        "real",
                                        "references",
                                        "returning",
                                        "right",
                                        "row",
                                        "select",
                                        "session_user",
                                        "setof",
                                        "similar",
                                        "smallint",
                                        "some",
                                        "substring",
                                        "symmetric",
                                        "table",
                                        "tablesample",
                                        "then",
                                        "time",
                                        "timestamp",
                                        "to",
                                        "trailing",
                                        "treat",
                                        "trim",
                                        "true",
                                        "union",
                                        "unique",
                                        "user",
                                        "using",
                                        "values",
                                        "varchar",
                                        "variadic",
                                        "verbose",
                                        "when",
                                        "where",
                                        "window",
                                        "with",
                                        "xmlattributes",
                                        "xmlconcat",
                                        "xmlelement",
                                        "xmlexists",
                                        "xmlforest",
                                        "xmlnamespaces",
                                        "xmlparse",
                                        "xmlpi",
                                        "xmlroot",
                                        "xmlserialize",
                                        "xmltable"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(words[i], id) == 0) return true;
    return false;
}

/* Appends an identifier, double-quoted when PostgreSQL's quote_ident would. */
size_t catalog_put_ident(char *buf, size_t cap, size_t len, const char *id)
{
    bool plain = (id[0] >= 'a' && id[0] <= 'z') || id[0] == '_';
    for (const char *p = id; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (plain && is_reserved_keyword(id)) plain = false;
    if (len >= cap) return len;
    if (plain) return len + (size_t)snprintf(buf + len, cap - len, "%s", id);
    len += (size_t)snprintf(buf + len, cap - len, "\"");
    for (const char *p = id; *p && len < cap; p++)
        len += (size_t)snprintf(buf + len, cap - len, *p == '"' ? "\"\"" : "%c", *p);
    if (len < cap) len += (size_t)snprintf(buf + len, cap - len, "\"");
    return len;
}

/* Appends text (cut at cap). */
static size_t put_text(char *buf, size_t cap, size_t len, const char *text)
{
    if (len < cap) len += (size_t)snprintf(buf + len, cap - len, "%s", text);
    return len;
}

/* Key k: the column's name, or the expression (in parentheses unless it is a
 * function call, as PostgreSQL prints it). */
static size_t put_key(char *buf, size_t cap, size_t len, const CatTable *t,
                      const CatConstraint *con, const CatIndexExpr *x, int k, bool pretty)
{
    if (con->cols[k] >= 0) return catalog_put_ident(buf, cap, len, t->cols[con->cols[k]].name);
    const CatCheck *e = x ? &x->keys[k] : NULL;
    const char *text = e ? (pretty ? e->pretty_sql : e->def_sql) : NULL;
    if (!text) return put_text(buf, cap, len, "?");
    bool parens = !x->key_funclike[k];
    if (parens) len = put_text(buf, cap, len, "(");
    len = put_text(buf, cap, len, text);
    if (parens) len = put_text(buf, cap, len, ")");
    return len;
}

size_t catalog_index_key_def(const CatTable *t, const CatConstraint *con, int k, bool pretty,
                             char *buf, size_t cap)
{
    buf[0] = 0;
    if (k >= con->ncols && k < con->ncols + con->ninclude)
        return catalog_put_ident(buf, cap, 0, t->cols[con->include_cols[k - con->ncols]].name);
    if (k < 0 || k >= con->ncols) return 0;
    return put_key(buf, cap, 0, t, con, catalog_index_expr(t, con->index_oid), k, pretty);
}

size_t catalog_index_def(const CatTable *t, const CatConstraint *con, bool pretty, bool qualify,
                         char *buf, size_t cap)
{
    const CatIndexExpr *x = catalog_index_expr(t, con->index_oid);
    bool uniq = con->kind != CONSTR_INDEX || con->index_unique;
    size_t len = (size_t)snprintf(buf, cap, uniq ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    len = catalog_put_ident(buf, cap, len, con->name);
    len = put_text(buf, cap, len, " ON ");
    if (qualify) {
        len = catalog_put_ident(buf, cap, len, t->schema->name);
        len = put_text(buf, cap, len, ".");
    }
    len = catalog_put_ident(buf, cap, len, t->name);
    len = put_text(buf, cap, len, " USING ");
    len = put_text(buf, cap, len, catalog_index_am_name(con->am));
    len = put_text(buf, cap, len, " (");
    for (int k = 0; k < con->ncols && len < cap; k++) {
        if (k) len = put_text(buf, cap, len, ", ");
        len = put_key(buf, cap, len, t, con, x, k, pretty);
        if (x && x->opclass[k][0]) {
            len = put_text(buf, cap, len, " ");
            len = put_text(buf, cap, len, x->opclass[k]);
        }
        /* only what differs from the default, as PostgreSQL prints it */
        uint8_t opt = con->col_options[k];
        const char *suffix = "";
        if (opt & CAT_INDOPTION_DESC)
            suffix = (opt & CAT_INDOPTION_NULLS_FIRST) ? " DESC" : " DESC NULLS LAST";
        else if (opt & CAT_INDOPTION_NULLS_FIRST)
            suffix = " NULLS FIRST";
        len = put_text(buf, cap, len, suffix);
    }
    len = put_text(buf, cap, len, ")");
    for (int k = 0; k < con->ninclude && len < cap; k++) {
        len = put_text(buf, cap, len, k ? ", " : " INCLUDE (");
        len = catalog_put_ident(buf, cap, len, t->cols[con->include_cols[k]].name);
        if (k == con->ninclude - 1) len = put_text(buf, cap, len, ")");
    }
    if (x && x->pred.bind_sql) {
        len = put_text(buf, cap, len, " WHERE ");
        len = put_text(buf, cap, len, pretty ? x->pred.pretty_sql : x->pred.def_sql);
    }
    return len;
}

int catalog_split_name(const char *name, char parts[2][CATALOG_NAME_MAX])
{
    /* split schema.name and fold unquoted parts to lower case */
    int nparts = 0;
    const char *p = name;
    while (*p && nparts < 2) {
        size_t n = 0;
        if (*p == '"') {
            p++;
            while (*p && !(*p == '"' && p[1] != '"')) {
                if (*p == '"') p++;
                if (n < CATALOG_NAME_MAX - 1) parts[nparts][n++] = *p;
                p++;
            }
            if (*p == '"') p++;
        } else {
            while (*p && *p != '.') {
                char ch = *p++;
                if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
                if (n < CATALOG_NAME_MAX - 1) parts[nparts][n++] = ch;
            }
        }
        parts[nparts++][n] = 0;
        if (*p == '.')
            p++;
        else
            break;
    }
    return nparts;
}

size_t catalog_nextval_text(const char *schema, const char *name, char *buf, size_t cap)
{
    char qualified[CATALOG_NAME_MAX * 2 + 8];
    size_t q = 0;
    qualified[0] = 0;
    if (schema) {
        q = catalog_put_ident(qualified, sizeof(qualified), q, schema);
        if (q + 1 < sizeof(qualified)) qualified[q++] = '.', qualified[q] = 0;
    }
    catalog_put_ident(qualified, sizeof(qualified), q, name);
    /* inside a string literal: a quote doubled */
    size_t len = (size_t)snprintf(buf, cap, "nextval('");
    for (const char *c = qualified; *c && len + 2 < cap; c++) {
        if (*c == '\'') buf[len++] = '\'';
        buf[len++] = *c;
    }
    if (len < cap) len += (size_t)snprintf(buf + len, cap - len, "'::regclass)");
    return len;
}

bool catalog_nextval_names(const char *sql, char *schema, char *name)
{
    static const char prefix[] = "nextval('";
    if (!sql || strncmp(sql, prefix, sizeof(prefix) - 1) != 0) return false;
    const char *p = sql + sizeof(prefix) - 1;
    char lit[CATALOG_NAME_MAX * 2 + 8];
    size_t n = 0;
    for (;; p++) { /* the literal's text, '' read as ' */
        if (!*p) return false;
        if (*p == '\'') {
            if (p[1] != '\'') break;
            p++;
        }
        if (n + 1 >= sizeof(lit)) return false;
        lit[n++] = *p;
    }
    lit[n] = 0;
    p++;
    if (strcmp(p, "::regclass)") != 0 && strcmp(p, ")") != 0) return false;
    char parts[2][CATALOG_NAME_MAX];
    int np = catalog_split_name(lit, parts);
    if (np < 1) return false;
    snprintf(schema, CATALOG_NAME_MAX, "%s", np == 2 ? parts[0] : "");
    snprintf(name, CATALOG_NAME_MAX, "%s", parts[np - 1]);
    return true;
}

size_t catalog_default_text(const char *sql, OmType type, const char *search_path, char *buf,
                            size_t cap)
{
    size_t len = strlen(sql);
    bool literal = len >= 2 && sql[0] == '\'' && sql[len - 1] == '\'';
    for (size_t i = 1; literal && i + 1 < len; i++) {
        if (sql[i] != '\'') continue;
        if (sql[i + 1] == '\'')
            i++; /* a doubled quote inside the literal */
        else
            literal = false;
    }
    int w;
    if (literal) {
        char tname[2 * CATALOG_NAME_MAX + 8];
        type_format_path(type_sans_typmod(type), search_path, tname, sizeof(tname));
        w = snprintf(buf, cap, "%s::%s", sql, tname);
        return w > 0 ? (size_t)w : 0;
    }
    size_t digits = 0, dots = 0;
    for (size_t i = 1; i < len; i++) {
        if (sql[i] >= '0' && sql[i] <= '9')
            digits++;
        else if (sql[i] == '.')
            dots++;
        else
            digits = len; /* not a plain number */
    }
    if (len > 1 && sql[0] == '-' && digits > 0 && digits < len && dots <= 1) {
        const char *tname = dots ? "numeric"
                            : (len > 11 || (len == 11 && strcmp(sql, "-2147483648") > 0))
                                ? "bigint"
                                : "integer";
        w = snprintf(buf, cap, "'%s'::%s", sql, tname);
    } else {
        w = snprintf(buf, cap, "%s", sql);
    }
    return w > 0 ? (size_t)w : 0;
}
