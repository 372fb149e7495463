/*
 * test_scan_insert.c — the storage operators end to end: INSERT ... SELECT
 * through op_insert (defaults, NOT NULL, unique keys, statement atomicity,
 * self-insert), op_seq_scan (zero-copy chunks, filter, zone-map pruning) and
 * op_index_scan (primary-key point lookups).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "catalog/catalog.h"
#include "exec/func_registry.h"
#include "exec/op_seq_scan.h"
#include "exec/operator.h"
#include "storage/storage.h"
#include "storage/unique_index.h"
#include "txn/txn.h"

static TxnManager *g_txns;

/* Runs statements of es inside a fresh transaction (autocommit). */
static Txn *txn_for(ExecState *es)
{
    Txn *t = txn_begin(g_txns, TXN_READ_COMMITTED);
    txn_statement_begin(t);
    es->txn = t;
    es->snap = txn_snapshot(t);
    es->recheck_row = UINT64_MAX;
    return t;
}

/* Rows a new snapshot sees. */
static uint64_t count_visible(const CatTable *t)
{
    Txn *x = txn_begin(g_txns, TXN_READ_COMMITTED);
    txn_statement_begin(x);
    uint64_t n = 0, rows = storage_table_row_count(t->storage);
    for (uint64_t r = 0; r < rows; r++) n += storage_row_visible(t->storage, r, txn_snapshot(x));
    txn_commit(x, NULL, NULL);
    return n;
}

static const OmType T4[4] = {{TYPE_INT8, -1}, {TYPE_FLOAT8, -1}, {TYPE_TEXT, -1}, {TYPE_INT4, -1}};
static const OmType BOOL_T = {TYPE_BOOL, -1};

typedef struct Fixture {
    Catalog *cat;
    Arena *arena;
} Fixture;

static CatTable *make_table(Fixture *fx, const char *name, bool pk, bool k_not_null)
{
    CatColumn cols[4];
    memset(cols, 0, sizeof(cols));
    const char *names[4] = {"id", "x", "s", "k"};
    for (int i = 0; i < 4; i++) {
        snprintf(cols[i].name, sizeof(cols[i].name), "%s", names[i]);
        cols[i].type = T4[i];
    }
    cols[3].not_null = k_not_null;
    CatConstraint con;
    memset(&con, 0, sizeof(con));
    con.kind = CONSTR_PRIMARY;
    con.ncols = 1;
    CatTable tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", name);
    tmpl.schema = catalog_schema_find(fx->cat, "public");
    tmpl.ncols = 4;
    tmpl.cols = cols;
    tmpl.ncons = pk ? 1 : 0;
    tmpl.cons = &con;
    OmError err;
    error_clear(&err);
    CatTable *t = NULL;
    assert_int_equal(catalog_table_create(fx->cat, &tmpl, &t, &err), 0);
    return t;
}

/* Appends rows id = first..first+n directly to storage; id is NULL for the
 * row with id == null_id. s is long for every 5th row. */
static void fill(CatTable *t, int64_t first, int64_t n, int64_t null_id)
{
    Arena *a = arena_create(NULL, "fill");
    OmError err;
    error_clear(&err);
    storage_table_write_lock(t->storage);
    for (int64_t done = 0; done < n;) {
        arena_reset(a);
        uint32_t take = (uint32_t)(n - done < VECTOR_SIZE ? n - done : VECTOR_SIZE);
        Chunk *c = chunk_create(a, 4, T4);
        for (uint32_t i = 0; i < take; i++) {
            int64_t id = first + done + i;
            ((int64_t *)c->cols[0].data)[i] = id;
            if (id == null_id) vector_set_null(&c->cols[0], i, a);
            ((double *)c->cols[1].data)[i] = (double)id * 0.25;
            char buf[64];
            int len = id % 5 == 0
                          ? snprintf(buf, sizeof(buf), "long string for id %lld", (long long)id)
                          : snprintf(buf, sizeof(buf), "v%lld", (long long)(id % 1000));
            ((StrView *)c->cols[2].data)[i] = vector_add_string(&c->cols[2], buf, (uint32_t)len);
            ((int32_t *)c->cols[3].data)[i] = (int32_t)(id % 1000);
        }
        c->count = take;
        assert_int_equal(storage_table_append(t->storage, c, NULL, &err), 0);
        done += take;
    }
    storage_table_commit(t->storage);
    storage_table_write_unlock(t->storage);
    arena_destroy(a);
}

static PlanNode *scan_plan(Arena *a, CatTable *t, Expr *filter)
{
    PlanNode *p = ARENA_NEW(a, PlanNode);
    p->kind = PLAN_SEQ_SCAN;
    p->ncols = 4;
    p->types = (OmType *)T4;
    p->u.scan.table = t;
    p->u.scan.ncols = 4;
    p->u.scan.col_ids = ARENA_NEW_ARRAY(a, int, 4);
    for (int i = 0; i < 4; i++) p->u.scan.col_ids[i] = i;
    p->u.scan.filter = filter;
    return p;
}

/* INSERT INTO dst (cols of src given by ntarget/targets) SELECT first columns FROM src. */
static int run_insert(Fixture *fx, CatTable *dst, CatTable *src, int ntarget, const int *targets,
                      Expr **defaults, OmError *err, uint64_t *rows)
{
    PlanNode *p = ARENA_NEW(fx->arena, PlanNode);
    p->kind = PLAN_INSERT;
    p->left = scan_plan(fx->arena, src, NULL);
    p->left->u.scan.ncols = ntarget; /* the first ntarget columns of src */
    p->left->ncols = ntarget;
    p->u.insert.table = dst;
    p->u.insert.ncols_in = ntarget;
    p->u.insert.target_cols = (int *)targets;
    p->u.insert.defaults = defaults;
    ExecState es;
    memset(&es, 0, sizeof(es));
    es.arena = arena_create(NULL, "stmt");
    es.err = err;
    error_clear(err);
    Txn *x = txn_for(&es);
    Operator *op = exec_build(p, &es);
    int rc = -1;
    if (op) {
        rc = exec_open(op);
        Chunk *c = NULL;
        if (rc == 0) rc = exec_next(op, &c);
        assert_null(c);
        exec_close(op);
    }
    if (rc == 0)
        txn_commit(x, NULL, NULL);
    else
        txn_abort(x);
    *rows = es.rows_affected;
    arena_destroy(es.arena);
    return rc;
}

static Expr *cmp(Arena *a, const char *opname, int col, TypeId type, const Value *v,
                 bool const_left)
{
    TypeId args[2] = {type, type};
    const FuncDef *def = func_find_exact(opname, args, 2);
    assert_non_null(def);
    Expr **ea = ARENA_NEW_ARRAY(a, Expr *, 2);
    Expr *c = expr_make_column(a, col, (OmType){type, -1});
    Expr *k = expr_make_const(a, v);
    ea[0] = const_left ? k : c;
    ea[1] = const_left ? c : k;
    return expr_make_func(a, def, ea, 2, BOOL_T);
}

static Value int8_value(int64_t x)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = T4[0];
    v.u.i64 = x;
    return v;
}

/* Runs a scan; returns the number of rows and checks lo <= id < hi for each. */
static uint64_t run_scan(Fixture *fx, PlanNode *plan, int64_t lo, int64_t hi, uint64_t *pruned)
{
    OmError err;
    error_clear(&err);
    ExecState es;
    memset(&es, 0, sizeof(es));
    es.arena = arena_create(NULL, "stmt");
    es.err = &err;
    Txn *x = txn_for(&es);
    Operator *op = exec_build(plan, &es);
    assert_non_null(op);
    assert_int_equal(exec_open(op), 0);
    uint64_t rows = 0;
    Chunk *c;
    for (;;) {
        assert_int_equal(exec_next(op, &c), 0);
        if (c == NULL) break;
        assert_true(c->count > 0);
        for (uint32_t i = 0; i < c->count; i++) {
            uint32_t r = chunk_row(c, i);
            int64_t id = ((const int64_t *)c->cols[0].data)[r];
            assert_true(id >= lo && id < hi);
            assert_true(((const double *)c->cols[1].data)[r] == (double)id * 0.25);
        }
        rows += c->count;
    }
    if (pruned) *pruned = op_seq_scan_pruned(op);
    exec_close(op);
    txn_commit(x, NULL, NULL);
    arena_destroy(es.arena);
    return rows;
}

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof(Fixture));
    fx->cat = catalog_create();
    if (!g_txns) g_txns = txn_manager_create();
    fx->arena = arena_create(NULL, "test");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    catalog_destroy(fx->cat);
    arena_destroy(fx->arena);
    free(fx);
    return 0;
}

static const int ALL4[4] = {0, 1, 2, 3};

static void test_insert_select_and_scan(void **state)
{
    Fixture *fx = *state;
    CatTable *src = make_table(fx, "src", false, false);
    CatTable *t = make_table(fx, "t", true, false);
    const int64_t n = 2 * STORAGE_GROUP_ROWS + 777;
    fill(src, 0, n, -1);
    OmError err;
    uint64_t rows;
    assert_int_equal(run_insert(fx, t, src, 4, ALL4, NULL, &err, &rows), 0);
    assert_int_equal(rows, n);
    assert_int_equal(storage_table_row_count(t->storage), n);
    assert_int_equal(unique_index_count(storage_table_unique(t->storage, 0)), n);

    /* Full scan. */
    assert_int_equal(run_scan(fx, scan_plan(fx->arena, t, NULL), 0, n, NULL), n);
    /* id < 5000: everything past the first 3 vectors is pruned. */
    Value v = int8_value(5000);
    uint64_t pruned;
    PlanNode *p = scan_plan(fx->arena, t, cmp(fx->arena, "<", 0, TYPE_INT8, &v, false));
    assert_int_equal(run_scan(fx, p, 0, 5000, &pruned), 5000);
    uint64_t nvec = (n + STORAGE_VECTOR_ROWS - 1) / STORAGE_VECTOR_ROWS;
    assert_int_equal(pruned, nvec - 4); /* 3 vectors match; the partial tail is never pruned */
    /* BETWEEN as two conjuncts, constant on the left in one of them. */
    Value lo = int8_value(STORAGE_GROUP_ROWS + 10), hi = int8_value(STORAGE_GROUP_ROWS + 3000);
    Expr *conj[2] = {cmp(fx->arena, "<=", 0, TYPE_INT8, &lo, true),
                     cmp(fx->arena, "<=", 0, TYPE_INT8, &hi, false)};
    Expr *and = ARENA_NEW(fx->arena, Expr);
    and->kind = EXPR_AND;
    and->type = BOOL_T;
    and->nargs = 2;
    and->args = conj;
    p = scan_plan(fx->arena, t, and);
    assert_int_equal(run_scan(fx, p, lo.u.i64, hi.u.i64 + 1, &pruned), 2991);
    assert_int_equal(pruned, nvec - 3);
    /* Comparison with NULL prunes everything complete. */
    Value nul = int8_value(0);
    nul.is_null = true;
    p = scan_plan(fx->arena, t, cmp(fx->arena, "=", 0, TYPE_INT8, &nul, false));
    assert_int_equal(run_scan(fx, p, 0, 0, &pruned), 0);
    assert_int_equal(pruned, nvec - 1);
}

static void test_unique_violation_leaves_no_trace(void **state)
{
    Fixture *fx = *state;
    CatTable *t = make_table(fx, "t", true, false);
    CatTable *a = make_table(fx, "a", false, false);
    CatTable *b = make_table(fx, "b", false, false);
    fill(a, 0, 5000, -1);
    fill(b, 4990, 3000, -1); /* overlaps a at 4990..4999 */
    OmError err;
    uint64_t rows;
    assert_int_equal(run_insert(fx, t, a, 4, ALL4, NULL, &err, &rows), 0);
    size_t bytes_index = unique_index_count(storage_table_unique(t->storage, 0));
    assert_int_equal(run_insert(fx, t, b, 4, ALL4, NULL, &err, &rows), -1);
    assert_string_equal(err.sqlstate, "23505");
    assert_string_equal(err.message, "duplicate key value violates unique constraint \"t_pkey\"");
    assert_string_equal(err.detail, "Key (id)=(4990) already exists.");
    assert_int_equal(count_visible(t), 5000);
    /* entries of the failed statement point at rolled-back rows: no more live keys */
    assert_true(unique_index_count(storage_table_unique(t->storage, 0)) >= bytes_index);
    /* Duplicates within one statement: the second occurrence fails. */
    CatTable *c = make_table(fx, "c", false, false);
    fill(c, 100000, 3000, -1);
    fill(c, 100000, 10, -1);
    assert_int_equal(run_insert(fx, t, c, 4, ALL4, NULL, &err, &rows), -1);
    assert_string_equal(err.detail, "Key (id)=(100000) already exists.");
    assert_int_equal(count_visible(t), 5000);
    /* The table still accepts the non-conflicting rows afterwards. */
    CatTable *d = make_table(fx, "d", false, false);
    fill(d, 5000, 2500, -1);
    assert_int_equal(run_insert(fx, t, d, 4, ALL4, NULL, &err, &rows), 0);
    assert_int_equal(rows, 2500);
    assert_int_equal(run_scan(fx, scan_plan(fx->arena, t, NULL), 0, 7500, NULL), 7500);
}

static void test_not_null_and_defaults(void **state)
{
    Fixture *fx = *state;
    CatTable *t = make_table(fx, "t", true, true); /* k NOT NULL */
    CatTable *src = make_table(fx, "src", false, false);
    fill(src, 1, 10, 7); /* id NULL in the 7th row */
    OmError err;
    uint64_t rows;
    assert_int_equal(run_insert(fx, t, src, 4, ALL4, NULL, &err, &rows), -1);
    assert_string_equal(err.sqlstate, "23502");
    assert_string_equal(
        err.message, "null value in column \"id\" of relation \"t\" violates not-null constraint");
    assert_string_equal(err.detail, "Failing row contains (null, 1.75, v7, 7).");
    assert_int_equal(count_visible(t), 0);

    /* INSERT INTO t (id, x) SELECT id, x: s gets NULL, k its default 42. */
    CatTable *ok = make_table(fx, "ok", false, false);
    fill(ok, 1, 3000, -1);
    Expr **defaults = ARENA_NEW_ARRAY(fx->arena, Expr *, 4);
    Value v42;
    memset(&v42, 0, sizeof(v42));
    v42.type = T4[3];
    v42.u.i32 = 42;
    defaults[3] = expr_make_const(fx->arena, &v42);
    static const int two[2] = {0, 1};
    assert_int_equal(run_insert(fx, t, ok, 2, two, defaults, &err, &rows), 0);
    assert_int_equal(rows, 3000);
    Value out;
    assert_int_equal(storage_table_fetch(t->storage, 3000, 2999, 3, &out), 0);
    assert_int_equal(out.u.i32, 42);
    assert_int_equal(storage_table_fetch(t->storage, 3000, 2999, 2, &out), 0);
    assert_true(out.is_null);
    /* Without the default, k would be NULL: 23502 on the first row. */
    CatTable *more = make_table(fx, "more", false, false);
    fill(more, 10000, 5, -1);
    assert_int_equal(run_insert(fx, t, more, 2, two, NULL, &err, &rows), -1);
    assert_string_equal(err.detail, "Failing row contains (10000, 2500, null, null).");
    assert_int_equal(count_visible(t), 3000);
}

static void test_self_insert(void **state)
{
    Fixture *fx = *state;
    CatTable *t = make_table(fx, "t", false, false);
    fill(t, 0, 3000, -1);
    OmError err;
    uint64_t rows;
    assert_int_equal(run_insert(fx, t, t, 4, ALL4, NULL, &err, &rows), 0);
    assert_int_equal(rows, 3000); /* the statement does not see its own rows */
    assert_int_equal(count_visible(t), 6000);
}

static void test_index_scan(void **state)
{
    Fixture *fx = *state;
    CatTable *t = make_table(fx, "t", true, false);
    CatTable *src = make_table(fx, "src", false, false);
    fill(src, 0, 10000, -1);
    OmError err;
    uint64_t rows;
    assert_int_equal(run_insert(fx, t, src, 4, ALL4, NULL, &err, &rows), 0);
    PlanNode *p = scan_plan(fx->arena, t, NULL);
    p->kind = PLAN_INDEX_SCAN;
    p->u.scan.path = ACCESS_INDEX_POINT;
    Value k = int8_value(4321);
    p->u.scan.key_eq = expr_make_const(fx->arena, &k);
    assert_int_equal(run_scan(fx, p, 4321, 4322, NULL), 1);
    Value missing = int8_value(123456);
    p->u.scan.key_eq = expr_make_const(fx->arena, &missing);
    assert_int_equal(run_scan(fx, p, 0, 0, NULL), 0);
    /* INSERT INTO t SELECT * FROM t WHERE id = 4321 through the index: a
     * duplicate key, and no self-deadlock on the table's locks. */
    p->u.scan.key_eq = expr_make_const(fx->arena, &k);
    PlanNode *ins = ARENA_NEW(fx->arena, PlanNode);
    ins->kind = PLAN_INSERT;
    ins->left = p;
    ins->u.insert.table = t;
    ins->u.insert.ncols_in = 4;
    ins->u.insert.target_cols = (int *)ALL4;
    ExecState ies;
    memset(&ies, 0, sizeof(ies));
    ies.arena = arena_create(NULL, "stmt");
    ies.err = &err;
    error_clear(&err);
    Txn *x = txn_for(&ies);
    Operator *op = exec_build(ins, &ies);
    assert_non_null(op);
    assert_int_equal(exec_open(op), 0);
    Chunk *c = NULL;
    assert_int_equal(exec_next(op, &c), -1);
    assert_string_equal(err.sqlstate, "23505");
    assert_string_equal(err.detail, "Key (id)=(4321) already exists.");
    exec_close(op);
    txn_abort(x);
    arena_destroy(ies.arena);
    assert_int_equal(count_visible(t), 10000);
    /* Range scans are refused with 0A000. */
    p->u.scan.key_eq = NULL;
    p->u.scan.key_lo = expr_make_const(fx->arena, &k);
    ExecState es;
    memset(&es, 0, sizeof(es));
    es.arena = arena_create(NULL, "stmt");
    es.err = &err;
    error_clear(&err);
    assert_null(exec_build(p, &es));
    assert_string_equal(err.sqlstate, "0A000");
    arena_destroy(es.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_insert_select_and_scan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unique_violation_leaves_no_trace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_null_and_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_insert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_scan, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
