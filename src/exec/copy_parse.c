/*
 * copy_parse.c — cuts a COPY FROM data stream into lines and lines into
 * fields, in PostgreSQL 15's text and CSV formats (copy_format.h has the
 * rules).
 *
 * The stream arrives in pieces of any size (CopyData messages), so the
 * scanner keeps its position and, for CSV, its quote state between calls; a
 * byte that needs a look-ahead it does not have yet (a backslash, a CR) is
 * rescanned once more input came. Lines are named by offsets into `buf`, which
 * only copy_input_compact() shifts. The hot loops skip ordinary bytes through
 * a 256-entry table and never allocate: `buf` and `scratch` grow geometrically
 * and are reused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/copy_format.h"

enum { EOL_UNKNOWN = 0, EOL_NL, EOL_CR, EOL_CRNL };

#define COPY_MAX_BUFFER ((size_t)1 << 30) /* bytes buffered at once */

void copy_input_init(CopyInput *in, const CopyOptions *opts)
{
    memset(in, 0, sizeof(*in));
    in->opts = opts;
    in->special['\n'] = 1;
    in->special['\r'] = 1;
    in->special['\\'] = 1;
    if (opts->format == COPY_FORMAT_CSV) {
        in->special[(uint8_t)opts->quote] = 1;
        in->special[(uint8_t)opts->escape] = 1;
    }
}

void copy_input_fini(CopyInput *in)
{
    free(in->buf);
    free(in->scratch);
    in->buf = in->scratch = NULL;
}

static int grow(char **p, size_t *cap, size_t need, OmError *err)
{
    if (need <= *cap) return 0;
    size_t ncap = *cap ? *cap : 65536;
    while (ncap < need) ncap *= 2;
    char *np = realloc(*p, ncap);
    if (!np) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    *p = np;
    *cap = ncap;
    return 0;
}

/* ---- UTF-8 (the only encoding: input is checked as PostgreSQL checks it) ---- */

/* Length of the valid UTF-8 sequence starting at s (0 = invalid, NUL too). */
static size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t cp;
    if (c < 0x80) return c != 0;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (avail < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

/* PostgreSQL's pg_utf_mblen: the length the lead byte announces. */
static size_t utf8_lead_len(unsigned char c)
{
    if ((c & 0x80) == 0) return 1;
    if ((c & 0xE0) == 0xC0) return 2;
    if ((c & 0xF0) == 0xE0) return 3;
    if ((c & 0xF8) == 0xF0) return 4;
    return 1;
}

/* Length of the valid UTF-8 prefix of s[0, len). It stops before an
 * incomplete character at the end unless `final`, and before an invalid one
 * (then *bad is set). Eight ASCII bytes at a time on the fast path. */
static size_t utf8_valid_len(const unsigned char *s, size_t len, bool final, bool *bad)
{
    const uint64_t hi = UINT64_C(0x8080808080808080), lo = UINT64_C(0x0101010101010101);
    size_t i = 0;
    *bad = false;
    while (i < len) {
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (((w | ((w - lo) & ~w)) & hi) == 0) { /* 8 ASCII bytes, no NUL */
                i += 8;
                continue;
            }
        }
        if (len - i < utf8_lead_len(s[i]) && !final) break;
        size_t n = utf8_seq_len(s + i, len - i);
        if (n == 0) {
            *bad = true;
            break;
        }
        i += n;
    }
    return i;
}

/* PostgreSQL's report_invalid_encoding() for the character at s. */
static int utf8_error(const unsigned char *s, size_t avail, OmError *err)
{
    size_t want = utf8_lead_len(s[0]);
    if (want > avail) want = avail;
    char bytes[32];
    size_t o = 0;
    for (size_t k = 0; k < want; k++)
        o += (size_t)snprintf(bytes + o, sizeof(bytes) - o, "%s0x%02x", k ? " " : "", s[k]);
    return ERR(err, SQLSTATE_CHARACTER_NOT_IN_REPERTOIRE,
               "invalid byte sequence for encoding \"UTF8\": %s", bytes);
}

static int utf8_check(const char *data, size_t len, OmError *err)
{
    bool bad;
    size_t n = utf8_valid_len((const unsigned char *)data, len, true, &bad);
    return bad ? utf8_error((const unsigned char *)data + n, len - n, err) : 0;
}

/* Checks the bytes fed since the last check. As in PostgreSQL 15, invalid
 * bytes are not an error yet: the scanner sees only the valid prefix and
 * reports the error when it reaches them (encoding_error), so the lines
 * before them are processed first and the error names the right line. */
static void check_input(CopyInput *in)
{
    if (in->bad_encoding || in->checked == in->len) return; /* buf may still be NULL */
    in->checked += utf8_valid_len((const unsigned char *)in->buf + in->checked,
                                  in->len - in->checked, in->input_done, &in->bad_encoding);
}

/* The scanner reached bytes that are not valid UTF-8. */
static int encoding_error(CopyInput *in, OmError *err)
{
    return utf8_error((const unsigned char *)in->buf + in->checked, in->len - in->checked, err);
}

/* Can bytes after `checked` still become valid input? */
static inline bool more_input(const CopyInput *in)
{
    return !in->input_done || in->checked < in->len;
}

int copy_input_feed(CopyInput *in, const char *data, size_t len, OmError *err)
{
    /* The buffer holds the lines of one chunk and the unfinished line; like
     * PostgreSQL's line buffer it stops at 1 GB. */
    if (len == 0) return 0; /* an empty CopyData; buf may still be NULL */
    if (in->len + len > COPY_MAX_BUFFER) {
        ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED, "out of memory");
        error_detail(err, "Cannot enlarge string buffer containing %zu bytes by %zu more bytes.",
                     in->len, len);
        return -1;
    }
    if (grow(&in->buf, &in->cap, in->len + len, err) != 0) return -1;
    memcpy(in->buf + in->len, data, len);
    in->len += len;
    check_input(in);
    return 0;
}

int copy_input_finish(CopyInput *in, OmError *err)
{
    in->input_done = true;
    check_input(in);
    return 0;
}

void copy_input_compact(CopyInput *in)
{
    size_t drop = in->line_start;
    if (drop == 0) return;
    memmove(in->buf, in->buf + drop, in->len - drop);
    in->len -= drop;
    in->line_start = 0;
    in->scan -= drop;
    in->checked -= drop;
}

static int eol_error(CopyInput *in, bool newline, OmError *err)
{
    bool csv = in->opts->format == COPY_FORMAT_CSV;
    if (newline) {
        ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT, "%s newline found in data",
            csv ? "unquoted" : "literal");
        error_hint(err, csv ? "Use quoted CSV field to represent newline."
                            : "Use \"\\n\" to represent newline.");
    } else {
        ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT, "%s carriage return found in data",
            csv ? "unquoted" : "literal");
        error_hint(err, csv ? "Use quoted CSV field to represent carriage return."
                            : "Use \"\\r\" to represent carriage return.");
    }
    return -1;
}

/* Ends the line [line_start, p) at the line end at p. Returns 1 (line
 * returned), 0 (need more input for the look-ahead after a CR) or -1. */
static int end_line(CopyInput *in, size_t p, size_t *off, size_t *len, OmError *err)
{
    const char *b = in->buf;
    size_t next;
    if (b[p] == '\n') {
        if (in->eol == EOL_UNKNOWN) in->eol = EOL_NL;
        if (in->eol != EOL_NL) return eol_error(in, true, err);
        next = p + 1;
    } else {
        if (p + 1 >= in->checked && more_input(in)) return 0;
        bool crnl = p + 1 < in->checked && b[p + 1] == '\n';
        if (in->eol == EOL_UNKNOWN) in->eol = crnl ? EOL_CRNL : EOL_CR;
        if (in->eol == EOL_NL || (in->eol == EOL_CRNL && !crnl)) return eol_error(in, false, err);
        next = in->eol == EOL_CRNL ? p + 2 : p + 1;
    }
    *off = in->line_start;
    *len = p - in->line_start;
    in->line_start = in->scan = next;
    in->in_quote = in->last_was_esc = false;
    in->lines += 1 + in->embedded;
    in->embedded = 0;
    return 1;
}

/* The data ended (end marker at p, or end of input): the bytes of the line
 * before p, if any, are the last line. */
static int end_data(CopyInput *in, size_t p, size_t *off, size_t *len)
{
    in->at_end = true;
    size_t start = in->line_start;
    in->line_start = in->scan = in->checked;
    if (p <= start) return 0;
    *off = start;
    *len = p - start;
    in->lines += 1 + in->embedded;
    in->embedded = 0;
    return 1;
}

/* What "\." at p (p + 1 is '.') means, by PostgreSQL 15's rules: the line
 * end after it must be one and match the style of the earlier lines; at the
 * very end of the input it is no marker (text: corrupt, CSV: data). */
enum { MARK_END, MARK_DATA, MARK_CORRUPT, MARK_STYLE, MARK_MORE };

static int marker_end(const CopyInput *in, size_t p, bool csv)
{
    const int bad = csv ? MARK_DATA : MARK_CORRUPT;
    size_t q = p + 2;
    if (in->eol == EOL_CRNL) {
        if (q >= in->checked) return more_input(in) ? MARK_MORE : bad;
        char c = in->buf[q++];
        if (c == '\n') return csv ? MARK_DATA : MARK_STYLE;
        if (c != '\r') return bad;
    }
    if (q >= in->checked) return more_input(in) ? MARK_MORE : bad;
    char c = in->buf[q];
    if (c != '\r' && c != '\n') return bad;
    if ((in->eol == EOL_NL && c != '\n') || (in->eol == EOL_CRNL && c != '\n') ||
        (in->eol == EOL_CR && c != '\r'))
        return MARK_STYLE;
    return MARK_END;
}

static int marker_error(int m, OmError *err)
{
    if (m == MARK_STYLE)
        return ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT,
                   "end-of-copy marker does not match previous newline style");
    return ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT, "end-of-copy marker corrupt");
}

static int next_line_text(CopyInput *in, size_t *off, size_t *len, OmError *err)
{
    const char *b = in->buf;
    const uint8_t *special = in->special;
    size_t n = in->checked, p = in->scan;
    for (;;) {
        while (p < n && !special[(uint8_t)b[p]]) p++;
        if (p >= n) break;
        if (b[p] != '\\') {
            int rc = end_line(in, p, off, len, err);
            if (rc != 0) return rc;
            break;
        }
        if (p + 1 >= n) {
            if (more_input(in)) break;
            p++; /* a lone backslash at the very end is data (dropped by split) */
            continue;
        }
        if (b[p + 1] == '.') {
            int m = marker_end(in, p, false);
            if (m == MARK_MORE) break;
            if (m != MARK_END) return marker_error(m, err);
            return end_data(in, p, off, len);
        }
        p += 2; /* an escaped byte, even a line end, is data */
    }
    in->scan = p;
    if (in->bad_encoding) return encoding_error(in, err);
    if (in->input_done) return end_data(in, n, off, len);
    return 0;
}

static int next_line_csv(CopyInput *in, size_t *off, size_t *len, OmError *err)
{
    const char *b = in->buf;
    const uint8_t *special = in->special;
    const char quote = in->opts->quote;
    /* With escape == quote the quote alone toggles (doubling re-enters). */
    const bool has_esc = in->opts->escape != quote;
    const char esc = in->opts->escape;
    size_t n = in->checked, p = in->scan;
    bool in_quote = in->in_quote, last_was_esc = in->last_was_esc;
    for (; p < n; p++) {
        char c = b[p];
        if (!special[(uint8_t)c]) {
            last_was_esc = false;
            continue;
        }
        /* A backslash or CR is looked at only with the byte after it (so
         * line counts and errors happen in PostgreSQL's order). */
        if ((c == '\\' || c == '\r') && p + 1 >= n && more_input(in)) break;
        if (!in_quote && (c == '\n' || c == '\r')) {
            in->in_quote = in_quote;
            in->last_was_esc = last_was_esc;
            int rc = end_line(in, p, off, len, err);
            if (rc != 0) return rc;
            break; /* the CR needs its look-ahead */
        }
        if (c == '\\' && !in_quote && p == in->line_start) {
            if (p + 1 >= n && more_input(in)) break;
            if (p + 1 < n && b[p + 1] == '.') {
                int m = marker_end(in, p, true);
                if (m == MARK_MORE) break;
                if (m == MARK_STYLE) return marker_error(m, err);
                if (m == MARK_END) return end_data(in, p, off, len);
            }
        }
        if (in_quote && c == (in->eol == EOL_NL ? '\n' : '\r')) in->embedded++;
        if (has_esc && in_quote && c == esc) last_was_esc = !last_was_esc;
        if (c == quote && !last_was_esc) in_quote = !in_quote;
        if (!has_esc || c != esc) last_was_esc = false;
    }
    in->scan = p;
    in->in_quote = in_quote;
    in->last_was_esc = last_was_esc;
    if (in->bad_encoding) return encoding_error(in, err);
    if (in->input_done) return end_data(in, n, off, len);
    return 0;
}

int copy_input_next_line(CopyInput *in, size_t *off, size_t *len, OmError *err)
{
    if (in->at_end) return 0;
    if (in->opts->format == COPY_FORMAT_CSV) return next_line_csv(in, off, len, err);
    return next_line_text(in, off, len, err);
}

/* ---- fields ---- */

static inline int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static inline bool is_octal(char c)
{
    return c >= '0' && c <= '7';
}

/* De-escapes a text-format field into out; returns its length, or -1. */
static long text_unescape(const char *s, const char *e, char *out, OmError *err)
{
    char *o = out;
    bool high = false;
    while (s < e) {
        char c = *s++;
        if (c == '\\') {
            if (s >= e) break;
            c = *s++;
            switch (c) {
            case '0':
            case '1':
            case '2':
            case '3':
            case '4':
            case '5':
            case '6':
            case '7': {
                int val = c - '0';
                if (s < e && is_octal(*s)) {
                    val = (val << 3) + (*s++ - '0');
                    if (s < e && is_octal(*s)) val = (val << 3) + (*s++ - '0');
                }
                c = (char)(val & 0377);
                if (c & 0x80) high = true;
                break;
            }
            case 'x':
                if (s < e && hex_value(*s) >= 0) {
                    int val = hex_value(*s++);
                    if (s < e && hex_value(*s) >= 0) val = (val << 4) + hex_value(*s++);
                    c = (char)(val & 0xff);
                    if (c & 0x80) high = true;
                }
                break;
            case 'b':
                c = '\b';
                break;
            case 'f':
                c = '\f';
                break;
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case 'v':
                c = '\v';
                break;
            default:
                break; /* the byte itself */
            }
        }
        *o++ = c;
    }
    if (high && utf8_check(out, (size_t)(o - out), err) != 0) return -1;
    return (long)(o - out);
}

static int split_text(CopyInput *in, const char *line, size_t len, CopyField *fields, int max,
                      OmError *err)
{
    const CopyOptions *opts = in->opts;
    const char delim = opts->delim;
    const char *cur = line, *end = line + len;
    char *out = in->scratch;
    int nf = 0;
    for (;;) {
        const char *raw = cur;
        bool escaped = false;
        while (cur < end) {
            char c = *cur;
            if (c == delim) break;
            if (c == '\\') {
                escaped = true;
                cur += cur + 1 < end ? 2 : 1;
                continue;
            }
            cur++;
        }
        if (nf < max) {
            CopyField *f = &fields[nf];
            size_t raw_len = (size_t)(cur - raw);
            f->is_null = raw_len == opts->null_len && memcmp(raw, opts->null_str, raw_len) == 0;
            if (f->is_null) {
                f->data = NULL;
                f->len = 0;
            } else if (!escaped) {
                f->data = raw;
                f->len = (uint32_t)raw_len;
            } else {
                long n = text_unescape(raw, cur, out, err);
                if (n < 0) return -1;
                f->data = out;
                f->len = (uint32_t)n;
                out += n;
            }
        }
        nf++;
        /* Fields past `max` are still parsed: their errors come first, as in
         * PostgreSQL, which splits the whole line before counting. */
        if (cur >= end) return nf > max ? max + 1 : nf;
        cur++; /* the delimiter */
    }
}

static int split_csv(CopyInput *in, const char *line, size_t len, CopyField *fields, int max,
                     OmError *err)
{
    const CopyOptions *opts = in->opts;
    const char delim = opts->delim, quote = opts->quote, esc = opts->escape;
    const char *cur = line, *end = line + len;
    char *out = in->scratch;
    int nf = 0;
    for (;;) {
        const char *raw = cur;
        /* fast path: an unquoted field is its raw bytes */
        while (cur < end && *cur != delim && *cur != quote) cur++;
        bool saw_quote = cur < end && *cur == quote;
        const char *data = raw;
        size_t dlen = (size_t)(cur - raw);
        if (saw_quote) {
            char *o = out;
            memcpy(o, raw, dlen);
            o += dlen;
            for (;;) {
                /* at a quote: the quoted part */
                cur++;
                for (;;) {
                    if (cur >= end)
                        return ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT,
                                   "unterminated CSV quoted field");
                    char c = *cur++;
                    if (c == esc && cur < end && (*cur == esc || *cur == quote)) {
                        *o++ = *cur++;
                        continue;
                    }
                    if (c == quote) break;
                    *o++ = c;
                }
                /* the unquoted part after it */
                while (cur < end && *cur != delim && *cur != quote) *o++ = *cur++;
                if (cur >= end || *cur == delim) break;
            }
            data = out;
            dlen = (size_t)(o - out);
            out = o;
        }
        if (nf < max) {
            CopyField *f = &fields[nf];
            size_t raw_len = (size_t)(cur - raw);
            bool is_null = !saw_quote && raw_len == opts->null_len &&
                           memcmp(raw, opts->null_str, raw_len) == 0;
            if (is_null && opts->force_not_null && nf < opts->ncols && opts->force_not_null[nf]) {
                is_null = false;
                data = opts->null_str;
                dlen = opts->null_len;
            } else if (!is_null && opts->force_null && nf < opts->ncols && opts->force_null[nf] &&
                       dlen == opts->null_len && memcmp(data, opts->null_str, dlen) == 0) {
                is_null = true;
            }
            f->is_null = is_null;
            f->data = is_null ? NULL : data;
            f->len = is_null ? 0 : (uint32_t)dlen;
        }
        nf++;
        /* Fields past `max` are still parsed: their errors come first, as in
         * PostgreSQL, which splits the whole line before counting. */
        if (cur >= end) return nf > max ? max + 1 : nf;
        cur++; /* the delimiter */
    }
}

int copy_input_split(CopyInput *in, const char *line, size_t len, CopyField *fields, int max,
                     OmError *err)
{
    /* Field bytes never outgrow the line, so scratch of the line's size
     * suffices; growing it first keeps field pointers stable. */
    if (grow(&in->scratch, &in->scratch_cap, len + 1, err) != 0) return -1;
    if (in->opts->format == COPY_FORMAT_CSV) return split_csv(in, line, len, fields, max, err);
    return split_text(in, line, len, fields, max, err);
}
