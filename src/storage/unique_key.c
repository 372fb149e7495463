/*
 * unique_key.c — the key encoding of unique indexes: typed column values to
 * memcmp-ordered bytes (concatenated for composite keys).
 *
 * Per column:
 *   bool                              1 byte
 *   int2/int4/int8, date, time,       8 bytes big-endian, sign bit flipped (every
 *   timestamp(tz), oid                integer width encodes alike: an int8 constant
 *                                     compares correctly with int4 keys)
 *   float4/float8                     as double; -0 -> 0, one NaN above +Infinity;
 *                                     positives get the sign bit set, negatives are
 *                                     inverted
 *   numeric                           0x01 for zero; else 0x02 (positive) or 0x00
 *                                     (negative), then two bytes 0x8000 + e big-endian
 *                                     (e runs from -254 to 36: scale <= 255) and the
 *                                     significant decimal digits as '1'..'9'/'0'
 *                                     bytes ending in 0x00, where value = 0.d1d2.. x
 *                                     10^e (trailing zeros stripped, so 1.5 and 1.50
 *                                     are equal); a negative value has the bytes
 *                                     after its sign byte inverted; -Infinity is
 *                                     0x00 0x00, Infinity 0x02 0xFE, NaN 0x02 0xFF
 *   interval                          30-day-month span in microseconds, 16 bytes
 *                                     big-endian, sign flipped (PostgreSQL's order)
 *   uuid                              16 bytes
 *   strings, bytea                    bytes with 0x00 -> 0x00 0xFF, then 0x00 0x00
 *                                     (bpchar: trailing spaces dropped first)
 * Every component is self-delimiting, so the memcmp order of the concatenation is
 * the lexicographic SQL order of the tuples (strings in C collation) and a leading
 * column's encoding is a prefix of the full key.
 */
#include "storage/unique_index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/inet.h"
#include "storage/storage_int.h"

/* ---- key encoding ---- */

void unique_key_init(UniqueKey *key)
{
    memset(key, 0, sizeof(*key));
}

void unique_key_fini(UniqueKey *key)
{
    free(key->data);
    memset(key, 0, sizeof(*key));
}

void unique_key_reset(UniqueKey *key)
{
    key->len = 0;
}

static int key_reserve(UniqueKey *key, size_t extra)
{
    if (key->len + extra <= key->cap) return 0;
    size_t cap = key->cap ? key->cap * 2 : 64;
    while (cap < key->len + extra) cap *= 2;
    uint8_t *p = realloc(key->data, cap);
    if (p == NULL) return -1;
    key->data = p;
    key->cap = cap;
    return 0;
}

static void put_u64(UniqueKey *key, uint64_t v)
{
    for (int i = 7; i >= 0; i--) key->data[key->len++] = (uint8_t)(v >> (i * 8));
}

static void put_i128(UniqueKey *key, __int128 v)
{
    unsigned __int128 u = (unsigned __int128)v ^ ((unsigned __int128)1 << 127);
    put_u64(key, (uint64_t)(u >> 64));
    put_u64(key, (uint64_t)u);
}

static void put_i64(UniqueKey *key, int64_t v)
{
    put_u64(key, (uint64_t)v ^ (UINT64_C(1) << 63));
}

int unique_key_add(UniqueKey *key, OmType type, const void *payload, bool is_null)
{
    if (is_null) return 1;
    StoragePayload copy; /* slots are only as aligned as their width */
    memcpy(&copy, payload, type_info(type.id)->width);
    const StoragePayload *p = &copy;
    if (key_reserve(key, 24) != 0) return -1;
    switch (type.id) {
    case TYPE_BOOL:
        key->data[key->len++] = p->b ? 1 : 0;
        return 0;
    case TYPE_INT2:
        put_i64(key, p->i16);
        return 0;
    case TYPE_INT4:
    case TYPE_DATE:
        put_i64(key, p->i32);
        return 0;
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        put_i64(key, p->i64);
        return 0;
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
    case TYPE_ENUM: {
        double d = type.id == TYPE_FLOAT4 ? (double)p->f4 : p->f8;
        if (d == 0) d = 0;     /* -0 = 0 */
        if (isnan(d)) d = NAN; /* one NaN, above everything */
        uint64_t bits;
        memcpy(&bits, &d, sizeof(bits));
        if (isnan(d)) bits = UINT64_C(0x7ff8000000000000);
        bits = (bits >> 63) ? ~bits : bits | (UINT64_C(1) << 63);
        put_u64(key, bits);
        return 0;
    }
    case TYPE_NUMERIC: {
        __int128 m = numeric_mantissa(p->num);
        int scale = numeric_scale(p->num);
        if (numeric_is_special(p->num)) {
            /* exponent bytes no finite value reaches: -Infinity 0x00 0x00 (below every
             * negative), Infinity 0x02 0xFE and NaN 0x02 0xFF (above every positive) */
            if (key_reserve(key, 2) != 0) return -1;
            int inf = numeric_inf_sign(p->num);
            key->data[key->len++] = inf < 0 ? 0 : 2;
            key->data[key->len++] = inf < 0 ? 0x00 : (inf > 0 ? 0xFE : 0xFF);
            return 0;
        }
        if (m == 0) {
            key->data[key->len++] = 1;
            return 0;
        }
        bool neg = m < 0;
        unsigned __int128 u = neg ? -(unsigned __int128)m : (unsigned __int128)m;
        while (u % 10 == 0) {
            u /= 10;
            scale--;
        }
        char digits[48];
        int nd = 0;
        for (; u != 0; u /= 10) digits[nd++] = (char)('0' + (int)(u % 10));
        if (key_reserve(key, (size_t)nd + 4) != 0) return -1;
        size_t start = key->len;
        key->data[key->len++] = neg ? 0 : 2;
        /* first byte 0x7F or 0x80: below the special values' 0xFE/0xFF, and
         * inverted for negatives still above -Infinity's 0x00 */
        unsigned e = 0x8000u + (unsigned)(nd - scale);
        key->data[key->len++] = (uint8_t)(e >> 8);
        key->data[key->len++] = (uint8_t)e;
        while (nd > 0) key->data[key->len++] = (uint8_t)digits[--nd];
        key->data[key->len++] = 0;
        if (neg)
            for (size_t i = start + 1; i < key->len; i++) key->data[i] = (uint8_t)~key->data[i];
        return 0;
    }
    case TYPE_INTERVAL: {
        __int128 days = (__int128)p->iv.months * 30 + p->iv.days;
        put_i128(key, days * USECS_PER_DAY + p->iv.micros);
        return 0;
    }
    case TYPE_UUID:
        memcpy(key->data + key->len, p->uuid.b, 16);
        key->len += 16;
        return 0;
    case TYPE_INET:
    case TYPE_CIDR: {
        /* network order (inet.h): the family, the network's bits one byte each
         * (1 or 2) closed by 0, so a shorter mask sorts first among equal
         * prefixes, then the whole address */
        InetValue v;
        if (!inet_decode((const uint8_t *)strview_data(&p->str), p->str.len, &v)) break;
        int nbytes = inet_addr_bytes(&v);
        if (key_reserve(key, 2 + (size_t)v.bits + (size_t)nbytes) != 0) return -1;
        key->data[key->len++] = v.family;
        for (int i = 0; i < v.bits; i++)
            key->data[key->len++] = (uint8_t)(1 + ((v.addr[i / 8] >> (7 - i % 8)) & 1));
        key->data[key->len++] = 0;
        memcpy(key->data + key->len, v.addr, (size_t)nbytes);
        key->len += (size_t)nbytes;
        return 0;
    }
    default:
        break;
    }
    /* Strings. */
    const char *s = strview_data(&p->str);
    uint32_t len = p->str.len;
    if (type.id == TYPE_BPCHAR)
        while (len > 0 && s[len - 1] == ' ') len--;
    if (key_reserve(key, (size_t)len * 2 + 2) != 0) return -1;
    for (uint32_t i = 0; i < len; i++) {
        key->data[key->len++] = (uint8_t)s[i];
        if (s[i] == 0) key->data[key->len++] = 0xff;
    }
    key->data[key->len++] = 0;
    key->data[key->len++] = 0;
    return 0;
}

int unique_key_successor(const uint8_t *key, size_t len, UniqueKey *out)
{
    unique_key_reset(out);
    while (len > 0 && key[len - 1] == 0xff) len--;
    if (len == 0) return 0;
    if (key_reserve(out, len) != 0) return -1;
    memcpy(out->data, key, len);
    out->data[len - 1]++;
    out->len = len;
    return 1;
}
