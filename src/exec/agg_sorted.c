/*
 * agg_sorted.c — buffering, sorting and feeding the input of ordered
 * aggregates (see agg_sorted.h). The sort is row_sort() over the buffer's
 * group-id column and the key columns after it; ties keep arrival order.
 */
#include "exec/agg_sorted.h"

#include <string.h>

#include "exec/row_sort.h"

void agg_sorted_init(AggSortBuf *sb, const AggCall *call, Arena *arena)
{
    memset(sb, 0, sizeof(*sb));
    sb->call = call;
    int ncols = 0;
    OmType *types = ARENA_NEW_ARRAY(arena, OmType, 3 + call->norder);
    types[ncols++] = call->arg->type;
    sb->arg2_col = -1;
    if (call->arg2) {
        sb->arg2_col = ncols;
        types[ncols++] = call->arg2->type;
    }
    sb->gid_col = ncols;
    types[ncols++] = OM_TYPE(TYPE_INT4);
    sb->keys = ARENA_NEW_ARRAY(arena, SortKey, 1 + call->norder);
    for (int k = 0; k < call->norder; k++) {
        types[ncols++] = call->order[k].expr->type;
        sb->keys[1 + k] = call->order[k];
    }
    chunk_collection_init(&sb->rows, arena, ncols, types);
}

void agg_sorted_append(AggSortBuf *sb, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                       const Vector *arg, const Vector *arg2, const Vector *keys, Arena *scratch)
{
    int ncols = sb->rows.ncols;
    const Vector **cols = arena_alloc(scratch, sizeof(Vector *) * (size_t)ncols);
    Vector *gv = arena_alloc(scratch, sizeof(Vector));
    vector_init_flat(gv, OM_TYPE(TYPE_INT4), scratch);
    int32_t *gd = gv->data;
    for (uint32_t i = 0; i < n; i++) gd[rows[i]] = gid_by_row ? (int32_t)gid_by_row[rows[i]] : 0;
    int c = 0;
    cols[c++] = arg;
    if (sb->arg2_col >= 0) cols[c++] = arg2;
    cols[c++] = gv;
    for (int k = 0; k < sb->call->norder; k++) cols[c++] = &keys[k];
    chunk_collection_append_vectors(&sb->rows, cols, rows, n);
}

int agg_sorted_feed(AggSortBuf *sb, AggState *st, bool grouped, Arena *arena, OmError *err)
{
    const ChunkCollection *cc = &sb->rows;
    uint64_t total = cc->count;
    if (total == 0) return 0;
    Arena *tmp = arena_create(arena, "ordered aggregate feed");
    RowSortEntry *ents = row_sort(cc, sb->gid_col, sb->keys, 1 + sb->call->norder, tmp);
    Arena *batch = arena_create(tmp, "ordered aggregate batch");
    uint32_t *ids = arena_alloc(tmp, sizeof(uint32_t) * VECTOR_SIZE);
    uint32_t *gids = arena_alloc(tmp, sizeof(uint32_t) * VECTOR_SIZE);
    uint16_t *ident = arena_alloc(tmp, sizeof(uint16_t) * VECTOR_SIZE);
    for (uint32_t i = 0; i < VECTOR_SIZE; i++) ident[i] = (uint16_t)i;
    int rc = 0;
    for (uint64_t at = 0; at < total && rc == 0; at += VECTOR_SIZE) {
        uint32_t m = (uint32_t)(total - at < VECTOR_SIZE ? total - at : VECTOR_SIZE);
        for (uint32_t i = 0; i < m; i++) {
            ids[i] = ents[at + i].row;
            gids[i] = (uint32_t) * (const int32_t *)chunk_collection_ptr(cc, sb->gid_col, ids[i]);
        }
        Vector argv, arg2v;
        vector_init_flat(&argv, cc->types[0], batch);
        chunk_collection_gather(cc, 0, ids, m, &argv, 0);
        if (sb->arg2_col >= 0) {
            vector_init_flat(&arg2v, cc->types[sb->arg2_col], batch);
            chunk_collection_gather(cc, sb->arg2_col, ids, m, &arg2v, 0);
        }
        rc = agg_state_update(st, grouped ? gids : NULL, ident, m, &argv,
                              sb->arg2_col >= 0 ? &arg2v : NULL, err);
        arena_reset(batch);
    }
    arena_destroy(tmp);
    return rc;
}
