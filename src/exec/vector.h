/*
 * vector.h — vectors and chunks, the unit of data flow in the executor.
 *
 * A Vector holds up to VECTOR_SIZE values of one type in a typed array (the
 * physical layouts are in catalog/types.h) plus a validity bitmap (bit set =
 * not NULL; `validity == NULL` means no NULLs). Kinds:
 *   VEC_FLAT      value of row r at data[r]
 *   VEC_CONSTANT  every row has the value at data[0] (and validity bit 0)
 *   VEC_DICT      value of row r is child->data[dict_sel[r]] (flatten before use
 *                 by kernels that do not handle it: vector_flatten)
 *
 * A Chunk is a set of equally long vectors plus an optional selection vector:
 * the chunk's rows are the physical positions sel[0..count) (or 0..count when
 * sel == NULL). Kernels read inputs and write outputs at those positions, so a
 * filter never moves data; operators that materialise (hash build, sort, wire
 * output) walk the selection.
 *
 * Memory: vectors borrow their arrays from an arena (the operator's or the
 * chunk's) or from storage segments (zero-copy scans; then `readonly` is set
 * and a kernel must never write into them). String bytes longer than 12 live in
 * `heap` (an arena) or in the storage segment's heap.
 */
#ifndef OMENDB_EXEC_VECTOR_H
#define OMENDB_EXEC_VECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "catalog/types.h"
#include "common/arena.h"

#define VECTOR_SIZE    2048
#define VALIDITY_WORDS (VECTOR_SIZE / 64)

typedef enum VectorKind { VEC_FLAT = 0, VEC_CONSTANT, VEC_DICT } VectorKind;

typedef struct Vector Vector;
struct Vector {
    OmType type;
    VectorKind kind;
    bool readonly;            /* data/validity borrowed from storage: do not write */
    void *data;               /* typed array of VECTOR_SIZE slots (1 for CONSTANT) */
    uint64_t *validity;       /* NULL = all valid */
    const uint16_t *dict_sel; /* VEC_DICT: row -> index into dict_child */
    Vector *dict_child;
    Arena *heap; /* where new string bytes go (may be NULL for non-strings) */
};

typedef struct Chunk {
    int ncols;
    Vector *cols;
    uint32_t count;      /* number of rows (selected rows when sel != NULL) */
    const uint16_t *sel; /* NULL = rows 0..count-1 */
} Chunk;

static inline uint32_t chunk_row(const Chunk *c, uint32_t i)
{
    return c->sel ? c->sel[i] : i;
}

/* Validity helpers. */
static inline bool validity_is_valid(const uint64_t *v, uint32_t row)
{
    return v == NULL || ((v[row >> 6] >> (row & 63)) & 1);
}
/* Valid-ness of a row of any vector kind (CONSTANT reads slot 0). */
static inline bool vector_is_valid(const Vector *v, uint32_t row)
{
    if (v->kind == VEC_CONSTANT) return validity_is_valid(v->validity, 0);
    if (v->kind == VEC_DICT) return vector_is_valid(v->dict_child, v->dict_sel[row]);
    return validity_is_valid(v->validity, row);
}
/* Physical slot of a row for FLAT/CONSTANT vectors. */
static inline uint32_t vector_slot(const Vector *v, uint32_t row)
{
    return v->kind == VEC_CONSTANT ? 0 : row;
}

/* Initialises a writable FLAT vector with an arena-owned array of VECTOR_SIZE
 * slots; validity starts NULL (all valid). `heap` receives long string bytes. */
void vector_init_flat(Vector *v, OmType type, Arena *arena);
/* Initialises a CONSTANT vector holding `value` (copied; long strings copied into arena). */
void vector_init_constant(Vector *v, const Value *value, Arena *arena);
/* Makes the vector's validity writable (allocating an all-valid bitmap if NULL). */
uint64_t *vector_validity_mut(Vector *v, Arena *arena);
/* Marks a row NULL / valid (allocating the bitmap when needed). */
void vector_set_null(Vector *v, uint32_t row, Arena *arena);
void vector_set_valid(Vector *v, uint32_t row);
/* Turns a DICT (or CONSTANT) vector into a FLAT one over the rows of `sel`/count. */
void vector_flatten(Vector *v, const uint16_t *sel, uint32_t count, Arena *arena);
/* Pointer to the payload of row `row` (FLAT or CONSTANT; DICT follows dict_sel). */
const void *vector_value_ptr(const Vector *v, uint32_t row);
/* Reads row `row` into a Value (strings point into the vector's memory). */
void vector_get_value(const Vector *v, uint32_t row, Value *out);
/* Writes a Value at `row` of a FLAT writable vector (long strings copied into v->heap). */
void vector_set_value(Vector *v, uint32_t row, const Value *val);
/* Copies a string into the vector's heap and returns the view. */
StrView vector_add_string(Vector *v, const char *data, uint32_t len);

/* Allocates a chunk with `ncols` FLAT vectors of the given types. */
Chunk *chunk_create(Arena *arena, int ncols, const OmType *types);
/* Returns a new selection array of VECTOR_SIZE entries in the arena. */
uint16_t *sel_alloc(Arena *arena);

#endif
