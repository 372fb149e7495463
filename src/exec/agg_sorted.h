/*
 * agg_sorted.h — the input buffer of an ordered aggregate (`agg(x ORDER BY
 * k)`, and the ordered-set aggregates' WITHIN GROUP): the hash aggregate
 * appends each row that passed FILTER and DISTINCT (group id, arguments, sort
 * keys) instead of aggregating it, and once its input is exhausted sorts the
 * buffer by (group id, keys..., arrival order) and feeds the rows to the
 * aggregate's state in that order, 2048 at a time — PostgreSQL's per-group
 * sort before the transition function, done as one sort for all groups.
 *
 * Memory: the rows live in the arena given at init (the hash aggregate's data
 * arena) until it is destroyed; string values fed to the state point into
 * them, so states may keep such views (mode, percentile_disc).
 */
#ifndef OMENDB_EXEC_AGG_SORTED_H
#define OMENDB_EXEC_AGG_SORTED_H

#include "exec/agg_registry.h"
#include "exec/chunk_collection.h"

typedef struct AggSortBuf {
    ChunkCollection rows; /* columns: arg, arg2, group id (int4), keys... */
    const AggCall *call;
    SortKey *keys; /* group id ascending, then call->order */
    int gid_col;   /* first sort column */
    int arg2_col;  /* -1 without arg2 */
} AggSortBuf;

/* Prepares an empty buffer for `call` (call->norder > 0) in `arena`. */
void agg_sorted_init(AggSortBuf *sb, const AggCall *call, Arena *arena);
/* Appends rows rows[0..n) of the evaluated argument vectors (arg2 may be
 * NULL) and sort keys keys[0..norder) (any vector kind), with their group ids
 * gid_by_row[row] (NULL: group 0). */
void agg_sorted_append(AggSortBuf *sb, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                       const Vector *arg, const Vector *arg2, const Vector *keys, Arena *scratch);
/* Sorts the buffer and feeds every row to `st` in order (grouped: the rows'
 * group ids; else all to group 0). Scratch memory comes from a child of
 * `arena`, released before returning. Errors: those of agg_state_update. */
int agg_sorted_feed(AggSortBuf *sb, AggState *st, bool grouped, Arena *arena, OmError *err);

#endif
