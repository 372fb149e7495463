/*
 * func_catalog.h — the overload table of the system information functions
 * (exec/func_catalog.c), collected by the function registry.
 */
#ifndef OMENDB_EXEC_FUNC_CATALOG_H
#define OMENDB_EXEC_FUNC_CATALOG_H

#include "exec/expr.h"

#include "catalog/catalog.h"

/* Splits a relation name as regclass input reads it ('s.t', '"My T"',
 * 'Public.T' -> public, t) into parts[0..n); returns n (0 to 2). */
int func_catalog_split_name(const char *name, char parts[2][CATALOG_NAME_MAX]);

extern const FuncDef func_catalog_defs[];
extern const int func_catalog_ndefs;

#endif
