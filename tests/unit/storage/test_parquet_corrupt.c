/*
 * test_parquet_corrupt.c — the Parquet reader facing damaged files: missing
 * and short files, bad magics and footer lengths, every truncation of a file
 * and of its footer, and a small fuzz loop flipping random bytes of valid
 * files (PLAIN and dictionary pages, compressed and not), and hand-built
 * files whose sizes and counts promise far more than their bytes hold (built
 * with parquet_int.h's Thrift writer). The reader must return an error (XX001
 * naming the file and an offset, or 0A000) or decode something — never crash,
 * hang, read out of bounds or allocate what the file cannot back (run under
 * ASan with `make SAN=1`; tests/fuzz/fuzz_parquet.c fuzzes the same API).
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
#include <zstd.h>

#include "storage/parquet_int.h"
#include "unit/storage/test_parquet_data.h"

static char path_buf[256];

static uint32_t pq_get_u32le_test(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static const char *tmp_path(const char *tag)
{
    snprintf(path_buf, sizeof(path_buf), "/tmp/omendb_test_pqcorrupt_%d_%s.parquet", (int)getpid(),
             tag);
    return path_buf;
}

static void put_file(const char *path, const uint8_t *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static uint8_t *get_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *d = malloc(*n);
    assert_int_equal(fread(d, 1, *n, f), *n);
    fclose(f);
    return d;
}

/* A small valid file: every type, 150 rows, two row groups, several pages. */
static uint8_t *make_file(ParquetCodec codec, ParquetDictMode dict, size_t *n)
{
    Arena *a = arena_create(NULL, "table");
    PtTable *t = pt_table_create(a, pt_all_columns, PT_ALL_NCOLS, 150, true);
    ParquetWriteOptions opts;
    parquet_write_options_init(&opts);
    opts.codec = codec;
    opts.dict_mode = dict;
    opts.row_group_rows = 128;
    opts.page_rows = 40;
    OmError err;
    error_clear(&err);
    const char *path = tmp_path("valid");
    assert_int_equal(pt_table_write(t, path, &opts, 2048, &err), 0);
    arena_destroy(a);
    uint8_t *d = get_file(path, n);
    unlink(path);
    return d;
}

/* Opens and reads everything. Returns 0 when all of it decoded, else checks
 * the error is a proper one and returns -1. */
static int read_all(const char *path)
{
    OmError err;
    error_clear(&err);
    int rc = 0;
    ParquetReader *r = parquet_reader_open(path, &err);
    if (r) {
        Arena *a = arena_create(NULL, "read");
        for (uint32_t g = 0; rc == 0 && g < parquet_reader_group_count(r); g++)
            for (int c = 0; rc == 0 && c < parquet_reader_ncols(r); c++) {
                void *data;
                uint64_t *valid;
                ParquetStats st;
                rc = parquet_reader_read_column(r, g, c, a, &data, &valid, &err);
                if (rc == 0) rc = parquet_reader_column_stats(r, g, c, a, &st, &err);
                arena_reset(a);
            }
        arena_destroy(a);
        parquet_reader_close(r);
        if (rc == 0) return 0;
    }
    if (strcmp(err.sqlstate, "XX001") == 0) {
        if (!strstr(err.message, path) || !strstr(err.message, "offset"))
            fail_msg("XX001 without file and offset: %s", err.message);
    } else if (strcmp(err.sqlstate, "0A000") != 0) {
        fail_msg("unexpected error %s: %s", err.sqlstate, err.message);
    }
    return -1;
}

static void expect_error(const char *path, const char *sqlstate, const char *needle)
{
    OmError err;
    error_clear(&err);
    ParquetReader *r = parquet_reader_open(path, &err);
    assert_null(r);
    assert_string_equal(err.sqlstate, sqlstate);
    if (needle && !strstr(err.message, needle)) fail_msg("message: %s", err.message);
}

static void test_missing_and_short_files(void **state)
{
    (void)state;
    expect_error("/nonexistent/file.parquet", "58P01", "/nonexistent/file.parquet");
    const char *path = tmp_path("short");
    put_file(path, (const uint8_t *)"PAR1PAR1", 8);
    expect_error(path, "XX001", "offset 0");
    put_file(path, (const uint8_t *)"", 0);
    expect_error(path, "XX001", "too short");
    unlink(path);
}

static void test_bad_magic_and_footer_length(void **state)
{
    (void)state;
    size_t n;
    uint8_t *d = make_file(PARQUET_CODEC_ZSTD, PARQUET_DICT_AUTO, &n);
    const char *path = tmp_path("magic");
    put_file(path, d, n);
    assert_int_equal(read_all(path), 0);
    d[0] = 'X';
    put_file(path, d, n);
    expect_error(path, "XX001", "bad magic");
    d[0] = 'P';
    d[n - 1] = 'X';
    put_file(path, d, n);
    expect_error(path, "XX001", "bad magic");
    d[n - 1] = '1';
    uint8_t saved[4];
    memcpy(saved, d + n - 8, 4);
    memset(d + n - 8, 0xff, 4);
    put_file(path, d, n);
    expect_error(path, "XX001", "bad footer length");
    memset(d + n - 8, 0, 4);
    put_file(path, d, n);
    expect_error(path, "XX001", "bad footer length");
    memcpy(d + n - 8, saved, 4);
    unlink(path);
    free(d);
}

static void test_every_truncation(void **state)
{
    (void)state;
    size_t n;
    uint8_t *d = make_file(PARQUET_CODEC_NONE, PARQUET_DICT_AUTO, &n);
    const char *path = tmp_path("trunc");
    for (size_t len = 0; len < n; len += 1 + len / 512) {
        put_file(path, d, len);
        assert_int_equal(read_all(path), -1);
    }
    unlink(path);
    free(d);
}

/* Footers cut short (valid tail), and footer lengths pointing too early. */
static void test_footer_truncations(void **state)
{
    (void)state;
    size_t n;
    uint8_t *d = make_file(PARQUET_CODEC_NONE, PARQUET_DICT_ALWAYS, &n);
    uint32_t flen = pq_get_u32le_test(d + n - 8);
    size_t body = n - 8 - flen;
    uint8_t *buf = malloc(n);
    const char *path = tmp_path("footer");
    for (uint32_t len = 1; len < flen; len++) {
        memcpy(buf, d, body + len); /* footer cut to `len` bytes */
        buf[body + len + 0] = (uint8_t)len;
        buf[body + len + 1] = (uint8_t)(len >> 8);
        buf[body + len + 2] = (uint8_t)(len >> 16);
        buf[body + len + 3] = (uint8_t)(len >> 24);
        memcpy(buf + body + len + 4, "PAR1", 4);
        put_file(path, buf, body + len + 8);
        assert_int_equal(read_all(path), -1);
    }
    for (uint32_t len = flen + 1; len < flen + 300 && len < n - 12; len++) {
        memcpy(buf, d, n); /* footer starts early: garbage before it */
        buf[n - 8] = (uint8_t)len;
        buf[n - 7] = (uint8_t)(len >> 8);
        buf[n - 6] = (uint8_t)(len >> 16);
        buf[n - 5] = (uint8_t)(len >> 24);
        put_file(path, buf, n);
        read_all(path);
    }
    unlink(path);
    free(buf);
    free(d);
}

/* ---- hand-built files: one column "a", one row group ---- */

typedef struct HostileCol {
    int physical;  /* PQ_INT32, PQ_BYTE_ARRAY, ... */
    int converted; /* -1 = none */
    int codec;     /* ParquetCodec number, or another for an unsupported one */
    int64_t nrows;
} HostileCol;

/* Appends a page header (v1 data or dictionary) and its body. */
static void put_page(PqBuf *b, int type, size_t usize, const uint8_t *body, size_t blen,
                     int32_t nvals, int encoding)
{
    ThriftWriter w;
    thrift_w_init(&w, b);
    thrift_w_i32(&w, 1, type);
    thrift_w_i32(&w, 2, (int32_t)usize);
    thrift_w_i32(&w, 3, (int32_t)blen);
    thrift_w_struct_begin(&w, type == PQ_PAGE_DICTIONARY ? 7 : 5);
    thrift_w_i32(&w, 1, nvals);
    thrift_w_i32(&w, 2, encoding);
    if (type == PQ_PAGE_DATA) {
        thrift_w_i32(&w, 3, PQ_ENC_RLE);
        thrift_w_i32(&w, 4, PQ_ENC_RLE);
    }
    thrift_w_struct_end(&w);
    thrift_w_struct_end(&w);
    pq_buf_put(b, body, blen);
}

/* Writes a file of one REQUIRED column whose chunk is `chunk` (starting with
 * a dictionary page of dict_len bytes when dict_len > 0). */
static void write_hostile(const char *path, const HostileCol *c, const PqBuf *chunk,
                          size_t dict_len)
{
    PqBuf b = {0};
    ThriftWriter w;
    pq_buf_put(&b, PQ_MAGIC, 4);
    pq_buf_put(&b, chunk->data, chunk->len);
    size_t footer = b.len;
    thrift_w_init(&w, &b);
    thrift_w_i32(&w, 1, 1);
    thrift_w_list_begin(&w, 2, TC_STRUCT, 2);
    thrift_w_elem_struct_begin(&w);
    thrift_w_string(&w, 4, "schema");
    thrift_w_i32(&w, 5, 1);
    thrift_w_struct_end(&w);
    thrift_w_elem_struct_begin(&w);
    thrift_w_i32(&w, 1, c->physical);
    thrift_w_i32(&w, 3, PQ_REP_REQUIRED);
    thrift_w_string(&w, 4, "a");
    if (c->converted >= 0) thrift_w_i32(&w, 6, c->converted);
    thrift_w_struct_end(&w);
    thrift_w_i64(&w, 3, c->nrows);
    thrift_w_list_begin(&w, 4, TC_STRUCT, 1); /* row groups */
    thrift_w_elem_struct_begin(&w);
    thrift_w_list_begin(&w, 1, TC_STRUCT, 1); /* column chunks */
    thrift_w_elem_struct_begin(&w);
    thrift_w_struct_begin(&w, 3); /* ColumnMetaData */
    thrift_w_i32(&w, 1, c->physical);
    thrift_w_list_begin(&w, 2, TC_I32, 1);
    thrift_w_elem_i32(&w, PQ_ENC_PLAIN);
    thrift_w_list_begin(&w, 3, TC_BINARY, 1);
    thrift_w_elem_string(&w, "a");
    thrift_w_i32(&w, 4, c->codec);
    thrift_w_i64(&w, 5, c->nrows);
    thrift_w_i64(&w, 6, (int64_t)chunk->len);
    thrift_w_i64(&w, 7, (int64_t)chunk->len);
    thrift_w_i64(&w, 9, 4 + (int64_t)dict_len);
    if (dict_len) thrift_w_i64(&w, 11, 4);
    thrift_w_struct_end(&w); /* ColumnMetaData */
    thrift_w_struct_end(&w); /* ColumnChunk */
    thrift_w_i64(&w, 2, (int64_t)chunk->len);
    thrift_w_i64(&w, 3, c->nrows);
    thrift_w_struct_end(&w); /* RowGroup */
    thrift_w_struct_end(&w); /* FileMetaData */
    pq_buf_u32le(&b, (uint32_t)(b.len - footer));
    pq_buf_put(&b, PQ_MAGIC, 4);
    assert_false(b.oom);
    put_file(path, b.data, b.len);
    pq_buf_free(&b);
}

/* Opens path (which must open) and reads column 0 of group 0: returns the
 * error (or "" when it decoded) and, in *arena_bytes, what the read left in
 * the caller's arena. */
static void read_hostile(const char *path, OmError *err, size_t *arena_bytes)
{
    error_clear(err);
    ParquetReader *r = parquet_reader_open(path, err);
    if (!r) fail_msg("open: %s %s", err->sqlstate, err->message);
    Arena *a = arena_create(NULL, "read");
    void *data;
    uint64_t *valid;
    if (parquet_reader_read_column(r, 0, 0, a, &data, &valid, err) == 0) error_clear(err);
    *arena_bytes = arena_bytes_total(a);
    arena_destroy(a);
    parquet_reader_close(r);
}

static void expect_read_error(const char *path, const char *sqlstate, const char *needle)
{
    OmError err;
    size_t bytes;
    read_hostile(path, &err, &bytes);
    assert_string_equal(err.sqlstate, sqlstate);
    if (!strstr(err.message, needle)) fail_msg("message: %s", err.message);
}

/* A footer promising 2^24 rows of text over a chunk of one value: the reader
 * used to allocate the 256 MB of slots before looking at the pages. */
static void test_rows_the_chunk_lacks(void **state)
{
    (void)state;
    const char *path = tmp_path("rows");
    HostileCol c = {PQ_BYTE_ARRAY, PQ_CT_UTF8, PARQUET_CODEC_NONE, PQ_MAX_GROUP_ROWS};
    PqBuf chunk = {0};
    const uint8_t one[5] = {1, 0, 0, 0, 'x'};
    put_page(&chunk, PQ_PAGE_DATA, sizeof(one), one, sizeof(one), 1, PQ_ENC_PLAIN);
    write_hostile(path, &c, &chunk, 0);
    OmError err;
    size_t bytes;
    read_hostile(path, &err, &bytes);
    assert_string_equal(err.sqlstate, "XX001");
    assert_non_null(strstr(err.message, "ends before its last row"));
    assert_true(bytes < 1024 * 1024);
    pq_buf_free(&chunk);
    unlink(path);
}

/* Pages of a few bytes whose header or frame claims ~256 MB: rejected by
 * pq_decompress_check before the page buffer is allocated (they used to get
 * it and fail while decompressing). */
static void test_page_size_bombs(void **state)
{
    (void)state;
    const char *path = tmp_path("bomb");
    const uint32_t big = PQ_MAX_PAGE_BYTES - 1;
    /* zstd frame without a content size: one RLE block of 8 bytes */
    const uint8_t zstd_nosize[] = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00, 0x43, 0x00, 0x00, 0x07};
    /* zstd frame (single segment) declaring `big` bytes, same block */
    const uint8_t zstd_sized[] = {0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0xff, 0xff,
                                  0xff, 0x0f, 0x43, 0x00, 0x00, 0x07};
    /* snappy stream declaring `big` bytes (varint), then junk */
    const uint8_t snappy_big[] = {0xff, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x00};
    const struct {
        int codec;
        const uint8_t *body;
        size_t len;
        const char *sqlstate, *needle;
    } cases[] = {
        {PARQUET_CODEC_ZSTD, zstd_nosize, sizeof(zstd_nosize), "XX001", "page sizes disagree"},
        {PARQUET_CODEC_ZSTD, zstd_sized, sizeof(zstd_sized), "XX001", "page sizes disagree"},
        {PARQUET_CODEC_SNAPPY, snappy_big, sizeof(snappy_big), "XX001", "page sizes disagree"},
        {2 /* GZIP */, snappy_big, sizeof(snappy_big), "0A000", "codec 2 is not supported"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        HostileCol c = {PQ_INT32, -1, cases[i].codec, 1};
        PqBuf chunk = {0};
        put_page(&chunk, PQ_PAGE_DATA, big, cases[i].body, cases[i].len, 1, PQ_ENC_PLAIN);
        write_hostile(path, &c, &chunk, 0);
        expect_read_error(path, cases[i].sqlstate, cases[i].needle);
        pq_buf_free(&chunk);
    }
    unlink(path);
}

/* A dictionary of more entries than a row group can have rows, packed into a
 * small zstd page (16 MB of zeros: 2^24 + 1 booleans at a byte each). */
static void test_dictionary_larger_than_a_group(void **state)
{
    (void)state;
    const char *path = tmp_path("dict");
    const size_t dict_bytes = (size_t)PQ_MAX_GROUP_ROWS + 1;
    uint8_t *zeros = calloc(dict_bytes, 1);
    size_t cap = ZSTD_compressBound(dict_bytes);
    uint8_t *z = malloc(cap);
    size_t zlen = ZSTD_compress(z, cap, zeros, dict_bytes, 1);
    assert_false(ZSTD_isError(zlen));
    HostileCol c = {PQ_BOOLEAN, -1, PARQUET_CODEC_ZSTD, 8};
    PqBuf chunk = {0};
    put_page(&chunk, PQ_PAGE_DICTIONARY, dict_bytes, z, zlen, (int32_t)dict_bytes, PQ_ENC_PLAIN);
    size_t dict_len = chunk.len;
    const uint8_t idx[2] = {0 /* bit width */, 8 << 1 /* RLE run of 8 zeros */};
    size_t ilen = ZSTD_compress(z, cap, idx, sizeof(idx), 1);
    put_page(&chunk, PQ_PAGE_DATA, sizeof(idx), z, ilen, 8, PQ_ENC_RLE_DICTIONARY);
    write_hostile(path, &c, &chunk, dict_len);
    expect_read_error(path, "XX001", "bad dictionary size");
    pq_buf_free(&chunk);
    free(z);
    free(zeros);
    unlink(path);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* OMENDB_PARQUET_FUZZ=N multiplies the iterations (and reseeds) for a longer
 * run by hand, e.g. OMENDB_PARQUET_FUZZ=20 build-san/tests/unit/storage/... */
static void fuzz(ParquetCodec codec, ParquetDictMode dict, int iterations)
{
    const char *scale = getenv("OMENDB_PARQUET_FUZZ");
    if (scale && atoi(scale) > 1) {
        iterations *= atoi(scale);
        rng_state ^= (uint64_t)atoi(scale) * 0x2545F4914F6CDD1DULL;
    }
    size_t n;
    uint8_t *d = make_file(codec, dict, &n);
    uint8_t *buf = malloc(n);
    uint32_t flen = pq_get_u32le_test(d + n - 8);
    const char *path = tmp_path("fuzz");
    int decoded = 0;
    for (int it = 0; it < iterations; it++) {
        memcpy(buf, d, n);
        int flips = 1 + (int)(rng() % 4);
        for (int k = 0; k < flips; k++) {
            /* half of the flips land in the footer, the rest anywhere */
            size_t at = (rng() & 1) ? n - 8 - 1 - (size_t)(rng() % flen) : (size_t)(rng() % n);
            buf[at] ^= (uint8_t)(1 + rng() % 255);
        }
        put_file(path, buf, n);
        if (read_all(path) == 0) decoded++;
    }
    /* some flips hit values only (a changed value is still a valid file) */
    print_message("fuzz codec %d dict %d: %d of %d damaged files decoded\n", (int)codec, (int)dict,
                  decoded, iterations);
    unlink(path);
    free(buf);
    free(d);
}

static void test_fuzz_plain_uncompressed(void **state)
{
    (void)state;
    fuzz(PARQUET_CODEC_NONE, PARQUET_DICT_NEVER, 1500);
}

static void test_fuzz_dictionary_uncompressed(void **state)
{
    (void)state;
    fuzz(PARQUET_CODEC_NONE, PARQUET_DICT_ALWAYS, 1500);
}

static void test_fuzz_zstd(void **state)
{
    (void)state;
    fuzz(PARQUET_CODEC_ZSTD, PARQUET_DICT_AUTO, 700);
}

static void test_fuzz_snappy(void **state)
{
    (void)state;
    fuzz(PARQUET_CODEC_SNAPPY, PARQUET_DICT_AUTO, 700);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_and_short_files),
        cmocka_unit_test(test_bad_magic_and_footer_length),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_footer_truncations),
        cmocka_unit_test(test_rows_the_chunk_lacks),
        cmocka_unit_test(test_page_size_bombs),
        cmocka_unit_test(test_dictionary_larger_than_a_group),
        cmocka_unit_test(test_fuzz_plain_uncompressed),
        cmocka_unit_test(test_fuzz_dictionary_uncompressed),
        cmocka_unit_test(test_fuzz_zstd),
        cmocka_unit_test(test_fuzz_snappy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
