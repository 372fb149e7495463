/*
 * type_io.c — text output and input of every type (type_io.h), dispatching
 * by TypeId; the numeric, float and datetime forms live in type_io_numeric.c
 * and type_io_datetime.c.
 *
 * Strings: varchar(n)/char(n) count characters (UTF-8); a value longer than n
 * is an error (22001) unless the excess is spaces, which are cut; char(n) pads
 * with spaces to n characters. Explicit casts truncate instead (cast kernels
 * call om_string_typmod with explicit_cast = true).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "catalog/inet.h"
#include "catalog/record.h"
#include "catalog/type_io.h"
#include "catalog/type_io_int.h"

#include "catalog/json.h"

size_t om_utf8_strlen(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

size_t om_utf8_prefix_bytes(const char *s, size_t len, size_t nchars)
{
    size_t i = 0, n = 0;
    while (i < len) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (n == nchars) return i;
            n++;
        }
        i++;
    }
    return len;
}

int om_string_typmod(OmType type, const char *s, size_t len, bool explicit_cast, size_t *out_len,
                     size_t *pad_to, OmError *err)
{
    *out_len = len;
    *pad_to = 0;
    if ((type.id != TYPE_VARCHAR && type.id != TYPE_BPCHAR) || type.typmod < 4) return 0;
    size_t maxlen = (size_t)(type.typmod - 4);
    size_t nchars = om_utf8_strlen(s, len);
    if (nchars > maxlen) {
        size_t cut = om_utf8_prefix_bytes(s, len, maxlen);
        if (!explicit_cast) {
            for (size_t i = cut; i < len; i++) {
                if (s[i] != ' ') {
                    char tn[64];
                    type_format(type, tn, sizeof(tn));
                    return ERR(err, SQLSTATE_STRING_DATA_RIGHT_TRUNCATION,
                               "value too long for type %s", tn);
                }
            }
        }
        *out_len = cut;
        nchars = maxlen;
    }
    if (type.id == TYPE_BPCHAR && nchars < maxlen) *pad_to = maxlen - nchars;
    return 0;
}

int64_t om_round_micros(int64_t t, int32_t typmod)
{
    static const int64_t scales[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    if (typmod < 0 || typmod >= 6) return t;
    int64_t sc = scales[typmod], off = sc / 2;
    /* Rounded away from zero at half a unit; within off of the int64 range (an
     * interval only: callers check, as PostgreSQL's "interval out of range")
     * the value is truncated instead of overflowing. */
    if (t > INT64_MAX - off || t < -INT64_MAX + off) return (t / sc) * sc;
    if (t >= 0) return ((t + off) / sc) * sc;
    return -(((-t) + off) / sc) * sc;
}

static const char hexdig[] = "0123456789abcdef";

static RegclassNamer regclass_namer;
static void *regclass_ctx;

void type_io_set_regclass_namer(RegclassNamer fn, void *ctx)
{
    regclass_ctx = ctx;
    regclass_namer = fn;
}

static RegprocNamer regproc_namer;
static RegprocResolver regproc_resolver;

void type_io_set_regproc_names(RegprocNamer namer, RegprocResolver resolver)
{
    regproc_namer = namer;
    regproc_resolver = resolver;
}

void om_put_quoted_member(StrBuf *out, const char *text, size_t len, bool force,
                          const char *specials, char escape)
{
    bool quote = force;
    for (size_t i = 0; i < len && !quote; i++)
        quote = (text[i] && strchr(specials, text[i])) || isspace((unsigned char)text[i]);
    if (!quote) {
        strbuf_append(out, text, len);
        return;
    }
    strbuf_putc(out, '"');
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '"' || c == '\\') strbuf_putc(out, escape ? escape : c);
        strbuf_putc(out, c);
    }
    strbuf_putc(out, '"');
}

void type_text_out(OmType type, const void *payload, const SessionSettings *settings, StrBuf *out)
{
    int efd = settings ? settings->extra_float_digits : 1;
    int ds = settings ? (int)settings->datestyle : DATESTYLE_ISO;
    int dord = settings ? (int)settings->dateorder : DATEORDER_MDY;
    switch (type.id) {
    case TYPE_BOOL:
        strbuf_putc(out, *(const uint8_t *)payload ? 't' : 'f');
        return;
    case TYPE_INT2:
        strbuf_printf(out, "%d", (int)*(const int16_t *)payload);
        return;
    case TYPE_INT4:
        strbuf_printf(out, "%d", (int)*(const int32_t *)payload);
        return;
    case TYPE_VOID: /* void_out: the empty string */
        return;
    case TYPE_RECORD:
        record_text_out(payload, settings, out);
        return;
    case TYPE_ENUM: { /* enum_out: the label of the sort order */
        const TypeEnumHooks *h = type_enum_hooks();
        double order;
        memcpy(&order, payload, sizeof(order));
        char label[TYPE_ENUM_LABEL_MAX];
        if (type.typmod > 0 && h->label &&
            h->label(h->ctx, (Oid)type.typmod, order, label, sizeof(label)))
            strbuf_puts(out, label);
        else
            float8_format(order, efd, out); /* the type is gone (a held cursor's rows) */
        return;
    }
    case TYPE_REGPROC: {
        Oid oid = (Oid) * (const int64_t *)payload;
        if (oid == 0)
            strbuf_putc(out, '-');
        else if (!regproc_namer || !regproc_namer(oid, out))
            strbuf_printf(out, "%u", (unsigned)oid);
        return;
    }
    case TYPE_INT8:
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE:
        if (type.id == TYPE_REGCLASS && regclass_namer &&
            regclass_namer(regclass_ctx, (Oid) * (const int64_t *)payload, out))
            return;
        if (type.id == TYPE_REGTYPE) {
            OmType t = type_from_oid_typed((Oid) * (const int64_t *)payload);
            if (t.id != TYPE_INVALID) {
                char name[2 * TYPE_ENUM_LABEL_MAX + 8];
                type_format_path(t, settings ? settings->search_path : NULL, name, sizeof(name));
                strbuf_puts(out, name);
                return;
            }
        }
        strbuf_printf(out, "%lld", (long long)*(const int64_t *)payload);
        return;
    case TYPE_FLOAT4:
        float4_format(*(const float *)payload, efd, out);
        return;
    case TYPE_FLOAT8:
        float8_format(*(const double *)payload, efd, out);
        return;
    case TYPE_NUMERIC: {
        OmNumeric n;
        memcpy(&n, payload, sizeof(n));
        numeric_format(n, out);
        return;
    }
    case TYPE_BYTEA: {
        const StrView *s = payload;
        const unsigned char *d = (const unsigned char *)strview_data(s);
        strbuf_reserve(out, 2 + 2 * (size_t)s->len);
        strbuf_puts(out, "\\x");
        for (uint32_t i = 0; i < s->len; i++) {
            char h[2] = {hexdig[d[i] >> 4], hexdig[d[i] & 15]};
            strbuf_append(out, h, 2);
        }
        return;
    }
    case TYPE_DATE:
        om_format_date_style(*(const int32_t *)payload, ds, dord, out);
        return;
    case TYPE_TIME:
        om_format_time(*(const int64_t *)payload, out);
        return;
    case TYPE_TIMESTAMP:
        om_format_timestamp_style(*(const int64_t *)payload, false, 0, ds, dord, out);
        return;
    case TYPE_TIMESTAMPTZ:
        om_format_timestamp_style(*(const int64_t *)payload, true,
                                  settings_tz_offset_utc(settings, *(const int64_t *)payload), ds,
                                  dord, out);
        return;
    case TYPE_INTERVAL:
        om_format_interval(payload, out);
        return;
    case TYPE_UUID: {
        const uint8_t *b = payload;
        for (int i = 0; i < 16; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) strbuf_putc(out, '-');
            char h[2] = {hexdig[b[i] >> 4], hexdig[b[i] & 15]};
            strbuf_append(out, h, 2);
        }
        return;
    }
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_NAME:
    case TYPE_CHAR:
    case TYPE_UNKNOWN:
    case TYPE_NULL: {
        const StrView *s = payload;
        strbuf_append(out, strview_data(s), s->len);
        return;
    }
    case TYPE_INET:
    case TYPE_CIDR: {
        const StrView *s = payload;
        InetValue v;
        if (inet_decode((const uint8_t *)strview_data(s), s->len, &v))
            inet_format(&v, type.id == TYPE_CIDR, out);
        return;
    }
    case TYPE_JSON:
    case TYPE_JSONB: { /* stored as printed (json.h) */
        const StrView *s = payload;
        strbuf_append(out, strview_data(s), s->len);
        return;
    }
    default:
        if (type_is_array(type.id)) om_array_text_out(type, payload, settings, out);
        return;
    }
}

/* json keeps the text once it parses; jsonb keeps the canonical text. */
int om_json_text_in(TypeId type, const char *text, size_t len, Arena *heap, StrView *out,
                    OmError *err)
{
    Arena *tmp = arena_create(NULL, "json input");
    JsNode *n = json_parse(text, len, tmp, err);
    int rc = -1;
    if (n) {
        StrBuf sb;
        strbuf_init(&sb, tmp);
        if (type == TYPE_JSONB) {
            json_canonicalize(n, tmp);
            json_write_jsonb(n, &sb);
        } else {
            strbuf_append(&sb, text, len);
        }
        char *copy = heap ? arena_alloc(heap, sb.len ? sb.len : 1) : NULL;
        if (copy) {
            if (sb.len) memcpy(copy, sb.data, sb.len);
            *out = strview_make(copy, (uint32_t)sb.len);
            rc = 0;
        } else {
            ERR(err, SQLSTATE_INTERNAL_ERROR, "json input without a heap");
        }
    }
    arena_destroy(tmp);
    return rc;
}

static int syntax_error(OmError *err, const char *tname, const char *text, size_t len)
{
    return ERR(err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
               "invalid input syntax for type %s: \"%.*s\"", tname, (int)len, text);
}

/* regprocin: '-' is 0, digits are the OID, anything else a function name. */
static int regproc_in(const char *text, size_t len, int64_t *out, OmError *err)
{
    if (len == 1 && text[0] == '-') {
        *out = 0;
        return 0;
    }
    int64_t iv;
    if (len > 0 && text[0] >= '0' && text[0] <= '9' &&
        int_parse(text, len, 0, UINT32_MAX, &iv) == 0) {
        *out = iv;
        return 0;
    }
    char name[128];
    size_t n = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
    memcpy(name, text, n);
    name[n] = 0;
    Oid oid = 0;
    if (!regproc_resolver)
        return ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function \"%s\" does not exist", name);
    if (regproc_resolver(name, &oid, err) != 0) return -1;
    *out = oid;
    return 0;
}

static StrView store_string(const char *s, size_t len, size_t pad, Arena *heap)
{
    if (pad == 0 && (len <= STRVIEW_INLINE_MAX || heap == NULL))
        return strview_make(s, (uint32_t)len);
    char *copy = arena_alloc(heap, len + pad + 1);
    memcpy(copy, s, len);
    memset(copy + len, ' ', pad);
    return strview_make(copy, (uint32_t)(len + pad));
}

static int parse_bool(const char *s, size_t len, bool *out)
{
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1])) len--;
    if (len == 0) return -1;
    static const struct {
        const char *word;
        size_t min;
        bool val;
    } words[] = {{"true", 1, true}, {"false", 1, false}, {"yes", 1, true},
                 {"no", 1, false},  {"on", 2, true},     {"off", 2, false}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (len >= words[i].min && len <= strlen(words[i].word) &&
            strncasecmp(s, words[i].word, len) == 0) {
            *out = words[i].val;
            return 0;
        }
    }
    if (len == 1 && s[0] == '1') {
        *out = true;
        return 0;
    }
    if (len == 1 && s[0] == '0') {
        *out = false;
        return 0;
    }
    return -1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int parse_bytea(const char *s, size_t len, Arena *heap, StrView *out, OmError *err)
{
    char *buf = heap ? arena_alloc(heap, len + 1) : malloc(len + 1);
    size_t n = 0;
    char bad = 0;
    if (len >= 2 && s[0] == '\\' && s[1] == 'x') {
        size_t i = 2;
        while (i < len) {
            if (isspace((unsigned char)s[i])) {
                i++;
                continue;
            }
            int h = hexval(s[i]);
            bad = s[i];
            if (h < 0) goto badhex;
            if (i + 1 >= len)
                return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "invalid hexadecimal data: odd number of digits");
            int l = hexval(s[i + 1]);
            bad = s[i + 1];
            if (l < 0) goto badhex;
            buf[n++] = (char)(h * 16 + l);
            i += 2;
        }
    } else {
        size_t i = 0;
        while (i < len) {
            if (s[i] != '\\') {
                buf[n++] = s[i++];
            } else if (i + 1 < len && s[i + 1] == '\\') {
                buf[n++] = '\\';
                i += 2;
            } else if (i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
                       s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
                buf[n++] = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
                i += 4;
            } else {
                if (!heap) free(buf);
                return syntax_error(err, "bytea", s, len);
            }
        }
    }
    if (!heap && n > STRVIEW_INLINE_MAX) {
        /* without a heap long values cannot be stored: keep the malloc'd copy */
        *out = strview_make(buf, (uint32_t)n);
        return 0;
    }
    *out = strview_make(buf, (uint32_t)n);
    if (!heap) free(buf);
    return 0;
badhex:
    if (!heap) free(buf);
    return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid hexadecimal digit: \"%c\"", bad);
}

static int parse_uuid(const char *s, size_t len, OmUuid *out)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i])) i++;
    while (len > i && isspace((unsigned char)s[len - 1])) len--;
    bool brace = i < len && s[i] == '{';
    if (brace) {
        if (s[len - 1] != '}') return -1;
        i++;
        len--;
    }
    int nb = 0;
    while (i < len && nb < 16) {
        int h = hexval(s[i]);
        if (h < 0 || i + 1 >= len) return -1;
        int l = hexval(s[i + 1]);
        if (l < 0) return -1;
        out->b[nb++] = (uint8_t)(h * 16 + l);
        i += 2;
        if (i < len && s[i] == '-' && nb % 2 == 0 && nb < 16) i++;
    }
    if (nb != 16 || i != len) return -1;
    return 0;
}

int type_text_in(OmType type, const char *text, size_t len, const SessionSettings *settings,
                 Arena *heap, void *payload_out, OmError *err)
{
    int64_t iv;
    int rc;
    const char *tname = type_info(type.id)->sql_name;
    switch (type.id) {
    case TYPE_BOOL: {
        bool b;
        if (parse_bool(text, len, &b) != 0) return syntax_error(err, "boolean", text, len);
        *(uint8_t *)payload_out = b;
        return 0;
    }
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8: {
        int64_t lo = type.id == TYPE_INT2   ? INT16_MIN
                     : type.id == TYPE_INT4 ? INT32_MIN
                                            : INT64_MIN;
        int64_t hi = type.id == TYPE_INT2   ? INT16_MAX
                     : type.id == TYPE_INT4 ? INT32_MAX
                                            : INT64_MAX;
        rc = int_parse(text, len, lo, hi, &iv);
        if (rc == -1) return syntax_error(err, tname, text, len);
        if (rc == -2)
            return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                       "value \"%.*s\" is out of range for type %s", (int)len, text, tname);
        if (type.id == TYPE_INT2)
            *(int16_t *)payload_out = (int16_t)iv;
        else if (type.id == TYPE_INT4)
            *(int32_t *)payload_out = (int32_t)iv;
        else
            *(int64_t *)payload_out = iv;
        return 0;
    }
    case TYPE_REGPROC:
        return regproc_in(text, len, (int64_t *)payload_out, err);
    case TYPE_OID:
    case TYPE_REGCLASS:
    case TYPE_REGTYPE: {
        rc = int_parse(text, len, INT32_MIN, UINT32_MAX, &iv);
        if (rc != 0 && type.id == TYPE_REGTYPE) {
            char name[128];
            size_t n = len < sizeof(name) - 1 ? len : sizeof(name) - 1;
            memcpy(name, text, n);
            name[n] = 0;
            TypeId t = type_from_name(name);
            const TypeEnumHooks *h = type_enum_hooks();
            Oid user = t == TYPE_INVALID && h->by_name ? h->by_name(h->ctx, name) : 0;
            if (t == TYPE_INVALID && !user)
                return ERR(err, SQLSTATE_UNDEFINED_OBJECT, "type \"%s\" does not exist", name);
            *(int64_t *)payload_out = user ? user : type_info(t)->oid;
            return 0;
        }
        if (rc == -1) return syntax_error(err, type_info(type.id)->name, text, len);
        if (rc == -2)
            return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                       "value \"%.*s\" is out of range for type oid", (int)len, text);
        *(int64_t *)payload_out = (int64_t)(uint32_t)iv;
        return 0;
    }
    case TYPE_FLOAT4:
    case TYPE_FLOAT8: {
        char small[128];
        size_t b = 0, e = len;
        while (b < e && isspace((unsigned char)text[b])) b++;
        while (e > b && isspace((unsigned char)text[e - 1])) e--;
        if (e - b == 0) return syntax_error(err, tname, text, len);
        char *buf = e - b < sizeof(small) ? small : malloc(e - b + 1);
        memcpy(buf, text + b, e - b);
        buf[e - b] = 0;
        char *end;
        errno = 0;
        double d;
        if (type.id == TYPE_FLOAT4)
            d = strtof(buf, &end);
        else
            d = strtod(buf, &end);
        bool bad = *end != 0 || end == buf;
        if (buf != small) free(buf);
        if (bad) return syntax_error(err, tname, text, len);
        /* strtod also takes hex floats and "nan(...)": PostgreSQL's checks are
         * stricter only for exotic forms, which we accept. */
        if (errno == ERANGE && (d == 0 || isinf(d)))
            return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                       "\"%.*s\" is out of range for type %s", (int)len, text, tname);
        if (type.id == TYPE_FLOAT4)
            *(float *)payload_out = (float)d;
        else
            *(double *)payload_out = d;
        return 0;
    }
    case TYPE_NUMERIC: {
        OmNumeric n;
        rc = numeric_parse(text, len, &n);
        if (rc == -1) return syntax_error(err, "numeric", text, len);
        if (rc == -2)
            return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "value overflows numeric format");
        if (numeric_apply_typmod(n, type.typmod, &n, err) != 0) return -1;
        memcpy(payload_out, &n, sizeof(n));
        return 0;
    }
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
    case TYPE_UNKNOWN:
    case TYPE_NULL: {
        size_t n, pad;
        if (om_string_typmod(type, text, len, false, &n, &pad, err) != 0) return -1;
        StrView s = store_string(text, n, pad, heap);
        memcpy(payload_out, &s, sizeof(s));
        return 0;
    }
    case TYPE_NAME: {
        size_t n = len > 63 ? om_utf8_prefix_bytes(text, 63, 63) : len;
        if (len > 63) {
            /* cut at a character boundary within 63 bytes */
            n = 63;
            while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
        }
        StrView s = store_string(text, n, 0, heap);
        memcpy(payload_out, &s, sizeof(s));
        return 0;
    }
    case TYPE_CHAR: {
        /* One byte: the first of the text, or the octal escape \ooo PostgreSQL
         * also reads. PostgreSQL keeps any byte and prints one with the high bit
         * as \ooo; here it is stored as text, so a byte that would not be valid
         * UTF-8 on its own is refused rather than sent to clients as is. */
        char c[1] = {len > 0 ? text[0] : 0};
        if (len == 4 && text[0] == '\\' && text[1] >= '0' && text[1] <= '3' && text[2] >= '0' &&
            text[2] <= '7' && text[3] >= '0' && text[3] <= '7')
            c[0] = (char)((text[1] - '0') * 64 + (text[2] - '0') * 8 + (text[3] - '0'));
        if ((unsigned char)c[0] >= 0x80)
            return ERR(err, SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE,
                       "\"char\" values outside ASCII are not supported");
        StrView s = store_string(c, len > 0 && c[0] != 0 ? 1 : 0, 0, heap);
        memcpy(payload_out, &s, sizeof(s));
        return 0;
    }
    case TYPE_BYTEA: {
        StrView s = {0};
        if (parse_bytea(text, len, heap, &s, err) != 0) return -1;
        memcpy(payload_out, &s, sizeof(s));
        return 0;
    }
    case TYPE_UUID: {
        OmUuid u;
        if (parse_uuid(text, len, &u) != 0) return syntax_error(err, "uuid", text, len);
        memcpy(payload_out, &u, sizeof(u));
        return 0;
    }
    case TYPE_DATE:
        return om_parse_date(text, len, settings, (int32_t *)payload_out, err);
    case TYPE_TIME: {
        int64_t t;
        if (om_parse_time(text, len, &t, err) != 0) return -1;
        *(int64_t *)payload_out = om_round_micros(t, type.typmod);
        return 0;
    }
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ: {
        int64_t t;
        if (om_parse_timestamp(text, len, type.id == TYPE_TIMESTAMPTZ, settings, &t, err) != 0)
            return -1;
        if (t != TS_NEG_INFINITY && t != TS_POS_INFINITY) t = om_round_micros(t, type.typmod);
        *(int64_t *)payload_out = t;
        return 0;
    }
    case TYPE_INTERVAL:
        return om_parse_interval_typmod(text, len, type.typmod, (OmInterval *)payload_out, err);
    case TYPE_JSON:
    case TYPE_JSONB:
        return om_json_text_in(type.id, text, len, heap, payload_out, err);
    case TYPE_VOID: /* void_in: any text, no value */
        memset(payload_out, 0, sizeof(StrView));
        return 0;
    case TYPE_RECORD: /* record_in without a composite type to read into */
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "input of anonymous composite types is not implemented");
    case TYPE_ENUM: { /* enum_in: the label's sort order */
        const TypeEnumHooks *h = type_enum_hooks();
        double order;
        if (type.typmod > 0 && h->order && h->order(h->ctx, (Oid)type.typmod, text, len, &order)) {
            memcpy(payload_out, &order, sizeof(order));
            return 0;
        }
        char name[2 * TYPE_ENUM_LABEL_MAX + 8];
        type_format(type, name, sizeof(name));
        return ERR(err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
                   "invalid input value for enum %s: \"%.*s\"", name, (int)(len > 200 ? 200 : len),
                   text);
    }
    case TYPE_INET:
    case TYPE_CIDR: {
        InetValue v;
        if (inet_parse(text, len, type.id == TYPE_CIDR, &v, err) != 0) return -1;
        uint8_t bytes[INET_MAX_BYTES];
        size_t n = inet_encode(&v, bytes);
        if (n > STRVIEW_INLINE_MAX && !heap)
            return ERR(err, SQLSTATE_INTERNAL_ERROR, "inet input without a heap");
        StrView sv = store_string((const char *)bytes, n, 0, heap);
        memcpy(payload_out, &sv, sizeof(sv));
        return 0;
    }
    default:
        if (type_is_array(type.id))
            return om_array_text_in(type, text, len, settings, heap, payload_out, err);
        return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "text input of type %s is not supported",
                   tname);
    }
}
