/*
 * test_server_config.c — configuration resolution: defaults, config file
 * syntax, environment, flags, and the precedence flag > env > file > default.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "server/server_config.h"

/* A fake environment: NULL-terminated "NAME=value" strings. */
static const char *const *g_env;

static const char *fake_getenv(const char *name)
{
    size_t n = strlen(name);
    for (const char *const *e = g_env; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
    return NULL;
}

static char g_file[64];

static const char *write_file(const char *text)
{
    snprintf(g_file, sizeof(g_file), "/tmp/omendb-cfg-test-XXXXXX");
    int fd = mkstemp(g_file);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return g_file;
}

static int teardown(void **state)
{
    (void)state;
    if (g_file[0]) unlink(g_file);
    g_file[0] = '\0';
    g_env = NULL;
    return 0;
}

static int load(ServerConfig *cfg, int argc, char *const *argv, char *err)
{
    return server_config_load(cfg, argc, argv, fake_getenv, err, 512);
}

static void test_defaults(void **state)
{
    (void)state;
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 0, NULL, err), 0);
    assert_int_equal(cfg.port, 5433);
    assert_string_equal(cfg.listen, "127.0.0.1");
    assert_string_equal(cfg.data_dir, "./omendb-data");
    assert_true(cfg.max_connections >= 200);
    assert_int_equal(cfg.log_level, SERVER_LOG_INFO);
    assert_int_equal(cfg.max_message_size, (size_t)64 << 20);
    assert_string_equal(cfg.config_file, "");
    assert_int_equal(cfg.worker_spin_us, SERVER_DEFAULT_WORKER_SPIN_US);
}

/* worker_spin_us: auto by default, 0 turns polling off; the bound keeps a typo
 * from burning a CPU. */
static void test_worker_spin(void **state)
{
    (void)state;
    ServerConfig cfg;
    char err[512];
    char *off[] = {"--worker-spin-us", "0"};
    assert_int_equal(load(&cfg, 2, off, err), 0);
    assert_int_equal(cfg.worker_spin_us, 0);
    static const char *const env[] = {"OMENDB_WORKER_SPIN_US=200", NULL};
    g_env = env;
    assert_int_equal(load(&cfg, 0, NULL, err), 0);
    assert_int_equal(cfg.worker_spin_us, 200);
    g_env = NULL;
    char *huge[] = {"--worker-spin-us=1000000"};
    assert_int_equal(load(&cfg, 1, huge, err), -1);
    assert_non_null(strstr(err, "worker"));
    char *negative[] = {"--worker-spin-us=-5"};
    assert_int_equal(load(&cfg, 1, negative, err), -1);
    char *on[] = {"--worker-spin-us=50"};
    assert_int_equal(load(&cfg, 1, on, err), 0);
    assert_int_equal(cfg.worker_spin_us, 50);
    char *automatic[] = {"--worker-spin-us", "AUTO"};
    assert_int_equal(load(&cfg, 2, automatic, err), 0);
    assert_int_equal(cfg.worker_spin_us, SERVER_WORKER_SPIN_AUTO);
}

static void test_file_syntax(void **state)
{
    (void)state;
    const char *path = write_file("# comment line\n"
                                  "\n"
                                  "port = 6000   # trailing comment\n"
                                  "listen='0.0.0.0, ::1'\n"
                                  "DATA = \"/var/lib/omen # not a comment\"\n"
                                  "max-connections 250\n"
                                  "log_level = debug\n"
                                  "max_message_size = 8MB\n");
    char *argv[] = {"--config", (char *)path};
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 2, argv, err), 0);
    assert_int_equal(cfg.port, 6000);
    assert_string_equal(cfg.listen, "0.0.0.0, ::1");
    assert_string_equal(cfg.data_dir, "/var/lib/omen # not a comment");
    assert_int_equal(cfg.max_connections, 250);
    assert_int_equal(cfg.log_level, SERVER_LOG_DEBUG);
    assert_int_equal(cfg.max_message_size, (size_t)8 << 20);
    assert_string_equal(cfg.config_file, path);
}

static void test_precedence(void **state)
{
    (void)state;
    const char *path = write_file("port = 6001\nlisten = 10.0.0.1\ndata = /from/file\n"
                                  "max_connections = 300\n");
    static const char *const env[] = {"OMENDB_PORT=6002", "OMENDB_DATA=/from/env", NULL};
    g_env = env;
    char *argv[] = {"--config", (char *)path, "--port=6003"};
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 3, argv, err), 0);
    assert_int_equal(cfg.port, 6003);               /* flag beats env and file */
    assert_string_equal(cfg.data_dir, "/from/env"); /* env beats file */
    assert_string_equal(cfg.listen, "10.0.0.1");    /* file beats default */
    assert_int_equal(cfg.max_connections, 300);
    assert_int_equal(cfg.log_level, SERVER_LOG_INFO); /* default */

    /* Without the flag, the environment wins over the file. */
    assert_int_equal(load(&cfg, 2, argv, err), 0);
    assert_int_equal(cfg.port, 6002);
}

static void test_config_from_env(void **state)
{
    (void)state;
    const char *path = write_file("port = 6100\n");
    char var[128];
    snprintf(var, sizeof(var), "OMENDB_CONFIG=%s", path);
    const char *env[] = {var, "OMENDB_LISTEN=*", NULL};
    g_env = env;
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 0, NULL, err), 0);
    assert_int_equal(cfg.port, 6100);
    assert_string_equal(cfg.listen, "*");
}

static void test_flag_forms(void **state)
{
    (void)state;
    char *argv[] = {"-p",
                    "7001",
                    "-D/tmp/x",
                    "--listen",
                    "::",
                    "--max-connections",
                    "201",
                    "--log-level=warning",
                    "--max-message-size",
                    "2048"};
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 10, argv, err), 0);
    assert_int_equal(cfg.port, 7001);
    assert_string_equal(cfg.data_dir, "/tmp/x");
    assert_string_equal(cfg.listen, "::");
    assert_int_equal(cfg.max_connections, 201);
    assert_int_equal(cfg.log_level, SERVER_LOG_WARNING);
    assert_int_equal(cfg.max_message_size, 2048);
}

static void test_durability_settings(void **state)
{
    (void)state;
    ServerConfig cfg;
    char err[512];
    char *bare[] = {"--recover-ignore-damage", "--wal-segment-size", "1MB", "-p", "7002"};
    assert_int_equal(load(&cfg, 5, bare, err), 0);
    assert_true(cfg.recover_ignore_damage);
    assert_int_equal(cfg.wal_segment_size, 1 << 20);
    assert_int_equal(cfg.port, 7002);
    char *explicit_off[] = {"--recover-ignore-damage=off"};
    assert_int_equal(load(&cfg, 1, explicit_off, err), 0);
    assert_false(cfg.recover_ignore_damage);
    assert_int_equal(cfg.wal_segment_size, 0); /* the WAL's default */
    char *too_small[] = {"--wal-segment-size", "1kB"};
    assert_int_equal(load(&cfg, 2, too_small, err), -1);
    assert_non_null(strstr(err, "wal_segment_size"));
    const char *env[] = {"OMENDB_RECOVER_IGNORE_DAMAGE=true", NULL};
    g_env = env;
    assert_int_equal(load(&cfg, 0, NULL, err), 0);
    assert_true(cfg.recover_ignore_damage);
}

/* The HTTP API's settings (docs/http.md): defaults, all four sources, bounds. */
static void test_http_settings(void **state)
{
    (void)state;
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 0, NULL, err), 0);
    assert_int_equal(cfg.http_port, 8080);
    assert_string_equal(cfg.http_listen, "127.0.0.1");
    assert_int_equal(cfg.http_max_connections, 16);
    const char *file = write_file("http_port = 9000\nhttp_listen = '*'\n");
    const char *env[] = {"OMENDB_HTTP_MAX_CONNECTIONS=4", "OMENDB_HTTP_PORT=9100", NULL};
    g_env = env;
    char *args[] = {"--config", (char *)file, "--http-port=0"};
    assert_int_equal(load(&cfg, 3, args, err), 0);
    assert_int_equal(cfg.http_port, 0); /* flag over environment over file */
    assert_string_equal(cfg.http_listen, "*");
    assert_int_equal(cfg.http_max_connections, 4);
    g_env = NULL;
    char *bad_port[] = {"--http-port", "70000"};
    assert_int_equal(load(&cfg, 2, bad_port, err), -1);
    assert_non_null(strstr(err, "http_port"));
    char *two_addrs[] = {"--http-listen", "127.0.0.1,::1"};
    assert_int_equal(load(&cfg, 2, two_addrs, err), -1);
    char *no_conns[] = {"--http-max-connections", "0"};
    assert_int_equal(load(&cfg, 2, no_conns, err), -1);
}

static void test_errors(void **state)
{
    (void)state;
    ServerConfig cfg;
    char err[512];

    char *bad_port[] = {"--port", "70000"};
    assert_int_equal(load(&cfg, 2, bad_port, err), -1);
    assert_non_null(strstr(err, "--port"));
    assert_non_null(strstr(err, "70000"));

    char *not_number[] = {"--port=12ab"};
    assert_int_equal(load(&cfg, 1, not_number, err), -1);

    char *unknown[] = {"--bogus=1"};
    assert_int_equal(load(&cfg, 1, unknown, err), -1);
    assert_non_null(strstr(err, "unknown option"));

    char *missing_value[] = {"--data"};
    assert_int_equal(load(&cfg, 1, missing_value, err), -1);
    assert_non_null(strstr(err, "requires a value"));

    char *stray[] = {"extra"};
    assert_int_equal(load(&cfg, 1, stray, err), -1);

    char *no_file[] = {"--config", "/nonexistent/omendb.conf"};
    assert_int_equal(load(&cfg, 2, no_file, err), -1);
    assert_non_null(strstr(err, "could not open config file"));

    static const char *const env[] = {"OMENDB_MAX_CONNECTIONS=lots", NULL};
    g_env = env;
    assert_int_equal(load(&cfg, 0, NULL, err), -1);
    assert_non_null(strstr(err, "OMENDB_MAX_CONNECTIONS"));
    g_env = NULL;

    char *lvl[] = {"--log-level", "chatty"};
    assert_int_equal(load(&cfg, 2, lvl, err), -1);
}

static void test_file_errors(void **state)
{
    (void)state;
    ServerConfig cfg;
    char err[512];
    const char *path = write_file("port = 6000\nporrt = 6001\n");
    char *argv[] = {"-c", (char *)path};
    assert_int_equal(load(&cfg, 2, argv, err), -1);
    assert_non_null(strstr(err, "line 2"));
    assert_non_null(strstr(err, "porrt"));
    unlink(path);

    path = write_file("port =\n");
    argv[1] = (char *)path;
    assert_int_equal(load(&cfg, 2, argv, err), -1);
    assert_non_null(strstr(err, "line 1"));
    unlink(path);

    path = write_file("= 5\n");
    argv[1] = (char *)path;
    assert_int_equal(load(&cfg, 2, argv, err), -1);
}

static void test_postgres_names(void **state)
{
    (void)state;
    const char *path = write_file("listen_addresses = '*'\ndata_directory = /srv/omen\n");
    char *argv[] = {"--config", (char *)path};
    ServerConfig cfg;
    char err[512];
    assert_int_equal(load(&cfg, 2, argv, err), 0);
    assert_string_equal(cfg.listen, "*");
    assert_string_equal(cfg.data_dir, "/srv/omen");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_defaults, teardown),
        cmocka_unit_test_teardown(test_file_syntax, teardown),
        cmocka_unit_test_teardown(test_precedence, teardown),
        cmocka_unit_test_teardown(test_config_from_env, teardown),
        cmocka_unit_test_teardown(test_flag_forms, teardown),
        cmocka_unit_test_teardown(test_errors, teardown),
        cmocka_unit_test_teardown(test_file_errors, teardown),
        cmocka_unit_test_teardown(test_postgres_names, teardown),
        cmocka_unit_test_teardown(test_durability_settings, teardown),
        cmocka_unit_test_teardown(test_worker_spin, teardown),
        cmocka_unit_test_teardown(test_http_settings, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
