/*
 * op_sort.c — ORDER BY, and top-N when plan->u.sort.limit >= 0.
 *
 * The child's rows are materialised in a ChunkCollection together with the
 * evaluated key columns (columns 0..C-1 are the child's, C..C+K-1 the keys).
 * Sorting permutes an array of 16-byte entries {normalised first key, null
 * group, row id}: the first key is compared as an unsigned integer when it is
 * an integer-like type (the common case), the remaining keys and non-integer
 * first keys with value_cmp; ties are broken by row id, so the result is
 * deterministic (input order among equal keys).
 *
 * Top-N: rows are appended until the buffer holds more than max(2N, N + 4096)
 * rows; then it is sorted and only the first N rows are kept (copied into a
 * fresh arena). This bounds memory to O(N) with O(log N) work per row.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/chunk_collection.h"
#include "exec/operator.h"
#include "exec/vector_ops.h"

typedef struct SortEntry {
    uint64_t key;   /* normalised first key (integer-like first keys only) */
    uint32_t row;   /* row id in the collection */
    uint32_t group; /* 0: NULLS FIRST nulls, 1: values, 2: NULLS LAST nulls */
} SortEntry;

typedef struct SortState {
    Arena *data;
    ChunkCollection rows;
    int nchild;     /* child columns */
    bool int_first; /* first key is integer-like */
    SortEntry *ents;
    uint64_t nents;
    uint64_t emit_next;
    uint64_t emit_end;
    bool built;
} SortState;

static bool int_like(TypeId t)
{
    switch (t) {
    case TYPE_BOOL:
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_DATE:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
        return true;
    default:
        return false;
    }
}

static uint64_t norm_key(TypeId t, const void *p, bool desc)
{
    int64_t v;
    switch (t) {
    case TYPE_BOOL:
        v = *(const uint8_t *)p;
        break;
    case TYPE_INT2:
        v = *(const int16_t *)p;
        break;
    case TYPE_INT4:
    case TYPE_DATE:
        v = *(const int32_t *)p;
        break;
    default:
        memcpy(&v, p, 8);
        break;
    }
    uint64_t k = (uint64_t)v ^ (UINT64_C(1) << 63);
    return desc ? ~k : k;
}

typedef struct SortCtx {
    const SortState *st;
    const SortKey *keys;
    int nkeys;
} SortCtx;

static int cmp_key(const SortCtx *cx, int k, uint32_t a, uint32_t b)
{
    const ChunkCollection *cc = &cx->st->rows;
    int col = cx->st->nchild + k;
    bool va = chunk_collection_is_valid(cc, col, a), vb = chunk_collection_is_valid(cc, col, b);
    if (!va || !vb) {
        if (va == vb) return 0;
        /* a is NULL: first if nulls_first */
        int r = !va ? 1 : -1;
        return cx->keys[k].nulls_first ? -r : r;
    }
    int c = value_cmp(cc->types[col].id, chunk_collection_ptr(cc, col, a),
                      chunk_collection_ptr(cc, col, b));
    return cx->keys[k].desc ? -c : c;
}

static int entry_cmp(const void *pa, const void *pb, void *arg)
{
    const SortEntry *a = pa, *b = pb;
    const SortCtx *cx = arg;
    int k0 = 0;
    if (cx->st->int_first) {
        if (a->group != b->group) return a->group < b->group ? -1 : 1;
        if (a->group == 1 && a->key != b->key) return a->key < b->key ? -1 : 1;
        k0 = 1;
    }
    for (int k = k0; k < cx->nkeys; k++) {
        int c = cmp_key(cx, k, a->row, b->row);
        if (c) return c;
    }
    return a->row < b->row ? -1 : (a->row > b->row ? 1 : 0);
}

/* Sorts all buffered rows into st->ents. */
static void sort_rows(Operator *op)
{
    SortState *st = op->state;
    const PlanNode *plan = op->plan;
    const ChunkCollection *cc = &st->rows;
    uint64_t n = cc->count;
    st->ents = arena_alloc(st->data, sizeof(SortEntry) * (n ? n : 1));
    st->nents = n;
    const SortKey *k0 = &plan->u.sort.keys[0];
    int col0 = st->nchild;
    for (uint64_t r = 0; r < n; r++) {
        SortEntry *e = &st->ents[r];
        e->row = (uint32_t)r;
        e->key = 0;
        e->group = 1;
        if (st->int_first) {
            if (!chunk_collection_is_valid(cc, col0, (uint32_t)r))
                e->group = k0->nulls_first ? 0 : 2;
            else
                e->key = norm_key(cc->types[col0].id, chunk_collection_ptr(cc, col0, (uint32_t)r),
                                  k0->desc);
        }
    }
    SortCtx cx = {st, plan->u.sort.keys, plan->u.sort.nkeys};
    qsort_r(st->ents, n, sizeof(SortEntry), entry_cmp, &cx);
}

/* Top-N: keeps only the first `limit` rows of the buffer. */
static void compact(Operator *op, int64_t limit)
{
    SortState *st = op->state;
    sort_rows(op);
    Arena *data = arena_create(op->arena, "sort data");
    ChunkCollection kept;
    chunk_collection_init(&kept, data, st->rows.ncols, st->rows.types);
    uint64_t n = st->nents < (uint64_t)limit ? st->nents : (uint64_t)limit;
    /* Copy in sorted order, re-homing strings into the new arena. */
    for (uint64_t i = 0; i < n; i++) {
        uint32_t r = st->ents[i].row;
        const Chunk *sc = chunk_collection_chunk(&st->rows, r >> CC_CHUNK_SHIFT);
        const Vector *cols[256];
        const Vector **pc = cols;
        if (st->rows.ncols > 256) pc = arena_alloc(data, sizeof(Vector *) * (size_t)st->rows.ncols);
        for (int c = 0; c < st->rows.ncols; c++) pc[c] = &sc->cols[c];
        uint16_t pos = (uint16_t)(r & CC_CHUNK_MASK);
        chunk_collection_append_vectors(&kept, pc, &pos, 1);
    }
    arena_destroy(st->data);
    st->data = data;
    st->rows = kept;
    st->ents = NULL;
    st->nents = 0;
}

static void setup(Operator *op)
{
    SortState *st = op->state;
    const PlanNode *plan = op->plan;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "sort data");
    st->nchild = plan->left->ncols;
    int nk = plan->u.sort.nkeys;
    int ncols = st->nchild + nk;
    OmType *types = ARENA_NEW_ARRAY(st->data, OmType, ncols > 0 ? ncols : 1);
    for (int c = 0; c < st->nchild; c++) types[c] = plan->left->types[c];
    for (int k = 0; k < nk; k++) types[st->nchild + k] = plan->u.sort.keys[k].expr->type;
    chunk_collection_init(&st->rows, st->data, ncols, types);
    st->int_first = nk > 0 && int_like(types[st->nchild].id);
    st->built = false;
    st->ents = NULL;
    st->nents = st->emit_next = st->emit_end = 0;
}

static int build(Operator *op)
{
    SortState *st = op->state;
    const PlanNode *plan = op->plan;
    int64_t limit = plan->u.sort.limit;
    int nk = plan->u.sort.nkeys;
    uint64_t high = 0;
    if (limit >= 0) {
        high = (uint64_t)limit * 2;
        if (high < (uint64_t)limit + 4096) high = (uint64_t)limit + 4096;
    }
    if (limit != 0) {
        for (;;) {
            Chunk *in;
            if (exec_next(op->left, &in) != 0) return -1;
            if (in == NULL) break;
            int ncols = st->rows.ncols;
            const Vector **cols = arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)ncols);
            Vector *kv = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(nk ? nk : 1));
            for (int c = 0; c < st->nchild; c++) cols[c] = &in->cols[c];
            for (int k = 0; k < nk; k++) {
                if (expr_eval(plan->u.sort.keys[k].expr, in, &kv[k], &op->eval) != 0) return -1;
                cols[st->nchild + k] = &kv[k];
            }
            chunk_collection_append_vectors(&st->rows, cols, in->sel, in->count);
            arena_reset(op->chunk_arena);
            if (limit >= 0 && st->rows.count > high) compact(op, limit);
            if (exec_check_interrupts(op->es) != 0) return -1;
        }
    }
    sort_rows(op);
    st->emit_next = 0;
    st->emit_end = st->nents;
    if (limit >= 0 && st->emit_end > (uint64_t)limit) st->emit_end = (uint64_t)limit;
    st->built = true;
    return 0;
}

static int sort_open(Operator *op)
{
    setup(op);
    return exec_open(op->left);
}

static int sort_next(Operator *op, Chunk **out)
{
    SortState *st = op->state;
    *out = NULL;
    if (!st->built && build(op) != 0) return -1;
    if (st->emit_next >= st->emit_end) return 0;
    uint32_t n =
        (uint32_t)(st->emit_end - st->emit_next < VECTOR_SIZE ? st->emit_end - st->emit_next
                                                              : VECTOR_SIZE);
    uint32_t *rows = arena_alloc(op->chunk_arena, sizeof(uint32_t) * n);
    for (uint32_t i = 0; i < n; i++) rows[i] = st->ents[st->emit_next + i].row;
    /* The output is the child's first plan->ncols columns (normally all). */
    int nout = op->plan->ncols < st->nchild ? op->plan->ncols : st->nchild;
    Chunk *c = chunk_create(op->chunk_arena, nout, st->rows.types);
    for (int col = 0; col < nout; col++)
        chunk_collection_gather(&st->rows, col, rows, n, &c->cols[col], 0);
    c->count = n;
    st->emit_next += n;
    *out = c;
    return 0;
}

static int sort_rescan(Operator *op)
{
    setup(op);
    return exec_rescan(op->left);
}

static void sort_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable sort_vt = {sort_open, sort_next, sort_rescan, sort_close};

Operator *op_sort_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &sort_vt);
    op->state = ARENA_NEW(op->arena, SortState);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
