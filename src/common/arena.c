/*
 * arena.c — block-based bump allocator with a parent/child tree.
 *
 * Blocks are malloc'd with a header and chained newest-first. Requests larger
 * than a quarter of the standard block get a block of their own, inserted behind
 * the head so the head's free space is not wasted.
 *
 * Block cache: every statement, portal and Bind message creates and destroys an
 * arena, and a 64 KB free() is large enough to make glibc consolidate its fast
 * bins each time (a few percent of a point SELECT's CPU). So each thread keeps
 * up to BLOCK_CACHE_MAX freed standard blocks for its next arenas; they leave
 * the byte counters while cached and are freed when the thread exits. Not in
 * sanitizer builds, where a reused block would hide a use after free.
 */
#include "common/arena.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
#define ARENA_ALIGN      16

struct ArenaBlock {
    ArenaBlock *next;
    size_t size; /* usable bytes after the header */
    max_align_t pad[];
};

static atomic_size_t g_total_bytes;

#if defined(__SANITIZE_ADDRESS__)
#define BLOCK_CACHE_MAX 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BLOCK_CACHE_MAX 0
#endif
#endif
#ifndef BLOCK_CACHE_MAX
#define BLOCK_CACHE_MAX 8
#endif

#if BLOCK_CACHE_MAX > 0
#include <pthread.h>

typedef struct BlockCache {
    int n;
    ArenaBlock *blocks[BLOCK_CACHE_MAX];
} BlockCache;

static _Thread_local BlockCache t_cache;
static pthread_key_t g_cache_key; /* its destructor frees a thread's cache */
static pthread_once_t g_cache_once = PTHREAD_ONCE_INIT;

static void cache_release(void *arg)
{
    (void)arg;
    while (t_cache.n > 0) free(t_cache.blocks[--t_cache.n]);
}

static void cache_key_init(void)
{
    pthread_key_create(&g_cache_key, cache_release);
}

/* Keeps a freed standard block; false when the cache is full. */
static bool cache_put(ArenaBlock *b)
{
    if (t_cache.n == BLOCK_CACHE_MAX) return false;
    if (t_cache.n == 0) {
        pthread_once(&g_cache_once, cache_key_init);
        pthread_setspecific(g_cache_key, &t_cache); /* non-NULL: the destructor runs */
    }
    t_cache.blocks[t_cache.n++] = b;
    return true;
}

static ArenaBlock *cache_get(void)
{
    return t_cache.n > 0 ? t_cache.blocks[--t_cache.n] : NULL;
}
#else
static bool cache_put(ArenaBlock *b)
{
    (void)b;
    return false;
}

static ArenaBlock *cache_get(void)
{
    return NULL;
}
#endif

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p == NULL) {
        fprintf(stderr, "omendb: out of memory allocating %zu bytes\n", n);
        abort();
    }
    return p;
}

Arena *arena_create(Arena *parent, const char *name)
{
    Arena *a = xmalloc(sizeof(Arena));
    memset(a, 0, sizeof(*a));
    a->name = name;
    a->parent = parent;
    if (parent) {
        a->next_sibling = parent->first_child;
        parent->first_child = a;
    }
    return a;
}

static void free_blocks(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        if (b->size != ARENA_BLOCK_SIZE || !cache_put(b)) free(b);
        b = next;
    }
    atomic_fetch_sub(&g_total_bytes, a->bytes);
    a->head = NULL;
    a->cur = a->end = NULL;
    a->bytes = 0;
}

static void unlink_from_parent(Arena *a)
{
    if (!a->parent) return;
    Arena **pp = &a->parent->first_child;
    while (*pp && *pp != a) pp = &(*pp)->next_sibling;
    if (*pp) *pp = a->next_sibling;
}

static void destroy_tree(Arena *a)
{
    Arena *c = a->first_child;
    while (c) {
        Arena *next = c->next_sibling;
        destroy_tree(c);
        c = next;
    }
    free_blocks(a);
    free(a);
}

void arena_destroy(Arena *arena)
{
    if (!arena) return;
    unlink_from_parent(arena);
    destroy_tree(arena);
}

void arena_reset(Arena *arena)
{
    Arena *c = arena->first_child;
    while (c) {
        Arena *next = c->next_sibling;
        destroy_tree(c);
        c = next;
    }
    arena->first_child = NULL;
    free_blocks(arena);
    arena->over_limit = false;
}

static void check_limit(Arena *a)
{
    for (Arena *p = a; p; p = p->parent) {
        if (p->limit && arena_bytes_total(p) > p->limit) {
            p->over_limit = true;
            return;
        }
    }
}

static void *alloc_slow(Arena *a, size_t size)
{
    if (size > ARENA_BLOCK_SIZE / 4) {
        ArenaBlock *b = xmalloc(sizeof(ArenaBlock) + size);
        b->size = size;
        if (a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = NULL;
            a->head = b;
            a->cur = a->end = (char *)b->pad + size;
        }
        a->bytes += sizeof(ArenaBlock) + size;
        atomic_fetch_add(&g_total_bytes, sizeof(ArenaBlock) + size);
        if (a->limit || a->parent) check_limit(a);
        return b->pad;
    }
    ArenaBlock *b = cache_get();
    if (b == NULL) b = xmalloc(sizeof(ArenaBlock) + ARENA_BLOCK_SIZE);
    b->size = ARENA_BLOCK_SIZE;
    b->next = a->head;
    a->head = b;
    a->cur = (char *)b->pad;
    a->end = a->cur + ARENA_BLOCK_SIZE;
    a->bytes += sizeof(ArenaBlock) + ARENA_BLOCK_SIZE;
    atomic_fetch_add(&g_total_bytes, sizeof(ArenaBlock) + ARENA_BLOCK_SIZE);
    if (a->limit || a->parent) check_limit(a);
    void *p = a->cur;
    a->cur += size;
    return p;
}

void *arena_alloc(Arena *arena, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0) size = ARENA_ALIGN;
    if ((size_t)(arena->end - arena->cur) >= size) {
        void *p = arena->cur;
        arena->cur += size;
        return p;
    }
    return alloc_slow(arena, size);
}

void *arena_zalloc(Arena *arena, size_t size)
{
    void *p = arena_alloc(arena, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *arena, const char *s, size_t len)
{
    char *p = arena_alloc(arena, len + 1);
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(Arena *arena, const char *s)
{
    return arena_strndup(arena, s, strlen(s));
}

char *arena_sprintf(Arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(arena, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return p;
}

void *arena_realloc(Arena *arena, void *old, size_t old_size, size_t new_size)
{
    if (new_size <= old_size) return old;
    void *p = arena_alloc(arena, new_size);
    if (old && old_size) memcpy(p, old, old_size);
    return p;
}

bool arena_over_limit(const Arena *arena)
{
    for (const Arena *p = arena; p; p = p->parent)
        if (p->over_limit) return true;
    return false;
}

size_t arena_bytes_total(const Arena *arena)
{
    size_t n = arena->bytes;
    for (const Arena *c = arena->first_child; c; c = c->next_sibling) n += arena_bytes_total(c);
    return n;
}

size_t arena_total_bytes(void)
{
    return atomic_load(&g_total_bytes);
}
