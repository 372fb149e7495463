/*
 * type_io_interval.c — interval text input with PostgreSQL 15's rules: the
 * postgres syntax ("1 day 02:03:04", "3 4:05:06", "1-2", "@ 2 hours ago") and
 * the ISO 8601 designators ("P1Y2M3DT4H5M6S"). Both add their amounts through
 * one function (iv_add_in_unit).
 *
 * The text is first cut into fields: unsigned numbers ("12", "1.5", ".5"),
 * times ("4:05:06.7"), date-like numbers ("1-2"), signed numbers or times
 * ("-1", "+4:05") and words; white space and other punctuation ('@', ',')
 * only separate fields. The fields are then read from right to left: a word
 * names the unit of the number before it, a bare number takes the unit of
 * the field read just before it (so "1 2 hours" is ambiguous and refused),
 * the rightmost bare number counts in the lowest field of the typmod's range
 * (seconds without one), a time is followed (to its left) by days ("3
 * 4:05:06"), and so are hours. Each unit may be given once ("1 day 2 days" is
 * refused) and a time covers hours, minutes and seconds. "ago" anywhere
 * negates the whole value.
 *
 * Errors, as PostgreSQL 15 reports them:
 *   22007 invalid input syntax: anything the rules above do not accept
 *   22015 interval field value out of range: a number or a sum of one unit
 *         that does not fit (days and months in int32, time in int64 µs)
 *   22008 interval out of range: years and months together beyond int32 months
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/type_io_int.h"

#define SQLSTATE_INTERVAL_FIELD_OVERFLOW "22015"

#define IV_MAX_FIELDS 25  /* as many fields as PostgreSQL keeps */
#define IV_MAX_CHARS  256 /* the field text it keeps, a NUL after each */
#define IV_WORD_MAX   10  /* unit words compare in their first 10 letters */

typedef enum { IVK_NUMBER, IVK_TIME, IVK_DATE, IVK_SIGNED, IVK_WORD } IvKind;

typedef struct IvField {
    IvKind kind;
    bool neg;      /* IVK_SIGNED: the sign was '-' */
    const char *p; /* the text, after the sign for IVK_SIGNED */
    size_t n;
} IvField;

typedef enum {
    IVU_NONE = 0,
    IVU_US,
    IVU_MS,
    IVU_SEC,
    IVU_MIN,
    IVU_HOUR,
    IVU_DAY,
    IVU_WEEK,
    IVU_MONTH,
    IVU_YEAR,
    IVU_DECADE,
    IVU_CENTURY,
    IVU_MILLENNIUM,
    IVU_OTHER, /* a unit word no number can take here (quarter, timezone) */
    IVU_AGO
} IvUnit;

#define IVM(u)       (1u << (u))
#define IVM_ALL_SECS (IVM(IVU_SEC) | IVM(IVU_MS) | IVM(IVU_US))
#define IVM_TIME     (IVM(IVU_HOUR) | IVM(IVU_MIN) | IVM_ALL_SECS)

static const struct {
    const char *word;
    IvUnit unit;
} IV_WORDS[] = {
    {"ago", IVU_AGO},
    {"c", IVU_CENTURY},
    {"cent", IVU_CENTURY},
    {"centuries", IVU_CENTURY},
    {"century", IVU_CENTURY},
    {"d", IVU_DAY},
    {"day", IVU_DAY},
    {"days", IVU_DAY},
    {"dec", IVU_DECADE},
    {"decade", IVU_DECADE},
    {"decades", IVU_DECADE},
    {"decs", IVU_DECADE},
    {"h", IVU_HOUR},
    {"hour", IVU_HOUR},
    {"hours", IVU_HOUR},
    {"hr", IVU_HOUR},
    {"hrs", IVU_HOUR},
    {"m", IVU_MIN},
    {"microsecon", IVU_US},
    {"mil", IVU_MILLENNIUM},
    {"millennia", IVU_MILLENNIUM},
    {"millennium", IVU_MILLENNIUM},
    {"millisecon", IVU_MS},
    {"mils", IVU_MILLENNIUM},
    {"min", IVU_MIN},
    {"mins", IVU_MIN},
    {"minute", IVU_MIN},
    {"minutes", IVU_MIN},
    {"mon", IVU_MONTH},
    {"mons", IVU_MONTH},
    {"month", IVU_MONTH},
    {"months", IVU_MONTH},
    {"ms", IVU_MS},
    {"msec", IVU_MS},
    {"msecond", IVU_MS},
    {"mseconds", IVU_MS},
    {"msecs", IVU_MS},
    {"qtr", IVU_OTHER},
    {"quarter", IVU_OTHER},
    {"s", IVU_SEC},
    {"sec", IVU_SEC},
    {"second", IVU_SEC},
    {"seconds", IVU_SEC},
    {"secs", IVU_SEC},
    {"timezone", IVU_OTHER},
    {"timezone_h", IVU_OTHER},
    {"timezone_m", IVU_OTHER},
    {"us", IVU_US},
    {"usec", IVU_US},
    {"usecond", IVU_US},
    {"useconds", IVU_US},
    {"usecs", IVU_US},
    {"w", IVU_WEEK},
    {"week", IVU_WEEK},
    {"weeks", IVU_WEEK},
    {"y", IVU_YEAR},
    {"year", IVU_YEAR},
    {"years", IVU_YEAR},
    {"yr", IVU_YEAR},
    {"yrs", IVU_YEAR},
};

/* The unit a word names (IVU_NONE: none), lower-cased and cut to 10 letters. */
static IvUnit iv_word_unit(const char *p, size_t n)
{
    char w[IV_WORD_MAX + 1];
    if (n > IV_WORD_MAX) n = IV_WORD_MAX;
    for (size_t i = 0; i < n; i++) w[i] = (char)tolower((unsigned char)p[i]);
    w[n] = '\0';
    for (size_t i = 0; i < sizeof(IV_WORDS) / sizeof(IV_WORDS[0]); i++)
        if (strcmp(w, IV_WORDS[i].word) == 0) return IV_WORDS[i].unit;
    return IVU_NONE;
}

/* A word directly followed by a digit or '+' stays a word only when it is one
 * of the date keywords that are also units here ("1d2h", "1mon2d"); any
 * other is read as a date or zone name, which an interval never holds. */
static bool iv_word_may_touch_number(const char *p, size_t n)
{
    static const char *const keywords[] = {"d", "dec", "h", "m", "mon", "s", "y"};
    for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
        if (strlen(keywords[i]) == n && strncasecmp(p, keywords[i], n) == 0) return true;
    return false;
}

/* Cuts s into fields. -1: not interval syntax. */
static int iv_split(const char *s, size_t len, IvField *f, int *nf)
{
    size_t i = 0, chars = 0;
    *nf = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            i++;
            continue;
        }
        IvField fl = {.kind = IVK_NUMBER, .neg = false, .p = s + i, .n = 0};
        size_t start = i;
        if (isdigit(c)) {
            while (i < len && isdigit((unsigned char)s[i])) i++;
            if (i < len && s[i] == ':') {
                fl.kind = IVK_TIME;
                while (i < len && (isdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.')) i++;
            } else if (i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
                char delim = s[i++];
                if (i < len && isdigit((unsigned char)s[i])) {
                    fl.kind = delim == '.' ? IVK_NUMBER : IVK_DATE;
                    while (i < len && isdigit((unsigned char)s[i])) i++;
                    if (i < len && s[i] == delim) {
                        fl.kind = IVK_DATE;
                        while (i < len && (isdigit((unsigned char)s[i]) || s[i] == delim)) i++;
                    }
                } else {
                    fl.kind = IVK_DATE;
                    while (i < len && (isalnum((unsigned char)s[i]) || s[i] == delim)) i++;
                }
            }
        } else if (c == '.') {
            i++;
            while (i < len && isdigit((unsigned char)s[i])) i++;
        } else if (isalpha(c)) {
            fl.kind = IVK_WORD;
            while (i < len && isalpha((unsigned char)s[i])) i++;
            if (i < len && (s[i] == '-' || s[i] == '/' || s[i] == '.')) return -1;
            if (i < len && (s[i] == '+' || isdigit((unsigned char)s[i])) &&
                !iv_word_may_touch_number(s + start, i - start))
                return -1;
        } else if (c == '+' || c == '-') {
            fl.kind = IVK_SIGNED;
            fl.neg = c == '-';
            i++;
            while (i < len && isspace((unsigned char)s[i])) i++;
            if (i >= len || !isdigit((unsigned char)s[i])) return -1;
            start = i;
            fl.p = s + i;
            while (i < len &&
                   (isdigit((unsigned char)s[i]) || s[i] == ':' || s[i] == '.' || s[i] == '-'))
                i++;
            chars++; /* the sign */
        } else if (ispunct(c)) {
            i++; /* '@', ',' and the like separate fields */
            continue;
        } else {
            return -1;
        }
        fl.n = i - start;
        chars += fl.n + 1;
        if (*nf >= IV_MAX_FIELDS || chars > IV_MAX_CHARS) return -1;
        f[(*nf)++] = fl;
    }
    return 0;
}

/* The value being built (PostgreSQL's pg_itm_in): each part overflows alone. */
typedef struct IvSum {
    int64_t usec;
    int32_t days, months, years;
} IvSum;

enum { IV_OK = 0, IV_SYNTAX = 1, IV_FIELD_RANGE = 2 };

/* Whole decimal digits (an optional sign first; neg: a '-' read before p)
 * into an int64; *end after them. IV_FIELD_RANGE when they do not fit; no
 * digits is 0, as strtoll. */
static int iv_int_signed(const char *p, const char *lim, bool neg, int64_t *out, const char **end)
{
    if (p < lim && (*p == '+' || *p == '-')) neg ^= *p++ == '-';
    uint64_t v = 0;
    bool over = false;
    while (p < lim && isdigit((unsigned char)*p)) {
        unsigned d = (unsigned)(*p++ - '0');
        if (v > (UINT64_MAX - d) / 10)
            over = true;
        else
            v = v * 10 + d;
    }
    *end = p;
    if (over || v > (uint64_t)INT64_MAX + (neg ? 1 : 0)) return IV_FIELD_RANGE;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return IV_OK;
}

static int iv_int(const char *p, const char *lim, int64_t *out, const char **end)
{
    return iv_int_signed(p, lim, false, out, end);
}

/* ".ddd" (or "." alone, 0) at p..lim into a fraction. */
static int iv_fraction(const char *p, const char *lim, double *out)
{
    char buf[64];
    size_t n = (size_t)(lim - p);
    if (n == 1) {
        *out = 0;
        return IV_OK;
    }
    if (n >= sizeof(buf)) n = sizeof(buf) - 1; /* digits past 60 do not change a double */
    memcpy(buf, p, n);
    buf[n] = '\0';
    for (size_t i = 1; i < n; i++)
        if (!isdigit((unsigned char)buf[i])) return IV_SYNTAX;
    *out = strtod(buf, NULL);
    return IV_OK;
}

static bool iv_add_usec(IvSum *a, int64_t v)
{
    return !__builtin_add_overflow(a->usec, v, &a->usec);
}

/* frac of a unit of `scale` µs, rounded to the µs (halves away from zero only
 * beyond .5, as PostgreSQL rounds here). */
static bool iv_add_fract_usec(IvSum *a, double frac, int64_t scale)
{
    if (frac == 0) return true;
    frac *= (double)scale;
    int64_t us = (int64_t)frac;
    frac -= (double)us;
    if (frac > 0.5)
        us++;
    else if (frac < -0.5)
        us--;
    return iv_add_usec(a, us);
}

static bool iv_add_days(IvSum *a, int64_t v, int32_t mult)
{
    int32_t d;
    if (v < INT32_MIN || v > INT32_MAX) return false;
    return !__builtin_mul_overflow((int32_t)v, mult, &d) &&
           !__builtin_add_overflow(a->days, d, &a->days);
}

static bool iv_add_fract_days(IvSum *a, double frac, int32_t scale)
{
    if (frac == 0) return true;
    frac *= scale;
    int32_t d = (int32_t)frac;
    if (__builtin_add_overflow(a->days, d, &a->days)) return false;
    return iv_add_fract_usec(a, frac - d, USECS_PER_DAY);
}

static bool iv_add_months(IvSum *a, int64_t v)
{
    if (v < INT32_MIN || v > INT32_MAX) return false;
    return !__builtin_add_overflow(a->months, (int32_t)v, &a->months);
}

static bool iv_add_years(IvSum *a, int64_t v, double frac, int32_t scale)
{
    int32_t y;
    if (v < INT32_MIN || v > INT32_MAX) return false;
    if (__builtin_mul_overflow((int32_t)v, scale, &y) ||
        __builtin_add_overflow(a->years, y, &a->years))
        return false;
    if (frac == 0) return true;
    return iv_add_months(a, (int64_t)rint(frac * scale * 12));
}

/* Adds v + frac (|frac| < 1) of `unit` to a, as PostgreSQL 15 does: whole
 * amounts exactly, a fraction of a month or week as days and then time, of a
 * year as months; IV_FIELD_RANGE when a part overflows, IV_SYNTAX for a unit no
 * number takes. Shared by the postgres and the ISO 8601 forms. */
static int iv_add_in_unit(IvSum *a, IvUnit unit, int64_t v, double frac)
{
    static const int64_t usec_scale[] = {[IVU_US] = 1,
                                         [IVU_MS] = 1000,
                                         [IVU_SEC] = 1000000,
                                         [IVU_MIN] = INT64_C(60000000),
                                         [IVU_HOUR] = INT64_C(3600000000)};
    static const int32_t year_scale[] = {
        [IVU_YEAR] = 1, [IVU_DECADE] = 10, [IVU_CENTURY] = 100, [IVU_MILLENNIUM] = 1000};
    bool ok;
    int64_t t;
    switch (unit) {
    case IVU_US:
    case IVU_MS:
    case IVU_SEC:
    case IVU_MIN:
    case IVU_HOUR:
        ok = !__builtin_mul_overflow(v, usec_scale[unit], &t) && iv_add_usec(a, t) &&
             iv_add_fract_usec(a, frac, usec_scale[unit]);
        break;
    case IVU_DAY:
        ok = iv_add_days(a, v, 1) && iv_add_fract_usec(a, frac, USECS_PER_DAY);
        break;
    case IVU_WEEK:
        ok = iv_add_days(a, v, 7) && iv_add_fract_days(a, frac, 7);
        break;
    case IVU_MONTH:
        ok = iv_add_months(a, v) && iv_add_fract_days(a, frac, 30);
        break;
    case IVU_YEAR:
    case IVU_DECADE:
    case IVU_CENTURY:
    case IVU_MILLENNIUM:
        ok = iv_add_years(a, v, frac, year_scale[unit]);
        break;
    default:
        return IV_SYNTAX;
    }
    return ok ? IV_OK : IV_FIELD_RANGE;
}

/* A time "h:m", "h:m:s[.f]" or "m:s.f" (and "m:s" when the typmod's range
 * is MINUTE TO SECOND) into µs. */
static int iv_time(const char *p, size_t n, int range, int64_t *out)
{
    const char *lim = p + n, *q;
    int64_t h, m, sec = 0;
    double frac = 0;
    int rc = iv_int(p, lim, &h, &q);
    if (rc != IV_OK) return rc;
    if (q >= lim || *q != ':') return IV_SYNTAX;
    if ((rc = iv_int(q + 1, lim, &m, &q)) != IV_OK) return rc;
    if (m > INT32_MAX) return IV_FIELD_RANGE;
    if (q == lim) {
        if (range == (INTERVAL_RANGE_MINUTE | INTERVAL_RANGE_SECOND)) {
            sec = m;
            m = h;
            h = 0;
        }
    } else if (*q == '.') { /* "m:s.f", whatever the range */
        if ((rc = iv_fraction(q, lim, &frac)) != IV_OK) return rc;
        sec = m;
        m = h;
        h = 0;
    } else if (*q == ':') {
        if ((rc = iv_int(q + 1, lim, &sec, &q)) != IV_OK) return rc;
        if (sec > INT32_MAX) return IV_FIELD_RANGE;
        if (q < lim && *q != '.') return IV_SYNTAX;
        if (q < lim && (rc = iv_fraction(q, lim, &frac)) != IV_OK) return rc;
    } else {
        return IV_SYNTAX;
    }
    double fsec = rint(frac * 1e6);
    if (h < 0 || m < 0 || m > 59 || sec < 0 || sec > 60 || fsec < 0 || fsec > 1e6)
        return IV_FIELD_RANGE;
    int64_t us = (int64_t)fsec, t;
    if (__builtin_mul_overflow(h, INT64_C(3600000000), &t) || __builtin_add_overflow(us, t, &us) ||
        __builtin_add_overflow(us, m * INT64_C(60000000) + sec * INT64_C(1000000), &us))
        return IV_FIELD_RANGE;
    *out = us;
    return IV_OK;
}

/* The unit a bare rightmost number takes: the lowest field of the range. */
static IvUnit iv_bare_unit(int range)
{
    if (range == INTERVAL_FULL_RANGE || (range & INTERVAL_RANGE_SECOND)) return IVU_SEC;
    if (range & INTERVAL_RANGE_MINUTE) return IVU_MIN;
    if (range & INTERVAL_RANGE_HOUR) return IVU_HOUR;
    if (range & INTERVAL_RANGE_DAY) return IVU_DAY;
    if (range & INTERVAL_RANGE_MONTH) return IVU_MONTH;
    if (range & INTERVAL_RANGE_YEAR) return IVU_YEAR;
    return IVU_SEC;
}

/* A number field (unsigned, date-like or signed) in unit *type. */
static int iv_number(const IvField *fl, IvUnit *type, IvSum *a, unsigned *tmask)
{
    const char *lim = fl->p + fl->n, *q;
    int64_t v;
    double frac = 0;
    int rc = iv_int_signed(fl->p, lim, fl->neg, &v, &q);
    if (rc != IV_OK) return rc;
    if (q < lim && *q == '-') { /* SQL "years-months" */
        int64_t mon;
        const char *r;
        if ((rc = iv_int(q + 1, lim, &mon, &r)) != IV_OK) return rc;
        if (mon < 0 || mon >= 12) return IV_FIELD_RANGE;
        if (r != lim) return IV_SYNTAX;
        *type = IVU_MONTH;
        if (fl->neg) mon = -mon;
        if (__builtin_mul_overflow(v, 12, &v) || __builtin_add_overflow(v, mon, &v))
            return IV_FIELD_RANGE;
    } else if (q < lim && *q == '.') {
        if ((rc = iv_fraction(q, lim, &frac)) != IV_OK) return rc;
        if (fl->neg) frac = -frac;
    } else if (q != lim) {
        return IV_SYNTAX;
    }
    int rc2 = iv_add_in_unit(a, *type, v, frac);
    if (rc2 != IV_OK) return rc2;
    *tmask = *type == IVU_SEC && frac != 0 ? IVM_ALL_SECS : IVM(*type);
    if (*type == IVU_HOUR) *type = IVU_DAY; /* "3 4 hours" is 3 days 4 hours */
    return IV_OK;
}

/* Reads the fields right to left into a. */
static int iv_decode(const IvField *f, int nf, int range, IvSum *a)
{
    IvUnit type = IVU_NONE; /* the unit a bare number takes now */
    unsigned fmask = 0;
    bool ago = false;
    for (int i = nf - 1; i >= 0; i--) {
        const IvField *fl = &f[i];
        unsigned tmask = 0;
        int rc;
        switch (fl->kind) {
        case IVK_WORD: {
            IvUnit u = iv_word_unit(fl->p, fl->n);
            if (u == IVU_NONE) return IV_SYNTAX;
            if (u == IVU_AGO) {
                ago = true;
                type = IVU_OTHER; /* a number right before "ago" has no unit */
            } else {
                type = u;
            }
            continue;
        }
        case IVK_TIME:
        case IVK_SIGNED:
            if (memchr(fl->p, ':', fl->n)) {
                int64_t us;
                rc = iv_time(fl->p, fl->n, range, &us);
                /* a signed time that does not read as one is a syntax error */
                if (rc != IV_OK) return fl->kind == IVK_SIGNED ? IV_SYNTAX : rc;
                /* the time replaces what smaller units gave (as PostgreSQL does) */
                a->usec = fl->neg ? -us : us;
                tmask = IVM_TIME;
                type = IVU_DAY;
                break;
            }
            /* a signed number: as below */
            /* fallthrough */
        case IVK_NUMBER:
        case IVK_DATE:
            if (type == IVU_NONE) type = iv_bare_unit(range);
            rc = iv_number(fl, &type, a, &tmask);
            if (rc != IV_OK) return rc;
            break;
        }
        if (tmask & fmask) return IV_SYNTAX;
        fmask |= tmask;
    }
    if (fmask == 0) return IV_SYNTAX;
    if (ago) {
        if (a->usec == INT64_MIN || a->days == INT32_MIN || a->months == INT32_MIN ||
            a->years == INT32_MIN)
            return IV_FIELD_RANGE;
        a->usec = -a->usec;
        a->days = -a->days;
        a->months = -a->months;
        a->years = -a->years;
    }
    return IV_OK;
}

/* ISO 8601 designators, exactly from the 'P' on: P1Y2M3W4DT5H6M7.5S. Each
 * number may be signed, fractional or in exponent form (strtod, as
 * PostgreSQL reads it); units may repeat. The alternative form
 * (P0001-02-03T04:05:06) is not read. */
static int iv_iso(const char *s, size_t len, IvSum *a)
{
    if (len < 2 || s[0] != 'P') return IV_SYNTAX;
    bool date_part = true;
    for (size_t i = 1; i < len;) {
        if (s[i] == 'T') {
            date_part = false;
            i++;
            continue;
        }
        if (!(isdigit((unsigned char)s[i]) || s[i] == '-' || s[i] == '.')) return IV_SYNTAX;
        char buf[64], *end;
        size_t n = len - i < sizeof(buf) - 1 ? len - i : sizeof(buf) - 1;
        memcpy(buf, s + i, n);
        buf[n] = '\0';
        errno = 0;
        double val = strtod(buf, &end);
        if (end == buf || errno != 0) return IV_SYNTAX;
        if (isnan(val) || val < -9223372036854775808.0 || val >= 9223372036854775808.0)
            return IV_FIELD_RANGE;
        int64_t ip = (int64_t)val; /* toward zero */
        double frac = val - (double)ip;
        i += (size_t)(end - buf);
        if (i >= len) return IV_SYNTAX;
        IvUnit unit;
        switch (s[i++]) {
        case 'Y':
            unit = date_part ? IVU_YEAR : IVU_NONE;
            break;
        case 'M':
            unit = date_part ? IVU_MONTH : IVU_MIN;
            break;
        case 'W':
            unit = date_part ? IVU_WEEK : IVU_NONE;
            break;
        case 'D':
            unit = date_part ? IVU_DAY : IVU_NONE;
            break;
        case 'H':
            unit = date_part ? IVU_NONE : IVU_HOUR;
            break;
        case 'S':
            unit = date_part ? IVU_NONE : IVU_SEC;
            break;
        default:
            return IV_SYNTAX;
        }
        int rc = iv_add_in_unit(a, unit, ip, frac);
        if (rc != IV_OK) return rc;
    }
    return IV_OK;
}

int om_interval_decode(const char *s, size_t len, int range, OmInterval *out, OmError *err)
{
    IvField fields[IV_MAX_FIELDS];
    int nf;
    IvSum a = {0, 0, 0, 0};
    int rc;
    if (len > 0 && s[0] == 'P')
        rc = iv_iso(s, len, &a);
    else
        rc = iv_split(s, len, fields, &nf) != 0 ? IV_SYNTAX : iv_decode(fields, nf, range, &a);
    if (rc == IV_SYNTAX)
        return ERR(err, SQLSTATE_INVALID_DATETIME_FORMAT,
                   "invalid input syntax for type interval: \"%.*s\"", (int)len, s);
    if (rc == IV_FIELD_RANGE)
        return ERR(err, SQLSTATE_INTERVAL_FIELD_OVERFLOW,
                   "interval field value out of range: \"%.*s\"", (int)len, s);
    int64_t months = (int64_t)a.years * 12 + a.months;
    if (months < INT32_MIN || months > INT32_MAX)
        return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
    out->months = (int32_t)months;
    out->days = a.days;
    out->micros = a.usec;
    return 0;
}
