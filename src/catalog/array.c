/*
 * array.c — reading and writing the stored form of arrays (array.h).
 *
 * Invariant: array_write only produces bytes array_view accepts; array_view
 * checks every length against the bytes it was given, so a damaged value is
 * an error, never a read out of bounds.
 */
#include "catalog/array.h"

#include <string.h>

#include "catalog/packed_value.h"

#define rd_u32 packed_u32_read
#define wr_u32 packed_u32_write

static int corrupt(OmError *err)
{
    if (err) ERR(err, SQLSTATE_DATA_CORRUPTED, "array value is damaged");
    return -1;
}

int array_view(TypeId array_type, const StrView *s, ArrayView *av, OmError *err)
{
    const char *p = strview_data(s), *end = p + s->len;
    memset(av, 0, sizeof(*av));
    av->elem = type_array_elem(array_type);
    if (s->len < 8 || av->elem == TYPE_INVALID) return corrupt(err);
    uint32_t ndim = rd_u32(p), flags = rd_u32(p + 4);
    p += 8;
    if (ndim > ARRAY_MAX_DIMS || (size_t)(end - p) < (size_t)ndim * 8) return corrupt(err);
    av->ndim = (int)ndim;
    uint64_t n = ndim ? 1 : 0;
    for (uint32_t d = 0; d < ndim; d++) {
        int32_t len = (int32_t)rd_u32(p + d * 4);
        av->dims[d] = len;
        av->lbounds[d] = (int32_t)rd_u32(p + ndim * 4 + d * 4);
        if (len < 0) return corrupt(err);
        n *= (uint64_t)len;
        if (n > UINT32_MAX) return corrupt(err);
    }
    p += ndim * 8;
    av->nelems = (uint32_t)n;
    if (flags & ARRAY_HAS_NULLS) {
        size_t nb = (n + 7) / 8;
        if ((size_t)(end - p) < nb) return corrupt(err);
        av->nulls = (const uint8_t *)p;
        p += nb;
    }
    av->data = p;
    av->end = end;
    return 0;
}

void array_iter_init(ArrayIter *it, const ArrayView *av)
{
    it->av = av;
    it->index = 0;
    it->pos = av->data;
}

bool array_iter_next(ArrayIter *it, Value *out)
{
    const ArrayView *av = it->av;
    if (it->index >= av->nelems) return false;
    uint32_t i = it->index++;
    if (av->nulls && (av->nulls[i >> 3] >> (i & 7)) & 1) {
        memset(out, 0, sizeof(*out));
        out->type = OM_TYPE(av->elem);
        out->is_null = true;
        return true;
    }
    if (!packed_value_read(av->elem, &it->pos, av->end, out)) { /* damaged: stop with a NULL */
        it->index = av->nelems;
        out->is_null = true;
    }
    return true;
}

uint32_t array_elements(const ArrayView *av, Arena *arena, Value **out)
{
    Value *vals = ARENA_NEW_ARRAY(arena, Value, av->nelems ? av->nelems : 1);
    ArrayIter it;
    array_iter_init(&it, av);
    uint32_t n = 0;
    while (n < av->nelems && array_iter_next(&it, &vals[n])) n++;
    *out = vals;
    return n;
}

void array_write(TypeId elem, int ndim, const int32_t *dims, const int32_t *lbounds,
                 const Value *values, uint32_t n, StrBuf *out)
{
    for (int d = 0; d < ndim; d++)
        if (dims[d] == 0) ndim = 0;
    if (ndim == 0) n = 0;
    bool has_nulls = false;
    for (uint32_t i = 0; i < n; i++) has_nulls |= values[i].is_null;
    wr_u32(out, (uint32_t)ndim);
    wr_u32(out, has_nulls ? ARRAY_HAS_NULLS : 0);
    for (int d = 0; d < ndim; d++) wr_u32(out, (uint32_t)dims[d]);
    for (int d = 0; d < ndim; d++) wr_u32(out, (uint32_t)(lbounds ? lbounds[d] : 1));
    if (has_nulls) {
        size_t at = out->len, nb = (n + 7) / 8;
        for (size_t i = 0; i < nb; i++) strbuf_putc(out, 0);
        for (uint32_t i = 0; i < n; i++)
            if (values[i].is_null) out->data[at + (i >> 3)] |= (char)(1u << (i & 7));
    }
    for (uint32_t i = 0; i < n; i++)
        if (!values[i].is_null) packed_value_write(elem, &values[i], out);
}

void array_write_1d(TypeId elem, const Value *values, uint32_t n, StrBuf *out)
{
    int32_t dim = (int32_t)n;
    array_write(elem, 1, &dim, NULL, values, n, out);
}
