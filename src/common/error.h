/*
 * error.h — the error object every fallible function reports through.
 *
 * A fallible function returns int (0 = ok, -1 = error) and fills an OmError the
 * caller passed in. The object maps one-to-one onto a PostgreSQL ErrorResponse:
 * severity, SQLSTATE, message, detail, hint, cursor position, context (where
 * the error happened, e.g. "COPY t, line 3, column b: \"x\""), source location,
 * and for integrity violations the object names (schema, table, column,
 * constraint) drivers read (psycopg's diag.constraint_name, ...).
 * Messages follow PostgreSQL's style: lower-case, no trailing period.
 *
 * Only the first error is kept (later calls to error_set on an already set
 * object are ignored) so the root cause reaches the client.
 */
#ifndef OMENDB_COMMON_ERROR_H
#define OMENDB_COMMON_ERROR_H

#include <stdbool.h>

#include "common/sqlstate.h"

#define OM_ERROR_MSG_MAX  512
#define OM_ERROR_NAME_MAX 64

typedef enum {
    ERR_SEV_ERROR = 0,
    ERR_SEV_FATAL,
    ERR_SEV_PANIC,
    ERR_SEV_WARNING, /* notices use these */
    ERR_SEV_NOTICE,
    ERR_SEV_INFO, /* RAISE INFO: sent whatever client_min_messages says */
} ErrSeverity;

typedef struct OmError {
    bool is_set;
    ErrSeverity severity;
    char sqlstate[6];
    char message[OM_ERROR_MSG_MAX];
    char detail[OM_ERROR_MSG_MAX];
    char hint[OM_ERROR_MSG_MAX];
    int position;                   /* 1-based character offset into the query text; 0 = none */
    char context[OM_ERROR_MSG_MAX]; /* ErrorResponse field 'W' (CONTEXT); "" = none */
    /* fields 's', 't', 'c', 'n' ("" = none) */
    char schema_name[OM_ERROR_NAME_MAX];
    char table_name[OM_ERROR_NAME_MAX];
    char column_name[OM_ERROR_NAME_MAX];
    char constraint_name[OM_ERROR_NAME_MAX];
    const char *file;
    int line;
} OmError;

/* Clears the object. */
void error_clear(OmError *err);
/* Records an error (if none is recorded yet). Always returns -1 so callers can
 * `return error_set(...)`. Use the ERR macro, which adds file and line. */
int error_set_at(OmError *err, const char *file, int line, const char *sqlstate, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
/* Adds a detail / hint sentence to the recorded error. */
void error_detail(OmError *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void error_hint(OmError *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the context line (PostgreSQL's CONTEXT) of the recorded error. */
void error_context(OmError *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the cursor position (1-based) if the error has none yet. */
void error_position(OmError *err, int position);
/* Copies src into dst (whole object). */
void error_copy(OmError *dst, const OmError *src);
/* Names the object an integrity error is about (NULL: not that one), as
 * PostgreSQL's errtablecol / errtableconstraint do. */
void error_object(OmError *err, const char *schema, const char *table, const char *column,
                  const char *constraint);
/* Name of a severity as PostgreSQL writes it ("ERROR", "FATAL", ...). */
const char *error_severity_name(ErrSeverity sev);

#define ERR(err, sqlstate, ...) error_set_at((err), __FILE__, __LINE__, (sqlstate), __VA_ARGS__)

#endif
