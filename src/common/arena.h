/*
 * arena.h — region allocator; the unit of memory ownership in OmenDB.
 *
 * Arenas form a tree (server > session > statement > operator). Memory is
 * bump-allocated from blocks and freed only all at once by arena_reset() or
 * arena_destroy(); destroying an arena destroys its children first.
 *
 * Out of memory: an arena may carry a byte limit (statement memory limit). Going
 * over it does not fail the allocation; it sets the sticky `over_limit` flag,
 * which the executor checks between chunks and turns into SQLSTATE 53200. A
 * real malloc failure aborts the process with a message (we cannot continue
 * without memory for control structures); see docs/memory.md.
 *
 * Threading: an arena is owned by one thread at a time. The global byte counter
 * (arena_total_bytes) is atomic and feeds metrics and memory_limit.
 */
#ifndef OMENDB_COMMON_ARENA_H
#define OMENDB_COMMON_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena Arena;

struct Arena {
    ArenaBlock *head; /* current block (newest first) */
    char *cur;        /* next free byte in head */
    char *end;        /* end of head's usable space */
    size_t bytes;     /* bytes held by blocks of this arena (not children) */
    size_t limit;     /* 0 = none; applies to this arena plus its children */
    bool over_limit;  /* sticky: a limit was exceeded */
    Arena *parent;
    Arena *first_child;
    Arena *next_sibling;
    const char *name;
};

/* Creates an arena; `parent` may be NULL. The name is a static string for debugging. */
Arena *arena_create(Arena *parent, const char *name);
/* Frees the arena, its children and all their memory. NULL is allowed. */
void arena_destroy(Arena *arena);
/* Frees all memory of the arena and destroys its children; the arena stays usable. */
void arena_reset(Arena *arena);

/* Returns `size` bytes aligned to 16, valid until the arena is reset or destroyed. */
void *arena_alloc(Arena *arena, size_t size);
/* As arena_alloc, zero-filled. */
void *arena_zalloc(Arena *arena, size_t size);
/* Copies `len` bytes into the arena and appends a NUL. */
char *arena_strndup(Arena *arena, const char *s, size_t len);
char *arena_strdup(Arena *arena, const char *s);
/* printf into a new arena string. */
char *arena_sprintf(Arena *arena, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grows an arena array: returns a copy of `old` (old_n elems) with room for new_n. */
void *arena_realloc(Arena *arena, void *old, size_t old_size, size_t new_size);

/* True when this arena or an ancestor went over its limit. */
bool arena_over_limit(const Arena *arena);
/* Bytes held by this arena and all its descendants. */
size_t arena_bytes_total(const Arena *arena);
/* Bytes held by all arenas in the process. */
size_t arena_total_bytes(void);

#define ARENA_NEW(arena, T)          ((T *)arena_zalloc((arena), sizeof(T)))
#define ARENA_NEW_ARRAY(arena, T, n) ((T *)arena_zalloc((arena), sizeof(T) * (size_t)(n)))

#endif
