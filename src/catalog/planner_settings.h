/*
 * planner_settings.h — PostgreSQL 15's planner settings (enable_hashjoin,
 * seq_page_cost, effective_cache_size, constraint_exclusion, jit, geqo ...):
 * their definitions (type, default, range, unit, pg_settings text), the
 * parsing and validation PostgreSQL's GUC code does (Booleans by unique
 * prefix, integers with memory units in 8 kB pages, reals, enums with
 * their hidden spellings) and the session's parsed values, which the
 * planner reads. sql/session_settings_guc.c exposes them by name (SET, SHOW,
 * set_config, startup options), catalog/sysview_settings_text.c as rows of
 * pg_settings. What the planner honours is in docs/sql.md ("Planner
 * settings"); the rest are accepted and shown only.
 */
#ifndef OMENDB_CATALOG_PLANNER_SETTINGS_H
#define OMENDB_CATALOG_PLANNER_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

/* One id per setting, in the order of the definitions (by name). */
typedef enum PlannerGucId {
    PLANNER_CONSTRAINT_EXCLUSION,
    PLANNER_CPU_INDEX_TUPLE_COST,
    PLANNER_CPU_OPERATOR_COST,
    PLANNER_CPU_TUPLE_COST,
    PLANNER_CURSOR_TUPLE_FRACTION,
    PLANNER_DEFAULT_STATISTICS_TARGET,
    PLANNER_EFFECTIVE_CACHE_SIZE,
    PLANNER_ENABLE_ASYNC_APPEND,
    PLANNER_ENABLE_BITMAPSCAN,
    PLANNER_ENABLE_GATHERMERGE,
    PLANNER_ENABLE_HASHAGG,
    PLANNER_ENABLE_HASHJOIN,
    PLANNER_ENABLE_INCREMENTAL_SORT,
    PLANNER_ENABLE_INDEXONLYSCAN,
    PLANNER_ENABLE_INDEXSCAN,
    PLANNER_ENABLE_MATERIAL,
    PLANNER_ENABLE_MEMOIZE,
    PLANNER_ENABLE_MERGEJOIN,
    PLANNER_ENABLE_NESTLOOP,
    PLANNER_ENABLE_PARALLEL_APPEND,
    PLANNER_ENABLE_PARALLEL_HASH,
    PLANNER_ENABLE_PARTITION_PRUNING,
    PLANNER_ENABLE_PARTITIONWISE_AGGREGATE,
    PLANNER_ENABLE_PARTITIONWISE_JOIN,
    PLANNER_ENABLE_SEQSCAN,
    PLANNER_ENABLE_SORT,
    PLANNER_ENABLE_TIDSCAN,
    PLANNER_FORCE_PARALLEL_MODE,
    PLANNER_FROM_COLLAPSE_LIMIT,
    PLANNER_GEQO,
    PLANNER_GEQO_EFFORT,
    PLANNER_GEQO_THRESHOLD,
    PLANNER_JIT,
    PLANNER_JIT_ABOVE_COST,
    PLANNER_JOIN_COLLAPSE_LIMIT,
    PLANNER_MAX_PARALLEL_WORKERS,
    PLANNER_MAX_PARALLEL_WORKERS_PER_GATHER,
    PLANNER_MIN_PARALLEL_INDEX_SCAN_SIZE,
    PLANNER_MIN_PARALLEL_TABLE_SCAN_SIZE,
    PLANNER_PARALLEL_LEADER_PARTICIPATION,
    PLANNER_PARALLEL_SETUP_COST,
    PLANNER_PARALLEL_TUPLE_COST,
    PLANNER_RANDOM_PAGE_COST,
    PLANNER_RECURSIVE_WORKTABLE_FACTOR,
    PLANNER_SEQ_PAGE_COST,
    PLANNER_NGUC
} PlannerGucId;

typedef enum PlannerGucType { PGUC_BOOL, PGUC_INT, PGUC_REAL, PGUC_ENUM } PlannerGucType;

typedef struct PlannerGucDef {
    const char *name;
    PlannerGucType type;
    double boot;          /* bool 0/1, enum: index into enumvals, else the number */
    bool blocks;          /* an integer in 8 kB pages (unit "8kB"; kB/MB/GB/TB/B accepted) */
    double min, max;      /* int and real */
    const char *enumvals; /* enum: pg_settings.enumvals, "{a,b,c}" */
    const char *category, *short_desc, *extra_desc; /* pg_settings' text */
} PlannerGucDef;

/* The session's values: bool 0/1, enum the index of the value, else the
 * number (integers in their base unit, 8 kB pages for the memory ones). */
typedef struct PlannerSettings {
    double v[PLANNER_NGUC];
} PlannerSettings;

void planner_settings_defaults(PlannerSettings *ps);
/* The setting called `name` (case-insensitive), or -1. */
int planner_guc_find(const char *name);
const PlannerGucDef *planner_guc_def(int id);
/* Parses `value` as PostgreSQL's GUC code does for setting id: *out gets the
 * value, canon (cap bytes) the text SHOW prints. Returns 0, or -1 with a
 * 22023 error in PostgreSQL's words. */
int planner_guc_parse(int id, const char *value, double *out, char *canon, size_t cap,
                      OmError *err);
/* The value as pg_settings.setting shows it (base units), into buf. */
void planner_guc_setting_text(int id, double v, char *buf, size_t cap);

#endif
