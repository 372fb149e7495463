/*
 * expr_build.c — construction, inspection and copying of Expr trees
 * (expr.h). All nodes and their argument arrays live in the given arena.
 */
#include <string.h>

#include "exec/expr.h"

Expr *expr_make_const(Arena *arena, const Value *value)
{
    Expr *e = ARENA_NEW(arena, Expr);
    e->kind = EXPR_CONST;
    e->type = value->type;
    e->u.value = *value;
    if (!value->is_null && type_is_varlena(value->type.id) &&
        value->u.str.len > STRVIEW_INLINE_MAX) {
        char *copy = arena_alloc(arena, value->u.str.len);
        memcpy(copy, value->u.str.u.ptr, value->u.str.len);
        e->u.value.u.str = strview_make(copy, value->u.str.len);
    }
    return e;
}

Expr *expr_make_column(Arena *arena, int index, OmType type)
{
    Expr *e = ARENA_NEW(arena, Expr);
    e->kind = EXPR_COLUMN;
    e->type = type;
    e->u.column.index = index;
    return e;
}

Expr *expr_make_func(Arena *arena, const FuncDef *def, Expr **args, int nargs, OmType type)
{
    Expr *e = ARENA_NEW(arena, Expr);
    e->kind = EXPR_FUNC;
    e->type = type;
    e->nargs = nargs;
    e->args = args;
    e->u.func.def = def;
    return e;
}

bool expr_is_constant(const Expr *expr)
{
    switch (expr->kind) {
    case EXPR_CONST:
        return true;
    case EXPR_COLUMN:
    case EXPR_PARAM:
    case EXPR_SUBPLAN:
    case EXPR_VAR:
    case EXPR_AGGREF:
    case EXPR_WINREF:
    case EXPR_GROUPING:
    case EXPR_SUBLINK:
        return false;
    case EXPR_FUNC:
        if (expr->u.func.def && (expr->u.func.def->flags & FUNC_VOLATILE)) return false;
        break;
    default:
        break;
    }
    for (int i = 0; i < expr->nargs; i++)
        if (expr->args[i] && !expr_is_constant(expr->args[i])) return false;
    return true;
}

Expr *expr_copy(Arena *arena, const Expr *expr)
{
    if (expr == NULL) return NULL;
    Expr *e = ARENA_NEW(arena, Expr);
    *e = *expr;
    if (expr->kind == EXPR_CONST) {
        Expr *c = expr_make_const(arena, &expr->u.value);
        c->type = expr->type;
        c->location = expr->location;
        return c;
    }
    if (expr->nargs > 0) {
        e->args = ARENA_NEW_ARRAY(arena, Expr *, expr->nargs);
        for (int i = 0; i < expr->nargs; i++) e->args[i] = expr_copy(arena, expr->args[i]);
    }
    return e;
}
