/*
 * key_encode.h — typed values to memcmp-ordered byte keys for the B+tree.
 *
 * Every encoder appends to a caller buffer and returns the number of bytes written
 * (or that would be written, when `cap` is too small: call again with a larger
 * buffer). Concatenating encodings gives composite keys whose memcmp order is the
 * lexicographic order of the typed tuples.
 *
 * Formats
 *   int16/int32/int64  big-endian two's complement with the sign bit flipped
 *                      (2/4/8 bytes)
 *   double             8 bytes: -0 is encoded as +0; positive values get the sign
 *                      bit set, negative values have every bit inverted; NaN (any
 *                      payload) encodes as 0xFFF8000000000001, after +Infinity, as
 *                      PostgreSQL sorts NaN above all numbers
 *   numeric(p,s)       the scaled int64 (value * 10^s) as int64: same scale per column
 *   text / bytea       each 0x00 byte becomes 0x00 0xFF and the string ends with
 *                      0x00 0x00, so a prefix sorts first and a following component
 *                      never changes the order of unequal strings (byte order =
 *                      C collation)
 *   composite          concatenation of the components' encodings in column order
 *
 * Decoders invert the fixed-size formats. All functions are pure and thread-safe.
 */
#ifndef OMENDB_INDEX_KEY_ENCODE_H
#define OMENDB_INDEX_KEY_ENCODE_H

#include <stddef.h>
#include <stdint.h>

size_t key_encode_int16(int16_t v, uint8_t *out, size_t cap);
size_t key_encode_int32(int32_t v, uint8_t *out, size_t cap);
size_t key_encode_int64(int64_t v, uint8_t *out, size_t cap);
size_t key_encode_double(double v, uint8_t *out, size_t cap);
size_t key_encode_text(const char *s, size_t len, uint8_t *out, size_t cap);

/* Inverse of the fixed-size encoders; `in` holds at least 2/4/8 bytes. */
int16_t key_decode_int16(const uint8_t *in);
int32_t key_decode_int32(const uint8_t *in);
int64_t key_decode_int64(const uint8_t *in);
double key_decode_double(const uint8_t *in); /* NaN comes back as a quiet NaN */
/* Decodes a text component starting at in (n bytes available) into out (capacity
 * cap). Returns the bytes of `in` consumed (terminator included) or 0 if the input
 * is malformed; *out_len receives the decoded length (may exceed cap: truncated). */
size_t key_decode_text(const uint8_t *in, size_t n, char *out, size_t cap, size_t *out_len);

/* A composite key builder over a caller buffer. Errors are sticky: when the buffer
 * is too small, `overflow` is set and `len` keeps counting the size needed. */
typedef struct KeyBuilder {
    uint8_t *buf;
    size_t cap;
    size_t len;
    int overflow;
} KeyBuilder;

void key_builder_init(KeyBuilder *kb, uint8_t *buf, size_t cap);
void key_builder_int16(KeyBuilder *kb, int16_t v);
void key_builder_int32(KeyBuilder *kb, int32_t v);
void key_builder_int64(KeyBuilder *kb, int64_t v);
void key_builder_double(KeyBuilder *kb, double v);
void key_builder_text(KeyBuilder *kb, const char *s, size_t len);

#endif
