/*
 * session_guc_txn.c — SET, SET LOCAL and set_config inside transactions, with
 * PostgreSQL's semantics (see session_guc.h): a log of the changes the running
 * transaction made, each with the text value it replaced, the value it set, the
 * savepoint depth it was made at, and whether it was LOCAL.
 *
 * Invariant: the log is empty outside a transaction; entries are in the order
 * the changes were made, so undoing them newest first restores every parameter
 * exactly (values are the canonical text, which session_guc_set accepts back).
 */
#include <stdlib.h>
#include <string.h>

#include "sql/session_guc.h"
#include "sql/sql_int.h"

typedef struct GucChange {
    int idx;
    char *prior, *value;
    int depth;
    bool local;
} GucChange;

typedef struct GucLog {
    GucChange *v;
    int n, cap;
} GucLog;

static void restore(SqlSession *s, int idx, const char *value, ResultSink *sink)
{
    OmError ignore;
    error_clear(&ignore);
    /* the value was accepted before, so it is accepted again */
    (void)session_guc_set(s, session_guc_name(idx, NULL), value, sink, &ignore);
}

static void drop(GucChange *c)
{
    free(c->prior);
    free(c->value);
}

int session_guc_set_txn(SqlSession *s, const char *name, const char *value, bool local,
                        ResultSink *sink, OmError *err)
{
    int idx = session_guc_index(name);
    if (!s->txn || idx < 0) return session_guc_set(s, name, value, sink, err);
    GucLog *log = s->guc_log;
    if (!log) {
        log = calloc(1, sizeof(*log));
        if (!log) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        s->guc_log = log;
    }
    if (log->n == log->cap) {
        int cap = log->cap ? log->cap * 2 : 8;
        GucChange *grown = realloc(log->v, sizeof(GucChange) * (size_t)cap);
        if (!grown) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        log->v = grown;
        log->cap = cap;
    }
    char *prior = strdup(session_guc_get(s, name, NULL));
    if (!prior) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (session_guc_set(s, name, value, sink, err) != 0) {
        free(prior);
        return -1;
    }
    char *now = strdup(session_guc_get(s, name, NULL));
    if (!now) {
        restore(s, idx, prior, sink);
        free(prior);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    log->v[log->n++] = (GucChange){idx, prior, now, s->nsavepoints, local};
    return 0;
}

/* Undoes the changes from index `from` on, newest first. */
static void undo_from(SqlSession *s, int from, ResultSink *sink)
{
    GucLog *log = s->guc_log;
    if (!log) return;
    for (int i = log->n; i-- > from;) {
        restore(s, log->v[i].idx, log->v[i].prior, sink);
        drop(&log->v[i]);
    }
    if (log->n > from) log->n = from;
}

void session_guc_txn_end(SqlSession *s, bool committed, ResultSink *sink)
{
    GucLog *log = s->guc_log;
    if (!log || log->n == 0) return;
    if (!committed) {
        undo_from(s, 0, sink);
        return;
    }
    /* Per parameter, in order: the value before the transaction, then each plain
     * SET's value; LOCAL changes leave it. That is the value it keeps. */
    for (int i = 0; i < log->n; i++) {
        int idx = log->v[i].idx;
        if (idx < 0) continue; /* settled with an earlier entry */
        const char *keep = log->v[i].prior;
        for (int j = i; j < log->n; j++) {
            if (log->v[j].idx != idx) continue;
            if (!log->v[j].local) keep = log->v[j].value;
            if (j > i) log->v[j].idx = -1;
        }
        const char *cur = session_guc_get(s, session_guc_name(idx, NULL), NULL);
        if (!cur || strcmp(cur, keep) != 0) restore(s, idx, keep, sink);
    }
    for (int i = 0; i < log->n; i++) drop(&log->v[i]);
    log->n = 0;
}

void session_guc_rollback_to(SqlSession *s, int i, ResultSink *sink)
{
    GucLog *log = s->guc_log;
    if (!log) return;
    int from = 0;
    while (from < log->n && log->v[from].depth <= i) from++;
    undo_from(s, from, sink);
}

void session_guc_release(SqlSession *s, int i)
{
    GucLog *log = s->guc_log;
    for (int k = 0; log && k < log->n; k++)
        if (log->v[k].depth > i) log->v[k].depth = i;
}

void session_guc_fini(SqlSession *s)
{
    GucLog *log = s->guc_log;
    if (!log) return;
    for (int i = 0; i < log->n; i++) drop(&log->v[i]);
    free(log->v);
    free(log);
    s->guc_log = NULL;
}

/* ---- current_setting / set_config (SessionViews) ---- */

static const char *view_get(void *session, const char *name)
{
    return session_guc_get(session, name, NULL);
}

static int view_set(void *session, const char *name, const char *value, bool local, OmError *err)
{
    return session_guc_set_txn(session, name, value, local, NULL, err);
}

void session_guc_views_init(SqlSession *s)
{
    s->settings.views.get_setting = view_get;
    s->settings.views.set_setting = view_set;
    s->settings.views.session = s;
}
