/*
 * session.c — SqlSession lifecycle: per-connection settings, cancel flag and
 * transaction status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_sequence.h"
#include "sql/plan_cache.h"
#include "sql/session_guc.h"
#include "sql/sql_fkey_deferred.h"
#include "sql/sql_prepare_int.h"
#include "sql/pl.h"
#include "sql/sql_int.h"
#include "sql/sql_matview.h"
#include "sql/sql_seq_restart.h"
#include "sql/sql_temp.h"
#include "sql/sql_wal.h"

/* Catalog views leave out other sessions' uncommitted tables (sql_wal.c). */
static bool table_hidden_view(void *session, const CatTable *t)
{
    return sql_wal_table_hidden(session, t);
}

SqlSession *sql_session_create(Database *db, const char *user, const char *database,
                               const char *application_name)
{
    SqlSession *s = calloc(1, sizeof(SqlSession));
    if (!s) return NULL;
    s->db = db;
    s->arena = arena_create(NULL, "session");
    session_settings_defaults(&s->settings);
    s->settings.sequences = func_sequence_session_new();
    sql_prepared_views_init(s);
    plan_cache_views_init(s);
    sql_durable_views_init(s);
    sql_activity_views_init(s);
    sql_role_views_init(s);
    session_guc_views_init(s);
    sql_advisory_views_init(s);
    sql_notify_views_init(s);
    sql_matview_views_init(s);
    s->settings.views.table_hidden = table_hidden_view;
    atomic_init(&s->cancel, false);
    atomic_init(&s->lock_waiting, false);
    atomic_init(&s->advisory_waiting, false);
    snprintf(s->user, sizeof(s->user), "%s", user && *user ? user : "omendb");
    snprintf(s->database, sizeof(s->database), "%s", database && *database ? database : s->user);
    s->txn_status = 'I';
    session_guc_init(s);
    OmError err;
    error_clear(&err);
    session_guc_set(s, "session_authorization", s->user, NULL, &err);
    if (application_name) {
        error_clear(&err);
        session_guc_set(s, "application_name", application_name, NULL, &err);
    }
    return s;
}

void sql_session_destroy(SqlSession *s)
{
    if (!s) return;
    OmError err;
    error_clear(&err);
    sql_session_settle(s, &err); /* no reply to send either way */
    if (s->txn) txn_abort(s->txn);
    s->txn = NULL;
    sql_wal_ddl_txn_end(s, false, &err); /* undoes deferred DDL */
    free(s->ddl_deferred);
    sql_advisory_session_end(s); /* session and transaction locks alike */
    sql_notify_session_end(s);
    sql_seq_restart_end(s, false);
    free(s->seq_restarts);
    sql_matview_txn_end(s, false);
    free(s->mv_pending);
    sql_fkey_deferred_destroy(s);
    session_guc_fini(s);
    for (int i = 0; i < s->nsavepoints; i++) free(s->savepoints[i].name);
    free(s->savepoints);
    s->txn = NULL;
    sql_prepare_session_fini(s);
    pl_cache_fini(s);
    plan_cache_reset(s);
    sql_temp_drop_all(s);
    free(s->on_commit);
    func_sequence_session_free(s->settings.sequences);
    arena_destroy(s->arena);
    free(s);
}

void sql_session_cancel(SqlSession *s)
{
    atomic_store(&s->cancel, true);
}

char sql_session_txn_status(const SqlSession *s)
{
    return s->txn_status;
}

const SessionSettings *sql_session_settings(const SqlSession *s)
{
    return &s->settings;
}

const char *sql_session_get_setting(SqlSession *s, const char *name)
{
    return session_guc_get(s, name, NULL);
}

int sql_session_set_setting(SqlSession *s, const char *name, const char *value, OmError *err)
{
    return session_guc_set(s, name, value, NULL, err);
}
