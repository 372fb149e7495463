/*
 * wal_writer.c — the group-commit writer (contract in wal.h, design in
 * docs/wal.md).
 *
 * Shared state lives under one mutex. A committing session lays its batch out in
 * the *active* buffer, which mirrors the log bytes [active_start, insert_lsn)
 * exactly (segment headers, SWITCH records and padding included), so LSNs are
 * assigned by the copy itself. The lock is held only for that copy; payload CRCs
 * are computed before taking it.
 *
 * One flush at a time (`flushing`). The flusher — a waiting sync committer (the
 * leader), a committer held back by a full buffer, or the background writer —
 * swaps the active buffer with the spare one, drops the lock, writes the bytes
 * segment by segment, issues one fdatasync per segment touched (normally one), and
 * then, under the lock again, advances flushed_lsn and takes every waiter whose
 * batch it covered off the list. Commits arriving meanwhile fill the new active
 * buffer and are taken by the next flush: that is the group commit.
 *
 * Wake-ups. Each waiter sleeps on its own semaphore, not on a shared condition
 * variable: a broadcast would wake every committer at once only for them to queue
 * on the mutex again (a thundering herd that cost a sixth of the CPU at 32
 * clients). The flusher posts, after dropping the lock, exactly the waiters it
 * resolved, which return without touching the mutex, and at most one waiter whose
 * batch is still pending, which leads the next flush. A waiter has at most one
 * post on its way (`posted`, under mu): a waiter resolved while a "lead" post is
 * on its way is not posted again but finds its outcome under the lock.
 *
 * Segments ahead of the append. Before a batch is copied into the buffer, every
 * segment it will reach exists (seg_ready_end): the committer whose batch
 * crosses into a new segment creates it first (outside mu, one creator at a time
 * under create_mu). A full disk then fails that commit alone with 53100 before
 * anything of it is in the log, and no flush (whose group may hold acknowledged
 * synchronous_commit=off batches) ever has to create a segment. write_range
 * would still create a missing segment, as a fallback.
 *
 * So that no committer pays for that (zero-filling and syncing a whole segment
 * stalls it, and every commit queued behind it, for as long as the disk takes),
 * the segment maker thread creates the next segment once the append position
 * is past the middle of the last one (segment_wanted); committers wake it when
 * they get there. A creation it fails (a full disk) is left to the committer
 * that needs the segment, which then fails with 53100 as before; the maker
 * tries again a second later.
 *
 * Failures. A failed fsync (or a write error other than ENOSPC) moves the WAL to
 * the failed state for good: the kernel may have dropped the dirty pages, so
 * retrying could report success for data that is gone (PostgreSQL PANICs for the
 * same reason). ENOSPC is survivable when no acknowledged commit is in the failed
 * range: every batch not yet durable is voided (its committer gets 53100), the
 * bytes already written for them are zeroed on disk, and insert_lsn goes back to
 * flushed_lsn. A batch appended without sync (every transaction commit: early
 * lock release publishes it before the flush) cannot be taken back, so ENOSPC
 * is fatal when one is in the range; only schema-change records remain voidable.
 *
 * Invariants (under mu): flushed_lsn <= active_start <= insert_lsn;
 * active_len == insert_lsn - active_start; when !flushing, active_start ==
 * flushed_lsn; every waiter on the list has end_lsn > flushed_lsn.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/crc32c.h"
#include "wal/wal.h"
#include "wal/wal_int.h"

typedef enum { WAITER_PENDING = 0, WAITER_DONE, WAITER_FAILED } WaiterState;

/* A sync committer waiting for its batch; lives on the committer's stack. */
typedef struct WalWaiter {
    uint64_t end_lsn;
    WaiterState state; /* under mu while on the list; final once off it */
    OmError *err;      /* the committer's error object, filled on failure */
    struct WalWaiter *next;
    /* Under mu: a post is on its way, or the waiter is awake. It is false only
     * while the waiter sleeps with no post on its way, and only then may a
     * flusher queue a post for it: an awake waiter may return at any moment. */
    bool posted;
    bool lead; /* that post asks it to lead a flush (else: resolved, off the list) */
    struct WalWaiter *wake_next; /* a flusher's list of waiters to post */
    sem_t sem;
} WalWaiter;

struct Wal {
    char dir[WAL_PATH_MAX];
    uint32_t seg_size;
    size_t buf_limit;
    uint32_t delay_ms;

    pthread_mutex_t mu;
    pthread_cond_t cv_flushed; /* a flush ended (waiters, back-pressure, close) */
    pthread_cond_t cv_writer;  /* wakes the background writer early */

    uint64_t insert_lsn;
    uint64_t flushed_lsn;
    uint64_t active_start;
    uint8_t *active;
    size_t active_len, active_cap;
    uint8_t *spare;
    size_t spare_cap;
    bool flushing;
    WalWaiter *waiters;
    WalNotify *notifies, **notifies_tail; /* queued by wal_notify_flushed, FIFO */
    void (*flushed_hook)(void *ctx, uint64_t flushed);
    void *flushed_hook_ctx;
    uint64_t max_async_end; /* end of the newest batch published before it was durable
                               (every commit since early lock release; not DDL) */
    bool failed;
    OmError fail_err;
    WalStats stats;

    /* Owned by the current flusher (flushing == true) or by open/close. */
    OmFile *seg_file;
    uint64_t seg_file_start;
    bool seg_dirty;
    uint64_t n_segs_made;

    /* Segment creation ahead of the append (see the file comment). */
    pthread_mutex_t create_mu;
    uint64_t seg_ready_end; /* segments below this LSN exist (under mu) */
    uint64_t n_segs_ahead;  /* of them made ahead of the append (under mu) */

    pthread_t writer;
    bool writer_started;
    pthread_cond_t cv_seg; /* wakes the segment maker */
    pthread_t seg_maker;
    bool seg_maker_started;
    bool seg_maker_idle; /* in its untimed wait, not yet woken (under mu) */
    bool stop;
};

void wal_config_default(WalConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->segment_size = 64u << 20;
    cfg->buffer_size = 16u << 20;
    cfg->writer_delay_ms = 200;
}

/* --- layout of a batch in the log stream --- */

/* Places a record of total_len bytes at or after *lsn: skips what is left of a
 * segment if it does not fit, and the segment header of a new segment. Returns
 * the record's LSN; *lsn becomes the position after it (aligned). */
static uint64_t place_record(uint32_t seg_size, uint64_t *lsn, uint32_t total_len)
{
    uint64_t off = *lsn % seg_size;
    if (off != 0 && off + total_len > seg_size) {
        *lsn += seg_size - off;
        off = 0;
    }
    if (off == 0) *lsn += WAL_SEG_HDR_SIZE;
    uint64_t at = *lsn;
    *lsn += wal_align_up(total_len);
    return at;
}

/* Writes bytes for the log range [from, to) that precede a record (segment tail
 * with SWITCH and zeros, new segment header) into dst, which maps LSN `from`. */
static void fill_gap(uint8_t *dst, uint32_t seg_size, uint64_t from, uint64_t to)
{
    memset(dst, 0, to - from);
    for (uint64_t pos = from; pos < to;) {
        uint64_t off = pos % seg_size;
        uint64_t seg_start = pos - off;
        if (off == 0) {
            wal_seg_header_encode(dst + (pos - from), seg_start, seg_size);
            pos += WAL_SEG_HDR_SIZE;
            continue;
        }
        if (seg_size - off >= WAL_REC_HDR_SIZE && to - pos >= WAL_REC_HDR_SIZE)
            wal_rec_header_encode(dst + (pos - from), WAL_REC_HDR_SIZE, pos, WAL_REC_SWITCH, 0, 0);
        pos = seg_start + seg_size;
    }
}

static int reserve_active(Wal *wal, size_t need, OmError *err)
{
    if (wal->active_len + need <= wal->active_cap) return 0;
    size_t cap = wal->active_cap ? wal->active_cap : 64 * 1024;
    while (cap < wal->active_len + need) cap *= 2;
    uint8_t *grown = realloc(wal->active, cap);
    if (!grown) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory for the WAL buffer");
    wal->active = grown;
    wal->active_cap = cap;
    return 0;
}

/* Copies one record into the active buffer at the current insert position. */
static void append_record(Wal *wal, uint8_t type, uint8_t flags, const void *data, uint32_t len,
                          uint32_t payload_crc)
{
    uint64_t from = wal->insert_lsn, end = from;
    uint32_t total = WAL_REC_HDR_SIZE + len;
    uint64_t at = place_record(wal->seg_size, &end, total);
    uint8_t *base = wal->active + wal->active_len;
    if (at > from) fill_gap(base, wal->seg_size, from, at);
    uint8_t *rec = base + (at - from);
    wal_rec_header_encode(rec, total, at, type, flags, payload_crc);
    if (len) memcpy(rec + WAL_REC_HDR_SIZE, data, len);
    memset(rec + total, 0, (size_t)(end - at - total));
    wal->active_len += (size_t)(end - from);
    wal->insert_lsn = end;
}

/* --- flushing --- */

static int open_segment(Wal *wal, uint64_t seg_start, bool create, OmError *err)
{
    char path[WAL_PATH_MAX];
    wal_segment_path(path, wal->dir, seg_start, false);
    OmError open_err;
    error_clear(&open_err);
    OmFile *f = file_open(path, O_RDWR, 0, &open_err);
    if (!f && file_is_enoent(&open_err) && create) {
        if (wal_segment_create(wal->dir, seg_start, wal->seg_size, err) != 0) return -1;
        wal->n_segs_made++; /* copied into stats under mu after the flush */
        f = file_open(path, O_RDWR, 0, err);
        if (!f) return -1;
    } else if (!f) {
        error_copy(err, &open_err);
        return -1;
    }
    wal->seg_file = f;
    wal->seg_file_start = seg_start;
    wal->seg_dirty = false;
    return 0;
}

static int close_segment(Wal *wal, OmError *err)
{
    int rc = 0;
    if (wal->seg_file && wal->seg_dirty) rc = file_datasync(wal->seg_file, err);
    if (file_close(wal->seg_file, rc == 0 ? err : &(OmError){0}) != 0) rc = -1;
    wal->seg_file = NULL;
    wal->seg_dirty = false;
    return rc;
}

/* Writes log bytes [start, start + len) and makes them durable. */
static int write_range(Wal *wal, const uint8_t *buf, size_t len, uint64_t start, OmError *err)
{
    uint64_t pos = start;
    while (pos < start + len) {
        uint64_t seg_start = pos - pos % wal->seg_size;
        if (!wal->seg_file || wal->seg_file_start != seg_start) {
            if (wal->seg_file && close_segment(wal, err) != 0) return -1;
            if (open_segment(wal, seg_start, true, err) != 0) return -1;
        }
        uint64_t piece_end = seg_start + wal->seg_size;
        if (piece_end > start + len) piece_end = start + len;
        wal->seg_dirty = true;
        if (file_pwrite_all(wal->seg_file, buf + (pos - start), (size_t)(piece_end - pos),
                            pos - seg_start, err) != 0)
            return -1;
        pos = piece_end;
    }
    if (wal->seg_file && wal->seg_dirty) {
        if (file_datasync(wal->seg_file, err) != 0) return -1;
        wal->seg_dirty = false;
    }
    return 0;
}

/* After ENOSPC: zeroes whatever of [from, to) reached the segment files, so that
 * no voided batch can be replayed after a crash. */
static int zero_range(Wal *wal, uint64_t from, uint64_t to, OmError *err)
{
    OmError ignored;
    error_clear(&ignored);
    if (wal->seg_file) {
        file_close(wal->seg_file, &ignored); /* its writes are re-done or zeroed below */
        wal->seg_file = NULL;
    }
    for (uint64_t seg = from - from % wal->seg_size; seg < to; seg += wal->seg_size) {
        char path[WAL_PATH_MAX];
        wal_segment_path(path, wal->dir, seg, false);
        OmError open_err;
        error_clear(&open_err);
        OmFile *f = file_open(path, O_RDWR, 0, &open_err);
        if (!f) {
            if (file_is_enoent(&open_err)) continue; /* its creation failed */
            error_copy(err, &open_err);
            return -1;
        }
        uint64_t lo = from > seg + WAL_SEG_HDR_SIZE ? from : seg + WAL_SEG_HDR_SIZE;
        uint64_t hi = to < seg + wal->seg_size ? to : seg + wal->seg_size;
        int rc = lo < hi ? wal_segment_zero(f, lo - seg, hi - seg, err) : 0;
        if (file_close(f, rc == 0 ? err : &ignored) != 0) rc = -1;
        if (rc != 0) return -1;
    }
    return 0;
}

/* What a flush resolved, delivered by its thread after dropping mu: the
 * sleeping waiters to post and the notifications to call. */
typedef struct Wakeups {
    WalWaiter *posts;
    WalNotify *notifies, **notifies_tail;
    uint64_t flushed; /* flushed_lsn when they were taken */
} Wakeups;

static void wakeups_init(Wakeups *wk)
{
    wk->posts = NULL;
    wk->notifies = NULL;
    wk->notifies_tail = &wk->notifies;
    wk->flushed = 0;
}

/* Gives a waiter that has just left the list its outcome (under mu) and queues
 * its post on wk unless one is on its way already. */
static void resolve(WalWaiter *w, WaiterState state, Wakeups *wk)
{
    w->state = state;
    if (w->posted) return;
    w->posted = true;
    w->lead = false;
    w->wake_next = wk->posts;
    wk->posts = w;
}

/* Moves the queued notifications up to `end` (all of them when failing, with
 * err) from the Wal to wk, keeping their order (under mu). */
static void take_notifies(Wal *wal, uint64_t end, const OmError *err, Wakeups *wk)
{
    WalNotify **link = &wal->notifies;
    while (*link) {
        WalNotify *n = *link;
        if (!err && n->end_lsn > end) {
            link = &n->next;
            continue;
        }
        *link = n->next;
        if (err) {
            error_copy(&n->err, err);
            n->err.is_set = true;
        } else {
            wal->stats.n_notified++;
        }
        n->next = NULL;
        *wk->notifies_tail = n;
        wk->notifies_tail = &n->next;
    }
    wal->notifies_tail = link; /* *link is NULL: the loop ran to the end */
}

/* Delivers wk; call without mu. The flushed hook runs before any notification,
 * so a notified client finds its commit visible. A waiter or notification may
 * be gone as soon as it is posted or called, so its link is read first. */
static void wake_all(Wal *wal, Wakeups *wk)
{
    if (wk->notifies && wal->flushed_hook && wk->flushed > 0)
        wal->flushed_hook(wal->flushed_hook_ctx, wk->flushed);
    for (WalNotify *n = wk->notifies; n;) {
        WalNotify *next = n->next;
        bool failed = n->err.is_set;
        n->fn(n->ctx, failed ? -1 : 0, failed ? &n->err : NULL);
        n = next;
    }
    for (WalWaiter *w = wk->posts; w;) {
        WalWaiter *next = w->wake_next;
        sem_post(&w->sem);
        w = next;
    }
    wakeups_init(wk);
}

/* Fails every waiting committer and queued notification with err (under mu). */
static void fail_waiters(Wal *wal, const OmError *err, Wakeups *wk)
{
    WalWaiter *w = wal->waiters;
    wal->waiters = NULL;
    while (w) {
        WalWaiter *next = w->next;
        error_copy(w->err, err);
        resolve(w, WAITER_FAILED, wk);
        w = next;
    }
    take_notifies(wal, 0, err, wk);
}

static void enter_failed_state(Wal *wal, const OmError *cause, Wakeups *wk)
{
    char lsn[18];
    wal_lsn_format(lsn, wal->flushed_lsn);
    fail_waiters(wal, cause, wk);
    wal->failed = true;
    error_clear(&wal->fail_err);
    ERR(&wal->fail_err, SQLSTATE_IO_ERROR,
        "write-ahead log is unavailable after an earlier write failure");
    error_detail(&wal->fail_err,
                 "%s. Commits up to LSN %s are durable; later ones were not acknowledged. "
                 "A failed write or fsync is never retried, because the data it covered "
                 "may already be lost.",
                 cause->message, lsn);
    error_hint(&wal->fail_err, "Restart the server; recovery replays the log.");
}

/* Flushes the active buffer. Called and returns with mu held; requires
 * !flushing. On failure the affected committers get the error through their
 * waiters; the caller learns of it the same way. What to wake is queued on wk:
 * the caller delivers it with wake_all after dropping mu. */
static void flush_locked(Wal *wal, Wakeups *wk)
{
    if (wal->active_len == 0 || wal->failed) return;
    wal->flushing = true;
    uint8_t *buf = wal->active;
    size_t len = wal->active_len, cap = wal->active_cap;
    uint64_t start = wal->active_start, end = wal->insert_lsn;
    wal->active = wal->spare;
    wal->active_cap = wal->spare_cap;
    wal->active_len = 0;
    wal->active_start = end;
    pthread_mutex_unlock(&wal->mu);

    OmError ferr;
    error_clear(&ferr);
    int rc = write_range(wal, buf, len, start, &ferr);

    pthread_mutex_lock(&wal->mu);
    wal->spare = buf;
    wal->spare_cap = cap;
    wal->stats.n_segments_made = wal->n_segs_made + wal->n_segs_ahead;
    if (rc == 0) {
        wal->flushed_lsn = end;
        wal->stats.n_flushes++;
        WalWaiter **link = &wal->waiters;
        while (*link) {
            WalWaiter *w = *link;
            if (w->end_lsn <= end) {
                *link = w->next;
                resolve(w, WAITER_DONE, wk);
            } else {
                link = &w->next;
            }
        }
        take_notifies(wal, end, NULL, wk);
        wk->flushed = end;
    } else if (strcmp(ferr.sqlstate, SQLSTATE_DISK_FULL) == 0 && wal->max_async_end <= start) {
        /* Void every batch that is not durable: those just attempted and those
         * that arrived since. None was acknowledged. */
        uint64_t voided_end = wal->insert_lsn;
        error_detail(&ferr, "The transaction was not committed; nothing of it is in the log.");
        fail_waiters(wal, &ferr, wk);
        wal->insert_lsn = start;
        wal->active_start = start;
        wal->active_len = 0;
        pthread_mutex_unlock(&wal->mu);
        OmError zerr;
        error_clear(&zerr);
        int zrc = zero_range(wal, start, voided_end, &zerr);
        pthread_mutex_lock(&wal->mu);
        if (zrc != 0) enter_failed_state(wal, &zerr, wk);
    } else {
        wal->seg_dirty = false; /* never fsync'd again: a retry could falsely succeed */
        enter_failed_state(wal, &ferr, wk);
    }
    wal->flushing = false;
    /* Batches that arrived during the flush need a leader: wake one sleeping
     * waiter, or the background writer when only notifications wait. */
    bool led = false;
    for (WalWaiter *w = wal->waiters; w; w = w->next) {
        if (w->posted) continue;
        w->posted = true;
        w->lead = true;
        w->wake_next = wk->posts;
        wk->posts = w;
        led = true;
        break;
    }
    if (!led && wal->notifies) pthread_cond_signal(&wal->cv_writer);
    pthread_cond_broadcast(&wal->cv_flushed);
}

/* flush_locked for callers that wait for nothing: posts the waiters it resolved
 * (dropping mu for that). Called and returns with mu held. */
static void flush_and_wake(Wal *wal)
{
    Wakeups wk;
    wakeups_init(&wk);
    flush_locked(wal, &wk);
    if (wk.posts || wk.notifies) {
        pthread_mutex_unlock(&wal->mu);
        wake_all(wal, &wk);
        pthread_mutex_lock(&wal->mu);
    }
}

/* Puts w (the caller's, for a batch ending at end_lsn) on the list (mu held). */
static void waiter_add(Wal *wal, WalWaiter *w, uint64_t end_lsn, OmError *err)
{
    *w = (WalWaiter){.end_lsn = end_lsn,
                     .state = WAITER_PENDING,
                     .err = err,
                     .next = wal->waiters,
                     .posted = true /* awake */};
    sem_init(&w->sem, 0, 0);
    wal->waiters = w;
}

/* Waits until the waiter is resolved, leading a flush whenever none runs.
 * Called with mu held; returns with mu released. */
static int wait_for(Wal *wal, WalWaiter *w)
{
    for (;;) {
        if (w->state != WAITER_PENDING) {
            pthread_mutex_unlock(&wal->mu);
            break;
        }
        if (!wal->flushing) {
            Wakeups wk;
            wakeups_init(&wk);
            flush_locked(wal, &wk);
            bool resolved = w->state != WAITER_PENDING;
            pthread_mutex_unlock(&wal->mu);
            wake_all(wal, &wk);
            if (resolved) break;
            pthread_mutex_lock(&wal->mu);
            continue;
        }
        w->posted = false;
        pthread_mutex_unlock(&wal->mu);
        while (sem_wait(&w->sem) != 0) {
        }
        if (!w->lead) break; /* resolved and off the list: its state is final */
        pthread_mutex_lock(&wal->mu);
    }
    sem_destroy(&w->sem);
    return w->state == WAITER_DONE ? 0 : -1;
}

/* --- background writer --- */

static void *writer_main(void *arg)
{
    Wal *wal = arg;
    /* as top -H shows it (15 characters at most) */
    pthread_setname_np(pthread_self(), "omendb walwrite");
    pthread_mutex_lock(&wal->mu);
    while (!wal->stop) {
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += wal->delay_ms / 1000;
        deadline.tv_nsec += (long)(wal->delay_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        int rc = 0;
        /* Sleep until the period ends, or earlier when a flush could start and
         * the buffer is half full or notifications wait for one; never spin while
         * a flush runs or the WAL has failed. */
        while (!wal->stop && rc != ETIMEDOUT &&
               !((wal->active_len >= wal->buf_limit / 2 || wal->notifies) && !wal->flushing &&
                 !wal->failed))
            rc = pthread_cond_timedwait(&wal->cv_writer, &wal->mu, &deadline);
        if (!wal->flushing) flush_and_wake(wal);
    }
    pthread_mutex_unlock(&wal->mu);
    return NULL;
}

/* --- public API --- */

static void *seg_maker_main(void *arg);

static int check_config(const WalConfig *cfg, OmError *err)
{
    if (!cfg->dir || strlen(cfg->dir) + WAL_SEG_NAME_LEN + 6 >= WAL_PATH_MAX)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid write-ahead log directory");
    if (cfg->segment_size < WAL_MIN_SEGMENT_SIZE || cfg->segment_size > WAL_MAX_SEGMENT_SIZE ||
        cfg->segment_size % WAL_ALIGN != 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid write-ahead log segment size %u",
                   (unsigned)cfg->segment_size);
    if (cfg->buffer_size == 0 || cfg->writer_delay_ms == 0 || cfg->writer_delay_ms > 10000)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "invalid write-ahead log buffer size or writer delay");
    return 0;
}

/* Removes segments after seg_start and zeroes its part from start_lsn on. */
static int prepare_tail(Wal *wal, uint64_t start_lsn, const uint64_t *segs, size_t n_segs,
                        bool create_missing, OmError *err)
{
    uint64_t seg_start = start_lsn - start_lsn % wal->seg_size;
    bool removed = false, have_start_seg = false;
    for (size_t i = 0; i < n_segs; i++) {
        if (segs[i] == seg_start) have_start_seg = true;
        if (segs[i] <= seg_start) continue;
        char path[WAL_PATH_MAX];
        wal_segment_path(path, wal->dir, segs[i], false);
        if (file_unlink(path, err) != 0) return -1;
        removed = true;
    }
    if (removed && file_sync_dir(wal->dir, err) != 0) return -1;
    uint64_t off = start_lsn % wal->seg_size;
    if (off == 0) return 0;
    if (off < WAL_SEG_HDR_SIZE || off % WAL_ALIGN != 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "write-ahead log start position %llu is not a record boundary",
                   (unsigned long long)start_lsn);
    if (!have_start_seg && !create_missing) {
        char path[WAL_PATH_MAX];
        wal_segment_path(path, wal->dir, seg_start, false);
        return ERR(err, SQLSTATE_UNDEFINED_FILE, "write-ahead log segment file \"%s\" is missing",
                   path);
    }
    if (open_segment(wal, seg_start, !have_start_seg, err) != 0) return -1;
    return wal_segment_zero(wal->seg_file, off, wal->seg_size, err);
}

Wal *wal_open(const WalConfig *cfg, uint64_t start_lsn, OmError *err)
{
    if (check_config(cfg, err) != 0) return NULL;
    if (mkdir(cfg->dir, 0700) != 0 && errno != EEXIST) {
        ERR(err, SQLSTATE_IO_ERROR, "could not create directory \"%s\": %s", cfg->dir,
            strerror(errno));
        return NULL;
    }
    Wal *wal = calloc(1, sizeof(*wal));
    if (!wal) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    snprintf(wal->dir, sizeof(wal->dir), "%s", cfg->dir);
    wal->notifies_tail = &wal->notifies;
    wal->seg_size = cfg->segment_size;
    wal->buf_limit = cfg->buffer_size;
    wal->delay_ms = cfg->writer_delay_ms;
    uint64_t *segs = NULL;
    size_t n_segs = 0;
    if (wal_segments_list(wal->dir, true, &segs, &n_segs, err) != 0) goto fail;
    if (n_segs > 0) {
        uint32_t found_size;
        if (wal_segment_read_size(wal->dir, segs[0], &found_size, err) != 0) goto fail;
        if (found_size != wal->seg_size) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "write-ahead log segment size %u does not match the existing segments (%u)",
                (unsigned)wal->seg_size, (unsigned)found_size);
            goto fail;
        }
        if (start_lsn == 0) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "write-ahead log directory \"%s\" is not empty", wal->dir);
            error_hint(err, "Open the log at the position recovery returned.");
            goto fail;
        }
    }
    if (prepare_tail(wal, start_lsn, segs, n_segs, cfg->create_missing, err) != 0) goto fail;
    /* prepare_tail kept the segments up to start_lsn's own (made it if it was
     * missing and start_lsn is inside it) and removed every later one. */
    wal->seg_ready_end = start_lsn - start_lsn % wal->seg_size;
    bool have_start_seg = start_lsn % wal->seg_size != 0;
    for (size_t i = 0; i < n_segs; i++) have_start_seg |= segs[i] == wal->seg_ready_end;
    if (have_start_seg) wal->seg_ready_end += wal->seg_size;
    free(segs);
    segs = NULL;
    wal->insert_lsn = wal->flushed_lsn = wal->active_start = wal->max_async_end = start_lsn;

    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&wal->mu, NULL);
    pthread_mutex_init(&wal->create_mu, NULL);
    pthread_cond_init(&wal->cv_flushed, NULL);
    pthread_cond_init(&wal->cv_writer, &ca);
    pthread_cond_init(&wal->cv_seg, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&wal->writer, NULL, writer_main, wal) != 0) {
        ERR(err, SQLSTATE_INSUFFICIENT_RESOURCES, "could not start the WAL writer thread");
        pthread_mutex_destroy(&wal->mu);
        pthread_mutex_destroy(&wal->create_mu);
        pthread_cond_destroy(&wal->cv_flushed);
        pthread_cond_destroy(&wal->cv_writer);
        pthread_cond_destroy(&wal->cv_seg);
        goto fail;
    }
    wal->writer_started = true;
    /* Without the maker the log still works: committers make segments. */
    if (!cfg->no_segment_maker && pthread_create(&wal->seg_maker, NULL, seg_maker_main, wal) == 0)
        wal->seg_maker_started = true;
    return wal;

fail:
    free(segs);
    if (wal->seg_file) file_close(wal->seg_file, &(OmError){0});
    free(wal);
    return NULL;
}

/* Where a batch appended at lsn would end. */
static uint64_t batch_end(uint32_t seg_size, uint64_t lsn, const WalChange *changes,
                          size_t n_changes)
{
    for (size_t i = 0; i < n_changes; i++)
        place_record(seg_size, &lsn, WAL_REC_HDR_SIZE + changes[i].len);
    place_record(seg_size, &lsn, WAL_REC_HDR_SIZE + WAL_COMMIT_PAYLOAD);
    return lsn;
}

/* Creates the segment at seg_ready_end. Called and returns with mu held, which
 * it drops meanwhile: the caller must re-check its state. */
static int make_next_segment(Wal *wal, OmError *err)
{
    uint64_t seg = wal->seg_ready_end;
    pthread_mutex_unlock(&wal->mu);
    pthread_mutex_lock(&wal->create_mu);
    pthread_mutex_lock(&wal->mu);
    bool needed = wal->seg_ready_end == seg; /* else another committer made it */
    pthread_mutex_unlock(&wal->mu);
    int rc = needed ? wal_segment_create(wal->dir, seg, wal->seg_size, err) : 0;
    pthread_mutex_lock(&wal->mu);
    if (needed && rc == 0) {
        wal->seg_ready_end = seg + wal->seg_size;
        wal->n_segs_ahead++;
        wal->stats.n_segments_made = wal->n_segs_made + wal->n_segs_ahead;
    }
    pthread_mutex_unlock(&wal->create_mu);
    if (rc != 0 && strcmp(err->sqlstate, SQLSTATE_DISK_FULL) == 0)
        error_detail(err, "The transaction was not committed; nothing of it is in the log.");
    return rc;
}

/* The append position is in the second half of the last segment that exists:
 * time to make the next one (under mu). */
static bool segment_wanted(const Wal *wal)
{
    return !wal->failed && wal->seg_ready_end - wal->insert_lsn < wal->seg_size / 2;
}

static void *seg_maker_main(void *arg)
{
    Wal *wal = arg;
    pthread_setname_np(pthread_self(), "omendb walseg");
    pthread_mutex_lock(&wal->mu);
    while (!wal->stop) {
        if (!segment_wanted(wal)) {
            wal->seg_maker_idle = true;
            pthread_cond_wait(&wal->cv_seg, &wal->mu);
            wal->seg_maker_idle = false;
            continue;
        }
        OmError err;
        error_clear(&err);
        if (make_next_segment(wal, &err) == 0) continue;
        /* Left to the committer that needs it; try again in a second. */
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_sec += 1;
        while (!wal->stop &&
               pthread_cond_timedwait(&wal->cv_seg, &wal->mu, &deadline) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&wal->mu);
    return NULL;
}

int wal_commit(Wal *wal, const WalChange *changes, size_t n_changes, uint64_t commit_ts, bool sync,
               uint64_t *commit_end, OmError *err)
{
    if (n_changes > UINT32_MAX)
        return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "too many changes in one commit");
    /* Outside the lock: validate, compute payload CRCs and the space needed. */
    uint32_t crc_small[16];
    uint32_t *crcs = n_changes <= 16 ? crc_small : malloc(n_changes * sizeof(uint32_t));
    if (!crcs) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    uint64_t max_total = wal->seg_size - WAL_SEG_HDR_SIZE;
    uint64_t worst = 0;
    int rc = 0;
    for (size_t i = 0; i < n_changes && rc == 0; i++) {
        const WalChange *c = &changes[i];
        if (c->type < WAL_REC_CHANGE_FIRST)
            rc = ERR(err, SQLSTATE_INTERNAL_ERROR, "invalid WAL change record type %u",
                     (unsigned)c->type);
        else if ((uint64_t)c->len + WAL_REC_HDR_SIZE > max_total)
            rc = ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                     "WAL record of %u bytes is larger than a segment can hold", (unsigned)c->len);
        else
            crcs[i] = crc32c(c->data, c->len);
        /* Each record may skip a segment tail (< its size) and a segment header. */
        worst += 2 * wal_align_up(WAL_REC_HDR_SIZE + (uint64_t)c->len) + WAL_SEG_HDR_SIZE;
    }
    uint8_t commit_payload[WAL_COMMIT_PAYLOAD];
    wal_commit_payload_encode(commit_payload, commit_ts, (uint32_t)n_changes);
    uint32_t commit_crc = crc32c(commit_payload, sizeof(commit_payload));
    worst += 2 * wal_align_up(WAL_REC_HDR_SIZE + WAL_COMMIT_PAYLOAD) + WAL_SEG_HDR_SIZE;
    if (rc != 0 || worst > SIZE_MAX / 2) {
        if (crcs != crc_small) free(crcs);
        return rc != 0 ? -1 : ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "commit too large");
    }

    pthread_mutex_lock(&wal->mu);
    for (;;) {
        /* Back-pressure: a full buffer is flushed (or waited for) before adding more. */
        if (!wal->failed && wal->active_len > 0 && wal->active_len + worst > wal->buf_limit) {
            if (!wal->flushing)
                flush_and_wake(wal);
            else
                pthread_cond_wait(&wal->cv_flushed, &wal->mu);
            continue;
        }
        if (wal->failed) {
            error_copy(err, &wal->fail_err);
            rc = -1;
            break;
        }
        /* The segments the batch reaches must exist before it is appended. */
        if (batch_end(wal->seg_size, wal->insert_lsn, changes, n_changes) > wal->seg_ready_end) {
            rc = make_next_segment(wal, err);
            if (rc != 0) break;
            continue;
        }
        rc = reserve_active(wal, (size_t)worst, err);
        break;
    }
    if (rc != 0) {
        pthread_mutex_unlock(&wal->mu);
        if (crcs != crc_small) free(crcs);
        return -1;
    }
    for (size_t i = 0; i < n_changes; i++)
        append_record(wal, changes[i].type, changes[i].flags, changes[i].data, changes[i].len,
                      crcs[i]);
    append_record(wal, WAL_REC_COMMIT, 0, commit_payload, WAL_COMMIT_PAYLOAD, commit_crc);
    uint64_t end = wal->insert_lsn;
    wal->stats.n_commits++;
    /* Only an idle maker is woken, once: not while it creates, nor per commit
     * while it waits out a failed creation. */
    if (wal->seg_maker_idle && segment_wanted(wal)) {
        wal->seg_maker_idle = false;
        pthread_cond_signal(&wal->cv_seg);
    }
    if (crcs != crc_small) free(crcs);
    if (commit_end) *commit_end = end;

    if (!sync) {
        wal->max_async_end = end;
        if (wal->active_len >= wal->buf_limit / 2) pthread_cond_signal(&wal->cv_writer);
        pthread_mutex_unlock(&wal->mu);
        return 0;
    }
    WalWaiter w;
    waiter_add(wal, &w, end, err);
    return wait_for(wal, &w);
}

int wal_flush(Wal *wal, OmError *err)
{
    pthread_mutex_lock(&wal->mu);
    int rc = 0;
    if (wal->failed) {
        error_copy(err, &wal->fail_err);
        rc = -1;
    } else if (wal->insert_lsn > wal->flushed_lsn) {
        WalWaiter w;
        waiter_add(wal, &w, wal->insert_lsn, err);
        return wait_for(wal, &w);
    }
    pthread_mutex_unlock(&wal->mu);
    return rc;
}

int wal_remove_before(Wal *wal, uint64_t lsn, size_t *n_removed, OmError *err)
{
    pthread_mutex_lock(&wal->mu);
    uint64_t limit = lsn < wal->flushed_lsn ? lsn : wal->flushed_lsn;
    pthread_mutex_unlock(&wal->mu);
    uint64_t *segs;
    size_t n_segs, removed = 0;
    if (wal_segments_list(wal->dir, false, &segs, &n_segs, err) != 0) return -1;
    int rc = 0;
    for (size_t i = 0; i < n_segs && rc == 0; i++) {
        if (segs[i] + wal->seg_size > limit) break;
        char path[WAL_PATH_MAX];
        wal_segment_path(path, wal->dir, segs[i], false);
        rc = file_unlink(path, err);
        if (rc == 0) removed++;
    }
    free(segs);
    if (removed > 0 && file_sync_dir(wal->dir, rc == 0 ? err : &(OmError){0}) != 0) rc = -1;
    if (n_removed) *n_removed = removed;
    return rc;
}

int wal_wait_flushed(Wal *wal, uint64_t lsn, uint64_t *flushed, OmError *err)
{
    pthread_mutex_lock(&wal->mu);
    int rc = 0;
    if (wal->flushed_lsn >= lsn) {
        *flushed = wal->flushed_lsn;
    } else if (wal->failed) {
        error_copy(err, &wal->fail_err);
        rc = -1;
    } else {
        WalWaiter w;
        waiter_add(wal, &w, lsn, err);
        rc = wait_for(wal, &w); /* unlocks */
        pthread_mutex_lock(&wal->mu);
        *flushed = wal->flushed_lsn;
    }
    pthread_mutex_unlock(&wal->mu);
    return rc;
}

int wal_notify_flushed(Wal *wal, uint64_t lsn, WalNotify *n, OmError *err)
{
    pthread_mutex_lock(&wal->mu);
    int rc;
    if (wal->flushed_lsn >= lsn) {
        rc = WAL_NOTIFY_DURABLE;
    } else if (wal->failed) {
        error_copy(err, &wal->fail_err);
        rc = -1;
    } else if (!wal->flushing) {
        rc = WAL_NOTIFY_IDLE;
    } else {
        /* A flush runs: when it ends it hands the lead to a sleeping waiter or,
         * with none, to the background writer (flush_locked). */
        n->end_lsn = lsn;
        error_clear(&n->err);
        n->next = NULL;
        *wal->notifies_tail = n;
        wal->notifies_tail = &n->next;
        rc = WAL_NOTIFY_QUEUED;
    }
    pthread_mutex_unlock(&wal->mu);
    return rc;
}

void wal_set_flushed_hook(Wal *wal, void (*fn)(void *ctx, uint64_t flushed), void *ctx)
{
    pthread_mutex_lock(&wal->mu);
    wal->flushed_hook = fn;
    wal->flushed_hook_ctx = ctx;
    pthread_mutex_unlock(&wal->mu);
}

uint64_t wal_insert_lsn(Wal *wal)
{
    pthread_mutex_lock(&wal->mu);
    uint64_t v = wal->insert_lsn;
    pthread_mutex_unlock(&wal->mu);
    return v;
}

uint64_t wal_flushed_lsn(Wal *wal)
{
    pthread_mutex_lock(&wal->mu);
    uint64_t v = wal->flushed_lsn;
    pthread_mutex_unlock(&wal->mu);
    return v;
}

bool wal_is_failed(Wal *wal, OmError *err)
{
    pthread_mutex_lock(&wal->mu);
    bool failed = wal->failed;
    if (failed && err) error_copy(err, &wal->fail_err);
    pthread_mutex_unlock(&wal->mu);
    return failed;
}

void wal_stats_get(Wal *wal, WalStats *out)
{
    pthread_mutex_lock(&wal->mu);
    *out = wal->stats;
    pthread_mutex_unlock(&wal->mu);
}

int wal_close(Wal *wal, OmError *err)
{
    if (!wal) return 0;
    pthread_mutex_lock(&wal->mu);
    wal->stop = true;
    pthread_cond_signal(&wal->cv_writer);
    pthread_cond_signal(&wal->cv_seg);
    pthread_mutex_unlock(&wal->mu);
    if (wal->writer_started) pthread_join(wal->writer, NULL);
    if (wal->seg_maker_started) pthread_join(wal->seg_maker, NULL);

    int rc = wal_flush(wal, err);
    pthread_mutex_lock(&wal->mu);
    while (wal->flushing) pthread_cond_wait(&wal->cv_flushed, &wal->mu);
    pthread_mutex_unlock(&wal->mu);
    if (wal->seg_file && close_segment(wal, rc == 0 ? err : &(OmError){0}) != 0) rc = -1;
    pthread_mutex_destroy(&wal->mu);
    pthread_mutex_destroy(&wal->create_mu);
    pthread_cond_destroy(&wal->cv_flushed);
    pthread_cond_destroy(&wal->cv_writer);
    pthread_cond_destroy(&wal->cv_seg);
    free(wal->active);
    free(wal->spare);
    free(wal);
    return rc;
}
