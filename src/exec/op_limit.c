/*
 * op_limit.c — LIMIT / OFFSET. Both expressions are evaluated once at open
 * (and again at rescan, since parameters may have changed). A NULL limit means
 * no limit and a NULL offset means 0, as in PostgreSQL. Once the limit is
 * reached the child is not pulled again.
 */
#include "exec/operator.h"

typedef struct LimitState {
    int64_t limit; /* -1 = none */
    int64_t offset;
    int64_t skipped;
    int64_t emitted;
    Chunk out;
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
    for (;;) {
        if (st->limit >= 0 && st->emitted >= st->limit) return 0;
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
        if (st->limit >= 0 && (int64_t)n > st->limit - st->emitted)
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
    op->state = ARENA_NEW(op->arena, LimitState);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
