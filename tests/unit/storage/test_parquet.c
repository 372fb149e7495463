/*
 * test_parquet.c — Parquet writer/reader round trips: every type with NULLs,
 * all-NULL and required columns, PLAIN and dictionary paths, every codec,
 * several row groups and pages, zero rows, statistics, and the writer's own
 * errors (NULL in a required column, decimals that do not fit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit/storage/test_parquet_data.h"

static char path_buf[256];

static const char *tmp_path(const char *tag)
{
    snprintf(path_buf, sizeof(path_buf), "/tmp/omendb_test_parquet_%d_%s.parquet", (int)getpid(),
             tag);
    return path_buf;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Reads the file back and checks schema and every value bit for bit. */
static void check_file(const PtTable *t, const char *path, uint32_t expect_groups)
{
    OmError err;
    error_clear(&err);
    ParquetReader *r = parquet_reader_open(path, &err);
    if (!r) fail_msg("open: %s", err.message);
    assert_int_equal(parquet_reader_ncols(r), t->ncols);
    assert_int_equal(parquet_reader_row_count(r), t->nrows);
    if (expect_groups) assert_int_equal(parquet_reader_group_count(r), expect_groups);
    for (int c = 0; c < t->ncols; c++) {
        const ParquetColumnDef *d = parquet_reader_column(r, c);
        assert_string_equal(d->name, t->defs[c].name);
        assert_int_equal(d->type.id, t->defs[c].type.id);
        assert_int_equal(d->type.typmod, t->defs[c].type.typmod);
        assert_int_equal(d->nullable, t->defs[c].nullable);
    }
    Arena *a = arena_create(NULL, "check");
    uint64_t base = 0;
    for (uint32_t g = 0; g < parquet_reader_group_count(r); g++) {
        uint64_t n = parquet_reader_group_rows(r, g);
        for (int c = 0; c < t->ncols; c++) {
            void *data = NULL;
            uint64_t *valid = NULL;
            if (parquet_reader_read_column(r, g, c, a, &data, &valid, &err) != 0)
                fail_msg("read group %u col %d: %s", g, c, err.message);
            TypeId id = t->defs[c].type.id;
            size_t w = type_info(id)->width;
            for (uint64_t i = 0; i < n; i++) {
                uint64_t row = base + i;
                bool want_null = pt_is_null(t, c, (uint32_t)row);
                bool is_null = valid && !((valid[i / 64] >> (i % 64)) & 1);
                if (want_null != is_null)
                    fail_msg("col %s row %llu: null %d, want %d", t->defs[c].name,
                             (unsigned long long)row, is_null, want_null);
                if (is_null) continue;
                const uint8_t *got = (const uint8_t *)data + w * i;
                const uint8_t *exp = t->data[c] + w * row;
                if (type_is_string(id) || id == TYPE_BYTEA) {
                    const StrView *gs = (const StrView *)got, *es = (const StrView *)exp;
                    if (gs->len != es->len ||
                        memcmp(strview_data(gs), strview_data(es), es->len) != 0)
                        fail_msg("col %s row %llu: string differs", t->defs[c].name,
                                 (unsigned long long)row);
                } else if (memcmp(got, exp, w) != 0) {
                    fail_msg("col %s row %llu: value differs", t->defs[c].name,
                             (unsigned long long)row);
                }
            }
        }
        base += n;
        arena_reset(a);
    }
    assert_int_equal(base, t->nrows);
    arena_destroy(a);
    parquet_reader_close(r);
}

static void round_trip(uint32_t nrows, ParquetCodec codec, ParquetDictMode dict,
                       uint32_t group_rows, uint32_t page_rows, uint32_t expect_groups)
{
    Arena *a = arena_create(NULL, "table");
    PtTable *t = pt_table_create(a, pt_all_columns, PT_ALL_NCOLS, nrows, true);
    ParquetWriteOptions opts;
    parquet_write_options_init(&opts);
    opts.codec = codec;
    opts.dict_mode = dict;
    opts.row_group_rows = group_rows;
    opts.page_rows = page_rows;
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("rt");
    if (pt_table_write(t, path, &opts, 2048, &err) != 0) fail_msg("write: %s", err.message);
    check_file(t, path, expect_groups);
    unlink(path);
    arena_destroy(a);
}

static void test_all_types_zstd(void **state)
{
    (void)state;
    round_trip(5000, PARQUET_CODEC_ZSTD, PARQUET_DICT_AUTO, 2048, 700, 3);
}

static void test_all_types_plain_uncompressed(void **state)
{
    (void)state;
    round_trip(3000, PARQUET_CODEC_NONE, PARQUET_DICT_NEVER, 0, 0, 1);
}

static void test_all_types_dictionary_snappy(void **state)
{
    (void)state;
    round_trip(4100, PARQUET_CODEC_SNAPPY, PARQUET_DICT_ALWAYS, 4096, 1000, 2);
}

static void test_small_and_odd_batches(void **state)
{
    (void)state;
    for (uint32_t n = 1; n <= 70; n += 23)
        round_trip(n, PARQUET_CODEC_ZSTD, PARQUET_DICT_AUTO, 64, 7, (n + 63) / 64);
}

static void test_zero_rows(void **state)
{
    (void)state;
    round_trip(0, PARQUET_CODEC_ZSTD, PARQUET_DICT_AUTO, 0, 0, 0);
}

/* Two full storage row groups and a bit, as a checkpoint writes them. */
static void test_storage_sized_groups(void **state)
{
    (void)state;
    static const PtColumnSpec cols[] = {
        {"id", {TYPE_INT8, -1}, false, 0},
        {"name", {TYPE_TEXT, -1}, true, 9},
        {"flag", {TYPE_BOOL, -1}, true, 0},
    };
    Arena *a = arena_create(NULL, "table");
    uint32_t n = 2 * STORAGE_GROUP_ROWS + 5;
    PtTable *t = pt_table_create(a, cols, 3, n, true);
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("big");
    if (pt_table_write(t, path, NULL, 2048, &err) != 0) fail_msg("write: %s", err.message);
    check_file(t, path, 3);
    unlink(path);
    arena_destroy(a);
}

/* AUTO picks a dictionary for a column of few distinct values: smaller file. */
static void test_dictionary_pays(void **state)
{
    (void)state;
    static const PtColumnSpec cols[] = {{"v", {TYPE_VARCHAR, -1}, true, 0}};
    Arena *a = arena_create(NULL, "table");
    PtTable *t = pt_table_create(a, cols, 1, 10000, true);
    ParquetWriteOptions opts;
    parquet_write_options_init(&opts);
    opts.codec = PARQUET_CODEC_NONE;
    OmError err;
    error_clear(&err);
    char plain[256];
    opts.dict_mode = PARQUET_DICT_NEVER;
    snprintf(plain, sizeof(plain), "%s", tmp_path("plain"));
    assert_int_equal(pt_table_write(t, plain, &opts, 2048, &err), 0);
    opts.dict_mode = PARQUET_DICT_AUTO;
    const char *dict = tmp_path("dict");
    assert_int_equal(pt_table_write(t, dict, &opts, 2048, &err), 0);
    assert_true(file_size(dict) * 5 < file_size(plain));
    check_file(t, dict, 1);
    check_file(t, plain, 1);
    unlink(dict);
    unlink(plain);
    arena_destroy(a);
}

static void test_explicit_group_end(void **state)
{
    (void)state;
    static const PtColumnSpec cols[] = {{"x", {TYPE_INT4, -1}, true, 3}};
    Arena *a = arena_create(NULL, "table");
    PtTable *t = pt_table_create(a, cols, 1, 300, true);
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("end");
    ParquetWriter *w = parquet_writer_open(path, 1, t->defs, NULL, &err);
    assert_non_null(w);
    for (uint32_t r = 0; r < 300; r += 100) {
        StorageVectorRef ref = {t->data[0] + 4 * r, NULL, 100};
        uint64_t bits[2] = {0, 0};
        for (uint32_t i = 0; i < 100; i++)
            if (!pt_is_null(t, 0, r + i)) bits[i / 64] |= UINT64_C(1) << (i % 64);
        ref.validity = bits;
        assert_int_equal(parquet_writer_append(w, &ref, 100, &err), 0);
        assert_int_equal(parquet_writer_end_group(w, &err), 0);
        assert_int_equal(parquet_writer_end_group(w, &err), 0); /* empty: no-op */
    }
    assert_int_equal(parquet_writer_close(w, &err), 0);
    check_file(t, path, 3);
    unlink(path);
    arena_destroy(a);
}

static void test_statistics(void **state)
{
    (void)state;
    static const PtColumnSpec cols[] = {
        {"i", {TYPE_INT4, -1}, true, 4}, {"f", {TYPE_FLOAT8, -1}, true, 0},
        {"s", {TYPE_TEXT, -1}, true, 0}, {"n", {TYPE_NUMERIC, ((12 << 16) | 3) + 4}, true, 0},
        {"z", {TYPE_INT8, -1}, true, 1}, {"iv", {TYPE_INTERVAL, -1}, true, 0},
    };
    Arena *a = arena_create(NULL, "table");
    PtTable *t = pt_table_create(a, cols, 6, 1000, true);
    /* float column: NaN and zeros of both signs → min -0.0 (max +0.0 in the
     * file, NaN for storage) */
    for (uint32_t r = 0; r < 1000; r++) {
        double v = r % 3 == 0 ? NAN : (r % 3 == 1 ? 0.0 : -0.0);
        memcpy(t->data[1] + 8 * r, &v, 8);
    }
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("stats");
    assert_int_equal(pt_table_write(t, path, NULL, 2048, &err), 0);
    ParquetReader *r = parquet_reader_open(path, &err);
    assert_non_null(r);
    ParquetStats st;
    int32_t mn = INT32_MAX, mx = INT32_MIN;
    uint64_t nulls = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        if (pt_is_null(t, 0, i)) {
            nulls++;
            continue;
        }
        int32_t v = ((int32_t *)t->data[0])[i];
        mn = v < mn ? v : mn;
        mx = v > mx ? v : mx;
    }
    assert_int_equal(parquet_reader_column_stats(r, 0, 0, a, &st, &err), 0);
    assert_true(st.has_null_count && st.has_minmax);
    assert_int_equal(st.null_count, nulls);
    assert_int_equal(st.min.i32, mn);
    assert_int_equal(st.max.i32, mx);
    assert_int_equal(parquet_reader_column_stats(r, 0, 1, a, &st, &err), 0);
    assert_true(st.has_minmax);
    assert_true(st.min.f8 == 0.0 && signbit(st.min.f8));
    assert_true(isnan(st.max.f8)); /* NaN is the largest in storage's order */
    assert_int_equal(parquet_reader_column_stats(r, 0, 2, a, &st, &err), 0);
    assert_true(st.has_minmax);
    assert_int_equal(st.min.str.len, 0); /* the empty string is the smallest */
    assert_int_equal(parquet_reader_column_stats(r, 0, 3, a, &st, &err), 0);
    assert_true(st.has_minmax);
    assert_int_equal(numeric_scale(st.min.num), 3);
    assert_true(numeric_mantissa(st.min.num) == -(__int128)999999999999);
    assert_int_equal(parquet_reader_column_stats(r, 0, 4, a, &st, &err), 0);
    assert_int_equal(st.null_count, 1000);
    assert_false(st.has_minmax);
    assert_int_equal(parquet_reader_column_stats(r, 0, 5, a, &st, &err), 0);
    assert_false(st.has_minmax); /* interval has no Parquet order */
    parquet_reader_close(r);
    unlink(path);
    arena_destroy(a);
}

static void test_null_in_required_column(void **state)
{
    (void)state;
    ParquetColumnDef def = {"x", {TYPE_INT4, -1}, false};
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("req");
    ParquetWriter *w = parquet_writer_open(path, 1, &def, NULL, &err);
    assert_non_null(w);
    int32_t vals[4] = {1, 2, 3, 4};
    uint64_t bits = 0xb; /* row 2 is NULL */
    StorageVectorRef ref = {vals, &bits, 4};
    assert_int_equal(parquet_writer_append(w, &ref, 4, &err), -1);
    assert_string_equal(err.sqlstate, "23502");
    error_clear(&err);
    assert_int_equal(parquet_writer_append(w, &ref, 1, &err), -1); /* poisoned */
    error_clear(&err);
    assert_int_equal(parquet_writer_close(w, &err), -1); /* frees it */
    unlink(path);
}

static void test_decimal_does_not_fit(void **state)
{
    (void)state;
    ParquetColumnDef def = {"x", {TYPE_NUMERIC, ((4 << 16) | 2) + 4}, true};
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("dec");
    ParquetWriter *w = parquet_writer_open(path, 1, &def, NULL, &err);
    assert_non_null(w);
    OmNumeric vals[2] = {numeric_make(1, 1) /* 0.1 → 0.10 */, numeric_make(12345, 2)};
    StorageVectorRef ref = {vals, NULL, 1};
    assert_int_equal(parquet_writer_append(w, &ref, 1, &err), 0);
    ref.data = &vals[1];
    assert_int_equal(parquet_writer_append(w, &ref, 1, &err), -1);
    assert_string_equal(err.sqlstate, "22003");
    parquet_writer_abort(w);
    unlink(path);
}

static void test_bad_schema(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    ParquetColumnDef def = {"x", {TYPE_NULL, -1}, true};
    assert_null(parquet_writer_open(tmp_path("bad"), 1, &def, NULL, &err));
    assert_string_equal(err.sqlstate, "0A000");
    error_clear(&err);
    assert_null(parquet_writer_open(tmp_path("bad"), 0, &def, NULL, &err));
    assert_string_equal(err.sqlstate, "22023");
    error_clear(&err);
    def.type = OM_TYPE(TYPE_INT4);
    /* a missing directory: 58P01 (undefined_file), as the file layer reports ENOENT */
    assert_null(parquet_writer_open("/nonexistent-dir/x.parquet", 1, &def, NULL, &err));
    assert_string_equal(err.sqlstate, "58P01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_types_zstd),
        cmocka_unit_test(test_all_types_plain_uncompressed),
        cmocka_unit_test(test_all_types_dictionary_snappy),
        cmocka_unit_test(test_small_and_odd_batches),
        cmocka_unit_test(test_zero_rows),
        cmocka_unit_test(test_storage_sized_groups),
        cmocka_unit_test(test_dictionary_pays),
        cmocka_unit_test(test_explicit_group_end),
        cmocka_unit_test(test_statistics),
        cmocka_unit_test(test_null_in_required_column),
        cmocka_unit_test(test_decimal_does_not_fit),
        cmocka_unit_test(test_bad_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
