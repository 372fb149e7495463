/*
 * inet.h — the network address types inet and cidr.
 *
 * A value is an IPv4 or IPv6 address with a netmask length (bits). inet keeps
 * any address (a host, with its network's length); cidr is a network, so no
 * bit right of the mask may be set. Stored in a StrView (types.h) as bytes:
 *
 *   [0] family: INET_FAMILY_V4 or INET_FAMILY_V6
 *   [1] bits:   0..32 or 0..128
 *   [2..] the address, 4 or 16 bytes, network byte order
 *
 * so an IPv4 value (6 bytes) sits inline in the view. inet and cidr share the
 * layout (cidr -> inet is a relabelling, as in PostgreSQL).
 *
 * Order (PostgreSQL's network_cmp): IPv4 before IPv6; then the network parts
 * compared over the shorter mask; then the shorter mask first; then the whole
 * addresses. Two values are equal exactly when their bytes are.
 */
#ifndef OMENDB_CATALOG_INET_H
#define OMENDB_CATALOG_INET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/strbuf.h"

#define INET_FAMILY_V4 4
#define INET_FAMILY_V6 6
#define INET_MAX_BYTES 18

typedef struct InetValue {
    uint8_t family; /* INET_FAMILY_V4 / _V6 */
    uint8_t bits;
    uint8_t addr[16]; /* 4 or 16 bytes used */
} InetValue;

static inline int inet_addr_bytes(const InetValue *v)
{
    return v->family == INET_FAMILY_V4 ? 4 : 16;
}
static inline int inet_max_bits(const InetValue *v)
{
    return v->family == INET_FAMILY_V4 ? 32 : 128;
}

/* Parses inet (is_cidr false) or cidr text input as PostgreSQL does: IPv4
 * dotted (with /bits a shortened form "10/8"; a cidr without /bits takes its
 * classful length), IPv6 with optional /bits. 22P02 on bad input, cidr with
 * bits right of the mask included. */
int inet_parse(const char *text, size_t len, bool is_cidr, InetValue *out, OmError *err);
/* Writes the address as inet_out (is_cidr false: "/bits" only when it is
 * not the full length) or cidr_out (always "/bits"). */
void inet_format(const InetValue *v, bool is_cidr, StrBuf *out);
/* Just the address, as host() gives it. */
void inet_format_host(const InetValue *v, StrBuf *out);
/* abbrev(cidr): the address shortened to the octets the mask covers. */
void inet_format_cidr_abbrev(const InetValue *v, StrBuf *out);

/* Stored bytes (2 + 4 or 16) <-> value. inet_decode returns false for a
 * malformed length or family (never from values this module wrote). */
size_t inet_encode(const InetValue *v, uint8_t *out);
bool inet_decode(const uint8_t *bytes, size_t len, InetValue *out);

/* network_cmp: < 0, 0, > 0. */
int inet_cmp(const InetValue *a, const InetValue *b);
/* Do the first n bits of a and b agree? */
bool inet_prefix_equal(const uint8_t *a, const uint8_t *b, int n);
/* Clears the bits right of the mask (network()); sets them (broadcast()). */
void inet_mask_host_bits(InetValue *v, bool set);

#endif
