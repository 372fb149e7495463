/*
 * sql_modify_cte.c — data-modifying WITH queries:
 *   WITH moved AS (DELETE FROM queue WHERE ... RETURNING *)
 *   INSERT INTO archive SELECT * FROM moved;
 *
 * As in PostgreSQL, such a query (INSERT, UPDATE or DELETE, with or without
 * RETURNING) may appear only in the WITH of the statement's top level; it runs
 * exactly once and to completion, whether or not the statement reads it, and
 * the statement reads only its RETURNING rows. Every part of the statement
 * runs with the same snapshot and command number, so none sees the others'
 * changes to the tables (a row two parts update is updated by the first only:
 * the second meets it as already written by this command and skips it).
 *
 * How: while the statement's WITH is bound, each such query is planned as a
 * statement of its own (sql_plan_insert/update/delete in the same StmtCtx and
 * binder, so $n parameters are shared), and is given a working table id. A
 * reference binds to an RTE_WORKTABLE over that id. Once the statement is
 * planned, the queries go on top of its plan as PLAN_MODIFY_CTE nodes in WITH
 * order (op_modify_cte.c): each runs its query into its working table before
 * the rest starts. The order is PostgreSQL's in effect: there the queries run
 * when first read or at the end, but the outcome of a statement PostgreSQL
 * defines does not depend on it.
 */
#include <string.h>

#include "catalog/catalog.h"
#include "plan/planner.h"
#include "sql/sql_int.h"

typedef struct ModifyCtePlan {
    PlanNode *plan;
    int wt_id;
    const char *name;
    struct ModifyCtePlan *next;
} ModifyCtePlan;

/* Records the table the INSERT or DELETE plan q writes as one the rest of the
 * statement may not read (Binder.cte_written). */
static int note_written(StmtCtx *sc, const PlanNode *q, const char *cte_name)
{
    while (q && q->kind != PLAN_INSERT && q->kind != PLAN_MODIFY) q = q->left;
    if (!q) return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "WITH query without a target table");
    CteWritten *w = ARENA_NEW(sc->arena, CteWritten);
    w->table = q->kind == PLAN_INSERT ? q->u.insert.table : q->u.modify.table;
    w->cte_name = cte_name;
    w->inserted = q->kind == PLAN_INSERT;
    w->next = sc->binder.cte_written;
    sc->binder.cte_written = w;
    return 0;
}

/* Binder callback: plans the data-modifying query of cte, which sees the CTEs
 * `preceding` it. */
static int plan_modify_cte(Binder *b, CteDef *cte, CteDef *preceding)
{
    StmtCtx *sc = b->modify_ctx;
    if (b != &sc->binder)
        return ERR(b->err, SQLSTATE_INTERNAL_ERROR, "data-modifying WITH query bound out of place");
    PgQuery__Node *q = cte->cte->ctequery;
    if (q->node_case != PG_QUERY__NODE__NODE_INSERT_STMT &&
        q->node_case != PG_QUERY__NODE__NODE_UPDATE_STMT &&
        q->node_case != PG_QUERY__NODE__NODE_DELETE_STMT)
        return ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this kind of statement is not supported in WITH yet");
    CteDef *saved_with = sc->with_ctes, *saved_outer = sc->outer_ctes;
    sc->outer_ctes = preceding;
    sc->modify_cte_depth++;
    StmtPlan sp;
    int rc = sql_plan_stmt(sc, q, &sp);
    sc->modify_cte_depth--;
    sc->with_ctes = saved_with;
    sc->outer_ctes = saved_outer;
    if (rc != 0) return -1;

    ModifyCteRef *m = ARENA_NEW(sc->arena, ModifyCteRef);
    m->wt_id = b->nworktables++;
    m->returning = sp.send_rows;
    m->ncols = sp.send_rows ? sp.top->ncols : 0;
    m->types = sp.top->types;
    int nalias = (int)cte->cte->n_aliascolnames;
    if (m->returning && nalias > m->ncols) {
        ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
            "WITH query \"%s\" has %d columns available but %d columns specified", cte->name,
            m->ncols, nalias);
        error_position(b->err, loc1(cte->cte->location));
        return -1;
    }
    m->names = ARENA_NEW_ARRAY(sc->arena, const char *, m->ncols > 0 ? m->ncols : 1);
    for (int i = 0; i < m->ncols; i++)
        m->names[i] = i < nalias                          ? pgq_str(cte->cte->aliascolnames[i])
                      : sp.top->names && sp.top->names[i] ? sp.top->names[i]
                                                          : "?column?";
    cte->modify = m;
    if (q->node_case != PG_QUERY__NODE__NODE_UPDATE_STMT &&
        note_written(sc, sp.top, cte->name) != 0)
        return -1;

    ModifyCtePlan *mp = ARENA_NEW(sc->arena, ModifyCtePlan);
    mp->plan = sp.top;
    mp->wt_id = m->wt_id;
    mp->name = cte->name;
    mp->next = sc->modify_ctes; /* newest first */
    sc->modify_ctes = mp;
    return 0;
}

Rte *bind_modify_cte_ref(Binder *b, const CteDef *cte, const PgQuery__RangeVar *rv)
{
    const ModifyCteRef *m = cte->modify;
    if (!m->returning) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "WITH query \"%s\" does not have a RETURNING clause", cte->name);
        error_position(b->err, loc1(rv->location));
        return NULL;
    }
    Rte *rte = ARENA_NEW(b->arena, Rte);
    rte->kind = RTE_WORKTABLE;
    rte->modify_cte = true;
    rte->worktable_id = m->wt_id;
    rte->cte_name = cte->name;
    rte->alias = arena_strdup(b->arena, rv->relname);
    rte->location = rv->location;
    rte->ncols = m->ncols;
    rte->colnames = ARENA_NEW_ARRAY(b->arena, const char *, m->ncols > 0 ? m->ncols : 1);
    memcpy(rte->colnames, m->names, sizeof(char *) * (size_t)m->ncols);
    rte->types = m->types;
    return rte;
}

void sql_modify_cte_begin(StmtCtx *sc)
{
    if (sc->modify_cte_depth == 0) sc->modify_ctes = NULL;
    sc->binder.modify_with_ok = sc->modify_cte_depth == 0;
    sc->binder.plan_modify_cte = plan_modify_cte;
    sc->binder.modify_ctx = sc;
}

void sql_modify_cte_finish(StmtCtx *sc, StmtPlan *out)
{
    sc->binder.modify_with_ok = false;
    if (sc->modify_cte_depth > 0 || !sc->modify_ctes || !out->top) return;
    Planner p = {sc->arena, sc->err, &sc->session->settings, 0};
    PlanNode *top = out->top;
    /* newest innermost, so the first query in WITH order is on top and runs first */
    for (const ModifyCtePlan *m = sc->modify_ctes; m; m = m->next) {
        PlanNode *w = plan_make(&p, PLAN_MODIFY_CTE, m->plan, top);
        w->u.modify_cte.wt_id = m->wt_id;
        w->u.modify_cte.cte_name = m->name;
        plan_set_output(&p, w, top->ncols, top->types);
        w->names = top->names;
        w->src_oids = top->src_oids;
        w->src_attnums = top->src_attnums;
        w->est_rows = top->est_rows;
        top = w;
    }
    out->top = top;
    sc->modify_ctes = NULL;
}
