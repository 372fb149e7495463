/*
 * zone_map.c — min/max/NULL-count summaries per vector and per row group, and
 * the SQL ordering of payloads they rely on.
 *
 * A zone map is conservative: it may cover more values than the rows it
 * describes (never fewer), so a scan that skips a vector because a constant
 * lies outside [min, max] never skips a matching row.
 *
 * Orders (must agree with the executor's comparison operators):
 *   integers, date, time, timestamp(tz), oid   numeric order
 *   float4/float8   PostgreSQL order: -0 = 0, NaN equal to NaN and above all
 *   numeric         by value (1.5 = 1.50)
 *   interval        by the 30-day-month span, as PostgreSQL's interval_cmp
 *   text, varchar, name, "char", bytea   bytewise (C collation), then length
 *   uuid            bytewise; bool  false < true
 * bpchar (trailing-space-insensitive) is not summarised.
 */
#include <math.h>
#include <string.h>

#include "catalog/type_io_int.h"
#include "storage/storage_int.h"

bool zone_map_type_supported(TypeId type)
{
    switch (type) {
    case TYPE_BOOL:
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
    case TYPE_ENUM:
    case TYPE_NUMERIC:
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_NAME:
    case TYPE_CHAR:
    case TYPE_BYTEA:
    case TYPE_DATE:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL:
    case TYPE_UUID:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        return true;
    default:
        return false;
    }
}

static int cmp_double(double a, double b)
{
    bool an = isnan(a), bn = isnan(b);
    if (an || bn) return an && bn ? 0 : (an ? 1 : -1);
    return a < b ? -1 : (a > b ? 1 : 0);
}

static __int128 interval_span(const OmInterval *iv)
{
    __int128 days = (__int128)iv->months * 30 + iv->days;
    return days * USECS_PER_DAY + iv->micros;
}

#define CMP3(a, b) ((a) < (b) ? -1 : ((a) > (b) ? 1 : 0))

int zone_map_compare(TypeId type, const void *a, const void *b)
{
    /* Slots are only as aligned as their width: copy before reading the
     * union (which __int128 aligns to 16). */
    StoragePayload xa, ya;
    size_t width = type_info(type)->width;
    memcpy(&xa, a, width);
    memcpy(&ya, b, width);
    const StoragePayload *x = &xa, *y = &ya;
    switch (type) {
    case TYPE_BOOL:
        return CMP3(x->b, y->b);
    case TYPE_INT2:
        return CMP3(x->i16, y->i16);
    case TYPE_INT4:
    case TYPE_DATE:
        return CMP3(x->i32, y->i32);
    case TYPE_INT8:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
    case TYPE_REGPROC:
        return CMP3(x->i64, y->i64);
    case TYPE_FLOAT4:
        return cmp_double(x->f4, y->f4);
    case TYPE_FLOAT8:
    case TYPE_ENUM:
        return cmp_double(x->f8, y->f8);
    case TYPE_NUMERIC:
        return numeric_cmp(x->num, y->num) /* any scales, NaN and infinities */;
    case TYPE_INTERVAL: {
        __int128 sa = interval_span(&x->iv), sb = interval_span(&y->iv);
        return CMP3(sa, sb);
    }
    case TYPE_UUID: {
        int c = memcmp(x->uuid.b, y->uuid.b, 16);
        return CMP3(c, 0);
    }
    default:
        if (storage_type_is_string(type)) return strview_cmp(&x->str, &y->str);
        return 0;
    }
}

void zone_map_reset(ZoneMap *zone)
{
    memset(zone, 0, sizeof(*zone));
}

static inline bool bit_valid(const uint64_t *validity, uint32_t i)
{
    return validity == NULL || ((validity[i >> 6] >> (i & 63)) & 1);
}

/* Type-specialised min/max loop over plain arithmetic slots. */
#define ZONE_LOOP(T, FIELD)                                                                        \
    do {                                                                                           \
        const T *vals = (const T *)data;                                                           \
        T lo = 0, hi = 0;                                                                          \
        bool any = false;                                                                          \
        for (uint32_t i = first; i < first + n; i++) {                                             \
            if (!bit_valid(validity, i)) {                                                         \
                nulls++;                                                                           \
                continue;                                                                          \
            }                                                                                      \
            T v = vals[i];                                                                         \
            if (!any) {                                                                            \
                lo = hi = v;                                                                       \
                any = true;                                                                        \
            } else if (v < lo) {                                                                   \
                lo = v;                                                                            \
            } else if (v > hi) {                                                                   \
                hi = v;                                                                            \
            }                                                                                      \
        }                                                                                          \
        if (any) {                                                                                 \
            part.min.FIELD = lo;                                                                   \
            part.max.FIELD = hi;                                                                   \
            part.has_minmax = true;                                                                \
        }                                                                                          \
    } while (0)

/* As ZONE_LOOP for floats, in PostgreSQL's order (NaN above everything,
 * -0 = 0 needs nothing: either zero is a correct bound). */
#define ZONE_LOOP_FLOAT(T, FIELD)                                                                  \
    do {                                                                                           \
        const T *vals = (const T *)data;                                                           \
        T lo = 0, hi = 0;                                                                          \
        bool any = false;                                                                          \
        for (uint32_t i = first; i < first + n; i++) {                                             \
            if (!bit_valid(validity, i)) {                                                         \
                nulls++;                                                                           \
                continue;                                                                          \
            }                                                                                      \
            T v = vals[i];                                                                         \
            if (!any) {                                                                            \
                lo = hi = v;                                                                       \
                any = true;                                                                        \
            } else if (isnan(v)) {                                                                 \
                hi = v;                                                                            \
                if (isnan(lo)) lo = v;                                                             \
            } else {                                                                               \
                if (v < lo || isnan(lo)) lo = v;                                                   \
                if (!isnan(hi) && v > hi) hi = v;                                                  \
            }                                                                                      \
        }                                                                                          \
        if (any) {                                                                                 \
            part.min.FIELD = lo;                                                                   \
            part.max.FIELD = hi;                                                                   \
            part.has_minmax = true;                                                                \
        }                                                                                          \
    } while (0)

void zone_map_add_range(ZoneMap *zone, OmType type, const void *data, const uint64_t *validity,
                        uint32_t first, uint32_t n)
{
    ZoneMap part;
    zone_map_reset(&part);
    uint32_t nulls = 0;
    if (!zone_map_type_supported(type.id)) {
        for (uint32_t i = first; i < first + n; i++) nulls += !bit_valid(validity, i);
    } else {
        switch (type.id) {
        case TYPE_INT2:
            ZONE_LOOP(int16_t, i16);
            break;
        case TYPE_INT4:
        case TYPE_DATE:
            ZONE_LOOP(int32_t, i32);
            break;
        case TYPE_INT8:
        case TYPE_TIME:
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMPTZ:
        case TYPE_OID:
        case TYPE_REGCLASS:
        case TYPE_REGTYPE:
        case TYPE_REGPROC:
            ZONE_LOOP(int64_t, i64);
            break;
        case TYPE_FLOAT8:
        case TYPE_ENUM:
            ZONE_LOOP_FLOAT(double, f8);
            break;
        case TYPE_FLOAT4:
            ZONE_LOOP_FLOAT(float, f4);
            break;
        case TYPE_TEXT:
        case TYPE_VARCHAR:
        case TYPE_NAME:
        case TYPE_CHAR:
        case TYPE_BYTEA: {
            const StrView *vals = data;
            const StrView *lo = NULL, *hi = NULL;
            for (uint32_t i = first; i < first + n; i++) {
                if (!bit_valid(validity, i)) {
                    nulls++;
                    continue;
                }
                const StrView *v = &vals[i];
                if (lo == NULL) {
                    lo = hi = v;
                } else if (strview_cmp(v, lo) < 0) {
                    lo = v;
                } else if (strview_cmp(v, hi) > 0) {
                    hi = v;
                }
            }
            if (lo) {
                part.min.str = *lo;
                part.max.str = *hi;
                part.has_minmax = true;
            }
            break;
        }
        default: {
            size_t width = type_info(type.id)->width;
            const char *base = data;
            for (uint32_t i = first; i < first + n; i++) {
                if (!bit_valid(validity, i)) {
                    nulls++;
                    continue;
                }
                const void *v = base + (size_t)i * width;
                if (!part.has_minmax) {
                    memcpy(&part.min, v, width);
                    memcpy(&part.max, v, width);
                    part.has_minmax = true;
                } else if (zone_map_compare(type.id, v, &part.min) < 0) {
                    memcpy(&part.min, v, width);
                } else if (zone_map_compare(type.id, v, &part.max) > 0) {
                    memcpy(&part.max, v, width);
                }
            }
            break;
        }
        }
    }
    part.row_count = n;
    part.null_count = nulls;
    zone_map_merge(zone, &part, type.id);
}

void zone_map_merge(ZoneMap *dst, const ZoneMap *src, TypeId type)
{
    dst->row_count += src->row_count;
    dst->null_count += src->null_count;
    if (!src->has_minmax) return;
    if (!dst->has_minmax) {
        dst->min = src->min;
        dst->max = src->max;
        dst->has_minmax = true;
        return;
    }
    if (zone_map_compare(type, &src->min, &dst->min) < 0) dst->min = src->min;
    if (zone_map_compare(type, &src->max, &dst->max) > 0) dst->max = src->max;
}
