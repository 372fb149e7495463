/*
 * op_window.c — PLAN_WINDOW: window functions over a child whose rows arrive
 * sorted by the partition keys, then the window's ORDER BY keys (the planner
 * puts a Sort below; every key, argument and RANGE bound is a column of the
 * child, see plan_window.c).
 *
 * At the first next() the child's rows are appended to a ChunkCollection
 * (row id = sorted position). One pass then marks partition starts (a
 * partition key differs from the previous row's, NULLs equal) and peer-group
 * starts (a new partition or an ORDER BY key differs), and a second pass
 * computes, per row, its partition, peer group and frame and each function's
 * value (window_funcs.c). Results are collected 2048 rows at a time into a
 * second ChunkCollection with the same row ids, so output chunk i is stored
 * chunk i of the rows next to stored chunk i of the results: no copying.
 *
 * Frames (PostgreSQL 15): ROWS counts rows, GROUPS counts peer groups, RANGE
 * compares the ORDER BY key with key -/+ offset (computed per row below the
 * sort, range_start/range_end) by binary search among the partition's rows
 * whose key is not NULL; for a row whose key is NULL an offset bound is its
 * peer group (the NULLs). CURRENT ROW is the row itself in ROWS mode and its
 * peer group's start (as a start) or end (as an end) otherwise. EXCLUDE
 * CURRENT ROW / GROUP / TIES split the frame into up to three ranges.
 *
 * Memory: rows, results, peer-group arrays and function states live in the
 * "window data" arena (a child of the operator arena), recreated on rescan;
 * each 2048-row result block is built in a scratch arena reset per block.
 */
#include <string.h>

#include "exec/chunk_collection.h"
#include "exec/operator.h"
#include "exec/vector_ops.h"
#include "exec/window_funcs.h"

typedef struct WindowState {
    Arena *data;
    Arena *scratch;
    ChunkCollection rows;
    ChunkCollection res;
    WinFuncState **funcs;
    bool built;
    uint32_t next_chunk;
    Chunk out;
    /* peer groups: peer_of[row] = global group number, gstart[g] its first row */
    uint32_t *peer_of;
    uint32_t *gstart;
    /* ROWS / GROUPS offsets, evaluated at the first partition */
    bool offsets_done;
    int64_t start_off, end_off;
} WindowState;

static bool rows_equal(const ChunkCollection *cc, int col, uint64_t a, uint64_t b)
{
    bool va = chunk_collection_is_valid(cc, col, (uint32_t)a);
    bool vb = chunk_collection_is_valid(cc, col, (uint32_t)b);
    if (!va || !vb) return va == vb;
    return value_eq(cc->types[col].id, chunk_collection_ptr(cc, col, (uint32_t)a),
                    chunk_collection_ptr(cc, col, (uint32_t)b));
}

static bool keys_equal(const ChunkCollection *cc, Expr **keys, int n, uint64_t a, uint64_t b)
{
    for (int k = 0; k < n; k++)
        if (!rows_equal(cc, keys[k]->u.column.index, a, b)) return false;
    return true;
}

/* Evaluates a frame offset: NULL is 22004, negative 22013. */
static int eval_offset(Operator *op, const Expr *off, const Expr *neg, bool is_start, int64_t *out)
{
    const char *which = is_start ? "starting" : "ending";
    Value v;
    if (expr_eval_scalar(off, &v, &op->eval) != 0) return -1;
    if (v.is_null)
        return ERR(op->es->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED, "frame %s offset must not be null",
                   which);
    if (neg) { /* RANGE: "offset < 0" in the offset's type */
        Value isneg;
        if (expr_eval_scalar(neg, &isneg, &op->eval) != 0) return -1;
        if (!isneg.is_null && isneg.u.b)
            return ERR(op->es->err, SQLSTATE_INVALID_PRECEDING_FOLLOWING,
                       "invalid preceding or following size in window function");
        *out = 0;
        return 0;
    }
    if (v.u.i64 < 0)
        return ERR(op->es->err, SQLSTATE_INVALID_PRECEDING_FOLLOWING,
                   "frame %s offset must not be negative", which);
    *out = v.u.i64;
    return 0;
}

/* RANGE offset search among rows lo..hi-1 (keys not NULL, sorted in the
 * key's direction): the first row whose key is not before `bound` (start) or
 * is after it (end). */
static uint64_t range_search(const ChunkCollection *cc, int key_col, int bound_col, uint64_t row,
                             uint64_t lo, uint64_t hi, bool desc, bool is_end)
{
    TypeId t = cc->types[key_col].id;
    const void *bound = chunk_collection_ptr(cc, bound_col, (uint32_t)row);
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        int c = value_cmp(t, chunk_collection_ptr(cc, key_col, (uint32_t)mid), bound);
        if (desc) c = -c;
        /* start: skip keys < bound; end: skip keys <= bound */
        bool skip = is_end ? c <= 0 : c < 0;
        if (skip)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

typedef struct PartInfo {
    uint64_t ps, pe;
    uint64_t nn_lo, nn_hi; /* rows whose RANGE key is not NULL */
    uint32_t gfirst, ngroups;
} PartInfo;

static uint64_t clamp_add(uint64_t base, int64_t off, uint64_t lo, uint64_t hi)
{
    /* base + off clamped to [lo, hi], without overflow */
    if (off < 0) {
        uint64_t d = (uint64_t)(-(off + 1)) + 1;
        return base - lo < d ? lo : base - d;
    }
    return hi - base < (uint64_t)off ? hi : base + (uint64_t)off;
}

/* Group g + off of the partition (local numbers): its first row (or, with
 * want_end, the row after it); pe beyond the last group, ps before the first. */
static uint64_t group_bound(const WindowState *st, const PartInfo *pi, uint64_t g, int64_t off,
                            bool want_end)
{
    uint64_t tg;
    if (off >= 0) {
        if ((uint64_t)off >= pi->ngroups - g) return pi->pe;
        tg = g + (uint64_t)off;
    } else {
        uint64_t back = (uint64_t)(-(off + 1)) + 1;
        if (back > g) return pi->ps; /* before the first group: empty end, clamped start */
        tg = g - back;
    }
    return st->gstart[pi->gfirst + tg + (want_end ? 1 : 0)];
}

static void compute_frame(const WindowState *st, const WindowSpec *ws, const PartInfo *pi,
                          WinRow *r)
{
    int f = ws->frame;
    uint64_t i = r->row, fs, fe;
    bool rows = (f & WINFRAME_ROWS) != 0, groups = (f & WINFRAME_GROUPS) != 0;
    const ChunkCollection *cc = &st->rows;
    bool key_null = false;
    int key_col = -1;
    bool desc = false;
    if (ws->range_key) {
        key_col = ws->range_key->u.column.index;
        key_null = !chunk_collection_is_valid(cc, key_col, (uint32_t)i);
        desc = ws->order[0].desc;
    }
    /* start */
    if (f & WINFRAME_START_UNBOUNDED_PRECEDING)
        fs = pi->ps;
    else if (f & WINFRAME_START_CURRENT_ROW)
        fs = rows ? i : r->gs;
    else {
        bool prec = (f & WINFRAME_START_OFFSET_PRECEDING) != 0;
        if (rows)
            fs = clamp_add(i, prec ? -st->start_off : st->start_off, pi->ps, pi->pe);
        else if (groups)
            fs = group_bound(st, pi, r->peer_idx, prec ? -st->start_off : st->start_off, false);
        else if (key_null)
            fs = r->gs;
        else
            fs = range_search(cc, key_col, ws->range_start->u.column.index, i, pi->nn_lo, pi->nn_hi,
                              desc, false);
    }
    /* end (exclusive) */
    if (f & WINFRAME_END_UNBOUNDED_FOLLOWING)
        fe = pi->pe;
    else if (f & WINFRAME_END_CURRENT_ROW)
        fe = rows ? i + 1 : r->ge;
    else {
        bool prec = (f & WINFRAME_END_OFFSET_PRECEDING) != 0;
        if (rows)
            fe = clamp_add(i + 1, prec ? -st->end_off : st->end_off, pi->ps, pi->pe);
        else if (groups)
            fe = group_bound(st, pi, r->peer_idx, prec ? -st->end_off : st->end_off, true);
        else if (key_null)
            fe = r->ge;
        else
            fe = range_search(cc, key_col, ws->range_end->u.column.index, i, pi->nn_lo, pi->nn_hi,
                              desc, true);
    }
    if (fe < fs) fe = fs;
    r->nranges = 0;
    r->frame_simple =
        !(f & (WINFRAME_EXCLUDE_CURRENT_ROW | WINFRAME_EXCLUDE_GROUP | WINFRAME_EXCLUDE_TIES));
    if (r->frame_simple) {
        if (fs < fe) r->ranges[r->nranges++] = (WinRange){fs, fe};
        return;
    }
    /* EXCLUDE: the frame minus [xs, xe), plus the current row for TIES */
    uint64_t xs = (f & WINFRAME_EXCLUDE_CURRENT_ROW) ? i : r->gs;
    uint64_t xe = (f & WINFRAME_EXCLUDE_CURRENT_ROW) ? i + 1 : r->ge;
    uint64_t a_hi = fe < xs ? fe : xs;
    if (fs < a_hi) r->ranges[r->nranges++] = (WinRange){fs, a_hi};
    if ((f & WINFRAME_EXCLUDE_TIES) && i >= fs && i < fe)
        r->ranges[r->nranges++] = (WinRange){i, i + 1};
    uint64_t b_lo = fs > xe ? fs : xe;
    if (b_lo < fe) r->ranges[r->nranges++] = (WinRange){b_lo, fe};
}

/* The partition, peer group and frame of row i (r->new_partition is left
 * as the caller set it). */
static void fill_row(const WindowState *st, const WindowSpec *ws, const PartInfo *pi, uint64_t i,
                     WinRow *r)
{
    r->row = i;
    r->ps = pi->ps;
    r->pe = pi->pe;
    uint32_t g = st->peer_of[i];
    r->gs = st->gstart[g];
    r->ge = st->gstart[g + 1];
    r->peer_idx = g - pi->gfirst;
    compute_frame(st, ws, pi, r);
}

static void new_block(Operator *op, Vector *outs)
{
    WindowState *st = op->state;
    const PlanNode *plan = op->plan;
    arena_reset(st->scratch);
    for (int f = 0; f < plan->u.window.nfuncs; f++)
        vector_init_flat(&outs[f], plan->u.window.funcs[f].result_type, st->scratch);
}

static int build(Operator *op)
{
    WindowState *st = op->state;
    const PlanNode *plan = op->plan;
    const WindowSpec *ws = &plan->u.window.spec;
    int nf = plan->u.window.nfuncs;
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (in == NULL) break;
        chunk_collection_append(&st->rows, in);
        if (exec_check_interrupts(op->es) != 0) return -1;
    }
    uint64_t n = st->rows.count;
    st->built = true;
    if (n == 0) return 0;
    if (!st->offsets_done) {
        if (ws->start_offset &&
            eval_offset(op, ws->start_offset, ws->start_neg, true, &st->start_off) != 0)
            return -1;
        if (ws->end_offset &&
            eval_offset(op, ws->end_offset, ws->end_neg, false, &st->end_off) != 0)
            return -1;
        st->offsets_done = true;
    }
    /* peer groups (a new partition starts a new group) */
    st->peer_of = arena_alloc(st->data, sizeof(uint32_t) * n);
    st->gstart = arena_alloc(st->data, sizeof(uint32_t) * (n + 1));
    uint8_t *part_start = arena_zalloc(st->data, n);
    uint32_t ng = 0;
    for (uint64_t i = 0; i < n; i++) {
        bool np = i == 0 || !keys_equal(&st->rows, ws->part, ws->npart, i - 1, i);
        bool ngp = np;
        if (!ngp) {
            for (int k = 0; k < ws->norder && !ngp; k++)
                ngp = !rows_equal(&st->rows, ws->order[k].expr->u.column.index, i - 1, i);
        }
        part_start[i] = np;
        if (ngp) st->gstart[ng++] = (uint32_t)i;
        st->peer_of[i] = ng - 1;
    }
    st->gstart[ng] = (uint32_t)n;

    /* frames that all end at the partition's end: aggregates may run backwards */
    bool suffix = (ws->frame & WINFRAME_END_UNBOUNDED_FOLLOWING) &&
                  !(ws->frame & (WINFRAME_START_UNBOUNDED_PRECEDING | WINFRAME_EXCLUDE_CURRENT_ROW |
                                 WINFRAME_EXCLUDE_GROUP | WINFRAME_EXCLUDE_TIES));
    Arena *part_arena = arena_create(st->data, "window partition");
    Vector *outs = arena_alloc(st->data, sizeof(Vector) * (size_t)(nf > 0 ? nf : 1));
    const Vector **outp = arena_alloc(st->data, sizeof(Vector *) * (size_t)(nf > 0 ? nf : 1));
    for (int f = 0; f < nf; f++) outp[f] = &outs[f];
    new_block(op, outs);
    PartInfo pi = {0};
    for (uint64_t i = 0; i < n; i++) {
        WinRow r;
        r.row = i;
        r.new_partition = part_start[i];
        if (r.new_partition) {
            pi.ps = i;
            pi.pe = i + 1;
            while (pi.pe < n && !part_start[pi.pe]) pi.pe++;
            pi.gfirst = st->peer_of[i];
            pi.ngroups = st->peer_of[pi.pe - 1] - pi.gfirst + 1;
            pi.nn_lo = pi.ps;
            pi.nn_hi = pi.pe;
            if (ws->range_key) {
                int kc = ws->range_key->u.column.index;
                if (ws->order[0].nulls_first) {
                    while (pi.nn_lo < pi.pe &&
                           !chunk_collection_is_valid(&st->rows, kc, (uint32_t)pi.nn_lo))
                        pi.nn_lo++;
                } else {
                    while (pi.nn_hi > pi.ps &&
                           !chunk_collection_is_valid(&st->rows, kc, (uint32_t)(pi.nn_hi - 1)))
                        pi.nn_hi--;
                }
            }
        }
        if (r.new_partition && suffix) {
            arena_reset(part_arena);
            uint64_t *fstart = arena_alloc(part_arena, sizeof(uint64_t) * (pi.pe - pi.ps));
            for (uint64_t k = pi.ps; k < pi.pe; k++) {
                WinRow fr;
                fill_row(st, ws, &pi, k, &fr);
                fstart[k - pi.ps] = fr.nranges > 0 ? fr.ranges[0].lo : pi.pe;
            }
            for (int f = 0; f < nf; f++)
                if (win_func_partition_suffix(st->funcs[f], pi.ps, pi.pe, fstart, op->es->err) != 0)
                    return -1;
        }
        fill_row(st, ws, &pi, i, &r);
        uint32_t pos = (uint32_t)(i & CC_CHUNK_MASK);
        for (int f = 0; f < nf; f++)
            if (win_func_compute(st->funcs[f], &r, &outs[f], pos, op->es->err) != 0) return -1;
        if (pos == VECTOR_SIZE - 1 || i == n - 1) {
            chunk_collection_append_vectors(&st->res, outp, NULL, pos + 1);
            new_block(op, outs);
            if (exec_check_interrupts(op->es) != 0) return -1;
        }
    }
    return 0;
}

static void setup(Operator *op)
{
    WindowState *st = op->state;
    const PlanNode *plan = op->plan;
    int nf = plan->u.window.nfuncs;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "window data");
    st->scratch = arena_create(st->data, "window block");
    chunk_collection_init(&st->rows, st->data, plan->left->ncols, plan->left->types);
    OmType *rtypes = ARENA_NEW_ARRAY(st->data, OmType, nf > 0 ? nf : 1);
    for (int f = 0; f < nf; f++) rtypes[f] = plan->u.window.funcs[f].result_type;
    chunk_collection_init(&st->res, st->data, nf, rtypes);
    st->funcs = ARENA_NEW_ARRAY(st->data, WinFuncState *, nf > 0 ? nf : 1);
    for (int f = 0; f < nf; f++)
        st->funcs[f] = win_func_create(&plan->u.window.funcs[f], &st->rows, st->data, &op->eval);
    st->out.cols = ARENA_NEW_ARRAY(st->data, Vector, plan->ncols > 0 ? plan->ncols : 1);
    st->out.ncols = plan->ncols;
    st->built = false;
    st->offsets_done = false;
    st->next_chunk = 0;
}

static int window_open(Operator *op)
{
    setup(op);
    return exec_open(op->left);
}

static int window_next(Operator *op, Chunk **out)
{
    WindowState *st = op->state;
    *out = NULL;
    if (!st->built && build(op) != 0) return -1;
    if (st->next_chunk >= st->rows.nchunks) return 0;
    const Chunk *rc = chunk_collection_chunk(&st->rows, st->next_chunk);
    const Chunk *fc = chunk_collection_chunk(&st->res, st->next_chunk);
    st->next_chunk++;
    int nin = st->rows.ncols;
    for (int c = 0; c < nin; c++) st->out.cols[c] = rc->cols[c];
    for (int c = 0; c < st->res.ncols; c++) st->out.cols[nin + c] = fc->cols[c];
    st->out.count = rc->count;
    st->out.sel = NULL;
    *out = &st->out;
    return 0;
}

static int window_rescan(Operator *op)
{
    setup(op);
    return exec_rescan(op->left);
}

static void window_close(Operator *op)
{
    WindowState *st = op->state;
    arena_destroy(st->data);
    st->data = NULL;
    exec_close(op->left);
}

static const OperatorVTable window_vt = {window_open, window_next, window_rescan, window_close};

Operator *op_window_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &window_vt);
    op->state = ARENA_NEW(op->arena, WindowState);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
