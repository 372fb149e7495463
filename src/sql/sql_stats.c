/*
 * sql_stats.c — gathers the engine's counters for monitoring (sql_stats.h).
 *
 * Nothing here counts: each number is kept by the module that owns the event
 * and only read here, so the commit path pays nothing for being observed.
 */
#include "sql/sql_stats.h"

#include <string.h>

#include "catalog/catalog.h"
#include "common/arena.h"
#include "sql/plan_cache.h"
#include "sql/sql_checkpoint.h"
#include "sql/sql_int.h"
#include "sql/sql_wal.h"
#include "storage/storage.h"
#include "txn/txn.h"

void sql_stats_get(Database *db, SqlStats *out)
{
    memset(out, 0, sizeof(*out));
    txn_manager_counts(db->txns, &out->commits, &out->rollbacks);
    Wal *wal = db->wal ? sql_wal_log(db) : NULL;
    if (wal) {
        out->has_wal = true;
        out->wal_insert_lsn = wal_insert_lsn(wal);
        out->wal_flushed_lsn = wal_flushed_lsn(wal);
        WalStats ws;
        wal_stats_get(wal, &ws);
        out->wal_flushes = ws.n_flushes;
        out->wal_batches = ws.n_commits;
        out->wal_segments = ws.n_segments_made;
    }
    out->has_checkpointer = sql_checkpoint_stats(db, &out->checkpoints, &out->checkpoints_failed,
                                                 &out->checkpoint_last_us);
    PlanCacheStats pc;
    plan_cache_stats(NULL, NULL, &pc);
    out->plan_cache_hits = pc.hits;
    out->plan_cache_misses = pc.misses;
    out->plan_cache_custom = pc.custom;
    out->plan_cache_evictions = pc.evictions;
    out->plan_cache_entries = pc.entries;
    out->arena_bytes = arena_total_bytes();
    out->storage_bytes = storage_bytes();
}

int sql_stats_tables(Database *db,
                     int (*emit)(void *ctx, const char *schema, const char *table, uint64_t rows),
                     void *ctx)
{
    int rc = 0;
    catalog_lock_shared(db->catalog);
    int n = catalog_table_count(db->catalog);
    for (int i = 0; i < n && rc == 0; i++) {
        const CatTable *t = catalog_table_at(db->catalog, i);
        if (!t || !t->storage || t->schema->is_temp || t->schema->is_system) continue;
        rc = emit(ctx, t->schema->name, t->name, storage_table_row_count(t->storage));
    }
    catalog_unlock(db->catalog);
    return rc;
}

bool sql_database_writable(Database *db, OmError *why)
{
    OmError local;
    error_clear(&local);
    bool ok = sql_wal_check_writable(db, &local) == 0;
    if (why) error_copy(why, &local);
    return ok;
}
