/*
 * vector_ops.c — comparison and hashing of values under PostgreSQL's
 * btree/hash opclass semantics (see vector_ops.h).
 *
 * Hashing invariants: values that compare equal hash equal. Integers of every
 * width (and dates, oids) hash through their int64 value; floats hash as
 * double with -0 folded to 0 and every NaN to one NaN; numerics hash their
 * normalised form (1.5 and 1.50 agree); bpchar hashes without trailing spaces;
 * intervals hash their total span (1 mon = 30 days, as PostgreSQL compares).
 */
#include "exec/vector_ops.h"

#include "catalog/array.h"
#include "catalog/inet.h"
#include "catalog/json.h"
#include "catalog/record.h"

#include <math.h>

#include "catalog/type_io_int.h"

#define HASH_NULL UINT64_C(0x7f4a7c159e3779b9)

static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

static inline uint64_t hash_combine(uint64_t a, uint64_t b)
{
    return mix64(a ^ (b + UINT64_C(0x9e3779b97f4a7c15) + (a << 6) + (a >> 2)));
}

static uint64_t hash_bytes(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = UINT64_C(0x84222325cbf29ce4) ^ (len * UINT64_C(0x100000001b3));
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ mix64(w)) * UINT64_C(0x9fb21c651e98df25);
        p += 8;
        len -= 8;
    }
    if (len > 0) {
        uint64_t w = 0;
        memcpy(&w, p, len);
        h = (h ^ mix64(w ^ ((uint64_t)len << 56))) * UINT64_C(0x9fb21c651e98df25);
    }
    return mix64(h);
}

static inline uint64_t hash_i64(int64_t v)
{
    return mix64((uint64_t)v * UINT64_C(0x9e3779b97f4a7c15) + UINT64_C(0x632be59bd9b4e019));
}

static inline uint64_t hash_f8(double d)
{
    if (d == 0) d = 0; /* folds -0 */
    if (isnan(d)) return UINT64_C(0x6e616e6e616e6e61);
    uint64_t bits;
    memcpy(&bits, &d, 8);
    return mix64(bits ^ UINT64_C(0x2545f4914f6cdd1d));
}

static inline uint32_t bpchar_trim_len(const StrView *s)
{
    const char *d = strview_data(s);
    uint32_t n = s->len;
    while (n > 0 && d[n - 1] == ' ') n--;
    return n;
}

static __int128 interval_span(const OmInterval *iv)
{
    return (__int128)iv->months * 30 * USECS_PER_DAY + (__int128)iv->days * USECS_PER_DAY +
           iv->micros;
}

static inline int float_cmp(double a, double b)
{
    if (isnan(a)) return isnan(b) ? 0 : 1;
    if (isnan(b)) return -1;
    return a < b ? -1 : (a > b ? 1 : 0);
}

int value_cmp(TypeId type, const void *a, const void *b)
{
#define CMP3(T)                                                                                    \
    do {                                                                                           \
        T x_, y_;                                                                                  \
        memcpy(&x_, a, sizeof(T));                                                                 \
        memcpy(&y_, b, sizeof(T));                                                                 \
        return x_ < y_ ? -1 : (x_ > y_ ? 1 : 0);                                                   \
    } while (0)
    switch (type) {
    case TYPE_BOOL:
        CMP3(uint8_t);
    case TYPE_INT2:
        CMP3(int16_t);
    case TYPE_INT4:
    case TYPE_DATE:
        CMP3(int32_t);
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        CMP3(int64_t);
    case TYPE_FLOAT4: {
        float x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return float_cmp(x, y);
    }
    case TYPE_FLOAT8:
    case TYPE_ENUM: {
        double x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        return float_cmp(x, y);
    }
    case TYPE_NUMERIC: {
        OmNumeric x, y;
        memcpy(&x, a, 16);
        memcpy(&y, b, 16);
        return numeric_cmp(x, y);
    }
    case TYPE_INTERVAL: {
        __int128 x = interval_span(a), y = interval_span(b);
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    case TYPE_UUID: {
        int c = memcmp(a, b, 16);
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TYPE_BOOL_ARRAY ... TYPE_OIDVECTOR:
    case TYPE_ENUM_ARRAY:
        return array_cmp(type, a, b);
    case TYPE_JSONB:
        return jsonb_value_cmp(a, b);
    case TYPE_RECORD:
        return record_value_cmp(a, b);
    case TYPE_INET:
    case TYPE_CIDR:
        return inet_value_cmp(a, b);
    case TYPE_BPCHAR: {
        const StrView *x = a, *y = b;
        uint32_t lx = bpchar_trim_len(x), ly = bpchar_trim_len(y);
        uint32_t n = lx < ly ? lx : ly;
        int c = n ? memcmp(strview_data(x), strview_data(y), n) : 0;
        if (c != 0) return c < 0 ? -1 : 1;
        return lx < ly ? -1 : (lx > ly ? 1 : 0);
    }
    default:
        return strview_cmp(a, b);
    }
#undef CMP3
}

bool value_eq(TypeId type, const void *a, const void *b)
{
    switch (type) {
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_NAME:
    case TYPE_BYTEA:
    case TYPE_CHAR:
    case TYPE_UNKNOWN:
        return strview_eq(a, b);
    case TYPE_INT4:
    case TYPE_DATE:
        return memcmp(a, b, 4) == 0;
    case TYPE_INT8:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_TIME:
    case TYPE_OID:
        return memcmp(a, b, 8) == 0;
    default:
        return value_cmp(type, a, b) == 0;
    }
}

int jsonb_value_cmp(const StrView *a, const StrView *b)
{
    if (strview_eq(a, b)) return 0;
    Arena *tmp = arena_create(NULL, "jsonb compare");
    JsNode *x = json_parse_stored(a, tmp), *y = json_parse_stored(b, tmp);
    int c = x && y ? json_cmp(x, y) : strview_cmp(a, b);
    arena_destroy(tmp);
    return c;
}

int inet_value_cmp(const StrView *a, const StrView *b)
{
    InetValue x, y;
    if (!inet_decode((const uint8_t *)strview_data(a), a->len, &x) ||
        !inet_decode((const uint8_t *)strview_data(b), b->len, &y))
        return strview_cmp(a, b);
    return inet_cmp(&x, &y);
}

int array_cmp(TypeId array_type, const StrView *a, const StrView *b)
{
    ArrayView x, y;
    if (array_view(array_type, a, &x, NULL) != 0 || array_view(array_type, b, &y, NULL) != 0)
        return 0;
    ArrayIter ix, iy;
    array_iter_init(&ix, &x);
    array_iter_init(&iy, &y);
    Value vx, vy;
    uint32_t n = x.nelems < y.nelems ? x.nelems : y.nelems;
    for (uint32_t i = 0; i < n; i++) {
        array_iter_next(&ix, &vx);
        array_iter_next(&iy, &vy);
        if (vx.is_null || vy.is_null) {
            if (vx.is_null != vy.is_null) return vx.is_null ? 1 : -1;
            continue;
        }
        int c = value_cmp(x.elem, &vx.u, &vy.u);
        if (c != 0) return c;
    }
    if (x.nelems != y.nelems) return x.nelems < y.nelems ? -1 : 1;
    if (x.ndim != y.ndim) return x.ndim < y.ndim ? -1 : 1;
    for (int d = 0; d < x.ndim; d++) {
        if (x.dims[d] != y.dims[d]) return x.dims[d] < y.dims[d] ? -1 : 1;
        if (x.lbounds[d] != y.lbounds[d]) return x.lbounds[d] < y.lbounds[d] ? -1 : 1;
    }
    return 0;
}

uint64_t array_hash(TypeId array_type, const StrView *a)
{
    ArrayView av;
    if (array_view(array_type, a, &av, NULL) != 0) return 0;
    uint64_t h = hash_i64(av.nelems);
    ArrayIter it;
    array_iter_init(&it, &av);
    Value v;
    while (array_iter_next(&it, &v))
        h = hash_combine(h, v.is_null ? HASH_NULL : value_hash(av.elem, &v.u));
    return h;
}

int record_value_cmp(const StrView *a, const StrView *b)
{
    RecordView x, y;
    if (record_view(a, &x, NULL) != 0 || record_view(b, &y, NULL) != 0) return strview_cmp(a, b);
    RecordIter ix, iy;
    record_iter_init(&ix, &x);
    record_iter_init(&iy, &y);
    Value vx, vy;
    while (record_iter_next(&ix, &vx) && record_iter_next(&iy, &vy)) {
        if (vx.is_null || vy.is_null) {
            if (vx.is_null != vy.is_null) return vx.is_null ? 1 : -1;
            continue;
        }
        if (vx.type.id != vy.type.id) return vx.type.id < vy.type.id ? -1 : 1;
        int c = value_cmp(vx.type.id, &vx.u, &vy.u);
        if (c != 0) return c;
    }
    return x.nfields < y.nfields ? -1 : (x.nfields > y.nfields ? 1 : 0);
}

static uint64_t record_hash(const StrView *a)
{
    RecordView rv;
    if (record_view(a, &rv, NULL) != 0) return hash_bytes(strview_data(a), a->len);
    uint64_t h = hash_i64(rv.nfields);
    RecordIter it;
    record_iter_init(&it, &rv);
    Value v;
    while (record_iter_next(&it, &v))
        h = hash_combine(h, v.is_null ? HASH_NULL : value_hash(v.type.id, &v.u));
    return h;
}

uint64_t value_hash(TypeId type, const void *p)
{
    switch (type) {
    case TYPE_BOOL:
        return hash_i64(*(const uint8_t *)p);
    case TYPE_INT2: {
        int16_t v;
        memcpy(&v, p, 2);
        return hash_i64(v);
    }
    case TYPE_INT4:
    case TYPE_DATE: {
        int32_t v;
        memcpy(&v, p, 4);
        return hash_i64(v);
    }
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC: {
        int64_t v;
        memcpy(&v, p, 8);
        return hash_i64(v);
    }
    case TYPE_FLOAT4: {
        float v;
        memcpy(&v, p, 4);
        return hash_f8((double)v);
    }
    case TYPE_FLOAT8:
    case TYPE_ENUM: {
        double v;
        memcpy(&v, p, 8);
        return hash_f8(v);
    }
    case TYPE_NUMERIC: {
        OmNumeric n;
        memcpy(&n, p, 16);
        n = numeric_normalize(n);
        return hash_bytes(&n, 16);
    }
    case TYPE_INTERVAL: {
        __int128 s = interval_span(p);
        return hash_bytes(&s, 16);
    }
    case TYPE_UUID:
        return hash_bytes(p, 16);
    case TYPE_BPCHAR: {
        const StrView *s = p;
        return hash_bytes(strview_data(s), bpchar_trim_len(s));
    }
    case TYPE_BOOL_ARRAY ... TYPE_OIDVECTOR:
    case TYPE_ENUM_ARRAY:
        return array_hash(type, p);
    case TYPE_RECORD:
        return record_hash(p);
    case TYPE_JSONB: {
        /* equal values (1.0 and 1) hash equal: numbers normalised */
        Arena *tmp = arena_create(NULL, "jsonb hash");
        JsNode *n = json_parse_stored(p, tmp);
        uint64_t h = 0;
        if (n) {
            StrBuf sb;
            strbuf_init(&sb, tmp);
            json_write_hash_form(n, &sb);
            h = hash_bytes(sb.data ? sb.data : "", sb.len);
        }
        arena_destroy(tmp);
        return h;
    }
    default: {
        const StrView *s = p;
        return hash_bytes(strview_data(s), s->len);
    }
    }
}

#define HASH_LOOP(T, HFN)                                                                          \
    do {                                                                                           \
        const T *d_ = (const T *)v->data;                                                          \
        if (!sel && !combine) {                                                                    \
            for (uint32_t i = 0; i < count; i++) hashes[i] = HFN(d_[i]);                           \
        } else if (!sel) {                                                                         \
            for (uint32_t i = 0; i < count; i++) hashes[i] = hash_combine(hashes[i], HFN(d_[i]));  \
        } else {                                                                                   \
            for (uint32_t i = 0; i < count; i++) {                                                 \
                uint64_t h_ = HFN(d_[sel[i]]);                                                     \
                hashes[i] = combine ? hash_combine(hashes[i], h_) : h_;                            \
            }                                                                                      \
        }                                                                                          \
    } while (0)

void vector_hash(const Vector *v, const uint16_t *sel, uint32_t count, uint64_t *hashes,
                 bool combine)
{
    TypeId t = v->type.id;
    if (v->kind == VEC_CONSTANT) {
        uint64_t h = vector_is_valid(v, 0) ? value_hash(t, v->data) : HASH_NULL;
        for (uint32_t i = 0; i < count; i++) hashes[i] = combine ? hash_combine(hashes[i], h) : h;
        return;
    }
    if (v->kind == VEC_DICT || v->validity != NULL) {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel ? sel[i] : i;
            uint64_t h =
                vector_is_valid(v, row) ? value_hash(t, vector_value_ptr(v, row)) : HASH_NULL;
            hashes[i] = combine ? hash_combine(hashes[i], h) : h;
        }
        return;
    }
    switch (t) {
    case TYPE_INT4:
    case TYPE_DATE:
        HASH_LOOP(int32_t, hash_i64);
        break;
    case TYPE_INT8:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_TIME:
    case TYPE_OID:
        HASH_LOOP(int64_t, hash_i64);
        break;
    case TYPE_INT2:
        HASH_LOOP(int16_t, hash_i64);
        break;
    case TYPE_FLOAT8:
    case TYPE_ENUM:
        HASH_LOOP(double, hash_f8);
        break;
    default: {
        size_t width = type_info(t)->width;
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel ? sel[i] : i;
            uint64_t h = value_hash(t, (const char *)v->data + (size_t)row * width);
            hashes[i] = combine ? hash_combine(hashes[i], h) : h;
        }
        break;
    }
    }
}
