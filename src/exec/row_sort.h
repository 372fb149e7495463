/*
 * row_sort.h — sorting the rows of a ChunkCollection by some of its columns,
 * shared by ORDER BY (op_sort.c) and the ordered aggregates of the hash
 * aggregate (agg_sorted.c).
 *
 * The sort permutes an array of 16-byte entries {normalised first key, null
 * group, row id}: a first key of an integer-like type (bool, ints, date, time,
 * timestamp[tz], oid) is compared as an order-preserving unsigned integer
 * (sign flipped, inverted for DESC) and its NULLS FIRST/LAST as a group
 * number; the remaining keys and non-integer first keys use value_cmp. Ties
 * are broken by row id, so the order is deterministic and stable (input order
 * among equal keys).
 */
#ifndef OMENDB_EXEC_ROW_SORT_H
#define OMENDB_EXEC_ROW_SORT_H

#include "exec/chunk_collection.h"
#include "exec/plan.h"

typedef struct RowSortEntry {
    uint64_t key;   /* normalised first key (integer-like first keys only) */
    uint32_t row;   /* row id in the collection */
    uint32_t group; /* 0: NULLS FIRST nulls, 1: values, 2: NULLS LAST nulls */
} RowSortEntry;

/* Sorts rows 0..cc->count-1 of `cc` by the columns first_col..first_col+nkeys-1,
 * column first_col + k in the direction of keys[k] (desc, nulls_first; the
 * expr is not used). Returns cc->count entries in sorted order (at least one
 * slot), allocated in `arena`; entry i's `row` is the i-th row. */
RowSortEntry *row_sort(const ChunkCollection *cc, int first_col, const SortKey *keys, int nkeys,
                       Arena *arena);

#endif
