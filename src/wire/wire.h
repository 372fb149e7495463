/*
 * wire.h — the PostgreSQL frontend/backend protocol v3 on one client connection.
 *
 * The server accepts a socket, wraps it in a WireConn and serves it in turns
 * with wire_conn_serve() from its worker threads. The connection's life: the
 * startup phase (SSLRequest answered 'S' and a TLS handshake when the server
 * has a TLS context, else 'N'; GSSENCRequest answered 'N'; CancelRequest handed
 * to the server; StartupMessage; authentication as auth.h configures it;
 * ParameterStatus, BackendKeyData, ReadyForQuery), then the query phase until Terminate, end of
 * file, a protocol violation (FATAL 08P01) or wire_conn_terminate(). The byte
 * layouts of every message are in the headers of wire_messages.c (backend →
 * frontend) and wire_buffer.c (framing).
 *
 * Threading: one thread at a time serves a connection (a turn may run on any
 * thread). wire_conn_cancel() and wire_conn_terminate() may be called from any
 * thread, as long as the caller guarantees the WireConn is not destroyed
 * meanwhile (the server holds its registry lock around both the calls and the
 * removal before wire_conn_destroy()).
 */
#ifndef OMENDB_WIRE_WIRE_H
#define OMENDB_WIRE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "sql/sql.h"

#include "common/version.h"
/* What clients see as server_version: libpq reads the leading "15.0" (150000). */
#define WIRE_SERVER_VERSION     OMENDB_SERVER_VERSION
#define WIRE_SERVER_VERSION_NUM OMENDB_SERVER_VERSION_NUM

/* Largest message body accepted by default (type byte and length word excluded). */
#define WIRE_MAX_MESSAGE_DEFAULT ((size_t)64 << 20)
/* Startup packets are small; PostgreSQL allows 10000 bytes. */
#define WIRE_MAX_STARTUP_PACKET 10000

/* Log levels for the optional log hook (same order as the server's). */
typedef enum WireLogLevel {
    WIRE_LOG_ERROR = 0,
    WIRE_LOG_WARNING,
    WIRE_LOG_INFO,
    WIRE_LOG_DEBUG
} WireLogLevel;

typedef struct WireConn WireConn;
struct WireTls;

/* Everything a connection needs from the server. Copied by wire_conn_create(). */
typedef struct WireOptions {
    Database *db;            /* [in] shared database; sessions are created on it */
    size_t max_message_size; /* 0 = WIRE_MAX_MESSAGE_DEFAULT */
    int32_t backend_pid;     /* BackendKeyData process id (unique per connection) */
    int32_t backend_secret;  /* BackendKeyData secret key */
    /* When set, the connection is refused after the startup packet was read with
     * FATAL <reject_sqlstate> <reject_message> (e.g. 53300 "sorry, too many
     * clients already"). CancelRequests are still served. Static strings. */
    const char *reject_sqlstate;
    const char *reject_message;
    /* A CancelRequest arrived on this connection; the server looks the key up
     * and calls wire_conn_cancel() on the matching connection. May be NULL. */
    void (*cancel_request)(void *hook_ctx, int32_t pid, int32_t secret);
    /* TLS for SSLRequest (wire_tls.h); NULL answers 'N'. Outlives the connection. */
    const struct WireTls *tls;
    /* Diagnostics (protocol violations, broken connections). May be NULL. */
    void (*log)(void *hook_ctx, WireLogLevel level, const char *msg);
    void *hook_ctx;
    /* Makes the connection's next turn come at once while it is parked (a
     * notification for its session arrived; sql_session_set_waker). May be NULL. */
    void (*wake)(void *wake_ctx);
    void *wake_ctx;
} WireOptions;

/* Wraps the connected socket `fd` (ownership passes to the WireConn: it is
 * closed by wire_conn_destroy()). Never returns NULL (aborts on OOM). */
WireConn *wire_conn_create(int fd, const WireOptions *opts);
/* Sends the session's pending notifications (LISTEN/NOTIFY) to a connection
 * that waits for its client, from a thread that holds it exclusively (the
 * server's claim: no worker serves it meanwhile). */
void wire_conn_send_notifications(WireConn *conn);
/* Serves the connection for one turn: runs it until it would wait for the
 * client between two messages with nothing buffered, or until it ends.
 * WIRE_SERVE_PARK: call again, from any thread, once the socket is readable
 * (wire_conn_fd); nothing of the connection lives on the caller's stack in
 * between. WIRE_SERVE_DONE: the connection has ended (Terminate, client EOF
 * between messages, a refused or cancel connection, a protocol violation, an
 * I/O error, termination) and its session is destroyed; destroy it. Inside a
 * message and inside a statement (COPY data, a lock wait) the serving thread
 * still blocks. */
typedef enum WireServe { WIRE_SERVE_PARK, WIRE_SERVE_DONE } WireServe;
WireServe wire_conn_serve(WireConn *conn);
int wire_conn_fd(const WireConn *conn);

/* Cancels the statement the connection is running, if any (57014). Any thread. */
void wire_conn_cancel(WireConn *conn);
/* Asks the connection to end: a running statement is cancelled, a blocked read
 * wakes up, and the client receives FATAL 57P01 "terminating connection due to
 * administrator command". Any thread; returns at once. */
void wire_conn_terminate(WireConn *conn);
/* Also unblocks a thread stuck writing to a client that does not read: no
 * further byte is sent. Use after wire_conn_terminate() had its chance. */
void wire_conn_abort_io(WireConn *conn);
/* What pg_stat_activity shows of a connection (wire_activity.c). The serving
 * thread updates it when a statement starts and at every ReadyForQuery; any
 * thread may take a copy with wire_conn_activity(). Timestamps are timestamptz
 * (microseconds since 2000-01-01 UTC), 0 = none. */
#define WIRE_ACTIVITY_QUERY_MAX                                                                    \
    1024 /* bytes kept of a statement's text, as PostgreSQL's                                      \
            track_activity_query_size */
typedef struct WireActivity {
    char user[64], database[64], application_name[64];
    char client_addr[64]; /* "" over a Unix-domain socket */
    int32_t client_port;  /* -1 over a Unix-domain socket */
    int64_t backend_start, xact_start, query_start, state_change;
    char state[32]; /* "active", "idle", "idle in transaction" or
                       "idle in transaction (aborted)" */
    /* what the statement waits for: "transactionid" (another transaction's row
     * lock), "advisory" (an advisory lock), or NULL */
    const char *lock_wait;
    bool ssl; /* the connection runs over TLS (pg_stat_ssl) */
    int32_t ssl_bits;
    char ssl_version[16], ssl_cipher[64];
    char query[WIRE_ACTIVITY_QUERY_MAX];
} WireActivity;
/* Copies the connection's activity into *out. False while the connection has
 * no session yet (startup, a cancel request, a refused connection). */
bool wire_conn_activity(WireConn *conn, WireActivity *out);

/* Closes the socket and frees the connection, once wire_conn_serve() returned
 * WIRE_SERVE_DONE. */
void wire_conn_destroy(WireConn *conn);

#endif
