/*
 * bind_row_json.c — whole rows as JSON: row_to_json(t), to_json(t),
 * to_jsonb(t), json_agg(t), jsonb_agg(t) (also t.* and ROW(...)), the way
 * web applications turn query rows into JSON.
 *
 * The record values of bind_record.c do not carry their field names, so the
 * binder rewrites such a call before binding it: the whole-row argument
 * becomes an object built from the row's
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
 * children), not an object of nulls (bind_whole_row_null_test: for a table
 * the hidden row id is tested, NULL only in a null-extended row; a FROM
 * subquery, view or CTE has no such column, so its row counts as NULL when
 * every column is NULL, which is what a null-extended row looks like, and
 * also a real row of nulls, where PostgreSQL gives an object of nulls: a
 * difference, docs/types.md).
 *
 * A name that is a column of a visible FROM item is a column, as in
 * PostgreSQL; only a name that is no column but a FROM item's name is a row
 * (bind_whole_row_rte).
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
    const Rte *r = bind_whole_row_rte(scope, arg->column_ref);
    if (!r) return NULL;
    int loc = arg->column_ref->location;
    PgQuery__Node **args = ARENA_NEW_ARRAY(a, PgQuery__Node *, 2 * (size_t)r->ncols + 1);
    for (int c = 0; c < r->ncols; c++) {
        args[2 * c] = text_const(a, r->colnames[c], loc);
        args[2 * c + 1] = pgq_column_ref2(a, r->alias, r->colnames[c], loc);
    }
    return bind_whole_row_null_test(b, r, func_call(a, fn, args, 2 * (size_t)r->ncols, loc));
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
