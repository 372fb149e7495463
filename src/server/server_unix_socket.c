/*
 * server_unix_socket.c — the Unix-domain listening sockets
 * (DIR/.s.PGSQL.PORT for every directory of unix_socket_directories), which
 * is where libpq looks when no host is given (psql -p 5433, pgbench without -h).
 *
 * A socket file left behind by a server that died (kill -9) is removed before
 * binding; one that still accepts connections belongs to a live server and
 * is left alone (PostgreSQL keeps a .lock file beside it for the same
 * purpose; a probing connect() answers the question without a second file).
 * A directory that cannot hold a socket is skipped with a message; the TCP
 * listeners decide whether the server starts. The files are removed again
 * on a clean shutdown.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "server/server_int.h"

#define UNIX_LISTEN_BACKLOG 1024

/* Fills addr with DIR/.s.PGSQL.PORT; -1 when the path does not fit. */
static int socket_path(const char *dir, int port, struct sockaddr_un *addr)
{
    memset(addr, 0, sizeof(*addr));
    addr->sun_family = AF_UNIX;
    int n = snprintf(addr->sun_path, sizeof(addr->sun_path), "%s/.s.PGSQL.%d", dir, port);
    return n < 0 || (size_t)n >= sizeof(addr->sun_path) ? -1 : 0;
}

/* True when something accepts connections on the socket file. */
static bool socket_in_use(const struct sockaddr_un *addr)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    bool live = connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0 ||
                errno == EAGAIN; /* a full backlog is still a live server */
    close(fd);
    return live;
}

/* Binds one directory's socket; returns its descriptor or -1 (logged). */
static int bind_dir(const char *dir, int port)
{
    struct sockaddr_un addr;
    if (socket_path(dir, port, &addr) != 0) {
        server_log(SERVER_LOG_WARNING, "Unix-domain socket path \"%s/.s.PGSQL.%d\" is too long",
                   dir, port);
        return -1;
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        /* The default list names Debian's and upstream's directories; a
         * machine without PostgreSQL has no /var/run/postgresql. */
        server_log(SERVER_LOG_INFO, "no Unix-domain socket in \"%s\": not a directory", dir);
        return -1;
    }
    if (lstat(addr.sun_path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode) || socket_in_use(&addr)) {
            server_log(SERVER_LOG_WARNING,
                       "could not create Unix-domain socket \"%s\": %s; is another server "
                       "running on port %d?",
                       addr.sun_path,
                       S_ISSOCK(st.st_mode) ? "in use" : "a file of that name exists", port);
            return -1;
        }
        (void)unlink(addr.sun_path); /* stale: its server is gone */
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (const struct sockaddr *)&addr, sizeof(addr)) != 0 ||
        chmod(addr.sun_path, 0777) != 0 || listen(fd, UNIX_LISTEN_BACKLOG) != 0 ||
        server_set_nonblocking(fd) != 0) {
        server_log(SERVER_LOG_WARNING, "could not create Unix-domain socket \"%s\": %s",
                   addr.sun_path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            (void)unlink(addr.sun_path);
        }
        return -1;
    }
    server_log(SERVER_LOG_INFO, "listening on Unix socket \"%s\"", addr.sun_path);
    return fd;
}

int server_unix_sockets_open(const ServerConfig *cfg, int *fds, int max_fds)
{
    char list[sizeof(cfg->unix_socket_dirs)];
    snprintf(list, sizeof(list), "%s", cfg->unix_socket_dirs);
    int n = 0;
    char *save = NULL;
    for (char *tok = server_list_next(list, &save); tok && n < max_fds;
         tok = server_list_next(NULL, &save)) {
        int fd = bind_dir(tok, cfg->port);
        if (fd >= 0) fds[n++] = fd;
    }
    return n;
}

void server_unix_sockets_close(const int *fds, int n)
{
    for (int i = 0; i < n; i++) {
        struct sockaddr_un addr;
        socklen_t len = sizeof(addr);
        /* The path comes from the socket itself, so only our own file goes. */
        if (getsockname(fds[i], (struct sockaddr *)&addr, &len) == 0 && addr.sun_path[0])
            (void)unlink(addr.sun_path);
        close(fds[i]);
    }
}
