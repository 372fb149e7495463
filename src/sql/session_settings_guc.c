/*
 * session_settings_guc.c — the session's configuration parameters (GUCs):
 * SET / SHOW / RESET, set_config-style access by name, and the values the
 * wire layer reports in ParameterStatus.
 *
 * Parameters that change evaluation (DateStyle, TimeZone, search_path,
 * extra_float_digits, statement_timeout ...) are parsed into the session's
 * SessionSettings; the others are kept as text. Unknown names give 42704 as
 * in PostgreSQL; read-only ones give 55P02.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/tz_zone.h"
#include "sql/session_guc.h"
#include "sql/sql_checkpoint.h"
#include "sql/sql_int.h"

typedef struct GucDef {
    const char *name; /* canonical spelling, as SHOW ALL prints it */
    const char *boot; /* default value */
    bool reported;    /* sent in ParameterStatus */
    bool readonly;
} GucDef;

static const GucDef gucs[] = {
    {"application_name", "", true, false},
    {"client_encoding", "UTF8", true, false},
    {"DateStyle", "ISO, MDY", true, false},
    {"default_transaction_isolation", "read committed", false, false},
    {"default_transaction_read_only", "off", false, false},
    {"extra_float_digits", "1", false, false},
    {"integer_datetimes", "on", true, true},
    {"IntervalStyle", "postgres", true, false},
    {"is_superuser", "on", true, true},
    {"search_path", "\"$user\", public", false, false},
    {"server_encoding", "UTF8", true, true},
    {"server_version", OMENDB_SERVER_VERSION, true, true},
    {"server_version_num", OMENDB_SERVER_VERSION_NUM, false, true},
    {"session_authorization", "omendb", true, false},
    {"role", "none", false, false}, /* SET ROLE: none, or omendb (pg_restore --role) */
    {"standard_conforming_strings", "on", true, false},
    {"statement_timeout", "0", false, false},
    {"TimeZone", "UTC", true, false},
    {"client_min_messages", "notice", false, false},
    {"lc_messages", "C", false, false},
    {"lc_monetary", "C", false, false},
    {"lc_numeric", "C", false, false},
    {"lc_time", "C", false, false},
    {"max_connections", "500", false, true},
    {"transaction_isolation", "read committed", false, true},
    {"transaction_read_only", "off", false, true},
    {"bytea_output", "hex", false, false},
    {"escape_string_warning", "on", false, false},
    {"row_security", "on", false, false},
    {"work_mem", "4MB", false, false},
    {"idle_in_transaction_session_timeout", "0", false, false},
    {"lock_timeout", "0", false, false},
    {"deadlock_timeout", "1s", false, false}, /* accepted; OmenDB detects at wait time */
    {"synchronous_commit", "on", false, false},
    /* accepted: a scan always starts at the first row group (pg_dump sets it off) */
    {"synchronize_seqscans", "on", false, false},
    /* auto and force_generic_plan: the simple-protocol plan cache reuses a
     * generic plan where it is the plan the literals get (plan_cache.c);
     * force_custom_plan: every simple Query is parsed and planned */
    {"plan_cache_mode", "auto", false, false},
    /* server settings (sql_checkpoint.h); the session shows the server's values */
    {"checkpoint_timeout", "5min", false, true},
    {"max_wal_size", "1GB", false, true},
    /* the server's TLS setting (SqlAuth.ssl); how ALTER ROLE ... PASSWORD
     * hashes (psql's \password asks before it computes a verifier) */
    {"ssl", "off", false, true},
    {"password_encryption", "scram-sha-256", false, false},
    /* what pg_dump and pg_restore set (docs/sql.md, "Settings pg_dump sends"):
     * validated as PostgreSQL does; check_function_bodies, xmloption and
     * synchronize_seqscans change nothing here (no CREATE FUNCTION, no xml,
     * no synchronized scans), the other two name the only table access
     * method and tablespace OmenDB has */
    {"check_function_bodies", "on", false, false},
    {"default_table_access_method", "heap", false, false},
    {"default_tablespace", "", false, false},
    {"synchronize_seqscans", "on", false, false},
    {"xmloption", "content", false, false},
    {NULL, NULL, false, false},
};

#define NGUC (sizeof(gucs) / sizeof(gucs[0]) - 1)

/* The planner settings (catalog/planner_settings.h) follow gucs[] in the
 * index space: index NGUC + id. Their GucDefs are made once from the
 * planner's definitions, the boot value as SHOW prints it. */
static GucDef planner_gucdefs[PLANNER_NGUC];
static char planner_boots[PLANNER_NGUC][32];
static pthread_once_t planner_once = PTHREAD_ONCE_INIT;

static void planner_gucdefs_init(void)
{
    PlannerSettings boot;
    planner_settings_defaults(&boot);
    for (int i = 0; i < PLANNER_NGUC; i++) {
        const PlannerGucDef *d = planner_guc_def(i);
        char text[32];
        planner_guc_setting_text(i, boot.v[i], text, sizeof(text));
        double v;
        OmError ignore;
        error_clear(&ignore);
        if (planner_guc_parse(i, text, &v, planner_boots[i], sizeof(planner_boots[i]), &ignore) !=
            0)
            snprintf(planner_boots[i], sizeof(planner_boots[i]), "%s", text);
        planner_gucdefs[i].name = d->name;
        planner_gucdefs[i].boot = planner_boots[i];
    }
}

static const GucDef *guc_at(size_t i)
{
    if (i < NGUC) return &gucs[i];
    pthread_once(&planner_once, planner_gucdefs_init);
    return &planner_gucdefs[i - NGUC];
}

#define NGUC_ALL (NGUC + PLANNER_NGUC)

static const GucDef *guc_find(const char *name, int *index)
{
    for (size_t i = 0; i < NGUC; i++)
        if (strcasecmp(gucs[i].name, name) == 0) {
            if (index) *index = (int)i;
            return &gucs[i];
        }
    int id = planner_guc_find(name);
    if (id < 0) return NULL;
    if (index) *index = (int)NGUC + id;
    return guc_at(NGUC + (size_t)id);
}

static char **values_of(SqlSession *s)
{
    /* per-session text values live in the session arena, allocated lazily */
    return (char **)s->guc_values;
}

void session_guc_init(SqlSession *s)
{
    s->guc_values = arena_zalloc(s->arena, sizeof(char *) * NGUC_ALL);
    char **vals = values_of(s);
    for (size_t i = 0; i < NGUC_ALL; i++) vals[i] = arena_strdup(s->arena, guc_at(i)->boot);
    SessionSettings *st = &s->settings;
    int idx;
    if (s->db &&
        sql_checkpoint_settings(s->db, st->checkpoint_timeout, sizeof(st->checkpoint_timeout),
                                st->max_wal_size, sizeof(st->max_wal_size))) {
        if (guc_find("checkpoint_timeout", &idx))
            vals[idx] = arena_strdup(s->arena, st->checkpoint_timeout);
        if (guc_find("max_wal_size", &idx)) vals[idx] = arena_strdup(s->arena, st->max_wal_size);
    }
    if (s->db && s->db->auth.ssl && guc_find("ssl", &idx)) vals[idx] = arena_strdup(s->arena, "on");
}

static int parse_timezone(const char *v, SessionSettings *st, OmError *err)
{
    if (strcasecmp(v, "UTC") == 0 || strcasecmp(v, "GMT") == 0 || strcasecmp(v, "Etc/UTC") == 0 ||
        strcasecmp(v, "Z") == 0 || strcasecmp(v, "Zulu") == 0 || strcasecmp(v, "Etc/GMT") == 0 ||
        strcasecmp(v, "UCT") == 0 || strcasecmp(v, "Universal") == 0) {
        st->tz_offset_secs = 0;
        st->tz_zone = NULL;
        snprintf(st->timezone, sizeof(st->timezone), "%s", v);
        return 0;
    }
    /* A plain number (SET TIME ZONE 5, '-3', -8.5) is hours EAST of UTC and shows
     * as "<+05>-05"; anything else with an offset ('+05:30', '<abc>-3') is a POSIX
     * zone, where positive means WEST, and shows as written. */
    char *end;
    double hours = strtod(v, &end);
    if (end != v && *end == '\0' && hours > -16 && hours < 16) {
        int secs = (int)(hours * 3600 + (hours < 0 ? -0.5 : 0.5));
        int a = secs < 0 ? -secs : secs;
        int h = a / 3600, m = a / 60 % 60;
        char off[16];
        snprintf(off, sizeof(off), m ? "%02d:%02d" : "%02d", h, m);
        st->tz_offset_secs = secs;
        st->tz_zone = NULL;
        snprintf(st->timezone, sizeof(st->timezone), "<%c%s>%c%s", secs < 0 ? '-' : '+', off,
                 secs < 0 ? '+' : '-', off);
        return 0;
    }
    const char *p = v;
    if (*p == '<') {
        p = strchr(p, '>');
        p = p ? p + 1 : v;
    }
    int sign = 1;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    if (isdigit((unsigned char)*p)) {
        int h = 0, m = 0;
        while (isdigit((unsigned char)*p)) h = h * 10 + (*p++ - '0');
        if (*p == ':') {
            p++;
            while (isdigit((unsigned char)*p)) m = m * 10 + (*p++ - '0');
        }
        if (*p == '\0' && h <= 15 && m < 60) {
            st->tz_offset_secs = -sign * (h * 3600 + m * 60);
            st->tz_zone = NULL;
            snprintf(st->timezone, sizeof(st->timezone), "%s", v);
            return 0;
        }
    }
    const TzZone *z = tz_zone_load(v);
    if (z) {
        st->tz_zone = z;
        st->tz_offset_secs = 0;
        snprintf(st->timezone, sizeof(st->timezone), "%s", tz_zone_name(z));
        return 0;
    }
    ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"TimeZone\": \"%s\"",
        v);
    return -1;
}

static int parse_datestyle(const char *v, SessionSettings *st, char *canon, size_t cap,
                           OmError *err)
{
    DateStyleOut style = st->datestyle;
    DateOrder order = st->dateorder;
    bool order_given = false;
    char buf[128];
    snprintf(buf, sizeof(buf), "%s", v);
    for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
        if (strcasecmp(tok, "ISO") == 0)
            style = DATESTYLE_ISO;
        else if (strcasecmp(tok, "Postgres") == 0)
            style = DATESTYLE_POSTGRES;
        else if (strcasecmp(tok, "SQL") == 0)
            style = DATESTYLE_SQL;
        else if (strcasecmp(tok, "German") == 0)
            style = DATESTYLE_GERMAN;
        else if (strcasecmp(tok, "MDY") == 0 || strcasecmp(tok, "US") == 0 ||
                 strcasecmp(tok, "NonEuropean") == 0)
            order = DATEORDER_MDY, order_given = true;
        else if (strcasecmp(tok, "DMY") == 0 || strcasecmp(tok, "European") == 0)
            order = DATEORDER_DMY, order_given = true;
        else if (strcasecmp(tok, "YMD") == 0)
            order = DATEORDER_YMD, order_given = true;
        else if (strcasecmp(tok, "DEFAULT") == 0) {
            style = DATESTYLE_ISO;
            order = DATEORDER_MDY;
        } else {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"DateStyle\": \"%s\"", v);
            error_detail(err, "Unrecognized key word: \"%s\".", tok);
            return -1;
        }
    }
    /* German without an order means DMY, as in PostgreSQL */
    if (style == DATESTYLE_GERMAN && !order_given) order = DATEORDER_DMY;
    st->datestyle = style;
    st->dateorder = order;
    static const char *const on[] = {"MDY", "DMY", "YMD"};
    static const char *const sn[] = {"ISO", "Postgres", "SQL", "German"};
    snprintf(canon, cap, "%s, %s", sn[style], on[order]);
    return 0;
}

static bool parse_bool_text(const char *v, bool *out)
{
    if (!strcasecmp(v, "on") || !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
        !strcmp(v, "1")) {
        *out = true;
        return true;
    }
    if (!strcasecmp(v, "off") || !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
        !strcmp(v, "0")) {
        *out = false;
        return true;
    }
    return false;
}

/* The parameters pg_dump and pg_restore set, checked as PostgreSQL's check
 * hooks do; canon gets the value SHOW prints. Returns 0 (also for any other
 * parameter, which it leaves alone) or -1 with the error. SET ROLE and SET
 * SESSION AUTHORIZATION take omendb, the one login role, or the session's
 * user (an HTTP API session's, see docs/http.md) (ROLE also none); becoming
 * pg_database_owner would change current_user, which OmenDB does not model
 * (0A000). */
static int check_dump_setting(const char *name, const char *value, const char *user, char *canon,
                              size_t cap, OmError *err)
{
    bool is_role = !strcmp(name, "role");
    if (is_role || !strcmp(name, "session_authorization")) {
        if (is_role && !strcasecmp(value, "none")) {
            snprintf(canon, cap, "none");
            return 0;
        }
        if (!strcmp(value, "omendb") || !strcmp(value, user)) return 0;
        if (!strcmp(value, "pg_database_owner"))
            return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s pg_database_owner is not supported",
                       is_role ? "SET ROLE" : "SET SESSION AUTHORIZATION");
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "role \"%s\" does not exist", value);
    }
    if (!strcmp(name, "check_function_bodies") || !strcmp(name, "synchronize_seqscans")) {
        bool on;
        if (!parse_bool_text(value, &on))
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "parameter \"%s\" requires a Boolean value", name);
        snprintf(canon, cap, "%s", on ? "on" : "off");
    } else if (!strcmp(name, "xmloption")) {
        if (strcasecmp(value, "content") && strcasecmp(value, "document")) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"xmloption\": \"%s\"", value);
            error_hint(err, "Available values: content, document.");
            return -1;
        }
        for (char *c = canon; *c; c++) *c = (char)tolower((unsigned char)*c);
    } else if (!strcmp(name, "default_table_access_method")) {
        /* pg_am: heap is the table access method, btree an index one */
        if (strcmp(value, "btree") == 0)
            return ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                       "access method \"%s\" is not of type TABLE", value);
        if (strcmp(value, "heap") != 0) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"%s\": \"%s\"",
                name, value);
            if (!value[0])
                error_detail(err, "default_table_access_method cannot be empty.");
            else if (strlen(value) >= 64)
                error_detail(err, "default_table_access_method is too long (maximum 63 "
                                  "characters).");
            else
                error_detail(err, "Table access method \"%s\" does not exist.", value);
            return -1;
        }
    } else if (!strcmp(name, "default_tablespace")) {
        /* pg_tablespace's two rows; tables always live in pg_default */
        if (value[0] && strcmp(value, "pg_default") != 0 && strcmp(value, "pg_global") != 0) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid value for parameter \"%s\": \"%s\"",
                name, value);
            error_detail(err, "Tablespace \"%s\" does not exist.", value);
            return -1;
        }
    }
    return 0;
}

int session_guc_set(SqlSession *s, const char *name, const char *value, ResultSink *sink,
                    OmError *err)
{
    int idx;
    const GucDef *g = guc_find(name, &idx);
    if (!g) {
        ERR(err, SQLSTATE_UNDEFINED_OBJECT, "unrecognized configuration parameter \"%s\"", name);
        return -1;
    }
    if (g->readonly) {
        if (value && strcmp(value, values_of(s)[idx]) == 0) return 0;
        ERR(err, "55P02", "parameter \"%s\" cannot be changed", g->name);
        return -1;
    }
    if (!value) value = g->boot; /* RESET / DEFAULT */
    char canon[256];
    snprintf(canon, sizeof(canon), "%s", value);
    SessionSettings *st = &s->settings;
    if (strcmp(g->name, "TimeZone") == 0) {
        if (parse_timezone(value, st, err) != 0) return -1;
        snprintf(canon, sizeof(canon), "%s", st->timezone);
    } else if (strcmp(g->name, "DateStyle") == 0) {
        if (parse_datestyle(value, st, canon, sizeof(canon), err) != 0) return -1;
    } else if (strcmp(g->name, "search_path") == 0) {
        session_settings_set_search_path(st, value);
    } else if (strcmp(g->name, "extra_float_digits") == 0) {
        char *end;
        long v = strtol(value, &end, 10);
        if (*end || v < -15 || v > 3) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "%s is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)",
                value);
            return -1;
        }
        st->extra_float_digits = (int)v;
    } else if (strcmp(g->name, "statement_timeout") == 0) {
        char *end;
        double v = strtod(value, &end);
        while (*end == ' ') end++;
        double mult = 1;
        if (!strcasecmp(end, "s"))
            mult = 1000;
        else if (!strcasecmp(end, "min"))
            mult = 60000;
        else if (!strcasecmp(end, "h"))
            mult = 3600000;
        else if (!strcasecmp(end, "d"))
            mult = 86400000;
        else if (*end && strcasecmp(end, "ms")) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"statement_timeout\": \"%s\"", value);
            return -1;
        }
        st->statement_timeout_ms = (int64_t)(v * mult);
        /* as PostgreSQL shows it: in the largest unit that divides it */
        static const struct {
            int64_t ms;
            const char *unit;
        } units[] = {{86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}, {1, "ms"}};
        int64_t ms = st->statement_timeout_ms;
        size_t u = 0;
        while (ms != 0 && ms % units[u].ms != 0) u++;
        snprintf(canon, sizeof(canon), "%lld%s", (long long)(ms ? ms / units[u].ms : 0),
                 ms ? units[u].unit : "");
    } else if (strcmp(g->name, "application_name") == 0) {
        snprintf(st->application_name, sizeof(st->application_name), "%s", value);
    } else if (strcmp(g->name, "client_encoding") == 0) {
        if (strcasecmp(value, "UTF8") && strcasecmp(value, "UTF-8") &&
            strcasecmp(value, "unicode") && strcasecmp(value, "SQL_ASCII")) {
            ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "client encoding \"%s\" is not supported",
                value);
            error_detail(err, "OmenDB speaks UTF8 only.");
            return -1;
        }
        snprintf(canon, sizeof(canon), "UTF8");
        snprintf(st->client_encoding, sizeof(st->client_encoding), "UTF8");
    } else if (strcmp(g->name, "IntervalStyle") == 0) {
        if (strcasecmp(value, "postgres") != 0) {
            ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "IntervalStyle \"%s\" is not supported yet",
                value);
            return -1;
        }
        snprintf(canon, sizeof(canon), "postgres");
    } else if (strcmp(g->name, "standard_conforming_strings") == 0) {
        bool on;
        if (!parse_bool_text(value, &on)) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "parameter \"standard_conforming_strings\" requires a Boolean value");
            return -1;
        }
        if (!on) {
            ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "standard_conforming_strings = off is not supported");
            return -1;
        }
        snprintf(canon, sizeof(canon), "on");
    } else if (strcmp(g->name, "default_transaction_read_only") == 0) {
        bool on = false;
        if (!parse_bool_text(value, &on)) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "parameter \"%s\" requires a Boolean value",
                g->name);
            return -1;
        }
        snprintf(canon, sizeof(canon), "%s", on ? "on" : "off");
    } else if (strcmp(g->name, "default_transaction_isolation") == 0) {
        if (strcasecmp(value, "serializable") == 0) {
            ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "SERIALIZABLE isolation is not supported");
            return -1;
        }
        if (strcasecmp(value, "read committed") != 0 && strcasecmp(value, "repeatable read") != 0 &&
            strcasecmp(value, "read uncommitted") != 0) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"default_transaction_isolation\": \"%s\"", value);
            return -1;
        }
        for (char *c = canon; *c; c++) *c = (char)tolower((unsigned char)*c);
    } else if (strcmp(g->name, "synchronous_commit") == 0) {
        /* PostgreSQL's values; without replicas local/remote_* mean on. */
        static const char *const levels[] = {"local", "remote_write", "remote_apply", NULL};
        bool on = true, known = parse_bool_text(value, &on);
        for (int i = 0; levels[i] && !known; i++)
            if (!strcasecmp(levels[i], value)) known = true;
        if (!known) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"synchronous_commit\": \"%s\"", value);
            error_hint(err, "Available values: local, remote_write, remote_apply, on, off.");
            return -1;
        }
        if (parse_bool_text(value, &on)) snprintf(canon, sizeof(canon), "%s", on ? "on" : "off");
        for (char *c = canon; *c; c++) *c = (char)tolower((unsigned char)*c);
        s->async_commit = !on;
    } else if (strcmp(g->name, "plan_cache_mode") == 0) {
        static const char *const modes[] = {"auto", "force_generic_plan", "force_custom_plan",
                                            NULL};
        bool ok = false;
        for (int i = 0; modes[i]; i++)
            if (!strcasecmp(modes[i], value)) ok = true;
        if (!ok) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"plan_cache_mode\": \"%s\"", value);
            error_hint(err, "Available values: auto, force_generic_plan, force_custom_plan.");
            return -1;
        }
        for (char *c = canon; *c; c++) *c = (char)tolower((unsigned char)*c);
        s->custom_plans_only = strcmp(canon, "force_custom_plan") == 0;
    } else if (idx >= (int)NGUC) {
        /* a planner setting: parsed for the planner, shown as PostgreSQL does */
        if (planner_guc_parse(idx - (int)NGUC, value, &st->planner.v[idx - (int)NGUC], canon,
                              sizeof(canon), err) != 0)
            return -1;
    } else if (strcmp(g->name, "client_min_messages") == 0) {
        static const char *const levels[] = {"debug5",  "debug4", "debug3", "debug2",
                                             "debug1",  "debug",  "log",    "notice",
                                             "warning", "error",  NULL};
        bool ok = false;
        for (int i = 0; levels[i]; i++)
            if (!strcasecmp(levels[i], value)) ok = true;
        if (!ok) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"client_min_messages\": \"%s\"", value);
            return -1;
        }
        for (char *c = canon; *c; c++) *c = (char)tolower((unsigned char)*c);
    } else if (check_dump_setting(g->name, value, s->user, canon, sizeof(canon), err) != 0) {
        return -1;
    }
    values_of(s)[idx] = arena_strdup(s->arena, canon);
    if (g->reported && sink && sink->parameter_status)
        sink->parameter_status(sink->ctx, g->name, values_of(s)[idx]);
    return 0;
}

const char *session_guc_get(SqlSession *s, const char *name, const char **canonical_name)
{
    int idx;
    const GucDef *g = guc_find(name, &idx);
    if (!g) return NULL;
    if (canonical_name) *canonical_name = g->name;
    return values_of(s)[idx];
}

int session_guc_index(const char *name)
{
    int idx;
    return guc_find(name, &idx) ? idx : -1;
}

int session_guc_count(void)
{
    return (int)NGUC_ALL;
}

const char *session_guc_name(int i, bool *reported)
{
    const GucDef *g = guc_at((size_t)i);
    if (reported) *reported = g->reported;
    return g->name;
}
