/*
 * tz_zone.c — named time zones ('America/New_York', 'Europe/Berlin') from the
 * system's tz database (Debian's tzdata, /usr/share/zoneinfo, TZif files).
 *
 * A zone is its list of transitions (UTC instant, offset after it) from the
 * file's 64-bit section, plus the POSIX TZ rule of the file's footer for
 * instants after the last listed transition (e.g. "EST5EDT,M3.2.0,M11.1.0"),
 * whose transitions are computed per year on demand.
 *
 * Two questions are answered:
 *   - the UTC offset at a UTC instant (printing a timestamptz);
 *   - the UTC offset of a local wall-clock time (reading one). A local time
 *     that a transition skips (the spring-forward gap) takes the offset before
 *     the transition, and one it repeats (the fall-back overlap) takes the
 *     offset after it, which is what PostgreSQL does: 02:30 on the day New
 *     York springs forward reads as 03:30-04, 01:30 on the day it falls back
 *     as 01:30-05.
 *
 * Loaded zones are immutable and live for the process: they are cached by
 * name under a mutex, and sessions hold plain pointers to them.
 */
#include "common/tz_zone.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/sqlstate.h"

#ifndef TZ_ZONEINFO_DIR
#define TZ_ZONEINFO_DIR "/usr/share/zoneinfo"
#endif

typedef struct TzRule { /* one POSIX date rule: Mm.w.d, Jn or n, then a time */
    char kind;          /* 'M', 'J' (1..365, no Feb 29) or 'n' (0..365) */
    int month, week, wday, day;
    int32_t secs; /* local time of day of the change */
} TzRule;

struct TzZone {
    char name[64];
    int n;
    int64_t *at;     /* transition instants (UTC seconds), ascending */
    int32_t *off;    /* offset in effect from at[i] on (seconds east) */
    uint8_t *isdst;  /* ... and whether it is daylight time */
    char (*abbr)[8]; /* ... and its abbreviation */
    int32_t off0;    /* offset before the first transition */
    char abbr0[8];
    bool has_rule;            /* footer rule for instants after at[n-1] */
    int32_t std_off, dst_off; /* seconds east */
    char std_abbr[8], dst_abbr[8];
    bool has_dst;
    TzRule start, end;
    struct TzZone *next; /* cache list */
};

/* ---- civil calendar ---- */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int64_t year_of(int64_t secs)
{
    int64_t z = (secs >= 0 ? secs : secs - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return yoe + era * 400 + (m <= 2);
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds (since 1970, in the zone's clock) at which `r` falls in year y. */
static int64_t rule_local(const TzRule *r, int64_t y)
{
    int64_t day;
    if (r->kind == 'M') {
        static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int64_t first = days_from_civil(y, r->month, 1);
        int wday_first = (int)(((first % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
        int dom = 1 + (r->wday - wday_first + 7) % 7 + (r->week - 1) * 7;
        int len = mdays[r->month - 1] + (r->month == 2 && is_leap(y));
        while (dom > len) dom -= 7;
        day = first + dom - 1;
    } else if (r->kind == 'J') {
        int d = r->day;
        if (is_leap(y) && d >= 60) d++;
        day = days_from_civil(y, 1, 1) + d - 1;
    } else {
        day = days_from_civil(y, 1, 1) + r->day;
    }
    return day * 86400 + r->secs;
}

/* ---- POSIX TZ footer ---- */

static const char *parse_abbr(const char *p, char *out)
{
    size_t n = 0;
    if (*p == '<') {
        p++;
        while (*p && *p != '>') {
            if (n < 7) out[n++] = *p;
            p++;
        }
        if (*p != '>') return NULL;
        p++;
    } else {
        while (isalpha((unsigned char)*p)) {
            if (n < 7) out[n++] = *p;
            p++;
        }
        if (n < 3) return NULL;
    }
    out[n] = '\0';
    return p;
}

/* [+-]hh[:mm[:ss]] into seconds. */
static const char *parse_hms(const char *p, int32_t *secs)
{
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*p)) return NULL;
    int32_t v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*p != ':') break;
            p++;
        }
        if (!isdigit((unsigned char)*p)) return NULL;
        while (isdigit((unsigned char)*p)) v[i] = v[i] * 10 + (*p++ - '0');
    }
    *secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
    return p;
}

static const char *parse_rule(const char *p, TzRule *r)
{
    memset(r, 0, sizeof(*r));
    r->secs = 2 * 3600;
    if (*p == 'M') {
        r->kind = 'M';
        if (sscanf(p + 1, "%d.%d.%d", &r->month, &r->week, &r->wday) != 3) return NULL;
        if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->wday < 0 ||
            r->wday > 6)
            return NULL;
        p++;
        while (*p && *p != '/' && *p != ',') p++;
    } else {
        r->kind = *p == 'J' ? 'J' : 'n';
        if (*p == 'J') p++;
        if (!isdigit((unsigned char)*p)) return NULL;
        while (isdigit((unsigned char)*p)) r->day = r->day * 10 + (*p++ - '0');
    }
    if (*p == '/') {
        p = parse_hms(p + 1, &r->secs);
        if (!p) return NULL;
    }
    return p;
}

static bool parse_footer(TzZone *z, const char *s)
{
    int32_t w;
    const char *p = parse_abbr(s, z->std_abbr);
    if (!p || !(p = parse_hms(p, &w))) return false;
    z->std_off = -w;
    z->has_rule = true;
    if (*p == '\0') return true;
    if (!(p = parse_abbr(p, z->dst_abbr))) return false;
    z->dst_off = z->std_off + 3600;
    if (*p && *p != ',') {
        if (!(p = parse_hms(p, &w))) return false;
        z->dst_off = -w;
    }
    if (*p != ',') return false; /* DST without rules: not in TZif footers */
    if (!(p = parse_rule(p + 1, &z->start)) || *p != ',') return false;
    if (!(p = parse_rule(p + 1, &z->end)) || *p != '\0') return false;
    z->has_dst = true;
    return true;
}

/* Transitions of the footer rule in years y-1..y+1 (UTC instants, offset
 * after each), ascending. Returns their count (0 without DST). */
static int rule_transitions(const TzZone *z, int64_t y, int64_t at[6], int32_t off[6], bool dst[6])
{
    if (!z->has_dst) return 0;
    int n = 0;
    for (int64_t yy = y - 1; yy <= y + 1; yy++) {
        int64_t s = rule_local(&z->start, yy) - z->std_off; /* start: local standard time */
        int64_t e = rule_local(&z->end, yy) - z->dst_off;   /* end: local daylight time */
        if (s < e) {
            at[n] = s, off[n] = z->dst_off, dst[n++] = true;
            at[n] = e, off[n] = z->std_off, dst[n++] = false;
        } else { /* southern hemisphere: DST spans the new year */
            at[n] = e, off[n] = z->std_off, dst[n++] = false;
            at[n] = s, off[n] = z->dst_off, dst[n++] = true;
        }
    }
    return n;
}

/* ---- TZif ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

typedef struct TzifCounts {
    uint32_t isut, isstd, leap, time, type, chars;
} TzifCounts;

static bool read_counts(const unsigned char *h, size_t len, TzifCounts *c)
{
    if (len < 44 || memcmp(h, "TZif", 4) != 0) return false;
    c->isut = be32(h + 20), c->isstd = be32(h + 24), c->leap = be32(h + 28);
    c->time = be32(h + 32), c->type = be32(h + 36), c->chars = be32(h + 40);
    return c->type > 0 && c->type < 256 && c->time < 100000 && c->chars < 4096 && c->leap < 10000 &&
           c->isut <= c->type && c->isstd <= c->type;
}

static size_t block_len(const TzifCounts *c, int tsize)
{
    return c->time * (size_t)tsize + c->time + c->type * 6u + c->chars +
           c->leap * (size_t)(tsize + 4) + c->isstd + c->isut;
}

static TzZone *parse_tzif(const unsigned char *buf, size_t len, const char *name)
{
    TzifCounts c;
    if (!read_counts(buf, len, &c)) return NULL;
    if (buf[4] < '2') return NULL; /* version 1 files carry no 64-bit data */
    size_t v1 = 44 + block_len(&c, 4);
    if (v1 > len || !read_counts(buf + v1, len - v1, &c)) return NULL;
    const unsigned char *p = buf + v1 + 44;
    size_t need = block_len(&c, 8);
    if ((size_t)(p - buf) + need > len) return NULL;
    TzZone *z = calloc(1, sizeof(*z));
    if (!z) return NULL;
    snprintf(z->name, sizeof(z->name), "%s", name);
    z->n = (int)c.time;
    z->at = calloc(c.time + 1, sizeof(int64_t));
    z->off = calloc(c.time + 1, sizeof(int32_t));
    z->isdst = calloc(c.time + 1, 1);
    z->abbr = calloc(c.time + 1, sizeof(*z->abbr));
    if (!z->at || !z->off || !z->isdst || !z->abbr) goto bad;
    const unsigned char *times = p, *idx = p + c.time * 8, *types = idx + c.time;
    const char *chars = (const char *)(types + c.type * 6);
    for (uint32_t i = 0; i < c.time; i++) {
        uint8_t t = idx[i];
        if (t >= c.type) goto bad;
        z->at[i] = be64(times + i * 8);
        if (i > 0 && z->at[i] <= z->at[i - 1]) goto bad;
        z->off[i] = (int32_t)be32(types + t * 6);
        z->isdst[i] = types[t * 6 + 4];
        uint8_t ai = types[t * 6 + 5];
        if (ai < c.chars) snprintf(z->abbr[i], sizeof(z->abbr[i]), "%s", chars + ai);
    }
    z->off0 = (int32_t)be32(types); /* type 0: the time before the first transition */
    if (types[5] < c.chars) snprintf(z->abbr0, sizeof(z->abbr0), "%s", chars + types[5]);
    /* footer: "\n<POSIX TZ>\n" */
    const char *f = (const char *)(p + need);
    size_t flen = len - (size_t)(p + need - buf);
    if (flen >= 2 && f[0] == '\n') {
        const char *nl = memchr(f + 1, '\n', flen - 1);
        if (nl && nl > f + 1 && (size_t)(nl - f) < 128) {
            char footer[128];
            memcpy(footer, f + 1, (size_t)(nl - f - 1));
            footer[nl - f - 1] = '\0';
            if (!parse_footer(z, footer)) z->has_rule = false;
        }
    }
    return z;
bad:
    free(z->at);
    free(z->off);
    free(z->isdst);
    free(z->abbr);
    free(z);
    return NULL;
}

/* ---- lookup ---- */

static bool valid_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= 64 || name[0] == '/' || strstr(name, "..")) return false;
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("_+-/", *p)) return false;
    return true;
}

/* Opens DIR/name, matching each path component case-insensitively (as
 * PostgreSQL does); writes the name as spelled on disk into canon. */
static FILE *open_zone(const char *name, char *canon, size_t cap)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", TZ_ZONEINFO_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f) {
        snprintf(canon, cap, "%s", name);
        return f;
    }
    char dir[512], rest[64];
    snprintf(dir, sizeof(dir), "%s", TZ_ZONEINFO_DIR);
    snprintf(rest, sizeof(rest), "%s", name);
    canon[0] = '\0';
    for (char *part = strtok(rest, "/"); part; part = strtok(NULL, "/")) {
        DIR *d = opendir(dir);
        if (!d) return NULL;
        struct dirent *e;
        bool found = false;
        while ((e = readdir(d)) != NULL)
            if (strcasecmp(e->d_name, part) == 0) {
                size_t dl = strlen(dir);
                snprintf(dir + dl, sizeof(dir) - dl, "/%s", e->d_name);
                size_t cl = strlen(canon);
                snprintf(canon + cl, cap - cl, "%s%s", cl ? "/" : "", e->d_name);
                found = true;
                break;
            }
        closedir(d);
        if (!found) return NULL;
    }
    return fopen(dir, "rb");
}

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static TzZone *cache;

const TzZone *tz_zone_load(const char *name)
{
    if (!valid_name(name)) return NULL;
    pthread_mutex_lock(&cache_mu);
    for (TzZone *z = cache; z; z = z->next)
        if (strcasecmp(z->name, name) == 0) {
            pthread_mutex_unlock(&cache_mu);
            return z;
        }
    char canon[64];
    FILE *f = open_zone(name, canon, sizeof(canon));
    TzZone *z = NULL;
    if (f) {
        unsigned char *buf = malloc(1 << 20);
        size_t len = buf ? fread(buf, 1, 1 << 20, f) : 0;
        fclose(f);
        if (len > 0) z = parse_tzif(buf, len, canon);
        free(buf);
    }
    if (z) {
        z->next = cache;
        cache = z;
    }
    pthread_mutex_unlock(&cache_mu);
    return z;
}

int64_t tz_unix_secs(int64_t pg_us)
{
    int64_t q = pg_us / 1000000, r = pg_us % 1000000;
    return (r < 0 ? q - 1 : q) + INT64_C(946684800); /* 2000-01-01 in Unix seconds */
}

const char *tz_zone_name(const TzZone *z)
{
    return z->name;
}

/* Offset (and abbreviation) at a UTC instant. */
static int32_t offset_utc(const TzZone *z, int64_t t, bool *dst, const char **abbr)
{
    bool past_list = z->n == 0 || t >= z->at[z->n - 1];
    if (past_list && z->has_rule) {
        int64_t at[6];
        int32_t off[6];
        bool isdst[6];
        int n = rule_transitions(z, year_of(t + z->std_off), at, off, isdst);
        if (n == 0) {
            *dst = false, *abbr = z->std_abbr;
            return z->std_off;
        }
        int k = -1;
        for (int i = 0; i < n; i++)
            if (at[i] <= t) k = i;
        if (k < 0) k = n - 1; /* cannot happen: year-1's changes precede t */
        *dst = isdst[k], *abbr = isdst[k] ? z->dst_abbr : z->std_abbr;
        return off[k];
    }
    if (z->n == 0 || t < z->at[0]) {
        *dst = false, *abbr = z->abbr0;
        return z->off0;
    }
    int lo = 0, hi = z->n - 1; /* last i with at[i] <= t */
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (z->at[mid] <= t)
            lo = mid;
        else
            hi = mid - 1;
    }
    *dst = z->isdst[lo], *abbr = z->abbr[lo];
    return z->off[lo];
}

int32_t tz_zone_offset_utc(const TzZone *z, int64_t utc_secs)
{
    bool dst;
    const char *abbr;
    return offset_utc(z, utc_secs, &dst, &abbr);
}

const char *tz_zone_abbrev(const TzZone *z, int64_t utc_secs, bool *is_dst)
{
    bool dst;
    const char *abbr;
    offset_utc(z, utc_secs, &dst, &abbr);
    if (is_dst) *is_dst = dst;
    return abbr;
}

int32_t tz_zone_offset_local(const TzZone *z, int64_t local)
{
    /* Candidate offsets: of the instants 14 h either side of `local` taken as
     * UTC. Take the change between them, if any: the offset after it applies
     * once local - after >= change, else the offset before it. */
    int32_t before = tz_zone_offset_utc(z, local - 14 * 3600);
    int32_t after = tz_zone_offset_utc(z, local + 14 * 3600);
    if (before == after) {
        /* at most a change that returns to the same offset: resolve directly */
        int32_t o = tz_zone_offset_utc(z, local - before);
        return tz_zone_offset_utc(z, local - o) == o ? o : before;
    }
    /* find the change instant between the two by bisection (offsets are
     * constant between changes) */
    int64_t lo = local - 14 * 3600, hi = local + 14 * 3600;
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (tz_zone_offset_utc(z, mid) == before)
            lo = mid;
        else
            hi = mid;
    }
    int32_t oa = tz_zone_offset_utc(z, hi);
    return local - oa >= hi ? oa : before;
}
