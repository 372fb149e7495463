/*
 * parquet_int.h — private declarations shared by the parquet_*.c files:
 * Parquet enum numbers, a growable byte buffer, the Thrift compact protocol
 * writer/reader, level/bit-packing codecs, page compression, the OmType ↔
 * Parquet column mapping and the parsed footer.
 *
 * File layout written (all integers little-endian):
 *   "PAR1"
 *   per row group, per column chunk:
 *     [dictionary page: PageHeader (Thrift) + PLAIN dictionary values]
 *     data pages: PageHeader (Thrift) + body; body (v1) =
 *       [4-byte length + RLE/bit-packed def levels, bit width 1]  (OPTIONAL only)
 *       PLAIN values of the non-NULL rows, or
 *       1 byte bit width + RLE/bit-packed dictionary indices
 *     the whole body is compressed by the chunk's codec
 *   FileMetaData (Thrift compact)
 *   4-byte footer length, "PAR1"
 */
#ifndef OMENDB_STORAGE_PARQUET_INT_H
#define OMENDB_STORAGE_PARQUET_INT_H

#include <stddef.h>
#include <stdint.h>

#include "storage/parquet.h"

/* Physical types (parquet.thrift Type). */
enum {
    PQ_BOOLEAN = 0,
    PQ_INT32 = 1,
    PQ_INT64 = 2,
    PQ_INT96 = 3,
    PQ_FLOAT = 4,
    PQ_DOUBLE = 5,
    PQ_BYTE_ARRAY = 6,
    PQ_FLBA = 7,
};
/* ConvertedType numbers used. */
enum {
    PQ_CT_UTF8 = 0,
    PQ_CT_DECIMAL = 5,
    PQ_CT_DATE = 6,
    PQ_CT_TIME_MILLIS = 7,
    PQ_CT_TIME_MICROS = 8,
    PQ_CT_TIMESTAMP_MILLIS = 9,
    PQ_CT_TIMESTAMP_MICROS = 10,
    PQ_CT_INT_8 = 15,
    PQ_CT_INT_16 = 16,
    PQ_CT_INT_32 = 17,
    PQ_CT_INT_64 = 18,
};
/* LogicalType union field ids. */
enum {
    PQ_LT_NONE = 0,
    PQ_LT_STRING = 1,
    PQ_LT_DECIMAL = 5,
    PQ_LT_DATE = 6,
    PQ_LT_TIME = 7,
    PQ_LT_TIMESTAMP = 8,
    PQ_LT_INTEGER = 10,
    PQ_LT_UUID = 14,
};
/* TimeUnit union field ids. */
enum { PQ_UNIT_MILLIS = 1, PQ_UNIT_MICROS = 2, PQ_UNIT_NANOS = 3 };
/* Encodings and page types. */
enum {
    PQ_ENC_PLAIN = 0,
    PQ_ENC_PLAIN_DICTIONARY = 2,
    PQ_ENC_RLE = 3,
    PQ_ENC_BIT_PACKED = 4,
    PQ_ENC_RLE_DICTIONARY = 8,
};
enum {
    PQ_PAGE_DATA = 0,
    PQ_PAGE_INDEX = 1,
    PQ_PAGE_DICTIONARY = 2,
    PQ_PAGE_DATA_V2 = 3,
};
enum { PQ_REP_REQUIRED = 0, PQ_REP_OPTIONAL = 1, PQ_REP_REPEATED = 2 };

#define PQ_MAGIC           "PAR1"
#define PQ_META_TYPES_KEY  "omendb.types"
#define PQ_MAX_PAGE_BYTES  (1u << 28) /* reader's sanity limit for one page */
#define PQ_MAX_GROUP_ROWS  (1u << 24) /* rows of one row group, reader and writer */
#define PQ_THRIFT_MAXDEPTH 32

/* ---- growable byte buffer (malloc; sticky out-of-memory flag) ---- */

typedef struct PqBuf {
    uint8_t *data;
    size_t len;
    size_t cap;
    bool oom; /* an allocation failed; contents are incomplete */
} PqBuf;

void pq_buf_free(PqBuf *b);
/* Makes room for `more` bytes; returns a pointer to them or NULL (sets oom). */
uint8_t *pq_buf_reserve(PqBuf *b, size_t more);
void pq_buf_put(PqBuf *b, const void *src, size_t n);
void pq_buf_u8(PqBuf *b, uint8_t v);
void pq_buf_u32le(PqBuf *b, uint32_t v);
void pq_buf_varint(PqBuf *b, uint64_t v);

static inline uint32_t pq_get_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static inline uint64_t pq_get_u64le(const uint8_t *p)
{
    return (uint64_t)pq_get_u32le(p) | ((uint64_t)pq_get_u32le(p + 4) << 32);
}
static inline void pq_put_u32le(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void pq_put_u64le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- Thrift compact protocol (parquet_thrift.c) ---- */

enum {
    TC_STOP = 0,
    TC_TRUE = 1,
    TC_FALSE = 2,
    TC_BYTE = 3,
    TC_I16 = 4,
    TC_I32 = 5,
    TC_I64 = 6,
    TC_DOUBLE = 7,
    TC_BINARY = 8,
    TC_LIST = 9,
    TC_SET = 10,
    TC_MAP = 11,
    TC_STRUCT = 12,
};

typedef struct ThriftWriter {
    PqBuf *out;
    int depth;
    int16_t last_id[PQ_THRIFT_MAXDEPTH];
} ThriftWriter;

void thrift_w_init(ThriftWriter *w, PqBuf *out); /* begins the top-level struct */
void thrift_w_i32(ThriftWriter *w, int16_t id, int32_t v);
void thrift_w_i64(ThriftWriter *w, int16_t id, int64_t v);
void thrift_w_i8(ThriftWriter *w, int16_t id, int8_t v);
void thrift_w_bool(ThriftWriter *w, int16_t id, bool v);
void thrift_w_binary(ThriftWriter *w, int16_t id, const void *p, size_t n);
void thrift_w_string(ThriftWriter *w, int16_t id, const char *s);
void thrift_w_struct_begin(ThriftWriter *w, int16_t id);
void thrift_w_struct_end(ThriftWriter *w); /* also ends the top-level struct */
/* A list field of n elements; then write n elements with thrift_w_elem_*
 * (structs: thrift_w_elem_struct_begin ... thrift_w_struct_end). */
void thrift_w_list_begin(ThriftWriter *w, int16_t id, int elem_type, uint32_t n);
void thrift_w_elem_i32(ThriftWriter *w, int32_t v);
void thrift_w_elem_string(ThriftWriter *w, const char *s);
void thrift_w_elem_struct_begin(ThriftWriter *w);

/* Reader over [base, end). Errors name `path` and the file offset
 * (base_off + position). All functions return 0 or -1 (XX001 set). */
typedef struct ThriftReader {
    const uint8_t *base;
    const uint8_t *p;
    const uint8_t *end;
    uint64_t base_off;
    const char *path;
    OmError *err;
    int depth;
    int16_t last_id[PQ_THRIFT_MAXDEPTH];
} ThriftReader;

void thrift_r_init(ThriftReader *r, const uint8_t *buf, size_t len, uint64_t base_off,
                   const char *path, OmError *err);
/* Reports corruption at the reader's position: always returns -1. */
int thrift_r_fail(ThriftReader *r, const char *what);
/* Next field of the current struct: *type = TC_STOP at the end of the struct
 * (and the struct is left). */
int thrift_r_field(ThriftReader *r, int *type, int16_t *id);
int thrift_r_i32(ThriftReader *r, int type, int32_t *v); /* accepts byte/i16/i32 */
int thrift_r_i64(ThriftReader *r, int type, int64_t *v); /* accepts any integer */
int thrift_r_bool(ThriftReader *r, int type, bool *v);   /* field header types */
int thrift_r_binary(ThriftReader *r, int type, const uint8_t **p, uint32_t *n);
/* Enters a struct-typed field (its fields follow thrift_r_field). */
int thrift_r_struct_begin(ThriftReader *r, int type);
/* A list header: checks n against the remaining bytes. */
int thrift_r_list(ThriftReader *r, int type, int *elem_type, uint32_t *n);
/* List elements (no field header). */
int thrift_r_elem_struct_begin(ThriftReader *r, int elem_type);
int thrift_r_skip(ThriftReader *r, int type);
/* Current file offset of the reader. */
uint64_t thrift_r_offset(const ThriftReader *r);

/* ---- levels and bit packing (parquet_encode.c), compression (parquet_codec.c) ---- */

/* Appends the RLE/bit-packed hybrid encoding of vals[0..n) (each < 2^bit_width,
 * bit_width 0..32), without a length prefix. */
void pq_rle_encode(PqBuf *out, const uint32_t *vals, uint32_t n, int bit_width);
/* Decodes exactly n values from [p, p+len) into vals; each must be <= max_val.
 * Returns 0, or -1 with *what set to a description of the damage. */
int pq_rle_decode(const uint8_t *p, size_t len, int bit_width, uint32_t *vals, uint32_t n,
                  uint32_t max_val, const char **what);
/* Smallest bit width holding v. */
int pq_bit_width(uint32_t v);
/* Packs booleans (one byte 0/1 each) LSB first. */
void pq_bool_pack(PqBuf *out, const uint8_t *vals, uint32_t n);

/* Compresses src into out (appended). Returns 0 or -1 (53200 / XX000). */
int pq_compress(ParquetCodec codec, int level, const uint8_t *src, size_t n, PqBuf *out,
                OmError *err);
/* Checks, before any allocation, that a compressed page can expand to out_len
 * bytes: the size its frame declares, where the codec records one, and the
 * codec's largest expansion of n bytes. Returns 0 = ok, -1 = damaged, -2 =
 * unsupported codec. */
int pq_decompress_check(int codec, const uint8_t *src, size_t n, size_t out_len);
/* Decompresses exactly `out_len` bytes. Returns 0, -1 with *what (damage), or -2
 * for an unsupported codec. */
int pq_decompress(int codec, const uint8_t *src, size_t n, uint8_t *out, size_t out_len,
                  const char **what);

/* ---- column mapping and values (parquet_types.c) ---- */

/* How a slot becomes a Parquet value. */
typedef enum PqKind {
    PQ_K_BOOL,
    PQ_K_I16, /* int16 slot, INT32 value */
    PQ_K_I32, /* int32 slot, INT32 value */
    PQ_K_I64, /* int64 slot, INT64 value (int8, oid, time) */
    PQ_K_F32,
    PQ_K_F64,
    PQ_K_DATE,     /* int32 days since 2000 → days since 1970 */
    PQ_K_TS,       /* int64 µs since 2000 → µs since 1970 */
    PQ_K_DEC32,    /* OmNumeric from an INT32 DECIMAL (other writers; read only) */
    PQ_K_DEC64,    /* OmNumeric, DECIMAL(p<=18, s) as INT64 */
    PQ_K_DEC128,   /* OmNumeric, DECIMAL(p<=38, s) as FLBA(16) big-endian */
    PQ_K_NUMTEXT,  /* OmNumeric without usable typmod as a decimal string */
    PQ_K_STRING,   /* StrView as BYTE_ARRAY */
    PQ_K_INTERVAL, /* OmInterval as FLBA(16): micros, days, months (LE) */
    PQ_K_UUID,     /* OmUuid as FLBA(16) */
} PqKind;

/* Order of statistics (Parquet's type-defined order for the column). */
typedef enum PqOrder {
    PQ_ORD_NONE, /* no min/max */
    PQ_ORD_BOOL,
    PQ_ORD_I32,
    PQ_ORD_I64,
    PQ_ORD_F32,
    PQ_ORD_F64,
    PQ_ORD_BYTES,     /* unsigned lexicographic */
    PQ_ORD_SIGNED_BE, /* two's complement big-endian (DECIMAL FLBA) */
} PqOrder;

typedef struct PqColumnSpec {
    OmType type;
    bool nullable;
    PqKind kind;
    PqOrder order;
    int physical;
    int type_length; /* FLBA bytes, else 0 */
    int width;       /* bytes of one PLAIN value, 0 for BYTE_ARRAY */
    int converted;   /* -1 = none */
    int logical;     /* PQ_LT_* */
    int precision;   /* DECIMAL */
    int scale;
    bool utc;       /* TIME/TIMESTAMP isAdjustedToUTC */
    int int_bits;   /* INTEGER bitWidth */
    int slot_width; /* bytes of one storage slot */
} PqColumnSpec;

/* Maps an OmenDB type to a Parquet column. Returns 0 or -1 (0A000). */
int pq_spec_from_type(OmType type, bool nullable, PqColumnSpec *spec, OmError *err);
/* Appends the PLAIN encoding of one slot (BYTE_ARRAY with its 4-byte length).
 * Returns 0 or -1 (22003 / 22008 for values the column cannot hold). */
int pq_value_encode(const PqColumnSpec *spec, const void *slot, PqBuf *out, OmError *err);
/* Decodes one value (byte arrays without their length prefix) into a slot;
 * strings longer than 12 bytes are copied into `arena` (or, when arena is NULL,
 * point at `p`). Returns 0, or -1 with *what describing the damage. */
int pq_value_decode(const PqColumnSpec *spec, const uint8_t *p, uint32_t n, void *slot,
                    Arena *arena, const char **what);
/* Compares two encoded values (no length prefix) in the column's stats order. */
int pq_value_compare(const PqColumnSpec *spec, const uint8_t *a, uint32_t an, const uint8_t *b,
                     uint32_t bn);
/* True if the value takes no part in min/max (NaN). */
bool pq_value_skip_stats(const PqColumnSpec *spec, const uint8_t *p);
/* The column of a file's leaf schema element: the type noted by OmenDB (or,
 * when noted is NULL, one inferred from the annotations), checked against the
 * physical type. Returns 0, or -1 with *what (damage or unsupported). */
typedef struct PqSchemaMeta PqSchemaMeta;
int pq_spec_from_file(const PqSchemaMeta *e, const OmType *noted, PqColumnSpec *spec,
                      const char **what);

/* ---- footer (parquet_meta.c) ---- */

typedef struct PqStatsMeta {
    bool has_null_count;
    int64_t null_count;
    bool has_nan_count;
    int64_t nan_count;
    const uint8_t *min; /* min_value (or legacy min when the order is signed) */
    const uint8_t *max;
    uint32_t min_len;
    uint32_t max_len;
} PqStatsMeta;

typedef struct PqChunkMeta {
    int32_t type;
    int32_t codec;
    int64_t num_values;
    int64_t total_compressed;
    int64_t data_page_offset;
    int64_t dict_page_offset; /* -1 = none */
    uint32_t path_len;        /* elements of path_in_schema */
    const uint8_t *path0;     /* first element */
    uint32_t path0_len;
    bool has_file_path;
    PqStatsMeta stats;
} PqChunkMeta;

typedef struct PqGroupMeta {
    int64_t num_rows;
    uint32_t ncols;
    PqChunkMeta *cols;
} PqGroupMeta;

struct PqSchemaMeta {
    bool has_type;
    int32_t type;
    int32_t type_length;
    int32_t repetition; /* -1 = absent */
    const uint8_t *name;
    uint32_t name_len;
    int32_t num_children; /* -1 = absent */
    int32_t converted;    /* -1 = absent */
    int32_t scale;
    int32_t precision;
    int logical; /* PQ_LT_*, or -1 for another annotation we do not read */
    bool lt_utc;
    int lt_unit;
    int lt_bits;
    bool lt_signed;
    int32_t lt_scale;
    int32_t lt_precision;
};

typedef struct PqFileMeta {
    int64_t num_rows;
    uint32_t nschema;
    PqSchemaMeta *schema;
    uint32_t ngroups;
    PqGroupMeta *groups;
    const uint8_t *types_note; /* value of "omendb.types", or NULL */
    uint32_t types_note_len;
} PqFileMeta;

/* Parses FileMetaData from buf (arrays in `arena`, byte pointers into buf). */
int pq_meta_parse(ThriftReader *r, Arena *arena, PqFileMeta *out);

typedef struct PqPageHeader {
    int32_t type;
    int32_t uncompressed_size;
    int32_t compressed_size;
    int32_t num_values;
    int32_t encoding;
    int32_t def_encoding; /* v1 */
    int32_t num_nulls;    /* v2 */
    int32_t def_len;      /* v2: bytes of definition levels */
    int32_t rep_len;      /* v2: bytes of repetition levels */
    bool is_compressed;   /* v2 */
    bool has_sub;         /* the header for `type` was present */
} PqPageHeader;

/* Parses one PageHeader. */
int pq_page_header_parse(ThriftReader *r, PqPageHeader *out);

#endif
