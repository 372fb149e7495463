/*
 * func_array.h — the polymorphic array functions and operators
 * (exec/func_array.c), found by name for the binder (sql/bind_array.c), which
 * types their calls itself.
 *
 * Names: "array" (ARRAY[...]), "=" "<>" "<" "<=" ">" ">=" "@>" "<@" "&&" "||"
 * on arrays, "[]" (subscript: array, int4...), "[:]" (slice: array, lo, hi;
 * a NULL-typed bound is omitted), and the SQL functions array_cat,
 * array_append, array_prepend, array_length, array_lower, array_upper,
 * array_ndims, array_dims, cardinality, array_to_string, string_to_array,
 * array_position, array_positions, array_remove.
 */
#ifndef OMENDB_EXEC_FUNC_ARRAY_H
#define OMENDB_EXEC_FUNC_ARRAY_H

#include "exec/expr.h"

/* The overload named `name`, or NULL. */
const FuncDef *func_array_lookup(const char *name);

/* The cast of an array to another array type (int4[] -> int8[], int2vector
 * -> int2[]): each element through its own cast, shape kept. */
int func_array_coerce_kernel(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                             Vector *out, EvalCtx *ctx);

#endif
