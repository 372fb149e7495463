/*
 * test_wal_commit.c — the group-commit writer under concurrency and failure:
 * 16 committing threads share fdatasyncs; a failed fsync puts the WAL in the
 * failed state for good; ENOSPC fails the affected commits with 53100, leaves
 * nothing of them on disk, and commits work again once space returns;
 * synchronous_commit=off batches reach the disk within the writer delay; 32
 * threads with small segments and injected ENOSPC exercise the waiters'
 * wake-ups (every commit learns its own outcome, and the log holds exactly the
 * acknowledged ones, in order). Notifications (wal_notify_flushed): 16 threads
 * hand their waits to the log and each callback comes once, after the flushed
 * hook reported its batch durable; a failed flush reaches a queued
 * notification as 58030.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "wal_test_util.h"

#define N_THREADS          16
#define COMMITS_PER_THREAD 40

static Wal *open_wal(uint32_t seg_size, uint64_t start)
{
    WalConfig cfg = wal_test_config(seg_size);
    OmError err;
    error_clear(&err);
    Wal *wal = wal_open(&cfg, start, &err);
    if (!wal) fail_msg("wal_open: %s", err.message);
    return wal;
}

/* One change whose payload is "thread, sequence" and a commit timestamp to match. */
static int commit_tagged(Wal *wal, uint32_t thread, uint32_t seq, bool sync, OmError *err)
{
    uint32_t payload[2] = {thread, seq};
    WalChange ch = {.type = WAL_REC_UPDATE, .len = sizeof(payload), .data = payload};
    return wal_commit(wal, &ch, 1, (uint64_t)thread << 32 | seq, sync, NULL, err);
}

typedef struct {
    Wal *wal;
    uint32_t thread;
    int n_failed;
} Worker;

static void *worker_main(void *arg)
{
    Worker *w = arg;
    for (uint32_t seq = 0; seq < COMMITS_PER_THREAD; seq++) {
        OmError err;
        error_clear(&err);
        if (commit_tagged(w->wal, w->thread, seq, true, &err) != 0) w->n_failed++;
    }
    return NULL;
}

/* A disk whose fdatasync takes 2 ms, as a real one does; tmpfs would not make
 * anyone wait, and group commit needs waiters. */
static void arm_slow_fsync(void)
{
    OmError err;
    error_clear(&err);
    FileFault slow;
    file_fault_init(&slow, FILE_FAULT_FSYNC_DELAY);
    slow.times = 0;
    slow.delay_us = 2000;
    assert_int_equal(file_fault_arm(&slow, &err), 0);
}

static void test_group_commit_16_threads(void **state)
{
    (void)state;
    Wal *wal = open_wal(1 << 20, 0);
    arm_slow_fsync();
    OmError err;
    error_clear(&err);

    FileStats before, after;
    file_stats_get(&before);
    pthread_t tids[N_THREADS];
    Worker workers[N_THREADS];
    for (uint32_t t = 0; t < N_THREADS; t++) {
        workers[t] = (Worker){.wal = wal, .thread = t};
        assert_int_equal(pthread_create(&tids[t], NULL, worker_main, &workers[t]), 0);
    }
    for (uint32_t t = 0; t < N_THREADS; t++) {
        pthread_join(tids[t], NULL);
        assert_int_equal(workers[t].n_failed, 0);
    }
    file_stats_get(&after);
    uint64_t n_commits = N_THREADS * COMMITS_PER_THREAD;
    uint64_t n_syncs = after.n_fdatasync - before.n_fdatasync;
    WalStats ws;
    wal_stats_get(wal, &ws);
    print_message("group commit: %llu commits, %llu fdatasync calls, %llu flushes\n",
                  (unsigned long long)n_commits, (unsigned long long)n_syncs,
                  (unsigned long long)ws.n_flushes);
    assert_int_equal(ws.n_commits, n_commits);
    assert_true(n_syncs * 4 <= n_commits);
    assert_int_equal(wal_flushed_lsn(wal), wal_insert_lsn(wal));
    assert_int_equal(wal_close(wal, &err), 0);
    file_fault_clear();

    /* Every commit is in the log once, each thread's in its own order. */
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(log.n, 2 * n_commits);
    uint32_t next_seq[N_THREADS] = {0};
    for (size_t i = 0; i < log.n; i += 2) {
        assert_int_equal(log.recs[i].type, WAL_REC_UPDATE);
        uint32_t payload[2];
        memcpy(payload, log.recs[i].data, sizeof(payload));
        assert_true(payload[0] < N_THREADS);
        assert_int_equal(payload[1], next_seq[payload[0]]);
        next_seq[payload[0]]++;
        assert_int_equal(log.recs[i + 1].type, WAL_REC_COMMIT);
    }
    test_log_free(&log);
}

#define N_STRESS_THREADS 32
#define STRESS_COMMITS   300

typedef struct {
    Wal *wal;
    uint32_t thread;
    bool ok[STRESS_COMMITS];
    int n_other_error; /* failures other than 53100 */
} StressWorker;

static void *stress_main(void *arg)
{
    StressWorker *w = arg;
    for (uint32_t seq = 0; seq < STRESS_COMMITS; seq++) {
        OmError err;
        error_clear(&err);
        w->ok[seq] = commit_tagged(w->wal, w->thread, seq, true, &err) == 0;
        if (!w->ok[seq] && strcmp(err.sqlstate, SQLSTATE_DISK_FULL) != 0) w->n_other_error++;
        if (seq % 50 == 49 && wal_flush(w->wal, &err) != 0 &&
            strcmp(err.sqlstate, SQLSTATE_DISK_FULL) != 0)
            w->n_other_error++;
    }
    return NULL;
}

static void test_many_waiters_with_enospc(void **state)
{
    (void)state;
    Wal *wal = open_wal(8192, 0);
    OmError err;
    error_clear(&err);
    /* While the threads commit, one write in every few milliseconds fails with
     * ENOSPC; segments of 8 kB roll over often, so the failures hit both writes
     * into a segment (the flush's batches are voided) and segment creation (the
     * committer that needed it fails alone). One at a time: a failure of the
     * zeroing that follows a voided flush would be fatal, by design. */
    pthread_t tids[N_STRESS_THREADS];
    static StressWorker workers[N_STRESS_THREADS];
    for (uint32_t t = 0; t < N_STRESS_THREADS; t++) {
        workers[t] = (StressWorker){.wal = wal, .thread = t};
        assert_int_equal(pthread_create(&tids[t], NULL, stress_main, &workers[t]), 0);
    }
    size_t n_ok = 0;
    for (uint32_t t = 0; t < N_STRESS_THREADS; t++) {
        while (pthread_tryjoin_np(tids[t], NULL) != 0) {
            file_fault_clear();
            assert_int_equal(file_fault_arm_spec("enospc:15,times=1,path=/wal/", &err), 0);
            nanosleep(&(struct timespec){.tv_nsec = 3000000}, NULL);
        }
        assert_int_equal(workers[t].n_other_error, 0);
        for (uint32_t seq = 0; seq < STRESS_COMMITS; seq++) n_ok += workers[t].ok[seq];
    }
    file_fault_clear();
    print_message("32 threads: %zu of %d commits acknowledged\n", n_ok,
                  N_STRESS_THREADS * STRESS_COMMITS);
    assert_true(n_ok > 0);
    assert_int_equal(wal_close(wal, &err), 0);

    /* The log holds exactly the acknowledged commits, each thread's in order. */
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(log.n, 2 * n_ok);
    uint32_t next[N_STRESS_THREADS] = {0};
    for (size_t i = 0; i < log.n; i += 2) {
        uint32_t payload[2];
        memcpy(payload, log.recs[i].data, sizeof(payload));
        assert_true(payload[0] < N_STRESS_THREADS);
        StressWorker *w = &workers[payload[0]];
        while (next[payload[0]] < STRESS_COMMITS && !w->ok[next[payload[0]]]) next[payload[0]]++;
        assert_int_equal(payload[1], next[payload[0]]);
        next[payload[0]]++;
    }
    test_log_free(&log);
}

static void test_fsync_failure_is_fatal(void **state)
{
    (void)state;
    Wal *wal = open_wal(4096, 0);
    OmError err;
    error_clear(&err);
    assert_int_equal(commit_tagged(wal, 1, 0, true, &err), 0);

    assert_int_equal(file_fault_arm_spec("fsync_fail:1,path=/wal/", &err), 0);
    assert_int_equal(commit_tagged(wal, 1, 1, true, &err), -1);
    assert_string_equal(err.sqlstate, "58030");
    assert_non_null(strstr(err.message, "could not fsync"));
    assert_non_null(strstr(err.message, "Input/output error"));
    OmError why;
    error_clear(&why);
    assert_true(wal_is_failed(wal, &why));
    assert_non_null(strstr(why.detail, "could not fsync"));

    /* The fault is gone, but nothing is retried: every later commit fails. */
    file_fault_clear();
    for (int i = 0; i < 3; i++) {
        error_clear(&err);
        assert_int_equal(commit_tagged(wal, 1, (uint32_t)(2 + i), i % 2 == 0, &err), -1);
        assert_string_equal(err.sqlstate, "58030");
        assert_non_null(strstr(err.message, "unavailable"));
        assert_non_null(strstr(err.detail, "Input/output error"));
    }
    error_clear(&err);
    assert_int_equal(wal_flush(wal, &err), -1);
    error_clear(&err);
    assert_int_equal(wal_close(wal, &err), -1);
    assert_string_equal(err.sqlstate, "58030");

    /* What reached the disk is a consistent log; the first commit is in it. */
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_true(test_log_commits(&log) >= 1);
    test_log_free(&log);
}

/* Commits (thread 2, seq) with bigger multi-record batches, to exercise short writes. */
static int commit_batch(Wal *wal, uint32_t seq, OmError *err)
{
    static uint8_t payload[3][200];
    WalChange ch[3];
    for (int j = 0; j < 3; j++) {
        memset(payload[j], (int)(seq * 3 + (uint32_t)j + 1), sizeof(payload[j]));
        ch[j] = (WalChange){.type = WAL_REC_INSERT, .len = sizeof(payload[j]), .data = payload[j]};
    }
    return wal_commit(wal, ch, 3, seq, true, NULL, err);
}

static void test_enospc_then_space_returns(void **state)
{
    (void)state;
    const uint32_t seg = 4096;
    Wal *wal = open_wal(seg, 0);
    OmError err;
    error_clear(&err);
    assert_int_equal(commit_batch(wal, 0, &err), 0);
    uint64_t durable = wal_flushed_lsn(wal);

    /* Disk full: every write fails until cleared. */
    assert_int_equal(file_fault_arm_spec("enospc:1,times=0,path=/wal/", &err), 0);
    for (uint32_t seq = 1; seq <= 2; seq++) {
        error_clear(&err);
        assert_int_equal(commit_batch(wal, seq, &err), -1);
        assert_string_equal(err.sqlstate, "53100");
        assert_non_null(strstr(err.message, "No space left on device"));
        assert_non_null(strstr(err.detail, "not committed"));
        assert_false(wal_is_failed(wal, NULL));
        assert_int_equal(wal_insert_lsn(wal), durable);
    }
    /* A short write stores part of a batch before failing: it must not survive. */
    file_fault_clear();
    assert_int_equal(file_fault_arm_spec("short_write:1,path=/wal/", &err), 0);
    error_clear(&err);
    assert_int_equal(commit_batch(wal, 3, &err), -1);
    assert_string_equal(err.sqlstate, "53100");
    char path[WAL_PATH_MAX];
    snprintf(path, sizeof(path), "%s/0000000000000000", g_wal_dir);
    static uint8_t img[4096];
    int fd = open(path, O_RDONLY);
    assert_int_equal(pread(fd, img, seg, 0), seg);
    close(fd);
    for (uint64_t i = durable; i < seg; i++)
        if (img[i] != 0) fail_msg("byte %llu of a failed commit is on disk", (unsigned long long)i);

    /* Space returns: commits work again, across a segment rollover. */
    file_fault_clear();
    for (uint32_t seq = 4; seq < 14; seq++) {
        error_clear(&err);
        assert_int_equal(commit_batch(wal, seq, &err), 0);
    }
    assert_int_equal(wal_close(wal, &err), 0);

    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), 11);
    uint64_t want_ts = 0;
    for (size_t i = 0; i < log.n; i++) {
        if (log.recs[i].type != WAL_REC_COMMIT) continue;
        WalRecord rec = {
            .type = log.recs[i].type, .len = log.recs[i].len, .data = log.recs[i].data};
        uint64_t ts;
        uint32_t n;
        assert_int_equal(wal_commit_decode(&rec, &ts, &n, &err), 0);
        assert_int_equal(ts, want_ts);
        assert_int_equal(n, 3);
        want_ts = want_ts == 0 ? 4 : want_ts + 1;
    }
    test_log_free(&log);
}

static void test_enospc_creating_a_segment(void **state)
{
    (void)state;
    const uint32_t seg = 1024;
    Wal *wal = open_wal(seg, 0);
    OmError err;
    error_clear(&err);
    /* New segments cannot be created; commits fitting the first one still work. */
    assert_int_equal(file_fault_arm_spec("enospc:1,times=0,path=.tmp", &err), 0);
    uint32_t seq = 0, n_ok = 0;
    for (; seq < 20; seq++) {
        error_clear(&err);
        if (commit_tagged(wal, 3, seq, true, &err) != 0) break;
        n_ok++;
    }
    assert_true(seq < 20);
    assert_string_equal(err.sqlstate, "53100");
    error_clear(&err);
    assert_int_equal(commit_tagged(wal, 3, 99, true, &err), -1);
    file_fault_clear();
    for (uint32_t i = 0; i < 30; i++) {
        error_clear(&err);
        assert_int_equal(commit_tagged(wal, 3, 100 + i, true, &err), 0);
    }
    assert_int_equal(wal_close(wal, &err), 0);
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), n_ok + 30);
    test_log_free(&log);
}

static void test_enospc_after_async_ack_is_fatal(void **state)
{
    (void)state;
    Wal *wal = open_wal(4096, 0);
    OmError err;
    error_clear(&err);
    /* The segment exists; then writes into it fail (a file system that allocates
     * on write). */
    assert_int_equal(commit_tagged(wal, 4, 0, true, &err), 0);
    assert_int_equal(file_fault_arm_spec("enospc:1,times=0,path=/wal/", &err), 0);
    /* Acknowledged without being durable: it cannot be taken back any more. */
    assert_int_equal(commit_tagged(wal, 4, 1, false, &err), 0);
    assert_int_equal(wal_flush(wal, &err), -1);
    assert_true(wal_is_failed(wal, NULL));
    file_fault_clear();
    error_clear(&err);
    assert_int_equal(commit_tagged(wal, 4, 2, true, &err), -1);
    assert_string_equal(err.sqlstate, "58030");
    error_clear(&err);
    assert_int_equal(wal_close(wal, &err), -1);
}

/* A new segment cannot be created while synchronous_commit=off batches are
 * acknowledged but not durable: the commit that needs the segment fails alone,
 * before it is appended, and the acknowledged batches stay. */
static void test_enospc_new_segment_with_async_acks(void **state)
{
    (void)state;
    const uint32_t seg = 1024;
    /* Without the segment maker thread: it would create the first segment as
     * soon as the log opens, racing the fault armed below (a CI failure under
     * load); here the committers make the segments, which is what is tested. */
    WalConfig cfg = wal_test_config(seg);
    cfg.no_segment_maker = true;
    OmError err;
    error_clear(&err);
    Wal *wal = wal_open(&cfg, 0, &err);
    assert_non_null(wal);
    assert_int_equal(file_fault_arm_spec("enospc:1,times=0,path=.tmp", &err), 0);
    /* No segment can be made at all: even the first commit fails, cleanly. */
    assert_int_equal(commit_tagged(wal, 5, 0, false, &err), -1);
    assert_string_equal(err.sqlstate, "53100");
    assert_non_null(strstr(err.detail, "not committed"));
    file_fault_clear();
    /* The first segment is made; then asynchronous commits fill it until the
     * one that needs the next segment fails. */
    uint32_t seq = 1, n_async = 0;
    assert_int_equal(commit_tagged(wal, 5, seq++, false, &err), 0);
    n_async++;
    assert_int_equal(file_fault_arm_spec("enospc:1,times=0,path=.tmp", &err), 0);
    for (; seq < 100; seq++, n_async++) {
        error_clear(&err);
        if (commit_tagged(wal, 5, seq, false, &err) != 0) break;
    }
    assert_true(seq < 100);
    assert_string_equal(err.sqlstate, "53100");
    for (uint32_t i = 0; i < 4; i++) {
        error_clear(&err);
        assert_int_equal(commit_tagged(wal, 5, ++seq, i % 2 == 0, &err), -1);
        assert_string_equal(err.sqlstate, "53100");
    }
    assert_false(wal_is_failed(wal, NULL));
    file_fault_clear();
    error_clear(&err);
    assert_int_equal(commit_tagged(wal, 5, seq, true, &err), 0);
    assert_int_equal(wal_close(wal, &err), 0);
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), n_async + 1);
    test_log_free(&log);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_sync_off_flushes_within_delay(void **state)
{
    (void)state;
    WalConfig cfg = wal_test_config(1 << 16);
    cfg.writer_delay_ms = 100;
    OmError err;
    error_clear(&err);
    Wal *wal = wal_open(&cfg, 0, &err);
    assert_non_null(wal);
    for (int round = 0; round < 3; round++) {
        uint32_t payload = (uint32_t)round;
        WalChange ch = {.type = WAL_REC_DELETE, .len = sizeof(payload), .data = &payload};
        uint64_t end = 0;
        double t0 = now_ms();
        assert_int_equal(wal_commit(wal, &ch, 1, (uint64_t)round, false, &end, &err), 0);
        double returned = now_ms() - t0;
        while (wal_flushed_lsn(wal) < end && now_ms() - t0 < 2000) usleep(2000);
        double durable = now_ms() - t0;
        print_message("sync off: returned after %.2f ms, durable after %.1f ms\n", returned,
                      durable);
        assert_true(wal_flushed_lsn(wal) >= end);
        /* One writer period plus scheduling slack on a loaded machine. */
        assert_true(durable < cfg.writer_delay_ms + 150);
    }
    /* Many async commits with a small buffer: back-pressure, nothing lost. */
    for (uint32_t i = 0; i < 2000; i++) assert_int_equal(commit_tagged(wal, 5, i, false, &err), 0);
    assert_int_equal(wal_close(wal, &err), 0);
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), 2003);
    test_log_free(&log);
}

/* --- notifications --- */

static _Atomic uint64_t hook_flushed; /* highest position the flushed hook saw */

static void record_flushed(void *ctx, uint64_t flushed)
{
    (void)ctx;
    uint64_t seen = atomic_load(&hook_flushed);
    while (flushed > seen && !atomic_compare_exchange_weak(&hook_flushed, &seen, flushed)) {
    }
}

static Wal *open_hooked_wal(void)
{
    Wal *wal = open_wal(1 << 20, 0);
    atomic_store(&hook_flushed, 0);
    wal_set_flushed_hook(wal, record_flushed, NULL);
    return wal;
}

typedef struct {
    WalNotify n;
    uint64_t end;
    atomic_int calls;
    atomic_int rc;
    atomic_bool early; /* called before the hook reported its batch durable */
    char sqlstate[6];
} Notified;

static void on_notify(void *ctx, int rc, const OmError *err)
{
    Notified *x = ctx;
    if (rc == 0 && atomic_load(&hook_flushed) < x->end) atomic_store(&x->early, true);
    if (err) memcpy(x->sqlstate, err->sqlstate, sizeof(x->sqlstate));
    atomic_store(&x->rc, rc);
    atomic_fetch_add(&x->calls, 1);
}

static void wait_called(Notified *x)
{
    for (int i = 0; i < 20000 && atomic_load(&x->calls) == 0; i++) usleep(500);
}

typedef struct {
    Wal *wal;
    uint32_t thread;
    int n_failed, n_queued;
} NotifyWorker;

static void *notify_worker_main(void *arg)
{
    NotifyWorker *w = arg;
    for (uint32_t seq = 0; seq < COMMITS_PER_THREAD; seq++) {
        OmError err;
        error_clear(&err);
        uint32_t payload[2] = {w->thread, seq};
        WalChange ch = {.type = WAL_REC_UPDATE, .len = sizeof(payload), .data = payload};
        Notified x;
        memset(&x, 0, sizeof(x));
        if (wal_commit(w->wal, &ch, 1, (uint64_t)w->thread << 32 | seq, false, &x.end, &err) != 0) {
            w->n_failed++;
            continue;
        }
        x.n.fn = on_notify;
        x.n.ctx = &x;
        int rc = wal_notify_flushed(w->wal, x.end, &x.n, &err);
        if (rc == WAL_NOTIFY_QUEUED) {
            w->n_queued++;
            wait_called(&x);
            usleep(200); /* a second call would come now */
            if (atomic_load(&x.calls) != 1 || atomic_load(&x.rc) != 0 || atomic_load(&x.early))
                w->n_failed++;
        } else if (rc == WAL_NOTIFY_IDLE) {
            uint64_t flushed = 0;
            if (wal_wait_flushed(w->wal, x.end, &flushed, &err) != 0 || flushed < x.end)
                w->n_failed++;
        } else if (rc != WAL_NOTIFY_DURABLE || wal_flushed_lsn(w->wal) < x.end) {
            w->n_failed++;
        }
        if (atomic_load(&x.calls) != 0 && rc != WAL_NOTIFY_QUEUED) w->n_failed++;
    }
    return NULL;
}

static void test_notify_16_threads(void **state)
{
    (void)state;
    Wal *wal = open_hooked_wal();
    arm_slow_fsync();
    OmError err;
    error_clear(&err);
    pthread_t tids[N_THREADS];
    NotifyWorker workers[N_THREADS];
    for (uint32_t t = 0; t < N_THREADS; t++) {
        workers[t] = (NotifyWorker){.wal = wal, .thread = t};
        assert_int_equal(pthread_create(&tids[t], NULL, notify_worker_main, &workers[t]), 0);
    }
    int queued = 0;
    for (uint32_t t = 0; t < N_THREADS; t++) {
        pthread_join(tids[t], NULL);
        assert_int_equal(workers[t].n_failed, 0);
        queued += workers[t].n_queued;
    }
    WalStats ws;
    wal_stats_get(wal, &ws);
    print_message("notify: %d of %d commits queued a notification, %llu flushes\n", queued,
                  N_THREADS * COMMITS_PER_THREAD, (unsigned long long)ws.n_flushes);
    assert_true(queued > 0);
    assert_true(ws.n_flushes * 4 <= (uint64_t)N_THREADS * COMMITS_PER_THREAD);
    assert_int_equal(wal_close(wal, &err), 0);
    file_fault_clear();
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), N_THREADS * COMMITS_PER_THREAD);
    test_log_free(&log);
}

typedef struct {
    Wal *wal;
    uint64_t lsn;
} Leader;

static void *lead_flush(void *arg)
{
    Leader *l = arg;
    OmError err;
    error_clear(&err);
    uint64_t flushed;
    wal_wait_flushed(l->wal, l->lsn, &flushed, &err);
    return NULL;
}

static void test_notify_failed_flush(void **state)
{
    (void)state;
    Wal *wal = open_hooked_wal();
    OmError err;
    error_clear(&err);
    /* a slow disk; once the notification is queued, the next fsync fails */
    assert_int_equal(file_fault_arm_spec("fsync_delay:1,times=0,delay_us=100000", &err), 0);
    uint32_t payload = 1;
    WalChange ch = {.type = WAL_REC_UPDATE, .len = sizeof(payload), .data = &payload};
    Leader l = {wal, 0};
    assert_int_equal(wal_commit(wal, &ch, 1, 1, false, &l.lsn, &err), 0);
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, lead_flush, &l), 0);
    usleep(30000); /* inside the slow flush */
    Notified x;
    memset(&x, 0, sizeof(x));
    assert_int_equal(wal_commit(wal, &ch, 1, 2, false, &x.end, &err), 0);
    x.n.fn = on_notify;
    x.n.ctx = &x;
    assert_int_equal(wal_notify_flushed(wal, x.end, &x.n, &err), WAL_NOTIFY_QUEUED);
    file_fault_clear(); /* the slow fsync has begun */
    assert_int_equal(file_fault_arm_spec("fsync_fail:1", &err), 0);
    pthread_join(th, NULL);
    wait_called(&x); /* the background writer leads the second flush */
    assert_int_equal(atomic_load(&x.calls), 1);
    assert_int_equal(atomic_load(&x.rc), -1);
    assert_string_equal(x.sqlstate, "58030");
    assert_true(atomic_load(&hook_flushed) < x.end);
    /* a failed log refuses new notifications at once */
    Notified y;
    memset(&y, 0, sizeof(y));
    y.n.fn = on_notify;
    y.n.ctx = &y;
    error_clear(&err);
    assert_int_equal(wal_notify_flushed(wal, x.end, &y.n, &err), -1);
    assert_string_equal(err.sqlstate, "58030");
    file_fault_clear();
    error_clear(&err);
    wal_close(wal, &err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_group_commit_16_threads, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_many_waiters_with_enospc, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_fsync_failure_is_fatal, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_enospc_then_space_returns, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_enospc_creating_a_segment, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_enospc_after_async_ack_is_fatal, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_enospc_new_segment_with_async_acks, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_sync_off_flushes_within_delay, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_notify_16_threads, wal_test_setup, wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_notify_failed_flush, wal_test_setup,
                                        wal_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
