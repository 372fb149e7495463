/*
 * op_seq_scan.c — PLAN_SEQ_SCAN: the columnar table scan.
 *
 * One chunk per 2048-row storage vector, zero-copy: the chunk's vectors are
 * FLAT and `readonly`, pointing at the segment arrays. The pushed-down filter
 * (over the output columns) narrows each chunk with a selection vector; chunks
 * where no row passes are skipped.
 *
 * Zone-map pruning: conjuncts of the form `column op constant` (or `constant op
 * column`) with op one of = < <= > >=, the constant of the column's own type
 * (BETWEEN arrives as two such conjuncts), are checked against the min/max of
 * each complete row group and each complete vector before they are read; a
 * vector that cannot hold a match is skipped. Only complete vectors/groups are
 * checked: their zone maps no longer change (storage.h).
 *
 * Snapshot: the table's row count is read once at open; rows appended later
 * (or by this statement, e.g. INSERT INTO t SELECT * FROM t) are not seen.
 * Within it, rows are filtered by the statement's MVCC snapshot (es->snap):
 * a vector whose rows all are visible and unchanged for the snapshot stays
 * zero-copy; otherwise the visible rows form the selection vector, and
 * columns with in-place updates the snapshot must not see are copied and get
 * their before-images back (storage_vector_apply_undo).
 *
 * The hidden row-id column (col_ids[i] == table ncols) is generated.
 * READ COMMITTED re-check (es->recheck_table): only that one row is read.
 */
#include "exec/op_seq_scan.h"

#include <string.h>

#include "catalog/catalog.h"
#include "storage/storage.h"

typedef enum PruneOp { PRUNE_EQ, PRUNE_LT, PRUNE_LE, PRUNE_GT, PRUNE_GE } PruneOp;

typedef struct PrunePred {
    int table_col;
    TypeId type;
    PruneOp op;
    bool const_null; /* comparison with NULL: never true */
    StoragePayload value;
} PrunePred;

typedef struct SeqScanState {
    StorageTable *storage;
    int table_ncols;
    bool recheck;       /* this scan reads only es->recheck_row */
    uint64_t row_count; /* snapshot taken at open */
    uint64_t next_vec;  /* global vector number: group * 60 + vector */
    int npreds;
    PrunePred *preds;
    Chunk chunk;
    uint64_t pruned;
    uint64_t read;
} SeqScanState;

static const OperatorVTable seq_scan_vt;

static bool op_from_name(const char *name, PruneOp *op)
{
    if (strcmp(name, "=") == 0)
        *op = PRUNE_EQ;
    else if (strcmp(name, "<") == 0)
        *op = PRUNE_LT;
    else if (strcmp(name, "<=") == 0)
        *op = PRUNE_LE;
    else if (strcmp(name, ">") == 0)
        *op = PRUNE_GT;
    else if (strcmp(name, ">=") == 0)
        *op = PRUNE_GE;
    else
        return false;
    return true;
}

static PruneOp flip(PruneOp op)
{
    switch (op) {
    case PRUNE_LT:
        return PRUNE_GT;
    case PRUNE_LE:
        return PRUNE_GE;
    case PRUNE_GT:
        return PRUNE_LT;
    case PRUNE_GE:
        return PRUNE_LE;
    default:
        return op;
    }
}

/* Collects prunable conjuncts of `e` into st->preds (capacity `cap`). */
static void collect_preds(Operator *op, SeqScanState *st, const Expr *e, int cap)
{
    if (e == NULL || st->npreds >= cap) return;
    if (e->kind == EXPR_AND) {
        for (int i = 0; i < e->nargs; i++) collect_preds(op, st, e->args[i], cap);
        return;
    }
    if (e->kind != EXPR_FUNC || e->nargs != 2 || e->u.func.def == NULL ||
        e->u.func.def->name == NULL)
        return;
    PruneOp pop;
    if (!op_from_name(e->u.func.def->name, &pop)) return;
    const Expr *col = e->args[0], *cst = e->args[1];
    if (col->kind != EXPR_COLUMN && cst->kind == EXPR_COLUMN) {
        const Expr *tmp = col;
        col = cst;
        cst = tmp;
        pop = flip(pop);
    }
    if (col->kind != EXPR_COLUMN) return;
    /* a constant, or a statement parameter (a cached plan's literal) */
    const Value *val = NULL;
    if (cst->kind == EXPR_CONST) {
        val = &cst->u.value;
    } else if (cst->kind == EXPR_PARAM && cst->u.param.stmt && op->eval.stmt_params &&
               cst->u.param.index >= 0 && cst->u.param.index < op->eval.n_stmt_params) {
        val = &op->eval.stmt_params[cst->u.param.index];
    }
    if (!val) return;
    const PlanNode *plan = op->plan;
    int out_col = col->u.column.index;
    if (out_col < 0 || out_col >= plan->u.scan.ncols) return;
    int table_col = plan->u.scan.col_ids[out_col];
    const CatTable *table = plan->u.scan.table;
    if (table_col >= table->ncols) return; /* the row id */
    TypeId type = table->cols[table_col].type.id;
    if (col->type.id != type || cst->type.id != type) return;
    if (!val->is_null && val->type.id != type) return;
    if (!zone_map_type_supported(type)) return;
    PrunePred *p = &st->preds[st->npreds++];
    memset(p, 0, sizeof(*p));
    p->table_col = table_col;
    p->type = type;
    p->op = pop;
    p->const_null = val->is_null;
    if (!p->const_null) memcpy(&p->value, value_payload(val), type_info(type)->width);
}

/* True if no row summarised by `z` can satisfy the predicate. */
static bool zone_excludes(const PrunePred *p, const ZoneMap *z)
{
    if (z == NULL || z->row_count == 0) return false;
    if (p->const_null || z->null_count == z->row_count) return true;
    if (!z->has_minmax) return false;
    switch (p->op) {
    case PRUNE_EQ:
        return zone_map_compare(p->type, &p->value, &z->min) < 0 ||
               zone_map_compare(p->type, &p->value, &z->max) > 0;
    case PRUNE_LT:
        return zone_map_compare(p->type, &z->min, &p->value) >= 0;
    case PRUNE_LE:
        return zone_map_compare(p->type, &z->min, &p->value) > 0;
    case PRUNE_GT:
        return zone_map_compare(p->type, &z->max, &p->value) <= 0;
    case PRUNE_GE:
        return zone_map_compare(p->type, &z->max, &p->value) < 0;
    }
    return false;
}

static bool group_excluded(const SeqScanState *st, uint64_t group)
{
    for (int i = 0; i < st->npreds; i++)
        if (zone_excludes(&st->preds[i],
                          storage_table_group_zone(st->storage, group, st->preds[i].table_col)))
            return true;
    return false;
}

static bool vector_excluded(const SeqScanState *st, uint64_t group, uint32_t vec)
{
    for (int i = 0; i < st->npreds; i++)
        if (zone_excludes(&st->preds[i], storage_table_vector_zone(st->storage, group, vec,
                                                                   st->preds[i].table_col)))
            return true;
    return false;
}

static int seq_scan_open(Operator *op)
{
    SeqScanState *st = op->state;
    st->row_count = st->storage ? storage_table_row_count(st->storage) : 0;
    st->next_vec = 0;
    st->recheck =
        op->es->recheck_table == op->plan->u.scan.table && op->es->recheck_row != UINT64_MAX;
    if (st->recheck) {
        uint64_t row = op->es->recheck_row;
        st->next_vec = row / STORAGE_VECTOR_ROWS;
        if (row >= st->row_count)
            st->next_vec =
                (st->row_count + STORAGE_VECTOR_ROWS - 1) / STORAGE_VECTOR_ROWS; /* nothing */
    }
    return 0;
}

/* Fills the chunk's columns for vector (group, vec) as the snapshot sees them;
 * returns the number of visible rows (0: skip the vector), -1 on error. */
static int load_vector(Operator *op, SeqScanState *st, uint64_t group, uint32_t vec, uint64_t start,
                       uint32_t count)
{
    const PlanNode *plan = op->plan;
    Chunk *c = &st->chunk;
    const StorageSnapshot *snap = op->es->snap;
    bool all = true, need_undo = false;
    uint16_t *vis = NULL;
    uint32_t n = count;
    storage_read_begin();
    if (snap) {
        vis = sel_alloc(op->chunk_arena);
        n = storage_vector_visibility(st->storage, group, vec, count, snap, vis, &all, &need_undo);
    }
    if (st->recheck) {
        uint16_t off = (uint16_t)(op->es->recheck_row - start);
        bool seen = all ? off < count : false;
        for (uint32_t i = 0; !all && i < n && !seen; i++) seen = vis[i] == off;
        if (!vis) vis = sel_alloc(op->chunk_arena);
        vis[0] = off;
        n = seen ? 1 : 0;
        all = false;
    }
    if (n == 0) {
        storage_read_end();
        return 0;
    }
    for (int i = 0; i < c->ncols; i++) {
        Vector *v = &c->cols[i];
        int tc = plan->u.scan.col_ids[i];
        v->heap = op->chunk_arena;
        if (tc == st->table_ncols) {
            int64_t *ids = arena_alloc(op->chunk_arena, sizeof(int64_t) * STORAGE_VECTOR_ROWS);
            for (uint32_t r = 0; r < count; r++) ids[r] = (int64_t)(start + r);
            v->data = ids;
            v->validity = NULL;
            continue;
        }
        StorageVectorRef ref;
        if (storage_table_vector(st->storage, st->row_count, group, vec, tc, &ref) != 0) {
            storage_read_end();
            return ERR(op->es->err, SQLSTATE_DATA_CORRUPTED,
                       "missing column data in row group %llu of table \"%s\"",
                       (unsigned long long)group, plan->u.scan.table->name);
        }
        v->data = (void *)ref.data;
        v->validity = (uint64_t *)ref.validity;
        if (need_undo) {
            size_t width = type_info(v->type.id)->width;
            void *copy = arena_alloc(op->chunk_arena, width * STORAGE_VECTOR_ROWS);
            uint64_t *bits =
                arena_alloc(op->chunk_arena, sizeof(uint64_t) * (STORAGE_VECTOR_ROWS / 64));
            memcpy(copy, ref.data, width * count);
            if (ref.validity)
                memcpy(bits, ref.validity, sizeof(uint64_t) * (STORAGE_VECTOR_ROWS / 64));
            else
                memset(bits, 0xff, sizeof(uint64_t) * (STORAGE_VECTOR_ROWS / 64));
            storage_vector_apply_undo(st->storage, group, vec, tc, snap, copy, bits);
            v->data = copy;
            v->validity = bits;
        }
    }
    storage_read_end();
    c->count = n;
    c->sel = all ? NULL : vis;
    return (int)n;
}

static int seq_scan_next(Operator *op, Chunk **out)
{
    SeqScanState *st = op->state;
    const PlanNode *plan = op->plan;
    const Expr *filter = plan->u.scan.filter;
    *out = NULL;
    for (;;) {
        uint64_t start = st->next_vec * STORAGE_VECTOR_ROWS;
        if (start >= st->row_count) return 0;
        if (exec_check_interrupts(op->es) != 0) return -1;
        uint64_t group = st->next_vec / STORAGE_GROUP_VECTORS;
        uint32_t vec = (uint32_t)(st->next_vec % STORAGE_GROUP_VECTORS);
        if (st->npreds > 0 && !st->recheck) {
            if (vec == 0 && (group + 1) * STORAGE_GROUP_ROWS <= st->row_count &&
                group_excluded(st, group)) {
                st->pruned += STORAGE_GROUP_VECTORS;
                st->next_vec += STORAGE_GROUP_VECTORS;
                continue;
            }
            if (start + STORAGE_VECTOR_ROWS <= st->row_count && vector_excluded(st, group, vec)) {
                st->pruned++;
                st->next_vec++;
                continue;
            }
        }
        st->next_vec++;
        st->read++;

        Chunk *c = &st->chunk;
        uint64_t left = st->row_count - start;
        uint32_t count = left < STORAGE_VECTOR_ROWS ? (uint32_t)left : STORAGE_VECTOR_ROWS;
        int got = load_vector(op, st, group, vec, start, count);
        if (got < 0) return -1;
        if (st->recheck)
            st->next_vec = (st->row_count + STORAGE_VECTOR_ROWS - 1) / STORAGE_VECTOR_ROWS;
        if (got == 0) {
            arena_reset(op->chunk_arena);
            continue;
        }
        if (filter) {
            uint16_t *sel = sel_alloc(op->chunk_arena);
            uint32_t n = 0;
            if (expr_eval_filter(filter, c, sel, &n, &op->eval) != 0) return -1;
            if (n == 0) {
                arena_reset(op->chunk_arena);
                continue;
            }
            if (n < c->count) c->sel = sel;
            c->count = n;
        }
        *out = c;
        return 0;
    }
}

static int seq_scan_rescan(Operator *op)
{
    SeqScanState *st = op->state;
    /* same row count: a statement sees the rows present at its start */
    uint64_t rows = st->row_count;
    seq_scan_open(op);
    st->row_count = rows;
    if (st->recheck && op->es->recheck_row >= rows)
        st->next_vec = (rows + STORAGE_VECTOR_ROWS - 1) / STORAGE_VECTOR_ROWS;
    return 0;
}

static void seq_scan_close(Operator *op)
{
    (void)op;
}

static const OperatorVTable seq_scan_vt = {seq_scan_open, seq_scan_next, seq_scan_rescan,
                                           seq_scan_close};

Operator *op_seq_scan_create(const PlanNode *plan, ExecState *es)
{
    Operator *op = operator_alloc(plan, es, &seq_scan_vt);
    SeqScanState *st = ARENA_NEW(op->arena, SeqScanState);
    op->state = st;
    const CatTable *table = plan->u.scan.table;
    if (table == NULL || table->storage == NULL) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "sequential scan without a table");
        return NULL;
    }
    st->storage = table->storage;
    st->table_ncols = table->ncols;
    int ncols = plan->u.scan.ncols;
    Chunk *c = &st->chunk;
    c->ncols = ncols;
    c->cols = ARENA_NEW_ARRAY(op->arena, Vector, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) {
        int tc = plan->u.scan.col_ids[i];
        if (tc < 0 || tc > table->ncols) {
            ERR(es->err, SQLSTATE_INTERNAL_ERROR, "scan column %d out of range", tc);
            return NULL;
        }
        Vector *v = &c->cols[i];
        v->type = tc == table->ncols ? OM_TYPE(SCAN_ROWID_TYPE) : table->cols[tc].type;
        v->kind = VEC_FLAT;
        v->readonly = true;
    }
    if (plan->u.scan.filter) {
        int cap = 16;
        st->preds = ARENA_NEW_ARRAY(op->arena, PrunePred, cap);
        collect_preds(op, st, plan->u.scan.filter, cap);
    }
    return op;
}

uint64_t op_seq_scan_pruned(const Operator *op)
{
    if (op == NULL || op->vt != &seq_scan_vt) return 0;
    return ((const SeqScanState *)op->state)->pruned;
}

uint64_t op_seq_scan_vectors_read(const Operator *op)
{
    if (op == NULL || op->vt != &seq_scan_vt) return 0;
    return ((const SeqScanState *)op->state)->read;
}
