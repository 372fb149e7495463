/*
 * op_copy_from.c — PLAN_COPY_FROM: the source operator of COPY ... FROM STDIN.
 *
 * It pulls pieces of the data stream through the plan's read callback, cuts
 * them into lines and fields (copy_parse.c) and converts each field to its
 * column's type straight into the slots of a chunk of up to 2048 rows: a
 * fast loop for integers, type_text_in() for everything else (PostgreSQL's
 * input rules and errors). String bytes go to the chunk arena, so nothing is
 * allocated per value. The chunk's columns are the COPY's column list in
 * order; the insert operator above fills defaults and checks constraints.
 *
 * Errors carry PostgreSQL's CONTEXT: "COPY t, line 3, column b: \"abc\"" for
 * a bad value, "COPY t, line 3: \"<line>\"" for a bad line. The raw lines of
 * the last chunk stay in the input buffer until the next call, so that an
 * error the insert operator raises (23502, 23505) can name its line too:
 * close() finds the failing row from the error and adds the context.
 *
 * After the end-of-data marker the rest of the stream is read and ignored up
 * to the end (CopyDone), as PostgreSQL does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/type_io.h"
#include "exec/copy_format.h"
#include "exec/operator.h"

#define MAX_HEADER_FIELDS 1600 /* PostgreSQL's column limit */
#define MAX_DATA_DISPLAY  100  /* bytes of a value or line quoted in CONTEXT */

typedef struct CopyFromState {
    CopyInput in;
    const CopyOptions *opts;
    CopyField *fields;
    int nfields_max;
    bool eof;         /* the read callback said CopyDone */
    bool header_done; /* the header line (if any) was consumed */
    Chunk *last;      /* the last chunk returned */
    uint64_t line_no[VECTOR_SIZE];
    size_t line_off[VECTOR_SIZE];
    size_t line_len[VECTOR_SIZE];
} CopyFromState;

/* Writes at most MAX_DATA_DISPLAY bytes of s (cut at a character boundary,
 * "..." appended when cut), NUL-terminated, into buf. */
static const char *clip(const char *s, size_t len, char *buf, size_t cap)
{
    size_t n = len;
    if (n > MAX_DATA_DISPLAY) {
        n = MAX_DATA_DISPLAY;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    if (n > cap - 4) n = cap - 4;
    memcpy(buf, s, n);
    if (n < len) {
        memcpy(buf + n, "...", 3);
        n += 3;
    }
    buf[n] = '\0';
    return buf;
}

static void context_line(Operator *op, uint64_t line_no, const char *line, size_t len)
{
    OmError *err = op->es->err;
    if (err->context[0]) return;
    const char *rel = op->plan->u.copy_from.rel_name;
    if (line) {
        char buf[MAX_DATA_DISPLAY + 8];
        error_context(err, "COPY %s, line %llu: \"%s\"", rel, (unsigned long long)line_no,
                      clip(line, len, buf, sizeof(buf)));
    } else {
        error_context(err, "COPY %s, line %llu", rel, (unsigned long long)line_no);
    }
}

static void context_column(Operator *op, uint64_t line_no, int col, const CopyField *f)
{
    OmError *err = op->es->err;
    if (err->context[0]) return;
    const char *rel = op->plan->u.copy_from.rel_name;
    const char *name = op->plan->u.copy_from.col_names[col];
    if (f->is_null) {
        error_context(err, "COPY %s, line %llu, column %s: null input", rel,
                      (unsigned long long)line_no, name);
        return;
    }
    char buf[MAX_DATA_DISPLAY + 8];
    error_context(err, "COPY %s, line %llu, column %s: \"%s\"", rel, (unsigned long long)line_no,
                  name, clip(f->data, f->len, buf, sizeof(buf)));
}

/* Plain decimal integers without spaces or '+'; anything else (and any
 * out-of-range value) takes type_text_in's path and its exact errors. */
static inline bool fast_int(const char *s, uint32_t len, int64_t lo, int64_t hi, int64_t *out)
{
    if (len == 0 || len > 18) return false;
    uint32_t i = s[0] == '-';
    if (i == len) return false;
    int64_t v = 0;
    for (; i < len; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9) return false;
        v = v * 10 + d;
    }
    if (s[0] == '-') v = -v;
    if (v < lo || v > hi) return false;
    *out = v;
    return true;
}

static int convert(Operator *op, Vector *v, uint32_t row, const CopyField *f)
{
    int64_t iv;
    switch (v->type.id) {
    case TYPE_INT2:
        if (!fast_int(f->data, f->len, INT16_MIN, INT16_MAX, &iv)) break;
        ((int16_t *)v->data)[row] = (int16_t)iv;
        return 0;
    case TYPE_INT4:
        if (!fast_int(f->data, f->len, INT32_MIN, INT32_MAX, &iv)) break;
        ((int32_t *)v->data)[row] = (int32_t)iv;
        return 0;
    case TYPE_INT8:
        if (!fast_int(f->data, f->len, INT64_MIN, INT64_MAX, &iv)) break;
        ((int64_t *)v->data)[row] = iv;
        return 0;
    default:
        break;
    }
    size_t width = type_info(v->type.id)->width;
    return type_text_in(v->type, f->data, f->len, op->es->settings, op->chunk_arena,
                        (char *)v->data + (size_t)row * width, op->es->err);
}

/* HEADER MATCH: the first line must name the COPY's columns, in order. */
static int check_header(Operator *op, CopyFromState *st, const char *line, size_t len)
{
    OmError *err = op->es->err;
    int ncols = op->plan->ncols;
    const char *const *names = op->plan->u.copy_from.col_names;
    int nf = copy_input_split(&st->in, line, len, st->fields, st->nfields_max - 1, err);
    if (nf < 0) return -1;
    if (nf != ncols)
        return ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT,
                   "wrong number of fields in header line: got %d, expected %d", nf, ncols);
    for (int c = 0; c < ncols; c++) {
        const CopyField *f = &st->fields[c];
        if (f->is_null)
            return ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT,
                       "column name mismatch in header line field %d: got null value (\"%s\"), "
                       "expected \"%s\"",
                       c + 1, st->opts->null_str, names[c]);
        if (strlen(names[c]) != f->len || memcmp(names[c], f->data, f->len) != 0)
            return ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT,
                       "column name mismatch in header line field %d: got \"%.*s\", expected "
                       "\"%s\"",
                       c + 1, (int)f->len, f->data, names[c]);
    }
    return 0;
}

/* Parses one data line into row `row` of `chunk`. */
static int parse_row(Operator *op, CopyFromState *st, Chunk *chunk, uint32_t row, const char *line,
                     size_t len)
{
    OmError *err = op->es->err;
    int ncols = chunk->ncols;
    uint64_t line_no = st->in.lines;
    int nf = copy_input_split(&st->in, line, len, st->fields, ncols + 1, err);
    if (nf < 0) goto line_error;
    if (ncols > 0 && nf > ncols) {
        ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT, "extra data after last expected column");
        goto line_error;
    }
    /* The fields there are convert first, so a bad value before the missing
     * one is the error reported, as in PostgreSQL. */
    for (int c = 0; c < ncols; c++) {
        if (c == nf) {
            ERR(err, SQLSTATE_BAD_COPY_FILE_FORMAT, "missing data for column \"%s\"",
                op->plan->u.copy_from.col_names[nf]);
            goto line_error;
        }
        const CopyField *f = &st->fields[c];
        Vector *v = &chunk->cols[c];
        if (f->is_null) {
            vector_set_null(v, row, op->chunk_arena);
            continue;
        }
        if (convert(op, v, row, f) != 0) {
            context_column(op, line_no, c, f);
            return -1;
        }
    }
    return 0;
line_error:
    context_line(op, line_no, line, len);
    return -1;
}

/* Reads the stream to its end (after the end-of-data marker). */
static int drain(Operator *op, CopyFromState *st)
{
    const PlanNode *plan = op->plan;
    while (!st->eof) {
        const char *data;
        size_t len;
        int rc = plan->u.copy_from.read(plan->u.copy_from.read_ctx, &data, &len, op->es->err);
        if (rc < 0) return -1;
        if (rc == 0) st->eof = true;
    }
    return 0;
}

static int copy_from_next(Operator *op, Chunk **out)
{
    CopyFromState *st = op->state;
    const PlanNode *plan = op->plan;
    OmError *err = op->es->err;
    *out = NULL;
    st->last = NULL;
    copy_input_compact(&st->in); /* the previous chunk's lines are done with */
    Chunk *chunk = chunk_create(op->chunk_arena, plan->ncols, plan->types);
    uint32_t n = 0;
    while (n < VECTOR_SIZE) {
        size_t off, len;
        int rc = copy_input_next_line(&st->in, &off, &len, err);
        if (rc < 0) {
            context_line(op, st->in.lines + 1 + st->in.embedded, NULL, 0);
            return -1;
        }
        if (rc == 0) {
            if (st->in.at_end) {
                if (drain(op, st) != 0) {
                    context_line(op, st->in.lines, NULL, 0);
                    return -1;
                }
                break;
            }
            if (st->eof) /* never wait for input that will not come */
                return ERR(err, SQLSTATE_INTERNAL_ERROR, "COPY input ended unexpectedly");
            const char *data;
            size_t dlen;
            rc = plan->u.copy_from.read(plan->u.copy_from.read_ctx, &data, &dlen, err);
            if (rc < 0) {
                context_line(op, st->in.lines + 1 + st->in.embedded, NULL, 0);
                return -1;
            }
            if (rc == 0) {
                st->eof = true;
                rc = copy_input_finish(&st->in, err);
            } else {
                rc = copy_input_feed(&st->in, data, dlen, err);
            }
            if (rc != 0) {
                context_line(op, st->in.lines + 1 + st->in.embedded, NULL, 0);
                return -1;
            }
            continue;
        }
        const char *line = st->in.buf + off;
        if (!st->header_done) {
            st->header_done = true;
            if (st->opts->header != COPY_HEADER_NONE) {
                if (st->opts->header == COPY_HEADER_MATCH && check_header(op, st, line, len) != 0) {
                    context_line(op, st->in.lines, line, len);
                    return -1;
                }
                continue;
            }
        }
        if (parse_row(op, st, chunk, n, line, len) != 0) return -1;
        st->line_no[n] = st->in.lines;
        st->line_off[n] = off;
        st->line_len[n] = len;
        n++;
    }
    if (n == 0) return 0;
    chunk->count = n;
    st->last = chunk;
    *out = chunk;
    return exec_check_interrupts(op->es);
}

static int copy_from_rescan(Operator *op)
{
    return ERR(op->es->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "COPY FROM cannot be rescanned");
}

static const OperatorVTable copy_from_vt;

Operator *op_copy_from_create(const PlanNode *plan, ExecState *es)
{
    if (plan->u.copy_from.opts == NULL || plan->u.copy_from.read == NULL) {
        ERR(es->err, SQLSTATE_INTERNAL_ERROR, "COPY FROM without a data source");
        return NULL;
    }
    Operator *op = operator_alloc(plan, es, &copy_from_vt);
    CopyFromState *st = ARENA_NEW(op->arena, CopyFromState);
    op->state = st;
    st->opts = plan->u.copy_from.opts;
    copy_input_init(&st->in, st->opts);
    st->nfields_max =
        plan->ncols + 1 > MAX_HEADER_FIELDS + 1 ? plan->ncols + 1 : MAX_HEADER_FIELDS + 1;
    st->fields = ARENA_NEW_ARRAY(op->arena, CopyField, st->nfields_max);
    return op;
}

/* ---- naming the line of a row the insert operator refused ---- */

/* Text of `name` between the first pair of double quotes after `after`. */
static bool quoted_after(const char *msg, const char *after, char *out, size_t cap)
{
    const char *p = strstr(msg, after);
    if (!p) return false;
    p = strchr(p + strlen(after), '"');
    if (!p) return false;
    const char *q = strchr(p + 1, '"');
    if (!q || (size_t)(q - p - 1) >= cap) return false;
    memcpy(out, p + 1, (size_t)(q - p - 1));
    out[q - p - 1] = '\0';
    return true;
}

static int column_by_name(const PlanNode *plan, const char *name, size_t len)
{
    for (int c = 0; c < plan->ncols; c++) {
        const char *cn = plan->u.copy_from.col_names[c];
        if (strlen(cn) == len && memcmp(cn, name, len) == 0) return c;
    }
    return -1;
}

/* 23505: the detail is "Key (a, b)=(v1, v2) already exists." */
static long unique_row(Operator *op, const Chunk *chunk, const char *detail)
{
    const PlanNode *plan = op->plan;
    if (strncmp(detail, "Key (", 5) != 0) return -1;
    const char *names = detail + 5;
    const char *eq = strstr(names, ")=(");
    const char *tail = strstr(detail, ") already exists.");
    if (!eq || !tail || tail < eq) return -1;
    const char *vals = eq + 3;
    size_t vals_len = (size_t)(tail - vals);
    int cols[32];
    int nk = 0;
    for (const char *p = names; p < eq && nk < 32;) {
        const char *comma = strstr(p, ", ");
        const char *stop = comma && comma < eq ? comma : eq;
        int c = column_by_name(plan, p, (size_t)(stop - p));
        if (c < 0) return -1; /* a key column the COPY does not give */
        cols[nk++] = c;
        p = stop == eq ? eq : stop + 2;
    }
    StrBuf key;
    strbuf_init(&key, op->chunk_arena);
    long first = -1;
    for (uint32_t r = 0; r < chunk->count; r++) {
        strbuf_reset(&key);
        for (int k = 0; k < nk; k++) {
            const Vector *v = &chunk->cols[cols[k]];
            if (k) strbuf_puts(&key, ", ");
            if (!vector_is_valid(v, r))
                strbuf_puts(&key, "null");
            else
                type_text_out(v->type, vector_value_ptr(v, r), op->es->settings, &key);
        }
        if (key.len != vals_len || memcmp(key.data, vals, vals_len) != 0) continue;
        /* A key met twice in the chunk: the second one failed (a conflict
         * with older data would have stopped at the first). */
        if (first >= 0) return (long)r;
        first = (long)r;
    }
    return first;
}

/* After the insert operator above failed on a row of the last chunk: sets
 * the context for 23502 (the first row with a NULL in the named column) and
 * 23505 (the row whose key the detail names), when that row can be told. */
static void annotate_error(Operator *src, OmError *err)
{
    if (!src || src->plan->kind != PLAN_COPY_FROM || !err->is_set || err->context[0]) return;
    CopyFromState *st = src->state;
    const Chunk *chunk = st->last;
    if (!chunk) return;
    long row = -1;
    bool with_text = false;
    if (strcmp(err->sqlstate, SQLSTATE_NOT_NULL_VIOLATION) == 0) {
        char name[128];
        if (!quoted_after(err->message, "null value in column", name, sizeof(name))) return;
        int col = column_by_name(src->plan, name, strlen(name));
        row = 0; /* a column the COPY does not give: its default fails every row */
        if (col >= 0)
            for (uint32_t r = 0; r < chunk->count; r++)
                if (!vector_is_valid(&chunk->cols[col], r)) {
                    row = (long)r;
                    break;
                }
        with_text = true;
    } else if (strcmp(err->sqlstate, SQLSTATE_UNIQUE_VIOLATION) == 0) {
        row = unique_row(src, chunk, err->detail);
    }
    if (row < 0) return;
    /* Operator errors point into es->err, which is `err` here. */
    const char *rel = src->plan->u.copy_from.rel_name;
    if (with_text) {
        char buf[MAX_DATA_DISPLAY + 8];
        error_context(err, "COPY %s, line %llu: \"%s\"", rel, (unsigned long long)st->line_no[row],
                      clip(st->in.buf + st->line_off[row], st->line_len[row], buf, sizeof(buf)));
    } else {
        error_context(err, "COPY %s, line %llu", rel, (unsigned long long)st->line_no[row]);
    }
}

static void copy_from_close(Operator *op)
{
    CopyFromState *st = op->state;
    /* The insert operator closes its child after a failure: the last chunk
     * and its lines are still here. */
    if (op->es->err->is_set) annotate_error(op, op->es->err);
    copy_input_fini(&st->in);
}

static const OperatorVTable copy_from_vt = {NULL, copy_from_next, copy_from_rescan,
                                            copy_from_close};
