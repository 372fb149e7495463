/*
 * bind_array.h — binding of array expressions (sql/bind_array.c): ARRAY[...],
 * subscripts and slices, op ANY/ALL (array), and the polymorphic array
 * operators and functions (exec/func_array.h).
 */
#ifndef OMENDB_SQL_BIND_ARRAY_H
#define OMENDB_SQL_BIND_ARRAY_H

#include "sql/binder.h"

/* ARRAY[...]; `hint` is the array type of a cast around it (ARRAY[]::int[]),
 * else TYPE_INVALID. */
Expr *bind_array_ctor(Binder *b, BindScope *scope, PgQuery__AArrayExpr *ae, OmType hint);
/* a[i], a[i][j], a[lo:hi] */
Expr *bind_indirection(Binder *b, BindScope *scope, PgQuery__AIndirection *ind);
/* x op ANY (array) / x op ALL (array) */
Expr *bind_any_array(Binder *b, BindScope *scope, PgQuery__AExpr *ae, const char *op, bool all);
/* True when name(args) is an array function, or an operator with an array
 * operand: bind_array_call binds it instead of the registry. */
bool bind_array_call_applies(const char *name, Expr *const *args, int nargs);
Expr *bind_array_call(Binder *b, const char *name, Expr **args, int nargs, int location);

#endif
