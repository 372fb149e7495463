/*
 * expr.h — bound, typed scalar expressions and their vectorized evaluation.
 *
 * The binder (sql/) produces Expr trees whose every node has a resolved type;
 * operators and function calls point at a FuncDef overload chosen by
 * PostgreSQL's resolution rules (func_resolve in exec/func_registry.h), with
 * implicit casts already inserted as explicit EXPR_FUNC cast nodes. Evaluation
 * (expr_eval) runs once per chunk: each node produces a Vector over the chunk's
 * selected rows, using a type-specialised kernel per overload — there is no
 * per-row dispatch.
 *
 * Column references (EXPR_COLUMN) index the input chunk's columns. Parameters
 * (EXPR_PARAM) read EvalCtx.stmt_params when param.stmt ($n of a prepared
 * statement, the same array in every subplan) and EvalCtx.params otherwise
 * (outer values of a correlated subquery run as a subplan, EXPR_SUBPLAN).
 *
 * Lifetime: an Expr tree belongs to the statement arena (or to a cached plan's
 * arena) and is read-only during execution; evaluation state lives in EvalCtx.
 */
#ifndef OMENDB_EXEC_EXPR_H
#define OMENDB_EXEC_EXPR_H

#include <stdatomic.h>

#include "common/error.h"
#include "exec/vector.h"

typedef struct FuncDef FuncDef;
typedef struct Expr Expr;
typedef struct EvalCtx EvalCtx;
typedef struct SubPlan SubPlan; /* exec/subplan.h */

typedef enum ExprKind {
    EXPR_CONST,  /* value */
    EXPR_COLUMN, /* column.index of the input chunk */
    EXPR_PARAM,  /* param.index into EvalCtx.params (0-based) */
    EXPR_FUNC,   /* func.def applied to args (operators and casts too) */
    EXPR_AND,    /* n-ary, three-valued */
    EXPR_OR,     /* n-ary, three-valued */
    EXPR_NOT,
    EXPR_IS_NULL, /* args[0] IS NULL */
    EXPR_IS_NOT_NULL,
    EXPR_IS_TRUE, /* IS TRUE / IS NOT TRUE / IS FALSE / IS NOT FALSE / IS UNKNOWN ... */
    EXPR_IS_NOT_TRUE,
    EXPR_IS_FALSE,
    EXPR_IS_NOT_FALSE,
    EXPR_IS_DISTINCT,     /* args[0] IS DISTINCT FROM args[1] (same types) */
    EXPR_IS_NOT_DISTINCT, /* uses func.def = the "=" overload for the pair */
    EXPR_CASE,      /* args = [when1, then1, when2, then2, ..., else]; else may be NULL const */
    EXPR_COALESCE,  /* first non-null of args */
    EXPR_NULLIF,    /* args[0], args[1], func.def = "=" overload */
    EXPR_IN_LIST,   /* args[0] IN (args[1..]); func.def = "=" overload; 3-valued */
    EXPR_SUBPLAN,   /* correlated/uncorrelated subquery evaluated by exec/subplan.c */
    EXPR_ANY_ARRAY, /* args[0] op ANY (args[1], an array); func.def = the element operator;
                     * func.negate: op ALL instead. Three-valued; an empty array gives
                     * false (ANY) / true (ALL) even for a NULL args[0]. */
    /* Binder-only kinds: they appear in bound queries (sql/) and are replaced by
     * the planner (plan/) before execution; the evaluator never sees them. */
    EXPR_VAR,     /* u.var: column attno of range-table entry rte, levelsup query levels out */
    EXPR_AGGREF,  /* u.aggref.index: the query's aggregate number index */
    EXPR_SUBLINK, /* u.sublink: a bound subquery (args[0] = IN/ANY/ALL left operand) */
    EXPR_WINREF,  /* u.winref.index: the query's window function call number index */
    /* GROUPING(args...) (sql/bind_grouping.c): int4, u.grouping.index is the
     * query's GROUPING call number; args are the bound arguments, each a
     * GROUP BY expression of the query */
    EXPR_GROUPING,
} ExprKind;

typedef enum SubLinkKind {
    SUBLINK_SCALAR, /* (SELECT x ...): one column, at most one row (else 21000) */
    SUBLINK_EXISTS,
    SUBLINK_IN,    /* args[0] IN (SELECT ...), three-valued; func = "=" overload */
    SUBLINK_ANY,   /* args[0] op ANY (SELECT ...) */
    SUBLINK_ALL,   /* args[0] op ALL (SELECT ...) */
    SUBLINK_ARRAY, /* ARRAY(SELECT x ...): the column's values as array text '{a,b}' */
    /* (a, b) op (SELECT x, y ...): a row against the one row the subquery
     * returns (none: NULL; more: 21000); u.sub.nrow and the row operators */
    SUBLINK_ROWCOMPARE,
} SubLinkKind;

struct Expr {
    ExprKind kind;
    OmType type;  /* result type */
    int location; /* 1-based offset into the query text for errors; 0 = unknown */
    int nargs;
    Expr **args;
    union {
        Value value; /* EXPR_CONST */
        struct {
            int index;
        } column; /* EXPR_COLUMN */
        struct {
            int index;
            bool stmt; /* $index+1 of the statement, else a subplan parameter */
        } param;       /* EXPR_PARAM */
        struct {
            const FuncDef *def;
            bool negate; /* EXPR_IN_LIST / SUBLINK: NOT IN; for SUBLINK_ALL ignored */
        } func; /* EXPR_FUNC, EXPR_NULLIF, EXPR_IN_LIST, EXPR_ANY_ARRAY, EXPR_IS_*DISTINCT */
        struct {
            SubLinkKind kind;
            const FuncDef *cmp; /* comparison overload for IN/ANY/ALL */
            bool negate;        /* NOT IN / NOT EXISTS */
            SubPlan *plan;      /* args = the test values, then outer values passed as params */
            /* a row's IN/ANY/ALL: `(a, b) IN (SELECT x, y ...)`: nrow > 1 test
             * values and one comparison overload per column (cmp is row_cmps[0]);
             * row_ne: the operator is <> (a row differs where any column does),
             * else = (a row matches where every column does). 0: one value */
            int nrow;
            const FuncDef **row_cmps;
            bool row_ne;
            /* an ordering operator (<, <=, >, >=: row_cmps) compares rows
             * lexicographically: the first column pair that is not equal
             * (row_eq_cmps) decides, a NULL before it makes NULL; rows equal
             * throughout satisfy <= and >= (row_or_equal) */
            const FuncDef **row_eq_cmps;
            bool row_or_equal;
            /* a SQL function's body (sql/bind_function.c): SCALAR with the
             * first row's value (NULL for none) instead of 21000 for several;
             * fn_strict: NULL without running when a parameter (an argument)
             * is NULL; fn_void: the value is void's empty one */
            bool fn_body, fn_strict, fn_void;
        } sub;
        struct {
            int rte;
            int attno; /* 0-based column of the range-table entry's output */
            int levelsup;
        } var;
        struct {
            int index;
        } aggref;
        struct {
            int index;
        } winref;
        struct {
            int index;
        } grouping;
        struct {
            SubLinkKind kind;
            const FuncDef *cmp;
            bool negate;
            struct BoundQuery *query;
            int nrow; /* as u.sub's: args[0..nrow) are a row's values */
            const FuncDef **row_cmps;
            bool row_ne;
            const FuncDef **row_eq_cmps;
            bool row_or_equal;
            /* fn_call: a call of a SQL function whose body could not be
             * inlined (sql/bind_function.c): query is the body, whose
             * parameters (Vars of rte BIND_FN_PARAM_RTE(i)) take the values
             * of args[i], the arguments as bound in the calling query (the
             * body's own is_correlated is false); see u.sub */
            bool fn_call, fn_strict, fn_void;
            bool fn_volatile; /* VOLATILE: runs per call even without arguments */
        } sublink;
    } u;
};

/* Evaluation context for one operator instance. */
struct EvalCtx {
    Arena *arena; /* result vectors of this chunk; reset by the operator per chunk */
    OmError *err;
    const Value *params; /* subplan parameters */
    int nparams;
    atomic_bool *cancel; /* set by a cancel request or statement_timeout; may be NULL */
    const struct SessionSettings *settings; /* DateStyle, TimeZone, extra_float_digits... */
    void *exec_state;                       /* the executor's per-statement state (for subplans) */
    struct Catalog *catalog;  /* for catalog functions and regclass casts; may be NULL */
    const Value *stmt_params; /* $1..$n of a prepared statement (may be NULL) */
    int n_stmt_params;
};

/* Signature of a scalar kernel. args[i] are FLAT or CONSTANT (never DICT).
 * Writes results for the rows sel[0..count) (or 0..count) into `out`, which the
 * caller prepared with vector_init_flat(out, def->ret...). Strict functions do
 * not see NULL rows' values: the evaluator pre-computes the output validity and
 * the kernel may compute garbage for NULL rows (it must not fail on them: check
 * validity before raising an error, e.g. division by zero). */
typedef int (*ScalarKernel)(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                            Vector *out, EvalCtx *ctx);

enum {
    FUNC_STRICT = 1 << 0,        /* NULL in any argument gives NULL */
    FUNC_VOLATILE = 1 << 1,      /* random(), now()... : never constant-folded */
    FUNC_IMPLICIT_CAST = 1 << 2, /* cast usable implicitly (pg_cast 'i') */
    FUNC_ASSIGN_CAST = 1 << 3,   /* cast usable in assignment (pg_cast 'a') */
    FUNC_IS_CAST = 1 << 4,
    FUNC_IS_OPERATOR = 1 << 5,
    FUNC_VARIADIC = 1 << 6, /* last arg type repeats (concat, greatest...) */
};

/* One overload of a function, operator or cast. */
struct FuncDef {
    const char *name; /* SQL name: "+", "=", "length", "substring"; casts: target type name */
    uint8_t nargs;
    TypeId args[8]; /* nargs of them; a variadic last one repeats */
    TypeId ret;
    uint32_t flags;
    ScalarKernel kernel;
    Oid oid; /* pg_proc oid (or a stable synthetic one) */
};

/* Evaluates `expr` over the chunk's rows into `out` (a FLAT or CONSTANT vector
 * valid until ctx->arena is reset). Returns 0, or -1 with ctx->err set. */
int expr_eval(const Expr *expr, const Chunk *input, Vector *out, EvalCtx *ctx);
/* Evaluates a boolean predicate and writes the selected rows (true, not NULL)
 * into `sel_out` (VECTOR_SIZE entries); *out_count receives their number. */
int expr_eval_filter(const Expr *expr, const Chunk *input, uint16_t *sel_out, uint32_t *out_count,
                     EvalCtx *ctx);
/* Evaluates an expression that references no columns (constant folding,
 * VALUES, defaults, LIMIT). */
int expr_eval_scalar(const Expr *expr, Value *out, EvalCtx *ctx);

/* Constructors (arena-allocated). */
Expr *expr_make_const(Arena *arena, const Value *value);
Expr *expr_make_column(Arena *arena, int index, OmType type);
Expr *expr_make_func(Arena *arena, const FuncDef *def, Expr **args, int nargs, OmType type);
/* True if the tree contains no COLUMN/PARAM/SUBPLAN/volatile function. */
bool expr_is_constant(const Expr *expr);
/* Deep copy into arena. */
Expr *expr_copy(Arena *arena, const Expr *expr);

#endif
