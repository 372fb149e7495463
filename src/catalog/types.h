/*
 * types.h — SQL types: PostgreSQL OIDs, type modifiers, and the physical
 * representation of each type's values in vectors, segments and constants.
 *
 * Physical layout per TypeId (one fixed-width slot per value):
 *   BOOL         uint8_t (0 or 1)
 *   INT2/4/8     int16_t / int32_t / int64_t
 *   FLOAT4/8     float / double
 *   NUMERIC      OmNumeric: signed 120-bit mantissa and 8-bit scale packed in a
 *                128-bit integer (value = mantissa / 10^scale). Scale is per value,
 *                as in PostgreSQL, so 1.5 and 1.50 print differently but compare
 *                equal. |mantissa| < NUMERIC_MANT_BOUND (2^119 - 8: 35 digits,
 *                most 36-digit values); beyond is 22003. NaN and +-Infinity are
 *                reserved mantissas above the bound (see below).
 *   TEXT/VARCHAR/BPCHAR/BYTEA/UNKNOWN
 *                StrView (16 bytes): length, 4-byte prefix, and either the
 *                remaining bytes inline (len <= 12) or a pointer to bytes owned by
 *                the vector's or segment's heap.
 *   DATE         int32_t days since 2000-01-01 (PostgreSQL's epoch)
 *   TIME         int64_t microseconds since midnight
 *   TIMESTAMP(TZ) int64_t microseconds since 2000-01-01 00:00:00 (UTC for TZ)
 *   INTERVAL     OmInterval {int64 micros; int32 days; int32 months}
 *   UUID         16 raw bytes
 *   JSON/JSONB/INET/CIDR/arrays/RECORD
 *                StrView over bytes of the type's own form (see below)
 * DATE and TIMESTAMP use INT32_MIN/INT64_MIN and MAX for -infinity/infinity.
 */
#ifndef OMENDB_CATALOG_TYPES_H
#define OMENDB_CATALOG_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint32_t Oid;

typedef enum TypeId {
    TYPE_INVALID = 0,
    TYPE_NULL,    /* the type of a bare NULL literal before resolution */
    TYPE_UNKNOWN, /* an untyped string literal before resolution ('...') */
    TYPE_BOOL,
    TYPE_INT2,
    TYPE_INT4,
    TYPE_INT8,
    TYPE_FLOAT4,
    TYPE_FLOAT8,
    TYPE_NUMERIC,
    TYPE_TEXT,
    TYPE_VARCHAR,
    TYPE_BPCHAR,
    TYPE_BYTEA,
    TYPE_DATE,
    TYPE_TIME,
    TYPE_TIMESTAMP,
    TYPE_TIMESTAMPTZ,
    TYPE_INTERVAL,
    TYPE_UUID,
    TYPE_NAME,     /* catalog identifiers (pg_catalog.name); stored as text */
    TYPE_OID,      /* stored as int64 (unsigned 32-bit value) */
    TYPE_REGCLASS, /* stored as int64 oid; prints as relation name */
    TYPE_REGTYPE,  /* stored as int64 oid; prints as type name */
    TYPE_CHAR,     /* "char": single byte, stored as text */
    /* Arrays (catalog/array.h): a serialized array in a StrView, like bytea.
     * Each element type has its own array type, as in pg_type; the typmod of
     * an array type is its elements' (varchar(10)[]). int2vector and
     * oidvector are the one-dimensional catalog arrays (pg_index.indkey). */
    TYPE_BOOL_ARRAY,
    TYPE_INT2_ARRAY,
    TYPE_INT4_ARRAY,
    TYPE_INT8_ARRAY,
    TYPE_FLOAT4_ARRAY,
    TYPE_FLOAT8_ARRAY,
    TYPE_NUMERIC_ARRAY,
    TYPE_TEXT_ARRAY,
    TYPE_VARCHAR_ARRAY,
    TYPE_BPCHAR_ARRAY,
    TYPE_BYTEA_ARRAY,
    TYPE_DATE_ARRAY,
    TYPE_TIME_ARRAY,
    TYPE_TIMESTAMP_ARRAY,
    TYPE_TIMESTAMPTZ_ARRAY,
    TYPE_INTERVAL_ARRAY,
    TYPE_UUID_ARRAY,
    TYPE_NAME_ARRAY,
    TYPE_OID_ARRAY,
    TYPE_CHAR_ARRAY,
    TYPE_INT2VECTOR,
    TYPE_OIDVECTOR,
    /* json: the input text as given; jsonb: PostgreSQL's canonical text of
     * the value (catalog/json.h). Both in a StrView. */
    TYPE_JSON,
    TYPE_JSONB,
    /* inet / cidr: family, mask length and address bytes (catalog/inet.h) in
     * a StrView; an IPv4 value fits inline. */
    TYPE_INET,
    TYPE_CIDR,
    TYPE_REGPROC, /* stored as int64 oid; prints as function name (exec installs the names) */
    /* void (pseudo-type): only as the declared type of a parameter a driver
     * never lets the statement read (a CallableStatement's OUT parameter);
     * a function call drops such arguments, as PostgreSQL's parser does */
    TYPE_VOID,
    /* record (pseudo-type): an anonymous row value, ROW(1, 'a') or a row of a
     * set-returning function with OUT parameters (catalog/record.h) in a
     * StrView. Its typmod is the binder's number for the field names and
     * types (sql/bind_record.c), -1 when none are known; a table column
     * cannot be one (42P16). */
    TYPE_RECORD,
    /* An enum type (CREATE TYPE ... AS ENUM; catalog/catalog_enum.c): the
     * typmod is the type's OID (every enum type is this TypeId, told apart by
     * it), the slot a double: the label's sort order, so values compare, hash
     * and sort as numbers. Text and binary forms are the label. */
    TYPE_ENUM,
    /* An array of an enum type: its typmod is the enum's OID (as an array's
     * typmod is its elements'); clients see the enum's array type, whose OID
     * is one below the enum's. */
    TYPE_ENUM_ARRAY,
    TYPE__COUNT
} TypeId;

/* PostgreSQL type OIDs (pg_type.oid). */
#define OID_BOOL        16
#define OID_BYTEA       17
#define OID_CHAR        18
#define OID_NAME        19
#define OID_INT8        20
#define OID_INT2        21
#define OID_INT4        23
#define OID_TEXT        25
#define OID_OID         26
#define OID_FLOAT4      700
#define OID_FLOAT8      701
#define OID_UNKNOWN     705
#define OID_BPCHAR      1042
#define OID_VARCHAR     1043
#define OID_DATE        1082
#define OID_TIME        1083
#define OID_TIMESTAMP   1114
#define OID_TIMESTAMPTZ 1184
#define OID_INTERVAL    1186
#define OID_NUMERIC     1700
#define OID_REGCLASS    2205
#define OID_REGTYPE     2206
#define OID_UUID        2950
#define OID_JSON        114
#define OID_JSONB       3802
#define OID_INET        869
#define OID_REGPROC     24
#define OID_VOID        2278
#define OID_CIDR        650
#define OID_RECORD      2249
#define OID_ANYENUM     3500
#define OID_INT2VECTOR  22
#define OID_OIDVECTOR   30
#define OID_INT4_ARRAY  1007
#define OID_TEXT_ARRAY  1009

/* A type with its modifier (PostgreSQL's atttypmod): -1 = none.
 * varchar(n)/char(n): n + 4 (VARHDRSZ), as PostgreSQL stores it.
 * numeric(p,s): ((p << 16) | s) + 4. timestamp(p): p. */
typedef struct OmType {
    TypeId id;
    int32_t typmod;
} OmType;

#define TYPMOD_NONE  (-1)
#define OM_TYPE(id_) ((OmType){(id_), TYPMOD_NONE})

/* The typmod clients see (RowDescription, pg_attribute.atttypmod): a
 * record's typmod is the binder's own number, so none (-1) for it. */
static inline int32_t type_public_typmod(OmType t)
{
    return t.id == TYPE_RECORD || t.id == TYPE_ENUM || t.id == TYPE_ENUM_ARRAY ? TYPMOD_NONE
                                                                               : t.typmod;
}

/* Enum types live in the catalog; the layers below it reach their names and
 * labels through these hooks, which the database installs (sql/database.c)
 * and which need no lock (catalog_enum.c keeps what they read immutable).
 * name: format_type's text of the type, qualified unless search_path (NULL:
 * the default "$user", public) finds it; label: the label of a sort order;
 * order: the sort order of a label (false: no such label); is_enum: whether
 * an OID is an enum type's; by_name: the OID of the enum type a name
 * ([schema.]name, unqualified through the default search_path) names, 0 if
 * none. */
#define TYPE_ENUM_LABEL_MAX 64 /* a label is at most 63 bytes (NAMEDATALEN - 1) */
typedef struct TypeEnumHooks {
    void *ctx;
    bool (*name)(void *ctx, Oid type, const char *search_path, char *buf, size_t cap);
    bool (*label)(void *ctx, Oid type, double order, char *buf, size_t cap);
    bool (*order)(void *ctx, Oid type, const char *label, size_t len, double *out);
    bool (*is_enum)(void *ctx, Oid type);
    Oid (*by_name)(void *ctx, const char *name);
} TypeEnumHooks;
/* Installs the hooks (NULL: none; enum values then print as their order). */
void type_set_enum_hooks(const TypeEnumHooks *hooks);
const TypeEnumHooks *type_enum_hooks(void);
/* The OID clients see for a type (pg_type.oid): an enum's own OID. */
static inline Oid type_oid_of(OmType t);
/* A type without its modifier (varchar(10) -> varchar), except where the
 * modifier names the type (an enum's). */
static inline OmType type_sans_typmod(OmType t)
{
    return (OmType){t.id, t.id == TYPE_ENUM || t.id == TYPE_ENUM_ARRAY ? t.typmod : TYPMOD_NONE};
}

typedef enum TypeCategory {
    TYPCAT_BOOL,
    TYPCAT_NUMERIC, /* int2..numeric, float */
    TYPCAT_STRING,
    TYPCAT_DATETIME,
    TYPCAT_TIMESPAN,
    TYPCAT_USER,
    TYPCAT_UNKNOWN,
    TYPCAT_ARRAY,
    TYPCAT_NETWORK, /* inet, cidr: pg_type.typcategory 'I' */
    TYPCAT_PSEUDO,  /* void, record: 'P' */
} TypeCategory;

typedef struct TypeInfo {
    TypeId id;
    Oid oid;
    const char *name;     /* pg_type.typname, e.g. "int4" */
    const char *sql_name; /* format_type() name, e.g. "integer" */
    int16_t typlen;       /* pg_type.typlen: -1 varlena */
    uint8_t width;        /* bytes per value in a vector slot */
    TypeCategory category;
    bool preferred; /* pg_type.typispreferred */
    TypeId elem;    /* array types: the element type (pg_type.typelem); else TYPE_INVALID */
} TypeInfo;

/* Static description of a type; never NULL for a valid id. */
const TypeInfo *type_info(TypeId id);
/* Maps an OID to a TypeId (TYPE_INVALID if not supported); an enum type's
 * OID to TYPE_ENUM. */
TypeId type_from_oid(Oid oid);
/* The type an OID names, with an enum's typmod (its OID). */
OmType type_from_oid_typed(Oid oid);
static inline Oid type_oid_of(OmType t)
{
    if (t.id == TYPE_ENUM && t.typmod > 0) return (Oid)t.typmod;
    if (t.id == TYPE_ENUM_ARRAY && t.typmod > 0) return (Oid)t.typmod - 1;
    return type_info(t.id)->oid;
}
/* Resolves a type name as written in SQL ("int4", "integer", "varchar",
 * "double precision", "timestamptz"...). Returns TYPE_INVALID if unknown. */
TypeId type_from_name(const char *name);
/* Writes format_type(oid, typmod) into buf, e.g. "character varying(10)";
 * a user type's name is qualified unless search_path (NULL: the default)
 * finds it, as format_type does with the session's. */
void type_format(OmType type, char *buf, size_t cap);
void type_format_path(OmType type, const char *search_path, char *buf, size_t cap);
/* The name errors give a type (format_type_be: no typmod), an enum's own:
 * a static string or buf. */
const char *type_name_of(OmType type, char *buf, size_t cap);
static inline bool type_is_string(TypeId t)
{
    return t == TYPE_TEXT || t == TYPE_VARCHAR || t == TYPE_BPCHAR || t == TYPE_NAME ||
           t == TYPE_UNKNOWN || t == TYPE_CHAR;
}
/* Array types (int2vector and oidvector included). */
static inline bool type_is_array(TypeId t)
{
    return (t >= TYPE_BOOL_ARRAY && t <= TYPE_OIDVECTOR) || t == TYPE_ENUM_ARRAY;
}
/* The element type of an array type, TYPE_INVALID for other types. */
TypeId type_array_elem(TypeId t);
/* The array type whose elements are `elem` (pg_type.typarray), TYPE_INVALID if none. */
TypeId type_array_of(TypeId elem);
/* Types whose vector slot is a StrView over bytes of their own (strings,
 * bytea, arrays): their bytes live in a vector's or segment's heap. */
static inline bool type_is_varlena(TypeId t)
{
    return type_is_string(t) || t == TYPE_BYTEA || type_is_array(t) || t == TYPE_JSON ||
           t == TYPE_JSONB || t == TYPE_INET || t == TYPE_CIDR || t == TYPE_RECORD;
}
static inline bool type_is_integer(TypeId t)
{
    return t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_INT8;
}
static inline bool type_is_numeric_cat(TypeId t)
{
    return type_is_integer(t) || t == TYPE_FLOAT4 || t == TYPE_FLOAT8 || t == TYPE_NUMERIC;
}
/* interval typmods: PostgreSQL's INTERVAL_TYPMOD(precision, range), the
 * range a mask of the fields below (as its grammar gives them) */
#define INTERVAL_RANGE_MONTH    (1 << 1)
#define INTERVAL_RANGE_YEAR     (1 << 2)
#define INTERVAL_RANGE_DAY      (1 << 3)
#define INTERVAL_RANGE_HOUR     (1 << 10)
#define INTERVAL_RANGE_MINUTE   (1 << 11)
#define INTERVAL_RANGE_SECOND   (1 << 12)
#define INTERVAL_FULL_RANGE     0x7FFF
#define INTERVAL_FULL_PRECISION 0xFFFF
/* The fields a range names, as format_type spells them after "interval"
 * (" day to second"), or NULL when the grammar gives no such range
 * (INTERVAL_FULL_RANGE included). */
const char *type_interval_fields(int range);
/* An interval type with fields (interval year): a literal reads differently
 * there (a bare '1' is a year) than as a plain interval. */
static inline bool type_interval_has_fields(OmType t)
{
    return t.id == TYPE_INTERVAL && t.typmod >= 0 &&
           ((t.typmod >> 16) & 0x7FFF) != INTERVAL_FULL_RANGE;
}

/* numeric(p,s) typmod helpers */
static inline int32_t typmod_numeric(int precision, int scale)
{
    return ((precision << 16) | scale) + 4;
}
static inline int typmod_numeric_precision(int32_t typmod)
{
    return ((typmod - 4) >> 16) & 0xffff;
}
static inline int typmod_numeric_scale(int32_t typmod)
{
    return (typmod - 4) & 0xffff;
}

/* ---- physical values ---- */

/* 16-byte string view. Bytes are not NUL-terminated. */
typedef struct StrView {
    uint32_t len;
    char prefix[4];
    union {
        char inl[8];
        const char *ptr;
    } u;
} StrView;

#define STRVIEW_INLINE_MAX 12

static inline const char *strview_data(const StrView *s)
{
    return s->len <= STRVIEW_INLINE_MAX ? s->prefix : s->u.ptr;
}
/* Builds a view; when len > 12 the view points at `data`, which must outlive it. */
static inline StrView strview_make(const char *data, uint32_t len)
{
    StrView s;
    memset(&s, 0, sizeof(s));
    s.len = len;
    if (len <= STRVIEW_INLINE_MAX) {
        if (len) memcpy(s.prefix, data, len);
    } else {
        memcpy(s.prefix, data, 4);
        s.u.ptr = data;
    }
    return s;
}
static inline bool strview_eq(const StrView *a, const StrView *b)
{
    if (a->len != b->len) return false;
    if (memcmp(a->prefix, b->prefix, 4) != 0) return false;
    if (a->len <= STRVIEW_INLINE_MAX) return memcmp(a->u.inl, b->u.inl, 8) == 0;
    return memcmp(a->u.ptr, b->u.ptr, a->len) == 0;
}
/* memcmp order (C collation), then length. */
int strview_cmp(const StrView *a, const StrView *b);

typedef __int128 OmNumeric; /* (mantissa << 8) | scale */
#define NUMERIC_MAX_PRECISION 36
#define NUMERIC_MAX_SCALE     36 /* display scale cap for computed results */

static inline OmNumeric numeric_make(__int128 mantissa, int scale)
{
    return (OmNumeric)(((unsigned __int128)mantissa << 8) | (unsigned)(scale & 0xff));
}
static inline __int128 numeric_mantissa(OmNumeric n)
{
    return n >> 8; /* arithmetic shift keeps the sign */
}
static inline int numeric_scale(OmNumeric n)
{
    return (int)(n & 0xff);
}

/* Finite mantissas stay below NUMERIC_MANT_BOUND in magnitude (10^36 does not
 * fit in the 120 signed bits, so 36-digit values from 2^119 up are 22003). The
 * codes above the bound, at scale 0, are PostgreSQL's special values. Compared
 * as raw mantissas they already sort as PostgreSQL sorts them:
 * -Infinity < every finite value < Infinity < NaN (and NaN = NaN). */
#define NUMERIC_MANT_BOUND (((__int128)1 << 119) - 8)
#define NUMERIC_NAN_MANT   (((__int128)1 << 119) - 1)
#define NUMERIC_PINF_MANT  (((__int128)1 << 119) - 2)
#define NUMERIC_NINF_MANT  (-NUMERIC_PINF_MANT)
static inline OmNumeric numeric_nan(void)
{
    return numeric_make(NUMERIC_NAN_MANT, 0);
}
static inline OmNumeric numeric_inf(int sign)
{
    return numeric_make(sign < 0 ? NUMERIC_NINF_MANT : NUMERIC_PINF_MANT, 0);
}
static inline bool numeric_is_special(OmNumeric n)
{
    __int128 m = numeric_mantissa(n);
    return m >= NUMERIC_MANT_BOUND || m <= -NUMERIC_MANT_BOUND;
}
static inline bool numeric_is_nan(OmNumeric n)
{
    return numeric_mantissa(n) == NUMERIC_NAN_MANT;
}
/* 1 for Infinity, -1 for -Infinity, 0 otherwise. */
static inline int numeric_inf_sign(OmNumeric n)
{
    __int128 m = numeric_mantissa(n);
    return m == NUMERIC_PINF_MANT ? 1 : (m == NUMERIC_NINF_MANT ? -1 : 0);
}
/* Sign of a non-NaN value: -1, 0 or 1 (infinities included). */
static inline int numeric_sign(OmNumeric n)
{
    __int128 m = numeric_mantissa(n);
    return (m > 0) - (m < 0);
}

typedef struct OmInterval {
    int64_t micros;
    int32_t days;
    int32_t months;
} OmInterval;

typedef struct OmUuid {
    uint8_t b[16];
} OmUuid;

#define DATE_NEG_INFINITY INT32_MIN
#define DATE_POS_INFINITY INT32_MAX
#define TS_NEG_INFINITY   INT64_MIN
#define TS_POS_INFINITY   INT64_MAX
#define USECS_PER_SEC     INT64_C(1000000)
#define USECS_PER_DAY     INT64_C(86400000000)

/* A single typed value (constants, parameters, default values, hashing keys). */
typedef struct Value {
    OmType type;
    bool is_null;
    union {
        bool b;
        int16_t i16;
        int32_t i32;
        int64_t i64;
        float f4;
        double f8;
        OmNumeric num;
        StrView str;
        OmInterval iv;
        OmUuid uuid;
    } u;
} Value;

/* Pointer to the value's payload, laid out as in a vector slot. */
static inline const void *value_payload(const Value *v)
{
    return &v->u;
}

/* Converts an integer value to another integer type's width (int2/int4/int8).
 * False if either type is not an integer or the value does not fit; v is then
 * unchanged. Used where a key of one integer width meets a column of another. */
bool value_int_to_type(Value *v, OmType type);

/* *dst = *src, a string's bytes copied into arena (common/arena.h), so that
 * dst outlives the memory src pointed into. */
struct Arena;
void value_copy(Value *dst, const Value *src, struct Arena *arena);

#endif
