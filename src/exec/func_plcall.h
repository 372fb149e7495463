/*
 * func_plcall.h — calls of PL/pgSQL functions from expressions.
 *
 * The binder represents a call of a PL/pgSQL function as an EXPR_FUNC of
 * func_plcall_def: args[0] is the function's OID (an int8 constant), the
 * rest its arguments, and the Expr's type its result. The kernel calls the
 * SQL layer's hook (installed once at startup) per row; the hook runs the
 * function in the calling statement's transaction (ExecState.txn).
 */
#ifndef OMENDB_EXEC_FUNC_PLCALL_H
#define OMENDB_EXEC_FUNC_PLCALL_H

#include "exec/operator.h"

/* Runs function `oid` over args[0..nargs); *out receives its result (bytes
 * in `arena`). 0, or -1 with err set. */
typedef int (*PlCallHook)(ExecState *es, Oid oid, const Value *args, int nargs, Value *out,
                          Arena *arena, OmError *err);
void func_plcall_set_hook(PlCallHook hook);
extern const FuncDef func_plcall_def;

#endif
