/*
 * parquet_thrift.c — the Thrift compact protocol, as much as Parquet's footer
 * and page headers need: a writer that appends to a PqBuf and a bounds-checked
 * reader that never reads past its buffer and reports damage as XX001 with the
 * file offset.
 *
 * Encoding (Thrift compact protocol):
 *   integers   i16/i32/i64 as zigzag ULEB128 varints; i8 as one byte
 *   binary     varint length, then the bytes
 *   field      one byte (delta << 4 | type) when the id grows by 1..15 over the
 *              previous field of the same struct, else the type byte followed by
 *              the id as a zigzag varint; booleans are the type (1 true, 2 false)
 *   struct     its fields, then a 0 byte (STOP)
 *   list/set   one byte (n << 4 | element type) when n < 15, else 0xF0 | type
 *              followed by n as a varint; elements have no headers
 *   map        varint n, then (when n > 0) one byte key type << 4 | value type
 */
#include <string.h>

#include "storage/parquet_int.h"

/* ---- writer ---- */

static uint64_t zigzag64(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

void thrift_w_init(ThriftWriter *w, PqBuf *out)
{
    w->out = out;
    w->depth = 1;
    w->last_id[0] = 0;
}

static void field_header(ThriftWriter *w, int16_t id, int type)
{
    int16_t *last = &w->last_id[w->depth - 1];
    int delta = id - *last;
    if (delta > 0 && delta <= 15) {
        pq_buf_u8(w->out, (uint8_t)((delta << 4) | type));
    } else {
        pq_buf_u8(w->out, (uint8_t)type);
        pq_buf_varint(w->out, zigzag64(id));
    }
    *last = id;
}

void thrift_w_i32(ThriftWriter *w, int16_t id, int32_t v)
{
    field_header(w, id, TC_I32);
    pq_buf_varint(w->out, zigzag64(v));
}

void thrift_w_i64(ThriftWriter *w, int16_t id, int64_t v)
{
    field_header(w, id, TC_I64);
    pq_buf_varint(w->out, zigzag64(v));
}

void thrift_w_i8(ThriftWriter *w, int16_t id, int8_t v)
{
    field_header(w, id, TC_BYTE);
    pq_buf_u8(w->out, (uint8_t)v);
}

void thrift_w_bool(ThriftWriter *w, int16_t id, bool v)
{
    field_header(w, id, v ? TC_TRUE : TC_FALSE);
}

void thrift_w_binary(ThriftWriter *w, int16_t id, const void *p, size_t n)
{
    field_header(w, id, TC_BINARY);
    pq_buf_varint(w->out, n);
    pq_buf_put(w->out, p, n);
}

void thrift_w_string(ThriftWriter *w, int16_t id, const char *s)
{
    thrift_w_binary(w, id, s, strlen(s));
}

static void push(ThriftWriter *w)
{
    /* Our own schemas nest at most 5 deep; the bound is a programming error. */
    if (w->depth >= PQ_THRIFT_MAXDEPTH) {
        w->out->oom = true;
        return;
    }
    w->last_id[w->depth++] = 0;
}

void thrift_w_struct_begin(ThriftWriter *w, int16_t id)
{
    field_header(w, id, TC_STRUCT);
    push(w);
}

void thrift_w_struct_end(ThriftWriter *w)
{
    pq_buf_u8(w->out, TC_STOP);
    if (w->depth > 0) w->depth--;
}

void thrift_w_list_begin(ThriftWriter *w, int16_t id, int elem_type, uint32_t n)
{
    field_header(w, id, TC_LIST);
    if (n < 15) {
        pq_buf_u8(w->out, (uint8_t)((n << 4) | (uint32_t)elem_type));
    } else {
        pq_buf_u8(w->out, (uint8_t)(0xF0 | elem_type));
        pq_buf_varint(w->out, n);
    }
}

void thrift_w_elem_i32(ThriftWriter *w, int32_t v)
{
    pq_buf_varint(w->out, zigzag64(v));
}

void thrift_w_elem_string(ThriftWriter *w, const char *s)
{
    size_t n = strlen(s);
    pq_buf_varint(w->out, n);
    pq_buf_put(w->out, s, n);
}

void thrift_w_elem_struct_begin(ThriftWriter *w)
{
    push(w);
}

/* ---- reader ---- */

void thrift_r_init(ThriftReader *r, const uint8_t *buf, size_t len, uint64_t base_off,
                   const char *path, OmError *err)
{
    r->base = buf;
    r->p = buf;
    r->end = buf + len;
    r->base_off = base_off;
    r->path = path;
    r->err = err;
    r->depth = 1;
    r->last_id[0] = 0;
}

uint64_t thrift_r_offset(const ThriftReader *r)
{
    return r->base_off + (uint64_t)(r->p - r->base);
}

int thrift_r_fail(ThriftReader *r, const char *what)
{
    return ERR(r->err, SQLSTATE_DATA_CORRUPTED, "invalid Parquet file \"%s\": %s at offset %llu",
               r->path, what, (unsigned long long)thrift_r_offset(r));
}

static int read_varint(ThriftReader *r, uint64_t *v)
{
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) return thrift_r_fail(r, "truncated metadata");
        uint8_t b = *r->p++;
        result |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = result;
            return 0;
        }
    }
    return thrift_r_fail(r, "overlong varint in metadata");
}

static int read_zigzag(ThriftReader *r, int64_t *v)
{
    uint64_t u;
    if (read_varint(r, &u) != 0) return -1;
    *v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
    return 0;
}

int thrift_r_field(ThriftReader *r, int *type, int16_t *id)
{
    if (r->depth <= 0) return thrift_r_fail(r, "metadata read past its struct");
    if (r->p >= r->end) return thrift_r_fail(r, "truncated metadata");
    uint8_t b = *r->p++;
    if (b == TC_STOP) {
        *type = TC_STOP;
        *id = 0;
        if (r->depth > 0) r->depth--;
        return 0;
    }
    int t = b & 0x0f;
    int delta = b >> 4;
    int16_t *last = &r->last_id[r->depth - 1];
    int64_t fid;
    if (delta) {
        fid = *last + delta;
    } else if (read_zigzag(r, &fid) != 0) {
        return -1;
    }
    if (fid < INT16_MIN || fid > INT16_MAX) return thrift_r_fail(r, "bad field id in metadata");
    if (t == TC_STOP || t > TC_STRUCT) return thrift_r_fail(r, "bad field type in metadata");
    *last = (int16_t)fid;
    *type = t;
    *id = (int16_t)fid;
    return 0;
}

int thrift_r_i64(ThriftReader *r, int type, int64_t *v)
{
    if (type == TC_BYTE) {
        if (r->p >= r->end) return thrift_r_fail(r, "truncated metadata");
        *v = (int8_t)*r->p++;
        return 0;
    }
    if (type != TC_I16 && type != TC_I32 && type != TC_I64)
        return thrift_r_fail(r, "integer field of wrong type in metadata");
    return read_zigzag(r, v);
}

int thrift_r_i32(ThriftReader *r, int type, int32_t *v)
{
    int64_t x = 0;
    if (type == TC_I64) return thrift_r_fail(r, "integer field of wrong type in metadata");
    if (thrift_r_i64(r, type, &x) != 0) return -1;
    if (x < INT32_MIN || x > INT32_MAX) return thrift_r_fail(r, "integer out of range in metadata");
    *v = (int32_t)x;
    return 0;
}

int thrift_r_bool(ThriftReader *r, int type, bool *v)
{
    if (type != TC_TRUE && type != TC_FALSE)
        return thrift_r_fail(r, "boolean field of wrong type in metadata");
    *v = type == TC_TRUE;
    return 0;
}

int thrift_r_binary(ThriftReader *r, int type, const uint8_t **p, uint32_t *n)
{
    uint64_t len;
    if (type != TC_BINARY) return thrift_r_fail(r, "binary field of wrong type in metadata");
    if (read_varint(r, &len) != 0) return -1;
    if (len > (uint64_t)(r->end - r->p)) return thrift_r_fail(r, "string overruns metadata");
    *p = r->p;
    *n = (uint32_t)len;
    r->p += len;
    return 0;
}

static int enter(ThriftReader *r)
{
    if (r->depth >= PQ_THRIFT_MAXDEPTH) return thrift_r_fail(r, "metadata nested too deeply");
    r->last_id[r->depth++] = 0;
    return 0;
}

int thrift_r_struct_begin(ThriftReader *r, int type)
{
    if (type != TC_STRUCT) return thrift_r_fail(r, "struct field of wrong type in metadata");
    return enter(r);
}

int thrift_r_elem_struct_begin(ThriftReader *r, int elem_type)
{
    return thrift_r_struct_begin(r, elem_type);
}

int thrift_r_list(ThriftReader *r, int type, int *elem_type, uint32_t *n)
{
    if (type != TC_LIST && type != TC_SET)
        return thrift_r_fail(r, "list field of wrong type in metadata");
    if (r->p >= r->end) return thrift_r_fail(r, "truncated metadata");
    uint8_t b = *r->p++;
    uint64_t count = b >> 4;
    if (count == 15 && read_varint(r, &count) != 0) return -1;
    /* Every element takes at least one byte. */
    if (count > (uint64_t)(r->end - r->p)) return thrift_r_fail(r, "list overruns metadata");
    *elem_type = b & 0x0f;
    *n = (uint32_t)count;
    return 0;
}

/* Skips one value of `type`; in_list: booleans are a byte (not in the header). */
static int skip_value(ThriftReader *r, int type, bool in_list)
{
    uint64_t u;
    switch (type) {
    case TC_TRUE:
    case TC_FALSE:
        if (!in_list) return 0;
        /* fall through */
    case TC_BYTE:
        if (r->p >= r->end) return thrift_r_fail(r, "truncated metadata");
        r->p++;
        return 0;
    case TC_I16:
    case TC_I32:
    case TC_I64:
        return read_varint(r, &u);
    case TC_DOUBLE:
        if (r->end - r->p < 8) return thrift_r_fail(r, "truncated metadata");
        r->p += 8;
        return 0;
    case TC_BINARY: {
        const uint8_t *p;
        uint32_t n;
        return thrift_r_binary(r, type, &p, &n);
    }
    case TC_LIST:
    case TC_SET: {
        int et;
        uint32_t n;
        if (thrift_r_list(r, type, &et, &n) != 0) return -1;
        if (r->depth >= PQ_THRIFT_MAXDEPTH) return thrift_r_fail(r, "metadata nested too deeply");
        r->depth++; /* bounds recursion through nested lists */
        r->last_id[r->depth - 1] = 0;
        for (uint32_t i = 0; i < n; i++)
            if (skip_value(r, et, true) != 0) return -1;
        r->depth--;
        return 0;
    }
    case TC_MAP: {
        if (read_varint(r, &u) != 0) return -1;
        if (u == 0) return 0;
        if (u > (uint64_t)(r->end - r->p)) return thrift_r_fail(r, "map overruns metadata");
        if (r->p >= r->end) return thrift_r_fail(r, "truncated metadata");
        uint8_t kv = *r->p++;
        if (r->depth >= PQ_THRIFT_MAXDEPTH) return thrift_r_fail(r, "metadata nested too deeply");
        r->depth++;
        r->last_id[r->depth - 1] = 0;
        for (uint64_t i = 0; i < u; i++)
            if (skip_value(r, kv >> 4, true) != 0 || skip_value(r, kv & 0x0f, true) != 0) return -1;
        r->depth--;
        return 0;
    }
    case TC_STRUCT: {
        if (enter(r) != 0) return -1;
        for (;;) {
            int ft;
            int16_t fid;
            if (thrift_r_field(r, &ft, &fid) != 0) return -1;
            if (ft == TC_STOP) return 0;
            if (skip_value(r, ft, false) != 0) return -1;
        }
    }
    default:
        return thrift_r_fail(r, "bad value type in metadata");
    }
}

int thrift_r_skip(ThriftReader *r, int type)
{
    return skip_value(r, type, false);
}
