/*
 * sql_cursor_int.h — the state of an SQL cursor beside its portal, shared by
 * sql_cursor.c (DECLARE / FETCH / MOVE / CLOSE) and sql_cursor_hold.c (the row
 * store of SCROLL and WITH HOLD cursors, and what a transaction's end does to
 * them). Not for other files: sql_prepare_int.h has the few calls they need.
 *
 * Positions are PostgreSQL's (pquery.c): the rows are numbered 1..n; `pos` is
 * the current row (0 before the first); `at_start` / `at_end` say the cursor
 * stands before the first / after the last row (then pos is 0 / n).
 *
 * Where rows come from:
 *   - a NO SCROLL cursor in its own transaction pulls them from its portal's
 *     executor FETCH by FETCH and keeps none (`stored` false);
 *   - a SCROLL cursor keeps every row it has read in `rows` (row k at index
 *     k - 1) and reads the executor only beyond them;
 *   - a WITH HOLD cursor is run to completion when its transaction commits
 *     (sql_cursor_pre_commit): `rows` then holds every row not yet read by a
 *     NO SCROLL cursor (row k at index k - 1 - base) or all rows of a SCROLL
 *     one (base 0), the executor is closed and its memory freed, and the
 *     cursor reads only `rows` until it is closed.
 *
 * Memory: `arena` (a child of the portal's arena, freed with it) carries a
 * byte limit (SQL_CURSOR_STORE_LIMIT); appending past it fails the statement
 * doing so with 53200 instead of growing without bound.
 */
#ifndef OMENDB_SQL_SQL_CURSOR_INT_H
#define OMENDB_SQL_SQL_CURSOR_INT_H

#include "exec/chunk_collection.h"
#include "sql/sql_prepare_int.h"

/* Bytes one cursor's row store may hold (1 GiB); the environment variable
 * OMENDB_CURSOR_STORE_LIMIT (bytes, read once) overrides it for tests. */
#define SQL_CURSOR_STORE_LIMIT ((size_t)1 << 30)

struct SqlCursor {
    bool holdable;     /* WITH HOLD */
    bool scroll;       /* SCROLL: may move backward */
    bool hold_pending; /* materialised by this transaction's pre-commit */
    bool held;         /* outlived its transaction: reads only `rows` */
    bool stored;       /* rows are read from `rows` (SCROLL, or held) */
    int64_t pos;
    bool at_start, at_end;
    /* the row store */
    Arena *arena;
    ChunkCollection rows;
    bool rows_ready; /* `rows` initialised */
    int64_t base;    /* row base + 1 is rows[0] */
    bool exhausted;  /* the executor has no rows beyond `rows` */
    uint16_t *sel;   /* VECTOR_SIZE positions for sending part of a chunk */
};

/* Attaches a fresh cursor state to portal p (in its arena). */
SqlCursor *sql_cursor_state_create(SqlPortal *p, bool holdable, bool scroll);
/* Makes the store hold rows up to row `upto` (INT64_MAX: all) as far as the
 * query has them, pulling from the portal's executor (its transaction must
 * be open). 53200 when the store would pass its limit. */
int sql_cursor_store_fill(SqlSession *s, SqlPortal *p, int64_t upto, OmError *err);
/* Rows in the store's reach: the last row number it holds. */
int64_t sql_cursor_store_last(const SqlCursor *c);
/* Sends rows first, first+1, ... (forward) or first, first-1, ... (backward),
 * `n` of them, all in the store, to `sink` (rows only). */
int sql_cursor_store_send(SqlCursor *c, int64_t first, int64_t n, bool forward, ResultSink *sink,
                          OmError *err);

#endif
