/*
 * explain.c — renders a plan (and, after EXPLAIN ANALYZE, its operators'
 * statistics) as PostgreSQL-style indented text.
 */
#include <stdio.h>
#include <string.h>

#include "exec/explain.h"

#include "exec/agg_registry.h"
#include "catalog/type_io.h"
#include "common/strbuf.h"
#include "exec/func_registry.h"
#include "exec/srf.h"
#include "exec/subplan.h"

typedef struct Out {
    Arena *arena;
    const char ***lines;
    int *n;
    int cap;
} Out;

static void emit(Out *o, const char *line)
{
    if (*o->n == o->cap) {
        int nc = o->cap ? o->cap * 2 : 32;
        *o->lines = arena_realloc(o->arena, *o->lines, sizeof(char *) * (size_t)o->cap,
                                  sizeof(char *) * (size_t)nc);
        o->cap = nc;
    }
    (*o->lines)[(*o->n)++] = line;
}

static void expr_text(const Expr *e, const PlanNode *input, StrBuf *sb);

static void args_text(const Expr *e, const PlanNode *input, StrBuf *sb, const char *sep)
{
    for (int i = 0; i < e->nargs; i++) {
        if (i) strbuf_puts(sb, sep);
        expr_text(e->args[i], input, sb);
    }
}

static void expr_text(const Expr *e, const PlanNode *input, StrBuf *sb)
{
    if (!e) {
        strbuf_puts(sb, "true");
        return;
    }
    switch (e->kind) {
    case EXPR_CONST:
        if (e->u.value.is_null) {
            strbuf_puts(sb, "NULL");
        } else {
            StrBuf v;
            strbuf_init(&v, NULL);
            type_text_out(e->type, &e->u.value.u, NULL, &v);
            bool quote = !type_is_numeric_cat(e->type.id) && e->type.id != TYPE_BOOL;
            if (quote) strbuf_putc(sb, '\'');
            strbuf_append(sb, v.data ? v.data : "", v.len);
            if (quote) strbuf_putc(sb, '\'');
            strbuf_fini(&v);
        }
        return;
    case EXPR_COLUMN:
        if (input && input->names && e->u.column.index < input->ncols)
            strbuf_puts(sb, input->names[e->u.column.index]);
        else
            strbuf_printf(sb, "#%d", e->u.column.index);
        return;
    case EXPR_PARAM:
        strbuf_printf(sb, "$%d", e->u.param.index + 1);
        return;
    case EXPR_AND:
        strbuf_putc(sb, '(');
        args_text(e, input, sb, " AND ");
        strbuf_putc(sb, ')');
        return;
    case EXPR_OR:
        strbuf_putc(sb, '(');
        args_text(e, input, sb, " OR ");
        strbuf_putc(sb, ')');
        return;
    case EXPR_NOT:
        strbuf_puts(sb, "NOT ");
        expr_text(e->args[0], input, sb);
        return;
    case EXPR_IS_NULL:
        expr_text(e->args[0], input, sb);
        strbuf_puts(sb, " IS NULL");
        return;
    case EXPR_IS_NOT_NULL:
        expr_text(e->args[0], input, sb);
        strbuf_puts(sb, " IS NOT NULL");
        return;
    case EXPR_IN_LIST:
        expr_text(e->args[0], input, sb);
        strbuf_puts(sb, e->u.func.negate ? " NOT IN (" : " IN (");
        for (int i = 1; i < e->nargs; i++) {
            if (i > 1) strbuf_puts(sb, ", ");
            expr_text(e->args[i], input, sb);
        }
        strbuf_putc(sb, ')');
        return;
    case EXPR_ANY_ARRAY:
        expr_text(e->args[0], input, sb);
        strbuf_printf(sb, " %s %s (", e->u.func.def ? e->u.func.def->name : "?",
                      e->u.func.negate ? "ALL" : "ANY");
        expr_text(e->args[1], input, sb);
        strbuf_putc(sb, ')');
        return;
    case EXPR_SUBPLAN:
        strbuf_printf(sb, "(SubPlan %d%s)", e->u.sub.plan ? e->u.sub.plan->id : 0,
                      e->u.sub.plan && e->u.sub.plan->correlated ? ", correlated" : "");
        return;
    case EXPR_FUNC:
        if (e->u.func.def && (e->u.func.def->flags & FUNC_IS_OPERATOR) && e->nargs == 2) {
            strbuf_putc(sb, '(');
            expr_text(e->args[0], input, sb);
            strbuf_printf(sb, " %s ", e->u.func.def->name);
            expr_text(e->args[1], input, sb);
            strbuf_putc(sb, ')');
            return;
        }
        if (e->u.func.def && (e->u.func.def->flags & FUNC_IS_CAST)) {
            expr_text(e->args[0], input, sb);
            char tn[64];
            type_format(e->type, tn, sizeof(tn));
            strbuf_printf(sb, "::%s", tn);
            return;
        }
        strbuf_printf(sb, "%s(", e->u.func.def ? e->u.func.def->name : "?");
        args_text(e, input, sb, ", ");
        strbuf_putc(sb, ')');
        return;
    case EXPR_CASE:
        strbuf_puts(sb, "CASE ... END");
        return;
    case EXPR_COALESCE:
        strbuf_puts(sb, "COALESCE(");
        args_text(e, input, sb, ", ");
        strbuf_putc(sb, ')');
        return;
    default:
        strbuf_puts(sb, "(...)");
        return;
    }
}

static const char *node_title(const PlanNode *n, Arena *arena)
{
    switch (n->kind) {
    case PLAN_SEQ_SCAN:
        return arena_sprintf(arena, "Columnar Scan on %s%s%s", n->u.scan.table_name,
                             n->u.scan.alias ? " " : "", n->u.scan.alias ? n->u.scan.alias : "");
    case PLAN_INDEX_SCAN:
        return arena_sprintf(arena, "Index Scan using %s on %s%s%s (%s)",
                             n->u.scan.index_name ? n->u.scan.index_name : "?",
                             n->u.scan.table_name, n->u.scan.alias ? " " : "",
                             n->u.scan.alias ? n->u.scan.alias : "",
                             n->u.scan.index_kind ? n->u.scan.index_kind : "?");
    case PLAN_HASH_JOIN:
        return arena_sprintf(arena, "Hash %s Join", join_type_name(n->u.hash_join.type));
    case PLAN_NL_JOIN:
        return arena_sprintf(arena, "Nested Loop %s Join", join_type_name(n->u.nl_join.type));
    case PLAN_HASH_AGG:
        if (n->u.agg.nsets > 0) { /* PostgreSQL's names for grouping sets */
            bool empty = false, keyed = false;
            for (int s = 0; s < n->u.agg.nsets; s++) {
                if (n->u.agg.sets[s].nkeys == 0)
                    empty = true;
                else
                    keyed = true;
            }
            return empty && keyed ? "MixedAggregate" : keyed ? "HashAggregate" : "Aggregate";
        }
        if (n->u.agg.naggs == 0 && n->u.agg.ngroup > 0) return "HashAggregate (distinct)";
        return n->u.agg.ngroup == 0 ? "Aggregate" : "HashAggregate";
    case PLAN_SORT:
        return n->u.sort.limit >= 0
                   ? arena_sprintf(arena, "Top-N Sort (limit %lld)", (long long)n->u.sort.limit)
                   : "Sort";
    case PLAN_SETOP: {
        const char *op = n->u.setop.op == SETOP_UNION       ? "Union"
                         : n->u.setop.op == SETOP_INTERSECT ? "Intersect"
                                                            : "Except";
        return arena_sprintf(arena, "HashSetOp %s%s", op, n->u.setop.all ? " All" : "");
    }
    case PLAN_VALUES:
        return n->u.values.nrows == 1 && n->ncols == 0 ? "Result" : "Values Scan";
    case PLAN_FUNCTION_SCAN:
        return arena_sprintf(arena, "Function Scan on %s",
                             n->u.func_scan.srf                       ? n->u.func_scan.srf->name
                             : n->u.func_scan.func == FUNCSCAN_UNNEST ? "unnest"
                                                                      : "generate_series");
    case PLAN_INSERT:
        return arena_sprintf(arena, "Insert on %s", n->u.insert.table_name);
    case PLAN_MODIFY:
        return arena_sprintf(arena, "%s on %s", n->u.modify.is_delete ? "Delete" : "Update",
                             n->u.modify.table_name);
    case PLAN_WORKTABLE_SCAN: {
        const char *what = n->u.worktable.modify_cte ? "CTE Scan" : "WorkTable Scan";
        if (n->u.worktable.alias && strcmp(n->u.worktable.alias, n->u.worktable.cte_name) != 0)
            return arena_sprintf(arena, "%s on %s %s", what, n->u.worktable.cte_name,
                                 n->u.worktable.alias);
        return arena_sprintf(arena, "%s on %s", what, n->u.worktable.cte_name);
    }
    default:
        break; /* nodes whose title is their kind's name */
    }
    return plan_kind_name(n->kind);
}

static void collect_subplans(const Expr *e, const SubPlan **found, int *n)
{
    if (!e) return;
    if (e->kind == EXPR_SUBPLAN && *n < 32) found[(*n)++] = e->u.sub.plan;
    for (int i = 0; i < e->nargs; i++) collect_subplans(e->args[i], found, n);
}

static void walk(Out *o, const PlanNode *n, const Operator *op, int depth);

static void detail(Out *o, int depth, const char *label, const Expr *e, const PlanNode *input)
{
    StrBuf sb;
    strbuf_init(&sb, o->arena);
    for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&sb, ' ');
    strbuf_printf(&sb, "%s: ", label);
    expr_text(e, input, &sb);
    emit(o, sb.data);
}

/* A detail line under a node: "<label>: <text>" (label NULL: the text alone). */
static void text_line(Out *o, int depth, const char *label, const char *text)
{
    StrBuf sb;
    strbuf_init(&sb, o->arena);
    for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&sb, ' ');
    if (label) strbuf_printf(&sb, "%s: ", label);
    strbuf_puts(&sb, text);
    emit(o, sb.data);
}

static const char *win_func_name(const WinCall *c)
{
    static const char *const names[] = {"row_number",  "rank",       "dense_rank", "percent_rank",
                                        "cume_dist",   "ntile",      "lag",        "lead",
                                        "first_value", "last_value", "nth_value"};
    return c->kind == WIN_AGG ? agg_kind_name(c->agg.kind) : names[c->kind];
}

static void frame_bound_text(StrBuf *sb, int f, bool start, const Expr *off, const PlanNode *in)
{
    if (f & (start ? WINFRAME_START_UNBOUNDED_PRECEDING : WINFRAME_END_UNBOUNDED_PRECEDING))
        strbuf_puts(sb, "UNBOUNDED PRECEDING");
    else if (f & (start ? WINFRAME_START_UNBOUNDED_FOLLOWING : WINFRAME_END_UNBOUNDED_FOLLOWING))
        strbuf_puts(sb, "UNBOUNDED FOLLOWING");
    else if (f & (start ? WINFRAME_START_CURRENT_ROW : WINFRAME_END_CURRENT_ROW))
        strbuf_puts(sb, "CURRENT ROW");
    else {
        expr_text(off, in, sb);
        strbuf_puts(sb,
                    (f & (start ? WINFRAME_START_OFFSET_PRECEDING : WINFRAME_END_OFFSET_PRECEDING))
                        ? " PRECEDING"
                        : " FOLLOWING");
    }
}

/* "Functions: ...", "Partition By: ...", "Order By: ...", "Frame: ..." */
static void window_details(Out *o, const PlanNode *n, int depth)
{
    const WindowSpec *ws = &n->u.window.spec;
    const PlanNode *in = n->left;
    StrBuf sb;
    for (int line = 0; line < 4; line++) {
        strbuf_init(&sb, o->arena);
        for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&sb, ' ');
        if (line == 0) {
            strbuf_puts(&sb, "Functions: ");
            for (int f = 0; f < n->u.window.nfuncs; f++) {
                const WinCall *c = &n->u.window.funcs[f];
                strbuf_printf(&sb, "%s%s(", f ? ", " : "", win_func_name(c));
                if (c->kind == WIN_AGG) {
                    if (c->agg.kind == AGG_COUNT_STAR) strbuf_putc(&sb, '*');
                    if (c->agg.arg) expr_text(c->agg.arg, in, &sb);
                } else {
                    for (int a = 0; a < c->nargs; a++) {
                        if (a) strbuf_puts(&sb, ", ");
                        expr_text(c->args[a], in, &sb);
                    }
                }
                strbuf_putc(&sb, ')');
            }
        } else if (line == 1) {
            if (ws->npart == 0) continue;
            strbuf_puts(&sb, "Partition By: ");
            for (int k = 0; k < ws->npart; k++) {
                if (k) strbuf_puts(&sb, ", ");
                expr_text(ws->part[k], in, &sb);
            }
        } else if (line == 2) {
            if (ws->norder == 0) continue;
            strbuf_puts(&sb, "Order By: ");
            for (int k = 0; k < ws->norder; k++) {
                if (k) strbuf_puts(&sb, ", ");
                expr_text(ws->order[k].expr, in, &sb);
                if (ws->order[k].desc) strbuf_puts(&sb, " DESC");
                if (ws->order[k].nulls_first != ws->order[k].desc)
                    strbuf_puts(&sb, ws->order[k].nulls_first ? " NULLS FIRST" : " NULLS LAST");
            }
        } else {
            int f = ws->frame;
            strbuf_puts(&sb, "Frame: ");
            strbuf_puts(&sb, (f & WINFRAME_ROWS)     ? "ROWS"
                             : (f & WINFRAME_GROUPS) ? "GROUPS"
                                                     : "RANGE");
            strbuf_puts(&sb, " BETWEEN ");
            frame_bound_text(&sb, f, true, ws->start_offset, in);
            strbuf_puts(&sb, " AND ");
            frame_bound_text(&sb, f, false, ws->end_offset, in);
            if (f & WINFRAME_EXCLUDE_CURRENT_ROW) strbuf_puts(&sb, " EXCLUDE CURRENT ROW");
            if (f & WINFRAME_EXCLUDE_GROUP) strbuf_puts(&sb, " EXCLUDE GROUP");
            if (f & WINFRAME_EXCLUDE_TIES) strbuf_puts(&sb, " EXCLUDE TIES");
        }
        emit(o, sb.data);
    }
}

static void walk_title(Out *o, const PlanNode *n, const Operator *op, int depth);
static void walk_body(Out *o, const PlanNode *n, const Operator *op, int depth);

static void walk(Out *o, const PlanNode *n, const Operator *op, int depth)
{
    if (n->kind == PLAN_MODIFY_CTE) {
        /* the statement's plan, with its data-modifying WITH queries beneath
         * its top line, as PostgreSQL prints them ("CTE name"); they run first */
        const PlanNode *main = n;
        const Operator *main_op = op;
        while (main->kind == PLAN_MODIFY_CTE) {
            main = main->right;
            main_op = main_op ? main_op->right : NULL;
        }
        walk_title(o, main, main_op, depth);
        const Operator *c_op = op;
        for (const PlanNode *c = n; c->kind == PLAN_MODIFY_CTE; c = c->right) {
            text_line(o, depth, NULL, arena_sprintf(o->arena, "CTE %s", c->u.modify_cte.cte_name));
            walk(o, c->left, c_op ? c_op->left : NULL, depth + 1);
            c_op = c_op ? c_op->right : NULL;
        }
        walk_body(o, main, main_op, depth);
        return;
    }
    walk_title(o, n, op, depth);
    walk_body(o, n, op, depth);
}

/* The first line of a node: its title, estimate and (ANALYZE) actual figures. */
static void walk_title(Out *o, const PlanNode *n, const Operator *op, int depth)
{
    StrBuf sb;
    strbuf_init(&sb, o->arena);
    for (int i = 0; i < depth * 6 - 4 && depth > 0; i++) strbuf_putc(&sb, ' ');
    if (depth > 0) strbuf_puts(&sb, "->  ");
    strbuf_printf(&sb, "%s  (rows=%.0f)", node_title(n, o->arena), n->est_rows);
    if (op) {
        strbuf_printf(&sb, " (actual rows=%llu loops=%llu time=%.3f ms)",
                      (unsigned long long)op->rows_out, (unsigned long long)op->loops,
                      (double)op->time_ns / 1e6);
    }
    emit(o, sb.data);
}

/* A node's detail lines, its children and its SubPlans. */
static void walk_body(Out *o, const PlanNode *n, const Operator *op, int depth)
{
    const SubPlan *subs[32];
    int nsubs = 0;
    const PlanNode *in = n->left;
    switch (n->kind) {
    case PLAN_SEQ_SCAN:
    case PLAN_INDEX_SCAN:
        if (n->kind == PLAN_INDEX_SCAN && n->u.scan.index_cond)
            detail(o, depth, "Index Cond", n->u.scan.index_cond, n);
        if (n->explain_note) text_line(o, depth, "Access", n->explain_note);
        if (n->u.scan.filter) {
            detail(o, depth, "Filter", n->u.scan.filter, n);
            collect_subplans(n->u.scan.filter, subs, &nsubs);
        }
        break;
    case PLAN_FILTER:
        detail(o, depth, "Filter", n->u.filter.pred, in);
        collect_subplans(n->u.filter.pred, subs, &nsubs);
        break;
    case PLAN_PROJECT:
        for (int i = 0; i < n->ncols; i++) collect_subplans(n->u.project.exprs[i], subs, &nsubs);
        break;
    case PLAN_HASH_JOIN:
        for (int k = 0; k < n->u.hash_join.nkeys; k++) {
            StrBuf kb;
            strbuf_init(&kb, o->arena);
            for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&kb, ' ');
            strbuf_puts(&kb, "Hash Cond: (");
            expr_text(n->u.hash_join.left_keys[k], n->left, &kb);
            strbuf_puts(&kb, " = ");
            expr_text(n->u.hash_join.right_keys[k], n->right, &kb);
            strbuf_putc(&kb, ')');
            emit(o, kb.data);
        }
        if (n->u.hash_join.extra) detail(o, depth, "Join Filter", n->u.hash_join.extra, NULL);
        if (n->explain_note) text_line(o, depth, "Note", n->explain_note);
        break;
    case PLAN_NL_JOIN:
        if (n->u.nl_join.cond) detail(o, depth, "Join Filter", n->u.nl_join.cond, NULL);
        if (n->explain_note) text_line(o, depth, "Note", n->explain_note);
        if (n->u.nl_join.nparams > 0) { /* LATERAL: what the right side's $n are */
            StrBuf a;
            strbuf_init(&a, o->arena);
            for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&a, ' ');
            strbuf_puts(&a, "Lateral Parameters:");
            for (int k = 0; k < n->u.nl_join.nparams; k++) {
                strbuf_printf(&a, "%s $%d = ", k ? "," : "", k + 1);
                expr_text(n->u.nl_join.params[k], n->left, &a);
            }
            emit(o, a.data);
        }
        break;
    case PLAN_HASH_AGG:
        if (n->u.agg.nsets > 0) {
            /* one line per grouping set, as PostgreSQL: "Hash Key: a, b", "Group Key: ()" */
            for (int s = 0; s < n->u.agg.nsets; s++) {
                const AggGroupingSet *set = &n->u.agg.sets[s];
                StrBuf kb;
                strbuf_init(&kb, o->arena);
                for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&kb, ' ');
                strbuf_puts(&kb, set->nkeys > 0 ? "Hash Key: " : "Group Key: ()");
                for (int k = 0; k < set->nkeys; k++) {
                    if (k > 0) strbuf_puts(&kb, ", ");
                    expr_text(n->u.agg.group_keys[set->keys[k]], in, &kb);
                }
                emit(o, kb.data);
            }
            break;
        }
        for (int g = 0; g < n->u.agg.ngroup; g++)
            detail(o, depth, "Group Key", n->u.agg.group_keys[g], in);
        break;
    case PLAN_SORT:
        for (int k = 0; k < n->u.sort.nkeys; k++) {
            StrBuf kb;
            strbuf_init(&kb, o->arena);
            for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&kb, ' ');
            strbuf_puts(&kb, "Sort Key: ");
            expr_text(n->u.sort.keys[k].expr, in, &kb);
            if (n->u.sort.keys[k].desc) strbuf_puts(&kb, " DESC");
            if (n->u.sort.keys[k].nulls_first != n->u.sort.keys[k].desc)
                strbuf_puts(&kb, n->u.sort.keys[k].nulls_first ? " NULLS FIRST" : " NULLS LAST");
            emit(o, kb.data);
        }
        break;
    case PLAN_LIMIT:
        if (n->u.limit.nties > 0) { /* FETCH FIRST ... WITH TIES: the keys rows tie on */
            StrBuf kb;
            strbuf_init(&kb, o->arena);
            for (int i = 0; i < depth * 6 + 2; i++) strbuf_putc(&kb, ' ');
            strbuf_puts(&kb, "With Ties: ");
            for (int k = 0; k < n->u.limit.nties; k++) {
                if (k > 0) strbuf_puts(&kb, ", ");
                expr_text(n->u.limit.ties[k], in, &kb);
            }
            emit(o, kb.data);
        }
        break;
    case PLAN_WINDOW:
        window_details(o, n, depth);
        break;
    case PLAN_PROJECT_SET:
        for (int j = 0; j < n->u.project_set.ncalls; j++)
            for (int a = 0; a < n->u.project_set.calls[j].nargs; a++)
                collect_subplans(n->u.project_set.calls[j].args[a], subs, &nsubs);
        break;
    default:
        break;
    }
    if (n->left) walk(o, n->left, op ? op->left : NULL, depth + 1);
    if (n->right) walk(o, n->right, op ? op->right : NULL, depth + 1);
    for (int i = 0; i < nsubs; i++) {
        StrBuf a;
        strbuf_init(&a, o->arena);
        for (int k = 0; k < depth * 6 + 2; k++) strbuf_putc(&a, ' ');
        strbuf_printf(&a, "SubPlan %d%s", subs[i]->id,
                      subs[i]->correlated ? " (correlated: runs per outer row; not unnested)"
                                          : " (runs once)");
        emit(o, a.data);
        walk(o, subs[i]->plan, NULL, depth + 1);
    }
}

void explain_plan(Arena *arena, const PlanNode *plan, const Operator *root, const char ***lines,
                  int *nlines)
{
    Out o = {arena, lines, nlines, *nlines};
    walk(&o, plan, root, 0);
}
