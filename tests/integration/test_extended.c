/*
 * test_extended.c — the extended query protocol as clients use it: libpq's
 * PQprepare / PQexecPrepared / PQdescribePrepared / PQexecParams with text
 * and binary parameters and results, parameter type inference, errors that
 * skip to Sync, pipeline mode with an error in the middle, plans surviving
 * DDL, and raw-protocol checks libpq cannot make (row-limited Execute with
 * PortalSuspended, Describe of a portal with its format codes, malformed
 * Bind messages), plus pgbench -M extended / -M prepared on a small script.
 *
 * One server serves the whole file; OMENDB_TEST_PORT=N runs the same tests
 * against another server such as PostgreSQL 15 (harness.h).
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

static int group_setup(void **state)
{
    (void)state;
    if (harness_start(&g_server, NULL) != 0) return -1;
    g_conn = harness_connect(&g_server);
    if (PQstatus(g_conn) != CONNECTION_OK) return -1;
    PGresult *r = PQexec(g_conn, "DROP TABLE IF EXISTS xt; CREATE TABLE xt (id int PRIMARY KEY, "
                                 "name text, big int8, amount numeric(12,2), day date); "
                                 "INSERT INTO xt SELECT g, 'name' || g, g * 1000000000::int8, "
                                 "g * 1.25, DATE '2024-01-01' + g FROM generate_series(1, 100) g");
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

static void expect_error(PGresult *r, const char *sqlstate)
{
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    const char *got = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (!got || strcmp(got, sqlstate) != 0)
        fail_msg("expected %s, got %s: %s", sqlstate, got ? got : "(none)",
                 PQresultErrorMessage(r));
    PQclear(r);
}

/* ---- libpq: prepare, describe, execute ---- */

static void test_prepare_describe_execute(void **state)
{
    (void)state;
    PGresult *r =
        PQprepare(g_conn, "point", "SELECT id, name, amount FROM xt WHERE id = $1", 0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQdescribePrepared(g_conn, "point");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    assert_int_equal(PQnparams(r), 1);
    assert_int_equal(PQparamtype(r, 0), 23); /* int4, inferred from id */
    assert_int_equal(PQnfields(r), 3);
    assert_string_equal(PQfname(r, 1), "name");
    assert_int_equal(PQftype(r, 0), 23);
    assert_int_equal(PQftype(r, 1), 25);
    assert_int_equal(PQftype(r, 2), 1700);
    PQclear(r);
    for (int i = 1; i <= 100; i += 33) { /* the cached plan serves every execution */
        char key[16];
        snprintf(key, sizeof(key), "%d", i);
        const char *vals[1] = {key};
        r = PQexecPrepared(g_conn, "point", 1, vals, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        assert_int_equal(PQntuples(r), 1);
        char want[32];
        snprintf(want, sizeof(want), "name%d", i);
        assert_string_equal(PQgetvalue(r, 0, 1), want);
        PQclear(r);
    }
    const char *missing[1] = {"1000"};
    r = PQexecPrepared(g_conn, "point", 1, missing, NULL, NULL, 0);
    assert_int_equal(PQntuples(r), 0);
    assert_string_equal(PQcmdTuples(r), "0");
    PQclear(r);
    const char *null_key[1] = {NULL};
    r = PQexecPrepared(g_conn, "point", 1, null_key, NULL, NULL, 0);
    assert_int_equal(PQntuples(r), 0);
    PQclear(r);
    exec_ok(g_conn, "DEALLOCATE point");
}

static void expect_param_types(const char *sql, int ngiven, const Oid *given, int n,
                               const Oid *want)
{
    PGresult *r = PQprepare(g_conn, "infer", sql, ngiven, given);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    r = PQdescribePrepared(g_conn, "infer");
    assert_int_equal(PQnparams(r), n);
    for (int i = 0; i < n; i++)
        if (PQparamtype(r, i) != want[i])
            fail_msg("%s: $%d is %u, want %u", sql, i + 1, PQparamtype(r, i), want[i]);
    PQclear(r);
    exec_ok(g_conn, "DEALLOCATE infer");
}

static void test_parameter_inference(void **state)
{
    (void)state;
    expect_param_types("SELECT 1 FROM xt WHERE big = $1", 0, NULL, 1, (Oid[]){20});
    expect_param_types("SELECT 1 FROM xt WHERE name = $1 AND amount > $2", 0, NULL, 2,
                       (Oid[]){25, 1700});
    expect_param_types("SELECT $1", 0, NULL, 1, (Oid[]){25}); /* nothing says: text */
    expect_param_types("SELECT $1::int8 + $2", 0, NULL, 2, (Oid[]){20, 20});
    expect_param_types("SELECT $2 = day FROM xt", 1, (Oid[]){23}, 2, (Oid[]){23, 1082});
    /* a parameter nothing mentions and the client did not type: 42P18 */
    expect_error(PQprepare(g_conn, "gap", "SELECT $2 = day FROM xt", 0, NULL), "42P18");
    expect_error(PQprepare(g_conn, "gap", "INSERT INTO xt (id) VALUES ($2)", 0, NULL), "42P18");
    expect_param_types("SELECT $1 + 1", 1, (Oid[]){21}, 1, (Oid[]){21}); /* client's type */
    expect_param_types("SELECT $1", 1, (Oid[]){0}, 1, (Oid[]){25});
    expect_param_types("SELECT * FROM xt LIMIT $1", 0, NULL, 1, (Oid[]){20});
    expect_param_types("INSERT INTO xt (id, name, day) VALUES ($1, $2, $3)", 0, NULL, 3,
                       (Oid[]){23, 25, 1082});
    expect_param_types("SELECT 1 WHERE 5 IN (SELECT id FROM xt WHERE name = $1)", 0, NULL, 1,
                       (Oid[]){25});
}

static void test_exec_params_and_insert(void **state)
{
    (void)state;
    exec_ok(g_conn, "CREATE TABLE ins (id int PRIMARY KEY, v text, n numeric(8,3))");
    const char *vals[3] = {"7", "seven", "7.0005"};
    PGresult *r =
        PQexecParams(g_conn, "INSERT INTO ins VALUES ($1, $2, $3)", 3, NULL, vals, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    assert_string_equal(PQcmdStatus(r), "INSERT 0 1");
    PQclear(r);
    /* typed binary parameters into INSERT */
    uint32_t id_be = htonl(8);
    const char *bvals[3] = {(const char *)&id_be, "eight", NULL};
    int lens[3] = {4, 5, 0};
    int fmts[3] = {1, 1, 0};
    r = PQexecParams(g_conn, "INSERT INTO ins VALUES ($1, $2, $3)", 3, NULL, bvals, lens, fmts, 0);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQexecParams(g_conn, "SELECT id, v, n FROM ins WHERE id >= $1 ORDER BY id", 1, NULL,
                     (const char *[]){"0"}, NULL, NULL, 0);
    assert_int_equal(PQntuples(r), 2);
    assert_string_equal(PQgetvalue(r, 0, 2), "7.001");
    assert_string_equal(PQgetvalue(r, 1, 1), "eight");
    assert_true(PQgetisnull(r, 1, 2));
    PQclear(r);
    /* a duplicate key is a clean error; the session goes on */
    r = PQexecParams(g_conn, "INSERT INTO ins VALUES ($1, $2, $3)", 3, NULL, vals, NULL, NULL, 0);
    expect_error(r, "23505");
    /* RETURNING over the FROM items of an UPDATE: described before it runs */
    exec_ok(g_conn, "CREATE TABLE ins_adj (id int, delta int, why text); "
                    "INSERT INTO ins_adj VALUES (7, 3, 'bonus')");
    r = PQprepare(g_conn, "upd_from",
                  "UPDATE ins SET v = v || $1 FROM ins_adj a WHERE ins.id = a.id "
                  "RETURNING a.why, ins.id, a.delta + ins.id AS total",
                  0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQdescribePrepared(g_conn, "upd_from");
    assert_int_equal(PQnfields(r), 3);
    assert_string_equal(PQfname(r, 0), "why");
    assert_int_equal(PQftype(r, 0), 25);
    assert_string_equal(PQfname(r, 2), "total");
    assert_int_equal(PQftype(r, 2), 23);
    PQclear(r);
    r = PQexecPrepared(g_conn, "upd_from", 1, (const char *[]){"!"}, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 1);
    assert_string_equal(PQgetvalue(r, 0, 0), "bonus");
    assert_string_equal(PQgetvalue(r, 0, 2), "10");
    assert_string_equal(PQcmdStatus(r), "UPDATE 1");
    PQclear(r);
    exec_ok(g_conn, "DEALLOCATE upd_from");
    /* the same through a WITH query, which RETURNING may read too */
    r = PQprepare(g_conn, "with_upd",
                  "WITH w AS (SELECT id, why FROM ins_adj WHERE delta > $2) "
                  "UPDATE ins SET v = v || $1 FROM w WHERE ins.id = w.id "
                  "RETURNING w.why, ins.id, (SELECT count(*) FROM w) AS n",
                  0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQdescribePrepared(g_conn, "with_upd");
    assert_int_equal(PQnfields(r), 3);
    assert_string_equal(PQfname(r, 0), "why");
    assert_int_equal(PQftype(r, 0), 25);
    assert_string_equal(PQfname(r, 2), "n");
    assert_int_equal(PQftype(r, 2), 20);
    PQclear(r);
    for (int i = 0; i < 2; i++) {
        r = PQexecPrepared(g_conn, "with_upd", 2, (const char *[]){"?", i ? "5" : "0"}, NULL, NULL,
                           0);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        assert_int_equal(PQntuples(r), i ? 0 : 1);
        if (!i) assert_string_equal(PQgetvalue(r, 0, 2), "1");
        PQclear(r);
    }
    exec_ok(g_conn, "DEALLOCATE with_upd");
    exec_ok(g_conn, "DROP TABLE ins_adj");
    exec_ok(g_conn, "DROP TABLE ins");
}

/* Statements other than plain queries through the extended protocol. */
static void test_other_statements(void **state)
{
    (void)state;
    PGconn *c = harness_connect(&g_server);
    /* system views are re-materialised per execution */
    for (int i = 0; i < 2; i++) {
        PGresult *r = PQexecParams(c, "SELECT relname FROM pg_class WHERE relname = $1", 1, NULL,
                                   (const char *[]){"xt"}, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        assert_int_equal(PQntuples(r), 1);
        assert_string_equal(PQgetvalue(r, 0, 0), "xt");
        PQclear(r);
    }
    PGresult *r =
        PQexecParams(c, "SET application_name = 'ext_test'", 0, NULL, NULL, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    assert_string_equal(PQparameterStatus(c, "application_name"), "ext_test");
    r = PQprepare(c, "show", "SHOW application_name", 0, NULL);
    PQclear(r);
    r = PQdescribePrepared(c, "show");
    assert_int_equal(PQnfields(r), 1);
    assert_string_equal(PQfname(r, 0), "application_name");
    PQclear(r);
    r = PQexecPrepared(c, "show", 0, NULL, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "ext_test");
    PQclear(r);
    r = PQexecParams(c, "", 0, NULL, NULL, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_EMPTY_QUERY);
    PQclear(r);
    /* SQL EXECUTE of a statement PREPAREd in SQL, and the protocol running it */
    exec_ok(c, "PREPARE sqlp (int) AS SELECT name FROM xt WHERE id = $1");
    r = PQexecPrepared(c, "sqlp", 1, (const char *[]){"6"}, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "name6");
    PQclear(r);
    r = PQexec(c, "EXECUTE sqlp(7)");
    assert_string_equal(PQgetvalue(r, 0, 0), "name7");
    PQclear(r);
    exec_ok(c, "DISCARD ALL");
    expect_error(PQexecPrepared(c, "sqlp", 1, (const char *[]){"6"}, NULL, NULL, 0), "26000");
    PQfinish(c);
}

/* ---- errors ---- */

static void test_errors(void **state)
{
    (void)state;
    expect_error(PQprepare(g_conn, "bad", "SELEC 1", 0, NULL), "42601");
    expect_error(PQprepare(g_conn, "two", "SELECT 1; SELECT 2", 0, NULL), "42601");
    expect_error(PQprepare(g_conn, "nt", "SELECT * FROM no_such_table WHERE id = $1", 0, NULL),
                 "42P01");
    expect_error(PQexecPrepared(g_conn, "nope", 0, NULL, NULL, NULL, 0), "26000");
    PGresult *r = PQprepare(g_conn, "dup", "SELECT $1::int4", 0, NULL);
    PQclear(r);
    expect_error(PQprepare(g_conn, "dup", "SELECT 1", 0, NULL), "42P05");
    expect_error(PQexecPrepared(g_conn, "dup", 1, (const char *[]){"abc"}, NULL, NULL, 0), "22P02");
    expect_error(PQexecPrepared(g_conn, "dup", 0, NULL, NULL, NULL, 0), "08P01");
    expect_error(PQexecPrepared(g_conn, "dup", 1, (const char *[]){"99999999999"}, NULL, NULL, 0),
                 "22003");
    int len = 2;
    int fmt = 1;
    expect_error(PQexecPrepared(g_conn, "dup", 1, (const char *[]){"\1\2"}, &len, &fmt, 0),
                 "08P01"); /* too short: the read runs out */
    len = 5;
    expect_error(PQexecPrepared(g_conn, "dup", 1, (const char *[]){"\1\2\3\4\5"}, &len, &fmt, 0),
                 "22P03"); /* too long */
    expect_error(
        PQexecParams(g_conn, "SELECT 1/$1::int", 1, NULL, (const char *[]){"0"}, NULL, NULL, 0),
        "22012");
    r = PQexecPrepared(g_conn, "dup", 1, (const char *[]){"5"}, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "5");
    PQclear(r);
    exec_ok(g_conn, "DEALLOCATE dup");
}

/* ---- binary I/O ---- */

typedef struct BinCase {
    Oid oid;
    const char *type;
    const char *bytes;
    int len;
    const char *text; /* the same value's text output, or NULL */
} BinCase;

static void test_binary_round_trip(void **state)
{
    (void)state;
    static const BinCase cases[] = {
        {16, "bool", "\1", 1, "t"},
        {21, "int2", "\x80\0", 2, "-32768"},
        {21, "int2", "\x7f\xff", 2, "32767"},
        {23, "int4", "\x80\0\0\0", 4, "-2147483648"},
        {23, "int4", "\x7f\xff\xff\xff", 4, "2147483647"},
        {20, "int8", "\x80\0\0\0\0\0\0\0", 8, "-9223372036854775808"},
        {20, "int8", "\x7f\xff\xff\xff\xff\xff\xff\xff", 8, "9223372036854775807"},
        {700, "float4", "\x7f\xc0\0\0", 4, "NaN"},
        {700, "float4", "\xff\x80\0\0", 4, "-Infinity"},
        {701, "float8", "\x80\0\0\0\0\0\0\0", 8, "-0"},
        {701, "float8", "\x7f\xf0\0\0\0\0\0\0", 8, "Infinity"},
        {701, "float8", "\x3f\xb9\x99\x99\x99\x99\x99\x9a", 8, "0.1"},
        /* numeric 12345.678 and -0.0001 and 0.00 and 10^32 */
        {1700, "numeric", "\0\3\0\1\0\0\0\3\0\1\x09\x29\x1a\x7c", 14, "12345.678"},
        {1700, "numeric", "\0\1\xff\xff\x40\0\0\4\0\1", 10, "-0.0001"},
        {1700, "numeric", "\0\0\0\0\0\0\0\2", 8, "0.00"},
        {1700, "numeric", "\0\1\0\x08\0\0\0\0\0\1", 10, "100000000000000000000000000000000"},
        /* numeric NaN, Infinity, -Infinity: no digits, PostgreSQL's special sign words */
        {1700, "numeric", "\0\0\0\0\xc0\0\0\0", 8, "NaN"},
        {1700, "numeric", "\0\0\0\0\xd0\0\0\0", 8, "Infinity"},
        {1700, "numeric", "\0\0\0\0\xf0\0\0\0", 8, "-Infinity"},
        {25, "text", "h\xc3\xa9llo w\xc3\xb6rld, longer than twelve", 31, NULL},
        {1043, "varchar", "abc", 3, "abc"},
        {1042, "bpchar", "x", 1, "x"},
        {17, "bytea", "\0\1\xfe\xff", 4, "\\x0001feff"},
        {1082, "date", "\xff\xda\x97\xa7", 4, "4714-11-24 BC"},
        {1082, "date", "\x7f\xff\xff\xff", 4, "infinity"},
        {1082, "date", "\0\0\0\0", 4, "2000-01-01"},
        {1083, "time", "\0\0\0\x14\x1d\xd7\x60\0", 8, "24:00:00"},
        {1114, "timestamp", "\x80\0\0\0\0\0\0\0", 8, "-infinity"},
        {1114, "timestamp", "\xff\xff\xff\xf8\xa0\x96\x26\x40", 8, NULL},
        {1184, "timestamptz", "\0\0\0\0\0\0\0\0", 8, "2000-01-01 00:00:00+00"},
        {1186, "interval", "\xff\xff\xff\xff\xff\xf0\xbd\xc0\0\0\0\3\xff\xff\xff\xf3", 16, NULL},
        {2950, "uuid", "\xa0\xee\xbc\x99\x9c\x0b\x4e\xf8\xbb\x6d\x6b\xb9\xbd\x38\x0a\x11", 16,
         "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
    };
    exec_ok(g_conn, "SET TimeZone = 'UTC'");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const BinCase *c = &cases[i];
        char sql[64];
        snprintf(sql, sizeof(sql), "SELECT $1::%s", c->type);
        const char *vals[1] = {c->bytes};
        int lens[1] = {c->len};
        int fmts[1] = {1};
        /* binary in, binary out: the same bytes */
        PGresult *r = PQexecParams(g_conn, sql, 1, &c->oid, vals, lens, fmts, 1);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fail_msg("%s: %s", c->type, PQresultErrorMessage(r));
        assert_int_equal(PQftype(r, 0), c->oid);
        assert_int_equal(PQfformat(r, 0), 1);
        if (PQgetlength(r, 0, 0) != c->len || memcmp(PQgetvalue(r, 0, 0), c->bytes, c->len) != 0)
            fail_msg("case %zu (%s): binary output differs", i, c->type);
        PQclear(r);
        /* binary in, text out: the value the bytes mean */
        if (c->text) {
            r = PQexecParams(g_conn, sql, 1, &c->oid, vals, lens, fmts, 0);
            assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
            if (strcmp(PQgetvalue(r, 0, 0), c->text) != 0)
                fail_msg("case %zu (%s): text %s, want %s", i, c->type, PQgetvalue(r, 0, 0),
                         c->text);
            PQclear(r);
            /* text in, binary out: the same bytes again */
            r = PQexecParams(g_conn, sql, 1, NULL, &c->text, NULL, NULL, 1);
            assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
            if (PQgetlength(r, 0, 0) != c->len ||
                memcmp(PQgetvalue(r, 0, 0), c->bytes, c->len) != 0)
                fail_msg("case %zu (%s): text-to-binary differs", i, c->type);
            PQclear(r);
        }
    }
    /* a special numeric's digits, weight and dscale are ignored (as PostgreSQL's
     * numeric_recv does); an unknown sign word is 22P03 */
    Oid num = 1700;
    int len = 10, fmt = 1;
    PGresult *nr = PQexecParams(g_conn, "SELECT $1::numeric, $1::numeric::text", 1, &num,
                                (const char *[]){"\0\1\0\2\xd0\0\0\3\0\7"}, &len, &fmt, 1);
    assert_int_equal(PQresultStatus(nr), PGRES_TUPLES_OK);
    assert_int_equal(PQgetlength(nr, 0, 0), 8);
    assert_memory_equal(PQgetvalue(nr, 0, 0), "\0\0\0\0\xd0\0\0\0", 8);
    assert_memory_equal(PQgetvalue(nr, 0, 1), "Infinity", 8); /* text in binary: its bytes */
    PQclear(nr);
    len = 8;
    expect_error(PQexecParams(g_conn, "SELECT $1::numeric", 1, &num,
                              (const char *[]){"\0\0\0\0\x80\0\0\0"}, &len, &fmt, 1),
                 "22P03");
    /* a numeric(p,s) column holds NaN but not Infinity (22003) */
    exec_ok(g_conn, "CREATE TABLE nspecial (a numeric(6,2))");
    len = 8;
    nr = PQexecParams(g_conn, "INSERT INTO nspecial VALUES ($1)", 1, &num,
                      (const char *[]){"\0\0\0\0\xc0\0\0\0"}, &len, &fmt, 1);
    assert_int_equal(PQresultStatus(nr), PGRES_COMMAND_OK);
    PQclear(nr);
    expect_error(PQexecParams(g_conn, "INSERT INTO nspecial VALUES ($1)", 1, &num,
                              (const char *[]){"\0\0\0\0\xf0\0\0\0"}, &len, &fmt, 1),
                 "22003");
    nr = PQexecParams(g_conn, "SELECT a FROM nspecial", 0, NULL, NULL, NULL, NULL, 1);
    assert_int_equal(PQresultStatus(nr), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(nr), 1);
    assert_memory_equal(PQgetvalue(nr, 0, 0), "\0\0\0\0\xc0\0\0\0", 8);
    PQclear(nr);
    exec_ok(g_conn, "DROP TABLE nspecial");
    /* table columns in binary, NULLs included */
    PGresult *r = PQexecParams(g_conn, "SELECT id, name, NULL::int4, amount FROM xt WHERE id = $1",
                               1, NULL, (const char *[]){"2"}, NULL, NULL, 1);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_memory_equal(PQgetvalue(r, 0, 0), "\0\0\0\2", 4);
    assert_int_equal(PQgetlength(r, 0, 1), 5);
    assert_true(PQgetisnull(r, 0, 2));
    assert_memory_equal(PQgetvalue(r, 0, 3), "\0\2\0\0\0\0\0\2\0\2\x13\x88", 12); /* 2.50 */
    PQclear(r);
}

/* ---- pg_prepared_statements ---- */

static void test_prepared_statements_view(void **state)
{
    (void)state;
    PGresult *r = PQprepare(g_conn, "ps_view", "SELECT $1::int4 + 1, $2::text", 0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    for (int i = 0; i < 2; i++) {
        r = PQexecPrepared(g_conn, "ps_view", 2, (const char *[]){"41", "x"}, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        PQclear(r);
    }
    exec_ok(g_conn, "PREPARE ps_sql (bigint) AS SELECT $1");
    r = PQexec(g_conn, "SELECT name, statement, parameter_types, from_sql, generic_plans + "
                       "custom_plans, prepare_time <= now() FROM pg_prepared_statements "
                       "WHERE name IN ('ps_view', 'ps_sql') ORDER BY name");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 2);
    assert_string_equal(PQgetvalue(r, 0, 0), "ps_sql");
    assert_string_equal(PQgetvalue(r, 0, 1), "PREPARE ps_sql (bigint) AS SELECT $1");
    assert_string_equal(PQgetvalue(r, 0, 2), "{bigint}");
    assert_string_equal(PQgetvalue(r, 0, 3), "t");
    assert_string_equal(PQgetvalue(r, 0, 4), "0");
    assert_string_equal(PQgetvalue(r, 1, 0), "ps_view");
    assert_string_equal(PQgetvalue(r, 1, 1), "SELECT $1::int4 + 1, $2::text");
    assert_string_equal(PQgetvalue(r, 1, 2), "{integer,text}");
    assert_string_equal(PQgetvalue(r, 1, 3), "f");
    assert_string_equal(PQgetvalue(r, 1, 4), "2");
    assert_string_equal(PQgetvalue(r, 1, 5), "t");
    PQclear(r);
    /* DEALLOCATE removes protocol-level and SQL statements alike */
    exec_ok(g_conn, "DEALLOCATE ps_view");
    exec_ok(g_conn, "DEALLOCATE ps_sql");
    r = PQexecParams(g_conn,
                     "SELECT count(*) FROM pg_prepared_statements WHERE name IN ('ps_view', "
                     "'ps_sql')",
                     0, NULL, NULL, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "0");
    PQclear(r);
}

/* ---- pipeline mode ---- */

static void test_pipeline(void **state)
{
    (void)state;
    PGconn *c = harness_connect(&g_server);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    assert_int_equal(PQenterPipelineMode(c), 1);
    assert_int_equal(PQsendPrepare(c, "pp", "SELECT name FROM xt WHERE id = $1", 0, NULL), 1);
    assert_int_equal(PQsendQueryPrepared(c, "pp", 1, (const char *[]){"3"}, NULL, NULL, 0), 1);
    assert_int_equal(
        PQsendQueryParams(c, "SELECT 1 / $1::int", 1, NULL, (const char *[]){"0"}, NULL, NULL, 0),
        1);
    assert_int_equal(PQsendQueryPrepared(c, "pp", 1, (const char *[]){"4"}, NULL, NULL, 0), 1);
    assert_int_equal(PQpipelineSync(c), 1);
    assert_int_equal(PQsendQueryPrepared(c, "pp", 1, (const char *[]){"5"}, NULL, NULL, 0), 1);
    assert_int_equal(PQpipelineSync(c), 1);

    ExecStatusType want[] = {PGRES_COMMAND_OK,       PGRES_TUPLES_OK,     PGRES_FATAL_ERROR,
                             PGRES_PIPELINE_ABORTED, PGRES_PIPELINE_SYNC, PGRES_TUPLES_OK,
                             PGRES_PIPELINE_SYNC};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        PGresult *r = PQgetResult(c);
        assert_non_null(r);
        if (PQresultStatus(r) != want[i])
            fail_msg("result %zu: %s, want %s (%s)", i, PQresStatus(PQresultStatus(r)),
                     PQresStatus(want[i]), PQresultErrorMessage(r));
        if (i == 1) assert_string_equal(PQgetvalue(r, 0, 0), "name3");
        if (i == 2) assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "22012");
        if (i == 5) assert_string_equal(PQgetvalue(r, 0, 0), "name5");
        PQclear(r);
        if (want[i] != PGRES_PIPELINE_SYNC) assert_null(PQgetResult(c)); /* end of this query */
    }
    assert_int_equal(PQexitPipelineMode(c), 1);
    PQfinish(c);
}

/* PQsendDescribePortal on the unnamed portal a pipelined PQsendQueryPrepared
 * made (portals end at Sync), with binary results. */
static void test_describe_portal(void **state)
{
    (void)state;
    PGconn *c = harness_connect(&g_server);
    PGresult *r = PQprepare(c, "dp", "SELECT id, name FROM xt WHERE id = $1", 0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    assert_int_equal(PQenterPipelineMode(c), 1);
    assert_int_equal(PQsendQueryPrepared(c, "dp", 1, (const char *[]){"9"}, NULL, NULL, 1), 1);
    assert_int_equal(PQsendDescribePortal(c, ""), 1);
    assert_int_equal(PQpipelineSync(c), 1);
    r = PQgetResult(c);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_memory_equal(PQgetvalue(r, 0, 0), "\0\0\0\x09", 4);
    PQclear(r);
    assert_null(PQgetResult(c));
    r = PQgetResult(c); /* the Describe of the portal: binary formats as bound */
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    assert_int_equal(PQnfields(r), 2);
    assert_string_equal(PQfname(r, 1), "name");
    assert_int_equal(PQftype(r, 1), 25);
    assert_int_equal(PQfformat(r, 0), 1);
    assert_int_equal(PQfformat(r, 1), 1);
    PQclear(r);
    assert_null(PQgetResult(c));
    r = PQgetResult(c);
    assert_int_equal(PQresultStatus(r), PGRES_PIPELINE_SYNC);
    PQclear(r);
    assert_int_equal(PQexitPipelineMode(c), 1);
    /* after Sync the portal is gone */
    r = PQdescribePortal(c, "");
    assert_int_equal(PQresultStatus(r), PGRES_FATAL_ERROR);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "34000");
    PQclear(r);
    PQfinish(c);
}

/* ---- plans and DDL ---- */

static void test_plan_survives_ddl(void **state)
{
    (void)state;
    PGconn *c = harness_connect(&g_server);
    exec_ok(c,
            "CREATE TABLE ddl_t (id int PRIMARY KEY, v text); INSERT INTO ddl_t VALUES (1, 'a')");
    PGresult *r = PQprepare(c, "q", "SELECT v FROM ddl_t WHERE id = $1", 0, NULL);
    PQclear(r);
    r = PQexecPrepared(c, "q", 1, (const char *[]){"1"}, NULL, NULL, 0);
    assert_string_equal(PQgetvalue(r, 0, 0), "a");
    PQclear(r);
    /* another session replaces the table: the statement re-plans against the new one */
    exec_ok(g_conn, "DROP TABLE ddl_t; CREATE TABLE ddl_t (id int PRIMARY KEY, v text); "
                    "INSERT INTO ddl_t VALUES (1, 'b')");
    r = PQexecPrepared(c, "q", 1, (const char *[]){"1"}, NULL, NULL, 0);
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "b");
    PQclear(r);
    exec_ok(g_conn, "DROP TABLE ddl_t");
    expect_error(PQexecPrepared(c, "q", 1, (const char *[]){"1"}, NULL, NULL, 0), "42P01");
    exec_ok(g_conn, "CREATE TABLE ddl_t (id int PRIMARY KEY, v int)");
    expect_error(PQexecPrepared(c, "q", 1, (const char *[]){"1"}, NULL, NULL, 0), "0A000");
    exec_ok(g_conn, "DROP TABLE ddl_t");
    PQfinish(c);
}

/* ---- raw protocol ---- */

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

/* One backend message: its type ('\0' on EOF), body NUL-terminated in buf. */
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

static const char *error_code(const char *body, size_t len)
{
    const char *p = body;
    while ((size_t)(p - body) < len && *p) {
        char c = *p++;
        if (c == 'C') return p;
        p += strlen(p) + 1;
    }
    return "";
}

/* A frontend message under construction. */
typedef struct Msg {
    char buf[1024];
    size_t len;
} Msg;

static void msg_begin(Msg *m, char type)
{
    m->buf[0] = type;
    m->len = 5;
}

static void msg_i16(Msg *m, int16_t v)
{
    uint16_t be = htons((uint16_t)v);
    memcpy(m->buf + m->len, &be, 2);
    m->len += 2;
}

static void msg_i32(Msg *m, int32_t v)
{
    uint32_t be = htonl((uint32_t)v);
    memcpy(m->buf + m->len, &be, 4);
    m->len += 4;
}

static void msg_str(Msg *m, const char *s)
{
    size_t n = strlen(s) + 1;
    memcpy(m->buf + m->len, s, n);
    m->len += n;
}

static void msg_send(int fd, Msg *m)
{
    uint32_t be = htonl((uint32_t)(m->len - 1));
    memcpy(m->buf + 1, &be, 4);
    raw_send(fd, m->buf, m->len);
}

static void raw_startup(int fd)
{
    char pkt[64];
    size_t n = 8;
    char params[48];
    int plen = snprintf(params, sizeof(params), "user%c%s%cdatabase%comendb%c", 0, harness_user(),
                        0, 0, 0);
    memcpy(pkt + n, params, (size_t)plen);
    n += (size_t)plen;
    pkt[n++] = '\0';
    uint32_t be = htonl((uint32_t)n);
    memcpy(pkt, &be, 4);
    be = htonl(196608);
    memcpy(pkt + 4, &be, 4);
    raw_send(fd, pkt, n);
    char body[4096];
    char type;
    while ((type = raw_read_msg(fd, body, sizeof(body), NULL)) != 'Z')
        assert_true(type == 'R' || type == 'S' || type == 'K');
}

static void send_parse(int fd, const char *name, const char *sql)
{
    Msg m;
    msg_begin(&m, 'P');
    msg_str(&m, name);
    msg_str(&m, sql);
    msg_i16(&m, 0);
    msg_send(fd, &m);
}

/* Bind without parameters; nres result format codes. */
static void send_bind(int fd, const char *portal, const char *stmt, int nres, const int16_t *res)
{
    Msg m;
    msg_begin(&m, 'B');
    msg_str(&m, portal);
    msg_str(&m, stmt);
    msg_i16(&m, 0);
    msg_i16(&m, 0);
    msg_i16(&m, (int16_t)nres);
    for (int i = 0; i < nres; i++) msg_i16(&m, res[i]);
    msg_send(fd, &m);
}

static void send_execute(int fd, const char *portal, int32_t max_rows)
{
    Msg m;
    msg_begin(&m, 'E');
    msg_str(&m, portal);
    msg_i32(&m, max_rows);
    msg_send(fd, &m);
}

static void send_simple(int fd, char type)
{
    char m[5] = {type, 0, 0, 0, 4};
    raw_send(fd, m, 5);
}

static void send_describe(int fd, char kind, const char *name)
{
    Msg m;
    msg_begin(&m, 'D');
    m.buf[m.len++] = kind;
    msg_str(&m, name);
    msg_send(fd, &m);
}

/* Reads DataRows of one int4/int8 text column until a non-DataRow message;
 * checks they continue from *next; returns that message's type. */
static char read_rows(int fd, int *next, int *count, char *body, size_t cap)
{
    size_t len;
    char type;
    *count = 0;
    while ((type = raw_read_msg(fd, body, cap, &len)) == 'D') {
        int v = atoi(body + 6); /* int16 ncols, int32 length, text */
        assert_int_equal(v, *next);
        (*next)++;
        (*count)++;
    }
    return type;
}

static void test_raw_portal_row_limit(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    char body[4096];
    size_t len;
    send_parse(fd, "s", "SELECT g FROM generate_series(1, 5000) g");
    send_bind(fd, "cur", "s", 0, NULL);
    send_execute(fd, "cur", 3);
    send_execute(fd, "cur", 2500);
    send_execute(fd, "cur", 0);
    send_execute(fd, "cur", 0); /* after the end: no rows */
    send_simple(fd, 'S');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '1');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '2');
    int next = 1, count;
    assert_int_equal(read_rows(fd, &next, &count, body, sizeof(body)), 's');
    assert_int_equal(count, 3);
    assert_int_equal(read_rows(fd, &next, &count, body, sizeof(body)), 's');
    assert_int_equal(count, 2500);
    assert_int_equal(read_rows(fd, &next, &count, body, sizeof(body)), 'C');
    assert_int_equal(count, 2497);
    assert_string_equal(body, "SELECT 2497");
    assert_int_equal(read_rows(fd, &next, &count, body, sizeof(body)), 'C');
    assert_int_equal(count, 0);
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    /* the portal ended with the implicit transaction at Sync */
    send_execute(fd, "cur", 0);
    send_simple(fd, 'S');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'E');
    assert_string_equal(error_code(body, len), "34000");
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    /* two portals interleaved, each continuing where it stopped */
    send_bind(fd, "a", "s", 0, NULL);
    send_bind(fd, "b", "s", 0, NULL);
    send_execute(fd, "a", 2);
    send_execute(fd, "b", 1);
    send_execute(fd, "a", 1);
    send_simple(fd, 'S');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '2');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '2');
    int na = 1, nb = 1;
    assert_int_equal(read_rows(fd, &na, &count, body, sizeof(body)), 's');
    assert_int_equal(read_rows(fd, &nb, &count, body, sizeof(body)), 's');
    assert_int_equal(read_rows(fd, &na, &count, body, sizeof(body)), 's');
    assert_int_equal(na, 4);
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    send_simple(fd, 'X');
    close(fd);
}

static void test_raw_describe_and_close(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    char body[4096];
    size_t len;
    send_parse(fd, "d", "SELECT id, name FROM xt WHERE id = $1");
    send_describe(fd, 'S', "d");
    send_parse(fd, "n", "CREATE TABLE never_run (a int)");
    send_describe(fd, 'S', "n");
    send_simple(fd, 'S');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '1');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 't');
    assert_memory_equal(body, "\0\1\0\0\0\x17", 6); /* one parameter, int4 */
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'T');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '1');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 't');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'n'); /* NoData */
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    /* portal Describe carries the Bind's result formats: binary, text */
    Msg m;
    msg_begin(&m, 'B');
    msg_str(&m, "p");
    msg_str(&m, "d");
    msg_i16(&m, 0);
    msg_i16(&m, 1);
    msg_i32(&m, 1);
    memcpy(m.buf + m.len, "7", 1);
    m.len += 1;
    msg_i16(&m, 2);
    msg_i16(&m, 1);
    msg_i16(&m, 0);
    msg_send(fd, &m);
    send_describe(fd, 'P', "p");
    send_execute(fd, "p", 0);
    Msg cl;
    msg_begin(&cl, 'C');
    cl.buf[cl.len++] = 'S';
    msg_str(&cl, "d");
    msg_send(fd, &cl);
    send_describe(fd, 'S', "d");
    send_simple(fd, 'S');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '2');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'T');
    /* field "id": name, table oid, attnum, type, typlen, typmod, format */
    const char *f = body + 2;
    f += strlen(f) + 1 + 4 + 2 + 4 + 2 + 4;
    assert_memory_equal(f, "\0\1", 2);
    f += 2;
    f += strlen(f) + 1 + 4 + 2 + 4 + 2 + 4;
    assert_memory_equal(f, "\0\0", 2);
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'D');
    assert_memory_equal(body, "\0\2\0\0\0\4\0\0\0\7\0\0\0\5name7", 19);
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'C');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '3');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'E'); /* closed */
    assert_string_equal(error_code(body, len), "26000");
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    send_simple(fd, 'X');
    close(fd);
}

/* An error skips every message up to Sync; then the session works again. */
static void test_raw_error_skips_to_sync(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    char body[4096];
    size_t len;
    send_parse(fd, "", "SELECT 1 / (g - 1) FROM generate_series(1, 1) g");
    send_bind(fd, "", "", 0, NULL);
    send_execute(fd, "", 0);
    send_parse(fd, "after", "SELECT 2"); /* skipped */
    send_bind(fd, "", "after", 0, NULL); /* skipped */
    send_execute(fd, "", 0);             /* skipped */
    send_simple(fd, 'S');
    send_parse(fd, "after", "SELECT 3"); /* the name is free: Parse was skipped */
    send_bind(fd, "", "after", 0, NULL);
    send_execute(fd, "", 0);
    send_simple(fd, 'S');
    static const char want[] = {'1', '2', 'E', 'Z', '1', '2', 'D', 'C', 'Z'};
    for (size_t i = 0; i < sizeof(want); i++) {
        char type = raw_read_msg(fd, body, sizeof(body), &len);
        if (type != want[i]) fail_msg("message %zu: '%c', want '%c'", i, type, want[i]);
        if (type == 'E') assert_string_equal(error_code(body, len), "22012");
        if (type == 'D')
            assert_memory_equal(body,
                                "\0\1\0\0\0\1"
                                "3",
                                7);
    }
    send_simple(fd, 'X');
    close(fd);
}

/* Malformed Parse/Bind/Describe bodies: ErrorResponse 08P01 (a bad format
 * code 22023, as PostgreSQL answers), never a crash. */
static void test_raw_malformed_messages(void **state)
{
    (void)state;
    int fd = raw_connect();
    raw_startup(fd);
    char body[4096];
    size_t len;
    send_parse(fd, "m", "SELECT $1::int4");
    send_simple(fd, 'S');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), '1');
    assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    Msg cases[6];
    /* 1: claims 5 parameters, carries none */
    msg_begin(&cases[0], 'B');
    msg_str(&cases[0], "");
    msg_str(&cases[0], "m");
    msg_i16(&cases[0], 0);
    msg_i16(&cases[0], 5);
    /* 2: a parameter length of -7 */
    msg_begin(&cases[1], 'B');
    msg_str(&cases[1], "");
    msg_str(&cases[1], "m");
    msg_i16(&cases[1], 0);
    msg_i16(&cases[1], 1);
    msg_i32(&cases[1], -7);
    msg_i16(&cases[1], 0);
    /* 3: a parameter longer than the message */
    msg_begin(&cases[2], 'B');
    msg_str(&cases[2], "");
    msg_str(&cases[2], "m");
    msg_i16(&cases[2], 0);
    msg_i16(&cases[2], 1);
    msg_i32(&cases[2], 1000000);
    /* 4: Parse with a negative parameter-type count */
    msg_begin(&cases[3], 'P');
    msg_str(&cases[3], "");
    msg_str(&cases[3], "SELECT 1");
    msg_i16(&cases[3], -1);
    /* 5: Describe of an unknown kind */
    msg_begin(&cases[4], 'D');
    cases[4].buf[cases[4].len++] = 'Q';
    msg_str(&cases[4], "m");
    /* 6: a format code of 7 */
    msg_begin(&cases[5], 'B');
    msg_str(&cases[5], "");
    msg_str(&cases[5], "m");
    msg_i16(&cases[5], 1);
    msg_i16(&cases[5], 7);
    msg_i16(&cases[5], 1);
    msg_i32(&cases[5], 1);
    cases[5].buf[cases[5].len++] = '1';
    msg_i16(&cases[5], 0);
    for (int i = 0; i < 6; i++) {
        msg_send(fd, &cases[i]);
        send_simple(fd, 'S');
        char type = raw_read_msg(fd, body, sizeof(body), &len);
        if (type != 'E') fail_msg("case %d: '%c'", i + 1, type);
        assert_string_equal(error_code(body, len), i == 5 ? "22023" : "08P01");
        assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), 'Z');
    }
    /* still usable */
    send_parse(fd, "", "SELECT 1");
    send_bind(fd, "", "", 0, NULL);
    send_execute(fd, "", 0);
    send_simple(fd, 'S');
    static const char want[] = {'1', '2', 'D', 'C', 'Z'};
    for (size_t i = 0; i < sizeof(want); i++)
        assert_int_equal(raw_read_msg(fd, body, sizeof(body), &len), want[i]);
    send_simple(fd, 'X');
    close(fd);
}

/* ---- pgbench ---- */

#define PGBENCH "/usr/lib/postgresql/15/bin/pgbench"

static void run_pgbench(const char *mode, const char *script)
{
    char port[16];
    snprintf(port, sizeof(port), "%d", g_server.port);
    char *argv[] = {
        PGBENCH, "-n",        "-M", (char *)mode, "-f", (char *)script,         "-t",     "100",
        "-h",    "127.0.0.1", "-p", port,         "-U", (char *)harness_user(), "omendb", NULL};
    char *out = NULL;
    int rc = harness_run_capture(argv, NULL, &out);
    if (rc != 0 || !out || !strstr(out, "number of transactions actually processed: 100/100"))
        fail_msg("pgbench -M %s: exit %d\n%s", mode, rc, out ? out : "");
    free(out);
}

static void test_pgbench_modes(void **state)
{
    (void)state;
    if (access(PGBENCH, X_OK) != 0) skip();
    char script[] = "/tmp/omendb_pgbench_XXXXXX";
    int fd = mkstemp(script);
    assert_true(fd >= 0);
    static const char body[] = "\\set aid random(1, 100)\n"
                               "SELECT 1;\n"
                               "SELECT name, amount FROM xt WHERE id = :aid;\n"
                               "SELECT count(*) FROM xt WHERE id > :aid;\n";
    assert_int_equal(write(fd, body, sizeof(body) - 1), (ssize_t)(sizeof(body) - 1));
    close(fd);
    run_pgbench("extended", script);
    run_pgbench("prepared", script);
    unlink(script);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepare_describe_execute),
        cmocka_unit_test(test_parameter_inference),
        cmocka_unit_test(test_exec_params_and_insert),
        cmocka_unit_test(test_other_statements),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_binary_round_trip),
        cmocka_unit_test(test_prepared_statements_view),
        cmocka_unit_test(test_pipeline),
        cmocka_unit_test(test_describe_portal),
        cmocka_unit_test(test_plan_survives_ddl),
        cmocka_unit_test(test_raw_portal_row_limit),
        cmocka_unit_test(test_raw_describe_and_close),
        cmocka_unit_test(test_raw_error_skips_to_sync),
        cmocka_unit_test(test_raw_malformed_messages),
        cmocka_unit_test(test_pgbench_modes),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
