/*
 * op_function_scan.c — set-returning functions in FROM; today
 * generate_series in PostgreSQL 15's overloads:
 *   (int4, int4 [, int4]) -> int4        (int8, int8 [, int8]) -> int8
 *   (numeric, numeric [, numeric]) -> numeric
 *   (timestamp, timestamp, interval) -> timestamp
 *   (timestamptz, timestamptz, interval) -> timestamptz
 * The output type (plan->types[0]) selects the overload. Arguments are
 * evaluated once (at open and rescan); a NULL argument gives no rows (the
 * functions are strict). unnest(array text) -> text splits the text form of
 * an array (the engine has no array type yet) into its elements. A zero step is 22023 "step size
 * cannot equal zero". Values are produced as PostgreSQL does, by repeated addition of the step to
 * the previous value (so month steps clamp day-of-month cumulatively), and the
 * series ends quietly where the next addition would overflow. Rows stream out
 * VECTOR_SIZE per chunk, with an interrupt check per chunk.
 */
#include <string.h>
#include <strings.h>

#include "catalog/session_settings.h"
#include "catalog/type_io_int.h"
#include "exec/operator.h"

typedef struct FuncScanState {
    bool done;
    /* unnest: the elements of the array text, and the next one to emit */
    StrView *elems;
    uint32_t nelems, next_elem;
    bool *elem_null;
    TypeId type;
    int64_t i_cur, i_stop, i_step;  /* int4/int8 */
    __int128 n_cur, n_stop, n_step; /* numeric mantissas */
    int n_cur_scale, n_stop_scale, n_step_scale;
    int64_t t_cur, t_stop; /* timestamps */
    OmInterval t_step;
    int t_dir;                 /* +1 / -1 */
    const SessionSettings *tz; /* timestamptz series: the session's zone */
} FuncScanState;

static int step_zero(Operator *op)
{
    return ERR(op->es->err, SQLSTATE_INVALID_PARAMETER_VALUE, "step size cannot equal zero");
}

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

/* PostgreSQL's date2j / j2date (Julian day numbers). */
static int date2j(int y, int m, int d)
{
    int julian, century;
    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    century = y / 100;
    julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + d;
    return julian;
}

static void j2date(int jd, int *year, int *month, int *day)
{
    unsigned int julian, quad, extra;
    int y;
    julian = (unsigned int)jd;
    julian += 32044;
    quad = julian / 146097;
    extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    y = (int)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int)quad * 4;
    *year = y - 4800;
    quad = julian * 2141 / 65536;
    *day = (int)(julian - 7834 * quad / 256);
    *month = (int)((quad + 10) % 12 + 1);
}

#define EPOCH_JDATE 2451545 /* date2j(2000, 1, 1) */

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
            j2date((int)(days + EPOCH_JDATE), &y, &m, &d);
            int64_t mon = (int64_t)y * 12 + (m - 1) + iv.months;
            y = (int)(mon >= 0 ? mon / 12 : -((-mon + 11) / 12));
            m = (int)(mon - (int64_t)y * 12) + 1;
            if (y < -4713 || y > 294276) return false;
            int dim = days_in_month(y, m);
            if (d > dim) d = dim;
            days = date2j(y, m, d) - EPOCH_JDATE;
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

/* Splits PostgreSQL's array text form ('{a,"b c",NULL}', nested braces
 * flattened) into elements in the operator's arena. */
static int unnest_setup(Operator *op, FuncScanState *st)
{
    Value arg;
    if (expr_eval_scalar(op->plan->u.func_scan.args[0], &arg, &op->eval) != 0) return -1;
    if (arg.is_null) {
        st->done = true;
        return 0;
    }
    const char *p = strview_data(&arg.u.str), *end = p + arg.u.str.len;
    while (p < end && *p == ' ') p++;
    if (p == end || *p != '{')
        return ERR(op->es->err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
                   "malformed array literal: \"%.*s\"", (int)arg.u.str.len,
                   strview_data(&arg.u.str));
    uint32_t cap = 8;
    st->elems = ARENA_NEW_ARRAY(op->arena, StrView, cap);
    st->elem_null = ARENA_NEW_ARRAY(op->arena, bool, cap);
    char *buf = arena_alloc(op->arena, arg.u.str.len + 1);
    while (p < end) {
        if (*p == '{' || *p == '}' || *p == ',' || *p == ' ') {
            p++;
            continue;
        }
        char *start = buf;
        bool quoted = *p == '"';
        if (quoted) {
            p++;
            while (p < end && *p != '"') {
                if (*p == '\\' && p + 1 < end) p++;
                *buf++ = *p++;
            }
            p++;
        } else {
            while (p < end && *p != ',' && *p != '}') {
                if (*p == '\\' && p + 1 < end) p++;
                *buf++ = *p++;
            }
            while (buf > start && buf[-1] == ' ') buf--;
        }
        if (st->nelems == cap) {
            st->elems = arena_realloc(op->arena, st->elems, sizeof(StrView) * cap,
                                      sizeof(StrView) * cap * 2);
            st->elem_null =
                arena_realloc(op->arena, st->elem_null, sizeof(bool) * cap, sizeof(bool) * cap * 2);
            cap *= 2;
        }
        uint32_t len = (uint32_t)(buf - start);
        st->elem_null[st->nelems] = !quoted && len == 4 && strncasecmp(start, "null", 4) == 0;
        st->elems[st->nelems++] = strview_make(start, len);
    }
    return 0;
}

static int setup(Operator *op)
{
    FuncScanState *st = op->state;
    const PlanNode *plan = op->plan;
    memset(st, 0, sizeof(*st));
    if (plan->u.func_scan.func == FUNCSCAN_UNNEST) return unnest_setup(op, st);
    st->type = plan->types[0].id;
    int nargs = plan->u.func_scan.nargs;
    Value args[3];
    if (nargs < 2 || nargs > 3)
        return ERR(op->es->err, SQLSTATE_UNDEFINED_FUNCTION,
                   "function generate_series with %d arguments does not exist", nargs);
    for (int i = 0; i < nargs; i++) {
        if (expr_eval_scalar(plan->u.func_scan.args[i], &args[i], &op->eval) != 0) return -1;
        if (args[i].is_null) st->done = true;
    }
    if (st->done) return 0;
    switch (st->type) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
        st->i_cur = value_i64(&args[0]);
        st->i_stop = value_i64(&args[1]);
        st->i_step = nargs == 3 ? value_i64(&args[2]) : 1;
        if (st->i_step == 0) return step_zero(op);
        return 0;
    case TYPE_NUMERIC: {
        OmNumeric a = value_num(&args[0]), b = value_num(&args[1]);
        OmNumeric s = nargs == 3 ? value_num(&args[2]) : numeric_make(1, 0);
        static const char *const what[3] = {"start value", "stop value", "step size"};
        const OmNumeric abc[3] = {a, b, s};
        for (int k = 0; k < 3; k++) {
            if (numeric_is_nan(abc[k]))
                return ERR(op->es->err, SQLSTATE_INVALID_PARAMETER_VALUE, "%s cannot be NaN",
                           what[k]);
            if (numeric_is_special(abc[k]))
                return ERR(op->es->err, SQLSTATE_INVALID_PARAMETER_VALUE, "%s cannot be infinity",
                           what[k]);
        }
        st->n_cur = numeric_mantissa(a);
        st->n_cur_scale = numeric_scale(a);
        st->n_stop = numeric_mantissa(b);
        st->n_stop_scale = numeric_scale(b);
        st->n_step = numeric_mantissa(s);
        st->n_step_scale = numeric_scale(s);
        if (st->n_step == 0) return step_zero(op);
        return 0;
    }
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        if (nargs != 3)
            return ERR(op->es->err, SQLSTATE_UNDEFINED_FUNCTION,
                       "function generate_series(timestamp, timestamp) does not exist");
        st->t_cur = args[0].u.i64;
        st->t_stop = args[1].u.i64;
        st->t_step = args[2].u.iv;
        /* interval_cmp against zero: months count 30 days. */
        __int128 span = (__int128)st->t_step.months * 30 * USECS_PER_DAY +
                        (__int128)st->t_step.days * USECS_PER_DAY + st->t_step.micros;
        if (span == 0) return step_zero(op);
        st->t_dir = span > 0 ? 1 : -1;
        if (st->type == TYPE_TIMESTAMPTZ && op->es->settings) st->tz = op->es->settings;
        return 0;
    }
    default:
        return ERR(op->es->err, SQLSTATE_UNDEFINED_FUNCTION,
                   "function generate_series(%s) does not exist", type_info(st->type)->name);
    }
}

static int function_scan_open(Operator *op)
{
    return setup(op);
}

static int function_scan_next(Operator *op, Chunk **out)
{
    FuncScanState *st = op->state;
    *out = NULL;
    if (st->done) return 0;
    if (exec_check_interrupts(op->es) != 0) return -1;
    Chunk *c = chunk_create(op->chunk_arena, 1, op->plan->types);
    uint32_t n = 0;
    if (op->plan->u.func_scan.func == FUNCSCAN_UNNEST) {
        while (n < VECTOR_SIZE && st->next_elem < st->nelems) {
            uint32_t i = st->next_elem++;
            if (st->elem_null[i])
                vector_set_null(&c->cols[0], n, op->chunk_arena);
            else
                ((StrView *)c->cols[0].data)[n] = st->elems[i];
            n++;
        }
        if (st->next_elem == st->nelems) st->done = true;
        if (n == 0) return 0;
        c->count = n;
        *out = c;
        return 0;
    }
    switch (st->type) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8: {
        int64_t lo =
            st->type == TYPE_INT8 ? INT64_MIN : (st->type == TYPE_INT4 ? INT32_MIN : INT16_MIN);
        int64_t hi =
            st->type == TYPE_INT8 ? INT64_MAX : (st->type == TYPE_INT4 ? INT32_MAX : INT16_MAX);
        while (n < VECTOR_SIZE) {
            if (st->i_step > 0 ? st->i_cur > st->i_stop : st->i_cur < st->i_stop) {
                st->done = true;
                break;
            }
            if (st->type == TYPE_INT8)
                ((int64_t *)c->cols[0].data)[n++] = st->i_cur;
            else if (st->type == TYPE_INT4)
                ((int32_t *)c->cols[0].data)[n++] = (int32_t)st->i_cur;
            else
                ((int16_t *)c->cols[0].data)[n++] = (int16_t)st->i_cur;
            int64_t nx;
            if (__builtin_add_overflow(st->i_cur, st->i_step, &nx) || nx < lo || nx > hi) {
                st->done = true;
                break;
            }
            st->i_cur = nx;
        }
        break;
    }
    case TYPE_NUMERIC: {
        while (n < VECTOR_SIZE) {
            int c1 = num_cmp(st->n_cur, st->n_cur_scale, st->n_stop, st->n_stop_scale);
            if (st->n_step > 0 ? c1 > 0 : c1 < 0) {
                st->done = true;
                break;
            }
            ((OmNumeric *)c->cols[0].data)[n++] = numeric_make(st->n_cur, st->n_cur_scale);
            __int128 a = st->n_cur, b = st->n_step;
            int s = st->n_cur_scale > st->n_step_scale ? st->n_cur_scale : st->n_step_scale;
            if (!numeric_mul_pow10(&a, s - st->n_cur_scale) ||
                !numeric_mul_pow10(&b, s - st->n_step_scale) || __builtin_add_overflow(a, b, &a)) {
                st->done = true;
                break;
            }
            st->n_cur = a;
            st->n_cur_scale = s;
        }
        break;
    }
    default: {
        while (n < VECTOR_SIZE) {
            if (st->t_dir > 0 ? st->t_cur > st->t_stop : st->t_cur < st->t_stop) {
                st->done = true;
                break;
            }
            ((int64_t *)c->cols[0].data)[n++] = st->t_cur;
            int64_t nx;
            if (!ts_add(st->t_cur, st->t_step, st->tz, &nx) || nx == st->t_cur) {
                st->done = true;
                break;
            }
            st->t_cur = nx;
        }
        break;
    }
    }
    if (n == 0) return 0;
    c->count = n;
    *out = c;
    return 0;
}

static int function_scan_rescan(Operator *op)
{
    return setup(op);
}

static const OperatorVTable function_scan_vt = {function_scan_open, function_scan_next,
                                                function_scan_rescan, NULL};

Operator *op_function_scan_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &function_scan_vt);
    op->state = ARENA_NEW(op->arena, FuncScanState);
    return op;
}
