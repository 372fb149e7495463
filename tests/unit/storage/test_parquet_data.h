/*
 * test_parquet_data.h — deterministic test tables for the Parquet tests
 * (tests/unit/storage/test_parquet*.c and tests/tools/parquet_gen.c): one
 * column of every storable type, values generated from the row number with
 * the extremes (NaN payloads, ±Infinity, -0.0, INT_MIN/MAX, ±infinity dates,
 * empty/long/binary strings, 36-digit decimals) among the first rows, and
 * NULLs on a per-column pattern. `extreme = false` leaves out the values other
 * readers cannot represent (infinite dates/timestamps, years beyond 294,000).
 */
#ifndef OMENDB_TEST_PARQUET_DATA_H
#define OMENDB_TEST_PARQUET_DATA_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "storage/parquet.h"

typedef struct PtTable {
    int ncols;
    uint32_t nrows;
    ParquetColumnDef *defs;
    uint8_t **data;   /* per column: nrows slots */
    uint64_t **valid; /* per column: bitmap, bit set = not NULL */
    int *null_every;  /* 0 = no NULLs, 1 = all NULL, k = row % k == col % k */
} PtTable;

/* The column set of the round-trip tests: name, type, nullable, NULL pattern. */
typedef struct PtColumnSpec {
    const char *name;
    OmType type;
    bool nullable;
    int null_every;
} PtColumnSpec;

static const PtColumnSpec pt_all_columns[] = {
    {"c_bool", {TYPE_BOOL, -1}, true, 5},
    {"c_int2", {TYPE_INT2, -1}, true, 6},
    {"c_int4", {TYPE_INT4, -1}, true, 7},
    {"c_int8", {TYPE_INT8, -1}, true, 4},
    {"c_float4", {TYPE_FLOAT4, -1}, true, 5},
    {"c_float8", {TYPE_FLOAT8, -1}, true, 5},
    {"c_num", {TYPE_NUMERIC, -1}, true, 5},
    {"c_num10_2", {TYPE_NUMERIC, ((10 << 16) | 2) + 4}, true, 5},
    {"c_num36_6", {TYPE_NUMERIC, ((36 << 16) | 6) + 4}, true, 5},
    {"c_text", {TYPE_TEXT, -1}, true, 5},
    {"c_varchar", {TYPE_VARCHAR, 20 + 4}, true, 3},
    {"c_bpchar", {TYPE_BPCHAR, 5 + 4}, true, 5},
    {"c_bytea", {TYPE_BYTEA, -1}, true, 5},
    {"c_date", {TYPE_DATE, -1}, true, 5},
    {"c_time", {TYPE_TIME, -1}, true, 5},
    {"c_ts", {TYPE_TIMESTAMP, -1}, true, 5},
    {"c_tstz", {TYPE_TIMESTAMPTZ, -1}, true, 5},
    {"c_interval", {TYPE_INTERVAL, -1}, true, 5},
    {"c_uuid", {TYPE_UUID, -1}, true, 5},
    {"c_oid", {TYPE_OID, -1}, true, 5},
    {"c_allnull", {TYPE_INT4, -1}, true, 1},
    {"c_required", {TYPE_INT8, -1}, false, 0},
};
#define PT_ALL_NCOLS ((int)(sizeof(pt_all_columns) / sizeof(pt_all_columns[0])))

static inline StrView pt_str(Arena *a, const char *s, uint32_t len)
{
    char *copy = arena_alloc(a, len + 1);
    if (len) memcpy(copy, s, len);
    return strview_make(copy, len);
}

/* Fills one slot of `type` for `row`. */
static inline void pt_value(OmType type, uint32_t row, bool extreme, void *slot, Arena *a)
{
    uint32_t k = row % 23;
    switch (type.id) {
    case TYPE_BOOL:
        *(bool *)slot = row % 3 == 0;
        break;
    case TYPE_INT2: {
        static const int16_t sp[] = {INT16_MIN, INT16_MAX, 0, -1};
        *(int16_t *)slot = k < 4 ? sp[k] : (int16_t)(row * 37 - 5000);
        break;
    }
    case TYPE_INT4: {
        static const int32_t sp[] = {INT32_MIN, INT32_MAX, 0, -1};
        *(int32_t *)slot = k < 4 ? sp[k] : (int32_t)(row * 7919) - 1000000;
        break;
    }
    case TYPE_INT8:
    case TYPE_OID: {
        static const int64_t sp[] = {INT64_MIN, INT64_MAX, 0, -1};
        int64_t v = k < 4 ? sp[k] : (int64_t)row * INT64_C(1000003) - INT64_C(99999999);
        if (type.id == TYPE_OID) v = (int64_t)(row * 2654435761u);
        *(int64_t *)slot = v;
        break;
    }
    case TYPE_FLOAT4: {
        float v = (float)row * 0.25f - 100.0f;
        if (k == 0) v = NAN;
        if (k == 1) v = INFINITY;
        if (k == 2) v = -INFINITY;
        if (k == 3) v = -0.0f;
        if (k == 4) v = 3.4028234663852886e38f;
        if (k == 5) v = 1.4e-45f;
        memcpy(slot, &v, 4);
        if (k == 6 && extreme) {
            uint32_t nan_payload = 0xffc01234u; /* negative NaN with a payload */
            memcpy(slot, &nan_payload, 4);
        }
        break;
    }
    case TYPE_FLOAT8: {
        double v = (double)row * 0.125 - 1000.0;
        if (k == 0) v = NAN;
        if (k == 1) v = INFINITY;
        if (k == 2) v = -INFINITY;
        if (k == 3) v = -0.0;
        if (k == 4) v = 1.7976931348623157e308;
        if (k == 5) v = 4.9e-324;
        if (k == 7) v = 0.1;
        memcpy(slot, &v, 8);
        if (k == 6 && extreme) {
            uint64_t nan_payload = UINT64_C(0x7ff8000000abcdef);
            memcpy(slot, &nan_payload, 8);
        }
        break;
    }
    case TYPE_NUMERIC: {
        int p = type.typmod >= 4 ? ((type.typmod - 4) >> 16) : 0;
        int s = type.typmod >= 4 ? ((type.typmod - 4) & 0xffff) : (int)(row % 7);
        __int128 lim = 1;
        for (int i = 0; i < (p && p < 35 ? p : 35); i++) lim *= 10;
        __int128 m = ((__int128)row * 1234567 - 987654321) % lim;
        if (k == 0) m = lim - 1;
        if (k == 1) m = -(lim - 1);
        if (k == 2) m = 0;
        if (k == 3 && !p) m = NUMERIC_NAN_MANT, s = 0; /* NaN: numeric as text */
        if (k == 4 && !p) m = -(NUMERIC_MANT_BOUND - 1), s = 3;
        if (k == 5 && !p) m = -5, s = 30;
        *(OmNumeric *)slot = numeric_make(m, s);
        break;
    }
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_BYTEA: {
        char buf[1100];
        uint32_t len;
        if (type.id == TYPE_VARCHAR) {
            len = (uint32_t)snprintf(buf, sizeof(buf), "v%u", row % 5); /* few distinct */
        } else if (type.id == TYPE_BPCHAR) {
            len = (uint32_t)snprintf(buf, sizeof(buf), "%-5u", row % 1000);
        } else if (type.id == TYPE_BYTEA) {
            len = row % 40;
            for (uint32_t i = 0; i < len; i++) buf[i] = (char)((row * 31 + i * 7) & 0xff);
        } else if (k == 0) {
            len = 0;
        } else if (k == 1) {
            len = 1000;
            for (uint32_t i = 0; i < len; i++) buf[i] = (char)('a' + (row + i) % 26);
        } else if (k == 2) {
            len = (uint32_t)snprintf(buf, sizeof(buf), "twelve bytes");
        } else if (k == 3) {
            len = (uint32_t)snprintf(buf, sizeof(buf), "thirteen byte");
        } else if (k == 4) {
            len = (uint32_t)snprintf(buf, sizeof(buf), "caf\xc3\xa9 \xe2\x82\xac \"q\" \\");
        } else {
            len = (uint32_t)snprintf(buf, sizeof(buf), "row %u: %s", row,
                                     row % 2 ? "odd and a bit longer" : "even");
        }
        *(StrView *)slot = pt_str(a, buf, len);
        break;
    }
    case TYPE_DATE: {
        int32_t v = (int32_t)(row * 37 % 40000) - 20000;
        if (k == 0) v = extreme ? DATE_NEG_INFINITY : -730000; /* ~0001 AD */
        if (k == 1) v = extreme ? DATE_POS_INFINITY : 2900000; /* ~9940 AD */
        if (k == 2) v = 0;
        if (k == 3) v = -10957; /* 1970-01-01 */
        if (k == 4 && extreme) v = INT32_MAX - 10957;
        if (k == 5 && extreme) v = INT32_MIN + 1;
        *(int32_t *)slot = v;
        break;
    }
    case TYPE_TIME: {
        int64_t v = ((int64_t)row * INT64_C(1234567891)) % USECS_PER_DAY;
        if (k == 0) v = 0;
        if (k == 1) v = USECS_PER_DAY - 1;
        *(int64_t *)slot = v;
        break;
    }
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        int64_t v = (int64_t)row * INT64_C(86400123457) - INT64_C(50000000000000);
        if (k == 0) v = extreme ? TS_NEG_INFINITY : INT64_C(-63000000000000000); /* ~3 AD */
        if (k == 1) v = extreme ? TS_POS_INFINITY : INT64_C(250000000000000000); /* ~9900 */
        if (k == 2) v = 0;
        if (k == 3) v = INT64_C(-946684800000000); /* 1970-01-01 */
        if (k == 4 && extreme) v = INT64_MAX - INT64_C(946684800000000);
        if (k == 5 && extreme) v = INT64_MIN + 1;
        if (k == 6 && extreme) v = INT64_C(9223371331200000000) - 1;
        *(int64_t *)slot = v;
        break;
    }
    case TYPE_INTERVAL: {
        OmInterval iv = {(int64_t)row * 1000001 - 7, (int32_t)(row % 400) - 200,
                         (int32_t)(row % 30) - 15};
        if (k == 0) iv = (OmInterval){INT64_MIN, INT32_MIN, INT32_MIN};
        if (k == 1) iv = (OmInterval){INT64_MAX, INT32_MAX, INT32_MAX};
        *(OmInterval *)slot = iv;
        break;
    }
    case TYPE_UUID: {
        OmUuid u;
        for (int i = 0; i < 16; i++) u.b[i] = (uint8_t)(row * 13 + (uint32_t)i * 29);
        if (k == 0) memset(u.b, 0, 16);
        if (k == 1) memset(u.b, 0xff, 16);
        *(OmUuid *)slot = u;
        break;
    }
    default:
        memset(slot, 0, type_info(type.id)->width);
    }
}

static inline bool pt_is_null(const PtTable *t, int col, uint32_t row)
{
    int e = t->null_every[col];
    return e == 1 || (e > 1 && row % (uint32_t)e == (uint32_t)col % (uint32_t)e);
}

/* Builds a table of `nrows` rows over the given columns; memory in `a`. */
static inline PtTable *pt_table_create(Arena *a, const PtColumnSpec *cols, int ncols,
                                       uint32_t nrows, bool extreme)
{
    PtTable *t = ARENA_NEW(a, PtTable);
    t->ncols = ncols;
    t->nrows = nrows;
    t->defs = ARENA_NEW_ARRAY(a, ParquetColumnDef, ncols);
    t->data = ARENA_NEW_ARRAY(a, uint8_t *, ncols);
    t->valid = ARENA_NEW_ARRAY(a, uint64_t *, ncols);
    t->null_every = ARENA_NEW_ARRAY(a, int, ncols);
    for (int c = 0; c < ncols; c++) {
        t->defs[c] = (ParquetColumnDef){cols[c].name, cols[c].type, cols[c].nullable};
        t->null_every[c] = cols[c].null_every;
        size_t w = type_info(cols[c].type.id)->width;
        t->data[c] = arena_zalloc(a, w * nrows + 16);
        t->valid[c] = arena_zalloc(a, (nrows / 64 + 1) * 8);
        for (uint32_t r = 0; r < nrows; r++) {
            if (pt_is_null(t, c, r)) continue;
            t->valid[c][r / 64] |= UINT64_C(1) << (r % 64);
            pt_value(cols[c].type, r, extreme, t->data[c] + w * r, a);
        }
    }
    return t;
}

/* Writes the table in batches of `batch` rows (a multiple of 64). */
static inline int pt_table_write(const PtTable *t, const char *path,
                                 const ParquetWriteOptions *opts, uint32_t batch, OmError *err)
{
    ParquetWriter *w = parquet_writer_open(path, t->ncols, t->defs, opts, err);
    if (!w) return -1;
    StorageVectorRef *refs = calloc((size_t)t->ncols, sizeof(*refs));
    for (uint32_t r = 0; r < t->nrows; r += batch) {
        uint32_t n = t->nrows - r < batch ? t->nrows - r : batch;
        for (int c = 0; c < t->ncols; c++) {
            size_t wd = type_info(t->defs[c].type.id)->width;
            refs[c].data = t->data[c] + wd * r;
            refs[c].validity = t->defs[c].nullable ? t->valid[c] + r / 64 : NULL;
            refs[c].count = n;
        }
        if (parquet_writer_append(w, refs, n, err) != 0) {
            free(refs);
            parquet_writer_abort(w);
            return -1;
        }
    }
    free(refs);
    return parquet_writer_close(w, err);
}

#endif
