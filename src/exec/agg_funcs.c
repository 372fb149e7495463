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

#include "catalog/array.h"
#include "exec/agg_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "catalog/type_io_int.h"
#include "exec/chunk_collection.h"
#include "exec/func_registry.h"
#include "exec/vector_ops.h"

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
    case TYPE_INET: /* PostgreSQL has min/max for inet (cidr through inet) */
    case TYPE_CIDR:
    case TYPE_ENUM:
        return true;
    default:
        return false;
    }
}

static const struct {
    const char *name;
    AggKind kind;
} k_aggs[] = {
    {"count", AGG_COUNT},
    {"sum", AGG_SUM},
    {"avg", AGG_AVG},
    {"min", AGG_MIN},
    {"max", AGG_MAX},
    {"bool_and", AGG_BOOL_AND},
    {"every", AGG_BOOL_AND},
    {"bool_or", AGG_BOOL_OR},
    {"string_agg", AGG_STRING_AGG},
    {"array_agg", AGG_ARRAY_AGG},
    {"json_agg", AGG_JSON_AGG},
    {"jsonb_agg", AGG_JSONB_AGG},
    {"omendb_json_agg_rows", AGG_JSON_AGG_ROWS},
    {"json_object_agg", AGG_JSON_OBJECT_AGG},
    {"jsonb_object_agg", AGG_JSONB_OBJECT_AGG},
    {"bit_and", AGG_BIT_AND},
    {"bit_or", AGG_BIT_OR},
    {"bit_xor", AGG_BIT_XOR},
    {"var_pop", AGG_VAR_POP},
    {"var_samp", AGG_VAR_SAMP},
    {"variance", AGG_VAR_SAMP},
    {"stddev_pop", AGG_STDDEV_POP},
    {"stddev_samp", AGG_STDDEV_SAMP},
    {"stddev", AGG_STDDEV_SAMP},
    {"covar_pop", AGG_COVAR_POP},
    {"covar_samp", AGG_COVAR_SAMP},
    {"corr", AGG_CORR},
    {"regr_count", AGG_REGR_COUNT},
    {"regr_sxx", AGG_REGR_SXX},
    {"regr_syy", AGG_REGR_SYY},
    {"regr_sxy", AGG_REGR_SXY},
    {"regr_avgx", AGG_REGR_AVGX},
    {"regr_avgy", AGG_REGR_AVGY},
    {"regr_r2", AGG_REGR_R2},
    {"regr_slope", AGG_REGR_SLOPE},
    {"regr_intercept", AGG_REGR_INTERCEPT},
    {"percentile_cont", AGG_PERCENTILE_CONT},
    {"percentile_disc", AGG_PERCENTILE_DISC},
    {"mode", AGG_MODE},
};
#define N_AGGS ((int)(sizeof(k_aggs) / sizeof(k_aggs[0])))

static int find_agg(const char *name)
{
    for (int i = 0; i < N_AGGS; i++)
        if (strcmp(k_aggs[i].name, name) == 0) return i;
    return -1;
}

bool agg_name_known(const char *name)
{
    return find_agg(name) >= 0;
}

bool agg_is_ordered_set(const char *name)
{
    int i = find_agg(name);
    return i >= 0 && k_aggs[i].kind >= AGG_PERCENTILE_CONT;
}

const char *agg_kind_name(AggKind kind)
{
    if (kind == AGG_COUNT_STAR) return "count";
    for (int i = 0; i < N_AGGS; i++)
        if (k_aggs[i].kind == kind) return k_aggs[i].name;
    return "?";
}

static int no_such_agg(const char *name, int nargs, const OmType *types, bool star, OmError *err)
{
    char tbuf[256];
    size_t len = 0;
    tbuf[0] = '\0';
    if (star) snprintf(tbuf, sizeof(tbuf), "*");
    for (int i = 0; !star && i < nargs && len < sizeof(tbuf); i++) {
        TypeId t = types[i].id;
        const char *tn = t == TYPE_NULL || t == TYPE_UNKNOWN ? "unknown" : type_info(t)->sql_name;
        len += (size_t)snprintf(tbuf + len, sizeof(tbuf) - len, "%s%s", i ? ", " : "", tn);
    }
    ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, tbuf);
    error_hint(err, "No function matches the given name and argument types. You might need to "
                    "add explicit type casts.");
    return -1;
}

/* Types with an implicit cast to float8. */
static bool casts_to_f8(TypeId t)
{
    switch (t) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_NUMERIC:
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        return true;
    default:
        return false;
    }
}

/* An argument that float8 accepts: a numeric type or an unknown literal. */
static bool to_f8(const OmType *t)
{
    return casts_to_f8(t->id) || t->id == TYPE_UNKNOWN || t->id == TYPE_NULL;
}

/* Result type of the one-argument aggregates (sum .. stddev_samp) over t, or
 * TYPE_INVALID if there is no such aggregate. */
static OmType one_arg_result(AggKind kind, TypeId t)
{
    OmType none = OM_TYPE(TYPE_INVALID);
    switch (kind) {
    case AGG_SUM:
        switch (t) {
        case TYPE_INT2:
        case TYPE_INT4:
            return OM_TYPE(TYPE_INT8);
        case TYPE_INT8:
        case TYPE_NUMERIC:
            return OM_TYPE(TYPE_NUMERIC);
        case TYPE_FLOAT4:
        case TYPE_FLOAT8:
        case TYPE_INTERVAL:
            return OM_TYPE(t);
        default:
            return none;
        }
    case AGG_AVG:
    case AGG_VAR_POP:
    case AGG_VAR_SAMP:
    case AGG_STDDEV_POP:
    case AGG_STDDEV_SAMP:
        switch (t) {
        case TYPE_INT2:
        case TYPE_INT4:
        case TYPE_INT8:
        case TYPE_NUMERIC:
            return OM_TYPE(TYPE_NUMERIC);
        case TYPE_FLOAT4:
        case TYPE_FLOAT8:
            return OM_TYPE(TYPE_FLOAT8);
        case TYPE_INTERVAL:
            return kind == AGG_AVG ? OM_TYPE(TYPE_INTERVAL) : none;
        default:
            return none;
        }
    case AGG_MIN:
    case AGG_MAX:
        if (!minmax_type_ok(t)) return none;
        return type_is_string(t) && t != TYPE_BPCHAR ? OM_TYPE(TYPE_TEXT) : OM_TYPE(t);
    case AGG_BOOL_AND:
    case AGG_BOOL_OR:
        return t == TYPE_BOOL ? OM_TYPE(TYPE_BOOL) : none;
    case AGG_BIT_AND:
    case AGG_BIT_OR:
    case AGG_BIT_XOR:
        return t == TYPE_INT2 || t == TYPE_INT4 || t == TYPE_INT8 ? OM_TYPE(t) : none;
    default:
        return none;
    }
}

int agg_resolve(const char *name, int nargs, const OmType *types, bool star, bool within_group,
                AggKind *kind, OmType *result, OmType *targets, OmError *err)
{
    int ai = find_agg(name);
    if (ai < 0) return no_such_agg(name, nargs, types, star, err);
    AggKind k = k_aggs[ai].kind;
    /* unknown literals (and NULL) take the type asked for, else text */
    OmType known[4];
    if (nargs > 4) return no_such_agg(name, nargs, types, star, err); /* none takes more */
    for (int i = 0; i < nargs; i++) {
        bool unknown = types[i].id == TYPE_UNKNOWN || types[i].id == TYPE_NULL;
        known[i] = targets[i] = unknown ? OM_TYPE(TYPE_TEXT) : types[i];
    }
    const OmType *given = types;
    types = known;
    *kind = k;
    if (k == AGG_COUNT) {
        if (within_group || (star ? nargs != 0 : nargs != 1)) goto none;
        *kind = star ? AGG_COUNT_STAR : AGG_COUNT;
        *result = OM_TYPE(TYPE_INT8);
        return 0;
    }
    if (star || within_group != (k >= AGG_PERCENTILE_CONT)) goto none;
    TypeId t = nargs > 0 ? types[0].id : TYPE_INVALID;
    switch (k) {
    case AGG_ARRAY_AGG: {
        if (nargs != 1) goto none;
        TypeId at = type_array_of(t);
        if (at == TYPE_INVALID) {
            if (type_is_array(t))
                return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "array_agg over arrays is not supported");
            goto none;
        }
        *result = (OmType){at, types[0].typmod};
        return 0;
    }
    case AGG_JSON_AGG:
    case AGG_JSON_AGG_ROWS:
    case AGG_JSONB_AGG:
        /* anyelement: an unknown literal has no type to take */
        if (nargs != 1) goto none;
        if (given[0].id == TYPE_UNKNOWN || given[0].id == TYPE_NULL)
            return ERR(err, SQLSTATE_DATATYPE_MISMATCH,
                       "could not determine polymorphic type because input has type unknown");
        *result = OM_TYPE(k == AGG_JSONB_AGG ? TYPE_JSONB : TYPE_JSON);
        return 0;
    case AGG_JSON_OBJECT_AGG:
    case AGG_JSONB_OBJECT_AGG: /* ("any", "any"): unknown literals are text */
        if (nargs != 2) goto none;
        *result = OM_TYPE(k == AGG_JSON_OBJECT_AGG ? TYPE_JSON : TYPE_JSONB);
        return 0;
    case AGG_STRING_AGG:
        if (nargs != 2) goto none;
        if (type_is_string(t) && type_is_string(types[1].id)) {
            targets[0] = targets[1] = *result = OM_TYPE(TYPE_TEXT);
            return 0;
        }
        if (t == TYPE_BYTEA && types[1].id == TYPE_BYTEA) {
            *result = OM_TYPE(TYPE_BYTEA);
            return 0;
        }
        goto none;
    case AGG_COVAR_POP:
    case AGG_COVAR_SAMP:
    case AGG_CORR:
    case AGG_REGR_COUNT:
    case AGG_REGR_SXX:
    case AGG_REGR_SYY:
    case AGG_REGR_SXY:
    case AGG_REGR_AVGX:
    case AGG_REGR_AVGY:
    case AGG_REGR_R2:
    case AGG_REGR_SLOPE:
    case AGG_REGR_INTERCEPT:
        if (nargs != 2 || !to_f8(&given[0]) || !to_f8(&given[1])) goto none;
        targets[0] = targets[1] = OM_TYPE(TYPE_FLOAT8);
        *result = OM_TYPE(k == AGG_REGR_COUNT ? TYPE_INT8 : TYPE_FLOAT8);
        return 0;
    case AGG_PERCENTILE_CONT:
        /* (fraction float8) WITHIN GROUP (ORDER BY float8 | interval) */
        if (nargs != 2 || !to_f8(&given[0])) goto none;
        targets[0] = OM_TYPE(TYPE_FLOAT8);
        if (types[1].id == TYPE_INTERVAL)
            *result = OM_TYPE(TYPE_INTERVAL);
        else if (to_f8(&given[1]))
            *result = targets[1] = OM_TYPE(TYPE_FLOAT8);
        else
            goto none;
        return 0;
    case AGG_PERCENTILE_DISC:
    case AGG_MODE: {
        int nd = k == AGG_MODE ? 0 : 1;
        if (nargs != nd + 1 || (nd && !to_f8(&given[0]))) goto none;
        if (nd) targets[0] = OM_TYPE(TYPE_FLOAT8);
        *result = targets[nd];
        return 0;
    }
    default:
        if (nargs != 1) goto none;
        *result = one_arg_result(k, t);
        if (t == TYPE_ENUM) result->typmod = types[0].typmod; /* min/max keep the enum */
        if (result->id != TYPE_INVALID) return 0;
        goto none;
    }
none:
    return no_such_agg(name, nargs, given, star, err);
}

/* ------------------------------------------------------------------ state */

static size_t acc_size(uint8_t op, uint8_t in_width)
{
    if (op >= AOP_STAT_F8) return agg_stats_acc_size(op);
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
    case AOP_ARRAY_AGG:
    case AOP_JSON_AGG:
    case AOP_JSON_OBJECT_AGG:
        return sizeof(StrAcc);
    case AOP_BIT_AND:
    case AOP_BIT_OR:
    case AOP_BIT_XOR:
        return sizeof(int64_t);
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
    case AGG_ARRAY_AGG:
        return AOP_ARRAY_AGG;
    case AGG_JSON_AGG:
    case AGG_JSON_AGG_ROWS:
    case AGG_JSONB_AGG:
        return AOP_JSON_AGG;
    case AGG_JSON_OBJECT_AGG:
    case AGG_JSONB_OBJECT_AGG:
        return AOP_JSON_OBJECT_AGG;
    case AGG_BIT_AND:
        return AOP_BIT_AND;
    case AGG_BIT_OR:
        return AOP_BIT_OR;
    case AGG_BIT_XOR:
        return AOP_BIT_XOR;
    case AGG_VAR_POP:
    case AGG_VAR_SAMP:
    case AGG_STDDEV_POP:
    case AGG_STDDEV_SAMP:
        return t == TYPE_FLOAT4 || t == TYPE_FLOAT8 ? AOP_STAT_F8 : AOP_STAT_NUM;
    case AGG_REGR_COUNT:
        return AOP_REGR_COUNT;
    case AGG_PERCENTILE_CONT:
        return t == TYPE_INTERVAL ? AOP_PCT_CONT_IV : AOP_PCT_CONT_F8;
    case AGG_PERCENTILE_DISC:
        return AOP_PCT_DISC;
    case AGG_MODE:
        return AOP_MODE;
    default:
        return AOP_REGR; /* covar_pop .. regr_intercept */
    }
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
    if (call->arg2) st->in_type2 = call->arg2->type.id;
    st->op = select_op(call->kind, st->in_type);
    st->direct = call->direct;
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

void agg_acc_append(AggState *st, StrAcc *a, const void *data, uint32_t len)
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

void agg_acc_put_value(AggState *st, StrAcc *a, const Vector *v, uint32_t slot, TypeId t, uint8_t w)
{
    bool valid = validity_is_valid(v->validity, slot);
    char flag = valid ? 1 : 0;
    agg_acc_append(st, a, &flag, 1);
    if (!valid) return;
    const char *p = (const char *)v->data + (size_t)slot * w;
    if (type_is_varlena(t)) {
        const StrView *sv = (const StrView *)p;
        agg_acc_append(st, a, &sv->len, 4);
        agg_acc_append(st, a, strview_data(sv), sv->len);
    } else {
        agg_acc_append(st, a, p, w);
    }
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
                    agg_acc_append(st, a, strview_data(d), d->len);
                }
            }
            agg_acc_append(st, a, strview_data(&v), v.len);
            cnt[g]++;
        });
        return 0;
    }
    case AOP_ARRAY_AGG: { /* every row, NULLs too */
        bool cst = arg->kind == VEC_CONSTANT;
        for (uint32_t i = 0; i < n; i++) {
            uint32_t row = rows[i], slot = cst ? 0 : row;
            uint32_t g = gid_by_row[row];
            agg_acc_put_value(st, (StrAcc *)st->acc + g, arg, slot, arg->type.id, st->in_width);
            cnt[g]++;
        }
        return 0;
    }
    case AOP_BIT_AND:
    case AOP_BIT_OR:
    case AOP_BIT_XOR: {
        int64_t *acc = st->acc;
        uint8_t op = st->op;
#define BIT_LOOP(T)                                                                                \
    FOR_VALUES(T, {                                                                                \
        int64_t x = v;                                                                             \
        acc[g] = cnt[g] == 0         ? x                                                           \
                 : op == AOP_BIT_AND ? (acc[g] & x)                                                \
                 : op == AOP_BIT_OR  ? (acc[g] | x)                                                \
                                     : (acc[g] ^ x);                                                \
        cnt[g] = 1;                                                                                \
    })
        if (st->in_width == 2)
            BIT_LOOP(int16_t);
        else if (st->in_width == 4)
            BIT_LOOP(int32_t);
        else
            BIT_LOOP(int64_t);
#undef BIT_LOOP
        return 0;
    }
    case AOP_JSON_AGG:
    case AOP_JSON_OBJECT_AGG:
        return agg_json_update(st, gid_by_row, rows, n, arg, arg2, err);
    default:
        return agg_stats_update(st, gid_by_row, rows, n, arg, arg2, err);
    }
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
            if (acc[g] >= k_num_bound || acc[g] <= -k_num_bound)
                return agg_numeric_overflow(ctx->err);
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

/* The array of a group's values (AOP_ARRAY_AGG's stream of flag + bytes). */
static int array_agg_finalize(AggState *st, const StrAcc *a, int64_t n, Vector *out, uint32_t i,
                              EvalCtx *ctx)
{
    if (n > (INT64_C(1) << 27))
        return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "array size exceeds the maximum allowed");
    Value *vals = ARENA_NEW_ARRAY(ctx->arena, Value, n > 0 ? (size_t)n : 1);
    TypeId elem = st->in_type;
    bool var = type_is_varlena(elem);
    const char *p = a->buf;
    for (int64_t k = 0; k < n; k++) {
        memset(&vals[k], 0, sizeof(Value));
        vals[k].type = OM_TYPE(elem);
        vals[k].is_null = *p++ == 0;
        if (vals[k].is_null) continue;
        if (var) {
            uint32_t len;
            memcpy(&len, p, 4);
            vals[k].u.str = strview_make(p + 4, len);
            p += 4 + len;
        } else {
            memcpy(&vals[k].u, p, st->in_width);
            p += st->in_width;
        }
    }
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    array_write_1d(elem, vals, (uint32_t)n, &sb);
    ((StrView *)out->data)[i] = vector_add_string(out, sb.data, (uint32_t)sb.len);
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
        if (st->op >= AOP_STAT_F8) return agg_stats_finalize(st, first, n, out, ctx);
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
            if (m >= k_num_bound || m <= -k_num_bound) return agg_numeric_overflow(ctx->err);
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
        case AOP_BIT_AND:
        case AOP_BIT_OR:
        case AOP_BIT_XOR: {
            int64_t v = ((int64_t *)st->acc)[g];
            if (st->in_width == 2)
                ((int16_t *)out->data)[i] = (int16_t)v;
            else if (st->in_width == 4)
                ((int32_t *)out->data)[i] = (int32_t)v;
            else
                ((int64_t *)out->data)[i] = v;
            break;
        }
        case AOP_STRING_AGG: {
            const StrAcc *a = (const StrAcc *)st->acc + g;
            ((StrView *)out->data)[i] = strview_make(a->buf ? a->buf : "", a->len);
            break;
        }
        case AOP_ARRAY_AGG:
            if (array_agg_finalize(st, (const StrAcc *)st->acc + g, cnt[g], out, i, ctx) != 0)
                return -1;
            break;
        case AOP_JSON_AGG:
        case AOP_JSON_OBJECT_AGG:
            if (agg_json_finalize(st, g, out, i, ctx) != 0) return -1;
            break;
        default: {
            uint8_t w = st->in_width;
            memcpy((char *)out->data + (size_t)i * w, (const char *)st->acc + (size_t)g * w, w);
            break;
        }
        }
    }
    return 0;
}
