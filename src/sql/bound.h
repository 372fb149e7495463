/*
 * bound.h — a query after name and type resolution (PostgreSQL's Query tree):
 * range-table entries, the FROM join tree, and typed expressions whose column
 * references are EXPR_VAR (rte, attno, levelsup) and whose aggregates are
 * EXPR_AGGREF into the query's aggregate list. The planner (plan/) turns a
 * BoundQuery into a PlanNode tree.
 *
 * Everything lives in the statement arena.
 */
#ifndef OMENDB_SQL_BOUND_H
#define OMENDB_SQL_BOUND_H

#include "catalog/catalog.h"
#include "exec/plan.h"

typedef struct BoundQuery BoundQuery;

/* The parameters of a SQL function's body (sql/bind_function.c): Vars of
 * these pseudo range-table entries, one level outside the body; the planner
 * passes the call's arguments for them (plan_expr.c). */
#define BIND_FN_PARAM_RTE(i)     (-1000 - (i))
#define BIND_FN_PARAM_INDEX(rte) (-1000 - (rte))
#define BIND_IS_FN_PARAM(rte)    ((rte) <= BIND_FN_PARAM_RTE(0))

/* RTE_WORKTABLE: a recursive CTE's reference to itself inside its recursive
 * term (bind_recursive.c); it reads the rows of the previous iteration. Also a
 * reference to a data-modifying CTE (its RETURNING rows, sql_modify_cte.c). */
typedef enum RteKind { RTE_TABLE, RTE_SUBQUERY, RTE_FUNCTION, RTE_WORKTABLE } RteKind;

typedef struct Rte {
    RteKind kind;
    const char *alias; /* name by which columns are qualified */
    int ncols;
    const char **colnames;
    OmType *types;
    CatTable *table;          /* RTE_TABLE */
    BoundQuery *subquery;     /* RTE_SUBQUERY (also VALUES in FROM, CTE references and views) */
    const CatView *view;      /* RTE_SUBQUERY of a view reference (bind_view_query) */
    FuncScanKind func;        /* RTE_FUNCTION (when srf is NULL) */
    const struct SrfDef *srf; /* RTE_FUNCTION: the function (exec/srf.h) */
    int nfuncargs;
    Expr **funcargs; /* every call's arguments, one call after the other */
    /* ROWS FROM / multi-argument unnest / WITH ORDINALITY (plan.h func_scan) */
    int nfuncs;
    const struct SrfDef **srfs;
    int *func_argc;
    bool ordinality;
    int worktable_id; /* RTE_WORKTABLE: the BoundQuery (is_recursive) it belongs to,
                       * or the data-modifying CTE (modify_cte) whose rows it reads */
    bool modify_cte;
    const char *cte_name; /* RTE_WORKTABLE; RTE_SUBQUERY: the CTE it reads, or NULL */
    int location;
    /* inside a join with an alias, `(a JOIN b ...) AS j`: not visible by
     * name outside that join (PostgreSQL's p_rel_visible) */
    bool join_hidden;
    /* RTE_SUBQUERY of a SQL function called in FROM (bind_function.c): the
     * subquery is its body and funcargs its arguments, bound at this level,
     * which the body's parameters take (plan_join.c) */
    bool fn_body;
} Rte;

/* One grouping set of GROUP BY GROUPING SETS / ROLLUP / CUBE: indexes into
 * BoundQuery.group, ascending, no duplicates (empty for the set `()`). */
typedef struct BoundGroupingSet {
    int nkeys;
    int *keys;
} BoundGroupingSet;

/* One GROUPING(args...) call (EXPR_GROUPING): the GROUP BY key each argument
 * is, leftmost first (bind_grouping_resolve). */
typedef struct BoundGrouping {
    int nargs;
    int *keys;
    int location;
} BoundGrouping;

typedef enum JoinTreeKind { JT_RTE, JT_JOIN } JoinTreeKind;

typedef struct JoinTree JoinTree;

/* The alias of a join (bind_select.c). `(a JOIN b ...) AS j [(c1, ...)]`
 * names the join's columns — USING / NATURAL columns merged, first, then the
 * rest of the left input's and the right input's — and hides a and b from
 * the rest of the query; `a JOIN b USING (x) AS j` (join_using_alias) names
 * only the USING columns and hides nothing. The planner never sees it: the
 * columns are expressions over the inputs' entries (Vars at levelsup 0,
 * COALESCE for a FULL join's merged column). */
typedef struct JoinAlias {
    const char *name;
    int ncols;
    const char **colnames;
    Expr **exprs;
    const JoinTree *jt; /* the join it names */
    bool using_only;    /* the USING alias: reachable qualified only */
    bool hidden;        /* inside a later aliased join */
} JoinAlias;

struct JoinTree {
    JoinTreeKind kind;
    int rte;       /* JT_RTE */
    JoinType type; /* JT_JOIN: INNER/LEFT/RIGHT/FULL (cross join = INNER without quals) */
    JoinTree *left, *right;
    Expr *quals; /* ON / USING condition over Vars, or NULL */
    int nusing;
    const char **using_names;
    JoinAlias *alias; /* `(...) AS j`, or NULL */
};

struct BoundQuery {
    /* set operation: larg op rarg, with the common output types */
    bool is_setop;
    SetOpKind setop;
    bool setop_all;
    BoundQuery *larg, *rarg;
    /* WITH RECURSIVE (bind_recursive.c): larg UNION [ALL] rarg where rarg reads
     * the previous iteration through RTE_WORKTABLE worktable_id (is_setop is
     * set too, so walkers over larg/rarg need no change) */
    bool is_recursive;
    int worktable_id;
    const char *cte_name;

    /* VALUES (...), (...) as a query */
    int nvalues;
    Expr ***values; /* values[row][col] */

    int nrtes;
    Rte **rtes;
    int nfrom;
    JoinTree **from; /* comma-separated FROM items (implicit cross join) */
    int njoin_aliases;
    JoinAlias **join_aliases; /* the aliases of its joins (FOR UPDATE OF one is refused) */
    Expr *where;

    int ngroup;
    Expr **group;
    /* GROUPING SETS / ROLLUP / CUBE (bind_grouping.c): the sets after
     * PostgreSQL's expansion (cross product of the GROUP BY items, nested sets
     * flattened, GROUP BY DISTINCT applied), over the distinct expressions in
     * `group`. ngsets == 0: plain GROUP BY, one set of all of `group`. A key
     * absent from a set reads NULL in that set's rows. */
    int ngsets;
    BoundGroupingSet *gsets;
    /* GROUPING() calls, EXPR_GROUPING u.grouping.index into this */
    int ngroupings;
    BoundGrouping *groupings;
    int naggs;
    AggCall *aggs;
    bool has_aggs_or_group;
    Expr *having;

    /* window functions (EXPR_WINREF index into wins) and their distinct windows */
    int nwins;
    WinCall *wins;
    int nwindows;
    WindowSpec *windows;

    /* set-returning function calls (EXPR_FUNC, srf_of_expr) in the targets,
     * GROUP BY, ORDER BY or DISTINCT ON: the planner adds ProjectSets (plan_srf.c) */
    bool has_srfs;

    int ntargets; /* visible output columns */
    Expr **targets;
    const char **target_names;
    OmType *out_types;

    bool distinct;
    /* DISTINCT ON (distinct_on...): the first row of each group of equal
     * values in sort order (the ORDER BY items start with these) */
    int ndistinct_on;
    Expr **distinct_on;
    int nsort;
    SortKey *sort; /* over Vars/aggrefs (or over output columns for set ops) */
    Expr *limit, *offset;
    bool limit_with_ties; /* FETCH FIRST n ROWS WITH TIES: rows tying with the last one too */

    /* FOR UPDATE/SHARE (bind_locking.c): the tables of this level whose rows
     * the query locks, one entry per range-table entry */
    int nlocks;
    struct BoundRowLock {
        int rte;
        RowLockStrength strength;
        RowLockWait wait;
    } * locks;

    /* correlation: Vars with levelsup > 0 in this query or its subqueries */
    bool is_correlated;
};

/* Structural equality of bound expressions (GROUP BY / ORDER BY matching). */
bool bound_expr_equal(const Expr *a, const Expr *b);

#endif
