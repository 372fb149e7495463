/*
 * sql_copy_file.c — the server-side file of COPY ... FROM 'file' and
 * COPY ... TO 'file'.
 *
 * Reading hands out the file in 64 KB pieces; the COPY parser already takes
 * CopyData cut at any byte, so a piece may end inside a line. Writing buffers
 * 64 KB and writes with write(2); the first failure is kept and ends the COPY.
 * The file is not fsynced, as PostgreSQL does not fsync COPY TO's file either.
 *
 * Error codes follow PostgreSQL's mapping of errno for file access: ENOENT is
 * 58P01, EACCES/EPERM/EROFS 42501, EISDIR/ENOTDIR/ENAMETOOLONG 42809, ENOSPC
 * 53100, anything else 58030.
 */
#include "sql/sql_copy_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/sqlstate.h"

#define COPY_FILE_BUF (64 * 1024)

struct CopyFile {
    int fd;
    bool writing;
    size_t used; /* bytes buffered (writing) */
    bool failed; /* a write failed (writing): failure says how */
    OmError failure;
    char *path;
    char buf[COPY_FILE_BUF];
};

static const char *errno_sqlstate(int e)
{
    switch (e) {
    case ENOENT:
        return SQLSTATE_UNDEFINED_FILE;
    case EACCES:
    case EPERM:
    case EROFS:
        return SQLSTATE_INSUFFICIENT_PRIVILEGE;
    case EISDIR:
    case ENOTDIR:
    case ENAMETOOLONG:
        return SQLSTATE_WRONG_OBJECT_TYPE;
    case ENOSPC:
    case EDQUOT:
        return SQLSTATE_DISK_FULL;
    default:
        return SQLSTATE_IO_ERROR;
    }
}

static CopyFile *open_at(const char *path, const char *shown, bool writing, OmError *err)
{
    int flags = writing ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY;
    int fd = open(path, flags | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        ERR(err, errno_sqlstate(e), "could not open file \"%s\" for %s: %s", shown,
            writing ? "writing" : "reading", strerror(e));
        if (e == ENOENT || e == EACCES)
            error_hint(err,
                       "COPY %s instructs the database server process to %s a file. You may "
                       "want a client-side facility such as psql's \\copy.",
                       writing ? "TO" : "FROM", writing ? "write" : "read");
        return NULL;
    }
    struct stat stt;
    if (fstat(fd, &stt) == 0 && S_ISDIR(stt.st_mode)) {
        close(fd);
        ERR(err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is a directory", shown);
        return NULL;
    }
    CopyFile *f = calloc(1, sizeof(*f));
    char *p = strdup(shown);
    if (!f || !p) {
        free(f);
        free(p);
        close(fd);
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    f->fd = fd;
    f->writing = writing;
    f->path = p;
    return f;
}

CopyFile *copy_file_open_read(const char *path, const char *data_dir, OmError *err)
{
    if (path[0] == '/' || !data_dir) return open_at(path, path, false, err);
    size_t n = strlen(data_dir) + strlen(path) + 2;
    char *full = malloc(n);
    if (!full) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    snprintf(full, n, "%s/%s", data_dir, path);
    CopyFile *f = open_at(full, path, false, err);
    free(full);
    return f;
}

CopyFile *copy_file_open_write(const char *path, OmError *err)
{
    if (path[0] != '/') {
        ERR(err, SQLSTATE_INVALID_NAME, "relative path not allowed for COPY to file");
        return NULL;
    }
    return open_at(path, path, true, err);
}

int copy_file_read(void *ctx, const char **data, size_t *len, OmError *err)
{
    CopyFile *f = ctx;
    for (;;) {
        ssize_t n = read(f->fd, f->buf, sizeof(f->buf));
        if (n > 0) {
            *data = f->buf;
            *len = (size_t)n;
            return 1;
        }
        if (n == 0) return 0;
        if (errno == EINTR) continue;
        int e = errno;
        ERR(err, errno_sqlstate(e), "could not read from COPY file: %s", strerror(e));
        return -1;
    }
}

/* Writes the buffer out; keeps the first error. */
static int drain(CopyFile *f)
{
    size_t off = 0;
    while (off < f->used) {
        ssize_t n = write(f->fd, f->buf + off, f->used - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int e = n < 0 ? errno : ENOSPC;
            f->failed = true;
            ERR(&f->failure, errno_sqlstate(e), "could not write to COPY file: %s", strerror(e));
            return -1;
        }
        off += (size_t)n;
    }
    f->used = 0;
    return 0;
}

int copy_file_write(void *ctx, const char *data, size_t len)
{
    CopyFile *f = ctx;
    if (f->failed) return -1;
    while (len > 0) {
        size_t room = sizeof(f->buf) - f->used;
        size_t take = len < room ? len : room;
        memcpy(f->buf + f->used, data, take);
        f->used += take;
        data += take;
        len -= take;
        if (f->used == sizeof(f->buf) && drain(f) != 0) return -1;
    }
    return 0;
}

const OmError *copy_file_error(const CopyFile *f)
{
    return f && f->failed ? &f->failure : NULL;
}

int copy_file_finish(CopyFile *f, OmError *err)
{
    if (f->used > 0 && !f->failed) drain(f);
    if (f->failed) {
        error_copy(err, &f->failure);
        return -1;
    }
    int fd = f->fd;
    f->fd = -1;
    if (close(fd) != 0) {
        int e = errno;
        ERR(err, errno_sqlstate(e), "could not close file \"%s\": %s", f->path, strerror(e));
        return -1;
    }
    return 0;
}

void copy_file_close(CopyFile *f)
{
    if (!f) return;
    if (f->fd >= 0) close(f->fd);
    free(f->path);
    free(f);
}
