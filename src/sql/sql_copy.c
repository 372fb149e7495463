/*
 * sql_copy.c — the COPY statement: COPY table [(cols)] FROM STDIN and
 * COPY table [(cols)] | (query) TO STDOUT, in text or CSV format, with
 * PostgreSQL 15's options (new `WITH (FORMAT csv, HEADER, ...)` and old
 * `WITH CSV HEADER DELIMITER ','` forms arrive as the same DefElem list).
 *
 * COPY FROM runs as the plan PLAN_INSERT over PLAN_COPY_FROM: the source
 * operator parses CopyData into chunks and the insert operator — the same one
 * INSERT uses — fills defaults, checks NOT NULL and unique constraints and
 * publishes the rows at the end, so a failed COPY leaves nothing behind.
 *
 * COPY TO plans `SELECT cols FROM table` (or the query) and runs it through
 * a ResultSink wrapper that formats each chunk's rows (copy_emit.c) and sends
 * one CopyData per row: the result streams chunk by chunk, never buffered.
 *
 * COPY FROM 'file' and TO 'file' read and write a file of the server's
 * (sql_copy_file.c) through the same callbacks as the client's CopyData
 * stream; COPY ... PROGRAM answers 0A000 (see docs/copy.md). COPY FROM STDIN /
 * TO STDOUT need the client-side ResultSink's copy_* callbacks (sql.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exec/copy_format.h"
#include "exec/operator.h"
#include "plan/planner.h"
#include "sql/sql_alter.h"
#include "sql/sql_generated.h"
#include "sql/sql_copy_file.h"
#include "sql/sql_int.h"

/* ---- options ---- */

typedef struct CopyOptionSpec {
    CopyOptions opts;
    bool is_from;
    bool binary;
    bool format_set, freeze_set, header_set, encoding_set;
    const char *delim, *null_str, *quote, *escape; /* as given, NULL if absent */
    PgQuery__Node *force_quote, *force_not_null, *force_null;
} CopyOptionSpec;

static int redundant(StmtCtx *sc, PgQuery__DefElem *d)
{
    ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
    error_position(sc->err, d->location + 1);
    return -1;
}

/* The string argument of an option (String or a bare identifier/number). */
static const char *def_string(StmtCtx *sc, PgQuery__DefElem *d)
{
    PgQuery__Node *a = d->arg;
    if (a && a->node_case == PG_QUERY__NODE__NODE_STRING) return a->string->sval;
    if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER)
        return arena_sprintf(sc->arena, "%d", a->integer->ival);
    if (a && a->node_case == PG_QUERY__NODE__NODE_FLOAT) return a->float_->fval;
    ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "%s requires a parameter", d->defname);
    error_position(sc->err, d->location + 1);
    return NULL;
}

/* PostgreSQL's defGetBoolean (and "match" for HEADER when allowed).
 * Returns 0 false, 1 true, 2 match, -1 error. */
static int def_boolean(StmtCtx *sc, PgQuery__DefElem *d, bool allow_match)
{
    PgQuery__Node *a = d->arg;
    if (!a) return 1;
    if (a->node_case == PG_QUERY__NODE__NODE_BOOLEAN) return a->boolean->boolval ? 1 : 0;
    if (a->node_case == PG_QUERY__NODE__NODE_INTEGER &&
        (a->integer->ival == 0 || a->integer->ival == 1))
        return a->integer->ival;
    const char *s = a->node_case == PG_QUERY__NODE__NODE_STRING ? a->string->sval : NULL;
    if (s) {
        static const char *const yes[] = {"true", "on", "yes", "t", "y"};
        static const char *const no[] = {"false", "off", "no", "f", "n"};
        for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
            if (strcasecmp(s, yes[i]) == 0) return 1;
            if (strcasecmp(s, no[i]) == 0) return 0;
        }
        if (allow_match && strcasecmp(s, "match") == 0) return 2;
    }
    if (allow_match)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "%s requires a Boolean value or \"match\"",
                   d->defname);
    return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "%s requires a Boolean value", d->defname);
}

static int def_column_list(StmtCtx *sc, PgQuery__DefElem *d, PgQuery__Node **slot, bool allow_star)
{
    if (*slot) return redundant(sc, d);
    PgQuery__Node *a = d->arg;
    if (a && (a->node_case == PG_QUERY__NODE__NODE_LIST ||
              (allow_star && a->node_case == PG_QUERY__NODE__NODE_A_STAR))) {
        *slot = a;
        return 0;
    }
    ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
        "argument to option \"%s\" must be a list of column names", d->defname);
    error_position(sc->err, d->location + 1);
    return -1;
}

static int parse_options(StmtCtx *sc, PgQuery__CopyStmt *st, CopyOptionSpec *spec)
{
    memset(spec, 0, sizeof(*spec));
    spec->is_from = st->is_from;
    CopyOptions *o = &spec->opts;
    for (size_t i = 0; i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        if (!d) continue;
        const char *name = d->defname;
        if (strcmp(name, "format") == 0) {
            if (spec->format_set) return redundant(sc, d);
            spec->format_set = true;
            const char *f = def_string(sc, d);
            if (!f) return -1;
            if (strcmp(f, "text") == 0) {
                o->format = COPY_FORMAT_TEXT;
            } else if (strcmp(f, "csv") == 0) {
                o->format = COPY_FORMAT_CSV;
            } else if (strcmp(f, "binary") == 0) {
                spec->binary = true;
            } else {
                ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE, "COPY format \"%s\" not recognized",
                    f);
                error_position(sc->err, d->location + 1);
                return -1;
            }
        } else if (strcmp(name, "freeze") == 0) {
            if (spec->freeze_set) return redundant(sc, d);
            spec->freeze_set = true;
            if (def_boolean(sc, d, false) < 0) return -1;
        } else if (strcmp(name, "delimiter") == 0) {
            if (spec->delim) return redundant(sc, d);
            if (!(spec->delim = def_string(sc, d))) return -1;
        } else if (strcmp(name, "null") == 0) {
            if (spec->null_str) return redundant(sc, d);
            if (!(spec->null_str = def_string(sc, d))) return -1;
        } else if (strcmp(name, "header") == 0) {
            if (spec->header_set) return redundant(sc, d);
            spec->header_set = true;
            int h = def_boolean(sc, d, true);
            if (h < 0) return -1;
            if (h == 2 && !spec->is_from) {
                ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "cannot use \"%s\" with HEADER in COPY TO", d->arg->string->sval);
                return -1;
            }
            o->header = h == 0   ? COPY_HEADER_NONE
                        : h == 1 ? COPY_HEADER_PRESENT
                                 : COPY_HEADER_MATCH;
        } else if (strcmp(name, "quote") == 0) {
            if (spec->quote) return redundant(sc, d);
            if (!(spec->quote = def_string(sc, d))) return -1;
        } else if (strcmp(name, "escape") == 0) {
            if (spec->escape) return redundant(sc, d);
            if (!(spec->escape = def_string(sc, d))) return -1;
        } else if (strcmp(name, "force_quote") == 0) {
            if (def_column_list(sc, d, &spec->force_quote, true) != 0) return -1;
        } else if (strcmp(name, "force_not_null") == 0) {
            if (def_column_list(sc, d, &spec->force_not_null, false) != 0) return -1;
        } else if (strcmp(name, "force_null") == 0) {
            if (def_column_list(sc, d, &spec->force_null, false) != 0) return -1;
        } else if (strcmp(name, "encoding") == 0) {
            if (spec->encoding_set) return redundant(sc, d);
            spec->encoding_set = true;
            const char *e = def_string(sc, d);
            if (!e) return -1;
            if (strcasecmp(e, "utf8") != 0 && strcasecmp(e, "utf-8") != 0 &&
                strcasecmp(e, "unicode") != 0) {
                ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "COPY with encoding \"%s\" is not supported", e);
                error_hint(sc->err, "Only UTF8 is supported.");
                return -1;
            }
        } else {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "option \"%s\" not recognized", name);
            error_position(sc->err, d->location + 1);
            return -1;
        }
    }
    if (spec->binary)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY BINARY is not supported yet");
    bool csv = o->format == COPY_FORMAT_CSV;
    const char *delim = spec->delim ? spec->delim : csv ? "," : "\t";
    const char *null_str = spec->null_str ? spec->null_str : csv ? "" : "\\N";
    const char *quote = spec->quote ? spec->quote : "\"";
    const char *escape = spec->escape ? spec->escape : quote;
    if (strlen(delim) != 1)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY delimiter must be a single one-byte character");
    if (delim[0] == '\n' || delim[0] == '\r')
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "COPY delimiter cannot be newline or carriage return");
    if (strchr(null_str, '\r') || strchr(null_str, '\n'))
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "COPY null representation cannot use newline or carriage return");
    if (!csv && strchr("\\.abcdefghijklmnopqrstuvwxyz0123456789", delim[0]))
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE, "COPY delimiter cannot be \"%s\"",
                   delim);
    if (!csv && spec->quote)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY quote available only in CSV mode");
    if (csv && strlen(quote) != 1)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY quote must be a single one-byte character");
    if (csv && delim[0] == quote[0])
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "COPY delimiter and quote must be different");
    if (!csv && spec->escape)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY escape available only in CSV mode");
    if (csv && strlen(escape) != 1)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY escape must be a single one-byte character");
    if (!csv && spec->force_quote)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY force quote available only in CSV mode");
    if (spec->force_quote && spec->is_from)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY force quote only available using COPY TO");
    if (!csv && spec->force_not_null)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY force not null available only in CSV mode");
    if (spec->force_not_null && !spec->is_from)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY force not null only available using COPY FROM");
    if (!csv && spec->force_null)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY force null available only in CSV mode");
    if (spec->force_null && !spec->is_from)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY force null only available using COPY FROM");
    if (strchr(null_str, delim[0]))
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "COPY delimiter must not appear in the NULL specification");
    if (csv && strchr(null_str, quote[0]))
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "CSV quote character must not appear in the NULL specification");
    o->delim = delim[0];
    o->quote = quote[0];
    o->escape = escape[0];
    o->null_str = null_str;
    o->null_len = strlen(null_str);
    return 0;
}

/* Resolves a FORCE_* column list against the COPY's columns into flags. */
static int force_flags(StmtCtx *sc, const char *what, PgQuery__Node *list, const CatTable *t,
                       int ncols, const char *const *names, const bool **out)
{
    if (!list) return 0;
    bool *flags = ARENA_NEW_ARRAY(sc->arena, bool, ncols > 0 ? ncols : 1);
    *out = flags;
    if (list->node_case == PG_QUERY__NODE__NODE_A_STAR) {
        for (int c = 0; c < ncols; c++) flags[c] = true;
        return 0;
    }
    for (size_t i = 0; i < list->list->n_items; i++) {
        const char *name = pgq_str(list->list->items[i]);
        if (!name) continue;
        int found = -1;
        for (int c = 0; c < ncols && found < 0; c++)
            if (strcmp(names[c], name) == 0) found = c;
        if (found >= 0) {
            flags[found] = true;
            continue;
        }
        if (t && catalog_column_index(t, name) < 0)
            return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                       "column \"%s\" of relation \"%s\" does not exist", name, t->name);
        if (!t)
            return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", name);
        return ERR(sc->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                   "%s column \"%s\" not referenced by COPY", what, name);
    }
    return 0;
}

/* The COPY's column list as table column indexes (when empty, every column
 * but the generated ones, as in PostgreSQL; naming one is 42P10). */
static int *copy_columns(StmtCtx *sc, PgQuery__CopyStmt *st, const CatTable *t, int *n_out)
{
    int n = st->n_attlist > 0 ? (int)st->n_attlist : t->ncols;
    int *cols = ARENA_NEW_ARRAY(sc->arena, int, n > 0 ? n : 1);
    bool *seen = ARENA_NEW_ARRAY(sc->arena, bool, t->ncols > 0 ? t->ncols : 1);
    if (st->n_attlist == 0) {
        n = 0;
        for (int c = 0; c < t->ncols; c++)
            if (!t->cols[c].generated) cols[n++] = c;
    }
    for (int i = 0; i < (int)st->n_attlist; i++) {
        const char *name = pgq_str(st->attlist[i]);
        int ci = name ? catalog_column_index(t, name) : -1;
        if (ci < 0) {
            ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                "column \"%s\" of relation \"%s\" does not exist", name ? name : "?", t->name);
            return NULL;
        }
        if (t->cols[ci].generated) {
            ERR(sc->err, SQLSTATE_INVALID_COLUMN_REFERENCE, "column \"%s\" is a generated column",
                name);
            error_detail(sc->err, "Generated columns cannot be used in COPY.");
            return NULL;
        }
        if (seen[ci]) {
            ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN, "column \"%s\" specified more than once", name);
            return NULL;
        }
        seen[ci] = true;
        cols[i] = ci;
    }
    *n_out = n;
    return cols;
}

/* The COPY's table; PostgreSQL reports no cursor position for it. */
static CatTable *lookup_table(StmtCtx *sc, PgQuery__CopyStmt *st)
{
    CatTable *t = NULL;
    CatView *v = NULL;
    if (bind_lookup_relation(&sc->binder, st->relation, true, &t, &v) == 0 && v) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "cannot copy %s view \"%s\"",
            st->is_from ? "to" : "from", v->name);
        error_hint(sc->err, st->is_from ? "To enable copying to a view, provide an INSTEAD OF "
                                          "INSERT trigger."
                                        : "Try the COPY (SELECT ...) TO variant.");
        return NULL;
    }
    t = bind_lookup_table(&sc->binder, st->relation, false);
    if (!t) sc->err->position = 0;
    if (t && t->matview) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "cannot copy %s materialized view \"%s\"",
            st->is_from ? "to" : "from", t->name);
        if (!st->is_from) error_hint(sc->err, "Try the COPY (SELECT ...) TO variant.");
        return NULL;
    }
    return t;
}

static void send_tag(StmtCtx *sc, uint64_t n)
{
    char tag[64];
    snprintf(tag, sizeof(tag), "COPY %llu", (unsigned long long)n);
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
}

/* ---- COPY FROM STDIN | 'file' ---- */

/* `file` is the server file to read, or NULL for the client's CopyData. */
static int copy_from(StmtCtx *sc, PgQuery__CopyStmt *st, CopyOptionSpec *spec, CopyFile *file)
{
    ResultSink *sink = sc->sink;
    if (!file && (!sink->copy_in_begin || !sink->copy_in_read))
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY FROM STDIN is not supported over this interface");
    if (st->where_clause)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY FROM ... WHERE is not supported yet");
    CatTable *t = lookup_table(sc, st);
    if (!t) return -1;
    if (t->schema->is_system || !t->storage)
        return ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied for table %s",
                   t->name);
    int ntarget;
    int *target = copy_columns(sc, st, t, &ntarget);
    if (!target) return -1;
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, ntarget > 0 ? ntarget : 1);
    OmType *types = ARENA_NEW_ARRAY(sc->arena, OmType, ntarget > 0 ? ntarget : 1);
    for (int i = 0; i < ntarget; i++) {
        names[i] = t->cols[target[i]].name;
        types[i] = t->cols[target[i]].type;
    }
    CopyOptions *o = &spec->opts;
    o->ncols = ntarget;
    if (force_flags(sc, "FORCE_NOT_NULL", spec->force_not_null, t, ntarget, names,
                    &o->force_not_null) != 0 ||
        force_flags(sc, "FORCE_NULL", spec->force_null, t, ntarget, names, &o->force_null) != 0)
        return -1;
    Expr **defaults = ARENA_NEW_ARRAY(sc->arena, Expr *, t->ncols > 0 ? t->ncols : 1);
    for (int c = 0; c < t->ncols; c++)
        if (!(defaults[c] = sql_bind_default(sc, t, c))) return -1;

    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    PlanNode *src = plan_make(&p, PLAN_COPY_FROM, NULL, NULL);
    plan_set_output(&p, src, ntarget, types);
    src->names = names;
    src->u.copy_from.opts = o;
    src->u.copy_from.rel_name = t->name;
    src->u.copy_from.col_names = names;
    src->u.copy_from.read = file ? copy_file_read : sink->copy_in_read;
    src->u.copy_from.read_ctx = file ? (void *)file : sink->ctx;
    PlanNode *ins = plan_make(&p, PLAN_INSERT, src, NULL);
    ins->u.insert.table = t;
    ins->u.insert.table_name = t->name;
    ins->u.insert.ncols_in = ntarget;
    ins->u.insert.target_cols = target;
    ins->u.insert.defaults = defaults;
    if (sql_bind_checks(sc, t, &ins->u.insert.checks, &ins->u.insert.nchecks) != 0) return -1;
    if (sql_bind_generated(sc, t, &ins->u.insert.generated) != 0) return -1;
    plan_set_output(&p, ins, 0, NULL);

    if (!file && sink->copy_in_begin(sink->ctx, ntarget) != 0)
        return ERR(sc->err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    struct Operator *root = NULL;
    uint64_t n = 0;
    if (sql_run_plan(sc, ins, false, &n, false, &root) != 0) return -1;
    send_tag(sc, root->es->rows_affected);
    return 0;
}

/* ---- COPY TO STDOUT | 'file' ---- */

typedef struct CopyOut {
    StmtCtx *sc;
    ResultSink *outer;
    CopyOptionSpec *spec;
    const CatTable *table; /* for FORCE_QUOTE errors; NULL for a query */
    StrBuf line, tmp;
} CopyOut;

static int out_describe(void *ctx, int ncols, const ResultColumn *cols)
{
    CopyOut *co = ctx;
    CopyOptions *o = &co->spec->opts;
    const char **names = ARENA_NEW_ARRAY(co->sc->arena, const char *, ncols > 0 ? ncols : 1);
    for (int c = 0; c < ncols; c++) names[c] = cols[c].name ? cols[c].name : "?column?";
    o->ncols = ncols;
    if (force_flags(co->sc, "FORCE_QUOTE", co->spec->force_quote, co->table, ncols, names,
                    &o->force_quote) != 0)
        return -2; /* an error of the statement, not of the connection */
    if (co->outer->copy_out_begin(co->outer->ctx, ncols) != 0) return -1;
    if (o->header == COPY_HEADER_NONE) return 0;
    strbuf_reset(&co->line);
    copy_emit_header(&co->line, o, ncols, names);
    return co->outer->copy_out_data(co->outer->ctx, co->line.data, co->line.len);
}

static int out_rows(void *ctx, const Chunk *chunk)
{
    CopyOut *co = ctx;
    const SessionSettings *settings = &co->sc->session->settings;
    for (uint32_t i = 0; i < chunk->count; i++) {
        strbuf_reset(&co->line);
        copy_emit_row(&co->line, &co->spec->opts, chunk, chunk_row(chunk, i), settings, &co->tmp);
        if (co->outer->copy_out_data(co->outer->ctx, co->line.data, co->line.len) != 0) return -1;
    }
    return 0;
}

/* Plans the query of COPY TO: the statement's own, or SELECT of the table's
 * columns (built as SQL text, so the binder sees an ordinary query). */
static int file_out_begin(void *ctx, int ncols)
{
    (void)ctx;
    (void)ncols;
    return 0;
}

static int file_out_end(void *ctx)
{
    (void)ctx;
    return 0;
}

/* `file` is the server file to write, or NULL for the client's CopyData. */
static int copy_to(StmtCtx *sc, PgQuery__CopyStmt *st, CopyOptionSpec *spec, CopyFile *file)
{
    ResultSink file_sink = {.ctx = file,
                            .copy_out_begin = file_out_begin,
                            .copy_out_data = copy_file_write,
                            .copy_out_end = file_out_end};
    ResultSink *sink = file ? &file_sink : sc->sink;
    if (!sink->copy_out_begin || !sink->copy_out_data || !sink->copy_out_end)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "COPY TO STDOUT is not supported over this interface");
    PgQuery__SelectStmt *sel = NULL;
    PgQuery__ParseResult *tree = NULL;
    const CatTable *table = NULL;
    if (st->query) {
        if (st->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "COPY (INSERT/UPDATE/DELETE ...) TO is not supported yet");
        sel = st->query->select_stmt;
    } else {
        CatTable *t = lookup_table(sc, st);
        if (!t) return -1;
        table = t;
        int n;
        int *cols = copy_columns(sc, st, t, &n);
        if (!cols) return -1;
        StrBuf q;
        strbuf_init(&q, sc->arena);
        strbuf_puts(&q, "SELECT ");
        for (int i = 0; i < n; i++) {
            if (i) strbuf_puts(&q, ", ");
            sql_put_quoted_ident(&q, t->cols[cols[i]].name);
        }
        strbuf_puts(&q, " FROM ");
        sql_put_quoted_ident(&q, t->schema->name);
        strbuf_putc(&q, '.');
        sql_put_quoted_ident(&q, t->name);
        PgQueryProtobufParseResult pr = pg_query_parse_protobuf(q.data);
        if (!pr.error)
            tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
                                                  (const uint8_t *)pr.parse_tree.data);
        pg_query_free_protobuf_parse_result(pr);
        if (!tree || tree->n_stmts != 1 ||
            tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            if (tree) pg_query__parse_result__free_unpacked(tree, NULL);
            return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "could not build the query of COPY TO");
        }
        sel = tree->stmts[0]->stmt->select_stmt;
    }
    int rc = -1;
    CopyOut co = {.sc = sc, .outer = sink, .spec = spec, .table = table};
    strbuf_init(&co.line, NULL);
    strbuf_init(&co.tmp, NULL);
    BoundQuery *bq = bind_select(&sc->binder, NULL, sel, NULL);
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    PlanNode *plan = bq ? plan_query(&p, bq) : NULL;
    if (plan) {
        ResultSink wrap = {.ctx = &co, .describe = out_describe, .rows = out_rows};
        StmtCtx inner = *sc;
        inner.sink = &wrap;
        uint64_t n = 0;
        rc = sql_run_plan(&inner, plan, true, &n, false, NULL);
        if (rc != 0 && file && copy_file_error(file)) error_copy(sc->err, copy_file_error(file));
        if (rc == 0) {
            if (sink->copy_out_end(sink->ctx) != 0)
                rc = ERR(sc->err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
            else if (file && copy_file_finish(file, sc->err) != 0)
                rc = -1;
            else
                send_tag(sc, n);
        }
    }
    strbuf_fini(&co.line);
    strbuf_fini(&co.tmp);
    if (tree) pg_query__parse_result__free_unpacked(tree, NULL);
    return rc;
}

int sql_run_copy(StmtCtx *sc, PgQuery__CopyStmt *st)
{
    if (st->is_program) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY to or from a program is not supported");
        error_hint(sc->err, "Use COPY ... FROM STDIN or COPY ... TO STDOUT, or psql's \\copy.");
        return -1;
    }
    CopyOptionSpec spec;
    if (parse_options(sc, st, &spec) != 0) return -1;
    /* The one role is a superuser, who may read and write the server's files
     * (PostgreSQL: superusers and pg_read/write_server_files). */
    CopyFile *file = NULL;
    if (st->filename && st->filename[0]) {
        file = st->is_from ? copy_file_open_read(st->filename, sc->session->db->data_dir, sc->err)
                           : copy_file_open_write(st->filename, sc->err);
        if (!file) return -1;
    }
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    int rc = st->is_from ? copy_from(sc, st, &spec, file) : copy_to(sc, st, &spec, file);
    catalog_unlock(cat);
    copy_file_close(file);
    return rc;
}
