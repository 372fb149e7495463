/*
 * session_settings.c — PostgreSQL's default values of the session settings
 * that influence value parsing and printing.
 */
#include "catalog/session_settings.h"

#include "common/tz_zone.h"

#include <stdio.h>
#include <string.h>

void session_settings_defaults(SessionSettings *s)
{
    memset(s, 0, sizeof(*s));
    s->datestyle = DATESTYLE_ISO;
    s->dateorder = DATEORDER_MDY;
    s->extra_float_digits = 1;
    s->tz_offset_secs = 0;
    s->tz_zone = NULL;
    snprintf(s->timezone, sizeof(s->timezone), "UTC");
    snprintf(s->search_path, sizeof(s->search_path), "\"$user\", public");
    snprintf(s->application_name, sizeof(s->application_name), "%s", "");
    snprintf(s->client_encoding, sizeof(s->client_encoding), "UTF8");
    snprintf(s->checkpoint_timeout, sizeof(s->checkpoint_timeout), "5min");
    snprintf(s->max_wal_size, sizeof(s->max_wal_size), "1GB");
    s->statement_timeout_ms = 0;
    planner_settings_defaults(&s->planner);
}

void session_settings_set_search_path(SessionSettings *s, const char *user_path)
{
    if (s->temp_schema[0])
        snprintf(s->search_path, sizeof(s->search_path), "%s, %s", s->temp_schema, user_path);
    else
        snprintf(s->search_path, sizeof(s->search_path), "%s", user_path);
}

const char *session_settings_search_path_user(const SessionSettings *s)
{
    size_t n = strlen(s->temp_schema);
    if (n && strncmp(s->search_path, s->temp_schema, n) == 0 && s->search_path[n] == ',')
        return s->search_path + n + 2;
    return s->search_path;
}

int32_t settings_tz_offset_utc(const SessionSettings *s, int64_t utc_us)
{
    if (!s) return 0;
    if (!s->tz_zone) return s->tz_offset_secs;
    return tz_zone_offset_utc(s->tz_zone, tz_unix_secs(utc_us));
}

int32_t settings_tz_offset_local(const SessionSettings *s, int64_t local_us)
{
    if (!s) return 0;
    if (!s->tz_zone) return s->tz_offset_secs;
    return tz_zone_offset_local(s->tz_zone, tz_unix_secs(local_us));
}

const char *settings_tz_abbrev(const SessionSettings *s, int64_t utc_us)
{
    if (!s || !s->tz_zone) return NULL;
    return tz_zone_abbrev(s->tz_zone, tz_unix_secs(utc_us), NULL);
}
