/*
 * wire_conn.c — a client connection's lifecycle: create, run (startup, then
 * the query loop), cancel and terminate from other threads, destroy.
 *
 * Termination without signals: wire_conn_terminate() sets `terminating`,
 * cancels the running statement and shuts the socket's read side down. A
 * thread blocked in recv() then sees end of file; a statement returns 57014.
 * Either way the connection thread checks `terminating` and sends FATAL 57P01
 * before closing, as PostgreSQL does on a fast shutdown. The write side stays
 * open for that last message unless wire_conn_abort_io() closes it too (for a
 * client that stopped reading and left us blocked in send()).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wire/wire_int.h"

#define LINGER_MS        200
#define LINGER_MAX_BYTES ((size_t)1 << 20)

WireConn *wire_conn_create(int fd, const WireOptions *opts)
{
    WireConn *conn = calloc(1, sizeof(*conn));
    if (!conn) {
        fprintf(stderr, "omendb: out of memory creating a connection\n");
        abort();
    }
    conn->opts = *opts;
    wire_io_init(&conn->io, fd, opts->max_message_size);
    pthread_mutex_init(&conn->lock, NULL);
    pthread_mutex_init(&conn->reply_mu, NULL);
    pthread_cond_init(&conn->reply_cv, NULL);
    atomic_init(&conn->terminating, false);
    atomic_init(&conn->io_aborted, false);
    atomic_init(&conn->reply_inflight, false);
    wire_activity_init(conn);
    return conn;
}

void wire_conn_destroy(WireConn *conn)
{
    if (!conn) return;
    wire_io_tls_close(&conn->io);
    if (conn->io.fd >= 0) close(conn->io.fd);
    wire_io_fini(&conn->io);
    pthread_cond_destroy(&conn->reply_cv);
    pthread_mutex_destroy(&conn->reply_mu);
    pthread_mutex_destroy(&conn->lock);
    pthread_mutex_destroy(&conn->act_mu);
    free(conn);
}

void wire_conn_log(WireConn *conn, WireLogLevel level, const char *fmt, ...)
{
    if (!conn->opts.log) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    conn->opts.log(conn->opts.hook_ctx, level, msg);
}

int wire_conn_fatal_err(WireConn *conn, OmError *err)
{
    err->severity = ERR_SEV_FATAL;
    wire_conn_log(conn, WIRE_LOG_INFO, "connection %d: FATAL %s %s", (int)conn->opts.backend_pid,
                  err->sqlstate, err->message);
    if (!atomic_load(&conn->io_aborted)) {
        wire_put_error(&conn->io.out, err, false);
        wire_io_flush(&conn->io);
    }
    return -1;
}

int wire_conn_fatal(WireConn *conn, const char *sqlstate, const char *fmt, ...)
{
    OmError err;
    error_clear(&err);
    ERR(&err, sqlstate, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err.message, sizeof(err.message), fmt, ap);
    va_end(ap);
    err.file = NULL; /* a protocol-level message; no engine source location */
    return wire_conn_fatal_err(conn, &err);
}

/* After a FATAL, closing a socket that still has unread client bytes makes
 * the kernel send RST, and the client may lose our last message. Send FIN
 * instead and swallow what the client still sends, for a short while. */
static void linger_close(WireConn *conn)
{
    if (atomic_load(&conn->io_aborted) || conn->io.broken) return;
    wire_io_tls_close(&conn->io);
    shutdown(conn->io.fd, SHUT_WR);
    char sink[4096];
    long budget_ms = LINGER_MS;
    size_t drained = 0;
    while (budget_ms > 0 && drained < LINGER_MAX_BYTES) {
        struct pollfd pfd = {.fd = conn->io.fd, .events = POLLIN};
        int n = poll(&pfd, 1, 20);
        budget_ms -= 20;
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) continue;
        ssize_t got = recv(conn->io.fd, sink, sizeof(sink), MSG_DONTWAIT);
        if (got <= 0) break; /* EOF or error: the client has gone */
        drained += (size_t)got;
    }
}

/* The connection's end (rc < 0: it ended on an error): the lingering close
 * after an error, then the session. */
static void conn_end(WireConn *conn, int rc)
{
    if (rc < 0) linger_close(conn);
    pthread_mutex_lock(&conn->act_mu);
    conn->act_visible = false; /* gone from pg_stat_activity */
    pthread_mutex_unlock(&conn->act_mu);
    pthread_mutex_lock(&conn->lock);
    SqlSession *s = conn->session;
    conn->session = NULL;
    pthread_mutex_unlock(&conn->lock);
    if (s) sql_session_destroy(s);
}

WireServe wire_conn_serve(WireConn *conn)
{
    if (!conn->started) {
        conn->started = true;
        int rc = wire_startup_run(conn);
        if (rc != 1) {
            conn_end(conn, rc);
            return WIRE_SERVE_DONE;
        }
    }
    int rc = wire_query_serve(conn);
    if (rc == 1) return WIRE_SERVE_PARK;
    conn_end(conn, rc);
    return WIRE_SERVE_DONE;
}

int wire_conn_fd(const WireConn *conn)
{
    return conn->io.fd;
}

void wire_conn_cancel(WireConn *conn)
{
    pthread_mutex_lock(&conn->lock);
    if (conn->session) sql_session_cancel(conn->session);
    pthread_mutex_unlock(&conn->lock);
}

void wire_conn_terminate(WireConn *conn)
{
    atomic_store(&conn->terminating, true);
    wire_conn_cancel(conn);
    shutdown(conn->io.fd, SHUT_RD);
}

void wire_conn_abort_io(WireConn *conn)
{
    atomic_store(&conn->io_aborted, true);
    wire_conn_terminate(conn);
    shutdown(conn->io.fd, SHUT_RDWR);
}
