/*
 * fuzz_util.h — what the harnesses that run a database share: one temporary
 * directory per process (under FUZZ_TMPDIR when set, else in /dev/shm when
 * writable, since the log is fsync'd at every commit, else /tmp) removed at
 * exit, removing a tree, a result sink that discards rows, and FUZZ_VERBOSE
 * reporting. Header-only: each harness is
 * its own program.
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

#include "sql/sql.h"

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

#endif
