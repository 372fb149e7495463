/*
 * op_insert.c — PLAN_INSERT: INSERT ... VALUES / SELECT into a table.
 *
 * The child produces the target columns (u.insert.target_cols order, types
 * already equal to the table's). For each child chunk the operator builds the
 * full table row (child vectors borrowed as they are; defaults as CONSTANT
 * vectors, or evaluated per row when volatile; NULL when there is no default),
 * then, in PostgreSQL's order (row by row: NOT NULL columns in column order,
 * then CHECK constraints by name, then each unique constraint, primary key
 * first):
 *   - NOT NULL: 23502 with the failing row;
 *   - CHECK: 23514 with the failing row (exec/check_eval.c);
 *   - unique constraints and indexes: the key goes into the unique index with
 *     the row id the row will get (a computed index's key is evaluated, and a
 *     row its predicate leaves out gets none: exec/unique_keys.h); a present
 *     key (committed, or an earlier row of this statement) is 23505 with the
 *     key.
 * and appends the chunk as pending rows of the table.
 *
 * Statement atomicity: the table's write mutex is held from the first check to
 * the end; appended rows stay pending (invisible) until the statement's last
 * row is in, then one commit publishes them all. On any error the pending rows
 * are rolled back and every index entry with a row id from this statement's
 * first row on is removed, so a failed INSERT leaves no trace. Appending as we
 * go (instead of buffering the input first) keeps a 10M-row INSERT ... SELECT
 * at one copy of the data.
 *
 * Returns no chunks; es->rows_affected receives the row count.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "common/strbuf.h"
#include "exec/operator.h"
#include "storage/storage.h"
#include "storage/unique_index.h"
#include "txn/txn.h"
#include "exec/check_eval.h"
#include "exec/fk_check.h"
#include "exec/op_insert.h"
#include "exec/trigger_exec.h"
#include "exec/unique_keys.h"

#define FAILING_ROW_FIELD_MAX 64 /* PostgreSQL clips each value of "Failing row contains" */

static const SessionSettings *settings_of(Operator *op)
{
    static SessionSettings defaults;
    static bool init;
    if (op->es->settings) return op->es->settings;
    if (!init) {
        session_settings_defaults(&defaults);
        init = true;
    }
    return &defaults;
}

/* Appends the text form of row `pos` of `v` ("null" for NULL). */
static void value_text(Operator *op, const Vector *v, uint32_t pos, StrBuf *sb)
{
    if (!vector_is_valid(v, pos)) {
        strbuf_puts(sb, "null");
        return;
    }
    type_text_out(v->type, vector_value_ptr(v, pos), settings_of(op), sb);
}

int insert_not_null_error(Operator *op, InsertState *st, uint32_t pos, int col)
{
    ExecState *es = op->es;
    ERR(es->err, SQLSTATE_NOT_NULL_VIOLATION,
        "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
        st->table->cols[col].name, st->table->name);
    error_object(es->err, st->table->schema->name, st->table->name, st->table->cols[col].name,
                 NULL);
    StrBuf row, val;
    strbuf_init(&row, op->chunk_arena);
    strbuf_init(&val, op->chunk_arena);
    for (int c = 0; c < st->table->ncols; c++) {
        strbuf_reset(&val);
        value_text(op, &st->row.cols[c], pos, &val);
        size_t len = val.len;
        if (len > FAILING_ROW_FIELD_MAX) {
            len = FAILING_ROW_FIELD_MAX;
            while (len > 0 && ((unsigned char)val.data[len] & 0xC0) == 0x80) len--;
        }
        if (c) strbuf_puts(&row, ", ");
        strbuf_append(&row, val.data, len);
        if (len < val.len) strbuf_puts(&row, "...");
    }
    error_detail(es->err, "Failing row contains (%s).", row.data ? row.data : "");
    return -1;
}

static int insert_open(Operator *op)
{
    InsertState *st = op->state;
    const PlanNode *plan = op->plan;
    if (trigger_statement(op->es, st->table, CAT_TRIG_INSERT, true) != 0) return -1;
    if (plan->u.insert.on_conflict && plan->u.insert.nset > 0 && /* DO UPDATE */
        trigger_statement(op->es, st->table, CAT_TRIG_UPDATE, true) != 0)
        return -1;
    st->trig_before = trigger_exists(op->es, st->table, CAT_TRIG_INSERT, true, true);
    st->trig_after = trigger_exists(op->es, st->table, CAT_TRIG_INSERT, false, true);
    if (exec_open(op->left) != 0) return -1;
    st->done = false;
    st->inserted = 0;
    /* computed unique indexes bound once, before any index lock is taken (a
     * table without one keeps bound NULL) */
    int nuniq = storage_table_unique_count(st->storage);
    st->bound = NULL;
    for (int k = 0; k < nuniq; k++) {
        if (!storage_table_unique_computed(st->storage, k)) continue;
        if (!st->bound) st->bound = ARENA_NEW_ARRAY(op->arena, const UniqueBound *, nuniq);
        if (unique_keys_bound(op->es, st->table, k, &st->bound[k]) != 0) return -1;
    }
    /* Constant defaults are evaluated once, into the operator arena. */
    Arena *saved = op->eval.arena;
    op->eval.arena = op->arena;
    for (int c = 0; c < st->table->ncols; c++) {
        if (st->src_of_col[c] >= 0) continue;
        const Expr *def = plan->u.insert.defaults ? plan->u.insert.defaults[c] : NULL;
        Value v;
        memset(&v, 0, sizeof(v));
        v.type = st->table->cols[c].type;
        v.is_null = true;
        st->volatile_default[c] = false;
        if (def != NULL && !expr_is_constant(def)) {
            st->volatile_default[c] = true;
            continue;
        }
        if (def != NULL && expr_eval_scalar(def, &v, &op->eval) != 0) {
            op->eval.arena = saved;
            return -1;
        }
        v.type = st->table->cols[c].type;
        vector_init_constant(&st->defaults[c], &v, op->arena);
    }
    op->eval.arena = saved;
    return 0;
}

/* Fills st->row from the child chunk. */
static int build_row(Operator *op, InsertState *st, const Chunk *in)
{
    const PlanNode *plan = op->plan;
    Chunk *row = &st->row;
    row->count = in->count;
    row->sel = in->sel;
    for (int c = 0; c < st->table->ncols; c++) {
        int src = st->src_of_col[c];
        if (src >= 0) {
            row->cols[c] = in->cols[src];
        } else if (!st->volatile_default[c]) {
            row->cols[c] = st->defaults[c];
        } else {
            Vector *v = &row->cols[c];
            vector_init_flat(v, st->table->cols[c].type, op->chunk_arena);
            for (uint32_t i = 0; i < in->count; i++) {
                uint32_t pos = chunk_row(in, i);
                Value val;
                if (expr_eval_scalar(plan->u.insert.defaults[c], &val, &op->eval) != 0) return -1;
                if (val.is_null)
                    vector_set_null(v, pos, op->chunk_arena);
                else
                    vector_set_value(v, pos, &val);
            }
        }
    }
    /* generated columns, over the row's other values (none reads another) */
    Expr **gen = plan->u.insert.generated;
    for (int c = 0; gen && c < st->table->ncols; c++) {
        if (!gen[c]) continue;
        Vector out;
        if (expr_eval(gen[c], row, &out, &op->eval) != 0) return -1;
        row->cols[c] = out;
    }
    return 0;
}

/* Row pos of chunk c into vals (one per column). */
static void row_values(const Chunk *c, uint32_t pos, Value *vals)
{
    for (int k = 0; k < c->ncols; k++) vector_get_value(&c->cols[k], pos, &vals[k]);
}

/* BEFORE ROW INSERT triggers over st->row: it becomes the rows they keep,
 * as they changed them. */
static int before_triggers(Operator *op, InsertState *st)
{
    const CatTable *t = st->table;
    Chunk *in = &st->row;
    Vector *kept = ARENA_NEW_ARRAY(op->chunk_arena, Vector, t->ncols > 0 ? t->ncols : 1);
    for (int c = 0; c < t->ncols; c++) vector_init_flat(&kept[c], t->cols[c].type, op->chunk_arena);
    uint32_t n = 0;
    for (uint32_t i = 0; i < in->count; i++) {
        row_values(in, chunk_row(in, i), st->trig_row);
        int r = trigger_before_row(op->es, t, CAT_TRIG_INSERT, NULL, NULL, st->trig_row,
                                   op->chunk_arena);
        if (r < 0) return -1;
        if (r == 0) continue;
        for (int c = 0; c < t->ncols; c++) vector_set_value(&kept[c], n, &st->trig_row[c]);
        n++;
    }
    for (int c = 0; c < t->ncols; c++) in->cols[c] = kept[c];
    in->count = n;
    in->sel = NULL;
    return 0;
}

/* Queues the AFTER ROW INSERT triggers of row pos of st->row. */
static int after_trigger(Operator *op, InsertState *st, uint32_t pos)
{
    row_values(&st->row, pos, st->trig_row);
    return trigger_after_row(op->es, st->table, CAT_TRIG_INSERT, NULL, NULL, st->trig_row);
}

/* Inserts the unique keys of rows [0, *fail_row) of the appended rows
 * first..: index by index. A key
 * whose entry points at a dead row takes the entry over (logged, so that a
 * rollback restores it). On a live duplicate, *fail_row / *fail_con receive
 * the first failing row; on a row being written by another transaction,
 * *busy receives its id (the caller waits and retries). Caller holds the index
 * lock exclusively. Returns -1 only on hard errors. */
static int check_unique(Operator *op, InsertState *st, const Chunk *row, uint64_t first, int nuniq,
                        uint32_t *fail_row_io, int *fail_con_out, uint64_t *busy)
{
    uint32_t fail_row = *fail_row_io;
    int fail_con = -1;
    const StorageSnapshot *snap = op->es->snap;
    for (int k = 0; k < nuniq && *busy == 0; k++) {
        UniqueIndex *index = storage_table_unique(st->storage, k);
        uint32_t limit = fail_row; /* rows after a known failure do not matter */
        if (unique_keys_encode(st->storage, k, st->bound ? st->bound[k] : NULL, &op->eval, row,
                               limit, &st->key, st->key_off, st->key_len) != 0)
            return -1;
        for (uint32_t i = 0; i < limit; i++) {
            if (st->key_len[i] == 0) continue;
            const uint8_t *key = st->key.data + st->key_off[i];
            uint64_t existing = 0;
            int rc = unique_index_insert(index, key, st->key_len[i], first + i, &existing);
            if (rc == -2)
                return ERR(op->es->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                           "index row size %u exceeds maximum %d for index", st->key_len[i],
                           UNIQUE_INDEX_MAX_KEY);
            if (rc < 0) return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            if (rc == 0) continue;
            uint64_t holder = 0;
            RowLiveness owner = unique_keys_holder(op->es, st->table, k, existing, key,
                                                   st->key_len[i], snap ? snap->txn : 0, &holder);
            if (existing >= first && existing < first + row->count) owner = ROW_LIVE;
            if (owner == ROW_BUSY) {
                *busy = holder;
                break;
            }
            if (owner == ROW_LIVE) {
                fail_row = i;
                fail_con = k;
                break;
            }
            /* take over the entry of a dead row */
            unique_index_delete(index, key, st->key_len[i]);
            if (unique_index_insert(index, key, st->key_len[i], first + i, NULL) < 0)
                return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            if (op->es->txn && txn_log_index(op->es->txn, st->storage, k, key, st->key_len[i],
                                             existing, first + i, op->es->err) != 0)
                return -1;
            if (op->es->txn &&
                storage_key_note_takeover(st->storage, k, key, st->key_len[i], first + i, existing,
                                          txn_gc_horizon(txn_manager_of(op->es->txn))) != 0)
                return ERR(op->es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
    }
    *fail_row_io = fail_row;
    *fail_con_out = fail_con;
    return 0;
}

/* With the index lock held (when the table has unique indexes): appends the
 * rows of `row` as this transaction's and indexes rows [0, *fail_row). */
static int append_and_index(Operator *op, InsertState *st, const Chunk *row, uint64_t *first,
                            uint32_t *fail_row, int *fail_con, uint64_t *busy)
{
    ExecState *es = op->es;
    int nuniq = storage_table_unique_count(st->storage);
    uint64_t txn = es->snap ? es->snap->txn : 0;
    storage_table_write_lock(st->storage);
    int rc = storage_table_append_txn(st->storage, row, txn, first, es->err);
    storage_table_write_unlock(st->storage);
    if (rc == 0 && es->txn &&
        txn_log_insert(es->txn, st->storage, *first, row->count, es->err) != 0) {
        storage_rows_set_insert_version(st->storage, *first, row->count, VERSION_ABORTED);
        rc = -1;
    }
    if (rc != 0) return -1;
    rc = check_unique(op, st, row, *first, nuniq, fail_row, fail_con, busy);
    /* keys staged for a bulk load become visible before the lock is released */
    for (int k = 0; k < nuniq; k++) unique_index_flush(storage_table_unique(st->storage, k));
    return rc;
}

/* The NOT NULL (nn_col >= 0) or CHECK (ck >= 0) error of chunk row i. */
static int bad_row_error(Operator *op, InsertState *st, uint32_t i, int nn_col, int ck)
{
    uint32_t pos = chunk_row(&st->row, i);
    if (nn_col >= 0) return insert_not_null_error(op, st, pos, nn_col);
    return check_violation_error(op, st->table, &st->row, pos, op->plan->u.insert.checks[ck].name);
}

/* Appends the rows of st->row as this transaction's, then indexes them. On a
 * key held by a running transaction, waits for it and tries again (the rows
 * appended by the attempt are rolled back with the transaction's undo log). */
static int insert_chunk(Operator *op, InsertState *st)
{
    const Chunk *row = &st->row;
    const CatTable *table = st->table;
    ExecState *es = op->es;
    /* First row (in order) with a NULL in a NOT NULL column, and that column. */
    uint32_t first_nn = row->count;
    int nn_col = -1;
    for (int c = 0; c < table->ncols; c++) {
        if (!table->cols[c].not_null) continue;
        const Vector *v = &row->cols[c];
        if (v->kind == VEC_FLAT && v->validity == NULL) continue;
        for (uint32_t i = 0; i < first_nn; i++) {
            if (!vector_is_valid(v, chunk_row(row, i))) {
                first_nn = i;
                nn_col = c;
                break;
            }
        }
    }
    /* CHECK constraints come after NOT NULL, row by row: a check failing in
     * an earlier row wins */
    int ck = -1;
    if (op->plan->u.insert.nchecks > 0) {
        uint32_t ck_row;
        if (check_first_failure(op, op->plan->u.insert.checks, op->plan->u.insert.nchecks, row,
                                first_nn, &ck_row, &ck) != 0)
            return -1;
        if (ck >= 0) {
            first_nn = ck_row;
            nn_col = -1;
        }
    }
    if (first_nn == 0) return bad_row_error(op, st, 0, nn_col, ck);
    int nuniq = storage_table_unique_count(st->storage);
    for (;;) {
        TxnMark mark = es->txn ? txn_mark(es->txn) : 0;
        if (nuniq > 0) storage_table_index_lock_exclusive(st->storage);
        uint64_t first, busy = 0;
        uint32_t fail_row = first_nn;
        int fail_con = -1;
        int rc = append_and_index(op, st, row, &first, &fail_row, &fail_con, &busy);
        if (nuniq > 0) storage_table_index_unlock(st->storage);
        if (rc != 0) return -1;
        if (busy) {
            /* undo this attempt, wait for the other writer, try again */
            if (!es->txn)
                return ERR(es->err, SQLSTATE_INTERNAL_ERROR, "key busy without a transaction");
            txn_rollback_to(es->txn, mark);
            if (txn_wait(es->txn, busy, es->cancel, 0, es->err) != 0) return -1;
            continue;
        }
        if (fail_con >= 0)
            return unique_keys_violation(es, &op->eval, table, fail_con, row,
                                         chunk_row(row, fail_row));
        if (nn_col >= 0 || ck >= 0) return bad_row_error(op, st, first_nn, nn_col, ck);
        if (fk_check_inserted(es, table, first, row->count) != 0) return -1;
        st->inserted += row->count;
        return 0;
    }
}

int insert_rows_locked(Operator *op, InsertState *st, const Chunk *row, uint64_t *first,
                       uint64_t *busy)
{
    ExecState *es = op->es;
    TxnMark mark = es->txn ? txn_mark(es->txn) : 0;
    uint32_t fail_row = row->count;
    int fail_con = -1;
    *busy = 0;
    if (append_and_index(op, st, row, first, &fail_row, &fail_con, busy) != 0) return -1;
    if (*busy) {
        if (es->txn) txn_rollback_to(es->txn, mark);
        return 2;
    }
    if (fail_con >= 0)
        return unique_keys_violation(es, &op->eval, st->table, fail_con, row,
                                     chunk_row(row, fail_row));
    st->inserted += row->count;
    return 0;
}

/* RETURNING rows of ON CONFLICT: the rows' values as this command left them. */
static void returning_rows(Operator *op, InsertState *st, const uint64_t *ids, uint32_t n)
{
    const CatTable *t = st->table;
    Chunk *out = &st->out;
    StorageSnapshot own = txn_latest_snapshot(op->es->txn);
    own.cmd = UINT32_MAX;
    uint64_t rows = storage_table_row_count(st->storage);
    storage_read_begin();
    for (int c = 0; c < t->ncols; c++) {
        Vector *vec = &out->cols[c];
        vector_init_flat(vec, t->cols[c].type, op->chunk_arena);
        for (uint32_t i = 0; i < n; i++) {
            Value v;
            storage_table_fetch_snapshot(st->storage, rows, ids[i], c, &own, &v);
            if (v.is_null)
                vector_set_null(vec, i, op->chunk_arena);
            else
                vector_set_value(vec, i, &v);
        }
    }
    storage_read_end();
    out->count = n;
    out->sel = NULL;
}

static int insert_next(Operator *op, Chunk **out)
{
    InsertState *st = op->state;
    const PlanNode *plan = op->plan;
    *out = NULL;
    if (st->done) return 0;
    for (;;) {
        Chunk *in;
        arena_reset(op->chunk_arena);
        if (exec_next(op->left, &in) != 0) goto fail;
        if (in == NULL) break;
        if (exec_check_interrupts(op->es) != 0) goto fail;
        if (build_row(op, st, in) != 0) goto fail;
        if (st->trig_before && before_triggers(op, st) != 0) goto fail;
        if (st->row.count == 0) continue;
        if (plan->u.insert.on_conflict) {
            uint64_t *ids = arena_alloc(op->chunk_arena, sizeof(uint64_t) * st->row.count);
            uint32_t nids = 0;
            for (uint32_t i = 0; i < st->row.count; i++) {
                uint64_t before = st->inserted, rid;
                int r = insert_row_on_conflict(op, st, &st->row, i, &rid);
                if (r < 0) goto fail;
                if (r == 0) continue;
                if (st->inserted == before)
                    st->inserted++; /* updated */
                else if (st->trig_after && after_trigger(op, st, chunk_row(&st->row, i)) != 0)
                    goto fail;
                ids[nids++] = rid;
            }
            if (plan->u.insert.returning && nids > 0) {
                returning_rows(op, st, ids, nids);
                op->es->rows_affected = st->inserted;
                *out = &st->out;
                return 0;
            }
            continue;
        }
        if (insert_chunk(op, st) != 0) goto fail;
        for (uint32_t i = 0; st->trig_after && i < st->row.count; i++)
            if (after_trigger(op, st, chunk_row(&st->row, i)) != 0) goto fail;
        if (plan->u.insert.returning) {
            op->es->rows_affected = st->inserted;
            *out = &st->row;
            return 0;
        }
    }
    st->done = true;
    op->es->rows_affected = st->inserted;
    if (plan->u.insert.on_conflict && plan->u.insert.nset > 0 &&
        trigger_statement(op->es, st->table, CAT_TRIG_UPDATE, false) != 0)
        return -1;
    return trigger_statement(op->es, st->table, CAT_TRIG_INSERT, false);
fail:
    /* the statement's rollback (the caller's transaction mark) removes the rows */
    st->done = true;
    return -1;
}

static int insert_rescan(Operator *op)
{
    return ERR(op->es->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "INSERT cannot be rescanned");
}

static void insert_close(Operator *op)
{
    InsertState *st = op->state;
    unique_key_fini(&st->key);
    free(st->mine);
    st->mine = NULL;
    st->nmine = st->capmine = 0;
    exec_close(op->left);
}

static const OperatorVTable insert_vt = {insert_open, insert_next, insert_rescan, insert_close};

Operator *op_insert_create(const PlanNode *plan, ExecState *es)
{
    CatTable *table = plan->u.insert.table;
    if (table == NULL || table->storage == NULL) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "INSERT without a target table");
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &insert_vt);
    InsertState *st = ARENA_NEW(op->arena, InsertState);
    op->state = st;
    st->table = table;
    st->storage = table->storage;
    int ncols = table->ncols;
    st->key_off = arena_alloc(op->arena, sizeof(uint32_t) * VECTOR_SIZE);
    st->key_len = arena_alloc(op->arena, sizeof(uint32_t) * VECTOR_SIZE);
    st->src_of_col = ARENA_NEW_ARRAY(op->arena, int, ncols > 0 ? ncols : 1);
    st->defaults = ARENA_NEW_ARRAY(op->arena, Vector, ncols > 0 ? ncols : 1);
    st->volatile_default = ARENA_NEW_ARRAY(op->arena, bool, ncols > 0 ? ncols : 1);
    for (int c = 0; c < ncols; c++) st->src_of_col[c] = -1;
    for (int i = 0; i < plan->u.insert.ncols_in; i++) {
        int tc = plan->u.insert.target_cols[i];
        if (tc < 0 || tc >= ncols) {
            ERR(es->err, SQLSTATE_INTERNAL_ERROR, "INSERT target column %d out of range", tc);
            return NULL;
        }
        st->src_of_col[tc] = i;
    }
    st->row.ncols = ncols;
    st->row.cols = ARENA_NEW_ARRAY(op->arena, Vector, ncols > 0 ? ncols : 1);
    st->out.ncols = ncols;
    st->out.cols = ARENA_NEW_ARRAY(op->arena, Vector, ncols > 0 ? ncols : 1);
    st->trig_row = ARENA_NEW_ARRAY(op->arena, Value, ncols > 0 ? ncols : 1);
    if (plan->u.insert.on_conflict && (!es->txn || !es->snap)) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "INSERT ... ON CONFLICT outside a transaction");
        return NULL;
    }
    unique_key_init(&st->key);
    op->left = exec_build(plan->left, es);
    return op->left ? op : NULL;
}
