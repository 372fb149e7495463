/*
 * op_hash_agg.c — GROUP BY, DISTINCT (all columns are group keys, no
 * aggregates) and ungrouped aggregates (ngroup = 0: exactly one output row,
 * even for empty input).
 *
 * Build (blocking, at the first next()): per input chunk, evaluate the group
 * keys, map all rows to dense group ids with the hash table, then run each
 * aggregate's type-specialised update loop over the (group id, value) pairs.
 * FILTER (WHERE ...) narrows the rows an aggregate sees; DISTINCT aggregates
 * first pass their (group id, arguments) tuples through a per-aggregate hash
 * set and only aggregate the tuples seen for the first time. Aggregates with
 * ORDER BY (and the ordered-set aggregates) append those rows to a sort
 * buffer instead, sorted and fed to the aggregate once the input is
 * exhausted (agg_sorted.h).
 *
 * Emit: groups in id order (first appearance), VECTOR_SIZE per chunk; the key
 * columns are the hash table's stored key chunks (zero copy), aggregate columns
 * are finalised per chunk.
 */
#include "exec/agg_registry.h"
#include "exec/agg_sorted.h"
#include "exec/hash_table.h"
#include "exec/operator.h"

typedef struct HashAggState {
    Arena *data; /* groups and states; recreated on rescan */
    HashTable ht;
    AggState *aggs;
    HashTable **distinct; /* per aggregate; NULL unless DISTINCT */
    AggSortBuf **sorted;  /* per aggregate; NULL unless ordered */
    uint32_t ngroups;
    bool built;
    uint32_t emit_next;
    uint32_t gid_by_row[VECTOR_SIZE];
    uint32_t gids[VECTOR_SIZE];
    uint16_t ident[VECTOR_SIZE];
    uint8_t inserted[VECTOR_SIZE];
    uint16_t drows[VECTOR_SIZE];
    Chunk out;
} HashAggState;

static void setup(Operator *op)
{
    HashAggState *st = op->state;
    const PlanNode *plan = op->plan;
    int ngroup = plan->u.agg.ngroup, naggs = plan->u.agg.naggs;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "hash aggregate data");
    st->built = false;
    st->emit_next = 0;
    st->ngroups = 0;
    if (ngroup > 0) {
        OmType *kt = ARENA_NEW_ARRAY(st->data, OmType, ngroup);
        for (int k = 0; k < ngroup; k++) kt[k] = plan->u.agg.group_keys[k]->type;
        hash_table_init(&st->ht, st->data, ngroup, kt, true);
    }
    st->aggs = ARENA_NEW_ARRAY(st->data, AggState, naggs > 0 ? naggs : 1);
    st->distinct = ARENA_NEW_ARRAY(st->data, HashTable *, naggs > 0 ? naggs : 1);
    st->sorted = ARENA_NEW_ARRAY(st->data, AggSortBuf *, naggs > 0 ? naggs : 1);
    for (int a = 0; a < naggs; a++) {
        const AggCall *call = &plan->u.agg.aggs[a];
        agg_state_init(&st->aggs[a], call, st->data);
        if (call->distinct && call->arg) {
            OmType kt[3] = {OM_TYPE(TYPE_INT4), call->arg->type,
                            call->arg2 ? call->arg2->type : OM_TYPE(TYPE_INT4)};
            st->distinct[a] = ARENA_NEW(st->data, HashTable);
            hash_table_init(st->distinct[a], st->data, call->arg2 ? 3 : 2, kt, true);
        }
        if (call->norder > 0 && call->arg) {
            st->sorted[a] = ARENA_NEW(st->data, AggSortBuf);
            agg_sorted_init(st->sorted[a], call, st->data);
        }
    }
    if (ngroup == 0) {
        st->ngroups = 1;
        for (int a = 0; a < naggs; a++) agg_state_reserve(&st->aggs[a], 1);
        memset(st->gid_by_row, 0, sizeof(st->gid_by_row));
    }
}

static int eval_flat(Operator *op, const Expr *e, const Chunk *in, Vector *out)
{
    if (expr_eval(e, in, out, &op->eval) != 0) return -1;
    if (out->kind == VEC_DICT) vector_flatten(out, in->sel, in->count, op->chunk_arena);
    return 0;
}

static int consume_chunk(Operator *op, const Chunk *in)
{
    HashAggState *st = op->state;
    const PlanNode *plan = op->plan;
    int ngroup = plan->u.agg.ngroup, naggs = plan->u.agg.naggs;
    const uint16_t *rows = in->sel ? in->sel : st->ident;
    uint32_t n = in->count;

    if (ngroup > 0) {
        const Vector **keys = arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)ngroup);
        Vector *kv = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)ngroup);
        for (int k = 0; k < ngroup; k++) {
            if (expr_eval(plan->u.agg.group_keys[k], in, &kv[k], &op->eval) != 0) return -1;
            keys[k] = &kv[k];
        }
        hash_table_find_or_insert(&st->ht, keys, in->sel, n, st->gids, NULL);
        for (uint32_t i = 0; i < n; i++) st->gid_by_row[rows[i]] = st->gids[i];
        st->ngroups = hash_table_ngroups(&st->ht);
    }

    for (int a = 0; a < naggs; a++) {
        const AggCall *call = &plan->u.agg.aggs[a];
        AggState *ag = &st->aggs[a];
        agg_state_reserve(ag, st->ngroups);
        const uint16_t *arows = rows;
        uint32_t an = n;
        if (call->filter) {
            uint16_t *fsel = sel_alloc(op->chunk_arena);
            if (expr_eval_filter(call->filter, in, fsel, &an, &op->eval) != 0) return -1;
            arows = fsel;
        }
        if (an == 0) continue;
        Vector argv, arg2v;
        const Vector *argp = NULL, *arg2p = NULL;
        if (call->kind != AGG_COUNT_STAR && call->arg) {
            if (eval_flat(op, call->arg, in, &argv) != 0) return -1;
            argp = &argv;
        }
        if (call->arg2) {
            if (eval_flat(op, call->arg2, in, &arg2v) != 0) return -1;
            arg2p = &arg2v;
        }
        if (st->distinct[a] && argp) {
            Vector gv;
            vector_init_flat(&gv, OM_TYPE(TYPE_INT4), op->chunk_arena);
            int32_t *gd = gv.data;
            for (uint32_t i = 0; i < an; i++) gd[arows[i]] = (int32_t)st->gid_by_row[arows[i]];
            const Vector *dk[3] = {&gv, argp, arg2p};
            hash_table_find_or_insert(st->distinct[a], dk, arows, an, st->gids, st->inserted);
            uint32_t m = 0;
            for (uint32_t i = 0; i < an; i++)
                if (st->inserted[i]) st->drows[m++] = arows[i];
            arows = st->drows;
            an = m;
            if (an == 0) continue;
        }
        if (st->sorted[a]) {
            Vector *kv = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)call->norder);
            for (int k = 0; k < call->norder; k++)
                if (eval_flat(op, call->order[k].expr, in, &kv[k]) != 0) return -1;
            agg_sorted_append(st->sorted[a], ngroup == 0 ? NULL : st->gid_by_row, arows, an, argp,
                              arg2p, kv, op->chunk_arena);
            continue;
        }
        if (call->kind == AGG_COUNT_STAR) argp = NULL;
        if (agg_state_update(ag, ngroup == 0 ? NULL : st->gid_by_row, arows, an, argp, arg2p,
                             op->es->err) != 0)
            return -1;
    }
    return 0;
}

static int build(Operator *op)
{
    HashAggState *st = op->state;
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (in == NULL) break;
        if (consume_chunk(op, in) != 0) return -1;
        arena_reset(op->chunk_arena);
        if (exec_check_interrupts(op->es) != 0) return -1;
    }
    const PlanNode *plan = op->plan;
    for (int a = 0; a < plan->u.agg.naggs; a++) {
        if (!st->sorted[a]) continue;
        agg_state_reserve(&st->aggs[a], st->ngroups);
        if (agg_sorted_feed(st->sorted[a], &st->aggs[a], plan->u.agg.ngroup > 0, op->arena,
                            op->es->err) != 0)
            return -1;
    }
    st->built = true;
    return 0;
}

static int hash_agg_open(Operator *op)
{
    setup(op);
    return exec_open(op->left);
}

static int hash_agg_next(Operator *op, Chunk **out)
{
    HashAggState *st = op->state;
    const PlanNode *plan = op->plan;
    int ngroup = plan->u.agg.ngroup, naggs = plan->u.agg.naggs;
    *out = NULL;
    if (!st->built && build(op) != 0) return -1;
    if (st->emit_next >= st->ngroups) return 0;
    uint32_t n = st->ngroups - st->emit_next;
    if (n > VECTOR_SIZE) n = VECTOR_SIZE;
    Chunk *c = &st->out;
    c->ncols = ngroup + naggs;
    c->cols = ARENA_NEW_ARRAY(op->chunk_arena, Vector, c->ncols > 0 ? c->ncols : 1);
    c->count = n;
    c->sel = NULL;
    if (ngroup > 0) {
        const Chunk *kc = chunk_collection_chunk(&st->ht.keys, st->emit_next >> CC_CHUNK_SHIFT);
        for (int k = 0; k < ngroup; k++) c->cols[k] = kc->cols[k];
    }
    for (int a = 0; a < naggs; a++)
        if (agg_state_finalize(&st->aggs[a], st->emit_next, n, &c->cols[ngroup + a], &op->eval) !=
            0)
            return -1;
    st->emit_next += n;
    *out = c;
    return 0;
}

static int hash_agg_rescan(Operator *op)
{
    setup(op);
    return exec_rescan(op->left);
}

static void hash_agg_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable hash_agg_vt = {hash_agg_open, hash_agg_next, hash_agg_rescan,
                                           hash_agg_close};

Operator *op_hash_agg_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &hash_agg_vt);
    HashAggState *st = ARENA_NEW(op->arena, HashAggState);
    for (int i = 0; i < VECTOR_SIZE; i++) st->ident[i] = (uint16_t)i;
    op->state = st;
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
