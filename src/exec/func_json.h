/*
 * func_json.h — SQL values as JSON, shared by the json/jsonb functions
 * (func_json.c, func_json_modify.c), the json aggregates (agg_json.c) and
 * the json set-returning functions (srf_json.c).
 *
 * The conversion is PostgreSQL 15's to_json/datum_to_json: numbers and
 * booleans as such (NaN and infinities as strings), dates and timestamps in
 * ISO 8601 with a T, arrays as JSON arrays, json and jsonb embedded as their
 * text, everything else as its text output in a string. A NULL is `null`.
 */
#ifndef OMENDB_EXEC_FUNC_JSON_H
#define OMENDB_EXEC_FUNC_JSON_H

#include "catalog/json.h"
#include "exec/expr.h"

struct SessionSettings;

/* Appends the JSON text of v (of type `type`) to out; `tmp` is scratch
 * (reset here). `st` supplies DateStyle-independent but zone-dependent
 * output (timestamptz). */
void func_json_from_value(const Value *v, OmType type, const struct SessionSettings *st,
                          StrBuf *out, StrBuf *tmp);

/* Appends v as an object key the way PostgreSQL's datum_to_json(key_scalar)
 * makes one: always a JSON string (numbers and booleans quoted). -1 with
 * 22023 when v is NULL ("field name must not be null") or not a scalar
 * (arrays, json, jsonb: "key value must be scalar, not array, composite, or
 * json"). */
int func_json_key_from_value(const Value *v, OmType type, const struct SessionSettings *st,
                             StrBuf *out, StrBuf *tmp, OmError *err);

/* True for the types PostgreSQL refuses as object keys (arrays, json, jsonb). */
bool func_json_key_type_refused(TypeId type);

#endif
