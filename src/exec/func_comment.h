/*
 * func_comment.h — obj_description, col_description and shobj_description
 * (exec/func_comment.c): the comments of COMMENT ON, collected by the
 * function registry.
 */
#ifndef OMENDB_EXEC_FUNC_COMMENT_H
#define OMENDB_EXEC_FUNC_COMMENT_H

#include "exec/func_registry.h"

extern const FuncDef func_comment_defs[];
extern const int func_comment_ndefs;

#endif
