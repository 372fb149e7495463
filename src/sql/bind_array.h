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
/* arr[i], arr[i][j], arr[lo:hi]: items[0..n) are A_Indices nodes (n >= 1)
 * applied to the bound arr (field selections around them: bind_record.c). */
Expr *bind_subscripts(Binder *b, BindScope *scope, Expr *arr, PgQuery__Node **items, int n);
/* x op ANY (array) / x op ALL (array) */
Expr *bind_any_array(Binder *b, BindScope *scope, PgQuery__AExpr *ae, const char *op, bool all);
/* True when name(args) is an array function, or an operator with an array
 * operand: bind_array_call binds it instead of the registry. */
bool bind_array_call_applies(const char *name, Expr *const *args, int nargs);
Expr *bind_array_call(Binder *b, const char *name, Expr **args, int nargs, int location);

#endif
