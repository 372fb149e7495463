/*
 * sql_cursor.c — SQL-level cursors over the protocol's portals:
 *
 *   DECLARE name [BINARY] [SCROLL | NO SCROLL] CURSOR [WITH[OUT] HOLD] FOR query
 *                                               tag DECLARE CURSOR
 *   FETCH [direction] [FROM | IN] name          rows, tag FETCH n
 *   MOVE  [direction] [FROM | IN] name          tag MOVE n
 *   CLOSE name | ALL                            tag CLOSE CURSOR [ALL]
 *
 * direction: NEXT, PRIOR, FIRST, LAST, ABSOLUTE n, RELATIVE n, n, ALL,
 * FORWARD [n | ALL], BACKWARD [n | ALL].
 *
 * A cursor is a named portal (sql_prepare.c), as in PostgreSQL: a protocol
 * Describe or Execute can name it too, and a simple Query or Sync that finds
 * no transaction block open closes it, unless it is a cursor WITH HOLD that
 * outlived its transaction. Its query is planned at DECLARE with the
 * DECLARE's own parameters ($n of an extended-protocol DECLARE) and runs
 * incrementally, FETCH by FETCH, on the transaction's snapshot.
 *
 * Directions are PostgreSQL's (DoPortalRunFetch / PortalRunSelect, ported
 * below over sql_cursor_int.h's positions). A cursor declared without SCROLL
 * is NO SCROLL: a backward step (FETCH 0 on a row re-reads it, ABSOLUTE may
 * rewind) fails with 55000, also where PostgreSQL would let a cursor declared
 * without either option move backward because its plan happens to allow it.
 * SCROLL and WITH HOLD cursors keep rows in a store (sql_cursor_hold.c).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/sql_cursor_int.h"

/* Cursor options of DeclareCursorStmt (PostgreSQL's parsenodes.h values). */
#define CURSOR_OPT_BINARY    0x0001
#define CURSOR_OPT_SCROLL    0x0002
#define CURSOR_OPT_NO_SCROLL 0x0004
#define CURSOR_OPT_HOLD      0x0020

#define FETCH_ALL_COUNT INT64_MAX /* the grammar's FETCH_ALL (LONG_MAX) */

/* The DECLARE statement itself in a fresh parse of the text, so that the
 * cursor owns a tree that outlives the statement being executed. */
static PgQuery__Node *find_declare(PgQuery__ParseResult *tree, const char *name)
{
    for (size_t i = 0; i < tree->n_stmts; i++) {
        PgQuery__Node *n = tree->stmts[i]->stmt;
        if (n->node_case == PG_QUERY__NODE__NODE_DECLARE_CURSOR_STMT &&
            strcmp(n->declare_cursor_stmt->portalname, name) == 0)
            return n->declare_cursor_stmt->query;
    }
    return NULL;
}

/* PostgreSQL's LCS_asString. */
static const char *lock_strength_name(PgQuery__LockClauseStrength strength)
{
    switch (strength) {
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE:
        return "FOR KEY SHARE";
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE:
        return "FOR SHARE";
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE:
        return "FOR NO KEY UPDATE";
    default:
        return "FOR UPDATE";
    }
}

/* The checks of PostgreSQL's transformDeclareCursorStmt on the options. */
static int check_options(StmtCtx *sc, PgQuery__DeclareCursorStmt *stmt)
{
    if ((stmt->options & CURSOR_OPT_SCROLL) && (stmt->options & CURSOR_OPT_NO_SCROLL))
        return ERR(sc->err, SQLSTATE_INVALID_CURSOR_DEFINITION,
                   "cannot specify both SCROLL and NO SCROLL");
    PgQuery__Node *q = stmt->query;
    if (!q || q->node_case != PG_QUERY__NODE__NODE_SELECT_STMT ||
        q->select_stmt->n_locking_clause == 0 ||
        q->select_stmt->locking_clause[0]->node_case != PG_QUERY__NODE__NODE_LOCKING_CLAUSE)
        return 0;
    const char *lock =
        lock_strength_name(q->select_stmt->locking_clause[0]->locking_clause->strength);
    if (stmt->options & CURSOR_OPT_HOLD) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "DECLARE CURSOR WITH HOLD ... %s is not supported", lock);
        error_detail(sc->err, "Holdable cursors must be READ ONLY.");
        return -1;
    }
    if (stmt->options & CURSOR_OPT_SCROLL) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "DECLARE SCROLL CURSOR ... %s is not supported", lock);
        error_detail(sc->err, "Scrollable cursors must be READ ONLY.");
        return -1;
    }
    return 0;
}

int sql_run_declare_cursor(StmtCtx *sc, PgQuery__DeclareCursorStmt *stmt)
{
    SqlSession *s = sc->session;
    bool hold = (stmt->options & CURSOR_OPT_HOLD) != 0;
    if (check_options(sc, stmt) != 0) return -1;
    if (stmt->query && stmt->query->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
        stmt->query->select_stmt->with_clause) {
        const PgQuery__WithClause *w = stmt->query->select_stmt->with_clause;
        for (size_t i = 0; i < w->n_ctes; i++)
            if (w->ctes[i]->common_table_expr->ctequery->node_case !=
                PG_QUERY__NODE__NODE_SELECT_STMT)
                return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "DECLARE CURSOR must not contain data-modifying statements in WITH");
    }
    /* WITH HOLD outside a block: the statement's own transaction keeps it */
    if (!hold && !s->in_block)
        return ERR(sc->err, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                   "DECLARE CURSOR can only be used in transaction blocks");
    if (!stmt->portalname[0])
        return ERR(sc->err, SQLSTATE_INVALID_CURSOR_NAME, "invalid cursor name: must not be empty");
    if (sql_portal_find(s, stmt->portalname))
        return ERR(sc->err, SQLSTATE_DUPLICATE_CURSOR, "cursor \"%s\" already exists",
                   stmt->portalname);
    PgQuery__ParseResult *tree = sql_parse_text(sc->query_text, sc->err);
    if (!tree) return -1;
    PgQuery__Node *query = find_declare(tree, stmt->portalname);
    if (!query) {
        pg_query__parse_result__free_unpacked(tree, NULL);
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "DECLARE statement not found on re-parse");
    }
    if (sql_cursor_open(s, stmt->portalname, sc->query_text, tree, query, sc->binder.params,
                        sc->binder.nparams, (stmt->options & CURSOR_OPT_BINARY) != 0, sc->err) != 0)
        return -1;
    SqlPortal *p = sql_portal_find(s, stmt->portalname);
    if (!p) return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "declared cursor not found");
    sql_cursor_state_create(p, hold, (stmt->options & CURSOR_OPT_SCROLL) != 0);
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "DECLARE CURSOR");
    return 0;
}

/* ---- FETCH / MOVE ---- */

/* Where one FETCH's rows go: the client's sink (RowDescription sent before
 * the first rows, or before the tag if none came), or nowhere (MOVE, and
 * the rows a FETCH ABSOLUTE / RELATIVE skips). */
typedef struct FetchDest {
    ResultSink *sink;
    const SqlPortal *portal;
    bool described;
} FetchDest;

static int dest_describe(FetchDest *d, OmError *err)
{
    if (d->described) return 0;
    d->described = true;
    ResultSink *sink = d->sink;
    if (sink->describe && sink->describe(sink->ctx, d->portal->ps->ncols, d->portal->ps->cols) != 0)
        return ERR(err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    return 0;
}

/* The sink the executor or the store writes a FETCH's rows to. */
typedef struct RowsOut {
    FetchDest *dest; /* NULL: rows are dropped */
    OmError *err;
    uint64_t tag_count; /* the n of the executor's "FETCH n" */
} RowsOut;

static int out_rows(void *ctx, const Chunk *chunk)
{
    RowsOut *o = ctx;
    if (dest_describe(o->dest, o->err) != 0) return -1;
    ResultSink *sink = o->dest->sink;
    return sink->rows ? sink->rows(sink->ctx, chunk) : 0;
}

static int out_complete(void *ctx, const char *tag)
{
    RowsOut *o = ctx;
    const char *sp = strrchr(tag, ' ');
    o->tag_count = sp ? strtoull(sp + 1, NULL, 10) : 0;
    return 0;
}

static int scan_forward_only(SqlPortal *p, OmError *err)
{
    p->failed = true; /* as PostgreSQL marks the portal failed */
    ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "cursor can only scan forward");
    error_hint(err, "Declare it with SCROLL option to enable backward scan.");
    return -1;
}

/* PostgreSQL's PortalRunSelect: up to `count` rows (FETCH_ALL_COUNT: all)
 * forward or backward from the current position to `dest` (NULL: none);
 * *n is how many there were. */
static int run_select(SqlSession *s, SqlPortal *p, bool forward, int64_t count, FetchDest *dest,
                      int64_t *n, OmError *err)
{
    SqlCursor *c = p->cursor;
    *n = 0;
    if (!forward && !c->scroll) return scan_forward_only(p, err);
    if (forward ? (c->at_end || count <= 0) : (c->at_start || count <= 0)) return 0;
    RowsOut out = {dest, err, 0};
    ResultSink sink = {0};
    sink.ctx = &out;
    sink.rows = dest ? out_rows : NULL;
    sink.complete = out_complete;
    if (forward && !c->stored) {
        /* straight from the executor */
        if (sql_cursor_fetch(s, p, count == FETCH_ALL_COUNT ? UINT64_MAX : (uint64_t)count,
                             dest == NULL, &sink, err) != 0)
            return -1;
        *n = (int64_t)out.tag_count;
    } else if (forward) {
        int64_t upto = count > INT64_MAX - c->pos ? INT64_MAX : c->pos + count;
        if (sql_cursor_store_fill(s, p, upto, err) != 0) return -1;
        int64_t avail = sql_cursor_store_last(c) - c->pos;
        *n = avail < count ? avail : count;
        if (*n > 0 && sql_cursor_store_send(c, c->pos + 1, *n, true, &sink, err) != 0) return -1;
    } else {
        int64_t first = c->at_end ? c->pos : c->pos - 1;
        *n = first < count ? first : count;
        if (*n > 0 && sql_cursor_store_send(c, first, *n, false, &sink, err) != 0) return -1;
    }
    if (forward) {
        if (*n > 0) c->at_start = false;
        if (*n < count) c->at_end = true;
        c->pos += *n;
    } else {
        if (*n > 0 && c->at_end) {
            c->at_end = false;
            c->pos++;
        }
        if (*n < count) {
            c->at_start = true;
            c->pos = 0;
        } else {
            c->pos -= *n;
        }
    }
    return 0;
}

/* PostgreSQL's DoPortalRewind. */
static int rewind_cursor(SqlPortal *p, OmError *err)
{
    SqlCursor *c = p->cursor;
    if (c->at_start && !c->at_end) return 0;
    if (!c->scroll) return scan_forward_only(p, err);
    c->at_start = true;
    c->at_end = false;
    c->pos = 0;
    return 0;
}

/* PostgreSQL's DoPortalRunFetch: the rows of one FETCH / MOVE (dest NULL). */
static int run_fetch(SqlSession *s, SqlPortal *p, PgQuery__FetchDirection dir, int64_t count,
                     FetchDest *dest, int64_t *n, OmError *err)
{
    SqlCursor *c = p->cursor;
    bool forward = true;
    switch (dir) {
    case PG_QUERY__FETCH_DIRECTION__FETCH_BACKWARD:
        forward = count < 0;
        if (count < 0) count = -count;
        break;
    case PG_QUERY__FETCH_DIRECTION__FETCH_ABSOLUTE:
        if (count > 0) {
            /* rewind, advance count - 1 rows, return the next one */
            int64_t skipped;
            if (c->pos == INT64_MAX || count - 1 <= c->pos / 2) {
                if (rewind_cursor(p, err) != 0) return -1;
                if (count > 1 && run_select(s, p, true, count - 1, NULL, &skipped, err) != 0)
                    return -1;
            } else {
                int64_t pos = c->pos + (c->at_end ? 1 : 0);
                if (count <= pos) {
                    if (run_select(s, p, false, pos - count + 1, NULL, &skipped, err) != 0)
                        return -1;
                } else if (count > pos + 1) {
                    if (run_select(s, p, true, count - pos - 1, NULL, &skipped, err) != 0)
                        return -1;
                }
            }
            return run_select(s, p, true, 1, dest, n, err);
        }
        if (count < 0) {
            /* to the end, back abs(count) - 1 rows, return the prior one */
            int64_t skipped;
            if (run_select(s, p, true, FETCH_ALL_COUNT, NULL, &skipped, err) != 0) return -1;
            if (count < -1 && run_select(s, p, false, -count - 1, NULL, &skipped, err) != 0)
                return -1;
            return run_select(s, p, false, 1, dest, n, err);
        }
        /* ABSOLUTE 0: rewind, no row */
        if (rewind_cursor(p, err) != 0) return -1;
        return run_select(s, p, true, 0, dest, n, err);
    case PG_QUERY__FETCH_DIRECTION__FETCH_RELATIVE:
        if (count > 0) {
            int64_t skipped;
            if (count > 1 && run_select(s, p, true, count - 1, NULL, &skipped, err) != 0) return -1;
            return run_select(s, p, true, 1, dest, n, err);
        }
        if (count < 0) {
            int64_t skipped;
            if (count < -1 && run_select(s, p, false, -count - 1, NULL, &skipped, err) != 0)
                return -1;
            return run_select(s, p, false, 1, dest, n, err);
        }
        break; /* RELATIVE 0 is FORWARD 0 */
    default:   /* FORWARD */
        if (count < 0) {
            forward = false;
            count = -count;
        }
        break;
    }
    if (count == 0) {
        /* FETCH 0 re-reads the current row; MOVE 0 says whether there is one */
        bool on_row = !c->at_start && !c->at_end;
        if (!dest) {
            *n = on_row ? 1 : 0;
            return 0;
        }
        if (on_row) {
            int64_t back;
            if (run_select(s, p, false, 1, NULL, &back, err) != 0) return -1;
            count = 1;
            forward = true;
        }
    }
    if (!forward && count == FETCH_ALL_COUNT && !dest) {
        /* MOVE BACKWARD ALL: a rewind */
        int64_t moved = c->pos > 0 && !c->at_end ? c->pos - 1 : c->pos;
        if (rewind_cursor(p, err) != 0) return -1;
        *n = moved;
        return 0;
    }
    return run_select(s, p, forward, count, dest, n, err);
}

/* FETCH on a portal that no DECLARE made (a protocol portal named by FETCH):
 * forward only, straight from the executor. */
static int fetch_protocol_portal(StmtCtx *sc, SqlPortal *p, PgQuery__FetchStmt *stmt)
{
    int64_t n = stmt->how_many;
    bool forward = stmt->direction == PG_QUERY__FETCH_DIRECTION__FETCH_FORWARD ||
                   stmt->direction == PG_QUERY__FETCH_DIRECTION__FETCH_DIRECTION_UNDEFINED;
    if (!forward || n <= 0) {
        ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "cursor can only scan forward");
        error_hint(sc->err, "Declare it with SCROLL option to enable backward scan.");
        return -1;
    }
    uint64_t count = n == FETCH_ALL_COUNT ? UINT64_MAX : (uint64_t)n;
    return sql_cursor_fetch(sc->session, p, count, stmt->ismove, sc->sink, sc->err);
}

int sql_run_fetch(StmtCtx *sc, PgQuery__FetchStmt *stmt)
{
    SqlSession *s = sc->session;
    SqlPortal *p = sql_portal_find(s, stmt->portalname);
    if (!p)
        return ERR(sc->err, SQLSTATE_INVALID_CURSOR_NAME, "cursor \"%s\" does not exist",
                   stmt->portalname);
    if (!p->cursor) return fetch_protocol_portal(sc, p, stmt);
    if (p->failed)
        return ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "portal \"%s\" cannot be run",
                   p->name);
    atomic_store(&s->cancel, false);
    FetchDest dest = {sc->sink, p, false};
    int64_t n = 0;
    if (run_fetch(s, p, stmt->direction, stmt->how_many, stmt->ismove ? NULL : &dest, &n,
                  sc->err) != 0)
        return -1;
    if (!stmt->ismove && dest_describe(&dest, sc->err) != 0) return -1;
    char tag[64];
    snprintf(tag, sizeof(tag), "%s %lld", stmt->ismove ? "MOVE" : "FETCH", (long long)n);
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

int sql_run_close_cursor(StmtCtx *sc, PgQuery__ClosePortalStmt *stmt)
{
    const char *name = stmt->portalname;
    if (!name || !name[0]) {
        sql_portal_close_every(sc->session);
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CLOSE CURSOR ALL");
        return 0;
    }
    if (!sql_portal_find(sc->session, name))
        return ERR(sc->err, SQLSTATE_INVALID_CURSOR_NAME, "cursor \"%s\" does not exist", name);
    sql_portal_close(sc->session, name);
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CLOSE CURSOR");
    return 0;
}
