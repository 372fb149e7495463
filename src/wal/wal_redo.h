/*
 * wal_redo.h — the payloads of OmenDB's change records: a logical redo of a
 * transaction's row changes and of DDL, as the SQL layer writes them at commit
 * (src/sql/sql_wal.c) and replays them at recovery (src/sql/sql_recovery.c).
 * The WAL itself treats these payloads as opaque bytes; this is the only file
 * of src/wal that knows value layouts (catalog/types.h).
 *
 * Byte layout (integers little-endian):
 *
 *   WAL_REC_INSERT   u32 table_oid | u16 ncols | u16 0 | u64 first_row | u32 nrows
 *                    | nrows x ncols values, row by row
 *   WAL_REC_UPDATE   u32 table_oid | u16 ncols | u16 0 | u64 row
 *                    | ncols x (u16 column number (0-based) | value)
 *   WAL_REC_DELETE   u32 table_oid | u32 nrows | nrows x u64 row
 *   WAL_REC_DDL      u32 next_oid | u32 len | user name | u32 len | search_path
 *                    | u32 len | SQL text of the one statement
 *   WAL_REC_SEQUENCE u32 sequence_oid | u8 is_called | 3 x u8 0 | u64 last_value
 *                    (the state recovery restores: the last such record of a
 *                    sequence in log order wins)
 *
 *   value            u8 0                           NULL
 *                    u8 1 | u8 width | width bytes  a fixed-width slot as in a vector
 *                    u8 2 | u32 len | len bytes     text, varchar, bpchar, bytea
 *
 * Row ids are those the rows had in the original run; an UPDATE carries the
 * new values of the columns the transaction wrote (read from storage at commit,
 * so the last write wins); a DDL record is one statement, replayed through the
 * SQL layer as the same user with the same search_path, and with the OID
 * counter set to next_oid first so that every object gets the OID it had.
 */
#ifndef OMENDB_WAL_WAL_REDO_H
#define OMENDB_WAL_WAL_REDO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/types.h"

#define WAL_REDO_NULL   0
#define WAL_REDO_FIXED  1
#define WAL_REDO_STRING 2

/* A growing byte buffer; on allocation failure `oom` is set and later puts
 * are ignored. data is malloc'd; free with wal_redo_buf_fini. */
typedef struct WalRedoBuf {
    uint8_t *data;
    size_t len, cap;
    bool oom;
} WalRedoBuf;

void wal_redo_buf_init(WalRedoBuf *b);
void wal_redo_buf_fini(WalRedoBuf *b);
void wal_redo_put_u16(WalRedoBuf *b, uint16_t v);
void wal_redo_put_u32(WalRedoBuf *b, uint32_t v);
void wal_redo_put_u64(WalRedoBuf *b, uint64_t v);
void wal_redo_put_bytes(WalRedoBuf *b, const void *p, size_t n);
/* Overwrites a u32 written earlier at byte offset `at`. */
void wal_redo_patch_u32(WalRedoBuf *b, size_t at, uint32_t v);
/* Appends a value in the layout above (its type decides fixed or string). */
void wal_redo_put_value(WalRedoBuf *b, const Value *v);

/* Reading a payload: each get returns false (and reads nothing) when the
 * payload is too short or malformed. */
typedef struct WalRedoCursor {
    const uint8_t *p, *end;
} WalRedoCursor;

bool wal_redo_get_u16(WalRedoCursor *c, uint16_t *out);
bool wal_redo_get_u32(WalRedoCursor *c, uint32_t *out);
bool wal_redo_get_u64(WalRedoCursor *c, uint64_t *out);
/* Points *out at the next n bytes of the payload. */
bool wal_redo_get_bytes(WalRedoCursor *c, size_t n, const uint8_t **out);
/* Decodes a value that must have the layout of `type`; strings point into the
 * payload (they live as long as it does). */
bool wal_redo_get_value(WalRedoCursor *c, OmType type, Value *out);

#endif
