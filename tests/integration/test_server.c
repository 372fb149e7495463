/*
 * test_server.c — the omendb process: command line, configuration precedence,
 * the data directory lock, clean shutdown on SIGTERM/SIGINT, 200+ concurrent
 * connections, max_connections, the Unix-domain socket, and the worker pool
 * when every worker is blocked (a lock wait, a stalled client).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

#include <arpa/inet.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "integration/harness.h"

#define N_CONCURRENT 210

static void test_help_and_version(void **state)
{
    (void)state;
    char *out = NULL;
    char *help[] = {(char *)harness_bin(), "--help", NULL};
    assert_int_equal(harness_run_capture(help, NULL, &out), 0);
    assert_non_null(strstr(out, "omendb serve"));
    assert_non_null(strstr(out, "--port"));
    assert_non_null(strstr(out, "OMENDB_PORT"));
    free(out);

    char *version[] = {(char *)harness_bin(), "--version", NULL};
    assert_int_equal(harness_run_capture(version, NULL, &out), 0);
    assert_non_null(strstr(out, "omendb 0."));
    assert_non_null(strstr(out, "PostgreSQL 15"));
    free(out);

    char *bad[] = {(char *)harness_bin(), "serve", "--port", "notaport", NULL};
    assert_int_equal(harness_run_capture(bad, NULL, &out), 2);
    assert_non_null(strstr(out, "notaport"));
    free(out);

    char *unknown[] = {(char *)harness_bin(), "frobnicate", NULL};
    assert_int_not_equal(harness_run_capture(unknown, NULL, &out), 0);
    free(out);
}

static void assert_select_one(PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "1");
    PQclear(r);
}

static void shutdown_with(int sig)
{
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    PGconn *idle = harness_connect(&s);
    assert_int_equal(PQstatus(idle), CONNECTION_OK);
    assert_select_one(idle);

    long t0 = harness_now_ms();
    kill(s.pid, sig);
    int status;
    assert_true(harness_wait_exit(s.pid, 10000, &status));
    s.pid = 0;
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_true(harness_now_ms() - t0 < 8000);

    /* The idle session was told why it ended. */
    PGresult *r = PQexec(idle, "SELECT 1");
    assert_int_not_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_non_null(strstr(PQerrorMessage(idle), "terminating connection due to administrator"));
    PQclear(r);
    PQfinish(idle);

    char *log = harness_log(&s);
    assert_non_null(strstr(log, "shutting down"));
    free(log);
    harness_stop(&s);
}

static void test_sigterm_clean_exit(void **state)
{
    (void)state;
    shutdown_with(SIGTERM);
}

static void test_sigint_clean_exit(void **state)
{
    (void)state;
    shutdown_with(SIGINT);
}

typedef struct SleepArg {
    PGconn *conn;
    ExecStatusType status;
    char error[256];
} SleepArg;

static void *sleep_thread(void *p)
{
    SleepArg *a = p;
    PGresult *r = PQexec(a->conn, "SELECT pg_sleep(60)");
    a->status = PQresultStatus(r);
    snprintf(a->error, sizeof(a->error), "%s", PQerrorMessage(a->conn));
    PQclear(r);
    return NULL;
}

/* A session in the middle of a long statement does not hold shutdown up. */
static void test_shutdown_with_running_query(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    SleepArg arg = {.conn = harness_connect(&s)};
    assert_int_equal(PQstatus(arg.conn), CONNECTION_OK);
    pthread_t t;
    pthread_create(&t, NULL, sleep_thread, &arg);
    harness_sleep_ms(300);
    long t0 = harness_now_ms();
    assert_int_equal(harness_stop(&s), 0);
    assert_true(harness_now_ms() - t0 < 5000);
    pthread_join(t, NULL);
    assert_int_not_equal(arg.status, PGRES_TUPLES_OK);
    assert_non_null(strstr(arg.error, "terminating connection due to administrator command"));
    PQfinish(arg.conn);
}

static void test_second_server_same_data_dir(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);

    char data[PATH_MAX + 8];
    snprintf(data, sizeof(data), "%s/data", s.dir);
    char port[16];
    snprintf(port, sizeof(port), "%d", harness_free_port());
    char *argv[] = {(char *)harness_bin(), "serve", "--port", port, "--data", data, NULL};
    char *out = NULL;
    long t0 = harness_now_ms();
    int rc = harness_run_capture(argv, NULL, &out);
    assert_true(harness_now_ms() - t0 < 3000);
    assert_int_equal(rc, 1);
    char want[128];
    snprintf(want, sizeof(want), "is in use by another server (pid %d)", (int)s.pid);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, data));
    free(out);

    /* The first server is unharmed. */
    PGconn *c = harness_connect(&s);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    assert_select_one(c);
    PQfinish(c);
    assert_int_equal(harness_stop(&s), 0);
}

/* Starts omendb without --port (so file/env decide) and reports which of the
 * candidate ports it listens on. */
static int listening_port(const char *config_path, const char *env_port, const char *flag_port,
                          const int *candidates, int n_candidates)
{
    char dir[PATH_MAX];
    assert_int_equal(harness_mkdtemp(dir, sizeof(dir)), 0);
    char data[PATH_MAX + 8], log[PATH_MAX + 8];
    snprintf(data, sizeof(data), "%s/data", dir);
    snprintf(log, sizeof(log), "%s/log", dir);
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)harness_bin();
    argv[n++] = "serve";
    argv[n++] = "--data";
    argv[n++] = data;
    argv[n++] = "--config";
    argv[n++] = (char *)config_path;
    if (flag_port) {
        argv[n++] = "--port";
        argv[n++] = (char *)flag_port;
    }
    argv[n] = NULL;
    char env_var[64];
    char *env[2] = {NULL, NULL};
    if (env_port) {
        snprintf(env_var, sizeof(env_var), "OMENDB_PORT=%s", env_port);
        env[0] = env_var;
    }
    pid_t pid = harness_spawn(argv, env, log);
    assert_true(pid > 0);
    int found = -1;
    long end = harness_now_ms() + 15000;
    while (found < 0 && harness_now_ms() < end) {
        for (int i = 0; i < n_candidates; i++)
            if (harness_port_open(candidates[i])) found = candidates[i];
        if (found < 0) harness_sleep_ms(20);
    }
    /* Only one of them may listen. */
    for (int i = 0; i < n_candidates; i++)
        if (candidates[i] != found) assert_false(harness_port_open(candidates[i]));
    kill(pid, SIGTERM);
    int status;
    assert_true(harness_wait_exit(pid, 10000, &status));
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    harness_rmtree(dir);
    return found;
}

static void test_config_precedence(void **state)
{
    (void)state;
    int ports[3];
    ports[0] = harness_free_port();
    do ports[1] = harness_free_port();
    while (ports[1] == ports[0]);
    do ports[2] = harness_free_port();
    while (ports[2] == ports[0] || ports[2] == ports[1]);

    char dir[PATH_MAX];
    assert_int_equal(harness_mkdtemp(dir, sizeof(dir)), 0);
    char conf[PATH_MAX + 16];
    snprintf(conf, sizeof(conf), "%s/omendb.conf", dir);
    FILE *f = fopen(conf, "w");
    assert_non_null(f);
    fprintf(f, "# test config\nport = %d\nlisten = 127.0.0.1\n", ports[0]);
    fclose(f);

    char p1[16], p2[16];
    snprintf(p1, sizeof(p1), "%d", ports[1]);
    snprintf(p2, sizeof(p2), "%d", ports[2]);
    assert_int_equal(listening_port(conf, NULL, NULL, ports, 3), ports[0]); /* file */
    assert_int_equal(listening_port(conf, p1, NULL, ports, 3), ports[1]);   /* env > file */
    assert_int_equal(listening_port(conf, p1, p2, ports, 3), ports[2]);     /* flag > env */
    harness_rmtree(dir);
}

static void test_concurrent_connections(void **state)
{
    (void)state;
    OmenServer s;
    assert_int_equal(harness_start(&s, NULL), 0);
    static PGconn *conns[N_CONCURRENT];
    for (int i = 0; i < N_CONCURRENT; i++) {
        conns[i] = harness_connect(&s);
        if (PQstatus(conns[i]) != CONNECTION_OK)
            fail_msg("connection %d failed: %s", i, PQerrorMessage(conns[i]));
    }
    /* All sessions have a query in flight at the same time. */
    for (int i = 0; i < N_CONCURRENT; i++) {
        char sql[64];
        snprintf(sql, sizeof(sql), "SELECT %d", i);
        assert_int_equal(PQsendQuery(conns[i], sql), 1);
    }
    for (int i = 0; i < N_CONCURRENT; i++) {
        PGresult *r = PQgetResult(conns[i]);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fail_msg("query on connection %d failed: %s", i, PQerrorMessage(conns[i]));
        char want[16];
        snprintf(want, sizeof(want), "%d", i);
        assert_string_equal(PQgetvalue(r, 0, 0), want);
        PQclear(r);
        assert_null(PQgetResult(conns[i]));
    }
    /* Every session has its own backend key. */
    for (int i = 1; i < N_CONCURRENT; i++)
        assert_int_not_equal(PQbackendPID(conns[i]), PQbackendPID(conns[i - 1]));
    for (int i = 0; i < N_CONCURRENT; i++) PQfinish(conns[i]);
    assert_int_equal(harness_stop(&s), 0);
}

static void test_max_connections(void **state)
{
    (void)state;
    OmenServer s;
    const char *args[] = {"--max-connections", "3", NULL};
    assert_int_equal(harness_start(&s, args), 0);
    PGconn *c[3];
    for (int i = 0; i < 3; i++) {
        /* The readiness probe's connection may still be counted for a moment:
         * the server releases slots asynchronously. */
        for (int attempt = 0; attempt < 100; attempt++) {
            c[i] = harness_connect(&s);
            if (PQstatus(c[i]) == CONNECTION_OK) break;
            PQfinish(c[i]);
            usleep(20000);
        }
        assert_int_equal(PQstatus(c[i]), CONNECTION_OK);
    }
    PGconn *extra = harness_connect(&s);
    assert_int_equal(PQstatus(extra), CONNECTION_BAD);
    assert_non_null(strstr(PQerrorMessage(extra), "sorry, too many clients already"));
    PQfinish(extra);

    /* A freed slot is usable again (the server counts asynchronously). */
    PQfinish(c[0]);
    PGconn *again = NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        again = harness_connect(&s);
        if (PQstatus(again) == CONNECTION_OK) break;
        PQfinish(again);
        again = NULL;
        harness_sleep_ms(20);
    }
    assert_non_null(again);
    assert_select_one(again);
    PQfinish(again);
    PQfinish(c[1]);
    PQfinish(c[2]);
    assert_int_equal(harness_stop(&s), 0);
}

/* Spawns a server on PORT with its socket in SOCKDIR (and TCP on LISTEN);
 * waits until its log says it is ready. Returns the pid, or -1. */
static pid_t spawn_with_socket(const char *listen, int port, const char *sockdir, const char *dir,
                               char *log, size_t log_cap)
{
    char portstr[16], data[PATH_MAX + 8];
    snprintf(portstr, sizeof(portstr), "%d", port);
    snprintf(data, sizeof(data), "%s/data", dir);
    snprintf(log, log_cap, "%s/log", dir);
    char *argv[] = {(char *)harness_bin(),
                    "serve",
                    "--listen",
                    (char *)listen,
                    "--port",
                    portstr,
                    "--data",
                    data,
                    "--unix-socket-directories",
                    (char *)sockdir,
                    NULL};
    pid_t pid = harness_spawn(argv, NULL, log);
    for (long end = harness_now_ms() + 20000; pid > 0 && harness_now_ms() < end;) {
        char *text = harness_read_file(log);
        bool ready = strstr(text, "ready to accept connections") != NULL;
        free(text);
        if (ready) return pid;
        if (waitpid(pid, NULL, WNOHANG) == pid) return -1;
        harness_sleep_ms(20);
    }
    return -1;
}

static void assert_select_one_via_socket(const char *sockdir, int port)
{
    char extra[160]; /* mkdtemp paths are short; a socket path holds at most 107 bytes */
    assert_true(strlen(sockdir) < 100);
    snprintf(extra, sizeof(extra), "host=%.100s", sockdir); /* a later host= wins in libpq */
    PGconn *c = harness_connect_port(port, extra);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    assert_string_equal(PQhost(c), sockdir);
    assert_select_one(c);
    PQfinish(c);
}

/* libpq with host=DIR reaches the server through DIR/.s.PGSQL.PORT; a second
 * server on another address does not take over a live server's socket; the
 * file a killed server leaves behind is replaced at the next start; a clean
 * shutdown removes it. */
static void test_unix_socket(void **state)
{
    (void)state;
    char sockdir[PATH_MAX], dir1[PATH_MAX], dir2[PATH_MAX], dir3[PATH_MAX];
    assert_int_equal(harness_mkdtemp(sockdir, sizeof(sockdir)), 0);
    assert_int_equal(harness_mkdtemp(dir1, sizeof(dir1)), 0);
    assert_int_equal(harness_mkdtemp(dir2, sizeof(dir2)), 0);
    assert_int_equal(harness_mkdtemp(dir3, sizeof(dir3)), 0);
    int port = harness_free_port();
    char sock[PATH_MAX + 32], log1[PATH_MAX + 8], log2[PATH_MAX + 8], log3[PATH_MAX + 8];
    snprintf(sock, sizeof(sock), "%s/.s.PGSQL.%d", sockdir, port);
    struct stat st;

    pid_t first = spawn_with_socket("127.0.0.1", port, sockdir, dir1, log1, sizeof(log1));
    assert_true(first > 0);
    assert_int_equal(lstat(sock, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_select_one_via_socket(sockdir, port);

    pid_t second = spawn_with_socket("127.0.0.2", port, sockdir, dir2, log2, sizeof(log2));
    assert_true(second > 0);
    char *text = harness_read_file(log2);
    assert_non_null(strstr(text, "is another server running on port"));
    free(text);
    kill(second, SIGTERM);
    int status;
    assert_true(harness_wait_exit(second, 15000, &status));
    assert_select_one_via_socket(sockdir, port); /* still the first server's */

    kill(first, SIGKILL);
    assert_true(harness_wait_exit(first, 15000, &status));
    assert_int_equal(lstat(sock, &st), 0); /* left behind */

    pid_t third = spawn_with_socket("127.0.0.1", port, sockdir, dir3, log3, sizeof(log3));
    assert_true(third > 0);
    assert_select_one_via_socket(sockdir, port);
    kill(third, SIGTERM);
    assert_true(harness_wait_exit(third, 15000, &status));
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_not_equal(lstat(sock, &st), 0); /* removed on shutdown */

    harness_rmtree(dir1);
    harness_rmtree(dir2);
    harness_rmtree(dir3);
    harness_rmtree(sockdir);
}

typedef struct UpdateArg {
    PGconn *conn;
    ExecStatusType status;
} UpdateArg;

static void *update_thread(void *p)
{
    UpdateArg *a = p;
    PGresult *r = PQexec(a->conn, "UPDATE w SET v = v + 10 WHERE id = 1");
    a->status = PQresultStatus(r);
    PQclear(r);
    return NULL;
}

static void exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* One worker kept (--worker-threads 1). Connections parked between messages
 * hold no worker, but a statement that waits does: sessions waiting on a row
 * lock occupy every worker while the lock holder's COMMIT arrives, and a client
 * that stalls inside its startup packet occupies one. The watchdog must start
 * workers so that the COMMIT, and other clients, are served. */
static void test_workers_all_blocked(void **state)
{
    (void)state;
    OmenServer s;
    const char *args[] = {"--worker-threads", "1", NULL};
    assert_int_equal(harness_start(&s, args), 0);
    PGconn *a = harness_connect(&s);
    assert_int_equal(PQstatus(a), CONNECTION_OK);
    exec_ok(a, "CREATE TABLE w (id int PRIMARY KEY, v int)");
    exec_ok(a, "INSERT INTO w VALUES (1, 0)");
    exec_ok(a, "BEGIN");
    exec_ok(a, "UPDATE w SET v = v + 1 WHERE id = 1");

    enum { WAITERS = 3 };
    UpdateArg arg[WAITERS];
    pthread_t th[WAITERS];
    for (int i = 0; i < WAITERS; i++) {
        arg[i] = (UpdateArg){.conn = harness_connect(&s), .status = PGRES_FATAL_ERROR};
        assert_int_equal(PQstatus(arg[i].conn), CONNECTION_OK);
        pthread_create(&th[i], NULL, update_thread, &arg[i]);
    }
    harness_sleep_ms(300); /* every waiter is in its lock wait */

    /* A client that sends half a startup packet and stops. */
    int raw = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s.port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(raw, (struct sockaddr *)&sa, sizeof sa), 0);
    const char half[4] = {0, 0, 0, 40}; /* a length word, then nothing */
    assert_int_equal(send(raw, half, sizeof half, 0), (ssize_t)sizeof half);
    harness_sleep_ms(100);

    long t0 = harness_now_ms();
    PGconn *b = harness_connect(&s);
    assert_int_equal(PQstatus(b), CONNECTION_OK);
    exec_ok(b, "SELECT 1");
    exec_ok(a, "COMMIT");
    long took = harness_now_ms() - t0;
    if (took > 5000) fail_msg("served after %ld ms", took);
    for (int i = 0; i < WAITERS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(arg[i].status, PGRES_COMMAND_OK);
        PQfinish(arg[i].conn);
    }
    PGresult *r = PQexec(b, "SELECT v FROM w WHERE id = 1");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "31");
    PQclear(r);
    close(raw);
    PQfinish(a);
    PQfinish(b);
    assert_int_equal(harness_stop(&s), 0);
}

/* utime + stime of pid in clock ticks (fields 14 and 15 of /proc/PID/stat,
 * counted after the command name's closing parenthesis). */
static long cpu_ticks(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    assert_non_null(p);
    long utime = 0, stime = 0;
    assert_int_equal(
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld", &utime, &stime), 2);
    return utime + stime;
}

/* Idle workers poll for the next message only briefly: after a burst of
 * statements the server must go back to sleep, with a session open and idle,
 * instead of polling on. Run with --worker-spin-us at its largest value (10 ms)
 * and with the default (auto, whose trials may have turned polling on). */
static void check_idle_workers_sleep(const char *spin)
{
    OmenServer s;
    const char *args[] = {"--worker-spin-us", spin, NULL};
    assert_int_equal(harness_start(&s, args), 0);
    PGconn *c = harness_connect(&s);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    exec_ok(c, "CREATE TABLE sp (id int PRIMARY KEY, v int)");
    for (int i = 0; i < 200; i++) {
        char sql[96];
        snprintf(sql, sizeof sql, "INSERT INTO sp VALUES (%d, %d)", i, i * 2);
        exec_ok(c, sql);
    }
    for (int i = 0; i < 2000; i++) exec_ok(c, "SELECT v FROM sp WHERE id = 7");
    PGresult *r = PQexec(c, "SELECT count(*), sum(v) FROM sp");
    assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
    assert_string_equal(PQgetvalue(r, 0, 0), "200");
    assert_string_equal(PQgetvalue(r, 0, 1), "39800");
    PQclear(r);
    harness_sleep_ms(100);
    long hz = sysconf(_SC_CLK_TCK);
    long t0 = cpu_ticks(s.pid);
    harness_sleep_ms(1500);
    long used_ms = (cpu_ticks(s.pid) - t0) * 1000 / hz;
    if (used_ms > 300)
        fail_msg("an idle server (worker_spin_us %s) used %ld ms of CPU in 1.5 s", spin, used_ms);
    exec_ok(c, "SELECT 1");
    PQfinish(c);
    assert_int_equal(harness_stop(&s), 0);
}

static void test_idle_workers_sleep(void **state)
{
    (void)state;
    check_idle_workers_sleep("10000");
    check_idle_workers_sleep("auto");
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_sigterm_clean_exit),
        cmocka_unit_test(test_sigint_clean_exit),
        cmocka_unit_test(test_shutdown_with_running_query),
        cmocka_unit_test(test_second_server_same_data_dir),
        cmocka_unit_test(test_config_precedence),
        cmocka_unit_test(test_concurrent_connections),
        cmocka_unit_test(test_max_connections),
        cmocka_unit_test(test_unix_socket),
        cmocka_unit_test(test_workers_all_blocked),
        cmocka_unit_test(test_idle_workers_sleep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
