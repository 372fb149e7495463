/*
 * sysview_sequence.c — the catalogs of sequences (CatSequence): pg_sequence,
 * the pg_sequences view, information_schema.sequences, and pg_depend with
 * the dependencies clients ask about: a sequence OWNED BY a column (deptype
 * 'a', serial and OWNED BY) or behind an identity column ('i'), a column
 * default on its sequence, and a view's rule (pg_rewrite "_RETURN") on the
 * view ('i') and on the relations and columns its query reads ('n'), which
 * pg_dump follows to put a view after what it reads.
 * Their pg_class rows (relkind 'S') are made in sysview_pg_class.c.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/sysview_int.h"

#define CLASS_RELATION 1259 /* pg_class's OID: pg_depend.classid of relations */
#define CLASS_ATTRDEF  2604 /* pg_attrdef's OID: pg_depend.classid of column defaults */
#define CLASS_REWRITE  2618 /* pg_rewrite's OID: pg_depend.classid of view rules */

static int fill_sequence(SvBuilder *b)
{
    for (int i = 0; i < catalog_sequence_count(b->cat); i++) {
        const CatSequence *s = catalog_sequence_at(b->cat, i);
        sv_oid(b, s->oid);
        sv_oid(b, sv_type_oid(s->type));
        sv_int(b, s->start);
        sv_int(b, s->increment);
        sv_int(b, s->max);
        sv_int(b, s->min);
        sv_int(b, s->cache);
        sv_bool(b, s->cycle);
        sv_row_end(b);
    }
    return b->rc;
}

static int fill_sequences(SvBuilder *b)
{
    for (int i = 0; i < catalog_sequence_count(b->cat); i++) {
        CatSequence *s = catalog_sequence_at(b->cat, i);
        sv_str(b, s->schema->name);
        sv_str(b, s->name);
        sv_str(b, "omendb");
        sv_oid(b, sv_type_oid(s->type));
        sv_int(b, s->start);
        sv_int(b, s->min);
        sv_int(b, s->max);
        sv_int(b, s->increment);
        sv_bool(b, s->cycle);
        sv_int(b, s->cache);
        pthread_mutex_lock(&s->mu);
        bool called = s->is_called;
        int64_t last = s->last_value;
        pthread_mutex_unlock(&s->mu);
        if (called)
            sv_int(b, last);
        else
            sv_null(b);
        sv_row_end(b);
    }
    return b->rc;
}

static void depend_views(SvBuilder *b);
static void depend_functions(SvBuilder *b);

static int fill_depend(SvBuilder *b)
{
    for (int i = 0; i < catalog_sequence_count(b->cat); i++) {
        const CatSequence *s = catalog_sequence_at(b->cat, i);
        const CatTable *t = s->owner_table ? catalog_table_by_oid(b->cat, s->owner_table) : NULL;
        int col = t ? catalog_column_index(t, s->owner_col) : -1;
        if (col < 0) continue;
        char kind[2] = {s->owner_kind ? s->owner_kind : 'a', 0};
        sv_oid(b, CLASS_RELATION);
        sv_oid(b, s->oid);
        sv_int(b, 0);
        sv_oid(b, CLASS_RELATION);
        sv_oid(b, t->oid);
        sv_int(b, t->cols[col].attnum);
        sv_str(b, kind);
        sv_row_end(b);
        /* a serial column's default (nextval) depends on the sequence, as
         * PostgreSQL records it (Django's get_sequences reads this row) */
        const CatColumn *cc = &t->cols[col];
        if (cc->default_sql && !cc->identity) {
            sv_oid(b, CLASS_ATTRDEF);
            sv_oid(b, sv_attrdef_oid(t->oid, col));
            sv_int(b, 0);
            sv_oid(b, CLASS_RELATION);
            sv_oid(b, s->oid);
            sv_int(b, 0);
            sv_str(b, "n");
            sv_row_end(b);
        }
    }
    depend_views(b);
    depend_functions(b);
    return b->rc;
}

/* One pg_depend row: objid (of classid) depends on refobjid (of refclassid),
 * column refsubid or 0 for the whole object. */
static void depend_any(SvBuilder *b, Oid classid, Oid objid, Oid refclassid, Oid refobjid,
                       int refsubid, const char *kind)
{
    sv_oid(b, classid);
    sv_oid(b, objid);
    sv_int(b, 0);
    sv_oid(b, refclassid);
    sv_oid(b, refobjid);
    sv_int(b, refsubid);
    sv_str(b, kind);
    sv_row_end(b);
}

static void depend_row(SvBuilder *b, Oid classid, Oid objid, Oid refobjid, int refsubid,
                       const char *kind)
{
    depend_any(b, classid, objid, CLASS_RELATION, refobjid, refsubid, kind);
}

/* attnum of column `name` of relation `rel` (a table or a view), 0 if none. */
static int rel_attnum(Catalog *cat, Oid rel, const char *name)
{
    const CatTable *t = catalog_table_by_oid(cat, rel);
    if (t) {
        int c = catalog_column_index(t, name);
        return c >= 0 ? t->cols[c].attnum : 0;
    }
    const CatView *v = catalog_view_by_oid(cat, rel);
    for (int c = 0; v && c < v->ncols; c++)
        if (strcmp(v->cols[c].name, name) == 0) return v->cols[c].attnum;
    return 0;
}

static void depend_views(SvBuilder *b)
{
    int nviews = catalog_view_count(b->cat), ntables = catalog_table_count(b->cat);
    for (int i = 0; i < nviews + ntables; i++) { /* views, then materialized views */
        const CatTable *mv = i < nviews ? NULL : catalog_table_at(b->cat, i - nviews);
        if (mv && (!mv->matview || !sv_table_listed(b, mv))) continue;
        const CatView *v = mv ? mv->matview : catalog_view_at(b->cat, i);
        Oid rule = sv_rule_oid(v->oid);
        depend_row(b, CLASS_REWRITE, rule, v->oid, 0, "i");
        depend_row(b, CLASS_REWRITE, rule, v->oid, 0, "n"); /* as PostgreSQL records it */
        for (int d = 0; d < v->ndeps; d++) {
            const CatViewDep *dep = &v->deps[d];
            if (!catalog_table_by_oid(b->cat, dep->rel) && !catalog_view_by_oid(b->cat, dep->rel))
                continue; /* a system view */
            int attnum = dep->col[0] ? rel_attnum(b->cat, dep->rel, dep->col) : 0;
            if (dep->col[0] && attnum == 0) continue;
            depend_row(b, CLASS_REWRITE, rule, dep->rel, attnum, "n");
        }
    }
}

/* A user type a function's signature names: an enum. */
static void depend_type(SvBuilder *b, Oid fn, OmType t)
{
    if (t.id == TYPE_ENUM || t.id == TYPE_ENUM_ARRAY)
        depend_any(b, CAT_CLASS_PROC, fn, CAT_CLASS_TYPE, type_oid_of(t), 0, "n");
}

/* A table's row type is part of the table (deptype 'i'), and a user function
 * depends on its schema and on the user types it takes or returns (an enum,
 * a table's row type), as PostgreSQL records them: pg_dump orders a function
 * after the tables and types its signature names. */
static void depend_functions(SvBuilder *b)
{
    for (int i = 0; i < catalog_table_count(b->cat); i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (t->type_oid && sv_table_listed(b, t))
            depend_any(b, CAT_CLASS_TYPE, t->type_oid, CLASS_RELATION, t->oid, 0, "i");
    }
    for (int i = 0; i < catalog_function_count(b->cat); i++) {
        const CatFunction *f = catalog_function_at(b->cat, i);
        depend_any(b, CAT_CLASS_PROC, f->oid, CAT_CLASS_NAMESPACE, f->schema->oid, 0, "n");
        for (int a = 0; a < f->nargs; a++) depend_type(b, f->oid, f->args[a].type);
        const CatTable *t = f->ret_rel ? catalog_table_by_oid(b->cat, f->ret_rel) : NULL;
        if (t)
            depend_any(b, CAT_CLASS_PROC, f->oid, CAT_CLASS_TYPE, t->type_oid, 0, "n");
        else
            depend_type(b, f->oid, f->ret);
        for (int k = 0; k < f->nout && !f->ret_rel; k++) depend_type(b, f->oid, f->out[k].type);
    }
}

static int fill_infoschema_sequences(SvBuilder *b)
{
    for (int i = 0; i < catalog_sequence_count(b->cat); i++) {
        const CatSequence *s = catalog_sequence_at(b->cat, i);
        char buf[4][32];
        snprintf(buf[0], sizeof(buf[0]), "%lld", (long long)s->start);
        snprintf(buf[1], sizeof(buf[1]), "%lld", (long long)s->min);
        snprintf(buf[2], sizeof(buf[2]), "%lld", (long long)s->max);
        snprintf(buf[3], sizeof(buf[3]), "%lld", (long long)s->increment);
        sv_str(b, "omendb");
        sv_str(b, s->schema->name);
        sv_str(b, s->name);
        sv_str(b, catalog_sequence_type_name(s->type));
        sv_int(b, s->type == TYPE_INT2 ? 16 : s->type == TYPE_INT4 ? 32 : 64);
        sv_int(b, 2);
        sv_int(b, 0);
        for (int k = 0; k < 4; k++) sv_str(b, buf[k]);
        sv_str(b, s->cycle ? "YES" : "NO");
        sv_row_end(b);
    }
    return b->rc;
}

const SvView sysview_sequence_views[] = {
    {"pg_catalog", "pg_sequence", 2224,
     "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, "
     "seqcache int8, seqcycle bool",
     fill_sequence},
    {"pg_catalog", "pg_sequences", 12103,
     "schemaname name, sequencename name, sequenceowner name, data_type regtype, "
     "start_value int8, min_value int8, max_value int8, increment_by int8, cycle bool, "
     "cache_size int8, last_value int8",
     fill_sequences},
    {"pg_catalog", "pg_depend", 2608,
     "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, "
     "deptype char",
     fill_depend},
    {"information_schema", "sequences", 13108,
     "sequence_catalog name, sequence_schema name, sequence_name name, data_type varchar, "
     "numeric_precision int4, numeric_precision_radix int4, numeric_scale int4, "
     "start_value varchar, minimum_value varchar, maximum_value varchar, increment varchar, "
     "cycle_option varchar",
     fill_infoschema_sequences},
};
const int sysview_sequence_nviews =
    sizeof(sysview_sequence_views) / sizeof(sysview_sequence_views[0]);
