/*
 * type_io_int.h — helpers shared by the type I/O files and the scalar
 * function kernels (exec/func_*.c): the numeric core (scaled 128-bit
 * decimals), float formatting, and calendar arithmetic.
 *
 * Numeric invariants: value = mantissa / 10^scale, 0 <= scale <= 255,
 * |mantissa| < 10^36. Every operation that would leave that range returns -1
 * (the caller raises 22003 "value overflows numeric format").
 */
#ifndef OMENDB_CATALOG_TYPE_IO_INT_H
#define OMENDB_CATALOG_TYPE_IO_INT_H

#include "catalog/session_settings.h"
#include "catalog/types.h"
#include "common/error.h"
#include "common/strbuf.h"

/* A member of an array or record literal (type_io.c): `text` as is, or in
 * double quotes when `force` is set or it holds a character of `specials` or
 * white space; inside the quotes a quote or backslash is preceded by
 * `escape` (array_out: a backslash) or, when escape is 0, doubled
 * (record_out). */
void om_put_quoted_member(StrBuf *out, const char *text, size_t len, bool force,
                          const char *specials, char escape);

/* ---- arrays (type_io_array.c) ---- */
void om_array_text_out(OmType type, const StrView *s, const SessionSettings *settings, StrBuf *out);
/* The array's bytes are allocated in `heap`. */
int om_array_text_in(OmType type, const char *text, size_t len, const SessionSettings *settings,
                     Arena *heap, StrView *out, OmError *err);

/* json / jsonb text input (type_io.c): json keeps the text, jsonb its
 * canonical form; the bytes are allocated in `heap`. */
int om_json_text_in(TypeId type, const char *text, size_t len, Arena *heap, StrView *out,
                    OmError *err);

/* ---- numeric ---- */
#define NUMERIC_MANT_LIMIT_DIGITS 36
extern const unsigned __int128 om_pow10_u128[39];
/* *v *= 10^n for n >= 0; false (*v unchanged) when the product does not fit
 * in 128 bits. Zero scales to zero at any n. */
bool numeric_mul_pow10(__int128 *v, int n);
/* Number of decimal digits of v (1 for 0). */
int om_u128_digits(unsigned __int128 v);
/* Rounds (half away from zero) or extends `in` to `scale`. -1 on overflow. */
int numeric_rescale(OmNumeric in, int scale, OmNumeric *out);
/* Applies numeric(p,s): rounds to s, checks p. Sets 22003 "numeric field overflow". */
int numeric_apply_typmod(OmNumeric in, int32_t typmod, OmNumeric *out, OmError *err);
int numeric_add(OmNumeric a, OmNumeric b, OmNumeric *out);
int numeric_sub(OmNumeric a, OmNumeric b, OmNumeric *out);
int numeric_mul(OmNumeric a, OmNumeric b, OmNumeric *out);
/* Division with PostgreSQL's select_div_scale result scale. -1 overflow, -2 b = 0. */
int numeric_div(OmNumeric a, OmNumeric b, OmNumeric *out);
/* Division to a given scale (rounded); -1 overflow, -2 b = 0. */
int numeric_div_scale(OmNumeric a, OmNumeric b, int rscale, OmNumeric *out);
/* Square root of a (finite, >= 0) rounded to rscale digits; exact while the
 * work fits 128 bits, else from a double. -1 if the result does not fit. */
int numeric_sqrt_scale(OmNumeric a, int rscale, OmNumeric *out);
/* Truncating integer division (div()) and remainder (mod, %); -2 on b = 0. */
int numeric_mod(OmNumeric a, OmNumeric b, OmNumeric *out);
int numeric_cmp(OmNumeric a, OmNumeric b);
/* Removes trailing fractional zeros (for hashing and scale-insensitive use). */
OmNumeric numeric_normalize(OmNumeric a);
OmNumeric numeric_from_int64(int64_t v);
/* Rounds half away from zero to an integer; -1 if it does not fit int64. */
int numeric_to_int64(OmNumeric a, int64_t *out);
double numeric_to_double(OmNumeric a);
/* float -> numeric as PostgreSQL does (via %.15g / %.6g). -1 NaN/inf/overflow. */
int numeric_from_double(double v, int digits, OmNumeric *out);
/* Parses numeric text ("  -1.5e3 "). Returns 0, -1 syntax, -2 overflow. */
int numeric_parse(const char *s, size_t len, OmNumeric *out);
void numeric_format(OmNumeric a, StrBuf *out);

/* ---- float ---- */
void float8_format(double v, int extra_float_digits, StrBuf *out);
void float4_format(float v, int extra_float_digits, StrBuf *out);

/* ---- integers ---- */
/* Parses an integer with optional surrounding spaces and sign.
 * Returns 0, -1 syntax, -2 out of [min, max]. */
int int_parse(const char *s, size_t len, int64_t min, int64_t max, int64_t *out);

/* ---- strings ---- */
/* Number of UTF-8 characters in s[0..len). */
size_t om_utf8_strlen(const char *s, size_t len);
/* Bytes taken by the first `nchars` characters (or len if shorter). */
size_t om_utf8_prefix_bytes(const char *s, size_t len, size_t nchars);
/* Bytes of the UTF-8 character at s[i] (1 for a stray byte), within len. */
static inline size_t om_utf8_char_bytes(const char *s, size_t i, size_t len)
{
    unsigned char c = (unsigned char)s[i];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    return i + n > len ? len - i : n;
}
/* Applies varchar(n)/char(n) semantics to a string: returns 0 with the possibly
 * truncated (trailing spaces only) length, or -1 and 22001. For bpchar the
 * caller pads to *pad_to characters (0 = no padding). */
int om_string_typmod(OmType type, const char *s, size_t len, bool explicit_cast, size_t *out_len,
                     size_t *pad_to, OmError *err);
/* Rounds a timestamp/time to typmod precision (0..6). */
int64_t om_round_micros(int64_t t, int32_t typmod);

/* ---- calendar ---- */
#define POSTGRES_EPOCH_JDATE 2451545
#define UNIX_EPOCH_JDATE     2440588
typedef struct OmTm {
    int year; /* astronomical: 0 = 1 BC */
    int mon;  /* 1..12 */
    int mday; /* 1..31 */
    int hour, min, sec;
    int32_t usec;
} OmTm;
int om_date2j(int y, int m, int d);
void om_j2date(int jd, int *y, int *m, int *d);
/* 0 = Sunday */
int om_j2day(int jd);
int om_days_in_month(int y, int m);
/* Splits a timestamp (finite) into calendar fields. */
void om_ts2tm(int64_t ts, OmTm *tm);
/* Builds a timestamp; -1 if out of range. */
int om_tm2ts(const OmTm *tm, int64_t *out);
/* Adds an interval to a timestamp as PostgreSQL does (months, then days, then
 * micros). -1 on overflow. */
int om_ts_add_interval(int64_t ts, const OmInterval *iv, int64_t *out);
/* Date output "2024-01-31" / "0044-03-15 BC" into buf. */
void om_format_date(int32_t days, StrBuf *out);
void om_format_time(int64_t micros, StrBuf *out);
void om_format_timestamp(int64_t ts, bool with_tz, int32_t tz_offset_secs, StrBuf *out);
/* The same in DateStyle `style` (DateStyleOut) with DateOrder `order`. */
void om_format_date_style(int32_t days, int style, int order, StrBuf *out);
void om_format_timestamp_style(int64_t ts, bool with_tz, int32_t tz_offset_secs, int style,
                               int order, StrBuf *out);
void om_format_interval(const OmInterval *iv, StrBuf *out);
int om_parse_date(const char *s, size_t len, const SessionSettings *st, int32_t *out, OmError *err);
int om_parse_time(const char *s, size_t len, int64_t *out, OmError *err);
int om_parse_timestamp(const char *s, size_t len, bool with_tz, const SessionSettings *st,
                       int64_t *out, OmError *err);
int om_parse_interval(const char *s, size_t len, OmInterval *out, OmError *err);
/* Interval text as PostgreSQL 15 reads it (type_io_interval.c): the postgres
 * syntax ("1 day 02:00", "3 4:05:06", "1-2", "2 hours ago"), where a bare number
 * counts in the lowest field of `range` (typmod range bits, or
 * INTERVAL_FULL_RANGE), or ISO 8601 from a leading 'P'. */
int om_interval_decode(const char *s, size_t len, int range, OmInterval *out, OmError *err);
/* Parses with the typmod's field range (a bare number counts in the lowest
 * field) and applies it (fields below the range are dropped, seconds rounded
 * to the precision). typmod < 0: as om_parse_interval. */
int om_parse_interval_typmod(const char *s, size_t len, int32_t typmod, OmInterval *out,
                             OmError *err);
/* Applies an interval typmod to a value (the length coercion). */
void om_interval_apply_typmod(OmInterval *iv, int32_t typmod);

#endif
