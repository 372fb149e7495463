/*
 * plan.h — the physical plan: a read-only tree of PlanNodes produced by the
 * planner (src/plan) and turned into running Operators by exec_build()
 * (exec/operator.h). A plan may be cached and executed many times; nothing in
 * it changes during execution (PostgreSQL's Plan vs. PlanState split).
 *
 * Column numbering: every node outputs `ncols` columns of `types`. Expressions
 * inside a node reference its input columns by index (EXPR_COLUMN):
 *   - FILTER/PROJECT/SORT keys/AGG args: the child's output columns;
 *   - joins: left child's columns 0..L-1, then right child's L..L+R-1 (for the
 *     join condition and for the output of INNER/LEFT/RIGHT/FULL joins);
 *     SEMI/ANTI joins output only the left columns.
 *   - hash join keys: left_keys over the left child, right_keys over the right.
 */
#ifndef OMENDB_EXEC_PLAN_H
#define OMENDB_EXEC_PLAN_H

#include "exec/expr.h"

typedef struct PlanNode PlanNode;

/* A CHECK constraint as INSERT / UPDATE / COPY evaluate it: expr reads the
 * full table row (EXPR_COLUMN i = table column i). */
typedef struct PlanCheck {
    const char *name;
    Expr *expr;
} PlanCheck;
struct CatTable;    /* catalog/catalog.h */
struct CopyOptions; /* exec/copy_format.h */

typedef enum PlanKind {
    PLAN_SEQ_SCAN,   /* columnar scan of a table (projection + filter pushdown) */
    PLAN_INDEX_SCAN, /* primary-key index lookup / range (issue 3) */
    PLAN_FILTER,
    PLAN_PROJECT,
    PLAN_HASH_JOIN,
    PLAN_NL_JOIN,  /* nested loop for non-equi joins, CROSS JOIN and LATERAL */
    PLAN_HASH_AGG, /* GROUP BY, DISTINCT (no aggs) and ungrouped aggregates (ngroup = 0) */
    PLAN_SORT,     /* ORDER BY; top-N when limit >= 0 */
    PLAN_LIMIT,
    PLAN_SETOP,         /* UNION / INTERSECT / EXCEPT [ALL] over left and right */
    PLAN_VALUES,        /* VALUES lists and SELECT without FROM */
    PLAN_FUNCTION_SCAN, /* generate_series(...) */
    PLAN_INSERT,        /* INSERT ... VALUES / SELECT */
    PLAN_MATERIALIZE,   /* buffers its child once; rescannable (subplans, NL inner) */
    PLAN_MODIFY,        /* UPDATE / DELETE of the rows whose ids the child yields */
    PLAN_COPY_FROM,     /* COPY ... FROM STDIN: parses CopyData into chunks (op_copy_from.c) */
    /* WITH RECURSIVE: left = non-recursive term, right = recursive term */
    PLAN_RECURSIVE_UNION,
    /* the recursive term's reference to its CTE (the working table) */
    PLAN_WORKTABLE_SCAN,
    PLAN_WINDOW,      /* window functions over a child sorted by partition + order keys */
    PLAN_LOCK_ROWS,   /* SELECT FOR UPDATE/SHARE: locks the rows whose row ids the child carries */
    PLAN_UNIQUE,      /* DISTINCT ON: the first row of each run of equal keys in a sorted child */
    PLAN_PROJECT_SET, /* set-returning functions of the SELECT list (op_project_set.c) */
    /* a data-modifying WITH query (left), run to completion before the rest of
     * the statement (right), whose WORKTABLE_SCANs with its wt_id read its
     * RETURNING rows (op_modify_cte.c); output = right's */
    PLAN_MODIFY_CTE,
} PlanKind;

/* SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE (weakest first, as
 * PostgreSQL orders them) and what to do about a row another transaction
 * holds: wait, skip the row (SKIP LOCKED), or fail (NOWAIT, 55P03). */
typedef enum RowLockStrength {
    ROW_LOCK_KEY_SHARE,
    ROW_LOCK_SHARE,
    ROW_LOCK_NO_KEY_UPDATE,
    ROW_LOCK_UPDATE,
} RowLockStrength;
typedef enum RowLockWait {
    ROW_LOCK_WAIT_BLOCK,
    ROW_LOCK_WAIT_SKIP,
    ROW_LOCK_WAIT_ERROR
} RowLockWait;

/* "FOR UPDATE", "FOR SHARE", ... */
const char *row_lock_strength_name(RowLockStrength strength);

typedef enum JoinType {
    JOIN_INNER,
    JOIN_LEFT,
    JOIN_RIGHT,
    JOIN_FULL,
    JOIN_SEMI, /* EXISTS / IN: left rows with a match */
    JOIN_ANTI, /* NOT EXISTS: left rows without a match */
} JoinType;

typedef struct SortKey {
    Expr *expr;
    bool desc;
    bool nulls_first; /* PostgreSQL default: NULLS LAST for ASC, FIRST for DESC */
} SortKey;

typedef enum AggKind {
    AGG_COUNT_STAR,
    AGG_COUNT,
    AGG_SUM,
    AGG_AVG,
    AGG_MIN,
    AGG_MAX,
    AGG_BOOL_AND,
    AGG_BOOL_OR,
    AGG_STRING_AGG, /* args: value, delimiter */
    AGG_BIT_AND,
    AGG_BIT_OR,
    AGG_BIT_XOR,
    AGG_ARRAY_AGG, /* the values in order, NULLs included; no rows give NULL */
    AGG_VAR_POP,   /* var_pop .. stddev_samp: one argument */
    AGG_VAR_SAMP,
    AGG_STDDEV_POP,
    AGG_STDDEV_SAMP,
    AGG_COVAR_POP, /* covar_pop .. regr_intercept: (Y, X) as float8 */
    AGG_COVAR_SAMP,
    AGG_CORR,
    AGG_REGR_COUNT,
    AGG_REGR_SXX,
    AGG_REGR_SYY,
    AGG_REGR_SXY,
    AGG_REGR_AVGX,
    AGG_REGR_AVGY,
    AGG_REGR_R2,
    AGG_REGR_SLOPE,
    AGG_REGR_INTERCEPT,
    AGG_JSON_AGG, /* json(b)_agg(any): the values in order, NULLs as null (agg_json.c) */
    AGG_JSONB_AGG,
    AGG_JSON_AGG_ROWS,   /* json_agg of whole rows (sql/bind_row_json.c): a line break between */
    AGG_JSON_OBJECT_AGG, /* json(b)_object_agg(key, value): arg key, arg2 value */
    AGG_JSONB_OBJECT_AGG,
    AGG_PERCENTILE_CONT, /* ordered-set: WITHIN GROUP (ORDER BY arg), fraction `direct` */
    AGG_PERCENTILE_DISC,
    AGG_MODE,
} AggKind;

/* One aggregate call. Ordered aggregates (`agg(x ORDER BY k)`) and the
 * ordered-set aggregates (`WITHIN GROUP (ORDER BY x)`, whose order[0].expr is
 * arg) have norder > 0: the hash aggregate sorts each group's input rows by
 * `order` (input order among ties) before the aggregate sees them. */
typedef struct AggCall {
    AggKind kind;
    Expr *arg;     /* NULL for count(*) */
    Expr *arg2;    /* string_agg delimiter; X of covar_pop .. regr_intercept (arg is Y);
                    * json(b)_object_agg value (arg is the key) */
    bool distinct; /* count(DISTINCT x), sum(DISTINCT x)... */
    Expr *filter;  /* FILTER (WHERE ...) or NULL */
    int norder;
    SortKey *order;
    Expr *direct; /* percentile_*: the fraction (float8), evaluated once per statement */
    OmType result_type;
} AggCall;

/* The expressions of an aggregate call, for walkers: arg, arg2, filter,
 * direct, then the ORDER BY keys (entries may be NULL). */
static inline int agg_call_nexprs(const AggCall *c)
{
    return 4 + c->norder;
}
static inline Expr **agg_call_expr(AggCall *c, int i)
{
    switch (i) {
    case 0:
        return &c->arg;
    case 1:
        return &c->arg2;
    case 2:
        return &c->filter;
    case 3:
        return &c->direct;
    default:
        return &c->order[i - 4].expr;
    }
}

/* One grouping set of a PLAN_HASH_AGG (agg.sets). */
typedef struct AggGroupingSet {
    int nkeys;
    const int *keys;
} AggGroupingSet;

/* Window functions (PostgreSQL 15's pg_proc entries with prokind 'w', and
 * aggregates used with OVER). */
typedef enum WinFuncKind {
    WIN_ROW_NUMBER,
    WIN_RANK,
    WIN_DENSE_RANK,
    WIN_PERCENT_RANK,
    WIN_CUME_DIST,
    WIN_NTILE,
    WIN_LAG,
    WIN_LEAD,
    WIN_FIRST_VALUE,
    WIN_LAST_VALUE,
    WIN_NTH_VALUE,
    WIN_AGG, /* an aggregate over the window frame: WinCall.agg */
} WinFuncKind;

/* Frame options: the bits of PostgreSQL's FRAMEOPTION_* (parse node
 * WindowDef.frame_options, which libpg_query hands over unchanged). */
enum {
    WINFRAME_NONDEFAULT = 0x1,
    WINFRAME_RANGE = 0x2,
    WINFRAME_ROWS = 0x4,
    WINFRAME_GROUPS = 0x8,
    WINFRAME_BETWEEN = 0x10,
    WINFRAME_START_UNBOUNDED_PRECEDING = 0x20,
    WINFRAME_END_UNBOUNDED_PRECEDING = 0x40,
    WINFRAME_START_UNBOUNDED_FOLLOWING = 0x80,
    WINFRAME_END_UNBOUNDED_FOLLOWING = 0x100,
    WINFRAME_START_CURRENT_ROW = 0x200,
    WINFRAME_END_CURRENT_ROW = 0x400,
    WINFRAME_START_OFFSET_PRECEDING = 0x800,
    WINFRAME_END_OFFSET_PRECEDING = 0x1000,
    WINFRAME_START_OFFSET_FOLLOWING = 0x2000,
    WINFRAME_END_OFFSET_FOLLOWING = 0x4000,
    WINFRAME_EXCLUDE_CURRENT_ROW = 0x8000,
    WINFRAME_EXCLUDE_GROUP = 0x10000,
    WINFRAME_EXCLUDE_TIES = 0x20000,
    WINFRAME_DEFAULT =
        WINFRAME_RANGE | WINFRAME_START_UNBOUNDED_PRECEDING | WINFRAME_END_CURRENT_ROW,
};

/* One window: PARTITION BY, ORDER BY and the frame. In a bound query the
 * expressions are over Vars; in a PLAN_WINDOW node every one of them is an
 * EXPR_COLUMN of the node's input (the planner computes them below the sort),
 * except the frame offsets, which are constants evaluated once at open. */
typedef struct WindowSpec {
    int npart;
    Expr **part;
    int norder;
    SortKey *order;
    int frame;                       /* WINFRAME_* bits */
    Expr *start_offset, *end_offset; /* ROWS/GROUPS: int8; RANGE: the offset's own type */
    /* RANGE with an offset: the ORDER BY key converted to a type with
     * arithmetic (numeric for integers, float8, numeric, timestamp[tz]) and,
     * per row, the frame's start and end bound values (key -/+ offset in that
     * type); start_neg/end_neg are the constant tests "offset < 0" (22013). */
    Expr *range_key, *range_start, *range_end;
    Expr *start_neg, *end_neg;
} WindowSpec;

/* One window function call. args: row_number..cume_dist none; ntile (n);
 * lag/lead (value, offset int4, default) with offset 1 and default NULL when
 * not given; first_value/last_value (value); nth_value (value, n int4). */
typedef struct WinCall {
    WinFuncKind kind;
    int win; /* bound query: index into BoundQuery.windows */
    int nargs;
    Expr *args[3];
    AggCall agg; /* WIN_AGG: the aggregate (arg, arg2 and filter as for GROUP BY) */
    OmType result_type;
} WinCall;

typedef enum SetOpKind { SETOP_UNION, SETOP_INTERSECT, SETOP_EXCEPT } SetOpKind;

typedef enum FuncScanKind {
    FUNCSCAN_GENERATE_SERIES,
    FUNCSCAN_UNNEST, /* unnest(anyarray) (the SrfDef in func_scan.srf decides) */
} FuncScanKind;

struct SrfDef; /* exec/srf.h */

/* One set-returning function call of a PLAN_PROJECT_SET: the function, its
 * arguments over the node's input columns, and its result type. A function
 * with several OUT parameters (ncols > 1) gives a record of them
 * (catalog/record.h), col_types[0..ncols) being their types. */
typedef struct SrfCallPlan {
    const struct SrfDef *def;
    int nargs;
    Expr **args;
    OmType type;
    int ncols;
    OmType *col_types;
} SrfCallPlan;

/* How a table access was chosen (for EXPLAIN: "the router"). */
typedef enum AccessPath { ACCESS_COLUMNAR_SCAN, ACCESS_INDEX_POINT, ACCESS_INDEX_RANGE } AccessPath;

struct PlanNode {
    PlanKind kind;
    int ncols;
    OmType *types;
    const char **names; /* output column names (for RowDescription at the top) */
    /* at the top of a query: the table column each output column reads
     * unchanged (RowDescription's table OID and attribute number, 0 when
     * computed); NULL when no column does */
    const uint32_t *src_oids;
    const int16_t *src_attnums;
    double est_rows;
    const char *explain_note; /* why this node/path was chosen, e.g. router reason */
    PlanNode *left;           /* the child for unary nodes; probe/outer side for joins */
    PlanNode *right;          /* build/inner side for joins; right input of SETOP */
    union {
        struct {
            struct CatTable *table;
            const char *table_name; /* for EXPLAIN: schema.table */
            const char *alias;
            int ncols;    /* columns read */
            int *col_ids; /* table column index of each output column */
            Expr *filter; /* over the OUTPUT columns; may be NULL */
            AccessPath path;
            /* index scans (issue 3): key bounds as expressions over params/consts */
            Expr *key_eq;  /* pk = key (or NULL) */
            Expr **key_in; /* pk IN (...) */
            int n_key_in;
            Expr *key_array; /* pk = ANY (array): a constant or parameter array */
            Expr *key_lo, *key_hi;
            bool lo_incl, hi_incl;
            /* ACCESS_INDEX_RANGE: bounds on the leading key column of storage
             * unique index `index_slot` (either may be NULL); rows come in key
             * order. Point and range scans: for EXPLAIN, the index's name and
             * structure, the conditions it serves, and the router's estimate. */
            int index_slot;
            const char *index_name;
            const char *index_kind;
            Expr *index_cond;
            double index_est, table_rows;
        } scan;
        struct {
            Expr *pred;
        } filter;
        struct {
            Expr **exprs; /* one per output column */
        } project;
        struct {
            JoinType type;
            int nkeys;
            Expr **left_keys;
            Expr **right_keys;
            Expr *extra; /* residual condition over left+right columns, or NULL */
        } hash_join;
        struct {
            JoinType type;
            Expr *cond; /* over left+right columns; NULL = cross join */
            /* LATERAL: when nparams > 0, a dependent join (op_lateral_join.c,
             * INNER or LEFT): per left row, params[i] (over the left columns)
             * becomes parameter i of the right side, which runs again */
            int nparams;
            Expr **params;
        } nl_join;
        struct {
            int ngroup;
            Expr **group_keys; /* output columns 0..ngroup-1 */
            int naggs;
            AggCall *aggs; /* output columns ngroup..ngroup+naggs-1 */
            /* GROUPING SETS (plan/plan_grouping.c): nsets > 0 sets, each
             * grouping by the keys sets[s].keys (indexes into group_keys);
             * the rows of set s read NULL in the other key columns. Sets are
             * emitted one after the other, a set with no keys always as one
             * row. nsets == 0: one set of all the keys. */
            int nsets;
            const struct AggGroupingSet *sets;
            /* GROUPING() calls: output columns ngroup+naggs.., int4; call c
             * in the rows of set s is grouping_vals[c * max(nsets, 1) + s] */
            int ngrouping;
            const int32_t *grouping_vals;
        } agg;
        struct {
            int nkeys;
            SortKey *keys;
            int64_t limit; /* >= 0: only the first `limit` rows are needed (top-N) */
        } sort;
        struct {
            Expr *limit;  /* NULL = none; evaluated once (constants/params) */
            Expr *offset; /* NULL = 0 */
            /* FETCH FIRST ... WITH TIES: the ORDER BY keys over the input;
             * rows whose keys equal the last counted row's follow it */
            int nties;
            Expr **ties;
        } limit;
        struct {
            SetOpKind op;
            bool all;
        } setop;
        struct {
            int nrows;
            Expr ***rows; /* rows[r][c], c < ncols */
        } values;
        struct {
            /* the function: srf, or when NULL (plans built by hand) the one
             * `func` names; result type types[0] */
            const struct SrfDef *srf;
            FuncScanKind func;
            int nargs;
            Expr **args;
            /* ROWS FROM (f(...), g(...)) and unnest(a, b): nfuncs > 0 calls
             * srfs[i] with argc[i] of `args` (in order), columns types[0..nfuncs)
             * in lockstep (NULL after a set ends); `ordinality` adds an int8
             * column counting rows from 1 */
            int nfuncs;
            const struct SrfDef **srfs;
            const int *argc;
            bool ordinality;
        } func_scan;
        struct {
            /* PLAN_PROJECT_SET: output = the child's columns, then one column
             * per call. Per input row the calls run in lockstep: as many rows
             * as the longest set, NULL for a call whose set has ended, no row
             * when every set is empty (PostgreSQL 10+). */
            int ncalls;
            SrfCallPlan *calls;
        } project_set;
        struct {
            struct CatTable *table;
            const char *table_name;
            int ncols_in;     /* child output columns */
            int *target_cols; /* table column index for each child column */
            Expr *
                *defaults; /* per table column: default expr for columns not given (NULL = NULL) */
            bool returning_count_only;
            bool returning; /* emit the inserted (or upserted) rows, all table columns */
            /* ON CONFLICT: 0 none, 1 DO NOTHING, 2 DO UPDATE */
            int on_conflict;
            /* the unique-index slots the conflict is checked on (PostgreSQL's
             * arbiter indexes, sql/sql_infer_arbiter.c); 0: every one */
            int narbiters;
            int *arbiters;
            int nset; /* DO UPDATE SET: columns and values over [row, EXCLUDED] */
            int *set_cols;
            Expr **set_exprs;
            Expr *conflict_where;     /* DO UPDATE ... WHERE, over [row, EXCLUDED]; or NULL */
            int nchecks;              /* CHECK constraints, over the full table row */
            struct PlanCheck *checks; /* in PostgreSQL's order (by name) */
            /* per table column: its generation expression over the full row
             * (EXPR_COLUMN c = column c), computed last; NULL: not generated.
             * The array itself is NULL when no column is generated. */
            Expr **generated;
        } insert;
        struct {
            /* child columns: 0 = row id of the target row, 1..nset = new
             * values of set_cols (UPDATE); output: the full new (UPDATE) or
             * old (DELETE) row when `returning`, else nothing */
            struct CatTable *table;
            const char *table_name;
            bool is_delete;
            bool no_fk_checks; /* TRUNCATE of every referencing table too */
            bool truncate;     /* TRUNCATE: its statement triggers, no row triggers */
            int nset;
            int *set_cols;
            bool returning;
            /* RETURNING of UPDATE ... FROM / DELETE ... USING: child columns
             * 1 + nset .. are other FROM items' values, passed through after
             * the row's columns */
            int nextra;
            int nchecks; /* CHECK constraints, checked on the new row */
            struct PlanCheck *checks;
        } modify;
        struct {
            /* PLAN_RECURSIVE_UNION: the WORKTABLE_SCANs with the same wt_id inside
             * `right` read the rows of the previous iteration; all = UNION ALL */
            int wt_id;
            bool all;
            const char *cte_name; /* for EXPLAIN */
        } recursive;
        struct {
            /* PLAN_WORKTABLE_SCAN: which enclosing RECURSIVE_UNION, or (modify_cte)
             * which enclosing MODIFY_CTE */
            int wt_id;
            const char *cte_name;
            const char *alias;
            bool modify_cte;
        } worktable;
        struct {
            int wt_id; /* PLAN_MODIFY_CTE */
            const char *cte_name;
        } modify_cte;
        struct {
            /* output: the child's columns, then one column per function */
            WindowSpec spec;
            int nfuncs;
            WinCall *funcs;
        } window;
        struct {
            /* PLAN_UNIQUE: output = input; the key columns (NULLs equal) */
            int nkeys;
            int *cols;
        } unique;
        struct {
            /* PLAN_LOCK_ROWS: output = input; per locked table, the input
             * column holding its row id (int8), and how to lock */
            int nlocks;
            struct CatTable **tables;
            int *rowid_cols;
            RowLockStrength *strengths;
            RowLockWait *waits;
            /* a LIMIT above: lock no more than max_rows rows (-1: no bound
             * known); a LIMIT that is not a constant: pass rows on one at a
             * time, so the rows it does not take stay unlocked */
            int64_t max_rows;
            bool one_at_a_time;
        } lock_rows;
        struct {
            const struct CopyOptions *opts;
            const char *rel_name;   /* for the error context "COPY t, line 3, ..." */
            const char **col_names; /* per output column; also for HEADER MATCH */
            /* The data stream: 1 = the next piece is in data and len, 0 = end,
             * -1 = error (err filled). The statement owns read_ctx; the plan
             * of a COPY is built for one execution and never cached. */
            int (*read)(void *read_ctx, const char **data, size_t *len, OmError *err);
            void *read_ctx;
        } copy_from;
    } u;
};

const char *plan_kind_name(PlanKind kind);
const char *join_type_name(JoinType type);

#endif
