/*
 * test_checkpoint_faults.c — checkpoints against a failing disk, and
 * incremental checkpoints (docs/checkpoint.md), on an in-process database.
 *
 * Every case injects one fault (common/file_io.h) into one step of a
 * checkpoint: a table file, the catalog file or MANIFEST.tmp failing to write
 * (ENOSPC, a short write, EIO) or to fsync, and each directory fsync. The
 * checkpoint must fail with the file layer's error while the previous
 * checkpoint stays current and intact (same MANIFEST bytes, its files
 * present), the new files are gone, no WAL segment is removed, commits go on,
 * the next checkpoint succeeds, and a restart without a clean shutdown (the
 * database is closed without a checkpoint and opened again, as after kill -9;
 * tests/crash/run_checkpoint_faults.sh does it with a real SIGKILL) finds
 * every committed row. A failed directory fsync after the rename of the
 * manifest leaves both checkpoints usable: the test also restarts with the
 * old MANIFEST put back. The directory-fsync counter shows the checkpoint
 * directory itself, the data directory (once, when checkpoint/ is created),
 * each new checkpoint directory and the manifest's rename are fsync'd.
 *
 * A restart after a crash between a checkpoint's MANIFEST and its removal of
 * the log removes that log.
 *
 * The incremental cases check that an unchanged table's file is kept (the new
 * manifest names the older file; nothing is written or fsync'd for it), also
 * right after a restart, and that a schema change rewrites everything.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/file_io.h"
#include "sql/sql.h"

static char g_dir[] = "/tmp/omendb_test_ckpt_faults_XXXXXX";
static char g_ck[256];  /* DATA/checkpoint */
static char g_wal[256]; /* DATA/wal */
static Database *g_db;
static SqlSession *g_s;
static long long g_na, g_nb; /* rows committed into a and b */

/* ---- running SQL ---- */

typedef struct Collect {
    long long first; /* int8 first column of the last row */
} Collect;

static int collect_rows(void *ctx, const Chunk *chunk)
{
    Collect *c = ctx;
    for (uint32_t i = 0; i < chunk->count; i++) {
        const Vector *v = &chunk->cols[0];
        uint32_t row = chunk_row(chunk, i);
        c->first = vector_is_valid(v, row) ? *(const int64_t *)vector_value_ptr(v, row) : -1;
    }
    return 0;
}

static int collect_complete(void *ctx, const char *tag)
{
    (void)ctx;
    (void)tag;
    return 0;
}

static long long exec_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long long exec_ok(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    Collect c = {-1};
    ResultSink sink = {.ctx = &c, .rows = collect_rows, .complete = collect_complete};
    OmError err;
    error_clear(&err);
    if (sql_exec_simple(g_s, sql, &sink, &err) != 0) fail_msg("%s: %s", sql, err.message);
    return c.first;
}

/* ---- the database ---- */

static void db_start(void)
{
    OmError err;
    error_clear(&err);
    g_db = sql_database_open(g_dir, &err);
    if (!g_db) fail_msg("open: %s", err.message);
    SqlRecoveryOptions opt;
    memset(&opt, 0, sizeof(opt));
    opt.wal_segment_size = 1u << 20;
    if (sql_database_recover(g_db, &opt, &err) != 0) fail_msg("recover: %s", err.message);
    g_s = sql_session_create(g_db, "test", "omendb", "test_checkpoint_faults");
    assert_non_null(g_s);
}

/* Ends the database without a checkpoint: a restart must replay the log. */
static void db_crash(void)
{
    sql_session_destroy(g_s);
    sql_database_close(g_db);
    g_s = NULL;
    g_db = NULL;
}

/* Every committed row is there, after a restart. */
static void check_rows(void)
{
    assert_int_equal(exec_ok("SELECT count(*)::int8 FROM a"), g_na);
    assert_int_equal(exec_ok("SELECT count(*)::int8 FROM b"), g_nb);
    assert_int_equal(exec_ok("SELECT sum(id)::int8 FROM a"), g_na * (g_na + 1) / 2);
    assert_int_equal(exec_ok("SELECT count(*)::int8 FROM a WHERE v <> 'v' || id"), 0);
}

static void insert_a(int n)
{
    exec_ok("INSERT INTO a SELECT g, 'v' || g FROM generate_series(%lld, %lld) g", g_na + 1,
            g_na + n);
    g_na += n;
}

static void insert_b(void)
{
    g_nb++;
    exec_ok("INSERT INTO b VALUES (%lld, 0)", g_nb);
}

static int checkpoint(OmError *err)
{
    error_clear(err);
    return sql_checkpoint_run(g_db, "test", err);
}

static void checkpoint_ok(void)
{
    OmError err;
    if (checkpoint(&err) != 0) fail_msg("checkpoint: %s", err.message);
}

/* ---- files ---- */

/* Reads a whole (small) file into buf; returns its length or -1. */
static long read_all(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

static void write_all(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static char g_manifest[8192];

static long manifest(char *buf)
{
    char path[300];
    snprintf(path, sizeof(path), "%s/MANIFEST", g_ck);
    return read_all(path, buf, 8192);
}

static unsigned long long manifest_seq(const char *m)
{
    const char *p = strstr(m, "\nseq ");
    assert_non_null(p);
    return strtoull(p + 5, NULL, 10);
}

/* The file name the manifest gives table `name` (looked up by OID). */
static void manifest_file(const char *m, const char *table, char *out, size_t cap)
{
    long long oid = exec_ok("SELECT oid::int8 FROM pg_class WHERE relname = '%s'", table);
    char key[32];
    snprintf(key, sizeof(key), "\ntable %lld ", oid);
    const char *p = strstr(m, key);
    if (!p) fail_msg("no table %s in manifest:\n%s", table, m);
    p += strlen(key);
    size_t n = strcspn(p, " ");
    assert_true(n < cap);
    memcpy(out, p, n);
    out[n] = '\0';
}

static bool exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool exists(const char *fmt, ...)
{
    char path[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    struct stat st;
    return stat(path, &st) == 0;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Every file the manifest names exists. */
static void manifest_files_exist(const char *m)
{
    const char *p = m;
    while ((p = strstr(p, "\ntable ")) != NULL) {
        p += 7;
        p += strcspn(p, " ") + 1;
        char name[128];
        size_t n = strcspn(p, " ");
        memcpy(name, p, n);
        name[n] = '\0';
        assert_true(exists("%s/%s", g_ck, name));
    }
}

/* ---- the cases ---- */

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(g_dir)) return -1;
    snprintf(g_ck, sizeof(g_ck), "%s/checkpoint", g_dir);
    snprintf(g_wal, sizeof(g_wal), "%s/wal", g_dir);
    file_fault_clear();
    db_start();
    exec_ok("CREATE TABLE a (id int8 PRIMARY KEY, v text)");
    exec_ok("CREATE TABLE b (id int8 PRIMARY KEY, n int8)");
    insert_a(20000);
    insert_b();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    file_fault_clear();
    if (g_db) db_crash();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The first checkpoint creates DATA/checkpoint: DATA is fsync'd for it, then
 * the new checkpoint directory, DATA/checkpoint, and DATA/checkpoint again
 * after the rename of the manifest; every file is fsync'd. */
static void test_first_checkpoint_fsyncs(void **state)
{
    (void)state;
    assert_false(exists("%s", g_ck));
    FileStats s0, s1;
    file_stats_get(&s0);
    checkpoint_ok();
    file_stats_get(&s1);
    assert_int_equal(s1.n_dir_fsync - s0.n_dir_fsync, 4);
    assert_true(s1.n_fsync - s0.n_fsync >= 4); /* catalog, a, b, MANIFEST.tmp */
    assert_true(manifest(g_manifest) > 0);
    assert_int_equal(manifest_seq(g_manifest), 1);
    manifest_files_exist(g_manifest);
}

/* One fault during a checkpoint that wrote both tables. */
typedef struct FaultCase {
    const char *spec;     /* OMENDB_FAULT syntax; '@' = DATA/checkpoint */
    const char *sqlstate; /* the checkpoint's error */
    const char *needle;   /* in its message: the file that failed */
    bool replaced;        /* the failure came after the manifest's rename */
} FaultCase;

static void fault_cycle(const FaultCase *fc)
{
    insert_a(100);
    insert_b();
    char before[8192], after[8192];
    long len = manifest(before);
    assert_true(len > 0);
    unsigned long long seq = manifest_seq(before);
    int n_wal = count_entries(g_wal);

    char spec[512];
    const char *at = strchr(fc->spec, '@'); /* '@' stands for DATA/checkpoint */
    if (at)
        snprintf(spec, sizeof(spec), "%.*s%s%s", (int)(at - fc->spec), fc->spec, g_ck, at + 1);
    else
        snprintf(spec, sizeof(spec), "%s", fc->spec);
    OmError err;
    error_clear(&err);
    assert_int_equal(file_fault_arm_spec(spec, &err), 0);
    int rc = checkpoint(&err);
    file_fault_clear();
    if (rc == 0) fail_msg("%s: the checkpoint did not fail", spec);
    assert_string_equal(err.sqlstate, fc->sqlstate);
    if (!strstr(err.message, fc->needle))
        fail_msg("%s: message \"%s\" lacks \"%s\"", spec, err.message, fc->needle);

    /* The previous checkpoint is current (or, after the rename, both are
     * complete), nothing partial is left, the log it needs is there. */
    assert_false(exists("%s/MANIFEST.tmp", g_ck));
    assert_true(manifest(after) > 0);
    if (!fc->replaced) {
        assert_string_equal(after, before);
        assert_false(exists("%s/%016llX", g_ck, seq + 1));
    } else {
        assert_int_equal(manifest_seq(after), seq + 1);
        manifest_files_exist(after);
    }
    manifest_files_exist(before);
    assert_true(count_entries(g_wal) >= n_wal);

    /* Commits go on. */
    insert_a(10);
    insert_b();
    if (fc->replaced) {
        /* A crash may bring back the old manifest: both checkpoints work. */
        db_crash();
        char path[300];
        snprintf(path, sizeof(path), "%s/MANIFEST", g_ck);
        write_all(path, before, (size_t)len);
        db_start();
        check_rows();
    }
    /* The next checkpoint works. */
    checkpoint_ok();
    assert_true(manifest(after) > 0);
    assert_true(manifest_seq(after) > seq);
    manifest_files_exist(after);

    /* A restart after more commits (log after the checkpoint) has them all. */
    insert_a(5);
    db_crash();
    db_start();
    check_rows();
}

/* Sync calls under DATA/checkpoint in a checkpoint that writes catalog, a and
 * b: 1 catalog.bin, 2 and 3 the table files, 4 the new directory, 5
 * DATA/checkpoint, 6 MANIFEST.tmp, 7 DATA/checkpoint after the rename. */
static const FaultCase g_cases[] = {
    {"fsync_fail:2,path=@", "58030", ".parquet", false},
    {"fsync_fail:3,path=@", "58030", ".parquet", false},
    {"short_write:1,path=.parquet", "53100", ".parquet", false},
    {"enospc:1,path=.parquet", "53100", ".parquet", false},
    {"write_eio:1,path=.parquet", "58030", ".parquet", false},
    {"enospc:1,path=catalog.bin", "53100", "catalog.bin", false},
    {"fsync_fail:1,path=@", "58030", "catalog.bin", false},
    {"fsync_fail:4,path=@", "58030", "checkpoint/0000", false},
    {"fsync_fail:5,path=@", "58030", "checkpoint\"", false},
    {"short_write:1,path=MANIFEST", "53100", "MANIFEST.tmp", false},
    {"enospc:1,path=MANIFEST", "53100", "MANIFEST.tmp", false},
    {"fsync_fail:6,path=@", "58030", "MANIFEST.tmp", false},
    {"fsync_fail:7,path=@", "58030", "checkpoint\"", true},
};

static void test_faults(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(g_cases) / sizeof(g_cases[0]); i++) fault_cycle(&g_cases[i]);
}

/* A later checkpoint fsyncs its directory, DATA/checkpoint before and after
 * the manifest's rename (and again when it removed older files). */
static void test_later_checkpoint_fsyncs(void **state)
{
    (void)state;
    insert_a(1);
    FileStats s0, s1;
    file_stats_get(&s0);
    checkpoint_ok();
    file_stats_get(&s1);
    assert_true(s1.n_dir_fsync - s0.n_dir_fsync >= 3);
}

/* Only the changed table is written; the new manifest names the older file
 * of the other, which stays while it is named; a restart keeps that. */
/* A crash after a checkpoint's MANIFEST but before it removed the log before
 * it: the next start removes those segments (they were left for good). */
static void test_restart_removes_old_log(void **state)
{
    (void)state;
    checkpoint_ok();
    insert_a(60000); /* more than one 1 MB segment of log */
    /* the oldest segment: it holds the first checkpoint's position, and the
     * log written since ends more than a segment later */
    char oldest[17] = "";
    DIR *d = opendir(g_wal);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strlen(e->d_name) == 16 && (!oldest[0] || strcmp(e->d_name, oldest) < 0))
            memcpy(oldest, e->d_name, 17); /* 16 characters and the NUL */
    closedir(d);
    assert_true(oldest[0] != '\0');
    char first[300];
    snprintf(first, sizeof(first), "%s/%s", g_wal, oldest);
    size_t cap = (2u << 20);
    char *buf = malloc(cap);
    assert_non_null(buf);
    long n = read_all(first, buf, cap);
    assert_true(n > 0);
    checkpoint_ok();
    assert_false(exists("%s", first)); /* the checkpoint removed it */
    write_all(first, buf, (size_t)n);  /* as if it had crashed first */
    free(buf);
    db_crash();
    db_start();
    assert_false(exists("%s", first));
    check_rows();
}

static void test_incremental(void **state)
{
    (void)state;
    insert_a(1);
    insert_b();
    checkpoint_ok();
    char m1[8192], m2[8192], fa1[128], fa2[128], fb1[128], fb2[128];
    manifest(m1);
    manifest_file(m1, "a", fa1, sizeof(fa1));
    manifest_file(m1, "b", fb1, sizeof(fb1));

    exec_ok("UPDATE b SET n = n + 1 WHERE id = 1");
    FileStats s0, s1;
    file_stats_get(&s0);
    checkpoint_ok();
    file_stats_get(&s1);
    assert_int_equal(s1.n_fsync - s0.n_fsync, 3); /* catalog, b, MANIFEST.tmp */
    manifest(m2);
    manifest_file(m2, "a", fa2, sizeof(fa2));
    manifest_file(m2, "b", fb2, sizeof(fb2));
    assert_string_equal(fa2, fa1);
    assert_string_not_equal(fb2, fb1);
    assert_true(exists("%s/%s", g_ck, fa1));
    assert_false(exists("%s/%s", g_ck, fb1));

    /* a restart (log replayed after the checkpoint) keeps knowing a is clean */
    exec_ok("UPDATE b SET n = n + 1 WHERE id = 1");
    db_crash();
    db_start();
    check_rows();
    assert_int_equal(exec_ok("SELECT n FROM b WHERE id = 1"), 2);
    checkpoint_ok();
    manifest(m2);
    manifest_file(m2, "a", fa2, sizeof(fa2));
    assert_string_equal(fa2, fa1);

    /* a rolled-back change leaves the table clean; a committed delete does not */
    exec_ok("BEGIN");
    exec_ok("DELETE FROM a WHERE id = 1");
    exec_ok("ROLLBACK");
    insert_b();
    checkpoint_ok();
    manifest(m2);
    manifest_file(m2, "a", fa2, sizeof(fa2));
    assert_string_equal(fa2, fa1);
    exec_ok("DELETE FROM a WHERE id = %lld", g_na);
    g_na--;
    checkpoint_ok();
    manifest(m2);
    manifest_file(m2, "a", fa2, sizeof(fa2));
    assert_string_not_equal(fa2, fa1);
    strcpy(fa1, fa2);

    /* a schema change rewrites every table */
    exec_ok("CREATE TABLE c (x int4)");
    checkpoint_ok();
    manifest(m2);
    manifest_file(m2, "a", fa2, sizeof(fa2));
    assert_string_not_equal(fa2, fa1);
    db_crash();
    db_start();
    check_rows();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_checkpoint_fsyncs), cmocka_unit_test(test_faults),
        cmocka_unit_test(test_later_checkpoint_fsyncs), cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_restart_removes_old_log),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
