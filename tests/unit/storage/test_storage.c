/*
 * test_storage.c — storage tables: append/scan round trips across vector and
 * row-group boundaries (NULLs, long strings, CONSTANT/selected input),
 * visibility (pending/commit/rollback), zone maps, single-row fetch.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "storage/storage.h"

/* Table layout used by most tests: (id int8, x float8, s text, k int4). */
static const OmType test_types[4] = {
    {TYPE_INT8, -1}, {TYPE_FLOAT8, -1}, {TYPE_TEXT, -1}, {TYPE_INT4, -1}};

static void row_string(uint64_t id, char *buf, size_t cap)
{
    if (id % 3 == 0)
        snprintf(buf, cap, "a long string value number %llu", (unsigned long long)id);
    else
        snprintf(buf, cap, "s%llu", (unsigned long long)(id % 1000));
}

/* Builds a chunk of rows first..first+n (n <= 2048) in `arena`: s is NULL when
 * id % 7 == 3, k = id % 100. */
static Chunk *make_chunk(Arena *arena, uint64_t first, uint32_t n)
{
    Chunk *c = chunk_create(arena, 4, test_types);
    for (uint32_t i = 0; i < n; i++) {
        uint64_t id = first + i;
        ((int64_t *)c->cols[0].data)[i] = (int64_t)id;
        ((double *)c->cols[1].data)[i] = (double)id * 0.5;
        if (id % 7 == 3) {
            vector_set_null(&c->cols[2], i, arena);
        } else {
            char buf[64];
            row_string(id, buf, sizeof(buf));
            ((StrView *)c->cols[2].data)[i] =
                vector_add_string(&c->cols[2], buf, (uint32_t)strlen(buf));
        }
        ((int32_t *)c->cols[3].data)[i] = (int32_t)(id % 100);
    }
    c->count = n;
    return c;
}

static void append_rows(StorageTable *t, Arena *arena, uint64_t n, uint32_t batch)
{
    uint64_t done = 0;
    while (done < n) {
        uint32_t take = (uint32_t)(n - done < batch ? n - done : batch);
        arena_reset(arena);
        Chunk *c = make_chunk(arena, storage_table_pending_count(t), take);
        OmError err;
        error_clear(&err);
        uint64_t first;
        assert_int_equal(storage_table_append(t, c, &first, &err), 0);
        assert_int_equal(first, storage_table_pending_count(t) - take);
        done += take;
    }
}

static void check_all_rows(StorageTable *t, uint64_t expect)
{
    uint64_t rc = storage_table_row_count(t);
    assert_int_equal(rc, expect);
    uint64_t seen = 0;
    for (uint64_t g = 0; g < storage_table_group_count(rc); g++) {
        for (uint32_t v = 0; v < STORAGE_GROUP_VECTORS; v++) {
            StorageVectorRef r[4];
            if (storage_table_vector(t, rc, g, v, 0, &r[0]) != 0) break;
            for (int c = 1; c < 4; c++)
                assert_int_equal(storage_table_vector(t, rc, g, v, c, &r[c]), 0);
            for (uint32_t i = 0; i < r[0].count; i++) {
                uint64_t id = g * STORAGE_GROUP_ROWS + v * STORAGE_VECTOR_ROWS + i;
                assert_int_equal(((const int64_t *)r[0].data)[i], (int64_t)id);
                assert_true(((const double *)r[1].data)[i] == (double)id * 0.5);
                bool valid = validity_is_valid(r[2].validity, i);
                assert_int_equal(valid, id % 7 != 3);
                if (valid) {
                    char buf[64];
                    row_string(id, buf, sizeof(buf));
                    const StrView *s = &((const StrView *)r[2].data)[i];
                    assert_int_equal(s->len, strlen(buf));
                    assert_memory_equal(strview_data(s), buf, s->len);
                }
                assert_int_equal(((const int32_t *)r[3].data)[i], (int32_t)(id % 100));
                assert_true(validity_is_valid(r[0].validity, i));
                seen++;
            }
        }
    }
    assert_int_equal(seen, expect);
}

static void test_round_trip_boundaries(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    StorageTable *t = storage_table_create(4, test_types);
    /* 2.1 row groups, odd batch size so appends straddle vectors and groups. */
    uint64_t n = 2 * STORAGE_GROUP_ROWS + 5000;
    append_rows(t, arena, n, 1999);
    assert_int_equal(storage_table_row_count(t), 0); /* pending until commit */
    storage_table_commit(t);
    check_all_rows(t, n);
    assert_int_equal(storage_table_group_count(n), 3);
    assert_true(storage_bytes() > 0);
    storage_table_destroy(t);
    arena_destroy(arena);
}

static void test_tiny_table_is_small(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    size_t before = storage_bytes();
    StorageTable *t = storage_table_create(4, test_types);
    append_rows(t, arena, 3, 3);
    storage_table_commit(t);
    size_t used = storage_bytes() - before;
    /* One vector per column, not a whole row group. */
    assert_true(used < 256 * 1024);
    check_all_rows(t, 3);
    storage_table_destroy(t);
    assert_int_equal(storage_bytes(), before);
    arena_destroy(arena);
}

static void test_rollback(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    StorageTable *t = storage_table_create(4, test_types);
    append_rows(t, arena, 3000, 1000);
    storage_table_commit(t);
    const ZoneMap *z = storage_table_vector_zone(t, 0, 1, 0);
    assert_int_equal(z->max.i64, 2999);
    /* A failed statement: 200,000 more rows, then rollback. */
    append_rows(t, arena, 200000, 2048);
    assert_int_equal(storage_table_pending_count(t), 203000);
    assert_int_equal(storage_table_row_count(t), 3000);
    storage_table_rollback(t);
    assert_int_equal(storage_table_pending_count(t), 3000);
    z = storage_table_vector_zone(t, 0, 1, 0);
    assert_int_equal(z->row_count, 3000 - 2048);
    assert_int_equal(z->max.i64, 2999);
    const ZoneMap *gz = storage_table_group_zone(t, 0, 0);
    assert_int_equal(gz->row_count, 3000);
    assert_int_equal(gz->max.i64, 2999);
    const ZoneMap *g1 = storage_table_group_zone(t, 1, 0);
    assert_int_equal(g1->row_count, 0);
    /* The next append reuses the slots. */
    append_rows(t, arena, 5000, 777);
    storage_table_commit(t);
    check_all_rows(t, 8000);
    storage_table_destroy(t);
    arena_destroy(arena);
}

static void test_zone_maps(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    StorageTable *t = storage_table_create(4, test_types);
    append_rows(t, arena, STORAGE_GROUP_ROWS + 10, 2048);
    storage_table_commit(t);
    const ZoneMap *z = storage_table_vector_zone(t, 0, 3, 0);
    assert_true(z->has_minmax);
    assert_int_equal(z->min.i64, 3 * 2048);
    assert_int_equal(z->max.i64, 4 * 2048 - 1);
    assert_int_equal(z->row_count, 2048);
    assert_int_equal(z->null_count, 0);
    z = storage_table_vector_zone(t, 0, 0, 3);
    assert_int_equal(z->min.i32, 0);
    assert_int_equal(z->max.i32, 99);
    z = storage_table_vector_zone(t, 0, 0, 2); /* text with NULLs */
    uint32_t nulls = 0;
    for (uint32_t i = 0; i < 2048; i++) nulls += i % 7 == 3;
    assert_int_equal(z->null_count, nulls);
    assert_true(z->has_minmax);
    const ZoneMap *gz = storage_table_group_zone(t, 0, 0);
    assert_int_equal(gz->min.i64, 0);
    assert_int_equal(gz->max.i64, STORAGE_GROUP_ROWS - 1);
    assert_int_equal(gz->row_count, STORAGE_GROUP_ROWS);
    gz = storage_table_group_zone(t, 1, 1);
    assert_true(gz->min.f8 == STORAGE_GROUP_ROWS * 0.5);
    assert_int_equal(gz->row_count, 10);
    assert_null(storage_table_group_zone(t, 2, 0));
    storage_table_destroy(t);
    arena_destroy(arena);
}

static void test_all_null_and_constant_and_sel(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    OmType types[2] = {{TYPE_INT4, -1}, {TYPE_TEXT, -1}};
    StorageTable *t = storage_table_create(2, types);
    Chunk *c = chunk_create(arena, 2, types);
    Value nul = {.type = {TYPE_INT4, -1}, .is_null = true};
    vector_init_constant(&c->cols[0], &nul, arena);
    const char *long_s = "constant long string that is not inline";
    Value sv = {.type = {TYPE_TEXT, -1}};
    sv.u.str = strview_make(long_s, (uint32_t)strlen(long_s));
    vector_init_constant(&c->cols[1], &sv, arena);
    uint16_t *sel = sel_alloc(arena);
    for (int i = 0; i < 10; i++) sel[i] = (uint16_t)(i * 3);
    c->sel = sel;
    c->count = 10;
    OmError err;
    error_clear(&err);
    assert_int_equal(storage_table_append(t, c, NULL, &err), 0);
    storage_table_commit(t);
    const ZoneMap *z = storage_table_vector_zone(t, 0, 0, 0);
    assert_int_equal(z->null_count, 10);
    assert_false(z->has_minmax);
    Value out;
    assert_int_equal(storage_table_fetch(t, 10, 9, 0, &out), 0);
    assert_true(out.is_null);
    assert_int_equal(storage_table_fetch(t, 10, 9, 1, &out), 0);
    assert_false(out.is_null);
    assert_int_equal(out.u.str.len, strlen(long_s));
    assert_memory_equal(strview_data(&out.u.str), long_s, strlen(long_s));
    /* The stored copy does not point at the caller's bytes. */
    assert_ptr_not_equal(strview_data(&out.u.str), long_s);
    assert_int_equal(storage_table_fetch(t, 10, 10, 1, &out), -1);
    storage_table_destroy(t);
    arena_destroy(arena);
}

static void test_compare(void **state)
{
    (void)state;
    StoragePayload a, b;
    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    a.num = numeric_make(15, 1);  /* 1.5 */
    b.num = numeric_make(150, 2); /* 1.50 */
    assert_int_equal(zone_map_compare(TYPE_NUMERIC, &a, &b), 0);
    b.num = numeric_make(149, 2); /* 1.49 */
    assert_true(zone_map_compare(TYPE_NUMERIC, &a, &b) > 0);
    a.num = numeric_make(-15, 1);  /* -1.5 */
    b.num = numeric_make(-149, 2); /* -1.49 */
    assert_true(zone_map_compare(TYPE_NUMERIC, &a, &b) < 0);
    a.num = numeric_make(-5, 1);  /* -0.5 */
    b.num = numeric_make(-49, 2); /* -0.49 */
    assert_true(zone_map_compare(TYPE_NUMERIC, &a, &b) < 0);
    a.f8 = __builtin_nan("");
    b.f8 = 1e300;
    assert_true(zone_map_compare(TYPE_FLOAT8, &a, &b) > 0);
    b.f8 = __builtin_nan("");
    assert_int_equal(zone_map_compare(TYPE_FLOAT8, &a, &b), 0);
    a.f8 = -0.0;
    b.f8 = 0.0;
    assert_int_equal(zone_map_compare(TYPE_FLOAT8, &a, &b), 0);
    a.str = strview_make("abc", 3);
    b.str = strview_make("abcd", 4);
    assert_true(zone_map_compare(TYPE_TEXT, &a, &b) < 0);
    assert_false(zone_map_type_supported(TYPE_BPCHAR));
}

static void test_zone_map_float_and_text(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    OmType types[2] = {{TYPE_FLOAT8, -1}, {TYPE_TEXT, -1}};
    StorageTable *t = storage_table_create(2, types);
    Chunk *c = chunk_create(arena, 2, types);
    double vals[5] = {__builtin_nan(""), 3.0, -1.0, 2.0, __builtin_nan("")};
    const char *strs[5] = {"pear", "apple", "zebra crossing sign", "mango", "apple pie"};
    for (int i = 0; i < 5; i++) {
        ((double *)c->cols[0].data)[i] = vals[i];
        ((StrView *)c->cols[1].data)[i] =
            vector_add_string(&c->cols[1], strs[i], (uint32_t)strlen(strs[i]));
    }
    c->count = 5;
    OmError err;
    error_clear(&err);
    assert_int_equal(storage_table_append(t, c, NULL, &err), 0);
    storage_table_commit(t);
    const ZoneMap *z = storage_table_vector_zone(t, 0, 0, 0);
    assert_true(z->min.f8 == -1.0);
    assert_true(__builtin_isnan(z->max.f8));
    z = storage_table_vector_zone(t, 0, 0, 1);
    assert_int_equal(z->min.str.len, 5);
    assert_memory_equal(strview_data(&z->min.str), "apple", 5);
    assert_memory_equal(strview_data(&z->max.str), "zebra crossing sign", 19);
    storage_table_destroy(t);
    arena_destroy(arena);
}

/* One writer appends (committing most statements, rolling back some) while
 * readers check that every row below their snapshot is complete and that
 * complete vectors' zone maps cover their rows. */
typedef struct ConcCtx {
    StorageTable *table;
    atomic_bool done;
    atomic_int failures;
} ConcCtx;

static void *conc_reader(void *arg)
{
    ConcCtx *cx = arg;
    while (!atomic_load(&cx->done)) {
        uint64_t rc = storage_table_row_count(cx->table);
        for (uint64_t g = 0; g < storage_table_group_count(rc); g++) {
            for (uint32_t v = 0; v < STORAGE_GROUP_VECTORS; v++) {
                StorageVectorRef id, s;
                if (storage_table_vector(cx->table, rc, g, v, 0, &id) != 0) break;
                if (storage_table_vector(cx->table, rc, g, v, 2, &s) != 0) {
                    atomic_fetch_add(&cx->failures, 1);
                    break;
                }
                uint64_t base = g * STORAGE_GROUP_ROWS + v * STORAGE_VECTOR_ROWS;
                for (uint32_t i = 0; i < id.count; i++) {
                    uint64_t rid = base + i;
                    if (((const int64_t *)id.data)[i] != (int64_t)rid)
                        atomic_fetch_add(&cx->failures, 1);
                    bool valid = validity_is_valid(s.validity, i);
                    if (valid != (rid % 7 != 3)) atomic_fetch_add(&cx->failures, 1);
                    if (valid) {
                        char buf[64];
                        row_string(rid, buf, sizeof(buf));
                        const StrView *sv = &((const StrView *)s.data)[i];
                        if (sv->len != strlen(buf) || memcmp(strview_data(sv), buf, sv->len) != 0)
                            atomic_fetch_add(&cx->failures, 1);
                    }
                }
                if (id.count == STORAGE_VECTOR_ROWS) {
                    const ZoneMap *z = storage_table_vector_zone(cx->table, g, v, 0);
                    if (z->min.i64 != (int64_t)base || z->max.i64 != (int64_t)base + 2047)
                        atomic_fetch_add(&cx->failures, 1);
                }
            }
        }
    }
    return NULL;
}

static void test_concurrent_append_and_scan(void **state)
{
    (void)state;
    Arena *arena = arena_create(NULL, "test");
    ConcCtx cx;
    cx.table = storage_table_create(4, test_types);
    atomic_init(&cx.done, false);
    atomic_init(&cx.failures, 0);
    pthread_t readers[2];
    for (int i = 0; i < 2; i++) pthread_create(&readers[i], NULL, conc_reader, &cx);
    for (int stmt = 0; stmt < 120; stmt++) {
        storage_table_write_lock(cx.table);
        append_rows(cx.table, arena, 1000 + (uint64_t)stmt * 37, 1500);
        if (stmt % 5 == 4)
            storage_table_rollback(cx.table);
        else
            storage_table_commit(cx.table);
        storage_table_write_unlock(cx.table);
    }
    atomic_store(&cx.done, true);
    for (int i = 0; i < 2; i++) pthread_join(readers[i], NULL);
    assert_int_equal(atomic_load(&cx.failures), 0);
    check_all_rows(cx.table, storage_table_row_count(cx.table));
    storage_table_destroy(cx.table);
    arena_destroy(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_boundaries),
        cmocka_unit_test(test_tiny_table_is_small),
        cmocka_unit_test(test_rollback),
        cmocka_unit_test(test_zone_maps),
        cmocka_unit_test(test_all_null_and_constant_and_sel),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_zone_map_float_and_text),
        cmocka_unit_test(test_concurrent_append_and_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
