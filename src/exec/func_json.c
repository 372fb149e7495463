/*
 * func_json.c — json and jsonb operators and functions (PostgreSQL 15):
 *
 *   -> ->> (json|jsonb, text | int4)      member / element, as json(b) / text
 *   #> #>> (json|jsonb, text[])           the same along a path
 *   json(b)_extract_path[_text](j, VARIADIC text)   #> / #>> by another name
 *   @> <@ (jsonb, jsonb), ? (jsonb, text), ?| ?& (jsonb, text[])
 *   = <> < <= > >= (jsonb, jsonb)         jsonb's btree order (json.h)
 *   || (jsonb, jsonb)                      concatenation
 *   json(b)_typeof, json(b)_array_length, json(b)_build_object,
 *   json(b)_build_array, to_json(b)
 *   casts json <-> jsonb
 *
 * The set-returning functions are in srf_json.c, the aggregates in
 * agg_json.c, the functions that change a value in func_json_modify.c.
 *
 * Values are parsed from their stored text per row into a scratch arena
 * (json.h); results are written as text. SQL values become JSON as
 * PostgreSQL's to_json makes them: numbers and booleans as such (NaN and
 * infinities as strings), dates and timestamps in ISO 8601 with a T, arrays
 * as JSON arrays, json(b) embedded, everything else as its text in a string.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/array.h"
#include "catalog/json.h"
#include "catalog/type_io.h"
#include "exec/func_int.h"
#include "exec/func_json.h"
#include "exec/vector_ops.h"

static void put_text(Vector *out, uint32_t row, const char *s, size_t len)
{
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)len);
}

static JsNode *row_json(Vector **args, int i, uint32_t row, Arena *tmp)
{
    return json_parse_stored(arg_str(args, i, row), tmp);
}

/* Writes a member as the result: json(b) text (jsonb: canonical), or for the
 * text variants a string's bytes / other kinds' JSON text (null -> NULL). */
static void put_member(Vector *out, uint32_t row, const JsNode *m, bool as_text, bool json,
                       EvalCtx *ctx, StrBuf *sb)
{
    if (!m || (as_text && m->kind == JS_NULL)) {
        vector_set_null(out, row, ctx->arena);
        return;
    }
    if (as_text && m->kind == JS_STRING) {
        put_text(out, row, m->s, m->len);
        return;
    }
    strbuf_reset(sb);
    if (json)
        json_write_raw(m, sb);
    else
        json_write_jsonb(m, sb);
    put_text(out, row, sb->data ? sb->data : "", sb->len);
}

/* json is kept as given, so its members print as their input text */
static int k_arrow(KERNEL_ARGS)
{
    bool as_text = strcmp(call->u.func.def->name, "->>") == 0;
    bool by_index = call->args[1]->type.id == TYPE_INT4;
    Arena *tmp = arena_create(NULL, "json ->");
    StrBuf sb;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        strbuf_init(&sb, tmp);
        JsNode *j = row_json(args, 0, row, tmp);
        const JsNode *m;
        if (by_index) {
            m = json_node_array_get(j, ARG(int32_t, 1, row));
        } else {
            const StrView *k = arg_str(args, 1, row);
            m = json_node_object_get(j, strview_data(k), k->len);
        }
        put_member(out, row, m, as_text, call->args[0]->type.id == TYPE_JSON, ctx, &sb);
    }
    arena_destroy(tmp);
    return 0;
}

/* One step of a path: the member named s (objects) or at index s (arrays). */
static const JsNode *path_step(const JsNode *m, const char *s, uint32_t n)
{
    if (m->kind == JS_OBJECT) return json_node_object_get(m, s, n);
    if (m->kind != JS_ARRAY || n == 0 || n >= 32) return NULL;
    char buf[32];
    char *end;
    memcpy(buf, s, n);
    buf[n] = 0;
    long idx = strtol(buf, &end, 10);
    return *end ? NULL : json_node_array_get(m, idx);
}

/* #> and #>> (text[] path), json(b)_extract_path[_text] (variadic text) */
static int k_path(KERNEL_ARGS)
{
    const char *name = call->u.func.def->name;
    bool as_text = strcmp(name, "#>>") == 0 || strstr(name, "_text") != NULL;
    bool variadic = name[0] != '#';
    Arena *tmp = arena_create(NULL, "json #>");
    StrBuf sb;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        strbuf_init(&sb, tmp);
        const JsNode *m = row_json(args, 0, row, tmp);
        if (variadic) {
            for (int i = 1; m && i < call->nargs; i++) {
                const StrView *s = arg_str(args, i, row);
                m = path_step(m, strview_data(s), s->len);
            }
            put_member(out, row, m, as_text, call->args[0]->type.id == TYPE_JSON, ctx, &sb);
            continue;
        }
        ArrayView av;
        if (array_view(TYPE_TEXT_ARRAY, arg_str(args, 1, row), &av, ctx->err) != 0) {
            arena_destroy(tmp);
            return -1;
        }
        ArrayIter it;
        array_iter_init(&it, &av);
        Value step;
        while (m && array_iter_next(&it, &step)) {
            if (step.is_null) {
                m = NULL;
                break;
            }
            m = path_step(m, strview_data(&step.u.str), step.u.str.len);
        }
        put_member(out, row, m, as_text, call->args[0]->type.id == TYPE_JSON, ctx, &sb);
    }
    arena_destroy(tmp);
    return 0;
}

static int k_jsonb_cmp(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int c = jsonb_value_cmp(arg_str(args, 0, row), arg_str(args, 1, row));
        ((uint8_t *)out->data)[row] = func_cmp_holds(op, c);
    }
    return 0;
}

static int k_contains(KERNEL_ARGS)
{
    bool reverse = strcmp(call->u.func.def->name, "<@") == 0;
    Arena *tmp = arena_create(NULL, "jsonb @>");
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *a = row_json(args, 0, row, tmp), *b = row_json(args, 1, row, tmp);
        bool r = a && b && (reverse ? json_contains(b, a) : json_contains(a, b));
        ((uint8_t *)out->data)[row] = r;
    }
    arena_destroy(tmp);
    return 0;
}

/* jsonb ? text: a key of the object, or a string element of the array, or
 * the string itself */
static bool has_key(const JsNode *j, const char *k, size_t n)
{
    if (j->kind == JS_OBJECT) return json_node_object_get(j, k, n) != NULL;
    if (j->kind == JS_ARRAY) {
        for (uint32_t i = 0; i < j->n; i++)
            if (j->items[i]->kind == JS_STRING && j->items[i]->len == n &&
                memcmp(j->items[i]->s, k, n) == 0)
                return true;
        return false;
    }
    return j->kind == JS_STRING && j->len == n && memcmp(j->s, k, n) == 0;
}

static int k_exists(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    Arena *tmp = arena_create(NULL, "jsonb ?");
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *j = row_json(args, 0, row, tmp);
        bool r = false;
        if (j && op[1] == 0) {
            const StrView *k = arg_str(args, 1, row);
            r = has_key(j, strview_data(k), k->len);
        } else if (j) {
            bool any = op[1] == '|';
            ArrayView av;
            if (array_view(TYPE_TEXT_ARRAY, arg_str(args, 1, row), &av, ctx->err) != 0) {
                arena_destroy(tmp);
                return -1;
            }
            ArrayIter it;
            array_iter_init(&it, &av);
            Value k;
            r = !any;
            while (array_iter_next(&it, &k)) {
                if (k.is_null) continue;
                bool h = has_key(j, strview_data(&k.u.str), k.u.str.len);
                if (any && h) r = true;
                if (!any && !h) r = false;
            }
        }
        ((uint8_t *)out->data)[row] = r;
    }
    arena_destroy(tmp);
    return 0;
}

static int k_typeof(KERNEL_ARGS)
{
    static const char *const names[] = {"null", "string", "number", "boolean", "array", "object"};
    Arena *tmp = arena_create(NULL, "json typeof");
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *j = row_json(args, 0, row, tmp);
        const char *t = j ? names[j->kind] : "null";
        put_text(out, row, t, strlen(t));
    }
    arena_destroy(tmp);
    return 0;
}

static int k_array_length(KERNEL_ARGS)
{
    Arena *tmp = arena_create(NULL, "json array length");
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *j = row_json(args, 0, row, tmp);
        if (!j || j->kind != JS_ARRAY) {
            rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                     j && j->kind == JS_OBJECT ? "cannot get array length of a non-array"
                                               : "cannot get array length of a scalar");
            break;
        }
        ((int32_t *)out->data)[row] = (int32_t)j->n;
    }
    arena_destroy(tmp);
    return rc;
}

static int k_concat(KERNEL_ARGS)
{
    Arena *tmp = arena_create(NULL, "jsonb ||");
    StrBuf sb;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        strbuf_init(&sb, tmp);
        JsNode *a = row_json(args, 0, row, tmp), *b = row_json(args, 1, row, tmp);
        if (!a || !b) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        JsNode *r;
        if (a->kind == JS_OBJECT && b->kind == JS_OBJECT) {
            r = arena_zalloc(tmp, sizeof(JsNode));
            r->kind = JS_OBJECT;
            r->n = a->n + b->n;
            r->items = arena_alloc(tmp, sizeof(JsNode *) * (r->n + 1));
            r->keys = arena_alloc(tmp, sizeof(char *) * (r->n + 1));
            r->klens = arena_alloc(tmp, sizeof(uint32_t) * (r->n + 1));
            for (uint32_t i = 0; i < a->n; i++)
                r->items[i] = a->items[i], r->keys[i] = a->keys[i], r->klens[i] = a->klens[i];
            for (uint32_t i = 0; i < b->n; i++)
                r->items[a->n + i] = b->items[i], r->keys[a->n + i] = b->keys[i],
                                r->klens[a->n + i] = b->klens[i];
        } else { /* arrays (a scalar or object counts as a one-element array) */
            const JsNode *parts[2] = {a, b};
            r = arena_zalloc(tmp, sizeof(JsNode));
            r->kind = JS_ARRAY;
            uint32_t n = 0;
            for (int k = 0; k < 2; k++) n += parts[k]->kind == JS_ARRAY ? parts[k]->n : 1;
            r->items = arena_alloc(tmp, sizeof(JsNode *) * (n + 1));
            for (int k = 0; k < 2; k++) {
                if (parts[k]->kind == JS_ARRAY)
                    for (uint32_t i = 0; i < parts[k]->n; i++)
                        r->items[r->n++] = parts[k]->items[i];
                else
                    r->items[r->n++] = (JsNode *)parts[k];
            }
        }
        json_canonicalize(r, tmp);
        json_write_jsonb(r, &sb);
        put_text(out, row, sb.data ? sb.data : "", sb.len);
    }
    arena_destroy(tmp);
    return 0;
}

/* ---- SQL values to JSON ---- */

static void value_to_json(const Value *v, OmType type, const SessionSettings *st, StrBuf *out,
                          StrBuf *tmp);

static void array_to_json(const StrView *s, TypeId at, const SessionSettings *st, StrBuf *out,
                          StrBuf *tmp)
{
    ArrayView av;
    if (array_view(at, s, &av, NULL) != 0 || av.nelems == 0) {
        strbuf_puts(out, "[]");
        return;
    }
    ArrayIter it;
    array_iter_init(&it, &av);
    /* nested brackets per dimension */
    int32_t idx[ARRAY_MAX_DIMS] = {0};
    for (int d = 0; d < av.ndim; d++) strbuf_putc(out, '[');
    for (uint32_t i = 0; i < av.nelems; i++) {
        Value e;
        array_iter_next(&it, &e);
        value_to_json(&e, OM_TYPE(av.elem), st, out, tmp);
        int d = av.ndim - 1;
        idx[d]++;
        int closed = 0;
        while (d >= 0 && idx[d] == av.dims[d]) {
            idx[d] = 0;
            strbuf_putc(out, ']');
            closed++;
            if (d > 0) idx[d - 1]++;
            d--;
        }
        if (i + 1 < av.nelems) {
            strbuf_putc(out, ',');
            for (int k = 0; k < closed; k++) strbuf_putc(out, '[');
        }
    }
}

static void value_to_json(const Value *v, OmType type, const SessionSettings *st, StrBuf *out,
                          StrBuf *tmp)
{
    if (v->is_null) {
        strbuf_puts(out, "null");
        return;
    }
    switch (type.id) {
    case TYPE_BOOL:
        strbuf_puts(out, v->u.b ? "true" : "false");
        return;
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_NUMERIC:
    case TYPE_OID: {
        size_t at = out->len;
        type_text_out(type, &v->u, st, out);
        /* NaN and infinities are not JSON numbers */
        if (out->len > at &&
            (out->data[at] == 'N' || out->data[at] == 'I' ||
             (out->data[at] == '-' && out->len > at + 1 && out->data[at + 1] == 'I'))) {
            strbuf_reset(tmp);
            strbuf_append(tmp, out->data + at, out->len - at);
            out->len = at;
            json_write_string(tmp->data, tmp->len, out);
        }
        return;
    }
    case TYPE_FLOAT4:
    case TYPE_FLOAT8: {
        double d = type.id == TYPE_FLOAT4 ? (double)v->u.f4 : v->u.f8;
        strbuf_reset(tmp);
        type_text_out(type, &v->u, st, tmp);
        if (isnan(d) || isinf(d))
            json_write_string(tmp->data, tmp->len, out);
        else
            strbuf_append(out, tmp->data, tmp->len);
        return;
    }
    case TYPE_JSON:
    case TYPE_JSONB:
        strbuf_append(out, strview_data(&v->u.str), v->u.str.len);
        return;
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        strbuf_reset(tmp);
        type_text_out(type, &v->u, st, tmp);
        /* ISO 8601: a T between date and time (the DateStyle ISO text has a blank) */
        for (size_t i = 0; i < tmp->len && type.id != TYPE_DATE; i++)
            if (tmp->data[i] == ' ') {
                tmp->data[i] = 'T';
                break;
            }
        json_write_string(tmp->data, tmp->len, out);
        return;
    }
    default:
        if (type_is_array(type.id)) {
            array_to_json(&v->u.str, type.id, st, out, tmp);
            return;
        }
        strbuf_reset(tmp);
        type_text_out(type, &v->u, st, tmp);
        json_write_string(tmp->data ? tmp->data : "", tmp->len, out);
        return;
    }
}

void func_json_from_value(const Value *v, OmType type, const SessionSettings *st, StrBuf *out,
                          StrBuf *tmp)
{
    value_to_json(v, type, st, out, tmp);
}

bool func_json_key_type_refused(TypeId type)
{
    return type_is_array(type) || type == TYPE_JSON || type == TYPE_JSONB;
}

int func_json_key_from_value(const Value *v, OmType type, const SessionSettings *st, StrBuf *out,
                             StrBuf *tmp, OmError *err)
{
    if (v->is_null)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "field name must not be null");
    if (func_json_key_type_refused(type.id))
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "key value must be scalar, not array, composite, or json");
    size_t at = out->len;
    value_to_json(v, type, st, out, tmp);
    if (out->len > at && out->data[at] != '"') {
        /* a number or boolean: its text, quoted (nothing in it needs escaping) */
        strbuf_putc(out, '"');
        memmove(out->data + at + 1, out->data + at, out->len - at - 1);
        out->data[at] = '"';
        strbuf_putc(out, '"');
    }
    return 0;
}

/* The JSON text of the built value: json as written, jsonb canonical. */
static int finish(Vector *out, uint32_t row, StrBuf *text, bool jsonb, EvalCtx *ctx)
{
    if (!jsonb) {
        put_text(out, row, text->data ? text->data : "", text->len);
        return 0;
    }
    StrView sv;
    if (om_json_text_in(TYPE_JSONB, text->data ? text->data : "", text->len, out->heap, &sv,
                        ctx->err) != 0)
        return -1;
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] = sv;
    return 0;
}

static int k_build(KERNEL_ARGS)
{
    const char *name = call->u.func.def->name;
    /* omendb_row_json[_pretty] (sql/bind_row_json.c): an object in
     * row_to_json's layout, {"a":1,"b":2} (pretty: a line break after each comma) */
    bool row_layout = strncmp(name, "omendb_row_json", 15) == 0;
    bool object = row_layout || strstr(name, "object") != NULL;
    bool jsonb = strncmp(name, "jsonb", 5) == 0;
    const char *comma = !row_layout ? ", " : name[15] ? ",\n " : ",";
    const char *colon = row_layout ? ":" : " : ";
    if (object && call->nargs % 2 != 0) {
        ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
            "argument list must have even number of elements");
        error_hint(ctx->err, "The arguments of %s() must consist of alternating keys and values.",
                   name);
        return -1;
    }
    StrBuf text, tmp;
    strbuf_init(&text, ctx->arena);
    strbuf_init(&tmp, ctx->arena);
    FOR_EACH_ROW(row)
    {
        strbuf_reset(&text);
        strbuf_putc(&text, object ? '{' : '[');
        for (int i = 0; i < call->nargs; i++) {
            Value v;
            vector_get_value(args[i], arg_slot(args[i], row), &v);
            OmType t = call->args[i]->type;
            if (object && i % 2 == 0) {
                if (v.is_null)
                    return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                               "argument %d cannot be null", i + 1);
                if (i) strbuf_puts(&text, comma);
                strbuf_reset(&tmp);
                type_text_out(t, &v.u, ctx->settings, &tmp);
                json_write_string(tmp.data ? tmp.data : "", tmp.len, &text);
                strbuf_puts(&text, colon);
                continue;
            }
            if (!object && i) strbuf_puts(&text, ", ");
            value_to_json(&v, t, ctx->settings, &text, &tmp);
        }
        strbuf_putc(&text, object ? '}' : ']');
        if (finish(out, row, &text, jsonb, ctx) != 0) return -1;
    }
    return 0;
}

static int k_to_json(KERNEL_ARGS)
{
    bool jsonb = strcmp(call->u.func.def->name, "to_jsonb") == 0;
    OmType at = call->args[0]->type;
    if (strcmp(call->u.func.def->name, "array_to_json") == 0 && !type_is_array(at.id)) {
        char tn[64];
        type_format(at, tn, sizeof(tn));
        return ERR(ctx->err, SQLSTATE_UNDEFINED_FUNCTION,
                   "function array_to_json(%s) does not exist", tn);
    }
    StrBuf text, tmp;
    strbuf_init(&text, ctx->arena);
    strbuf_init(&tmp, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        Value v;
        vector_get_value(args[0], arg_slot(args[0], row), &v);
        strbuf_reset(&text);
        value_to_json(&v, call->args[0]->type, ctx->settings, &text, &tmp);
        if (finish(out, row, &text, jsonb, ctx) != 0) return -1;
    }
    return 0;
}

/* json -> jsonb parses; jsonb -> json keeps the canonical text */
static int k_json_cast(KERNEL_ARGS)
{
    bool to_jsonb = call->type.id == TYPE_JSONB;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *s = arg_str(args, 0, row);
        if (!to_jsonb) {
            put_text(out, row, strview_data(s), s->len);
            continue;
        }
        StrView sv;
        if (om_json_text_in(TYPE_JSONB, strview_data(s), s->len, out->heap, &sv, ctx->err) != 0)
            return -1;
        ((StrView *)out->data)[row] = sv;
    }
    return 0;
}

#define JS  TYPE_JSON
#define JB  TYPE_JSONB
#define TX  TYPE_TEXT
#define TXA TYPE_TEXT_ARRAY
#define S   FUNC_STRICT
#define OP  (FUNC_STRICT | FUNC_IS_OPERATOR)
const FuncDef func_json_defs[] = {
    {"->", 2, {JS, TX}, JS, OP, k_arrow, 3947},
    {"->", 2, {JS, TYPE_INT4}, JS, OP, k_arrow, 3949},
    {"->>", 2, {JS, TX}, TX, OP, k_arrow, 3948},
    {"->>", 2, {JS, TYPE_INT4}, TX, OP, k_arrow, 3950},
    {"->", 2, {JB, TX}, JB, OP, k_arrow, 3211},
    {"->", 2, {JB, TYPE_INT4}, JB, OP, k_arrow, 3212},
    {"->>", 2, {JB, TX}, TX, OP, k_arrow, 3477},
    {"->>", 2, {JB, TYPE_INT4}, TX, OP, k_arrow, 3481},
    {"#>", 2, {JS, TXA}, JS, OP, k_path, 3966},
    {"#>>", 2, {JS, TXA}, TX, OP, k_path, 3967},
    {"#>", 2, {JB, TXA}, JB, OP, k_path, 3213},
    {"#>>", 2, {JB, TXA}, TX, OP, k_path, 3206},
    {"=", 2, {JB, JB}, TYPE_BOOL, OP, k_jsonb_cmp, 3240},
    {"<>", 2, {JB, JB}, TYPE_BOOL, OP, k_jsonb_cmp, 3241},
    {"<", 2, {JB, JB}, TYPE_BOOL, OP, k_jsonb_cmp, 3242},
    {">", 2, {JB, JB}, TYPE_BOOL, OP, k_jsonb_cmp, 3243},
    {"<=", 2, {JB, JB}, TYPE_BOOL, OP, k_jsonb_cmp, 3244},
    {">=", 2, {JB, JB}, TYPE_BOOL, OP, k_jsonb_cmp, 3245},
    {"@>", 2, {JB, JB}, TYPE_BOOL, OP, k_contains, 3246},
    {"<@", 2, {JB, JB}, TYPE_BOOL, OP, k_contains, 3250},
    {"?", 2, {JB, TX}, TYPE_BOOL, OP, k_exists, 3247},
    {"?|", 2, {JB, TXA}, TYPE_BOOL, OP, k_exists, 3248},
    {"?&", 2, {JB, TXA}, TYPE_BOOL, OP, k_exists, 3249},
    {"||", 2, {JB, JB}, JB, OP, k_concat, 3284},
    {"json_extract_path", 2, {JS, TX}, JS, S | FUNC_VARIADIC, k_path, 3951},
    {"json_extract_path_text", 2, {JS, TX}, TX, S | FUNC_VARIADIC, k_path, 3953},
    {"jsonb_extract_path", 2, {JB, TX}, JB, S | FUNC_VARIADIC, k_path, 3217},
    {"jsonb_extract_path_text", 2, {JB, TX}, TX, S | FUNC_VARIADIC, k_path, 3940},
    {"json_typeof", 1, {JS}, TX, S, k_typeof, 3968},
    {"jsonb_typeof", 1, {JB}, TX, S, k_typeof, 3210},
    {"json_array_length", 1, {JS}, TYPE_INT4, S, k_array_length, 3956},
    {"jsonb_array_length", 1, {JB}, TYPE_INT4, S, k_array_length, 3207},
    {"json_build_object", 1, {FUNC_ARG_ANY}, JS, FUNC_VARIADIC, k_build, 3200},
    {"json_build_object", 0, {0}, JS, 0, k_build, 3201},
    {"jsonb_build_object", 1, {FUNC_ARG_ANY}, JB, FUNC_VARIADIC, k_build, 3273},
    {"jsonb_build_object", 0, {0}, JB, 0, k_build, 3274},
    {"omendb_row_json", 1, {FUNC_ARG_ANY}, JS, FUNC_VARIADIC, k_build, 16420},
    {"omendb_row_json", 0, {0}, JS, 0, k_build, 16421},
    {"omendb_row_json_pretty", 1, {FUNC_ARG_ANY}, JS, FUNC_VARIADIC, k_build, 16422},
    {"omendb_row_json_pretty", 0, {0}, JS, 0, k_build, 16423},
    {"json_build_array", 1, {FUNC_ARG_ANY}, JS, FUNC_VARIADIC, k_build, 3198},
    {"json_build_array", 0, {0}, JS, 0, k_build, 3199},
    {"jsonb_build_array", 1, {FUNC_ARG_ANY}, JB, FUNC_VARIADIC, k_build, 3271},
    {"jsonb_build_array", 0, {0}, JB, 0, k_build, 3272},
    {"to_json", 1, {FUNC_ARG_ANY}, JS, S, k_to_json, 3176},
    {"to_jsonb", 1, {FUNC_ARG_ANY}, JB, S, k_to_json, 3787},
    {"array_to_json", 1, {FUNC_ARG_ANY}, JS, S, k_to_json, 3153},
    {"jsonb", 1, {JS}, JB, FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST, k_json_cast, 3450},
    {"json", 1, {JB}, JS, FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST, k_json_cast, 3451},
};
const int func_json_ndefs = (int)(sizeof(func_json_defs) / sizeof(func_json_defs[0]));
