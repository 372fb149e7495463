/*
 * session_durable.c — when a session's commits become durable relative to its
 * replies (contract in sql.h, "Durable replies"; design in docs/wal.md).
 *
 * Invariant: while owed_lsn != 0 the session's last commit is published to
 * writers but neither readable (the read horizon stops before it) nor reported:
 * its CommandComplete waits in the caller's output. Settling makes the log
 * durable through owed_lsn, moves the read horizon past it (txn_wait_durable,
 * or the log's flushed hook before a notification), and clears owed_lsn.
 */
#include <string.h>

#include "sql/sql_int.h"
#include "sql/sql_wal.h"

void sql_session_defer_durability(SqlSession *s, bool on)
{
    s->defer_durability = on;
}

bool sql_session_owes_durability(const SqlSession *s)
{
    return s->owed_lsn != 0;
}

int sql_session_settle(SqlSession *s, OmError *err)
{
    uint64_t lsn = s->owed_lsn;
    if (lsn == 0) return 0;
    s->owed_lsn = 0;
    return txn_wait_durable(s->db->txns, lsn, err);
}

/* SessionViews.wal (omendb_wal) */
static void view_wal(void *session, SessionWalCounts *out)
{
    SqlSession *s = session;
    memset(out, 0, sizeof(*out));
    Wal *wal = sql_wal_log(s->db);
    if (!wal) return;
    WalStats st;
    wal_stats_get(wal, &st);
    out->present = true;
    out->commits = st.n_commits;
    out->flushes = st.n_flushes;
    out->replies_by_flush = st.n_notified;
    out->segments_made = st.n_segments_made;
}

void sql_durable_views_init(SqlSession *s)
{
    s->settings.views.wal = view_wal;
    s->settings.views.session = s;
}

int sql_session_settle_async(SqlSession *s, void (*fn)(void *ctx, int rc, const OmError *err),
                             void *ctx, OmError *err)
{
    if (s->owed_lsn == 0) return 1;
    Wal *wal = sql_wal_log(s->db);
    s->notify.fn = fn;
    s->notify.ctx = ctx;
    int rc = wal ? wal_notify_flushed(wal, s->owed_lsn, &s->notify, err) : WAL_NOTIFY_IDLE;
    if (rc == WAL_NOTIFY_QUEUED || rc < 0) {
        s->owed_lsn = 0;
        return rc;
    }
    /* durable already (the horizon may still lag: txn_wait_durable moves it
     * without waiting), or no flush running: lead one here */
    return sql_session_settle(s, err) == 0 ? 1 : -1;
}
