/*
 * session_advisory.c — advisory locks (pg_advisory_lock and its family):
 * locks on application-chosen keys that the database only keeps, as
 * PostgreSQL's lock manager does for them.
 *
 * A key is a bigint (the one-argument functions) or a pair of int4 (the two-
 * argument ones): two separate key spaces, as PostgreSQL's objsubid 1 and 2.
 * A lock is held in ExclusiveLock or ShareLock mode at session level (until
 * unlocked as often as locked, or the session ends) or at transaction level
 * (until the transaction ends). Exclusive conflicts with any lock another
 * session holds on the key, share with another session's exclusive; a
 * session never conflicts with itself.
 *
 * Waiting: pg_advisory_lock sleeps until the key is free (a condition
 * variable, woken by every release, rechecked every 10 ms for a cancel
 * request and statement_timeout: 57014). A wait that closes a cycle of
 * sessions waiting for each other's advisory locks fails with 40P01, as
 * PostgreSQL's deadlock detector reports it. A cycle through a row lock and an
 * advisory lock is not detected: it ends at statement_timeout or a cancel.
 *
 * Invariant: every hold has count >= 1; the table's mutex guards holds and
 * waiters. The table belongs to the Database.
 */
#include <errno.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sql/sql_int.h"

typedef struct AdvisoryHold {
    const SqlSession *owner;
    int32_t pid;
    int64_t key;
    uint8_t kind; /* 1: bigint key, 2: int4 pair */
    bool shared, xact;
    int count;
} AdvisoryHold;

typedef struct AdvisoryWaiter {
    const SqlSession *owner;
    int32_t pid;
    int64_t key;
    uint8_t kind;
    bool shared;
} AdvisoryWaiter;

struct AdvisoryTable {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    AdvisoryHold *holds;
    int nholds, cap_holds;
    AdvisoryWaiter *waiters;
    int nwaiters, cap_waiters;
};

AdvisoryTable *sql_advisory_create(void)
{
    AdvisoryTable *t = calloc(1, sizeof(*t));
    if (!t) return NULL;
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    return t;
}

void sql_advisory_destroy(AdvisoryTable *t)
{
    if (!t) return;
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    free(t->holds);
    free(t->waiters);
    free(t);
}

static bool conflicts(const AdvisoryTable *t, const SqlSession *owner, int64_t key, uint8_t kind,
                      bool shared, const SqlSession **blocker)
{
    for (int i = 0; i < t->nholds; i++) {
        const AdvisoryHold *h = &t->holds[i];
        if (h->owner == owner || h->key != key || h->kind != kind) continue;
        if (!shared || !h->shared) {
            if (blocker) *blocker = h->owner;
            return true;
        }
    }
    return false;
}

/* Whether `from`, about to wait for (key, kind, shared), would close a cycle:
 * some session holding a conflicting lock waits, directly or through
 * others, for a lock `from` holds. Depth-first over the waiters (mu held). */
static bool closes_cycle(const AdvisoryTable *t, const SqlSession *from, int64_t key, uint8_t kind,
                         bool shared, int depth)
{
    if (depth > t->nwaiters + 1) return false;
    for (int i = 0; i < t->nholds; i++) {
        const AdvisoryHold *h = &t->holds[i];
        if (h->owner == from || h->key != key || h->kind != kind || (shared && h->shared)) continue;
        /* h->owner blocks the wait: is it waiting, and for whom? */
        for (int w = 0; w < t->nwaiters; w++) {
            const AdvisoryWaiter *wt = &t->waiters[w];
            if (wt->owner != h->owner) continue;
            const SqlSession *b = NULL;
            if (conflicts(t, wt->owner, wt->key, wt->kind, wt->shared, &b) && b == from)
                return true;
            if (closes_cycle(t, from, wt->key, wt->kind, wt->shared, depth + 1)) return true;
        }
    }
    return false;
}

static int add_hold(AdvisoryTable *t, const SqlSession *owner, int32_t pid, int64_t key,
                    uint8_t kind, bool shared, bool xact)
{
    for (int i = 0; i < t->nholds; i++) {
        AdvisoryHold *h = &t->holds[i];
        if (h->owner == owner && h->key == key && h->kind == kind && h->shared == shared &&
            h->xact == xact) {
            h->count++;
            return 0;
        }
    }
    if (t->nholds == t->cap_holds) {
        int cap = t->cap_holds ? t->cap_holds * 2 : 16;
        AdvisoryHold *a = realloc(t->holds, sizeof(AdvisoryHold) * (size_t)cap);
        if (!a) return -1;
        t->holds = a;
        t->cap_holds = cap;
    }
    t->holds[t->nholds++] = (AdvisoryHold){owner, pid, key, kind, shared, xact, 1};
    return 0;
}

static void remove_hold(AdvisoryTable *t, int i)
{
    t->holds[i] = t->holds[--t->nholds];
}

static int add_waiter(AdvisoryTable *t, const AdvisoryWaiter *w)
{
    if (t->nwaiters == t->cap_waiters) {
        int cap = t->cap_waiters ? t->cap_waiters * 2 : 16;
        AdvisoryWaiter *a = realloc(t->waiters, sizeof(AdvisoryWaiter) * (size_t)cap);
        if (!a) return -1;
        t->waiters = a;
        t->cap_waiters = cap;
    }
    t->waiters[t->nwaiters++] = *w;
    return 0;
}

static void remove_waiter(AdvisoryTable *t, const SqlSession *owner)
{
    for (int i = 0; i < t->nwaiters; i++)
        if (t->waiters[i].owner == owner) {
            t->waiters[i] = t->waiters[--t->nwaiters];
            return;
        }
}

static int64_t unix_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int lock_key(SqlSession *s, const SessionAdvisoryRequest *r, OmError *err)
{
    AdvisoryTable *t = s->db->advisory;
    int32_t pid = s->settings.backend_pid;
    pthread_mutex_lock(&t->mu);
    int rc = 1;
    bool waiting = false;
    for (;;) {
        if (!conflicts(t, s, r->key, r->kind, r->shared, NULL)) {
            if (add_hold(t, s, pid, r->key, r->kind, r->shared, r->xact) != 0)
                rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            else if (r->xact)
                s->advisory_xact_holds++;
            break;
        }
        if (!r->wait) {
            rc = 0;
            break;
        }
        if (!waiting) {
            if (closes_cycle(t, s, r->key, r->kind, r->shared, 0)) {
                ERR(err, SQLSTATE_DEADLOCK_DETECTED, "deadlock detected");
                error_detail(err, "Process %d waits for %s on advisory lock [%u,%u,%u,%d].",
                             (int)pid, r->shared ? "ShareLock" : "ExclusiveLock",
                             (unsigned)CATALOG_DATABASE_OID, (unsigned)((uint64_t)r->key >> 32),
                             (unsigned)(uint32_t)r->key, (int)r->kind);
                rc = -1;
                break;
            }
            AdvisoryWaiter w = {s, pid, r->key, r->kind, r->shared};
            if (add_waiter(t, &w) != 0) {
                rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
                break;
            }
            waiting = true;
            atomic_store(&s->advisory_waiting, true);
        }
        if (atomic_load(&s->cancel)) {
            rc = ERR(err, SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
            break;
        }
        if (r->deadline_us && unix_us() >= r->deadline_us) {
            rc = ERR(err, SQLSTATE_QUERY_CANCELED, "canceling statement due to statement timeout");
            break;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 10 * 1000 * 1000;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&t->cv, &t->mu, &ts);
    }
    if (waiting) {
        remove_waiter(t, s);
        atomic_store(&s->advisory_waiting, false);
    }
    pthread_mutex_unlock(&t->mu);
    return rc;
}

/* pg_advisory_unlock: one session-level hold of the mode fewer. */
static int unlock_key(SqlSession *s, const SessionAdvisoryRequest *r)
{
    AdvisoryTable *t = s->db->advisory;
    pthread_mutex_lock(&t->mu);
    int rc = 0;
    for (int i = 0; i < t->nholds; i++) {
        AdvisoryHold *h = &t->holds[i];
        if (h->owner != s || h->key != r->key || h->kind != r->kind || h->shared != r->shared ||
            h->xact)
            continue;
        if (--h->count == 0) remove_hold(t, i);
        rc = 1;
        pthread_cond_broadcast(&t->cv);
        break;
    }
    pthread_mutex_unlock(&t->mu);
    if (rc == 0) {
        char msg[96];
        snprintf(msg, sizeof(msg), "you don't own a lock of type %s",
                 r->shared ? "ShareLock" : "ExclusiveLock");
        sql_session_warn_later(s, SQLSTATE_WARNING, msg);
    }
    return rc;
}

/* Releases the session's holds at one level (xact) or both (all). */
static void release(SqlSession *s, bool xact, bool all)
{
    AdvisoryTable *t = s->db->advisory;
    if (!t) return;
    pthread_mutex_lock(&t->mu);
    bool any = false;
    for (int i = t->nholds - 1; i >= 0; i--)
        if (t->holds[i].owner == s && (all || t->holds[i].xact == xact)) {
            remove_hold(t, i);
            any = true;
        }
    if (any) pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

static int advisory(void *session, const SessionAdvisoryRequest *r, OmError *err)
{
    SqlSession *s = session;
    switch (r->op) {
    case SESSION_ADVISORY_LOCK:
        if (r->xact && !s->txn) /* functions run in a transaction: never taken silently */
            return ERR(err, SQLSTATE_INTERNAL_ERROR,
                       "transaction-level advisory lock outside a transaction");
        return lock_key(s, r, err);
    case SESSION_ADVISORY_UNLOCK:
        return unlock_key(s, r);
    case SESSION_ADVISORY_UNLOCK_ALL:
        release(s, false, false);
        return 1;
    }
    return 0;
}

static int list_locks(void *session, int (*emit)(void *ectx, const SessionLockRow *row), void *ectx)
{
    SqlSession *s = session;
    AdvisoryTable *t = s->db->advisory;
    /* copied out first: emit allocates, and a waiter must not wait on us */
    pthread_mutex_lock(&t->mu);
    int n = t->nholds + t->nwaiters;
    SessionLockRow *rows = calloc((size_t)(n > 0 ? n : 1), sizeof(SessionLockRow));
    if (!rows) {
        pthread_mutex_unlock(&t->mu);
        return -1;
    }
    int k = 0;
    for (int i = 0; i < t->nholds; i++)
        rows[k++] = (SessionLockRow){t->holds[i].pid, t->holds[i].key, t->holds[i].kind,
                                     t->holds[i].shared, true};
    for (int i = 0; i < t->nwaiters; i++)
        rows[k++] = (SessionLockRow){t->waiters[i].pid, t->waiters[i].key, t->waiters[i].kind,
                                     t->waiters[i].shared, false};
    pthread_mutex_unlock(&t->mu);
    int rc = 0;
    for (int i = 0; i < k && rc == 0; i++) rc = emit(ectx, &rows[i]);
    free(rows);
    return rc;
}

void sql_advisory_txn_end(SqlSession *s)
{
    if (s->advisory_xact_holds == 0) return; /* the common case: no lock to look at */
    release(s, true, false);
    s->advisory_xact_holds = 0;
}

void sql_advisory_session_end(SqlSession *s)
{
    release(s, false, true);
    s->advisory_xact_holds = 0;
}

void sql_advisory_views_init(SqlSession *s)
{
    s->settings.views.advisory = advisory;
    s->settings.views.list_locks = list_locks;
}
