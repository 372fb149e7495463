/*
 * catalog_fkey.c — FOREIGN KEY constraints in the catalog.
 *
 * A foreign key lives with its referencing table (CatTable.fkeys) and names
 * the referenced table and unique constraint by OID, so that renaming or
 * reordering never leaves a dangling pointer. The referenced side is found by
 * scanning every table's keys (a handful of tables; DDL and the row checks of
 * exec/fk_check.c run under the catalog lock). Invariant: the referenced
 * table and index named by a foreign key exist as long as the key does —
 * DROP TABLE refuses (or, with CASCADE, removes the key) and DROP INDEX refuses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "catalog/sysview.h"
#include "common/strbuf.h"

static bool constraint_name_taken(const CatTable *t, const char *name)
{
    for (int i = 0; i < t->ncons; i++)
        if (t->cons[i].kind != CONSTR_INDEX && strcmp(t->cons[i].name, name) == 0) return true;
    for (int i = 0; i < t->nfkeys; i++)
        if (strcmp(t->fkeys[i].name, name) == 0) return true;
    return false;
}

/* PostgreSQL's choice for a foreign key: "<table>_<col>_<col>_fkey", then fkey1, ... */
static void choose_name(const CatTable *t, const CatForeignKey *fk, char *out)
{
    char cols[256];
    size_t len = 0;
    cols[0] = 0;
    for (int i = 0; i < fk->ncols; i++) {
        int w = snprintf(cols + len, sizeof(cols) - len, "%s%s", i ? "_" : "",
                         t->cols[fk->cols[i]].name);
        if (w < 0 || (size_t)w >= sizeof(cols) - len) break;
        len += (size_t)w;
    }
    catalog_make_object_name(t->name, cols, "fkey", out);
    for (int pass = 1; constraint_name_taken(t, out); pass++) {
        char label[32];
        snprintf(label, sizeof(label), "fkey%d", pass);
        catalog_make_object_name(t->name, cols, label, out);
    }
}

int catalog_fkey_add(Catalog *cat, CatTable *t, const CatForeignKey *fk, OmError *err)
{
    CatForeignKey copy = *fk;
    if (copy.name[0] == 0)
        choose_name(t, fk, copy.name);
    else if (constraint_name_taken(t, copy.name))
        return ERR(err, SQLSTATE_DUPLICATE_OBJECT,
                   "constraint \"%s\" for relation \"%s\" already exists", copy.name, t->name);
    CatForeignKey *arr = realloc(t->fkeys, sizeof(CatForeignKey) * (size_t)(t->nfkeys + 1));
    if (!arr) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    t->fkeys = arr;
    copy.oid = catalog_next_oid(cat);
    t->fkeys[t->nfkeys++] = copy;
    return 0;
}

int catalog_fkey_each_referencing(Catalog *cat, const CatTable *parent,
                                  int (*fn)(void *ctx, CatTable *child, const CatForeignKey *fk),
                                  void *ctx)
{
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        CatTable *c = catalog_table_at(cat, i);
        for (int k = 0; k < c->nfkeys; k++) {
            if (c->fkeys[k].ref_table != parent->oid) continue;
            int rc = fn(ctx, c, &c->fkeys[k]);
            if (rc != 0) return rc;
        }
    }
    return 0;
}

bool catalog_fkey_referenced(Catalog *cat, const CatTable *parent, CatTable **child,
                             const CatForeignKey **fk)
{
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        CatTable *c = catalog_table_at(cat, i);
        if (c == parent) continue;
        for (int k = 0; k < c->nfkeys; k++) {
            if (c->fkeys[k].ref_table != parent->oid) continue;
            if (child) *child = c;
            if (fk) *fk = &c->fkeys[k];
            return true;
        }
    }
    return false;
}

int catalog_fkey_drop_referencing(Catalog *cat, const CatTable *parent)
{
    int dropped = 0;
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        CatTable *c = catalog_table_at(cat, i);
        if (c == parent) continue;
        int kept = 0;
        for (int k = 0; k < c->nfkeys; k++) {
            if (c->fkeys[k].ref_table == parent->oid) {
                catalog_comment_forget(cat, CAT_CLASS_CONSTRAINT, c->fkeys[k].oid);
                dropped++;
                continue;
            }
            c->fkeys[kept++] = c->fkeys[k];
        }
        c->nfkeys = kept;
    }
    return dropped;
}

bool catalog_fkey_uses_index(Catalog *cat, const CatTable *parent, Oid index_oid)
{
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        const CatTable *c = catalog_table_at(cat, i);
        for (int k = 0; k < c->nfkeys; k++)
            if (c->fkeys[k].ref_table == parent->oid && c->fkeys[k].ref_index == index_oid)
                return true;
    }
    return false;
}

/* An identifier as SQL would need it written (quote_ident rules, without the
 * keyword list: names that are keywords come out unquoted). */
static void put_ident(StrBuf *out, const char *id)
{
    bool plain = (id[0] >= 'a' && id[0] <= 'z') || id[0] == '_';
    for (const char *p = id; *p && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (plain) {
        strbuf_puts(out, id);
        return;
    }
    strbuf_putc(out, '"');
    for (const char *p = id; *p; p++) {
        if (*p == '"') strbuf_putc(out, '"');
        strbuf_putc(out, *p);
    }
    strbuf_putc(out, '"');
}

bool catalog_relation_name(void *ctx, Oid oid, StrBuf *out)
{
    Catalog *cat = ctx;
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(cat, i);
        const char *name = t->oid == oid ? t->name : NULL;
        for (int c = 0; c < t->ncons && !name; c++)
            if (t->cons[c].index_oid == oid) name = t->cons[c].name;
        if (!name) continue;
        if (t->schema->oid != OID_NAMESPACE_PUBLIC && t->schema->oid != OID_NAMESPACE_PG_CATALOG) {
            put_ident(out, t->schema->name);
            strbuf_putc(out, '.');
        }
        put_ident(out, name);
        return true;
    }
    const CatSequence *s = catalog_sequence_by_oid(cat, oid);
    const CatView *v = s ? NULL : catalog_view_by_oid(cat, oid);
    if (s || v) {
        const CatSchema *sch = s ? s->schema : v->schema;
        if (sch->oid != OID_NAMESPACE_PUBLIC) {
            put_ident(out, sch->name);
            strbuf_putc(out, '.');
        }
        put_ident(out, s ? s->name : v->name);
        return true;
    }
    /* a system view: pg_catalog's unqualified */
    for (int i = 0; i < sysview_count(); i++) {
        const char *schema, *name;
        Oid view_oid;
        sysview_at(i, &schema, &name, &view_oid);
        if (view_oid != oid) continue;
        if (strcmp(schema, "pg_catalog") != 0) {
            put_ident(out, schema);
            strbuf_putc(out, '.');
        }
        put_ident(out, name);
        return true;
    }
    return false;
}