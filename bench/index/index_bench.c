/*
 * index_bench.c — ALEX vs our B+tree vs binary search over a sorted array.
 *
 * For each size (1M, 10M and 100M keys; 100M only when MemAvailable allows, else a
 * "skipped" line says how much it needs) and each distribution (uniform random,
 * sequential, lognormal) it measures, side by side:
 *   bulk-load time; lookup ns with 1 and 2 threads; lookup ns of one reader while a
 *   writer inserts; insert ns (bulk load half the keys, insert the other half in
 *   random order — ascending for sequential); 50/50 lookup/insert ns (same start,
 *   alternating); a scan of 100 keys; bytes per key after the bulk load and after
 *   the inserts.
 * Then a summary checks issue 3's goals at 10M keys (PASS / MISS per goal and
 * distribution). Lookup figures are medians of --reps repetitions (default 3). The
 * sorted array has no insert path (n/a). Keys are int64; the B+tree gets their
 * 8-byte order-preserving encoding. All access goes through the IndexAm interface
 * the engine uses; lookups run in read-side sections of 64 lookups, as the engine
 * holds one section around the index probes of a row.
 *
 * Usage: index_bench [--quick] [--sizes N,N] [--dists D,D] [--reps R] [--lookups L]
 *   --quick: 10M uniform keys only (the goals' configuration), about a minute.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "index/alex/alex.h"
#include "index/index_am.h"
#include "index/index_epoch.h"
#include "index/key_encode.h"

#define N_STRUCT 3 /* ALEX, B+tree, sorted array */

#include "bench_keys.h"

/* ---- structures behind one tiny shim ---- */

typedef struct Sorted {
    int64_t *keys;
    uint64_t *pay;
    size_t n;
} Sorted;

typedef struct Subject {
    int kind; /* 0 alex, 1 btree, 2 sorted */
    Index *ix;
    Sorted arr;
} Subject;

static inline void mkkey(int kind, int64_t k, IndexKey *ik, uint8_t *buf)
{
    if (kind == 0) {
        ik->i = k;
    } else {
        key_encode_int64(k, buf, 8);
        ik->bytes = buf;
        ik->len = 8;
    }
}

static inline int sorted_find(const Sorted *s, int64_t k, uint64_t *p)
{
    size_t lo = 0, n = s->n;
    const int64_t *a = s->keys;
    while (n > 1) {
        size_t half = n / 2;
        lo = a[lo + half] <= k ? lo + half : lo;
        n -= half;
    }
    if (s->n && a[lo] == k) {
        *p = s->pay[lo];
        return 1;
    }
    return 0;
}

static size_t sorted_lower(const Sorted *s, int64_t k)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->keys[mid] < k)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static inline uint64_t do_lookup(Subject *sj, int64_t k)
{
    uint64_t p = 0;
    if (sj->kind == 2) {
        sorted_find(&sj->arr, k, &p);
        return p;
    }
    IndexKey ik = {0};
    uint8_t buf[8];
    mkkey(sj->kind, k, &ik, buf);
    index_lookup(sj->ix, &ik, &p);
    return p;
}

static double bulk_load(Subject *sj, const int64_t *keys, const uint64_t *pay, size_t n)
{
    double t0 = now_s();
    if (sj->kind == 2) {
        sj->arr.keys = malloc(n * 8);
        sj->arr.pay = malloc(n * 8);
        memcpy(sj->arr.keys, keys, n * 8);
        memcpy(sj->arr.pay, pay, n * 8);
        sj->arr.n = n;
        return now_s() - t0;
    }
    IndexKey *ik = calloc(n, sizeof *ik);
    uint8_t *store = sj->kind == 1 ? malloc(n * 8) : NULL;
    for (size_t i = 0; i < n; i++) mkkey(sj->kind, keys[i], &ik[i], store ? store + 8 * i : NULL);
    index_create(sj->kind == 0 ? INDEX_ALEX_INT64 : INDEX_BTREE, &sj->ix);
    t0 = now_s(); /* conversion to IndexKey is not part of the load */
    IndexStatus st = index_bulk_load(sj->ix, ik, pay, n);
    double t = now_s() - t0;
    if (st != INDEX_OK) fprintf(stderr, "bulk load failed: %s\n", index_status_name(st));
    free(ik);
    free(store);
    return t;
}

static void subject_free(Subject *sj)
{
    if (sj->ix) index_destroy(sj->ix);
    free(sj->arr.keys);
    free(sj->arr.pay);
    int kind = sj->kind;
    memset(sj, 0, sizeof *sj);
    sj->kind = kind;
}

static size_t subject_bytes(Subject *sj)
{
    return sj->kind == 2 ? sj->arr.n * 16 : index_memory_bytes(sj->ix);
}

/* ---- timed loops ---- */

typedef struct LookupArg {
    Subject *sj;
    const int64_t *probes;
    size_t n;
    double secs, cpu;
    uint64_t sink;
    pthread_barrier_t *bar;
} LookupArg;

static void *lookup_thread(void *p)
{
    LookupArg *a = p;
    if (a->bar) pthread_barrier_wait(a->bar);
    double t0 = now_s(), c0 = cpu_s();
    uint64_t s = 0;
    for (size_t base = 0; base < a->n; base += 64) {
        size_t end = base + 64 < a->n ? base + 64 : a->n;
        index_epoch_enter();
        for (size_t i = base; i < end; i++) s += do_lookup(a->sj, a->probes[i]);
        index_epoch_leave();
    }
    a->secs = now_s() - t0;
    a->cpu = cpu_s() - c0;
    a->sink = s;
    return NULL;
}

/* Lookups by `threads` threads. *wall: aggregate wall ns per lookup (throughput);
 * returns CPU ns per lookup of one thread. */
static double lookups_ns(Subject *sj, const int64_t *probes, size_t n, int threads, double *wall)
{
    LookupArg a[2];
    pthread_t th[2];
    pthread_barrier_t bar;
    pthread_barrier_init(&bar, NULL, (unsigned)threads);
    for (int t = 0; t < threads; t++) {
        a[t] = (LookupArg){sj, probes + (t ? n : 0), n, 0, 0, 0, threads > 1 ? &bar : NULL};
        pthread_create(&th[t], NULL, lookup_thread, &a[t]);
    }
    double worst = 0, cpu = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(th[t], NULL);
        if (a[t].secs > worst) worst = a[t].secs;
        cpu += a[t].cpu;
    }
    pthread_barrier_destroy(&bar);
    if (wall != NULL) *wall = worst * 1e9 / ((double)n * threads);
    return cpu * 1e9 / ((double)n * threads);
}

/* CPU ns per key of lookups issued 64 at a time (index_lookup_many; a plain loop for
 * the sorted array). */
static double batch_ns(Subject *sj, const int64_t *probes, size_t n, uint64_t *sink)
{
    enum { B = 64 };
    IndexKey keys[B];
    uint8_t bufs[B][8];
    uint64_t pay[B];
    IndexStatus st[B];
    double t0 = cpu_s();
    for (size_t base = 0; base < n; base += B) {
        size_t m = n - base < B ? n - base : B;
        if (sj->kind == 2) {
            for (size_t i = 0; i < m; i++) *sink += do_lookup(sj, probes[base + i]);
            continue;
        }
        for (size_t i = 0; i < m; i++) mkkey(sj->kind, probes[base + i], &keys[i], bufs[i]);
        index_lookup_many(sj->ix, keys, m, pay, st);
        for (size_t i = 0; i < m; i++) *sink += st[i] == INDEX_OK ? pay[i] : 0;
    }
    return (cpu_s() - t0) * 1e9 / n;
}

typedef struct WriterArg {
    Subject *sj;
    const int64_t *keys;
    size_t n;
    volatile int *stop;
    size_t done;
} WriterArg;

static void *writer_thread(void *p)
{
    WriterArg *w = p;
    IndexKey ik = {0};
    uint8_t buf[8];
    size_t i = 0;
    while (!*w->stop && i < w->n) {
        mkkey(w->sj->kind, w->keys[i], &ik, buf);
        index_insert(w->sj->ix, &ik, (uint64_t)i);
        i++;
    }
    w->done = i;
    return NULL;
}

static double median3(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static void shuffle(int64_t *a, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = rnd() % i;
        int64_t t = a[i - 1];
        a[i - 1] = a[j];
        a[j] = t;
    }
}

enum {
    M_BULK,
    M_LOOKUP1,
    M_LOOKUP1W,
    M_BATCH,
    M_LOOKUP2,
    M_SCALE,
    M_SCALE_CPU,
    M_LOOKUP_W,
    M_KEEP,
    M_INSERT,
    M_MIXED,
    M_SCAN,
    M_BYTES,
    M_BYTES_GROWN,
    M_COUNT
};
static const char *metric_names[] = {"bulk load (ms)",
                                     "lookup 1 thread (ns)",
                                     "lookup 1 thread wall (ns)",
                                     "lookup_many, 64/call (ns)",
                                     "lookup 2 thr wall (ns/op)",
                                     "2-thread speedup (x)",
                                     "2-thr speedup, CPU (x)",
                                     "lookup w/ writer (ns)",
                                     "reader kept (%)",
                                     "insert (ns)",
                                     "50/50 lookup/insert (ns)",
                                     "scan 100 keys (ns)",
                                     "bytes/key after load",
                                     "bytes/key after inserts"};
static const int lower_is_better[] = {1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1, 1, 1};

/* Results by size index, distribution, metric and structure (NAN: not run). */
#define MAX_SIZES 8
static double results[MAX_SIZES][D_COUNT][M_COUNT][N_STRUCT];

static void run_one(size_t n_req, BenchDist d, int reps, size_t n_lookups,
                    double res[M_COUNT][N_STRUCT])
{
    size_t n = n_req;
    int64_t *keys = gen_keys(d, &n);
    if (keys == NULL) {
        printf("%zu %s: out of memory generating keys\n", n_req, dist_names[d]);
        return;
    }
    uint64_t *pay = malloc(n * 8);
    for (size_t i = 0; i < n; i++) pay[i] = (uint64_t)i;
    int64_t *probes = malloc(2 * n_lookups * 8); /* two disjoint streams for 2 threads */
    for (size_t i = 0; i < 2 * n_lookups; i++) probes[i] = keys[rnd() % n];
    /* half the keys for the insert runs: a random half (ascending tail for sequential) */
    size_t half = n / 2;
    int64_t *base = malloc(half * 8), *rest = malloc((n - half) * 8);
    uint64_t *base_pay = malloc(half * 8);
    size_t nb = 0, nr = 0;
    for (size_t i = 0; i < n; i++) {
        int in_base = d == D_SEQUENTIAL ? i < half : (nb < half && (nr >= n - half || (rnd() & 1)));
        if (in_base) {
            base_pay[nb] = i;
            base[nb++] = keys[i];
        } else {
            rest[nr++] = keys[i];
        }
    }
    if (d != D_SEQUENTIAL) shuffle(rest, nr);
    int64_t *base_probes = malloc(n_lookups * 8);
    for (size_t i = 0; i < n_lookups; i++) base_probes[i] = base[rnd() % nb];

    uint64_t sink = 0;
    for (int s = 0; s < N_STRUCT; s++) {
        Subject sj = {.kind = s};
        res[M_BULK][s] = bulk_load(&sj, keys, pay, n) * 1e3;
        res[M_BYTES][s] = (double)subject_bytes(&sj) / n;
        double v1[9], w1[9], w2[9], c2[9];
        for (int r = 0; r < reps; r++) {
            v1[r] = lookups_ns(&sj, probes, n_lookups, 1, &w1[r]);
            c2[r] = lookups_ns(&sj, probes, n_lookups, 2, &w2[r]);
        }
        res[M_LOOKUP1][s] = median3(v1, reps);
        res[M_LOOKUP1W][s] = median3(w1, reps);
        res[M_LOOKUP2][s] = median3(w2, reps);
        res[M_SCALE][s] = res[M_LOOKUP1W][s] / res[M_LOOKUP2][s];
        /* Throughput of two threads if each keeps its CPU cost per lookup: what two
         * idle cores would give, measurable on a busy machine. */
        res[M_SCALE_CPU][s] = 2 * res[M_LOOKUP1][s] / median3(c2, reps);
        res[M_BATCH][s] = batch_ns(&sj, probes, n_lookups, &sink);
        /* scans */
        size_t n_scans = n_lookups / 50;
        double t0 = cpu_s();
        for (size_t i = 0; i < n_scans; i++) {
            int64_t k = probes[i];
            if (s == 2) {
                size_t at = sorted_lower(&sj.arr, k);
                for (size_t j = at; j < at + 100 && j < sj.arr.n; j++) sink += sj.arr.pay[j];
                continue;
            }
            IndexKey ik = {0}, out;
            uint8_t buf[8];
            mkkey(s, k, &ik, buf);
            IndexIter *it;
            uint64_t p;
            index_lower_bound(sj.ix, &ik, &it);
            for (int j = 0; j < 100 && index_iter_next(it, &out, &p) == INDEX_OK; j++) sink += p;
            index_iter_destroy(it);
        }
        res[M_SCAN][s] = (cpu_s() - t0) * 1e9 / n_scans;
        subject_free(&sj);
        if (s == 2) break; /* the sorted array has no insert path */

        /* reader alone vs reader with a writer, on the half-loaded index */
        Subject h = {.kind = s};
        bulk_load(&h, base, base_pay, nb);
        double av[3];
        for (int r = 0; r < 3; r++) av[r] = lookups_ns(&h, base_probes, n_lookups, 1, NULL);
        double alone = median3(av, 3);
        volatile int stop = 0;
        WriterArg wa = {&h, rest, nr, &stop, 0};
        pthread_t wt;
        pthread_create(&wt, NULL, writer_thread, &wa);
        double with_w = lookups_ns(&h, base_probes, n_lookups, 1, NULL);
        stop = 1;
        pthread_join(wt, NULL);
        res[M_LOOKUP_W][s] = with_w;
        res[M_KEEP][s] = 100.0 * alone / with_w;
        subject_free(&h);

        /* insert-only: half loaded, insert the rest */
        bulk_load(&h, base, base_pay, nb);
        IndexKey ik = {0};
        uint8_t buf[8];
        t0 = cpu_s();
        for (size_t i = 0; i < nr; i++) {
            mkkey(s, rest[i], &ik, buf);
            if (index_insert(h.ix, &ik, i) != INDEX_OK) fprintf(stderr, "insert failed\n");
        }
        res[M_INSERT][s] = (cpu_s() - t0) * 1e9 / nr;
        res[M_BYTES_GROWN][s] = (double)index_memory_bytes(h.ix) / index_count(h.ix);
        subject_free(&h);

        /* 50/50: half loaded, alternate a lookup of a present key and an insert */
        bulk_load(&h, base, base_pay, nb);
        t0 = cpu_s();
        for (size_t i = 0; i < nr; i++) {
            sink += do_lookup(&h, base_probes[i % n_lookups]);
            mkkey(s, rest[i], &ik, buf);
            index_insert(h.ix, &ik, i);
        }
        res[M_MIXED][s] = (cpu_s() - t0) * 1e9 / (2.0 * nr);
        subject_free(&h);
    }
    printf("\n%zu keys, %s  (lookups: %zu random present keys, median of %d)\n", n, dist_names[d],
           n_lookups, reps);
    printf("%-26s %12s %12s %12s %10s %10s\n", "metric", "ALEX", "B+tree", "sorted arr", "B+t/ALEX",
           "arr/ALEX");
    for (int m = 0; m < M_COUNT; m++) {
        printf("%-26s", metric_names[m]);
        for (int s = 0; s < N_STRUCT; s++) {
            if (isnan(res[m][s]))
                printf(" %12s", "n/a");
            else
                printf(" %12.1f", res[m][s]);
        }
        for (int s = 1; s < N_STRUCT; s++) {
            double r = lower_is_better[m] ? res[m][s] / res[m][0] : res[m][0] / res[m][s];
            if (isnan(r) || m == M_KEEP)
                printf(" %10s", "");
            else
                printf(" %9.2fx", r);
        }
        printf("\n");
    }
    if (sink == 42) printf(" ");
    free(keys);
    free(pay);
    free(probes);
    free(base);
    free(rest);
    free(base_pay);
    free(base_probes);
}

static size_t mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    size_t kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %zu kB", &kb) == 1) break;
    if (f) fclose(f);
    return kb * 1024;
}

/* One goal of issue 3, checked at 10M keys on ALEX's figures. */
typedef struct Goal {
    const char *name, *target;
    double (*value)(double r[M_COUNT][N_STRUCT]);
    double bound;
    int at_most; /* 1: value <= bound passes; 0: value >= bound passes */
} Goal;

static double g_lookup(double r[M_COUNT][N_STRUCT])
{
    return r[M_LOOKUP1][0];
}
static double g_vs_btree(double r[M_COUNT][N_STRUCT])
{
    return r[M_LOOKUP1][1] / r[M_LOOKUP1][0];
}
static double g_insert(double r[M_COUNT][N_STRUCT])
{
    return r[M_INSERT][1] / r[M_INSERT][0];
}
static double g_scale(double r[M_COUNT][N_STRUCT])
{
    return r[M_SCALE_CPU][0];
}
static double g_keep(double r[M_COUNT][N_STRUCT])
{
    return r[M_KEEP][0];
}
static double g_over_load(double r[M_COUNT][N_STRUCT])
{
    return r[M_BYTES][0] - 16;
}
static double g_over_grown(double r[M_COUNT][N_STRUCT])
{
    return r[M_BYTES_GROWN][0] - 16;
}
static double g_mixed(double r[M_COUNT][N_STRUCT])
{
    return r[M_MIXED][0];
}

static const Goal goals[] = {
    {"lookup 1 thread (ns)", "<= 60", g_lookup, 60, 1},
    {"lookup speed vs B+tree (x)", ">= 2.5", g_vs_btree, 2.5, 0},
    {"insert speed vs B+tree (x)", ">= 1.0", g_insert, 1.0, 0},
    {"2-thread speedup, CPU time (x)", ">= 1.8", g_scale, 1.8, 0},
    {"reader kept w/ writer (%)", ">= 70", g_keep, 70, 0},
    {"overhead after load (B/key)", "<= 10", g_over_load, 10, 1},
    {"overhead after inserts (B/key)", "<= 10", g_over_grown, 10, 1},
    {"50/50 lookup/insert (ns/op)", "< 256", g_mixed, 256, 1},
};

static void print_goals(int si, size_t n)
{
    printf("\nGoals (issue 3) at %zu keys, ALEX; PASS/MISS per distribution (the goals are "
           "stated for uniform keys;\nthe last row compares with the reference C++ ALEX's "
           "256 ns per insert in its 50/50 run)\n",
           n);
    printf("%-32s %-7s", "goal", "target");
    for (int d = 0; d < D_COUNT; d++) printf(" %17s", dist_names[d]);
    printf("\n");
    for (size_t g = 0; g < sizeof goals / sizeof goals[0]; g++) {
        printf("%-32s %-7s", goals[g].name, goals[g].target);
        for (int d = 0; d < D_COUNT; d++) {
            double v = goals[g].value(results[si][d]);
            if (isnan(v)) {
                printf(" %17s", "not run");
                continue;
            }
            int pass = goals[g].at_most ? v <= goals[g].bound : v >= goals[g].bound;
            printf(" %12.1f %4s", v, pass ? "PASS" : "MISS");
        }
        printf("\n");
    }
}

int main(int argc, char **argv)
{
    size_t sizes[MAX_SIZES] = {1000000, 10000000, 100000000};
    int n_sizes = 3, reps = 3, quick = 0;
    int run_dist[D_COUNT] = {1, 1, 1};
    size_t n_lookups = 1000000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            quick = 1;
            sizes[0] = 10000000;
            n_sizes = 1;
        } else if (!strcmp(argv[i], "--dists") && i + 1 < argc) {
            for (int d = 0; d < D_COUNT; d++)
                run_dist[d] = strstr(argv[i + 1], dist_names[d]) != NULL;
            i++;
        } else if (!strcmp(argv[i], "--reps") && i + 1 < argc) {
            reps = atoi(argv[++i]);
            if (reps < 1) reps = 1;
            if (reps > 9) reps = 9;
        } else if (!strcmp(argv[i], "--lookups") && i + 1 < argc) {
            n_lookups = strtoull(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--sizes") && i + 1 < argc) {
            n_sizes = 0;
            for (char *t = strtok(argv[++i], ","); t && n_sizes < MAX_SIZES; t = strtok(NULL, ","))
                sizes[n_sizes++] = strtoull(t, NULL, 10);
        } else {
            fprintf(stderr,
                    "usage: %s [--quick] [--sizes N,N] [--dists uniform,sequential,lognormal] "
                    "[--reps R] "
                    "[--lookups L]\n",
                    argv[0]);
            return 2;
        }
    }
    printf("# reproduce: make build/bench/index/index_bench && build/bench/index/index_bench");
    for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
    printf("\n# ns per operation; lower is better except speedup and reader kept. Single-thread\n"
           "# figures are thread CPU time (robust to a shared machine); 'wall' rows and the\n"
           "# 2-thread speedup are wall clock and need two idle cores to mean anything.\n");
    FILE *la = fopen("/proc/loadavg", "r");
    char load[64] = "?";
    if (la != NULL) {
        if (fgets(load, sizeof load, la) == NULL) strcpy(load, "?\n");
        fclose(la);
        printf("# load average at start (other users of the machine): %s", load);
    }
    double t_start = now_s();
    for (int si = 0; si < n_sizes; si++) {
        for (int d = 0; d < D_COUNT; d++)
            for (int m = 0; m < M_COUNT; m++)
                for (int s = 0; s < N_STRUCT; s++) results[si][d][m][s] = NAN;
        /* Peak use: key, payload, half and probe arrays (~36 B/key), the B+tree with
         * its load-time key copies (~60 B/key): about 100 bytes per key. */
        size_t need = sizes[si] * 100, have = mem_available();
        if (need > have) {
            printf("\n# %zu keys skipped: needs %.1f GB, have %.1f GB available\n", sizes[si],
                   need / 1e9, have / 1e9);
            continue;
        }
        for (int d = 0; d < D_COUNT; d++) {
            if ((quick && d != D_UNIFORM) || !run_dist[d]) continue;
            run_one(sizes[si], d, reps, n_lookups, results[si][d]);
            fflush(stdout);
        }
    }
    for (int si = 0; si < n_sizes; si++)
        if (sizes[si] == 10000000) print_goals(si, sizes[si]);
    la = fopen("/proc/loadavg", "r");
    if (la != NULL) {
        if (fgets(load, sizeof load, la) != NULL) printf("\n# load average at end: %s", load);
        fclose(la);
    }
    printf("# total %.0f s\n", now_s() - t_start);
    return 0;
}
