/*
 * txn.c — the transaction manager: begin, snapshots, commit (stamping), abort
 * and savepoint rollback through the undo log, waits for row locks with
 * deadlock detection, and the collector of before-images (see txn.h).
 *
 * Commit runs the manager's commit hook (the redo log) before it stamps
 * anything, outside mu; a failing hook turns the commit into an abort.
 *
 * Locking: mgr->mu guards the list of running transactions, the commit
 * counter, wait-for edges and the collector's queue. Commits stamp versions
 * while holding it, so commits (and snapshots) are totally ordered. Undo of
 * row data takes the table's write lock; undo of index entries its index lock.
 */
#include "txn/txn.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index/index_epoch.h"
#include "storage/unique_index.h"

typedef enum UndoKind { UNDO_INSERT, UNDO_DELETE, UNDO_UPDATE, UNDO_INDEX } UndoKind;

typedef struct UndoEntry {
    UndoKind kind;
    int idx; /* UNDO_INDEX: index number */
    StorageTable *table;
    uint64_t row; /* first row (INSERT), row (DELETE), old row (INDEX) */
    uint64_t n;   /* rows (INSERT), new row (INDEX) */
    UndoRow *undo;
    uint8_t *key; /* UNDO_INDEX (malloc'd) */
    size_t key_len;
} UndoEntry;

struct Txn {
    TxnManager *mgr;
    uint64_t id;
    TxnIsolation iso;
    StorageSnapshot snap;
    bool started;
    uint64_t waiting_for;   /* 0, or the id this transaction waits for (under mgr->mu) */
    atomic_bool *wait_flag; /* set while waiting in txn_wait (pg_stat_activity); may be NULL */
    uint64_t rollbacks;     /* partial rollbacks so far (under mgr->mu): wakes waiters */
    UndoEntry *log;
    size_t nlog, caplog;
    size_t merge_floor;   /* entries below the last mark are never extended */
    Txn *prev, *next;     /* running list */
    uint64_t exported_ts; /* the oldest snapshot it exported, 0: none (under mgr->mu) */
    /* tables held by LOCK TABLE (malloc'd; written by the owner under mgr->mu) */
    const StorageTable **held;
    size_t nheld, capheld;
};

typedef struct GcItem {
    StorageTable *table;
    UndoRow *undo;
} GcItem;

struct TxnManager {
    pthread_mutex_t mu;
    pthread_cond_t ended; /* broadcast whenever a transaction ends */
    uint64_t last_commit; /* atomic reads; written under mu */
    uint64_t next_id;
    Txn *running;
    GcItem *gc;
    size_t ngc, capgc;
    pthread_mutex_t gc_mu; /* one collector at a time */
    IndexRetireList retire;
    uint64_t commits_since_gc;
    TxnCommitHook hook; /* redo logging (set once, before sessions start) */
    TxnFlushWait flush_wait;
    void *hook_ctx;
    /* Early lock release. A writing commit publishes its versions (to
     * writers: their re-checks read the newest committed version) before its
     * log records are durable; snapshots take read_horizon, which passes a
     * commit only once it and every commit before it is durable. `pending`
     * holds the synchronous commits not yet readable, in commit order, each
     * with the log position that covers it and everything before it
     * (need_lsn: nondecreasing). All under mu; read_horizon atomic reads. */
    uint64_t read_horizon;
    struct {
        uint64_t ts, need_lsn;
    } * pending;
    size_t pend_head, pend_n, pend_cap;
    uint64_t pend_max_lsn;
    /* Shared by a writing commit from before its hook until its versions are
     * published; exclusive for a checkpoint's consistent cut (writers first,
     * so a waiting checkpoint is not starved by a stream of commits). */
    pthread_rwlock_t commit_gate;
    /* Transactions ended, for metrics (txn_manager_counts): bumped under mu,
     * which the commit and abort paths hold anyway; read without it. */
    uint64_t n_commits;
    uint64_t n_rollbacks;
};

#define GC_BATCH 4096 /* queued before-images that trigger a collection */

TxnManager *txn_manager_create(void)
{
    TxnManager *m = calloc(1, sizeof(TxnManager));
    if (!m) return NULL;
    pthread_mutex_init(&m->mu, NULL);
    pthread_cond_init(&m->ended, NULL);
    pthread_mutex_init(&m->gc_mu, NULL);
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&m->commit_gate, &attr);
    pthread_rwlockattr_destroy(&attr);
    m->last_commit = 1;
    m->read_horizon = 1;
    m->next_id = VERSION_TXN_BASE;
    return m;
}

void txn_manager_counts(TxnManager *m, uint64_t *commits, uint64_t *rollbacks)
{
    *commits = __atomic_load_n(&m->n_commits, __ATOMIC_RELAXED);
    *rollbacks = __atomic_load_n(&m->n_rollbacks, __ATOMIC_RELAXED);
}

void txn_manager_destroy(TxnManager *m)
{
    if (!m) return;
    /* Before-images still queued live in their chains and die with their tables. */
    free(m->gc);
    free(m->pending);
    index_retire_list_fini(&m->retire);
    pthread_mutex_destroy(&m->gc_mu);
    pthread_rwlock_destroy(&m->commit_gate);
    pthread_cond_destroy(&m->ended);
    pthread_mutex_destroy(&m->mu);
    free(m);
}

void txn_manager_hold_commits(TxnManager *m)
{
    pthread_rwlock_wrlock(&m->commit_gate);
}

void txn_manager_release_commits(TxnManager *m)
{
    pthread_rwlock_unlock(&m->commit_gate);
}

void txn_manager_set_commit_hook(TxnManager *m, TxnCommitHook hook, TxnFlushWait wait, void *ctx)
{
    m->hook = hook;
    m->flush_wait = wait;
    m->hook_ctx = ctx;
}

void txn_manager_set_last_commit(TxnManager *m, uint64_t ts)
{
    pthread_mutex_lock(&m->mu);
    __atomic_store_n(&m->last_commit, ts, __ATOMIC_RELEASE);
    __atomic_store_n(&m->read_horizon, ts, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&m->mu);
}

uint64_t txn_read_horizon(TxnManager *m)
{
    return __atomic_load_n(&m->read_horizon, __ATOMIC_ACQUIRE);
}

static void horizon_advance(TxnManager *m, uint64_t ts)
{
    if (ts > m->read_horizon) __atomic_store_n(&m->read_horizon, ts, __ATOMIC_RELEASE);
}

/* Under mu: queues a synchronous commit until it is durable. Returns false if
 * it could not be queued (out of memory): the committer then makes it
 * readable itself after its wait. *wait receives the log position to wait for,
 * which covers every commit queued before it. */
static bool pending_push(TxnManager *m, uint64_t ts, uint64_t lsn, uint64_t *wait)
{
    if (lsn > m->pend_max_lsn) m->pend_max_lsn = lsn;
    *wait = m->pend_max_lsn;
    if (m->pend_n == m->pend_cap) {
        size_t cap = m->pend_cap ? m->pend_cap * 2 : 256;
        __typeof__(m->pending) grown = malloc(sizeof(*grown) * cap);
        if (!grown) return false;
        for (size_t i = 0; i < m->pend_n; i++)
            grown[i] = m->pending[(m->pend_head + i) % m->pend_cap];
        free(m->pending);
        m->pending = grown;
        m->pend_head = 0;
        m->pend_cap = cap;
    }
    size_t at = (m->pend_head + m->pend_n) % m->pend_cap;
    m->pending[at].ts = ts;
    m->pending[at].need_lsn = m->pend_max_lsn;
    m->pend_n++;
    return true;
}

/* Under mu: makes readable every queued commit the log covers through `flushed`. */
static void pending_pop(TxnManager *m, uint64_t flushed)
{
    while (m->pend_n > 0 && m->pending[m->pend_head].need_lsn <= flushed) {
        horizon_advance(m, m->pending[m->pend_head].ts);
        m->pend_head = (m->pend_head + 1) % m->pend_cap;
        m->pend_n--;
    }
}

uint64_t txn_last_commit(TxnManager *m)
{
    return __atomic_load_n(&m->last_commit, __ATOMIC_ACQUIRE);
}

void txn_set_wait_flag(Txn *t, atomic_bool *flag)
{
    t->wait_flag = flag;
}

Txn *txn_begin(TxnManager *m, TxnIsolation iso)
{
    Txn *t = calloc(1, sizeof(Txn));
    if (!t) return NULL;
    t->mgr = m;
    t->iso = iso;
    pthread_mutex_lock(&m->mu);
    t->id = m->next_id++;
    t->snap.txn = t->id;
    t->snap.ts = m->read_horizon;
    t->next = m->running;
    if (m->running) m->running->prev = t;
    m->running = t;
    pthread_mutex_unlock(&m->mu);
    return t;
}

TxnIsolation txn_isolation(const Txn *t)
{
    return t->iso;
}

void txn_set_isolation(Txn *t, TxnIsolation iso)
{
    t->iso = iso;
}

void txn_statement_begin(Txn *t)
{
    t->snap.cmd += TXN_CMD_STEP;
    if (t->started && t->iso == TXN_REPEATABLE_READ) return;
    /* under mu: the collector's horizon never passes a snapshot being taken */
    pthread_mutex_lock(&t->mgr->mu);
    t->snap.ts = t->mgr->read_horizon;
    pthread_mutex_unlock(&t->mgr->mu);
    t->started = true;
}

void txn_snapshot_all_commits(Txn *t)
{
    t->snap.cmd += TXN_CMD_STEP;
    pthread_mutex_lock(&t->mgr->mu);
    t->snap.ts = t->mgr->last_commit;
    pthread_mutex_unlock(&t->mgr->mu);
    t->started = true;
}

bool txn_started(const Txn *t)
{
    return t->started;
}

const StorageSnapshot *txn_snapshot(const Txn *t)
{
    return &t->snap;
}

StorageSnapshot txn_latest_snapshot(const Txn *t)
{
    StorageSnapshot s = t->snap;
    s.ts = txn_last_commit(t->mgr);
    return s;
}

TxnManager *txn_manager_of(const Txn *t)
{
    return t->mgr;
}

uint64_t txn_id(const Txn *t)
{
    return t->id;
}

/* ---- undo log ---- */

static UndoEntry *log_push(Txn *t, OmError *err)
{
    if (t->nlog == t->caplog) {
        size_t cap = t->caplog ? t->caplog * 2 : 16;
        UndoEntry *n = realloc(t->log, cap * sizeof(UndoEntry));
        if (!n) {
            ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            return NULL;
        }
        t->log = n;
        t->caplog = cap;
    }
    UndoEntry *e = &t->log[t->nlog++];
    memset(e, 0, sizeof(*e));
    return e;
}

int txn_log_insert(Txn *t, StorageTable *table, uint64_t first, uint64_t n, OmError *err)
{
    if (t->nlog > t->merge_floor) {
        UndoEntry *last = &t->log[t->nlog - 1];
        if (last->kind == UNDO_INSERT && last->table == table && last->row + last->n == first) {
            last->n += n;
            return 0;
        }
    }
    UndoEntry *e = log_push(t, err);
    if (!e) return -1;
    e->kind = UNDO_INSERT;
    e->table = table;
    e->row = first;
    e->n = n;
    return 0;
}

int txn_log_delete(Txn *t, StorageTable *table, uint64_t row, OmError *err)
{
    UndoEntry *e = log_push(t, err);
    if (!e) return -1;
    e->kind = UNDO_DELETE;
    e->table = table;
    e->row = row;
    return 0;
}

int txn_log_update(Txn *t, StorageTable *table, UndoRow *undo, OmError *err)
{
    UndoEntry *e = log_push(t, err);
    if (!e) return -1;
    e->kind = UNDO_UPDATE;
    e->table = table;
    e->undo = undo;
    return 0;
}

int txn_log_index(Txn *t, StorageTable *table, int idx, const uint8_t *key, size_t len,
                  uint64_t old_row, uint64_t new_row, OmError *err)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    UndoEntry *e = log_push(t, err);
    if (!e) {
        free(copy);
        return -1;
    }
    memcpy(copy, key, len);
    e->kind = UNDO_INDEX;
    e->table = table;
    e->idx = idx;
    e->key = copy;
    e->key_len = len;
    e->row = old_row;
    e->n = new_row;
    return 0;
}

bool txn_change_next(const Txn *t, size_t *pos, TxnChange *out)
{
    for (; *pos < t->nlog; (*pos)++) {
        const UndoEntry *e = &t->log[*pos];
        if (e->kind == UNDO_INDEX) continue;
        out->table = e->table;
        out->undo = NULL;
        out->n = 1;
        if (e->kind == UNDO_INSERT) {
            out->kind = TXN_CHANGE_INSERT;
            out->row = e->row;
            out->n = e->n;
        } else if (e->kind == UNDO_DELETE) {
            out->kind = TXN_CHANGE_DELETE;
            out->row = e->row;
        } else {
            out->kind = TXN_CHANGE_UPDATE;
            out->undo = e->undo;
            out->row = storage_undo_row(e->undo);
        }
        (*pos)++;
        return true;
    }
    return false;
}

TxnMark txn_mark(Txn *t)
{
    t->merge_floor = t->nlog;
    return t->nlog;
}

/* Queues finished before-images for the collector (mu held). */
static void gc_queue(TxnManager *m, StorageTable *table, UndoRow *undo)
{
    if (m->ngc == m->capgc) {
        size_t cap = m->capgc ? m->capgc * 2 : 1024;
        GcItem *n = realloc(m->gc, cap * sizeof(GcItem));
        if (!n) return; /* the record stays in its chain until the table dies */
        m->gc = n;
        m->capgc = cap;
    }
    m->gc[m->ngc++] = (GcItem){table, undo};
}

/* Undoes entries [mark, nlog) newest first. */
static void undo_entries(Txn *t, size_t mark)
{
    for (size_t i = t->nlog; i-- > mark;) {
        UndoEntry *e = &t->log[i];
        switch (e->kind) {
        case UNDO_INSERT:
            storage_rows_set_insert_version(e->table, e->row, e->n, VERSION_ABORTED);
            break;
        case UNDO_DELETE:
            storage_table_write_lock(e->table);
            storage_row_delete_finish(e->table, e->row, VERSION_ABORTED);
            storage_table_write_unlock(e->table);
            break;
        case UNDO_UPDATE:
            storage_table_write_lock(e->table);
            storage_undo_abort(e->table, e->undo);
            storage_table_write_unlock(e->table);
            pthread_mutex_lock(&t->mgr->mu);
            gc_queue(t->mgr, e->table, e->undo);
            pthread_mutex_unlock(&t->mgr->mu);
            break;
        case UNDO_INDEX: {
            storage_table_index_lock_exclusive(e->table);
            if (e->idx < storage_table_unique_count(e->table)) {
                UniqueIndex *ix = storage_table_unique(e->table, e->idx);
                uint64_t cur;
                if (unique_index_lookup(ix, e->key, e->key_len, &cur) && cur == e->n) {
                    unique_index_delete(ix, e->key, e->key_len);
                    if (e->row != UINT64_MAX) {
                        unique_index_insert(ix, e->key, e->key_len, e->row, NULL);
                        storage_key_forget_takeover(e->table, e->idx, e->key, e->key_len, e->n);
                    }
                }
            }
            storage_table_index_unlock(e->table);
            free(e->key);
            break;
        }
        }
    }
    t->nlog = mark;
    if (t->merge_floor > mark) t->merge_floor = mark;
}

void txn_rollback_to(Txn *t, TxnMark mark)
{
    if (mark >= t->nlog) return;
    undo_entries(t, mark);
    /* rows it wrote after the mark are free again: waiters look again */
    pthread_mutex_lock(&t->mgr->mu);
    t->rollbacks++;
    pthread_cond_broadcast(&t->mgr->ended);
    pthread_mutex_unlock(&t->mgr->mu);
}

static void txn_end(Txn *t)
{
    TxnManager *m = t->mgr;
    /* mu held */
    if (t->prev)
        t->prev->next = t->next;
    else
        m->running = t->next;
    if (t->next) t->next->prev = t->prev;
    pthread_cond_broadcast(&m->ended);
}

static void maybe_gc(TxnManager *m)
{
    if (__atomic_load_n(&m->ngc, __ATOMIC_RELAXED) >= GC_BATCH) txn_gc(m);
}

int txn_commit_deferred(Txn *t, void *hook_arg, uint64_t *need_lsn, OmError *err)
{
    TxnManager *m = t->mgr;
    bool gated = t->nlog > 0;
    if (gated) pthread_rwlock_rdlock(&m->commit_gate);
    /* The hook runs outside mu so that commits can share one WAL flush. */
    uint64_t wait_lsn = 0, ts = 0;
    bool queued = true;
    if (t->nlog > 0 && m->hook && m->hook(m->hook_ctx, t, hook_arg, &wait_lsn, err) != 0) {
        pthread_rwlock_unlock(&m->commit_gate);
        txn_abort(t);
        return -1;
    }
    pthread_mutex_lock(&m->mu);
    if (t->nlog > 0) {
        ts = m->last_commit + 1;
        for (size_t i = 0; i < t->nlog; i++) {
            UndoEntry *e = &t->log[i];
            if (e->kind != UNDO_INDEX && (i == 0 || t->log[i - 1].table != e->table))
                storage_table_note_commit(e->table, ts);
            switch (e->kind) {
            case UNDO_INSERT:
                storage_rows_set_insert_version(e->table, e->row, e->n, ts);
                break;
            case UNDO_DELETE:
                storage_row_delete_finish(e->table, e->row, ts);
                break;
            case UNDO_UPDATE:
                storage_undo_commit(e->table, e->undo, ts);
                gc_queue(m, e->table, e->undo);
                break;
            case UNDO_INDEX:
                free(e->key);
                break;
            }
        }
        __atomic_store_n(&m->last_commit, ts, __ATOMIC_RELEASE);
        if (wait_lsn == 0 || !m->flush_wait)
            horizon_advance(m, ts); /* nothing to wait for (synchronous_commit = off) */
        else
            queued = pending_push(m, ts, wait_lsn, &wait_lsn);
    }
    txn_end(t); /* rows released: waiting writers go on now, not after the flush */
    __atomic_store_n(&m->n_commits, m->n_commits + 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&m->mu);
    if (gated) pthread_rwlock_unlock(&m->commit_gate);
    free(t->log);
    free(t->held);
    free(t);
    *need_lsn = 0;
    int rc = 0;
    if (wait_lsn != 0 && m->flush_wait) {
        if (queued) {
            *need_lsn = wait_lsn; /* the caller settles it: txn_wait_durable */
        } else {
            /* not queued (out of memory): it becomes readable here */
            uint64_t flushed = 0;
            rc = m->flush_wait(m->hook_ctx, wait_lsn, &flushed, err);
            pthread_mutex_lock(&m->mu);
            pending_pop(m, flushed);
            if (rc == 0) horizon_advance(m, ts);
            pthread_mutex_unlock(&m->mu);
        }
    }
    maybe_gc(m);
    return rc;
}

int txn_wait_durable(TxnManager *m, uint64_t need_lsn, OmError *err)
{
    if (need_lsn == 0 || !m->flush_wait) return 0;
    uint64_t flushed = 0;
    int rc = m->flush_wait(m->hook_ctx, need_lsn, &flushed, err);
    txn_manager_durable(m, flushed);
    return rc;
}

void txn_manager_durable(TxnManager *m, uint64_t flushed)
{
    pthread_mutex_lock(&m->mu);
    pending_pop(m, flushed);
    pthread_mutex_unlock(&m->mu);
}

int txn_commit(Txn *t, void *hook_arg, OmError *err)
{
    TxnManager *m = t->mgr;
    uint64_t need = 0;
    if (txn_commit_deferred(t, hook_arg, &need, err) != 0) return -1;
    return txn_wait_durable(m, need, err);
}

void txn_abort(Txn *t)
{
    TxnManager *m = t->mgr;
    undo_entries(t, 0);
    pthread_mutex_lock(&m->mu);
    txn_end(t);
    __atomic_store_n(&m->n_rollbacks, m->n_rollbacks + 1, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&m->mu);
    free(t->log);
    free(t->held);
    free(t);
    maybe_gc(m);
}

/* ---- waits ---- */

static Txn *find_running(TxnManager *m, uint64_t id)
{
    for (Txn *t = m->running; t; t = t->next)
        if (t->id == id) return t;
    return NULL;
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int txn_wait(Txn *self, uint64_t holder, atomic_bool *cancel, int64_t deadline_us, OmError *err)
{
    TxnManager *m = self->mgr;
    pthread_mutex_lock(&m->mu);
    int rc = 0;
    Txn *h0 = find_running(m, holder);
    uint64_t rollbacks = h0 ? h0->rollbacks : 0;
    for (;;) {
        Txn *h = find_running(m, holder);
        if (!h || h->rollbacks != rollbacks) break; /* ended, or released some rows */
        /* deadlock: does the holder (transitively) wait for us? */
        int hops = 0;
        for (Txn *w = h; w && hops < 10000; hops++) {
            if (w->waiting_for == self->id) {
                rc = ERR(err, SQLSTATE_DEADLOCK_DETECTED, "deadlock detected");
                error_detail(err,
                             "Transaction %llu waits for transaction %llu, which waits for it.",
                             (unsigned long long)(self->id - VERSION_TXN_BASE),
                             (unsigned long long)(holder - VERSION_TXN_BASE));
                goto out;
            }
            w = w->waiting_for ? find_running(m, w->waiting_for) : NULL;
        }
        if (cancel && atomic_load(cancel)) {
            rc = ERR(err, SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
            goto out;
        }
        int64_t now = now_us();
        if (deadline_us > 0 && now >= deadline_us) {
            rc = ERR(err, SQLSTATE_QUERY_CANCELED, "canceling statement due to statement timeout");
            goto out;
        }
        self->waiting_for = holder;
        if (self->wait_flag) atomic_store(self->wait_flag, true);
        struct timespec ts;
        int64_t until = now + 50000; /* wake to check cancel and timeouts */
        if (deadline_us > 0 && deadline_us < until) until = deadline_us;
        ts.tv_sec = until / 1000000;
        ts.tv_nsec = (until % 1000000) * 1000;
        pthread_cond_timedwait(&m->ended, &m->mu, &ts);
    }
out:
    self->waiting_for = 0;
    if (self->wait_flag) atomic_store(self->wait_flag, false);
    pthread_mutex_unlock(&m->mu);
    return rc;
}

/* ---- tables going away ---- */

uint64_t txn_table_user(TxnManager *m, const Txn *self, const StorageTable *table)
{
    pthread_mutex_lock(&m->mu);
    uint64_t user = 0;
    for (Txn *t = m->running; t && !user; t = t->next) {
        if (t == self) continue;
        bool used = false;
        for (size_t i = 0; i < t->nlog && !used; i++) used = t->log[i].table == table;
        for (size_t i = 0; i < t->nheld && !used; i++) used = t->held[i] == table;
        if (used) user = t->id;
    }
    pthread_mutex_unlock(&m->mu);
    return user;
}

int txn_hold_table(Txn *self, const StorageTable *table)
{
    for (size_t i = 0; i < self->nheld; i++)
        if (self->held[i] == table) return 0;
    TxnManager *m = self->mgr;
    pthread_mutex_lock(&m->mu);
    int rc = 0;
    if (self->nheld == self->capheld) {
        size_t cap = self->capheld ? self->capheld * 2 : 8;
        const StorageTable **grown = realloc(self->held, cap * sizeof(*grown));
        if (grown) {
            self->held = grown;
            self->capheld = cap;
        } else {
            rc = -1;
        }
    }
    if (rc == 0) self->held[self->nheld++] = table;
    pthread_mutex_unlock(&m->mu);
    return rc;
}

bool txn_wrote_table(const Txn *txn, const StorageTable *table)
{
    if (!txn) return false;
    for (size_t i = 0; i < txn->nlog; i++)
        if (txn->log[i].table == table) return true;
    return false;
}

void txn_forget_table(TxnManager *m, Txn *self, const StorageTable *table)
{
    if (self) {
        pthread_mutex_lock(&m->mu);
        size_t h = 0;
        for (size_t i = 0; i < self->nheld; i++)
            if (self->held[i] != table) self->held[h++] = self->held[i];
        self->nheld = h;
        pthread_mutex_unlock(&m->mu);
        size_t k = 0;
        for (size_t i = 0; i < self->nlog; i++) {
            if (self->log[i].table == table) {
                free(self->log[i].key);
                continue;
            }
            self->log[k++] = self->log[i];
        }
        self->nlog = k;
    }
    pthread_mutex_lock(&m->gc_mu);
    pthread_mutex_lock(&m->mu);
    size_t k = 0;
    for (size_t i = 0; i < m->ngc; i++)
        if (m->gc[i].table != table) m->gc[k++] = m->gc[i];
    m->ngc = k;
    pthread_mutex_unlock(&m->mu);
    pthread_mutex_unlock(&m->gc_mu);
}

/* ---- the collector ---- */

static int item_cmp(const void *a, const void *b)
{
    const GcItem *x = a, *y = b;
    if (x->table != y->table) return x->table < y->table ? -1 : 1;
    uint64_t vx = storage_undo_row(x->undo) / STORAGE_VECTOR_ROWS;
    uint64_t vy = storage_undo_row(y->undo) / STORAGE_VECTOR_ROWS;
    return vx < vy ? -1 : vx > vy;
}

/* Under mu. */
static uint64_t gc_horizon_locked(TxnManager *m)
{
    uint64_t horizon = m->read_horizon; /* the oldest a new snapshot can take */
    for (Txn *t = m->running; t; t = t->next) {
        if (t->snap.ts < horizon) horizon = t->snap.ts;
        if (t->exported_ts && t->exported_ts < horizon) horizon = t->exported_ts;
    }
    return horizon;
}

/* ---- exported snapshots (pg_export_snapshot, SET TRANSACTION SNAPSHOT) ----
 * A snapshot is its timestamp; an identifier names the exporting transaction
 * and the timestamp. The exporter keeps the collector's horizon at or below
 * every snapshot it exported until it ends, so an importer finds the same
 * versions; once the exporter has ended, its identifiers are refused. */

void txn_export_snapshot(Txn *t, char *buf, size_t cap)
{
    TxnManager *m = t->mgr;
    pthread_mutex_lock(&m->mu);
    uint64_t ts = t->snap.ts;
    if (t->exported_ts == 0 || ts < t->exported_ts) t->exported_ts = ts;
    pthread_mutex_unlock(&m->mu);
    snprintf(buf, cap, "%016llX-%016llX", (unsigned long long)t->id, (unsigned long long)ts);
}

int txn_import_snapshot(Txn *t, const char *id)
{
    unsigned long long xid, ts;
    char tail;
    if (strlen(id) != 33 || sscanf(id, "%16llX-%16llX%c", &xid, &ts, &tail) != 2) return -1;
    TxnManager *m = t->mgr;
    pthread_mutex_lock(&m->mu);
    Txn *from = find_running(m, xid);
    bool ok = from && from->exported_ts && ts >= from->exported_ts && ts <= from->snap.ts &&
              ts <= m->read_horizon;
    if (ok) {
        t->snap.ts = ts;
        t->started = true;
    }
    pthread_mutex_unlock(&m->mu);
    return ok ? 0 : -1;
}

uint64_t txn_gc_horizon(TxnManager *m)
{
    pthread_mutex_lock(&m->mu);
    uint64_t horizon = gc_horizon_locked(m);
    pthread_mutex_unlock(&m->mu);
    return horizon;
}

size_t txn_gc(TxnManager *m)
{
    if (pthread_mutex_trylock(&m->gc_mu) != 0) return 0;
    pthread_mutex_lock(&m->mu);
    GcItem *items = m->gc;
    size_t n = m->ngc;
    m->gc = NULL;
    m->ngc = m->capgc = 0;
    uint64_t horizon = gc_horizon_locked(m);
    pthread_mutex_unlock(&m->mu);
    if (n == 0) {
        free(items);
        pthread_mutex_unlock(&m->gc_mu);
        return 0;
    }
    /* A reader that copied a rolled-back value before its abort restored the
     * old one must still find the aborted before-image: wait until every
     * read-side section that began before now has ended. */
    bool any_aborted = false;
    for (size_t i = 0; i < n && !any_aborted; i++)
        any_aborted = storage_undo_version(items[i].undo) == VERSION_ABORTED;
    if (any_aborted) synchronize_rcu();
    /* Mark what no snapshot needs (moved to the front); re-queue the rest. */
    size_t nmark = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = storage_undo_version(items[i].undo);
        if (v == VERSION_ABORTED || v <= horizon) {
            storage_undo_set_reclaim(items[i].undo);
            GcItem tmp = items[nmark];
            items[nmark++] = items[i];
            items[i] = tmp;
        }
    }
    if (nmark < n) {
        pthread_mutex_lock(&m->mu);
        for (size_t i = nmark; i < n; i++) gc_queue(m, items[i].table, items[i].undo);
        pthread_mutex_unlock(&m->mu);
    }
    qsort(items, nmark, sizeof(GcItem), item_cmp);
    size_t freed = 0;
    UndoRow *unlinked[256];
    for (size_t i = 0; i < nmark;) {
        size_t j = i + 1;
        while (j < nmark && item_cmp(&items[i], &items[j]) == 0) j++;
        StorageTable *table = items[i].table;
        uint64_t row = storage_undo_row(items[i].undo);
        storage_table_write_lock(table);
        for (;;) {
            size_t k = storage_undo_prune(table, row, unlinked, 256);
            for (size_t u = 0; u < k; u++) {
                storage_undo_uncount(unlinked[u]);
                index_retire_list_add(&m->retire, unlinked[u], 0);
                freed++;
            }
            if (k < 256) break;
        }
        storage_table_write_unlock(table);
        i = j;
    }
    free(items);
    pthread_mutex_unlock(&m->gc_mu);
    return freed;
}
