/*
 * parquet_encode.c — byte buffers and the bit-level encodings of Parquet:
 * the RLE/bit-packed hybrid (definition levels, dictionary indices) and
 * bit-packed booleans.
 *
 * RLE/bit-packed hybrid (Parquet Encodings.md), a sequence of runs:
 *   header varint h
 *     h & 1 == 0: RLE run of h >> 1 copies of one value, stored in
 *                 ceil(bit_width / 8) little-endian bytes
 *     h & 1 == 1: (h >> 1) groups of 8 values, each value bit_width bits,
 *                 packed LSB first (value i starts at bit i * bit_width)
 * The writer emits an RLE run for every repeat of 8 or more values and
 * bit-packs the rest; the last group is padded with zeros.
 */
#include <stdlib.h>
#include <string.h>

#include "storage/parquet_int.h"

/* ---- PqBuf ---- */

void pq_buf_free(PqBuf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

uint8_t *pq_buf_reserve(PqBuf *b, size_t more)
{
    if (b->oom) return NULL;
    if (more > SIZE_MAX / 2 - b->len) {
        b->oom = true;
        return NULL;
    }
    if (b->len + more > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + more) cap *= 2;
        uint8_t *d = realloc(b->data, cap);
        if (!d) {
            b->oom = true;
            return NULL;
        }
        b->data = d;
        b->cap = cap;
    }
    return b->data + b->len;
}

void pq_buf_put(PqBuf *b, const void *src, size_t n)
{
    uint8_t *dst = pq_buf_reserve(b, n);
    if (!dst) return;
    if (n) memcpy(dst, src, n);
    b->len += n;
}

void pq_buf_u8(PqBuf *b, uint8_t v)
{
    pq_buf_put(b, &v, 1);
}

void pq_buf_u32le(PqBuf *b, uint32_t v)
{
    uint8_t tmp[4];
    pq_put_u32le(tmp, v);
    pq_buf_put(b, tmp, 4);
}

void pq_buf_varint(PqBuf *b, uint64_t v)
{
    uint8_t tmp[10];
    int n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        tmp[n++] = byte | (v ? 0x80 : 0);
    } while (v);
    pq_buf_put(b, tmp, (size_t)n);
}

/* ---- bit packing ---- */

int pq_bit_width(uint32_t v)
{
    int w = 0;
    while (v) {
        w++;
        v >>= 1;
    }
    return w;
}

/* Packs n values (n a multiple of 8, or the tail padded by the caller). */
static void bitpack(PqBuf *out, const uint32_t *vals, uint32_t n, int bw)
{
    size_t nbytes = ((size_t)n * (size_t)bw + 7) / 8;
    uint8_t *dst = pq_buf_reserve(out, nbytes);
    if (!dst) return;
    memset(dst, 0, nbytes);
    uint64_t bit = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t v = vals[i];
        for (int k = 0; k < bw; k++, bit++)
            if ((v >> k) & 1) dst[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    }
    out->len += nbytes;
}

void pq_bool_pack(PqBuf *out, const uint8_t *vals, uint32_t n)
{
    size_t nbytes = ((size_t)n + 7) / 8;
    uint8_t *dst = pq_buf_reserve(out, nbytes);
    if (!dst) return;
    memset(dst, 0, nbytes);
    for (uint32_t i = 0; i < n; i++)
        if (vals[i]) dst[i >> 3] |= (uint8_t)(1u << (i & 7));
    out->len += nbytes;
}

static uint32_t run_length(const uint32_t *vals, uint32_t i, uint32_t n)
{
    uint32_t j = i + 1;
    while (j < n && vals[j] == vals[i]) j++;
    return j - i;
}

void pq_rle_encode(PqBuf *out, const uint32_t *vals, uint32_t n, int bit_width)
{
    int vbytes = (bit_width + 7) / 8;
    uint32_t i = 0;
    while (i < n) {
        uint32_t run = run_length(vals, i, n);
        if (run >= 8) {
            pq_buf_varint(out, (uint64_t)run << 1);
            for (int k = 0; k < vbytes; k++) pq_buf_u8(out, (uint8_t)(vals[i] >> (8 * k)));
            i += run;
            continue;
        }
        /* Literal groups of 8 until a long run starts at a group boundary. */
        uint32_t start = i;
        while (i < n) {
            if (i > start && run_length(vals, i, n) >= 8) break;
            i += (n - i < 8) ? n - i : 8;
        }
        uint32_t count = i - start;
        uint32_t groups = (count + 7) / 8;
        pq_buf_varint(out, ((uint64_t)groups << 1) | 1);
        uint32_t full = count & ~7u;
        bitpack(out, vals + start, full, bit_width);
        if (full < count) {
            uint32_t tail[8] = {0};
            memcpy(tail, vals + start + full, (count - full) * sizeof(uint32_t));
            bitpack(out, tail, 8, bit_width);
        }
    }
}

int pq_rle_decode(const uint8_t *p, size_t len, int bit_width, uint32_t *vals, uint32_t n,
                  uint32_t max_val, const char **what)
{
    const uint8_t *end = p + len;
    int vbytes = (bit_width + 7) / 8;
    uint32_t got = 0;
    if (bit_width < 0 || bit_width > 32) {
        *what = "bad bit width";
        return -1;
    }
    while (got < n) {
        uint64_t h = 0;
        int shift = 0;
        for (;;) {
            if (p >= end || shift > 63) {
                *what = "truncated run header";
                return -1;
            }
            uint8_t b = *p++;
            h |= (uint64_t)(b & 0x7f) << shift;
            shift += 7;
            if (!(b & 0x80)) break;
        }
        if ((h & 1) == 0) {
            uint64_t run = h >> 1;
            uint32_t v = 0;
            if (run == 0) {
                *what = "empty run";
                return -1;
            }
            if ((size_t)(end - p) < (size_t)vbytes) {
                *what = "truncated run value";
                return -1;
            }
            for (int k = 0; k < vbytes; k++) v |= (uint32_t)p[k] << (8 * k);
            p += vbytes;
            if (v > max_val) {
                *what = "level or index out of range";
                return -1;
            }
            if (run > n - got) run = n - got;
            for (uint64_t k = 0; k < run; k++) vals[got++] = v;
        } else {
            uint64_t groups = h >> 1;
            if (groups == 0 || groups > (uint64_t)(end - p)) {
                *what = "bad bit-packed run";
                return -1;
            }
            uint64_t nbytes = groups * (uint64_t)bit_width;
            if (nbytes > (uint64_t)(end - p)) {
                *what = "truncated bit-packed run";
                return -1;
            }
            uint64_t count = groups * 8;
            uint64_t bit = 0;
            for (uint64_t k = 0; k < count && got < n; k++) {
                uint32_t v = 0;
                for (int b = 0; b < bit_width; b++, bit++)
                    v |= (uint32_t)((p[bit >> 3] >> (bit & 7)) & 1) << b;
                if (v > max_val) {
                    *what = "level or index out of range";
                    return -1;
                }
                vals[got++] = v;
            }
            p += nbytes;
        }
    }
    return 0;
}
