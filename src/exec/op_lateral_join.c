/*
 * op_lateral_join.c — the dependent nested loop of LATERAL: PLAN_NL_JOIN with
 * nparams > 0 (PostgreSQL's Nested Loop with parameters). For each left row,
 * the parameter expressions are evaluated over that row into the right side's
 * parameter array and the right side runs again (exec_rescan); each of its
 * rows that passes the join condition is output beside the left row. LEFT: a
 * left row with no such right row is output once with NULLs on the right.
 * Only INNER and LEFT joins are dependent (PostgreSQL forbids LATERAL
 * references across RIGHT and FULL joins).
 *
 * The right side runs in its own ExecState (exec_state_init_child) whose
 * params are this operator's array: EXPR_PARAM i inside it reads parameter i,
 * as inside a correlated subplan. It is opened at the first left row, so that
 * nothing evaluates its parameters before they are set.
 *
 * Memory: output rows are copied, strings included, into a buffer of up to
 * VECTOR_SIZE rows in the chunk arena, so the output never refers to a left or
 * right chunk that a later pull replaces. The current left chunk stays valid
 * until every row of it is done (the left side is pulled only then); its
 * parameter vectors live in `probe_arena` (reset per left chunk), the current
 * left row's constant vectors in `row_arena` (reset per left row), and the
 * condition's scratch in `scratch` (reset per right chunk).
 */
#include <string.h>

#include "exec/chunk_collection.h"
#include "exec/operator.h"
#include "exec/subplan.h"

typedef struct LateralState {
    ExecState right_es;
    Value *params;
    bool right_opened;
    int nleft, nright, nparams;
    Arena *probe_arena, *row_arena, *scratch;
    EvalCtx probe_eval, scratch_eval;
    /* the current left chunk and row */
    Chunk *probe;
    Vector *param_vecs;
    uint32_t probe_i;
    bool left_done;
    bool row_active; /* the right side is running for the current left row */
    bool row_matched;
    Vector *lconst; /* the current left row as CONSTANT vectors */
    /* the current right chunk: its rows rsel[rpos..rcount) still to output */
    Chunk *rchunk;
    uint16_t *rsel;
    uint32_t rpos, rcount;
} LateralState;

static void reset_state(Operator *op)
{
    LateralState *st = op->state;
    /* exec_open/exec_rescan refresh op->eval's view of the parameters */
    st->probe_eval.params = st->scratch_eval.params = op->eval.params;
    st->probe_eval.nparams = st->scratch_eval.nparams = op->eval.nparams;
    st->probe = NULL;
    st->probe_i = 0;
    st->left_done = false;
    st->row_active = false;
    st->rchunk = NULL;
    st->rpos = st->rcount = 0;
}

static int lateral_open(Operator *op)
{
    reset_state(op);
    return exec_open(op->left);
}

static int lateral_rescan(Operator *op)
{
    reset_state(op);
    return exec_rescan(op->left);
}

static void lateral_close(Operator *op)
{
    LateralState *st = op->state;
    exec_close(op->left);
    if (st->right_opened) exec_close(op->right);
    subplan_close_all(&st->right_es); /* the right side's own subplans */
}

/* Pulls the next left chunk and evaluates the parameters over it; false at
 * the end of the left side. */
static int next_probe(Operator *op, bool *got)
{
    LateralState *st = op->state;
    Chunk *in;
    *got = false;
    if (exec_next(op->left, &in) != 0) return -1;
    if (!in) return 0;
    arena_reset(st->probe_arena);
    for (int k = 0; k < st->nparams; k++)
        if (expr_eval(op->plan->u.nl_join.params[k], in, &st->param_vecs[k], &st->probe_eval) != 0)
            return -1;
    st->probe = in;
    st->probe_i = 0;
    *got = true;
    return 0;
}

/* Starts the right side for the current left row. */
static int start_row(Operator *op)
{
    LateralState *st = op->state;
    uint32_t row = chunk_row(st->probe, st->probe_i);
    arena_reset(st->row_arena);
    for (int k = 0; k < st->nparams; k++) vector_get_value(&st->param_vecs[k], row, &st->params[k]);
    for (int c = 0; c < st->nleft; c++) {
        Value v;
        vector_get_value(&st->probe->cols[c], row, &v);
        vector_init_constant(&st->lconst[c], &v, st->row_arena);
        st->lconst[c].type = st->probe->cols[c].type;
    }
    st->row_active = true;
    st->row_matched = false;
    if (!st->right_opened) {
        st->right_opened = true;
        return exec_open(op->right);
    }
    return exec_rescan(op->right);
}

/* Takes the right side's next chunk for the current row: its rows passing
 * the condition become rsel[0..rcount). */
static int take_right_chunk(Operator *op, Chunk *rc)
{
    LateralState *st = op->state;
    const Expr *cond = op->plan->u.nl_join.cond;
    st->rchunk = rc;
    st->rpos = 0;
    if (cond) {
        Vector *cols = arena_alloc(st->scratch, sizeof(Vector) * (size_t)(st->nleft + st->nright));
        memcpy(cols, st->lconst, sizeof(Vector) * (size_t)st->nleft);
        memcpy(cols + st->nleft, rc->cols, sizeof(Vector) * (size_t)st->nright);
        Chunk pairs = {
            .ncols = st->nleft + st->nright, .cols = cols, .count = rc->count, .sel = rc->sel};
        if (expr_eval_filter(cond, &pairs, st->rsel, &st->rcount, &st->scratch_eval) != 0)
            return -1;
    } else {
        for (uint32_t i = 0; i < rc->count; i++) st->rsel[i] = (uint16_t)chunk_row(rc, i);
        st->rcount = rc->count;
    }
    if (st->rcount > 0) st->row_matched = true;
    return 0;
}

static int lateral_next(Operator *op, Chunk **out)
{
    LateralState *st = op->state;
    const PlanNode *plan = op->plan;
    Chunk *buf = chunk_create(op->chunk_arena, plan->ncols, plan->types);
    buf->count = 0;
    Arena *heap = op->chunk_arena;
    while (buf->count < VECTOR_SIZE) {
        if (st->rchunk && st->rpos < st->rcount) {
            uint32_t n = st->rcount - st->rpos;
            if (n > VECTOR_SIZE - buf->count) n = VECTOR_SIZE - buf->count;
            for (int c = 0; c < st->nleft; c++)
                chunk_vector_copy(&buf->cols[c], buf->count, &st->lconst[c], NULL, n, heap, heap);
            for (int c = 0; c < st->nright; c++)
                chunk_vector_copy(&buf->cols[st->nleft + c], buf->count, &st->rchunk->cols[c],
                                  st->rsel + st->rpos, n, heap, heap);
            buf->count += n;
            st->rpos += n;
            continue;
        }
        st->rchunk = NULL;
        if (st->row_active) {
            Chunk *rc;
            if (exec_next(op->right, &rc) != 0) return -1;
            if (exec_check_interrupts(op->es) != 0) return -1;
            if (rc) {
                arena_reset(st->scratch);
                if (take_right_chunk(op, rc) != 0) return -1;
                continue;
            }
            st->row_active = false;
            if (plan->u.nl_join.type == JOIN_LEFT && !st->row_matched) {
                for (int c = 0; c < st->nleft; c++)
                    chunk_vector_copy(&buf->cols[c], buf->count, &st->lconst[c], NULL, 1, heap,
                                      heap);
                for (int c = 0; c < st->nright; c++)
                    vector_set_null(&buf->cols[st->nleft + c], buf->count, heap);
                buf->count++;
            }
            st->probe_i++;
            continue;
        }
        if (!st->probe || st->probe_i >= st->probe->count) {
            st->probe = NULL; /* the next pull replaces it */
            if (st->left_done) break;
            bool got;
            if (next_probe(op, &got) != 0) return -1;
            if (!got) {
                st->left_done = true;
                break;
            }
            continue;
        }
        if (start_row(op) != 0) return -1;
    }
    *out = buf->count > 0 ? buf : NULL;
    return 0;
}

static const OperatorVTable lateral_vt = {lateral_open, lateral_next, lateral_rescan,
                                          lateral_close};

Operator *op_lateral_join_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &lateral_vt);
    LateralState *st = ARENA_NEW(op->arena, LateralState);
    op->state = st;
    st->nleft = plan->left->ncols;
    st->nright = plan->right->ncols;
    st->nparams = plan->u.nl_join.nparams;
    st->params = ARENA_NEW_ARRAY(op->arena, Value, st->nparams);
    st->param_vecs = ARENA_NEW_ARRAY(op->arena, Vector, st->nparams);
    st->lconst = ARENA_NEW_ARRAY(op->arena, Vector, st->nleft > 0 ? st->nleft : 1);
    st->rsel = sel_alloc(op->arena);
    st->probe_arena = arena_create(op->arena, "lateral parameters");
    st->row_arena = arena_create(op->arena, "lateral row");
    st->scratch = arena_create(op->arena, "lateral scratch");
    st->probe_eval = op->eval;
    st->probe_eval.arena = st->probe_arena;
    st->scratch_eval = op->eval;
    st->scratch_eval.arena = st->scratch;
    exec_state_init_child(&st->right_es, es, st->params, st->nparams);
    JoinType t = plan->u.nl_join.type;
    if ((t != JOIN_INNER && t != JOIN_LEFT) || plan->ncols != st->nleft + st->nright) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "unexpected dependent nested loop");
        return NULL;
    }
    op->left = exec_build(plan->left, es);
    if (op->left == NULL) return NULL;
    op->right = exec_build(plan->right, &st->right_es);
    if (op->right == NULL) return NULL;
    return op;
}
