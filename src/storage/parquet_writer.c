/*
 * parquet_writer.c — writes a Parquet file from storage vectors.
 *
 * The writer buffers one row group at a time: per column the PLAIN encoding of
 * its non-NULL values (booleans one byte each until a page packs them) and,
 * for OPTIONAL columns, one definition level per row. When the group is full
 * (or ended), each column becomes one column chunk:
 *   1. statistics: null_count, nan_count for floats, and min/max in the
 *      column's order (NaN never takes part; a zero min is written as -0.0 and a zero max as +0.0,
 * as the format asks; strings over PQ_STATS_MAX_BYTES get no min/max);
 *   2. a dictionary attempt (not for booleans): distinct values are hashed; if
 *      few enough (see ParquetDictMode), a PLAIN dictionary page is written
 *      and data pages carry RLE_DICTIONARY indices, else PLAIN values;
 *   3. data pages v1 of page_rows rows, each body compressed as a whole.
 * close() appends FileMetaData with the schema, row groups, the omendb.types
 * note ("oid:typmod" per column, comma-separated) and column orders, then the
 * footer length and magic, and fsyncs the file.
 *
 * All I/O goes through the file layer (common/file_io.h), so its errors carry
 * the file name and SQLSTATE (53100 for a full disk) and tests can inject
 * faults. Bytes are collected in a buffer of our own (PQ_WRITE_BUF) and
 * written at their file offsets in large pieces; anything larger than the
 * buffer goes straight to the file. abort() removes the partial file.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/file_io.h"
#include "common/version.h"
#include "storage/parquet_int.h"

#define PQ_DEFAULT_PAGE_ROWS 16384
#define PQ_STATS_MAX_BYTES   4096
#define PQ_DICT_AUTO_ENTRIES (1u << 16)
#define PQ_DICT_AUTO_BYTES   ((size_t)1 << 20)
#define PQ_DICT_ALWAYS_BYTES ((size_t)1 << 28)
#define PQ_WRITE_BUF         ((size_t)1 << 20)

typedef struct PqColBuf {
    PqBuf vals;     /* PLAIN values of non-NULL rows (BOOLEAN: one byte each) */
    uint32_t *offs; /* BYTE_ARRAY: start of value i (its length prefix) */
    uint32_t offs_cap;
    uint8_t *defs; /* per row: 1 = value present (OPTIONAL columns) */
    uint32_t n_vals;
} PqColBuf;

typedef struct PqChunkOut {
    int64_t start;
    int64_t data_page_offset;
    int64_t dict_page_offset; /* -1 = none */
    int64_t total_compressed;
    int64_t total_uncompressed;
    int64_t null_count;
    int64_t nan_count; /* float columns */
    bool dict;
    uint8_t *min; /* malloc'd; NULL = no min/max */
    uint8_t *max;
    uint32_t min_len;
    uint32_t max_len;
} PqChunkOut;

typedef struct PqGroupOut {
    int64_t num_rows;
    int64_t file_offset;
    int64_t total_compressed;
    int64_t total_uncompressed;
    PqChunkOut *cols;
} PqGroupOut;

struct ParquetWriter {
    char *path;
    OmFile *f;
    uint64_t offset; /* logical end of the file: written bytes plus the buffer */
    uint8_t *out;    /* write buffer: bytes [offset - out_len, offset) */
    size_t out_len;
    int ncols;
    char **names;
    PqColumnSpec *specs;
    ParquetWriteOptions opts;
    PqColBuf *bufs;
    uint32_t group_rows;
    uint32_t defs_cap;
    PqGroupOut *groups;
    uint32_t ngroups;
    uint32_t groups_cap;
    uint64_t total_rows;
    PqBuf body;    /* uncompressed page body */
    PqBuf comp;    /* compressed page body */
    PqBuf hdr;     /* page header */
    uint32_t *u32; /* scratch: levels and indices */
    uint32_t u32_cap;
    bool failed; /* an append or flush failed: the file can only be aborted */
};

void parquet_write_options_init(ParquetWriteOptions *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->codec = PARQUET_CODEC_ZSTD;
    opts->row_group_rows = STORAGE_GROUP_ROWS;
    opts->page_rows = PQ_DEFAULT_PAGE_ROWS;
    opts->dict_mode = PARQUET_DICT_AUTO;
}

static int oom(OmError *err)
{
    return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
}

/* Writes the buffered bytes to the file. */
static int flush_out(ParquetWriter *w, OmError *err)
{
    if (w->out_len == 0) return 0;
    if (file_pwrite_all(w->f, w->out, w->out_len, w->offset - w->out_len, err) != 0) return -1;
    w->out_len = 0;
    return 0;
}

static int write_bytes(ParquetWriter *w, const void *p, size_t n, OmError *err)
{
    if (w->out_len + n > PQ_WRITE_BUF && flush_out(w, err) != 0) return -1;
    if (n >= PQ_WRITE_BUF) {
        if (file_pwrite_all(w->f, p, n, w->offset, err) != 0) return -1;
    } else if (n) {
        memcpy(w->out + w->out_len, p, n);
        w->out_len += n;
    }
    w->offset += n;
    return 0;
}

static void free_chunk(PqChunkOut *c)
{
    free(c->min);
    free(c->max);
}

static void writer_free(ParquetWriter *w)
{
    if (!w) return;
    if (w->f) {
        file_close(w->f, NULL);
        OmError ignored;
        error_clear(&ignored);
        file_unlink(w->path, &ignored); /* only an unfinished file is still open here */
    }
    free(w->out);
    for (int c = 0; c < w->ncols; c++) {
        if (w->names) free(w->names[c]);
        if (w->bufs) {
            pq_buf_free(&w->bufs[c].vals);
            free(w->bufs[c].offs);
            free(w->bufs[c].defs);
        }
    }
    for (uint32_t g = 0; g < w->ngroups; g++) {
        for (int c = 0; c < w->ncols; c++) free_chunk(&w->groups[g].cols[c]);
        free(w->groups[g].cols);
    }
    free(w->groups);
    free(w->names);
    free(w->specs);
    free(w->bufs);
    free(w->u32);
    pq_buf_free(&w->body);
    pq_buf_free(&w->comp);
    pq_buf_free(&w->hdr);
    free(w->path);
    free(w);
}

ParquetWriter *parquet_writer_open(const char *path, int ncols, const ParquetColumnDef *cols,
                                   const ParquetWriteOptions *opts, OmError *err)
{
    if (ncols < 1) {
        ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "a Parquet file needs at least one column");
        return NULL;
    }
    ParquetWriter *w = calloc(1, sizeof(*w));
    if (!w) {
        oom(err);
        return NULL;
    }
    if (opts)
        w->opts = *opts;
    else
        parquet_write_options_init(&w->opts);
    if (w->opts.row_group_rows == 0) w->opts.row_group_rows = STORAGE_GROUP_ROWS;
    if (w->opts.row_group_rows > PQ_MAX_GROUP_ROWS) w->opts.row_group_rows = PQ_MAX_GROUP_ROWS;
    if (w->opts.page_rows == 0) w->opts.page_rows = PQ_DEFAULT_PAGE_ROWS;
    if (w->opts.page_rows > w->opts.row_group_rows) w->opts.page_rows = w->opts.row_group_rows;
    w->ncols = ncols;
    w->path = strdup(path);
    w->names = calloc((size_t)ncols, sizeof(char *));
    w->specs = calloc((size_t)ncols, sizeof(PqColumnSpec));
    w->bufs = calloc((size_t)ncols, sizeof(PqColBuf));
    if (!w->path || !w->names || !w->specs || !w->bufs) goto fail_oom;
    for (int c = 0; c < ncols; c++) {
        if (!cols[c].name) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "Parquet column %d has no name", c);
            goto fail;
        }
        if (!(w->names[c] = strdup(cols[c].name))) goto fail_oom;
        if (pq_spec_from_type(cols[c].type, cols[c].nullable, &w->specs[c], err) != 0) goto fail;
    }
    if (w->opts.codec != PARQUET_CODEC_NONE && w->opts.codec != PARQUET_CODEC_ZSTD &&
        w->opts.codec != PARQUET_CODEC_SNAPPY) {
        ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "unsupported Parquet codec %d",
            (int)w->opts.codec);
        goto fail;
    }
    if (!(w->out = malloc(PQ_WRITE_BUF))) goto fail_oom;
    w->f = file_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600, err);
    if (!w->f) goto fail;
    if (write_bytes(w, PQ_MAGIC, 4, err) != 0) goto fail;
    return w;
fail_oom:
    oom(err);
fail:
    writer_free(w);
    return NULL;
}

/* ---- buffering rows ---- */

static int grow_u32(uint32_t **arr, uint32_t *cap, uint32_t need)
{
    if (need <= *cap) return 0;
    uint32_t n = *cap ? *cap : 1024;
    while (n < need) n *= 2;
    uint32_t *a = realloc(*arr, (size_t)n * sizeof(uint32_t));
    if (!a) return -1;
    *arr = a;
    *cap = n;
    return 0;
}

static int buffer_rows(ParquetWriter *w, const StorageVectorRef *cols, uint32_t first, uint32_t n,
                       OmError *err)
{
    uint32_t need = w->group_rows + n;
    if (need > w->defs_cap) {
        uint32_t cap = w->defs_cap ? w->defs_cap : 2048;
        while (cap < need) cap *= 2;
        for (int c = 0; c < w->ncols; c++) {
            if (!w->specs[c].nullable) continue;
            uint8_t *d = realloc(w->bufs[c].defs, cap);
            if (!d) return oom(err);
            w->bufs[c].defs = d;
        }
        w->defs_cap = cap;
    }
    for (int c = 0; c < w->ncols; c++) {
        const PqColumnSpec *spec = &w->specs[c];
        PqColBuf *b = &w->bufs[c];
        const uint8_t *data = cols[c].data;
        const uint64_t *valid = cols[c].validity;
        for (uint32_t i = first; i < first + n; i++) {
            bool ok = !valid || ((valid[i >> 6] >> (i & 63)) & 1);
            if (spec->nullable) b->defs[w->group_rows + (i - first)] = ok;
            if (!ok) {
                if (!spec->nullable)
                    return ERR(err, SQLSTATE_NOT_NULL_VIOLATION,
                               "null value in non-nullable Parquet column \"%s\"", w->names[c]);
                continue;
            }
            if (spec->physical == PQ_BYTE_ARRAY) {
                if (grow_u32(&b->offs, &b->offs_cap, b->n_vals + 2) != 0) return oom(err);
                if (b->vals.len > UINT32_MAX - 1)
                    return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                               "Parquet column chunk \"%s\" exceeds 4 GB", w->names[c]);
                b->offs[b->n_vals] = (uint32_t)b->vals.len;
            }
            if (pq_value_encode(spec, data + (size_t)i * (size_t)spec->slot_width, &b->vals, err) !=
                0)
                return -1;
            b->n_vals++;
        }
        if (b->vals.oom) return oom(err);
        if (spec->physical == PQ_BYTE_ARRAY && b->vals.len > UINT32_MAX)
            return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "Parquet column chunk \"%s\" exceeds 4 GB", w->names[c]);
    }
    w->group_rows += n;
    return 0;
}

/* ---- flushing a row group ---- */

/* Value i without its length prefix. */
static const uint8_t *value_at(const PqColumnSpec *spec, const PqColBuf *b, uint32_t i,
                               uint32_t *len)
{
    if (spec->physical == PQ_BYTE_ARRAY) {
        const uint8_t *p = b->vals.data + b->offs[i];
        *len = pq_get_u32le(p);
        return p + 4;
    }
    *len = (uint32_t)spec->width;
    return b->vals.data + (size_t)i * (size_t)spec->width;
}

/* PLAIN bytes of values [a, z). */
static const uint8_t *plain_slice(const PqColumnSpec *spec, const PqColBuf *b, uint32_t a,
                                  uint32_t z, size_t *len)
{
    if (spec->physical == PQ_BYTE_ARRAY) {
        uint32_t end = z < b->n_vals ? b->offs[z] : (uint32_t)b->vals.len;
        *len = end - b->offs[a];
        return b->vals.data + b->offs[a];
    }
    *len = (size_t)(z - a) * (size_t)spec->width;
    return b->vals.data + (size_t)a * (size_t)spec->width;
}

static uint8_t *dup_bytes(const uint8_t *p, uint32_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    if (d && n) memcpy(d, p, n);
    return d;
}

static int chunk_stats(const PqColumnSpec *spec, const PqColBuf *b, PqChunkOut *out, OmError *err)
{
    const uint8_t *mn = NULL, *mx = NULL;
    uint32_t mn_len = 0, mx_len = 0;
    if (spec->order == PQ_ORD_NONE) return 0;
    for (uint32_t i = 0; i < b->n_vals; i++) {
        uint32_t len;
        const uint8_t *v = value_at(spec, b, i, &len);
        if (pq_value_skip_stats(spec, v)) {
            out->nan_count++;
            continue;
        }
        if (!mn || pq_value_compare(spec, v, len, mn, mn_len) < 0) mn = v, mn_len = len;
        if (!mx || pq_value_compare(spec, v, len, mx, mx_len) > 0) mx = v, mx_len = len;
    }
    if (!mn || mn_len > PQ_STATS_MAX_BYTES || mx_len > PQ_STATS_MAX_BYTES) return 0;
    out->min = dup_bytes(mn, mn_len);
    out->max = dup_bytes(mx, mx_len);
    if (!out->min || !out->max) return oom(err);
    out->min_len = mn_len;
    out->max_len = mx_len;
    if ((spec->order == PQ_ORD_F32 || spec->order == PQ_ORD_F64) && mn_len >= 4 &&
        mx_len == mn_len) {
        /* zero bounds: -0.0 as min, +0.0 as max (the sign bit is the top bit) */
        uint32_t top = mn_len - 1;
        bool mn_zero = true, mx_zero = true;
        for (uint32_t k = 0; k < mn_len; k++) {
            if ((out->min[k] & (k == top ? 0x7f : 0xff)) != 0) mn_zero = false;
            if ((out->max[k] & (k == top ? 0x7f : 0xff)) != 0) mx_zero = false;
        }
        if (mn_zero) out->min[top] |= 0x80;
        if (mx_zero) out->max[top] &= 0x7f;
    }
    return 0;
}

static uint64_t hash_bytes(const uint8_t *p, uint32_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ n;
    for (uint32_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h ^ (h >> 29);
}

/* Builds the dictionary: *ids[k] = value index of entry k, idx[i] = entry of
 * value i. Returns the entry count, 0 when a dictionary does not pay, -1 OOM. */
static int64_t build_dict(const ParquetWriter *w, const PqColumnSpec *spec, const PqColBuf *b,
                          uint32_t **ids_out, uint32_t *idx)
{
    ParquetDictMode mode = w->opts.dict_mode;
    if (mode == PARQUET_DICT_NEVER || spec->physical == PQ_BOOLEAN || b->n_vals == 0) return 0;
    uint32_t max_entries = mode == PARQUET_DICT_AUTO ? b->n_vals / 2 : b->n_vals;
    if (mode == PARQUET_DICT_AUTO && max_entries > PQ_DICT_AUTO_ENTRIES)
        max_entries = PQ_DICT_AUTO_ENTRIES;
    size_t max_bytes = mode == PARQUET_DICT_AUTO ? PQ_DICT_AUTO_BYTES : PQ_DICT_ALWAYS_BYTES;
    if (max_entries == 0) return 0;
    uint32_t cap = 16;
    while (cap < 2 * (uint64_t)max_entries + 2) cap *= 2;
    uint32_t *slots = malloc((size_t)cap * sizeof(uint32_t));
    uint32_t *ids = malloc((size_t)max_entries * sizeof(uint32_t));
    if (!slots || !ids) {
        free(slots);
        free(ids);
        return -1;
    }
    memset(slots, 0xff, (size_t)cap * sizeof(uint32_t));
    uint32_t n = 0;
    size_t bytes = 0;
    for (uint32_t i = 0; i < b->n_vals; i++) {
        uint32_t len;
        const uint8_t *v = value_at(spec, b, i, &len);
        uint64_t h = hash_bytes(v, len);
        uint32_t s = (uint32_t)h & (cap - 1);
        for (;;) {
            if (slots[s] == UINT32_MAX) {
                if (n == max_entries || bytes + len + 4 > max_bytes) {
                    free(slots);
                    free(ids);
                    return 0;
                }
                ids[n] = i;
                slots[s] = n;
                idx[i] = n++;
                bytes += len + 4;
                break;
            }
            uint32_t olen;
            const uint8_t *o = value_at(spec, b, ids[slots[s]], &olen);
            if (olen == len && memcmp(o, v, len) == 0) {
                idx[i] = slots[s];
                break;
            }
            s = (s + 1) & (cap - 1);
        }
    }
    free(slots);
    *ids_out = ids;
    return n;
}

/* Compresses w->body and writes header + page. */
static int write_page(ParquetWriter *w, int page_type, uint32_t num_values, int encoding,
                      PqChunkOut *out, OmError *err)
{
    w->comp.len = 0;
    if (w->body.oom) return oom(err);
    if (w->body.len > INT32_MAX)
        return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "Parquet page exceeds 2 GB");
    if (pq_compress(w->opts.codec, w->opts.zstd_level, w->body.data, w->body.len, &w->comp, err) !=
        0)
        return -1;
    if (w->comp.len > INT32_MAX)
        return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "Parquet page exceeds 2 GB");
    ThriftWriter tw;
    w->hdr.len = 0;
    thrift_w_init(&tw, &w->hdr);
    thrift_w_i32(&tw, 1, page_type);
    thrift_w_i32(&tw, 2, (int32_t)w->body.len);
    thrift_w_i32(&tw, 3, (int32_t)w->comp.len);
    if (page_type == PQ_PAGE_DICTIONARY) {
        thrift_w_struct_begin(&tw, 7);
        thrift_w_i32(&tw, 1, (int32_t)num_values);
        thrift_w_i32(&tw, 2, PQ_ENC_PLAIN);
    } else {
        thrift_w_struct_begin(&tw, 5);
        thrift_w_i32(&tw, 1, (int32_t)num_values);
        thrift_w_i32(&tw, 2, encoding);
        thrift_w_i32(&tw, 3, PQ_ENC_RLE);
        thrift_w_i32(&tw, 4, PQ_ENC_RLE);
    }
    thrift_w_struct_end(&tw);
    thrift_w_struct_end(&tw);
    if (w->hdr.oom) return oom(err);
    out->total_uncompressed += (int64_t)(w->hdr.len + w->body.len);
    out->total_compressed += (int64_t)(w->hdr.len + w->comp.len);
    if (write_bytes(w, w->hdr.data, w->hdr.len, err) != 0) return -1;
    return write_bytes(w, w->comp.data, w->comp.len, err);
}

static int flush_column(ParquetWriter *w, int c, PqChunkOut *out, OmError *err)
{
    const PqColumnSpec *spec = &w->specs[c];
    PqColBuf *b = &w->bufs[c];
    uint32_t nrows = w->group_rows;
    uint32_t *ids = NULL, *idx = NULL;
    int rc = -1;
    out->start = (int64_t)w->offset;
    out->dict_page_offset = -1;
    out->null_count = (int64_t)(nrows - b->n_vals);
    if (spec->physical == PQ_BYTE_ARRAY) {
        if (grow_u32(&b->offs, &b->offs_cap, b->n_vals + 1) != 0) return oom(err);
        b->offs[b->n_vals] = (uint32_t)b->vals.len;
    }
    if (chunk_stats(spec, b, out, err) != 0) return -1;
    int64_t ndict = 0;
    if (w->opts.dict_mode != PARQUET_DICT_NEVER && spec->physical != PQ_BOOLEAN && b->n_vals) {
        idx = malloc((size_t)b->n_vals * sizeof(uint32_t));
        if (!idx) return oom(err);
        ndict = build_dict(w, spec, b, &ids, idx);
        if (ndict < 0) goto fail_oom;
    }
    if (ndict > 0) {
        out->dict = true;
        out->dict_page_offset = (int64_t)w->offset;
        w->body.len = 0;
        for (int64_t k = 0; k < ndict; k++) {
            size_t len;
            const uint8_t *p = plain_slice(spec, b, ids[k], ids[k] + 1, &len);
            pq_buf_put(&w->body, p, len);
        }
        if (write_page(w, PQ_PAGE_DICTIONARY, (uint32_t)ndict, PQ_ENC_PLAIN, out, err) != 0)
            goto done;
    }
    out->data_page_offset = (int64_t)w->offset;
    int bw = ndict > 0 ? pq_bit_width((uint32_t)(ndict - 1)) : 0;
    if (ndict > 0 && bw == 0) bw = 1;
    uint32_t v0 = 0;
    for (uint32_t r0 = 0; r0 < nrows; r0 += w->opts.page_rows) {
        uint32_t rows = nrows - r0 < w->opts.page_rows ? nrows - r0 : w->opts.page_rows;
        uint32_t nv = rows;
        w->body.len = 0;
        if (spec->nullable) {
            if (grow_u32(&w->u32, &w->u32_cap, rows + 1) != 0) goto fail_oom;
            nv = 0;
            for (uint32_t i = 0; i < rows; i++) nv += (w->u32[i] = b->defs[r0 + i]);
            size_t at = w->body.len;
            pq_buf_u32le(&w->body, 0);
            pq_rle_encode(&w->body, w->u32, rows, 1);
            if (!w->body.oom) pq_put_u32le(w->body.data + at, (uint32_t)(w->body.len - at - 4));
        }
        if (ndict > 0) {
            pq_buf_u8(&w->body, (uint8_t)bw);
            pq_rle_encode(&w->body, idx + v0, nv, bw);
        } else if (spec->physical == PQ_BOOLEAN) {
            pq_bool_pack(&w->body, b->vals.data + v0, nv);
        } else if (nv) {
            size_t len;
            const uint8_t *p = plain_slice(spec, b, v0, v0 + nv, &len);
            pq_buf_put(&w->body, p, len);
        }
        if (write_page(w, PQ_PAGE_DATA, rows, ndict > 0 ? PQ_ENC_RLE_DICTIONARY : PQ_ENC_PLAIN, out,
                       err) != 0)
            goto done;
        v0 += nv;
    }
    rc = 0;
    goto done;
fail_oom:
    oom(err);
done:
    free(ids);
    free(idx);
    return rc;
}

static int flush_group(ParquetWriter *w, OmError *err)
{
    if (w->group_rows == 0) return 0;
    if (w->ngroups == w->groups_cap) {
        uint32_t cap = w->groups_cap ? w->groups_cap * 2 : 8;
        PqGroupOut *g = realloc(w->groups, cap * sizeof(PqGroupOut));
        if (!g) return oom(err);
        w->groups = g;
        w->groups_cap = cap;
    }
    PqGroupOut *g = &w->groups[w->ngroups];
    memset(g, 0, sizeof(*g));
    g->cols = calloc((size_t)w->ncols, sizeof(PqChunkOut));
    if (!g->cols) return oom(err);
    w->ngroups++;
    g->num_rows = w->group_rows;
    g->file_offset = (int64_t)w->offset;
    for (int c = 0; c < w->ncols; c++) {
        if (flush_column(w, c, &g->cols[c], err) != 0) return -1;
        g->total_compressed += g->cols[c].total_compressed;
        g->total_uncompressed += g->cols[c].total_uncompressed;
        PqColBuf *b = &w->bufs[c];
        b->vals.len = 0;
        b->n_vals = 0;
    }
    w->total_rows += w->group_rows;
    w->group_rows = 0;
    return 0;
}

static int writer_failed(OmError *err)
{
    return ERR(err, SQLSTATE_INTERNAL_ERROR, "Parquet writer used after an error");
}

int parquet_writer_append(ParquetWriter *w, const StorageVectorRef *cols, uint32_t nrows,
                          OmError *err)
{
    uint32_t done = 0;
    if (w->failed) return writer_failed(err);
    while (done < nrows) {
        uint32_t room = w->opts.row_group_rows - w->group_rows;
        uint32_t take = nrows - done < room ? nrows - done : room;
        if (buffer_rows(w, cols, done, take, err) != 0 ||
            (w->group_rows == w->opts.row_group_rows && flush_group(w, err) != 0)) {
            w->failed = true;
            return -1;
        }
        done += take;
    }
    return 0;
}

int parquet_writer_end_group(ParquetWriter *w, OmError *err)
{
    if (w->failed) return writer_failed(err);
    if (flush_group(w, err) != 0) {
        w->failed = true;
        return -1;
    }
    return 0;
}

/* ---- footer ---- */

static void write_schema(ThriftWriter *tw, const ParquetWriter *w)
{
    thrift_w_list_begin(tw, 2, TC_STRUCT, (uint32_t)w->ncols + 1);
    thrift_w_elem_struct_begin(tw);
    thrift_w_string(tw, 4, "schema");
    thrift_w_i32(tw, 5, w->ncols);
    thrift_w_struct_end(tw);
    for (int c = 0; c < w->ncols; c++) {
        const PqColumnSpec *s = &w->specs[c];
        thrift_w_elem_struct_begin(tw);
        thrift_w_i32(tw, 1, s->physical);
        if (s->physical == PQ_FLBA) thrift_w_i32(tw, 2, s->type_length);
        thrift_w_i32(tw, 3, s->nullable ? PQ_REP_OPTIONAL : PQ_REP_REQUIRED);
        thrift_w_string(tw, 4, w->names[c]);
        if (s->converted >= 0) thrift_w_i32(tw, 6, s->converted);
        if (s->logical == PQ_LT_DECIMAL) {
            thrift_w_i32(tw, 7, s->scale);
            thrift_w_i32(tw, 8, s->precision);
        }
        if (s->logical != PQ_LT_NONE) {
            thrift_w_struct_begin(tw, 10);
            thrift_w_struct_begin(tw, (int16_t)s->logical);
            if (s->logical == PQ_LT_DECIMAL) {
                thrift_w_i32(tw, 1, s->scale);
                thrift_w_i32(tw, 2, s->precision);
            } else if (s->logical == PQ_LT_TIME || s->logical == PQ_LT_TIMESTAMP) {
                thrift_w_bool(tw, 1, s->utc);
                thrift_w_struct_begin(tw, 2);
                thrift_w_struct_begin(tw, PQ_UNIT_MICROS);
                thrift_w_struct_end(tw);
                thrift_w_struct_end(tw);
            } else if (s->logical == PQ_LT_INTEGER) {
                thrift_w_i8(tw, 1, (int8_t)s->int_bits);
                thrift_w_bool(tw, 2, true);
            }
            thrift_w_struct_end(tw);
            thrift_w_struct_end(tw);
        }
        thrift_w_struct_end(tw);
    }
}

static int write_footer(ParquetWriter *w, OmError *err)
{
    PqBuf meta = {0};
    ThriftWriter tw;
    thrift_w_init(&tw, &meta);
    thrift_w_i32(&tw, 1, 2);
    write_schema(&tw, w);
    thrift_w_i64(&tw, 3, (int64_t)w->total_rows);
    thrift_w_list_begin(&tw, 4, TC_STRUCT, w->ngroups);
    for (uint32_t g = 0; g < w->ngroups; g++) {
        const PqGroupOut *grp = &w->groups[g];
        thrift_w_elem_struct_begin(&tw);
        thrift_w_list_begin(&tw, 1, TC_STRUCT, (uint32_t)w->ncols);
        for (int c = 0; c < w->ncols; c++) {
            const PqChunkOut *k = &grp->cols[c];
            const PqColumnSpec *s = &w->specs[c];
            thrift_w_elem_struct_begin(&tw);
            thrift_w_i64(&tw, 2, k->start);
            thrift_w_struct_begin(&tw, 3);
            thrift_w_i32(&tw, 1, s->physical);
            thrift_w_list_begin(&tw, 2, TC_I32, k->dict ? 3 : 2);
            thrift_w_elem_i32(&tw, PQ_ENC_PLAIN);
            thrift_w_elem_i32(&tw, PQ_ENC_RLE);
            if (k->dict) thrift_w_elem_i32(&tw, PQ_ENC_RLE_DICTIONARY);
            thrift_w_list_begin(&tw, 3, TC_BINARY, 1);
            thrift_w_elem_string(&tw, w->names[c]);
            thrift_w_i32(&tw, 4, (int32_t)w->opts.codec);
            thrift_w_i64(&tw, 5, grp->num_rows);
            thrift_w_i64(&tw, 6, k->total_uncompressed);
            thrift_w_i64(&tw, 7, k->total_compressed);
            thrift_w_i64(&tw, 9, k->data_page_offset);
            if (k->dict) thrift_w_i64(&tw, 11, k->dict_page_offset);
            thrift_w_struct_begin(&tw, 12);
            thrift_w_i64(&tw, 3, k->null_count);
            if (k->min) {
                thrift_w_binary(&tw, 5, k->max, k->max_len);
                thrift_w_binary(&tw, 6, k->min, k->min_len);
            }
            if (s->order == PQ_ORD_F32 || s->order == PQ_ORD_F64)
                thrift_w_i64(&tw, 9, k->nan_count);
            thrift_w_struct_end(&tw); /* Statistics */
            thrift_w_struct_end(&tw); /* ColumnMetaData */
            thrift_w_struct_end(&tw); /* ColumnChunk */
        }
        thrift_w_i64(&tw, 2, grp->total_uncompressed);
        thrift_w_i64(&tw, 3, grp->num_rows);
        thrift_w_i64(&tw, 5, grp->file_offset);
        thrift_w_i64(&tw, 6, grp->total_compressed);
        thrift_w_struct_end(&tw);
    }
    /* key_value_metadata: the exact OmenDB types */
    PqBuf note = {0};
    for (int c = 0; c < w->ncols; c++) {
        char item[48];
        int n = snprintf(item, sizeof(item), "%s%u:%d", c ? "," : "",
                         (unsigned)type_info(w->specs[c].type.id)->oid, w->specs[c].type.typmod);
        pq_buf_put(&note, item, (size_t)n);
    }
    thrift_w_list_begin(&tw, 5, TC_STRUCT, 1);
    thrift_w_elem_struct_begin(&tw);
    thrift_w_string(&tw, 1, PQ_META_TYPES_KEY);
    thrift_w_binary(&tw, 2, note.data, note.len);
    thrift_w_struct_end(&tw);
    pq_buf_free(&note);
    thrift_w_string(&tw, 6, "omendb version " OMENDB_VERSION);
    thrift_w_list_begin(&tw, 7, TC_STRUCT, (uint32_t)w->ncols);
    for (int c = 0; c < w->ncols; c++) {
        thrift_w_elem_struct_begin(&tw);
        thrift_w_struct_begin(&tw, 1); /* TYPE_ORDER */
        thrift_w_struct_end(&tw);
        thrift_w_struct_end(&tw);
    }
    thrift_w_struct_end(&tw);
    int rc = -1;
    if (meta.oom || note.oom) {
        oom(err);
    } else if (write_bytes(w, meta.data, meta.len, err) == 0) {
        uint8_t tail[8];
        pq_put_u32le(tail, (uint32_t)meta.len);
        memcpy(tail + 4, PQ_MAGIC, 4);
        rc = write_bytes(w, tail, 8, err);
    }
    pq_buf_free(&meta);
    return rc;
}

int parquet_writer_close(ParquetWriter *w, OmError *err)
{
    if (w->failed) {
        writer_failed(err);
        writer_free(w);
        return -1;
    }
    int rc = flush_group(w, err);
    if (rc == 0) rc = write_footer(w, err);
    if (rc == 0) rc = flush_out(w, err);
    if (rc == 0) rc = file_sync(w->f, err);
    if (rc == 0) {
        OmFile *f = w->f;
        w->f = NULL;
        rc = file_close(f, err);
        if (rc != 0) {
            OmError ignored;
            error_clear(&ignored);
            file_unlink(w->path, &ignored);
        }
    }
    writer_free(w); /* on failure this removes the unfinished file */
    return rc;
}

void parquet_writer_abort(ParquetWriter *w)
{
    writer_free(w);
}
