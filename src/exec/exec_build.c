/*
 * exec_build.c — turns a PlanNode tree into an Operator tree, and the
 * statistics wrappers every caller goes through (exec_open/next/rescan/close).
 *
 * Memory: each operator gets an arena that is a child of the statement arena
 * (es->arena) and a chunk arena that is a child of the operator arena. The
 * chunk arena is reset by exec_next() before every call of the operator's
 * next(), so the chunk an operator returns lives until the next call; an
 * operator must never keep anything in its chunk arena across calls.
 *
 * Statistics (EXPLAIN ANALYZE): rows_out and loops are always counted; the
 * wall-clock time of open/next/rescan (inclusive of children, as PostgreSQL
 * reports it) is measured only when es->analyze is set.
 */
#include <string.h>

#include "exec/operator.h"
#include "exec/subplan.h"
#include "txn/txn.h"

#include <time.h>

#include "catalog/session_settings.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * UINT64_C(1000000000) + (uint64_t)ts.tv_nsec;
}

Operator *operator_alloc(const PlanNode *plan, ExecState *es, const OperatorVTable *vt)
{
    Arena *arena = arena_create(es->arena, "operator");
    Operator *op = ARENA_NEW(arena, Operator);
    op->vt = vt;
    op->plan = plan;
    op->es = es;
    op->arena = arena;
    op->chunk_arena = arena_create(arena, "operator chunk");
    exec_eval_init(&op->eval, es, op->chunk_arena);
    return op;
}

void exec_eval_init(EvalCtx *ev, ExecState *es, Arena *arena)
{
    memset(ev, 0, sizeof(*ev));
    ev->arena = arena;
    ev->err = es->err;
    ev->params = es->params;
    ev->nparams = es->nparams;
    ev->stmt_params = es->stmt_params;
    ev->n_stmt_params = es->n_stmt_params;
    ev->cancel = es->cancel;
    ev->settings = es->settings;
    ev->exec_state = es;
    ev->catalog = es->catalog;
}

void exec_state_init_child(ExecState *child, const ExecState *parent, const Value *params,
                           int nparams)
{
    *child = *parent;
    child->subplans = NULL;
    child->params = params;
    child->nparams = nparams;
}

Operator *exec_build(const PlanNode *plan, ExecState *es)
{
    if (plan == NULL) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "missing plan node");
        return NULL;
    }
    switch (plan->kind) {
    case PLAN_SEQ_SCAN:
        return op_seq_scan_create(plan, es);
    case PLAN_INDEX_SCAN:
        return op_index_scan_create(plan, es);
    case PLAN_FILTER:
        return op_filter_create(plan, es);
    case PLAN_PROJECT:
        return op_project_create(plan, es);
    case PLAN_HASH_JOIN:
        return op_hash_join_create(plan, es);
    case PLAN_NL_JOIN:
        return plan->u.nl_join.nparams > 0 ? op_lateral_join_create(plan, es)
                                           : op_nl_join_create(plan, es);
    case PLAN_HASH_AGG:
        return op_hash_agg_create(plan, es);
    case PLAN_SORT:
        return op_sort_create(plan, es);
    case PLAN_LIMIT:
        return op_limit_create(plan, es);
    case PLAN_SETOP:
        return op_setop_create(plan, es);
    case PLAN_VALUES:
        return op_values_create(plan, es);
    case PLAN_FUNCTION_SCAN:
        return op_function_scan_create(plan, es);
    case PLAN_INSERT:
        return op_insert_create(plan, es);
    case PLAN_MATERIALIZE:
        return op_materialize_create(plan, es);
    case PLAN_MODIFY:
        return op_modify_create(plan, es);
    case PLAN_COPY_FROM:
        return op_copy_from_create(plan, es);
    case PLAN_RECURSIVE_UNION:
        return op_recursive_union_create(plan, es);
    case PLAN_WORKTABLE_SCAN:
        return op_worktable_scan_create(plan, es);
    case PLAN_WINDOW:
        return op_window_create(plan, es);
    case PLAN_LOCK_ROWS:
        return op_lock_rows_create(plan, es);
    case PLAN_UNIQUE:
        return op_unique_create(plan, es);
    case PLAN_PROJECT_SET:
        return op_project_set_create(plan, es);
    case PLAN_MODIFY_CTE:
        return op_modify_cte_create(plan, es);
    }
    ERR(es->err, SQLSTATE_INTERNAL_ERROR, "unrecognized plan node kind %d", (int)plan->kind);
    return NULL;
}

int exec_open(Operator *op)
{
    uint64_t t0 = op->es->analyze ? now_ns() : 0;
    op->loops++;
    /* The caller may have bound parameters after exec_build(). */
    op->eval.params = op->es->params;
    op->eval.nparams = op->es->nparams;
    int rc = op->vt->open ? op->vt->open(op) : 0;
    if (op->es->analyze) op->time_ns += now_ns() - t0;
    return rc;
}

int exec_next(Operator *op, Chunk **out)
{
    uint64_t t0 = op->es->analyze ? now_ns() : 0;
    *out = NULL;
    arena_reset(op->chunk_arena);
    int rc = op->vt->next(op, out);
    if (rc == 0 && *out) op->rows_out += (*out)->count;
    if (op->es->analyze) op->time_ns += now_ns() - t0;
    return rc;
}

int exec_rescan(Operator *op)
{
    uint64_t t0 = op->es->analyze ? now_ns() : 0;
    op->loops++;
    /* Parameters may have changed (correlated subplans): refresh the view. */
    op->eval.params = op->es->params;
    op->eval.nparams = op->es->nparams;
    int rc = op->vt->rescan ? op->vt->rescan(op) : 0;
    if (op->es->analyze) op->time_ns += now_ns() - t0;
    return rc;
}

void exec_close(Operator *op)
{
    if (op && op->vt->close) op->vt->close(op);
}

void exec_close_tree(Operator *root)
{
    if (!root) return;
    exec_close(root);
    subplan_close_all(root->es);
}

static size_t find_limit(const Arena *arena)
{
    for (const Arena *a = arena; a; a = a->parent)
        if (a->limit) return a->limit;
    return 0;
}

int64_t exec_statement_deadline_us(const ExecState *es)
{
    if (!es->settings || es->settings->statement_timeout_ms <= 0) return 0;
    return es->stmt_start_us + INT64_C(946684800000000) + es->settings->statement_timeout_ms * 1000;
}

int exec_recheck_row(const ExecState *es, const PlanNode *plan, const struct CatTable *table,
                     uint64_t row, ExecRecheck *rc, ExecRecheckMatch match, void *ctx)
{
    rc->es = *es;
    rc->snap = txn_latest_snapshot(es->txn);
    rc->es.snap = &rc->snap;
    rc->es.recheck_table = table;
    rc->es.recheck_row = row;
    rc->es.subplans = NULL;
    Operator *child = exec_build(plan, &rc->es);
    if (!child) return -1;
    int found = 0, status = exec_open(child);
    while (status == 0 && !found) {
        Chunk *c;
        status = exec_next(child, &c);
        if (status != 0 || !c) break;
        for (uint32_t i = 0; i < c->count && !found; i++)
            if (match(ctx, c, chunk_row(c, i))) found = 1;
    }
    exec_close_tree(child);
    return status != 0 ? -1 : found;
}

/* True when the statement has run longer than statement_timeout. */
static bool past_statement_timeout(const ExecState *es)
{
    if (!es->settings || es->settings->statement_timeout_ms <= 0 || es->stmt_start_us == 0)
        return false;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* stmt_start_us counts from 2000-01-01 (PostgreSQL's epoch) */
    int64_t now_us = ((int64_t)ts.tv_sec - INT64_C(946684800)) * 1000000 + ts.tv_nsec / 1000;
    return now_us - es->stmt_start_us >= es->settings->statement_timeout_ms * 1000;
}

int exec_check_interrupts(ExecState *es)
{
    if (es->cancel && atomic_load_explicit(es->cancel, memory_order_relaxed))
        return ERR(es->err, SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
    if (past_statement_timeout(es))
        return ERR(es->err, SQLSTATE_QUERY_CANCELED,
                   "canceling statement due to statement timeout");
    if (es->arena && arena_over_limit(es->arena)) {
        ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        error_detail(es->err, "The statement used more than its memory limit of %zu bytes.",
                     find_limit(es->arena));
        return -1;
    }
    return 0;
}

const char *plan_kind_name(PlanKind kind)
{
    switch (kind) {
    case PLAN_SEQ_SCAN:
        return "Seq Scan";
    case PLAN_INDEX_SCAN:
        return "Index Scan";
    case PLAN_FILTER:
        return "Filter";
    case PLAN_PROJECT:
        return "Project";
    case PLAN_HASH_JOIN:
        return "Hash Join";
    case PLAN_NL_JOIN:
        return "Nested Loop";
    case PLAN_HASH_AGG:
        return "HashAggregate";
    case PLAN_SORT:
        return "Sort";
    case PLAN_LIMIT:
        return "Limit";
    case PLAN_SETOP:
        return "SetOp";
    case PLAN_VALUES:
        return "Values Scan";
    case PLAN_FUNCTION_SCAN:
        return "Function Scan";
    case PLAN_INSERT:
        return "Insert";
    case PLAN_MATERIALIZE:
        return "Materialize";
    case PLAN_MODIFY:
        return "ModifyTable";
    case PLAN_COPY_FROM:
        return "Copy From";
    case PLAN_RECURSIVE_UNION:
        return "Recursive Union";
    case PLAN_WORKTABLE_SCAN:
        return "WorkTable Scan";
    case PLAN_WINDOW:
        return "WindowAgg";
    case PLAN_LOCK_ROWS:
        return "LockRows";
    case PLAN_UNIQUE:
        return "Unique";
    case PLAN_PROJECT_SET:
        return "ProjectSet";
    case PLAN_MODIFY_CTE:
        return "CTE";
    }
    return "???";
}

const char *join_type_name(JoinType type)
{
    switch (type) {
    case JOIN_INNER:
        return "Inner";
    case JOIN_LEFT:
        return "Left";
    case JOIN_RIGHT:
        return "Right";
    case JOIN_FULL:
        return "Full";
    case JOIN_SEMI:
        return "Semi";
    case JOIN_ANTI:
        return "Anti";
    }
    return "???";
}
