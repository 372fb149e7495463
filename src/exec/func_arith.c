/*
 * func_arith.c — arithmetic operators + - * / % and unary - + on int2, int4,
 * int8 (all mixed widths, result in the wider type, as PostgreSQL's int24pl
 * family), float4, float8 (and mixed float48), and numeric.
 *
 * Errors as PostgreSQL: integer overflow 22003 "smallint/integer/bigint out of
 * range", float overflow 22003 "value out of range: overflow" (and underflow),
 * numeric overflow 22003 "value overflows numeric format", any division or
 * modulo by zero 22012 "division by zero". Integer division truncates.
 *
 * The int4/int8 add/sub/mul checks are written so the compiler can vectorise
 * them (wider arithmetic or sign tricks instead of per-element branches).
 */
#include <math.h>

#include "exec/func_int.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif

int func_raise(EvalCtx *ctx, int code, const char *rangemsg)
{
    if (code & FERR_DIV0) return ERR(ctx->err, SQLSTATE_DIVISION_BY_ZERO, "division by zero");
    if (code & FERR_UNDERFLOW)
        return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: underflow");
    if (code & FERR_RANGE)
        return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "%s", rangemsg);
    return ERR(ctx->err, SQLSTATE_DATA_EXCEPTION, "%s", rangemsg);
}

/* ---- integers ---- */

static inline int add_i2(int32_t x, int32_t y, int16_t *r)
{
    int32_t s = x + y;
    *r = (int16_t)s;
    return s != *r;
}
static inline int sub_i2(int32_t x, int32_t y, int16_t *r)
{
    int32_t s = x - y;
    *r = (int16_t)s;
    return s != *r;
}
static inline int mul_i2(int32_t x, int32_t y, int16_t *r)
{
    int32_t s = x * y;
    *r = (int16_t)s;
    return s != *r;
}
static inline int add_i4(int64_t x, int64_t y, int32_t *r)
{
    int64_t s = x + y;
    *r = (int32_t)s;
    return s != *r;
}
static inline int sub_i4(int64_t x, int64_t y, int32_t *r)
{
    int64_t s = x - y;
    *r = (int32_t)s;
    return s != *r;
}
static inline int mul_i4(int64_t x, int64_t y, int32_t *r)
{
    int64_t s = x * y;
    *r = (int32_t)s;
    return s != *r;
}
static inline int add_i8(int64_t x, int64_t y, int64_t *r)
{
    int64_t s = (int64_t)((uint64_t)x + (uint64_t)y);
    *r = s;
    return ((x ^ s) & (y ^ s)) < 0;
}
static inline int sub_i8(int64_t x, int64_t y, int64_t *r)
{
    int64_t s = (int64_t)((uint64_t)x - (uint64_t)y);
    *r = s;
    return ((x ^ y) & (x ^ s)) < 0;
}
static inline int mul_i8(int64_t x, int64_t y, int64_t *r)
{
    return __builtin_mul_overflow(x, y, r) ? FERR_RANGE : 0;
}

#define INT_DIVMOD(S, T, MIN)                                                                      \
    static inline int div_##S(int64_t x, int64_t y, T *r)                                          \
    {                                                                                              \
        if (y == 0) {                                                                              \
            *r = 0;                                                                                \
            return FERR_DIV0;                                                                      \
        }                                                                                          \
        if (y == -1) {                                                                             \
            *r = (T)(-(uint64_t)x);                                                                \
            return x == (MIN) ? FERR_RANGE : 0;                                                    \
        }                                                                                          \
        *r = (T)(x / y);                                                                           \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int mod_##S(int64_t x, int64_t y, T *r)                                          \
    {                                                                                              \
        if (y == 0) {                                                                              \
            *r = 0;                                                                                \
            return FERR_DIV0;                                                                      \
        }                                                                                          \
        *r = y == -1 ? 0 : (T)(x % y);                                                             \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int neg_##S(T x, T *r)                                                           \
    {                                                                                              \
        *r = (T)(-(uint64_t)x);                                                                    \
        return x == (MIN) ? FERR_RANGE : 0;                                                        \
    }                                                                                              \
    static inline int pos_##S(T x, T *r)                                                           \
    {                                                                                              \
        *r = x;                                                                                    \
        return 0;                                                                                  \
    }

INT_DIVMOD(i2, int16_t, INT16_MIN)
INT_DIVMOD(i4, int32_t, INT32_MIN)
INT_DIVMOD(i8, int64_t, INT64_MIN)

#define MSG_I2 "smallint out of range"
#define MSG_I4 "integer out of range"
#define MSG_I8 "bigint out of range"

/* DEF_INT_SET(A-suffix, TA, B-suffix, TB, result suffix, TR, compute type, msg) */
#define DEF_INT_SET(SA, TA, SB, TB, SR, TR, TC, MSG)                                               \
    DEF_BINARY(k_add_##SA##SB, TA, TB, TC, TR, add_##SR, MSG)                                      \
    DEF_BINARY(k_sub_##SA##SB, TA, TB, TC, TR, sub_##SR, MSG)                                      \
    DEF_BINARY(k_mul_##SA##SB, TA, TB, TC, TR, mul_##SR, MSG)                                      \
    DEF_BINARY(k_div_##SA##SB, TA, TB, int64_t, TR, div_##SR, MSG)                                 \
    DEF_BINARY(k_mod_##SA##SB, TA, TB, int64_t, TR, mod_##SR, MSG)

DEF_INT_SET(i2, int16_t, i2, int16_t, i2, int16_t, int32_t, MSG_I2)
DEF_INT_SET(i2, int16_t, i4, int32_t, i4, int32_t, int64_t, MSG_I4)
DEF_INT_SET(i4, int32_t, i2, int16_t, i4, int32_t, int64_t, MSG_I4)
DEF_INT_SET(i4, int32_t, i4, int32_t, i4, int32_t, int64_t, MSG_I4)
DEF_INT_SET(i2, int16_t, i8, int64_t, i8, int64_t, int64_t, MSG_I8)
DEF_INT_SET(i8, int64_t, i2, int16_t, i8, int64_t, int64_t, MSG_I8)
DEF_INT_SET(i4, int32_t, i8, int64_t, i8, int64_t, int64_t, MSG_I8)
DEF_INT_SET(i8, int64_t, i4, int32_t, i8, int64_t, int64_t, MSG_I8)
DEF_INT_SET(i8, int64_t, i8, int64_t, i8, int64_t, int64_t, MSG_I8)

DEF_UNARY(k_neg_i2, int16_t, int16_t, neg_i2, MSG_I2)
DEF_UNARY(k_neg_i4, int32_t, int32_t, neg_i4, MSG_I4)
DEF_UNARY(k_neg_i8, int64_t, int64_t, neg_i8, MSG_I8)
DEF_UNARY(k_pos_i2, int16_t, int16_t, pos_i2, MSG_I2)
DEF_UNARY(k_pos_i4, int32_t, int32_t, pos_i4, MSG_I4)
DEF_UNARY(k_pos_i8, int64_t, int64_t, pos_i8, MSG_I8)

/* ---- floats ---- */

#define FLOAT_OPS(S, T)                                                                            \
    static inline int fadd_##S(T x, T y, T *r)                                                     \
    {                                                                                              \
        *r = x + y;                                                                                \
        return isinf(*r) && !isinf(x) && !isinf(y);                                                \
    }                                                                                              \
    static inline int fsub_##S(T x, T y, T *r)                                                     \
    {                                                                                              \
        *r = x - y;                                                                                \
        return isinf(*r) && !isinf(x) && !isinf(y);                                                \
    }                                                                                              \
    static inline int fmul_##S(T x, T y, T *r)                                                     \
    {                                                                                              \
        *r = x * y;                                                                                \
        return (isinf(*r) && !isinf(x) && !isinf(y))                                               \
                   ? FERR_RANGE                                                                    \
                   : ((*r == 0 && x != 0 && y != 0) ? FERR_UNDERFLOW : 0);                         \
    }                                                                                              \
    static inline int fdiv_##S(T x, T y, T *r)                                                     \
    {                                                                                              \
        if (y == 0 && !isnan(x)) {                                                                 \
            *r = 0;                                                                                \
            return FERR_DIV0;                                                                      \
        }                                                                                          \
        *r = x / y;                                                                                \
        return (isinf(*r) && !isinf(x)) ? FERR_RANGE                                               \
                                        : ((*r == 0 && x != 0 && !isinf(y)) ? FERR_UNDERFLOW : 0); \
    }                                                                                              \
    static inline int fneg_##S(T x, T *r)                                                          \
    {                                                                                              \
        *r = -x;                                                                                   \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int fpos_##S(T x, T *r)                                                          \
    {                                                                                              \
        *r = x;                                                                                    \
        return 0;                                                                                  \
    }

FLOAT_OPS(f4, float)
FLOAT_OPS(f8, double)

#define MSG_FOVF "value out of range: overflow"

#define DEF_FLOAT_SET(SA, TA, SB, TB, SR, TR)                                                      \
    DEF_BINARY(k_add_##SA##SB, TA, TB, TR, TR, fadd_##SR, MSG_FOVF)                                \
    DEF_BINARY(k_sub_##SA##SB, TA, TB, TR, TR, fsub_##SR, MSG_FOVF)                                \
    DEF_BINARY(k_mul_##SA##SB, TA, TB, TR, TR, fmul_##SR, MSG_FOVF)                                \
    DEF_BINARY(k_div_##SA##SB, TA, TB, TR, TR, fdiv_##SR, MSG_FOVF)

DEF_FLOAT_SET(f4, float, f4, float, f4, float)
DEF_FLOAT_SET(f8, double, f8, double, f8, double)
DEF_FLOAT_SET(f4, float, f8, double, f8, double)
DEF_FLOAT_SET(f8, double, f4, float, f8, double)
DEF_UNARY(k_neg_f4, float, float, fneg_f4, MSG_FOVF)
DEF_UNARY(k_neg_f8, double, double, fneg_f8, MSG_FOVF)
DEF_UNARY(k_pos_f4, float, float, fpos_f4, MSG_FOVF)
DEF_UNARY(k_pos_f8, double, double, fpos_f8, MSG_FOVF)

/* ---- numeric ---- */

#define NUM_LIMIT NUMERIC_MANT_BOUND

/* Same-scale finite operands (the common case for a numeric(p,s) column and a
 * literal of that scale) skip the alignment in numeric_add; NaN and the
 * infinities take numeric_add's special path. */
static inline int nadd(OmNumeric x, OmNumeric y, OmNumeric *r)
{
    if (numeric_scale(x) == numeric_scale(y) && !numeric_is_special(x) && !numeric_is_special(y)) {
        __int128 m = numeric_mantissa(x) + numeric_mantissa(y);
        if (m < NUM_LIMIT && m > -NUM_LIMIT) {
            *r = numeric_make(m, numeric_scale(x));
            return 0;
        }
        return FERR_RANGE;
    }
    return numeric_add(x, y, r) ? FERR_RANGE : 0;
}
static inline int nsub(OmNumeric x, OmNumeric y, OmNumeric *r)
{
    if (numeric_scale(x) == numeric_scale(y) && !numeric_is_special(x) && !numeric_is_special(y)) {
        __int128 m = numeric_mantissa(x) - numeric_mantissa(y);
        if (m < NUM_LIMIT && m > -NUM_LIMIT) {
            *r = numeric_make(m, numeric_scale(x));
            return 0;
        }
        return FERR_RANGE;
    }
    return numeric_sub(x, y, r) ? FERR_RANGE : 0;
}
static inline int nmul(OmNumeric x, OmNumeric y, OmNumeric *r)
{
    return numeric_mul(x, y, r) ? FERR_RANGE : 0;
}
static inline int ndiv(OmNumeric x, OmNumeric y, OmNumeric *r)
{
    int rc = numeric_div(x, y, r);
    return rc == -2 ? FERR_DIV0 : (rc ? FERR_RANGE : 0);
}
static inline int nmod(OmNumeric x, OmNumeric y, OmNumeric *r)
{
    int rc = numeric_mod(x, y, r);
    return rc == -2 ? FERR_DIV0 : (rc ? FERR_RANGE : 0);
}
static inline int nneg(OmNumeric x, OmNumeric *r)
{
    *r = numeric_is_nan(x) ? x : numeric_make(-numeric_mantissa(x), numeric_scale(x));
    return 0;
}
static inline int npos(OmNumeric x, OmNumeric *r)
{
    *r = x;
    return 0;
}

#define MSG_NOVF "value overflows numeric format"
DEF_BINARY(k_add_nn, OmNumeric, OmNumeric, OmNumeric, OmNumeric, nadd, MSG_NOVF)
DEF_BINARY(k_sub_nn, OmNumeric, OmNumeric, OmNumeric, OmNumeric, nsub, MSG_NOVF)
DEF_BINARY(k_mul_nn, OmNumeric, OmNumeric, OmNumeric, OmNumeric, nmul, MSG_NOVF)
DEF_BINARY(k_div_nn, OmNumeric, OmNumeric, OmNumeric, OmNumeric, ndiv, MSG_NOVF)
DEF_BINARY(k_mod_nn, OmNumeric, OmNumeric, OmNumeric, OmNumeric, nmod, MSG_NOVF)
DEF_UNARY(k_neg_n, OmNumeric, OmNumeric, nneg, MSG_NOVF)
DEF_UNARY(k_pos_n, OmNumeric, OmNumeric, npos, MSG_NOVF)

/* ---- bitwise operators on integers ---- */

/* The shift count (int4) is converted to the operand type by DEF_BINARY; it is
 * masked to the width as the C shift PostgreSQL uses does on x86-64. */
#define BIT_OPS(S, T)                                                                              \
    static inline int band_##S(T x, T y, T *r)                                                     \
    {                                                                                              \
        *r = (T)(x & y);                                                                           \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int bor_##S(T x, T y, T *r)                                                      \
    {                                                                                              \
        *r = (T)(x | y);                                                                           \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int bxor_##S(T x, T y, T *r)                                                     \
    {                                                                                              \
        *r = (T)(x ^ y);                                                                           \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int bnot_##S(T x, T *r)                                                          \
    {                                                                                              \
        *r = (T)~x;                                                                                \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int shl_##S(T x, T y, T *r)                                                      \
    {                                                                                              \
        if (sizeof(T) == 8)                                                                        \
            *r = (T)((uint64_t)x << (y & 63));                                                     \
        else                                                                                       \
            *r = (T)(int32_t)((uint32_t)(int32_t)x << (y & 31));                                   \
        return 0;                                                                                  \
    }                                                                                              \
    static inline int shr_##S(T x, T y, T *r)                                                      \
    {                                                                                              \
        *r = (T)(x >> (y & 31 & (int)(sizeof(T) * 8 - 1)));                                        \
        return 0;                                                                                  \
    }                                                                                              \
    DEF_BINARY(k_band_##S, T, T, T, T, band_##S, "")                                               \
    DEF_BINARY(k_bor_##S, T, T, T, T, bor_##S, "")                                                 \
    DEF_BINARY(k_bxor_##S, T, T, T, T, bxor_##S, "")                                               \
    DEF_BINARY(k_shl_##S, T, int32_t, T, T, shl_##S, "")                                           \
    DEF_BINARY(k_shr_##S, T, int32_t, T, T, shr_##S, "")                                           \
    DEF_UNARY(k_bnot_##S, T, T, bnot_##S, "")

BIT_OPS(i2, int16_t)
BIT_OPS(i4, int32_t)
BIT_OPS(i8, int64_t)

/* ---- table ---- */

#define I2 TYPE_INT2
#define I4 TYPE_INT4
#define I8 TYPE_INT8
#define F4 TYPE_FLOAT4
#define F8 TYPE_FLOAT8
#define NU TYPE_NUMERIC

#define INT_ENTRIES(SA, SB, A, B, R, OID)                                                          \
    OP2("+", A, B, R, k_add_##SA##SB, OID), OP2("-", A, B, R, k_sub_##SA##SB, OID + 1),            \
        OP2("*", A, B, R, k_mul_##SA##SB, OID + 2), OP2("/", A, B, R, k_div_##SA##SB, OID + 3),    \
        OP2("%", A, B, R, k_mod_##SA##SB, OID + 4)
#define FLOAT_ENTRIES(SA, SB, A, B, R, OID)                                                        \
    OP2("+", A, B, R, k_add_##SA##SB, OID), OP2("-", A, B, R, k_sub_##SA##SB, OID + 1),            \
        OP2("*", A, B, R, k_mul_##SA##SB, OID + 2), OP2("/", A, B, R, k_div_##SA##SB, OID + 3)

const FuncDef func_arith_defs[] = {
    INT_ENTRIES(i4, i4, I4, I4, I4, 10000),
    INT_ENTRIES(i8, i8, I8, I8, I8, 10010),
    INT_ENTRIES(i2, i2, I2, I2, I2, 10020),
    INT_ENTRIES(i2, i4, I2, I4, I4, 10030),
    INT_ENTRIES(i4, i2, I4, I2, I4, 10040),
    INT_ENTRIES(i2, i8, I2, I8, I8, 10050),
    INT_ENTRIES(i8, i2, I8, I2, I8, 10060),
    INT_ENTRIES(i4, i8, I4, I8, I8, 10070),
    INT_ENTRIES(i8, i4, I8, I4, I8, 10080),
    FLOAT_ENTRIES(f8, f8, F8, F8, F8, 10100),
    FLOAT_ENTRIES(f4, f4, F4, F4, F4, 10110),
    FLOAT_ENTRIES(f4, f8, F4, F8, F8, 10120),
    FLOAT_ENTRIES(f8, f4, F8, F4, F8, 10130),
    OP2("+", NU, NU, NU, k_add_nn, 10200),
    OP2("-", NU, NU, NU, k_sub_nn, 10201),
    OP2("*", NU, NU, NU, k_mul_nn, 10202),
    OP2("/", NU, NU, NU, k_div_nn, 10203),
    OP2("%", NU, NU, NU, k_mod_nn, 10204),
    OP1("-", I2, I2, k_neg_i2, 10300),
    OP1("-", I4, I4, k_neg_i4, 10301),
    OP1("-", I8, I8, k_neg_i8, 10302),
    OP1("-", F4, F4, k_neg_f4, 10303),
    OP1("-", F8, F8, k_neg_f8, 10304),
    OP1("-", NU, NU, k_neg_n, 10305),
    OP1("+", I2, I2, k_pos_i2, 10310),
    OP1("+", I4, I4, k_pos_i4, 10311),
    OP1("+", I8, I8, k_pos_i8, 10312),
    OP1("+", F4, F4, k_pos_f4, 10313),
    OP1("+", F8, F8, k_pos_f8, 10314),
    OP1("+", NU, NU, k_pos_n, 10315),
    OP2("&", I2, I2, I2, k_band_i2, 10500),
    OP2("&", I4, I4, I4, k_band_i4, 10501),
    OP2("&", I8, I8, I8, k_band_i8, 10502),
    OP2("|", I2, I2, I2, k_bor_i2, 10503),
    OP2("|", I4, I4, I4, k_bor_i4, 10504),
    OP2("|", I8, I8, I8, k_bor_i8, 10505),
    OP2("#", I2, I2, I2, k_bxor_i2, 10506),
    OP2("#", I4, I4, I4, k_bxor_i4, 10507),
    OP2("#", I8, I8, I8, k_bxor_i8, 10508),
    OP2("<<", I2, I4, I2, k_shl_i2, 10509),
    OP2("<<", I4, I4, I4, k_shl_i4, 10510),
    OP2("<<", I8, I4, I8, k_shl_i8, 10511),
    OP2(">>", I2, I4, I2, k_shr_i2, 10512),
    OP2(">>", I4, I4, I4, k_shr_i4, 10513),
    OP2(">>", I8, I4, I8, k_shr_i8, 10514),
    OP1("~", I2, I2, k_bnot_i2, 10515),
    OP1("~", I4, I4, k_bnot_i4, 10516),
    OP1("~", I8, I8, k_bnot_i8, 10517),
    /* mod() as a function */
    FN("mod", 2, I2, k_mod_i2i2, 10400, I2, I2),
    FN("mod", 2, I4, k_mod_i4i4, 10401, I4, I4),
    FN("mod", 2, I8, k_mod_i8i8, 10402, I8, I8),
    FN("mod", 2, NU, k_mod_nn, 10403, NU, NU),
};
const int func_arith_ndefs = sizeof(func_arith_defs) / sizeof(func_arith_defs[0]);
