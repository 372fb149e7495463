/*
 * sql_stats.h — the engine's counters in one place, for monitoring (the HTTP
 * API's /metrics and /health, src/http). Public header of src/sql beside sql.h.
 *
 * Every value is read without taking an engine lock on a hot path: the
 * counters are relaxed atomics kept by the module that owns them (txn.c
 * commits and rollbacks, the WAL's flush counters, sql_checkpoint.c,
 * plan_cache.c, the arena and storage byte counters), so a scrape costs a few
 * loads and never slows a commit. Values read together are not one atomic
 * snapshot; each is exact at some instant during the call.
 *
 * Any thread may call these functions while sessions run.
 */
#ifndef OMENDB_SQL_SQL_STATS_H
#define OMENDB_SQL_SQL_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "sql/sql.h"

typedef struct SqlStats {
    uint64_t commits;   /* transactions committed since start (read-only ones too) */
    uint64_t rollbacks; /* transactions rolled back since start */
    /* Write-ahead log (all 0 and has_wal false for an in-memory database). LSNs
     * are byte positions in the log stream since the database was created. */
    bool has_wal;
    uint64_t wal_insert_lsn;  /* bytes appended to the log */
    uint64_t wal_flushed_lsn; /* bytes durable (fdatasync'd) */
    uint64_t wal_flushes;     /* write + fdatasync rounds since start */
    uint64_t wal_batches;     /* commit batches appended since start */
    uint64_t wal_segments;    /* segment files created since start */
    /* Checkpoints since start (has_checkpointer false without a WAL). */
    bool has_checkpointer;
    uint64_t checkpoints;        /* written */
    uint64_t checkpoints_failed; /* failed */
    uint64_t checkpoint_last_us; /* duration of the last one written; 0 = none yet */
    /* Plan cache of the simple protocol, all sessions together (plan_cache.h). */
    uint64_t plan_cache_hits;
    uint64_t plan_cache_misses;
    uint64_t plan_cache_custom;
    uint64_t plan_cache_evictions;
    uint64_t plan_cache_entries;
    /* Memory the engine accounts for. */
    size_t arena_bytes;   /* held by all arenas (statements, sessions, operators) */
    size_t storage_bytes; /* table data and indexes (storage_bytes()) */
} SqlStats;

/* Fills *out. */
void sql_stats_get(Database *db, SqlStats *out);

/* Calls emit once per user table (temporary tables and system views left out)
 * with its schema, name and row count (row slots below the table's visible
 * end: deleted rows count until they are reclaimed, as pg_class.reltuples
 * shows). Holds the catalog lock shared meanwhile, so emit must not run SQL.
 * Returns 0 or the first non-zero emit result. */
int sql_stats_tables(Database *db,
                     int (*emit)(void *ctx, const char *schema, const char *table, uint64_t rows),
                     void *ctx);

/* True while the database accepts writes. False once durability was lost (a
 * WAL write or fsync failed, or a schema change could not be logged): every
 * later write fails with 58030 until a restart; *why (may be NULL) then gets
 * that error, message and detail saying what failed. */
bool sql_database_writable(Database *db, OmError *why);

#endif
