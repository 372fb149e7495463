/*
 * alex_mem.c — huge-page regions for a large tree's data nodes (see alex_mem.h).
 */
#include "index/alex/alex_mem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define MEM_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_ASAN 1
#endif
#endif
#ifdef MEM_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define UNITS    (ALEX_MEM_REGION / ALEX_MEM_UNIT)
#define WORDS    (UNITS / 64)
#define HUGE_2MB ((size_t)2 << 20)

size_t alex_mem_min_tree_bytes = (size_t)32 << 20;

/* The region holding p, or NULL for a malloc'd block. */
static AlexRegion *region_of(AlexMem *m, const void *p)
{
    for (size_t i = 0; i < m->n; i++) {
        const char *b = m->regions[i].base;
        if ((const char *)p >= b && (const char *)p < b + ALEX_MEM_REGION) return &m->regions[i];
    }
    return NULL;
}

static bool region_add(AlexMem *m)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        AlexRegion *r = realloc(m->regions, cap * sizeof *r);
        if (r == NULL) return false;
        m->overhead += (cap - m->cap) * sizeof *r;
        m->regions = r;
        m->cap = cap;
    }
    uint64_t *used = calloc(WORDS, sizeof *used);
    if (used == NULL) return false;
    /* Map 2 MB more than needed and trim, for a 2 MB-aligned base. */
    size_t span = ALEX_MEM_REGION + HUGE_2MB;
    char *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        free(used);
        return false;
    }
    char *base = (char *)(((uintptr_t)raw + HUGE_2MB - 1) & ~(uintptr_t)(HUGE_2MB - 1));
    if (base > raw) munmap(raw, (size_t)(base - raw));
    size_t tail = (size_t)(raw + span - (base + ALEX_MEM_REGION));
    if (tail > 0) munmap(base + ALEX_MEM_REGION, tail);
#ifdef MADV_HUGEPAGE
    (void)madvise(base, ALEX_MEM_REGION, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
    POISON(base, ALEX_MEM_REGION);
    m->regions[m->n++] = (AlexRegion){base, used, UNITS, 0};
    m->overhead += WORDS * sizeof *used;
    return true;
}

static bool bit(const uint64_t *bm, size_t i)
{
    return (bm[i >> 6] >> (i & 63)) & 1;
}

/* First run of `need` free units at or after r->hint, or UNITS. */
static size_t find_run(const AlexRegion *r, size_t need)
{
    const uint64_t *bm = r->used;
    size_t i = r->hint;
    while (i + need <= UNITS) {
        if (bit(bm, i)) {
            /* skip to the next free unit */
            uint64_t inv = ~bm[i >> 6] >> (i & 63);
            i = inv ? i + (size_t)__builtin_ctzll(inv) : (i | 63) + 1;
            continue;
        }
        size_t j = i; /* [i, j) is free */
        while (j < i + need) {
            uint64_t w = bm[j >> 6] >> (j & 63);
            if (w == 0) {
                j = (j | 63) + 1;
            } else {
                j += (size_t)__builtin_ctzll(w);
                break;
            }
        }
        if (j >= i + need) return i;
        i = j; /* j is in use */
    }
    return UNITS;
}

static void mark(uint64_t *bm, size_t from, size_t n, bool used)
{
    for (size_t i = from; i < from + n; i++) {
        if (used)
            bm[i >> 6] |= 1ull << (i & 63);
        else
            bm[i >> 6] &= ~(1ull << (i & 63));
    }
}

void *alex_mem_alloc(AlexMem *m, size_t bytes, size_t live_bytes, size_t *got)
{
    if (!m->enabled && live_bytes + bytes >= alex_mem_min_tree_bytes) m->enabled = true;
    if (!m->enabled || bytes < ALEX_MEM_MIN_NODE || bytes > ALEX_MEM_REGION / 4) {
        *got = bytes;
        return malloc(bytes);
    }
    size_t need = (bytes + ALEX_MEM_UNIT - 1) / ALEX_MEM_UNIT;
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->n; i++) {
            AlexRegion *r = &m->regions[i];
            if (r->n_free < need) continue;
            size_t at = find_run(r, need);
            if (at == UNITS) continue;
            mark(r->used, at, need, true);
            r->n_free -= need;
            if (at == r->hint) r->hint = at + need;
            char *p = r->base + at * ALEX_MEM_UNIT;
            *got = need * ALEX_MEM_UNIT;
            UNPOISON(p, *got);
            return p;
        }
        if (pass == 0 && !region_add(m)) break;
    }
    *got = bytes; /* no region: fall back to malloc */
    return malloc(bytes);
}

static void region_drop(AlexMem *m, AlexRegion *r)
{
    munmap(r->base, ALEX_MEM_REGION);
    free(r->used);
    m->overhead -= WORDS * sizeof *r->used;
    *r = m->regions[--m->n];
}

void alex_mem_free(AlexMem *m, void *p, size_t size)
{
    if (p == NULL) return;
    AlexRegion *r = region_of(m, p);
    if (r == NULL) {
        free(p);
        return;
    }
    size_t at = (size_t)((char *)p - r->base) / ALEX_MEM_UNIT;
    size_t n = (size + ALEX_MEM_UNIT - 1) / ALEX_MEM_UNIT;
    mark(r->used, at, n, false);
    r->n_free += n;
    if (at < r->hint) r->hint = at;
    POISON(p, n * ALEX_MEM_UNIT);
    if (r->n_free == UNITS) region_drop(m, r);
}

void alex_mem_release(void *ctx, void *p, size_t size)
{
    alex_mem_free(ctx, p, size);
}

void alex_mem_fini(AlexMem *m)
{
    while (m->n > 0) region_drop(m, &m->regions[m->n - 1]);
    free(m->regions);
    memset(m, 0, sizeof *m);
}
