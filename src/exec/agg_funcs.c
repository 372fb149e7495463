/*
 * agg_funcs.c — aggregate resolution (agg_resolve) and the per-group state
 * machinery of the hash aggregate (AggState): one type-specialised update loop
 * per (aggregate, argument type) pair, selected once per call and run over
 * (group id, value) pairs, and a finalisation step per output chunk.
 *
 * Exact results: see agg_registry.h. avg over integers and numeric builds a
 * numeric sum vector and a numeric count vector and hands them to the numeric
 * "/" kernel of the function registry, so the result scale is the one
 * PostgreSQL's numeric_div chooses (avg(1,2) = 1.5000000000000000).
 */
#include "exec/agg_registry.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "catalog/type_io_int.h"
#include "exec/chunk_collection.h"
#include "exec/func_registry.h"
#include "exec/vector_ops.h"

enum AggOp {
    AOP_COUNT_STAR,
    AOP_COUNT,
    AOP_SUM_I2,
    AOP_SUM_I4,
    AOP_SUM_I8,
    AOP_SUM_NUM,
    AOP_SUM_F4,
    AOP_SUM_F8,
    AOP_SUM_IV,
    AOP_AVG_I2,
    AOP_AVG_I4,
    AOP_AVG_I8,
    AOP_AVG_NUM,
    AOP_AVG_F4,
    AOP_AVG_F8,
    AOP_AVG_IV,
    AOP_MIN_I2,
    AOP_MIN_I4,
    AOP_MIN_I8,
    AOP_MAX_I2,
    AOP_MAX_I4,
    AOP_MAX_I8,
    AOP_MIN_GEN,
    AOP_MAX_GEN,
    AOP_MIN_STR,
    AOP_MAX_STR,
    AOP_BOOL_AND,
    AOP_BOOL_OR,
    AOP_STRING_AGG,
};

typedef struct StrAcc {
    char *buf;
    uint32_t len;
    uint32_t cap;
} StrAcc;

/* ---------------------------------------------------------------- resolve */

static bool minmax_type_ok(TypeId t)
{
    switch (t) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
    case TYPE_NUMERIC:
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_UNKNOWN:
    case TYPE_DATE:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL:
    case TYPE_OID:
        return true;
    default:
        return false;
    }
}

static int no_such_agg(const char *name, const OmType *arg_type, bool star, OmError *err)
{
    char tbuf[128];
    if (star)
        snprintf(tbuf, sizeof(tbuf), "*");
    else if (arg_type == NULL)
        tbuf[0] = '\0';
    else if (arg_type->id == TYPE_NULL || arg_type->id == TYPE_UNKNOWN)
        snprintf(tbuf, sizeof(tbuf), "unknown");
    else
        snprintf(tbuf, sizeof(tbuf), "%s", type_info(arg_type->id)->sql_name);
    ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, tbuf);
    error_hint(err, "No function matches the given name and argument types. You might need to "
                    "add explicit type casts.");
    return -1;
}

int agg_resolve(const char *name, const OmType *arg_type, bool star, AggKind *kind, OmType *result,
                OmError *err)
{
    if (strcmp(name, "count") == 0) {
        *kind = star ? AGG_COUNT_STAR : AGG_COUNT;
        *result = OM_TYPE(TYPE_INT8);
        return 0;
    }
    if (star || arg_type == NULL) return no_such_agg(name, arg_type, star, err);
    TypeId t = arg_type->id;
    if (strcmp(name, "sum") == 0) {
        *kind = AGG_SUM;
        switch (t) {
        case TYPE_INT2:
        case TYPE_INT4:
            *result = OM_TYPE(TYPE_INT8);
            return 0;
        case TYPE_INT8:
        case TYPE_NUMERIC:
            *result = OM_TYPE(TYPE_NUMERIC);
            return 0;
        case TYPE_FLOAT4:
            *result = OM_TYPE(TYPE_FLOAT4);
            return 0;
        case TYPE_FLOAT8:
            *result = OM_TYPE(TYPE_FLOAT8);
            return 0;
        case TYPE_INTERVAL:
            *result = OM_TYPE(TYPE_INTERVAL);
            return 0;
        default:
            break;
        }
    } else if (strcmp(name, "avg") == 0) {
        *kind = AGG_AVG;
        switch (t) {
        case TYPE_INT2:
        case TYPE_INT4:
        case TYPE_INT8:
        case TYPE_NUMERIC:
            *result = OM_TYPE(TYPE_NUMERIC);
            return 0;
        case TYPE_FLOAT4:
        case TYPE_FLOAT8:
            *result = OM_TYPE(TYPE_FLOAT8);
            return 0;
        case TYPE_INTERVAL:
            *result = OM_TYPE(TYPE_INTERVAL);
            return 0;
        default:
            break;
        }
    } else if (strcmp(name, "min") == 0 || strcmp(name, "max") == 0) {
        *kind = name[1] == 'i' ? AGG_MIN : AGG_MAX;
        if (minmax_type_ok(t)) {
            if (type_is_string(t) && t != TYPE_BPCHAR)
                *result = OM_TYPE(TYPE_TEXT);
            else
                *result = OM_TYPE(t);
            return 0;
        }
    } else if (strcmp(name, "bool_and") == 0 || strcmp(name, "every") == 0 ||
               strcmp(name, "bool_or") == 0) {
        *kind = strcmp(name, "bool_or") == 0 ? AGG_BOOL_OR : AGG_BOOL_AND;
        if (t == TYPE_BOOL) {
            *result = OM_TYPE(TYPE_BOOL);
            return 0;
        }
    } else if (strcmp(name, "string_agg") == 0) {
        *kind = AGG_STRING_AGG;
        if (type_is_string(t)) {
            *result = OM_TYPE(TYPE_TEXT);
            return 0;
        }
        if (t == TYPE_BYTEA) {
            *result = OM_TYPE(TYPE_BYTEA);
            return 0;
        }
    }
    return no_such_agg(name, arg_type, false, err);
}

/* ------------------------------------------------------------------ state */

static size_t acc_size(uint8_t op, uint8_t in_width)
{
    switch (op) {
    case AOP_COUNT_STAR:
    case AOP_COUNT:
        return 0;
    case AOP_SUM_I2:
    case AOP_SUM_I4:
        return sizeof(int64_t);
    case AOP_SUM_I8:
    case AOP_SUM_NUM:
    case AOP_AVG_I2:
    case AOP_AVG_I4:
    case AOP_AVG_I8:
    case AOP_AVG_NUM:
        return sizeof(__int128);
    case AOP_SUM_F4:
        return sizeof(float);
    case AOP_SUM_F8:
    case AOP_AVG_F4:
    case AOP_AVG_F8:
        return sizeof(double);
    case AOP_SUM_IV:
    case AOP_AVG_IV:
        return sizeof(OmInterval);
    case AOP_BOOL_AND:
    case AOP_BOOL_OR:
        return 1;
    case AOP_STRING_AGG:
        return sizeof(StrAcc);
    default:
        return in_width; /* min/max hold a value of the argument type */
    }
}

static uint8_t select_op(AggKind kind, TypeId t)
{
    switch (kind) {
    case AGG_COUNT_STAR:
        return AOP_COUNT_STAR;
    case AGG_COUNT:
        return AOP_COUNT;
    case AGG_SUM:
        switch (t) {
        case TYPE_INT2:
            return AOP_SUM_I2;
        case TYPE_INT4:
            return AOP_SUM_I4;
        case TYPE_INT8:
            return AOP_SUM_I8;
        case TYPE_NUMERIC:
            return AOP_SUM_NUM;
        case TYPE_FLOAT4:
            return AOP_SUM_F4;
        case TYPE_FLOAT8:
            return AOP_SUM_F8;
        default:
            return AOP_SUM_IV;
        }
    case AGG_AVG:
        switch (t) {
        case TYPE_INT2:
            return AOP_AVG_I2;
        case TYPE_INT4:
            return AOP_AVG_I4;
        case TYPE_INT8:
            return AOP_AVG_I8;
        case TYPE_NUMERIC:
            return AOP_AVG_NUM;
        case TYPE_FLOAT4:
            return AOP_AVG_F4;
        case TYPE_FLOAT8:
            return AOP_AVG_F8;
        default:
            return AOP_AVG_IV;
        }
    case AGG_MIN:
    case AGG_MAX: {
        bool mx = kind == AGG_MAX;
        switch (t) {
        case TYPE_INT2:
            return mx ? AOP_MAX_I2 : AOP_MIN_I2;
        case TYPE_INT4:
        case TYPE_DATE:
            return mx ? AOP_MAX_I4 : AOP_MIN_I4;
        case TYPE_INT8:
        case TYPE_TIME:
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMPTZ:
        case TYPE_OID:
            return mx ? AOP_MAX_I8 : AOP_MIN_I8;
        default:
            if (type_is_strview(t)) return mx ? AOP_MAX_STR : AOP_MIN_STR;
            return mx ? AOP_MAX_GEN : AOP_MIN_GEN;
        }
    }
    case AGG_BOOL_AND:
        return AOP_BOOL_AND;
    case AGG_BOOL_OR:
        return AOP_BOOL_OR;
    case AGG_STRING_AGG:
        return AOP_STRING_AGG;
    }
    return AOP_COUNT;
}

void agg_state_init(AggState *st, const AggCall *call, Arena *arena)
{
    memset(st, 0, sizeof(*st));
    st->kind = call->kind;
    st->arena = arena;
    st->out_type = call->result_type;
    if (call->kind != AGG_COUNT_STAR && call->arg) {
        st->in_type = call->arg->type.id;
        st->in_width = type_info(st->in_type)->width;
    }
    st->op = select_op(call->kind, st->in_type);
}

void agg_state_reserve(AggState *st, uint32_t ngroups)
{
    if (ngroups <= st->cap) return;
    uint32_t cap = st->cap ? st->cap : 256;
    while (cap < ngroups) cap *= 2;
    size_t asz = acc_size(st->op, st->in_width);
    int64_t *count = arena_alloc(st->arena, sizeof(int64_t) * cap);
    if (st->cap) memcpy(count, st->count, sizeof(int64_t) * st->cap);
    memset(count + st->cap, 0, sizeof(int64_t) * (cap - st->cap));
    st->count = count;
    if (asz) {
        char *acc = arena_alloc(st->arena, asz * cap);
        if (st->cap) memcpy(acc, st->acc, asz * st->cap);
        memset(acc + asz * st->cap, 0, asz * (cap - st->cap));
        st->acc = acc;
    }
    if (st->op == AOP_SUM_NUM || st->op == AOP_AVG_NUM) {
        uint8_t *scale = arena_alloc(st->arena, cap);
        if (st->cap) memcpy(scale, st->scale, st->cap);
        memset(scale + st->cap, 0, cap - st->cap);
        st->scale = scale;
        uint8_t *special = arena_alloc(st->arena, cap);
        if (st->cap) memcpy(special, st->special, st->cap);
        memset(special + st->cap, 0, cap - st->cap);
        st->special = special;
    }
    if (st->op == AOP_MIN_STR || st->op == AOP_MAX_STR) {
        char **bufs = arena_alloc(st->arena, sizeof(char *) * cap);
        uint32_t *bcap = arena_alloc(st->arena, sizeof(uint32_t) * cap);
        if (st->cap) {
            memcpy(bufs, st->bufs, sizeof(char *) * st->cap);
            memcpy(bcap, st->buf_cap, sizeof(uint32_t) * st->cap);
        }
        memset(bufs + st->cap, 0, sizeof(char *) * (cap - st->cap));
        memset(bcap + st->cap, 0, sizeof(uint32_t) * (cap - st->cap));
        st->bufs = bufs;
        st->buf_cap = bcap;
    }
    st->cap = cap;
}

/* ----------------------------------------------------------------- update */

/* The finite numeric bound (types.h); a sum at or past it is 22003. */
static const __int128 k_num_bound = NUMERIC_MANT_BOUND;

/* NaN and the infinities are not added to the accumulator: they set these bits
 * and the result is PostgreSQL's (any NaN or both infinities: NaN). */
#define NUMACC_NAN  1
#define NUMACC_PINF 2
#define NUMACC_NINF 4

static OmNumeric numacc_special_result(uint8_t bits)
{
    if ((bits & NUMACC_NAN) || (bits & (NUMACC_PINF | NUMACC_NINF)) == (NUMACC_PINF | NUMACC_NINF))
        return numeric_nan();
    return numeric_inf(bits & NUMACC_PINF ? 1 : -1);
}

static int numeric_overflow(OmError *err)
{
    return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
}

/* acc (mantissa at *acc_scale) += v, rescaling to the larger scale. */
static inline int numeric_acc_add(__int128 *acc, uint8_t *acc_scale, OmNumeric v, OmError *err)
{
    __int128 m = numeric_mantissa(v);
    int s = numeric_scale(v);
    if (s != *acc_scale) {
        if (s > *acc_scale) {
            if (!numeric_mul_pow10(acc, s - *acc_scale)) return numeric_overflow(err);
            *acc_scale = (uint8_t)s;
        } else if (!numeric_mul_pow10(&m, *acc_scale - s)) {
            return numeric_overflow(err);
        }
    }
    if (__builtin_add_overflow(*acc, m, acc)) return numeric_overflow(err);
    return 0;
}

static inline int interval_acc_add(OmInterval *acc, OmInterval v, OmError *err)
{
    if (__builtin_add_overflow(acc->months, v.months, &acc->months) ||
        __builtin_add_overflow(acc->days, v.days, &acc->days) ||
        __builtin_add_overflow(acc->micros, v.micros, &acc->micros))
        return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
    return 0;
}

static void str_store(AggState *st, uint32_t g, const StrView *s)
{
    StrView *dst = (StrView *)st->acc + g;
    if (s->len <= STRVIEW_INLINE_MAX) {
        *dst = *s;
        return;
    }
    if (st->buf_cap[g] < s->len) {
        uint32_t cap = s->len < 32 ? 32 : s->len;
        if (cap < st->buf_cap[g] * 2) cap = st->buf_cap[g] * 2;
        st->bufs[g] = arena_alloc(st->arena, cap);
        st->buf_cap[g] = cap;
    }
    memcpy(st->bufs[g], s->u.ptr, s->len);
    *dst = strview_make(st->bufs[g], s->len);
}

static void str_append(AggState *st, StrAcc *a, const char *data, uint32_t len)
{
    if (a->len + len > a->cap) {
        uint32_t cap = a->cap ? a->cap * 2 : 64;
        while (cap < a->len + len) cap *= 2;
        char *buf = arena_alloc(st->arena, cap);
        if (a->len) memcpy(buf, a->buf, a->len);
        a->buf = buf;
        a->cap = cap;
    }
    if (len) memcpy(a->buf + a->len, data, len);
    a->len += len;
}

/* Loop over the non-NULL argument rows: `v` is the value, `g` its group. */
#define FOR_VALUES(T, BODY)                                                                        \
    do {                                                                                           \
        const T *vals_ = (const T *)arg->data;                                                     \
        const uint64_t *valid_ = arg->validity;                                                    \
        bool cst_ = arg->kind == VEC_CONSTANT;                                                     \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t row_ = rows[i];                                                               \
            uint32_t slot_ = cst_ ? 0 : row_;                                                      \
            if (valid_ && !validity_is_valid(valid_, slot_)) continue;                             \
            uint32_t g = gid_by_row[row_];                                                         \
            T v;                                                                                   \
            memcpy(&v, &vals_[slot_], sizeof(T));                                                  \
            BODY                                                                                   \
        }                                                                                          \
    } while (0)

#define MINMAX_LOOP(T, CMP)                                                                        \
    FOR_VALUES(T, {                                                                                \
        T *acc_ = (T *)st->acc;                                                                    \
        if (cnt[g] == 0 || v CMP acc_[g]) acc_[g] = v;                                             \
        cnt[g] = 1;                                                                                \
    })

/* Ungrouped aggregates (no GROUP BY): every row goes to group 0, so the common
 * cases become straight loops over the column — no group-id indirection, and
 * for NULL-free dense input loops the compiler can unroll/vectorise. */
#define SINGLE_SUM(T, ACC_T)                                                                       \
    do {                                                                                           \
        const T *vals_ = (const T *)arg->data;                                                     \
        ACC_T sum_ = 0;                                                                            \
        if (dense) {                                                                               \
            for (uint32_t i = 0; i < n; i++) sum_ += vals_[i];                                     \
        } else {                                                                                   \
            for (uint32_t i = 0; i < n; i++) sum_ += vals_[rows[i]];                               \
        }                                                                                          \
        ((ACC_T *)st->acc)[0] += sum_;                                                             \
        cnt[0] += n;                                                                               \
    } while (0)

static bool update_single(AggState *st, const uint16_t *rows, uint32_t n, const Vector *arg)
{
    int64_t *cnt = st->count;
    /* selections are strictly increasing, so first 0 and last n-1 means all rows */
    bool dense = n == 0 || (rows[0] == 0 && rows[n - 1] == n - 1);
    if (st->op == AOP_COUNT_STAR) {
        cnt[0] += n;
        return true;
    }
    if (!arg || arg->kind != VEC_FLAT || arg->validity != NULL) return false;
    switch (st->op) {
    case AOP_COUNT:
        cnt[0] += n;
        return true;
    case AOP_SUM_I2:
        SINGLE_SUM(int16_t, int64_t);
        return true;
    case AOP_SUM_I4:
        SINGLE_SUM(int32_t, int64_t);
        return true;
    case AOP_AVG_I2:
        SINGLE_SUM(int16_t, __int128);
        return true;
    case AOP_AVG_I4:
        SINGLE_SUM(int32_t, __int128);
        return true;
    case AOP_SUM_I8:
    case AOP_AVG_I8: {
        /* split each value into a signed high and an unsigned low half: two
         * 64-bit sums that cannot overflow within a chunk and vectorise */
        const int64_t *vals = (const int64_t *)arg->data;
        int64_t hi = 0;
        uint64_t lo = 0;
        if (dense) {
            for (uint32_t i = 0; i < n; i++) {
                hi += vals[i] >> 32;
                lo += (uint32_t)vals[i];
            }
        } else {
            for (uint32_t i = 0; i < n; i++) {
                int64_t v = vals[rows[i]];
                hi += v >> 32;
                lo += (uint32_t)v;
            }
        }
        ((__int128 *)st->acc)[0] += (__int128)hi * ((__int128)1 << 32) + (__int128)lo;
        cnt[0] += n;
        return true;
    }
    default:
        return false;
    }
}

int agg_state_update(AggState *st, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                     const Vector *arg, const Vector *arg2, OmError *err)
{
    if (gid_by_row == NULL) {
        static const uint32_t zeros[VECTOR_SIZE];
        if (update_single(st, rows, n, arg)) return 0;
        gid_by_row = zeros;
    }
    int64_t *cnt = st->count;
    switch (st->op) {
    case AOP_COUNT_STAR:
        for (uint32_t i = 0; i < n; i++) cnt[gid_by_row[rows[i]]]++;
        return 0;
    case AOP_COUNT: {
        const uint64_t *valid = arg->validity;
        bool cst = arg->kind == VEC_CONSTANT;
        if (valid == NULL) {
            for (uint32_t i = 0; i < n; i++) cnt[gid_by_row[rows[i]]]++;
        } else {
            for (uint32_t i = 0; i < n; i++) {
                uint32_t row = rows[i];
                if (validity_is_valid(valid, cst ? 0 : row)) cnt[gid_by_row[row]]++;
            }
        }
        return 0;
    }
    case AOP_SUM_I2:
        FOR_VALUES(int16_t, {
            ((int64_t *)st->acc)[g] += v;
            cnt[g]++;
        });
        return 0;
    case AOP_SUM_I4:
        FOR_VALUES(int32_t, {
            ((int64_t *)st->acc)[g] += v;
            cnt[g]++;
        });
        return 0;
    case AOP_AVG_I2:
        FOR_VALUES(int16_t, {
            ((__int128 *)st->acc)[g] += v;
            cnt[g]++;
        });
        return 0;
    case AOP_AVG_I4:
        FOR_VALUES(int32_t, {
            ((__int128 *)st->acc)[g] += v;
            cnt[g]++;
        });
        return 0;
    case AOP_SUM_I8:
    case AOP_AVG_I8:
        FOR_VALUES(int64_t, {
            ((__int128 *)st->acc)[g] += v;
            cnt[g]++;
        });
        return 0;
    case AOP_SUM_NUM:
    case AOP_AVG_NUM:
        FOR_VALUES(OmNumeric, {
            if (numeric_is_special(v))
                st->special[g] |= numeric_is_nan(v)         ? NUMACC_NAN
                                  : numeric_inf_sign(v) > 0 ? NUMACC_PINF
                                                            : NUMACC_NINF;
            else if (numeric_acc_add(&((__int128 *)st->acc)[g], &st->scale[g], v, err) != 0)
                return -1;
            cnt[g]++;
        });
        return 0;
    case AOP_SUM_F4:
        FOR_VALUES(float, {
            float *acc = (float *)st->acc;
            float r = acc[g] + v;
            if (isinf(r) && !isinf(acc[g]) && !isinf(v))
                return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                           "value out of range: overflow");
            acc[g] = r;
            cnt[g]++;
        });
        return 0;
    case AOP_AVG_F4:
        FOR_VALUES(float, {
            double *acc = (double *)st->acc;
            double r = acc[g] + (double)v;
            if (isinf(r) && !isinf(acc[g]) && !isinf(v))
                return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                           "value out of range: overflow");
            acc[g] = r;
            cnt[g]++;
        });
        return 0;
    case AOP_SUM_F8:
    case AOP_AVG_F8:
        FOR_VALUES(double, {
            double *acc = (double *)st->acc;
            double r = acc[g] + v;
            if (isinf(r) && !isinf(acc[g]) && !isinf(v))
                return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                           "value out of range: overflow");
            acc[g] = r;
            cnt[g]++;
        });
        return 0;
    case AOP_SUM_IV:
    case AOP_AVG_IV:
        FOR_VALUES(OmInterval, {
            if (interval_acc_add(&((OmInterval *)st->acc)[g], v, err) != 0) return -1;
            cnt[g]++;
        });
        return 0;
    case AOP_MIN_I2:
        MINMAX_LOOP(int16_t, <);
        return 0;
    case AOP_MIN_I4:
        MINMAX_LOOP(int32_t, <);
        return 0;
    case AOP_MIN_I8:
        MINMAX_LOOP(int64_t, <);
        return 0;
    case AOP_MAX_I2:
        MINMAX_LOOP(int16_t, >);
        return 0;
    case AOP_MAX_I4:
        MINMAX_LOOP(int32_t, >);
        return 0;
    case AOP_MAX_I8:
        MINMAX_LOOP(int64_t, >);
        return 0;
    case AOP_MIN_GEN:
    case AOP_MAX_GEN: {
        /* PostgreSQL's numeric/float/interval larger and smaller functions
         * keep the new value on ties (visible for numeric scale:
         * max(1.5, 1.50) = 1.50); bpchar keeps the old one (see below). */
        bool is_max = st->op == AOP_MAX_GEN;
        uint8_t w = st->in_width;
        const uint64_t *valid = arg->validity;
        bool cst = arg->kind == VEC_CONSTANT;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t row = rows[i];
            uint32_t slot = cst ? 0 : row;
            if (valid && !validity_is_valid(valid, slot)) continue;
            uint32_t g = gid_by_row[row];
            const char *v = (const char *)arg->data + (size_t)slot * w;
            char *a = (char *)st->acc + (size_t)g * w;
            if (cnt[g] == 0) {
                memcpy(a, v, w);
                cnt[g] = 1;
                continue;
            }
            int c = value_cmp(st->in_type, v, a);
            if (is_max ? c >= 0 : c <= 0) memcpy(a, v, w);
        }
        return 0;
    }
    case AOP_MIN_STR:
    case AOP_MAX_STR: {
        bool is_max = st->op == AOP_MAX_STR;
        FOR_VALUES(StrView, {
            StrView *a = (StrView *)st->acc + g;
            if (cnt[g] == 0) {
                str_store(st, g, &v);
                cnt[g] = 1;
            } else {
                int c = value_cmp(st->in_type, &v, a);
                if (is_max ? c > 0 : c < 0) str_store(st, g, &v);
            }
        });
        return 0;
    }
    case AOP_BOOL_AND:
        FOR_VALUES(uint8_t, {
            uint8_t *acc = (uint8_t *)st->acc;
            acc[g] = cnt[g] == 0 ? v : (uint8_t)(acc[g] & v);
            cnt[g] = 1;
        });
        return 0;
    case AOP_BOOL_OR:
        FOR_VALUES(uint8_t, {
            uint8_t *acc = (uint8_t *)st->acc;
            acc[g] = cnt[g] == 0 ? v : (uint8_t)(acc[g] | v);
            cnt[g] = 1;
        });
        return 0;
    case AOP_STRING_AGG: {
        bool dcst = arg2 && arg2->kind == VEC_CONSTANT;
        FOR_VALUES(StrView, {
            StrAcc *a = (StrAcc *)st->acc + g;
            if (cnt[g] > 0 && arg2) {
                uint32_t ds = dcst ? 0 : row_;
                if (validity_is_valid(arg2->validity, ds)) {
                    const StrView *d = (const StrView *)arg2->data + ds;
                    str_append(st, a, strview_data(d), d->len);
                }
            }
            str_append(st, a, strview_data(&v), v.len);
            cnt[g]++;
        });
        return 0;
    }
    }
    return ERR(err, SQLSTATE_INTERNAL_ERROR, "unsupported aggregate");
}

/* --------------------------------------------------------------- finalize */

/* PostgreSQL's interval_div (timestamp.c), used by avg(interval). */
static OmInterval interval_div_f8(OmInterval span, double factor)
{
#define TSROUND(j) (rint(((double)(j)) * 1000000.0) / 1000000.0)
    OmInterval r;
    double month_remainder_days, sec_remainder;
    r.months = (int32_t)(span.months / factor);
    r.days = (int32_t)(span.days / factor);
    month_remainder_days = (span.months / factor - r.months) * 30.0;
    month_remainder_days = TSROUND(month_remainder_days);
    sec_remainder =
        (span.days / factor - r.days + month_remainder_days - (int)month_remainder_days) * 86400.0;
    sec_remainder = TSROUND(sec_remainder);
    if (fabs(sec_remainder) >= 86400.0) {
        r.days += (int)(sec_remainder / 86400.0);
        sec_remainder -= (int)(sec_remainder / 86400.0) * 86400.0;
    }
    r.days += (int32_t)month_remainder_days;
    r.micros = (int64_t)rint((double)span.micros / factor + sec_remainder * 1000000.0);
    return r;
#undef TSROUND
}

static int finalize_avg_numeric(AggState *st, uint32_t first, uint32_t n, Vector *out, EvalCtx *ctx)
{
    if (st->div == NULL) {
        OmType args[2] = {OM_TYPE(TYPE_NUMERIC), OM_TYPE(TYPE_NUMERIC)};
        TypeId targets[2];
        st->div = func_resolve("/", args, 2, targets, ctx->err);
        if (st->div == NULL) return -1;
    }
    Vector *sum = arena_alloc(ctx->arena, sizeof(Vector));
    Vector *cnt = arena_alloc(ctx->arena, sizeof(Vector));
    vector_init_flat(sum, OM_TYPE(TYPE_NUMERIC), ctx->arena);
    vector_init_flat(cnt, OM_TYPE(TYPE_NUMERIC), ctx->arena);
    uint16_t *sel = sel_alloc(ctx->arena);
    uint32_t nsel = 0;
    OmNumeric *sv = sum->data, *cv = cnt->data;
    const __int128 *acc = st->acc;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = first + i;
        if (st->count[g] == 0) {
            vector_set_null(out, i, ctx->arena);
            continue;
        }
        int scale = st->op == AOP_AVG_NUM ? st->scale[g] : 0;
        if (st->op == AOP_AVG_NUM && st->special[g]) {
            sv[i] = numacc_special_result(st->special[g]); /* "/" keeps it */
        } else {
            if (acc[g] >= k_num_bound || acc[g] <= -k_num_bound) return numeric_overflow(ctx->err);
            sv[i] = numeric_make(acc[g], scale);
        }
        cv[i] = numeric_make(st->count[g], 0);
        sel[nsel++] = (uint16_t)i;
    }
    if (nsel == 0) return 0;
    Expr *argx[2] = {expr_make_column(ctx->arena, 0, OM_TYPE(TYPE_NUMERIC)),
                     expr_make_column(ctx->arena, 1, OM_TYPE(TYPE_NUMERIC))};
    Expr *call = expr_make_func(ctx->arena, st->div, argx, 2, OM_TYPE(TYPE_NUMERIC));
    Vector *args[2] = {sum, cnt};
    uint64_t *saved = out->validity;
    if (st->div->kernel(call, args, nsel == n ? NULL : sel, nsel, out, ctx) != 0) return -1;
    /* Keep the NULLs of empty groups even if the kernel touched validity. */
    if (saved && out->validity != saved) out->validity = saved;
    for (uint32_t i = 0; i < n; i++)
        if (st->count[first + i] == 0) vector_set_null(out, i, ctx->arena);
    return 0;
}

int agg_state_finalize(AggState *st, uint32_t first, uint32_t n, Vector *out, EvalCtx *ctx)
{
    vector_init_flat(out, st->out_type, ctx->arena);
    const int64_t *cnt = st->count;
    switch (st->op) {
    case AOP_COUNT_STAR:
    case AOP_COUNT:
        memcpy(out->data, cnt + first, sizeof(int64_t) * n);
        return 0;
    case AOP_AVG_I2:
    case AOP_AVG_I4:
    case AOP_AVG_I8:
    case AOP_AVG_NUM:
        return finalize_avg_numeric(st, first, n, out, ctx);
    default:
        break;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = first + i;
        if (cnt[g] == 0) {
            vector_set_null(out, i, ctx->arena);
            continue;
        }
        switch (st->op) {
        case AOP_SUM_I2:
        case AOP_SUM_I4:
            ((int64_t *)out->data)[i] = ((int64_t *)st->acc)[g];
            break;
        case AOP_SUM_I8:
        case AOP_SUM_NUM: {
            __int128 m = ((__int128 *)st->acc)[g];
            if (st->op == AOP_SUM_NUM && st->special[g]) {
                ((OmNumeric *)out->data)[i] = numacc_special_result(st->special[g]);
                break;
            }
            if (m >= k_num_bound || m <= -k_num_bound) return numeric_overflow(ctx->err);
            ((OmNumeric *)out->data)[i] = numeric_make(m, st->op == AOP_SUM_NUM ? st->scale[g] : 0);
            break;
        }
        case AOP_SUM_F4:
            ((float *)out->data)[i] = ((float *)st->acc)[g];
            break;
        case AOP_SUM_F8:
            ((double *)out->data)[i] = ((double *)st->acc)[g];
            break;
        case AOP_AVG_F4:
        case AOP_AVG_F8:
            ((double *)out->data)[i] = ((double *)st->acc)[g] / (double)cnt[g];
            break;
        case AOP_SUM_IV:
            ((OmInterval *)out->data)[i] = ((OmInterval *)st->acc)[g];
            break;
        case AOP_AVG_IV:
            ((OmInterval *)out->data)[i] =
                interval_div_f8(((OmInterval *)st->acc)[g], (double)cnt[g]);
            break;
        case AOP_BOOL_AND:
        case AOP_BOOL_OR:
            ((uint8_t *)out->data)[i] = ((uint8_t *)st->acc)[g];
            break;
        case AOP_STRING_AGG: {
            const StrAcc *a = (const StrAcc *)st->acc + g;
            ((StrView *)out->data)[i] = strview_make(a->buf ? a->buf : "", a->len);
            break;
        }
        default: {
            uint8_t w = st->in_width;
            memcpy((char *)out->data + (size_t)i * w, (const char *)st->acc + (size_t)g * w, w);
            break;
        }
        }
    }
    return 0;
}
