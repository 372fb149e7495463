/*
 * binder.h — resolves names and types of parsed statements (libpg_query's
 * protobuf structs) against the catalog, producing BoundQuery trees and typed
 * expressions. Internal to src/sql.
 *
 * Scopes: each SELECT level has a BindScope listing its range-table entries;
 * a column reference is looked up in the innermost scope first, then outward
 * (levelsup counts the levels: a correlated reference).
 */
#ifndef OMENDB_SQL_BINDER_H
#define OMENDB_SQL_BINDER_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#include "catalog/session_settings.h"
#include "sql/bound.h"

typedef struct RecursiveRef RecursiveRef;
typedef struct BindRecorder BindRecorder;
typedef struct BindRecordTypes BindRecordTypes;

/* The fields of an anonymous record type of the statement (bind_record.c):
 * a TYPE_RECORD expression's typmod numbers one of these. */
typedef struct BindRecordType {
    int nfields;
    const char **names;
    OmType *types;
} BindRecordType;

/* A data-modifying WITH query (INSERT/UPDATE/DELETE, sql_modify_cte.c): planned
 * once as part of the statement, run before the rest of it, its RETURNING rows
 * kept in working table `wt_id`, which its references read (RTE_WORKTABLE). */
typedef struct ModifyCteRef {
    int wt_id;
    bool returning; /* has a RETURNING list (else it cannot be referenced) */
    int ncols;
    const char **names;
    OmType *types;
} ModifyCteRef;

/* A table a data-modifying WITH query writes (Binder.cte_written). */
typedef struct CteWritten {
    const CatTable *table;
    const char *cte_name;
    bool inserted; /* inserted into (else deleted from) */
    struct CteWritten *next;
} CteWritten;

typedef struct CteDef {
    const char *name;
    PgQuery__CommonTableExpr *cte;
    struct CteDef *next;
    ModifyCteRef *modify; /* a data-modifying query, else NULL */
    /* Items of a WITH RECURSIVE list (bind_recursive.c): each sees `scope`
     * (the whole list, then the outer CTEs); `self_recursive` when its query
     * references itself; `recursive_ref` is set while its recursive term is
     * being bound, and its own name then means the working table. */
    bool in_recursive_with;
    bool self_recursive;
    struct CteDef *scope;
    RecursiveRef *recursive_ref;
} CteDef;

/* Where an expression appears: decides whether aggregates are allowed. */
typedef enum BindClause {
    CLAUSE_OTHER = 0,
    CLAUSE_WHERE,
    CLAUSE_JOIN_ON,
    CLAUSE_GROUP_BY,
    CLAUSE_TARGET,
    CLAUSE_HAVING,
    CLAUSE_ORDER_BY,
    CLAUSE_LIMIT,
    CLAUSE_VALUES,
    CLAUSE_DEFAULT,
    CLAUSE_FUNC_ARGS, /* FROM function arguments */
    CLAUSE_CHECK,     /* CHECK constraints: no aggregates, no subqueries */
} BindClause;

typedef struct BindScope BindScope;
struct BindScope {
    BoundQuery *query; /* whose rtes/aggs we add to */
    BindScope *parent;
    JoinTree **joins; /* visible join nodes (for USING merges) */
    int njoins;
    JoinAlias **join_aliases; /* aliases of this level's joins (hidden ones too) */
    int njoin_aliases;
    bool *visible; /* per rte: visible by name at this point */
    int nvisible;
    /* LATERAL (bind_select.c): set while a LATERAL item of this level's FROM
     * (a LATERAL subquery, or a function's arguments) is bound; it sees the
     * entries bound so far (the items to its left) and outer levels. Those
     * with lateral_bad[rte] are on the left of a RIGHT or FULL join whose
     * right side holds the item: naming them is PostgreSQL's 42P10. */
    bool lateral_active;
    bool *lateral_bad;
    int nlateral_bad;
    BindClause clause;
    bool in_agg_arg;    /* inside an aggregate's argument */
    bool in_agg_filter; /* inside an aggregate's FILTER (window aggregates too) */
    CteDef *ctes;
    /* window functions (bind_window.c): the SELECT's WINDOW clause, the bound
     * window index of each of its entries (-1 until first used), and whether
     * we are inside a window function's arguments (1) or window definition (2) */
    PgQuery__Node **window_clause;
    int n_window_clause;
    int *named_windows;
    int in_window;
};

/* A SQL function whose body is being bound (bind_function.c), and the one
 * whose body called it. */
typedef struct BindFnFrame {
    const CatFunction *fn;
    const struct BindFnFrame *outer;
} BindFnFrame;

typedef struct Binder {
    Arena *arena;
    OmError *err;
    Catalog *catalog;
    const SessionSettings *settings;
    const char *query_text;
    const Value *params; /* $n values for EXECUTE (may be NULL) */
    int nparams;
    /* system views materialised for this statement (closed by its owner) */
    CatTable **temp_tables;
    int ntemp;
    bool setop_leaf; /* the SELECT being bound is an operand of UNION/INTERSECT/EXCEPT */
    int depth;       /* expression nesting, bounded by BIND_MAX_DEPTH (54001) */
    /* UPDATE's and INSERT ... SELECT's SELECT: leave untyped literals of the
     * top target list unknown, so that they take the column's type (as
     * PostgreSQL's assignment) */
    bool keep_unknown_targets;
    /* the query is an UPDATE's SET list (no set-returning functions there);
     * read and cleared with keep_unknown_targets */
    bool update_targets;
    /* Prepared statements (sql_prepare.c): when set, $n binds to EXPR_PARAM
     * (index n-1) instead of a constant. param_types[n-1] is the client's type
     * or TYPE_UNKNOWN until the first coercion infers it (bind_coerce); $n
     * beyond nparam_types grows the array (arena), up to BIND_MAX_PARAMS. */
    OmType *param_types;
    int nparam_types;
    int param_cap;
    /* a $n was typed as an interval with fields (interval year): a literal
     * reads differently there than a parameter does ('1' is a year, not a
     * second cut to the year), so the plan cache keeps such literals */
    bool param_typmod_read;
    int nworktables; /* WITH RECURSIVE working tables bound so far (their ids) */
    /* CREATE VIEW and the renames that rewrite views (sql_view_norm.c): when
     * set, the binder reports what each name of the tree resolved to */
    BindRecorder *rec;
    int view_depth; /* views being expanded inside each other */
    /* INSERT/UPDATE/DELETE: "insert into", "update", "delete from", for the
     * error bind_lookup_table gives when the target is a view */
    const char *write_verb;
    /* REFRESH and CREATE MATERIALIZED VIEW fill a materialized view: the one
     * statement that may write one (sql_matview.c) */
    bool matview_write;
    Oid matview_target; /* the one it fills: read unpopulated (DELETE's scan) */
    /* the statement's record types (bind_record.c), shared by copies of the
     * binder made after it exists (sql_binder_init creates it) */
    BindRecordTypes *record_types;
    /* Data-modifying WITH queries are allowed only in the WITH of the
     * statement's top level: the statement sets modify_with_ok, and the first
     * SELECT level or WITH bound clears it. plan_modify_cte (the SQL layer's,
     * sql_modify_cte.c; NULL: refused) plans one such query, which sees the
     * CTEs `preceding` it, and fills cte->modify. */
    bool modify_with_ok;
    int (*plan_modify_cte)(struct Binder *b, CteDef *cte, CteDef *preceding);
    void *modify_ctx;
    /* Tables such a query inserts into or deletes from: the rest of the
     * statement may not read them (bind_range_var: 0A000). PostgreSQL's later
     * parts see them as before the query; OmenDB's snapshots tell a
     * statement's own inserts and deletes apart from its transaction's earlier
     * ones only for updates (storage_version.c), so they would not. */
    struct CteWritten *cte_written;
    /* The target of the UPDATE or DELETE being bound: its row-finding scan may
     * read a table a WITH query deleted from, since it meets the same rows as
     * PostgreSQL's would update (the deleted ones it skips there). */
    const PgQuery__RangeVar *modify_target;
    /* the SQL function whose body is being bound, or NULL */
    const BindFnFrame *fn;
    /* a PL/pgSQL statement: its variables are names and $n (sql/pl.h) */
    struct PlBindCtx *pl;
    /* a call of a PL/pgSQL function was bound (the statement may write) */
    bool calls_pl;
} Binder;

#define BIND_MAX_PARAMS 65535

#define BIND_MAX_DEPTH 10000

/* Expressions. */
Expr *bind_expr(Binder *b, BindScope *scope, PgQuery__Node *node);
/* Binds and coerces to boolean (WHERE, ON, HAVING): 42804 'argument of WHERE must be type boolean'.
 */
Expr *bind_bool_expr(Binder *b, BindScope *scope, PgQuery__Node *node, const char *clause_name);
/* Casts e to `type` (implicit/assignment/explicit); NULL with err on failure.
 * Unknown-typed constants are converted at bind time (text input of the type). */
Expr *bind_coerce(Binder *b, Expr *e, OmType type, int ctx, int location);
/* Resolves a TypeName into an OmType. */
int bind_type_name(Binder *b, PgQuery__TypeName *tn, OmType *out);
/* The enum type a type name names ([schema.]name), or NULL. */
CatEnum *bind_enum_type(Binder *b, PgQuery__TypeName *tn);
/* Makes an operator call (name, left may be NULL for prefix operators). */
Expr *bind_operator(Binder *b, const char *op, Expr *left, Expr *right, int location);
/* Resolves unknown-typed output (a bare '...' literal) to text. */
Expr *bind_resolve_unknown(Binder *b, Expr *e);
/* The output column name PostgreSQL gives an unnamed target (FigureColname). */
const char *bind_derive_name(PgQuery__Node *node);
/* `*` (every FROM item of scope's query, USING columns merged) or `rel.*`
 * as Vars with their names (arena arrays). Returns the count, or -1. */
int bind_expand_star(Binder *b, BindScope *scope, const PgQuery__ColumnRef *cr, Expr ***exprs,
                     const char ***names);
/* String value of a String node, or NULL. */
const char *pgq_str(PgQuery__Node *node);
/* A boolean node (AND/OR/NOT, IS [NOT] NULL, ...) over args. */
Expr *bind_bool_node(Binder *b, ExprKind kind, Expr **args, int nargs, int location);
/* l IS [NOT] DISTINCT FROM r over bound operands. */
Expr *bind_is_distinct(Binder *b, Expr *l, Expr *r, bool distinct, int location);

/* Row constructors in comparisons (bind_row.c): ROW(a, b) or (a, b). */
bool bind_is_row(const PgQuery__Node *node);
/* `(a, b) op (SELECT x, y ...)` (op one of = <> < <= > >=): the row against the
 * subquery's one row (bind_expr.c). */
Expr *bind_row_compare_sublink(Binder *b, BindScope *scope, PgQuery__RowExpr *re,
                               PgQuery__SubLink *sl, const char *op);
/* l op r where either side is a row constructor; op is =, <>, <, <=, >, >=,
 * "IS DISTINCT" or "IS NOT DISTINCT". */
Expr *bind_row_compare(Binder *b, BindScope *scope, const char *op, PgQuery__Node *l,
                       PgQuery__Node *r, int location);
/* row [NOT] IN (row, ...) */
Expr *bind_row_in(Binder *b, BindScope *scope, PgQuery__Node *row, PgQuery__List *list, bool negate,
                  int location);
/* row IS [NOT] NULL: every field NULL / every field not NULL */
Expr *bind_row_null_test(Binder *b, BindScope *scope, PgQuery__Node *row, bool is_null,
                         int location);

/* Anonymous records (bind_record.c). bind_record_types_init gives b its list
 * of record types (once). bind_record_type_add registers fields (copied) and
 * returns the typmod that names them; bind_record_type_get finds them for a
 * record type (NULL: none known, typmod -1). bind_record_common is the type
 * of a set operation's column whose branches give records left and right:
 * left when their fields agree, else a record without known fields. */
void bind_record_types_init(Binder *b);
int32_t bind_record_type_add(Binder *b, int n, const char *const *names, const OmType *types);
const BindRecordType *bind_record_type_get(const Binder *b, OmType type);
OmType bind_record_common(const Binder *b, OmType left, OmType right);
/* ROW(fields...) with these field names (fields[] may be changed: unknown
 * literals become text). 54000 beyond RECORD_MAX_FIELDS. */
Expr *bind_record_make(Binder *b, Expr **fields, const char *const *names, int n, int location);
/* ROW(...) / (a, b) as a value (not compared: bind_row.c). */
Expr *bind_row_value(Binder *b, BindScope *scope, PgQuery__RowExpr *row);
/* (rec).field: 42809 when rec is no record, 42703 "could not identify column
 * ..." when its fields are unknown or have no such name. */
Expr *bind_record_field(Binder *b, Expr *rec, const char *field, int location);
/* A record as the arguments of an object of its fields ('name', value, ...:
 * omendb_row_json / jsonb_build_object make to_json's object of them);
 * returns their count, or -1 (0A000 when the fields are not known). */
int bind_record_json_pairs(Binder *b, Expr *rec, int location, Expr ***pairs);
/* x[i], (x).f, (t).col in any order (A_Indirection); (x).* is 0A000 here. */
Expr *bind_record_indirection(Binder *b, BindScope *scope, PgQuery__AIndirection *ind);
/* (x).* in a SELECT list: every field of x (ind's last item is the star);
 * returns the count with arena arrays, or -1 with b->err set. */
int bind_record_star(Binder *b, BindScope *scope, PgQuery__AIndirection *ind, Expr ***exprs,
                     const char ***names);
/* The FROM item a bare name (or name.*) stands for as a whole row: NULL when
 * the name is a visible column (columns come first, as in PostgreSQL) or
 * names no visible item. */
const Rte *bind_whole_row_rte(BindScope *scope, const PgQuery__ColumnRef *cr);
/* value, or NULL where r's row is missing (an outer join's null-extended
 * row): CASE WHEN <r's row id, or all its columns, IS NULL> THEN NULL ELSE
 * value END, as a parse tree. */
PgQuery__Node *bind_whole_row_null_test(Binder *b, const Rte *r, PgQuery__Node *value);
/* The whole row cr names as a record of its columns, or NULL (err not set)
 * when cr is no whole-row reference. */
Expr *bind_whole_row(Binder *b, BindScope *scope, PgQuery__ColumnRef *cr);

/* A parse location (0-based, -1 unknown) as an error position (1-based, 0 none). */
static inline int loc1(int location)
{
    return location >= 0 ? location + 1 : 0;
}
/* SELECT ... FOR UPDATE/SHARE of one query level, bound after everything
 * else (bind_locking.c). Fills q->locks; 0 or -1 with the error set. */
int bind_locking_clause(Binder *b, PgQuery__SelectStmt *stmt, BoundQuery *q);

/* Window functions (bind_window.c). */
/* True for row_number, rank, ... nth_value: functions that need OVER. */
bool bind_is_window_function(const char *name);
/* Binds the arguments, ORDER BY / WITHIN GROUP keys and FILTER of the
 * aggregate call fc (name: aggregate `name`) into *call (zeroed by the caller)
 * and resolves it (agg_resolve), coercing the arguments; `over`: a window
 * aggregate (its arguments may contain plain aggregates). Errors: 42809
 * (WITHIN GROUP missing on an ordered-set aggregate, count()), 42883, 42P10
 * (DISTINCT with ORDER BY keys that are not arguments), 0A000. */
int bind_agg_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name, bool over,
                  AggCall *call);
/* Binds one ORDER BY item into *k, its direction and NULLS placement with
 * PostgreSQL's defaults. */
int bind_sort_key(Binder *b, BindScope *scope, const PgQuery__SortBy *sb, SortKey *k);
/* ORDER BY x USING op for a key of `type`: < (and ~<~ on text) sorts up, > (~>~)
 * down, NULLS as for ASC / DESC unless given; 42883 when the type lacks op,
 * 42809 for an operator that orders nothing (=, <>, ...), as PostgreSQL. */
int bind_sort_using(Binder *b, const PgQuery__SortBy *sb, OmType type, SortKey *k);
/* True if e uses a column of this query level (or a correlated subquery). */
bool bind_uses_this_level(const Expr *e);
/* Sets k->desc and k->nulls_first from sb (NULLS LAST for ASC, FIRST for DESC
 * unless given). */
void bind_sort_direction(const PgQuery__SortBy *sb, SortKey *k);
/* Binds name(args) OVER (...) into an EXPR_WINREF of scope->query (is_agg: an
 * aggregate used as a window function). Errors: 42P20 (not allowed here,
 * nested, bad window definition), 42704 (unknown window name), 42883, 0A000. */
Expr *bind_window_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const char *name,
                       bool is_agg);
/* Prepares scope for the SELECT's WINDOW clause and binds every named window
 * (PostgreSQL checks them even when unused). */
int bind_window_clause(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt);

/* Set-returning functions in expressions (bind_srf.c). bind_srf_call binds
 * the call fc of SRF def (exec/srf.h) where scope allows one (the SELECT
 * list, ORDER BY, GROUP BY, DISTINCT ON) into an EXPR_FUNC of def->call and
 * marks scope's query (has_srfs); elsewhere 0A000 as PostgreSQL ("... are not
 * allowed in WHERE", "aggregate function calls cannot contain set-returning
 * function calls", ...). bind_srf_check checks a bound SELECT-list, ORDER BY
 * or GROUP BY expression for an SRF inside CASE or COALESCE (0A000). */
struct SrfDef;
Expr *bind_srf_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc, const struct SrfDef *def);
/* Whether a set may be returned where scope stands (0A000 with PostgreSQL's
 * message when not); marks the query as having SRF calls. */
int bind_srf_placement(Binder *b, BindScope *scope, int location);
int bind_srf_check(Binder *b, const Expr *e);

/* GROUP BY (bind_grouping.c). bind_group_clause binds stmt's GROUP BY items
 * into q->group and, with GROUPING SETS / ROLLUP / CUBE / (), q->gsets (see
 * bound.h); each leaf expression goes through bind_item(b, item_ctx, node),
 * which resolves positions and output names and returns the bound expression
 * or NULL with the error set. 0, or -1 with b->err (54001, 54011, ...).
 * bind_grouping_func binds a GROUPING(...) call where scope's clause allows
 * one (42803 elsewhere). bind_grouping_resolve, once q is fully bound, checks
 * that every GROUPING argument is a GROUP BY expression (42803) and records
 * which key each one is. */
typedef Expr *(*BindGroupItemFn)(Binder *b, void *item_ctx, PgQuery__Node *item);
int bind_group_clause(Binder *b, PgQuery__SelectStmt *stmt, BoundQuery *q,
                      BindGroupItemFn bind_item, void *item_ctx);
Expr *bind_grouping_func(Binder *b, BindScope *scope, PgQuery__GroupingFunc *gf);
/* The name PostgreSQL's "aggregate functions are not allowed in %s" gives a
 * clause where aggregates and GROUPING() are refused, or NULL
 * where they may stand. */
const char *bind_no_agg_clause(BindClause clause);
int bind_grouping_resolve(Binder *b, BoundQuery *q);

/* Queries. */
BoundQuery *bind_select(Binder *b, BindScope *parent, PgQuery__SelectStmt *stmt, CteDef *ctes);
/* A WITH clause's queries as CteDefs in front of `outer` (recursive ones through
 * bind_recursive_with); NULL with the error set (a data-modifying query, a name
 * given twice). A clause always names at least one query. */
CteDef *bind_with_clause(Binder *b, PgQuery__WithClause *with, CteDef *outer);
/* WITH RECURSIVE (bind_recursive.c). bind_recursive_with checks the list
 * (names, mutual recursion, the form of each recursive item, PostgreSQL's
 * 42P19 rules) and returns it as CteDefs in front of `outer`; NULL with
 * b->err set on error. bind_recursive_cte_ref binds a reference to one of
 * them: the CTE's query as a subquery entry, or the working table inside the
 * CTE's own recursive term; NULL with b->err set on error. */
CteDef *bind_recursive_with(Binder *b, PgQuery__WithClause *with, CteDef *outer);
Rte *bind_recursive_cte_ref(Binder *b, BindScope *scope, CteDef *cte, PgQuery__RangeVar *rv);
/* 0A000 when a WITH inside `query` holds a data-modifying query (they are
 * allowed at the statement's top level only); else 0. */
int bind_check_nested_modifying_with(Binder *b, const PgQuery__Node *query);
/* A reference to a data-modifying CTE (sql_modify_cte.c): an RTE_WORKTABLE over
 * its RETURNING rows; 0A000 when it has no RETURNING list. */
Rte *bind_modify_cte_ref(Binder *b, const CteDef *cte, const PgQuery__RangeVar *rv);

/* True if range-table entry `rte` is one of the leaves of jt. */
bool bind_jointree_has_rte(const JoinTree *jt, int rte);
/* Column `name` of the join tree jt as PostgreSQL's join RTEs define it: an
 * entry's column, an aliased join's named column, an unaliased join's merged
 * USING column (the left one, the right one for RIGHT, COALESCE for FULL) or
 * the one column of that name on either side. Levelsup 0 over q's entries.
 * NULL when there is none, or with *ambiguous when there are several, or
 * with b->err set. */
Expr *bind_jointree_column(Binder *b, BoundQuery *q, const JoinTree *jt, const char *name,
                           bool *ambiguous);
/* A copy of e (built at this level) with its Vars moved levelsup levels out. */
Expr *bind_expr_levels_up(Binder *b, const Expr *e, int levelsup);

/* SQL functions (bind_function.c). bind_user_function resolves the call
 * [schema.]name(args), names[i] the name of a named argument or NULL, among
 * the catalog's functions: *found false (and NULL, no error) when none fits;
 * else the bound call, or NULL with the error set. bind_function_body binds
 * f's body with its arguments as parameters and casts its output to the
 * declared result (42P13 when it cannot be). The parameter references of a
 * body being bound: $n, and an argument's name (alone or qualified by the
 * function's name) where no column has it; NULL when not one. */
Expr *bind_user_function(Binder *b, const char *schema, const char *name, Expr **args,
                         const char **names, int nargs, int location, bool *found);
BoundQuery *bind_function_body(Binder *b, const CatFunction *f);
/* The function the call resolves to (NULL: none fits, or the error set),
 * with the arguments placed on its parameters in *placed (NULL where a
 * default applies). bind_user_function_rows: its body as the query of a
 * FROM item, arguments defaulted and cast in place (a function that is not
 * SETOF gives its first row). */
const CatFunction *bind_user_function_resolve(Binder *b, const char *schema, const char *name,
                                              Expr **args, const char **names, int nargs,
                                              int location, Expr ***placed);
BoundQuery *bind_user_function_rows(Binder *b, const CatFunction *f, Expr **args, int location);
/* CALL's procedure: the call's arguments bound in scope, the procedure they
 * resolve to, and *args_out its arguments placed, defaulted and cast. NULL
 * with err: 42883 when none fits, 42809 for a function. */
const CatFunction *bind_procedure_call(Binder *b, BindScope *scope, PgQuery__FuncCall *fc,
                                       Expr ***args_out);
/* A PL/pgSQL function in FROM (placed arguments args): a copy of the SRF
 * srf_plpgsql with f's columns, whose arguments (*call_args, f->nargs + 1 of
 * them: the OID first) are cast; types receive the columns' types (f->nout,
 * or 1). NULL with err set. */
const struct SrfDef *pl_bind_from(Binder *b, const CatFunction *f, Expr **args, int location,
                                  Expr ***call_args, OmType *types);
/* The arguments of call fc as nodes (argv) and the names of the named ones
 * (names[i], NULL for a positional one); 42601 for a positional argument
 * after a named one or a name given twice. fc->n_args entries each. */
int bind_split_named_args(Binder *b, const PgQuery__FuncCall *fc, PgQuery__Node **argv,
                          const char **names);
Expr *bind_fn_param_number(Binder *b, BindScope *scope, int number, int location);
Expr *bind_fn_param_name(Binder *b, BindScope *scope, const char *relname, const char *colname,
                         int location);
/* PL/pgSQL variables (Binder.pl; sql/pl_sql.c): a name (with the qualifier
 * relname, or NULL) that is a variable where the statement is bound, as an
 * expression; NULL when none (err not set). $n: the n-th argument. */
Expr *pl_bind_variable(Binder *b, const char *relname, const char *colname, int location);
Expr *pl_bind_param_number(Binder *b, int number, int location);
/* Casts output column col of q (each branch of a set operation, VALUES rows)
 * to type in cast context ctx. */
int bind_coerce_output(Binder *b, BoundQuery *q, int col, OmType type, int ctx);

/* Finds a table by RangeVar; 42P01 'relation "x" does not exist' when missing_ok is false;
 * a view is refused (42809 '"v" is not a table', or 0A000 with b->write_verb). */
CatTable *bind_lookup_table(Binder *b, PgQuery__RangeVar *rv, bool missing_ok);
/* bind_lookup_table for the target of INSERT/UPDATE/DELETE: a view is 0A000
 * 'cannot <verb> view "v"'. */
CatTable *bind_lookup_target(Binder *b, PgQuery__RangeVar *rv, const char *verb);
/* Finds a table or a view (system views included, as tables); 0 with both
 * NULL when there is none and missing_ok, else -1 with 42P01. */
int bind_lookup_relation(Binder *b, PgQuery__RangeVar *rv, bool missing_ok, CatTable **table,
                         CatView **view);

/* Views (sql_view_norm.c). bind_view_query binds view v's stored query as a
 * subquery of its own (no outer scope), its output typed and named as the
 * view's columns; NULL with b->err set on error (42P17 when views nest too
 * deeply). The bind_rec_* hooks report to b->rec (call them only when it is
 * set): a relation reference, a column reference resolved in `rte` (qualify:
 * its alias is safe to qualify it with), and each entry of a SELECT list
 * with the output columns it produced (a * gives several). */
BoundQuery *bind_view_query(Binder *b, const CatView *v);
/* Binds a stored query (a view's, one the binder wrote) apart from the
 * statement around it: no recorder, its own text for error positions. */
BoundQuery *bind_select_apart(Binder *b, PgQuery__SelectStmt *sel, const char *text);
/* A sequence in FROM (bind_sequence.c): the sequence rv names when no table
 * or view has that name (NULL if none), and the one-row query standing for
 * it (last_value, log_cnt, is_called). */
CatSequence *bind_sequence_relation(Binder *b, const PgQuery__RangeVar *rv);
BoundQuery *bind_sequence_query(Binder *b, const CatSequence *s);
/* Whole rows in the JSON functions (bind_row_json.c): fc, or a copy of it
 * whose whole-row argument (t, t.*, ROW(...)) is an object of its fields. */
PgQuery__FuncCall *bind_row_json_rewrite(Binder *b, BindScope *scope, PgQuery__FuncCall *fc,
                                         const char **name);
void bind_rec_rangevar(Binder *b, PgQuery__RangeVar *rv, Oid rel);
void bind_rec_column(Binder *b, PgQuery__ColumnRef *cr, const Rte *rte, int attno, bool qualify);
/* (t).col bound as the binder's own ColumnRef cr: a rename rewrites `field`,
 * the name in the tree, instead. */
void bind_rec_field(Binder *b, const PgQuery__ColumnRef *cr, PgQuery__String *field);
void bind_rec_target(Binder *b, PgQuery__SelectStmt *stmt, int index, const BoundQuery *q,
                     Expr **exprs, const char **names, int n);

#endif
