/*
 * wire_extended.c — the extended query protocol: Parse, Bind, Describe,
 * Execute and Close (Sync and Flush stay in the query loop, wire_query.c).
 * The engine side is sql_prepare.c (sql.h); this file decodes and encodes.
 *
 * Frontend message bodies (int16/int32 big-endian, strings NUL-terminated):
 *   'P' Parse     name, query, uint16 n, int32 type oid[n] (0 = infer)
 *   'B' Bind      portal, statement, uint16 nf, int16 format[nf] (0 text, 1 binary;
 *                 nf = 0: all text, 1: one for all, else one per parameter),
 *                 uint16 np, np × (int32 len (-1 = NULL), len bytes),
 *                 uint16 nr, int16 result format[nr] (same rules per column)
 *                 (counts are unsigned: PostgreSQL allows up to 65535 parameters)
 *   'D' Describe  'S' statement | 'P' portal, name
 *   'E' Execute   portal, int32 max rows (0 or less = all)
 *   'C' Close     'S' | 'P', name
 * Backend answers: ParseComplete '1', BindComplete '2', CloseComplete '3',
 * ParameterDescription 't' (int16 n, int32 oid[n]), RowDescription 'T' with
 * the portal's format codes (0 for a statement), NoData 'n', DataRow 'D',
 * CommandComplete 'C', EmptyQueryResponse 'I', PortalSuspended 's'.
 *
 * Invariants: a body is consumed exactly and every length is checked against
 * what is left (a malformed message is ErrorResponse 08P01, as PostgreSQL
 * answers a bad Bind; the connection stays usable after the Sync); an error
 * makes the caller skip to Sync; nothing here holds engine locks between
 * messages (pipelining several Parse/Bind/Execute before one Sync is just a
 * sequence of these calls).
 */
#include <stdlib.h>
#include <string.h>

#include "wire/wire_binary.h"
#include "wire/wire_int.h"

/* Queues an ErrorResponse (or ends the connection for FATAL). Returns 1 to
 * make the caller skip to Sync, -1 to end the connection. */
static int fail(WireConn *conn, OmError *err)
{
    if (atomic_load(&conn->terminating))
        return wire_conn_fatal(conn, SQLSTATE_ADMIN_SHUTDOWN,
                               "terminating connection due to administrator command");
    if (conn->io.broken) return -1;
    if (!err->is_set) ERR(err, SQLSTATE_INTERNAL_ERROR, "statement failed without an error");
    if (err->severity == ERR_SEV_FATAL || err->severity == ERR_SEV_PANIC)
        return wire_conn_fatal_err(conn, err);
    err->severity = ERR_SEV_ERROR;
    wire_put_error(&conn->io.out, err, false);
    /* an error fails an open block, as in PostgreSQL (a failed statement has
     * done so already); an implicit transaction is rolled back at Sync */
    if (sql_session_txn_status(conn->session) == 'T')
        sql_session_error_outside_statement(conn->session);
    return 1;
}

static int malformed(WireConn *conn, OmError *err)
{
    error_clear(err);
    ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "invalid message format");
    err->file = NULL;
    return fail(conn, err);
}

static void put_empty_message(WireConn *conn, char type)
{
    size_t m = wire_msg_begin(&conn->io.out, type);
    wire_msg_end(&conn->io.out, m);
}

/* Reads n bytes from the body (NULL when fewer are left). */
static const char *get_bytes(WireReader *r, size_t n)
{
    if (r->bad || r->len - r->pos < n) {
        r->bad = true;
        return NULL;
    }
    const char *p = r->p + r->pos;
    r->pos += n;
    return p;
}

/* ---- Parse ---- */

static int handle_parse(WireConn *conn, WireReader *r, OmError *err)
{
    const char *name = wire_get_cstring(r);
    const char *query = wire_get_cstring(r);
    int n = (uint16_t)wire_get_int16(r); /* counts are unsigned, as in PostgreSQL */
    if (r->bad) return malformed(conn, err);
    Oid *oids = malloc(sizeof(Oid) * (size_t)(n > 0 ? n : 1));
    if (!oids) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return fail(conn, err);
    }
    for (int i = 0; i < n; i++) oids[i] = (Oid)wire_get_int32(r);
    if (!wire_reader_done(r)) {
        free(oids);
        return malformed(conn, err);
    }
    int rc = sql_prepare(conn->session, name, query, n, oids, NULL, err);
    free(oids);
    if (rc != 0) return fail(conn, err);
    put_empty_message(conn, '1');
    return 0;
}

/* ---- Bind ---- */

static int no_statement(WireConn *conn, const char *name, OmError *err)
{
    if (name[0])
        ERR(err, SQLSTATE_INVALID_SQL_STATEMENT_NAME, "prepared statement \"%s\" does not exist",
            name);
    else
        ERR(err, SQLSTATE_INVALID_SQL_STATEMENT_NAME, "unnamed prepared statement does not exist");
    return fail(conn, err);
}

/* Decodes parameter i into *out: text as an untyped value for the engine to
 * convert, binary through the parameter type's receive function. */
static int decode_param(WireConn *conn, int i, int16_t format, OmType type, const char *data,
                        int32_t len, Arena *arena, Value *out, OmError *err)
{
    memset(out, 0, sizeof(*out));
    if (len < 0) {
        out->type = type;
        out->is_null = true;
        return 0;
    }
    if (format == 0) {
        if (!wire_utf8_valid(data, (size_t)len))
            return ERR(err, SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE,
                       "invalid byte sequence for encoding \"UTF8\" in bind parameter %d", i + 1);
        out->type = OM_TYPE(TYPE_UNKNOWN);
        out->u.str = strview_make(data, (uint32_t)len);
        return 0;
    }
    if (!wire_binary_supported(type.id)) {
        char tname[64];
        type_format(type, tname, sizeof(tname));
        return ERR(err, SQLSTATE_UNDEFINED_FUNCTION,
                   "no binary input function available for type %s", tname);
    }
    if (wire_binary_in(type, data, (size_t)len, sql_session_settings(conn->session), arena, out,
                       err) != 0) {
        if (strcmp(err->sqlstate, SQLSTATE_INVALID_BINARY_REPRESENTATION) == 0) {
            error_clear(err);
            ERR(err, SQLSTATE_INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format in bind parameter %d", i + 1);
        }
        return -1;
    }
    return 0;
}

static int check_result_formats(SqlPortal *portal, OmError *err)
{
    int ncols;
    const ResultColumn *cols;
    const int16_t *formats;
    sql_portal_describe(portal, &ncols, &cols, &formats);
    for (int c = 0; c < ncols; c++)
        if (formats[c] == 1 && !wire_binary_supported(cols[c].type.id)) {
            char tname[64];
            type_format(cols[c].type, tname, sizeof(tname));
            return ERR(err, SQLSTATE_UNDEFINED_FUNCTION,
                       "no binary output function available for type %s", tname);
        }
    return 0;
}

static int bind_body(WireConn *conn, WireReader *r, Arena *arena, OmError *err)
{
    const char *portal_name = wire_get_cstring(r);
    const char *stmt_name = wire_get_cstring(r);
    int nformats = (uint16_t)wire_get_int16(r); /* counts are unsigned, as in PostgreSQL */
    if (r->bad) return malformed(conn, err);
    int16_t *formats = ARENA_NEW_ARRAY(arena, int16_t, nformats > 0 ? nformats : 1);
    for (int i = 0; i < nformats; i++) formats[i] = wire_get_int16(r);
    int nvalues = (uint16_t)wire_get_int16(r);
    if (r->bad) return malformed(conn, err);
    const char **data = ARENA_NEW_ARRAY(arena, const char *, nvalues > 0 ? nvalues : 1);
    int32_t *lens = ARENA_NEW_ARRAY(arena, int32_t, nvalues > 0 ? nvalues : 1);
    for (int i = 0; i < nvalues; i++) {
        lens[i] = wire_get_int32(r);
        if (lens[i] < -1) return malformed(conn, err);
        data[i] = lens[i] > 0 ? get_bytes(r, (size_t)lens[i]) : "";
        if (r->bad) return malformed(conn, err);
    }
    int nresult = (uint16_t)wire_get_int16(r);
    if (r->bad) return malformed(conn, err);
    int16_t *result_formats = ARENA_NEW_ARRAY(arena, int16_t, nresult > 0 ? nresult : 1);
    for (int i = 0; i < nresult; i++) result_formats[i] = wire_get_int16(r);
    if (!wire_reader_done(r)) return malformed(conn, err);

    SqlPrepared *ps = sql_prepared_find(conn->session, stmt_name);
    if (!ps) return no_statement(conn, stmt_name, err);
    if (nformats > 1 && nformats != nvalues) {
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
            "bind message has %d parameter formats but %d parameters", nformats, nvalues);
        return fail(conn, err);
    }
    int nparams;
    const OmType *types;
    int ncols;
    const ResultColumn *cols;
    sql_prepared_describe(ps, &nparams, &types, &ncols, &cols);
    if (nvalues != nparams) {
        ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
            "bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
            nvalues, stmt_name, nparams);
        return fail(conn, err);
    }
    Value *values = ARENA_NEW_ARRAY(arena, Value, nvalues > 0 ? nvalues : 1);
    for (int i = 0; i < nvalues; i++) {
        int16_t format = nformats == 0 ? 0 : formats[nformats == 1 ? 0 : i];
        if (format != 0 && format != 1) {
            ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "unsupported format code: %d", format);
            return fail(conn, err);
        }
        if (decode_param(conn, i, format, types[i], data[i], lens[i], arena, &values[i], err) != 0)
            return fail(conn, err);
    }
    SqlPortal *portal = NULL;
    if (sql_bind(conn->session, portal_name, ps, nvalues, values, nresult, result_formats, &portal,
                 err) != 0)
        return fail(conn, err);
    if (check_result_formats(portal, err) != 0) {
        sql_portal_close(conn->session, portal_name);
        return fail(conn, err);
    }
    put_empty_message(conn, '2');
    return 0;
}

static int handle_bind(WireConn *conn, WireReader *r, OmError *err)
{
    Arena *arena = arena_create(NULL, "bind message");
    int rc = bind_body(conn, r, arena, err);
    arena_destroy(arena);
    return rc;
}

/* ---- Describe ---- */

static void put_row_description(WireConn *conn, int ncols, const ResultColumn *cols,
                                const int16_t *formats)
{
    WireField local[32] = {{0}};
    WireField *fields = ncols <= 32 ? local : malloc(sizeof(WireField) * (size_t)ncols);
    if (!fields) return;
    for (int i = 0; i < ncols; i++) {
        const ResultColumn *c = &cols[i];
        WireField *f = &fields[i];
        memset(f, 0, sizeof(*f));
        f->name = c->name;
        f->table_oid = c->table_oid;
        f->attnum = c->attnum;
        f->typmod = type_public_typmod(c->type);
        f->format = formats ? formats[i] : 0;
        TypeId id = c->type.id;
        if (id == TYPE_NULL || id == TYPE_UNKNOWN || id == TYPE_INVALID) {
            f->type_oid = OID_TEXT; /* an untyped output column is text */
            f->typlen = -1;
        } else {
            f->type_oid = type_oid_of(c->type);
            f->typlen = type_info(id)->typlen;
        }
    }
    wire_put_row_description(&conn->io.out, ncols, fields);
    if (fields != local) free(fields);
}

static void put_columns(WireConn *conn, int ncols, const ResultColumn *cols, const int16_t *formats)
{
    if (ncols < 0)
        put_empty_message(conn, 'n'); /* NoData */
    else
        put_row_description(conn, ncols, cols, formats);
}

static int handle_describe(WireConn *conn, WireReader *r, OmError *err)
{
    char kind = (char)(r->len > 0 ? r->p[0] : 0);
    get_bytes(r, 1);
    const char *name = wire_get_cstring(r);
    if (!wire_reader_done(r) || (kind != 'S' && kind != 'P')) return malformed(conn, err);
    int ncols;
    const ResultColumn *cols;
    if (kind == 'S') {
        SqlPrepared *ps = sql_prepared_find(conn->session, name);
        if (!ps) return no_statement(conn, name, err);
        int nparams;
        const OmType *types;
        sql_prepared_describe(ps, &nparams, &types, &ncols, &cols);
        StrBuf *out = &conn->io.out;
        size_t m = wire_msg_begin(out, 't');
        wire_put_int16(out, (int16_t)nparams);
        for (int i = 0; i < nparams; i++) wire_put_int32(out, (int32_t)type_oid_of(types[i]));
        wire_msg_end(out, m);
        put_columns(conn, ncols, cols, NULL);
        return 0;
    }
    SqlPortal *portal = sql_portal_find(conn->session, name);
    if (!portal) {
        ERR(err, SQLSTATE_INVALID_CURSOR_NAME, "portal \"%s\" does not exist", name);
        return fail(conn, err);
    }
    const int16_t *formats;
    sql_portal_describe(portal, &ncols, &cols, &formats);
    put_columns(conn, ncols, cols, formats);
    return 0;
}

/* ---- Execute ---- */

static int handle_execute(WireConn *conn, WireReader *r, OmError *err)
{
    const char *name = wire_get_cstring(r);
    int32_t max_rows = wire_get_int32(r);
    if (!wire_reader_done(r)) return malformed(conn, err);
    SqlPortal *portal = sql_portal_find(conn->session, name);
    if (!portal) {
        ERR(err, SQLSTATE_INVALID_CURSOR_NAME, "portal \"%s\" does not exist", name);
        return fail(conn, err);
    }
    int ncols;
    const ResultColumn *cols;
    const int16_t *formats;
    sql_portal_describe(portal, &ncols, &cols, &formats);
    QuerySink qs = {conn, sql_session_settings(conn->session), ncols > 0 ? formats : NULL};
    ResultSink sink;
    wire_query_sink_init(&sink, &qs, false); /* Execute never sends RowDescription */
    /* COPY FROM STDIN / TO STDOUT run inside Execute as PostgreSQL allows:
     * CopyIn/CopyOutResponse, the data, then CommandComplete; Flush and Sync
     * sent during COPY IN are ignored (libpq sends one more Sync after
     * CopyDone/CopyFail), and an error skips to that Sync like any other. */
    wire_copy_sink_init(&sink);
    bool suspended = false;
    /* the messages before Sync are one implicit transaction (sql.h) */
    sql_session_pipeline_enter(conn->session, wire_io_peek_type(&conn->io) == 'S');
    wire_activity_statement(conn, sql_portal_text(portal));
    int rc = sql_portal_execute(conn->session, portal, max_rows > 0 ? (uint64_t)max_rows : 0, &sink,
                                &suspended, err);
    if (atomic_load(&conn->terminating) || conn->io.broken || rc != 0) return fail(conn, err);
    if (suspended) put_empty_message(conn, 's');
    return 0;
}

/* ---- Close ---- */

static int handle_close(WireConn *conn, WireReader *r, OmError *err)
{
    char kind = (char)(r->len > 0 ? r->p[0] : 0);
    get_bytes(r, 1);
    const char *name = wire_get_cstring(r);
    if (!wire_reader_done(r) || (kind != 'S' && kind != 'P')) return malformed(conn, err);
    if (kind == 'S')
        sql_prepared_close(conn->session, name);
    else
        sql_portal_close(conn->session, name);
    put_empty_message(conn, '3');
    return 0;
}

int wire_extended_message(WireConn *conn, const WireMsg *msg)
{
    WireReader r;
    wire_reader_init(&r, msg->body, msg->len);
    OmError err;
    error_clear(&err);
    switch (msg->type) {
    case 'P':
        return handle_parse(conn, &r, &err);
    case 'B':
        return handle_bind(conn, &r, &err);
    case 'D':
        return handle_describe(conn, &r, &err);
    case 'E':
        return handle_execute(conn, &r, &err);
    case 'C':
        return handle_close(conn, &r, &err);
    default:
        return malformed(conn, &err);
    }
}

int wire_extended_sync(WireConn *conn, bool ok)
{
    if (sql_session_txn_status(conn->session) != 'I') return 0;
    sql_portal_close_all(conn->session);
    QuerySink qs = {conn, sql_session_settings(conn->session), NULL};
    ResultSink sink;
    wire_query_sink_init(&sink, &qs, false);
    OmError err;
    error_clear(&err);
    if (sql_session_sync(conn->session, ok, &sink, &err) != 0 && fail(conn, &err) < 0) return -1;
    return 0;
}
