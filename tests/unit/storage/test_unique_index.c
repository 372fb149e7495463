/*
 * test_unique_index.c — the unique index behind PRIMARY KEY / UNIQUE: key
 * encoding (equal SQL values encode equally, memcmp order = SQL order, numeric
 * included; prefix successors), the choice of structure (ALEX for one
 * integer-like column, B+tree otherwise), and for BOTH structures insert /
 * lookup / duplicate / delete / truncate by row id (through the undo ring and
 * through a full pass), bulk load with duplicate detection, ordered iteration
 * from a bound, range estimates, long keys and byte accounting.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "storage/unique_index.h"

static void encode1(UniqueKey *k, TypeId type, const void *payload)
{
    unique_key_reset(k);
    assert_int_equal(unique_key_add(k, (OmType){type, -1}, payload, false), 0);
}

static int key_cmp(const UniqueKey *a, const UniqueKey *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c) return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static void test_encoding_equality(void **state)
{
    (void)state;
    UniqueKey a, b;
    unique_key_init(&a);
    unique_key_init(&b);
    OmNumeric n1 = numeric_make(15, 1), n2 = numeric_make(1500, 3);
    encode1(&a, TYPE_NUMERIC, &n1);
    encode1(&b, TYPE_NUMERIC, &n2);
    assert_int_equal(key_cmp(&a, &b), 0);
    double z1 = 0.0, z2 = -0.0;
    encode1(&a, TYPE_FLOAT8, &z1);
    encode1(&b, TYPE_FLOAT8, &z2);
    assert_int_equal(key_cmp(&a, &b), 0);
    OmInterval i1 = {0, 1, 0}, i2 = {USECS_PER_DAY, 0, 0};
    encode1(&a, TYPE_INTERVAL, &i1);
    encode1(&b, TYPE_INTERVAL, &i2);
    assert_int_equal(key_cmp(&a, &b), 0);
    StrView s1 = strview_make("ab", 2), s2 = strview_make("ab   ", 5);
    encode1(&a, TYPE_BPCHAR, &s1);
    encode1(&b, TYPE_BPCHAR, &s2);
    assert_int_equal(key_cmp(&a, &b), 0);
    encode1(&a, TYPE_TEXT, &s1);
    encode1(&b, TYPE_TEXT, &s2);
    assert_true(key_cmp(&a, &b) != 0);
    /* NULL: the key is skipped. */
    assert_int_equal(unique_key_add(&a, (OmType){TYPE_INT4, -1}, NULL, true), 1);
    unique_key_fini(&a);
    unique_key_fini(&b);
}

static void test_encoding_order(void **state)
{
    (void)state;
    UniqueKey a, b;
    unique_key_init(&a);
    unique_key_init(&b);
    int64_t ints[] = {INT64_MIN, -5, -1, 0, 1, 7, INT64_MAX};
    for (size_t i = 0; i + 1 < sizeof(ints) / sizeof(ints[0]); i++) {
        encode1(&a, TYPE_INT8, &ints[i]);
        encode1(&b, TYPE_INT8, &ints[i + 1]);
        assert_true(key_cmp(&a, &b) < 0);
    }
    double dbl[] = {-INFINITY, -1e10, -0.5, 0.0, 1e-300, 2.5, INFINITY, NAN};
    for (size_t i = 0; i + 1 < sizeof(dbl) / sizeof(dbl[0]); i++) {
        encode1(&a, TYPE_FLOAT8, &dbl[i]);
        encode1(&b, TYPE_FLOAT8, &dbl[i + 1]);
        assert_true(key_cmp(&a, &b) < 0);
    }
    /* numeric (mantissa, scale), in ascending SQL order, with a composite
     * suffix to show that a component never reorders its neighbours */
    static const struct {
        int64_t m;
        int s;
    } nums[] = {{-100000, 0},
                {-1005, 1},
                {-100, 0},
                {-15, 1},
                {-125, 2},
                {-1, 3},
                /* below 1e-128 the exponent no longer fits one byte (scales go to 255) */
                {-1, 128},
                {-15, 130},
                {-2, 200},
                {-1, 255},
                {0, 0},
                {1, 255},
                {2, 200},
                {1, 130},
                {2, 130},
                {15, 130},
                {1, 128},
                {1, 6},
                {1, 3},
                {999, 3},
                {1, 0},
                {10001, 4},
                {15, 1},
                {2, 0},
                {10, 0},
                {1005, 1},
                {12345678901234, 2},
                {INT64_MAX, 0}};
    for (size_t i = 0; i + 1 < sizeof(nums) / sizeof(nums[0]); i++) {
        OmNumeric n1 = numeric_make(nums[i].m, nums[i].s),
                  n2 = numeric_make(nums[i + 1].m, nums[i + 1].s);
        int64_t tail1 = 99, tail2 = -99;
        unique_key_reset(&a);
        unique_key_add(&a, (OmType){TYPE_NUMERIC, -1}, &n1, false);
        unique_key_add(&a, (OmType){TYPE_INT8, -1}, &tail1, false);
        unique_key_reset(&b);
        unique_key_add(&b, (OmType){TYPE_NUMERIC, -1}, &n2, false);
        unique_key_add(&b, (OmType){TYPE_INT8, -1}, &tail2, false);
        assert_true(key_cmp(&a, &b) < 0);
    }
    /* -Infinity < the most negative and the tiniest negative finite values;
     * the largest finite value and the tiniest positive < Infinity < NaN */
    OmNumeric order[] = {numeric_make(-NUMERIC_PINF_MANT, 0),
                         numeric_make(-(NUMERIC_MANT_BOUND - 1), 0),
                         numeric_make(-1, 255),
                         numeric_make(1, 255),
                         numeric_make(NUMERIC_MANT_BOUND - 1, 0),
                         numeric_make(NUMERIC_PINF_MANT, 0),
                         numeric_make(NUMERIC_NAN_MANT, 0)};
    for (size_t i = 0; i + 1 < sizeof(order) / sizeof(order[0]); i++) {
        encode1(&a, TYPE_NUMERIC, &order[i]);
        encode1(&b, TYPE_NUMERIC, &order[i + 1]);
        assert_true(key_cmp(&a, &b) < 0);
    }
    /* Integers of every width encode alike (an int8 bound on an int4 key). */
    int32_t i4 = -7;
    int64_t i8 = -7;
    encode1(&a, TYPE_INT4, &i4);
    encode1(&b, TYPE_INT8, &i8);
    assert_int_equal(key_cmp(&a, &b), 0);
    /* Composite keys: ("a", "bc") < ("ab", "c") because "a" < "ab". */
    StrView x1 = strview_make("a", 1), x2 = strview_make("bc", 2);
    StrView y1 = strview_make("ab", 2), y2 = strview_make("c", 1);
    OmType text = {TYPE_TEXT, -1};
    unique_key_reset(&a);
    unique_key_add(&a, text, &x1, false);
    unique_key_add(&a, text, &x2, false);
    unique_key_reset(&b);
    unique_key_add(&b, text, &y1, false);
    unique_key_add(&b, text, &y2, false);
    assert_true(key_cmp(&a, &b) < 0);
    unique_key_fini(&a);
    unique_key_fini(&b);
}

static const OmType ALEX_TYPES[1] = {{TYPE_INT8, -1}};
/* Two columns force the B+tree; the tests still insert 8-byte int keys. */
static const OmType BTREE_TYPES[2] = {{TYPE_INT8, -1}, {TYPE_INT8, -1}};

static void check_map(const OmType *types, int ntypes)
{
    size_t before = storage_bytes();
    UniqueIndex *ix = unique_index_create(ntypes, types);
    UniqueKey k;
    unique_key_init(&k);
    const int64_t n = 200000;
    for (int64_t i = 0; i < n; i++) {
        encode1(&k, TYPE_INT8, &i);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, (uint64_t)i * 2, NULL), 0);
    }
    assert_int_equal(unique_index_count(ix), n); /* ascending into an empty index: staged */
    encode1(&k, TYPE_INT8, &(int64_t){5});
    assert_false(unique_index_lookup(ix, k.data, k.len, NULL)); /* readers do not see the run */
    unique_index_flush(ix);
    assert_int_equal(unique_index_count(ix), n);
    for (int64_t i = 0; i < n; i += 7) {
        uint64_t rid, existing = 0;
        encode1(&k, TYPE_INT8, &i);
        assert_true(unique_index_lookup(ix, k.data, k.len, &rid));
        assert_int_equal(rid, (uint64_t)i * 2);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, 1, &existing), 1);
        assert_int_equal(existing, (uint64_t)i * 2);
    }
    int64_t absent = n + 5;
    encode1(&k, TYPE_INT8, &absent);
    assert_false(unique_index_lookup(ix, k.data, k.len, NULL));
    /* Delete, then re-insert. */
    for (int64_t i = 0; i < 1000; i++) {
        encode1(&k, TYPE_INT8, &i);
        assert_true(unique_index_delete(ix, k.data, k.len));
        assert_false(unique_index_delete(ix, k.data, k.len));
    }
    assert_int_equal(unique_index_count(ix), n - 1000);
    for (int64_t i = 0; i < 1000; i++) {
        encode1(&k, TYPE_INT8, &i);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, 5, NULL), 0);
    }
    /* Truncate: drop every entry with row id >= n (ids were 2 * key). */
    unique_index_truncate(ix, (uint64_t)n);
    assert_int_equal(unique_index_count(ix), n / 2);
    int64_t kept = n / 2 - 1, gone = n / 2;
    encode1(&k, TYPE_INT8, &kept);
    assert_true(unique_index_lookup(ix, k.data, k.len, NULL));
    encode1(&k, TYPE_INT8, &gone);
    assert_false(unique_index_lookup(ix, k.data, k.len, NULL));
    assert_true(unique_index_memory_bytes(ix) > 0);
    assert_true(storage_bytes() > before);
    unique_index_destroy(ix);
    unique_key_fini(&k);
    assert_int_equal(storage_bytes(), before);
}

static void test_map(void **state)
{
    (void)state;
    check_map(ALEX_TYPES, 1);
    check_map(BTREE_TYPES, 2);
}

static void test_kind_choice(void **state)
{
    (void)state;
    static const TypeId alex[] = {TYPE_INT2, TYPE_INT4,      TYPE_INT8,
                                  TYPE_DATE, TYPE_TIMESTAMP, TYPE_TIMESTAMPTZ};
    static const TypeId btree[] = {TYPE_TEXT, TYPE_NUMERIC,  TYPE_FLOAT8, TYPE_UUID,
                                   TYPE_BOOL, TYPE_INTERVAL, TYPE_VARCHAR};
    for (size_t i = 0; i < sizeof(alex) / sizeof(alex[0]); i++) {
        OmType t = {alex[i], -1};
        UniqueIndex *ix = unique_index_create(1, &t);
        assert_int_equal(unique_index_kind(ix), UNIQUE_INDEX_ALEX);
        assert_string_equal(unique_index_kind_name(ix), "ALEX, learned");
        unique_index_destroy(ix);
    }
    for (size_t i = 0; i < sizeof(btree) / sizeof(btree[0]); i++) {
        OmType t = {btree[i], -1};
        UniqueIndex *ix = unique_index_create(1, &t);
        assert_int_equal(unique_index_kind(ix), UNIQUE_INDEX_BTREE);
        unique_index_destroy(ix);
    }
    OmType two[2] = {{TYPE_INT4, -1}, {TYPE_INT4, -1}};
    UniqueIndex *ix = unique_index_create(2, two);
    assert_int_equal(unique_index_kind(ix), UNIQUE_INDEX_BTREE);
    unique_index_destroy(ix);
}

/* Truncation undoes a "statement" of few inserts (the ring) and one of many (a
 * full pass), for both structures; earlier rows survive, and a key inserted
 * again after an undo gets its new row id. */
static void check_truncate(const OmType *types, int ntypes)
{
    UniqueIndex *ix = unique_index_create(ntypes, types);
    UniqueKey k;
    unique_key_init(&k);
    uint64_t row = 0;
    /* A failed first statement whose keys were only staged, then a committed one. */
    for (int64_t v = 0; v < 500; v++) {
        encode1(&k, TYPE_INT8, &v);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, (uint64_t)v, NULL), 0);
    }
    unique_index_truncate(ix, 0);
    unique_index_discard_staged(ix);
    assert_int_equal(unique_index_count(ix), 0);
    for (int64_t v = 0; v < 1000; v++, row++) {
        encode1(&k, TYPE_INT8, &v);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, row, NULL), 0);
    }
    unique_index_flush(ix);
    static const int64_t sizes[] = {3, 5000, 10, 64, 65};
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint64_t first = row;
        for (int64_t i = 0; i < sizes[s]; i++) {
            int64_t v = 100000 + i * 3; /* new keys, reused row ids after each undo */
            encode1(&k, TYPE_INT8, &v);
            assert_int_equal(unique_index_insert(ix, k.data, k.len, first + (uint64_t)i, NULL), 0);
        }
        int64_t dup = 17; /* the failing row of the statement */
        encode1(&k, TYPE_INT8, &dup);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, first + 99999, NULL), 1);
        unique_index_truncate(ix, first);
        assert_int_equal(unique_index_count(ix), 1000);
        int64_t v = 100000;
        encode1(&k, TYPE_INT8, &v);
        assert_false(unique_index_lookup(ix, k.data, k.len, NULL));
        uint64_t rid;
        encode1(&k, TYPE_INT8, &dup);
        assert_true(unique_index_lookup(ix, k.data, k.len, &rid));
        assert_int_equal(rid, 17);
    }
    /* A committed statement, then a failing one: only the latter is undone. */
    for (int64_t i = 0; i < 200; i++, row++) {
        int64_t v = 5000 + i;
        encode1(&k, TYPE_INT8, &v);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, row, NULL), 0);
    }
    int64_t v = 9999;
    encode1(&k, TYPE_INT8, &v);
    assert_int_equal(unique_index_insert(ix, k.data, k.len, row, NULL), 0);
    unique_index_truncate(ix, row);
    assert_int_equal(unique_index_count(ix), 1200);
    unique_index_destroy(ix);
    unique_key_fini(&k);
}

static void test_truncate(void **state)
{
    (void)state;
    check_truncate(ALEX_TYPES, 1);
    check_truncate(BTREE_TYPES, 2);
}

/* Bulk load (unsorted input, duplicates refused), iteration from a bound,
 * estimates against the truth, for both structures. */
static void check_load_scan(const OmType *types, int ntypes)
{
    const size_t n = 50000;
    UniqueKey keys, lo, hi;
    unique_key_init(&keys);
    unique_key_init(&lo);
    unique_key_init(&hi);
    size_t *off = malloc((n + 2) * sizeof(size_t));
    uint64_t *rows = malloc((n + 1) * sizeof(uint64_t));
    off[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v = (int64_t)((i * 7919) % n) * 2 - 40000; /* a permutation of even keys */
        assert_int_equal(unique_key_add(&keys, (OmType){TYPE_INT8, -1}, &v, false), 0);
        off[i + 1] = keys.len;
        rows[i] = (uint64_t)(v + 40000) / 2;
    }
    UniqueIndex *ix = unique_index_create(ntypes, types);
    assert_int_equal(unique_index_load(ix, &keys, off, rows, n, &rows[n]), 0);
    assert_int_equal(unique_index_count(ix), n);
    /* keys in [-10, 11): -10 .. 10 step 2 */
    int64_t a = -10, b = 11;
    encode1(&lo, TYPE_INT8, &a);
    encode1(&hi, TYPE_INT8, &b);
    assert_int_equal(unique_index_estimate(ix, lo.data, lo.len, hi.data, hi.len, n), 11);
    assert_int_equal(unique_index_estimate(ix, NULL, 0, NULL, 0, n), n);
    assert_int_equal(unique_index_estimate(ix, hi.data, hi.len, lo.data, lo.len, n), 0);
    UniqueIndexIter *it;
    assert_int_equal(unique_index_iter_open(ix, lo.data, lo.len, &it), 0);
    const uint8_t *kb;
    size_t kl;
    uint64_t rid;
    int64_t expect = -10;
    for (int i = 0; i < 11; i++, expect += 2) {
        assert_int_equal(unique_index_iter_next(it, &kb, &kl, &rid), 1);
        encode1(&lo, TYPE_INT8, &expect);
        assert_int_equal(kl, lo.len);
        assert_memory_equal(kb, lo.data, kl);
        assert_int_equal(rid, (uint64_t)(expect + 40000) / 2);
    }
    unique_index_iter_close(it);
    /* An exclusive bound through the successor: keys > 10 start at 12. */
    int64_t ten = 10;
    encode1(&lo, TYPE_INT8, &ten);
    assert_int_equal(unique_key_successor(lo.data, lo.len, &hi), 1);
    assert_int_equal(unique_index_iter_open(ix, hi.data, hi.len, &it), 0);
    assert_int_equal(unique_index_iter_next(it, &kb, &kl, &rid), 1);
    assert_int_equal(rid, (uint64_t)(12 + 40000) / 2);
    unique_index_iter_close(it);
    unique_index_destroy(ix);
    /* A duplicate in the input is refused and the index stays empty. */
    int64_t again = 0;
    assert_int_equal(unique_key_add(&keys, (OmType){TYPE_INT8, -1}, &again, false), 0);
    off[n + 1] = keys.len;
    ix = unique_index_create(ntypes, types);
    uint64_t dup = 0;
    rows[n] = 777;
    assert_int_equal(unique_index_load(ix, &keys, off, rows, n + 1, &dup), 1);
    assert_true(dup == 777 || dup == 20000);
    assert_int_equal(unique_index_count(ix), 0);
    unique_index_destroy(ix);
    free(off);
    free(rows);
    unique_key_fini(&keys);
    unique_key_fini(&lo);
    unique_key_fini(&hi);
}

static void test_load_scan(void **state)
{
    (void)state;
    check_load_scan(ALEX_TYPES, 1);
    check_load_scan(BTREE_TYPES, 2);
}

static void test_successor_and_limits(void **state)
{
    (void)state;
    UniqueKey a, b;
    unique_key_init(&a);
    unique_key_init(&b);
    uint8_t k1[3] = {1, 0xff, 0xff}, k2[2] = {0xff, 0xff};
    assert_int_equal(unique_key_successor(k1, 3, &b), 1);
    assert_int_equal(b.len, 1);
    assert_int_equal(b.data[0], 2);
    assert_int_equal(unique_key_successor(k2, 2, &b), 0);
    /* INT64_MAX has no successor: "id > max" is empty, "id <= max" is open. */
    int64_t max = INT64_MAX;
    encode1(&a, TYPE_INT8, &max);
    assert_int_equal(unique_key_successor(a.data, a.len, &b), 0);
    /* keys over the B+tree limit are refused with -2 */
    OmType t = {TYPE_TEXT, -1};
    UniqueIndex *ix = unique_index_create(1, &t);
    static char big[5000];
    memset(big, 'x', sizeof(big));
    StrView sv = strview_make(big, sizeof(big));
    encode1(&a, TYPE_TEXT, &sv);
    assert_int_equal(unique_index_insert(ix, a.data, a.len, 1, NULL), -2);
    assert_int_equal(unique_index_count(ix), 0);
    unique_index_destroy(ix);
    unique_key_fini(&a);
    unique_key_fini(&b);
}

static void test_long_keys(void **state)
{
    (void)state;
    OmType text = {TYPE_TEXT, -1};
    UniqueIndex *ix = unique_index_create(1, &text);
    UniqueKey k;
    unique_key_init(&k);
    char buf[300];
    for (int i = 0; i < 5000; i++) {
        int len = snprintf(buf, sizeof(buf), "%0200d-with-a-long-tail", i);
        StrView s = strview_make(buf, (uint32_t)len);
        encode1(&k, TYPE_TEXT, &s);
        assert_int_equal(unique_index_insert(ix, k.data, k.len, (uint64_t)i, NULL), 0);
    }
    unique_index_flush(ix);
    for (int i = 0; i < 5000; i += 13) {
        int len = snprintf(buf, sizeof(buf), "%0200d-with-a-long-tail", i);
        StrView s = strview_make(buf, (uint32_t)len);
        encode1(&k, TYPE_TEXT, &s);
        uint64_t rid;
        assert_true(unique_index_lookup(ix, k.data, k.len, &rid));
        assert_int_equal(rid, (uint64_t)i);
    }
    unique_index_truncate(ix, 0);
    assert_int_equal(unique_index_count(ix), 0);
    unique_index_destroy(ix);
    unique_key_fini(&k);
}

static void test_table_unique_defs(void **state)
{
    (void)state;
    OmType types[3] = {{TYPE_INT4, -1}, {TYPE_TEXT, -1}, {TYPE_INT8, -1}};
    StorageTable *t = storage_table_create(3, types);
    int cols0[1] = {0}, cols1[2] = {1, 2};
    assert_int_equal(storage_table_add_unique(t, 1, cols0), 0);
    assert_int_equal(storage_table_add_unique(t, 2, cols1), 1);
    assert_int_equal(storage_table_unique_count(t), 2);
    int n;
    const int *c = storage_table_unique_cols(t, 1, &n);
    assert_int_equal(n, 2);
    assert_int_equal(c[0], 1);
    assert_int_equal(c[1], 2);
    assert_non_null(storage_table_unique(t, 0));
    storage_table_destroy(t);
}

/* ---- the chain of taken-over entries (unique_chain.c) ---- */

#define CHAIN_REF 600

typedef struct RefLink {
    bool used;
    uint64_t prev;
} RefLink;

/* Prune callback: keeps links whose taker is odd. */
static bool keep_odd(void *arg, const uint8_t *key, size_t len, uint64_t taker, uint64_t prev)
{
    (void)key, (void)len, (void)prev;
    (*(int *)arg)++;
    return taker & 1;
}

/* Random notes, replacements and forgets (with colliding keys: three key
 * lengths, takers shared between keys) against a reference array, then a prune
 * that must drop exactly the even takers and leave every probe run intact. */
static void test_key_chain(void **state)
{
    (void)state;
    KeyChain *c = keychain_create();
    assert_non_null(c);
    static RefLink ref[CHAIN_REF];
    memset(ref, 0, sizeof(ref));
    srand(7);
    for (int step = 0; step < 20000; step++) {
        int i = rand() % CHAIN_REF;
        /* (key, taker) unique per i; takers shared by three keys, two key lengths */
        uint8_t key[3] = {(uint8_t)(i & 0xff), (uint8_t)(i >> 8), 0};
        size_t len = 2 + (size_t)(i % 2);
        uint64_t taker = (uint64_t)(i / 3);
        int op = rand() % 3;
        if (op < 2) {
            uint64_t prev = (uint64_t)rand();
            assert_int_equal(keychain_note(c, key, len, taker, prev), 0);
            ref[i] = (RefLink){true, prev};
        } else {
            keychain_forget(c, key, len, taker);
            ref[i].used = false;
        }
        if (step % 97 == 0) {
            size_t n = 0;
            for (int k = 0; k < CHAIN_REF; k++) {
                uint8_t kk[3] = {(uint8_t)(k & 0xff), (uint8_t)(k >> 8), 0};
                uint64_t prev = 0;
                bool found = keychain_prev(c, kk, 2 + (size_t)(k % 2), (uint64_t)(k / 3), &prev);
                assert_int_equal(found, ref[k].used);
                if (found) assert_int_equal(prev, ref[k].prev);
                n += ref[k].used;
            }
            assert_int_equal(keychain_count(c), n);
        }
    }
    int calls = 0;
    size_t before = keychain_count(c);
    size_t removed = keychain_prune(c, keep_odd, &calls);
    assert_true(calls >= (int)before);
    size_t even = 0;
    for (int k = 0; k < CHAIN_REF; k++) {
        uint8_t kk[3] = {(uint8_t)(k & 0xff), (uint8_t)(k >> 8), 0};
        uint64_t taker = (uint64_t)(k / 3), prev = 0;
        bool want = ref[k].used && (taker & 1);
        even += ref[k].used && !(taker & 1);
        assert_int_equal(keychain_prev(c, kk, 2 + (size_t)(k % 2), taker, &prev), want);
        if (want) assert_int_equal(prev, ref[k].prev);
    }
    assert_int_equal(removed, even);
    assert_int_equal(keychain_count(c), before - even);
    assert_false(keychain_prune_due(c));
    keychain_destroy(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding_equality),
        cmocka_unit_test(test_encoding_order),
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_kind_choice),
        cmocka_unit_test(test_truncate),
        cmocka_unit_test(test_load_scan),
        cmocka_unit_test(test_successor_and_limits),
        cmocka_unit_test(test_long_keys),
        cmocka_unit_test(test_table_unique_defs),
        cmocka_unit_test(test_key_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
