/*
 * harness.h — running a real omendb server from a C integration test.
 *
 *   OmenServer s;
 *   harness_start(&s, NULL);          free port, temp data dir, fork/exec
 *                                     `omendb serve --port P --data D
 *                                     --http-port=0` (no HTTP API), wait
 *                                     until it accepts connections
 *   PGconn *c = harness_connect(&s);  libpq session (user "test", db "omendb")
 *   ...
 *   assert_int_equal(harness_stop(&s), 0);   SIGTERM, wait, exit status,
 *                                            remove the temp dir
 *
 * The binary is $OMENDB_BIN, else <repo>/$BUILD/omendb (BUILD defaults to
 * "build"); <repo> is $REPO or the nearest directory above the working
 * directory holding src/server/main.c. Server output goes to <dir>.log
 * (harness_log() reads it). OMENDB_TEST_PORT=N makes harness_start() use an
 * already-running server on 127.0.0.1:N instead (e.g. a PostgreSQL 15, to
 * check that a test expects what PostgreSQL does); OMENDB_TEST_USER then
 * names the user. Only processes started here are ever signalled, by pid.
 */
#ifndef OMENDB_TESTS_INTEGRATION_HARNESS_H
#define OMENDB_TESTS_INTEGRATION_HARNESS_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

typedef struct OmenServer {
    pid_t pid; /* 0 when attached to an external server */
    int port;
    char dir[PATH_MAX]; /* data directory */
    char log_path[PATH_MAX + 8];
    bool external;
} OmenServer;

static inline long harness_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline void harness_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* A TCP port on 127.0.0.1 that nobody listens on right now. */
static inline int harness_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

/* Path of the omendb binary (static storage). */
static inline const char *harness_bin(void)
{
    static char path[PATH_MAX];
    const char *env = getenv("OMENDB_BIN");
    if (env && env[0]) return env;
    const char *build = getenv("BUILD");
    if (!build || !build[0]) build = "build";
    const char *repo = getenv("REPO");
    char dir[PATH_MAX];
    if (repo && repo[0]) {
        snprintf(dir, sizeof(dir), "%s", repo);
    } else if (getcwd(dir, sizeof(dir))) {
        for (;;) {
            char probe[PATH_MAX + 32];
            snprintf(probe, sizeof(probe), "%s/src/server/main.c", dir);
            if (access(probe, F_OK) == 0) break;
            char *slash = strrchr(dir, '/');
            if (!slash || slash == dir) {
                snprintf(dir, sizeof(dir), ".");
                break;
            }
            *slash = '\0';
        }
    } else {
        snprintf(dir, sizeof(dir), ".");
    }
    if (build[0] == '/')
        snprintf(path, sizeof(path), "%s/omendb", build);
    else
        snprintf(path, sizeof(path), "%.*s/%s/omendb", PATH_MAX / 2, dir, build);
    return path;
}

/* Creates a fresh temp directory name in buf (the directory exists). */
static inline int harness_mkdtemp(char *buf, size_t cap)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, cap, "%s/omendb-test-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    return mkdtemp(buf) ? 0 : -1;
}

static inline void harness_rmtree(const char *dir)
{
    if (!dir[0] || strcmp(dir, "/") == 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
        _exit(127);
    }
    if (pid > 0) waitpid(pid, NULL, 0);
}

/* fork/exec `argv` (argv[0] is a path) with extra "NAME=value" variables,
 * stdout and stderr appended to log_path. Returns the pid or -1. */
static inline pid_t harness_spawn(char *const argv[], char *const extra_env[], const char *log_path)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        dup2(fd, 1);
        dup2(fd, 2);
        close(fd);
    }
    /* no HTTP API unless a test asks (--http-port, or OMENDB_HTTP_PORT in extra_env):
     * parallel servers would collide on its default port 8080 */
    setenv("OMENDB_HTTP_PORT", "0", 0);
    for (char *const *e = extra_env; e && *e; e++) putenv(*e);
    execv(argv[0], argv);
    fprintf(stderr, "harness: cannot exec %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* Waits up to timeout_ms for pid to exit; returns 1 and fills *status, or 0. */
static inline int harness_wait_exit(pid_t pid, int timeout_ms, int *status)
{
    long end = harness_now_ms() + timeout_ms;
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid) return 1;
        if (r < 0) return 0;
        if (harness_now_ms() > end) return 0;
        harness_sleep_ms(10);
    }
}

/* True when something accepts TCP connections on 127.0.0.1:port. */
static inline bool harness_port_open(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    close(fd);
    return ok;
}

/* Waits until the server accepts connections; false if it exited or timed out. */
static inline bool harness_wait_accepting(pid_t pid, int port, int timeout_ms)
{
    long end = harness_now_ms() + timeout_ms;
    while (harness_now_ms() < end) {
        if (harness_port_open(port)) return true;
        if (pid > 0 && waitpid(pid, NULL, WNOHANG) == pid) return false;
        harness_sleep_ms(20);
    }
    return false;
}

/* Starts `omendb serve --port P --data D [extra_args...]` (extra_args is
 * NULL-terminated, may be NULL). Returns 0 or -1. */
static inline int harness_start_env(OmenServer *s, const char *const *extra_args,
                                    char *const *extra_env)
{
    memset(s, 0, sizeof(*s));
    const char *ext = getenv("OMENDB_TEST_PORT");
    if (ext && ext[0]) {
        s->external = true;
        s->port = atoi(ext);
        return harness_port_open(s->port) ? 0 : -1;
    }
    if (harness_mkdtemp(s->dir, sizeof(s->dir)) != 0) return -1;
    snprintf(s->log_path, sizeof(s->log_path), "%s.log", s->dir);
    for (int attempt = 0; attempt < 3; attempt++) {
        s->port = harness_free_port();
        char port[16];
        snprintf(port, sizeof(port), "%d", s->port);
        char data[PATH_MAX + 8];
        snprintf(data, sizeof(data), "%s/data", s->dir);
        char *argv[64];
        int n = 0;
        argv[n++] = (char *)harness_bin();
        argv[n++] = "serve";
        argv[n++] = "--port";
        argv[n++] = port;
        argv[n++] = "--data";
        argv[n++] = data;
        argv[n++] = "--http-port=0"; /* extra_args may override it */
        for (const char *const *a = extra_args; a && *a && n < 62; a++) argv[n++] = (char *)*a;
        argv[n] = NULL;
        s->pid = harness_spawn(argv, extra_env, s->log_path);
        if (s->pid < 0) break;
        if (harness_wait_accepting(s->pid, s->port, 20000)) return 0;
        int status;
        if (!harness_wait_exit(s->pid, 0, &status)) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, NULL, 0);
        }
        s->pid = 0;
    }
    harness_rmtree(s->dir);
    return -1;
}

static inline int harness_start(OmenServer *s, const char *const *extra_args)
{
    return harness_start_env(s, extra_args, NULL);
}

/* Sends `sig`, waits up to 15 s, returns the exit status (or -1 when it had
 * to be killed or died of a signal), and removes the data directory. */
static inline int harness_stop_with(OmenServer *s, int sig)
{
    if (s->external) return 0;
    int rc = -1;
    if (s->pid > 0) {
        kill(s->pid, sig);
        int status;
        if (harness_wait_exit(s->pid, 15000, &status)) {
            rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        } else {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, NULL, 0);
        }
        s->pid = 0;
    }
    if (!getenv("KEEP_TEST_DIRS")) {
        harness_rmtree(s->dir);
        unlink(s->log_path);
    }
    return rc;
}

static inline int harness_stop(OmenServer *s)
{
    return harness_stop_with(s, SIGTERM);
}

/* Reads the server's log (malloc'd, NUL-terminated; "" if none). */
static inline char *harness_read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf = NULL;
    size_t len = 0;
    if (f) {
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t)(size > 0 ? size : 0) + 1);
        len = fread(buf, 1, (size_t)(size > 0 ? size : 0), f);
        fclose(f);
    } else {
        buf = malloc(1);
    }
    buf[len] = '\0';
    return buf;
}

static inline char *harness_log(const OmenServer *s)
{
    return harness_read_file(s->log_path);
}

static inline const char *harness_user(void)
{
    const char *u = getenv("OMENDB_TEST_USER");
    return u && u[0] ? u : "test";
}

/* Opens a libpq connection (check PQstatus). */
static inline PGconn *harness_connect_port(int port, const char *extra)
{
    char conninfo[512];
    snprintf(conninfo, sizeof(conninfo),
             "host=127.0.0.1 port=%d user=%s dbname=omendb connect_timeout=10 sslmode=disable %s",
             port, harness_user(), extra ? extra : "");
    return PQconnectdb(conninfo);
}

static inline PGconn *harness_connect(const OmenServer *s)
{
    return harness_connect_port(s->port, NULL);
}

/* Runs a command and captures its stdout+stderr (malloc'd); returns exit status. */
static inline int harness_run_capture(char *const argv[], char *const extra_env[], char **output)
{
    char dir[PATH_MAX];
    if (harness_mkdtemp(dir, sizeof(dir)) != 0) return -1;
    char log[PATH_MAX + 16];
    snprintf(log, sizeof(log), "%s/out", dir);
    pid_t pid = harness_spawn(argv, extra_env, log);
    int status = 0;
    int rc = -1;
    if (pid > 0 && harness_wait_exit(pid, 20000, &status))
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    else if (pid > 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    *output = harness_read_file(log);
    harness_rmtree(dir);
    return rc;
}

#endif
