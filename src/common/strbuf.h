/*
 * strbuf.h — a growable byte buffer (malloc-backed, or arena-backed when
 * `arena` is set, in which case growth copies into the arena and nothing is
 * freed individually). Always NUL-terminated after any append.
 */
#ifndef OMENDB_COMMON_STRBUF_H
#define OMENDB_COMMON_STRBUF_H

#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"

typedef struct StrBuf {
    char *data;
    size_t len;
    size_t cap;
    Arena *arena; /* NULL = malloc/free */
} StrBuf;

void strbuf_init(StrBuf *sb, Arena *arena);
void strbuf_fini(StrBuf *sb); /* frees malloc'd storage; no-op for arena buffers */
void strbuf_reset(StrBuf *sb);
void strbuf_reserve(StrBuf *sb, size_t extra);
void strbuf_append(StrBuf *sb, const void *data, size_t len);
void strbuf_puts(StrBuf *sb, const char *s);
void strbuf_putc(StrBuf *sb, char c);
void strbuf_printf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes code point cp (at most 0x10FFFF) as UTF-8 into out; returns the
 * number of bytes (1 to 4). */
int utf8_encode(uint32_t cp, char out[4]);

#endif
