/*
 * vector_ops.h — type-aware comparison and hashing of values and vectors, used
 * by hash join, hash aggregate, DISTINCT, set operations and sort.
 *
 * Semantics follow PostgreSQL's btree/hash opclasses: numeric compares by value
 * (1.5 = 1.50, equal hashes); floats order NaN above every other value and treat
 * NaN = NaN and -0 = 0; strings compare bytewise (C collation) — see docs/sql.md.
 */
#ifndef OMENDB_EXEC_VECTOR_OPS_H
#define OMENDB_EXEC_VECTOR_OPS_H

#include "exec/vector.h"

/* Three-way compare of two non-NULL payloads of the same type. */
int value_cmp(TypeId type, const void *a, const void *b);
/* Equality under the same rules (cheaper than value_cmp for strings). */
bool value_eq(TypeId type, const void *a, const void *b);
/* Arrays (catalog/array.h) in PostgreSQL's btree order: elements pairwise
 * with value_cmp (a NULL element after every value), then the element count,
 * the dimensions and the lower bounds. array_hash agrees with its equality. */
int array_cmp(TypeId array_type, const StrView *a, const StrView *b);
uint64_t array_hash(TypeId array_type, const StrView *a);
/* jsonb values in jsonb's btree order (catalog/json.h). */
int jsonb_value_cmp(const StrView *a, const StrView *b);
/* Anonymous records (catalog/record.h) in PostgreSQL's btree order
 * (record_cmp): fields pairwise, a NULL field after every value and equal
 * to another NULL, then the field count. Fields of different types (which
 * PostgreSQL refuses to compare, 42804) order by type. */
int record_value_cmp(const StrView *a, const StrView *b);
/* network_cmp over two stored inet / cidr values (catalog/inet.h). */
int inet_value_cmp(const StrView *a, const StrView *b);
/* Hash of one non-NULL payload; equal values hash equal. */
uint64_t value_hash(TypeId type, const void *payload);
/* hashes[i] = hash of row chunk-row i (rows sel[i] or i). NULLs hash to a fixed
 * constant. With `combine`, mixes into the existing hashes[i]. */
void vector_hash(const Vector *v, const uint16_t *sel, uint32_t count, uint64_t *hashes,
                 bool combine);

#endif
