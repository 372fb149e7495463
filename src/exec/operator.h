/*
 * operator.h — running operators (the executor's PlanState). exec_build()
 * turns a PlanNode tree into an Operator tree with per-execution state; the
 * caller pulls chunks from the root until it returns no chunk.
 *
 * Protocol: op->vt->next(op, &chunk) returns 0 and sets *chunk to the next
 * chunk (valid until the next call to next() on this operator) or to NULL at
 * the end; -1 on error with es->err set. An operator never returns an empty
 * non-NULL chunk. rescan() restarts the operator (for correlated subplans and
 * nested-loop inners), optionally with new parameter values in es->params.
 *
 * Memory: each operator owns `arena` (its state, lives until exec_destroy) and
 * `chunk_arena` (reset at each next() call; holds the chunk it returns).
 * Statistics for EXPLAIN ANALYZE are gathered by exec_next() around next().
 */
#ifndef OMENDB_EXEC_OPERATOR_H
#define OMENDB_EXEC_OPERATOR_H

#include <stdatomic.h>

#include "exec/plan.h"
#include "storage/storage.h"

typedef struct Operator Operator;
typedef struct ExecState ExecState;
struct Database;
struct SessionSettings;
struct Txn;
struct StorageSnapshot;
struct UniqueBound; /* exec/unique_keys.h */

/* Per-statement execution state shared by all operators of one plan. */
struct ExecState {
    Arena *arena; /* statement arena (parent of operator arenas) */
    OmError *err;
    const Value *params; /* subplan parameters (stmt_params: the statement's $n) */
    int nparams;
    atomic_bool *cancel;
    const struct SessionSettings *settings;
    struct Database *db;
    struct Catalog *catalog; /* the database's catalog (read under the shared lock) */
    void *session;           /* SqlSession*, opaque to exec */
    bool analyze;            /* EXPLAIN ANALYZE: time operators */
    uint64_t rows_affected;  /* INSERT/UPDATE/DELETE count */
    int64_t stmt_start_us;   /* statement start time (now(), current_timestamp) */
    void *subplans;          /* per-statement subplan states (exec/subplan.c) */
    /* MVCC: what the statement's scans see, and the transaction its writes
     * belong to (NULL snapshot: every row, as for catalog views). */
    const struct StorageSnapshot *snap;
    struct Txn *txn;
    /* READ COMMITTED re-check: scans of `recheck_table` return only row
     * `recheck_row` (UINT64_MAX: off) as `snap` sees it. */
    const struct CatTable *recheck_table;
    uint64_t recheck_row;
    const Value *stmt_params; /* $1..$n of a prepared statement; shared with subplans */
    int n_stmt_params;
    /* The write-ahead log position of db for pg_current_wal_lsn() (insert) and
     * pg_current_wal_flush_lsn() (flushed); may be NULL (no log). */
    uint64_t (*wal_lsn)(struct Database *db, bool flushed);
    /* While exec_build() builds a RECURSIVE_UNION's recursive term: its working
     * table, for the WORKTABLE_SCANs inside (op_recursive_union.c). */
    struct WorkTable *worktables;
    /* The working tables of the statement's data-modifying WITH queries
     * (op_modify_cte.c), for the WORKTABLE_SCANs that read them: kept for
     * the whole statement, since subplans are built when first run. */
    struct WorkTable *cte_tables;
    /* The SQL layer's binding of a computed unique index (an expression key or
     * a predicate) for exec/unique_keys.c: *out lives at least as long as the
     * statement. NULL where nothing writes such a table. */
    int (*unique_bind)(ExecState *es, const struct CatTable *t, int slot,
                       const struct UniqueBound **out);
    Arena *unique_scratch; /* unique_keys.c: stored rows' keys, reset per use */
    /* AFTER trigger events of the statement, fired at its end by the SQL
     * layer (exec/trigger_exec.h); NULL while none is queued */
    struct TriggerQueue *trig_queue;
};

/* The hidden row-id column of a table scan: col_ids[i] == table ncols (int8). */
#define SCAN_ROWID_TYPE TYPE_INT8

typedef struct OperatorVTable {
    int (*open)(Operator *op);
    int (*next)(Operator *op, Chunk **out);
    int (*rescan)(Operator *op);
    void (*close)(Operator *op);
} OperatorVTable;

struct Operator {
    const OperatorVTable *vt;
    const PlanNode *plan;
    ExecState *es;
    Operator *left, *right;
    Arena *arena;
    Arena *chunk_arena;
    EvalCtx eval; /* eval context: arena = chunk_arena, params from es */
    void *state;  /* operator-specific */
    /* statistics */
    uint64_t rows_out;
    uint64_t loops;
    uint64_t time_ns;
};

/* An evaluation context for es's statement, results in `arena`. */
void exec_eval_init(EvalCtx *ev, ExecState *es, Arena *arena);
/* Builds the operator tree for `plan` (recursively). Returns NULL with es->err set. */
Operator *exec_build(const PlanNode *plan, ExecState *es);
/* open/next/rescan/close through the statistics wrapper. */
int exec_open(Operator *op);
int exec_next(Operator *op, Chunk **out);
int exec_rescan(Operator *op);
void exec_close(Operator *op);
/* exec_close for the root of a statement's (or a child ExecState's) tree:
 * also closes the subplans its expressions ran (subplan_close_all). */
void exec_close_tree(Operator *root);

/* Makes `child` a copy of `parent` for a plan that runs with its own
 * parameters (a subplan, the right side of a LATERAL join): EXPR_PARAM i
 * reads params[i], which the caller sets before each run; its subplans keep
 * their own states. */
void exec_state_init_child(ExecState *child, const ExecState *parent, const Value *params,
                           int nparams);
/* Allocates an Operator with its arenas; used by the op_*.c constructors. */
Operator *operator_alloc(const PlanNode *plan, ExecState *es, const OperatorVTable *vt);
/* Checks cancellation and the statement memory limit; -1 with 57014/53200. */
int exec_check_interrupts(ExecState *es);
/* When statement_timeout ends the statement, in unix microseconds (0: never),
 * for waits on row locks (txn_wait). */
int64_t exec_statement_deadline_us(const ExecState *es);

/* READ COMMITTED's re-check of a row a concurrent transaction changed
 * (PostgreSQL's EvalPlanQual): runs `plan` again with its scans of `table`
 * restricted to `row` and a snapshot of everything committed now, and calls
 * match(ctx, chunk, pos) on the rows it yields until one returns true. The
 * chunk lives only during the call. `rc` is the caller's scratch (the
 * re-check's ExecState and snapshot). Returns 1 if a row matched, 0 if none
 * did (the row no longer qualifies), -1 on error. */
typedef struct ExecRecheck {
    ExecState es;
    struct StorageSnapshot snap;
} ExecRecheck;
typedef bool (*ExecRecheckMatch)(void *ctx, const Chunk *chunk, uint32_t pos);
int exec_recheck_row(const ExecState *es, const PlanNode *plan, const struct CatTable *table,
                     uint64_t row, ExecRecheck *rc, ExecRecheckMatch match, void *ctx);

/* Locks `row` for snap's transaction (storage_row_lock, under the table's
 * write lock) and logs the lock in the transaction's undo log (op_lock_rows.c;
 * also BEFORE triggers). The outcomes of storage_row_lock, ROW_WRITE_ERROR
 * with es->err also when the log fails. */
RowWriteResult exec_lock_row(ExecState *es, StorageTable *storage, uint64_t row,
                             const StorageSnapshot *snap, uint64_t *holder);

/* Constructors, one per operator file. */
Operator *op_seq_scan_create(const PlanNode *plan, ExecState *es);
Operator *op_index_scan_create(const PlanNode *plan, ExecState *es);
Operator *op_index_range_create(const PlanNode *plan, ExecState *es); /* op_index_range.c */
Operator *op_filter_create(const PlanNode *plan, ExecState *es);
Operator *op_project_create(const PlanNode *plan, ExecState *es);
Operator *op_hash_join_create(const PlanNode *plan, ExecState *es);
Operator *op_nl_join_create(const PlanNode *plan, ExecState *es);
Operator *op_lateral_join_create(const PlanNode *plan, ExecState *es); /* op_lateral_join.c */
Operator *op_hash_agg_create(const PlanNode *plan, ExecState *es);
Operator *op_sort_create(const PlanNode *plan, ExecState *es);
Operator *op_limit_create(const PlanNode *plan, ExecState *es);
Operator *op_setop_create(const PlanNode *plan, ExecState *es);
Operator *op_values_create(const PlanNode *plan, ExecState *es);
Operator *op_function_scan_create(const PlanNode *plan, ExecState *es);
Operator *op_insert_create(const PlanNode *plan, ExecState *es);
Operator *op_materialize_create(const PlanNode *plan, ExecState *es);
Operator *op_modify_create(const PlanNode *plan, ExecState *es);
Operator *op_copy_from_create(const PlanNode *plan, ExecState *es);
Operator *op_recursive_union_create(const PlanNode *plan, ExecState *es);
Operator *op_worktable_scan_create(const PlanNode *plan, ExecState *es);
Operator *op_modify_cte_create(const PlanNode *plan, ExecState *es);
Operator *op_window_create(const PlanNode *plan, ExecState *es);      /* op_window.c */
Operator *op_lock_rows_create(const PlanNode *plan, ExecState *es);   /* op_lock_rows.c */
Operator *op_unique_create(const PlanNode *plan, ExecState *es);      /* op_unique.c */
Operator *op_project_set_create(const PlanNode *plan, ExecState *es); /* op_project_set.c */

#endif
