/*
 * fuzz_util.h — what the harnesses that run a database share: one temporary
 * directory per process (under FUZZ_TMPDIR when set, else in /dev/shm when
 * writable, since the log is fsync'd at every commit, else /tmp) removed at
 * exit, removing a tree, a result sink that discards rows, dropping the
 * schemas an input made, and FUZZ_VERBOSE reporting. Header-only: each harness
 * is its own program.
 */
#ifndef OMENDB_TESTS_FUZZ_FUZZ_UTIL_H
#define OMENDB_TESTS_FUZZ_FUZZ_UTIL_H

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "sql/sql.h"
#include "sql/sql_int.h"

static char fuzz_base[512];               /* the process's temporary directory */
static bool fuzz_verbose;                 /* FUZZ_VERBOSE set in the environment */
static const char *fuzz_name;             /* the harness, for messages */
static void (*fuzz_before_cleanup)(void); /* e.g. closing a database first; may be NULL */

static inline int fuzz_remove_entry(const char *path, const struct stat *st, int flag,
                                    struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Removes dir and everything under it (a missing dir is fine). */
static inline void fuzz_remove_tree(const char *dir)
{
    nftw(dir, fuzz_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void fuzz_cleanup(void)
{
    if (fuzz_before_cleanup) fuzz_before_cleanup();
    fuzz_remove_tree(fuzz_base);
}

/* Makes fuzz_base (removed at exit) and reads FUZZ_VERBOSE; exits on failure. */
static inline void fuzz_setup(const char *name)
{
    fuzz_name = name;
    fuzz_verbose = getenv("FUZZ_VERBOSE") != NULL;
    /* under FUZZ_TMPDIR when set (fuzz_one.sh removes it even after a crash) */
    const char *parent = getenv("FUZZ_TMPDIR");
    if (!parent || !parent[0]) parent = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_base, sizeof(fuzz_base), "%s/omendb_%s_XXXXXX", parent, name);
    if (!mkdtemp(fuzz_base)) {
        perror("mkdtemp");
        exit(1);
    }
    atexit(fuzz_cleanup);
}

/* With FUZZ_VERBOSE: "<harness>: <what>: <message>". */
static inline void fuzz_say(const char *what, const char *msg)
{
    if (fuzz_verbose) fprintf(stderr, "%s: %s: %s\n", fuzz_name, what, msg);
}

static inline int fuzz_discard_rows(void *ctx, const Chunk *chunk)
{
    (void)ctx;
    if (fuzz_verbose) fprintf(stderr, "%s: %u rows\n", fuzz_name, chunk->count);
    return 0;
}

static inline int fuzz_discard_complete(void *ctx, const char *tag)
{
    (void)ctx;
    (void)tag;
    return 0;
}

/* A sink that drops the rows (counting them aloud with FUZZ_VERBOSE). */
static inline ResultSink fuzz_discard_sink(void)
{
    return (ResultSink){.rows = fuzz_discard_rows, .complete = fuzz_discard_complete};
}

/* A recovery log callback for SqlRecoveryOptions.log. */
static inline void fuzz_recovery_log(void *ctx, const char *msg)
{
    (void)ctx;
    fuzz_say("log", msg);
}

/* ---- a scratch database (fuzz_wire, fuzz_sql) ---- */

static Database *fuzz_db;
static SqlSession *fuzz_admin; /* the harness's own session, for the cleanup */
static uint64_t fuzz_catalog_version;
static char fuzz_data_dir[sizeof(fuzz_base) + 16];

static inline void fuzz_close_database(void)
{
    if (fuzz_admin) sql_session_destroy(fuzz_admin);
    if (fuzz_db) sql_database_close(fuzz_db);
    fuzz_admin = NULL;
    fuzz_db = NULL;
}

static inline void fuzz_open_failed(const char *what, const OmError *err)
{
    fprintf(stderr, "%s: %s: %s\n", fuzz_name, what, err ? err->message : "failed");
    exit(1);
}

/* After fuzz_setup: opens and recovers a new database in fuzz_base (small
 * log segments and frequent checkpoints keep it small) with an admin session,
 * closed before the directory goes; exits on failure. */
static inline void fuzz_open_database(void)
{
    fuzz_before_cleanup = fuzz_close_database;
    snprintf(fuzz_data_dir, sizeof(fuzz_data_dir), "%s/data", fuzz_base);
    OmError err;
    error_clear(&err);
    fuzz_db = sql_database_open(fuzz_data_dir, &err);
    if (!fuzz_db) fuzz_open_failed("open", &err);
    SqlRecoveryOptions opt;
    memset(&opt, 0, sizeof(opt));
    opt.wal_segment_size = 1u << 20;
    opt.max_wal_size = 8u << 20;
    if (sql_database_recover(fuzz_db, &opt, &err) != 0) fuzz_open_failed("recover", &err);
    fuzz_admin = sql_session_create(fuzz_db, "fuzz", "omendb", fuzz_name);
    if (!fuzz_admin) fuzz_open_failed("session", NULL);
    fuzz_catalog_version = catalog_version(fuzz_db->catalog);
}

/* ---- dropping what an input created ---- */

typedef struct FuzzNames {
    char name[16][64];
    int n;
} FuzzNames;

static inline int fuzz_collect_names(void *ctx, const Chunk *chunk)
{
    FuzzNames *names = ctx;
    for (uint32_t i = 0; i < chunk->count && names->n < 16; i++) {
        const Vector *v = &chunk->cols[0];
        uint32_t row = chunk_row(chunk, i);
        if (!vector_is_valid(v, row)) continue;
        const StrView *s = vector_value_ptr(v, row);
        snprintf(names->name[names->n++], 64, "%.*s", (int)s->len, strview_data(s));
    }
    return 0;
}

static inline void fuzz_admin_exec(const char *sql, FuzzNames *names)
{
    ResultSink sink = {.ctx = names, .rows = fuzz_collect_names, .complete = fuzz_discard_complete};
    OmError err;
    error_clear(&err);
    if (sql_exec_simple(fuzz_admin, sql, &sink, &err) != 0)
        fprintf(stderr, "%s: cleanup: %s: %s\n", fuzz_name, sql, err.message);
}

/* When an input changed the scratch database's catalog: drops every schema
 * but the system ones and makes public again, empty, so that inputs do not
 * see each other's tables. */
static inline void fuzz_reset_catalog(void)
{
    if (catalog_version(fuzz_db->catalog) == fuzz_catalog_version) return;
    for (int round = 0; round < 8; round++) {
        FuzzNames names = {.n = 0};
        fuzz_admin_exec("SELECT nspname::text FROM pg_namespace WHERE nspname NOT IN "
                        "('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE "
                        "'pg\\_temp%' AND nspname NOT LIKE 'pg\\_toast\\_temp%' ORDER BY 1",
                        &names);
        if (names.n == 0) break;
        for (int i = 0; i < names.n; i++) {
            char sql[160];
            char quoted[140];
            size_t q = 0;
            quoted[q++] = '"';
            for (const char *c = names.name[i]; *c && q + 3 < sizeof(quoted); c++) {
                if (*c == '"') quoted[q++] = '"';
                quoted[q++] = *c;
            }
            quoted[q++] = '"';
            quoted[q] = '\0';
            snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", quoted);
            fuzz_admin_exec(sql, NULL);
        }
    }
    fuzz_admin_exec("CREATE SCHEMA IF NOT EXISTS public", NULL);
    fuzz_catalog_version = catalog_version(fuzz_db->catalog);
}

#endif
