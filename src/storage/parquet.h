/*
 * parquet.h — OmenDB's own Parquet writer and reader (cold tier, checkpoints).
 *
 * Files are flat (one leaf per column, no nesting), written with data pages v1,
 * PLAIN or RLE_DICTIONARY values, RLE/bit-packed definition levels for NULLs,
 * zstd (default), snappy or no compression, and min/max/null_count statistics.
 * The exact OmenDB types (OID and typmod per column) are kept in the footer's
 * key_value_metadata under "omendb.types", so our reader restores every value
 * bit for bit; other readers (DuckDB, Arrow, Spark) see standard logical types.
 * The type mapping, encodings and what the reader accepts: docs/parquet.md.
 *
 * Values are exchanged as storage holds them: per column a StorageVectorRef
 * (typed slots laid out as in catalog/types.h, a validity bitmap with bit set =
 * not NULL, or NULL for "no NULLs"). Nothing here knows SQL.
 *
 * Errors: 58030 for I/O, XX001 for a damaged or foreign file (the message names
 * the file and the byte offset), 0A000 for a valid file with features we do not
 * read, 22003/22008 for values a column cannot represent, 53200 out of memory.
 *
 * Threading: a writer or reader is used by one thread at a time.
 */
#ifndef OMENDB_STORAGE_PARQUET_H
#define OMENDB_STORAGE_PARQUET_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/types.h"
#include "common/arena.h"
#include "common/error.h"
#include "storage/storage.h"

/* One column of a file's schema. */
typedef struct ParquetColumnDef {
    const char *name; /* reader: NUL-terminated, owned by the reader */
    OmType type;
    bool nullable; /* OPTIONAL (true) or REQUIRED (false) in the file */
} ParquetColumnDef;

typedef enum ParquetCodec {
    PARQUET_CODEC_NONE = 0,
    PARQUET_CODEC_SNAPPY = 1,
    PARQUET_CODEC_ZSTD = 6, /* values are Parquet's CompressionCodec numbers */
} ParquetCodec;

typedef enum ParquetDictMode {
    PARQUET_DICT_AUTO = 0, /* dictionary when distinct values <= half the values */
    PARQUET_DICT_NEVER,
    PARQUET_DICT_ALWAYS, /* whenever the dictionary fits the limits below */
} ParquetDictMode;

typedef struct ParquetWriteOptions {
    ParquetCodec codec;        /* default PARQUET_CODEC_ZSTD */
    int zstd_level;            /* 0 = default (3) */
    uint32_t row_group_rows;   /* rows per row group; 0 = STORAGE_GROUP_ROWS */
    uint32_t page_rows;        /* rows per data page; 0 = 16,384 */
    ParquetDictMode dict_mode; /* default AUTO */
} ParquetWriteOptions;

/* Fills *opts with the defaults. */
void parquet_write_options_init(ParquetWriteOptions *opts);

/* ---- writer ---- */

typedef struct ParquetWriter ParquetWriter;

/* Creates (truncates) `path` and starts a file with `ncols` columns (names and
 * types are copied). `opts` may be NULL for the defaults. Returns the writer, or
 * NULL with the error set (58030 I/O, 0A000 unsupported type, 22023 bad schema,
 * 53200 out of memory). */
ParquetWriter *parquet_writer_open(const char *path, int ncols, const ParquetColumnDef *cols,
                                   const ParquetWriteOptions *opts, OmError *err);
/* Appends `nrows` rows: cols[c] is column c's vector (its `count` is ignored;
 * slots 0..nrows-1 are read; validity NULL = no NULLs). Any nrows is allowed;
 * a row group is finished whenever it reaches row_group_rows. A NULL in a
 * non-nullable column is 23502. Returns 0 or -1; after an error the writer is
 * poisoned: append and end_group fail (XX000), close fails and frees it, abort
 * frees it. */
int parquet_writer_append(ParquetWriter *w, const StorageVectorRef *cols, uint32_t nrows,
                          OmError *err);
/* Ends the current row group early (e.g. at a storage row-group boundary).
 * Does nothing when the group is empty. Returns 0 or -1. */
int parquet_writer_end_group(ParquetWriter *w, OmError *err);
/* Finishes the last row group, writes the footer, fsyncs and closes the file,
 * and frees the writer (also on error). Returns 0 or -1. */
int parquet_writer_close(ParquetWriter *w, OmError *err);
/* Closes and frees the writer without finishing the file (it stays truncated
 * and invalid; the caller removes it). NULL is allowed. */
void parquet_writer_abort(ParquetWriter *w);

/* ---- reader ---- */

typedef struct ParquetReader ParquetReader;

/* Decoded statistics of one column chunk, in storage's zone-map order: for
 * floats max is NaN when the chunk holds a NaN. has_minmax is false when the
 * file gives no usable bounds (all NULL, interval, numeric without typmod
 * (stored as text), floats without a NaN count). Callers still apply
 * zone_map_type_supported (e.g. char(n) has no min/max there). Long strings
 * point into the arena given to the call. */
typedef struct ParquetStats {
    bool has_null_count;
    uint64_t null_count;
    bool has_minmax;
    StoragePayload min;
    StoragePayload max;
} ParquetStats;

/* Opens `path`, reads and checks the footer and schema. Files written by other
 * tools are accepted when flat and of supported types (docs/parquet.md).
 * Returns the reader or NULL with the error set. */
ParquetReader *parquet_reader_open(const char *path, OmError *err);
/* Closes the file and frees everything the reader owns. NULL is allowed. */
void parquet_reader_close(ParquetReader *r);

int parquet_reader_ncols(const ParquetReader *r);
/* Column `col`'s definition; lives as long as the reader. */
const ParquetColumnDef *parquet_reader_column(const ParquetReader *r, int col);
uint64_t parquet_reader_row_count(const ParquetReader *r);
uint32_t parquet_reader_group_count(const ParquetReader *r);
uint64_t parquet_reader_group_rows(const ParquetReader *r, uint32_t group);

/* Decodes column `col` of row group `group` into `arena`:
 * [out] *data = group_rows slots of the column type's width (NULL rows hold
 *               zero bytes); *validity = bitmap with bit set = not NULL, or NULL
 *               when the chunk has no NULLs. Long strings point into the arena.
 * Everything lives until the arena is reset. Returns 0 or -1 (XX001 for damage,
 * 0A000 for an unsupported encoding or codec, 58030 for I/O). */
int parquet_reader_read_column(ParquetReader *r, uint32_t group, int col, Arena *arena, void **data,
                               uint64_t **validity, OmError *err);
/* The chunk's statistics as written (min/max decoded into the column type).
 * Returns 0 or -1 (XX001 when the statistics are malformed). */
int parquet_reader_column_stats(ParquetReader *r, uint32_t group, int col, Arena *arena,
                                ParquetStats *out, OmError *err);

#endif
