/*
 * srf_regex.h — the set-returning regular-expression functions (srf_regex.c),
 * entries of the SRF table in srf.c.
 */
#ifndef OMENDB_EXEC_SRF_REGEX_H
#define OMENDB_EXEC_SRF_REGEX_H

#include "exec/srf.h"

/* The values of one call, computed at open (the pattern is compiled and
 * freed there: an SRF has no close hook). */
typedef struct RegexSetState {
    StrView *items; /* text (split) or text[] bytes (matches) */
    uint32_t n, pos;
} RegexSetState;

int srf_regex_matches_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_regex_matches_open(SrfIter *it, const Value *args, int nargs);
int srf_regex_split_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_regex_split_open(SrfIter *it, const Value *args, int nargs);
int srf_regex_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

#endif
