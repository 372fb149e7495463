/*
 * sql_generated.c — generated columns (GENERATED ALWAYS AS (expr) STORED):
 * defining the expression, computing it for the rows that INSERT, COPY,
 * UPDATE and ON CONFLICT DO UPDATE write, and keeping its text right when
 * columns are renamed or retyped.
 *
 * The value is stored like any other column's (the WAL and checkpoints carry
 * it; nothing recomputes it on read). The expression may read the row's other
 * columns but no generated one, calls no volatile function, and is kept as a
 * CHECK constraint's three texts (sql_check.c), which the catalog views print
 * as PostgreSQL's pg_attrdef does. Writes compute it after every other value
 * of the row is known: INSERT and COPY over the whole new row (the insert
 * operator, exec/op_insert.c), UPDATE and ON CONFLICT DO UPDATE by adding the
 * column to the SET list with the expression over the new values (a column
 * the statement sets is read as the value it sets).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_registry.h"
#include "sql/sql_alter.h"
#include "sql/sql_generated.h"

static const char **column_names(StmtCtx *sc, const CatTable *t)
{
    const char **names = ARENA_NEW_ARRAY(sc->arena, const char *, t->ncols + 1);
    for (int c = 0; c < t->ncols; c++) names[c] = t->cols[c].name;
    return names;
}

static bool reads_generated(const Expr *x, const void *arg)
{
    const CatTable *t = arg;
    return x->kind == EXPR_VAR && x->u.var.attno >= 0 && x->u.var.attno < t->ncols &&
           t->cols[x->u.var.attno].generated;
}

/* 42P17 for a generated column or a volatile function in the expression. */
static int check_expr(StmtCtx *sc, const CatTable *t, const Expr *e)
{
    const Expr *g = sql_expr_find(e, reads_generated, t);
    if (g) {
        ERR(sc->err, SQLSTATE_INVALID_OBJECT_DEFINITION,
            "cannot use generated column \"%s\" in column generation expression",
            t->cols[g->u.var.attno].name);
        error_detail(sc->err, "A generated column cannot reference another generated column.");
        return -1;
    }
    if (sql_expr_calls_volatile(e))
        return ERR(sc->err, SQLSTATE_INVALID_OBJECT_DEFINITION,
                   "generation expression is not immutable");
    return 0;
}

/* Binds text or raw over t and coerces it to column c's type; *as_written
 * (may be NULL) receives it before the coercion, which is what the catalog
 * prints (PostgreSQL does not show the implicit cast either). */
static Expr *bind_gen(StmtCtx *sc, const CatTable *t, const CatColumn *c, PgQuery__Node *raw,
                      const char *text, const char *const *names, Expr **as_written)
{
    Expr *e = raw ? sql_bind_table_expr(sc, t, names, NULL, raw)
                  : sql_table_expr_load(sc, t, text, "generation expression", names);
    if (!e) return NULL;
    if (e->type.id == TYPE_UNKNOWN) e = bind_resolve_unknown(&sc->binder, e);
    if (!e) return NULL;
    if (as_written) *as_written = e;
    return sql_coerce_to_column(sc, e, c, -1, "default expression");
}

/* The texts of a generation expression as written (before the implicit cast
 * to the column's type, which PostgreSQL does not print either); under such a
 * cast PostgreSQL's pretty form keeps an operator's parentheses. */
static int gen_texts(StmtCtx *sc, const CatTable *t, const Expr *written, const Expr *coerced,
                     CatCheck *out)
{
    if (sql_check_texts(sc, written, column_names(sc, t), out) != 0) return -1;
    bool simple = written->kind == EXPR_VAR || written->kind == EXPR_CONST ||
                  written->kind == EXPR_PARAM || written->kind == EXPR_CASE ||
                  written->kind == EXPR_COALESCE ||
                  (written->kind == EXPR_FUNC && written->u.func.def &&
                   !(written->u.func.def->flags & FUNC_IS_OPERATOR));
    if (coerced == written || simple) return 0;
    size_t n = strlen(out->pretty_sql);
    char *wrapped = malloc(n + 3);
    if (!wrapped) {
        catalog_check_free_strings(out);
        return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    wrapped[0] = '(';
    memcpy(wrapped + 1, out->pretty_sql, n);
    memcpy(wrapped + 1 + n, ")", 2);
    free(out->pretty_sql);
    out->pretty_sql = wrapped;
    return 0;
}

Expr *sql_generated_define(StmtCtx *sc, const CatTable *t, const CatColumn *col,
                           PgQuery__Constraint *con, CatCheck **out)
{
    *out = NULL;
    Expr *written = NULL;
    Expr *e = bind_gen(sc, t, col, con->raw_expr, NULL, NULL, &written);
    if (!e || check_expr(sc, t, e) != 0) return NULL;
    CatCheck texts;
    memset(&texts, 0, sizeof(texts));
    if (gen_texts(sc, t, written, e, &texts) != 0) return NULL;
    bool oom = false;
    *out = catalog_gen_dup(&texts, &oom);
    catalog_check_free_strings(&texts);
    if (oom) {
        ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return NULL;
    }
    return e;
}

Expr *sql_generated_load(StmtCtx *sc, const CatTable *t, int col)
{
    const CatCheck *g = t->cols[col].gen;
    if (!g || !g->bind_sql) {
        ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "generated column \"%s\" has no expression",
            t->cols[col].name);
        return NULL;
    }
    return bind_gen(sc, t, &t->cols[col], NULL, g->bind_sql, NULL, NULL);
}

bool sql_table_has_generated(const CatTable *t)
{
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].generated) return true;
    return false;
}

int sql_bind_generated(StmtCtx *sc, const CatTable *t, Expr ***out)
{
    *out = NULL;
    Expr **gen = NULL;
    for (int c = 0; c < t->ncols; c++) {
        if (!t->cols[c].generated) continue;
        if (!gen) gen = ARENA_NEW_ARRAY(sc->arena, Expr *, t->ncols);
        Expr *e = sql_generated_load(sc, t, c);
        if (!e) return -1;
        gen[c] = sql_translate_table_expr(sc, t, e);
        if (!gen[c]) return -1;
    }
    *out = gen;
    return 0;
}

/* A copy of e (over the table, EXPR_VAR rte 0) reading the row a SET writes:
 * a column it sets is that value, any other the target's column (rte). */
static Expr *substitute(Arena *a, const Expr *e, int rte, int nset, const int *set_cols,
                        Expr *const *set_exprs)
{
    if (e->kind == EXPR_VAR && e->u.var.levelsup == 0) {
        for (int i = 0; i < nset; i++)
            if (set_cols[i] == e->u.var.attno) return expr_copy(a, set_exprs[i]);
        Expr *v = expr_copy(a, e);
        v->u.var.rte = rte;
        return v;
    }
    Expr *x = ARENA_NEW(a, Expr);
    *x = *e;
    if (e->nargs > 0) {
        x->args = ARENA_NEW_ARRAY(a, Expr *, e->nargs);
        for (int i = 0; i < e->nargs; i++)
            x->args[i] =
                e->args[i] ? substitute(a, e->args[i], rte, nset, set_cols, set_exprs) : NULL;
    }
    return x;
}

int sql_generated_for_set(StmtCtx *sc, const CatTable *t, int rte, int nset, const int *set_cols,
                          Expr *const *set_exprs, int *ngen, int *gen_cols, Expr **gen_exprs)
{
    *ngen = 0;
    for (int c = 0; c < t->ncols; c++) {
        if (!t->cols[c].generated) continue;
        Expr *e = sql_generated_load(sc, t, c);
        if (!e) return -1;
        gen_cols[*ngen] = c;
        gen_exprs[*ngen] = substitute(sc->arena, e, rte, nset, set_cols, set_exprs);
        (*ngen)++;
    }
    return 0;
}

int sql_generated_refuse_write(StmtCtx *sc, const CatColumn *col, bool update)
{
    if (!col->generated) return 0;
    if (update)
        ERR(sc->err, SQLSTATE_GENERATED_ALWAYS, "column \"%s\" can only be updated to DEFAULT",
            col->name);
    else
        ERR(sc->err, SQLSTATE_GENERATED_ALWAYS,
            "cannot insert a non-DEFAULT value into column \"%s\"", col->name);
    error_detail(sc->err, "Column \"%s\" is a generated column.", col->name);
    return -1;
}

int sql_generated_user(StmtCtx *sc, const CatTable *t, int col)
{
    for (int c = 0; c < t->ncols; c++) {
        if (!t->cols[c].generated || c == col) continue;
        OmError saved = *sc->err;
        Expr *e = sql_generated_load(sc, t, c);
        if (!e) {
            *sc->err = saved;
            return c; /* cannot tell: treat as dependent */
        }
        if (sql_expr_uses_column(e, col)) return c;
    }
    return -1;
}

int sql_generated_refresh(StmtCtx *sc, CatTable *t, const char *const *old_names)
{
    for (int c = 0; c < t->ncols; c++) {
        CatCheck *g = t->cols[c].gen;
        if (!t->cols[c].generated || !g) continue;
        Expr *written = NULL;
        Expr *e = bind_gen(sc, t, &t->cols[c], NULL, g->bind_sql, old_names, &written);
        if (!e) return -1;
        CatCheck fresh = *g;
        if (gen_texts(sc, t, written, e, &fresh) != 0) return -1;
        catalog_check_free_strings(g);
        g->bind_sql = fresh.bind_sql;
        g->def_sql = fresh.def_sql;
        g->pretty_sql = fresh.pretty_sql;
    }
    return 0;
}
