/*
 * op_lock_rows.c — PLAN_LOCK_ROWS: SELECT ... FOR UPDATE/SHARE. Locks, for
 * each row the child yields, the rows of the locked tables whose row ids the
 * child carries (hidden columns the planner added), and passes the row on.
 *
 * A lock is a write of no columns (storage_row_lock): it holds the row as an
 * UPDATE would, until the transaction ends, and is not logged. Another
 * transaction's UPDATE, DELETE or FOR UPDATE of the row waits for ours, as
 * ours waits for theirs (deadlocks: txn_wait, 40P01), unless the clause says
 * NOWAIT (55P03 at once) or SKIP LOCKED (the row is left out). A row that a
 * transaction committed after our snapshot deleted is left out in READ
 * COMMITTED; one it updated is re-checked on its newest version (the child
 * plan runs again for that row, exec_recheck_row) and returned as it is now
 * if it still qualifies. REPEATABLE READ fails with 40001 instead, as
 * PostgreSQL's nodeLockRows does.
 *
 * All strengths take the same exclusive lock: FOR SHARE and FOR KEY SHARE
 * block each other where PostgreSQL lets them share (docs/transactions.md).
 *
 * Output: the kept rows, copied into the operator's own chunk (a re-checked
 * row's values come from a plan run that is gone by then). Under a LIMIT only
 * the rows it takes may be locked, as PostgreSQL's row-at-a-time LockRows
 * under its Limit does: a constant limit (+ offset) stops the operator after
 * that many rows; any other limit makes it pass rows on one at a time.
 */
#include <string.h>

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "storage/storage.h"
#include "txn/txn.h"

typedef struct LockRowsState {
    Chunk out;
    Chunk *in;       /* the input chunk being worked through */
    uint32_t in_pos; /* next row of `in` */
    int64_t emitted; /* rows passed on so far */
    int64_t deadline_us;
    ExecRecheck recheck;
    /* the current row, when a re-check replaced it (one row) */
    Chunk *fresh;
    const Chunk *src; /* where the current row's values are: input or fresh */
    uint32_t src_pos;
} LockRowsState;

static int64_t rowid_at(const Chunk *c, uint32_t pos, int col, bool *is_null)
{
    *is_null = !vector_is_valid(&c->cols[col], pos);
    return *is_null ? 0 : ((const int64_t *)c->cols[col].data)[pos];
}

/* The re-check's row: the one with the same row ids in every locked table
 * (a join may yield the re-checked row with other partners too). */
typedef struct LockRecheck {
    Operator *op;
    LockRowsState *st;
} LockRecheck;

static bool recheck_match(void *ctx, const Chunk *c, uint32_t pos)
{
    LockRecheck *m = ctx;
    const PlanNode *plan = m->op->plan;
    for (int i = 0; i < plan->u.lock_rows.nlocks; i++) {
        int col = plan->u.lock_rows.rowid_cols[i];
        bool a_null, b_null;
        int64_t a = rowid_at(c, pos, col, &a_null);
        int64_t b = rowid_at(m->st->src, m->st->src_pos, col, &b_null);
        if (a_null != b_null || a != b) return false;
    }
    Chunk *fresh = m->st->fresh;
    for (int k = 0; k < fresh->ncols; k++) {
        Value v;
        vector_get_value(&c->cols[k], pos, &v);
        vector_set_value(&fresh->cols[k], 0, &v);
    }
    fresh->count = 1;
    return true;
}

static int serialization_failure(Operator *op)
{
    return ERR(op->es->err, SQLSTATE_SERIALIZATION_FAILURE,
               "could not serialize access due to concurrent update");
}

RowWriteResult exec_lock_row(ExecState *es, StorageTable *storage, uint64_t row,
                             const StorageSnapshot *snap, uint64_t *holder)
{
    UndoRow *undo = NULL;
    storage_table_write_lock(storage);
    RowWriteResult r = storage_row_lock(storage, row, snap, holder, &undo, es->err);
    storage_table_write_unlock(storage);
    /* a failed lock's record is logged too: the collector reclaims it */
    if (undo && txn_log_update(es->txn, storage, undo, es->err) != 0) {
        if (r != ROW_WRITE_ERROR) {
            storage_table_write_lock(storage);
            storage_undo_abort(storage, undo);
            storage_table_write_unlock(storage);
        }
        return ROW_WRITE_ERROR;
    }
    return r;
}

/* Locks row `row` of lock i for the current row. Returns 1 when locked (the
 * current row may now be a re-checked, newer one), 0 when the row is to be
 * left out, -1 on error. */
static int lock_one(Operator *op, LockRowsState *st, int i, uint64_t row)
{
    const PlanNode *plan = op->plan;
    ExecState *es = op->es;
    CatTable *table = plan->u.lock_rows.tables[i];
    StorageTable *storage = table->storage;
    const StorageSnapshot *snap = es->snap;
    StorageSnapshot latest;
    for (;;) {
        uint64_t holder = 0;
        RowWriteResult r = exec_lock_row(es, storage, row, snap, &holder);
        switch (r) {
        case ROW_WRITE_OK:
        case ROW_WRITE_SELF:
            return 1;
        case ROW_WRITE_ERROR:
            return -1;
        case ROW_WRITE_BUSY:
            if (plan->u.lock_rows.waits[i] == ROW_LOCK_WAIT_SKIP) return 0;
            if (plan->u.lock_rows.waits[i] == ROW_LOCK_WAIT_ERROR)
                return ERR(es->err, SQLSTATE_LOCK_NOT_AVAILABLE,
                           "could not obtain lock on row in relation \"%s\"", table->name);
            if (txn_wait(es->txn, holder, es->cancel, st->deadline_us, es->err) != 0) return -1;
            continue;
        case ROW_WRITE_GONE:
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ) return serialization_failure(op);
            return 0;
        case ROW_WRITE_CHANGED: {
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ) return serialization_failure(op);
            LockRecheck m = {op, st};
            int q = exec_recheck_row(es, plan->left, table, row, &st->recheck, recheck_match, &m);
            if (q <= 0) return q;
            st->src = st->fresh;
            st->src_pos = 0;
            latest = st->recheck.snap;
            snap = &latest;
            continue;
        }
        }
    }
}

static int lock_rows_open(Operator *op)
{
    LockRowsState *st = op->state;
    st->deadline_us = exec_statement_deadline_us(op->es);
    st->in = NULL;
    st->emitted = 0;
    if (!op->es->txn || !op->es->snap)
        return ERR(op->es->err, SQLSTATE_INTERNAL_ERROR, "row locks outside a transaction");
    return exec_open(op->left);
}

static int lock_rows_next(Operator *op, Chunk **out)
{
    LockRowsState *st = op->state;
    const PlanNode *plan = op->plan;
    int64_t max_rows = plan->u.lock_rows.max_rows;
    uint32_t batch = plan->u.lock_rows.one_at_a_time ? 1 : VECTOR_SIZE;
    *out = NULL;
    arena_reset(op->chunk_arena);
    for (int c = 0; c < st->out.ncols; c++) {
        vector_init_flat(&st->out.cols[c], plan->types[c], op->chunk_arena);
        vector_init_flat(&st->fresh->cols[c], plan->types[c], op->chunk_arena);
    }
    st->out.count = 0;
    while (st->out.count < batch && (max_rows < 0 || st->emitted < max_rows)) {
        if (!st->in || st->in_pos >= st->in->count) {
            if (st->out.count > 0) break; /* hand these on before reading more */
            if (exec_next(op->left, &st->in) != 0) return -1;
            st->in_pos = 0;
            if (st->in == NULL) break;
            if (exec_check_interrupts(op->es) != 0) return -1;
            continue;
        }
        st->src = st->in;
        st->src_pos = chunk_row(st->in, st->in_pos++);
        int keep = 1;
        for (int l = 0; l < plan->u.lock_rows.nlocks && keep == 1; l++) {
            bool is_null;
            int64_t row = rowid_at(st->src, st->src_pos, plan->u.lock_rows.rowid_cols[l], &is_null);
            if (!is_null) keep = lock_one(op, st, l, (uint64_t)row);
        }
        if (keep < 0) return -1;
        if (keep == 0) continue;
        for (int c = 0; c < st->out.ncols; c++) {
            Value v;
            vector_get_value(&st->src->cols[c], st->src_pos, &v);
            vector_set_value(&st->out.cols[c], st->out.count, &v);
        }
        st->out.count++;
        st->emitted++;
    }
    if (st->out.count > 0) *out = &st->out;
    return 0;
}

static int lock_rows_rescan(Operator *op)
{
    LockRowsState *st = op->state;
    st->in = NULL;
    st->emitted = 0;
    return exec_rescan(op->left);
}

static void lock_rows_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable lock_rows_vt = {lock_rows_open, lock_rows_next, lock_rows_rescan,
                                            lock_rows_close};

Operator *op_lock_rows_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &lock_rows_vt);
    LockRowsState *st = ARENA_NEW(op->arena, LockRowsState);
    op->state = st;
    st->out.ncols = plan->ncols;
    st->out.cols = ARENA_NEW_ARRAY(op->arena, Vector, plan->ncols > 0 ? plan->ncols : 1);
    st->fresh = ARENA_NEW(op->arena, Chunk);
    st->fresh->ncols = plan->ncols;
    st->fresh->cols = ARENA_NEW_ARRAY(op->arena, Vector, plan->ncols > 0 ? plan->ncols : 1);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
