/*
 * parquet_types.c — how OmenDB types become Parquet columns and back: the
 * schema mapping (physical type, converted and logical type), the PLAIN
 * encoding of one storage slot, its exact inverse, and the order used for
 * min/max statistics.
 *
 * Mapping (docs/parquet.md has the table):
 *   bool → BOOLEAN; int2 → INT32 INT(16); int4 → INT32 INT(32);
 *   int8 → INT64 INT(64); oid/regclass/regtype → INT64; float4 → FLOAT;
 *   float8 → DOUBLE; numeric(p,s) with 1 <= p <= 18 → INT64 DECIMAL(p,s);
 *   19 <= p <= 38 → FIXED_LEN_BYTE_ARRAY(16) DECIMAL(p,s), big-endian two's
 *   complement; numeric without typmod → BYTE_ARRAY STRING with the exact
 *   decimal text ("-1.50": per-value scale kept); text/varchar/char/name →
 *   BYTE_ARRAY STRING; bytea → BYTE_ARRAY; date → INT32 DATE (days since
 *   1970); time → INT64 TIME(MICROS, local); timestamp(tz) → INT64
 *   TIMESTAMP(MICROS, isAdjustedToUTC = false (true)), µs since 1970;
 *   interval → FIXED_LEN_BYTE_ARRAY(16) {int64 micros, int32 days, int32
 *   months} little-endian, no annotation; uuid → FIXED_LEN_BYTE_ARRAY(16) UUID.
 *
 * Epoch shift: dates and timestamps move from the 2000 epoch to the 1970 one
 * by adding 10,957 days (946,684,800,000,000 µs). ±infinity (INT_MIN/INT_MAX)
 * stay as they are; the other values are shifted modulo the count of finite
 * values, so the shift is a bijection and every value comes back exactly —
 * values within ~290,000 years simply get the plain sum.
 */
#include <math.h>
#include <string.h>

#include "storage/parquet_int.h"

#define DATE_EPOCH_SHIFT INT64_C(10957)
#define TS_EPOCH_SHIFT   INT64_C(946684800000000)

int pq_spec_from_type(OmType type, bool nullable, PqColumnSpec *spec, OmError *err)
{
    memset(spec, 0, sizeof(*spec));
    spec->type = type;
    spec->nullable = nullable;
    spec->converted = -1;
    spec->logical = PQ_LT_NONE;
    if (type.id == TYPE_INVALID || type.id == TYPE_NULL || type.id >= TYPE__COUNT)
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "type %d cannot be stored in Parquet",
                   (int)type.id);
    spec->slot_width = type_info(type.id)->width;
    switch (type.id) {
    case TYPE_BOOL:
        spec->kind = PQ_K_BOOL, spec->physical = PQ_BOOLEAN, spec->width = 1;
        spec->order = PQ_ORD_BOOL;
        return 0;
    case TYPE_INT2:
    case TYPE_INT4:
        spec->kind = type.id == TYPE_INT2 ? PQ_K_I16 : PQ_K_I32;
        spec->physical = PQ_INT32, spec->width = 4, spec->order = PQ_ORD_I32;
        spec->int_bits = type.id == TYPE_INT2 ? 16 : 32;
        spec->converted = type.id == TYPE_INT2 ? PQ_CT_INT_16 : PQ_CT_INT_32;
        spec->logical = PQ_LT_INTEGER;
        return 0;
    case TYPE_INT8:
        spec->converted = PQ_CT_INT_64, spec->logical = PQ_LT_INTEGER, spec->int_bits = 64;
        /* fall through */
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        spec->kind = PQ_K_I64, spec->physical = PQ_INT64, spec->width = 8;
        spec->order = PQ_ORD_I64;
        return 0;
    case TYPE_FLOAT4:
        spec->kind = PQ_K_F32, spec->physical = PQ_FLOAT, spec->width = 4;
        spec->order = PQ_ORD_F32;
        return 0;
    case TYPE_FLOAT8:
    case TYPE_ENUM: /* the labels' sort orders (docs/storage.md) */
        spec->kind = PQ_K_F64, spec->physical = PQ_DOUBLE, spec->width = 8;
        spec->order = PQ_ORD_F64;
        return 0;
    case TYPE_NUMERIC: {
        int p = type.typmod >= 4 ? typmod_numeric_precision(type.typmod) : 0;
        int s = type.typmod >= 4 ? typmod_numeric_scale(type.typmod) : 0;
        if (p >= 1 && p <= 38 && s <= p) {
            spec->precision = p, spec->scale = s;
            spec->converted = PQ_CT_DECIMAL, spec->logical = PQ_LT_DECIMAL;
            if (p <= 18) {
                spec->kind = PQ_K_DEC64, spec->physical = PQ_INT64, spec->width = 8;
                spec->order = PQ_ORD_I64;
            } else {
                spec->kind = PQ_K_DEC128, spec->physical = PQ_FLBA;
                spec->width = spec->type_length = 16, spec->order = PQ_ORD_SIGNED_BE;
            }
        } else {
            spec->kind = PQ_K_NUMTEXT, spec->physical = PQ_BYTE_ARRAY;
            spec->converted = PQ_CT_UTF8, spec->logical = PQ_LT_STRING;
            spec->order = PQ_ORD_BYTES;
        }
        return 0;
    }
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_CHAR:
    case TYPE_UNKNOWN:
    case TYPE_JSON:
    case TYPE_JSONB:
        spec->converted = PQ_CT_UTF8, spec->logical = PQ_LT_STRING;
        /* fall through */
    case TYPE_BYTEA:
        spec->kind = PQ_K_STRING, spec->physical = PQ_BYTE_ARRAY, spec->order = PQ_ORD_BYTES;
        return 0;
    case TYPE_BOOL_ARRAY ... TYPE_OIDVECTOR:
    case TYPE_ENUM_ARRAY:
    case TYPE_INET:
    case TYPE_CIDR:
        /* OmenDB's own array / network address bytes (catalog/array.h), without statistics: other
         * readers see a binary column */
        spec->kind = PQ_K_STRING, spec->physical = PQ_BYTE_ARRAY, spec->order = PQ_ORD_NONE;
        return 0;
    case TYPE_DATE:
        spec->kind = PQ_K_DATE, spec->physical = PQ_INT32, spec->width = 4;
        spec->order = PQ_ORD_I32, spec->converted = PQ_CT_DATE, spec->logical = PQ_LT_DATE;
        return 0;
    case TYPE_TIME:
        spec->kind = PQ_K_I64, spec->physical = PQ_INT64, spec->width = 8;
        spec->order = PQ_ORD_I64, spec->converted = PQ_CT_TIME_MICROS;
        spec->logical = PQ_LT_TIME;
        return 0;
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        spec->kind = PQ_K_TS, spec->physical = PQ_INT64, spec->width = 8;
        spec->order = PQ_ORD_I64, spec->converted = PQ_CT_TIMESTAMP_MICROS;
        spec->logical = PQ_LT_TIMESTAMP, spec->utc = type.id == TYPE_TIMESTAMPTZ;
        return 0;
    case TYPE_INTERVAL:
        spec->kind = PQ_K_INTERVAL, spec->physical = PQ_FLBA;
        spec->width = spec->type_length = 16, spec->order = PQ_ORD_NONE;
        return 0;
    case TYPE_UUID:
        spec->kind = PQ_K_UUID, spec->physical = PQ_FLBA;
        spec->width = spec->type_length = 16, spec->order = PQ_ORD_BYTES;
        spec->logical = PQ_LT_UUID;
        return 0;
    default:
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "type %s cannot be stored in Parquet",
                   type_info(type.id)->name);
    }
}

/* ---- epoch shifts (bijections that keep INT_MIN and INT_MAX) ---- */

static int32_t shift_date(int32_t v, bool to_file)
{
    if (v == INT32_MIN || v == INT32_MAX) return v;
    const uint64_t n = UINT64_C(0xFFFFFFFF) - 1; /* finite values */
    uint64_t u = (uint64_t)((int64_t)v - INT32_MIN - 1);
    uint64_t off = to_file ? (uint64_t)DATE_EPOCH_SHIFT : n - (uint64_t)DATE_EPOCH_SHIFT;
    u = (u + off) % n;
    return (int32_t)((int64_t)u + INT32_MIN + 1);
}

static int64_t shift_ts(int64_t v, bool to_file)
{
    if (v == INT64_MIN || v == INT64_MAX) return v;
    const unsigned __int128 n = (unsigned __int128)UINT64_MAX - 1;
    uint64_t u = (uint64_t)v - (uint64_t)(INT64_MIN + 1);
    unsigned __int128 off = to_file ? (unsigned __int128)TS_EPOCH_SHIFT : n - TS_EPOCH_SHIFT;
    uint64_t r = (uint64_t)(((unsigned __int128)u + off) % n);
    return (int64_t)(r + (uint64_t)(INT64_MIN + 1));
}

/* ---- numeric helpers ---- */

static __int128 pow10_i128(int e)
{
    __int128 r = 1;
    while (e-- > 0) r *= 10;
    return r;
}

/* |m| must stay within OmNumeric's 120-bit mantissa. */
static bool mantissa_fits(__int128 m)
{
    const __int128 lim = (__int128)1 << 119;
    return m >= -lim && m < lim;
}

/* Scales a numeric slot to `scale` digits; -1 if it would lose digits or
 * leave `precision` digits. */
static int decimal_mantissa(const PqColumnSpec *spec, OmNumeric v, __int128 *out)
{
    __int128 m = numeric_mantissa(v);
    int s = numeric_scale(v);
    if (numeric_is_special(v)) return -1; /* a DECIMAL has no NaN or Infinity */
    if (s > spec->scale) return -1;
    __int128 f = pow10_i128(spec->scale - s);
    __int128 lim = pow10_i128(spec->precision);
    if (m > lim / f || m < -lim / f) return -1;
    m *= f;
    if (m >= lim || m <= -lim) return -1;
    *out = m;
    return 0;
}

/* Exact decimal text of a numeric: optional '-', digits, '.' and scale digits. */
static size_t numeric_text(OmNumeric v, char *buf)
{
    if (numeric_is_special(v)) {
        const char *w = numeric_is_nan(v)         ? "NaN"
                        : numeric_inf_sign(v) > 0 ? "Infinity"
                                                  : "-Infinity";
        memcpy(buf, w, strlen(w));
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
    return len;
}

static int numeric_parse(const uint8_t *p, uint32_t n, OmNumeric *out)
{
    uint32_t i = 0;
    bool neg = false;
    unsigned __int128 m = 0;
    const unsigned __int128 lim = (unsigned __int128)NUMERIC_MANT_BOUND;
    int scale = -1, ndig = 0;
    static const char *const words[3] = {"NaN", "Infinity", "-Infinity"};
    for (int w = 0; w < 3; w++) {
        if (n == strlen(words[w]) && memcmp(p, words[w], n) == 0) {
            *out = w == 0 ? numeric_nan() : numeric_inf(w == 1 ? 1 : -1);
            return 0;
        }
    }
    if (i < n && p[i] == '-') neg = true, i++;
    for (; i < n; i++) {
        if (p[i] == '.' && scale < 0 && ndig > 0) {
            scale = 0;
            continue;
        }
        if (p[i] < '0' || p[i] > '9') return -1;
        m = m * 10 + (unsigned)(p[i] - '0');
        if (m > lim) return -1;
        ndig++;
        if (scale >= 0 && ++scale > 255) return -1;
    }
    if (ndig == 0 || scale == 0) return -1;
    if (m >= lim) return -1;
    __int128 sm = neg ? -(__int128)m : (__int128)m;
    *out = numeric_make(sm, scale < 0 ? 0 : scale);
    return 0;
}

/* ---- encode / decode ---- */

int pq_value_encode(const PqColumnSpec *spec, const void *slot, PqBuf *out, OmError *err)
{
    uint8_t tmp[16];
    switch (spec->kind) {
    case PQ_K_BOOL:
        pq_buf_u8(out, *(const uint8_t *)slot ? 1 : 0);
        return 0;
    case PQ_K_I16:
        pq_buf_u32le(out, (uint32_t)(int32_t) * (const int16_t *)slot);
        return 0;
    case PQ_K_I32:
    case PQ_K_F32: {
        uint32_t v;
        memcpy(&v, slot, 4);
        pq_buf_u32le(out, v);
        return 0;
    }
    case PQ_K_DATE:
        pq_buf_u32le(out, (uint32_t)shift_date(*(const int32_t *)slot, true));
        return 0;
    case PQ_K_I64:
    case PQ_K_F64: {
        uint64_t v;
        memcpy(&v, slot, 8);
        pq_put_u64le(tmp, v);
        pq_buf_put(out, tmp, 8);
        return 0;
    }
    case PQ_K_TS:
        pq_put_u64le(tmp, (uint64_t)shift_ts(*(const int64_t *)slot, true));
        pq_buf_put(out, tmp, 8);
        return 0;
    case PQ_K_DEC32:
        break; /* read only */
    case PQ_K_DEC64:
    case PQ_K_DEC128: {
        OmNumeric v;
        __int128 m;
        memcpy(&v, slot, sizeof(v));
        if (decimal_mantissa(spec, v, &m) != 0) {
            char txt[300];
            size_t len = numeric_text(v, txt);
            return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                       "numeric value %.*s does not fit DECIMAL(%d,%d)", (int)len, txt,
                       spec->precision, spec->scale);
        }
        if (spec->kind == PQ_K_DEC64) {
            pq_put_u64le(tmp, (uint64_t)(int64_t)m);
            pq_buf_put(out, tmp, 8);
        } else {
            unsigned __int128 u = (unsigned __int128)m;
            for (int i = 15; i >= 0; i--, u >>= 8) tmp[i] = (uint8_t)u;
            pq_buf_put(out, tmp, 16);
        }
        return 0;
    }
    case PQ_K_NUMTEXT: {
        OmNumeric v;
        char txt[300];
        memcpy(&v, slot, sizeof(v));
        size_t len = numeric_text(v, txt);
        pq_buf_u32le(out, (uint32_t)len);
        pq_buf_put(out, txt, len);
        return 0;
    }
    case PQ_K_STRING: {
        const StrView *s = slot;
        pq_buf_u32le(out, s->len);
        pq_buf_put(out, strview_data(s), s->len);
        return 0;
    }
    case PQ_K_INTERVAL: {
        const OmInterval *iv = slot;
        pq_put_u64le(tmp, (uint64_t)iv->micros);
        pq_put_u32le(tmp + 8, (uint32_t)iv->days);
        pq_put_u32le(tmp + 12, (uint32_t)iv->months);
        pq_buf_put(out, tmp, 16);
        return 0;
    }
    case PQ_K_UUID:
        pq_buf_put(out, slot, 16);
        return 0;
    }
    return ERR(err, SQLSTATE_INTERNAL_ERROR, "unknown Parquet value kind");
}

int pq_value_decode(const PqColumnSpec *spec, const uint8_t *p, uint32_t n, void *slot,
                    Arena *arena, const char **what)
{
    if (spec->width && n != (uint32_t)spec->width) {
        *what = "value of wrong length";
        return -1;
    }
    switch (spec->kind) {
    case PQ_K_BOOL:
        if (p[0] > 1) {
            *what = "bad boolean";
            return -1;
        }
        *(bool *)slot = p[0] != 0;
        return 0;
    case PQ_K_I16: {
        int32_t v = (int32_t)pq_get_u32le(p);
        if (v < INT16_MIN || v > INT16_MAX) {
            *what = "smallint value out of range";
            return -1;
        }
        *(int16_t *)slot = (int16_t)v;
        return 0;
    }
    case PQ_K_I32:
    case PQ_K_F32: {
        uint32_t v = pq_get_u32le(p);
        memcpy(slot, &v, 4);
        return 0;
    }
    case PQ_K_DATE:
        *(int32_t *)slot = shift_date((int32_t)pq_get_u32le(p), false);
        return 0;
    case PQ_K_I64:
    case PQ_K_F64: {
        uint64_t v = pq_get_u64le(p);
        memcpy(slot, &v, 8);
        return 0;
    }
    case PQ_K_TS:
        *(int64_t *)slot = shift_ts((int64_t)pq_get_u64le(p), false);
        return 0;
    case PQ_K_DEC32: {
        OmNumeric v = numeric_make((int32_t)pq_get_u32le(p), spec->scale);
        memcpy(slot, &v, sizeof(v));
        return 0;
    }
    case PQ_K_DEC64: {
        OmNumeric v = numeric_make((int64_t)pq_get_u64le(p), spec->scale);
        memcpy(slot, &v, sizeof(v));
        return 0;
    }
    case PQ_K_DEC128: {
        /* big-endian two's complement of type_length (1..16) bytes */
        unsigned __int128 u = (p[0] & 0x80) ? ~(unsigned __int128)0 : 0;
        for (uint32_t i = 0; i < n; i++) u = (u << 8) | p[i];
        __int128 m = (__int128)u;
        if (!mantissa_fits(m)) {
            *what = "decimal value out of range";
            return -1;
        }
        OmNumeric v = numeric_make(m, spec->scale);
        memcpy(slot, &v, sizeof(v));
        return 0;
    }
    case PQ_K_NUMTEXT: {
        OmNumeric v;
        if (numeric_parse(p, n, &v) != 0) {
            *what = "bad numeric text";
            return -1;
        }
        memcpy(slot, &v, sizeof(v));
        return 0;
    }
    case PQ_K_STRING: {
        const char *src = (const char *)p;
        if (n > STRVIEW_INLINE_MAX && arena) {
            char *copy = arena_alloc(arena, n);
            memcpy(copy, p, n);
            src = copy;
        }
        StrView s = strview_make(src, n);
        memcpy(slot, &s, sizeof(s));
        return 0;
    }
    case PQ_K_INTERVAL: {
        OmInterval iv;
        iv.micros = (int64_t)pq_get_u64le(p);
        iv.days = (int32_t)pq_get_u32le(p + 8);
        iv.months = (int32_t)pq_get_u32le(p + 12);
        memcpy(slot, &iv, sizeof(iv));
        return 0;
    }
    case PQ_K_UUID:
        memcpy(slot, p, 16);
        return 0;
    }
    *what = "unknown value kind";
    return -1;
}

/* ---- statistics order ---- */

static int cmp_num(double a, double b)
{
    return a < b ? -1 : a > b ? 1 : 0;
}

int pq_value_compare(const PqColumnSpec *spec, const uint8_t *a, uint32_t an, const uint8_t *b,
                     uint32_t bn)
{
    switch (spec->order) {
    case PQ_ORD_BOOL:
        return (int)a[0] - (int)b[0];
    case PQ_ORD_I32: {
        int32_t x = (int32_t)pq_get_u32le(a), y = (int32_t)pq_get_u32le(b);
        return x < y ? -1 : x > y;
    }
    case PQ_ORD_I64: {
        int64_t x = (int64_t)pq_get_u64le(a), y = (int64_t)pq_get_u64le(b);
        return x < y ? -1 : x > y;
    }
    case PQ_ORD_F32: {
        float x, y;
        uint32_t ux = pq_get_u32le(a), uy = pq_get_u32le(b);
        memcpy(&x, &ux, 4);
        memcpy(&y, &uy, 4);
        return cmp_num(x, y);
    }
    case PQ_ORD_F64: {
        double x, y;
        uint64_t ux = pq_get_u64le(a), uy = pq_get_u64le(b);
        memcpy(&x, &ux, 8);
        memcpy(&y, &uy, 8);
        return cmp_num(x, y);
    }
    case PQ_ORD_BYTES: {
        uint32_t n = an < bn ? an : bn;
        int c = n ? memcmp(a, b, n) : 0;
        if (c) return c;
        return an < bn ? -1 : an > bn;
    }
    case PQ_ORD_SIGNED_BE: {
        if (an == 0 || bn == 0 || an != bn) return an < bn ? -1 : an > bn;
        int sa = (int8_t)a[0], sb = (int8_t)b[0];
        if (sa != sb) return sa < sb ? -1 : 1;
        return memcmp(a + 1, b + 1, an - 1);
    }
    case PQ_ORD_NONE:
        break;
    }
    return 0;
}

bool pq_value_skip_stats(const PqColumnSpec *spec, const uint8_t *p)
{
    if (spec->order == PQ_ORD_F32) {
        uint32_t u = pq_get_u32le(p);
        float f;
        memcpy(&f, &u, 4);
        return isnan(f);
    }
    if (spec->order == PQ_ORD_F64) {
        uint64_t u = pq_get_u64le(p);
        double d;
        memcpy(&d, &u, 8);
        return isnan(d);
    }
    return false;
}

/* ---- reading a file's schema ---- */

/* Infers the OmenDB type of a column written by another tool. */
static int infer_type(const PqSchemaMeta *e, OmType *t, const char **what)
{
    int lt = e->logical, ct = e->converted;
    *t = OM_TYPE(TYPE_INVALID);
    switch (e->type) {
    case PQ_BOOLEAN:
        if (lt == PQ_LT_NONE && ct < 0) *t = OM_TYPE(TYPE_BOOL);
        break;
    case PQ_INT32:
        if ((lt == PQ_LT_NONE && ct < 0) || ct == PQ_CT_INT_32 ||
            (lt == PQ_LT_INTEGER && e->lt_signed && e->lt_bits == 32))
            *t = OM_TYPE(TYPE_INT4);
        else if (ct == PQ_CT_INT_16 || ct == PQ_CT_INT_8 ||
                 (lt == PQ_LT_INTEGER && e->lt_signed && e->lt_bits <= 16))
            *t = OM_TYPE(TYPE_INT2);
        else if (lt == PQ_LT_DATE || ct == PQ_CT_DATE)
            *t = OM_TYPE(TYPE_DATE);
        else if ((lt == PQ_LT_DECIMAL || ct == PQ_CT_DECIMAL) && e->precision <= 9)
            *t = (OmType){TYPE_NUMERIC, typmod_numeric(e->precision, e->scale)};
        break;
    case PQ_INT64:
        if ((lt == PQ_LT_NONE && ct < 0) || ct == PQ_CT_INT_64 ||
            (lt == PQ_LT_INTEGER && e->lt_signed && e->lt_bits == 64))
            *t = OM_TYPE(TYPE_INT8);
        else if (lt == PQ_LT_TIMESTAMP ? e->lt_unit == PQ_UNIT_MICROS
                                       : ct == PQ_CT_TIMESTAMP_MICROS)
            *t = OM_TYPE(lt == PQ_LT_TIMESTAMP && !e->lt_utc ? TYPE_TIMESTAMP : TYPE_TIMESTAMPTZ);
        else if (lt == PQ_LT_TIME ? e->lt_unit == PQ_UNIT_MICROS : ct == PQ_CT_TIME_MICROS)
            *t = OM_TYPE(TYPE_TIME);
        else if ((lt == PQ_LT_DECIMAL || ct == PQ_CT_DECIMAL) && e->precision <= 18)
            *t = (OmType){TYPE_NUMERIC, typmod_numeric(e->precision, e->scale)};
        break;
    case PQ_FLOAT:
        if (lt == PQ_LT_NONE) *t = OM_TYPE(TYPE_FLOAT4);
        break;
    case PQ_DOUBLE:
        if (lt == PQ_LT_NONE) *t = OM_TYPE(TYPE_FLOAT8);
        break;
    case PQ_BYTE_ARRAY:
        if (lt == PQ_LT_STRING || ct == PQ_CT_UTF8)
            *t = OM_TYPE(TYPE_TEXT);
        else if (lt == PQ_LT_NONE && ct < 0)
            *t = OM_TYPE(TYPE_BYTEA);
        break;
    case PQ_FLBA:
        if (lt == PQ_LT_UUID && e->type_length == 16)
            *t = OM_TYPE(TYPE_UUID);
        else if ((lt == PQ_LT_DECIMAL || ct == PQ_CT_DECIMAL) && e->type_length <= 16)
            *t = (OmType){TYPE_NUMERIC, typmod_numeric(e->precision, e->scale)};
        break;
    default:
        break;
    }
    if (t->id == TYPE_INVALID) {
        *what = "column of an unsupported Parquet type";
        return -1;
    }
    return 0;
}

int pq_spec_from_file(const PqSchemaMeta *e, const OmType *noted, PqColumnSpec *spec,
                      const char **what)
{
    OmError ignore;
    OmType t;
    bool decimal = e->logical == PQ_LT_DECIMAL || e->converted == PQ_CT_DECIMAL;
    error_clear(&ignore);
    if (decimal &&
        (e->precision < 1 || e->precision > 38 || e->scale < 0 || e->scale > e->precision)) {
        *what = "bad decimal precision or scale";
        return -1;
    }
    if (e->repetition == PQ_REP_REPEATED) {
        *what = "repeated column";
        return -1;
    }
    if (noted) {
        t = *noted;
    } else if (infer_type(e, &t, what) != 0) {
        return -1;
    }
    if (pq_spec_from_type(t, e->repetition != PQ_REP_REQUIRED, spec, &ignore) != 0) {
        *what = "column of an unsupported type";
        return -1;
    }
    if (!noted && spec->kind == PQ_K_DEC64 && e->type == PQ_FLBA) {
        /* a narrow FIXED_LEN_BYTE_ARRAY decimal from another writer */
        spec->kind = PQ_K_DEC128, spec->physical = PQ_FLBA, spec->order = PQ_ORD_SIGNED_BE;
    }
    if (!noted && spec->kind == PQ_K_DEC64 && e->type == PQ_INT32) {
        spec->kind = PQ_K_DEC32, spec->physical = PQ_INT32, spec->width = 4;
        spec->order = PQ_ORD_I32;
    }
    if (!noted && spec->kind == PQ_K_DEC128) spec->width = spec->type_length = e->type_length;
    if (spec->physical != e->type ||
        (spec->physical == PQ_FLBA && spec->type_length != e->type_length) ||
        (spec->logical == PQ_LT_DECIMAL &&
         (!decimal || spec->precision != e->precision || spec->scale != e->scale))) {
        *what = "column type does not match its omendb.types note";
        return -1;
    }
    return 0;
}
