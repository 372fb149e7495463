/*
 * srf_json.c — the set-returning functions over json and jsonb (exec/srf.h),
 * as PostgreSQL 15 has them:
 *
 *   json(b)_each(j) -> setof (key text, value json(b))
 *   json(b)_each_text(j) -> setof (key text, value text)
 *   json(b)_array_elements(j) -> setof value json(b)
 *   json(b)_array_elements_text(j) -> setof value text
 *   json(b)_object_keys(j) -> setof text
 *
 * json keeps its input, so its members come out as their input text, in
 * input order, duplicate keys included; jsonb's are canonical (json.h). The
 * _text variants give a string's unescaped bytes and SQL NULL for a JSON
 * null. The argument's text is copied into the iterator's arena and parsed
 * there once, at open; a wrong kind of value is refused at open with
 * PostgreSQL's 22023 message, which differs between json and jsonb.
 */
#include <stdio.h>
#include <string.h>

#include "exec/srf.h"
#include "exec/srf_json.h"

#include "catalog/json.h"
#include "common/strbuf.h"

typedef enum JsonSrfKind { JSRF_EACH, JSRF_ELEMENTS, JSRF_KEYS } JsonSrfKind;

typedef struct JsonSrfState {
    const JsNode *root;
    uint32_t next; /* index of the next member */
    JsonSrfKind kind;
    bool as_text; /* the _text variants */
    bool json;    /* json (input text) rather than jsonb (canonical) */
    StrBuf buf;   /* scratch for a member's text */
} JsonSrfState;

/* The argument type of the SRF called `name`. */
static TypeId arg_type_of(const char *name)
{
    return strncmp(name, "jsonb", 5) == 0 ? TYPE_JSONB : TYPE_JSON;
}

static int resolve(const char *name, OmType *arg_types, OmType *ret, OmError *err)
{
    TypeId want = arg_type_of(name);
    TypeId got = arg_types[0].id;
    if (got != want && got != TYPE_UNKNOWN && got != TYPE_NULL) {
        char tn[64];
        type_format(arg_types[0], tn, sizeof(tn));
        ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function %s(%s) does not exist", name, tn);
        error_hint(err, "No function matches the given name and argument types. You might need "
                        "to add explicit type casts.");
        return -1;
    }
    arg_types[0] = OM_TYPE(want);
    bool as_text = strstr(name, "_text") != NULL;
    OmType value = OM_TYPE(as_text ? TYPE_TEXT : want);
    if (strstr(name, "_each")) {
        ret[0] = OM_TYPE(TYPE_TEXT);
        ret[1] = value;
    } else if (strstr(name, "_keys")) {
        ret[0] = OM_TYPE(TYPE_TEXT);
    } else {
        ret[0] = value;
    }
    return 0;
}

#define RESOLVER(fn, sqlname)                                                                      \
    int fn(OmType *arg_types, int nargs, OmType *ret, OmError *err)                                \
    {                                                                                              \
        (void)nargs;                                                                               \
        return resolve(sqlname, arg_types, ret, err);                                              \
    }
RESOLVER(srf_json_each_resolve, "json_each")
RESOLVER(srf_json_each_text_resolve, "json_each_text")
RESOLVER(srf_jsonb_each_resolve, "jsonb_each")
RESOLVER(srf_jsonb_each_text_resolve, "jsonb_each_text")
RESOLVER(srf_json_elements_resolve, "json_array_elements")
RESOLVER(srf_json_elements_text_resolve, "json_array_elements_text")
RESOLVER(srf_jsonb_elements_resolve, "jsonb_array_elements")
RESOLVER(srf_jsonb_elements_text_resolve, "jsonb_array_elements_text")
RESOLVER(srf_json_keys_resolve, "json_object_keys")
RESOLVER(srf_jsonb_keys_resolve, "jsonb_object_keys")

/* PostgreSQL 15's refusals (jsonfuncs.c): json's come from its parser
 * callbacks, jsonb's from the functions themselves. */
static int wrong_kind(SrfIter *it, const JsonSrfState *st, JsKind k)
{
    const char *name = it->def->name;
    bool scalar = k != JS_ARRAY && k != JS_OBJECT;
    const char *msg;
    char buf[96];
    switch (st->kind) {
    case JSRF_EACH:
        if (!st->json) {
            snprintf(buf, sizeof(buf), "cannot call %s on a non-object", name);
            msg = buf;
        } else {
            msg =
                scalar ? "cannot deconstruct a scalar" : "cannot deconstruct an array as an object";
        }
        break;
    case JSRF_ELEMENTS:
        if (!st->json) {
            msg = scalar ? "cannot extract elements from a scalar"
                         : "cannot extract elements from an object";
        } else {
            snprintf(buf, sizeof(buf), "cannot call %s on %s", name,
                     scalar ? "a scalar" : "a non-array");
            msg = buf;
        }
        break;
    default:
        snprintf(buf, sizeof(buf), "cannot call %s on %s", name, scalar ? "a scalar" : "an array");
        msg = buf;
        break;
    }
    return ERR(it->err, SQLSTATE_INVALID_PARAMETER_VALUE, "%s", msg);
}

int srf_json_open(SrfIter *it, const Value *args, int nargs)
{
    (void)nargs;
    JsonSrfState *st = it->state;
    const char *name = it->def->name;
    st->json = arg_type_of(name) == TYPE_JSON;
    st->as_text = strstr(name, "_text") != NULL;
    st->kind = strstr(name, "_each")   ? JSRF_EACH
               : strstr(name, "_keys") ? JSRF_KEYS
                                       : JSRF_ELEMENTS;
    strbuf_init(&st->buf, it->arena);
    /* the tree points into the text: keep it as long as the iterator */
    const StrView *s = &args[0].u.str;
    char *text = arena_alloc(it->arena, s->len + 1);
    memcpy(text, strview_data(s), s->len);
    text[s->len] = '\0';
    OmError *err = it->err;
    const JsNode *root = json_parse(text, s->len, it->arena, err);
    if (!root) return -1;
    JsKind want = st->kind == JSRF_ELEMENTS ? JS_ARRAY : JS_OBJECT;
    if (root->kind != want) return wrong_kind(it, st, root->kind);
    st->root = root;
    if (root->n == 0) it->done = true;
    return 0;
}

static void put_str(Vector *out, uint32_t row, const char *s, size_t len)
{
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)len);
}

/* A member as the value column: json(b) text, or text (strings unescaped,
 * null as NULL). */
static void put_member(JsonSrfState *st, Vector *out, uint32_t row, const JsNode *m)
{
    if (st->as_text && m->kind == JS_NULL) {
        vector_set_null(out, row, out->heap);
        return;
    }
    if (st->as_text && m->kind == JS_STRING) {
        put_str(out, row, m->s, m->len);
        return;
    }
    strbuf_reset(&st->buf);
    if (st->json)
        json_write_raw(m, &st->buf);
    else
        json_write_jsonb(m, &st->buf);
    put_str(out, row, st->buf.data ? st->buf.data : "", st->buf.len);
}

int srf_json_next(SrfIter *it, Vector *out, uint32_t at, uint32_t max, uint32_t *n)
{
    JsonSrfState *st = it->state;
    const JsNode *root = st->root;
    uint32_t k = 0;
    while (k < max && st->next < root->n) {
        uint32_t i = st->next++;
        uint32_t row = at + k++;
        switch (st->kind) {
        case JSRF_EACH:
            put_str(&out[0], row, root->keys[i], root->klens[i]);
            put_member(st, &out[1], row, root->items[i]);
            break;
        case JSRF_KEYS:
            put_str(&out[0], row, root->keys[i], root->klens[i]);
            break;
        case JSRF_ELEMENTS:
            put_member(st, &out[0], row, root->items[i]);
            break;
        }
    }
    *n = k;
    if (st->next >= root->n) it->done = true;
    return 0;
}

_Static_assert(sizeof(JsonSrfState) <= SRF_JSON_STATE_SIZE, "SRF_JSON_STATE_SIZE is too small");
