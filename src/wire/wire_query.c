/*
 * wire_query.c — the query phase: the simple Query loop and the ResultSink
 * that turns the engine's results into RowDescription, DataRow,
 * CommandComplete, EmptyQueryResponse, NoticeResponse and ParameterStatus.
 *
 * Frontend messages accepted after startup:
 *   'Q' Query        string text; runs every statement, then ReadyForQuery
 *   'X' Terminate    the connection ends
 *   'S' Sync         ends the implicit transaction's portals, ReadyForQuery
 *                    (ends the skipping described below)
 *   'H' Flush        sends what is buffered
 *   'P' 'B' 'D' 'E' 'C'  extended protocol (wire_extended.c); after an error
 *                    in one of them, messages up to Sync are skipped, as
 *                    PostgreSQL does
 *   'F' FunctionCall 0A000 then ReadyForQuery
 *   'd' 'c' 'f'      COPY data outside COPY: ignored, as PostgreSQL does (a
 *                    client goes on sending after a COPY FROM STDIN failed);
 *                    inside COPY they are read by wire_copy.c
 * Any other type byte is a protocol violation: FATAL 08P01, connection closed.
 *
 * DataRow is the hot path of big results. The encoder writes straight into the
 * output buffer: the length word is reserved, the text appended (integers,
 * booleans and text-like values inline, the rest through type_text_out) and
 * the length patched, with no intermediate copy. Output is flushed per chunk
 * once it passes WIRE_FLUSH_THRESHOLD, and at every ReadyForQuery.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/type_io.h"
#include "wire/wire_binary.h"
#include "wire/wire_int.h"

/* A sink callback must stop the statement when the client is gone or the
 * server asked the connection to end. */
static int sink_status(const QuerySink *qs)
{
    if (qs->conn->io.broken || atomic_load(&qs->conn->terminating)) return -1;
    return 0;
}

static int sink_describe(void *ctx, int ncols, const ResultColumn *cols)
{
    QuerySink *qs = ctx;
    WireField local[32] = {{0}};
    WireField *fields = ncols <= 32 ? local : malloc(sizeof(WireField) * (size_t)ncols);
    if (!fields) return -1;
    for (int i = 0; i < ncols; i++) {
        const ResultColumn *c = &cols[i];
        WireField *f = &fields[i];
        f->name = c->name;
        f->table_oid = c->table_oid;
        f->attnum = c->attnum;
        f->typmod = type_public_typmod(c->type);
        TypeId id = c->type.id;
        if (id == TYPE_NULL || id == TYPE_UNKNOWN || id == TYPE_INVALID) {
            /* PostgreSQL resolves an untyped output column to text. */
            f->type_oid = OID_TEXT;
            f->typlen = -1;
        } else {
            f->type_oid = type_oid_of(c->type);
            f->typlen = type_info(id)->typlen;
        }
    }
    wire_put_row_description(&qs->conn->io.out, ncols, fields);
    if (fields != local) free(fields);
    return sink_status(qs);
}

static inline void put_be32_at(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

/* Appends int32 length + text of one non-NULL value. */
void wire_put_text_value(StrBuf *out, OmType type, const void *payload,
                         const SessionSettings *settings)
{
    strbuf_reserve(out, 4);
    size_t len_at = out->len;
    out->len += 4;
    switch (type.id) {
    case TYPE_BOOL:
        strbuf_putc(out, *(const uint8_t *)payload ? 't' : 'f');
        break;
    case TYPE_INT2:
        wire_put_decimal(out, *(const int16_t *)payload);
        break;
    case TYPE_INT4:
        wire_put_decimal(out, *(const int32_t *)payload);
        break;
    case TYPE_INT8:
    case TYPE_OID:
        wire_put_decimal(out, *(const int64_t *)payload);
        break;
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_NAME:
    case TYPE_UNKNOWN: {
        const StrView *s = payload;
        strbuf_append(out, strview_data(s), s->len);
        break;
    }
    default:
        type_text_out(type, payload, settings, out);
        break;
    }
    put_be32_at(out->data + len_at, (uint32_t)(out->len - len_at - 4));
}

static int sink_rows(void *ctx, const Chunk *chunk)
{
    QuerySink *qs = ctx;
    StrBuf *out = &qs->conn->io.out;
    int ncols = chunk->ncols;
    for (uint32_t i = 0; i < chunk->count; i++) {
        uint32_t row = chunk_row(chunk, i);
        size_t m = wire_msg_begin(out, 'D');
        wire_put_int16(out, (int16_t)ncols);
        for (int col = 0; col < ncols; col++) {
            const Vector *v = &chunk->cols[col];
            if (!vector_is_valid(v, row)) {
                wire_put_int32(out, -1);
            } else if (qs->formats && qs->formats[col] == 1) {
                strbuf_reserve(out, 4);
                size_t len_at = out->len;
                out->len += 4;
                wire_binary_out(v->type, vector_value_ptr(v, row), out);
                put_be32_at(out->data + len_at, (uint32_t)(out->len - len_at - 4));
            } else {
                wire_put_text_value(out, v->type, vector_value_ptr(v, row), qs->settings);
            }
        }
        wire_msg_end(out, m);
    }
    if (out->len >= WIRE_FLUSH_THRESHOLD) wire_io_flush(&qs->conn->io);
    return sink_status(qs);
}

static int sink_complete(void *ctx, const char *tag)
{
    QuerySink *qs = ctx;
    wire_put_command_complete(&qs->conn->io.out, tag);
    return sink_status(qs);
}

static int sink_empty(void *ctx)
{
    QuerySink *qs = ctx;
    wire_put_empty_query(&qs->conn->io.out);
    return sink_status(qs);
}

static int sink_notice(void *ctx, const OmError *notice)
{
    QuerySink *qs = ctx;
    wire_put_error(&qs->conn->io.out, notice, true);
    return sink_status(qs);
}

static int sink_parameter_status(void *ctx, const char *name, const char *value)
{
    QuerySink *qs = ctx;
    wire_put_parameter_status(&qs->conn->io.out, name, value);
    return sink_status(qs);
}

void wire_query_sink_init(ResultSink *sink, QuerySink *qs, bool describe)
{
    memset(sink, 0, sizeof(*sink));
    sink->ctx = qs;
    sink->describe = describe ? sink_describe : NULL;
    sink->rows = sink_rows;
    sink->complete = sink_complete;
    sink->empty = sink_empty;
    sink->notice = sink_notice;
    sink->parameter_status = sink_parameter_status;
}

static int terminate_now(WireConn *conn)
{
    return wire_conn_fatal(conn, SQLSTATE_ADMIN_SHUTDOWN,
                           "terminating connection due to administrator command");
}

static void put_notification(void *ctx, const SessionNotification *n)
{
    WireConn *conn = ctx;
    wire_put_notification(&conn->io.out, n->pid, n->channel, n->payload);
}

int wire_conn_put_notifications(WireConn *conn)
{
    if (!conn->session || !sql_session_has_notifications(conn->session)) return 0;
    return sql_session_take_notifications(conn->session, put_notification, conn);
}

void wire_conn_send_notifications(WireConn *conn)
{
    wire_reply_wait(conn); /* a reply the log may still be sending owns the output */
    if (wire_conn_put_notifications(conn) > 0) (void)wire_io_flush(&conn->io);
}

static int send_ready(WireConn *conn)
{
    wire_conn_put_notifications(conn); /* before ReadyForQuery, as PostgreSQL sends them */
    return wire_reply_ready(conn);     /* waits for an owed commit, or hands the reply off */
}

static void send_error(WireConn *conn, const char *sqlstate, const char *message);

/* A malformed message that the connection survives, as in PostgreSQL: an
 * ErrorResponse 08P01 that fails an open transaction block. */
static void protocol_error(WireConn *conn, const char *message)
{
    send_error(conn, SQLSTATE_PROTOCOL_VIOLATION, message);
    sql_session_error_outside_statement(conn->session);
}

/* Runs one Query message. Returns 0 to go on, -1 to end the connection. */
static int run_query(WireConn *conn, const WireMsg *msg)
{
    WireReader r;
    wire_reader_init(&r, msg->body, msg->len);
    const char *text = wire_get_cstring(&r);
    if (!wire_reader_done(&r)) {
        protocol_error(conn, r.bad ? "invalid string in message" : "invalid message format");
        return send_ready(conn);
    }

    QuerySink qs = {.conn = conn, .settings = sql_session_settings(conn->session)};
    ResultSink sink;
    wire_query_sink_init(&sink, &qs, true);
    wire_copy_sink_init(&sink);
    OmError err;
    error_clear(&err);
    wire_activity_statement(conn, text);
    /* inside a pipeline (Executes before it, no Sync yet) the Query joins the
     * implicit transaction and commits it; it never opens one */
    sql_session_pipeline_enter(conn->session, true);
    int rc = sql_exec_simple(conn->session, text, &sink, &err);
    if (atomic_load(&conn->terminating)) return terminate_now(conn);
    if (conn->io.broken) return -1;
    if (rc != 0) {
        if (!err.is_set) ERR(&err, SQLSTATE_INTERNAL_ERROR, "statement failed without an error");
        if (err.severity == ERR_SEV_FATAL || err.severity == ERR_SEV_PANIC)
            return wire_conn_fatal_err(conn, &err);
        err.severity = ERR_SEV_ERROR;
        wire_put_error(&conn->io.out, &err, false);
    }
    return send_ready(conn);
}

static void send_error(WireConn *conn, const char *sqlstate, const char *message)
{
    OmError err;
    error_clear(&err);
    ERR(&err, sqlstate, "%s", message);
    err.file = NULL;
    wire_put_error(&conn->io.out, &err, false);
}

/* Handles messages until the client has sent nothing more (1: park the
 * connection) or the connection ends (0 orderly, -1 on an error). The turn's
 * first check asks the socket without waiting (the turn may follow the startup
 * phase, or a readiness report with nothing to read); after a message, with
 * nothing buffered, the turn ends without asking (a parked socket reports input
 * that arrived meanwhile at once), which saves a recv() per message. */
static int query_serve(WireConn *conn)
{
    for (bool first = true;; first = false) {
        if (!atomic_load(&conn->terminating) &&
            (first ? wire_io_poll_input(&conn->io) == 0
                   : !wire_io_has_input(&conn->io) && !conn->io.eof)) {
            /* idle: notifications that arrived since go out now */
            if (wire_conn_put_notifications(conn) > 0 && wire_io_flush(&conn->io) != 0) return -1;
            return 1;
        }
        OmError err;
        error_clear(&err);
        WireMsg msg;
        int rc = wire_io_read_message(&conn->io, &msg, &err);
        wire_reply_wait(conn); /* the previous reply, if the log is sending it */
        if (atomic_load(&conn->terminating)) return terminate_now(conn);
        if (rc == WIRE_READ_EOF) return 0;
        if (rc == WIRE_READ_ERROR) {
            if (strcmp(err.sqlstate, SQLSTATE_CONNECTION_EXCEPTION) == 0) return -1;
            return wire_conn_fatal_err(conn, &err);
        }
        if (msg.type != 'S' && wire_reply_settle(conn)) conn->skip_till_sync = true;
        wire_reply_mark(conn);
        switch (msg.type) {
        case 'Q':
            if (conn->skip_till_sync) break;
            if (run_query(conn, &msg) != 0) return -1;
            break;
        case 'X':
            return 0;
        case 'S': {
            bool ok = !conn->skip_till_sync; /* no error since the last Sync */
            conn->skip_till_sync = false;
            if (msg.len != 0) {
                protocol_error(conn, "invalid message format");
                ok = false;
            }
            if (wire_extended_sync(conn, ok) != 0) return -1;
            if (send_ready(conn) != 0) return -1;
            break;
        }
        case 'H':
            if (msg.len != 0 && !conn->skip_till_sync) {
                /* an extended-protocol message: the rest is skipped until Sync */
                protocol_error(conn, "invalid message format");
                conn->skip_till_sync = true;
            }
            if (wire_io_flush(&conn->io) != 0) return -1;
            break;
        case 'P':
        case 'B':
        case 'D':
        case 'E':
        case 'C':
            if (conn->skip_till_sync) break;
            rc = wire_extended_message(conn, &msg);
            if (rc < 0) return -1;
            if (rc > 0) conn->skip_till_sync = true;
            break;
        case 'F':
            if (conn->skip_till_sync) break;
            send_error(conn, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "fastpath function calls are not supported");
            if (send_ready(conn) != 0) return -1;
            break;
        case 'd':
        case 'c':
        case 'f':
            break; /* COPY messages outside COPY are ignored */
        default:
            return wire_conn_fatal(conn, SQLSTATE_PROTOCOL_VIOLATION,
                                   "invalid frontend message type %d",
                                   (int)(unsigned char)msg.type);
        }
    }
}

int wire_query_serve(WireConn *conn)
{
    int rc = query_serve(conn);
    if (rc != 1) wire_reply_wait(conn);
    return rc;
}
