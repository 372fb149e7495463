/*
 * sql_trigger.c — CREATE [OR REPLACE] TRIGGER and DROP TRIGGER.
 *
 * What is supported: BEFORE and AFTER triggers, FOR EACH ROW or STATEMENT,
 * on INSERT, UPDATE [OF columns] and DELETE (and TRUNCATE for statement
 * triggers) of a table, WHEN (condition), calling a PL/pgSQL function that
 * RETURNS trigger with constant arguments (TG_ARGV). As in PostgreSQL: 42P17
 * when the function does not return trigger, 42710 for a second trigger of
 * one name on a table, 42809 for a view. Not supported yet (0A000): INSTEAD
 * OF triggers, constraint triggers, transition tables (REFERENCING).
 *
 * A WHEN condition is kept as SQL text and compiled, for checking and at
 * fire time (pl_trigger.c), into a small trigger function of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/pl.h"
#include "sql/sql_int.h"
#include "sql/sql_temp.h"

/* PostgreSQL's tgtype bits, as CreateTrigStmt carries them */
#define PGTRIG_BEFORE   2
#define PGTRIG_INSERT   4
#define PGTRIG_DELETE   8
#define PGTRIG_UPDATE   16
#define PGTRIG_TRUNCATE 32
#define PGTRIG_INSTEAD  64

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) return sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

/* The trigger function the name list names: no arguments, RETURNS trigger. */
static CatFunction *trigger_function(StmtCtx *sc, PgQuery__Node **names, size_t n)
{
    Catalog *cat = sc->session->db->catalog;
    const char *name = pgq_str(names[n - 1]);
    const char *schema_name = n >= 2 ? pgq_str(names[n - 2]) : NULL;
    CatSchema *path[16];
    int npath = 0;
    if (schema_name) {
        CatSchema *s = catalog_schema_find(cat, schema_name);
        if (s) path[npath++] = s;
    } else {
        npath = catalog_search_schemas(cat, sc->session->settings.search_path, path, 16);
    }
    for (int p = 0; p < npath; p++)
        for (int i = 0; i < catalog_function_count(cat); i++) {
            CatFunction *f = catalog_function_at(cat, i);
            if (f->schema != path[p] || f->nargs != 0 || strcmp(f->name, name) != 0) continue;
            if (!f->is_trigger) {
                ERR(sc->err, SQLSTATE_INVALID_OBJECT_DEFINITION,
                    "function %s must return type trigger", name);
                return NULL;
            }
            return f;
        }
    ERR(sc->err, SQLSTATE_UNDEFINED_FUNCTION, "function %s() does not exist", name);
    return NULL;
}

/* A trigger's WHEN condition compiles (as pl_trigger.c runs it). */
static int check_when(StmtCtx *sc, const CatTrigger *tmpl)
{
    PlFunction *fn = pl_trigger_when_compile(sc->session, tmpl, sc->arena, sc->err);
    if (!fn) return -1;
    pl_function_free(fn);
    return 0;
}

static int create_trigger(StmtCtx *sc, PgQuery__CreateTrigStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    if (st->isconstraint)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "constraint triggers are not supported yet");
    if (st->n_transition_rels > 0)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "transition tables (REFERENCING) are not supported yet");
    CatTable *t = NULL;
    CatView *v = NULL;
    if (bind_lookup_relation(&sc->binder, st->relation, false, &t, &v) != 0) return -1;
    if (v || (t && t->matview)) {
        if (st->timing & PGTRIG_INSTEAD)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "INSTEAD OF triggers are not supported yet");
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is a %s", st->relation->relname,
            v ? "view" : "materialized view");
        error_detail(sc->err, "%s cannot have triggers.", v ? "Views" : "Materialized views");
        return -1;
    }
    if (st->timing & PGTRIG_INSTEAD) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is a table", t->name);
        error_detail(sc->err, "Tables cannot have INSTEAD OF triggers.");
        return -1;
    }
    if (t->schema->is_system)
        return ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE,
                   "permission denied: \"%s\" is a system catalog", t->name);
    if (sql_ddl_target(sc, t->schema) != 0) return -1;
    if ((st->events & PGTRIG_TRUNCATE) && st->row)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "TRUNCATE FOR EACH ROW triggers are not supported");
    CatFunction *f = trigger_function(sc, st->funcname, st->n_funcname);
    if (!f) return -1;
    CatTrigger tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", st->trigname);
    tmpl.table = t->oid;
    tmpl.func = f->oid;
    tmpl.before = (st->timing & PGTRIG_BEFORE) != 0;
    tmpl.row = st->row;
    tmpl.enabled = true;
    if (st->events & PGTRIG_INSERT) tmpl.events |= CAT_TRIG_INSERT;
    if (st->events & PGTRIG_DELETE) tmpl.events |= CAT_TRIG_DELETE;
    if (st->events & PGTRIG_UPDATE) tmpl.events |= CAT_TRIG_UPDATE;
    if (st->events & PGTRIG_TRUNCATE) tmpl.events |= CAT_TRIG_TRUNCATE;
    tmpl.nargs = (int)st->n_args;
    tmpl.args = ARENA_NEW_ARRAY(sc->arena, char *, st->n_args > 0 ? st->n_args : 1);
    for (size_t i = 0; i < st->n_args; i++) tmpl.args[i] = (char *)pgq_str(st->args[i]);
    tmpl.ncols = (int)st->n_columns;
    tmpl.cols = ARENA_NEW_ARRAY(sc->arena, char *, st->n_columns > 0 ? st->n_columns : 1);
    for (size_t i = 0; i < st->n_columns; i++) {
        const char *col = pgq_str(st->columns[i]);
        if (catalog_column_index(t, col) < 0)
            return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                       "column \"%s\" of relation \"%s\" does not exist", col, t->name);
        tmpl.cols[i] = (char *)col;
    }
    if (st->when_clause) {
        tmpl.when_sql = sql_deparse_expr(st->when_clause);
        if (!tmpl.when_sql) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    int rc = tmpl.when_sql ? check_when(sc, &tmpl) : 0;
    CatTrigger *old = rc == 0 ? catalog_trigger_find(cat, t->oid, tmpl.name) : NULL;
    if (old && st->replace) {
        catalog_trigger_drop(cat, old);
        old = NULL;
    }
    if (rc == 0 && old)
        rc = ERR(sc->err, SQLSTATE_DUPLICATE_OBJECT,
                 "trigger \"%s\" for relation \"%s\" already exists", tmpl.name, t->name);
    if (rc == 0) rc = catalog_trigger_create(cat, &tmpl, NULL, sc->err);
    free(tmpl.when_sql);
    return rc;
}

int sql_run_create_trigger(StmtCtx *sc, PgQuery__CreateTrigStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = create_trigger(sc, st);
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, "CREATE TRIGGER") : -1;
}

/* DROP TRIGGER [IF EXISTS] name ON [schema.]table [CASCADE]: each object is
 * the list ([schema,] table, name). */
int sql_run_drop_trigger(StmtCtx *sc, PgQuery__DropStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = 0;
    for (size_t i = 0; i < st->n_objects && rc == 0; i++) {
        PgQuery__Node *o = st->objects[i];
        if (o->node_case != PG_QUERY__NODE__NODE_LIST || o->list->n_items < 2) {
            rc = ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "DROP TRIGGER needs name ON table");
            break;
        }
        PgQuery__List *l = o->list;
        size_t n = l->n_items;
        const char *name = pgq_str(l->items[n - 1]);
        PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
        rv.relname = (char *)pgq_str(l->items[n - 2]);
        rv.schemaname = n >= 3 ? (char *)pgq_str(l->items[n - 3]) : NULL;
        CatTable *t = NULL;
        CatView *v = NULL;
        if (bind_lookup_relation(&sc->binder, &rv, st->missing_ok, &t, &v) != 0) {
            rc = -1;
            break;
        }
        CatTrigger *tg = t ? catalog_trigger_find(cat, t->oid, name) : NULL;
        if (!tg && !st->missing_ok) {
            rc = ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
                     "trigger \"%s\" for table \"%s\" does not exist", name, rv.relname);
            break;
        }
        if (!tg) {
            char msg[CATALOG_NAME_MAX * 3 + 80];
            if (t)
                snprintf(msg, sizeof(msg),
                         "trigger \"%s\" for relation \"%s\" does not exist, skipping", name,
                         rv.relname);
            else
                snprintf(msg, sizeof(msg), "relation \"%s\" does not exist, skipping", rv.relname);
            sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
            continue;
        }
        if (sql_ddl_target(sc, t->schema) != 0) {
            rc = -1;
            break;
        }
        catalog_trigger_drop(cat, tg);
    }
    catalog_unlock(cat);
    return rc == 0 ? complete(sc, "DROP TRIGGER") : -1;
}
