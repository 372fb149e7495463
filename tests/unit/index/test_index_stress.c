/*
 * test_index_stress.c — one writer and four readers on each index kind.
 *
 * Keys are numbered: index j < N is in the universe; even j are "stable" (present
 * throughout; the writer only flips their payload between two known values), odd j
 * are "volatile" (the writer inserts and deletes them, also whole ranges at a time),
 * and j >= N are appended by the writer in ascending order, publishing how many it
 * has appended with a release store. Readers check every answer:
 *   - a stable key is always found, with one of its two payloads;
 *   - a volatile key, when found, has its own payload;
 *   - an appended key below the published count is found (no lost insert);
 *   - a scan is strictly ascending, skips no stable key, and every payload matches.
 * Finally the index is compared with the writer's own record and checked.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "index_test_util.h"

#define N_READERS 4

typedef struct Shared {
    Index *ix;
    IndexKind kind;
    size_t n;         /* universe size */
    size_t n_append;  /* capacity of the appended range */
    size_t published; /* appended keys visible (atomic) */
    int stop;         /* atomic */
    int failed;       /* atomic */
    char why[256];
    uint64_t reads[N_READERS];
} Shared;

typedef struct KeyBuf {
    uint8_t b[8];
    IndexKey k;
} KeyBuf;

static void make_key(const Shared *sh, size_t j, KeyBuf *kb)
{
    memset(&kb->k, 0, sizeof kb->k);
    if (sh->kind == INDEX_ALEX_INT64) {
        kb->k.i = (int64_t)j * 16 - 1000000;
    } else if (sh->kind == INDEX_ALEX_DOUBLE) {
        kb->k.d = (double)j * 0.5 - 1000.0;
    } else {
        key_encode_int64((int64_t)j * 16, kb->b, 8);
        kb->k.bytes = kb->b;
        kb->k.len = 8;
    }
}

static size_t key_index(const Shared *sh, const IndexKey *k)
{
    if (sh->kind == INDEX_ALEX_INT64) return (size_t)((k->i + 1000000) / 16);
    if (sh->kind == INDEX_ALEX_DOUBLE) return (size_t)((k->d + 1000.0) * 2.0 + 0.25);
    return (size_t)(key_decode_int64(k->bytes) / 16);
}

static uint64_t pay_stable(size_t j, int alt)
{
    return j * 2 + 1 + (alt ? (1ull << 40) : 0);
}

static uint64_t pay_other(size_t j)
{
    return j * 3 + 7;
}

static void fail_with(Shared *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail_with(Shared *sh, const char *fmt, ...)
{
    if (__atomic_exchange_n(&sh->failed, 1, __ATOMIC_SEQ_CST)) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sh->why, sizeof sh->why, fmt, ap);
    va_end(ap);
}

static int payload_ok(const Shared *sh, size_t j, uint64_t p)
{
    if (j < sh->n && j % 2 == 0) return p == pay_stable(j, 0) || p == pay_stable(j, 1);
    return p == pay_other(j);
}

typedef struct ReaderArg {
    Shared *sh;
    int id;
} ReaderArg;

static void *reader(void *arg)
{
    ReaderArg *ra = arg;
    Shared *sh = ra->sh;
    Rng r = {1000 + (uint64_t)ra->id};
    uint64_t ops = 0;
    KeyBuf kb;
    while (!__atomic_load_n(&sh->stop, __ATOMIC_ACQUIRE) &&
           !__atomic_load_n(&sh->failed, __ATOMIC_RELAXED)) {
        unsigned sel = (unsigned)(rng_next(&r) % 100);
        uint64_t p = 0;
        if (sel < 35) {
            size_t j = (rng_next(&r) % (sh->n / 2)) * 2;
            make_key(sh, j, &kb);
            IndexStatus st = index_lookup(sh->ix, &kb.k, &p);
            if (st != INDEX_OK || !payload_ok(sh, j, p))
                fail_with(sh, "stable key %zu: %s payload %llu", j, index_status_name(st),
                          (unsigned long long)p);
        } else if (sel < 40) {
            /* a batch of stable keys through index_lookup_many */
            enum { B = 24 };
            KeyBuf kbs[B];
            IndexKey keys[B];
            size_t js[B];
            uint64_t ps[B];
            IndexStatus sts[B];
            for (int i = 0; i < B; i++) {
                js[i] = (rng_next(&r) % (sh->n / 2)) * 2;
                make_key(sh, js[i], &kbs[i]);
                keys[i] = kbs[i].k;
                if (sh->kind == INDEX_BTREE) keys[i].bytes = kbs[i].b;
            }
            index_lookup_many(sh->ix, keys, B, ps, sts);
            for (int i = 0; i < B; i++)
                if (sts[i] != INDEX_OK || !payload_ok(sh, js[i], ps[i]))
                    fail_with(sh, "stable key %zu in a batch: %s", js[i],
                              index_status_name(sts[i]));
        } else if (sel < 70) {
            size_t j = (rng_next(&r) % (sh->n / 2)) * 2 + 1;
            make_key(sh, j, &kb);
            IndexStatus st = index_lookup(sh->ix, &kb.k, &p);
            if (st == INDEX_OK ? !payload_ok(sh, j, p) : st != INDEX_NOT_FOUND)
                fail_with(sh, "volatile key %zu: %s payload %llu", j, index_status_name(st),
                          (unsigned long long)p);
        } else if (sel < 90) {
            size_t pub = __atomic_load_n(&sh->published, __ATOMIC_ACQUIRE);
            if (pub == 0) continue;
            size_t j = sh->n + (pub - 1 - rng_next(&r) % (pub < 64 ? pub : 64));
            make_key(sh, j, &kb);
            IndexStatus st = index_lookup(sh->ix, &kb.k, &p);
            if (st != INDEX_OK || !payload_ok(sh, j, p))
                fail_with(sh, "appended key %zu (published %zu): %s", j, pub,
                          index_status_name(st));
        } else {
            size_t j = (rng_next(&r) % (sh->n / 2)) * 2;
            make_key(sh, j, &kb);
            IndexIter *it;
            if (index_lower_bound(sh->ix, &kb.k, &it) != INDEX_OK) {
                fail_with(sh, "lower_bound failed");
                break;
            }
            size_t prev = j, steps = 0;
            IndexKey k;
            while (steps < 200 && index_iter_next(it, &k, &p) == INDEX_OK) {
                size_t idx = key_index(sh, &k);
                if (steps == 0 ? idx != j : idx <= prev) {
                    fail_with(sh, "scan from %zu: index %zu after %zu", j, idx, prev);
                    break;
                }
                size_t first_even = steps == 0 ? idx : (prev + 2) & ~(size_t)1;
                if (first_even < idx && first_even < sh->n) {
                    fail_with(sh, "scan from %zu skipped stable %zu (got %zu)", j, first_even, idx);
                    break;
                }
                if (!payload_ok(sh, idx, p)) {
                    fail_with(sh, "scan payload of %zu", idx);
                    break;
                }
                prev = idx;
                steps++;
            }
            index_iter_destroy(it);
        }
        ops++;
    }
    sh->reads[ra->id] = ops;
    return NULL;
}

static void run_stress(IndexKind kind, size_t n_keys)
{
    Shared sh = {.kind = kind};
    sh.n = n_keys & ~(size_t)1;
    size_t writes = scaled(800000);
    sh.n_append = writes / 4 + 1;
    assert_int_equal(index_create(kind, &sh.ix), INDEX_OK);
    uint8_t *present = calloc(sh.n, 1);
    int *alt = calloc(sh.n, sizeof *alt);
    Rng r = {42};
    /* bulk load: all stable keys and about half of the volatile ones */
    IndexKey *keys = malloc(sh.n * sizeof *keys);
    uint64_t *pays = malloc(sh.n * sizeof *pays);
    uint8_t *store = malloc(sh.n * 8);
    size_t nb = 0;
    for (size_t j = 0; j < sh.n; j++) {
        if (j % 2 == 1 && (rng_next(&r) & 1)) continue;
        KeyBuf kb;
        make_key(&sh, j, &kb);
        memcpy(store + 8 * nb, kb.b, 8);
        keys[nb] = kb.k;
        if (kind == INDEX_BTREE) keys[nb].bytes = store + 8 * nb;
        pays[nb] = j % 2 == 0 ? pay_stable(j, 0) : pay_other(j);
        present[j] = 1;
        nb++;
    }
    assert_int_equal(index_bulk_load(sh.ix, keys, pays, nb), INDEX_OK);
    free(keys);
    free(pays);
    free(store);

    pthread_t th[N_READERS];
    ReaderArg ra[N_READERS];
    for (int i = 0; i < N_READERS; i++) {
        ra[i].sh = &sh;
        ra[i].id = i;
        assert_int_equal(pthread_create(&th[i], NULL, reader, &ra[i]), 0);
    }
    KeyBuf kb;
    size_t appended = 0;
    for (size_t w = 0; w < writes && !__atomic_load_n(&sh.failed, __ATOMIC_RELAXED); w++) {
        unsigned sel = (unsigned)(rng_next(&r) % 1000);
        if (sel < 600) {
            size_t j = (rng_next(&r) % (sh.n / 2)) * 2 + 1;
            make_key(&sh, j, &kb);
            IndexStatus st =
                present[j] ? index_delete(sh.ix, &kb.k) : index_insert(sh.ix, &kb.k, pay_other(j));
            if (st != INDEX_OK) fail_with(&sh, "writer op on %zu: %s", j, index_status_name(st));
            present[j] ^= 1;
        } else if (sel < 850) {
            if (appended >= sh.n_append) continue;
            size_t j = sh.n + appended;
            make_key(&sh, j, &kb);
            IndexStatus st = index_insert(sh.ix, &kb.k, pay_other(j));
            if (st != INDEX_OK) fail_with(&sh, "append %zu: %s", j, index_status_name(st));
            appended++;
            __atomic_store_n(&sh.published, appended, __ATOMIC_RELEASE);
        } else if (sel < 998) {
            size_t j = (rng_next(&r) % (sh.n / 2)) * 2;
            make_key(&sh, j, &kb);
            alt[j] ^= 1;
            if (index_update(sh.ix, &kb.k, pay_stable(j, alt[j])) != INDEX_OK)
                fail_with(&sh, "update of stable %zu", j);
        } else {
            /* range churn: remove every volatile key in a window, then put them back */
            size_t lo = rng_next(&r) % sh.n, hi = lo + 400 < sh.n ? lo + 400 : sh.n;
            for (size_t j = lo | 1; j < hi; j += 2) {
                if (!present[j]) continue;
                make_key(&sh, j, &kb);
                if (index_delete(sh.ix, &kb.k) != INDEX_OK) fail_with(&sh, "churn delete %zu", j);
            }
            for (size_t j = lo | 1; j < hi; j += 2) {
                if (!present[j]) continue;
                make_key(&sh, j, &kb);
                if (index_insert(sh.ix, &kb.k, pay_other(j)) != INDEX_OK)
                    fail_with(&sh, "churn insert %zu", j);
            }
        }
    }
    __atomic_store_n(&sh.stop, 1, __ATOMIC_RELEASE);
    uint64_t total = 0;
    for (int i = 0; i < N_READERS; i++) {
        pthread_join(th[i], NULL);
        total += sh.reads[i];
    }
    if (sh.failed) fail_msg("%s: %s", index_kind_name(kind), sh.why);
    print_message("%s: %zu writes, %llu reads by %d readers\n", index_kind_name(kind), writes,
                  (unsigned long long)total, N_READERS);
    size_t expect = appended;
    for (size_t j = 0; j < sh.n; j++) {
        uint64_t p;
        make_key(&sh, j, &kb);
        IndexStatus st = index_lookup(sh.ix, &kb.k, &p);
        assert_int_equal(st, present[j] ? INDEX_OK : INDEX_NOT_FOUND);
        if (present[j]) {
            assert_int_equal(p, j % 2 == 0 ? pay_stable(j, alt[j]) : pay_other(j));
            expect++;
        }
    }
    assert_int_equal(index_count(sh.ix), expect);
    char msg[256];
    if (index_check(sh.ix, msg, sizeof msg) != 0) fail_msg("%s", msg);
    free(present);
    free(alt);
    index_destroy(sh.ix);
}

/* Large: many nodes, splits and expansions everywhere. Hot: a few thousand keys, so
 * every write lands in a node the readers are searching at that moment. */
static void test_stress_alex_int(void **state)
{
    run_stress(INDEX_ALEX_INT64, scaled(200000));
    run_stress(INDEX_ALEX_INT64, 3000);
}

static void test_stress_alex_double(void **state)
{
    run_stress(INDEX_ALEX_DOUBLE, scaled(200000));
    run_stress(INDEX_ALEX_DOUBLE, 3000);
}

static void test_stress_btree(void **state)
{
    run_stress(INDEX_BTREE, scaled(200000));
    run_stress(INDEX_BTREE, 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stress_alex_int),
        cmocka_unit_test(test_stress_alex_double),
        cmocka_unit_test(test_stress_btree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
