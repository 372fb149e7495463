/*
 * expr_test_util.h — helpers for the expression and function unit tests:
 * build literals, resolve calls exactly as the binder does (func_resolve +
 * cast_wrap), and evaluate to PostgreSQL text output or an SQLSTATE.
 */
#ifndef OMENDB_TESTS_EXPR_TEST_UTIL_H
#define OMENDB_TESTS_EXPR_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "exec/expr.h"
#include "exec/func_registry.h"
#include "exec/subplan.h"

#define TU static __attribute__((unused))

static Arena *t_arena;
static SessionSettings t_settings;
static OmError t_err;

/* The library's subplan.c may be absent while it is being written. */
__attribute__((weak)) int subplan_eval(const Expr *expr, Vector **arg_vectors, const Chunk *input,
                                       Vector *out, EvalCtx *ctx)
{
    return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "subplans not available in this test");
}

TU void t_setup(void)
{
    if (t_arena) arena_destroy(t_arena);
    t_arena = arena_create(NULL, "test");
    session_settings_defaults(&t_settings);
    error_clear(&t_err);
}

TU EvalCtx t_ctx(void)
{
    EvalCtx c;
    memset(&c, 0, sizeof(c));
    c.arena = t_arena;
    c.err = &t_err;
    c.settings = &t_settings;
    return c;
}

/* A literal of `type` parsed from text; TYPE_UNKNOWN keeps it an untyped
 * string literal; text NULL makes a NULL of that type. */
TU Expr *lit(TypeId type, const char *text)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = OM_TYPE(type);
    if (text == NULL) {
        v.is_null = true;
    } else if (type == TYPE_UNKNOWN) {
        v.u.str = strview_make(arena_strdup(t_arena, text), (uint32_t)strlen(text));
    } else {
        OmError e;
        error_clear(&e);
        assert_int_equal(type_text_in(v.type, text, strlen(text), &t_settings, t_arena, &v.u, &e),
                         0);
    }
    return expr_make_const(t_arena, &v);
}

#define I4(s)   lit(TYPE_INT4, s)
#define I8(s)   lit(TYPE_INT8, s)
#define I2(s)   lit(TYPE_INT2, s)
#define F8(s)   lit(TYPE_FLOAT8, s)
#define NUM(s)  lit(TYPE_NUMERIC, s)
#define TXT(s)  lit(TYPE_TEXT, s)
#define UNK(s)  lit(TYPE_UNKNOWN, s)
#define BOOL(s) lit(TYPE_BOOL, s)

/* Resolves and builds a call; NULL on a resolution error (t_err set). */
TU Expr *callv(const char *name, int n, Expr **in)
{
    OmType types[16] = {{0, 0}};
    TypeId targets[16];
    for (int i = 0; i < n; i++) types[i] = in[i]->type;
    const FuncDef *d = func_resolve(name, types, n, targets, &t_err);
    if (!d) return NULL;
    Expr **args = ARENA_NEW_ARRAY(t_arena, Expr *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        args[i] = cast_wrap(t_arena, in[i], OM_TYPE(targets[i]), CAST_IMPLICIT, &t_err);
        if (!args[i]) return NULL;
    }
    OmType ret = OM_TYPE(d->ret);
    if (d->flags & FUNC_POLY_COMMON) ret = OM_TYPE(targets[0]);
    return expr_make_func(t_arena, d, args, n, ret);
}

TU Expr *call0(const char *name)
{
    return callv(name, 0, NULL);
}
TU Expr *call1(const char *name, Expr *a)
{
    Expr *v[1] = {a};
    return callv(name, 1, v);
}
TU Expr *call2(const char *name, Expr *a, Expr *b)
{
    Expr *v[2] = {a, b};
    return callv(name, 2, v);
}
TU Expr *call3(const char *name, Expr *a, Expr *b, Expr *c)
{
    Expr *v[3] = {a, b, c};
    return callv(name, 3, v);
}

TU Expr *cast_to(Expr *e, OmType t, CastContext c)
{
    return cast_wrap(t_arena, e, t, c, &t_err);
}

static char t_out[1024];

/* Evaluates a column-free expression; returns its text output, "NULL", or
 * "ERROR <sqlstate>: <message>". */
TU const char *ev(Expr *e)
{
    if (e == NULL) {
        snprintf(t_out, sizeof(t_out), "ERROR %s: %s", t_err.sqlstate, t_err.message);
        error_clear(&t_err);
        return t_out;
    }
    EvalCtx c = t_ctx();
    Value v;
    if (expr_eval_scalar(e, &v, &c) != 0) {
        snprintf(t_out, sizeof(t_out), "ERROR %s: %s", t_err.sqlstate, t_err.message);
        error_clear(&t_err);
        return t_out;
    }
    if (v.is_null) return "NULL";
    StrBuf sb;
    strbuf_init(&sb, NULL);
    type_text_out(e->type, &v.u, &t_settings, &sb);
    snprintf(t_out, sizeof(t_out), "%s", sb.data ? sb.data : "");
    strbuf_fini(&sb);
    return t_out;
}

TU const char *typename_of(Expr *e)
{
    static char buf[128];
    if (!e) return "(null)";
    type_format(e->type, buf, sizeof(buf));
    return buf;
}

#endif
