/*
 * file_io.h — the thin file layer through which WAL and checkpoint code do all
 * their I/O, with counters and a fault-injection hook for tests.
 *
 * Every call reports failure through an OmError naming the file and the system
 * error: ENOSPC and EDQUOT become 53100 (disk_full), everything else 58030
 * (io_error). The layer never retries an fsync: a failed fsync means the kernel
 * may already have dropped the dirty pages, so the caller must treat the data as
 * lost (see docs/wal.md).
 *
 * Fault injection. A test (or a real server through the environment variable
 * OMENDB_FAULT, read once at the first call into this layer) arms faults; each
 * fault watches one class of call on files whose path contains a substring and
 * fires on the nth matching call after it was armed, then for `times` calls
 * (0 = until cleared):
 *
 *   fsync_fail   fsync, fdatasync or directory fsync fails with EIO
 *   fsync_delay  the sync call sleeps delay_us first, then succeeds (a slow disk)
 *   enospc       a write fails with ENOSPC before writing anything
 *   short_write  a write stores part of its bytes (those before at_offset, or half)
 *                and then fails with ENOSPC, as a filling disk does
 *   write_eio    a write fails with EIO
 *
 * With at_offset >= 0 a write matches only if it reaches past that file offset.
 * OMENDB_FAULT syntax: faults separated by ';', each "KIND:NTH" followed by
 * optional ",times=T", ",offset=O", ",path=SUBSTRING", ",delay_us=U", e.g.
 *   OMENDB_FAULT="fsync_fail:3"  or
 * "enospc:1,times=0,path=/wal/;fsync_delay:1,times=0,delay_us=2000" A malformed OMENDB_FAULT is
 * reported on stderr and aborts the process: a typo must not let a crash test silently test
 * nothing.
 *
 * Thread-safe. The fault check costs one atomic load when nothing is armed.
 */
#ifndef OMENDB_COMMON_FILE_IO_H
#define OMENDB_COMMON_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* An open file: descriptor plus the path, kept for error messages and fault
 * matching. Created by file_open, freed by file_close. */
typedef struct OmFile OmFile;

/* Opens path with open(2) flags (O_CLOEXEC is added) and mode. Returns a handle
 * the caller owns, or NULL with err set (ENOENT gives 58P01, see file_is_enoent). */
OmFile *file_open(const char *path, int flags, int mode, OmError *err);
/* Closes and frees f (NULL is allowed). A close error is reported (unless err is
 * NULL), f is freed anyway. */
int file_close(OmFile *f, OmError *err);
/* The path given to file_open; lives as long as f. */
const char *file_path(const OmFile *f);
/* The descriptor (for fstat and the like; do not write through it). */
int file_fd(const OmFile *f);

/* Writes all len bytes at the current position / at offset off, retrying short
 * writes and EINTR. On error some prefix of the bytes may have been written. */
int file_write_all(OmFile *f, const void *buf, size_t len, OmError *err);
int file_pwrite_all(OmFile *f, const void *buf, size_t len, uint64_t off, OmError *err);
/* Reads up to len bytes at off; *n_read < len only at end of file. */
int file_pread_all(OmFile *f, void *buf, size_t len, uint64_t off, size_t *n_read, OmError *err);
/* Current size of the file. */
int file_size(OmFile *f, uint64_t *size, OmError *err);
int file_truncate(OmFile *f, uint64_t len, OmError *err);

/* fdatasync / fsync of f; fsync of a directory (makes creations, renames and
 * removals inside it durable). Never retried. */
int file_datasync(OmFile *f, OmError *err);
int file_sync(OmFile *f, OmError *err);
int file_sync_dir(const char *dir, OmError *err);

int file_rename(const char *from, const char *to, OmError *err);
int file_unlink(const char *path, OmError *err);
/* True if err was set by this layer for a file that does not exist (58P01). */
int file_is_enoent(const OmError *err);

/* --- counters (monotonic since process start or the last reset) --- */
typedef struct FileStats {
    uint64_t n_writes;     /* write and pwrite calls that reached the layer */
    uint64_t n_fdatasync;  /* file_datasync calls */
    uint64_t n_fsync;      /* file_sync calls */
    uint64_t n_dir_fsync;  /* file_sync_dir calls */
    uint64_t faults_fired; /* injected failures and delays */
} FileStats;

void file_stats_get(FileStats *out);
void file_stats_reset(void);

/* --- fault injection --- */
typedef enum {
    FILE_FAULT_FSYNC_FAIL = 1,
    FILE_FAULT_FSYNC_DELAY,
    FILE_FAULT_ENOSPC,
    FILE_FAULT_SHORT_WRITE,
    FILE_FAULT_WRITE_EIO,
} FileFaultKind;

#define FILE_FAULT_MAX      8
#define FILE_FAULT_PATH_MAX 128

typedef struct FileFault {
    FileFaultKind kind;
    uint32_t nth;      /* fire on the nth matching call after arming (1 = the next) */
    uint32_t times;    /* how many calls fail from then on; 0 = until cleared */
    int64_t at_offset; /* writes: only those reaching past this offset; -1 = any */
    uint32_t delay_us; /* FILE_FAULT_FSYNC_DELAY only */
    char path_contains[FILE_FAULT_PATH_MAX]; /* "" = every file */
} FileFault;

/* A fault with nth = 1, times = 1, at_offset = -1, no path filter. */
void file_fault_init(FileFault *fault, FileFaultKind kind);
/* Arms a fault (copied). At most FILE_FAULT_MAX are armed at once. */
int file_fault_arm(const FileFault *fault, OmError *err);
/* Parses an OMENDB_FAULT-style spec and arms every fault in it. */
int file_fault_arm_spec(const char *spec, OmError *err);
/* Disarms every fault ("space returns"). */
void file_fault_clear(void);

#endif
