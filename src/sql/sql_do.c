/*
 * sql_do.c — DO [LANGUAGE plpgsql] 'code': compiles the block as a PL/pgSQL
 * function without arguments and runs it once in the statement's
 * transaction. Its statements run as at the top level (DDL included), its
 * RAISE NOTICEs reach the client, and an error fails the DO statement.
 */
#include <string.h>

#include "sql/pl.h"

int sql_run_do(StmtCtx *sc, PgQuery__DoStmt *st)
{
    SqlSession *s = sc->session;
    const char *body = NULL, *language = "plpgsql";
    for (size_t i = 0; i < st->n_args; i++) {
        PgQuery__Node *n = st->args[i];
        if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM) continue;
        PgQuery__DefElem *d = n->def_elem;
        const char *v = d->arg ? pgq_str(d->arg) : NULL;
        if (strcmp(d->defname, "as") == 0) body = v;
        if (strcmp(d->defname, "language") == 0 && v) language = v;
    }
    if (!body) return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "no inline code specified");
    if (strcmp(language, "plpgsql") != 0) {
        if (strcmp(language, "sql") == 0 || strcmp(language, "c") == 0 ||
            strcmp(language, "internal") == 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "language \"%s\" does not support inline code execution", language);
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "language \"%s\" does not exist", language);
    }
    if (!s->txn) return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "DO outside a transaction");
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    PlFunction *fn = pl_compile(s, NULL, body, sc->arena, sc->err);
    catalog_unlock(cat);
    if (!fn) return -1;
    ResultSink *outer = s->notice_sink;
    s->notice_sink = sc->sink;
    Value out;
    int rc = pl_execute(s, s->txn, fn, NULL, 0, false, &out, NULL, sc->arena, sc->err);
    s->notice_sink = outer;
    pl_function_free(fn);
    if (rc != 0) return -1;
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "DO");
    return 0;
}
