/*
 * catalog.h — schemas, tables, columns and constraints of one database.
 *
 * The catalog is shared by all sessions. Readers (binding and running a
 * statement) hold the catalog lock shared for the whole statement; DDL holds it
 * exclusively (catalog_lock_shared / catalog_lock_exclusive). Objects are never
 * freed while a shared holder may still see them: DROP unlinks under the
 * exclusive lock, so no reader is inside.
 *
 * OIDs: schemas and tables get OIDs from one counter starting at 16384
 * (PostgreSQL's FirstNormalObjectId); pg_catalog = 11, public = 2200 as in
 * PostgreSQL so psql's queries find them. Built-in schemas: pg_catalog,
 * information_schema, public.
 *
 * Each table owns its storage (storage/table.h) through `storage`.
 */
#ifndef OMENDB_CATALOG_CATALOG_H
#define OMENDB_CATALOG_CATALOG_H

#include <pthread.h>
#include <stdbool.h>

#include "catalog/types.h"
#include "common/strbuf.h"
#include "common/error.h"

/* Identifiers longer than 63 bytes are truncated, as PostgreSQL does. */
#define CATALOG_NAME_MAX 64

#define OID_NAMESPACE_PG_CATALOG         11
#define OID_NAMESPACE_PUBLIC             2200
#define OID_NAMESPACE_INFORMATION_SCHEMA 13000
#define OID_FIRST_NORMAL                 16384

/* The roles (pg_authid): omendb, the one login role and superuser, owns
 * every relation; pg_database_owner owns schema public, as in PostgreSQL 15. */
#define CATALOG_ROLE_OMENDB   10
#define CATALOG_ROLE_DB_OWNER 6171
/* A role's name (NULL for an OID that is no role), and a name's role OID (0
 * for none). */
const char *catalog_role_name(Oid oid);
Oid catalog_role_by_name(const char *name);
/* pg_database.oid of the one database, omendb (PostgreSQL's "postgres" is 5) */
#define CATALOG_DATABASE_OID 5

typedef struct CatSchema {
    Oid oid;
    char name[CATALOG_NAME_MAX];
    bool is_system;
    bool is_temp; /* a session's pg_temp_N (sql/sql_temp.c): never logged nor checkpointed */
    Oid owner;    /* pg_namespace.nspowner: a CATALOG_ROLE_* (ALTER SCHEMA ... OWNER TO) */
} CatSchema;

typedef struct CatColumn {
    char name[CATALOG_NAME_MAX];
    OmType type;
    bool not_null;
    char *default_sql; /* DEFAULT expression as SQL text (malloc'd), or NULL */
    int attnum;        /* 1-based */
    /* GENERATED ALWAYS ('a') / BY DEFAULT ('d') AS IDENTITY, or 0 (pg_attribute.
     * attidentity). An identity column draws from its sequence through a
     * nextval() default_sql like a serial one, which pg_attrdef does not show. */
    char identity;
    char *comment; /* COMMENT ON COLUMN (malloc'd), or NULL: catalog_comment.c */
    /* GENERATED ALWAYS AS (expr) STORED: 's' (pg_attribute.attgenerated), and
     * the expression's texts in a CHECK constraint's three forms (malloc'd,
     * sql/sql_generated.c); 0 and NULL for any other column */
    char generated;
    struct CatCheck *gen;
} CatColumn;

/* CONSTR_INDEX is a plain CREATE [UNIQUE] INDEX: an index that is not a
 * constraint (not in pg_constraint). */
typedef enum ConstraintKind { CONSTR_PRIMARY, CONSTR_UNIQUE, CONSTR_INDEX } ConstraintKind;

typedef struct CatConstraint {
    Oid oid;
    ConstraintKind kind;
    char name[CATALOG_NAME_MAX]; /* e.g. "t_pkey", "t_email_key" */
    int ncols;
    int cols[16];      /* 0-based column indexes */
    Oid index_oid;     /* the unique index that enforces it */
    bool index_unique; /* CONSTR_INDEX: CREATE UNIQUE INDEX */
    int storage_slot;  /* storage unique index enforcing it, or -1 (plain index) */
    /* per key column, pg_index.indoption's bits (CREATE INDEX ... DESC / NULLS
     * FIRST). Recorded and reported; the index itself stays in ascending order
     * (no plan reads an index for its order in the opposite direction). */
    uint8_t col_options[16];
    uint8_t am; /* CatIndexAm: the access method it was created with (pg_class.relam) */
    /* CREATE INDEX ... INCLUDE (cols): non-key columns, stored by PostgreSQL in
     * the index only to answer from it; recorded and reported (0-based) */
    int ninclude;
    int include_cols[16];
} CatConstraint;

/* Index access methods (pg_am). Only unique btree indexes are built (they
 * enforce uniqueness: storage_slot); every plain index, whatever its method,
 * is recorded and reported but not built, since no plan reads one
 * (docs/sql.md, "Indexes"). */
typedef enum CatIndexAm {
    CAT_AM_BTREE = 0,
    CAT_AM_HASH,
    CAT_AM_GIST,
    CAT_AM_GIN,
    CAT_AM_SPGIST,
    CAT_AM_BRIN,
    CAT_AM_COUNT
} CatIndexAm;

const char *catalog_index_am_name(int am);
Oid catalog_index_am_oid(int am);
/* The CatIndexAm called name, or -1. */
int catalog_index_am_by_name(const char *name);

#define CAT_INDOPTION_DESC        0x01 /* PostgreSQL's INDOPTION_DESC */
#define CAT_INDOPTION_NULLS_FIRST 0x02 /* PostgreSQL's INDOPTION_NULLS_FIRST */

/* FOREIGN KEY (cols) REFERENCES ref_table (ref_cols), MATCH SIMPLE: a row
 * with a NULL in cols references nothing. ref_index is the PRIMARY KEY or
 * UNIQUE constraint (its index_oid) of ref_table that the key matches; the
 * referencing columns have the referenced columns' types up to integer width
 * (exec/fk_check.c converts). Actions are pg_constraint's letters: 'a' NO
 * ACTION, 'r' RESTRICT, 'c' CASCADE, 'n' SET NULL. deferrable / initdeferred
 * are DEFERRABLE and INITIALLY DEFERRED (initdeferred implies deferrable);
 * exec/fk_deferred.c moves the NO ACTION checks of a deferred key to COMMIT.
 * They persist with the rest of the catalog: the DDL history replays the
 * statement's text. */
typedef struct CatForeignKey {
    Oid oid;
    char name[CATALOG_NAME_MAX];
    int ncols;
    int cols[16];
    Oid ref_table;
    int ref_cols[16];
    Oid ref_index;
    char on_delete, on_update;
    bool validated; /* false: added NOT VALID (existing rows unchecked) */
    bool deferrable, initdeferred;
} CatForeignKey;

/* CHECK constraint. The condition is kept as SQL text in three forms, all
 * produced from the bound expression (sql/sql_check.c): `bind_sql` is read
 * back by the binder (INSERT/UPDATE/COPY plans bind it again), `def_sql` is
 * what pg_get_constraintdef shows and `pretty_sql` its pretty form (psql \d).
 * Column references are by name, so RENAME COLUMN and ALTER COLUMN TYPE
 * re-bind and re-print them. validated: false while added NOT VALID. */
typedef struct CatCheck {
    Oid oid;
    char name[CATALOG_NAME_MAX];
    char *bind_sql;   /* malloc'd */
    char *def_sql;    /* malloc'd, without "CHECK (" ")" */
    char *pretty_sql; /* malloc'd */
    bool validated;
    char name_col[CATALOG_NAME_MAX]; /* naming: the one column referenced, or "" */
} CatCheck;

typedef struct CatTable {
    Oid oid;
    Oid type_oid; /* pg_type row of the table's row type (oid + 1) */
    char name[CATALOG_NAME_MAX];
    CatSchema *schema;
    int ncols;
    CatColumn *cols;
    int ncons;
    CatConstraint *cons; /* primary key first if any */
    int nfkeys;
    CatForeignKey *fkeys; /* FOREIGN KEY constraints of this (referencing) table */
    int nchecks;
    CatCheck *checks; /* CHECK constraints, in order of creation */
    int nixexprs;
    struct CatIndexExpr *ixexprs; /* plain indexes' expressions and predicates */
    struct StorageTable *storage; /* owned */
    /* A materialized view (sql/sql_matview.c) is a table whose rows only
     * REFRESH writes: matview holds its defining query as a view's (columns,
     * query_sql, def_sql, qual_sql, deps; its oid is the table's), NULL for
     * a table. populated is pg_class.relispopulated as committed; a session
     * that refreshed it in its open transaction sees its own value
     * (sql_matview_populated). Both owned and changed under the exclusive
     * catalog lock. */
    struct CatView *matview;
    bool populated;
} CatTable;

/* What an index (CONSTR_INDEX) has beyond its key columns
 * (catalog_index_expr.c): keys that are expressions (the constraint's cols[k]
 * is -1 there), operator classes other than the type's default, and a WHERE
 * predicate. Each expression is kept as text in a CHECK constraint's three
 * forms (bind_sql read back by the binder, def_sql as pg_get_indexdef prints
 * it, pretty_sql as psql shows it; sql/sql_check.c prints them), with column
 * references by name: RENAME COLUMN and ALTER COLUMN TYPE print them again,
 * DROP COLUMN drops the index. Owned by its table. */
typedef struct CatIndexExpr {
    Oid index_oid;
    CatCheck keys[16];                    /* keys[k].bind_sql: key k is this expression */
    OmType key_types[16];                 /* an expression key's type */
    bool key_funclike[16];                /* printed bare (a function call), else in ( ) */
    char key_names[16][CATALOG_NAME_MAX]; /* pg_attribute.attname of an expression key */
    char opclass[16][CATALOG_NAME_MAX];   /* "" = the type's default operator class */
    CatCheck pred;                        /* pred.bind_sql: WHERE predicate */
} CatIndexExpr;

/* The extras of index index_oid of t, or NULL (a plain column index). */
const CatIndexExpr *catalog_index_expr(const CatTable *t, Oid index_oid);
/* True if an index with extras x over keys cols[0..ncols) (-1: expression) has
 * an expression key or a predicate: its keys are not a list of columns. A
 * unique one is "computed" (storage_table_unique_computed). */
bool catalog_index_expr_computed(const CatIndexExpr *x, int ncols, const int *cols);
/* catalog_index_expr_computed of index con of t (false without extras). */
bool catalog_index_computed(const CatTable *t, const CatConstraint *con);
/* Adds x to t, taking its strings (-1: out of memory, x untouched). */
int catalog_index_expr_add(CatTable *t, const CatIndexExpr *x);
void catalog_index_expr_remove(CatTable *t, Oid index_oid);
void catalog_index_expr_fini(CatIndexExpr *x);
/* Deep copy of t's extras into out->ixexprs (meta save); -1 on OOM. */
int catalog_index_expr_copy(const CatTable *t, CatTable *out);
void catalog_index_expr_free_all(CatTable *t);

/* A view (CREATE VIEW, sql/sql_view.c): a stored query the binder expands
 * like a subquery in FROM. query_sql is the query in normal form: every table
 * and view schema-qualified and given an alias (its name at CREATE time),
 * every column reference qualified, `*` expanded and every output column
 * named, so that it binds to the same objects whatever the search_path and
 * after renames (which rewrite it). def_sql is what pg_get_viewdef shows.
 * deps: the relations the query reads and the columns it names, which
 * DROP and ALTER TABLE check. A view has no storage and is not among the
 * tables (catalog_table_*). */
typedef struct CatViewDep {
    Oid rel;                    /* a table or view the query reads */
    char col[CATALOG_NAME_MAX]; /* one of its columns, or "" for the relation */
    bool bare;                  /* relation entry: def_sql names it without its schema */
} CatViewDep;

typedef struct CatView {
    Oid oid;
    Oid type_oid; /* its row type (oid + 1) */
    char name[CATALOG_NAME_MAX];
    CatSchema *schema;
    int ncols;
    CatColumn *cols; /* name, type, attnum (no defaults, never NOT NULL) */
    char *query_sql; /* malloc'd */
    char *def_sql;   /* malloc'd: pg_get_viewdef's text, relations as search_path found them */
    char *qual_sql;  /* malloc'd: the same with every relation schema-qualified */
    int ndeps;
    CatViewDep *deps; /* malloc'd */
} CatView;

/* A sequence (CREATE SEQUENCE, or the one a serial or identity column draws
 * from; catalog_sequence.c). Its name shares the relation namespace of its
 * schema. The definition changes only under the exclusive catalog lock; the
 * counter (last_value ...) changes under `mu` alone, since nextval runs under
 * the shared lock. log_value/log_called is the state recovery would restore
 * from the write-ahead log (docs/wal.md, "Sequences"): nextval logs ahead,
 * so last_value never passes log_value while log_cnt > 0. */
typedef struct CatSequence {
    Oid oid;
    char name[CATALOG_NAME_MAX];
    CatSchema *schema;
    TypeId type; /* TYPE_INT2, TYPE_INT4 or TYPE_INT8 */
    int64_t start, increment, min, max, cache;
    bool cycle;
    Oid owner_table;                  /* OWNED BY table (0: none) ... */
    char owner_col[CATALOG_NAME_MAX]; /* ... and its column */
    char owner_kind;                  /* pg_depend.deptype: 'a' (serial, OWNED BY), 'i' identity */
    pthread_mutex_t mu;
    int64_t last_value;
    bool is_called;
    int64_t log_cnt; /* values nextval hands out before it logs again */
    int64_t log_value;
    bool log_called;
    uint64_t log_end; /* end LSN of its last log record: durable before a value is handed out */
} CatSequence;

/* CREATE/ALTER SEQUENCE options as given (has_*: the option was written). */
typedef struct CatSeqOptions {
    bool has_type, has_increment, has_min, has_max, has_start, has_restart, has_cache, has_cycle;
    bool no_min, no_max;  /* NO MINVALUE / NO MAXVALUE */
    bool restart_default; /* RESTART without a value: at START */
    bool replaying;       /* recovery: a counter out of the new range is clamped */
    TypeId type;
    int64_t increment, min, max, start, restart, cache;
    bool cycle;
} CatSeqOptions;

/* How nextval/setval log a sequence's state (installed by the SQL layer when
 * the database has a write-ahead log; NULL ctx: nothing is logged). append
 * writes a record with the state (value, is_called) and gives its end LSN;
 * it returns 1 when the state needs no record (a DDL statement being run
 * reproduces it on replay). wait returns once the log is durable up to lsn. */
typedef struct CatSequenceLog {
    void *ctx;
    int (*append)(void *ctx, Oid seq, int64_t value, bool is_called, uint64_t *end, OmError *err);
    int (*wait)(void *ctx, uint64_t lsn, OmError *err);
} CatSequenceLog;

typedef struct Catalog Catalog;

Catalog *catalog_create(void);
void catalog_destroy(Catalog *cat);

void catalog_lock_shared(Catalog *cat);
void catalog_lock_exclusive(Catalog *cat);
void catalog_unlock(Catalog *cat);
/* Changes whenever the catalog may have changed: every exclusive lock (DDL)
 * bumps it. Cached plans compare it under the shared lock and re-plan on a
 * mismatch (sql_prepare.c). */
uint64_t catalog_version(Catalog *cat);

/* Lookups (caller holds the lock). Return NULL if not found. */
CatSchema *catalog_schema_find(Catalog *cat, const char *name);
CatSchema *catalog_schema_by_oid(Catalog *cat, Oid oid);
CatTable *catalog_table_find(Catalog *cat, const CatSchema *schema, const char *name);
CatTable *catalog_table_by_oid(Catalog *cat, Oid oid);
/* Resolves an unqualified table name through search_path (comma-separated,
 * "$user" skipped unless such a schema exists; pg_catalog searched first
 * implicitly as PostgreSQL does). NULL if not found. */
CatTable *catalog_table_lookup(Catalog *cat, const char *search_path, const char *name);
/* First existing schema of search_path that is not temporary (where CREATE
 * TABLE puts unqualified names); NULL → 3F000 "no schema has been selected to
 * create in". */
CatSchema *catalog_creation_schema(Catalog *cat, const char *search_path);
/* The schemas an unqualified name is looked up in, in order (the session's
 * temporary schema, pg_catalog, then search_path's), into out[0..cap);
 * returns how many. */
int catalog_search_schemas(Catalog *cat, const char *search_path, CatSchema **out, int cap);

/* Temporary schemas (sql/sql_temp.c). A session that has one puts it first in
 * the search_path it hands to the lookups above, which search it before
 * pg_catalog and the rest of the path, as PostgreSQL does.
 * catalog_temp_schema_own: that schema (the path's first element when it is
 * temporary), or NULL. catalog_schema_resolve: a schema named in SQL, with
 * "pg_temp" meaning the session's own (NULL if none or not found).
 * catalog_schema_other_temp: true for another session's temporary schema.
 * catalog_temp_schema_create: a new "pg_temp_N", N the smallest number free
 * (lock held exclusively). */
CatSchema *catalog_temp_schema_own(Catalog *cat, const char *search_path);
CatSchema *catalog_schema_resolve(Catalog *cat, const char *name, const char *search_path);
bool catalog_schema_other_temp(Catalog *cat, const CatSchema *schema, const char *search_path);
int catalog_temp_schema_create(Catalog *cat, CatSchema **out, OmError *err);

/* DDL (caller holds the lock exclusively). */
int catalog_schema_create(Catalog *cat, const char *name, CatSchema **out, OmError *err);
/* Drops a schema; with `cascade` its tables too, else 2BP01 if not empty. */
int catalog_schema_drop(Catalog *cat, CatSchema *schema, bool cascade, OmError *err);
/* Creates a table from a filled template (name, schema, columns, constraints;
 * the catalog assigns OIDs and constraint names if empty, copies everything,
 * and creates the storage). */
int catalog_table_create(Catalog *cat, const CatTable *tmpl, CatTable **out, OmError *err);
int catalog_table_drop(Catalog *cat, CatTable *table, OmError *err);
/* CREATE [UNIQUE] INDEX: adds a CONSTR_INDEX entry named `name` (NULL: chosen
 * as PostgreSQL does, "<table>_<cols>_idx") over cols, with the columns'
 * CAT_INDOPTION_* bits in options (NULL: all ascending). A unique index over
 * columns is built from the table's rows: 23505 'could not create unique
 * index' on a duplicate. 42P07 if the name is taken. */
/* With `extra` (expression keys, operator classes or a predicate), t takes its
 * strings once the index exists; its key_names name the expression keys in a
 * chosen name. A computed unique index (catalog_index_expr_computed) is left
 * unbuilt (storage_slot -1): the catalog cannot evaluate its keys, so the
 * caller builds it (sql/sql_index_unique.c) or drops the entry again. */
int catalog_index_create(Catalog *cat, CatTable *table, const char *name, bool unique, int ncols,
                         const int *cols, const uint8_t *options, int am, const CatIndexExpr *extra,
                         CatConstraint **out, OmError *err);
/* Appends id to buf[len..cap), double-quoted when PostgreSQL's quote_ident
 * would; returns the new length (catalog_ident.c). */
size_t catalog_put_ident(char *buf, size_t cap, size_t len, const char *id);
/* Splits a relation name as regclass input reads it ('s.t', '"My T"',
 * 'Public.T' -> public, t) into parts[0..n); returns n (0 to 2). */
int catalog_split_name(const char *name, char parts[2][CATALOG_NAME_MAX]);
/* A serial column's default, nextval('[schema.]name'::regclass), the names
 * quoted as regclass input needs them (nextval('"User_id_seq"'::regclass));
 * schema NULL leaves it unqualified. Returns the length. */
size_t catalog_nextval_text(const char *schema, const char *name, char *buf, size_t cap);
/* The names such a default reads (also without the cast), as regclass input
 * reads them; schema "" when unqualified. False for any other text. */
bool catalog_nextval_names(const char *sql, char *schema, char *name);
/* A stored DEFAULT expression as PostgreSQL deparses the coerced one
 * (pg_attrdef, pg_get_function_arguments): a bare string literal with its
 * type ('x'::text; an enum qualified unless search_path finds it), a negative
 * number quoted with its type ('-1'::integer, '-2.5'::numeric), anything else
 * as stored. Returns the length. */
size_t catalog_default_text(const char *sql, OmType type, const char *search_path, char *buf,
                            size_t cap);
/* Writes the index's CREATE [UNIQUE] INDEX statement as pg_get_indexdef shows
 * it (the table schema-qualified when `qualify`, quoted, with the method,
 * keys, operator classes, DESC / NULLS options and predicate, their
 * expressions in pretty form when `pretty`); returns its length. */
size_t catalog_index_def(const CatTable *t, const CatConstraint *con, bool pretty, bool qualify,
                         char *buf, size_t cap);
/* Key k of the index as pg_get_indexdef(oid, k + 1, pretty) prints it. */
size_t catalog_index_key_def(const CatTable *t, const CatConstraint *con, int k, bool pretty,
                             char *buf, size_t cap);
/* ALTER TABLE ADD PRIMARY KEY / UNIQUE over existing rows (kind CONSTR_PRIMARY
 * or CONSTR_UNIQUE): 42P16 for a second primary key, 23502 if a key column
 * holds NULLs (primary key), 23505 on duplicates. The primary key becomes
 * cons[0] and its columns NOT NULL. */
int catalog_constraint_add(Catalog *cat, CatTable *table, ConstraintKind kind, const char *name,
                           int ncols, const int *cols, OmError *err);
/* The key or index that storage unique index `slot` of t enforces, or NULL. */
CatConstraint *catalog_index_of_slot(const CatTable *t, int slot);
/* Finds an index (CONSTR_INDEX) by name in a schema; NULL if none. */
CatConstraint *catalog_index_find(Catalog *cat, const CatSchema *schema, const char *name,
                                  CatTable **table);
/* DROP INDEX of a CONSTR_INDEX entry. */
int catalog_index_drop(Catalog *cat, CatTable *table, CatConstraint *index, OmError *err);

/* FOREIGN KEY constraints (catalog_fkey.c; caller holds the lock exclusively
 * for changes). catalog_fkey_add copies fk, assigns its OID and, when its name
 * is empty, PostgreSQL's "<table>_<cols>_fkey"; 42710 if the table already has
 * a constraint of that name. Rows are checked by the caller. */
int catalog_fkey_add(Catalog *cat, CatTable *table, const CatForeignKey *fk, OmError *err);
/* Calls fn for every foreign key that references `parent` (from any table,
 * the parent itself included); stops at a non-zero return and returns it. */
int catalog_fkey_each_referencing(Catalog *cat, const CatTable *parent,
                                  int (*fn)(void *ctx, CatTable *child, const CatForeignKey *fk),
                                  void *ctx);
/* True if another table has a foreign key to `parent`; *child and *fk (may be
 * NULL) receive the first. */
bool catalog_fkey_referenced(Catalog *cat, const CatTable *parent, CatTable **child,
                             const CatForeignKey **fk);
/* DROP TABLE ... CASCADE: removes other tables' foreign keys to `parent`;
 * returns how many (for the NOTICE). */
int catalog_fkey_drop_referencing(Catalog *cat, const CatTable *parent);
/* True if a foreign key depends on unique index `index_oid` of `parent`. */
bool catalog_fkey_uses_index(Catalog *cat, const CatTable *parent, Oid index_oid);

/* CHECK constraints and ALTER TABLE (catalog_alter.c; lock held exclusively).
 * catalog_check_add copies chk (strings duplicated) and assigns its OID; a
 * empty name gets PostgreSQL's "<table>_<col>_check" (col: chk->name_col,
 * the one column the condition references, else "<table>_check"), then
 * check1, ...; a given name already used by a constraint of t is 42710. */
int catalog_check_add(Catalog *cat, CatTable *t, const CatCheck *chk, OmError *err);
void catalog_check_remove(CatTable *t, int i);
/* True if any constraint (key, foreign key or check) of any table of the
 * schema is called `name` (PostgreSQL's ConstraintNameExists). */
bool catalog_constraint_name_used(Catalog *cat, const CatSchema *schema, const char *name);
/* True if table t has a constraint (key, foreign key, check) called name. */
bool catalog_table_has_constraint(const CatTable *t, const char *name);
/* True if `name` is a relation (table, index or constraint index) of schema. */
bool catalog_relation_name_taken(Catalog *cat, const CatSchema *schema, const char *name);
/* A deep copy of a table's catalog description (name, columns, constraints,
 * foreign keys, checks; not the storage), to put back if ALTER TABLE fails. */
int catalog_table_meta_save(const CatTable *t, CatTable *out);
/* Puts a saved description back into t (taking its memory). */
void catalog_table_meta_restore(CatTable *t, CatTable *saved);
void catalog_table_meta_free(CatTable *saved);
void catalog_check_free_strings(CatCheck *chk);
/* A generated column's expression texts: a malloc'd copy (NULL for NULL or
 * out of memory: *oom set), and freeing one (NULL allowed). */
CatCheck *catalog_gen_dup(const CatCheck *gen, bool *oom);
void catalog_gen_free(CatCheck *gen);
/* The columns a check's condition names (ascending, at most max), for
 * pg_constraint.conkey; read from its text. */
int catalog_check_columns(const CatTable *t, const CatCheck *chk, int *cols, int max);

/* PostgreSQL's makeObjectName: "name1_name2_label" (name2 may be NULL) cut to
 * fit CATALOG_NAME_MAX - 1 bytes. */
void catalog_make_object_name(const char *name1, const char *name2, const char *label, char *out);

/* Comments (COMMENT ON; catalog_comment.c, which says where each kind
 * lives). A column's comment is CatColumn.comment; every other one is kept
 * by (classoid, objoid), classoid a CAT_CLASS_*, with `rel` the relation it
 * belongs to (the object itself, an index's or constraint's table; 0 for
 * schemas, the database and roles). Caller holds the lock (exclusively for
 * changes). A text NULL or "" removes the comment, as PostgreSQL's ''. */
#define CAT_CLASS_RELATION   1259 /* pg_class: tables, views, sequences, indexes */
#define CAT_CLASS_CONSTRAINT 2606 /* pg_constraint */
#define CAT_CLASS_NAMESPACE  2615 /* pg_namespace */
#define CAT_CLASS_TYPE       1247 /* pg_type: enum types */
#define CAT_CLASS_DATABASE   1262 /* pg_database (shared: pg_shdescription) */
#define CAT_CLASS_AUTHID     1260 /* pg_authid (shared: pg_shdescription) */
#define CAT_CLASS_EXTENSION  3079 /* pg_extension: plpgsql's initdb comment only */
#define CAT_CLASS_PROC       1255 /* pg_proc: user-defined functions */
#define CAT_CLASS_LANGUAGE   2612 /* pg_language: plpgsql's initdb comment only */
/* plpgsql, the extension and language every PostgreSQL database has (their
 * OIDs in PostgreSQL 15; sql/sql_extension.c) */
#define CATALOG_PLPGSQL_EXTENSION_OID 13559
#define CATALOG_PLPGSQL_LANGUAGE_OID  13563

typedef struct CatComment {
    Oid classoid, objoid;
    Oid rel;
    char *text; /* malloc'd, never empty */
} CatComment;

int catalog_comment_set(Catalog *cat, Oid classoid, Oid objoid, Oid rel, const char *text,
                        OmError *err);
/* The comment of an object (not a column), or NULL; valid until it changes. */
const char *catalog_comment_get(Catalog *cat, Oid classoid, Oid objoid);
int catalog_comment_count(Catalog *cat);
const CatComment *catalog_comment_at(Catalog *cat, int i);
/* Removes one object's comment / every comment of relation rel (itself, its
 * indexes and constraints): called where the catalog unlinks them. */
void catalog_comment_forget(Catalog *cat, Oid classoid, Oid objoid);
void catalog_comment_forget_rel(Catalog *cat, Oid rel);
/* After a successful ALTER TABLE: removes the comments of t's constraints
 * and indexes that are gone. */
void catalog_comment_prune_table(Catalog *cat, const CatTable *t);
int catalog_column_comment_set(CatColumn *c, const char *text, OmError *err);
/* The comment of column attnum (1-based) of table or view rel, or NULL. */
const char *catalog_column_comment(Catalog *cat, Oid rel, int attnum);

/* Iteration for pg_catalog views (caller holds the lock). */
int catalog_schema_count(Catalog *cat);
CatSchema *catalog_schema_at(Catalog *cat, int i);
int catalog_table_count(Catalog *cat);
CatTable *catalog_table_at(Catalog *cat, int i);

/* regclass output: the name of table or index `oid` (quoted where needed,
 * schema-qualified outside public and pg_catalog) appended to out; false if
 * the OID is no relation of the catalog. Caller holds the lock. */
bool catalog_relation_name(void *cat, Oid oid, StrBuf *out);

/* Views (catalog_view.c; caller holds the lock, exclusively for changes).
 * catalog_view_create copies tmpl (schema, name, columns, texts, deps) and
 * assigns the OIDs; 42P07 if the name is taken. catalog_view_replace swaps
 * in tmpl's columns, texts and deps (CREATE OR REPLACE, renames). */
int catalog_view_create(Catalog *cat, const CatView *tmpl, CatView **out, OmError *err);
int catalog_view_replace(CatView *v, const CatView *tmpl, OmError *err);
void catalog_view_drop(Catalog *cat, CatView *v);
CatView *catalog_view_find(Catalog *cat, const CatSchema *schema, const char *name);
CatView *catalog_view_by_oid(Catalog *cat, Oid oid);
int catalog_view_count(Catalog *cat);
CatView *catalog_view_at(Catalog *cat, int i);
/* True if v reads relation `rel` (col NULL) or names its column `col`. */
bool catalog_view_depends_on(const CatView *v, Oid rel, const char *col);
/* Makes t a materialized view defined by tmpl (columns, texts, deps; copied),
 * or replaces its definition (renames). -1 with 53200. */
int catalog_matview_define(CatTable *t, const CatView *tmpl, OmError *err);
/* Resolves an unqualified relation name through search_path (as
 * catalog_table_lookup): the first schema that has a table or a view of that
 * name decides; *table or *view is set, or both NULL. */
void catalog_relation_lookup(Catalog *cat, const char *search_path, const char *name,
                             CatTable **table, CatView **view);

/* Sequences (catalog_sequence.c; caller holds the lock, exclusively for
 * changes). catalog_sequence_create copies tmpl's definition and counter,
 * assigns the OID; 42P07 if the name is taken. Dropping a table drops the
 * sequences it owns (catalog_table_drop), and a schema its sequences. */
int catalog_sequence_create(Catalog *cat, const CatSequence *tmpl, CatSequence **out, OmError *err);
void catalog_sequence_drop(Catalog *cat, CatSequence *s);
/* Drops the sequences owned by column `col` of table `table` (col NULL: by
 * any of its columns). */
void catalog_sequence_drop_owned(Catalog *cat, Oid table, const char *col);
void catalog_sequence_rename_owner_col(Catalog *cat, Oid table, const char *from, const char *to);
CatSequence *catalog_sequence_find(Catalog *cat, const CatSchema *schema, const char *name);
CatSequence *catalog_sequence_by_oid(Catalog *cat, Oid oid);
CatSequence *catalog_sequence_owned_by(Catalog *cat, Oid table, const char *col);
/* Through search_path as catalog_relation_lookup: the first schema holding a
 * relation of that name decides; NULL if that is no sequence. */
CatSequence *catalog_sequence_lookup(Catalog *cat, const char *search_path, const char *name);
int catalog_sequence_count(Catalog *cat);
CatSequence *catalog_sequence_at(Catalog *cat, int i);
/* The sequence a column default `nextval('[schema.]name'::regclass)` names
 * (schema: the table's if unqualified); false for any other default. */
bool catalog_sequence_default_names(const CatTable *t, const CatColumn *c, char *schema,
                                    char *name);
/* The first column default that draws from s (*table, *col), or false. */
bool catalog_sequence_used_by(Catalog *cat, const CatSequence *s, CatTable **table, int *col);
/* PostgreSQL's init_params: validates and applies options to s (create: a
 * new sequence, defaults for what was not given). 22023 errors as
 * PostgreSQL's; s is unchanged on error. */
int catalog_sequence_define(CatSequence *s, const CatSeqOptions *o, bool create, OmError *err);
/* nextval's step (s->mu held): the value, and whether the state must be
 * logged first (*logit, with *log_value: the value logged ahead). 2200H at
 * the end of a sequence without CYCLE. */
int catalog_sequence_next(CatSequence *s, int64_t *value, bool *logit, int64_t *log_value,
                          OmError *err);
/* setval's range check (22003) and update (s->mu held). */
int catalog_sequence_setval(CatSequence *s, int64_t value, bool is_called, OmError *err);
/* Sets the counter to a logged state (recovery; after DDL). */
void catalog_sequence_restore(CatSequence *s, int64_t value, bool is_called);
/* "smallint", "integer" or "bigint". */
const char *catalog_sequence_type_name(TypeId t);
void catalog_sequence_set_log(Catalog *cat, const CatSequenceLog *log);
const CatSequenceLog *catalog_sequence_log(Catalog *cat);
/* Enum types (CREATE TYPE ... AS ENUM; catalog_enum.c). A value is stored as
 * its label's sort order (TYPE_ENUM, typmod = the type's OID). Labels are
 * never removed, as in PostgreSQL, so a stored order always names a label:
 * CREATE gives the orders 1..n, ADD VALUE the next whole number or, BEFORE/
 * AFTER a label, the midpoint of its neighbours. A type's label list and the
 * catalog's list of types are replaced, never changed in place, and what they
 * replace is kept until catalog_destroy, so the lookups below that take an
 * OID (type_io's input and output of values) are safe without the lock; the
 * rest follow the catalog's locking. array_oid (pg_type's _name row) is
 * oid - 1, as PostgreSQL assigns them. */
typedef struct CatEnumLabel {
    double order;
    Oid oid; /* pg_enum.oid */
    char name[CATALOG_NAME_MAX];
} CatEnumLabel;
typedef struct CatEnumLabels {
    int n;
    struct CatEnumLabels *replaced; /* the list this one replaced (kept) */
    CatEnumLabel v[];               /* ascending order */
} CatEnumLabels;
typedef struct CatEnum {
    Oid oid, array_oid;
    CatSchema *schema;
    char name[CATALOG_NAME_MAX];
    Oid owner;
    CatEnumLabels *labels; /* read with catalog_enum_labels */
} CatEnum;

/* 42710 if a type of that name exists in the schema (an enum, or a table's or
 * view's row type); 42602 for a label over 63 bytes. */
int catalog_enum_create(Catalog *cat, CatSchema *schema, const char *name, const char **labels,
                        int nlabels, CatEnum **out, OmError *err);
/* Unlinks e (kept until catalog_destroy). The caller checked dependents. */
void catalog_enum_drop(Catalog *cat, CatEnum *e);
/* ALTER TYPE ... ADD VALUE [IF NOT EXISTS] label [BEFORE|AFTER neighbor]:
 * *added false when it exists and if_not_exists (the caller's NOTICE). */
int catalog_enum_add_label(Catalog *cat, CatEnum *e, const char *label, const char *neighbor,
                           bool before, bool if_not_exists, bool *added, OmError *err);
int catalog_enum_rename_label(Catalog *cat, CatEnum *e, const char *from, const char *to,
                              OmError *err);
int catalog_enum_rename(Catalog *cat, CatEnum *e, const char *name, OmError *err);
CatEnum *catalog_enum_find(Catalog *cat, const CatSchema *schema, const char *name);
/* Through search_path as catalog_table_lookup. */
CatEnum *catalog_enum_lookup(Catalog *cat, const char *search_path, const char *name);
CatEnum *catalog_enum_by_oid(Catalog *cat, Oid oid);
/* By the OID of the type or of its array type. */
CatEnum *catalog_enum_by_type_oid(Catalog *cat, Oid oid);
int catalog_enum_count(Catalog *cat);
CatEnum *catalog_enum_at(Catalog *cat, int i);
const CatEnumLabels *catalog_enum_labels(const CatEnum *e);
/* The first column of a table that is of type e (or an array of it), or false. */
bool catalog_enum_used_by(Catalog *cat, const CatEnum *e, CatTable **table, int *col);
/* Installs the TypeEnumHooks (types.h) that read this catalog's enums. */
void catalog_enum_install_hooks(Catalog *cat);

/* User-defined functions (CREATE FUNCTION ... LANGUAGE sql; catalog_function.c,
 * sql/sql_function.c). A function is named by its schema, name and input
 * argument types (overloads differ in those); its body is kept as SQL text
 * and bound again where it is called, with the argument values as
 * parameters. Each CatFunction is owned by the catalog and changed or freed
 * only under the exclusive lock; a replaced definition is copied in place. */
#define CATALOG_FUNC_MAX_ARGS 32
#define CAT_LANG_SQL          0 /* zero: a template from before PL/pgSQL is SQL */
#define CAT_LANG_PLPGSQL      'p'
typedef struct CatFuncArg {
    char name[CATALOG_NAME_MAX]; /* "" when the argument is unnamed */
    OmType type;
    char *default_sql; /* DEFAULT expression text (malloc'd), or NULL */
} CatFuncArg;
typedef struct CatFunction {
    Oid oid;
    CatSchema *schema;
    char name[CATALOG_NAME_MAX];
    Oid owner;
    int nargs; /* input arguments (IN, INOUT, VARIADIC is refused) */
    CatFuncArg *args;
    /* The result: one value of type ret (TYPE_VOID: none), or, with nout > 0,
     * rows of the out columns (RETURNS TABLE, OUT/INOUT arguments, or the
     * columns of the table a RETURNS [SETOF] tablename names: ret_rel).
     * retset: SETOF / TABLE, any number of rows. */
    OmType ret;
    bool retset;
    int nout;
    CatFuncArg *out; /* names and types only */
    /* a single OUT (INOUT, TABLE) parameter's name: the result is then one
     * value (nout 0, type ret), which PL/pgSQL sets through that name */
    char out_name[CATALOG_NAME_MAX];
    Oid ret_rel;
    char volatility; /* 'i' IMMUTABLE, 's' STABLE, 'v' VOLATILE */
    bool strict;     /* RETURNS NULL ON NULL INPUT */
    char lang;       /* CAT_LANG_SQL or CAT_LANG_PLPGSQL */
    bool is_trigger; /* RETURNS trigger (PL/pgSQL; ret is TYPE_VOID) */
    /* CREATE PROCEDURE (run by CALL; ret is TYPE_VOID, out its INOUT / OUT
     * parameters, one or more) */
    bool is_procedure;
    /* prosrc: the SQL text of the body (malloc'd). A body in the SQL-standard
     * form (RETURN expr, BEGIN ATOMIC ... END) is kept as the query it
     * stands for (SELECT expr; its last statement). */
    char *body;
} CatFunction;

/* ---- triggers (catalog_trigger.c) ---- */

/* The events a trigger fires on (a bit set, as PostgreSQL's tgtype). */
enum {
    CAT_TRIG_INSERT = 1,
    CAT_TRIG_DELETE = 2,
    CAT_TRIG_UPDATE = 4,
    CAT_TRIG_TRUNCATE = 8,
};

/* CREATE TRIGGER name {BEFORE | AFTER} events ON table FOR EACH {ROW |
 * STATEMENT} EXECUTE FUNCTION func(args): the catalog owns it; it goes with
 * its table (DROP TABLE) and keeps its function from being dropped. */
typedef struct CatTrigger {
    Oid oid;
    char name[CATALOG_NAME_MAX];
    Oid table;
    Oid func;
    bool before; /* else AFTER */
    bool row;    /* FOR EACH ROW, else STATEMENT */
    int events;  /* CAT_TRIG_* bits */
    int nargs;   /* TG_ARGV: the arguments' texts (malloc'd) */
    char **args;
    int ncols; /* UPDATE OF: the columns' names (malloc'd; none: any UPDATE) */
    char **cols;
    bool enabled;   /* ALTER TABLE ... DISABLE TRIGGER turns it off */
    char *when_sql; /* WHEN (condition): its SQL text (malloc'd), or NULL */
} CatTrigger;

/* Copies tmpl into a new trigger with a fresh OID (*out, may be NULL);
 * 42710 when its table has a trigger of that name. */
int catalog_trigger_create(Catalog *cat, const CatTrigger *tmpl, CatTrigger **out, OmError *err);
void catalog_trigger_drop(Catalog *cat, CatTrigger *tg);
CatTrigger *catalog_trigger_find(Catalog *cat, Oid table, const char *name);
CatTrigger *catalog_trigger_by_oid(Catalog *cat, Oid oid);
int catalog_trigger_count(Catalog *cat);
CatTrigger *catalog_trigger_at(Catalog *cat, int i);
/* The triggers of `table` that fire on `event` (a CAT_TRIG_* bit) at
 * `before` for rows or statements, in name order (PostgreSQL fires them so):
 * up to max into out; returns how many there are. */
int catalog_triggers_for(Catalog *cat, Oid table, int event, bool before, bool row,
                         const CatTrigger **out, int max);
/* RENAME COLUMN: the UPDATE OF lists of table's triggers follow. */
void catalog_trigger_rename_col(Catalog *cat, Oid table, const char *from, const char *to);
/* A trigger that calls function `func`, or NULL. */
CatTrigger *catalog_trigger_using(Catalog *cat, Oid func);

/* Copies tmpl (schema, name, args, result, flags, texts) into a new function
 * with a fresh OID; 42723 when one with the same argument types exists. */
int catalog_function_create(Catalog *cat, const CatFunction *tmpl, CatFunction **out, OmError *err);
/* Replaces f's definition by tmpl's (OID, schema, name and owner stay). */
int catalog_function_replace(CatFunction *f, const CatFunction *tmpl, OmError *err);
void catalog_function_drop(Catalog *cat, CatFunction *f);
/* The overload of schema.name whose input types are exactly types[0..n). */
CatFunction *catalog_function_find(Catalog *cat, const CatSchema *schema, const char *name,
                                   const OmType *types, int n);
CatFunction *catalog_function_by_oid(Catalog *cat, Oid oid);
int catalog_function_count(Catalog *cat);
CatFunction *catalog_function_at(Catalog *cat, int i);
/* Unlinks and frees the functions of a schema (DROP SCHEMA CASCADE). */
void catalog_function_drop_schema(Catalog *cat, const CatSchema *schema);
/* Argument types that make the same signature: the same type, typmods
 * aside (an enum's typmod names its type and counts). */
bool catalog_function_same_type(OmType a, OmType b);
/* "name(integer, text)": the function as errors and dependency lists name it. */
const char *catalog_function_signature(const CatFunction *f, char *buf, size_t cap);
/* True if any function has this name (in any schema): the binder's quick test. */
bool catalog_function_name_used(Catalog *cat, const char *name);

/* Column index by name, -1 if none. */
int catalog_column_index(const CatTable *table, const char *name);
/* Allocates a fresh OID (for constraints, indexes). */
Oid catalog_next_oid(Catalog *cat);
/* The OID catalog_next_oid returns next, and setting it: the redo log records
 * it before each DDL statement so that replay assigns the same OIDs. */
Oid catalog_peek_next_oid(Catalog *cat);
void catalog_set_next_oid(Catalog *cat, Oid oid);

#endif
