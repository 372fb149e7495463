/*
 * column_segment.c — one column of one row group: 60 lazily allocated vector
 * arrays, their validity bitmaps, zone maps and the string heap.
 *
 * Invariants:
 *   - data[v] is allocated (STORAGE_VECTOR_ROWS slots) before the first row of
 *     vector v is written and published with a release store; it never moves.
 *   - validity[v] is NULL while every row written to vector v is valid; it is
 *     allocated all-valid on the first NULL and published with a release store.
 *     Bits of rows a reader can see are never changed afterwards.
 *   - NULL slots hold zero bytes (so a string view of a NULL row never points
 *     anywhere).
 *   - String bytes longer than STRVIEW_INLINE_MAX live in the heap blocks, which
 *     are freed only with the segment.
 */
#include <stdlib.h>
#include <string.h>

#include "storage/storage_int.h"

void column_segment_init(ColumnSegment *seg, OmType type)
{
    memset(seg, 0, sizeof(*seg));
    seg->type = type;
    seg->width = type_info(type.id)->width;
    seg->is_string = storage_type_is_string(type.id);
}

void column_segment_fini(ColumnSegment *seg)
{
    for (int v = 0; v < STORAGE_GROUP_VECTORS; v++) {
        if (seg->data[v]) storage_free(seg->data[v], (size_t)seg->width * STORAGE_VECTOR_ROWS);
        if (seg->validity[v])
            storage_free(seg->validity[v], sizeof(uint64_t) * STORAGE_VALIDITY_WORDS);
    }
    HeapBlock *b = seg->heap;
    while (b) {
        HeapBlock *next = b->next;
        storage_free(b, sizeof(HeapBlock) + b->cap);
        b = next;
    }
    memset(seg->data, 0, sizeof(seg->data));
    memset(seg->validity, 0, sizeof(seg->validity));
    seg->heap = NULL;
}

static char *heap_alloc(ColumnSegment *seg, size_t len)
{
    HeapBlock *b = seg->heap;
    if (b == NULL || b->cap - b->used < len) {
        size_t cap = len > STORAGE_HEAP_BLOCK / 4 ? len : STORAGE_HEAP_BLOCK;
        HeapBlock *nb = storage_malloc(sizeof(HeapBlock) + cap);
        if (nb == NULL) return NULL;
        nb->cap = cap;
        nb->used = 0;
        if (b != NULL && cap == len) {
            /* A large string gets its own block behind the current one, so the
             * current block keeps serving small strings. */
            nb->next = b->next;
            b->next = nb;
            nb->used = len;
            return nb->data;
        }
        nb->next = b;
        seg->heap = nb;
        b = nb;
    }
    char *p = b->data + b->used;
    b->used += len;
    return p;
}

static uint64_t *ensure_validity(ColumnSegment *seg, uint32_t vec)
{
    uint64_t *bits = seg->validity[vec];
    if (bits) return bits;
    bits = storage_malloc(sizeof(uint64_t) * STORAGE_VALIDITY_WORDS);
    if (bits == NULL) return NULL;
    memset(bits, 0xff, sizeof(uint64_t) * STORAGE_VALIDITY_WORDS);
    STORE_REL(seg->validity[vec], bits);
    return bits;
}

/* Source slot pointer and validity of physical position `pos` of any vector kind. */
static inline const void *src_slot(const Vector *src, uint32_t pos, size_t width, bool *valid)
{
    if (src->kind == VEC_FLAT) {
        *valid = validity_is_valid(src->validity, pos);
        return (const char *)src->data + (size_t)pos * width;
    }
    *valid = vector_is_valid(src, pos);
    return vector_value_ptr(src, pos);
}

int column_segment_append(ColumnSegment *seg, uint32_t vec, uint32_t off, const Vector *src,
                          const uint16_t *sel, uint32_t first, uint32_t n)
{
    size_t width = seg->width;
    char *dst = seg->data[vec];
    if (dst == NULL) {
        dst = storage_malloc(width * STORAGE_VECTOR_ROWS);
        if (dst == NULL) return -1;
        memset(dst, 0, width * STORAGE_VECTOR_ROWS);
        STORE_REL(seg->data[vec], (void *)dst);
    }
    uint64_t *bits = seg->validity[vec];

    if (src->kind == VEC_FLAT && sel == NULL && !seg->is_string) {
        /* Fast path: contiguous fixed-width values. */
        memcpy(dst + (size_t)off * width, (const char *)src->data + (size_t)first * width,
               (size_t)n * width);
        for (uint32_t i = 0; i < n; i++) {
            bool valid = validity_is_valid(src->validity, first + i);
            uint32_t r = off + i;
            if (!valid) {
                if (bits == NULL && (bits = ensure_validity(seg, vec)) == NULL) return -1;
                bits[r >> 6] &= ~(UINT64_C(1) << (r & 63));
                memset(dst + (size_t)r * width, 0, width);
            } else if (bits) {
                bits[r >> 6] |= UINT64_C(1) << (r & 63);
            }
        }
    } else {
        for (uint32_t i = 0; i < n; i++) {
            uint32_t pos = sel ? sel[first + i] : first + i;
            uint32_t r = off + i;
            bool valid;
            const void *v = src_slot(src, pos, width, &valid);
            char *slot = dst + (size_t)r * width;
            if (!valid) {
                if (bits == NULL && (bits = ensure_validity(seg, vec)) == NULL) return -1;
                bits[r >> 6] &= ~(UINT64_C(1) << (r & 63));
                memset(slot, 0, width);
                continue;
            }
            if (bits) bits[r >> 6] |= UINT64_C(1) << (r & 63);
            if (seg->is_string) {
                StrView s;
                memcpy(&s, v, sizeof(s));
                if (s.len > STRVIEW_INLINE_MAX) {
                    char *copy = heap_alloc(seg, s.len);
                    if (copy == NULL) return -1;
                    memcpy(copy, s.u.ptr, s.len);
                    s = strview_make(copy, s.len);
                }
                memcpy(slot, &s, sizeof(s));
            } else {
                memcpy(slot, v, width);
            }
        }
    }

    ZoneMap part;
    zone_map_reset(&part);
    zone_map_add_range(&part, seg->type, dst, bits, off, n);
    zone_map_merge(&seg->zones[vec], &part, seg->type.id);
    zone_map_merge(&seg->zone, &part, seg->type.id);
    return 0;
}

int column_segment_set(ColumnSegment *seg, uint32_t vec, uint32_t off, const void *payload,
                       bool is_null)
{
    size_t width = seg->width;
    char *dst = seg->data[vec];
    if (dst == NULL) return -1; /* only rows that exist are updated */
    char *slot = dst + (size_t)off * width;
    uint64_t *bits = seg->validity[vec];
    if (is_null) {
        if (bits == NULL && (bits = ensure_validity(seg, vec)) == NULL) return -1;
        __atomic_fetch_and(&bits[off >> 6], ~(UINT64_C(1) << (off & 63)), __ATOMIC_RELAXED);
        memset(slot, 0, width);
        return 0;
    }
    if (seg->is_string) {
        StrView s;
        memcpy(&s, payload, sizeof(s));
        if (s.len > STRVIEW_INLINE_MAX) {
            char *copy = heap_alloc(seg, s.len);
            if (copy == NULL) return -1;
            memcpy(copy, s.u.ptr, s.len);
            s = strview_make(copy, s.len);
        }
        memcpy(slot, &s, sizeof(s));
    } else {
        memcpy(slot, payload, width);
    }
    if (bits) __atomic_fetch_or(&bits[off >> 6], UINT64_C(1) << (off & 63), __ATOMIC_RELAXED);
    ZoneMap part;
    zone_map_reset(&part);
    zone_map_add_range(&part, seg->type, dst, bits, off, 1);
    zone_map_merge(&seg->zones[vec], &part, seg->type.id);
    zone_map_merge(&seg->zone, &part, seg->type.id);
    return 0;
}

void column_segment_truncate(ColumnSegment *seg, uint32_t vec, uint32_t keep)
{
    ZoneMap *zone = &seg->zones[vec];
    zone_map_reset(zone);
    if (keep > 0 && seg->data[vec])
        zone_map_add_range(zone, seg->type, seg->data[vec], seg->validity[vec], 0, keep);
}
