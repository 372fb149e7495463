/*
 * wal_format.h — the on-disk format of the write-ahead log. This header is the
 * specification; wal_format.c only encodes and checks it. All integers are
 * little-endian.
 *
 * LSNs. An LSN is a 64-bit byte position in the endless log stream. Segment files
 * cut that stream into pieces of segment_size bytes (a multiple of 8, fixed for a
 * data directory and recorded in every segment header); the file holding LSN x is
 * DATA/wal/<16 upper-case hex digits of x - x % segment_size>. LSNs are positions
 * *in the files*, so a segment's own header occupies LSNs too.
 *
 * Segment header (32 bytes, at offset 0 of every segment file):
 *
 *   off size field
 *     0    8 magic "OMENWAL\0"
 *     8    4 format version (1)
 *    12    4 segment size in bytes
 *    16    8 LSN of the segment's first byte (equals the file name)
 *    24    4 reserved, 0
 *    28    4 CRC32C of bytes 0..27
 *
 * Record (at every 8-byte-aligned position from offset 32 on):
 *
 *   off size field
 *     0    4 CRC32C, computed over the payload first and then header bytes 4..23
 *     4    4 total length = 24 + payload length
 *     8    8 LSN of this record (its own position; stale bytes never pass as new)
 *    16    1 type (WAL_REC_*)
 *    17    1 flags (caller-defined for change records; 0 for COMMIT and SWITCH)
 *    18    6 reserved, 0
 *    24    n payload: opaque bytes for change records; see below for COMMIT
 *
 * The next record starts at the next multiple of 8; padding bytes are zero. A
 * record never spans segments: when one does not fit in the rest of a segment, a
 * SWITCH record (header only) is written if 24 bytes remain, and the log continues
 * at the next segment's first record. Fewer than 24 remaining bytes need no SWITCH.
 * Unwritten space is zero (segments are preallocated with zeros), so an all-zero
 * header is the end of the log.
 *
 * Transactions. The log is redo-only. One commit is a batch, written contiguously:
 * its change records (types >= WAL_REC_CHANGE_FIRST) and then one COMMIT record,
 * whose 16-byte payload is: u64 commit timestamp, u32 number of change records in
 * the batch, u32 reserved 0. Change records not followed by their COMMIT belong to
 * a transaction that never committed; replay ignores them.
 */
#ifndef OMENDB_WAL_WAL_FORMAT_H
#define OMENDB_WAL_WAL_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WAL_SEG_HDR_SIZE     32u
#define WAL_REC_HDR_SIZE     24u
#define WAL_ALIGN            8u
#define WAL_FORMAT_VERSION   1u
#define WAL_SEG_MAGIC        "OMENWAL" /* 7 characters and the NUL */
#define WAL_COMMIT_PAYLOAD   16u
#define WAL_SEG_NAME_LEN     16 /* hex digits */
#define WAL_MIN_SEGMENT_SIZE 1024u
#define WAL_MAX_SEGMENT_SIZE (1u << 30)

/* Record types. 0 never appears in a valid record; 3..15 are reserved. */
#define WAL_REC_SWITCH       1  /* the rest of this segment is unused */
#define WAL_REC_COMMIT       2  /* ends a batch; payload described above */
#define WAL_REC_CHANGE_FIRST 16 /* change records: 16..255, payload opaque to the WAL */
#define WAL_REC_INSERT       16
#define WAL_REC_UPDATE       17
#define WAL_REC_DELETE       18
#define WAL_REC_DDL          19
#define WAL_REC_SEQUENCE     20 /* a sequence's state (sql_wal.c, docs/wal.md) */

typedef struct WalRecHeader {
    uint32_t crc;
    uint32_t total_len;
    uint64_t lsn;
    uint8_t type;
    uint8_t flags;
} WalRecHeader;

static inline uint64_t wal_align_up(uint64_t n)
{
    return (n + WAL_ALIGN - 1) & ~(uint64_t)(WAL_ALIGN - 1);
}

/* Segment names: 16 hex digits of the start LSN. out has room for 17 bytes. */
void wal_seg_name(char *out, uint64_t seg_start);
/* Parses a directory entry name; false for anything but exactly 16 hex digits. */
bool wal_seg_name_parse(const char *name, uint64_t *seg_start);

void wal_seg_header_encode(uint8_t *out, uint64_t seg_start, uint32_t seg_size);
/* Checks a segment header; on failure returns false and points *why at a reason. */
bool wal_seg_header_check(const uint8_t *hdr, uint64_t seg_start, uint32_t *seg_size,
                          const char **why);

/* Encodes a record header; payload_crc is crc32c(payload) (0 for no payload). */
void wal_rec_header_encode(uint8_t *out, uint32_t total_len, uint64_t lsn, uint8_t type,
                           uint8_t flags, uint32_t payload_crc);

typedef enum {
    WAL_HDR_OK = 0,
    WAL_HDR_ZERO,    /* all 24 bytes zero: unwritten space */
    WAL_HDR_GARBLED, /* impossible length, type, reserved bytes or LSN */
} WalHdrStatus;

/* Decodes the header at hdr, expected at LSN lsn with at most room bytes left in
 * its segment. Does not check the CRC (that needs the payload). */
WalHdrStatus wal_rec_header_decode(const uint8_t *hdr, uint64_t lsn, uint64_t room,
                                   WalRecHeader *out, const char **why);
/* True if the CRC stored in rec (header + payload, h->total_len bytes) matches. */
bool wal_rec_crc_ok(const uint8_t *rec, const WalRecHeader *h);

/* COMMIT payload. */
void wal_commit_payload_encode(uint8_t *out, uint64_t commit_ts, uint32_t n_changes);

/* "HI/LO" as PostgreSQL prints LSNs; out has room for 18 bytes. */
void wal_lsn_format(char *out, uint64_t lsn);

#endif
