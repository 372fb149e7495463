/*
 * parquet_reader.c — reads Parquet files back into storage slots.
 *
 * open() checks both magics, reads the footer (length from the last 8 bytes),
 * parses it (parquet_meta.c) and validates the schema (flat: a root and one
 * leaf per column), the omendb.types note, and every column chunk's type,
 * path, value count and byte range against the file size. read_column() reads
 * one column chunk (through the file layer, common/file_io.h) and walks its pages:
 *   dictionary page (at most one, first): PLAIN values → dictionary slots
 *   data page v1: [4-byte length + RLE def levels] + values, all compressed
 *   data page v2: def levels (uncompressed, no length prefix) + values
 *                 (compressed when is_compressed)
 *   values: PLAIN, or RLE_DICTIONARY / PLAIN_DICTIONARY indices
 *   index pages are skipped.
 * Every size, count, level and index is checked before use; damage is XX001
 * naming the file and the byte offset of the page or structure. Allocations
 * follow what the file can back: a chunk's slots only once its page headers
 * account for its rows, a page buffer only once the codec confirms the page
 * can expand to its stated size (pq_decompress_check).
 */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/file_io.h"
#include "storage/parquet_int.h"

struct ParquetReader {
    char *path;
    OmFile *f;
    uint64_t size;
    Arena *arena; /* metadata, names, specs */
    uint8_t *footer;
    uint64_t footer_off;
    PqFileMeta meta;
    int ncols;
    ParquetColumnDef *cols;
    PqColumnSpec *specs;
};

static int corrupt(const ParquetReader *r, uint64_t off, const char *what, OmError *err)
{
    return ERR(err, SQLSTATE_DATA_CORRUPTED, "invalid Parquet file \"%s\": %s at offset %llu",
               r->path, what, (unsigned long long)off);
}

static int read_at(const ParquetReader *r, uint64_t off, void *buf, size_t n, OmError *err)
{
    size_t got;
    if (file_pread_all(r->f, buf, n, off, &got, err) != 0) return -1;
    if (got < n) return corrupt(r, off + got, "unexpected end of file", err);
    return 0;
}

void parquet_reader_close(ParquetReader *r)
{
    if (!r) return;
    file_close(r->f, NULL);
    arena_destroy(r->arena);
    free(r->footer);
    free(r->path);
    free(r);
}

/* Parses "oid:typmod,oid:typmod,..." with exactly ncols entries. */
static int parse_types_note(const uint8_t *p, uint32_t n, int ncols, OmType *out)
{
    uint32_t i = 0;
    for (int c = 0; c < ncols; c++) {
        int64_t vals[2] = {0, 0};
        for (int k = 0; k < 2; k++) {
            bool neg = false;
            int nd = 0;
            if (k == 1 && i < n && p[i] == '-') neg = true, i++;
            while (i < n && p[i] >= '0' && p[i] <= '9' && nd < 10) {
                vals[k] = vals[k] * 10 + (p[i++] - '0');
                nd++;
            }
            if (nd == 0 || nd == 10) return -1;
            if (neg) vals[k] = -vals[k];
            char sep = k == 0 ? ':' : ',';
            if (k == 1 && c == ncols - 1) break;
            if (i >= n || p[i] != sep) return -1;
            i++;
        }
        if (vals[1] < INT32_MIN || vals[1] > INT32_MAX || vals[0] > UINT32_MAX) return -1;
        TypeId id = type_from_oid((Oid)vals[0]);
        if (id == TYPE_INVALID) return -1;
        out[c] = (OmType){id, (int32_t)vals[1]};
    }
    return i == n ? 0 : -1;
}

static int check_schema(ParquetReader *r, OmError *err)
{
    const PqFileMeta *m = &r->meta;
    uint64_t off = r->footer_off;
    if (m->nschema < 2) return corrupt(r, off, "schema has no columns", err);
    const PqSchemaMeta *root = &m->schema[0];
    if (root->has_type || root->num_children != (int32_t)(m->nschema - 1))
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "Parquet file \"%s\" has a nested schema, which is not supported", r->path);
    r->ncols = (int)(m->nschema - 1);
    r->cols = ARENA_NEW_ARRAY(r->arena, ParquetColumnDef, r->ncols);
    r->specs = ARENA_NEW_ARRAY(r->arena, PqColumnSpec, r->ncols);
    OmType *noted = NULL;
    if (m->types_note) {
        noted = ARENA_NEW_ARRAY(r->arena, OmType, r->ncols);
        if (parse_types_note(m->types_note, m->types_note_len, r->ncols, noted) != 0)
            return corrupt(r, off, "malformed omendb.types metadata", err);
    }
    for (int c = 0; c < r->ncols; c++) {
        const PqSchemaMeta *e = &m->schema[c + 1];
        const char *what = NULL;
        if (!e->has_type || e->num_children > 0)
            return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "Parquet file \"%s\" has a nested schema, which is not supported", r->path);
        if (e->type == PQ_FLBA && (e->type_length < 1 || e->type_length > (1 << 20)))
            return corrupt(r, off, "bad fixed length", err);
        if (pq_spec_from_file(e, noted ? &noted[c] : NULL, &r->specs[c], &what) != 0) {
            if (noted) return corrupt(r, off, what, err);
            return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "Parquet file \"%s\": column \"%.*s\": %s", r->path, (int)e->name_len,
                       (const char *)e->name, what);
        }
        r->cols[c].name = arena_strndup(r->arena, (const char *)e->name, e->name_len);
        r->cols[c].type = r->specs[c].type;
        r->cols[c].nullable = r->specs[c].nullable;
    }
    return 0;
}

/* First byte of a chunk: its dictionary page when it has one. */
static int64_t chunk_start(const PqChunkMeta *k)
{
    if (k->dict_page_offset >= 4 && k->dict_page_offset < k->data_page_offset)
        return k->dict_page_offset;
    return k->data_page_offset;
}

static int check_groups(ParquetReader *r, OmError *err)
{
    const PqFileMeta *m = &r->meta;
    uint64_t total = 0;
    for (uint32_t g = 0; g < m->ngroups; g++) {
        const PqGroupMeta *grp = &m->groups[g];
        if (grp->ncols != (uint32_t)r->ncols)
            return corrupt(r, r->footer_off, "row group has a wrong column count", err);
        total += (uint64_t)grp->num_rows;
        if (total > (uint64_t)INT64_MAX)
            return corrupt(r, r->footer_off, "row counts overflow", err);
        if (grp->num_rows > PQ_MAX_GROUP_ROWS)
            return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "Parquet file \"%s\" has a row group of more than %u rows", r->path,
                       PQ_MAX_GROUP_ROWS);
        for (int c = 0; c < r->ncols; c++) {
            const PqChunkMeta *k = &grp->cols[c];
            const PqColumnSpec *s = &r->specs[c];
            const ParquetColumnDef *d = &r->cols[c];
            int64_t start = chunk_start(k);
            if (k->has_file_path)
                return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "Parquet file \"%s\" refers to column data in another file", r->path);
            if (k->type != s->physical || k->path_len != 1 || k->path0_len != strlen(d->name) ||
                memcmp(k->path0, d->name, k->path0_len) != 0)
                return corrupt(r, r->footer_off, "column chunk does not match the schema", err);
            if (k->num_values != grp->num_rows)
                return corrupt(r, r->footer_off, "column chunk has a wrong value count", err);
            if (start < 4 || k->total_compressed < 0 || (uint64_t)start > r->footer_off ||
                (uint64_t)k->total_compressed > r->footer_off - (uint64_t)start ||
                (k->total_compressed == 0 && grp->num_rows > 0))
                return corrupt(r, r->footer_off, "column chunk lies outside the data", err);
        }
    }
    if (total != (uint64_t)m->num_rows)
        return corrupt(r, r->footer_off, "row counts of groups and file disagree", err);
    return 0;
}

ParquetReader *parquet_reader_open(const char *path, OmError *err)
{
    ParquetReader *r = calloc(1, sizeof(*r));
    if (!r) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    r->path = strdup(path);
    r->arena = arena_create(NULL, "parquet reader");
    if (!r->path) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto fail;
    }
    r->f = file_open(path, O_RDONLY, 0, err);
    if (!r->f || file_size(r->f, &r->size, err) != 0) goto fail;
    uint8_t head[4], tail[8];
    if (r->size < 12) {
        corrupt(r, 0, "file too short for Parquet", err);
        goto fail;
    }
    if (read_at(r, 0, head, 4, err) != 0 || read_at(r, r->size - 8, tail, 8, err) != 0) goto fail;
    if (memcmp(head, PQ_MAGIC, 4) != 0) {
        corrupt(r, 0, "bad magic", err);
        goto fail;
    }
    if (memcmp(tail + 4, PQ_MAGIC, 4) != 0) {
        corrupt(r, r->size - 4, "bad magic", err);
        goto fail;
    }
    uint32_t flen = pq_get_u32le(tail);
    if (flen == 0 || flen > r->size - 12) {
        corrupt(r, r->size - 8, "bad footer length", err);
        goto fail;
    }
    r->footer_off = r->size - 8 - flen;
    r->footer = malloc(flen);
    if (!r->footer) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto fail;
    }
    if (read_at(r, r->footer_off, r->footer, flen, err) != 0) goto fail;
    ThriftReader tr;
    thrift_r_init(&tr, r->footer, flen, r->footer_off, r->path, err);
    if (pq_meta_parse(&tr, r->arena, &r->meta) != 0) goto fail;
    if (check_schema(r, err) != 0 || check_groups(r, err) != 0) goto fail;
    return r;
fail:
    parquet_reader_close(r);
    return NULL;
}

int parquet_reader_ncols(const ParquetReader *r)
{
    return r->ncols;
}

const ParquetColumnDef *parquet_reader_column(const ParquetReader *r, int col)
{
    return &r->cols[col];
}

uint64_t parquet_reader_row_count(const ParquetReader *r)
{
    return (uint64_t)r->meta.num_rows;
}

uint32_t parquet_reader_group_count(const ParquetReader *r)
{
    return r->meta.ngroups;
}

uint64_t parquet_reader_group_rows(const ParquetReader *r, uint32_t group)
{
    return group < r->meta.ngroups ? (uint64_t)r->meta.groups[group].num_rows : 0;
}

/* ---- column chunks ---- */

typedef struct ChunkDecoder {
    ParquetReader *r;
    const PqColumnSpec *spec;
    Arena *arena;
    OmError *err;
    uint8_t *out;       /* nrows slots */
    uint64_t *validity; /* nrows bits */
    uint32_t nrows;
    uint32_t done; /* rows decoded */
    bool any_null;
    uint8_t *dict; /* dictionary slots (malloc) */
    uint32_t ndict;
    bool have_dict;
    uint32_t *levels; /* scratch */
    uint32_t levels_cap;
    uint64_t page_off; /* file offset of the current page, for errors */
} ChunkDecoder;

static int bad(ChunkDecoder *d, const char *what)
{
    return corrupt(d->r, d->page_off, what, d->err);
}

/* Decodes n PLAIN values from [p, end) into slots (stride slot_width) at dst,
 * or into dst[i] for the rows listed in rows (when rows != NULL). */
static int decode_plain(ChunkDecoder *d, const uint8_t *p, const uint8_t *end, uint32_t n,
                        uint8_t *dst, const uint32_t *rows)
{
    const PqColumnSpec *s = d->spec;
    const char *what = NULL;
    size_t sw = (size_t)s->slot_width;
    if (s->physical == PQ_BOOLEAN) {
        if ((uint64_t)(end - p) < ((uint64_t)n + 7) / 8) return bad(d, "truncated values");
        for (uint32_t i = 0; i < n; i++) {
            uint8_t bit = (p[i >> 3] >> (i & 7)) & 1;
            *(bool *)(dst + (rows ? rows[i] : i) * sw) = bit;
        }
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len = (uint32_t)s->width;
        if (s->physical == PQ_BYTE_ARRAY) {
            if (end - p < 4) return bad(d, "truncated values");
            len = pq_get_u32le(p);
            p += 4;
        }
        if ((uint64_t)(end - p) < len) return bad(d, "truncated values");
        if (pq_value_decode(s, p, len, dst + (rows ? rows[i] : i) * sw, d->arena, &what) != 0)
            return bad(d, what);
        p += len;
    }
    return 0;
}

static int decode_dict_page(ChunkDecoder *d, const PqPageHeader *h, const uint8_t *body, size_t len)
{
    if (d->have_dict || d->done > 0) return bad(d, "unexpected dictionary page");
    if (h->encoding != PQ_ENC_PLAIN && h->encoding != PQ_ENC_PLAIN_DICTIONARY)
        return bad(d, "dictionary page of unknown encoding");
    /* num_values is within [0, PQ_MAX_GROUP_ROWS] (decode_chunk); each entry
     * takes at least its width, a length prefix, or one bit */
    uint64_t min_bits = d->spec->width ? (uint64_t)d->spec->width * 8
                                       : (d->spec->physical == PQ_BYTE_ARRAY ? 32 : 1);
    if ((uint64_t)h->num_values * min_bits > (uint64_t)len * 8)
        return bad(d, "bad dictionary size");
    d->ndict = (uint32_t)h->num_values;
    d->dict = calloc((size_t)d->ndict + 1, (size_t)d->spec->slot_width);
    if (!d->dict) return ERR(d->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    d->have_dict = true;
    return decode_plain(d, body, body + len, d->ndict, d->dict, NULL);
}

static int grow_levels(ChunkDecoder *d, uint32_t n)
{
    if (n <= d->levels_cap) return 0;
    uint32_t *l = realloc(d->levels, (size_t)n * sizeof(uint32_t));
    if (!l) return ERR(d->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    d->levels = l;
    d->levels_cap = n;
    return 0;
}

/* levels: RLE def levels for an OPTIONAL column (NULL for REQUIRED); vals:
 * the value section. */
static int decode_data(ChunkDecoder *d, uint32_t nvals, int encoding, const uint8_t *lv,
                       size_t lv_len, const uint8_t *vals, size_t vals_len, int32_t num_nulls)
{
    const char *what = NULL;
    size_t sw = (size_t)d->spec->slot_width;
    uint32_t nn = nvals;
    uint32_t *rows = NULL;
    if (grow_levels(d, nvals + 1) != 0) return -1;
    if (d->spec->nullable) {
        if (pq_rle_decode(lv, lv_len, 1, d->levels, nvals, 1, &what) != 0) return bad(d, what);
        nn = 0;
        for (uint32_t i = 0; i < nvals; i++) {
            uint32_t row = d->done + i;
            if (d->levels[i]) {
                d->levels[nn++] = row; /* reuse: row of the nn-th value (nn <= i) */
                d->validity[row >> 6] |= UINT64_C(1) << (row & 63);
            } else {
                d->any_null = true;
            }
        }
        rows = d->levels;
        if (num_nulls >= 0 && (uint32_t)num_nulls != nvals - nn)
            return bad(d, "page null count disagrees with its levels");
    } else {
        for (uint32_t i = 0; i < nvals; i++) {
            uint32_t row = d->done + i;
            d->validity[row >> 6] |= UINT64_C(1) << (row & 63);
        }
    }
    uint8_t *dst = rows ? d->out : d->out + (size_t)d->done * sw;
    if (encoding == PQ_ENC_PLAIN) {
        if (decode_plain(d, vals, vals + vals_len, nn, dst, rows) != 0) return -1;
    } else if (encoding == PQ_ENC_RLE_DICTIONARY || encoding == PQ_ENC_PLAIN_DICTIONARY) {
        if (!d->have_dict) return bad(d, "dictionary-encoded page without a dictionary");
        if (nn > 0) {
            if (vals_len < 1) return bad(d, "truncated values");
            if (d->ndict == 0) return bad(d, "index into an empty dictionary");
            uint32_t *idx = malloc((size_t)nn * sizeof(uint32_t));
            if (!idx) return ERR(d->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            int rc = pq_rle_decode(vals + 1, vals_len - 1, vals[0], idx, nn, d->ndict - 1, &what);
            if (rc == 0)
                for (uint32_t i = 0; i < nn; i++)
                    memcpy(d->out + (size_t)(rows ? rows[i] : d->done + i) * sw,
                           d->dict + (size_t)idx[i] * sw, sw);
            free(idx);
            if (rc != 0) return bad(d, what);
        }
    } else {
        return ERR(d->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "Parquet file \"%s\": encoding %d is not supported (page at offset %llu)",
                   d->r->path, encoding, (unsigned long long)d->page_off);
    }
    d->done += nvals;
    return 0;
}

/* Walks the chunk's page headers before anything is allocated for its rows:
 * its data pages must account for the row group's rows, so a footer cannot
 * make the reader allocate slots for rows the chunk does not hold. Only the
 * headers are looked at; decode_chunk repeats these checks and the rest. */
static int check_chunk_rows(ChunkDecoder *d, const uint8_t *buf, size_t len, uint64_t base)
{
    size_t pos = 0;
    uint32_t rows = 0;
    while (rows < d->nrows) {
        ThriftReader tr;
        PqPageHeader h;
        d->page_off = base + pos;
        if (pos >= len) return bad(d, "column chunk ends before its last row");
        thrift_r_init(&tr, buf + pos, len - pos, base + pos, d->r->path, d->err);
        if (pq_page_header_parse(&tr, &h) != 0) return -1;
        pos += (size_t)(tr.p - tr.base);
        if ((size_t)h.compressed_size > len - pos) return bad(d, "page overruns its column chunk");
        pos += (size_t)h.compressed_size;
        if (h.type != PQ_PAGE_DATA && h.type != PQ_PAGE_DATA_V2) continue;
        if (h.num_values < 0 || (uint32_t)h.num_values > d->nrows - rows)
            return bad(d, "page holds more values than its row group");
        rows += (uint32_t)h.num_values;
    }
    return 0;
}

static int decode_chunk(ChunkDecoder *d, const PqChunkMeta *k, const uint8_t *buf, size_t len,
                        uint64_t base)
{
    size_t pos = 0;
    uint8_t *page = NULL;
    int rc = -1;
    while (d->done < d->nrows) {
        ThriftReader tr;
        PqPageHeader h;
        const char *what = NULL;
        d->page_off = base + pos;
        if (pos >= len) {
            bad(d, "column chunk ends before its last row");
            goto out;
        }
        thrift_r_init(&tr, buf + pos, len - pos, base + pos, d->r->path, d->err);
        if (pq_page_header_parse(&tr, &h) != 0) goto out;
        pos += (size_t)(tr.p - tr.base);
        if ((size_t)h.compressed_size > len - pos) {
            bad(d, "page overruns its column chunk");
            goto out;
        }
        const uint8_t *src = buf + pos;
        size_t src_len = (size_t)h.compressed_size;
        pos += src_len;
        if (h.type == PQ_PAGE_INDEX) continue;
        if (h.type != PQ_PAGE_DATA && h.type != PQ_PAGE_DICTIONARY && h.type != PQ_PAGE_DATA_V2) {
            bad(d, "unknown page type");
            goto out;
        }
        if (!h.has_sub) {
            bad(d, "page header lacks its type's header");
            goto out;
        }
        if ((uint32_t)h.uncompressed_size > PQ_MAX_PAGE_BYTES) {
            bad(d, "page too large");
            goto out;
        }
        if (h.type != PQ_PAGE_DICTIONARY &&
            (h.num_values < 0 || (uint32_t)h.num_values > d->nrows - d->done)) {
            bad(d, "page holds more values than its row group");
            goto out;
        }
        /* A row group holds at most PQ_MAX_GROUP_ROWS values, so a larger
         * dictionary is damage, however well its compressed page packs it:
         * rejected before the page is decompressed. */
        if (h.type == PQ_PAGE_DICTIONARY &&
            (h.num_values < 0 || (uint32_t)h.num_values > PQ_MAX_GROUP_ROWS)) {
            bad(d, "bad dictionary size");
            goto out;
        }
        size_t lv_len = 0, prefix = 0;
        bool compressed = true;
        if (h.type == PQ_PAGE_DATA_V2) {
            if (h.def_len < 0 || h.rep_len != 0 || (size_t)h.def_len > src_len ||
                h.def_len > h.uncompressed_size || h.num_nulls < 0) {
                bad(d, "bad level lengths in page header");
                goto out;
            }
            prefix = lv_len = (size_t)h.def_len;
            compressed = h.is_compressed;
        }
        size_t out_len = (size_t)h.uncompressed_size - prefix;
        int chk = pq_decompress_check(compressed ? k->codec : PARQUET_CODEC_NONE, src + prefix,
                                      src_len - prefix, out_len);
        if (chk == -2) {
            ERR(d->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "Parquet file \"%s\": compression codec %d is not supported", d->r->path, k->codec);
            goto out;
        }
        if (chk != 0) {
            bad(d, "page sizes disagree");
            goto out;
        }
        free(page);
        page = malloc(prefix + out_len + 1);
        if (!page) {
            ERR(d->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            goto out;
        }
        memcpy(page, src, prefix);
        int drc = pq_decompress(compressed ? k->codec : PARQUET_CODEC_NONE, src + prefix,
                                src_len - prefix, page + prefix, out_len, &what);
        if (drc == -2) {
            ERR(d->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "Parquet file \"%s\": compression codec %d is not supported", d->r->path, k->codec);
            goto out;
        }
        if (drc != 0) {
            bad(d, what);
            goto out;
        }
        const uint8_t *body = page + prefix;
        if (h.type == PQ_PAGE_DICTIONARY) {
            if (decode_dict_page(d, &h, body, out_len) != 0) goto out;
            continue;
        }
        const uint8_t *lv = page;
        if (h.type == PQ_PAGE_DATA && d->spec->nullable) {
            if (h.def_encoding != PQ_ENC_RLE) {
                ERR(d->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "Parquet file \"%s\": definition level encoding %d is not supported",
                    d->r->path, h.def_encoding);
                goto out;
            }
            if (out_len < 4 || pq_get_u32le(body) > out_len - 4) {
                bad(d, "bad definition level length");
                goto out;
            }
            lv = body + 4;
            lv_len = pq_get_u32le(body);
            body += 4 + lv_len;
            out_len -= 4 + lv_len;
        }
        if (!d->spec->nullable && lv_len > 0) {
            bad(d, "levels in a required column");
            goto out;
        }
        if (decode_data(d, (uint32_t)h.num_values, h.encoding, lv, lv_len, body, out_len,
                        h.type == PQ_PAGE_DATA_V2 ? h.num_nulls : -1) != 0)
            goto out;
    }
    rc = 0;
out:
    free(page);
    return rc;
}

int parquet_reader_read_column(ParquetReader *r, uint32_t group, int col, Arena *arena, void **data,
                               uint64_t **validity, OmError *err)
{
    if (group >= r->meta.ngroups || col < 0 || col >= r->ncols)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "no column %d in row group %u", col,
                   group);
    const PqChunkMeta *k = &r->meta.groups[group].cols[col];
    uint32_t nrows = (uint32_t)r->meta.groups[group].num_rows;
    ChunkDecoder d;
    memset(&d, 0, sizeof(d));
    d.r = r;
    d.spec = &r->specs[col];
    d.arena = arena;
    d.err = err;
    d.nrows = nrows;
    /* len is within the file (check_groups); the slots wait for the pages. */
    uint64_t start = (uint64_t)chunk_start(k);
    size_t len = (size_t)k->total_compressed;
    uint8_t *buf = malloc(len + 1);
    if (!buf) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    int rc = read_at(r, start, buf, len, err);
    if (rc == 0) rc = check_chunk_rows(&d, buf, len, start);
    if (rc == 0) {
        d.out = arena_zalloc(arena, (size_t)nrows * (size_t)d.spec->slot_width + 16);
        d.validity = arena_zalloc(arena, ((size_t)nrows + 63) / 64 * 8 + 8);
        rc = decode_chunk(&d, k, buf, len, start);
    }
    free(buf);
    free(d.dict);
    free(d.levels);
    if (rc != 0) return -1;
    *data = d.out;
    *validity = d.any_null ? d.validity : NULL;
    return 0;
}

int parquet_reader_column_stats(ParquetReader *r, uint32_t group, int col, Arena *arena,
                                ParquetStats *out, OmError *err)
{
    if (group >= r->meta.ngroups || col < 0 || col >= r->ncols)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "no column %d in row group %u", col,
                   group);
    const PqChunkMeta *k = &r->meta.groups[group].cols[col];
    const PqColumnSpec *s = &r->specs[col];
    const char *what = NULL;
    memset(out, 0, sizeof(*out));
    out->has_null_count = k->stats.has_null_count;
    out->null_count = (uint64_t)k->stats.null_count;
    bool is_float = s->order == PQ_ORD_F32 || s->order == PQ_ORD_F64;
    /* Decimal text sorts bytewise, not numerically: no usable min/max. */
    if (s->order == PQ_ORD_NONE || s->kind == PQ_K_NUMTEXT) return 0;
    /* Parquet leaves NaN out of min/max; storage orders it above everything,
     * so the maximum is NaN when the chunk holds one (unknown: no min/max). */
    if (is_float && !k->stats.has_nan_count) return 0;
    if (is_float && k->stats.nan_count > 0) {
        if (!k->stats.min) {
            out->min.f8 = NAN; /* every non-NULL value is NaN */
            if (s->order == PQ_ORD_F32) out->min.f4 = NAN;
            out->max = out->min;
            out->has_minmax = true;
            return 0;
        }
    }
    if (!k->stats.min) return 0;
    if (s->width &&
        (k->stats.min_len != (uint32_t)s->width || k->stats.max_len != (uint32_t)s->width))
        return corrupt(r, r->footer_off, "statistics of wrong length", err);
    if (pq_value_decode(s, k->stats.min, k->stats.min_len, &out->min, arena, &what) != 0 ||
        pq_value_decode(s, k->stats.max, k->stats.max_len, &out->max, arena, &what) != 0)
        return corrupt(r, r->footer_off, what, err);
    if (is_float && k->stats.nan_count > 0) {
        if (s->order == PQ_ORD_F32)
            out->max.f4 = NAN;
        else
            out->max.f8 = NAN;
    }
    /* The epoch shift wraps the last ~30 years of the timestamp range (see
     * parquet_types.c): then the file's order is not the values' order. */
    if ((s->kind == PQ_K_TS && out->min.i64 > out->max.i64) ||
        (s->kind == PQ_K_DATE && out->min.i32 > out->max.i32))
        return 0;
    out->has_minmax = true;
    return 0;
}
