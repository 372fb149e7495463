/*
 * sql_create_as.c — CREATE TABLE ... AS query and SELECT ... INTO table.
 *
 * The statement runs as two that the rest of the engine already knows:
 *   1. CREATE TABLE name (col type, ...), its columns named and typed after
 *      the query's output (typmods kept, unknown literals as text), run and
 *      logged as ordinary DDL with that generated text as its log record, so
 *      recovery never re-runs the query over other data;
 *   2. INSERT INTO name <query>, whose rows reach the log at commit as any
 *      INSERT's do. The tag is "SELECT n", as PostgreSQL's.
 * WITH NO DATA stops after 1. If 2 fails, the new table is dropped again, so
 * a failed statement leaves no table behind (DDL is not transactional, see
 * docs/transactions.md: a ROLLBACK of the enclosing block keeps the table).
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"
#include "sql/sql_matview.h"

static void put_relation(StrBuf *sb, const PgQuery__RangeVar *rv)
{
    if (rv->schemaname && rv->schemaname[0]) {
        sql_put_quoted_ident(sb, rv->schemaname);
        strbuf_putc(sb, '.');
    }
    sql_put_quoted_ident(sb, rv->relname);
}

/* Inner sinks (ctx: the statement's own sink) pass notices on; the inner
 * CREATE/DROP send no tag of their own, the INSERT's is rewritten. */
static int forward_notice(void *ctx, const OmError *n)
{
    ResultSink *outer = ctx;
    return outer->notice ? outer->notice(outer->ctx, n) : 0;
}

int sql_run_generated(StmtCtx *sc, const char *text)
{
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);
    PgQuery__ParseResult *tree = NULL;
    if (!pr.error)
        tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
                                              (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (!tree || tree->n_stmts != 1) {
        if (tree) pg_query__parse_result__free_unpacked(tree, NULL);
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "could not parse generated statement: %s",
                   text);
    }
    ResultSink quiet = {.ctx = sc->sink, .notice = forward_notice};
    StmtCtx inner = *sc;
    inner.sink = &quiet;
    inner.query_text = text;
    inner.stmt_location = 0;
    inner.stmt_len = (int)strlen(text);
    inner.in_ddl_log = false;
    inner.n_ddl_values = 0;
    sql_binder_init(&inner);
    int rc = sql_run_node(&inner, tree->stmts[0]->stmt);
    pg_query__parse_result__free_unpacked(tree, NULL);
    return rc;
}

/* Builds "CREATE TABLE rel (col type, ...)" from the query's output. */
static char *create_text(StmtCtx *sc, const PgQuery__IntoClause *into, PgQuery__Node *query)
{
    if (query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "CREATE TABLE AS EXECUTE is not supported yet");
        return NULL;
    }
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    BoundQuery *bq = bind_select(&sc->binder, NULL, query->select_stmt, NULL);
    char *text = NULL;
    if (!bq) goto out;
    if (into->n_col_names > (size_t)bq->ntargets) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "too many column names were specified");
        goto out;
    }
    StrBuf sb;
    strbuf_init(&sb, sc->arena);
    bool temp = into->rel->relpersistence && into->rel->relpersistence[0] == 't';
    strbuf_puts(&sb, temp ? "CREATE TEMP TABLE " : "CREATE TABLE ");
    put_relation(&sb, into->rel);
    strbuf_puts(&sb, " (");
    for (int i = 0; i < bq->ntargets; i++) {
        const char *name = bq->target_names[i] ? bq->target_names[i] : "?column?";
        if ((size_t)i < into->n_col_names) {
            PgQuery__Node *n = into->col_names[i];
            if (n->node_case == PG_QUERY__NODE__NODE_STRING) name = n->string->sval;
        }
        OmType t = bq->out_types[i];
        if (t.id == TYPE_UNKNOWN) t = OM_TYPE(TYPE_TEXT);
        char tname[128];
        type_format(t, tname, sizeof(tname));
        if (i) strbuf_puts(&sb, ", ");
        sql_put_quoted_ident(&sb, name);
        strbuf_printf(&sb, " %s", tname);
    }
    strbuf_putc(&sb, ')');
    if (into->on_commit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DELETE_ROWS)
        strbuf_puts(&sb, " ON COMMIT DELETE ROWS");
    else if (into->on_commit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP)
        strbuf_puts(&sb, " ON COMMIT DROP");
    text = sb.data;
out:
    catalog_unlock(cat);
    return text;
}

/* Rewrites the INSERT's tag "INSERT 0 n" into "SELECT n". */
static int tag_complete(void *ctx, const char *tag)
{
    ResultSink *outer = ctx;
    const char *n = strrchr(tag, ' ');
    char buf[64];
    snprintf(buf, sizeof(buf), "SELECT %s", n ? n + 1 : "0");
    return outer->complete ? outer->complete(outer->ctx, buf) : 0;
}

int sql_run_create_table_as(StmtCtx *sc, PgQuery__CreateTableAsStmt *st)
{
    PgQuery__IntoClause *into = st->into;
    if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) return sql_run_create_matview(sc, st);
    if (!into || !into->rel || !st->query)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "CREATE TABLE AS without a table or query");
    if (st->if_not_exists) {
        Catalog *cat = sc->session->db->catalog;
        catalog_lock_shared(cat);
        CatTable *old = bind_lookup_table(&sc->binder, into->rel, true);
        catalog_unlock(cat);
        if (old) {
            char msg[200];
            snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping",
                     into->rel->relname);
            sql_notice(sc, SQLSTATE_DUPLICATE_TABLE, msg);
            if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CREATE TABLE AS");
            return 0;
        }
        error_clear(sc->err);
    }
    char *text = create_text(sc, into, st->query);
    if (!text) return -1;
    if (sql_run_generated(sc, text) != 0) return -1;
    if (into->skip_data) {
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CREATE TABLE AS");
        return 0;
    }
    PgQuery__InsertStmt ins = PG_QUERY__INSERT_STMT__INIT;
    ins.relation = into->rel;
    ins.select_stmt = st->query;
    ResultSink tag = {.ctx = sc->sink, .complete = tag_complete, .notice = forward_notice};
    StmtCtx inner = *sc;
    inner.sink = &tag;
    sql_binder_init(&inner);
    if (sql_run_insert(&inner, &ins) == 0) return 0;
    /* Leave no table behind; the INSERT's error is the statement's. */
    OmError saved;
    error_copy(&saved, sc->err);
    StrBuf drop;
    strbuf_init(&drop, sc->arena);
    strbuf_puts(&drop, "DROP TABLE ");
    put_relation(&drop, into->rel);
    sql_run_generated(sc, drop.data);
    error_copy(sc->err, &saved);
    return -1;
}

int sql_run_select_into(StmtCtx *sc, PgQuery__SelectStmt *stmt)
{
    PgQuery__SelectStmt query = *stmt;
    query.into_clause = NULL;
    PgQuery__Node node = PG_QUERY__NODE__INIT;
    node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    node.select_stmt = &query;
    PgQuery__CreateTableAsStmt ctas = PG_QUERY__CREATE_TABLE_AS_STMT__INIT;
    ctas.query = &node;
    ctas.into = stmt->into_clause;
    ctas.objtype = PG_QUERY__OBJECT_TYPE__OBJECT_TABLE;
    ctas.is_select_into = true;
    return sql_run_create_table_as(sc, &ctas);
}
