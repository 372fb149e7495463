/*
 * test_pipeline_txn.c — the extended protocol's implicit transaction, as
 * PostgreSQL runs it: outside a block, everything from one Sync to the next
 * (libpq pipeline mode, JDBC's executeBatch) is one transaction that Sync
 * commits; an error rolls back everything since the previous Sync; a BEGIN in
 * the middle makes the statements before it part of the block; ReadyForQuery
 * reports I / T / E; VACUUM and DISCARD ALL are refused after other
 * statements of a pipeline (25001) but run alone. A lone Execute still costs
 * exactly one commit. Also the source table OID and column number of result
 * columns (RowDescription, PQftable / PQftablecol).
 *
 * One server serves the whole file; OMENDB_TEST_PORT=N runs the same tests
 * against another server such as PostgreSQL 15 (harness.h); the commit count
 * check needs OmenDB's omendb_wal view and is skipped there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "integration/harness.h"

static OmenServer g_server;
static PGconn *g_conn;

static void exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

static long query_long(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    long v = atol(PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

static int group_setup(void **state)
{
    (void)state;
    if (harness_start(&g_server, NULL) != 0) return -1;
    g_conn = harness_connect(&g_server);
    if (PQstatus(g_conn) != CONNECTION_OK) return -1;
    PGresult *r = PQexec(g_conn, "DROP VIEW IF EXISTS pv; DROP TABLE IF EXISTS pt, ps, pi; "
                                 "CREATE TABLE pt (a int PRIMARY KEY); "
                                 "CREATE TABLE ps (id serial PRIMARY KEY, name text); "
                                 "CREATE TABLE pi (id int, qty int); "
                                 "CREATE VIEW pv AS SELECT id, name, id + 1 AS x FROM ps");
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    PQfinish(g_conn);
    return harness_stop(&g_server) == 0 ? 0 : -1;
}

static PGconn *pipeline_conn(void)
{
    PGconn *c = harness_connect(&g_server);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    assert_int_equal(PQenterPipelineMode(c), 1);
    return c;
}

/* Queues `sql` through the extended protocol (Parse/Bind/Describe/Execute). */
static void send_sql(PGconn *c, const char *sql)
{
    if (PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
}

/* Reads the next result of a pipeline: its status must be `want` and, for an
 * error, its SQLSTATE `sqlstate` (NULL: any). */
static void expect_result(PGconn *c, ExecStatusType want, const char *sqlstate)
{
    PGresult *r = PQgetResult(c);
    assert_non_null(r);
    ExecStatusType st = PQresultStatus(r);
    if (st != want)
        fail_msg("got %s, want %s (%s)", PQresStatus(st), PQresStatus(want),
                 PQresultErrorMessage(r));
    if (sqlstate) {
        const char *got = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (!got || strcmp(got, sqlstate) != 0)
            fail_msg("expected %s, got %s: %s", sqlstate, got ? got : "(none)",
                     PQresultErrorMessage(r));
    }
    PQclear(r);
    if (want != PGRES_PIPELINE_SYNC) assert_null(PQgetResult(c)); /* end of this query */
}

static void finish_pipeline(PGconn *c)
{
    assert_int_equal(PQexitPipelineMode(c), 1);
    PQfinish(c);
}

/* The repro: a duplicate key in the third INSERT undoes the first two. */
static void test_error_rolls_back_all(void **state)
{
    (void)state;
    exec_ok(g_conn, "DELETE FROM pt");
    PGconn *c = pipeline_conn();
    send_sql(c, "INSERT INTO pt VALUES (1)");
    send_sql(c, "INSERT INTO pt VALUES (2)");
    send_sql(c, "INSERT INTO pt VALUES (1)");
    send_sql(c, "INSERT INTO pt VALUES (3)");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_FATAL_ERROR, "23505");
    expect_result(c, PGRES_PIPELINE_ABORTED, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 0);

    /* the next Sync's statements are a new transaction */
    send_sql(c, "INSERT INTO pt VALUES (9)");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 1);
    finish_pipeline(c);
}

/* Without an error all of them commit, and only at Sync: another session
 * sees none of the rows while the results are in but Sync is not sent. */
static void test_commits_at_sync(void **state)
{
    (void)state;
    exec_ok(g_conn, "DELETE FROM pt");
    PGconn *c = pipeline_conn();
    send_sql(c, "INSERT INTO pt VALUES (1)");
    send_sql(c, "INSERT INTO pt VALUES (2)");
    send_sql(c, "INSERT INTO pt VALUES (3)");
    assert_int_equal(PQsendFlushRequest(c), 1);
    assert_int_equal(PQflush(c), 0);
    for (int i = 0; i < 3; i++) expect_result(c, PGRES_COMMAND_OK, NULL);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 0);
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 3);
    finish_pipeline(c);
}

/* BEGIN in the middle: the statements before it join the block, which
 * outlives the Sync (ReadyForQuery T, then E after an error). */
static void test_begin_in_middle(void **state)
{
    (void)state;
    exec_ok(g_conn, "DELETE FROM pt");
    PGconn *c = pipeline_conn();
    send_sql(c, "INSERT INTO pt VALUES (1)");
    send_sql(c, "BEGIN");
    send_sql(c, "INSERT INTO pt VALUES (2)");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_INTRANS);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 0);

    send_sql(c, "INSERT INTO pt VALUES (1)"); /* duplicate: the block fails */
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_FATAL_ERROR, "23505");
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_INERROR);

    send_sql(c, "ROLLBACK");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 0); /* both undone */

    /* COMMIT in the middle ends the block; what follows is a new implicit
     * transaction, undone alone by its error */
    send_sql(c, "INSERT INTO pt VALUES (1)");
    send_sql(c, "BEGIN");
    send_sql(c, "INSERT INTO pt VALUES (2)");
    send_sql(c, "COMMIT");
    send_sql(c, "INSERT INTO pt VALUES (3)");
    send_sql(c, "INSERT INTO pt VALUES (1)");
    assert_int_equal(PQpipelineSync(c), 1);
    for (int i = 0; i < 5; i++) expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_FATAL_ERROR, "23505");
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 2);
    finish_pipeline(c);
}

/* An error outside a statement (Bind of a missing statement) also rolls the
 * implicit transaction back, and fails an open block. */
static void test_protocol_error_rolls_back(void **state)
{
    (void)state;
    exec_ok(g_conn, "DELETE FROM pt");
    PGconn *c = pipeline_conn();
    send_sql(c, "INSERT INTO pt VALUES (1)");
    assert_int_equal(PQsendQueryPrepared(c, "no_such_stmt", 0, NULL, NULL, NULL, 0), 1);
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_FATAL_ERROR, "26000");
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 0);

    send_sql(c, "BEGIN");
    assert_int_equal(PQsendQueryPrepared(c, "no_such_stmt", 0, NULL, NULL, NULL, 0), 1);
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_FATAL_ERROR, "26000");
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_INERROR);
    finish_pipeline(c);
}

/* VACUUM / DISCARD ALL: alone, or first, they run; after another statement
 * of the pipeline 25001; in a multi-statement simple Query 25001. DISCARD ALL
 * through Execute, with more to run after it, once freed the running portal. */
static void test_no_block_statements(void **state)
{
    (void)state;
    exec_ok(g_conn, "DELETE FROM pt");
    PGconn *c = pipeline_conn();
    send_sql(c, "VACUUM");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);

    send_sql(c, "VACUUM");
    send_sql(c, "INSERT INTO pt VALUES (1)");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);

    send_sql(c, "INSERT INTO pt VALUES (2)");
    send_sql(c, "VACUUM");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_FATAL_ERROR, "25001");
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 1);

    send_sql(c, "SELECT 1");
    send_sql(c, "DISCARD ALL");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_TUPLES_OK, NULL);
    expect_result(c, PGRES_FATAL_ERROR, "25001");
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);

    send_sql(c, "DISCARD ALL");
    send_sql(c, "SELECT 2");
    assert_int_equal(PQpipelineSync(c), 1);
    expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_TUPLES_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    finish_pipeline(c);

    PGresult *r = PQexec(g_conn, "SELECT 1; VACUUM");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "25001");
    PQclear(r);
}

/* One commit per Sync: a lone Parse/Bind/Execute/Sync INSERT commits once, a
 * pipeline of three INSERTs once (OmenDB's omendb_wal counts commits). */
static void test_one_commit_per_sync(void **state)
{
    (void)state;
    if (g_server.external) skip();
    exec_ok(g_conn, "DELETE FROM pt");
    PGconn *c = harness_connect(&g_server);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    const char *count = "SELECT commits FROM omendb_wal";
    long before = query_long(c, count);
    PGresult *r = PQexecParams(c, "INSERT INTO pt VALUES ($1)", 1, NULL, (const char *[]){"1"},
                               NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    long after = query_long(c, count);
    assert_int_equal(after - before, 1);

    assert_int_equal(PQenterPipelineMode(c), 1);
    send_sql(c, "INSERT INTO pt VALUES (2)");
    send_sql(c, "INSERT INTO pt VALUES (3)");
    send_sql(c, "INSERT INTO pt VALUES (4)");
    assert_int_equal(PQpipelineSync(c), 1);
    for (int i = 0; i < 3; i++) expect_result(c, PGRES_COMMAND_OK, NULL);
    expect_result(c, PGRES_PIPELINE_SYNC, NULL);
    assert_int_equal(PQexitPipelineMode(c), 1);
    assert_int_equal(query_long(c, count) - after, 1);
    assert_int_equal(query_long(c, "SELECT count(*) FROM pt"), 4);
    PQfinish(c);
}

/* ---- raw protocol: a simple Query inside a pipeline (libpq cannot send one) ---- */

static int raw_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)g_server.port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static void raw_send(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t put = send(fd, p, n, MSG_NOSIGNAL);
        assert_true(put > 0);
        p += put;
        n -= (size_t)put;
    }
}

static void raw_read_exact(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        struct pollfd pfd = {fd, POLLIN, 0};
        if (poll(&pfd, 1, 10000) != 1) fail_msg("timed out waiting for the server");
        ssize_t got = recv(fd, p, n, 0);
        if (got <= 0) fail_msg("the server closed the connection");
        p += got;
        n -= (size_t)got;
    }
}

/* One backend message: its type, its body NUL-terminated in buf. */
static char raw_read_msg(int fd, char *buf, size_t cap)
{
    unsigned char hdr[5];
    raw_read_exact(fd, hdr, 5);
    uint32_t len =
        ((uint32_t)hdr[1] << 24) | ((uint32_t)hdr[2] << 16) | ((uint32_t)hdr[3] << 8) | hdr[4];
    assert_true(len >= 4 && len - 4 < cap);
    raw_read_exact(fd, buf, len - 4);
    buf[len - 4] = '\0';
    return (char)hdr[0];
}

/* Appends a message: type, length, then `n` body bytes. */
static void put_msg(char *out, size_t *len, char type, const char *body, size_t n)
{
    out[(*len)++] = type;
    uint32_t be = htonl((uint32_t)(n + 4));
    memcpy(out + *len, &be, 4);
    memcpy(out + *len + 4, body, n);
    *len += 4 + n;
}

/* Parse, Bind and Execute of `sql` on the unnamed statement and portal. */
static void put_execute(char *out, size_t *len, const char *sql)
{
    char body[256];
    size_t n = 0;
    body[n++] = '\0'; /* statement name */
    memcpy(body + n, sql, strlen(sql) + 1);
    n += strlen(sql) + 1;
    body[n++] = 0; /* no parameter types */
    body[n++] = 0;
    put_msg(out, len, 'P', body, n);
    static const char bind[8] = {0, 0, 0, 0, 0, 0, 0, 0}; /* "", "", 0 formats, 0 params, 0 */
    put_msg(out, len, 'B', bind, sizeof(bind));
    static const char exec[5] = {0, 0, 0, 0, 0}; /* "", no row limit */
    put_msg(out, len, 'E', exec, sizeof(exec));
}

/* Reads up to ReadyForQuery: the message types seen (at most cap - 1), the
 * SQLSTATE of the first error into state (or ""), and returns the status. */
static char read_until_ready(int fd, char *types, size_t cap, char *state)
{
    char body[4096];
    size_t n = 0;
    state[0] = '\0';
    for (;;) {
        char type = raw_read_msg(fd, body, sizeof(body));
        if (n + 1 < cap) types[n++] = type;
        types[n] = '\0';
        if (type == 'E' && !state[0]) {
            for (const char *f = body; *f; f += strlen(f) + 1)
                if (*f == 'C') snprintf(state, 6, "%s", f + 1);
        }
        if (type == 'Z') return body[0];
    }
}

/* PostgreSQL's exec_simple_query joins the open implicit transaction and
 * commits it (or, failing, rolls it back) at its end; the Sync after it then
 * has nothing to end. */
static void test_simple_query_in_pipeline(void **state)
{
    (void)state;
    exec_ok(g_conn, "DELETE FROM pt");
    int fd = raw_connect();
    char out[2048];
    size_t len = 8;
    static const char startup_head[8] = {0, 0, 0, 0, 0, 3, 0, 0};
    memcpy(out, startup_head, 8);
    len += (size_t)snprintf(out + len, sizeof(out) - len, "user%c%s%cdatabase%comendb%c", 0,
                            harness_user(), 0, 0, 0);
    out[len++] = '\0';
    uint32_t be = htonl((uint32_t)len);
    memcpy(out, &be, 4);
    raw_send(fd, out, len);
    char types[64], code[8];
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');

    len = 0;
    put_execute(out, &len, "INSERT INTO pt VALUES (5)");
    put_msg(out, &len, 'Q', "SELECT 1", 9);
    raw_send(fd, out, len);
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');
    assert_string_equal(types, "12CTDCZ");
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 1); /* committed */
    len = 0;
    put_msg(out, &len, 'S', "", 0);
    raw_send(fd, out, len);
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');

    len = 0;
    put_execute(out, &len, "INSERT INTO pt VALUES (6)");
    put_msg(out, &len, 'Q', "SELECT 1 / 0", 13);
    put_msg(out, &len, 'S', "", 0);
    raw_send(fd, out, len);
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');
    assert_string_equal(code, "22012");
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');
    assert_int_equal(query_long(g_conn, "SELECT count(*) FROM pt"), 1); /* 6 rolled back */

    /* after an Execute, a VACUUM Query is inside the pipeline */
    len = 0;
    put_execute(out, &len, "SELECT 1");
    put_msg(out, &len, 'Q', "VACUUM", 7);
    put_msg(out, &len, 'S', "", 0);
    raw_send(fd, out, len);
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');
    assert_string_equal(code, "25001");
    assert_int_equal(read_until_ready(fd, types, sizeof(types), code), 'I');
    close(fd);
}

/* ---- RowDescription: source table and column ---- */

static void expect_sources(PGresult *r, const Oid *tables, const int *cols, int n)
{
    assert_int_equal(PQnfields(r), n);
    for (int i = 0; i < n; i++) {
        if (PQftable(r, i) != tables[i] || PQftablecol(r, i) != cols[i])
            fail_msg("column %d (%s): table %u column %d, want %u %d", i, PQfname(r, i),
                     PQftable(r, i), PQftablecol(r, i), tables[i], cols[i]);
    }
}

static void test_row_description_sources(void **state)
{
    (void)state;
    Oid ps = (Oid)query_long(g_conn, "SELECT 'ps'::regclass::oid");
    Oid pi = (Oid)query_long(g_conn, "SELECT 'pi'::regclass::oid");
    Oid pv = (Oid)query_long(g_conn, "SELECT 'pv'::regclass::oid");
    const char *sql = "SELECT s.id, s.name, i.qty, 1 AS k, s.id + 1 AS c FROM ps s, pi i";
    Oid want_t[] = {ps, ps, pi, 0, 0};
    int want_c[] = {1, 2, 2, 0, 0};

    PGresult *r = PQexec(g_conn, sql); /* simple protocol */
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    expect_sources(r, want_t, want_c, 5);
    PQclear(r);
    r = PQexecParams(g_conn, sql, 0, NULL, NULL, NULL, NULL, 0); /* extended */
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    expect_sources(r, want_t, want_c, 5);
    PQclear(r);
    r = PQprepare(g_conn, "src_stmt", sql, 0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQdescribePrepared(g_conn, "src_stmt"); /* Describe of a statement */
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    expect_sources(r, want_t, want_c, 5);
    PQclear(r);
    exec_ok(g_conn, "DEALLOCATE src_stmt");

    /* through a subquery and a CTE to the table; a view's columns are the
     * view's own (PostgreSQL names the view, computed columns too) */
    r = PQexec(g_conn, "SELECT n, id FROM (SELECT id, name AS n FROM ps) sub");
    expect_sources(r, (Oid[]){ps, ps}, (int[]){2, 1}, 2);
    PQclear(r);
    r = PQexec(g_conn, "WITH c AS (SELECT qty FROM pi) SELECT qty FROM c");
    expect_sources(r, (Oid[]){pi}, (int[]){2}, 1);
    PQclear(r);
    r = PQexec(g_conn, "SELECT * FROM pv");
    expect_sources(r, (Oid[]){pv, pv, pv}, (int[]){1, 2, 3}, 3);
    PQclear(r);
    r = PQexec(g_conn, "SELECT id FROM ps UNION SELECT id FROM pi");
    expect_sources(r, (Oid[]){0}, (int[]){0}, 1);
    PQclear(r);
    r = PQexecParams(g_conn, "INSERT INTO pi VALUES (1, 2) RETURNING qty, qty + 1", 0, NULL, NULL,
                     NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    expect_sources(r, (Oid[]){pi, 0}, (int[]){2, 0}, 2);
    PQclear(r);
    exec_ok(g_conn, "DELETE FROM pi");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_rolls_back_all),
        cmocka_unit_test(test_commits_at_sync),
        cmocka_unit_test(test_begin_in_middle),
        cmocka_unit_test(test_protocol_error_rolls_back),
        cmocka_unit_test(test_no_block_statements),
        cmocka_unit_test(test_one_commit_per_sync),
        cmocka_unit_test(test_simple_query_in_pipeline),
        cmocka_unit_test(test_row_description_sources),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
