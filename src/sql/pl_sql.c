/*
 * pl_sql.c — the SQL inside PL/pgSQL: each expression and statement of a
 * function runs as a statement nested in the one that called the function.
 *
 * Binding: the binder asks pl_bind_variable for a name no FROM item has
 * (columns come first); a scalar variable becomes the plan's parameter
 * varno (EXPR_PARAM, read from the frame's values at run time), so the plan
 * is kept (PlExpr.plan) and run again with new values, as PostgreSQL keeps
 * a function's plans. A record's field is bound as a constant of its current
 * value, and such a plan is made again on each run. $n is the function's
 * n-th argument.
 *
 * Running: each statement starts a command of its own in the caller's
 * transaction (txn_statement_begin: READ COMMITTED takes a new snapshot),
 * so it sees what the function and its caller wrote before it; the calling
 * statement keeps its own snapshot. Statements other than SELECT, INSERT,
 * UPDATE and DELETE (DDL in a DO block) run as at the top level, through
 * run_statement, which takes its own locks: they are refused inside a
 * function called from a query, whose statement holds the catalog lock.
 *
 * Invariant: a plan is used only under the catalog lock (shared) and while
 * the catalog version it was made under is current; a plan in use by an
 * outer activation of the same function (recursion) is never freed: the
 * inner one plans into an arena of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/sysview.h"
#include "exec/func_registry.h"
#include "exec/operator.h"
#include "txn/txn.h"
#include "sql/pl_int.h"

/* ---- rows ---- */

void pl_rows_init(PlRows *r, uint64_t limit)
{
    memset(r, 0, sizeof(*r));
    r->limit = limit;
    r->ncols = -1;
}

void pl_rows_free(PlRows *r)
{
    free(r->vals);
    if (r->arena) arena_destroy(r->arena);
    memset(r, 0, sizeof(*r));
}

static int rows_describe(void *ctx, int ncols, const ResultColumn *cols)
{
    PlRows *r = ctx;
    if (!r->arena) r->arena = arena_create(NULL, "plpgsql rows");
    if (r->ncols >= 0 && r->ncols != ncols) return 0; /* RETURN QUERY: checked by the caller */
    r->ncols = ncols;
    r->names = ARENA_NEW_ARRAY(r->arena, const char *, ncols > 0 ? ncols : 1);
    r->types = ARENA_NEW_ARRAY(r->arena, OmType, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) {
        r->names[i] = arena_strdup(r->arena, cols[i].name ? cols[i].name : "?column?");
        r->types[i] = cols[i].type;
    }
    return 0;
}

static int rows_add(PlRows *r, const Value *vals)
{
    if (r->nrows == r->cap) {
        uint64_t cap = r->cap ? r->cap * 2 : 16;
        Value *grown =
            realloc(r->vals, sizeof(Value) * cap * (uint64_t)(r->ncols > 0 ? r->ncols : 1));
        if (!grown) return -1;
        r->vals = grown;
        r->cap = cap;
    }
    Value *row = pl_rows_row(r, r->nrows);
    for (int c = 0; c < r->ncols; c++) value_copy(&row[c], &vals[c], r->arena);
    r->nrows++;
    return 0;
}

static int rows_chunk(void *ctx, const Chunk *chunk)
{
    PlRows *r = ctx;
    Value vals[256];
    if (r->ncols > 256) return -1;
    for (uint32_t i = 0; i < chunk->count; i++) {
        r->seen++;
        if (r->nrows >= r->limit) continue;
        uint32_t row = chunk_row(chunk, i);
        for (int c = 0; c < r->ncols; c++) vector_get_value(&chunk->cols[c], row, &vals[c]);
        if (rows_add(r, vals) != 0) return -1;
    }
    return 0;
}

int pl_rows_append(PlRows *r, const Value *vals, int ncols)
{
    if (!r->arena) r->arena = arena_create(NULL, "plpgsql rows");
    if (r->ncols < 0) r->ncols = ncols;
    r->seen++;
    return rows_add(r, vals);
}

/* The sink of a nested statement: rows to a PlRows, the tag's count to
 * *processed, notices to the client's statement. */
typedef struct Capture {
    PlRows *rows;
    uint64_t processed;
    SqlSession *session;
} Capture;

static int cap_describe(void *ctx, int ncols, const ResultColumn *cols)
{
    Capture *c = ctx;
    return c->rows ? rows_describe(c->rows, ncols, cols) : 0;
}

static int cap_rows(void *ctx, const Chunk *chunk)
{
    Capture *c = ctx;
    if (!c->rows) return 0;
    return rows_chunk(c->rows, chunk);
}

static int cap_complete(void *ctx, const char *tag)
{
    Capture *c = ctx;
    const char *sp = strrchr(tag, ' ');
    c->processed = sp ? strtoull(sp + 1, NULL, 10) : 0;
    return 0;
}

static int cap_notice(void *ctx, const OmError *n)
{
    Capture *c = ctx;
    ResultSink *s = c->session->notice_sink;
    return s && s->notice ? s->notice(s->ctx, n) : 0;
}

static void capture_sink(ResultSink *sink, Capture *cap)
{
    memset(sink, 0, sizeof(*sink));
    sink->ctx = cap;
    sink->describe = cap_describe;
    sink->rows = cap_rows;
    sink->complete = cap_complete;
    sink->notice = cap_notice;
}

/* ---- binding ---- */

static Expr *const_of(Binder *b, const Value *v, int location)
{
    Value copy;
    value_copy(&copy, v, b->arena);
    Expr *e = expr_make_const(b->arena, &copy);
    e->location = loc1(location);
    return e;
}

/* The slot of field `name` (of type `type`) of record varno among the
 * fields plans read as parameters, added if new; -1 when they are full. */
static int field_slot(PlFunction *fn, int varno, const char *name, OmType type)
{
    for (int k = 0; k < fn->nfields; k++) {
        const PlFieldRef *r = &fn->fields[k];
        if (r->varno == varno && r->type.id == type.id && r->type.typmod == type.typmod &&
            strcmp(r->name, name) == 0)
            return k;
    }
    if (fn->nfields == PL_MAX_FIELD_REFS) return -1;
    PlFieldRef *r = &fn->fields[fn->nfields];
    r->varno = varno;
    r->name = arena_strdup(fn->arena, name);
    r->type = type;
    return fn->nfields++;
}

/* rec.field: a parameter of the plan (the record's current field, found by
 * name and checked for its type before each run: pl_sql_bind_fields), or,
 * when the slots are full or the record has no row yet, a constant. */
static Expr *record_field(Binder *b, PlFrame *f, int varno, const char *field, int location)
{
    PlRecord *rec = f->recs[varno];
    const PlVar *v = &f->fn->vars[varno];
    for (int i = 0; rec && i < rec->n; i++) {
        if (strcmp(rec->names[i], field) != 0) continue;
        int k = field_slot(f->fn, varno, field, rec->types[i]);
        if (k < 0) break;
        f->vals[f->fn->nvars + k] = rec->vals[i];
        b->pl->fields |= (uint64_t)1 << k;
        Expr *e = ARENA_NEW(b->arena, Expr);
        e->kind = EXPR_PARAM;
        e->type = rec->types[i];
        e->location = loc1(location);
        e->u.param.index = f->fn->nvars + k;
        e->u.param.stmt = true;
        return e;
    }
    b->pl->uncacheable = true;
    if (!rec) {
        if (v->rowtype) {
            int col = catalog_column_index(v->rowtype, field);
            if (col >= 0) {
                Value null = {.type = v->rowtype->cols[col].type, .is_null = true};
                return const_of(b, &null, location);
            }
        }
        ERR(b->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "record \"%s\" is not assigned yet",
            v->name);
        error_detail(b->err, "The tuple structure of a not-yet-assigned record is indeterminate.");
        return NULL;
    }
    for (int i = 0; i < rec->n; i++)
        if (strcmp(rec->names[i], field) == 0) return const_of(b, &rec->vals[i], location);
    ERR(b->err, SQLSTATE_UNDEFINED_COLUMN, "record \"%s\" has no field \"%s\"", v->name, field);
    return NULL;
}

static Expr *variable(Binder *b, PlFrame *f, int varno, int location)
{
    const PlVar *v = &f->fn->vars[varno];
    if (v->kind == PL_VAR_RECORD) {
        PlRecord *rec = f->recs[varno];
        b->pl->uncacheable = true;
        if (!rec || rec->is_null) {
            Value null = {.type = OM_TYPE(TYPE_RECORD), .is_null = true};
            return const_of(b, &null, location);
        }
        Expr **fields = ARENA_NEW_ARRAY(b->arena, Expr *, rec->n > 0 ? rec->n : 1);
        for (int i = 0; i < rec->n; i++) fields[i] = const_of(b, &rec->vals[i], location);
        return bind_record_make(b, fields, (const char *const *)rec->names, rec->n, location);
    }
    OmType type = v->type;
    if (type.id == TYPE_UNKNOWN) {
        /* typed by its value (a CASE's): constant, planned per run */
        b->pl->uncacheable = true;
        return const_of(b, &f->vals[varno], location);
    }
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_PARAM;
    e->type = type;
    e->location = loc1(location);
    e->u.param.index = varno;
    e->u.param.stmt = true;
    return e;
}

Expr *pl_bind_variable(Binder *b, const char *relname, const char *colname, int location)
{
    PlBindCtx *ctx = b->pl;
    PlFrame *f = ctx->frame;
    if (!relname) {
        for (const PlScope *s = ctx->scope; s; s = s->next)
            if (strcmp(s->name, colname) == 0) return variable(b, f, s->varno, location);
        return NULL;
    }
    /* rec.field */
    for (const PlScope *s = ctx->scope; s; s = s->next)
        if (strcmp(s->name, relname) == 0) {
            if (f->fn->vars[s->varno].kind == PL_VAR_RECORD)
                return record_field(b, f, s->varno, colname, location);
            break;
        }
    /* label.name, function_name.argument */
    for (const PlScope *s = ctx->scope; s; s = s->next)
        if (s->label && strcmp(s->label, relname) == 0 && strcmp(s->name, colname) == 0)
            return variable(b, f, s->varno, location);
    return NULL;
}

Expr *pl_bind_param_number(Binder *b, int number, int location)
{
    PlFrame *f = b->pl->frame;
    if (number < 1 || number > f->fn->nargs) {
        ERR(b->err, SQLSTATE_UNDEFINED_PARAMETER, "there is no parameter $%d", number);
        if (location >= 0) error_position(b->err, loc1(location));
        return NULL;
    }
    return variable(b, f, number - 1, location);
}

/* ---- running ---- */

static bool plannable(const PgQuery__Node *stmt)
{
    switch (stmt->node_case) {
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        return stmt->select_stmt->into_clause == NULL;
    case PG_QUERY__NODE__NODE_INSERT_STMT:
    case PG_QUERY__NODE__NODE_UPDATE_STMT:
    case PG_QUERY__NODE__NODE_DELETE_STMT:
        return true;
    default:
        return false;
    }
}

static bool writes(const PgQuery__Node *stmt)
{
    return stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
           stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
           stmt->node_case == PG_QUERY__NODE__NODE_DELETE_STMT;
}

/* A plan of e in `arena`: *stmt the statement; for a plannable one, sp,
 * and *cacheable. Catalog lock held. */
static int make_plan(PlFrame *f, PlExpr *e, Arena *arena, PgQuery__Node **stmt, StmtPlan *sp,
                     bool *cacheable, uint64_t *fields, CatTable ***temps, int *ntemp)
{
    PgQuery__ParseResult *tree = sql_parse_text_arena(e->sql, arena, f->err);
    if (!tree) return -1;
    if (tree->n_stmts != 1)
        return ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                   "cannot insert multiple commands into a "
                   "PL/pgSQL statement");
    *stmt = tree->stmts[0]->stmt;
    *cacheable = false;
    *ntemp = 0;
    if (!plannable(*stmt)) return 0;
    StmtCtx sc;
    sql_plan_ctx_init(&sc, f->session, arena, f->err, e->sql);
    PlBindCtx bc = {f, e->scope, false, 0};
    sc.binder.pl = &bc;
    int rc = sql_plan_stmt(&sc, *stmt, sp);
    *temps = sc.binder.temp_tables;
    *ntemp = sc.binder.ntemp;
    if (rc != 0) {
        for (int t = 0; t < *ntemp; t++) sysview_close((*temps)[t]);
        *ntemp = 0;
        return -1;
    }
    *cacheable = !bc.uncacheable && *ntemp == 0;
    *fields = bc.fields;
    return 0;
}

/* The record fields a kept plan reads, from the records as they are now, into
 * the frame's parameters: false when one no longer fits the plan (the record
 * is unassigned, lacks the field or holds another type there), which must then
 * be planned again. */
static bool bind_fields(PlFrame *f, uint64_t fields)
{
    const PlFunction *fn = f->fn;
    for (int k = 0; fields; k++, fields >>= 1) {
        if (!(fields & 1)) continue;
        const PlFieldRef *r = &fn->fields[k];
        const PlRecord *rec = f->recs[r->varno];
        int i = 0;
        while (rec && i < rec->n && strcmp(rec->names[i], r->name) != 0) i++;
        if (!rec || i == rec->n || rec->types[i].id != r->type.id ||
            rec->types[i].typmod != r->type.typmod)
            return false;
        f->vals[fn->nvars + k] = rec->vals[i];
    }
    return true;
}

/* Whether e is one expression over no table (Project over a one-row Result)
 * that runs without subplans: that expression, else NULL. */
static bool has_subplan(const Expr *x)
{
    if (!x) return false;
    if (x->kind == EXPR_SUBPLAN) return true;
    for (int i = 0; i < x->nargs; i++)
        if (has_subplan(x->args[i])) return true;
    return false;
}

static const Expr *simple_expr(const StmtPlan *sp)
{
    const PlanNode *top = sp->top;
    if (!top || top->kind != PLAN_PROJECT || top->ncols != 1 || !top->left) return NULL;
    const PlanNode *src = top->left;
    if (src->kind != PLAN_VALUES || src->ncols != 0 || src->u.values.nrows != 1) return NULL;
    const Expr *x = top->u.project.exprs[0];
    return has_subplan(x) ? NULL : x;
}

/* 0 when stmt may run in f: a write needs the session's own writable
 * transaction (not a portal's read-only one); another kind of statement
 * (DDL in a DO block) the top level, since the statement calling a function
 * holds the catalog lock DDL needs. */
static int check_allowed(PlFrame *f, const PgQuery__Node *stmt)
{
    SqlSession *s = f->session;
    if (plannable(stmt)) {
        if (!writes(stmt) || (!s->read_only && f->txn == s->txn)) return 0;
        const char *verb = stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT   ? "INSERT"
                           : stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ? "UPDATE"
                                                                                 : "DELETE";
        return ERR(f->err, SQLSTATE_READ_ONLY_SQL_TRANSACTION,
                   "cannot execute %s in a read-only transaction", verb);
    }
    if (stmt->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT)
        return ERR(f->err, SQLSTATE_INVALID_TRANSACTION_TERMINATION,
                   "transaction control in PL/pgSQL is not supported yet");
    if (f->in_query || f->txn != s->txn)
        return ERR(f->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "this statement cannot run inside a function called from a query yet");
    return 0;
}

/* A statement context nested in f's: its rows go to cap (and rows). */
static void nested_init(PlFrame *f, StmtCtx *sc, Arena *arena, const char *sql, Capture *cap,
                        ResultSink *sink, PlRows *rows)
{
    sql_plan_ctx_init(sc, f->session, arena, f->err, sql);
    *cap = (Capture){rows, 0, f->session};
    capture_sink(sink, cap);
    sc->sink = sink;
    sc->nested_txn = f->txn;
}

/* Runs stmt as a new command of f's transaction: planned as sp (catalog
 * lock held), or, with sp NULL, through run_statement, as at the top level. */
static int run_nested(PlFrame *f, StmtCtx *sc, PgQuery__Node *stmt, const StmtPlan *sp)
{
    txn_statement_begin(f->txn);
    return sp ? sql_run_stmt_plan(sc, sp) : sql_run_node(sc, stmt);
}

static int run_planned(PlFrame *f, PlExpr *e, PgQuery__Node *stmt, const StmtPlan *sp, PlRows *rows,
                       uint64_t *processed)
{
    if (check_allowed(f, stmt) != 0) return -1;
    Arena *arena = arena_create(f->arena, "plpgsql statement");
    StmtCtx sc;
    Capture cap;
    ResultSink sink;
    nested_init(f, &sc, arena, e->sql, &cap, &sink, rows);
    sc.exec_params = f->vals; /* variable i is $i+1 of the plan, then record fields */
    sc.n_exec_params = f->fn->nvars + f->fn->nfields;
    int rc = run_nested(f, &sc, stmt, sp);
    arena_destroy(arena);
    if (processed) *processed = cap.processed;
    return rc;
}

/* A statement that is not planned ahead (DDL in a DO block, SET, ...). */
static int run_other(PlFrame *f, PlExpr *e, PgQuery__Node *stmt, PlRows *rows, uint64_t *processed)
{
    if (check_allowed(f, stmt) != 0) return -1;
    Arena *arena = arena_create(f->arena, "plpgsql statement");
    StmtCtx sc;
    Capture cap;
    ResultSink sink;
    nested_init(f, &sc, arena, e->sql, &cap, &sink, rows);
    int rc = run_nested(f, &sc, stmt, NULL);
    for (int t = 0; t < sc.binder.ntemp; t++) sysview_close(sc.binder.temp_tables[t]);
    arena_destroy(arena);
    if (processed) *processed = cap.processed;
    return rc;
}

int pl_sql_run(PlFrame *f, PlExpr *e, PlRows *rows, uint64_t *processed)
{
    Catalog *cat = f->session->db->catalog;
    if (processed) *processed = 0;
    catalog_lock_shared(cat);
    uint64_t version = catalog_version(cat);
    int rc;
    if (e->planned && e->plan_version == version && bind_fields(f, e->fields)) {
        e->in_use++;
        rc = run_planned(f, e, e->stmt, &e->plan, rows, processed);
        e->in_use--;
        catalog_unlock(cat);
        return rc;
    }
    /* plan now: into the expression when nobody runs its plan, else apart */
    bool keep = e->in_use == 0;
    Arena *arena = arena_create(keep ? f->fn->arena : f->arena, "plpgsql plan");
    PgQuery__Node *stmt = NULL;
    StmtPlan sp;
    bool cacheable = false;
    uint64_t fields = 0;
    CatTable **temps = NULL;
    int ntemp = 0;
    rc = make_plan(f, e, arena, &stmt, &sp, &cacheable, &fields, &temps, &ntemp);
    if (rc == 0 && !plannable(stmt)) {
        catalog_unlock(cat); /* DDL takes the exclusive lock */
        rc = run_other(f, e, stmt, rows, processed);
        arena_destroy(arena);
        return rc;
    }
    if (rc == 0) {
        if (keep && cacheable) {
            if (e->plan_arena) arena_destroy(e->plan_arena);
            e->plan_arena = arena;
            e->plan = sp;
            e->stmt = stmt;
            e->plan_version = version;
            e->planned = true;
            e->fields = fields;
            e->simple = simple_expr(&e->plan);
            arena = NULL;
            e->in_use++;
            rc = run_planned(f, e, stmt, &e->plan, rows, processed);
            e->in_use--;
        } else {
            rc = run_planned(f, e, stmt, &sp, rows, processed);
        }
    }
    for (int t = 0; t < ntemp; t++) sysview_close(temps[t]);
    if (arena) arena_destroy(arena);
    catalog_unlock(cat);
    return rc;
}

/* A kept simple expression, evaluated directly (no command of its own: it
 * reads no table). 1 when done (0 or -1 in *rc), 0 when it must go the
 * general way. Catalog lock held. */
static int eval_simple(PlFrame *f, PlExpr *e, Value *out, int *rc)
{
    SqlSession *s = f->session;
    if (!e->simple || !e->planned || e->in_use > 0 ||
        e->plan_version != catalog_version(s->db->catalog) || !bind_fields(f, e->fields))
        return 0;
    ExecState es;
    sql_exec_state_init(&es, s, f->arena, f->err);
    es.txn = f->txn;
    es.snap = txn_snapshot(f->txn);
    es.stmt_params = f->vals;
    es.n_stmt_params = f->fn->nvars + f->fn->nfields;
    EvalCtx ev;
    exec_eval_init(&ev, &es, f->arena);
    e->in_use++;
    Value v;
    *rc = expr_eval_scalar(e->simple, &v, &ev);
    e->in_use--;
    if (*rc == 0) { /* its bytes may be a variable's: a copy */
        if (!v.is_null) v.type = e->simple->type;
        value_copy(out, &v, f->arena);
    }
    return 1;
}

int pl_sql_eval(PlFrame *f, PlExpr *e, Value *out)
{
    int rc = 0;
    if (e->simple) { /* a kept simple expression (eval_simple checks it is current) */
        Catalog *cat = f->session->db->catalog;
        catalog_lock_shared(cat);
        int done = eval_simple(f, e, out, &rc);
        catalog_unlock(cat);
        if (done) return rc;
    }
    PlRows rows;
    pl_rows_init(&rows, 1);
    rc = pl_sql_run(f, e, &rows, NULL);
    if (rc == 0 && rows.ncols != 1) {
        ERR(f->err, SQLSTATE_SYNTAX_ERROR, "query \"%s\" returned %d columns", e->sql, rows.ncols);
        rc = -1;
    }
    if (rc == 0 && rows.seen > 1) {
        ERR(f->err, SQLSTATE_CARDINALITY_VIOLATION, "query \"%s\" returned more than one row",
            e->sql);
        rc = -1;
    }
    if (rc == 0) {
        if (rows.nrows == 0) {
            memset(out, 0, sizeof(*out));
            out->type = rows.types ? rows.types[0] : OM_TYPE(TYPE_UNKNOWN);
            out->is_null = true;
        } else {
            value_copy(out, &pl_rows_row(&rows, 0)[0], f->arena);
        }
    }
    pl_rows_free(&rows);
    return rc;
}

int pl_sql_dynamic(PlFrame *f, const char *sql, const Value *params, int nparams, PlRows *rows,
                   uint64_t *processed)
{
    if (processed) *processed = 0;
    Arena *arena = arena_create(f->arena, "plpgsql EXECUTE");
    PgQuery__ParseResult *tree = sql_parse_text_arena(sql, arena, f->err);
    int rc = -1;
    if (tree && tree->n_stmts != 1) {
        ERR(f->err, SQLSTATE_SYNTAX_ERROR,
            tree->n_stmts == 0 ? "cannot execute an empty query"
                               : "cannot insert multiple commands into a prepared statement");
    } else if (tree && check_allowed(f, tree->stmts[0]->stmt) == 0) {
        PgQuery__Node *stmt = tree->stmts[0]->stmt;
        StmtCtx sc;
        Capture cap;
        ResultSink sink;
        nested_init(f, &sc, arena, sql, &cap, &sink, rows);
        sc.binder.params = params; /* USING values: constants of the plan */
        sc.binder.nparams = nparams;
        if (plannable(stmt)) {
            Catalog *cat = f->session->db->catalog;
            catalog_lock_shared(cat);
            StmtPlan sp;
            rc = sql_plan_stmt(&sc, stmt, &sp);
            if (rc == 0) rc = run_nested(f, &sc, stmt, &sp);
            catalog_unlock(cat);
        } else {
            rc = run_nested(f, &sc, stmt, NULL);
        }
        for (int t = 0; t < sc.binder.ntemp; t++) sysview_close(sc.binder.temp_tables[t]);
        if (processed) *processed = cap.processed;
    }
    arena_destroy(arena);
    return rc;
}

int pl_coerce(PlFrame *f, const Value *v, OmType to, Value *out, Arena *arena)
{
    if (v->is_null) {
        memset(out, 0, sizeof(*out));
        out->type = to;
        out->is_null = true;
        return 0;
    }
    if (to.id == TYPE_UNKNOWN || to.id == TYPE_RECORD ||
        (v->type.id == to.id && (to.typmod < 0 || v->type.typmod == to.typmod))) {
        value_copy(out, v, arena);
        return 0;
    }
    Value in;
    value_copy(&in, v, arena);
    Expr *c = expr_make_const(arena, &in);
    OmError cerr;
    error_clear(&cerr);
    const SessionSettings *settings = &f->session->settings;
    Expr *cast = cast_wrap_settings(arena, c, to, CAST_ASSIGNMENT, settings, &cerr);
    if (!cast) { /* PL/pgSQL converts through text where no cast applies */
        error_clear(&cerr);
        cast = cast_wrap_settings(arena, c, to, CAST_EXPLICIT, settings, &cerr);
    }
    if (!cast) {
        error_copy(f->err, &cerr);
        return -1;
    }
    EvalCtx ev;
    memset(&ev, 0, sizeof(ev));
    ev.arena = arena;
    ev.err = f->err;
    ev.settings = settings;
    ev.catalog = f->session->db->catalog;
    ev.cancel = &f->session->cancel;
    Value r;
    if (expr_eval_scalar(cast, &r, &ev) != 0) return -1;
    value_copy(out, &r, arena);
    out->type = to;
    return 0;
}
