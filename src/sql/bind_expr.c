/*
 * bind_expr.c — binding of scalar expressions: column references, constants,
 * operators, function calls (scalar and aggregate), casts, CASE, COALESCE,
 * NULLIF, IN lists, BETWEEN, LIKE, IS [NOT] NULL/TRUE/DISTINCT, subqueries.
 *
 * Operators and functions are resolved by func_resolve (PostgreSQL's rules);
 * the casts it asks for are inserted here. Untyped string literals stay
 * TYPE_UNKNOWN constants until context gives them a type, then they are
 * converted with the type's text input at bind time (so '2024-01-01'::date is
 * a DATE constant and 'abc'::int fails with 22P02 before execution, as in
 * PostgreSQL).
 */
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/type_io.h"
#include "exec/agg_registry.h"
#include "exec/func_registry.h"
#include "exec/srf.h"
#include "exec/vector_ops.h"
#include "sql/bind_array.h"
#include "sql/binder.h"

const char *pgq_str(PgQuery__Node *node)
{
    if (node && node->node_case == PG_QUERY__NODE__NODE_STRING) return node->string->sval;
    return NULL;
}

static Expr *new_expr(Binder *b, ExprKind kind, OmType type, int location)
{
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = kind;
    e->type = type;
    e->location = location;
    return e;
}

static Expr *fail_at(Binder *b, int location)
{
    if (location >= 0) error_position(b->err, loc1(location));
    return NULL;
}

/* ---- constants ---- */

static Expr *make_const_i64(Binder *b, int64_t v, int location)
{
    Value val;
    memset(&val, 0, sizeof(val));
    if (v >= INT32_MIN && v <= INT32_MAX) {
        val.type = OM_TYPE(TYPE_INT4);
        val.u.i32 = (int32_t)v;
    } else {
        val.type = OM_TYPE(TYPE_INT8);
        val.u.i64 = v;
    }
    Expr *e = expr_make_const(b->arena, &val);
    e->location = loc1(location);
    return e;
}

static Expr *make_unknown_const(Binder *b, const char *s, int location)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_UNKNOWN);
    size_t len = strlen(s);
    char *copy = arena_strndup(b->arena, s, len);
    val.u.str = strview_make(copy, (uint32_t)len);
    Expr *e = expr_make_const(b->arena, &val);
    e->location = loc1(location);
    return e;
}

static Expr *make_null_const(Binder *b, OmType type, int location)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = type;
    val.is_null = true;
    Expr *e = expr_make_const(b->arena, &val);
    e->location = loc1(location);
    return e;
}

/* Numeric literal text ("1.5", "12345678901", "1e10") → int8 or numeric const. */
static Expr *make_number_const(Binder *b, const char *text, int location)
{
    bool is_int = text[0] != '\0';
    for (const char *p = text; *p; p++)
        if (!(*p >= '0' && *p <= '9') && !(p == text && *p == '-')) is_int = false;
    if (is_int) {
        errno = 0;
        char *end;
        long long v = strtoll(text, &end, 10);
        if (errno == 0 && *end == '\0') return make_const_i64(b, v, location);
    }
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_NUMERIC);
    OmError probe;
    error_clear(&probe);
    if (type_text_in(val.type, text, strlen(text), b->settings, b->arena, &val.u, &probe) != 0) {
        /* Beyond numeric's 36 digits (1e308, 1e-300): PostgreSQL still holds it
         * as numeric; the closest we can do without a wrong answer is float8,
         * which every comparison with a float needs anyway. */
        char *end;
        errno = 0;
        double d = strtod(text, &end);
        /* a subnormal (1e-320) is ERANGE but a value, as PostgreSQL keeps it */
        if (*end != '\0' || (errno == ERANGE && (d == 0 || isinf(d)))) {
            error_copy(b->err, &probe);
            return fail_at(b, location);
        }
        val.type = OM_TYPE(TYPE_FLOAT8);
        val.u.f8 = d;
    }
    Expr *e = expr_make_const(b->arena, &val);
    e->location = loc1(location);
    return e;
}

static Expr *bind_const(Binder *b, PgQuery__AConst *c)
{
    if (c->isnull) return make_null_const(b, OM_TYPE(TYPE_NULL), c->location);
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        return make_const_i64(b, c->ival->ival, c->location);
    case PG_QUERY__A__CONST__VAL_FVAL:
        return make_number_const(b, c->fval->fval, c->location);
    case PG_QUERY__A__CONST__VAL_BOOLVAL: {
        Value val;
        memset(&val, 0, sizeof(val));
        val.type = OM_TYPE(TYPE_BOOL);
        val.u.b = c->boolval->boolval;
        Expr *e = expr_make_const(b->arena, &val);
        e->location = loc1(c->location);
        return e;
    }
    case PG_QUERY__A__CONST__VAL_SVAL:
        return make_unknown_const(b, c->sval->sval, c->location);
    default:
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "bit string literals are not supported");
        return fail_at(b, c->location);
    }
}

/* ---- prepared-statement parameters ---- */

/* $n of a statement being prepared: an EXPR_PARAM of the parameter's type so
 * far (TYPE_UNKNOWN until context infers it). */
static Expr *bind_param_ref(Binder *b, int number, int location)
{
    if (number < 1 || number > BIND_MAX_PARAMS) {
        ERR(b->err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%d", number);
        return fail_at(b, location);
    }
    if (number > b->param_cap) {
        int cap = b->param_cap > 0 ? b->param_cap : 8;
        while (cap < number) cap *= 2;
        if (cap > BIND_MAX_PARAMS) cap = BIND_MAX_PARAMS;
        OmType *grown = ARENA_NEW_ARRAY(b->arena, OmType, cap);
        if (b->nparam_types > 0)
            memcpy(grown, b->param_types, sizeof(OmType) * (size_t)b->nparam_types);
        b->param_types = grown;
        b->param_cap = cap;
    }
    while (b->nparam_types < number) b->param_types[b->nparam_types++] = OM_TYPE(TYPE_UNKNOWN);
    Expr *e = new_expr(b, EXPR_PARAM, b->param_types[number - 1], loc1(location));
    e->u.param.index = number - 1;
    e->u.param.stmt = true;
    return e;
}

/* ---- coercion ---- */

Expr *bind_coerce(Binder *b, Expr *e, OmType type, int ctx, int location)
{
    if (e == NULL) return NULL;
    if (e->type.id == type.id && (type.typmod < 0 || e->type.typmod == type.typmod)) return e;
    if (e->kind == EXPR_PARAM && e->u.param.stmt && e->type.id == TYPE_UNKNOWN && b->param_types &&
        e->u.param.index < b->nparam_types && type.id != TYPE_UNKNOWN && type.id != TYPE_NULL) {
        /* The first context that wants a type decides an untyped parameter's
         * type, as PostgreSQL infers it (int_col = $1 makes $1 int4). */
        OmType inferred = type_sans_typmod(type);
        b->param_types[e->u.param.index] = inferred;
        if (type_interval_has_fields(type)) b->param_typmod_read = true;
        Expr *p = new_expr(b, EXPR_PARAM, inferred, e->location);
        p->u.param.index = e->u.param.index;
        p->u.param.stmt = true;
        return type.typmod < 0 ? p : bind_coerce(b, p, type, ctx, location);
    }
    if (e->kind == EXPR_CONST && (e->type.id == TYPE_NULL || e->u.value.is_null)) {
        Expr *n = make_null_const(b, type, -1);
        n->location = e->location;
        return n;
    }
    if (e->kind == EXPR_CONST && e->type.id == TYPE_UNKNOWN && type.id == TYPE_REGCLASS) {
        /* 'name'::regclass looks the name up in the catalog: through text and
         * the catalog-aware text -> regclass cast (exec/func_catalog.c),
         * folded below with the binder's catalog. */
        Expr *txt = bind_coerce(b, e, OM_TYPE(TYPE_TEXT), CAST_EXPLICIT, location);
        return txt ? bind_coerce(b, txt, type, CAST_EXPLICIT, location) : NULL;
    }
    /* Unknown literals are converted right away with the session's settings and
     * the context's length rules ('abcdef'::varchar(3) truncates; assignment
     * raises 22001). */
    Expr *out = cast_wrap_settings(b->arena, e, type, (CastContext)ctx, b->settings, b->err);
    if (!out) {
        error_position(b->err, e->location ? e->location : loc1(location));
        return NULL;
    }
    /* Fold casts of constants now (PostgreSQL does at plan time: same errors). */
    if (out != e && e->kind == EXPR_CONST) {
        EvalCtx ctx_eval;
        memset(&ctx_eval, 0, sizeof(ctx_eval));
        ctx_eval.arena = b->arena;
        ctx_eval.err = b->err;
        ctx_eval.settings = b->settings;
        ctx_eval.catalog = b->catalog;
        Value val;
        if (expr_eval_scalar(out, &val, &ctx_eval) != 0) {
            error_position(b->err, e->location);
            return NULL;
        }
        val.type = type;
        Expr *c = expr_make_const(b->arena, &val);
        c->location = e->location;
        return c;
    }
    return out;
}

Expr *bind_resolve_unknown(Binder *b, Expr *e)
{
    if (e && (e->type.id == TYPE_UNKNOWN || e->type.id == TYPE_NULL))
        return bind_coerce(b, e, OM_TYPE(TYPE_TEXT), CAST_IMPLICIT, 0);
    return e;
}

static Expr *apply_func(Binder *b, const char *name, Expr **args, int nargs, int location);

/* The JSON functions turn a record into an object of its fields, as
 * PostgreSQL's composite_to_json: each record argument of one becomes that
 * object (row_to_json(r) is the object itself). 1 when *out is the whole
 * call, 0 to go on with args changed, -1 on error. */
static int json_record_args(Binder *b, const char *name, Expr **args, int nargs, int location,
                            Expr **out)
{
    bool json = strncmp(name, "json", 4) == 0 || strncmp(name, "to_json", 7) == 0 ||
                strcmp(name, "array_to_json") == 0 || strcmp(name, "row_to_json") == 0 ||
                strncmp(name, "omendb_row_json", 15) == 0;
    if (!json) return 0;
    bool jsonb = strncmp(name, "jsonb", 5) == 0 || strcmp(name, "to_jsonb") == 0;
    for (int i = 0; i < nargs; i++) {
        if (args[i]->type.id != TYPE_RECORD) continue;
        Expr **pairs;
        int n = bind_record_json_pairs(b, args[i], location, &pairs);
        if (n < 0) return -1;
        args[i] =
            apply_func(b, jsonb ? "jsonb_build_object" : "omendb_row_json", pairs, n, location);
        if (!args[i]) return -1;
        if (i == 0 && nargs == 1 && strcmp(name, "row_to_json") == 0) {
            *out = args[0];
            return 1;
        }
    }
    return 0;
}

static Expr *apply_func(Binder *b, const char *name, Expr **args, int nargs, int location)
{
    Expr *whole = NULL;
    int jr = json_record_args(b, name, args, nargs, location, &whole);
    if (jr != 0) return jr > 0 ? whole : NULL;
    if (bind_array_call_applies(name, args, nargs))
        return bind_array_call(b, name, args, nargs, location);
    if (nargs > 100) { /* PostgreSQL's FUNC_MAX_ARGS */
        ERR(b->err, SQLSTATE_TOO_MANY_ARGUMENTS,
            "cannot pass more than 100 arguments to a function");
        return fail_at(b, location);
    }
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, nargs > 0 ? nargs : 1);
    TypeId *targets = ARENA_NEW_ARRAY(b->arena, TypeId, nargs > 0 ? nargs : 1);
    for (int i = 0; i < nargs; i++) types[i] = args[i]->type;
    const FuncDef *def = func_resolve(name, types, nargs, targets, b->err);
    if (!def) return fail_at(b, location);
    /* An enum parameter takes the arguments' one enum type (anyenum): two
     * different ones do not match, as for PostgreSQL's polymorphic types. */
    int32_t enum_type = TYPMOD_NONE;
    for (int i = 0; i < nargs; i++) {
        TypeId declared = def->nargs == 0  ? TYPE_INVALID
                          : i < def->nargs ? def->args[i]
                                           : def->args[def->nargs - 1];
        if (declared != TYPE_ENUM) targets[i] = targets[i] == TYPE_ENUM ? TYPE_INVALID : targets[i];
        if (declared != TYPE_ENUM || types[i].id != TYPE_ENUM) continue;
        if (enum_type != TYPMOD_NONE && types[i].typmod != enum_type) {
            func_resolve_fail(name, types, nargs, b->err);
            return fail_at(b, location);
        }
        enum_type = types[i].typmod;
    }
    Expr **cargs = ARENA_NEW_ARRAY(b->arena, Expr *, nargs);
    for (int i = 0; i < nargs; i++) {
        if (targets[i] != TYPE_INVALID && targets[i] != args[i]->type.id) {
            OmType to = {targets[i], targets[i] == TYPE_ENUM ? enum_type : TYPMOD_NONE};
            if (to.id == TYPE_ENUM && enum_type == TYPMOD_NONE) {
                func_resolve_fail(name, types, nargs, b->err); /* anyenum of unknown literals */
                return fail_at(b, location);
            }
            cargs[i] = bind_coerce(b, args[i], to, CAST_IMPLICIT, location);
            if (!cargs[i]) return NULL;
        } else {
            cargs[i] = args[i];
        }
    }
    OmType ret = {def->ret,
                  def->ret == TYPE_ENUM || def->ret == TYPE_ENUM_ARRAY ? enum_type : TYPMOD_NONE};
    Expr *e = expr_make_func(b->arena, def, cargs, nargs, ret);
    e->location = loc1(location);
    return e;
}

Expr *bind_operator(Binder *b, const char *op, Expr *left, Expr *right, int location)
{
    if (left == NULL) {
        Expr *args[1] = {right};
        return apply_func(b, op, args, 1, location);
    }
    Expr *args[2] = {left, right};
    return apply_func(b, op, args, 2, location);
}

/* Resolves "=" (or another comparison) for a pair, casting both to the chosen
 * overload's argument types; returns the overload and updates *l, *r. */
static const FuncDef *resolve_cmp(Binder *b, const char *op, Expr **l, Expr **r, int location)
{
    Expr *call = bind_operator(b, op, *l, *r, location);
    if (!call) return NULL;
    *l = call->args[0];
    *r = call->args[1];
    return call->u.func.def;
}

/* ---- column references ---- */

static bool rte_visible(BindScope *s, int i)
{
    if (s->query->rtes[i]->join_hidden) return false;
    return s->visible == NULL || (i < s->nvisible && s->visible[i]);
}

static int first_rte(const JoinTree *jt)
{
    while (jt->kind != JT_RTE) jt = jt->left;
    return jt->rte;
}

/* A join's alias is visible where its join's entries would be (a JOIN's ON
 * clause sees only the join's own items), unless a later alias hides it. */
static bool join_alias_visible(BindScope *s, const JoinAlias *ja)
{
    if (ja->hidden) return false;
    int i = first_rte(ja->jt);
    return s->visible == NULL || (i < s->nvisible && s->visible[i]);
}

static bool jt_contains(const JoinTree *outer, const JoinTree *inner)
{
    if (!outer) return false;
    if (outer == inner) return true;
    return outer->kind == JT_JOIN &&
           (jt_contains(outer->left, inner) || jt_contains(outer->right, inner));
}

Expr *bind_expr_levels_up(Binder *b, const Expr *e, int levelsup)
{
    Expr *c = expr_copy(b->arena, e);
    if (c->kind == EXPR_VAR) c->u.var.levelsup += levelsup;
    for (int i = 0; i < c->nargs; i++) c->args[i] = bind_expr_levels_up(b, e->args[i], levelsup);
    return c;
}

/* The merged column of a USING / NATURAL join from its two sides' columns. */
static Expr *merge_using(Binder *b, JoinType type, Expr *lv, Expr *rv, int location)
{
    if (type == JOIN_RIGHT) return rv;
    if (type != JOIN_FULL) return lv;
    Expr *co = new_expr(b, EXPR_COALESCE, lv->type, location);
    co->nargs = 2;
    co->args = ARENA_NEW_ARRAY(b->arena, Expr *, 2);
    co->args[0] = lv;
    co->args[1] = bind_coerce(b, rv, lv->type, CAST_IMPLICIT, location);
    return co->args[1] ? co : NULL;
}

Expr *bind_jointree_column(Binder *b, BoundQuery *q, const JoinTree *jt, const char *name,
                           bool *ambiguous)
{
    if (jt->kind == JT_RTE) {
        const Rte *r = q->rtes[jt->rte];
        Expr *found = NULL;
        for (int c = 0; c < r->ncols; c++) {
            if (strcmp(r->colnames[c], name) != 0) continue;
            if (found) {
                *ambiguous = true;
                return NULL;
            }
            found = new_expr(b, EXPR_VAR, r->types[c], 0);
            found->u.var.rte = jt->rte;
            found->u.var.attno = c;
        }
        return found;
    }
    if (jt->alias) {
        Expr *found = NULL;
        for (int c = 0; c < jt->alias->ncols; c++) {
            if (strcmp(jt->alias->colnames[c], name) != 0) continue;
            if (found) {
                *ambiguous = true;
                return NULL;
            }
            found = jt->alias->exprs[c];
        }
        return found;
    }
    bool amb_l = false, amb_r = false;
    Expr *lv = bind_jointree_column(b, q, jt->left, name, &amb_l);
    if (b->err->is_set) return NULL;
    Expr *rv = bind_jointree_column(b, q, jt->right, name, &amb_r);
    if (b->err->is_set) return NULL;
    for (int u = 0; u < jt->nusing; u++)
        if (strcmp(jt->using_names[u], name) == 0 && lv && rv)
            return merge_using(b, jt->type, lv, rv, 0);
    if (amb_l || amb_r || (lv && rv)) {
        *ambiguous = true;
        return NULL;
    }
    return lv ? lv : rv;
}

/* rte_find_column's answer for the system column tableoid. */
#define ATTNO_TABLEOID (-3)

static int rte_find_column(const Rte *rte, const char *name)
{
    int found = -1;
    for (int c = 0; c < rte->ncols; c++) {
        if (strcmp(rte->colnames[c], name) == 0) {
            if (found >= 0) return -2; /* ambiguous within the rte */
            found = c;
        }
    }
    /* the system columns: ctid, the row id (int8 here, not tid), and tableoid */
    if (found < 0 && rte->kind == RTE_TABLE && strcmp(name, "ctid") == 0) found = rte->ncols;
    if (found < 0 && rte->kind == RTE_TABLE && strcmp(name, "tableoid") == 0)
        found = ATTNO_TABLEOID;
    return found;
}

/* tableoid of a table entry: the table's OID, a constant (OmenDB has no
 * inheritance or partitions, so every row of one entry shares it). */
static Expr *make_tableoid(Binder *b, const Rte *rte, int location)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_OID);
    val.u.i64 = (int64_t)rte->table->oid;
    Expr *e = expr_make_const(b->arena, &val);
    e->location = loc1(location);
    return e;
}

static Expr *make_var(Binder *b, BindScope *s, int rte, int attno, int levelsup, int location)
{
    Rte *r = s->query->rtes[rte];
    Expr *e = new_expr(b, EXPR_VAR, r->types[attno], loc1(location));
    e->u.var.rte = rte;
    e->u.var.attno = attno;
    e->u.var.levelsup = levelsup;
    return e;
}

/* An unqualified name visible in two rtes joined by USING(name) resolves to
 * the merged column: the left one (or the right one for RIGHT joins, and
 * COALESCE(left, right) for FULL joins). */
bool bind_jointree_has_rte(const JoinTree *jt, int rte)
{
    if (!jt) return false;
    if (jt->kind == JT_RTE) return jt->rte == rte;
    return bind_jointree_has_rte(jt->left, rte) || bind_jointree_has_rte(jt->right, rte);
}

/* A hit of an unqualified name: an entry's column, or an aliased join's. */
typedef struct NameHit {
    int rte;             /* -1 for a join alias */
    const JoinAlias *ja; /* or NULL */
} NameHit;

static bool hit_under(const JoinTree *jt, const NameHit *h)
{
    return h->ja ? jt_contains(jt, h->ja->jt) : bind_jointree_has_rte(jt, h->rte);
}

static Expr *resolve_using_merge(Binder *b, BindScope *s, const char *name, int levelsup,
                                 int location, const NameHit *hits, int nhits)
{
    for (int j = 0; j < s->njoins; j++) {
        JoinTree *jt = s->joins[j];
        bool named = false;
        for (int u = 0; u < jt->nusing; u++)
            if (strcmp(jt->using_names[u], name) == 0) named = true;
        if (!named) continue;
        /* all hits must lie under this join, some left and some right */
        bool lhit = false, rhit = false, all_in = true;
        for (int h = 0; h < nhits; h++) {
            if (hit_under(jt->left, &hits[h]))
                lhit = true;
            else if (hit_under(jt->right, &hits[h]))
                rhit = true;
            else
                all_in = false;
        }
        if (!all_in || !lhit || !rhit) continue;
        bool amb = false;
        Expr *e = bind_jointree_column(b, s->query, jt, name, &amb);
        if (!e) return NULL;
        e = bind_expr_levels_up(b, e, levelsup);
        e->location = loc1(location);
        return e;
    }
    return NULL;
}

/* True if no scope nearer than `at` has an entry called `alias`: a reference
 * resolved at `at` may then be qualified with it (CREATE VIEW). */
static bool alias_unshadowed(BindScope *scope, BindScope *at, const char *alias)
{
    if (!alias) return false;
    for (BindScope *s = scope; s && s != at; s = s->parent)
        for (int i = 0; i < s->query->nrtes; i++)
            if (s->query->rtes[i]->alias && strcmp(s->query->rtes[i]->alias, alias) == 0)
                return false;
    return true;
}

static bool lateral_bad(const BindScope *s, int i)
{
    return s->lateral_active && i < s->nlateral_bad && s->lateral_bad[i];
}

/* For PostgreSQL's hints on a name that is not visible: the first entry of
 * any level, hidden here (a sibling of a non-LATERAL subquery in FROM), named
 * `relname` (by alias or by table name), or having column `colname`. */
static const Rte *find_hidden_rte(const BindScope *scope, const char *relname, const char *colname)
{
    for (const BindScope *s = scope; s; s = s->parent)
        for (int i = 0; i < s->query->nrtes; i++) {
            const Rte *r = s->query->rtes[i];
            if (rte_visible((BindScope *)s, i)) continue;
            if (relname && ((r->alias && strcmp(r->alias, relname) == 0) ||
                            (r->table && strcmp(r->table->name, relname) == 0)))
                return r;
            int c = colname ? rte_find_column(r, colname) : -1;
            if (c >= 0 || c == ATTNO_TABLEOID) return r;
        }
    return NULL;
}

static Expr *bind_column_ref(Binder *b, BindScope *scope, PgQuery__ColumnRef *cr)
{
    const char *parts[4] = {0};
    int n = (int)cr->n_fields;
    if (n > 3) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR, "improper qualified name (too many dotted names)");
        return fail_at(b, cr->location);
    }
    for (int i = 0; i < n; i++) {
        if (cr->fields[i]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
            /* t.* in an expression: t's whole row */
            Expr *row = bind_whole_row(b, scope, cr);
            if (row || b->err->is_set) return row;
            if (b->pl && n == 2 && i == 1 &&
                cr->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) { /* rec.* in PL/pgSQL */
                row = pl_bind_variable(b, NULL, pgq_str(cr->fields[0]), cr->location);
                if (row && row->type.id == TYPE_RECORD) return row;
                if (b->err->is_set) return NULL;
            }
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "\"*\" is not allowed here");
            return fail_at(b, cr->location);
        }
        parts[i] = pgq_str(cr->fields[i]);
    }
    const char *colname = parts[n - 1];
    const char *relname = n >= 2 ? parts[n - 2] : NULL;
    const char *schemaname = n >= 3 ? parts[n - 3] : NULL;

    int levelsup = 0;
    for (BindScope *s = scope; s; s = s->parent, levelsup++) {
        BoundQuery *q = s->query;
        NameHit hits[64];
        int nhits = 0;
        int hit_col = -1;
        bool rel_found = false;
        for (int i = 0; i < q->nrtes; i++) {
            if (!rte_visible(s, i)) continue;
            Rte *r = q->rtes[i];
            if (relname) {
                if (!r->alias || strcmp(r->alias, relname) != 0) continue;
                if (schemaname && (!r->table || strcmp(r->table->schema->name, schemaname) != 0))
                    continue;
                rel_found = true;
            }
            int c = rte_find_column(r, colname);
            if ((relname || c >= 0 || c == ATTNO_TABLEOID) && lateral_bad(s, i)) {
                ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                    "invalid reference to FROM-clause entry for table \"%s\"", r->alias);
                error_detail(
                    b->err,
                    "The combining JOIN type must be INNER or LEFT for a LATERAL reference.");
                return fail_at(b, cr->location);
            }
            if (c == -2) {
                ERR(b->err, SQLSTATE_AMBIGUOUS_COLUMN, "column reference \"%s\" is ambiguous",
                    colname);
                return fail_at(b, cr->location);
            }
            if ((c >= 0 || c == ATTNO_TABLEOID) && nhits < 64) {
                hits[nhits].rte = i;
                hits[nhits++].ja = NULL;
                hit_col = c;
            }
        }
        /* the aliases of joins: qualified by the alias, or (not the USING
         * alias) unqualified */
        for (int j = 0; j < s->njoin_aliases && !schemaname; j++) {
            const JoinAlias *ja = s->join_aliases[j];
            if (!join_alias_visible(s, ja)) continue;
            if (relname ? strcmp(ja->name, relname) != 0 : ja->using_only) continue;
            if (relname) rel_found = true;
            int c = -1;
            for (int k = 0; k < ja->ncols; k++) {
                if (strcmp(ja->colnames[k], colname) != 0) continue;
                if (c >= 0) {
                    ERR(b->err, SQLSTATE_AMBIGUOUS_COLUMN, "column reference \"%s\" is ambiguous",
                        colname);
                    return fail_at(b, cr->location);
                }
                c = k;
            }
            if (c >= 0 && nhits < 64) {
                hits[nhits].rte = -1;
                hits[nhits++].ja = ja;
                hit_col = c;
            }
        }
        if (relname && !rel_found) continue; /* maybe an outer level has that alias */
        if (nhits == 1 && hits[0].ja) {
            if (levelsup > 0) scope->query->is_correlated = true;
            Expr *e = bind_expr_levels_up(b, hits[0].ja->exprs[hit_col], levelsup);
            e->location = loc1(cr->location);
            return e;
        }
        if (nhits == 1 && hit_col == ATTNO_TABLEOID)
            return make_tableoid(b, q->rtes[hits[0].rte], cr->location);
        if (nhits == 1 && scope->clause == CLAUSE_CHECK && hit_col >= q->rtes[hits[0].rte]->ncols) {
            ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                "system column \"%s\" reference in check constraint is invalid", colname);
            return fail_at(b, cr->location);
        }
        if (nhits == 1) {
            if (levelsup > 0) scope->query->is_correlated = true;
            if (b->rec)
                bind_rec_column(b, cr, q->rtes[hits[0].rte], hit_col,
                                alias_unshadowed(scope, s, q->rtes[hits[0].rte]->alias));
            return make_var(b, s, hits[0].rte, hit_col, levelsup, cr->location);
        }
        if (nhits > 1) {
            Expr *merged = resolve_using_merge(b, s, colname, levelsup, cr->location, hits, nhits);
            if (merged) return merged;
            if (b->err->is_set) return NULL;
            ERR(b->err, SQLSTATE_AMBIGUOUS_COLUMN, "column reference \"%s\" is ambiguous", colname);
            return fail_at(b, cr->location);
        }
        if (relname) {
            ERR(b->err, SQLSTATE_UNDEFINED_COLUMN, "column %s.%s does not exist", relname, colname);
            return fail_at(b, cr->location);
        }
    }
    if (b->pl && !schemaname) { /* a PL/pgSQL variable */
        Expr *p = pl_bind_variable(b, relname, colname, cr->location);
        if (p || b->err->is_set) return p;
    }
    if (b->fn && !schemaname) { /* a SQL function's argument, by name */
        Expr *p = bind_fn_param_name(b, scope, relname, colname, cr->location);
        if (p) return p;
    }
    if (relname) {
        const Rte *hidden = find_hidden_rte(scope, relname, NULL);
        if (hidden) {
            ERR(b->err, SQLSTATE_UNDEFINED_TABLE,
                "invalid reference to FROM-clause entry for table \"%s\"", relname);
            error_hint(b->err,
                       "There is an entry for table \"%s\", but it cannot be referenced from this "
                       "part of the query.",
                       hidden->alias);
        } else {
            ERR(b->err, SQLSTATE_UNDEFINED_TABLE, "missing FROM-clause entry for table \"%s\"",
                relname);
        }
        return fail_at(b, cr->location);
    }
    if (n == 1) { /* no column of that name: a FROM item's whole row */
        Expr *row = bind_whole_row(b, scope, cr);
        if (row || b->err->is_set) return row;
    }
    ERR(b->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist", colname);
    const Rte *hidden = find_hidden_rte(scope, NULL, colname);
    if (hidden)
        error_hint(b->err,
                   "There is a column named \"%s\" in table \"%s\", but it cannot be referenced "
                   "from this part of the query.",
                   colname, hidden->alias);
    return fail_at(b, cr->location);
}

/* ---- type names ---- */

/* The grammar gives an interval's fields as a mask of INTERVAL_RANGE_* bits
 * and its precision (interval(p), interval day to second(p)) as a second
 * number; the typmod is PostgreSQL's (range << 16) | precision. */
static int bind_interval_typmod(Binder *b, const PgQuery__TypeName *tn, const int *mods, int nmods,
                                int32_t *typmod)
{
    bool known = mods[0] == INTERVAL_FULL_RANGE || type_interval_fields(mods[0]) != NULL;
    if (!known) {
        ERR(b->err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid INTERVAL type modifier");
        error_position(b->err, loc1(tn->location));
        return -1;
    }
    int precision = INTERVAL_FULL_PRECISION;
    if (nmods >= 2) {
        if (mods[1] < 0) {
            ERR(b->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                "INTERVAL(%d) precision must not be negative", mods[1]);
            error_position(b->err, loc1(tn->location));
            return -1;
        }
        precision = mods[1] > 6 ? 6 : mods[1];
    } else if (mods[0] == INTERVAL_FULL_RANGE) {
        return 0; /* plain interval */
    }
    *typmod = (int32_t)(((uint32_t)mods[0] << 16) | (uint32_t)precision);
    return 0;
}

/* An enum type named [schema.]name, or NULL. A qualified name looks in its
 * schema only; an unqualified one through search_path. */
CatEnum *bind_enum_type(Binder *b, PgQuery__TypeName *tn)
{
    if (!b->catalog || tn->n_names < 1 || tn->n_names > 2) return NULL;
    const char *name = pgq_str(tn->names[tn->n_names - 1]);
    if (!name) return NULL;
    if (tn->n_names == 2) {
        CatSchema *s =
            catalog_schema_resolve(b->catalog, pgq_str(tn->names[0]), b->settings->search_path);
        return s ? catalog_enum_find(b->catalog, s, name) : NULL;
    }
    return catalog_enum_lookup(b->catalog, b->settings->search_path, name);
}

/* table.column%TYPE: the column's type (PostgreSQL also tells so in a
 * NOTICE, which we do not send). */
static int bind_pct_type(Binder *b, PgQuery__TypeName *tn, OmType *out)
{
    const char *rel = tn->n_names >= 2 ? pgq_str(tn->names[tn->n_names - 2]) : NULL;
    const char *col = tn->n_names >= 1 ? pgq_str(tn->names[tn->n_names - 1]) : NULL;
    CatTable *t = rel ? catalog_table_lookup(b->catalog, b->settings->search_path, rel) : NULL;
    int c = t && col ? catalog_column_index(t, col) : -1;
    if (c < 0) {
        if (t)
            ERR(b->err, SQLSTATE_UNDEFINED_COLUMN,
                "column \"%s\" of relation \"%s\" does not exist", col ? col : "?", rel);
        else
            ERR(b->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist",
                rel ? rel : "?");
        error_position(b->err, loc1(tn->location));
        return -1;
    }
    *out = t->cols[c].type;
    if (tn->n_array_bounds > 0) {
        TypeId arr = type_array_of(out->id);
        if (arr == TYPE_INVALID) {
            ERR(b->err, SQLSTATE_UNDEFINED_OBJECT, "could not find array type for data type");
            return -1;
        }
        *out = OM_TYPE(arr);
    }
    return 0;
}

int bind_type_name(Binder *b, PgQuery__TypeName *tn, OmType *out)
{
    if (tn->pct_type) return bind_pct_type(b, tn, out);
    const char *name = NULL;
    for (size_t i = 0; i < tn->n_names; i++) name = pgq_str(tn->names[i]);
    /* a schema other than pg_catalog names a user type; pg_catalog.int4 and
     * plain int4 the built-in one (PostgreSQL finds pg_catalog first) */
    bool user_schema = tn->n_names == 2 && strcmp(pgq_str(tn->names[0]), "pg_catalog") != 0;
    TypeId id = name && !user_schema ? type_from_name(name) : TYPE_INVALID;
    if (id == TYPE_INVALID && name) {
        CatEnum *e = bind_enum_type(b, tn);
        if (e) {
            *out = (OmType){TYPE_ENUM, (int32_t)e->oid};
            if (tn->n_typmods > 0) {
                ERR(b->err, SQLSTATE_SYNTAX_ERROR, "type modifier is not allowed for type \"%s\"",
                    e->name);
                error_position(b->err, loc1(tn->location));
                return -1;
            }
            if (tn->n_array_bounds > 0) out->id = TYPE_ENUM_ARRAY;
            return 0;
        }
    }
    if (id == TYPE_INVALID || id == TYPE_NULL || id == TYPE_UNKNOWN || id == TYPE_ENUM) {
        ERR(b->err, SQLSTATE_UNDEFINED_OBJECT, "type \"%s\" does not exist", name ? name : "?");
        error_position(b->err, loc1(tn->location));
        return -1;
    }
    int mods[2];
    int nmods = 0;
    for (size_t i = 0; i < tn->n_typmods && i < 2; i++) {
        PgQuery__Node *m = tn->typmods[i];
        if (m->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            m->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
            mods[nmods++] = m->a_const->ival->ival;
        } else {
            ERR(b->err, SQLSTATE_SYNTAX_ERROR,
                "type modifiers must be simple constants or identifiers");
            error_position(b->err, loc1(tn->location));
            return -1;
        }
    }
    out->id = id;
    out->typmod = TYPMOD_NONE;
    switch (id) {
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
        if (nmods >= 1) {
            if (mods[0] < 1) {
                ERR(b->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                    "length for type %s must be at least 1",
                    id == TYPE_VARCHAR ? "varchar" : "char");
                error_position(b->err, loc1(tn->location));
                return -1;
            }
            out->typmod = mods[0] + 4;
        } else if (id == TYPE_BPCHAR && strcmp(name, "bpchar") != 0) {
            out->typmod = 1 + 4; /* char without length is char(1) */
        }
        break;
    case TYPE_NUMERIC:
        if (nmods >= 1) {
            int p = mods[0], s = nmods >= 2 ? mods[1] : 0;
            if (p < 1 || p > 1000) {
                ERR(b->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                    "NUMERIC precision %d must be between 1 and 1000", p);
                error_position(b->err, loc1(tn->location));
                return -1;
            }
            if (s < 0 || s > p) {
                ERR(b->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                    "NUMERIC scale %d must be between 0 and precision %d", s, p);
                error_position(b->err, loc1(tn->location));
                return -1;
            }
            if (p > NUMERIC_MAX_PRECISION) {
                ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "NUMERIC precision %d is above OmenDB's maximum of %d", p,
                    NUMERIC_MAX_PRECISION);
                error_position(b->err, loc1(tn->location));
                return -1;
            }
            out->typmod = typmod_numeric(p, s);
        }
        break;
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_TIME:
        if (nmods >= 1) out->typmod = mods[0] > 6 ? 6 : mods[0];
        break;
    case TYPE_INTERVAL:
        if (nmods >= 1 && bind_interval_typmod(b, tn, mods, nmods, &out->typmod) != 0) return -1;
        break;
    default:
        break;
    }
    /* int[], int[3][4], integer ARRAY: the array type of the element, with the
     * element's typmod; the sizes given are not enforced (as in PostgreSQL) */
    if (tn->n_array_bounds > 0 && !type_is_array(id)) {
        TypeId arr = type_array_of(id);
        if (arr == TYPE_INVALID) {
            char tname[64];
            type_format(*out, tname, sizeof(tname));
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported",
                tname);
            error_position(b->err, loc1(tn->location));
            return -1;
        }
        out->id = arr;
    }
    return 0;
}

/* ---- operators and special forms ---- */

Expr *bind_bool_node(Binder *b, ExprKind kind, Expr **args, int nargs, int location)
{
    Expr *e = new_expr(b, kind, OM_TYPE(TYPE_BOOL), loc1(location));
    e->nargs = nargs;
    e->args = ARENA_NEW_ARRAY(b->arena, Expr *, nargs);
    for (int i = 0; i < nargs; i++) e->args[i] = args[i];
    return e;
}

static Expr *coerce_bool(Binder *b, Expr *e, const char *what)
{
    if (!e) return NULL;
    if (e->type.id == TYPE_BOOL) return e;
    if (e->type.id == TYPE_UNKNOWN || e->type.id == TYPE_NULL)
        return bind_coerce(b, e, OM_TYPE(TYPE_BOOL), CAST_IMPLICIT, 0);
    char tname[64];
    type_format(e->type, tname, sizeof(tname));
    ERR(b->err, SQLSTATE_DATATYPE_MISMATCH, "argument of %s must be type boolean, not type %s",
        what, tname);
    error_position(b->err, e->location);
    return NULL;
}

static Expr *bind_in_list(Binder *b, BindScope *scope, PgQuery__AExpr *ae, bool negate)
{
    PgQuery__List *list = ae->rexpr->list;
    int n = (int)list->n_items;
    if (bind_is_row(ae->lexpr)) return bind_row_in(b, scope, ae->lexpr, list, negate, ae->location);
    Expr **all = ARENA_NEW_ARRAY(b->arena, Expr *, n + 1);
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n + 1);
    all[0] = bind_expr(b, scope, ae->lexpr);
    if (!all[0]) return NULL;
    for (int i = 0; i < n; i++) {
        all[i + 1] = bind_expr(b, scope, list->items[i]);
        if (!all[i + 1]) return NULL;
    }
    for (int i = 0; i <= n; i++) types[i] = all[i]->type;
    OmType common;
    OmError tmp;
    error_clear(&tmp);
    if (type_common(types, n + 1, "IN", &common, &tmp) != 0) {
        /* Fall back to x = a OR x = b ... with per-pair resolution (PostgreSQL does too). */
        Expr **ors = ARENA_NEW_ARRAY(b->arena, Expr *, n);
        for (int i = 0; i < n; i++) {
            ors[i] = bind_operator(b, negate ? "<>" : "=", all[0], all[i + 1], ae->location);
            if (!ors[i]) return NULL;
        }
        return bind_bool_node(b, negate ? EXPR_AND : EXPR_OR, ors, n, ae->location);
    }
    if (common.id == TYPE_UNKNOWN) common = OM_TYPE(TYPE_TEXT);
    for (int i = 0; i <= n; i++) {
        all[i] = bind_coerce(b, all[i], type_sans_typmod(common), CAST_IMPLICIT, ae->location);
        if (!all[i]) return NULL;
    }
    Expr *l = all[0], *r = all[1];
    const FuncDef *eq = resolve_cmp(b, "=", &l, &r, ae->location);
    if (!eq) return NULL;
    Expr *e = new_expr(b, EXPR_IN_LIST, OM_TYPE(TYPE_BOOL), loc1(ae->location));
    e->nargs = n + 1;
    e->args = all;
    e->u.func.def = eq;
    e->u.func.negate = negate;
    return e;
}

Expr *bind_is_distinct(Binder *b, Expr *l, Expr *r, bool distinct, int location)
{
    if (l->type.id == TYPE_UNKNOWN && r->type.id == TYPE_UNKNOWN) {
        l = bind_resolve_unknown(b, l);
        r = bind_resolve_unknown(b, r);
    }
    const FuncDef *eq = resolve_cmp(b, "=", &l, &r, location);
    if (!eq) return NULL;
    Expr *args[2] = {l, r};
    Expr *e =
        bind_bool_node(b, distinct ? EXPR_IS_DISTINCT : EXPR_IS_NOT_DISTINCT, args, 2, location);
    e->u.func.def = eq;
    return e;
}

static Expr *bind_a_expr(Binder *b, BindScope *scope, PgQuery__AExpr *ae)
{
    const char *op = NULL;
    for (size_t i = 0; i < ae->n_name; i++) op = pgq_str(ae->name[i]);
    switch (ae->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
        if (ae->lexpr && (bind_is_row(ae->lexpr) || bind_is_row(ae->rexpr)))
            return bind_row_compare(b, scope, op, ae->lexpr, ae->rexpr, ae->location);
        Expr *l = ae->lexpr ? bind_expr(b, scope, ae->lexpr) : NULL;
        if (ae->lexpr && !l) return NULL;
        Expr *r = bind_expr(b, scope, ae->rexpr);
        if (!r) return NULL;
        /* Constant-fold negative numeric literals so -2147483648 is an int4. */
        if (!l && strcmp(op, "-") == 0 && r->kind == EXPR_CONST && !r->u.value.is_null) {
            Value v = r->u.value;
            if (v.type.id == TYPE_INT4 && v.u.i32 != INT32_MIN) {
                v.u.i32 = -v.u.i32;
                Expr *c = expr_make_const(b->arena, &v);
                c->location = loc1(ae->location);
                return c;
            }
            if (v.type.id == TYPE_INT8 && v.u.i64 == (int64_t)2147483648LL) {
                Expr *c = make_const_i64(b, INT32_MIN, ae->location);
                return c;
            }
        }
        return bind_operator(b, op, l, r, ae->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
        Expr *l = bind_expr(b, scope, ae->lexpr);
        Expr *r = l ? bind_expr(b, scope, ae->rexpr) : NULL;
        if (!r) return NULL;
        return bind_operator(b, op, l, r, ae->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
        bool distinct = ae->kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT;
        if (bind_is_row(ae->lexpr) || bind_is_row(ae->rexpr))
            return bind_row_compare(b, scope, distinct ? "IS DISTINCT" : "IS NOT DISTINCT",
                                    ae->lexpr, ae->rexpr, ae->location);
        Expr *l = bind_expr(b, scope, ae->lexpr);
        Expr *r = l ? bind_expr(b, scope, ae->rexpr) : NULL;
        if (!r) return NULL;
        return bind_is_distinct(b, l, r, distinct, ae->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
        Expr *l = bind_expr(b, scope, ae->lexpr);
        Expr *r = l ? bind_expr(b, scope, ae->rexpr) : NULL;
        if (!r) return NULL;
        if (l->type.id == TYPE_UNKNOWN && r->type.id == TYPE_UNKNOWN) {
            l = bind_resolve_unknown(b, l);
            r = bind_resolve_unknown(b, r);
        }
        Expr *l2 = l, *r2 = r;
        const FuncDef *eq = resolve_cmp(b, "=", &l2, &r2, ae->location);
        if (!eq) return NULL;
        Expr *e = new_expr(b, EXPR_NULLIF, l2->type, loc1(ae->location));
        e->nargs = 2;
        e->args = ARENA_NEW_ARRAY(b->arena, Expr *, 2);
        e->args[0] = l2;
        e->args[1] = r2;
        e->u.func.def = eq;
        return e;
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        return bind_in_list(b, scope, ae, strcmp(op, "<>") == 0);
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
        bool not_ = ae->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN ||
                    ae->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        bool sym = ae->kind == PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM ||
                   ae->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM;
        PgQuery__List *list = ae->rexpr->list;
        Expr *x = bind_expr(b, scope, ae->lexpr);
        Expr *lo = x ? bind_expr(b, scope, list->items[0]) : NULL;
        Expr *hi = lo ? bind_expr(b, scope, list->items[1]) : NULL;
        if (!hi) return NULL;
        Expr *a1 = bind_operator(b, not_ ? "<" : ">=", x, lo, ae->location);
        Expr *a2 = a1 ? bind_operator(b, not_ ? ">" : "<=", x, hi, ae->location) : NULL;
        if (!a2) return NULL;
        Expr *pair[2] = {a1, a2};
        Expr *e = bind_bool_node(b, not_ ? EXPR_OR : EXPR_AND, pair, 2, ae->location);
        if (!sym) return e;
        Expr *b1 = bind_operator(b, not_ ? "<" : ">=", x, hi, ae->location);
        Expr *b2 = b1 ? bind_operator(b, not_ ? ">" : "<=", x, lo, ae->location) : NULL;
        if (!b2) return NULL;
        Expr *pair2[2] = {b1, b2};
        Expr *e2 = bind_bool_node(b, not_ ? EXPR_OR : EXPR_AND, pair2, 2, ae->location);
        Expr *both[2] = {e, e2};
        return bind_bool_node(b, not_ ? EXPR_AND : EXPR_OR, both, 2, ae->location);
    }
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
        return bind_any_array(b, scope, ae, op, ae->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL);
    case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR: {
        /* x [NOT] SIMILAR TO p: the parser made p similar_to_escape(p [, esc]) */
        Expr *l = bind_expr(b, scope, ae->lexpr);
        Expr *r = l ? bind_expr(b, scope, ae->rexpr) : NULL;
        if (!r) return NULL;
        return bind_operator(b, op, l, r, ae->location);
    }
    default:
        break;
    }
    ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "this expression kind is not supported yet");
    return fail_at(b, ae->location);
}

static Expr *bind_case(Binder *b, BindScope *scope, PgQuery__CaseExpr *ce)
{
    int nwhen = (int)ce->n_args;
    Expr *arg = NULL;
    if (ce->arg) {
        arg = bind_expr(b, scope, ce->arg);
        if (!arg) return NULL;
    }
    Expr **results = ARENA_NEW_ARRAY(b->arena, Expr *, nwhen + 1);
    Expr **conds = ARENA_NEW_ARRAY(b->arena, Expr *, nwhen);
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, nwhen + 1);
    for (int i = 0; i < nwhen; i++) {
        PgQuery__CaseWhen *w = ce->args[i]->case_when;
        Expr *c = bind_expr(b, scope, w->expr);
        if (!c) return NULL;
        if (arg) {
            c = bind_operator(b, "=", arg, c, w->location);
            if (!c) return NULL;
        }
        conds[i] = coerce_bool(b, c, "CASE/WHEN");
        if (!conds[i]) return NULL;
        results[i] = bind_expr(b, scope, w->result);
        if (!results[i]) return NULL;
        types[i] = results[i]->type;
    }
    int nres = nwhen;
    if (ce->defresult) {
        results[nwhen] = bind_expr(b, scope, ce->defresult);
        if (!results[nwhen]) return NULL;
        types[nres++] = results[nwhen]->type;
    }
    OmType common;
    if (type_common(types, nres, "CASE", &common, b->err) != 0) return fail_at(b, ce->location);
    if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
    Expr *e = new_expr(b, EXPR_CASE, common, loc1(ce->location));
    e->nargs = nwhen * 2 + 1;
    e->args = ARENA_NEW_ARRAY(b->arena, Expr *, e->nargs);
    for (int i = 0; i < nwhen; i++) {
        e->args[2 * i] = conds[i];
        e->args[2 * i + 1] = bind_coerce(b, results[i], common, CAST_IMPLICIT, ce->location);
        if (!e->args[2 * i + 1]) return NULL;
    }
    e->args[nwhen * 2] = ce->defresult
                             ? bind_coerce(b, results[nwhen], common, CAST_IMPLICIT, ce->location)
                             : make_null_const(b, common, ce->location);
    if (!e->args[nwhen * 2]) return NULL;
    return e;
}

static Expr *bind_coalesce_like(Binder *b, BindScope *scope, PgQuery__Node **nodes, int n,
                                ExprKind kind, const char *what, const char *func, int location)
{
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n);
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n);
    for (int i = 0; i < n; i++) {
        args[i] = bind_expr(b, scope, nodes[i]);
        if (!args[i]) return NULL;
        types[i] = args[i]->type;
    }
    OmType common;
    if (type_common(types, n, what, &common, b->err) != 0) return fail_at(b, location);
    if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
    for (int i = 0; i < n; i++) {
        args[i] = bind_coerce(b, args[i], common, CAST_IMPLICIT, location);
        if (!args[i]) return NULL;
    }
    if (func) return apply_func(b, func, args, n, location);
    Expr *e = new_expr(b, kind, common, loc1(location));
    e->nargs = n;
    e->args = args;
    return e;
}

/* ---- function calls ---- */

static int fail_agg(Binder *b, int location)
{
    fail_at(b, location);
    return -1;
}

void bind_sort_direction(const PgQuery__SortBy *sb, SortKey *k)
{
    k->desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
        k->nulls_first = true;
    else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
        k->nulls_first = false;
    else
        k->nulls_first = k->desc;
}

int bind_sort_using(Binder *b, const PgQuery__SortBy *sb, OmType type, SortKey *k)
{
    const char *op = "";
    for (size_t i = 0; i < sb->n_use_op; i++) op = pgq_str(sb->use_op[i]);
    bool pattern = strcmp(op, "~<~") == 0 || strcmp(op, "~>~") == 0;
    bool lt = strcmp(op, "<") == 0 || strcmp(op, "~<~") == 0;
    bool gt = strcmp(op, ">") == 0 || strcmp(op, "~>~") == 0;
    /* the pattern operators (text_pattern_ops) order text bytewise, which is
     * OmenDB's one collation, so they are < and > there */
    bool text = type.id == TYPE_TEXT || type.id == TYPE_VARCHAR || type.id == TYPE_BPCHAR;
    Expr *l = new_expr(b, EXPR_PARAM, type, 0), *r = new_expr(b, EXPR_PARAM, type, 0);
    if (pattern && !text) {
        char tn[64];
        type_format(type, tn, sizeof(tn));
        ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s", tn, op, tn);
        return fail_agg(b, sb->location);
    }
    if (!resolve_cmp(b, pattern ? (lt ? "<" : ">") : op, &l, &r, sb->location)) return -1;
    if (!lt && !gt) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "operator %s is not a valid ordering operator", op);
        error_hint(b->err, "Ordering operators must be \"<\" or \">\" members of btree operator "
                           "families.");
        return fail_agg(b, sb->location);
    }
    k->desc = gt;
    if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
        k->nulls_first = true;
    else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
        k->nulls_first = false;
    else
        k->nulls_first = gt;
    return 0;
}

int bind_sort_key(Binder *b, BindScope *scope, const PgQuery__SortBy *sb, SortKey *k)
{
    Expr *e = bind_expr(b, scope, sb->node);
    if (!e || !(e = bind_resolve_unknown(b, e))) return -1;
    k->expr = e;
    if (sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_USING)
        return bind_sort_using(b, sb, e->type, k);
    bind_sort_direction(sb, k);
    return 0;
}

bool bind_uses_this_level(const Expr *e)
{
    if (!e) return false;
    if (e->kind == EXPR_VAR) return e->u.var.levelsup == 0;
    if (e->kind == EXPR_SUBLINK && !e->u.sublink.fn_call) return e->u.sublink.query->is_correlated;
    for (int i = 0; i < e->nargs; i++)
        if (bind_uses_this_level(e->args[i])) return true;
    return false;
}

/* The smallest levelsup of the Vars in e (INT_MAX: none; subqueries not searched). */
static int min_var_level(const Expr *e)
{
    if (!e) return INT_MAX;
    if (e->kind == EXPR_VAR) return e->u.var.levelsup;
    int m = INT_MAX;
    for (int i = 0; i < e->nargs; i++) {
        int l = min_var_level(e->args[i]);
        if (l < m) m = l;
    }
    return m;
}

int bind_agg_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name, bool over,
                  AggCall *call)
{
    /* percentile_cont(0.5) without WITHIN GROUP matches no function (42883,
     * from agg_resolve); called with all its arguments it is 42809 */
    if (agg_is_ordered_set(name) && !fc->agg_within_group &&
        (int)fc->n_args == (strcmp(name, "mode") == 0 ? 1 : 2)) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
            "WITHIN GROUP is required for ordered-set aggregate %s", name);
        return fail_agg(b, fc->location);
    }
    if (!fc->agg_star && fc->n_args == 0 && strcmp(name, "count") == 0) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
            "count(*) must be used to call a parameterless aggregate function");
        return fail_agg(b, fc->location);
    }
    /* arguments: the call's (direct ones for ordered-set aggregates), then WITHIN GROUP's */
    int ndirect = fc->agg_within_group ? (int)fc->n_args : 0;
    int norder = (int)fc->n_agg_order;
    int nargs = (int)fc->n_args + (fc->agg_within_group ? norder : 0);
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, nargs > 0 ? nargs : 1);
    SortKey *order = ARENA_NEW_ARRAY(b->arena, SortKey, norder > 0 ? norder : 1);
    bool saved = scope->in_agg_arg;
    scope->in_agg_arg = !over; /* a window aggregate's arguments may hold aggregates */
    int rc = 0;
    for (int i = 0; rc == 0 && i < (int)fc->n_args; i++) {
        args[i] = bind_expr(b, scope, fc->args[i]); /* unknown: agg_resolve decides */
        if (!args[i]) rc = -1;
    }
    for (int i = 0; rc == 0 && i < norder; i++) {
        rc = bind_sort_key(b, scope, fc->agg_order[i]->sort_by, &order[i]);
        if (rc == 0 && fc->agg_within_group) args[ndirect + i] = order[i].expr;
    }
    if (rc == 0 && fc->agg_filter) {
        bool saved_filter = scope->in_agg_filter;
        scope->in_agg_filter = true;
        call->filter = bind_bool_expr(b, scope, fc->agg_filter, "FILTER");
        scope->in_agg_filter = saved_filter;
        if (!call->filter) rc = -1;
    }
    scope->in_agg_arg = saved;
    if (rc != 0) return -1;
    /* PostgreSQL assigns an aggregate whose arguments only use columns of an
     * outer query to that query; inside that query's aggregate argument it is
     * a nested aggregate */
    int level = INT_MAX;
    for (int i = 0; i < nargs; i++) {
        int l = min_var_level(args[i]);
        if (l < level) level = l;
    }
    for (int i = 0; i < norder; i++) {
        int l = min_var_level(order[i].expr);
        if (l < level) level = l;
    }
    if (level != INT_MAX && level > 0) {
        BindScope *up = scope;
        for (int i = 0; i < level && up; i++) up = up->parent;
        if (up && up->in_agg_arg) {
            ERR(b->err, SQLSTATE_GROUPING_ERROR, "aggregate function calls cannot be nested");
            return fail_agg(b, fc->location);
        }
    }
    /* ... and that query cannot aggregate in its own FROM clause, where a
     * LATERAL item sits (the FILTER counts too) */
    int flevel = min_var_level(call->filter);
    if (flevel < level) level = flevel;
    if (level != INT_MAX && level > 0) {
        BindScope *up = scope;
        for (int i = 0; i < level && up; i++) up = up->parent;
        if (up && up->lateral_active) {
            ERR(b->err, SQLSTATE_GROUPING_ERROR,
                "aggregate functions are not allowed in FROM clause of their own query level");
            return fail_agg(b, fc->location);
        }
    }

    for (int i = 0; i < nargs; i++)
        if (args[i]->type.id == TYPE_RECORD && strncmp(name, "json", 4) == 0) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s of a record value is not supported yet",
                name);
            error_hint(b->err,
                       "Aggregate a FROM item's row (%s(t)) or build an object with "
                       "json_build_object.",
                       name);
            return fail_agg(b, fc->location);
        }
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, nargs > 0 ? nargs : 1);
    OmType *targets = ARENA_NEW_ARRAY(b->arena, OmType, nargs > 0 ? nargs : 1);
    for (int i = 0; i < nargs; i++) types[i] = args[i]->type;
    if (agg_resolve(name, nargs, types, fc->agg_star, fc->agg_within_group, &call->kind,
                    &call->result_type, targets, b->err) != 0)
        return fail_agg(b, fc->location);
    for (int i = 0; i < nargs; i++) {
        args[i] = bind_coerce(b, args[i], targets[i], CAST_IMPLICIT, fc->location);
        if (!args[i]) return -1;
    }
    if (fc->agg_within_group) {
        /* the ordered-set aggregates take one direct argument at most */
        if (ndirect == 1) {
            call->direct = args[0];
            if (bind_uses_this_level(call->direct)) {
                ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "direct arguments of ordered-set aggregates that use columns are not "
                    "supported yet");
                return fail_agg(b, fc->location);
            }
        }
        call->arg = args[ndirect];
        order[0].expr = call->arg;
    } else {
        call->arg = nargs > 0 ? args[0] : NULL;
        call->arg2 = nargs > 1 ? args[1] : NULL;
        if (fc->agg_distinct) {
            for (int k = 0; k < norder; k++) {
                bool found = false;
                for (int i = 0; i < nargs && !found; i++)
                    found = bound_expr_equal(order[k].expr, args[i]);
                if (!found) {
                    ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                        "in an aggregate with DISTINCT, ORDER BY expressions must appear in "
                        "argument list");
                    if (order[k].expr->location > 0)
                        error_position(b->err, order[k].expr->location);
                    return -1;
                }
            }
        }
    }
    /* PostgreSQL sorts a DISTINCT aggregate's input on its arguments, so the
     * order-sensitive ones (array_agg(DISTINCT x), string_agg, json_agg)
     * come out in that order */
    bool order_sensitive = call->kind == AGG_ARRAY_AGG || call->kind == AGG_STRING_AGG ||
                           call->kind == AGG_JSON_AGG || call->kind == AGG_JSONB_AGG;
    if (fc->agg_distinct && norder == 0 && order_sensitive && call->arg) {
        order = ARENA_NEW_ARRAY(b->arena, SortKey, 1);
        order[0] = (SortKey){call->arg, false, false};
        norder = 1;
    }
    call->distinct = fc->agg_distinct;
    call->norder = norder;
    call->order = norder > 0 ? order : NULL;
    return 0;
}

const char *bind_no_agg_clause(BindClause clause)
{
    switch (clause) {
    case CLAUSE_WHERE:
        return "WHERE";
    case CLAUSE_JOIN_ON:
        return "JOIN conditions";
    case CLAUSE_GROUP_BY:
        return "GROUP BY";
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

static Expr *bind_aggregate(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name)
{
    const char *where = bind_no_agg_clause(scope->clause);
    if (where) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR, "aggregate functions are not allowed in %s", where);
        return fail_at(b, fc->location);
    }
    if (scope->in_agg_arg) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR, "aggregate function calls cannot be nested");
        return fail_at(b, fc->location);
    }
    AggCall call;
    memset(&call, 0, sizeof(call));
    if (bind_agg_call(b, scope, fc, name, false, &call) != 0) return NULL;
    BoundQuery *q = scope->query;
    q->aggs = arena_realloc(b->arena, q->aggs, sizeof(AggCall) * (size_t)q->naggs,
                            sizeof(AggCall) * (size_t)(q->naggs + 1));
    q->aggs[q->naggs] = call;
    Expr *e = new_expr(b, EXPR_AGGREF, call.result_type, loc1(fc->location));
    e->u.aggref.index = q->naggs++;
    q->has_aggs_or_group = true;
    return e;
}

/* A call of a name some user-defined function has: that function when one
 * fits the arguments (named ones too), else the built-in one. */
static Expr *bind_user_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *schema,
                            const char *name)
{
    int n = (int)fc->n_args;
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, n > 0 ? n : 1);
    PgQuery__Node **argv = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, n > 0 ? n : 1);
    if (bind_split_named_args(b, fc, argv, names) != 0) return NULL;
    bool named = false;
    for (int i = 0; i < n; i++) {
        named |= names[i] != NULL;
        args[i] = bind_expr(b, scope, argv[i]);
        if (!args[i]) return NULL;
    }
    bool found = false;
    Expr *e = bind_user_function(b, schema, name, args, names, n, fc->location, &found);
    if (e && srf_of_expr(e) && bind_srf_placement(b, scope, fc->location) != 0) return NULL;
    if (found || b->err->is_set) return e;
    if (schema || named) {
        char *qual = arena_alloc(b->arena, strlen(name) + (schema ? strlen(schema) : 0) + 2);
        sprintf(qual, "%s%s%s", schema ? schema : "", schema ? "." : "", name);
        OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
        for (int i = 0; i < n; i++) types[i] = args[i]->type;
        func_resolve_fail(qual, types, n, b->err);
        return fail_at(b, fc->location);
    }
    return apply_func(b, name, args, n, fc->location);
}

static Expr *bind_func_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc)
{
    const char *name = NULL;
    const char *schema = NULL;
    for (size_t i = 0; i < fc->n_funcname; i++) {
        schema = name;
        name = pgq_str(fc->funcname[i]);
    }
    if (schema && strcmp(schema, "pg_catalog") != 0) {
        const SrfDef *srf = srf_lookup_schema(schema, name);
        if (srf) return bind_srf_call(b, scope, fc, srf);
        if (b->catalog && catalog_function_name_used(b->catalog, name))
            return bind_user_call(b, scope, fc, schema, name);
        if (b->catalog && !catalog_schema_resolve(b->catalog, schema, b->settings->search_path))
            ERR(b->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist", schema);
        else
            ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "function %s.%s does not exist", schema, name);
        return fail_at(b, fc->location);
    }
    fc = bind_row_json_rewrite(b, scope, fc, &name);
    if (fc->over && !agg_name_known(name) && !bind_is_window_function(name) && b->catalog &&
        catalog_function_name_used(b->catalog, name)) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
            "OVER specified, but %s is not a window function nor an aggregate function", name);
        return fail_at(b, fc->location);
    }
    if (fc->over) return bind_window_call(b, scope, fc, name, agg_name_known(name));
    if (fc->agg_within_group && bind_is_window_function(name)) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "hypothetical-set aggregates (%s ... WITHIN GROUP) are not supported yet", name);
        return fail_at(b, fc->location);
    }
    if (bind_is_window_function(name)) {
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "window function %s requires an OVER clause", name);
        return fail_at(b, fc->location);
    }
    if (agg_name_known(name)) return bind_aggregate(b, scope, fc, name);
    if (fc->agg_star || fc->agg_distinct || fc->n_agg_order > 0 || fc->agg_filter) {
        const char *what = fc->agg_star       ? "*"
                           : fc->agg_distinct ? "DISTINCT"
                           : fc->agg_filter   ? "FILTER"
                                              : "ORDER BY";
        if (fc->agg_within_group) what = "WITHIN GROUP";
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "%s specified, but %s is not an aggregate function",
            what, name);
        return fail_at(b, fc->location);
    }
    if (srf_lookup(name)) return bind_srf_call(b, scope, fc, srf_lookup(name));
    if (!schema && b->catalog && catalog_function_name_used(b->catalog, name))
        return bind_user_call(b, scope, fc, NULL, name);
    int n = 0;
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, fc->n_args > 0 ? fc->n_args : 1);
    for (size_t i = 0; i < fc->n_args; i++) {
        Expr *a = bind_expr(b, scope, fc->args[i]);
        if (!a) return NULL;
        /* a void parameter is dropped, as PostgreSQL's parser does, so that
         * JDBC's "select * from f($1, $2)" for {? = call f(?)} calls f($2) */
        if (a->kind == EXPR_PARAM && a->type.id == TYPE_VOID) continue;
        args[n++] = a;
    }
    return apply_func(b, name, args, n, fc->location);
}

static Expr *bind_sql_value_function(Binder *b, PgQuery__SQLValueFunction *f)
{
    const char *name = NULL;
    switch (f->op) {
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
        name = "current_date";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
        name = "now";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
        name = "localtimestamp";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
        name = "localtime";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
        name = "current_user";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
        name = "session_user";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
        name = "current_database";
        break;
    case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
        name = "current_schema";
        break;
    default:
        break;
    }
    if (!name) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "this SQL value function is not supported");
        return fail_at(b, f->location);
    }
    return apply_func(b, name, NULL, 0, f->location);
}

/* Casts the one output column of a subquery to `type`: its target, its VALUES
 * rows, or those of every branch of a set operation (UNION ...). */
static int coerce_output_in(Binder *b, BoundQuery *q, int col, OmType type, int ctx, int location)
{
    if (q->is_setop) {
        if (coerce_output_in(b, q->larg, col, type, ctx, location) != 0 ||
            coerce_output_in(b, q->rarg, col, type, ctx, location) != 0)
            return -1;
    } else if (q->targets) {
        q->targets[col] = bind_coerce(b, q->targets[col], type, ctx, location);
        if (!q->targets[col]) return -1;
    }
    for (int r = 0; r < q->nvalues; r++) { /* VALUES rows */
        q->values[r][col] = bind_coerce(b, q->values[r][col], type, ctx, location);
        if (!q->values[r][col]) return -1;
    }
    q->out_types[col] = type;
    return 0;
}

static int coerce_output_column(Binder *b, BoundQuery *q, int col, OmType type, int location)
{
    return coerce_output_in(b, q, col, type, CAST_IMPLICIT, location);
}

int bind_coerce_output(Binder *b, BoundQuery *q, int col, OmType type, int ctx)
{
    return coerce_output_in(b, q, col, type, ctx, 0);
}

static int coerce_single_output(Binder *b, BoundQuery *q, OmType type, int location)
{
    return coerce_output_column(b, q, 0, type, location);
}

/* `(a, b) op ANY/ALL (SELECT x, y ...)` (IN is = ANY): the row's values,
 * compared column by column; op is = (every column matches) or <> (any
 * differs), as PostgreSQL's row comparisons with a subquery allow. */
static Expr *bind_row_sublink(Binder *b, PgQuery__SubLink *sl, Expr *e, Expr **row, int nrow,
                              const char *op)
{
    BoundQuery *sub = e->u.sublink.query;
    if (sub->ntargets != nrow) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR,
            sub->ntargets > nrow ? "subquery has too many columns"
                                 : "subquery has too few columns");
        return fail_at(b, sl->location);
    }
    bool ne = strcmp(op, "<>") == 0;
    bool order = strcmp(op, "<") == 0 || strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 ||
                 strcmp(op, ">=") == 0;
    if (!ne && !order && strcmp(op, "=") != 0) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "row comparison with %s and a subquery is not supported yet", op);
        return fail_at(b, sl->location);
    }
    const FuncDef **cmps = ARENA_NEW_ARRAY(b->arena, const FuncDef *, nrow);
    const FuncDef **eqs = order ? ARENA_NEW_ARRAY(b->arena, const FuncDef *, nrow) : NULL;
    for (int i = 0; i < nrow; i++) {
        Expr *rhs = new_expr(b, EXPR_PARAM, sub->out_types[i], 0);
        Expr *l = row[i], *r = rhs;
        cmps[i] = resolve_cmp(b, op, &l, &r, sl->location);
        if (!cmps[i]) return NULL;
        if (r != rhs && coerce_output_column(b, sub, i, r->type, sl->location) != 0) return NULL;
        row[i] = l;
        if (order) { /* the = of the same (now equal) types */
            Expr *l2 = l, *r2 = new_expr(b, EXPR_PARAM, r->type, 0);
            eqs[i] = resolve_cmp(b, "=", &l2, &r2, sl->location);
            if (!eqs[i]) return NULL;
        }
    }
    e->nargs = nrow;
    e->args = row;
    e->u.sublink.cmp = cmps[0];
    e->u.sublink.nrow = nrow;
    e->u.sublink.row_cmps = cmps;
    e->u.sublink.row_ne = ne;
    e->u.sublink.row_eq_cmps = eqs;
    e->u.sublink.row_or_equal = order && op[1] == '=';
    return e;
}

/* The fields of a ROW(...) bound one by one (NULL on error). */
static Expr **bind_row_fields(Binder *b, BindScope *scope, const PgQuery__RowExpr *re)
{
    int n = (int)re->n_args;
    Expr **row = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        row[i] = bind_expr(b, scope, re->args[i]);
        if (!row[i]) return NULL;
    }
    return row;
}

/* Binds the subquery of sl (its own level, seeing this one) into a new
 * boolean EXPR_SUBLINK of `kind`. */
static Expr *new_sublink(Binder *b, BindScope *scope, PgQuery__SubLink *sl, SubLinkKind kind)
{
    BindClause saved = scope->clause;
    BoundQuery *sub = bind_select(b, scope, sl->subselect->select_stmt, scope->ctes);
    scope->clause = saved;
    if (!sub) return NULL;
    if (sub->is_correlated) scope->query->is_correlated = scope->parent != NULL;
    Expr *e = new_expr(b, EXPR_SUBLINK, OM_TYPE(TYPE_BOOL), loc1(sl->location));
    e->u.sublink.kind = kind;
    e->u.sublink.query = sub;
    return e;
}

Expr *bind_row_compare_sublink(Binder *b, BindScope *scope, PgQuery__RowExpr *re,
                               PgQuery__SubLink *sl, const char *op)
{
    Expr **row = bind_row_fields(b, scope, re);
    if (!row) return NULL;
    if (re->n_args < 2) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "comparing a one-column row with a subquery is not supported yet");
        return fail_at(b, sl->location);
    }
    Expr *e = new_sublink(b, scope, sl, SUBLINK_ROWCOMPARE);
    return e ? bind_row_sublink(b, sl, e, row, (int)re->n_args, op) : NULL;
}

static Expr *bind_sublink(Binder *b, BindScope *scope, PgQuery__SubLink *sl)
{
    SubLinkKind kind;
    if (scope->clause == CLAUSE_CHECK) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot use subquery in check constraint");
        return fail_at(b, sl->location);
    }
    switch (sl->sub_link_type) {
    case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
        kind = SUBLINK_EXISTS;
        break;
    case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
        kind = SUBLINK_SCALAR;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
        kind = SUBLINK_ANY;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK:
        kind = SUBLINK_ALL;
        break;
    case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
        kind = SUBLINK_ARRAY;
        break;
    default:
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "this kind of subquery is not supported yet");
        return fail_at(b, sl->location);
    }
    Expr *test = NULL;
    Expr **row = NULL;
    int nrow = 0;
    bool has_test = kind == SUBLINK_ANY || kind == SUBLINK_ALL;
    if (sl->testexpr && has_test && bind_is_row(sl->testexpr)) {
        nrow = (int)sl->testexpr->row_expr->n_args;
        row = bind_row_fields(b, scope, sl->testexpr->row_expr);
        if (!row) return NULL;
    } else if (sl->testexpr) {
        test = bind_expr(b, scope, sl->testexpr);
        if (!test) return NULL;
    }
    Expr *e = new_sublink(b, scope, sl, kind);
    if (!e) return NULL;
    BoundQuery *sub = e->u.sublink.query;
    if (kind == SUBLINK_SCALAR || kind == SUBLINK_ARRAY) {
        if (sub->ntargets != 1) {
            ERR(b->err, SQLSTATE_SYNTAX_ERROR, "subquery must return only one column");
            return fail_at(b, sl->location);
        }
        e->type = sub->out_types[0];
        if (kind == SUBLINK_ARRAY) {
            if (e->type.id == TYPE_UNKNOWN || e->type.id == TYPE_NULL) {
                if (coerce_single_output(b, sub, OM_TYPE(TYPE_TEXT), sl->location) != 0)
                    return NULL;
                e->type = OM_TYPE(TYPE_TEXT);
            }
            TypeId at = type_array_of(e->type.id);
            if (at == TYPE_INVALID) {
                char tn[64];
                type_format(e->type, tn, sizeof(tn));
                ERR(b->err, SQLSTATE_UNDEFINED_OBJECT, "could not find array type for data type %s",
                    tn);
                return fail_at(b, sl->location);
            }
            e->type = (OmType){at, e->type.typmod};
        }
        return e;
    }
    if (kind == SUBLINK_EXISTS) return e;
    /* IN / op ANY / op ALL */
    if (row) {
        const char *rop = "=";
        for (size_t i = 0; i < sl->n_oper_name; i++) rop = pgq_str(sl->oper_name[i]);
        return bind_row_sublink(b, sl, e, row, nrow, rop);
    }
    if (sub->ntargets != 1) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR,
            sub->ntargets > 1 ? "subquery has too many columns" : "subquery has too few columns");
        return fail_at(b, sl->location);
    }
    const char *op = "=";
    for (size_t i = 0; i < sl->n_oper_name; i++) op = pgq_str(sl->oper_name[i]);
    /* Resolve the comparison against a placeholder of the subquery's output type. */
    Expr *rhs = new_expr(b, EXPR_PARAM, sub->out_types[0], 0);
    Expr *l = test, *r = rhs;
    const FuncDef *cmp = resolve_cmp(b, op, &l, &r, sl->location);
    if (!cmp) return NULL;
    if (r != rhs) {
        /* The subquery output needs a cast: wrap its single target. */
        if (coerce_single_output(b, sub, r->type, sl->location) != 0) return NULL;
    }
    e->nargs = 1;
    e->args = ARENA_NEW_ARRAY(b->arena, Expr *, 1);
    e->args[0] = l;
    e->u.sublink.cmp = cmp;
    return e;
}

static Expr *bind_expr_node(Binder *b, BindScope *scope, PgQuery__Node *node);

Expr *bind_expr(Binder *b, BindScope *scope, PgQuery__Node *node)
{
    if (b->depth >= BIND_MAX_DEPTH) {
        ERR(b->err, SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
        error_hint(b->err, "The expression nests more than %d levels deep.", BIND_MAX_DEPTH);
        return NULL;
    }
    b->depth++;
    Expr *e = bind_expr_node(b, scope, node);
    b->depth--;
    return e;
}

static Expr *bind_expr_node(Binder *b, BindScope *scope, PgQuery__Node *node)
{
    if (!node) {
        ERR(b->err, SQLSTATE_INTERNAL_ERROR, "missing expression");
        return NULL;
    }
    switch (node->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST:
        return bind_const(b, node->a_const);
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return bind_column_ref(b, scope, node->column_ref);
    case PG_QUERY__NODE__NODE_A_EXPR:
        return bind_a_expr(b, scope, node->a_expr);
    case PG_QUERY__NODE__NODE_BOOL_EXPR: {
        PgQuery__BoolExpr *be = node->bool_expr;
        int n = (int)be->n_args;
        Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, n);
        const char *what = be->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? "AND"
                           : be->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? "OR"
                                                                             : "NOT";
        for (int i = 0; i < n; i++) {
            args[i] = coerce_bool(b, bind_expr(b, scope, be->args[i]), what);
            if (!args[i]) return NULL;
        }
        ExprKind kind = be->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? EXPR_AND
                        : be->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? EXPR_OR
                                                                          : EXPR_NOT;
        return bind_bool_node(b, kind, args, n, be->location);
    }
    case PG_QUERY__NODE__NODE_NULL_TEST: {
        PgQuery__NullTest *nt = node->null_test;
        if (bind_is_row(nt->arg))
            return bind_row_null_test(b, scope, nt->arg,
                                      nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL,
                                      nt->location);
        Expr *arg = bind_expr(b, scope, nt->arg);
        if (!arg) return NULL;
        arg = bind_resolve_unknown(b, arg);
        Expr *args[1] = {arg};
        return bind_bool_node(
            b,
            nt->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ? EXPR_IS_NULL : EXPR_IS_NOT_NULL,
            args, 1, nt->location);
    }
    case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
        PgQuery__BooleanTest *bt = node->boolean_test;
        Expr *arg = coerce_bool(b, bind_expr(b, scope, bt->arg), "IS TRUE");
        if (!arg) return NULL;
        Expr *args[1] = {arg};
        switch (bt->booltesttype) {
        case PG_QUERY__BOOL_TEST_TYPE__IS_TRUE:
            return bind_bool_node(b, EXPR_IS_TRUE, args, 1, bt->location);
        case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_TRUE:
            return bind_bool_node(b, EXPR_IS_NOT_TRUE, args, 1, bt->location);
        case PG_QUERY__BOOL_TEST_TYPE__IS_FALSE:
            return bind_bool_node(b, EXPR_IS_FALSE, args, 1, bt->location);
        case PG_QUERY__BOOL_TEST_TYPE__IS_NOT_FALSE:
            return bind_bool_node(b, EXPR_IS_NOT_FALSE, args, 1, bt->location);
        case PG_QUERY__BOOL_TEST_TYPE__IS_UNKNOWN:
            return bind_bool_node(b, EXPR_IS_NULL, args, 1, bt->location);
        default:
            return bind_bool_node(b, EXPR_IS_NOT_NULL, args, 1, bt->location);
        }
    }
    case PG_QUERY__NODE__NODE_TYPE_CAST: {
        PgQuery__TypeCast *tc = node->type_cast;
        OmType t;
        if (bind_type_name(b, tc->type_name, &t) != 0) return NULL;
        Expr *arg = tc->arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR
                        ? bind_array_ctor(b, scope, tc->arg->a_array_expr, t)
                        : bind_expr(b, scope, tc->arg);
        if (!arg) return NULL;
        Expr *e = bind_coerce(b, arg, t, CAST_EXPLICIT, tc->location);
        if (e && e == arg && t.typmod >= 0 && e->type.typmod != t.typmod) e->type = t;
        return e;
    }
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return bind_func_call(b, scope, node->func_call);
    case PG_QUERY__NODE__NODE_CASE_EXPR:
        return bind_case(b, scope, node->case_expr);
    case PG_QUERY__NODE__NODE_COALESCE_EXPR: {
        PgQuery__CoalesceExpr *ce = node->coalesce_expr;
        return bind_coalesce_like(b, scope, ce->args, (int)ce->n_args, EXPR_COALESCE, "COALESCE",
                                  NULL, ce->location);
    }
    case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
        PgQuery__MinMaxExpr *mm = node->min_max_expr;
        bool greatest = mm->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
        return bind_coalesce_like(b, scope, mm->args, (int)mm->n_args, EXPR_FUNC,
                                  greatest ? "GREATEST" : "LEAST", greatest ? "greatest" : "least",
                                  mm->location);
    }
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
        return bind_sql_value_function(b, node->sqlvalue_function);
    case PG_QUERY__NODE__NODE_SUB_LINK:
        return bind_sublink(b, scope, node->sub_link);
    case PG_QUERY__NODE__NODE_GROUPING_FUNC:
        return bind_grouping_func(b, scope, node->grouping_func);
    case PG_QUERY__NODE__NODE_PARAM_REF: {
        PgQuery__ParamRef *pr = node->param_ref;
        if (b->fn) return bind_fn_param_number(b, scope, pr->number, pr->location);
        if (b->pl) return pl_bind_param_number(b, pr->number, pr->location);
        if (b->param_types) return bind_param_ref(b, pr->number, pr->location);
        if (pr->number < 1 || pr->number > b->nparams) {
            ERR(b->err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%d", pr->number);
            return fail_at(b, pr->location);
        }
        Expr *e = expr_make_const(b->arena, &b->params[pr->number - 1]);
        e->location = loc1(pr->location);
        return e;
    }
    case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: {
        /* Only the collations that equal OmenDB's bytewise (C) order are
         * accepted ("default", "C", "POSIX"); they change nothing. */
        PgQuery__CollateClause *cc = node->collate_clause;
        const char *coll = cc->n_collname > 0 ? pgq_str(cc->collname[cc->n_collname - 1]) : "";
        if (!coll || (strcmp(coll, "default") != 0 && strcmp(coll, "C") != 0 &&
                      strcmp(coll, "POSIX") != 0)) {
            ERR(b->err, SQLSTATE_UNDEFINED_OBJECT,
                "collation \"%s\" for encoding \"UTF8\" does not exist", coll ? coll : "");
            return fail_at(b, cc->location);
        }
        Expr *arg = bind_expr(b, scope, cc->arg);
        if (arg && !type_is_string(arg->type.id) && arg->type.id != TYPE_NULL) {
            char tn[64];
            type_format(arg->type, tn, sizeof(tn));
            ERR(b->err, SQLSTATE_DATATYPE_MISMATCH, "collations are not supported by type %s", tn);
            return fail_at(b, cc->location);
        }
        return arg;
    }
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return bind_row_value(b, scope, node->row_expr);
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
        return bind_array_ctor(b, scope, node->a_array_expr, OM_TYPE(TYPE_INVALID));
    case PG_QUERY__NODE__NODE_A_INDIRECTION:
        return bind_record_indirection(b, scope, node->a_indirection);
    case PG_QUERY__NODE__NODE_CURRENT_OF_EXPR:
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "WHERE CURRENT OF is not supported yet");
        error_hint(b->err, "Select the row by its key (or ctid) instead.");
        return NULL;
    default:
        break;
    }
    ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "expression of node type %d is not supported yet",
        (int)node->node_case);
    return NULL;
}

Expr *bind_bool_expr(Binder *b, BindScope *scope, PgQuery__Node *node, const char *clause_name)
{
    Expr *e = bind_expr(b, scope, node);
    return coerce_bool(b, e, clause_name);
}

bool bound_expr_equal(const Expr *a, const Expr *b)
{
    if (a == b) return true;
    if (!a || !b) return false;
    if (a->kind != b->kind || a->type.id != b->type.id || a->nargs != b->nargs) return false;
    switch (a->kind) {
    case EXPR_CONST:
        if (a->u.value.is_null != b->u.value.is_null) return false;
        if (a->u.value.is_null) return true;
        if (a->type.id == TYPE_UNKNOWN) {
            StrView x = a->u.value.u.str, y = b->u.value.u.str;
            return strview_eq(&x, &y);
        }
        return value_eq(a->type.id, &a->u.value.u, &b->u.value.u);
    case EXPR_VAR:
        return a->u.var.rte == b->u.var.rte && a->u.var.attno == b->u.var.attno &&
               a->u.var.levelsup == b->u.var.levelsup;
    case EXPR_COLUMN:
        return a->u.column.index == b->u.column.index;
    case EXPR_PARAM:
        return a->u.param.index == b->u.param.index && a->u.param.stmt == b->u.param.stmt;
    case EXPR_AGGREF:
        return a->u.aggref.index == b->u.aggref.index;
    case EXPR_WINREF:
        return a->u.winref.index == b->u.winref.index;
    case EXPR_GROUPING:
        break; /* equal arguments: the same value */
    case EXPR_SUBLINK:
    case EXPR_SUBPLAN:
        return false;
    default:
        if (a->u.func.def != b->u.func.def || a->u.func.negate != b->u.func.negate) return false;
        break;
    }
    for (int i = 0; i < a->nargs; i++)
        if (!bound_expr_equal(a->args[i], b->args[i])) return false;
    return true;
}
