/*
 * bind_row_json.c — whole rows as JSON: row_to_json(t), to_json(t),
 * to_jsonb(t), json_agg(t), jsonb_agg(t) (also t.* and ROW(...)), the way
 * web applications turn query rows into JSON.
 *
 * OmenDB has no record type, so the binder rewrites such a call before
 * binding it: the whole-row argument becomes an object built from the row's
 * fields — omendb_row_json('a', t.a, 'b', t.b) for json (row_to_json's compact
 * text, {"a":1,"b":"x"}; omendb_row_json_pretty for row_to_json(t, true)),
 * jsonb_build_object(...) for jsonb — and json_agg becomes
 * omendb_json_agg_rows, json_agg with the line break PostgreSQL puts between
 * composite values. The fields are the FROM item's columns in
 * order (f1, f2, ... for ROW(...)). Values become JSON as to_json makes them,
 * which is what PostgreSQL's record conversion does too.
 *
 * A row of a table that an outer join null-extended is NULL as a whole in
 * PostgreSQL (json_agg(c) over a LEFT JOIN gives [null] for a parent without
 * children), not an object of nulls: for a table the rewrite tests its hidden
 * row id (NULL only in a null-extended row). A FROM subquery, view or CTE has
 * no such column: its row counts as NULL when every column is NULL, which is
 * what a null-extended row looks like, and also a real row of nulls (there
 * PostgreSQL gives an object of nulls: a difference, docs/types.md).
 *
 * A name that is a column of a visible FROM item is a column, as in
 * PostgreSQL; only a name that is no column but a FROM item's name is a row.
 * The call is copied, not changed: the statement's parse tree (a view's
 * stored text) keeps the call as written.
 */
#include <stdio.h>
#include <string.h>

#include "sql/binder.h"
#include "sql/pgq_build.h"

static PgQuery__Node *text_const(Arena *a, const char *s, int location)
{
    PgQuery__AConst *c = ARENA_NEW(a, PgQuery__AConst);
    PgQuery__AConst init = PG_QUERY__A__CONST__INIT;
    *c = init;
    c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
    c->sval = ARENA_NEW(a, PgQuery__String);
    PgQuery__String sinit = PG_QUERY__STRING__INIT;
    *c->sval = sinit;
    c->sval->sval = (char *)s;
    c->location = location;
    PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_A_CONST);
    n->a_const = c;
    return n;
}

static PgQuery__Node *func_call(Arena *a, const char *name, PgQuery__Node **args, size_t n,
                                int location)
{
    PgQuery__FuncCall *fc = ARENA_NEW(a, PgQuery__FuncCall);
    PgQuery__FuncCall init = PG_QUERY__FUNC_CALL__INIT;
    *fc = init;
    fc->n_funcname = 1;
    fc->funcname = ARENA_NEW_ARRAY(a, PgQuery__Node *, 1);
    fc->funcname[0] = pgq_string_node(a, name);
    fc->n_args = n;
    fc->args = args;
    fc->location = location;
    PgQuery__Node *node = pgq_node_new(a, PG_QUERY__NODE__NODE_FUNC_CALL);
    node->func_call = fc;
    return node;
}

static PgQuery__Node *is_null(Arena *a, const char *rel, const char *col)
{
    PgQuery__NullTest *nt = ARENA_NEW(a, PgQuery__NullTest);
    PgQuery__NullTest ninit = PG_QUERY__NULL_TEST__INIT;
    *nt = ninit;
    nt->arg = pgq_column_ref2(a, rel, col, -1);
    nt->nulltesttype = PG_QUERY__NULL_TEST_TYPE__IS_NULL;
    nt->location = -1;
    PgQuery__Node *test = pgq_node_new(a, PG_QUERY__NODE__NODE_NULL_TEST);
    test->null_test = nt;
    return test;
}

/* CASE WHEN rel.c1 IS NULL [AND rel.c2 IS NULL ...] THEN NULL ELSE value END */
static PgQuery__Node *null_if_no_row(Arena *a, const char *rel, const char *const *cols, int ncols,
                                     PgQuery__Node *value)
{
    PgQuery__Node *test = is_null(a, rel, cols[0]);
    if (ncols > 1) {
        PgQuery__BoolExpr *be = ARENA_NEW(a, PgQuery__BoolExpr);
        PgQuery__BoolExpr binit = PG_QUERY__BOOL_EXPR__INIT;
        *be = binit;
        be->boolop = PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR;
        be->n_args = (size_t)ncols;
        be->args = ARENA_NEW_ARRAY(a, PgQuery__Node *, (size_t)ncols);
        for (int c = 0; c < ncols; c++) be->args[c] = is_null(a, rel, cols[c]);
        be->location = -1;
        test = pgq_node_new(a, PG_QUERY__NODE__NODE_BOOL_EXPR);
        test->bool_expr = be;
    }
    PgQuery__CaseWhen *w = ARENA_NEW(a, PgQuery__CaseWhen);
    PgQuery__CaseWhen winit = PG_QUERY__CASE_WHEN__INIT;
    *w = winit;
    w->expr = test;
    w->result = pgq_null_const(a);
    w->location = -1;
    PgQuery__CaseExpr *ce = ARENA_NEW(a, PgQuery__CaseExpr);
    PgQuery__CaseExpr cinit = PG_QUERY__CASE_EXPR__INIT;
    *ce = cinit;
    ce->n_args = 1;
    ce->args = ARENA_NEW_ARRAY(a, PgQuery__Node *, 1);
    ce->args[0] = pgq_node_new(a, PG_QUERY__NODE__NODE_CASE_WHEN);
    ce->args[0]->case_when = w;
    ce->defresult = value;
    ce->location = -1;
    PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_CASE_EXPR);
    n->case_expr = ce;
    return n;
}

static bool has_column(const Rte *r, const char *name)
{
    for (int c = 0; c < r->ncols; c++)
        if (r->colnames[c] && strcmp(r->colnames[c], name) == 0) return true;
    return false;
}

/* The FROM item a bare name (or name.*) stands for as a whole row: NULL when
 * the name is a visible column or names no visible item. */
static const Rte *whole_row_rte(BindScope *scope, const PgQuery__ColumnRef *cr)
{
    bool star = cr->n_fields == 2 && cr->fields[1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
    if (!(cr->n_fields == 1 || star) || cr->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return NULL;
    const char *name = cr->fields[0]->string->sval;
    for (BindScope *s = scope; s; s = s->parent)
        for (int i = 0; i < s->query->nrtes && !star; i++) {
            bool visible = s->visible == NULL || (i < s->nvisible && s->visible[i]);
            if (visible && has_column(s->query->rtes[i], name)) return NULL;
        }
    for (BindScope *s = scope; s; s = s->parent)
        for (int i = 0; i < s->query->nrtes; i++) {
            const Rte *r = s->query->rtes[i];
            bool visible = s->visible == NULL || (i < s->nvisible && s->visible[i]);
            if (visible && r->alias && strcmp(r->alias, name) == 0) return r;
        }
    return NULL;
}

/* The JSON object for a whole-row argument, or NULL when arg is none. */
static PgQuery__Node *row_object(Binder *b, BindScope *scope, PgQuery__Node *arg, bool jsonb,
                                 bool pretty)
{
    Arena *a = b->arena;
    const char *fn = jsonb    ? "jsonb_build_object"
                     : pretty ? "omendb_row_json_pretty"
                              : "omendb_row_json";
    if (arg->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
        PgQuery__RowExpr *row = arg->row_expr;
        PgQuery__Node **args = ARENA_NEW_ARRAY(a, PgQuery__Node *, 2 * row->n_args + 1);
        for (size_t i = 0; i < row->n_args; i++) {
            char *key = arena_alloc(a, 24);
            snprintf(key, 24, "f%zu", i + 1);
            args[2 * i] = text_const(a, key, row->location);
            args[2 * i + 1] = row->args[i];
        }
        return func_call(a, fn, args, 2 * row->n_args, row->location);
    }
    if (arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return NULL;
    const Rte *r = whole_row_rte(scope, arg->column_ref);
    if (!r) return NULL;
    int loc = arg->column_ref->location;
    PgQuery__Node **args = ARENA_NEW_ARRAY(a, PgQuery__Node *, 2 * (size_t)r->ncols + 1);
    for (int c = 0; c < r->ncols; c++) {
        args[2 * c] = text_const(a, r->colnames[c], loc);
        args[2 * c + 1] = pgq_column_ref2(a, r->alias, r->colnames[c], loc);
    }
    PgQuery__Node *obj = func_call(a, fn, args, 2 * (size_t)r->ncols, loc);
    if (r->kind == RTE_TABLE) {
        static const char *const ctid[] = {"ctid"};
        return null_if_no_row(a, r->alias, ctid, 1, obj);
    }
    return r->ncols > 0 ? null_if_no_row(a, r->alias, r->colnames, r->ncols, obj) : obj;
}

PgQuery__FuncCall *bind_row_json_rewrite(Binder *b, BindScope *scope, PgQuery__FuncCall *fc,
                                         const char **fname)
{
    const char *name = *fname;
    static const char *const json_fns[] = {"row_to_json", "to_json", "json_agg", NULL};
    static const char *const jsonb_fns[] = {"to_jsonb", "jsonb_agg", NULL};
    bool json = false, jsonb = false;
    for (int i = 0; json_fns[i]; i++) json |= strcmp(name, json_fns[i]) == 0;
    for (int i = 0; jsonb_fns[i]; i++) jsonb |= strcmp(name, jsonb_fns[i]) == 0;
    if ((!json && !jsonb) || fc->n_args < 1) return fc;
    bool row_fn = strcmp(name, "row_to_json") == 0;
    if (fc->n_args > (row_fn ? 2u : 1u)) return fc;
    bool pretty = false;
    if (row_fn && fc->n_args == 2) {
        /* row_to_json(t, pretty): a constant boolean chooses the layout */
        PgQuery__Node *p = fc->args[1];
        if (p->node_case != PG_QUERY__NODE__NODE_A_CONST ||
            p->a_const->val_case != PG_QUERY__A__CONST__VAL_BOOLVAL)
            return fc;
        pretty = p->a_const->boolval->boolval;
    }
    PgQuery__Node *obj = row_object(b, scope, fc->args[0], jsonb, pretty);
    if (!obj) return fc;
    PgQuery__FuncCall *copy = ARENA_NEW(b->arena, PgQuery__FuncCall);
    *copy = *fc;
    /* row_to_json(t) is the object itself (to_json of json is the same text);
     * json_agg of rows puts a line break between them */
    const char *as = row_fn                          ? "to_json"
                     : strcmp(name, "json_agg") == 0 ? "omendb_json_agg_rows"
                                                     : name;
    copy->funcname = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, 1);
    copy->n_funcname = 1;
    copy->funcname[0] = pgq_string_node(b->arena, as);
    copy->n_args = 1;
    copy->args = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, 1);
    copy->args[0] = obj;
    *fname = as;
    return copy;
}
