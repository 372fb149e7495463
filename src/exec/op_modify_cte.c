/*
 * op_modify_cte.c — runs a data-modifying WITH query (left) before the rest
 * of the statement (right), as sql/sql_modify_cte.c plans it.
 *
 * At open the query runs to completion: every row it changes is changed, and
 * its RETURNING rows (if any) are kept in a working table (worktable.h) that
 * the WorkTable Scans of the rest read, as often as they are rescanned. Then
 * the right side is opened, and its rows are this operator's. The query's
 * changes do not count in the statement's row count (es->rows_affected), as
 * PostgreSQL's command tag counts the top-level statement's rows only.
 *
 * Wiring: the working table goes on es->cte_tables once the query is built
 * (later WITH queries and the statement see it; this query does not) and
 * stays there for the statement: subplans are built when first run. It lives
 * in this operator's arena. A rescan reruns the right side only: the query
 * runs once per execution.
 */
#include <string.h>

#include "exec/worktable.h"

typedef struct ModifyCteState {
    WorkTable wt;
    ChunkCollection rows;
    bool done; /* the query ran */
} ModifyCteState;

static int run_query(Operator *op)
{
    ModifyCteState *st = op->state;
    ExecState *es = op->es;
    uint64_t affected = es->rows_affected;
    const PlanNode *q = op->plan->left;
    chunk_collection_init(&st->rows, op->arena, q->ncols, q->types);
    if (exec_open(op->left) != 0) return -1;
    for (;;) {
        Chunk *in;
        if (exec_next(op->left, &in) != 0) return -1;
        if (!in) break;
        if (q->ncols > 0 && in->count > 0) {
            const Vector **cols = arena_alloc(op->chunk_arena, sizeof(Vector *) * (size_t)q->ncols);
            for (int c = 0; c < q->ncols; c++) cols[c] = &in->cols[c];
            chunk_collection_append_vectors(&st->rows, cols, in->sel, in->count);
        }
        if (exec_check_interrupts(es) != 0) return -1;
    }
    es->rows_affected = affected;
    st->wt.rows = &st->rows;
    st->done = true;
    return 0;
}

static int modify_cte_open(Operator *op)
{
    ModifyCteState *st = op->state;
    if (!st->done && run_query(op) != 0) return -1;
    return exec_open(op->right);
}

static int modify_cte_next(Operator *op, Chunk **out)
{
    return exec_next(op->right, out);
}

static int modify_cte_rescan(Operator *op)
{
    ModifyCteState *st = op->state;
    if (!st->done) return modify_cte_open(op);
    return exec_rescan(op->right);
}

static void modify_cte_close(Operator *op)
{
    exec_close(op->left);
    exec_close(op->right);
}

static const OperatorVTable modify_cte_vt = {modify_cte_open, modify_cte_next, modify_cte_rescan,
                                             modify_cte_close};

Operator *op_modify_cte_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &modify_cte_vt);
    ModifyCteState *st = ARENA_NEW(op->arena, ModifyCteState);
    memset(st, 0, sizeof(*st));
    st->wt.id = plan->u.modify_cte.wt_id;
    op->state = st;
    op->left = exec_build(plan->left, es);
    if (op->left == NULL) return NULL;
    st->wt.next = es->cte_tables;
    es->cte_tables = &st->wt;
    op->right = exec_build(plan->right, es);
    return op->right ? op : NULL;
}
