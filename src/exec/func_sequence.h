/*
 * func_sequence.h — the functions over sequences (catalog CatSequence):
 * nextval(regclass), currval(regclass), lastval(), setval(regclass, int8
 * [, bool]) and pg_get_serial_sequence(text, text), with the session state
 * currval and lastval read.
 *
 * nextval and setval are not transactional, as in PostgreSQL: a value handed
 * out stays used whatever becomes of the transaction. Durability: nextval
 * logs the sequence's state 32 values ahead through the catalog's
 * CatSequenceLog (the SQL layer's write-ahead log) and waits until that
 * record is durable before it returns a value; setval logs the state it
 * sets. So no value a client has seen is handed out again after a crash
 * (docs/wal.md, "Sequences").
 */
#ifndef OMENDB_EXEC_FUNC_SEQUENCE_H
#define OMENDB_EXEC_FUNC_SEQUENCE_H

#include "catalog/catalog.h"
#include "exec/func_registry.h"

/* The sequence OID of `name` (schema NULL: looked up through search_path),
 * or 0 when there is no such sequence. Caller holds the catalog lock. */
Oid func_sequence_lookup(Catalog *cat, const char *search_path, const char *schema,
                         const char *name);
/* The name of sequence `oid` into buf, schema-qualified unless search_path
 * finds it; false when `oid` is no sequence. */
bool func_sequence_name(Catalog *cat, const char *search_path, Oid oid, char *buf, size_t cap);
/* Writes the stored default of a SERIAL column of table `table` in schema
 * `schema` (sequence <table>_<column>_seq) into buf. */
void func_sequence_default_sql(const char *schema, const char *table, const char *column, char *buf,
                               size_t cap);

/* Puts sequence s at (value, is_called) as setval does (value within its bounds),
 * or at its START with is_called false when `restart`; logged and durable before
 * it returns. The state before goes to *old_value / *old_called (set even when it
 * fails: the state may then be changed and logged but not durable). Caller holds
 * the catalog lock (s stays). TRUNCATE ... RESTART IDENTITY and its undo. */
int func_sequence_put(Catalog *cat, CatSequence *s, bool restart, int64_t value, bool is_called,
                      int64_t *old_value, bool *old_called, OmError *err);

/* A session's currval/lastval state (SessionSettings.sequences). */
typedef struct FuncSeqSession FuncSeqSession;
FuncSeqSession *func_sequence_session_new(void);
void func_sequence_session_free(FuncSeqSession *s);
/* DISCARD SEQUENCES / ALL. */
void func_sequence_session_reset(FuncSeqSession *s);

extern const FuncDef func_sequence_defs[];
extern const int func_sequence_ndefs;

#endif
