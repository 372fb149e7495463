/*
 * sql_relation.h — finds a relation of any kind by its SQL name, for the
 * statements that act on relations whatever they are (COMMENT ON, ALTER ...
 * OWNER TO). Internal to src/sql.
 *
 * A name resolves as in PostgreSQL's RangeVarGetRelid: qualified, in that
 * schema ("pg_temp" is the session's temporary schema); unqualified, in the
 * first schema of the search order (the session's temporary schema,
 * pg_catalog, then search_path) that has a relation of that name, whatever its
 * kind. Tables, views, sequences and indexes (plain ones and those of PRIMARY
 * KEY / UNIQUE constraints) share one namespace per schema; the system views
 * of pg_catalog and information_schema are relations too (SQL_REL_SYSTEM).
 * The caller holds the catalog lock.
 */
#ifndef OMENDB_SQL_SQL_RELATION_H
#define OMENDB_SQL_SQL_RELATION_H

#include "sql/sql_int.h"

typedef enum SqlRelKind {
    SQL_REL_NONE = 0,
    SQL_REL_TABLE,
    SQL_REL_VIEW,
    SQL_REL_SEQUENCE,
    SQL_REL_INDEX,
    SQL_REL_SYSTEM
} SqlRelKind;

typedef struct SqlRelation {
    SqlRelKind kind;
    CatSchema *schema; /* NULL for SQL_REL_SYSTEM */
    Oid oid;           /* pg_class.oid (an index: its index_oid) */
    const char *name;  /* lives as long as the object */
    CatTable *table;   /* a table, or the table an index belongs to */
    CatView *view;
    CatSequence *seq;
    CatConstraint *index;
} SqlRelation;

/* Resolves [schema.]name. Returns 0 with *out filled; 0 with out->kind ==
 * SQL_REL_NONE when it does not exist and missing_ok (the schema must exist
 * even then); -1 with 3F000 (schema "s" does not exist), 42P01 (relation
 * "[s.]x" does not exist) or 0A000 (another session's temporary schema). */
int sql_relation_find(StmtCtx *sc, const char *schema, const char *name, bool missing_ok,
                      SqlRelation *out);
/* The same for a qualified name as a list of String nodes ([schema,] name). */
int sql_relation_find_names(StmtCtx *sc, PgQuery__Node **names, size_t n, bool missing_ok,
                            SqlRelation *out);
/* "table", "view", "sequence", "index" or "relation". */
const char *sql_relation_kind_name(SqlRelKind kind);

#endif
