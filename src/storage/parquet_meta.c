/*
 * parquet_meta.c — parsing of the Thrift structures a reader needs: the
 * FileMetaData footer (schema, row groups, column chunk metadata, statistics,
 * key/value metadata) and page headers. Fields we do not use are skipped;
 * every length and count is checked against the bytes that remain, and
 * arrays grow with the elements parsed, so a damaged footer yields XX001 with
 * its offset, never a crash or a huge allocation.
 *
 * Field numbers (parquet.thrift):
 *   FileMetaData   1 version, 2 schema list, 3 num_rows, 4 row_groups list,
 *                  5 key_value_metadata list, 6 created_by, 7 column_orders
 *   SchemaElement  1 type, 2 type_length, 3 repetition_type, 4 name,
 *                  5 num_children, 6 converted_type, 7 scale, 8 precision,
 *                  10 logicalType (union)
 *   RowGroup       1 columns list, 2 total_byte_size, 3 num_rows
 *   ColumnChunk    1 file_path, 2 file_offset, 3 meta_data
 *   ColumnMetaData 1 type, 2 encodings, 3 path_in_schema, 4 codec,
 *                  5 num_values, 6/7 total (un)compressed size,
 *                  9 data_page_offset, 11 dictionary_page_offset, 12 statistics
 *   Statistics     1 max, 2 min (legacy), 3 null_count, 5 max_value, 6 min_value,
 *                  9 nan_count
 *   PageHeader     1 type, 2 uncompressed size, 3 compressed size, 4 crc,
 *                  5 data page, 7 dictionary page, 8 data page v2
 */
#include <string.h>

#include "storage/parquet_int.h"

/* Makes room for element i of a list whose header claims n elements. Arrays
 * grow with the elements actually parsed, not with the claimed count: a count
 * is only bounded by the bytes left (every element takes one), and an array
 * sized by it up front would cost ~100 bytes of memory per byte of a damaged
 * footer. Elements are zeroed by their parsers. */
static void *list_room(Arena *arena, void *arr, uint32_t *cap, uint32_t i, uint32_t n, size_t elem)
{
    if (i < *cap) return arr;
    uint64_t grown = *cap ? (uint64_t)*cap * 2 : 8;
    if (grown > n) grown = n;
    arr = arena_realloc(arena, arr, (size_t)*cap * elem, (size_t)grown * elem);
    *cap = (uint32_t)grown;
    return arr;
}

#define NEXT_FIELD(r, t, id)                                                                       \
    if (thrift_r_field((r), &(t), &(id)) != 0) return -1;                                          \
    if ((t) == TC_STOP) break

static int parse_time_unit(ThriftReader *r, int type, int *unit)
{
    int t;
    int16_t id;
    *unit = 0;
    if (thrift_r_struct_begin(r, type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        if (*unit == 0) *unit = id;
        if (thrift_r_skip(r, t) != 0) return -1;
    }
    return 0;
}

static int parse_logical(ThriftReader *r, int type, PqSchemaMeta *e)
{
    int t, t2;
    int16_t id, id2;
    int32_t v;
    if (thrift_r_struct_begin(r, type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        switch (id) {
        case PQ_LT_STRING:
        case PQ_LT_DATE:
        case PQ_LT_UUID:
            e->logical = id;
            if (thrift_r_skip(r, t) != 0) return -1;
            break;
        case PQ_LT_DECIMAL:
        case PQ_LT_TIME:
        case PQ_LT_TIMESTAMP:
        case PQ_LT_INTEGER:
            e->logical = id;
            if (thrift_r_struct_begin(r, t) != 0) return -1;
            for (;;) {
                NEXT_FIELD(r, t2, id2);
                if (id == PQ_LT_DECIMAL && (id2 == 1 || id2 == 2)) {
                    if (thrift_r_i32(r, t2, &v) != 0) return -1;
                    *(id2 == 1 ? &e->lt_scale : &e->lt_precision) = v;
                } else if (id == PQ_LT_INTEGER && id2 == 1) {
                    if (thrift_r_i32(r, t2, &v) != 0) return -1;
                    e->lt_bits = v;
                } else if (id == PQ_LT_INTEGER && id2 == 2) {
                    if (thrift_r_bool(r, t2, &e->lt_signed) != 0) return -1;
                } else if (id != PQ_LT_INTEGER && id != PQ_LT_DECIMAL && id2 == 1) {
                    if (thrift_r_bool(r, t2, &e->lt_utc) != 0) return -1;
                } else if (id != PQ_LT_INTEGER && id != PQ_LT_DECIMAL && id2 == 2) {
                    if (parse_time_unit(r, t2, &e->lt_unit) != 0) return -1;
                } else if (thrift_r_skip(r, t2) != 0) {
                    return -1;
                }
            }
            break;
        default:
            e->logical = -1; /* an annotation we do not read */
            if (thrift_r_skip(r, t) != 0) return -1;
        }
    }
    return 0;
}

static int parse_schema_element(ThriftReader *r, int elem_type, PqSchemaMeta *e)
{
    int t;
    int16_t id;
    bool has_name = false;
    memset(e, 0, sizeof(*e));
    e->repetition = -1, e->num_children = -1, e->converted = -1;
    if (thrift_r_elem_struct_begin(r, elem_type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc = 0;
        switch (id) {
        case 1:
            e->has_type = true;
            rc = thrift_r_i32(r, t, &e->type);
            break;
        case 2:
            rc = thrift_r_i32(r, t, &e->type_length);
            break;
        case 3:
            rc = thrift_r_i32(r, t, &e->repetition);
            break;
        case 4:
            has_name = true;
            rc = thrift_r_binary(r, t, &e->name, &e->name_len);
            break;
        case 5:
            rc = thrift_r_i32(r, t, &e->num_children);
            break;
        case 6:
            rc = thrift_r_i32(r, t, &e->converted);
            break;
        case 7:
            rc = thrift_r_i32(r, t, &e->scale);
            break;
        case 8:
            rc = thrift_r_i32(r, t, &e->precision);
            break;
        case 10:
            rc = parse_logical(r, t, e);
            break;
        default:
            rc = thrift_r_skip(r, t);
        }
        if (rc != 0) return -1;
    }
    if (!has_name) return thrift_r_fail(r, "schema element without a name");
    if (e->logical == PQ_LT_DECIMAL) e->scale = e->lt_scale, e->precision = e->lt_precision;
    return 0;
}

static int parse_stats(ThriftReader *r, int type, PqStatsMeta *s)
{
    int t;
    int16_t id;
    if (thrift_r_struct_begin(r, type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc = 0;
        switch (id) {
        case 3:
            s->has_null_count = true;
            rc = thrift_r_i64(r, t, &s->null_count);
            if (rc == 0 && s->null_count < 0) rc = thrift_r_fail(r, "negative null_count");
            break;
        case 5:
            rc = thrift_r_binary(r, t, &s->max, &s->max_len);
            break;
        case 9:
            s->has_nan_count = true;
            rc = thrift_r_i64(r, t, &s->nan_count);
            if (rc == 0 && s->nan_count < 0) rc = thrift_r_fail(r, "negative nan_count");
            break;
        case 6:
            rc = thrift_r_binary(r, t, &s->min, &s->min_len);
            break;
        default: /* legacy min/max have an undefined order for strings: ignored */
            rc = thrift_r_skip(r, t);
        }
        if (rc != 0) return -1;
    }
    if ((s->min == NULL) != (s->max == NULL)) s->min = s->max = NULL;
    return 0;
}

static int parse_column_meta(ThriftReader *r, int type, PqChunkMeta *c)
{
    int t, et;
    int16_t id;
    uint32_t n;
    unsigned seen = 0;
    if (thrift_r_struct_begin(r, type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc = 0;
        if (id >= 0 && id < 32) seen |= 1u << id;
        switch (id) {
        case 1:
            rc = thrift_r_i32(r, t, &c->type);
            break;
        case 3:
            rc = thrift_r_list(r, t, &et, &n);
            c->path_len = n;
            for (uint32_t i = 0; rc == 0 && i < n; i++) {
                if (i == 0)
                    rc = thrift_r_binary(r, et, &c->path0, &c->path0_len);
                else
                    rc = thrift_r_skip(r, et);
            }
            break;
        case 4:
            rc = thrift_r_i32(r, t, &c->codec);
            break;
        case 5:
            rc = thrift_r_i64(r, t, &c->num_values);
            break;
        case 7:
            rc = thrift_r_i64(r, t, &c->total_compressed);
            break;
        case 9:
            rc = thrift_r_i64(r, t, &c->data_page_offset);
            break;
        case 11:
            rc = thrift_r_i64(r, t, &c->dict_page_offset);
            break;
        case 12:
            rc = parse_stats(r, t, &c->stats);
            break;
        default:
            rc = thrift_r_skip(r, t);
        }
        if (rc != 0) return -1;
    }
    const unsigned required = (1u << 1) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 7) | (1u << 9);
    if ((seen & required) != required)
        return thrift_r_fail(r, "column metadata lacks a required field");
    return 0;
}

static int parse_column_chunk(ThriftReader *r, int elem_type, PqChunkMeta *c)
{
    int t;
    int16_t id;
    bool has_meta = false;
    memset(c, 0, sizeof(*c));
    c->dict_page_offset = -1;
    if (thrift_r_elem_struct_begin(r, elem_type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc;
        if (id == 1) {
            c->has_file_path = true;
            rc = thrift_r_skip(r, t);
        } else if (id == 3) {
            has_meta = true;
            rc = parse_column_meta(r, t, c);
        } else {
            rc = thrift_r_skip(r, t);
        }
        if (rc != 0) return -1;
    }
    if (!has_meta) return thrift_r_fail(r, "column chunk without metadata");
    return 0;
}

static int parse_row_group(ThriftReader *r, int elem_type, Arena *arena, PqGroupMeta *g)
{
    int t, et;
    int16_t id;
    bool has_cols = false, has_rows = false;
    memset(g, 0, sizeof(*g));
    if (thrift_r_elem_struct_begin(r, elem_type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc = 0;
        if (id == 1 && !has_cols) {
            has_cols = true;
            rc = thrift_r_list(r, t, &et, &g->ncols);
            for (uint32_t i = 0, cap = 0; rc == 0 && i < g->ncols; i++) {
                g->cols = list_room(arena, g->cols, &cap, i, g->ncols, sizeof(PqChunkMeta));
                rc = parse_column_chunk(r, et, &g->cols[i]);
            }
        } else if (id == 3) {
            has_rows = true;
            rc = thrift_r_i64(r, t, &g->num_rows);
        } else {
            rc = thrift_r_skip(r, t);
        }
        if (rc != 0) return -1;
    }
    if (!has_cols || !has_rows) return thrift_r_fail(r, "row group lacks a required field");
    if (g->num_rows < 0) return thrift_r_fail(r, "negative row count");
    return 0;
}

static int parse_kv(ThriftReader *r, int elem_type, PqFileMeta *m)
{
    int t;
    int16_t id;
    const uint8_t *key = NULL, *val = NULL;
    uint32_t klen = 0, vlen = 0;
    if (thrift_r_elem_struct_begin(r, elem_type) != 0) return -1;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc;
        if (id == 1)
            rc = thrift_r_binary(r, t, &key, &klen);
        else if (id == 2)
            rc = thrift_r_binary(r, t, &val, &vlen);
        else
            rc = thrift_r_skip(r, t);
        if (rc != 0) return -1;
    }
    if (key && val && klen == strlen(PQ_META_TYPES_KEY) &&
        memcmp(key, PQ_META_TYPES_KEY, klen) == 0) {
        m->types_note = val;
        m->types_note_len = vlen;
    }
    return 0;
}

int pq_meta_parse(ThriftReader *r, Arena *arena, PqFileMeta *m)
{
    int t, et;
    int16_t id;
    uint32_t n;
    bool has_schema = false, has_rows = false, has_groups = false;
    memset(m, 0, sizeof(*m));
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc = 0;
        switch (id) {
        case 2:
            if (has_schema) {
                rc = thrift_r_skip(r, t);
                break;
            }
            has_schema = true;
            rc = thrift_r_list(r, t, &et, &m->nschema);
            for (uint32_t i = 0, cap = 0; rc == 0 && i < m->nschema; i++) {
                m->schema = list_room(arena, m->schema, &cap, i, m->nschema, sizeof(PqSchemaMeta));
                rc = parse_schema_element(r, et, &m->schema[i]);
            }
            break;
        case 3:
            has_rows = true;
            rc = thrift_r_i64(r, t, &m->num_rows);
            break;
        case 4:
            if (has_groups) {
                rc = thrift_r_skip(r, t);
                break;
            }
            has_groups = true;
            rc = thrift_r_list(r, t, &et, &m->ngroups);
            for (uint32_t i = 0, cap = 0; rc == 0 && i < m->ngroups; i++) {
                m->groups = list_room(arena, m->groups, &cap, i, m->ngroups, sizeof(PqGroupMeta));
                rc = parse_row_group(r, et, arena, &m->groups[i]);
            }
            break;
        case 5:
            rc = thrift_r_list(r, t, &et, &n);
            for (uint32_t i = 0; rc == 0 && i < n; i++) rc = parse_kv(r, et, m);
            break;
        default:
            rc = thrift_r_skip(r, t);
        }
        if (rc != 0) return -1;
    }
    if (!has_schema || !has_rows || !has_groups)
        return thrift_r_fail(r, "file metadata lacks a required field");
    if (m->num_rows < 0) return thrift_r_fail(r, "negative row count");
    return 0;
}

static int parse_page_sub(ThriftReader *r, int type, int16_t which, PqPageHeader *h)
{
    int t;
    int16_t id;
    if (thrift_r_struct_begin(r, type) != 0) return -1;
    h->has_sub = true;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc = 0;
        int32_t *dst = NULL;
        if (id == 1)
            dst = &h->num_values;
        else if (which == 5 && id == 2)
            dst = &h->encoding;
        else if (which == 5 && id == 3)
            dst = &h->def_encoding;
        else if (which == 7 && id == 2)
            dst = &h->encoding;
        else if (which == 8 && id == 2)
            dst = &h->num_nulls;
        else if (which == 8 && id == 4)
            dst = &h->encoding;
        else if (which == 8 && id == 5)
            dst = &h->def_len;
        else if (which == 8 && id == 6)
            dst = &h->rep_len;
        if (dst)
            rc = thrift_r_i32(r, t, dst);
        else if (which == 8 && id == 7)
            rc = thrift_r_bool(r, t, &h->is_compressed);
        else
            rc = thrift_r_skip(r, t);
        if (rc != 0) return -1;
    }
    return 0;
}

int pq_page_header_parse(ThriftReader *r, PqPageHeader *h)
{
    int t;
    int16_t id;
    memset(h, 0, sizeof(*h));
    h->type = -1;
    h->uncompressed_size = h->compressed_size = -1;
    h->is_compressed = true;
    for (;;) {
        NEXT_FIELD(r, t, id);
        int rc;
        if (id == 1)
            rc = thrift_r_i32(r, t, &h->type);
        else if (id == 2)
            rc = thrift_r_i32(r, t, &h->uncompressed_size);
        else if (id == 3)
            rc = thrift_r_i32(r, t, &h->compressed_size);
        else if ((id == 5 && h->type == PQ_PAGE_DATA) ||
                 (id == 7 && h->type == PQ_PAGE_DICTIONARY) ||
                 (id == 8 && h->type == PQ_PAGE_DATA_V2))
            rc = parse_page_sub(r, t, id, h);
        else
            rc = thrift_r_skip(r, t);
        if (rc != 0) return -1;
    }
    if (h->type < 0 || h->uncompressed_size < 0 || h->compressed_size < 0)
        return thrift_r_fail(r, "page header lacks a required field");
    return 0;
}
