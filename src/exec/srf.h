/*
 * srf.h — set-returning functions (SRFs): one table of them, keyed by name,
 * shared by the two places they run — a function in FROM (PLAN_FUNCTION_SCAN,
 * op_function_scan.c) and a call in the SELECT list (PLAN_PROJECT_SET,
 * op_project_set.c, PostgreSQL 10's ProjectSet).
 *
 * An SRF is described once by an SrfDef:
 *   - resolve (bind time): from the argument types as bound, the type each
 *     argument is coerced to and the result type (the overload choice);
 *   - open (run time): sets up an iterator from the evaluated arguments;
 *   - next: writes the next values of the set into a vector, a batch at a time.
 *
 * Most SRFs return one column. Those with several OUT parameters (json_each:
 * key, value) set ncols > 1: resolve then types every column and next fills
 * every column. In FROM each is a column; a call in an expression is an
 * anonymous record of them (catalog/record.h), which the ProjectSet packs.
 *
 * Adding an SRF: write the three hooks (state in SrfIter.state, state_size
 * bytes) and add its SrfDef to the table in srf.c. The binder then accepts it
 * in the SELECT list and in FROM (bind_select.c), and the planner and both
 * operators run it without further changes.
 *
 * In an expression the binder represents a call as an EXPR_FUNC whose def is
 * the SrfDef's `call` FuncDef (srf_of_expr finds it): a volatile function, so
 * never constant-folded, whose kernel fails with PostgreSQL's 0A000
 * "set-valued function called in context that cannot accept a set" should a
 * call ever reach the scalar evaluator. The planner replaces every such call
 * with a column of a ProjectSet below the projection.
 */
#ifndef OMENDB_EXEC_SRF_H
#define OMENDB_EXEC_SRF_H

#include "exec/expr.h"

struct SessionSettings;
struct ExecState;
typedef struct SrfDef SrfDef;

#define SRF_MAX_COLS 4
typedef struct SrfIter SrfIter;

/* One run of an SRF over one set of argument values. The caller owns the
 * struct; srf_iter_open fills it. */
struct SrfIter {
    const SrfDef *def;
    OmType ret;                             /* the result type resolve chose */
    Arena *arena;                           /* state and values kept across next() */
    OmError *err;                           /* where open/next report errors */
    const struct SessionSettings *settings; /* TimeZone for timestamptz arithmetic, ... */
    struct ExecState *es;                   /* the running statement (PL/pgSQL calls) */
    bool done;                              /* no more rows */
    void *state;                            /* def->state_size bytes, zeroed at open */
};

struct SrfDef {
    const char *name;   /* SQL name, lower case */
    const char *schema; /* NULL: pg_catalog (found unqualified too); else the
                         * only schema that names it ("information_schema") */
    int min_args, max_args;
    /* strict: a NULL argument gives an empty set (open is not called) */
    bool strict;
    /* Result columns: 0 or 1 for one, else ncols (at most SRF_MAX_COLS).
     * colnames: the OUT parameters' names, ncols of them (NULL: one column,
     * named by the function, or by the alias of a lone function in FROM, as
     * PostgreSQL's chooseScalarFunctionAlias names it). */
    int ncols;
    const char *const *colnames;
    size_t state_size;
    /* Bind time. arg_types[0..nargs) hold the bound arguments' types (TYPE_UNKNOWN
     * for an untyped literal, TYPE_NULL for NULL); on success each is replaced by
     * the type that argument is to be coerced to, and ret[0..ncols) receive the
     * result columns' types. nargs is within [min_args, max_args]. Returns 0, or -1 with err set
     * (42883 "function f(integer, text) does not exist" and PostgreSQL's hint). */
    int (*resolve)(OmType *arg_types, int nargs, OmType *ret, OmError *err);
    /* Run time. args[0..nargs) are of the resolved types, not NULL when strict.
     * The array lives only during the call (keep copies, not pointers into
     * it: a string of up to 12 bytes is inline in its Value); the bytes of a
     * longer string stay valid as long as the iterator is used. Returns 0, or
     * -1 with it->err set (22023 "step size cannot equal zero", ...). */
    int (*open)(SrfIter *it, const Value *args, int nargs);
    /* Writes up to `max` (>= 1) values of type it->ret into rows at..at+max-1
     * of `out`, a writable FLAT vector (NULLs with vector_set_null(out, row,
     * out->heap)), and sets *n to how many. A multi-column SRF writes its
     * columns into out[0..ncols) (consecutive vectors of one chunk); it->ret
     * is then the first column's type. Fewer than max means the set is
     * exhausted (it sets it->done). String values may point into it->arena or
     * into the arguments' memory. Returns 0, or -1 with it->err set. */
    int (*next)(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);
    /* The binder's EXPR_FUNC def for a call in an expression (see above). */
    FuncDef call;
};

/* The kernel of every SRF's `call` FuncDef: 0A000 "set-valued function
 * called in context that cannot accept a set". */
int srf_scalar_kernel(const Expr *call, Vector **args, const uint16_t *sel, uint32_t count,
                      Vector *out, EvalCtx *ctx);

/* The number of result columns of def (1 for most). */
static inline int srf_ncols(const SrfDef *def)
{
    return def->ncols > 1 ? def->ncols : 1;
}

/* The pg_catalog SRF called `name` (lower case), or NULL. Entries are static. */
const SrfDef *srf_lookup(const char *name);
/* The SRF `schema`.`name` (schema NULL: unqualified, as srf_lookup), or NULL. */
const SrfDef *srf_lookup_schema(const char *schema, const char *name);
/* The SRF an EXPR_FUNC calls, or NULL when e is not an SRF call. */
const SrfDef *srf_of_expr(const Expr *e);
/* True if e contains an SRF call (not looking into subqueries). */
bool srf_expr_contains(const Expr *e);

/* Opens an iterator: it->arena and the statement's es (its err and settings)
 * are the caller's; state is allocated in it->arena. A NULL argument of a
 * strict SRF gives a finished iterator. Returns 0, or -1 with es->err set. */
int srf_iter_open(SrfIter *it, const SrfDef *def, OmType ret, const Value *args, int nargs,
                  Arena *arena, struct ExecState *es);
/* def->next, or *n = 0 once the iterator is done. */
int srf_iter_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

#endif
