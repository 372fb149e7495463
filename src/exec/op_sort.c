/*
 * op_sort.c — ORDER BY, and top-N when plan->u.sort.limit >= 0.
 *
 * The child's rows are materialised in a ChunkCollection together with the
 * evaluated key columns (columns 0..C-1 are the child's, C..C+K-1 the keys).
 * Sorting is row_sort() (row_sort.h): ties are broken by row id, so the
 * result is deterministic (input order among equal keys).
 *
 * Top-N: rows are appended until the buffer holds more than max(2N, N + 4096)
 * rows; then it is sorted and only the first N rows are kept (copied into a
 * fresh arena). This bounds memory to O(N) with O(log N) work per row.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/chunk_collection.h"
#include "exec/operator.h"
#include "exec/row_sort.h"

typedef struct SortState {
    Arena *data;
    ChunkCollection rows;
    int nchild; /* child columns */
    RowSortEntry *ents;
    uint64_t nents;
    uint64_t emit_next;
    uint64_t emit_end;
    bool built;
} SortState;

/* Sorts all buffered rows into st->ents. */
static void sort_rows(Operator *op)
{
    SortState *st = op->state;
    st->ents =
        row_sort(&st->rows, st->nchild, op->plan->u.sort.keys, op->plan->u.sort.nkeys, st->data);
    st->nents = st->rows.count;
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
