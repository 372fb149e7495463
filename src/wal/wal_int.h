/*
 * wal_int.h — what the writer and the reader share inside src/wal: the segment
 * directory (listing, paths, creation with preallocation, zeroing). Not for use
 * outside src/wal.
 */
#ifndef OMENDB_WAL_WAL_INT_H
#define OMENDB_WAL_WAL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "common/file_io.h"

/* Sorted start LSNs of the segment files in dir (malloc'd, caller frees; NULL
 * with *n = 0 for none). A missing directory is an empty list. With remove_tmp,
 * leftover "*.tmp" files of an interrupted segment creation are removed. */
int wal_segments_list(const char *dir, bool remove_tmp, uint64_t **segs, size_t *n, OmError *err);
/* dir + "/" + 16 hex digits (+ ".tmp" when tmp). out has WAL_PATH_MAX bytes. */
void wal_segment_path(char *out, const char *dir, uint64_t seg_start, bool tmp);
/* Reads the segment size from a segment file's header. */
int wal_segment_read_size(const char *dir, uint64_t seg_start, uint32_t *seg_size, OmError *err);
/* Creates a segment file: header, zeros up to seg_size, fsync, rename into place,
 * fsync of the directory. The file appears complete or not at all. */
int wal_segment_create(const char *dir, uint64_t seg_start, uint32_t seg_size, OmError *err);
/* Makes bytes [from, to) of an open segment file zero, writing only where they are
 * not zero already, then fdatasyncs (if anything was written). */
int wal_segment_zero(OmFile *f, uint64_t from, uint64_t to, OmError *err);

#endif
