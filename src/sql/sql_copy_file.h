/*
 * sql_copy_file.h — the server-side file behind COPY ... FROM 'file' and
 * COPY ... TO 'file' (sql_copy_file.c). The COPY statement reads and writes
 * it through the same callbacks it uses for the client's CopyData stream.
 */
#ifndef OMENDB_SQL_COPY_FILE_H
#define OMENDB_SQL_COPY_FILE_H

#include <stddef.h>

#include "common/error.h"

typedef struct CopyFile CopyFile;

/* Opens `path` for COPY FROM. A relative path is taken relative to the data
 * directory `data_dir`, as PostgreSQL takes it relative to its own. Errors as
 * PostgreSQL's: 58P01 when the file does not exist, 42501 without permission,
 * 42809 for a directory. The CopyFile is malloc'd; copy_file_close frees it. */
CopyFile *copy_file_open_read(const char *path, const char *data_dir, OmError *err);

/* Creates or truncates `path` for COPY TO; it must be absolute (42602). */
CopyFile *copy_file_open_write(const char *path, OmError *err);

/* copy_in_read's contract: 1 with the next bytes in *data and *len (valid until
 * the next call), 0 at the end of the file, -1 with err filled. */
int copy_file_read(void *ctx, const char **data, size_t *len, OmError *err);

/* Appends `len` bytes; 0 or -1 (the error is kept for copy_file_error). */
int copy_file_write(void *ctx, const char *data, size_t len);

/* The first write error, or NULL. */
const OmError *copy_file_error(const CopyFile *f);

/* After a COPY TO: writes out what is buffered and closes the file; reports
 * the first write or close failure in err. Returns 0 or -1. */
int copy_file_finish(CopyFile *f, OmError *err);

/* Closes the file if still open and frees f. NULL is a no-op. */
void copy_file_close(CopyFile *f);

#endif
