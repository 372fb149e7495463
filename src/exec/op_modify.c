/*
 * op_modify.c — PLAN_MODIFY: UPDATE and DELETE of the rows the child finds.
 *
 * The child yields, per target row, its row id (column 0) and, for UPDATE,
 * the new values of the assigned columns (columns 1..nset). Each row is
 * written through the storage's row versions (in-place update with a
 * before-image, or a delete mark) under the table's write lock, and logged in
 * the transaction's undo log.
 *
 * Concurrency, as PostgreSQL:
 *   - a row written by another running transaction: wait for it to end
 *     (deadlocks are detected by txn_wait, 40P01), then look again;
 *   - a row deleted by a transaction that committed after our snapshot:
 *     READ COMMITTED skips it, REPEATABLE READ fails with 40001;
 *   - a row updated by such a transaction: REPEATABLE READ fails with 40001;
 *     READ COMMITTED re-evaluates the statement for that row alone on its
 *     newest version (the child plan is run again with es->recheck_row set
 *     and a snapshot of everything committed now: PostgreSQL's EvalPlanQual)
 *     and writes the re-computed values, or skips the row if it no longer
 *     qualifies;
 *   - a row already written by this same command (UPDATE ... FROM with
 *     several matches) is written once.
 *
 * RETURNING: the operator emits the affected rows (new values for UPDATE, the
 * deleted values for DELETE) with all table columns, then the other FROM
 * items' columns the RETURNING list reads (plan nextra); a projection above
 * computes the RETURNING list. Otherwise it emits nothing and sets
 * es->rows_affected.
 */
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/session_settings.h"
#include "exec/operator.h"
#include "storage/storage.h"
#include "exec/check_eval.h"
#include "exec/fk_check.h"
#include "exec/trigger_exec.h"
#include "exec/unique_update.h"
#include "txn/txn.h"

typedef struct ModifyState {
    CatTable *table;
    StorageTable *storage;
    Value *vals; /* nset new values of the current row */
    Chunk out;   /* RETURNING rows */
    bool done;
    bool moves_keys; /* UPDATE of a unique key column (unique_update.c) */
    FkNeeds fk;      /* foreign key checks the writes need (fk_check.c) */
    uint64_t affected;
    int64_t deadline_us; /* statement_timeout, unix microseconds (0: none) */
    ExecRecheck recheck; /* READ COMMITTED re-check */
    /* what modify_row writes: the plan's SET columns and values, or with
     * BEFORE UPDATE triggers every column of the row they returned */
    int wn;
    const int *wcols;
    const Value *wvals;
    /* triggers: whether the table has row triggers of the command's event,
     * the columns it sets (UPDATE OF), every column's index, OLD and NEW of
     * the current row (in trig_arena, reset per row) */
    int event;
    bool trig_before, trig_after;
    bool *set_mask;
    int *all_cols; /* 0..ncols-1 */
    int *row_cols; /* BEFORE UPDATE: the columns the row's write sets */
    Value *row_vals;
    Value *old_row, *new_row;
    Arena *trig_arena;
} ModifyState;

static int modify_open(Operator *op)
{
    ModifyState *st = op->state;
    st->done = false;
    st->affected = 0;
    st->deadline_us = exec_statement_deadline_us(op->es);
    const PlanNode *plan = op->plan;
    st->event = plan->u.modify.truncate    ? CAT_TRIG_TRUNCATE
                : plan->u.modify.is_delete ? CAT_TRIG_DELETE
                                           : CAT_TRIG_UPDATE;
    if (trigger_statement(op->es, st->table, st->event, true) != 0) return -1;
    st->trig_before = trigger_exists(op->es, st->table, st->event, true, true);
    st->trig_after = trigger_exists(op->es, st->table, st->event, false, true);
    st->wn = plan->u.modify.nset;
    st->wcols = plan->u.modify.set_cols;
    st->wvals = st->vals;
    st->moves_keys =
        !plan->u.modify.is_delete && unique_update_touches_keys(st->storage, st->wn, st->wcols);
    if (st->moves_keys) storage_table_note_keys_moved(st->storage);
    /* a BEFORE UPDATE trigger may change any column: the keys of all */
    bool any_col = st->trig_before && !plan->u.modify.is_delete;
    if (plan->u.modify.no_fk_checks)
        st->fk = (FkNeeds){false, false};
    else
        st->fk = fk_needs(op->es->catalog, st->table,
                          plan->u.modify.is_delete ? -1
                          : any_col                ? st->table->ncols
                                                   : plan->u.modify.nset,
                          any_col ? st->all_cols : plan->u.modify.set_cols);
    return exec_open(op->left);
}

static int serialization_error(Operator *op, bool deleted)
{
    return ERR(op->es->err, SQLSTATE_SERIALIZATION_FAILURE,
               "could not serialize access due to concurrent %s", deleted ? "delete" : "update");
}

/* The re-check's row: the one with our row id; takes its new values. */
typedef struct ModifyRecheck {
    const PlanNode *plan;
    ModifyState *st;
    uint64_t row;
} ModifyRecheck;

static bool recheck_match(void *ctx, const Chunk *c, uint32_t pos)
{
    ModifyRecheck *m = ctx;
    if ((uint64_t)((const int64_t *)c->cols[0].data)[pos] != m->row) return false;
    for (int k = 0; k < m->plan->u.modify.nset; k++) {
        const Vector *v = &c->cols[k + 1];
        Value *val = &m->st->vals[k];
        memset(val, 0, sizeof(Value));
        val->type = v->type;
        val->is_null = !vector_is_valid(v, pos);
        if (!val->is_null) memcpy(&val->u, vector_value_ptr(v, pos), type_info(v->type.id)->width);
    }
    return true;
}

/* Runs the child plan again for row `row` only, as the newest committed
 * version shows it. Returns 1 with st->vals refreshed if the row still
 * qualifies, 0 if not, -1 on error. */
static int recheck_row(Operator *op, ModifyState *st, uint64_t row)
{
    ModifyRecheck m = {op->plan, st, row};
    return exec_recheck_row(op->es, op->plan->left, st->table, row, &st->recheck, recheck_match,
                            &m);
}

/* Appends the row's full current values (as this command now sees them) to
 * the RETURNING chunk, then the other FROM items' values of the input row
 * (those of the join row that found it, as PostgreSQL's re-check keeps them). */
static void add_returning(Operator *op, ModifyState *st, const Chunk *in, uint32_t pos)
{
    Chunk *out = &st->out;
    uint64_t row = (uint64_t)((const int64_t *)in->cols[0].data)[pos];
    int first = 1 + op->plan->u.modify.nset, ncols = st->table->ncols;
    for (int j = 0; j < op->plan->u.modify.nextra; j++) {
        Value v;
        vector_get_value(&in->cols[first + j], pos, &v);
        vector_set_value(&out->cols[ncols + j], out->count, &v);
    }
    StorageSnapshot own = txn_latest_snapshot(op->es->txn);
    own.cmd = UINT32_MAX; /* see this command's own writes */
    uint64_t rows = storage_table_row_count(st->storage);
    storage_read_begin();
    for (int c = 0; c < st->table->ncols; c++) {
        Value v;
        storage_table_fetch_snapshot(st->storage, rows, row, c, &own, &v);
        Vector *vec = &out->cols[c];
        if (v.is_null)
            vector_set_null(vec, out->count, op->chunk_arena);
        else
            vector_set_value(vec, out->count, &v);
    }
    storage_read_end();
    out->count++;
}

/* The row's OLD (as snap sees it) and NEW (OLD with the SET values), then
 * the BEFORE ROW triggers: 1 to write the row, 0 when one skipped it, -1. */
static int trigger_row(Operator *op, ModifyState *st, uint64_t row, const StorageSnapshot *snap)
{
    const PlanNode *plan = op->plan;
    const CatTable *t = st->table;
    arena_reset(st->trig_arena);
    trigger_fetch_row(op->es, t, row, snap, st->old_row, st->trig_arena);
    if (!plan->u.modify.is_delete) {
        memcpy(st->new_row, st->old_row, sizeof(Value) * (size_t)t->ncols);
        for (int k = 0; k < plan->u.modify.nset; k++)
            st->new_row[plan->u.modify.set_cols[k]] = st->vals[k];
    }
    if (!st->trig_before) return 1;
    int q = trigger_before_row(op->es, t, st->event, st->set_mask, st->old_row,
                               plan->u.modify.is_delete ? NULL : st->new_row, st->trig_arena);
    if (q <= 0 || plan->u.modify.is_delete) return q;
    /* the write: the SET columns and those the triggers changed */
    st->wn = 0;
    for (int c = 0; c < t->ncols; c++)
        if (st->set_mask[c] || !trigger_same_value(&st->old_row[c], &st->new_row[c])) {
            st->row_cols[st->wn] = c;
            st->row_vals[st->wn++] = st->new_row[c];
        }
    st->wcols = st->row_cols;
    st->wvals = st->row_vals;
    st->moves_keys = unique_update_touches_keys(st->storage, st->wn, st->wcols);
    if (st->moves_keys) storage_table_note_keys_moved(st->storage);
    return 1;
}

/* Before BEFORE ROW triggers run, the row is locked, as PostgreSQL locks it
 * before firing them, so that they run once, on the version the write
 * replaces. A row another transaction is writing is waited for; one changed
 * since the snapshot is re-checked (READ COMMITTED; REPEATABLE READ fails
 * with 40001), *snap becoming the snapshot that sees its newest version (in
 * *buf). The lock is written as by the command before this one, so that this
 * command's own write of the row is not taken for a second one (SELF).
 * 1: go on, 0: skip the row, -1 error. */
static int settle_row(Operator *op, ModifyState *st, uint64_t row, StorageSnapshot *buf,
                      const StorageSnapshot **snap)
{
    ExecState *es = op->es;
    for (;;) {
        uint64_t holder = 0;
        storage_table_write_lock(st->storage);
        RowWriteResult r = storage_row_probe(st->storage, row, *snap, &holder);
        storage_table_write_unlock(st->storage);
        switch (r) {
        case ROW_WRITE_BUSY:
            if (txn_wait(es->txn, holder, es->cancel, st->deadline_us, es->err) != 0) return -1;
            continue;
        case ROW_WRITE_CHANGED: {
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ)
                return serialization_error(op, false);
            int q = recheck_row(op, st, row);
            if (q <= 0) return q;
            *buf = st->recheck.snap;
            *snap = buf;
            continue;
        }
        case ROW_WRITE_GONE:
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ) return serialization_error(op, true);
            return 0;
        case ROW_WRITE_SELF:
        case ROW_WRITE_ERROR:
            return 0;
        case ROW_WRITE_OK:
            break;
        }
        StorageSnapshot held = **snap;
        held.cmd -= 1;
        r = exec_lock_row(es, st->storage, row, &held, &holder);
        if (r == ROW_WRITE_OK || r == ROW_WRITE_SELF) return 1; /* the row is ours */
        if (r == ROW_WRITE_ERROR) return -1;
        if (r == ROW_WRITE_BUSY &&
            txn_wait(es->txn, holder, es->cancel, st->deadline_us, es->err) != 0)
            return -1;
        /* written meanwhile: look again */
    }
}

/* Writes one row; returns 1 if written, 0 if skipped, -1 on error. */
static int modify_row(Operator *op, ModifyState *st, uint64_t row, const StorageSnapshot *start)
{
    const PlanNode *plan = op->plan;
    ExecState *es = op->es;
    const StorageSnapshot *snap = start;
    StorageSnapshot latest;
    for (;;) {
        uint64_t holder = 0;
        UndoRow *undo = NULL;
        RowWriteResult r;
        storage_table_write_lock(st->storage);
        if (plan->u.modify.is_delete)
            r = storage_row_delete(st->storage, row, snap, &holder, es->err);
        else
            r = storage_row_update(st->storage, row, snap, st->wn, st->wcols, st->wvals, &holder,
                                   &undo, es->err);
        storage_table_write_unlock(st->storage);
        switch (r) {
        case ROW_WRITE_OK:
            if (plan->u.modify.is_delete) {
                if (txn_log_delete(es->txn, st->storage, row, es->err) != 0) {
                    storage_table_write_lock(st->storage);
                    storage_row_delete_finish(st->storage, row, VERSION_ABORTED);
                    storage_table_write_unlock(st->storage);
                    return -1;
                }
                if (st->fk.parent && fk_check_deleted(es, st->table, row) != 0) return -1;
            } else if (txn_log_update(es->txn, st->storage, undo, es->err) != 0) {
                storage_table_write_lock(st->storage);
                storage_undo_abort(st->storage, undo);
                storage_table_write_unlock(st->storage);
                return -1;
            } else if (check_stored_row(op, st->table, row, plan->u.modify.checks,
                                        plan->u.modify.nchecks) != 0) {
                return -1; /* the statement's rollback undoes the update */
            } else if (st->moves_keys && unique_update_row(es, st->table, st->storage, row, st->wn,
                                                           st->wcols, st->deadline_us) != 0) {
                return -1; /* the statement's rollback undoes the update */
            } else if ((st->fk.child || st->fk.parent) &&
                       fk_check_updated(es, st->table, row, undo, st->fk) != 0) {
                return -1;
            }
            return 1;
        case ROW_WRITE_ERROR:
            if (undo) txn_log_update(es->txn, st->storage, undo, es->err); /* reclaimed later */
            return -1;
        case ROW_WRITE_SELF:
            return 0;
        case ROW_WRITE_BUSY:
            if (txn_wait(es->txn, holder, es->cancel, st->deadline_us, es->err) != 0) return -1;
            continue;
        case ROW_WRITE_GONE:
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ) return serialization_error(op, true);
            return 0;
        case ROW_WRITE_CHANGED: {
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ)
                return serialization_error(op, false);
            int q = recheck_row(op, st, row);
            if (q <= 0) return q;
            latest = st->recheck.snap;
            snap = &latest;
            /* the row's newest version goes through the BEFORE triggers */
            if (st->trig_before || st->trig_after) {
                q = trigger_row(op, st, row, snap);
                if (q <= 0) return q;
            }
            continue;
        }
        }
    }
}

static int modify_next(Operator *op, Chunk **out)
{
    ModifyState *st = op->state;
    const PlanNode *plan = op->plan;
    *out = NULL;
    if (st->done) return 0;
    if (!op->es->txn || !op->es->snap)
        return ERR(op->es->err, SQLSTATE_INTERNAL_ERROR, "UPDATE/DELETE outside a transaction");
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (in == NULL) break;
        if (exec_check_interrupts(op->es) != 0) return -1;
        if (plan->u.modify.returning) {
            arena_reset(op->chunk_arena);
            for (int c = 0; c < st->out.ncols; c++)
                vector_init_flat(&st->out.cols[c], plan->types[c], op->chunk_arena);
            st->out.count = 0;
            st->out.sel = NULL;
        }
        for (uint32_t i = 0; i < in->count; i++) {
            uint32_t pos = chunk_row(in, i);
            if (!vector_is_valid(&in->cols[0], pos)) continue; /* outer-join NULL */
            uint64_t row = (uint64_t)((const int64_t *)in->cols[0].data)[pos];
            for (int k = 0; k < plan->u.modify.nset; k++) {
                const Vector *v = &in->cols[k + 1];
                memset(&st->vals[k], 0, sizeof(Value));
                st->vals[k].type = st->table->cols[plan->u.modify.set_cols[k]].type;
                st->vals[k].is_null = !vector_is_valid(v, pos);
                if (!st->vals[k].is_null)
                    memcpy(&st->vals[k].u, vector_value_ptr(v, pos), type_info(v->type.id)->width);
            }
            const StorageSnapshot *start = op->es->snap;
            StorageSnapshot settled;
            if (st->trig_before) {
                int q = settle_row(op, st, row, &settled, &start);
                if (q < 0) return -1;
                if (q == 0) continue;
            }
            if (st->trig_before || st->trig_after) {
                int q = trigger_row(op, st, row, start);
                if (q < 0) return -1;
                if (q == 0) continue;
            }
            /* NOT NULL */
            for (int k = 0; k < st->wn; k++) {
                const CatColumn *col = &st->table->cols[st->wcols[k]];
                if (st->wvals[k].is_null && col->not_null) {
                    ERR(op->es->err, SQLSTATE_NOT_NULL_VIOLATION,
                        "null value in column \"%s\" of relation \"%s\" violates not-null "
                        "constraint",
                        col->name, st->table->name);
                    error_object(op->es->err, st->table->schema->name, st->table->name, col->name,
                                 NULL);
                    return -1;
                }
            }
            int w = modify_row(op, st, row, start);
            if (w < 0) return -1;
            if (w == 0) continue;
            st->affected++;
            if (st->trig_after &&
                trigger_after_row(op->es, st->table, st->event, st->set_mask, st->old_row,
                                  plan->u.modify.is_delete ? NULL : st->new_row) != 0)
                return -1;
            if (plan->u.modify.returning) add_returning(op, st, in, pos);
        }
        if (plan->u.modify.returning && st->out.count > 0) {
            op->es->rows_affected = st->affected;
            *out = &st->out;
            return 0;
        }
    }
    st->done = true;
    op->es->rows_affected = st->affected;
    return trigger_statement(op->es, st->table, st->event, false);
}

static int modify_rescan(Operator *op)
{
    return ERR(op->es->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "UPDATE/DELETE cannot be rescanned");
}

static void modify_close(Operator *op)
{
    exec_close(op->left);
}

static const OperatorVTable modify_vt = {modify_open, modify_next, modify_rescan, modify_close};

Operator *op_modify_create(const PlanNode *plan, ExecState *es)
{
    CatTable *table = plan->u.modify.table;
    if (table == NULL || table->storage == NULL) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "UPDATE/DELETE without a target table");
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &modify_vt);
    ModifyState *st = ARENA_NEW(op->arena, ModifyState);
    op->state = st;
    st->table = table;
    st->storage = table->storage;
    st->vals = ARENA_NEW_ARRAY(op->arena, Value, plan->u.modify.nset + 1);
    int ncols = table->ncols > 0 ? table->ncols : 1;
    st->set_mask = ARENA_NEW_ARRAY(op->arena, bool, ncols);
    for (int k = 0; k < plan->u.modify.nset; k++) st->set_mask[plan->u.modify.set_cols[k]] = true;
    st->all_cols = ARENA_NEW_ARRAY(op->arena, int, ncols);
    for (int c = 0; c < table->ncols; c++) st->all_cols[c] = c;
    st->row_cols = ARENA_NEW_ARRAY(op->arena, int, ncols);
    st->row_vals = ARENA_NEW_ARRAY(op->arena, Value, ncols);
    st->old_row = ARENA_NEW_ARRAY(op->arena, Value, ncols);
    st->new_row = ARENA_NEW_ARRAY(op->arena, Value, ncols);
    st->trig_arena = arena_create(op->arena, "trigger rows");
    st->out.ncols = table->ncols + plan->u.modify.nextra;
    st->out.cols = ARENA_NEW_ARRAY(op->arena, Vector, st->out.ncols > 0 ? st->out.ncols : 1);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
