/*
 * wire_binary.c — binary send/receive of values (layouts in wire_binary.h).
 *
 * OmenDB's physical layouts already match PostgreSQL's binary ones for dates,
 * times, timestamps and intervals (same epoch, microseconds, same infinity
 * encodings), so those are byte swaps plus the range checks PostgreSQL's
 * receive functions make. numeric is the one real conversion: OmenDB holds
 * mantissa / 10^scale in 128 bits, PostgreSQL sends base-10000 digits
 * aligned on the decimal point.
 */
#include <string.h>

#include "catalog/inet.h"
#include "catalog/array.h"
#include "catalog/record.h"
#include "catalog/type_io.h"
#include "wire/wire_binary.h"

/* Valid ranges of PostgreSQL's date and timestamp (receive rejects others):
 * 4714-11-24 BC .. 5874897-12-31 AD for dates, 4714-11-24 BC .. 294276 AD for
 * timestamps, as days / microseconds since 2000-01-01. */
#define DATE_MIN_DAYS INT32_C(-2451545)
#define DATE_END_DAYS INT32_C(2145031949)
#define TS_MIN_USECS  INT64_C(-211813488000000000)
#define TS_END_USECS  INT64_C(9223371331200000000)

#define NUMERIC_SIGN_POS  0x0000
#define NUMERIC_SIGN_NEG  0x4000
#define NUMERIC_SIGN_NAN  0xC000
#define NUMERIC_SIGN_PINF 0xD000
#define NUMERIC_SIGN_NINF 0xF000
#define NBASE             10000

static void array_binary_out(OmType type, const StrView *s, StrBuf *out);
static void record_binary_out(const StrView *s, StrBuf *out);
static int inet_binary_in(bool is_cidr, const char *data, size_t len, Arena *arena, Value *out,
                          OmError *err);
static int array_binary_in(OmType type, const char *data, size_t len,
                           const SessionSettings *settings, Arena *arena, Value *out, OmError *err);

bool wire_binary_supported(TypeId id)
{
    switch (id) {
    case TYPE_BOOL:
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
    case TYPE_NUMERIC:
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_BYTEA:
    case TYPE_DATE:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL:
    case TYPE_UUID:
    case TYPE_NAME:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
    case TYPE_CHAR:
    case TYPE_UNKNOWN:
    case TYPE_NULL:
        return true;
    case TYPE_JSON:
    case TYPE_JSONB:
    case TYPE_INET:
    case TYPE_CIDR:
    case TYPE_VOID:
    case TYPE_RECORD:
    case TYPE_ENUM:
        return true;
    default:
        return type_is_array(id);
    }
}

/* ---- big-endian helpers ---- */

static void put_u16(StrBuf *out, uint16_t v)
{
    char b[2] = {(char)(v >> 8), (char)v};
    strbuf_append(out, b, 2);
}

static void put_u32(StrBuf *out, uint32_t v)
{
    char b[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
    strbuf_append(out, b, 4);
}

static void put_u64(StrBuf *out, uint64_t v)
{
    put_u32(out, (uint32_t)(v >> 32));
    put_u32(out, (uint32_t)v);
}

static uint16_t get_u16(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint16_t)((u[0] << 8) | u[1]);
}

static uint32_t get_u32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return ((uint32_t)u[0] << 24) | ((uint32_t)u[1] << 16) | ((uint32_t)u[2] << 8) | u[3];
}

static uint64_t get_u64(const char *p)
{
    return ((uint64_t)get_u32(p) << 32) | get_u32(p + 4);
}

/* ---- numeric ---- */

static unsigned __int128 pow10_u128(int n)
{
    unsigned __int128 p = 1;
    for (int i = 0; i < n; i++) p *= 10;
    return p;
}

static void numeric_out(OmNumeric n, StrBuf *out)
{
    if (numeric_is_special(n)) { /* no digits, weight 0, dscale 0, the special sign word */
        put_u16(out, 0);
        put_u16(out, 0);
        put_u16(out, numeric_is_nan(n)         ? NUMERIC_SIGN_NAN
                     : numeric_inf_sign(n) > 0 ? NUMERIC_SIGN_PINF
                                               : NUMERIC_SIGN_NINF);
        put_u16(out, 0);
        return;
    }
    __int128 m = numeric_mantissa(n);
    int scale = numeric_scale(n);
    bool neg = m < 0;
    unsigned __int128 mag =
        neg ? (unsigned __int128)0 - (unsigned __int128)m : (unsigned __int128)m;
    /* Decimal digits of the magnitude, least significant first. */
    uint8_t dec[48];
    int ndec = 0;
    while (mag > 0) {
        dec[ndec++] = (uint8_t)(mag % 10);
        mag /= 10;
    }
    /* Decimal digit k (weight 10^(k - scale)) falls in base-10000 group
     * floor((k - scale) / 4) — grouping is aligned on the decimal point. */
    int16_t digits[16];
    int lo_group = 0, hi_group = -1; /* group exponents present */
    if (ndec > 0) {
        int lo = -scale, hi = ndec - 1 - scale; /* decimal exponents */
        lo_group = lo >= 0 ? lo / 4 : -((-lo + 3) / 4);
        hi_group = hi >= 0 ? hi / 4 : -((-hi + 3) / 4);
    }
    int ngroups = hi_group - lo_group + 1;
    for (int g = 0; g < ngroups; g++) digits[g] = 0;
    for (int k = 0; k < ndec; k++) {
        int e = k - scale;
        int grp = e >= 0 ? e / 4 : -((-e + 3) / 4);
        int pos = e - grp * 4; /* 0..3 within the group */
        static const int16_t mult[4] = {1, 10, 100, 1000};
        digits[hi_group - grp] = (int16_t)(digits[hi_group - grp] + dec[k] * mult[pos]);
    }
    /* strip leading and trailing zero groups */
    int first = 0, last = ngroups - 1;
    while (first <= last && digits[first] == 0) first++;
    while (last >= first && digits[last] == 0) last--;
    int nd = last >= first ? last - first + 1 : 0;
    int weight = nd > 0 ? hi_group - first : 0;
    put_u16(out, (uint16_t)nd);
    put_u16(out, (uint16_t)(int16_t)weight);
    put_u16(out, nd > 0 && neg ? NUMERIC_SIGN_NEG : NUMERIC_SIGN_POS);
    put_u16(out, (uint16_t)scale);
    for (int i = first; i <= last; i++) put_u16(out, (uint16_t)digits[i]);
}

static int bad_format(OmError *err, const char *type_name)
{
    return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
               "incorrect binary data format for type %s", type_name);
}

static int numeric_in(const char *data, size_t len, OmNumeric *out, OmError *err)
{
    if (len < 8) return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
    int ndigits = (int16_t)get_u16(data);
    int weight = (int16_t)get_u16(data + 2);
    uint16_t sign = get_u16(data + 4);
    int dscale = (int16_t)get_u16(data + 6);
    if (ndigits < 0 || len < 8 + (size_t)ndigits * 2)
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
    if (len != 8 + (size_t)ndigits * 2) return bad_format(err, "numeric");
    if (sign == NUMERIC_SIGN_NAN || sign == NUMERIC_SIGN_PINF || sign == NUMERIC_SIGN_NINF) {
        /* PostgreSQL ignores the digits of a special value */
        *out = sign == NUMERIC_SIGN_NAN ? numeric_nan()
                                        : numeric_inf(sign == NUMERIC_SIGN_PINF ? 1 : -1);
        return 0;
    }
    if (sign != NUMERIC_SIGN_POS && sign != NUMERIC_SIGN_NEG)
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                   "invalid sign in external \"numeric\" value");
    if (dscale < 0 || dscale > 0x3FFF)
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                   "invalid scale in external \"numeric\" value");
    /* Accumulate the digits at the finer of the two scales, then round to
     * dscale (half away from zero), as PostgreSQL rounds to the display scale. */
    int digit_scale = ndigits > 0 ? 4 * (ndigits - 1 - weight) : 0;
    int work_scale = digit_scale > dscale ? digit_scale : dscale;
    if (work_scale > 38 || dscale > NUMERIC_MAX_SCALE) goto overflow;
    const unsigned __int128 limit = pow10_u128(38);
    unsigned __int128 mag = 0;
    bool seen = false;
    for (int i = 0; i < ndigits; i++) {
        int d = (int16_t)get_u16(data + 8 + 2 * i);
        if (d < 0 || d >= NBASE)
            return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                       "invalid digit in external \"numeric\" value");
        if (!seen && d == 0) continue;
        seen = true;
        if (mag > (limit - (unsigned)d) / NBASE) goto overflow;
        mag = mag * NBASE + (unsigned)d;
    }
    /* mag is at scale digit_scale (may be negative: trailing integer groups) */
    int shift = work_scale - digit_scale;
    for (int i = 0; i < shift; i++) {
        if (mag > limit / 10) goto overflow;
        mag *= 10;
    }
    if (work_scale > dscale) {
        unsigned __int128 p = pow10_u128(work_scale - dscale);
        unsigned __int128 rem = mag % p;
        mag /= p;
        if (rem * 2 >= p) mag++;
    }
    /* OmNumeric packs a signed 120-bit mantissa: below 10^36 and 2^119 */
    if (mag >= pow10_u128(NUMERIC_MAX_PRECISION) || mag >= ((unsigned __int128)1 << 119))
        goto overflow;
    __int128 m = (__int128)mag;
    *out = numeric_make(sign == NUMERIC_SIGN_NEG ? -m : m, dscale);
    return 0;
overflow:
    return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
               "numeric value does not fit in OmenDB's numeric (at most %d digits)",
               NUMERIC_MAX_PRECISION);
}

/* ---- text ---- */

/* Well-formed UTF-8 without NUL bytes (PostgreSQL text cannot hold NUL). */
static bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        if (c == 0) return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        int n;
        unsigned min;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            min = 0x80;
            c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            min = 0x800;
            c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            min = 0x10000;
            c &= 0x07;
        } else {
            return false;
        }
        if (i + (size_t)n >= len) return false; /* truncated sequence */
        for (int k = 1; k <= n; k++) {
            if ((p[i + (size_t)k] & 0xC0) != 0x80) return false;
            c = (c << 6) | (p[i + (size_t)k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
        i += (size_t)n + 1;
    }
    return true;
}

/* ---- dispatch ---- */

void wire_binary_out(OmType type, const void *payload, StrBuf *out)
{
    switch (type.id) {
    case TYPE_BOOL:
        strbuf_putc(out, *(const uint8_t *)payload ? 1 : 0);
        return;
    case TYPE_INT2:
        put_u16(out, (uint16_t) * (const int16_t *)payload);
        return;
    case TYPE_INT4:
    case TYPE_DATE:
        put_u32(out, (uint32_t) * (const int32_t *)payload);
        return;
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        put_u64(out, (uint64_t) * (const int64_t *)payload);
        return;
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        put_u32(out, (uint32_t) * (const int64_t *)payload);
        return;
    case TYPE_FLOAT4: {
        uint32_t bits;
        memcpy(&bits, payload, 4);
        put_u32(out, bits);
        return;
    }
    case TYPE_FLOAT8: {
        uint64_t bits;
        memcpy(&bits, payload, 8);
        put_u64(out, bits);
        return;
    }
    case TYPE_NUMERIC: {
        OmNumeric n;
        memcpy(&n, payload, sizeof(n));
        numeric_out(n, out);
        return;
    }
    case TYPE_INTERVAL: {
        const OmInterval *iv = payload;
        put_u64(out, (uint64_t)iv->micros);
        put_u32(out, (uint32_t)iv->days);
        put_u32(out, (uint32_t)iv->months);
        return;
    }
    case TYPE_UUID:
        strbuf_append(out, (const char *)((const OmUuid *)payload)->b, 16);
        return;
    case TYPE_VOID: /* void_send: no bytes */
        return;
    case TYPE_RECORD:
        record_binary_out(payload, out);
        return;
    case TYPE_ENUM: /* enum_send: the label's bytes */
        type_text_out(type, payload, NULL, out);
        return;
    case TYPE_INET:
    case TYPE_CIDR: { /* inet_send: family (2 IPv4, 3 IPv6), bits, is_cidr, length, address */
        const StrView *s = payload;
        InetValue v;
        if (!inet_decode((const uint8_t *)strview_data(s), s->len, &v)) return;
        strbuf_putc(out, v.family == INET_FAMILY_V4 ? 2 : 3);
        strbuf_putc(out, (char)v.bits);
        strbuf_putc(out, type.id == TYPE_CIDR);
        strbuf_putc(out, (char)inet_addr_bytes(&v));
        strbuf_append(out, (const char *)v.addr, (size_t)inet_addr_bytes(&v));
        return;
    }
    case TYPE_CHAR: { /* always one byte, 0 for the empty value, as PostgreSQL's charsend */
        const StrView *c = payload;
        strbuf_putc(out, c->len > 0 ? strview_data(c)[0] : 0);
        return;
    }
    default: { /* text-like and bytea: the bytes */
        const StrView *s = payload;
        if (type.id == TYPE_JSONB) strbuf_putc(out, 1); /* jsonb_send: version 1, then text */
        if (type_is_array(type.id)) {
            array_binary_out(type, s, out);
            return;
        }
        strbuf_append(out, strview_data(s), s->len);
        return;
    }
    }
}

/* array_send: ndim, has-nulls flag, element type OID, (length, lower bound)
 * per dimension, then each element as a length (-1 for NULL) and its own
 * binary form. */
static void array_binary_out(OmType type, const StrView *s, StrBuf *out)
{
    ArrayView av;
    if (array_view(type.id, s, &av, NULL) != 0) memset(&av, 0, sizeof(av));
    put_u32(out, (uint32_t)av.ndim);
    put_u32(out, av.nulls ? 1 : 0);
    put_u32(out, type_oid_of((OmType){type_array_elem(type.id), type.typmod}));
    for (int d = 0; d < av.ndim; d++) {
        put_u32(out, (uint32_t)av.dims[d]);
        put_u32(out, (uint32_t)av.lbounds[d]);
    }
    ArrayIter it;
    array_iter_init(&it, &av);
    Value v;
    while (array_iter_next(&it, &v)) {
        if (v.is_null) {
            put_u32(out, UINT32_MAX);
            continue;
        }
        size_t at = out->len;
        put_u32(out, 0);
        wire_binary_out((OmType){av.elem, av.elem == TYPE_ENUM ? type.typmod : TYPMOD_NONE}, &v.u,
                        out);
        uint32_t n = (uint32_t)(out->len - at - 4);
        uint32_t be = __builtin_bswap32(n);
        memcpy(out->data + at, &be, 4);
    }
}

/* record_send: the number of fields, then per field its type OID and its
 * length (-1 for NULL) and its own binary form. */
static void record_binary_out(const StrView *s, StrBuf *out)
{
    RecordView rv;
    if (record_view(s, &rv, NULL) != 0) memset(&rv, 0, sizeof(rv));
    put_u32(out, rv.nfields);
    RecordIter it;
    record_iter_init(&it, &rv);
    Value v;
    while (record_iter_next(&it, &v)) {
        put_u32(out, type_oid_of(v.type));
        if (v.is_null) {
            put_u32(out, UINT32_MAX);
            continue;
        }
        size_t at = out->len;
        put_u32(out, 0);
        wire_binary_out(v.type, &v.u, out);
        uint32_t be = __builtin_bswap32((uint32_t)(out->len - at - 4));
        memcpy(out->data + at, &be, 4);
    }
}

/* PostgreSQL's receive functions read fixed-size values from the parameter's
 * bytes: too few is 08P01 (the read runs out), too many 22P03. */
static int need_len(size_t len, size_t want, const char *type_name, OmError *err)
{
    if (len < want)
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
    return len == want ? 0 : bad_format(err, type_name);
}

int wire_binary_in(OmType type, const char *data, size_t len, const SessionSettings *settings,
                   Arena *arena, Value *out, OmError *err)
{
    memset(out, 0, sizeof(*out));
    out->type = type;
    const char *name = type_info(type.id)->name;
    switch (type.id) {
    case TYPE_BOOL:
        if (need_len(len, 1, name, err)) return -1;
        out->u.b = data[0] != 0;
        return 0;
    case TYPE_INT2:
        if (need_len(len, 2, name, err)) return -1;
        out->u.i16 = (int16_t)get_u16(data);
        return 0;
    case TYPE_INT4:
        if (need_len(len, 4, name, err)) return -1;
        out->u.i32 = (int32_t)get_u32(data);
        return 0;
    case TYPE_INT8:
        if (need_len(len, 8, name, err)) return -1;
        out->u.i64 = (int64_t)get_u64(data);
        return 0;
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        if (need_len(len, 4, name, err)) return -1;
        out->u.i64 = get_u32(data);
        return 0;
    case TYPE_FLOAT4: {
        if (need_len(len, 4, name, err)) return -1;
        uint32_t bits = get_u32(data);
        memcpy(&out->u.f4, &bits, 4);
        return 0;
    }
    case TYPE_FLOAT8: {
        if (need_len(len, 8, name, err)) return -1;
        uint64_t bits = get_u64(data);
        memcpy(&out->u.f8, &bits, 8);
        return 0;
    }
    case TYPE_NUMERIC: {
        if (numeric_in(data, len, &out->u.num, err) != 0) return -1;
        if (type.typmod >= 0) { /* numeric(p,s): round and check through text rules */
            StrBuf sb;
            strbuf_init(&sb, arena);
            type_text_out(OM_TYPE(TYPE_NUMERIC), &out->u.num, settings, &sb);
            return type_text_in(type, sb.data, sb.len, settings, arena, &out->u, err);
        }
        return 0;
    }
    case TYPE_DATE: {
        if (need_len(len, 4, name, err)) return -1;
        int32_t d = (int32_t)get_u32(data);
        if (d != DATE_NEG_INFINITY && d != DATE_POS_INFINITY &&
            (d < DATE_MIN_DAYS || d >= DATE_END_DAYS))
            return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "date out of range");
        out->u.i32 = d;
        return 0;
    }
    case TYPE_TIME: {
        if (need_len(len, 8, name, err)) return -1;
        int64_t t = (int64_t)get_u64(data);
        if (t < 0 || t > USECS_PER_DAY)
            return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "time out of range");
        out->u.i64 = t;
        return 0;
    }
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        if (need_len(len, 8, name, err)) return -1;
        int64_t t = (int64_t)get_u64(data);
        if (t != TS_NEG_INFINITY && t != TS_POS_INFINITY && (t < TS_MIN_USECS || t >= TS_END_USECS))
            return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range");
        out->u.i64 = t;
        return 0;
    }
    case TYPE_INTERVAL:
        if (need_len(len, 16, name, err)) return -1;
        out->u.iv.micros = (int64_t)get_u64(data);
        out->u.iv.days = (int32_t)get_u32(data + 8);
        out->u.iv.months = (int32_t)get_u32(data + 12);
        return type_interval_typmod(&out->u.iv, type.typmod, err); /* as interval_recv */
    case TYPE_UUID:
        if (need_len(len, 16, name, err)) return -1;
        memcpy(out->u.uuid.b, data, 16);
        return 0;
    case TYPE_BYTEA: {
        char *copy = arena_strndup(arena, data, len);
        out->u.str = strview_make(copy, (uint32_t)len);
        return 0;
    }
    case TYPE_CHAR: /* exactly one byte, as PostgreSQL's charrecv */
        if (need_len(len, 1, name, err)) return -1;
        return type_text_in(type, data, 1, settings, arena, &out->u, err);
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_UNKNOWN:
        if (!utf8_valid(data, len))
            return ERR(err, SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE,
                       "invalid byte sequence for encoding \"UTF8\"");
        /* the text input applies length rules (varchar(n), char(n) padding) */
        return type_text_in(type.id == TYPE_UNKNOWN ? OM_TYPE(TYPE_TEXT) : type, data, len,
                            settings, arena, &out->u, err);
    case TYPE_INET:
    case TYPE_CIDR:
        return inet_binary_in(type.id == TYPE_CIDR, data, len, arena, out, err);
    case TYPE_VOID: /* void_recv: whatever was sent, no value */
        memset(&out->u, 0, sizeof(out->u));
        return 0;
    case TYPE_RECORD: /* record_recv without a composite type to read into */
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "input of anonymous composite types is not implemented");
    case TYPE_ENUM: /* enum_recv: the label's bytes */
        if (!utf8_valid(data, len))
            return ERR(err, SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE,
                       "invalid byte sequence for encoding \"UTF8\"");
        return type_text_in(type, data, len, settings, arena, &out->u, err);
    case TYPE_JSON:
    case TYPE_JSONB:
        if (type.id == TYPE_JSONB) { /* jsonb_recv: version 1, then the text */
            if (len < 1 || data[0] != 1)
                return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                           "unsupported jsonb version number %d", len ? data[0] : -1);
            data++, len--;
        }
        if (!utf8_valid(data, len))
            return ERR(err, SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE,
                       "invalid byte sequence for encoding \"UTF8\"");
        return type_text_in(type, data, len, settings, arena, &out->u, err);
    default:
        if (type_is_array(type.id))
            return array_binary_in(type, data, len, settings, arena, out, err);
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "no binary input function available for type %s", name);
    }
}

/* inet_recv / cidr_recv: the layout inet_send writes; the is_cidr byte is
 * not checked, but a cidr must have no bit set right of its mask. */
static int inet_binary_in(bool is_cidr, const char *data, size_t len, Arena *arena, Value *out,
                          OmError *err)
{
    const char *tname = is_cidr ? "cidr" : "inet";
    const uint8_t *u = (const uint8_t *)data;
    if (len < 4 || (u[0] != 2 && u[0] != 3))
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                   "invalid address family in external \"%s\" value", tname);
    InetValue v = {.family = u[0] == 2 ? INET_FAMILY_V4 : INET_FAMILY_V6, .bits = u[1]};
    if (v.bits > inet_max_bits(&v))
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                   "invalid bits in external \"%s\" value", tname);
    if (u[3] != inet_addr_bytes(&v) || len != 4 + (size_t)u[3])
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                   "invalid length in external \"%s\" value", tname);
    memcpy(v.addr, u + 4, u[3]);
    if (is_cidr) {
        InetValue net = v;
        inet_mask_host_bits(&net, false);
        if (memcmp(net.addr, v.addr, sizeof(v.addr)) != 0)
            return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                       "invalid external \"cidr\" value");
    }
    uint8_t bytes[INET_MAX_BYTES];
    size_t n = inet_encode(&v, bytes);
    char *copy = arena_strndup(arena, (const char *)bytes, n);
    out->u.str = strview_make(copy, (uint32_t)n);
    return 0;
}

/* array_recv: the element type sent must be the array's (22P03 otherwise,
 * with PostgreSQL's words: "binary data has array element type %u (%s)
 * instead of expected %u (%s)" shortened) */
static int array_binary_in(OmType type, const char *data, size_t len,
                           const SessionSettings *settings, Arena *arena, Value *out, OmError *err)
{
    TypeId elem = type_array_elem(type.id);
    if (len < 12) return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
    uint32_t ndim = get_u32(data), flags = get_u32(data + 4), eoid = get_u32(data + 8);
    if (ndim > ARRAY_MAX_DIMS)
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION, "invalid number of dimensions: %u",
                   ndim);
    if (flags > 1) return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION, "invalid array flags");
    Oid want = type_oid_of((OmType){elem, type.typmod});
    if (eoid != want)
        return ERR(err, SQLSTATE_DATATYPE_MISMATCH,
                   "binary data has array element type %u instead of expected %u", eoid, want);
    size_t pos = 12;
    int32_t dims[ARRAY_MAX_DIMS], lbs[ARRAY_MAX_DIMS];
    uint64_t n = ndim ? 1 : 0;
    for (uint32_t d = 0; d < ndim; d++) {
        if (len - pos < 8)
            return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
        dims[d] = (int32_t)get_u32(data + pos);
        lbs[d] = (int32_t)get_u32(data + pos + 4);
        pos += 8;
        if (dims[d] < 0)
            return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "array size exceeds the maximum allowed");
        n *= (uint64_t)dims[d];
        if (n > (len - pos) / 4 + 1)
            return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
    }
    Value *vals = ARENA_NEW_ARRAY(arena, Value, n ? n : 1);
    for (uint64_t i = 0; i < n; i++) {
        if (len - pos < 4)
            return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
        int32_t elen = (int32_t)get_u32(data + pos);
        pos += 4;
        if (elen == -1) {
            memset(&vals[i], 0, sizeof(Value));
            vals[i].is_null = true;
            continue;
        }
        if (elen < 0 || (size_t)elen > len - pos)
            return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "insufficient data left in message");
        if (wire_binary_in((OmType){elem, type.typmod}, data + pos, (size_t)elen, settings, arena,
                           &vals[i], err) != 0)
            return -1;
        pos += (size_t)elen;
    }
    if (pos != len)
        return ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                   "incorrect binary data format in array");
    StrBuf sb;
    strbuf_init(&sb, arena);
    array_write(elem, (int)ndim, dims, lbs, vals, (uint32_t)n, &sb);
    out->u.str = strview_make(sb.data, (uint32_t)sb.len);
    return 0;
}

bool wire_utf8_valid(const char *s, size_t len)
{
    return utf8_valid(s, len);
}
