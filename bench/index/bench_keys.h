/*
 * bench_keys.h — what the index benchmarks share (index_bench.c, alex_focus.c):
 * clocks, the splitmix64 generator, and the key sets (n distinct sorted int64 keys,
 * uniform, sequential or lognormal), so that both tools measure the same keys.
 * Header-only: each benchmark is one translation unit.
 */
#ifndef OMENDB_BENCH_INDEX_BENCH_KEYS_H
#define OMENDB_BENCH_INDEX_BENCH_KEYS_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef enum { D_UNIFORM, D_SEQUENTIAL, D_LOGNORMAL, D_COUNT } BenchDist;
static const char *dist_names[] = {"uniform", "sequential", "lognormal"};

static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of the calling thread: on a shared machine this excludes the time the
 * thread sat descheduled, which wall time does not. */
static inline double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rng_state = 88172645463325252ull;
static inline uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* LSD radix sort of int64 (sign-flipped) — qsort is too slow for 100M. */
static inline void sort_keys(int64_t *k, size_t n)
{
    uint64_t *a = (uint64_t *)k, *b = malloc(n * 8);
    if (b == NULL) {
        qsort(k, n, 8, cmp_i64);
        return;
    }
    for (size_t i = 0; i < n; i++) a[i] ^= 1ull << 63;
    for (int shift = 0; shift < 64; shift += 16) {
        size_t *cnt = calloc(65537, sizeof *cnt);
        for (size_t i = 0; i < n; i++) cnt[((a[i] >> shift) & 0xFFFF) + 1]++;
        for (int j = 0; j < 65536; j++) cnt[j + 1] += cnt[j];
        for (size_t i = 0; i < n; i++) b[cnt[(a[i] >> shift) & 0xFFFF]++] = a[i];
        free(cnt);
        uint64_t *t = a;
        a = b;
        b = t;
    }
    /* 4 passes: result is back in the original array */
    for (size_t i = 0; i < n; i++) a[i] ^= 1ull << 63;
    free(b);
}

static inline int64_t *gen_keys(BenchDist d, size_t *n_io)
{
    size_t n = *n_io, want = d == D_SEQUENTIAL ? n : n + n / 8;
    int64_t *k = malloc(want * 8);
    if (k == NULL) return NULL;
    for (size_t i = 0; i < want; i++) {
        if (d == D_SEQUENTIAL) {
            k[i] = (int64_t)i;
        } else if (d == D_UNIFORM) {
            k[i] = (int64_t)(rnd() >> 1);
        } else {
            double u1 = ((rnd() >> 11) + 1) * (1.0 / 9007199254740993.0);
            double u2 = (rnd() >> 11) * (1.0 / 9007199254740992.0);
            double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
            k[i] = (int64_t)(exp(z * 2.0) * 1e9);
        }
    }
    if (d != D_SEQUENTIAL) sort_keys(k, want);
    size_t m = 0;
    for (size_t i = 0; i < want; i++)
        if (m == 0 || k[i] != k[m - 1]) k[m++] = k[i];
    if (m > n) {
        /* drop surplus keys evenly to keep exactly n */
        size_t out = 0;
        double step = (double)m / n;
        for (size_t i = 0; i < n; i++) k[out++] = k[(size_t)(i * step)];
        m = n;
    }
    *n_io = m;
    return k;
}

/* The distribution named `name`, or D_COUNT. */
static inline BenchDist dist_by_name(const char *name)
{
    for (int d = 0; d < D_COUNT; d++)
        if (strcmp(dist_names[d], name) == 0) return (BenchDist)d;
    return D_COUNT;
}

#endif
