/*
 * server.c — server_run(): data directory lock, listening sockets, the accept
 * loop, and the shutdown sequence (see server.h for the order of events).
 *
 * The accept loop polls the listening sockets and a signalfd. SIGINT,
 * SIGTERM and SIGHUP (logged and ignored until configuration reload exists)
 * are blocked in every thread (threads inherit the mask from this
 * one), so they are only ever consumed through the signalfd: no handler runs
 * and no code is interrupted at an unsafe point.
 *
 * Shutdown: close the listeners, ask every connection to terminate (57P01),
 * wait up to SHUTDOWN_GRACE_MS; then cut the sockets of connections still
 * alive (a client that stopped reading) and wait again. Only when every
 * session has ended is the database closed; otherwise the server exits with
 * status 1 and leaves recovery to the next start.
 */
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/http.h"
#include "server/server_int.h"
#include "wire/auth.h"
#include "wire/wire_tls.h"

#define MAX_LISTENERS     16
#define SHUTDOWN_GRACE_MS 5000
#define LISTEN_BACKLOG    1024

int server_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* Binds every address of one host ("*" = all interfaces). Returns the number
 * of sockets added to fds. */
static int bind_host(const char *host, int port, int *fds, int max_fds)
{
    struct addrinfo hints;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    struct addrinfo *res = NULL;
    int gai = getaddrinfo(strcmp(host, "*") == 0 ? NULL : host, portstr, &hints, &res);
    if (gai != 0) {
        server_log(SERVER_LOG_WARNING, "could not resolve listen address \"%s\": %s", host,
                   gai_strerror(gai));
        return 0;
    }
    int added = 0;
    for (struct addrinfo *ai = res; ai && added < max_fds; ai = ai->ai_next) {
        char addr[NI_MAXHOST] = "?";
        getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr), NULL, 0, NI_NUMERICHOST);
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            server_log(SERVER_LOG_WARNING, "could not create socket for \"%s\": %s", addr,
                       strerror(errno));
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, LISTEN_BACKLOG) != 0 ||
            server_set_nonblocking(fd) != 0) {
            server_log(SERVER_LOG_WARNING, "could not listen on %s port %d: %s", addr, port,
                       strerror(errno));
            close(fd);
            continue;
        }
        server_log(SERVER_LOG_INFO, "listening on %s port %d", addr, port);
        fds[added++] = fd;
    }
    freeaddrinfo(res);
    return added;
}

/* Binds all comma-separated hosts of `listen`. Returns the socket count. */
static int open_listeners(const ServerConfig *cfg, int *fds)
{
    char list[sizeof(cfg->listen)];
    snprintf(list, sizeof(list), "%s", cfg->listen);
    int n = 0;
    char *save = NULL;
    for (char *tok = server_list_next(list, &save); tok; tok = server_list_next(NULL, &save))
        n += bind_host(tok, cfg->port, fds + n, MAX_LISTENERS - n);
    return n;
}

char *server_list_next(char *list, char **save)
{
    for (char *tok = strtok_r(list, ",", save); tok; tok = strtok_r(NULL, ",", save)) {
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len > 0 && tok[len - 1] == ' ') tok[--len] = '\0';
        if (*tok) return tok;
    }
    return NULL;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Each connection needs a descriptor; raise the soft limit toward the hard
 * one so max_connections is not capped by a default of 1024. */
static void raise_fd_limit(int max_connections)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
    rlim_t want = (rlim_t)max_connections + SERVER_EXTRA_CONNS + 64;
    if (rl.rlim_cur >= want) return;
    rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur < want)
        server_log(SERVER_LOG_WARNING, "open file limit %llu may not allow max_connections = %d",
                   (unsigned long long)rl.rlim_cur, max_connections);
}

static void configure_client_socket(int fd)
{
    int one = 1;
    /* On a Unix-domain socket TCP_NODELAY fails with EOPNOTSUPP: harmless. */
    /* Protocol messages are already batched per ReadyForQuery; Nagle would
     * only add latency to every round trip. */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
}

/* Accepts every pending connection on a non-blocking listener. */
static void accept_pending(ConnRegistry *reg, int lfd)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            server_log(SERVER_LOG_WARNING, "could not accept a connection: %s", strerror(errno));
            /* Out of descriptors or memory: the listener stays readable, so
             * back off instead of spinning on poll(). */
            sleep_ms(100);
            return;
        }
        configure_client_socket(fd);
        conn_registry_accept(reg, fd);
    }
}

static void close_listeners(const int *lfds, int n_tcp, int n_listen)
{
    for (int i = 0; i < n_tcp; i++) close(lfds[i]);
    server_unix_sockets_close(lfds + n_tcp, n_listen - n_tcp);
}

static void recovery_log(void *ctx, const char *msg)
{
    (void)ctx;
    server_log(SERVER_LOG_INFO, "%s", msg);
}

static void engine_log(void *ctx, SqlLogLevel level, const char *msg)
{
    (void)ctx;
    ServerLogLevel l = level == SQL_LOG_ERROR     ? SERVER_LOG_ERROR
                       : level == SQL_LOG_WARNING ? SERVER_LOG_WARNING
                                                  : SERVER_LOG_INFO;
    server_log(l, "%s", msg);
}

static void http_log_hook(void *ctx, HttpLogLevel level, const char *msg)
{
    (void)ctx;
    server_log((ServerLogLevel)level, "%s", msg);
}

static void http_info_hook(void *ctx, HttpServerInfo *out)
{
    ConnRegistry *reg = ctx;
    out->connections = conn_registry_count(reg);
    out->max_connections = reg->max_connections;
}

static bool http_check_password(void *ctx, const char *user, const char *password)
{
    (void)ctx;
    return auth_check_password(user, password);
}

/* The HTTP API asks for omendb's password (Basic auth) when a PostgreSQL
 * login over TCP from where its listen address lets clients in would: only
 * loopback (the default 127.0.0.1) counts as loopback, "*" or any other
 * address as remote. */
static bool http_needs_password(const char *listen)
{
    struct in_addr a4;
    struct in6_addr a6;
    bool loopback = strcmp(listen, "localhost") == 0 ||
                    (inet_pton(AF_INET, listen, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127) ||
                    (inet_pton(AF_INET6, listen, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6));
    return auth_password_required(loopback ? AUTH_PEER_LOOPBACK : AUTH_PEER_REMOTE);
}

/* Binds the HTTP API's socket (http_port 0: none). False after logging why. */
static bool open_http(const ServerConfig *cfg, ConnRegistry *reg, HttpServer **out)
{
    *out = NULL;
    if (cfg->http_port == 0) return true;
    HttpConfig hc = {.listen = cfg->http_listen,
                     .port = cfg->http_port,
                     .max_connections = cfg->http_max_connections,
                     .server_info = http_info_hook,
                     .server_ctx = reg, /* read once serving, after conn_registry_init */
                     .log = http_log_hook};
    if (http_needs_password(cfg->http_listen)) hc.check_password = http_check_password;
    char msg[512];
    *out = http_server_open(&hc, msg, sizeof(msg));
    if (!*out) fprintf(stderr, "omendb: %s\n", msg);
    return *out != NULL;
}

int server_run(const ServerConfig *cfg)
{
    server_log_set_level(cfg->log_level);
    signal(SIGPIPE, SIG_IGN);

    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0) {
        fprintf(stderr, "omendb: could not create signalfd: %s\n", strerror(errno));
        return 1;
    }

    raise_fd_limit(cfg->max_connections);

    char msg[4608];
    int lock_fd = server_datadir_lock(cfg->data_dir, msg, sizeof(msg));
    if (lock_fd < 0) {
        fprintf(stderr, "omendb: %s\n", msg);
        close(sfd);
        return 1;
    }

    WireTls *tls = NULL; /* passwords and TLS (server_auth.c) */
    if (server_auth_start(cfg, &tls) != 0) {
        server_datadir_unlock(lock_fd);
        close(sfd);
        return 1;
    }

    /* lfds[0, n_tcp) are TCP listeners, lfds[n_tcp, n_listen) Unix-domain ones.
     * As in PostgreSQL, a server that cannot bind any TCP address does not
     * start; the Unix-domain sockets are an addition. */
    int lfds[MAX_LISTENERS];
    int n_tcp = open_listeners(cfg, lfds);
    if (n_tcp == 0) {
        fprintf(stderr, "omendb: could not listen on \"%s\" port %d\n", cfg->listen, cfg->port);
        server_datadir_unlock(lock_fd);
        close(sfd);
        return 1;
    }
    int n_listen = n_tcp + server_unix_sockets_open(cfg, lfds + n_tcp, MAX_LISTENERS - n_tcp);
    ConnRegistry reg;
    HttpServer *http = NULL;
    if (!open_http(cfg, &reg, &http)) {
        close_listeners(lfds, n_tcp, n_listen);
        server_datadir_unlock(lock_fd);
        close(sfd);
        return 1;
    }

    OmError err;
    error_clear(&err);
    Database *db = sql_database_open(cfg->data_dir, &err);
    if (!db) {
        fprintf(stderr, "omendb: could not open database in \"%s\": %s\n", cfg->data_dir,
                err.is_set ? err.message : "unknown error");
        if (err.detail[0]) fprintf(stderr, "omendb: %s\n", err.detail);
        http_server_close(http);
        close_listeners(lfds, n_tcp, n_listen);
        server_datadir_unlock(lock_fd);
        close(sfd);
        return 1;
    }

    sql_database_set_log(db, engine_log, NULL);
    server_auth_attach(db, cfg);
    SqlRecoveryOptions ropt = {.wal_segment_size = (uint32_t)cfg->wal_segment_size,
                               .ignore_damage = cfg->recover_ignore_damage,
                               .max_wal_size = cfg->max_wal_size,
                               .checkpoint_timeout_s = (uint32_t)cfg->checkpoint_timeout_s,
                               .log = recovery_log};
    if (sql_database_recover(db, &ropt, &err) != 0) {
        fprintf(stderr, "omendb: recovery failed in \"%s\": %s\n", cfg->data_dir, err.message);
        if (err.detail[0]) fprintf(stderr, "omendb: DETAIL: %s\n", err.detail);
        if (err.hint[0]) fprintf(stderr, "omendb: HINT: %s\n", err.hint);
        sql_database_close(db);
        http_server_close(http);
        close_listeners(lfds, n_tcp, n_listen);
        server_datadir_unlock(lock_fd);
        close(sfd);
        return 1;
    }

    conn_registry_init(&reg, db, cfg);
    reg.tls = tls;
    if (http) {
        if (http_server_start(http, db, msg, sizeof(msg)) != 0) {
            fprintf(stderr, "omendb: %s\n", msg);
            http_server_close(http);
            sql_database_close(db);
            close_listeners(lfds, n_tcp, n_listen);
            server_datadir_unlock(lock_fd);
            close(sfd);
            return 1;
        }
    }
    if (worker_pool_start(
            &reg, cfg->worker_threads > 0 ? cfg->worker_threads : worker_pool_default_base(),
            cfg->worker_spin_us) != 0) {
        fprintf(stderr, "omendb: could not start the worker threads: %s\n", strerror(errno));
        http_server_close(http);
        sql_database_close(db);
        close_listeners(lfds, n_tcp, n_listen);
        server_datadir_unlock(lock_fd);
        close(sfd);
        return 1;
    }
    server_log(SERVER_LOG_INFO, "%s ready to accept connections (data \"%s\")",
               SERVER_VERSION_STRING, cfg->data_dir);
    if (http)
        server_log(SERVER_LOG_INFO, "HTTP API on %s port %d (http://%s:%d/)", cfg->http_listen,
                   http_server_port(http),
                   strcmp(cfg->http_listen, "*") == 0 ? "localhost" : cfg->http_listen,
                   http_server_port(http));

    struct pollfd pfds[MAX_LISTENERS + 1];
    for (int i = 0; i < n_listen; i++) pfds[i] = (struct pollfd){.fd = lfds[i], .events = POLLIN};
    pfds[n_listen] = (struct pollfd){.fd = sfd, .events = POLLIN};
    bool running = true;
    while (running) {
        int n = poll(pfds, (nfds_t)n_listen + 1, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            server_log(SERVER_LOG_ERROR, "poll failed: %s", strerror(errno));
            break;
        }
        if (pfds[n_listen].revents & POLLIN) {
            struct signalfd_siginfo si;
            if (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
                if (si.ssi_signo == SIGHUP) {
                    server_log(SERVER_LOG_INFO, "received SIGHUP; reloading the configuration "
                                                "is not supported yet, ignored");
                } else {
                    server_log(SERVER_LOG_INFO, "received %s, shutting down",
                               si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM");
                    running = false;
                }
            }
        }
        for (int i = 0; i < n_listen && running; i++)
            if (pfds[i].revents & POLLIN) accept_pending(&reg, lfds[i]);
    }

    /* The HTTP API first: its running statements are cancelled and its
     * threads joined before any session of the database may be waited for. */
    http_server_close(http);
    close_listeners(lfds, n_tcp, n_listen);
    conn_registry_terminate_all(&reg);
    int left = conn_registry_wait(&reg, SHUTDOWN_GRACE_MS);
    if (left > 0) {
        server_log(SERVER_LOG_WARNING, "%d connection(s) did not end; closing their sockets", left);
        conn_registry_abort_all(&reg);
        left = conn_registry_wait(&reg, SHUTDOWN_GRACE_MS);
    }
    int status = 0;
    if (left > 0) {
        server_log(SERVER_LOG_ERROR,
                   "%d session(s) still running; exiting without closing the "
                   "database",
                   left);
        status = 1;
    } else {
        if (worker_pool_stop(&reg)) conn_registry_fini(&reg);
        /* A clean shutdown leaves a checkpoint at the end of the log, so the
         * next start loads files instead of replaying the log. */
        if (sql_checkpoint_run(db, "shutdown", &err) != 0)
            server_log(SERVER_LOG_WARNING, "shutdown checkpoint failed: %s", err.message);
        sql_database_close(db);
        wire_tls_destroy(tls);
    }
    server_datadir_unlock(lock_fd);
    close(sfd);
    if (status == 0) server_log(SERVER_LOG_INFO, "database system is shut down");
    return status;
}
