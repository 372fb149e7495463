/*
 * sql_prepare_walk.c — facts about a parsed statement that preparing needs
 * before (or instead of) binding it: the highest $n it references, and the
 * parameter types an INSERT ... VALUES implies for bare $n items.
 *
 * The walk is pgq_walk's (every message of the tree). Depth is bounded
 * (54001) so that a deep tree cannot exhaust the connection thread's stack.
 */
#include <string.h>

#include "sql/pgq_walk.h"
#include "sql/sql_prepare_walk.h"

#define WALK_MAX_DEPTH 4000

/* What a walk collects: the highest $n, and (second pass) which are used. */
typedef struct ParamUse {
    int max_param;
    int bad_param; /* a $n above BIND_MAX_PARAMS (0: none) */
    bool *used;    /* [max_param], NULL in the first pass */
} ParamUse;

/* Visitor (pgq_walk.h): records a ParamRef's $n. */
static int visit_param(const ProtobufCMessage *m, void *ctx)
{
    ParamUse *use = ctx;
    if (m->descriptor != &pg_query__param_ref__descriptor) return 0;
    int n = ((const PgQuery__ParamRef *)m)->number;
    if (n > BIND_MAX_PARAMS) { /* as the binder says; never sizes `used` */
        use->bad_param = n;
        return -1;
    }
    if (!use->used && n > use->max_param) use->max_param = n;
    if (use->used && n >= 1 && n <= use->max_param) use->used[n - 1] = true;
    return 1;
}

int sql_walk_params(const PgQuery__Node *stmt, Arena *arena, int *max_param, bool **used,
                    OmError *err)
{
    ParamUse use = {0, 0, NULL};
    if (pgq_walk(&stmt->base, WALK_MAX_DEPTH, visit_param, &use) != 0) {
        if (use.bad_param)
            return ERR(err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%d",
                       use.bad_param);
        return ERR(err, SQLSTATE_STATEMENT_TOO_COMPLEX,
                   "statement is too deeply nested to prepare");
    }
    use.used = ARENA_NEW_ARRAY(arena, bool, use.max_param > 0 ? use.max_param : 1);
    pgq_walk(&stmt->base, WALK_MAX_DEPTH, visit_param, &use);
    *max_param = use.max_param;
    *used = use.used;
    return 0;
}

/* The $n of a bare parameter (also under a no-op parenthesis), or 0. */
static int bare_param(const PgQuery__Node *n)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_PARAM_REF) return n->param_ref->number;
    return 0;
}

void sql_infer_insert_params(Binder *b, const PgQuery__Node *stmt, int nparams, OmType *types)
{
    if (stmt->node_case != PG_QUERY__NODE__NODE_INSERT_STMT) return;
    const PgQuery__InsertStmt *ins = stmt->insert_stmt;
    if (!ins->relation || !ins->select_stmt ||
        ins->select_stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
        return;
    const PgQuery__SelectStmt *sel = ins->select_stmt->select_stmt;
    if (sel->n_values_lists == 0) return;
    CatTable *t = bind_lookup_table(b, ins->relation, true);
    if (!t) return;
    for (size_t row = 0; row < sel->n_values_lists; row++) {
        const PgQuery__Node *list = sel->values_lists[row];
        if (list->node_case != PG_QUERY__NODE__NODE_LIST) continue;
        for (size_t i = 0; i < list->list->n_items; i++) {
            int n = bare_param(list->list->items[i]);
            if (n < 1 || n > nparams || types[n - 1].id != TYPE_UNKNOWN) continue;
            int col = -1;
            if (ins->n_cols > 0) {
                if (i >= ins->n_cols || ins->cols[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
                    continue;
                col = catalog_column_index(t, ins->cols[i]->res_target->name);
            } else if ((int)i < t->ncols) {
                col = (int)i;
            }
            if (col < 0) continue;
            OmType ct = t->cols[col].type;
            types[n - 1] = type_sans_typmod(ct);
            if (type_interval_has_fields(ct)) b->param_typmod_read = true; /* see Binder */
        }
    }
}
