/*
 * agg_registry.h — aggregate functions: resolution of a call to its AggKind
 * and PostgreSQL 15 result type (agg_resolve, used by the binder), and the
 * per-group aggregate state used by the hash aggregate (AggState).
 *
 * Result types follow pg_aggregate: count -> int8; sum(int2|int4) -> int8,
 * sum(int8|numeric) -> numeric, sum(float4) -> float4, sum(float8) -> float8,
 * sum(interval) -> interval; avg(int2|int4|int8|numeric) -> numeric,
 * avg(float4|float8) -> float8, avg(interval) -> interval; min/max -> the
 * argument type (varchar and other string types -> text, bpchar -> bpchar);
 * bool_and/bool_or/every(bool) -> bool; string_agg(text, text) -> text and
 * string_agg(bytea, bytea) -> bytea; bit_and/bit_or/bit_xor -> the argument
 * type (int2|int4|int8); var_pop/var_samp/variance/stddev_pop/stddev_samp/
 * stddev(int2|int4|int8|numeric) -> numeric, (float4|float8) -> float8;
 * covar_pop .. regr_intercept(float8, float8) -> float8 (regr_count -> int8);
 * percentile_cont(float8) WITHIN GROUP (float8|interval) -> that type;
 * percentile_disc(float8) and mode() WITHIN GROUP (any) -> that type;
 * json_agg(any) and json_object_agg(any, any) -> json, jsonb_agg and
 * jsonb_object_agg -> jsonb (agg_json.c).
 *
 * Exactness: integer sums accumulate in int64 (int2/int4) or __int128 (int8),
 * numeric sums in a 128-bit mantissa at the largest input scale (overflow of
 * 36 digits -> 22003), floats in input order in their own precision (float4
 * sum in float, float avg in double); avg of integers/numeric divides the
 * exact sum by the count with the numeric "/" kernel from the function
 * registry, so its scale is PostgreSQL's select_div_scale result. The
 * statistical and ordered-set aggregates are in agg_stats.c.
 *
 * Ordered input: the hash aggregate feeds aggregates with ORDER BY (and the
 * ordered-set aggregates) their rows sorted by group, then by the keys
 * (agg_sorted.h); the ordered-set states rely on it (a group's values arrive
 * contiguously and in order).
 */
#ifndef OMENDB_EXEC_AGG_REGISTRY_H
#define OMENDB_EXEC_AGG_REGISTRY_H

#include "exec/plan.h"

/* Resolves aggregate `name` applied to argument types types[0..nargs) (for
 * WITHIN GROUP: the direct arguments, then the ordered ones; count(*): star,
 * nargs 0). Sets *kind, *result and targets[i], the type argument i must be
 * coerced to (implicitly). Unknown names, argument counts or types: -1 with
 * 42883 "function sum(boolean) does not exist". */
int agg_resolve(const char *name, int nargs, const OmType *types, bool star, bool within_group,
                AggKind *kind, OmType *result, OmType *targets, OmError *err);
/* True for the names agg_resolve knows (count, sum, ..., "every", "stddev"). */
bool agg_name_known(const char *name);
/* True for the ordered-set aggregates (percentile_cont, percentile_disc, mode). */
bool agg_is_ordered_set(const char *name);
/* The SQL name of an aggregate kind (EXPLAIN). */
const char *agg_kind_name(AggKind kind);

/* Per-group states of one aggregate call, indexed by group id. */
typedef struct AggState {
    AggKind kind;
    TypeId in_type;     /* argument type (TYPE_INVALID for count(*)) */
    TypeId in_type2;    /* second argument's type (TYPE_INVALID without one) */
    OmType out_type;    /* result type */
    uint8_t in_width;   /* argument slot width */
    uint8_t op;         /* internal update loop selector */
    Arena *arena;       /* states and copied string bytes */
    uint32_t cap;       /* groups with allocated state */
    int64_t *count;     /* rows aggregated per group (count, avg, "has value") */
    void *acc;          /* typed accumulator per group */
    uint8_t *scale;     /* numeric sum/avg: scale of the accumulator */
    uint8_t *special;   /* numeric sum/avg: NUMACC_* bits of NaN/+-Infinity inputs seen */
    char **bufs;        /* min/max of strings: per-group byte buffer (reused) */
    uint32_t *buf_cap;  /* bytes allocated in bufs[g] */
    const FuncDef *div; /* numeric "/" overload for avg (resolved at finalize) */
    const Expr *direct; /* percentile_*: the fraction, evaluated at finalize */
    char *vals;         /* ordered-set aggregates: the sorted values of all groups */
    uint64_t nvals, vals_cap;
} AggState;

/* Prepares the state of `call` whose argument has type arg_type (ignored for
 * count(*)). */
void agg_state_init(AggState *st, const AggCall *call, Arena *arena);
/* Makes room for groups 0..ngroups-1 (new groups start empty). */
void agg_state_reserve(AggState *st, uint32_t ngroups);
/* Adds the rows rows[0..n) (physical positions in `arg`, FLAT or CONSTANT) to
 * the groups gid_by_row[row] (gid_by_row == NULL: all rows go to group 0). NULL arguments are
 * skipped (count(*) takes arg == NULL and counts every row). arg2: string_agg delimiter. Errors:
 * 22003 numeric/float overflow, 22008 interval out of range. */
int agg_state_update(AggState *st, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                     const Vector *arg, const Vector *arg2, OmError *err);
/* Writes the results of groups first..first+n-1 into out rows 0..n-1; `out`
 * is initialised here as a FLAT vector in ctx->arena (strings point into the
 * state's arena). */
int agg_state_finalize(AggState *st, uint32_t first, uint32_t n, Vector *out, EvalCtx *ctx);

#endif
