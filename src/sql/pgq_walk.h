/*
 * pgq_walk.h — a generic walk over a libpg_query parse tree (its protobuf-c
 * messages), visiting every message depth first. Internal to src/sql.
 */
#ifndef OMENDB_SQL_PGQ_WALK_H
#define OMENDB_SQL_PGQ_WALK_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Called for each message: 0 walks into its fields, 1 skips them, -1 ends the
 * walk. */
typedef int (*PgqVisit)(const ProtobufCMessage *m, void *ctx);

/* Visits m and everything below it. 0 when the walk completed, -1 when a
 * visit ended it, -2 when the tree is deeper than max_depth (a bound that
 * keeps a deep tree from exhausting the thread's stack). */
int pgq_walk(const ProtobufCMessage *m, int max_depth, PgqVisit visit, void *ctx);

#endif
