/*
 * wire_messages.c — encoding backend messages and decoding frontend ones.
 *
 * Every backend message is  byte1 type, int32 length (counting itself, not the
 * type), body.  Integers are big-endian; a "string" is NUL-terminated UTF-8.
 *
 *   AuthenticationOk      'R' int32 8, int32 0
 *   ParameterStatus       'S' string name, string value
 *   BackendKeyData        'K' int32 12, int32 process id, int32 secret key
 *   NotificationResponse  'A' int32 pid, string channel, string payload
 *   ReadyForQuery         'Z' int32 5, byte1 status: 'I' idle, 'T' in a
 *                         transaction block, 'E' in a failed block
 *   RowDescription        'T' int16 nfields, then per field: string name,
 *                         int32 table oid, int16 attnum, int32 type oid,
 *                         int16 typlen, int32 typmod, int16 format (0 = text)
 *   DataRow               'D' int16 ncols, then per column int32 length (-1 =
 *                         NULL) and that many bytes of text (wire_query.c)
 *   CommandComplete       'C' string tag ("SELECT 3", "INSERT 0 1")
 *   EmptyQueryResponse    'I' int32 4
 *   ErrorResponse         'E' / NoticeResponse 'N': fields, each byte1 code +
 *                         string, then a 0 byte. Codes: S severity (localised),
 *                         V severity (never localised), C SQLSTATE, M message,
 *                         D detail, H hint, P position (decimal, 1-based
 *                         characters), F file, L line, R routine
 *   NegotiateProtocolVersion 'v' int32 newest minor, int32 n, n strings
 *
 * Frontend bodies are decoded through WireReader, which never reads past the
 * body and remembers any overrun in `bad`; the caller turns `bad` (or unread
 * trailing bytes) into 08P01 "invalid message format".
 *
 *   StartupMessage        int32 length, int32 protocol (3 << 16 | minor), then
 *                         pairs of strings name, value, ended by one empty
 *                         string (a lone 0 byte)
 *   CancelRequest         int32 16, int32 80877102, int32 pid, int32 secret
 *   Query                 'Q' string query text
 *   Terminate             'X' int32 4
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wire/wire_int.h"

static inline void put_be32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

size_t wire_msg_begin(StrBuf *out, char type)
{
    strbuf_reserve(out, 5);
    size_t start = out->len;
    out->data[out->len] = type;
    out->len += 5; /* length patched by wire_msg_end */
    out->data[out->len] = '\0';
    return start;
}

void wire_msg_end(StrBuf *out, size_t start)
{
    put_be32(out->data + start + 1, (uint32_t)(out->len - start - 1));
}

void wire_put_int32(StrBuf *out, int32_t v)
{
    strbuf_reserve(out, 4);
    put_be32(out->data + out->len, (uint32_t)v);
    out->len += 4;
    out->data[out->len] = '\0';
}

void wire_put_int16(StrBuf *out, int16_t v)
{
    strbuf_reserve(out, 2);
    uint16_t u = (uint16_t)v;
    out->data[out->len] = (char)(u >> 8);
    out->data[out->len + 1] = (char)u;
    out->len += 2;
    out->data[out->len] = '\0';
}

void wire_put_cstring(StrBuf *out, const char *s)
{
    strbuf_append(out, s, strlen(s) + 1);
}

void wire_put_auth_ok(StrBuf *out)
{
    size_t m = wire_msg_begin(out, 'R');
    wire_put_int32(out, 0);
    wire_msg_end(out, m);
}

void wire_put_parameter_status(StrBuf *out, const char *name, const char *value)
{
    size_t m = wire_msg_begin(out, 'S');
    wire_put_cstring(out, name);
    wire_put_cstring(out, value);
    wire_msg_end(out, m);
}

void wire_put_backend_key(StrBuf *out, int32_t pid, int32_t secret)
{
    size_t m = wire_msg_begin(out, 'K');
    wire_put_int32(out, pid);
    wire_put_int32(out, secret);
    wire_msg_end(out, m);
}

void wire_put_notification(StrBuf *out, int32_t pid, const char *channel, const char *payload)
{
    size_t m = wire_msg_begin(out, 'A');
    wire_put_int32(out, pid);
    wire_put_cstring(out, channel);
    wire_put_cstring(out, payload);
    wire_msg_end(out, m);
}

void wire_put_ready(StrBuf *out, char txn_status)
{
    size_t m = wire_msg_begin(out, 'Z');
    strbuf_putc(out, txn_status);
    wire_msg_end(out, m);
}

void wire_put_command_complete(StrBuf *out, const char *tag)
{
    size_t m = wire_msg_begin(out, 'C');
    wire_put_cstring(out, tag);
    wire_msg_end(out, m);
}

void wire_put_empty_query(StrBuf *out)
{
    size_t m = wire_msg_begin(out, 'I');
    wire_msg_end(out, m);
}

void wire_put_row_description(StrBuf *out, int nfields, const WireField *fields)
{
    size_t m = wire_msg_begin(out, 'T');
    wire_put_int16(out, (int16_t)nfields);
    for (int i = 0; i < nfields; i++) {
        const WireField *f = &fields[i];
        wire_put_cstring(out, f->name ? f->name : "?column?");
        wire_put_int32(out, (int32_t)f->table_oid);
        wire_put_int16(out, f->attnum);
        wire_put_int32(out, (int32_t)f->type_oid);
        wire_put_int16(out, f->typlen);
        wire_put_int32(out, f->typmod);
        wire_put_int16(out, f->format);
    }
    wire_msg_end(out, m);
}

static void put_field(StrBuf *out, char code, const char *value)
{
    strbuf_putc(out, code);
    wire_put_cstring(out, value);
}

void wire_put_error(StrBuf *out, const OmError *err, bool notice)
{
    size_t m = wire_msg_begin(out, notice ? 'N' : 'E');
    const char *sev = error_severity_name(err->severity);
    const char *state = err->sqlstate[0] ? err->sqlstate : SQLSTATE_INTERNAL_ERROR;
    put_field(out, 'S', sev);
    put_field(out, 'V', sev);
    put_field(out, 'C', state);
    put_field(out, 'M', err->message);
    if (err->detail[0]) put_field(out, 'D', err->detail);
    if (err->hint[0]) put_field(out, 'H', err->hint);
    if (err->position > 0) {
        char pos[16];
        snprintf(pos, sizeof(pos), "%d", err->position);
        put_field(out, 'P', pos);
    }
    if (err->context[0]) put_field(out, 'W', err->context);
    if (err->schema_name[0]) put_field(out, 's', err->schema_name);
    if (err->table_name[0]) put_field(out, 't', err->table_name);
    if (err->column_name[0]) put_field(out, 'c', err->column_name);
    if (err->constraint_name[0]) put_field(out, 'n', err->constraint_name);
    if (err->file) {
        const char *base = strrchr(err->file, '/');
        put_field(out, 'F', base ? base + 1 : err->file);
        char line[16];
        snprintf(line, sizeof(line), "%d", err->line);
        put_field(out, 'L', line);
    }
    strbuf_putc(out, '\0');
    wire_msg_end(out, m);
}

void wire_put_negotiate_version(StrBuf *out, int32_t newest_minor, int n_unknown,
                                const char *const *unknown)
{
    size_t m = wire_msg_begin(out, 'v');
    wire_put_int32(out, newest_minor);
    wire_put_int32(out, n_unknown);
    for (int i = 0; i < n_unknown; i++) wire_put_cstring(out, unknown[i]);
    wire_msg_end(out, m);
}

void wire_put_decimal(StrBuf *out, int64_t v)
{
    char tmp[24];
    char *end = tmp + sizeof(tmp);
    char *p = end;
    /* Work on the unsigned magnitude so INT64_MIN does not overflow. */
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    if (v < 0) *--p = '-';
    strbuf_append(out, p, (size_t)(end - p));
}

void wire_reader_init(WireReader *r, const char *body, size_t len)
{
    r->p = body;
    r->len = len;
    r->pos = 0;
    r->bad = false;
}

int32_t wire_get_int32(WireReader *r)
{
    if (r->bad || r->len - r->pos < 4) {
        r->bad = true;
        return 0;
    }
    const unsigned char *u = (const unsigned char *)r->p + r->pos;
    r->pos += 4;
    return (int32_t)(((uint32_t)u[0] << 24) | ((uint32_t)u[1] << 16) | ((uint32_t)u[2] << 8) |
                     u[3]);
}

int16_t wire_get_int16(WireReader *r)
{
    if (r->bad || r->len - r->pos < 2) {
        r->bad = true;
        return 0;
    }
    const unsigned char *u = (const unsigned char *)r->p + r->pos;
    r->pos += 2;
    return (int16_t)(((uint16_t)u[0] << 8) | u[1]);
}

const char *wire_get_cstring(WireReader *r)
{
    if (r->bad || r->pos >= r->len) {
        r->bad = true;
        return "";
    }
    const char *s = r->p + r->pos;
    const char *nul = memchr(s, '\0', r->len - r->pos);
    if (!nul) {
        r->bad = true;
        return "";
    }
    r->pos += (size_t)(nul - s) + 1;
    return s;
}

bool wire_reader_done(const WireReader *r)
{
    return !r->bad && r->pos == r->len;
}

int wire_parse_startup(const char *body, size_t len, WireStartup *out, OmError *err)
{
    WireReader r;
    wire_reader_init(&r, body, len);
    memset(out, 0, sizeof(*out));
    out->protocol = (uint32_t)wire_get_int32(&r);
    for (;;) {
        const char *name = wire_get_cstring(&r);
        if (r.bad) break;
        if (name[0] == '\0') break; /* the terminating empty name */
        const char *value = wire_get_cstring(&r);
        if (r.bad) break;
        if (out->nparams == WIRE_STARTUP_MAX_PARAMS)
            return ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
                       "too many parameters in startup packet (at most %d)",
                       WIRE_STARTUP_MAX_PARAMS);
        out->names[out->nparams] = name;
        out->values[out->nparams] = value;
        out->nparams++;
    }
    if (!wire_reader_done(&r))
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
                   "invalid startup packet layout: expected terminator as last byte");
    return 0;
}

const char *wire_startup_get(const WireStartup *st, const char *name)
{
    for (int i = 0; i < st->nparams; i++)
        if (strcmp(st->names[i], name) == 0) return st->values[i];
    return NULL;
}
