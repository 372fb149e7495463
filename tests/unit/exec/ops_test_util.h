/*
 * ops_test_util.h — helpers for the executor operator tests: an ExecState on
 * a fresh statement arena, plan-node builders over PLAN_VALUES and
 * PLAN_FUNCTION_SCAN sources, and a runner that collects the result rows as
 * text ("a|b|NULL") formatted with type_text_out, optionally sorted.
 */
#ifndef OMENDB_TESTS_OPS_TEST_UTIL_H
#define OMENDB_TESTS_OPS_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "common/strbuf.h"
#include "exec/func_registry.h"
#include "exec/operator.h"

typedef struct TestEnv {
    Arena *arena;
    OmError err;
    SessionSettings settings;
    ExecState es;
} TestEnv;

static inline TestEnv *env_new(void)
{
    TestEnv *t = calloc(1, sizeof(TestEnv));
    t->arena = arena_create(NULL, "test statement");
    session_settings_defaults(&t->settings);
    t->es.arena = t->arena;
    t->es.err = &t->err;
    t->es.settings = &t->settings;
    return t;
}

static inline void env_free(TestEnv *t)
{
    arena_destroy(t->arena);
    free(t);
}

/* ---- expressions ---- */

static inline Expr *c_i4(TestEnv *t, int32_t v)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_INT4);
    val.u.i32 = v;
    return expr_make_const(t->arena, &val);
}

static inline Expr *c_i8(TestEnv *t, int64_t v)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_INT8);
    val.u.i64 = v;
    return expr_make_const(t->arena, &val);
}

static inline Expr *c_null(TestEnv *t, TypeId type)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(type);
    val.is_null = true;
    return expr_make_const(t->arena, &val);
}

static inline Expr *c_text(TestEnv *t, const char *s)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(TYPE_TEXT);
    char *copy = arena_strdup(t->arena, s);
    val.u.str = strview_make(copy, (uint32_t)strlen(s));
    return expr_make_const(t->arena, &val);
}

/* Parses text into a constant of `type` (numeric, timestamp, interval...). */
static inline Expr *c_parse(TestEnv *t, TypeId type, const char *text)
{
    Value val;
    memset(&val, 0, sizeof(val));
    val.type = OM_TYPE(type);
    int rc = type_text_in(val.type, text, strlen(text), &t->settings, t->arena, &val.u, &t->err);
    assert_int_equal(rc, 0);
    return expr_make_const(t->arena, &val);
}

static inline Expr *col(TestEnv *t, int index, TypeId type)
{
    return expr_make_column(t->arena, index, OM_TYPE(type));
}

/* A binary operator or function call resolved through the registry. */
static inline Expr *call2(TestEnv *t, const char *name, Expr *a, Expr *b)
{
    OmType types[2] = {a->type, b->type};
    TypeId targets[2];
    const FuncDef *def = func_resolve(name, types, 2, targets, &t->err);
    assert_non_null(def);
    Expr **args = arena_alloc(t->arena, sizeof(Expr *) * 2);
    args[0] = a;
    args[1] = b;
    return expr_make_func(t->arena, def, args, 2, OM_TYPE(def->ret));
}

/* ---- plan nodes ---- */

static inline PlanNode *plan_new(TestEnv *t, PlanKind kind, int ncols, const TypeId *types)
{
    PlanNode *p = ARENA_NEW(t->arena, PlanNode);
    p->kind = kind;
    p->ncols = ncols;
    p->types = ARENA_NEW_ARRAY(t->arena, OmType, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) p->types[i] = OM_TYPE(types[i]);
    return p;
}

/* VALUES of int4 columns; `nulls` marks NULL cells (may be NULL). */
static inline PlanNode *values_i4(TestEnv *t, int ncols, int nrows, const int32_t *vals,
                                  const bool *nulls)
{
    TypeId types[16];
    for (int c = 0; c < ncols; c++) types[c] = TYPE_INT4;
    PlanNode *p = plan_new(t, PLAN_VALUES, ncols, types);
    p->u.values.nrows = nrows;
    p->u.values.rows = ARENA_NEW_ARRAY(t->arena, Expr **, nrows > 0 ? nrows : 1);
    for (int r = 0; r < nrows; r++) {
        p->u.values.rows[r] = ARENA_NEW_ARRAY(t->arena, Expr *, ncols > 0 ? ncols : 1);
        for (int c = 0; c < ncols; c++) {
            int i = r * ncols + c;
            p->u.values.rows[r][c] = nulls && nulls[i] ? c_null(t, TYPE_INT4) : c_i4(t, vals[i]);
        }
    }
    return p;
}

/* VALUES from constant expressions rows[r][c]. */
static inline PlanNode *values_exprs(TestEnv *t, int ncols, const TypeId *types, int nrows,
                                     Expr **cells)
{
    PlanNode *p = plan_new(t, PLAN_VALUES, ncols, types);
    p->u.values.nrows = nrows;
    p->u.values.rows = ARENA_NEW_ARRAY(t->arena, Expr **, nrows > 0 ? nrows : 1);
    for (int r = 0; r < nrows; r++) p->u.values.rows[r] = &cells[r * ncols];
    return p;
}

/* generate_series(lo, hi) as int4. */
static inline PlanNode *series_i4(TestEnv *t, int32_t lo, int32_t hi)
{
    TypeId ty = TYPE_INT4;
    PlanNode *p = plan_new(t, PLAN_FUNCTION_SCAN, 1, &ty);
    p->u.func_scan.func = FUNCSCAN_GENERATE_SERIES;
    p->u.func_scan.nargs = 2;
    p->u.func_scan.args = ARENA_NEW_ARRAY(t->arena, Expr *, 2);
    p->u.func_scan.args[0] = c_i4(t, lo);
    p->u.func_scan.args[1] = c_i4(t, hi);
    return p;
}

static inline PlanNode *project(TestEnv *t, PlanNode *child, int n, Expr **exprs)
{
    TypeId types[16];
    for (int i = 0; i < n; i++) types[i] = exprs[i]->type.id;
    PlanNode *p = plan_new(t, PLAN_PROJECT, n, types);
    p->left = child;
    p->u.project.exprs = ARENA_NEW_ARRAY(t->arena, Expr *, n);
    for (int i = 0; i < n; i++) p->u.project.exprs[i] = exprs[i];
    return p;
}

/* ---- running ---- */

typedef struct Result {
    int nrows;
    char **rows;
    int nchunks;
    int max_chunk;
} Result;

static inline int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the plan; returns 0 with the result rows, or -1 (t->err set). */
static inline int run_plan(TestEnv *t, const PlanNode *plan, Result *res, bool sorted)
{
    memset(res, 0, sizeof(*res));
    Operator *op = exec_build(plan, &t->es);
    if (op == NULL) return -1;
    if (exec_open(op) != 0) return -1;
    int cap = 0;
    for (;;) {
        Chunk *c;
        if (exec_next(op, &c) != 0) {
            exec_close(op);
            return -1;
        }
        if (c == NULL) break;
        assert_true(c->count > 0 && c->count <= VECTOR_SIZE);
        assert_int_equal(c->ncols, plan->ncols);
        res->nchunks++;
        if ((int)c->count > res->max_chunk) res->max_chunk = (int)c->count;
        for (uint32_t i = 0; i < c->count; i++) {
            uint32_t row = chunk_row(c, i);
            StrBuf sb;
            strbuf_init(&sb, t->arena);
            for (int k = 0; k < c->ncols; k++) {
                if (k) strbuf_putc(&sb, '|');
                Vector *v = &c->cols[k];
                if (!vector_is_valid(v, row)) {
                    strbuf_puts(&sb, "NULL");
                    continue;
                }
                type_text_out(v->type, vector_value_ptr(v, row), &t->settings, &sb);
            }
            if (res->nrows == cap) {
                cap = cap ? cap * 2 : 64;
                res->rows = realloc(res->rows, sizeof(char *) * (size_t)cap);
            }
            res->rows[res->nrows++] = sb.data ? strndup(sb.data, sb.len) : strdup("");
        }
    }
    exec_close(op);
    if (sorted && res->nrows > 1) qsort(res->rows, (size_t)res->nrows, sizeof(char *), cmp_str);
    return 0;
}

static inline void result_free(Result *res)
{
    for (int i = 0; i < res->nrows; i++) free(res->rows[i]);
    free(res->rows);
    memset(res, 0, sizeof(*res));
}

/* Asserts the rows equal `expected` (NULL-terminated list). */
static inline void expect_rows(const Result *res, const char *const *expected)
{
    int n = 0;
    while (expected[n]) n++;
    if (res->nrows != n) {
        for (int i = 0; i < res->nrows && i < 50; i++) fprintf(stderr, "  got: %s\n", res->rows[i]);
    }
    assert_int_equal(res->nrows, n);
    for (int i = 0; i < n; i++) assert_string_equal(res->rows[i], expected[i]);
}

/* Runs and checks in one step. */
static inline void check_plan(TestEnv *t, const PlanNode *plan, bool sorted,
                              const char *const *expected)
{
    Result res;
    int rc = run_plan(t, plan, &res, sorted);
    if (rc != 0) fprintf(stderr, "error %s: %s\n", t->err.sqlstate, t->err.message);
    assert_int_equal(rc, 0);
    if (sorted) {
        /* Compare as multisets: sort the expectation the same way. */
        int n = 0;
        while (expected[n]) n++;
        const char **exp = calloc((size_t)n + 1, sizeof(char *));
        memcpy(exp, expected, sizeof(char *) * (size_t)n);
        if (n > 1) qsort(exp, (size_t)n, sizeof(char *), cmp_str);
        expect_rows(&res, exp);
        free(exp);
    } else {
        expect_rows(&res, expected);
    }
    result_free(&res);
}

/* Runs expecting an error with `sqlstate`. */
static inline void check_error(TestEnv *t, const PlanNode *plan, const char *sqlstate)
{
    Result res;
    int rc = run_plan(t, plan, &res, false);
    result_free(&res);
    assert_int_equal(rc, -1);
    assert_string_equal(t->err.sqlstate, sqlstate);
    error_clear(&t->err);
}

#define ROWS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NO_ROWS   ((const char *const[]){NULL})

#endif
