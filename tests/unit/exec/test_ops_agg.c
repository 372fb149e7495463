/*
 * test_ops_agg.c — hash aggregate and aggregate functions: ungrouped over
 * empty input, NULLs, PostgreSQL's result types and avg scale, DISTINCT
 * aggregates, FILTER, more than one chunk of groups, NULL group keys,
 * overflow into numeric, strings, agg_resolve errors, grouping sets (ROLLUP
 * with GROUPING() columns, repeated sets, the empty set over no input).
 */
#include "exec/agg_registry.h"
#include "ops_test_util.h"

static AggCall mk_agg(TestEnv *t, const char *name, Expr *arg, bool distinct, Expr *filter)
{
    AggCall a;
    memset(&a, 0, sizeof(a));
    OmError err;
    memset(&err, 0, sizeof(err));
    OmType target;
    int rc = agg_resolve(name, arg ? 1 : 0, arg ? &arg->type : NULL, arg == NULL, false, &a.kind,
                         &a.result_type, &target, &err);
    assert_int_equal(rc, 0);
    a.arg = arg;
    a.distinct = distinct;
    a.filter = filter;
    (void)t;
    return a;
}

static PlanNode *agg_node(TestEnv *t, PlanNode *child, int ngroup, Expr **keys, int naggs,
                          const AggCall *aggs)
{
    PlanNode *p = plan_new(t, PLAN_HASH_AGG, 0, NULL);
    p->ncols = ngroup + naggs;
    p->types = ARENA_NEW_ARRAY(t->arena, OmType, p->ncols + 1);
    p->left = child;
    p->u.agg.ngroup = ngroup;
    p->u.agg.group_keys = ARENA_NEW_ARRAY(t->arena, Expr *, ngroup + 1);
    for (int k = 0; k < ngroup; k++) {
        p->u.agg.group_keys[k] = keys[k];
        p->types[k] = keys[k]->type;
    }
    p->u.agg.naggs = naggs;
    p->u.agg.aggs = ARENA_NEW_ARRAY(t->arena, AggCall, naggs + 1);
    for (int a = 0; a < naggs; a++) {
        p->u.agg.aggs[a] = aggs[a];
        p->types[ngroup + a] = aggs[a].result_type;
    }
    return p;
}

static void test_ungrouped_empty_and_nulls(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    PlanNode *empty = values_i4(t, 1, 0, NULL, NULL);
    AggCall aggs[] = {mk_agg(t, "count", NULL, false, NULL),
                      mk_agg(t, "count", col(t, 0, TYPE_INT4), false, NULL),
                      mk_agg(t, "sum", col(t, 0, TYPE_INT4), false, NULL),
                      mk_agg(t, "avg", col(t, 0, TYPE_INT4), false, NULL),
                      mk_agg(t, "min", col(t, 0, TYPE_INT4), false, NULL),
                      mk_agg(t, "max", col(t, 0, TYPE_INT4), false, NULL)};
    check_plan(t, agg_node(t, empty, 0, NULL, 6, aggs), false, ROWS("0|0|NULL|NULL|NULL|NULL"));

    int32_t v[] = {1, 2, 0, 2};
    bool nulls[] = {false, false, true, false};
    check_plan(t, agg_node(t, values_i4(t, 1, 4, v, nulls), 0, NULL, 6, aggs), false,
               ROWS("4|3|5|1.6666666666666667|1|2"));
    int32_t v2[] = {1, 2};
    check_plan(t, agg_node(t, values_i4(t, 1, 2, v2, NULL), 0, NULL, 6, aggs), false,
               ROWS("2|2|3|1.5000000000000000|1|2"));
    /* A grouped aggregate over empty input has no rows. */
    Expr *k = col(t, 0, TYPE_INT4);
    check_plan(t, agg_node(t, values_i4(t, 1, 0, NULL, NULL), 1, &k, 1, aggs), false, NO_ROWS);
    env_free(t);
}

static void test_group_by_many_groups(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* 20000 rows, key x % 5000 -> 5000 groups of 4 rows (more than 2 chunks). */
    Expr *key = call2(t, "%", col(t, 0, TYPE_INT4), c_i4(t, 5000));
    AggCall aggs[] = {mk_agg(t, "count", NULL, false, NULL),
                      mk_agg(t, "sum", col(t, 0, TYPE_INT4), false, NULL),
                      mk_agg(t, "max", col(t, 0, TYPE_INT4), false, NULL)};
    Result res;
    assert_int_equal(run_plan(t, agg_node(t, series_i4(t, 1, 20000), 1, &key, 3, aggs), &res, true),
                     0);
    assert_int_equal(res.nrows, 5000);
    assert_true(res.nchunks >= 3);
    /* group 0: 5000, 10000, 15000, 20000 */
    /* Rows are sorted as strings: "0|...", "1000|...", "1001|..." ... */
    assert_string_equal(res.rows[0], "0|4|50000|20000");
    bool found = false;
    for (int i = 0; i < res.nrows; i++)
        if (strncmp(res.rows[i], "1|", 2) == 0) {
            assert_string_equal(res.rows[i], "1|4|30004|15001");
            found = true;
        }
    assert_true(found);
    result_free(&res);
    env_free(t);
}

static void test_null_keys_and_distinct(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    int32_t v[] = {1, 10, 0, 20, 1, 10, 0, 30, 2, 0};
    bool nulls[] = {false, false, true, false, false, false, true, false, false, true};
    Expr *k = col(t, 0, TYPE_INT4);
    AggCall aggs[] = {mk_agg(t, "count", NULL, false, NULL),
                      mk_agg(t, "count", col(t, 1, TYPE_INT4), true, NULL),
                      mk_agg(t, "sum", col(t, 1, TYPE_INT4), true, NULL),
                      mk_agg(t, "sum", col(t, 1, TYPE_INT4), false, NULL)};
    check_plan(t, agg_node(t, values_i4(t, 2, 5, v, nulls), 1, &k, 4, aggs), true,
               ROWS("1|2|1|10|20", "2|1|0|NULL|NULL", "NULL|2|2|50|50"));

    /* SELECT DISTINCT a, b */
    int32_t d[] = {1, 1, 1, 1, 2, 0, 2, 0, 1, 2};
    bool dn[] = {false, false, false, false, false, true, false, true, false, false};
    Expr *keys[2] = {col(t, 0, TYPE_INT4), col(t, 1, TYPE_INT4)};
    check_plan(t, agg_node(t, values_i4(t, 2, 5, d, dn), 2, keys, 0, NULL), true,
               ROWS("1|1", "1|2", "2|NULL"));
    env_free(t);
}

/* Grouping sets: (a, b), (a), () plus GROUPING(a, b), as ROLLUP (a, b). */
static void test_grouping_sets(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    int32_t v[] = {1, 10, 5, 1, 20, 6, 2, 10, 7, 0, 10, 8, 1, 10, 9};
    bool nulls[15] = {false};
    nulls[9] = true; /* a NULL key in the data */
    Expr *keys[2] = {col(t, 0, TYPE_INT4), col(t, 1, TYPE_INT4)};
    AggCall aggs[] = {mk_agg(t, "count", NULL, false, NULL),
                      mk_agg(t, "sum", col(t, 2, TYPE_INT4), true, NULL)};
    static const int k01[] = {0, 1}, k0[] = {0};
    static const AggGroupingSet rollup[] = {{2, k01}, {1, k0}, {0, NULL}};
    static const int32_t gvals[] = {0, 1, 3};
    PlanNode *p = agg_node(t, values_i4(t, 3, 5, v, nulls), 2, keys, 2, aggs);
    p->u.agg.nsets = 3;
    p->u.agg.sets = rollup;
    p->u.agg.ngrouping = 1;
    p->u.agg.grouping_vals = gvals;
    p->ncols = 5;
    p->types[4] = (OmType){TYPE_INT4, TYPMOD_NONE};
    check_plan(t, p, true,
               ROWS("1|10|2|14|0", "1|20|1|6|0", "1|NULL|3|20|1", "2|10|1|7|0", "2|NULL|1|7|1",
                    "NULL|10|1|8|0", "NULL|NULL|1|8|1", "NULL|NULL|5|35|3"));

    /* a set repeated, and only the empty sets answer over no input */
    static const AggGroupingSet twice[] = {{1, k0}, {1, k0}, {0, NULL}, {0, NULL}};
    PlanNode *q = agg_node(t, values_i4(t, 3, 5, v, nulls), 2, keys, 1, aggs);
    q->u.agg.nsets = 4;
    q->u.agg.sets = twice;
    check_plan(t, q, true,
               ROWS("1|NULL|3", "1|NULL|3", "2|NULL|1", "2|NULL|1", "NULL|NULL|1", "NULL|NULL|1",
                    "NULL|NULL|5", "NULL|NULL|5"));
    PlanNode *e = agg_node(t, values_i4(t, 3, 0, NULL, NULL), 2, keys, 1, aggs);
    e->u.agg.nsets = 4;
    e->u.agg.sets = twice;
    check_plan(t, e, true, ROWS("NULL|NULL|0", "NULL|NULL|0"));
    env_free(t);
}

static void test_filter_clause(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* count(*) FILTER (WHERE x > 5), sum(x) FILTER (WHERE x % 2 = 0) over 1..10 */
    Expr *f1 = call2(t, ">", col(t, 0, TYPE_INT4), c_i4(t, 5));
    Expr *f2 = call2(t, "=", call2(t, "%", col(t, 0, TYPE_INT4), c_i4(t, 2)), c_i4(t, 0));
    Expr *f3 = call2(t, ">", col(t, 0, TYPE_INT4), c_i4(t, 100));
    AggCall aggs[] = {mk_agg(t, "count", NULL, false, f1),
                      mk_agg(t, "sum", col(t, 0, TYPE_INT4), false, f2),
                      mk_agg(t, "max", col(t, 0, TYPE_INT4), false, f3)};
    check_plan(t, agg_node(t, series_i4(t, 1, 10), 0, NULL, 3, aggs), false, ROWS("5|30|NULL"));
    env_free(t);
}

static void test_types_and_exactness(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* sum(int8) goes to numeric without wrapping. */
    TypeId ty8 = TYPE_INT8;
    Expr *c8[] = {c_i8(t, INT64_MAX), c_i8(t, INT64_MAX), c_i8(t, 3)};
    PlanNode *v8 = values_exprs(t, 1, &ty8, 3, c8);
    AggCall a8[] = {mk_agg(t, "sum", col(t, 0, TYPE_INT8), false, NULL),
                    mk_agg(t, "avg", col(t, 0, TYPE_INT8), false, NULL)};
    check_plan(t, agg_node(t, v8, 0, NULL, 2, a8), false,
               ROWS("18446744073709551617|6148914691236517206")); /* PG: scale 0 here */

    /* numeric sum keeps the largest scale; max keeps the later of equal values. */
    TypeId tn = TYPE_NUMERIC;
    Expr *cn[] = {c_parse(t, TYPE_NUMERIC, "1.5"), c_parse(t, TYPE_NUMERIC, "2.25"),
                  c_parse(t, TYPE_NUMERIC, "2.250"), c_null(t, TYPE_NUMERIC)};
    AggCall an[] = {mk_agg(t, "sum", col(t, 0, TYPE_NUMERIC), false, NULL),
                    mk_agg(t, "max", col(t, 0, TYPE_NUMERIC), false, NULL),
                    mk_agg(t, "avg", col(t, 0, TYPE_NUMERIC), false, NULL),
                    mk_agg(t, "min", col(t, 0, TYPE_NUMERIC), false, NULL)};
    check_plan(t, agg_node(t, values_exprs(t, 1, &tn, 4, cn), 0, NULL, 4, an), false,
               ROWS("6.000|2.250|2.0000000000000000|1.5"));

    /* float8 */
    TypeId tf = TYPE_FLOAT8;
    Expr *cf[] = {c_parse(t, TYPE_FLOAT8, "0.1"), c_parse(t, TYPE_FLOAT8, "0.2"),
                  c_parse(t, TYPE_FLOAT8, "0.3")};
    AggCall af[] = {mk_agg(t, "sum", col(t, 0, TYPE_FLOAT8), false, NULL),
                    mk_agg(t, "avg", col(t, 0, TYPE_FLOAT8), false, NULL)};
    check_plan(t, agg_node(t, values_exprs(t, 1, &tf, 3, cf), 0, NULL, 2, af), false,
               ROWS("0.6000000000000001|0.20000000000000004"));

    /* interval sum / avg */
    TypeId ti = TYPE_INTERVAL;
    Expr *ci[] = {c_parse(t, TYPE_INTERVAL, "1 day"), c_parse(t, TYPE_INTERVAL, "2 hours"),
                  c_parse(t, TYPE_INTERVAL, "1 mon")};
    AggCall ai[] = {mk_agg(t, "sum", col(t, 0, TYPE_INTERVAL), false, NULL),
                    mk_agg(t, "avg", col(t, 0, TYPE_INTERVAL), false, NULL)};
    check_plan(t, agg_node(t, values_exprs(t, 1, &ti, 3, ci), 0, NULL, 2, ai), false,
               ROWS("1 mon 1 day 02:00:00|10 days 08:40:00"));
    env_free(t);
}

static void test_strings_and_bools(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    TypeId tt[2] = {TYPE_TEXT, TYPE_BOOL};
    Value tv, fv;
    memset(&tv, 0, sizeof(tv));
    tv.type = OM_TYPE(TYPE_BOOL);
    tv.u.b = true;
    fv = tv;
    fv.u.b = false;
    Expr *cells[] = {c_text(t, "pear"),
                     expr_make_const(t->arena, &tv),
                     c_text(t, "a long string that is not inline"),
                     expr_make_const(t->arena, &fv),
                     c_null(t, TYPE_TEXT),
                     c_null(t, TYPE_BOOL),
                     c_text(t, "zebra stripes are long too"),
                     expr_make_const(t->arena, &tv)};
    AggCall aggs[] = {mk_agg(t, "min", col(t, 0, TYPE_TEXT), false, NULL),
                      mk_agg(t, "max", col(t, 0, TYPE_TEXT), false, NULL),
                      mk_agg(t, "bool_and", col(t, 1, TYPE_BOOL), false, NULL),
                      mk_agg(t, "bool_or", col(t, 1, TYPE_BOOL), false, NULL)};
    aggs[0].result_type = OM_TYPE(TYPE_TEXT);
    AggCall sa;
    memset(&sa, 0, sizeof(sa));
    sa.kind = AGG_STRING_AGG;
    sa.arg = col(t, 0, TYPE_TEXT);
    sa.arg2 = c_text(t, ", ");
    sa.result_type = OM_TYPE(TYPE_TEXT);
    AggCall all[5] = {aggs[0], aggs[1], aggs[2], aggs[3], sa};
    check_plan(t, agg_node(t, values_exprs(t, 2, tt, 4, cells), 0, NULL, 5, all), false,
               ROWS("a long string that is not inline|zebra stripes are long too|f|t|"
                    "pear, a long string that is not inline, zebra stripes are long too"));
    env_free(t);
}

static void test_agg_resolve(void **state)
{
    (void)state;
    AggKind k;
    OmType r, tg;
    OmError err;
    memset(&err, 0, sizeof(err));
    OmType i4 = OM_TYPE(TYPE_INT4), i8 = OM_TYPE(TYPE_INT8), f4 = OM_TYPE(TYPE_FLOAT4),
           vc = OM_TYPE(TYPE_VARCHAR), b = OM_TYPE(TYPE_BOOL), n = OM_TYPE(TYPE_NUMERIC);
    assert_int_equal(agg_resolve("count", 0, NULL, true, false, &k, &r, &tg, &err), 0);
    assert_int_equal(k, AGG_COUNT_STAR);
    assert_int_equal(r.id, TYPE_INT8);
    assert_int_equal(agg_resolve("sum", 1, &i4, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(r.id, TYPE_INT8);
    assert_int_equal(agg_resolve("sum", 1, &i8, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(r.id, TYPE_NUMERIC);
    assert_int_equal(agg_resolve("sum", 1, &f4, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(r.id, TYPE_FLOAT4);
    assert_int_equal(agg_resolve("avg", 1, &f4, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(r.id, TYPE_FLOAT8);
    assert_int_equal(agg_resolve("avg", 1, &n, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(r.id, TYPE_NUMERIC);
    assert_int_equal(agg_resolve("max", 1, &vc, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(r.id, TYPE_TEXT);
    assert_int_equal(agg_resolve("every", 1, &b, false, false, &k, &r, &tg, &err), 0);
    assert_int_equal(k, AGG_BOOL_AND);
    assert_int_equal(agg_resolve("sum", 1, &b, false, false, &k, &r, &tg, &err), -1);
    assert_string_equal(err.sqlstate, "42883");
    assert_string_equal(err.message, "function sum(boolean) does not exist");
    error_clear(&err);
    assert_int_equal(agg_resolve("median", 1, &i4, false, false, &k, &r, &tg, &err), -1);
    assert_string_equal(err.message, "function median(integer) does not exist");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ungrouped_empty_and_nulls),
        cmocka_unit_test(test_group_by_many_groups),
        cmocka_unit_test(test_null_keys_and_distinct),
        cmocka_unit_test(test_grouping_sets),
        cmocka_unit_test(test_filter_clause),
        cmocka_unit_test(test_types_and_exactness),
        cmocka_unit_test(test_strings_and_bools),
        cmocka_unit_test(test_agg_resolve),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
