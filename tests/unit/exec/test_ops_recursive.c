/*
 * test_ops_recursive.c — Recursive Union and WorkTable Scan built by hand:
 * UNION ALL iteration, UNION ending a cycle, working tables larger than one
 * chunk, two scans of one working table, nested recursions, and an endless
 * recursion stopped by a cancel request and by statement_timeout (57014).
 */
#include "ops_test_util.h"

static PlanNode *rec_union(TestEnv *t, int wt_id, bool all, PlanNode *l, PlanNode *r)
{
    PlanNode *p = plan_new(t, PLAN_RECURSIVE_UNION, 0, NULL);
    p->ncols = l->ncols;
    p->types = l->types;
    p->left = l;
    p->right = r;
    p->u.recursive.wt_id = wt_id;
    p->u.recursive.all = all;
    p->u.recursive.cte_name = "t";
    return p;
}

static PlanNode *wt_scan(TestEnv *t, int wt_id)
{
    TypeId ty = TYPE_INT4;
    PlanNode *p = plan_new(t, PLAN_WORKTABLE_SCAN, 1, &ty);
    p->u.worktable.wt_id = wt_id;
    p->u.worktable.cte_name = "t";
    return p;
}

static PlanNode *filter(TestEnv *t, PlanNode *child, Expr *pred)
{
    PlanNode *p = plan_new(t, PLAN_FILTER, 0, NULL);
    p->ncols = child->ncols;
    p->types = child->types;
    p->left = child;
    p->u.filter.pred = pred;
    return p;
}

static PlanNode *one(TestEnv *t, int32_t v)
{
    return values_i4(t, 1, 1, &v, NULL);
}

/* SELECT f(n) FROM wt WHERE n < lim */
static PlanNode *step(TestEnv *t, int wt_id, const char *op, int32_t arg, int32_t lim)
{
    PlanNode *scan = wt_scan(t, wt_id);
    if (lim > 0) scan = filter(t, scan, call2(t, "<", col(t, 0, TYPE_INT4), c_i4(t, lim)));
    Expr *e = call2(t, op, col(t, 0, TYPE_INT4), c_i4(t, arg));
    return project(t, scan, 1, &e);
}

static void test_recursive_basic(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 5) */
    check_plan(t, rec_union(t, 0, true, one(t, 1), step(t, 0, "+", 1, 5)), false,
               ROWS("1", "2", "3", "4", "5"));
    /* UNION ends the cycle 1 -> 2 -> 0 -> 1 of (n + 1) % 3 */
    PlanNode *scan = wt_scan(t, 0);
    Expr *e = call2(t, "%", call2(t, "+", col(t, 0, TYPE_INT4), c_i4(t, 1)), c_i4(t, 3));
    check_plan(t, rec_union(t, 0, false, one(t, 1), project(t, scan, 1, &e)), false,
               ROWS("1", "2", "0"));
    /* duplicates of the non-recursive term: kept by UNION ALL, dropped by UNION */
    int32_t dup[] = {7, 7};
    check_plan(t, rec_union(t, 0, true, values_i4(t, 1, 2, dup, NULL), step(t, 0, "+", 1, 8)),
               false, ROWS("7", "7", "8", "8"));
    check_plan(t, rec_union(t, 0, false, values_i4(t, 1, 2, dup, NULL), step(t, 0, "+", 1, 8)),
               false, ROWS("7", "8"));
    /* an empty non-recursive term never runs the recursive one */
    check_plan(t, rec_union(t, 0, true, values_i4(t, 1, 0, NULL, NULL), step(t, 0, "+", 1, 0)),
               false, NO_ROWS);
    env_free(t);
}

static void test_recursive_big(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    Result res;
    /* 5000-row working tables: 1..5000, then +5000 while n <= 10000 */
    PlanNode *scan = filter(t, wt_scan(t, 0), call2(t, "<=", col(t, 0, TYPE_INT4), c_i4(t, 10000)));
    Expr *e = call2(t, "+", col(t, 0, TYPE_INT4), c_i4(t, 5000));
    assert_int_equal(
        run_plan(t, rec_union(t, 0, false, series_i4(t, 1, 5000), project(t, scan, 1, &e)), &res,
                 false),
        0);
    assert_int_equal(res.nrows, 15000);
    result_free(&res);
    /* 100k iterations of one row each */
    assert_int_equal(
        run_plan(t, rec_union(t, 0, true, one(t, 1), step(t, 0, "+", 1, 100000)), &res, false), 0);
    assert_int_equal(res.nrows, 100000);
    assert_string_equal(res.rows[99999], "100000");
    result_free(&res);
    env_free(t);
}

static void test_recursive_two_scans_and_nesting(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* SELECT n + 10 FROM t WHERE n < 30 UNION ALL SELECT n + 20 FROM t WHERE n < 30 */
    PlanNode *both = plan_new(t, PLAN_SETOP, 0, NULL);
    both->left = step(t, 0, "+", 10, 30);
    both->right = step(t, 0, "+", 20, 30);
    both->ncols = 1;
    both->types = both->left->types;
    both->u.setop.op = SETOP_UNION;
    both->u.setop.all = true;
    check_plan(t, rec_union(t, 0, true, one(t, 1), both), true,
               ROWS("1", "11", "21", "21", "31", "31", "41", "31", "41"));
    /* a recursion inside the recursive term of another (ids 0 and 1): the
     * inner one counts 1..3 and is rescanned at every outer iteration */
    PlanNode *inner = rec_union(t, 1, true, one(t, 1), step(t, 1, "+", 1, 3));
    PlanNode *outer_step = step(t, 0, "+", 1, 2);
    PlanNode *join = plan_new(t, PLAN_NL_JOIN, 0, NULL);
    join->left = outer_step;
    join->right = inner;
    join->u.nl_join.type = JOIN_INNER;
    join->ncols = 2;
    TypeId two[] = {TYPE_INT4, TYPE_INT4};
    join->types = plan_new(t, PLAN_VALUES, 2, two)->types;
    Expr *sum = call2(t, "*", col(t, 0, TYPE_INT4), col(t, 1, TYPE_INT4));
    check_plan(t, rec_union(t, 0, true, one(t, 1), project(t, join, 1, &sum)), true,
               ROWS("1", "2", "4", "6"));
    env_free(t);
}

static void test_recursive_interrupts(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* endless: SELECT 1 UNION ALL SELECT n + 1 FROM t */
    atomic_bool cancel = true;
    t->es.cancel = &cancel;
    check_error(t, rec_union(t, 0, true, one(t, 1), step(t, 0, "+", 1, 0)),
                SQLSTATE_QUERY_CANCELED);
    cancel = false;
    t->settings.statement_timeout_ms = 20;
    t->es.stmt_start_us = 1; /* long ago */
    check_error(t, rec_union(t, 0, true, one(t, 1), step(t, 0, "+", 1, 0)),
                SQLSTATE_QUERY_CANCELED);
    env_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recursive_basic),
        cmocka_unit_test(test_recursive_big),
        cmocka_unit_test(test_recursive_two_scans_and_nesting),
        cmocka_unit_test(test_recursive_interrupts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
