/*
 * server_lock.c — one data directory, one server.
 *
 * The lock is an flock(LOCK_EX | LOCK_NB) on <data>/omendb.lock held for the
 * life of the server. The kernel drops it when the process dies however it
 * dies, so a crash never leaves a stale lock behind (unlike a pid file alone).
 * The file's content — the holder's pid and a newline — is only for the
 * message the second server prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server.h"

#define LOCK_FILE_NAME "omendb.lock"

/* mkdir -p with mode 0700 for the directories it creates. */
static int make_dirs(const char *path)
{
    char buf[PATH_MAX];
    size_t len = strlen(path);
    if (len == 0 || len >= sizeof(buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, path, len + 1);
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0') continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST) return -1;
        buf[i] = saved;
    }
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

int server_datadir_lock(const char *data_dir, char *errbuf, size_t errlen)
{
    if (make_dirs(data_dir) != 0) {
        snprintf(errbuf, errlen, "could not create data directory \"%s\": %s", data_dir,
                 strerror(errno));
        return -1;
    }
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", data_dir, LOCK_FILE_NAME) >= sizeof(path)) {
        snprintf(errbuf, errlen, "data directory path too long");
        return -1;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(errbuf, errlen, "could not open lock file \"%s\": %s", path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        if (e == EWOULDBLOCK) {
            char pidbuf[32] = {0};
            ssize_t n = pread(fd, pidbuf, sizeof(pidbuf) - 1, 0);
            long pid = n > 0 ? strtol(pidbuf, NULL, 10) : 0;
            if (pid > 0)
                snprintf(errbuf, errlen,
                         "data directory \"%s\" is in use by another server (pid %ld)", data_dir,
                         pid);
            else
                snprintf(errbuf, errlen, "data directory \"%s\" is in use by another server",
                         data_dir);
        } else {
            snprintf(errbuf, errlen, "could not lock \"%s\": %s", path, strerror(e));
        }
        close(fd);
        return -1;
    }
    char pidbuf[32];
    int n = snprintf(pidbuf, sizeof(pidbuf), "%d\n", (int)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pidbuf, (size_t)n, 0) != n) {
        snprintf(errbuf, errlen, "could not write lock file \"%s\": %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

void server_datadir_unlock(int lock_fd)
{
    if (lock_fd < 0) return;
    if (ftruncate(lock_fd, 0) != 0) {
        /* Nothing to do: the lock goes away with close() regardless. */
    }
    close(lock_fd);
}
