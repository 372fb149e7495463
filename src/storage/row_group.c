/*
 * row_group.c — a row group: STORAGE_GROUP_ROWS rows of every column, one
 * column segment per column. Groups are created by the writer when the first
 * row lands in them and live until the table is destroyed.
 */
#include <stdlib.h>

#include "storage/storage_int.h"

RowGroup *row_group_create(uint64_t index, int ncols, const OmType *types)
{
    RowGroup *group = storage_calloc(1, sizeof(RowGroup));
    if (group == NULL) return NULL;
    group->index = index;
    group->ncols = ncols;
    group->segs = storage_calloc((size_t)(ncols > 0 ? ncols : 1), sizeof(ColumnSegment));
    if (group->segs == NULL) {
        storage_free(group, sizeof(RowGroup));
        return NULL;
    }
    for (int c = 0; c < ncols; c++) column_segment_init(&group->segs[c], types[c]);
    return group;
}

void row_group_destroy(RowGroup *group)
{
    if (group == NULL) return;
    for (int c = 0; c < group->ncols; c++) column_segment_fini(&group->segs[c]);
    for (int v = 0; v < STORAGE_GROUP_VECTORS; v++) vector_version_free(group->ver[v]);
    storage_free(group->segs,
                 sizeof(ColumnSegment) * (size_t)(group->ncols > 0 ? group->ncols : 1));
    storage_free(group, sizeof(RowGroup));
}

void row_group_rebuild_zone(RowGroup *group)
{
    for (int c = 0; c < group->ncols; c++) {
        ColumnSegment *seg = &group->segs[c];
        zone_map_reset(&seg->zone);
        for (int v = 0; v < STORAGE_GROUP_VECTORS; v++)
            zone_map_merge(&seg->zone, &seg->zones[v], seg->type.id);
    }
}
