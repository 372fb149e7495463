/*
 * fuzz_wal_recovery.c — libFuzzer harness for crash recovery's reading of the
 * write-ahead log: the record decoder (wal_reader.c, wal_format.c) and the redo
 * payload decoders behind it (sql_recovery.c: INSERT/UPDATE/DELETE change
 * records, DDL and sequence records, COMMIT batches; wal_redo.c's values).
 *
 * One input is one data directory holding one log segment: the harness writes a
 * valid 32-byte segment header for LSN 0 and then the input's bytes from its
 * second byte on as the records (the first byte's low bit asks recovery to ignore
 * damage, as `omendb serve --ignore-wal-damage` does). Then it opens the database,
 * recovers it, runs one query over the catalog, and closes it without a
 * checkpoint. Whatever the bytes, recovery must either succeed or fail with an
 * error: a crash, a sanitizer report, a leak or a hang is a bug.
 *
 * Fuzzing builds (Makefile FUZZ=1) accept records whose checksum is wrong
 * (wal_rec_crc_ok), so mutated payloads reach the decoders; a valid record must
 * still carry its own LSN, which the seeds (tests/fuzz/corpus/wal_recovery,
 * logs written by a real server) show the fuzzer.
 *
 * Each input gets a fresh directory under one temporary directory made at start
 * (in /dev/shm when it is writable, else /tmp) and removed at exit. FUZZ_VERBOSE=1 in the
 * environment prints what recovery said and the query's rows (to check what a seed replays).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sql/sql.h"
#include "wal/wal_format.h"

#include "fuzz/fuzz_util.h"

#define SEG_SIZE (1u << 16)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_data[sizeof(fuzz_base) + 16];
static char g_wal[sizeof(g_data) + 8];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup("fuzz_wal_recovery");
    snprintf(g_data, sizeof(g_data), "%s/data", fuzz_base);
    snprintf(g_wal, sizeof(g_wal), "%s/wal", g_data);
    return 0;
}

/* Writes DATA/wal/0000000000000000: a valid header, then the records. */
static void write_segment(const uint8_t *recs, size_t n)
{
    if (mkdir(g_data, 0700) != 0 || mkdir(g_wal, 0700) != 0) {
        perror("mkdir");
        abort();
    }
    char path[sizeof(g_wal) + 32];
    snprintf(path, sizeof(path), "%s/0000000000000000", g_wal);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror("open");
        abort();
    }
    uint8_t hdr[WAL_SEG_HDR_SIZE];
    wal_seg_header_encode(hdr, 0, SEG_SIZE);
    if (n > SEG_SIZE - WAL_SEG_HDR_SIZE) n = SEG_SIZE - WAL_SEG_HDR_SIZE;
    if (write(fd, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr) ||
        (n > 0 && write(fd, recs, n) != (ssize_t)n)) {
        perror("write");
        abort();
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    write_segment(data + 1, size - 1);
    OmError err;
    error_clear(&err);
    Database *db = sql_database_open(g_data, &err);
    if (!db) fuzz_say("open", err.message);
    if (db) {
        SqlRecoveryOptions opt;
        memset(&opt, 0, sizeof(opt));
        opt.wal_segment_size = SEG_SIZE;
        opt.ignore_damage = data[0] & 1;
        opt.log = fuzz_recovery_log;
        if (sql_database_recover(db, &opt, &err) != 0) {
            fuzz_say("recovery", err.message);
        } else {
            /* What replay built must be readable. */
            SqlSession *s = sql_session_create(db, "fuzz", "omendb", "fuzz_wal_recovery");
            if (s) {
                ResultSink sink = fuzz_discard_sink();
                error_clear(&err);
                if (sql_exec_simple(s,
                                    "SELECT c.relname, count(a.attname) FROM pg_class c LEFT "
                                    "JOIN pg_attribute a ON a.attrelid = c.oid GROUP BY c.relname",
                                    &sink, &err) != 0)
                    fuzz_say("query", err.message);
                sql_session_destroy(s);
            }
        }
        sql_database_close(db);
    }
    fuzz_remove_tree(g_data);
    return 0;
}
