/*
 * test_unique_partial.c — unique indexes with a predicate or expression keys
 * across real sessions, as PostgreSQL 15 behaves:
 *   - an INSERT of a key another running transaction inserted waits for it,
 *     then fails with 23505 (PostgreSQL's message and "Key (lower(email))=
 *     (...) already exists.") if that one commits, or goes in if it rolls back;
 *   - an UPDATE that takes a row out of a partial index frees its key once it
 *     commits (a waiting INSERT then succeeds) and keeps it if it rolls back;
 *   - ON CONFLICT DO NOTHING / DO UPDATE wait the same way, then skip or
 *     update;
 *   - REPEATABLE READ: a key committed after the snapshot is 23505 for an
 *     INSERT and 40001 for DO UPDATE and DO NOTHING;
 *   - COPY FROM goes through the index (a duplicate fails the whole COPY);
 *   - CREATE UNIQUE INDEX waits for the transactions writing the table.
 * Also passes against PostgreSQL 15 itself (OMENDB_TEST_PORT).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

#include <cmocka.h>

#include "integration/harness.h"
#include "integration/harness_sql.h"

/* A statement on its own thread (it may wait): its SQLSTATE ("00000" when it
 * succeeded), message, detail and command tag. */
typedef struct Waiter {
    PGconn *conn;
    const char *sql;
    char sqlstate[6];
    char message[256];
    char detail[256];
    char tag[64];
} Waiter;

static void *run_waiter(void *p)
{
    Waiter *w = p;
    PGresult *r = PQexec(w->conn, w->sql);
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    const char *det = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    snprintf(w->sqlstate, sizeof w->sqlstate, "%s", st ? st : "00000");
    snprintf(w->message, sizeof w->message, "%s", msg ? msg : "");
    snprintf(w->detail, sizeof w->detail, "%s", det ? det : "");
    snprintf(w->tag, sizeof w->tag, "%s", PQcmdStatus(r));
    PQclear(r);
    return NULL;
}

static int backend_pid(PGconn *c)
{
    PGresult *r = query_ok(c, "SELECT pg_backend_pid()");
    int pid = atoi(PQgetvalue(r, 0, 0));
    PQclear(r);
    return pid;
}

/* Starts w's statement and returns once session `pid` waits for a lock. */
static void start_waiting(PGconn *watch, int pid, Waiter *w, pthread_t *th)
{
    pthread_create(th, NULL, run_waiter, w);
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM pg_stat_activity WHERE pid = %d AND wait_event_type = 'Lock'",
             pid);
    for (int i = 0; i < 250; i++) {
        PGresult *r = query_ok(watch, sql);
        bool waiting = strcmp(PQgetvalue(r, 0, 0), "1") == 0;
        PQclear(r);
        if (waiting) return;
        harness_sleep_ms(20);
    }
    fail_msg("session %d never waited: %s", pid, w->sql);
}

typedef struct Sessions {
    OmenServer s;
    PGconn *a, *b, *w;
    int pid_b;
} Sessions;

static void open_sessions(Sessions *x)
{
    assert_int_equal(harness_start(&x->s, NULL), 0);
    x->a = harness_connect(&x->s);
    x->b = harness_connect(&x->s);
    x->w = harness_connect(&x->s);
    assert_int_equal(PQstatus(x->w), CONNECTION_OK);
    x->pid_b = backend_pid(x->b);
}

static void close_sessions(Sessions *x)
{
    PQfinish(x->a);
    PQfinish(x->b);
    PQfinish(x->w);
    assert_int_equal(harness_stop(&x->s), 0);
}

/* Session a runs `first` in a transaction block; b's `second` waits for it;
 * a ends the block with `end` (COMMIT or ROLLBACK); *w gets b's outcome. */
static void race(Sessions *x, const char *first, const char *second, const char *end, Waiter *w)
{
    memset(w, 0, sizeof(*w));
    w->conn = x->b;
    w->sql = second;
    exec_ok(x->a, "BEGIN");
    exec_ok(x->a, first);
    pthread_t th;
    start_waiting(x->w, x->pid_b, w, &th);
    exec_ok(x->a, end);
    pthread_join(th, NULL);
}

static void test_expression_key_waits(void **state)
{
    (void)state;
    Sessions x;
    open_sessions(&x);
    exec_ok(x.a, "DROP TABLE IF EXISTS uq_acc");
    exec_ok(x.a, "CREATE TABLE uq_acc (id int PRIMARY KEY, email varchar(40))");
    exec_ok(x.a, "CREATE UNIQUE INDEX uq_acc_lower ON uq_acc (lower(email))");

    /* the first inserter commits: the second waits, then fails */
    Waiter wt;
    race(&x, "INSERT INTO uq_acc VALUES (1, 'Ann@x')", "INSERT INTO uq_acc VALUES (2, 'ANN@X')",
         "COMMIT", &wt);
    assert_string_equal(wt.sqlstate, "23505");
    assert_string_equal(wt.message,
                        "duplicate key value violates unique constraint \"uq_acc_lower\"");
    assert_string_equal(wt.detail, "Key (lower(email::text))=(ann@x) already exists.");

    /* the first inserter rolls back: the second goes in */
    race(&x, "INSERT INTO uq_acc VALUES (3, 'Bob@x')", "INSERT INTO uq_acc VALUES (4, 'BOB@x')",
         "ROLLBACK", &wt);
    assert_string_equal(wt.sqlstate, "00000");
    expect_one(x.w, "SELECT string_agg(id::text, ',' ORDER BY id) FROM uq_acc", "1,4");

    /* an UPDATE that moves a key waits for the row's inserter as well */
    race(&x, "INSERT INTO uq_acc VALUES (5, 'cy@x')",
         "UPDATE uq_acc SET email = 'CY@X' WHERE id = 4", "COMMIT", &wt);
    assert_string_equal(wt.sqlstate, "23505");
    assert_string_equal(wt.detail, "Key (lower(email::text))=(cy@x) already exists.");

    /* CREATE UNIQUE INDEX waits for the table's writers: the row a rolled-back
     * update had taken out of the predicate is indexed */
    exec_ok(x.a, "DROP TABLE IF EXISTS uq_late");
    exec_ok(x.a, "CREATE TABLE uq_late (id int, e text, gone bool)");
    exec_ok(x.a, "INSERT INTO uq_late VALUES (1, 'a', false)");
    race(&x, "UPDATE uq_late SET gone = true WHERE id = 1",
         "CREATE UNIQUE INDEX uq_late_e ON uq_late (upper(e)) WHERE NOT gone", "ROLLBACK", &wt);
    assert_string_equal(wt.sqlstate, "00000");
    PGresult *r = PQexec(x.b, "INSERT INTO uq_late VALUES (2, 'A', false)");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    PQclear(r);
    close_sessions(&x);
}

static void test_partial_index_waits(void **state)
{
    (void)state;
    Sessions x;
    open_sessions(&x);
    exec_ok(x.a, "DROP TABLE IF EXISTS uq_users");
    exec_ok(x.a, "CREATE TABLE uq_users (id int PRIMARY KEY, email text, deleted_at timestamp)");
    exec_ok(x.a, "CREATE UNIQUE INDEX uq_users_live ON uq_users (email) WHERE deleted_at IS NULL");
    exec_ok(x.a, "INSERT INTO uq_users VALUES (1, 'x', NULL)");

    /* soft delete committed: the key is free for the waiting INSERT */
    Waiter wt;
    race(&x, "UPDATE uq_users SET deleted_at = '2024-01-01' WHERE id = 1",
         "INSERT INTO uq_users VALUES (2, 'x', NULL)", "COMMIT", &wt);
    assert_string_equal(wt.sqlstate, "00000");

    /* soft delete rolled back: the key stays taken */
    race(&x, "UPDATE uq_users SET deleted_at = '2024-01-02' WHERE id = 2",
         "INSERT INTO uq_users VALUES (3, 'x', NULL)", "ROLLBACK", &wt);
    assert_string_equal(wt.sqlstate, "23505");
    assert_string_equal(wt.detail, "Key (email)=(x) already exists.");

    /* a row outside the predicate never waits nor conflicts */
    exec_ok(x.a, "BEGIN");
    exec_ok(x.a, "INSERT INTO uq_users VALUES (4, 'y', NULL)");
    exec_ok(x.b, "INSERT INTO uq_users VALUES (5, 'y', '2024-01-03')");
    exec_ok(x.a, "ROLLBACK");

    /* ON CONFLICT DO NOTHING waits for the inserter, then skips the row */
    race(&x, "INSERT INTO uq_users VALUES (4, 'y', NULL)",
         "INSERT INTO uq_users VALUES (6, 'y', NULL) ON CONFLICT (email) WHERE deleted_at IS NULL "
         "DO NOTHING",
         "COMMIT", &wt);
    assert_string_equal(wt.sqlstate, "00000");
    assert_string_equal(wt.tag, "INSERT 0 0");

    /* DO UPDATE waits, then updates the committed row */
    race(&x, "INSERT INTO uq_users VALUES (7, 'z', NULL)",
         "INSERT INTO uq_users VALUES (8, 'z', NULL) ON CONFLICT (email) WHERE deleted_at IS NULL "
         "DO UPDATE SET id = uq_users.id + 100",
         "COMMIT", &wt);
    assert_string_equal(wt.sqlstate, "00000");
    assert_string_equal(wt.tag, "INSERT 0 1");
    expect_one(x.w, "SELECT string_agg(id::text, ',' ORDER BY id) FROM uq_users", "1,2,4,5,107");

    /* REPEATABLE READ: a key committed after the snapshot is 23505 for an
     * INSERT (as in READ COMMITTED) and 40001 for DO UPDATE of that row */
    exec_ok(x.b, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    expect_one(x.b, "SELECT count(*) FROM uq_users", "5");
    exec_ok(x.a, "INSERT INTO uq_users VALUES (9, 'rr', NULL)");
    PGresult *r = PQexec(x.b, "INSERT INTO uq_users VALUES (10, 'rr', NULL)");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23505");
    PQclear(r);
    exec_ok(x.b, "ROLLBACK");
    exec_ok(x.b, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    expect_one(x.b, "SELECT count(*) FROM uq_users", "6");
    exec_ok(x.a, "INSERT INTO uq_users VALUES (11, 'rr2', NULL)");
    r = PQexec(x.b, "INSERT INTO uq_users VALUES (12, 'rr2', NULL) ON CONFLICT (email) WHERE "
                    "deleted_at IS NULL DO UPDATE SET id = 0");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "40001");
    PQclear(r);
    exec_ok(x.b, "ROLLBACK");
    /* ... and for DO NOTHING too; a conflict within the command is skipped */
    exec_ok(x.b, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    expect_one(x.b, "SELECT count(*) FROM uq_users", "7");
    exec_ok(x.a, "INSERT INTO uq_users VALUES (13, 'rr3', NULL)");
    r = PQexec(x.b, "INSERT INTO uq_users VALUES (14, 'rr3', NULL) ON CONFLICT DO NOTHING");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "40001");
    PQclear(r);
    exec_ok(x.b, "ROLLBACK");
    exec_ok(x.b, "BEGIN ISOLATION LEVEL REPEATABLE READ");
    r = query_ok(x.b, "INSERT INTO uq_users VALUES (15, 'rr4', NULL), (16, 'rr4', NULL) ON "
                      "CONFLICT DO NOTHING");
    assert_string_equal(PQcmdStatus(r), "INSERT 0 1");
    PQclear(r);
    exec_ok(x.b, "ROLLBACK");
    close_sessions(&x);
}

/* COPY FROM STDIN of `data`; the result's SQLSTATE ("00000": success). */
static void copy_in(PGconn *c, const char *sql, const char *data, char *sqlstate)
{
    PGresult *r = PQexec(c, sql);
    assert_int_equal(PQresultStatus(r), PGRES_COPY_IN);
    PQclear(r);
    assert_int_equal(PQputCopyData(c, data, (int)strlen(data)), 1);
    assert_int_equal(PQputCopyEnd(c, NULL), 1);
    r = PQgetResult(c);
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    snprintf(sqlstate, 6, "%s", st ? st : "00000");
    PQclear(r);
    while ((r = PQgetResult(c)) != NULL) PQclear(r);
}

static void test_copy(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    PGconn *c = harness_connect(&s);
    exec_ok(c, "DROP TABLE IF EXISTS uq_copy");
    exec_ok(c, "CREATE TABLE uq_copy (id int, code text, active bool)");
    exec_ok(c, "CREATE UNIQUE INDEX uq_copy_code ON uq_copy (upper(code)) WHERE active");
    char st[6];
    copy_in(c, "COPY uq_copy FROM STDIN", "1\ta\tt\n2\tA\tf\n3\tb\tt\n4\tB\tf\n", st);
    assert_string_equal(st, "00000");
    copy_in(c, "COPY uq_copy FROM STDIN", "5\tc\tt\n6\tC\tt\n", st);
    assert_string_equal(st, "23505");
    copy_in(c, "COPY uq_copy FROM STDIN", "7\tB\tt\n", st);
    assert_string_equal(st, "23505");
    expect_one(c, "SELECT string_agg(id::text, ',' ORDER BY id) FROM uq_copy", "1,2,3,4");
    copy_in(c, "COPY uq_copy FROM STDIN", "8\tc\tt\n9\tC\t\\N\n", st);
    assert_string_equal(st, "00000");
    expect_one(c, "SELECT count(*) FROM uq_copy", "6");
    PQfinish(c);
    assert_int_equal(harness_stop(&s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expression_key_waits),
        cmocka_unit_test(test_partial_index_waits),
        cmocka_unit_test(test_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
