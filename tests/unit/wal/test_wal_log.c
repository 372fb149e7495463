/*
 * test_wal_log.c — the log as written and read back: round trips across many
 * segments, resuming, torn tails at every byte of the last batch, damage in the
 * middle (bad CRC, garbled header, missing segment) named by file and offset,
 * "start anyway", and removal of old segments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "wal_test_util.h"

#define MAX_CHANGES 3
#define MAX_LEN     300

static uint64_t write_batch(Wal *wal, uint32_t b, uint32_t max_len, bool sync)
{
    uint8_t bufs[MAX_CHANGES][1024];
    WalChange ch[MAX_CHANGES];
    uint32_t n = b % (MAX_CHANGES + 1);
    for (uint32_t j = 0; j < n; j++) {
        uint32_t len = test_payload_len(b, j, max_len);
        test_payload_fill(bufs[j], len, b, j);
        ch[j] = (WalChange){.type = (uint8_t)(WAL_REC_INSERT + j % 3),
                            .flags = (uint8_t)j,
                            .len = len,
                            .data = bufs[j]};
    }
    OmError err;
    error_clear(&err);
    uint64_t end = 0;
    assert_int_equal(wal_commit(wal, ch, n, 1000 + b, sync, &end, &err), 0);
    return end;
}

/* Checks that log records [*idx ...) hold batches first..first+count-1. */
static void check_batches(const TestLog *log, size_t *idx, uint32_t first, uint32_t count,
                          uint32_t max_len)
{
    uint8_t want[1024];
    for (uint32_t b = first; b < first + count; b++) {
        uint32_t n = b % (MAX_CHANGES + 1);
        for (uint32_t j = 0; j < n; j++) {
            assert_true(*idx < log->n);
            const TestRec *r = &log->recs[(*idx)++];
            uint32_t len = test_payload_len(b, j, max_len);
            test_payload_fill(want, len, b, j);
            assert_int_equal(r->type, WAL_REC_INSERT + j % 3);
            assert_int_equal(r->flags, j);
            assert_int_equal(r->len, len);
            assert_memory_equal(r->data, want, len);
        }
        assert_true(*idx < log->n);
        const TestRec *c = &log->recs[(*idx)++];
        WalRecord rec = {.lsn = c->lsn, .type = c->type, .len = c->len, .data = c->data};
        uint64_t ts;
        uint32_t n_changes;
        OmError err;
        error_clear(&err);
        assert_int_equal(wal_commit_decode(&rec, &ts, &n_changes, &err), 0);
        assert_int_equal(ts, 1000 + b);
        assert_int_equal(n_changes, n);
    }
}

static Wal *open_wal(uint32_t seg_size, uint64_t start)
{
    WalConfig cfg = wal_test_config(seg_size);
    OmError err;
    error_clear(&err);
    Wal *wal = wal_open(&cfg, start, &err);
    if (!wal) fail_msg("wal_open: %s", err.message);
    return wal;
}

static void close_wal(Wal *wal)
{
    OmError err;
    error_clear(&err);
    assert_int_equal(wal_close(wal, &err), 0);
}

static void test_round_trip_many_segments(void **state)
{
    (void)state;
    Wal *wal = open_wal(1024, 0);
    uint64_t end = 0;
    for (uint32_t b = 0; b < 600; b++) end = write_batch(wal, b, MAX_LEN, b % 5 == 0);
    close_wal(wal);
    assert_true(end > 100 * 1024); /* well over a hundred segments */

    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    size_t idx = 0;
    check_batches(&log, &idx, 0, 600, MAX_LEN);
    assert_int_equal(idx, log.n);
    assert_int_equal(log.resume_lsn, end);
    assert_int_equal(log.end_lsn, end);
    test_log_free(&log);

    /* Resume where recovery ended, append more, read everything again. */
    wal = open_wal(1024, end);
    for (uint32_t b = 600; b < 700; b++) end = write_batch(wal, b, MAX_LEN, true);
    close_wal(wal);
    log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    idx = 0;
    check_batches(&log, &idx, 0, 700, MAX_LEN);
    assert_int_equal(idx, log.n);
    assert_int_equal(log.resume_lsn, end);
    test_log_free(&log);
}

static void test_config_checks(void **state)
{
    (void)state;
    WalConfig cfg = wal_test_config(1000); /* not a multiple of 8 */
    OmError err;
    error_clear(&err);
    assert_null(wal_open(&cfg, 0, &err));
    assert_string_equal(err.sqlstate, "22023");

    Wal *wal = open_wal(4096, 0);
    write_batch(wal, 1, 10, true);
    close_wal(wal);
    TestLog log = test_log_read(0, 0);
    uint64_t resume = log.resume_lsn;
    test_log_free(&log);

    error_clear(&err);
    cfg = wal_test_config(8192); /* differs from the existing segments */
    assert_null(wal_open(&cfg, resume, &err));
    assert_non_null(strstr(err.message, "does not match"));
    error_clear(&err);
    cfg = wal_test_config(4096);
    assert_null(wal_open(&cfg, 0, &err)); /* 0 on a non-empty directory */
    assert_non_null(strstr(err.message, "not empty"));

    /* A record larger than a segment can hold is refused; the log is unchanged. */
    wal = open_wal(4096, resume);
    static uint8_t big[5000];
    WalChange ch = {.type = WAL_REC_INSERT, .len = sizeof(big), .data = big};
    error_clear(&err);
    assert_int_equal(wal_commit(wal, &ch, 1, 1, true, NULL, &err), -1);
    assert_string_equal(err.sqlstate, "54000");
    ch.type = WAL_REC_COMMIT; /* not a change type */
    ch.len = 1;
    error_clear(&err);
    assert_int_equal(wal_commit(wal, &ch, 1, 1, true, NULL, &err), -1);
    assert_int_equal(wal_insert_lsn(wal), resume);
    close_wal(wal);
}

/* Reads a whole file / writes it back with the given length. */
static size_t slurp(const char *path, uint8_t *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    ssize_t n = pread(fd, buf, cap, 0);
    close(fd);
    assert_true(n > 0);
    return (size_t)n;
}

static void restore(const char *path, const uint8_t *buf, size_t len, size_t keep)
{
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, buf, len, 0), (ssize_t)len);
    assert_int_equal(ftruncate(fd, (off_t)keep), 0);
    close(fd);
}

static void expect_torn_end(uint64_t end_prev, uint64_t cut_lsn)
{
    TestLog log = test_log_read(0, 0);
    if (log.rc != 0) fail_msg("cut at %llu: %s", (unsigned long long)cut_lsn, log.err.message);
    size_t idx = 0;
    check_batches(&log, &idx, 0, 23, 120);
    if (log.resume_lsn != end_prev)
        fail_msg("cut at %llu: log resumes at %llu, not %llu", (unsigned long long)cut_lsn,
                 (unsigned long long)log.resume_lsn, (unsigned long long)end_prev);
    /* Whole change records of the torn batch may be read; replay drops them. */
    for (; idx < log.n; idx++) {
        assert_int_not_equal(log.recs[idx].type, WAL_REC_COMMIT);
        assert_true(log.recs[idx].end_lsn <= cut_lsn + WAL_ALIGN);
    }
    assert_false(log.damage.found);
    test_log_free(&log);
}

static void expect_complete(size_t n_commits)
{
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), n_commits);
    test_log_free(&log);
}

static void test_torn_tail_every_byte(void **state)
{
    (void)state;
    const uint32_t seg = 16384;
    Wal *wal = open_wal(seg, 0);
    uint64_t end_prev = 0;
    for (uint32_t b = 0; b < 23; b++) end_prev = write_batch(wal, b, 120, true);
    uint64_t end_last = write_batch(wal, 23, 120, true); /* 23 % 4 = 3 changes */
    close_wal(wal);
    assert_true(end_last < seg);

    /* The last batch's record extents, to tell covered bytes from padding. */
    TestLog full = test_log_read(0, 0);
    assert_int_equal(full.rc, 0);
    assert_int_equal(test_log_commits(&full), 24);

    char path[WAL_PATH_MAX];
    snprintf(path, sizeof(path), "%s/0000000000000000", g_wal_dir);
    static uint8_t orig[16384];
    assert_int_equal(slurp(path, orig, sizeof(orig)), seg);
    static uint8_t work[16384];
    for (uint64_t cut = end_prev; cut < end_last; cut++) {
        /* When every byte from the cut on is zero anyway (high bytes of a count),
         * losing them loses nothing: the log is complete. */
        bool rest_zero = true;
        for (uint64_t i = cut; i < end_last; i++) rest_zero = rest_zero && orig[i] == 0;

        /* Truncated file: the record is short. */
        restore(path, orig, seg, (size_t)cut);
        if (rest_zero)
            expect_complete(24);
        else
            expect_torn_end(end_prev, cut);

        /* Zeros from the cut on (an unwritten part of a preallocated file). */
        memcpy(work, orig, seg);
        memset(work + cut, 0, end_last - cut);
        restore(path, work, seg, seg);
        if (rest_zero)
            expect_complete(24);
        else
            expect_torn_end(end_prev, cut);

        /* One garbled byte in the last record (the COMMIT): bad CRC or bad header,
         * unless the byte is padding. A garbled byte in an earlier record of the
         * batch would be damage, since valid records follow it. */
        const TestRec *last = &full.recs[full.n - 1];
        if (cut < last->lsn) continue;
        memcpy(work, orig, seg);
        work[cut] ^= 0x5A;
        restore(path, work, seg, seg);
        if (cut < last->lsn + WAL_REC_HDR_SIZE + last->len) {
            expect_torn_end(end_prev, cut);
        } else {
            expect_complete(24);
        }
    }
    test_log_free(&full);
    restore(path, orig, seg, seg);
}

static void segment_path_of(char *out, uint64_t lsn, uint32_t seg)
{
    char name[WAL_SEG_NAME_LEN + 1];
    wal_seg_name(name, lsn - lsn % seg);
    snprintf(out, WAL_PATH_MAX, "%s/%s", g_wal_dir, name);
}

static void patch(const char *path, uint64_t off, const void *bytes, size_t n)
{
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, bytes, n, (off_t)off), (ssize_t)n);
    close(fd);
}

static void test_damage_in_the_middle(void **state)
{
    (void)state;
    const uint32_t seg = 1024;
    Wal *wal = open_wal(seg, 0);
    for (uint32_t b = 0; b < 200; b++) write_batch(wal, b, 120, b % 10 == 0);
    close_wal(wal);
    TestLog full = test_log_read(0, 0);
    assert_int_equal(full.rc, 0);
    size_t k = full.n / 2;
    uint64_t bad_lsn = full.recs[k].lsn;
    char path[WAL_PATH_MAX];
    segment_path_of(path, bad_lsn, seg);
    uint64_t off = bad_lsn % seg;
    char where[64];
    snprintf(where, sizeof(where), "at offset %llu", (unsigned long long)off);
    uint8_t saved[8];
    int fd = open(path, O_RDONLY);
    assert_int_equal(pread(fd, saved, 8, (off_t)off), 8);
    close(fd);

    /* A bad CRC: an error naming the file and offset, after the records before it. */
    uint8_t flipped = saved[1] ^ 0xFF;
    patch(path, off + 1, &flipped, 1);
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, -1);
    assert_string_equal(log.err.sqlstate, "XX001");
    assert_non_null(strstr(log.err.message, path));
    assert_non_null(strstr(log.err.message, where));
    assert_non_null(strstr(log.err.detail, "checksum"));
    assert_int_equal(log.n, k);
    test_log_free(&log);

    /* Start anyway: reading ends there and reports what is lost. */
    log = test_log_read(0, WAL_READ_IGNORE_DAMAGE);
    assert_int_equal(log.rc, 0);
    assert_int_equal(log.n, k);
    assert_true(log.damage.found);
    assert_int_equal(log.damage.lsn, bad_lsn);
    assert_int_equal(log.damage.offset, off);
    assert_string_equal(log.damage.segment, path);
    assert_true(log.damage.lost_commits > 50);
    assert_true(log.damage.lost_records >= log.damage.lost_commits);
    assert_true(log.resume_lsn <= bad_lsn);
    test_log_free(&log);
    patch(path, off, saved, 8);

    /* A garbled header (impossible length). */
    uint8_t huge[4] = {0xFF, 0xFF, 0xFF, 0x7F};
    patch(path, off + 4, huge, 4);
    log = test_log_read(0, 0);
    assert_int_equal(log.rc, -1);
    assert_non_null(strstr(log.err.message, where));
    assert_non_null(strstr(log.err.detail, "invalid record length"));
    test_log_free(&log);
    patch(path, off, saved, 8);

    /* A missing segment in the middle. */
    unlink(path);
    log = test_log_read(0, 0);
    assert_int_equal(log.rc, -1);
    assert_string_equal(log.err.sqlstate, "XX001");
    assert_non_null(strstr(log.err.message, path));
    assert_non_null(strstr(log.err.message, "is missing"));
    test_log_free(&log);

    /* Start anyway, then open the writer there: later segments go, the log is clean. */
    log = test_log_read(0, WAL_READ_IGNORE_DAMAGE);
    assert_int_equal(log.rc, 0);
    assert_true(log.damage.found);
    assert_true(log.damage.lost_commits > 0);
    uint64_t resume = log.resume_lsn;
    size_t commits_kept = test_log_commits(&log);
    test_log_free(&log);
    wal = open_wal(seg, resume);
    write_batch(wal, 7, 120, true);
    close_wal(wal);
    log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(test_log_commits(&log), commits_kept + 1);
    test_log_free(&log);
    test_log_free(&full);
}

static void test_remove_before(void **state)
{
    (void)state;
    const uint32_t seg = 1024;
    Wal *wal = open_wal(seg, 0);
    uint64_t mid = 0;
    for (uint32_t b = 0; b < 100; b++) {
        uint64_t end = write_batch(wal, b, 120, true);
        if (b == 59) mid = end;
    }
    size_t n_removed = 0;
    OmError err;
    error_clear(&err);
    assert_int_equal(wal_remove_before(wal, mid, &n_removed, &err), 0);
    assert_true(n_removed >= 5);
    assert_int_equal(n_removed, mid / seg);
    close_wal(wal);

    TestLog log = test_log_read(mid, 0);
    assert_int_equal(log.rc, 0);
    size_t idx = 0;
    check_batches(&log, &idx, 60, 40, 120);
    assert_int_equal(idx, log.n);
    test_log_free(&log);
    /* From 0 the first segments are gone while later ones exist: damage. */
    log = test_log_read(0, 0);
    assert_int_equal(log.rc, -1);
    assert_non_null(strstr(log.err.message, "is missing"));
    test_log_free(&log);
}

static void test_batch_larger_than_buffer(void **state)
{
    (void)state;
    /* 40 changes of 10 KB: more than the 256 KB buffer, several 64 KB segments. */
    enum { N = 40, LEN = 10000 };
    Wal *wal = open_wal(1 << 16, 0);
    uint8_t *payload = malloc((size_t)N * LEN);
    WalChange ch[N];
    for (uint32_t j = 0; j < N; j++) {
        test_payload_fill(payload + (size_t)j * LEN, LEN, 77, j);
        ch[j] = (WalChange){.type = WAL_REC_DDL, .len = LEN, .data = payload + (size_t)j * LEN};
    }
    OmError err;
    error_clear(&err);
    uint64_t end = 0;
    assert_int_equal(wal_commit(wal, ch, N, 5, true, &end, &err), 0);
    assert_true(end > 6 * (1 << 16));
    assert_int_equal(wal_commit(wal, ch, 2, 6, false, NULL, &err), 0);
    close_wal(wal);
    TestLog log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(log.n, N + 1 + 2 + 1);
    for (uint32_t j = 0; j < N; j++) {
        assert_int_equal(log.recs[j].len, LEN);
        assert_memory_equal(log.recs[j].data, payload + (size_t)j * LEN, LEN);
    }
    assert_int_equal(log.recs[N].end_lsn, end);
    test_log_free(&log);
    free(payload);
}

static void test_empty_log(void **state)
{
    (void)state;
    TestLog log = test_log_read(0, 0); /* directory does not exist yet */
    assert_int_equal(log.rc, 0);
    assert_int_equal(log.n, 0);
    assert_int_equal(log.resume_lsn, 0);
    test_log_free(&log);
    Wal *wal = open_wal(2048, 0);
    close_wal(wal);
    log = test_log_read(0, 0);
    assert_int_equal(log.rc, 0);
    assert_int_equal(log.n, 0);
    test_log_free(&log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip_many_segments, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_config_checks, wal_test_setup, wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_torn_tail_every_byte, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_damage_in_the_middle, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_remove_before, wal_test_setup, wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_batch_larger_than_buffer, wal_test_setup,
                                        wal_test_teardown),
        cmocka_unit_test_setup_teardown(test_empty_log, wal_test_setup, wal_test_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
