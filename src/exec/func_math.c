/*
 * func_math.c — mathematical functions: abs, round/trunc (float: half to
 * even as C rint, like PostgreSQL; numeric: half away from zero, optional
 * scale, negative scales allowed), floor, ceil/ceiling, sign, sqrt (numeric
 * sqrt exact to PostgreSQL's result scale when it fits), cbrt, exp, ln, log,
 * log10, power/pow, trigonometry, degrees/radians, pi, random (volatile),
 * div, greatest/least (anycompatible, NULLs ignored).
 *
 * exp/ln/log/power exist for float8 only: numeric arguments resolve to the
 * float8 overload through the implicit numeric -> float8 cast (docs/types.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "exec/func_int.h"
#include "exec/vector_ops.h"

#define MSG_OVF "value out of range: overflow"

/* ---- abs / sign ---- */

static inline int abs_i2(int16_t x, int16_t *r)
{
    *r = (int16_t)(x < 0 ? -x : x);
    return x == INT16_MIN;
}
static inline int abs_i4(int32_t x, int32_t *r)
{
    *r = x < 0 ? (int32_t)(-(uint32_t)x) : x;
    return x == INT32_MIN;
}
static inline int abs_i8(int64_t x, int64_t *r)
{
    *r = x < 0 ? (int64_t)(-(uint64_t)x) : x;
    return x == INT64_MIN;
}
static inline int abs_f4(float x, float *r)
{
    *r = fabsf(x);
    return 0;
}
static inline int abs_f8(double x, double *r)
{
    *r = fabs(x);
    return 0;
}
static inline int abs_n(OmNumeric x, OmNumeric *r)
{
    __int128 m = numeric_mantissa(x);
    *r = numeric_is_nan(x) ? x : numeric_make(m < 0 ? -m : m, numeric_scale(x));
    return 0;
}
DEF_UNARY(k_abs_i2, int16_t, int16_t, abs_i2, "smallint out of range")
DEF_UNARY(k_abs_i4, int32_t, int32_t, abs_i4, "integer out of range")
DEF_UNARY(k_abs_i8, int64_t, int64_t, abs_i8, "bigint out of range")
DEF_UNARY(k_abs_f4, float, float, abs_f4, "")
DEF_UNARY(k_abs_f8, double, double, abs_f8, "")
DEF_UNARY(k_abs_n, OmNumeric, OmNumeric, abs_n, "")

static inline int sign_f8(double x, double *r)
{
    *r = x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0);
    return 0;
}
static inline int sign_n(OmNumeric x, OmNumeric *r)
{
    __int128 m = numeric_mantissa(x);
    *r = numeric_is_nan(x) ? x : numeric_make(m > 0 ? 1 : (m < 0 ? -1 : 0), 0);
    return 0;
}
DEF_UNARY(k_sign_f8, double, double, sign_f8, "")
DEF_UNARY(k_sign_n, OmNumeric, OmNumeric, sign_n, "")

/* ---- rounding ---- */

static inline int round_f8(double x, double *r)
{
    *r = rint(x);
    return 0;
}
static inline int trunc_f8(double x, double *r)
{
    *r = trunc(x);
    return 0;
}
static inline int floor_f8(double x, double *r)
{
    *r = floor(x);
    return 0;
}
static inline int ceil_f8(double x, double *r)
{
    *r = ceil(x);
    return 0;
}
DEF_UNARY(k_round_f8, double, double, round_f8, "")
DEF_UNARY(k_trunc_f8, double, double, trunc_f8, "")
DEF_UNARY(k_floor_f8, double, double, floor_f8, "")
DEF_UNARY(k_ceil_f8, double, double, ceil_f8, "")

static __int128 pow10_i(int k)
{
    return (__int128)om_pow10_u128[k];
}

/* mode: 0 round half away, 1 trunc, 2 floor, 3 ceil. Result scale max(s, 0). */
static int numeric_round_mode(OmNumeric x, int s, int mode, OmNumeric *r)
{
    if (numeric_is_special(x)) {
        *r = x; /* NaN and +-Infinity round to themselves */
        return 0;
    }
    __int128 m = numeric_mantissa(x);
    int xs = numeric_scale(x);
    if (s >= xs) return numeric_rescale(x, s, r) ? FERR_RANGE : 0;
    int drop = xs - s; /* digits to remove */
    if (drop > 38) {
        /* everything is fractional: result is 0 (or +-1 unit for floor/ceil) */
        __int128 q = 0;
        if (mode == 2 && m < 0) q = -1;
        if (mode == 3 && m > 0) q = 1;
        if (s < 0) {
            if (q != 0 && -s > 36) return FERR_RANGE;
            q = q * (s < 0 ? pow10_i(-s) : 1);
            *r = numeric_make(q, 0);
        } else {
            *r = numeric_make(q, s);
        }
        return 0;
    }
    __int128 p = pow10_i(drop);
    __int128 q = m / p, rem = m % p;
    switch (mode) {
    case 0:
        if ((rem < 0 ? -rem : rem) * 2 >= p) q += m < 0 ? -1 : 1;
        break;
    case 2:
        if (rem < 0) q -= 1;
        break;
    case 3:
        if (rem > 0) q += 1;
        break;
    default:
        break;
    }
    if (s < 0) {
        if (-s > 36) return q == 0 ? (*r = numeric_make(0, 0), 0) : FERR_RANGE;
        __int128 t;
        if (__builtin_mul_overflow(q, pow10_i(-s), &t)) return FERR_RANGE;
        if ((t < 0 ? -t : t) >= pow10_i(36)) return FERR_RANGE;
        *r = numeric_make(t, 0);
    } else {
        *r = numeric_make(q, s);
    }
    return 0;
}

static int num_round_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                          Vector *out, EvalCtx *ctx, int mode)
{
    OmNumeric *r = out->data;
    bool has_scale = call->nargs > 1;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int s = has_scale ? ARG(int32_t, 1, row) : 0;
        if (s > 255) s = 255;
        if (s < -255) s = -255;
        int c = numeric_round_mode(ARG(OmNumeric, 0, row), s, mode, &r[row]);
        if (c) return func_raise(ctx, c, "value overflows numeric format");
    }
    return 0;
}

static int k_round_n(KERNEL_ARGS)
{
    return num_round_rows(call, args, sel, count, out, ctx, 0);
}
static int k_trunc_n(KERNEL_ARGS)
{
    return num_round_rows(call, args, sel, count, out, ctx, 1);
}
static int k_floor_n(KERNEL_ARGS)
{
    return num_round_rows(call, args, sel, count, out, ctx, 2);
}
static int k_ceil_n(KERNEL_ARGS)
{
    return num_round_rows(call, args, sel, count, out, ctx, 3);
}

/* div(numeric, numeric): truncated integer quotient. */
static int k_div_n(KERNEL_ARGS)
{
    OmNumeric *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        OmNumeric a = ARG(OmNumeric, 0, row), b = ARG(OmNumeric, 1, row), m, diff;
        if (numeric_is_special(a) || numeric_is_special(b)) {
            /* the same special cases as a / b: NaN, +-Infinity, 0, 22012 */
            if (numeric_div(a, b, &r[row]) == -2) return func_raise(ctx, FERR_DIV0, "");
            continue;
        }
        int rc = numeric_mod(a, b, &m);
        if (rc == -2) return func_raise(ctx, FERR_DIV0, "");
        /* a - a % b is an exact multiple of b: the quotient is exact at scale 0 */
        if (rc != 0 || numeric_sub(a, m, &diff) != 0 || numeric_div_scale(diff, b, 0, &r[row]) != 0)
            return func_raise(ctx, FERR_RANGE, "value overflows numeric format");
    }
    return 0;
}

/* ---- sqrt, exp, ln, log, power ---- */

static int float_err(EvalCtx *ctx, const char *state, const char *msg)
{
    return ERR(ctx->err, state, "%s", msg);
}

#define DOMAIN_NEG_SQRT     16
#define DOMAIN_LOG_ZERO     32
#define DOMAIN_LOG_NEG      64
#define DOMAIN_POW_ZERO_NEG 128
#define DOMAIN_POW_COMPLEX  256

static int math_raise(EvalCtx *ctx, int c)
{
    if (c & DOMAIN_NEG_SQRT)
        return float_err(ctx, "2201F", "cannot take square root of a negative number");
    if (c & DOMAIN_LOG_ZERO) return float_err(ctx, "2201E", "cannot take logarithm of zero");
    if (c & DOMAIN_LOG_NEG)
        return float_err(ctx, "2201E", "cannot take logarithm of a negative number");
    if (c & DOMAIN_POW_ZERO_NEG)
        return float_err(ctx, "2201F", "zero raised to a negative power is undefined");
    if (c & DOMAIN_POW_COMPLEX)
        return float_err(ctx, "2201F",
                         "a negative number raised to a non-integer power yields a complex result");
    return func_raise(ctx, c, MSG_OVF);
}

#define DEF_MATH1(NAME, EXPR_FN, CHECK)                                                            \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        double *r = out->data;                                                                     \
        FOR_EACH_ROW(row)                                                                          \
        {                                                                                          \
            double x = ARG(double, 0, row);                                                        \
            int c = 0;                                                                             \
            CHECK;                                                                                 \
            if (c) {                                                                               \
                if (!row_valid(out, row)) continue;                                                \
                return math_raise(ctx, c);                                                         \
            }                                                                                      \
            double y = EXPR_FN;                                                                    \
            if (isinf(y) && !isinf(x) && row_valid(out, row)) return math_raise(ctx, FERR_RANGE);  \
            r[row] = y;                                                                            \
        }                                                                                          \
        return 0;                                                                                  \
    }

DEF_MATH1(k_sqrt_f8, sqrt(x), if (x < 0) c = DOMAIN_NEG_SQRT)
DEF_MATH1(k_cbrt_f8, cbrt(x), (void)0)
DEF_MATH1(k_exp_f8, exp(x), (void)0)
DEF_MATH1(k_ln_f8, log(x), if (x == 0) c = DOMAIN_LOG_ZERO; else if (x < 0) c = DOMAIN_LOG_NEG)
DEF_MATH1(k_log10_f8, log10(x), if (x == 0) c = DOMAIN_LOG_ZERO; else if (x < 0) c = DOMAIN_LOG_NEG)
DEF_MATH1(k_sin, sin(x), (void)0)
DEF_MATH1(k_cos, cos(x), (void)0)
DEF_MATH1(k_tan, tan(x), (void)0)
DEF_MATH1(k_asin, asin(x), (void)0)
DEF_MATH1(k_acos, acos(x), (void)0)
DEF_MATH1(k_atan, atan(x), (void)0)
DEF_MATH1(k_degrees, x *(180.0 / M_PI), (void)0)
DEF_MATH1(k_radians, x *(M_PI / 180.0), (void)0)

static int k_power_f8(KERNEL_ARGS)
{
    double *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        double x = ARG(double, 0, row), y = ARG(double, 1, row);
        if (x == 0 && y < 0) return math_raise(ctx, DOMAIN_POW_ZERO_NEG);
        if (x < 0 && floor(y) != y) return math_raise(ctx, DOMAIN_POW_COMPLEX);
        double v = pow(x, y);
        if (isinf(v) && !isinf(x) && !isinf(y)) return math_raise(ctx, FERR_RANGE);
        if (v == 0 && x != 0 && !isinf(y) && fabs(x) >= 1) return math_raise(ctx, FERR_UNDERFLOW);
        r[row] = v;
    }
    return 0;
}

static int k_atan2(KERNEL_ARGS)
{
    double *r = out->data;
    FOR_EACH_ROW(row) r[row] = atan2(ARG(double, 0, row), ARG(double, 1, row));
    return 0;
}

/* numeric ^ numeric with PostgreSQL's result scales: integer exponents give
 * max(16, scale(base)) digits (exact when the power fits), other exponents
 * 16 significant digits computed in long double (docs/types.md). */
static int numeric_from_ld(long double v, int rscale, OmNumeric *out)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.20Le", v);
    OmNumeric t;
    if (numeric_parse(buf, strlen(buf), &t) != 0) return FERR_RANGE;
    return numeric_rescale(t, rscale, out) ? FERR_RANGE : 0;
}

/* PostgreSQL's is-integral test: NaN is not, the infinities are. */
static bool numeric_is_integral(OmNumeric x)
{
    if (numeric_is_nan(x)) return false;
    if (numeric_is_special(x)) return true;
    OmNumeric n = numeric_normalize(x);
    return numeric_scale(n) == 0;
}

/* numeric ^ numeric when an operand is NaN or infinite: POSIX pow() rules as
 * PostgreSQL's numeric_power applies them (NaN ^ 0 = 1, 1 ^ NaN = 1). */
static int numeric_power_special(OmNumeric a, OmNumeric b, OmNumeric *r)
{
    const OmNumeric one = numeric_make(1, 0), zero = numeric_make(0, 0);
    if (numeric_is_nan(a)) {
        *r = !numeric_is_special(b) && numeric_sign(b) == 0 ? one : numeric_nan();
        return 0;
    }
    if (numeric_is_nan(b)) {
        *r = !numeric_is_special(a) && numeric_cmp(a, one) == 0 ? one : numeric_nan();
        return 0;
    }
    int sa = numeric_sign(a), sb = numeric_sign(b);
    if (sa == 0 && sb < 0) return DOMAIN_POW_ZERO_NEG;
    if (sa < 0 && !numeric_is_integral(b)) return DOMAIN_POW_COMPLEX;
    if (!numeric_is_special(a) && numeric_cmp(a, one) == 0) {
        *r = one;
        return 0;
    }
    if (sb == 0) {
        *r = one;
        return 0;
    }
    if (sa == 0 && sb > 0) {
        *r = zero;
        return 0;
    }
    if (numeric_inf_sign(b) != 0) {
        bool abs_gt_one = true; /* a is +-Infinity */
        if (!numeric_is_special(a)) {
            if (numeric_cmp(a, numeric_make(-1, 0)) == 0) {
                *r = one;
                return 0;
            }
            __int128 m = numeric_mantissa(a);
            abs_gt_one = numeric_cmp(numeric_make(m < 0 ? -m : m, numeric_scale(a)), one) > 0;
        }
        *r = abs_gt_one == (sb > 0) ? numeric_inf(1) : zero;
        return 0;
    }
    if (numeric_inf_sign(a) > 0) {
        *r = sb > 0 ? numeric_inf(1) : zero;
        return 0;
    }
    /* a is -Infinity, b finite and integral (checked above) */
    if (sb < 0) {
        *r = zero;
        return 0;
    }
    OmNumeric bn = numeric_normalize(b);
    bool odd = numeric_scale(bn) == 0 && (numeric_mantissa(bn) & 1) != 0;
    *r = numeric_inf(odd ? -1 : 1);
    return 0;
}

static int numeric_power(OmNumeric a, OmNumeric b, OmNumeric *r)
{
    if (numeric_is_special(a) || numeric_is_special(b)) return numeric_power_special(a, b, r);
    OmNumeric bn = numeric_normalize(b);
    __int128 am = numeric_mantissa(a);
    long double ad = (long double)numeric_to_double(a), bd = (long double)numeric_to_double(b);
    if (numeric_scale(bn) == 0 && numeric_mantissa(bn) >= INT32_MIN &&
        numeric_mantissa(bn) <= INT32_MAX) {
        int64_t e = (int64_t)numeric_mantissa(bn);
        if (am == 0 && e < 0) return DOMAIN_POW_ZERO_NEG;
        int rscale = numeric_scale(a) > 16 ? numeric_scale(a) : 16;
        OmNumeric acc = numeric_make(1, 0), base = a;
        uint64_t k = e < 0 ? (uint64_t)(-e) : (uint64_t)e;
        bool ok = true;
        while (k && ok) {
            if (k & 1) ok = numeric_mul(acc, base, &acc) == 0;
            k >>= 1;
            if (k && ok) ok = numeric_mul(base, base, &base) == 0;
        }
        if (ok) {
            if (e >= 0) return numeric_rescale(acc, rscale, r) ? FERR_RANGE : 0;
            int rc = numeric_div_scale(numeric_make(1, 0), acc, rscale, r);
            return rc == -2 ? FERR_DIV0 : (rc ? FERR_RANGE : 0);
        }
        long double v = powl(ad, (long double)e);
        if (isinf(v)) return FERR_RANGE;
        return numeric_from_ld(v, rscale, r);
    }
    if (am < 0) return DOMAIN_POW_COMPLEX;
    if (am == 0) {
        if (numeric_mantissa(b) < 0) return DOMAIN_POW_ZERO_NEG;
        *r = numeric_make(0, 16);
        return 0;
    }
    long double v = powl(ad, bd);
    if (isinf(v)) return FERR_RANGE;
    double lv = (double)log10l(fabsl(v));
    if (lv > 1000) lv = 1000;
    if (lv < -1000) lv = -1000;
    int rscale = 16 - (int)lv;
    if (rscale < numeric_scale(a)) rscale = numeric_scale(a);
    if (rscale < numeric_scale(b)) rscale = numeric_scale(b);
    if (rscale < 0) rscale = 0;
    return numeric_from_ld(v, rscale, r);
}

static int k_power_n(KERNEL_ARGS)
{
    OmNumeric *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int c = numeric_power(ARG(OmNumeric, 0, row), ARG(OmNumeric, 1, row), &r[row]);
        if (c) return math_raise(ctx, c);
    }
    return 0;
}

/* Exact numeric square root with PostgreSQL's result scale. */
static int k_sqrt_n(KERNEL_ARGS)
{
    OmNumeric *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        OmNumeric x = ARG(OmNumeric, 0, row);
        __int128 m = numeric_mantissa(x);
        int s = numeric_scale(x);
        if (m < 0) return math_raise(ctx, DOMAIN_NEG_SQRT);
        if (numeric_is_special(x)) { /* NaN, Infinity: themselves */
            r[row] = x;
            continue;
        }
        /* PostgreSQL: sweight = (weight + 1) * 4 / 2 - 1; rscale = 16 - sweight */
        int weight = 0;
        if (m != 0) {
            int e = om_u128_digits((unsigned __int128)m) - 1 - s;
            weight = e >= 0 ? e / 4 : -((-e + 3) / 4);
        }
        int sweight = (weight + 1) * 4 / 2 - 1;
        int rscale = 16 - sweight;
        if (rscale < s) rscale = s;
        if (rscale < 0) rscale = 0;
        if (numeric_sqrt_scale(x, rscale, &r[row]) != 0) return math_raise(ctx, FERR_RANGE);
    }
    return 0;
}

/* ---- constants, random ---- */

static int k_pi(KERNEL_ARGS)
{
    double *r = out->data;
    FOR_EACH_ROW(row) r[row] = M_PI;
    return 0;
}

static _Thread_local uint64_t rng_state;

static int k_random(KERNEL_ARGS)
{
    double *r = out->data;
    if (rng_state == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        rng_state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&ts;
        if (rng_state == 0) rng_state = 0x9e3779b97f4a7c15ULL;
    }
    FOR_EACH_ROW(row)
    {
        uint64_t x = rng_state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        rng_state = x;
        r[row] = (double)(x >> 11) * (1.0 / 9007199254740992.0);
    }
    return 0;
}

/* ---- greatest / least ---- */

static int minmax_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                       Vector *out, EvalCtx *ctx, int want)
{
    TypeId t = call->type.id;
    size_t width = type_info(t)->width;
    FOR_EACH_ROW(row)
    {
        const void *best = NULL;
        for (int i = 0; i < call->nargs; i++) {
            uint32_t slot = arg_slot(args[i], row);
            if (!vector_is_valid(args[i], slot)) continue;
            const void *p = (const char *)args[i]->data + (size_t)slot * width;
            if (!best || value_cmp(t, p, best) * want > 0) best = p;
        }
        if (!best) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        vector_set_valid(out, row);
        memcpy((char *)out->data + (size_t)row * width, best, width);
    }
    return 0;
}

static int k_greatest(KERNEL_ARGS)
{
    return minmax_rows(call, args, sel, count, out, ctx, 1);
}
static int k_least(KERNEL_ARGS)
{
    return minmax_rows(call, args, sel, count, out, ctx, -1);
}

/* ---- scale, gcd/lcm, null counting, width_bucket ---- */

static int k_scale(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        OmNumeric x = ARG(OmNumeric, 0, row);
        if (numeric_is_special(x)) /* PostgreSQL: scale of NaN/Infinity is NULL */
            vector_set_null(out, row, ctx->arena);
        else
            r[row] = numeric_scale(x);
    }
    return 0;
}

/* min_scale(numeric): the fewest fractional digits that keep the value. */
static int k_min_scale(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        OmNumeric x = ARG(OmNumeric, 0, row);
        if (numeric_is_special(x))
            vector_set_null(out, row, ctx->arena);
        else
            r[row] = numeric_scale(numeric_normalize(x));
    }
    return 0;
}

static int k_trim_scale(KERNEL_ARGS)
{
    OmNumeric *r = out->data;
    FOR_EACH_ROW(row) r[row] = numeric_normalize(ARG(OmNumeric, 0, row));
    return 0;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    uint64_t x = a < 0 ? (uint64_t)0 - (uint64_t)a : (uint64_t)a;
    uint64_t y = b < 0 ? (uint64_t)0 - (uint64_t)b : (uint64_t)b;
    while (y) {
        uint64_t t = x % y;
        x = y;
        y = t;
    }
    return (int64_t)x;
}

static int gcd_lcm_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                        Vector *out, EvalCtx *ctx, bool lcm)
{
    bool i8 = call->type.id == TYPE_INT8;
    const char *msg = i8 ? "bigint out of range" : "integer out of range";
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int64_t a = i8 ? ARG(int64_t, 0, row) : ARG(int32_t, 0, row);
        int64_t b = i8 ? ARG(int64_t, 1, row) : ARG(int32_t, 1, row);
        int64_t g = gcd64(a, b), v;
        if (!lcm) {
            v = g;
            if (v < 0 || (!i8 && v > INT32_MAX)) return func_raise(ctx, FERR_RANGE, msg);
        } else if (a == 0 || b == 0) {
            v = 0;
        } else {
            if (__builtin_mul_overflow(a / g, b, &v)) return func_raise(ctx, FERR_RANGE, msg);
            if (v < 0) {
                if (v == INT64_MIN) return func_raise(ctx, FERR_RANGE, msg);
                v = -v;
            }
            if (!i8 && v > INT32_MAX) return func_raise(ctx, FERR_RANGE, msg);
        }
        if (i8)
            ((int64_t *)out->data)[row] = v;
        else
            ((int32_t *)out->data)[row] = (int32_t)v;
    }
    return 0;
}

static int k_gcd(KERNEL_ARGS)
{
    return gcd_lcm_rows(call, args, sel, count, out, ctx, false);
}
static int k_lcm(KERNEL_ARGS)
{
    return gcd_lcm_rows(call, args, sel, count, out, ctx, true);
}

static int k_num_nulls(KERNEL_ARGS)
{
    bool nonnulls = strcmp(call->u.func.def->name, "num_nonnulls") == 0;
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        int32_t n = 0;
        for (int i = 0; i < call->nargs; i++)
            n += vector_is_valid(args[i], arg_slot(args[i], row)) == nonnulls;
        r[row] = n;
        vector_set_valid(out, row);
    }
    return 0;
}

static int k_width_bucket(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        double x = ARG(double, 0, row), lo = ARG(double, 1, row), hi = ARG(double, 2, row);
        int32_t n = ARG(int32_t, 3, row);
        if (n <= 0) return ERR(ctx->err, "2201G", "count must be greater than zero");
        if (isnan(x) || isnan(lo) || isnan(hi))
            return ERR(ctx->err, "2201G", "operand, lower bound, and upper bound cannot be NaN");
        if (lo == hi) return ERR(ctx->err, "2201G", "lower bound cannot equal upper bound");
        int64_t b;
        if (lo < hi) {
            if (x < lo)
                b = 0;
            else if (x >= hi)
                b = (int64_t)n + 1;
            else
                b = (int64_t)((double)n * ((x - lo) / (hi - lo))) + 1;
        } else {
            if (x > lo)
                b = 0;
            else if (x <= hi)
                b = (int64_t)n + 1;
            else
                b = (int64_t)((double)n * ((lo - x) / (lo - hi))) + 1;
        }
        if (b > INT32_MAX) return func_raise(ctx, FERR_RANGE, "integer out of range");
        r[row] = (int32_t)b;
    }
    return 0;
}

/* ---- table ---- */

#define F8       TYPE_FLOAT8
#define NU       TYPE_NUMERIC
#define I4       TYPE_INT4
#define GL_FLAGS (FUNC_VARIADIC | FUNC_POLY_COMMON)
#define GL(type, oid)                                                                              \
    FNF("greatest", 1, type, k_greatest, oid, GL_FLAGS, type),                                     \
        FNF("least", 1, type, k_least, oid + 1, GL_FLAGS, type)

const FuncDef func_math_defs[] = {
    FN("abs", 1, TYPE_INT2, k_abs_i2, 14000, TYPE_INT2),
    OP1("@", TYPE_INT2, TYPE_INT2, k_abs_i2, 14080),
    OP1("@", I4, I4, k_abs_i4, 14081),
    OP1("@", TYPE_INT8, TYPE_INT8, k_abs_i8, 14082),
    OP1("@", TYPE_FLOAT4, TYPE_FLOAT4, k_abs_f4, 14083),
    OP1("@", F8, F8, k_abs_f8, 14084),
    OP1("@", NU, NU, k_abs_n, 14085),
    OP1("|/", F8, F8, k_sqrt_f8, 14086),
    OP1("||/", F8, F8, k_cbrt_f8, 14087),
    FN("abs", 1, I4, k_abs_i4, 14001, I4),
    FN("abs", 1, TYPE_INT8, k_abs_i8, 14002, TYPE_INT8),
    FN("abs", 1, TYPE_FLOAT4, k_abs_f4, 14003, TYPE_FLOAT4),
    FN("abs", 1, F8, k_abs_f8, 14004, F8),
    FN("abs", 1, NU, k_abs_n, 14005, NU),
    FN("sign", 1, F8, k_sign_f8, 14010, F8),
    FN("sign", 1, NU, k_sign_n, 14011, NU),
    FN("round", 1, F8, k_round_f8, 14020, F8),
    FN("round", 1, NU, k_round_n, 14021, NU),
    FN("round", 2, NU, k_round_n, 14022, NU, I4),
    FN("trunc", 1, F8, k_trunc_f8, 14023, F8),
    FN("trunc", 1, NU, k_trunc_n, 14024, NU),
    FN("trunc", 2, NU, k_trunc_n, 14025, NU, I4),
    FN("floor", 1, F8, k_floor_f8, 14026, F8),
    FN("floor", 1, NU, k_floor_n, 14027, NU),
    FN("ceil", 1, F8, k_ceil_f8, 14028, F8),
    FN("ceil", 1, NU, k_ceil_n, 14029, NU),
    FN("ceiling", 1, F8, k_ceil_f8, 14030, F8),
    FN("ceiling", 1, NU, k_ceil_n, 14031, NU),
    FN("div", 2, NU, k_div_n, 14032, NU, NU),
    FN("sqrt", 1, F8, k_sqrt_f8, 14040, F8),
    FN("sqrt", 1, NU, k_sqrt_n, 14041, NU),
    FN("cbrt", 1, F8, k_cbrt_f8, 14042, F8),
    FN("exp", 1, F8, k_exp_f8, 14043, F8),
    FN("ln", 1, F8, k_ln_f8, 14044, F8),
    FN("log", 1, F8, k_log10_f8, 14045, F8),
    FN("log10", 1, F8, k_log10_f8, 14046, F8),
    FN("power", 2, F8, k_power_f8, 14047, F8, F8),
    FN("pow", 2, F8, k_power_f8, 14048, F8, F8),
    OP2("^", F8, F8, F8, k_power_f8, 14049),
    OP2("^", NU, NU, NU, k_power_n, 14062),
    FN("power", 2, NU, k_power_n, 14063, NU, NU),
    FN("pow", 2, NU, k_power_n, 14064, NU, NU),
    FN("sin", 1, F8, k_sin, 14050, F8),
    FN("cos", 1, F8, k_cos, 14051, F8),
    FN("tan", 1, F8, k_tan, 14052, F8),
    FN("asin", 1, F8, k_asin, 14053, F8),
    FN("acos", 1, F8, k_acos, 14054, F8),
    FN("atan", 1, F8, k_atan, 14055, F8),
    FN("atan2", 2, F8, k_atan2, 14056, F8, F8),
    FN("degrees", 1, F8, k_degrees, 14057, F8),
    FN("radians", 1, F8, k_radians, 14058, F8),
    FNF("pi", 0, F8, k_pi, 14060, FUNC_STRICT, 0),
    FNF("random", 0, F8, k_random, 14061, FUNC_VOLATILE, 0),
    FN("scale", 1, I4, k_scale, 14070, NU),
    FN("trim_scale", 1, NU, k_trim_scale, 14071, NU),
    FN("min_scale", 1, I4, k_min_scale, 14079, NU),
    FN("gcd", 2, I4, k_gcd, 14072, I4, I4),
    FN("gcd", 2, TYPE_INT8, k_gcd, 14073, TYPE_INT8, TYPE_INT8),
    FN("lcm", 2, I4, k_lcm, 14074, I4, I4),
    FN("lcm", 2, TYPE_INT8, k_lcm, 14075, TYPE_INT8, TYPE_INT8),
    FNF("num_nulls", 1, I4, k_num_nulls, 14076, FUNC_VARIADIC, FUNC_ARG_ANY),
    FNF("num_nonnulls", 1, I4, k_num_nulls, 14077, FUNC_VARIADIC, FUNC_ARG_ANY),
    FN("width_bucket", 4, I4, k_width_bucket, 14078, F8, F8, F8, I4),
    GL(TYPE_INT4, 14100),
    GL(TYPE_INT8, 14102),
    GL(TYPE_NUMERIC, 14104),
    GL(TYPE_FLOAT8, 14106),
    GL(TYPE_INT2, 14108),
    GL(TYPE_FLOAT4, 14110),
    GL(TYPE_TEXT, 14112),
    GL(TYPE_BPCHAR, 14114),
    GL(TYPE_NAME, 14116),
    GL(TYPE_DATE, 14118),
    GL(TYPE_TIME, 14120),
    GL(TYPE_TIMESTAMP, 14122),
    GL(TYPE_TIMESTAMPTZ, 14124),
    GL(TYPE_INTERVAL, 14126),
    GL(TYPE_BOOL, 14128),
    GL(TYPE_UUID, 14130),
    GL(TYPE_BYTEA, 14132),
    GL(TYPE_OID, 14134),
    GL(TYPE_ENUM, 14136),
};
const int func_math_ndefs = sizeof(func_math_defs) / sizeof(func_math_defs[0]);
