/*
 * alex_mem.h — where a large tree's data nodes live: huge-page regions (internal).
 *
 * Why: at 10M keys a lookup's data-node access misses the TLB as well as the caches
 * (230 MB of nodes in 4 KB pages is ~57,000 pages), and the page walk lengthens the
 * miss every lookup waits on. Regions of ALEX_MEM_REGION bytes, 2 MB aligned and
 * madvise(MADV_HUGEPAGE)d, keep the nodes of a large tree in ~100 huge pages.
 *
 * Layout: a region is carved in units of ALEX_MEM_UNIT bytes; a bitmap marks the
 * units in use; an allocation is the first run of free units that fits (first fit
 * over the regions in order). A region whose last block is freed is unmapped.
 *
 * Policy: only data nodes of at least ALEX_MEM_MIN_NODE bytes and only once the
 * tree's live bytes pass alex_mem_min_tree_bytes (or a bulk load will) come from
 * regions; everything else is malloc'd, so small indexes cost no more than before.
 * Sizes are rounded up to whole units and the rounded size is what the tree
 * accounts (AlexData.alloc_bytes), as are the regions' bitmaps.
 *
 * Threading: the tree's single writer allocates and frees (frees of retired nodes
 * run in the writer's retire-list flush), so there is no lock.
 */
#ifndef OMENDB_INDEX_ALEX_ALEX_MEM_H
#define OMENDB_INDEX_ALEX_ALEX_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ALEX_MEM_REGION   ((size_t)32 << 20)
#define ALEX_MEM_UNIT     ((size_t)1024)
#define ALEX_MEM_MIN_NODE ((size_t)8192)

/* Trees whose nodes pass this many bytes use regions (default 32 MB; tests lower
 * it to exercise the regions on small trees). */
extern size_t alex_mem_min_tree_bytes;

typedef struct AlexRegion {
    char *base;
    uint64_t *used; /* bit per unit */
    size_t n_free;  /* free units */
    size_t hint;    /* units below it are known to be in use */
} AlexRegion;

typedef struct AlexMem {
    AlexRegion *regions;
    size_t n, cap;
    bool enabled;
    size_t overhead; /* bytes of region bookkeeping (bitmaps, the array) */
} AlexMem;

/* A block of at least `bytes`; *got is its accounted size. live_bytes: the tree's
 * current live bytes (the policy above). NULL on no memory. */
void *alex_mem_alloc(AlexMem *m, size_t bytes, size_t live_bytes, size_t *got);
/* Frees a block from alex_mem_alloc (region or malloc); size as *got said. */
void alex_mem_free(AlexMem *m, void *p, size_t size);
/* A retire list's release callback: ctx is the AlexMem. */
void alex_mem_release(void *ctx, void *p, size_t size);
/* Unmaps every region (all blocks must be freed or abandoned). */
void alex_mem_fini(AlexMem *m);

#endif
