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
/* Writes the value for row r into out (FLAT, of the call's result type) at
 * position pos; long strings are copied into out->heap. Errors: 22014 ntile,
 * 22016 nth_value, the aggregates' 22003/22008. */
int win_func_compute(WinFuncState *st, const WinRow *r, Vector *out, uint32_t pos, OmError *err);

#endif
