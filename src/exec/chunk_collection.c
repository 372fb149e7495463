/*
 * chunk_collection.c — see chunk_collection.h. Copies are width-specialised
 * loops (1, 2, 4, 8 and 16-byte slots); string bytes are re-homed in a second
 * pass over the copied views.
 */
#include "exec/chunk_collection.h"

#include <string.h>

void chunk_collection_init(ChunkCollection *cc, Arena *arena, int ncols, const OmType *types)
{
    memset(cc, 0, sizeof(*cc));
    cc->arena = arena;
    cc->ncols = ncols;
    int n = ncols > 0 ? ncols : 1;
    cc->types = ARENA_NEW_ARRAY(arena, OmType, n);
    cc->widths = ARENA_NEW_ARRAY(arena, uint8_t, n);
    cc->is_str = ARENA_NEW_ARRAY(arena, bool, n);
    for (int i = 0; i < ncols; i++) {
        cc->types[i] = types[i];
        cc->widths[i] = type_info(types[i].id)->width;
        cc->is_str[i] = type_is_strview(types[i].id);
    }
}

void chunk_collection_clear(ChunkCollection *cc)
{
    cc->nchunks = 0;
    cc->count = 0;
}

#define COPY_LOOP(T)                                                                               \
    do {                                                                                           \
        T *d = (T *)dst->data + dst_off;                                                           \
        if (src->kind == VEC_CONSTANT) {                                                           \
            T val;                                                                                 \
            memcpy(&val, src->data, sizeof(T));                                                    \
            for (uint32_t i = 0; i < count; i++) d[i] = val;                                       \
        } else if (src->kind == VEC_DICT) {                                                        \
            const T *s = (const T *)src->dict_child->data;                                         \
            for (uint32_t i = 0; i < count; i++)                                                   \
                memcpy(&d[i], &s[src->dict_sel[sel ? sel[i] : i]], sizeof(T));                     \
        } else if (sel) {                                                                          \
            const T *s = (const T *)src->data;                                                     \
            for (uint32_t i = 0; i < count; i++) memcpy(&d[i], &s[sel[i]], sizeof(T));             \
        } else {                                                                                   \
            memcpy(d, src->data, sizeof(T) * count);                                               \
        }                                                                                          \
    } while (0)

typedef struct Slot16 {
    uint64_t a, b;
} Slot16;

void chunk_vector_copy(Vector *dst, uint32_t dst_off, const Vector *src, const uint16_t *sel,
                       uint32_t count, Arena *heap, Arena *arena)
{
    if (count == 0) return;
    /* A DICT over a CONSTANT child (or nested DICT) is rare: flatten a copy. */
    Vector tmp;
    if (src->kind == VEC_DICT && src->dict_child->kind != VEC_FLAT) {
        tmp = *src;
        vector_flatten(&tmp, sel, count, arena);
        src = &tmp;
    }
    size_t width = type_info(dst->type.id)->width;
    switch (width) {
    case 1:
        COPY_LOOP(uint8_t);
        break;
    case 2:
        COPY_LOOP(uint16_t);
        break;
    case 4:
        COPY_LOOP(uint32_t);
        break;
    case 8:
        COPY_LOOP(uint64_t);
        break;
    case 16:
        COPY_LOOP(Slot16);
        break;
    default:
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel ? sel[i] : i;
            memcpy((char *)dst->data + (size_t)(dst_off + i) * width, vector_value_ptr(src, row),
                   width);
        }
        break;
    }
    /* Validity. */
    bool src_may_null;
    if (src->kind == VEC_DICT)
        src_may_null = src->validity != NULL || src->dict_child->validity != NULL;
    else
        src_may_null = src->validity != NULL;
    if (src_may_null) {
        for (uint32_t i = 0; i < count; i++) {
            uint32_t row = sel ? sel[i] : i;
            bool valid = vector_is_valid(src, row);
            if (src->kind == VEC_DICT && src->validity && !validity_is_valid(src->validity, row))
                valid = false;
            if (!valid)
                vector_set_null(dst, dst_off + i, arena);
            else if (dst->validity)
                vector_set_valid(dst, dst_off + i);
        }
    } else if (dst->validity) {
        for (uint32_t i = 0; i < count; i++) vector_set_valid(dst, dst_off + i);
    }
    /* Re-home long string bytes. */
    if (heap && type_is_strview(dst->type.id)) {
        StrView *d = (StrView *)dst->data + dst_off;
        for (uint32_t i = 0; i < count; i++) {
            if (d[i].len > STRVIEW_INLINE_MAX && validity_is_valid(dst->validity, dst_off + i)) {
                char *copy = arena_alloc(heap, d[i].len);
                memcpy(copy, d[i].u.ptr, d[i].len);
                d[i].u.ptr = copy;
            }
        }
    }
}

static Chunk *new_chunk(ChunkCollection *cc)
{
    if (cc->nchunks == cc->cap_chunks) {
        uint32_t cap = cc->cap_chunks ? cc->cap_chunks * 2 : 8;
        cc->chunks = arena_realloc(cc->arena, cc->chunks, sizeof(Chunk *) * cc->cap_chunks,
                                   sizeof(Chunk *) * cap);
        memset(cc->chunks + cc->cap_chunks, 0, sizeof(Chunk *) * (cap - cc->cap_chunks));
        cc->cap_chunks = cap;
    }
    /* Chunks beyond nchunks survive a clear(): reuse them. */
    Chunk *c = cc->chunks[cc->nchunks];
    if (c == NULL) {
        c = chunk_create(cc->arena, cc->ncols, cc->types);
        cc->chunks[cc->nchunks] = c;
    } else {
        for (int i = 0; i < cc->ncols; i++) c->cols[i].validity = NULL;
    }
    c->count = 0;
    cc->nchunks++;
    return c;
}

void chunk_collection_append_vectors(ChunkCollection *cc, const Vector *const *cols,
                                     const uint16_t *sel, uint32_t count)
{
    uint32_t done = 0;
    while (done < count) {
        Chunk *c;
        if (cc->nchunks > 0 && cc->chunks[cc->nchunks - 1]->count < VECTOR_SIZE)
            c = cc->chunks[cc->nchunks - 1];
        else
            c = new_chunk(cc);
        uint32_t n = VECTOR_SIZE - c->count;
        if (n > count - done) n = count - done;
        if (sel == NULL && done > 0) {
            /* Contiguous input: build a shifted identity selection. */
            uint16_t tmp[VECTOR_SIZE];
            for (uint32_t i = 0; i < n; i++) tmp[i] = (uint16_t)(done + i);
            for (int col = 0; col < cc->ncols; col++)
                chunk_vector_copy(&c->cols[col], c->count, cols[col], tmp, n,
                                  cc->is_str[col] ? cc->arena : NULL, cc->arena);
        } else {
            for (int col = 0; col < cc->ncols; col++)
                chunk_vector_copy(&c->cols[col], c->count, cols[col], sel ? sel + done : NULL, n,
                                  cc->is_str[col] ? cc->arena : NULL, cc->arena);
        }
        c->count += n;
        cc->count += n;
        done += n;
    }
}

void chunk_collection_append(ChunkCollection *cc, const Chunk *chunk)
{
    const Vector *cols[64];
    const Vector **pcols = cols;
    if (cc->ncols > 64) pcols = arena_alloc(cc->arena, sizeof(Vector *) * (size_t)cc->ncols);
    for (int i = 0; i < cc->ncols; i++) pcols[i] = &chunk->cols[i];
    chunk_collection_append_vectors(cc, pcols, chunk->sel, chunk->count);
}

void chunk_collection_append_from(ChunkCollection *cc, const ChunkCollection *src, uint32_t row_id)
{
    const Chunk *sc = src->chunks[row_id >> CC_CHUNK_SHIFT];
    uint16_t pos = (uint16_t)(row_id & CC_CHUNK_MASK);
    Chunk *c;
    if (cc->nchunks > 0 && cc->chunks[cc->nchunks - 1]->count < VECTOR_SIZE)
        c = cc->chunks[cc->nchunks - 1];
    else
        c = new_chunk(cc);
    for (int col = 0; col < cc->ncols; col++) {
        uint8_t w = cc->widths[col];
        memcpy((char *)c->cols[col].data + (size_t)c->count * w,
               (const char *)sc->cols[col].data + (size_t)pos * w, w);
        if (!validity_is_valid(sc->cols[col].validity, pos))
            vector_set_null(&c->cols[col], c->count, cc->arena);
        else if (c->cols[col].validity)
            vector_set_valid(&c->cols[col], c->count);
    }
    c->count++;
    cc->count++;
}

#define GATHER_LOOP(T)                                                                             \
    do {                                                                                           \
        T *d = (T *)dst->data + dst_off;                                                           \
        for (uint32_t i = 0; i < n; i++) {                                                         \
            uint32_t r = rows[i];                                                                  \
            if (r == CC_NULL_ROW) continue;                                                        \
            const Vector *sv = &cc->chunks[r >> CC_CHUNK_SHIFT]->cols[col];                        \
            memcpy(&d[i], (const T *)sv->data + (r & CC_CHUNK_MASK), sizeof(T));                   \
        }                                                                                          \
    } while (0)

void chunk_collection_gather(const ChunkCollection *cc, int col, const uint32_t *rows, uint32_t n,
                             Vector *dst, uint32_t dst_off)
{
    switch (cc->widths[col]) {
    case 1:
        GATHER_LOOP(uint8_t);
        break;
    case 2:
        GATHER_LOOP(uint16_t);
        break;
    case 4:
        GATHER_LOOP(uint32_t);
        break;
    case 8:
        GATHER_LOOP(uint64_t);
        break;
    case 16:
        GATHER_LOOP(Slot16);
        break;
    default:
        for (uint32_t i = 0; i < n; i++) {
            if (rows[i] == CC_NULL_ROW) continue;
            memcpy((char *)dst->data + (size_t)(dst_off + i) * cc->widths[col],
                   chunk_collection_ptr(cc, col, rows[i]), cc->widths[col]);
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = rows[i];
        bool valid;
        if (r == CC_NULL_ROW) {
            valid = false;
        } else {
            const Vector *sv = &cc->chunks[r >> CC_CHUNK_SHIFT]->cols[col];
            valid = validity_is_valid(sv->validity, r & CC_CHUNK_MASK);
        }
        if (!valid)
            vector_set_null(dst, dst_off + i, NULL);
        else if (dst->validity)
            vector_set_valid(dst, dst_off + i);
    }
}
