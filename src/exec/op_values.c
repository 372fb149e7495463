/*
 * op_values.c — VALUES lists and SELECT without FROM (one row, possibly zero
 * columns). Each row's expressions are evaluated with expr_eval_scalar when the
 * row is emitted (so volatile functions run once per row, as in PostgreSQL),
 * up to VECTOR_SIZE rows per chunk.
 */
#include "exec/operator.h"

/* Lenient widening for values whose type the binder left narrower than the
 * column (integers to wider integers, numeric or float8; strings to strings).
 * Returns -1 if the conversion is not one of these. */
static int coerce(Value *v, TypeId to)
{
    if (type_is_string(v->type.id) && type_is_string(to)) return 0;
    if (!type_is_integer(v->type.id)) return -1;
    int64_t i = v->type.id == TYPE_INT2 ? v->u.i16 : v->type.id == TYPE_INT4 ? v->u.i32 : v->u.i64;
    switch (to) {
    case TYPE_INT2:
        if (i < INT16_MIN || i > INT16_MAX) return -1;
        v->u.i16 = (int16_t)i;
        return 0;
    case TYPE_INT4:
        if (i < INT32_MIN || i > INT32_MAX) return -1;
        v->u.i32 = (int32_t)i;
        return 0;
    case TYPE_INT8:
        v->u.i64 = i;
        return 0;
    case TYPE_FLOAT8:
        v->u.f8 = (double)i;
        return 0;
    case TYPE_NUMERIC:
        v->u.num = numeric_make(i, 0);
        return 0;
    default:
        return -1;
    }
}

typedef struct ValuesState {
    int next_row;
} ValuesState;

static int values_open(Operator *op)
{
    ((ValuesState *)op->state)->next_row = 0;
    return 0;
}

static int values_next(Operator *op, Chunk **out)
{
    ValuesState *st = op->state;
    const PlanNode *plan = op->plan;
    int nrows = plan->u.values.nrows;
    if (st->next_row >= nrows) {
        *out = NULL;
        return 0;
    }
    int n = nrows - st->next_row;
    if (n > VECTOR_SIZE) n = VECTOR_SIZE;
    Chunk *c = chunk_create(op->chunk_arena, plan->ncols, plan->types);
    for (int r = 0; r < n; r++) {
        Expr **row = plan->u.values.rows[st->next_row + r];
        for (int col = 0; col < plan->ncols; col++) {
            Value v;
            if (expr_eval_scalar(row[col], &v, &op->eval) != 0) return -1;
            if (!v.is_null && v.type.id != plan->types[col].id &&
                coerce(&v, plan->types[col].id) != 0)
                return ERR(op->es->err, SQLSTATE_INTERNAL_ERROR,
                           "VALUES column %d has type %s, expected %s", col + 1,
                           type_info(v.type.id)->name, type_info(plan->types[col].id)->name);
            v.type = plan->types[col];
            vector_set_value(&c->cols[col], (uint32_t)r, &v);
        }
    }
    c->count = (uint32_t)n;
    st->next_row += n;
    *out = c;
    return 0;
}

static int values_rescan(Operator *op)
{
    ((ValuesState *)op->state)->next_row = 0;
    return 0;
}

static const OperatorVTable values_vt = {values_open, values_next, values_rescan, NULL};

Operator *op_values_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &values_vt);
    op->state = ARENA_NEW(op->arena, ValuesState);
    return op;
}
