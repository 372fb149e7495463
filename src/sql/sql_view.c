/*
 * sql_view.c — CREATE [OR REPLACE] VIEW, DROP VIEW, ALTER VIEW ... RENAME,
 * and what DROP TABLE, ALTER TABLE and renames do for the views that depend
 * on what they change (sql_view.h). The normal form of a view's query comes
 * from sql_view_norm.c.
 *
 * DDL runs under the exclusive catalog lock, which also bumps the catalog
 * version, so every cached plan that expanded a changed view is re-planned.
 * Every check is made before the first change, so a failed statement leaves
 * the catalog as it was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_temp.h"
#include "sql/sql_view.h"

static void complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
}

static Catalog *cat_of(StmtCtx *sc)
{
    return sc->session->db->catalog;
}

/* "table t" / "view s.v": PostgreSQL's object description, qualified when
 * search_path does not find the relation under its name. */
static const char *rel_desc(StmtCtx *sc, Oid rel)
{
    Catalog *cat = cat_of(sc);
    CatTable *t = catalog_table_by_oid(cat, rel);
    CatView *v = t ? NULL : catalog_view_by_oid(cat, rel);
    if (!t && !v) return arena_sprintf(sc->arena, "relation %u", rel);
    const char *name = t ? t->name : v->name;
    const CatSchema *schema = t ? t->schema : v->schema;
    CatTable *ft;
    CatView *fv;
    catalog_relation_lookup(cat, sc->session->settings.search_path, name, &ft, &fv);
    bool visible = t ? ft == t : fv == v;
    const char *kind = t ? (t->matview ? "materialized view" : "table") : "view";
    return arena_sprintf(sc->arena, "%s %s%s%s", kind, visible ? "" : schema->name,
                         visible ? "" : ".", name);
}

/* ---- dependents ---- */

typedef struct Dependent {
    CatView *view;     /* a view, or a materialized view's definition */
    CatTable *matview; /* the materialized view, or NULL for a view */
    const char *on;    /* what it depends on, described */
} Dependent;

typedef struct DepList {
    int n;
    Dependent *items;
} DepList;

static bool in_oids(Oid oid, const Oid *oids, int n)
{
    for (int i = 0; i < n; i++)
        if (oids[i] == oid) return true;
    return false;
}

/* Adds the views that depend on rel (or its column col), then theirs, depth first. */
static void collect_dependents(StmtCtx *sc, Oid rel, const char *col, const Oid *skip, int nskip,
                               DepList *out)
{
    Catalog *cat = cat_of(sc);
    const char *on = rel_desc(sc, rel);
    if (col) {
        const char *sp = strchr(on, ' ');
        on = arena_sprintf(sc->arena, "column %s of %.*s%s", col, (int)(sp - on), on, sp);
    }
    int nviews = catalog_view_count(cat), ntables = catalog_table_count(cat);
    for (int i = 0; i < nviews + ntables; i++) {
        CatTable *mv = i < nviews ? NULL : catalog_table_at(cat, i - nviews);
        if (mv && !mv->matview) continue;
        CatView *v = mv ? mv->matview : catalog_view_at(cat, i);
        if (in_oids(v->oid, skip, nskip) || !catalog_view_depends_on(v, rel, col)) continue;
        bool seen = false;
        for (int k = 0; k < out->n; k++) seen |= out->items[k].view == v;
        if (seen) continue;
        out->items = arena_realloc(sc->arena, out->items, sizeof(Dependent) * (size_t)out->n,
                                   sizeof(Dependent) * (size_t)(out->n + 1));
        out->items[out->n++] = (Dependent){v, mv, on};
        collect_dependents(sc, v->oid, NULL, skip, nskip, out);
    }
}

int sql_view_drop_dependents(StmtCtx *sc, Oid rel, const char *col, bool cascade, const Oid *skip,
                             int nskip)
{
    DepList deps = {0, NULL};
    collect_dependents(sc, rel, col, skip, nskip, &deps);
    if (deps.n == 0) return 0;
    StrBuf detail;
    strbuf_init(&detail, sc->arena);
    for (int i = 0; i < deps.n; i++) {
        if (i) strbuf_putc(&detail, '\n');
        const char *d = rel_desc(sc, deps.items[i].view->oid);
        if (cascade)
            strbuf_printf(&detail, "drop cascades to %s", d);
        else
            strbuf_printf(&detail, "%s depends on %s", d, deps.items[i].on);
    }
    strbuf_putc(&detail, '\0');
    if (!cascade) {
        const char *what = rel_desc(sc, rel);
        if (col) {
            const char *sp = strchr(what, ' ');
            what = arena_sprintf(sc->arena, "column %s of %.*s%s", col, (int)(sp - what), what, sp);
        }
        ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
            "cannot drop %s because other objects depend on it", what);
        error_detail(sc->err, "%s", detail.data);
        error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
        return -1;
    }
    if (sc->sink->notice) {
        OmError n;
        error_clear(&n);
        if (deps.n == 1) {
            ERR(&n, SQLSTATE_SUCCESSFUL_COMPLETION, "%s", detail.data);
        } else {
            ERR(&n, SQLSTATE_SUCCESSFUL_COMPLETION, "drop cascades to %d other objects", deps.n);
            error_detail(&n, "%s", detail.data);
        }
        n.severity = ERR_SEV_NOTICE;
        sc->sink->notice(sc->sink->ctx, &n);
    }
    for (int i = deps.n - 1; i >= 0; i--) {
        CatTable *mv = deps.items[i].matview;
        if (mv) {
            txn_forget_table(sc->session->db->txns, sc->session->txn, mv->storage);
            catalog_table_drop(cat_of(sc), mv, NULL);
        } else {
            catalog_view_drop(cat_of(sc), deps.items[i].view);
        }
    }
    return 0;
}

int sql_view_check_retype(StmtCtx *sc, const CatTable *t, const char *col)
{
    Catalog *cat = cat_of(sc);
    int nviews = catalog_view_count(cat), ntables = catalog_table_count(cat);
    for (int i = 0; i < nviews + ntables; i++) {
        CatTable *mv = i < nviews ? NULL : catalog_table_at(cat, i - nviews);
        if (mv && !mv->matview) continue;
        CatView *v = mv ? mv->matview : catalog_view_at(cat, i);
        if (!catalog_view_depends_on(v, t->oid, col)) continue;
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "cannot alter type of a column used by a view or rule");
        error_detail(sc->err, "rule _RETURN on %s depends on column \"%s\"", rel_desc(sc, v->oid),
                     col);
        return -1;
    }
    return 0;
}

/* ---- renames ---- */

/* True if a JOIN of the tree is NATURAL or has `col` in USING: such a view
 * cannot follow the rename of that column (the join names it, not a
 * reference the binder resolved). */
static bool joins_on(const ProtobufCMessage *m, const char *col)
{
    if (!m) return false;
    if (m->descriptor == &pg_query__join_expr__descriptor) {
        const PgQuery__JoinExpr *j = (const PgQuery__JoinExpr *)m;
        if (j->is_natural) return true;
        for (size_t i = 0; i < j->n_using_clause; i++)
            if (strcmp(pgq_str(j->using_clause[i]), col) == 0) return true;
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
        const char *base = (const char *)m;
        if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
            *(const uint32_t *)(base + f->quantifier_offset) != f->id)
            continue;
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(base + f->quantifier_offset);
            ProtobufCMessage *const *arr = *(ProtobufCMessage *const *const *)(base + f->offset);
            for (size_t k = 0; k < n; k++)
                if (joins_on(arr[k], col)) return true;
        } else if (joins_on(*(const ProtobufCMessage *const *)(base + f->offset), col)) {
            return true;
        }
    }
    return false;
}

/* The names of v's columns (for re-defining it with the same ones). */
static const char **view_colnames(StmtCtx *sc, const CatView *v)
{
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, v->ncols > 0 ? v->ncols : 1);
    for (int i = 0; i < v->ncols; i++) names[i] = v->cols[i].name;
    return names;
}

/* Re-defines v from its own text (following rn, may be NULL) with column names `names`. */
static int redefine(StmtCtx *sc, CatView *v, const char **names, const ViewRename *rn)
{
    PgQuery__SelectStmt *sel = sql_view_parse(v, sc->arena, sc->err);
    if (!sel) return -1;
    if (rn && rn->oldcol && joins_on(&sel->base, rn->oldcol)) {
        const char *d = rel_desc(sc, rn->rel);
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "cannot rename column \"%s\" of %s: view \"%s\" joins on it with USING or "
                   "NATURAL",
                   rn->oldcol, strchr(d, ' ') + 1, v->name);
    }
    CatView tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    const char *saved = sc->binder.query_text;
    sc->binder.query_text = v->query_sql;
    int rc = sql_view_define(&sc->binder, sel, names, v->ncols, rn, &tmpl);
    sc->binder.query_text = saved;
    if (rc != 0) return -1;
    return catalog_view_replace(v, &tmpl, sc->err);
}

int sql_view_follow_rename(StmtCtx *sc, const ViewRename *rn)
{
    Catalog *cat = cat_of(sc);
    int nviews = catalog_view_count(cat), ntables = catalog_table_count(cat);
    for (int i = 0; i < nviews + ntables; i++) {
        CatTable *mv = i < nviews ? NULL : catalog_table_at(cat, i - nviews);
        if (mv && !mv->matview) continue;
        CatView *v = mv ? mv->matview : catalog_view_at(cat, i);
        if (!catalog_view_depends_on(v, rn->rel, rn->oldcol)) continue;
        if (redefine(sc, v, view_colnames(sc, v), rn) != 0) return -1;
    }
    return 0;
}

int sql_view_matview_renamed(StmtCtx *sc, CatTable *t, int col, const char *newname)
{
    CatView *v = t->matview;
    if (col < 0) {
        snprintf(v->name, sizeof(v->name), "%s", newname);
        return 0;
    }
    const char **names = view_colnames(sc, v);
    names[col] = newname;
    return redefine(sc, v, names, NULL);
}

int sql_view_rename(StmtCtx *sc, CatView *v, PgQuery__RenameStmt *st)
{
    Catalog *cat = cat_of(sc);
    if (st->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
        if (catalog_relation_name_taken(cat, v->schema, st->newname))
            return ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists",
                       st->newname);
        ViewRename rn = {v->oid, NULL, st->newname};
        if (sql_view_follow_rename(sc, &rn) != 0) return -1;
        snprintf(v->name, sizeof(v->name), "%s", st->newname);
        return 0;
    }
    int c = -1;
    for (int i = 0; i < v->ncols; i++)
        if (strcmp(v->cols[i].name, st->subname) == 0) c = i;
    if (c < 0)
        return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", st->subname);
    for (int i = 0; i < v->ncols; i++)
        if (strcmp(v->cols[i].name, st->newname) == 0)
            return ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN,
                       "column \"%s\" of relation \"%s\" already exists", st->newname, v->name);
    ViewRename rn = {v->oid, arena_strdup(sc->arena, st->subname), st->newname};
    if (sql_view_follow_rename(sc, &rn) != 0) return -1;
    const char **names = view_colnames(sc, v);
    names[c] = st->newname;
    return redefine(sc, v, names, NULL);
}

/* ---- CREATE VIEW ---- */

/* PostgreSQL's checkViewColumns for CREATE OR REPLACE. */
static int check_replacement(StmtCtx *sc, const CatView *old, const CatView *repl)
{
    if (repl->ncols < old->ncols)
        return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION, "cannot drop columns from view");
    for (int i = 0; i < old->ncols; i++) {
        const CatColumn *o = &old->cols[i], *n = &repl->cols[i];
        if (strcmp(o->name, n->name) != 0) {
            ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                "cannot change name of view column \"%s\" to \"%s\"", o->name, n->name);
            error_hint(sc->err, "Use ALTER VIEW ... RENAME COLUMN ... to change name of view "
                                "column instead.");
            return -1;
        }
        if (o->type.id != n->type.id || o->type.typmod != n->type.typmod) {
            char from[128], to[128];
            type_format(o->type, from, sizeof(from));
            type_format(n->type, to, sizeof(to));
            return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                       "cannot change data type of view column \"%s\" from %s to %s", o->name, from,
                       to);
        }
    }
    return 0;
}

static int refuse_options(StmtCtx *sc, PgQuery__ViewStmt *st)
{
    if (st->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__NO_CHECK_OPTION &&
        st->with_check_option != PG_QUERY__VIEW_CHECK_OPTION__VIEW_CHECK_OPTION_UNDEFINED)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "WITH CHECK OPTION is not supported yet");
    if (st->n_options > 0)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "view options (WITH (...)) are not supported yet");
    if (!st->query || st->query->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "views must be defined by a SELECT or VALUES query");
    return 0;
}

PgQuery__SelectStmt *sql_view_copy_query(StmtCtx *sc, PgQuery__Node *query)
{
    size_t len = pg_query__node__get_packed_size(query);
    uint8_t *buf = arena_alloc(sc->arena, len > 0 ? len : 1);
    pg_query__node__pack(query, buf);
    PgQuery__Node *copy = sql_unpack_node_arena(buf, len, sc->arena);
    if (!copy) {
        ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    return copy->select_stmt;
}

bool sql_view_reads_temp(Catalog *cat, const CatView *tmpl)
{
    for (int i = 0; i < tmpl->ndeps; i++) {
        CatTable *t = catalog_table_by_oid(cat, tmpl->deps[i].rel);
        CatView *v = t ? NULL : catalog_view_by_oid(cat, tmpl->deps[i].rel);
        if ((t && t->schema->is_temp) || (v && v->schema->is_temp)) return true;
    }
    return false;
}

static int create_view(StmtCtx *sc, PgQuery__ViewStmt *st)
{
    Catalog *cat = cat_of(sc);
    PgQuery__RangeVar *rv = st->view;
    const char *path = sc->session->settings.search_path;
    bool temp = rv->relpersistence && strcmp(rv->relpersistence, "t") == 0;
    CatSchema *schema = NULL;
    bool qualified = rv->schemaname && rv->schemaname[0];
    if (qualified && strcmp(rv->schemaname, "pg_temp") == 0) {
        temp = true;
    } else if (qualified) {
        schema = catalog_schema_find(cat, rv->schemaname);
        if (!schema)
            return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                       rv->schemaname);
        if (catalog_schema_other_temp(cat, schema, path))
            return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                       "cannot create relations in temporary schemas of other sessions");
        if (temp && !schema->is_temp)
            return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                       "cannot create temporary relation in non-temporary schema");
        temp = schema->is_temp;
    }
    PgQuery__SelectStmt *sel = sql_view_copy_query(sc, st->query);
    if (!sel) return -1;
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, st->n_aliases + 1);
    for (size_t i = 0; i < st->n_aliases; i++) names[i] = pgq_str(st->aliases[i]);
    CatView tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    if (sql_view_define(&sc->binder, sel, names, (int)st->n_aliases, NULL, &tmpl) != 0) return -1;
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", rv->relname);
    if (!temp && sql_view_reads_temp(cat, &tmpl)) {
        /* PostgreSQL makes a view over temporary relations temporary */
        if (schema)
            return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                       "cannot create temporary relation in non-temporary schema");
        temp = true;
        char msg[200];
        snprintf(msg, sizeof(msg), "view \"%s\" will be a temporary view", tmpl.name);
        sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
    }
    if (temp && !schema) {
        schema = sql_temp_schema(sc, true);
        if (!schema) return -1;
    } else if (!schema) {
        schema = catalog_creation_schema(cat, path);
        if (!schema)
            return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME,
                       "no schema has been selected to create in");
    }
    if (schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied to create \"%s.%s\"",
            schema->name, rv->relname);
        error_detail(sc->err, "System catalog modifications are currently disallowed.");
        return -1;
    }
    if (sql_ddl_target(sc, schema) != 0) return -1;
    tmpl.schema = schema;
    CatView *old = catalog_view_find(cat, schema, tmpl.name);
    if (old && st->replace) {
        if (check_replacement(sc, old, &tmpl) != 0) return -1;
        return catalog_view_replace(old, &tmpl, sc->err);
    }
    if (st->replace && catalog_table_find(cat, schema, tmpl.name)) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", tmpl.name);
        return -1;
    }
    return catalog_view_create(cat, &tmpl, NULL, sc->err);
}

int sql_run_create_view(StmtCtx *sc, PgQuery__ViewStmt *st)
{
    if (refuse_options(sc, st) != 0) return -1;
    Catalog *cat = cat_of(sc);
    catalog_lock_exclusive(cat);
    int rc = create_view(sc, st);
    catalog_unlock(cat);
    if (rc == 0) complete(sc, "CREATE VIEW");
    return rc;
}

/* ---- DROP VIEW ---- */

static CatView *find_view(StmtCtx *sc, PgQuery__List *names, bool missing_ok, bool *failed)
{
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.location = -1;
    rv.relname = (char *)pgq_str(names->items[names->n_items - 1]);
    rv.schemaname = (char *)(names->n_items > 1 ? pgq_str(names->items[names->n_items - 2]) : "");
    CatTable *t;
    CatView *v;
    *failed = false;
    if (bind_lookup_relation(&sc->binder, &rv, true, &t, &v) != 0) {
        *failed = true;
        return NULL;
    }
    if (t) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a view", rv.relname);
        error_hint(sc->err, t->matview ? "Use DROP MATERIALIZED VIEW to remove a materialized view."
                                       : "Use DROP TABLE to remove a table.");
        *failed = true;
        return NULL;
    }
    if (v) return v;
    if (missing_ok) {
        char msg[200];
        snprintf(msg, sizeof(msg), "view \"%s\" does not exist, skipping", rv.relname);
        sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
        return NULL;
    }
    ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "view \"%s\" does not exist", rv.relname);
    *failed = true;
    return NULL;
}

int sql_run_drop_view(StmtCtx *sc, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    Catalog *cat = cat_of(sc);
    catalog_lock_exclusive(cat);
    int n = (int)st->n_objects;
    CatView **victims = ARENA_NEW_ARRAY(sc->arena, CatView *, n > 0 ? n : 1);
    Oid *oids = ARENA_NEW_ARRAY(sc->arena, Oid, n > 0 ? n : 1);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        bool failed;
        victims[i] = find_view(sc, st->objects[i]->list, st->missing_ok, &failed);
        oids[i] = victims[i] ? victims[i]->oid : 0;
        if (failed || (victims[i] && sql_ddl_target(sc, victims[i]->schema) != 0)) rc = -1;
    }
    for (int i = 0; i < n && rc == 0 && !cascade; i++)
        if (victims[i]) rc = sql_view_drop_dependents(sc, oids[i], NULL, false, oids, n);
    for (int i = 0; i < n && rc == 0; i++) {
        if (!victims[i] || !catalog_view_by_oid(cat, oids[i])) continue;
        rc = sql_view_drop_dependents(sc, oids[i], NULL, true, oids, n);
        if (rc == 0) catalog_view_drop(cat, victims[i]);
    }
    catalog_unlock(cat);
    if (rc == 0) complete(sc, "DROP VIEW");
    return rc;
}
