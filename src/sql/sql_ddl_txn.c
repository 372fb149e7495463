/*
 * sql_ddl_txn.c — which DDL statements a transaction can take back, and how
 * it takes them back (see sql_ddl_txn.h; the holding and writing of their
 * records is sql_wal.c's).
 *
 * A statement can be taken back when it creates objects, or changes only
 * objects that an earlier held statement of the same transaction created:
 * dropping what the transaction created then leaves the catalog exactly as
 * it was. An ALTER TABLE of an older table can be taken back when its
 * subcommands have exact inverses (alter_older, rename_older): the inverse is
 * computed from the table before and after it. Names are resolved before the
 * statement runs (a RENAME or DROP changes them), with the session's
 * search_path, as the statement itself resolves them.
 */
#include "sql/sql_ddl_txn.h"

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

/* sql_relation_find without an error: the statement reports its own. */
static int find_quietly(StmtCtx *sc, const char *schema, const char *name, SqlRelation *r)
{
    OmError saved;
    error_copy(&saved, sc->err);
    int rc = sql_relation_find(sc, schema, name, true, r);
    error_copy(sc->err, &saved);
    return rc;
}

/* A relation named by a RangeVar or a list of String nodes. */
static int fold_relation(StmtCtx *sc, int acc, const char *schema, const char *name)
{
    if (acc < 0 || !name) return -1;
    SqlRelation r;
    if (find_quietly(sc, schema, name, &r) != 0 || r.kind == SQL_REL_SYSTEM) return -1;
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

/* Every function of this name: they are all the transaction's, or the
 * statement is not taken back (OR REPLACE, DROP of an older one). */
static int fold_functions(StmtCtx *sc, int acc, PgQuery__Node **names, size_t n)
{
    Catalog *cat = sc->session->db->catalog;
    const char *name = n > 0 ? pgq_str(names[n - 1]) : NULL;
    for (int i = 0; name && i < catalog_function_count(cat); i++) {
        const CatFunction *f = catalog_function_at(cat, i);
        if (strcmp(f->name, name) == 0) acc = fold(sc->session, acc, true, f->oid);
    }
    return acc;
}

static int classify_drop(StmtCtx *sc, const PgQuery__DropStmt *st, int acc)
{
    for (size_t i = 0; i < st->n_objects && acc >= 0; i++) {
        PgQuery__Node *o = st->objects[i];
        if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA)
            acc = fold_schema(sc, acc, pgq_str(o));
        else if (st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE)
            acc = fold_type_node(sc, acc, o);
        else if ((st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
                  st->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE) &&
                 o->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
            acc = fold_functions(sc, acc, o->object_with_args->objname,
                                 o->object_with_args->n_objname);
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

/* The OID of the older permanent table rv names, else 0. */
static Oid older_table(StmtCtx *sc, const PgQuery__RangeVar *rv)
{
    SqlRelation r;
    if (find_quietly(sc, rv->schemaname, rv->relname, &r) != 0 || r.kind != SQL_REL_TABLE ||
        !r.table || r.table->matview || r.schema->is_temp)
        return 0;
    return r.table->oid;
}

/* An ALTER TABLE of an older permanent table that alter_inverse can undo:
 * its table's OID, else 0. */
static Oid alter_older(StmtCtx *sc, const PgQuery__AlterTableStmt *st)
{
    if (st->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || !st->relation || st->n_cmds == 0)
        return 0;
    for (size_t i = 0; i < st->n_cmds; i++) {
        if (st->cmds[i]->node_case != PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) return 0;
        switch (st->cmds[i]->alter_table_cmd->subtype) {
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
            break;
        default:
            return 0;
        }
    }
    return older_table(sc, st->relation);
}

/* ALTER TABLE ... RENAME COLUMN of an older permanent table: its OID, else 0. */
static Oid rename_older(StmtCtx *sc, const PgQuery__RenameStmt *st)
{
    if (st->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN ||
        st->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || !st->relation || !st->subname ||
        !st->newname)
        return 0;
    return older_table(sc, st->relation);
}

static int classify_locked(StmtCtx *sc, PgQuery__Node *stmt, Oid *altered)
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
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
        /* OR REPLACE may change an older function */
        return stmt->create_function_stmt->replace
                   ? fold_functions(sc, n, stmt->create_function_stmt->funcname,
                                    stmt->create_function_stmt->n_funcname)
                   : n;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
        /* OR REPLACE may drop an older trigger */
        return stmt->create_trig_stmt->replace ? -1 : n;
    case PG_QUERY__NODE__NODE_VIEW_STMT:
        /* CREATE OR REPLACE changes the view it replaces */
        return stmt->view_stmt->replace ? fold_range_var(sc, n, stmt->view_stmt->view) : n;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
        int base = fold_range_var(sc, n, stmt->alter_table_stmt->relation);
        if (base < 0 && (*altered = alter_older(sc, stmt->alter_table_stmt)) != 0) base = n;
        return base;
    }
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
        return fold_range_var(sc, n, stmt->alter_seq_stmt->sequence);
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
        return fold_type(sc, n, stmt->alter_enum_stmt->type_name,
                         stmt->alter_enum_stmt->n_type_name);
    case PG_QUERY__NODE__NODE_DROP_STMT:
        return classify_drop(sc, stmt->drop_stmt, n);
    case PG_QUERY__NODE__NODE_RENAME_STMT: {
        int base = classify_rename(sc, stmt->rename_stmt, n);
        if (base < 0 && (*altered = rename_older(sc, stmt->rename_stmt)) != 0) base = n;
        return base;
    }
    case PG_QUERY__NODE__NODE_COMMENT_STMT:
        return classify_comment(sc, stmt->comment_stmt, n);
    default:
        return -1; /* ALTER ... OWNER TO and the rest: at once */
    }
}

int sql_ddl_txn_classify(StmtCtx *sc, PgQuery__Node *stmt, Oid *altered)
{
    Catalog *cat = sc->session->db->catalog;
    *altered = 0;
    catalog_lock_shared(cat);
    int base = classify_locked(sc, stmt, altered);
    catalog_unlock(cat);
    return base;
}

/* ---- ALTER TABLE of an older table ---- */

void sql_ddl_txn_alter_snap_free(DdlAlterSnap *snap)
{
    for (int i = 0; snap->defaults && i < snap->ncols; i++) free(snap->defaults[i]);
    free(snap->names);
    free(snap->defaults);
    free(snap->not_null);
    free(snap->cons);
    memset(snap, 0, sizeof(*snap));
}

int sql_ddl_txn_alter_snap(SqlSession *s, Oid table, DdlAlterSnap *snap)
{
    memset(snap, 0, sizeof(*snap));
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    CatTable *t = catalog_table_by_oid(cat, table);
    int rc = t ? 0 : -1;
    if (t) {
        int nc = t->ncols > 0 ? t->ncols : 1, nk = t->ncons + t->nfkeys + t->nchecks;
        snap->table = table;
        snap->names = calloc((size_t)nc, sizeof(*snap->names));
        snap->defaults = calloc((size_t)nc, sizeof(char *));
        snap->not_null = calloc((size_t)nc, sizeof(bool));
        snap->cons = calloc((size_t)(nk > 0 ? nk : 1), sizeof(*snap->cons));
        if (!snap->names || !snap->defaults || !snap->not_null || !snap->cons) rc = -1;
        for (int i = 0; rc == 0 && i < t->ncols; i++) {
            snap->ncols++;
            memcpy(snap->names[i], t->cols[i].name, CATALOG_NAME_MAX);
            snap->not_null[i] = t->cols[i].not_null;
            if (t->cols[i].default_sql && !(snap->defaults[i] = strdup(t->cols[i].default_sql)))
                rc = -1;
        }
        for (int i = 0; rc == 0 && i < t->ncons; i++)
            memcpy(snap->cons[snap->ncons++], t->cons[i].name, CATALOG_NAME_MAX);
        for (int i = 0; rc == 0 && i < t->nfkeys; i++)
            memcpy(snap->cons[snap->ncons++], t->fkeys[i].name, CATALOG_NAME_MAX);
        for (int i = 0; rc == 0 && i < t->nchecks; i++)
            memcpy(snap->cons[snap->ncons++], t->checks[i].name, CATALOG_NAME_MAX);
    }
    catalog_unlock(cat);
    if (rc != 0) sql_ddl_txn_alter_snap_free(snap);
    return rc;
}

static int snap_column(const DdlAlterSnap *snap, const char *name)
{
    for (int i = 0; i < snap->ncols; i++)
        if (strcmp(snap->names[i], name) == 0) return i;
    return -1;
}

static bool snap_has_constraint(const DdlAlterSnap *snap, const char *name)
{
    for (int i = 0; i < snap->ncons; i++)
        if (strcmp(snap->cons[i], name) == 0) return true;
    return false;
}

/* schema.name, each quoted as needed */
static void put_qualified(StrBuf *sb, const CatSchema *schema, const char *name)
{
    sql_put_quoted_ident(sb, schema->name);
    strbuf_putc(sb, '.');
    sql_put_quoted_ident(sb, name);
}

static void put_alter(StrBuf *sb, const CatTable *t)
{
    strbuf_puts(sb, "ALTER TABLE ");
    put_qualified(sb, t->schema, t->name);
    strbuf_putc(sb, ' ');
}

static void put_drop_constraint(StrBuf *sb, const CatTable *t, const DdlAlterSnap *snap,
                                const char *name)
{
    if (snap_has_constraint(snap, name)) return;
    put_alter(sb, t);
    strbuf_puts(sb, "DROP CONSTRAINT IF EXISTS ");
    sql_put_quoted_ident(sb, name);
    strbuf_putc(sb, '\0');
}

char *sql_ddl_txn_alter_inverse(SqlSession *s, const PgQuery__Node *stmt, const DdlAlterSnap *snap)
{
    Arena *arena = arena_create(s->arena, "ddl inverse");
    if (!arena) return NULL;
    StrBuf sb;
    strbuf_init(&sb, arena);
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    CatTable *t = catalog_table_by_oid(cat, snap->table);
    if (t && stmt->node_case == PG_QUERY__NODE__NODE_RENAME_STMT) {
        put_alter(&sb, t);
        strbuf_puts(&sb, "RENAME COLUMN ");
        sql_put_quoted_ident(&sb, stmt->rename_stmt->newname);
        strbuf_puts(&sb, " TO ");
        sql_put_quoted_ident(&sb, stmt->rename_stmt->subname);
        strbuf_putc(&sb, '\0');
    } else if (t) {
        /* new constraints first: they may use new columns */
        for (int i = 0; i < t->nchecks; i++) put_drop_constraint(&sb, t, snap, t->checks[i].name);
        for (int i = 0; i < t->nfkeys; i++) put_drop_constraint(&sb, t, snap, t->fkeys[i].name);
        for (int i = 0; i < t->ncons; i++)
            if (t->cons[i].kind != CONSTR_INDEX) put_drop_constraint(&sb, t, snap, t->cons[i].name);
        for (int i = 0; i < t->ncols; i++) {
            const CatColumn *c = &t->cols[i];
            int k = snap_column(snap, c->name);
            if (k < 0) continue;
            const char *old = snap->defaults[k];
            if (!(old && c->default_sql && strcmp(old, c->default_sql) == 0) &&
                !(!old && !c->default_sql)) {
                put_alter(&sb, t);
                strbuf_puts(&sb, "ALTER COLUMN ");
                sql_put_quoted_ident(&sb, c->name);
                if (old) {
                    strbuf_puts(&sb, " SET DEFAULT ");
                    strbuf_puts(&sb, old);
                } else {
                    strbuf_puts(&sb, " DROP DEFAULT");
                }
                strbuf_putc(&sb, '\0');
            }
            if (snap->not_null[k] != c->not_null) {
                put_alter(&sb, t);
                strbuf_puts(&sb, "ALTER COLUMN ");
                sql_put_quoted_ident(&sb, c->name);
                strbuf_puts(&sb, snap->not_null[k] ? " SET NOT NULL" : " DROP NOT NULL");
                strbuf_putc(&sb, '\0');
            }
        }
        for (int i = t->ncols; i-- > 0;) {
            if (snap_column(snap, t->cols[i].name) >= 0) continue;
            put_alter(&sb, t);
            strbuf_puts(&sb, "DROP COLUMN IF EXISTS ");
            sql_put_quoted_ident(&sb, t->cols[i].name);
            strbuf_puts(&sb, " CASCADE");
            strbuf_putc(&sb, '\0');
        }
    }
    catalog_unlock(cat);
    strbuf_putc(&sb, '\0'); /* the empty statement that ends the list */
    char *out = malloc(sb.len);
    if (out) memcpy(out, sb.data, sb.len);
    arena_destroy(arena);
    return out;
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
    put_qualified(sb, schema, name);
    strbuf_puts(sb, tail);
    strbuf_putc(sb, '\0'); /* statements are NUL-separated */
}

static void put_drop_function(StrBuf *sb, const CatFunction *f)
{
    strbuf_puts(sb, f->is_procedure ? "DROP PROCEDURE IF EXISTS " : "DROP FUNCTION IF EXISTS ");
    put_qualified(sb, f->schema, f->name);
    strbuf_putc(sb, '(');
    for (int i = 0; i < f->nargs; i++) {
        char tb[CATALOG_NAME_MAX * 3];
        type_format_path(f->args[i].type, "", tb, sizeof(tb));
        strbuf_printf(sb, "%s%s", i ? ", " : "", tb);
    }
    strbuf_puts(sb, ")");
    strbuf_putc(sb, '\0');
}

/* The statements, in the order they run. Catalog lock held. */
static void plan_undo(Catalog *cat, const DdlDeferred *v, int n, StrBuf *sb)
{
    for (int i = catalog_trigger_count(cat); i-- > 0;) {
        const CatTrigger *tg = catalog_trigger_at(cat, i);
        const CatTable *t = catalog_table_by_oid(cat, tg->table);
        if (!created(v, n, tg->oid) || !t || created(v, n, t->oid)) continue;
        strbuf_puts(sb, "DROP TRIGGER IF EXISTS ");
        sql_put_quoted_ident(sb, tg->name);
        strbuf_puts(sb, " ON ");
        put_qualified(sb, t->schema, t->name);
        strbuf_putc(sb, '\0');
    }
    for (int i = catalog_function_count(cat); i-- > 0;) {
        const CatFunction *f = catalog_function_at(cat, i);
        if (created(v, n, f->oid)) put_drop_function(sb, f);
    }
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
    /* the ALTERs of older tables, newest first */
    for (int k = n; k-- > 0;)
        for (const char *q = v[k].undo_sql; q && *q; q += strlen(q) + 1) {
            strbuf_puts(sb, q);
            strbuf_putc(sb, '\0');
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
    plan_undo(cat, v, n, &sb);
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
