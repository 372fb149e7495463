/*
 * key_encode.c — order-preserving byte encodings (formats in key_encode.h).
 */
#include "index/key_encode.h"

#include <math.h>
#include <string.h>

static size_t put_be(uint64_t u, int bytes, uint8_t *out, size_t cap)
{
    if (cap >= (size_t)bytes)
        for (int i = 0; i < bytes; i++) out[i] = (uint8_t)(u >> (8 * (bytes - 1 - i)));
    return (size_t)bytes;
}

static uint64_t get_be(const uint8_t *in, int bytes)
{
    uint64_t u = 0;
    for (int i = 0; i < bytes; i++) u = (u << 8) | in[i];
    return u;
}

size_t key_encode_int16(int16_t v, uint8_t *out, size_t cap)
{
    return put_be((uint16_t)v ^ 0x8000u, 2, out, cap);
}

size_t key_encode_int32(int32_t v, uint8_t *out, size_t cap)
{
    return put_be((uint32_t)v ^ 0x80000000u, 4, out, cap);
}

size_t key_encode_int64(int64_t v, uint8_t *out, size_t cap)
{
    return put_be((uint64_t)v ^ 0x8000000000000000ull, 8, out, cap);
}

int16_t key_decode_int16(const uint8_t *in)
{
    return (int16_t)(uint16_t)(get_be(in, 2) ^ 0x8000u);
}

int32_t key_decode_int32(const uint8_t *in)
{
    return (int32_t)(uint32_t)(get_be(in, 4) ^ 0x80000000u);
}

int64_t key_decode_int64(const uint8_t *in)
{
    return (int64_t)(get_be(in, 8) ^ 0x8000000000000000ull);
}

#define KEY_NAN_CODE 0xFFF8000000000001ull

size_t key_encode_double(double v, uint8_t *out, size_t cap)
{
    uint64_t u;
    if (isnan(v)) {
        u = KEY_NAN_CODE;
    } else {
        if (v == 0.0) v = 0.0;
        memcpy(&u, &v, 8);
        u = (u >> 63) ? ~u : (u | 0x8000000000000000ull);
    }
    return put_be(u, 8, out, cap);
}

double key_decode_double(const uint8_t *in)
{
    uint64_t u = get_be(in, 8);
    if (u == KEY_NAN_CODE) return NAN;
    u = (u >> 63) ? (u & 0x7FFFFFFFFFFFFFFFull) : ~u;
    double d;
    memcpy(&d, &u, 8);
    return d;
}

size_t key_encode_text(const char *s, size_t len, uint8_t *out, size_t cap)
{
    size_t need = len + 2;
    for (size_t i = 0; i < len; i++) need += s[i] == 0;
    if (cap < need) return need;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        out[o++] = (uint8_t)s[i];
        if (s[i] == 0) out[o++] = 0xFF;
    }
    out[o++] = 0;
    out[o++] = 0;
    return o;
}

size_t key_decode_text(const uint8_t *in, size_t n, char *out, size_t cap, size_t *out_len)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] != 0) {
            if (o < cap) out[o] = (char)in[i];
            o++;
            continue;
        }
        if (i + 1 >= n) return 0;
        if (in[i + 1] == 0) {
            *out_len = o;
            return i + 2;
        }
        if (in[i + 1] != 0xFF) return 0;
        if (o < cap) out[o] = 0;
        o++;
        i++;
    }
    return 0;
}

void key_builder_init(KeyBuilder *kb, uint8_t *buf, size_t cap)
{
    kb->buf = buf;
    kb->cap = cap;
    kb->len = 0;
    kb->overflow = 0;
}

static void advance(KeyBuilder *kb, size_t want)
{
    if (kb->overflow || kb->len + want > kb->cap) kb->overflow = 1;
    kb->len += want;
}

#define ROOM(kb) ((kb)->overflow ? 0 : (kb)->cap - (kb)->len)
#define AT(kb)   ((kb)->buf + ((kb)->overflow ? 0 : (kb)->len))

void key_builder_int16(KeyBuilder *kb, int16_t v)
{
    advance(kb, key_encode_int16(v, AT(kb), ROOM(kb)));
}

void key_builder_int32(KeyBuilder *kb, int32_t v)
{
    advance(kb, key_encode_int32(v, AT(kb), ROOM(kb)));
}

void key_builder_int64(KeyBuilder *kb, int64_t v)
{
    advance(kb, key_encode_int64(v, AT(kb), ROOM(kb)));
}

void key_builder_double(KeyBuilder *kb, double v)
{
    advance(kb, key_encode_double(v, AT(kb), ROOM(kb)));
}

void key_builder_text(KeyBuilder *kb, const char *s, size_t len)
{
    advance(kb, key_encode_text(s, len, AT(kb), ROOM(kb)));
}
