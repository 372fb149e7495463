/*
 * sql_checkpoint.h — checkpoints: the database as of one log position written
 * as Parquet files (one per table) plus the catalog, named by a manifest that
 * is replaced atomically; then the log before that position is removed.
 * Layout, manifest format and the consistency argument: docs/checkpoint.md.
 *
 * Triggers: the SQL statement CHECKPOINT, a background thread (when
 * max_wal_size bytes of log were written since the last checkpoint, or
 * checkpoint_timeout seconds passed with something logged), and a clean
 * shutdown. One checkpoint runs at a time; commits go on while it writes.
 */
#ifndef OMENDB_SQL_SQL_CHECKPOINT_H
#define OMENDB_SQL_SQL_CHECKPOINT_H

#include "sql/sql_int.h"
#include "wal/wal_manifest.h"

#define SQL_CHECKPOINT_DIR "checkpoint" /* under the data directory */

typedef struct SqlCheckpointer SqlCheckpointer;

typedef struct SqlCheckpointOptions {
    uint64_t max_wal_bytes; /* log volume that triggers one; 0 = never */
    uint32_t timeout_s;     /* seconds that trigger one; 0 = never */
    void (*log)(void *ctx, const char *msg);
    void *log_ctx;
} SqlCheckpointOptions;

/* Enables checkpoints on a recovered database whose current checkpoint is
 * `cur` (copied; NULL or seq 0 when none) and starts the background thread.
 * `version` is the commit version right after `cur` was loaded: a table whose
 * last commit is not above it still equals its file, which the next
 * checkpoint may keep (incremental checkpoints), except for the tables in
 * lost[0..n_lost) (files ignored as damaged). Returns 0 or -1 (53200, 58000
 * when the thread cannot start). */
int sql_checkpoint_start(Database *db, const WalManifest *cur, uint64_t version,
                         const uint32_t *lost, size_t n_lost, const SqlCheckpointOptions *opt,
                         OmError *err);
/* Stops the background thread (waits for a running checkpoint). No-op
 * without sql_checkpoint_start. */
void sql_checkpoint_stop(Database *db);
/* The triggers as SHOW prints them ("5min", "1GB", "0" = off). False when
 * checkpoints are not enabled. */
bool sql_checkpoint_settings(Database *db, char *timeout, size_t timeout_cap, char *wal_size,
                             size_t wal_size_cap);
/* sql_checkpoint_run (running one now) is public: sql.h. */
/* Checkpoints written (skipped ones, with nothing logged since the last, do
 * not count) and failed since start, and how long the last one written took
 * (microseconds). False when checkpoints are not enabled. */
bool sql_checkpoint_stats(Database *db, uint64_t *n_done, uint64_t *n_failed, uint64_t *last_us);

/* Removes everything under DATA/checkpoint that manifest `keep` does not name
 * (files of older checkpoints, a crashed one's, MANIFEST.tmp), and
 * directories left empty; NULL or seq 0 keeps nothing. Best effort. */
void sql_checkpoint_cleanup(const char *ckpt_dir, const WalManifest *keep);

#endif
