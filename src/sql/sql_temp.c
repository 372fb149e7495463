/*
 * sql_temp.c — temporary tables (sql_temp.h): the session's pg_temp_N
 * schema, ON COMMIT actions, dropping everything at session end, and the
 * temporary/permanent classification of DDL statements for the redo log.
 *
 * Only the owning session ever reaches its temporary tables (the binder
 * refuses other sessions, 0A000), so emptying or dropping them needs no
 * waiting for other transactions; the catalog lock still guards the catalog
 * against concurrent readers (checkpoints, pg_class scans of other sessions).
 */
#include "sql/sql_temp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_view.h"

CatSchema *sql_temp_schema(StmtCtx *sc, bool create)
{
    SqlSession *s = sc->session;
    Catalog *cat = s->db->catalog;
    SessionSettings *st = &s->settings;
    CatSchema *schema =
        st->temp_schema_oid ? catalog_schema_by_oid(cat, st->temp_schema_oid) : NULL;
    if (schema || !create) return schema;
    if (catalog_temp_schema_create(cat, &schema, sc->err) != 0) return NULL;
    char user_path[sizeof(st->search_path)];
    snprintf(user_path, sizeof(user_path), "%s", session_settings_search_path_user(st));
    snprintf(st->temp_schema, sizeof(st->temp_schema), "%s", schema->name);
    st->temp_schema_oid = schema->oid;
    session_settings_set_search_path(st, user_path);
    return schema;
}

int sql_temp_on_commit(StmtCtx *sc, Oid table, char action)
{
    SqlSession *s = sc->session;
    if (s->n_on_commit == s->cap_on_commit) {
        int cap = s->cap_on_commit ? s->cap_on_commit * 2 : 8;
        TempOnCommit *grown = realloc(s->on_commit, sizeof(TempOnCommit) * (size_t)cap);
        if (!grown) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        s->on_commit = grown;
        s->cap_on_commit = cap;
    }
    s->on_commit[s->n_on_commit++] =
        (TempOnCommit){.table = table, .action = action, .depth = s->nsavepoints};
    return 0;
}

int sql_temp_pre_commit(SqlSession *s, OmError *err)
{
    bool any = false;
    for (int i = 0; i < s->n_on_commit; i++) any |= s->on_commit[i].action == 'd';
    if (!any || !s->txn) return 0;
    Catalog *cat = s->db->catalog;
    Arena *arena = arena_create(NULL, "on commit delete rows");
    if (!arena) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    catalog_lock_shared(cat);
    txn_statement_begin(s->txn);
    int rc = 0;
    for (int i = 0; i < s->n_on_commit && rc == 0; i++) {
        if (s->on_commit[i].action != 'd') continue;
        CatTable *t = catalog_table_by_oid(cat, s->on_commit[i].table);
        if (!t || !txn_wrote_table(s->txn, t->storage)) continue;
        StmtCtx sc;
        sql_plan_ctx_init(&sc, s, arena, err, "");
        rc = sql_truncate_rows(&sc, t);
    }
    catalog_unlock(cat);
    arena_destroy(arena);
    return rc;
}

/* Drops table t of the session with what depends on it (other temporary
 * tables' foreign keys, views), quietly, as PostgreSQL's ON COMMIT DROP.
 * Catalog lock held exclusively. */
static void drop_table(SqlSession *s, Arena *arena, CatTable *t)
{
    Catalog *cat = s->db->catalog;
    OmError err;
    error_clear(&err);
    StmtCtx sc;
    sql_plan_ctx_init(&sc, s, arena, &err, "");
    Oid oid = t->oid;
    catalog_fkey_drop_referencing(cat, t);
    sql_view_drop_dependents(&sc, oid, NULL, true, &oid, 1);
    txn_forget_table(s->db->txns, s->txn, t->storage);
    catalog_table_drop(cat, t, &err);
}

/* Drops the tables of the entries `drop` selects, then forgets the entries
 * whose table is gone (dropped, or by the user) and those `forget` selects. */
static void end_entries(SqlSession *s, bool (*drop)(const TempOnCommit *, int), int arg,
                        bool (*forget)(const TempOnCommit *, int))
{
    if (s->n_on_commit == 0) return;
    bool any = false;
    for (int i = 0; i < s->n_on_commit; i++) any |= drop(&s->on_commit[i], arg);
    Catalog *cat = s->db->catalog;
    Arena *arena = any ? arena_create(NULL, "temporary tables dropped") : NULL;
    if (any)
        catalog_lock_exclusive(cat);
    else
        catalog_lock_shared(cat);
    for (int i = 0; i < s->n_on_commit && arena; i++) {
        if (!drop(&s->on_commit[i], arg)) continue;
        CatTable *t = catalog_table_by_oid(cat, s->on_commit[i].table);
        if (t) drop_table(s, arena, t);
    }
    int k = 0;
    for (int i = 0; i < s->n_on_commit; i++)
        if (!(forget && forget(&s->on_commit[i], arg)) &&
            catalog_table_by_oid(cat, s->on_commit[i].table))
            s->on_commit[k++] = s->on_commit[i];
    s->n_on_commit = k;
    catalog_unlock(cat);
    arena_destroy(arena);
}

static bool is_on_commit_drop(const TempOnCommit *e, int committed)
{
    return e->action == 'D' || (!committed && e->action == 'R');
}

static bool is_created(const TempOnCommit *e, int arg)
{
    (void)arg;
    return e->action == 'R';
}

static bool created_after(const TempOnCommit *e, int depth)
{
    return e->action == 'R' && e->depth > depth;
}

void sql_temp_txn_end(SqlSession *s, bool committed)
{
    end_entries(s, is_on_commit_drop, committed, is_created);
}

void sql_temp_rollback_to(SqlSession *s, int i)
{
    end_entries(s, created_after, i, NULL);
}

void sql_temp_release(SqlSession *s, int i)
{
    for (int k = 0; k < s->n_on_commit; k++)
        if (s->on_commit[k].depth > i) s->on_commit[k].depth = i;
}

void sql_temp_drop_all(SqlSession *s)
{
    SessionSettings *st = &s->settings;
    s->n_on_commit = 0;
    if (!st->temp_schema_oid) return;
    Catalog *cat = s->db->catalog;
    catalog_lock_exclusive(cat);
    CatSchema *schema = catalog_schema_by_oid(cat, st->temp_schema_oid);
    if (schema) {
        for (int i = 0; i < catalog_table_count(cat); i++) {
            CatTable *t = catalog_table_at(cat, i);
            if (t->schema == schema) txn_forget_table(s->db->txns, s->txn, t->storage);
        }
        OmError err;
        error_clear(&err);
        catalog_schema_drop(cat, schema, true, &err);
    }
    catalog_unlock(cat);
    char user_path[sizeof(st->search_path)];
    snprintf(user_path, sizeof(user_path), "%s", session_settings_search_path_user(st));
    st->temp_schema[0] = 0;
    st->temp_schema_oid = 0;
    session_settings_set_search_path(st, user_path);
}

int sql_ddl_target(StmtCtx *sc, const CatSchema *schema)
{
    if (schema && schema->is_temp)
        sc->ddl_temp = true;
    else
        sc->ddl_perm = true;
    if (sc->ddl_temp && sc->ddl_perm)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "changing temporary and permanent objects in one statement is not supported "
                   "yet");
    return 0;
}
