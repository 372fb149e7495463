/*
 * op_materialize.c — buffers its child's rows once (at the first next()) in a
 * ChunkCollection and replays them; rescan replays the buffer without running
 * the child again. The planner puts it only above inputs that do not depend on
 * changing parameters (nested-loop inners, uncorrelated subplans).
 */
#include "exec/chunk_collection.h"
#include "exec/operator.h"

typedef struct MaterializeState {
    ChunkCollection rows;
    bool filled;
    uint32_t next_chunk;
    Chunk out;
} MaterializeState;

static int materialize_open(Operator *op)
{
    MaterializeState *st = op->state;
    st->next_chunk = 0;
    if (st->filled) return 0;
    return exec_open(op->left);
}

static int materialize_next(Operator *op, Chunk **out)
{
    MaterializeState *st = op->state;
    *out = NULL;
    if (!st->filled) {
        for (;;) {
            Chunk *in;
            if (exec_next(op->left, &in) != 0) return -1;
            if (in == NULL) break;
            chunk_collection_append(&st->rows, in);
            if (exec_check_interrupts(op->es) != 0) return -1;
        }
        st->filled = true;
    }
    if (st->next_chunk >= st->rows.nchunks) return 0;
    st->out = *chunk_collection_chunk(&st->rows, st->next_chunk++);
    *out = &st->out;
    return 0;
}

static int materialize_rescan(Operator *op)
{
    ((MaterializeState *)op->state)->next_chunk = 0;
    return 0;
}

static void materialize_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable materialize_vt = {materialize_open, materialize_next,
                                              materialize_rescan, materialize_close};

Operator *op_materialize_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &materialize_vt);
    MaterializeState *st = ARENA_NEW(op->arena, MaterializeState);
    chunk_collection_init(&st->rows, op->arena, plan->ncols, plan->types);
    op->state = st;
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
