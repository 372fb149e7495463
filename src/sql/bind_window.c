/*
 * bind_window.c — window functions: `f(args) OVER (PARTITION BY ... ORDER BY
 * ... frame)`, `OVER w` and the SELECT's `WINDOW w AS (...)` clause.
 *
 * A call binds to an EXPR_WINREF whose index points into the query's `wins`
 * (WinCall: function, arguments, aggregate, window number). Windows are
 * bound into the query's `windows` once per distinct definition: two calls
 * whose PARTITION BY, ORDER BY and frame are equal share one WindowSpec, so
 * the planner sorts once for them.
 *
 * Rules (PostgreSQL 15, parse_agg.c / parse_clause.c behaviour):
 *   - window functions are allowed in the target list and ORDER BY only
 *     (42P20 "window functions are not allowed in WHERE" ...), not inside an
 *     aggregate's argument (42803) nor inside another window function or a
 *     window definition (42P20);
 *   - `OVER (w ORDER BY ...)` copies w's PARTITION BY and may add ORDER BY
 *     (if w has none) and a frame; it may not copy a window with a frame;
 *   - a WINDOW clause entry may reference only entries before it;
 *   - frame offsets may not reference columns (42P10); ROWS and GROUPS take
 *     a bigint; RANGE with an offset needs exactly one ORDER BY column of a
 *     type with arithmetic (integers, floats, numeric: the same kind of
 *     offset; date, timestamp, timestamptz, interval: an interval; time is
 *     refused with 0A000).
 */
#include <stdio.h>
#include <string.h>

#include "exec/agg_registry.h"
#include "exec/func_registry.h"
#include "sql/binder.h"

static const struct {
    const char *name;
    WinFuncKind kind;
    int min_args, max_args;
} win_funcs[] = {
    {"row_number", WIN_ROW_NUMBER, 0, 0},
    {"rank", WIN_RANK, 0, 0},
    {"dense_rank", WIN_DENSE_RANK, 0, 0},
    {"percent_rank", WIN_PERCENT_RANK, 0, 0},
    {"cume_dist", WIN_CUME_DIST, 0, 0},
    {"ntile", WIN_NTILE, 1, 1},
    {"lag", WIN_LAG, 1, 3},
    {"lead", WIN_LEAD, 1, 3},
    {"first_value", WIN_FIRST_VALUE, 1, 1},
    {"last_value", WIN_LAST_VALUE, 1, 1},
    {"nth_value", WIN_NTH_VALUE, 2, 2},
};

#define N_WIN_FUNCS ((int)(sizeof(win_funcs) / sizeof(win_funcs[0])))

static int find_win_func(const char *name)
{
    for (int i = 0; i < N_WIN_FUNCS; i++)
        if (strcmp(win_funcs[i].name, name) == 0) return i;
    return -1;
}

bool bind_is_window_function(const char *name)
{
    return find_win_func(name) >= 0;
}

static int fail_at(Binder *b, int location)
{
    if (location >= 0) error_position(b->err, loc1(location));
    return -1;
}

static const char *type_sql_name(OmType t)
{
    if (t.id == TYPE_UNKNOWN || t.id == TYPE_NULL) return "unknown";
    return type_info(t.id)->sql_name;
}

/* 42883 "function name(type, ...) does not exist", as for other calls. */
static int no_such_function(Binder *b, const char *name, Expr **args, int nargs, int location)
{
    char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < nargs && len < sizeof(buf) - 64; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? ", " : "",
                                type_sql_name(args[i]->type));
    ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, buf);
    error_hint(b->err, "No function matches the given name and argument types. You might need to "
                       "add explicit type casts.");
    return fail_at(b, location);
}

/* Coerces an argument implicitly; NULL (with the caller's 42883) when the
 * types do not match. */
static Expr *coerce_arg(Binder *b, Expr *e, TypeId to)
{
    if (e->type.id != to && !cast_allowed(e->type.id, to, CAST_IMPLICIT)) return NULL;
    return bind_coerce(b, e, OM_TYPE(to), CAST_IMPLICIT, e->location);
}

/* ---- window definitions ---- */

static bool sort_keys_equal(const SortKey *a, const SortKey *b, int n)
{
    for (int i = 0; i < n; i++)
        if (a[i].desc != b[i].desc || a[i].nulls_first != b[i].nulls_first ||
            !bound_expr_equal(a[i].expr, b[i].expr))
            return false;
    return true;
}

static bool opt_equal(const Expr *a, const Expr *b)
{
    return (a == NULL && b == NULL) || (a && b && bound_expr_equal(a, b));
}

static bool spec_equal(const WindowSpec *a, const WindowSpec *b)
{
    if (a->npart != b->npart || a->norder != b->norder || a->frame != b->frame) return false;
    for (int i = 0; i < a->npart; i++)
        if (!bound_expr_equal(a->part[i], b->part[i])) return false;
    return sort_keys_equal(a->order, b->order, a->norder) &&
           opt_equal(a->start_offset, b->start_offset) && opt_equal(a->end_offset, b->end_offset);
}

/* Adds spec to the query's windows unless an equal one exists; its index. */
static int add_spec(Binder *b, BoundQuery *q, const WindowSpec *spec)
{
    for (int i = 0; i < q->nwindows; i++)
        if (spec_equal(&q->windows[i], spec)) return i;
    q->windows = arena_realloc(b->arena, q->windows, sizeof(WindowSpec) * (size_t)q->nwindows,
                               sizeof(WindowSpec) * (size_t)(q->nwindows + 1));
    q->windows[q->nwindows] = *spec;
    return q->nwindows++;
}

/* The location of the first column reference in e (>= 0), 0 when it has
 * one without a location, -1 when it has none. */
static int expr_var_location(const Expr *e)
{
    if (!e) return -1;
    if (e->kind == EXPR_VAR || e->kind == EXPR_AGGREF || e->kind == EXPR_WINREF ||
        (e->kind == EXPR_SUBLINK && e->u.sublink.query->is_correlated))
        return e->location > 0 ? e->location : 0;
    for (int i = 0; i < e->nargs; i++) {
        int loc = expr_var_location(e->args[i]);
        if (loc >= 0) return loc;
    }
    return -1;
}

static Expr *unknown_zero(Binder *b)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_UNKNOWN);
    val.u.str = strview_make("0", 1);
    return expr_make_const(b->arena, &val);
}

/* RANGE offsets: the type the ORDER BY key is compared in and the type the
 * offset must have; false when PostgreSQL has no in_range support for it. */
static bool range_types(TypeId key, TypeId *cmp, TypeId *offset, bool *supported)
{
    *supported = true;
    switch (key) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
        *cmp = TYPE_NUMERIC; /* key +/- offset never overflows there */
        *offset = TYPE_INT8;
        return true;
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        *cmp = TYPE_FLOAT8;
        *offset = TYPE_FLOAT8;
        return true;
    case TYPE_NUMERIC:
        *cmp = TYPE_NUMERIC;
        *offset = TYPE_NUMERIC;
        return true;
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
        *cmp = TYPE_TIMESTAMP;
        *offset = TYPE_INTERVAL;
        return true;
    case TYPE_TIMESTAMPTZ:
        *cmp = TYPE_TIMESTAMPTZ;
        *offset = TYPE_INTERVAL;
        return true;
    case TYPE_INTERVAL:
        *cmp = TYPE_INTERVAL;
        *offset = TYPE_INTERVAL;
        return true;
    case TYPE_TIME:
        /* PostgreSQL adds only the offset's time part, without wrapping at
         * midnight; our time + interval wraps */
        *supported = false;
        *offset = TYPE_INTERVAL;
        return true;
    default:
        return false;
    }
}

/* Binds one frame offset (start or end) into spec. */
static int bind_frame_offset(Binder *b, BindScope *scope, PgQuery__Node *node, WindowSpec *spec,
                             bool is_start, int location)
{
    int mode = spec->frame & (WINFRAME_ROWS | WINFRAME_RANGE | WINFRAME_GROUPS);
    const char *what = mode == WINFRAME_ROWS     ? "ROWS"
                       : mode == WINFRAME_GROUPS ? "GROUPS"
                                                 : "RANGE";
    BindClause saved = scope->clause;
    scope->clause = CLAUSE_LIMIT; /* no aggregates, no window functions */
    Expr *e = bind_expr(b, scope, node);
    scope->clause = saved;
    if (!e) return -1;
    int var_loc = expr_var_location(e);
    if (var_loc >= 0) {
        ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE, "argument of %s must not contain variables",
            what);
        if (var_loc > 0) error_position(b->err, var_loc);
        return var_loc > 0 ? -1 : fail_at(b, location);
    }
    if (mode != WINFRAME_RANGE) {
        OmType t = e->type;
        if (t.id != TYPE_INT8 && !cast_allowed(t.id, TYPE_INT8, CAST_IMPLICIT)) {
            ERR(b->err, SQLSTATE_DATATYPE_MISMATCH,
                "argument of %s must be type bigint, not type %s", what, type_sql_name(t));
            return fail_at(b, location);
        }
        e = bind_coerce(b, e, OM_TYPE(TYPE_INT8), CAST_IMPLICIT, e->location);
        if (!e) return -1;
        if (is_start)
            spec->start_offset = e;
        else
            spec->end_offset = e;
        return 0;
    }
    if (spec->norder != 1) {
        ERR(b->err, SQLSTATE_WINDOWING_ERROR,
            "RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column");
        return fail_at(b, location);
    }
    const SortKey *key = &spec->order[0];
    TypeId cmp = TYPE_INVALID, off = TYPE_INVALID;
    bool supported;
    bool known = range_types(key->expr->type.id, &cmp, &off, &supported);
    if (known && e->type.id != off && e->type.id != TYPE_UNKNOWN && e->type.id != TYPE_NULL) {
        /* integers take any integer offset; floats an implicit float8 */
        bool ok = off == TYPE_INT8 ? (e->type.id == TYPE_INT2 || e->type.id == TYPE_INT4)
                  : off == TYPE_FLOAT8 || off == TYPE_NUMERIC
                      ? cast_allowed(e->type.id, off, CAST_IMPLICIT)
                      : false;
        if (!ok) known = false;
    }
    if (!known) {
        if (!range_types(key->expr->type.id, &cmp, &off, &supported))
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s",
                type_sql_name(key->expr->type));
        else
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "RANGE with offset PRECEDING/FOLLOWING is not supported for column type %s and "
                "offset type %s",
                type_sql_name(key->expr->type), type_sql_name(e->type));
        return fail_at(b, location);
    }
    if (!supported) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "RANGE with offset PRECEDING/FOLLOWING is not supported yet for column type %s",
            type_sql_name(key->expr->type));
        return fail_at(b, location);
    }
    e = bind_coerce(b, e, OM_TYPE(off), CAST_IMPLICIT, e->location);
    if (!e) return -1;
    if (!spec->range_key) {
        spec->range_key = bind_coerce(b, key->expr, OM_TYPE(cmp), CAST_IMPLICIT, 0);
        if (!spec->range_key) return -1;
    }
    /* "n PRECEDING" lies before the current row in sort order */
    bool preceding = is_start ? (spec->frame & WINFRAME_START_OFFSET_PRECEDING) != 0
                              : (spec->frame & WINFRAME_END_OFFSET_PRECEDING) != 0;
    const char *op = preceding != key->desc ? "-" : "+";
    Expr *bound = bind_operator(b, op, spec->range_key, e, 0);
    if (!bound) return -1;
    if (bound->type.id != cmp) {
        bound = bind_coerce(b, bound, OM_TYPE(cmp), CAST_IMPLICIT, 0);
        if (!bound) return -1;
    }
    Expr *neg = bind_operator(b, "<", e, unknown_zero(b), 0);
    if (!neg) return -1;
    if (off == TYPE_FLOAT8 || off == TYPE_NUMERIC) { /* NaN is no size either */
        Value nan;
        memset(&nan, 0, sizeof(nan));
        nan.type = OM_TYPE(TYPE_UNKNOWN);
        nan.u.str = strview_make("NaN", 3);
        Expr *is_nan = bind_operator(b, "=", e, expr_make_const(b->arena, &nan), 0);
        if (!is_nan) return -1;
        Expr *either = ARENA_NEW(b->arena, Expr);
        either->kind = EXPR_OR;
        either->type = OM_TYPE(TYPE_BOOL);
        either->nargs = 2;
        either->args = ARENA_NEW_ARRAY(b->arena, Expr *, 2);
        either->args[0] = neg;
        either->args[1] = is_nan;
        neg = either;
    }
    if (is_start) {
        spec->start_offset = e;
        spec->range_start = bound;
        spec->start_neg = neg;
    } else {
        spec->end_offset = e;
        spec->range_end = bound;
        spec->end_neg = neg;
    }
    return 0;
}

static int named_window(Binder *b, BindScope *scope, int idx);

/* Index of WINDOW clause entry `name` among the first `limit`, or -1. */
static int find_named(BindScope *scope, const char *name, int limit)
{
    for (int i = 0; i < limit; i++)
        if (strcmp(scope->window_clause[i]->window_def->name, name) == 0) return i;
    return -1;
}

/* Binds a window definition; `visible` WINDOW clause entries may be named as
 * its base window. Returns the WindowSpec index or -1. */
static int bind_window_def(Binder *b, BindScope *scope, PgQuery__WindowDef *wd, int visible)
{
    BoundQuery *q = scope->query;
    WindowSpec spec;
    memset(&spec, 0, sizeof(spec));
    const char *ref = wd->refname && wd->refname[0] ? wd->refname : NULL;
    if (ref) {
        int r = find_named(scope, ref, visible);
        if (r < 0) {
            ERR(b->err, SQLSTATE_UNDEFINED_OBJECT, "window \"%s\" does not exist", ref);
            return fail_at(b, wd->location);
        }
        int bi = named_window(b, scope, r);
        if (bi < 0) return -1;
        const WindowSpec *base = &q->windows[bi];
        if (wd->n_partition_clause > 0) {
            ERR(b->err, SQLSTATE_WINDOWING_ERROR,
                "cannot override PARTITION BY clause of window "
                "\"%s\"",
                ref);
            return fail_at(b, wd->location);
        }
        if (base->norder > 0 && wd->n_order_clause > 0) {
            ERR(b->err, SQLSTATE_WINDOWING_ERROR,
                "cannot override ORDER BY clause of window \"%s\"", ref);
            return fail_at(b, wd->location);
        }
        if (base->frame & WINFRAME_NONDEFAULT) {
            ERR(b->err, SQLSTATE_WINDOWING_ERROR,
                "cannot copy window \"%s\" because it has a frame clause", ref);
            if (wd->n_order_clause == 0 && !(wd->frame_options & WINFRAME_NONDEFAULT))
                error_hint(b->err, "Omit the parentheses in this OVER clause.");
            return fail_at(b, wd->location);
        }
        spec.npart = base->npart;
        spec.part = base->part;
        spec.norder = base->norder;
        spec.order = base->order;
    }
    int saved_in_window = scope->in_window;
    scope->in_window = 2;
    if (wd->n_partition_clause > 0) {
        spec.npart = (int)wd->n_partition_clause;
        spec.part = ARENA_NEW_ARRAY(b->arena, Expr *, spec.npart);
        for (int i = 0; i < spec.npart; i++) {
            Expr *e = bind_expr(b, scope, wd->partition_clause[i]);
            if (!e || !(e = bind_resolve_unknown(b, e))) goto fail;
            spec.part[i] = e;
        }
    }
    if (wd->n_order_clause > 0) {
        spec.norder = (int)wd->n_order_clause;
        spec.order = ARENA_NEW_ARRAY(b->arena, SortKey, spec.norder);
        for (int i = 0; i < spec.norder; i++) {
            if (bind_sort_key(b, scope, wd->order_clause[i]->sort_by, &spec.order[i]) != 0)
                goto fail;
        }
    }
    scope->in_window = saved_in_window;
    spec.frame = wd->frame_options ? wd->frame_options : WINFRAME_DEFAULT;
    if ((spec.frame & WINFRAME_GROUPS) && spec.norder == 0) {
        ERR(b->err, SQLSTATE_WINDOWING_ERROR, "GROUPS mode requires an ORDER BY clause");
        return fail_at(b, wd->location);
    }
    if (spec.frame & (WINFRAME_START_OFFSET_PRECEDING | WINFRAME_START_OFFSET_FOLLOWING)) {
        if (bind_frame_offset(b, scope, wd->start_offset, &spec, true, wd->location) != 0)
            return -1;
    }
    if (spec.frame & (WINFRAME_END_OFFSET_PRECEDING | WINFRAME_END_OFFSET_FOLLOWING)) {
        if (bind_frame_offset(b, scope, wd->end_offset, &spec, false, wd->location) != 0) return -1;
    }
    return add_spec(b, q, &spec);
fail:
    scope->in_window = saved_in_window;
    return -1;
}

static int named_window(Binder *b, BindScope *scope, int idx)
{
    if (scope->named_windows[idx] >= 0) return scope->named_windows[idx];
    PgQuery__WindowDef *wd = scope->window_clause[idx]->window_def;
    int w = bind_window_def(b, scope, wd, idx);
    if (w < 0) return -1;
    scope->named_windows[idx] = w;
    return w;
}

int bind_window_clause(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt)
{
    int n = (int)stmt->n_window_clause;
    scope->window_clause = stmt->window_clause;
    scope->n_window_clause = n;
    scope->named_windows = ARENA_NEW_ARRAY(b->arena, int, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) scope->named_windows[i] = -1;
    BindClause saved = scope->clause;
    scope->clause = CLAUSE_TARGET;
    for (int i = 0; i < n; i++) {
        PgQuery__WindowDef *wd = stmt->window_clause[i]->window_def;
        if (find_named(scope, wd->name, i) >= 0) {
            ERR(b->err, SQLSTATE_WINDOWING_ERROR, "window \"%s\" is already defined", wd->name);
            scope->clause = saved;
            return fail_at(b, wd->location);
        }
        if (named_window(b, scope, i) < 0) {
            scope->clause = saved;
            return -1;
        }
    }
    scope->clause = saved;
    return 0;
}

/* ---- calls ---- */

static const char *clause_name(BindClause c)
{
    switch (c) {
    case CLAUSE_WHERE:
        return "WHERE";
    case CLAUSE_JOIN_ON:
        return "JOIN conditions";
    case CLAUSE_GROUP_BY:
        return "GROUP BY";
    case CLAUSE_HAVING:
        return "HAVING";
    case CLAUSE_LIMIT:
        return "LIMIT";
    case CLAUSE_VALUES:
        return "VALUES";
    case CLAUSE_DEFAULT:
        return "DEFAULT expressions";
    case CLAUSE_CHECK:
        return "check constraints";
    case CLAUSE_FUNC_ARGS:
        return "functions in FROM";
    default:
        return NULL;
    }
}

static bool function_name_exists(const char *name)
{
    if (strcmp(name, "generate_series") == 0 || strcmp(name, "unnest") == 0) return true;
    int n = func_registry_count();
    for (int i = 0; i < n; i++)
        if (strcmp(func_registry_get(i)->name, name) == 0) return true;
    return false;
}

/* Binds the window function's arguments and fills call (types, result). */
static int bind_win_args(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name,
                         int fi, WinCall *call)
{
    int n = (int)fc->n_args;
    Expr *args[3] = {NULL, NULL, NULL};
    Expr *shown[8];
    for (int i = 0; i < n && i < 8; i++) {
        Expr *e = bind_expr(b, scope, fc->args[i]);
        if (!e) return -1;
        shown[i] = e;
        if (i < 3) args[i] = e;
    }
    if (n > 0 && win_funcs[fi].max_args == 0 && win_funcs[fi].kind != WIN_ROW_NUMBER) {
        /* rank(x) ... are hypothetical-set aggregates in PostgreSQL */
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
            "WITHIN GROUP is required for ordered-set aggregate %s", name);
        return fail_at(b, fc->location);
    }
    if (n < win_funcs[fi].min_args || n > win_funcs[fi].max_args || n > 8)
        return no_such_function(b, name, shown, n < 8 ? n : 8, fc->location);
    call->kind = win_funcs[fi].kind;
    call->nargs = n;
    switch (call->kind) {
    case WIN_ROW_NUMBER:
    case WIN_RANK:
    case WIN_DENSE_RANK:
        call->result_type = OM_TYPE(TYPE_INT8);
        return 0;
    case WIN_PERCENT_RANK:
    case WIN_CUME_DIST:
        call->result_type = OM_TYPE(TYPE_FLOAT8);
        return 0;
    case WIN_NTILE:
        if (!(call->args[0] = coerce_arg(b, args[0], TYPE_INT4)))
            return no_such_function(b, name, shown, n, fc->location);
        call->result_type = OM_TYPE(TYPE_INT4);
        return 0;
    case WIN_NTH_VALUE:
        if (!(call->args[1] = coerce_arg(b, args[1], TYPE_INT4)))
            return no_such_function(b, name, shown, n, fc->location);
        /* fall through */
    case WIN_FIRST_VALUE:
    case WIN_LAST_VALUE:
        if (!(call->args[0] = bind_resolve_unknown(b, args[0]))) return -1;
        call->result_type = call->args[0]->type;
        return 0;
    case WIN_LAG:
    case WIN_LEAD: {
        Expr *value = args[0];
        if (n >= 2 && !(call->args[1] = coerce_arg(b, args[1], TYPE_INT4)))
            return no_such_function(b, name, shown, n, fc->location);
        if (n == 3) {
            /* lag(anycompatible, integer, anycompatible) */
            OmType pair[2] = {value->type, args[2]->type}, common;
            OmError probe;
            error_clear(&probe);
            if (type_common(pair, 2, name, &common, &probe) != 0)
                return no_such_function(b, name, shown, n, fc->location);
            if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
            if (pair[0].id != pair[1].id || pair[0].typmod != pair[1].typmod)
                common = type_sans_typmod(common);
            value = bind_coerce(b, value, common, CAST_IMPLICIT, value->location);
            Expr *def =
                value ? bind_coerce(b, args[2], common, CAST_IMPLICIT, args[2]->location) : NULL;
            if (!def) return -1;
            call->args[2] = def;
        } else {
            value = bind_resolve_unknown(b, value);
            if (!value) return -1;
        }
        call->args[0] = value;
        call->result_type = value->type;
        return 0;
    }
    case WIN_AGG:
        break;
    }
    return 0;
}

/* An aggregate used with OVER: its arguments and FILTER. */
static int bind_win_agg(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name,
                        WinCall *call)
{
    call->kind = WIN_AGG;
    if (bind_agg_call(b, scope, fc, name, true, &call->agg) != 0) return -1;
    call->result_type = call->agg.result_type;
    return 0;
}

Expr *bind_window_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name,
                       bool is_agg)
{
    const char *where = clause_name(scope->clause);
    if (where) {
        ERR(b->err, SQLSTATE_WINDOWING_ERROR, "window functions are not allowed in %s", where);
        fail_at(b, fc->location);
        return NULL;
    }
    if (scope->clause != CLAUSE_TARGET && scope->clause != CLAUSE_ORDER_BY) {
        ERR(b->err, SQLSTATE_WINDOWING_ERROR, "window functions are not allowed here");
        fail_at(b, fc->location);
        return NULL;
    }
    if (scope->in_agg_arg) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR,
            "aggregate function calls cannot contain window function calls");
        fail_at(b, fc->location);
        return NULL;
    }
    if (scope->in_window) {
        if (scope->in_window == 2)
            ERR(b->err, SQLSTATE_WINDOWING_ERROR,
                "window functions are not allowed in window definitions");
        else
            ERR(b->err, SQLSTATE_WINDOWING_ERROR, "window function calls cannot be nested");
        fail_at(b, fc->location);
        return NULL;
    }
    int fi = find_win_func(name);
    if (!is_agg && fi < 0) {
        if (function_name_exists(name))
            ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
                "OVER specified, but %s is not a window function nor an aggregate function", name);
        else
            ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "function %s does not exist", name);
        fail_at(b, fc->location);
        return NULL;
    }
    if (fc->agg_distinct) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "DISTINCT is not implemented for window functions");
        fail_at(b, fc->location);
        return NULL;
    }
    if (fc->agg_within_group) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "OVER is not supported for ordered-set aggregate %s", name);
        fail_at(b, fc->location);
        return NULL;
    }
    if (fc->n_agg_order > 0) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "aggregate ORDER BY is not implemented for window functions");
        fail_at(b, fc->location);
        return NULL;
    }
    if (!is_agg && fc->agg_filter) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "FILTER is not implemented for non-aggregate window functions");
        fail_at(b, fc->location);
        return NULL;
    }
    if (!is_agg && fc->agg_star) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "* specified, but %s is not an aggregate function",
            name);
        fail_at(b, fc->location);
        return NULL;
    }

    /* the window */
    PgQuery__WindowDef *over = fc->over;
    int win;
    if (over->name && over->name[0]) {
        int r = scope->window_clause ? find_named(scope, over->name, scope->n_window_clause) : -1;
        if (r < 0) {
            ERR(b->err, SQLSTATE_UNDEFINED_OBJECT, "window \"%s\" does not exist", over->name);
            fail_at(b, over->location);
            return NULL;
        }
        win = named_window(b, scope, r);
    } else {
        win = bind_window_def(b, scope, over, scope->n_window_clause);
    }
    if (win < 0) return NULL;

    WinCall call;
    memset(&call, 0, sizeof(call));
    call.win = win;
    scope->in_window = 1;
    int rc = is_agg ? bind_win_agg(b, scope, fc, name, &call)
                    : bind_win_args(b, scope, fc, name, fi, &call);
    scope->in_window = 0;
    if (rc != 0) return NULL;

    BoundQuery *q = scope->query;
    q->wins = arena_realloc(b->arena, q->wins, sizeof(WinCall) * (size_t)q->nwins,
                            sizeof(WinCall) * (size_t)(q->nwins + 1));
    q->wins[q->nwins] = call;
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_WINREF;
    e->type = call.result_type;
    e->location = loc1(fc->location);
    e->u.winref.index = q->nwins++;
    return e;
}
