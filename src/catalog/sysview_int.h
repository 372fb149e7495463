/*
 * sysview_int.h — private to the system views (catalog/sysview*.c): the view
 * registry entry and the row builder the per-view fill functions use.
 *
 * A view is described by a column spec string, "name type, name type, ..."
 * with the types oid, name, text, bool, int2, int4, int8, float4, char
 * ("char"), regproc (stored as text: the function name), regclass, regtype,
 * timestamptz. Array columns (int2vector, oid[], text[], aclitem[]) are text
 * holding PostgreSQL's text form, since the engine has no array type yet.
 *
 * A fill function adds rows with sv_<kind>() calls, one per column in order,
 * then sv_row_end(); the builder flushes a chunk into the view's storage every
 * VECTOR_SIZE rows.
 */
#ifndef OMENDB_CATALOG_SYSVIEW_INT_H
#define OMENDB_CATALOG_SYSVIEW_INT_H

#include "catalog/sysview.h"
#include "exec/vector.h"

typedef struct SvBuilder {
    Catalog *cat;
    const SessionSettings *settings;
    CatTable *table;
    Arena *arena;
    Chunk *chunk;
    OmType *types;
    int col;      /* next column of the current row */
    uint32_t row; /* current row in chunk */
    OmError *err;
    int rc;
} SvBuilder;

typedef int (*SvFillFn)(SvBuilder *b);

/* False for a table another session's uncommitted transaction created: the
 * catalogs leave it out (SessionViews.table_hidden). */
static inline bool sv_table_listed(const SvBuilder *b, const CatTable *t)
{
    const SessionViews *v = b->settings ? &b->settings->views : NULL;
    return !(v && v->table_hidden && v->session && v->table_hidden(v->session, t));
}

typedef struct SvView {
    const char *schema; /* "pg_catalog" or "information_schema" */
    const char *name;
    Oid oid;
    const char *columns; /* spec, see above */
    SvFillFn fill;       /* NULL: always empty */
} SvView;

/* True if `name` is a system view of `schema` (NULL = pg_catalog) that never
 * has rows in OmenDB (pg_policy, pg_inherits, pg_publication ...). Meant for
 * sysview.h (the binder short-cuts SELECTs that inner-join such a view). */
bool sysview_is_empty(const char *schema, const char *name);

/* Per-file view tables. */
extern const SvView sysview_pg_class_views[];
extern const int sysview_pg_class_nviews;
extern const SvView sysview_pg_misc_views[];
extern const int sysview_pg_misc_nviews;
extern const SvView sysview_infoschema_views[];
extern const int sysview_infoschema_nviews;
extern const SvView sysview_pg_none_views[];
extern const int sysview_pg_none_nviews;
extern const SvView sysview_sequence_views[];
extern const int sysview_sequence_nviews;
extern const SvView sysview_comment_views[];
extern const int sysview_comment_nviews;

/* pg_settings rows of the parameters kept only as text (sysview_settings_text.c),
 * added by fill_settings after its own. */
int sysview_settings_text_rows(SvBuilder *b);

/* Row builder: one call per column, in order. Strings are copied. */
void sv_null(SvBuilder *b);
void sv_oid(SvBuilder *b, Oid v);
void sv_str(SvBuilder *b, const char *s); /* name, text, char, regproc; NULL -> NULL */
void sv_bool(SvBuilder *b, bool v);
void sv_int(SvBuilder *b, int64_t v); /* int2, int4, int8 columns */
void sv_float(SvBuilder *b, double v);
void sv_row_end(SvBuilder *b);

/* Helpers shared by the views. */
/* OID of the pg_type row for a column type (0 if none). */
Oid sv_type_oid(TypeId t);
/* pg_attribute.attcollation / pg_type.typcollation: 100 (default) for
 * collatable string types, else 0. */
Oid sv_type_collation(TypeId t);
/* pg_get_expr text of a column default: the stored SQL, with PostgreSQL's
 * "::type" decoration on a bare string literal, a serial's sequence
 * unqualified where the session's search_path finds it. Writes into buf. */
void sv_default_expr(SvBuilder *b, const CatColumn *col, char *buf, size_t cap);
/* pg_attrdef.oid of column c of table `table_oid`: a stable synthetic OID
 * (tables' OIDs are far apart from this range). */
static inline Oid sv_attrdef_oid(Oid table_oid, int c)
{
    return (Oid)(table_oid * 64u + (unsigned)c) | 0x80000000u;
}

/* pg_rewrite.oid of view `view_oid`'s "_RETURN" rule: also synthetic, apart
 * from the attrdef range (bit 31) and from catalog OIDs (below 2^30). */
static inline Oid sv_rule_oid(Oid view_oid)
{
    return view_oid | 0x40000000u;
}

#define SV_OWNER_OID         10
#define SV_DB_OWNER_ROLE_OID 6171 /* pg_database_owner, owner of schema public */
#define SV_DATABASE_OID      5    /* PostgreSQL's "postgres" database */
#define SV_AM_HEAP           2
#define SV_AM_BTREE          403

#endif
