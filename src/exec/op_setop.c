/*
 * op_setop.c — UNION / INTERSECT / EXCEPT [ALL] over left and right, which
 * have the same column types (the planner casts). NULLs compare equal here,
 * as in PostgreSQL's set operations.
 *
 * UNION ALL concatenates. UNION streams: each input chunk is run through a
 * hash table over all columns and the rows that created a new entry are
 * returned (the input chunk with a narrower selection; no copy).
 * INTERSECT [ALL] / EXCEPT [ALL] hash the left input counting copies per
 * distinct row, then count the right input's copies of the rows already
 * present, then emit per distinct row (in first-appearance order) PostgreSQL's
 * multiset result: INTERSECT ALL min(l, r), EXCEPT ALL max(l - r, 0),
 * INTERSECT 1 if both > 0, EXCEPT 1 if l > 0 and r = 0.
 */
#include <string.h>

#include "exec/hash_table.h"
#include "exec/operator.h"

typedef struct SetOpState {
    Arena *data;
    HashTable ht;
    bool on_right; /* UNION: reading the right input */
    bool built;
    int64_t *cnt_l, *cnt_r;
    uint32_t cap;
    uint32_t emit_gid;
    int64_t emit_left; /* copies of emit_gid still to emit */
    uint32_t gids[VECTOR_SIZE];
    uint8_t inserted[VECTOR_SIZE];
    Chunk out;
} SetOpState;

static void setup(Operator *op)
{
    SetOpState *st = op->state;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "setop data");
    hash_table_init(&st->ht, st->data, op->plan->ncols, op->plan->left->types, true);
    st->on_right = false;
    st->built = false;
    st->cnt_l = st->cnt_r = NULL;
    st->cap = 0;
    st->emit_gid = 0;
    st->emit_left = -1;
}

static const Vector **col_ptrs(Operator *op, const Chunk *in)
{
    const Vector **cols =
        arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)(op->plan->ncols + 1));
    for (int c = 0; c < op->plan->ncols; c++) cols[c] = &in->cols[c];
    return cols;
}

static void reserve(SetOpState *st, uint32_t n)
{
    if (n <= st->cap) return;
    uint32_t cap = st->cap ? st->cap * 2 : 1024;
    while (cap < n) cap *= 2;
    st->cnt_l =
        arena_realloc(st->data, st->cnt_l, sizeof(int64_t) * st->cap, sizeof(int64_t) * cap);
    st->cnt_r =
        arena_realloc(st->data, st->cnt_r, sizeof(int64_t) * st->cap, sizeof(int64_t) * cap);
    memset(st->cnt_l + st->cap, 0, sizeof(int64_t) * (cap - st->cap));
    memset(st->cnt_r + st->cap, 0, sizeof(int64_t) * (cap - st->cap));
    st->cap = cap;
}

static int union_next(Operator *op, Chunk **out)
{
    SetOpState *st = op->state;
    bool all = op->plan->u.setop.all;
    for (;;) {
        Chunk *in;
        Operator *child = st->on_right ? op->right : op->left;
        if (exec_next(child, &in) != 0) return -1;
        if (in == NULL) {
            if (st->on_right) return 0;
            st->on_right = true;
            continue;
        }
        if (all) {
            *out = in;
            return 0;
        }
        hash_table_find_or_insert(&st->ht, col_ptrs(op, in), in->sel, in->count, st->gids,
                                  st->inserted);
        uint16_t *sel = sel_alloc(op->chunk_arena);
        uint32_t n = 0;
        for (uint32_t i = 0; i < in->count; i++)
            if (st->inserted[i]) sel[n++] = (uint16_t)chunk_row(in, i);
        if (n == 0) {
            if (exec_check_interrupts(op->es) != 0) return -1;
            arena_reset(op->chunk_arena);
            continue;
        }
        st->out = *in;
        st->out.sel = sel;
        st->out.count = n;
        *out = &st->out;
        return 0;
    }
}

static int build_counts(Operator *op)
{
    SetOpState *st = op->state;
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (in == NULL) break;
        hash_table_find_or_insert(&st->ht, col_ptrs(op, in), in->sel, in->count, st->gids, NULL);
        reserve(st, hash_table_ngroups(&st->ht));
        for (uint32_t i = 0; i < in->count; i++) st->cnt_l[st->gids[i]]++;
        arena_reset(op->chunk_arena);
        if (exec_check_interrupts(op->es) != 0) return -1;
    }
    if (hash_table_ngroups(&st->ht) > 0) {
        for (;;) {
            Chunk *in;
            if (exec_next(op->right, &in) != 0) return -1;
            if (in == NULL) break;
            hash_table_find(&st->ht, col_ptrs(op, in), in->sel, in->count, st->gids);
            for (uint32_t i = 0; i < in->count; i++)
                if (st->gids[i] != HT_NO_GROUP) st->cnt_r[st->gids[i]]++;
            arena_reset(op->chunk_arena);
            if (exec_check_interrupts(op->es) != 0) return -1;
        }
    }
    st->built = true;
    return 0;
}

static int64_t copies(const SetOpState *st, SetOpKind kind, bool all, uint32_t g)
{
    int64_t l = st->cnt_l[g], r = st->cnt_r[g];
    if (kind == SETOP_INTERSECT) {
        if (all) return l < r ? l : r;
        return l > 0 && r > 0;
    }
    if (all) return l > r ? l - r : 0;
    return l > 0 && r == 0;
}

static int counted_next(Operator *op, Chunk **out)
{
    SetOpState *st = op->state;
    const PlanNode *plan = op->plan;
    if (!st->built && build_counts(op) != 0) return -1;
    uint32_t ng = hash_table_ngroups(&st->ht);
    uint32_t *rows = arena_alloc(op->chunk_arena, sizeof(uint32_t) * VECTOR_SIZE);
    uint32_t n = 0;
    while (n < VECTOR_SIZE && st->emit_gid < ng) {
        if (st->emit_left < 0)
            st->emit_left = copies(st, plan->u.setop.op, plan->u.setop.all, st->emit_gid);
        if (st->emit_left == 0) {
            st->emit_gid++;
            st->emit_left = -1;
            continue;
        }
        rows[n++] = st->emit_gid;
        st->emit_left--;
    }
    if (n == 0) return 0;
    Chunk *c = chunk_create(op->chunk_arena, plan->ncols, plan->types);
    for (int col = 0; col < plan->ncols; col++)
        chunk_collection_gather(&st->ht.keys, col, rows, n, &c->cols[col], 0);
    c->count = n;
    *out = c;
    return 0;
}

static int setop_next(Operator *op, Chunk **out)
{
    *out = NULL;
    if (op->plan->u.setop.op == SETOP_UNION) return union_next(op, out);
    return counted_next(op, out);
}

static int setop_open(Operator *op)
{
    setup(op);
    if (exec_open(op->left) != 0) return -1;
    return exec_open(op->right);
}

static int setop_rescan(Operator *op)
{
    setup(op);
    if (exec_rescan(op->left) != 0) return -1;
    return exec_rescan(op->right);
}

static void setop_close(Operator *op)
{
    exec_close(op->left);
    exec_close(op->right);
}

static const OperatorVTable setop_vt = {setop_open, setop_next, setop_rescan, setop_close};

Operator *op_setop_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &setop_vt);
    op->state = ARENA_NEW(op->arena, SetOpState);
    op->left = exec_build(plan->left, es);
    if (op->left == NULL) return NULL;
    op->right = exec_build(plan->right, es);
    if (op->right == NULL) return NULL;
    if (plan->left->ncols != plan->ncols || plan->right->ncols != plan->ncols) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "set operation inputs have %d and %d columns, not %d",
            plan->left->ncols, plan->right->ncols, plan->ncols);
        return NULL;
    }
    return op;
}
