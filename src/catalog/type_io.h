/*
 * type_io.h — text input and output of values, exactly as PostgreSQL 15 writes
 * and reads them (float shortest round-trip with extra_float_digits = 1,
 * DateStyle ISO, IntervalStyle postgres, bytea hex, numeric with its scale,
 * booleans as t/f). Used by the wire protocol, by casts to and from text, and
 * by COPY.
 *
 * `payload` points at one value laid out as a vector slot (catalog/types.h).
 */
#ifndef OMENDB_CATALOG_TYPE_IO_H
#define OMENDB_CATALOG_TYPE_IO_H

#include "catalog/session_settings.h"
#include "catalog/types.h"
#include "common/error.h"
#include "common/strbuf.h"

/* Appends the text form of the value to `out`. Never fails. */
void type_text_out(OmType type, const void *payload, const SessionSettings *settings, StrBuf *out);
/* regclass output names the relation: the database installs a lookup (called
 * under the catalog lock its statements hold); without one, or for an OID it
 * does not know, the number is written as PostgreSQL does. */
typedef bool (*RegclassNamer)(void *ctx, Oid oid, StrBuf *out);
void type_io_set_regclass_namer(RegclassNamer fn, void *ctx);
/* regproc names a function: the executor installs the lookups (its function
 * registry and catalog/support_procs.h; exec/func_registry.c). Output prints
 * '-' for 0 and the number for an OID no function has; input takes '-', a
 * number, or a name (optionally pg_catalog.-qualified, 42883 if no function
 * has it, 42725 if several do). */
typedef bool (*RegprocNamer)(Oid oid, StrBuf *out);
typedef int (*RegprocResolver)(const char *name, Oid *out, OmError *err);
void type_io_set_regproc_names(RegprocNamer namer, RegprocResolver resolver);

/* Parses text into a value of `type` (honouring typmod: varchar(n) too long ->
 * 22001, numeric(p,s) rounds to s and checks p -> 22003). Long string bytes are
 * copied into `heap`. Errors: 22P02 invalid input syntax ("invalid input syntax
 * for type integer: \"abc\""), 22003 out of range, 22007/22008 datetime. */
int type_text_in(OmType type, const char *text, size_t len, const SessionSettings *settings,
                 Arena *heap, void *payload_out, OmError *err);

/* Applies an interval column's typmod (fields, fractional-second precision) to
 * *iv, as text input does: 22008 "interval out of range" when rounding would
 * leave the int64 range (PostgreSQL 15 wraps around there instead:
 * '2562047788:00:54.775807'::interval(5) reads back negative). */
int type_interval_typmod(OmInterval *iv, int32_t typmod, OmError *err);

#endif
