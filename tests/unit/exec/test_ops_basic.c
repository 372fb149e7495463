/*
 * test_ops_basic.c — VALUES, SELECT without FROM, filter, project, limit /
 * offset, generate_series, materialize, EXPLAIN ANALYZE counters and
 * interrupts.
 */
#include "ops_test_util.h"

static void test_values_and_no_from(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    int32_t v[] = {1, 2, 3, 4};
    bool nulls[] = {false, false, true, false};
    check_plan(t, values_i4(t, 2, 2, v, nulls), false, ROWS("1|2", "NULL|4"));

    /* SELECT without FROM: one row of zero columns. */
    PlanNode *p = plan_new(t, PLAN_VALUES, 0, NULL);
    p->u.values.nrows = 1;
    p->u.values.rows = ARENA_NEW_ARRAY(t->arena, Expr **, 1);
    p->u.values.rows[0] = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    check_plan(t, p, false, ROWS(""));

    /* Text values, one long (heap) and one inline. */
    TypeId tt[2] = {TYPE_TEXT, TYPE_INT4};
    Expr *cells[] = {c_text(t, "short"), c_i4(t, 1), c_text(t, "a rather long string value"),
                     c_null(t, TYPE_INT4)};
    check_plan(t, values_exprs(t, 2, tt, 2, cells), false,
               ROWS("short|1", "a rather long string value|NULL"));
    env_free(t);
}

static void test_values_many_rows(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    int n = 5000;
    int32_t *v = malloc(sizeof(int32_t) * (size_t)n);
    for (int i = 0; i < n; i++) v[i] = i;
    Result res;
    assert_int_equal(run_plan(t, values_i4(t, 1, n, v, NULL), &res, false), 0);
    assert_int_equal(res.nrows, n);
    assert_int_equal(res.nchunks, 3);
    assert_string_equal(res.rows[4999], "4999");
    result_free(&res);
    free(v);
    env_free(t);
}

static void test_filter_project(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    PlanNode *src = series_i4(t, 1, 10000);
    TypeId ty = TYPE_INT4;
    PlanNode *f = plan_new(t, PLAN_FILTER, 1, &ty);
    f->left = src;
    /* x % 1000 = 7 */
    f->u.filter.pred =
        call2(t, "=", call2(t, "%", col(t, 0, TYPE_INT4), c_i4(t, 1000)), c_i4(t, 7));
    Expr *pe[2] = {col(t, 0, TYPE_INT4), call2(t, "*", col(t, 0, TYPE_INT4), c_i4(t, 2))};
    PlanNode *p = project(t, f, 2, pe);
    check_plan(t, p, false,
               ROWS("7|14", "1007|2014", "2007|4014", "3007|6014", "4007|8014", "5007|10014",
                    "6007|12014", "7007|14014", "8007|16014", "9007|18014"));
    /* A filter nothing passes. */
    PlanNode *f2 = plan_new(t, PLAN_FILTER, 1, &ty);
    f2->left = series_i4(t, 1, 5000);
    f2->u.filter.pred = call2(t, "<", col(t, 0, TYPE_INT4), c_i4(t, 0));
    check_plan(t, f2, false, NO_ROWS);
    env_free(t);
}

static PlanNode *limit_node(TestEnv *t, PlanNode *child, Expr *limit, Expr *offset)
{
    PlanNode *p = plan_new(t, PLAN_LIMIT, 0, NULL);
    p->ncols = child->ncols;
    p->types = child->types;
    p->left = child;
    p->u.limit.limit = limit;
    p->u.limit.offset = offset;
    return p;
}

static void test_limit_offset(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    check_plan(t, limit_node(t, series_i4(t, 1, 10), c_i8(t, 3), NULL), false, ROWS("1", "2", "3"));
    check_plan(t, limit_node(t, series_i4(t, 1, 10), c_i8(t, 2), c_i8(t, 8)), false,
               ROWS("9", "10"));
    check_plan(t, limit_node(t, series_i4(t, 1, 10), c_null(t, TYPE_INT8), c_i8(t, 9)), false,
               ROWS("10"));
    check_plan(t, limit_node(t, series_i4(t, 1, 10), c_i8(t, 0), NULL), false, NO_ROWS);
    check_plan(t, limit_node(t, series_i4(t, 1, 10), NULL, c_i8(t, 20)), false, NO_ROWS);
    /* Offset across chunk boundaries. */
    Result res;
    assert_int_equal(run_plan(t,
                              limit_node(t, series_i4(t, 1, 10000), c_i8(t, 3000), c_i8(t, 2047)),
                              &res, false),
                     0);
    assert_int_equal(res.nrows, 3000);
    assert_string_equal(res.rows[0], "2048");
    assert_string_equal(res.rows[2999], "5047");
    result_free(&res);
    check_error(t, limit_node(t, series_i4(t, 1, 10), c_i8(t, -1), NULL), "2201W");
    check_error(t, limit_node(t, series_i4(t, 1, 10), c_i8(t, 1), c_i8(t, -1)), "2201X");
    env_free(t);
}

static PlanNode *series(TestEnv *t, TypeId type, int nargs, Expr *a, Expr *b, Expr *c)
{
    PlanNode *p = plan_new(t, PLAN_FUNCTION_SCAN, 1, &type);
    p->u.func_scan.nargs = nargs;
    p->u.func_scan.args = ARENA_NEW_ARRAY(t->arena, Expr *, 3);
    p->u.func_scan.args[0] = a;
    p->u.func_scan.args[1] = b;
    p->u.func_scan.args[2] = c;
    return p;
}

static void test_generate_series(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    check_plan(t, series(t, TYPE_INT4, 3, c_i4(t, 10), c_i4(t, 1), c_i4(t, -4)), false,
               ROWS("10", "6", "2"));
    check_plan(t, series(t, TYPE_INT4, 2, c_i4(t, 5), c_i4(t, 1), NULL), false, NO_ROWS);
    check_plan(t, series(t, TYPE_INT4, 2, c_null(t, TYPE_INT4), c_i4(t, 1), NULL), false, NO_ROWS);
    /* Stops at the type's end instead of overflowing. */
    check_plan(t, series(t, TYPE_INT4, 3, c_i4(t, 2147483640), c_i4(t, 2147483647), c_i4(t, 5)),
               false, ROWS("2147483640", "2147483645"));
    check_plan(t,
               series(t, TYPE_INT8, 2, c_i8(t, 9223372036854775806LL),
                      c_i8(t, 9223372036854775807LL), NULL),
               false, ROWS("9223372036854775806", "9223372036854775807"));
    check_error(t, series(t, TYPE_INT4, 3, c_i4(t, 1), c_i4(t, 5), c_i4(t, 0)), "22023");
    check_plan(t,
               series(t, TYPE_NUMERIC, 3, c_parse(t, TYPE_NUMERIC, "1"),
                      c_parse(t, TYPE_NUMERIC, "3"), c_parse(t, TYPE_NUMERIC, "0.5")),
               false, ROWS("1", "1.5", "2.0", "2.5", "3.0"));
    check_plan(t,
               series(t, TYPE_TIMESTAMP, 3, c_parse(t, TYPE_TIMESTAMP, "2024-01-31 10:00"),
                      c_parse(t, TYPE_TIMESTAMP, "2024-05-01"),
                      c_parse(t, TYPE_INTERVAL, "1 month")),
               false,
               ROWS("2024-01-31 10:00:00", "2024-02-29 10:00:00", "2024-03-29 10:00:00",
                    "2024-04-29 10:00:00"));
    check_plan(t,
               series(t, TYPE_TIMESTAMP, 3, c_parse(t, TYPE_TIMESTAMP, "2024-01-02"),
                      c_parse(t, TYPE_TIMESTAMP, "2024-01-01"),
                      c_parse(t, TYPE_INTERVAL, "-12 hours")),
               false, ROWS("2024-01-02 00:00:00", "2024-01-01 12:00:00", "2024-01-01 00:00:00"));
    check_error(t,
                series(t, TYPE_TIMESTAMP, 3, c_parse(t, TYPE_TIMESTAMP, "2024-01-02"),
                       c_parse(t, TYPE_TIMESTAMP, "2024-01-01"),
                       c_parse(t, TYPE_INTERVAL, "0 days")),
                "22023");
    Result res;
    assert_int_equal(run_plan(t, series_i4(t, 1, 100000), &res, false), 0);
    assert_int_equal(res.nrows, 100000);
    assert_int_equal(res.max_chunk, VECTOR_SIZE);
    result_free(&res);
    env_free(t);
}

static void test_materialize_rescan(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    TypeId ty = TYPE_INT4;
    PlanNode *m = plan_new(t, PLAN_MATERIALIZE, 1, &ty);
    m->left = series_i4(t, 1, 3000);
    Operator *op = exec_build(m, &t->es);
    assert_non_null(op);
    assert_int_equal(exec_open(op), 0);
    for (int pass = 0; pass < 2; pass++) {
        uint64_t n = 0;
        Chunk *c;
        for (;;) {
            assert_int_equal(exec_next(op, &c), 0);
            if (!c) break;
            n += c->count;
        }
        assert_int_equal(n, 3000);
        assert_int_equal(exec_rescan(op), 0);
    }
    assert_int_equal(op->loops, 3);
    assert_int_equal(op->rows_out, 6000);
    exec_close(op);
    env_free(t);
}

static void test_interrupts(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    atomic_bool cancel = true;
    t->es.cancel = &cancel;
    check_error(t, series_i4(t, 1, 10), "57014");
    t->es.cancel = NULL;
    t->arena->limit = 1;
    (void)arena_alloc(t->arena, 1 << 20);
    check_error(t, series_i4(t, 1, 10), "53200");
    env_free(t);
    assert_string_equal(plan_kind_name(PLAN_HASH_JOIN), "Hash Join");
    assert_string_equal(join_type_name(JOIN_ANTI), "Anti");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_and_no_from), cmocka_unit_test(test_values_many_rows),
        cmocka_unit_test(test_filter_project),     cmocka_unit_test(test_limit_offset),
        cmocka_unit_test(test_generate_series),    cmocka_unit_test(test_materialize_rescan),
        cmocka_unit_test(test_interrupts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
