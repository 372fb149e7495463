/*
 * test_ops_sort.c — ORDER BY: ASC/DESC, NULLS FIRST/LAST, several keys,
 * expression keys, text keys, many chunks, top-N (including limit 0 and a
 * limit larger than the input).
 */
#include "ops_test_util.h"

static PlanNode *sort_node(TestEnv *t, PlanNode *child, int nkeys, const SortKey *keys,
                           int64_t limit)
{
    PlanNode *p = plan_new(t, PLAN_SORT, 0, NULL);
    p->ncols = child->ncols;
    p->types = child->types;
    p->left = child;
    p->u.sort.nkeys = nkeys;
    p->u.sort.keys = ARENA_NEW_ARRAY(t->arena, SortKey, nkeys);
    memcpy(p->u.sort.keys, keys, sizeof(SortKey) * (size_t)nkeys);
    p->u.sort.limit = limit;
    return p;
}

static SortKey key(Expr *e, bool desc, bool nulls_first)
{
    SortKey k = {e, desc, nulls_first};
    return k;
}

static void test_nulls_and_directions(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    int32_t v[] = {3, 1, 0, 9, 2, 2, 2, 1, 1, 5};
    bool n[] = {false, false, true, false, false, false, false, false, false, false};
    SortKey k1 = key(col(t, 0, TYPE_INT4), false, false);
    check_plan(t, sort_node(t, values_i4(t, 2, 5, v, n), 1, &k1, -1), false,
               ROWS("1|5", "2|2", "2|1", "3|1", "NULL|9"));
    SortKey k2 = key(col(t, 0, TYPE_INT4), true, true);
    check_plan(t, sort_node(t, values_i4(t, 2, 5, v, n), 1, &k2, -1), false,
               ROWS("NULL|9", "3|1", "2|2", "2|1", "1|5"));
    SortKey k3[2] = {key(col(t, 0, TYPE_INT4), false, true),
                     key(col(t, 1, TYPE_INT4), false, false)};
    check_plan(t, sort_node(t, values_i4(t, 2, 5, v, n), 2, k3, -1), false,
               ROWS("NULL|9", "1|5", "2|1", "2|2", "3|1"));
    SortKey k4[2] = {key(col(t, 0, TYPE_INT4), true, false),
                     key(col(t, 1, TYPE_INT4), true, false)};
    check_plan(t, sort_node(t, values_i4(t, 2, 5, v, n), 2, k4, -1), false,
               ROWS("3|1", "2|2", "2|1", "1|5", "NULL|9"));
    env_free(t);
}

static void test_text_and_numeric_keys(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    TypeId tt[2] = {TYPE_TEXT, TYPE_NUMERIC};
    Expr *cells[] = {c_text(t, "banana split with cream"),
                     c_parse(t, TYPE_NUMERIC, "2.5"),
                     c_text(t, "apple"),
                     c_parse(t, TYPE_NUMERIC, "10"),
                     c_text(t, "banana"),
                     c_null(t, TYPE_NUMERIC),
                     c_null(t, TYPE_TEXT),
                     c_parse(t, TYPE_NUMERIC, "-1.25")};
    SortKey k1 = key(col(t, 0, TYPE_TEXT), false, false);
    check_plan(t, sort_node(t, values_exprs(t, 2, tt, 4, cells), 1, &k1, -1), false,
               ROWS("apple|10", "banana|NULL", "banana split with cream|2.5", "NULL|-1.25"));
    SortKey k2 = key(col(t, 1, TYPE_NUMERIC), true, false);
    check_plan(t, sort_node(t, values_exprs(t, 2, tt, 4, cells), 1, &k2, -1), false,
               ROWS("apple|10", "banana split with cream|2.5", "NULL|-1.25", "banana|NULL"));
    env_free(t);
}

static void test_many_chunks_and_expr_key(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* ORDER BY x % 7 DESC, x over 1..10000 */
    SortKey ks[2] = {key(call2(t, "%", col(t, 0, TYPE_INT4), c_i4(t, 7)), true, true),
                     key(col(t, 0, TYPE_INT4), false, false)};
    Result res;
    assert_int_equal(run_plan(t, sort_node(t, series_i4(t, 1, 10000), 2, ks, -1), &res, false), 0);
    assert_int_equal(res.nrows, 10000);
    assert_string_equal(res.rows[0], "6");
    assert_string_equal(res.rows[1], "13");
    assert_string_equal(res.rows[9999], "9996");
    result_free(&res);
    /* Top-N over the same input. */
    check_plan(t, sort_node(t, series_i4(t, 1, 10000), 2, ks, 3), false, ROWS("6", "13", "20"));
    SortKey kd = key(col(t, 0, TYPE_INT4), true, true);
    check_plan(t, sort_node(t, series_i4(t, 1, 100000), 1, &kd, 2), false, ROWS("100000", "99999"));
    check_plan(t, sort_node(t, series_i4(t, 1, 10), 1, &kd, 0), false, NO_ROWS);
    check_plan(t, sort_node(t, series_i4(t, 1, 3), 1, &kd, 100), false, ROWS("3", "2", "1"));
    /* Top-N large enough to compact several times. */
    assert_int_equal(run_plan(t, sort_node(t, series_i4(t, 1, 50000), 1, &kd, 5000), &res, false),
                     0);
    assert_int_equal(res.nrows, 5000);
    assert_string_equal(res.rows[0], "50000");
    assert_string_equal(res.rows[4999], "45001");
    result_free(&res);
    env_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nulls_and_directions),
        cmocka_unit_test(test_text_and_numeric_keys),
        cmocka_unit_test(test_many_chunks_and_expr_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
