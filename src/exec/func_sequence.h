/*
 * func_sequence.h — the sequences behind SERIAL columns, and the functions
 * over them: nextval(regclass), setval(regclass, int8 [, bool]) and
 * pg_get_serial_sequence(text, text).
 *
 * OmenDB has no CREATE SEQUENCE. A column declared serial / bigserial /
 * smallserial (or GENERATED ... AS IDENTITY, CatColumn.identity) is an
 * integer column whose stored default is the text
 * `nextval('<table>_<column>_seq'::regclass)` (schema-qualified outside
 * public), as PostgreSQL prints it. That text is the only persistent record:
 * the sequence is found again by the name in a column default, and its
 * counter lives in memory, starting after the largest value the column holds
 * the first time nextval runs in a server's life. So values never repeat a
 * stored key, but a restart may reuse values of rows that were deleted (as
 * PostgreSQL never does) and forgets a setval() to a lower value.
 */
#ifndef OMENDB_EXEC_FUNC_SEQUENCE_H
#define OMENDB_EXEC_FUNC_SEQUENCE_H

#include "catalog/catalog.h"
#include "exec/func_registry.h"

/* The sequence OID of `name` (schema NULL: looked up through search_path),
 * or 0 when no SERIAL column owns a sequence of that name. Caller holds the
 * catalog lock (shared). OIDs are per server run (never stored). */
Oid func_sequence_lookup(Catalog *cat, const char *search_path, const char *schema,
                         const char *name);
/* The name of sequence `oid` (qualified with its schema when `qualified`)
 * into buf; false when `oid` is no sequence. */
bool func_sequence_name(Oid oid, bool qualified, char *buf, size_t cap);
/* Writes the stored default of a SERIAL column of table `table` in schema
 * `schema` (sequence <table>_<column>_seq) into buf. */
void func_sequence_default_sql(const char *schema, const char *table, const char *column, char *buf,
                               size_t cap);

extern const FuncDef func_sequence_defs[];
extern const int func_sequence_ndefs;

#endif
