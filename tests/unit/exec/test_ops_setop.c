/*
 * test_ops_setop.c — UNION / INTERSECT / EXCEPT with and without ALL, with
 * duplicates and NULLs (which compare equal in set operations), and inputs
 * larger than one chunk.
 */
#include "ops_test_util.h"

static PlanNode *setop(TestEnv *t, SetOpKind kind, bool all, PlanNode *l, PlanNode *r)
{
    PlanNode *p = plan_new(t, PLAN_SETOP, 0, NULL);
    p->ncols = l->ncols;
    p->types = l->types;
    p->left = l;
    p->right = r;
    p->u.setop.op = kind;
    p->u.setop.all = all;
    return p;
}

/* L = {1, 1, 1, 2, NULL, NULL, 3}, R = {1, 2, 2, NULL, 4} */
static PlanNode *L(TestEnv *t)
{
    int32_t v[] = {1, 1, 1, 2, 0, 0, 3};
    bool n[] = {false, false, false, false, true, true, false};
    return values_i4(t, 1, 7, v, n);
}

static PlanNode *R(TestEnv *t)
{
    int32_t v[] = {1, 2, 2, 0, 4};
    bool n[] = {false, false, false, true, false};
    return values_i4(t, 1, 5, v, n);
}

static void test_setops(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    check_plan(t, setop(t, SETOP_UNION, true, L(t), R(t)), true,
               ROWS("1", "1", "1", "2", "NULL", "NULL", "3", "1", "2", "2", "NULL", "4"));
    check_plan(t, setop(t, SETOP_UNION, false, L(t), R(t)), true, ROWS("1", "2", "3", "4", "NULL"));
    check_plan(t, setop(t, SETOP_INTERSECT, false, L(t), R(t)), true, ROWS("1", "2", "NULL"));
    check_plan(t, setop(t, SETOP_INTERSECT, true, L(t), R(t)), true, ROWS("1", "2", "NULL"));
    check_plan(t, setop(t, SETOP_EXCEPT, false, L(t), R(t)), true, ROWS("3"));
    check_plan(t, setop(t, SETOP_EXCEPT, true, L(t), R(t)), true, ROWS("1", "1", "NULL", "3"));
    check_plan(t, setop(t, SETOP_EXCEPT, true, R(t), L(t)), true, ROWS("2", "4"));
    check_plan(t, setop(t, SETOP_INTERSECT, true, L(t), L(t)), true,
               ROWS("1", "1", "1", "2", "NULL", "NULL", "3"));
    check_plan(t, setop(t, SETOP_EXCEPT, false, values_i4(t, 1, 0, NULL, NULL), R(t)), true,
               NO_ROWS);
    env_free(t);
}

static void test_setops_big(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    Result res;
    assert_int_equal(
        run_plan(t, setop(t, SETOP_UNION, false, series_i4(t, 1, 6000), series_i4(t, 3000, 9000)),
                 &res, false),
        0);
    assert_int_equal(res.nrows, 9000);
    result_free(&res);
    assert_int_equal(
        run_plan(t,
                 setop(t, SETOP_INTERSECT, false, series_i4(t, 1, 6000), series_i4(t, 3000, 9000)),
                 &res, false),
        0);
    assert_int_equal(res.nrows, 3001);
    result_free(&res);
    assert_int_equal(
        run_plan(t, setop(t, SETOP_EXCEPT, true, series_i4(t, 1, 6000), series_i4(t, 3000, 9000)),
                 &res, false),
        0);
    assert_int_equal(res.nrows, 2999);
    result_free(&res);
    env_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_setops),
        cmocka_unit_test(test_setops_big),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
