/*
 * storage_alter.c — columns and unique indexes added to, removed from or
 * replaced in a table that holds rows (storage_alter.h).
 *
 * Invariants: a StorageColumn has one segment per row group that existed
 * when it was created; groups are never created while an ALTER runs (the
 * caller excludes writers), so attaching it gives every group a segment.
 * Attaching and detaching allocate each group's new segment array first and
 * only then move segments, so they either complete or change nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "storage/storage_alter.h"
#include "storage/storage_int.h"
#include "storage/unique_index.h"

struct StorageColumn {
    OmType type;
    uint64_t ngroups;
    ColumnSegment *segs; /* one per group */
};

uint64_t storage_table_all_rows(const StorageTable *t)
{
    return t->pending > storage_table_row_count(t) ? t->pending : storage_table_row_count(t);
}

static uint64_t group_count(const StorageTable *t)
{
    uint64_t rows = storage_table_all_rows(t);
    return (rows + STORAGE_GROUP_ROWS - 1) / STORAGE_GROUP_ROWS;
}

StorageColumn *storage_column_create(const StorageTable *t, OmType type)
{
    StorageColumn *c = calloc(1, sizeof(StorageColumn));
    if (!c) return NULL;
    c->type = type;
    c->ngroups = group_count(t);
    c->segs = calloc((size_t)(c->ngroups ? c->ngroups : 1), sizeof(ColumnSegment));
    if (!c->segs) {
        free(c);
        return NULL;
    }
    for (uint64_t g = 0; g < c->ngroups; g++) column_segment_init(&c->segs[g], type);
    return c;
}

void storage_column_free(StorageColumn *c)
{
    if (!c) return;
    for (uint64_t g = 0; g < c->ngroups; g++) column_segment_fini(&c->segs[g]);
    free(c->segs);
    free(c);
}

OmType storage_column_type(const StorageColumn *c)
{
    return c->type;
}

int storage_column_fill(StorageColumn *c, uint64_t group, uint32_t vec, const Vector *v,
                        uint32_t count)
{
    if (group >= c->ngroups || vec >= STORAGE_GROUP_VECTORS || count == 0) return 0;
    ColumnSegment *seg = &c->segs[group];
    if (column_segment_append(seg, vec, 0, v, NULL, 0, count) != 0) return -1;
    /* the group zone map covers every vector written so far */
    zone_map_reset(&seg->zone);
    for (int k = 0; k < STORAGE_GROUP_VECTORS; k++)
        zone_map_merge(&seg->zone, &seg->zones[k], seg->type.id);
    return 0;
}

/* New segment arrays of ncols entries for every existing group, allocated
 * before anything moves. */
static ColumnSegment **alloc_arrays(StorageTable *t, uint64_t ngroups, int ncols)
{
    ColumnSegment **arr = calloc((size_t)(ngroups ? ngroups : 1), sizeof(ColumnSegment *));
    if (!arr) return NULL;
    for (uint64_t g = 0; g < ngroups; g++) {
        if (!storage_group_get(t, g)) continue;
        arr[g] = storage_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof(ColumnSegment));
        if (!arr[g]) {
            for (uint64_t k = 0; k < g; k++)
                if (arr[k])
                    storage_free(arr[k], sizeof(ColumnSegment) * (size_t)(ncols > 0 ? ncols : 1));
            free(arr);
            return NULL;
        }
    }
    return arr;
}

int storage_table_attach_column(StorageTable *t, int pos, StorageColumn *c)
{
    int old = t->ncols, ncols = old + 1;
    if (pos < 0 || pos > old) return -1;
    uint64_t ngroups = c->ngroups;
    ColumnSegment **arr = alloc_arrays(t, ngroups, ncols);
    if (!arr) return -1;
    OmType *types = storage_malloc(sizeof(OmType) * (size_t)ncols);
    if (!types) {
        for (uint64_t g = 0; g < ngroups; g++)
            if (arr[g]) storage_free(arr[g], sizeof(ColumnSegment) * (size_t)ncols);
        free(arr);
        return -1;
    }
    memcpy(types, t->types, sizeof(OmType) * (size_t)pos);
    types[pos] = c->type;
    memcpy(types + pos + 1, t->types + pos, sizeof(OmType) * (size_t)(old - pos));
    for (uint64_t g = 0; g < ngroups; g++) {
        RowGroup *group = storage_group_get(t, g);
        if (!group) {
            column_segment_fini(&c->segs[g]);
            continue;
        }
        ColumnSegment *segs = arr[g];
        memcpy(segs, group->segs, sizeof(ColumnSegment) * (size_t)pos);
        segs[pos] = c->segs[g];
        memcpy(segs + pos + 1, group->segs + pos, sizeof(ColumnSegment) * (size_t)(old - pos));
        storage_free(group->segs, sizeof(ColumnSegment) * (size_t)(old > 0 ? old : 1));
        group->segs = segs;
        group->ncols = ncols;
    }
    free(arr);
    storage_free(t->types, sizeof(OmType) * (size_t)(old > 0 ? old : 1));
    t->types = types;
    t->ncols = ncols;
    for (int i = 0; i < t->nunique; i++)
        for (int k = 0; k < t->unique[i].ncols; k++)
            if (t->unique[i].cols[k] >= pos) t->unique[i].cols[k]++;
    free(c->segs);
    free(c);
    return 0;
}

StorageColumn *storage_table_detach_column(StorageTable *t, int pos)
{
    int old = t->ncols, ncols = old - 1;
    if (pos < 0 || pos >= old) return NULL;
    uint64_t ngroups = group_count(t);
    StorageColumn *c = calloc(1, sizeof(StorageColumn));
    ColumnSegment **arr = c ? alloc_arrays(t, ngroups, ncols) : NULL;
    OmType *types = storage_malloc(sizeof(OmType) * (size_t)(ncols > 0 ? ncols : 1));
    if (c) c->segs = calloc((size_t)(ngroups ? ngroups : 1), sizeof(ColumnSegment));
    if (!c || !arr || !c->segs || !types) {
        if (types) storage_free(types, sizeof(OmType) * (size_t)(ncols > 0 ? ncols : 1));
        if (arr) {
            for (uint64_t g = 0; g < ngroups; g++)
                if (arr[g])
                    storage_free(arr[g], sizeof(ColumnSegment) * (size_t)(ncols > 0 ? ncols : 1));
            free(arr);
        }
        if (c) free(c->segs);
        free(c);
        return NULL;
    }
    c->type = t->types[pos];
    c->ngroups = ngroups;
    for (uint64_t g = 0; g < ngroups; g++) {
        RowGroup *group = storage_group_get(t, g);
        if (!group) {
            column_segment_init(&c->segs[g], c->type);
            continue;
        }
        ColumnSegment *segs = arr[g];
        c->segs[g] = group->segs[pos];
        memcpy(segs, group->segs, sizeof(ColumnSegment) * (size_t)pos);
        memcpy(segs + pos, group->segs + pos + 1, sizeof(ColumnSegment) * (size_t)(ncols - pos));
        storage_free(group->segs, sizeof(ColumnSegment) * (size_t)old);
        group->segs = segs;
        group->ncols = ncols;
    }
    free(arr);
    memcpy(types, t->types, sizeof(OmType) * (size_t)pos);
    memcpy(types + pos, t->types + pos + 1, sizeof(OmType) * (size_t)(ncols - pos));
    storage_free(t->types, sizeof(OmType) * (size_t)old);
    t->types = types;
    t->ncols = ncols;
    for (int i = 0; i < t->nunique; i++)
        for (int k = 0; k < t->unique[i].ncols; k++)
            if (t->unique[i].cols[k] > pos) t->unique[i].cols[k]--;
    return c;
}

StorageColumn *storage_column_swap(StorageTable *t, int pos, StorageColumn *c)
{
    for (uint64_t g = 0; g < c->ngroups; g++) {
        RowGroup *group = storage_group_get(t, g);
        if (!group) continue;
        ColumnSegment tmp = group->segs[pos];
        group->segs[pos] = c->segs[g];
        c->segs[g] = tmp;
    }
    OmType old = t->types[pos];
    t->types[pos] = c->type;
    c->type = old;
    return c;
}

void storage_table_undo_remap(StorageTable *t, const int *map, int old_ncols)
{
    uint64_t ngroups = group_count(t);
    for (uint64_t g = 0; g < ngroups; g++) {
        RowGroup *group = storage_group_get(t, g);
        if (!group) continue;
        for (int v = 0; v < STORAGE_GROUP_VECTORS; v++) {
            VectorVersion *vv = group->ver[v];
            if (!vv) continue;
            for (UndoRow *r = vv->undo; r; r = r->next)
                for (int k = 0; k < r->ncols; k++) {
                    int col = r->cols[k].col;
                    r->cols[k].col = col >= 0 && col < old_ncols ? map[col] : -1;
                }
        }
    }
}

void storage_table_detach_unique(StorageTable *t, int idx, StorageUniqueSlot *out)
{
    memset(out, 0, sizeof(*out));
    if (idx < 0 || idx >= t->nunique) return;
    out->ncols = t->unique[idx].ncols;
    memcpy(out->cols, t->unique[idx].cols, sizeof(out->cols));
    out->computed = t->unique[idx].computed;
    out->index = t->unique[idx].index;
    memmove(&t->unique[idx], &t->unique[idx + 1],
            sizeof(UniqueDef) * (size_t)(t->nunique - idx - 1));
    t->nunique--; /* the array keeps its size (accounting at the old count) */
    UniqueDef *defs = t->nunique ? storage_malloc(sizeof(UniqueDef) * (size_t)t->nunique) : NULL;
    if (defs || t->nunique == 0) {
        if (defs) memcpy(defs, t->unique, sizeof(UniqueDef) * (size_t)t->nunique);
        storage_free(t->unique, sizeof(UniqueDef) * (size_t)(t->nunique + 1));
        t->unique = defs;
    } else {
        t->nunique++; /* out of memory: put it back where it was */
        memmove(&t->unique[idx + 1], &t->unique[idx],
                sizeof(UniqueDef) * (size_t)(t->nunique - idx - 1));
        t->unique[idx].ncols = out->ncols;
        memcpy(t->unique[idx].cols, out->cols, sizeof(out->cols));
        t->unique[idx].computed = out->computed;
        t->unique[idx].index = out->index;
        memset(out, 0, sizeof(*out));
    }
}

int storage_table_attach_unique(StorageTable *t, int idx, const StorageUniqueSlot *slot)
{
    if (idx < 0 || idx > t->nunique) return -1;
    UniqueDef *defs = storage_malloc(sizeof(UniqueDef) * (size_t)(t->nunique + 1));
    if (!defs) return -1;
    if (idx > 0) memcpy(defs, t->unique, sizeof(UniqueDef) * (size_t)idx);
    defs[idx].ncols = slot->ncols;
    memcpy(defs[idx].cols, slot->cols, sizeof(defs[idx].cols));
    defs[idx].computed = slot->computed;
    defs[idx].index = slot->index;
    if (t->nunique > idx)
        memcpy(defs + idx + 1, t->unique + idx, sizeof(UniqueDef) * (size_t)(t->nunique - idx));
    if (t->unique) storage_free(t->unique, sizeof(UniqueDef) * (size_t)t->nunique);
    t->unique = defs;
    t->nunique++;
    return 0;
}

void storage_unique_slot_free(StorageUniqueSlot *slot)
{
    if (slot->index) unique_index_destroy(slot->index);
    slot->index = NULL;
}
