/*
 * sql_cursor_hold.c — the row store behind SCROLL and WITH HOLD cursors
 * (sql_cursor_int.h) and what a transaction's end does to cursors WITH HOLD.
 *
 * As in PostgreSQL (PersistHoldablePortal), a cursor WITH HOLD is run to
 * completion just before its transaction commits, on that transaction's
 * snapshot: the rows a NO SCROLL cursor has not read yet, or all rows of a
 * SCROLL one, are appended to the store, the executor is closed, and the
 * cursor then lives on its kept rows (position unchanged) until CLOSE, CLOSE
 * ALL, DISCARD ALL or the session's end. If the transaction rolls back (or
 * its commit fails after the rows were kept) the cursor is dropped.
 *
 * The store is a ChunkCollection in an arena of its own under the portal's,
 * with a byte limit: the pull checks it after every chunk, so a cursor too big
 * to keep fails with 53200 (its transaction's commit with it) after using at
 * most one chunk more than the limit, instead of exhausting the server.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_cursor_int.h"

static size_t store_limit(void)
{
    static size_t limit; /* read once; racing first readers compute the same */
    if (limit == 0) {
        const char *env = getenv("OMENDB_CURSOR_STORE_LIMIT");
        unsigned long long v = env ? strtoull(env, NULL, 10) : 0;
        limit = v > 0 ? (size_t)v : SQL_CURSOR_STORE_LIMIT;
    }
    return limit;
}

SqlCursor *sql_cursor_state_create(SqlPortal *p, bool holdable, bool scroll)
{
    SqlCursor *c = ARENA_NEW(p->arena, SqlCursor);
    c->holdable = holdable;
    c->scroll = scroll;
    c->stored = scroll;
    c->at_start = true;
    p->cursor = c;
    return c;
}

bool sql_cursor_is_held(const SqlPortal *p)
{
    /* also before its transaction ends: a Sync may sweep the portals before
     * it commits the pipeline's implicit transaction */
    return p->cursor && p->cursor->holdable;
}

bool sql_cursor_is_holdable(const SqlPortal *p)
{
    return p->cursor && p->cursor->holdable;
}

bool sql_cursor_is_scrollable(const SqlPortal *p)
{
    return p->cursor && p->cursor->scroll;
}

static void store_init(SqlPortal *p, SqlCursor *c)
{
    if (c->rows_ready) return;
    c->arena = arena_create(p->arena, "cursor rows");
    c->arena->limit = store_limit();
    int ncols = p->ps->ncols > 0 ? p->ps->ncols : 0;
    OmType *types = ARENA_NEW_ARRAY(c->arena, OmType, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) types[i] = p->ps->cols[i].type;
    chunk_collection_init(&c->rows, c->arena, ncols, types);
    c->sel = ARENA_NEW_ARRAY(p->arena, uint16_t, VECTOR_SIZE);
    c->rows_ready = true;
}

int64_t sql_cursor_store_last(const SqlCursor *c)
{
    return c->base + (c->rows_ready ? (int64_t)c->rows.count : 0);
}

/* ResultSink that appends the executor's rows to the store. */
typedef struct Capture {
    SqlCursor *cursor;
    OmError *err;
} Capture;

static int capture_rows(void *ctx, const Chunk *chunk)
{
    Capture *cap = ctx;
    SqlCursor *c = cap->cursor;
    if (c->rows.count + chunk->count >= (uint64_t)CC_NULL_ROW)
        return ERR(cap->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "cursor holds too many rows (at most %u)", CC_NULL_ROW - 1);
    chunk_collection_append(&c->rows, chunk);
    if (arena_over_limit(c->arena)) {
        ERR(cap->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        error_detail(cap->err, "Cursor rows kept in memory passed the limit of %zu bytes.",
                     c->arena->limit);
        return -1;
    }
    return 0;
}

int sql_cursor_store_fill(SqlSession *s, SqlPortal *p, int64_t upto, OmError *err)
{
    SqlCursor *c = p->cursor;
    store_init(p, c);
    if (c->exhausted || sql_cursor_store_last(c) >= upto) return 0;
    if (p->finished) {
        c->exhausted = true;
        return 0;
    }
    Capture cap = {c, err};
    ResultSink sink = {0};
    sink.ctx = &cap;
    sink.rows = capture_rows;
    uint64_t want = upto == INT64_MAX ? UINT64_MAX : (uint64_t)(upto - sql_cursor_store_last(c));
    int rc = sql_cursor_fetch(s, p, want, false, &sink, err);
    if (rc != 0) return rc;
    if (p->finished) c->exhausted = true;
    return 0;
}

int sql_cursor_store_send(SqlCursor *c, int64_t first, int64_t n, bool forward, ResultSink *sink,
                          OmError *err)
{
    while (n > 0) {
        uint64_t idx = (uint64_t)(first - 1 - c->base);
        const Chunk *chunk = chunk_collection_chunk(&c->rows, (uint32_t)(idx >> CC_CHUNK_SHIFT));
        uint32_t off = (uint32_t)(idx & CC_CHUNK_MASK);
        /* forward: off .. the chunk's end; backward: off down to 0 */
        uint32_t room = forward ? chunk->count - off : off + 1;
        uint32_t take = n < (int64_t)room ? (uint32_t)n : room;
        Chunk view = *chunk;
        if (!forward || off != 0 || take != chunk->count) {
            for (uint32_t i = 0; i < take; i++) c->sel[i] = (uint16_t)(forward ? off + i : off - i);
            view.sel = c->sel;
            view.count = take;
        }
        if (sink->rows && sink->rows(sink->ctx, &view) != 0)
            return ERR(err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
        n -= take;
        first += forward ? (int64_t)take : -(int64_t)take;
    }
    return 0;
}

/* Frees what the closed executor of portal p left in the portal's arena (its
 * operators' arenas): after materialising, only the store is read. */
static void free_executor(SqlPortal *p)
{
    Arena *child = p->arena->first_child;
    while (child) {
        Arena *next = child->next_sibling;
        if (child != p->cursor->arena) arena_destroy(child);
        child = next;
    }
}

/* Runs cursor p to completion into its store (PersistHoldablePortal). */
static int persist(SqlSession *s, SqlPortal *p, OmError *err)
{
    SqlCursor *c = p->cursor;
    if (!c->stored) {
        /* a NO SCROLL cursor keeps what it has not read yet */
        store_init(p, c);
        c->base = c->pos;
        if (c->at_end) c->exhausted = true;
    }
    if (sql_cursor_store_fill(s, p, INT64_MAX, err) != 0) return -1;
    if (!p->finished) return ERR(err, SQLSTATE_INTERNAL_ERROR, "cursor did not finish");
    free_executor(p);
    c->stored = true;
    c->hold_pending = true;
    return 0;
}

int sql_cursor_pre_commit(SqlSession *s, OmError *err)
{
    PrepState *st = s->prep;
    if (!st) return 0;
    OmError local;
    if (!err) {
        error_clear(&local);
        err = &local;
    }
    for (SqlPortal *p = st->portals; p; p = p->next) {
        SqlCursor *c = p->cursor;
        if (!c || !c->holdable || c->held || c->hold_pending) continue;
        if (p->failed)
            return ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "portal \"%s\" cannot be run",
                       p->name);
        if (persist(s, p, err) != 0) return -1;
    }
    return 0;
}

void sql_cursor_txn_end(SqlSession *s, bool committed)
{
    PrepState *st = s->prep;
    if (!st) return;
    for (SqlPortal *p = st->portals, *next; p; p = next) {
        next = p->next;
        SqlCursor *c = p->cursor;
        if (!c || !c->holdable || c->held) continue;
        if (committed && c->hold_pending) {
            c->held = true;
            c->hold_pending = false;
        } else if (!committed) {
            sql_portal_close(s, p->name);
        }
    }
}
