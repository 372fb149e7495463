/*
 * wire_startup.c — the startup phase of a connection.
 *
 *   client                         server
 *   SSLRequest                  →  'S' and the TLS handshake when the server has
 *                                  a TLS context (ssl = on), else 'N' (the client
 *                                  goes on in clear); everything after travels
 *                                  through TLS
 *   GSSENCRequest               →  'N'
 *   CancelRequest               →  (nothing; the key is handed to the server and
 *                                   the connection closes)
 *   StartupMessage 3.x          →  [NegotiateProtocolVersion if minor > 0 or
 *                                   "_pq_." options were sent]
 *                                  authentication (wire_auth.c): trust,
 *                                  cleartext password or SCRAM-SHA-256, then
 *                                  AuthenticationOk
 *                                  ParameterStatus × n
 *                                  BackendKeyData
 *                                  ReadyForQuery 'I'
 *
 * Startup parameters other than user, database, options and protocol options
 * are session settings (PostgreSQL treats them as SET at connection start):
 * each goes to sql_session_set_setting() and a refusal is FATAL, as in
 * PostgreSQL. "options" holds command-line style switches: "-c name=value" and
 * "--name=value" are applied the same way.
 *
 * The whole phase, TLS handshake and password exchange included, must end
 * within AUTH_TIMEOUT_MS (PostgreSQL's authentication_timeout, 1 min): a
 * client that stalls is cut off instead of holding a worker.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "wire/wire_int.h"

#define AUTH_TIMEOUT_MS 60000

/* The ParameterStatus values a client learns at startup, with the value used
 * when the engine does not report one. */
static const struct {
    const char *name;
    const char *fallback;
} REPORTED[] = {
    {"application_name", ""},
    {"client_encoding", "UTF8"},
    {"DateStyle", "ISO, MDY"},
    {"default_transaction_read_only", "off"},
    {"in_hot_standby", "off"},
    {"integer_datetimes", "on"},
    {"IntervalStyle", "postgres"},
    {"is_superuser", "on"},
    {"server_encoding", "UTF8"},
    {"server_version", WIRE_SERVER_VERSION},
    {"session_authorization", NULL}, /* the user name */
    {"standard_conforming_strings", "on"},
    {"TimeZone", "UTC"},
};

static bool protocol_io_failed(const OmError *err)
{
    return strcmp(err->sqlstate, SQLSTATE_CONNECTION_EXCEPTION) == 0;
}

/* Applies one setting from the startup packet. Returns 0 or -1 (err set). */
static int apply_setting(WireConn *conn, const char *name, const char *value, OmError *err)
{
    return sql_session_set_setting(conn->session, name, value, err);
}

/* Splits the "options" parameter into switches, honouring backslash escapes
 * as libpq documents, and applies -c name=value / --name=value. */
static int apply_options(WireConn *conn, const char *options, OmError *err)
{
    char tok[1024];
    const char *p = options;
    bool want_c_value = false;
    for (;;) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        size_t n = 0;
        while (*p && !isspace((unsigned char)*p)) {
            if (*p == '\\' && p[1]) p++;
            if (n + 1 < sizeof(tok)) tok[n++] = *p;
            p++;
        }
        tok[n] = '\0';
        char *assign = NULL;
        if (want_c_value) {
            assign = tok;
            want_c_value = false;
        } else if (strcmp(tok, "-c") == 0) {
            want_c_value = true;
            continue;
        } else if (strncmp(tok, "-c", 2) == 0) {
            assign = tok + 2;
        } else if (strncmp(tok, "--", 2) == 0) {
            assign = tok + 2;
        } else {
            return ERR(err, SQLSTATE_SYNTAX_ERROR,
                       "invalid command-line argument for server process: %s", tok);
        }
        char *eq = strchr(assign, '=');
        if (!eq) {
            ERR(err, SQLSTATE_SYNTAX_ERROR, "--%s requires a value", assign);
            return -1;
        }
        *eq = '\0';
        for (char *c = assign; *c; c++)
            if (*c == '-') *c = '_';
        if (apply_setting(conn, assign, eq + 1, err) != 0) return -1;
    }
    if (want_c_value)
        return ERR(err, SQLSTATE_SYNTAX_ERROR,
                   "invalid command-line argument for server process: -c");
    return 0;
}

static bool is_false(const char *v)
{
    return strcasecmp(v, "false") == 0 || strcasecmp(v, "off") == 0 || strcasecmp(v, "no") == 0 ||
           strcmp(v, "0") == 0;
}

static void send_startup_reply(WireConn *conn)
{
    StrBuf *out = &conn->io.out; /* AuthenticationOk is queued already (wire_auth.c) */
    for (size_t i = 0; i < sizeof(REPORTED) / sizeof(REPORTED[0]); i++) {
        const char *name = REPORTED[i].name;
        const char *value = NULL;
        if (REPORTED[i].fallback == NULL) {
            value = conn->user; /* session_authorization */
        } else {
            value = sql_session_get_setting(conn->session, name);
            if (!value || (!value[0] && REPORTED[i].fallback[0])) value = REPORTED[i].fallback;
        }
        wire_put_parameter_status(out, name, value);
    }
    wire_put_backend_key(out, conn->opts.backend_pid, conn->opts.backend_secret);
    wire_put_ready(out, sql_session_txn_status(conn->session));
}

static int startup_run(WireConn *conn, char **packet);

int wire_startup_run(WireConn *conn)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    conn->io.deadline_ms = (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + AUTH_TIMEOUT_MS;
    char *packet = NULL;
    int rc = startup_run(conn, &packet);
    free(packet);
    conn->io.deadline_ms = 0;
    return rc;
}

/* *packet: a copy of the StartupMessage body that the parsed parameters
 * point into (the input buffer is reused by the password exchange); the
 * caller frees it. */
static int startup_run(WireConn *conn, char **packet)
{
    OmError err;
    error_clear(&err);
    WireMsg msg;
    WireStartup st;
    int negotiations = 0;
    for (;;) {
        int rc = wire_io_read_startup(&conn->io, &msg, &err);
        if (atomic_load(&conn->terminating))
            return wire_conn_fatal(conn, SQLSTATE_ADMIN_SHUTDOWN,
                                   "terminating connection due to administrator command");
        if (rc == WIRE_READ_EOF) return 0; /* e.g. a client probing the port */
        if (rc == WIRE_READ_ERROR) {
            if (protocol_io_failed(&err)) {
                wire_conn_log(conn, WIRE_LOG_INFO, "connection %d: startup ended: %s",
                              (int)conn->opts.backend_pid, err.message);
                return -1;
            }
            return wire_conn_fatal_err(conn, &err);
        }
        WireReader r;
        wire_reader_init(&r, msg.body, msg.len);
        uint32_t code = (uint32_t)wire_get_int32(&r);
        if (code == WIRE_SSL_REQUEST_CODE || code == WIRE_GSSENC_REQUEST_CODE) {
            if (msg.len != 4 || ++negotiations > 2 || conn->io.ssl)
                return wire_conn_fatal(conn, SQLSTATE_PROTOCOL_VIOLATION,
                                       "invalid length of startup packet");
            /* Bytes the client pipelined after the request would bypass the
             * negotiation; PostgreSQL refuses them too (CVE-2021-23214). */
            if (wire_io_has_input(&conn->io))
                return wire_conn_fatal(conn, SQLSTATE_PROTOCOL_VIOLATION,
                                       "received unencrypted data after SSL request");
            bool tls = code == WIRE_SSL_REQUEST_CODE && conn->opts.tls;
            if (wire_io_send_byte(&conn->io, tls ? 'S' : 'N') != 0) return -1;
            char why[256];
            if (tls && wire_io_start_tls(&conn->io, conn->opts.tls, why, sizeof why) != 0) {
                wire_conn_log(conn, WIRE_LOG_INFO,
                              "connection %d: could not accept SSL connection: %s",
                              (int)conn->opts.backend_pid, why);
                return -1;
            }
            continue;
        }
        if (code == WIRE_CANCEL_REQUEST_CODE) {
            if (msg.len != 12) {
                wire_conn_log(conn, WIRE_LOG_INFO, "invalid length of query cancel packet");
                return 0;
            }
            int32_t pid = wire_get_int32(&r);
            int32_t secret = wire_get_int32(&r);
            if (conn->opts.cancel_request)
                conn->opts.cancel_request(conn->opts.hook_ctx, pid, secret);
            return 0;
        }
        if ((code >> 16) != 3)
            return wire_conn_fatal(conn, SQLSTATE_FEATURE_NOT_SUPPORTED,
                                   "unsupported frontend protocol %u.%u: server supports 3.0 to "
                                   "3.0",
                                   code >> 16, code & 0xffff);
        *packet = malloc(msg.len ? msg.len : 1);
        if (!*packet) return wire_conn_fatal(conn, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        memcpy(*packet, msg.body, msg.len);
        if (wire_parse_startup(*packet, msg.len, &st, &err) != 0)
            return wire_conn_fatal_err(conn, &err);
        break;
    }

    const char *user = wire_startup_get(&st, "user");
    if (!user || !user[0])
        return wire_conn_fatal(conn, SQLSTATE_INVALID_AUTHORIZATION,
                               "no PostgreSQL user name specified in startup packet");
    const char *database = wire_startup_get(&st, "database");
    if (!database || !database[0]) database = user;
    snprintf(conn->user, sizeof(conn->user), "%s", user);
    snprintf(conn->database, sizeof(conn->database), "%s", database);

    if (conn->opts.reject_sqlstate)
        return wire_conn_fatal(conn, conn->opts.reject_sqlstate, "%s",
                               conn->opts.reject_message ? conn->opts.reject_message
                                                         : "connection refused");

    const char *replication = wire_startup_get(&st, "replication");
    if (replication && !is_false(replication))
        return wire_conn_fatal(conn, SQLSTATE_FEATURE_NOT_SUPPORTED,
                               "replication connections are not supported");

    /* Protocol 3.x with x > 0, or protocol options: say what we speak. */
    const char *unknown[WIRE_STARTUP_MAX_PARAMS];
    int n_unknown = 0;
    for (int i = 0; i < st.nparams; i++)
        if (strncmp(st.names[i], "_pq_.", 5) == 0) unknown[n_unknown++] = st.names[i];
    if ((st.protocol & 0xffff) != 0 || n_unknown > 0)
        wire_put_negotiate_version(&conn->io.out, 0, n_unknown, unknown);

    int auth = wire_auth_run(conn);
    if (auth != 1) return auth;

    const char *app = wire_startup_get(&st, "application_name");
    SqlSession *session =
        sql_session_create(conn->opts.db, conn->user, conn->database, app ? app : "");
    if (!session)
        return wire_conn_fatal(conn, SQLSTATE_INTERNAL_ERROR, "could not create a session");
    sql_session_defer_durability(session, true); /* wire_durable_reply.c */
    sql_session_set_backend_pid(session, conn->opts.backend_pid);
    if (conn->opts.wake) sql_session_set_waker(session, conn->opts.wake, conn->opts.wake_ctx);
    pthread_mutex_lock(&conn->lock);
    conn->session = session;
    pthread_mutex_unlock(&conn->lock);

    for (int i = 0; i < st.nparams; i++) {
        const char *name = st.names[i];
        if (strcmp(name, "user") == 0 || strcmp(name, "database") == 0 ||
            strcmp(name, "replication") == 0 || strcmp(name, "application_name") == 0 ||
            strncmp(name, "_pq_.", 5) == 0)
            continue;
        int rc = strcmp(name, "options") == 0 ? apply_options(conn, st.values[i], &err)
                                              : apply_setting(conn, name, st.values[i], &err);
        if (rc != 0) return wire_conn_fatal_err(conn, &err);
    }

    send_startup_reply(conn);
    if (wire_io_flush(&conn->io) != 0) return -1;
    wire_activity_started(conn);
    wire_conn_log(conn, WIRE_LOG_DEBUG, "connection %d: user=%s database=%s",
                  (int)conn->opts.backend_pid, conn->user, conn->database);
    return 1;
}
