/*
 * func_datetime.c — date/time operators and functions, plus a few system
 * functions (version, pg_sleep).
 *
 * Operators: date ± int4, date - date -> int4, date ± interval -> timestamp,
 * timestamp[tz] ± interval, timestamp[tz] - timestamp[tz] -> interval
 * (PostgreSQL's justify_hours: whole days go to the day field), date + time,
 * time ± interval, time - time, interval ± interval, - interval,
 * interval * / float8. Month arithmetic clamps the day to the month's end.
 * timestamptz arithmetic happens in the session's fixed UTC offset.
 *
 * Functions: extract(field, x) -> numeric (PostgreSQL 15), date_part(field,
 * x) -> float8, date_trunc(field, timestamp[tz]), make_date, now() and
 * friends. now() reads the clock once per kernel call (i.e. per chunk), not
 * once per statement as PostgreSQL does: EvalCtx has no statement timestamp
 * yet (docs/types.md).
 */
#include <math.h>
#include <stdio.h>
#include <strings.h>
#include <time.h>

#include "common/tz_zone.h"
#include "exec/func_int.h"
#include "exec/func_registry.h"
#include "exec/operator.h"

#define MSG_TS_RANGE "timestamp out of range"

/* The session's offset at a UTC instant / of a local time, in microseconds. */
static int64_t off_utc(EvalCtx *ctx, int64_t t)
{
    return (int64_t)settings_tz_offset_utc(ctx->settings, t) * USECS_PER_SEC;
}

static int64_t off_local(EvalCtx *ctx, int64_t t)
{
    return (int64_t)settings_tz_offset_local(ctx->settings, t) * USECS_PER_SEC;
}

static inline bool ts_finite(int64_t t)
{
    return t != TS_NEG_INFINITY && t != TS_POS_INFINITY;
}

static int dt_raise(EvalCtx *ctx, const char *msg)
{
    return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "%s", msg);
}

/* ---- date arithmetic ---- */

static inline int date_pl(int32_t d, int32_t n, int32_t *r)
{
    if (d == DATE_NEG_INFINITY || d == DATE_POS_INFINITY) {
        *r = d;
        return 0;
    }
    int64_t v = (int64_t)d + n;
    *r = (int32_t)v;
    return (v >= 2147483494LL - POSTGRES_EPOCH_JDATE || v < -POSTGRES_EPOCH_JDATE) ? FERR_RANGE : 0;
}
static inline int date_mi(int32_t d, int32_t n, int32_t *r)
{
    return date_pl(d, -n, r);
}
static inline int int_pl_date(int32_t n, int32_t d, int32_t *r)
{
    return date_pl(d, n, r);
}
static inline int date_diff(int32_t a, int32_t b, int32_t *r)
{
    if (a == DATE_NEG_INFINITY || a == DATE_POS_INFINITY || b == DATE_NEG_INFINITY ||
        b == DATE_POS_INFINITY) {
        *r = 0;
        return FERR_OTHER;
    }
    *r = a - b;
    return 0;
}
DEF_BINARY(k_date_pl_int, int32_t, int32_t, int32_t, int32_t, date_pl, "date out of range")
DEF_BINARY(k_int_pl_date, int32_t, int32_t, int32_t, int32_t, int_pl_date, "date out of range")
DEF_BINARY(k_date_mi_int, int32_t, int32_t, int32_t, int32_t, date_mi, "date out of range")
DEF_BINARY(k_date_mi_date, int32_t, int32_t, int32_t, int32_t, date_diff,
           "cannot subtract infinite dates")

/* ---- timestamp ± interval ---- */

static OmInterval iv_neg(OmInterval iv)
{
    OmInterval r = {-iv.micros, -iv.days, -iv.months};
    return r;
}

/* args: (ts, iv) or (iv, ts) or with date; sign -1 for minus. */
static int ts_iv_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                      Vector *out, EvalCtx *ctx, int sign)
{
    TypeId t0 = call->args[0]->type.id;
    int ts_arg = t0 == TYPE_INTERVAL ? 1 : 0;
    TypeId tt = call->args[ts_arg]->type.id;
    bool tz = tt == TYPE_TIMESTAMPTZ;
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int64_t t;
        if (tt == TYPE_DATE) {
            int32_t d = ARG(int32_t, ts_arg, row);
            t = d == DATE_NEG_INFINITY   ? TS_NEG_INFINITY
                : d == DATE_POS_INFINITY ? TS_POS_INFINITY
                                         : (int64_t)d * USECS_PER_DAY;
        } else {
            t = ARG(int64_t, ts_arg, row);
        }
        OmInterval iv = ARG(OmInterval, 1 - ts_arg, row);
        if (sign < 0) iv = iv_neg(iv);
        if (!ts_finite(t)) {
            r[row] = t;
            continue;
        }
        int64_t res;
        if (!tz) {
            if (om_ts_add_interval(t, &iv, &res) != 0) return dt_raise(ctx, MSG_TS_RANGE);
            r[row] = res;
            continue;
        }
        /* months and days move the local clock; the time part moves the instant */
        OmInterval md = {0, iv.days, iv.months};
        int64_t local = t + off_utc(ctx, t);
        if (om_ts_add_interval(local, &md, &res) != 0) return dt_raise(ctx, MSG_TS_RANGE);
        if (iv.days != 0 || iv.months != 0)
            res -= off_local(ctx, res);
        else
            res = t;
        if (__builtin_add_overflow(res, iv.micros, &res)) return dt_raise(ctx, MSG_TS_RANGE);
        r[row] = res;
    }
    return 0;
}

static int k_ts_pl_iv(KERNEL_ARGS)
{
    return ts_iv_rows(call, args, sel, count, out, ctx, 1);
}
static int k_ts_mi_iv(KERNEL_ARGS)
{
    return ts_iv_rows(call, args, sel, count, out, ctx, -1);
}

static int k_ts_mi_ts(KERNEL_ARGS)
{
    OmInterval *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int64_t a = ARG(int64_t, 0, row), b = ARG(int64_t, 1, row);
        if (!ts_finite(a) || !ts_finite(b))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "cannot subtract infinite timestamps");
        int64_t d;
        if (__builtin_sub_overflow(a, b, &d))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        r[row].months = 0;
        r[row].days = (int32_t)(d / USECS_PER_DAY);
        r[row].micros = d % USECS_PER_DAY;
    }
    return 0;
}

static int k_date_pl_time(KERNEL_ARGS)
{
    int64_t *r = out->data;
    bool time_first = call->args[0]->type.id == TYPE_TIME;
    FOR_EACH_ROW(row)
    {
        int32_t d = ARG(int32_t, time_first ? 1 : 0, row);
        int64_t t = ARG(int64_t, time_first ? 0 : 1, row);
        r[row] = d == DATE_NEG_INFINITY   ? TS_NEG_INFINITY
                 : d == DATE_POS_INFINITY ? TS_POS_INFINITY
                                          : (int64_t)d * USECS_PER_DAY + t;
    }
    return 0;
}

static int time_iv_rows(Vector **args, const uint16_t *sel, uint32_t count, Vector *out, int sign,
                        bool iv_first)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        int64_t t = ARG(int64_t, iv_first ? 1 : 0, row);
        OmInterval iv = ARG(OmInterval, iv_first ? 0 : 1, row);
        int64_t v = (t + sign * (iv.micros % USECS_PER_DAY)) % USECS_PER_DAY;
        if (v < 0) v += USECS_PER_DAY;
        r[row] = v;
    }
    return 0;
}
static int k_time_pl_iv(KERNEL_ARGS)
{
    return time_iv_rows(args, sel, count, out, 1, call->args[0]->type.id == TYPE_INTERVAL);
}
static int k_time_mi_iv(KERNEL_ARGS)
{
    return time_iv_rows(args, sel, count, out, -1, false);
}
static int k_time_mi_time(KERNEL_ARGS)
{
    OmInterval *r = out->data;
    FOR_EACH_ROW(row)
    {
        r[row].months = 0;
        r[row].days = 0;
        r[row].micros = ARG(int64_t, 0, row) - ARG(int64_t, 1, row);
    }
    return 0;
}

/* ---- interval arithmetic ---- */

static inline int iv_pl(OmInterval a, OmInterval b, OmInterval *r)
{
    int bad = __builtin_add_overflow(a.months, b.months, &r->months);
    bad |= __builtin_add_overflow(a.days, b.days, &r->days);
    bad |= __builtin_add_overflow(a.micros, b.micros, &r->micros);
    return bad ? FERR_RANGE : 0;
}
static inline int iv_mi(OmInterval a, OmInterval b, OmInterval *r)
{
    int bad = __builtin_sub_overflow(a.months, b.months, &r->months);
    bad |= __builtin_sub_overflow(a.days, b.days, &r->days);
    bad |= __builtin_sub_overflow(a.micros, b.micros, &r->micros);
    return bad ? FERR_RANGE : 0;
}
static inline int iv_um(OmInterval a, OmInterval *r)
{
    if (a.months == INT32_MIN || a.days == INT32_MIN || a.micros == INT64_MIN) return FERR_RANGE;
    *r = iv_neg(a);
    return 0;
}

/* PostgreSQL's interval_mul: fractional months spill into days, days into time. */
static int iv_scale(OmInterval a, double f, OmInterval *r)
{
    if (isnan(f)) return FERR_RANGE;
    double months = a.months * f;
    double days = a.days * f;
    if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN)
        return FERR_RANGE;
    int32_t m = (int32_t)months;
    int32_t d = (int32_t)days;
    double month_rem = months - m;
    double mdays = month_rem * 30;
    int32_t md = (int32_t)mdays;
    d += md;
    double sec_rem = (days - (int32_t)days + (mdays - md)) * 86400.0;
    double us = a.micros * f + rint(sec_rem * 1e6);
    if (fabs(us) > 9.2e18) return FERR_RANGE;
    r->months = m;
    r->days = d;
    r->micros = (int64_t)rint(us);
    return 0;
}
static inline int iv_mul(OmInterval a, double f, OmInterval *r)
{
    return iv_scale(a, f, r);
}
static inline int f_mul_iv(double f, OmInterval a, OmInterval *r)
{
    return iv_scale(a, f, r);
}
static inline int iv_div(OmInterval a, double f, OmInterval *r)
{
    if (f == 0) {
        *r = a;
        return FERR_DIV0;
    }
    return iv_scale(a, 1.0 / f, r);
}

int func_interval_lerp(OmInterval lo, OmInterval hi, double pct, OmInterval *r)
{
    OmInterval diff, scaled;
    int c = iv_mi(hi, lo, &diff);
    if (c == 0) c = iv_scale(diff, pct, &scaled);
    if (c == 0) c = iv_pl(lo, scaled, r);
    return c;
}

#define DEF_IV_BIN(NAME, TA, TB, OP)                                                               \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        OmInterval *r = out->data;                                                                 \
        FOR_EACH_ROW(row)                                                                          \
        {                                                                                          \
            if (!row_valid(out, row)) continue;                                                    \
            int c = OP(ARG(TA, 0, row), ARG(TB, 1, row), &r[row]);                                 \
            if (c) return func_raise(ctx, c, "interval out of range");                             \
        }                                                                                          \
        return 0;                                                                                  \
    }
DEF_IV_BIN(k_iv_pl, OmInterval, OmInterval, iv_pl)
DEF_IV_BIN(k_iv_mi, OmInterval, OmInterval, iv_mi)
DEF_IV_BIN(k_iv_mul, OmInterval, double, iv_mul)
DEF_IV_BIN(k_f_mul_iv, double, OmInterval, f_mul_iv)
DEF_IV_BIN(k_iv_div, OmInterval, double, iv_div)

static int k_iv_um(KERNEL_ARGS)
{
    OmInterval *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        if (iv_um(ARG(OmInterval, 0, row), &r[row]))
            return func_raise(ctx, FERR_RANGE, "interval out of range");
    }
    return 0;
}

/* ---- extract / date_part ---- */

typedef enum {
    F_CENTURY,
    F_DAY,
    F_DECADE,
    F_DOW,
    F_DOY,
    F_EPOCH,
    F_HOUR,
    F_ISODOW,
    F_ISOYEAR,
    F_JULIAN,
    F_MICROSECONDS,
    F_MILLENNIUM,
    F_MILLISECONDS,
    F_MINUTE,
    F_MONTH,
    F_QUARTER,
    F_SECOND,
    F_TIMEZONE,
    F_WEEK,
    F_YEAR,
    F_BAD
} DtField;

static DtField parse_field(const StrView *s)
{
    static const struct {
        const char *name;
        DtField f;
    } names[] = {
        {"century", F_CENTURY},
        {"centuries", F_CENTURY},
        {"day", F_DAY},
        {"days", F_DAY},
        {"decade", F_DECADE},
        {"decades", F_DECADE},
        {"dow", F_DOW},
        {"doy", F_DOY},
        {"epoch", F_EPOCH},
        {"hour", F_HOUR},
        {"hours", F_HOUR},
        {"isodow", F_ISODOW},
        {"isoyear", F_ISOYEAR},
        {"julian", F_JULIAN},
        {"microsecond", F_MICROSECONDS},
        {"microseconds", F_MICROSECONDS},
        {"us", F_MICROSECONDS},
        {"millennium", F_MILLENNIUM},
        {"millennia", F_MILLENNIUM},
        {"millisecond", F_MILLISECONDS},
        {"milliseconds", F_MILLISECONDS},
        {"ms", F_MILLISECONDS},
        {"minute", F_MINUTE},
        {"minutes", F_MINUTE},
        {"min", F_MINUTE},
        {"month", F_MONTH},
        {"months", F_MONTH},
        {"mon", F_MONTH},
        {"quarter", F_QUARTER},
        {"second", F_SECOND},
        {"seconds", F_SECOND},
        {"sec", F_SECOND},
        {"timezone", F_TIMEZONE},
        {"week", F_WEEK},
        {"weeks", F_WEEK},
        {"year", F_YEAR},
        {"years", F_YEAR},
        {"y", F_YEAR},
    };
    const char *d = strview_data(s);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i].name) == s->len && strncasecmp(d, names[i].name, s->len) == 0)
            return names[i].f;
    return F_BAD;
}

/* ISO 8601 week number and year of a Julian day. */
static void iso_week(int jd, int *week, int *isoyear)
{
    int y, m, d;
    om_j2date(jd, &y, &m, &d);
    int dow = (om_j2day(jd) + 6) % 7; /* Monday = 0 */
    int thursday = jd - dow + 3;
    int ty, tm, td;
    om_j2date(thursday, &ty, &tm, &td);
    int jan1 = om_date2j(ty, 1, 1);
    *week = (thursday - jan1) / 7 + 1;
    *isoyear = ty;
}

/* Value of `f` for a timestamp (local time) as mantissa/scale. Returns -1 if
 * the field does not apply. */
static int ts_field(int64_t ts, DtField f, bool is_date, int64_t tzoff_secs, __int128 *m,
                    int *scale)
{
    OmTm tm;
    om_ts2tm(ts, &tm);
    int jd = om_date2j(tm.year, tm.mon, tm.mday);
    *scale = 0;
    int year = tm.year;
    switch (f) {
    case F_YEAR:
        *m = year > 0 ? year : year - 1;
        return 0;
    case F_MONTH:
        *m = tm.mon;
        return 0;
    case F_DAY:
        *m = tm.mday;
        return 0;
    case F_QUARTER:
        *m = (tm.mon - 1) / 3 + 1;
        return 0;
    case F_DECADE:
        *m = year >= 0 ? year / 10 : -((8 - (year - 1)) / 10);
        return 0;
    case F_CENTURY:
        *m = year > 0 ? (year + 99) / 100 : -((99 - (year - 1)) / 100);
        return 0;
    case F_MILLENNIUM:
        *m = year > 0 ? (year + 999) / 1000 : -((999 - (year - 1)) / 1000);
        return 0;
    case F_DOW:
        *m = om_j2day(jd);
        return 0;
    case F_ISODOW: {
        int d = om_j2day(jd);
        *m = d == 0 ? 7 : d;
        return 0;
    }
    case F_DOY:
        *m = jd - om_date2j(tm.year, 1, 1) + 1;
        return 0;
    case F_WEEK:
    case F_ISOYEAR: {
        int w, iy;
        iso_week(jd, &w, &iy);
        *m = f == F_WEEK ? w : (iy > 0 ? iy : iy - 1);
        return 0;
    }
    case F_JULIAN:
        if (is_date) {
            *m = jd;
            return 0;
        }
        /* julian with fraction of day: jd + time/day, PostgreSQL prints many digits */
        return -1;
    case F_EPOCH:
        if (is_date) {
            *m = ((__int128)ts / USECS_PER_SEC) -
                 (__int128)(UNIX_EPOCH_JDATE - POSTGRES_EPOCH_JDATE) * 86400;
            return 0;
        }
        *m = (__int128)ts - tzoff_secs * USECS_PER_SEC -
             (__int128)(UNIX_EPOCH_JDATE - POSTGRES_EPOCH_JDATE) * 86400 * USECS_PER_SEC;
        *scale = 6;
        return 0;
    default:
        break;
    }
    if (is_date) return -1;
    switch (f) {
    case F_HOUR:
        *m = tm.hour;
        return 0;
    case F_MINUTE:
        *m = tm.min;
        return 0;
    case F_SECOND:
        *m = (__int128)tm.sec * 1000000 + tm.usec;
        *scale = 6;
        return 0;
    case F_MILLISECONDS:
        *m = (__int128)tm.sec * 1000000 + tm.usec;
        *scale = 3;
        return 0;
    case F_MICROSECONDS:
        *m = (__int128)tm.sec * 1000000 + tm.usec;
        return 0;
    case F_TIMEZONE:
        *m = tzoff_secs;
        return 0;
    default:
        return -1;
    }
}

static int iv_field(const OmInterval *iv, DtField f, __int128 *m, int *scale)
{
    *scale = 0;
    int64_t t = iv->micros;
    switch (f) {
    case F_YEAR:
        *m = iv->months / 12;
        return 0;
    case F_MONTH:
        *m = iv->months % 12;
        return 0;
    case F_DAY:
        *m = iv->days;
        return 0;
    case F_QUARTER:
        *m = (iv->months % 12) / 3 + 1;
        return 0;
    case F_DECADE:
        *m = iv->months / 120;
        return 0;
    case F_CENTURY:
        *m = iv->months / 1200;
        return 0;
    case F_MILLENNIUM:
        *m = iv->months / 12000;
        return 0;
    case F_HOUR:
        *m = t / (INT64_C(3600) * USECS_PER_SEC);
        return 0;
    case F_MINUTE:
        *m = (t / (60 * USECS_PER_SEC)) % 60;
        return 0;
    case F_SECOND:
        *m = t % (60 * USECS_PER_SEC);
        *scale = 6;
        return 0;
    case F_MILLISECONDS:
        *m = t % (60 * USECS_PER_SEC);
        *scale = 3;
        return 0;
    case F_MICROSECONDS:
        *m = t % (60 * USECS_PER_SEC);
        return 0;
    case F_EPOCH: {
        /* PostgreSQL: years at 365.25 days, remaining months at 30 days, in
         * quarter days to stay integral */
        int64_t quarter_days = (int64_t)1461 * (iv->months / 12) +
                               (int64_t)120 * (iv->months % 12) + (int64_t)4 * iv->days;
        *m = (__int128)quarter_days * 21600 * USECS_PER_SEC + t;
        *scale = 6;
        return 0;
    }
    default:
        return -1;
    }
}

static int field_error(EvalCtx *ctx, const StrView *s, TypeId t, bool known)
{
    if (!known)
        return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "unit \"%.*s\" not recognized for type %s", (int)s->len, strview_data(s),
                   type_info(t)->sql_name);
    return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "unit \"%.*s\" not supported for type %s",
               (int)s->len, strview_data(s), type_info(t)->sql_name);
}

/* Shared by extract (numeric) and date_part (float8). */
static int extract_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                        Vector *out, EvalCtx *ctx, bool as_float)
{
    TypeId t = call->args[1]->type.id;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *fs = arg_str(args, 0, row);
        DtField f = parse_field(fs);
        if (f == F_BAD) return field_error(ctx, fs, t, false);
        __int128 m = 0;
        int scale = 0, rc;
        bool infinite = false;
        switch (t) {
        case TYPE_DATE: {
            int32_t d = ARG(int32_t, 1, row);
            if (d == DATE_NEG_INFINITY || d == DATE_POS_INFINITY) {
                infinite = true;
                rc = 0;
                break;
            }
            rc = ts_field((int64_t)d * USECS_PER_DAY, f, true, 0, &m, &scale);
            break;
        }
        case TYPE_TIMESTAMP:
        case TYPE_TIMESTAMPTZ: {
            int64_t v = ARG(int64_t, 1, row);
            if (!ts_finite(v)) {
                infinite = true;
                rc = 0;
                break;
            }
            int64_t off_secs =
                t == TYPE_TIMESTAMPTZ && ts_finite(v) ? off_utc(ctx, v) / USECS_PER_SEC : 0;
            rc = ts_field(v + off_secs * USECS_PER_SEC, f, false, off_secs, &m, &scale);
            if (t == TYPE_TIMESTAMP && f == F_TIMEZONE) rc = -1;
            break;
        }
        case TYPE_TIME: {
            int64_t v = ARG(int64_t, 1, row);
            if (f == F_HOUR || f == F_MINUTE || f == F_SECOND || f == F_MILLISECONDS ||
                f == F_MICROSECONDS)
                rc = ts_field(v, f, false, 0, &m, &scale);
            else if (f == F_EPOCH) {
                m = v;
                scale = 6;
                rc = 0;
            } else
                rc = -1;
            break;
        }
        case TYPE_INTERVAL:
            rc = iv_field(&ARG(OmInterval, 1, row), f, &m, &scale);
            break;
        default:
            rc = -1;
            break;
        }
        if (rc != 0) return field_error(ctx, fs, t, true);
        if (infinite) {
            /* PostgreSQL returns NULL for most fields of infinite values */
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        if (as_float) {
            double v = (double)m;
            for (int k = 0; k < scale; k++) v /= 10.0;
            ((double *)out->data)[row] = v;
        } else {
            ((OmNumeric *)out->data)[row] = numeric_make(m, scale);
        }
    }
    return 0;
}

static int k_extract(KERNEL_ARGS)
{
    return extract_rows(call, args, sel, count, out, ctx, false);
}
static int k_date_part(KERNEL_ARGS)
{
    return extract_rows(call, args, sel, count, out, ctx, true);
}

/* ---- date_trunc ---- */

static int k_date_trunc(KERNEL_ARGS)
{
    bool tz = call->args[1]->type.id == TYPE_TIMESTAMPTZ;
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *fs = arg_str(args, 0, row);
        DtField f = parse_field(fs);
        if (f == F_BAD) return field_error(ctx, fs, call->args[1]->type.id, false);
        int64_t t = ARG(int64_t, 1, row);
        if (!ts_finite(t)) {
            r[row] = t;
            continue;
        }
        OmTm tm;
        int64_t off = tz ? off_utc(ctx, t) : 0;
        om_ts2tm(t + off, &tm);
        switch (f) {
        case F_MILLENNIUM:
            tm.year = tm.year > 0 ? ((tm.year + 999) / 1000) * 1000 - 999
                                  : -((999 - (tm.year - 1)) / 1000) * 1000 + 1;
            tm.mon = 1;
            tm.mday = 1;
            goto day;
        case F_CENTURY:
            tm.year = tm.year > 0 ? ((tm.year + 99) / 100) * 100 - 99
                                  : -((99 - (tm.year - 1)) / 100) * 100 + 1;
            tm.mon = 1;
            tm.mday = 1;
            goto day;
        case F_DECADE:
            tm.year = tm.year > 0 ? (tm.year / 10) * 10 : -((8 - (tm.year - 1)) / 10) * 10;
            tm.mon = 1;
            tm.mday = 1;
            goto day;
        case F_YEAR:
            tm.mon = 1; /* fallthrough */
        case F_MONTH:
            tm.mday = 1;
            goto day;
        case F_QUARTER:
            tm.mon = ((tm.mon - 1) / 3) * 3 + 1;
            tm.mday = 1;
            goto day;
        case F_WEEK: {
            int jd = om_date2j(tm.year, tm.mon, tm.mday);
            int dow = (om_j2day(jd) + 6) % 7;
            om_j2date(jd - dow, &tm.year, &tm.mon, &tm.mday);
            goto day;
        }
        case F_DAY:
        day:
            tm.hour = 0; /* fallthrough */
        case F_HOUR:
            tm.min = 0; /* fallthrough */
        case F_MINUTE:
            tm.sec = 0; /* fallthrough */
        case F_SECOND:
            tm.usec = 0;
            break;
        case F_MILLISECONDS:
            tm.usec = (tm.usec / 1000) * 1000;
            break;
        case F_MICROSECONDS:
            break;
        default:
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "unit \"%.*s\" not supported for type %s", (int)fs->len, strview_data(fs),
                       type_info(call->args[1]->type.id)->sql_name);
        }
        int64_t res;
        if (om_tm2ts(&tm, &res) != 0) return dt_raise(ctx, MSG_TS_RANGE);
        r[row] = tz ? res - off_local(ctx, res) : res;
    }
    return 0;
}

/* ---- constructors and clocks ---- */

static int k_make_date(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int y = ARG(int32_t, 0, row), m = ARG(int32_t, 1, row), d = ARG(int32_t, 2, row);
        int yy = y < 0 ? y + 1 : y;
        if (y == 0 || m < 1 || m > 12 || d < 1 || d > om_days_in_month(yy, m))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "date field value out of range: %d-%02d-%02d", y, m, d);
        r[row] = om_date2j(yy, m, d) - POSTGRES_EPOCH_JDATE;
    }
    return 0;
}

/* make_timestamp(year, month, mday, hour, min, sec float8) and
 * make_timestamptz (the same fields read in the session's time zone). */
static int k_make_timestamp(KERNEL_ARGS)
{
    bool tz = call->type.id == TYPE_TIMESTAMPTZ;
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int y = ARG(int32_t, 0, row), m = ARG(int32_t, 1, row), d = ARG(int32_t, 2, row);
        int h = ARG(int32_t, 3, row), mi = ARG(int32_t, 4, row);
        double sec = ARG(double, 5, row);
        int yy = y < 0 ? y + 1 : y;
        if (y == 0 || m < 1 || m > 12 || d < 1 || d > om_days_in_month(yy, m))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "date field value out of range: %d-%02d-%02d", y, m, d);
        /* 24:00:00 is allowed, as in PostgreSQL */
        if (h < 0 || h > 24 || mi < 0 || mi > 59 || !(sec >= 0) || sec > 60 ||
            h * 3600 * USECS_PER_SEC + mi * 60 * USECS_PER_SEC +
                    (int64_t)rint(sec * USECS_PER_SEC) >
                USECS_PER_DAY)
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "time field value out of range: %d:%02d:%02g", h, mi, sec);
        int64_t micros = (int64_t)rint(sec * USECS_PER_SEC);
        OmTm tm = {
            yy, m, d, h, mi, (int)(micros / USECS_PER_SEC), (int32_t)(micros % USECS_PER_SEC)};
        int64_t t;
        if (om_tm2ts(&tm, &t) != 0) return dt_raise(ctx, MSG_TS_RANGE);
        r[row] = tz ? t - off_local(ctx, t) : t;
    }
    return 0;
}

/* date_bin(stride, source, origin): the start of the stride-wide bin, counted
 * from origin, that holds source. */
static int k_date_bin(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        OmInterval st = ARG(OmInterval, 0, row);
        int64_t src = ARG(int64_t, 1, row), origin = ARG(int64_t, 2, row);
        if (!ts_finite(src) || !ts_finite(origin))
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "timestamps cannot be binned into infinite intervals");
        if (st.months != 0)
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "timestamps cannot be binned into intervals containing months or years");
        __int128 stride = (__int128)st.days * USECS_PER_DAY + st.micros;
        if (stride <= 0)
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "stride must be greater than zero");
        __int128 delta = (__int128)src - origin;
        __int128 bins = delta / stride;
        if (delta % stride < 0) bins--; /* floor */
        __int128 res = (__int128)origin + bins * stride;
        if (res < INT64_MIN / 2 || res > INT64_MAX / 2) return dt_raise(ctx, MSG_TS_RANGE);
        r[row] = (int64_t)res;
    }
    return 0;
}

static int64_t clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec - INT64_C(946684800)) * USECS_PER_SEC + ts.tv_nsec / 1000;
}

static _Thread_local int64_t statement_timestamp;

void func_set_statement_timestamp(int64_t usecs)
{
    statement_timestamp = usecs;
}

static int64_t stmt_now(void)
{
    return statement_timestamp != 0 ? statement_timestamp : clock_now();
}

static int k_now(KERNEL_ARGS)
{
    bool clock = strcmp(call->u.func.def->name, "clock_timestamp") == 0;
    int64_t now = statement_timestamp != 0 && !clock ? statement_timestamp : clock_now();
    TypeId t = call->type.id;
    int64_t off = off_utc(ctx, now);
    FOR_EACH_ROW(row)
    {
        if (t == TYPE_DATE) {
            int64_t local = now + off;
            int64_t d = local / USECS_PER_DAY;
            if (local % USECS_PER_DAY < 0) d--;
            ((int32_t *)out->data)[row] = (int32_t)d;
        } else if (t == TYPE_TIMESTAMP) {
            ((int64_t *)out->data)[row] = now + off;
        } else {
            ((int64_t *)out->data)[row] = now;
        }
    }
    return 0;
}

/* The time this process started (read when the executable is loaded, before
 * main): pg_postmaster_start_time(). */
static int64_t process_start;

__attribute__((constructor)) static void note_process_start(void)
{
    process_start = clock_now();
}

static int k_start_time(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)((int64_t *)out->data)[row] = process_start;
    return 0;
}

static int k_version(KERNEL_ARGS)
{
    static const char v[] = "PostgreSQL 15.0 (OmenDB 0.1.0) on x86_64-pc-linux-gnu, compiled by "
                            "gcc, 64-bit";
    FOR_EACH_ROW(row)((StrView *)out->data)[row] = strview_make(v, (uint32_t)(sizeof(v) - 1));
    return 0;
}

static int k_pg_sleep(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        ((StrView *)out->data)[row] = strview_make("", 0);
        if (!row_valid(out, row)) continue;
        double secs = ARG(double, 0, row);
        int64_t end = clock_now() + (int64_t)(secs * 1e6);
        /* statement_timeout ends a sleep too (the deadline counts from 1970) */
        int64_t deadline = ctx->exec_state ? exec_statement_deadline_us(ctx->exec_state) : 0;
        for (;;) {
            if (ctx->cancel && atomic_load(ctx->cancel))
                return ERR(ctx->err, SQLSTATE_QUERY_CANCELED,
                           "canceling statement due to user request");
            if (deadline && clock_now() + INT64_C(946684800000000) >= deadline)
                return ERR(ctx->err, SQLSTATE_QUERY_CANCELED,
                           "canceling statement due to statement timeout");
            int64_t left = end - clock_now();
            if (left <= 0) break;
            if (left > 10000) left = 10000;
            struct timespec ts = {0, (long)left * 1000};
            nanosleep(&ts, NULL);
        }
    }
    return 0;
}

/* ---- age, justify, to_timestamp, isfinite ---- */

/* PostgreSQL's timestamp_age: field-wise difference with borrows. */
static void age_fields(int64_t t1, int64_t t2, OmInterval *out)
{
    OmTm a, b;
    om_ts2tm(t1, &a);
    om_ts2tm(t2, &b);
    int64_t usec = (int64_t)a.usec - b.usec;
    int64_t sec = a.sec - b.sec, min = a.min - b.min, hour = a.hour - b.hour;
    int64_t mday = a.mday - b.mday, mon = a.mon - b.mon, year = a.year - b.year;
    bool flip = t1 < t2;
    if (flip) {
        usec = -usec, sec = -sec, min = -min, hour = -hour;
        mday = -mday, mon = -mon, year = -year;
    }
    while (usec < 0) usec += USECS_PER_SEC, sec--;
    while (sec < 0) sec += 60, min--;
    while (min < 0) min += 60, hour--;
    while (hour < 0) hour += 24, mday--;
    while (mday < 0) {
        if (flip)
            mday += om_days_in_month(a.year, a.mon);
        else
            mday += om_days_in_month(b.year, b.mon);
        mon--;
    }
    while (mon < 0) mon += 12, year--;
    if (flip) {
        usec = -usec, sec = -sec, min = -min, hour = -hour;
        mday = -mday, mon = -mon, year = -year;
    }
    out->months = (int32_t)(year * 12 + mon);
    out->days = (int32_t)mday;
    out->micros = ((hour * 60 + min) * 60 + sec) * USECS_PER_SEC + usec;
}

static int64_t clock_now(void);
static int64_t stmt_now(void);

static int k_age(KERNEL_ARGS)
{
    OmInterval *r = out->data;
    bool tz = call->args[0]->type.id == TYPE_TIMESTAMPTZ;
    int64_t today = 0;
    if (call->nargs == 1) {
        int64_t local = stmt_now() + off_utc(ctx, stmt_now());
        today = local - ((local % USECS_PER_DAY) + USECS_PER_DAY) % USECS_PER_DAY;
    }
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int64_t a, b;
        if (call->nargs == 1) {
            a = today;
            b = ARG(int64_t, 0, row);
            if (tz && ts_finite(b)) b += off_utc(ctx, b);
        } else {
            a = ARG(int64_t, 0, row);
            b = ARG(int64_t, 1, row);
            if (tz && ts_finite(a)) a += off_utc(ctx, a);
            if (tz && ts_finite(b)) b += off_utc(ctx, b);
        }
        if (!ts_finite(a) || !ts_finite(b))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "cannot subtract infinite timestamps");
        age_fields(a, b, &r[row]);
    }
    return 0;
}

static int k_justify(KERNEL_ARGS)
{
    const char *name = call->u.func.def->name;
    bool hours = strcmp(name, "justify_hours") == 0 || strcmp(name, "justify_interval") == 0;
    bool days = strcmp(name, "justify_days") == 0 || strcmp(name, "justify_interval") == 0;
    OmInterval *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        OmInterval v = ARG(OmInterval, 0, row);
        int64_t months = v.months, d = v.days, us = v.micros;
        if (hours) {
            d += us / USECS_PER_DAY;
            us %= USECS_PER_DAY;
        }
        if (days) {
            months += d / 30;
            d %= 30;
        }
        if (hours && days) {
            if (months > 0 && (d < 0 || (d == 0 && us < 0))) {
                d += 30;
                months--;
            } else if (months < 0 && (d > 0 || (d == 0 && us > 0))) {
                d -= 30;
                months++;
            }
        }
        if (hours) {
            if (d > 0 && us < 0) {
                us += USECS_PER_DAY;
                d--;
            } else if (d < 0 && us > 0) {
                us -= USECS_PER_DAY;
                d++;
            }
        }
        if (days && !hours) {
            if (months > 0 && d < 0) {
                d += 30;
                months--;
            } else if (months < 0 && d > 0) {
                d -= 30;
                months++;
            }
        }
        if (months > INT32_MAX || months < INT32_MIN || d > INT32_MAX || d < INT32_MIN)
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
        r[row].months = (int32_t)months;
        r[row].days = (int32_t)d;
        r[row].micros = us;
    }
    return 0;
}

static int k_to_timestamp_epoch(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        double sec = ARG(double, 0, row);
        if (isnan(sec))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp cannot be NaN");
        if (isinf(sec)) {
            r[row] = sec < 0 ? TS_NEG_INFINITY : TS_POS_INFINITY;
            continue;
        }
        double us = rint(sec * 1e6) - 946684800.0 * 1e6;
        if (us < -211813488000000000.0 || us >= 9223371331200000000.0)
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"%g\"",
                       sec);
        r[row] = (int64_t)us;
    }
    return 0;
}

static int k_isfinite(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    TypeId t = call->args[0]->type.id;
    FOR_EACH_ROW(row)
    {
        if (t == TYPE_DATE) {
            int32_t d = ARG(int32_t, 0, row);
            r[row] = d != DATE_NEG_INFINITY && d != DATE_POS_INFINITY;
        } else if (t == TYPE_INTERVAL) {
            r[row] = 1;
        } else {
            r[row] = ts_finite(ARG(int64_t, 0, row));
        }
    }
    return 0;
}

/* to_date / to_timestamp(text, template): the common numeric patterns. */
static int parse_with_template(const StrView *in, const StrView *fmt, OmTm *tm, bool *pm,
                               bool *has_ampm)
{
    const char *s = strview_data(in), *f = strview_data(fmt);
    size_t si = 0, fi = 0, sn = in->len, fn = fmt->len;
    *pm = false;
    *has_ampm = false;
    while (fi < fn) {
        const char *p = f + fi;
        size_t left = fn - fi;
        int width = 0;
        int *field = NULL;
        int32_t *ufield = NULL;
        if (left >= 2 && (strncmp(p, "FM", 2) == 0 || strncmp(p, "fm", 2) == 0)) {
            fi += 2;
            continue;
        }
#define PAT(str, w, fld)                                                                           \
    if (!field && !ufield && left >= strlen(str) && strncmp(p, str, strlen(str)) == 0) {           \
        width = w;                                                                                 \
        fld;                                                                                       \
        fi += strlen(str);                                                                         \
    }
        PAT("YYYY", 4, field = &tm->year)
        PAT("HH24", 2, field = &tm->hour)
        PAT("HH12", 2, (field = &tm->hour, *has_ampm = true))
        PAT("HH", 2, (field = &tm->hour, *has_ampm = true))
        PAT("MI", 2, field = &tm->min)
        PAT("SS", 2, field = &tm->sec)
        PAT("MS", 3, ufield = &tm->usec)
        PAT("US", 6, ufield = &tm->usec)
        PAT("MM", 2, field = &tm->mon)
        PAT("DD", 2, field = &tm->mday)
        PAT("YY", 2, field = &tm->year)
#undef PAT
        if (field || ufield) {
            while (si < sn && s[si] == ' ') si++;
            int v = 0, nd = 0;
            bool neg = false;
            if (field == &tm->year && si < sn && s[si] == '-') {
                neg = true;
                si++;
            }
            /* a year runs to the next non-digit unless another field follows directly */
            bool next_is_field =
                fi < fn && ((f[fi] >= 'A' && f[fi] <= 'Z') || (f[fi] >= 'a' && f[fi] <= 'z'));
            int maxd = field == &tm->year && width == 4 && !next_is_field ? 9 : width;
            while (si < sn && nd < maxd && s[si] >= '0' && s[si] <= '9') {
                v = v * 10 + (s[si++] - '0');
                nd++;
            }
            if (nd == 0) return -1;
            if (ufield) {
                int scale = width == 3 ? 1000 : 1;
                for (int k = nd; k < width; k++) v *= 10;
                *ufield = v * scale;
            } else {
                if (field == &tm->year && width == 2) v += v < 70 ? 2000 : 1900;
                *field = neg ? -v + 1 : v; /* -44 is 44 BC: astronomical -43 */
            }
            continue;
        }
        if ((left >= 2 && (strncasecmp(p, "AM", 2) == 0 || strncasecmp(p, "PM", 2) == 0))) {
            while (si < sn && s[si] == ' ') si++;
            if (si + 2 > sn) return -1;
            if (strncasecmp(s + si, "PM", 2) == 0)
                *pm = true;
            else if (strncasecmp(s + si, "AM", 2) != 0)
                return -1;
            *has_ampm = true;
            si += 2;
            fi += 2;
            continue;
        }
        if (left >= 3 && (strncasecmp(p, "MON", 3) == 0)) {
            bool full = left >= 5 && strncasecmp(p, "MONTH", 5) == 0;
            while (si < sn && s[si] == ' ') si++;
            int found = 0;
            static const char *const mn[12] = {"january",   "february", "march",    "april",
                                               "may",       "june",     "july",     "august",
                                               "september", "october",  "november", "december"};
            for (int m = 0; m < 12 && !found; m++) {
                size_t ml = strlen(mn[m]);
                if (si + ml <= sn && strncasecmp(s + si, mn[m], ml) == 0) {
                    si += ml;
                    found = m + 1;
                } else if (si + 3 <= sn && strncasecmp(s + si, mn[m], 3) == 0) {
                    si += 3;
                    found = m + 1;
                }
            }
            if (!found) return -1;
            tm->mon = found;
            fi += full ? 5 : 3;
            continue;
        }
        /* separators and other characters: skip one input char if it is not a digit */
        if (si < sn && !(s[si] >= '0' && s[si] <= '9')) si++;
        fi++;
    }
    return 0;
}

static int k_to_date_ts(KERNEL_ARGS)
{
    bool is_date = call->type.id == TYPE_DATE;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *in = arg_str(args, 0, row), *fmt = arg_str(args, 1, row);
        OmTm tm = {0, 1, 1, 0, 0, 0, 0}; /* PostgreSQL's default year is 1 BC */
        bool pm, has_ampm;
        if (parse_with_template(in, fmt, &tm, &pm, &has_ampm) != 0)
            return ERR(ctx->err, SQLSTATE_INVALID_DATETIME_FORMAT,
                       "invalid value \"%.*s\" for \"%.*s\"", (int)in->len, strview_data(in),
                       (int)fmt->len, strview_data(fmt));
        if (has_ampm) {
            if (tm.hour < 1 || tm.hour > 12)
                return ERR(ctx->err, SQLSTATE_INVALID_DATETIME_FORMAT,
                           "hour \"%d\" is invalid for the 12-hour clock", tm.hour);
            if (pm && tm.hour != 12) tm.hour += 12;
            if (!pm && tm.hour == 12) tm.hour = 0;
        }
        if (tm.mon < 1 || tm.mon > 12 || tm.mday < 1 || tm.mday > om_days_in_month(tm.year, tm.mon))
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "date/time field value out of range: \"%.*s\"", (int)in->len,
                       strview_data(in));
        if (tm.hour > 24 || tm.min > 59 || tm.sec > 60)
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "date/time field value out of range: \"%.*s\"", (int)in->len,
                       strview_data(in));
        if (is_date) {
            ((int32_t *)out->data)[row] =
                om_date2j(tm.year, tm.mon, tm.mday) - POSTGRES_EPOCH_JDATE;
            continue;
        }
        int64_t t;
        if (om_tm2ts(&tm, &t) != 0) return dt_raise(ctx, MSG_TS_RANGE);
        ((int64_t *)out->data)[row] = t - off_local(ctx, t);
    }
    return 0;
}

/* ---- AT TIME ZONE ---- */

/* A zone name as PostgreSQL reads it: UTC-like names, or a POSIX offset
 * ("+05:30", "UTC+3": hours WEST of Greenwich). Returns seconds east. */
static int parse_zone(const StrView *z, int32_t *secs_east)
{
    const char *s = strview_data(z);
    size_t n = z->len, i = 0;
    static const char *const utc[] = {"utc",     "gmt",     "z",         "zulu",     "uct",
                                      "etc/utc", "etc/gmt", "universal", "greenwich"};
    for (size_t k = 0; k < sizeof(utc) / sizeof(utc[0]); k++)
        if (strlen(utc[k]) == n && strncasecmp(s, utc[k], n) == 0) {
            *secs_east = 0;
            return 0;
        }
    if (n >= 3 && (strncasecmp(s, "utc", 3) == 0 || strncasecmp(s, "gmt", 3) == 0)) i = 3;
    if (i >= n || (s[i] != '+' && s[i] != '-' && !(s[i] >= '0' && s[i] <= '9'))) return -1;
    int sign = 1;
    if (s[i] == '+' || s[i] == '-') sign = s[i++] == '-' ? -1 : 1;
    int parts[3] = {0, 0, 0}, np = 0;
    while (i < n && np < 3) {
        if (s[i] < '0' || s[i] > '9') return -1;
        int v = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
        parts[np++] = v;
        if (i < n && s[i] == ':')
            i++;
        else
            break;
    }
    if (i != n || parts[0] > 15 * 24) return -1;
    *secs_east = -sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
    return 0;
}

static int k_timezone(KERNEL_ARGS)
{
    bool from_tz = call->args[1]->type.id == TYPE_TIMESTAMPTZ;
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *z = arg_str(args, 0, row);
        int32_t east = 0;
        const TzZone *zone = NULL;
        if (parse_zone(z, &east) != 0) {
            char name[64];
            if (z->len < sizeof(name)) {
                memcpy(name, strview_data(z), z->len);
                name[z->len] = '\0';
                zone = tz_zone_load(name);
            }
            if (!zone)
                return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "time zone \"%.*s\" not recognized", (int)z->len, strview_data(z));
        }
        int64_t t = ARG(int64_t, 1, row);
        if (!ts_finite(t)) {
            r[row] = t;
            continue;
        }
        if (zone) { /* the zone's offset at that instant, or of that local time */
            int64_t unix_s = tz_unix_secs(t);
            east = from_tz ? tz_zone_offset_utc(zone, unix_s) : tz_zone_offset_local(zone, unix_s);
        }
        r[row] = from_tz ? t + (int64_t)east * USECS_PER_SEC : t - (int64_t)east * USECS_PER_SEC;
    }
    return 0;
}

/* pg_typeof("any") -> regtype */
static int k_pg_typeof(KERNEL_ARGS)
{
    int64_t *r = out->data;
    Oid oid = type_oid_of(call->args[0]->type);
    FOR_EACH_ROW(row)
    {
        r[row] = oid;
        vector_set_valid(out, row);
    }
    return 0;
}

/* ---- table ---- */

#define D   TYPE_DATE
#define TS  TYPE_TIMESTAMP
#define TZ  TYPE_TIMESTAMPTZ
#define IV  TYPE_INTERVAL
#define TM  TYPE_TIME
#define I4  TYPE_INT4
#define F8  TYPE_FLOAT8
#define TX  TYPE_TEXT
#define VOL FUNC_VOLATILE

const FuncDef func_datetime_defs[] = {
    OP2("+", D, I4, D, k_date_pl_int, 15000),
    OP2("+", I4, D, D, k_int_pl_date, 15001),
    OP2("-", D, I4, D, k_date_mi_int, 15002),
    OP2("-", D, D, I4, k_date_mi_date, 15003),
    OP2("+", D, IV, TS, k_ts_pl_iv, 15004),
    OP2("+", IV, D, TS, k_ts_pl_iv, 15005),
    OP2("-", D, IV, TS, k_ts_mi_iv, 15006),
    OP2("+", TS, IV, TS, k_ts_pl_iv, 15007),
    OP2("+", IV, TS, TS, k_ts_pl_iv, 15008),
    OP2("-", TS, IV, TS, k_ts_mi_iv, 15009),
    OP2("+", TZ, IV, TZ, k_ts_pl_iv, 15010),
    OP2("+", IV, TZ, TZ, k_ts_pl_iv, 15011),
    OP2("-", TZ, IV, TZ, k_ts_mi_iv, 15012),
    OP2("-", TS, TS, IV, k_ts_mi_ts, 15013),
    OP2("-", TZ, TZ, IV, k_ts_mi_ts, 15014),
    OP2("+", D, TM, TS, k_date_pl_time, 15015),
    OP2("+", TM, D, TS, k_date_pl_time, 15016),
    OP2("+", TM, IV, TM, k_time_pl_iv, 15017),
    OP2("+", IV, TM, TM, k_time_pl_iv, 15018),
    OP2("-", TM, IV, TM, k_time_mi_iv, 15019),
    OP2("-", TM, TM, IV, k_time_mi_time, 15020),
    OP2("+", IV, IV, IV, k_iv_pl, 15021),
    OP2("-", IV, IV, IV, k_iv_mi, 15022),
    OP1("-", IV, IV, k_iv_um, 15023),
    OP2("*", IV, F8, IV, k_iv_mul, 15024),
    OP2("*", F8, IV, IV, k_f_mul_iv, 15025),
    OP2("/", IV, F8, IV, k_iv_div, 15026),
    FN("extract", 2, TYPE_NUMERIC, k_extract, 15100, TX, D),
    FN("extract", 2, TYPE_NUMERIC, k_extract, 15101, TX, TS),
    FN("extract", 2, TYPE_NUMERIC, k_extract, 15102, TX, TZ),
    FN("extract", 2, TYPE_NUMERIC, k_extract, 15103, TX, IV),
    FN("extract", 2, TYPE_NUMERIC, k_extract, 15104, TX, TM),
    FN("date_part", 2, F8, k_date_part, 15110, TX, TS),
    FN("date_part", 2, F8, k_date_part, 15111, TX, TZ),
    FN("date_part", 2, F8, k_date_part, 15112, TX, IV),
    FN("date_part", 2, F8, k_date_part, 15113, TX, TM),
    FN("date_part", 2, F8, k_date_part, 15114, TX, D),
    FN("date_trunc", 2, TS, k_date_trunc, 15120, TX, TS),
    FN("date_trunc", 2, TZ, k_date_trunc, 15121, TX, TZ),
    FN("make_date", 3, D, k_make_date, 15130, I4, I4, I4),
    FN("make_timestamp", 6, TS, k_make_timestamp, 15131, I4, I4, I4, I4, I4, F8),
    FNF("make_timestamptz", 6, TZ, k_make_timestamp, 15132, FUNC_STRICT | FUNC_VOLATILE, I4, I4, I4,
        I4, I4, F8),
    FN("date_bin", 3, TS, k_date_bin, 15133, IV, TS, TS),
    FN("date_bin", 3, TZ, k_date_bin, 15134, IV, TZ, TZ),
    FNF("now", 0, TZ, k_now, 15140, VOL, 0),
    FNF("current_timestamp", 0, TZ, k_now, 15141, VOL, 0),
    FNF("transaction_timestamp", 0, TZ, k_now, 15142, VOL, 0),
    FNF("statement_timestamp", 0, TZ, k_now, 15143, VOL, 0),
    FNF("clock_timestamp", 0, TZ, k_now, 15144, VOL, 0),
    FNF("localtimestamp", 0, TS, k_now, 15145, VOL, 0),
    FNF("current_date", 0, D, k_now, 15146, VOL, 0),
    FN("timezone", 2, TS, k_timezone, 15150, TX, TZ),
    FN("age", 2, IV, k_age, 15160, TS, TS),
    FN("age", 2, IV, k_age, 15161, TZ, TZ),
    FNF("age", 1, IV, k_age, 15162, FUNC_STRICT | VOL, TS),
    FNF("age", 1, IV, k_age, 15163, FUNC_STRICT | VOL, TZ),
    FN("justify_hours", 1, IV, k_justify, 15164, IV),
    FN("justify_days", 1, IV, k_justify, 15165, IV),
    FN("justify_interval", 1, IV, k_justify, 15166, IV),
    FN("to_timestamp", 1, TZ, k_to_timestamp_epoch, 15167, F8),
    FN("to_timestamp", 2, TZ, k_to_date_ts, 15168, TX, TX),
    FN("to_date", 2, D, k_to_date_ts, 15169, TX, TX),
    FN("isfinite", 1, TYPE_BOOL, k_isfinite, 15170, D),
    FN("isfinite", 1, TYPE_BOOL, k_isfinite, 15171, TS),
    FN("isfinite", 1, TYPE_BOOL, k_isfinite, 15172, TZ),
    FN("isfinite", 1, TYPE_BOOL, k_isfinite, 15173, IV),
    FN("timezone", 2, TZ, k_timezone, 15151, TX, TS),
    FNF("pg_typeof", 1, TYPE_REGTYPE, k_pg_typeof, 15202, 0, FUNC_ARG_ANY),
    FNF("version", 0, TX, k_version, 15200, FUNC_STRICT, 0),
    FNF("pg_postmaster_start_time", 0, TZ, k_start_time, 2560, FUNC_VOLATILE, 0),
    FNF("pg_sleep", 1, TYPE_VOID, k_pg_sleep, 15201, FUNC_STRICT | VOL, F8),
};
const int func_datetime_ndefs = sizeof(func_datetime_defs) / sizeof(func_datetime_defs[0]);
