/*
 * pl_int.h — the compiled form of a PL/pgSQL function, shared by
 * pl_compile.c (which builds it), pl_exec.c (which runs it) and pl_sql.c
 * (which binds its SQL parts). See pl.h.
 */
#ifndef OMENDB_SQL_PL_INT_H
#define OMENDB_SQL_PL_INT_H

#include "sql/pl.h"

typedef enum PlStmtKind {
    PLS_BLOCK,
    PLS_ASSIGN,
    PLS_IF,
    PLS_CASE,
    PLS_LOOP,
    PLS_WHILE,
    PLS_FORI,
    PLS_FORS,    /* FOR target IN query */
    PLS_DYNFORS, /* FOR target IN EXECUTE text */
    PLS_FOREACH,
    PLS_EXIT, /* EXIT and CONTINUE */
    PLS_RETURN,
    PLS_RETURN_NEXT,
    PLS_RETURN_QUERY,
    PLS_RAISE,
    PLS_ASSERT,
    PLS_EXECSQL,
    PLS_PERFORM,
    PLS_DYNEXECUTE,
    PLS_GETDIAG,
} PlStmtKind;

/* IF / ELSIF branches and CASE's WHENs. */
typedef struct PlCond {
    PlExpr *cond;
    PlStmt **body;
    int nbody;
} PlCond;

/* One WHEN of an EXCEPTION clause: SQLSTATEs (a class: "22000" matches 22xxx),
 * or OTHERS. */
typedef struct PlHandler {
    const char **codes;
    int ncodes;
    bool others;
    PlStmt **body;
    int nbody;
} PlHandler;

/* RAISE ... USING option (PostgreSQL's PLpgSQL_raise_option_type order). */
enum { PL_RAISE_ERRCODE, PL_RAISE_MESSAGE, PL_RAISE_DETAIL, PL_RAISE_HINT };

typedef struct PlRaiseOpt {
    int type;
    PlExpr *expr;
} PlRaiseOpt;

/* GET DIAGNOSTICS items. */
/* GET [STACKED] DIAGNOSTICS items */
enum {
    PL_DIAG_ROW_COUNT,
    PL_DIAG_ROUTINE_OID,
    PL_DIAG_CONTEXT,  /* PG_CONTEXT: where the statement runs */
    PL_DIAG_SQLSTATE, /* the rest: the handled error's (STACKED) */
    PL_DIAG_MESSAGE,
    PL_DIAG_DETAIL,
    PL_DIAG_HINT,
    PL_DIAG_ERR_CONTEXT,
    PL_DIAG_COLUMN,
    PL_DIAG_CONSTRAINT,
    PL_DIAG_TABLE,
    PL_DIAG_SCHEMA,
    PL_DIAG_DATATYPE, /* PG_DATATYPE_NAME: OmenDB's errors carry none: '' */
};

struct PlStmt {
    PlStmtKind kind;
    int lineno;
    const char *label;
    PlStmt **body; /* block, loops, IF's THEN */
    int nbody;
    PlCond *conds; /* ELSIFs, CASE WHENs */
    int nconds;
    PlStmt **else_body;
    int nelse;
    bool has_else;
    PlExpr *expr, *expr2, *expr3; /* see pl_compile.c per kind */
    int varno;                    /* assignment / loop / CASE variable, -1 none */
    const char *field;            /* assignment to record field varno.field */
    int *targets;                 /* INTO / FOR targets (varnos) */
    int ntargets;
    bool into, strict, reverse, is_exit;
    bool implicit; /* RETURN: the one the grammar adds at the end of a body */
    int *decls;    /* block: the variables it declares, initialized on each entry */
    int ndecls;
    PlHandler *handlers;
    int nhandlers;
    int sqlstate_varno, sqlerrm_varno;
    int elevel; /* RAISE: PostgreSQL's elog levels (18 NOTICE, 19 WARNING, 21 ERROR...) */
    const char *message, *condname;
    PlExpr **params; /* RAISE parameters, EXECUTE ... USING */
    int nparams;
    PlRaiseOpt *opts;
    int nopts;
    int *diag_kinds, *diag_targets;
    int ndiag;
    bool stacked; /* GET STACKED DIAGNOSTICS */
};

/* A record's field read by a kept plan: record variable varno's field
 * `name` of type `type` (in the function's arena). */
typedef struct PlFieldRef {
    int varno;
    const char *name;
    OmType type;
} PlFieldRef;

struct PlFunction {
    Arena *arena;
    Oid oid; /* 0 for DO */
    char name[CATALOG_NAME_MAX];
    char signature[CATALOG_NAME_MAX * 4]; /* "f(integer)" for CONTEXT lines */
    int nargs;                            /* variables 0..nargs-1 are the arguments */
    int nvars;
    PlVar *vars;
    int found_varno;
    PlStmt *action;
    OmType rettype;
    bool retset, is_void, strict;
    /* a trigger function: NEW and OLD (records), and the TG_ variables
     * tg_varno.. in the order of pl_trigger.c's table */
    bool is_trigger;
    int new_varno, old_varno, tg_varno;
    /* result columns (RETURNS TABLE, OUT parameters, a table's row type):
     * out_varno[i] is the variable of column i (an INOUT argument's, an OUT
     * parameter's), -1 for a table's row type (RETURN NEXT gives the row) */
    int nout;
    OmType *out_types;
    const char **out_names;
    int *out_varno;
    /* record fields the kept plans read as parameters (pl_sql.c): field k is
     * parameter nvars + k, of the type the field had when bound */
    int nfields;
    PlFieldRef fields[PL_MAX_FIELD_REFS];
    uint64_t catalog_version;
    int refs;                /* calls running it (a stale one is freed when none) */
    struct PlFunction *next; /* the session's cache list */
};

/* True when the result columns are variables (OUT/INOUT parameters,
 * RETURNS TABLE), false for one value or a table's row type. */
static inline bool pl_out_vars(const PlFunction *fn)
{
    return fn->nout > 0 && fn->out_varno[0] >= 0;
}

/* Binder.pl: how the statement being bound sees the variables. */
typedef struct PlBindCtx {
    PlFrame *frame;
    const PlScope *scope;
    bool uncacheable; /* set when a value was bound as a constant */
    uint64_t fields;  /* the PlFunction.fields the statement reads (bit k) */
} PlBindCtx;

#endif
