/*
 * inet.c — parsing, printing and ordering of inet and cidr values (inet.h).
 *
 * IPv6 text goes through the C library's inet_pton/inet_ntop, whose forms
 * (the longest run of zero groups as "::", an IPv4 tail for ::a.b.c.d and
 * ::ffff:a.b.c.d) are the ones PostgreSQL prints; IPv4 is parsed here because
 * PostgreSQL also takes shortened networks ("10/8", and classful cidr input
 * "192.168" = 192.168.0.0/16).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "catalog/inet.h"

static int bad_input(OmError *err, bool is_cidr, const char *text, size_t len)
{
    return ERR(err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
               "invalid input syntax for type %s: \"%.*s\"", is_cidr ? "cidr" : "inet", (int)len,
               text);
}

/* Dotted decimal octets, 1 to 4 of them; returns how many, or -1. */
static int parse_octets(const char *s, uint8_t out[4])
{
    int n = 0;
    memset(out, 0, 4);
    for (;;) {
        if (*s < '0' || *s > '9' || n == 4) return -1;
        unsigned v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || v > 255) return -1;
        }
        out[n++] = (uint8_t)v;
        if (*s == '\0') return n;
        if (*s++ != '.') return -1;
    }
}

/* A cidr given without /bits takes the length of its address class, widened
 * to cover the octets written (PostgreSQL's classful rule). */
static int classful_bits(const uint8_t *addr, int octets)
{
    int bits = addr[0] >= 240   ? 32
               : addr[0] >= 224 ? 8
               : addr[0] >= 192 ? 24
               : addr[0] >= 128 ? 16
                                : 8;
    if (bits < octets * 8) bits = octets * 8;
    if (bits == 8 && addr[0] == 224) bits = 4;
    return bits;
}

bool inet_prefix_equal(const uint8_t *a, const uint8_t *b, int n)
{
    int whole = n / 8, rest = n % 8;
    if (memcmp(a, b, (size_t)whole) != 0) return false;
    if (rest == 0) return true;
    uint8_t m = (uint8_t)(0xFF << (8 - rest));
    return (a[whole] & m) == (b[whole] & m);
}

/* memcmp over the first n bits. */
static int bits_cmp(const uint8_t *a, const uint8_t *b, int n)
{
    int whole = n / 8, rest = n % 8;
    int c = memcmp(a, b, (size_t)whole);
    if (c != 0 || rest == 0) return c;
    uint8_t m = (uint8_t)(0xFF << (8 - rest));
    return (int)(a[whole] & m) - (int)(b[whole] & m);
}

void inet_mask_host_bits(InetValue *v, bool set)
{
    int nbytes = inet_addr_bytes(v);
    for (int i = 0; i < nbytes; i++) {
        int covered = v->bits - i * 8; /* mask bits in this byte */
        uint8_t m = covered >= 8 ? 0xFF : covered <= 0 ? 0 : (uint8_t)(0xFF << (8 - covered));
        v->addr[i] = set ? (uint8_t)(v->addr[i] | ~m) : (uint8_t)(v->addr[i] & m);
    }
}

int inet_parse(const char *text, size_t len, bool is_cidr, InetValue *out, OmError *err)
{
    char buf[64];
    if (len == 0 || len >= sizeof(buf) || memchr(text, '\0', len))
        return bad_input(err, is_cidr, text, len);
    memcpy(buf, text, len);
    buf[len] = '\0';
    memset(out, 0, sizeof(*out));
    int bits = -1;
    char *slash = strchr(buf, '/');
    if (slash) {
        *slash = '\0';
        const char *b = slash + 1;
        if (!*b || strlen(b) > 3) return bad_input(err, is_cidr, text, len);
        bits = 0;
        for (; *b; b++) {
            if (*b < '0' || *b > '9') return bad_input(err, is_cidr, text, len);
            bits = bits * 10 + (*b - '0');
        }
    }
    if (strchr(buf, ':')) {
        out->family = INET_FAMILY_V6;
        if (inet_pton(AF_INET6, buf, out->addr) != 1 || bits > 128)
            return bad_input(err, is_cidr, text, len);
        if (bits < 0) bits = 128;
    } else {
        out->family = INET_FAMILY_V4;
        int octets = parse_octets(buf, out->addr);
        if (octets < 0 || bits > 32) return bad_input(err, is_cidr, text, len);
        if (bits < 0) {
            if (!is_cidr && octets != 4) return bad_input(err, is_cidr, text, len);
            bits = is_cidr ? classful_bits(out->addr, octets) : 32;
        }
    }
    out->bits = (uint8_t)bits;
    if (is_cidr) {
        InetValue net = *out;
        inet_mask_host_bits(&net, false);
        if (memcmp(net.addr, out->addr, sizeof(net.addr)) != 0) {
            ERR(err, SQLSTATE_INVALID_TEXT_REPRESENTATION, "invalid cidr value: \"%.*s\"", (int)len,
                text);
            error_detail(err, "Value has bits set to right of mask.");
            return -1;
        }
    }
    return 0;
}

void inet_format_host(const InetValue *v, StrBuf *out)
{
    char s[INET6_ADDRSTRLEN];
    if (v->family == INET_FAMILY_V4)
        snprintf(s, sizeof(s), "%u.%u.%u.%u", v->addr[0], v->addr[1], v->addr[2], v->addr[3]);
    else if (!inet_ntop(AF_INET6, v->addr, s, sizeof(s)))
        s[0] = '\0';
    strbuf_puts(out, s);
}

void inet_format(const InetValue *v, bool is_cidr, StrBuf *out)
{
    inet_format_host(v, out);
    if (is_cidr || v->bits != inet_max_bits(v)) strbuf_printf(out, "/%u", v->bits);
}

/* abbrev() of an IPv6 network: the 16-bit groups the mask reaches (at least
 * two), the longest run of zero groups among them as "::" (the first run
 * found unless a later one is longer, kept as PostgreSQL computes it), an IPv4
 * tail for ::a.b.c.d and ::ffff:a.b.c.d forms. */
static void format_cidr_abbrev_v6(const InetValue *v, StrBuf *out)
{
    if (v->bits == 0) {
        strbuf_puts(out, "::/0");
        return;
    }
    InetValue net = *v;
    inet_mask_host_bits(&net, false);
    const uint8_t *s = net.addr;
    int words = (v->bits + 15) / 16;
    if (words == 1) words = 2;
    int zero_s = 0, zero_l = 0, run_s = 0, run_l = 0;
    for (int w = 0; w < words; w++) {
        if ((s[2 * w] | s[2 * w + 1]) == 0) {
            if (run_l == 0) run_s = w;
            run_l++;
        } else if (run_l && zero_l < run_l) {
            zero_s = run_s, zero_l = run_l, run_l = 0;
        }
    }
    if (run_l && zero_l < run_l) zero_s = run_s, zero_l = run_l;
    bool v4_tail = zero_l != words && zero_s == 0 &&
                   (zero_l == 6 || (zero_l == 5 && s[10] == 0xff && s[11] == 0xff) ||
                    (zero_l == 7 && s[14] != 0 && s[15] != 1));
    size_t start = out->len;
    for (int w = 0; w < words; w++) {
        if (zero_l && w >= zero_s && w < zero_s + zero_l) {
            if (w == zero_s) strbuf_putc(out, ':');
            if (w == words - 1) strbuf_putc(out, ':');
            continue;
        }
        if (v4_tail && w > 5) {
            strbuf_printf(out, "%c%u", w == 6 ? ':' : '.', s[2 * w]);
            if (w != 7 || v->bits > 120) strbuf_printf(out, ".%u", s[2 * w + 1]);
        } else {
            if (out->len != start) strbuf_putc(out, ':');
            strbuf_printf(out, "%x", (unsigned)(s[2 * w] << 8 | s[2 * w + 1]));
        }
    }
    strbuf_printf(out, "/%u", v->bits);
}

void inet_format_cidr_abbrev(const InetValue *v, StrBuf *out)
{
    if (v->family != INET_FAMILY_V4) {
        format_cidr_abbrev_v6(v, out);
        return;
    }
    int whole = v->bits / 8, rest = v->bits % 8;
    if (v->bits == 0) strbuf_putc(out, '0');
    for (int i = 0; i < whole; i++) strbuf_printf(out, "%s%u", i ? "." : "", v->addr[i]);
    if (rest > 0)
        strbuf_printf(out, "%s%u", whole ? "." : "",
                      (unsigned)(v->addr[whole] & (uint8_t)(0xFF << (8 - rest))));
    strbuf_printf(out, "/%u", v->bits);
}

size_t inet_encode(const InetValue *v, uint8_t *out)
{
    out[0] = v->family;
    out[1] = v->bits;
    memcpy(out + 2, v->addr, (size_t)inet_addr_bytes(v));
    return 2 + (size_t)inet_addr_bytes(v);
}

bool inet_decode(const uint8_t *bytes, size_t len, InetValue *out)
{
    memset(out, 0, sizeof(*out));
    if (len == 6 && bytes[0] == INET_FAMILY_V4 && bytes[1] <= 32) {
        out->family = INET_FAMILY_V4;
    } else if (len == 18 && bytes[0] == INET_FAMILY_V6 && bytes[1] <= 128) {
        out->family = INET_FAMILY_V6;
    } else {
        return false;
    }
    out->bits = bytes[1];
    memcpy(out->addr, bytes + 2, len - 2);
    return true;
}

int inet_cmp(const InetValue *a, const InetValue *b)
{
    if (a->family != b->family) return a->family < b->family ? -1 : 1;
    int c = bits_cmp(a->addr, b->addr, a->bits < b->bits ? a->bits : b->bits);
    if (c != 0) return c < 0 ? -1 : 1;
    if (a->bits != b->bits) return a->bits < b->bits ? -1 : 1;
    c = memcmp(a->addr, b->addr, (size_t)inet_addr_bytes(a));
    return c < 0 ? -1 : c > 0;
}
