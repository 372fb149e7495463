/*
 * sql_select.c — SELECT, SHOW and SET: binds, plans and runs a query and
 * streams its chunks to the client's ResultSink.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "common/strbuf.h"
#include "exec/func_registry.h"
#include "exec/operator.h"
#include "exec/trigger_exec.h"
#include "plan/planner.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_wal.h"
#include "sql/session_guc.h"
#include "sql/sql_int.h"

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* microseconds since 2000-01-01 (PostgreSQL epoch) */
    return ((int64_t)ts.tv_sec - INT64_C(946684800)) * 1000000 + ts.tv_nsec / 1000;
}

int sql_run_plan(StmtCtx *sc, const PlanNode *plan, bool send_rows, uint64_t *nrows, bool analyze,
                 struct Operator **root_out)
{
    ExecState *es = ARENA_NEW(sc->arena, ExecState);
    sql_exec_state_init(es, sc->session, sc->arena, sc->err);
    if (sc->nested_txn) es->txn = sc->nested_txn;
    es->stmt_start_us = now_us();
    es->analyze = analyze;
    es->stmt_params = sc->exec_params;
    es->n_stmt_params = sc->n_exec_params;
    if (es->txn) {
        /* a copy: a PL/pgSQL statement this one calls starts a command of its
         * own, whose writes this one does not see */
        StorageSnapshot *snap = ARENA_NEW(sc->arena, StorageSnapshot);
        *snap = *txn_snapshot(es->txn);
        es->snap = snap;
    }
    /* now() and friends are fixed for the statement (autocommit: the
     * transaction); a PL/pgSQL statement keeps its caller's */
    if (!sc->nested_txn) func_set_statement_timestamp(es->stmt_start_us);
    Operator *root = exec_build(plan, es);
    if (!root) return -1;
    if (root_out) *root_out = root;
    int rc = exec_open(root);
    if (rc == 0 && send_rows && sc->sink->describe) {
        ResultColumn *cols =
            ARENA_NEW_ARRAY(sc->arena, ResultColumn, plan->ncols > 0 ? plan->ncols : 1);
        for (int i = 0; i < plan->ncols; i++) {
            cols[i].name = plan->names ? plan->names[i] : "?column?";
            cols[i].type = plan->types[i];
            if (plan->src_oids) {
                cols[i].table_oid = plan->src_oids[i];
                cols[i].attnum = plan->src_attnums[i];
            }
        }
        if (sc->sink->describe(sc->sink->ctx, plan->ncols, cols) != 0)
            rc = ERR(sc->err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    }
    uint64_t n = 0;
    while (rc == 0) {
        Chunk *chunk = NULL;
        rc = exec_next(root, &chunk);
        if (rc != 0 || !chunk) break;
        n += chunk->count;
        if (send_rows && sc->sink->rows && sc->sink->rows(sc->sink->ctx, chunk) != 0)
            rc = ERR(sc->err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    }
    exec_close_tree(root);
    /* AFTER triggers, now that every row of the statement is in */
    if (rc == 0 && es->trig_queue) rc = trigger_fire_queued(es);
    if (nrows) *nrows = n;
    return rc;
}

/* The table column that e (an expression of q) reads unchanged, as
 * PostgreSQL's RowDescription names it: through subqueries and CTEs to the
 * table; a view's column is the view's own (PostgreSQL reports the view, not
 * the table under it). 0/0 for anything computed, a set operation or VALUES. */
void sql_expr_source(const BoundQuery *q, const Expr *e, uint32_t *oid, int16_t *attnum)
{
    *oid = 0;
    *attnum = 0;
    for (int depth = 0; depth < 64; depth++) {
        if (!q || !e || e->kind != EXPR_VAR || e->u.var.levelsup != 0) return;
        if (e->u.var.rte < 0 || e->u.var.rte >= q->nrtes) return;
        const Rte *rte = q->rtes[e->u.var.rte];
        int attno = e->u.var.attno;
        if (rte->kind == RTE_TABLE && rte->table) {
            if (attno < rte->table->ncols) {
                *oid = rte->table->oid;
                *attnum = (int16_t)rte->table->cols[attno].attnum;
            } else if (attno == rte->table->ncols) {
                *oid = rte->table->oid;
                *attnum = -1; /* ctid, PostgreSQL's SelfItemPointerAttributeNumber */
            }
            return;
        }
        if (rte->kind != RTE_SUBQUERY) return;
        if (rte->view) {
            if (attno < rte->view->ncols) {
                *oid = rte->view->oid;
                *attnum = (int16_t)rte->view->cols[attno].attnum;
            }
            return;
        }
        q = rte->subquery;
        if (!q || q->is_setop || q->nvalues > 0 || attno >= q->ntargets) return;
        e = q->targets[attno];
    }
}

void sql_plan_set_sources(Arena *arena, const BoundQuery *q, Expr *const *exprs, int n,
                          PlanNode *top)
{
    if (!top || top->ncols != n || n <= 0) return;
    uint32_t *oids = ARENA_NEW_ARRAY(arena, uint32_t, n);
    int16_t *attnums = ARENA_NEW_ARRAY(arena, int16_t, n);
    bool any = false;
    for (int i = 0; i < n; i++) {
        sql_expr_source(q, exprs[i], &oids[i], &attnums[i]);
        any |= oids[i] != 0;
    }
    if (!any) return;
    top->src_oids = oids;
    top->src_attnums = attnums;
}

int sql_plan_select(StmtCtx *sc, PgQuery__SelectStmt *stmt, StmtPlan *out)
{
    sql_modify_cte_begin(sc);
    BoundQuery *q = bind_select(&sc->binder, NULL, stmt, NULL);
    sc->binder.modify_with_ok = false;
    if (!q) return -1;
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    out->kind = STMT_PLAN_SELECT;
    out->top = plan_query(&p, q);
    out->send_rows = true;
    if (!q->is_setop && q->nvalues == 0)
        sql_plan_set_sources(sc->arena, q, q->targets, q->ntargets, out->top);
    if (!out->top) return -1;
    sql_modify_cte_finish(sc, out);
    return 0;
}

int sql_run_stmt_plan(StmtCtx *sc, const StmtPlan *sp)
{
    uint64_t n = 0;
    struct Operator *root = NULL;
    if (sql_run_plan(sc, sp->top, sp->send_rows, &n, false, &root) != 0) return -1;
    char tag[64];
    unsigned long long affected = (unsigned long long)root->es->rows_affected;
    switch (sp->kind) {
    case STMT_PLAN_SELECT:
        snprintf(tag, sizeof(tag), "SELECT %llu", (unsigned long long)n);
        break;
    case STMT_PLAN_INSERT:
        snprintf(tag, sizeof(tag), "INSERT 0 %llu", affected);
        break;
    case STMT_PLAN_UPDATE:
        snprintf(tag, sizeof(tag), "UPDATE %llu", affected);
        break;
    case STMT_PLAN_DELETE:
        snprintf(tag, sizeof(tag), "DELETE %llu", affected);
        break;
    }
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

int sql_run_select(StmtCtx *sc, PgQuery__SelectStmt *stmt)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    StmtPlan sp;
    int rc = sql_plan_select(sc, stmt, &sp);
    if (rc == 0) rc = sql_run_stmt_plan(sc, &sp);
    catalog_unlock(cat);
    return rc;
}

int sql_send_text_rows(StmtCtx *sc, const char *colname, const char **lines, int n, const char *tag)
{
    ResultColumn col = {colname, 0, 0, OM_TYPE(TYPE_TEXT)};
    if (sc->sink->describe && sc->sink->describe(sc->sink->ctx, 1, &col) != 0) return -1;
    OmType t = OM_TYPE(TYPE_TEXT);
    for (int start = 0; start < n; start += VECTOR_SIZE) {
        int cnt = n - start < VECTOR_SIZE ? n - start : VECTOR_SIZE;
        Chunk *c = chunk_create(sc->arena, 1, &t);
        StrView *d = c->cols[0].data;
        for (int i = 0; i < cnt; i++)
            d[i] = vector_add_string(&c->cols[0], lines[start + i],
                                     (uint32_t)strlen(lines[start + i]));
        c->count = (uint32_t)cnt;
        if (sc->sink->rows && sc->sink->rows(sc->sink->ctx, c) != 0) return -1;
    }
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

/* Text of a SET argument list: 'a', b, 1 → "a, b, 1" (as PostgreSQL flattens it). */
static char *set_args_text(StmtCtx *sc, PgQuery__VariableSetStmt *st)
{
    StrBuf sb;
    strbuf_init(&sb, sc->arena);
    strbuf_puts(&sb, "");
    for (size_t i = 0; i < st->n_args; i++) {
        PgQuery__Node *a = st->args[i];
        if (i) strbuf_puts(&sb, ", ");
        if (a->node_case == PG_QUERY__NODE__NODE_A_CONST) {
            PgQuery__AConst *c = a->a_const;
            switch (c->val_case) {
            case PG_QUERY__A__CONST__VAL_IVAL:
                strbuf_printf(&sb, "%d", c->ival->ival);
                break;
            case PG_QUERY__A__CONST__VAL_FVAL:
                strbuf_puts(&sb, c->fval->fval);
                break;
            case PG_QUERY__A__CONST__VAL_SVAL:
                strbuf_puts(&sb, c->sval->sval);
                break;
            case PG_QUERY__A__CONST__VAL_BOOLVAL:
                strbuf_puts(&sb, c->boolval->boolval ? "on" : "off");
                break;
            default:
                break;
            }
        } else if (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
                   a->type_cast->arg->node_case == PG_QUERY__NODE__NODE_A_CONST) {
            /* SET TIME ZONE INTERVAL '+02:00' HOUR TO MINUTE */
            PgQuery__AConst *c = a->type_cast->arg->a_const;
            if (c->val_case == PG_QUERY__A__CONST__VAL_SVAL) strbuf_puts(&sb, c->sval->sval);
        } else if (pgq_str(a)) {
            strbuf_puts(&sb, pgq_str(a));
        }
    }
    return sb.data;
}

int sql_run_set(StmtCtx *sc, PgQuery__VariableSetStmt *st)
{
    SqlSession *s = sc->session;
    const char *name = st->name;
    bool local = st->is_local;
    if (local && !s->in_block && (!s->implicit || s->pipeline) &&
        st->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI) {
        /* as PostgreSQL: the transaction it would last for is this statement,
         * or the rest of a pipeline up to Sync (which is no block either) */
        sql_warning(sc, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                    "SET LOCAL can only be used in transaction blocks");
        if (!s->pipeline) {
            if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "SET");
            return 0;
        }
    }
    switch (st->kind) {
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE: {
        if (strcmp(name, "timezone") == 0 && st->n_args == 1 &&
            st->args[0]->node_case == PG_QUERY__NODE__NODE_A_CONST &&
            st->args[0]->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
            strcasecmp(st->args[0]->a_const->sval->sval, "local") == 0) {
            if (session_guc_set_txn(s, name, NULL, local, sc->sink, sc->err) != 0) return -1;
            break;
        }
        if (session_guc_set_txn(s, name, set_args_text(sc, st), local, sc->sink, sc->err) != 0)
            return -1;
        break;
    }
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT:
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET:
        if (session_guc_set_txn(s, name, NULL, local, sc->sink, sc->err) != 0) return -1;
        break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL:
        for (int i = 0; i < session_guc_count(); i++) {
            OmError ignore;
            error_clear(&ignore);
            session_guc_set_txn(s, session_guc_name(i, NULL), NULL, false, sc->sink, &ignore);
        }
        break;
    case PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI:
        if (strcmp(name, "TRANSACTION") == 0 || strcmp(name, "SESSION CHARACTERISTICS") == 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "SET TRANSACTION is not supported yet");
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "SET %s is not supported yet", name);
    default:
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this form of SET is not supported yet");
    }
    if (sc->sink->complete)
        sc->sink->complete(sc->sink->ctx,
                           st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ||
                                   st->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL
                               ? "RESET"
                               : "SET");
    return 0;
}

int sql_run_show(StmtCtx *sc, PgQuery__VariableShowStmt *st)
{
    if (strcasecmp(st->name, "all") == 0) {
        int n = session_guc_count();
        ResultColumn cols[3] = {{"name", 0, 0, OM_TYPE(TYPE_TEXT)},
                                {"setting", 0, 0, OM_TYPE(TYPE_TEXT)},
                                {"description", 0, 0, OM_TYPE(TYPE_TEXT)}};
        if (sc->sink->describe && sc->sink->describe(sc->sink->ctx, 3, cols) != 0) return -1;
        OmType types[3] = {OM_TYPE(TYPE_TEXT), OM_TYPE(TYPE_TEXT), OM_TYPE(TYPE_TEXT)};
        Chunk *c = chunk_create(sc->arena, 3, types);
        for (int i = 0; i < n; i++) {
            const char *canon = session_guc_name(i, NULL);
            const char *val = session_guc_get(sc->session, canon, NULL);
            ((StrView *)c->cols[0].data)[i] =
                vector_add_string(&c->cols[0], canon, (uint32_t)strlen(canon));
            ((StrView *)c->cols[1].data)[i] =
                vector_add_string(&c->cols[1], val, (uint32_t)strlen(val));
            ((StrView *)c->cols[2].data)[i] = strview_make("", 0);
        }
        c->count = (uint32_t)n;
        if (sc->sink->rows && sc->sink->rows(sc->sink->ctx, c) != 0) return -1;
        if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "SHOW");
        return 0;
    }
    const char *canon = NULL;
    const char *val = session_guc_get(sc->session, st->name, &canon);
    if (sc->session->txn && (strcasecmp(st->name, "transaction_isolation") == 0 ||
                             strcasecmp(st->name, "transaction isolation level") == 0)) {
        canon = "transaction_isolation";
        val = txn_isolation(sc->session->txn) == TXN_REPEATABLE_READ ? "repeatable read"
                                                                     : "read committed";
    }
    if (strcasecmp(st->name, "transaction_read_only") == 0) {
        canon = "transaction_read_only";
        val = sc->session->read_only ? "on" : "off";
    }
    if (!val) {
        if (strcasecmp(st->name, "transaction_isolation") == 0 ||
            strcasecmp(st->name, "transaction isolation level") == 0) {
            canon = "transaction_isolation";
            val = "read committed";
        } else {
            return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT,
                       "unrecognized configuration parameter \"%s\"", st->name);
        }
    }
    const char *lines[1] = {val};
    return sql_send_text_rows(sc, canon, lines, 1, "SHOW");
}
