/*
 * fuzz_parquet.c — libFuzzer harness for OmenDB's Parquet reader
 * (src/storage/parquet_reader.c and the footer, Thrift, codec and value
 * decoders under it).
 *
 * Each input is a whole file. The reader only opens paths, so the bytes are
 * written into one memfd created at start-up and opened as /proc/self/fd/N:
 * nothing touches the disk and nothing is left behind. The harness opens the
 * file and, when it opens, reads every column of every row group and its
 * statistics, as checkpoint recovery does.
 *
 * Invariants checked (any violation aborts, so libFuzzer reports it):
 *   - no crash, hang, out-of-bounds access, leak or undefined behaviour
 *     (ASan, UBSan, libFuzzer's -timeout, -rss_limit_mb and -malloc_limit_mb);
 *   - every failure is a proper error: XX001 naming the file and a byte
 *     offset, 0A000 for a feature the reader does not support, 53200 for out
 *     of memory, 22003/22008 for values a column cannot hold;
 *   - what opens is self-consistent: the group row counts add up to the
 *     file's, and every decoded chunk has a data array.
 * Inputs are independent: the harness keeps no state besides the memfd, which
 * is rewritten (truncated, then written) for every input.
 *
 * Seeds: tests/fuzz/corpus/parquet/ (seed_*: files of the engine's writer;
 * crash_*: minimized inputs of fixed bugs). Run, e.g.:
 *   build-fuzz/tests/fuzz/fuzz_parquet -max_total_time=60 -timeout=10 \
 *       -rss_limit_mb=2048 -malloc_limit_mb=1024 /tmp/fz tests/fuzz/corpus/parquet
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/error.h"
#include "storage/parquet.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int input_fd = -1;
static char input_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    input_fd = memfd_create("fuzz_parquet", MFD_CLOEXEC);
    if (input_fd < 0) {
        perror("memfd_create");
        abort();
    }
    snprintf(input_path, sizeof(input_path), "/proc/self/fd/%d", input_fd);
    return 0;
}

/* Replaces the memfd's contents with the input. */
static void put_input(const uint8_t *data, size_t size)
{
    if (ftruncate(input_fd, 0) != 0) abort();
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(input_fd, data + done, size - done, (off_t)done);
        if (n <= 0) abort();
        done += (size_t)n;
    }
}

/* An error must be one the reader's contract allows, and damage must name the
 * file and an offset. */
static void check_error(const OmError *err)
{
    const char *s = err->sqlstate;
    if (!err->is_set) {
        fprintf(stderr, "reader failed without an error\n");
        abort();
    }
    if (strcmp(s, "XX001") == 0) {
        if (!strstr(err->message, input_path) || !strstr(err->message, "offset")) {
            fprintf(stderr, "XX001 without file and offset: %s\n", err->message);
            abort();
        }
        return;
    }
    if (strcmp(s, "0A000") == 0 || strcmp(s, "53200") == 0 || strcmp(s, "22003") == 0 ||
        strcmp(s, "22008") == 0)
        return;
    fprintf(stderr, "unexpected error %s: %s\n", s, err->message);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    OmError err;
    if (input_fd < 0) LLVMFuzzerInitialize(NULL, NULL);
    put_input(data, size);
    error_clear(&err);
    ParquetReader *r = parquet_reader_open(input_path, &err);
    if (!r) {
        check_error(&err);
        return 0;
    }
    uint32_t ngroups = parquet_reader_group_count(r);
    int ncols = parquet_reader_ncols(r);
    uint64_t total = 0;
    for (uint32_t g = 0; g < ngroups; g++) total += parquet_reader_group_rows(r, g);
    if (total != parquet_reader_row_count(r)) abort();
    for (int c = 0; c < ncols; c++)
        if (!parquet_reader_column(r, c)->name) abort();
    Arena *arena = arena_create(NULL, "fuzz_parquet");
    for (uint32_t g = 0; g < ngroups; g++) {
        for (int c = 0; c < ncols; c++) {
            void *col_data = NULL;
            uint64_t *validity = NULL;
            ParquetStats stats;
            error_clear(&err);
            if (parquet_reader_read_column(r, g, c, arena, &col_data, &validity, &err) != 0)
                check_error(&err);
            else if (!col_data)
                abort();
            error_clear(&err);
            if (parquet_reader_column_stats(r, g, c, arena, &stats, &err) != 0) check_error(&err);
            arena_reset(arena);
        }
    }
    arena_destroy(arena);
    parquet_reader_close(r);
    return 0;
}
