/*
 * test_activity.c — pg_stat_activity, pg_backend_pid(), pg_cancel_backend()
 * and pg_terminate_backend() across real sessions of one server: each
 * connection's row (pid, user, database, application_name, client address,
 * state, query, transaction start) as other sessions see it, and signals sent
 * by pid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

#include <cmocka.h>

#include "integration/harness.h"
#include "integration/harness_sql.h"

static int backend_pid(PGconn *c)
{
    PGresult *r = query_ok(c, "SELECT pg_backend_pid()");
    int pid = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return pid;
}

/* The value of column `col` of pg_stat_activity for `pid`, read by `c`
 * (malloc'd; "<null>" for NULL, NULL when there is no such row). */
static char *activity(PGconn *c, int pid, const char *col)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM pg_stat_activity WHERE pid = %d", col, pid);
    PGresult *r = query_ok(c, sql);
    char *v = NULL;
    if (PQntuples(r) == 1) v = strdup(PQgetisnull(r, 0, 0) ? "<null>" : PQgetvalue(r, 0, 0));
    assert_true(PQntuples(r) <= 1);
    PQclear(r);
    return v;
}

static void expect_activity(PGconn *c, int pid, const char *col, const char *want)
{
    char *v = activity(c, pid, col);
    if (!v) fail_msg("no pg_stat_activity row for pid %d", pid);
    if (strcmp(v, want) != 0) fail_msg("pid %d %s: got \"%s\", want \"%s\"", pid, col, v, want);
    free(v);
}

static int count_rows(PGconn *c, const char *where)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE %s", where);
    PGresult *r = query_ok(c, sql);
    int n = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return n;
}

/* Three sessions: the watcher sees itself active, an idle one, one idle in a
 * transaction and, after an error, in an aborted one; pids match
 * pg_backend_pid() and the BackendKeyData libpq received; a connection that
 * ends leaves the view. */
static void test_states(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    PGconn *w = harness_connect_port(s.port, "application_name=watcher");
    PGconn *a = harness_connect_port(s.port, "application_name=alpha");
    PGconn *b = harness_connect(&s);
    assert_int_equal(PQstatus(w), CONNECTION_OK);
    assert_int_equal(PQstatus(a), CONNECTION_OK);
    assert_int_equal(PQstatus(b), CONNECTION_OK);
    int pw = backend_pid(w), pa = backend_pid(a), pb = backend_pid(b);
    assert_int_equal(pw, PQbackendPID(w));
    assert_int_equal(pa, PQbackendPID(a));
    assert_int_equal(pb, PQbackendPID(b));
    assert_true(pa != pw && pb != pw && pa != pb);
    assert_int_equal(count_rows(w, "true"), 3);

    /* the watcher's own row: the statement reading the view */
    char own[128];
    snprintf(own, sizeof own, "SELECT query FROM pg_stat_activity WHERE pid = %d", pw);
    expect_activity(w, pw, "query", own);
    expect_activity(w, pw, "state", "active");
    expect_activity(w, pw, "wait_event", "<null>");
    expect_activity(w, pw, "application_name", "watcher");

    exec_ok(a, "SELECT 42");
    expect_activity(w, pa, "state", "idle");
    expect_activity(w, pa, "query", "SELECT 42");
    expect_activity(w, pa, "application_name", "alpha");
    expect_activity(w, pa, "usename", harness_user());
    expect_activity(w, pa, "datname", "omendb");
    expect_activity(w, pa, "backend_type", "client backend");
    expect_activity(w, pa, "client_addr", "127.0.0.1");
    expect_activity(w, pa, "client_port > 0", "t");
    expect_activity(w, pa, "wait_event_type || '/' || wait_event", "Client/ClientRead");
    expect_activity(w, pa, "xact_start IS NULL", "t");
    expect_activity(w, pa, "backend_start <= query_start AND query_start <= state_change", "t");
    expect_activity(w, pa, "query_start <= now()", "t");
    exec_ok(a, "SET application_name = 'beta'");
    expect_activity(w, pa, "application_name", "beta");

    exec_ok(b, "BEGIN");
    exec_ok(b, "SELECT 1");
    expect_activity(w, pb, "state", "idle in transaction");
    expect_activity(w, pb, "query", "SELECT 1");
    expect_activity(w, pb, "xact_start < query_start", "t");
    PGresult *r = PQexec(b, "SELECT 1/0");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    PQclear(r);
    expect_activity(w, pb, "state", "idle in transaction (aborted)");
    expect_activity(w, pb, "query", "SELECT 1/0");
    exec_ok(b, "ROLLBACK");
    expect_activity(w, pb, "state", "idle");
    expect_activity(w, pb, "xact_start IS NULL", "t");

    /* the extended protocol shows the prepared statement's text */
    r = PQprepare(b, "q", "SELECT $1::int + 1", 1, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    const char *v = "41";
    r = PQexecPrepared(b, "q", 1, &v, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "42");
    PQclear(r);
    expect_activity(w, pb, "query", "SELECT $1::int + 1");
    expect_activity(w, pb, "state", "idle");

    PQfinish(a);
    char gone[64];
    snprintf(gone, sizeof gone, "pid = %d", pa);
    for (int i = 0; i < 100 && count_rows(w, gone) > 0; i++) harness_sleep_ms(20);
    assert_int_equal(count_rows(w, gone), 0);
    assert_int_equal(count_rows(w, "true"), 2);
    PQfinish(b);
    PQfinish(w);
    assert_int_equal(harness_stop(&s), 0);
}

typedef struct UpdateArg {
    PGconn *conn;
    char sqlstate[6];
} UpdateArg;

static void *update_thread(void *p)
{
    UpdateArg *u = p;
    PGresult *r = PQexec(u->conn, "UPDATE t SET v = 2 WHERE id = 1");
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    snprintf(u->sqlstate, sizeof u->sqlstate, "%s", st ? st : "00000");
    PQclear(r);
    return NULL;
}

/* A session waiting on a row lock shows as active with its UPDATE;
 * pg_cancel_backend ends that statement with 57014 and leaves the session
 * usable; pg_terminate_backend ends a connection; unknown pids give false. */
static void test_signals(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    PGconn *w = harness_connect(&s);
    PGconn *a = harness_connect(&s);
    PGconn *b = harness_connect(&s);
    assert_int_equal(PQstatus(b), CONNECTION_OK);
    int pb = backend_pid(b), pa = backend_pid(a);
    exec_ok(a, "CREATE TABLE t (id int PRIMARY KEY, v int)");
    exec_ok(a, "INSERT INTO t VALUES (1, 0)");
    exec_ok(a, "BEGIN");
    exec_ok(a, "UPDATE t SET v = 1 WHERE id = 1");

    UpdateArg u = {.conn = b};
    pthread_t th;
    pthread_create(&th, NULL, update_thread, &u);
    char waiting[96];
    snprintf(waiting, sizeof waiting, "pid = %d AND state = 'active'", pb);
    for (int i = 0; i < 250 && count_rows(w, waiting) == 0; i++) harness_sleep_ms(20);
    expect_activity(w, pb, "state", "active");
    expect_activity(w, pb, "query", "UPDATE t SET v = 2 WHERE id = 1");
    expect_activity(w, pb, "wait_event_type || '/' || wait_event", "Lock/transactionid");
    expect_activity(w, pa, "state", "idle in transaction");

    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_cancel_backend(%d)", pb);
    PGresult *r = query_ok(w, sql);
    assert_string_equal(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    pthread_join(th, NULL);
    assert_string_equal(u.sqlstate, "57014");
    r = query_ok(b, "SELECT 7");
    assert_string_equal(PQgetvalue(r, 0, 0), "7");
    PQclear(r);
    expect_activity(w, pb, "wait_event_type || '/' || wait_event", "Client/ClientRead");

    r = query_ok(w, "SELECT pg_cancel_backend(2000000000), pg_terminate_backend(-1)");
    assert_string_equal(PQgetvalue(r, 0, 0), "f");
    assert_string_equal(PQgetvalue(r, 0, 1), "f");
    PQclear(r);

    /* cancelling one's own statement ends it with 57014; the session goes on */
    r = PQexec(w, "SELECT pg_cancel_backend(pg_backend_pid())");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    r = query_ok(w, "SELECT 8");
    assert_string_equal(PQgetvalue(r, 0, 0), "8");
    PQclear(r);

    /* terminating the lock holder rolls its transaction back */
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%d)", pa);
    r = query_ok(w, sql);
    assert_string_equal(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    char gone[64];
    snprintf(gone, sizeof gone, "pid = %d", pa);
    for (int i = 0; i < 250 && count_rows(w, gone) > 0; i++) harness_sleep_ms(20);
    assert_int_equal(count_rows(w, gone), 0);
    r = PQexec(a, "SELECT 1");
    assert_int_not_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    assert_int_equal(PQstatus(a), CONNECTION_BAD);
    exec_ok(b, "UPDATE t SET v = 3 WHERE id = 1"); /* the row lock is free */
    r = query_ok(w, "SELECT v FROM t WHERE id = 1");
    assert_string_equal(PQgetvalue(r, 0, 0), "3");
    PQclear(r);
    PQfinish(a);
    PQfinish(b);
    PQfinish(w);
    assert_int_equal(harness_stop(&s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_signals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
