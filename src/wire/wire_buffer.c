/*
 * wire_buffer.c — buffered socket I/O and message framing.
 *
 * Framing (all integers big-endian):
 *
 *   startup phase (no type byte; the first packet of a connection):
 *     int32 length   counts itself; 8 <= length <= WIRE_MAX_STARTUP_PACKET
 *     int32 code     196608 (3.0) StartupMessage, 80877103 SSLRequest,
 *                    80877104 GSSENCRequest, 80877102 CancelRequest
 *     ...            length - 8 bytes of the packet's body
 *
 *   regular messages:
 *     byte1 type     'Q', 'X', 'P', ...
 *     int32 length   counts itself but not the type; 4 <= length and
 *                    length - 4 <= the type's limit: max_message_size for the
 *                    types that carry data ('Q' 'P' 'B' 'F' 'd'), and
 *                    WIRE_MAX_SMALL_MESSAGE (or max_message_size when lower)
 *                    for every other type, as PostgreSQL's
 *                    PQ_SMALL_MESSAGE_LIMIT
 *     ...            length - 4 bytes of body
 *
 * A length outside its range is a protocol violation (08P01) detected from the
 * five header bytes alone, before any body byte is buffered. Nor does a valid
 * length make the server allocate it up front: the input buffer grows (by
 * doubling) only as the body's bytes arrive, so a client that declares 64 MiB
 * and sends nothing more costs 16 KiB, and memory stays within twice what the
 * client has actually sent. End of file inside a message is a violation too;
 * end of file between messages is the client going away.
 *
 * Input is read into one growing buffer (16 KiB at first, grown to hold the
 * largest message, shrunk back afterwards); output accumulates in a StrBuf that
 * the caller flushes at ReadyForQuery or when it passes WIRE_FLUSH_THRESHOLD.
 * send() uses MSG_NOSIGNAL: a vanished client is an error return, not SIGPIPE.
 *
 * Every byte in or out passes io_read() / io_write(), the one place that knows
 * whether a TLS session is attached. Plain sockets are blocking (a
 * "don't wait" read uses MSG_DONTWAIT); with TLS the socket is non-blocking
 * and a call that would block waits in poll() for what OpenSSL asked for
 * (WANT_READ / WANT_WRITE, either may come from a read or a write). Bytes
 * OpenSSL has already taken off the socket are invisible to epoll, so
 * wire_io_has_input() also asks SSL_has_pending(): a connection parks only
 * when both our buffer and the session's are empty. wire_conn_terminate's
 * shutdown(SHUT_RD) wakes a poll() as it wakes a recv().
 *
 * io->deadline_ms (the startup phase's authentication timeout) bounds every
 * wait for input; once it passes a read fails with ETIMEDOUT.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "wire/wire_int.h"

#define IN_INITIAL       ((size_t)16 << 10)
#define IN_SHRINK_ABOVE  ((size_t)1 << 20)
#define OUT_SHRINK_ABOVE ((size_t)4 << 20)

static uint32_t get_be32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return ((uint32_t)u[0] << 24) | ((uint32_t)u[1] << 16) | ((uint32_t)u[2] << 8) | u[3];
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "omendb: out of memory in wire buffer\n");
        abort();
    }
    return q;
}

void wire_io_init(WireIo *io, int fd, size_t max_message_size)
{
    memset(io, 0, sizeof(*io));
    io->fd = fd;
    io->in_cap = IN_INITIAL;
    io->in = xrealloc(NULL, io->in_cap);
    strbuf_init(&io->out, NULL);
    io->max_message_size = max_message_size ? max_message_size : WIRE_MAX_MESSAGE_DEFAULT;
}

void wire_io_fini(WireIo *io)
{
    if (io->ssl) SSL_free(io->ssl);
    io->ssl = NULL;
    free(io->in);
    io->in = NULL;
    strbuf_fini(&io->out);
}

bool wire_io_has_input(const WireIo *io)
{
    return io->in_end > io->in_start || (io->ssl && SSL_has_pending(io->ssl));
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int wire_io_wait(WireIo *io, bool for_read)
{
    struct pollfd pfd = {.fd = io->fd, .events = for_read ? POLLIN : POLLOUT};
    for (;;) {
        int timeout = -1;
        if (io->deadline_ms) {
            long left = io->deadline_ms - now_ms();
            if (left <= 0) {
                errno = ETIMEDOUT;
                return -1;
            }
            timeout = left > 0x7fffffff ? 0x7fffffff : (int)left;
        }
        int n = poll(&pfd, 1, timeout);
        if (n > 0) return 0; /* ready, or hung up / failed: the next call says which */
        if (n < 0 && errno != EINTR) return -1;
    }
}

/* Outcomes of io_read / io_write besides a byte count. */
#define IO_AGAIN (-2) /* nothing could move without waiting (only when !wait) */

/* Reads up to cap bytes: > 0 bytes, 0 at end of file, -1 on error (errno),
 * IO_AGAIN when !wait and nothing is there. */
static ssize_t io_read(WireIo *io, void *buf, size_t cap, bool wait)
{
    if (!io->ssl) {
        for (;;) {
            if (wait && io->deadline_ms && wire_io_wait(io, true) != 0) return -1;
            ssize_t n = recv(io->fd, buf, cap, wait ? 0 : MSG_DONTWAIT);
            if (n >= 0) return n;
            if (errno == EINTR) continue;
            if (!wait && (errno == EAGAIN || errno == EWOULDBLOCK)) return IO_AGAIN;
            return -1;
        }
    }
    for (;;) {
        size_t got = 0;
        ERR_clear_error();
        errno = 0;
        int r = SSL_read_ex(io->ssl, buf, cap, &got);
        if (r == 1) return (ssize_t)got;
        int e = SSL_get_error(io->ssl, r);
        if (e == SSL_ERROR_ZERO_RETURN) return 0;
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            /* WANT_WRITE while reading: the session must send first; wait for
             * that even on a "don't wait" read, since epoll watches input only */
            if (!wait && e == SSL_ERROR_WANT_READ) return IO_AGAIN;
            if (wire_io_wait(io, e == SSL_ERROR_WANT_READ) != 0) return -1;
            continue;
        }
        if (e == SSL_ERROR_SYSCALL && errno == 0) return 0; /* the peer went away */
        if (e != SSL_ERROR_SYSCALL) errno = EPROTO;
        ERR_clear_error();
        return -1;
    }
}

/* Writes up to len bytes: > 0 bytes, -1 on error, IO_AGAIN when !wait and
 * the socket is full. A retry after IO_AGAIN must pass the same bytes (TLS). */
static ssize_t io_write(WireIo *io, const void *buf, size_t len, bool wait)
{
    if (!io->ssl) {
        for (;;) {
            ssize_t n = send(io->fd, buf, len, MSG_NOSIGNAL | (wait ? 0 : MSG_DONTWAIT));
            if (n > 0) return n;
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && !wait && (errno == EAGAIN || errno == EWOULDBLOCK)) return IO_AGAIN;
            return -1;
        }
    }
    for (;;) {
        size_t put = 0;
        ERR_clear_error();
        errno = 0;
        int r = SSL_write_ex(io->ssl, buf, len, &put);
        if (r == 1) return (ssize_t)put;
        int e = SSL_get_error(io->ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            if (!wait) return IO_AGAIN;
            long saved = io->deadline_ms;
            io->deadline_ms = 0; /* the deadline bounds the client's input, not ours */
            int w = wire_io_wait(io, e == SSL_ERROR_WANT_READ);
            io->deadline_ms = saved;
            if (w != 0) return -1;
            continue;
        }
        ERR_clear_error();
        return -1;
    }
}

void wire_io_tls_close(WireIo *io)
{
    if (!io->ssl || io->broken) return;
    ERR_clear_error();
    (void)SSL_shutdown(io->ssl); /* close_notify; the socket may be full: then none */
    ERR_clear_error();
}

char wire_io_peek_type(const WireIo *io)
{
    return io->in_end > io->in_start ? io->in[io->in_start] : 0;
}

/* Moves unread bytes to the front and, when the buffer grew for a large
 * message that is gone now, gives the memory back. */
static void compact(WireIo *io)
{
    size_t avail = io->in_end - io->in_start;
    if (io->in_start > 0) {
        if (avail) memmove(io->in, io->in + io->in_start, avail);
        io->in_start = 0;
        io->in_end = avail;
    }
    if (io->in_cap > IN_SHRINK_ABOVE && avail < IN_INITIAL) {
        io->in_cap = IN_INITIAL;
        io->in = xrealloc(io->in, io->in_cap);
    }
}

int wire_io_poll_input(WireIo *io)
{
    if (io->in_end > io->in_start || io->eof) return 1;
    compact(io);
    ssize_t n = io_read(io, io->in + io->in_end, io->in_cap - io->in_end, false);
    if (n > 0) {
        io->in_end += (size_t)n;
        return 1;
    }
    if (n == IO_AGAIN) return 0;
    /* End of file, or an error the blocking read will meet again (a broken
     * TLS session is not asked twice: it ends as end of file). */
    if (n == 0 || io->ssl) io->eof = true;
    return 1;
}

/* Makes at least `need` unread bytes available. Returns WIRE_READ_OK,
 * WIRE_READ_EOF when the peer closed first, or WIRE_READ_ERROR (err set).
 * The buffer grows only when it is full and more is needed, and then at most
 * doubles: its size follows the bytes received, not the length declared. */
static int fill(WireIo *io, size_t need, OmError *err)
{
    while (io->in_end - io->in_start < need) {
        if (io->eof) return WIRE_READ_EOF;
        if (io->in_start + need > io->in_cap) compact(io);
        if (io->in_end == io->in_cap) {
            /* full (and compacted: in_start is 0), yet fewer than need bytes */
            size_t cap = io->in_cap * 2;
            if (cap > need) cap = need;
            io->in = xrealloc(io->in, cap);
            io->in_cap = cap;
        }
        ssize_t n = io_read(io, io->in + io->in_end, io->in_cap - io->in_end, true);
        if (n > 0) {
            io->in_end += (size_t)n;
        } else if (n == 0) {
            io->eof = true;
            return WIRE_READ_EOF;
        } else {
            io->eof = true;
            if (err)
                ERR(err, SQLSTATE_CONNECTION_EXCEPTION, "could not receive data from client: %s",
                    strerror(errno));
            return WIRE_READ_ERROR;
        }
    }
    return WIRE_READ_OK;
}

size_t wire_message_limit(const WireIo *io, char type)
{
    switch (type) {
    case 'Q': /* Query */
    case 'P': /* Parse */
    case 'B': /* Bind */
    case 'F': /* FunctionCall */
    case 'd': /* CopyData */
        return io->max_message_size;
    default:
        return io->max_message_size < WIRE_MAX_SMALL_MESSAGE ? io->max_message_size
                                                             : WIRE_MAX_SMALL_MESSAGE;
    }
}

int wire_io_read_message(WireIo *io, WireMsg *msg, OmError *err)
{
    if (io->in_start == io->in_end) compact(io);
    int rc = fill(io, 5, err);
    if (rc == WIRE_READ_ERROR) return rc;
    if (rc == WIRE_READ_EOF) {
        if (io->in_start == io->in_end) return WIRE_READ_EOF;
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "unexpected EOF within message length word");
        return WIRE_READ_ERROR;
    }
    const char *hdr = io->in + io->in_start;
    uint32_t len = get_be32(hdr + 1);
    size_t limit = wire_message_limit(io, hdr[0]);
    if (len < 4 || (size_t)len - 4 > limit) {
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "invalid message length");
        if (len >= 4)
            error_detail(err, "A message of %u bytes exceeds the limit of %zu bytes.", len - 4,
                         limit);
        return WIRE_READ_ERROR;
    }
    rc = fill(io, 1 + (size_t)len, err);
    if (rc == WIRE_READ_ERROR) return rc;
    if (rc == WIRE_READ_EOF) {
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "incomplete message from client");
        return WIRE_READ_ERROR;
    }
    hdr = io->in + io->in_start; /* fill() may have moved the buffer */
    msg->type = hdr[0];
    msg->body = hdr + 5;
    msg->len = (size_t)len - 4;
    io->in_start += 1 + (size_t)len;
    return WIRE_READ_OK;
}

int wire_io_read_startup(WireIo *io, WireMsg *msg, OmError *err)
{
    if (io->in_start == io->in_end) compact(io);
    int rc = fill(io, 4, err);
    if (rc == WIRE_READ_ERROR) return rc;
    if (rc == WIRE_READ_EOF) {
        if (io->in_start == io->in_end) return WIRE_READ_EOF;
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "incomplete startup packet");
        return WIRE_READ_ERROR;
    }
    uint32_t len = get_be32(io->in + io->in_start);
    if (len < 8 || len > WIRE_MAX_STARTUP_PACKET) {
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "invalid length of startup packet");
        return WIRE_READ_ERROR;
    }
    rc = fill(io, len, err);
    if (rc == WIRE_READ_ERROR) return rc;
    if (rc == WIRE_READ_EOF) {
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "incomplete startup packet");
        return WIRE_READ_ERROR;
    }
    msg->type = 0;
    msg->body = io->in + io->in_start + 4;
    msg->len = (size_t)len - 4;
    io->in_start += len;
    return WIRE_READ_OK;
}

static void out_done(WireIo *io)
{
    if (io->out.cap > OUT_SHRINK_ABOVE) {
        strbuf_fini(&io->out);
        strbuf_init(&io->out, NULL);
    } else {
        strbuf_reset(&io->out);
    }
    io->flushes++;
}

/* Sends the output from *off; `flags` adds MSG_DONTWAIT or nothing. Returns 1
 * (the output kept) when a non-blocking send finds the socket full, else
 * empties the output and returns 0, or -1 once broken. */
static int send_out(WireIo *io, size_t *off, int flags)
{
    while (!io->broken && *off < io->out.len) {
        ssize_t n = io_write(io, io->out.data + *off, io->out.len - *off, !(flags & MSG_DONTWAIT));
        if (n > 0)
            *off += (size_t)n;
        else if (n == IO_AGAIN)
            return 1;
        else
            io->broken = true;
    }
    out_done(io);
    return io->broken ? -1 : 0;
}

int wire_io_try_send(WireIo *io, size_t *off)
{
    return send_out(io, off, MSG_DONTWAIT);
}

int wire_io_flush(WireIo *io)
{
    return wire_io_flush_from(io, 0);
}

int wire_io_flush_from(WireIo *io, size_t off)
{
    return send_out(io, &off, 0);
}

int wire_io_send_byte(WireIo *io, char byte)
{
    strbuf_putc(&io->out, byte);
    return wire_io_flush(io);
}
