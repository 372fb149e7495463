/*
 * vector.c — construction and access helpers for vectors and chunks.
 */
#include "exec/vector.h"

#include <string.h>

void vector_init_flat(Vector *v, OmType type, Arena *arena)
{
    memset(v, 0, sizeof(*v));
    v->type = type;
    v->kind = VEC_FLAT;
    size_t width = type_info(type.id)->width;
    v->data = arena_alloc(arena, width * VECTOR_SIZE);
    v->heap = arena;
}

StrView vector_add_string(Vector *v, const char *data, uint32_t len)
{
    if (len <= STRVIEW_INLINE_MAX) return strview_make(data, len);
    char *copy = arena_alloc(v->heap, len);
    memcpy(copy, data, len);
    return strview_make(copy, len);
}

static void copy_payload(Vector *v, uint32_t slot, const Value *value)
{
    size_t width = type_info(v->type.id)->width;
    char *dst = (char *)v->data + (size_t)slot * width;
    if (type_is_varlena(v->type.id)) {
        StrView s = value->u.str;
        StrView copy = vector_add_string(v, strview_data(&s), s.len);
        memcpy(dst, &copy, sizeof(copy));
    } else {
        memcpy(dst, value_payload(value), width);
    }
}

void vector_init_constant(Vector *v, const Value *value, Arena *arena)
{
    memset(v, 0, sizeof(*v));
    v->type = value->type;
    v->kind = VEC_CONSTANT;
    v->heap = arena;
    size_t width = type_info(value->type.id)->width;
    v->data = arena_zalloc(arena, width < 16 ? 16 : width);
    if (value->is_null) {
        v->validity = arena_zalloc(arena, sizeof(uint64_t));
    } else {
        copy_payload(v, 0, value);
    }
}

uint64_t *vector_validity_mut(Vector *v, Arena *arena)
{
    if (v->validity == NULL || v->readonly) {
        uint64_t *bits = arena_alloc(arena, sizeof(uint64_t) * VALIDITY_WORDS);
        if (v->validity)
            memcpy(bits, v->validity, sizeof(uint64_t) * VALIDITY_WORDS);
        else
            memset(bits, 0xff, sizeof(uint64_t) * VALIDITY_WORDS);
        v->validity = bits;
    }
    return v->validity;
}

void vector_set_null(Vector *v, uint32_t row, Arena *arena)
{
    uint64_t *bits = vector_validity_mut(v, arena ? arena : v->heap);
    bits[row >> 6] &= ~(UINT64_C(1) << (row & 63));
    /* a NULL slot holds zeros, so no kernel ever follows a stale string pointer */
    if (v->kind == VEC_FLAT && !v->readonly) {
        size_t width = type_info(v->type.id)->width;
        memset((char *)v->data + (size_t)row * width, 0, width);
    }
}

void vector_set_valid(Vector *v, uint32_t row)
{
    if (v->validity) v->validity[row >> 6] |= UINT64_C(1) << (row & 63);
}

const void *vector_value_ptr(const Vector *v, uint32_t row)
{
    size_t width = type_info(v->type.id)->width;
    switch (v->kind) {
    case VEC_CONSTANT:
        return v->data;
    case VEC_DICT:
        return vector_value_ptr(v->dict_child, v->dict_sel[row]);
    case VEC_FLAT:
        break;
    }
    return (const char *)v->data + (size_t)row * width;
}

void vector_flatten(Vector *v, const uint16_t *sel, uint32_t count, Arena *arena)
{
    if (v->kind == VEC_FLAT) return;
    Vector flat;
    vector_init_flat(&flat, v->type, arena);
    flat.heap = v->heap ? v->heap : arena;
    size_t width = type_info(v->type.id)->width;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t row = sel ? sel[i] : i;
        if (!vector_is_valid(v, row)) {
            vector_set_null(&flat, row, arena);
            continue;
        }
        memcpy((char *)flat.data + (size_t)row * width, vector_value_ptr(v, row), width);
    }
    *v = flat;
}

void vector_get_value(const Vector *v, uint32_t row, Value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = v->type;
    if (!vector_is_valid(v, row)) {
        out->is_null = true;
        return;
    }
    memcpy(&out->u, vector_value_ptr(v, row), type_info(v->type.id)->width);
}

void vector_set_value(Vector *v, uint32_t row, const Value *val)
{
    if (val->is_null) {
        vector_set_null(v, row, v->heap);
        return;
    }
    vector_set_valid(v, row);
    copy_payload(v, row, val);
}

Chunk *chunk_create(Arena *arena, int ncols, const OmType *types)
{
    Chunk *c = ARENA_NEW(arena, Chunk);
    c->ncols = ncols;
    c->cols = ARENA_NEW_ARRAY(arena, Vector, ncols > 0 ? ncols : 1);
    for (int i = 0; i < ncols; i++) vector_init_flat(&c->cols[i], types[i], arena);
    return c;
}

uint16_t *sel_alloc(Arena *arena)
{
    return arena_alloc(arena, sizeof(uint16_t) * VECTOR_SIZE);
}
