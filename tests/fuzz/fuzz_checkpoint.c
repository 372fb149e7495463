/*
 * fuzz_checkpoint.c — libFuzzer harness for loading a checkpoint at startup:
 * the manifest's parser (wal_manifest.c), the catalog file's DDL history and a
 * table's Parquet file going into storage (sql_recovery.c load_checkpoint, with
 * the Parquet reader under it).
 *
 * At start the harness makes a template data directory with a real checkpoint:
 * one table of several column types (int4 primary key, text, numeric, timestamptz,
 * float8, bool, date) with rows, then CHECKPOINT. Each input then replaces one
 * file of a copy of it, chosen by the input's first byte:
 *   0: the catalog file (catalog.bin) gets the rest of the input;
 *   1: the table's Parquet file gets the rest of the input;
 *   2: MANIFEST itself gets the rest of the input.
 * For 0 and 1 the manifest is rewritten with the new file's size and CRC32C, so
 * the bytes reach the decoders (a checksum mismatch would stop recovery before
 * them). Then the copy is opened, recovered (with and without ignoring damage,
 * by bit 7 of the first byte), every table is counted, and it is closed. Any
 * outcome but a clean error or success (crash, sanitizer report, leak, hang) is
 * a bug.
 *
 * FUZZ_VERBOSE=1 in the environment prints what recovery and the queries said;
 * FUZZ_WRITE_SEEDS=DIR writes the template's own three files as seeds
 * (seed_catalog, seed_table, seed_manifest) into DIR, which is how
 * tests/fuzz/corpus/checkpoint was made. Directories live under one temporary
 * directory (in /dev/shm when writable) removed at exit.
 */
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/sql.h"
#include "wal/wal_manifest.h"

#include "fuzz/fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_tmpl[sizeof(fuzz_base) + 16]; /* the template data directory */
static char g_work[sizeof(fuzz_base) + 16]; /* the copy each input gets */
static char g_table_file[WAL_MANIFEST_NAME_MAX];
static char g_catalog_file[WAL_MANIFEST_NAME_MAX];

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_checkpoint: %s: %s\n", what, detail);
    abort();
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("open", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) die("read", path);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void write_file(const char *path, const uint8_t *a, size_t alen, const uint8_t *b,
                       size_t blen)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(a, 1, alen, f) != alen || (blen && fwrite(b, 1, blen, f) != blen) ||
        fclose(f) != 0)
        die("write", path);
}

/* Copies the tree under g_tmpl to g_work (nftw visits parents first). */
static int copy_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    char dst[1024];
    snprintf(dst, sizeof(dst), "%s%s", g_work, path + strlen(g_tmpl));
    if (flag == FTW_D) return mkdir(dst, 0700);
    if (flag != FTW_F) return 0;
    size_t n;
    uint8_t *buf = read_file(path, &n);
    write_file(dst, buf, n, NULL, 0);
    free(buf);
    (void)st;
    return 0;
}

static void exec_or_die(SqlSession *s, const char *sql)
{
    OmError err;
    error_clear(&err);
    ResultSink sink = fuzz_discard_sink();
    if (sql_exec_simple(s, sql, &sink, &err) != 0) die(sql, err.message);
}

static void make_template(void)
{
    OmError err;
    error_clear(&err);
    Database *db = sql_database_open(g_tmpl, &err);
    SqlRecoveryOptions opt;
    memset(&opt, 0, sizeof(opt));
    opt.wal_segment_size = 1u << 16;
    if (!db || sql_database_recover(db, &opt, &err) != 0) die("template", err.message);
    SqlSession *s = sql_session_create(db, "fuzz", "omendb", "fuzz_checkpoint");
    if (!s) die("template", "no session");
    exec_or_die(s, "CREATE TABLE a (id int PRIMARY KEY, v text, d numeric(12,3), "
                   "t timestamptz, f float8, b bool, dt date)");
    exec_or_die(s, "INSERT INTO a SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'v' || g END, "
                   "g / 7.0, '2024-01-01'::timestamptz + g * interval '1 hour', g * 0.5, "
                   "g % 2 = 0, '2024-03-01'::date + g FROM generate_series(1, 40) g");
    exec_or_die(s, "CHECKPOINT");
    sql_session_destroy(s);
    sql_database_close(db);
    char ck[sizeof(g_tmpl) + 16];
    snprintf(ck, sizeof(ck), "%s/checkpoint", g_tmpl);
    WalManifest m;
    if (wal_manifest_read(ck, &m, &err) != 1 || m.nfiles != 1)
        die("template manifest", err.message);
    snprintf(g_table_file, sizeof(g_table_file), "%s", m.files[0].name);
    snprintf(g_catalog_file, sizeof(g_catalog_file), "%s", m.catalog.name);
    wal_manifest_fini(&m);
}

static void write_seeds(const char *dir)
{
    static const char *names[3] = {"seed_catalog", "seed_table", "seed_manifest"};
    const char *files[3] = {g_catalog_file, g_table_file, "MANIFEST"};
    for (uint8_t i = 0; i < 3; i++) {
        char src[1024], dst[1024];
        snprintf(src, sizeof(src), "%s/checkpoint/%s", g_tmpl, files[i]);
        snprintf(dst, sizeof(dst), "%s/%s", dir, names[i]);
        size_t n;
        uint8_t *buf = read_file(src, &n);
        write_file(dst, &i, 1, buf, n);
        free(buf);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup("fuzz_checkpoint");
    snprintf(g_tmpl, sizeof(g_tmpl), "%s/tmpl", fuzz_base);
    snprintf(g_work, sizeof(g_work), "%s/work", fuzz_base);
    make_template();
    const char *seeds = getenv("FUZZ_WRITE_SEEDS");
    if (seeds) write_seeds(seeds);
    return 0;
}

/* Puts the new file's size and checksum into the copy's manifest. */
static void fix_manifest(const char *ck, const char *name)
{
    OmError err;
    error_clear(&err);
    WalManifest m;
    if (wal_manifest_read(ck, &m, &err) != 1) die("manifest", err.message);
    WalManifestFile *f = strcmp(m.catalog.name, name) == 0 ? &m.catalog : &m.files[0];
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", ck, name);
    if (wal_manifest_checksum(path, &f->size, &f->crc, &err) != 0 ||
        wal_manifest_write(ck, &m, NULL, &err) != 0)
        die("manifest", err.message);
    wal_manifest_fini(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int which = data[0] & 3;
    if (which == 3) return 0;
    fuzz_remove_tree(g_work);
    if (nftw(g_tmpl, copy_entry, 16, FTW_PHYS) != 0) die("copy", g_tmpl);
    char ck[sizeof(g_work) + 16], path[1024];
    snprintf(ck, sizeof(ck), "%s/checkpoint", g_work);
    const char *name = which == 0 ? g_catalog_file : which == 1 ? g_table_file : "MANIFEST";
    snprintf(path, sizeof(path), "%s/%s", ck, name);
    write_file(path, data + 1, size - 1, NULL, 0);
    if (which != 2) fix_manifest(ck, name);

    OmError err;
    error_clear(&err);
    Database *db = sql_database_open(g_work, &err);
    if (!db) fuzz_say("open", err.message);
    if (db) {
        SqlRecoveryOptions opt;
        memset(&opt, 0, sizeof(opt));
        opt.wal_segment_size = 1u << 16;
        opt.ignore_damage = (data[0] & 0x80) != 0;
        opt.log = fuzz_recovery_log;
        if (sql_database_recover(db, &opt, &err) != 0) {
            fuzz_say("recovery", err.message);
        } else {
            SqlSession *s = sql_session_create(db, "fuzz", "omendb", "fuzz_checkpoint");
            if (s) {
                ResultSink sink = fuzz_discard_sink();
                error_clear(&err);
                if (sql_exec_simple(s, "SELECT * FROM a", &sink, &err) != 0)
                    fuzz_say("query", err.message);
                error_clear(&err);
                if (sql_exec_simple(s, "SELECT count(*), sum(id), max(v) FROM a", &sink, &err) != 0)
                    fuzz_say("query", err.message);
                sql_session_destroy(s);
            }
        }
        sql_database_close(db);
    }
    return 0;
}
