/*
 * sql_call.c — CALL procedure(args): CREATE PROCEDURE's routines, in
 * PL/pgSQL or SQL (whose statements run as one PL/pgSQL block, its
 * parameters the block's variables).
 *
 * The arguments are bound like a SELECT list without FROM and evaluated
 * once; the procedure runs in the statement's transaction as DO does (its
 * statements may be DDL). A procedure with INOUT parameters answers one row
 * of their final values, as PostgreSQL's CALL does; the tag is CALL.
 * Not yet: transaction control (COMMIT / ROLLBACK inside), OUT-only
 * parameters.
 */
#include <string.h>

#include "sql/pl.h"
#include "sql/sql_int.h"

/* Sends the INOUT values (one row, the procedure's columns). */
static int send_outputs(StmtCtx *sc, const CatFunction *f, const PlRows *rows)
{
    int n = f->nout;
    ResultColumn *cols = ARENA_NEW_ARRAY(sc->arena, ResultColumn, n);
    OmType *types = ARENA_NEW_ARRAY(sc->arena, OmType, n);
    for (int i = 0; i < n; i++) {
        memset(&cols[i], 0, sizeof(cols[i]));
        cols[i].name = f->out[i].name;
        cols[i].type = types[i] = f->out[i].type;
    }
    if (sc->sink->describe && sc->sink->describe(sc->sink->ctx, n, cols) != 0)
        return ERR(sc->err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    if (rows->nrows == 0) return 0;
    Chunk *c = chunk_create(sc->arena, n, types);
    const Value *row = pl_rows_row(rows, 0);
    for (int i = 0; i < n; i++) vector_set_value(&c->cols[i], 0, &row[i]);
    c->count = 1;
    if (sc->sink->rows && sc->sink->rows(sc->sink->ctx, c) != 0)
        return ERR(sc->err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    return 0;
}

int sql_run_call(StmtCtx *sc, PgQuery__CallStmt *st)
{
    SqlSession *s = sc->session;
    if (!st->funccall) return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "CALL needs a procedure");
    if (!s->txn) return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "CALL outside a transaction");
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    BoundQuery q;
    memset(&q, 0, sizeof(q));
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = &q;
    scope.clause = CLAUSE_VALUES;
    Expr **args = NULL;
    const CatFunction *f = bind_procedure_call(&sc->binder, &scope, st->funccall, &args);
    PlFunction *fn = NULL;
    Value *vals = NULL;
    int rc = f ? 0 : -1;
    if (rc == 0) {
        vals = ARENA_NEW_ARRAY(sc->arena, Value, f->nargs > 0 ? f->nargs : 1);
        EvalCtx ctx;
        memset(&ctx, 0, sizeof(ctx));
        ctx.arena = sc->arena;
        ctx.err = sc->err;
        ctx.settings = &s->settings;
        ctx.catalog = cat;
        ctx.cancel = &s->cancel;
        for (int i = 0; rc == 0 && i < f->nargs; i++)
            rc = expr_eval_scalar(args[i], &vals[i], &ctx);
    }
    if (rc == 0) {
        CatFunction pl = *f; /* an SQL procedure runs as a PL/pgSQL block */
        if (f->lang != CAT_LANG_PLPGSQL) {
            pl.lang = CAT_LANG_PLPGSQL;
            pl.body = (char *)sql_procedure_block(sc->arena, f->body);
        }
        fn = pl_cache_get(s, &pl, sc->err);
        if (!fn) rc = -1;
    }
    catalog_unlock(cat); /* its statements may be DDL */
    if (rc != 0) return -1;
    ResultSink *outer = s->notice_sink;
    s->notice_sink = sc->sink;
    PlRows rows;
    pl_rows_init(&rows, UINT64_MAX);
    bool strict_skip = false;
    for (int i = 0; f->strict && i < f->nargs; i++) strict_skip |= vals[i].is_null;
    if (!strict_skip)
        rc = pl_execute(s, s->txn, fn, vals, f->nargs, false, NULL, f->nout > 0 ? &rows : NULL,
                        sc->arena, sc->err);
    s->notice_sink = outer;
    if (rc == 0 && f->nout > 0) rc = send_outputs(sc, f, &rows);
    pl_rows_free(&rows);
    if (rc != 0) return -1;
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "CALL");
    return 0;
}
