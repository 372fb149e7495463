/*
 * op_insert_conflict.c — INSERT ... ON CONFLICT DO NOTHING / DO UPDATE, one
 * row at a time (exec/op_insert.h).
 *
 * Per row, under the table's index lock: look the row's keys up in the
 * arbiter indexes (or every unique index; a computed index's key is evaluated
 * over the proposed row, and a row its predicate leaves out cannot conflict
 * there: exec/unique_keys.h); an entry whose row is dead is no
 * conflict, one whose row another running transaction is inserting or
 * deleting is waited for (then the row starts over), a live one is the
 * conflict. Without a conflict the row is appended and indexed while the
 * lock is still held, so no other writer can slip the same key in between.
 *
 * DO UPDATE evaluates SET and WHERE over [the existing row's newest values,
 * the proposed row (EXCLUDED)] and updates the existing row in place as the
 * newest committed version shows it (PostgreSQL's behaviour in READ
 * COMMITTED); under REPEATABLE READ a conflicting row the snapshot cannot
 * see fails with 40001, for DO NOTHING as well (unless this command inserted
 * it). Updating the same row twice in one command is 21000.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "exec/check_eval.h"
#include "exec/fk_check.h"
#include "exec/op_insert.h"
#include "exec/trigger_exec.h"
#include "exec/unique_keys.h"
#include "exec/unique_update.h"
#include "storage/storage.h"
#include "storage/unique_index.h"
#include "txn/txn.h"

/* The existing row's newest values (this command's own writes included). */
static void fetch_latest(Operator *op, StorageTable *storage, const CatTable *t, uint64_t row,
                         Chunk *dst)
{
    StorageSnapshot own = txn_latest_snapshot(op->es->txn);
    own.cmd = UINT32_MAX;
    uint64_t rows = storage_table_row_count(storage);
    storage_read_begin();
    for (int c = 0; c < t->ncols; c++) {
        Value v;
        storage_table_fetch_snapshot(storage, rows, row, c, &own, &v);
        Vector *vec = &dst->cols[c];
        vector_init_flat(vec, t->cols[c].type, op->chunk_arena);
        if (v.is_null)
            vector_set_null(vec, 0, op->chunk_arena);
        else
            vector_set_value(vec, 0, &v);
    }
    storage_read_end();
}

/* Updates `row` from the proposed row at position pos of `in`. Returns 1
 * updated, 0 skipped (WHERE false), 2 start over (row changed), -1 error. */
static int do_update(Operator *op, StorageTable *storage, const CatTable *t, const Chunk *in,
                     uint32_t pos, uint64_t row)
{
    const PlanNode *plan = op->plan;
    ExecState *es = op->es;
    if (txn_isolation(es->txn) == TXN_REPEATABLE_READ &&
        !storage_row_visible(storage, row, es->snap))
        return ERR(es->err, SQLSTATE_SERIALIZATION_FAILURE,
                   "could not serialize access due to concurrent update");
    int n = t->ncols;
    Chunk both;
    memset(&both, 0, sizeof(both));
    both.ncols = 2 * n;
    both.cols = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(2 * n));
    both.count = 1;
    Chunk existing = both;
    fetch_latest(op, storage, t, row, &existing);
    for (int c = 0; c < n; c++) {
        Vector *v = &both.cols[n + c];
        vector_init_flat(v, t->cols[c].type, op->chunk_arena);
        const Vector *src = &in->cols[c];
        if (!vector_is_valid(src, pos)) {
            vector_set_null(v, 0, op->chunk_arena);
        } else {
            Value val;
            memset(&val, 0, sizeof(val));
            val.type = t->cols[c].type;
            memcpy(&val.u, vector_value_ptr(src, pos), type_info(val.type.id)->width);
            vector_set_value(v, 0, &val);
        }
    }
    if (plan->u.insert.conflict_where) {
        uint16_t sel[VECTOR_SIZE];
        uint32_t k = 0;
        if (expr_eval_filter(plan->u.insert.conflict_where, &both, sel, &k, &op->eval) != 0)
            return -1;
        if (k == 0) return 0;
    }
    int nset = plan->u.insert.nset;
    Value *vals = arena_alloc(op->chunk_arena, sizeof(Value) * (size_t)(nset > 0 ? nset : 1));
    for (int k = 0; k < nset; k++) {
        Vector out;
        memset(&out, 0, sizeof(out));
        if (expr_eval(plan->u.insert.set_exprs[k], &both, &out, &op->eval) != 0) return -1;
        const CatColumn *col = &t->cols[plan->u.insert.set_cols[k]];
        memset(&vals[k], 0, sizeof(Value));
        vals[k].type = col->type;
        vals[k].is_null = !vector_is_valid(&out, 0);
        if (vals[k].is_null && col->not_null) {
            ERR(es->err, SQLSTATE_NOT_NULL_VIOLATION,
                "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                col->name, t->name);
            error_object(es->err, t->schema->name, t->name, col->name, NULL);
            return -1;
        }
        if (!vals[k].is_null)
            memcpy(&vals[k].u, vector_value_ptr(&out, 0), type_info(col->type.id)->width);
    }
    /* UPDATE row triggers: OLD is the existing row, NEW it with the SET
     * values; a BEFORE trigger's NEW is written whole */
    const int *set_cols = plan->u.insert.set_cols;
    Value *old_row = NULL, *new_row = NULL;
    bool *set = NULL;
    bool before = trigger_exists(es, t, CAT_TRIG_UPDATE, true, true);
    if (before || trigger_exists(es, t, CAT_TRIG_UPDATE, false, true)) {
        old_row = arena_alloc(op->chunk_arena, sizeof(Value) * (size_t)n);
        new_row = arena_alloc(op->chunk_arena, sizeof(Value) * (size_t)n);
        set = arena_alloc(op->chunk_arena, sizeof(bool) * (size_t)n);
        memset(set, 0, sizeof(bool) * (size_t)n);
        for (int c = 0; c < n; c++) {
            vector_get_value(&existing.cols[c], 0, &old_row[c]);
            new_row[c] = old_row[c];
        }
        for (int k = 0; k < nset; k++) {
            new_row[set_cols[k]] = vals[k];
            set[set_cols[k]] = true;
        }
        if (before) {
            int q =
                trigger_before_row(es, t, CAT_TRIG_UPDATE, set, old_row, new_row, op->chunk_arena);
            if (q <= 0) return q;
            int *all = arena_alloc(op->chunk_arena, sizeof(int) * (size_t)n);
            for (int c = 0; c < n; c++) all[c] = c;
            nset = n;
            set_cols = all;
            vals = new_row;
        }
    }
    bool moves_keys = unique_update_touches_keys(storage, nset, set_cols);
    if (moves_keys) storage_table_note_keys_moved(storage);
    StorageSnapshot latest = txn_latest_snapshot(es->txn);
    uint64_t holder = 0;
    UndoRow *undo = NULL;
    storage_table_write_lock(storage);
    RowWriteResult r =
        storage_row_update(storage, row, &latest, nset, set_cols, vals, &holder, &undo, es->err);
    storage_table_write_unlock(storage);
    switch (r) {
    case ROW_WRITE_OK:
        if (txn_log_update(es->txn, storage, undo, es->err) != 0) {
            storage_table_write_lock(storage);
            storage_undo_abort(storage, undo);
            storage_table_write_unlock(storage);
            return -1;
        }
        if (check_stored_row(op, t, row, plan->u.insert.checks, plan->u.insert.nchecks) != 0)
            return -1; /* the statement's rollback undoes the update */
        if (moves_keys && unique_update_row(es, t, storage, row, nset, set_cols, 0) != 0)
            return -1; /* the statement's rollback undoes the update */
        FkNeeds needs = fk_needs(es->catalog, t, nset, set_cols);
        if ((needs.child || needs.parent) && fk_check_updated(es, t, row, undo, needs) != 0)
            return -1;
        if (old_row && trigger_after_row(es, t, CAT_TRIG_UPDATE, set, old_row, new_row) != 0)
            return -1;
        return 1;
    case ROW_WRITE_SELF:
        ERR(es->err, SQLSTATE_CARDINALITY_VIOLATION,
            "ON CONFLICT DO UPDATE command cannot affect row a second time");
        error_hint(es->err, "Ensure that no rows proposed for insertion within the same command "
                            "have duplicate constrained values.");
        return -1;
    case ROW_WRITE_BUSY:
        if (txn_wait(es->txn, holder, es->cancel, 0, es->err) != 0) return -1;
        return 2;
    case ROW_WRITE_ERROR:
        if (undo) txn_log_update(es->txn, storage, undo, es->err);
        return -1;
    default:
        return 2; /* deleted or changed meanwhile: look again */
    }
}

static bool inserted_by_me(const InsertState *st, uint64_t row)
{
    size_t lo = 0, hi = st->nmine;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (st->mine[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < st->nmine && st->mine[lo] == row;
}

static int remember(Operator *op, InsertState *st, uint64_t row)
{
    if (st->nmine == st->capmine) {
        size_t cap = st->capmine ? st->capmine * 2 : 64;
        uint64_t *n = realloc(st->mine, cap * sizeof(uint64_t));
        if (!n) return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        st->mine = n;
        st->capmine = cap;
    }
    st->mine[st->nmine++] = row;
    return 0;
}

/* True if unique index k arbitrates the conflict (every index without an
 * inference specification). */
static bool is_arbiter(const PlanNode *plan, int k)
{
    if (plan->u.insert.narbiters == 0) return true;
    for (int i = 0; i < plan->u.insert.narbiters; i++)
        if (plan->u.insert.arbiters[i] == k) return true;
    return false;
}

int insert_row_on_conflict(Operator *op, InsertState *st, const Chunk *row, uint32_t i,
                           uint64_t *out_row)
{
    const PlanNode *plan = op->plan;
    ExecState *es = op->es;
    const CatTable *t = st->table;
    StorageTable *storage = st->storage;
    uint32_t pos = chunk_row(row, i);
    *out_row = UINT64_MAX;
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].not_null && !vector_is_valid(&row->cols[c], pos))
            return insert_not_null_error(op, st, pos, c);
    /* a one-row view of the chunk */
    Chunk one = *row;
    uint16_t sel1 = (uint16_t)pos;
    one.sel = &sel1;
    one.count = 1;
    /* CHECK constraints on the proposed row, before looking for a conflict */
    if (plan->u.insert.nchecks > 0) {
        uint32_t fail_row;
        int ck;
        if (check_first_failure(op, plan->u.insert.checks, plan->u.insert.nchecks, &one, 1,
                                &fail_row, &ck) != 0)
            return -1;
        if (ck >= 0) return check_violation_error(op, t, row, pos, plan->u.insert.checks[ck].name);
    }
    int nuniq = storage_table_unique_count(storage);
    UniqueKey key;
    unique_key_init(&key);
    int result = -1;
    for (;;) {
        storage_table_index_lock_exclusive(storage);
        uint64_t conflict = UINT64_MAX, busy = 0;
        int failed = 0;
        for (int k = 0; k < nuniq && conflict == UINT64_MAX && !busy; k++) {
            if (!is_arbiter(plan, k)) continue;
            uint32_t off = 0, len = 0;
            const UniqueBound *b = st->bound ? st->bound[k] : NULL;
            if (unique_keys_encode(storage, k, b, &op->eval, &one, 1, &key, &off, &len) != 0) {
                failed = 1;
                break;
            }
            if (len == 0) continue; /* NULL in the key, or not in the index: no conflict */
            uint64_t existing;
            if (!unique_index_lookup(storage_table_unique(storage, k), key.data + off, len,
                                     &existing))
                continue;
            uint64_t holder = 0;
            RowLiveness live =
                unique_keys_holder(es, t, k, existing, key.data + off, len, es->snap->txn, &holder);
            if (live == ROW_BUSY) busy = holder;
            if (live == ROW_LIVE) conflict = existing;
        }
        if (failed) {
            storage_table_index_unlock(storage);
            break;
        }
        if (busy) {
            storage_table_index_unlock(storage);
            if (txn_wait(es->txn, busy, es->cancel, 0, es->err) != 0) break;
            continue;
        }
        if (conflict == UINT64_MAX) {
            uint64_t first = 0, held = 0;
            int rc = insert_rows_locked(op, st, &one, &first, &held);
            storage_table_index_unlock(storage);
            if (rc == 2) { /* a key of another index is busy: wait, start over */
                if (txn_wait(es->txn, held, es->cancel, 0, es->err) != 0) break;
                continue;
            }
            if (rc == 0 && fk_check_inserted(es, t, first, 1) == 0 &&
                remember(op, st, first) == 0) {
                *out_row = first;
                result = 1;
            }
            break;
        }
        storage_table_index_unlock(storage);
        if (plan->u.insert.on_conflict == 1) {
            /* PostgreSQL's ExecCheckTupleVisible: under REPEATABLE READ a
             * conflict with a row the snapshot cannot see (not this
             * command's own) is a serialization failure, not a skip */
            result = 0;
            if (txn_isolation(es->txn) == TXN_REPEATABLE_READ &&
                !storage_row_visible(storage, conflict, es->snap) && !inserted_by_me(st, conflict))
                result = ERR(es->err, SQLSTATE_SERIALIZATION_FAILURE,
                             "could not serialize access due to concurrent update");
            break;
        }
        if (inserted_by_me(st, conflict)) {
            ERR(es->err, SQLSTATE_CARDINALITY_VIOLATION,
                "ON CONFLICT DO UPDATE command cannot affect row a second time");
            error_hint(es->err, "Ensure that no rows proposed for insertion within the same "
                                "command have duplicate constrained values.");
            break;
        }
        int u = do_update(op, storage, t, row, pos, conflict);
        if (u == 2) continue;
        if (u == 1) *out_row = conflict;
        result = u;
        break;
    }
    unique_key_fini(&key);
    return result;
}
