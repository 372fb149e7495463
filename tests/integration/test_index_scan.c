/*
 * test_index_scan.c — unique indexes as the planner and executor use them,
 * through libpq against a real server:
 *   - for every kind of key (int2, int4, int8, date, timestamp, timestamptz:
 *     ALEX; text, varchar, numeric, float8, composite (text, int4): B+tree),
 *     range predicates (>, >=, <, <=, BETWEEN, =, open and two-sided) give the
 *     same rows through the index as the same query over an unindexed copy
 *     (a columnar scan);
 *   - EXPLAIN names the index and its structure, the conditions it serves and
 *     the estimate, and falls back to the columnar scan for wide ranges;
 *   - ORDER BY key (LIMIT n) comes from the index without a Sort;
 *   - a failed multi-row INSERT (23505 in the middle) leaves no index entry;
 *   - index scans run beside a concurrent INSERT (no lock on the read path).
 * EXPLAIN text is OmenDB's own, so this lives here rather than in tests/compat.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#include <cmocka.h>

#include "integration/harness.h"

#define ROWS 3000

static OmenServer g_server;
static PGconn *g_conn;

static int group_setup(void **state)
{
    (void)state;
    if (harness_start(&g_server, NULL) != 0) return -1;
    g_conn = harness_connect(&g_server);
    return PQstatus(g_conn) == CONNECTION_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    PQfinish(g_conn);
    return harness_stop(&g_server) == 0 ? 0 : -1;
}

static void exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

static PGresult *query(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    return r;
}

/* The EXPLAIN text of sql, lines joined by '\n' (static buffer). */
static const char *explain(const char *sql)
{
    static char out[8192];
    char q[4300];
    snprintf(q, sizeof q, "EXPLAIN %s", sql);
    PGresult *r = query(g_conn, q);
    out[0] = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        strncat(out, PQgetvalue(r, i, 0), sizeof(out) - strlen(out) - 2);
        strcat(out, "\n");
    }
    PQclear(r);
    return out;
}

static void assert_same_rows(const char *a_sql, const char *b_sql)
{
    PGresult *a = query(g_conn, a_sql), *b = query(g_conn, b_sql);
    if (PQntuples(a) != PQntuples(b))
        fail_msg("%d rows from\n  %s\nbut %d from\n  %s", PQntuples(a), a_sql, PQntuples(b), b_sql);
    for (int i = 0; i < PQntuples(a); i++)
        for (int j = 0; j < PQnfields(a); j++)
            if (strcmp(PQgetvalue(a, i, j), PQgetvalue(b, i, j)) != 0)
                fail_msg("row %d col %d: %s vs %s in\n  %s", i, j, PQgetvalue(a, i, j),
                         PQgetvalue(b, i, j), a_sql);
    PQclear(a);
    PQclear(b);
}

typedef struct KeyCase {
    const char *name; /* table suffix */
    const char *type; /* key column type */
    const char *expr; /* key value from g */
    const char *kind; /* expected structure */
    bool composite;   /* key (k, g) */
} KeyCase;

static const KeyCase CASES[] = {
    {"i2", "int2", "(g - 1500)::int2", "ALEX, learned", false},
    {"i4", "int4", "g * 3 - 4000", "ALEX, learned", false},
    {"i8", "int8", "g::int8 * 1000000007 - 1000000000000", "ALEX, learned", false},
    {"dt", "date", "date '2020-01-01' + g * 2", "ALEX, learned", false},
    {"ts", "timestamp", "(date '1999-12-01' + g)::timestamp", "ALEX, learned", false},
    {"tz", "timestamptz", "(date '1999-12-01' + g)::timestamptz", "ALEX, learned", false},
    {"tx", "text", "'k' || g", "B+tree", false},
    {"vc", "varchar(12)", "'v' || (g * 7)", "B+tree", false},
    {"nu", "numeric", "(g - 1500) / 7.0", "B+tree", false},
    {"f8", "float8", "(g - 1500) * 0.25", "B+tree", false},
    {"cp", "text", "'c' || (g % 300)", "B+tree", true},
};

/* A literal for a key value given as text. */
static void literal(const KeyCase *kc, const char *v, char *out, size_t cap)
{
    snprintf(out, cap, "'%s'::%s", v, kc->type);
}

static void check_case(const KeyCase *kc)
{
    char sql[1024], plain[64], t[64];
    snprintf(t, sizeof t, "ix_%s", kc->name);
    snprintf(plain, sizeof plain, "ix_%s_plain", kc->name);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (k %s, g int4, PRIMARY KEY (%s))", t, kc->type,
             kc->composite ? "k, g" : "k");
    exec_ok(g_conn, sql);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (k %s, g int4)", plain, kc->type);
    exec_ok(g_conn, sql);
    snprintf(sql, sizeof sql, "INSERT INTO %s SELECT %s, g FROM generate_series(1, %d) g", t,
             kc->expr, ROWS);
    exec_ok(g_conn, sql);
    snprintf(sql, sizeof sql, "INSERT INTO %s SELECT * FROM %s", plain, t);
    exec_ok(g_conn, sql);

    /* Distinct key values in SQL order, to build bounds from. */
    snprintf(sql, sizeof sql, "SELECT DISTINCT k FROM %s ORDER BY k", plain);
    PGresult *vals = query(g_conn, sql);
    int n = PQntuples(vals);
    assert_true(n > 50);
    char a[128], b[128], lo[128], hi[128], first[128];
    literal(kc, PQgetvalue(vals, n / 3, 0), a, sizeof a);
    literal(kc, PQgetvalue(vals, n / 3 + 3, 0), b, sizeof b);
    literal(kc, PQgetvalue(vals, 5, 0), lo, sizeof lo);
    literal(kc, PQgetvalue(vals, n - 6, 0), hi, sizeof hi);
    literal(kc, PQgetvalue(vals, 0, 0), first, sizeof first);
    PQclear(vals);

    char preds[10][400];
    int np = 0;
    snprintf(preds[np++], 400, "k >= %s AND k < %s", a, b);
    snprintf(preds[np++], 400, "k > %s AND k <= %s", a, b);
    snprintf(preds[np++], 400, "k BETWEEN %s AND %s", a, b);
    snprintf(preds[np++], 400, "k = %s", a);
    snprintf(preds[np++], 400, "%s < k AND k < %s", a, b); /* value on the left */
    snprintf(preds[np++], 400, "k > %s", hi);
    snprintf(preds[np++], 400, "k < %s", lo);
    snprintf(preds[np++], 400, "k <= %s", first);
    snprintf(preds[np++], 400, "k > %s AND k < %s", b, a); /* empty */
    snprintf(preds[np++], 400, "k >= %s", lo);             /* most of the table */
    for (int i = 0; i < np; i++) {
        char x[4200], y[4200];
        snprintf(x, sizeof x, "SELECT k, g FROM %s WHERE %s ORDER BY k, g", t, preds[i]);
        snprintf(y, sizeof y, "SELECT k, g FROM %s WHERE %s ORDER BY k, g", plain, preds[i]);
        assert_same_rows(x, y);
        /* and without ORDER BY: an index scan gives key order by itself */
        snprintf(x, sizeof x, "SELECT k, g FROM %s WHERE %s", t, preds[i]);
        bool selective = i < np - 1;
        if (!kc->composite && selective) assert_same_rows(x, y);
        const char *plan = explain(x);
        char want[256];
        snprintf(want, sizeof want, "Index Scan using %s_pkey on public.%s %s (%s)", t, t, t,
                 kc->kind);
        if (selective && !strstr(plan, want)) fail_msg("expected %s in\n%s", want, plan);
        if (selective && !strstr(plan, "Index Cond: ")) fail_msg("no Index Cond in\n%s", plan);
        if (!selective && !strstr(plan, "Columnar Scan"))
            fail_msg("expected a columnar scan\n%s", plan);
        if (!selective && !strstr(plan, "not used: est. over 150 of 3000 rows"))
            fail_msg("expected the rejected estimate in\n%s", plan);
    }
}

static void test_ranges_every_key_type(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) check_case(&CASES[i]);
}

static void test_explain_format(void **state)
{
    (void)state;
    exec_ok(g_conn, "CREATE TABLE ex (id int8 PRIMARY KEY, name text UNIQUE, v int)");
    exec_ok(g_conn, "INSERT INTO ex SELECT g, 'n' || g, g FROM generate_series(1, 100000) g");
    const char *p = explain("SELECT * FROM ex WHERE id >= 10 AND id < 20");
    assert_non_null(
        strstr(p, "Index Scan using ex_pkey on public.ex ex (ALEX, learned)  (rows=10)"));
    assert_non_null(strstr(p, "Index Cond: ((id >= 10) AND (id < 20))"));
    assert_non_null(strstr(p, "index range scan chosen: est. 10 of 100000 rows (learned-model "
                              "estimate"));
    assert_null(strstr(p, "Filter:")); /* the index serves the whole filter */
    p = explain("SELECT * FROM ex WHERE id BETWEEN 10 AND 20 AND v > 3");
    assert_non_null(strstr(p, "Filter: (v > 3)"));
    p = explain("SELECT * FROM ex WHERE name = 'n77'");
    assert_non_null(strstr(p, "Index Scan using ex_name_key on public.ex ex (B+tree)"));
    p = explain("SELECT * FROM ex WHERE id = 5");
    assert_non_null(strstr(p, "index point lookup: 1 key of 100000 rows"));
    p = explain("SELECT * FROM ex WHERE id = ANY ('{5,7,200000}')");
    assert_non_null(strstr(p, "index point lookups: the keys of an array, of 100000 rows"));
    assert_same_rows("SELECT id, v FROM ex WHERE id = ANY ('{7,5,200000,NULL,5}') ORDER BY id",
                     "SELECT g::int8, g FROM (VALUES (5), (7)) t(g)");
    p = explain("SELECT * FROM ex WHERE id <> ALL ('{5,7}')");
    assert_non_null(strstr(p, "Columnar Scan on public.ex ex"));
    p = explain("SELECT * FROM ex WHERE id > 50");
    assert_non_null(strstr(p, "Columnar Scan on public.ex ex"));
    /* ORDER BY the key: no Sort above an index scan */
    p = explain("SELECT * FROM ex WHERE id < 100 ORDER BY id");
    assert_null(strstr(p, "Sort"));
    p = explain("SELECT id FROM ex ORDER BY id LIMIT 5");
    assert_null(strstr(p, "Sort"));
    assert_non_null(strstr(p, "index scan in key order"));
    assert_same_rows("SELECT id, v FROM ex ORDER BY id LIMIT 5 OFFSET 3",
                     "SELECT g::int8, g FROM generate_series(4, 8) g");
    p = explain("SELECT id FROM ex ORDER BY id DESC LIMIT 5");
    assert_non_null(strstr(p, "Sort"));
    exec_ok(g_conn, "DROP TABLE ex");
}

static void test_failed_insert_leaves_no_entry(void **state)
{
    (void)state;
    exec_ok(g_conn, "CREATE TABLE fi (id int PRIMARY KEY, t text UNIQUE)");
    exec_ok(g_conn, "INSERT INTO fi SELECT g, 't' || g FROM generate_series(1, 1000) g");
    PGresult *r = PQexec(g_conn, "INSERT INTO fi SELECT g, 'u' || g FROM generate_series(1001, "
                                 "1100) g UNION ALL SELECT 500, 'new'");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    PQclear(r);
    r = PQexec(g_conn, "INSERT INTO fi VALUES (2000, 'x'), (2001, 't5')");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    PQclear(r);
    /* nothing of the failed statements is found, and the keys are free again */
    assert_same_rows("SELECT count(*) FROM fi WHERE id > 1000", "SELECT 0::int8");
    assert_same_rows("SELECT count(*) FROM fi WHERE t = 'x'", "SELECT 0::int8");
    exec_ok(g_conn, "INSERT INTO fi VALUES (1001, 'x'), (2001, 'u1001')");
    assert_same_rows("SELECT id FROM fi WHERE id BETWEEN 999 AND 3000",
                     "SELECT * FROM (VALUES (999), (1000), (1001), (2001)) v");
    exec_ok(g_conn, "DROP TABLE fi");
}

static volatile int g_stop;

static void *writer(void *arg)
{
    (void)arg;
    PGconn *c = harness_connect(&g_server);
    char sql[256];
    for (int b = 0; b < 60 && !g_stop; b++) {
        snprintf(sql, sizeof sql, "INSERT INTO cc SELECT g, g FROM generate_series(%d, %d) g",
                 10000 + b * 1000, 10999 + b * 1000);
        PQclear(PQexec(c, sql));
    }
    PQfinish(c);
    return NULL;
}

static void test_readers_beside_writer(void **state)
{
    (void)state;
    exec_ok(g_conn, "CREATE TABLE cc (id int PRIMARY KEY, v int)");
    exec_ok(g_conn, "INSERT INTO cc SELECT g, g FROM generate_series(1, 9999) g");
    pthread_t w;
    g_stop = 0;
    pthread_create(&w, NULL, writer, NULL);
    for (int i = 0; i < 200; i++) {
        /* the committed rows below 10000 are always all there, in order */
        PGresult *r = query(g_conn, "SELECT count(*), min(id), max(id) FROM cc WHERE id >= 100 "
                                    "AND id < 400");
        assert_string_equal(PQgetvalue(r, 0, 0), "300");
        assert_string_equal(PQgetvalue(r, 0, 2), "399");
        PQclear(r);
        r = query(g_conn, "SELECT v FROM cc WHERE id = 777");
        assert_string_equal(PQgetvalue(r, 0, 0), "777");
        PQclear(r);
    }
    g_stop = 1;
    pthread_join(w, NULL);
    exec_ok(g_conn, "DROP TABLE cc");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranges_every_key_type),
        cmocka_unit_test(test_explain_format),
        cmocka_unit_test(test_failed_insert_leaves_no_entry),
        cmocka_unit_test(test_readers_beside_writer),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
