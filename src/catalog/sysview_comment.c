/*
 * sysview_comment.c — pg_description and pg_shdescription: the comments of
 * COMMENT ON (catalog_comment.c says where each kind is kept).
 *
 * pg_description: one row per comment on a relation (classoid 1259,
 * objsubid 0), a column of a table or view (1259, its attnum), a constraint
 * (2606) or a schema (2615). pg_shdescription: the database (1262) and roles
 * (1260). PostgreSQL also describes its built-in functions, types and
 * operators there; OmenDB has no such rows.
 */
#include "catalog/sysview_int.h"

static bool is_shared(Oid classoid)
{
    return classoid == CAT_CLASS_DATABASE || classoid == CAT_CLASS_AUTHID;
}

static void column_rows(SvBuilder *b, Oid rel, const CatColumn *cols, int ncols)
{
    for (int c = 0; c < ncols; c++) {
        if (!cols[c].comment) continue;
        sv_oid(b, rel);
        sv_oid(b, CAT_CLASS_RELATION);
        sv_int(b, cols[c].attnum);
        sv_str(b, cols[c].comment);
        sv_row_end(b);
    }
}

static int fill_description(SvBuilder *b)
{
    Catalog *cat = b->cat;
    for (int i = 0; i < catalog_comment_count(cat); i++) {
        const CatComment *c = catalog_comment_at(cat, i);
        if (is_shared(c->classoid)) continue;
        sv_oid(b, c->objoid);
        sv_oid(b, c->classoid);
        sv_int(b, 0);
        sv_str(b, c->text);
        sv_row_end(b);
    }
    for (int i = 0; i < catalog_table_count(cat); i++) {
        const CatTable *t = catalog_table_at(cat, i);
        if (!sv_table_listed(b, t)) continue;
        column_rows(b, t->oid, t->cols, t->ncols);
    }
    for (int i = 0; i < catalog_view_count(cat); i++) {
        const CatView *v = catalog_view_at(cat, i);
        column_rows(b, v->oid, v->cols, v->ncols);
    }
    return b->rc;
}

static int fill_shdescription(SvBuilder *b)
{
    Catalog *cat = b->cat;
    for (int i = 0; i < catalog_comment_count(cat); i++) {
        const CatComment *c = catalog_comment_at(cat, i);
        if (!is_shared(c->classoid)) continue;
        sv_oid(b, c->objoid);
        sv_oid(b, c->classoid);
        sv_str(b, c->text);
        sv_row_end(b);
    }
    return b->rc;
}

const SvView sysview_comment_views[] = {
    {"pg_catalog", "pg_description", 2609,
     "objoid oid, classoid oid, objsubid int4, description text", fill_description},
    {"pg_catalog", "pg_shdescription", 2396, "objoid oid, classoid oid, description text",
     fill_shdescription},
};
const int sysview_comment_nviews = sizeof(sysview_comment_views) / sizeof(sysview_comment_views[0]);
