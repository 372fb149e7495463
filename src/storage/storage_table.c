/*
 * storage_table.c — a table: the row-group directory, statement-atomic
 * appends (pending rows, commit, rollback), lock-free reads for scans and
 * single-row fetches, memory accounting, and the list of unique indexes.
 *
 * The directory is two-level (pages of STORAGE_DIR_PAGE_GROUPS group pointers)
 * so that it never moves: a reader that loaded a group pointer can keep it for
 * the life of the table. Visibility is governed by one number, row_count,
 * written only by commit (release) and read by scans (acquire); every byte of
 * a row is written before the commit that makes it visible.
 */
#include <stdlib.h>
#include <string.h>

#include "storage/storage_int.h"
#include "storage/unique_index.h"

static atomic_size_t g_storage_bytes;

size_t storage_bytes(void)
{
    return atomic_load_explicit(&g_storage_bytes, memory_order_relaxed);
}

void *storage_malloc(size_t size)
{
    void *p = malloc(size);
    if (p) atomic_fetch_add_explicit(&g_storage_bytes, size, memory_order_relaxed);
    return p;
}

void *storage_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p) atomic_fetch_add_explicit(&g_storage_bytes, n * size, memory_order_relaxed);
    return p;
}

void storage_bytes_add(size_t size)
{
    atomic_fetch_add_explicit(&g_storage_bytes, size, memory_order_relaxed);
}

void storage_bytes_sub(size_t size)
{
    atomic_fetch_sub_explicit(&g_storage_bytes, size, memory_order_relaxed);
}

void storage_free(void *p, size_t size)
{
    if (p == NULL) return;
    atomic_fetch_sub_explicit(&g_storage_bytes, size, memory_order_relaxed);
    free(p);
}

void storage_uncount(size_t size)
{
    atomic_fetch_sub_explicit(&g_storage_bytes, size, memory_order_relaxed);
}

bool storage_type_is_string(TypeId type)
{
    return type_is_varlena(type);
}

StorageTable *storage_table_create(int ncols, const OmType *types)
{
    StorageTable *t = storage_calloc(1, sizeof(StorageTable));
    if (t == NULL) return NULL;
    t->ncols = ncols;
    t->types = storage_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof(OmType));
    if (t->types == NULL) {
        storage_free(t, sizeof(StorageTable));
        return NULL;
    }
    if (ncols > 0) memcpy(t->types, types, sizeof(OmType) * (size_t)ncols);
    pthread_mutex_init(&t->write_mu, NULL);
    pthread_rwlock_init(&t->index_lock, NULL);
    return t;
}

void storage_table_destroy(StorageTable *t)
{
    if (t == NULL) return;
    for (int p = 0; p < STORAGE_DIR_PAGES; p++) {
        RowGroup **page = t->pages[p];
        if (page == NULL) continue;
        for (int g = 0; g < STORAGE_DIR_PAGE_GROUPS; g++) row_group_destroy(page[g]);
        storage_free(page, sizeof(RowGroup *) * STORAGE_DIR_PAGE_GROUPS);
    }
    for (int i = 0; i < t->nunique; i++) unique_index_destroy(t->unique[i].index);
    storage_free(t->unique, sizeof(UniqueDef) * (size_t)t->nunique);
    pthread_mutex_destroy(&t->write_mu);
    pthread_rwlock_destroy(&t->index_lock);
    storage_free(t->types, sizeof(OmType) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    storage_free(t, sizeof(StorageTable));
}

int storage_table_ncols(const StorageTable *t)
{
    return t->ncols;
}

OmType storage_table_column_type(const StorageTable *t, int col)
{
    return t->types[col];
}

uint64_t storage_table_row_count(const StorageTable *t)
{
    return __atomic_load_n(&t->row_count, __ATOMIC_ACQUIRE);
}

void storage_table_note_commit(StorageTable *t, uint64_t version)
{
    uint64_t cur = __atomic_load_n(&t->last_commit, __ATOMIC_RELAXED);
    while (cur < version && !__atomic_compare_exchange_n(&t->last_commit, &cur, version, true,
                                                         __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
    }
}

uint64_t storage_table_last_commit(const StorageTable *t)
{
    return __atomic_load_n(&t->last_commit, __ATOMIC_ACQUIRE);
}

uint64_t storage_table_pending_count(const StorageTable *t)
{
    return t->pending;
}

void storage_table_write_lock(StorageTable *t)
{
    pthread_mutex_lock(&t->write_mu);
}

void storage_table_write_unlock(StorageTable *t)
{
    pthread_mutex_unlock(&t->write_mu);
}

RowGroup *storage_group_get(const StorageTable *t, uint64_t g)
{
    if (g >= (uint64_t)STORAGE_DIR_PAGES * STORAGE_DIR_PAGE_GROUPS) return NULL;
    RowGroup **page = LOAD_ACQ(((StorageTable *)t)->pages[g / STORAGE_DIR_PAGE_GROUPS]);
    if (page == NULL) return NULL;
    return LOAD_ACQ(page[g % STORAGE_DIR_PAGE_GROUPS]);
}

RowGroup *storage_group_get_or_create(StorageTable *t, uint64_t g)
{
    RowGroup *group = storage_group_get(t, g);
    if (group) return group;
    if (g >= (uint64_t)STORAGE_DIR_PAGES * STORAGE_DIR_PAGE_GROUPS) return NULL;
    RowGroup **page = t->pages[g / STORAGE_DIR_PAGE_GROUPS];
    if (page == NULL) {
        page = storage_calloc(STORAGE_DIR_PAGE_GROUPS, sizeof(RowGroup *));
        if (page == NULL) return NULL;
        STORE_REL(t->pages[g / STORAGE_DIR_PAGE_GROUPS], page);
    }
    group = row_group_create(g, t->ncols, t->types);
    if (group == NULL) return NULL;
    STORE_REL(page[g % STORAGE_DIR_PAGE_GROUPS], group);
    return group;
}

int storage_table_append(StorageTable *t, const Chunk *chunk, uint64_t *first_row_id, OmError *err)
{
    uint64_t pos = t->pending;
    if (first_row_id) *first_row_id = pos;
    uint32_t n = chunk->count, done = 0;
    while (done < n) {
        uint64_t g = pos / STORAGE_GROUP_ROWS;
        uint32_t in_group = (uint32_t)(pos % STORAGE_GROUP_ROWS);
        uint32_t vec = in_group / STORAGE_VECTOR_ROWS;
        uint32_t off = in_group % STORAGE_VECTOR_ROWS;
        uint32_t take = STORAGE_VECTOR_ROWS - off;
        if (take > n - done) take = n - done;
        RowGroup *group = storage_group_get_or_create(t, g);
        if (group == NULL) goto oom;
        /* Count the slice as pending before writing it, so a rollback after a
         * failure in the middle of it resets its zone maps too. */
        t->pending = pos + take;
        for (int c = 0; c < t->ncols; c++) {
            if (column_segment_append(&group->segs[c], vec, off, &chunk->cols[c], chunk->sel, done,
                                      take) != 0)
                goto oom;
        }
        pos += take;
        done += take;
    }
    return 0;
oom:
    return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
}

void storage_table_commit(StorageTable *t)
{
    /* Staged index keys enter the indexes before their rows become visible. */
    for (int i = 0; i < t->nunique; i++) unique_index_flush(t->unique[i].index);
    __atomic_store_n(&t->row_count, t->pending, __ATOMIC_RELEASE);
}

void storage_table_rollback(StorageTable *t)
{
    for (int i = 0; i < t->nunique; i++) unique_index_discard_staged(t->unique[i].index);
    uint64_t visible = t->row_count; /* only the writer changes it */
    uint64_t pending = t->pending;
    if (pending <= visible) return;
    uint64_t first_vec = visible / STORAGE_VECTOR_ROWS;
    uint64_t last_vec = (pending - 1) / STORAGE_VECTOR_ROWS;
    RowGroup *prev = NULL;
    for (uint64_t gv = first_vec; gv <= last_vec; gv++) {
        uint64_t g = gv / STORAGE_GROUP_VECTORS;
        uint32_t vec = (uint32_t)(gv % STORAGE_GROUP_VECTORS);
        RowGroup *group = storage_group_get(t, g);
        if (group == NULL) continue;
        uint64_t start = gv * STORAGE_VECTOR_ROWS;
        uint32_t keep = start >= visible ? 0 : (uint32_t)(visible - start);
        for (int c = 0; c < t->ncols; c++) column_segment_truncate(&group->segs[c], vec, keep);
        if (group != prev) {
            if (prev) row_group_rebuild_zone(prev);
            prev = group;
        }
    }
    if (prev) row_group_rebuild_zone(prev);
    t->pending = visible;
}

uint64_t storage_table_group_count(uint64_t row_count)
{
    return (row_count + STORAGE_GROUP_ROWS - 1) / STORAGE_GROUP_ROWS;
}

int storage_table_vector(const StorageTable *t, uint64_t row_count, uint64_t group, uint32_t vec,
                         int col, StorageVectorRef *out)
{
    uint64_t start = group * STORAGE_GROUP_ROWS + (uint64_t)vec * STORAGE_VECTOR_ROWS;
    if (start >= row_count || vec >= STORAGE_GROUP_VECTORS) return -1;
    RowGroup *grp = storage_group_get(t, group);
    if (grp == NULL) return -1;
    ColumnSegment *seg = &grp->segs[col];
    uint64_t left = row_count - start;
    out->count = left < STORAGE_VECTOR_ROWS ? (uint32_t)left : STORAGE_VECTOR_ROWS;
    out->data = LOAD_ACQ(seg->data[vec]);
    out->validity = LOAD_ACQ(seg->validity[vec]);
    return out->data ? 0 : -1;
}

const ZoneMap *storage_table_vector_zone(const StorageTable *t, uint64_t group, uint32_t vec,
                                         int col)
{
    RowGroup *grp = storage_group_get(t, group);
    if (grp == NULL || vec >= STORAGE_GROUP_VECTORS) return NULL;
    return &grp->segs[col].zones[vec];
}

const ZoneMap *storage_table_group_zone(const StorageTable *t, uint64_t group, int col)
{
    RowGroup *grp = storage_group_get(t, group);
    return grp ? &grp->segs[col].zone : NULL;
}

int storage_table_fetch(const StorageTable *t, uint64_t row_count, uint64_t row_id, int col,
                        Value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = t->types[col];
    if (row_id >= row_count) return -1;
    uint64_t g = row_id / STORAGE_GROUP_ROWS;
    uint32_t in_group = (uint32_t)(row_id % STORAGE_GROUP_ROWS);
    uint32_t vec = in_group / STORAGE_VECTOR_ROWS, off = in_group % STORAGE_VECTOR_ROWS;
    RowGroup *grp = storage_group_get(t, g);
    if (grp == NULL) return -1;
    ColumnSegment *seg = &grp->segs[col];
    const char *data = LOAD_ACQ(seg->data[vec]);
    const uint64_t *validity = LOAD_ACQ(seg->validity[vec]);
    if (data == NULL) return -1;
    if (!validity_is_valid(validity, off)) {
        out->is_null = true;
        return 0;
    }
    memcpy(&out->u, data + (size_t)off * seg->width, seg->width);
    return 0;
}

/* Appends a unique-index definition owning `index`; returns its number or -1
 * (out of memory; the caller still owns `index`). */
static int append_unique_def(StorageTable *t, int ncols, const int *cols, bool computed,
                             UniqueIndex *index)
{
    UniqueDef *defs = storage_malloc(sizeof(UniqueDef) * (size_t)(t->nunique + 1));
    if (defs == NULL) return -1;
    if (t->nunique) memcpy(defs, t->unique, sizeof(UniqueDef) * (size_t)t->nunique);
    storage_free(t->unique, sizeof(UniqueDef) * (size_t)t->nunique);
    t->unique = defs;
    UniqueDef *def = &defs[t->nunique];
    memset(def, 0, sizeof(*def));
    def->ncols = ncols;
    memcpy(def->cols, cols, sizeof(int) * (size_t)ncols);
    def->computed = computed;
    def->index = index;
    return t->nunique++;
}

/* Puts a built index in: appended, or in place of index `replace` (whose old
 * structure is destroyed). Caller holds the write lock. Returns its number or
 * -1 (out of memory; `index` destroyed). */
static int install_unique(StorageTable *t, int replace, int ncols, const int *cols, bool computed,
                          UniqueIndex *index)
{
    storage_table_index_lock_exclusive(t);
    int slot = replace;
    if (replace >= 0) {
        unique_index_destroy(t->unique[replace].index);
        t->unique[replace].index = index;
    } else {
        slot = append_unique_def(t, ncols, cols, computed, index);
        if (slot < 0) unique_index_destroy(index);
    }
    storage_table_index_unlock(t);
    return slot;
}

int storage_table_add_unique(StorageTable *t, int ncols, const int *cols)
{
    if (ncols < 1 || ncols > 16) return -1;
    OmType types[16];
    for (int k = 0; k < ncols; k++) types[k] = storage_table_column_type(t, cols[k]);
    UniqueIndex *index = unique_index_create(ncols, types);
    if (index == NULL) return -1;
    int slot = append_unique_def(t, ncols, cols, false, index);
    if (slot < 0) unique_index_destroy(index);
    return slot;
}

void storage_table_index_lock_shared(StorageTable *t)
{
    pthread_rwlock_rdlock(&t->index_lock);
}

void storage_table_index_lock_exclusive(StorageTable *t)
{
    pthread_rwlock_wrlock(&t->index_lock);
}

void storage_table_index_unlock(StorageTable *t)
{
    pthread_rwlock_unlock(&t->index_lock);
}

int storage_table_unique_count(const StorageTable *t)
{
    return t->nunique;
}

UniqueIndex *storage_table_unique(const StorageTable *t, int idx)
{
    return t->unique[idx].index;
}

const int *storage_table_unique_cols(const StorageTable *t, int idx, int *ncols)
{
    *ncols = t->unique[idx].ncols;
    return t->unique[idx].cols;
}

bool storage_table_unique_computed(const StorageTable *t, int idx)
{
    return t->unique[idx].computed;
}

/* Builds an index over columns cols from the rows that are not dead (rows
 * with a NULL key column are left out). Write lock held. 0 with *out; -1 out
 * of memory; -2 two rows have equal keys (*dup_row). */
static int build_from_columns(StorageTable *t, int ncols, const int *cols, UniqueIndex **out,
                              uint64_t *dup_row)
{
    OmType types[16];
    for (int k = 0; k < ncols; k++) types[k] = storage_table_column_type(t, cols[k]);
    UniqueIndex *index = unique_index_create(ncols, types);
    if (index == NULL) return -1;
    /* Encode every committed row's key, then bulk-load: sorting and one build
     * pass beat row-by-row inserts. */
    uint64_t rows = storage_table_row_count(t);
    UniqueKey keys;
    unique_key_init(&keys);
    size_t *off = malloc(sizeof(size_t) * (size_t)(rows + 1));
    uint64_t *row_ids = malloc(sizeof(uint64_t) * (size_t)(rows ? rows : 1));
    size_t n = 0;
    int rc = off && row_ids ? 0 : -1;
    if (off) off[0] = 0;
    for (uint64_t r = 0; r < rows && rc == 0; r++) {
        uint64_t holder;
        if (storage_row_liveness(t, r, 0, &holder) == ROW_DEAD) continue;
        size_t start = keys.len;
        for (int k = 0; k < ncols && rc == 0; k++) {
            Value v;
            storage_table_fetch(t, rows, r, cols[k], &v);
            int ka = unique_key_add(&keys, v.type, &v.u, v.is_null);
            if (ka < 0) rc = -1;
            if (ka == 1) {
                keys.len = start; /* a NULL in the key: never conflicts, not indexed */
                break;
            }
        }
        if (rc != 0 || keys.len == start) continue;
        row_ids[n] = r;
        off[++n] = keys.len;
    }
    if (rc == 0) rc = unique_index_load(index, &keys, off, row_ids, n, dup_row);
    if (rc == 1) rc = -2;
    unique_key_fini(&keys);
    free(off);
    free(row_ids);
    if (rc != 0) {
        unique_index_destroy(index);
        return rc;
    }
    *out = index;
    return 0;
}

int storage_table_add_unique_existing(StorageTable *t, int ncols, const int *cols,
                                      uint64_t *dup_row)
{
    if (ncols < 1 || ncols > 16) return -1;
    storage_table_write_lock(t);
    UniqueIndex *index = NULL;
    int rc = build_from_columns(t, ncols, cols, &index, dup_row);
    if (rc == 0) rc = install_unique(t, -1, ncols, cols, false, index);
    storage_table_write_unlock(t);
    return rc;
}

int storage_unique_rebuild_columns(StorageTable *t, int idx, uint64_t *dup_row)
{
    storage_table_write_lock(t);
    UniqueIndex *index = NULL;
    const UniqueDef *def = &t->unique[idx];
    int rc = build_from_columns(t, def->ncols, def->cols, &index, dup_row);
    if (rc == 0) rc = install_unique(t, idx, def->ncols, def->cols, false, index);
    storage_table_write_unlock(t);
    return rc;
}

int storage_table_add_unique_computed(StorageTable *t, int nkeys, const OmType *types, int nread,
                                      const int *reads, const UniqueKey *keys, const size_t *off,
                                      const uint64_t *row_ids, size_t n, int replace,
                                      uint64_t *dup_row)
{
    if (nkeys < 1 || nkeys > 16 || nread < 0 || nread > STORAGE_UNIQUE_COLS) return -1;
    if (replace >= t->nunique || (replace >= 0 && !t->unique[replace].computed)) return -1;
    UniqueIndex *index = unique_index_create(nkeys, types);
    if (index == NULL) return -1;
    storage_table_write_lock(t);
    int rc = unique_index_load(index, keys, off, row_ids, n, dup_row);
    if (rc == 1) rc = -2;
    if (rc != 0)
        unique_index_destroy(index);
    else
        rc = install_unique(t, replace, nread, reads, true, index);
    storage_table_write_unlock(t);
    return rc;
}

void storage_table_drop_unique(StorageTable *t, int idx)
{
    if (idx < 0 || idx >= t->nunique) return;
    storage_table_write_lock(t);
    storage_table_index_lock_exclusive(t);
    unique_index_destroy(t->unique[idx].index);
    /* a right-sized copy keeps storage_bytes() exact */
    UniqueDef *defs = NULL;
    if (t->nunique > 1) defs = storage_malloc(sizeof(UniqueDef) * (size_t)(t->nunique - 1));
    if (defs) {
        memcpy(defs, t->unique, sizeof(UniqueDef) * (size_t)idx);
        memcpy(defs + idx, t->unique + idx + 1, sizeof(UniqueDef) * (size_t)(t->nunique - idx - 1));
        storage_free(t->unique, sizeof(UniqueDef) * (size_t)t->nunique);
        t->unique = defs;
    } else if (t->nunique == 1) {
        storage_free(t->unique, sizeof(UniqueDef));
        t->unique = NULL;
    } else {
        /* out of memory for the copy: compact in place (accounting keeps the old size) */
        memmove(&t->unique[idx], &t->unique[idx + 1],
                sizeof(UniqueDef) * (size_t)(t->nunique - idx - 1));
    }
    t->nunique--;
    storage_table_index_unlock(t);
    storage_table_write_unlock(t);
}
