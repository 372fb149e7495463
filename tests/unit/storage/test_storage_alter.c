/*
 * test_storage_alter.c — columns attached, detached and swapped in a table
 * holding rows over several vectors and row groups (storage_alter.h): values
 * and zone maps follow, new appends use the new layout, unique index key
 * columns are renumbered, and detaching then attaching gives the table back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "storage/storage_alter.h"

static const OmType two[2] = {{TYPE_INT8, -1}, {TYPE_INT4, -1}};

static void append(StorageTable *t, Arena *a, uint64_t first, uint32_t n, int ncols,
                   const OmType *types)
{
    Chunk *c = chunk_create(a, ncols, types);
    for (uint32_t i = 0; i < n; i++)
        for (int k = 0; k < ncols; k++) {
            if (types[k].id == TYPE_INT8)
                ((int64_t *)c->cols[k].data)[i] = (int64_t)(first + i) * (k + 1);
            else
                ((int32_t *)c->cols[k].data)[i] = (int32_t)((first + i) % 1000) * (k + 1);
        }
    c->count = n;
    OmError err;
    error_clear(&err);
    storage_table_write_lock(t);
    assert_int_equal(storage_table_append(t, c, NULL, &err), 0);
    storage_table_commit(t);
    storage_table_write_unlock(t);
}

static int64_t get_i64(StorageTable *t, uint64_t row, int col)
{
    Value v;
    assert_int_equal(storage_table_fetch(t, storage_table_row_count(t), row, col, &v), 0);
    assert_false(v.is_null);
    return v.type.id == TYPE_INT8 ? v.u.i64 : v.u.i32;
}

/* A column with value row*7 for every row (NULL for odd rows when `nulls`). */
static StorageColumn *build(StorageTable *t, Arena *a, bool nulls)
{
    StorageColumn *c = storage_column_create(t, (OmType){TYPE_INT8, -1});
    uint64_t rows = storage_table_row_count(t);
    for (uint64_t first = 0; first < rows; first += STORAGE_VECTOR_ROWS) {
        uint32_t n =
            rows - first < STORAGE_VECTOR_ROWS ? (uint32_t)(rows - first) : STORAGE_VECTOR_ROWS;
        Vector v;
        vector_init_flat(&v, (OmType){TYPE_INT8, -1}, a);
        for (uint32_t i = 0; i < n; i++) {
            ((int64_t *)v.data)[i] = (int64_t)(first + i) * 7;
            if (nulls && (i & 1)) vector_set_null(&v, i, a);
        }
        uint64_t g = first / STORAGE_GROUP_ROWS;
        uint32_t vec = (uint32_t)((first % STORAGE_GROUP_ROWS) / STORAGE_VECTOR_ROWS);
        assert_int_equal(storage_column_fill(c, g, vec, &v, n), 0);
    }
    return c;
}

static void test_attach_detach_swap(void **state)
{
    (void)state;
    Arena *a = arena_create(NULL, "test");
    StorageTable *t = storage_table_create(2, two);
    uint64_t rows = STORAGE_GROUP_ROWS + 5000; /* two row groups */
    for (uint64_t f = 0; f < rows; f += 2048)
        append(t, a, f, (uint32_t)(rows - f < 2048 ? rows - f : 2048), 2, two);
    int cols[1] = {1};
    /* slot 0 over column 1 (empty: only its key columns matter here) */
    assert_int_equal(storage_table_add_unique(t, 1, cols), 0);

    /* attach a third column at the end */
    StorageColumn *c = build(t, a, false);
    assert_int_equal(storage_table_attach_column(t, 2, c), 0);
    assert_int_equal(storage_table_ncols(t), 3);
    for (uint64_t r = 0; r < rows; r += 4099) assert_int_equal(get_i64(t, r, 2), (int64_t)r * 7);
    const ZoneMap *z = storage_table_group_zone(t, 1, 2);
    assert_non_null(z);
    assert_true(z->has_minmax);
    assert_int_equal(z->max.i64, (int64_t)(rows - 1) * 7);

    /* appends after it use three columns */
    OmType three[3] = {two[0], two[1], {TYPE_INT8, -1}};
    append(t, a, rows, 10, 3, three);
    assert_int_equal(get_i64(t, rows + 3, 2), (int64_t)(rows + 3) * 3);

    /* detach column 0: the others move down, the unique key column follows */
    StorageColumn *old = storage_table_detach_column(t, 0);
    assert_non_null(old);
    assert_int_equal(storage_table_ncols(t), 2);
    int nk;
    const int *kc = storage_table_unique_cols(t, 0, &nk);
    assert_int_equal(nk, 1);
    assert_int_equal(kc[0], 0);
    assert_int_equal(get_i64(t, 100, 1), 700);
    /* and back */
    assert_int_equal(storage_table_attach_column(t, 0, old), 0);
    assert_int_equal(get_i64(t, 100, 0), 100);
    kc = storage_table_unique_cols(t, 0, &nk);
    assert_int_equal(kc[0], 1);

    /* swap column 2 for one with NULLs, then back */
    StorageColumn *n = build(t, a, true);
    StorageColumn *prev = storage_column_swap(t, 2, n);
    Value v;
    storage_table_fetch(t, storage_table_row_count(t), 1, 2, &v);
    assert_true(v.is_null);
    assert_int_equal(get_i64(t, 2, 2), 14);
    storage_column_free(storage_column_swap(t, 2, prev));
    storage_table_fetch(t, storage_table_row_count(t), 1, 2, &v);
    assert_false(v.is_null);

    /* a unique index detached and attached back */
    StorageUniqueSlot slot;
    storage_table_detach_unique(t, 0, &slot);
    assert_int_equal(storage_table_unique_count(t), 0);
    assert_int_equal(storage_table_attach_unique(t, 0, &slot), 0);
    assert_int_equal(storage_table_unique_count(t), 1);

    storage_table_destroy(t);
    arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attach_detach_swap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
