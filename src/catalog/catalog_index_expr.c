/*
 * catalog_index_expr.c — what a plain index records beyond its key columns:
 * its access method, expression keys, operator classes and WHERE predicate
 * (CatIndexExpr, catalog.h).
 *
 * Invariants: a table owns the extras of its indexes (t->ixexprs, at most one
 * per index OID); a key k of an index with cols[k] == -1 has keys[k].bind_sql
 * set. Nothing here evaluates an expression: a plain index is a description
 * (sql/sql_index_expr.c binds and prints the texts), and a unique index with
 * an expression key or a predicate ("computed") is built and enforced by the
 * SQL and exec layers from these texts (sql/sql_index_unique.c,
 * exec/unique_keys.c).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

static const struct {
    const char *name;
    Oid oid; /* pg_am.oid in PostgreSQL 15 */
} am_names[CAT_AM_COUNT] = {
    [CAT_AM_BTREE] = {"btree", 403},    [CAT_AM_HASH] = {"hash", 405},
    [CAT_AM_GIST] = {"gist", 783},      [CAT_AM_GIN] = {"gin", 2742},
    [CAT_AM_SPGIST] = {"spgist", 4000}, [CAT_AM_BRIN] = {"brin", 3580},
};

const char *catalog_index_am_name(int am)
{
    return am >= 0 && am < CAT_AM_COUNT ? am_names[am].name : "btree";
}

Oid catalog_index_am_oid(int am)
{
    return am >= 0 && am < CAT_AM_COUNT ? am_names[am].oid : 403;
}

int catalog_index_am_by_name(const char *name)
{
    for (int i = 0; i < CAT_AM_COUNT; i++)
        if (strcmp(am_names[i].name, name) == 0) return i;
    return -1;
}

const CatIndexExpr *catalog_index_expr(const CatTable *t, Oid index_oid)
{
    for (int i = 0; i < t->nixexprs; i++)
        if (t->ixexprs[i].index_oid == index_oid) return &t->ixexprs[i];
    return NULL;
}

bool catalog_index_expr_computed(const CatIndexExpr *x, int ncols, const int *cols)
{
    if (x->pred.bind_sql) return true;
    for (int k = 0; k < ncols; k++)
        if (cols[k] < 0) return true;
    return false;
}

bool catalog_index_computed(const CatTable *t, const CatConstraint *con)
{
    const CatIndexExpr *x =
        con->kind == CONSTR_INDEX ? catalog_index_expr(t, con->index_oid) : NULL;
    return x && catalog_index_expr_computed(x, con->ncols, con->cols);
}

int catalog_index_expr_add(CatTable *t, const CatIndexExpr *x)
{
    CatIndexExpr *arr = realloc(t->ixexprs, sizeof(CatIndexExpr) * (size_t)(t->nixexprs + 1));
    if (!arr) return -1;
    t->ixexprs = arr;
    t->ixexprs[t->nixexprs++] = *x;
    return 0;
}

void catalog_index_expr_fini(CatIndexExpr *x)
{
    for (int k = 0; k < 16; k++) catalog_check_free_strings(&x->keys[k]);
    catalog_check_free_strings(&x->pred);
}

void catalog_index_expr_remove(CatTable *t, Oid index_oid)
{
    for (int i = 0; i < t->nixexprs; i++) {
        if (t->ixexprs[i].index_oid != index_oid) continue;
        catalog_index_expr_fini(&t->ixexprs[i]);
        memmove(&t->ixexprs[i], &t->ixexprs[i + 1],
                sizeof(CatIndexExpr) * (size_t)(t->nixexprs - i - 1));
        t->nixexprs--;
        return;
    }
}

void catalog_index_expr_free_all(CatTable *t)
{
    for (int i = 0; i < t->nixexprs; i++) catalog_index_expr_fini(&t->ixexprs[i]);
    free(t->ixexprs);
    t->ixexprs = NULL;
    t->nixexprs = 0;
}

static bool copy_check(CatCheck *dst, const CatCheck *src)
{
    *dst = *src;
    dst->bind_sql = dst->def_sql = dst->pretty_sql = NULL;
    if (src->bind_sql && !(dst->bind_sql = strdup(src->bind_sql))) return false;
    if (src->def_sql && !(dst->def_sql = strdup(src->def_sql))) return false;
    if (src->pretty_sql && !(dst->pretty_sql = strdup(src->pretty_sql))) return false;
    return true;
}

int catalog_index_expr_copy(const CatTable *t, CatTable *out)
{
    out->ixexprs = NULL;
    out->nixexprs = 0;
    if (t->nixexprs == 0) return 0;
    out->ixexprs = calloc((size_t)t->nixexprs, sizeof(CatIndexExpr));
    if (!out->ixexprs) return -1;
    out->nixexprs = t->nixexprs;
    bool ok = true;
    for (int i = 0; i < t->nixexprs; i++) {
        const CatIndexExpr *src = &t->ixexprs[i];
        CatIndexExpr *dst = &out->ixexprs[i];
        *dst = *src;
        for (int k = 0; k < 16; k++) memset(&dst->keys[k], 0, sizeof(CatCheck));
        memset(&dst->pred, 0, sizeof(CatCheck));
        for (int k = 0; k < 16 && ok; k++) ok = copy_check(&dst->keys[k], &src->keys[k]);
        if (ok) ok = copy_check(&dst->pred, &src->pred);
    }
    if (!ok) {
        catalog_index_expr_free_all(out);
        return -1;
    }
    return 0;
}
