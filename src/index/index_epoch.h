/*
 * index_epoch.h — read-side sections and deferred frees for the indexes (internal).
 *
 * Scheme: readers run inside an RCU read-side section (liburcu, urcu-memb flavour,
 * linked with -lurcu). The single writer never frees memory a reader might still
 * hold: it hands the block to index_retire_list_add, and the list is freed in one go
 * after synchronize_rcu() once it holds enough blocks (or at destroy). Readers
 * register with liburcu lazily on their first section and unregister through a
 * pthread key destructor when the thread exits.
 *
 * Rules: a thread must not call index_retire_list_flush (or any writer operation that
 * may flush) while it is inside a read-side section: synchronize_rcu would wait on
 * itself. Writer code paths therefore never open read-side sections.
 */
#ifndef OMENDB_INDEX_INDEX_EPOCH_H
#define OMENDB_INDEX_INDEX_EPOCH_H

#include <stdbool.h>
#include <stddef.h>

/* The read-side primitives are inlined (liburcu's LGPL static versions: a
 * thread-local counter store, no fence when the kernel offers membarrier). This
 * header must be included before any other liburcu header of the same file. */
#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu.h>

extern _Thread_local int index_epoch_registered;
/* Depth of the calling thread's sections (0: outside any). Only the outermost
 * enter/leave touch liburcu, so a nested section costs a thread-local increment,
 * and a reader that finds itself inside a section may skip enter/leave. */
extern _Thread_local unsigned index_epoch_depth;
/* Registers the calling thread with liburcu (and unregisters it at thread exit). */
void index_epoch_register(void);

/* Enter / leave a read-side section. Sections nest. */
static inline void index_epoch_enter(void)
{
    if (index_epoch_depth++ == 0) {
        if (__builtin_expect(!index_epoch_registered, 0)) index_epoch_register();
        rcu_read_lock();
    }
}

static inline void index_epoch_leave(void)
{
    if (--index_epoch_depth == 0) rcu_read_unlock();
}

/* True inside a read-side section: memory a reader reaches now stays valid until
 * the section's outermost leave. */
static inline bool index_epoch_inside(void)
{
    return index_epoch_depth != 0;
}

typedef struct IndexRetireList {
    void **ptrs;
    size_t *sizes;
    size_t n, cap;
    size_t bytes; /* total size of pending blocks */
    /* How a block is freed after its grace period: release(release_ctx, p, size),
     * or free(p) when release is NULL (the owner sets it once, before any add). */
    void (*release)(void *ctx, void *p, size_t size);
    void *release_ctx;
} IndexRetireList;

/* Queues p (of `size` bytes, accounted by the owner) to be freed after a grace period.
 * May run a grace period itself (flush) when the list is long. If the list cannot
 * grow, waits for a grace period and frees p at once: never fails. Writer only. */
void index_retire_list_add(IndexRetireList *list, void *p, size_t size);
/* Waits for a grace period and frees every queued block. Returns the bytes freed. */
size_t index_retire_list_flush(IndexRetireList *list);
/* Flushes and frees the list's own storage. */
void index_retire_list_fini(IndexRetireList *list);

#endif
