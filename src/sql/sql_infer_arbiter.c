/*
 * sql_infer_arbiter.c — the arbiter indexes of INSERT ... ON CONFLICT, chosen
 * as PostgreSQL's infer_arbiter_indexes (optimizer/util/plancat.c) chooses
 * them:
 *
 *   - ON CONFLICT ON CONSTRAINT name: that PRIMARY KEY or UNIQUE constraint's
 *     index (42704 for any other name, a unique index included: an index is
 *     not a constraint; 42809 for a CHECK or foreign key, which has no index);
 *   - ON CONFLICT (elements) [WHERE p]: every unique index whose column keys
 *     are exactly the elements that are columns, whose expression keys are
 *     exactly the elements that are expressions (compared as bound trees,
 *     through their printed text), and whose predicate, if it has one, p
 *     implies; none is 42P10;
 *   - no specification (DO NOTHING only): every unique index.
 *
 * Implication is a subset of PostgreSQL's predtest.c: AND/OR structure (each
 * conjunct of the predicate implied by some conjunct of p, an OR implied
 * through one of its arms, an OR in p through all of its arms), equal
 * clauses, `x IS NOT NULL` implied by a strict operator or function over x,
 * and btree comparisons of the same expression with constants (`v > 1`
 * implies `v > 0`, `x = 5` implies `x <> 3`). What PostgreSQL proves beyond
 * that (constant folding of the clauses, operators of other opfamilies) is
 * not proved here and answers 42P10.
 */
#include <string.h>

#include "exec/func_registry.h"
#include "exec/vector_ops.h"
#include "sql/sql_alter.h"
#include "sql/sql_index_expr.h"

typedef struct Infer {
    StmtCtx *sc;
    const CatTable *t;
    const char **names; /* column names, for printing */
} Infer;

static const char *text_of(Infer *in, const Expr *e)
{
    return e ? sql_expr_text(in->sc, e, in->names) : NULL;
}

static bool same_expr(Infer *in, const Expr *a, const Expr *b)
{
    const char *ta = text_of(in, a), *tb = text_of(in, b);
    return ta && tb && strcmp(ta, tb) == 0;
}

/* btree comparison operators, in PostgreSQL's strategy order, and <>. */
enum { OP_LT, OP_LE, OP_EQ, OP_GE, OP_GT, OP_NE, OP_NONE };

static int cmp_op(const Expr *e)
{
    if (e->kind != EXPR_FUNC || e->nargs != 2 || !e->u.func.def ||
        !(e->u.func.def->flags & FUNC_IS_OPERATOR))
        return OP_NONE;
    static const char *const names[] = {"<", "<=", "=", ">=", ">", "<>"};
    for (int i = 0; i < OP_NONE; i++)
        if (strcmp(e->u.func.def->name, names[i]) == 0) return i;
    return OP_NONE;
}

static int commute(int op)
{
    static const int flipped[] = {OP_GT, OP_GE, OP_EQ, OP_LE, OP_LT, OP_NE};
    return flipped[op];
}

/* `x op c` or `c op x` with a non-NULL constant c of an ordered type:
 * the operator as if x were on the left. */
static int split_cmp(const Expr *e, const Expr **x, const Value **c)
{
    int op = cmp_op(e);
    if (op == OP_NONE) return OP_NONE;
    for (int side = 1; side >= 0; side--) {
        const Expr *k = e->args[side];
        if (k->kind != EXPR_CONST || k->u.value.is_null || !zone_map_type_supported(k->type.id))
            continue;
        *x = e->args[1 - side];
        *c = &k->u.value;
        return side == 1 ? op : commute(op);
    }
    return OP_NONE;
}

/* PostgreSQL's BT_implic_table: given `x given c1`, `x target c2` holds when
 * `c2 test c1` does (OP_NONE: it cannot be proved). */
static const int implic[6][6] = {
    /* target: LT     LE     EQ       GE       GT       NE */
    {OP_GE, OP_GE, OP_NONE, OP_NONE, OP_NONE, OP_GE},     /* given LT */
    {OP_GT, OP_GE, OP_NONE, OP_NONE, OP_NONE, OP_GT},     /* given LE */
    {OP_GT, OP_GE, OP_EQ, OP_LE, OP_LT, OP_NE},           /* given EQ */
    {OP_NONE, OP_NONE, OP_NONE, OP_LE, OP_LT, OP_LT},     /* given GE */
    {OP_NONE, OP_NONE, OP_NONE, OP_LE, OP_LE, OP_LE},     /* given GT */
    {OP_NONE, OP_NONE, OP_NONE, OP_NONE, OP_NONE, OP_EQ}, /* given NE */
};

static bool test_holds(int op, int cmp)
{
    switch (op) {
    case OP_LT:
        return cmp < 0;
    case OP_LE:
        return cmp <= 0;
    case OP_EQ:
        return cmp == 0;
    case OP_GE:
        return cmp >= 0;
    case OP_GT:
        return cmp > 0;
    case OP_NE:
        return cmp != 0;
    default:
        return false;
    }
}

static bool operator_implies(Infer *in, const Expr *clause, const Expr *pred)
{
    const Expr *cx, *px;
    const Value *c1, *c2;
    int given = split_cmp(clause, &cx, &c1), target = split_cmp(pred, &px, &c2);
    if (given == OP_NONE || target == OP_NONE || c1->type.id != c2->type.id) return false;
    int test = implic[given][target];
    if (test == OP_NONE || !same_expr(in, cx, px)) return false;
    return test_holds(test, value_cmp(c2->type.id, value_payload(c2), value_payload(c1)));
}

/* `x IS NOT NULL` holds where a strict operator or function over x is true. */
static bool not_null_implied(Infer *in, const Expr *clause, const Expr *pred)
{
    if (pred->kind != EXPR_IS_NOT_NULL || clause->kind != EXPR_FUNC || !clause->u.func.def ||
        !(clause->u.func.def->flags & FUNC_STRICT))
        return false;
    for (int i = 0; i < clause->nargs; i++)
        if (same_expr(in, clause->args[i], pred->args[0])) return true;
    return false;
}

/* predicate_implied_by: is pred true wherever clause is? */
static bool implies(Infer *in, const Expr *clause, const Expr *pred)
{
    if (pred->kind == EXPR_AND) {
        for (int i = 0; i < pred->nargs; i++)
            if (!implies(in, clause, pred->args[i])) return false;
        return true;
    }
    if (clause->kind == EXPR_AND) {
        for (int i = 0; i < clause->nargs; i++)
            if (implies(in, clause->args[i], pred)) return true;
        if (pred->kind == EXPR_OR)
            for (int i = 0; i < pred->nargs; i++)
                if (implies(in, clause, pred->args[i])) return true;
        return false;
    }
    if (clause->kind == EXPR_OR) {
        for (int i = 0; i < clause->nargs; i++)
            if (!implies(in, clause->args[i], pred)) return false;
        return true;
    }
    if (pred->kind == EXPR_OR) {
        for (int i = 0; i < pred->nargs; i++)
            if (implies(in, clause, pred->args[i])) return true;
        return false;
    }
    return same_expr(in, clause, pred) || not_null_implied(in, clause, pred) ||
           operator_implies(in, clause, pred);
}

/* One inference element: a column (*col) or an expression's text (*text). */
static int bind_element(Infer *in, PgQuery__IndexElem *el, int location, int *col,
                        const char **text, bool *never)
{
    StmtCtx *sc = in->sc;
    *col = -1;
    *text = NULL;
    *never = false;
    const char *bad = NULL;
    if (el->ordering != PG_QUERY__SORT_BY_DIR__SORTBY_DEFAULT &&
        el->ordering != PG_QUERY__SORT_BY_DIR__SORT_BY_DIR_UNDEFINED)
        bad = "ASC/DESC is not allowed in ON CONFLICT clause";
    else if (el->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_DEFAULT &&
             el->nulls_ordering != PG_QUERY__SORT_BY_NULLS__SORT_BY_NULLS_UNDEFINED)
        bad = "NULLS FIRST/LAST is not allowed in ON CONFLICT clause";
    if (bad) {
        ERR(sc->err, SQLSTATE_INVALID_COLUMN_REFERENCE, "%s", bad);
        error_position(sc->err, location + 1);
        return -1;
    }
    /* OmenDB's index keys have neither collations nor named operator classes
     * to match (CREATE INDEX refuses COLLATE): such an element matches none */
    *never = el->n_collation > 0 || el->n_opclass > 0;
    if (el->name && el->name[0]) {
        *col = catalog_column_index(in->t, el->name);
        if (*col < 0)
            return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN, "column \"%s\" does not exist",
                       el->name);
        return 0;
    }
    Expr *e = sql_bind_table_expr(sc, in->t, NULL, NULL, el->expr);
    if (!e) return -1;
    if (e->kind == EXPR_VAR) {
        *col = e->u.var.attno;
        return 0;
    }
    *text = text_of(in, e);
    if (!*text) *never = true;
    return 0;
}

/* ON CONFLICT ON CONSTRAINT name. */
static int by_constraint(Infer *in, const char *name, int *slot)
{
    const CatTable *t = in->t;
    for (int c = 0; c < t->ncons; c++) {
        const CatConstraint *con = &t->cons[c];
        if (con->kind != CONSTR_INDEX && strcmp(con->name, name) == 0) {
            *slot = con->storage_slot;
            return 0;
        }
    }
    for (int i = 0; i < t->nchecks; i++)
        if (strcmp(t->checks[i].name, name) == 0) goto no_index;
    for (int i = 0; i < t->nfkeys; i++)
        if (strcmp(t->fkeys[i].name, name) == 0) goto no_index;
    return ERR(in->sc->err, SQLSTATE_UNDEFINED_OBJECT,
               "constraint \"%s\" for table \"%s\" does not exist", name, t->name);
no_index:
    return ERR(in->sc->err, SQLSTATE_WRONG_OBJECT_TYPE,
               "constraint in ON CONFLICT clause has no associated index");
}

/* True if index con's keys are exactly the elements (cols[i] >= 0 a column,
 * else texts[i]), as sets. */
static bool keys_match(const CatTable *t, const CatConstraint *con, int n, const int *cols,
                       const char *const *texts)
{
    const CatIndexExpr *x =
        con->kind == CONSTR_INDEX ? catalog_index_expr(t, con->index_oid) : NULL;
    /* every element is a key of the index */
    for (int i = 0; i < n; i++) {
        bool found = false;
        for (int k = 0; k < con->ncols && !found; k++)
            found = cols[i] >= 0 ? con->cols[k] == cols[i]
                                 : con->cols[k] < 0 && x && x->keys[k].bind_sql &&
                                       strcmp(x->keys[k].bind_sql, texts[i]) == 0;
        if (!found) return false;
    }
    /* and every key is an element */
    for (int k = 0; k < con->ncols; k++) {
        bool found = false;
        for (int i = 0; i < n && !found; i++)
            found = con->cols[k] >= 0 ? cols[i] == con->cols[k]
                                      : cols[i] < 0 && x && x->keys[k].bind_sql &&
                                            strcmp(x->keys[k].bind_sql, texts[i]) == 0;
        if (!found) return false;
    }
    return true;
}

int sql_infer_arbiters(StmtCtx *sc, const CatTable *t, PgQuery__InferClause *inf, int **out,
                       int *nout)
{
    *out = NULL;
    *nout = 0;
    Infer in = {sc, t, ARENA_NEW_ARRAY(sc->arena, const char *, t->ncols + 1)};
    for (int c = 0; c < t->ncols; c++) in.names[c] = t->cols[c].name;
    int *slots = ARENA_NEW_ARRAY(sc->arena, int, t->ncons + 1);
    if (inf->conname && inf->conname[0]) {
        if (by_constraint(&in, inf->conname, &slots[0]) != 0) return -1;
        *out = slots;
        *nout = 1;
        return 0;
    }
    int n = (int)inf->n_index_elems;
    int *cols = ARENA_NEW_ARRAY(sc->arena, int, n + 1);
    const char **texts = ARENA_NEW_ARRAY(sc->arena, const char *, n + 1);
    bool never = false;
    for (int i = 0; i < n; i++) {
        bool no;
        if (bind_element(&in, inf->index_elems[i]->index_elem, inf->location, &cols[i], &texts[i],
                         &no) != 0)
            return -1;
        never |= no;
    }
    const Expr *where = NULL;
    if (inf->where_clause) {
        where = sql_bind_table_expr(sc, t, NULL, NULL, inf->where_clause);
        if (!where) return -1;
    }
    int found = 0;
    for (int c = 0; c < t->ncons && !never; c++) {
        const CatConstraint *con = &t->cons[c];
        if (con->storage_slot < 0 || !keys_match(t, con, n, cols, texts)) continue;
        const CatIndexExpr *x =
            con->kind == CONSTR_INDEX ? catalog_index_expr(t, con->index_oid) : NULL;
        if (x && x->pred.bind_sql) {
            OmError saved = *sc->err;
            Expr *pred = sql_table_expr_load(sc, t, x->pred.bind_sql, "index predicate", NULL);
            if (!pred) *sc->err = saved;
            if (!pred || !where || !implies(&in, where, pred)) continue;
        }
        slots[found++] = con->storage_slot;
    }
    if (found == 0)
        return ERR(sc->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
                   "there is no unique or exclusion constraint matching the ON CONFLICT "
                   "specification");
    *out = slots;
    *nout = found;
    return 0;
}
