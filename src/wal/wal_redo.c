/*
 * wal_redo.c — encoding and decoding of change-record payloads (layout in
 * wal_redo.h). Decoding checks every length against the payload end and every
 * value against the column type, so a damaged or foreign record is reported,
 * never read out of bounds.
 */
#include "wal/wal_redo.h"

#include <stdlib.h>
#include <string.h>

static bool is_string_type(TypeId id)
{
    return type_is_varlena(id);
}

void wal_redo_buf_init(WalRedoBuf *b)
{
    memset(b, 0, sizeof(*b));
}

void wal_redo_buf_fini(WalRedoBuf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

static uint8_t *reserve(WalRedoBuf *b, size_t n)
{
    if (b->oom) return NULL;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n) cap *= 2;
        uint8_t *d = realloc(b->data, cap);
        if (d == NULL) {
            b->oom = true;
            return NULL;
        }
        b->data = d;
        b->cap = cap;
    }
    uint8_t *p = b->data + b->len;
    b->len += n;
    return p;
}

static void put_le(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

void wal_redo_put_u16(WalRedoBuf *b, uint16_t v)
{
    uint8_t *p = reserve(b, 2);
    if (p) put_le(p, v, 2);
}

void wal_redo_put_u32(WalRedoBuf *b, uint32_t v)
{
    uint8_t *p = reserve(b, 4);
    if (p) put_le(p, v, 4);
}

void wal_redo_put_u64(WalRedoBuf *b, uint64_t v)
{
    uint8_t *p = reserve(b, 8);
    if (p) put_le(p, v, 8);
}

void wal_redo_put_bytes(WalRedoBuf *b, const void *src, size_t n)
{
    if (n == 0) return; /* nothing to reserve (and data may still be NULL) */
    uint8_t *p = reserve(b, n);
    if (p) memcpy(p, src, n);
}

void wal_redo_patch_u32(WalRedoBuf *b, size_t at, uint32_t v)
{
    if (!b->oom && at + 4 <= b->len) put_le(b->data + at, v, 4);
}

void wal_redo_put_value(WalRedoBuf *b, const Value *v)
{
    if (v->is_null) {
        uint8_t *p = reserve(b, 1);
        if (p) p[0] = WAL_REDO_NULL;
        return;
    }
    if (is_string_type(v->type.id)) {
        uint32_t len = v->u.str.len;
        uint8_t *p = reserve(b, 5 + (size_t)len);
        if (!p) return;
        p[0] = WAL_REDO_STRING;
        put_le(p + 1, len, 4);
        if (len) memcpy(p + 5, strview_data(&v->u.str), len);
        return;
    }
    uint8_t width = type_info(v->type.id)->width;
    uint8_t *p = reserve(b, 2 + (size_t)width);
    if (!p) return;
    p[0] = WAL_REDO_FIXED;
    p[1] = width;
    memcpy(p + 2, value_payload(v), width);
}

static bool take(WalRedoCursor *c, size_t n, const uint8_t **out)
{
    if ((size_t)(c->end - c->p) < n) return false;
    *out = c->p;
    c->p += n;
    return true;
}

bool wal_redo_get_u16(WalRedoCursor *c, uint16_t *out)
{
    const uint8_t *p;
    if (!take(c, 2, &p)) return false;
    *out = (uint16_t)get_le(p, 2);
    return true;
}

bool wal_redo_get_u32(WalRedoCursor *c, uint32_t *out)
{
    const uint8_t *p;
    if (!take(c, 4, &p)) return false;
    *out = (uint32_t)get_le(p, 4);
    return true;
}

bool wal_redo_get_u64(WalRedoCursor *c, uint64_t *out)
{
    const uint8_t *p;
    if (!take(c, 8, &p)) return false;
    *out = get_le(p, 8);
    return true;
}

bool wal_redo_get_bytes(WalRedoCursor *c, size_t n, const uint8_t **out)
{
    return take(c, n, out);
}

bool wal_redo_get_value(WalRedoCursor *c, OmType type, Value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = type;
    WalRedoCursor save = *c;
    const uint8_t *p;
    if (!take(c, 1, &p)) return false;
    if (p[0] == WAL_REDO_NULL) {
        out->is_null = true;
        return true;
    }
    if (p[0] == WAL_REDO_STRING && is_string_type(type.id)) {
        uint32_t len;
        const uint8_t *bytes;
        if (wal_redo_get_u32(c, &len) && take(c, len, &bytes)) {
            out->u.str = strview_make((const char *)bytes, len);
            return true;
        }
    } else if (p[0] == WAL_REDO_FIXED && !is_string_type(type.id)) {
        const uint8_t *w, *bytes;
        uint8_t width = type_info(type.id)->width;
        if (take(c, 1, &w) && w[0] == width && width <= sizeof(out->u) && take(c, width, &bytes) &&
            (type.id != TYPE_BOOL || bytes[0] <= 1)) { /* a bool is one byte, 0 or 1 */
            memcpy(&out->u, bytes, width);
            return true;
        }
    }
    *c = save;
    return false;
}
