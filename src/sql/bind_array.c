/*
 * bind_array.c — binding array expressions: ARRAY[...], subscripts and
 * slices (a[1], a[2:3]), x op ANY/ALL (array), and calls of the polymorphic
 * array operators and functions (exec/func_array.h), typed as PostgreSQL
 * types anyarray / anyelement arguments:
 *
 * - the array arguments of one call must have one type; an untyped literal
 *   ('{1,2}') or parameter takes the type of the other array argument, or
 *   the array type of the element argument (array_append(a, 3) ...);
 * - a call whose only polymorphic arguments are untyped literals is 42P18
 *   "could not determine polymorphic type because input has type unknown";
 * - ARRAY[] takes its element type from its elements (the common type, as
 *   UNION would), or from a cast around it (ARRAY[]::int[]).
 */
#include <stdio.h>
#include <string.h>

#include "exec/func_array.h"
#include "exec/func_registry.h"
#include "sql/bind_array.h"

static Expr *node(Binder *b, ExprKind kind, OmType type, int location)
{
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = kind;
    e->type = type;
    e->location = loc1(location);
    return e;
}

static Expr *fail(Binder *b, int location)
{
    if (location >= 0) error_position(b->err, loc1(location));
    return NULL;
}

static Expr *call(Binder *b, const char *name, Expr **args, int nargs, OmType type, int location)
{
    Expr *e = node(b, EXPR_FUNC, type, location);
    e->nargs = nargs;
    e->args = ARENA_NEW_ARRAY(b->arena, Expr *, nargs > 0 ? nargs : 1);
    for (int i = 0; i < nargs; i++) e->args[i] = args[i];
    e->u.func.def = func_array_lookup(name);
    return e;
}

static bool is_unknown(const Expr *e)
{
    return e->type.id == TYPE_UNKNOWN || e->type.id == TYPE_NULL;
}

static Expr *no_array_type(Binder *b, OmType elem, int location)
{
    char tn[64];
    type_format(elem, tn, sizeof(tn));
    ERR(b->err, SQLSTATE_UNDEFINED_OBJECT, "could not find array type for data type %s", tn);
    return fail(b, location);
}

static Expr *unknown_poly(Binder *b, int location)
{
    ERR(b->err, SQLSTATE_DATATYPE_MISMATCH,
        "could not determine polymorphic type because input has type unknown");
    return fail(b, location);
}

/* ---- ARRAY[...] ---- */

Expr *bind_array_ctor(Binder *b, BindScope *scope, PgQuery__AArrayExpr *ae, OmType hint)
{
    int n = (int)ae->n_elements;
    Expr **el = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
    bool sub_hint = type_is_array(hint.id);
    for (int i = 0; i < n; i++) {
        PgQuery__Node *item = ae->elements[i];
        if (item->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
            el[i] = bind_array_ctor(b, scope, item->a_array_expr, sub_hint ? hint : OM_TYPE(0));
        else
            el[i] = bind_expr(b, scope, item);
        if (!el[i]) return NULL;
        types[i] = el[i]->type;
    }
    OmType common;
    if (n == 0) {
        if (!type_is_array(hint.id)) {
            ERR(b->err, SQLSTATE_INDETERMINATE_DATATYPE, "cannot determine type of empty array");
            error_hint(b->err,
                       "Explicitly cast to the desired type, for example ARRAY[]::integer[].");
            return fail(b, ae->location);
        }
        return call(b, "array", el, 0, hint, ae->location);
    }
    bool all_unknown = true;
    for (int i = 0; i < n; i++) all_unknown &= is_unknown(el[i]);
    if (all_unknown && type_is_array(hint.id)) {
        /* the cast around the array applies the typmod afterwards */
        common = type_sans_typmod((OmType){type_array_elem(hint.id), hint.typmod});
    } else if (type_common(types, n, "ARRAY", &common, b->err) != 0) {
        return fail(b, ae->location);
    }
    if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
    for (int i = 0; i < n; i++) {
        el[i] = bind_coerce(b, el[i], common, CAST_IMPLICIT, ae->location);
        if (!el[i]) return NULL;
    }
    OmType result = common;
    if (!type_is_array(common.id)) {
        result.id = type_array_of(common.id);
        if (result.id == TYPE_INVALID) return no_array_type(b, common, ae->location);
    }
    return call(b, "array", el, n, result, ae->location);
}

/* ---- subscripts ---- */

static Expr *int_index(Binder *b, BindScope *scope, PgQuery__Node *n, int location)
{
    Expr *e = bind_expr(b, scope, n);
    if (!e) return NULL;
    Expr *c = bind_coerce(b, e, OM_TYPE(TYPE_INT4), CAST_IMPLICIT, location);
    if (!c) {
        error_clear(b->err);
        ERR(b->err, SQLSTATE_DATATYPE_MISMATCH, "array subscript must have type integer");
        return fail(b, location);
    }
    return c;
}

Expr *bind_subscripts(Binder *b, BindScope *scope, Expr *arr, PgQuery__Node **items, int n)
{
    int loc = -1;
    if (arr->type.id == TYPE_NAME) {
        /* name is a fixed-length array of "char", subscripted from 0 */
        PgQuery__AIndices *ix = items[0]->a_indices;
        if (n != 1 || ix->is_slice) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "slices of fixed-length arrays not implemented");
            return NULL;
        }
        Expr *args[2] = {arr, int_index(b, scope, ix->uidx, loc)};
        if (!args[1]) return NULL;
        return call(b, "name[]", args, 2, OM_TYPE(TYPE_CHAR), loc);
    }
    if (!type_is_array(arr->type.id)) {
        char tn[64];
        type_format(arr->type, tn, sizeof(tn));
        ERR(b->err, SQLSTATE_DATATYPE_MISMATCH,
            "cannot subscript type %s because it does not support subscripting", tn);
        return fail(b, arr->location > 0 ? arr->location - 1 : -1);
    }
    bool slice = false;
    for (int i = 0; i < n; i++) slice |= items[i]->a_indices->is_slice;
    OmType elem = {type_array_elem(arr->type.id), arr->type.typmod};
    if (!slice) {
        Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n + 1);
        args[0] = arr;
        for (int i = 0; i < n; i++) {
            args[i + 1] = int_index(b, scope, items[i]->a_indices->uidx, loc);
            if (!args[i + 1]) return NULL;
        }
        return call(b, "[]", args, n + 1, elem, loc);
    }
    if (n != 1) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "slices of multidimensional arrays are not supported");
        return NULL;
    }
    PgQuery__AIndices *ix = items[0]->a_indices;
    Expr *args[3] = {arr, NULL, NULL};
    Value nul;
    memset(&nul, 0, sizeof(nul));
    nul.type = OM_TYPE(TYPE_NULL);
    nul.is_null = true;
    args[1] = ix->lidx ? int_index(b, scope, ix->lidx, loc) : expr_make_const(b->arena, &nul);
    args[2] = ix->uidx ? int_index(b, scope, ix->uidx, loc) : expr_make_const(b->arena, &nul);
    if (!args[1] || !args[2]) return NULL;
    OmType at = arr->type;
    if (at.id == TYPE_INT2VECTOR) at.id = TYPE_INT2_ARRAY;
    if (at.id == TYPE_OIDVECTOR) at.id = TYPE_OID_ARRAY;
    return call(b, "[:]", args, 3, at, loc);
}

/* ---- x op ANY/ALL (array) ---- */

Expr *bind_any_array(Binder *b, BindScope *scope, PgQuery__AExpr *ae, const char *op, bool all)
{
    Expr *x = bind_expr(b, scope, ae->lexpr);
    Expr *arr = x ? bind_expr(b, scope, ae->rexpr) : NULL;
    if (!arr) return NULL;
    if (is_unknown(arr)) {
        OmType xt = is_unknown(x) ? OM_TYPE(TYPE_TEXT) : x->type;
        OmType at = {type_array_of(xt.id), xt.id == TYPE_ENUM ? xt.typmod : TYPMOD_NONE};
        if (at.id == TYPE_INVALID) return no_array_type(b, xt, ae->location);
        arr = bind_coerce(b, arr, at, CAST_IMPLICIT, ae->location);
        if (!arr) return NULL;
    }
    if (!type_is_array(arr->type.id)) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires array on right side");
        return fail(b, ae->location);
    }
    /* resolve the operator against a placeholder element */
    OmType et = {type_array_elem(arr->type.id), arr->type.typmod};
    Expr *ph = node(b, EXPR_PARAM, et, -1);
    Expr *cmp = bind_operator(b, op, x, ph, ae->location);
    if (!cmp) return NULL;
    if (cmp->kind != EXPR_FUNC || cmp->nargs != 2 || cmp->type.id != TYPE_BOOL) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
            "op ANY/ALL (array) requires operator to yield boolean");
        return fail(b, ae->location);
    }
    if (cmp->args[1] != ph) {
        /* the elements need a cast: convert the whole array */
        OmType want = {type_array_of(cmp->args[1]->type.id), cmp->args[1]->type.typmod};
        if (want.id == TYPE_INVALID) return no_array_type(b, cmp->args[1]->type, ae->location);
        arr = bind_coerce(b, arr, want, CAST_IMPLICIT, ae->location);
        if (!arr) return NULL;
    }
    Expr *e = node(b, EXPR_ANY_ARRAY, OM_TYPE(TYPE_BOOL), ae->location);
    e->nargs = 2;
    e->args = ARENA_NEW_ARRAY(b->arena, Expr *, 2);
    e->args[0] = cmp->args[0];
    e->args[1] = arr;
    e->u.func.def = cmp->u.func.def;
    e->u.func.negate = all;
    return e;
}

/* ---- operators and functions ---- */

static const char *const array_funcs[] = {
    "array_cat",    "array_append",    "array_prepend",  "array_length",
    "array_lower",  "array_upper",     "array_ndims",    "array_dims",
    "cardinality",  "array_to_string", "array_position", "array_positions",
    "array_remove", "string_to_array", "array_replace",  NULL,
};

static bool is_array_func(const char *name)
{
    for (int i = 0; array_funcs[i]; i++)
        if (strcmp(array_funcs[i], name) == 0) return true;
    return false;
}

static bool is_array_op(const char *name)
{
    static const char *const ops[] = {
        "=", "<>", "<", "<=", ">", ">=", "@>", "<@", "&&", "||", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(ops[i], name) == 0) return true;
    return false;
}

bool bind_array_call_applies(const char *name, Expr *const *args, int nargs)
{
    /* the catalog's acl columns are still text: array_to_string(text, ...)
     * is the registry's, which reads an array's text form */
    if (strcmp(name, "array_to_string") == 0 && nargs >= 1 && type_is_string(args[0]->type.id))
        return false;
    if (is_array_func(name)) return true;
    if (nargs != 2 || !is_array_op(name)) return false;
    return type_is_array(args[0]->type.id) || type_is_array(args[1]->type.id);
}

/* Brings two array arguments to one array type. */
static int unify_arrays(Binder *b, Expr **l, Expr **r, int location)
{
    if (is_unknown(*l) && is_unknown(*r)) {
        unknown_poly(b, location);
        return -1;
    }
    if (is_unknown(*l)) {
        *l = bind_coerce(b, *l, (*r)->type, CAST_IMPLICIT, location);
        return *l ? 0 : -1;
    }
    if (is_unknown(*r)) {
        *r = bind_coerce(b, *r, (*l)->type, CAST_IMPLICIT, location);
        return *r ? 0 : -1;
    }
    if ((*l)->type.id == (*r)->type.id)
        /* arrays of two enum types have no operators between them */
        return (*l)->type.id == TYPE_ENUM_ARRAY && (*l)->type.typmod != (*r)->type.typmod ? -2 : 0;
    OmType types[2] = {(*l)->type, (*r)->type}, common;
    if (!type_is_array((*l)->type.id) || !type_is_array((*r)->type.id) ||
        type_common(types, 2, "array", &common, b->err) != 0) {
        error_clear(b->err);
        return -2;
    }
    *l = bind_coerce(b, *l, common, CAST_IMPLICIT, location);
    *r = *l ? bind_coerce(b, *r, common, CAST_IMPLICIT, location) : NULL;
    return *r ? 0 : -1;
}

static Expr *no_function(Binder *b, const char *name, Expr *const *args, int nargs, int location)
{
    char desc[256];
    size_t len = 0;
    bool op = !(name[0] >= 'a' && name[0] <= 'z');
    if (op && nargs == 2) {
        char l[64], r[64];
        type_format(args[0]->type, l, sizeof(l));
        type_format(args[1]->type, r, sizeof(r));
        ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s", l, name, r);
        error_hint(b->err, "No operator matches the given name and argument types. You might need "
                           "to add explicit type casts.");
        return fail(b, location);
    }
    len += (size_t)snprintf(desc + len, sizeof(desc) - len, "%s(", name);
    for (int i = 0; i < nargs && len < sizeof(desc); i++) {
        char tn[64];
        type_format(args[i]->type, tn, sizeof(tn));
        if (is_unknown(args[i])) strcpy(tn, "unknown");
        len += (size_t)snprintf(desc + len, sizeof(desc) - len, "%s%s", i ? ", " : "", tn);
    }
    if (len < sizeof(desc)) snprintf(desc + len, sizeof(desc) - len, ")");
    ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "function %s does not exist", desc);
    error_hint(b->err, "No function matches the given name and argument types. You might need to "
                       "add explicit type casts.");
    return fail(b, location);
}

/* The array argument at `i`: an untyped literal cannot decide the type. */
static int need_array(Binder *b, Expr **args, int i, int location)
{
    if (is_unknown(args[i])) {
        unknown_poly(b, location);
        return -1;
    }
    return type_is_array(args[i]->type.id) ? 0 : -2;
}

static int coerce_arg(Binder *b, Expr **args, int i, TypeId t, int location)
{
    args[i] = bind_coerce(b, args[i], OM_TYPE(t), CAST_IMPLICIT, location);
    return args[i] ? 0 : -1;
}

/* array_append(a, e) / array_prepend(e, a) / array || e / e || array */
static Expr *bind_push(Binder *b, const char *name, Expr **args, int ai, int location)
{
    int ei = 1 - ai;
    if (is_unknown(args[ai]) && !is_unknown(args[ei])) {
        OmType at = {type_array_of(args[ei]->type.id), args[ei]->type.typmod};
        if (at.id == TYPE_INVALID) return no_array_type(b, args[ei]->type, location);
        args[ai] = bind_coerce(b, args[ai], at, CAST_IMPLICIT, location);
        if (!args[ai]) return NULL;
    }
    int rc = need_array(b, args, ai, location);
    if (rc == -1) return NULL;
    if (rc == -2) return no_function(b, name, args, 2, location);
    OmType et = {type_array_elem(args[ai]->type.id), args[ai]->type.typmod};
    args[ei] = bind_coerce(b, args[ei], et, CAST_IMPLICIT, location);
    if (!args[ei]) return NULL;
    return call(b, name, args, 2, args[ai]->type, location);
}

Expr *bind_array_call(Binder *b, const char *name, Expr **in, int nargs, int location)
{
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, nargs > 0 ? nargs : 1);
    for (int i = 0; i < nargs; i++) args[i] = in[i];
    bool op = !is_array_func(name);
    if (op && strcmp(name, "||") == 0) {
        bool la = type_is_array(args[0]->type.id), ra = type_is_array(args[1]->type.id);
        if (la && ra) goto concat;
        if (la && is_unknown(args[1])) goto concat; /* '{...}' is an array there */
        if (ra && is_unknown(args[0])) goto concat;
        return bind_push(b, "||", args, la ? 0 : 1, location);
    concat : {
        int rc = unify_arrays(b, &args[0], &args[1], location);
        if (rc == -1) return NULL;
        if (rc == -2) return no_function(b, name, args, 2, location);
        return call(b, "||", args, 2, args[0]->type, location);
    }
    }
    if (op) { /* comparisons and containment */
        int rc = unify_arrays(b, &args[0], &args[1], location);
        if (rc == -1) return NULL;
        if (rc == -2) return no_function(b, name, args, 2, location);
        return call(b, name, args, 2, OM_TYPE(TYPE_BOOL), location);
    }
    if (strcmp(name, "string_to_array") == 0) {
        if (nargs < 2 || nargs > 3) return no_function(b, name, args, nargs, location);
        for (int i = 0; i < nargs; i++)
            if (coerce_arg(b, args, i, TYPE_TEXT, location) != 0) return NULL;
        return call(b, name, args, nargs, OM_TYPE(TYPE_TEXT_ARRAY), location);
    }
    if (strcmp(name, "array_append") == 0 || strcmp(name, "array_prepend") == 0) {
        if (nargs != 2) return no_function(b, name, args, nargs, location);
        return bind_push(b, name, args, name[6] == 'a' ? 0 : 1, location);
    }
    if (strcmp(name, "array_cat") == 0) {
        if (nargs != 2) return no_function(b, name, args, nargs, location);
        int rc = unify_arrays(b, &args[0], &args[1], location);
        if (rc == -1) return NULL;
        if (rc == -2) return no_function(b, name, args, 2, location);
        return call(b, name, args, 2, args[0]->type, location);
    }
    /* the rest take the array first */
    if (nargs < 1) return no_function(b, name, args, nargs, location);
    int rc = need_array(b, args, 0, location);
    if (rc == -1) return NULL;
    if (rc == -2) return no_function(b, name, args, nargs, location);
    OmType et = {type_array_elem(args[0]->type.id), args[0]->type.typmod};
    if (strcmp(name, "array_ndims") == 0 || strcmp(name, "array_dims") == 0 ||
        strcmp(name, "cardinality") == 0) {
        if (nargs != 1) return no_function(b, name, args, nargs, location);
        return call(b, name, args, 1,
                    OM_TYPE(strcmp(name, "array_dims") == 0 ? TYPE_TEXT : TYPE_INT4), location);
    }
    if (strcmp(name, "array_length") == 0 || strcmp(name, "array_lower") == 0 ||
        strcmp(name, "array_upper") == 0) {
        if (nargs != 2) return no_function(b, name, args, nargs, location);
        if (coerce_arg(b, args, 1, TYPE_INT4, location) != 0) return NULL;
        return call(b, name, args, 2, OM_TYPE(TYPE_INT4), location);
    }
    if (strcmp(name, "array_to_string") == 0) {
        if (nargs < 2 || nargs > 3) return no_function(b, name, args, nargs, location);
        for (int i = 1; i < nargs; i++)
            if (coerce_arg(b, args, i, TYPE_TEXT, location) != 0) return NULL;
        return call(b, name, args, nargs, OM_TYPE(TYPE_TEXT), location);
    }
    if (strcmp(name, "array_position") == 0 || strcmp(name, "array_positions") == 0 ||
        strcmp(name, "array_remove") == 0) {
        bool pos = strcmp(name, "array_position") == 0;
        if (nargs < 2 || nargs > (pos ? 3 : 2)) return no_function(b, name, args, nargs, location);
        args[1] = bind_coerce(b, args[1], et, CAST_IMPLICIT, location);
        if (!args[1]) return NULL;
        if (nargs == 3 && coerce_arg(b, args, 2, TYPE_INT4, location) != 0) return NULL;
        OmType rt = strcmp(name, "array_remove") == 0 ? args[0]->type
                    : pos                             ? OM_TYPE(TYPE_INT4)
                                                      : OM_TYPE(TYPE_INT4_ARRAY);
        return call(b, name, args, nargs, rt, location);
    }
    if (strcmp(name, "array_replace") == 0) {
        if (nargs != 3) return no_function(b, name, args, nargs, location);
        for (int i = 1; i < 3; i++) {
            args[i] = bind_coerce(b, args[i], et, CAST_IMPLICIT, location);
            if (!args[i]) return NULL;
        }
        return call(b, name, args, 3, args[0]->type, location);
    }
    return no_function(b, name, args, nargs, location);
}
