/*
 * copy_emit.c — writes rows in COPY TO's text and CSV formats, as PostgreSQL
 * 15 does (copy_format.h has the rules). Values take PostgreSQL's text forms
 * (type_io.h); integers, booleans and strings skip the generic formatter.
 * Escaping and quoting work on runs of ordinary bytes, appended in bulk.
 */
#include <string.h>

#include "catalog/type_io.h"
#include "exec/copy_format.h"

static void emit_text(StrBuf *out, char delim, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc;
        if (c >= 0x20 && c != '\\' && c != (unsigned char)delim) continue;
        switch (c) {
        case '\b':
            esc = 'b';
            break;
        case '\f':
            esc = 'f';
            break;
        case '\n':
            esc = 'n';
            break;
        case '\r':
            esc = 'r';
            break;
        case '\t':
            esc = 't';
            break;
        case '\v':
            esc = 'v';
            break;
        default:
            /* other control bytes pass as they are, unless they delimit */
            if (c < 0x20 && c != (unsigned char)delim) continue;
            esc = (char)c;
            break;
        }
        strbuf_append(out, s + run, i - run);
        strbuf_putc(out, '\\');
        strbuf_putc(out, esc);
        run = i + 1;
    }
    strbuf_append(out, s + run, len - run);
}

static void emit_csv(StrBuf *out, const CopyOptions *o, const char *s, size_t len, bool use_quote,
                     bool single_col)
{
    if (!use_quote) {
        if (len == o->null_len && memcmp(s, o->null_str, len) == 0)
            use_quote = true; /* else it would read back as NULL */
        else if (single_col && len == 2 && s[0] == '\\' && s[1] == '.')
            use_quote = true; /* else it would read back as the end marker */
        else
            for (size_t i = 0; i < len; i++) {
                char c = s[i];
                if (c == o->delim || c == o->quote || c == '\n' || c == '\r') {
                    use_quote = true;
                    break;
                }
            }
    }
    if (!use_quote) {
        strbuf_append(out, s, len);
        return;
    }
    strbuf_putc(out, o->quote);
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != o->quote && s[i] != o->escape) continue;
        strbuf_append(out, s + run, i - run);
        strbuf_putc(out, o->escape);
        run = i;
    }
    strbuf_append(out, s + run, len - run);
    strbuf_putc(out, o->quote);
}

void copy_emit_field(StrBuf *out, const CopyOptions *o, const char *s, size_t len, bool force_quote,
                     bool single_col)
{
    if (o->format == COPY_FORMAT_CSV)
        emit_csv(out, o, s, len, force_quote, single_col);
    else
        emit_text(out, o->delim, s, len);
}

void copy_emit_header(StrBuf *out, const CopyOptions *o, int ncols, const char *const *names)
{
    for (int c = 0; c < ncols; c++) {
        if (c) strbuf_putc(out, o->delim);
        copy_emit_field(out, o, names[c], strlen(names[c]), false, ncols == 1);
    }
    strbuf_putc(out, '\n');
}

/* Decimal digits of v into the end of buf; returns the first digit. */
static char *format_int(int64_t v, char *end)
{
    char *p = end;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *--p = '-';
    return p;
}

void copy_emit_row(StrBuf *out, const CopyOptions *o, const Chunk *chunk, uint32_t row,
                   const SessionSettings *settings, StrBuf *tmp)
{
    int ncols = chunk->ncols;
    for (int c = 0; c < ncols; c++) {
        if (c) strbuf_putc(out, o->delim);
        const Vector *v = &chunk->cols[c];
        if (!vector_is_valid(v, row)) {
            strbuf_append(out, o->null_str, o->null_len);
            continue;
        }
        const void *payload = vector_value_ptr(v, row);
        const char *s;
        size_t len;
        char num[24];
        switch (v->type.id) {
        case TYPE_INT2:
            s = format_int(*(const int16_t *)payload, num + sizeof(num));
            len = (size_t)(num + sizeof(num) - s);
            break;
        case TYPE_INT4:
            s = format_int(*(const int32_t *)payload, num + sizeof(num));
            len = (size_t)(num + sizeof(num) - s);
            break;
        case TYPE_INT8:
            s = format_int(*(const int64_t *)payload, num + sizeof(num));
            len = (size_t)(num + sizeof(num) - s);
            break;
        case TYPE_BOOL:
            s = *(const uint8_t *)payload ? "t" : "f";
            len = 1;
            break;
        case TYPE_TEXT:
        case TYPE_VARCHAR:
        case TYPE_NAME: {
            const StrView *sv = payload;
            s = strview_data(sv);
            len = sv->len;
            break;
        }
        default:
            strbuf_reset(tmp);
            type_text_out(v->type, payload, settings, tmp);
            s = tmp->data ? tmp->data : "";
            len = tmp->len;
            break;
        }
        bool force = o->force_quote && c < o->ncols && o->force_quote[c];
        copy_emit_field(out, o, s, len, force, ncols == 1);
    }
    strbuf_putc(out, '\n');
}
