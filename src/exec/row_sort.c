/*
 * row_sort.c — sorts the rows of a ChunkCollection by a run of its columns
 * (see row_sort.h): an array of {normalised first key, null group, row id}
 * entries ordered with qsort_r, integer-like first keys compared as unsigned
 * integers, everything else with value_cmp, ties by row id.
 */
#include "exec/row_sort.h"

#include <stdlib.h>
#include <string.h>

#include "exec/vector_ops.h"

static bool int_like(TypeId t)
{
    switch (t) {
    case TYPE_BOOL:
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_DATE:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_OID:
        return true;
    default:
        return false;
    }
}

static uint64_t norm_key(TypeId t, const void *p, bool desc)
{
    int64_t v;
    switch (t) {
    case TYPE_BOOL:
        v = *(const uint8_t *)p;
        break;
    case TYPE_INT2:
        v = *(const int16_t *)p;
        break;
    case TYPE_INT4:
    case TYPE_DATE:
        v = *(const int32_t *)p;
        break;
    default:
        memcpy(&v, p, 8);
        break;
    }
    uint64_t k = (uint64_t)v ^ (UINT64_C(1) << 63);
    return desc ? ~k : k;
}

typedef struct SortCtx {
    const ChunkCollection *cc;
    int first_col;
    const SortKey *keys;
    int nkeys;
    bool int_first;
} SortCtx;

static int cmp_key(const SortCtx *cx, int k, uint32_t a, uint32_t b)
{
    const ChunkCollection *cc = cx->cc;
    int col = cx->first_col + k;
    bool va = chunk_collection_is_valid(cc, col, a), vb = chunk_collection_is_valid(cc, col, b);
    if (!va || !vb) {
        if (va == vb) return 0;
        /* a is NULL: first if nulls_first */
        int r = !va ? 1 : -1;
        return cx->keys[k].nulls_first ? -r : r;
    }
    int c = value_cmp(cc->types[col].id, chunk_collection_ptr(cc, col, a),
                      chunk_collection_ptr(cc, col, b));
    return cx->keys[k].desc ? -c : c;
}

static int entry_cmp(const void *pa, const void *pb, void *arg)
{
    const RowSortEntry *a = pa, *b = pb;
    const SortCtx *cx = arg;
    int k0 = 0;
    if (cx->int_first) {
        if (a->group != b->group) return a->group < b->group ? -1 : 1;
        if (a->group == 1 && a->key != b->key) return a->key < b->key ? -1 : 1;
        k0 = 1;
    }
    for (int k = k0; k < cx->nkeys; k++) {
        int c = cmp_key(cx, k, a->row, b->row);
        if (c) return c;
    }
    return a->row < b->row ? -1 : (a->row > b->row ? 1 : 0);
}

RowSortEntry *row_sort(const ChunkCollection *cc, int first_col, const SortKey *keys, int nkeys,
                       Arena *arena)
{
    uint64_t n = cc->count;
    RowSortEntry *ents = arena_alloc(arena, sizeof(RowSortEntry) * (n ? n : 1));
    SortCtx cx = {cc, first_col, keys, nkeys, nkeys > 0 && int_like(cc->types[first_col].id)};
    for (uint64_t r = 0; r < n; r++) {
        RowSortEntry *e = &ents[r];
        e->row = (uint32_t)r;
        e->key = 0;
        e->group = 1;
        if (cx.int_first) {
            if (!chunk_collection_is_valid(cc, first_col, (uint32_t)r))
                e->group = keys[0].nulls_first ? 0 : 2;
            else
                e->key = norm_key(cc->types[first_col].id,
                                  chunk_collection_ptr(cc, first_col, (uint32_t)r), keys[0].desc);
        }
    }
    qsort_r(ents, n, sizeof(RowSortEntry), entry_cmp, &cx);
    return ents;
}
