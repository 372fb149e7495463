/*
 * wal_format.c — encoding and checking of segment headers and record headers
 * (the layout is specified in wal_format.h).
 */
#include "wal/wal_format.h"

#include <stdio.h>
#include <string.h>

#include "common/crc32c.h"

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void put_u64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint64_t get_u64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

void wal_seg_name(char *out, uint64_t seg_start)
{
    snprintf(out, WAL_SEG_NAME_LEN + 1, "%016llX", (unsigned long long)seg_start);
}

bool wal_seg_name_parse(const char *name, uint64_t *seg_start)
{
    uint64_t v = 0;
    for (int i = 0; i < WAL_SEG_NAME_LEN; i++) {
        char c = name[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return false;
        v = (v << 4) | (uint64_t)d;
    }
    if (name[WAL_SEG_NAME_LEN] != '\0') return false;
    *seg_start = v;
    return true;
}

void wal_seg_header_encode(uint8_t *out, uint64_t seg_start, uint32_t seg_size)
{
    memset(out, 0, WAL_SEG_HDR_SIZE);
    memcpy(out, WAL_SEG_MAGIC, 8);
    put_u32(out + 8, WAL_FORMAT_VERSION);
    put_u32(out + 12, seg_size);
    put_u64(out + 16, seg_start);
    put_u32(out + 28, crc32c(out, 28));
}

bool wal_seg_header_check(const uint8_t *hdr, uint64_t seg_start, uint32_t *seg_size,
                          const char **why)
{
    if (memcmp(hdr, WAL_SEG_MAGIC, 8) != 0) {
        *why = "bad magic number";
        return false;
    }
    if (get_u32(hdr + 28) != crc32c(hdr, 28)) {
        *why = "bad header checksum";
        return false;
    }
    if (get_u32(hdr + 8) != WAL_FORMAT_VERSION) {
        *why = "unsupported format version";
        return false;
    }
    uint32_t size = get_u32(hdr + 12);
    if (size < WAL_MIN_SEGMENT_SIZE || size > WAL_MAX_SEGMENT_SIZE || size % WAL_ALIGN != 0) {
        *why = "impossible segment size";
        return false;
    }
    if (get_u64(hdr + 16) != seg_start || seg_start % size != 0) {
        *why = "start position does not match the file name";
        return false;
    }
    *seg_size = size;
    return true;
}

void wal_rec_header_encode(uint8_t *out, uint32_t total_len, uint64_t lsn, uint8_t type,
                           uint8_t flags, uint32_t payload_crc)
{
    memset(out, 0, WAL_REC_HDR_SIZE);
    put_u32(out + 4, total_len);
    put_u64(out + 8, lsn);
    out[16] = type;
    out[17] = flags;
    put_u32(out, crc32c_update(payload_crc, out + 4, WAL_REC_HDR_SIZE - 4));
}

WalHdrStatus wal_rec_header_decode(const uint8_t *hdr, uint64_t lsn, uint64_t room,
                                   WalRecHeader *out, const char **why)
{
    static const uint8_t zeros[WAL_REC_HDR_SIZE];
    if (memcmp(hdr, zeros, WAL_REC_HDR_SIZE) == 0) {
        *why = "zero record header";
        return WAL_HDR_ZERO;
    }
    out->crc = get_u32(hdr);
    out->total_len = get_u32(hdr + 4);
    out->lsn = get_u64(hdr + 8);
    out->type = hdr[16];
    out->flags = hdr[17];
    if (out->total_len < WAL_REC_HDR_SIZE || out->total_len > room) {
        *why = "invalid record length";
        return WAL_HDR_GARBLED;
    }
    if (out->lsn != lsn) {
        *why = "record carries the wrong LSN";
        return WAL_HDR_GARBLED;
    }
    bool type_ok = out->type == WAL_REC_SWITCH || out->type == WAL_REC_COMMIT ||
                   out->type >= WAL_REC_CHANGE_FIRST;
    if (!type_ok) {
        *why = "invalid record type";
        return WAL_HDR_GARBLED;
    }
    for (unsigned i = 18; i < WAL_REC_HDR_SIZE; i++)
        if (hdr[i] != 0) {
            *why = "nonzero reserved header bytes";
            return WAL_HDR_GARBLED;
        }
    if ((out->type == WAL_REC_SWITCH && out->total_len != WAL_REC_HDR_SIZE) ||
        (out->type == WAL_REC_COMMIT && out->total_len != WAL_REC_HDR_SIZE + WAL_COMMIT_PAYLOAD)) {
        *why = "invalid length for the record type";
        return WAL_HDR_GARBLED;
    }
    return WAL_HDR_OK;
}

bool wal_rec_crc_ok(const uint8_t *rec, const WalRecHeader *h)
{
    uint32_t crc = crc32c(rec + WAL_REC_HDR_SIZE, h->total_len - WAL_REC_HDR_SIZE);
    crc = crc32c_update(crc, rec + 4, WAL_REC_HDR_SIZE - 4);
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    /* Fuzzing builds only (Makefile FUZZ=1): a record with a wrong checksum still
     * goes to the decoders, which must then survive any bytes. */
    (void)crc;
    return true;
#else
    return crc == h->crc;
#endif
}

void wal_commit_payload_encode(uint8_t *out, uint64_t commit_ts, uint32_t n_changes)
{
    put_u64(out, commit_ts);
    put_u32(out + 8, n_changes);
    put_u32(out + 12, 0);
}

void wal_lsn_format(char *out, uint64_t lsn)
{
    snprintf(out, 18, "%X/%08X", (unsigned)(lsn >> 32), (unsigned)lsn);
}
