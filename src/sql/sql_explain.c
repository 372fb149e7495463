/*
 * sql_explain.c — EXPLAIN [ANALYZE] of a SELECT, INSERT, UPDATE or DELETE: the
 * operator tree with estimated rows and the access path chosen for each table;
 * with ANALYZE the statement runs (its rows are discarded, its changes are
 * made, as in PostgreSQL) and each operator shows actual rows, loops and time.
 */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "exec/explain.h"
#include "sql/sql_int.h"

int sql_run_explain(StmtCtx *sc, PgQuery__ExplainStmt *st)
{
    bool analyze = false;
    for (size_t i = 0; i < st->n_options; i++) {
        PgQuery__DefElem *d = st->options[i]->def_elem;
        bool on = true;
        if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
            on = strcasecmp(d->arg->string->sval, "false") != 0 &&
                 strcasecmp(d->arg->string->sval, "off") != 0;
        if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
            on = d->arg->boolean->boolval;
        if (strcmp(d->defname, "analyze") == 0) {
            analyze = on;
        } else if (strcmp(d->defname, "format") == 0) {
            const char *f = d->arg ? pgq_str(d->arg) : "text";
            if (!f || strcasecmp(f, "text") != 0)
                return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "EXPLAIN formats other than TEXT are not supported yet");
        } else if (strcmp(d->defname, "verbose") != 0 && strcmp(d->defname, "costs") != 0 &&
                   strcmp(d->defname, "timing") != 0 && strcmp(d->defname, "summary") != 0 &&
                   strcmp(d->defname, "buffers") != 0) {
            return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "unrecognized EXPLAIN option \"%s\"",
                       d->defname);
        }
    }
    PgQuery__Node__NodeCase kind = st->query->node_case;
    if (kind != PG_QUERY__NODE__NODE_SELECT_STMT && kind != PG_QUERY__NODE__NODE_INSERT_STMT &&
        kind != PG_QUERY__NODE__NODE_UPDATE_STMT && kind != PG_QUERY__NODE__NODE_DELETE_STMT)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "EXPLAIN is supported for SELECT, INSERT, UPDATE and DELETE only so far");
    if (kind == PG_QUERY__NODE__NODE_SELECT_STMT && st->query->select_stmt->into_clause)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "EXPLAIN of SELECT INTO is not supported yet");
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_shared(cat);
    int rc = -1;
    StmtPlan sp;
    PlanNode *plan = sql_plan_stmt(sc, st->query, &sp) == 0 ? sp.top : NULL;
    if (plan) {
        Operator *root = NULL;
        rc = 0;
        uint64_t n = 0;
        int64_t t0 = 0;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        t0 = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
        if (analyze) rc = sql_run_plan(sc, plan, false, &n, true, &root);
        if (rc == 0) {
            const char **lines = NULL;
            int nlines = 0;
            explain_plan(sc->arena, plan, root, &lines, &nlines);
            if (analyze) {
                clock_gettime(CLOCK_MONOTONIC, &ts);
                double ms = (double)((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - t0) / 1e6;
                lines = arena_realloc(sc->arena, lines, sizeof(char *) * (size_t)nlines,
                                      sizeof(char *) * (size_t)(nlines + 1));
                lines[nlines++] = arena_sprintf(sc->arena, "Execution Time: %.3f ms", ms);
            }
            rc = sql_send_text_rows(sc, "QUERY PLAN", lines, nlines, "EXPLAIN");
        }
    }
    catalog_unlock(cat);
    return rc;
}
