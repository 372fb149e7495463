/*
 * op_nl_join.c — nested-loop join for non-equi conditions and CROSS JOIN
 * (cond == NULL). The right child is materialised once into a
 * ChunkCollection; then for each left row, the condition is evaluated over
 * "that row broadcast as CONSTANT vectors" x "one stored right chunk" (up to
 * VECTOR_SIZE pairs per evaluation). Matching pairs are copied into an output
 * buffer of VECTOR_SIZE rows; the cursor (left row, right chunk) resumes on
 * the next call.
 *
 * Join types: INNER, LEFT (unmatched left rows padded with NULLs), RIGHT and
 * FULL (right rows that never matched are emitted at the end with NULLs on the
 * left), SEMI and ANTI (left columns only; the scan of the right side stops at
 * the first match). Condition evaluation uses a scratch arena reset per
 * evaluation, and interrupts are checked per evaluation, so a large cross join
 * is cancellable and runs in bounded memory.
 */
#include <string.h>

#include "exec/chunk_collection.h"
#include "exec/operator.h"

/* Inner sides up to this many rows are joined row-major: one evaluation per
 * (left chunk, inner row) instead of per (left row, inner chunk), so a large
 * left side against a few rows (a cross join with a one-row subquery result)
 * costs a handful of vectorised evaluations per chunk. */
#define NL_SMALL_INNER 256

typedef struct NlJoinState {
    Arena *data;
    Arena *scratch;
    EvalCtx scratch_eval;
    ChunkCollection inner;
    uint8_t *right_matched;
    bool built;
    bool left_done;
    Chunk *probe;
    uint32_t probe_i;
    uint32_t rchunk;
    bool cur_matched;
    uint64_t right_next;
    int nleft, nright;
    /* Small inner side (row-major mode): cursor over the inner rows for the
     * current left chunk, and matches per physical left row. */
    bool small;
    bool tail; /* the current left chunk has seen every inner row */
    uint32_t rrow;
    uint8_t lmatched[VECTOR_SIZE];
} NlJoinState;

static void setup(Operator *op)
{
    NlJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "nested loop data");
    st->scratch = arena_create(st->data, "nested loop scratch");
    st->scratch_eval = op->eval;
    st->scratch_eval.arena = st->scratch;
    st->nleft = plan->left->ncols;
    st->nright = plan->right->ncols;
    chunk_collection_init(&st->inner, st->data, st->nright, plan->right->types);
    st->right_matched = NULL;
    st->built = false;
    st->left_done = false;
    st->probe = NULL;
    st->right_next = 0;
}

static int build(Operator *op)
{
    NlJoinState *st = op->state;
    for (;;) {
        Chunk *in;
        if (exec_next(op->right, &in) != 0) return -1;
        if (in == NULL) break;
        chunk_collection_append(&st->inner, in);
        if (exec_check_interrupts(op->es) != 0) return -1;
    }
    JoinType t = op->plan->u.nl_join.type;
    if (t == JOIN_RIGHT || t == JOIN_FULL)
        st->right_matched = arena_zalloc(st->data, st->inner.count ? st->inner.count : 1);
    if (st->inner.count == 0 && (t == JOIN_INNER || t == JOIN_SEMI || t == JOIN_RIGHT))
        st->left_done = true;
    st->small = st->inner.count <= NL_SMALL_INNER;
    st->built = true;
    return 0;
}

static void set_null_rows(Vector *v, uint32_t off, uint32_t n, Arena *arena)
{
    for (uint32_t i = 0; i < n; i++) vector_set_null(v, off + i, arena);
}

/* Row-major mode (small inner side): the output chunks are the left chunk's
 * own vectors plus the inner row as CONSTANT vectors, with the selection of
 * matching rows — no copies. */
static int nl_join_next_small(Operator *op, Chunk **out)
{
    NlJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    JoinType type = plan->u.nl_join.type;
    const Expr *cond = plan->u.nl_join.cond;
    bool pairs_out = type != JOIN_SEMI && type != JOIN_ANTI;
    for (;;) {
        if (st->left_done) return 0;
        if (st->probe == NULL) {
            Chunk *in;
            if (exec_next(op->left, &in) != 0) return -1;
            if (in == NULL) {
                st->left_done = true;
                return 0;
            }
            st->probe = in;
            st->rrow = 0;
            st->tail = false;
            for (uint32_t i = 0; i < in->count; i++) st->lmatched[chunk_row(in, i)] = 0;
        }
        Chunk *p = st->probe;
        int ncols = st->nleft + st->nright;
        Chunk *c = ARENA_NEW(op->chunk_arena, Chunk);
        c->ncols = ncols;
        c->cols = ARENA_NEW_ARRAY(op->chunk_arena, Vector, ncols > 0 ? ncols : 1);
        memcpy(c->cols, p->cols, sizeof(Vector) * (size_t)st->nleft);
        if (!st->tail && st->rrow < st->inner.count) {
            uint32_t r = st->rrow++;
            for (int k = 0; k < st->nright; k++) {
                Value v;
                const Chunk *rc = chunk_collection_chunk(&st->inner, r >> CC_CHUNK_SHIFT);
                vector_get_value(&rc->cols[k], r & CC_CHUNK_MASK, &v);
                vector_init_constant(&c->cols[st->nleft + k], &v, op->chunk_arena);
                c->cols[st->nleft + k].type = plan->right->types[k];
            }
            c->count = p->count;
            c->sel = p->sel;
            if (cond) {
                uint16_t *sel = sel_alloc(op->chunk_arena);
                uint32_t n = 0;
                if (expr_eval_filter(cond, c, sel, &n, &op->eval) != 0) return -1;
                c->sel = sel;
                c->count = n;
            }
            if (exec_check_interrupts(op->es) != 0) return -1;
            if (c->count == 0) {
                arena_reset(op->chunk_arena);
                continue;
            }
            for (uint32_t i = 0; i < c->count; i++) st->lmatched[chunk_row(c, i)] = 1;
            if (st->right_matched) st->right_matched[r] = 1;
            if (pairs_out) {
                c->ncols = plan->ncols;
                *out = c;
                return 0;
            }
            arena_reset(op->chunk_arena);
            continue;
        }
        /* Every inner row has been seen for this left chunk. */
        st->tail = true;
        st->probe = NULL;
        if (type == JOIN_INNER || type == JOIN_RIGHT) {
            arena_reset(op->chunk_arena);
            continue;
        }
        bool want = type == JOIN_SEMI; /* SEMI: matched rows; LEFT/FULL/ANTI: unmatched */
        uint16_t *sel = sel_alloc(op->chunk_arena);
        uint32_t n = 0;
        for (uint32_t i = 0; i < p->count; i++) {
            uint32_t row = chunk_row(p, i);
            if ((st->lmatched[row] != 0) == want) sel[n++] = (uint16_t)row;
        }
        if (n == 0) {
            arena_reset(op->chunk_arena);
            continue;
        }
        if (pairs_out) {
            for (int k = 0; k < st->nright; k++) {
                Value v;
                memset(&v, 0, sizeof(v));
                v.type = plan->right->types[k];
                v.is_null = true;
                vector_init_constant(&c->cols[st->nleft + k], &v, op->chunk_arena);
            }
        }
        c->ncols = plan->ncols;
        c->sel = sel;
        c->count = n;
        *out = c;
        return 0;
    }
}

static int nl_join_next(Operator *op, Chunk **out)
{
    NlJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    JoinType type = plan->u.nl_join.type;
    const Expr *cond = plan->u.nl_join.cond;
    bool pairs_out = type != JOIN_SEMI && type != JOIN_ANTI;
    *out = NULL;
    if (!st->built && build(op) != 0) return -1;
    if (st->small && !st->left_done) {
        if (nl_join_next_small(op, out) != 0) return -1;
        if (*out) return 0;
    }
    Chunk *buf = chunk_create(op->chunk_arena, plan->ncols, plan->types);
    buf->count = 0;
    Vector *lconst = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(st->nleft + 1));
    Vector *pair_cols =
        arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(st->nleft + st->nright + 1));
    uint16_t *sel = sel_alloc(op->chunk_arena);

    while (!st->left_done) {
        if (st->probe == NULL) {
            Chunk *in;
            if (exec_next(op->left, &in) != 0) return -1;
            if (in == NULL) {
                st->left_done = true;
                break;
            }
            st->probe = in;
            st->probe_i = 0;
            st->rchunk = 0;
            st->cur_matched = false;
        }
        Chunk *p = st->probe;
        if (st->probe_i >= p->count) {
            /* Do not pull the next left chunk while buf may reference this one. */
            if (buf->count > 0) break;
            st->probe = NULL;
            continue;
        }
        uint32_t lrow = chunk_row(p, st->probe_i);
        if (st->rchunk < st->inner.nchunks && !(!pairs_out && st->cur_matched)) {
            const Chunk *rc = chunk_collection_chunk(&st->inner, st->rchunk);
            if (pairs_out && buf->count > 0 && buf->count + rc->count > VECTOR_SIZE) break;
            arena_reset(st->scratch);
            for (int c = 0; c < st->nleft; c++) {
                Value v;
                vector_get_value(&p->cols[c], lrow, &v);
                vector_init_constant(&lconst[c], &v, st->scratch);
                lconst[c].type = p->cols[c].type;
            }
            uint32_t n = rc->count;
            const uint16_t *psel = NULL;
            if (cond) {
                Chunk pairs;
                memcpy(pair_cols, lconst, sizeof(Vector) * (size_t)st->nleft);
                memcpy(pair_cols + st->nleft, rc->cols, sizeof(Vector) * (size_t)st->nright);
                pairs.ncols = st->nleft + st->nright;
                pairs.cols = pair_cols;
                pairs.count = rc->count;
                pairs.sel = NULL;
                if (expr_eval_filter(cond, &pairs, sel, &n, &st->scratch_eval) != 0) return -1;
                psel = sel;
            }
            if (n > 0) {
                st->cur_matched = true;
                if (st->right_matched) {
                    uint64_t base = (uint64_t)st->rchunk << CC_CHUNK_SHIFT;
                    for (uint32_t j = 0; j < n; j++)
                        st->right_matched[base + (psel ? psel[j] : j)] = 1;
                }
                if (pairs_out) {
                    for (int c = 0; c < st->nleft; c++)
                        chunk_vector_copy(&buf->cols[c], buf->count, &lconst[c], NULL, n,
                                          op->chunk_arena, op->chunk_arena);
                    for (int c = 0; c < st->nright; c++)
                        chunk_vector_copy(&buf->cols[st->nleft + c], buf->count, &rc->cols[c], psel,
                                          n, NULL, op->chunk_arena);
                    buf->count += n;
                }
            }
            st->rchunk++;
            if (exec_check_interrupts(op->es) != 0) return -1;
            continue;
        }
        /* This left row has seen every right chunk (or matched, for SEMI/ANTI). */
        bool emit = false;
        if (type == JOIN_LEFT || type == JOIN_FULL)
            emit = !st->cur_matched;
        else if (type == JOIN_SEMI)
            emit = st->cur_matched;
        else if (type == JOIN_ANTI)
            emit = !st->cur_matched;
        if (emit) {
            if (buf->count >= VECTOR_SIZE) break;
            uint16_t one = (uint16_t)lrow;
            for (int c = 0; c < st->nleft; c++)
                chunk_vector_copy(&buf->cols[c], buf->count, &p->cols[c], &one, 1, NULL,
                                  op->chunk_arena);
            if (pairs_out)
                for (int c = 0; c < st->nright; c++)
                    set_null_rows(&buf->cols[st->nleft + c], buf->count, 1, op->chunk_arena);
            buf->count++;
        }
        st->probe_i++;
        st->rchunk = 0;
        st->cur_matched = false;
    }
    if (buf->count > 0) {
        *out = buf;
        return 0;
    }
    /* Right rows that never matched (RIGHT/FULL). */
    if (st->right_matched) {
        uint32_t *rows = arena_alloc(op->chunk_arena, sizeof(uint32_t) * VECTOR_SIZE);
        uint32_t n = 0;
        while (st->right_next < st->inner.count && n < VECTOR_SIZE) {
            if (!st->right_matched[st->right_next]) rows[n++] = (uint32_t)st->right_next;
            st->right_next++;
        }
        if (n > 0) {
            for (int c = 0; c < st->nleft; c++) set_null_rows(&buf->cols[c], 0, n, op->chunk_arena);
            for (int c = 0; c < st->nright; c++)
                chunk_collection_gather(&st->inner, c, rows, n, &buf->cols[st->nleft + c], 0);
            buf->count = n;
            *out = buf;
        }
    }
    return 0;
}

static int nl_join_open(Operator *op)
{
    setup(op);
    if (exec_open(op->left) != 0) return -1;
    return exec_open(op->right);
}

static int nl_join_rescan(Operator *op)
{
    setup(op);
    if (exec_rescan(op->left) != 0) return -1;
    return exec_rescan(op->right);
}

static void nl_join_close(Operator *op)
{
    exec_close(op->left);
    exec_close(op->right);
}

static const OperatorVTable nl_join_vt = {nl_join_open, nl_join_next, nl_join_rescan,
                                          nl_join_close};

Operator *op_nl_join_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &nl_join_vt);
    op->state = ARENA_NEW(op->arena, NlJoinState);
    op->left = exec_build(plan->left, es);
    if (op->left == NULL) return NULL;
    op->right = exec_build(plan->right, es);
    if (op->right == NULL) return NULL;
    JoinType t = plan->u.nl_join.type;
    int want = t == JOIN_SEMI || t == JOIN_ANTI ? plan->left->ncols
                                                : plan->left->ncols + plan->right->ncols;
    if (plan->ncols != want) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "nested loop outputs %d columns, expected %d",
            plan->ncols, want);
        return NULL;
    }
    return op;
}
