/*
 * op_hash_join.c — equi-join: builds a hash table on the RIGHT child
 * (right_keys), probes it with LEFT chunks (left_keys).
 *
 * Build: the right rows are stored in a ChunkCollection (row id = append
 * order); the hash table maps each distinct key to a group id and every group
 * has a chain of build rows (head[gid] -> next[row] -> ...). Rows with a NULL
 * key are stored (RIGHT/FULL must emit them) but never chained: NULL keys never
 * match.
 *
 * Probe: per left chunk, the keys are evaluated (into a probe arena that lives
 * as long as the left chunk) and looked up for all rows at once; then
 * (left row, build row) candidate pairs are generated, at most VECTOR_SIZE per
 * output chunk, resuming from a cursor (probe row, chain position) on the next
 * call. The residual condition `extra` is evaluated over the pair chunk before
 * a pair counts as a match, for every join type. After a left chunk's pairs:
 * LEFT/FULL emit its unmatched rows padded with NULLs, SEMI its matched rows
 * (once each), ANTI its unmatched rows. After the last left chunk RIGHT/FULL
 * emit the build rows that never matched, padded with NULLs on the left.
 *
 * Output: INNER/LEFT/RIGHT/FULL: left columns then right columns; SEMI/ANTI:
 * left columns only. Left values in pair chunks are copied from the probe
 * chunk (string views still point at the child's memory, which stays valid
 * until the next left chunk is pulled, i.e. after our output chunk died).
 */
#include <string.h>

#include "exec/hash_table.h"
#include "exec/operator.h"

enum { PH_NEED_PROBE, PH_PAIRS, PH_TAIL, PH_RIGHT_TAIL, PH_DONE };

typedef struct HashJoinState {
    Arena *data;
    Arena *probe_arena;
    EvalCtx probe_eval;
    int nleft, nright;
    ChunkCollection build;
    HashTable ht;
    uint32_t *head; /* per group: first build row */
    uint32_t *next; /* per build row */
    uint32_t cap_next;
    uint8_t *build_matched;
    bool built;
    int phase;
    Chunk *probe;
    uint32_t probe_i;
    uint32_t chain;
    uint64_t right_next;
    uint32_t gids[VECTOR_SIZE];
    uint8_t left_matched[VECTOR_SIZE];
    uint16_t pair_left[VECTOR_SIZE];  /* physical row in the probe chunk */
    uint16_t pair_idx[VECTOR_SIZE];   /* index i of that row in the probe chunk */
    uint32_t pair_right[VECTOR_SIZE]; /* build row id */
    Chunk out;
} HashJoinState;

static bool emits_right_tail(JoinType t)
{
    return t == JOIN_RIGHT || t == JOIN_FULL;
}

static void setup(Operator *op)
{
    HashJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "hash join data");
    st->probe_arena = arena_create(st->data, "hash join probe");
    st->probe_eval = op->eval;
    st->probe_eval.arena = st->probe_arena;
    st->nleft = plan->left->ncols;
    st->nright = plan->right->ncols;
    chunk_collection_init(&st->build, st->data, st->nright, plan->right->types);
    int nk = plan->u.hash_join.nkeys;
    OmType *kt = ARENA_NEW_ARRAY(st->data, OmType, nk > 0 ? nk : 1);
    for (int k = 0; k < nk; k++) kt[k] = plan->u.hash_join.right_keys[k]->type;
    hash_table_init(&st->ht, st->data, nk, kt, false);
    st->head = NULL;
    st->next = NULL;
    st->cap_next = 0;
    st->build_matched = NULL;
    st->built = false;
    st->phase = PH_NEED_PROBE;
    st->probe = NULL;
    st->right_next = 0;
}

static int build(Operator *op)
{
    HashJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    int nk = plan->u.hash_join.nkeys;
    uint32_t cap_head = 0;
    for (;;) {
        Chunk *in;
        if (exec_next(op->right, &in) != 0) return -1;
        if (in == NULL) break;
        uint32_t base = (uint32_t)st->build.count;
        chunk_collection_append(&st->build, in);
        const Vector **keys = arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)(nk + 1));
        Vector *kv = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(nk + 1));
        for (int k = 0; k < nk; k++) {
            if (expr_eval(plan->u.hash_join.right_keys[k], in, &kv[k], &op->eval) != 0) return -1;
            keys[k] = &kv[k];
        }
        hash_table_find_or_insert(&st->ht, keys, in->sel, in->count, st->gids, NULL);
        uint32_t ng = hash_table_ngroups(&st->ht);
        if (ng > cap_head) {
            uint32_t cap = cap_head ? cap_head : 1024;
            while (cap < ng) cap *= 2;
            st->head = arena_realloc(st->data, st->head, sizeof(uint32_t) * cap_head,
                                     sizeof(uint32_t) * cap);
            memset(st->head + cap_head, 0xff, sizeof(uint32_t) * (cap - cap_head));
            cap_head = cap;
        }
        if (st->build.count > st->cap_next) {
            uint32_t cap = st->cap_next ? st->cap_next : 2048;
            while (cap < st->build.count) cap *= 2;
            st->next = arena_realloc(st->data, st->next, sizeof(uint32_t) * st->cap_next,
                                     sizeof(uint32_t) * cap);
            st->cap_next = cap;
        }
        /* Prepend to the chains in reverse so each chain lists rows in
         * insertion order. */
        for (uint32_t i = in->count; i-- > 0;) {
            uint32_t row = base + i;
            uint32_t g = st->gids[i];
            if (g == HT_NO_GROUP) {
                st->next[row] = CC_NULL_ROW;
                continue;
            }
            st->next[row] = st->head[g];
            st->head[g] = row;
        }
        arena_reset(op->chunk_arena);
        if (exec_check_interrupts(op->es) != 0) return -1;
    }
    if (emits_right_tail(plan->u.hash_join.type))
        st->build_matched = arena_zalloc(st->data, st->build.count ? st->build.count : 1);
    st->built = true;
    JoinType t = plan->u.hash_join.type;
    if (st->build.count == 0 && (t == JOIN_INNER || t == JOIN_SEMI || t == JOIN_RIGHT))
        st->phase = PH_DONE;
    return 0;
}

static inline uint32_t chain_start(const HashJoinState *st, uint32_t i)
{
    uint32_t g = st->gids[i];
    return g == HT_NO_GROUP ? CC_NULL_ROW : st->head[g];
}

static int load_probe(Operator *op)
{
    HashJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    int nk = plan->u.hash_join.nkeys;
    Chunk *in;
    if (exec_next(op->left, &in) != 0) return -1;
    if (in == NULL) {
        st->probe = NULL;
        st->phase = emits_right_tail(plan->u.hash_join.type) ? PH_RIGHT_TAIL : PH_DONE;
        return 0;
    }
    arena_reset(st->probe_arena);
    const Vector **keys = arena_alloc(st->probe_arena, sizeof(Vector *) * (size_t)(nk + 1));
    Vector *kv = arena_alloc(st->probe_arena, sizeof(Vector) * (size_t)(nk + 1));
    for (int k = 0; k < nk; k++) {
        if (expr_eval(plan->u.hash_join.left_keys[k], in, &kv[k], &st->probe_eval) != 0) return -1;
        keys[k] = &kv[k];
    }
    hash_table_find(&st->ht, keys, in->sel, in->count, st->gids);
    memset(st->left_matched, 0, in->count);
    st->probe = in;
    st->probe_i = 0;
    st->chain = chain_start(st, 0);
    st->phase = PH_PAIRS;
    return exec_check_interrupts(op->es);
}

static void set_all_null(Vector *v, uint32_t n, Arena *arena)
{
    uint64_t *bits = vector_validity_mut(v, arena);
    memset(bits, 0, sizeof(uint64_t) * ((n + 63) / 64));
}

/* Output chunk of n rows: left rows pair_left (or all NULL when lrows ==
 * NULL), right rows (CC_NULL_ROW = NULL). */
static Chunk *make_joined(Operator *op, const uint16_t *lrows, const uint32_t *rrows, uint32_t n)
{
    HashJoinState *st = op->state;
    Chunk *c = chunk_create(op->chunk_arena, op->plan->ncols, op->plan->types);
    for (int col = 0; col < st->nleft; col++) {
        if (lrows)
            chunk_vector_copy(&c->cols[col], 0, &st->probe->cols[col], lrows, n, NULL,
                              op->chunk_arena);
        else
            set_all_null(&c->cols[col], n, op->chunk_arena);
    }
    if (op->plan->ncols >= st->nleft + st->nright)
        for (int col = 0; col < st->nright; col++)
            chunk_collection_gather(&st->build, col, rrows, n, &c->cols[st->nleft + col], 0);
    c->count = n;
    return c;
}

/* Pairs chunk (left + right columns, used for `extra` and the output). */
static Chunk *make_pairs(Operator *op, uint32_t n)
{
    HashJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    int ncols = st->nleft + st->nright;
    Chunk *c = ARENA_NEW(op->chunk_arena, Chunk);
    c->ncols = ncols;
    c->cols = ARENA_NEW_ARRAY(op->chunk_arena, Vector, ncols > 0 ? ncols : 1);
    for (int col = 0; col < st->nleft; col++) {
        vector_init_flat(&c->cols[col], plan->left->types[col], op->chunk_arena);
        chunk_vector_copy(&c->cols[col], 0, &st->probe->cols[col], st->pair_left, n, NULL,
                          op->chunk_arena);
    }
    for (int col = 0; col < st->nright; col++) {
        Vector *v = &c->cols[st->nleft + col];
        vector_init_flat(v, plan->right->types[col], op->chunk_arena);
        chunk_collection_gather(&st->build, col, st->pair_right, n, v, 0);
    }
    c->count = n;
    return c;
}

/* Returns a chunk of the probe chunk's rows i where want(left_matched[i]). */
static Chunk *probe_rows_where(Operator *op, bool matched)
{
    HashJoinState *st = op->state;
    Chunk *p = st->probe;
    uint16_t *sel = sel_alloc(op->chunk_arena);
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->count; i++)
        if ((st->left_matched[i] != 0) == matched) sel[n++] = (uint16_t)chunk_row(p, i);
    if (n == 0) return NULL;
    Chunk *c = &st->out;
    *c = *p;
    c->ncols = st->nleft;
    c->sel = sel;
    c->count = n;
    return c;
}

static int hash_join_next(Operator *op, Chunk **out)
{
    HashJoinState *st = op->state;
    const PlanNode *plan = op->plan;
    JoinType type = plan->u.hash_join.type;
    const Expr *extra = plan->u.hash_join.extra;
    *out = NULL;
    if (!st->built && build(op) != 0) return -1;
    for (;;) {
        switch (st->phase) {
        case PH_DONE:
            return 0;
        case PH_NEED_PROBE:
            if (load_probe(op) != 0) return -1;
            continue;
        case PH_PAIRS: {
            Chunk *p = st->probe;
            if ((type == JOIN_SEMI || type == JOIN_ANTI) && extra == NULL) {
                for (uint32_t i = 0; i < p->count; i++)
                    st->left_matched[i] = st->gids[i] != HT_NO_GROUP;
                st->phase = PH_TAIL;
                continue;
            }
            uint32_t np = 0;
            bool semi_like = type == JOIN_SEMI || type == JOIN_ANTI;
            while (st->probe_i < p->count && np < VECTOR_SIZE) {
                if (st->chain == CC_NULL_ROW || (semi_like && st->left_matched[st->probe_i])) {
                    st->probe_i++;
                    if (st->probe_i < p->count) st->chain = chain_start(st, st->probe_i);
                    continue;
                }
                st->pair_left[np] = (uint16_t)chunk_row(p, st->probe_i);
                st->pair_idx[np] = (uint16_t)st->probe_i;
                st->pair_right[np] = st->chain;
                np++;
                st->chain = st->next[st->chain];
            }
            if (np == 0) {
                st->phase = PH_TAIL;
                continue;
            }
            Chunk *pairs = make_pairs(op, np);
            const uint16_t *pass = NULL;
            uint32_t npass = np;
            if (extra) {
                uint16_t *sel = sel_alloc(op->chunk_arena);
                if (expr_eval_filter(extra, pairs, sel, &npass, &op->eval) != 0) return -1;
                pass = sel;
            }
            for (uint32_t j = 0; j < npass; j++) {
                uint32_t k = pass ? pass[j] : j;
                st->left_matched[st->pair_idx[k]] = 1;
                if (st->build_matched) st->build_matched[st->pair_right[k]] = 1;
            }
            if (semi_like || npass == 0) {
                if (exec_check_interrupts(op->es) != 0) return -1;
                arena_reset(op->chunk_arena);
                continue;
            }
            pairs->sel = pass;
            pairs->count = npass;
            pairs->ncols = plan->ncols;
            *out = pairs;
            return 0;
        }
        case PH_TAIL: {
            Chunk *c = NULL;
            if (type == JOIN_SEMI) {
                c = probe_rows_where(op, true);
            } else if (type == JOIN_ANTI) {
                c = probe_rows_where(op, false);
            } else if (type == JOIN_LEFT || type == JOIN_FULL) {
                Chunk *p = st->probe;
                uint32_t n = 0;
                for (uint32_t i = 0; i < p->count; i++)
                    if (!st->left_matched[i]) st->pair_left[n++] = (uint16_t)chunk_row(p, i);
                if (n > 0) {
                    for (uint32_t i = 0; i < n; i++) st->pair_right[i] = CC_NULL_ROW;
                    c = make_joined(op, st->pair_left, st->pair_right, n);
                }
            }
            st->phase = PH_NEED_PROBE;
            if (c) {
                *out = c;
                return 0;
            }
            continue;
        }
        case PH_RIGHT_TAIL: {
            uint32_t n = 0;
            while (st->right_next < st->build.count && n < VECTOR_SIZE) {
                if (!st->build_matched[st->right_next])
                    st->pair_right[n++] = (uint32_t)st->right_next;
                st->right_next++;
            }
            if (st->right_next >= st->build.count) st->phase = PH_DONE;
            if (n > 0) {
                *out = make_joined(op, NULL, st->pair_right, n);
                return 0;
            }
            continue;
        }
        }
    }
}

static int hash_join_open(Operator *op)
{
    setup(op);
    if (exec_open(op->left) != 0) return -1;
    return exec_open(op->right);
}

static int hash_join_rescan(Operator *op)
{
    setup(op);
    if (exec_rescan(op->left) != 0) return -1;
    return exec_rescan(op->right);
}

static void hash_join_close(Operator *op)
{
    exec_close(op->left);
    exec_close(op->right);
}

static const OperatorVTable hash_join_vt = {hash_join_open, hash_join_next, hash_join_rescan,
                                            hash_join_close};

Operator *op_hash_join_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &hash_join_vt);
    op->state = ARENA_NEW(op->arena, HashJoinState);
    op->left = exec_build(plan->left, es);
    if (op->left == NULL) return NULL;
    op->right = exec_build(plan->right, es);
    if (op->right == NULL) return NULL;
    JoinType t = plan->u.hash_join.type;
    int want = t == JOIN_SEMI || t == JOIN_ANTI ? plan->left->ncols
                                                : plan->left->ncols + plan->right->ncols;
    if (plan->ncols != want) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "hash join outputs %d columns, expected %d",
            plan->ncols, want);
        return NULL;
    }
    return op;
}
