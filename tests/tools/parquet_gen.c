/*
 * parquet_gen.c — writes Parquet files with OmenDB's writer for the DuckDB
 * interoperability test (tests/parquet/run_duckdb_read.sh), plus the values a
 * reader must see, as JSON.
 *
 * Usage: parquet_gen OUTDIR
 *        parquet_gen --dump FILE   reads FILE with OmenDB's reader and prints
 *                                  {"columns": [{"name", "type"}], "rows": [[...]]}
 *                                  with values as in expected.json; on error
 *                                  prints "SQLSTATE message" to stderr, exit 3
 *   OUTDIR/zstd_auto.parquet      zstd, dictionary where it pays, 3 row groups
 *   OUTDIR/snappy_dict.parquet    snappy, dictionary for every column
 *   OUTDIR/plain_none.parquet     uncompressed, PLAIN only
 *   OUTDIR/expected.json          {"files": [...], "columns": [{"name", "type",
 *                                  "expr"}], "rows": [[text|null, ...]],
 *                                  "stats": [{"column", "row_group", "min",
 *                                  "max", "nulls"}]}
 * Each column's "expr" is the DuckDB SQL (with {c} for the quoted column)
 * that renders a value as the text in "rows"; "type" is the DuckDB type name
 * DESCRIBE must show.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "unit/storage/test_parquet_data.h"

#define GEN_ROWS       2500
#define GEN_GROUP_ROWS 1000

static void json_str(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

static size_t numeric_text(OmNumeric v, char *buf)
{
    if (numeric_is_special(v)) { /* stored as text: "NaN", "Infinity", "-Infinity" */
        const char *w = numeric_is_nan(v)         ? "NaN"
                        : numeric_inf_sign(v) > 0 ? "Infinity"
                                                  : "-Infinity";
        memcpy(buf, w, strlen(w) + 1);
        return strlen(w);
    }
    __int128 m = numeric_mantissa(v);
    int scale = numeric_scale(v);
    unsigned __int128 a = m < 0 ? -(unsigned __int128)m : (unsigned __int128)m;
    char digits[300];
    int nd = 0;
    do {
        digits[nd++] = (char)('0' + (int)(a % 10));
        a /= 10;
    } while (a);
    while (nd <= scale) digits[nd++] = '0';
    size_t len = 0;
    if (m < 0) buf[len++] = '-';
    for (int i = nd - 1; i >= 0; i--) {
        buf[len++] = digits[i];
        if (i == scale && scale > 0) buf[len++] = '.';
    }
    buf[len] = 0;
    return len;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02X", p[i]);
    out[2 * n] = 0;
}

/* DuckDB type name and rendering expression of a column. */
static void duck_type(OmType t, const char **type, const char **expr)
{
    static char dec[32];
    *expr = "CAST({c} AS VARCHAR)";
    switch (t.id) {
    case TYPE_BOOL:
        *type = "BOOLEAN";
        break;
    case TYPE_INT2:
        *type = "SMALLINT";
        break;
    case TYPE_INT4:
        *type = "INTEGER";
        break;
    case TYPE_INT8:
    case TYPE_OID:
        *type = "BIGINT";
        break;
    case TYPE_FLOAT4:
        *type = "FLOAT";
        *expr = "format('{:.17g}', CAST({c} AS DOUBLE))";
        break;
    case TYPE_FLOAT8:
        *type = "DOUBLE";
        *expr = "format('{:.17g}', {c})";
        break;
    case TYPE_NUMERIC:
        if (t.typmod < 0) {
            *type = "VARCHAR";
        } else {
            snprintf(dec, sizeof(dec), "DECIMAL(%d,%d)", (t.typmod - 4) >> 16,
                     (t.typmod - 4) & 0xffff);
            *type = dec;
        }
        break;
    case TYPE_BYTEA:
    case TYPE_INTERVAL:
        *type = "BLOB";
        *expr = "hex({c})";
        break;
    case TYPE_DATE:
        *type = "DATE";
        *expr = "CAST({c} - DATE '1970-01-01' AS VARCHAR)";
        break;
    case TYPE_TIME:
        *type = "TIME";
        *expr = "CAST((extract(hour FROM {c}) * 3600 + extract(minute FROM {c}) * 60) * "
                "1000000 + extract(microseconds FROM {c}) AS VARCHAR)";
        break;
    case TYPE_TIMESTAMP:
        *type = "TIMESTAMP";
        *expr = "CAST(epoch_us({c}) AS VARCHAR)";
        break;
    case TYPE_TIMESTAMPTZ:
        *type = "TIMESTAMP WITH TIME ZONE";
        *expr = "CAST(epoch_us({c}) AS VARCHAR)";
        break;
    case TYPE_UUID:
        *type = "UUID";
        break;
    default:
        *type = "VARCHAR";
    }
}

/* The text DuckDB's expression yields for one value. */
static void value_text(OmType t, const uint8_t *slot, FILE *f)
{
    char buf[2200];
    switch (t.id) {
    case TYPE_BOOL:
        fprintf(f, "\"%s\"", *(const bool *)slot ? "true" : "false");
        return;
    case TYPE_INT2:
        fprintf(f, "\"%d\"", *(const int16_t *)slot);
        return;
    case TYPE_INT4:
        fprintf(f, "\"%d\"", *(const int32_t *)slot);
        return;
    case TYPE_INT8:
    case TYPE_OID:
        fprintf(f, "\"%" PRId64 "\"", *(const int64_t *)slot);
        return;
    case TYPE_FLOAT4:
        fprintf(f, "\"%.17g\"", (double)*(const float *)slot);
        return;
    case TYPE_FLOAT8:
        fprintf(f, "\"%.17g\"", *(const double *)slot);
        return;
    case TYPE_NUMERIC:
        numeric_text(*(const OmNumeric *)slot, buf);
        fprintf(f, "\"%s\"", buf);
        return;
    case TYPE_BYTEA: {
        const StrView *s = (const StrView *)slot;
        hex((const uint8_t *)strview_data(s), s->len, buf);
        fprintf(f, "\"%s\"", buf);
        return;
    }
    case TYPE_INTERVAL: {
        const OmInterval *iv = (const OmInterval *)slot;
        uint8_t b[16];
        for (int i = 0; i < 8; i++) b[i] = (uint8_t)((uint64_t)iv->micros >> (8 * i));
        for (int i = 0; i < 4; i++) {
            b[8 + i] = (uint8_t)((uint32_t)iv->days >> (8 * i));
            b[12 + i] = (uint8_t)((uint32_t)iv->months >> (8 * i));
        }
        hex(b, 16, buf);
        fprintf(f, "\"%s\"", buf);
        return;
    }
    case TYPE_DATE:
        fprintf(f, "\"%" PRId64 "\"", (int64_t) * (const int32_t *)slot + 10957);
        return;
    case TYPE_TIME:
        fprintf(f, "\"%" PRId64 "\"", *(const int64_t *)slot);
        return;
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        fprintf(f, "\"%" PRId64 "\"", *(const int64_t *)slot + INT64_C(946684800000000));
        return;
    case TYPE_UUID: {
        const uint8_t *u = slot;
        int n = 0;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) buf[n++] = '-';
            n += sprintf(buf + n, "%02x", u[i]);
        }
        fprintf(f, "\"%s\"", buf);
        return;
    }
    default: {
        const StrView *s = (const StrView *)slot;
        json_str(f, strview_data(s), s->len);
    }
    }
}

static int write_file(const PtTable *t, const char *dir, const char *name, ParquetCodec codec,
                      ParquetDictMode dict)
{
    char path[1024];
    ParquetWriteOptions opts;
    OmError err;
    error_clear(&err);
    parquet_write_options_init(&opts);
    opts.codec = codec;
    opts.dict_mode = dict;
    opts.row_group_rows = GEN_GROUP_ROWS;
    opts.page_rows = 400;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (pt_table_write(t, path, &opts, 2048, &err) != 0) {
        fprintf(stderr, "parquet_gen: %s: %s\n", path, err.message);
        return -1;
    }
    return 0;
}

/* Expected min/max/null count of an integer or text column per row group. */
static void write_stats(FILE *f, const PtTable *t, int col, bool *first)
{
    TypeId id = t->defs[col].type.id;
    size_t w = type_info(id)->width;
    for (uint32_t g = 0; g * GEN_GROUP_ROWS < t->nrows; g++) {
        uint32_t lo = g * GEN_GROUP_ROWS;
        uint32_t hi = lo + GEN_GROUP_ROWS < t->nrows ? lo + GEN_GROUP_ROWS : t->nrows;
        int64_t nulls = 0, mn = 0, mx = 0;
        const uint8_t *smn = NULL, *smx = NULL;
        bool any = false;
        for (uint32_t r = lo; r < hi; r++) {
            if (pt_is_null(t, col, r)) {
                nulls++;
                continue;
            }
            const uint8_t *slot = t->data[col] + w * r;
            if (id == TYPE_TEXT) {
                const StrView *s = (const StrView *)slot;
                if (!smn || strview_cmp(s, (const StrView *)smn) < 0) smn = slot;
                if (!smx || strview_cmp(s, (const StrView *)smx) > 0) smx = slot;
                any = true;
                continue;
            }
            int64_t v = id == TYPE_INT4 ? *(const int32_t *)slot : *(const int64_t *)slot;
            if (!any || v < mn) mn = v;
            if (!any || v > mx) mx = v;
            any = true;
        }
        fprintf(f, "%s\n  {\"column\": \"%s\", \"row_group\": %u, \"nulls\": %" PRId64,
                *first ? "" : ",", t->defs[col].name, g, nulls);
        *first = false;
        if (any && id == TYPE_TEXT) {
            fprintf(f, ", \"min\": ");
            value_text(t->defs[col].type, smn, f);
            fprintf(f, ", \"max\": ");
            value_text(t->defs[col].type, smx, f);
        } else if (any) {
            fprintf(f, ", \"min\": \"%" PRId64 "\", \"max\": \"%" PRId64 "\"", mn, mx);
        }
        fprintf(f, "}");
    }
}

/* Prints a file as read by our reader (the foreign-file half of the test). */
static int dump(const char *path)
{
    OmError err;
    error_clear(&err);
    ParquetReader *r = parquet_reader_open(path, &err);
    if (!r) {
        fprintf(stderr, "%s %s\n", err.sqlstate, err.message);
        return 3;
    }
    int ncols = parquet_reader_ncols(r);
    printf("{\"columns\": [");
    for (int c = 0; c < ncols; c++) {
        const ParquetColumnDef *d = parquet_reader_column(r, c);
        char tname[64];
        type_format(d->type, tname, sizeof(tname));
        printf("%s{\"name\": ", c ? ", " : "");
        json_str(stdout, d->name, strlen(d->name));
        printf(", \"type\": \"%s\"}", tname);
    }
    printf("],\n\"rows\": [");
    Arena *a = arena_create(NULL, "dump");
    void **data = calloc((size_t)ncols, sizeof(void *));
    uint64_t **valid = calloc((size_t)ncols, sizeof(uint64_t *));
    bool first = true;
    for (uint32_t g = 0; g < parquet_reader_group_count(r); g++) {
        for (int c = 0; c < ncols; c++) {
            if (parquet_reader_read_column(r, g, c, a, &data[c], &valid[c], &err) != 0) {
                fprintf(stderr, "%s %s\n", err.sqlstate, err.message);
                return 3;
            }
        }
        for (uint64_t i = 0; i < parquet_reader_group_rows(r, g); i++) {
            printf("%s\n[", first ? "" : ",");
            first = false;
            for (int c = 0; c < ncols; c++) {
                OmType t = parquet_reader_column(r, c)->type;
                if (c) putchar(',');
                if (valid[c] && !((valid[c][i / 64] >> (i % 64)) & 1))
                    printf("null");
                else
                    value_text(t, (const uint8_t *)data[c] + type_info(t.id)->width * i, stdout);
            }
            putchar(']');
        }
        arena_reset(a);
    }
    printf("]}\n");
    free(data);
    free(valid);
    arena_destroy(a);
    parquet_reader_close(r);
    return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--dump") == 0) return dump(argv[2]);
    if (argc != 2) {
        fprintf(stderr, "usage: parquet_gen OUTDIR | parquet_gen --dump FILE\n");
        return 2;
    }
    const char *dir = argv[1];
    Arena *a = arena_create(NULL, "parquet_gen");
    PtTable *t = pt_table_create(a, pt_all_columns, PT_ALL_NCOLS, GEN_ROWS, false);
    if (write_file(t, dir, "zstd_auto.parquet", PARQUET_CODEC_ZSTD, PARQUET_DICT_AUTO) != 0 ||
        write_file(t, dir, "snappy_dict.parquet", PARQUET_CODEC_SNAPPY, PARQUET_DICT_ALWAYS) != 0 ||
        write_file(t, dir, "plain_none.parquet", PARQUET_CODEC_NONE, PARQUET_DICT_NEVER) != 0)
        return 1;
    char path[1024];
    snprintf(path, sizeof(path), "%s/expected.json", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fprintf(f, "{\"files\": [{\"name\": \"zstd_auto.parquet\", \"compression\": \"ZSTD\"}, "
               "{\"name\": \"snappy_dict.parquet\", \"compression\": \"SNAPPY\"}, "
               "{\"name\": \"plain_none.parquet\", \"compression\": \"UNCOMPRESSED\"}],\n");
    fprintf(f, "\"row_groups\": %u,\n\"columns\": [",
            (GEN_ROWS + GEN_GROUP_ROWS - 1) / GEN_GROUP_ROWS);
    for (int c = 0; c < t->ncols; c++) {
        const char *type, *expr;
        duck_type(t->defs[c].type, &type, &expr);
        fprintf(f, "%s\n  {\"name\": \"%s\", \"type\": \"%s\", \"expr\": ", c ? "," : "",
                t->defs[c].name, type);
        json_str(f, expr, strlen(expr));
        fprintf(f, "}");
    }
    fprintf(f, "],\n\"rows\": [");
    for (uint32_t r = 0; r < t->nrows; r++) {
        fprintf(f, "%s\n  [", r ? "," : "");
        for (int c = 0; c < t->ncols; c++) {
            if (c) fputc(',', f);
            if (pt_is_null(t, c, r))
                fprintf(f, "null");
            else
                value_text(t->defs[c].type, t->data[c] + type_info(t->defs[c].type.id)->width * r,
                           f);
        }
        fputc(']', f);
    }
    fprintf(f, "],\n\"stats\": [");
    bool first = true;
    for (int c = 0; c < t->ncols; c++) {
        const char *n = t->defs[c].name;
        if (!strcmp(n, "c_int4") || !strcmp(n, "c_int8") || !strcmp(n, "c_text") ||
            !strcmp(n, "c_allnull"))
            write_stats(f, t, c, &first);
    }
    fprintf(f, "]}\n");
    if (fclose(f) != 0) {
        perror(path);
        return 1;
    }
    arena_destroy(a);
    return 0;
}
