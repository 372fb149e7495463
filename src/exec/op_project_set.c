/*
 * op_project_set.c — set-returning functions of the SELECT list
 * (PostgreSQL 10+'s ProjectSet). Output: the child's columns, then one
 * column per call (plan->u.project_set.calls, functions of exec/srf.h).
 *
 * Per input row, every call's iterator is opened with that row's argument
 * values and the calls run in lockstep: the row yields as many output rows as
 * the longest set, a call whose set has ended yields NULL beside the others,
 * and a row whose sets are all empty yields nothing. Expressions around the
 * calls (`generate_series(1, 3) + 1`) are evaluated by the projection above.
 *
 * Vectorised: the arguments are evaluated once per input chunk; each call's
 * iterator writes a batch of values straight into its output vector, and the
 * child's columns are gathered with one copy per column per output chunk
 * (rowmap: the input row of each output row). An output chunk holds up to
 * VECTOR_SIZE rows of one input chunk, so a row with a long set spans output
 * chunks and a chunk of rows with short sets fills one; interrupts are
 * checked per output chunk and per input chunk pulled.
 *
 * A call with several OUT parameters (json_each in the SELECT list) yields a
 * record of them per row: its iterator writes into columns of its own, which
 * are then packed into the call's one output column.
 *
 * Memory: the argument vectors and the iterators' state (unnest's elements)
 * live in `in_arena`, reset when the next input chunk is pulled — by then no
 * returned chunk refers to them. Output chunks are in the chunk arena; their
 * string views point into the input chunk, which stays valid until this
 * operator pulls again, i.e. past the life of the chunk it returned.
 */
#include <string.h>

#include "catalog/record.h"
#include "exec/chunk_collection.h"
#include "exec/operator.h"
#include "exec/srf.h"

typedef struct ProjectSetState {
    Arena *in_arena;
    Chunk *in;        /* the current input chunk, or NULL */
    uint32_t in_pos;  /* next row of `in` (selection index) */
    bool child_done;  /* the child returned its last chunk */
    bool row_active;  /* the iterators of row `row` may have more rows */
    uint32_t row;     /* physical row of `in` the iterators run for */
    Vector **argv;    /* [call][arg]: the arguments over `in` */
    SrfIter *its;     /* per call */
    bool *ended;      /* per call: its set for `row` has ended */
    uint32_t *counts; /* scratch: rows each call wrote in one step */
    Vector **cols;    /* per record-valued call: its OUT parameters' columns */
    StrBuf rec;       /* one record's bytes (in the operator's arena, reused) */
} ProjectSetState;

/* Pulls the next input chunk and evaluates every call's arguments over it;
 * st->in = NULL at the end of the input. */
static int pull_input(Operator *op, ProjectSetState *st)
{
    const PlanNode *plan = op->plan;
    if (exec_check_interrupts(op->es) != 0) return -1;
    st->in = NULL;
    st->in_pos = 0;
    if (st->child_done) return 0;
    arena_reset(st->in_arena);
    Chunk *in;
    if (exec_next(op->left, &in) != 0) return -1;
    if (!in) {
        st->child_done = true;
        return 0;
    }
    EvalCtx ctx = op->eval;
    ctx.arena = st->in_arena;
    for (int j = 0; j < plan->u.project_set.ncalls; j++) {
        const SrfCallPlan *call = &plan->u.project_set.calls[j];
        for (int a = 0; a < call->nargs; a++)
            if (expr_eval(call->args[a], in, &st->argv[j][a], &ctx) != 0) return -1;
    }
    st->in = in;
    return 0;
}

/* Opens every call's iterator for physical row `row` of the input chunk. */
static int open_row(Operator *op, ProjectSetState *st, uint32_t row)
{
    const PlanNode *plan = op->plan;
    Value args[8];
    st->row = row;
    st->row_active = false;
    for (int j = 0; j < plan->u.project_set.ncalls; j++) {
        const SrfCallPlan *call = &plan->u.project_set.calls[j];
        for (int a = 0; a < call->nargs; a++) vector_get_value(&st->argv[j][a], row, &args[a]);
        if (srf_iter_open(&st->its[j], call->def, call->type, args, call->nargs, st->in_arena,
                          op->es) != 0)
            return -1;
        st->ended[j] = st->its[j].done;
        if (!st->ended[j]) st->row_active = true;
    }
    return 0;
}

/* One step of call j into rows at..at+max-1 of `out`. A call with several
 * OUT parameters writes them into its own columns first, then each row
 * becomes a record of them (catalog/record.h). */
static int call_next(ProjectSetState *st, const SrfCallPlan *call, int j, Vector *out, uint32_t at,
                     uint32_t max)
{
    if (call->ncols <= 1) return srf_iter_next(&st->its[j], out, at, max, &st->counts[j]);
    Vector *cols = st->cols[j];
    for (int k = 0; k < call->ncols; k++) {
        cols[k].validity = NULL;
        cols[k].heap = st->in_arena;
    }
    if (srf_iter_next(&st->its[j], cols, 0, max, &st->counts[j]) != 0) return -1;
    Value fields[SRF_MAX_COLS];
    for (uint32_t r = 0; r < st->counts[j]; r++) {
        for (int k = 0; k < call->ncols; k++) vector_get_value(&cols[k], r, &fields[k]);
        strbuf_reset(&st->rec);
        record_write(fields, (uint32_t)call->ncols, &st->rec);
        vector_set_valid(out, at + r);
        ((StrView *)out->data)[at + r] =
            vector_add_string(out, st->rec.data, (uint32_t)st->rec.len);
    }
    return 0;
}

static int project_set_next(Operator *op, Chunk **out)
{
    ProjectSetState *st = op->state;
    const PlanNode *plan = op->plan;
    int ncalls = plan->u.project_set.ncalls;
    int nin = plan->ncols - ncalls;
    *out = NULL;
    if (exec_check_interrupts(op->es) != 0) return -1;
    Chunk *c = ARENA_NEW(op->chunk_arena, Chunk);
    c->ncols = plan->ncols;
    c->cols = ARENA_NEW_ARRAY(op->chunk_arena, Vector, plan->ncols > 0 ? plan->ncols : 1);
    for (int j = 0; j < ncalls; j++)
        vector_init_flat(&c->cols[nin + j], plan->types[nin + j], op->chunk_arena);
    uint16_t *rowmap = sel_alloc(op->chunk_arena);
    uint32_t n_out = 0;
    while (n_out < VECTOR_SIZE) {
        if (!st->row_active) {
            if (!st->in || st->in_pos == st->in->count) {
                /* the rows gathered so far refer to the current input chunk */
                if (n_out > 0) break;
                if (pull_input(op, st) != 0) return -1;
                if (!st->in) break;
            }
            if (open_row(op, st, chunk_row(st->in, st->in_pos++)) != 0) return -1;
            continue;
        }
        uint32_t space = VECTOR_SIZE - n_out, most = 0;
        for (int j = 0; j < ncalls; j++) {
            st->counts[j] = 0;
            if (st->ended[j]) continue;
            if (call_next(st, &plan->u.project_set.calls[j], j, &c->cols[nin + j], n_out, space) !=
                0)
                return -1;
            if (st->counts[j] < space) st->ended[j] = true;
            if (st->counts[j] > most) most = st->counts[j];
        }
        /* calls whose set ended early: NULL beside the longer ones */
        for (int j = 0; j < ncalls; j++)
            for (uint32_t r = st->counts[j]; r < most; r++)
                vector_set_null(&c->cols[nin + j], n_out + r, op->chunk_arena);
        for (uint32_t r = 0; r < most; r++) rowmap[n_out + r] = (uint16_t)st->row;
        n_out += most;
        st->row_active = false;
        for (int j = 0; j < ncalls; j++)
            if (!st->ended[j]) st->row_active = true;
    }
    if (n_out == 0) return 0;
    for (int k = 0; k < nin; k++) {
        const Vector *src = &st->in->cols[k];
        if (src->kind == VEC_CONSTANT) {
            c->cols[k] = *src;
            continue;
        }
        vector_init_flat(&c->cols[k], plan->types[k], op->chunk_arena);
        chunk_vector_copy(&c->cols[k], 0, src, rowmap, n_out, NULL, op->chunk_arena);
    }
    c->count = n_out;
    *out = c;
    return 0;
}

static void reset_state(ProjectSetState *st)
{
    st->in = NULL;
    st->in_pos = 0;
    st->child_done = false;
    st->row_active = false;
}

static int project_set_open(Operator *op)
{
    reset_state(op->state);
    return exec_open(op->left);
}

static int project_set_rescan(Operator *op)
{
    reset_state(op->state);
    return exec_rescan(op->left);
}

static void project_set_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable project_set_vt = {project_set_open, project_set_next,
                                              project_set_rescan, project_set_close};

Operator *op_project_set_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &project_set_vt);
    op->left = exec_build(plan->left, es);
    if (!op->left) return NULL;
    int ncalls = plan->u.project_set.ncalls;
    ProjectSetState *st = ARENA_NEW(op->arena, ProjectSetState);
    st->in_arena = arena_create(op->arena, "project set input");
    st->argv = ARENA_NEW_ARRAY(op->arena, Vector *, ncalls > 0 ? ncalls : 1);
    for (int j = 0; j < ncalls; j++) {
        const SrfCallPlan *call = &plan->u.project_set.calls[j];
        if (call->nargs > 8) {
            ERR(es->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "set-returning functions with more than 8 arguments are not supported");
            return NULL;
        }
        st->argv[j] = ARENA_NEW_ARRAY(op->arena, Vector, call->nargs > 0 ? call->nargs : 1);
    }
    st->cols = ARENA_NEW_ARRAY(op->arena, Vector *, ncalls > 0 ? ncalls : 1);
    for (int j = 0; j < ncalls; j++) {
        const SrfCallPlan *call = &plan->u.project_set.calls[j];
        if (call->ncols <= 1) continue;
        st->cols[j] = ARENA_NEW_ARRAY(op->arena, Vector, call->ncols);
        for (int k = 0; k < call->ncols; k++)
            vector_init_flat(&st->cols[j][k], call->col_types[k], op->arena);
    }
    strbuf_init(&st->rec, op->arena);
    st->its = ARENA_NEW_ARRAY(op->arena, SrfIter, ncalls > 0 ? ncalls : 1);
    st->ended = ARENA_NEW_ARRAY(op->arena, bool, ncalls > 0 ? ncalls : 1);
    st->counts = ARENA_NEW_ARRAY(op->arena, uint32_t, ncalls > 0 ? ncalls : 1);
    op->state = st;
    return op;
}
