/*
 * bind_record.c — anonymous records in expressions: ROW(a, b) and (a, b) as
 * values, a whole row `t` (or `t.*`) of a FROM item, a set-returning function
 * with OUT parameters called in an expression (bind_srf.c), and field
 * selection `(r).f` on any of them, also through subquery columns.
 *
 * A record value describes its fields' types itself (catalog/record.h); what
 * it does not carry are the field names. The binder keeps them as PostgreSQL
 * keeps "blessed" record types: every record-making expression registers its
 * fields (names and types) in the statement's list, and the expression's type
 * is record with the entry's number as typmod. The typmod travels with the
 * type through subquery columns, CTEs, views and set operations (whose
 * branches keep the left one's when their fields agree), so `(s.r).f` finds
 * the name `f` and binds to a fixed field number. A record whose typmod is -1
 * (NULL::record, the result of CASE over different rows) has no known fields:
 * selecting one is 42703, as in PostgreSQL. The numbers mean nothing outside
 * the statement: clients see typmod -1 (type_public_typmod).
 *
 * Names: ROW(...) has fields f1, f2, ...; a whole row has its FROM item's
 * column names; a function its OUT parameters' names (x, n for
 * _pg_expandarray). A name is matched exactly (identifiers are folded by the
 * parser). `(t).c` and `(t.*).c` on a FROM item `t` are the column t.c
 * itself (no record is built), with PostgreSQL's 42703 "column t.c does not
 * exist".
 *
 * A whole row of a table that an outer join null-extended is NULL (its hidden
 * row id is); a row of a subquery, view or CTE counts as NULL when all its
 * columns are, as for whole rows in the JSON functions (bind_row_json.c).
 */
#include <stdio.h>
#include <string.h>

#include "catalog/record.h"
#include "exec/func_record.h"
#include "sql/bind_array.h"
#include "sql/binder.h"
#include "sql/pgq_build.h"

struct BindRecordTypes {
    int n, cap;
    BindRecordType *items;
};

void bind_record_types_init(Binder *b)
{
    if (!b->record_types) b->record_types = ARENA_NEW(b->arena, BindRecordTypes);
}

int32_t bind_record_type_add(Binder *b, int n, const char *const *names, const OmType *types)
{
    bind_record_types_init(b);
    BindRecordTypes *rt = b->record_types;
    if (rt->n == rt->cap) {
        int cap = rt->cap ? rt->cap * 2 : 8;
        rt->items = arena_realloc(b->arena, rt->items, sizeof(BindRecordType) * (size_t)rt->cap,
                                  sizeof(BindRecordType) * (size_t)cap);
        rt->cap = cap;
    }
    BindRecordType *t = &rt->items[rt->n];
    t->nfields = n;
    t->names = ARENA_NEW_ARRAY(b->arena, const char *, n > 0 ? n : 1);
    t->types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        t->names[i] = names[i];
        t->types[i] = types[i];
    }
    return rt->n++;
}

const BindRecordType *bind_record_type_get(const Binder *b, OmType type)
{
    if (type.id != TYPE_RECORD || type.typmod < 0 || !b->record_types ||
        type.typmod >= b->record_types->n)
        return NULL;
    return &b->record_types->items[type.typmod];
}

/* Same number of fields of the same types (the names may differ). */
static bool same_fields(const BindRecordType *x, const BindRecordType *y)
{
    if (!x || !y || x->nfields != y->nfields) return false;
    for (int i = 0; i < x->nfields; i++)
        if (x->types[i].id != y->types[i].id) return false;
    return true;
}

OmType bind_record_common(const Binder *b, OmType left, OmType right)
{
    if (left.typmod == right.typmod ||
        same_fields(bind_record_type_get(b, left), bind_record_type_get(b, right)))
        return left;
    return OM_TYPE(TYPE_RECORD);
}

Expr *bind_record_make(Binder *b, Expr **fields, const char *const *names, int n, int location)
{
    if (n > RECORD_MAX_FIELDS) {
        ERR(b->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "ROW expressions can have at most %d entries",
            RECORD_MAX_FIELDS);
        error_position(b->err, loc1(location));
        return NULL;
    }
    OmType *types = ARENA_NEW_ARRAY(b->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        if (!(fields[i] = bind_resolve_unknown(b, fields[i]))) return NULL;
        types[i] = fields[i]->type;
        if (types[i].id == TYPE_VOID) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "a record cannot hold a void value");
            error_position(b->err, loc1(location));
            return NULL;
        }
    }
    OmType rt = {TYPE_RECORD, bind_record_type_add(b, n, names, types)};
    Expr *e = expr_make_func(b->arena, &func_record_row, fields, n, rt);
    e->location = loc1(location);
    return e;
}

/* ROW(a, t.*, ...): t.* stands for t's columns, as in PostgreSQL. */
Expr *bind_row_value(Binder *b, BindScope *scope, PgQuery__RowExpr *row)
{
    int cap = (int)row->n_args, n = 0;
    Expr **fields = ARENA_NEW_ARRAY(b->arena, Expr *, cap > 0 ? cap : 1);
    for (size_t i = 0; i < row->n_args; i++) {
        PgQuery__Node *arg = row->args[i];
        if (arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
            arg->column_ref->fields[arg->column_ref->n_fields - 1]->node_case ==
                PG_QUERY__NODE__NODE_A_STAR) {
            Expr **cols;
            const char **cnames;
            int k = bind_expand_star(b, scope, arg->column_ref, &cols, &cnames);
            if (k < 0) return NULL;
            cap += k;
            Expr **grown = ARENA_NEW_ARRAY(b->arena, Expr *, cap > 0 ? cap : 1);
            memcpy(grown, fields, sizeof(Expr *) * (size_t)n);
            memcpy(grown + n, cols, sizeof(Expr *) * (size_t)k);
            fields = grown;
            n += k;
            continue;
        }
        if (!(fields[n++] = bind_expr(b, scope, arg))) return NULL;
    }
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        const char *given = (int)row->n_colnames == n ? pgq_str(row->colnames[i]) : NULL;
        if (given) {
            names[i] = given;
        } else {
            char *f = arena_alloc(b->arena, 16);
            snprintf(f, 16, "f%d", i + 1);
            names[i] = f;
        }
    }
    return bind_record_make(b, fields, names, n, row->location);
}

static Expr *select_field(Binder *b, Expr *rec, const BindRecordType *t, int found, int location);

Expr *bind_record_field(Binder *b, Expr *rec, const char *field, int location)
{
    if (rec->type.id != TYPE_RECORD) {
        char tn[64];
        type_format(rec->type, tn, sizeof(tn));
        ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE,
            "column notation .%s applied to type %s, which is not a composite type", field, tn);
        error_position(b->err, loc1(location));
        return NULL;
    }
    const BindRecordType *t = bind_record_type_get(b, rec->type);
    int found = -1;
    for (int i = 0; t && i < t->nfields && found < 0; i++)
        if (strcmp(t->names[i], field) == 0) found = i;
    if (found < 0) {
        ERR(b->err, SQLSTATE_UNDEFINED_COLUMN,
            "could not identify column \"%s\" in record data type", field);
        error_position(b->err, loc1(location));
        return NULL;
    }
    return select_field(b, rec, t, found, location);
}

/* Field `found` of rec, whose fields t describes. */
static Expr *select_field(Binder *b, Expr *rec, const BindRecordType *t, int found, int location)
{
    /* (ROW(a, b)).f1 is a itself */
    if (func_is_record_row(rec) && found < rec->nargs) return rec->args[found];
    Value idx;
    memset(&idx, 0, sizeof(idx));
    idx.type = OM_TYPE(TYPE_INT4);
    idx.u.i32 = found;
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, 2);
    args[0] = rec;
    args[1] = expr_make_const(b->arena, &idx);
    Expr *e = expr_make_func(b->arena, &func_record_field, args, 2, t->types[found]);
    e->location = loc1(location);
    return e;
}

int bind_record_json_pairs(Binder *b, Expr *rec, int location, Expr ***pairs)
{
    const BindRecordType *t = bind_record_type_get(b, rec->type);
    if (!t) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "a record whose fields are not known here cannot be converted to JSON");
        error_position(b->err, loc1(location));
        return -1;
    }
    Expr **p = ARENA_NEW_ARRAY(b->arena, Expr *, 2 * (size_t)t->nfields + 1);
    for (int i = 0; i < t->nfields; i++) {
        Value key;
        memset(&key, 0, sizeof(key));
        key.type = OM_TYPE(TYPE_TEXT);
        key.u.str = strview_make(t->names[i], (uint32_t)strlen(t->names[i]));
        p[2 * i] = expr_make_const(b->arena, &key);
        if (!(p[2 * i + 1] = select_field(b, rec, t, i, location))) return -1;
    }
    *pairs = p;
    return 2 * t->nfields;
}

/* ---- whole rows ---- */

static bool has_column(const Rte *r, const char *name)
{
    for (int c = 0; c < r->ncols; c++)
        if (r->colnames[c] && strcmp(r->colnames[c], name) == 0) return true;
    return false;
}

const Rte *bind_whole_row_rte(BindScope *scope, const PgQuery__ColumnRef *cr)
{
    bool star = cr->n_fields == 2 && cr->fields[1]->node_case == PG_QUERY__NODE__NODE_A_STAR;
    if (!(cr->n_fields == 1 || star) || cr->fields[0]->node_case != PG_QUERY__NODE__NODE_STRING)
        return NULL;
    const char *name = cr->fields[0]->string->sval;
    for (BindScope *s = scope; s; s = s->parent)
        for (int i = 0; i < s->query->nrtes && !star; i++) {
            bool visible = !s->query->rtes[i]->join_hidden &&
                           (s->visible == NULL || (i < s->nvisible && s->visible[i]));
            if (visible && has_column(s->query->rtes[i], name)) return NULL;
        }
    for (BindScope *s = scope; s; s = s->parent)
        for (int i = 0; i < s->query->nrtes; i++) {
            const Rte *r = s->query->rtes[i];
            bool visible =
                !r->join_hidden && (s->visible == NULL || (i < s->nvisible && s->visible[i]));
            if (visible && r->alias && strcmp(r->alias, name) == 0) return r;
        }
    return NULL;
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

PgQuery__Node *bind_whole_row_null_test(Binder *b, const Rte *r, PgQuery__Node *value)
{
    if (r->kind == RTE_TABLE) {
        static const char *const ctid[] = {"ctid"};
        return null_if_no_row(b->arena, r->alias, ctid, 1, value);
    }
    return r->ncols > 0 ? null_if_no_row(b->arena, r->alias, r->colnames, r->ncols, value) : value;
}

Expr *bind_whole_row(Binder *b, BindScope *scope, PgQuery__ColumnRef *cr)
{
    const Rte *r = bind_whole_row_rte(scope, cr);
    if (!r) return NULL;
    if (scope->clause == CLAUSE_CHECK) { /* its text would name the hidden row id */
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "whole-row references in check constraints are not supported");
        error_position(b->err, loc1(cr->location));
        return NULL;
    }
    Arena *a = b->arena;
    PgQuery__RowExpr *row = ARENA_NEW(a, PgQuery__RowExpr);
    PgQuery__RowExpr init = PG_QUERY__ROW_EXPR__INIT;
    *row = init;
    row->n_args = row->n_colnames = (size_t)r->ncols;
    row->args = ARENA_NEW_ARRAY(a, PgQuery__Node *, (size_t)r->ncols + 1);
    row->colnames = ARENA_NEW_ARRAY(a, PgQuery__Node *, (size_t)r->ncols + 1);
    for (int c = 0; c < r->ncols; c++) {
        row->args[c] = pgq_column_ref2(a, r->alias, r->colnames[c], cr->location);
        row->colnames[c] = pgq_string_node(a, r->colnames[c]);
    }
    row->location = cr->location;
    PgQuery__Node *value = pgq_node_new(a, PG_QUERY__NODE__NODE_ROW_EXPR);
    value->row_expr = row;
    return bind_expr(b, scope, bind_whole_row_null_test(b, r, value));
}

/* ---- (expr).field, (expr)[i], (expr).* ---- */

/* (t).c or (t.*).c for a FROM item t: the column t.c, built as a ColumnRef so
 * that it resolves (and fails) as t.c does. NULL when arg is no whole row. */
static PgQuery__Node *whole_row_column(Binder *b, BindScope *scope, PgQuery__Node *arg,
                                       const char *field)
{
    if (arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF) return NULL;
    const Rte *r = bind_whole_row_rte(scope, arg->column_ref);
    if (!r) return NULL;
    return pgq_column_ref2(b->arena, r->alias, field, arg->column_ref->location);
}

/* Applies ind's items [from, to) to the bound value e. */
static Expr *apply_indirection(Binder *b, BindScope *scope, Expr *e, PgQuery__AIndirection *ind,
                               size_t from, size_t to, int location)
{
    size_t i = from;
    while (e && i < to) {
        PgQuery__Node *item = ind->indirection[i];
        if (item->node_case == PG_QUERY__NODE__NODE_A_INDICES) {
            size_t run = i;
            while (run < to && ind->indirection[run]->node_case == PG_QUERY__NODE__NODE_A_INDICES)
                run++;
            e = bind_subscripts(b, scope, e, &ind->indirection[i], (int)(run - i));
            i = run;
        } else if (item->node_case == PG_QUERY__NODE__NODE_STRING) {
            e = bind_record_field(b, e, item->string->sval, location);
            i++;
        } else {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "row expansion via \"*\" is not supported here");
            error_position(b->err, loc1(location));
            return NULL;
        }
    }
    return e;
}

/* Where an error about the selection points: at its argument. */
static int arg_location(PgQuery__Node *arg)
{
    switch (arg->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return arg->column_ref->location;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        return arg->func_call->location;
    case PG_QUERY__NODE__NODE_ROW_EXPR:
        return arg->row_expr->location;
    case PG_QUERY__NODE__NODE_A_CONST:
        return arg->a_const->location;
    case PG_QUERY__NODE__NODE_TYPE_CAST:
        return arg->type_cast->location;
    default:
        return -1;
    }
}

Expr *bind_record_indirection(Binder *b, BindScope *scope, PgQuery__AIndirection *ind)
{
    int location = arg_location(ind->arg);
    size_t first = 0;
    Expr *e;
    PgQuery__Node *col = NULL;
    if (ind->n_indirection > 0 && ind->indirection[0]->node_case == PG_QUERY__NODE__NODE_STRING)
        col = whole_row_column(b, scope, ind->arg, ind->indirection[0]->string->sval);
    if (col) {
        e = bind_expr(b, scope, col);
        if (e && b->rec) bind_rec_field(b, col->column_ref, ind->indirection[0]->string);
        first = 1;
    } else {
        e = bind_expr(b, scope, ind->arg);
    }
    return apply_indirection(b, scope, e, ind, first, ind->n_indirection, location);
}

int bind_record_star(Binder *b, BindScope *scope, PgQuery__AIndirection *ind, Expr ***exprs,
                     const char ***names)
{
    size_t n = ind->n_indirection;
    int location = arg_location(ind->arg);
    if (n == 1 && ind->arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const Rte *r = bind_whole_row_rte(scope, ind->arg->column_ref);
        if (r) { /* (t).* is t.* */
            PgQuery__ColumnRef cr = *ind->arg->column_ref;
            cr.n_fields = 2;
            cr.fields = ARENA_NEW_ARRAY(b->arena, PgQuery__Node *, 2);
            cr.fields[0] = pgq_string_node(b->arena, r->alias);
            cr.fields[1] = pgq_node_new(b->arena, PG_QUERY__NODE__NODE_A_STAR);
            return bind_expand_star(b, scope, &cr, exprs, names);
        }
    }
    Expr *e = bind_expr(b, scope, ind->arg);
    e = apply_indirection(b, scope, e, ind, 0, n - 1, location);
    if (!e) return -1;
    const BindRecordType *t = bind_record_type_get(b, e->type);
    if (!t) {
        char tn[64];
        type_format(e->type, tn, sizeof(tn));
        if (e->type.id == TYPE_RECORD)
            ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "record type has not been registered");
        else
            ERR(b->err, SQLSTATE_WRONG_OBJECT_TYPE, "type %s is not composite", tn);
        error_position(b->err, loc1(location));
        return -1;
    }
    *exprs = ARENA_NEW_ARRAY(b->arena, Expr *, t->nfields > 0 ? t->nfields : 1);
    *names = ARENA_NEW_ARRAY(b->arena, const char *, t->nfields > 0 ? t->nfields : 1);
    for (int i = 0; i < t->nfields; i++) {
        (*names)[i] = t->names[i];
        if (!((*exprs)[i] = select_field(b, e, t, i, location))) return -1;
    }
    return t->nfields;
}
