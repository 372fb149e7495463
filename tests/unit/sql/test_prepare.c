/*
 * test_prepare.c — prepared statements through the engine API (sql.h): a
 * prepared point SELECT is planned once, served by the primary-key index with
 * the key read from $1, and reused by every execution without re-parsing or
 * re-planning until DDL changes the catalog; portals resume after a row
 * limit; statement parameters reach subqueries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sql/sql_prepare_int.h"
#include "sql_test_rows.h"

static char g_dir[] = "/tmp/omendb_test_prepare_XXXXXX";
static Database *g_db;
static SqlSession *g_s;

static void exec_ok(const char *sql)
{
    Collect c;
    OmError err;
    if (collect_query(g_s, sql, &c, &err) != 0) fail_msg("%s: %s", sql, err.message);
}

static Value text_value(const char *s)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = OM_TYPE(TYPE_UNKNOWN);
    v.u.str = strview_make(s, (uint32_t)strlen(s));
    return v;
}

/* Binds the unnamed portal with text values and runs it to the end. */
static Collect run(SqlPrepared *ps, int n, const char *const *texts)
{
    Value vals[4];
    for (int i = 0; i < n; i++) vals[i] = text_value(texts[i]);
    OmError err;
    error_clear(&err);
    SqlPortal *p = NULL;
    if (sql_bind(g_s, "", ps, n, vals, 0, NULL, &p, &err) != 0) fail_msg("bind: %s", err.message);
    Collect c;
    ResultSink sink = sink_for(&c);
    bool suspended = true;
    if (sql_portal_execute(g_s, p, 0, &sink, &suspended, &err) != 0)
        fail_msg("execute: %s", err.message);
    assert_false(suspended);
    return c;
}

static const PlanNode *find_kind(const PlanNode *n, PlanKind kind)
{
    if (!n) return NULL;
    if (n->kind == kind) return n;
    const PlanNode *l = find_kind(n->left, kind);
    return l ? l : find_kind(n->right, kind);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(g_dir)) return -1;
    OmError err;
    error_clear(&err);
    g_db = sql_database_open(g_dir, &err);
    if (!g_db) return -1;
    g_s = sql_session_create(g_db, "test", "omendb", "test_prepare");
    exec_ok("CREATE TABLE t (id int PRIMARY KEY, v text)");
    exec_ok("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sql_session_destroy(g_s);
    sql_database_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_point_select_plan_reused(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    SqlPrepared *ps = NULL;
    assert_int_equal(sql_prepare(g_s, "point", "SELECT v FROM t WHERE id = $1", 0, NULL, &ps, &err),
                     0);
    assert_int_equal(sql_prepared_plan_count(ps), 1);
    const CachedPlan *plan = ps->plan;
    const PgQuery__ParseResult *tree = ps->tree;
    /* the router chose the primary-key index with the key taken from $1 */
    const PlanNode *scan = find_kind(plan->plan, PLAN_INDEX_SCAN);
    assert_non_null(scan);
    assert_int_equal(scan->u.scan.path, ACCESS_INDEX_POINT);
    assert_int_equal(scan->u.scan.key_eq->kind, EXPR_PARAM);
    assert_true(scan->u.scan.key_eq->u.param.stmt);
    for (int i = 1; i <= 1000; i += 37) {
        char key[16], want[16];
        snprintf(key, sizeof(key), "%d", i);
        snprintf(want, sizeof(want), "v%d", i);
        const char *args[1] = {key};
        Collect c = run(ps, 1, args);
        assert_int_equal(c.nrows, 1);
        assert_string_equal(c.first, want);
        assert_string_equal(c.tag, "SELECT 1");
    }
    /* neither re-parsed nor re-planned */
    assert_int_equal(sql_prepared_plan_count(ps), 1);
    assert_ptr_equal(ps->plan, plan);
    assert_ptr_equal(ps->tree, tree);
    /* DDL anywhere bumps the catalog version: the next execution re-plans once */
    exec_ok("CREATE TABLE other (a int)");
    const char *args[1] = {"5"};
    assert_string_equal(run(ps, 1, args).first, "v5");
    assert_string_equal(run(ps, 1, args).first, "v5");
    assert_int_equal(sql_prepared_plan_count(ps), 2);
    exec_ok("DROP TABLE other");
    sql_prepared_close(g_s, "point");
    assert_null(sql_prepared_find(g_s, "point"));
}

static void test_row_limit_resumes(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    SqlPrepared *ps = NULL;
    assert_int_equal(
        sql_prepare(g_s, "all", "SELECT id FROM t WHERE id > $1 ORDER BY id", 0, NULL, &ps, &err),
        0);
    Value v = text_value("30");
    SqlPortal *p = NULL;
    assert_int_equal(sql_bind(g_s, "cur", ps, 1, &v, 0, NULL, &p, &err), 0);
    sql_prepared_close(g_s, "all"); /* the portal keeps what it needs */
    Collect c;
    ResultSink sink = sink_for(&c);
    bool suspended = false;
    for (int round = 0; round < 3; round++) {
        assert_int_equal(sql_portal_execute(g_s, p, 10, &sink, &suspended, &err), 0);
        assert_true(suspended);
    }
    assert_int_equal(c.nrows, 30);
    assert_string_equal(c.first, "60");
    assert_string_equal(c.tag, "");
    assert_int_equal(sql_portal_execute(g_s, p, 0, &sink, &suspended, &err), 0);
    assert_false(suspended);
    assert_int_equal(c.nrows, 970);
    assert_string_equal(c.first, "1000");
    assert_string_equal(c.tag, "SELECT 940");
    sql_portal_close(g_s, "cur");
    assert_null(sql_portal_find(g_s, "cur"));
}

static void test_params_in_subqueries(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    SqlPrepared *ps = NULL;
    assert_int_equal(sql_prepare(g_s, "sub",
                                 "SELECT (SELECT count(*) FROM t t2 WHERE t2.id <= t.id AND "
                                 "t2.id > $2) FROM t WHERE id = $1",
                                 0, NULL, &ps, &err),
                     0);
    const char *args[2] = {"10", "5"};
    Collect c = run(ps, 2, args);
    assert_int_equal(c.nrows, 1);
    assert_string_equal(c.first, "5");
    const char *args2[2] = {"100", "1"};
    assert_string_equal(run(ps, 2, args2).first, "99");
    sql_prepared_close(g_s, "sub");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_select_plan_reused),
        cmocka_unit_test(test_row_limit_resumes),
        cmocka_unit_test(test_params_in_subqueries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
