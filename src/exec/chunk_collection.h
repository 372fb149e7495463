/*
 * chunk_collection.h — an append-only, arena-backed store of rows kept in
 * columnar chunks of VECTOR_SIZE rows, used wherever the executor must hold on
 * to rows: the sort buffer, the hash-join build side, hash-aggregate group
 * keys, MATERIALIZE and set operations.
 *
 * Layout: row r (0-based, in append order) lives in chunks[r >> 11] at
 * position r & 2047. Every stored vector is FLAT, has no selection vector and
 * a validity bitmap only once a NULL was stored. String views are copied with
 * their bytes (len > 12) into the collection's arena, so stored rows never
 * point into the input chunk's memory.
 *
 * Lifetime: everything lives in `arena` (normally an operator arena) and dies
 * with it. Row ids are uint32_t: a collection holds fewer than 2^32 - 1 rows.
 */
#ifndef OMENDB_EXEC_CHUNK_COLLECTION_H
#define OMENDB_EXEC_CHUNK_COLLECTION_H

#include "exec/vector.h"

#define CC_CHUNK_SHIFT 11
#define CC_CHUNK_MASK  (VECTOR_SIZE - 1)
/* A row id meaning "no row": gathering it yields NULL in every column. */
#define CC_NULL_ROW UINT32_MAX

typedef struct ChunkCollection {
    Arena *arena;
    int ncols;
    OmType *types;
    uint8_t *widths; /* bytes per slot of each column */
    bool *is_str;    /* column holds StrViews (bytes copied on append) */
    Chunk **chunks;
    uint32_t nchunks;
    uint32_t cap_chunks;
    uint64_t count; /* rows stored */
} ChunkCollection;

/* Prepares an empty collection of `ncols` columns of `types` (copied). */
void chunk_collection_init(ChunkCollection *cc, Arena *arena, int ncols, const OmType *types);
/* Forgets all rows (memory stays in the arena until it is reset). */
void chunk_collection_clear(ChunkCollection *cc);
/* Appends the rows sel[0..count) (or 0..count) of the vectors cols[0..ncols)
 * (any vector kind). */
void chunk_collection_append_vectors(ChunkCollection *cc, const Vector *const *cols,
                                     const uint16_t *sel, uint32_t count);
/* Appends all rows of a chunk whose first cc->ncols columns match the collection. */
void chunk_collection_append(ChunkCollection *cc, const Chunk *chunk);
/* Appends row `row_id` of another collection with the same column types. */
void chunk_collection_append_from(ChunkCollection *cc, const ChunkCollection *src, uint32_t row_id);

/* Stored chunk i (FLAT vectors, no selection; count = its rows). Read-only. */
static inline const Chunk *chunk_collection_chunk(const ChunkCollection *cc, uint32_t i)
{
    return cc->chunks[i];
}
static inline const void *chunk_collection_ptr(const ChunkCollection *cc, int col, uint32_t row)
{
    const Vector *v = &cc->chunks[row >> CC_CHUNK_SHIFT]->cols[col];
    return (const char *)v->data + (size_t)(row & CC_CHUNK_MASK) * cc->widths[col];
}
static inline bool chunk_collection_is_valid(const ChunkCollection *cc, int col, uint32_t row)
{
    const Vector *v = &cc->chunks[row >> CC_CHUNK_SHIFT]->cols[col];
    return validity_is_valid(v->validity, row & CC_CHUNK_MASK);
}

/* Copies rows rows[0..n) of column `col` into dst (a writable FLAT vector) at
 * positions dst_off..dst_off+n. CC_NULL_ROW gives NULL. Strings keep pointing
 * at the collection's memory. */
void chunk_collection_gather(const ChunkCollection *cc, int col, const uint32_t *rows, uint32_t n,
                             Vector *dst, uint32_t dst_off);

/* Copies rows sel[0..count) (or 0..count) of `src` (any kind) into the FLAT
 * writable vector `dst` at positions dst_off.. . Long string bytes are copied
 * into `heap` when it is not NULL (else the views keep pointing at src's
 * memory). `arena` receives a validity bitmap if one is needed. */
void chunk_vector_copy(Vector *dst, uint32_t dst_off, const Vector *src, const uint16_t *sel,
                       uint32_t count, Arena *heap, Arena *arena);

/* True if values of this type are StrViews (their long bytes live elsewhere). */
static inline bool type_is_strview(TypeId t)
{
    return type_is_varlena(t);
}

#endif
