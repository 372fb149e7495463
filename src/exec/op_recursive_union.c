/*
 * op_recursive_union.c — Recursive Union: evaluates WITH RECURSIVE by
 * iteration over a working table (worktable.h).
 *
 *   1. Run the non-recursive term (left). Its rows are returned and kept as
 *      the rows of iteration 0.
 *   2. While the last iteration produced rows: they become the working table
 *      (what the WorkTable Scans of the recursive term read), the recursive
 *      term (right) is rescanned, and its rows are returned and kept as the
 *      rows of the next iteration.
 *
 * UNION ALL keeps every row. UNION passes every row, of both terms, through
 * one hash table over all columns (NULLs equal) and keeps only those never
 * seen before, so a row produced again (a cycle in a graph) ends its branch
 * of the recursion.
 *
 * Memory: two collections swap roles each iteration; the one that held the
 * previous working table is reset, so UNION ALL holds only the last two
 * iterations. The UNION hash table holds every distinct row produced: a
 * recursion that produces new rows forever stops on the statement's memory
 * limit (53200) or on statement_timeout/cancel (57014), both checked between
 * chunks and at each iteration. Rows stream to the parent as they are made.
 */
#include <string.h>

#include "exec/hash_table.h"
#include "exec/worktable.h"

typedef struct RecursiveUnionState {
    WorkTable wt;
    Arena *table_arena[2];
    ChunkCollection table[2]; /* table[cur]: working table; table[1 - cur]: rows being made */
    int cur;
    Arena *seen_arena; /* UNION: the hash table of every row returned */
    HashTable seen;
    bool on_right;
    bool right_opened;
    bool done;
    uint64_t iterations;
    uint32_t gids[VECTOR_SIZE];
    uint8_t inserted[VECTOR_SIZE];
    Chunk out;
} RecursiveUnionState;

static void reset_table(Operator *op, int i)
{
    RecursiveUnionState *st = op->state;
    arena_destroy(st->table_arena[i]);
    st->table_arena[i] = arena_create(op->arena, "recursive union table");
    chunk_collection_init(&st->table[i], st->table_arena[i], op->plan->ncols, op->plan->types);
}

static void setup(Operator *op)
{
    RecursiveUnionState *st = op->state;
    reset_table(op, 0);
    reset_table(op, 1);
    st->cur = 0;
    st->wt.rows = &st->table[0];
    if (!op->plan->u.recursive.all) {
        arena_destroy(st->seen_arena);
        st->seen_arena = arena_create(op->arena, "recursive union seen");
        hash_table_init(&st->seen, st->seen_arena, op->plan->ncols, op->plan->types, true);
    }
    st->on_right = false;
    st->done = false;
    st->iterations = 0;
}

/* Ends an iteration: the rows it made become the working table. Returns 1
 * when there are none (the recursion is over), 0 to go on, -1 on error. */
static int next_iteration(Operator *op)
{
    RecursiveUnionState *st = op->state;
    int made = 1 - st->cur;
    if (st->table[made].count == 0) return 1;
    int old = st->cur;
    st->cur = made;
    st->wt.rows = &st->table[made];
    reset_table(op, old);
    st->iterations++;
    if (exec_check_interrupts(op->es) != 0) return -1;
    st->on_right = true;
    if (!st->right_opened) {
        st->right_opened = true;
        return exec_open(op->right) != 0 ? -1 : 0;
    }
    return exec_rescan(op->right) != 0 ? -1 : 0;
}

static int recursive_union_next(Operator *op, Chunk **out)
{
    RecursiveUnionState *st = op->state;
    int ncols = op->plan->ncols;
    *out = NULL;
    while (!st->done) {
        Chunk *in;
        if (exec_next(st->on_right ? op->right : op->left, &in) != 0) return -1;
        if (in == NULL) {
            int rc = next_iteration(op);
            if (rc < 0) return -1;
            if (rc > 0) st->done = true;
            continue;
        }
        const Vector **cols = arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)(ncols + 1));
        for (int c = 0; c < ncols; c++) cols[c] = &in->cols[c];
        const uint16_t *sel = in->sel;
        uint32_t n = in->count;
        if (!op->plan->u.recursive.all) {
            hash_table_find_or_insert(&st->seen, cols, in->sel, in->count, st->gids, st->inserted);
            uint16_t *fresh = sel_alloc(op->chunk_arena);
            n = 0;
            for (uint32_t i = 0; i < in->count; i++)
                if (st->inserted[i]) fresh[n++] = (uint16_t)chunk_row(in, i);
            sel = fresh;
            if (n == 0) {
                if (exec_check_interrupts(op->es) != 0) return -1;
                continue;
            }
        }
        chunk_collection_append_vectors(&st->table[1 - st->cur], cols, sel, n);
        if (exec_check_interrupts(op->es) != 0) return -1;
        st->out = *in;
        st->out.sel = sel;
        st->out.count = n;
        *out = &st->out;
        return 0;
    }
    return 0;
}

static int recursive_union_open(Operator *op)
{
    setup(op);
    /* the recursive term is opened at the first iteration, when the working
     * table has its first rows */
    return exec_open(op->left);
}

static int recursive_union_rescan(Operator *op)
{
    setup(op);
    return exec_rescan(op->left);
}

static void recursive_union_close(Operator *op)
{
    exec_close(op->left);
    exec_close(op->right);
}

static const OperatorVTable recursive_union_vt = {recursive_union_open, recursive_union_next,
                                                  recursive_union_rescan, recursive_union_close};

Operator *op_recursive_union_create(const PlanNode *plan, ExecState *es)
{
    if (plan->left->ncols != plan->ncols || plan->right->ncols != plan->ncols) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR,
            "recursive union inputs have %d and %d columns, not %d", plan->left->ncols,
            plan->right->ncols, plan->ncols);
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &recursive_union_vt);
    RecursiveUnionState *st = ARENA_NEW(op->arena, RecursiveUnionState);
    memset(st, 0, sizeof(*st));
    st->wt.id = plan->u.recursive.wt_id;
    op->state = st;
    op->left = exec_build(plan->left, es);
    if (op->left == NULL) return NULL;
    st->wt.next = es->worktables;
    es->worktables = &st->wt;
    op->right = exec_build(plan->right, es);
    es->worktables = st->wt.next;
    st->wt.next = NULL;
    return op->right ? op : NULL;
}
