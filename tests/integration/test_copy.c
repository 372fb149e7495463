/*
 * test_copy.c — COPY FROM STDIN / TO STDOUT through libpq (PQputCopyData,
 * PQputCopyEnd, PQgetCopyData): text and CSV with every option, NULLs,
 * escapes, quoted newlines, HEADER, data split across CopyData messages at
 * every byte, a bad line in the middle of a 10k-row COPY (error names line
 * and column, table unchanged), constraint errors, CopyFail, a 1M-row COPY of
 * pgbench_accounts-shaped rows, COPY (SELECT ...) TO STDOUT, and COPY TO and
 * FROM a file of the server's.
 *
 * One server serves the whole file; OMENDB_TEST_PORT=N OMENDB_TEST_USER=u
 * runs the same tests against PostgreSQL 15 (database "omendb"), which is how
 * the expected texts were checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "integration/harness.h"

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

static void exec_ok(const char *sql)
{
    PGresult *r = PQexec(g_conn, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(g_conn));
    PQclear(r);
}

/* A statement that returns no rows, and its tag. */
static void check_command(const char *sql, const char *tag)
{
    PGresult *r = PQexec(g_conn, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(g_conn));
    assert_string_equal(PQcmdStatus(r), tag);
    PQclear(r);
}

/* First value of a one-row query (static buffer; "NULL" for NULL). */
static const char *value(const char *sql)
{
    static char buf[256];
    PGresult *r = PQexec(g_conn, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1)
        fail_msg("%s: %s", sql, PQerrorMessage(g_conn));
    snprintf(buf, sizeof(buf), "%s", PQgetisnull(r, 0, 0) ? "NULL" : PQgetvalue(r, 0, 0));
    PQclear(r);
    return buf;
}

static const char *field(const PGresult *r, int code)
{
    const char *f = PQresultErrorField(r, code);
    return f ? f : "(none)";
}

/* When set, copy_in/copy_out send the COPY through the extended protocol
 * (Parse/Bind/Describe/Execute/Sync: PQexecParams) instead of a simple Query. */
static bool g_extended;

static PGresult *run_copy_statement(const char *sql)
{
    return g_extended ? PQexecParams(g_conn, sql, 0, NULL, NULL, NULL, NULL, 0)
                      : PQexec(g_conn, sql);
}

/* Runs COPY ... FROM STDIN with `data` sent in pieces of `piece` bytes, then
 * CopyDone (or CopyFail with `fail_msg_text`). Returns the final result. */
static PGresult *copy_in(const char *sql, const char *data, size_t len, size_t piece,
                         const char *fail_msg_text)
{
    PGresult *r = run_copy_statement(sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) return r;
    PQclear(r);
    for (size_t off = 0; off < len; off += piece) {
        size_t n = len - off < piece ? len - off : piece;
        if (PQputCopyData(g_conn, data + off, (int)n) != 1)
            fail_msg("PQputCopyData: %s", PQerrorMessage(g_conn));
    }
    if (PQputCopyEnd(g_conn, fail_msg_text) != 1)
        fail_msg("PQputCopyEnd: %s", PQerrorMessage(g_conn));
    r = PQgetResult(g_conn);
    PGresult *extra;
    while ((extra = PQgetResult(g_conn)) != NULL) PQclear(extra);
    return r;
}

static void copy_in_ok(const char *sql, const char *data, size_t piece, const char *tag)
{
    PGresult *r = copy_in(sql, data, strlen(data), piece, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(g_conn));
    assert_string_equal(PQcmdStatus(r), tag);
    PQclear(r);
}

/* Runs COPY ... TO STDOUT; returns the data (malloc'd) and checks the tag. */
static char *copy_out(const char *sql, const char *tag)
{
    PGresult *r = run_copy_statement(sql);
    if (PQresultStatus(r) != PGRES_COPY_OUT) fail_msg("%s: %s", sql, PQerrorMessage(g_conn));
    PQclear(r);
    size_t cap = 1024, len = 0;
    char *out = malloc(cap);
    char *buf;
    int n;
    while ((n = PQgetCopyData(g_conn, &buf, 0)) > 0) {
        while (len + (size_t)n + 1 > cap) out = realloc(out, cap *= 2);
        memcpy(out + len, buf, (size_t)n);
        len += (size_t)n;
        PQfreemem(buf);
    }
    out[len] = '\0';
    assert_int_equal(n, -1);
    r = PQgetResult(g_conn);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s: %s", sql, PQerrorMessage(g_conn));
    if (tag) assert_string_equal(PQcmdStatus(r), tag);
    PQclear(r);
    while ((r = PQgetResult(g_conn)) != NULL) PQclear(r);
    return out;
}

static void check_copy_out(const char *sql, const char *expected, const char *tag)
{
    char *got = copy_out(sql, tag);
    assert_string_equal(got, expected);
    free(got);
}

/* An error result: SQLSTATE, message and context. */
static void check_error(PGresult *r, const char *sqlstate, const char *message, const char *context)
{
    if (PQresultStatus(r) != PGRES_FATAL_ERROR)
        fail_msg("expected %s, got %s", sqlstate, PQresStatus(PQresultStatus(r)));
    assert_string_equal(field(r, PG_DIAG_SQLSTATE), sqlstate);
    if (message) assert_string_equal(field(r, PG_DIAG_MESSAGE_PRIMARY), message);
    if (context) assert_string_equal(field(r, PG_DIAG_CONTEXT), context);
    PQclear(r);
}

static void check_exec_error(const char *sql, const char *sqlstate, const char *message)
{
    check_error(PQexec(g_conn, sql), sqlstate, message, NULL);
}

/* ---- text format ---- */

static const char *TEXT_IN = "1\tplain\t1.5\t2020-01-02\tt\n"
                             "2\t\\N\t\\N\t\\N\t\\N\n"
                             "3\ttab\\there\t-0.25\t1999-12-31\tf\n"
                             "4\tnl\\nx\\\\y\\rz\t1e10\t2000-02-29\ttrue\n"
                             "5\t\\101\\x42\\7\\b\\f\\v\\x4g\\q\t0\tinfinity\tno\n"
                             "6\t\t0\t2020-01-01\tf\n"
                             "7\tback\\\\slash\\|\\\tx\t0\t2020-01-01\tf\n"
                             "\\.\n";

static const char *TEXT_OUT = "1\tplain\t1.5\t2020-01-02\tt\n"
                              "2\t\\N\t\\N\t\\N\t\\N\n"
                              "3\ttab\\there\t-0.25\t1999-12-31\tf\n"
                              "4\tnl\\nx\\\\y\\rz\t10000000000\t2000-02-29\tt\n"
                              "5\tAB\a\\b\\f\\v\x04gq\t0\tinfinity\tf\n"
                              "6\t\t0\t2020-01-01\tf\n"
                              "7\tback\\\\slash|\\tx\t0\t2020-01-01\tf\n";

static void test_text_roundtrip(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS ct");
    exec_ok("CREATE TABLE ct (a int, b text, c float8, d date, e bool)");
    copy_in_ok("COPY ct FROM STDIN", TEXT_IN, 1 << 20, "COPY 7");
    assert_string_equal(value("SELECT b FROM ct WHERE a = 3"), "tab\there");
    assert_string_equal(value("SELECT b FROM ct WHERE a = 4"), "nl\nx\\y\rz");
    assert_string_equal(value("SELECT b FROM ct WHERE a = 2"), "NULL");
    assert_string_equal(value("SELECT b = '' FROM ct WHERE a = 6"), "t");
    assert_string_equal(value("SELECT b FROM ct WHERE a = 7"), "back\\slash|\tx");
    check_copy_out("COPY ct TO STDOUT", TEXT_OUT, "COPY 7");
    /* the same stream cut into CopyData messages of every small size */
    for (size_t piece = 1; piece <= 7; piece++) {
        exec_ok("DROP TABLE ct");
        exec_ok("CREATE TABLE ct (a int, b text, c float8, d date, e bool)");
        copy_in_ok("COPY ct FROM STDIN", TEXT_IN, piece, "COPY 7");
        check_copy_out("COPY ct TO STDOUT", TEXT_OUT, "COPY 7");
    }
}

static void test_text_options(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS cto");
    exec_ok("CREATE TABLE cto (a int, b text, c text)");
    /* HEADER in text format (PostgreSQL 15), DELIMITER, NULL '' */
    copy_in_ok("COPY cto FROM STDIN WITH (FORMAT text, HEADER, DELIMITER '|', NULL '')",
               "whatever|header|line\n1|x\\|y|\n2||z\n", 1 << 20, "COPY 2");
    assert_string_equal(value("SELECT b FROM cto WHERE a = 1"), "x|y");
    assert_string_equal(value("SELECT c IS NULL FROM cto WHERE a = 1"), "t");
    assert_string_equal(value("SELECT b IS NULL FROM cto WHERE a = 2"), "t");
    check_copy_out("COPY cto TO STDOUT (HEADER, DELIMITER '|', NULL 'none')",
                   "a|b|c\n1|x\\|y|none\n2|none|z\n", "COPY 2");
    /* the old syntax: DELIMITER and NULL without WITH parentheses */
    check_copy_out("COPY cto (c, a) TO STDOUT DELIMITER ',' NULL 'n'", "n,1\nz,2\n", "COPY 2");
    /* CRLF line ends are accepted when consistent */
    copy_in_ok("COPY cto FROM STDIN", "3\tcr\tlf\r\n4\tq\t\\N\r\n", 1 << 20, "COPY 2");
    assert_string_equal(value("SELECT c FROM cto WHERE a = 3"), "lf");
    /* a last line without its newline still counts */
    copy_in_ok("COPY cto (a) FROM STDIN", "5", 1 << 20, "COPY 1");
    assert_string_equal(value("SELECT count(*) FROM cto"), "5");
    /* pgbench -i (PostgreSQL 14+) sends COPY ... WITH (FREEZE ON); PostgreSQL
     * accepts it only right after CREATE/TRUNCATE in the same transaction */
    if (!g_server.external)
        copy_in_ok("COPY cto (a) FROM STDIN WITH (FREEZE ON)", "6\n", 1 << 20, "COPY 1");
}

/* ---- CSV ---- */

static void test_csv(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS cc");
    exec_ok("CREATE TABLE cc (id int, s text, n int)");
    copy_in_ok("COPY cc FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';', NULL 'NULL', "
               "QUOTE '''', ESCAPE '\\', FORCE_NOT_NULL (s), FORCE_NULL (n))",
               "id;s;n\n"
               "1;'multi\nline';5\n"
               "2;NULL;NULL\n"
               "3;'it\\'s';'NULL'\n"
               "4;'a;b';7\n"
               "5;;8\n",
               1 << 20, "COPY 5");
    assert_string_equal(value("SELECT s FROM cc WHERE id = 1"), "multi\nline");
    assert_string_equal(value("SELECT s FROM cc WHERE id = 2"), "NULL");
    assert_string_equal(value("SELECT n IS NULL FROM cc WHERE id = 2"), "t");
    assert_string_equal(value("SELECT s FROM cc WHERE id = 3"), "it's");
    assert_string_equal(value("SELECT n IS NULL FROM cc WHERE id = 3"), "t");
    assert_string_equal(value("SELECT s = '' FROM cc WHERE id = 5"), "t");
    const char *expect = "id,s,n\n"
                         "1,\"multi\nline\",5\n"
                         "2,\"NULL\",\n"
                         "3,\"it's\",\n"
                         "4,\"a;b\",7\n"
                         "5,\"\",8\n";
    check_copy_out("COPY cc TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE (s))", expect,
                   "COPY 5");
    /* the old syntax, FORCE QUOTE * and a delimiter */
    check_copy_out("COPY cc TO STDOUT WITH CSV HEADER FORCE QUOTE * DELIMITER '|'",
                   "id|s|n\n"
                   "\"1\"|\"multi\nline\"|\"5\"\n"
                   "\"2\"|\"NULL\"|\n"
                   "\"3\"|\"it's\"|\n"
                   "\"4\"|\"a;b\"|\"7\"\n"
                   "\"5\"|\"\"|\"8\"\n",
                   "COPY 5");
    /* quoting rules without FORCE_QUOTE: NULL string, delimiter, quote, CR/LF */
    exec_ok("DROP TABLE IF EXISTS cq");
    exec_ok("CREATE TABLE cq (s text)");
    copy_in_ok("COPY cq FROM STDIN CSV",
               "plain\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"\"\n\n\"cr\rlf\"\n\"\\.\"\n", 3, "COPY 7");
    assert_string_equal(value("SELECT count(*) FROM cq WHERE s IS NULL"), "1");
    check_copy_out("COPY cq TO STDOUT (FORMAT csv)",
                   "plain\n\"a,b\"\n\"say \"\"hi\"\"\"\n\"\"\n\n\"cr\rlf\"\n\"\\.\"\n", "COPY 7");
    check_copy_out("COPY cq TO STDOUT (FORMAT csv, QUOTE '*', ESCAPE '!', NULL 'N')",
                   "plain\n*a,b*\nsay \"hi\"\n\nN\n*cr\rlf*\n*\\.*\n", "COPY 7");
    /* "\." alone ends CSV data; the rest of the stream is ignored */
    copy_in_ok("COPY cq FROM STDIN WITH CSV", "x\n\\.\nnot read\n", 1 << 20, "COPY 1");
    /* the old syntax for COPY FROM */
    exec_ok("DROP TABLE IF EXISTS cc2");
    exec_ok("CREATE TABLE cc2 (a int, b text)");
    copy_in_ok("COPY cc2 FROM STDIN WITH CSV HEADER DELIMITER ',' QUOTE '\"' FORCE NOT NULL b",
               "a,b\n1,\n2,\"\"\n", 1 << 20, "COPY 2");
    assert_string_equal(value("SELECT count(*) FROM cc2 WHERE b = ''"), "2");
    /* HEADER MATCH */
    copy_in_ok("COPY cc2 FROM STDIN (FORMAT csv, HEADER match)", "a,b\n3,x\n", 1 << 20, "COPY 1");
    check_error(
        copy_in("COPY cc2 FROM STDIN (FORMAT csv, HEADER match)", "a,c\n3,x\n", 8, 1 << 20, NULL),
        "22P04", "column name mismatch in header line field 2: got \"c\", expected \"b\"",
        "COPY cc2, line 1: \"a,c\"");
    check_error(copy_in("COPY cc2 FROM STDIN CSV", "1,\"open\n", 8, 1 << 20, NULL), "22P04",
                "unterminated CSV quoted field", NULL);
}

/* ---- errors ---- */

static void fill_lines(char *buf, int nrows, int bad_line, const char *bad)
{
    char *p = buf;
    for (int i = 1; i <= nrows; i++) {
        if (i == bad_line)
            p += sprintf(p, "%s\n", bad);
        else
            p += sprintf(p, "%d\tv%d\n", i, i);
    }
}

static void test_bad_line_in_10k(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS cb");
    exec_ok("CREATE TABLE cb (a int PRIMARY KEY, b text NOT NULL)");
    copy_in_ok("COPY cb FROM STDIN", "0\tbefore\n", 1 << 20, "COPY 1");
    char *buf = malloc(10000 * 32);
    fill_lines(buf, 10000, 5000, "abc\tbad");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 4096, NULL), "22P02",
                "invalid input syntax for type integer: \"abc\"",
                "COPY cb, line 5000, column a: \"abc\"");
    assert_string_equal(value("SELECT count(*) FROM cb"), "1");
    fill_lines(buf, 10000, 7001, "7001");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 65536, NULL), "22P04",
                "missing data for column \"b\"", "COPY cb, line 7001: \"7001\"");
    fill_lines(buf, 10000, 9999, "9999\tx\ty");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 65536, NULL), "22P04",
                "extra data after last expected column", "COPY cb, line 9999: \"9999\tx\ty\"");
    fill_lines(buf, 10000, 6000, "6000\t\\N");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 65536, NULL), "23502",
                "null value in column \"b\" of relation \"cb\" violates not-null constraint",
                "COPY cb, line 6000: \"6000\t\\N\"");
    fill_lines(buf, 10000, 4500, "17\tdup");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 65536, NULL), "23505",
                "duplicate key value violates unique constraint \"cb_pkey\"", "COPY cb, line 4500");
    fill_lines(buf, 10000, 3000, "0\tclash");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 65536, NULL), "23505", NULL,
                "COPY cb, line 3000");
    /* bytes that are not UTF-8: the error comes when the parser reaches them */
    fill_lines(buf, 10000, 8000, "8000\tbad \xff byte");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 4096, NULL), "22021",
                "invalid byte sequence for encoding \"UTF8\": 0xff", "COPY cb, line 8000");
    fill_lines(buf, 10000, 8001, "8001\tescaped \\xc3\\x28");
    check_error(copy_in("COPY cb FROM STDIN", buf, strlen(buf), 4096, NULL), "22021",
                "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28",
                "COPY cb, line 8001: \"8001\tescaped \\xc3\\x28\"");
    free(buf);
    assert_string_equal(value("SELECT count(*) FROM cb"), "1");
    assert_string_equal(value("SELECT b FROM cb"), "before");
    /* the session is fine afterwards, and a good COPY works */
    copy_in_ok("COPY cb FROM STDIN", "1\tone\n2\ttwo\n", 1 << 20, "COPY 2");
    assert_string_equal(value("SELECT count(*) FROM cb"), "3");
}

static void test_copy_fail(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS cf");
    exec_ok("CREATE TABLE cf (a int)");
    const char *data = "1\n2\n3\n";
    check_error(copy_in("COPY cf FROM STDIN", data, strlen(data), 2, "client gave up"), "57014",
                "COPY from stdin failed: client gave up", NULL);
    assert_string_equal(value("SELECT count(*) FROM cf"), "0");
    assert_string_equal(value("SELECT 1"), "1");
}

static void test_option_errors(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS ce");
    exec_ok("CREATE TABLE ce (a int, b text)");
    if (!g_server.external) /* PostgreSQL lets its superuser run programs */
        check_exec_error("COPY ce FROM PROGRAM 'true'", "0A000", NULL);
    check_exec_error("COPY ce TO STDOUT (FORMAT xml)", "22023",
                     "COPY format \"xml\" not recognized");
    check_exec_error("COPY ce TO STDOUT (bogus 1)", "42601", "option \"bogus\" not recognized");
    check_exec_error("COPY ce TO STDOUT (FORMAT csv, FORMAT text)", "42601",
                     "conflicting or redundant options");
    check_exec_error("COPY ce TO STDOUT (DELIMITER 'ab')", "0A000",
                     "COPY delimiter must be a single one-byte character");
    check_exec_error("COPY ce TO STDOUT (DELIMITER 'a')", "22023",
                     "COPY delimiter cannot be \"a\"");
    check_exec_error("COPY ce TO STDOUT (QUOTE '\"')", "0A000",
                     "COPY quote available only in CSV mode");
    check_exec_error("COPY ce TO STDOUT (FORMAT csv, DELIMITER ',', QUOTE ',')", "22023",
                     "COPY delimiter and quote must be different");
    check_exec_error("COPY ce FROM STDIN (FORMAT csv, FORCE_QUOTE (a))", "0A000",
                     "COPY force quote only available using COPY TO");
    check_exec_error("COPY ce TO STDOUT (FORMAT csv, FORCE_NOT_NULL (a))", "0A000",
                     "COPY force not null only available using COPY FROM");
    check_exec_error("COPY ce (a) TO STDOUT (FORMAT csv, FORCE_QUOTE (b))", "42P10",
                     "FORCE_QUOTE column \"b\" not referenced by COPY");
    check_exec_error("COPY ce (zz) FROM STDIN", "42703",
                     "column \"zz\" of relation \"ce\" does not exist");
    check_exec_error("COPY ce (a, a) FROM STDIN", "42701", "column \"a\" specified more than once");
    check_exec_error("COPY nosuch FROM STDIN", "42P01", "relation \"nosuch\" does not exist");
    check_exec_error("COPY ce TO STDOUT (HEADER match)", "0A000",
                     "cannot use \"match\" with HEADER in COPY TO");
    assert_string_equal(value("SELECT 1"), "1");
}

/* ---- COPY TO of a query, streamed ---- */

static void test_copy_query_to(void **state)
{
    (void)state;
    check_copy_out("COPY (SELECT 1 AS one, NULL::text AS two, 'a,b'::text AS \"th,ree\", "
                   "1.5::float8 AS f, true AS t, '2020-01-02'::date AS d, '\\x0102'::bytea AS "
                   "by, 12.50::numeric(6,2) AS n) TO STDOUT (FORMAT csv, HEADER)",
                   "one,two,\"th,ree\",f,t,d,by,n\n1,,\"a,b\",1.5,t,2020-01-02,\\x0102,12.50\n",
                   "COPY 1");
    check_copy_out("COPY (SELECT g, g * 2 AS twice FROM generate_series(1, 3) g ORDER BY g DESC) "
                   "TO STDOUT WITH (HEADER)",
                   "g\ttwice\n3\t6\n2\t4\n1\t2\n", "COPY 3");
    /* a result of many chunks streams through */
    char *out =
        copy_out("COPY (SELECT g FROM generate_series(1, 100000) g) TO STDOUT", "COPY 100000");
    size_t lines = 0;
    for (char *p = out; *p; p++) lines += *p == '\n';
    assert_int_equal(lines, 100000);
    assert_true(strncmp(out, "1\n2\n3\n", 6) == 0);
    free(out);
}

/* ---- COPY TO 'file' and FROM 'file' (files of the server) ---- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_server_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/omendb-copy-XXXXXX";
    if (!mkdtemp(dir)) fail_msg("mkdtemp failed");
    chmod(dir, 0777); /* a PostgreSQL run as its own user writes here too */
    char sql[512], path[300], msg[400];
    exec_ok("DROP TABLE IF EXISTS sf, sf2");
    exec_ok("CREATE TABLE sf (a int, b text, c numeric(6,2))");
    exec_ok("INSERT INTO sf VALUES (1, 'one', 1.5), (2, NULL, -2), (3, 'tab\there', 0)");
    exec_ok("CREATE TABLE sf2 (LIKE sf)");

    snprintf(path, sizeof(path), "%s/sf.txt", dir);
    snprintf(sql, sizeof(sql), "COPY sf TO '%s'", path);
    check_command(sql, "COPY 3");
    assert_string_equal(read_file(path), "1\tone\t1.50\n2\t\\N\t-2.00\n3\ttab\\there\t0.00\n");
    snprintf(sql, sizeof(sql), "COPY sf2 FROM '%s'", path);
    check_command(sql, "COPY 3");
    assert_string_equal(value("SELECT count(*) FROM sf2 s JOIN sf USING (a) WHERE s.b IS NOT "
                              "DISTINCT FROM sf.b AND s.c = sf.c"),
                        "3");

    snprintf(path, sizeof(path), "%s/q.csv", dir);
    snprintf(sql, sizeof(sql),
             "COPY (SELECT a, b FROM sf ORDER BY a DESC) TO '%s' WITH (FORMAT csv, HEADER)", path);
    check_command(sql, "COPY 3");
    assert_string_equal(read_file(path), "a,b\n3,tab\there\n2,\n1,one\n");
    exec_ok("TRUNCATE sf2");
    snprintf(sql, sizeof(sql), "COPY sf2 (a, b) FROM '%s' WITH (FORMAT csv, HEADER)", path);
    check_command(sql, "COPY 3");
    assert_string_equal(value("SELECT b FROM sf2 WHERE a = 3"), "tab\there");
    assert_string_equal(value("SELECT count(*) FROM sf2 WHERE b IS NULL AND a = 2"), "1");

    /* a bad line: the COPY fails naming the line, and adds nothing */
    snprintf(path, sizeof(path), "%s/bad.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("10\tten\t1\n11\televen\tx\n", f);
    fclose(f);
    chmod(path, 0644);
    snprintf(sql, sizeof(sql), "COPY sf2 FROM '%s'", path);
    check_exec_error(sql, "22P02", "invalid input syntax for type numeric: \"x\"");
    assert_string_equal(value("SELECT count(*) FROM sf2"), "3");

    check_exec_error("COPY sf TO 'relative.txt'", "42602",
                     "relative path not allowed for COPY to file");
    snprintf(path, sizeof(path), "%s/none", dir);
    snprintf(sql, sizeof(sql), "COPY sf FROM '%s'", path);
    snprintf(msg, sizeof(msg), "could not open file \"%s\" for reading: No such file or directory",
             path);
    check_exec_error(sql, "58P01", msg);
    snprintf(sql, sizeof(sql), "COPY sf FROM '%s'", dir);
    snprintf(msg, sizeof(msg), "\"%s\" is a directory", dir);
    check_exec_error(sql, "42809", msg);

    char rm[128];
    snprintf(rm, sizeof(rm), "rm -rf %s", dir);
    if (system(rm) != 0) fail_msg("%s failed", rm);
}

/* ---- 1M rows shaped like pgbench_accounts ---- */

static void test_million_rows(void **state)
{
    (void)state;
    exec_ok("DROP TABLE IF EXISTS pgbench_accounts");
    exec_ok("CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, "
            "filler char(84))");
    PGresult *r = PQexec(g_conn, "COPY pgbench_accounts FROM STDIN");
    assert_int_equal(PQresultStatus(r), PGRES_COPY_IN);
    PQclear(r);
    const int nrows = 1000000;
    long t0 = harness_now_ms();
    char line[64];
    for (int k = 0; k < nrows; k++) {
        /* what pgbench -i sends: one CopyData per row */
        int n = snprintf(line, sizeof(line), "%d\t%d\t%d\t\n", k + 1, k / 100000 + 1, 0);
        if (PQputCopyData(g_conn, line, n) != 1) fail_msg("%s", PQerrorMessage(g_conn));
    }
    assert_int_equal(PQputCopyData(g_conn, "\\.\n", 3), 1);
    assert_int_equal(PQputCopyEnd(g_conn, NULL), 1);
    r = PQgetResult(g_conn);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) fail_msg("%s", PQerrorMessage(g_conn));
    assert_string_equal(PQcmdStatus(r), "COPY 1000000");
    PQclear(r);
    while ((r = PQgetResult(g_conn)) != NULL) PQclear(r);
    long ms = harness_now_ms() - t0;
    print_message("COPY of 1M pgbench_accounts rows: %ld ms\n", ms);
    assert_string_equal(value("SELECT count(*) FROM pgbench_accounts"), "1000000");
    assert_string_equal(value("SELECT sum(aid::int8) FROM pgbench_accounts"), "500000500000");
    assert_string_equal(value("SELECT sum(bid) FROM pgbench_accounts"), "5500000");
    assert_string_equal(value("SELECT sum(abalance) FROM pgbench_accounts"), "0");
    assert_string_equal(value("SELECT count(*) FROM pgbench_accounts WHERE filler = ''"),
                        "1000000");
    assert_string_equal(value("SELECT octet_length(filler) FROM pgbench_accounts WHERE aid = 7"),
                        "84");
}

/* ---- the sub-protocol on a raw socket: Flush/Sync inside COPY IN ---- */

static int raw_connect(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)g_server.port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

static void raw_msg(int fd, char type, const void *body, size_t len)
{
    char hdr[5];
    uint32_t be = htonl((uint32_t)len + 4);
    hdr[0] = type;
    memcpy(hdr + 1, &be, 4);
    assert_int_equal(send(fd, hdr, 5, MSG_NOSIGNAL), 5);
    if (len) assert_int_equal(send(fd, body, len, MSG_NOSIGNAL), (ssize_t)len);
}

static void raw_read(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n > 0) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 10000) != 1) fail_msg("timed out waiting for the server");
        ssize_t got = recv(fd, p, n, 0);
        if (got <= 0) fail_msg("connection closed");
        p += got;
        n -= (size_t)got;
    }
}

/* Reads one message, which must be of `type`; returns its body length. */
static size_t raw_expect(int fd, char type, char *body, size_t cap)
{
    unsigned char hdr[5];
    raw_read(fd, hdr, 5);
    uint32_t len =
        ((uint32_t)hdr[1] << 24) | ((uint32_t)hdr[2] << 16) | ((uint32_t)hdr[3] << 8) | hdr[4];
    assert_true(len >= 4 && len - 4 < cap);
    raw_read(fd, body, len - 4);
    body[len - 4] = '\0';
    if ((char)hdr[0] != type) fail_msg("expected '%c', got '%c' (%s)", type, hdr[0], body);
    return len - 4;
}

static void raw_query(int fd, const char *sql)
{
    raw_msg(fd, 'Q', sql, strlen(sql) + 1);
}

static void test_raw_protocol(void **state)
{
    (void)state;
    if (g_server.external) skip();
    exec_ok("DROP TABLE IF EXISTS cr");
    exec_ok("CREATE TABLE cr (a int)");
    int fd = raw_connect();
    static const char startup[] = "\0\0\0\0\0\3\0\0user\0test\0database\0omendb\0";
    char pkt[sizeof(startup)];
    memcpy(pkt, startup, sizeof(startup));
    uint32_t be = htonl((uint32_t)sizeof(startup));
    memcpy(pkt, &be, 4);
    assert_int_equal(send(fd, pkt, sizeof(pkt), MSG_NOSIGNAL), (ssize_t)sizeof(pkt));
    char body[4096];
    for (;;) {
        unsigned char hdr[5];
        raw_read(fd, hdr, 5);
        uint32_t len =
            ((uint32_t)hdr[1] << 24) | ((uint32_t)hdr[2] << 16) | ((uint32_t)hdr[3] << 8) | hdr[4];
        assert_true(len >= 4 && len - 4 < sizeof(body));
        raw_read(fd, body, len - 4);
        if (hdr[0] == 'Z') break;
    }
    /* CopyInResponse: text, one column, text; Flush and Sync are ignored */
    raw_query(fd, "COPY cr FROM STDIN");
    size_t n = raw_expect(fd, 'G', body, sizeof(body));
    assert_int_equal(n, 5);
    assert_memory_equal(body, "\0\0\1\0\0", 5);
    raw_msg(fd, 'd', "1\n", 2);
    raw_msg(fd, 'H', NULL, 0);
    raw_msg(fd, 'S', NULL, 0);
    raw_msg(fd, 'd', "2\n3", 3);
    raw_msg(fd, 'd', "\n", 1);
    raw_msg(fd, 'c', NULL, 0);
    raw_expect(fd, 'C', body, sizeof(body));
    assert_string_equal(body, "COPY 3");
    raw_expect(fd, 'Z', body, sizeof(body));
    /* an unexpected message fails the COPY; later CopyData is ignored */
    raw_query(fd, "COPY cr FROM STDIN");
    raw_expect(fd, 'G', body, sizeof(body));
    raw_msg(fd, 'd', "4\n", 2);
    raw_query(fd, "SELECT 1");
    n = raw_expect(fd, 'E', body, sizeof(body));
    assert_non_null(memmem(body, n, "C08P01", 7));
    assert_non_null(memmem(body, n, "unexpected message type 0x51 during COPY from stdin", 51));
    raw_expect(fd, 'Z', body, sizeof(body));
    raw_msg(fd, 'd', "5\n", 2);
    raw_msg(fd, 'c', NULL, 0);
    /* CopyOutResponse, one CopyData per row, CopyDone */
    raw_query(fd, "COPY cr TO STDOUT");
    n = raw_expect(fd, 'H', body, sizeof(body));
    assert_int_equal(n, 5);
    assert_memory_equal(body, "\0\0\1\0\0", 5);
    for (int i = 1; i <= 3; i++) {
        n = raw_expect(fd, 'd', body, sizeof(body));
        assert_int_equal(n, 2);
        assert_int_equal(body[0], '0' + i);
    }
    raw_expect(fd, 'c', body, sizeof(body));
    raw_expect(fd, 'C', body, sizeof(body));
    assert_string_equal(body, "COPY 3");
    raw_expect(fd, 'Z', body, sizeof(body));
    raw_msg(fd, 'X', NULL, 0);
    close(fd);
}

/* ---- COPY through the extended protocol ---- */

/* The same tests again with every COPY sent by Parse/Bind/Describe/Execute:
 * CopyInResponse/CopyOutResponse inside the extended flow, errors skip to Sync
 * (libpq sends a second Sync after CopyDone/CopyFail), the session goes on. */
static void test_extended_protocol(void **state)
{
    g_extended = true;
    test_text_roundtrip(state);
    test_csv(state);
    test_bad_line_in_10k(state);
    test_copy_fail(state);
    test_copy_query_to(state);
    g_extended = false;
    /* a prepared COPY runs more than once; Describe says NoData */
    exec_ok("DROP TABLE IF EXISTS cp");
    exec_ok("CREATE TABLE cp (a int, b text)");
    PGresult *r = PQprepare(g_conn, "cp_in", "COPY cp FROM STDIN", 0, NULL);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQdescribePrepared(g_conn, "cp_in");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    assert_int_equal(PQnfields(r), 0);
    PQclear(r);
    for (int round = 0; round < 2; round++) {
        r = PQexecPrepared(g_conn, "cp_in", 0, NULL, NULL, NULL, 0);
        assert_int_equal(PQresultStatus(r), PGRES_COPY_IN);
        PQclear(r);
        assert_int_equal(PQputCopyData(g_conn, "1\tx\n2\ty\n", 8), 1);
        assert_int_equal(PQputCopyEnd(g_conn, NULL), 1);
        r = PQgetResult(g_conn);
        assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
        assert_string_equal(PQcmdStatus(r), "COPY 2");
        PQclear(r);
        while ((r = PQgetResult(g_conn)) != NULL) PQclear(r);
    }
    assert_string_equal(value("SELECT count(*) FROM cp"), "4");
    /* COPY TO in a transaction block, then a normal query in the same block */
    exec_ok("BEGIN");
    g_extended = true;
    check_copy_out("COPY (SELECT a, b FROM cp WHERE a = 1 ORDER BY b LIMIT 1) TO STDOUT", "1\tx\n",
                   "COPY 1");
    g_extended = false;
    assert_string_equal(value("SELECT count(*) FROM cp"), "4");
    exec_ok("COMMIT");
    /* an error inside the COPY (bad data) leaves the session usable */
    g_extended = true;
    check_error(copy_in("COPY cp FROM STDIN", "x\ty\n", 5, 64, NULL), "22P02", NULL, NULL);
    g_extended = false;
    assert_string_equal(value("SELECT count(*) FROM cp"), "4");
}

/* The raw message sequence of an extended-protocol COPY FROM STDIN, with the
 * first Sync arriving inside the COPY (as libpq sends it): ignored there. */
static void test_extended_raw(void **state)
{
    (void)state;
    if (g_server.external) skip();
    exec_ok("DROP TABLE IF EXISTS cx");
    exec_ok("CREATE TABLE cx (a int)");
    int fd = raw_connect();
    static const char startup[] = "\0\0\0\0\0\3\0\0user\0test\0database\0omendb\0";
    char pkt[sizeof(startup)];
    memcpy(pkt, startup, sizeof(startup));
    uint32_t be = htonl((uint32_t)sizeof(startup));
    memcpy(pkt, &be, 4);
    assert_int_equal(send(fd, pkt, sizeof(pkt), MSG_NOSIGNAL), (ssize_t)sizeof(pkt));
    char body[4096];
    for (;;) {
        unsigned char hdr[5];
        raw_read(fd, hdr, 5);
        uint32_t len =
            ((uint32_t)hdr[1] << 24) | ((uint32_t)hdr[2] << 16) | ((uint32_t)hdr[3] << 8) | hdr[4];
        assert_true(len >= 4 && len - 4 < sizeof(body));
        raw_read(fd, body, len - 4);
        if (hdr[0] == 'Z') break;
    }
    static const char parse[] = "\0COPY cx FROM STDIN\0\0\0";
    static const char bind[] = "\0\0\0\0\0\0\0\0"; /* portal, stmt, 0 fmts, 0 params, 0 fmts */
    static const char describe[] = "P\0";
    static const char execute[] = "\0\0\0\0\0";
    raw_msg(fd, 'P', parse, sizeof(parse) - 1);
    raw_msg(fd, 'B', bind, sizeof(bind) - 1);
    raw_msg(fd, 'D', describe, 2);
    raw_msg(fd, 'E', execute, 5);
    raw_msg(fd, 'S', NULL, 0);
    raw_expect(fd, '1', body, sizeof(body));
    raw_expect(fd, '2', body, sizeof(body));
    raw_expect(fd, 'n', body, sizeof(body));
    size_t n = raw_expect(fd, 'G', body, sizeof(body));
    assert_int_equal(n, 5);
    raw_msg(fd, 'd', "7\n8\n", 4);
    raw_msg(fd, 'c', NULL, 0);
    raw_msg(fd, 'S', NULL, 0); /* output is flushed at ReadyForQuery */
    raw_expect(fd, 'C', body, sizeof(body));
    assert_string_equal(body, "COPY 2");
    raw_expect(fd, 'Z', body, sizeof(body));
    /* CopyFail: ErrorResponse, then everything up to Sync is skipped */
    raw_msg(fd, 'P', parse, sizeof(parse) - 1);
    raw_msg(fd, 'B', bind, sizeof(bind) - 1);
    raw_msg(fd, 'E', execute, 5);
    raw_msg(fd, 'S', NULL, 0);
    raw_expect(fd, '1', body, sizeof(body));
    raw_expect(fd, '2', body, sizeof(body));
    raw_expect(fd, 'G', body, sizeof(body));
    raw_msg(fd, 'd', "9\n", 2);
    raw_msg(fd, 'f', "stop\0", 5);
    raw_msg(fd, 'd', "10\n", 3);
    raw_msg(fd, 'E', execute, 5);
    raw_msg(fd, 'S', NULL, 0);
    n = raw_expect(fd, 'E', body, sizeof(body));
    assert_non_null(memmem(body, n, "C57014", 7));
    raw_expect(fd, 'Z', body, sizeof(body));
    raw_msg(fd, 'X', NULL, 0);
    close(fd);
    assert_string_equal(value("SELECT count(*) FROM cx"), "2");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_roundtrip),
        cmocka_unit_test(test_text_options),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_bad_line_in_10k),
        cmocka_unit_test(test_copy_fail),
        cmocka_unit_test(test_option_errors),
        cmocka_unit_test(test_copy_query_to),
        cmocka_unit_test(test_server_files),
        cmocka_unit_test(test_million_rows),
        cmocka_unit_test(test_raw_protocol),
        cmocka_unit_test(test_extended_protocol),
        cmocka_unit_test(test_extended_raw),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
