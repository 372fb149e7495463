/*
 * bind_row.c — row constructors, ROW(a, b) or (a, b), where PostgreSQL
 * compares them: row comparison operators, IS [NOT] DISTINCT FROM, [NOT] IN
 * lists of rows, and IS [NOT] NULL. As in PostgreSQL's parser, each form is
 * expanded into its fields at bind time:
 *
 *   (a, b) =  (c, d)   a = c AND b = d
 *   (a, b) <> (c, d)   a <> c OR b <> d
 *   (a, b) <  (c, d)   a < c OR (a = c AND b < d)   (<= > >= alike; the last
 *                      pair takes the operator itself)
 *
 * which gives PostgreSQL's three-valued results: its row comparison walks the
 * pairs left to right and answers NULL at the first pair with a NULL that is
 * not decided by an earlier pair. A field used in several pairs is bound once
 * per use, so a volatile function in an ordering comparison's field is
 * evaluated up to once per pair (PostgreSQL: once). A row compared with a
 * record value (a record-valued column) becomes a record itself and is
 * compared with the record operators (func_record.h); a row compared with a
 * subquery's row is refused (0A000). Rows as values: bind_record.c.
 */
#include <string.h>

#include "sql/binder.h"

bool bind_is_row(const PgQuery__Node *node)
{
    return node && node->node_case == PG_QUERY__NODE__NODE_ROW_EXPR;
}

static Expr *error_at(Binder *b, int location)
{
    error_position(b->err, loc1(location));
    return NULL;
}

/* The fields of two rows; -1 (error set) unless both are rows of one length,
 * or -2 when the one that is not a row is a record value (*record: it,
 * bound). */
static int row_pair(Binder *b, BindScope *scope, const char *op, PgQuery__Node *l, PgQuery__Node *r,
                    int location, Expr **record)
{
    if (!bind_is_row(l) || !bind_is_row(r)) {
        PgQuery__Node *other = bind_is_row(l) ? r : l;
        if (other->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "comparing a row constructor with a subquery is not supported yet");
            error_at(b, location);
            return -1;
        }
        Expr *e = bind_expr(b, scope, other);
        if (!e) return -1;
        if (e->type.id == TYPE_RECORD) {
            *record = e;
            return -2;
        }
        char tname[64];
        type_format(e->type, tname, sizeof(tname));
        ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION, "operator does not exist: %s %s %s",
            bind_is_row(l) ? "record" : tname, op, bind_is_row(l) ? tname : "record");
        error_hint(b->err, "No operator matches the given name and argument types. You might "
                           "need to add explicit type casts.");
        error_at(b, location);
        return -1;
    }
    size_t n = l->row_expr->n_args;
    if (n != r->row_expr->n_args) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR, "unequal number of entries in row expressions");
        error_at(b, location);
        return -1;
    }
    if (n == 0) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot compare rows of zero length");
        error_at(b, location);
        return -1;
    }
    return (int)n;
}

/* Field i of l op field i of r, both bound afresh. */
static Expr *pair_op(Binder *b, BindScope *scope, const char *op, PgQuery__Node *l,
                     PgQuery__Node *r, int i, int location)
{
    Expr *x = bind_expr(b, scope, l->row_expr->args[i]);
    Expr *y = x ? bind_expr(b, scope, r->row_expr->args[i]) : NULL;
    if (!y) return NULL;
    if (strcmp(op, "IS DISTINCT") == 0 || strcmp(op, "IS NOT DISTINCT") == 0)
        return bind_is_distinct(b, x, y, op[3] == 'D', location);
    return bind_operator(b, op, x, y, location);
}

/* AND or OR of op over every pair. */
static Expr *all_pairs(Binder *b, BindScope *scope, const char *op, ExprKind combine,
                       PgQuery__Node *l, PgQuery__Node *r, int n, int location)
{
    Expr **parts = ARENA_NEW_ARRAY(b->arena, Expr *, n);
    for (int i = 0; i < n; i++)
        if (!(parts[i] = pair_op(b, scope, op, l, r, i, location))) return NULL;
    return n == 1 ? parts[0] : bind_bool_node(b, combine, parts, n, location);
}

/* A row constructor compared with a record value: the row as a record, and
 * the record operator (record_eq ...: NULL fields equal each other), as
 * PostgreSQL does when one side is not a ROW(...). */
static Expr *record_compare(Binder *b, BindScope *scope, const char *op, PgQuery__Node *l,
                            PgQuery__Node *r, Expr *record, int location)
{
    Expr *row = bind_row_value(b, scope, (bind_is_row(l) ? l : r)->row_expr);
    if (!row) return NULL;
    Expr *x = bind_is_row(l) ? row : record, *y = bind_is_row(l) ? record : row;
    if (strcmp(op, "IS DISTINCT") == 0 || strcmp(op, "IS NOT DISTINCT") == 0)
        return bind_is_distinct(b, x, y, op[3] == 'D', location);
    return bind_operator(b, op, x, y, location);
}

Expr *bind_row_compare(Binder *b, BindScope *scope, const char *op, PgQuery__Node *l,
                       PgQuery__Node *r, int location)
{
    if (bind_is_row(l) && r->node_case == PG_QUERY__NODE__NODE_SUB_LINK &&
        r->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK &&
        (strcmp(op, "=") == 0 || strcmp(op, "<>") == 0 || strcmp(op, "<") == 0 ||
         strcmp(op, "<=") == 0 || strcmp(op, ">") == 0 || strcmp(op, ">=") == 0))
        return bind_row_compare_sublink(b, scope, l->row_expr, r->sub_link, op);
    Expr *record = NULL;
    int n = row_pair(b, scope, op, l, r, location, &record);
    if (n == -2) return record_compare(b, scope, op, l, r, record, location);
    if (n < 0) return NULL;
    if (strcmp(op, "=") == 0) return all_pairs(b, scope, "=", EXPR_AND, l, r, n, location);
    if (strcmp(op, "<>") == 0) return all_pairs(b, scope, "<>", EXPR_OR, l, r, n, location);
    if (strcmp(op, "IS DISTINCT") == 0) return all_pairs(b, scope, op, EXPR_OR, l, r, n, location);
    if (strcmp(op, "IS NOT DISTINCT") == 0)
        return all_pairs(b, scope, op, EXPR_AND, l, r, n, location);
    const char *strict;
    if (strcmp(op, "<") == 0 || strcmp(op, "<=") == 0)
        strict = "<";
    else if (strcmp(op, ">") == 0 || strcmp(op, ">=") == 0)
        strict = ">";
    else {
        /* an operator the fields lack is reported as such first */
        if (!pair_op(b, scope, op, l, r, 0, location)) return NULL;
        ERR(b->err, SQLSTATE_UNDEFINED_FUNCTION,
            "could not determine interpretation of row comparison operator %s", op);
        error_hint(b->err, "Row comparison operators must be associated with btree operator "
                           "families.");
        return error_at(b, location);
    }
    /* from the last pair outwards: acc = (x_i strict y_i) OR (x_i = y_i AND acc) */
    Expr *acc = pair_op(b, scope, op, l, r, n - 1, location);
    for (int i = n - 2; i >= 0 && acc; i--) {
        Expr *lt = pair_op(b, scope, strict, l, r, i, location);
        Expr *eq = lt ? pair_op(b, scope, "=", l, r, i, location) : NULL;
        if (!eq) return NULL;
        Expr *and_args[2] = {eq, acc};
        Expr *or_args[2] = {lt, bind_bool_node(b, EXPR_AND, and_args, 2, location)};
        acc = bind_bool_node(b, EXPR_OR, or_args, 2, location);
    }
    return acc;
}

Expr *bind_row_in(Binder *b, BindScope *scope, PgQuery__Node *row, PgQuery__List *list, bool negate,
                  int location)
{
    int n = (int)list->n_items;
    Expr **parts = ARENA_NEW_ARRAY(b->arena, Expr *, n > 0 ? n : 1);
    for (int i = 0; i < n; i++)
        if (!(parts[i] =
                  bind_row_compare(b, scope, negate ? "<>" : "=", row, list->items[i], location)))
            return NULL;
    return n == 1 ? parts[0] : bind_bool_node(b, negate ? EXPR_AND : EXPR_OR, parts, n, location);
}

Expr *bind_row_null_test(Binder *b, BindScope *scope, PgQuery__Node *row, bool is_null,
                         int location)
{
    int n = (int)row->row_expr->n_args;
    if (n == 0) {
        /* an empty row has no field that is not NULL, nor one that is */
        Value v = {.type = OM_TYPE(TYPE_BOOL), .u.b = true};
        return expr_make_const(b->arena, &v);
    }
    Expr **parts = ARENA_NEW_ARRAY(b->arena, Expr *, n);
    for (int i = 0; i < n; i++) {
        Expr *f = bind_expr(b, scope, row->row_expr->args[i]);
        if (!f || !(f = bind_resolve_unknown(b, f))) return NULL;
        Expr *args[1] = {f};
        parts[i] = bind_bool_node(b, is_null ? EXPR_IS_NULL : EXPR_IS_NOT_NULL, args, 1, location);
    }
    return n == 1 ? parts[0] : bind_bool_node(b, EXPR_AND, parts, n, location);
}
