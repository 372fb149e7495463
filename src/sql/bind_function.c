/*
 * bind_function.c — calls of user-defined SQL functions (CREATE FUNCTION ...
 * LANGUAGE sql, catalog_function.c) and the binding of their bodies.
 *
 * A call is resolved among the functions of that name (the schema named, or
 * those of search_path), with positional and named arguments (name => value)
 * and the defaults of the arguments left out. The body is bound apart from
 * the calling query, as a view's query is; inside it, $n and the arguments'
 * names are parameters: Vars whose rte is BIND_FN_PARAM_RTE(n - 1), one
 * level outside the body's top query (levelsup counts from where they are
 * used). The call then becomes one of:
 *
 * - the body's one expression with the arguments put in place of the
 *   parameters (PostgreSQL's inlining), when the body is a plain SELECT of one
 *   expression without FROM, subqueries, aggregates or set-returning calls,
 *   each argument that is used more than once is a constant, column or
 *   parameter, and, for a STRICT function, the expression is NULL whenever a
 *   parameter is (strict functions over every parameter);
 * - else a scalar subquery over the body (EXPR_SUBLINK with fn_args) whose
 *   parameters the planner takes from the arguments (plan_expr.c); it yields
 *   the first row's value, or NULL when there is none, and NULL without
 *   running when the function is STRICT and an argument is NULL.
 *
 * Invariants: a body is bound with none of the calling statement's own
 * parameters or CTEs in sight; a function being expanded is on b->fn's chain,
 * so a function that calls itself is refused instead of expanding forever.
 */
#include <stdio.h>
#include <string.h>

#include "exec/func_plcall.h"
#include "exec/func_registry.h"
#include "exec/srf.h"
#include "sql/pl.h"
#include "sql/sql_alter.h"
#include "sql/sql_int.h"

#define BIND_FN_MAX_DEPTH 32

static Expr *param_var(Binder *b, BindScope *scope, int index, int location)
{
    const CatFunction *f = b->fn->fn;
    int levelsup = 0;
    for (BindScope *s = scope; s; s = s->parent) {
        s->query->is_correlated = true;
        levelsup++;
    }
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_VAR;
    e->type = f->args[index].type;
    e->location = loc1(location);
    e->u.var.rte = BIND_FN_PARAM_RTE(index);
    e->u.var.attno = 0;
    e->u.var.levelsup = levelsup;
    return e;
}

Expr *bind_fn_param_number(Binder *b, BindScope *scope, int number, int location)
{
    if (number < 1 || number > b->fn->fn->nargs) {
        ERR(b->err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%d", number);
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    return param_var(b, scope, number - 1, location);
}

Expr *bind_fn_param_name(Binder *b, BindScope *scope, const char *relname, const char *colname,
                         int location)
{
    const CatFunction *f = b->fn->fn;
    if (relname && strcmp(relname, f->name) != 0) return NULL;
    for (int i = 0; i < f->nargs; i++)
        if (f->args[i].name[0] && strcmp(f->args[i].name, colname) == 0)
            return param_var(b, scope, i, location);
    return NULL;
}

/* ---- the body ---- */

/* The query of the body: its last statement, which must be a SELECT (VALUES,
 * a set operation). NULL with the error set. */
static PgQuery__SelectStmt *body_query(Binder *b, const CatFunction *f)
{
    PgQuery__ParseResult *tree = sql_parse_text_arena(f->body, b->arena, b->err);
    if (!tree) return NULL;
    if (tree->n_stmts == 0) {
        ERR(b->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
            "SQL function \"%s\" has no statement to return its result", f->name);
        return NULL;
    }
    if (tree->n_stmts > 1) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "SQL functions of more than one statement are not supported yet");
        return NULL;
    }
    PgQuery__Node *last = tree->stmts[tree->n_stmts - 1]->stmt;
    if (last->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        bool dml = last->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
                   last->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
                   last->node_case == PG_QUERY__NODE__NODE_DELETE_STMT;
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            dml ? "INSERT, UPDATE and DELETE in SQL functions are not supported yet"
                : "SQL functions whose body is not a query are not supported yet");
        return NULL;
    }
    return last->select_stmt;
}

static int return_mismatch(Binder *b, const CatFunction *f, const char *detail, OmType actual)
{
    char want[CATALOG_NAME_MAX * 2], got[CATALOG_NAME_MAX * 2];
    OmType declared = f->nout > 0 ? OM_TYPE(TYPE_RECORD) : f->ret;
    ERR(b->err, SQLSTATE_INVALID_FUNCTION_DEFINITION,
        "return type mismatch in function declared to return %s",
        type_name_of(declared, want, sizeof(want)));
    if (detail)
        error_detail(b->err, "%s", detail);
    else
        error_detail(b->err, "Actual return type is %s.", type_name_of(actual, got, sizeof(got)));
    return -1;
}

/* Casts the body's output columns to the declared result (assignment casts,
 * as PostgreSQL's check_sql_fn_retval). */
static int coerce_result(Binder *b, const CatFunction *f, BoundQuery *q)
{
    if (f->ret.id == TYPE_VOID && f->nout == 0) return 0;
    int want = f->nout > 0 ? f->nout : 1;
    if (q->ntargets != want) {
        if (f->nout == 0)
            return return_mismatch(b, f, "Final statement must return exactly one column.",
                                   OM_TYPE(TYPE_RECORD));
        return return_mismatch(b, f,
                               q->ntargets > want ? "Final statement returns too many columns."
                                                  : "Final statement returns too few columns.",
                               OM_TYPE(TYPE_RECORD));
    }
    for (int i = 0; i < want; i++) {
        OmType to = f->nout > 0 ? f->out[i].type : f->ret;
        OmType from = q->out_types[i];
        if (from.id == TYPE_UNKNOWN || from.id == TYPE_NULL || from.id == to.id) {
            /* an untyped literal takes the declared type */
        } else if (!cast_allowed(from.id, to.id, CAST_ASSIGNMENT)) {
            if (f->nout == 0) return return_mismatch(b, f, NULL, from);
            char got[CATALOG_NAME_MAX * 2], exp[CATALOG_NAME_MAX * 2];
            char detail[256];
            snprintf(
                detail, sizeof(detail), "Final statement returns %s instead of %s at column %d.",
                type_name_of(from, got, sizeof(got)), type_name_of(to, exp, sizeof(exp)), i + 1);
            return return_mismatch(b, f, detail, from);
        }
    }
    /* the casts themselves, on the targets (and every branch of a UNION) */
    for (int i = 0; i < want; i++) {
        OmType to = f->nout > 0 ? f->out[i].type : f->ret;
        if (bind_coerce_output(b, q, i, to, CAST_ASSIGNMENT) != 0) return -1;
    }
    return 0;
}

BoundQuery *bind_function_body(Binder *b, const CatFunction *f)
{
    int depth = 0;
    for (const BindFnFrame *fr = b->fn; fr; fr = fr->outer, depth++)
        if (fr->fn == f || (fr->fn->oid != 0 && fr->fn->oid == f->oid)) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "SQL function \"%s\" calls itself: recursive SQL functions are not supported yet",
                f->name);
            return NULL;
        }
    if (depth >= BIND_FN_MAX_DEPTH) {
        ERR(b->err, SQLSTATE_STATEMENT_TOO_COMPLEX, "SQL functions nest too deeply");
        return NULL;
    }
    PgQuery__SelectStmt *sel = body_query(b, f);
    if (!sel) return NULL;
    Binder saved = *b;
    BindFnFrame frame = {f, b->fn};
    b->fn = &frame;
    b->params = NULL;
    b->nparams = 0;
    b->param_types = NULL;
    b->nparam_types = 0;
    b->param_cap = 0;
    b->modify_with_ok = false;
    b->plan_modify_cte = NULL;
    b->write_verb = NULL;
    b->modify_target = NULL;
    BoundQuery *q = bind_select_apart(b, sel, f->body);
    if (q && coerce_result(b, f, q) != 0) q = NULL;
    b->fn = saved.fn;
    b->params = saved.params;
    b->nparams = saved.nparams;
    b->param_types = saved.param_types;
    b->nparam_types = saved.nparam_types;
    b->param_cap = saved.param_cap;
    b->modify_with_ok = saved.modify_with_ok;
    b->plan_modify_cte = saved.plan_modify_cte;
    b->write_verb = saved.write_verb;
    b->modify_target = saved.modify_target;
    b->nworktables = b->nworktables > saved.nworktables ? b->nworktables : saved.nworktables;
    if (!q) {
        char ctx[CATALOG_NAME_MAX + 64];
        snprintf(ctx, sizeof(ctx), "SQL function \"%s\"", f->name);
        b->err->position = 0; /* a position in the body means nothing in the caller's text */
        if (!b->err->context[0]) error_context(b->err, "%s", ctx);
    }
    return q;
}

int bind_split_named_args(Binder *b, const PgQuery__FuncCall *fc, PgQuery__Node **argv,
                          const char **names)
{
    bool named = false;
    for (size_t i = 0; i < fc->n_args; i++) {
        PgQuery__Node *a = fc->args[i];
        names[i] = NULL;
        argv[i] = a;
        if (a->node_case != PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
            if (!named) continue;
            ERR(b->err, SQLSTATE_SYNTAX_ERROR, "positional argument cannot follow named argument");
            if (fc->location >= 0) error_position(b->err, loc1(fc->location));
            return -1;
        }
        names[i] = a->named_arg_expr->name;
        argv[i] = a->named_arg_expr->arg;
        named = true;
        for (size_t j = 0; j < i; j++)
            if (names[j] && strcmp(names[j], names[i]) == 0) {
                ERR(b->err, SQLSTATE_SYNTAX_ERROR, "argument name \"%s\" used more than once",
                    names[i]);
                if (a->named_arg_expr->location >= 0)
                    error_position(b->err, loc1(a->named_arg_expr->location));
                return -1;
            }
    }
    return 0;
}

/* ---- resolution ---- */

typedef struct Candidate {
    const CatFunction *f;
    Expr **args; /* f->nargs, named and defaults placed; NULL: default to bind */
    int exact;   /* arguments of exactly the declared type */
} Candidate;

/* Places the call's arguments on f's parameters: positional ones first, then
 * named ones; the rest must have defaults. False when they do not fit. */
static bool place_args(const CatFunction *f, Expr **args, const char **names, int n, Expr **out)
{
    if (n > f->nargs) return false;
    for (int i = 0; i < f->nargs; i++) out[i] = NULL;
    for (int i = 0; i < n; i++) {
        int at = i;
        if (names[i]) {
            at = -1;
            for (int k = 0; k < f->nargs; k++)
                if (strcmp(f->args[k].name, names[i]) == 0) at = k;
            if (at < 0 || out[at]) return false;
        }
        out[at] = args[i];
    }
    for (int i = 0; i < f->nargs; i++)
        if (!out[i] && !f->args[i].default_sql) return false;
    return true;
}

/* How well the placed arguments match f: -1 when one cannot be cast
 * implicitly, else a score that ranks exact matches first, then untyped
 * literals given to a string parameter (PostgreSQL prefers the string
 * category for unknown). `strict_match`: only exact types (and untyped
 * literals of a string parameter). */
static int match_score(const CatFunction *f, Expr **placed, bool strict_match)
{
    int score = 0;
    for (int i = 0; i < f->nargs; i++) {
        if (!placed[i]) continue;
        OmType have = placed[i]->type, want = f->args[i].type;
        if (catalog_function_same_type(have, want)) {
            score += 2;
        } else if (have.id == TYPE_UNKNOWN || have.id == TYPE_NULL) {
            if (have.id == TYPE_UNKNOWN && type_is_string(want.id)) score += 1;
            if (strict_match && !type_is_string(want.id) && have.id == TYPE_UNKNOWN) return -1;
        } else if (strict_match || !cast_allowed(have.id, want.id, CAST_IMPLICIT)) {
            return -1;
        }
    }
    return score;
}

static bool in_schemas(const CatSchema *s, CatSchema **list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i] == s) return true;
    return false;
}

/* True if a built-in function has this name (user functions aside). */
static bool builtin_name(const char *name)
{
    for (int i = 0; i < func_registry_count(); i++)
        if (strcmp(func_registry_get(i)->name, name) == 0) return true;
    return false;
}

static Expr *bind_default(Binder *b, const CatFunction *f, int i)
{
    char *sql = arena_alloc(b->arena, strlen(f->args[i].default_sql) + 8);
    sprintf(sql, "SELECT %s", f->args[i].default_sql);
    PgQuery__ParseResult *tree = sql_parse_text_arena(sql, b->arena, b->err);
    if (!tree) return NULL;
    if (tree->n_stmts != 1 || tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        ERR(b->err, SQLSTATE_INTERNAL_ERROR, "bad default of an argument of function %s", f->name);
        return NULL;
    }
    PgQuery__SelectStmt *sel = tree->stmts[0]->stmt->select_stmt;
    BoundQuery *q = bind_select_apart(b, sel, sql);
    if (!q) return NULL;
    return q->targets[0];
}

static int fn_param_uses(const Expr *e, int index)
{
    if (!e) return 0;
    if (e->kind == EXPR_VAR && e->u.var.rte == BIND_FN_PARAM_RTE(index)) return 1;
    int n = 0;
    for (int i = 0; i < e->nargs; i++) n += fn_param_uses(e->args[i], index);
    return n;
}

static bool plain_expr(const Expr *e)
{
    if (!e) return true;
    switch (e->kind) {
    case EXPR_SUBLINK:
    case EXPR_AGGREF:
    case EXPR_WINREF:
    case EXPR_GROUPING:
    case EXPR_SUBPLAN:
        return false;
    case EXPR_FUNC:
        if (srf_of_expr(e)) return false;
        break;
    default:
        break;
    }
    for (int i = 0; i < e->nargs; i++)
        if (!plain_expr(e->args[i])) return false;
    return true;
}

static Expr *substitute(Binder *b, const Expr *e, Expr **args)
{
    if (e->kind == EXPR_VAR && BIND_IS_FN_PARAM(e->u.var.rte))
        return args[BIND_FN_PARAM_INDEX(e->u.var.rte)];
    Expr *c = ARENA_NEW(b->arena, Expr);
    *c = *e;
    if (e->nargs > 0) {
        c->args = ARENA_NEW_ARRAY(b->arena, Expr *, e->nargs);
        for (int i = 0; i < e->nargs; i++) c->args[i] = substitute(b, e->args[i], args);
    }
    return c;
}

/* True if e is NULL whenever one of its parameters is: only parameters,
 * constants and strict functions (PostgreSQL's rule for inlining a STRICT
 * function, with every parameter used). */
static bool null_propagating(const Expr *e)
{
    if (e->kind == EXPR_VAR || e->kind == EXPR_CONST) return true;
    if (e->kind != EXPR_FUNC || !e->u.func.def || !(e->u.func.def->flags & FUNC_STRICT))
        return false;
    for (int i = 0; i < e->nargs; i++)
        if (!null_propagating(e->args[i])) return false;
    return true;
}

static bool simple_arg(const Expr *a)
{
    return a->kind == EXPR_CONST || a->kind == EXPR_VAR || a->kind == EXPR_PARAM;
}

/* The body's one expression with the arguments in place, or NULL when the
 * call must run as a subquery (see the header). */
static Expr *try_inline(Binder *b, const CatFunction *f, const BoundQuery *q, Expr **args)
{
    if (f->retset || f->nout > 0 || f->ret.id == TYPE_VOID) return NULL;
    if (q->is_setop || q->nvalues > 0 || q->nrtes > 0 || q->nfrom > 0 || q->where ||
        q->ngroup > 0 || q->has_aggs_or_group || q->having || q->nwins > 0 || q->has_srfs ||
        q->distinct || q->ndistinct_on > 0 || q->nsort > 0 || q->limit || q->offset ||
        q->ntargets != 1 || q->nlocks > 0)
        return NULL;
    const Expr *body = q->targets[0];
    if (!plain_expr(body)) return NULL;
    if (f->strict && !null_propagating(body)) return NULL;
    for (int i = 0; i < f->nargs; i++) {
        /* STRICT: a NULL argument must make NULL, so every one must be used */
        if (f->strict && fn_param_uses(body, i) == 0) return NULL;
        if (fn_param_uses(body, i) > 1 && !simple_arg(args[i])) return NULL;
        /* a volatile argument the body drops would not run at all */
        if (fn_param_uses(body, i) == 0 && sql_expr_calls_volatile(args[i])) return NULL;
    }
    return substitute(b, body, args);
}

/* Fills the defaults of the arguments left out and casts every argument to
 * its parameter's type. */
static int prepare_args(Binder *b, const CatFunction *f, Expr **args, int location)
{
    for (int i = 0; i < f->nargs; i++) {
        if (!args[i]) args[i] = bind_default(b, f, i);
        if (!args[i]) return -1;
        args[i] = bind_coerce(b, args[i], f->args[i].type, CAST_IMPLICIT, location);
        if (!args[i]) return -1;
    }
    return 0;
}

/* A function that returns a row, called in an expression: its first row as
 * one record (ROW(out columns...)). -1 when the body is a set operation or
 * VALUES, which have no target list to fold. */
static int fold_row(Binder *b, const CatFunction *f, BoundQuery *q, int location)
{
    if (q->is_setop || q->nvalues > 0 || !q->targets) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "function %s returns a row from a set operation or VALUES: call it in FROM", f->name);
        if (location >= 0) error_position(b->err, loc1(location));
        return -1;
    }
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, f->nout);
    for (int i = 0; i < f->nout; i++) names[i] = arena_strdup(b->arena, f->out[i].name);
    Expr *rec = bind_record_make(b, q->targets, names, f->nout, location);
    if (!rec) return -1;
    q->targets = ARENA_NEW_ARRAY(b->arena, Expr *, 1);
    q->targets[0] = rec;
    q->ntargets = 1;
    q->out_types = ARENA_NEW_ARRAY(b->arena, OmType, 1);
    q->out_types[0] = rec->type;
    q->target_names = ARENA_NEW_ARRAY(b->arena, const char *, 1);
    q->target_names[0] = f->name;
    return 0;
}

static Expr *pl_bind_call(Binder *b, const CatFunction *f, Expr **args, int location);

static Expr *make_call(Binder *b, const CatFunction *f, Expr **args, int location)
{
    if (f->is_procedure) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s is a procedure", f->name);
        error_hint(b->err, "To call a procedure, use CALL.");
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    if (f->is_trigger) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "trigger functions can only be called as triggers");
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    if (f->retset && f->lang != CAT_LANG_PLPGSQL) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "set-returning SQL function %s must be called in FROM (calls in expressions are not "
            "supported yet)",
            f->name);
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    if (prepare_args(b, f, args, location) != 0) return NULL;
    if (f->lang == CAT_LANG_PLPGSQL) return pl_bind_call(b, f, args, location);
    BoundQuery *q = bind_function_body(b, f);
    if (!q) return NULL;
    if (f->nout > 0 && fold_row(b, f, q, location) != 0) return NULL;
    /* correlated to the call, not to the calling query's outer levels */
    q->is_correlated = false;
    Expr *inl = try_inline(b, f, q, args);
    if (inl) {
        inl->location = loc1(location);
        return inl;
    }
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_SUBLINK;
    e->type = f->ret.id == TYPE_VOID ? f->ret : q->out_types[0];
    e->location = loc1(location);
    e->u.sublink.kind = SUBLINK_SCALAR;
    e->u.sublink.query = q;
    e->nargs = f->nargs;
    e->args = args;
    e->u.sublink.fn_call = true;
    e->u.sublink.fn_strict = f->strict;
    e->u.sublink.fn_volatile = f->volatility == 'v';
    e->u.sublink.fn_void = f->ret.id == TYPE_VOID;
    return e;
}

/* An EXPR_FUNC of def over (f's OID, args...), of type `type`. */
static Expr *pl_call_expr(Binder *b, const CatFunction *f, const FuncDef *def, Expr **args,
                          OmType type, int location)
{
    Value oid;
    memset(&oid, 0, sizeof(oid));
    oid.type = OM_TYPE(TYPE_INT8);
    oid.u.i64 = f->oid;
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_FUNC;
    e->type = type;
    e->location = loc1(location);
    e->nargs = f->nargs + 1;
    e->args = ARENA_NEW_ARRAY(b->arena, Expr *, e->nargs);
    e->args[0] = expr_make_const(b->arena, &oid);
    for (int i = 0; i < f->nargs; i++) e->args[i + 1] = args[i];
    e->u.func.def = def;
    b->calls_pl = true;
    return e;
}

/* The type of a call of f in an expression: its result, or a record of its
 * columns. */
static OmType pl_call_type(Binder *b, const CatFunction *f)
{
    if (f->nout == 0) return f->ret;
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, f->nout);
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, f->nout);
    for (int i = 0; i < f->nout; i++) {
        names[i] = arena_strdup(b->arena, f->out[i].name);
        types[i] = f->out[i].type;
    }
    return (OmType){TYPE_RECORD, bind_record_type_add(b, f->nout, names, types)};
}

/* The call of the PL/pgSQL function f (args placed and cast): a
 * set-returning function as an SRF call (a ProjectSet runs it). */
static Expr *pl_bind_call(Binder *b, const CatFunction *f, Expr **args, int location)
{
    if (f->nargs + 1 > srf_plpgsql.max_args) {
        ERR(b->err, SQLSTATE_TOO_MANY_ARGUMENTS, "too many arguments for PL/pgSQL function %s",
            f->name);
        return NULL;
    }
    const FuncDef *def = f->retset ? &srf_plpgsql.call : &func_plcall_def;
    return pl_call_expr(b, f, def, args, pl_call_type(b, f), location);
}

const SrfDef *pl_bind_from(Binder *b, const CatFunction *f, Expr **args, int location,
                           Expr ***call_args, OmType *types)
{
    if (prepare_args(b, f, args, location) != 0) return NULL;
    Expr *call = pl_bind_call(b, f, args, location);
    if (!call) return NULL;
    *call_args = call->args;
    SrfDef *def = ARENA_NEW(b->arena, SrfDef);
    *def = srf_plpgsql;
    def->name = arena_strdup(b->arena, f->name);
    def->ncols = f->nout;
    if (f->nout > 0) {
        const char **names = ARENA_NEW_ARRAY(b->arena, const char *, f->nout);
        for (int i = 0; i < f->nout; i++) {
            names[i] = arena_strdup(b->arena, f->out[i].name);
            types[i] = f->out[i].type;
        }
        def->colnames = names;
    } else {
        types[0] = f->ret;
        if (f->out_name[0]) { /* a single OUT column names itself */
            const char **names = ARENA_NEW_ARRAY(b->arena, const char *, 1);
            names[0] = arena_strdup(b->arena, f->out_name);
            def->colnames = names;
        }
    }
    return def;
}

const CatFunction *bind_user_function_resolve(Binder *b, const char *schema, const char *name,
                                              Expr **args, const char **names, int nargs,
                                              int location, Expr ***placed_out)
{
    CatSchema *path[16];
    int npath = 0;
    if (schema) {
        CatSchema *s = catalog_schema_resolve(b->catalog, schema, b->settings->search_path);
        if (!s) return NULL;
        path[npath++] = s;
    } else {
        npath = catalog_search_schemas(b->catalog, b->settings->search_path, path, 16);
    }
    bool strict_match = !schema && builtin_name(name);
    Candidate best = {0};
    int nbest = 0;
    Expr **placed = ARENA_NEW_ARRAY(b->arena, Expr *, CATALOG_FUNC_MAX_ARGS);
    for (int i = 0; i < catalog_function_count(b->catalog); i++) {
        const CatFunction *f = catalog_function_at(b->catalog, i);
        if (strcmp(f->name, name) != 0 || !in_schemas(f->schema, path, npath)) continue;
        if (!place_args(f, args, names, nargs, placed)) continue;
        int score = match_score(f, placed, strict_match);
        if (score < 0) continue;
        if (nbest > 0 && score < best.exact) continue;
        if (nbest > 0 && score == best.exact) {
            nbest++;
            continue;
        }
        best.f = f;
        best.exact = score;
        best.args = ARENA_NEW_ARRAY(b->arena, Expr *, f->nargs > 0 ? f->nargs : 1);
        memcpy(best.args, placed, sizeof(Expr *) * (size_t)f->nargs);
        nbest = 1;
    }
    if (nbest == 0) return NULL;
    if (nbest > 1) {
        ERR(b->err, SQLSTATE_AMBIGUOUS_FUNCTION, "function %s is not unique", name);
        error_hint(b->err, "Could not choose a best candidate function. You might need to add "
                           "explicit type casts.");
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    *placed_out = best.args;
    return best.f;
}

Expr *bind_user_function(Binder *b, const char *schema, const char *name, Expr **args,
                         const char **names, int nargs, int location, bool *found)
{
    Expr **placed = NULL;
    const CatFunction *f =
        bind_user_function_resolve(b, schema, name, args, names, nargs, location, &placed);
    *found = f != NULL;
    if (!f) return NULL;
    return make_call(b, f, placed, location);
}

BoundQuery *bind_user_function_rows(Binder *b, const CatFunction *f, Expr **args, int location)
{
    if (f->lang == CAT_LANG_PLPGSQL) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "PL/pgSQL function %s in FROM is not supported yet (call it in the SELECT list)",
            f->name);
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    if (prepare_args(b, f, args, location) != 0) return NULL;
    BoundQuery *q = bind_function_body(b, f);
    if (!q) return NULL;
    if (!f->retset && !q->is_setop) { /* one row: the first */
        Value one;
        memset(&one, 0, sizeof(one));
        one.type = OM_TYPE(TYPE_INT8);
        one.u.i64 = 1;
        q->limit = expr_make_const(b->arena, &one);
    }
    return q;
}

const CatFunction *bind_procedure_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc,
                                       Expr ***args_out)
{
    const char *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
    const char *schema = fc->n_funcname >= 2 ? pgq_str(fc->funcname[fc->n_funcname - 2]) : NULL;
    int n = (int)fc->n_args;
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, n > 0 ? n : 1);
    PgQuery__Node **argv = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, n > 0 ? n : 1);
    if (bind_split_named_args(b, fc, argv, names) != 0) return NULL;
    for (int i = 0; i < n; i++)
        if (!(args[i] = bind_expr(b, scope, argv[i]))) return NULL;
    Expr **placed = NULL;
    const CatFunction *f = b->catalog ? bind_user_function_resolve(b, schema, name, args, names, n,
                                                                   fc->location, &placed)
                                      : NULL;
    if (b->err->is_set) return NULL;
    char sig[512];
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) types[i] = args[i]->type;
    func_describe_call(name, types, n, sig, sizeof(sig));
    if (!f && !schema && builtin_name(name)) { /* a built-in function */
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s is not a procedure", sig);
        error_hint(b->err, "To call a function, use SELECT.");
        error_position(b->err, loc1(fc->location));
        return NULL;
    }
    if (!f) {
        ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "procedure %s does not exist", sig);
        error_hint(b->err, "No procedure matches the given name and argument types. You might "
                           "need to add explicit type casts.");
        error_position(b->err, loc1(fc->location));
        return NULL;
    }
    if (!f->is_procedure) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s is not a procedure", sig);
        error_hint(b->err, "To call a function, use SELECT.");
        error_position(b->err, loc1(fc->location));
        return NULL;
    }
    if (prepare_args(b, f, placed, fc->location) != 0) return NULL;
    *args_out = placed;
    return f;
}
