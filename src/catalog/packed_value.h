/*
 * packed_value.h — one value packed into a byte string, the way arrays
 * (array.h) and records (record.h) store their non-NULL members:
 *
 *   a fixed-width type   its vector slot (types.h), type_info(t)->width bytes
 *   a StrView type       uint32 length, then that many bytes
 *   an enum              uint32 the enum type's OID (its typmod), then the
 *                        double sort order, so a record field keeps its type
 *
 * Integers are native-endian and unaligned (read with memcpy). The bytes
 * never leave the process in this form except inside those two formats.
 */
#ifndef OMENDB_CATALOG_PACKED_VALUE_H
#define OMENDB_CATALOG_PACKED_VALUE_H

#include <stdbool.h>

#include "catalog/types.h"
#include "common/strbuf.h"

uint32_t packed_u32_read(const char *p);
void packed_u32_write(StrBuf *out, uint32_t v);

/* Appends the packed form of v (not NULL), a value of type t. */
void packed_value_write(TypeId t, const Value *v, StrBuf *out);
/* Reads one value of type t at *pos, advancing it; the bytes end at `end`.
 * out->type is t (typmod -1, an enum's OID for an enum); a string's view points into the bytes.
 * False, with *pos unchanged, when the value would run past `end` (damaged bytes). */
bool packed_value_read(TypeId t, const char **pos, const char *end, Value *out);

#endif
