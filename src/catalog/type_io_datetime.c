/*
 * type_io_datetime.c — calendar arithmetic and the text forms of date, time,
 * timestamp, timestamptz and interval (DateStyle ISO, IntervalStyle postgres).
 *
 * Dates are days since 2000-01-01 and timestamps microseconds since
 * 2000-01-01 00:00:00 (UTC for timestamptz), as in PostgreSQL; the Julian-day
 * conversions are PostgreSQL's date2j/j2date. Years are astronomical inside
 * (0 = 1 BC) and printed with " BC" when <= 0.
 *
 * Input accepts ISO 8601 ("2024-01-31", "2024-01-31T12:34:56.5+05:30"),
 * YYYYMMDD, numeric dates in the session's DateOrder ("1/31/2024"), month
 * names ("Jan 31 2024", "31-Jan-2024", "January 31, 2024"), BC/AD, the special
 * words infinity, -infinity, epoch, and time zones UTC/GMT/Z or numeric
 * offsets. Named zones other than UTC are not supported (22023).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>

#include "catalog/type_io.h"
#include "catalog/type_io_int.h"
#include "common/tz_zone.h"

#define MIN_TIMESTAMP       INT64_C(-211813488000000000)
#define END_TIMESTAMP       INT64_C(9223371331200000000)
#define DATETIME_MIN_JULIAN 0
#define DATE_END_JULIAN     2147483494

int om_date2j(int year, int month, int day)
{
    int julian, century;
    if (month > 2) {
        month += 1;
        year += 4800;
    } else {
        month += 13;
        year += 4799;
    }
    century = year / 100;
    julian = year * 365 - 32167;
    julian += year / 4 - century + century / 4;
    julian += 7834 * month / 256 + day;
    return julian;
}

void om_j2date(int jd, int *year, int *month, int *day)
{
    unsigned int julian, quad, extra;
    int y;
    julian = (unsigned)jd;
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

int om_j2day(int jd)
{
    jd += 1;
    jd %= 7;
    if (jd < 0) jd += 7;
    return jd;
}

int om_days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0) && ((y % 100 != 0) || (y % 400 == 0));
    if (m == 2 && leap) return 29;
    return dim[(m - 1) % 12];
}

void om_ts2tm(int64_t ts, OmTm *tm)
{
    int64_t date = ts / USECS_PER_DAY;
    int64_t t = ts % USECS_PER_DAY;
    if (t < 0) {
        t += USECS_PER_DAY;
        date -= 1;
    }
    om_j2date((int)(date + POSTGRES_EPOCH_JDATE), &tm->year, &tm->mon, &tm->mday);
    tm->hour = (int)(t / (INT64_C(3600) * USECS_PER_SEC));
    t -= (int64_t)tm->hour * 3600 * USECS_PER_SEC;
    tm->min = (int)(t / (60 * USECS_PER_SEC));
    t -= (int64_t)tm->min * 60 * USECS_PER_SEC;
    tm->sec = (int)(t / USECS_PER_SEC);
    tm->usec = (int32_t)(t - (int64_t)tm->sec * USECS_PER_SEC);
}

int om_tm2ts(const OmTm *tm, int64_t *out)
{
    int64_t jd = om_date2j(tm->year, tm->mon, tm->mday);
    if (jd < DATETIME_MIN_JULIAN) return -1;
    int64_t date = jd - POSTGRES_EPOCH_JDATE;
    int64_t t = (((int64_t)tm->hour * 60 + tm->min) * 60 + tm->sec) * USECS_PER_SEC + tm->usec;
    int64_t r;
    if (__builtin_mul_overflow(date, USECS_PER_DAY, &r) || __builtin_add_overflow(r, t, &r))
        return -1;
    if (r < MIN_TIMESTAMP || r >= END_TIMESTAMP) return -1;
    *out = r;
    return 0;
}

int om_ts_add_interval(int64_t ts, const OmInterval *iv, int64_t *out)
{
    if (ts == TS_NEG_INFINITY || ts == TS_POS_INFINITY) {
        *out = ts;
        return 0;
    }
    if (iv->months != 0) {
        OmTm tm;
        om_ts2tm(ts, &tm);
        int64_t mon = (int64_t)tm.year * 12 + (tm.mon - 1) + iv->months;
        tm.year = (int)(mon >= 0 ? mon / 12 : -((-mon + 11) / 12));
        tm.mon = (int)(mon - (int64_t)tm.year * 12) + 1;
        int dim = om_days_in_month(tm.year, tm.mon);
        if (tm.mday > dim) tm.mday = dim;
        if (om_tm2ts(&tm, &ts) != 0) return -1;
    }
    if (iv->days != 0) {
        OmTm tm;
        om_ts2tm(ts, &tm);
        int jd = om_date2j(tm.year, tm.mon, tm.mday) + iv->days;
        om_j2date(jd, &tm.year, &tm.mon, &tm.mday);
        if (om_tm2ts(&tm, &ts) != 0) return -1;
    }
    if (__builtin_add_overflow(ts, iv->micros, &ts)) return -1;
    if (ts < MIN_TIMESTAMP || ts >= END_TIMESTAMP) return -1;
    *out = ts;
    return 0;
}

/* ---- output ---- */

static void put_year(StrBuf *out, int year)
{
    int y = year > 0 ? year : -(year - 1);
    strbuf_printf(out, "%04d", y);
}

static void put_fraction(StrBuf *out, int32_t usec)
{
    if (usec == 0) return;
    char buf[8];
    snprintf(buf, sizeof(buf), "%06d", (int)usec);
    int n = 6;
    while (n > 0 && buf[n - 1] == '0') n--;
    strbuf_putc(out, '.');
    strbuf_append(out, buf, (size_t)n);
}

void om_format_date(int32_t days, StrBuf *out)
{
    if (days == DATE_NEG_INFINITY) {
        strbuf_puts(out, "-infinity");
        return;
    }
    if (days == DATE_POS_INFINITY) {
        strbuf_puts(out, "infinity");
        return;
    }
    int y, m, d;
    om_j2date(days + POSTGRES_EPOCH_JDATE, &y, &m, &d);
    put_year(out, y);
    strbuf_printf(out, "-%02d-%02d", m, d);
    if (y <= 0) strbuf_puts(out, " BC");
}

void om_format_time(int64_t t, StrBuf *out)
{
    int64_t h = t / (INT64_C(3600) * USECS_PER_SEC);
    t -= h * 3600 * USECS_PER_SEC;
    int64_t mi = t / (60 * USECS_PER_SEC);
    t -= mi * 60 * USECS_PER_SEC;
    int64_t s = t / USECS_PER_SEC;
    strbuf_printf(out, "%02d:%02d:%02d", (int)h, (int)mi, (int)s);
    put_fraction(out, (int32_t)(t - s * USECS_PER_SEC));
}

void om_format_timestamp(int64_t ts, bool with_tz, int32_t tz_offset_secs, StrBuf *out)
{
    if (ts == TS_NEG_INFINITY) {
        strbuf_puts(out, "-infinity");
        return;
    }
    if (ts == TS_POS_INFINITY) {
        strbuf_puts(out, "infinity");
        return;
    }
    if (with_tz) ts += (int64_t)tz_offset_secs * USECS_PER_SEC;
    OmTm tm;
    om_ts2tm(ts, &tm);
    put_year(out, tm.year);
    strbuf_printf(out, "-%02d-%02d %02d:%02d:%02d", tm.mon, tm.mday, tm.hour, tm.min, tm.sec);
    put_fraction(out, tm.usec);
    if (with_tz) {
        int off = tz_offset_secs;
        char sign = off < 0 ? '-' : '+';
        if (off < 0) off = -off;
        strbuf_printf(out, "%c%02d", sign, off / 3600);
        if (off % 3600 != 0) {
            strbuf_printf(out, ":%02d", (off / 60) % 60);
            if (off % 60 != 0) strbuf_printf(out, ":%02d", off % 60);
        }
    }
    if (tm.year <= 0) strbuf_puts(out, " BC");
}

static const char *const mon_abbrev[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const dow_abbrev[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

void om_format_date_style(int32_t days, int style, int order, StrBuf *out)
{
    if (style == DATESTYLE_ISO || days == DATE_NEG_INFINITY || days == DATE_POS_INFINITY) {
        om_format_date(days, out);
        return;
    }
    int y, m, d;
    om_j2date(days + POSTGRES_EPOCH_JDATE, &y, &m, &d);
    int yy = y > 0 ? y : -(y - 1);
    bool dmy = order == DATEORDER_DMY;
    if (style == DATESTYLE_SQL) {
        if (dmy)
            strbuf_printf(out, "%02d/%02d/%04d", d, m, yy);
        else
            strbuf_printf(out, "%02d/%02d/%04d", m, d, yy);
    } else if (style == DATESTYLE_GERMAN) {
        strbuf_printf(out, "%02d.%02d.%04d", d, m, yy);
    } else {
        if (dmy)
            strbuf_printf(out, "%02d-%02d-%04d", d, m, yy);
        else
            strbuf_printf(out, "%02d-%02d-%04d", m, d, yy);
    }
    if (y <= 0) strbuf_puts(out, " BC");
}

/* Zone abbreviation for the non-ISO styles: UTC, or the numeric offset. */
static void put_zone_abbrev(StrBuf *out, int32_t off)
{
    if (off == 0) {
        strbuf_puts(out, " UTC");
        return;
    }
    int a = off < 0 ? -off : off;
    strbuf_printf(out, " %c%02d", off < 0 ? '-' : '+', a / 3600);
    if (a % 3600) strbuf_printf(out, ":%02d", (a / 60) % 60);
}

void om_format_timestamp_style(int64_t ts, bool with_tz, int32_t tz_offset_secs, int style,
                               int order, StrBuf *out)
{
    if (style == DATESTYLE_ISO || ts == TS_NEG_INFINITY || ts == TS_POS_INFINITY) {
        om_format_timestamp(ts, with_tz, tz_offset_secs, out);
        return;
    }
    if (with_tz) ts += (int64_t)tz_offset_secs * USECS_PER_SEC;
    OmTm tm;
    om_ts2tm(ts, &tm);
    int yy = tm.year > 0 ? tm.year : -(tm.year - 1);
    bool dmy = order == DATEORDER_DMY;
    if (style == DATESTYLE_SQL) {
        if (dmy)
            strbuf_printf(out, "%02d/%02d/%04d", tm.mday, tm.mon, yy);
        else
            strbuf_printf(out, "%02d/%02d/%04d", tm.mon, tm.mday, yy);
        strbuf_printf(out, " %02d:%02d:%02d", tm.hour, tm.min, tm.sec);
        put_fraction(out, tm.usec);
    } else if (style == DATESTYLE_GERMAN) {
        strbuf_printf(out, "%02d.%02d.%04d %02d:%02d:%02d", tm.mday, tm.mon, yy, tm.hour, tm.min,
                      tm.sec);
        put_fraction(out, tm.usec);
    } else {
        int jd = om_date2j(tm.year, tm.mon, tm.mday);
        strbuf_puts(out, dow_abbrev[om_j2day(jd)]);
        if (dmy)
            strbuf_printf(out, " %02d %s", tm.mday, mon_abbrev[tm.mon - 1]);
        else
            strbuf_printf(out, " %s %02d", mon_abbrev[tm.mon - 1], tm.mday);
        strbuf_printf(out, " %02d:%02d:%02d", tm.hour, tm.min, tm.sec);
        put_fraction(out, tm.usec);
        strbuf_printf(out, " %04d", yy);
    }
    if (with_tz) put_zone_abbrev(out, tz_offset_secs);
    if (tm.year <= 0) strbuf_puts(out, " BC");
}

static void add_int_part(StrBuf *out, int64_t value, const char *units, bool *is_zero,
                         bool *is_before)
{
    if (value == 0) return;
    strbuf_printf(out, "%s%s%lld %s%s", !*is_zero ? " " : "", (*is_before && value > 0) ? "+" : "",
                  (long long)value, units, (value != 1) ? "s" : "");
    *is_before = value < 0;
    *is_zero = false;
}

void om_format_interval(const OmInterval *iv, StrBuf *out)
{
    bool is_zero = true, is_before = false;
    int64_t year = iv->months / 12, mon = iv->months % 12;
    add_int_part(out, year, "year", &is_zero, &is_before);
    add_int_part(out, mon, "mon", &is_zero, &is_before);
    add_int_part(out, iv->days, "day", &is_zero, &is_before);
    int64_t t = iv->micros;
    int64_t hour = t / (INT64_C(3600) * USECS_PER_SEC);
    t -= hour * 3600 * USECS_PER_SEC;
    int64_t min = t / (60 * USECS_PER_SEC);
    t -= min * 60 * USECS_PER_SEC;
    int64_t sec = t / USECS_PER_SEC;
    int64_t fsec = t - sec * USECS_PER_SEC;
    if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
        bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
        strbuf_printf(out, "%s%s%02lld:%02lld:%02lld", is_zero ? "" : " ",
                      minus ? "-" : (is_before ? "+" : ""), (long long)llabs(hour),
                      (long long)llabs(min), (long long)llabs(sec));
        put_fraction(out, (int32_t)llabs(fsec));
    }
}

/* ---- input ---- */

typedef struct DtFields {
    int year, mon, mday;
    bool has_year, has_mon, has_mday;
    int64_t hour; /* up to 10 digits: an interval's h:m:s may run to 2562047788 hours */
    int min, sec;
    int32_t usec;
    bool has_time;
    bool bc, pm, am;
    bool has_tz;
    int32_t tz_secs;
    const TzZone *zone;   /* a named zone ("Europe/Berlin"): its offset at the local time */
    const char *bad_zone; /* parse_dt's -2: the zone name it does not know */
    size_t bad_zone_len;
    int special; /* 1 infinity, -1 -infinity, 2 epoch, 3 now/today */
} DtFields;

/* Time zone abbreviations with a fixed offset (seconds east), as PostgreSQL
 * 15's default abbreviation set gives them; a daylight-saving abbreviation
 * (PDT) means its summer offset whatever the date. Abbreviations whose offset
 * PostgreSQL takes from a zone's history (MSK) are not listed. */
static const struct {
    const char *abbrev;
    int32_t secs;
} TZ_ABBREVS[] = {
    {"acdt", 37800},  {"acst", 34200},  {"adt", -10800}, {"aedt", 39600}, {"aest", 36000},
    {"akdt", -28800}, {"akst", -32400}, {"ast", -14400}, {"awst", 28800}, {"bst", 3600},
    {"cat", 7200},    {"cdt", -18000},  {"cest", 7200},  {"cet", 3600},   {"cst", -21600},
    {"eat", 10800},   {"edt", -14400},  {"eest", 10800}, {"eet", 7200},   {"est", -18000},
    {"hst", -36000},  {"idt", 10800},   {"ist", 7200},   {"jst", 32400},  {"kst", 32400},
    {"mdt", -21600},  {"mest", 7200},   {"met", 3600},   {"mst", -25200}, {"ndt", -9000},
    {"nst", -12600},  {"nzdt", 46800},  {"nzst", 43200}, {"pdt", -25200}, {"pst", -28800},
    {"sast", 7200},   {"uct", 0},       {"ut", 0},       {"wat", 3600},   {"west", 3600},
    {"wet", 0},
};

static bool tz_abbrev_offset(const char *w, size_t n, int32_t *secs)
{
    for (size_t i = 0; i < sizeof(TZ_ABBREVS) / sizeof(TZ_ABBREVS[0]); i++)
        if (strlen(TZ_ABBREVS[i].abbrev) == n && strncasecmp(w, TZ_ABBREVS[i].abbrev, n) == 0) {
            *secs = TZ_ABBREVS[i].secs;
            return true;
        }
    return false;
}

/* A zone of the tz database named by s[0, n) ("Europe/Berlin", "EST5EDT"). */
static const TzZone *tz_named(const char *s, size_t n)
{
    char name[128];
    if (n == 0 || n >= sizeof(name)) return NULL;
    memcpy(name, s, n);
    name[n] = '\0';
    return tz_zone_load(name);
}

static const char *const month_names[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const month_full[12] = {"january",   "february", "march",    "april",
                                           "may",       "june",     "july",     "august",
                                           "september", "october",  "november", "december"};
static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static int month_from_word(const char *w, size_t n)
{
    for (int i = 0; i < 12; i++) {
        if (n == 3 && strncasecmp(w, month_names[i], 3) == 0) return i + 1;
        if (n == strlen(month_full[i]) && strncasecmp(w, month_full[i], n) == 0) return i + 1;
        if (n == 4 && strncasecmp(w, "sept", 4) == 0) return 9;
    }
    return 0;
}

static bool is_day_word(const char *w, size_t n)
{
    if (n < 3) return false;
    for (int i = 0; i < 7; i++)
        if (strncasecmp(w, day_names[i], 3) == 0) return true;
    return false;
}

/* Parses "hh:mm[:ss[.ffffff]]" at s; returns characters consumed or -1. */
static int parse_hms(const char *s, size_t len, DtFields *f)
{
    size_t i = 0;
    int64_t parts[3] = {0, 0, 0};
    int np = 0;
    while (np < 3) {
        if (i >= len || !isdigit((unsigned char)s[i])) return -1;
        int64_t v = 0;
        int nd = 0;
        /* hours take up to 10 digits (intervals), minutes and seconds 9 */
        while (i < len && isdigit((unsigned char)s[i]) && nd < (np == 0 ? 10 : 9)) {
            v = v * 10 + (s[i++] - '0');
            nd++;
        }
        parts[np++] = v;
        if (i < len && s[i] == ':' && np < 3) {
            i++;
            continue;
        }
        break;
    }
    if (np < 2) return -1;
    int32_t usec = 0;
    if (i < len && s[i] == '.') {
        i++;
        int32_t scale = 100000;
        double extra = 0;
        while (i < len && isdigit((unsigned char)s[i])) {
            if (scale > 0) {
                usec += (s[i] - '0') * scale;
                scale /= 10;
            } else if (scale == 0) {
                extra = (s[i] - '0') / 10.0;
                scale = -1;
            }
            i++;
        }
        if (extra >= 0.5) usec++;
    }
    f->hour = parts[0];
    f->min = (int)parts[1];
    f->sec = (int)parts[2];
    f->usec = usec;
    f->has_time = true;
    return (int)i;
}

/* Parses a numeric zone "+05", "+05:30", "-0800", "+5"; returns consumed or -1. */
static int parse_tz_offset(const char *s, size_t len, int32_t *secs)
{
    if (len == 0 || (s[0] != '+' && s[0] != '-')) return -1;
    int sign = s[0] == '-' ? -1 : 1;
    size_t i = 1;
    int digits[6], nd = 0;
    int h = 0, m = 0, sec = 0;
    while (i < len && (isdigit((unsigned char)s[i]) || s[i] == ':')) {
        if (s[i] != ':' && nd < 6) digits[nd++] = s[i] - '0';
        i++;
    }
    bool colon = memchr(s, ':', i) != NULL;
    if (nd == 0) return -1;
    if (colon) {
        /* h[h]:mm[:ss] — the fields between the colons, within s[1, i) (the text
         * need not be NUL-terminated); an empty field or a fourth one is bad */
        int part[3] = {0, 0, 0}, np = 0, ndig = 0;
        for (size_t k = 1; k < i; k++) {
            if (s[k] == ':') {
                if (ndig == 0 || np == 2) return -1;
                np++;
                ndig = 0;
            } else if (part[np] < 1000) {
                part[np] = part[np] * 10 + (s[k] - '0');
                ndig++;
            }
        }
        if (ndig == 0) return -1;
        h = part[0];
        m = part[1];
        sec = part[2];
    } else if (nd <= 2) {
        for (int k = 0; k < nd; k++) h = h * 10 + digits[k];
    } else if (nd <= 4) {
        h = digits[0] * 10 + digits[1];
        for (int k = 2; k < nd; k++) m = m * 10 + digits[k];
    } else {
        h = digits[0] * 10 + digits[1];
        m = digits[2] * 10 + digits[3];
        for (int k = 4; k < nd; k++) sec = sec * 10 + digits[k];
    }
    if (h > 15 || m > 59 || sec > 59) return -2;
    *secs = sign * (h * 3600 + m * 60 + sec);
    return (int)i;
}

/* Assigns numeric date parts. */
static int assign_numeric_date(DtFields *f, const long *v, const int *nd, int n,
                               bool has_month_word, int month_word, const SessionSettings *st)
{
    if (has_month_word) {
        /* the remaining numbers are day and year */
        f->mon = month_word;
        f->has_mon = true;
        if (n == 2) {
            /* a number of 3 or more digits is the year; else the first is
             * the year only in YMD order ("99-Jan-08" is day 99 otherwise,
             * out of range, as in PostgreSQL) */
            bool year_first = nd[0] >= 3 || (nd[1] < 3 && st && st->dateorder == DATEORDER_YMD);
            int y = year_first ? 0 : 1;
            f->year = (int)v[y];
            f->mday = (int)v[1 - y];
            /* two-digit years as PostgreSQL: 70..99 -> 19xx, 00..69 -> 20xx */
            if (nd[y] <= 2) f->year += f->year < 70 ? 2000 : 1900;
            f->has_year = f->has_mday = true;
            return 0;
        }
        return -1;
    }
    if (n != 3) return -1;
    if (nd[0] >= 3 || (st && st->dateorder == DATEORDER_YMD)) {
        f->year = (int)v[0];
        f->mon = (int)v[1];
        f->mday = (int)v[2];
    } else if (st && st->dateorder == DATEORDER_DMY) {
        f->mday = (int)v[0];
        f->mon = (int)v[1];
        f->year = (int)v[2];
    } else {
        f->mon = (int)v[0];
        f->mday = (int)v[1];
        f->year = (int)v[2];
    }
    /* two-digit years as PostgreSQL: 70..99 -> 19xx, 00..69 -> 20xx */
    if (nd[0] < 3 && ((st && st->dateorder == DATEORDER_YMD) ? nd[0] : nd[2]) <= 2) {
        if (f->year < 70)
            f->year += 2000;
        else if (f->year < 100)
            f->year += 1900;
    }
    f->has_year = f->has_mon = f->has_mday = true;
    return 0;
}

/* Tokenizes a date/time string into fields. Returns 0, -1 syntax, -2 bad zone. */
static int parse_dt(const char *s, size_t len, const SessionSettings *st, DtFields *f)
{
    memset(f, 0, sizeof(*f));
    size_t i = 0;
    long loose[4];
    int loose_nd[4], nloose = 0;
    int month_word = 0;
    while (i < len) {
        char c = s[i];
        if (isspace((unsigned char)c) || c == ',') {
            i++;
            continue;
        }
        if ((c == 'T' || c == 't') && i > 0 && i + 1 < len && isdigit((unsigned char)s[i + 1]) &&
            isdigit((unsigned char)s[i - 1])) {
            i++;
            continue;
        }
        if (isalpha((unsigned char)c)) {
            size_t j = i;
            while (j < len && (isalpha((unsigned char)s[j]) || s[j] == '.')) j++;
            /* a zone name of the tz database: with '/' ("America/New_York",
             * "Etc/GMT+5") or letters around digits ("EST5EDT") */
            size_t z = j;
            while (z < len && (isalnum((unsigned char)s[z]) || s[z] == '/' || s[z] == '_' ||
                               ((s[z] == '+' || s[z] == '-') && z > i && s[z - 1] != '/' &&
                                memchr(s + i, '/', z - i))))
                z++;
            if (z > j && (memchr(s + i, '/', z - i) || isalpha((unsigned char)s[z - 1]))) {
                /* after the date or time it belongs to, as PostgreSQL wants it */
                if (!f->has_time && !f->has_year && nloose == 0) return -1;
                const TzZone *zone = tz_named(s + i, z - i);
                if (!zone) {
                    f->bad_zone = s + i;
                    f->bad_zone_len = z - i;
                    return f->has_time ? -2 : -1;
                }
                if (f->has_tz || f->zone) return -1;
                f->zone = zone;
                i = z;
                continue;
            }
            const char *w = s + i;
            size_t n = j - i;
            if (n > 0 && w[n - 1] == '.') n--;
            int m;
            if (n == 2 && strncasecmp(w, "bc", 2) == 0)
                f->bc = true;
            else if (n == 2 && strncasecmp(w, "ad", 2) == 0)
                (void)0;
            else if (n == 2 && strncasecmp(w, "am", 2) == 0)
                f->am = true;
            else if (n == 2 && strncasecmp(w, "pm", 2) == 0)
                f->pm = true;
            else if ((n == 1 && (w[0] == 'z' || w[0] == 'Z')) ||
                     (n == 3 && (strncasecmp(w, "utc", 3) == 0 || strncasecmp(w, "gmt", 3) == 0)) ||
                     (n == 4 && strncasecmp(w, "zulu", 4) == 0)) {
                f->has_tz = true;
                f->tz_secs = 0;
                /* "UTC+3"-style POSIX offsets are not supported */
            } else if (n == 8 && strncasecmp(w, "infinity", 8) == 0)
                f->special = 1;
            else if (n == 5 && strncasecmp(w, "epoch", 5) == 0)
                f->special = 2;
            else if ((n == 3 && strncasecmp(w, "now", 3) == 0) ||
                     (n == 5 && strncasecmp(w, "today", 5) == 0))
                f->special = 3;
            else if ((m = month_from_word(w, n)) != 0)
                month_word = m;
            else if (is_day_word(w, n))
                (void)0;
            else if (n >= 2 && tz_abbrev_offset(w, n, &f->tz_secs)) {
                if (f->has_tz || f->zone) return -1;
                f->has_tz = true;
            } else if (n >= 3 && (f->has_time || f->has_year || nloose > 0) && !f->has_tz &&
                       !f->zone && (f->zone = tz_named(w, n)) != NULL) {
                (void)0; /* "Japan", "Singapore": a zone file named so */
            } else
                return -1;
            i = j;
            continue;
        }
        if ((c == '+' || c == '-') && (f->has_time || f->has_year || nloose > 0)) {
            if (c == '-' && i + 8 < len && strncasecmp(s + i, "-infinity", 9) == 0) {
                f->special = -1;
                i += 9;
                continue;
            }
            int32_t secs;
            int n = parse_tz_offset(s + i, len - i, &secs);
            if (n < 0) return n == -2 ? -3 : -1;
            if (f->has_tz || f->zone) return -1; /* one zone: "PST+1" is not read */
            f->has_tz = true;
            f->tz_secs = secs;
            i += (size_t)n;
            continue;
        }
        if (c == '-' && i + 8 < len && strncasecmp(s + i, "-infinity", 9) == 0) {
            f->special = -1;
            i += 9;
            continue;
        }
        if (!isdigit((unsigned char)c)) return -1;
        /* a numeric token: find its extent */
        size_t j = i;
        while (j < len && isdigit((unsigned char)s[j])) j++;
        if (j < len && s[j] == ':') {
            if (f->has_time) return -1;
            int n = parse_hms(s + i, len - i, f);
            if (n < 0) return -1;
            i += (size_t)n;
            continue;
        }
        if (j < len && (s[j] == '-' || s[j] == '/' || s[j] == '.') && j + 1 < len &&
            (isdigit((unsigned char)s[j + 1]) || isalpha((unsigned char)s[j + 1]))) {
            /* a delimited date: up to three parts, digits or a month name */
            char sep = s[j];
            long v[3];
            int nd[3], np = 0, mw = 0;
            size_t k = i;
            while (k < len && np < 3) {
                if (isdigit((unsigned char)s[k])) {
                    long x = 0;
                    int d = 0;
                    while (k < len && isdigit((unsigned char)s[k])) {
                        if (x < 100000000) x = x * 10 + (s[k] - '0');
                        k++;
                        d++;
                    }
                    v[np] = x;
                    nd[np++] = d;
                } else if (isalpha((unsigned char)s[k])) {
                    size_t e = k;
                    while (e < len && isalpha((unsigned char)s[e])) e++;
                    mw = month_from_word(s + k, e - k);
                    if (!mw) return -1;
                    k = e;
                } else {
                    return -1;
                }
                if (k < len && s[k] == sep)
                    k++;
                else
                    break;
            }
            if (f->has_year) return -1;
            if (assign_numeric_date(f, v, nd, np, mw != 0, mw, st) != 0) return -1;
            i = k;
            continue;
        }
        /* plain digits */
        size_t n = j - i;
        if (n == 8 && !f->has_year && nloose == 0) {
            long x = 0; /* the 8 digits s[i, j): the text need not be NUL-terminated */
            for (size_t k = i; k < j; k++) x = x * 10 + (s[k] - '0');
            f->year = (int)(x / 10000);
            f->mon = (int)(x / 100 % 100);
            f->mday = (int)(x % 100);
            f->has_year = f->has_mon = f->has_mday = true;
            i = j;
            continue;
        }
        if (nloose >= 4) return -1;
        long x = 0;
        for (size_t k = i; k < j && k < i + 9; k++) x = x * 10 + (s[k] - '0');
        loose[nloose] = x;
        loose_nd[nloose++] = (int)n;
        i = j;
    }
    if (nloose > 0) {
        if (f->has_year) return -1;
        if (assign_numeric_date(f, loose, loose_nd, nloose, month_word != 0, month_word, st) != 0)
            return -1;
    } else if (month_word) {
        return -1;
    }
    if (f->bc) {
        if (!f->has_year || f->year <= 0) return -1;
        f->year = -(f->year - 1);
    }
    if (f->pm || f->am) {
        if (!f->has_time || f->hour > 12 || f->hour < 1) return -4;
        if (f->pm && f->hour != 12) f->hour += 12;
        if (f->am && f->hour == 12) f->hour = 0;
    }
    return 0;
}

static int dt_error(int rc, const DtFields *f, const char *type, const char *s, size_t len,
                    OmError *err)
{
    if (rc == -2 && f && f->bad_zone)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "time zone \"%.*s\" not recognized",
                   (int)f->bad_zone_len, f->bad_zone);
    if (rc == -3 || rc == -4)
        return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW,
                   "date/time field value out of range: \"%.*s\"", (int)len, s);
    return ERR(err, SQLSTATE_INVALID_DATETIME_FORMAT, "invalid input syntax for type %s: \"%.*s\"",
               type, (int)len, s);
}

static bool valid_date_fields(const DtFields *f)
{
    if (f->year > 5874897 || f->year < -4713) return false;
    if (f->mon < 1 || f->mon > 12) return false;
    if (f->mday < 1 || f->mday > om_days_in_month(f->year, f->mon)) return false;
    return true;
}

static bool valid_time_fields(const DtFields *f)
{
    if (f->hour < 0 || f->min < 0 || f->min > 59 || f->sec < 0 || f->sec > 60) return false;
    if (f->hour > 24) return false;
    if (f->hour == 24 && (f->min != 0 || f->sec != 0 || f->usec != 0)) return false;
    return true;
}

static int64_t now_usecs(void)
{
    struct timespec tsp;
    clock_gettime(CLOCK_REALTIME, &tsp);
    return ((int64_t)tsp.tv_sec - INT64_C(946684800)) * USECS_PER_SEC + tsp.tv_nsec / 1000;
}

int om_parse_date(const char *s, size_t len, const SessionSettings *st, int32_t *out, OmError *err)
{
    DtFields f;
    int rc = parse_dt(s, len, st, &f);
    if (rc != 0) return dt_error(rc, &f, "date", s, len, err);
    if (f.special == 1) {
        *out = DATE_POS_INFINITY;
        return 0;
    }
    if (f.special == -1) {
        *out = DATE_NEG_INFINITY;
        return 0;
    }
    if (f.special == 2) {
        *out = om_date2j(1970, 1, 1) - POSTGRES_EPOCH_JDATE;
        return 0;
    }
    if (f.special == 3) {
        int64_t now = now_usecs();
        now += (int64_t)settings_tz_offset_utc(st, now) * USECS_PER_SEC;
        int64_t d = now / USECS_PER_DAY;
        if (now % USECS_PER_DAY < 0) d--;
        *out = (int32_t)d;
        return 0;
    }
    if (!f.has_year) return dt_error(-1, NULL, "date", s, len, err);
    if (!valid_date_fields(&f)) return dt_error(-3, NULL, "date", s, len, err);
    int jd = om_date2j(f.year, f.mon, f.mday);
    if (jd < DATETIME_MIN_JULIAN || f.year > 5874897)
        return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "date out of range: \"%.*s\"", (int)len,
                   s);
    *out = jd - POSTGRES_EPOCH_JDATE;
    return 0;
}

int om_parse_time(const char *s, size_t len, int64_t *out, OmError *err)
{
    DtFields f;
    int rc = parse_dt(s, len, NULL, &f);
    if (rc == 0 && !f.has_time) rc = -1;
    if (rc != 0) return dt_error(rc, &f, "time without time zone", s, len, err);
    if (!valid_time_fields(&f)) return dt_error(-3, NULL, "time", s, len, err);
    *out = (((int64_t)f.hour * 60 + f.min) * 60 + f.sec) * USECS_PER_SEC + f.usec;
    return 0;
}

int om_parse_timestamp(const char *s, size_t len, bool with_tz, const SessionSettings *st,
                       int64_t *out, OmError *err)
{
    const char *tname = with_tz ? "timestamp with time zone" : "timestamp without time zone";
    DtFields f;
    int rc = parse_dt(s, len, st, &f);
    if (rc != 0) return dt_error(rc, &f, tname, s, len, err);
    if (f.special == 1) {
        *out = TS_POS_INFINITY;
        return 0;
    }
    if (f.special == -1) {
        *out = TS_NEG_INFINITY;
        return 0;
    }
    if (f.special == 2) {
        *out = (int64_t)(om_date2j(1970, 1, 1) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY;
        return 0;
    }
    if (f.special == 3) {
        int64_t now = now_usecs();
        if (!with_tz) now += (int64_t)settings_tz_offset_utc(st, now) * USECS_PER_SEC;
        *out = now;
        return 0;
    }
    if (!f.has_year) return dt_error(-1, NULL, tname, s, len, err);
    if (!valid_date_fields(&f) || !valid_time_fields(&f))
        return dt_error(-3, NULL, tname, s, len, err);
    OmTm tm = {f.year, f.mon, f.mday, f.hour, f.min, f.sec, f.usec};
    int64_t ts;
    if (om_tm2ts(&tm, &ts) != 0)
        return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "timestamp out of range: \"%.*s\"",
                   (int)len, s);
    if (with_tz) {
        int32_t off = f.has_tz ? f.tz_secs
                      : f.zone ? tz_zone_offset_local(f.zone, tz_unix_secs(ts))
                               : settings_tz_offset_local(st, ts);
        ts -= (int64_t)off * USECS_PER_SEC;
    }
    *out = ts;
    return 0;
}

/* ---- interval input: src/catalog/type_io_interval.c ---- */

int om_parse_interval(const char *s, size_t len, OmInterval *out, OmError *err)
{
    return om_interval_decode(s, len, INTERVAL_FULL_RANGE, out, err);
}

void om_interval_apply_typmod(OmInterval *iv, int32_t typmod)
{
    if (typmod < 0) return;
    int range = (typmod >> 16) & 0x7FFF;
    int precision = typmod & 0xFFFF;
    const int64_t hour = INT64_C(3600) * USECS_PER_SEC, minute = 60 * USECS_PER_SEC;
    if (range != INTERVAL_FULL_RANGE) {
        if (range == INTERVAL_RANGE_YEAR) {
            iv->months = (iv->months / 12) * 12;
            iv->days = 0;
            iv->micros = 0;
        } else if (range == INTERVAL_RANGE_MONTH ||
                   range == (INTERVAL_RANGE_YEAR | INTERVAL_RANGE_MONTH)) {
            iv->days = 0;
            iv->micros = 0;
        } else if (range == INTERVAL_RANGE_DAY) {
            iv->micros = 0;
        } else if (range == INTERVAL_RANGE_HOUR ||
                   range == (INTERVAL_RANGE_DAY | INTERVAL_RANGE_HOUR)) {
            iv->micros = (iv->micros / hour) * hour;
        } else if (range == INTERVAL_RANGE_MINUTE ||
                   range == (INTERVAL_RANGE_HOUR | INTERVAL_RANGE_MINUTE) ||
                   range == (INTERVAL_RANGE_DAY | INTERVAL_RANGE_HOUR | INTERVAL_RANGE_MINUTE)) {
            iv->micros = (iv->micros / minute) * minute;
        }
    }
    if (precision != INTERVAL_FULL_PRECISION && precision >= 0 && precision < 6)
        iv->micros = om_round_micros(iv->micros, precision);
}

int om_parse_interval_typmod(const char *s, size_t len, int32_t typmod, OmInterval *out,
                             OmError *err)
{
    int range = typmod >= 0 ? (typmod >> 16) & 0x7FFF : INTERVAL_FULL_RANGE;
    if (om_interval_decode(s, len, range, out, err) != 0) return -1;
    return type_interval_typmod(out, typmod, err);
}

int type_interval_typmod(OmInterval *iv, int32_t typmod, OmError *err)
{
    /* half a unit of the kept precision: rounding within it of the end of the
     * range would leave it */
    static const int64_t half_unit[6] = {500000, 50000, 5000, 500, 50, 5};
    int precision = typmod >= 0 ? typmod & 0xFFFF : INTERVAL_FULL_PRECISION;
    if (precision >= 0 && precision < 6 &&
        (iv->micros > INT64_MAX - half_unit[precision] ||
         iv->micros < -INT64_MAX + half_unit[precision]))
        return ERR(err, SQLSTATE_DATETIME_FIELD_OVERFLOW, "interval out of range");
    om_interval_apply_typmod(iv, typmod);
    return 0;
}
