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
    if (col->kind == EXPR_CONST && cst->kind == EXPR_COLUMN) {
        const Expr *tmp = col;
        col = cst;
        cst = tmp;
        pop = flip(pop);
    }
    if (col->kind != EXPR_COLUMN || cst->kind != EXPR_CONST) return;
    const PlanNode *plan = op->plan;
    int out_col = col->u.column.index;
    if (out_col < 0 || out_col >= plan->u.scan.ncols) return;
    int table_col = plan->u.scan.col_ids[out_col];
    const CatTable *table = plan->u.scan.table;
    TypeId type = table->cols[table_col].type.id;
    if (col->type.id != type || cst->type.id != type || cst->u.value.type.id != type) return;
    if (!zone_map_type_supported(type)) return;
    PrunePred *p = &st->preds[st->npreds++];
    memset(p, 0, sizeof(*p));
    p->table_col = table_col;
    p->type = type;
    p->op = pop;
    p->const_null = cst->u.value.is_null;
    if (!p->const_null) memcpy(&p->value, value_payload(&cst->u.value), type_info(type)->width);
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
    return 0;
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
        if (st->npreds > 0) {
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
        c->count = left < STORAGE_VECTOR_ROWS ? (uint32_t)left : STORAGE_VECTOR_ROWS;
        c->sel = NULL;
        for (int i = 0; i < c->ncols; i++) {
            StorageVectorRef ref;
            Vector *v = &c->cols[i];
            if (storage_table_vector(st->storage, st->row_count, group, vec,
                                     plan->u.scan.col_ids[i], &ref) != 0)
                return ERR(op->es->err, SQLSTATE_DATA_CORRUPTED,
                           "missing column data in row group %llu of table \"%s\"",
                           (unsigned long long)group, plan->u.scan.table->name);
            v->data = (void *)ref.data;
            v->validity = (uint64_t *)ref.validity;
            v->heap = op->chunk_arena;
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
    st->next_vec = 0; /* same snapshot: a statement sees the rows present at its start */
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
    int ncols = plan->u.scan.ncols;
    Chunk *c = &st->chunk;
    c->ncols = ncols;
    c->cols = ARENA_NEW_ARRAY(op->arena, Vector, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) {
        int tc = plan->u.scan.col_ids[i];
        if (tc < 0 || tc >= table->ncols) {
            ERR(es->err, SQLSTATE_INTERNAL_ERROR, "scan column %d out of range", tc);
            return NULL;
        }
        Vector *v = &c->cols[i];
        v->type = table->cols[tc].type;
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
