/*
 * plan_cache.h — the simple-protocol plan cache: a simple Query that differs
 * from one seen before in this session only in its literals runs the plan
 * made then, with its literals as parameters, without being parsed, bound or
 * planned again (see plan_cache.c). Internal to src/sql.
 */
#ifndef OMENDB_SQL_PLAN_CACHE_H
#define OMENDB_SQL_PLAN_CACHE_H

#include "sql/sql_int.h"
#include "sql/sql_literals.h"

/* What the lookup learned, for plan_cache_add after a miss. */
typedef struct PlanCacheProbe {
    bool scanned;                 /* the literal scan succeeded: `scan` is valid */
    bool try_add;                 /* a miss worth a new entry */
    LiteralScan scan;             /* in the cache's scratch arena, valid until the next Query */
    struct PlanCacheEntry *stale; /* an entry with this key that must be replaced */
} PlanCacheProbe;

/* Looks `query` up; on a hit runs it (statement and the Query's transaction
 * end, as sql_exec_simple does) and returns true with *rc its result. */
bool plan_cache_run_hit(SqlSession *s, const char *query, ResultSink *sink, OmError *err, int *rc,
                        PlanCacheProbe *probe);
/* After a miss: tries to make an entry of the parsed `tree` (one statement)
 * and run the query through it. Returns true when it did (the entry owns
 * the tree then; *rc is the result), false when the caller runs the tree. */
bool plan_cache_add_run(SqlSession *s, const char *query, PgQuery__ParseResult *tree,
                        PlanCacheProbe *probe, ResultSink *sink, OmError *err, int *rc);
/* Frees the session's cache (session end, DISCARD ALL / DISCARD PLANS). */
void plan_cache_reset(SqlSession *s);

typedef struct PlanCacheStats {
    uint64_t hits;   /* Queries run from a cached plan */
    uint64_t misses; /* Queries that made an entry */
    uint64_t custom; /* Queries planned with their literals (entry says so, or not cacheable) */
    uint64_t evictions;
    uint64_t entries; /* current */
} PlanCacheStats;
/* Makes omendb_plan_cache show this session's counters. */
void plan_cache_views_init(SqlSession *s);
/* This session's counters (all zero without a cache) and the server's. */
void plan_cache_stats(const SqlSession *s, PlanCacheStats *session, PlanCacheStats *server);

#endif
