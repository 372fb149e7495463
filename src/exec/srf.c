/*
 * srf.c — the table of set-returning functions and their iterators (the
 * interface is in srf.h). Today:
 *
 *   generate_series in PostgreSQL 15's overloads
 *     (int4, int4 [, int4]) -> int4        (int8, int8 [, int8]) -> int8
 *     (numeric, numeric [, numeric]) -> numeric
 *     (timestamp, timestamp, interval) -> timestamp
 *     (timestamptz, timestamptz, interval) -> timestamptz
 *   The result type selects the overload. A zero step is 22023 "step size
 *   cannot equal zero". Values are produced as PostgreSQL does, by repeated
 *   addition of the step to the previous value (so month steps clamp
 *   day-of-month cumulatively), and the series ends quietly where the next
 *   addition would overflow.
 *
 *   unnest(anyarray) -> anyelement, generate_subscripts(anyarray, int4
 *   [, bool]) -> int4, pg_options_to_table(text[]) and
 *   information_schema._pg_expandarray(anyarray) -> (x, n), whose hooks are
 *   in srf_array.c.
 *
 *   json(b)_each[_text] -> (key, value), json(b)_array_elements[_text] ->
 *   value, json(b)_object_keys -> text, whose hooks are in srf_json.c.
 *
 *   regexp_matches -> text[] and regexp_split_to_table -> text, whose hooks
 *   are in srf_regex.c.
 *
 * All are strict: a NULL argument gives no rows.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "exec/srf.h"

#include "exec/func_plcall.h"
#include "exec/srf_array.h"
#include "exec/srf_json.h"
#include "exec/srf_regex.h"

#include "catalog/session_settings.h"
#include "catalog/type_io_int.h"
#include "exec/func_registry.h"

static int64_t value_i64(const Value *v)
{
    switch (v->type.id) {
    case TYPE_INT2:
        return v->u.i16;
    case TYPE_INT4:
        return v->u.i32;
    default:
        return v->u.i64;
    }
}

static OmNumeric value_num(const Value *v)
{
    if (type_is_integer(v->type.id)) return numeric_make(value_i64(v), 0);
    return v->u.num;
}

/* Compares a (at scale sa) with b (at scale sb). */
static int num_cmp(__int128 a, int sa, __int128 b, int sb)
{
    if (sa < sb) {
        if (!numeric_mul_pow10(&a, sb - sa)) return a < 0 ? -1 : 1;
    } else if (sb < sa) {
        if (!numeric_mul_pow10(&b, sa - sb)) return b < 0 ? 1 : -1;
    }
    return a < b ? -1 : (a > b ? 1 : 0);
}

#define EPOCH_JDATE 2451545 /* om_date2j(2000, 1, 1) */

static int days_in_month(int y, int m)
{
    static const int tab[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : tab[m - 1];
}

/* timestamp + interval as PostgreSQL's timestamp_pl_interval; for a
 * timestamptz (tz: the session's settings, else NULL) months and days move
 * the local clock and the time part is added to the instant. false on overflow. */
static bool ts_add(int64_t ts, OmInterval iv, const SessionSettings *tz, int64_t *out)
{
    if (ts == TS_NEG_INFINITY || ts == TS_POS_INFINITY) {
        *out = ts;
        return true;
    }
    int64_t local, tz_off_us = tz ? (int64_t)settings_tz_offset_utc(tz, ts) * USECS_PER_SEC : 0;
    if (__builtin_add_overflow(ts, tz_off_us, &local)) return false;
    if (iv.months != 0 || iv.days != 0) {
        int64_t days = local / USECS_PER_DAY;
        int64_t tod = local % USECS_PER_DAY;
        if (tod < 0) {
            tod += USECS_PER_DAY;
            days--;
        }
        if (days + EPOCH_JDATE < 0 || days + EPOCH_JDATE > INT32_MAX / 2) return false;
        int y, m, d;
        if (iv.months != 0) {
            om_j2date((int)(days + EPOCH_JDATE), &y, &m, &d);
            int64_t mon = (int64_t)y * 12 + (m - 1) + iv.months;
            y = (int)(mon >= 0 ? mon / 12 : -((-mon + 11) / 12));
            m = (int)(mon - (int64_t)y * 12) + 1;
            if (y < -4713 || y > 294276) return false;
            int dim = days_in_month(y, m);
            if (d > dim) d = dim;
            days = om_date2j(y, m, d) - EPOCH_JDATE;
        }
        days += iv.days;
        if (__builtin_mul_overflow(days, USECS_PER_DAY, &local) ||
            __builtin_add_overflow(local, tod, &local))
            return false;
    }
    if (tz && (iv.months != 0 || iv.days != 0))
        tz_off_us = (int64_t)settings_tz_offset_local(tz, local) * USECS_PER_SEC;
    if (__builtin_sub_overflow(local, tz_off_us, out)) return false;
    if (__builtin_add_overflow(*out, iv.micros, out)) return false;
    return true;
}

/* ---- generate_series ---- */

typedef struct SeriesState {
    TypeId type;
    int64_t i_cur, i_stop, i_step;  /* int2/int4/int8 */
    __int128 n_cur, n_stop, n_step; /* numeric mantissas */
    int n_cur_scale, n_stop_scale, n_step_scale;
    int64_t t_cur, t_stop; /* timestamps */
    OmInterval t_step;
    int t_dir;                 /* +1 / -1 */
    const SessionSettings *tz; /* timestamptz series: the session's zone */
} SeriesState;

static int step_zero(SrfIter *it)
{
    return ERR(it->err, SQLSTATE_INVALID_PARAMETER_VALUE, "step size cannot equal zero");
}

/* "function generate_series(integer, text) does not exist" with PostgreSQL's hint. */
static int no_such_function(const char *name, const OmType *types, int n, OmError *err)
{
    char sig[200];
    size_t len = 0;
    for (int i = 0; i < n && len < sizeof(sig); i++) {
        char tn[64];
        if (types[i].id == TYPE_UNKNOWN || types[i].id == TYPE_NULL)
            snprintf(tn, sizeof(tn), "unknown");
        else
            type_format(types[i], tn, sizeof(tn));
        len += (size_t)snprintf(sig + len, sizeof(sig) - len, "%s%s", i ? ", " : "", tn);
    }
    error_clear(err);
    ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, sig);
    error_hint(err, "No function matches the given name and argument types. You might need to "
                    "add explicit type casts.");
    return -1;
}

static int series_resolve(OmType *types, int n, OmType *ret, OmError *err)
{
    bool is_time = false;
    for (int i = 0; i < 2; i++)
        if (types[i].id == TYPE_TIMESTAMP || types[i].id == TYPE_TIMESTAMPTZ ||
            types[i].id == TYPE_DATE)
            is_time = true;
    OmType out;
    if (is_time) {
        out = OM_TYPE(types[0].id == TYPE_TIMESTAMPTZ || types[1].id == TYPE_TIMESTAMPTZ
                          ? TYPE_TIMESTAMPTZ
                          : TYPE_TIMESTAMP);
        if (n != 3)
            return ERR(err, SQLSTATE_UNDEFINED_FUNCTION,
                       "function generate_series(timestamp, timestamp) does not exist");
        types[0] = types[1] = out;
        types[2] = OM_TYPE(TYPE_INTERVAL);
        *ret = out;
        return 0;
    }
    if (type_common(types, n, "generate_series", &out, err) != 0)
        return no_such_function("generate_series", types, n, err); /* no common type */
    if (out.id == TYPE_UNKNOWN || out.id == TYPE_NULL || out.id == TYPE_INT2)
        out = OM_TYPE(TYPE_INT4);
    if (out.id == TYPE_FLOAT8 || out.id == TYPE_FLOAT4) out = OM_TYPE(TYPE_NUMERIC);
    if (out.id != TYPE_INT4 && out.id != TYPE_INT8 && out.id != TYPE_NUMERIC) {
        char tn[64];
        type_format(out, tn, sizeof(tn));
        return ERR(err, SQLSTATE_UNDEFINED_FUNCTION,
                   "function generate_series(%s, %s) does not exist", tn, tn);
    }
    out.typmod = TYPMOD_NONE;
    for (int i = 0; i < n; i++) types[i] = out;
    *ret = out;
    return 0;
}

static int series_open(SrfIter *it, const Value *args, int nargs)
{
    SeriesState *st = it->state;
    st->type = it->ret.id;
    switch (st->type) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
        st->i_cur = value_i64(&args[0]);
        st->i_stop = value_i64(&args[1]);
        st->i_step = nargs == 3 ? value_i64(&args[2]) : 1;
        if (st->i_step == 0) return step_zero(it);
        return 0;
    case TYPE_NUMERIC: {
        OmNumeric a = value_num(&args[0]), b = value_num(&args[1]);
        OmNumeric s = nargs == 3 ? value_num(&args[2]) : numeric_make(1, 0);
        static const char *const what[3] = {"start value", "stop value", "step size"};
        const OmNumeric abc[3] = {a, b, s};
        for (int k = 0; k < 3; k++) {
            if (numeric_is_nan(abc[k]))
                return ERR(it->err, SQLSTATE_INVALID_PARAMETER_VALUE, "%s cannot be NaN", what[k]);
            if (numeric_is_special(abc[k]))
                return ERR(it->err, SQLSTATE_INVALID_PARAMETER_VALUE, "%s cannot be infinity",
                           what[k]);
        }
        st->n_cur = numeric_mantissa(a);
        st->n_cur_scale = numeric_scale(a);
        st->n_stop = numeric_mantissa(b);
        st->n_stop_scale = numeric_scale(b);
        st->n_step = numeric_mantissa(s);
        st->n_step_scale = numeric_scale(s);
        if (st->n_step == 0) return step_zero(it);
        return 0;
    }
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        if (nargs != 3)
            return ERR(it->err, SQLSTATE_UNDEFINED_FUNCTION,
                       "function generate_series(timestamp, timestamp) does not exist");
        st->t_cur = args[0].u.i64;
        st->t_stop = args[1].u.i64;
        st->t_step = args[2].u.iv;
        /* interval_cmp against zero: months count 30 days. */
        __int128 span = (__int128)st->t_step.months * 30 * USECS_PER_DAY +
                        (__int128)st->t_step.days * USECS_PER_DAY + st->t_step.micros;
        if (span == 0) return step_zero(it);
        st->t_dir = span > 0 ? 1 : -1;
        if (st->type == TYPE_TIMESTAMPTZ && it->settings) st->tz = it->settings;
        return 0;
    }
    default:
        return ERR(it->err, SQLSTATE_UNDEFINED_FUNCTION,
                   "function generate_series(%s) does not exist", type_info(st->type)->name);
    }
}

static int series_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *nout)
{
    SeriesState *st = it->state;
    uint32_t n = 0;
    switch (st->type) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8: {
        int64_t lo =
            st->type == TYPE_INT8 ? INT64_MIN : (st->type == TYPE_INT4 ? INT32_MIN : INT16_MIN);
        int64_t hi =
            st->type == TYPE_INT8 ? INT64_MAX : (st->type == TYPE_INT4 ? INT32_MAX : INT16_MAX);
        while (n < max) {
            if (st->i_step > 0 ? st->i_cur > st->i_stop : st->i_cur < st->i_stop) {
                it->done = true;
                break;
            }
            if (st->type == TYPE_INT8)
                ((int64_t *)out->data)[at + n++] = st->i_cur;
            else if (st->type == TYPE_INT4)
                ((int32_t *)out->data)[at + n++] = (int32_t)st->i_cur;
            else
                ((int16_t *)out->data)[at + n++] = (int16_t)st->i_cur;
            int64_t nx;
            if (__builtin_add_overflow(st->i_cur, st->i_step, &nx) || nx < lo || nx > hi) {
                it->done = true;
                break;
            }
            st->i_cur = nx;
        }
        break;
    }
    case TYPE_NUMERIC: {
        while (n < max) {
            int c1 = num_cmp(st->n_cur, st->n_cur_scale, st->n_stop, st->n_stop_scale);
            if (st->n_step > 0 ? c1 > 0 : c1 < 0) {
                it->done = true;
                break;
            }
            ((OmNumeric *)out->data)[at + n++] = numeric_make(st->n_cur, st->n_cur_scale);
            __int128 a = st->n_cur, b = st->n_step;
            int s = st->n_cur_scale > st->n_step_scale ? st->n_cur_scale : st->n_step_scale;
            if (!numeric_mul_pow10(&a, s - st->n_cur_scale) ||
                !numeric_mul_pow10(&b, s - st->n_step_scale) || __builtin_add_overflow(a, b, &a)) {
                it->done = true;
                break;
            }
            st->n_cur = a;
            st->n_cur_scale = s;
        }
        break;
    }
    default: {
        while (n < max) {
            if (st->t_dir > 0 ? st->t_cur > st->t_stop : st->t_cur < st->t_stop) {
                it->done = true;
                break;
            }
            ((int64_t *)out->data)[at + n++] = st->t_cur;
            int64_t nx;
            if (!ts_add(st->t_cur, st->t_step, st->tz, &nx) || nx == st->t_cur) {
                it->done = true;
                break;
            }
            st->t_cur = nx;
        }
        break;
    }
    }
    /* An exhausted series may still have filled the batch: report the end
     * through a short batch at the next call. */
    if (n < max) it->done = true;
    *nout = n;
    return 0;
}

/* ---- the table ---- */

/* ---- pg_listening_channels(): the session's channels (sql/session_notify.c) ---- */

typedef struct ChannelsState {
    const char **names;
    int n, cap, pos;
} ChannelsState;

static int channels_resolve(OmType *types, int n, OmType *ret, OmError *err)
{
    (void)types;
    (void)n;
    (void)err;
    ret[0] = OM_TYPE(TYPE_TEXT);
    return 0;
}

static int collect_channel(void *ectx, const char *channel)
{
    SrfIter *it = ectx;
    ChannelsState *st = it->state;
    if (st->n == st->cap) {
        int cap = st->cap ? st->cap * 2 : 8;
        const char **a = arena_alloc(it->arena, sizeof(char *) * (size_t)cap);
        if (st->n) memcpy(a, st->names, sizeof(char *) * (size_t)st->n);
        st->names = a;
        st->cap = cap;
    }
    st->names[st->n++] = arena_strdup(it->arena, channel);
    return 0;
}

static int channels_open(SrfIter *it, const Value *args, int nargs)
{
    (void)args;
    (void)nargs;
    const SessionViews *v = it->settings ? &it->settings->views : NULL;
    if (v && v->list_channels) return v->list_channels(v->session, collect_channel, it);
    return 0;
}

static int channels_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    ChannelsState *st = it->state;
    uint32_t k = 0;
    for (; k < max && st->pos < st->n; k++, st->pos++) {
        const char *name = st->names[st->pos];
        ((StrView *)out->data)[at + k] = strview_make(name, (uint32_t)strlen(name));
    }
    *n = k;
    if (st->pos >= st->n) it->done = true;
    return 0;
}

/* The kernel of an SRF call that reached the scalar evaluator: the planner
 * puts every call it sees into a ProjectSet, so this is a context that
 * cannot take a set (PostgreSQL's message). */
int srf_scalar_kernel(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                      Vector *out, EvalCtx *ctx)
{
    return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
               "set-valued function called in context that cannot accept a set");
}

#define SRF_CALL_DEF(fname, proc_oid)                                                              \
    {                                                                                              \
        .name = fname, .flags = FUNC_VOLATILE, .kernel = srf_scalar_kernel, .oid = proc_oid        \
    }

/* The OUT parameters of the json SRFs (PostgreSQL's column names). */
static const char *const each_cols[] = {"key", "value"};
static const char *const value_col[] = {"value"};
static const char *const option_cols[] = {"option_name", "option_value"};
static const char *const expand_cols[] = {"x", "n"};

static const SrfDef srf_table[] = {
    {
        .name = "generate_series",
        .min_args = 2,
        .max_args = 3,
        .strict = true,
        .state_size = sizeof(SeriesState),
        .resolve = series_resolve,
        .open = series_open,
        .next = series_next,
        .call = SRF_CALL_DEF("generate_series", 1067),
    },
    {
        .name = "unnest",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .state_size = sizeof(UnnestState),
        .resolve = srf_array_unnest_resolve,
        .open = srf_array_unnest_open,
        .next = srf_array_unnest_next,
        .call = SRF_CALL_DEF("unnest", 2331),
    },
    {
        .name = "generate_subscripts",
        .min_args = 2,
        .max_args = 3,
        .strict = true,
        .state_size = sizeof(SubscriptState),
        .resolve = srf_array_subscripts_resolve,
        .open = srf_array_subscripts_open,
        .next = srf_array_subscripts_next,
        .call = SRF_CALL_DEF("generate_subscripts", 1191),
    },
    {
        .name = "pg_listening_channels",
        .min_args = 0,
        .max_args = 0,
        .state_size = sizeof(ChannelsState),
        .resolve = channels_resolve,
        .open = channels_open,
        .next = channels_next,
        .call = SRF_CALL_DEF("pg_listening_channels", 3035),
    },
    {
        .name = "pg_options_to_table",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 2,
        .colnames = option_cols,
        .state_size = sizeof(UnnestState),
        .resolve = srf_array_options_resolve,
        .open = srf_array_unnest_open,
        .next = srf_array_options_next,
        .call = SRF_CALL_DEF("pg_options_to_table", 2289),
    },
    {
        .name = "_pg_expandarray",
        .schema = "information_schema",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 2,
        .colnames = expand_cols,
        .state_size = sizeof(ExpandState),
        .resolve = srf_array_expand_resolve,
        .open = srf_array_expand_open,
        .next = srf_array_expand_next,
        .call = SRF_CALL_DEF("_pg_expandarray", 13208),
    },
    {
        .name = "json_each",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 2,
        .colnames = each_cols,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_json_each_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("json_each", 3958),
    },
    {
        .name = "json_each_text",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 2,
        .colnames = each_cols,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_json_each_text_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("json_each_text", 3959),
    },
    {
        .name = "jsonb_each",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 2,
        .colnames = each_cols,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_jsonb_each_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("jsonb_each", 3208),
    },
    {
        .name = "jsonb_each_text",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 2,
        .colnames = each_cols,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_jsonb_each_text_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("jsonb_each_text", 3932),
    },
    {
        .name = "json_array_elements",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 1,
        .colnames = value_col,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_json_elements_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("json_array_elements", 3955),
    },
    {
        .name = "json_array_elements_text",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 1,
        .colnames = value_col,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_json_elements_text_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("json_array_elements_text", 3969),
    },
    {
        .name = "jsonb_array_elements",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 1,
        .colnames = value_col,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_jsonb_elements_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("jsonb_array_elements", 3219),
    },
    {
        .name = "jsonb_array_elements_text",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 1,
        .colnames = value_col,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_jsonb_elements_text_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("jsonb_array_elements_text", 3465),
    },
    {
        .name = "json_object_keys",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 1,
        .colnames = NULL,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_json_keys_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("json_object_keys", 3957),
    },
    {
        .name = "jsonb_object_keys",
        .min_args = 1,
        .max_args = 1,
        .strict = true,
        .ncols = 1,
        .colnames = NULL,
        .state_size = SRF_JSON_STATE_SIZE,
        .resolve = srf_jsonb_keys_resolve,
        .open = srf_json_open,
        .next = srf_json_next,
        .call = SRF_CALL_DEF("jsonb_object_keys", 3931),
    },
    {
        .name = "regexp_matches",
        .min_args = 2,
        .max_args = 3,
        .strict = true,
        .state_size = sizeof(RegexSetState),
        .resolve = srf_regex_matches_resolve,
        .open = srf_regex_matches_open,
        .next = srf_regex_next,
        .call = SRF_CALL_DEF("regexp_matches", 2763),
    },
    {
        .name = "regexp_split_to_table",
        .min_args = 2,
        .max_args = 3,
        .strict = true,
        .state_size = sizeof(RegexSetState),
        .resolve = srf_regex_split_resolve,
        .open = srf_regex_split_open,
        .next = srf_regex_next,
        .call = SRF_CALL_DEF("regexp_split_to_table", 2765),
    },
};

#define N_SRFS (sizeof(srf_table) / sizeof(srf_table[0]))

const SrfDef *srf_lookup_schema(const char *schema, const char *name)
{
    if (schema && strcmp(schema, "pg_catalog") == 0) schema = NULL;
    for (size_t i = 0; i < N_SRFS; i++) {
        const SrfDef *d = &srf_table[i];
        bool in_schema = schema ? d->schema && strcmp(d->schema, schema) == 0 : !d->schema;
        if (in_schema && strcmp(d->name, name) == 0) return d;
    }
    return NULL;
}

const SrfDef *srf_lookup(const char *name)
{
    return srf_lookup_schema(NULL, name);
}

const SrfDef *srf_of_expr(const Expr *e)
{
    if (!e || e->kind != EXPR_FUNC || !e->u.func.def || e->u.func.def->kernel != srf_scalar_kernel)
        return NULL;
    for (size_t i = 0; i < N_SRFS; i++)
        if (e->u.func.def == &srf_table[i].call) return &srf_table[i];
    if (e->u.func.def == &srf_plpgsql.call) return &srf_plpgsql;
    return NULL;
}

bool srf_expr_contains(const Expr *e)
{
    if (!e) return false;
    if (srf_of_expr(e)) return true;
    for (int i = 0; i < e->nargs; i++)
        if (srf_expr_contains(e->args[i])) return true;
    return false;
}

int srf_iter_open(SrfIter *it, const SrfDef *def, OmType ret, const Value *args, int nargs,
                  Arena *arena, ExecState *es)
{
    memset(it, 0, sizeof(*it));
    it->def = def;
    it->ret = ret;
    it->arena = arena;
    it->err = es->err;
    it->settings = es->settings;
    it->es = es;
    if (def->strict)
        for (int i = 0; i < nargs; i++)
            if (args[i].is_null) {
                it->done = true;
                return 0;
            }
    it->state = def->state_size ? arena_alloc(arena, def->state_size) : NULL;
    if (it->state) memset(it->state, 0, def->state_size);
    if (def->open(it, args, nargs) != 0) {
        it->done = true;
        return -1;
    }
    return 0;
}

int srf_iter_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    *n = 0;
    if (it->done) return 0;
    return it->def->next(it, out, at, max, n);
}
