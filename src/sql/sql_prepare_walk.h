/*
 * sql_prepare_walk.h — parse-tree facts for preparing statements that are
 * not planned ahead (see sql_prepare_walk.c). Internal to src/sql.
 */
#ifndef OMENDB_SQL_SQL_PREPARE_WALK_H
#define OMENDB_SQL_SQL_PREPARE_WALK_H

#include "sql/binder.h"

/* The highest $n referenced anywhere in the statement (0 if none) and, in
 * *used (arena array of *max_param), which $n occur. 54001 when the tree is
 * too deep to walk. */
int sql_walk_params(const PgQuery__Node *stmt, Arena *arena, int *max_param, bool **used,
                    OmError *err);
/* For INSERT ... VALUES: a bare $n in a VALUES item whose type is still
 * TYPE_UNKNOWN in types[0..nparams) gets its target column's type, as
 * PostgreSQL infers it. Needs the catalog lock (shared); leaves the rest. */
void sql_infer_insert_params(Binder *b, const PgQuery__Node *stmt, int nparams, OmType *types);

#endif
