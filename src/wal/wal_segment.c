/*
 * wal_segment.c — the segment files of a WAL directory: listing them, creating one
 * (preallocated with zeros so that fdatasync of later writes need not update file
 * metadata, and made visible by an atomic rename), and zeroing a range.
 *
 * Invariant: a file named by 16 hex digits in the directory is complete — header
 * and segment_size bytes — because it is only ever created under a ".tmp" name,
 * synced, and renamed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wal/wal.h"
#include "wal/wal_int.h"

#define ZERO_CHUNK (64 * 1024)

static const uint8_t g_zeros[ZERO_CHUNK];

void wal_segment_path(char *out, const char *dir, uint64_t seg_start, bool tmp)
{
    char name[WAL_SEG_NAME_LEN + 1];
    wal_seg_name(name, seg_start);
    snprintf(out, WAL_PATH_MAX, "%s/%s%s", dir, name, tmp ? ".tmp" : "");
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int wal_segments_list(const char *dir, bool remove_tmp, uint64_t **segs, size_t *n, OmError *err)
{
    *segs = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) return 0;
        return ERR(err, SQLSTATE_IO_ERROR, "could not open directory \"%s\": %s", dir,
                   strerror(errno));
    }
    size_t cap = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d)) != NULL) {
        uint64_t start;
        size_t len = strlen(de->d_name);
        if (remove_tmp && len == WAL_SEG_NAME_LEN + 4 &&
            strcmp(de->d_name + WAL_SEG_NAME_LEN, ".tmp") == 0) {
            char path[WAL_PATH_MAX];
            snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
            if (file_unlink(path, err) != 0) {
                rc = -1;
                break;
            }
            continue;
        }
        if (!wal_seg_name_parse(de->d_name, &start)) continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            uint64_t *grown = realloc(*segs, cap * sizeof(uint64_t));
            if (!grown) {
                rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
                break;
            }
            *segs = grown;
        }
        (*segs)[(*n)++] = start;
    }
    closedir(d);
    if (rc != 0) {
        free(*segs);
        *segs = NULL;
        *n = 0;
        return -1;
    }
    if (*n > 1) qsort(*segs, *n, sizeof(uint64_t), cmp_u64);
    return 0;
}

int wal_segment_read_size(const char *dir, uint64_t seg_start, uint32_t *seg_size, OmError *err)
{
    char path[WAL_PATH_MAX];
    wal_segment_path(path, dir, seg_start, false);
    OmFile *f = file_open(path, O_RDONLY, 0, err);
    if (!f) return -1;
    uint8_t hdr[WAL_SEG_HDR_SIZE];
    size_t n_read = 0;
    int rc = file_pread_all(f, hdr, sizeof(hdr), 0, &n_read, err);
    file_close(f, err);
    if (rc != 0) return -1;
    const char *why = "file too short";
    if (n_read < sizeof(hdr) || !wal_seg_header_check(hdr, seg_start, seg_size, &why)) {
        ERR(err, SQLSTATE_DATA_CORRUPTED, "invalid header in write-ahead log segment file \"%s\"",
            path);
        error_detail(err, "The header has a %s.", why);
        return -1;
    }
    return 0;
}

int wal_segment_create(const char *dir, uint64_t seg_start, uint32_t seg_size, OmError *err)
{
    char tmp[WAL_PATH_MAX], path[WAL_PATH_MAX];
    wal_segment_path(tmp, dir, seg_start, true);
    wal_segment_path(path, dir, seg_start, false);
    OmFile *f = file_open(tmp, O_RDWR | O_CREAT | O_TRUNC, 0600, err);
    if (!f) return -1;
    uint8_t hdr[WAL_SEG_HDR_SIZE];
    wal_seg_header_encode(hdr, seg_start, seg_size);
    int rc = file_pwrite_all(f, hdr, sizeof(hdr), 0, err);
    for (uint64_t off = WAL_SEG_HDR_SIZE; rc == 0 && off < seg_size; off += ZERO_CHUNK) {
        uint64_t n = seg_size - off < ZERO_CHUNK ? seg_size - off : ZERO_CHUNK;
        rc = file_pwrite_all(f, g_zeros, (size_t)n, off, err);
    }
    if (rc == 0) rc = file_sync(f, err);
    if (file_close(f, err) != 0) rc = -1;
    if (rc == 0) rc = file_rename(tmp, path, err);
    if (rc != 0) {
        OmError ignored;
        error_clear(&ignored);
        file_unlink(tmp, &ignored);
        return -1;
    }
    return file_sync_dir(dir, err);
}

int wal_segment_zero(OmFile *f, uint64_t from, uint64_t to, OmError *err)
{
    uint8_t *buf = malloc(ZERO_CHUNK);
    if (!buf) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    bool wrote = false;
    int rc = 0;
    for (uint64_t off = from; off < to && rc == 0;) {
        size_t want = to - off < ZERO_CHUNK ? (size_t)(to - off) : ZERO_CHUNK;
        size_t n_read = 0;
        rc = file_pread_all(f, buf, want, off, &n_read, err);
        if (rc != 0) break;
        if (n_read < want) {
            /* Past the end of a short file: extend it with zeros. */
            rc = file_truncate(f, to, err);
            wrote = true;
            if (n_read == 0) break;
        }
        if (memcmp(buf, g_zeros, n_read) != 0) {
            rc = file_pwrite_all(f, g_zeros, n_read, off, err);
            wrote = true;
        }
        off += want;
    }
    free(buf);
    if (rc == 0 && wrote) rc = file_datasync(f, err);
    return rc;
}
