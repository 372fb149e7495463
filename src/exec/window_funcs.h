/*
 * window_funcs.h — the window functions themselves, computed row by row over
 * the sorted, materialised input of a PLAN_WINDOW node (op_window.c).
 * Internal to src/exec.
 *
 * op_window.c finds, for every row in sorted order, its partition, its peer
 * group and its frame (after EXCLUDE, up to three ranges of rows) and asks
 * each function for that row's value. All positions are row ids of the
 * operator's ChunkCollection, which holds the rows in sorted order.
 */
#ifndef OMENDB_EXEC_WINDOW_FUNCS_H
#define OMENDB_EXEC_WINDOW_FUNCS_H

#include "exec/chunk_collection.h"
#include "exec/plan.h"

typedef struct WinRange {
    uint64_t lo, hi; /* rows lo..hi-1 */
} WinRange;

/* The current row and what surrounds it. */
typedef struct WinRow {
    uint64_t row;       /* the current row */
    uint64_t ps, pe;    /* its partition: rows ps..pe-1 */
    uint64_t gs, ge;    /* its peer group */
    uint64_t peer_idx;  /* number of the peer group within the partition (0-based) */
    bool new_partition; /* first row of its partition */
    int nranges;        /* the frame: ranges[0..nranges), ordered, non-empty */
    WinRange ranges[3];
    bool frame_simple; /* no EXCLUDE: the frame is ranges[0] (or empty) */
} WinRow;

typedef struct WinFuncState WinFuncState;

/* State for `call` (arguments are columns of `rows`); everything lives in
 * `arena`. ctx gives finalisation its settings (avg's numeric division). */
WinFuncState *win_func_create(const WinCall *call, const ChunkCollection *rows, Arena *arena,
                              const EvalCtx *ctx);
/* Called at the start of a partition (rows ps..pe-1) whose frames all end at
 * the partition's end, without EXCLUDE; fstart[k] is the first frame row of
 * row ps + k (non-decreasing; pe for an empty frame). An aggregate whose
 * result does not depend on the order of its inputs (not float sum/avg, not
 * string_agg) then computes every row's value now, from the last row
 * backwards with a growing frame: O(partition) instead of O(partition^2).
 * Others ignore the call. */
int win_func_partition_suffix(WinFuncState *st, uint64_t ps, uint64_t pe, const uint64_t *fstart,
                              OmError *err);
/* Writes the value for row r into out (FLAT, of the call's result type) at
 * position pos; long strings are copied into out->heap. Errors: 22014 ntile,
 * 22016 nth_value, the aggregates' 22003/22008. */
int win_func_compute(WinFuncState *st, const WinRow *r, Vector *out, uint32_t pos, OmError *err);

#endif
