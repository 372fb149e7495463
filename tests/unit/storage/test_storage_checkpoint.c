/*
 * test_storage_checkpoint.c — a table's snapshot as a Parquet file and back:
 * only the rows the snapshot sees are written (a row deleted after it still
 * is, one inserted after it is not), each at its row id; loading puts them
 * back at those ids with dead rows in the gaps, which later redo inserts can
 * fill; a file whose columns do not match the table is refused (XX001).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "storage/storage_checkpoint.h"
#include "storage/storage_redo.h"

static const OmType types[3] = {{TYPE_INT8, -1}, {TYPE_TEXT, -1}, {TYPE_NUMERIC, -1}};
static const char *const names[3] = {"id", "s", "n"};

static void make_row(Value *v, int64_t id)
{
    static char buf[64];
    memset(v, 0, sizeof(Value) * 3);
    for (int i = 0; i < 3; i++) v[i].type = types[i];
    v[0].u.i64 = id;
    snprintf(buf, sizeof(buf), "row %lld with a long text", (long long)id);
    v[1].u.str = strview_make(buf, (uint32_t)strlen(buf));
    v[1].is_null = id % 7 == 0;
    v[2].u.num = numeric_make(id * 3, 1);
    v[2].is_null = id % 5 == 0;
}

static void test_write_and_load(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    char path[] = "/tmp/omendb_ckpt_testXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);

    StorageTable *t = storage_table_create(3, types);
    Value row[3];
    for (int64_t id = 0; id < 130000; id++) { /* more than one row group */
        make_row(row, id);
        assert_int_equal(storage_redo_insert(t, (uint64_t)id, row, 2, &err), 0);
    }
    for (uint64_t id = 3; id < 130000; id += 10)
        assert_int_equal(storage_redo_delete(t, id, 3, &err), 0);
    /* after the snapshot (ts 5): a delete it must not see, an insert it must not see */
    assert_int_equal(storage_redo_delete(t, 1, 9, &err), 0);
    make_row(row, 140000);
    assert_int_equal(storage_redo_insert(t, 140000, row, 9, &err), 0);

    StorageSnapshot snap = {.ts = 5, .txn = VERSION_TXN_BASE, .cmd = 1};
    uint64_t rows = 0;
    assert_int_equal(storage_checkpoint_write(t, &snap, path, names, &rows, &err), 0);
    assert_int_equal(rows, 130000 - 13000);
    storage_table_destroy(t);

    StorageTable *u = storage_table_create(3, types);
    assert_int_equal(storage_checkpoint_load(u, path, &rows, &err), 0);
    assert_int_equal(rows, 117000);
    assert_int_equal(storage_table_row_count(u), 130000);
    uint64_t holder;
    assert_int_equal(storage_row_liveness(u, 1, 0, &holder), ROW_LIVE);
    assert_int_equal(storage_row_liveness(u, 3, 0, &holder), ROW_DEAD);
    assert_int_equal(storage_row_liveness(u, 129993, 0, &holder), ROW_DEAD);
    StorageSnapshot any = {.ts = 1, .txn = VERSION_TXN_BASE, .cmd = 1};
    assert_true(storage_row_visible(u, 4, &any)); /* visible to every snapshot */
    for (uint64_t id = 0; id < 130000; id += 997) {
        if (id % 10 == 3) continue;
        make_row(row, (int64_t)id);
        for (int c = 0; c < 3; c++) {
            Value got;
            assert_int_equal(storage_table_fetch(u, 130000, id, c, &got), 0);
            assert_int_equal(got.is_null, row[c].is_null);
            if (got.is_null) continue;
            if (c == 0) assert_int_equal(got.u.i64, (int64_t)id);
            if (c == 1) {
                assert_int_equal(got.u.str.len, row[1].u.str.len);
                assert_memory_equal(strview_data(&got.u.str), strview_data(&row[1].u.str),
                                    row[1].u.str.len);
            }
            if (c == 2) assert_memory_equal(&got.u.num, &row[2].u.num, sizeof(OmNumeric));
        }
    }
    /* redo after the checkpoint: fill a gap, append beyond the end */
    make_row(row, 3);
    assert_int_equal(storage_redo_insert(u, 3, row, 10, &err), 0);
    make_row(row, 140000);
    assert_int_equal(storage_redo_insert(u, 140000, row, 10, &err), 0);
    assert_int_equal(storage_row_liveness(u, 3, 0, &holder), ROW_LIVE);
    storage_table_destroy(u);

    /* a table of other columns refuses the file */
    const OmType other[3] = {{TYPE_INT8, -1}, {TYPE_TEXT, -1}, {TYPE_INT4, -1}};
    StorageTable *v = storage_table_create(3, other);
    assert_int_equal(storage_checkpoint_load(v, path, &rows, &err), -1);
    assert_string_equal(err.sqlstate, "XX001");
    assert_non_null(strstr(err.message, path));
    storage_table_destroy(v);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_and_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
