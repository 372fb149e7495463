/*
 * test_ops_join.c — hash join and nested-loop join, every join type, with
 * NULL keys, duplicate keys on both sides, residual conditions, empty sides,
 * outputs larger than one chunk per probe chunk, and cross joins.
 */
#include "ops_test_util.h"

/* L(k, v) and R(k, v) */
static PlanNode *left_input(TestEnv *t)
{
    int32_t v[] = {1, 10, 2, 20, 2, 21, 0, 30, 4, 40};
    bool n[] = {false, false, false, false, false, false, true, false, false, false};
    return values_i4(t, 2, 5, v, n);
}

static PlanNode *right_input(TestEnv *t)
{
    int32_t v[] = {2, 200, 2, 201, 3, 300, 0, 400, 1, 100};
    bool n[] = {false, false, false, false, false, false, true, false, false, false};
    return values_i4(t, 2, 5, v, n);
}

static PlanNode *join_node(TestEnv *t, PlanKind kind, JoinType type, PlanNode *l, PlanNode *r)
{
    PlanNode *p = plan_new(t, kind, 0, NULL);
    bool semi = type == JOIN_SEMI || type == JOIN_ANTI;
    p->ncols = semi ? l->ncols : l->ncols + r->ncols;
    p->types = ARENA_NEW_ARRAY(t->arena, OmType, l->ncols + r->ncols);
    for (int i = 0; i < l->ncols; i++) p->types[i] = l->types[i];
    if (!semi)
        for (int i = 0; i < r->ncols; i++) p->types[l->ncols + i] = r->types[i];
    p->left = l;
    p->right = r;
    if (kind == PLAN_HASH_JOIN)
        p->u.hash_join.type = type;
    else
        p->u.nl_join.type = type;
    return p;
}

static PlanNode *hj(TestEnv *t, JoinType type, Expr *extra)
{
    PlanNode *p = join_node(t, PLAN_HASH_JOIN, type, left_input(t), right_input(t));
    p->u.hash_join.nkeys = 1;
    p->u.hash_join.left_keys = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p->u.hash_join.right_keys = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p->u.hash_join.left_keys[0] = col(t, 0, TYPE_INT4);
    p->u.hash_join.right_keys[0] = col(t, 0, TYPE_INT4);
    p->u.hash_join.extra = extra;
    return p;
}

static void test_hash_join_types(void **state)
{
    (void)state;
    TestEnv *t = env_new();
#define INNER_ROWS "1|10|1|100", "2|20|2|200", "2|20|2|201", "2|21|2|200", "2|21|2|201"
    check_plan(t, hj(t, JOIN_INNER, NULL), true, ROWS(INNER_ROWS));
    check_plan(t, hj(t, JOIN_LEFT, NULL), true,
               ROWS(INNER_ROWS, "NULL|30|NULL|NULL", "4|40|NULL|NULL"));
    check_plan(t, hj(t, JOIN_RIGHT, NULL), true,
               ROWS(INNER_ROWS, "NULL|NULL|3|300", "NULL|NULL|NULL|400"));
    check_plan(t, hj(t, JOIN_FULL, NULL), true,
               ROWS(INNER_ROWS, "NULL|30|NULL|NULL", "4|40|NULL|NULL", "NULL|NULL|3|300",
                    "NULL|NULL|NULL|400"));
    check_plan(t, hj(t, JOIN_SEMI, NULL), true, ROWS("1|10", "2|20", "2|21"));
    check_plan(t, hj(t, JOIN_ANTI, NULL), true, ROWS("NULL|30", "4|40"));
    env_free(t);
}

static void test_hash_join_extra(void **state)
{
    (void)state;
    TestEnv *t = env_new();
#define EXTRA()                                                                                    \
    call2(t, ">", call2(t, "+", col(t, 1, TYPE_INT4), col(t, 3, TYPE_INT4)), c_i4(t, 221))
    check_plan(t, hj(t, JOIN_INNER, EXTRA()), true, ROWS("2|21|2|201"));
    check_plan(t, hj(t, JOIN_LEFT, EXTRA()), true,
               ROWS("1|10|NULL|NULL", "2|20|NULL|NULL", "2|21|2|201", "NULL|30|NULL|NULL",
                    "4|40|NULL|NULL"));
    check_plan(t, hj(t, JOIN_RIGHT, EXTRA()), true,
               ROWS("2|21|2|201", "NULL|NULL|1|100", "NULL|NULL|2|200", "NULL|NULL|3|300",
                    "NULL|NULL|NULL|400"));
    check_plan(t, hj(t, JOIN_FULL, EXTRA()), true,
               ROWS("1|10|NULL|NULL", "2|20|NULL|NULL", "2|21|2|201", "NULL|30|NULL|NULL",
                    "4|40|NULL|NULL", "NULL|NULL|1|100", "NULL|NULL|2|200", "NULL|NULL|3|300",
                    "NULL|NULL|NULL|400"));
    check_plan(t, hj(t, JOIN_SEMI, EXTRA()), true, ROWS("2|21"));
    check_plan(t, hj(t, JOIN_ANTI, EXTRA()), true, ROWS("1|10", "2|20", "NULL|30", "4|40"));
    env_free(t);
}

static void test_hash_join_big(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    /* left: 1..5000 with key x % 2; right: 3 rows with key 1 -> 7500 rows. */
    Expr *le[2] = {call2(t, "%", col(t, 0, TYPE_INT4), c_i4(t, 2)), col(t, 0, TYPE_INT4)};
    PlanNode *l = project(t, series_i4(t, 1, 5000), 2, le);
    int32_t rv[] = {1, 7, 1, 8, 1, 9};
    PlanNode *r = values_i4(t, 2, 3, rv, NULL);
    PlanNode *p = join_node(t, PLAN_HASH_JOIN, JOIN_INNER, l, r);
    p->u.hash_join.nkeys = 1;
    p->u.hash_join.left_keys = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p->u.hash_join.right_keys = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p->u.hash_join.left_keys[0] = col(t, 0, TYPE_INT4);
    p->u.hash_join.right_keys[0] = col(t, 0, TYPE_INT4);
    Result res;
    assert_int_equal(run_plan(t, p, &res, false), 0);
    assert_int_equal(res.nrows, 7500);
    assert_true(res.max_chunk <= VECTOR_SIZE);
    result_free(&res);

    /* Build side larger than a chunk, many distinct keys: 1..6000 join 1..6000 step. */
    PlanNode *p2 =
        join_node(t, PLAN_HASH_JOIN, JOIN_FULL, series_i4(t, 1, 6000), series_i4(t, 3001, 9000));
    p2->u.hash_join.nkeys = 1;
    p2->u.hash_join.left_keys = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p2->u.hash_join.right_keys = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p2->u.hash_join.left_keys[0] = col(t, 0, TYPE_INT4);
    p2->u.hash_join.right_keys[0] = col(t, 0, TYPE_INT4);
    assert_int_equal(run_plan(t, p2, &res, false), 0);
    assert_int_equal(res.nrows, 9000);
    int both = 0;
    for (int i = 0; i < res.nrows; i++)
        if (strstr(res.rows[i], "NULL") == NULL) both++;
    assert_int_equal(both, 3000);
    result_free(&res);

    /* Empty build side. */
    PlanNode *p3 =
        join_node(t, PLAN_HASH_JOIN, JOIN_LEFT, series_i4(t, 1, 3), values_i4(t, 1, 0, NULL, NULL));
    p3->u.hash_join.nkeys = 1;
    p3->u.hash_join.left_keys = p2->u.hash_join.left_keys;
    p3->u.hash_join.right_keys = p2->u.hash_join.right_keys;
    check_plan(t, p3, true, ROWS("1|NULL", "2|NULL", "3|NULL"));
    p3->u.hash_join.type = JOIN_INNER;
    p3->ncols = 2;
    check_plan(t, p3, true, NO_ROWS);
    env_free(t);
}

static PlanNode *nl(TestEnv *t, JoinType type, bool cross)
{
    PlanNode *p = join_node(t, PLAN_NL_JOIN, type, left_input(t), right_input(t));
    p->u.nl_join.cond = cross ? NULL : call2(t, "<", col(t, 0, TYPE_INT4), col(t, 2, TYPE_INT4));
    return p;
}

static void test_nl_join_types(void **state)
{
    (void)state;
    TestEnv *t = env_new();
#define NL_INNER "1|10|2|200", "1|10|2|201", "1|10|3|300", "2|20|3|300", "2|21|3|300"
    check_plan(t, nl(t, JOIN_INNER, false), true, ROWS(NL_INNER));
    check_plan(t, nl(t, JOIN_LEFT, false), true,
               ROWS(NL_INNER, "NULL|30|NULL|NULL", "4|40|NULL|NULL"));
    check_plan(t, nl(t, JOIN_RIGHT, false), true,
               ROWS(NL_INNER, "NULL|NULL|NULL|400", "NULL|NULL|1|100"));
    check_plan(t, nl(t, JOIN_FULL, false), true,
               ROWS(NL_INNER, "NULL|30|NULL|NULL", "4|40|NULL|NULL", "NULL|NULL|NULL|400",
                    "NULL|NULL|1|100"));
    check_plan(t, nl(t, JOIN_SEMI, false), true, ROWS("1|10", "2|20", "2|21"));
    check_plan(t, nl(t, JOIN_ANTI, false), true, ROWS("NULL|30", "4|40"));
    Result res;
    assert_int_equal(run_plan(t, nl(t, JOIN_INNER, true), &res, false), 0);
    assert_int_equal(res.nrows, 25);
    result_free(&res);
    /* Cross join bigger than a chunk: 300 x 100. */
    PlanNode *big =
        join_node(t, PLAN_NL_JOIN, JOIN_INNER, series_i4(t, 1, 300), series_i4(t, 1, 100));
    assert_int_equal(run_plan(t, big, &res, false), 0);
    assert_int_equal(res.nrows, 30000);
    assert_true(res.max_chunk <= VECTOR_SIZE);
    result_free(&res);
    /* Empty inner. */
    PlanNode *e =
        join_node(t, PLAN_NL_JOIN, JOIN_ANTI, series_i4(t, 1, 2), values_i4(t, 1, 0, NULL, NULL));
    check_plan(t, e, true, ROWS("1", "2"));
    env_free(t);
}

/* LATERAL: l.x in 1..nl, right = generate_series(1, $1 * mult) with $1 = l.x. */
static PlanNode *lateral_series(TestEnv *t, JoinType type, int nl, int mult)
{
    PlanNode *r = series_i4(t, 1, 0);
    Expr *prm = ARENA_NEW(t->arena, Expr);
    prm->kind = EXPR_PARAM;
    prm->type = OM_TYPE(TYPE_INT4);
    prm->u.param.index = 0;
    r->u.func_scan.args[1] = call2(t, "*", prm, c_i4(t, mult));
    PlanNode *p = join_node(t, PLAN_NL_JOIN, type, series_i4(t, 1, nl), r);
    p->u.nl_join.nparams = 1;
    p->u.nl_join.params = ARENA_NEW_ARRAY(t->arena, Expr *, 1);
    p->u.nl_join.params[0] = col(t, 0, TYPE_INT4);
    return p;
}

static void test_lateral_join(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    check_plan(t, lateral_series(t, JOIN_INNER, 3, 1), true,
               ROWS("1|1", "2|1", "2|2", "3|1", "3|2", "3|3"));
    /* LEFT: rows failing the condition, and left rows with no right rows */
    PlanNode *left = lateral_series(t, JOIN_LEFT, 4, 1);
    left->u.nl_join.cond = call2(t, ">", col(t, 1, TYPE_INT4), c_i4(t, 2));
    check_plan(t, left, true, ROWS("1|NULL", "2|NULL", "3|3", "4|3", "4|4"));
    /* several right chunks per left row, output in chunks of at most VECTOR_SIZE */
    Result res;
    assert_int_equal(run_plan(t, lateral_series(t, JOIN_INNER, 3, 3000), &res, false), 0);
    assert_int_equal(res.nrows, 3000 + 6000 + 9000);
    assert_true(res.max_chunk <= VECTOR_SIZE);
    result_free(&res);
    /* an empty left side never runs the right side */
    PlanNode *none = lateral_series(t, JOIN_LEFT, 0, 1);
    assert_int_equal(run_plan(t, none, &res, false), 0);
    assert_int_equal(res.nrows, 0);
    result_free(&res);
    env_free(t);
}

/* l.x in 1..5, r.y in 1..nr, cond r.y = l.x * mult: both NL modes. */
static void check_nl_counts(TestEnv *t, int nr, int mult, int matches)
{
    static const JoinType types[] = {JOIN_INNER, JOIN_LEFT, JOIN_RIGHT,
                                     JOIN_FULL,  JOIN_SEMI, JOIN_ANTI};
    int expect[6] = {matches, 5 - matches + matches, nr, nr + 5 - matches, matches, 5 - matches};
    for (int i = 0; i < 6; i++) {
        PlanNode *p = join_node(t, PLAN_NL_JOIN, types[i], series_i4(t, 1, 5), series_i4(t, 1, nr));
        p->u.nl_join.cond =
            call2(t, "=", col(t, 1, TYPE_INT4), call2(t, "*", col(t, 0, TYPE_INT4), c_i4(t, mult)));
        Result res;
        assert_int_equal(run_plan(t, p, &res, false), 0);
        if (res.nrows != expect[i]) fprintf(stderr, "type %d: %d rows\n", (int)types[i], res.nrows);
        assert_int_equal(res.nrows, expect[i]);
        result_free(&res);
    }
}

static void test_nl_join_modes(void **state)
{
    (void)state;
    TestEnv *t = env_new();
    check_nl_counts(t, 1000, 300, 3); /* column-major: inner larger than 256 rows */
    check_nl_counts(t, 200, 50, 4);   /* row-major: small inner */
    /* Row-major cross join of a big left side with one row. */
    PlanNode *p =
        join_node(t, PLAN_NL_JOIN, JOIN_INNER, series_i4(t, 1, 100000), series_i4(t, 7, 7));
    Result res;
    assert_int_equal(run_plan(t, p, &res, false), 0);
    assert_int_equal(res.nrows, 100000);
    assert_string_equal(res.rows[99999], "100000|7");
    result_free(&res);
    /* Column-major cross join (inner > 256 rows) in pieces of at most 2048. */
    p = join_node(t, PLAN_NL_JOIN, JOIN_INNER, series_i4(t, 1, 10), series_i4(t, 1, 1000));
    assert_int_equal(run_plan(t, p, &res, false), 0);
    assert_int_equal(res.nrows, 10000);
    assert_true(res.max_chunk <= VECTOR_SIZE);
    result_free(&res);
    env_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_join_types), cmocka_unit_test(test_hash_join_extra),
        cmocka_unit_test(test_hash_join_big),   cmocka_unit_test(test_nl_join_types),
        cmocka_unit_test(test_lateral_join),    cmocka_unit_test(test_nl_join_modes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
