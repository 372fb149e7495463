/*
 * test_wal_redo.c — redo payloads and replay into storage: values of every
 * physical shape survive encode/decode, every truncation of a payload is
 * refused, and storage_redo puts rows at explicit row ids (gaps become dead
 * rows that a later insert revives), applies updates and deletes, and
 * rebuilds unique indexes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "storage/storage_redo.h"
#include "storage/unique_index.h"
#include "wal/wal_redo.h"

static const OmType types[4] = {
    {TYPE_INT8, -1}, {TYPE_TEXT, -1}, {TYPE_NUMERIC, -1}, {TYPE_BOOL, -1}};

static void make_row(Value *v, int64_t id, const char *s, bool null_num)
{
    memset(v, 0, sizeof(Value) * 4);
    for (int i = 0; i < 4; i++) v[i].type = types[i];
    v[0].u.i64 = id;
    v[1].u.str = strview_make(s, (uint32_t)strlen(s));
    v[2].is_null = null_num;
    v[2].u.num = numeric_make(-12345, 2);
    v[3].u.b = true;
}

static void test_value_round_trip(void **state)
{
    (void)state;
    Value in[4], out[4];
    make_row(in, -77, "a string longer than twelve bytes", false);
    WalRedoBuf b;
    wal_redo_buf_init(&b);
    wal_redo_put_u32(&b, 16384);
    for (int i = 0; i < 4; i++) wal_redo_put_value(&b, &in[i]);
    assert_false(b.oom);
    WalRedoCursor c = {b.data, b.data + b.len};
    uint32_t oid;
    assert_true(wal_redo_get_u32(&c, &oid));
    assert_int_equal(oid, 16384);
    for (int i = 0; i < 4; i++) assert_true(wal_redo_get_value(&c, types[i], &out[i]));
    assert_true(c.p == c.end);
    assert_int_equal(out[0].u.i64, -77);
    assert_true(strview_eq(&in[1].u.str, &out[1].u.str));
    assert_true(out[2].u.num == in[2].u.num);
    assert_true(out[3].u.b);
    /* a value of the wrong shape for the column type is refused */
    c = (WalRedoCursor){b.data + 4, b.data + b.len};
    assert_false(wal_redo_get_value(&c, types[1], &out[0]));
    /* every truncation is refused, never read past the end */
    for (size_t cut = 4; cut < b.len; cut++) {
        c = (WalRedoCursor){b.data + 4, b.data + cut};
        bool ok = true;
        for (int i = 0; i < 4 && ok; i++) ok = wal_redo_get_value(&c, types[i], &out[i]);
        assert_false(ok);
    }
    wal_redo_buf_fini(&b);
}

/* Found by tests/fuzz/fuzz_wal_recovery: a bool byte other than 0 or 1 went into
 * storage as an invalid bool; an empty put on a fresh buffer offset a NULL
 * pointer. */
static void test_value_bad_bool(void **state)
{
    (void)state;
    WalRedoBuf b;
    wal_redo_buf_init(&b);
    wal_redo_put_bytes(&b, "", 0);
    assert_int_equal(b.len, 0);
    Value v = {.type = types[3], .u.b = true};
    wal_redo_put_value(&b, &v);
    assert_false(b.oom);
    Value out;
    WalRedoCursor c = {b.data, b.data + b.len};
    assert_true(wal_redo_get_value(&c, types[3], &out) && out.u.b);
    b.data[b.len - 1] = 3;
    c = (WalRedoCursor){b.data, b.data + b.len};
    assert_false(wal_redo_get_value(&c, types[3], &out));
    wal_redo_buf_fini(&b);
}

static void test_storage_replay(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    StorageTable *t = storage_table_create(4, types);
    int pk = 0;
    assert_int_equal(storage_table_add_unique(t, 1, &pk), 0);
    Value row[4];
    /* a transaction that appended later committed first: row 3000 before 2 */
    make_row(row, 3000, "late", false);
    assert_int_equal(storage_redo_insert(t, 3000, row, 5, &err), 0);
    assert_int_equal(storage_table_row_count(t), 3001);
    make_row(row, 2, "early and long enough to leave the inline bytes", true);
    assert_int_equal(storage_redo_insert(t, 2, row, 6, &err), 0);
    assert_int_equal(storage_redo_insert(t, 2, row, 7, &err), -1); /* twice: XX001 */
    assert_string_equal(err.sqlstate, "XX001");
    error_clear(&err);
    uint64_t holder;
    assert_int_equal(storage_row_liveness(t, 1, 0, &holder), ROW_DEAD);
    assert_int_equal(storage_row_liveness(t, 2, 0, &holder), ROW_LIVE);
    assert_int_equal(storage_row_liveness(t, 3000, 0, &holder), ROW_LIVE);
    /* update and delete */
    Value nv = {.type = types[0], .u.i64 = 42};
    int col = 0;
    assert_int_equal(storage_redo_update(t, 2, 1, &col, &nv, &err), 0);
    assert_int_equal(storage_redo_update(t, 1, 1, &col, &nv, &err), -1); /* a dead row */
    error_clear(&err);
    assert_int_equal(storage_redo_delete(t, 3000, 8, &err), 0);
    assert_int_equal(storage_row_liveness(t, 3000, 0, &holder), ROW_DEAD);
    StorageSnapshot snap = {.ts = 8, .txn = VERSION_TXN_BASE, .cmd = 1};
    assert_true(storage_row_visible(t, 2, &snap));
    assert_false(storage_row_visible(t, 3000, &snap));
    Value got;
    assert_int_equal(storage_table_fetch(t, storage_table_row_count(t), 2, 0, &got), 0);
    assert_int_equal(got.u.i64, 42);
    assert_int_equal(storage_table_fetch(t, storage_table_row_count(t), 2, 1, &got), 0);
    assert_int_equal(got.u.str.len, strlen("early and long enough to leave the inline bytes"));
    /* the rebuilt index maps key 42 to row 2 and nothing to the deleted row */
    assert_int_equal(storage_redo_rebuild_unique(t, &err), 0);
    assert_int_equal(storage_table_unique_count(t), 1);
    UniqueKey key;
    unique_key_init(&key);
    Value k42 = {.type = types[0], .u.i64 = 42};
    unique_key_add(&key, k42.type, &k42.u, false);
    uint64_t found = 0;
    assert_true(unique_index_lookup(storage_table_unique(t, 0), key.data, key.len, &found));
    assert_int_equal(found, 2);
    unique_key_reset(&key);
    Value k3000 = {.type = types[0], .u.i64 = 3000};
    unique_key_add(&key, k3000.type, &k3000.u, false);
    assert_false(unique_index_lookup(storage_table_unique(t, 0), key.data, key.len, &found));
    unique_key_fini(&key);
    storage_table_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_round_trip),
        cmocka_unit_test(test_value_bad_bool),
        cmocka_unit_test(test_storage_replay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
