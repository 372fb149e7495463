/*
 * op_index_range.c — PLAN_INDEX_SCAN with ACCESS_INDEX_RANGE: the rows whose
 * leading key column lies between two bounds, through a unique index, in key
 * order.
 *
 * At open the bound expressions (constants or parameters) are evaluated and
 * encoded as byte bounds of a half-open interval [lo, hi) over the index's key
 * encoding (unique_index.h), which is memcmp-ordered and puts a leading
 * column's encoding as a prefix of a composite key:
 *   col >= c: lo = enc(c)        col > c: lo = successor(enc(c))
 *   col <  d: hi = enc(d)        col <= d: hi = successor(enc(d))
 * (successor = the smallest string above every key with that prefix). A NULL
 * bound matches no row. The iterator then walks from lo until a key >= hi,
 * skipping row ids at or above the statement's row-count snapshot; each hit is
 * fetched into a chunk of up to VECTOR_SIZE rows and the scan's whole filter is
 * applied to the chunk (it re-checks the bounds, so the bounds only need to be
 * a superset of the answer). Once an UPDATE has moved a key, an entry may be
 * stale: a row is taken only under the key its visible version has (so it is
 * never returned twice).
 *
 * No lock is taken: the index serves readers beside its writer, and the
 * iterator holds nothing between calls.
 */
#include <string.h>

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "storage/storage.h"
#include "storage/unique_index.h"

typedef struct RangeState {
    StorageTable *storage;
    UniqueIndex *index;
    uint64_t row_count;
    int slot;
    UniqueKey lo, hi, enc, chk; /* chk: a row's key, when keys have moved */
    bool has_lo, has_hi, done;
    UniqueIndexIter *it;
    Chunk chunk;
} RangeState;

static int cmp_bytes(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c != 0) return c;
    return al < bl ? -1 : al > bl;
}

/* Encodes bound e into *out: the value itself, or its prefix successor when
 * `succ`. Returns 0 with *present (false: a NULL value, so no row matches;
 * or succ without successor, so the bound is open), or -1. */
static int encode_bound(Operator *op, RangeState *st, const Expr *e, bool succ, UniqueKey *out,
                        bool *present, bool *null_value)
{
    Value v;
    *present = false;
    *null_value = false;
    if (expr_eval_scalar(e, &v, &op->eval) != 0) return -1;
    if (v.is_null) {
        *null_value = true;
        return 0;
    }
    UniqueKey *dst = succ ? &st->enc : out;
    unique_key_reset(dst);
    if (unique_key_add(dst, v.type, value_payload(&v), false) < 0)
        return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    *present = true;
    if (!succ) return 0;
    int rc = unique_key_successor(st->enc.data, st->enc.len, out);
    if (rc < 0) return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    *present = rc == 1;
    return 0;
}

static int range_open(Operator *op)
{
    RangeState *st = op->state;
    const PlanNode *plan = op->plan;
    st->row_count = storage_table_row_count(st->storage);
    st->done = false;
    unique_index_iter_close(st->it);
    st->it = NULL;
    bool null_lo = false, null_hi = false, succ_lo = false;
    st->has_lo = st->has_hi = false;
    if (plan->u.scan.key_lo && encode_bound(op, st, plan->u.scan.key_lo, !plan->u.scan.lo_incl,
                                            &st->lo, &st->has_lo, &null_lo) != 0)
        return -1;
    /* An exclusive lower bound without a successor: nothing is above it. */
    succ_lo = plan->u.scan.key_lo && !plan->u.scan.lo_incl && !st->has_lo && !null_lo;
    if (plan->u.scan.key_hi && encode_bound(op, st, plan->u.scan.key_hi, plan->u.scan.hi_incl,
                                            &st->hi, &st->has_hi, &null_hi) != 0)
        return -1;
    if (null_lo || null_hi || succ_lo) {
        st->done = true;
        return 0;
    }
    if (unique_index_iter_open(st->index, st->has_lo ? st->lo.data : NULL, st->lo.len, &st->it) !=
        0)
        return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return 0;
}

/* Fills row `pos` of the chunk from table row `row_id`. */
static void fetch_row(Operator *op, RangeState *st, uint64_t row_id, uint32_t pos)
{
    const PlanNode *plan = op->plan;
    Chunk *c = &st->chunk;
    for (int i = 0; i < c->ncols; i++) {
        Vector *v = &c->cols[i];
        Value val;
        int tc = plan->u.scan.col_ids[i];
        if (tc == plan->u.scan.table->ncols) { /* the row id */
            ((int64_t *)v->data)[pos] = (int64_t)row_id;
            continue;
        }
        storage_table_fetch_snapshot(st->storage, st->row_count, row_id, tc, op->es->snap, &val);
        if (val.is_null)
            vector_set_null(v, pos, op->chunk_arena);
        else
            memcpy((char *)v->data + (size_t)pos * type_info(v->type.id)->width,
                   value_payload(&val), type_info(v->type.id)->width);
    }
}

static int range_next(Operator *op, Chunk **out)
{
    RangeState *st = op->state;
    const PlanNode *plan = op->plan;
    const CatTable *table = plan->u.scan.table;
    Chunk *c = &st->chunk;
    *out = NULL;
    while (!st->done) {
        if (exec_check_interrupts(op->es) != 0) return -1;
        for (int i = 0; i < c->ncols; i++) {
            int tc = plan->u.scan.col_ids[i];
            vector_init_flat(&c->cols[i],
                             tc == table->ncols ? OM_TYPE(SCAN_ROWID_TYPE) : table->cols[tc].type,
                             op->chunk_arena);
        }
        uint32_t n = 0;
        while (n < VECTOR_SIZE) {
            const uint8_t *key;
            size_t len;
            uint64_t row_id;
            int rc = unique_index_iter_next(st->it, &key, &len, &row_id);
            if (rc < 0) return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            if (rc == 0 || (st->has_hi && cmp_bytes(key, len, st->hi.data, st->hi.len) >= 0)) {
                st->done = true;
                break;
            }
            storage_read_begin();
            /* the entry's row, or an older holder of the key this snapshot still sees */
            bool visible = storage_key_visible_row(st->storage, st->slot, row_id, st->row_count,
                                                   op->es->snap, key, len, &st->chk, &row_id);
            if (visible && op->es->recheck_table == table && op->es->recheck_row != UINT64_MAX &&
                row_id != op->es->recheck_row)
                visible = false;
            if (visible) fetch_row(op, st, row_id, n++);
            storage_read_end();
        }
        if (n == 0) break;
        c->count = n;
        c->sel = NULL;
        if (plan->u.scan.filter) {
            uint16_t *sel = sel_alloc(op->chunk_arena);
            uint32_t kept = 0;
            if (expr_eval_filter(plan->u.scan.filter, c, sel, &kept, &op->eval) != 0) return -1;
            if (kept == 0) {
                arena_reset(op->chunk_arena);
                continue;
            }
            c->count = kept;
            c->sel = sel;
        }
        *out = c;
        return 0;
    }
    return 0;
}

static int range_rescan(Operator *op)
{
    return range_open(op);
}

static void range_close(Operator *op)
{
    RangeState *st = op->state;
    unique_index_iter_close(st->it);
    st->it = NULL;
    unique_key_fini(&st->lo);
    unique_key_fini(&st->hi);
    unique_key_fini(&st->enc);
    unique_key_fini(&st->chk);
}

static const OperatorVTable range_vt = {range_open, range_next, range_rescan, range_close};

Operator *op_index_range_create(const PlanNode *plan, ExecState *es)
{
    const CatTable *table = plan->u.scan.table;
    int slot = plan->u.scan.index_slot;
    if (slot < 0 || slot >= storage_table_unique_count(table->storage)) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "index range scan without its index");
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &range_vt);
    RangeState *st = ARENA_NEW(op->arena, RangeState);
    op->state = st;
    st->storage = table->storage;
    st->index = storage_table_unique(table->storage, slot);
    unique_key_init(&st->lo);
    unique_key_init(&st->hi);
    unique_key_init(&st->enc);
    unique_key_init(&st->chk);
    st->slot = slot;
    st->chunk.ncols = plan->u.scan.ncols;
    st->chunk.cols = ARENA_NEW_ARRAY(op->arena, Vector, st->chunk.ncols > 0 ? st->chunk.ncols : 1);
    return op;
}
