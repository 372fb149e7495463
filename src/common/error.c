/*
 * error.c — filling the OmError object (see error.h for the contract).
 */
#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void error_clear(OmError *err)
{
    /* Field by field: the object is ~4 KB of message buffers, and it is cleared
     * for every statement; an empty string needs only its first byte. */
    err->is_set = false;
    err->severity = (ErrSeverity)0;
    err->sqlstate[0] = '\0';
    err->message[0] = err->detail[0] = err->hint[0] = err->context[0] = '\0';
    err->schema_name[0] = err->table_name[0] = err->column_name[0] = err->constraint_name[0] = '\0';
    err->position = 0;
    err->file = NULL;
    err->line = 0;
}

int error_set_at(OmError *err, const char *file, int line, const char *sqlstate, const char *fmt,
                 ...)
{
    if (err->is_set) return -1;
    err->is_set = true;
    err->severity = ERR_SEV_ERROR;
    memcpy(err->sqlstate, sqlstate, 5);
    err->sqlstate[5] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    err->detail[0] = err->hint[0] = err->context[0] = '\0';
    err->schema_name[0] = err->table_name[0] = err->column_name[0] = err->constraint_name[0] = '\0';
    err->position = 0;
    err->file = file;
    err->line = line;
    return -1;
}

void error_detail(OmError *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
    va_end(ap);
}

void error_hint(OmError *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->hint, sizeof(err->hint), fmt, ap);
    va_end(ap);
}

void error_context(OmError *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->context, sizeof(err->context), fmt, ap);
    va_end(ap);
}

void error_position(OmError *err, int position)
{
    if (err->position == 0) err->position = position;
}

void error_copy(OmError *dst, const OmError *src)
{
    memcpy(dst, src, sizeof(*dst));
}

void error_object(OmError *err, const char *schema, const char *table, const char *column,
                  const char *constraint)
{
    if (schema) snprintf(err->schema_name, sizeof(err->schema_name), "%s", schema);
    if (table) snprintf(err->table_name, sizeof(err->table_name), "%s", table);
    if (column) snprintf(err->column_name, sizeof(err->column_name), "%s", column);
    if (constraint) snprintf(err->constraint_name, sizeof(err->constraint_name), "%s", constraint);
}

const char *error_severity_name(ErrSeverity sev)
{
    switch (sev) {
    case ERR_SEV_ERROR:
        return "ERROR";
    case ERR_SEV_FATAL:
        return "FATAL";
    case ERR_SEV_PANIC:
        return "PANIC";
    case ERR_SEV_WARNING:
        return "WARNING";
    case ERR_SEV_NOTICE:
        return "NOTICE";
    case ERR_SEV_INFO:
        return "INFO";
    }
    return "ERROR";
}
