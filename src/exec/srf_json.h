/*
 * srf_json.h — the hooks of the json/jsonb set-returning functions
 * (exec/srf_json.c: json(b)_each[_text], json(b)_array_elements[_text],
 * json(b)_object_keys), for the SRF table in exec/srf.c. One open and next
 * serve them all (they tell themselves apart by it->def->name); resolve is
 * per function, as resolve has no SrfDef to look at.
 */
#ifndef OMENDB_EXEC_SRF_JSON_H
#define OMENDB_EXEC_SRF_JSON_H

#include "exec/srf.h"

/* The iterator state's size: the state itself is private to srf_json.c. */
#define SRF_JSON_STATE_SIZE 64

int srf_json_each_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_json_each_text_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_jsonb_each_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_jsonb_each_text_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_json_elements_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_json_elements_text_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_jsonb_elements_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_jsonb_elements_text_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_json_keys_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);
int srf_jsonb_keys_resolve(OmType *arg_types, int nargs, OmType *ret, OmError *err);

int srf_json_open(SrfIter *it, const Value *args, int nargs);
int srf_json_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n);

#endif
