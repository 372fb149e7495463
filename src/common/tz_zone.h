/*
 * tz_zone.h — named time zones from the system tz database (tz_zone.c).
 */
#ifndef OMENDB_COMMON_TZ_ZONE_H
#define OMENDB_COMMON_TZ_ZONE_H

#include <stdbool.h>
#include <stdint.h>

typedef struct TzZone TzZone;

/* The zone called `name` ("Europe/Berlin", matched case-insensitively), or
 * NULL if the tz database has no such zone. Zones live for the process. */
const TzZone *tz_zone_load(const char *name);

/* A timestamptz (microseconds since 2000-01-01) as Unix seconds, rounded down. */
int64_t tz_unix_secs(int64_t pg_us);

/* The zone's name as the tz database spells it. */
const char *tz_zone_name(const TzZone *z);

/* UTC offset (seconds east) at the UTC instant utc_secs. */
int32_t tz_zone_offset_utc(const TzZone *z, int64_t utc_secs);

/* UTC offset (seconds east) of the local wall-clock time `local_secs`
 * (seconds since 1970-01-01 00:00 on the zone's clock); a skipped local time
 * takes the offset before the change, a repeated one the offset after. */
int32_t tz_zone_offset_local(const TzZone *z, int64_t local_secs);

/* Abbreviation in effect at utc_secs ("EST", "CEST", "+0545"). */
const char *tz_zone_abbrev(const TzZone *z, int64_t utc_secs, bool *is_dst);

#endif
