/*
 * test_catalog_comment.c — the comment store of COMMENT ON (catalog_comment.c):
 * set / replace / remove, the built-in comment of schema public, columns'
 * comments moving with the column, and comments going with their objects
 * (tables with their indexes and constraints, foreign keys dropped with the
 * referenced table, sequences, views, schemas, indexes, ALTER TABLE's pruning).
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

/* Table `name` in `schema`: (id int4 PRIMARY KEY, ref int4, note text). */
static CatTable *make_table(Catalog *cat, CatSchema *schema, const char *name)
{
    CatColumn cols[3] = {col("id", TYPE_INT4), col("ref", TYPE_INT4), col("note", TYPE_TEXT)};
    CatConstraint pk;
    memset(&pk, 0, sizeof(pk));
    pk.kind = CONSTR_PRIMARY;
    pk.ncols = 1;
    CatTable tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", name);
    tmpl.schema = schema;
    tmpl.ncols = 3;
    tmpl.cols = cols;
    tmpl.ncons = 1;
    tmpl.cons = &pk;
    OmError err;
    error_clear(&err);
    CatTable *t = NULL;
    assert_int_equal(catalog_table_create(cat, &tmpl, &t, &err), 0);
    return t;
}

static int count_class(Catalog *cat, Oid classoid)
{
    int n = 0;
    for (int i = 0; i < catalog_comment_count(cat); i++)
        n += catalog_comment_at(cat, i)->classoid == classoid;
    return n;
}

static void test_set_replace_remove(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    catalog_lock_exclusive(cat);
    /* initdb's comment on public */
    assert_string_equal(catalog_comment_get(cat, CAT_CLASS_NAMESPACE, OID_NAMESPACE_PUBLIC),
                        "standard public schema");
    OmError err;
    error_clear(&err);
    CatTable *t = make_table(cat, catalog_schema_find(cat, "public"), "t");
    assert_int_equal(catalog_comment_set(cat, CAT_CLASS_RELATION, t->oid, t->oid, "one", &err), 0);
    assert_string_equal(catalog_comment_get(cat, CAT_CLASS_RELATION, t->oid), "one");
    assert_int_equal(catalog_comment_set(cat, CAT_CLASS_RELATION, t->oid, t->oid, "two", &err), 0);
    assert_string_equal(catalog_comment_get(cat, CAT_CLASS_RELATION, t->oid), "two");
    assert_int_equal(count_class(cat, CAT_CLASS_RELATION), 1);
    /* the same OID in another catalog is another object */
    assert_null(catalog_comment_get(cat, CAT_CLASS_CONSTRAINT, t->oid));
    /* '' and NULL remove */
    assert_int_equal(catalog_comment_set(cat, CAT_CLASS_RELATION, t->oid, t->oid, "", &err), 0);
    assert_null(catalog_comment_get(cat, CAT_CLASS_RELATION, t->oid));
    assert_int_equal(catalog_comment_set(cat, CAT_CLASS_RELATION, t->oid, t->oid, NULL, &err), 0);
    assert_int_equal(count_class(cat, CAT_CLASS_RELATION), 0);
    /* columns: on the column, read by attnum */
    assert_int_equal(catalog_column_comment_set(&t->cols[2], "a note", &err), 0);
    assert_string_equal(catalog_column_comment(cat, t->oid, 3), "a note");
    assert_null(catalog_column_comment(cat, t->oid, 1));
    assert_null(catalog_column_comment(cat, t->oid, 9));
    assert_int_equal(catalog_column_comment_set(&t->cols[2], "", &err), 0);
    assert_null(t->cols[2].comment);
    catalog_unlock(cat);
    catalog_destroy(cat);
}

static void test_gone_with_objects(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    catalog_lock_exclusive(cat);
    OmError err;
    error_clear(&err);
    CatSchema *s;
    assert_int_equal(catalog_schema_create(cat, "app", &s, &err), 0);
    Oid schema_oid = s->oid;
    CatTable *parent = make_table(cat, s, "parent");
    CatTable *child = make_table(cat, s, "child");
    Oid pk = parent->cons[0].oid, pk_index = parent->cons[0].index_oid;
    CatForeignKey fk;
    memset(&fk, 0, sizeof(fk));
    fk.ncols = 1;
    fk.cols[0] = 1;
    fk.ref_table = parent->oid;
    fk.ref_index = pk_index;
    fk.on_delete = fk.on_update = 'a';
    assert_int_equal(catalog_fkey_add(cat, child, &fk, &err), 0);
    Oid fk_oid = child->fkeys[0].oid;
    Oid child_oid = child->oid;
    catalog_comment_set(cat, CAT_CLASS_NAMESPACE, schema_oid, 0, "schema", &err);
    catalog_comment_set(cat, CAT_CLASS_RELATION, parent->oid, parent->oid, "parent", &err);
    catalog_comment_set(cat, CAT_CLASS_RELATION, pk_index, parent->oid, "index", &err);
    catalog_comment_set(cat, CAT_CLASS_CONSTRAINT, pk, parent->oid, "key", &err);
    catalog_comment_set(cat, CAT_CLASS_CONSTRAINT, fk_oid, child_oid, "fk", &err);
    catalog_comment_set(cat, CAT_CLASS_RELATION, child_oid, child_oid, "child", &err);
    assert_int_equal(catalog_comment_count(cat), 9); /* with initdb's three */
    /* ALTER TABLE removed the child's foreign key: pruned */
    child->nfkeys = 0;
    catalog_comment_prune_table(cat, child);
    assert_null(catalog_comment_get(cat, CAT_CLASS_CONSTRAINT, fk_oid));
    assert_string_equal(catalog_comment_get(cat, CAT_CLASS_RELATION, child_oid), "child");
    /* DROP TABLE takes the table's, its index's and its key's comments */
    assert_int_equal(catalog_table_drop(cat, parent, &err), 0);
    assert_null(catalog_comment_get(cat, CAT_CLASS_CONSTRAINT, pk));
    assert_null(catalog_comment_get(cat, CAT_CLASS_RELATION, pk_index));
    assert_int_equal(catalog_comment_count(cat), 5);
    /* DROP SCHEMA ... CASCADE takes the schema's and its tables' */
    assert_int_equal(catalog_schema_drop(cat, s, true, &err), 0);
    assert_int_equal(catalog_comment_count(cat), 3);
    assert_string_equal(catalog_comment_get(cat, CAT_CLASS_NAMESPACE, OID_NAMESPACE_PUBLIC),
                        "standard public schema");
    catalog_unlock(cat);
    catalog_destroy(cat);
}

static void test_referencing_key_dropped(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    catalog_lock_exclusive(cat);
    OmError err;
    error_clear(&err);
    CatSchema *pub = catalog_schema_find(cat, "public");
    CatTable *parent = make_table(cat, pub, "p");
    CatTable *child = make_table(cat, pub, "c");
    CatForeignKey fk;
    memset(&fk, 0, sizeof(fk));
    fk.ncols = 1;
    fk.cols[0] = 1;
    fk.ref_table = parent->oid;
    fk.ref_index = parent->cons[0].index_oid;
    fk.on_delete = fk.on_update = 'a';
    assert_int_equal(catalog_fkey_add(cat, child, &fk, &err), 0);
    Oid fk_oid = child->fkeys[0].oid;
    catalog_comment_set(cat, CAT_CLASS_CONSTRAINT, fk_oid, child->oid, "fk", &err);
    /* DROP TABLE p CASCADE drops c's foreign key, and its comment */
    assert_int_equal(catalog_table_drop(cat, parent, &err), 0);
    assert_int_equal(child->nfkeys, 0);
    assert_null(catalog_comment_get(cat, CAT_CLASS_CONSTRAINT, fk_oid));
    /* an index of c: DROP INDEX takes its comment */
    int cols[1] = {2};
    CatConstraint *idx;
    assert_int_equal(catalog_index_create(cat, child, "c_note", false, 1, cols, NULL, CAT_AM_BTREE,
                                          NULL, &idx, &err),
                     0);
    Oid idx_oid = idx->index_oid;
    catalog_comment_set(cat, CAT_CLASS_RELATION, idx_oid, child->oid, "by note", &err);
    assert_int_equal(catalog_index_drop(cat, child, idx, &err), 0);
    assert_null(catalog_comment_get(cat, CAT_CLASS_RELATION, idx_oid));
    /* a sequence */
    CatSequence tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    tmpl.schema = pub;
    snprintf(tmpl.name, sizeof(tmpl.name), "s");
    CatSeqOptions o;
    memset(&o, 0, sizeof(o));
    assert_int_equal(catalog_sequence_define(&tmpl, &o, true, &err), 0);
    CatSequence *seq;
    assert_int_equal(catalog_sequence_create(cat, &tmpl, &seq, &err), 0);
    Oid seq_oid = seq->oid;
    catalog_comment_set(cat, CAT_CLASS_RELATION, seq_oid, seq_oid, "seq", &err);
    catalog_sequence_drop(cat, seq);
    assert_null(catalog_comment_get(cat, CAT_CLASS_RELATION, seq_oid));
    /* a view, and a column comment of it */
    CatColumn vcols[1] = {col("x", TYPE_INT4)};
    CatView vt;
    memset(&vt, 0, sizeof(vt));
    vt.schema = pub;
    snprintf(vt.name, sizeof(vt.name), "v");
    vt.ncols = 1;
    vt.cols = vcols;
    vt.query_sql = "SELECT 1 AS x";
    vt.def_sql = " SELECT 1 AS x;";
    CatView *v;
    assert_int_equal(catalog_view_create(cat, &vt, &v, &err), 0);
    Oid view_oid = v->oid;
    catalog_comment_set(cat, CAT_CLASS_RELATION, view_oid, view_oid, "view", &err);
    assert_int_equal(catalog_column_comment_set(&v->cols[0], "x col", &err), 0);
    /* CREATE OR REPLACE keeps the columns' comments by position */
    CatColumn vcols2[2] = {col("x", TYPE_INT4), col("y", TYPE_INT4)};
    vt.ncols = 2;
    vt.cols = vcols2;
    assert_int_equal(catalog_view_replace(v, &vt, &err), 0);
    assert_string_equal(catalog_column_comment(cat, view_oid, 1), "x col");
    assert_null(catalog_column_comment(cat, view_oid, 2));
    catalog_view_drop(cat, v);
    assert_null(catalog_comment_get(cat, CAT_CLASS_RELATION, view_oid));
    assert_null(catalog_column_comment(cat, view_oid, 1));
    catalog_unlock(cat);
    catalog_destroy(cat);
}

static void test_column_comment_follows_alter(void **state)
{
    (void)state;
    Catalog *cat = catalog_create();
    catalog_lock_exclusive(cat);
    OmError err;
    error_clear(&err);
    CatTable *t = make_table(cat, catalog_schema_find(cat, "public"), "t");
    assert_int_equal(catalog_column_comment_set(&t->cols[2], "note", &err), 0);
    /* ALTER TABLE's journal: a saved copy is independent, and comes back */
    CatTable saved;
    assert_int_equal(catalog_table_meta_save(t, &saved), 0);
    assert_ptr_not_equal(saved.cols[2].comment, t->cols[2].comment);
    assert_int_equal(catalog_column_comment_set(&t->cols[2], "changed", &err), 0);
    catalog_table_meta_restore(t, &saved);
    assert_string_equal(catalog_column_comment(cat, t->oid, 3), "note");
    catalog_unlock(cat);
    catalog_destroy(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_replace_remove),
        cmocka_unit_test(test_gone_with_objects),
        cmocka_unit_test(test_referencing_key_dropped),
        cmocka_unit_test(test_column_comment_follows_alter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
