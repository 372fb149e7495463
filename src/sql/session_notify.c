/*
 * session_notify.c — LISTEN, UNLISTEN, NOTIFY and pg_notify().
 *
 * A session's LISTEN and UNLISTEN take effect when its transaction commits,
 * and its NOTIFYs are sent then (once the commit is durable and readable), in
 * the order made, to every session
 * listening on the channel at that moment (itself included), as in
 * PostgreSQL; a rollback (or ROLLBACK TO a savepoint before them) drops
 * them, and the same channel and payload twice in one transaction is sent
 * once. A notification waits in the receiver's inbox until the receiver is
 * outside a transaction: the wire layer sends it before the ReadyForQuery
 * that ends a statement, or, for a connection idle between statements, at
 * once (the server wakes the parked connection through the session's waker).
 *
 * Concurrency: the hub's mutex (one per Database) guards the listener list
 * and every inbox; a session's pending LISTENs and NOTIFYs belong to its own
 * thread, and its state is allocated only once it uses LISTEN or NOTIFY, so
 * the check every ReadyForQuery makes costs other sessions one NULL test. A
 * session leaves the list (under the mutex) before it is destroyed, so no
 * waker runs for a session that is gone.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_int.h"

#define NOTIFY_PAYLOAD_MAX 8000 /* PostgreSQL's NOTIFY_PAYLOAD_MAX_LENGTH (bytes, with NUL) */

typedef struct Listener {
    SqlSession *s;
    char channel[CATALOG_NAME_MAX];
} Listener;

struct NotifyHub {
    pthread_mutex_t mu;
    Listener *listeners;
    int n, cap;
};

/* A LISTEN / UNLISTEN / NOTIFY of the running transaction, at savepoint depth. */
typedef struct PendingNotify {
    char kind; /* 'L' listen, 'U' unlisten (channel "" = all), 'N' notify */
    char channel[CATALOG_NAME_MAX];
    char *payload; /* 'N': malloc'd */
    int depth;
} PendingNotify;

/* A notification received, not yet sent to the client. */
typedef struct Inbox {
    SessionNotification *items;
    int n, cap;
} Inbox;

struct SessionNotify {
    PendingNotify *pending;
    int npending, cap_pending;
    Inbox inbox;         /* hub->mu */
    atomic_int received; /* inbox.n, read without the lock (every ReadyForQuery asks) */
};

NotifyHub *sql_notify_hub_create(void)
{
    NotifyHub *h = calloc(1, sizeof(*h));
    if (h) pthread_mutex_init(&h->mu, NULL);
    return h;
}

void sql_notify_hub_destroy(NotifyHub *h)
{
    if (!h) return;
    pthread_mutex_destroy(&h->mu);
    free(h->listeners);
    free(h);
}

static SessionNotify *state(SqlSession *s)
{
    if (!s->notify_state) s->notify_state = calloc(1, sizeof(SessionNotify));
    return s->notify_state;
}

static int notify_hook(void *session, const char *channel, const char *payload, OmError *err)
{
    return sql_session_notify(session, channel, payload, err);
}

static int list_channels(void *session, int (*emit)(void *ectx, const char *channel), void *ectx)
{
    SqlSession *s = session;
    NotifyHub *h = s->db->notify;
    int rc = 0;
    pthread_mutex_lock(&h->mu);
    for (int i = 0; i < h->n && rc == 0; i++)
        if (h->listeners[i].s == s) rc = emit(ectx, h->listeners[i].channel);
    pthread_mutex_unlock(&h->mu);
    return rc;
}

void sql_notify_views_init(SqlSession *s)
{
    s->settings.views.notify = notify_hook;
    s->settings.views.list_channels = list_channels;
}

void sql_session_set_waker(SqlSession *s, void (*wake)(void *ctx), void *ctx)
{
    /* set once at the start, before the session can listen: read unlocked */
    s->notify_wake = wake;
    s->notify_wake_ctx = ctx;
}

static int push_pending(SqlSession *s, char kind, const char *channel, const char *payload,
                        OmError *err)
{
    SessionNotify *n = state(s);
    if (!n) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (kind == 'N')
        for (int i = 0; i < n->npending; i++) { /* the same notification once per transaction */
            const PendingNotify *p = &n->pending[i];
            if (p->kind == 'N' && strcmp(p->channel, channel) == 0 &&
                strcmp(p->payload, payload) == 0)
                return 0;
        }
    if (n->npending == n->cap_pending) {
        int cap = n->cap_pending ? n->cap_pending * 2 : 8;
        PendingNotify *a = realloc(n->pending, sizeof(PendingNotify) * (size_t)cap);
        if (!a) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        n->pending = a;
        n->cap_pending = cap;
    }
    PendingNotify *p = &n->pending[n->npending];
    memset(p, 0, sizeof(*p));
    p->kind = kind;
    snprintf(p->channel, sizeof(p->channel), "%s", channel);
    p->depth = s->nsavepoints;
    if (kind == 'N' && !(p->payload = strdup(payload)))
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    n->npending++;
    return 0;
}

int sql_session_notify(SqlSession *s, const char *channel, const char *payload, OmError *err)
{
    if (!channel || !channel[0])
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "channel name cannot be empty");
    if (strlen(channel) >= CATALOG_NAME_MAX)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "channel name too long");
    if (!payload) payload = "";
    if (strlen(payload) >= NOTIFY_PAYLOAD_MAX)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "payload string too long");
    return push_pending(s, 'N', channel, payload, err);
}

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) return sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

int sql_run_listen(StmtCtx *sc, const char *channel, bool listen)
{
    /* UNLISTEN * arrives without a name */
    if (listen && (!channel || !channel[0]))
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "channel name cannot be empty");
    if (push_pending(sc->session, listen ? 'L' : 'U', channel ? channel : "", NULL, sc->err) != 0)
        return -1;
    return complete(sc, listen ? "LISTEN" : "UNLISTEN");
}

int sql_run_notify(StmtCtx *sc, const char *channel, const char *payload)
{
    if (sql_session_notify(sc->session, channel, payload, sc->err) != 0) return -1;
    return complete(sc, "NOTIFY");
}

static bool is_listening(const NotifyHub *h, const SqlSession *s, const char *channel)
{
    for (int i = 0; i < h->n; i++)
        if (h->listeners[i].s == s && strcmp(h->listeners[i].channel, channel) == 0) return true;
    return false;
}

/* Removes the session's listener entries (all, for ""), keeping the others'
 * order (pg_listening_channels lists them in LISTEN order). */
static void unlisten(NotifyHub *h, const SqlSession *s, const char *channel)
{
    int kept = 0;
    for (int i = 0; i < h->n; i++)
        if (!(h->listeners[i].s == s &&
              (!channel[0] || strcmp(h->listeners[i].channel, channel) == 0)))
            h->listeners[kept++] = h->listeners[i];
    h->n = kept;
}

/* Delivers one notification to every listener of its channel (mu held). */
static void deliver(NotifyHub *h, int32_t pid, const char *channel, const char *payload)
{
    for (int i = 0; i < h->n; i++) {
        if (strcmp(h->listeners[i].channel, channel) != 0) continue;
        SqlSession *rs = h->listeners[i].s;
        SessionNotify *r = rs->notify_state;
        Inbox *in = &r->inbox;
        if (in->n == in->cap) {
            int cap = in->cap ? in->cap * 2 : 8;
            SessionNotification *a = realloc(in->items, sizeof(SessionNotification) * (size_t)cap);
            if (!a) continue; /* out of memory: this receiver misses it */
            in->items = a;
            in->cap = cap;
        }
        SessionNotification *it = &in->items[in->n];
        it->pid = pid;
        it->channel = strdup(channel);
        it->payload = strdup(payload);
        if (!it->channel || !it->payload) {
            free(it->channel);
            free(it->payload);
            continue;
        }
        in->n++;
        atomic_store(&r->received, in->n);
        if (rs->notify_wake) rs->notify_wake(rs->notify_wake_ctx);
    }
}

void sql_notify_txn_end(SqlSession *s, bool committed)
{
    SessionNotify *n = s->notify_state;
    if (!n || n->npending == 0) return;
    bool notifies = false;
    for (int i = 0; i < n->npending && committed; i++) notifies |= n->pending[i].kind == 'N';
    if (committed && notifies && s->owed_lsn) {
        /* a listener may read what the commit wrote as soon as it hears of it:
         * the commit is durable (and readable) first. A failure here fails the
         * commit's reply too (it waits for the same flush): nothing is sent. */
        OmError err;
        error_clear(&err);
        if (txn_wait_durable(s->db->txns, s->owed_lsn, &err) != 0) committed = false;
    }
    if (committed) {
        NotifyHub *h = s->db->notify;
        pthread_mutex_lock(&h->mu);
        for (int i = 0; i < n->npending; i++) {
            const PendingNotify *p = &n->pending[i];
            if (p->kind == 'L' && !is_listening(h, s, p->channel)) {
                if (h->n == h->cap) {
                    int cap = h->cap ? h->cap * 2 : 16;
                    Listener *a = realloc(h->listeners, sizeof(Listener) * (size_t)cap);
                    if (!a) continue;
                    h->listeners = a;
                    h->cap = cap;
                }
                h->listeners[h->n].s = s;
                snprintf(h->listeners[h->n].channel, CATALOG_NAME_MAX, "%s", p->channel);
                h->n++;
            } else if (p->kind == 'U') {
                unlisten(h, s, p->channel);
            }
        }
        for (int i = 0; i < n->npending; i++)
            if (n->pending[i].kind == 'N')
                deliver(h, s->settings.backend_pid, n->pending[i].channel, n->pending[i].payload);
        pthread_mutex_unlock(&h->mu);
    }
    for (int i = 0; i < n->npending; i++) free(n->pending[i].payload);
    n->npending = 0;
}

void sql_notify_rollback_to(SqlSession *s, int depth)
{
    SessionNotify *n = s->notify_state;
    if (!n) return;
    int kept = 0;
    for (int i = 0; i < n->npending; i++) {
        if (n->pending[i].depth > depth) {
            free(n->pending[i].payload);
            continue;
        }
        n->pending[kept++] = n->pending[i];
    }
    n->npending = kept;
}

void sql_notify_release(SqlSession *s, int depth)
{
    SessionNotify *n = s->notify_state;
    if (!n) return;
    for (int i = 0; i < n->npending; i++)
        if (n->pending[i].depth > depth) n->pending[i].depth = depth;
}

bool sql_session_has_notifications(SqlSession *s)
{
    SessionNotify *n = s->notify_state; /* NULL unless the session used LISTEN or NOTIFY */
    /* sent only outside a transaction, as in PostgreSQL */
    return n && !s->txn && atomic_load(&n->received) > 0;
}

int sql_session_take_notifications(SqlSession *s,
                                   void (*send)(void *ctx, const SessionNotification *n), void *ctx)
{
    SessionNotify *n = s->notify_state;
    if (!n || s->txn) return 0;
    NotifyHub *h = s->db->notify;
    pthread_mutex_lock(&h->mu);
    Inbox in = n->inbox;
    memset(&n->inbox, 0, sizeof(n->inbox));
    atomic_store(&n->received, 0);
    pthread_mutex_unlock(&h->mu);
    for (int i = 0; i < in.n; i++) {
        send(ctx, &in.items[i]);
        free(in.items[i].channel);
        free(in.items[i].payload);
    }
    free(in.items);
    return in.n;
}

void sql_notify_session_end(SqlSession *s)
{
    SessionNotify *n = s->notify_state;
    if (!n) return;
    NotifyHub *h = s->db->notify;
    pthread_mutex_lock(&h->mu);
    unlisten(h, s, ""); /* no notifier reaches it (nor its waker) after this */
    pthread_mutex_unlock(&h->mu);
    for (int i = 0; i < n->npending; i++) free(n->pending[i].payload);
    free(n->pending);
    for (int i = 0; i < n->inbox.n; i++) {
        free(n->inbox.items[i].channel);
        free(n->inbox.items[i].payload);
    }
    free(n->inbox.items);
    free(n);
    s->notify_state = NULL;
}
