/*
 * func_record.h — the two calls the binder builds for anonymous records
 * (catalog/record.h; sql/bind_record.c), evaluated like any EXPR_FUNC:
 *
 *   func_record_row    ROW(a, b, ...): args are the fields (any types, any
 *                      number up to RECORD_MAX_FIELDS), never NULL itself;
 *                      the call's type is record
 *   func_record_field  (r).f: args[0] the record, args[1] the field number
 *                      (a 0-based int4 constant the binder found for the
 *                      name); the call's type is the field's. NULL record ->
 *                      NULL. A record whose field there has another type
 *                      than the call's (the binder's description did not fit
 *                      the value) is XX000, never a misread.
 *
 * Neither is reachable by name from SQL (they are not in the registry). The
 * comparison operators of records (=, <>, <, <=, >, >= as record_eq ...,
 * with PostgreSQL's 42804 for records of different shapes) are in the
 * registry's tables (func_int.h).
 */
#ifndef OMENDB_EXEC_FUNC_RECORD_H
#define OMENDB_EXEC_FUNC_RECORD_H

#include "exec/expr.h"

extern const FuncDef func_record_row;
extern const FuncDef func_record_field;

/* True if e is a ROW(...) call (func_record_row). */
static inline bool func_is_record_row(const Expr *e)
{
    return e && e->kind == EXPR_FUNC && e->u.func.def == &func_record_row;
}

#endif
