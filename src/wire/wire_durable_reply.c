/*
 * wire_durable_reply.c — sending a commit's reply once its log records are
 * durable, without the connection thread sleeping for it (sql.h, "Durable
 * replies"; docs/wal.md, "Replies sent by the flush").
 *
 * The session commits and leaves the flush owed; its CommandComplete sits in
 * io.out. At ReadyForQuery, when no further input is buffered (the client waits
 * for this reply), the output is handed to the log: the thread whose flush makes
 * the commit durable sends it (reply_sent), and this thread goes back to
 * recv(). That saves each synchronous commit a sleep and a wake-up. With input
 * already buffered (a pipelining client), or a large reply, this thread waits
 * for the flush itself (wire_reply_settle, or the fallback in wire_reply_ready).
 *
 * Ownership: while reply_inflight, io.out belongs to the flushing thread; this
 * thread only reads input and must call wire_reply_wait before it touches the
 * output or the session again (the next message, the end of the connection).
 * The flusher's send never blocks: if the socket is full it starts a thread
 * that finishes the send with a blocking write, so a client that stops reading
 * delays nobody's commit but its own.
 *
 * Not over TLS: OpenSSL's session is not safe for a write on one thread
 * while another reads, so a TLS connection waits for its flush itself.
 *
 * If the flush fails, the reply becomes the error (as a synchronous commit
 * would report it): the output of the committing message is cut at out_mark
 * and an ErrorResponse and ReadyForQuery take its place.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "wire/wire_int.h"

/* A reply larger than this is not handed off: the connection thread waits for
 * the flush and sends it itself (a flusher sends many replies in a row). */
#define HANDOFF_MAX_BYTES ((size_t)64 << 10)

void wire_reply_mark(WireConn *conn)
{
    if (conn->session && sql_session_owes_durability(conn->session)) return;
    conn->out_mark = conn->io.out.len;
    conn->out_mark_flushes = conn->io.flushes;
}

/* Replaces the output of the committing message with err (the commit was not
 * acknowledged). With `ready`, ReadyForQuery follows. */
static void reply_as_error(WireConn *conn, const OmError *err, bool ready)
{
    StrBuf *out = &conn->io.out;
    size_t cut = conn->io.flushes == conn->out_mark_flushes ? conn->out_mark : 0;
    if (cut < out->len) {
        out->len = cut;
        if (out->data) out->data[cut] = '\0';
    }
    OmError e = *err;
    e.severity = ERR_SEV_ERROR;
    wire_put_error(out, &e, false);
    if (ready) wire_put_ready(out, sql_session_txn_status(conn->session));
}

static void reply_finished(WireConn *conn, bool failed)
{
    pthread_mutex_lock(&conn->reply_mu);
    conn->reply_failed = failed; /* published by the release below */
    atomic_store_explicit(&conn->reply_inflight, false, memory_order_release);
    pthread_cond_signal(&conn->reply_cv);
    pthread_mutex_unlock(&conn->reply_mu); /* conn may be gone after this */
}

typedef struct SlowReply {
    WireConn *conn;
    size_t off;
} SlowReply;

static void *slow_reply_main(void *arg)
{
    SlowReply r = *(SlowReply *)arg;
    free(arg);
    int rc = wire_io_flush_from(&r.conn->io, r.off);
    reply_finished(r.conn, rc != 0);
    return NULL;
}

/* Sends the reply from `off` on a thread of its own (blocking writes). */
static void send_slowly(WireConn *conn, size_t off)
{
    SlowReply *r = malloc(sizeof(*r));
    pthread_t th;
    pthread_attr_t attr;
    bool started = false;
    if (r && pthread_attr_init(&attr) == 0) {
        *r = (SlowReply){conn, off};
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        started = pthread_create(&th, &attr, slow_reply_main, r) == 0;
        pthread_attr_destroy(&attr);
    }
    if (started) return;
    free(r);
    reply_finished(conn, true); /* the reply cannot go out: the connection ends */
}

/* Testing: OMENDB_FAULT_REPLY=slow sends every handed-off reply's first byte
 * from the flush and the rest from its own thread, as for a full socket. */
static pthread_once_t fault_once = PTHREAD_ONCE_INIT;
static bool fault_slow;

static void fault_load(void)
{
    const char *v = getenv("OMENDB_FAULT_REPLY");
    fault_slow = v && strcmp(v, "slow") == 0;
}

/* The log's notification (on the flushing thread): the commit is durable (rc 0)
 * or the flush failed (rc -1, err). */
static void reply_sent(void *ctx, int rc, const OmError *err)
{
    WireConn *conn = ctx;
    if (rc != 0) reply_as_error(conn, err, true);
    size_t off = 0;
    pthread_once(&fault_once, fault_load);
    if (fault_slow) {
        if (conn->io.out.len > 1 &&
            send(conn->io.fd, conn->io.out.data, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1)
            off = 1;
        send_slowly(conn, off);
        return;
    }
    int sent = wire_io_try_send(&conn->io, &off);
    if (sent == 1)
        send_slowly(conn, off);
    else
        reply_finished(conn, sent != 0);
}

int wire_reply_ready(WireConn *conn)
{
    char status = sql_session_txn_status(conn->session);
    wire_activity_ready(conn, status);
    wire_put_ready(&conn->io.out, status);
    if (!sql_session_owes_durability(conn->session)) return wire_io_flush(&conn->io);
    OmError err;
    error_clear(&err);
    int rc;
    /* Over TLS the reply is not handed off: a TLS session must not be written
     * by the flusher while this thread reads from it. */
    if (!conn->io.ssl && !wire_io_has_input(&conn->io) && conn->io.out.len <= HANDOFF_MAX_BYTES) {
        /* set before the flusher can see the notification */
        atomic_store_explicit(&conn->reply_inflight, true, memory_order_relaxed);
        rc = sql_session_settle_async(conn->session, reply_sent, conn, &err);
        if (rc == 0) return 0;
        atomic_store_explicit(&conn->reply_inflight, false, memory_order_relaxed);
    } else {
        rc = sql_session_settle(conn->session, &err) == 0 ? 1 : -1;
    }
    if (rc < 0) {
        /* the ReadyForQuery just queued is cut with the rest */
        reply_as_error(conn, &err, true);
    }
    return wire_io_flush(&conn->io);
}

int wire_reply_settle(WireConn *conn)
{
    if (!conn->session || !sql_session_owes_durability(conn->session)) return 0;
    OmError err;
    error_clear(&err);
    if (sql_session_settle(conn->session, &err) == 0) return 0;
    reply_as_error(conn, &err, false);
    return 1;
}

void wire_reply_wait(WireConn *conn)
{
    /* every message passes here: no lock unless a reply is out */
    if (atomic_load_explicit(&conn->reply_inflight, memory_order_acquire)) {
        pthread_mutex_lock(&conn->reply_mu);
        while (atomic_load_explicit(&conn->reply_inflight, memory_order_relaxed))
            pthread_cond_wait(&conn->reply_cv, &conn->reply_mu);
        pthread_mutex_unlock(&conn->reply_mu);
    }
    if (conn->reply_failed) {
        conn->io.broken = true;
        conn->reply_failed = false;
    }
}
