/*
 * array.h — the stored form of SQL arrays, and reading and building it.
 *
 * An array value sits in a StrView, like bytea (types.h), over these bytes:
 *
 *   uint32 ndim                 0 for an empty array, else 1..ARRAY_MAX_DIMS
 *   uint32 flags                ARRAY_HAS_NULLS
 *   int32  dims[ndim]           the length of each dimension
 *   int32  lbounds[ndim]        the lower bound of each (1 unless given)
 *   uint8  nulls[(n + 7) / 8]   only with ARRAY_HAS_NULLS: bit i set = element i is NULL
 *   elements                    the non-NULL ones in row-major order: a fixed-width
 *                               type as its vector slot (types.h), a StrView type as
 *                               uint32 length + bytes
 *
 * All integers are native-endian and unaligned (read with memcpy). The element
 * type is not stored: it is the array type's (type_array_elem). Two equal
 * arrays of the same type normally have the same bytes, but not always
 * (numeric scale, -0.0, bpchar padding), so comparisons go through array_cmp
 * (exec/vector_ops.h).
 */
#ifndef OMENDB_CATALOG_ARRAY_H
#define OMENDB_CATALOG_ARRAY_H

#include "catalog/types.h"
#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"

#define ARRAY_MAX_DIMS  6
#define ARRAY_HAS_NULLS 1u

/* A parsed header, pointing into the array's bytes. */
typedef struct ArrayView {
    TypeId elem;
    int ndim;
    int32_t dims[ARRAY_MAX_DIMS];
    int32_t lbounds[ARRAY_MAX_DIMS];
    uint32_t nelems;        /* product of dims (0 when ndim is 0) */
    const uint8_t *nulls;   /* NULL when no element is NULL */
    const char *data, *end; /* the elements */
} ArrayView;

/* Reads the header of `s`, an array of type `array_type`. Returns 0, or -1 when
 * the bytes are not an array (XX001 data corrupted, in err when given). */
int array_view(TypeId array_type, const StrView *s, ArrayView *av, OmError *err);

/* Walks the elements in order. */
typedef struct ArrayIter {
    const ArrayView *av;
    uint32_t index;
    const char *pos;
} ArrayIter;

void array_iter_init(ArrayIter *it, const ArrayView *av);
/* Fills *out with the next element (type = the element type, typmod -1;
 * a string's view points into the array's bytes). False at the end. */
bool array_iter_next(ArrayIter *it, Value *out);

/* Decodes every element into an arena array; returns the count (av->nelems). */
uint32_t array_elements(const ArrayView *av, Arena *arena, Value **out);

/* Writes an array of `elem` values with the given shape into `out` (appended).
 * ndim 0 (or any dimension of length 0) writes the empty array. lbounds may be
 * NULL (all 1). values[i].is_null marks NULL elements; other fields of a NULL
 * value are not read. */
void array_write(TypeId elem, int ndim, const int32_t *dims, const int32_t *lbounds,
                 const Value *values, uint32_t n, StrBuf *out);
/* One dimension, lower bound 1. */
void array_write_1d(TypeId elem, const Value *values, uint32_t n, StrBuf *out);

#endif
