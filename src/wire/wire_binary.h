/*
 * wire_binary.h — PostgreSQL's binary send/receive formats of the types
 * OmenDB stores, for result columns and Bind parameters in format 1.
 * Internal to src/wire (unit-tested on its own: it does not touch the engine).
 *
 * Layouts (all integers big-endian, no length word — the caller frames it):
 *   bool          1 byte, 0 or 1
 *   int2/4/8      2/4/8 bytes two's complement
 *   oid, regclass, regtype   4 bytes unsigned
 *   float4/8      IEEE 754 bits (NaN, ±Infinity and -0 kept)
 *   numeric       int16 ndigits, int16 weight, uint16 sign (0x0000 +, 0x4000 -,
 *                 0xC000 NaN, 0xD000 +Infinity, 0xF000 -Infinity), int16 dscale,
 *                 then ndigits int16 base-10000 digits (0..9999), most
 *                 significant first; value = sum digit[i] * 10000^(weight - i).
 *                 Sent without leading or trailing zero digits; zero has none.
 *   text, varchar, bpchar, name, "char", unknown   the bytes (UTF-8)
 *   bytea         the bytes
 *   date          int32 days since 2000-01-01 (INT32_MIN/MAX = -/+infinity)
 *   time          int64 microseconds since midnight
 *   timestamp(tz) int64 microseconds since 2000-01-01 00:00 (UTC for tz;
 *                 INT64_MIN/MAX = -/+infinity)
 *   interval      int64 microseconds, int32 days, int32 months
 *   uuid          16 bytes
 *   record        int32 nfields, then per field uint32 type OID, int32 length
 *                 (-1 NULL) and the field's own binary form (send only:
 *                 receiving an anonymous record is 0A000, as in PostgreSQL)
 */
#ifndef OMENDB_WIRE_WIRE_BINARY_H
#define OMENDB_WIRE_WIRE_BINARY_H

#include <stdbool.h>

#include "catalog/session_settings.h"
#include "catalog/types.h"
#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"

/* True if values of the type can be sent and received in binary. */
bool wire_binary_supported(TypeId id);
/* Appends the binary form of one non-NULL value (payload laid out as a vector
 * slot). The type must be supported. */
void wire_binary_out(OmType type, const void *payload, StrBuf *out);
/* Decodes the binary form of a value of `type` into *out (string bytes are
 * copied into `arena`; text is checked as text input is: encoding and
 * typmod). Errors: 22P03 "incorrect binary data format" (wrong length,
 * digit out of range...), 0A000 for numeric NaN/Infinity (not representable
 * in OmenDB's numeric), 22003 numeric beyond 36 digits, 22008 out-of-range
 * dates/timestamps, and text input's errors. */
int wire_binary_in(OmType type, const char *data, size_t len, const SessionSettings *settings,
                   Arena *arena, Value *out, OmError *err);
/* True if the bytes are well-formed UTF-8 without NUL (text parameters). */
bool wire_utf8_valid(const char *s, size_t len);

#endif
