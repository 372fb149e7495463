/*
 * op_worktable_scan.c — WorkTable Scan: the recursive term's reference to its
 * own CTE. It returns the rows of the working table (worktable.h) chunk by
 * chunk, as stored: FLAT vectors, no selection, strings pointing into the
 * working table's memory (valid until the Recursive Union starts the next
 * iteration, which is after this scan has been read to the end or abandoned).
 */
#include "exec/worktable.h"

typedef struct WorkTableScanState {
    WorkTable *wt;
    const ChunkCollection *rows; /* the working table as of open/rescan */
    uint32_t next_chunk;
    Chunk out;
} WorkTableScanState;

static int worktable_scan_open(Operator *op)
{
    WorkTableScanState *st = op->state;
    st->rows = st->wt->rows;
    st->next_chunk = 0;
    return 0;
}

static int worktable_scan_next(Operator *op, Chunk **out)
{
    WorkTableScanState *st = op->state;
    *out = NULL;
    while (st->rows && st->next_chunk < st->rows->nchunks) {
        const Chunk *c = chunk_collection_chunk(st->rows, st->next_chunk++);
        if (c->count == 0) continue;
        st->out = *c;
        *out = &st->out;
        return 0;
    }
    return 0;
}

static const OperatorVTable worktable_scan_vt = {worktable_scan_open, worktable_scan_next,
                                                 worktable_scan_open, NULL};

Operator *op_worktable_scan_create(const PlanNode *plan, ExecState *es)
{
    WorkTable *wt = plan->u.worktable.modify_cte ? es->cte_tables : es->worktables;
    while (wt && wt->id != plan->u.worktable.wt_id) wt = wt->next;
    if (!wt) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "WorkTable Scan outside of its Recursive Union");
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &worktable_scan_vt);
    WorkTableScanState *st = ARENA_NEW(op->arena, WorkTableScanState);
    st->wt = wt;
    op->state = st;
    return op;
}
