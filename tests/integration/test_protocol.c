/*
 * test_protocol.c — PostgreSQL protocol v3 as clients see it: startup
 * ParameterStatus through libpq, simple queries with several statements,
 * empty queries, error fields, notices, transaction status, RowDescription
 * types, CancelRequest, and hand-made bad messages over raw sockets, each of
 * which must end only its own connection with FATAL 08P01.
 *
 * One server serves the whole file (group setup); OMENDB_TEST_PORT=N runs the
 * same tests against another server, e.g. PostgreSQL 15 (see harness.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>

#include <cmocka.h>

#include "integration/harness.h"

static OmenServer g_server;
static PGconn *g_bystander; /* an open session that must survive every bad client */

static int group_setup(void **state)
{
    (void)state;
    if (harness_start(&g_server, NULL) != 0) return -1;
    g_bystander = harness_connect(&g_server);
    return PQstatus(g_bystander) == CONNECTION_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    PQfinish(g_bystander);
    return harness_stop(&g_server) == 0 ? 0 : -1;
}

static PGconn *connect_ok(void)
{
    PGconn *c = harness_connect(&g_server);
    if (PQstatus(c) != CONNECTION_OK) fail_msg("connect: %s", PQerrorMessage(c));
    return c;
}

static void bystander_still_works(void)
{
    PGresult *r = PQexec(g_bystander, "SELECT 42");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("bystander session broke: %s", PQerrorMessage(g_bystander));
    assert_string_equal(PQgetvalue(r, 0, 0), "42");
    PQclear(r);
}

/* ---- libpq-level tests ---- */

/* PQresultErrorField, with "(none)" instead of NULL so that a missing field
 * fails an assertion instead of crashing the test. */
static const char *field(const PGresult *r, int code)
{
    const char *v = PQresultErrorField(r, code);
    return v ? v : "(none)";
}

static void test_startup_parameters(void **state)
{
    (void)state;
    PGconn *c = harness_connect_port(g_server.port, "application_name=proto_test");
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    assert_true(PQserverVersion(c) >= 150000);
    assert_true(PQserverVersion(c) < 160000);
    assert_int_equal(PQprotocolVersion(c), 3);
    assert_string_equal(PQparameterStatus(c, "server_encoding"), "UTF8");
    assert_string_equal(PQparameterStatus(c, "client_encoding"), "UTF8");
    assert_string_equal(PQparameterStatus(c, "DateStyle"), "ISO, MDY");
    assert_string_equal(PQparameterStatus(c, "IntervalStyle"), "postgres");
    assert_string_equal(PQparameterStatus(c, "integer_datetimes"), "on");
    assert_string_equal(PQparameterStatus(c, "standard_conforming_strings"), "on");
    assert_non_null(PQparameterStatus(c, "TimeZone"));
    assert_string_equal(PQparameterStatus(c, "application_name"), "proto_test");
    assert_non_null(PQparameterStatus(c, "is_superuser"));
    assert_string_equal(PQparameterStatus(c, "session_authorization"), harness_user());
    assert_true(strncmp(PQparameterStatus(c, "server_version"), "15.", 3) == 0);
    assert_int_not_equal(PQbackendPID(c), 0);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    PQfinish(c);
}

/* SET is transactional, as in PostgreSQL: a rolled-back SET of a reported
 * parameter comes back in a ParameterStatus, and SET LOCAL ends with the
 * transaction (its end reports the value it returns to). */
static void test_set_rollback_reports(void **state)
{
    (void)state;
    PGconn *c = harness_connect(&g_server);
    const char *steps[] = {"BEGIN", "SET TimeZone = 'Asia/Tokyo'"};
    for (int i = 0; i < 2; i++) {
        PGresult *r = PQexec(c, steps[i]);
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        PQclear(r);
    }
    assert_string_equal(PQparameterStatus(c, "TimeZone"), "Asia/Tokyo");
    PGresult *r = PQexec(c, "ROLLBACK");
    PQclear(r);
    assert_string_equal(PQparameterStatus(c, "TimeZone"), "UTC");
    r = PQexec(c, "BEGIN; SET LOCAL application_name = 'inner'; SELECT 1");
    PQclear(r);
    assert_string_equal(PQparameterStatus(c, "application_name"), "inner");
    r = PQexec(c, "COMMIT");
    PQclear(r);
    assert_string_equal(PQparameterStatus(c, "application_name"), "");
    /* an error in the block undoes the SETs since its last savepoint at once */
    r = PQexec(c, "BEGIN; SET DateStyle = 'German'");
    PQclear(r);
    assert_string_equal(PQparameterStatus(c, "DateStyle"), "German, DMY");
    r = PQexec(c, "SELECT 1/0");
    PQclear(r);
    assert_string_equal(PQparameterStatus(c, "DateStyle"), "ISO, MDY");
    r = PQexec(c, "ROLLBACK");
    PQclear(r);
    PQfinish(c);
}

/* Startup parameters and "options" switches are session settings; an
 * unknown one refuses the connection, as in PostgreSQL. */
static void test_startup_options(void **state)
{
    (void)state;
    PGconn *c = harness_connect_port(g_server.port, "options='-c DateStyle=ISO,DMY'");
    if (PQstatus(c) != CONNECTION_OK) fail_msg("connect: %s", PQerrorMessage(c));
    assert_string_equal(PQparameterStatus(c, "DateStyle"), "ISO, DMY");
    PQfinish(c);

    c = harness_connect_port(g_server.port, "options='--no_such_setting=1'");
    assert_int_equal(PQstatus(c), CONNECTION_BAD);
    assert_non_null(strstr(PQerrorMessage(c), "no_such_setting"));
    PQfinish(c);
    bystander_still_works();
}

static void test_multi_statement_query(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    assert_int_equal(PQsendQuery(c, "SELECT 1 AS a; SELECT 'two' AS b, NULL::int4 AS c; SELECT 3"),
                     1);
    PGresult *r = PQgetResult(c);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQfname(r, 0), "a");
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    assert_string_equal(PQcmdStatus(r), "SELECT 1");
    PQclear(r);
    r = PQgetResult(c);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQnfields(r), 2);
    assert_string_equal(PQgetvalue(r, 0, 0), "two");
    assert_true(PQgetisnull(r, 0, 1));
    assert_int_equal(PQftype(r, 1), 23);
    PQclear(r);
    r = PQgetResult(c);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "3");
    PQclear(r);
    assert_null(PQgetResult(c));
    PQfinish(c);
}

static void test_empty_query(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    const char *empties[] = {"", "   ", ";", "-- only a comment"};
    for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
        PGresult *r = PQexec(c, empties[i]);
        if (PQresultStatus(r) != PGRES_EMPTY_QUERY)
            fail_msg("query \"%s\": status %s", empties[i], PQresStatus(PQresultStatus(r)));
        PQclear(r);
    }
    PQfinish(c);
}

static void test_error_fields(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    PGresult *r = PQexec(c, "SELECT 1; SELEC 2");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(field(r, PG_DIAG_SEVERITY), "ERROR");
    assert_string_equal(field(r, PG_DIAG_SEVERITY_NONLOCALIZED), "ERROR");
    assert_string_equal(field(r, PG_DIAG_SQLSTATE), "42601");
    assert_non_null(strstr(field(r, PG_DIAG_MESSAGE_PRIMARY), "SELEC"));
    assert_string_equal(field(r, PG_DIAG_STATEMENT_POSITION), "11");
    PQclear(r);

    r = PQexec(c, "SELECT 1/0");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(field(r, PG_DIAG_SQLSTATE), "22012");
    assert_string_equal(field(r, PG_DIAG_MESSAGE_PRIMARY), "division by zero");
    PQclear(r);

    /* The session goes on after errors. */
    r = PQexec(c, "SELECT 5");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(c);
}

/* True when the engine refused the statement as not implemented yet (0A000):
 * tests of protocol behaviour that need such a statement skip until it lands. */
static bool unsupported(const PGresult *r)
{
    return PQresultStatus(r) == PGRES_FATAL_ERROR &&
           strcmp(field(r, PG_DIAG_SQLSTATE), "0A000") == 0;
}

/* ReadyForQuery carries the transaction status: idle, in a block, failed. */
static void test_transaction_status(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    PGresult *r = PQexec(c, "BEGIN");
    if (unsupported(r)) {
        PQclear(r);
        PQfinish(c);
        skip();
    }
    assert_string_equal(PQcmdStatus(r), "BEGIN");
    PQclear(r);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_INTRANS);
    r = PQexec(c, "SELEC");
    PQclear(r);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_INERROR);
    r = PQexec(c, "SELECT 1");
    assert_string_equal(field(r, PG_DIAG_SQLSTATE), "25P02");
    PQclear(r);
    r = PQexec(c, "ROLLBACK");
    assert_string_equal(PQcmdStatus(r), "ROLLBACK");
    PQclear(r);
    assert_int_equal(PQtransactionStatus(c), PQTRANS_IDLE);
    PQfinish(c);
}

static void test_command_tags(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    struct {
        const char *sql;
        const char *tag;
        bool optional; /* may still be unsupported by the engine */
    } cases[] = {
        {"CREATE TABLE proto_tags (a int4 PRIMARY KEY, b text)", "CREATE TABLE", false},
        {"INSERT INTO proto_tags VALUES (1, 'x'), (2, 'y')", "INSERT 0 2", false},
        {"SELECT * FROM proto_tags", "SELECT 2", false},
        {"UPDATE proto_tags SET b = 'z' WHERE a = 1", "UPDATE 1", true},
        {"DELETE FROM proto_tags WHERE a = 2", "DELETE 1", true},
        {"SET application_name = 'tags'", "SET", false},
        {"DROP TABLE proto_tags", "DROP TABLE", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        PGresult *r = PQexec(c, cases[i].sql);
        ExecStatusType st = PQresultStatus(r);
        if (cases[i].optional && unsupported(r)) {
            PQclear(r);
            continue;
        }
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
            fail_msg("%s: %s", cases[i].sql, PQerrorMessage(c));
        assert_string_equal(PQcmdStatus(r), cases[i].tag);
        PQclear(r);
    }
    PQfinish(c);
}

static void test_row_description_types(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    PGresult *r = PQexec(c, "SELECT 1::int2 AS a, 2::int8 AS b, 'x'::varchar(10) AS c, "
                            "1.5::numeric(10,2) AS d, true AS e, 'y'::text AS f, 2.5::float8 AS g");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) fail_msg("%s", PQerrorMessage(c));
    static const Oid want_oid[] = {21, 20, 1043, 1700, 16, 25, 701};
    static const int want_size[] = {2, 8, -1, -1, 1, -1, 8};
    static const int want_mod[] = {-1, -1, 14, (10 << 16 | 2) + 4, -1, -1, -1};
    static const char *want_val[] = {"1", "2", "x", "1.50", "t", "y", "2.5"};
    assert_int_equal(PQnfields(r), 7);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(PQftype(r, i), want_oid[i]);
        assert_int_equal(PQfsize(r, i), want_size[i]);
        assert_int_equal(PQfmod(r, i), want_mod[i]);
        assert_int_equal(PQfformat(r, i), 0);
        assert_string_equal(PQgetvalue(r, 0, i), want_val[i]);
    }
    PQclear(r);
    PQfinish(c);
}

static void test_large_result(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    PGresult *r = PQexec(c, "SELECT g, 'row ' || g FROM generate_series(1, 100000) AS g");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) fail_msg("%s", PQerrorMessage(c));
    assert_int_equal(PQntuples(r), 100000);
    assert_string_equal(PQgetvalue(r, 99999, 0), "100000");
    assert_string_equal(PQgetvalue(r, 99999, 1), "row 100000");
    assert_string_equal(PQcmdStatus(r), "SELECT 100000");
    PQclear(r);
    PQfinish(c);
}

/* A deeply nested expression is parsed on the connection thread's stack; it
 * must give a result or a clean error (54001), never take the server down. */
static void test_deep_expression(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    enum { TERMS = 2000 };
    char *sql = malloc(16 + TERMS * 2);
    strcpy(sql, "SELECT 1");
    size_t n = strlen(sql);
    for (int i = 1; i < TERMS; i++) {
        sql[n++] = '+';
        sql[n++] = '1';
    }
    sql[n] = '\0';
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        assert_string_equal(PQgetvalue(r, 0, 0), "2000");
    else
        assert_string_equal(field(r, PG_DIAG_SQLSTATE), "54001");
    PQclear(r);
    free(sql);
    PQfinish(c);
    bystander_still_works();
}

static int g_notices;
static char g_notice_severity[16];
static char g_notice_message[256];

static void notice_receiver(void *arg, const PGresult *res)
{
    (void)arg;
    g_notices++;
    snprintf(g_notice_severity, sizeof(g_notice_severity), "%s",
             PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED));
    snprintf(g_notice_message, sizeof(g_notice_message), "%s",
             PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
}

static void test_notice(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    PQsetNoticeReceiver(c, notice_receiver, NULL);
    g_notices = 0;
    PGresult *r = PQexec(c, "DROP TABLE IF EXISTS proto_no_such_table");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    assert_int_equal(g_notices, 1);
    assert_string_equal(g_notice_severity, "NOTICE");
    assert_non_null(strstr(g_notice_message, "does not exist, skipping"));
    PQfinish(c);
}

typedef struct CancelArg {
    PGconn *conn;
    int delay_ms;
    int ok;
} CancelArg;

static void *cancel_thread(void *p)
{
    CancelArg *a = p;
    harness_sleep_ms(a->delay_ms);
    PGcancel *cancel = PQgetCancel(a->conn);
    char err[256];
    a->ok = PQcancel(cancel, err, sizeof(err));
    PQfreeCancel(cancel);
    return NULL;
}

static void cancel_query(const char *sql)
{
    PGconn *c = connect_ok();
    CancelArg arg = {.conn = c, .delay_ms = 300};
    pthread_t t;
    pthread_create(&t, NULL, cancel_thread, &arg);
    long t0 = harness_now_ms();
    PGresult *r = PQexec(c, sql);
    long took = harness_now_ms() - t0;
    pthread_join(t, NULL);
    assert_int_equal(arg.ok, 1);
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(field(r, PG_DIAG_SQLSTATE), "57014");
    assert_true(took < 10000);
    PQclear(r);
    /* The session stays usable; a late cancel does not hit the next query. */
    r = PQexec(c, "SELECT 7");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "7");
    PQclear(r);
    PQfinish(c);
}

static void test_cancel_sleep(void **state)
{
    (void)state;
    cancel_query("SELECT pg_sleep(30)");
}

static void test_cancel_long_scan(void **state)
{
    (void)state;
    cancel_query("SELECT count(*) FROM generate_series(1, 2000000000)");
}

static void test_cancel_endless_recursion(void **state)
{
    (void)state;
    cancel_query("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                 "SELECT count(*) FROM r");
}

/* statement_timeout stops an endless WITH RECURSIVE with 57014; the session
 * and the server go on. */
static void test_statement_timeout_recursion(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    PGresult *r = PQexec(c, "SET statement_timeout = '200ms'");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    long t0 = harness_now_ms();
    r = PQexec(c, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                  "SELECT count(*) FROM r");
    long took = harness_now_ms() - t0;
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(field(r, PG_DIAG_SQLSTATE), "57014");
    assert_true(took >= 150 && took < 5000);
    PQclear(r);
    r = PQexec(c, "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000) "
                  "SELECT sum(n) FROM r");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "500500");
    PQclear(r);
    PQfinish(c);
    PGconn *other = connect_ok();
    r = PQexec(other, "SELECT 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(other);
}

static void test_cancel_wrong_key_ignored(void **state)
{
    (void)state;
    PGconn *c = connect_ok();
    /* A CancelRequest with a wrong secret for this pid. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_server.port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    uint32_t pkt[4] = {htonl(16), htonl(80877102), htonl((uint32_t)PQbackendPID(c)),
                       htonl(0x12345678)};
    assert_int_equal(write(fd, pkt, sizeof(pkt)), (ssize_t)sizeof(pkt));
    char buf[8];
    assert_int_equal(read(fd, buf, sizeof(buf)), 0); /* closed without a reply */
    close(fd);
    PGresult *r = PQexec(c, "SELECT pg_sleep(0.2)");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    PQclear(r);
    PQfinish(c);
}

/* ---- raw-socket tests ---- */

static int raw_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_server.port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static void raw_send(int fd, const void *data, size_t len)
{
    assert_int_equal(send(fd, data, len, MSG_NOSIGNAL), (ssize_t)len);
}

/* Reads exactly n bytes within 10 s; returns false on EOF. */
static bool raw_read_exact(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 10000) != 1) fail_msg("timed out waiting for the server");
        ssize_t got = recv(fd, p, n, 0);
        if (got <= 0) return false;
        p += got;
        n -= (size_t)got;
    }
    return true;
}

/* Reads one backend message: returns its type ('\0' on EOF); body in buf. */
static char raw_read_msg(int fd, char *buf, size_t cap, size_t *len_out)
{
    unsigned char hdr[5];
    if (!raw_read_exact(fd, hdr, 5)) return '\0';
    uint32_t len =
        ((uint32_t)hdr[1] << 24) | ((uint32_t)hdr[2] << 16) | ((uint32_t)hdr[3] << 8) | hdr[4];
    assert_true(len >= 4 && len - 4 < cap);
    assert_true(raw_read_exact(fd, buf, len - 4));
    buf[len - 4] = '\0';
    if (len_out) *len_out = len - 4;
    return (char)hdr[0];
}

static const char *error_field(const char *body, size_t len, char code)
{
    const char *p = body;
    while ((size_t)(p - body) < len && *p) {
        char c = *p++;
        if (c == code) return p;
        p += strlen(p) + 1;
    }
    return "";
}

/* Expects FATAL <sqlstate> and then the server closing the connection. */
static void raw_expect_fatal(int fd, const char *sqlstate)
{
    char body[4096];
    size_t len;
    char type = raw_read_msg(fd, body, sizeof(body), &len);
    assert_int_equal(type, 'E');
    assert_string_equal(error_field(body, len, 'S'), "FATAL");
    assert_string_equal(error_field(body, len, 'C'), sqlstate);
    char rest[16];
    assert_false(raw_read_exact(fd, rest, 1)); /* EOF */
    close(fd);
    bystander_still_works();
}

static void put32(char *p, uint32_t v)
{
    uint32_t be = htonl(v);
    memcpy(p, &be, 4);
}

/* Sends a StartupMessage for user "test" and reads up to ReadyForQuery. */
static void raw_startup(int fd)
{
    char pkt[64];
    size_t n = 8;
    static const char params[] = "user\0test\0database\0omendb\0";
    memcpy(pkt + n, params, sizeof(params) - 1);
    n += sizeof(params) - 1;
    pkt[n++] = '\0';
    put32(pkt, (uint32_t)n);
    put32(pkt + 4, 196608);
    raw_send(fd, pkt, n);
    char body[4096];
    char type;
    while ((type = raw_read_msg(fd, body, sizeof(body), NULL)) != 'Z') {
        assert_true(type == 'R' || type == 'S' || type == 'K');
    }
}

static void test_raw_garbage_startup_length(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_send(fd, "\xff\xff\xff\xffGARBAGE!", 12);
    raw_expect_fatal(fd, "08P01");

    fd = raw_connect();
    raw_send(fd, "\0\0\0\x02", 4);
    raw_expect_fatal(fd, "08P01");
}

static void test_raw_bad_startup_body(void **state)
{
    (void)state;
    /* Parameters without the final terminator. */
    int fd = raw_connect();
    char pkt[32];
    put32(pkt, 18);
    put32(pkt + 4, 196608);
    memcpy(pkt + 8, "user\0test\0", 10);
    raw_send(fd, pkt, 18);
    raw_expect_fatal(fd, "08P01");

    /* Protocol 2.0 is refused. */
    fd = raw_connect();
    put32(pkt, 9);
    put32(pkt + 4, 2u << 16);
    pkt[8] = '\0';
    raw_send(fd, pkt, 9);
    raw_expect_fatal(fd, "0A000");

    /* No user name. */
    fd = raw_connect();
    put32(pkt, 9);
    put32(pkt + 4, 196608);
    raw_send(fd, pkt, 9);
    raw_expect_fatal(fd, "28000");
}

static void test_raw_ssl_and_gss_requests(void **state)
{
    (void)state;
    int fd = raw_connect();
    char req[8];
    put32(req, 8);
    put32(req + 4, 80877103);
    raw_send(fd, req, 8);
    char answer;
    assert_true(raw_read_exact(fd, &answer, 1));
    assert_int_equal(answer, 'N');
    put32(req + 4, 80877104);
    raw_send(fd, req, 8);
    assert_true(raw_read_exact(fd, &answer, 1));
    assert_int_equal(answer, 'N');
    raw_startup(fd);
    raw_send(fd, "X\0\0\0\x04", 5);
    char rest;
    assert_false(raw_read_exact(fd, &rest, 1)); /* Terminate: server closes */
    close(fd);
}

static void test_raw_oversized_message(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "Q\x7f\xff\xff\xff", 5);
    raw_expect_fatal(fd, "08P01");

    /* Messages that carry no data are limited to 10000 bytes, as in
     * PostgreSQL: a Sync declaring 10001 is refused from its header. */
    fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "S\0\0\x27\x15", 5);
    raw_expect_fatal(fd, "08P01");
}

static void test_raw_short_length(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "Q\0\0\0\x03", 5);
    raw_expect_fatal(fd, "08P01");
}

static void test_raw_unknown_type(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "z\0\0\0\x04", 5);
    raw_expect_fatal(fd, "08P01");

    fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "\x01\0\0\0\x08junk", 9);
    raw_expect_fatal(fd, "08P01");
}

/* Reads an ErrorResponse with this SQLSTATE (severity ERROR) and then
 * ReadyForQuery; returns its status byte. */
static char raw_expect_error_ready(int fd, const char *sqlstate)
{
    char body[4096];
    size_t len;
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'E');
    assert_string_equal(error_field(body, len, 'S'), "ERROR");
    assert_string_equal(error_field(body, len, 'C'), sqlstate);
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    return body[0];
}

/* Runs SELECT 1 over the simple protocol; returns the ReadyForQuery status. */
static char raw_select_one(int fd)
{
    raw_send(fd, "Q\0\0\0\x0dSELECT 1\0", 14);
    char body[4096], type;
    size_t len;
    int rows = 0;
    while ((type = raw_read_msg(fd, body, sizeof(body), &len)) != 'Z') {
        assert_true(type == 'T' || type == 'D' || type == 'C' || type == 'E');
        if (type == 'D') rows++;
    }
    if (body[0] != 'E') assert_int_equal(rows, 1);
    return body[0];
}

static void test_raw_truncated_body(void **state)
{
    (void)state;
    /* A Query whose text has no terminating NUL inside the declared length is
     * an ERROR, as in PostgreSQL ("invalid string in message"): the message's
     * bounds are known, so the connection goes on. */
    int fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "Q\0\0\0\x0cSELECT 1", 13);
    assert_int_equal(raw_expect_error_ready(fd, "08P01"), 'I');
    /* Bytes after the terminating NUL: "invalid message format". */
    raw_send(fd, "Q\0\0\0\x0eSELECT 1\0x", 15);
    assert_int_equal(raw_expect_error_ready(fd, "08P01"), 'I');
    assert_int_equal(raw_select_one(fd), 'I');
    /* Inside a transaction block the error fails the block. */
    raw_send(fd,
             "Q\0\0\0\x0a"
             "BEGIN\0",
             11);
    char body[4096];
    size_t len;
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'C');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    assert_int_equal(body[0], 'T');
    raw_send(fd, "Q\0\0\0\x0cSELECT 1", 13);
    assert_int_equal(raw_expect_error_ready(fd, "08P01"), 'E');
    assert_int_equal(raw_select_one(fd), 'E'); /* 25P02 */
    raw_send(fd, "Q\0\0\0\x0dROLLBACK\0", 14);
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'C');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    assert_int_equal(body[0], 'I');

    /* Sync with a body: ERROR, then ReadyForQuery. */
    raw_send(fd, "S\0\0\0\x05x", 6);
    assert_int_equal(raw_expect_error_ready(fd, "08P01"), 'I');
    /* Flush with a body: ERROR, the rest is skipped until Sync (the Parse
     * below gets no ParseComplete). */
    raw_send(fd, "H\0\0\0\x05x", 6);
    raw_send(fd, "P\0\0\0\x10\0SELECT 1\0\0\0S\0\0\0\x04", 22);
    assert_int_equal(raw_expect_error_ready(fd, "08P01"), 'I');
    assert_int_equal(raw_select_one(fd), 'I');
    close(fd);

    /* The declared length is longer than what arrives before the client
     * stops sending: FATAL, the message cannot be delimited. */
    fd = raw_connect();
    raw_startup(fd);
    raw_send(fd, "Q\0\0\0\x40SELECT", 11);
    shutdown(fd, SHUT_WR);
    raw_expect_fatal(fd, "08P01");
}

/* The smallest extended-protocol exchange (test_extended.c covers the rest). */
static void test_raw_extended_protocol_basic(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    /* Parse "" "SELECT 1" 0 params, Bind, Execute, Sync. */
    static const char msgs[] = "P\0\0\0\x10\0SELECT 1\0\0\0"
                               "B\0\0\0\x0c\0\0\0\0\0\0\0\0"
                               "E\0\0\0\x09\0\0\0\0\0"
                               "S\0\0\0\x04";
    raw_send(fd, msgs, sizeof(msgs) - 1);
    char body[4096];
    size_t len;
    static const char want[] = {'1', '2', 'D', 'C', 'Z'};
    for (size_t i = 0; i < sizeof(want); i++)
        assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), want[i]);
    assert_int_equal(body[0], 'I');
    /* The connection is still usable with the simple protocol. */
    raw_send(fd, "Q\0\0\0\x0dSELECT 1\0", 14);
    char type;
    int rows = 0;
    while ((type = raw_read_msg(fd, body, sizeof(body), &len)) != 'Z') {
        assert_true(type == 'T' || type == 'D' || type == 'C');
        if (type == 'D') rows++;
    }
    assert_int_equal(rows, 1);
    raw_send(fd, "X\0\0\0\x04", 5);
    close(fd);
}

/* Parse and Bind counts are unsigned 16-bit, as PostgreSQL reads them: a
 * Parse declaring 65535 parameter types is not a malformed message
 * (before, 0xffff read as -1 and the Parse failed with 08P01). */
static void test_raw_parse_unsigned_count(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    size_t n = 65535;
    size_t len = 4 + 1 + 9 + 2 + 4 * n;
    char *msg = calloc(1, 1 + len + 5);
    assert_non_null(msg);
    msg[0] = 'P';
    put32(msg + 1, (uint32_t)len);
    memcpy(msg + 6, "SELECT 1", 9); /* name "" at msg[5], then the query */
    msg[15] = (char)0xff;
    msg[16] = (char)0xff; /* 65535 parameter types, all int4 */
    for (size_t i = 0; i < n; i++) put32(msg + 17 + 4 * i, 23);
    memcpy(msg + 1 + len, "S\0\0\0\x04", 5);
    /* the server reads while we send: the message exceeds the socket buffer */
    size_t off = 0, total = 1 + len + 5;
    while (off < total) {
        ssize_t w = send(fd, msg + off, total - off, MSG_NOSIGNAL);
        assert_true(w > 0);
        off += (size_t)w;
    }
    free(msg);
    char body[4096];
    size_t blen;
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &blen), '1');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &blen), 'Z');
    raw_send(fd, "X\0\0\0\x04", 5);
    close(fd);
}

static void test_raw_pipelined_queries(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    /* Two Query messages in one packet: each gets its ReadyForQuery. */
    raw_send(fd, "Q\0\0\0\x0dSELECT 1\0Q\0\0\0\x05\0", 20);
    char body[4096];
    size_t len;
    int ready = 0, empty = 0;
    while (ready < 2) {
        char type = raw_read_msg(fd, body, sizeof(body), &len);
        assert_int_not_equal(type, '\0');
        if (type == 'Z') ready++;
        if (type == 'I') empty++;
    }
    assert_int_equal(empty, 1);
    close(fd);
    bystander_still_works();
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_startup_parameters),
        cmocka_unit_test(test_startup_options),
        cmocka_unit_test(test_set_rollback_reports),
        cmocka_unit_test(test_multi_statement_query),
        cmocka_unit_test(test_empty_query),
        cmocka_unit_test(test_error_fields),
        cmocka_unit_test(test_transaction_status),
        cmocka_unit_test(test_command_tags),
        cmocka_unit_test(test_row_description_types),
        cmocka_unit_test(test_large_result),
        cmocka_unit_test(test_deep_expression),
        cmocka_unit_test(test_notice),
        cmocka_unit_test(test_cancel_sleep),
        cmocka_unit_test(test_cancel_long_scan),
        cmocka_unit_test(test_cancel_endless_recursion),
        cmocka_unit_test(test_statement_timeout_recursion),
        cmocka_unit_test(test_cancel_wrong_key_ignored),
        cmocka_unit_test(test_raw_garbage_startup_length),
        cmocka_unit_test(test_raw_bad_startup_body),
        cmocka_unit_test(test_raw_ssl_and_gss_requests),
        cmocka_unit_test(test_raw_oversized_message),
        cmocka_unit_test(test_raw_short_length),
        cmocka_unit_test(test_raw_unknown_type),
        cmocka_unit_test(test_raw_truncated_body),
        cmocka_unit_test(test_raw_extended_protocol_basic),
        cmocka_unit_test(test_raw_parse_unsigned_count),
        cmocka_unit_test(test_raw_pipelined_queries),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
