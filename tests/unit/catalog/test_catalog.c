/*
 * test_catalog.c — schemas, tables, constraints: built-ins, OIDs, lookups
 * through search_path, generated constraint names, PostgreSQL's errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/catalog.h"
#include "storage/storage.h"

static CatColumn col(const char *name, TypeId type)
{
    CatColumn c;
    memset(&c, 0, sizeof(c));
    snprintf(c.name, sizeof(c.name), "%s", name);
    c.type = (OmType){type, -1};
    return c;
}

static CatConstraint con(ConstraintKind kind, int ncols, int c0, int c1)
{
    CatConstraint k;
    memset(&k, 0, sizeof(k));
    k.kind = kind;
    k.ncols = ncols;
    k.cols[0] = c0;
    k.cols[1] = c1;
    return k;
}

/* Creates table `name` in `schema` with columns (id int4, email text, n int8). */
static int make_table(Catalog *cat, CatSchema *schema, const char *name, CatConstraint *cons,
                      int ncons, CatTable **out, OmError *err)
{
    CatColumn cols[3] = {col("id", TYPE_INT4), col("email", TYPE_TEXT), col("n", TYPE_INT8)};
    CatTable tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", name);
    tmpl.schema = schema;
    tmpl.ncols = 3;
    tmpl.cols = cols;
    tmpl.ncons = ncons;
    tmpl.cons = cons;
    error_clear(err);
    return catalog_table_create(cat, &tmpl, out, err);
}

static void test_builtins(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    catalog_lock_shared(cat);
    assert_int_equal(catalog_schema_find(cat, "pg_catalog")->oid, 11);
    assert_int_equal(catalog_schema_find(cat, "public")->oid, 2200);
    assert_non_null(catalog_schema_find(cat, "information_schema"));
    assert_null(catalog_schema_find(cat, "nope"));
    assert_int_equal(catalog_schema_count(cat), 3);
    assert_ptr_equal(catalog_schema_by_oid(cat, 2200), catalog_schema_find(cat, "public"));
    assert_int_equal(catalog_next_oid(cat), OID_FIRST_NORMAL);
    catalog_unlock(cat);
    catalog_destroy(cat);
}

static void test_create_table_and_constraints(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    OmError err;
    catalog_lock_exclusive(cat);
    CatSchema *pub = catalog_schema_find(cat, "public");
    CatConstraint cons[3] = {con(CONSTR_UNIQUE, 1, 1, 0), con(CONSTR_PRIMARY, 1, 0, 0),
                             con(CONSTR_UNIQUE, 2, 1, 2)};
    CatTable *t;
    assert_int_equal(make_table(cat, pub, "users", cons, 3, &t, &err), 0);
    assert_int_equal(t->oid, OID_FIRST_NORMAL);
    assert_int_equal(t->type_oid, OID_FIRST_NORMAL + 1);
    assert_int_equal(t->ncons, 3);
    /* Primary key first. */
    assert_int_equal(t->cons[0].kind, CONSTR_PRIMARY);
    assert_string_equal(t->cons[0].name, "users_pkey");
    assert_string_equal(t->cons[1].name, "users_email_key");
    assert_string_equal(t->cons[2].name, "users_email_n_key");
    assert_true(t->cons[0].index_oid >= OID_FIRST_NORMAL + 2);
    assert_true(t->cols[0].not_null); /* PRIMARY KEY implies NOT NULL */
    assert_false(t->cols[1].not_null);
    assert_int_equal(t->cols[2].attnum, 3);
    assert_non_null(t->storage);
    assert_int_equal(storage_table_ncols(t->storage), 3);
    assert_int_equal(storage_table_unique_count(t->storage), 3);
    int n;
    assert_int_equal(storage_table_unique_cols(t->storage, 0, &n)[0], 0);
    assert_int_equal(catalog_column_index(t, "email"), 1);
    assert_int_equal(catalog_column_index(t, "nope"), -1);
    assert_ptr_equal(catalog_table_by_oid(cat, t->oid), t);
    assert_ptr_equal(catalog_table_find(cat, pub, "users"), t);

    /* Same relation name again: 42P07; also the name of a constraint index. */
    assert_int_equal(make_table(cat, pub, "users", NULL, 0, NULL, &err), -1);
    assert_string_equal(err.sqlstate, "42P07");
    assert_string_equal(err.message, "relation \"users\" already exists");
    assert_int_equal(make_table(cat, pub, "users_pkey", NULL, 0, NULL, &err), -1);
    assert_string_equal(err.sqlstate, "42P07");

    /* Two unique constraints on the same column: users2_id_key, users2_id_key1. */
    CatConstraint dup[2] = {con(CONSTR_UNIQUE, 1, 0, 0), con(CONSTR_UNIQUE, 1, 0, 0)};
    assert_int_equal(make_table(cat, pub, "users2", dup, 2, &t, &err), 0);
    assert_string_equal(t->cons[0].name, "users2_id_key");
    assert_string_equal(t->cons[1].name, "users2_id_key1");

    /* Multiple primary keys: 42P16. */
    CatConstraint pks[2] = {con(CONSTR_PRIMARY, 1, 0, 0), con(CONSTR_PRIMARY, 1, 1, 0)};
    assert_int_equal(make_table(cat, pub, "t3", pks, 2, NULL, &err), -1);
    assert_string_equal(err.sqlstate, "42P16");
    assert_string_equal(err.message, "multiple primary keys for table \"t3\" are not allowed");

    /* Duplicate column: 42701. */
    CatColumn cols[2] = {col("a", TYPE_INT4), col("a", TYPE_TEXT)};
    CatTable tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    snprintf(tmpl.name, sizeof(tmpl.name), "t4");
    tmpl.schema = pub;
    tmpl.ncols = 2;
    tmpl.cols = cols;
    error_clear(&err);
    assert_int_equal(catalog_table_create(cat, &tmpl, NULL, &err), -1);
    assert_string_equal(err.sqlstate, "42701");
    assert_string_equal(err.message, "column \"a\" specified more than once");
    assert_int_equal(catalog_table_count(cat), 2);

    /* Drop. */
    CatTable *u2 = catalog_table_find(cat, pub, "users2");
    error_clear(&err);
    assert_int_equal(catalog_table_drop(cat, u2, &err), 0);
    assert_null(catalog_table_find(cat, pub, "users2"));
    assert_int_equal(catalog_table_count(cat), 1);
    catalog_unlock(cat);
    catalog_destroy(cat);
}

static void test_long_names(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    OmError err;
    CatSchema *pub = catalog_schema_find(cat, "public");
    char name[80];
    memset(name, 'x', 70);
    name[70] = 0;
    CatConstraint pk = con(CONSTR_PRIMARY, 1, 0, 0);
    CatTable *t;
    assert_int_equal(make_table(cat, pub, name, &pk, 1, &t, &err), 0);
    assert_int_equal(strlen(t->name), 63);
    assert_int_equal(strlen(t->cons[0].name), 63);
    assert_string_equal(t->cons[0].name + 58, "_pkey");
    catalog_destroy(cat);
}

static void test_schemas_and_search_path(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    OmError err;
    CatSchema *s;
    error_clear(&err);
    assert_int_equal(catalog_schema_create(cat, "app", &s, &err), 0);
    assert_true(s->oid >= OID_FIRST_NORMAL);
    assert_int_equal(catalog_schema_create(cat, "app", NULL, &err), -1);
    assert_string_equal(err.sqlstate, "42P06");
    assert_string_equal(err.message, "schema \"app\" already exists");
    CatSchema *mixed;
    error_clear(&err);
    assert_int_equal(catalog_schema_create(cat, "My Schema", &mixed, &err), 0);

    CatSchema *pub = catalog_schema_find(cat, "public");
    CatTable *tp, *ta, *tm;
    assert_int_equal(make_table(cat, pub, "t", NULL, 0, &tp, &err), 0);
    assert_int_equal(make_table(cat, s, "t", NULL, 0, &ta, &err), 0);
    assert_int_equal(make_table(cat, mixed, "m", NULL, 0, &tm, &err), 0);

    assert_ptr_equal(catalog_table_lookup(cat, "\"$user\", public", "t"), tp);
    assert_ptr_equal(catalog_table_lookup(cat, "app, public", "t"), ta);
    assert_ptr_equal(catalog_table_lookup(cat, " APP ,public", "t"), ta);
    assert_ptr_equal(catalog_table_lookup(cat, "nosuch, public", "t"), tp);
    assert_null(catalog_table_lookup(cat, "public", "m"));
    assert_ptr_equal(catalog_table_lookup(cat, "public, \"My Schema\"", "m"), tm);
    assert_null(catalog_table_lookup(cat, "", "t"));
    assert_ptr_equal(catalog_creation_schema(cat, "\"$user\", public"), pub);
    assert_ptr_equal(catalog_creation_schema(cat, "nosuch, app"), s);
    assert_null(catalog_creation_schema(cat, "nosuch"));

    /* A table in pg_catalog is found first, as PostgreSQL searches it implicitly. */
    CatTable *tpg;
    assert_int_equal(
        make_table(cat, catalog_schema_find(cat, "pg_catalog"), "t", NULL, 0, &tpg, &err), 0);
    assert_ptr_equal(catalog_table_lookup(cat, "app, public", "t"), tpg);
    assert_ptr_equal(catalog_table_lookup(cat, "app, pg_catalog", "t"), ta);

    /* DROP SCHEMA with dependents: 2BP01 + hint; CASCADE drops them. */
    error_clear(&err);
    assert_int_equal(catalog_schema_drop(cat, s, false, &err), -1);
    assert_string_equal(err.sqlstate, "2BP01");
    assert_string_equal(err.message, "cannot drop schema app because other objects depend on it");
    assert_string_equal(err.hint, "Use DROP ... CASCADE to drop the dependent objects too.");
    assert_string_equal(err.detail, "table app.t depends on schema app");
    int ntables = catalog_table_count(cat);
    error_clear(&err);
    assert_int_equal(catalog_schema_drop(cat, s, true, &err), 0);
    assert_null(catalog_schema_find(cat, "app"));
    assert_int_equal(catalog_table_count(cat), ntables - 1);
    error_clear(&err);
    assert_int_equal(catalog_schema_drop(cat, catalog_schema_find(cat, "pg_catalog"), true, &err),
                     -1);
    assert_string_equal(err.sqlstate, "2BP01");
    catalog_destroy(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins),
        cmocka_unit_test(test_create_table_and_constraints),
        cmocka_unit_test(test_long_names),
        cmocka_unit_test(test_schemas_and_search_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
