/*
 * sql_prepare_sql.c — the SQL commands over prepared statements:
 *
 *   PREPARE name [(type, ...)] AS statement     tag PREPARE
 *   EXECUTE name [(arg, ...)]                   the statement's own result
 *   DEALLOCATE [PREPARE] name | ALL             tag DEALLOCATE [ALL]
 *   DISCARD ALL | PLANS | TEMP | SEQUENCES      tag DISCARD ...
 *
 * They share the protocol's statements (sql_prepare.c): a statement made by
 * PREPARE can be run by a protocol Bind and the reverse, as in PostgreSQL.
 * EXECUTE's arguments are bound as expressions without a FROM clause and
 * converted to the parameter types by assignment rules; an argument of a
 * parameter whose type was only defaulted (not named, not inferred) keeps its
 * own type so that the statement's context converts it.
 */
#include <string.h>

#include "exec/func_registry.h"
#include "exec/func_sequence.h"
#include "sql/session_guc.h"
#include "sql/plan_cache.h"
#include "sql/sql_prepare_int.h"
#include "sql/sql_temp.h"

/* The PREPARE's own statement, re-parsed so that the statement owns a tree
 * whose positions refer to the same text. */
static PgQuery__Node *find_prepare(PgQuery__ParseResult *tree, const char *name)
{
    for (size_t i = 0; i < tree->n_stmts; i++) {
        PgQuery__Node *n = tree->stmts[i]->stmt;
        if (n->node_case == PG_QUERY__NODE__NODE_PREPARE_STMT &&
            strcmp(n->prepare_stmt->name, name) == 0)
            return n->prepare_stmt->query;
    }
    return NULL;
}

int sql_run_prepare(StmtCtx *sc, PgQuery__PrepareStmt *stmt)
{
    int n = (int)stmt->n_argtypes;
    if (n > BIND_MAX_PARAMS)
        return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "too many parameter types");
    OmType *types = ARENA_NEW_ARRAY(sc->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        PgQuery__Node *tn = stmt->argtypes[i];
        if (tn->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
            return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "invalid parameter type");
        if (bind_type_name(&sc->binder, tn->type_name, &types[i]) != 0) return -1;
        types[i] = type_sans_typmod(types[i]);
    }
    if (sql_prepared_find(sc->session, stmt->name))
        return ERR(sc->err, SQLSTATE_DUPLICATE_PSTATEMENT,
                   "prepared statement \"%s\" already exists", stmt->name);
    PgQuery__ParseResult *tree = sql_parse_text(sc->query_text, sc->err);
    if (!tree) return -1;
    PgQuery__Node *query = find_prepare(tree, stmt->name);
    if (!query) {
        pg_query__parse_result__free_unpacked(tree, NULL);
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "PREPARE statement not found on re-parse");
    }
    if (sql_prepare_parsed(sc->session, stmt->name, sc->query_text, tree, query, n, types, true,
                           NULL, sc->err) != 0)
        return -1;
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "PREPARE");
    return 0;
}

/* Binds, converts and evaluates EXECUTE's arguments into values[]. */
static int eval_args(StmtCtx *sc, SqlPrepared *ps, PgQuery__ExecuteStmt *stmt, Value *values)
{
    BoundQuery q;
    memset(&q, 0, sizeof(q));
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = &q;
    scope.clause = CLAUSE_VALUES;
    EvalCtx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.arena = sc->arena;
    ctx.err = sc->err;
    ctx.settings = &sc->session->settings;
    ctx.catalog = sc->session->db->catalog;
    ctx.cancel = &sc->session->cancel;
    for (int i = 0; i < ps->nparams; i++) {
        Expr *e = bind_expr(&sc->binder, &scope, stmt->params[i]);
        if (!e) return -1;
        bool keep_type = ps->kind == PREP_OTHER && !ps->param_given[i];
        if (keep_type && e->kind == EXPR_CONST && e->type.id == TYPE_UNKNOWN) {
            values[i] = e->u.value;
            values[i].type = OM_TYPE(TYPE_UNKNOWN);
            continue;
        }
        if (!keep_type) {
            e = bind_coerce(&sc->binder, e, ps->param_types[i], CAST_ASSIGNMENT, -1);
            if (!e) return -1;
        } else {
            e = bind_resolve_unknown(&sc->binder, e);
            if (!e) return -1;
        }
        if (expr_eval_scalar(e, &values[i], &ctx) != 0) return -1;
        if (!keep_type)
            values[i].type = ps->param_types[i];
        else
            values[i].type = e->type;
    }
    return 0;
}

int sql_run_execute(StmtCtx *sc, PgQuery__ExecuteStmt *stmt)
{
    SqlPrepared *ps = sql_prepared_find(sc->session, stmt->name);
    if (!ps)
        return ERR(sc->err, SQLSTATE_INVALID_SQL_STATEMENT_NAME,
                   "prepared statement \"%s\" does not exist", stmt->name);
    if ((int)stmt->n_params != ps->nparams) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
            "wrong number of parameters for prepared statement \"%s\"", stmt->name);
        error_detail(sc->err, "Expected %d parameters but got %d.", ps->nparams,
                     (int)stmt->n_params);
        return -1;
    }
    Value *values = ARENA_NEW_ARRAY(sc->arena, Value, ps->nparams > 0 ? ps->nparams : 1);
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat); /* argument expressions may read the catalog (regclass...) */
    int rc = eval_args(sc, ps, stmt, values);
    catalog_unlock(cat);
    if (rc != 0) return -1;
    /* the run holds its own reference to the statement */
    return sql_prepared_run(sc->session, ps, values, sc->sink, true, sc->err);
}

int sql_run_deallocate(StmtCtx *sc, PgQuery__DeallocateStmt *stmt)
{
    if (!stmt->name || !stmt->name[0]) {
        sql_prepared_close_all(sc->session);
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "DEALLOCATE ALL");
        return 0;
    }
    if (!sql_prepared_find(sc->session, stmt->name))
        return ERR(sc->err, SQLSTATE_INVALID_SQL_STATEMENT_NAME,
                   "prepared statement \"%s\" does not exist", stmt->name);
    sql_prepared_close(sc->session, stmt->name);
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "DEALLOCATE");
    return 0;
}

int sql_run_discard(StmtCtx *sc, PgQuery__DiscardStmt *stmt)
{
    const char *tag = "DISCARD ALL";
    switch (stmt->target) {
    case PG_QUERY__DISCARD_MODE__DISCARD_ALL:
        if (sql_txn_prevent_block(sc, "DISCARD ALL") != 0) return -1;
        sql_portal_close_every(sc->session);
        sql_prepared_close_all(sc->session);
        plan_cache_reset(sc->session);
        sql_temp_drop_all(sc->session);
        func_sequence_session_reset(sc->session->settings.sequences);
        for (int i = 0; i < session_guc_count(); i++) {
            OmError ignore;
            error_clear(&ignore);
            session_guc_set(sc->session, session_guc_name(i, NULL), NULL, sc->sink, &ignore);
        }
        break;
    case PG_QUERY__DISCARD_MODE__DISCARD_PLANS: {
        tag = "DISCARD PLANS";
        plan_cache_reset(sc->session);
        PrepState *st = sc->session->prep;
        for (SqlPrepared *ps = st ? st->stmts : NULL; ps; ps = ps->next)
            if (ps->plan && ps->plan->refs == 1) {
                /* only the statement holds it: the next use re-plans */
                arena_destroy(ps->plan->arena);
                ps->plan = NULL;
            }
        break;
    }
    case PG_QUERY__DISCARD_MODE__DISCARD_TEMP:
        tag = "DISCARD TEMP";
        sql_temp_drop_all(sc->session);
        break;
    case PG_QUERY__DISCARD_MODE__DISCARD_SEQUENCES:
        func_sequence_session_reset(sc->session->settings.sequences);
        tag = "DISCARD SEQUENCES";
        break;
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this form of DISCARD is not supported");
    }
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}
