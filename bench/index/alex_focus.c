/*
 * alex_focus.c — a quick, focused ALEX measurement for tuning: the two issue-3 goals
 * that index_bench reports as MISS, without the rest of index_bench's matrix.
 *
 *   lookup: bulk-load N keys, then R rounds of L single lookups of random present
 *           keys (read-side sections of 64, as index_bench), thread CPU ns per
 *           lookup for each round, then the minimum and the median.
 *   mixed:  bulk-load a random half of the N keys, then alternate a lookup of a
 *           present key and an insert of one of the other keys (index_bench's
 *           "50/50 lookup/insert"): thread CPU ns per operation; then the
 *           structure-modification counters (alex_stats): shifts per insert, keys
 *           copied by resizes per insert, expansions and splits.
 *
 * Keys are generated as index_bench does (same generator and seed), so figures are
 * comparable with its rows, except that this tool calls alex_* directly: it leaves
 * out index_am's dispatch (~10 ns per lookup on the development machine).
 *
 * Usage: alex_focus [--dist uniform|lognormal|sequential] [--n N] [--rounds R]
 *                   [--lookups L] [--mode lookup|mixed|both|place|floor]
 *   place: where bulk loading put the keys relative to their predicted slots.
 *   floor: memory-access floors of a lookup (see run_floor).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "index/alex/alex.h"
#include "index/alex/alex_int.h" /* --mode place: the data nodes' slots */
#include "index/index_epoch.h"

#include "bench_keys.h"

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run_lookups(const int64_t *keys, size_t n, int rounds, size_t n_lookups)
{
    uint64_t *pay = malloc(n * 8);
    for (size_t i = 0; i < n; i++) pay[i] = i;
    AlexTree *t = alex_create(false);
    if (alex_bulk_load(t, keys, pay, n) != INDEX_OK) {
        fprintf(stderr, "bulk load failed\n");
        exit(1);
    }
    int64_t *probes = malloc(n_lookups * 8);
    double *ns = malloc((size_t)rounds * sizeof *ns);
    uint64_t sink = 0;
    size_t missing = 0;
    printf("lookup ns per round:");
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n_lookups; i++) probes[i] = keys[rnd() % n];
        double c0 = cpu_s();
        for (size_t base = 0; base < n_lookups; base += 64) {
            size_t end = base + 64 < n_lookups ? base + 64 : n_lookups;
            index_epoch_enter();
            for (size_t i = base; i < end; i++) {
                uint64_t p = UINT64_MAX; /* left alone when the key is absent */
                alex_lookup(t, probes[i], &p);
                missing += p == UINT64_MAX;
                sink += p;
            }
            index_epoch_leave();
        }
        ns[r] = (cpu_s() - c0) * 1e9 / n_lookups;
        printf(" %.1f", ns[r]);
        fflush(stdout);
    }
    qsort(ns, (size_t)rounds, sizeof *ns, cmp_dbl);
    AlexStats st;
    alex_stats(t, &st);
    printf("\nlookup: min %.1f median %.1f ns (%zu data nodes, %zu inner, depth %zu, %.2f "
           "bytes/key)%s\n",
           ns[0], ns[rounds / 2], st.n_data_nodes, st.n_inner_nodes, st.max_depth,
           (double)alex_memory_bytes(t) / n, missing ? "  KEYS MISSING" : "");
    if (sink == 42) printf(" ");
    alex_destroy(t);
    free(pay);
    free(probes);
    free(ns);
}

/* Histogram of (slot holding a key) - (slot its node's model predicts), over all
 * keys of a bulk-loaded tree: how far the lookup's search window must reach. */
static void run_place(const int64_t *keys, size_t n)
{
    uint64_t *pay = calloc(n, 8);
    AlexTree *t = alex_create(false);
    alex_bulk_load(t, keys, pay, n);
    enum { R = 12 };
    size_t hist[2 * R + 3] = {0}; /* [0]: < -R, [2R+2]: > R */
    AlexNode *node = t->root;
    while (node->type == ALEX_NODE_INNER) node = ((AlexInner *)node)->children[0];
    for (AlexData *d = (AlexData *)node; d != NULL; d = d->next) {
        for (int32_t s = alex_data_next_occupied(d, 0); s < d->capacity;
             s = alex_data_next_occupied(d, s + 1)) {
            int64_t off = s - alex_data_predict(d, (double)d->slots[s].key);
            hist[off < -R ? 0 : off > R ? 2 * R + 2 : off + R + 1]++;
        }
    }
    printf("slot - predicted slot: <%d: %.2f%%", -R, 100.0 * hist[0] / n);
    for (int i = 1; i <= 2 * R + 1; i++)
        if (hist[i]) printf(", %d: %.2f%%", i - R - 1, 100.0 * hist[i] / n);
    printf(", >%d: %.2f%%\n", R, 100.0 * hist[2 * R + 2] / n);
    alex_destroy(t);
    free(pay);
}

/* Memory-access floors on one bulk-loaded tree (diagnostic, no validation): a loop of
 * descents to the predicted slot followed by loads in one of four patterns over the
 * node's slot area (whatever it holds; only the addresses matter):
 *   0: the 16-byte slot at p (key and payload in one line)
 *   1: the 8-byte word at p and the one cap words further (two lines, split arrays)
 *   2: three dependent probes over 7 16-byte slots from p, then the slot found
 *   3: three dependent probes over 7 8-byte words from p, then a word cap further
 *   4: alex_lookup itself (in read-side sections of 64)
 *   5: pattern 2 with the node's version loaded before and after (no check)
 *   6: pattern 5 reached through the root's slot hints, as alex_lookup does
 *   7: pattern 6 with alex_lookup's retry branch (outside the window: alex_lookup). */
static void run_floor(const int64_t *keys, size_t n, int rounds, size_t n_lookups)
{
    uint64_t *pay = malloc(n * 8);
    for (size_t i = 0; i < n; i++) pay[i] = i;
    AlexTree *t = alex_create(false);
    alex_bulk_load(t, keys, pay, n);
    int64_t *probes = malloc(n_lookups * 8);
    enum { NPAT = 8 };
    double best[NPAT] = {1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9, 1e9};
    uint64_t sink = 0;
    for (int r = 0; r < rounds; r++) {
        for (int pat = 0; pat < NPAT; pat++) {
            /* fresh probes for each loop: none of their lines is cached from before */
            for (size_t i = 0; i < n_lookups; i++) probes[i] = keys[rnd() % n];
            double c0 = cpu_s();
            if (pat == 4) index_epoch_enter();
            for (size_t i = 0; i < n_lookups; i++) {
                if (pat == 4) {
                    if (i % 64 == 0) index_epoch_leave(), index_epoch_enter();
                    uint64_t pv = 0;
                    alex_lookup(t, probes[i], &pv);
                    sink += pv;
                    continue;
                }
                int64_t k = probes[i];
                double x = (double)k;
                if (pat >= 6) {
                    const AlexInner *in = (const AlexInner *)t->root;
                    const AlexHint *h = &in->hints[alex_inner_slot(in, x)];
                    AlexData *d = h->node;
                    int64_t cap = h->capacity;
                    double y = h->model.a * x + h->model.b;
                    double hi = (double)(cap - 8);
                    y = y > 0 ? y : 0;
                    y = y < hi ? y : hi;
                    const int64_t *w16 = (const int64_t *)(d + 1) + 2 * (int64_t)y;
                    uint64_t v = __atomic_load_n(&d->version, __ATOMIC_ACQUIRE);
                    int64_t c = w16[6] <= k ? 4 : 0;
                    c += w16[2 * (c + 1)] <= k ? 2 : 0;
                    c += w16[2 * c] <= k ? 1 : 0;
                    int64_t sx = c - 1 + (c == 0);
                    int64_t ks = w16[2 * sx];
                    uint64_t pv = (uint64_t)w16[2 * sx + 1];
                    __atomic_thread_fence(__ATOMIC_ACQUIRE);
                    uint64_t v2 = __atomic_load_n(&d->version, __ATOMIC_RELAXED);
                    if (pat == 7) {
                        uint64_t retry = ((uint64_t)c - 1 >= 6) | (v & 3) | (v ^ v2);
                        if (__builtin_expect(retry != 0, 0)) {
                            index_epoch_enter();
                            alex_lookup(t, k, &pv);
                            index_epoch_leave();
                        }
                    } else {
                        pv += v ^ v2;
                    }
                    sink += pv + (uint64_t)(ks == k);
                    continue;
                }
                AlexNode *node = t->root;
                while (node->type == ALEX_NODE_INNER) {
                    AlexInner *in = (AlexInner *)node;
                    node = in->children[alex_inner_slot(in, x)];
                }
                AlexData *d = (AlexData *)node;
                int64_t cap = d->capacity, p = alex_data_predict(d, x);
                if (p > cap - 8) p = cap - 8;
                const int64_t *w8 = (const int64_t *)(d + 1) + p;
                const int64_t *w16 = (const int64_t *)(d + 1) + 2 * p;
                if (pat == 0) {
                    sink += (uint64_t)w16[0] + (uint64_t)w16[1];
                } else if (pat == 1) {
                    sink += (uint64_t)w8[0] + (uint64_t)w8[cap];
                } else if (pat == 2) {
                    int64_t c = w16[6] <= k ? 4 : 0;
                    c += w16[2 * (c + 1)] <= k ? 2 : 0;
                    c += w16[2 * c] <= k ? 1 : 0;
                    sink += (uint64_t)w16[2 * c] + (uint64_t)w16[2 * c + 1];
                } else if (pat == 5) {
                    uint64_t v = __atomic_load_n(&d->version, __ATOMIC_ACQUIRE);
                    int64_t c = w16[6] <= k ? 4 : 0;
                    c += w16[2 * (c + 1)] <= k ? 2 : 0;
                    c += w16[2 * c] <= k ? 1 : 0;
                    sink += (uint64_t)w16[2 * c] + (uint64_t)w16[2 * c + 1];
                    __atomic_thread_fence(__ATOMIC_ACQUIRE);
                    sink += v ^ __atomic_load_n(&d->version, __ATOMIC_RELAXED);
                } else {
                    int64_t c = w8[3] <= k ? 4 : 0;
                    c += w8[c + 1] <= k ? 2 : 0;
                    c += w8[c] <= k ? 1 : 0;
                    sink += (uint64_t)w8[c] + (uint64_t)w8[cap + c];
                }
            }
            if (pat == 4) index_epoch_leave();
            double ns = (cpu_s() - c0) * 1e9 / n_lookups;
            if (ns < best[pat]) best[pat] = ns;
        }
    }
    printf("floor (min of %d): slot %.1f, key+payload words %.1f, window of slots %.1f, window "
           "of words + payload %.1f, alex_lookup %.1f, window of slots + version %.1f, + hints "
           "%.1f, + "
           "branch %.1f ns\n",
           rounds, best[0], best[1], best[2], best[3], best[4], best[5], best[6], best[7]);
    if (sink == 42) printf(" ");
    alex_destroy(t);
    free(pay);
    free(probes);
}

static void run_mixed(const int64_t *keys, size_t n, int rounds)
{
    size_t half = n / 2, nb = 0, nr = 0;
    int64_t *base = malloc(half * 8), *rest = malloc((n - half) * 8);
    uint64_t *base_pay = malloc(half * 8);
    double *ns = malloc((size_t)rounds * sizeof *ns);
    printf("50/50 ns per op per round:");
    for (int r = 0; r < rounds; r++) {
        nb = nr = 0;
        for (size_t i = 0; i < n; i++) {
            if (nb < half && (nr >= n - half || (rnd() & 1))) {
                base_pay[nb] = i;
                base[nb++] = keys[i];
            } else {
                rest[nr++] = keys[i];
            }
        }
        for (size_t i = nr; i > 1; i--) {
            size_t j = rnd() % i;
            int64_t x = rest[i - 1];
            rest[i - 1] = rest[j];
            rest[j] = x;
        }
        AlexTree *t = alex_create(false);
        alex_bulk_load(t, base, base_pay, nb);
        uint64_t sink = 0;
        struct rusage ru0, ru1;
        getrusage(RUSAGE_THREAD, &ru0);
        double c0 = cpu_s();
        for (size_t i = 0; i < nr; i++) {
            uint64_t p = 0;
            alex_lookup(t, base[(i * 7919) % nb], &p);
            sink += p;
            if (alex_insert(t, rest[i], i) != INDEX_OK) fprintf(stderr, "insert failed\n");
        }
        ns[r] = (cpu_s() - c0) * 1e9 / (2.0 * nr);
        getrusage(RUSAGE_THREAD, &ru1);
        double sys_ns = ((ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) * 1e9 +
                         (ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) * 1e3) /
                        (2.0 * nr);
        printf(" %.1f (system %.1f, %ld page faults)", ns[r], sys_ns,
               ru1.ru_minflt - ru0.ru_minflt);
        fflush(stdout);
        if (r == rounds - 1) {
            AlexStats st;
            alex_stats(t, &st);
            printf("\n  inserts %llu: shifts/insert %.2f, smo keys/insert %.2f, expand %llu, "
                   "split sideways %llu, down %llu, parent double %llu, root expand %llu; "
                   "%zu data nodes, depth %zu, %.2f bytes/key",
                   (unsigned long long)st.n_inserts, (double)st.n_shifts / st.n_inserts,
                   (double)st.n_smo_keys / st.n_inserts, (unsigned long long)st.n_expand,
                   (unsigned long long)st.n_split_sideways, (unsigned long long)st.n_split_down,
                   (unsigned long long)st.n_parent_double, (unsigned long long)st.n_root_expand,
                   st.n_data_nodes, st.max_depth, (double)alex_memory_bytes(t) / alex_count(t));
        }
        if (sink == 42) printf(" ");
        alex_destroy(t);
    }
    qsort(ns, (size_t)rounds, sizeof *ns, cmp_dbl);
    printf("\n50/50: min %.1f median %.1f ns per op\n", ns[0], ns[rounds / 2]);
    free(base);
    free(rest);
    free(base_pay);
    free(ns);
}

int main(int argc, char **argv)
{
    const char *dist = "uniform", *mode = "lookup";
    size_t n = 10000000, n_lookups = 1000000;
    int rounds = 9;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--dist"))
            dist = argv[i + 1];
        else if (!strcmp(argv[i], "--n"))
            n = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--lookups"))
            n_lookups = strtoull(argv[i + 1], NULL, 10);
        else if (!strcmp(argv[i], "--mode"))
            mode = argv[i + 1];
        else {
            fprintf(stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (rounds < 1) rounds = 1;
    BenchDist d = dist_by_name(dist);
    if (d == D_COUNT) {
        fprintf(stderr, "alex_focus: unknown distribution %s\n", dist);
        return 1;
    }
    int64_t *keys = gen_keys(d, &n);
    if (keys == NULL) return 1;
    printf("%zu %s keys\n", n, dist);
    if (!strcmp(mode, "floor")) {
        run_floor(keys, n, rounds, n_lookups);
        return 0;
    }
    if (!strcmp(mode, "place")) {
        run_place(keys, n);
        return 0;
    }
    if (strcmp(mode, "mixed")) run_lookups(keys, n, rounds, n_lookups);
    if (strcmp(mode, "lookup")) run_mixed(keys, n, rounds > 3 ? 3 : rounds);
    free(keys);
    return 0;
}
