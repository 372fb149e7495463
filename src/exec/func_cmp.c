/*
 * func_cmp.c — comparison operators = <> < <= > >= for every type, plus the
 * cross-width integer and float4/float8 pairs PostgreSQL defines directly
 * (int24eq, float48lt ...). Other mixed pairs (int vs numeric, date vs
 * timestamp) resolve through implicit casts.
 *
 * Semantics: floats order NaN above everything and NaN = NaN; numeric compares
 * by value (1.5 = 1.50); text/varchar/name compare bytewise (C collation);
 * bpchar ignores trailing spaces; intervals compare their 30-day-month span.
 */
#include <math.h>

#include "exec/func_int.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif
#include "exec/vector_ops.h"

#define CMP_OPS(S, T)                                                                              \
    static inline int eq_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = x == y;                                                                               \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int ne_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = x != y;                                                                               \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int lt_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = x < y;                                                                                \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int le_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = x <= y;                                                                               \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int gt_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = x > y;                                                                                \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int ge_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = x >= y;                                                                               \
        return 0;                                                                                  \
    }

CMP_OPS(i, int64_t)
CMP_OPS(i32, int32_t)

#define CMP3_OPS(S, T, CMPFN)                                                                      \
    static inline int eq_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = CMPFN(x, y) == 0;                                                                     \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int ne_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = CMPFN(x, y) != 0;                                                                     \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int lt_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = CMPFN(x, y) < 0;                                                                      \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int le_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = CMPFN(x, y) <= 0;                                                                     \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int gt_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = CMPFN(x, y) > 0;                                                                      \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int ge_##S(T x, T y, uint8_t *r)                                                 \
    {                                                                                              \
        *r = CMPFN(x, y) >= 0;                                                                     \
        return 0;                                                                                  \
    }

/* Floats, branch-free: NaN equals NaN and sorts above everything. */
static inline int eq_f(double x, double y, uint8_t *r)
{
    *r = (x == y) | ((x != x) & (y != y));
    return 0;
}
static inline int ne_f(double x, double y, uint8_t *r)
{
    *r = !((x == y) | ((x != x) & (y != y)));
    return 0;
}
static inline int lt_f(double x, double y, uint8_t *r)
{
    *r = (x < y) | ((x == x) & (y != y));
    return 0;
}
static inline int le_f(double x, double y, uint8_t *r)
{
    *r = (x <= y) | (y != y);
    return 0;
}
static inline int gt_f(double x, double y, uint8_t *r)
{
    *r = (x > y) | ((x != x) & (y == y));
    return 0;
}
static inline int ge_f(double x, double y, uint8_t *r)
{
    *r = (x >= y) | (x != x);
    return 0;
}
/* Same-scale numerics compare their mantissas directly. */
static inline int num_cmp_fast(OmNumeric a, OmNumeric b)
{
    if (numeric_scale(a) == numeric_scale(b)) {
        __int128 x = numeric_mantissa(a), y = numeric_mantissa(b);
        return (x > y) - (x < y);
    }
    return numeric_cmp(a, b);
}
CMP3_OPS(n, OmNumeric, num_cmp_fast)

/* Pointer-based comparisons for struct payloads (strings, intervals, uuids). */
#define DEF_CMP_PTR(NAME, T, EXPR)                                                                 \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        (void)call;                                                                                \
        (void)ctx;                                                                                 \
        const T *a_ = (const T *)args[0]->data;                                                    \
        const T *b_ = (const T *)args[1]->data;                                                    \
        uint8_t *r_ = (uint8_t *)out->data;                                                        \
        bool ac_ = args[0]->kind == VEC_CONSTANT, bc_ = args[1]->kind == VEC_CONSTANT;             \
        for (uint32_t i = 0; i < count; i++) {                                                     \
            uint32_t row = sel ? sel[i] : i;                                                       \
            const T *x = &a_[ac_ ? 0 : row], *y = &b_[bc_ ? 0 : row];                              \
            r_[row] = (EXPR);                                                                      \
        }                                                                                          \
        return 0;                                                                                  \
    }

#define PTR_SET(S, T, CMP, EQ)                                                                     \
    DEF_CMP_PTR(k_eq_##S, T, EQ)                                                                   \
    DEF_CMP_PTR(k_ne_##S, T, !(EQ))                                                                \
    DEF_CMP_PTR(k_lt_##S, T, (CMP) < 0)                                                            \
    DEF_CMP_PTR(k_le_##S, T, (CMP) <= 0)                                                           \
    DEF_CMP_PTR(k_gt_##S, T, (CMP) > 0)                                                            \
    DEF_CMP_PTR(k_ge_##S, T, (CMP) >= 0)

PTR_SET(txt, StrView, strview_cmp(x, y), strview_eq(x, y))
PTR_SET(bpc, StrView, value_cmp(TYPE_BPCHAR, x, y), value_cmp(TYPE_BPCHAR, x, y) == 0)
PTR_SET(ivl, OmInterval, value_cmp(TYPE_INTERVAL, x, y), value_cmp(TYPE_INTERVAL, x, y) == 0)
PTR_SET(uuid, OmUuid, memcmp(x, y, 16), memcmp(x, y, 16) == 0)

/* Value-based sets via DEF_BINARY. */
#define VAL_SET(S, TA, TB, TC, OPS)                                                                \
    DEF_BINARY(k_eq_##S, TA, TB, TC, uint8_t, eq_##OPS, "")                                        \
    DEF_BINARY(k_ne_##S, TA, TB, TC, uint8_t, ne_##OPS, "")                                        \
    DEF_BINARY(k_lt_##S, TA, TB, TC, uint8_t, lt_##OPS, "")                                        \
    DEF_BINARY(k_le_##S, TA, TB, TC, uint8_t, le_##OPS, "")                                        \
    DEF_BINARY(k_gt_##S, TA, TB, TC, uint8_t, gt_##OPS, "")                                        \
    DEF_BINARY(k_ge_##S, TA, TB, TC, uint8_t, ge_##OPS, "")

VAL_SET(i4i4, int32_t, int32_t, int32_t, i32)
VAL_SET(i8i8, int64_t, int64_t, int64_t, i)
VAL_SET(i2i2, int16_t, int16_t, int32_t, i32)
VAL_SET(i2i4, int16_t, int32_t, int32_t, i32)
VAL_SET(i4i2, int32_t, int16_t, int32_t, i32)
VAL_SET(i2i8, int16_t, int64_t, int64_t, i)
VAL_SET(i8i2, int64_t, int16_t, int64_t, i)
VAL_SET(i4i8, int32_t, int64_t, int64_t, i)
VAL_SET(i8i4, int64_t, int32_t, int64_t, i)
VAL_SET(f8f8, double, double, double, f)
VAL_SET(f4f4, float, float, double, f)
VAL_SET(f4f8, float, double, double, f)
VAL_SET(f8f4, double, float, double, f)
VAL_SET(nn, OmNumeric, OmNumeric, OmNumeric, n)
VAL_SET(bool, uint8_t, uint8_t, int32_t, i32)

#define CMP_ENTRIES(S, A, B, OID)                                                                  \
    OP2("=", A, B, TYPE_BOOL, k_eq_##S, OID), OP2("<>", A, B, TYPE_BOOL, k_ne_##S, OID + 1),       \
        OP2("<", A, B, TYPE_BOOL, k_lt_##S, OID + 2),                                              \
        OP2("<=", A, B, TYPE_BOOL, k_le_##S, OID + 3),                                             \
        OP2(">", A, B, TYPE_BOOL, k_gt_##S, OID + 4),                                              \
        OP2(">=", A, B, TYPE_BOOL, k_ge_##S, OID + 5)

const FuncDef func_cmp_defs[] = {
    CMP_ENTRIES(i4i4, TYPE_INT4, TYPE_INT4, 11000),
    CMP_ENTRIES(i8i8, TYPE_INT8, TYPE_INT8, 11010),
    CMP_ENTRIES(i2i2, TYPE_INT2, TYPE_INT2, 11020),
    CMP_ENTRIES(i2i4, TYPE_INT2, TYPE_INT4, 11030),
    CMP_ENTRIES(i4i2, TYPE_INT4, TYPE_INT2, 11040),
    CMP_ENTRIES(i2i8, TYPE_INT2, TYPE_INT8, 11050),
    CMP_ENTRIES(i8i2, TYPE_INT8, TYPE_INT2, 11060),
    CMP_ENTRIES(i4i8, TYPE_INT4, TYPE_INT8, 11070),
    CMP_ENTRIES(i8i4, TYPE_INT8, TYPE_INT4, 11080),
    CMP_ENTRIES(f8f8, TYPE_FLOAT8, TYPE_FLOAT8, 11100),
    CMP_ENTRIES(f4f4, TYPE_FLOAT4, TYPE_FLOAT4, 11110),
    CMP_ENTRIES(f4f8, TYPE_FLOAT4, TYPE_FLOAT8, 11120),
    CMP_ENTRIES(f8f4, TYPE_FLOAT8, TYPE_FLOAT4, 11130),
    CMP_ENTRIES(nn, TYPE_NUMERIC, TYPE_NUMERIC, 11140),
    CMP_ENTRIES(bool, TYPE_BOOL, TYPE_BOOL, 11150),
    CMP_ENTRIES(txt, TYPE_TEXT, TYPE_TEXT, 11160),
    CMP_ENTRIES(bpc, TYPE_BPCHAR, TYPE_BPCHAR, 11170),
    CMP_ENTRIES(txt, TYPE_NAME, TYPE_NAME, 11180),
    CMP_ENTRIES(txt, TYPE_BYTEA, TYPE_BYTEA, 11190),
    CMP_ENTRIES(txt, TYPE_CHAR, TYPE_CHAR, 11200),
    CMP_ENTRIES(i4i4, TYPE_DATE, TYPE_DATE, 11210),
    CMP_ENTRIES(i8i8, TYPE_TIME, TYPE_TIME, 11220),
    CMP_ENTRIES(i8i8, TYPE_TIMESTAMP, TYPE_TIMESTAMP, 11230),
    CMP_ENTRIES(i8i8, TYPE_TIMESTAMPTZ, TYPE_TIMESTAMPTZ, 11240),
    CMP_ENTRIES(ivl, TYPE_INTERVAL, TYPE_INTERVAL, 11250),
    CMP_ENTRIES(uuid, TYPE_UUID, TYPE_UUID, 11260),
    CMP_ENTRIES(i8i8, TYPE_OID, TYPE_OID, 11270),
    CMP_ENTRIES(f8f8, TYPE_ENUM, TYPE_ENUM, 11280), /* sort orders (binder: one enum type) */
};
const int func_cmp_ndefs = sizeof(func_cmp_defs) / sizeof(func_cmp_defs[0]);
