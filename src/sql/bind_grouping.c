/*
 * bind_grouping.c — GROUP BY with GROUPING SETS, ROLLUP, CUBE and (), and the
 * GROUPING() function, as PostgreSQL 15 binds them.
 *
 * bind_group_clause turns the GROUP BY items into BoundQuery.group (the
 * grouping expressions) and, when any item is a grouping set,
 * BoundQuery.gsets: the expanded list of sets, each a sorted list of indexes
 * into `group`. The expansion is the SQL standard's, as PostgreSQL does it:
 *
 *   - an expression e is the one set {e}; an implicit row (a, b) the set {a, b};
 *   - () is the empty set;
 *   - ROLLUP (e1, ..., en) is the n + 1 prefixes {e1..en}, {e1..en-1}, ..., {};
 *   - CUBE (e1, ..., en) is all 2^n subsets (n <= 12, else 54011);
 *   - GROUPING SETS (x, y, ...) is the concatenation of the sets of x, y, ...
 *     (nested GROUPING SETS flatten into it);
 *   - several GROUP BY items give the cross product of their lists, each
 *     combined set being the union of its parts (duplicate keys inside one set
 *     collapse; duplicate sets stay, so `GROUPING SETS ((a), (a))` yields each
 *     group twice); more than 4096 sets is 54001;
 *   - GROUP BY DISTINCT drops repeated sets, keeping the first.
 *
 * Invariants: every key of `group` is in at least one set; a result of exactly
 * one set becomes a plain GROUP BY of that set's keys (ngsets = 0), as in
 * PostgreSQL, so the executor's single-set path serves it.
 *
 * GROUPING(a, b, ...) binds to an EXPR_GROUPING registered in
 * BoundQuery.groupings. Its arguments are matched against `group` once the
 * whole statement is bound (bind_grouping_resolve), because the SELECT list,
 * HAVING and ORDER BY may use it and the SELECT list is bound before GROUP BY.
 * Its value (bit i set when argument i is not grouped in the row's set, the
 * leftmost argument the most significant bit) is computed by the aggregate
 * (plan_grouping.c).
 */
#include <stdlib.h>
#include <string.h>

#include "sql/binder.h"

#define MAX_GROUPING_SETS 4096
#define MAX_CUBE_ELEMENTS 12

/* A growable list of grouping sets. */
typedef struct SetList {
    int n, cap;
    BoundGroupingSet *sets;
} SetList;

typedef struct GroupCtx {
    Binder *b;
    BoundQuery *q;
    BindGroupItemFn bind_item;
    void *item_ctx;
} GroupCtx;

static void setlist_add(Binder *b, SetList *l, const int *keys, int nkeys)
{
    if (l->n == l->cap) {
        int nc = l->cap ? l->cap * 2 : 4;
        l->sets = arena_realloc(b->arena, l->sets, sizeof(BoundGroupingSet) * (size_t)l->cap,
                                sizeof(BoundGroupingSet) * (size_t)nc);
        l->cap = nc;
    }
    BoundGroupingSet *s = &l->sets[l->n++];
    s->nkeys = nkeys;
    s->keys = ARENA_NEW_ARRAY(b->arena, int, nkeys > 0 ? nkeys : 1);
    if (nkeys > 0) memcpy(s->keys, keys, sizeof(int) * (size_t)nkeys);
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Sorts keys[0..n) and drops repeats; returns the new count. */
static int normalize_keys(int *keys, int n)
{
    if (n <= 1) return n;
    qsort(keys, (size_t)n, sizeof(int), cmp_int);
    int m = 1;
    for (int i = 1; i < n; i++)
        if (keys[i] != keys[m - 1]) keys[m++] = keys[i];
    return m;
}

/* The index of e in q->group, appending it when new. */
static int key_of(GroupCtx *gc, Expr *e)
{
    BoundQuery *q = gc->q;
    for (int g = 0; g < q->ngroup; g++)
        if (bound_expr_equal(q->group[g], e)) return g;
    q->group = arena_realloc(gc->b->arena, q->group, sizeof(Expr *) * (size_t)q->ngroup,
                             sizeof(Expr *) * (size_t)(q->ngroup + 1));
    q->group[q->ngroup] = e;
    return q->ngroup++;
}

static bool is_implicit_row(const PgQuery__Node *n)
{
    return n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR &&
           n->row_expr->row_format == PG_QUERY__COERCION_FORM__COERCE_IMPLICIT_CAST;
}

/* The keys of one element: an expression, or an implicit row of expressions.
 * Appends to keys (room for n_max); returns the number added or -1. */
static int element_keys(GroupCtx *gc, PgQuery__Node *n, int **keys, int *nkeys, int *cap)
{
    PgQuery__Node **items = &n;
    int nitems = 1;
    if (is_implicit_row(n)) {
        items = n->row_expr->args;
        nitems = (int)n->row_expr->n_args;
    }
    for (int i = 0; i < nitems; i++) {
        if (items[i]->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) {
            ERR(gc->b->err, SQLSTATE_SYNTAX_ERROR, "syntax error in grouping set");
            return -1;
        }
        Expr *e = gc->bind_item(gc->b, gc->item_ctx, items[i]);
        if (!e) return -1;
        if (*nkeys == *cap) {
            int nc = *cap ? *cap * 2 : 8;
            *keys = arena_realloc(gc->b->arena, *keys, sizeof(int) * (size_t)*cap,
                                  sizeof(int) * (size_t)nc);
            *cap = nc;
        }
        (*keys)[(*nkeys)++] = key_of(gc, e);
    }
    return 0;
}

static int expand_item(GroupCtx *gc, PgQuery__Node *n, SetList *out);

/* ROLLUP / CUBE: each content element is an expression or an implicit row. */
static int expand_rollup_cube(GroupCtx *gc, PgQuery__GroupingSet *gs, SetList *out)
{
    Binder *b = gc->b;
    int nel = (int)gs->n_content;
    bool cube = gs->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE;
    if (cube && nel > MAX_CUBE_ELEMENTS) {
        ERR(b->err, SQLSTATE_TOO_MANY_COLUMNS, "CUBE is limited to %d elements", MAX_CUBE_ELEMENTS);
        error_position(b->err, loc1(gs->location));
        return -1;
    }
    /* element i's keys are keys[start[i] .. start[i + 1]) */
    int *keys = NULL, nkeys = 0, cap = 0;
    int *start = ARENA_NEW_ARRAY(b->arena, int, nel + 1);
    for (int i = 0; i < nel; i++) {
        start[i] = nkeys;
        if (element_keys(gc, gs->content[i], &keys, &nkeys, &cap) != 0) return -1;
    }
    start[nel] = nkeys;
    int *set = ARENA_NEW_ARRAY(b->arena, int, nkeys > 0 ? nkeys : 1);
    if (!cube) {
        for (int len = nel; len >= 0; len--) {
            int m = start[len];
            memcpy(set, keys, sizeof(int) * (size_t)m);
            setlist_add(b, out, set, normalize_keys(set, m));
        }
        return 0;
    }
    /* PostgreSQL's order: all elements first, then leaving out the last ones
     * before the first ones (CUBE (a, b): (a, b), (a), (b), ()) */
    for (uint32_t mask = (1u << nel); mask-- > 0;) {
        int m = 0;
        for (int i = 0; i < nel; i++)
            if (mask & (1u << (nel - 1 - i)))
                for (int k = start[i]; k < start[i + 1]; k++) set[m++] = keys[k];
        setlist_add(b, out, set, normalize_keys(set, m));
    }
    return 0;
}

/* The list of sets one GROUP BY item (or one GROUPING SETS member) stands for. */
static int expand_item(GroupCtx *gc, PgQuery__Node *n, SetList *out)
{
    if (n->node_case != PG_QUERY__NODE__NODE_GROUPING_SET) {
        int *keys = NULL, nkeys = 0, cap = 0;
        if (element_keys(gc, n, &keys, &nkeys, &cap) != 0) return -1;
        setlist_add(gc->b, out, keys, normalize_keys(keys, nkeys));
        return 0;
    }
    PgQuery__GroupingSet *gs = n->grouping_set;
    switch (gs->kind) {
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY:
        setlist_add(gc->b, out, NULL, 0);
        return 0;
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP:
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE:
        return expand_rollup_cube(gc, gs, out);
    case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS:
        for (size_t i = 0; i < gs->n_content; i++)
            if (expand_item(gc, gs->content[i], out) != 0) return -1;
        return 0;
    default: { /* SIMPLE: one set of all its expressions */
        int *keys = NULL, nkeys = 0, cap = 0;
        for (size_t i = 0; i < gs->n_content; i++)
            if (element_keys(gc, gs->content[i], &keys, &nkeys, &cap) != 0) return -1;
        setlist_add(gc->b, out, keys, normalize_keys(keys, nkeys));
        return 0;
    }
    }
}

static bool same_set(const BoundGroupingSet *x, const BoundGroupingSet *y)
{
    return x->nkeys == y->nkeys &&
           (x->nkeys == 0 || memcmp(x->keys, y->keys, sizeof(int) * (size_t)x->nkeys) == 0);
}

int bind_group_clause(Binder *b, PgQuery__SelectStmt *stmt, BoundQuery *q,
                      BindGroupItemFn bind_item, void *item_ctx)
{
    GroupCtx gc = {b, q, bind_item, item_ctx};
    int nitems = (int)stmt->n_group_clause;
    bool has_sets = false;
    for (int i = 0; i < nitems; i++)
        if (stmt->group_clause[i]->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) has_sets = true;
    q->ngroup = 0;
    q->group = NULL;
    if (!has_sets) {
        /* plain GROUP BY: the expressions as written (implicit rows flattened) */
        for (int i = 0; i < nitems; i++) {
            PgQuery__Node *n = stmt->group_clause[i];
            PgQuery__Node **items = is_implicit_row(n) ? n->row_expr->args : &n;
            int cnt = is_implicit_row(n) ? (int)n->row_expr->n_args : 1;
            for (int k = 0; k < cnt; k++) {
                Expr *e = bind_item(b, item_ctx, items[k]);
                if (!e) return -1;
                q->group = arena_realloc(b->arena, q->group, sizeof(Expr *) * (size_t)q->ngroup,
                                         sizeof(Expr *) * (size_t)(q->ngroup + 1));
                q->group[q->ngroup++] = e;
            }
        }
        return 0;
    }

    /* the cross product of the items' lists, starting from the one empty set */
    SetList acc = {0};
    setlist_add(b, &acc, NULL, 0);
    for (int i = 0; i < nitems; i++) {
        SetList part = {0};
        if (expand_item(&gc, stmt->group_clause[i], &part) != 0) return -1;
        if ((int64_t)acc.n * part.n > MAX_GROUPING_SETS) {
            ERR(b->err, SQLSTATE_STATEMENT_TOO_COMPLEX,
                "too many grouping sets present (maximum %d)", MAX_GROUPING_SETS);
            return -1;
        }
        SetList next = {0};
        for (int x = 0; x < acc.n; x++)
            for (int y = 0; y < part.n; y++) {
                int m = acc.sets[x].nkeys + part.sets[y].nkeys;
                int *keys = ARENA_NEW_ARRAY(b->arena, int, m > 0 ? m : 1);
                if (acc.sets[x].nkeys > 0)
                    memcpy(keys, acc.sets[x].keys, sizeof(int) * (size_t)acc.sets[x].nkeys);
                if (part.sets[y].nkeys > 0)
                    memcpy(keys + acc.sets[x].nkeys, part.sets[y].keys,
                           sizeof(int) * (size_t)part.sets[y].nkeys);
                setlist_add(b, &next, keys, normalize_keys(keys, m));
            }
        acc = next;
    }
    if (stmt->group_distinct) {
        int m = 0;
        for (int i = 0; i < acc.n; i++) {
            bool seen = false;
            for (int j = 0; j < m && !seen; j++) seen = same_set(&acc.sets[j], &acc.sets[i]);
            if (!seen) acc.sets[m++] = acc.sets[i];
        }
        acc.n = m;
    }
    if (acc.n == 1) {
        /* one set: a plain GROUP BY of its keys (GROUP BY () aggregates everything) */
        Expr **group =
            ARENA_NEW_ARRAY(b->arena, Expr *, acc.sets[0].nkeys > 0 ? acc.sets[0].nkeys : 1);
        for (int k = 0; k < acc.sets[0].nkeys; k++) group[k] = q->group[acc.sets[0].keys[k]];
        q->group = group;
        q->ngroup = acc.sets[0].nkeys;
        return 0;
    }
    q->ngsets = acc.n;
    q->gsets = acc.sets;
    return 0;
}

Expr *bind_grouping_func(Binder *b, BindScope *scope, PgQuery__GroupingFunc *gf)
{
    const char *where = bind_no_agg_clause(scope->clause);
    if (scope->in_agg_filter) where = "FILTER";
    if (where) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR, "grouping operations are not allowed in %s", where);
        error_position(b->err, loc1(gf->location));
        return NULL;
    }
    if (scope->in_agg_arg) {
        ERR(b->err, SQLSTATE_GROUPING_ERROR, "aggregate function calls cannot be nested");
        error_position(b->err, loc1(gf->location));
        return NULL;
    }
    int nargs = (int)gf->n_args;
    if (nargs > 31) {
        ERR(b->err, SQLSTATE_TOO_MANY_ARGUMENTS, "GROUPING must have fewer than 32 arguments");
        error_position(b->err, loc1(gf->location));
        return NULL;
    }
    Expr **args = ARENA_NEW_ARRAY(b->arena, Expr *, nargs > 0 ? nargs : 1);
    bool local = false, outer = false;
    for (int i = 0; i < nargs; i++) {
        args[i] = bind_expr(b, scope, gf->args[i]);
        if (!args[i]) return NULL;
        if (bind_uses_this_level(args[i]))
            local = true;
        else if (args[i]->kind == EXPR_VAR && args[i]->u.var.levelsup > 0)
            outer = true;
    }
    if (outer && !local) {
        ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "GROUPING of an outer query level is not supported yet");
        error_position(b->err, loc1(gf->location));
        return NULL;
    }
    BoundQuery *q = scope->query;
    q->groupings =
        arena_realloc(b->arena, q->groupings, sizeof(BoundGrouping) * (size_t)q->ngroupings,
                      sizeof(BoundGrouping) * (size_t)(q->ngroupings + 1));
    BoundGrouping *g = &q->groupings[q->ngroupings];
    g->nargs = nargs;
    g->keys = NULL;
    g->location = loc1(gf->location);
    Expr *e = ARENA_NEW(b->arena, Expr);
    e->kind = EXPR_GROUPING;
    e->type = OM_TYPE(TYPE_INT4);
    e->location = loc1(gf->location);
    e->nargs = nargs;
    e->args = args;
    e->u.grouping.index = q->ngroupings++;
    q->has_aggs_or_group = true;
    return e;
}

/* Finds the EXPR_GROUPING calls of e and resolves their arguments. */
static int resolve_in(Binder *b, BoundQuery *q, const Expr *e)
{
    if (!e) return 0;
    if (e->kind == EXPR_GROUPING && e->u.grouping.index < q->ngroupings) {
        BoundGrouping *g = &q->groupings[e->u.grouping.index];
        if (g->keys) return 0;
        int *keys = ARENA_NEW_ARRAY(b->arena, int, e->nargs > 0 ? e->nargs : 1);
        for (int i = 0; i < e->nargs; i++) {
            keys[i] = -1;
            for (int k = 0; k < q->ngroup && keys[i] < 0; k++)
                if (bound_expr_equal(e->args[i], q->group[k])) keys[i] = k;
            if (keys[i] < 0) {
                ERR(b->err, SQLSTATE_GROUPING_ERROR,
                    "arguments to GROUPING must be grouping expressions of the associated query "
                    "level");
                error_position(b->err,
                               e->args[i]->location > 0 ? e->args[i]->location : e->location);
                return -1;
            }
        }
        g->keys = keys;
        return 0;
    }
    for (int i = 0; i < e->nargs; i++)
        if (resolve_in(b, q, e->args[i]) != 0) return -1;
    return 0;
}

int bind_grouping_resolve(Binder *b, BoundQuery *q)
{
    if (q->ngroupings == 0) return 0;
    for (int i = 0; i < q->ntargets; i++)
        if (resolve_in(b, q, q->targets[i]) != 0) return -1;
    if (resolve_in(b, q, q->having) != 0) return -1;
    for (int i = 0; i < q->nsort; i++)
        if (resolve_in(b, q, q->sort[i].expr) != 0) return -1;
    for (int i = 0; i < q->ndistinct_on; i++)
        if (resolve_in(b, q, q->distinct_on[i]) != 0) return -1;
    for (int w = 0; w < q->nwins; w++) {
        for (int a = 0; a < q->wins[w].nargs; a++)
            if (resolve_in(b, q, q->wins[w].args[a]) != 0) return -1;
        for (int k = 0, n = agg_call_nexprs(&q->wins[w].agg); k < n; k++)
            if (resolve_in(b, q, *agg_call_expr(&q->wins[w].agg, k)) != 0) return -1;
    }
    for (int w = 0; w < q->nwindows; w++) {
        for (int k = 0; k < q->windows[w].npart; k++)
            if (resolve_in(b, q, q->windows[w].part[k]) != 0) return -1;
        for (int k = 0; k < q->windows[w].norder; k++)
            if (resolve_in(b, q, q->windows[w].order[k].expr) != 0) return -1;
    }
    /* a call no clause above reaches (e.g. inside a window aggregate's
     * FILTER): its arguments still have to be grouping expressions */
    for (int i = 0; i < q->ngroupings; i++)
        if (!q->groupings[i].keys) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                "GROUPING is not supported in this position yet");
            error_position(b->err, q->groupings[i].location);
            return -1;
        }
    return 0;
}
