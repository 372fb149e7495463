/*
 * session_activity.c — the sql side of pg_stat_activity, pg_backend_pid(),
 * pg_cancel_backend() and pg_terminate_backend().
 *
 * The engine does not know the server's connections: the server installs
 * SqlBackends on the Database (sql_database_set_backends) and each session's
 * SessionViews call through it, so catalog and exec code reach the connection
 * registry without depending on the server layer. The hook is set once,
 * before sessions exist, and read without a lock afterwards.
 */
#include <string.h>

#include "sql/sql_int.h"

void sql_database_set_backends(Database *db, const SqlBackends *backends)
{
    if (backends)
        db->backends = *backends;
    else
        memset(&db->backends, 0, sizeof db->backends);
}

void sql_session_set_backend_pid(SqlSession *s, int32_t pid)
{
    s->settings.backend_pid = pid;
}

const char *sql_session_lock_waiting(const SqlSession *s)
{
    if (atomic_load(&s->advisory_waiting)) return "advisory";
    return atomic_load(&s->lock_waiting) ? "transactionid" : NULL;
}

static int list_activity(void *session, int (*emit)(void *ectx, const SessionActivityRow *row),
                         void *ectx)
{
    const SqlSession *s = session;
    const SqlBackends *b = &s->db->backends;
    return b->list ? b->list(b->ctx, emit, ectx) : 0;
}

static int signal_backend(void *session, int32_t pid, bool terminate)
{
    const SqlSession *s = session;
    const SqlBackends *b = &s->db->backends;
    return b->signal ? b->signal(b->ctx, pid, terminate) : 0;
}

static bool export_snapshot(void *session, char *buf, size_t cap)
{
    SqlSession *s = session;
    if (!s->txn) return false;
    txn_export_snapshot(s->txn, buf, cap);
    return true;
}

void sql_activity_views_init(SqlSession *s)
{
    s->settings.views.export_snapshot = export_snapshot;
    s->settings.views.list_activity = list_activity;
    s->settings.views.signal_backend = signal_backend;
    s->settings.views.session = s;
}
