/*
 * json.h — JSON values for the json and jsonb types: parsing (RFC 8259, as
 * PostgreSQL's json lexer accepts it), a tree, and the text forms.
 *
 * Storage: a json value is its input text, kept as given (whitespace, key
 * order and duplicate keys included), as PostgreSQL's json; a jsonb value is
 * the canonical text PostgreSQL's jsonb prints: object keys unique (the last
 * of duplicates wins) and sorted by length then bytes, ", " and ": " as
 * separators, numbers as numeric prints them. Both sit in a StrView (types.h).
 * Operations parse the stored text into a JsNode tree in an arena.
 *
 * jsonb order (PostgreSQL's compareJsonbContainers): object > array > bool >
 * number > string > null across kinds; numbers by value, strings bytewise,
 * arrays element by element then by length, objects by their number of
 * pairs, then key by key and value by value in key order.
 */
#ifndef OMENDB_CATALOG_JSON_H
#define OMENDB_CATALOG_JSON_H

#include "catalog/types.h"
#include "common/arena.h"
#include "common/error.h"
#include "common/strbuf.h"

typedef enum JsKind { JS_NULL, JS_STRING, JS_NUMBER, JS_BOOL, JS_ARRAY, JS_OBJECT } JsKind;

typedef struct JsNode JsNode;
struct JsNode {
    JsKind kind;
    bool b;        /* JS_BOOL */
    const char *s; /* JS_STRING: the unescaped bytes; JS_NUMBER: its text */
    uint32_t len;
    uint32_t n;        /* JS_ARRAY / JS_OBJECT: elements / pairs */
    JsNode **items;    /* elements, or pair values */
    const char **keys; /* JS_OBJECT: unescaped keys */
    uint32_t *klens;
    const char *raw; /* the value's text in the parsed input (json keeps it) */
    uint32_t rawlen;
};

/* Parses text into a tree in `arena`; 22P02 "invalid input syntax for type
 * json" (with a DETAIL) when it is not JSON. Nesting deeper than 1000 is
 * 54001. */
JsNode *json_parse(const char *text, size_t len, Arena *arena, OmError *err);
/* As json_parse, for a stored value (already valid). NULL on damage. */
JsNode *json_parse_stored(const StrView *v, Arena *arena);

/* Sorts and deduplicates object keys, recursively (jsonb's rule). */
void json_canonicalize(JsNode *node, Arena *arena);
/* Appends a member of a json value as json prints it: its own input text. */
void json_write_raw(const JsNode *node, StrBuf *out);
/* Appends the jsonb text form of a canonical tree. */
void json_write_jsonb(const JsNode *node, StrBuf *out);
/* Appends a tree as json without blanks, numbers as their input text
 * (PostgreSQL's json_strip_nulls output). */
void json_write_compact(const JsNode *node, StrBuf *out);
/* Appends a string as a JSON string literal (PostgreSQL's escape_json). */
void json_write_string(const char *s, size_t len, StrBuf *out);

/* jsonb order (above); 0 for equal values. */
int json_cmp(const JsNode *a, const JsNode *b);
/* Appends a form in which equal jsonb values are equal bytes (numbers
 * normalised), for hashing. */
void json_write_hash_form(const JsNode *node, StrBuf *out);
/* jsonb @>: every part of b is in a (arrays: each element of b matches some
 * element of a; a scalar array contains a scalar). */
bool json_contains(const JsNode *a, const JsNode *b);

/* Member lookups: NULL when absent. (Not json_object_get / json_array_get:
 * those are jansson's, which the HTTP API links, and a definition here would
 * interpose on the library's own calls.) */
const JsNode *json_node_object_get(const JsNode *obj, const char *key, size_t klen);
const JsNode *json_node_array_get(const JsNode *arr, int64_t index); /* negative: from the end */

#endif
