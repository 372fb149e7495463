/*
 * session_guc.h — named session parameters (SET/SHOW/RESET, ParameterStatus).
 */
#ifndef OMENDB_SQL_SESSION_GUC_H
#define OMENDB_SQL_SESSION_GUC_H

#include <stdbool.h>

#include "common/error.h"
#include "sql/sql.h"

#include "common/version.h"

/* Fills the session's parameter values with their defaults. */
void session_guc_init(SqlSession *s);
/* Sets a parameter (value NULL = reset to default). Reported parameters are
 * sent to sink->parameter_status when sink is non-NULL. */
int session_guc_set(SqlSession *s, const char *name, const char *value, ResultSink *sink,
                    OmError *err);
/* Current text value; NULL if unknown. *canonical_name gets the spelling SHOW uses. */
const char *session_guc_get(SqlSession *s, const char *name, const char **canonical_name);
/* Index of a parameter (0 .. session_guc_count() - 1), or -1 when unknown. */
int session_guc_index(const char *name);
int session_guc_count(void);
const char *session_guc_name(int i, bool *reported);

/* ---- transactional SET (session_guc_txn.c) ----
 * As in PostgreSQL, a change made inside a transaction is undone if the
 * transaction (or the savepoint level it was made at) rolls back, and a SET
 * LOCAL (set_config(..., true)) lasts until the transaction ends: at commit the
 * parameter takes the value the plain SETs left (the value before the
 * transaction when there were none). */

/* SET / RESET (value NULL) of `name` while a transaction runs (s->txn), logged
 * for its end; without one, the plain session_guc_set. */
int session_guc_set_txn(SqlSession *s, const char *name, const char *value, bool local,
                        ResultSink *sink, OmError *err);
/* The transaction ended: committed (SET LOCAL values give way) or not (every
 * change is undone). Reported parameters that change go to sink (may be NULL). */
void session_guc_txn_end(SqlSession *s, bool committed, ResultSink *sink);
/* ROLLBACK TO the savepoint at index i (or an error back to it): undoes the
 * changes made after it (i -1: all of them). */
void session_guc_rollback_to(SqlSession *s, int i, ResultSink *sink);
/* RELEASE of the savepoint at index i: its changes belong to the level above. */
void session_guc_release(SqlSession *s, int i);
/* Frees the log (session end). */
void session_guc_fini(SqlSession *s);
/* Points the session's current_setting / set_config hooks at its parameters. */
void session_guc_views_init(SqlSession *s);

#endif
