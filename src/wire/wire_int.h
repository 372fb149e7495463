/*
 * wire_int.h — declarations shared by the files of src/wire only.
 *
 *   wire_buffer.c    WireIo: buffered socket input with framing and limits,
 *                    buffered output with flush
 *   wire_messages.c  encoders of backend messages into a StrBuf; WireReader for
 *                    decoding message bodies; the StartupMessage parser
 *   wire_startup.c   the startup phase
 *   wire_query.c     the simple Query loop and the ResultSink that encodes rows
 *   wire_copy.c      the COPY sub-protocol callbacks of that ResultSink
 *   wire_conn.c      WireConn lifecycle, cancel and terminate
 *   wire_tls.c       the TLS handshake of a connection (context: wire_tls.h)
 *   wire_auth.c      the authentication exchange (store: auth.h, SCRAM: auth_scram.h)
 *
 * The encoders and decoders here do not touch the engine, so unit tests link
 * them alone.
 */
#ifndef OMENDB_WIRE_WIRE_INT_H
#define OMENDB_WIRE_WIRE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "wire/wire.h"

/* Protocol codes carried in the first word of a startup-phase packet. */
#define WIRE_PROTOCOL_3_0        196608u /* 3 << 16 */
#define WIRE_CANCEL_REQUEST_CODE 80877102u
#define WIRE_SSL_REQUEST_CODE    80877103u
#define WIRE_GSSENC_REQUEST_CODE 80877104u

/* Output is flushed once it holds this much (and always at ReadyForQuery). */
#define WIRE_FLUSH_THRESHOLD ((size_t)64 << 10)

/* ---- wire_buffer.c ---- */

/* One framed message. `body` points into the WireIo input buffer and stays
 * valid until the next read on that WireIo. */
typedef struct WireMsg {
    char type; /* 0 for startup-phase packets */
    const char *body;
    size_t len; /* body length (the length word minus 4) */
} WireMsg;

struct ssl_st;

typedef struct WireIo {
    int fd;
    /* The TLS session once the handshake is done (wire_tls.c), else NULL.
     * With one, every read and write goes through it, the socket is
     * non-blocking and waits happen in poll() (wire_io_wait). */
    struct ssl_st *ssl;
    long deadline_ms; /* CLOCK_MONOTONIC ms after which reads give up (ETIMEDOUT); 0 = never */
    char *in;         /* input buffer (malloc) */
    size_t in_cap;    /* its size */
    size_t in_start;  /* first unread byte */
    size_t in_end;    /* one past the last received byte */
    StrBuf out;       /* pending output */
    size_t max_message_size;
    bool broken;      /* a write failed: nothing more is sent */
    bool eof;         /* the peer closed its side (or shutdown(SHUT_RD) woke us) */
    uint64_t flushes; /* wire_io_flush calls so far (a mark into out is stale after one) */
} WireIo;

/* Results of the read functions. */
#define WIRE_READ_OK    1
#define WIRE_READ_EOF   0  /* clean end of file before the first byte of a message */
#define WIRE_READ_ERROR -1 /* err filled: 08P01 violation or 08006 I/O error */

void wire_io_init(WireIo *io, int fd, size_t max_message_size);
void wire_io_fini(WireIo *io); /* frees buffers; does not close fd */
/* Largest body of a message that carries no data (Sync, Flush, Terminate,
 * Describe, Close, Execute, CopyDone, CopyFail, and any unknown type), as
 * PostgreSQL's PQ_SMALL_MESSAGE_LIMIT. */
#define WIRE_MAX_SMALL_MESSAGE ((size_t)10000)
/* The largest body accepted for a message of `type`: io->max_message_size for
 * Query, Parse, Bind, FunctionCall and CopyData, the lower of it and
 * WIRE_MAX_SMALL_MESSAGE for the rest. */
size_t wire_message_limit(const WireIo *io, char type);
/* Reads one regular message: type byte, int32 length (>= 4, body <= the
 * type's limit). The input buffer grows as the body arrives, never to the
 * declared length before its bytes are there. */
int wire_io_read_message(WireIo *io, WireMsg *msg, OmError *err);
/* Reads one startup-phase packet: int32 length (8..WIRE_MAX_STARTUP_PACKET). */
int wire_io_read_startup(WireIo *io, WireMsg *msg, OmError *err);
/* True when unread input is already buffered (clients may pipeline): in our
 * buffer or, over TLS, inside the TLS session (SSL_has_pending), which epoll
 * cannot see, so a connection must not park while this is true. */
bool wire_io_has_input(const WireIo *io);
/* The type byte of the next buffered message, or 0 when nothing is buffered
 * (nothing is read from the socket). */
char wire_io_peek_type(const WireIo *io);
/* Buffers what the client has sent without waiting for more: 1 when input (or
 * end of file) is now available, 0 when the socket has nothing yet. */
int wire_io_poll_input(WireIo *io);
/* Writes all pending output. Returns 0, or -1 (io->broken set) on failure. */
int wire_io_flush(WireIo *io);
/* wire_io_flush from byte `off` of the output (the bytes before it were sent). */
int wire_io_flush_from(WireIo *io, size_t off);
/* Sends the output from *off without blocking: 0 when all of it went (the
 * output is then emptied as by wire_io_flush), 1 when the socket is full (*off
 * advanced; finish with wire_io_flush_from), -1 on failure (broken set). */
int wire_io_try_send(WireIo *io, size_t *off);
/* Writes one raw byte at once (the 'N' / 'S' answer to SSLRequest). */
int wire_io_send_byte(WireIo *io, char byte);
/* Waits until the socket is readable (for_read) or writable, up to
 * io->deadline_ms. 0, or -1 with errno (ETIMEDOUT at the deadline). */
int wire_io_wait(WireIo *io, bool for_read);
/* Sends TLS close_notify when a session is up and unbroken (no waiting). */
void wire_io_tls_close(WireIo *io);

/* ---- wire_tls.c ---- */
struct WireTls;
/* Runs the server side of the TLS handshake on io (after 'S' was sent);
 * io->ssl is set from then on. Returns 0, or -1 with the reason in `why`
 * (io is then broken: nothing more can be sent). */
int wire_io_start_tls(WireIo *io, const struct WireTls *tls, char *why, size_t cap);
/* The certificate's tls-server-end-point hash (len 0: no channel binding). */
const unsigned char *wire_tls_cert_hash(const struct WireTls *tls, size_t *len);
/* Protocol ("TLSv1.3"), cipher name and its bits of the session; "" and 0 without TLS. */
void wire_io_tls_info(const WireIo *io, char *version, size_t vcap, char *cipher, size_t ccap,
                      int *bits);

/* ---- wire_messages.c: encoders (append to a StrBuf) ---- */

/* Starts a message of `type`; returns the offset to pass to wire_msg_end(). */
size_t wire_msg_begin(StrBuf *out, char type);
/* Patches the length word of the message started at `start`. */
void wire_msg_end(StrBuf *out, size_t start);
void wire_put_int32(StrBuf *out, int32_t v);
void wire_put_int16(StrBuf *out, int16_t v);
void wire_put_cstring(StrBuf *out, const char *s);

/* One RowDescription field, already resolved to PostgreSQL's catalog values. */
typedef struct WireField {
    const char *name;
    uint32_t table_oid;
    int16_t attnum;
    uint32_t type_oid;
    int16_t typlen;
    int32_t typmod;
    int16_t format; /* 0 text, 1 binary (the portal's result format) */
} WireField;

void wire_put_auth_ok(StrBuf *out);
void wire_put_parameter_status(StrBuf *out, const char *name, const char *value);
void wire_put_backend_key(StrBuf *out, int32_t pid, int32_t secret);
void wire_put_ready(StrBuf *out, char txn_status);
void wire_put_notification(StrBuf *out, int32_t pid, const char *channel, const char *payload);
/* Puts the session's pending notifications (LISTEN/NOTIFY) into the output
 * when it is outside a transaction; returns how many (wire_query.c). */
int wire_conn_put_notifications(WireConn *conn);
void wire_put_command_complete(StrBuf *out, const char *tag);
void wire_put_empty_query(StrBuf *out);
void wire_put_row_description(StrBuf *out, int nfields, const WireField *fields);
/* ErrorResponse ('E'), or NoticeResponse ('N') when `notice`. Severity comes
 * from err->severity; fields S V C M [D] [H] [P] [W] [F L]. */
void wire_put_error(StrBuf *out, const OmError *err, bool notice);
/* NegotiateProtocolVersion: newest minor version we speak plus the names of the
 * protocol options ("_pq_.*") we did not recognise. */
void wire_put_negotiate_version(StrBuf *out, int32_t newest_minor, int n_unknown,
                                const char *const *unknown);
/* Appends the decimal digits of v (no NUL); the fast path of DataRow. */
void wire_put_decimal(StrBuf *out, int64_t v);

/* ---- wire_messages.c: decoding ---- */

typedef struct WireReader {
    const char *p;
    size_t len;
    size_t pos;
    bool bad; /* a read ran past the end or a string had no NUL */
} WireReader;

void wire_reader_init(WireReader *r, const char *body, size_t len);
int32_t wire_get_int32(WireReader *r);
int16_t wire_get_int16(WireReader *r);
/* A NUL-terminated string inside the body (pointer into the body). "" when bad. */
const char *wire_get_cstring(WireReader *r);
/* True when the whole body was consumed and nothing was bad. */
bool wire_reader_done(const WireReader *r);

#define WIRE_STARTUP_MAX_PARAMS 64

/* A decoded StartupMessage (pointers into the packet body). */
typedef struct WireStartup {
    uint32_t protocol; /* major << 16 | minor */
    int nparams;
    const char *names[WIRE_STARTUP_MAX_PARAMS];
    const char *values[WIRE_STARTUP_MAX_PARAMS];
} WireStartup;

/* Parses a startup packet body (after the length word) whose first word is a
 * protocol version 3.x. Errors: 08P01 "invalid startup packet layout ...",
 * 08P01 too many parameters. */
int wire_parse_startup(const char *body, size_t len, WireStartup *out, OmError *err);
/* Value of a startup parameter, or NULL. */
const char *wire_startup_get(const WireStartup *st, const char *name);

/* ---- wire_conn.c / wire_startup.c / wire_query.c ---- */

struct WireConn {
    WireIo io;
    WireOptions opts;
    pthread_mutex_t lock; /* guards session against wire_conn_cancel() */
    SqlSession *session;
    atomic_bool terminating;
    atomic_bool io_aborted;
    char user[64];
    char database[64];
    /* wire_conn_serve's state between calls */
    bool started;        /* the startup phase is over */
    bool skip_till_sync; /* an extended-protocol error: skip messages up to Sync */
    /* Durable replies (wire_durable_reply.c). out_mark/out_mark_flushes: where
     * the output of the message that committed begins. While reply_inflight
     * (under reply_mu) the log's flusher owns io.out and sends it. */
    size_t out_mark;
    uint64_t out_mark_flushes;
    pthread_mutex_t reply_mu;
    pthread_cond_t reply_cv;
    atomic_bool reply_inflight;
    bool reply_failed; /* the handed-off reply could not be sent (set before
                          reply_inflight is cleared) */
    /* pg_stat_activity (wire_activity.c): written by the serving thread under
     * act_mu, copied by any thread under it; act_visible once a session exists */
    pthread_mutex_t act_mu;
    bool act_visible;
    WireActivity act;
};

/* The context of the ResultSink of a Query (wire_query.c, wire_copy.c). */
typedef struct QuerySink {
    WireConn *conn;
    const struct SessionSettings *settings;
    const int16_t *formats; /* per result column, 1 = binary; NULL = all text */
} QuerySink;

/* Points `sink` at the QuerySink callbacks (DataRow in text or binary per
 * qs->formats, CommandComplete, EmptyQueryResponse, NoticeResponse,
 * ParameterStatus; RowDescription only when `describe`: Execute never sends
 * it). The COPY callbacks stay unset (wire_copy_sink_init adds them). */
void wire_query_sink_init(ResultSink *sink, QuerySink *qs, bool describe);

/* Fills the copy_* members of a ResultSink whose ctx is a QuerySink. */
void wire_copy_sink_init(ResultSink *sink);

/* Logs through the options' hook (printf-style). */
void wire_conn_log(WireConn *conn, WireLogLevel level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Queues a FATAL with sqlstate/message, flushes, and returns -1. */
int wire_conn_fatal(WireConn *conn, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Queues the error (forcing severity FATAL), flushes, and returns -1. */
int wire_conn_fatal_err(WireConn *conn, OmError *err);
/* The authentication exchange for conn->user after the StartupMessage
 * (wire_auth.c): the method of the peer's kind (auth.h), then
 * AuthenticationOk queued in io.out (not flushed). Returns 1 when the client
 * is authenticated, 0 when it went away during the exchange (libpq does so
 * when it has no password), -1 after a FATAL (28P01, 08P01). */
int wire_auth_run(WireConn *conn);
/* Returns 1 when a session is ready (query loop may start), 0 when the
 * connection ended in an orderly way (cancel request, refused), -1 on error. */
int wire_startup_run(WireConn *conn);
/* The query phase: handles messages until the client has sent nothing more
 * (returns 1: park) or the connection ends (0 orderly, -1 on an error). */
int wire_query_serve(WireConn *conn);

/* pg_stat_activity (wire_activity.c). wire_activity_init: at accept (the
 * connection's start time). wire_activity_started: the session exists (user,
 * database, client address; state idle). wire_activity_statement: a Query or
 * Execute starts running `text`. wire_activity_ready: ReadyForQuery with
 * transaction status 'I', 'T' or 'E'. */
void wire_activity_init(WireConn *conn);
void wire_activity_started(WireConn *conn);
void wire_activity_statement(WireConn *conn, const char *text);
void wire_activity_ready(WireConn *conn, char txn_status);

/* Durable replies (wire_durable_reply.c; sql.h explains the session side).
 * wire_reply_mark: before a message is handled, remembers where its output
 * begins (unless an earlier one still owes durability). wire_reply_ready:
 * queues ReadyForQuery and sends the output, or hands it to the log when a
 * commit is owed and the client waits for nothing else. wire_reply_settle:
 * before a message other than Sync while a commit is owed, waits for it;
 * returns 1 if the flush failed (the reply became that error: skip to Sync).
 * wire_reply_wait: until a handed-off reply has been sent (before reading
 * the next message's effects, and before the connection ends). */
void wire_reply_mark(WireConn *conn);
int wire_reply_ready(WireConn *conn);
int wire_reply_settle(WireConn *conn);
void wire_reply_wait(WireConn *conn);
/* Appends int32 length + text form of one non-NULL value (DataRow field). */
void wire_put_text_value(StrBuf *out, OmType type, const void *payload,
                         const SessionSettings *settings);

/* ---- wire_extended.c ---- */
/* Handles Parse, Bind, Describe, Execute or Close. Returns 0, 1 after sending
 * an ErrorResponse (the caller skips to Sync), or -1 to end the connection. */
int wire_extended_message(WireConn *conn, const WireMsg *msg);
/* At Sync: ends the portals and the implicit transaction (outside a block),
 * committing it when `ok` (no error since the last Sync), else rolling it
 * back; a failed commit is an ErrorResponse. Returns 0, or -1 to end the
 * connection. */
int wire_extended_sync(WireConn *conn, bool ok);

#endif
