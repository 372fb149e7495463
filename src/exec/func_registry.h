/*
 * func_registry.h — the catalog of scalar functions, operators and casts, and
 * PostgreSQL's rules for choosing among them ("Type Conversion" chapter of the
 * PostgreSQL manual): operator and function resolution, cast lookup per
 * context, and the common type of UNION/CASE/COALESCE/IN/VALUES branches.
 *
 * Every FuncDef returned lives in static storage for the life of the process.
 * The overload tables are spread over exec/func_<family>.c and collected here.
 *
 * Argument type markers in FuncDef.args beyond the real TypeIds:
 *   FUNC_ARG_ANY (TYPE_INVALID)  accepts any type unchanged (PostgreSQL's "any"
 *                                / anynonarray); an unknown literal there
 *                                becomes text.
 */
#ifndef OMENDB_EXEC_FUNC_REGISTRY_H
#define OMENDB_EXEC_FUNC_REGISTRY_H

#include "common/strbuf.h"
#include "exec/expr.h"

#define FUNC_ARG_ANY TYPE_INVALID

/* Extra FuncDef.flags owned by the registry (above the ones in expr.h). */
enum {
    FUNC_POLY_COMMON = 1 << 8,   /* anycompatible: all args are cast to their common
                                  * type; the overload for that type is chosen */
    FUNC_LENGTH_COERCE = 1 << 9, /* same-type typmod coercion (varchar(n), numeric(p,s)) */
    FUNC_EXPLICIT_LEN = 1 << 10, /* the explicit-cast flavour: truncates strings */
};

typedef enum { CAST_IMPLICIT, CAST_ASSIGNMENT, CAST_EXPLICIT } CastContext;

/* Resolves a function or operator call. `name` is the lower-case SQL name ("+",
 * "=", "~~", "length", "substring"...). On success returns the overload and
 * fills arg_targets[0..nargs) with the type each argument must be cast to (the
 * caller inserts the casts; for FUNC_ARG_ANY positions it is the argument's own
 * type, text for unknown literals). On failure returns NULL with err set:
 * 42883 "operator does not exist: integer + boolean" / "function foo(integer)
 * does not exist" (with PostgreSQL's hint), or 42725 when ambiguous. */
const FuncDef *func_resolve(const char *name, const OmType *arg_types, int nargs,
                            TypeId *arg_targets, OmError *err);

/* Sets err to func_resolve's 42883 for such a call (the binder's answer to
 * arguments of two different enum types). */
void func_resolve_fail(const char *name, const OmType *types, int nargs, OmError *err);
/* A call as PostgreSQL's errors name it: "f(integer, unknown)", or for an
 * operator "integer + text". */
void func_describe_call(const char *name, const OmType *types, int nargs, char *buf, size_t cap);

/* The cast from `from` to `to` allowed in `ctx`, or NULL. from == to returns
 * the length-coercion cast for types with typmods (varchar, bpchar, numeric,
 * timestamp, timestamptz, time), else NULL (no cast needed). Casts from any
 * type to a string type (assignment) and from a string type to any type
 * (explicit) go through text I/O. */
const FuncDef *cast_find(TypeId from, TypeId to, CastContext ctx);

/* True if a value of type `from` can be coerced to `to` in `ctx` (same type,
 * unknown literal, or a cast exists). */
bool cast_allowed(TypeId from, TypeId to, CastContext ctx);

/* Returns `e` coerced to `to`: `e` itself if it already has that type and
 * typmod, an unknown-literal constant converted in place (a new EXPR_CONST), or
 * a cast node (conversion, then length coercion when `to` has a typmod). On
 * failure returns NULL with err set: 42846 "cannot cast type boolean to
 * integer" (callers with a better message — e.g. the binder's 42804 for
 * assignments — overwrite it), or the input error of an unknown literal
 * (22P02 ...). */
Expr *cast_wrap(Arena *arena, Expr *e, OmType to, CastContext ctx, OmError *err);

/* As cast_wrap, converting unknown literals of every type right away with the
 * session's settings (DateStyle/DateOrder, TimeZone for date, time and
 * timestamp[tz] input), and the context's length semantics (an explicit
 * 'abcdef'::varchar(3) is 'abc', an assignment raises 22001). The binder should
 * use this for literals instead of calling type_text_in with the typmod. */
struct SessionSettings;
Expr *cast_wrap_settings(Arena *arena, Expr *e, OmType to, CastContext ctx,
                         const struct SessionSettings *settings, OmError *err);

/* PostgreSQL's select_common_type: the type all of types[0..n) are converted
 * to for UNION/CASE/COALESCE/IN/VALUES/GREATEST. Unknowns (and NULLs) resolve to
 * text if all are unknown; otherwise all must share a category; the preferred
 * type of the category wins, or the type every other one casts to implicitly.
 * Mismatch: 42804 "<context> types integer and text cannot be matched".
 * The typmod is kept only if all inputs share it. */
int type_common(const OmType *types, int n, const char *context, OmType *out, OmError *err);

/* The statement (transaction) start time now()/current_timestamp/current_date
 * return, in microseconds since 2000-01-01 UTC, for the calling thread; 0 =
 * read the clock at each evaluation. The session sets it when a statement (or
 * transaction) starts, as PostgreSQL fixes now() per transaction. Until
 * EvalCtx carries it, worker threads evaluating now() read the clock. */
void func_set_statement_timestamp(int64_t usecs);

/* All registered functions, operators and casts (for pg_proc / pg_operator). */
int func_registry_count(void);
const FuncDef *func_registry_get(int i);

/* Whether pg_proc lists d: a function callable by name (not a cast or an
 * operator). */
bool func_registry_listed(const FuncDef *d);
/* regproc's names (catalog/type_io.h): the function pg_proc lists under oid,
 * or a support function (catalog/support_procs.h); and the OID of the one
 * function called name (42883 none, 42725 several). */
bool func_regproc_name(Oid oid, StrBuf *out);
int func_regproc_lookup(const char *name, Oid *out, OmError *err);

/* First overload with exactly these argument types (no coercion), or NULL. */
const FuncDef *func_find_exact(const char *name, const TypeId *args, int nargs);

#endif
