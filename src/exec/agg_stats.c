/*
 * agg_stats.c — the statistical aggregates (var_pop .. stddev_samp, covar_pop
 * .. regr_intercept) and the ordered-set aggregates (percentile_cont,
 * percentile_disc, mode) of AggState, computed as PostgreSQL 15 computes them.
 *
 * Floats (float4 and float8 inputs, two-argument statistics): PostgreSQL's
 * Youngs-Cramer transition (float8_accum, float8_regr_accum) on {N, Sx, Sxx}
 * and {N, Sx, Sxx, Sy, Syy, Sxy} in double, in input order, with its overflow
 * rule (an infinite sum from finite inputs is 22003; an infinite input makes
 * Sxx NaN) and its final functions (NULL below the minimum N, corr/regr_*
 * NULL for a vertical line, ...).
 *
 * Ints and numeric: exact sums of x and x*x (numeric_stddev_internal): the
 * numerator N*Sxx - Sx*Sx at twice the input scale (<= 0: the result is 0),
 * divided by N*N or N*(N-1) with numeric division's select_div_scale scale,
 * and stddev is the square root at that same scale. Sums beyond numeric's
 * 36 digits are 22003. NaN inputs or infinities give NaN.
 *
 * Ordered-set aggregates: the hash aggregate feeds a group's values sorted
 * and contiguously (agg_sorted.c), so each group keeps a run {start, n} into
 * one growing value array (percentiles), or a streaming mode_final state. The
 * fraction (AggState.direct) is evaluated at finalisation and checked even for
 * an empty group, as PostgreSQL does.
 */
#include <math.h>
#include <string.h>

#include "exec/agg_int.h"
#include "exec/func_int.h"
#include "exec/vector_ops.h"

typedef struct F8Stat {
    double n, sx, sxx;
} F8Stat;

typedef struct NumStat {
    __int128 sx, sxx;
    uint8_t sx_scale, sxx_scale, special;
} NumStat;

typedef struct RegrStat {
    double n, sx, sxx, sy, syy, sxy;
} RegrStat;

typedef struct Run {
    uint64_t start, n;
} Run;

typedef struct ModeAcc {
    int64_t mode_freq, last_freq;
    bool last_is_mode;
    /* a value of the argument type (<= 16 bytes), aligned for any payload (a
     * StrView holds a pointer: value_eq reads it as a struct) */
    _Alignas(8) char mode_val[16];
    _Alignas(8) char last_val[16];
} ModeAcc;

size_t agg_stats_acc_size(uint8_t op)
{
    switch (op) {
    case AOP_STAT_F8:
        return sizeof(F8Stat);
    case AOP_STAT_NUM:
        return sizeof(NumStat);
    case AOP_REGR:
        return sizeof(RegrStat);
    case AOP_MODE:
        return sizeof(ModeAcc);
    case AOP_REGR_COUNT:
        return 0;
    default:
        return sizeof(Run);
    }
}

static int float_overflow(OmError *err)
{
    return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: overflow");
}

/* ----------------------------------------------------------------- update */

static double f8_at(const Vector *v, uint32_t row)
{
    uint32_t slot = v->kind == VEC_CONSTANT ? 0 : row;
    if (v->type.id == TYPE_FLOAT4) return (double)((const float *)v->data)[slot];
    return ((const double *)v->data)[slot];
}

static bool valid_at(const Vector *v, uint32_t row)
{
    return validity_is_valid(v->validity, v->kind == VEC_CONSTANT ? 0 : row);
}

/* float8_accum */
static int f8_accum(F8Stat *a, double x, OmError *err)
{
    double n0 = a->n, sx0 = a->sx;
    a->n = n0 + 1.0;
    a->sx = sx0 + x;
    if (n0 > 0.0) {
        double tmp = x * a->n - a->sx;
        a->sxx += tmp * tmp / (a->n * n0);
        if (isinf(a->sx) || isinf(a->sxx)) {
            if (!isinf(sx0) && !isinf(x)) return float_overflow(err);
            a->sxx = NAN;
        }
    } else if (isnan(x) || isinf(x)) {
        a->sxx = NAN;
    }
    return 0;
}

/* float8_regr_accum: y is the first argument, x the second */
static int regr_accum(RegrStat *a, double y, double x, OmError *err)
{
    RegrStat old = *a;
    a->n = old.n + 1.0;
    a->sx = old.sx + x;
    a->sy = old.sy + y;
    if (old.n > 0.0) {
        double tx = x * a->n - a->sx, ty = y * a->n - a->sy;
        double scale = 1.0 / (a->n * old.n);
        a->sxx += tx * tx * scale;
        a->syy += ty * ty * scale;
        a->sxy += tx * ty * scale;
        if (isinf(a->sx) || isinf(a->sxx) || isinf(a->sy) || isinf(a->syy) || isinf(a->sxy)) {
            if (((isinf(a->sx) || isinf(a->sxx)) && !isinf(old.sx) && !isinf(x)) ||
                ((isinf(a->sy) || isinf(a->syy)) && !isinf(old.sy) && !isinf(y)) ||
                (isinf(a->sxy) && !isinf(old.sx) && !isinf(x) && !isinf(old.sy) && !isinf(y)))
                return float_overflow(err);
            if (isinf(a->sxx)) a->sxx = NAN;
            if (isinf(a->syy)) a->syy = NAN;
            if (isinf(a->sxy)) a->sxy = NAN;
        }
    } else {
        if (isnan(x) || isinf(x)) a->sxx = a->sxy = NAN;
        if (isnan(y) || isinf(y)) a->syy = a->sxy = NAN;
    }
    return 0;
}

/* do_numeric_accum: exact Sx and Sx*x (ints at scale 0) */
static int num_accum(AggState *st, NumStat *a, const Vector *v, uint32_t row, OmError *err)
{
    uint32_t slot = v->kind == VEC_CONSTANT ? 0 : row;
    __int128 m;
    int s = 0;
    switch (st->in_type) {
    case TYPE_INT2:
        m = ((const int16_t *)v->data)[slot];
        break;
    case TYPE_INT4:
        m = ((const int32_t *)v->data)[slot];
        break;
    case TYPE_INT8:
        m = ((const int64_t *)v->data)[slot];
        break;
    default: {
        OmNumeric x = ((const OmNumeric *)v->data)[slot];
        if (numeric_is_special(x)) {
            a->special |= numeric_is_nan(x)         ? NUMACC_NAN
                          : numeric_inf_sign(x) > 0 ? NUMACC_PINF
                                                    : NUMACC_NINF;
            return 0;
        }
        m = numeric_mantissa(x);
        s = numeric_scale(x);
        break;
    }
    }
    __int128 sq;
    if (__builtin_mul_overflow(m, m, &sq)) return agg_numeric_overflow(err);
    if (numeric_acc_add_mant(&a->sx, &a->sx_scale, m, s, err) != 0) return -1;
    return numeric_acc_add_mant(&a->sxx, &a->sxx_scale, sq, 2 * s, err);
}

static void vals_append(AggState *st, const void *v)
{
    uint8_t w = st->in_width;
    if (st->nvals == st->vals_cap) {
        uint64_t cap = st->vals_cap ? st->vals_cap * 2 : 256;
        char *nv = arena_alloc(st->arena, (size_t)cap * w);
        if (st->nvals) memcpy(nv, st->vals, (size_t)st->nvals * w);
        st->vals = nv;
        st->vals_cap = cap;
    }
    memcpy(st->vals + (size_t)st->nvals * w, v, w);
    st->nvals++;
}

/* mode_final's scan, one value at a time (values arrive in sort order) */
static void mode_add(AggState *st, ModeAcc *a, const void *v)
{
    uint8_t w = st->in_width;
    if (a->last_freq == 0) {
        memcpy(a->mode_val, v, w);
        memcpy(a->last_val, v, w);
        a->mode_freq = a->last_freq = 1;
        a->last_is_mode = true;
    } else if (value_eq(st->in_type, v, a->last_val)) {
        if (a->last_is_mode) {
            a->mode_freq++;
        } else if (++a->last_freq > a->mode_freq) {
            memcpy(a->mode_val, a->last_val, w);
            a->mode_freq = a->last_freq;
            a->last_is_mode = true;
        }
    } else {
        memcpy(a->last_val, v, w);
        a->last_freq = 1;
        a->last_is_mode = false;
    }
}

int agg_stats_update(AggState *st, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                     const Vector *arg, const Vector *arg2, OmError *err)
{
    int64_t *cnt = st->count;
    uint8_t w = st->in_width;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t row = rows[i];
        if (!valid_at(arg, row)) continue;
        if ((st->op == AOP_REGR || st->op == AOP_REGR_COUNT) && !valid_at(arg2, row)) continue;
        uint32_t g = gid_by_row[row];
        const void *v = (const char *)arg->data + (size_t)(arg->kind == VEC_CONSTANT ? 0 : row) * w;
        switch (st->op) {
        case AOP_STAT_F8:
            if (f8_accum((F8Stat *)st->acc + g, f8_at(arg, row), err) != 0) return -1;
            break;
        case AOP_STAT_NUM:
            if (num_accum(st, (NumStat *)st->acc + g, arg, row, err) != 0) return -1;
            break;
        case AOP_REGR:
            if (regr_accum((RegrStat *)st->acc + g, f8_at(arg, row), f8_at(arg2, row), err) != 0)
                return -1;
            break;
        case AOP_REGR_COUNT:
            break;
        case AOP_MODE:
            mode_add(st, (ModeAcc *)st->acc + g, v);
            break;
        default: { /* percentiles: a group's values are contiguous */
            Run *r = (Run *)st->acc + g;
            if (r->n == 0) r->start = st->nvals;
            vals_append(st, v);
            r->n++;
            break;
        }
        }
        cnt[g]++;
    }
    return 0;
}

/* --------------------------------------------------------------- finalize */

static bool is_sample(AggKind k)
{
    return k == AGG_VAR_SAMP || k == AGG_STDDEV_SAMP;
}

static bool is_stddev(AggKind k)
{
    return k == AGG_STDDEV_POP || k == AGG_STDDEV_SAMP;
}

/* numeric_stddev_internal; *is_null for too few rows */
static int num_final(const AggState *st, const NumStat *a, int64_t n, OmNumeric *out, bool *is_null,
                     OmError *err)
{
    bool sample = is_sample(st->kind);
    *is_null = n <= (sample ? 1 : 0);
    if (*is_null) return 0;
    if (a->special) {
        *out = numeric_nan();
        return 0;
    }
    /* N * Sxx - Sx * Sx at scale 2 * scale(Sx), exact */
    __int128 sx = a->sx, sxx = a->sxx, sx2, nsxx, num;
    uint8_t sxx_scale = a->sxx_scale;
    if (__builtin_mul_overflow(sx, sx, &sx2)) return agg_numeric_overflow(err);
    int s2 = 2 * a->sx_scale;
    if (sxx_scale < s2 && !numeric_mul_pow10(&sxx, s2 - sxx_scale))
        return agg_numeric_overflow(err);
    if (sxx_scale > s2 && !numeric_mul_pow10(&sx2, sxx_scale - s2))
        return agg_numeric_overflow(err);
    if (sxx_scale > s2) s2 = sxx_scale;
    if (__builtin_mul_overflow(sxx, (__int128)n, &nsxx) || __builtin_sub_overflow(nsxx, sx2, &num))
        return agg_numeric_overflow(err);
    if (num <= 0) {
        *out = numeric_make(0, 0);
        return 0;
    }
    __int128 den;
    if (__builtin_mul_overflow((__int128)n, (__int128)(sample ? n - 1 : n), &den) ||
        num >= k_num_bound || den >= k_num_bound)
        return agg_numeric_overflow(err);
    OmNumeric var;
    if (numeric_div(numeric_make(num, s2), numeric_make(den, 0), &var) != 0)
        return agg_numeric_overflow(err);
    if (is_stddev(st->kind)) {
        if (numeric_sqrt_scale(var, numeric_scale(var), out) != 0) return agg_numeric_overflow(err);
    } else {
        *out = var;
    }
    return 0;
}

/* float8_var_pop .. float8_stddev_samp */
static bool f8_final(AggKind k, const F8Stat *a, double *out)
{
    double n = a->n;
    if (is_sample(k) ? n <= 1.0 : n == 0.0) return false;
    double var = a->sxx / (is_sample(k) ? n - 1.0 : n);
    *out = is_stddev(k) ? sqrt(var) : var;
    return true;
}

/* float8_covar_pop .. float8_regr_intercept */
static bool regr_final(AggKind k, const RegrStat *a, double *out)
{
    double n = a->n;
    if (n < 1.0) return false;
    switch (k) {
    case AGG_COVAR_POP:
        *out = a->sxy / n;
        return true;
    case AGG_COVAR_SAMP:
        if (n < 2.0) return false;
        *out = a->sxy / (n - 1.0);
        return true;
    case AGG_CORR:
        if (a->sxx == 0 || a->syy == 0) return false;
        *out = a->sxy / sqrt(a->sxx * a->syy);
        return true;
    case AGG_REGR_SXX:
        *out = a->sxx;
        return true;
    case AGG_REGR_SYY:
        *out = a->syy;
        return true;
    case AGG_REGR_SXY:
        *out = a->sxy;
        return true;
    case AGG_REGR_AVGX:
        *out = a->sx / n;
        return true;
    case AGG_REGR_AVGY:
        *out = a->sy / n;
        return true;
    case AGG_REGR_R2:
        if (a->sxx == 0) return false;
        *out = a->syy == 0 ? 1.0 : (a->sxy * a->sxy) / (a->sxx * a->syy);
        return true;
    case AGG_REGR_SLOPE:
        if (a->sxx == 0) return false;
        *out = a->sxy / a->sxx;
        return true;
    default: /* AGG_REGR_INTERCEPT */
        if (a->sxx == 0) return false;
        *out = (a->sy - a->sx * a->sxy / a->sxx) / n;
        return true;
    }
}

/* The fraction of percentile_cont/percentile_disc; *is_null if it is NULL. */
static int percentile_arg(const AggState *st, EvalCtx *ctx, double *p, bool *is_null)
{
    Value v;
    if (expr_eval_scalar(st->direct, &v, ctx) != 0) return -1;
    *is_null = v.is_null;
    *p = v.u.f8;
    if (!v.is_null && (*p < 0 || *p > 1 || isnan(*p)))
        return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                   "percentile value %g is not between 0 and 1", *p);
    return 0;
}

int agg_stats_finalize(AggState *st, uint32_t first, uint32_t n, Vector *out, EvalCtx *ctx)
{
    const int64_t *cnt = st->count;
    double pct = 0;
    bool pct_null = false;
    if (st->op == AOP_PCT_CONT_F8 || st->op == AOP_PCT_CONT_IV || st->op == AOP_PCT_DISC)
        if (percentile_arg(st, ctx, &pct, &pct_null) != 0) return -1;
    uint8_t w = st->in_width;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t g = first + i;
        bool ok = true;
        switch (st->op) {
        case AOP_REGR_COUNT:
            ((int64_t *)out->data)[i] = cnt[g];
            break;
        case AOP_STAT_F8:
            ok = f8_final(st->kind, (const F8Stat *)st->acc + g, (double *)out->data + i);
            break;
        case AOP_REGR:
            ok = regr_final(st->kind, (const RegrStat *)st->acc + g, (double *)out->data + i);
            break;
        case AOP_STAT_NUM: {
            bool is_null = true;
            if (cnt[g] > 0 && num_final(st, (const NumStat *)st->acc + g, cnt[g],
                                        (OmNumeric *)out->data + i, &is_null, ctx->err) != 0)
                return -1;
            ok = !is_null;
            break;
        }
        case AOP_MODE: {
            const ModeAcc *a = (const ModeAcc *)st->acc + g;
            ok = a->mode_freq > 0;
            if (ok) memcpy((char *)out->data + (size_t)i * w, a->mode_val, w);
            break;
        }
        default: { /* percentiles */
            const Run *r = (const Run *)st->acc + g;
            ok = !pct_null && r->n > 0;
            if (!ok) break;
            const char *vals = st->vals + (size_t)r->start * w;
            if (st->op == AOP_PCT_DISC) {
                int64_t rownum = (int64_t)ceil(pct * (double)r->n);
                size_t idx = rownum > 1 ? (size_t)(rownum - 1) : 0;
                memcpy((char *)out->data + (size_t)i * w, vals + idx * w, w);
                break;
            }
            double pos = pct * (double)(r->n - 1);
            size_t lo = (size_t)floor(pos), hi = (size_t)ceil(pos);
            double frac = pos - (double)lo;
            if (st->op == AOP_PCT_CONT_F8) {
                double a = ((const double *)vals)[lo], b = ((const double *)vals)[hi];
                ((double *)out->data)[i] = lo == hi ? a : a + (b - a) * frac;
            } else {
                OmInterval a, b, *res = (OmInterval *)out->data + i;
                memcpy(&a, vals + lo * w, sizeof(a));
                memcpy(&b, vals + hi * w, sizeof(b));
                if (lo == hi)
                    *res = a;
                else if (func_interval_lerp(a, b, frac, res) != 0)
                    return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
            }
            break;
        }
        }
        if (!ok) vector_set_null(out, i, ctx->arena);
    }
    return 0;
}
