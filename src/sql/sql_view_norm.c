/*
 * sql_view_norm.c — the normal form of a view's query (sql_view.h): the
 * BindRecorder the binder reports to, the rewrite of the parse tree from its
 * report, the text pg_get_viewdef shows, and the expansion of a view
 * reference (bind_view_query).
 *
 * The recorder keys everything by parse-tree node: a node bound twice (a CTE
 * referenced twice) is reported twice with the same resolution, and the
 * first report counts. Rewrites happen after binding, so binding never sees a
 * half-rewritten tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_registry.h"
#include "sql/sql_view.h"

typedef struct RecItem {
    const char *qual; /* alias to qualify with, or NULL */
    const char *name; /* column name as visible (or output name) */
    Oid rel;          /* table/view the column belongs to, or 0 */
    const char *relcol;
} RecItem;

typedef struct RecRange {
    PgQuery__RangeVar *rv;
    Oid rel;
    const char *schema; /* NULL: keep as written (system views) */
} RecRange;

typedef struct RecCol {
    PgQuery__ColumnRef *cr;
    RecItem it;
    PgQuery__String *field; /* (t).col: the field name the tree holds (cr is the binder's) */
} RecCol;

typedef struct RecTarget {
    PgQuery__SelectStmt *stmt;
    int index;
    bool star;
    int n;
    RecItem *items;
    PgQuery__ResTarget **out; /* the ResTargets the entry became (n of them) */
} RecTarget;

struct BindRecorder {
    int nranges, ncols, ntargets;
    RecRange *ranges;
    RecCol *cols;
    RecTarget *targets;
};

#define REC_PUSH(a, arr, n, type)                                                                  \
    ((arr) =                                                                                       \
         arena_realloc((a), (arr), sizeof(type) * (size_t)(n), sizeof(type) * (size_t)((n) + 1)),  \
     &(arr)[(n)++])

static void rte_relation(Binder *b, const Rte *r, int attno, RecItem *it)
{
    it->rel = 0;
    it->relcol = NULL;
    if (r->kind == RTE_TABLE && r->table && attno < r->table->ncols) {
        it->rel = r->table->oid;
        it->relcol = arena_strdup(b->arena, r->table->cols[attno].name);
    } else if (r->view && attno < r->view->ncols) {
        it->rel = r->view->oid;
        it->relcol = arena_strdup(b->arena, r->view->cols[attno].name);
    }
}

void bind_rec_rangevar(Binder *b, PgQuery__RangeVar *rv, Oid rel)
{
    BindRecorder *rec = b->rec;
    for (int i = 0; i < rec->nranges; i++)
        if (rec->ranges[i].rv == rv) return;
    CatTable *t = catalog_table_by_oid(b->catalog, rel);
    CatView *v = t ? NULL : catalog_view_by_oid(b->catalog, rel);
    RecRange *r = REC_PUSH(b->arena, rec->ranges, rec->nranges, RecRange);
    r->rv = rv;
    r->rel = rel;
    r->schema = t ? t->schema->name : v ? v->schema->name : NULL;
}

void bind_rec_column(Binder *b, PgQuery__ColumnRef *cr, const Rte *rte, int attno, bool qualify)
{
    BindRecorder *rec = b->rec;
    for (int i = 0; i < rec->ncols; i++)
        if (rec->cols[i].cr == cr) return;
    RecCol *c = REC_PUSH(b->arena, rec->cols, rec->ncols, RecCol);
    c->cr = cr;
    c->field = NULL;
    c->it.qual = qualify ? arena_strdup(b->arena, rte->alias) : NULL;
    c->it.name = pgq_str(cr->fields[cr->n_fields - 1]);
    rte_relation(b, rte, attno, &c->it);
}

void bind_rec_field(Binder *b, const PgQuery__ColumnRef *cr, PgQuery__String *field)
{
    BindRecorder *rec = b->rec;
    for (int i = 0; i < rec->ncols; i++)
        if (rec->cols[i].cr == cr) rec->cols[i].field = field;
}

void bind_rec_target(Binder *b, PgQuery__SelectStmt *stmt, int index, const BoundQuery *q,
                     Expr **exprs, const char **names, int n)
{
    BindRecorder *rec = b->rec;
    for (int i = 0; i < rec->ntargets; i++)
        if (rec->targets[i].stmt == stmt && rec->targets[i].index == index) return;
    PgQuery__Node *val = stmt->target_list[index]->res_target->val;
    RecTarget *t = REC_PUSH(b->arena, rec->targets, rec->ntargets, RecTarget);
    memset(t, 0, sizeof(*t));
    t->stmt = stmt;
    t->index = index;
    t->star = val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
              val->column_ref->fields[val->column_ref->n_fields - 1]->node_case ==
                  PG_QUERY__NODE__NODE_A_STAR;
    t->n = n;
    t->items = ARENA_NEW_ARRAY(b->arena, RecItem, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        RecItem *it = &t->items[i];
        it->name = arena_strdup(b->arena, names[i]);
        const Expr *e = exprs[i];
        if (t->star && e->kind == EXPR_VAR && e->u.var.levelsup == 0) {
            const Rte *r = q->rtes[e->u.var.rte];
            it->qual = r->alias ? arena_strdup(b->arena, r->alias) : NULL;
            rte_relation(b, r, e->u.var.attno, it);
        }
    }
}

/* ---- parse-tree builders ---- */

static PgQuery__Node *mk_node(Arena *a, PgQuery__Node__NodeCase kind)
{
    PgQuery__Node *n = ARENA_NEW(a, PgQuery__Node);
    pg_query__node__init(n);
    n->node_case = kind;
    return n;
}

static PgQuery__Node *mk_str(Arena *a, const char *s)
{
    PgQuery__Node *n = mk_node(a, PG_QUERY__NODE__NODE_STRING);
    n->string = ARENA_NEW(a, PgQuery__String);
    pg_query__string__init(n->string);
    n->string->sval = arena_strdup(a, s);
    return n;
}

static void set_fields(Arena *a, PgQuery__ColumnRef *cr, const char *qual, const char *name)
{
    cr->n_fields = qual ? 2 : 1;
    cr->fields = ARENA_NEW_ARRAY(a, PgQuery__Node *, 2);
    cr->fields[0] = mk_str(a, qual ? qual : name);
    if (qual) cr->fields[1] = mk_str(a, name);
}

static PgQuery__ResTarget *mk_target(Arena *a, const char *qual, const char *name)
{
    PgQuery__Node *val = mk_node(a, PG_QUERY__NODE__NODE_COLUMN_REF);
    val->column_ref = ARENA_NEW(a, PgQuery__ColumnRef);
    pg_query__column_ref__init(val->column_ref);
    val->column_ref->location = -1;
    set_fields(a, val->column_ref, qual, name);
    PgQuery__ResTarget *rt = ARENA_NEW(a, PgQuery__ResTarget);
    pg_query__res_target__init(rt);
    rt->val = val;
    rt->location = -1;
    return rt;
}

/* The name a reference to column item `it` gets under rename rn. */
static const char *item_name(const RecItem *it, const ViewRename *rn)
{
    if (rn && rn->oldcol && it->rel == rn->rel && it->relcol &&
        strcmp(it->relcol, rn->oldcol) == 0 && strcmp(it->name, rn->oldcol) == 0)
        return rn->newname;
    return it->name;
}

/* ---- the rewrite ---- */

/* `*` entries become their columns; every entry's ResTarget is noted. */
static void expand_stars(Arena *a, BindRecorder *rec, const ViewRename *rn)
{
    for (int i = 0; i < rec->ntargets; i++) {
        RecTarget *t = &rec->targets[i];
        t->out = ARENA_NEW_ARRAY(a, PgQuery__ResTarget *, t->n > 0 ? t->n : 1);
        if (!t->star) {
            t->out[0] = t->stmt->target_list[t->index]->res_target;
            continue;
        }
        for (int k = 0; k < t->n; k++)
            t->out[k] = mk_target(a, t->items[k].qual, item_name(&t->items[k], rn));
    }
    for (int i = 0; i < rec->ntargets; i++) {
        PgQuery__SelectStmt *s = rec->targets[i].stmt;
        bool done = false, any = false;
        for (int j = 0; j < i; j++) done |= rec->targets[j].stmt == s;
        for (int j = i; j < rec->ntargets; j++)
            any |= rec->targets[j].stmt == s && rec->targets[j].star;
        if (done || !any) continue;
        int total = 0;
        for (size_t k = 0; k < s->n_target_list; k++) {
            int add = 1;
            for (int j = i; j < rec->ntargets; j++)
                if (rec->targets[j].stmt == s && rec->targets[j].index == (int)k)
                    add = rec->targets[j].n;
            total += add;
        }
        PgQuery__Node **list = ARENA_NEW_ARRAY(a, PgQuery__Node *, total > 0 ? total : 1);
        int n = 0;
        for (size_t k = 0; k < s->n_target_list; k++) {
            RecTarget *t = NULL;
            for (int j = i; j < rec->ntargets; j++)
                if (rec->targets[j].stmt == s && rec->targets[j].index == (int)k)
                    t = &rec->targets[j];
            if (!t || !t->star) {
                list[n++] = s->target_list[k];
                continue;
            }
            for (int m = 0; m < t->n; m++) {
                PgQuery__Node *node = mk_node(a, PG_QUERY__NODE__NODE_RES_TARGET);
                node->res_target = t->out[m];
                list[n++] = node;
            }
        }
        s->n_target_list = (size_t)n;
        s->target_list = list;
    }
}

/* Names an output column with AS unless it is a column reference of the same name. */
static void name_target(Arena *a, PgQuery__ResTarget *rt, const char *name)
{
    PgQuery__Node *v = rt->val;
    if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
        const char *last = pgq_str(v->column_ref->fields[v->column_ref->n_fields - 1]);
        if (last && strcmp(last, name) == 0) {
            rt->name = (char *)"";
            return;
        }
    }
    rt->name = arena_strdup(a, name);
}

static void rewrite(Arena *a, BindRecorder *rec, const ViewRename *rn)
{
    for (int i = 0; i < rec->ncols; i++) {
        RecCol *c = &rec->cols[i];
        if (c->field)
            c->field->sval = arena_strdup(a, item_name(&c->it, rn));
        else
            set_fields(a, c->cr, c->it.qual, item_name(&c->it, rn));
    }
    expand_stars(a, rec, rn);
    for (int i = 0; i < rec->ntargets; i++) {
        RecTarget *t = &rec->targets[i];
        for (int k = 0; k < t->n; k++) name_target(a, t->out[k], t->items[k].name);
    }
    for (int i = 0; i < rec->nranges; i++) {
        RecRange *r = &rec->ranges[i];
        PgQuery__RangeVar *rv = r->rv;
        if (!rv->alias) {
            rv->alias = ARENA_NEW(a, PgQuery__Alias);
            pg_query__alias__init(rv->alias);
            rv->alias->aliasname = arena_strdup(a, rv->relname);
        }
        if (r->schema) rv->schemaname = arena_strdup(a, r->schema);
        if (rn && !rn->oldcol && r->rel == rn->rel) rv->relname = arena_strdup(a, rn->newname);
    }
}

static void add_dep(Arena *a, CatView *out, Oid rel, const char *col)
{
    if (rel == 0) return;
    for (int i = 0; i < out->ndeps; i++)
        if (out->deps[i].rel == rel && strcmp(out->deps[i].col, col) == 0) return;
    CatViewDep *d = REC_PUSH(a, out->deps, out->ndeps, CatViewDep);
    d->rel = rel;
    snprintf(d->col, sizeof(d->col), "%s", col);
}

static void collect_deps(Arena *a, BindRecorder *rec, const ViewRename *rn, CatView *out)
{
    out->ndeps = 0;
    out->deps = NULL;
    for (int i = 0; i < rec->nranges; i++) add_dep(a, out, rec->ranges[i].rel, "");
    for (int i = 0; i < rec->ncols; i++) {
        RecItem *it = &rec->cols[i].it;
        if (it->relcol)
            add_dep(a, out, it->rel, item_name(it, rn) == it->name ? it->relcol : rn->newname);
    }
    for (int i = 0; i < rec->ntargets; i++)
        for (int k = 0; k < rec->targets[i].n; k++) {
            RecItem *it = &rec->targets[i].items[k];
            if (!it->relcol) continue;
            bool moved =
                rn && rn->oldcol && it->rel == rn->rel && strcmp(it->relcol, rn->oldcol) == 0;
            add_dep(a, out, it->rel, moved ? rn->newname : it->relcol);
        }
}

/* ---- the text pg_get_viewdef shows (PostgreSQL's pretty layout) ---- */

static void put_owned(StrBuf *sb, char *text, bool *ok)
{
    if (!text) {
        *ok = false;
        return;
    }
    strbuf_puts(sb, text);
    free(text);
}

static PgQuery__SelectStmt *blank_select(void)
{
    static PgQuery__SelectStmt tmpl = PG_QUERY__SELECT_STMT__INIT;
    PgQuery__SelectStmt *s = malloc(sizeof(*s));
    if (s) {
        *s = tmpl;
        s->limit_option = PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_DEFAULT;
        s->op = PG_QUERY__SET_OPERATION__SETOP_NONE;
    }
    return s;
}

/* Deparses `SELECT 1 <clause>` with one FROM item or the sort list, and
 * returns the text after `skip` characters. */
static char *deparse_clause(PgQuery__Node *from, PgQuery__Node **sort, size_t nsort, size_t skip)
{
    PgQuery__SelectStmt *s = blank_select();
    if (!s) return NULL;
    PgQuery__AConst one = PG_QUERY__A__CONST__INIT;
    PgQuery__Integer ival = PG_QUERY__INTEGER__INIT;
    ival.ival = 1;
    one.val_case = PG_QUERY__A__CONST__VAL_IVAL;
    one.ival = &ival;
    PgQuery__Node onen = PG_QUERY__NODE__INIT;
    onen.node_case = PG_QUERY__NODE__NODE_A_CONST;
    onen.a_const = &one;
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = &onen;
    PgQuery__Node rtn = PG_QUERY__NODE__INIT;
    rtn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rtn.res_target = &rt;
    PgQuery__Node *tl[1] = {&rtn};
    PgQuery__Node *fl[1] = {from};
    s->n_target_list = 1;
    s->target_list = tl;
    if (from) {
        s->n_from_clause = 1;
        s->from_clause = fl;
    }
    s->n_sort_clause = nsort;
    s->sort_clause = sort;
    char *text = sql_deparse_select(s);
    free(s);
    if (text && strlen(text) >= skip) {
        memmove(text, text + skip, strlen(text + skip) + 1);
        return text;
    }
    free(text);
    return NULL;
}

static void put_from_item(StrBuf *sb, PgQuery__Node *item, bool *ok)
{
    if (item->node_case != PG_QUERY__NODE__NODE_JOIN_EXPR || item->join_expr->alias) {
        put_owned(sb, deparse_clause(item, NULL, 0, strlen("SELECT 1 FROM ")), ok);
        return;
    }
    PgQuery__JoinExpr *j = item->join_expr;
    put_from_item(sb, j->larg, ok);
    strbuf_puts(sb, "\n     ");
    if (j->is_natural) strbuf_puts(sb, "NATURAL ");
    switch (j->jointype) {
    case PG_QUERY__JOIN_TYPE__JOIN_LEFT:
        strbuf_puts(sb, "LEFT JOIN ");
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_RIGHT:
        strbuf_puts(sb, "RIGHT JOIN ");
        break;
    case PG_QUERY__JOIN_TYPE__JOIN_FULL:
        strbuf_puts(sb, "FULL JOIN ");
        break;
    default:
        strbuf_puts(sb, j->quals || j->n_using_clause || j->is_natural ? "JOIN " : "CROSS JOIN ");
        break;
    }
    bool nested = j->rarg->node_case == PG_QUERY__NODE__NODE_JOIN_EXPR;
    if (nested) strbuf_putc(sb, '(');
    put_owned(sb, deparse_clause(j->rarg, NULL, 0, strlen("SELECT 1 FROM ")), ok);
    if (nested) strbuf_putc(sb, ')');
    if (j->quals) {
        strbuf_puts(sb, " ON ");
        put_owned(sb, sql_deparse_expr(j->quals), ok);
    } else if (j->n_using_clause) {
        strbuf_puts(sb, " USING (");
        for (size_t i = 0; i < j->n_using_clause; i++) {
            if (i) strbuf_puts(sb, ", ");
            strbuf_puts(sb, pgq_str(j->using_clause[i]));
        }
        strbuf_putc(sb, ')');
        if (j->join_using_alias) {
            strbuf_puts(sb, " AS ");
            strbuf_puts(sb, j->join_using_alias->aliasname);
        }
    }
}

static void put_expr_list(StrBuf *sb, PgQuery__Node **items, size_t n, const char *sep, bool *ok)
{
    for (size_t i = 0; i < n; i++) {
        if (i) strbuf_puts(sb, sep);
        put_owned(sb, sql_deparse_expr(items[i]), ok);
    }
}

static void put_select(StrBuf *sb, PgQuery__SelectStmt *s, bool *ok)
{
    if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
        if (s->larg->op != PG_QUERY__SET_OPERATION__SETOP_NONE &&
            (s->larg->n_sort_clause || s->larg->limit_count))
            *ok = false;
        if (s->rarg->op != PG_QUERY__SET_OPERATION__SETOP_NONE || s->n_sort_clause ||
            s->limit_count || s->limit_offset || s->with_clause)
            *ok = false;
        put_select(sb, s->larg, ok);
        strbuf_puts(sb, s->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? "\nUNION"
                        : s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "\nINTERSECT"
                                                                            : "\nEXCEPT");
        strbuf_puts(sb, s->all ? " ALL\n" : "\n");
        put_select(sb, s->rarg, ok);
        return;
    }
    if (s->with_clause || s->n_values_lists || s->n_window_clause || s->n_distinct_clause > 1 ||
        (s->n_distinct_clause == 1 && s->distinct_clause[0]) || s->locking_clause ||
        s->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) {
        *ok = false;
        return;
    }
    strbuf_puts(sb, s->n_distinct_clause ? " SELECT DISTINCT " : " SELECT ");
    for (size_t i = 0; i < s->n_target_list; i++) {
        if (i) strbuf_puts(sb, ",\n    ");
        PgQuery__ResTarget *rt = s->target_list[i]->res_target;
        put_owned(sb, sql_deparse_expr(rt->val), ok);
        if (rt->name && rt->name[0]) {
            strbuf_puts(sb, " AS ");
            PgQuery__ColumnRef cr = PG_QUERY__COLUMN_REF__INIT;
            PgQuery__String str = PG_QUERY__STRING__INIT;
            str.sval = rt->name;
            PgQuery__Node sn = PG_QUERY__NODE__INIT;
            sn.node_case = PG_QUERY__NODE__NODE_STRING;
            sn.string = &str;
            PgQuery__Node *f[1] = {&sn};
            cr.n_fields = 1;
            cr.fields = f;
            PgQuery__Node crn = PG_QUERY__NODE__INIT;
            crn.node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
            crn.column_ref = &cr;
            put_owned(sb, sql_deparse_expr(&crn), ok); /* the name, quoted as needed */
        }
    }
    if (s->n_from_clause) {
        strbuf_puts(sb, "\n   FROM ");
        for (size_t i = 0; i < s->n_from_clause; i++) {
            if (i) strbuf_puts(sb, ",\n    ");
            put_from_item(sb, s->from_clause[i], ok);
        }
    }
    if (s->where_clause) {
        strbuf_puts(sb, "\n  WHERE ");
        put_owned(sb, sql_deparse_expr(s->where_clause), ok);
    }
    if (s->n_group_clause) {
        strbuf_puts(sb, "\n  GROUP BY ");
        put_expr_list(sb, s->group_clause, s->n_group_clause, ", ", ok);
    }
    if (s->having_clause) {
        strbuf_puts(sb, "\n HAVING ");
        put_owned(sb, sql_deparse_expr(s->having_clause), ok);
    }
    if (s->n_sort_clause) {
        strbuf_puts(sb, "\n  ORDER BY ");
        put_owned(
            sb,
            deparse_clause(NULL, s->sort_clause, s->n_sort_clause, strlen("SELECT 1 ORDER BY ")),
            ok);
    }
    if (s->limit_offset) {
        strbuf_puts(sb, "\n OFFSET ");
        put_owned(sb, sql_deparse_expr(s->limit_offset), ok);
    }
    if (s->limit_count) {
        strbuf_puts(sb, "\n LIMIT ");
        put_owned(sb, sql_deparse_expr(s->limit_count), ok);
    }
}

/* The display form: relations unqualified where search_path finds them
 * (unless `qualified`: then every one keeps its schema) and without the
 * alias the normal form added, the view's column names on the top-level
 * SELECT, laid out as PostgreSQL's pg_get_viewdef(v, true) does for the
 * simple shapes (one line otherwise). Changes sel: the qualified form is
 * printed first. */
static char *display_text(Binder *b, BindRecorder *rec, PgQuery__SelectStmt *sel, CatView *out,
                          bool qualified)
{
    for (int i = 0; i < rec->nranges; i++) {
        PgQuery__RangeVar *rv = rec->ranges[i].rv;
        if (rv->alias && rv->alias->n_colnames == 0 &&
            strcmp(rv->alias->aliasname, rv->relname) == 0)
            rv->alias = NULL;
        if (qualified) continue;
        CatTable *t;
        CatView *v;
        catalog_relation_lookup(b->catalog, b->settings->search_path, rv->relname, &t, &v);
        if (rec->ranges[i].schema && (t ? t->oid : v ? v->oid : 0) == rec->ranges[i].rel)
            rv->schemaname = (char *)"";
        /* which relations def_sql names bare (pg_get_viewdef: view_deps_visible) */
        if (rv->schemaname && rv->schemaname[0]) continue;
        for (int d = 0; d < out->ndeps; d++)
            if (out->deps[d].rel == rec->ranges[i].rel && !out->deps[d].col[0])
                out->deps[d].bare = true;
    }
    PgQuery__SelectStmt *top = sel;
    while (top->op != PG_QUERY__SET_OPERATION__SETOP_NONE) top = top->larg;
    int pos = 0;
    for (size_t k = 0; k < top->n_target_list && pos < out->ncols; k++, pos++)
        name_target(b->arena, top->target_list[k]->res_target, out->cols[pos].name);
    StrBuf sb;
    strbuf_init(&sb, b->arena);
    bool ok = true;
    put_select(&sb, sel, &ok);
    if (!ok) {
        ok = true;
        strbuf_reset(&sb);
        strbuf_putc(&sb, ' ');
        put_owned(&sb, sql_deparse_select(sel), &ok);
    }
    strbuf_putc(&sb, ';');
    return ok ? arena_strndup(b->arena, sb.data, sb.len) : NULL;
}

/* ---- entry points ---- */

PgQuery__SelectStmt *sql_view_parse(const CatView *v, Arena *arena, OmError *err)
{
    PgQuery__ParseResult *tree = sql_parse_text_arena(v->query_sql, arena, err);
    if (!tree) return NULL;
    if (tree->n_stmts != 1 || tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
        ERR(err, SQLSTATE_INTERNAL_ERROR, "definition of view \"%s\" is not a query", v->name);
        return NULL;
    }
    return tree->stmts[0]->stmt->select_stmt;
}

int sql_view_define(Binder *b, PgQuery__SelectStmt *sel, const char *const *colnames, int ncolnames,
                    const ViewRename *rn, CatView *out)
{
    BindRecorder rec;
    memset(&rec, 0, sizeof(rec));
    BindRecorder *saved = b->rec;
    b->rec = &rec;
    BoundQuery *q = bind_select(b, NULL, sel, NULL);
    b->rec = saved;
    if (!q) return -1;
    if (ncolnames > q->ntargets)
        return ERR(b->err, SQLSTATE_SYNTAX_ERROR,
                   "CREATE VIEW specifies more column names than columns");
    out->ncols = q->ntargets;
    out->cols = ARENA_NEW_ARRAY(b->arena, CatColumn, q->ntargets > 0 ? q->ntargets : 1);
    for (int i = 0; i < q->ntargets; i++) {
        const char *name = i < ncolnames ? colnames[i] : q->target_names[i];
        snprintf(out->cols[i].name, CATALOG_NAME_MAX, "%s", name);
        OmType t = q->out_types[i];
        if (t.id == TYPE_UNKNOWN) t = OM_TYPE(TYPE_TEXT);
        if (sql_check_column_type(out->cols[i].name, t, b->err) != 0) return -1;
        out->cols[i].type = t;
        out->cols[i].attnum = i + 1;
        for (int j = 0; j < i; j++)
            if (strcmp(out->cols[j].name, out->cols[i].name) == 0)
                return ERR(b->err, SQLSTATE_DUPLICATE_COLUMN,
                           "column \"%s\" specified more than once", out->cols[i].name);
    }
    rewrite(b->arena, &rec, rn);
    collect_deps(b->arena, &rec, rn, out);
    char *text = sql_deparse_select(sel);
    if (!text) return ERR(b->err, SQLSTATE_INTERNAL_ERROR, "could not print the view's query");
    out->query_sql = arena_strdup(b->arena, text);
    free(text);
    out->qual_sql = display_text(b, &rec, sel, out, true);
    out->def_sql = out->qual_sql ? display_text(b, &rec, sel, out, false) : NULL;
    if (!out->def_sql)
        return ERR(b->err, SQLSTATE_INTERNAL_ERROR, "could not print the view's query");
    return 0;
}

BoundQuery *bind_select_apart(Binder *b, PgQuery__SelectStmt *sel, const char *text)
{
    Binder saved = *b;
    b->rec = NULL;
    b->pl = NULL; /* a stored query sees no PL/pgSQL variables */
    b->setop_leaf = false;
    b->keep_unknown_targets = false;
    b->update_targets = false;
    b->query_text = text;
    BoundQuery *q = bind_select(b, NULL, sel, NULL);
    b->rec = saved.rec;
    b->pl = saved.pl;
    b->setop_leaf = saved.setop_leaf;
    b->keep_unknown_targets = saved.keep_unknown_targets;
    b->update_targets = saved.update_targets;
    b->query_text = saved.query_text;
    return q;
}

BoundQuery *bind_view_query(Binder *b, const CatView *v)
{
    if (b->view_depth >= 64) {
        ERR(b->err, SQLSTATE_INVALID_OBJECT_DEFINITION,
            "infinite recursion detected in rules for relation \"%s\"", v->name);
        return NULL;
    }
    PgQuery__SelectStmt *sel = sql_view_parse(v, b->arena, b->err);
    if (!sel) return NULL;
    b->view_depth++;
    BoundQuery *q = bind_select_apart(b, sel, v->query_sql);
    b->view_depth--;
    if (!q) {
        b->err->position = 0; /* a position in the view's text means nothing to the client */
        return NULL;
    }
    if (q->ntargets != v->ncols) {
        ERR(b->err, SQLSTATE_INTERNAL_ERROR, "view \"%s\" has %d columns but its query has %d",
            v->name, v->ncols, q->ntargets);
        return NULL;
    }
    const char **names = ARENA_NEW_ARRAY(b->arena, const char *, v->ncols > 0 ? v->ncols : 1);
    for (int i = 0; i < v->ncols; i++) {
        names[i] = v->cols[i].name;
        OmType want = v->cols[i].type;
        if (q->out_types[i].id == want.id) continue;
        if (q->is_setop || q->nvalues > 0 || !q->targets) {
            ERR(b->err, SQLSTATE_INTERNAL_ERROR, "view \"%s\" column %d has changed type", v->name,
                i + 1);
            return NULL;
        }
        q->targets[i] = bind_coerce(b, q->targets[i], want, CAST_IMPLICIT, 0);
        if (!q->targets[i]) return NULL;
        q->out_types[i] = want;
    }
    q->target_names = names;
    return q;
}
