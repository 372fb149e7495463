/*
 * wire_copy.c — the COPY sub-protocol of PostgreSQL v3, as the copy_*
 * callbacks of the Query ResultSink (sql.h describes their contracts).
 *
 * Backend messages:
 *   'G' CopyInResponse   int8 0 (text), int16 ncols, int16 0 per column
 *   'H' CopyOutResponse  same layout
 *   'd' CopyData         the bytes (COPY TO: one row or the header per message)
 *   'c' CopyDone         empty
 * Frontend messages read during COPY FROM STDIN:
 *   'd' CopyData         any split of the data stream (lines may span messages)
 *   'c' CopyDone         end of data
 *   'f' CopyFail         string message: the COPY fails with 57014
 *                        "COPY from stdin failed: <message>"
 *   'H' Flush, 'S' Sync  ignored (PostgreSQL ignores them inside COPY, for
 *                        clients that send COPY through the extended protocol)
 * Anything else is 08P01 "unexpected message type 0x%02X during COPY from
 * stdin"; the statement fails and the connection stays usable. After a failed
 * COPY FROM, the client may go on sending CopyData/CopyDone: the query loop
 * ignores them (wire_query.c), which is what PostgreSQL does.
 */
#include <string.h>

#include "wire/wire_int.h"

static int copy_status(const QuerySink *qs)
{
    if (qs->conn->io.broken || atomic_load(&qs->conn->terminating)) return -1;
    return 0;
}

/* CopyInResponse / CopyOutResponse: overall text format, every column text. */
static void put_copy_response(StrBuf *out, char type, int ncols)
{
    size_t m = wire_msg_begin(out, type);
    strbuf_putc(out, '\0');
    wire_put_int16(out, (int16_t)ncols);
    for (int i = 0; i < ncols; i++) wire_put_int16(out, 0);
    wire_msg_end(out, m);
}

static int copy_in_begin(void *ctx, int ncols)
{
    QuerySink *qs = ctx;
    put_copy_response(&qs->conn->io.out, 'G', ncols);
    if (wire_io_flush(&qs->conn->io) != 0) return -1;
    return copy_status(qs);
}

static int copy_in_read(void *ctx, const char **data, size_t *len, OmError *err)
{
    QuerySink *qs = ctx;
    WireConn *conn = qs->conn;
    for (;;) {
        WireMsg msg;
        int rc = wire_io_read_message(&conn->io, &msg, err);
        if (atomic_load(&conn->terminating))
            return ERR(err, SQLSTATE_ADMIN_SHUTDOWN,
                       "terminating connection due to administrator command");
        if (rc == WIRE_READ_EOF)
            return ERR(err, SQLSTATE_CONNECTION_EXCEPTION,
                       "unexpected EOF on client connection with an open transaction");
        if (rc == WIRE_READ_ERROR) {
            /* the framing is lost: the connection cannot go on */
            if (strcmp(err->sqlstate, SQLSTATE_PROTOCOL_VIOLATION) == 0)
                err->severity = ERR_SEV_FATAL;
            return -1;
        }
        switch (msg.type) {
        case 'd':
            *data = msg.body;
            *len = msg.len;
            return 1;
        case 'c':
            return 0;
        case 'f': {
            WireReader r;
            wire_reader_init(&r, msg.body, msg.len);
            const char *why = wire_get_cstring(&r);
            return ERR(err, SQLSTATE_QUERY_CANCELED, "COPY from stdin failed: %s", why);
        }
        case 'H':
        case 'S':
            break;
        default:
            return ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
                       "unexpected message type 0x%02X during COPY from stdin",
                       (unsigned)(unsigned char)msg.type);
        }
    }
}

static int copy_out_begin(void *ctx, int ncols)
{
    QuerySink *qs = ctx;
    put_copy_response(&qs->conn->io.out, 'H', ncols);
    return copy_status(qs);
}

static int copy_out_data(void *ctx, const char *data, size_t len)
{
    QuerySink *qs = ctx;
    StrBuf *out = &qs->conn->io.out;
    size_t m = wire_msg_begin(out, 'd');
    strbuf_append(out, data, len);
    wire_msg_end(out, m);
    if (out->len >= WIRE_FLUSH_THRESHOLD && wire_io_flush(&qs->conn->io) != 0) return -1;
    return copy_status(qs);
}

static int copy_out_end(void *ctx)
{
    QuerySink *qs = ctx;
    StrBuf *out = &qs->conn->io.out;
    size_t m = wire_msg_begin(out, 'c');
    wire_msg_end(out, m);
    return copy_status(qs);
}

void wire_copy_sink_init(ResultSink *sink)
{
    sink->copy_in_begin = copy_in_begin;
    sink->copy_in_read = copy_in_read;
    sink->copy_out_begin = copy_out_begin;
    sink->copy_out_data = copy_out_data;
    sink->copy_out_end = copy_out_end;
}
