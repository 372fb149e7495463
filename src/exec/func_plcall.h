/*
 * func_plcall.h — calls of PL/pgSQL functions from the executor.
 *
 * The binder represents a call of a PL/pgSQL function as an EXPR_FUNC of
 * func_plcall_def: args[0] is the function's OID (an int8 constant), the
 * rest its arguments, and the Expr's type its result. The kernel calls the
 * SQL layer's hook (installed once at startup) per row; the hook runs the
 * function in the calling statement's transaction (ExecState.txn).
 *
 * A set-returning function (and one with OUT parameters in FROM) runs as
 * the SRF srf_plpgsql (exec/srf.h), with the same arguments (OID first): in
 * the SELECT list through its `call` FuncDef and a ProjectSet, one column (a
 * record when the function has several); in FROM through a copy the binder
 * makes with the function's columns (ncols, colnames). Its open runs the
 * whole function through the set hook, which returns the rows materialized
 * (as PostgreSQL's tuplestore holds them); next hands them out.
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

/* The rows of a set-returning call: nrows * ncols values, row-major. */
typedef struct PlSetRows {
    uint64_t nrows;
    int ncols;
    Value *vals;
} PlSetRows;

/* Runs the set-returning function `oid` over args[0..nargs) into *rows,
 * values and bytes in `arena`. ncols: the columns the caller takes (1 for a
 * function with several columns: each row packed as a record). 0, or -1
 * with err set. */
typedef int (*PlSetHook)(ExecState *es, Oid oid, const Value *args, int nargs, int ncols,
                         PlSetRows *rows, Arena *arena, OmError *err);
void func_plcall_set_set_hook(PlSetHook hook);

/* The SRF of set-returning PL/pgSQL calls (srf.c's srf_of_expr knows it). */
struct SrfDef;
extern const struct SrfDef srf_plpgsql;

#endif
