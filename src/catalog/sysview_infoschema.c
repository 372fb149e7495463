/*
 * sysview_infoschema.c — the SQL-standard information_schema views OmenDB
 * provides: schemata, tables, columns, table_constraints, check_constraints,
 * key_column_usage,
 * plus empty views (views, routines) so portable tools find them.
 *
 * Column types follow PostgreSQL's domains: sql_identifier -> name,
 * character_data and yes_or_no -> varchar, cardinal_number -> int4. As in
 * PostgreSQL 15, each NOT NULL column also appears in table_constraints as a
 * CHECK constraint named <schema oid>_<table oid>_<attnum>_not_null.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/sysview_int.h"

#define DBNAME "omendb"

static int fill_schemata(SvBuilder *b)
{
    int n = catalog_schema_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatSchema *s = catalog_schema_at(b->cat, i);
        sv_str(b, DBNAME);
        sv_str(b, s->name);
        sv_str(b, catalog_role_name(s->owner));
        sv_row_end(b);
    }
    return b->rc;
}

/* One information_schema.tables row; views are not insertable (writes to views
 * are refused). */
static void tables_row(SvBuilder *b, const CatSchema *schema, const char *name, bool is_view)
{
    Oid mine = b->settings ? b->settings->temp_schema_oid : 0;
    if (schema->is_temp && schema->oid != mine) return; /* another session's */
    sv_str(b, DBNAME);
    sv_str(b, schema->name);
    sv_str(b, name);
    sv_str(b, schema->is_temp ? "LOCAL TEMPORARY" : is_view ? "VIEW" : "BASE TABLE");
    for (int k = 0; k < 5; k++) sv_null(b);
    sv_str(b, is_view ? "NO" : "YES");
    sv_str(b, "NO");
    sv_null(b);
    sv_row_end(b);
}

static int fill_tables(SvBuilder *b)
{
    for (int i = 0; i < catalog_table_count(b->cat); i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        if (t->matview) continue; /* not in the SQL standard's schema, as in PostgreSQL */
        tables_row(b, t->schema, t->name, false);
    }
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        tables_row(b, v->schema, v->name, true);
    }
    return b->rc;
}

/* data_type as the information schema spells it. */
static const char *std_type_name(TypeId t)
{
    if (t == TYPE_CHAR) return "\"char\"";
    if (type_is_array(t)) return "ARRAY"; /* the element type is in element_types */
    if (t == TYPE_REGCLASS || t == TYPE_REGTYPE || t == TYPE_REGPROC || t == TYPE_OID)
        return type_info(t)->name;
    return type_info(t)->sql_name;
}

static void column_row(SvBuilder *b, const CatSchema *schema, const char *rel, const CatColumn *col,
                       bool updatable)
{
    TypeId id = col->type.id;
    int32_t tm = col->type.typmod;
    char def[1024];
    sv_str(b, DBNAME);
    sv_str(b, schema->name);
    sv_str(b, rel);
    sv_str(b, col->name);
    sv_int(b, col->attnum);
    if (col->default_sql && !col->identity) {
        sv_default_expr(b, col, def, sizeof(def));
        sv_str(b, def);
    } else {
        sv_null(b);
    }
    sv_str(b, col->not_null ? "NO" : "YES");
    const CatEnum *user_type =
        id == TYPE_ENUM || id == TYPE_ENUM_ARRAY ? catalog_enum_by_oid(b->cat, (Oid)tm) : NULL;
    sv_str(b, id == TYPE_ENUM ? "USER-DEFINED" : std_type_name(id));
    /* character_maximum_length, character_octet_length */
    if ((id == TYPE_VARCHAR || id == TYPE_BPCHAR) && tm >= 4) {
        sv_int(b, tm - 4);
        sv_int(b, (tm - 4) * 4);
    } else if (id == TYPE_TEXT || id == TYPE_VARCHAR || id == TYPE_BPCHAR) {
        sv_null(b);
        sv_int(b, 1073741824);
    } else {
        sv_null(b);
        sv_null(b);
    }
    /* numeric_precision, numeric_precision_radix, numeric_scale */
    int prec = -1, radix = 0, scale = -1;
    switch (id) {
    case TYPE_INT2:
        prec = 16, radix = 2, scale = 0;
        break;
    case TYPE_INT4:
        prec = 32, radix = 2, scale = 0;
        break;
    case TYPE_INT8:
        prec = 64, radix = 2, scale = 0;
        break;
    case TYPE_FLOAT4:
        prec = 24, radix = 2;
        break;
    case TYPE_FLOAT8:
        prec = 53, radix = 2;
        break;
    case TYPE_NUMERIC:
        radix = 10;
        if (tm >= 4) prec = typmod_numeric_precision(tm), scale = typmod_numeric_scale(tm);
        break;
    default:
        break;
    }
    if (prec >= 0)
        sv_int(b, prec);
    else
        sv_null(b);
    if (radix)
        sv_int(b, radix);
    else
        sv_null(b);
    if (scale >= 0)
        sv_int(b, scale);
    else
        sv_null(b);
    /* datetime_precision */
    if (id == TYPE_DATE)
        sv_int(b, 0);
    else if (id == TYPE_TIME || id == TYPE_TIMESTAMP || id == TYPE_TIMESTAMPTZ ||
             id == TYPE_INTERVAL)
        sv_int(b, tm >= 0 && id != TYPE_INTERVAL ? tm : 6);
    else
        sv_null(b);
    sv_null(b); /* interval_type */
    sv_null(b); /* interval_precision */
    sv_null(b); /* character_set_catalog */
    sv_null(b); /* character_set_schema */
    sv_null(b); /* character_set_name */
    sv_null(b); /* collation_catalog */
    sv_null(b); /* collation_schema */
    sv_null(b); /* collation_name */
    sv_null(b); /* domain_catalog */
    sv_null(b); /* domain_schema */
    sv_null(b); /* domain_name */
    sv_str(b, DBNAME);
    sv_str(b, user_type ? user_type->schema->name : "pg_catalog"); /* udt_schema */
    char udt[CATALOG_NAME_MAX + 1];
    snprintf(udt, sizeof(udt), "%s%s", id == TYPE_ENUM_ARRAY ? "_" : "",
             user_type ? user_type->name : type_info(id)->name);
    sv_str(b, udt); /* udt_name */
    sv_null(b);     /* scope_catalog */
    sv_null(b);     /* scope_schema */
    sv_null(b);     /* scope_name */
    sv_null(b);     /* maximum_cardinality */
    char dtd[16];
    snprintf(dtd, sizeof(dtd), "%d", col->attnum);
    sv_str(b, dtd);  /* dtd_identifier */
    sv_str(b, "NO"); /* is_self_referencing */
    if (col->identity) {
        /* the identity sequence's defaults: 1, 1, the type's maximum, 1 */
        sv_str(b, "YES");                                          /* is_identity */
        sv_str(b, col->identity == 'a' ? "ALWAYS" : "BY DEFAULT"); /* identity_generation */
        sv_str(b, "1");                                            /* identity_start */
        sv_str(b, "1");                                            /* identity_increment */
        sv_str(b, id == TYPE_INT2   ? "32767"
                  : id == TYPE_INT4 ? "2147483647"
                                    : "9223372036854775807"); /* identity_maximum */
        sv_str(b, "1");                                       /* identity_minimum */
    } else {
        sv_str(b, "NO"); /* is_identity */
        for (int k = 0; k < 5; k++) sv_null(b);
    }
    sv_str(b, "NO");                                /* identity_cycle */
    sv_str(b, col->generated ? "ALWAYS" : "NEVER"); /* is_generated */
    if (col->generated && col->gen && col->gen->def_sql)
        sv_str(b, col->gen->def_sql); /* generation_expression */
    else
        sv_null(b);
    sv_str(b, updatable ? "YES" : "NO"); /* is_updatable */
    sv_row_end(b);
}

static int fill_columns(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        if (t->matview) continue;
        for (int c = 0; c < t->ncols; c++) column_row(b, t->schema, t->name, &t->cols[c], true);
    }
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        for (int c = 0; c < v->ncols; c++) column_row(b, v->schema, v->name, &v->cols[c], false);
    }
    return b->rc;
}

static int fill_views(SvBuilder *b)
{
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        sv_str(b, DBNAME);
        sv_str(b, v->schema->name);
        sv_str(b, v->name);
        sv_str(b, v->def_sql);
        sv_str(b, "NONE");
        for (int k = 0; k < 5; k++) sv_str(b, "NO"); /* writes to views are refused */
        sv_row_end(b);
    }
    return b->rc;
}

static void constraint_row(SvBuilder *b, const CatTable *t, const char *name, const char *type)
{
    sv_str(b, DBNAME);
    sv_str(b, t->schema->name);
    sv_str(b, name);
    sv_str(b, DBNAME);
    sv_str(b, t->schema->name);
    sv_str(b, t->name);
    sv_str(b, type);
    sv_str(b, "NO");
    sv_str(b, "NO");
    sv_str(b, "YES");
    if (strcmp(type, "CHECK") == 0)
        sv_null(b);
    else
        sv_str(b, "YES");
    sv_row_end(b);
}

static int fill_table_constraints(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncons; c++)
            if (t->cons[c].kind != CONSTR_INDEX)
                constraint_row(b, t, t->cons[c].name,
                               t->cons[c].kind == CONSTR_PRIMARY ? "PRIMARY KEY" : "UNIQUE");
        for (int c = 0; c < t->nfkeys; c++) constraint_row(b, t, t->fkeys[c].name, "FOREIGN KEY");
        for (int c = 0; c < t->nchecks; c++) constraint_row(b, t, t->checks[c].name, "CHECK");
        for (int c = 0; c < t->ncols; c++) {
            if (!t->cols[c].not_null) continue;
            char name[64];
            snprintf(name, sizeof(name), "%u_%u_%d_not_null", t->schema->oid, t->oid, c + 1);
            constraint_row(b, t, name, "CHECK");
        }
    }
    return b->rc;
}

/* CHECK constraints, and (as in PostgreSQL 15) NOT NULL columns as
 * "<schema oid>_<table oid>_<attnum>_not_null" / "col IS NOT NULL". The
 * clause is pg_get_constraintdef's text after "CHECK ". */
static int fill_check_constraints(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->nchecks; c++) {
            const CatCheck *chk = &t->checks[c];
            char clause[2048];
            snprintf(clause, sizeof(clause), "(%s)%s", chk->def_sql ? chk->def_sql : "",
                     chk->validated ? "" : " NOT VALID");
            sv_str(b, DBNAME);
            sv_str(b, t->schema->name);
            sv_str(b, chk->name);
            sv_str(b, clause);
            sv_row_end(b);
        }
        for (int c = 0; c < t->ncols; c++) {
            if (!t->cols[c].not_null) continue;
            char name[64], clause[CATALOG_NAME_MAX + 32];
            snprintf(name, sizeof(name), "%u_%u_%d_not_null", t->schema->oid, t->oid, c + 1);
            snprintf(clause, sizeof(clause), "%s IS NOT NULL", t->cols[c].name);
            sv_str(b, DBNAME);
            sv_str(b, t->schema->name);
            sv_str(b, name);
            sv_str(b, clause);
            sv_row_end(b);
        }
    }
    return b->rc;
}

static int fill_key_column_usage(SvBuilder *b)
{
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        for (int c = 0; c < t->ncons; c++) {
            const CatConstraint *con = &t->cons[c];
            if (con->kind == CONSTR_INDEX) continue;
            for (int k = 0; k < con->ncols; k++) {
                sv_str(b, DBNAME);
                sv_str(b, t->schema->name);
                sv_str(b, con->name);
                sv_str(b, DBNAME);
                sv_str(b, t->schema->name);
                sv_str(b, t->name);
                sv_str(b, t->cols[con->cols[k]].name);
                sv_int(b, k + 1);
                sv_null(b);
                sv_row_end(b);
            }
        }
    }
    return b->rc;
}

const SvView sysview_infoschema_views[] = {
    {"information_schema", "schemata", 13100,
     "catalog_name name, schema_name name, schema_owner name, "
     "default_character_set_catalog name, default_character_set_schema name, "
     "default_character_set_name name, sql_path varchar",
     fill_schemata},
    {"information_schema", "tables", 13101,
     "table_catalog name, table_schema name, table_name name, table_type varchar, "
     "self_referencing_column_name name, reference_generation varchar, "
     "user_defined_type_catalog name, user_defined_type_schema name, "
     "user_defined_type_name name, is_insertable_into varchar, is_typed varchar, "
     "commit_action varchar",
     fill_tables},
    {"information_schema", "columns", 13102,
     "table_catalog name, table_schema name, table_name name, column_name name, "
     "ordinal_position int4, column_default varchar, is_nullable varchar, data_type varchar, "
     "character_maximum_length int4, character_octet_length int4, numeric_precision int4, "
     "numeric_precision_radix int4, numeric_scale int4, datetime_precision int4, "
     "interval_type varchar, interval_precision int4, character_set_catalog name, "
     "character_set_schema name, character_set_name name, collation_catalog name, "
     "collation_schema name, collation_name name, domain_catalog name, domain_schema name, "
     "domain_name name, udt_catalog name, udt_schema name, udt_name name, scope_catalog name, "
     "scope_schema name, scope_name name, maximum_cardinality int4, dtd_identifier name, "
     "is_self_referencing varchar, is_identity varchar, identity_generation varchar, "
     "identity_start varchar, identity_increment varchar, identity_maximum varchar, "
     "identity_minimum varchar, identity_cycle varchar, is_generated varchar, "
     "generation_expression varchar, is_updatable varchar",
     fill_columns},
    {"information_schema", "table_constraints", 13103,
     "constraint_catalog name, constraint_schema name, constraint_name name, "
     "table_catalog name, table_schema name, table_name name, constraint_type varchar, "
     "is_deferrable varchar, initially_deferred varchar, enforced varchar, "
     "nulls_distinct varchar",
     fill_table_constraints},
    {"information_schema", "key_column_usage", 13104,
     "constraint_catalog name, constraint_schema name, constraint_name name, "
     "table_catalog name, table_schema name, table_name name, column_name name, "
     "ordinal_position int4, position_in_unique_constraint int4",
     fill_key_column_usage},
    {"information_schema", "check_constraints", 13107,
     "constraint_catalog name, constraint_schema name, constraint_name name, "
     "check_clause varchar",
     fill_check_constraints},
    {"information_schema", "views", 13105,
     "table_catalog name, table_schema name, table_name name, view_definition varchar, "
     "check_option varchar, is_updatable varchar, is_insertable_into varchar, "
     "is_trigger_updatable varchar, is_trigger_deletable varchar, "
     "is_trigger_insertable_into varchar",
     fill_views},
    {"information_schema", "routines", 13106,
     "specific_catalog name, specific_schema name, specific_name name, routine_catalog name, "
     "routine_schema name, routine_name name, routine_type varchar, data_type varchar",
     NULL},
};
const int sysview_infoschema_nviews =
    sizeof(sysview_infoschema_views) / sizeof(sysview_infoschema_views[0]);
