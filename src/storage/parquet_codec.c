/*
 * parquet_codec.c — page compression: Parquet codecs UNCOMPRESSED, SNAPPY
 * (libsnappy, raw block format) and ZSTD (libzstd, one frame per page).
 * A page header records both sizes, so decompression must produce exactly the
 * uncompressed size; anything else is damage.
 */
#include <string.h>

#include <snappy-c.h>
#include <zstd.h>

#include "storage/parquet_int.h"

int pq_compress(ParquetCodec codec, int level, const uint8_t *src, size_t n, PqBuf *out,
                OmError *err)
{
    if (codec == PARQUET_CODEC_NONE) {
        pq_buf_put(out, src, n);
    } else if (codec == PARQUET_CODEC_ZSTD) {
        size_t bound = ZSTD_compressBound(n);
        uint8_t *dst = pq_buf_reserve(out, bound);
        if (!dst) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        size_t got = ZSTD_compress(dst, bound, src, n, level ? level : 3);
        if (ZSTD_isError(got))
            return ERR(err, SQLSTATE_INTERNAL_ERROR, "zstd compression failed: %s",
                       ZSTD_getErrorName(got));
        out->len += got;
    } else if (codec == PARQUET_CODEC_SNAPPY) {
        size_t bound = snappy_max_compressed_length(n);
        uint8_t *dst = pq_buf_reserve(out, bound);
        if (!dst) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        size_t got = bound;
        if (snappy_compress((const char *)src, n, (char *)dst, &got) != SNAPPY_OK)
            return ERR(err, SQLSTATE_INTERNAL_ERROR, "snappy compression failed");
        out->len += got;
    } else {
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "unsupported Parquet codec %d", (int)codec);
    }
    if (out->oom) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    return 0;
}

int pq_decompress_check(int codec, const uint8_t *src, size_t n, size_t out_len)
{
    if (codec == PARQUET_CODEC_NONE) return n == out_len ? 0 : -1;
    if (codec == PARQUET_CODEC_ZSTD) {
        /* A zstd block takes at least 4 bytes (3-byte header, 1 byte of an RLE
         * block) and yields at most ZSTD_BLOCKSIZE_MAX bytes: a page claiming
         * more is damaged, whatever its frame header says. */
        if ((uint64_t)out_len > (uint64_t)n / 4 * ZSTD_BLOCKSIZE_MAX) return -1;
        unsigned long long size = ZSTD_getFrameContentSize(src, n);
        if (size == ZSTD_CONTENTSIZE_ERROR) return -1;
        if (size == ZSTD_CONTENTSIZE_UNKNOWN) return 0;
        return size == out_len ? 0 : -1;
    }
    if (codec == PARQUET_CODEC_SNAPPY) {
        /* The length is a bare varint: validate the whole stream (no output is
         * written) so a few bytes cannot claim a huge page. */
        size_t len;
        if (snappy_uncompressed_length((const char *)src, n, &len) != SNAPPY_OK) return -1;
        if (len != out_len) return -1;
        return snappy_validate_compressed_buffer((const char *)src, n) == SNAPPY_OK ? 0 : -1;
    }
    return -2;
}

int pq_decompress(int codec, const uint8_t *src, size_t n, uint8_t *out, size_t out_len,
                  const char **what)
{
    if (codec == PARQUET_CODEC_NONE) {
        if (n != out_len) {
            *what = "page sizes disagree";
            return -1;
        }
        if (n) memcpy(out, src, n);
        return 0;
    }
    if (codec == PARQUET_CODEC_ZSTD) {
        size_t got = ZSTD_decompress(out, out_len, src, n);
        if (ZSTD_isError(got) || got != out_len) {
            *what = "bad zstd page";
            return -1;
        }
        return 0;
    }
    if (codec == PARQUET_CODEC_SNAPPY) {
        size_t len;
        if (snappy_uncompressed_length((const char *)src, n, &len) != SNAPPY_OK || len != out_len) {
            *what = "bad snappy page";
            return -1;
        }
        if (snappy_validate_compressed_buffer((const char *)src, n) != SNAPPY_OK ||
            snappy_uncompress((const char *)src, n, (char *)out, &len) != SNAPPY_OK ||
            len != out_len) {
            *what = "bad snappy page";
            return -1;
        }
        return 0;
    }
    return -2;
}
