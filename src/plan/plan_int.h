/*
 * plan_int.h — planner internals shared by the plan_*.c files.
 *
 * A Layout says what each output column of a planned subtree is: a base
 * column (rte, attno) of the query being planned, a GROUP BY key, an
 * aggregate result, or an output column of the query. Expressions of the
 * bound query are translated against a layout into executable expressions
 * (EXPR_VAR → EXPR_COLUMN, EXPR_AGGREF → EXPR_COLUMN, EXPR_SUBLINK →
 * EXPR_SUBPLAN).
 */
#ifndef OMENDB_PLAN_PLAN_INT_H
#define OMENDB_PLAN_PLAN_INT_H

#include "exec/subplan.h"
#include "plan/planner.h"

/* LAY_SRF: the result of set-returning call PlanLevel.srfs[a] (a ProjectSet column) */
typedef enum LayoutKind {
    LAY_VAR,
    LAY_GROUP,
    LAY_AGG,
    LAY_OUTPUT,
    LAY_OTHER,
    LAY_WIN,
    LAY_SRF,
    LAY_GROUPING /* the value of GROUPING() call a (an aggregate output column) */
} LayoutKind;

typedef struct LayoutCol {
    LayoutKind kind;
    int a; /* rte / group index / agg index / output index / window call index */
    int b; /* attno */
} LayoutCol;

typedef struct Layout {
    int n;
    LayoutCol *cols;
} Layout;

/* Outer-reference context of a subquery being planned as a subplan: Vars with
 * levelsup == 1 become parameters; `outer_vars` collects them in order. */
typedef struct OuterRefs {
    int n, cap;
    Expr **vars; /* the Vars as seen from the outer query (levelsup decremented) */
    /* LATERAL (plan_join.c): the parameters of a dependent part of one
     * level's FROM (a function whose arguments use other FROM items, a join
     * unit holding such an item), set per row by the nested loop that joins
     * it. Vars of the entries `rtes` (outside the part) and outer Vars become
     * parameters; `vars` keeps them as the level itself sees them (levelsup
     * unchanged). */
    bool same_level;
    uint64_t rtes;
} OuterRefs;

typedef struct PlanLevel {
    BoundQuery *q;
    const Layout *layout;     /* current input layout for translation */
    const Layout *agg_layout; /* after aggregation: group keys and aggs */
    OuterRefs *outer;         /* where this level's correlated Vars go (NULL: top level) */
    struct PlanLevel *parent;
    bool after_agg;
    bool override_where; /* plan FROM with `where` instead of q->where (unnesting) */
    Expr *where;
    /* set-returning calls of q placed in ProjectSets so far (plan_srf.c): the
     * bound EXPR_FUNC nodes, matched by identity */
    const Expr **srfs;
    int nsrfs;
} PlanLevel;

/* plan_expr.c */
Expr *plan_translate(Planner *p, PlanLevel *lvl, const Expr *e);
Layout *layout_new(Planner *p, int n);
Layout *layout_concat(Planner *p, const Layout *a, const Layout *b);
int layout_find_var(const Layout *l, int rte, int attno);
/* Collects conjuncts of an AND tree. */
void plan_split_and(Planner *p, Expr *e, Expr ***out, int *n, int *cap);
Expr *plan_make_and(Planner *p, Expr **conj, int n);
/* Bitmask of the query's rtes referenced by Vars at levelsup 0 (bit 63 = more). */
uint64_t plan_expr_rtes(const Expr *e);
/* The bit of rte `i` in such a mask. */
uint64_t plan_rte_bit(int i);
/* The entries of the same query an entry of its FROM uses (LATERAL): through
 * a subquery's Vars one level up, or a function's arguments. */
uint64_t plan_rte_lateral_rtes(const Rte *rte);
/* A SQL function's body (sql/bind_function.c) planned as a subplan or a FROM
 * item: refs starts with its parameters, in argument order (whether or not
 * the body uses each), so that parameter i is argument i. */
void plan_fn_param_refs(Planner *p, Expr *const *args, int n, OuterRefs *refs);
/* True if e contains a sublink / an aggref / a Var with levelsup > 0. */
bool plan_expr_has_sublink(const Expr *e);
bool plan_expr_has_outer_var(const Expr *e);

/* plan_query.c */
PlanNode *plan_query_level(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer,
                           Layout **out_layout);

/* plan_query.c: the two terms of a set operation or recursive union, each
 * cast to q->out_types where its columns differ; 0, or -1 with p->err. */
int plan_set_terms(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer, PlanNode **l,
                   PlanNode **r);
/* A layout whose column i is output column i. */
Layout *plan_output_layout(Planner *p, int n);

/* plan_recursive.c: WITH RECURSIVE (a BoundQuery with is_recursive) and the
 * recursive term's reference to its CTE (RTE_WORKTABLE) */
PlanNode *plan_recursive_union(Planner *p, BoundQuery *q, PlanLevel *parent, OuterRefs *outer,
                               Layout **out_layout);
PlanNode *plan_worktable_scan(Planner *p, const Rte *rte);
/* plan_window.c */
/* Adds the window functions of lvl->q above `plan` (one sort + PLAN_WINDOW
 * per distinct window) and extends lvl->layout with their results (LAY_WIN). */
PlanNode *plan_windows(Planner *p, PlanLevel *lvl, PlanNode *plan);
/* The expressions inside q's window calls and windows, for walkers: entry i
 * of plan_window_nexprs(q); an entry may be NULL. */
int plan_window_nexprs(const BoundQuery *q);
Expr *plan_window_expr(const BoundQuery *q, int i);

/* plan_srf.c */
/* Adds ProjectSets above `plan` for the set-returning calls in exprs[0..n)
 * (bound over lvl->q; after aggregation, parts equal to a GROUP BY key are
 * that key and not looked into) — one ProjectSet per nesting depth, inner
 * calls first — and extends lvl->layout with their results (LAY_SRF), so
 * plan_translate turns each call into a column. NULL with p->err set. */
PlanNode *plan_project_sets(Planner *p, PlanLevel *lvl, PlanNode *plan, Expr *const *exprs, int n);
/* lvl->layout's column of SRF call e, or -1 (plan_translate). */
int plan_srf_column(const PlanLevel *lvl, const Expr *e);

/* plan_grouping.c */
/* Gives `agg` (a PLAN_HASH_AGG over q's GROUP BY keys and aggregates, whose
 * first col0 columns are set) q's grouping sets and one output column per
 * GROUPING() call of q, at col0.. in types and layout `al` (LAY_GROUPING).
 * Returns the number of columns added. */
int plan_grouping_setup(Planner *p, const BoundQuery *q, PlanNode *agg, OmType *types, Layout *al,
                        int col0);
/* True when GROUP BY key g is in every grouping set of q (always without sets). */
bool plan_grouping_key_in_all_sets(const BoundQuery *q, int g);
/* Puts GROUP BY key g (appended to q->group) into every grouping set of q. */
void plan_grouping_add_key(Planner *p, BoundQuery *q, int g);
/* The estimated number of groups of q over `input_rows` input rows. */
double plan_grouping_est_rows(const BoundQuery *q, double input_rows);

/* plan_join.c */
PlanNode *plan_from_where(Planner *p, PlanLevel *lvl, Layout **out_layout);

#endif
