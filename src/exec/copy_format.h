/*
 * copy_format.h — the text and CSV data formats of COPY, as PostgreSQL 15
 * reads and writes them: options, the line/field parser (copy_parse.c) and
 * the row formatter (copy_emit.c). Nothing here knows tables or the wire; the
 * source operator (op_copy_from.c) and the statement (sql/sql_copy.c) use it.
 *
 * Text format: one row per line; fields separated by `delim` (tab); NULL is
 * `null_str` (\N) compared with the raw field before de-escaping; backslash
 * escapes \b \f \n \r \t \v, \ooo (1-3 octal digits), \xh[h] (1-2 hex digits)
 * and \<any other byte> = that byte; a lone backslash at the end of a line is
 * dropped; "\." followed by end of line (or of input) ends the data, anywhere
 * in a line as in PostgreSQL 15; "\." followed by anything else is 22P04
 * "end-of-copy marker corrupt". Output escapes backslash, the delimiter and
 * the six control characters above.
 *
 * CSV: fields separated by `delim` (,); a field may be quoted with `quote`
 * ("); inside quotes, `escape` (default: the quote) before a quote or an
 * escape yields that character, and newlines are data. NULL is an unquoted
 * field equal to `null_str` (empty by default); a quoted empty string is an
 * empty string. "\." alone on a line ends the data. Output quotes a value when
 * it contains the delimiter, the quote, CR or LF, equals the NULL string, is
 * "\." alone in a one-column row, or its column is in FORCE_QUOTE.
 *
 * Lines end with LF, CRLF or CR; the first line fixes the style, and a
 * different one later is 22P04 ("literal carriage return found in data" and
 * friends). Output lines end with LF. Line numbers (for error contexts) count
 * as PostgreSQL counts them: one per line, plus, in CSV, one per line end of
 * the fixed style inside quotes (CR until the style is known).
 */
#ifndef OMENDB_EXEC_COPY_FORMAT_H
#define OMENDB_EXEC_COPY_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/session_settings.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "exec/vector.h"

typedef enum CopyFormat { COPY_FORMAT_TEXT, COPY_FORMAT_CSV } CopyFormat;

typedef enum CopyHeader {
    COPY_HEADER_NONE,
    COPY_HEADER_PRESENT, /* FROM: skip the first line; TO: write the column names */
    COPY_HEADER_MATCH,   /* FROM: the first line must name the columns, in order */
} CopyHeader;

/* Options of one COPY (validated by sql_copy.c; arrays are per column of
 * the COPY's column list, NULL when the option is absent). */
typedef struct CopyOptions {
    CopyFormat format;
    CopyHeader header;
    char delim;
    char quote;  /* CSV only */
    char escape; /* CSV only */
    const char *null_str;
    size_t null_len;
    int ncols;
    const bool *force_quote;    /* CSV, TO */
    const bool *force_not_null; /* CSV, FROM: a NULL-looking value is the value */
    const bool *force_null;     /* CSV, FROM: a quoted NULL-looking value is NULL */
} CopyOptions;

/* ---- input (copy_parse.c) ---- */

/* One parsed field. `data` points into the input's buffer or scratch and
 * stays valid until the next copy_input_split() or copy_input_compact(). */
typedef struct CopyField {
    const char *data;
    uint32_t len;
    bool is_null;
} CopyField;

/* The input stream: bytes appended by copy_input_feed() are cut into lines.
 * Offsets, not pointers, name lines because feeding may move the buffer. */
typedef struct CopyInput {
    const CopyOptions *opts;
    char *buf; /* malloc'd; bytes [0, len) */
    size_t len, cap;
    size_t line_start; /* first byte of the line being scanned */
    size_t scan;       /* bytes before this are scanned (same line) */
    bool in_quote;     /* CSV scan state at `scan` */
    bool last_was_esc; /* CSV scan state at `scan` */
    int eol;           /* line-end style fixed by the first line */
    bool input_done;   /* copy_input_finish() was called */
    size_t checked;    /* bytes [0, checked) of buf are valid UTF-8; the scanner
                          stops there */
    bool bad_encoding; /* the bytes at `checked` are not UTF-8 */
    bool at_end;       /* the end-of-data marker was seen, or all input was cut */
    uint64_t lines;    /* number of the last line returned (physical, see above) */
    uint64_t embedded; /* CSV: line ends inside quotes of the current line */
    char *scratch;     /* de-escaped field bytes (malloc'd) */
    size_t scratch_cap;
    uint8_t special[256]; /* bytes the line scanner must look at */
} CopyInput;

void copy_input_init(CopyInput *in, const CopyOptions *opts);
void copy_input_fini(CopyInput *in);
/* Appends raw bytes and checks that they are UTF-8 (a character cut between
 * two pieces is checked with the next); invalid bytes become an error
 * (22021) when copy_input_next_line() reaches them. Returns 0, or -1: 54000
 * over 1 GB buffered, 53200. */
int copy_input_feed(CopyInput *in, const char *data, size_t len, OmError *err);
/* No more input will come: a last line without its newline is still a line.
 * Returns 0 (the signature leaves room for checks at the end). */
int copy_input_finish(CopyInput *in, OmError *err);
/* Drops the bytes of lines already returned; their offsets become invalid. */
void copy_input_compact(CopyInput *in);
/* The next line: 1 = it is [*off, *off + *len) of in->buf (without its line
 * end) and in->lines is its number; 0 = more input is needed (when
 * input_done: the data ended; in->at_end is then set); -1 = error (22P04,
 * 22021 invalid UTF-8). */
int copy_input_next_line(CopyInput *in, size_t *off, size_t *len, OmError *err);
/* Splits a line into fields. Fills at most `max` fields and returns how many
 * the line has, capped at max + 1 (so a caller with room for ncols + 1
 * fields sees "extra data"). -1 = error (22P04 unterminated CSV quoted field,
 * 22021 an escape made invalid UTF-8, 53200). */
int copy_input_split(CopyInput *in, const char *line, size_t len, CopyField *fields, int max,
                     OmError *err);

/* ---- output (copy_emit.c) ---- */

/* Appends one column name or value, escaped or quoted for the format.
 * `force_quote` and `single_col` matter for CSV only. */
void copy_emit_field(StrBuf *out, const CopyOptions *o, const char *s, size_t len, bool force_quote,
                     bool single_col);
/* Appends the header line (column names) with its line end. */
void copy_emit_header(StrBuf *out, const CopyOptions *o, int ncols, const char *const *names);
/* Appends row `row` (a physical position) of `chunk` as one line. `tmp` is
 * scratch for values that go through type_text_out. */
void copy_emit_row(StrBuf *out, const CopyOptions *o, const Chunk *chunk, uint32_t row,
                   const SessionSettings *settings, StrBuf *tmp);

#endif
