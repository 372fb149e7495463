/*
 * json.c — the JSON parser, tree and text forms of json/jsonb (json.h).
 *
 * The parser accepts what PostgreSQL's json lexer accepts: RFC 8259 values
 * with any whitespace around tokens, numbers as -?(0|[1-9][0-9]*)(.[0-9]+)?
 * ([eE][+-]?[0-9]+)?, strings with the escapes \" \\ \/ \b \f \n \r \t \uXXXX
 * (surrogate pairs combined; \u0000 refused, as PostgreSQL refuses it for
 * text), and nothing after the value but whitespace.
 */
#include "catalog/json.h"

#include <string.h>

#include "catalog/type_io.h"
#include "catalog/type_io_int.h"

#define JSON_MAX_DEPTH 1000

typedef struct JsParser {
    const char *p, *end, *text;
    size_t text_len;
    Arena *arena;
    OmError *err;
    int depth;
} JsParser;

static JsNode *fail(JsParser *ps, const char *detail)
{
    if (ps->err) {
        ERR(ps->err, SQLSTATE_INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json");
        error_detail(ps->err, "%s", detail);
    }
    return NULL;
}

static void skip_ws(JsParser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static JsNode *new_node(JsParser *ps, JsKind kind)
{
    JsNode *n = arena_zalloc(ps->arena, sizeof(JsNode));
    n->kind = kind;
    return n;
}

static int hex4(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (uint32_t)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* A string at ps->p ('"'): its unescaped bytes. */
static int parse_string(JsParser *ps, const char **s, uint32_t *len)
{
    ps->p++;
    StrBuf sb;
    strbuf_init(&sb, ps->arena);
    for (;;) {
        if (ps->p >= ps->end) return fail(ps, "The input string ended unexpectedly."), -1;
        unsigned char c = (unsigned char)*ps->p++;
        if (c == '"') break;
        if (c < 0x20) return fail(ps, "Control characters must be escaped."), -1;
        if (c != '\\') {
            strbuf_putc(&sb, (char)c);
            continue;
        }
        if (ps->p >= ps->end) return fail(ps, "The input string ended unexpectedly."), -1;
        char e = *ps->p++;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            strbuf_putc(&sb, e);
            break;
        case 'b':
            strbuf_putc(&sb, '\b');
            break;
        case 'f':
            strbuf_putc(&sb, '\f');
            break;
        case 'n':
            strbuf_putc(&sb, '\n');
            break;
        case 'r':
            strbuf_putc(&sb, '\r');
            break;
        case 't':
            strbuf_putc(&sb, '\t');
            break;
        case 'u': {
            uint32_t cp;
            if (ps->end - ps->p < 4 || hex4(ps->p, &cp) != 0)
                return fail(ps, "\"\\u\" must be followed by four hexadecimal digits."), -1;
            ps->p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
                    hex4(ps->p + 2, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
                    return fail(ps, "Unicode high surrogate must not follow a high surrogate."), -1;
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail(ps, "Unicode low surrogate must follow a high surrogate."), -1;
            }
            if (cp == 0) {
                if (ps->err) {
                    ERR(ps->err, SQLSTATE_UNTRANSLATABLE_CHARACTER,
                        "unsupported Unicode escape sequence");
                    error_detail(ps->err, "\\u0000 cannot be converted to text.");
                }
                return -1;
            }
            char buf[4];
            int n = utf8_encode(cp, buf);
            strbuf_append(&sb, buf, (size_t)n);
            break;
        }
        default:
            return fail(ps, "Escape sequence is invalid."), -1;
        }
    }
    *s = sb.data ? sb.data : "";
    *len = (uint32_t)sb.len;
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static JsNode *parse_value(JsParser *ps);

static JsNode *parse_number(JsParser *ps)
{
    const char *start = ps->p;
    if (*ps->p == '-') ps->p++;
    if (ps->p >= ps->end || !is_digit(*ps->p)) return fail(ps, "Token is invalid.");
    if (*ps->p == '0') {
        ps->p++;
    } else {
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p)) return fail(ps, "Token is invalid.");
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        if (ps->p >= ps->end || !is_digit(*ps->p)) return fail(ps, "Token is invalid.");
        while (ps->p < ps->end && is_digit(*ps->p)) ps->p++;
    }
    if (ps->p < ps->end &&
        (is_digit(*ps->p) || (*ps->p >= 'a' && *ps->p <= 'z') || (*ps->p >= 'A' && *ps->p <= 'Z')))
        return fail(ps, "Token is invalid.");
    JsNode *n = new_node(ps, JS_NUMBER);
    n->s = start;
    n->len = (uint32_t)(ps->p - start);
    return n;
}

static bool word(JsParser *ps, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, w, n) != 0) return false;
    const char *after = ps->p + n;
    if (after < ps->end && ((*after >= 'a' && *after <= 'z') || (*after >= 'A' && *after <= 'Z') ||
                            is_digit(*after) || *after == '_'))
        return false;
    ps->p = after;
    return true;
}

static JsNode *parse_container(JsParser *ps, bool object)
{
    if (++ps->depth > JSON_MAX_DEPTH) {
        if (ps->err) ERR(ps->err, SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
        return NULL;
    }
    ps->p++;
    JsNode *n = new_node(ps, object ? JS_OBJECT : JS_ARRAY);
    uint32_t cap = 0;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == (object ? '}' : ']')) {
        ps->p++;
        ps->depth--;
        return n;
    }
    for (;;) {
        skip_ws(ps);
        const char *key = NULL;
        uint32_t klen = 0;
        if (object) {
            if (ps->p >= ps->end || *ps->p != '"')
                return fail(ps, "Expected string, but found something else.");
            if (parse_string(ps, &key, &klen) != 0) return NULL;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':') return fail(ps, "Expected \":\".");
            ps->p++;
        }
        JsNode *v = parse_value(ps);
        if (!v) return NULL;
        if (n->n == cap) {
            uint32_t nc = cap ? cap * 2 : 4;
            n->items =
                arena_realloc(ps->arena, n->items, sizeof(JsNode *) * cap, sizeof(JsNode *) * nc);
            if (object) {
                n->keys =
                    arena_realloc(ps->arena, n->keys, sizeof(char *) * cap, sizeof(char *) * nc);
                n->klens = arena_realloc(ps->arena, n->klens, sizeof(uint32_t) * cap,
                                         sizeof(uint32_t) * nc);
            }
            cap = nc;
        }
        if (object) {
            n->keys[n->n] = key;
            n->klens[n->n] = klen;
        }
        n->items[n->n++] = v;
        skip_ws(ps);
        if (ps->p >= ps->end) return fail(ps, "The input string ended unexpectedly.");
        char c = *ps->p++;
        if (c == ',') continue;
        if (c == (object ? '}' : ']')) break;
        return fail(ps, object ? "Expected \",\" or \"}\"." : "Expected \",\" or \"]\".");
    }
    ps->depth--;
    return n;
}

static JsNode *parse_value_at(JsParser *ps);

static JsNode *parse_value(JsParser *ps)
{
    skip_ws(ps);
    const char *start = ps->p;
    JsNode *n = parse_value_at(ps);
    if (n) {
        n->raw = start;
        n->rawlen = (uint32_t)(ps->p - start);
    }
    return n;
}

static JsNode *parse_value_at(JsParser *ps)
{
    if (ps->p >= ps->end) return fail(ps, "The input string ended unexpectedly.");
    char c = *ps->p;
    if (c == '{') return parse_container(ps, true);
    if (c == '[') return parse_container(ps, false);
    if (c == '"') {
        JsNode *n = new_node(ps, JS_STRING);
        if (parse_string(ps, &n->s, &n->len) != 0) return NULL;
        return n;
    }
    if (c == '-' || is_digit(c)) return parse_number(ps);
    if (word(ps, "true") || word(ps, "false")) {
        JsNode *n = new_node(ps, JS_BOOL);
        n->b = ps->p[-1] == 'e' && ps->p[-2] == 'u';
        return n;
    }
    if (word(ps, "null")) return new_node(ps, JS_NULL);
    return fail(ps, "Token is invalid.");
}

JsNode *json_parse(const char *text, size_t len, Arena *arena, OmError *err)
{
    JsParser ps = {text, text + len, text, len, arena, err, 0};
    JsNode *n = parse_value(&ps);
    if (!n) return NULL;
    skip_ws(&ps);
    if (ps.p != ps.end) return fail(&ps, "Expected end of input, but found more.");
    return n;
}

JsNode *json_parse_stored(const StrView *v, Arena *arena)
{
    return json_parse(strview_data(v), v->len, arena, NULL);
}

/* ---- jsonb canonical form ---- */

static int key_order(const char *a, uint32_t al, const char *b, uint32_t bl)
{
    if (al != bl) return al < bl ? -1 : 1;
    int c = memcmp(a, b, al);
    return c < 0 ? -1 : c > 0;
}

void json_canonicalize(JsNode *node, Arena *arena)
{
    if (node->kind == JS_ARRAY) {
        for (uint32_t i = 0; i < node->n; i++) json_canonicalize(node->items[i], arena);
        return;
    }
    if (node->kind != JS_OBJECT) return;
    /* insertion sort by (length, bytes), stable; of equal keys the last wins */
    for (uint32_t i = 1; i < node->n; i++) {
        const char *k = node->keys[i];
        uint32_t kl = node->klens[i];
        JsNode *v = node->items[i];
        uint32_t j = i;
        while (j > 0 && key_order(node->keys[j - 1], node->klens[j - 1], k, kl) > 0) {
            node->keys[j] = node->keys[j - 1];
            node->klens[j] = node->klens[j - 1];
            node->items[j] = node->items[j - 1];
            j--;
        }
        node->keys[j] = k;
        node->klens[j] = kl;
        node->items[j] = v;
    }
    uint32_t out = 0;
    for (uint32_t i = 0; i < node->n; i++) {
        if (out > 0 && key_order(node->keys[out - 1], node->klens[out - 1], node->keys[i],
                                 node->klens[i]) == 0)
            out--; /* a later duplicate replaces the earlier one */
        node->keys[out] = node->keys[i];
        node->klens[out] = node->klens[i];
        node->items[out] = node->items[i];
        out++;
    }
    node->n = out;
    for (uint32_t i = 0; i < node->n; i++) json_canonicalize(node->items[i], arena);
}

void json_write_string(const char *s, size_t len, StrBuf *out)
{
    strbuf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"':
            strbuf_puts(out, "\\\"");
            break;
        case '\\':
            strbuf_puts(out, "\\\\");
            break;
        case '\b':
            strbuf_puts(out, "\\b");
            break;
        case '\f':
            strbuf_puts(out, "\\f");
            break;
        case '\n':
            strbuf_puts(out, "\\n");
            break;
        case '\r':
            strbuf_puts(out, "\\r");
            break;
        case '\t':
            strbuf_puts(out, "\\t");
            break;
        default:
            if (c < 0x20)
                strbuf_printf(out, "\\u%04x", c);
            else
                strbuf_putc(out, (char)c);
        }
    }
    strbuf_putc(out, '"');
}

/* A number as jsonb prints it: numeric's text form of the value; a number
 * numeric cannot hold here (more than 36 digits) keeps its text. */
static void write_number(const JsNode *n, StrBuf *out, bool normalize)
{
    OmNumeric v;
    OmError ignore;
    error_clear(&ignore);
    if (type_text_in(OM_TYPE(TYPE_NUMERIC), n->s, n->len, NULL, NULL, &v, &ignore) != 0) {
        strbuf_append(out, n->s, n->len);
        return;
    }
    if (normalize) v = numeric_normalize(v);
    type_text_out(OM_TYPE(TYPE_NUMERIC), &v, NULL, out);
}

/* How write_tree prints: jsonb's canonical text (", " and ": ", numbers
 * as numeric prints them, normalized or not), or json without blanks and
 * with each number's own text (json_strip_nulls). */
typedef enum { TREE_JSONB, TREE_NORMALIZED, TREE_COMPACT } TreeStyle;

static void write_tree(const JsNode *node, StrBuf *out, TreeStyle style)
{
    const char *comma = style == TREE_COMPACT ? "," : ", ";
    const char *colon = style == TREE_COMPACT ? ":" : ": ";
    switch (node->kind) {
    case JS_NULL:
        strbuf_puts(out, "null");
        return;
    case JS_BOOL:
        strbuf_puts(out, node->b ? "true" : "false");
        return;
    case JS_NUMBER:
        if (style == TREE_COMPACT)
            strbuf_append(out, node->s, node->len);
        else
            write_number(node, out, style == TREE_NORMALIZED);
        return;
    case JS_STRING:
        json_write_string(node->s, node->len, out);
        return;
    case JS_ARRAY:
        strbuf_putc(out, '[');
        for (uint32_t i = 0; i < node->n; i++) {
            if (i) strbuf_puts(out, comma);
            write_tree(node->items[i], out, style);
        }
        strbuf_putc(out, ']');
        return;
    case JS_OBJECT:
        strbuf_putc(out, '{');
        for (uint32_t i = 0; i < node->n; i++) {
            if (i) strbuf_puts(out, comma);
            json_write_string(node->keys[i], node->klens[i], out);
            strbuf_puts(out, colon);
            write_tree(node->items[i], out, style);
        }
        strbuf_putc(out, '}');
        return;
    }
}

void json_write_compact(const JsNode *node, StrBuf *out)
{
    write_tree(node, out, TREE_COMPACT);
}

void json_write_raw(const JsNode *node, StrBuf *out)
{
    if (node->raw)
        strbuf_append(out, node->raw, node->rawlen);
    else
        write_tree(node, out, TREE_JSONB);
}

void json_write_jsonb(const JsNode *node, StrBuf *out)
{
    write_tree(node, out, TREE_JSONB);
}

void json_write_hash_form(const JsNode *node, StrBuf *out)
{
    write_tree(node, out, TREE_NORMALIZED);
}

/* ---- comparison and containment ---- */

static int kind_rank(JsKind k)
{
    switch (k) {
    case JS_NULL:
        return 0;
    case JS_STRING:
        return 1;
    case JS_NUMBER:
        return 2;
    case JS_BOOL:
        return 3;
    case JS_ARRAY:
        return 4;
    default:
        return 5;
    }
}

static int num_cmp(const JsNode *a, const JsNode *b)
{
    OmNumeric x, y;
    OmError ignore;
    error_clear(&ignore);
    bool xa = type_text_in(OM_TYPE(TYPE_NUMERIC), a->s, a->len, NULL, NULL, &x, &ignore) == 0;
    bool ya = type_text_in(OM_TYPE(TYPE_NUMERIC), b->s, b->len, NULL, NULL, &y, &ignore) == 0;
    if (xa && ya) return numeric_cmp(x, y);
    return key_order(a->s, a->len, b->s, b->len);
}

int json_cmp(const JsNode *a, const JsNode *b)
{
    if (a->kind != b->kind) {
        /* PostgreSQL: an empty top-level array sorts below everything */
        int ra = kind_rank(a->kind), rb = kind_rank(b->kind);
        return ra < rb ? -1 : 1;
    }
    switch (a->kind) {
    case JS_NULL:
        return 0;
    case JS_BOOL:
        return a->b == b->b ? 0 : (a->b ? 1 : -1);
    case JS_NUMBER:
        return num_cmp(a, b);
    case JS_STRING: {
        uint32_t n = a->len < b->len ? a->len : b->len;
        int c = n ? memcmp(a->s, b->s, n) : 0;
        if (c != 0) return c < 0 ? -1 : 1;
        return a->len < b->len ? -1 : a->len > b->len;
    }
    case JS_ARRAY: {
        uint32_t n = a->n < b->n ? a->n : b->n;
        for (uint32_t i = 0; i < n; i++) {
            int c = json_cmp(a->items[i], b->items[i]);
            if (c != 0) return c;
        }
        return a->n < b->n ? -1 : a->n > b->n;
    }
    case JS_OBJECT: {
        if (a->n != b->n) return a->n < b->n ? -1 : 1;
        for (uint32_t i = 0; i < a->n; i++) {
            int c = key_order(a->keys[i], a->klens[i], b->keys[i], b->klens[i]);
            if (c != 0) return c;
            c = json_cmp(a->items[i], b->items[i]);
            if (c != 0) return c;
        }
        return 0;
    }
    }
    return 0;
}

const JsNode *json_node_object_get(const JsNode *obj, const char *key, size_t klen)
{
    if (!obj || obj->kind != JS_OBJECT) return NULL;
    const JsNode *found = NULL; /* json keeps duplicates: the last one counts */
    for (uint32_t i = 0; i < obj->n; i++)
        if (obj->klens[i] == klen && memcmp(obj->keys[i], key, klen) == 0) found = obj->items[i];
    return found;
}

const JsNode *json_node_array_get(const JsNode *arr, int64_t index)
{
    if (!arr || arr->kind != JS_ARRAY) return NULL;
    if (index < 0) index += arr->n;
    if (index < 0 || index >= (int64_t)arr->n) return NULL;
    return arr->items[index];
}

bool json_contains(const JsNode *a, const JsNode *b)
{
    if (a->kind == JS_ARRAY && b->kind != JS_ARRAY && b->kind != JS_OBJECT) {
        /* a scalar on the right: an element of the left array */
        for (uint32_t i = 0; i < a->n; i++)
            if (json_cmp(a->items[i], b) == 0) return true;
        return false;
    }
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case JS_OBJECT:
        for (uint32_t i = 0; i < b->n; i++) {
            const JsNode *v = json_node_object_get(a, b->keys[i], b->klens[i]);
            if (!v || !json_contains(v, b->items[i])) return false;
        }
        return true;
    case JS_ARRAY:
        for (uint32_t j = 0; j < b->n; j++) {
            bool found = false;
            for (uint32_t i = 0; i < a->n && !found; i++) {
                const JsNode *x = a->items[i], *y = b->items[j];
                if (y->kind == JS_ARRAY || y->kind == JS_OBJECT)
                    found = x->kind == y->kind && json_contains(x, y);
                else
                    found = json_cmp(x, y) == 0;
            }
            if (!found) return false;
        }
        return true;
    default:
        return json_cmp(a, b) == 0;
    }
}
