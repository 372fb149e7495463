/*
 * op_unique.c — PLAN_UNIQUE: SELECT DISTINCT ON. The child arrives sorted with
 * the DISTINCT ON keys leading; the operator passes on the first row of each
 * run of rows whose keys are equal (NULLs equal each other, as in GROUP BY)
 * and drops the rest. The previous run's keys are copied into the operator's
 * own arena, since the chunk they came from is gone by the next call.
 */
#include <string.h>

#include "exec/operator.h"
#include "exec/vector_ops.h"

typedef struct UniqueState {
    bool have_prev;
    Value *prev; /* keys of the current run */
    Arena *prev_arena;
    uint16_t *sel;
    Chunk out;
} UniqueState;

static bool same_keys(const PlanNode *plan, const UniqueState *st, const Chunk *c, uint32_t pos)
{
    for (int k = 0; k < plan->u.unique.nkeys; k++) {
        const Vector *v = &c->cols[plan->u.unique.cols[k]];
        bool is_null = !vector_is_valid(v, pos);
        if (is_null != st->prev[k].is_null) return false;
        if (!is_null && !value_eq(v->type.id, vector_value_ptr(v, pos), &st->prev[k].u))
            return false;
    }
    return true;
}

static void remember_keys(const PlanNode *plan, UniqueState *st, const Chunk *c, uint32_t pos)
{
    arena_reset(st->prev_arena);
    for (int k = 0; k < plan->u.unique.nkeys; k++) {
        const Vector *v = &c->cols[plan->u.unique.cols[k]];
        Value *val = &st->prev[k];
        vector_get_value(v, pos, val);
        if (!val->is_null && (type_is_varlena(v->type.id))) {
            char *copy = arena_alloc(st->prev_arena, val->u.str.len ? val->u.str.len : 1);
            memcpy(copy, strview_data(&val->u.str), val->u.str.len);
            val->u.str = strview_make(copy, val->u.str.len);
        }
    }
    st->have_prev = true;
}

static int unique_open(Operator *op)
{
    UniqueState *st = op->state;
    st->have_prev = false;
    return exec_open(op->left);
}

static int unique_next(Operator *op, Chunk **out)
{
    UniqueState *st = op->state;
    *out = NULL;
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (!in) return 0;
        uint32_t n = 0;
        for (uint32_t i = 0; i < in->count; i++) {
            uint32_t pos = chunk_row(in, i);
            if (st->have_prev && same_keys(op->plan, st, in, pos)) continue;
            remember_keys(op->plan, st, in, pos);
            st->sel[n++] = (uint16_t)pos;
        }
        if (n == 0) continue;
        st->out = *in;
        st->out.sel = st->sel;
        st->out.count = n;
        *out = &st->out;
        return 0;
    }
}

static int unique_rescan(Operator *op)
{
    UniqueState *st = op->state;
    st->have_prev = false;
    return exec_rescan(op->left);
}

static void unique_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable unique_vt = {unique_open, unique_next, unique_rescan, unique_close};

Operator *op_unique_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &unique_vt);
    UniqueState *st = ARENA_NEW(op->arena, UniqueState);
    op->state = st;
    st->prev =
        ARENA_NEW_ARRAY(op->arena, Value, plan->u.unique.nkeys > 0 ? plan->u.unique.nkeys : 1);
    st->prev_arena = arena_create(op->arena, "distinct on keys");
    st->sel = sel_alloc(op->arena);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
