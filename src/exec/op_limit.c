/*
 * op_limit.c — LIMIT / OFFSET. Both expressions are evaluated once at open
 * (and again at rescan, since parameters may have changed). A NULL limit means
 * no limit and a NULL offset means 0, as in PostgreSQL. Once the limit is
 * reached the child is not pulled again.
 *
 * FETCH FIRST n ROWS WITH TIES (plan->u.limit.nties > 0): after the n-th row
 * the ORDER BY keys of that row are kept, and the rows that follow are passed
 * on while their keys equal them (NULL equal to NULL, as the sort's equality
 * has it); the first row that differs ends the output. A NULL count that
 * only the executor sees (a parameter) means no limit, as in PostgreSQL 15;
 * the binder refuses a constant one (2201W). Rows passed on are always a
 * contiguous run of one input chunk, so the output is that chunk narrowed.
 */
#include <string.h>

#include "exec/operator.h"
#include "exec/vector_ops.h"

typedef struct LimitState {
    int64_t limit; /* -1 = none */
    int64_t offset;
    int64_t skipped;
    int64_t emitted;
    Chunk out;
    /* WITH TIES: the last counted row's keys, once the count is reached */
    bool have_last;
    bool done;
    Value *last;
    Arena *last_arena;
} LimitState;

static int eval_count(Operator *op, const Expr *e, int64_t *out, bool *is_null)
{
    Value v;
    *is_null = true;
    if (e == NULL) return 0;
    if (expr_eval_scalar(e, &v, &op->eval) != 0) return -1;
    if (v.is_null) return 0;
    *is_null = false;
    switch (v.type.id) {
    case TYPE_INT2:
        *out = v.u.i16;
        break;
    case TYPE_INT4:
        *out = v.u.i32;
        break;
    case TYPE_INT8:
        *out = v.u.i64;
        break;
    default:
        return ERR(op->es->err, SQLSTATE_DATATYPE_MISMATCH,
                   "argument of LIMIT/OFFSET must be type bigint");
    }
    return 0;
}

static int limit_setup(Operator *op)
{
    LimitState *st = op->state;
    int64_t v = 0;
    bool is_null;
    st->skipped = st->emitted = 0;
    /* PostgreSQL evaluates OFFSET before LIMIT. */
    if (eval_count(op, op->plan->u.limit.offset, &v, &is_null) != 0) return -1;
    if (!is_null && v < 0)
        return ERR(op->es->err, SQLSTATE_INVALID_ROW_COUNT_IN_OFFSET,
                   "OFFSET must not be negative");
    st->offset = is_null ? 0 : v;
    if (eval_count(op, op->plan->u.limit.limit, &v, &is_null) != 0) return -1;
    if (!is_null && v < 0)
        return ERR(op->es->err, SQLSTATE_INVALID_ROW_COUNT_IN_LIMIT, "LIMIT must not be negative");
    st->limit = is_null ? -1 : v;
    st->have_last = st->done = false;
    return 0;
}

/* The tie keys of every row of `in` (vectors in op->chunk_arena). */
static int eval_ties(Operator *op, const Chunk *in, Vector *keys)
{
    for (int k = 0; k < op->plan->u.limit.nties; k++)
        if (expr_eval(op->plan->u.limit.ties[k], in, &keys[k], &op->eval) != 0) return -1;
    return 0;
}

static bool ties_last(const Operator *op, const LimitState *st, const Vector *keys, uint32_t row)
{
    for (int k = 0; k < op->plan->u.limit.nties; k++) {
        const Vector *v = &keys[k];
        bool is_null = !vector_is_valid(v, row);
        if (is_null != st->last[k].is_null) return false;
        if (!is_null && !value_eq(v->type.id, vector_value_ptr(v, row), &st->last[k].u))
            return false;
    }
    return true;
}

static void remember_last(const Operator *op, LimitState *st, const Vector *keys, uint32_t row)
{
    arena_reset(st->last_arena);
    for (int k = 0; k < op->plan->u.limit.nties; k++) {
        Value *val = &st->last[k];
        vector_get_value(&keys[k], row, val);
        if (!val->is_null && type_is_varlena(keys[k].type.id)) {
            char *copy = arena_alloc(st->last_arena, val->u.str.len ? val->u.str.len : 1);
            memcpy(copy, strview_data(&val->u.str), val->u.str.len);
            val->u.str = strview_make(copy, val->u.str.len);
        }
    }
    st->have_last = true;
}

/* WITH TIES: how many of the in->count - start rows from `start` on to pass
 * on (counted rows, then the rows tying with the last of them); sets
 * st->done at the first row that does not tie. */
static int ties_take(Operator *op, LimitState *st, const Chunk *in, uint32_t start, uint32_t *n)
{
    uint32_t avail = in->count - start, take = 0;
    if (st->emitted < st->limit) {
        take =
            (int64_t)avail > st->limit - st->emitted ? (uint32_t)(st->limit - st->emitted) : avail;
        if (st->emitted + take < st->limit) {
            *n = take;
            return 0;
        }
    } else if (!st->have_last) { /* a count of 0 */
        st->done = true;
        *n = 0;
        return 0;
    }
    Vector *keys = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)op->plan->u.limit.nties);
    if (eval_ties(op, in, keys) != 0) return -1;
    if (take > 0) remember_last(op, st, keys, chunk_row(in, start + take - 1));
    while (take < avail && ties_last(op, st, keys, chunk_row(in, start + take))) take++;
    if (take < avail) st->done = true;
    *n = take;
    return 0;
}

static int limit_open(Operator *op)
{
    if (limit_setup(op) != 0) return -1;
    return exec_open(op->left);
}

static int limit_next(Operator *op, Chunk **out)
{
    LimitState *st = op->state;
    *out = NULL;
    bool ties = op->plan->u.limit.nties > 0;
    for (;;) {
        if (ties && st->limit >= 0 ? st->done : st->limit >= 0 && st->emitted >= st->limit)
            return 0;
        arena_reset(op->chunk_arena);
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (in == NULL) return 0;
        uint32_t start = 0;
        if (st->skipped < st->offset) {
            int64_t need = st->offset - st->skipped;
            if ((int64_t)in->count <= need) {
                st->skipped += in->count;
                continue;
            }
            start = (uint32_t)need;
            st->skipped = st->offset;
        }
        uint32_t n = in->count - start;
        if (ties && st->limit >= 0) {
            if (ties_take(op, st, in, start, &n) != 0) return -1;
            if (n == 0) {
                if (st->done) return 0;
                continue;
            }
        } else if (st->limit >= 0 && (int64_t)n > st->limit - st->emitted)
            n = (uint32_t)(st->limit - st->emitted);
        st->emitted += n;
        st->out = *in;
        st->out.count = n;
        if (start > 0) {
            if (in->sel) {
                st->out.sel = in->sel + start;
            } else {
                uint16_t *sel = sel_alloc(op->chunk_arena);
                for (uint32_t i = 0; i < n; i++) sel[i] = (uint16_t)(start + i);
                st->out.sel = sel;
            }
        }
        *out = &st->out;
        return 0;
    }
}

static int limit_rescan(Operator *op)
{
    if (limit_setup(op) != 0) return -1;
    return exec_rescan(op->left);
}

static void limit_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable limit_vt = {limit_open, limit_next, limit_rescan, limit_close};

Operator *op_limit_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &limit_vt);
    LimitState *st = ARENA_NEW(op->arena, LimitState);
    op->state = st;
    if (plan->u.limit.nties > 0) {
        st->last = ARENA_NEW_ARRAY(op->arena, Value, plan->u.limit.nties);
        st->last_arena = arena_create(op->arena, "with ties keys");
    }
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
