/*
 * func_cast.c — the cast catalog (PostgreSQL's pg_cast with its contexts:
 * implicit 'i', assignment 'a', explicit 'e') and the cast kernels.
 *
 * Rounding as PostgreSQL: float -> integer rounds half to even (rint),
 * numeric -> integer rounds half away from zero, float -> numeric goes
 * through 15 (float8) or 6 (float4) significant digits. Range errors carry the
 * target's message ("integer out of range"). Conversions to and from strings
 * without a dedicated cast use the types' text I/O (func_cast_io_kernel),
 * which also implements bpchar -> text trimming and bool -> text 'true'.
 *
 * A conversion kernel honours the target typmod in call->type with
 * assignment semantics; cast_wrap() instead converts to the bare type and adds
 * a separate length-coercion node (FUNC_LENGTH_COERCE), whose explicit flavour
 * truncates strings as an explicit cast must.
 */
#include <math.h>
#include <stdlib.h>

#include "catalog/type_io.h"
#include "exec/func_int.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("O3")
#endif

static inline void *slot_ptr(Vector *v, uint32_t row)
{
    return (char *)v->data + (size_t)row * type_info(v->type.id)->width;
}

static bool is_str(TypeId t)
{
    return type_is_string(t) || t == TYPE_NULL;
}

/* Stores a string result applying the target typmod (assignment semantics or
 * explicit truncation) and bpchar padding. */
static int store_string(Vector *out, uint32_t row, OmType type, const StrView *src_view,
                        const char *s, size_t len, bool explicit_cast, EvalCtx *ctx)
{
    size_t n = len, pad = 0;
    if (type.typmod >= 4 && om_string_typmod(type, s, len, explicit_cast, &n, &pad, ctx->err) != 0)
        return -1;
    if (type.id == TYPE_NAME && n > 63) {
        n = 63;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    if (type.id == TYPE_CHAR && n > 1) n = 1;
    StrView *dst = (StrView *)out->data + row;
    if (pad == 0) {
        if (src_view && n == src_view->len)
            *dst = *src_view;
        else if (src_view)
            *dst = strview_make(s, (uint32_t)n); /* prefix of live bytes */
        else
            *dst = vector_add_string(out, s, (uint32_t)n);
        return 0;
    }
    char *buf = arena_alloc(out->heap, n + pad);
    memcpy(buf, s, n);
    memset(buf + n, ' ', pad);
    *dst = strview_make(buf, (uint32_t)(n + pad));
    return 0;
}

int func_cast_io_kernel(KERNEL_ARGS)
{
    OmType src = call->args[0]->type;
    OmType dst = call->type;
    Vector *a = args[0];
    const SessionSettings *st = ctx->settings;
    bool src_str = is_str(src.id) || is_str(a->type.id);
    bool dst_str = is_str(dst.id);
    StrBuf sb;
    strbuf_init(&sb, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const void *payload =
            (const char *)a->data + (size_t)arg_slot(a, row) * type_info(a->type.id)->width;
        const char *text;
        size_t len;
        const StrView *view = NULL;
        if (src_str) {
            view = payload;
            text = strview_data(view);
            len = view->len;
            if (src.id == TYPE_BPCHAR && dst_str && dst.id != TYPE_BPCHAR) {
                while (len > 0 && text[len - 1] == ' ') len--;
            }
        } else {
            strbuf_reset(&sb);
            if (src.id == TYPE_BOOL && dst_str)
                strbuf_puts(&sb, *(const uint8_t *)payload ? "true" : "false");
            else
                type_text_out(a->type, payload, st, &sb);
            text = sb.data ? sb.data : "";
            len = sb.len;
        }
        if (dst_str) {
            if (store_string(out, row, dst, view, text, len, false, ctx) != 0) {
                rc = -1;
                break;
            }
        } else {
            OmType in_type = dst;
            if (type_text_in(in_type, text, len, st, out->heap, slot_ptr(out, row), ctx->err) !=
                0) {
                rc = -1;
                break;
            }
        }
    }
    strbuf_fini(&sb);
    return rc;
}

int func_cast_to_text_kernel(KERNEL_ARGS)
{
    return func_cast_io_kernel(call, args, sel, count, out, ctx);
}

int func_cast_from_text_kernel(KERNEL_ARGS)
{
    return func_cast_io_kernel(call, args, sel, count, out, ctx);
}

/* ---- numeric conversions ---- */

static inline int widen_i2i4(int16_t x, int32_t *r)
{
    *r = x;
    return 0;
}
static inline int widen_i2i8(int16_t x, int64_t *r)
{
    *r = x;
    return 0;
}
static inline int widen_i4i8(int32_t x, int64_t *r)
{
    *r = x;
    return 0;
}
static inline int narrow_i4i2(int32_t x, int16_t *r)
{
    *r = (int16_t)x;
    return x != *r;
}
static inline int narrow_i8i2(int64_t x, int16_t *r)
{
    *r = (int16_t)x;
    return x != *r;
}
static inline int narrow_i8i4(int64_t x, int32_t *r)
{
    *r = (int32_t)x;
    return x != *r;
}
DEF_UNARY(k_i2_i4, int16_t, int32_t, widen_i2i4, "")
DEF_UNARY(k_i2_i8, int16_t, int64_t, widen_i2i8, "")
DEF_UNARY(k_i4_i8, int32_t, int64_t, widen_i4i8, "")
DEF_UNARY(k_i4_i2, int32_t, int16_t, narrow_i4i2, "smallint out of range")
DEF_UNARY(k_i8_i2, int64_t, int16_t, narrow_i8i2, "smallint out of range")
DEF_UNARY(k_i8_i4, int64_t, int32_t, narrow_i8i4, "integer out of range")

#define INT_TO_FLOAT(NAME, TA, TR)                                                                 \
    static inline int NAME##_op(TA x, TR *r)                                                       \
    {                                                                                              \
        *r = (TR)x;                                                                                \
        return 0;                                                                                  \
    }                                                                                              \
    DEF_UNARY(NAME, TA, TR, NAME##_op, "")
INT_TO_FLOAT(k_i2_f4, int16_t, float)
INT_TO_FLOAT(k_i4_f4, int32_t, float)
INT_TO_FLOAT(k_i8_f4, int64_t, float)
INT_TO_FLOAT(k_i2_f8, int16_t, double)
INT_TO_FLOAT(k_i4_f8, int32_t, double)
INT_TO_FLOAT(k_i8_f8, int64_t, double)
INT_TO_FLOAT(k_f4_f8, float, double)
INT_TO_FLOAT(k_bool_i4, uint8_t, int32_t)
INT_TO_FLOAT(k_oid_i8, int64_t, int64_t)
INT_TO_FLOAT(k_i4_oid, int32_t, int64_t)

static inline int i4_bool_op(int32_t x, uint8_t *r)
{
    *r = x != 0;
    return 0;
}
DEF_UNARY(k_i4_bool, int32_t, uint8_t, i4_bool_op, "")
static inline int oid_i4_op(int64_t x, int32_t *r)
{
    *r = (int32_t)(uint32_t)x;
    return 0;
}
DEF_UNARY(k_oid_i4, int64_t, int32_t, oid_i4_op, "")
static inline int i8_oid_op(int64_t x, int64_t *r)
{
    *r = x;
    return x < 0 || x > (int64_t)UINT32_MAX;
}
DEF_UNARY(k_i8_oid, int64_t, int64_t, i8_oid_op, "OID out of range")

static inline int f8_f4_op(double x, float *r)
{
    *r = (float)x;
    if (isinf(*r) && !isinf(x)) return FERR_RANGE;
    if (*r == 0 && x != 0) return FERR_UNDERFLOW;
    return 0;
}
DEF_UNARY(k_f8_f4, double, float, f8_f4_op, "value out of range: overflow")

#define FLOAT_TO_INT(NAME, TA, TR, LO, HI)                                                         \
    static inline int NAME##_op(TA x, TR *r)                                                       \
    {                                                                                              \
        double d = rint((double)x);                                                                \
        if (isnan(d) || !(d >= (LO) && d < (HI))) {                                                \
            *r = 0;                                                                                \
            return FERR_RANGE;                                                                     \
        }                                                                                          \
        *r = (TR)d;                                                                                \
        return 0;                                                                                  \
    }
FLOAT_TO_INT(k_f4_i2, float, int16_t, -32768.0, 32768.0)
FLOAT_TO_INT(k_f8_i2, double, int16_t, -32768.0, 32768.0)
FLOAT_TO_INT(k_f4_i4, float, int32_t, -2147483648.0, 2147483648.0)
FLOAT_TO_INT(k_f8_i4, double, int32_t, -2147483648.0, 2147483648.0)
FLOAT_TO_INT(k_f4_i8, float, int64_t, -9223372036854775808.0, 9223372036854775808.0)
FLOAT_TO_INT(k_f8_i8, double, int64_t, -9223372036854775808.0, 9223372036854775808.0)
DEF_UNARY(k_f4_i2, float, int16_t, k_f4_i2_op, "smallint out of range")
DEF_UNARY(k_f8_i2, double, int16_t, k_f8_i2_op, "smallint out of range")
DEF_UNARY(k_f4_i4, float, int32_t, k_f4_i4_op, "integer out of range")
DEF_UNARY(k_f8_i4, double, int32_t, k_f8_i4_op, "integer out of range")
DEF_UNARY(k_f4_i8, float, int64_t, k_f4_i8_op, "bigint out of range")
DEF_UNARY(k_f8_i8, double, int64_t, k_f8_i8_op, "bigint out of range")

/* Applies the numeric typmod of the call's type to out rows. */
static int numeric_typmod_rows(const Expr *call, const uint16_t *sel, uint32_t count, Vector *out,
                               EvalCtx *ctx)
{
    if (call->type.typmod < 4) return 0;
    OmNumeric *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        if (numeric_apply_typmod(r[row], call->type.typmod, &r[row], ctx->err) != 0) return -1;
    }
    return 0;
}

#define INT_TO_NUM(NAME, TA)                                                                       \
    static inline int NAME##_op(TA x, OmNumeric *r)                                                \
    {                                                                                              \
        *r = numeric_from_int64((int64_t)x);                                                       \
        return 0;                                                                                  \
    }                                                                                              \
    DEF_UNARY(NAME##_raw, TA, OmNumeric, NAME##_op, "")                                            \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        if (NAME##_raw(call, args, sel, count, out, ctx) != 0) return -1;                          \
        return numeric_typmod_rows(call, sel, count, out, ctx);                                    \
    }
INT_TO_NUM(k_i2_num, int16_t)
INT_TO_NUM(k_i4_num, int32_t)
INT_TO_NUM(k_i8_num, int64_t)

/* NaN and +-Infinity become numeric NaN and +-Infinity (PostgreSQL 14+). */
static inline int f8_num_op(double x, OmNumeric *r)
{
    return numeric_from_double(x, 15, r) ? FERR_RANGE : 0;
}
static inline int f4_num_op(float x, OmNumeric *r)
{
    return numeric_from_double((double)x, 6, r) ? FERR_RANGE : 0;
}

static int float_num_err(EvalCtx *ctx, int code)
{
    return func_raise(ctx, code, "value overflows numeric format");
}

#define FLOAT_TO_NUM(NAME, TA, OPFN)                                                               \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        OmNumeric *r = out->data;                                                                  \
        FOR_EACH_ROW(row)                                                                          \
        {                                                                                          \
            if (!row_valid(out, row)) continue;                                                    \
            int c = OPFN(ARG(TA, 0, row), &r[row]);                                                \
            if (c) return float_num_err(ctx, c);                                                   \
        }                                                                                          \
        return numeric_typmod_rows(call, sel, count, out, ctx);                                    \
    }
FLOAT_TO_NUM(k_f8_num, double, f8_num_op)
FLOAT_TO_NUM(k_f4_num, float, f4_num_op)

static inline int num_f8_op(OmNumeric x, double *r)
{
    *r = numeric_to_double(x);
    return 0;
}
static inline int num_f4_op(OmNumeric x, float *r)
{
    *r = (float)numeric_to_double(x);
    return 0;
}
DEF_UNARY(k_num_f8, OmNumeric, double, num_f8_op, "")
DEF_UNARY(k_num_f4, OmNumeric, float, num_f4_op, "")

/* NaN and +-Infinity are 0A000 "cannot convert NaN/infinity to <type>", as in
 * PostgreSQL; the per-row loop reports them (FERR_OTHER) before range errors. */
#define NUM_TO_INT(NAME, TR, LO, HI, MSG, TNAME)                                                   \
    static inline int NAME##_op(OmNumeric x, TR *r)                                                \
    {                                                                                              \
        int64_t v;                                                                                 \
        if (numeric_to_int64(x, &v) != 0 || v < (LO) || v > (HI)) {                                \
            *r = 0;                                                                                \
            return numeric_is_special(x) ? FERR_OTHER : FERR_RANGE;                                \
        }                                                                                          \
        *r = (TR)v;                                                                                \
        return 0;                                                                                  \
    }                                                                                              \
    DEF_UNARY(NAME##_raw, OmNumeric, TR, NAME##_op, MSG)                                           \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        if (NAME##_raw(call, args, sel, count, out, ctx) == 0) return 0;                           \
        return num_int_special_err(args, sel, count, out, ctx, TNAME, LO, HI);                     \
    }
/* After a failed numeric -> integer kernel: if the first failing row was NaN or
 * infinite, replace the range error by PostgreSQL's 0A000. */
static int num_int_special_err(Vector **args, const uint16_t *sel, uint32_t count, Vector *out,
                               EvalCtx *ctx, const char *tname, int64_t lo, int64_t hi)
{
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        OmNumeric x = ARG(OmNumeric, 0, row);
        if (numeric_is_special(x)) error_clear(ctx->err);
        if (numeric_is_nan(x))
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot convert NaN to %s", tname);
        if (numeric_is_special(x))
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot convert infinity to %s",
                       tname);
        int64_t v;
        if (numeric_to_int64(x, &v) != 0 || v < lo || v > hi) break;
    }
    return -1; /* the range error the kernel set stands */
}
NUM_TO_INT(k_num_i2, int16_t, INT16_MIN, INT16_MAX, "smallint out of range", "smallint")
NUM_TO_INT(k_num_i4, int32_t, INT32_MIN, INT32_MAX, "integer out of range", "integer")
NUM_TO_INT(k_num_i8, int64_t, INT64_MIN, INT64_MAX, "bigint out of range", "bigint")

/* ---- datetime conversions ---- */

/* The session's offset at a UTC instant / of a local time, in microseconds. */
static int64_t off_utc(EvalCtx *ctx, int64_t t)
{
    return (int64_t)settings_tz_offset_utc(ctx->settings, t) * USECS_PER_SEC;
}

static int64_t off_local(EvalCtx *ctx, int64_t t)
{
    return (int64_t)settings_tz_offset_local(ctx->settings, t) * USECS_PER_SEC;
}

static int date_to_ts(int32_t d, int64_t *out)
{
    if (d == DATE_NEG_INFINITY)
        *out = TS_NEG_INFINITY;
    else if (d == DATE_POS_INFINITY)
        *out = TS_POS_INFINITY;
    else {
        /* timestamps end in 294276 AD: days beyond are out of range */
        if (d >= 106741034 || d < -2451545) return -1;
        *out = (int64_t)d * USECS_PER_DAY;
    }
    return 0;
}

static int32_t ts_to_date(int64_t t)
{
    if (t == TS_NEG_INFINITY) return DATE_NEG_INFINITY;
    if (t == TS_POS_INFINITY) return DATE_POS_INFINITY;
    int64_t d = t / USECS_PER_DAY;
    if (t % USECS_PER_DAY < 0) d--;
    return (int32_t)d;
}

static int k_date_ts(KERNEL_ARGS)
{
    int64_t *r = out->data;
    bool tz = call->type.id == TYPE_TIMESTAMPTZ;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        if (date_to_ts(ARG(int32_t, 0, row), &r[row]) != 0)
            return ERR(ctx->err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                       "date out of range for timestamp");
        if (tz && r[row] != TS_NEG_INFINITY && r[row] != TS_POS_INFINITY)
            r[row] -= off_local(ctx, r[row]);
    }
    return 0;
}

static int k_ts_date(KERNEL_ARGS)
{
    int32_t *r = out->data;
    bool tz = call->args[0]->type.id == TYPE_TIMESTAMPTZ;
    FOR_EACH_ROW(row)
    {
        int64_t t = ARG(int64_t, 0, row);
        if (tz && t != TS_NEG_INFINITY && t != TS_POS_INFINITY) t += off_utc(ctx, t);
        r[row] = ts_to_date(t);
    }
    return 0;
}

static int k_ts_tstz(KERNEL_ARGS)
{
    int64_t *r = out->data;
    bool to_local = call->type.id == TYPE_TIMESTAMP; /* timestamptz -> timestamp */
    FOR_EACH_ROW(row)
    {
        int64_t t = ARG(int64_t, 0, row);
        r[row] = (t == TS_NEG_INFINITY || t == TS_POS_INFINITY) ? t
                 : to_local                                     ? t + off_utc(ctx, t)
                                                                : t - off_local(ctx, t);
    }
    return 0;
}

static int k_ts_time(KERNEL_ARGS)
{
    int64_t *r = out->data;
    bool tz = call->args[0]->type.id == TYPE_TIMESTAMPTZ;
    FOR_EACH_ROW(row)
    {
        int64_t t = ARG(int64_t, 0, row);
        if (tz) t += off_utc(ctx, t);
        int64_t m = t % USECS_PER_DAY;
        if (m < 0) m += USECS_PER_DAY;
        r[row] = m;
    }
    return 0;
}

static int k_time_interval(KERNEL_ARGS)
{
    OmInterval *r = out->data;
    FOR_EACH_ROW(row)
    {
        r[row].months = 0;
        r[row].days = 0;
        r[row].micros = ARG(int64_t, 0, row);
    }
    return 0;
}

static int k_interval_time(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        int64_t t = ARG(OmInterval, 0, row).micros % USECS_PER_DAY;
        if (t < 0) t += USECS_PER_DAY;
        r[row] = t;
    }
    return 0;
}

/* ---- string <-> string and length coercion ---- */

static int string_rows(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                       Vector *out, EvalCtx *ctx, bool explicit_cast)
{
    OmType dst = call->type;
    bool trim = call->args[0]->type.id == TYPE_BPCHAR && dst.id != TYPE_BPCHAR;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        const char *s = strview_data(v);
        size_t len = v->len;
        if (trim)
            while (len > 0 && s[len - 1] == ' ') len--;
        if (store_string(out, row, dst, v, s, len, explicit_cast, ctx) != 0) return -1;
    }
    return 0;
}

static int k_str_str(KERNEL_ARGS)
{
    return string_rows(call, args, sel, count, out, ctx, false);
}

static int k_len_str(KERNEL_ARGS)
{
    return string_rows(call, args, sel, count, out, ctx, false);
}

static int k_len_str_explicit(KERNEL_ARGS)
{
    return string_rows(call, args, sel, count, out, ctx, true);
}

static int k_len_numeric(KERNEL_ARGS)
{
    OmNumeric *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        r[row] = ARG(OmNumeric, 0, row);
    }
    return numeric_typmod_rows(call, sel, count, out, ctx);
}

static int k_len_ts(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        int64_t t = ARG(int64_t, 0, row);
        r[row] = (t == TS_NEG_INFINITY || t == TS_POS_INFINITY)
                     ? t
                     : om_round_micros(t, call->type.typmod);
    }
    return 0;
}

static int k_len_interval(KERNEL_ARGS)
{
    OmInterval *r = out->data;
    FOR_EACH_ROW(row)
    {
        r[row] = ARG(OmInterval, 0, row);
        om_interval_apply_typmod(&r[row], call->type.typmod);
    }
    return 0;
}

/* ---- table ---- */

#define CI  (FUNC_STRICT | FUNC_IS_CAST | FUNC_IMPLICIT_CAST)
#define CA  (FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST)
#define CE  (FUNC_STRICT | FUNC_IS_CAST)
#define CL  (FUNC_STRICT | FUNC_IS_CAST | FUNC_IMPLICIT_CAST | FUNC_LENGTH_COERCE)
#define CLE (FUNC_STRICT | FUNC_IS_CAST | FUNC_LENGTH_COERCE | FUNC_EXPLICIT_LEN)
#define CAST(to_name, from, to, flags, k, oid)                                                     \
    {                                                                                              \
        to_name, 1, {from}, to, flags, k, oid                                                      \
    }

const FuncDef func_cast_defs[] = {
    CAST("int4", TYPE_INT2, TYPE_INT4, CI, k_i2_i4, 12000),
    CAST("int8", TYPE_INT2, TYPE_INT8, CI, k_i2_i8, 12001),
    CAST("int8", TYPE_INT4, TYPE_INT8, CI, k_i4_i8, 12002),
    CAST("int2", TYPE_INT4, TYPE_INT2, CA, k_i4_i2, 12003),
    CAST("int2", TYPE_INT8, TYPE_INT2, CA, k_i8_i2, 12004),
    CAST("int4", TYPE_INT8, TYPE_INT4, CA, k_i8_i4, 12005),
    CAST("float4", TYPE_INT2, TYPE_FLOAT4, CI, k_i2_f4, 12010),
    CAST("float4", TYPE_INT4, TYPE_FLOAT4, CI, k_i4_f4, 12011),
    CAST("float4", TYPE_INT8, TYPE_FLOAT4, CI, k_i8_f4, 12012),
    CAST("float8", TYPE_INT2, TYPE_FLOAT8, CI, k_i2_f8, 12013),
    CAST("float8", TYPE_INT4, TYPE_FLOAT8, CI, k_i4_f8, 12014),
    CAST("float8", TYPE_INT8, TYPE_FLOAT8, CI, k_i8_f8, 12015),
    CAST("float8", TYPE_FLOAT4, TYPE_FLOAT8, CI, k_f4_f8, 12016),
    CAST("float4", TYPE_FLOAT8, TYPE_FLOAT4, CA, k_f8_f4, 12017),
    CAST("int2", TYPE_FLOAT4, TYPE_INT2, CA, k_f4_i2, 12020),
    CAST("int4", TYPE_FLOAT4, TYPE_INT4, CA, k_f4_i4, 12021),
    CAST("int8", TYPE_FLOAT4, TYPE_INT8, CA, k_f4_i8, 12022),
    CAST("int2", TYPE_FLOAT8, TYPE_INT2, CA, k_f8_i2, 12023),
    CAST("int4", TYPE_FLOAT8, TYPE_INT4, CA, k_f8_i4, 12024),
    CAST("int8", TYPE_FLOAT8, TYPE_INT8, CA, k_f8_i8, 12025),
    CAST("numeric", TYPE_INT2, TYPE_NUMERIC, CI, k_i2_num, 12030),
    CAST("numeric", TYPE_INT4, TYPE_NUMERIC, CI, k_i4_num, 12031),
    CAST("numeric", TYPE_INT8, TYPE_NUMERIC, CI, k_i8_num, 12032),
    CAST("numeric", TYPE_FLOAT4, TYPE_NUMERIC, CA, k_f4_num, 12033),
    CAST("numeric", TYPE_FLOAT8, TYPE_NUMERIC, CA, k_f8_num, 12034),
    CAST("float4", TYPE_NUMERIC, TYPE_FLOAT4, CI, k_num_f4, 12035),
    CAST("float8", TYPE_NUMERIC, TYPE_FLOAT8, CI, k_num_f8, 12036),
    CAST("int2", TYPE_NUMERIC, TYPE_INT2, CA, k_num_i2, 12037),
    CAST("int4", TYPE_NUMERIC, TYPE_INT4, CA, k_num_i4, 12038),
    CAST("int8", TYPE_NUMERIC, TYPE_INT8, CA, k_num_i8, 12039),
    CAST("int4", TYPE_BOOL, TYPE_INT4, CE, k_bool_i4, 12040),
    CAST("bool", TYPE_INT4, TYPE_BOOL, CE, k_i4_bool, 12041),
    CAST("oid", TYPE_INT4, TYPE_OID, CI, k_i4_oid, 12050),
    CAST("oid", TYPE_INT8, TYPE_OID, CI, k_i8_oid, 12051),
    CAST("int4", TYPE_OID, TYPE_INT4, CA, k_oid_i4, 12052),
    CAST("int8", TYPE_OID, TYPE_INT8, CA, k_oid_i8, 12053),
    CAST("regclass", TYPE_OID, TYPE_REGCLASS, CI, k_oid_i8, 12054),
    CAST("oid", TYPE_REGCLASS, TYPE_OID, CI, k_oid_i8, 12055),
    CAST("regtype", TYPE_OID, TYPE_REGTYPE, CI, k_oid_i8, 12056),
    CAST("oid", TYPE_REGTYPE, TYPE_OID, CI, k_oid_i8, 12057),
    CAST("regclass", TYPE_INT4, TYPE_REGCLASS, CI, k_i4_oid, 12058),
    CAST("regtype", TYPE_INT4, TYPE_REGTYPE, CI, k_i4_oid, 12059),
    CAST("regproc", TYPE_OID, TYPE_REGPROC, CI, k_oid_i8, 12063),
    CAST("oid", TYPE_REGPROC, TYPE_OID, CI, k_oid_i8, 12064),
    CAST("regproc", TYPE_INT4, TYPE_REGPROC, CI, k_i4_oid, 12065),
    CAST("regproc", TYPE_INT8, TYPE_REGPROC, CI, k_i8_oid, 12066),
    CAST("int4", TYPE_REGPROC, TYPE_INT4, CA, k_oid_i4, 12067),
    CAST("int8", TYPE_REGPROC, TYPE_INT8, CA, k_oid_i8, 12068),
    CAST("regclass", TYPE_INT8, TYPE_REGCLASS, CI, k_i8_oid, 12060),
    CAST("int8", TYPE_REGCLASS, TYPE_INT8, CA, k_oid_i8, 12061),
    CAST("int4", TYPE_REGCLASS, TYPE_INT4, CA, k_oid_i4, 12062),
    CAST("text", TYPE_VARCHAR, TYPE_TEXT, CI, k_str_str, 12070),
    CAST("varchar", TYPE_TEXT, TYPE_VARCHAR, CI, k_str_str, 12071),
    CAST("bpchar", TYPE_TEXT, TYPE_BPCHAR, CI, k_str_str, 12072),
    CAST("bpchar", TYPE_VARCHAR, TYPE_BPCHAR, CI, k_str_str, 12073),
    CAST("text", TYPE_BPCHAR, TYPE_TEXT, CI, k_str_str, 12074),
    CAST("varchar", TYPE_BPCHAR, TYPE_VARCHAR, CI, k_str_str, 12075),
    CAST("text", TYPE_NAME, TYPE_TEXT, CI, k_str_str, 12076),
    CAST("name", TYPE_TEXT, TYPE_NAME, CI, k_str_str, 12077),
    CAST("name", TYPE_VARCHAR, TYPE_NAME, CI, k_str_str, 12078),
    CAST("name", TYPE_BPCHAR, TYPE_NAME, CA, k_str_str, 12079),
    CAST("varchar", TYPE_NAME, TYPE_VARCHAR, CA, k_str_str, 12080),
    CAST("bpchar", TYPE_NAME, TYPE_BPCHAR, CA, k_str_str, 12081),
    CAST("text", TYPE_CHAR, TYPE_TEXT, CI, k_str_str, 12082),
    CAST("char", TYPE_TEXT, TYPE_CHAR, CA, k_str_str, 12083),
    CAST("varchar", TYPE_CHAR, TYPE_VARCHAR, CA, k_str_str, 12084),
    CAST("bpchar", TYPE_CHAR, TYPE_BPCHAR, CA, k_str_str, 12085),
    CAST("char", TYPE_VARCHAR, TYPE_CHAR, CA, k_str_str, 12086),
    CAST("char", TYPE_BPCHAR, TYPE_CHAR, CA, k_str_str, 12087),
    CAST("timestamp", TYPE_DATE, TYPE_TIMESTAMP, CI, k_date_ts, 12090),
    CAST("timestamptz", TYPE_DATE, TYPE_TIMESTAMPTZ, CI, k_date_ts, 12091),
    CAST("timestamptz", TYPE_TIMESTAMP, TYPE_TIMESTAMPTZ, CI, k_ts_tstz, 12092),
    CAST("timestamp", TYPE_TIMESTAMPTZ, TYPE_TIMESTAMP, CA, k_ts_tstz, 12093),
    CAST("date", TYPE_TIMESTAMP, TYPE_DATE, CA, k_ts_date, 12094),
    CAST("date", TYPE_TIMESTAMPTZ, TYPE_DATE, CA, k_ts_date, 12095),
    CAST("time", TYPE_TIMESTAMP, TYPE_TIME, CA, k_ts_time, 12096),
    CAST("time", TYPE_TIMESTAMPTZ, TYPE_TIME, CA, k_ts_time, 12097),
    CAST("interval", TYPE_TIME, TYPE_INTERVAL, CI, k_time_interval, 12098),
    CAST("time", TYPE_INTERVAL, TYPE_TIME, CA, k_interval_time, 12099),
    /* length coercions: implicit/assignment flavour first */
    CAST("varchar", TYPE_VARCHAR, TYPE_VARCHAR, CL, k_len_str, 12100),
    CAST("varchar", TYPE_VARCHAR, TYPE_VARCHAR, CLE, k_len_str_explicit, 12101),
    CAST("bpchar", TYPE_BPCHAR, TYPE_BPCHAR, CL, k_len_str, 12102),
    CAST("bpchar", TYPE_BPCHAR, TYPE_BPCHAR, CLE, k_len_str_explicit, 12103),
    CAST("numeric", TYPE_NUMERIC, TYPE_NUMERIC, CL, k_len_numeric, 12104),
    CAST("timestamp", TYPE_TIMESTAMP, TYPE_TIMESTAMP, CL, k_len_ts, 12105),
    CAST("timestamptz", TYPE_TIMESTAMPTZ, TYPE_TIMESTAMPTZ, CL, k_len_ts, 12106),
    CAST("time", TYPE_TIME, TYPE_TIME, CL, k_len_ts, 12107),
    CAST("interval", TYPE_INTERVAL, TYPE_INTERVAL, CL, k_len_interval, 12108),
};
const int func_cast_ndefs = sizeof(func_cast_defs) / sizeof(func_cast_defs[0]);
