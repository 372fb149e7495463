/*
 * wal_test_util.h — shared by the WAL unit tests: a scratch directory per test,
 * deterministic payloads, and reading a whole log back into memory.
 */
#ifndef OMENDB_TESTS_WAL_TEST_UTIL_H
#define OMENDB_TESTS_WAL_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/file_io.h"
#include "wal/wal.h"

static char g_wal_dir[96];

static inline int wal_test_setup(void **state)
{
    (void)state;
    /* tmpfs when there is one: these tests count fsyncs, they need not pay for them. */
    char base[64];
    const char *tmp = getenv("OMENDB_TEST_TMP");
    if (!tmp) tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(base, sizeof(base), "%.40s/omendb-wal-XXXXXX", tmp);
    if (!mkdtemp(base)) return -1;
    snprintf(g_wal_dir, sizeof(g_wal_dir), "%s/wal", base);
    file_fault_clear();
    return 0;
}

static inline int wal_test_teardown(void **state)
{
    (void)state;
    file_fault_clear();
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strlen(g_wal_dir) - 4), g_wal_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static inline WalConfig wal_test_config(uint32_t segment_size)
{
    WalConfig cfg;
    wal_config_default(&cfg);
    cfg.dir = g_wal_dir;
    cfg.segment_size = segment_size;
    cfg.buffer_size = 256 * 1024;
    cfg.writer_delay_ms = 50;
    return cfg;
}

/* Payload of change j of batch b: length and bytes follow from (b, j). */
static inline uint32_t test_payload_len(uint32_t b, uint32_t j, uint32_t max_len)
{
    return (b * 2654435761u + j * 40503u) % (max_len + 1);
}

static inline void test_payload_fill(uint8_t *out, uint32_t len, uint32_t b, uint32_t j)
{
    for (uint32_t k = 0; k < len; k++) out[k] = (uint8_t)(b * 31u + j * 7u + k);
}

/* One replayed record (payload copied). */
typedef struct TestRec {
    uint64_t lsn, end_lsn;
    uint8_t type, flags;
    uint32_t len;
    uint8_t *data;
} TestRec;

typedef struct TestLog {
    TestRec *recs;
    size_t n;
    int rc; /* last wal_reader_next result: 0 end, -1 error */
    OmError err;
    uint64_t end_lsn, resume_lsn;
    WalDamage damage;
} TestLog;

static inline void test_log_free(TestLog *log)
{
    for (size_t i = 0; i < log->n; i++) free(log->recs[i].data);
    free(log->recs);
    memset(log, 0, sizeof(*log));
}

/* Reads the log in g_wal_dir from start_lsn until the end or an error. */
static inline TestLog test_log_read(uint64_t start_lsn, unsigned flags)
{
    TestLog log;
    memset(&log, 0, sizeof(log));
    error_clear(&log.err);
    WalReader *r = wal_reader_open(g_wal_dir, start_lsn, flags, &log.err);
    if (!r) {
        log.rc = -1;
        return log;
    }
    size_t cap = 0;
    WalRecord rec;
    while ((log.rc = wal_reader_next(r, &rec, &log.err)) == 1) {
        if (log.n == cap) {
            cap = cap ? cap * 2 : 64;
            log.recs = realloc(log.recs, cap * sizeof(TestRec));
        }
        TestRec *t = &log.recs[log.n++];
        t->lsn = rec.lsn;
        t->end_lsn = rec.end_lsn;
        t->type = rec.type;
        t->flags = rec.flags;
        t->len = rec.len;
        t->data = malloc(rec.len ? rec.len : 1);
        memcpy(t->data, rec.data, rec.len);
    }
    log.end_lsn = wal_reader_end_lsn(r);
    log.resume_lsn = wal_reader_resume_lsn(r);
    log.damage = *wal_reader_damage(r);
    wal_reader_close(r);
    return log;
}

static inline size_t test_log_commits(const TestLog *log)
{
    size_t n = 0;
    for (size_t i = 0; i < log->n; i++) n += log->recs[i].type == WAL_REC_COMMIT;
    return n;
}

#endif
