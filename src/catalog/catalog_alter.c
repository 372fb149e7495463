/*
 * catalog_alter.c — CHECK constraints in the catalog, constraint names, and
 * the save/restore of a table's description that makes ALTER TABLE atomic.
 *
 * Names: PostgreSQL's ChooseConstraintName picks "<table>_<col>_check" and
 * then "..._check1", "..._check2" until no constraint of the schema has the
 * name; a name given by the user must not be used by another constraint of
 * the same table (42710).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"

void catalog_check_free_strings(CatCheck *chk)
{
    free(chk->bind_sql);
    free(chk->def_sql);
    free(chk->pretty_sql);
    chk->bind_sql = chk->def_sql = chk->pretty_sql = NULL;
}

CatCheck *catalog_gen_dup(const CatCheck *gen, bool *oom)
{
    if (!gen) return NULL;
    CatCheck *out = calloc(1, sizeof(CatCheck));
    if (out) {
        *out = *gen;
        out->bind_sql = gen->bind_sql ? strdup(gen->bind_sql) : NULL;
        out->def_sql = gen->def_sql ? strdup(gen->def_sql) : NULL;
        out->pretty_sql = gen->pretty_sql ? strdup(gen->pretty_sql) : NULL;
        if ((gen->bind_sql && !out->bind_sql) || (gen->def_sql && !out->def_sql) ||
            (gen->pretty_sql && !out->pretty_sql)) {
            catalog_gen_free(out);
            out = NULL;
        }
    }
    if (!out) *oom = true;
    return out;
}

void catalog_gen_free(CatCheck *gen)
{
    if (!gen) return;
    catalog_check_free_strings(gen);
    free(gen);
}

bool catalog_table_has_constraint(const CatTable *t, const char *name)
{
    for (int i = 0; i < t->ncons; i++)
        if (t->cons[i].kind != CONSTR_INDEX && strcmp(t->cons[i].name, name) == 0) return true;
    for (int i = 0; i < t->nfkeys; i++)
        if (strcmp(t->fkeys[i].name, name) == 0) return true;
    for (int i = 0; i < t->nchecks; i++)
        if (strcmp(t->checks[i].name, name) == 0) return true;
    return false;
}

bool catalog_constraint_name_used(Catalog *cat, const CatSchema *schema, const char *name)
{
    for (int i = 0; i < catalog_table_count(cat); i++) {
        CatTable *t = catalog_table_at(cat, i);
        if (t->schema == schema && catalog_table_has_constraint(t, name)) return true;
    }
    return false;
}

static char *dup_or_null(const char *s, bool *oom)
{
    if (!s) return NULL;
    char *d = strdup(s);
    if (!d) *oom = true;
    return d;
}

int catalog_check_add(Catalog *cat, CatTable *t, const CatCheck *chk, OmError *err)
{
    CatCheck c = *chk;
    if (c.name[0]) {
        if (catalog_table_has_constraint(t, c.name))
            return ERR(err, SQLSTATE_DUPLICATE_OBJECT,
                       "constraint \"%s\" for relation \"%s\" already exists", c.name, t->name);
    } else {
        const char *col = chk->name_col[0] ? chk->name_col : NULL;
        catalog_make_object_name(t->name, col, "check", c.name);
        for (int pass = 1; catalog_constraint_name_used(cat, t->schema, c.name); pass++) {
            char label[32];
            snprintf(label, sizeof(label), "check%d", pass);
            catalog_make_object_name(t->name, col, label, c.name);
        }
    }
    bool oom = false;
    c.bind_sql = dup_or_null(chk->bind_sql, &oom);
    c.def_sql = dup_or_null(chk->def_sql, &oom);
    c.pretty_sql = dup_or_null(chk->pretty_sql, &oom);
    CatCheck *arr = oom ? NULL : realloc(t->checks, sizeof(CatCheck) * (size_t)(t->nchecks + 1));
    if (!arr) {
        catalog_check_free_strings(&c);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    t->checks = arr;
    c.oid = catalog_next_oid(cat);
    t->checks[t->nchecks++] = c;
    return 0;
}

void catalog_check_remove(CatTable *t, int i)
{
    if (i < 0 || i >= t->nchecks) return;
    catalog_check_free_strings(&t->checks[i]);
    memmove(&t->checks[i], &t->checks[i + 1], sizeof(CatCheck) * (size_t)(t->nchecks - i - 1));
    t->nchecks--;
}

int catalog_table_meta_save(const CatTable *t, CatTable *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->name, t->name, sizeof(out->name));
    out->ncols = t->ncols;
    out->ncons = t->ncons;
    out->nfkeys = t->nfkeys;
    out->nchecks = t->nchecks;
    out->cols = calloc((size_t)(t->ncols > 0 ? t->ncols : 1), sizeof(CatColumn));
    out->cons = calloc((size_t)(t->ncons > 0 ? t->ncons : 1), sizeof(CatConstraint));
    out->fkeys = calloc((size_t)(t->nfkeys > 0 ? t->nfkeys : 1), sizeof(CatForeignKey));
    out->checks = calloc((size_t)(t->nchecks > 0 ? t->nchecks : 1), sizeof(CatCheck));
    bool oom = !out->cols || !out->cons || !out->fkeys || !out->checks;
    if (!oom) {
        if (t->ncols) memcpy(out->cols, t->cols, sizeof(CatColumn) * (size_t)t->ncols);
        if (t->ncons) memcpy(out->cons, t->cons, sizeof(CatConstraint) * (size_t)t->ncons);
        if (t->nfkeys) memcpy(out->fkeys, t->fkeys, sizeof(CatForeignKey) * (size_t)t->nfkeys);
        if (t->nchecks) memcpy(out->checks, t->checks, sizeof(CatCheck) * (size_t)t->nchecks);
        for (int i = 0; i < t->ncols; i++) {
            out->cols[i].default_sql = dup_or_null(t->cols[i].default_sql, &oom);
            out->cols[i].comment = dup_or_null(t->cols[i].comment, &oom);
            out->cols[i].gen = catalog_gen_dup(t->cols[i].gen, &oom);
        }
        for (int i = 0; i < t->nchecks; i++) {
            out->checks[i].bind_sql = dup_or_null(t->checks[i].bind_sql, &oom);
            out->checks[i].def_sql = dup_or_null(t->checks[i].def_sql, &oom);
            out->checks[i].pretty_sql = dup_or_null(t->checks[i].pretty_sql, &oom);
        }
        if (!oom && catalog_index_expr_copy(t, out) != 0) oom = true;
    }
    if (oom) {
        catalog_table_meta_free(out);
        return -1;
    }
    return 0;
}

void catalog_table_meta_free(CatTable *saved)
{
    if (saved->cols)
        for (int i = 0; i < saved->ncols; i++) {
            free(saved->cols[i].default_sql);
            free(saved->cols[i].comment);
            catalog_gen_free(saved->cols[i].gen);
        }
    if (saved->checks)
        for (int i = 0; i < saved->nchecks; i++) catalog_check_free_strings(&saved->checks[i]);
    free(saved->cols);
    free(saved->cons);
    free(saved->fkeys);
    free(saved->checks);
    catalog_index_expr_free_all(saved);
    memset(saved, 0, sizeof(*saved));
}

void catalog_table_meta_restore(CatTable *t, CatTable *saved)
{
    CatTable cur;
    memset(&cur, 0, sizeof(cur));
    cur.ncols = t->ncols;
    cur.cols = t->cols;
    cur.cons = t->cons;
    cur.fkeys = t->fkeys;
    cur.nchecks = t->nchecks;
    cur.checks = t->checks;
    cur.nixexprs = t->nixexprs;
    cur.ixexprs = t->ixexprs;
    catalog_table_meta_free(&cur);
    memcpy(t->name, saved->name, sizeof(t->name));
    t->ncols = saved->ncols;
    t->cols = saved->cols;
    t->ncons = saved->ncons;
    t->cons = saved->cons;
    t->nfkeys = saved->nfkeys;
    t->fkeys = saved->fkeys;
    t->nchecks = saved->nchecks;
    t->checks = saved->checks;
    t->nixexprs = saved->nixexprs;
    t->ixexprs = saved->ixexprs;
    memset(saved, 0, sizeof(*saved));
}

int catalog_check_columns(const CatTable *t, const CatCheck *chk, int *cols, int max)
{
    bool *used = calloc((size_t)(t->ncols > 0 ? t->ncols : 1), sizeof(bool));
    if (!used) return 0;
    const char *s = chk->bind_sql ? chk->bind_sql : "";
    while (*s) {
        if (*s == '\'') { /* a literal: skip it ('' inside) */
            for (s++; *s; s++)
                if (*s == '\'' && s[1] != '\'')
                    break;
                else if (*s == '\'')
                    s++;
            if (*s) s++;
            continue;
        }
        char id[CATALOG_NAME_MAX];
        size_t n = 0;
        if (*s == '"') {
            for (s++; *s && !(*s == '"' && s[1] != '"'); s++) {
                if (*s == '"') s++;
                if (n + 1 < sizeof(id)) id[n++] = *s;
            }
            if (*s) s++;
        } else if ((*s >= 'a' && *s <= 'z') || *s == '_' || (*s & 0x80)) {
            while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
                   (*s & 0x80) || *s == '$') {
                if (n + 1 < sizeof(id)) id[n++] = *s;
                s++;
            }
        } else {
            s++;
            continue;
        }
        id[n] = 0;
        const char *p = s;
        while (*p == ' ') p++;
        if (*p == '(' || (s > chk->bind_sql + n && s[-(long)n - 1] == ':')) continue;
        int c = catalog_column_index(t, id);
        if (c >= 0) used[c] = true;
    }
    int k = 0;
    for (int c = 0; c < t->ncols && k < max; c++)
        if (used[c]) cols[k++] = c;
    free(used);
    return k;
}
