/*
 * bind_recursive.c — binding of WITH RECURSIVE (PostgreSQL 15 semantics).
 *
 * A WITH RECURSIVE list is checked once on the raw parse tree:
 *   - which items reference themselves (those are recursive), and that no two
 *     items reference each other in a cycle (0A000, as PostgreSQL);
 *   - each recursive item has the form `non-recursive-term UNION [ALL]
 *     recursive-term` with no ORDER BY/LIMIT/OFFSET/FOR UPDATE on top, its
 *     name does not occur in the non-recursive term, and it occurs exactly
 *     once in the recursive term, not inside a subquery expression, the
 *     nullable side of an outer join, INTERSECT ALL or the right side of
 *     EXCEPT (42P19 invalid_recursion).
 * Every item of the list sees every other item (not only the earlier ones).
 *
 * Like the other CTEs (bind_select.c) a recursive CTE is bound again at each
 * reference. The result is a BoundQuery with is_recursive set: larg is the
 * non-recursive term, rarg the recursive term, in which the CTE's own name is
 * an RTE_WORKTABLE entry with the non-recursive term's column types. The
 * types of the whole CTE are the non-recursive term's; the recursive term's
 * must resolve to them with the union's type rules, else 42804 "recursive
 * query ... has type X in non-recursive term but type Y overall". An
 * aggregate in a query level of the recursive term that reads the working
 * table is 42P19. SEARCH and CYCLE clauses are refused (0A000).
 */
#include <stdio.h>
#include <string.h>

#include "exec/func_registry.h"
#include "sql/binder.h"

#define WALK_MAX_DEPTH 10000

struct RecursiveRef {
    int id;
    int ncols;
    const char **names;
    OmType *types;
};

/* ---- the raw-tree walk ---- */

/* Where a reference to the CTE would be (PostgreSQL's recursion contexts). */
typedef enum RecContext {
    REC_OK,
    REC_NONRECURSIVE,
    REC_SUBLINK,
    REC_OUTERJOIN,
    REC_INTERSECT,
    REC_EXCEPT,
} RecContext;

typedef struct Walk {
    Binder *b;
    const char *name;
    bool check; /* report references in a wrong context; else only count them */
    RecContext ctx;
    int nrefs;
    bool failed;
} Walk;

static void walk_msg(Walk *w, const ProtobufCMessage *m, int depth);

static void walk_node(Walk *w, const PgQuery__Node *n, int depth)
{
    if (n) walk_msg(w, &n->base, depth + 1);
}

static void walk_fields(Walk *w, const ProtobufCMessage *m, int depth)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    const char *base = (const char *)m;
    for (unsigned i = 0; i < d->n_fields && !w->failed; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t which = *(const uint32_t *)(const void *)(base + f->quantifier_offset);
            if (which != f->id) continue;
        }
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(const void *)(base + f->quantifier_offset);
            ProtobufCMessage *const *items =
                *(ProtobufCMessage *const *const *)(const void *)(base + f->offset);
            for (size_t k = 0; k < n && !w->failed; k++)
                if (items[k]) walk_msg(w, items[k], depth + 1);
        } else {
            const ProtobufCMessage *sub =
                *(const ProtobufCMessage *const *)(const void *)(base + f->offset);
            if (sub) walk_msg(w, sub, depth + 1);
        }
    }
}

static void walk_range_var(Walk *w, const PgQuery__RangeVar *rv)
{
    if ((rv->schemaname && rv->schemaname[0]) || strcmp(rv->relname, w->name) != 0) return;
    w->nrefs++;
    if (!w->check) return;
    if (w->ctx != REC_OK) {
        const char *where = w->ctx == REC_NONRECURSIVE ? "its non-recursive term"
                            : w->ctx == REC_SUBLINK    ? "a subquery"
                            : w->ctx == REC_OUTERJOIN  ? "an outer join"
                            : w->ctx == REC_INTERSECT  ? "INTERSECT"
                                                       : "EXCEPT";
        ERR(w->b->err, SQLSTATE_INVALID_RECURSION,
            "recursive reference to query \"%s\" must not appear within %s", w->name, where);
        error_position(w->b->err, loc1(rv->location));
        w->failed = true;
    } else if (w->nrefs > 1) {
        ERR(w->b->err, SQLSTATE_INVALID_RECURSION,
            "recursive reference to query \"%s\" must not appear more than once", w->name);
        error_position(w->b->err, loc1(rv->location));
        w->failed = true;
    }
}

static bool with_defines(const PgQuery__WithClause *with, size_t upto, const char *name)
{
    for (size_t i = 0; i < upto && i < with->n_ctes; i++)
        if (strcmp(with->ctes[i]->common_table_expr->ctename, name) == 0) return true;
    return false;
}

static void walk_select(Walk *w, const PgQuery__SelectStmt *s, int depth)
{
    const PgQuery__WithClause *with = s->with_clause;
    if (with) {
        /* an inner WITH item of the same name hides ours: from the item after
         * it on (from every item if that WITH is recursive), and in the body */
        for (size_t i = 0; i < with->n_ctes && !w->failed; i++) {
            if (with_defines(with, with->recursive ? with->n_ctes : i, w->name)) return;
            walk_node(w, with->ctes[i]->common_table_expr->ctequery, depth);
        }
        if (with_defines(with, with->n_ctes, w->name)) return;
    }
    RecContext saved = w->ctx;
    bool intersect = s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT;
    bool except = s->op == PG_QUERY__SET_OPERATION__SETOP_EXCEPT;
    if (w->check && saved == REC_OK && (intersect || except)) {
        if (s->all) w->ctx = intersect ? REC_INTERSECT : REC_EXCEPT;
        if (s->larg) walk_msg(w, &s->larg->base, depth + 1);
        if (except) w->ctx = REC_EXCEPT;
        if (s->rarg && !w->failed) walk_msg(w, &s->rarg->base, depth + 1);
        w->ctx = saved;
        for (size_t i = 0; i < s->n_sort_clause && !w->failed; i++)
            walk_node(w, s->sort_clause[i], depth);
        if (!w->failed) walk_node(w, s->limit_offset, depth);
        if (!w->failed) walk_node(w, s->limit_count, depth);
        return;
    }
    /* everything but the WITH clause, handled above */
    PgQuery__SelectStmt copy = *s;
    copy.with_clause = NULL;
    walk_fields(w, &copy.base, depth);
}

static void walk_join(Walk *w, const PgQuery__JoinExpr *j, int depth)
{
    RecContext saved = w->ctx;
    bool ok = w->check && saved == REC_OK;
    bool left_nullable = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT ||
                         j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
    bool right_nullable = j->jointype == PG_QUERY__JOIN_TYPE__JOIN_LEFT ||
                          j->jointype == PG_QUERY__JOIN_TYPE__JOIN_FULL;
    if (ok && left_nullable) w->ctx = REC_OUTERJOIN;
    walk_node(w, j->larg, depth);
    w->ctx = saved;
    if (ok && right_nullable) w->ctx = REC_OUTERJOIN;
    if (!w->failed) walk_node(w, j->rarg, depth);
    w->ctx = saved;
    if (!w->failed) walk_node(w, j->quals, depth);
}

static void walk_msg(Walk *w, const ProtobufCMessage *m, int depth)
{
    if (w->failed) return;
    if (depth > WALK_MAX_DEPTH) {
        ERR(w->b->err, SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
        w->failed = true;
        return;
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__type_name__descriptor) return;
    if (d == &pg_query__range_var__descriptor) {
        walk_range_var(w, (const PgQuery__RangeVar *)m);
    } else if (d == &pg_query__select_stmt__descriptor) {
        walk_select(w, (const PgQuery__SelectStmt *)m, depth);
    } else if (d == &pg_query__join_expr__descriptor) {
        walk_join(w, (const PgQuery__JoinExpr *)m, depth);
    } else if (d == &pg_query__sub_link__descriptor) {
        const PgQuery__SubLink *sl = (const PgQuery__SubLink *)m;
        RecContext saved = w->ctx;
        if (w->check && saved == REC_OK) w->ctx = REC_SUBLINK;
        walk_node(w, sl->subselect, depth);
        w->ctx = saved;
        if (!w->failed) walk_node(w, sl->testexpr, depth);
    } else {
        walk_fields(w, m, depth);
    }
}

/* Number of references to `name` in `node` (0 after an error: see *failed). */
static int count_refs(Binder *b, const PgQuery__Node *node, const char *name, bool *failed)
{
    Walk w = {.b = b, .name = name};
    walk_node(&w, node, 0);
    *failed = w.failed;
    return w.nrefs;
}

static int check_context(Binder *b, const PgQuery__Node *node, const char *name, RecContext ctx,
                         int *nrefs)
{
    Walk w = {.b = b, .name = name, .check = true, .ctx = ctx};
    walk_node(&w, node, 0);
    if (nrefs) *nrefs = w.nrefs;
    return w.failed ? -1 : 0;
}

static int not_implemented(Binder *b, const char *what, PgQuery__Node *at)
{
    ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s in a recursive query is not implemented", what);
    (void)at;
    return -1;
}

/* PostgreSQL's checkWellFormedRecursion for one self-referencing item. */
static int check_well_formed(Binder *b, PgQuery__CommonTableExpr *cte)
{
    PgQuery__SelectStmt *s = cte->ctequery->select_stmt;
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_UNION) {
        ERR(b->err, SQLSTATE_INVALID_RECURSION,
            "recursive query \"%s\" does not have the form non-recursive-term UNION [ALL] "
            "recursive-term",
            cte->ctename);
        error_position(b->err, loc1(cte->location));
        return -1;
    }
    PgQuery__Node larg = PG_QUERY__NODE__INIT, rarg = PG_QUERY__NODE__INIT;
    larg.node_case = rarg.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    larg.select_stmt = s->larg;
    rarg.select_stmt = s->rarg;
    int nrefs = 0;
    if (check_context(b, &larg, cte->ctename, REC_NONRECURSIVE, NULL) != 0) return -1;
    if (check_context(b, &rarg, cte->ctename, REC_OK, &nrefs) != 0) return -1;
    if (s->with_clause) {
        for (size_t i = 0; i < s->with_clause->n_ctes; i++)
            if (check_context(b, s->with_clause->ctes[i]->common_table_expr->ctequery, cte->ctename,
                              REC_SUBLINK, NULL) != 0)
                return -1;
    }
    if (s->n_sort_clause > 0) return not_implemented(b, "ORDER BY", s->sort_clause[0]);
    if (s->limit_offset) return not_implemented(b, "OFFSET", s->limit_offset);
    if (s->limit_count) return not_implemented(b, "LIMIT", s->limit_count);
    if (s->n_locking_clause > 0) return not_implemented(b, "FOR UPDATE/SHARE", NULL);
    if (nrefs != 1) {
        ERR(b->err, SQLSTATE_INTERNAL_ERROR, "missing recursive reference");
        return -1;
    }
    return 0;
}

CteDef *bind_recursive_with(Binder *b, PgQuery__WithClause *with, CteDef *outer)
{
    int n = (int)with->n_ctes;
    PgQuery__CommonTableExpr **items = ARENA_NEW_ARRAY(b->arena, PgQuery__CommonTableExpr *, n);
    for (int i = 0; i < n; i++) {
        PgQuery__CommonTableExpr *cte = with->ctes[i]->common_table_expr;
        items[i] = cte;
        if (cte->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "data-modifying statements in WITH RECURSIVE are not supported yet");
            error_position(b->err, loc1(cte->location));
            return NULL;
        }
        if (bind_check_nested_modifying_with(b, cte->ctequery) != 0) return NULL;
        for (int j = 0; j < i; j++)
            if (strcmp(items[j]->ctename, cte->ctename) == 0) {
                ERR(b->err, SQLSTATE_DUPLICATE_ALIAS,
                    "WITH query name \"%s\" specified more than once", cte->ctename);
                error_position(b->err, loc1(cte->location));
                return NULL;
            }
        if (cte->search_clause || cte->cycle_clause) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "SEARCH and CYCLE clauses of WITH RECURSIVE are not supported yet");
            error_position(b->err, loc1(cte->location));
            return NULL;
        }
    }
    /* reach[i * n + j]: item i depends on item j, directly or not */
    bool *reach = ARENA_NEW_ARRAY(b->arena, bool, (size_t)n *(size_t)n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            bool failed;
            reach[i * n + j] = count_refs(b, items[i]->ctequery, items[j]->ctename, &failed) > 0;
            if (failed) return NULL;
        }
    bool *self = ARENA_NEW_ARRAY(b->arena, bool, n);
    for (int i = 0; i < n; i++) self[i] = reach[i * n + i];
    for (int k = 0; k < n; k++)
        for (int i = 0; i < n; i++)
            if (reach[i * n + k])
                for (int j = 0; j < n; j++)
                    if (reach[k * n + j]) reach[i * n + j] = true;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i != j && reach[i * n + j] && reach[j * n + i]) {
                ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "mutual recursion between WITH items is not implemented");
                error_position(b->err, loc1(items[i]->location));
                return NULL;
            }
    for (int i = 0; i < n; i++)
        if (self[i] && check_well_formed(b, items[i]) != 0) return NULL;

    CteDef *head = outer;
    for (int i = n - 1; i >= 0; i--) {
        CteDef *d = ARENA_NEW(b->arena, CteDef);
        d->name = items[i]->ctename;
        d->cte = items[i];
        d->next = head;
        d->in_recursive_with = true;
        d->self_recursive = self[i];
        head = d;
    }
    for (CteDef *d = head; d != outer; d = d->next) d->scope = head;
    return head;
}

/* ---- binding ---- */

/* An aggregate in a query level that reads the working table (42P19). */
static bool aggregates_over_worktable(const BoundQuery *q, int wt_id)
{
    if (!q) return false;
    if (q->is_setop)
        return aggregates_over_worktable(q->larg, wt_id) ||
               aggregates_over_worktable(q->rarg, wt_id);
    bool reads = false;
    for (int i = 0; i < q->nrtes; i++) {
        const Rte *r = q->rtes[i];
        if (r->kind == RTE_WORKTABLE && r->worktable_id == wt_id) reads = true;
        if (r->kind == RTE_SUBQUERY && aggregates_over_worktable(r->subquery, wt_id)) return true;
    }
    return reads && q->naggs > 0;
}

/* Binds a CTE's query as a FROM item does: it sees the outer query levels
 * and the CTEs `ctes`, not the FROM items of the referencing level. */
static BoundQuery *bind_cte_query(Binder *b, BindScope *scope, PgQuery__SelectStmt *stmt,
                                  CteDef *ctes)
{
    bool *saved_visible = scope->visible;
    int saved_n = scope->nvisible;
    bool none = false;
    scope->visible = &none;
    scope->nvisible = 0;
    BoundQuery *q = bind_select(b, scope, stmt, ctes);
    scope->visible = saved_visible;
    scope->nvisible = saved_n;
    return q;
}

static int too_many_names(Binder *b, CteDef *cte, int ncols)
{
    ERR(b->err, SQLSTATE_INVALID_COLUMN_REFERENCE,
        "WITH query \"%s\" has %d columns available but %d columns specified", cte->name, ncols,
        (int)cte->cte->n_aliascolnames);
    error_position(b->err, loc1(cte->cte->location));
    return -1;
}

static int type_mismatch(Binder *b, CteDef *cte, PgQuery__SelectStmt *nonrec, int col, OmType have,
                         OmType overall)
{
    char t1[128], t2[128];
    type_format(have, t1, sizeof(t1));
    type_format(overall, t2, sizeof(t2));
    ERR(b->err, SQLSTATE_DATATYPE_MISMATCH,
        "recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
        cte->name, col + 1, t1, t2);
    error_hint(b->err, "Cast the output of the non-recursive term to the correct type.");
    int location = cte->cte->location;
    if ((size_t)col < nonrec->n_target_list)
        location = nonrec->target_list[col]->res_target->location;
    error_position(b->err, loc1(location));
    return -1;
}

/* Resolves the recursive term's column `col` to the CTE's type `want`. */
static int unify_column(Binder *b, CteDef *cte, PgQuery__SelectStmt *nonrec, BoundQuery *rec,
                        int col, OmType want)
{
    OmType pair[2] = {want, rec->out_types[col]};
    OmType common;
    if (type_common(pair, 2, "UNION", &common, b->err) != 0) return -1;
    if (common.id == TYPE_UNKNOWN || common.id == TYPE_NULL) common = OM_TYPE(TYPE_TEXT);
    common.typmod =
        pair[0].id == pair[1].id && pair[0].typmod == pair[1].typmod ? want.typmod : TYPMOD_NONE;
    if (pair[0].id == TYPE_RECORD && pair[1].id == TYPE_RECORD) /* the same fields will do */
        common = bind_record_common(b, pair[0], pair[1]);
    if (common.id != want.id || common.typmod != want.typmod)
        return type_mismatch(b, cte, nonrec, col, want, common);
    OmType got = rec->out_types[col];
    if (got.id != TYPE_UNKNOWN && got.id != TYPE_NULL) return 0; /* the planner casts */
    if (rec->nvalues > 0) {
        for (int r = 0; r < rec->nvalues; r++) {
            rec->values[r][col] = bind_coerce(b, rec->values[r][col], want, CAST_IMPLICIT, 0);
            if (!rec->values[r][col]) return -1;
        }
    } else if (!rec->is_setop && rec->targets) {
        Expr *e = bind_coerce(b, rec->targets[col], want, CAST_IMPLICIT, 0);
        if (!e) return -1;
        rec->targets[col] = e;
    }
    rec->out_types[col] = want;
    return 0;
}

static BoundQuery *bind_recursive_query(Binder *b, BindScope *scope, CteDef *cte)
{
    PgQuery__SelectStmt *stmt = cte->cte->ctequery->select_stmt;
    CteDef *ctes = cte->scope;
    if (stmt->with_clause) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "a WITH clause attached to the UNION of a recursive query is not supported yet");
        error_position(b->err, loc1(stmt->with_clause->location));
        return NULL;
    }
    BoundQuery *q = ARENA_NEW(b->arena, BoundQuery);
    q->is_setop = true;
    q->setop = SETOP_UNION;
    q->setop_all = stmt->all;
    q->is_recursive = true;
    q->worktable_id = b->nworktables++;
    q->cte_name = cte->name;

    b->setop_leaf = false;
    q->larg = bind_cte_query(b, scope, stmt->larg, ctes);
    if (!q->larg) return NULL;
    int ncols = q->larg->ntargets;
    if ((int)cte->cte->n_aliascolnames > ncols) {
        too_many_names(b, cte, ncols);
        return NULL;
    }
    RecursiveRef ref = {.id = q->worktable_id, .ncols = ncols};
    ref.names = ARENA_NEW_ARRAY(b->arena, const char *, ncols > 0 ? ncols : 1);
    ref.types = ARENA_NEW_ARRAY(b->arena, OmType, ncols > 0 ? ncols : 1);
    for (int c = 0; c < ncols; c++) {
        ref.names[c] = c < (int)cte->cte->n_aliascolnames ? pgq_str(cte->cte->aliascolnames[c])
                                                          : q->larg->target_names[c];
        ref.types[c] = q->larg->out_types[c];
        if (ref.types[c].id == TYPE_UNKNOWN || ref.types[c].id == TYPE_NULL)
            ref.types[c] = OM_TYPE(TYPE_TEXT);
    }
    RecursiveRef *saved_ref = cte->recursive_ref;
    cte->recursive_ref = &ref;
    b->setop_leaf = true;
    q->rarg = bind_cte_query(b, scope, stmt->rarg, ctes);
    b->setop_leaf = false;
    cte->recursive_ref = saved_ref;
    if (!q->rarg) return NULL;
    if (aggregates_over_worktable(q->rarg, q->worktable_id)) {
        ERR(b->err, SQLSTATE_INVALID_RECURSION,
            "aggregate functions are not allowed in a recursive query's recursive term");
        return NULL;
    }
    if (q->rarg->ntargets != ncols) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR, "each UNION query must have the same number of columns");
        return NULL;
    }
    for (int c = 0; c < ncols; c++)
        if (unify_column(b, cte, stmt->larg, q->rarg, c, ref.types[c]) != 0) return NULL;
    q->ntargets = ncols;
    q->target_names = ref.names;
    q->out_types = ref.types;
    q->is_correlated = q->larg->is_correlated || q->rarg->is_correlated;
    return q;
}

Rte *bind_recursive_cte_ref(Binder *b, BindScope *scope, CteDef *cte, PgQuery__RangeVar *rv)
{
    Rte *rte = ARENA_NEW(b->arena, Rte);
    rte->alias = arena_strdup(b->arena, rv->relname);
    rte->location = rv->location;
    if (cte->recursive_ref) {
        const RecursiveRef *ref = cte->recursive_ref;
        rte->kind = RTE_WORKTABLE;
        rte->worktable_id = ref->id;
        rte->cte_name = cte->name;
        rte->ncols = ref->ncols;
        rte->colnames = ref->names;
        rte->types = ref->types;
        return rte;
    }
    BoundQuery *sub = cte->self_recursive
                          ? bind_recursive_query(b, scope, cte)
                          : bind_cte_query(b, scope, cte->cte->ctequery->select_stmt, cte->scope);
    if (!sub) return NULL;
    if ((int)cte->cte->n_aliascolnames > sub->ntargets) {
        too_many_names(b, cte, sub->ntargets);
        return NULL;
    }
    rte->kind = RTE_SUBQUERY;
    rte->subquery = sub;
    rte->ncols = sub->ntargets;
    rte->types = sub->out_types;
    rte->colnames = ARENA_NEW_ARRAY(b->arena, const char *, rte->ncols > 0 ? rte->ncols : 1);
    for (int i = 0; i < rte->ncols; i++)
        rte->colnames[i] = i < (int)cte->cte->n_aliascolnames ? pgq_str(cte->cte->aliascolnames[i])
                                                              : sub->target_names[i];
    return rte;
}
