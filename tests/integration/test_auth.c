/*
 * test_auth.c — passwords and TLS as clients see them (docs/auth.md).
 *
 *   SCRAM-SHA-256: the right password connects, a wrong one, an unknown user
 *   and omendb without a password are FATAL 28P01 (checked on the raw
 *   protocol too), libpq without a password says "no password supplied";
 *   ALTER ROLE ... PASSWORD with a plaintext password and with a verifier
 *   made by libpq (PQencryptPasswordConn, what psql's \password sends), and
 *   the new password survives a restart; pg_authid shows the verifier.
 *   password (cleartext) method; Unix socket stays trust.
 *   TLS: a self-signed certificate made with `openssl req` at test time;
 *   sslmode=require uses TLS (PQsslInUse, pg_stat_ssl, SHOW ssl), 10 MB of
 *   result rows, COPY in and out, a pipeline of many queries sent in one
 *   write (bytes left inside the TLS session must not park the connection),
 *   cancel, sslmode=disable still served; SCRAM with channel binding over
 *   TLS; ssl = off refuses sslmode=require cleanly; a missing certificate
 *   stops the server at start; a client that breaks off its handshake does
 *   not harm the server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "integration/harness.h"
#include "wire/auth_scram.h"

static char g_tmp[PATH_MAX]; /* certificate, key, data directories */
static char g_crt[PATH_MAX + 16], g_key[PATH_MAX + 16];
static char g_nopass[PATH_MAX + 16]; /* a passfile that does not exist: no ~/.pgpass */

static int group_setup(void **state)
{
    (void)state;
    if (harness_mkdtemp(g_tmp, sizeof g_tmp) != 0) return -1;
    snprintf(g_crt, sizeof g_crt, "%s/server.crt", g_tmp);
    snprintf(g_key, sizeof g_key, "%s/server.key", g_tmp);
    snprintf(g_nopass, sizeof g_nopass, "%s/no-pgpass", g_tmp);
    char *argv[] = {"/usr/bin/openssl", "req",   "-x509", "-newkey", "rsa:2048",
                    "-nodes",           "-days", "1",     "-subj",   "/CN=localhost",
                    "-keyout",          g_key,   "-out",  g_crt,     NULL};
    char *out = NULL;
    int rc = harness_run_capture(argv, NULL, &out);
    if (rc != 0) fprintf(stderr, "openssl req failed (%d): %s\n", rc, out);
    free(out);
    return rc == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    if (!getenv("KEEP_TEST_DIRS")) harness_rmtree(g_tmp);
    return 0;
}

/* A connection as `user` with `extra` conninfo (password=..., sslmode=...);
 * libpq reads no ~/.pgpass and no PGPASSWORD. */
static PGconn *connect_as(const OmenServer *s, const char *user, const char *extra)
{
    char conninfo[PATH_MAX + 1024];
    snprintf(conninfo, sizeof conninfo,
             "host=127.0.0.1 port=%d user=%s dbname=omendb connect_timeout=10 sslmode=disable "
             "passfile=%s %s",
             s->port, user, g_nopass, extra ? extra : "");
    return PQconnectdb(conninfo);
}

static void expect_ok(const OmenServer *s, const char *user, const char *extra)
{
    PGconn *c = connect_as(s, user, extra);
    if (PQstatus(c) != CONNECTION_OK) fail_msg("connect (%s): %s", extra, PQerrorMessage(c));
    PQfinish(c);
}

static void expect_fail(const OmenServer *s, const char *user, const char *extra, const char *msg)
{
    PGconn *c = connect_as(s, user, extra);
    assert_int_equal(PQstatus(c), CONNECTION_BAD);
    if (!strstr(PQerrorMessage(c), msg))
        fail_msg("expected \"%s\", got: %s", msg, PQerrorMessage(c));
    PQfinish(c);
}

static char *query1(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    char *v = PQntuples(r) > 0 ? strdup(PQgetvalue(r, 0, 0)) : strdup("");
    PQclear(r);
    return v;
}

/* ---- a raw client, to see the SQLSTATE of a failed login ---- */

static int raw_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static void raw_send(int fd, char type, const void *body, size_t len)
{
    unsigned char hdr[5];
    hdr[0] = (unsigned char)type;
    put32(hdr + 1, (uint32_t)len + 4);
    assert_int_equal(send(fd, hdr, 5, 0), 5);
    if (len) assert_int_equal(send(fd, body, len, 0), (ssize_t)len);
}

static void raw_startup(int fd, const char *user)
{
    unsigned char buf[256];
    size_t n = 8;
    n += (size_t)sprintf((char *)buf + n, "user") + 1;
    n += (size_t)sprintf((char *)buf + n, "%s", user) + 1;
    buf[n++] = 0;
    put32(buf, (uint32_t)n);
    put32(buf + 4, 196608);
    assert_int_equal(send(fd, buf, n, 0), (ssize_t)n);
}

/* Reads one message; returns its type, body in buf (NUL-terminated). */
static char raw_read(int fd, char *buf, size_t cap, size_t *len)
{
    unsigned char hdr[5];
    size_t got = 0;
    while (got < 5) {
        ssize_t n = recv(fd, hdr + got, 5 - got, 0);
        if (n <= 0) return 0;
        got += (size_t)n;
    }
    size_t blen = ((size_t)hdr[1] << 24 | (size_t)hdr[2] << 16 | (size_t)hdr[3] << 8 | hdr[4]) - 4;
    assert_true(blen < cap);
    got = 0;
    while (got < blen) {
        ssize_t n = recv(fd, buf + got, blen - got, 0);
        if (n <= 0) return 0;
        got += (size_t)n;
    }
    buf[blen] = '\0';
    *len = blen;
    return (char)hdr[0];
}

/* The C field of an ErrorResponse body. */
static const char *error_code(const char *body, size_t len)
{
    for (size_t i = 0; i < len && body[i];) {
        if (body[i] == 'C') return body + i + 1;
        i += strlen(body + i) + 1;
    }
    return "";
}

/* A SCRAM login as `user` with `password` on the raw protocol; returns the
 * SQLSTATE of the ErrorResponse, or "" when it was authenticated. */
static char *raw_scram(int port, const char *user, const char *password)
{
    static char code[8];
    int fd = raw_connect(port);
    raw_startup(fd, user);
    char buf[4096];
    size_t len;
    assert_int_equal(raw_read(fd, buf, sizeof buf, &len), 'R');
    assert_int_equal((unsigned char)buf[3], 10); /* AuthenticationSASL */
    const char *first_bare = "n=,r=rawclientnonce";
    char first[64];
    snprintf(first, sizeof first, "n,,%s", first_bare);
    unsigned char msg[256];
    size_t n = (size_t)sprintf((char *)msg, SCRAM_MECHANISM) + 1;
    put32(msg + n, (uint32_t)strlen(first));
    memcpy(msg + n + 4, first, strlen(first));
    raw_send(fd, 'p', msg, n + 4 + strlen(first));
    char type = raw_read(fd, buf, sizeof buf, &len);
    assert_int_equal(type, 'R');
    assert_int_equal((unsigned char)buf[3], 11); /* SASLContinue */
    char server_first[512];
    snprintf(server_first, sizeof server_first, "%.*s", (int)(len - 4), buf + 4);
    /* r=<nonce>,s=<salt>,i=<iter> */
    char nonce[256], salt64[128];
    int iter = 0;
    assert_int_equal(sscanf(server_first, "r=%255[^,],s=%127[^,],i=%d", nonce, salt64, &iter), 3);
    uint8_t salt[64];
    int salt_len = scram_base64_decode(salt64, strlen(salt64), salt, sizeof salt);
    assert_true(salt_len > 0);
    char noproof[512], am[2048], final[1024], p64[64];
    snprintf(noproof, sizeof noproof, "c=biws,r=%s", nonce);
    snprintf(am, sizeof am, "%s,%s,%s", first_bare, server_first, noproof);
    uint8_t proof[SCRAM_KEY_LEN];
    assert_int_equal(scram_client_proof(password, salt, (size_t)salt_len, iter, am, proof), 0);
    scram_base64_encode(proof, sizeof proof, p64, sizeof p64);
    snprintf(final, sizeof final, "%s,p=%s", noproof, p64);
    raw_send(fd, 'p', final, strlen(final));
    type = raw_read(fd, buf, sizeof buf, &len);
    code[0] = '\0';
    if (type == 'E')
        snprintf(code, sizeof code, "%s", error_code(buf, len));
    else
        assert_int_equal(type, 'R'); /* SASLFinal */
    close(fd);
    return code;
}

/* Starts a server on data directory `data` (kept across restarts) with the
 * extra arguments and environment. */
static void start_on(OmenServer *s, const char *data, const char **args, char **env)
{
    const char *all[32];
    int n = 0;
    all[n++] = "--data";
    all[n++] = data;
    for (const char **a = args; a && *a; a++) all[n++] = *a;
    all[n] = NULL;
    assert_int_equal(harness_start_env(s, all, env), 0);
}

static void test_scram(void **state)
{
    (void)state;
    char data[PATH_MAX + 16], sock[PATH_MAX + 16];
    snprintf(data, sizeof data, "%s/scram-data", g_tmp);
    snprintf(sock, sizeof sock, "%s", g_tmp);
    const char *args[] = {"--auth-method", "scram-sha-256", "-k", sock, NULL};
    char *env[] = {"OMENDB_PASSWORD=secret", NULL};
    OmenServer s;
    start_on(&s, data, args, env);

    expect_ok(&s, "omendb", "password=secret");
    expect_fail(&s, "omendb", "password=wrong",
                "password authentication failed for user \"omendb\"");
    expect_fail(&s, "omendb", NULL, "no password supplied");
    expect_fail(&s, "bob", "password=secret", "password authentication failed for user \"bob\"");
    assert_string_equal(raw_scram(s.port, "omendb", "secret"), "");
    assert_string_equal(raw_scram(s.port, "omendb", "wrong"), "28P01");
    assert_string_equal(raw_scram(s.port, "bob", "secret"), "28P01");

    /* the Unix-domain socket stays trust */
    char conninfo[2 * PATH_MAX + 256];
    snprintf(conninfo, sizeof conninfo, "host=%s port=%d user=omendb dbname=omendb passfile=%s",
             sock, s.port, g_nopass);
    PGconn *u = PQconnectdb(conninfo);
    assert_int_equal(PQstatus(u), CONNECTION_OK);
    PQfinish(u);

    /* ALTER ROLE with a plaintext password */
    PGconn *c = connect_as(&s, "omendb", "password=secret");
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    free(query1(c, "ALTER ROLE omendb PASSWORD 'new one'"));
    expect_fail(&s, "omendb", "password=secret", "password authentication failed");
    expect_ok(&s, "omendb", "password='new one'");
    PGresult *r = PQexec(c, "ALTER ROLE bob PASSWORD 'x'");
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "42704");
    PQclear(r);

    /* ... and with a verifier made by the client, as psql's \password does */
    char *pe = query1(c, "SHOW password_encryption");
    assert_string_equal(pe, "scram-sha-256");
    free(pe);
    char *verifier = PQencryptPasswordConn(c, "third", "omendb", NULL);
    assert_non_null(verifier);
    assert_non_null(strstr(verifier, "SCRAM-SHA-256$4096:"));
    char sql[512];
    snprintf(sql, sizeof sql, "ALTER USER omendb PASSWORD '%s'", verifier);
    free(query1(c, sql));
    char *stored = query1(c, "SELECT rolpassword FROM pg_authid WHERE rolname = 'omendb'");
    assert_string_equal(stored, verifier);
    free(stored);
    char *masked = query1(c, "SELECT rolpassword FROM pg_roles WHERE rolname = 'omendb'");
    assert_string_equal(masked, "********");
    free(masked);
    PQfreemem(verifier);
    PQfinish(c);
    expect_ok(&s, "omendb", "password=third");
    expect_fail(&s, "omendb", "password='new one'", "password authentication failed");

    /* the change survives a restart, and beats OMENDB_PASSWORD */
    assert_int_equal(harness_stop(&s), 0);
    start_on(&s, data, args, env);
    expect_ok(&s, "omendb", "password=third");
    expect_fail(&s, "omendb", "password=secret", "password authentication failed");
    assert_int_equal(harness_stop(&s), 0);
}

static void test_password_method(void **state)
{
    (void)state;
    char data[PATH_MAX + 16], pwfile[PATH_MAX + 16];
    snprintf(data, sizeof data, "%s/pw-data", g_tmp);
    snprintf(pwfile, sizeof pwfile, "%s/pwfile", g_tmp);
    FILE *f = fopen(pwfile, "w");
    fprintf(f, "filepw\n");
    fclose(f);
    const char *args[] = {"--auth-method", "password", "--password-file", pwfile, NULL};
    OmenServer s;
    start_on(&s, data, args, NULL);
    expect_ok(&s, "omendb", "password=filepw");
    expect_fail(&s, "omendb", "password=nope",
                "password authentication failed for user \"omendb\"");
    expect_fail(&s, "omendb", NULL, "no password supplied");

    /* raw: AuthenticationCleartextPassword, then 28P01 for a wrong one */
    int fd = raw_connect(s.port);
    raw_startup(fd, "omendb");
    char buf[1024];
    size_t len;
    assert_int_equal(raw_read(fd, buf, sizeof buf, &len), 'R');
    assert_int_equal((unsigned char)buf[3], 3);
    raw_send(fd, 'p', "nope", 5);
    assert_int_equal(raw_read(fd, buf, sizeof buf, &len), 'E');
    assert_string_equal(error_code(buf, len), "28P01");
    close(fd);
    assert_int_equal(harness_stop(&s), 0);
}

static void tls_args(const char **args, int *n)
{
    args[(*n)++] = "--ssl";
    args[(*n)++] = "on";
    args[(*n)++] = "--ssl-cert-file";
    args[(*n)++] = g_crt;
    args[(*n)++] = "--ssl-key-file";
    args[(*n)++] = g_key;
    args[*n] = NULL;
}

static void test_tls(void **state)
{
    (void)state;
    const char *args[16];
    int n = 0;
    tls_args(args, &n);
    OmenServer s;
    assert_int_equal(harness_start(&s, args), 0);

    PGconn *c = connect_as(&s, "omendb", "sslmode=require");
    if (PQstatus(c) != CONNECTION_OK) fail_msg("%s", PQerrorMessage(c));
    assert_int_equal(PQsslInUse(c), 1);
    char *v = query1(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assert_string_equal(v, "t");
    free(v);
    v = query1(c, "SHOW ssl");
    assert_string_equal(v, "on");
    free(v);
    v = query1(c, "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
    assert_string_equal(v, PQsslAttribute(c, "protocol"));
    free(v);

    /* 10 MB of rows */
    PGresult *r = PQexec(c, "SELECT repeat('x', 1000) || g FROM generate_series(1, 10000) g");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_int_equal(PQntuples(r), 10000);
    assert_string_equal(PQgetvalue(r, 9999, 0) + 1000, "10000");
    PQclear(r);

    /* COPY in and out */
    free(query1(c, "CREATE TABLE t (a int, b text)"));
    r = PQexec(c, "COPY t FROM STDIN");
    assert_int_equal(PQresultStatus(r), PGRES_COPY_IN);
    PQclear(r);
    char line[64];
    for (int i = 1; i <= 50000; i++) {
        int len = snprintf(line, sizeof line, "%d\tvalue %d\n", i, i);
        assert_int_equal(PQputCopyData(c, line, len), 1);
    }
    assert_int_equal(PQputCopyEnd(c, NULL), 1);
    r = PQgetResult(c);
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    while ((r = PQgetResult(c))) PQclear(r);
    v = query1(c, "SELECT count(*) FROM t");
    assert_string_equal(v, "50000");
    free(v);
    r = PQexec(c, "COPY t TO STDOUT");
    assert_int_equal(PQresultStatus(r), PGRES_COPY_OUT);
    PQclear(r);
    int rows = 0;
    char *buf;
    while (PQgetCopyData(c, &buf, 0) > 0) {
        rows++;
        PQfreemem(buf);
    }
    assert_int_equal(rows, 50000);
    while ((r = PQgetResult(c))) PQclear(r);

    /* a pipeline: every query goes out in one write, so several arrive in
     * one TLS record; the server must answer them all without waiting for
     * more input */
    for (int round = 0; round < 20; round++) {
        assert_int_equal(PQenterPipelineMode(c), 1);
        for (int i = 0; i < 40; i++) {
            char q[64];
            snprintf(q, sizeof q, "SELECT %d", i);
            assert_int_equal(PQsendQueryParams(c, q, 0, NULL, NULL, NULL, NULL, 0), 1);
        }
        assert_int_equal(PQpipelineSync(c), 1);
        int got = 0;
        for (;;) {
            r = PQgetResult(c);
            if (!r) continue; /* the end of one query's results */
            ExecStatusType st = PQresultStatus(r);
            if (st == PGRES_TUPLES_OK) {
                assert_int_equal(atoi(PQgetvalue(r, 0, 0)), got);
                got++;
            }
            PQclear(r);
            if (st == PGRES_PIPELINE_SYNC) break;
            assert_int_equal(st, PGRES_TUPLES_OK);
        }
        assert_int_equal(got, 40);
        assert_int_equal(PQexitPipelineMode(c), 1);
    }
    /* and many statements in one simple Query */
    r = PQexec(c, "SELECT 1; SELECT 2; SELECT 3; SELECT 4; SELECT 5");
    assert_string_equal(PQgetvalue(r, 0, 0), "5");
    PQclear(r);

    /* cancel (the CancelRequest comes on a plain connection) */
    assert_int_equal(PQsendQuery(c, "SELECT pg_sleep(20)"), 1);
    harness_sleep_ms(300);
    PGcancel *cancel = PQgetCancel(c);
    char errbuf[256];
    assert_int_equal(PQcancel(cancel, errbuf, sizeof errbuf), 1);
    PQfreeCancel(cancel);
    r = PQgetResult(c);
    assert_string_equal(PQresultErrorField(r, PG_DIAG_SQLSTATE), "57014");
    PQclear(r);
    while ((r = PQgetResult(c))) PQclear(r);
    v = query1(c, "SELECT 'alive'");
    assert_string_equal(v, "alive");
    free(v);

    /* sslmode=disable is still served, in clear */
    PGconn *plain = connect_as(&s, "omendb", "sslmode=disable");
    assert_int_equal(PQstatus(plain), CONNECTION_OK);
    assert_int_equal(PQsslInUse(plain), 0);
    v = query1(plain, "SELECT count(*) FROM pg_stat_ssl WHERE ssl");
    assert_string_equal(v, "1");
    free(v);
    PQfinish(plain);

    /* clients that break off the handshake: the server goes on */
    for (int i = 0; i < 3; i++) {
        int fd = raw_connect(s.port);
        unsigned char req[8];
        put32(req, 8);
        put32(req + 4, 80877103);
        assert_int_equal(send(fd, req, 8, 0), 8);
        char answer = 0;
        assert_int_equal(recv(fd, &answer, 1, 0), 1);
        assert_int_equal(answer, 'S');
        if (i == 1) (void)!send(fd, "\x16\x03\x01\x00\x10garbage", 12, 0);
        if (i == 2) (void)!send(fd, "not tls at all, just text\n", 26, 0);
        close(fd);
    }
    v = query1(c, "SELECT 'still alive'");
    assert_string_equal(v, "still alive");
    free(v);
    PQfinish(c);

    /* shutdown while a TLS session waits: FATAL 57P01 reaches the client */
    c = connect_as(&s, "omendb", "sslmode=require");
    assert_int_equal(PQsendQuery(c, "SELECT pg_sleep(20)"), 1);
    harness_sleep_ms(200);
    assert_int_equal(harness_stop(&s), 0);
    r = PQgetResult(c);
    assert_non_null(strstr(PQerrorMessage(c), "terminating connection due to administrator"));
    PQclear(r);
    PQfinish(c);
}

static void test_tls_scram_channel_binding(void **state)
{
    (void)state;
    const char *args[16] = {"--auth-method", "scram-sha-256"};
    int n = 2;
    tls_args(args, &n);
    char *env[] = {"OMENDB_PASSWORD=cbpw", NULL};
    OmenServer s;
    assert_int_equal(harness_start_env(&s, args, env), 0);
    expect_ok(&s, "omendb", "sslmode=require password=cbpw channel_binding=require");
    expect_ok(&s, "omendb", "sslmode=require password=cbpw channel_binding=disable");
    expect_ok(&s, "omendb", "sslmode=disable password=cbpw");
    expect_fail(&s, "omendb", "sslmode=require password=nope", "password authentication failed");
    expect_fail(&s, "omendb", "sslmode=disable password=cbpw channel_binding=require",
                "channel binding");
    assert_int_equal(harness_stop(&s), 0);
}

static void test_tls_off_and_bad_cert(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    expect_fail(&s, "omendb", "sslmode=require", "server does not support SSL");
    PGconn *c = connect_as(&s, "omendb", "sslmode=prefer");
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    assert_int_equal(PQsslInUse(c), 0);
    char *v = query1(c, "SHOW ssl");
    assert_string_equal(v, "off");
    free(v);
    PQfinish(c);
    assert_int_equal(harness_stop(&s), 0);

    /* ssl = on without a certificate: the server does not start */
    char dir[PATH_MAX], data[PATH_MAX + 16], log[PATH_MAX + 16];
    assert_int_equal(harness_mkdtemp(dir, sizeof dir), 0);
    snprintf(data, sizeof data, "%s/data", dir);
    snprintf(log, sizeof log, "%s/log", dir);
    char port[16];
    snprintf(port, sizeof port, "%d", harness_free_port());
    char *argv[] = {
        (char *)harness_bin(), "serve", "--port", port, "--data", data, "--ssl", "on", NULL};
    pid_t pid = harness_spawn(argv, NULL, log);
    int status = 0;
    assert_true(harness_wait_exit(pid, 20000, &status));
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 1);
    char *out = harness_read_file(log);
    assert_non_null(strstr(out, "could not load server certificate file"));
    free(out);
    harness_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scram),
        cmocka_unit_test(test_password_method),
        cmocka_unit_test(test_tls),
        cmocka_unit_test(test_tls_scram_channel_binding),
        cmocka_unit_test(test_tls_off_and_bad_cert),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
