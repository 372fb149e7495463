/*
 * bind_srf.c — set-returning function calls inside expressions (the SELECT
 * list, ORDER BY, GROUP BY, DISTINCT ON), as PostgreSQL 10+ allows them.
 *
 * A call binds to an EXPR_FUNC whose def is the SRF's `call` FuncDef
 * (exec/srf.h: srf_of_expr recognises it), typed by the SRF's resolve hook,
 * its arguments coerced to the types the hook chose; a function with several
 * OUT parameters (json_each, information_schema._pg_expandarray) is typed as
 * a record of them, whose fields `(f(x)).n` selects. The call stays where it
 * is in the expression tree (`generate_series(1, 3) + 1`); the planner
 * (plan_srf.c) moves every call into a ProjectSet below the projection and
 * leaves a column reference in its place. Arguments may hold other SRF calls
 * (PostgreSQL runs nested calls in stacked ProjectSets), aggregates and window
 * functions (the ProjectSet then sits above the aggregate / window).
 *
 * Where a set cannot go the errors are PostgreSQL 15's, all 0A000: the clause
 * (check_srf_call_placement: WHERE, JOIN conditions, HAVING, LIMIT, VALUES,
 * DEFAULT expressions, check constraints; "must appear at top level of FROM"
 * for a function in FROM's arguments), an aggregate's or window function's
 * arguments ("aggregate function calls cannot contain set-returning function
 * calls"), and CASE / COALESCE (transformCaseExpr, transformCoalesceExpr),
 * which bind_srf_check finds after the expression is bound.
 */
#include <stdio.h>
#include <string.h>

#include "exec/func_registry.h"
#include "exec/srf.h"
#include "sql/binder.h"

static const char *const lateral_hint =
    "You might be able to move the set-returning function into a LATERAL FROM item.";

static const char *clause_refusal(BindClause clause)
{
    switch (clause) {
    case CLAUSE_WHERE:
        return "set-returning functions are not allowed in WHERE";
    case CLAUSE_JOIN_ON:
        return "set-returning functions are not allowed in JOIN conditions";
    case CLAUSE_HAVING:
        return "set-returning functions are not allowed in HAVING";
    case CLAUSE_LIMIT:
        return "set-returning functions are not allowed in LIMIT";
    case CLAUSE_VALUES:
        return "set-returning functions are not allowed in VALUES";
    case CLAUSE_DEFAULT:
        return "set-returning functions are not allowed in DEFAULT expressions";
    case CLAUSE_CHECK:
        return "set-returning functions are not allowed in check constraints";
    case CLAUSE_FUNC_ARGS:
        return "set-returning functions must appear at top level of FROM";
    case CLAUSE_TARGET:
    case CLAUSE_ORDER_BY:
    case CLAUSE_GROUP_BY:
        return NULL;
    case CLAUSE_OTHER:
    default:
        return "set-returning functions are not allowed here";
    }
}

/* 42883 "function name(t1, t2) does not exist" with PostgreSQL's hint. */
static void no_such_function(Binder *b, const char *name, Expr **args, int n, int location)
{
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) types[i] = args[i]->type;
    func_resolve_fail(name, types, n, b->err);
    error_position(b->err, loc1(location));
}

int bind_srf_placement(Binder *b, BindScope *scope, int location)
{
    const char *refusal = clause_refusal(scope->clause);
    const char *hint = NULL;
    if (!refusal && scope->in_agg_arg) {
        refusal = "aggregate function calls cannot contain set-returning function calls";
        hint = lateral_hint;
    } else if (!refusal && scope->in_window == 1) {
        refusal = "window function calls cannot contain set-returning function calls";
        hint = lateral_hint;
    } else if (!refusal && scope->in_window) {
        refusal = "set-returning functions are not allowed in window definitions";
    }
    if (refusal) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s", refusal);
        if (hint) error_hint(b->err, "%s", hint);
        error_position(b->err, loc1(location));
        return -1;
    }
    scope->query->has_srfs = true;
    return 0;
}

Expr *bind_srf_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const SrfDef *def)
{
    if (bind_srf_placement(b, scope, fc->location) != 0) return NULL;
    int n = (int)fc->n_args;
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++)
        if (!(args[i] = bind_expr(b, scope, fc->args[i]))) return NULL;
    if (n < def->min_args || n > def->max_args || n > 8) {
        no_such_function(b, def->name, args, n, fc->location);
        return NULL;
    }
    OmType types[8], ret[SRF_MAX_COLS];
    for (int i = 0; i < n; i++) types[i] = args[i]->type;
    if (def->resolve(types, n, ret, b->err) != 0) {
        error_position(b->err, loc1(fc->location));
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (!(args[i] = bind_coerce(b, args[i], types[i], CAST_IMPLICIT, fc->location)))
            return NULL;
    /* several OUT parameters: the call is a record of them (bind_record.c) */
    OmType type = ret[0];
    if (srf_ncols(def) > 1)
        type = (OmType){TYPE_RECORD, bind_record_type_add(b, srf_ncols(def), def->colnames, ret)};
    Expr *e = expr_make_func(b->arena, &def->call, args, n, type);
    e->location = loc1(fc->location);
    return e;
}

/* The first SRF call in e (preorder), or NULL. */
static const Expr *first_srf(const Expr *e)
{
    if (!e) return NULL;
    if (srf_of_expr(e)) return e;
    for (int i = 0; i < e->nargs; i++) {
        const Expr *f = first_srf(e->args[i]);
        if (f) return f;
    }
    return NULL;
}

int bind_srf_check(Binder *b, const Expr *e)
{
    if (!e) return 0;
    if (e->kind == EXPR_CASE || e->kind == EXPR_COALESCE) {
        const Expr *f = first_srf(e);
        if (f) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "set-returning functions are not allowed in %s",
                e->kind == EXPR_CASE ? "CASE" : "COALESCE");
            error_hint(b->err, "%s", lateral_hint);
            error_position(b->err, f->location);
            return -1;
        }
        return 0;
    }
    for (int i = 0; i < e->nargs; i++)
        if (bind_srf_check(b, e->args[i]) != 0) return -1;
    return 0;
}
