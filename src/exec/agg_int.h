/*
 * agg_int.h — private to the aggregate implementation (agg_funcs.c,
 * agg_stats.c): the update-loop selector of AggState (AggOp), the string
 * accumulator, the exact numeric accumulator, and the entry points of the
 * statistical and ordered-set aggregates.
 */
#ifndef OMENDB_EXEC_AGG_INT_H
#define OMENDB_EXEC_AGG_INT_H

#include "catalog/type_io_int.h"
#include "exec/agg_registry.h"

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
    AOP_BIT_AND,
    AOP_BIT_OR,
    AOP_BIT_XOR,
    AOP_ARRAY_AGG, /* StrAcc of (null flag, element bytes) per value */
    /* agg_json.c: the same stream (object aggregates: key then value per row) */
    AOP_JSON_AGG,
    AOP_JSON_OBJECT_AGG,
    /* agg_stats.c */
    AOP_STAT_F8,  /* var_pop .. stddev_samp over float4/float8: {N, Sx, Sxx} */
    AOP_STAT_NUM, /* the same over ints and numeric: exact sums */
    AOP_REGR,     /* covar_pop .. regr_intercept: {N, Sx, Sxx, Sy, Syy, Sxy} */
    AOP_REGR_COUNT,
    AOP_PCT_CONT_F8, /* ordered-set aggregates: values arrive sorted, group by group */
    AOP_PCT_CONT_IV,
    AOP_PCT_DISC,
    AOP_MODE,
};

typedef struct StrAcc {
    char *buf;
    uint32_t len;
    uint32_t cap;
} StrAcc;

struct AggState;
/* Appends bytes to a group's accumulator (grown in st's arena). */
void agg_acc_append(struct AggState *st, StrAcc *a, const void *data, uint32_t len);
/* Appends the value at `slot` of v (type t, slot width w) as array_agg keeps
 * values: a NULL flag byte, then the bytes (a 4-byte length first for a
 * varlena type). */
void agg_acc_put_value(struct AggState *st, StrAcc *a, const Vector *v, uint32_t slot, TypeId t,
                       uint8_t w);

/* The finite numeric bound (types.h); a sum at or past it is 22003. */
static const __int128 k_num_bound = NUMERIC_MANT_BOUND;

/* NaN and the infinities are not added to the accumulator: they set these bits
 * and the result is PostgreSQL's (any NaN or both infinities: NaN). */
#define NUMACC_NAN  1
#define NUMACC_PINF 2
#define NUMACC_NINF 4

static inline OmNumeric numacc_special_result(uint8_t bits)
{
    if ((bits & NUMACC_NAN) || (bits & (NUMACC_PINF | NUMACC_NINF)) == (NUMACC_PINF | NUMACC_NINF))
        return numeric_nan();
    return numeric_inf(bits & NUMACC_PINF ? 1 : -1);
}

static inline int agg_numeric_overflow(OmError *err)
{
    return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
}

/* acc (mantissa at *acc_scale) += m * 10^-s, rescaling to the larger scale. */
static inline int numeric_acc_add_mant(__int128 *acc, uint8_t *acc_scale, __int128 m, int s,
                                       OmError *err)
{
    if (s != *acc_scale) {
        if (s > *acc_scale) {
            if (!numeric_mul_pow10(acc, s - *acc_scale)) return agg_numeric_overflow(err);
            *acc_scale = (uint8_t)s;
        } else if (!numeric_mul_pow10(&m, *acc_scale - s)) {
            return agg_numeric_overflow(err);
        }
    }
    if (__builtin_add_overflow(*acc, m, acc)) return agg_numeric_overflow(err);
    return 0;
}

/* acc (mantissa at *acc_scale) += v, rescaling to the larger scale. */
static inline int numeric_acc_add(__int128 *acc, uint8_t *acc_scale, OmNumeric v, OmError *err)
{
    return numeric_acc_add_mant(acc, acc_scale, numeric_mantissa(v), numeric_scale(v), err);
}

/* Bytes of accumulator per group of the agg_stats.c ops. */
size_t agg_stats_acc_size(uint8_t op);
/* The agg_state_update / agg_state_finalize of the agg_stats.c ops. */
int agg_stats_update(AggState *st, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                     const Vector *arg, const Vector *arg2, OmError *err);
int agg_stats_finalize(AggState *st, uint32_t first, uint32_t n, Vector *out, EvalCtx *ctx);

/* The agg_state_update of AOP_JSON_AGG / AOP_JSON_OBJECT_AGG (agg_json.c),
 * and the result of one group g into out row i. */
int agg_json_update(AggState *st, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                    const Vector *arg, const Vector *arg2, OmError *err);
int agg_json_finalize(AggState *st, uint32_t g, Vector *out, uint32_t i, EvalCtx *ctx);

#endif
