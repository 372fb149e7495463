/*
 * sql_ddl_txn.c — which DDL statements a transaction can take back, and how
 * it takes them back (see sql_ddl_txn.h; the holding and writing of their
 * records is sql_wal.c's).
 *
 * A statement can be taken back when it creates objects, or changes only
 * objects that an earlier held statement of the same transaction created:
 * dropping what the transaction created then leaves the catalog exactly as
 * it was. Names are resolved before the statement runs (a RENAME or DROP
 * changes them), with the session's search_path, as the statement itself
 * resolves them.
 */
#include "sql/sql_ddl_txn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_relation.h"

int sql_ddl_txn_creator(const SqlSession *s, Oid oid)
{
    for (int i = 0; i < s->n_ddl_deferred; i++)
        if (oid >= s->ddl_deferred[i].first && oid < s->ddl_deferred[i].end) return i;
    return -1;
}

/* Folds one changed object into the running answer: -1 once an object is
 * not the transaction's; absent objects (IF EXISTS) change nothing. */
static int fold(const SqlSession *s, int acc, bool exists, Oid oid)
{
    if (acc < 0 || !exists) return acc;
    int i = sql_ddl_txn_creator(s, oid);
    if (i < 0) return -1;
    return i < acc ? i : acc;
}

/* A relation named by a RangeVar or a list of String nodes. */
static int fold_relation(StmtCtx *sc, int acc, const char *schema, const char *name)
{
    if (acc < 0 || !name) return -1;
    SqlRelation r;
    OmError saved;
    error_copy(&saved, sc->err);
    int rc = sql_relation_find(sc, schema, name, true, &r);
    error_copy(sc->err, &saved); /* the statement reports its own errors */
    if (rc != 0 || r.kind == SQL_REL_SYSTEM) return -1;
    return fold(sc->session, acc, r.kind != SQL_REL_NONE, r.oid);
}

static int fold_names(StmtCtx *sc, int acc, PgQuery__Node **items, size_t n)
{
    if (n < 1 || n > 2) return -1;
    return fold_relation(sc, acc, n == 2 ? pgq_str(items[0]) : NULL, pgq_str(items[n - 1]));
}

static int fold_range_var(StmtCtx *sc, int acc, const PgQuery__RangeVar *rv)
{
    if (!rv) return -1;
    return fold_relation(sc, acc, rv->schemaname, rv->relname);
}

static int fold_schema(StmtCtx *sc, int acc, const char *name)
{
    if (acc < 0 || !name) return -1;
    CatSchema *schema = catalog_schema_find(sc->session->db->catalog, name);
    return fold(sc->session, acc, schema != NULL, schema ? schema->oid : 0);
}

/* An enum type named by a TypeName or a list of String nodes. */
static int fold_type(StmtCtx *sc, int acc, PgQuery__Node **items, size_t n)
{
    if (acc < 0 || n < 1 || n > 2) return -1;
    Catalog *cat = sc->session->db->catalog;
    const char *name = pgq_str(items[n - 1]);
    if (!name) return -1;
    CatEnum *e = NULL;
    if (n == 2) {
        CatSchema *schema = catalog_schema_resolve(cat, pgq_str(items[0]) ? pgq_str(items[0]) : "",
                                                   sc->session->settings.search_path);
        e = schema ? catalog_enum_find(cat, schema, name) : NULL;
    } else {
        e = catalog_enum_lookup(cat, sc->session->settings.search_path, name);
    }
    return fold(sc->session, acc, e != NULL, e ? e->oid : 0);
}

static int fold_type_node(StmtCtx *sc, int acc, PgQuery__Node *node)
{
    if (node && node->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
        return fold_type(sc, acc, node->type_name->names, node->type_name->n_names);
    if (node && node->node_case == PG_QUERY__NODE__NODE_LIST)
        return fold_type(sc, acc, node->list->items, node->list->n_items);
    return -1;
}

static bool is_relation_type(PgQuery__ObjectType t)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
        return true;
    default:
        return false;
    }
}

static int classify_drop(StmtCtx *sc, const PgQuery__DropStmt *st, int acc)
{
    for (size_t i = 0; i < st->n_objects && acc >= 0; i++) {
        PgQuery__Node *o = st->objects[i];
        if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
            acc = fold_schema(sc, acc, pgq_str(o));
        else if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            acc = fold_type_node(sc, acc, o);
        else if (is_relation_type(st->remove_type) && o->node_case == PG_QUERY__NODE__NODE_LIST)
            acc = fold_names(sc, acc, o->list->items, o->list->n_items);
        else
            acc = -1;
    }
    return acc;
}

static int classify_rename(StmtCtx *sc, const PgQuery__RenameStmt *st, int acc)
{
    switch (st->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
        return fold_schema(sc, acc, st->subname);
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
        return fold_type_node(sc, acc, st->object);
    default:
        if (st->relation) return fold_range_var(sc, acc, st->relation);
        return -1;
    }
}

static int classify_comment(StmtCtx *sc, const PgQuery__CommentStmt *st, int acc)
{
    PgQuery__Node *o = st->object;
    if (!o) return -1;
    if (is_relation_type(st->objtype) && o->node_case == PG_QUERY__NODE__NODE_LIST)
        return fold_names(sc, acc, o->list->items, o->list->n_items);
    if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
        o->node_case == PG_QUERY__NODE__NODE_LIST && o->list->n_items >= 2)
        return fold_names(sc, acc, o->list->items, o->list->n_items - 1);
    if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
        return fold_schema(sc, acc, pgq_str(o));
    if (st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) return fold_type_node(sc, acc, o);
    return -1;
}

static int classify_locked(StmtCtx *sc, PgQuery__Node *stmt)
{
    int n = sc->session->n_ddl_deferred;
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT:
    case PG_QUERY__NODE__NODE_INDEX_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
        /* Only creates: dropping the new objects also removes what they
         * added to others (a foreign key's entry in its parent, an index). */
        return n;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        /* CREATE OR REPLACE changes the view it replaces */
        return stmt->view_stmt->replace ? fold_range_var(sc, n, stmt->view_stmt->view) : n;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
        return fold_range_var(sc, n, stmt->alter_table_stmt->relation);
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return fold_range_var(sc, n, stmt->alter_seq_stmt->sequence);
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        return fold_type(sc, n, stmt->alter_enum_stmt->type_name,
                         stmt->alter_enum_stmt->n_type_name);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return classify_drop(sc, stmt->drop_stmt, n);
    case PG_QUERY__NODE__NODE_RENAME_STMT:
        return classify_rename(sc, stmt->rename_stmt, n);
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return classify_comment(sc, stmt->comment_stmt, n);
    default:
        return -1; /* ALTER ... OWNER TO and the rest: at once */
    }
}

int sql_ddl_txn_classify(StmtCtx *sc, PgQuery__Node *stmt)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    int base = classify_locked(sc, stmt);
    catalog_unlock(cat);
    return base;
}

/* ---- undo ---- */

static bool created(const DdlDeferred *v, int n, Oid oid)
{
    for (int i = 0; i < n; i++)
        if (oid >= v[i].first && oid < v[i].end) return true;
    return false;
}

static void put_drop(StrBuf *sb, const char *what, const CatSchema *schema, const char *name,
                     const char *tail)
{
    strbuf_printf(sb, "DROP %s IF EXISTS ", what);
    sql_put_quoted_ident(sb, schema->name);
    strbuf_putc(sb, '.');
    sql_put_quoted_ident(sb, name);
    strbuf_puts(sb, tail);
    strbuf_putc(sb, '\0'); /* statements are NUL-separated */
}

/* The DROP statements, in the order they run. Catalog lock held. */
static void plan_drops(Catalog *cat, const DdlDeferred *v, int n, StrBuf *sb)
{
    for (int i = catalog_view_count(cat); i-- > 0;) {
        CatView *w = catalog_view_at(cat, i);
        if (created(v, n, w->oid)) put_drop(sb, "VIEW", w->schema, w->name, " CASCADE");
    }
    for (int i = catalog_table_count(cat); i-- > 0;) {
        CatTable *t = catalog_table_at(cat, i);
        if (created(v, n, t->oid))
            put_drop(sb, t->matview ? "MATERIALIZED VIEW" : "TABLE", t->schema, t->name,
                     " CASCADE");
    }
    for (int i = 0; i < catalog_table_count(cat); i++) {
        CatTable *t = catalog_table_at(cat, i);
        if (created(v, n, t->oid)) continue;
        for (int k = 0; k < t->ncons; k++)
            if (t->cons[k].kind == CONSTR_INDEX && created(v, n, t->cons[k].index_oid))
                put_drop(sb, "INDEX", t->schema, t->cons[k].name, "");
    }
    for (int i = catalog_sequence_count(cat); i-- > 0;) {
        CatSequence *q = catalog_sequence_at(cat, i);
        if (created(v, n, q->oid)) put_drop(sb, "SEQUENCE", q->schema, q->name, " CASCADE");
    }
    for (int i = catalog_enum_count(cat); i-- > 0;) {
        CatEnum *e = catalog_enum_at(cat, i);
        if (created(v, n, e->oid)) put_drop(sb, "TYPE", e->schema, e->name, " CASCADE");
    }
    for (int i = catalog_schema_count(cat); i-- > 0;) {
        CatSchema *schema = catalog_schema_at(cat, i);
        if (!created(v, n, schema->oid)) continue;
        strbuf_puts(sb, "DROP SCHEMA IF EXISTS ");
        sql_put_quoted_ident(sb, schema->name);
        strbuf_puts(sb, " CASCADE");
        strbuf_putc(sb, '\0');
    }
}

static int quiet_complete(void *ctx, const char *tag)
{
    (void)ctx;
    (void)tag;
    return 0;
}

int sql_ddl_txn_undo(SqlSession *s, const DdlDeferred *v, int n, OmError *err)
{
    if (n <= 0) return 0;
    Arena *arena = arena_create(s->arena, "ddl undo");
    if (!arena) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    StrBuf sb;
    strbuf_init(&sb, arena);
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    plan_drops(cat, v, n, &sb);
    catalog_unlock(cat);
    int rc = 0;
    SqlSession *undo = sql_session_create(s->db, s->user, NULL, "ddl undo");
    if (!undo) rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (undo) {
        undo->mv_internal = true;
        undo->ddl_undo = true;
    }
    ResultSink sink;
    memset(&sink, 0, sizeof(sink));
    sink.complete = quiet_complete;
    for (size_t at = 0; rc == 0 && at < sb.len;) {
        const char *sql = sb.data + at;
        at += strlen(sql) + 1;
        rc = sql_exec_simple(undo, sql, &sink, err);
        if (rc != 0) error_detail(err, "Statement: %s", sql);
    }
    sql_session_destroy(undo);
    arena_destroy(arena);
    return rc;
}
