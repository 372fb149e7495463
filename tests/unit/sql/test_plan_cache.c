/*
 * test_plan_cache.c — the simple-protocol plan cache through the engine API:
 * the literal scan's keys and refusals, hits for statements that differ only
 * in literals (no parse: the cached statement runs with new values), literals
 * that must match (ORDER BY positions, typmods), custom plans where the
 * literals change the plan, transaction control, DDL invalidation and
 * plan_cache_mode.
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

#include "sql/plan_cache.h"
#include "sql/sql_literals.h"
#include "sql_test_rows.h"

static char g_dir[] = "/tmp/omendb_test_plan_cache_XXXXXX";
static Database *g_db;
static SqlSession *g_s;

static Collect exec_ok(const char *sql)
{
    Collect c;
    OmError err;
    if (collect_query(g_s, sql, &c, &err) != 0) fail_msg("%s: %s", sql, err.message);
    return c;
}

static const char *exec_err(const char *sql)
{
    static char state[6];
    Collect c;
    OmError err;
    if (collect_query(g_s, sql, &c, &err) == 0) fail_msg("%s: no error", sql);
    memcpy(state, err.sqlstate, 6);
    return state;
}

static PlanCacheStats stats(void)
{
    PlanCacheStats st;
    plan_cache_stats(g_s, &st, NULL);
    return st;
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(g_dir)) return -1;
    OmError err;
    error_clear(&err);
    g_db = sql_database_open(g_dir, &err);
    if (!g_db) return -1;
    g_s = sql_session_create(g_db, "test", "omendb", "test_plan_cache");
    exec_ok("CREATE TABLE t (id int PRIMARY KEY, v text, n int8)");
    exec_ok("INSERT INTO t SELECT g, 'v' || g, g * 10 FROM generate_series(1, 1000) g");
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

/* ---- the literal scan ---- */

static LiteralScan scan_ok(Arena *a, const char *sql)
{
    LiteralScan sc;
    if (sql_literals_scan(sql, true, a, &sc) != 0) fail_msg("scan refused: %s", sql);
    return sc;
}

static void test_scan_keys(void **state)
{
    (void)state;
    Arena *a = arena_create(NULL, "test");
    LiteralScan x = scan_ok(a, "SELECT * FROM t WHERE id = 1 AND v = 'a''b'");
    LiteralScan y = scan_ok(a, "SELECT * FROM t WHERE id = 42 AND v = ''");
    assert_int_equal(x.nlits, 2);
    assert_int_equal(x.key_len, y.key_len);
    assert_memory_equal(x.key, y.key, x.key_len);
    assert_true(x.hash == y.hash);
    /* a number and a string in the same place are different keys */
    LiteralScan z = scan_ok(a, "SELECT * FROM t WHERE id = '1' AND v = 'a'");
    assert_false(z.key_len == x.key_len && memcmp(z.key, x.key, x.key_len) == 0);
    /* digits inside identifiers, quoted identifiers and comments are not literals */
    LiteralScan w = scan_ok(a, "SELECT t1.\"c 2\" FROM t1 /* 3 'x' /* 4 */ */ -- 5\n WHERE a = 6;");
    assert_int_equal(w.nlits, 1);
    assert_int_equal(w.lits[0].kind, LIT_INTEGER);
    /* numbers: decimals, exponents, a minus in front */
    LiteralScan v = scan_ok(a, "SELECT 1.5, .5, 1e3, 2E-2, - 7, x-8");
    assert_int_equal(v.nlits, 6);
    assert_int_equal(v.lits[0].kind, LIT_DECIMAL);
    assert_int_equal(v.lits[2].kind, LIT_DECIMAL);
    assert_true(v.lits[4].minus_at >= 0);
    assert_true(v.lits[5].minus_at >= 0); /* the parser decides whether it folds */
    /* forms left to the parser */
    const char *refused[] = {
        "SELECT E'a\\n'", "SELECT B'101'",        "SELECT X'1F'",       "SELECT U&'a'",
        "SELECT $1",      "SELECT $$x$$",         "SELECT 1; SELECT 2", "SELECT 'a'\n'b'",
        "SELECT 1abc",    "SELECT 'unterminated", "SELECT /* open",     "SELECT 1..2",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        LiteralScan r;
        if (sql_literals_scan(refused[i], true, a, &r) == 0) fail_msg("scan took: %s", refused[i]);
    }
    /* classes as PostgreSQL types literals (make_const) */
    const char *lits = "SELECT 5, 2147483648, 9223372036854775808, 1.0, 'x'";
    LiteralScan c = scan_ok(a, lits);
    assert_int_equal(sql_literal_class(lits, &c.lits[0], false), LITCLASS_INT4);
    assert_int_equal(sql_literal_class(lits, &c.lits[1], false), LITCLASS_INT8);
    assert_int_equal(sql_literal_class(lits, &c.lits[1], true), LITCLASS_INT4); /* INT_MIN */
    assert_int_equal(sql_literal_class(lits, &c.lits[2], false), LITCLASS_NUMERIC);
    assert_int_equal(sql_literal_class(lits, &c.lits[2], true), LITCLASS_INT8);
    assert_int_equal(sql_literal_class(lits, &c.lits[3], false), LITCLASS_NUMERIC);
    assert_int_equal(sql_literal_class(lits, &c.lits[4], false), LITCLASS_UNKNOWN);
    size_t len;
    const char *txt = "SELECT 'it''s'";
    LiteralScan q = scan_ok(a, txt);
    assert_string_equal(sql_literal_text(txt, &q.lits[0], false, a, &len), "it's");
    arena_destroy(a);
}

/* ---- the cache ---- */

static void test_hits_for_other_literals(void **state)
{
    (void)state;
    PlanCacheStats before = stats();
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 5").first, "v5");
    PlanCacheStats mid = stats();
    assert_int_equal(mid.misses, before.misses + 1);
    for (int i = 6; i < 16; i++) {
        char sql[64], want[16];
        snprintf(sql, sizeof sql, "SELECT v FROM t WHERE id = %d", i);
        snprintf(want, sizeof want, "v%d", i);
        assert_string_equal(exec_ok(sql).first, want);
    }
    PlanCacheStats after = stats();
    assert_int_equal(after.hits, mid.hits + 10);
    assert_int_equal(after.misses, mid.misses);
    /* "- 3" is another key (the minus is text), cached on its own */
    assert_int_equal(exec_ok("SELECT v FROM t WHERE id = -3").nrows, 0);
    assert_int_equal(exec_ok("SELECT v FROM t WHERE id = -4").nrows, 0);
    after = stats();
    assert_int_equal(after.misses, mid.misses + 1);
    /* DML too */
    exec_ok("UPDATE t SET n = n + 1 WHERE id = 7");
    Collect u = exec_ok("UPDATE t SET n = n + 2 WHERE id = 8");
    assert_string_equal(u.tag, "UPDATE 1");
    assert_string_equal(exec_ok("SELECT n FROM t WHERE id = 8").first, "82");
    assert_string_equal(exec_ok("SELECT n FROM t WHERE id = 7").first, "71");
    assert_int_equal(stats().hits, after.hits + 2); /* the second UPDATE and SELECT n */
}

static void test_kept_literals_must_match(void **state)
{
    (void)state;
    assert_string_equal(exec_ok("SELECT id, -id FROM t WHERE id < 4 ORDER BY 1").first, "3");
    assert_string_equal(exec_ok("SELECT id, -id FROM t WHERE id < 4 ORDER BY 2").first, "1");
    assert_string_equal(exec_ok("SELECT id, -id FROM t WHERE id < 5 ORDER BY 1").first, "4");
    assert_string_equal(exec_ok("SELECT v::varchar(1) FROM t WHERE id = 12").first, "v");
    assert_string_equal(exec_ok("SELECT v::varchar(2) FROM t WHERE id = 12").first, "v1");
    assert_string_equal(exec_ok("SELECT v::varchar(2) FROM t WHERE id = 34").first, "v3");
    /* a literal whose class changes (int4 -> int8) gets its own plan */
    assert_string_equal(exec_ok("SELECT 7").first, "7");
    assert_string_equal(exec_ok("SELECT 3000000000").first, "3000000000");
    assert_string_equal(exec_ok("SELECT -2147483648").first, "-2147483648");
}

static void test_errors_as_uncached(void **state)
{
    (void)state;
    assert_string_equal(exec_err("SELECT v FROM t WHERE id = 'abc'"), "22P02");
    assert_string_equal(exec_err("SELECT v FROM t WHERE id = 'def'"), "22P02");
    assert_int_equal(exec_ok("SELECT v FROM t WHERE id = 99999999999").nrows, 0);
    assert_string_equal(exec_err("INSERT INTO t VALUES (99999999999, 'big')"), "22003");
    assert_string_equal(exec_err("INSERT INTO t VALUES (99999999998, 'big')"), "22003");
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = '9'").first, "v9");
    assert_string_equal(exec_err("SELECT v FROM nosuch WHERE id = 1"), "42P01");
    assert_string_equal(exec_err("SELECT v FROM nosuch WHERE id = 2"), "42P01");
    exec_ok("CREATE TABLE nosuch (id int, v text)");
    exec_ok("INSERT INTO nosuch VALUES (3, 'here')");
    assert_string_equal(exec_ok("SELECT v FROM nosuch WHERE id = 3").first, "here");
}

static void test_transaction_control(void **state)
{
    (void)state;
    exec_ok("BEGIN");
    exec_ok("UPDATE t SET v = 'x' WHERE id = 100");
    exec_ok("ROLLBACK");
    PlanCacheStats before = stats();
    exec_ok("BEGIN");
    exec_ok("UPDATE t SET v = 'y' WHERE id = 101");
    exec_ok("COMMIT");
    PlanCacheStats after = stats();
    assert_int_equal(after.hits, before.hits + 2); /* BEGIN and the UPDATE (COMMIT is new) */
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 100").first, "v100");
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 101").first, "y");
}

static void test_ddl_replans(void **state)
{
    (void)state;
    exec_ok("CREATE TABLE u (id int PRIMARY KEY, a int)");
    exec_ok("INSERT INTO u VALUES (1, 10)");
    assert_string_equal(exec_ok("SELECT a FROM u WHERE id = 1").first, "10");
    assert_string_equal(exec_ok("SELECT a FROM u WHERE id = 1").first, "10");
    exec_ok("DROP TABLE u");
    exec_ok("CREATE TABLE u (id int PRIMARY KEY, a text)");
    exec_ok("INSERT INTO u VALUES (1, 'ten')");
    assert_string_equal(exec_ok("SELECT a FROM u WHERE id = 1").first, "ten");
    assert_string_equal(exec_ok("SELECT a FROM u WHERE id = 1").first, "ten");
}

static void test_plan_cache_mode(void **state)
{
    (void)state;
    exec_ok("SET plan_cache_mode = force_custom_plan");
    PlanCacheStats before = stats();
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 21").first, "v21");
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 22").first, "v22");
    assert_int_equal(stats().hits, before.hits);
    exec_ok("SET plan_cache_mode = auto");
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 23").first, "v23");
    assert_string_equal(exec_ok("SELECT v FROM t WHERE id = 24").first, "v24");
    assert_true(stats().hits >= before.hits + 1); /* DDL elsewhere may have made 23 a miss */
    assert_string_equal(exec_err("SET plan_cache_mode = sometimes"), "22023");
    /* the counters as a system view */
    char want[32];
    snprintf(want, sizeof want, "%llu", (unsigned long long)stats().hits);
    assert_string_equal(exec_ok("SELECT hits FROM omendb_plan_cache WHERE scope = 'session'").first,
                        want);
    exec_ok("DISCARD ALL");
    assert_int_equal(stats().entries, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_keys),
        cmocka_unit_test(test_hits_for_other_literals),
        cmocka_unit_test(test_kept_literals_must_match),
        cmocka_unit_test(test_errors_as_uncached),
        cmocka_unit_test(test_transaction_control),
        cmocka_unit_test(test_ddl_replans),
        cmocka_unit_test(test_plan_cache_mode),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
