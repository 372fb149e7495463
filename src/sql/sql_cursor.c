/*
 * sql_cursor.c — SQL-level cursors over the protocol's portals:
 *
 *   DECLARE name [BINARY] [NO SCROLL] CURSOR [WITHOUT HOLD] FOR query
 *                                               tag DECLARE CURSOR
 *   FETCH [FORWARD] [n | ALL | NEXT] [FROM | IN] name
 *                                               rows, tag FETCH n
 *   MOVE  [FORWARD] [n | ALL | NEXT] [FROM | IN] name
 *                                               tag MOVE n
 *   CLOSE name | ALL                            tag CLOSE CURSOR [ALL]
 *
 * A cursor is a named portal (sql_prepare.c), as in PostgreSQL: a protocol
 * Describe or Execute can name it too, and a simple Query or Sync that finds
 * no transaction block open closes it. Its query is planned at DECLARE with
 * the DECLARE's own parameters ($n of an extended-protocol DECLARE) and runs
 * incrementally, FETCH by FETCH, on the transaction's snapshot.
 *
 * Not supported (0A000): WITH HOLD (a cursor that outlives its transaction)
 * and SCROLL (backward, absolute and relative positioning). Every cursor is
 * NO SCROLL: a backward FETCH (or FETCH 0, which re-reads the current row)
 * fails with 55000, also where PostgreSQL would let a cursor declared without
 * either option move backward because its plan happens to allow it.
 */
#include <stdint.h>
#include <string.h>

#include "sql/sql_prepare_int.h"

/* Cursor options of DeclareCursorStmt (PostgreSQL's parsenodes.h values). */
#define CURSOR_OPT_BINARY 0x0001
#define CURSOR_OPT_SCROLL 0x0002
#define CURSOR_OPT_HOLD   0x0020

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

int sql_run_declare_cursor(StmtCtx *sc, PgQuery__DeclareCursorStmt *stmt)
{
    SqlSession *s = sc->session;
    if (stmt->options & CURSOR_OPT_HOLD)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "DECLARE CURSOR WITH HOLD is not supported yet");
    if (stmt->options & CURSOR_OPT_SCROLL)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "scrollable cursors are not supported yet");
    if (!s->in_block)
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
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "DECLARE CURSOR");
    return 0;
}

int sql_run_fetch(StmtCtx *sc, PgQuery__FetchStmt *stmt)
{
    SqlPortal *p = sql_portal_find(sc->session, stmt->portalname);
    if (!p)
        return ERR(sc->err, SQLSTATE_INVALID_CURSOR_NAME, "cursor \"%s\" does not exist",
                   stmt->portalname);
    int64_t n = stmt->how_many;
    bool forward = stmt->direction == PG_QUERY__FETCH_DIRECTION__FETCH_FORWARD ||
                   stmt->direction == PG_QUERY__FETCH_DIRECTION__FETCH_DIRECTION_UNDEFINED;
    /* RELATIVE n > 0 and ABSOLUTE are positioning: only forward counts are supported */
    /* FETCH 0 re-reads the current row: a backward step as well */
    if (!forward || n <= 0) {
        ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "cursor can only scan forward");
        error_hint(sc->err, "Declare it with SCROLL option to enable backward scan.");
        return -1;
    }
    uint64_t count = n == FETCH_ALL_COUNT ? UINT64_MAX : (uint64_t)n;
    return sql_cursor_fetch(sc->session, p, count, stmt->ismove, sc->sink, sc->err);
}

int sql_run_close_cursor(StmtCtx *sc, PgQuery__ClosePortalStmt *stmt)
{
    const char *name = stmt->portalname;
    if (!name || !name[0]) {
        sql_portal_close_all(sc->session);
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CLOSE CURSOR ALL");
        return 0;
    }
    if (!sql_portal_find(sc->session, name))
        return ERR(sc->err, SQLSTATE_INVALID_CURSOR_NAME, "cursor \"%s\" does not exist", name);
    sql_portal_close(sc->session, name);
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CLOSE CURSOR");
    return 0;
}
