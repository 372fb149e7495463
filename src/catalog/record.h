/*
 * record.h — the stored form of anonymous records (PostgreSQL's `record`,
 * OID 2249): ROW(1, 'a'), the rows of set-returning functions with OUT
 * parameters called in an expression (information_schema._pg_expandarray,
 * json_each), a whole row `t` of a FROM item.
 *
 * A record value sits in a StrView, as arrays and bytea do (types.h), over
 * these bytes:
 *
 *   uint32 nfields              0..RECORD_MAX_FIELDS
 *   uint32 text_bound           at least the length of the text form
 *                               (record_text_out), saturated at UINT32_MAX
 *   uint8  types[nfields]       the TypeId of each field
 *   uint8  nulls[(n + 7) / 8]   bit i set = field i is NULL
 *   fields                      the non-NULL ones in order: a fixed-width type
 *                               as its vector slot, a StrView type (a nested
 *                               record too) as uint32 length + bytes
 *
 * Integers are native-endian and unaligned (read with memcpy). The value
 * describes itself: output, comparison and hashing need nothing else. Field
 * names and typmods are not stored; they live in the binder, which turns a
 * field selection `(r).name` into a field number (sql/bind_record.c). The
 * bytes never leave the process (a table column cannot be a record: 42P16),
 * so TypeId numbers are safe to store.
 *
 * text_bound exists because the text form of a record nested in a record
 * doubles its quotes at each level: ROW(ROW(ROW(...))) a few dozen levels deep
 * would print gigabytes. ROW(...) checks it against RECORD_TEXT_MAX
 * (PostgreSQL's 1 GB allocation limit) when it builds a value (54000), so
 * printing never runs away; only ROW(...) nests records.
 *
 * Invariant: record_write only produces bytes record_view accepts, and
 * record_view / record_iter_next check every length against the bytes given,
 * so a damaged value is an error (or a NULL field), never a read out of
 * bounds.
 */
#ifndef OMENDB_CATALOG_RECORD_H
#define OMENDB_CATALOG_RECORD_H

#include "catalog/session_settings.h"
#include "catalog/types.h"
#include "common/error.h"
#include "common/strbuf.h"

/* PostgreSQL's MaxTupleAttributeNumber is 1664; ROW(...) beyond is 54000. */
#define RECORD_MAX_FIELDS 1664
/* The longest text form a record may have (PostgreSQL's MaxAllocSize). */
#define RECORD_TEXT_MAX ((uint32_t)0x3fffffff)

/* A parsed header, pointing into the record's bytes. */
typedef struct RecordView {
    uint32_t nfields;
    uint32_t text_bound;    /* the text form is at most this long */
    const uint8_t *types;   /* nfields TypeIds */
    const uint8_t *nulls;   /* the NULL bitmap */
    const char *data, *end; /* the non-NULL fields */
} RecordView;

/* Reads the header of `s`. Returns 0, or -1 when the bytes are not a record
 * (XX001 "record value is damaged" in err when given). */
int record_view(const StrView *s, RecordView *rv, OmError *err);

/* Walks the fields in order. */
typedef struct RecordIter {
    const RecordView *rv;
    uint32_t index;
    const char *pos;
} RecordIter;

void record_iter_init(RecordIter *it, const RecordView *rv);
/* Fills *out with the next field (type = the field's TypeId, typmod -1; a
 * string's view points into the record's bytes). False after the last one;
 * a damaged field reads as NULL and ends the walk. */
bool record_iter_next(RecordIter *it, Value *out);
/* Field `index` (0-based) of the record in `s` into *out: false when the
 * bytes are damaged or there is no such field. */
bool record_field(const StrView *s, uint32_t index, Value *out);

/* For `r IS [NOT] NULL` (PostgreSQL tests the fields): whether every field
 * of the record in `s` is NULL (true for zero fields) and whether any is. A
 * damaged value counts as all NULL. */
void record_null_fields(const StrView *s, bool *all_null, bool *any_null);

/* Appends a record of fields[0..n) to `out`: each field's TypeId is
 * fields[i].type.id (TYPE_NULL and TYPE_UNKNOWN are stored as text),
 * fields[i].is_null marks a NULL field. n <= RECORD_MAX_FIELDS. */
void record_write(const Value *fields, uint32_t n, StrBuf *out);

/* PostgreSQL's record_out: "(1,abc)", each field in its type's text form, a
 * NULL field empty, a field quoted ("a b") when it is empty or holds a
 * comma, parenthesis, quote, backslash or white space; inside quotes a quote
 * or backslash is doubled. A damaged value prints as "()". */
void record_text_out(const StrView *s, const SessionSettings *settings, StrBuf *out);

#endif
