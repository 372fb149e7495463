/*
 * func_json_modify.c — the functions that change or reprint a json(b)
 * value (PostgreSQL 15):
 *
 *   jsonb_set(jsonb, text[], jsonb [, bool create_missing = true])
 *   jsonb_insert(jsonb, text[], jsonb [, bool insert_after = false])
 *   jsonb - text, jsonb - text[], jsonb - int4, jsonb #- text[]
 *   jsonb_strip_nulls(jsonb), json_strip_nulls(json)
 *   jsonb_pretty(jsonb) -> text
 *
 * The path functions follow jsonfuncs.c's setPath/setPathObject/
 * setPathArray step by step over the parsed tree (json.h): a path element
 * reached that is NULL is 22004, an array step that is not an integer
 * (strtol's reading: leading blanks and a sign allowed, nothing after, within
 * int32) is 22P02, a step into a scalar leaves the value as it is; a
 * negative index counts from the end, and one before the start prepends
 * when creating or inserting; an index past the end appends. Results are
 * re-canonicalised (a new key takes its sorted place). A raw scalar at the
 * top is refused (22023), a two-dimensional path is 2202E.
 *
 * json_strip_nulls reprints json as PostgreSQL's does: no whitespace,
 * strings re-escaped from their unescaped text, numbers as written.
 * jsonb_pretty indents by four spaces per level, as JsonbToCStringIndent.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/array.h"
#include "catalog/json.h"
#include "exec/func_int.h"

enum {
    JP_CREATE = 1,
    JP_DELETE = 2,
    JP_REPLACE = 4,
    JP_INSERT_BEFORE = 8,
    JP_INSERT_AFTER = 16,
    JP_CREATE_OR_INSERT = JP_CREATE | JP_INSERT_BEFORE | JP_INSERT_AFTER,
};

/* A text[] path, its elements copied into the scratch arena. */
typedef struct JsPath {
    int n;
    const char **s;
    uint32_t *len;
    bool *isnull;
} JsPath;

typedef struct SetCtx {
    const JsPath *path;
    JsNode *newval; /* NULL for JP_DELETE */
    int op;
    Arena *arena;
    OmError *err;
} SetCtx;

static void put_text(Vector *out, uint32_t row, const char *s, size_t len)
{
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)len);
}

static void put_tree(Vector *out, uint32_t row, JsNode *root, Arena *tmp)
{
    StrBuf sb;
    strbuf_init(&sb, tmp);
    json_canonicalize(root, tmp);
    json_write_jsonb(root, &sb);
    put_text(out, row, sb.data ? sb.data : "", sb.len);
}

static JsNode *parse_arg(Vector **args, int i, uint32_t row, Arena *tmp)
{
    return json_parse_stored(arg_str(args, i, row), tmp);
}

/* Reads a text[] argument; 2202E when it has more than one dimension. */
static int path_read(const StrView *arr, JsPath *p, Arena *tmp, OmError *err)
{
    ArrayView av;
    if (array_view(TYPE_TEXT_ARRAY, arr, &av, err) != 0) return -1;
    if (av.ndim > 1)
        return ERR(err, SQLSTATE_ARRAY_SUBSCRIPT_ERROR, "wrong number of array subscripts");
    p->n = (int)av.nelems;
    size_t cap = av.nelems ? av.nelems : 1;
    p->s = arena_alloc(tmp, sizeof(char *) * cap);
    p->len = arena_alloc(tmp, sizeof(uint32_t) * cap);
    p->isnull = arena_alloc(tmp, sizeof(bool) * cap);
    ArrayIter it;
    array_iter_init(&it, &av);
    Value v;
    for (int i = 0; i < p->n && array_iter_next(&it, &v); i++) {
        p->isnull[i] = v.is_null;
        p->s[i] = "";
        p->len[i] = 0;
        if (v.is_null) continue;
        /* a short string is inline in v: copy it out */
        p->s[i] = arena_strndup(tmp, strview_data(&v.u.str), v.u.str.len);
        p->len[i] = v.u.str.len;
    }
    return 0;
}

static JsNode *node_new(Arena *a, JsKind kind, uint32_t cap)
{
    JsNode *n = arena_zalloc(a, sizeof(JsNode));
    n->kind = kind;
    if (cap == 0) cap = 1;
    n->items = arena_alloc(a, sizeof(JsNode *) * cap);
    if (kind == JS_OBJECT) {
        n->keys = arena_alloc(a, sizeof(char *) * cap);
        n->klens = arena_alloc(a, sizeof(uint32_t) * cap);
    }
    return n;
}

static void push_pair(JsNode *o, const char *k, uint32_t kl, JsNode *v)
{
    o->keys[o->n] = k;
    o->klens[o->n] = kl;
    o->items[o->n++] = v;
}

static int set_path(SetCtx *c, JsNode *node, int level, JsNode **out);

static int set_path_object(SetCtx *c, JsNode *node, int level, JsNode **out)
{
    const JsPath *p = c->path;
    bool last = level == p->n - 1;
    const char *key = p->s[level];
    uint32_t klen = p->len[level];
    JsNode *r = node_new(c->arena, JS_OBJECT, node->n + 1);
    bool done = false;
    for (uint32_t i = 0; i < node->n; i++) {
        if (!done && node->klens[i] == klen && memcmp(node->keys[i], key, klen) == 0) {
            done = true;
            if (!last) {
                JsNode *sub;
                if (set_path(c, node->items[i], level + 1, &sub) != 0) return -1;
                push_pair(r, node->keys[i], node->klens[i], sub);
                continue;
            }
            if (c->op & (JP_INSERT_BEFORE | JP_INSERT_AFTER)) {
                ERR(c->err, SQLSTATE_INVALID_PARAMETER_VALUE, "cannot replace existing key");
                error_hint(c->err, "Try using the function jsonb_set to replace key value.");
                return -1;
            }
            if (!(c->op & JP_DELETE)) push_pair(r, node->keys[i], node->klens[i], c->newval);
            continue;
        }
        push_pair(r, node->keys[i], node->klens[i], node->items[i]);
    }
    if (!done && last && (c->op & JP_CREATE_OR_INSERT)) push_pair(r, key, klen, c->newval);
    *out = r;
    return 0;
}

/* PostgreSQL's strtoint reading of an array step; false when not an integer. */
static bool step_index(const char *s, int *idx)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || v < INT_MIN || v > INT_MAX) return false;
    *idx = (int)v;
    return true;
}

static int set_path_array(SetCtx *c, JsNode *node, int level, JsNode **out)
{
    const JsPath *p = c->path;
    bool last = level == p->n - 1;
    int nelems = (int)node->n;
    int idx;
    if (!step_index(p->s[level], &idx))
        return ERR(c->err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
                   "path element at position %d is not an integer: \"%s\"", level + 1, p->s[level]);
    if (idx < 0) idx = -(int64_t)idx > nelems ? INT_MIN : nelems + idx;
    if (idx > nelems) idx = nelems;
    JsNode *r = node_new(c->arena, JS_ARRAY, node->n + 1);
    bool done = false;
    if ((idx == INT_MIN || nelems == 0) && last && (c->op & JP_CREATE_OR_INSERT)) {
        r->items[r->n++] = c->newval;
        done = true;
    }
    for (int i = 0; i < nelems; i++) {
        JsNode *item = node->items[i];
        if (i != idx) {
            r->items[r->n++] = item;
            continue;
        }
        if (!last) {
            JsNode *sub;
            if (set_path(c, item, level + 1, &sub) != 0) return -1;
            r->items[r->n++] = sub;
            continue;
        }
        if (c->op & (JP_INSERT_BEFORE | JP_CREATE)) r->items[r->n++] = c->newval;
        if (c->op & (JP_INSERT_AFTER | JP_INSERT_BEFORE)) r->items[r->n++] = item;
        if (c->op & (JP_INSERT_AFTER | JP_REPLACE)) r->items[r->n++] = c->newval;
        done = true;
    }
    if (!done && last && (c->op & JP_CREATE_OR_INSERT)) r->items[r->n++] = c->newval;
    *out = r;
    return 0;
}

static int set_path(SetCtx *c, JsNode *node, int level, JsNode **out)
{
    if (c->path->isnull[level])
        return ERR(c->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED, "path element at position %d is null",
                   level + 1);
    switch (node->kind) {
    case JS_OBJECT:
        return set_path_object(c, node, level, out);
    case JS_ARRAY:
        return set_path_array(c, node, level, out);
    default:
        *out = node; /* a scalar on the way: nothing to change */
        return 0;
    }
}

static bool is_scalar(const JsNode *j)
{
    return j->kind != JS_ARRAY && j->kind != JS_OBJECT;
}

/* jsonb_set, jsonb_insert, #- */
static int k_set_path(KERNEL_ARGS)
{
    const char *name = call->u.func.def->name;
    bool del = strcmp(name, "#-") == 0;
    bool insert = strcmp(name, "jsonb_insert") == 0;
    Arena *tmp = arena_create(NULL, "jsonb set path");
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *root = parse_arg(args, 0, row, tmp);
        JsNode *newval = del ? NULL : parse_arg(args, 2, row, tmp);
        if (!root || (!del && !newval)) {
            rc = ERR(ctx->err, SQLSTATE_DATA_CORRUPTED, "invalid jsonb value");
            break;
        }
        JsPath path;
        if (path_read(arg_str(args, 1, row), &path, tmp, ctx->err) != 0) {
            rc = -1;
            break;
        }
        if (is_scalar(root)) {
            rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                     del ? "cannot delete path in scalar" : "cannot set path in scalar");
            break;
        }
        SetCtx c = {&path, newval, JP_DELETE, tmp, ctx->err};
        if (!del) {
            bool flag = call->nargs > 3 ? ARG(uint8_t, 3, row) != 0 : !insert;
            c.op = insert ? (flag ? JP_INSERT_AFTER : JP_INSERT_BEFORE)
                          : (flag ? JP_CREATE : JP_REPLACE);
        }
        JsNode *res = root;
        if (path.n > 0 && !(del && root->n == 0) && set_path(&c, root, 0, &res) != 0) {
            rc = -1;
            break;
        }
        put_tree(out, row, res, tmp);
    }
    arena_destroy(tmp);
    return rc;
}

/* jsonb - text / text[]: object keys and string elements of an array */
static bool key_listed(const JsPath *keys, const char *s, uint32_t len)
{
    for (int k = 0; k < keys->n; k++)
        if (!keys->isnull[k] && keys->len[k] == len && memcmp(keys->s[k], s, len) == 0) return true;
    return false;
}

static int k_delete(KERNEL_ARGS)
{
    TypeId rt = call->args[1]->type.id;
    Arena *tmp = arena_create(NULL, "jsonb -");
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *root = parse_arg(args, 0, row, tmp);
        if (!root) {
            rc = ERR(ctx->err, SQLSTATE_DATA_CORRUPTED, "invalid jsonb value");
            break;
        }
        JsPath keys = {0};
        if (rt == TYPE_TEXT_ARRAY) {
            if (path_read(arg_str(args, 1, row), &keys, tmp, ctx->err) != 0) {
                rc = -1;
                break;
            }
        } else if (rt == TYPE_TEXT) {
            const StrView *k = arg_str(args, 1, row);
            keys.n = 1;
            keys.s = arena_alloc(tmp, sizeof(char *));
            keys.len = arena_alloc(tmp, sizeof(uint32_t));
            keys.isnull = arena_zalloc(tmp, sizeof(bool));
            keys.s[0] = strview_data(k);
            keys.len[0] = k->len;
        }
        if (is_scalar(root)) {
            rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE, "cannot delete from scalar");
            break;
        }
        JsNode *r = node_new(tmp, root->kind, root->n);
        if (rt == TYPE_INT4) {
            if (root->kind == JS_OBJECT) {
                rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                         "cannot delete from object using integer index");
                break;
            }
            int64_t idx = ARG(int32_t, 1, row), n = root->n;
            if (idx < 0) idx = -idx > n ? n : n + idx; /* before the start: nothing */
            for (uint32_t i = 0; i < root->n; i++)
                if ((int64_t)i != idx) r->items[r->n++] = root->items[i];
        } else if (root->kind == JS_OBJECT) {
            for (uint32_t i = 0; i < root->n; i++)
                if (!key_listed(&keys, root->keys[i], root->klens[i]))
                    push_pair(r, root->keys[i], root->klens[i], root->items[i]);
        } else {
            for (uint32_t i = 0; i < root->n; i++) {
                const JsNode *e = root->items[i];
                if (e->kind != JS_STRING || !key_listed(&keys, e->s, e->len))
                    r->items[r->n++] = root->items[i];
            }
        }
        put_tree(out, row, r, tmp);
    }
    arena_destroy(tmp);
    return rc;
}

/* ---- strip nulls ---- */

static JsNode *strip_nulls(JsNode *node, Arena *a)
{
    if (node->kind == JS_ARRAY) {
        for (uint32_t i = 0; i < node->n; i++) node->items[i] = strip_nulls(node->items[i], a);
        return node;
    }
    if (node->kind != JS_OBJECT) return node;
    uint32_t keep = 0;
    for (uint32_t i = 0; i < node->n; i++) {
        if (node->items[i]->kind == JS_NULL) continue;
        node->keys[keep] = node->keys[i];
        node->klens[keep] = node->klens[i];
        node->items[keep++] = strip_nulls(node->items[i], a);
    }
    node->n = keep;
    return node;
}

static int k_strip_nulls(KERNEL_ARGS)
{
    bool json = call->args[0]->type.id == TYPE_JSON;
    Arena *tmp = arena_create(NULL, "json strip nulls");
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *root = parse_arg(args, 0, row, tmp);
        if (!root) {
            arena_destroy(tmp);
            return ERR(ctx->err, SQLSTATE_DATA_CORRUPTED, "invalid json value");
        }
        root = strip_nulls(root, tmp);
        if (!json) {
            put_tree(out, row, root, tmp);
            continue;
        }
        StrBuf sb;
        strbuf_init(&sb, tmp);
        json_write_compact(root, &sb); /* json_strip_nulls reprints without blanks */
        put_text(out, row, sb.data ? sb.data : "", sb.len);
    }
    arena_destroy(tmp);
    return 0;
}

/* ---- jsonb_pretty ---- */

static void indent(StrBuf *out, int level)
{
    strbuf_putc(out, '\n');
    for (int i = 0; i < level * 4; i++) strbuf_putc(out, ' ');
}

/* A value at nesting `level`; `newline`: it starts on its own line (an
 * array element), not after "key": */
static void write_pretty(const JsNode *node, int level, bool newline, StrBuf *out)
{
    if (newline) indent(out, level);
    if (node->kind == JS_ARRAY) {
        strbuf_putc(out, '[');
        for (uint32_t i = 0; i < node->n; i++) {
            if (i) strbuf_putc(out, ',');
            write_pretty(node->items[i], level + 1, true, out);
        }
        indent(out, level);
        strbuf_putc(out, ']');
    } else if (node->kind == JS_OBJECT) {
        strbuf_putc(out, '{');
        for (uint32_t i = 0; i < node->n; i++) {
            if (i) strbuf_putc(out, ',');
            indent(out, level + 1);
            json_write_string(node->keys[i], node->klens[i], out);
            strbuf_puts(out, ": ");
            write_pretty(node->items[i], level + 1, false, out);
        }
        indent(out, level);
        strbuf_putc(out, '}');
    } else {
        json_write_jsonb(node, out);
    }
}

static int k_pretty(KERNEL_ARGS)
{
    Arena *tmp = arena_create(NULL, "jsonb_pretty");
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        arena_reset(tmp);
        JsNode *root = parse_arg(args, 0, row, tmp);
        if (!root) {
            arena_destroy(tmp);
            return ERR(ctx->err, SQLSTATE_DATA_CORRUPTED, "invalid jsonb value");
        }
        StrBuf sb;
        strbuf_init(&sb, tmp);
        write_pretty(root, 0, false, &sb);
        put_text(out, row, sb.data ? sb.data : "", sb.len);
    }
    arena_destroy(tmp);
    return 0;
}

#define JB  TYPE_JSONB
#define TX  TYPE_TEXT
#define TXA TYPE_TEXT_ARRAY
#define B   TYPE_BOOL
const FuncDef func_json_modify_defs[] = {
    FN("jsonb_set", 3, JB, k_set_path, 3304, JB, TXA, JB),
    FN("jsonb_set", 4, JB, k_set_path, 3304, JB, TXA, JB, B),
    FN("jsonb_insert", 3, JB, k_set_path, 3579, JB, TXA, JB),
    FN("jsonb_insert", 4, JB, k_set_path, 3579, JB, TXA, JB, B),
    OP2("#-", JB, TXA, JB, k_set_path, 3287),
    OP2("-", JB, TX, JB, k_delete, 3285),
    OP2("-", JB, TXA, JB, k_delete, 3398),
    OP2("-", JB, TYPE_INT4, JB, k_delete, 3286),
    FN("jsonb_strip_nulls", 1, JB, k_strip_nulls, 3262, JB),
    FN("json_strip_nulls", 1, TYPE_JSON, k_strip_nulls, 3261, TYPE_JSON),
    FN("jsonb_pretty", 1, TX, k_pretty, 3306, JB),
};
const int func_json_modify_ndefs =
    (int)(sizeof(func_json_modify_defs) / sizeof(func_json_modify_defs[0]));
