/*
 * storage_int.h — private structures of the storage subsystem, shared by
 * storage_table.c, row_group.c, column_segment.c and zone_map.c.
 *
 *   StorageTable
 *     pages[STORAGE_DIR_PAGES] -> RowGroup *[STORAGE_DIR_PAGE_GROUPS]  (lazily, never moved)
 *   RowGroup
 *     segs[ncols] : ColumnSegment
 *   ColumnSegment (one column of one row group)
 *     data[60]     -> STORAGE_VECTOR_ROWS slots of the type's width (lazily)
 *     validity[60] -> 32 words, bit set = valid (lazily, on the first NULL)
 *     zones[60], zone : ZoneMap per vector and for the group
 *     heap           : string bytes of values longer than 12 bytes
 *
 * Pointers that a concurrent reader may load (directory pages, group pointers,
 * vector data and validity) are written with release stores and read with
 * acquire loads; everything they point to is written before publication.
 */
#ifndef OMENDB_STORAGE_STORAGE_INT_H
#define OMENDB_STORAGE_STORAGE_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "storage/storage.h"

#define STORAGE_DIR_PAGE_GROUPS 1024
#define STORAGE_DIR_PAGES       4096
#define STORAGE_VALIDITY_WORDS  (STORAGE_VECTOR_ROWS / 64)
#define STORAGE_HEAP_BLOCK      (64 * 1024)

#define LOAD_ACQ(p)     __atomic_load_n(&(p), __ATOMIC_ACQUIRE)
#define STORE_REL(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

typedef struct HeapBlock HeapBlock;
struct HeapBlock {
    HeapBlock *next;
    size_t used, cap;
    char data[];
};

typedef struct ColumnSegment {
    OmType type;
    uint8_t width;
    bool is_string; /* StrView payloads */
    void *data[STORAGE_GROUP_VECTORS];
    uint64_t *validity[STORAGE_GROUP_VECTORS];
    ZoneMap zones[STORAGE_GROUP_VECTORS];
    ZoneMap zone;
    HeapBlock *heap;
} ColumnSegment;

/* Row versions of one vector (storage_version.c). Absent (NULL) while every
 * row of the vector is visible to every snapshot and has never been updated
 * or deleted. */
typedef struct VectorVersion {
    uint64_t insert_id[STORAGE_VECTOR_ROWS]; /* version that inserted each row */
    uint64_t *delete_id;                     /* lazily: version that deleted each row (0 none) */
    uint64_t *update_id;                     /* lazily: version of each row's latest update */
    UndoRow *undo;                           /* before-images, newest first */
    uint64_t max_insert;                     /* largest committed insert version */
    uint32_t pending_inserts;                /* rows whose insert is not yet committed */
    uint32_t dead_inserts;                   /* rows whose insert was rolled back */
    uint32_t ndeletes;                       /* rows with a delete version (any) */
} VectorVersion;

/* One column's before-image in an UndoRow. */
typedef struct UndoCol {
    int col;
    bool is_null;
    StoragePayload old;
} UndoCol;

struct UndoRow {
    UndoRow *next;           /* older record of the same vector */
    uint64_t version;        /* writer's transaction id, then its commit version */
    uint64_t row;            /* row id */
    uint64_t prev_update_id; /* update_id of the row before this write */
    uint32_t cmd;            /* writer's command number */
    bool reclaim;            /* set by the collector: unlink at the next prune */
    int ncols;
    size_t bytes; /* allocation size */
    UndoCol cols[];
};

typedef struct RowGroup {
    uint64_t index; /* group number */
    int ncols;
    ColumnSegment *segs;
    VectorVersion *ver[STORAGE_GROUP_VECTORS]; /* release store / acquire load */
} RowGroup;

/* A unique index: over key columns cols[0..ncols), or computed (an
 * expression key or a predicate: the SQL layer encodes its keys, and cols
 * lists the columns those read, so that an UPDATE of one moves the key). */
typedef struct UniqueDef {
    int ncols;
    int cols[STORAGE_UNIQUE_COLS];
    bool computed;
    UniqueIndex *index;
} UniqueDef;

struct StorageTable {
    int ncols;
    OmType *types;
    pthread_mutex_t write_mu;
    pthread_rwlock_t index_lock;
    uint64_t row_count; /* visible rows: release store / acquire load */
    uint64_t pending;   /* rows written (>= row_count); writer only */
    RowGroup **pages[STORAGE_DIR_PAGES];
    int nunique;
    UniqueDef *unique;
    uint32_t oid;          /* the catalog's table OID, for the redo log (storage_redo.c) */
    bool unlogged;         /* a temporary table: the redo log skips it (storage_redo.c) */
    bool keys_moved;       /* an UPDATE changed a unique key in place (unique_holder.c) */
    uint64_t last_commit;  /* storage_table_note_commit; atomic */
    uint64_t ddl_gen;      /* storage_table_set_ddl_gen (storage_redo.h); atomic */
    uint64_t ddl_lock_gen; /* storage_table_set_ddl_lock (storage_redo.h); atomic */
};

/* Memory accounting (storage_table.c). */
void *storage_malloc(size_t size);
void *storage_calloc(size_t n, size_t size);
void storage_free(void *p, size_t size);
/* Stops counting `size` bytes that will be freed elsewhere (plain free()). */
void storage_uncount(size_t size);
/* Adjust the byte counter for memory allocated elsewhere (the indexes of src/index). */
void storage_bytes_add(size_t size);
void storage_bytes_sub(size_t size);

/* True if values of the type are StrViews. */
bool storage_type_is_string(TypeId type);

/* storage_table.c */
/* Rebuilds column unique index `idx` in place from the rows that are not dead
 * (recovery): 0, -1 out of memory, -2 two rows have equal keys (*dup_row). */
int storage_unique_rebuild_columns(StorageTable *t, int idx, uint64_t *dup_row);
RowGroup *storage_group_get(const StorageTable *t, uint64_t g);
RowGroup *storage_group_get_or_create(StorageTable *t, uint64_t g);

/* storage_version.c */
void vector_version_free(VectorVersion *vv);
/* The version info of vector `vec` of a group, created (every row visible to
 * all) if it has none; NULL when out of memory. Writer only. */
VectorVersion *vector_version_ensure(RowGroup *g, uint32_t vec);

/* row_group.c */
RowGroup *row_group_create(uint64_t index, int ncols, const OmType *types);
void row_group_destroy(RowGroup *group);
/* Recomputes the group zone maps from the vector zone maps of all columns. */
void row_group_rebuild_zone(RowGroup *group);

/* column_segment.c */
void column_segment_init(ColumnSegment *seg, OmType type);
void column_segment_fini(ColumnSegment *seg);
/* Copies the chunk rows first..first+n of `src` (physical position of chunk
 * row i: sel ? sel[i] : i) into vector `vec` at offsets off..off+n (all within
 * one vector). Updates the vector and group zone maps. Returns 0, or -1 when
 * out of memory. */
int column_segment_append(ColumnSegment *seg, uint32_t vec, uint32_t off, const Vector *src,
                          const uint16_t *sel, uint32_t first, uint32_t n);
/* Overwrites row `off` of vector `vec` in place (updates): copies long strings
 * into the heap, widens the zone maps. Returns 0 or -1 when out of memory. */
int column_segment_set(ColumnSegment *seg, uint32_t vec, uint32_t off, const void *payload,
                       bool is_null);
/* Forgets rows at or after `keep` in vector `vec` (keep == 0: the whole vector):
 * frees nothing that a reader may hold, recomputes the vector zone map. */
void column_segment_truncate(ColumnSegment *seg, uint32_t vec, uint32_t keep);

/* zone_map.c */
void zone_map_reset(ZoneMap *zone);
/* Adds n payloads (contiguous slots of the type) with their validity bits
 * (bit i of `validity` words starting at slot index `first`; NULL = all valid). */
void zone_map_add_range(ZoneMap *zone, OmType type, const void *data, const uint64_t *validity,
                        uint32_t first, uint32_t n);
/* Merges `src` into `dst`. */
void zone_map_merge(ZoneMap *dst, const ZoneMap *src, TypeId type);

#endif
