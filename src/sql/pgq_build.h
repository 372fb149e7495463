/*
 * pgq_build.h — building parse-tree nodes (libpg_query's protobuf-c structs)
 * in an arena, for the places that rewrite a statement before binding it
 * (UPDATE/DELETE as a SELECT of row ids, whole rows as JSON objects).
 */
#ifndef OMENDB_SQL_PGQ_BUILD_H
#define OMENDB_SQL_PGQ_BUILD_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "common/arena.h"

/* An empty node of the given kind (the caller sets its field). */
PgQuery__Node *pgq_node_new(Arena *a, PgQuery__Node__NodeCase kind);
/* A String node (an identifier or a name part); s is not copied. */
PgQuery__Node *pgq_string_node(Arena *a, const char *s);
/* The constant NULL. */
PgQuery__Node *pgq_null_const(Arena *a);
/* rel.col as a ColumnRef (location -1 if none). */
PgQuery__Node *pgq_column_ref2(Arena *a, const char *rel, const char *col, int location);

#endif
