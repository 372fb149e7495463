/*
 * srf_array.h — the hooks of unnest(anyarray), generate_subscripts(anyarray,
 * int4 [, bool]), pg_options_to_table(text[]) and
 * information_schema._pg_expandarray(anyarray) (exec/srf_array.c), for the
 * SRF table in exec/srf.c.
 */
#ifndef OMENDB_EXEC_SRF_ARRAY_H
#define OMENDB_EXEC_SRF_ARRAY_H

#include "catalog/array.h"
#include "exec/srf.h"

typedef struct UnnestState {
    ArrayView av;
    ArrayIter it;
} UnnestState;

typedef struct SubscriptState {
    int64_t cur, stop, step;
} SubscriptState;

/* information_schema._pg_expandarray: unnest's state (first, so that it
 * opens with srf_array_unnest_open) and the rows of the first dimension. */
typedef struct ExpandState {
    UnnestState u;
    int32_t pos, rows;
} ExpandState;

int srf_array_unnest_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_array_unnest_open(SrfIter *it, const Value *args, int nargs);
int srf_array_unnest_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

int srf_array_subscripts_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_array_subscripts_open(SrfIter *it, const Value *args, int nargs);
int srf_array_subscripts_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

/* pg_options_to_table: opens with srf_array_unnest_open (UnnestState). */
int srf_array_options_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_array_options_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

int srf_array_expand_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_array_expand_open(SrfIter *it, const Value *args, int nargs);
int srf_array_expand_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

#endif
