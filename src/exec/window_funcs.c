/*
 * window_funcs.c — row_number, rank, dense_rank, percent_rank, cume_dist,
 * ntile, lag, lead, first_value, last_value, nth_value, and every aggregate
 * of agg_registry.h over a frame.
 *
 * Ranking functions read the partition and peer-group bounds only. The value
 * functions copy one row of their argument column (lag/lead: by offset within
 * the partition, ignoring the frame; the others: a row of the frame).
 *
 * Aggregates reuse the hash aggregate's AggState with one group per "run":
 * while successive frames keep their start and only grow at the end (the
 * default frame, ROWS/RANGE UNBOUNDED PRECEDING, the whole partition) the new
 * rows are added to the running group and the result is finalised again, so
 * the whole partition costs O(n); a frame that stays the same (peers; no
 * ORDER BY) reuses the last result. Any other frame (sliding starts,
 * EXCLUDE) starts a fresh group and adds the frame's rows, O(frame) per row.
 * Fresh groups are numbered up to AGG_RUNS, then the state's arena is reset.
 */
#include <string.h>

#include "exec/agg_registry.h"
#include "exec/window_funcs.h"

#define AGG_RUNS 1024

struct WinFuncState {
    WinCall call;
    const ChunkCollection *rows;
    int col[3];                      /* argument columns (-1 = none) */
    int agg_arg, agg_arg2, agg_filt; /* aggregate columns (-1 = none) */
    /* ntile: the bucket count of the current partition (0 = NULL) */
    int64_t ntile_n;
    /* aggregates */
    Arena *agg_arena;
    AggState agg;
    uint32_t gid; /* current run's group */
    bool fed;     /* the run holds rows fed_lo..fed_hi-1 */
    uint64_t fed_lo, fed_hi;
    bool have_last;   /* `last` is the result for the frame fed_lo..fed_hi */
    Arena *fin_arena; /* finalised values */
    Value last;
    EvalCtx ctx;
    /* results of the current partition computed backwards (suffix frames) */
    Arena *suffix_arena;
    bool suffix_valid;
    uint64_t suffix_ps, suffix_pe;
    Value *suffix_vals;
    uint32_t gids[VECTOR_SIZE];
    uint16_t sel[VECTOR_SIZE];
};

static int column_of(const Expr *e)
{
    return e ? e->u.column.index : -1;
}

static void agg_begin(WinFuncState *st)
{
    if (st->gid + 1 < AGG_RUNS && st->agg.cap > 0) {
        st->gid++;
    } else {
        arena_reset(st->agg_arena);
        agg_state_init(&st->agg, &st->call.agg, st->agg_arena);
        agg_state_reserve(&st->agg, AGG_RUNS);
        st->gid = 0;
    }
    st->fed = false;
    st->have_last = false;
}

WinFuncState *win_func_create(const WinCall *call, const ChunkCollection *rows, Arena *arena,
                              const EvalCtx *ctx)
{
    WinFuncState *st = ARENA_NEW(arena, WinFuncState);
    st->call = *call;
    st->rows = rows;
    for (int a = 0; a < 3; a++) st->col[a] = a < call->nargs ? column_of(call->args[a]) : -1;
    if (call->kind == WIN_AGG) {
        st->agg_arg = column_of(call->agg.arg);
        st->agg_arg2 = column_of(call->agg.arg2);
        st->agg_filt = column_of(call->agg.filter);
        st->agg_arena = arena_create(arena, "window aggregate");
        st->fin_arena = arena_create(arena, "window aggregate result");
        st->ctx = *ctx;
        st->ctx.arena = st->fin_arena;
        st->suffix_arena = arena_create(arena, "window aggregate suffix");
        agg_begin(st);
    }
    return st;
}

static bool is_valid(const ChunkCollection *cc, int col, uint64_t row)
{
    return chunk_collection_is_valid(cc, col, (uint32_t)row);
}

static int32_t get_i32(const ChunkCollection *cc, int col, uint64_t row)
{
    return *(const int32_t *)chunk_collection_ptr(cc, col, (uint32_t)row);
}

/* Copies row `row` of column col (CC_NULL_ROW: NULL) into out at pos. */
static void copy_row(WinFuncState *st, int col, uint64_t row, Vector *out, uint32_t pos)
{
    uint32_t r = (uint32_t)row;
    chunk_collection_gather(st->rows, col, &r, 1, out, pos); /* strings point into rows */
}

static void set_null(Vector *out, uint32_t pos)
{
    vector_set_null(out, pos, out->heap);
}

/* Adds rows lo..hi-1 (those passing FILTER) to the current run. */
static int agg_feed(WinFuncState *st, uint64_t lo, uint64_t hi, OmError *err)
{
    const ChunkCollection *cc = st->rows;
    while (lo < hi) {
        uint32_t chunk = (uint32_t)(lo >> CC_CHUNK_SHIFT);
        uint32_t first = (uint32_t)(lo & CC_CHUNK_MASK);
        uint64_t chunk_end = ((uint64_t)chunk + 1) << CC_CHUNK_SHIFT;
        uint32_t last =
            (uint32_t)((hi < chunk_end ? hi : chunk_end) - ((uint64_t)chunk << CC_CHUNK_SHIFT));
        const Chunk *c = chunk_collection_chunk(cc, chunk);
        const Vector *filt = st->agg_filt >= 0 ? &c->cols[st->agg_filt] : NULL;
        uint32_t n = 0;
        for (uint32_t p = first; p < last; p++) {
            if (filt && (!validity_is_valid(filt->validity, p) || !((const bool *)filt->data)[p]))
                continue;
            st->sel[n++] = (uint16_t)p;
            st->gids[p] = st->gid;
        }
        if (n > 0) {
            const Vector *arg = st->agg_arg >= 0 ? &c->cols[st->agg_arg] : NULL;
            const Vector *arg2 = st->agg_arg2 >= 0 ? &c->cols[st->agg_arg2] : NULL;
            if (agg_state_update(&st->agg, st->gids, st->sel, n, arg, arg2, err) != 0) return -1;
        }
        lo = (uint64_t)chunk * VECTOR_SIZE + last;
    }
    return 0;
}

static bool order_insensitive(const AggCall *call)
{
    switch (call->kind) {
    case AGG_SUM:
    case AGG_AVG:
    case AGG_VAR_POP:
    case AGG_VAR_SAMP:
    case AGG_STDDEV_POP:
    case AGG_STDDEV_SAMP: {
        TypeId t = call->arg->type.id;
        return t != TYPE_FLOAT4 && t != TYPE_FLOAT8; /* float sums round in input order */
    }
    case AGG_COUNT_STAR:
    case AGG_COUNT:
    case AGG_MIN:
    case AGG_MAX:
    case AGG_BOOL_AND:
    case AGG_BOOL_OR:
    case AGG_BIT_AND:
    case AGG_BIT_OR:
    case AGG_BIT_XOR:
    case AGG_REGR_COUNT:
        return true;
    default: /* string_agg, the float8 two-argument statistics */
        return false;
    }
}

int win_func_partition_suffix(WinFuncState *st, uint64_t ps, uint64_t pe, const uint64_t *fstart,
                              OmError *err)
{
    st->suffix_valid = false;
    if (st->call.kind != WIN_AGG || !order_insensitive(&st->call.agg)) return 0;
    arena_reset(st->suffix_arena);
    uint64_t n = pe - ps;
    st->suffix_vals = arena_alloc(st->suffix_arena, sizeof(Value) * n);
    agg_begin(st);
    uint64_t fed_lo = pe;
    bool have = false;
    for (uint64_t k = n; k-- > 0;) {
        uint64_t lo = fstart[k];
        if (lo < fed_lo) {
            if (agg_feed(st, lo, fed_lo, err) != 0) return -1;
            fed_lo = lo;
            have = false;
        }
        if (!have) {
            arena_reset(st->fin_arena);
            Vector tmp;
            st->ctx.err = err;
            if (agg_state_finalize(&st->agg, st->gid, 1, &tmp, &st->ctx) != 0) return -1;
            vector_get_value(&tmp, 0, &st->last);
            if (!st->last.is_null && type_is_strview(st->last.type.id)) {
                /* min/max buffers change as rows are added: keep a copy */
                StrView *sv = &st->last.u.str;
                char *copy = arena_strndup(st->suffix_arena, strview_data(sv), sv->len);
                *sv = strview_make(copy, sv->len);
            }
            have = true;
        }
        st->suffix_vals[k] = st->last;
    }
    agg_begin(st); /* the forward path starts afresh after this partition */
    st->suffix_valid = true;
    st->suffix_ps = ps;
    st->suffix_pe = pe;
    return 0;
}

static int agg_compute(WinFuncState *st, const WinRow *r, Vector *out, uint32_t pos, OmError *err)
{
    if (st->suffix_valid && r->row >= st->suffix_ps && r->row < st->suffix_pe) {
        vector_set_value(out, pos, &st->suffix_vals[r->row - st->suffix_ps]);
        return 0;
    }
    uint64_t lo = r->nranges > 0 ? r->ranges[0].lo : r->row;
    uint64_t hi = r->nranges > 0 ? r->ranges[0].hi : r->row;
    if (r->frame_simple && st->fed && !r->new_partition && lo == st->fed_lo && hi >= st->fed_hi) {
        if (hi > st->fed_hi) {
            if (agg_feed(st, st->fed_hi, hi, err) != 0) return -1;
            st->fed_hi = hi;
            st->have_last = false;
        }
    } else {
        agg_begin(st);
        for (int k = 0; k < r->nranges; k++)
            if (agg_feed(st, r->ranges[k].lo, r->ranges[k].hi, err) != 0) return -1;
        if (r->frame_simple) {
            st->fed = true;
            st->fed_lo = lo;
            st->fed_hi = hi;
        }
    }
    if (!st->have_last) {
        arena_reset(st->fin_arena);
        Vector tmp;
        st->ctx.err = err;
        if (agg_state_finalize(&st->agg, st->gid, 1, &tmp, &st->ctx) != 0) return -1;
        vector_get_value(&tmp, 0, &st->last);
        st->have_last = st->fed; /* reusable only while the run is unchanged */
    }
    vector_set_value(out, pos, &st->last);
    return 0;
}

/* Row `n` (1-based) of the frame, or UINT64_MAX. */
static uint64_t frame_nth(const WinRow *r, int64_t n)
{
    for (int k = 0; k < r->nranges; k++) {
        uint64_t len = r->ranges[k].hi - r->ranges[k].lo;
        if ((uint64_t)n <= len) return r->ranges[k].lo + (uint64_t)n - 1;
        n -= (int64_t)len;
    }
    return UINT64_MAX;
}

int win_func_compute(WinFuncState *st, const WinRow *r, Vector *out, uint32_t pos, OmError *err)
{
    int64_t *i64 = out->data;
    uint64_t psize = r->pe - r->ps;
    switch (st->call.kind) {
    case WIN_ROW_NUMBER:
        i64[pos] = (int64_t)(r->row - r->ps + 1);
        return 0;
    case WIN_RANK:
        i64[pos] = (int64_t)(r->gs - r->ps + 1);
        return 0;
    case WIN_DENSE_RANK:
        i64[pos] = (int64_t)r->peer_idx + 1;
        return 0;
    case WIN_PERCENT_RANK:
        ((double *)out->data)[pos] =
            psize > 1 ? (double)(r->gs - r->ps) / (double)(psize - 1) : 0.0;
        return 0;
    case WIN_CUME_DIST:
        ((double *)out->data)[pos] = (double)(r->ge - r->ps) / (double)psize;
        return 0;
    case WIN_NTILE: {
        if (r->new_partition) {
            /* the bucket count is read once per partition, from its first row */
            if (!is_valid(st->rows, st->col[0], r->ps)) {
                st->ntile_n = 0;
            } else {
                st->ntile_n = get_i32(st->rows, st->col[0], r->ps);
                if (st->ntile_n <= 0)
                    return ERR(err, SQLSTATE_INVALID_ARGUMENT_FOR_NTILE,
                               "argument of ntile must be greater than zero");
            }
        }
        if (st->ntile_n == 0) {
            set_null(out, pos);
            return 0;
        }
        uint64_t n = (uint64_t)st->ntile_n, k = r->row - r->ps;
        uint64_t per = psize / n, extra = psize % n; /* the first `extra` buckets get one more */
        uint64_t big = extra * (per + 1);
        uint64_t bucket = k < big ? k / (per + 1) : extra + (k - big) / per;
        ((int32_t *)out->data)[pos] = (int32_t)(bucket + 1);
        return 0;
    }
    case WIN_LAG:
    case WIN_LEAD: {
        int64_t off = 1;
        if (st->col[1] >= 0) {
            if (!is_valid(st->rows, st->col[1], r->row)) {
                set_null(out, pos);
                return 0;
            }
            off = get_i32(st->rows, st->col[1], r->row);
        }
        int64_t target = (int64_t)r->row + (st->call.kind == WIN_LAG ? -off : off);
        if (target >= (int64_t)r->ps && target < (int64_t)r->pe)
            copy_row(st, st->col[0], (uint64_t)target, out, pos);
        else if (st->col[2] >= 0)
            copy_row(st, st->col[2], r->row, out, pos);
        else
            set_null(out, pos);
        return 0;
    }
    case WIN_FIRST_VALUE:
    case WIN_LAST_VALUE:
    case WIN_NTH_VALUE: {
        uint64_t row = UINT64_MAX;
        if (st->call.kind == WIN_NTH_VALUE) {
            if (!is_valid(st->rows, st->col[1], r->row)) {
                set_null(out, pos);
                return 0;
            }
            int32_t n = get_i32(st->rows, st->col[1], r->row);
            if (n <= 0)
                return ERR(err, SQLSTATE_INVALID_ARGUMENT_FOR_NTH_VALUE,
                           "argument of nth_value must be greater than zero");
            row = frame_nth(r, n);
        } else if (r->nranges > 0) {
            row = st->call.kind == WIN_FIRST_VALUE ? r->ranges[0].lo
                                                   : r->ranges[r->nranges - 1].hi - 1;
        }
        if (row == UINT64_MAX)
            set_null(out, pos);
        else
            copy_row(st, st->col[0], row, out, pos);
        return 0;
    }
    case WIN_AGG:
        return agg_compute(st, r, out, pos, err);
    }
    return 0;
}
