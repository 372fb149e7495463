/*
 * func_userdef.h — user-defined SQL functions (CREATE FUNCTION; the catalog's
 * CatFunction) as PostgreSQL 15's catalogs present them: pg_proc's argument
 * arrays and result type, the texts of pg_get_function_arguments,
 * pg_get_function_identity_arguments, pg_get_function_result and
 * pg_get_functiondef, pg_function_is_visible, and regproc names.
 *
 * Every call reads the catalog: the caller holds its lock (shared at least).
 * The regproc hooks have no catalog argument; the database installs its
 * catalog with func_userdef_set_catalog, and they are called under the lock
 * the statement holds, as regclass output is (catalog/type_io.h).
 */
#ifndef OMENDB_EXEC_FUNC_USERDEF_H
#define OMENDB_EXEC_FUNC_USERDEF_H

#include "catalog/catalog.h"
#include "common/strbuf.h"

/* One entry of pg_proc's full argument list (proallargtypes, proargmodes,
 * proargnames). */
typedef struct FuncUserArg {
    const char *name; /* "" when unnamed */
    OmType type;
    char mode;               /* 'i' IN, 'o' OUT, 'b' INOUT, 't' a RETURNS TABLE column */
    const char *default_sql; /* an input's DEFAULT as stored, or NULL */
} FuncUserArg;

/* Room func_userdef_all_args needs for f. */
static inline int func_userdef_max_args(const CatFunction *f)
{
    return f->nargs + (f->ret_rel ? 0 : f->nout);
}

/* Fills out[0..func_userdef_max_args(f)) with f's arguments in pg_proc's
 * order; returns how many. The inputs come first, in order (INOUT when an
 * output column has the input's name), then the output columns that are not
 * inputs: RETURNS TABLE columns when the function returns a set, else OUT
 * arguments. A table's columns (RETURNS tablename) are no arguments. */
int func_userdef_all_args(const CatFunction *f, FuncUserArg *out);

/* pg_proc.prorettype: the OID of f's result type (void 2278, record 2249, the
 * row type of the table RETURNS names). */
Oid func_userdef_rettype(Catalog *cat, const CatFunction *f);

/* pg_get_function_arguments (identity false: with DEFAULTs, without TABLE
 * columns) and pg_get_function_identity_arguments (identity true: no
 * DEFAULTs); types are qualified where search_path does not find them. */
void func_userdef_arguments(Catalog *cat, const CatFunction *f, const char *search_path,
                            bool identity, StrBuf *out);
/* pg_get_function_result: "integer", "SETOF t", "TABLE(a integer, b text)". */
void func_userdef_result(Catalog *cat, const CatFunction *f, const char *search_path, StrBuf *out);
/* pg_get_functiondef: CREATE OR REPLACE FUNCTION schema.name(...) ... in
 * PostgreSQL's layout, ending in a newline. */
void func_userdef_definition(Catalog *cat, const CatFunction *f, const char *search_path,
                             StrBuf *out);
/* pg_function_is_visible: f's schema is on search_path and no schema before
 * it has a function of the same name and input types. */
bool func_userdef_visible(Catalog *cat, const CatFunction *f, const char *search_path);

/* The catalog the regproc hooks below read (NULL: none, they find nothing). */
void func_userdef_set_catalog(Catalog *cat);
/* regproc output of a user function: its name, schema-qualified unless it is
 * in public and the only function of that name. False if oid is none. */
bool func_userdef_regproc_name(Oid oid, StrBuf *out);
/* regproc input: the user functions [schema.]name names (quoted parts keep
 * their case, others fold to lower case). Unqualified: those in public (the
 * default search_path), or if there are none those of any schema, since
 * the session's search_path is not at hand. Returns how many there are, the
 * first's OID in *found. */
int func_userdef_regproc_find(const char *text, Oid *found);

/* pg_get_triggerdef(oid): CREATE TRIGGER ... as PostgreSQL prints it; the
 * table and function qualified when search_path does not find them. */
void func_userdef_triggerdef(Catalog *cat, const CatTrigger *tg, const char *search_path,
                             StrBuf *out);

#endif
