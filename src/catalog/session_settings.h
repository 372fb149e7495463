/*
 * session_settings.h — the per-session settings (GUCs) that change how values
 * are parsed, evaluated and printed. Owned by the session (sql/session.c);
 * read-only for the executor and type I/O during a statement.
 */
#ifndef OMENDB_CATALOG_SESSION_SETTINGS_H
#define OMENDB_CATALOG_SESSION_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/planner_settings.h"
#include "common/error.h"

struct CatTable;

typedef enum DateStyleOut {
    DATESTYLE_ISO = 0,
    DATESTYLE_POSTGRES,
    DATESTYLE_SQL,
    DATESTYLE_GERMAN
} DateStyleOut;
typedef enum DateOrder { DATEORDER_MDY = 0, DATEORDER_DMY, DATEORDER_YMD } DateOrder;

/* One row of pg_prepared_statements, as the session reports it. */
typedef struct SessionPreparedRow {
    const char *name;
    const char *statement;
    int64_t prepare_time;        /* timestamptz: microseconds since 2000-01-01 UTC */
    const char *parameter_types; /* regtype[] text form, e.g. "{integer,text}" */
    bool from_sql;
    int64_t generic_plans, custom_plans;
} SessionPreparedRow;

/* One row of pg_cursors: a named portal (SQL DECLARE or protocol Bind). */
typedef struct SessionCursorRow {
    const char *name;
    const char *statement;
    bool is_holdable, is_binary, is_scrollable;
    int64_t creation_time; /* timestamptz: microseconds since 2000-01-01 UTC */
} SessionCursorRow;

/* Session state beyond settings that system views show (pg_prepared_statements).
 * The sql layer fills it in; catalog code only calls through it. `list` calls
 * `emit` once per named prepared statement and returns 0, or the first
 * non-zero value emit returned. */
/* Counters of the simple-protocol plan cache (omendb_plan_cache). */
typedef struct SessionPlanCacheCounts {
    uint64_t hits, misses, custom, evictions, entries;
} SessionPlanCacheCounts;

/* The write-ahead log's counters (omendb_wal); present is false without a
 * log. Its positions are pg_current_wal_lsn() and pg_current_wal_flush_lsn(). */
typedef struct SessionWalCounts {
    bool present;
    uint64_t commits, flushes, replies_by_flush, segments_made;
} SessionWalCounts;

/* One row of pg_stat_activity: a client connection as the server sees it.
 * Timestamps are timestamptz (microseconds since 2000-01-01 UTC), 0 = NULL. */
typedef struct SessionActivityRow {
    int32_t pid; /* the BackendKeyData pid, as pg_backend_pid() returns it */
    const char *datname, *usename, *application_name;
    const char *client_addr; /* NULL over a Unix-domain socket */
    int32_t client_port;     /* -1 over a Unix-domain socket */
    int64_t backend_start, xact_start, query_start, state_change;
    const char *state;     /* "active", "idle", "idle in transaction", ...; NULL while starting */
    const char *lock_wait; /* active and waiting: "transactionid" or "advisory"; else NULL */
    const char *query;     /* the last statement's text (the running one when active) */
    bool ssl;              /* over TLS (pg_stat_ssl); then version, cipher and bits are set */
    const char *ssl_version, *ssl_cipher;
    int32_t ssl_bits;
} SessionActivityRow;

/* An advisory-lock call (pg_advisory_lock and its family; sql/session_advisory.c). */
typedef enum SessionAdvisoryOp {
    SESSION_ADVISORY_LOCK,       /* take (wait: sleep until free, else try once) */
    SESSION_ADVISORY_UNLOCK,     /* release one session-level hold */
    SESSION_ADVISORY_UNLOCK_ALL, /* release every session-level hold */
} SessionAdvisoryOp;

typedef struct SessionAdvisoryRequest {
    SessionAdvisoryOp op;
    int64_t key;
    uint8_t kind; /* 1: a bigint key, 2: a pair of int4 (key = high << 32 | low) */
    bool shared, xact, wait;
    int64_t deadline_us; /* statement_timeout as unix microseconds; 0 none */
} SessionAdvisoryRequest;

/* One row of pg_locks: an advisory lock held (granted) or waited for. */
typedef struct SessionLockRow {
    int32_t pid;
    int64_t key;
    uint8_t kind;
    bool shared, granted;
} SessionLockRow;

typedef struct SessionViews {
    int (*list_prepared)(void *session, int (*emit)(void *ectx, const SessionPreparedRow *row),
                         void *ectx);
    int (*list_cursors)(void *session, int (*emit)(void *ectx, const SessionCursorRow *row),
                        void *ectx);
    /* this session's plan-cache counters and the server's */
    void (*plan_cache)(void *session, SessionPlanCacheCounts *mine, SessionPlanCacheCounts *all);
    void (*wal)(void *session, SessionWalCounts *out);
    /* every client connection of the server (pg_stat_activity) */
    int (*list_activity)(void *session, int (*emit)(void *ectx, const SessionActivityRow *row),
                         void *ectx);
    /* pg_cancel_backend / pg_terminate_backend: 1 when a connection with that
     * pid exists (and was signalled), else 0 */
    int (*signal_backend)(void *session, int32_t pid, bool terminate);
    /* pg_authid.rolpassword: copies the role's password verifier into buf;
     * false when it has none (NULL in the view) */
    bool (*role_password)(void *session, const char *role, char *buf, size_t cap);
    /* current_setting / set_config: a parameter's text value as SHOW prints it
     * (NULL: no such parameter), and SET / SET LOCAL of one from an expression */
    const char *(*get_setting)(void *session, const char *name);
    int (*set_setting)(void *session, const char *name, const char *value, bool local,
                       OmError *err);
    /* pg_export_snapshot: an identifier of the running transaction's snapshot
     * (txn_export_snapshot) into buf; false when there is no transaction */
    bool (*export_snapshot)(void *session, char *buf, size_t cap);
    /* advisory locks: 1 taken / released, 0 not (busy, or not held), -1 with err */
    int (*advisory)(void *session, const SessionAdvisoryRequest *r, OmError *err);
    /* pg_listening_channels(): the channels the session listens on, in LISTEN order */
    int (*list_channels)(void *session, int (*emit)(void *ectx, const char *channel), void *ectx);
    /* pg_notify(channel, payload): a NOTIFY of the running transaction */
    int (*notify)(void *session, const char *channel, const char *payload, OmError *err);
    /* pg_locks: every advisory lock of the server */
    int (*list_locks)(void *session, int (*emit)(void *ectx, const SessionLockRow *row),
                      void *ectx);
    /* relispopulated of materialized view t as this session sees it: its open
     * transaction's REFRESH, else the committed state (sql_matview.c) */
    bool (*matview_populated)(void *session, const struct CatTable *t);
    /* true for a table another session's transaction created and has not
     * committed: the catalogs do not list it, as queries do not see it
     * (sql_wal.c) */
    bool (*table_hidden)(void *session, const struct CatTable *t);
    void *session;
} SessionViews;

typedef struct SessionSettings {
    DateStyleOut datestyle;
    DateOrder dateorder;
    int extra_float_digits;       /* PostgreSQL default 1: shortest round-trip output */
    int32_t tz_offset_secs;       /* TimeZone as a fixed UTC offset (seconds east); 0 = UTC */
    const struct TzZone *tz_zone; /* a named zone (tz_zone.c), or NULL: tz_offset_secs */
    char timezone[64];            /* TimeZone as the client set it, e.g. "UTC" */
    /* comma-separated schema names, as lookups use it: the session's
     * temporary schema (if it has one) first, then the search_path the
     * client set (session_settings_search_path_user) */
    char search_path[336];
    char temp_schema[64];     /* "pg_temp_N" once the session has one, else "" */
    uint32_t temp_schema_oid; /* its OID, 0 if none (pg_my_temp_schema) */
    char application_name[64];
    int32_t backend_pid; /* pg_backend_pid(): the BackendKeyData pid; 0 = the process id */
    char client_encoding[32];
    char checkpoint_timeout[32]; /* server settings, as SHOW prints them */
    char max_wal_size[32];
    int64_t statement_timeout_ms;     /* 0 = none */
    PlannerSettings planner;          /* enable_hashjoin, seq_page_cost, ... */
    SessionViews views;               /* zeroed by session_settings_defaults: no session state */
    struct FuncSeqSession *sequences; /* currval/lastval state (exec/func_sequence.h), or NULL */
} SessionSettings;

/* Fills PostgreSQL's defaults (DateStyle ISO, MDY; TimeZone UTC; search_path "$user", public). */
void session_settings_defaults(SessionSettings *s);

/* Sets search_path from the client's value, with temp_schema in front. */
void session_settings_set_search_path(SessionSettings *s, const char *user_path);
/* The client's search_path (without the temporary schema). */
const char *session_settings_search_path_user(const SessionSettings *s);

/* The session's UTC offset (seconds east) at the UTC instant utc_us
 * (microseconds since 2000-01-01, a timestamptz), for printing it. */
int32_t settings_tz_offset_utc(const SessionSettings *s, int64_t utc_us);
/* The UTC offset of the local time local_us (a timestamp in the session's
 * zone), for reading it as a timestamptz. */
int32_t settings_tz_offset_local(const SessionSettings *s, int64_t local_us);
/* The zone's abbreviation at utc_us ("EST"); NULL without a named zone. */
const char *settings_tz_abbrev(const SessionSettings *s, int64_t utc_us);

#endif
