/*
 * op_index_scan.c — PLAN_INDEX_SCAN: primary-key point lookups (pk = key and
 * pk IN (...)) through the table's first unique index.
 *
 * Each key expression (constants or parameters) is evaluated once, encoded,
 * looked up, and a hit whose row id is below the statement's row-count
 * snapshot (and, once an UPDATE moved a key, whose visible version has that
 * key) is fetched into a one-row chunk (values copied, long strings
 * borrowed from storage). The pushed-down filter is applied to that row.
 * Range scans (ACCESS_INDEX_RANGE) are op_index_range.c's.
 *
 * Lookups take no lock: the unique index serves readers beside its writer
 * (unique_index.h).
 */
#include <string.h>

#include "catalog/array.h"
#include "catalog/catalog.h"
#include "exec/operator.h"
#include "storage/storage.h"
#include "storage/unique_index.h"

typedef struct IndexScanState {
    StorageTable *storage;
    uint64_t row_count;
    int nkeys;
    const Expr **keys;
    Value *vals;      /* pk = ANY (array): the array's elements, read at open */
    Arena *key_arena; /* vals, the array's bytes and seen for them */
    int next_key;
    uint64_t *seen; /* row ids returned so far (pk IN (1, 1) returns the row once) */
    int nseen;
    UniqueKey key;
    UniqueKey chk; /* the row's key, when keys have moved (storage_row_has_key) */
    Chunk chunk;
} IndexScanState;

/* pk = ANY (array): the keys are the array's elements (NULLs skipped later),
 * kept with a copy of the array's bytes in an arena of their own, renewed at
 * each (re)scan. */
static int read_key_array(Operator *op)
{
    IndexScanState *st = op->state;
    if (st->key_arena)
        arena_reset(st->key_arena);
    else
        st->key_arena = arena_create(op->arena, "index scan keys");
    Value av;
    st->nkeys = 0;
    if (expr_eval_scalar(op->plan->u.scan.key_array, &av, &op->eval) != 0) return -1;
    if (av.is_null) return 0;
    StrView *bytes = ARENA_NEW(st->key_arena, StrView);
    char *copy = arena_alloc(st->key_arena, av.u.str.len ? av.u.str.len : 1);
    memcpy(copy, strview_data(&av.u.str), av.u.str.len);
    *bytes = strview_make(copy, av.u.str.len);
    ArrayView view;
    if (array_view(av.type.id, bytes, &view, op->es->err) != 0) return -1;
    st->nkeys = (int)array_elements(&view, st->key_arena, &st->vals);
    st->seen = ARENA_NEW_ARRAY(st->key_arena, uint64_t, st->nkeys > 0 ? st->nkeys : 1);
    return 0;
}

static int index_scan_open(Operator *op)
{
    IndexScanState *st = op->state;
    st->row_count = storage_table_row_count(st->storage);
    st->next_key = 0;
    st->nseen = 0;
    if (op->plan->u.scan.key_array) return read_key_array(op);
    return 0;
}

static int index_scan_next(Operator *op, Chunk **out)
{
    IndexScanState *st = op->state;
    const PlanNode *plan = op->plan;
    const CatTable *table = plan->u.scan.table;
    int key_col = table->cons[0].cols[0];
    *out = NULL;
    while (st->next_key < st->nkeys) {
        if (exec_check_interrupts(op->es) != 0) return -1;
        Value kv;
        if (st->vals) {
            kv = st->vals[st->next_key++];
        } else {
            const Expr *ke = st->keys[st->next_key++];
            if (expr_eval_scalar(ke, &kv, &op->eval) != 0) return -1;
        }
        if (kv.is_null) continue;
        if (!value_int_to_type(&kv, table->cols[key_col].type)) continue; /* out of range: no row */
        unique_key_reset(&st->key);
        if (unique_key_add(&st->key, kv.type, value_payload(&kv), false) < 0)
            return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        uint64_t row_id;
        bool found = unique_index_lookup(storage_table_unique(st->storage, 0), st->key.data,
                                         st->key.len, &row_id);
        if (!found) continue;
        /* one read-side section for the row's visibility and its values */
        storage_read_begin();
        /* the entry's row, or an older holder of the key this snapshot still sees */
        if (!storage_key_visible_row(st->storage, 0, row_id, st->row_count, op->es->snap,
                                     st->key.data, st->key.len, &st->chk, &row_id)) {
            storage_read_end();
            continue;
        }
        bool skip = op->es->recheck_table == table && op->es->recheck_row != UINT64_MAX &&
                    row_id != op->es->recheck_row;
        for (int i = 0; i < st->nseen && !skip; i++) skip = st->seen[i] == row_id;
        if (skip) {
            storage_read_end();
            continue;
        }
        st->seen[st->nseen++] = row_id;

        Chunk *c = &st->chunk;
        c->count = 1;
        c->sel = NULL;
        for (int i = 0; i < c->ncols; i++) {
            Vector *v = &c->cols[i];
            int tc = plan->u.scan.col_ids[i];
            if (tc == table->ncols) { /* the row id */
                vector_init_flat(v, OM_TYPE(SCAN_ROWID_TYPE), op->chunk_arena);
                ((int64_t *)v->data)[0] = (int64_t)row_id;
                continue;
            }
            vector_init_flat(v, table->cols[tc].type, op->chunk_arena);
            Value val;
            storage_table_fetch_snapshot(st->storage, st->row_count, row_id, tc, op->es->snap,
                                         &val);
            if (val.is_null)
                vector_set_null(v, 0, op->chunk_arena);
            else
                memcpy(v->data, value_payload(&val), type_info(v->type.id)->width);
        }
        storage_read_end();
        if (plan->u.scan.filter) {
            uint16_t *sel = sel_alloc(op->chunk_arena);
            uint32_t n = 0;
            if (expr_eval_filter(plan->u.scan.filter, c, sel, &n, &op->eval) != 0) return -1;
            if (n == 0) {
                arena_reset(op->chunk_arena);
                continue;
            }
        }
        *out = c;
        return 0;
    }
    return 0;
}

static int index_scan_rescan(Operator *op)
{
    IndexScanState *st = op->state;
    st->next_key = 0;
    st->nseen = 0;
    if (op->plan->u.scan.key_array) return read_key_array(op);
    return 0;
}

static void index_scan_close(Operator *op)
{
    IndexScanState *st = op->state;
    unique_key_fini(&st->key);
    unique_key_fini(&st->chk);
}

static const OperatorVTable index_scan_vt = {index_scan_open, index_scan_next, index_scan_rescan,
                                             index_scan_close};

Operator *op_index_scan_create(const PlanNode *plan, ExecState *es)
{
    const CatTable *table = plan->u.scan.table;
    if (table == NULL || table->storage == NULL) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "index scan without a table");
        return NULL;
    }
    if (plan->u.scan.path == ACCESS_INDEX_RANGE) return op_index_range_create(plan, es);
    bool simple = table->ncons > 0 && table->cons[0].kind == CONSTR_PRIMARY &&
                  table->cons[0].ncols == 1 && plan->u.scan.key_lo == NULL &&
                  plan->u.scan.key_hi == NULL &&
                  (plan->u.scan.key_eq != NULL || plan->u.scan.n_key_in > 0 ||
                   plan->u.scan.key_array != NULL);
    if (!simple) {
        ERR(es->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "index scans are not supported yet");
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &index_scan_vt);
    IndexScanState *st = ARENA_NEW(op->arena, IndexScanState);
    op->state = st;
    st->storage = table->storage;
    if (plan->u.scan.key_array) {
        st->nkeys = 0; /* read at open */
    } else if (plan->u.scan.key_eq) {
        st->nkeys = 1;
        st->keys = ARENA_NEW_ARRAY(op->arena, const Expr *, 1);
        st->keys[0] = plan->u.scan.key_eq;
    } else {
        st->nkeys = plan->u.scan.n_key_in;
        st->keys = ARENA_NEW_ARRAY(op->arena, const Expr *, st->nkeys);
        for (int i = 0; i < st->nkeys; i++) st->keys[i] = plan->u.scan.key_in[i];
    }
    st->seen = ARENA_NEW_ARRAY(op->arena, uint64_t, st->nkeys > 0 ? st->nkeys : 1);
    unique_key_init(&st->key);
    unique_key_init(&st->chk);
    st->chunk.ncols = plan->u.scan.ncols;
    st->chunk.cols = ARENA_NEW_ARRAY(op->arena, Vector, st->chunk.ncols > 0 ? st->chunk.ncols : 1);
    return op;
}
