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
int session_guc_count(void);
const char *session_guc_name(int i, bool *reported);

#endif
