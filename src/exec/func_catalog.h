/*
 * func_catalog.h — the overload table of the system information functions
 * (exec/func_catalog.c), collected by the function registry.
 */
#ifndef OMENDB_EXEC_FUNC_CATALOG_H
#define OMENDB_EXEC_FUNC_CATALOG_H

#include "exec/expr.h"

#include "catalog/catalog.h"

extern const FuncDef func_catalog_defs[];
extern const int func_catalog_ndefs;

#endif
