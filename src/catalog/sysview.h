/*
 * sysview.h — the system catalogs clients read (pg_catalog.pg_class,
 * pg_namespace, pg_attribute, pg_type, pg_index, pg_constraint, pg_attrdef,
 * pg_am, pg_database, pg_roles, pg_settings, pg_tables ..., and
 * information_schema.tables, columns, schemata ...), materialised from the
 * live catalog when a statement names them.
 *
 * sysview_open() returns a temporary CatTable whose storage holds a snapshot
 * of the view's rows; the statement that opened it scans it like any table and
 * closes it at the end. The caller holds the catalog lock (shared).
 */
#ifndef OMENDB_CATALOG_SYSVIEW_H
#define OMENDB_CATALOG_SYSVIEW_H

#include "catalog/catalog.h"
#include "catalog/session_settings.h"

/* True if `name` is a system view of `schema` ("pg_catalog" or
 * "information_schema"; NULL means pg_catalog, for unqualified names). */
bool sysview_exists(const char *schema, const char *name);
/* Materialises the view; NULL with err set on failure, NULL without error if
 * there is no such view. The result is owned by the caller: sysview_close(). */
CatTable *sysview_open(Catalog *cat, const char *schema, const char *name,
                       const SessionSettings *settings, OmError *err);
void sysview_close(CatTable *table);
/* True if `name` is a system view of `schema` (NULL = pg_catalog) that never
 * has rows in OmenDB (pg_policy, pg_inherits, pg_publication ...). */
bool sysview_is_empty(const char *schema, const char *name);

/* The system views themselves, for pg_class and pg_attribute (psql's
 * `\d pg_settings`): number i of sysview_count(), its schema, name and OID; its
 * columns (calloc'd; the caller frees) or -1 on a bad spec. */
int sysview_count(void);
void sysview_at(int i, const char **schema, const char **name, Oid *oid);
int sysview_columns_at(int i, CatColumn **cols);
/* The schema of the system view with this OID, or NULL. */
const char *sysview_schema_of(Oid oid);

#endif
