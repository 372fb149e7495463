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
 *
 * Grouping sets (plan agg.nsets > 0, plan/plan_grouping.c): each set is an
 * AggSet with its own hash table over its keys and its own aggregate states
 * (a plain GROUP BY is one set of all the keys, an ungrouped aggregate one set
 * of none). Per input chunk the keys, FILTERs and arguments are evaluated
 * once, then every set maps the rows to its groups and updates its states:
 * one pass over the input for all sets. Sets are emitted one after the other
 * (an output chunk never mixes sets); a key the set lacks is a CONSTANT NULL
 * column, and each GROUPING() call a CONSTANT int4 column. A set without keys
 * has exactly one group, also over no input.
 *
 * A set whose keys are a subset of another set's (ROLLUP's (a) of (a, b))
 * needs no hash probe per row: all rows of one group of the finer "parent"
 * set fall into the same group of the coarser set, so the set keeps a map
 * parent group id -> own group id and probes its hash table only for the
 * first row of each parent group it has not seen yet. Sets are consumed in
 * order of decreasing key count so a parent's group ids for the chunk exist
 * before its children need them; each parent keeps them in its own buffer.
 */
#include "exec/agg_registry.h"
#include "exec/agg_sorted.h"
#include "exec/hash_table.h"
#include "exec/operator.h"

/* One grouping set: its keys (indexes into the plan's group_keys), groups and
 * aggregate states. */
typedef struct AggSet {
    int nkeys;
    const int *keys;
    HashTable ht; /* nkeys > 0 */
    /* a finer set (index) whose group determines this set's group, or -1;
     * parent_map[parent group id] = own group id, or MAP_NONE */
    int parent;
    uint32_t *parent_map;
    uint32_t map_cap;
    /* this chunk's group id per row: own buffer when the set is a parent */
    uint32_t *gid_by_row;
    AggState *aggs;
    HashTable **distinct; /* per aggregate; NULL unless DISTINCT */
    AggSortBuf **sorted;  /* per aggregate; NULL unless ordered */
    uint32_t ngroups;
} AggSet;

/* One aggregate's input in the current chunk, shared by all sets. */
typedef struct AggInput {
    const uint16_t *rows; /* rows that passed FILTER */
    uint32_t n;
    const Vector *arg, *arg2;
    Vector *order_keys;
} AggInput;

typedef struct HashAggState {
    Arena *data; /* groups and states; recreated on rescan */
    int nsets;
    AggSet *sets;
    int *all_keys;     /* 0..ngroup-1: the keys of the one set of a plain GROUP BY */
    int *order;        /* sets in consumption order: decreasing key count */
    Vector *null_keys; /* per key: a CONSTANT NULL (grouping sets) */
    bool built;
    int emit_set;
    uint32_t emit_next;
    uint32_t gid_by_row[VECTOR_SIZE];
    uint32_t gids[VECTOR_SIZE];
    uint16_t ident[VECTOR_SIZE];
    uint8_t inserted[VECTOR_SIZE];
    uint16_t drows[VECTOR_SIZE];
    uint16_t pending[VECTOR_SIZE];
    Chunk out;
} HashAggState;

#define MAP_NONE    UINT32_MAX
#define MAP_PENDING (UINT32_MAX - 1)

static bool keys_subset(const AggSet *sub, const AggSet *super)
{
    for (int i = 0; i < sub->nkeys; i++) {
        bool found = false;
        for (int j = 0; j < super->nkeys && !found; j++) found = super->keys[j] == sub->keys[i];
        if (!found) return false;
    }
    return true;
}

/* The consumption order and each keyed set's parent: the set with the fewest
 * keys among those consumed before it whose keys include its own. */
static void plan_parents(HashAggState *st)
{
    int n = st->nsets;
    for (int i = 0; i < n; i++) st->order[i] = i;
    for (int i = 1; i < n; i++) { /* stable insertion sort by decreasing key count */
        int v = st->order[i], j = i;
        for (; j > 0 && st->sets[st->order[j - 1]].nkeys < st->sets[v].nkeys; j--)
            st->order[j] = st->order[j - 1];
        st->order[j] = v;
    }
    for (int i = 0; i < n; i++) {
        AggSet *set = &st->sets[st->order[i]];
        set->parent = -1;
        if (set->nkeys == 0) continue;
        for (int j = 0; j < i; j++) {
            const AggSet *cand = &st->sets[st->order[j]];
            if (keys_subset(set, cand) &&
                (set->parent < 0 || cand->nkeys < st->sets[set->parent].nkeys))
                set->parent = st->order[j];
        }
    }
}

static void set_init(AggSet *set, const PlanNode *plan, Arena *data)
{
    int naggs = plan->u.agg.naggs;
    set->ngroups = 0;
    if (set->nkeys > 0) {
        OmType *kt = ARENA_NEW_ARRAY(data, OmType, set->nkeys);
        for (int k = 0; k < set->nkeys; k++) kt[k] = plan->u.agg.group_keys[set->keys[k]]->type;
        hash_table_init(&set->ht, data, set->nkeys, kt, true);
    }
    set->aggs = ARENA_NEW_ARRAY(data, AggState, naggs > 0 ? naggs : 1);
    set->distinct = ARENA_NEW_ARRAY(data, HashTable *, naggs > 0 ? naggs : 1);
    set->sorted = ARENA_NEW_ARRAY(data, AggSortBuf *, naggs > 0 ? naggs : 1);
    for (int a = 0; a < naggs; a++) {
        const AggCall *call = &plan->u.agg.aggs[a];
        agg_state_init(&set->aggs[a], call, data);
        if (call->distinct && call->arg) {
            OmType kt[3] = {OM_TYPE(TYPE_INT4), call->arg->type,
                            call->arg2 ? call->arg2->type : OM_TYPE(TYPE_INT4)};
            set->distinct[a] = ARENA_NEW(data, HashTable);
            hash_table_init(set->distinct[a], data, call->arg2 ? 3 : 2, kt, true);
        }
        if (call->norder > 0 && call->arg) {
            set->sorted[a] = ARENA_NEW(data, AggSortBuf);
            agg_sorted_init(set->sorted[a], call, data);
        }
    }
    if (set->nkeys == 0) {
        set->ngroups = 1;
        for (int a = 0; a < naggs; a++) agg_state_reserve(&set->aggs[a], 1);
    }
}

static void setup(Operator *op)
{
    HashAggState *st = op->state;
    const PlanNode *plan = op->plan;
    int ngroup = plan->u.agg.ngroup;
    arena_destroy(st->data);
    st->data = arena_create(op->arena, "hash aggregate data");
    st->built = false;
    st->emit_set = 0;
    st->emit_next = 0;
    st->nsets = plan->u.agg.nsets > 0 ? plan->u.agg.nsets : 1;
    st->sets = ARENA_NEW_ARRAY(st->data, AggSet, st->nsets);
    if (plan->u.agg.nsets == 0) {
        st->sets[0].nkeys = ngroup;
        st->sets[0].keys = st->all_keys;
    } else {
        for (int s = 0; s < st->nsets; s++) {
            st->sets[s].nkeys = plan->u.agg.sets[s].nkeys;
            st->sets[s].keys = plan->u.agg.sets[s].keys;
        }
    }
    for (int s = 0; s < st->nsets; s++) set_init(&st->sets[s], plan, st->data);
    st->order = ARENA_NEW_ARRAY(st->data, int, st->nsets);
    plan_parents(st);
    for (int s = 0; s < st->nsets; s++) {
        AggSet *set = &st->sets[s];
        set->gid_by_row = st->gid_by_row;
        set->parent_map = NULL;
        set->map_cap = 0;
    }
    for (int s = 0; s < st->nsets; s++) {
        AggSet *set = &st->sets[s];
        if (set->parent >= 0 && st->sets[set->parent].gid_by_row == st->gid_by_row)
            st->sets[set->parent].gid_by_row = ARENA_NEW_ARRAY(st->data, uint32_t, VECTOR_SIZE);
    }
}

/* Maps the chunk's rows to set's groups through its parent's group ids
 * (computed before): a hash probe only for parent groups not mapped yet. */
static void map_from_parent(Operator *op, AggSet *set, const Vector **keys, const Chunk *in,
                            const uint16_t *rows)
{
    HashAggState *st = op->state;
    const AggSet *par = &st->sets[set->parent];
    if (set->map_cap < par->ngroups) {
        uint32_t cap = set->map_cap ? set->map_cap : 1024;
        while (cap < par->ngroups) cap *= 2;
        set->parent_map =
            arena_realloc(st->data, set->parent_map, sizeof(uint32_t) * (size_t)set->map_cap,
                          sizeof(uint32_t) * (size_t)cap);
        for (uint32_t g = set->map_cap; g < cap; g++) set->parent_map[g] = MAP_NONE;
        set->map_cap = cap;
    }
    uint32_t *map = set->parent_map;
    const uint32_t *pg = par->gid_by_row;
    uint32_t n = in->count, npending = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = pg[rows[i]];
        if (map[g] == MAP_NONE) {
            map[g] = MAP_PENDING;
            st->pending[npending++] = rows[i];
        }
    }
    if (npending > 0) {
        hash_table_find_or_insert(&set->ht, keys, st->pending, npending, st->gids, NULL);
        for (uint32_t i = 0; i < npending; i++) map[pg[st->pending[i]]] = st->gids[i];
        set->ngroups = hash_table_ngroups(&set->ht);
    }
    for (uint32_t i = 0; i < n; i++) set->gid_by_row[rows[i]] = map[pg[rows[i]]];
}

static int eval_flat(Operator *op, const Expr *e, const Chunk *in, Vector *out)
{
    if (expr_eval(e, in, out, &op->eval) != 0) return -1;
    if (out->kind == VEC_DICT) vector_flatten(out, in->sel, in->count, op->chunk_arena);
    return 0;
}

/* Evaluates aggregate a's FILTER, arguments and ORDER BY keys over `in`. */
static int eval_agg_input(Operator *op, const AggCall *call, const Chunk *in, const uint16_t *rows,
                          AggInput *ai)
{
    ai->rows = rows;
    ai->n = in->count;
    ai->arg = ai->arg2 = NULL;
    ai->order_keys = NULL;
    if (call->filter) {
        uint16_t *fsel = sel_alloc(op->chunk_arena);
        if (expr_eval_filter(call->filter, in, fsel, &ai->n, &op->eval) != 0) return -1;
        ai->rows = fsel;
    }
    if (ai->n == 0) return 0;
    if (call->kind != AGG_COUNT_STAR && call->arg) {
        Vector *v = arena_alloc(op->chunk_arena, sizeof(Vector));
        if (eval_flat(op, call->arg, in, v) != 0) return -1;
        ai->arg = v;
    }
    if (call->arg2) {
        Vector *v = arena_alloc(op->chunk_arena, sizeof(Vector));
        if (eval_flat(op, call->arg2, in, v) != 0) return -1;
        ai->arg2 = v;
    }
    if (call->norder > 0 && call->arg) {
        ai->order_keys = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)call->norder);
        for (int k = 0; k < call->norder; k++)
            if (eval_flat(op, call->order[k].expr, in, &ai->order_keys[k]) != 0) return -1;
    }
    return 0;
}

/* Adds the chunk's rows to the groups of one set; keys[k] is the evaluated
 * group key k of the plan. */
static int consume_set(Operator *op, AggSet *set, const Chunk *in, const Vector *keys,
                       const AggInput *inputs)
{
    HashAggState *st = op->state;
    const PlanNode *plan = op->plan;
    const uint16_t *rows = in->sel ? in->sel : st->ident;
    uint32_t n = in->count;
    const uint32_t *gid_by_row = NULL; /* NULL: every row is group 0 */
    if (set->nkeys > 0) {
        const Vector **kp = arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)set->nkeys);
        for (int k = 0; k < set->nkeys; k++) kp[k] = &keys[set->keys[k]];
        if (set->parent >= 0) {
            map_from_parent(op, set, kp, in, rows);
        } else {
            hash_table_find_or_insert(&set->ht, kp, in->sel, n, st->gids, NULL);
            for (uint32_t i = 0; i < n; i++) set->gid_by_row[rows[i]] = st->gids[i];
            set->ngroups = hash_table_ngroups(&set->ht);
        }
        gid_by_row = set->gid_by_row;
    }
    for (int a = 0; a < plan->u.agg.naggs; a++) {
        const AggCall *call = &plan->u.agg.aggs[a];
        const AggInput *ai = &inputs[a];
        AggState *ag = &set->aggs[a];
        agg_state_reserve(ag, set->ngroups);
        const uint16_t *arows = ai->rows;
        uint32_t an = ai->n;
        if (an == 0) continue;
        if (set->distinct[a] && ai->arg) {
            Vector gv;
            vector_init_flat(&gv, OM_TYPE(TYPE_INT4), op->chunk_arena);
            int32_t *gd = gv.data;
            for (uint32_t i = 0; i < an; i++)
                gd[arows[i]] = gid_by_row ? (int32_t)gid_by_row[arows[i]] : 0;
            const Vector *dk[3] = {&gv, ai->arg, ai->arg2};
            hash_table_find_or_insert(set->distinct[a], dk, arows, an, st->gids, st->inserted);
            uint32_t m = 0;
            for (uint32_t i = 0; i < an; i++)
                if (st->inserted[i]) st->drows[m++] = arows[i];
            arows = st->drows;
            an = m;
            if (an == 0) continue;
        }
        if (set->sorted[a]) {
            agg_sorted_append(set->sorted[a], gid_by_row, arows, an, ai->arg, ai->arg2,
                              ai->order_keys, op->chunk_arena);
            continue;
        }
        if (agg_state_update(ag, gid_by_row, arows, an,
                             call->kind == AGG_COUNT_STAR ? NULL : ai->arg, ai->arg2,
                             op->es->err) != 0)
            return -1;
    }
    return 0;
}

static int consume_chunk(Operator *op, const Chunk *in)
{
    HashAggState *st = op->state;
    const PlanNode *plan = op->plan;
    int ngroup = plan->u.agg.ngroup, naggs = plan->u.agg.naggs;
    const uint16_t *rows = in->sel ? in->sel : st->ident;

    Vector *keys = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(ngroup > 0 ? ngroup : 1));
    for (int k = 0; k < ngroup; k++)
        if (expr_eval(plan->u.agg.group_keys[k], in, &keys[k], &op->eval) != 0) return -1;
    AggInput *inputs =
        arena_alloc(op->chunk_arena, sizeof(AggInput) * (size_t)(naggs > 0 ? naggs : 1));
    for (int a = 0; a < naggs; a++)
        if (eval_agg_input(op, &plan->u.agg.aggs[a], in, rows, &inputs[a]) != 0) return -1;
    for (int i = 0; i < st->nsets; i++)
        if (consume_set(op, &st->sets[st->order[i]], in, keys, inputs) != 0) return -1;
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
    for (int s = 0; s < st->nsets; s++) {
        AggSet *set = &st->sets[s];
        for (int a = 0; a < plan->u.agg.naggs; a++) {
            if (!set->sorted[a]) continue;
            agg_state_reserve(&set->aggs[a], set->ngroups);
            if (agg_sorted_feed(set->sorted[a], &set->aggs[a], set->nkeys > 0, op->arena,
                                op->es->err) != 0)
                return -1;
        }
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
    int ngrouping = plan->u.agg.ngrouping;
    *out = NULL;
    if (!st->built && build(op) != 0) return -1;
    while (st->emit_set < st->nsets && st->emit_next >= st->sets[st->emit_set].ngroups) {
        st->emit_set++;
        st->emit_next = 0;
    }
    if (st->emit_set >= st->nsets) return 0;
    AggSet *set = &st->sets[st->emit_set];
    uint32_t n = set->ngroups - st->emit_next;
    if (n > VECTOR_SIZE) n = VECTOR_SIZE;
    Chunk *c = &st->out;
    c->ncols = ngroup + naggs + ngrouping;
    c->cols = ARENA_NEW_ARRAY(op->chunk_arena, Vector, c->ncols > 0 ? c->ncols : 1);
    c->count = n;
    c->sel = NULL;
    if (plan->u.agg.nsets == 0) {
        if (ngroup > 0) {
            const Chunk *kc =
                chunk_collection_chunk(&set->ht.keys, st->emit_next >> CC_CHUNK_SHIFT);
            for (int k = 0; k < ngroup; k++) c->cols[k] = kc->cols[k];
        }
    } else {
        for (int k = 0; k < ngroup; k++) c->cols[k] = st->null_keys[k];
        if (set->nkeys > 0) {
            const Chunk *kc =
                chunk_collection_chunk(&set->ht.keys, st->emit_next >> CC_CHUNK_SHIFT);
            for (int k = 0; k < set->nkeys; k++) c->cols[set->keys[k]] = kc->cols[k];
        }
    }
    for (int a = 0; a < naggs; a++)
        if (agg_state_finalize(&set->aggs[a], st->emit_next, n, &c->cols[ngroup + a], &op->eval) !=
            0)
            return -1;
    int nvals = plan->u.agg.nsets > 0 ? plan->u.agg.nsets : 1;
    for (int g = 0; g < ngrouping; g++) {
        Value v;
        memset(&v, 0, sizeof(v));
        v.type = OM_TYPE(TYPE_INT4);
        v.u.i32 = plan->u.agg.grouping_vals[g * nvals + st->emit_set];
        vector_init_constant(&c->cols[ngroup + naggs + g], &v, op->chunk_arena);
    }
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
    int ngroup = plan->u.agg.ngroup;
    st->all_keys = ARENA_NEW_ARRAY(op->arena, int, ngroup > 0 ? ngroup : 1);
    for (int k = 0; k < ngroup; k++) st->all_keys[k] = k;
    if (plan->u.agg.nsets > 0) {
        st->null_keys = ARENA_NEW_ARRAY(op->arena, Vector, ngroup > 0 ? ngroup : 1);
        for (int k = 0; k < ngroup; k++) {
            Value v;
            memset(&v, 0, sizeof(v));
            v.type = plan->u.agg.group_keys[k]->type;
            v.is_null = true;
            vector_init_constant(&st->null_keys[k], &v, op->arena);
        }
    }
    op->state = st;
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
