/*
 * check_eval.c — CHECK constraint enforcement on new rows (check_eval.h).
 */
#include <string.h>

#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "common/strbuf.h"
#include "exec/check_eval.h"
#include "storage/storage.h"
#include "txn/txn.h"

#define FAILING_ROW_FIELD_MAX 64 /* PostgreSQL clips each value of "Failing row contains" */

int check_first_failure(Operator *op, const PlanCheck *checks, int n, const Chunk *row,
                        uint32_t limit, uint32_t *fail_row, int *fail_check)
{
    *fail_row = limit;
    *fail_check = -1;
    if (n == 0 || limit == 0) return 0;
    Chunk view = *row;
    view.count = limit;
    for (int k = 0; k < n; k++) {
        Vector out;
        memset(&out, 0, sizeof(out));
        if (expr_eval(checks[k].expr, &view, &out, &op->eval) != 0) return -1;
        for (uint32_t i = 0; i < *fail_row; i++) {
            uint32_t pos = chunk_row(&view, i);
            if (!vector_is_valid(&out, pos)) continue;
            if (!*(const bool *)vector_value_ptr(&out, pos)) {
                /* an earlier row wins; for the same row the first check in order */
                if (i < *fail_row) {
                    *fail_row = i;
                    *fail_check = k;
                }
                break;
            }
        }
    }
    return 0;
}

void check_failing_row_detail(Operator *op, const CatTable *t, const Chunk *row, uint32_t pos)
{
    StrBuf line, val;
    strbuf_init(&line, op->chunk_arena);
    strbuf_init(&val, op->chunk_arena);
    for (int c = 0; c < t->ncols; c++) {
        strbuf_reset(&val);
        const Vector *v = &row->cols[c];
        if (!vector_is_valid(v, pos))
            strbuf_puts(&val, "null");
        else
            type_text_out(v->type, vector_value_ptr(v, pos), op->es->settings, &val);
        size_t len = val.len;
        if (len > FAILING_ROW_FIELD_MAX) {
            len = FAILING_ROW_FIELD_MAX;
            while (len > 0 && ((unsigned char)val.data[len] & 0xC0) == 0x80) len--;
        }
        if (c) strbuf_puts(&line, ", ");
        if (len) strbuf_append(&line, val.data, len);
        if (len < val.len) strbuf_puts(&line, "...");
    }
    error_detail(op->es->err, "Failing row contains (%s).", line.data ? line.data : "");
}

int check_violation_error(Operator *op, const CatTable *t, const Chunk *row, uint32_t pos,
                          const char *name)
{
    ERR(op->es->err, SQLSTATE_CHECK_VIOLATION,
        "new row for relation \"%s\" violates check constraint \"%s\"", t->name, name);
    error_object(op->es->err, t->schema->name, t->name, NULL, name);
    check_failing_row_detail(op, t, row, pos);
    return -1;
}

int check_stored_row(Operator *op, const CatTable *t, uint64_t row_id, const PlanCheck *checks,
                     int n)
{
    if (n == 0) return 0;
    ExecState *es = op->es;
    Chunk one;
    one.ncols = t->ncols;
    one.cols = arena_alloc(op->chunk_arena, sizeof(Vector) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    one.count = 1;
    one.sel = NULL;
    StorageSnapshot own = txn_latest_snapshot(es->txn);
    own.cmd = UINT32_MAX;
    uint64_t rows = storage_table_row_count(t->storage);
    storage_read_begin();
    for (int c = 0; c < t->ncols; c++) {
        Vector *vec = &one.cols[c];
        vector_init_flat(vec, t->cols[c].type, op->chunk_arena);
        Value v;
        storage_table_fetch_snapshot(t->storage, rows, row_id, c, &own, &v);
        if (v.is_null) {
            vector_set_null(vec, 0, op->chunk_arena);
        } else {
            /* copy strings out of storage: the chunk outlives the read bracket */
            if (type_is_varlena(v.type.id)) {
                vec->heap = op->chunk_arena;
                v.u.str = vector_add_string(vec, strview_data(&v.u.str), v.u.str.len);
            }
            vector_set_value(vec, 0, &v);
        }
    }
    storage_read_end();
    uint32_t fail_row;
    int fail_check;
    if (check_first_failure(op, checks, n, &one, 1, &fail_row, &fail_check) != 0) return -1;
    if (fail_check < 0) return 0;
    return check_violation_error(op, t, &one, 0, checks[fail_check].name);
}
