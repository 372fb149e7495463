/*
 * catalog_comment.c — the comments of COMMENT ON (sql/sql_comment.c): what
 * pg_description and pg_shdescription show and obj_description,
 * col_description and shobj_description return.
 *
 * Where a comment lives:
 *   - on a column of a table or view: CatColumn.comment (malloc'd). It moves
 *     with the column (renames, the attnums of DROP COLUMN, ALTER TABLE's
 *     journal copies it) and goes with it; its pg_description row is
 *     (1259, relation OID, attnum).
 *   - on anything else: an entry (classoid, objoid) in the catalog's list,
 *     classoid being the system catalog of the object as in PostgreSQL —
 *     CAT_CLASS_RELATION for tables, views, sequences and indexes,
 *     CAT_CLASS_CONSTRAINT, CAT_CLASS_NAMESPACE, and the shared
 *     CAT_CLASS_DATABASE / CAT_CLASS_AUTHID (pg_shdescription). `rel` is the
 *     relation the object belongs to (itself, or an index's or constraint's
 *     table; 0 for schemas and shared objects).
 * Invariant: an entry's object exists. The catalog removes entries when it
 * unlinks their object (tables, views, sequences and everything of a
 * relation through catalog_comment_forget_rel; schemas, plain indexes and
 * foreign keys dropped with another table through catalog_comment_forget);
 * ALTER TABLE, which removes keys, checks and foreign keys under a journal
 * that may put them back, calls catalog_comment_prune_table once it has
 * succeeded. OIDs are never reused, so a comment cannot move to another
 * object.
 *
 * Durability: COMMENT is a DDL statement, logged as its SQL text and kept in
 * the checkpoint's DDL history like every other catalog change; replay runs
 * it again on the same OIDs. Callers hold the catalog lock (exclusively to
 * change comments).
 */
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

static int find(const Catalog *cat, Oid classoid, Oid objoid)
{
    for (int i = 0; i < cat->ncomments; i++)
        if (cat->comments[i].classoid == classoid && cat->comments[i].objoid == objoid) return i;
    return -1;
}

static void remove_at(Catalog *cat, int i)
{
    free(cat->comments[i].text);
    memmove(&cat->comments[i], &cat->comments[i + 1],
            sizeof(CatComment) * (size_t)(cat->ncomments - i - 1));
    cat->ncomments--;
}

int catalog_comment_set(Catalog *cat, Oid classoid, Oid objoid, Oid rel, const char *text,
                        OmError *err)
{
    int i = find(cat, classoid, objoid);
    if (!text || !text[0]) {
        if (i >= 0) remove_at(cat, i);
        return 0;
    }
    char *dup = strdup(text);
    if (!dup) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (i >= 0) {
        free(cat->comments[i].text);
        cat->comments[i].text = dup;
        return 0;
    }
    if (cat->ncomments == cat->cap_comments) {
        int cap = cat->cap_comments ? cat->cap_comments * 2 : 16;
        CatComment *arr = realloc(cat->comments, sizeof(CatComment) * (size_t)cap);
        if (!arr) {
            free(dup);
            return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
        cat->comments = arr;
        cat->cap_comments = cap;
    }
    cat->comments[cat->ncomments++] = (CatComment){classoid, objoid, rel, dup};
    return 0;
}

const char *catalog_comment_get(Catalog *cat, Oid classoid, Oid objoid)
{
    int i = find(cat, classoid, objoid);
    return i >= 0 ? cat->comments[i].text : NULL;
}

int catalog_comment_count(Catalog *cat)
{
    return cat->ncomments;
}

const CatComment *catalog_comment_at(Catalog *cat, int i)
{
    return &cat->comments[i];
}

void catalog_comment_forget(Catalog *cat, Oid classoid, Oid objoid)
{
    int i = find(cat, classoid, objoid);
    if (i >= 0) remove_at(cat, i);
}

void catalog_comment_forget_rel(Catalog *cat, Oid rel)
{
    for (int i = cat->ncomments - 1; i >= 0; i--)
        if (cat->comments[i].rel == rel) remove_at(cat, i);
}

/* True if t still has the index (classoid 1259) or constraint (2606) objoid. */
static bool table_has(const CatTable *t, Oid classoid, Oid objoid)
{
    if (classoid == CAT_CLASS_RELATION) {
        if (objoid == t->oid) return true;
        for (int k = 0; k < t->ncons; k++)
            if (t->cons[k].index_oid == objoid) return true;
        return false;
    }
    for (int k = 0; k < t->ncons; k++)
        if (t->cons[k].kind != CONSTR_INDEX && t->cons[k].oid == objoid) return true;
    for (int k = 0; k < t->nfkeys; k++)
        if (t->fkeys[k].oid == objoid) return true;
    for (int k = 0; k < t->nchecks; k++)
        if (t->checks[k].oid == objoid) return true;
    return false;
}

void catalog_comment_prune_table(Catalog *cat, const CatTable *t)
{
    for (int i = cat->ncomments - 1; i >= 0; i--) {
        const CatComment *c = &cat->comments[i];
        if (c->rel == t->oid && !table_has(t, c->classoid, c->objoid)) remove_at(cat, i);
    }
}

void catalog_comment_free_all(Catalog *cat)
{
    for (int i = 0; i < cat->ncomments; i++) free(cat->comments[i].text);
    free(cat->comments);
    cat->comments = NULL;
    cat->ncomments = cat->cap_comments = 0;
}

int catalog_column_comment_set(CatColumn *c, const char *text, OmError *err)
{
    char *dup = NULL;
    if (text && text[0] && !(dup = strdup(text)))
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    free(c->comment);
    c->comment = dup;
    return 0;
}

const char *catalog_column_comment(Catalog *cat, Oid rel, int attnum)
{
    const CatTable *t = catalog_table_by_oid(cat, rel);
    if (t) return attnum >= 1 && attnum <= t->ncols ? t->cols[attnum - 1].comment : NULL;
    const CatView *v = catalog_view_by_oid(cat, rel);
    if (v) return attnum >= 1 && attnum <= v->ncols ? v->cols[attnum - 1].comment : NULL;
    return NULL;
}
