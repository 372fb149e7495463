/*
 * sql_matview.c — CREATE / REFRESH MATERIALIZED VIEW, the ALTER forms of a
 * materialized view, and the populated state that follows the transaction
 * (sql_matview.h has the design).
 *
 * Invariants: a materialized view's rows are written only by fill() (the
 * binder refuses every other write: Binder.matview_write); s->mv_pending
 * lists, oldest first, the populated states the running transaction set and
 * is empty outside a transaction; an entry is `applied` only between
 * pre-commit and the end of the commit.
 */
#include "sql/sql_matview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_temp.h"
#include "sql/sql_view.h"

#define POPULATED_OPTION  "omendb_populated"
#define LOCK_KIND_MATVIEW 3 /* advisory-lock key space of REFRESH (not a user's) */

static void complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
}

static Catalog *cat_of(StmtCtx *sc)
{
    return sc->session->db->catalog;
}

static int forward_notice(void *ctx, const OmError *n)
{
    ResultSink *outer = ctx;
    return outer->notice ? outer->notice(outer->ctx, n) : 0;
}

/* ---- populated state ---- */

/* Cached plans checked the state they were bound with: a change of what this
 * session sees bumps the catalog version, which re-plans them (an exclusive
 * lock taken and released does that). */
static void replan(SqlSession *s)
{
    catalog_lock_exclusive(s->db->catalog);
    catalog_unlock(s->db->catalog);
}

bool sql_matview_populated(SqlSession *s, const CatTable *t)
{
    for (int i = s->n_mv_pending; i-- > 0;)
        if (s->mv_pending[i].matview == t->oid) return s->mv_pending[i].populated;
    return t->populated;
}

static bool populated_view(void *session, const CatTable *t)
{
    return sql_matview_populated(session, t);
}

void sql_matview_views_init(SqlSession *s)
{
    s->settings.views.matview_populated = populated_view;
}

static int set_pending(StmtCtx *sc, Oid oid, bool populated)
{
    SqlSession *s = sc->session;
    if (s->n_mv_pending == s->cap_mv_pending) {
        int cap = s->cap_mv_pending ? s->cap_mv_pending * 2 : 4;
        MatviewPending *grown = realloc(s->mv_pending, sizeof(MatviewPending) * (size_t)cap);
        if (!grown) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        s->mv_pending = grown;
        s->cap_mv_pending = cap;
    }
    s->mv_pending[s->n_mv_pending++] =
        (MatviewPending){oid, populated, s->nsavepoints, false, false};
    replan(s);
    return 0;
}

/* Runs `ALTER MATERIALIZED VIEW v SET (omendb_populated = ...)` as a logged
 * DDL statement of session s. 1 if the view no longer exists. */
static int log_populated(SqlSession *s, Oid oid, bool populated, OmError *err)
{
    Catalog *cat = s->db->catalog;
    Arena *arena = arena_create(s->arena, "matview populated");
    if (!arena) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    StrBuf sb;
    strbuf_init(&sb, arena);
    catalog_lock_shared(cat);
    CatTable *t = catalog_table_by_oid(cat, oid);
    if (t && t->matview) {
        strbuf_puts(&sb, "ALTER MATERIALIZED VIEW ");
        sql_put_quoted_ident(&sb, t->schema->name);
        strbuf_putc(&sb, '.');
        sql_put_quoted_ident(&sb, t->name);
        strbuf_printf(&sb, " SET (" POPULATED_OPTION " = %s)", populated ? "on" : "off");
    }
    catalog_unlock(cat);
    int rc = 1;
    if (t && t->matview) {
        static ResultSink quiet;
        StmtCtx sc;
        memset(&sc, 0, sizeof(sc));
        sc.session = s;
        sc.arena = arena;
        sc.err = err;
        sc.sink = &quiet;
        s->mv_internal = true;
        rc = sql_run_generated(&sc, sb.data);
        s->mv_internal = false;
    }
    arena_destroy(arena);
    return rc < 0 ? -1 : rc;
}

int sql_matview_pre_commit(SqlSession *s, OmError *err)
{
    Catalog *cat = s->db->catalog;
    for (int i = 0; i < s->n_mv_pending; i++) {
        MatviewPending *p = &s->mv_pending[i];
        bool last = true; /* only the newest state of each view counts */
        for (int k = i + 1; k < s->n_mv_pending; k++)
            last &= s->mv_pending[k].matview != p->matview;
        if (!last) continue;
        catalog_lock_shared(cat);
        CatTable *t = catalog_table_by_oid(cat, p->matview);
        bool old = t && t->matview ? t->populated : p->populated;
        catalog_unlock(cat);
        if (old == p->populated) continue;
        int rc = log_populated(s, p->matview, p->populated, err);
        if (rc < 0) return -1;
        if (rc == 0) {
            p->applied = true;
            p->old = old;
        }
    }
    return 0;
}

void sql_matview_txn_end(SqlSession *s, bool committed)
{
    for (int i = s->n_mv_pending; !committed && i-- > 0;) {
        MatviewPending *p = &s->mv_pending[i];
        if (!p->applied) continue;
        OmError err;
        error_clear(&err);
        /* a failure here (the log cannot be written) leaves the state in
         * place; the log's own failure handling stops further writes */
        (void)log_populated(s, p->matview, p->old, &err);
    }
    if (s->n_mv_pending > 0 && !committed) replan(s);
    s->n_mv_pending = 0;
}

void sql_matview_rollback_to(SqlSession *s, int i)
{
    int n = 0;
    while (n < s->n_mv_pending && s->mv_pending[n].depth <= i) n++;
    if (n < s->n_mv_pending) replan(s);
    s->n_mv_pending = n;
}

void sql_matview_release(SqlSession *s, int i)
{
    for (int k = 0; k < s->n_mv_pending; k++)
        if (s->mv_pending[k].depth > i) s->mv_pending[k].depth = i;
}

/* ---- filling ---- */

/* The INSERT's tag "INSERT 0 n": keeps n. */
typedef struct FillTag {
    ResultSink *outer;
    const char *count;
    Arena *arena;
} FillTag;

static int fill_complete(void *ctx, const char *tag)
{
    FillTag *ft = ctx;
    const char *n = strrchr(tag, ' ');
    ft->count = arena_strdup(ft->arena, n ? n + 1 : "0");
    return 0;
}

static int fill_notice(void *ctx, const OmError *n)
{
    FillTag *ft = ctx;
    return forward_notice(ft->outer, n);
}

/* Takes REFRESH's lock on the view, to the end of the transaction. */
static int lock_matview(StmtCtx *sc, Oid oid)
{
    SqlSession *s = sc->session;
    SessionViews *views = &s->settings.views;
    if (!views->advisory || !s->txn) return 0;
    SessionAdvisoryRequest r = {.op = SESSION_ADVISORY_LOCK,
                                .key = (int64_t)oid,
                                .kind = LOCK_KIND_MATVIEW,
                                .shared = false,
                                .xact = true,
                                .wait = true};
    return views->advisory(views->session, &r, sc->err) < 0 ? -1 : 0;
}

/* Replaces the rows of materialized view `oid` (schema.name) with its
 * query's (with_data) or none, in the session's transaction, and sets its
 * populated state. *count: the rows inserted (may be NULL). */
static int fill(StmtCtx *sc, Oid oid, const char *schema, const char *name, bool with_data,
                const char **count)
{
    SqlSession *s = sc->session;
    if (lock_matview(sc, oid) != 0) return -1;
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.schemaname = (char *)schema;
    rv.relname = (char *)name;
    rv.inh = true;
    rv.relpersistence = (char *)"p";
    rv.location = -1;
    FillTag ft = {sc->sink, "0", sc->arena};
    ResultSink sink = {.ctx = &ft, .complete = fill_complete, .notice = fill_notice};
    StmtCtx inner = *sc;
    inner.sink = &sink;
    /* a fresh snapshot after the lock: a REFRESH that committed meanwhile is seen */
    if (s->txn) txn_statement_begin(s->txn);
    PgQuery__DeleteStmt del = PG_QUERY__DELETE_STMT__INIT;
    del.relation = &rv;
    sql_binder_init(&inner);
    inner.binder.matview_write = true;
    inner.binder.matview_target = oid;
    if (sql_run_delete(&inner, &del) != 0) return -1;
    if (with_data) {
        Catalog *cat = cat_of(sc);
        catalog_lock_shared(cat);
        CatTable *t = catalog_table_by_oid(cat, oid);
        PgQuery__SelectStmt *sel =
            t && t->matview ? sql_view_parse(t->matview, sc->arena, sc->err) : NULL;
        catalog_unlock(cat);
        if (!sel) {
            if (!sc->err->is_set)
                ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
            return -1;
        }
        PgQuery__Node node = PG_QUERY__NODE__INIT;
        node.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
        node.select_stmt = sel;
        PgQuery__InsertStmt ins = PG_QUERY__INSERT_STMT__INIT;
        ins.relation = &rv;
        ins.select_stmt = &node;
        if (s->txn) txn_statement_begin(s->txn);
        sql_binder_init(&inner);
        inner.binder.matview_write = true;
        inner.query_text = NULL; /* positions would point into another text */
        if (sql_run_insert(&inner, &ins) != 0) return -1;
    }
    if (count) *count = ft.count;
    return set_pending(sc, oid, with_data);
}

/* ---- CREATE MATERIALIZED VIEW ---- */

static void put_relation(StrBuf *sb, const PgQuery__RangeVar *rv)
{
    if (rv->schemaname && rv->schemaname[0]) {
        sql_put_quoted_ident(sb, rv->schemaname);
        strbuf_putc(sb, '.');
    }
    sql_put_quoted_ident(sb, rv->relname);
}

/* The catalog entry (the logged DDL form, WITH NO DATA); lock held. */
static int create_entry(StmtCtx *sc, PgQuery__CreateTableAsStmt *st, bool *skipped)
{
    Catalog *cat = cat_of(sc);
    PgQuery__IntoClause *into = st->into;
    PgQuery__RangeVar *rv = into->rel;
    const char *path = sc->session->settings.search_path;
    CatSchema *schema;
    if (rv->schemaname && rv->schemaname[0]) {
        schema = catalog_schema_find(cat, rv->schemaname);
        if (!schema)
            return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                       rv->schemaname);
    } else {
        schema = catalog_creation_schema(cat, path);
        if (!schema)
            return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME,
                       "no schema has been selected to create in");
    }
    if (st->if_not_exists && catalog_relation_name_taken(cat, schema, rv->relname)) {
        char msg[200];
        snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping", rv->relname);
        sql_notice(sc, SQLSTATE_DUPLICATE_TABLE, msg);
        *skipped = true;
        return 0;
    }
    if (schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied to create \"%s.%s\"",
            schema->name, rv->relname);
        error_detail(sc->err, "System catalog modifications are currently disallowed.");
        return -1;
    }
    if (schema->is_temp)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "materialized views must not use temporary tables or views");
    if (!st->query || st->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "materialized views must be defined by a SELECT or VALUES query");
    PgQuery__SelectStmt *sel = sql_view_copy_query(sc, st->query);
    if (!sel) return -1;
    int nnames = (int)into->n_col_names;
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, nnames + 1);
    for (int i = 0; i < nnames; i++) names[i] = pgq_str(into->col_names[i]);
    CatView tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    if (sql_view_define(&sc->binder, sel, names, nnames, NULL, &tmpl) != 0) {
        if (strcmp(sc->err->sqlstate, SQLSTATE_SYNTAX_ERROR) == 0 &&
            strstr(sc->err->message, "more column names")) {
            error_clear(sc->err);
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "too many column names were specified");
        }
        return -1;
    }
    if (sql_view_reads_temp(cat, &tmpl))
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "materialized views must not use temporary tables or views");
    if (sql_ddl_target(sc, schema) != 0) return -1;
    CatTable ttmpl;
    memset(&ttmpl, 0, sizeof(ttmpl));
    snprintf(ttmpl.name, sizeof(ttmpl.name), "%s", rv->relname);
    ttmpl.schema = schema;
    ttmpl.ncols = tmpl.ncols;
    ttmpl.cols = ARENA_NEW_ARRAY(sc->arena, CatColumn, tmpl.ncols + 1);
    for (int i = 0; i < tmpl.ncols; i++) {
        snprintf(ttmpl.cols[i].name, CATALOG_NAME_MAX, "%s", tmpl.cols[i].name);
        ttmpl.cols[i].type = tmpl.cols[i].type;
        if (ttmpl.cols[i].type.id == TYPE_UNKNOWN) ttmpl.cols[i].type = OM_TYPE(TYPE_TEXT);
    }
    CatTable *t;
    if (catalog_table_create(cat, &ttmpl, &t, sc->err) != 0) return -1;
    if (catalog_matview_define(t, &tmpl, sc->err) != 0) {
        catalog_table_drop(cat, t, NULL);
        return -1;
    }
    t->populated = false;
    return 0;
}

static int run_create_entry(StmtCtx *sc, PgQuery__CreateTableAsStmt *st, bool *skipped)
{
    Catalog *cat = cat_of(sc);
    catalog_lock_exclusive(cat);
    int rc = create_entry(sc, st, skipped);
    catalog_unlock(cat);
    return rc;
}

/* Rewrites the tag of an inner CREATE: none (the outer statement sends it). */
int sql_run_create_matview(StmtCtx *sc, PgQuery__CreateTableAsStmt *st)
{
    PgQuery__IntoClause *into = st->into;
    if (!into || !into->rel || !st->query)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "CREATE MATERIALIZED VIEW without a query");
    bool skipped = false;
    if (into->skip_data) { /* the logged form: only the catalog entry */
        if (run_create_entry(sc, st, &skipped) != 0) return -1;
        (void)skipped;
        complete(sc, "CREATE MATERIALIZED VIEW");
        return 0;
    }
    if (st->if_not_exists) {
        Catalog *cat = cat_of(sc);
        catalog_lock_shared(cat);
        CatTable *t;
        CatView *v;
        int lrc = bind_lookup_relation(&sc->binder, into->rel, true, &t, &v);
        catalog_unlock(cat);
        if (lrc != 0) return -1;
        if (t || v) {
            char msg[200];
            snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping",
                     into->rel->relname);
            sql_notice(sc, SQLSTATE_DUPLICATE_TABLE, msg);
            complete(sc, "CREATE MATERIALIZED VIEW");
            return 0;
        }
    }
    if (st->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "materialized views must be defined by a SELECT or VALUES query");
    /* the catalog entry, logged as its WITH NO DATA form */
    char *query = sql_deparse_select(st->query->select_stmt);
    if (!query) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    StrBuf sb;
    strbuf_init(&sb, sc->arena);
    strbuf_puts(&sb, "CREATE MATERIALIZED VIEW ");
    put_relation(&sb, into->rel);
    for (size_t i = 0; i < into->n_col_names; i++) {
        strbuf_puts(&sb, i ? ", " : " (");
        sql_put_quoted_ident(&sb, pgq_str(into->col_names[i]));
    }
    if (into->n_col_names) strbuf_putc(&sb, ')');
    strbuf_printf(&sb, " AS %s WITH NO DATA", query);
    free(query);
    if (sql_run_generated(sc, sb.data) != 0) return -1;
    /* the rows, as the transaction's writes */
    Catalog *cat = cat_of(sc);
    catalog_lock_shared(cat);
    CatTable *t = bind_lookup_table(&sc->binder, into->rel, false);
    Oid oid = t ? t->oid : 0;
    const char *schema = t ? arena_strdup(sc->arena, t->schema->name) : NULL;
    catalog_unlock(cat);
    if (!t) return -1;
    const char *count = "0";
    if (fill(sc, oid, schema, into->rel->relname, true, &count) == 0) {
        char tag[64];
        snprintf(tag, sizeof(tag), "SELECT %s", count);
        complete(sc, tag);
        return 0;
    }
    /* Leave no view behind; the fill's error is the statement's. */
    OmError saved;
    error_copy(&saved, sc->err);
    StrBuf drop;
    strbuf_init(&drop, sc->arena);
    strbuf_puts(&drop, "DROP MATERIALIZED VIEW ");
    sql_put_quoted_ident(&drop, schema);
    strbuf_putc(&drop, '.');
    sql_put_quoted_ident(&drop, into->rel->relname);
    sql_run_generated(sc, drop.data);
    error_copy(sc->err, &saved);
    return -1;
}

/* ---- REFRESH ---- */

/* A unique index REFRESH CONCURRENTLY can use: plain columns, no predicate. */
static bool has_usable_unique(const CatTable *t)
{
    for (int i = 0; i < t->ncons; i++) {
        const CatConstraint *con = &t->cons[i];
        bool unique = con->kind != CONSTR_INDEX || con->index_unique;
        if (unique && !catalog_index_computed(t, con)) return true;
    }
    return false;
}

int sql_run_refresh_matview(StmtCtx *sc, PgQuery__RefreshMatViewStmt *st)
{
    if (st->concurrent && st->skip_data)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "CONCURRENTLY and WITH NO DATA options cannot be used together");
    Catalog *cat = cat_of(sc);
    catalog_lock_shared(cat);
    CatTable *t;
    CatView *v;
    int rc = bind_lookup_relation(&sc->binder, st->relation, false, &t, &v);
    if (rc == 0 && v) {
        rc = ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a table or materialized view",
                 v->name);
    } else if (rc == 0 && !t->matview) {
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "\"%s\" is not a materialized view",
                 t->name);
    } else if (rc == 0 && st->concurrent && !sql_matview_populated(sc->session, t)) {
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "CONCURRENTLY cannot be used when the materialized view is not populated");
    } else if (rc == 0 && st->concurrent && !has_usable_unique(t)) {
        ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
            "cannot refresh materialized view \"%s.%s\" concurrently", t->schema->name, t->name);
        error_hint(sc->err, "Create a unique index with no WHERE clause on one or more columns "
                            "of the materialized view.");
        rc = -1;
    }
    Oid oid = rc == 0 ? t->oid : 0;
    const char *schema = rc == 0 ? arena_strdup(sc->arena, t->schema->name) : NULL;
    const char *name = rc == 0 ? arena_strdup(sc->arena, t->name) : NULL;
    catalog_unlock(cat);
    if (rc != 0) return -1;
    if (fill(sc, oid, schema, name, !st->skip_data, NULL) != 0) return -1;
    complete(sc, "REFRESH MATERIALIZED VIEW");
    return 0;
}

/* ---- ALTER ---- */

/* PostgreSQL's name of an ALTER TABLE action materialized views refuse. */
static const char *refused_action(const PgQuery__AlterTableCmd *cmd)
{
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        return "ADD COLUMN";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn:
        return "DROP COLUMN";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType:
        return "ALTER COLUMN ... SET DATA TYPE";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        return cmd->def ? "ALTER COLUMN ... SET DEFAULT" : "ALTER COLUMN ... DROP DEFAULT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        return "ALTER COLUMN ... SET NOT NULL";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        return "ALTER COLUMN ... DROP NOT NULL";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
        return "ADD CONSTRAINT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint:
        return "DROP CONSTRAINT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
        return "VALIDATE CONSTRAINT";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddIdentity:
        return "ALTER COLUMN ... ADD IDENTITY";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetIdentity:
        return "ALTER COLUMN ... SET";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropIdentity:
        return "ALTER COLUMN ... DROP IDENTITY";
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropExpression:
        return "ALTER COLUMN ... DROP EXPRESSION";
    default:
        return NULL;
    }
}

/* SET (omendb_populated = on|off): the logged form of a populated state. */
static int set_populated(StmtCtx *sc, CatTable *t, PgQuery__AlterTableCmd *cmd)
{
    PgQuery__DefElem *d = cmd->def->list->items[0]->def_elem;
    const char *val =
        d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING ? d->arg->string->sval : "";
    if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
        val = d->arg->boolean->boolval ? "on" : "off";
    bool on = strcmp(val, "on") == 0 || strcmp(val, "true") == 0;
    if (!sc->session->mv_internal) /* what PostgreSQL answers for a name it does not know */
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE, "unrecognized parameter \"%s\"",
                   POPULATED_OPTION);
    if (sql_ddl_target(sc, t->schema) != 0) return -1;
    t->populated = on;
    return 0;
}

static bool is_populated_option(const PgQuery__AlterTableCmd *cmd)
{
    if (cmd->subtype != PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions || !cmd->def ||
        cmd->def->node_case != PG_QUERY__NODE__NODE_LIST || cmd->def->list->n_items != 1 ||
        cmd->def->list->items[0]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
        return false;
    const char *name = cmd->def->list->items[0]->def_elem->defname;
    return name && strcmp(name, POPULATED_OPTION) == 0;
}

int sql_matview_alter(StmtCtx *sc, PgQuery__AlterTableStmt *st)
{
    Catalog *cat = cat_of(sc);
    bool as_matview = st->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
    catalog_lock_exclusive(cat);
    CatTable *t;
    CatView *v;
    int rc = bind_lookup_relation(&sc->binder, st->relation, true, &t, &v);
    if (rc != 0) goto out;
    if (!t && !v) {
        if (!as_matview) {
            rc = 1;
        } else if (st->missing_ok) {
            char msg[200];
            snprintf(msg, sizeof(msg), "relation \"%s\" does not exist, skipping",
                     st->relation->relname);
            sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
            complete(sc, "ALTER MATERIALIZED VIEW");
        } else {
            rc = ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist",
                     st->relation->relname);
        }
        goto out;
    }
    if (!t || !t->matview) {
        if (as_matview)
            rc = ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a materialized view",
                     st->relation->relname);
        else
            rc = 1;
        goto out;
    }
    if (st->n_cmds == 1 && is_populated_option(st->cmds[0]->alter_table_cmd)) {
        rc = set_populated(sc, t, st->cmds[0]->alter_table_cmd);
        if (rc == 0) complete(sc, "ALTER MATERIALIZED VIEW");
        goto out;
    }
    bool owner_only = true;
    for (size_t i = 0; i < st->n_cmds; i++) {
        const PgQuery__AlterTableCmd *cmd = st->cmds[i]->alter_table_cmd;
        const char *action = refused_action(cmd);
        if (action) {
            ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE,
                "ALTER action %s cannot be performed on relation \"%s\"", action, t->name);
            error_detail(sc->err, "This operation is not supported for materialized views.");
            rc = -1;
            goto out;
        }
        owner_only &= cmd->subtype == PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner;
    }
    if (!owner_only) {
        rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                 "this form of ALTER MATERIALIZED VIEW is not supported yet");
        goto out;
    }
    rc = 1; /* OWNER TO: as for any relation */
out:
    catalog_unlock(cat);
    return rc;
}
