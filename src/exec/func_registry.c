/*
 * func_registry.c — collects the overload tables of exec/func_*.c and
 * implements PostgreSQL's resolution rules on them (func_registry.h).
 *
 * Resolution follows the PostgreSQL manual, chapter "Type Conversion",
 * sections "Operators" and "Functions": exact match (for a binary operator
 * with one unknown argument, the unknown is assumed to be the other side's
 * type); candidates reachable through implicit casts; most exact matches;
 * most preferred types where a conversion is needed; the category rules for
 * unknown literals (string category first); finally unknowns assumed to be the
 * type of the known arguments. Anything left ambiguous is 42725.
 *
 * The table is built once (pthread_once) and is read-only afterwards.
 */
#include "exec/func_registry.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "catalog/support_procs.h"
#include "catalog/type_io.h"
#include "exec/func_array.h"
#include "exec/func_catalog.h"
#include "exec/func_comment.h"
#include "exec/func_sequence.h"
#include "exec/func_int.h"
#include "exec/func_userdef.h"

#define MAX_DEFS 4096

static const FuncDef *all_defs[MAX_DEFS];
static int n_all_defs;
/* The non-cast definitions ordered by name, ties in registration order (which
 * resolution depends on), so a name's overloads are one binary search away. */
static const FuncDef *by_name[MAX_DEFS];
static int n_by_name;
/* First conversion cast from -> to (not a length coercion), or NULL. */
static const FuncDef *cast_table[TYPE__COUNT][TYPE__COUNT];
static FuncDef io_to_defs[TYPE__COUNT];   /* any -> string type via text output */
static FuncDef io_from_defs[TYPE__COUNT]; /* string -> type via text input */
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

static void add_table(const FuncDef *defs, int n)
{
    for (int i = 0; i < n && n_all_defs < MAX_DEFS; i++) all_defs[n_all_defs++] = &defs[i];
}

/* Builds by_name and cast_table from all_defs. */
static void build_indexes(void)
{
    for (int i = 0; i < n_all_defs; i++) {
        const FuncDef *d = all_defs[i];
        if (d->flags & FUNC_IS_CAST) {
            if (d->flags & FUNC_LENGTH_COERCE) continue;
            if (d->args[0] < TYPE__COUNT && d->ret < TYPE__COUNT && !cast_table[d->args[0]][d->ret])
                cast_table[d->args[0]][d->ret] = d;
            continue;
        }
        by_name[n_by_name++] = d;
    }
    /* insertion sort keeps registration order among equal names; it runs once */
    for (int i = 1; i < n_by_name; i++) {
        const FuncDef *d = by_name[i];
        int j = i - 1;
        while (j >= 0 && strcmp(by_name[j]->name, d->name) > 0) {
            by_name[j + 1] = by_name[j];
            j--;
        }
        by_name[j + 1] = d;
    }
}

/* Index in by_name of the first definition called `name` (n_by_name if none). */
static int first_named(const char *name)
{
    int lo = 0, hi = n_by_name;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (strcmp(by_name[mid]->name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void registry_init(void)
{
    add_table(func_arith_defs, func_arith_ndefs);
    add_table(func_cmp_defs, func_cmp_ndefs);
    add_table(func_cast_defs, func_cast_ndefs);
    add_table(func_string_defs, func_string_ndefs);
    add_table(func_regex_defs, func_regex_ndefs);
    add_table(func_math_defs, func_math_ndefs);
    add_table(func_datetime_defs, func_datetime_ndefs);
    add_table(func_format_defs, func_format_ndefs);
    add_table(func_bytes_defs, func_bytes_ndefs);
    add_table(func_json_defs, func_json_ndefs);
    add_table(func_json_modify_defs, func_json_modify_ndefs);
    add_table(func_inet_defs, func_inet_ndefs);
    add_table(func_record_defs, func_record_ndefs);
    add_table(func_catalog_defs, func_catalog_ndefs);
    add_table(func_acl_defs, func_acl_ndefs);
    add_table(func_advisory_defs, func_advisory_ndefs);
    add_table(func_comment_defs, func_comment_ndefs);
    add_table(func_sequence_defs, func_sequence_ndefs);
    for (int t = TYPE_BOOL; t < TYPE__COUNT; t++) {
        const TypeInfo *ti = type_info((TypeId)t);
        io_from_defs[t] = (FuncDef){ti->name,
                                    1,
                                    {TYPE_TEXT},
                                    (TypeId)t,
                                    FUNC_STRICT | FUNC_IS_CAST,
                                    func_cast_io_kernel,
                                    (Oid)(90000 + t)};
        io_to_defs[t] = (FuncDef){ti->name,
                                  1,
                                  {FUNC_ARG_ANY},
                                  (TypeId)t,
                                  FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST,
                                  func_cast_io_kernel,
                                  (Oid)(91000 + t)};
    }
    build_indexes();
}

static void ensure_init(void)
{
    pthread_once(&registry_once, registry_init);
}

int func_registry_count(void)
{
    ensure_init();
    return n_all_defs;
}

const FuncDef *func_registry_get(int i)
{
    ensure_init();
    if (i < 0 || i >= n_all_defs) return NULL;
    return all_defs[i];
}

/* ---- casts ---- */

static bool is_unknownish(TypeId t)
{
    return t == TYPE_UNKNOWN || t == TYPE_NULL;
}

static bool ctx_allows(const FuncDef *d, CastContext ctx)
{
    if (ctx == CAST_EXPLICIT) return true;
    if (d->flags & FUNC_IMPLICIT_CAST) return true;
    return ctx == CAST_ASSIGNMENT && (d->flags & FUNC_ASSIGN_CAST);
}

/* An array to another array type, or to its own type with an element typmod
 * (numeric(6,2)[]): element by element (func_array_coerce_kernel). The
 * explicit flavour truncates strings, as an explicit cast does. */
static const FuncDef array_coerce = {"array_coerce",
                                     1,
                                     {TYPE_INVALID},
                                     TYPE_INVALID,
                                     FUNC_STRICT | FUNC_IS_CAST | FUNC_IMPLICIT_CAST,
                                     func_array_coerce_kernel,
                                     0};
static const FuncDef array_coerce_explicit = {"array_coerce",
                                              1,
                                              {TYPE_INVALID},
                                              TYPE_INVALID,
                                              FUNC_STRICT | FUNC_IS_CAST | FUNC_EXPLICIT_LEN,
                                              func_array_coerce_kernel,
                                              0};

static bool is_io_string(TypeId t)
{
    return t == TYPE_TEXT || t == TYPE_VARCHAR || t == TYPE_BPCHAR || t == TYPE_NAME ||
           t == TYPE_CHAR;
}

const FuncDef *cast_find(TypeId from, TypeId to, CastContext ctx)
{
    ensure_init();
    if (to == TYPE_INVALID || to >= TYPE__COUNT || to == TYPE_UNKNOWN || to == TYPE_NULL)
        return NULL;
    if (from == to) {
        const FuncDef *best = NULL;
        for (int i = 0; i < n_all_defs; i++) {
            const FuncDef *d = all_defs[i];
            if (!(d->flags & FUNC_LENGTH_COERCE) || d->ret != to) continue;
            bool expl = (d->flags & FUNC_EXPLICIT_LEN) != 0;
            if (expl == (ctx == CAST_EXPLICIT)) return d;
            if (!best) best = d;
        }
        return best;
    }
    if (is_unknownish(from)) return &io_from_defs[to];
    if (from < TYPE__COUNT && cast_table[from][to]) {
        const FuncDef *d = cast_table[from][to];
        return ctx_allows(d, ctx) ? d : NULL;
    }
    /* an array to another array type: allowed in the contexts its elements'
     * cast is (PostgreSQL's array coercion), element by element */
    if (type_is_array(from) && type_is_array(to)) {
        TypeId ef = type_array_elem(from), et = type_array_elem(to);
        return cast_allowed(ef, et, ctx) ? &array_coerce : NULL;
    }
    /* automatic I/O conversion casts */
    if (is_io_string(to) && from != TYPE_INVALID && ctx != CAST_IMPLICIT) return &io_to_defs[to];
    if (is_io_string(from) && ctx == CAST_EXPLICIT) return &io_from_defs[to];
    return NULL;
}

bool cast_allowed(TypeId from, TypeId to, CastContext ctx)
{
    if (from == to || is_unknownish(from)) return true;
    return cast_find(from, to, ctx) != NULL;
}

static bool type_has_length_coercion(TypeId t)
{
    return t == TYPE_VARCHAR || t == TYPE_BPCHAR || t == TYPE_NUMERIC || t == TYPE_TIMESTAMP ||
           t == TYPE_TIMESTAMPTZ || t == TYPE_TIME || t == TYPE_INTERVAL;
}

static Expr *make_cast_node(Arena *arena, const FuncDef *def, Expr *arg, OmType type)
{
    Expr **args = ARENA_NEW_ARRAY(arena, Expr *, 1);
    args[0] = arg;
    Expr *n = expr_make_func(arena, def, args, 1, type);
    n->location = arg->location;
    return n;
}

static Expr *length_coerce(Arena *arena, Expr *e, OmType to, CastContext ctx)
{
    if (type_is_array(to.id) && to.typmod >= 0 && type_has_length_coercion(type_array_elem(to.id)))
        return make_cast_node(arena, ctx == CAST_EXPLICIT ? &array_coerce_explicit : &array_coerce,
                              e, to);
    if (to.typmod < 0 || !type_has_length_coercion(to.id)) {
        e->type.typmod = to.typmod;
        return e;
    }
    const FuncDef *ld = cast_find(to.id, to.id, ctx);
    if (!ld) return e;
    return make_cast_node(arena, ld, e, to);
}

Expr *cast_wrap(Arena *arena, Expr *e, OmType to, CastContext ctx, OmError *err)
{
    return cast_wrap_settings(arena, e, to, ctx, NULL, err);
}

Expr *cast_wrap_settings(Arena *arena, Expr *e, OmType to, CastContext ctx,
                         const SessionSettings *settings, OmError *err)
{
    TypeId from = e->type.id;
    bool enums = (from == TYPE_ENUM && to.id == TYPE_ENUM) ||
                 (from == TYPE_ENUM_ARRAY && to.id == TYPE_ENUM_ARRAY);
    if (enums && to.typmod > 0 && e->type.typmod > 0 &&
        e->type.typmod != to.typmod) { /* two enum types: no cast between them */
        char n0[TYPE_ENUM_LABEL_MAX * 2 + 8], n1[TYPE_ENUM_LABEL_MAX * 2 + 8];
        ERR(err, SQLSTATE_CANNOT_COERCE, "cannot cast type %s to %s",
            type_name_of(e->type, n0, sizeof(n0)), type_name_of(to, n1, sizeof(n1)));
        error_position(err, e->location);
        return NULL;
    }
    if (from == to.id) {
        if (e->type.typmod == to.typmod || to.typmod < 0) return e;
        return length_coerce(arena, e, to, ctx);
    }
    /* Unknown-literal constants are converted right away, as PostgreSQL does,
     * except for types whose input depends on session settings (DateStyle,
     * TimeZone, "now"): those get a runtime cast node. */
    if (is_unknownish(from) && e->kind == EXPR_CONST) {
        bool settings_dependent =
            settings == NULL && (to.id == TYPE_DATE || to.id == TYPE_TIMESTAMP ||
                                 to.id == TYPE_TIMESTAMPTZ || to.id == TYPE_TIME);
        if (e->u.value.is_null || !settings_dependent) {
            Value v;
            memset(&v, 0, sizeof(v));
            v.type = (OmType){to.id, TYPMOD_NONE};
            v.is_null = e->u.value.is_null;
            if (!v.is_null) {
                const StrView *s = &e->u.value.u.str;
                OmType in_type = v.type;
                if (to.id == TYPE_INTERVAL || to.id == TYPE_ENUM || to.id == TYPE_ENUM_ARRAY)
                    in_type.typmod = to.typmod;
                if (type_text_in(in_type, strview_data(s), s->len, settings, arena, &v.u, err) !=
                    0) {
                    error_position(err, e->location);
                    return NULL;
                }
            }
            Expr *c = expr_make_const(arena, &v);
            c->location = e->location;
            if (v.is_null) {
                c->type = to;
                c->u.value.type = to;
                return c;
            }
            Expr *r = length_coerce(arena, c, to, ctx);
            if (r != c) {
                /* fold the length coercion too */
                EvalCtx ec;
                memset(&ec, 0, sizeof(ec));
                Arena *tmp = arena;
                ec.arena = tmp;
                ec.err = err;
                ec.settings = settings;
                Value out;
                if (expr_eval_scalar(r, &out, &ec) != 0) return NULL;
                /* copy long strings into the arena (they already live there) */
                out.type = to;
                Expr *fc = expr_make_const(arena, &out);
                fc->location = e->location;
                return fc;
            }
            c->type = to;
            c->u.value.type = to;
            return c;
        }
    }
    const FuncDef *def = cast_find(from, to.id, ctx);
    if (def == NULL) {
        char n0[TYPE_ENUM_LABEL_MAX * 2 + 8], n1[TYPE_ENUM_LABEL_MAX * 2 + 8];
        ERR(err, SQLSTATE_CANNOT_COERCE, "cannot cast type %s to %s",
            type_name_of(e->type, n0, sizeof(n0)), type_name_of(to, n1, sizeof(n1)));
        error_position(err, e->location);
        return NULL;
    }
    Expr *conv = make_cast_node(arena, def, e, (OmType){to.id, TYPMOD_NONE});
    return length_coerce(arena, conv, to, ctx);
}

/* ---- common type ---- */

int type_common(const OmType *types, int n, const char *context, OmType *out, OmError *err)
{
    TypeId ptype = TYPE_UNKNOWN;
    int32_t typmod = TYPMOD_NONE;
    bool first = true, same_typmod = true;
    for (int i = 0; i < n; i++) {
        TypeId t = types[i].id;
        if (is_unknownish(t)) continue;
        if (first) {
            ptype = t;
            typmod = types[i].typmod;
            first = false;
            continue;
        }
        if (t == ptype) {
            if (types[i].typmod != typmod && t == TYPE_ENUM) { /* two enum types */
                char n0[TYPE_ENUM_LABEL_MAX * 2 + 8], n1[TYPE_ENUM_LABEL_MAX * 2 + 8];
                ERR(err, SQLSTATE_CANNOT_COERCE, "%s could not convert type %s to %s", context,
                    type_name_of(types[i], n1, sizeof(n1)),
                    type_name_of((OmType){t, typmod}, n0, sizeof(n0)));
                return -1;
            }
            if (types[i].typmod != typmod) same_typmod = false;
            continue;
        }
        same_typmod = false;
        const TypeInfo *pi = type_info(ptype), *ni = type_info(t);
        if (pi->category != ni->category) {
            ERR(err, SQLSTATE_DATATYPE_MISMATCH, "%s types %s and %s cannot be matched", context,
                pi->sql_name, ni->sql_name);
            return -1;
        }
        if (!pi->preferred && cast_allowed(ptype, t, CAST_IMPLICIT) &&
            !cast_allowed(t, ptype, CAST_IMPLICIT))
            ptype = t;
    }
    if (first) {
        *out = OM_TYPE(TYPE_TEXT);
        return 0;
    }
    for (int i = 0; i < n; i++) {
        TypeId t = types[i].id;
        if (t == ptype || is_unknownish(t)) continue;
        if (!cast_allowed(t, ptype, CAST_IMPLICIT)) {
            ERR(err, SQLSTATE_CANNOT_COERCE, "%s could not convert type %s to %s", context,
                type_info(t)->sql_name, type_info(ptype)->sql_name);
            return -1;
        }
    }
    *out = (OmType){ptype, same_typmod ? typmod : TYPMOD_NONE};
    return 0;
}

/* ---- resolution ---- */

#define MAX_CANDS        256
#define MAX_RESOLVE_ARGS 100

static TypeId def_arg(const FuncDef *d, int i)
{
    if (i >= d->nargs) return d->args[d->nargs - 1];
    return d->args[i];
}

static bool arity_ok(const FuncDef *d, int nargs)
{
    if (d->flags & FUNC_VARIADIC) return nargs >= d->nargs;
    return nargs == d->nargs;
}

static bool can_coerce_arg(TypeId from, TypeId to)
{
    if (to == FUNC_ARG_ANY) return true;
    if (from == to || is_unknownish(from)) return true;
    return cast_find(from, to, CAST_IMPLICIT) != NULL;
}

static bool is_operator_name(const char *name)
{
    char c = name[0];
    return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_');
}

void func_describe_call(const char *name, const OmType *types, int nargs, char *buf, size_t cap)
{
    size_t len = 0;
    char n0[TYPE_ENUM_LABEL_MAX * 2 + 8], n1[TYPE_ENUM_LABEL_MAX * 2 + 8];
    if (is_operator_name(name)) {
        if (nargs == 1)
            snprintf(buf, cap, "%s %s", name, type_name_of(types[0], n0, sizeof(n0)));
        else if (nargs == 2)
            snprintf(buf, cap, "%s %s %s", type_name_of(types[0], n0, sizeof(n0)), name,
                     type_name_of(types[1], n1, sizeof(n1)));
        else
            snprintf(buf, cap, "%s", name);
        return;
    }
    len += (size_t)snprintf(buf, cap, "%s(", name);
    for (int i = 0; i < nargs && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "",
                                type_name_of(types[i], n0, sizeof(n0)));
    if (len < cap) snprintf(buf + len, cap - len, ")");
}

static const FuncDef *not_found(const char *name, const OmType *types, int nargs, bool name_exists,
                                OmError *err)
{
    char desc[512];
    func_describe_call(name, types, nargs, desc, sizeof(desc));
    if (is_operator_name(name)) {
        ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "operator does not exist: %s", desc);
        error_hint(err, "No operator matches the given name and argument types. You might need "
                        "to add explicit type casts.");
    } else {
        ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s does not exist", desc);
        error_hint(err, "No function matches the given name and argument types. You might need "
                        "to add explicit type casts.");
    }
    (void)name_exists;
    return NULL;
}

void func_resolve_fail(const char *name, const OmType *types, int nargs, OmError *err)
{
    not_found(name, types, nargs, true, err);
}

static const FuncDef *ambiguous(const char *name, const OmType *types, int nargs, OmError *err)
{
    char desc[512];
    func_describe_call(name, types, nargs, desc, sizeof(desc));
    if (is_operator_name(name)) {
        ERR(err, SQLSTATE_AMBIGUOUS_FUNCTION, "operator is not unique: %s", desc);
        error_hint(err, "Could not choose a best candidate operator. You might need to add "
                        "explicit type casts.");
    } else {
        ERR(err, SQLSTATE_AMBIGUOUS_FUNCTION, "function %s is not unique", desc);
        error_hint(err, "Could not choose a best candidate function. You might need to add "
                        "explicit type casts.");
    }
    return NULL;
}

static void fill_targets(const FuncDef *d, const TypeId *in, int nargs, TypeId *targets)
{
    if (!targets) return;
    for (int i = 0; i < nargs; i++) {
        TypeId t = def_arg(d, i);
        /* an unknown literal passed as "any" becomes text, except for pg_typeof,
         * which reports it as unknown */
        if (t == FUNC_ARG_ANY)
            t = is_unknownish(in[i]) && strcmp(d->name, "pg_typeof") != 0 ? TYPE_TEXT : in[i];
        targets[i] = t;
    }
}

const FuncDef *func_find_exact(const char *name, const TypeId *args, int nargs)
{
    ensure_init();
    for (int i = first_named(name); i < n_by_name && strcmp(by_name[i]->name, name) == 0; i++) {
        const FuncDef *d = by_name[i];
        if (!arity_ok(d, nargs)) continue;
        bool ok = true;
        for (int k = 0; k < nargs && ok; k++) ok = def_arg(d, k) == args[k];
        if (ok) return d;
    }
    return NULL;
}

static const FuncDef *resolve_poly_common(const FuncDef **cands, int nc, const char *name,
                                          const OmType *arg_types, int nargs, TypeId *targets,
                                          OmError *err)
{
    OmType common;
    if (type_common(arg_types, nargs, name, &common, err) != 0) return NULL;
    const FuncDef *best = NULL;
    for (int c = 0; c < nc; c++) {
        if (cands[c]->args[0] == common.id) {
            best = cands[c];
            break;
        }
    }
    for (int c = 0; c < nc && !best; c++)
        if (can_coerce_arg(common.id, cands[c]->args[0])) best = cands[c];
    if (!best) return not_found(name, arg_types, nargs, true, err);
    for (int i = 0; i < nargs && targets; i++) targets[i] = best->args[0];
    return best;
}

const FuncDef *func_resolve(const char *name, const OmType *arg_types, int nargs,
                            TypeId *arg_targets, OmError *err)
{
    ensure_init();
    if (nargs > MAX_RESOLVE_ARGS) {
        ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
            "cannot pass more than %d arguments to a function", MAX_RESOLVE_ARGS);
        return NULL;
    }
    TypeId in[MAX_RESOLVE_ARGS];
    for (int i = 0; i < nargs; i++)
        in[i] = is_unknownish(arg_types[i].id) ? TYPE_UNKNOWN : arg_types[i].id;

    const FuncDef *cands[MAX_CANDS];
    int nc = 0;
    bool name_exists = false, poly = false;
    for (int i = first_named(name);
         i < n_by_name && nc < MAX_CANDS && strcmp(by_name[i]->name, name) == 0; i++) {
        const FuncDef *d = by_name[i];
        name_exists = true;
        if (!arity_ok(d, nargs)) continue;
        if (d->flags & FUNC_POLY_COMMON) poly = true;
        cands[nc++] = d;
    }
    if (nc == 0) return not_found(name, arg_types, nargs, name_exists, err);
    if (poly) return resolve_poly_common(cands, nc, name, arg_types, nargs, arg_targets, err);

    /* 1. exact match (binary operator: unknown side assumed to be the other's type) */
    TypeId probe[MAX_RESOLVE_ARGS];
    memcpy(probe, in, sizeof(TypeId) * (size_t)nargs);
    if (nargs == 2 && is_operator_name(name)) {
        if (probe[0] == TYPE_UNKNOWN && probe[1] != TYPE_UNKNOWN)
            probe[0] = probe[1];
        else if (probe[1] == TYPE_UNKNOWN && probe[0] != TYPE_UNKNOWN)
            probe[1] = probe[0];
    }
    for (int c = 0; c < nc; c++) {
        bool ok = true;
        for (int i = 0; i < nargs && ok; i++) ok = def_arg(cands[c], i) == probe[i];
        if (ok) {
            fill_targets(cands[c], in, nargs, arg_targets);
            return cands[c];
        }
    }

    /* 2. candidates reachable through implicit coercion */
    int m = 0;
    for (int c = 0; c < nc; c++) {
        bool ok = true;
        for (int i = 0; i < nargs && ok; i++) ok = can_coerce_arg(in[i], def_arg(cands[c], i));
        if (ok) cands[m++] = cands[c];
    }
    nc = m;
    if (nc == 0) return not_found(name, arg_types, nargs, name_exists, err);
    if (nc == 1) goto done;

    /* 3. most exact matches on known-type arguments */
    {
        int best = -1, score[MAX_CANDS];
        for (int c = 0; c < nc; c++) {
            score[c] = 0;
            for (int i = 0; i < nargs; i++)
                if (in[i] != TYPE_UNKNOWN && def_arg(cands[c], i) == in[i]) score[c]++;
            if (score[c] > best) best = score[c];
        }
        m = 0;
        for (int c = 0; c < nc; c++)
            if (score[c] == best) cands[m++] = cands[c];
        nc = m;
        if (nc == 1) goto done;
    }

    /* 4. most preferred types where a conversion is needed */
    {
        int best = -1, score[MAX_CANDS];
        for (int c = 0; c < nc; c++) {
            score[c] = 0;
            for (int i = 0; i < nargs; i++) {
                TypeId t = def_arg(cands[c], i);
                if (in[i] != TYPE_UNKNOWN && t != in[i] && t != FUNC_ARG_ANY &&
                    type_info(t)->preferred)
                    score[c]++;
            }
            if (score[c] > best) best = score[c];
        }
        m = 0;
        for (int c = 0; c < nc; c++)
            if (score[c] == best) cands[m++] = cands[c];
        nc = m;
        if (nc == 1) goto done;
    }

    /* 5. unknown arguments: choose a category per position */
    {
        bool any_unknown = false;
        for (int i = 0; i < nargs; i++) {
            if (in[i] != TYPE_UNKNOWN) continue;
            any_unknown = true;
            bool has_string = false, same = true, has_real = false;
            TypeCategory cat = TYPCAT_UNKNOWN;
            for (int c = 0; c < nc; c++) {
                TypeId t = def_arg(cands[c], i);
                if (t == FUNC_ARG_ANY) continue;
                TypeCategory tc = type_info(t)->category;
                if (!has_real)
                    cat = tc;
                else if (tc != cat)
                    same = false;
                has_real = true;
                if (tc == TYPCAT_STRING) has_string = true;
            }
            if (!has_real) continue;
            if (has_string)
                cat = TYPCAT_STRING;
            else if (!same)
                return ambiguous(name, arg_types, nargs, err);
            bool pref = false;
            for (int c = 0; c < nc; c++) {
                TypeId t = def_arg(cands[c], i);
                if (t != FUNC_ARG_ANY && type_info(t)->category == cat && type_info(t)->preferred)
                    pref = true;
            }
            m = 0;
            for (int c = 0; c < nc; c++) {
                TypeId t = def_arg(cands[c], i);
                if (t == FUNC_ARG_ANY || type_info(t)->category != cat) continue;
                if (pref && !type_info(t)->preferred) continue;
                cands[m++] = cands[c];
            }
            nc = m;
            if (nc == 0) return ambiguous(name, arg_types, nargs, err);
        }
        if (nc == 1) goto done;

        /* 6. unknowns assumed to be the (single) type of the known arguments */
        if (any_unknown) {
            TypeId known = TYPE_UNKNOWN;
            bool one = true;
            for (int i = 0; i < nargs; i++) {
                if (in[i] == TYPE_UNKNOWN) continue;
                if (known == TYPE_UNKNOWN)
                    known = in[i];
                else if (known != in[i])
                    one = false;
            }
            if (known != TYPE_UNKNOWN && one) {
                const FuncDef *pick = NULL;
                int hits = 0;
                for (int c = 0; c < nc; c++) {
                    bool ok = true;
                    for (int i = 0; i < nargs && ok; i++)
                        if (in[i] == TYPE_UNKNOWN) ok = can_coerce_arg(known, def_arg(cands[c], i));
                    if (ok) {
                        pick = cands[c];
                        hits++;
                    }
                }
                if (hits == 1) {
                    cands[0] = pick;
                    nc = 1;
                    goto done;
                }
            }
        }
    }
    return ambiguous(name, arg_types, nargs, err);

done:
    fill_targets(cands[0], in, nargs, arg_targets);
    return cands[0];
}

bool func_registry_listed(const FuncDef *d)
{
    if (!d || (d->flags & (FUNC_IS_CAST | FUNC_IS_OPERATOR))) return false;
    return !d->name[0] || (d->name[0] >= 'a' && d->name[0] <= 'z') || d->name[0] == '_';
}

bool func_regproc_name(Oid oid, StrBuf *out)
{
    ensure_init();
    for (int i = 0; i < n_all_defs; i++)
        if (all_defs[i]->oid == oid && func_registry_listed(all_defs[i])) {
            strbuf_puts(out, all_defs[i]->name);
            return true;
        }
    if (func_userdef_regproc_name(oid, out)) return true;
    char name[64];
    if (!support_proc_name(oid, name, sizeof(name))) return false;
    strbuf_puts(out, name);
    return true;
}

int func_regproc_lookup(const char *text, Oid *out, OmError *err)
{
    ensure_init();
    char name[128];
    const char *p = text;
    if (strncasecmp(p, "pg_catalog.", 11) == 0) p += 11;
    size_t n = strlen(p);
    if (n >= 2 && p[0] == '"' && p[n - 1] == '"') { /* a quoted name keeps its case */
        snprintf(name, sizeof(name), "%.*s", (int)(n - 2), p + 1);
    } else {
        snprintf(name, sizeof(name), "%s", p);
        for (char *c = name; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
    }
    Oid found = 0;
    for (int i = 0; i < n_all_defs; i++) {
        const FuncDef *d = all_defs[i];
        if (!func_registry_listed(d) || strcmp(d->name, name) != 0 || d->oid == found) continue;
        if (found)
            return ERR(err, SQLSTATE_AMBIGUOUS_FUNCTION, "more than one function named \"%s\"",
                       text);
        found = d->oid;
    }
    if (!found) found = support_proc_lookup(name);
    /* user functions: the name may be schema-qualified */
    Oid user = 0;
    int nuser = func_userdef_regproc_find(text, &user);
    if (nuser > 1 || (nuser == 1 && found && found != user))
        return ERR(err, SQLSTATE_AMBIGUOUS_FUNCTION, "more than one function named \"%s\"", text);
    if (nuser == 1) found = user;
    if (!found)
        return ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function \"%s\" does not exist", text);
    *out = found;
    return 0;
}
