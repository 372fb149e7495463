/*
 * test_expr.c — the vectorized evaluator: column kernels over chunks with and
 * without selection vectors and NULLs, three-valued AND/OR/NOT, IS [NOT]
 * NULL/TRUE/FALSE/DISTINCT, CASE and COALESCE laziness, NULLIF, IN lists with
 * NULLs, filters, cancellation, and vector_ops hashing/comparison.
 */
#include <math.h>

#include "exec/vector_ops.h"
#include "expr_test_util.h"

static int setup(void **state)
{
    (void)state;
    t_setup();
    return 0;
}

static Expr *node(ExprKind kind, OmType type, int nargs, Expr **args)
{
    Expr *e = ARENA_NEW(t_arena, Expr);
    e->kind = kind;
    e->type = type;
    e->nargs = nargs;
    e->args = ARENA_NEW_ARRAY(t_arena, Expr *, nargs > 0 ? nargs : 1);
    for (int i = 0; i < nargs; i++) e->args[i] = args[i];
    return e;
}

static Expr *node2(ExprKind kind, OmType type, Expr *a, Expr *b)
{
    Expr *v[2] = {a, b};
    return node(kind, type, 2, v);
}

static Expr *node1(ExprKind kind, OmType type, Expr *a)
{
    return node(kind, type, 1, &a);
}

/* A chunk with an int4 column x = {0, 1, 2, NULL, 4, ...} (row 3 NULL) and a
 * float8 column y = row * 0.5. */
static Chunk *make_chunk(uint32_t n)
{
    OmType types[2] = {OM_TYPE(TYPE_INT4), OM_TYPE(TYPE_FLOAT8)};
    Chunk *c = chunk_create(t_arena, 2, types);
    c->count = n;
    for (uint32_t i = 0; i < n; i++) {
        ((int32_t *)c->cols[0].data)[i] = (int32_t)i;
        ((double *)c->cols[1].data)[i] = i * 0.5;
    }
    if (n > 3) vector_set_null(&c->cols[0], 3, t_arena);
    return c;
}

static Expr *colx(void)
{
    return expr_make_column(t_arena, 0, OM_TYPE(TYPE_INT4));
}

/* Evaluates over the chunk; returns the text of row `row`. */
static const char *ev_row(Expr *e, Chunk *c, uint32_t row)
{
    EvalCtx ctx = t_ctx();
    Vector out;
    if (expr_eval(e, c, &out, &ctx) != 0) {
        snprintf(t_out, sizeof(t_out), "ERROR %s: %s", t_err.sqlstate, t_err.message);
        error_clear(&t_err);
        return t_out;
    }
    if (!vector_is_valid(&out, row)) return "NULL";
    StrBuf sb;
    strbuf_init(&sb, NULL);
    type_text_out(out.type, vector_value_ptr(&out, row), &t_settings, &sb);
    snprintf(t_out, sizeof(t_out), "%s", sb.data ? sb.data : "");
    strbuf_fini(&sb);
    return t_out;
}

static void test_column_kernels(void **state)
{
    (void)state;
    Chunk *c = make_chunk(VECTOR_SIZE);
    Expr *e = call2("+", colx(), I4("10"));
    EvalCtx ctx = t_ctx();
    Vector out;
    assert_int_equal(expr_eval(e, c, &out, &ctx), 0);
    assert_int_equal(out.kind, VEC_FLAT);
    for (uint32_t i = 0; i < VECTOR_SIZE; i++) {
        if (i == 3) {
            assert_false(vector_is_valid(&out, i));
            continue;
        }
        assert_true(vector_is_valid(&out, i));
        assert_int_equal(((int32_t *)out.data)[i], (int32_t)i + 10);
    }
    /* int4 column + float8 column -> float8 */
    Expr *f = call2("*", colx(), expr_make_column(t_arena, 1, OM_TYPE(TYPE_FLOAT8)));
    assert_string_equal(typename_of(f), "double precision");
    assert_string_equal(ev_row(f, c, 4), "8");
    /* selection vector: only rows 1 and 5 are computed */
    uint16_t sel[2] = {1, 5};
    c->sel = sel;
    c->count = 2;
    assert_string_equal(ev_row(e, c, 5), "15");
    /* division by zero only on selected, non-null rows */
    Expr *d = call2("/", I4("100"), colx());
    assert_string_equal(ev_row(d, c, 5), "20");
    uint16_t sel0[1] = {0};
    c->sel = sel0;
    c->count = 1;
    assert_string_equal(ev_row(d, c, 0), "ERROR 22012: division by zero");
    uint16_t sel3[1] = {3};
    c->sel = sel3;
    assert_string_equal(ev_row(d, c, 3), "NULL");
    /* overflow detection in the vector loop */
    c->sel = NULL;
    c->count = VECTOR_SIZE;
    Expr *o = call2("*", colx(), I4("2000000"));
    assert_string_equal(ev_row(o, c, 0), "ERROR 22003: integer out of range");
}

static void test_three_valued_logic(void **state)
{
    (void)state;
    Expr *t = BOOL("t"), *f = BOOL("f"), *n = lit(TYPE_BOOL, NULL);
    OmType b = OM_TYPE(TYPE_BOOL);
    assert_string_equal(ev(node2(EXPR_AND, b, t, n)), "NULL");
    assert_string_equal(ev(node2(EXPR_AND, b, f, n)), "f");
    assert_string_equal(ev(node2(EXPR_AND, b, n, f)), "f");
    assert_string_equal(ev(node2(EXPR_OR, b, t, n)), "t");
    assert_string_equal(ev(node2(EXPR_OR, b, n, f)), "NULL");
    assert_string_equal(ev(node2(EXPR_OR, b, f, f)), "f");
    assert_string_equal(ev(node1(EXPR_NOT, b, n)), "NULL");
    assert_string_equal(ev(node1(EXPR_NOT, b, t)), "f");
    assert_string_equal(ev(node1(EXPR_IS_NULL, b, n)), "t");
    assert_string_equal(ev(node1(EXPR_IS_NOT_NULL, b, n)), "f");
    assert_string_equal(ev(node1(EXPR_IS_TRUE, b, n)), "f");
    assert_string_equal(ev(node1(EXPR_IS_NOT_TRUE, b, n)), "t");
    assert_string_equal(ev(node1(EXPR_IS_FALSE, b, f)), "t");
    assert_string_equal(ev(node1(EXPR_IS_NOT_FALSE, b, n)), "t");
    /* AND short-circuits per row: x <> 0 AND 10 / x > 1 never divides by 0 */
    Chunk *c = make_chunk(8);
    Expr *ne0 = call2("<>", colx(), I4("0"));
    Expr *gt = call2(">", call2("/", I4("10"), colx()), I4("1"));
    Expr *and = node2(EXPR_AND, b, ne0, gt);
    assert_string_equal(ev_row(and, c, 0), "f");
    assert_string_equal(ev_row(and, c, 1), "t");
    assert_string_equal(ev_row(and, c, 3), "NULL");
    assert_string_equal(ev_row(and, c, 7), "f");
    /* IS DISTINCT FROM */
    Expr *dist = node2(EXPR_IS_DISTINCT, b, colx(), I4("3"));
    dist->u.func.def = call2("=", I4("1"), I4("1"))->u.func.def;
    assert_string_equal(ev_row(dist, c, 3), "t");
    assert_string_equal(ev_row(dist, c, 2), "t");
    Expr *ndist = node2(EXPR_IS_NOT_DISTINCT, b, colx(), lit(TYPE_INT4, NULL));
    ndist->u.func.def = dist->u.func.def;
    assert_string_equal(ev_row(ndist, c, 3), "t");
    assert_string_equal(ev_row(ndist, c, 2), "f");
}

static void test_case_and_coalesce(void **state)
{
    (void)state;
    Chunk *c = make_chunk(8);
    OmType i4 = OM_TYPE(TYPE_INT4);
    /* CASE WHEN x <> 0 THEN 100 / x END */
    Expr *args[2] = {call2("<>", colx(), I4("0")), call2("/", I4("100"), colx())};
    Expr *cs = node(EXPR_CASE, i4, 2, args);
    assert_string_equal(ev_row(cs, c, 0), "NULL");
    assert_string_equal(ev_row(cs, c, 4), "25");
    assert_string_equal(ev_row(cs, c, 3), "NULL");
    /* CASE WHEN x > 4 THEN 1 WHEN x > 1 THEN 2 ELSE -x END */
    Expr *a2[5] = {call2(">", colx(), I4("4")), I4("1"), call2(">", colx(), I4("1")), I4("2"),
                   call1("-", colx())};
    Expr *cs2 = node(EXPR_CASE, i4, 5, a2);
    assert_string_equal(ev_row(cs2, c, 7), "1");
    assert_string_equal(ev_row(cs2, c, 2), "2");
    assert_string_equal(ev_row(cs2, c, 1), "-1");
    assert_string_equal(ev_row(cs2, c, 3), "NULL");
    /* constant CASE */
    Expr *a3[3] = {BOOL("f"), call2("/", I4("1"), I4("0")), I4("7")};
    assert_string_equal(ev(node(EXPR_CASE, i4, 3, a3)), "7");
    /* COALESCE(x, 100 / 0): the second argument runs only where x is NULL */
    Expr *a4[2] = {colx(), call2("/", I4("100"), I4("0"))};
    Expr *co = node(EXPR_COALESCE, i4, 2, a4);
    uint16_t sel[3] = {0, 1, 2};
    c->sel = sel;
    c->count = 3;
    assert_string_equal(ev_row(co, c, 2), "2");
    c->sel = NULL;
    c->count = 8;
    assert_string_equal(ev_row(co, c, 2), "ERROR 22012: division by zero");
    Expr *a5[2] = {colx(), I4("-1")};
    Expr *co2 = node(EXPR_COALESCE, i4, 2, a5);
    assert_string_equal(ev_row(co2, c, 3), "-1");
    assert_string_equal(ev_row(co2, c, 2), "2");
    Expr *a6[2] = {lit(TYPE_INT4, NULL), lit(TYPE_INT4, NULL)};
    assert_string_equal(ev(node(EXPR_COALESCE, i4, 2, a6)), "NULL");
    /* NULLIF */
    Expr *nf = node2(EXPR_NULLIF, i4, colx(), I4("2"));
    nf->u.func.def = call2("=", I4("1"), I4("1"))->u.func.def;
    assert_string_equal(ev_row(nf, c, 2), "NULL");
    assert_string_equal(ev_row(nf, c, 5), "5");
    /* strings through CASE keep their bytes */
    Expr *a7[3] = {call2(">", colx(), I4("4")), TXT("a long string over twelve bytes"), TXT("s")};
    Expr *cs3 = node(EXPR_CASE, OM_TYPE(TYPE_TEXT), 3, a7);
    assert_string_equal(ev_row(cs3, c, 6), "a long string over twelve bytes");
    assert_string_equal(ev_row(cs3, c, 1), "s");
}

static void test_in_list(void **state)
{
    (void)state;
    const FuncDef *eq = call2("=", I4("1"), I4("1"))->u.func.def;
    OmType b = OM_TYPE(TYPE_BOOL);
    Expr *v1[3] = {I4("1"), I4("1"), lit(TYPE_INT4, NULL)};
    Expr *in1 = node(EXPR_IN_LIST, b, 3, v1);
    in1->u.func.def = eq;
    assert_string_equal(ev(in1), "t");
    Expr *v2[3] = {I4("2"), I4("1"), lit(TYPE_INT4, NULL)};
    Expr *in2 = node(EXPR_IN_LIST, b, 3, v2);
    in2->u.func.def = eq;
    assert_string_equal(ev(in2), "NULL");
    in2->u.func.negate = true;
    assert_string_equal(ev(in2), "NULL");
    Expr *v3[3] = {I4("2"), I4("1"), I4("3")};
    Expr *in3 = node(EXPR_IN_LIST, b, 3, v3);
    in3->u.func.def = eq;
    assert_string_equal(ev(in3), "f");
    in3->u.func.negate = true;
    assert_string_equal(ev(in3), "t");
    /* over a column */
    Chunk *c = make_chunk(8);
    Expr *v4[3] = {colx(), I4("2"), I4("5")};
    Expr *in4 = node(EXPR_IN_LIST, b, 3, v4);
    in4->u.func.def = eq;
    assert_string_equal(ev_row(in4, c, 5), "t");
    assert_string_equal(ev_row(in4, c, 4), "f");
    assert_string_equal(ev_row(in4, c, 3), "NULL");
    /* long constant lists take the sorted path; same three-valued answers */
    Expr *v5[21];
    v5[0] = colx();
    for (int i = 1; i <= 20; i++) {
        char buf[16];
        snprintf(buf, sizeof(buf), "%d", i * 3 - 2);
        v5[i] = I4(buf);
    }
    Expr *in5 = node(EXPR_IN_LIST, b, 21, v5);
    in5->u.func.def = eq;
    assert_string_equal(ev_row(in5, c, 7), "t");
    assert_string_equal(ev_row(in5, c, 6), "f");
    assert_string_equal(ev_row(in5, c, 3), "NULL");
    v5[20] = lit(TYPE_INT4, NULL);
    Expr *in6 = node(EXPR_IN_LIST, b, 21, v5);
    in6->u.func.def = eq;
    in6->u.func.negate = true;
    assert_string_equal(ev_row(in6, c, 6), "NULL");
    assert_string_equal(ev_row(in6, c, 7), "f");
}

static void test_filter(void **state)
{
    (void)state;
    Chunk *c = make_chunk(VECTOR_SIZE);
    Expr *p = call2(">=", colx(), I4("2000"));
    EvalCtx ctx = t_ctx();
    uint16_t sel[VECTOR_SIZE];
    uint32_t n = 0;
    assert_int_equal(expr_eval_filter(p, c, sel, &n, &ctx), 0);
    assert_int_equal(n, VECTOR_SIZE - 2000);
    assert_int_equal(sel[0], 2000);
    /* NULL row 3 is never selected */
    Expr *q = call2("<", colx(), I4("5"));
    assert_int_equal(expr_eval_filter(q, c, sel, &n, &ctx), 0);
    assert_int_equal(n, 4);
    assert_int_equal(sel[3], 4);
    /* constant predicate */
    assert_int_equal(expr_eval_filter(BOOL("t"), c, sel, &n, &ctx), 0);
    assert_int_equal(n, VECTOR_SIZE);
    /* cancellation is checked once per chunk */
    atomic_bool cancel = true;
    ctx.cancel = &cancel;
    assert_int_equal(expr_eval_filter(q, c, sel, &n, &ctx), -1);
    assert_string_equal(t_err.sqlstate, "57014");
    assert_string_equal(t_err.message, "canceling statement due to user request");
    error_clear(&t_err);
}

static void test_constant_folding_helpers(void **state)
{
    (void)state;
    Expr *e = call2("+", I4("1"), I4("2"));
    assert_true(expr_is_constant(e));
    assert_false(expr_is_constant(call2("+", colx(), I4("2"))));
    assert_false(expr_is_constant(call0("random")));
    Expr *cp = expr_copy(t_arena, e);
    assert_ptr_not_equal(cp, e);
    assert_string_equal(ev(cp), "3");
    /* parameters */
    Expr *p = ARENA_NEW(t_arena, Expr);
    p->kind = EXPR_PARAM;
    p->type = OM_TYPE(TYPE_INT4);
    p->u.param.index = 0;
    Value pv;
    memset(&pv, 0, sizeof(pv));
    pv.type = OM_TYPE(TYPE_INT4);
    pv.u.i32 = 41;
    EvalCtx ctx = t_ctx();
    ctx.params = &pv;
    ctx.nparams = 1;
    Value out;
    assert_int_equal(expr_eval_scalar(call2("+", p, I4("1")), &out, &ctx), 0);
    assert_int_equal(out.u.i32, 42);
}

static void test_vector_ops(void **state)
{
    (void)state;
    OmNumeric a = numeric_make(15, 1), b = numeric_make(150, 2);
    assert_int_equal(value_cmp(TYPE_NUMERIC, &a, &b), 0);
    assert_true(value_eq(TYPE_NUMERIC, &a, &b));
    assert_true(value_hash(TYPE_NUMERIC, &a) == value_hash(TYPE_NUMERIC, &b));
    Vector v;
    vector_init_flat(&v, OM_TYPE(TYPE_NUMERIC), t_arena);
    ((OmNumeric *)v.data)[0] = a;
    ((OmNumeric *)v.data)[1] = b;
    ((OmNumeric *)v.data)[2] = numeric_make(16, 1);
    uint64_t h[3];
    vector_hash(&v, NULL, 3, h, false);
    assert_true(h[0] == h[1]);
    assert_true(h[0] != h[2]);
    double nan1 = NAN, nan2 = -NAN, z = 0.0, nz = -0.0, one = 1.0;
    assert_int_equal(value_cmp(TYPE_FLOAT8, &nan1, &one), 1);
    assert_int_equal(value_cmp(TYPE_FLOAT8, &nan1, &nan2), 0);
    assert_int_equal(value_cmp(TYPE_FLOAT8, &z, &nz), 0);
    assert_true(value_hash(TYPE_FLOAT8, &z) == value_hash(TYPE_FLOAT8, &nz));
    assert_true(value_hash(TYPE_FLOAT8, &nan1) == value_hash(TYPE_FLOAT8, &nan2));
    StrView s1 = strview_make("ab  ", 4), s2 = strview_make("ab", 2), s3 = strview_make("abc", 3);
    assert_int_equal(value_cmp(TYPE_BPCHAR, &s1, &s2), 0);
    assert_true(value_hash(TYPE_BPCHAR, &s1) == value_hash(TYPE_BPCHAR, &s2));
    assert_int_equal(value_cmp(TYPE_TEXT, &s1, &s2), 1);
    assert_int_equal(value_cmp(TYPE_TEXT, &s2, &s3), -1);
    const char *longa = "a string that is long enough", *longb = "a string that is long enougi";
    StrView l1 = strview_make(longa, 28), l2 = strview_make(longb, 28);
    assert_int_equal(value_cmp(TYPE_TEXT, &l1, &l2), -1);
    assert_false(value_eq(TYPE_TEXT, &l1, &l2));
    /* interval: 1 mon = 30 days */
    OmInterval i1 = {0, 0, 1}, i2 = {0, 30, 0};
    assert_int_equal(value_cmp(TYPE_INTERVAL, &i1, &i2), 0);
    assert_true(value_hash(TYPE_INTERVAL, &i1) == value_hash(TYPE_INTERVAL, &i2));
    /* NULLs hash to one constant; combining mixes */
    Vector iv;
    vector_init_flat(&iv, OM_TYPE(TYPE_INT4), t_arena);
    ((int32_t *)iv.data)[0] = 7;
    ((int32_t *)iv.data)[1] = 7;
    vector_set_null(&iv, 1, t_arena);
    uint64_t h2[2] = {0, 0};
    vector_hash(&iv, NULL, 2, h2, false);
    assert_true(h2[0] != h2[1]);
    int64_t seven = 7;
    int32_t seven4 = 7;
    assert_true(value_hash(TYPE_INT8, &seven) == value_hash(TYPE_INT4, &seven4));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_column_kernels, setup),
        cmocka_unit_test_setup(test_three_valued_logic, setup),
        cmocka_unit_test_setup(test_case_and_coalesce, setup),
        cmocka_unit_test_setup(test_in_list, setup),
        cmocka_unit_test_setup(test_filter, setup),
        cmocka_unit_test_setup(test_constant_folding_helpers, setup),
        cmocka_unit_test_setup(test_vector_ops, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
