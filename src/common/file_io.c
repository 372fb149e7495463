/*
 * file_io.c — the file layer (contract in file_io.h): thin wrappers over POSIX
 * calls that turn errno into an OmError, count calls, and consult the armed
 * faults before touching the disk.
 *
 * Faults live in a small array under a mutex; g_n_armed lets the common case skip
 * the lock. A fault counts the calls that match it (kind, path, offset) and fires
 * once its count reaches nth, for `times` calls.
 */
#include "common/file_io.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct OmFile {
    int fd;
    char path[]; /* NUL-terminated */
};

typedef struct ArmedFault {
    FileFault spec;
    uint64_t n_matched;
    uint64_t n_fired;
} ArmedFault;

static pthread_mutex_t g_fault_mu = PTHREAD_MUTEX_INITIALIZER;
static ArmedFault g_faults[FILE_FAULT_MAX];
static atomic_int g_n_armed;
static pthread_once_t g_env_once = PTHREAD_ONCE_INIT;

static atomic_uint_fast64_t g_n_writes, g_n_fdatasync, g_n_fsync, g_n_dir_fsync, g_faults_fired;

/* --- errors --- */

static int io_error(OmError *err, int errnum, const char *what, const char *path)
{
    const char *state = SQLSTATE_IO_ERROR;
    if (errnum == ENOSPC || errnum == EDQUOT) state = SQLSTATE_DISK_FULL;
    if (errnum == ENOENT) state = SQLSTATE_UNDEFINED_FILE;
    return ERR(err, state, "could not %s \"%s\": %s", what, path, strerror(errnum));
}

int file_is_enoent(const OmError *err)
{
    return err->is_set && strcmp(err->sqlstate, SQLSTATE_UNDEFINED_FILE) == 0;
}

/* --- faults --- */

static void load_env_faults(void)
{
    const char *spec = getenv("OMENDB_FAULT");
    if (spec == NULL || spec[0] == '\0') return;
    OmError err;
    error_clear(&err);
    if (file_fault_arm_spec(spec, &err) != 0) {
        fprintf(stderr, "omendb: invalid OMENDB_FAULT \"%s\": %s\n", spec, err.message);
        abort();
    }
}

static void ensure_env(void)
{
    pthread_once(&g_env_once, load_env_faults);
}

typedef enum { CALL_SYNC, CALL_WRITE } CallClass;

static bool fault_is_class(FileFaultKind kind, CallClass cls)
{
    if (kind == FILE_FAULT_FSYNC_FAIL || kind == FILE_FAULT_FSYNC_DELAY) return cls == CALL_SYNC;
    return cls == CALL_WRITE;
}

/* Looks for a fault that fires on this call; copies it into *out. Write calls pass
 * their file range [off, off + len). */
static bool fault_check(CallClass cls, const char *path, uint64_t off, size_t len, FileFault *out)
{
    ensure_env();
    if (atomic_load_explicit(&g_n_armed, memory_order_acquire) == 0) return false;
    bool fired = false;
    pthread_mutex_lock(&g_fault_mu);
    for (int i = 0; i < FILE_FAULT_MAX && !fired; i++) {
        ArmedFault *af = &g_faults[i];
        if (af->spec.kind == 0 || !fault_is_class(af->spec.kind, cls)) continue;
        if (af->spec.path_contains[0] && !strstr(path, af->spec.path_contains)) continue;
        if (cls == CALL_WRITE && af->spec.at_offset >= 0 &&
            off + len <= (uint64_t)af->spec.at_offset)
            continue;
        af->n_matched++;
        if (af->n_matched < af->spec.nth) continue;
        if (af->spec.times != 0 && af->n_fired >= af->spec.times) continue;
        af->n_fired++;
        *out = af->spec;
        fired = true;
    }
    pthread_mutex_unlock(&g_fault_mu);
    if (fired) atomic_fetch_add(&g_faults_fired, 1);
    return fired;
}

void file_fault_init(FileFault *fault, FileFaultKind kind)
{
    memset(fault, 0, sizeof(*fault));
    fault->kind = kind;
    fault->nth = 1;
    fault->times = 1;
    fault->at_offset = -1;
}

int file_fault_arm(const FileFault *fault, OmError *err)
{
    if (fault->kind < FILE_FAULT_FSYNC_FAIL || fault->kind > FILE_FAULT_WRITE_EIO)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "unknown fault kind %d",
                   (int)fault->kind);
    int rc = -1;
    pthread_mutex_lock(&g_fault_mu);
    for (int i = 0; i < FILE_FAULT_MAX; i++) {
        if (g_faults[i].spec.kind != 0) continue;
        g_faults[i].spec = *fault;
        g_faults[i].spec.path_contains[FILE_FAULT_PATH_MAX - 1] = '\0';
        if (g_faults[i].spec.nth == 0) g_faults[i].spec.nth = 1;
        g_faults[i].n_matched = g_faults[i].n_fired = 0;
        atomic_fetch_add(&g_n_armed, 1);
        rc = 0;
        break;
    }
    pthread_mutex_unlock(&g_fault_mu);
    if (rc != 0)
        return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "at most %d faults can be armed",
                   FILE_FAULT_MAX);
    return 0;
}

void file_fault_clear(void)
{
    ensure_env(); /* so that a later first call does not re-arm the environment's faults */
    pthread_mutex_lock(&g_fault_mu);
    memset(g_faults, 0, sizeof(g_faults));
    atomic_store(&g_n_armed, 0);
    pthread_mutex_unlock(&g_fault_mu);
}

static int parse_u64(const char *s, size_t n, uint64_t *out)
{
    if (n == 0 || n > 19) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

static const struct {
    const char *name;
    FileFaultKind kind;
} g_kind_names[] = {
    {"fsync_fail", FILE_FAULT_FSYNC_FAIL}, {"fsync_delay", FILE_FAULT_FSYNC_DELAY},
    {"enospc", FILE_FAULT_ENOSPC},         {"short_write", FILE_FAULT_SHORT_WRITE},
    {"write_eio", FILE_FAULT_WRITE_EIO},
};

/* Parses one "KIND:NTH[,key=value]..." item of length n. */
static int parse_one(const char *item, size_t n, FileFault *f, OmError *err)
{
    const char *colon = memchr(item, ':', n);
    size_t name_len = colon ? (size_t)(colon - item) : n;
    FileFaultKind kind = 0;
    for (size_t i = 0; i < sizeof(g_kind_names) / sizeof(g_kind_names[0]); i++)
        if (strlen(g_kind_names[i].name) == name_len &&
            memcmp(g_kind_names[i].name, item, name_len) == 0)
            kind = g_kind_names[i].kind;
    if (kind == 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "unknown fault kind \"%.*s\"",
                   (int)name_len, item);
    file_fault_init(f, kind);
    if (!colon) return 0;
    const char *p = colon + 1, *end = item + n;
    const char *comma = memchr(p, ',', (size_t)(end - p));
    const char *nth_end = comma ? comma : end;
    uint64_t v;
    if (parse_u64(p, (size_t)(nth_end - p), &v) != 0 || v == 0 || v > UINT32_MAX)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "fault count must be a positive integer");
    f->nth = (uint32_t)v;
    p = nth_end;
    while (p < end) {
        p++; /* the comma */
        comma = memchr(p, ',', (size_t)(end - p));
        const char *opt_end = comma ? comma : end;
        const char *eq = memchr(p, '=', (size_t)(opt_end - p));
        if (!eq) return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "fault option without '='");
        size_t key_len = (size_t)(eq - p), val_len = (size_t)(opt_end - eq - 1);
        const char *val = eq + 1;
        if (key_len == 4 && memcmp(p, "path", 4) == 0) {
            if (val_len >= FILE_FAULT_PATH_MAX)
                return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "fault path too long");
            memcpy(f->path_contains, val, val_len);
            f->path_contains[val_len] = '\0';
        } else if (parse_u64(val, val_len, &v) != 0 || v > UINT32_MAX) {
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "bad value for fault option \"%.*s\"",
                       (int)key_len, p);
        } else if (key_len == 5 && memcmp(p, "times", 5) == 0) {
            f->times = (uint32_t)v;
        } else if (key_len == 6 && memcmp(p, "offset", 6) == 0) {
            f->at_offset = (int64_t)v;
        } else if (key_len == 8 && memcmp(p, "delay_us", 8) == 0) {
            f->delay_us = (uint32_t)v;
        } else {
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "unknown fault option \"%.*s\"",
                       (int)key_len, p);
        }
        p = opt_end;
    }
    return 0;
}

int file_fault_arm_spec(const char *spec, OmError *err)
{
    const char *p = spec;
    while (*p) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        if (n > 0) {
            FileFault f;
            if (parse_one(p, n, &f, err) != 0 || file_fault_arm(&f, err) != 0) return -1;
        }
        p += n;
        if (*p == ';') p++;
    }
    return 0;
}

/* --- counters --- */

void file_stats_get(FileStats *out)
{
    out->n_writes = atomic_load(&g_n_writes);
    out->n_fdatasync = atomic_load(&g_n_fdatasync);
    out->n_fsync = atomic_load(&g_n_fsync);
    out->n_dir_fsync = atomic_load(&g_n_dir_fsync);
    out->faults_fired = atomic_load(&g_faults_fired);
}

void file_stats_reset(void)
{
    atomic_store(&g_n_writes, 0);
    atomic_store(&g_n_fdatasync, 0);
    atomic_store(&g_n_fsync, 0);
    atomic_store(&g_n_dir_fsync, 0);
    atomic_store(&g_faults_fired, 0);
}

/* --- files --- */

OmFile *file_open(const char *path, int flags, int mode, OmError *err)
{
    ensure_env();
    size_t n = strlen(path);
    OmFile *f = malloc(sizeof(*f) + n + 1);
    if (!f) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    memcpy(f->path, path, n + 1);
    do {
        f->fd = open(path, flags | O_CLOEXEC, mode);
    } while (f->fd < 0 && errno == EINTR);
    if (f->fd < 0) {
        io_error(err, errno, "open file", path);
        free(f);
        return NULL;
    }
    return f;
}

int file_close(OmFile *f, OmError *err)
{
    if (!f) return 0;
    int rc = close(f->fd);
    int saved = errno;
    if (rc != 0 && saved != EINTR && err) io_error(err, saved, "close file", f->path);
    free(f);
    return rc != 0 && saved != EINTR ? -1 : 0;
}

const char *file_path(const OmFile *f)
{
    return f->path;
}

int file_fd(const OmFile *f)
{
    return f->fd;
}

/* Writes at off (or at the current position when use_off is false). */
static int write_impl(OmFile *f, const uint8_t *buf, size_t len, bool use_off, uint64_t off,
                      OmError *err)
{
    atomic_fetch_add(&g_n_writes, 1);
    if (!use_off) {
        off_t cur = lseek(f->fd, 0, SEEK_CUR);
        if (cur < 0) return io_error(err, errno, "seek in file", f->path);
        off = (uint64_t)cur;
    }
    FileFault fault;
    if (fault_check(CALL_WRITE, f->path, off, len, &fault)) {
        if (fault.kind == FILE_FAULT_WRITE_EIO) return io_error(err, EIO, "write to file", f->path);
        size_t keep = 0;
        if (fault.kind == FILE_FAULT_SHORT_WRITE)
            keep = fault.at_offset >= 0 && (uint64_t)fault.at_offset > off
                       ? (size_t)((uint64_t)fault.at_offset - off)
                       : len / 2;
        if (keep > 0 && write_impl(f, buf, keep, true, off, err) != 0) return -1;
        if (!use_off && lseek(f->fd, (off_t)(off + keep), SEEK_SET) < 0)
            return io_error(err, errno, "seek in file", f->path);
        return io_error(err, ENOSPC, "write to file", f->path);
    }
    size_t done = 0;
    while (done < len) {
        ssize_t n = pwrite(f->fd, buf + done, len - done, (off_t)(off + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error(err, errno, "write to file", f->path);
        }
        if (n == 0) return io_error(err, ENOSPC, "write to file", f->path);
        done += (size_t)n;
    }
    if (!use_off && lseek(f->fd, (off_t)(off + len), SEEK_SET) < 0)
        return io_error(err, errno, "seek in file", f->path);
    return 0;
}

int file_write_all(OmFile *f, const void *buf, size_t len, OmError *err)
{
    return write_impl(f, buf, len, false, 0, err);
}

int file_pwrite_all(OmFile *f, const void *buf, size_t len, uint64_t off, OmError *err)
{
    return write_impl(f, buf, len, true, off, err);
}

int file_pread_all(OmFile *f, void *buf, size_t len, uint64_t off, size_t *n_read, OmError *err)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = pread(f->fd, (uint8_t *)buf + done, len - done, (off_t)(off + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return io_error(err, errno, "read file", f->path);
        }
        if (n == 0) break;
        done += (size_t)n;
    }
    *n_read = done;
    return 0;
}

int file_size(OmFile *f, uint64_t *size, OmError *err)
{
    struct stat st;
    if (fstat(f->fd, &st) != 0) return io_error(err, errno, "stat file", f->path);
    *size = (uint64_t)st.st_size;
    return 0;
}

int file_truncate(OmFile *f, uint64_t len, OmError *err)
{
    int rc;
    do {
        rc = ftruncate(f->fd, (off_t)len);
    } while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : io_error(err, errno, "truncate file", f->path);
}

/* A sync call: consults faults, then runs fn. */
static int sync_impl(int fd, const char *path, bool data_only, OmError *err)
{
    FileFault fault;
    if (fault_check(CALL_SYNC, path, 0, 0, &fault)) {
        if (fault.kind == FILE_FAULT_FSYNC_FAIL) return io_error(err, EIO, "fsync file", path);
        struct timespec ts = {.tv_sec = fault.delay_us / 1000000,
                              .tv_nsec = (long)(fault.delay_us % 1000000) * 1000};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
        }
    }
    int rc = data_only ? fdatasync(fd) : fsync(fd);
    return rc == 0 ? 0 : io_error(err, errno, "fsync file", path);
}

int file_datasync(OmFile *f, OmError *err)
{
    atomic_fetch_add(&g_n_fdatasync, 1);
    return sync_impl(f->fd, f->path, true, err);
}

int file_sync(OmFile *f, OmError *err)
{
    atomic_fetch_add(&g_n_fsync, 1);
    return sync_impl(f->fd, f->path, false, err);
}

int file_sync_dir(const char *dir, OmError *err)
{
    atomic_fetch_add(&g_n_dir_fsync, 1);
    OmFile *f = file_open(dir, O_RDONLY | O_DIRECTORY, 0, err);
    if (!f) return -1;
    int rc = sync_impl(f->fd, f->path, false, err);
    OmError ignored;
    error_clear(&ignored);
    file_close(f, &ignored);
    return rc;
}

int file_rename(const char *from, const char *to, OmError *err)
{
    ensure_env();
    if (rename(from, to) != 0) {
        int saved = errno;
        ERR(err, saved == ENOSPC ? SQLSTATE_DISK_FULL : SQLSTATE_IO_ERROR,
            "could not rename file \"%s\" to \"%s\": %s", from, to, strerror(saved));
        return -1;
    }
    return 0;
}

int file_unlink(const char *path, OmError *err)
{
    if (unlink(path) != 0) return io_error(err, errno, "remove file", path);
    return 0;
}
