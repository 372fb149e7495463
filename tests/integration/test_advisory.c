/*
 * test_advisory.c — advisory locks across real sessions of one server: a
 * held key blocks another session's pg_advisory_lock until released (by
 * unlock, by the holder's disconnect, or at the end of its transaction for
 * the xact forms), try-locks answer at once, shared locks share, a wait ends
 * with 57014 at statement_timeout or on a cancel, a cycle of waits is 40P01,
 * and pg_locks lists holders and waiters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

#include <cmocka.h>

#include "integration/harness.h"
#include "integration/harness_sql.h"

/* A statement run on its own thread (it may wait), its SQLSTATE and when it ended. */
typedef struct Waiter {
    PGconn *conn;
    const char *sql;
    char sqlstate[6];
    long done_ms;
} Waiter;

static void *run_waiter(void *p)
{
    Waiter *w = p;
    PGresult *r = PQexec(w->conn, w->sql);
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    snprintf(w->sqlstate, sizeof w->sqlstate, "%s", st ? st : "00000");
    w->done_ms = harness_now_ms();
    PQclear(r);
    return NULL;
}

/* Waits until pg_locks shows n ungranted advisory locks. */
static void wait_for_waiters(PGconn *c, int n)
{
    char want[16];
    snprintf(want, sizeof want, "%d", n);
    for (int i = 0; i < 250; i++) {
        PGresult *r = query_ok(c, "SELECT count(*) FROM pg_locks WHERE NOT granted");
        bool ok = strcmp(PQgetvalue(r, 0, 0), want) == 0;
        PQclear(r);
        if (ok) return;
        harness_sleep_ms(20);
    }
    fail_msg("pg_locks never showed %d waiting locks", n);
}

static void test_wait_and_release(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    PGconn *a = harness_connect(&s), *b = harness_connect(&s), *w = harness_connect(&s);
    assert_int_equal(PQstatus(b), CONNECTION_OK);

    /* a session-level lock: others cannot take it; the holder can, again */
    exec_ok(a, "SELECT pg_advisory_lock(42)");
    expect_one(a, "SELECT pg_try_advisory_lock(42)", "t");
    expect_one(b, "SELECT pg_try_advisory_lock(42)", "f");
    expect_one(b, "SELECT pg_try_advisory_lock_shared(42)", "f");
    expect_one(b, "SELECT pg_try_advisory_lock(0, 42)", "t"); /* the other key space */
    expect_one(w, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted", "2");

    /* b waits for 42; a unlocks once (still held), then again: b goes on */
    Waiter wt = {.conn = b, .sql = "SELECT pg_advisory_lock(42)"};
    pthread_t th;
    pthread_create(&th, NULL, run_waiter, &wt);
    wait_for_waiters(w, 1);
    expect_one(w, "SELECT mode || '/' || objid || '/' || objsubid FROM pg_locks WHERE NOT granted",
               "ExclusiveLock/42/1");
    expect_one(w,
               "SELECT wait_event_type || '/' || wait_event FROM pg_stat_activity WHERE pid = "
               "(SELECT pid FROM pg_locks WHERE NOT granted)",
               "Lock/advisory");
    expect_one(a, "SELECT pg_advisory_unlock(42)", "t");
    harness_sleep_ms(100);
    assert_int_equal(wt.done_ms, 0); /* a holds it once more */
    long released = harness_now_ms();
    expect_one(a, "SELECT pg_advisory_unlock(42)", "t");
    pthread_join(th, NULL);
    assert_string_equal(wt.sqlstate, "00000");
    assert_true(wt.done_ms - released < 2000);
    expect_one(a, "SELECT pg_advisory_unlock(42)", "f"); /* a no longer holds it */

    /* shared locks share; an exclusive waits for all of them */
    exec_ok(b, "SELECT pg_advisory_unlock_all()");
    exec_ok(a, "SELECT pg_advisory_lock_shared(7)");
    expect_one(b, "SELECT pg_try_advisory_lock_shared(7)", "t");
    expect_one(w, "SELECT pg_try_advisory_lock(7)", "f");

    /* the holder's disconnect releases its locks */
    exec_ok(b, "SELECT pg_advisory_unlock_shared(7)");
    Waiter wx = {.conn = w, .sql = "SELECT pg_advisory_lock(7)"};
    pthread_create(&th, NULL, run_waiter, &wx);
    wait_for_waiters(b, 1);
    PQfinish(a);
    pthread_join(th, NULL);
    assert_string_equal(wx.sqlstate, "00000");
    exec_ok(w, "SELECT pg_advisory_unlock_all()");

    /* transaction-level locks last until COMMIT or ROLLBACK */
    exec_ok(b, "BEGIN");
    exec_ok(b, "SELECT pg_advisory_xact_lock(9)");
    expect_one(w, "SELECT pg_try_advisory_xact_lock(9)", "f");
    expect_one(b, "SELECT pg_advisory_unlock(9)", "f"); /* not a session-level lock */
    exec_ok(b, "ROLLBACK");
    expect_one(w, "SELECT pg_try_advisory_xact_lock(9)", "t"); /* released by its own commit */
    expect_one(w, "SELECT count(*) FROM pg_locks", "0");

    PQfinish(b);
    PQfinish(w);
    assert_int_equal(harness_stop(&s), 0);
}

static void test_timeout_cancel_deadlock(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    PGconn *a = harness_connect(&s), *b = harness_connect(&s);
    assert_int_equal(PQstatus(b), CONNECTION_OK);
    exec_ok(a, "SELECT pg_advisory_lock(1)");

    /* statement_timeout ends a wait */
    exec_ok(b, "SET statement_timeout = 200");
    PGresult *r = PQexec(b, "SELECT pg_advisory_lock(1)");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    exec_ok(b, "SET statement_timeout = 0");

    /* so does a cancel request */
    Waiter wt = {.conn = b, .sql = "SELECT pg_advisory_lock(1)"};
    pthread_t th;
    pthread_create(&th, NULL, run_waiter, &wt);
    wait_for_waiters(a, 1);
    PGcancel *cancel = PQgetCancel(b);
    char errbuf[256];
    assert_int_equal(PQcancel(cancel, errbuf, sizeof errbuf), 1);
    PQfreeCancel(cancel);
    pthread_join(th, NULL);
    assert_string_equal(wt.sqlstate, "57014");

    /* a cycle: a waits for b's key 2, b for a's key 1 */
    exec_ok(b, "SELECT pg_advisory_lock(2)");
    Waiter wa = {.conn = a, .sql = "SELECT pg_advisory_lock(2)"};
    pthread_create(&th, NULL, run_waiter, &wa);
    wait_for_waiters(b, 1);
    r = PQexec(b, "SELECT pg_advisory_lock(1)");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "40P01");
    PQclear(r);
    exec_ok(b, "SELECT pg_advisory_unlock(2)");
    pthread_join(th, NULL);
    assert_string_equal(wa.sqlstate, "00000");

    PQfinish(a);
    PQfinish(b);
    assert_int_equal(harness_stop(&s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wait_and_release),
        cmocka_unit_test(test_timeout_cancel_deadlock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
