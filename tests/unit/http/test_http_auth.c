/*
 * test_http_auth.c — the HTTP API in-process: the authentication hook (every
 * endpoint but /health answers 401 with WWW-Authenticate: Basic until the
 * hook accepts the credentials, and the session then runs as that user), a
 * start on port 0, stop with no request running, and the JSON output helpers
 * (string escaping with invalid UTF-8, the number grammar, SQLSTATE → status).
 * Requests go over a plain socket as HTTP/1.0, so no client library is needed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/http_int.h"

static char g_dir[] = "/tmp/omendb_test_http_XXXXXX";
static Database *g_db;
static int g_checks;

/* The test hook: user "alice" with password "s3cret". */
static bool check_password(void *ctx, const char *user, const char *password)
{
    (*(int *)ctx)++;
    return strcmp(user, "alice") == 0 && strcmp(password, "s3cret") == 0;
}

/* Sends one HTTP/1.0 request and returns the whole response (malloc'd). */
static char *http_do(int port, const char *method, const char *path, const char *auth,
                     const char *body)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    char req[4096];
    int n = snprintf(req, sizeof(req), "%s %s HTTP/1.0\r\nHost: localhost\r\n%s%s%s", method, path,
                     auth ? "Authorization: Basic " : "", auth ? auth : "", auth ? "\r\n" : "");
    if (body)
        n += snprintf(req + n, sizeof(req) - (size_t)n,
                      "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                      strlen(body), body);
    else
        n += snprintf(req + n, sizeof(req) - (size_t)n, "\r\n");
    assert_int_equal(send(fd, req, (size_t)n, 0), n);
    size_t cap = 65536, len = 0;
    char *out = malloc(cap);
    for (;;) {
        ssize_t got = recv(fd, out + len, cap - len - 1, 0);
        if (got <= 0) break;
        len += (size_t)got;
        if (len + 1 == cap) out = realloc(out, cap *= 2);
    }
    out[len] = '\0';
    close(fd);
    return out;
}

static void test_auth_hook(void **state)
{
    (void)state;
    HttpConfig cfg = {.listen = "127.0.0.1",
                      .port = 0,
                      .max_connections = 4,
                      .check_password = check_password,
                      .auth_ctx = &g_checks};
    char msg[256];
    HttpServer *h = http_server_open(&cfg, msg, sizeof(msg));
    assert_non_null(h);
    int port = http_server_port(h);
    assert_true(port > 0);
    assert_int_equal(http_server_start(h, g_db, msg, sizeof(msg)), 0);

    /* /health needs no credentials */
    char *r = http_do(port, "GET", "/health", NULL, NULL);
    assert_non_null(strstr(r, " 200 OK"));
    assert_non_null(strstr(r, "\"status\":\"ok\""));
    free(r);
    assert_int_equal(g_checks, 0);

    /* everything else does */
    r = http_do(port, "GET", "/metrics", NULL, NULL);
    assert_non_null(strstr(r, " 401 "));
    assert_non_null(strstr(r, "WWW-Authenticate: Basic realm=\"omendb\""));
    assert_non_null(strstr(r, "\"sqlstate\":\"28000\""));
    free(r);
    r = http_do(port, "GET", "/", NULL, NULL);
    assert_non_null(strstr(r, " 401 "));
    free(r);

    /* alice:wrong */
    r = http_do(port, "POST", "/query", "YWxpY2U6d3Jvbmc=", "{\"sql\":\"SELECT 1\"}");
    assert_non_null(strstr(r, " 401 "));
    assert_non_null(strstr(r, "\"sqlstate\":\"28P01\""));
    assert_non_null(strstr(r, "password authentication failed for user \\\"alice\\\""));
    free(r);
    assert_int_equal(g_checks, 1);

    /* alice:s3cret, and the session runs as alice */
    r = http_do(port, "POST", "/query", "YWxpY2U6czNjcmV0",
                "{\"sql\":\"SELECT current_setting('session_authorization')\"}");
    assert_non_null(strstr(r, " 200 OK"));
    if (!strstr(r, "\"rows\":[[\"alice\"]]")) fail_msg("%s", r);
    free(r);
    r = http_do(port, "GET", "/metrics", "YWxpY2U6czNjcmV0", NULL);
    assert_non_null(strstr(r, " 200 OK"));
    assert_non_null(strstr(r, "# TYPE omendb_commits_total counter"));
    free(r);

    http_server_stop(h);
    http_server_stop(h); /* idempotent */
    http_server_close(h);
}

static void test_port_in_use(void **state)
{
    (void)state;
    HttpConfig cfg = {.listen = "127.0.0.1", .port = 0};
    char msg[256];
    HttpServer *h = http_server_open(&cfg, msg, sizeof(msg));
    assert_non_null(h);
    cfg.port = http_server_port(h);
    assert_null(http_server_open(&cfg, msg, sizeof(msg)));
    assert_non_null(strstr(msg, "could not listen for HTTP"));
    http_server_close(h); /* never started */
}

static void test_json_helpers(void **state)
{
    (void)state;
    StrBuf b;
    strbuf_init(&b, NULL);
    http_json_string(&b, "a\"b\\c\n\x01\xc3\xa9\xff", 10);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\xef\xbf\xbd\"");
    strbuf_reset(&b);
    http_json_string(&b, "\xed\xa0\x80", 3); /* a UTF-16 surrogate is not UTF-8 */
    assert_string_equal(b.data, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    strbuf_fini(&b);

    const char *good[] = {"0", "-1", "1.5", "1e+300", "-0.25E-3", "123456"};
    const char *bad[] = {"", "-", "01", "1.", ".5", "NaN", "Infinity", "1e", "0x10", "+1"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_true(http_json_is_number(good[i], strlen(good[i])));
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(http_json_is_number(bad[i], strlen(bad[i])));

    assert_int_equal(http_status_for_sqlstate("42601"), 400);
    assert_int_equal(http_status_for_sqlstate("XX000"), 500);
    assert_int_equal(http_status_for_sqlstate("58030"), 500);
    assert_int_equal(http_status_for_sqlstate("53200"), 503);
    assert_int_equal(http_status_for_sqlstate("57P01"), 503);
    assert_int_equal(http_status_for_sqlstate("57014"), 400);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(g_dir)) return -1;
    OmError err;
    error_clear(&err);
    g_db = sql_database_open(g_dir, &err);
    return g_db ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sql_database_close(g_db);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auth_hook),
        cmocka_unit_test(test_port_in_use),
        cmocka_unit_test(test_json_helpers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
