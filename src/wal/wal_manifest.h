/*
 * wal_manifest.h — the checkpoint manifest: which files hold the database as
 * of which log position. Recovery loads what it names and replays the log
 * from its LSN; everything in the log before that LSN may be removed once the
 * manifest is durable.
 *
 * The manifest is DATA/checkpoint/MANIFEST, a small text file (format in
 * wal_manifest.c and docs/checkpoint.md) ending with a CRC32C of everything
 * before its last line. It is replaced atomically: written to MANIFEST.tmp,
 * fsync'd, renamed over MANIFEST, and the directory fsync'd. Each named file
 * carries its size and CRC32C, which recovery checks before using it.
 *
 * Knows no SQL: a file is a table OID, a name relative to the checkpoint
 * directory, its size, checksum and row count.
 */
#ifndef OMENDB_WAL_WAL_MANIFEST_H
#define OMENDB_WAL_WAL_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

#define WAL_MANIFEST_NAME     "MANIFEST"
#define WAL_MANIFEST_NAME_MAX 96

typedef struct WalManifestFile {
    uint32_t oid; /* table OID (0 for the catalog file) */
    char name[WAL_MANIFEST_NAME_MAX];
    uint64_t size;
    uint32_t crc;
    uint64_t rows;
} WalManifestFile;

typedef struct WalManifest {
    uint64_t seq;      /* checkpoint number, 1, 2, ...; names its subdirectory */
    uint64_t lsn;      /* the checkpoint LSN: replay starts here */
    uint32_t next_oid; /* the catalog's OID counter at the checkpoint */
    WalManifestFile catalog;
    size_t nfiles;
    WalManifestFile *files; /* malloc'd; wal_manifest_fini frees it */
} WalManifest;

/* Writes `m` as dir/MANIFEST atomically (tmp, fsync, rename, fsync dir).
 * Returns 0 or -1 (58030/53100). On a failure before the rename the old
 * MANIFEST is untouched and the tmp file is removed, *replaced = false. When
 * only the directory fsync after the rename failed, *replaced = true: MANIFEST
 * is the new one now, but a crash may bring back the old one, so the files of
 * both must stay. `replaced` may be NULL. */
int wal_manifest_write(const char *dir, const WalManifest *m, bool *replaced, OmError *err);
/* Reads dir/MANIFEST into *m. Returns 1 when read, 0 when there is none (*m
 * zeroed), -1 with XX001 "invalid checkpoint manifest "<path>": <what> at
 * line N" when damaged, 58030 on I/O errors. */
int wal_manifest_read(const char *dir, WalManifest *m, OmError *err);
void wal_manifest_fini(WalManifest *m);

/* Size and CRC32C of a whole file. Returns 0 or -1 (58P01 missing, 58030). */
int wal_manifest_checksum(const char *path, uint64_t *size, uint32_t *crc, OmError *err);
/* Checks that dir/f->name exists with f's size and checksum: 0, or -1 with
 * XX001 naming the file (missing, short, or wrong checksum). */
int wal_manifest_verify(const char *dir, const WalManifestFile *f, OmError *err);

#endif
