/*
 * sqllogic: a sqllogictest runner over libpq.
 *
 *   sqllogic --host H --port P [--db D] [--user U] [--verbose] [--max-errors N]
 *            [--timeout SEC] [--fresh-db] [--engine NAME] [--sample N] file...
 *
 * The script format is the SQLite project's (testdata/sqllogictest/about.wiki):
 * records separated by blank lines, `#` comment lines, `statement ok|error`,
 * `query <types> [nosort|rowsort|valuesort] [label]` with results after `----`,
 * `hash-threshold N`, `halt`, and the conditionals `skipif <engine>` /
 * `onlyif <engine>`. We run as engine "postgresql" (change with --engine).
 * Two additions of our own: `statement error <SQLSTATE>` checks the SQLSTATE, and
 * any other text after `statement error` must occur in the error message.
 *
 * Values are rendered as the reference runner renders them: for type I as
 * printf("%lld") of the value converted the way sqlite3_column_int64() converts
 * (booleans become 1/0, reals are truncated, text takes its numeric prefix), for R
 * printf("%.3f"), for T the text itself. NULL is "NULL", an empty string
 * "(empty)", and a byte outside ' '..'~' in a text value '@'. rowsort sorts rows
 * (strcmp column by column), valuesort sorts the single values. A result given as
 * "N values hashing to H" is compared by count and by H = MD5 of every value, each
 * followed by "\n", in result order (after sorting). Labels: queries that share a
 * label must produce the same values.
 *
 * Each file should start from an empty database. With --fresh-db (PostgreSQL only)
 * each file runs in a database of its own that is dropped afterwards; otherwise the
 * tables and views a file creates are dropped when it ends.
 *
 * Per file we print records run, passed, failed, skipped (by reason) and the pass
 * rate (passed / (passed + failed)). With --verbose every failure shows its SQL,
 * the expected and the actual values. The exit status is 0 iff nothing failed.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <openssl/evp.h>

#define BOOLOID 16
#define INT8OID 20
#define INT2OID 21
#define INT4OID 23

/* ---------------------------------------------------------------- options */

typedef struct Options {
    const char *host;
    const char *port;
    const char *db;
    const char *user;
    const char *engine;
    int verbose;
    int max_errors;  /* stop a file after this many failures; 0 = never */
    int timeout_sec; /* per statement; 0 = none */
    int fresh_db;
    int max_shown; /* failures summarised per file without --verbose */
    int sample;    /* run only every Nth query record (statements always run) */
} Options;

static Options opt = {"127.0.0.1", "5433", NULL, NULL, "postgresql", 0, 0, 60, 0, 20, 1};

/* ---------------------------------------------------------------- small helpers */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "sqllogic: out of memory\n");
        exit(2);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "sqllogic: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* A growable array of owned strings. */
typedef struct StrList {
    char **items;
    size_t n, cap;
} StrList;

static void strlist_push(StrList *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof(char *));
    }
    l->items[l->n++] = s;
}

static void strlist_free(StrList *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

/* ---------------------------------------------------------------- script parsing */

typedef enum RecKind {
    REC_STATEMENT_OK,
    REC_STATEMENT_ERROR,
    REC_QUERY,
    REC_HASH_THRESHOLD,
    REC_HALT,
    REC_UNSUPPORTED
} RecKind;

typedef struct Record {
    RecKind kind;
    int line;          /* line number of the record's first line */
    char *skip_reason; /* non-NULL when a conditional excludes this engine */
    char *sql;
    char *types;     /* query: one letter per column */
    char *sort_mode; /* query: nosort, rowsort or valuesort */
    char *label;     /* query: optional */
    char *error_arg; /* statement error: expected SQLSTATE or message text */
    int has_results;
    StrList expected;
    int threshold;   /* hash-threshold */
    char *directive; /* unsupported: the first line */
} Record;

typedef struct Script {
    Record *recs;
    size_t n, cap;
} Script;

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    fclose(f);
    buf[len] = 0;
    return buf;
}

/* Splits text into lines in place (strips \r); returns the array of line starts. */
static char **split_lines(char *text, size_t *n_out)
{
    size_t cap = 1024, n = 0;
    char **lines = xmalloc(cap * sizeof(char *));
    char *p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = 0;
        size_t len = strlen(p);
        if (len && p[len - 1] == '\r') p[len - 1] = 0;
        if (n == cap) {
            cap *= 2;
            lines = xrealloc(lines, cap * sizeof(char *));
        }
        lines[n++] = p;
        if (!nl) break;
        p = nl + 1;
    }
    *n_out = n;
    return lines;
}

static int is_blank(const char *s)
{
    while (*s) {
        if (!isspace((unsigned char)*s)) return 0;
        s++;
    }
    return 1;
}

/* Copies up to `max` whitespace-separated words of `line` into `words`. */
static int split_words(const char *line, char words[][128], int max)
{
    int n = 0;
    const char *p = line;
    while (*p && n < max) {
        while (*p && isspace((unsigned char)*p)) p++;
        if (!*p) break;
        size_t len = 0;
        while (p[len] && !isspace((unsigned char)p[len])) len++;
        size_t copy = len < 127 ? len : 127;
        memcpy(words[n], p, copy);
        words[n][copy] = 0;
        n++;
        p += len;
    }
    return n;
}

static char *join_lines(char **lines, size_t from, size_t to)
{
    size_t total = 1;
    for (size_t i = from; i < to; i++) total += strlen(lines[i]) + 1;
    char *s = xmalloc(total), *w = s;
    for (size_t i = from; i < to; i++) {
        size_t len = strlen(lines[i]);
        memcpy(w, lines[i], len);
        w += len;
        if (i + 1 < to) *w++ = '\n';
    }
    *w = 0;
    return s;
}

static Record *script_add(Script *sc)
{
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 256;
        sc->recs = xrealloc(sc->recs, sc->cap * sizeof(Record));
    }
    Record *r = &sc->recs[sc->n++];
    memset(r, 0, sizeof(*r));
    return r;
}

static char *rest_after_words(const char *line, int n_words)
{
    const char *p = line;
    for (int i = 0; i < n_words; i++) {
        while (*p && isspace((unsigned char)*p)) p++;
        while (*p && !isspace((unsigned char)*p)) p++;
    }
    while (*p && isspace((unsigned char)*p)) p++;
    size_t len = strlen(p);
    while (len && isspace((unsigned char)p[len - 1])) len--;
    char *s = xmalloc(len + 1);
    memcpy(s, p, len);
    s[len] = 0;
    return s;
}

static void parse_script(char *text, Script *sc)
{
    size_t n_all;
    char **all = split_lines(text, &n_all);
    /* Drop comment lines, remembering the original line numbers. */
    char **lines = xmalloc((n_all + 1) * sizeof(char *));
    int *lineno = xmalloc((n_all + 1) * sizeof(int));
    size_t n = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (all[i][0] == '#') continue;
        lines[n] = all[i];
        lineno[n] = (int)i + 1;
        n++;
    }
    size_t i = 0;
    while (i < n) {
        if (is_blank(lines[i])) {
            i++;
            continue;
        }
        size_t end = i;
        while (end < n && !is_blank(lines[end])) end++;
        /* Record lines [i, end). Leading conditionals first. */
        char *skip = NULL;
        size_t k = i;
        char w[6][128];
        for (; k < end; k++) {
            int nw = split_words(lines[k], w, 3);
            if (nw >= 2 && strcmp(w[0], "skipif") == 0) {
                if (!skip && strcmp(w[1], opt.engine) == 0) {
                    char buf[256];
                    snprintf(buf, sizeof(buf), "skipif %s", w[1]);
                    skip = xstrdup(buf);
                }
            } else if (nw >= 2 && strcmp(w[0], "onlyif") == 0) {
                if (!skip && strcmp(w[1], opt.engine) != 0) {
                    char buf[256];
                    snprintf(buf, sizeof(buf), "onlyif %s", w[1]);
                    skip = xstrdup(buf);
                }
            } else {
                break;
            }
        }
        if (k == end) { /* conditionals alone */
            free(skip);
            i = end;
            continue;
        }
        Record *r = script_add(sc);
        r->line = lineno[k];
        r->skip_reason = skip;
        int nw = split_words(lines[k], w, 6);
        if (strcmp(w[0], "statement") == 0 && nw >= 2 &&
            (strcmp(w[1], "ok") == 0 || strcmp(w[1], "error") == 0)) {
            r->kind = strcmp(w[1], "ok") == 0 ? REC_STATEMENT_OK : REC_STATEMENT_ERROR;
            if (r->kind == REC_STATEMENT_ERROR) {
                r->error_arg = rest_after_words(lines[k], 2);
                if (!r->error_arg[0]) {
                    free(r->error_arg);
                    r->error_arg = NULL;
                }
            }
            size_t sql_end = k + 1;
            while (sql_end < end && strcmp(lines[sql_end], "----") != 0) sql_end++;
            r->sql = join_lines(lines, k + 1, sql_end);
        } else if (strcmp(w[0], "query") == 0 && nw >= 2) {
            r->kind = REC_QUERY;
            r->types = xstrdup(w[1]);
            r->sort_mode = xstrdup(nw >= 3 ? w[2] : "nosort");
            if (nw >= 4) r->label = xstrdup(w[3]);
            size_t sql_end = k + 1;
            while (sql_end < end && strcmp(lines[sql_end], "----") != 0) sql_end++;
            r->sql = join_lines(lines, k + 1, sql_end);
            if (sql_end < end) {
                r->has_results = 1;
                for (size_t j = sql_end + 1; j < end; j++)
                    strlist_push(&r->expected, xstrdup(lines[j]));
            }
        } else if (strcmp(w[0], "hash-threshold") == 0 && nw >= 2) {
            r->kind = REC_HASH_THRESHOLD;
            r->threshold = atoi(w[1]);
        } else if (strcmp(w[0], "halt") == 0) {
            r->kind = REC_HALT;
        } else {
            r->kind = REC_UNSUPPORTED;
            r->directive = xstrdup(w[0]);
        }
        i = end;
    }
    free(lines);
    free(lineno);
    free(all);
}

static void script_free(Script *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        Record *r = &sc->recs[i];
        free(r->skip_reason);
        free(r->sql);
        free(r->types);
        free(r->sort_mode);
        free(r->label);
        free(r->error_arg);
        free(r->directive);
        strlist_free(&r->expected);
    }
    free(sc->recs);
    sc->recs = NULL;
    sc->n = sc->cap = 0;
}

/* ---------------------------------------------------------------- execution */

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Runs one SQL string and returns its last result (the caller PQclear()s it), or
 * NULL on a timeout or a broken connection; *timed_out tells which.
 */
static PGresult *exec_sql(PGconn *conn, const char *sql, int *timed_out)
{
    *timed_out = 0;
    if (opt.timeout_sec <= 0) return PQexec(conn, sql);
    if (!PQsendQuery(conn, sql)) return NULL;
    double deadline = now_sec() + opt.timeout_sec;
    while (PQisBusy(conn)) {
        double left = deadline - now_sec();
        if (left <= 0) {
            *timed_out = 1;
            char errbuf[256];
            PGcancel *cancel = PQgetCancel(conn);
            if (cancel) {
                PQcancel(cancel, errbuf, sizeof(errbuf));
                PQfreeCancel(cancel);
            }
            /* Drain whatever the server sends back after the cancel. */
            double hard = now_sec() + 5;
            while (PQisBusy(conn) && now_sec() < hard) {
                struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
                poll(&pfd, 1, 100);
                if (!PQconsumeInput(conn)) break;
            }
            if (PQisBusy(conn)) return NULL;
            PGresult *res;
            while ((res = PQgetResult(conn)) != NULL) PQclear(res);
            return NULL;
        }
        struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
        int ms = left > 1 ? 1000 : (int)(left * 1000) + 1;
        int rc = poll(&pfd, 1, ms);
        if (rc < 0 && errno != EINTR) return NULL;
        if (rc > 0 && !PQconsumeInput(conn)) return NULL;
    }
    PGresult *last = NULL, *res;
    while ((res = PQgetResult(conn)) != NULL) {
        if (last) PQclear(last);
        last = res;
    }
    return last;
}

/* Renders one value in sqllogictest's form. */
static char *render_value(const PGresult *res, int row, int col, char type)
{
    if (PQgetisnull(res, row, col)) return xstrdup("NULL");
    const char *v = PQgetvalue(res, row, col);
    Oid oid = PQftype(res, col);
    char buf[64];
    if (type == 'I' || type == 'R') {
        double d;
        long long ll;
        int is_int = 0;
        if (oid == BOOLOID) {
            ll = v[0] == 't';
            d = (double)ll;
            is_int = 1;
        } else {
            char *end;
            errno = 0;
            ll = strtoll(v, &end, 10);
            if (end != v && *end == 0 && errno == 0) {
                is_int = 1;
                d = (double)ll;
            } else {
                d = strtod(v, &end);
                if (end == v) d = 0; /* text without a numeric prefix, as SQLite */
            }
        }
        if (type == 'I') {
            if (!is_int) {
                if (d != d)
                    ll = 0;
                else if (d >= 9.2233720368547758e18)
                    ll = INT64_MAX;
                else if (d <= -9.2233720368547758e18)
                    ll = INT64_MIN;
                else
                    ll = (long long)d;
            }
            snprintf(buf, sizeof(buf), "%lld", ll);
        } else {
            snprintf(buf, sizeof(buf), "%.3f", d);
        }
        return xstrdup(buf);
    }
    if (v[0] == 0) return xstrdup("(empty)");
    char *s = xstrdup(v);
    for (unsigned char *p = (unsigned char *)s; *p; p++)
        if (*p < ' ' || *p > '~') *p = '@';
    return s;
}

static int n_cols_for_sort; /* qsort has no context argument in C11 */

static int cmp_rows(const void *a, const void *b)
{
    char *const *ra = a, *const *rb = b;
    for (int c = 0; c < n_cols_for_sort; c++) {
        int d = strcmp(ra[c], rb[c]);
        if (d) return d;
    }
    return 0;
}

static int cmp_values(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void md5_values(char **vals, size_t n, char out[33])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int dlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
    for (size_t i = 0; i < n; i++) {
        EVP_DigestUpdate(ctx, vals[i], strlen(vals[i]));
        EVP_DigestUpdate(ctx, "\n", 1);
    }
    EVP_DigestFinal_ex(ctx, digest, &dlen);
    EVP_MD_CTX_free(ctx);
    for (unsigned int i = 0; i < dlen && i < 16; i++) sprintf(out + 2 * i, "%02x", digest[i]);
    out[32] = 0;
}

/* ---------------------------------------------------------------- per-file state */

#define MAX_SKIP_REASONS 32

typedef struct FileStats {
    long run, passed, failed, skipped;
    char *skip_reason[MAX_SKIP_REASONS];
    long skip_count[MAX_SKIP_REASONS];
    int n_reasons;
    long shown;
} FileStats;

static void stats_skip(FileStats *st, const char *reason)
{
    st->skipped++;
    for (int i = 0; i < st->n_reasons; i++) {
        if (strcmp(st->skip_reason[i], reason) == 0) {
            st->skip_count[i]++;
            return;
        }
    }
    if (st->n_reasons < MAX_SKIP_REASONS) {
        st->skip_reason[st->n_reasons] = xstrdup(reason);
        st->skip_count[st->n_reasons++] = 1;
    }
}

typedef struct Label {
    char *name;
    char *hash;
} Label;

typedef struct RunState {
    const char *path;
    FileStats st;
    Label *labels;
    size_t n_labels, cap_labels;
    int hash_threshold;
    StrList created_tables, created_views;
} RunState;

static void print_sql_indented(FILE *f, const char *sql)
{
    const char *p = sql;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(f, "    %.*s\n", (int)len, p);
        if (!nl) break;
        p = nl + 1;
    }
}

/* Reports a failure: always counted; details subject to --verbose / max_shown. */
static void fail_record(RunState *rs, const Record *r, char **actual, size_t n_actual,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void fail_record(RunState *rs, const Record *r, char **actual, size_t n_actual,
                        const char *fmt, ...)
{
    rs->st.failed++;
    if (!opt.verbose && rs->st.shown >= opt.max_shown) return;
    rs->st.shown++;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printf("FAIL %s:%d: %s\n", rs->path, r->line, msg);
    if (!opt.verbose) {
        if (rs->st.shown == opt.max_shown)
            printf("(further failures in this file not shown; use --verbose)\n");
        return;
    }
    printf("  sql:\n");
    print_sql_indented(stdout, r->sql ? r->sql : "");
    if (r->kind == REC_QUERY) {
        printf("  expected (%zu lines):\n", r->expected.n);
        for (size_t i = 0; i < r->expected.n && i < 200; i++)
            printf("    %s\n", r->expected.items[i]);
        if (actual) {
            printf("  actual (%zu values):\n", n_actual);
            for (size_t i = 0; i < n_actual && i < 200; i++) printf("    %s\n", actual[i]);
            if (n_actual > r->expected.n || r->expected.n == 1) {
                char h[33];
                md5_values(actual, n_actual, h);
                printf("  actual hash: %zu values hashing to %s\n", n_actual, h);
            }
        }
    }
    fflush(stdout);
}

static const char *sqlstate_of(const PGresult *res)
{
    const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    return s ? s : "?????";
}

static void first_line(const char *msg, char *out, size_t cap)
{
    size_t len = 0;
    if (msg) {
        while (msg[len] && msg[len] != '\n' && len + 1 < cap) len++;
        memcpy(out, msg, len);
    }
    out[len] = 0;
}

/* Remembers CREATE TABLE / CREATE VIEW names so that the file can clean up. */
static void note_created(RunState *rs, const char *sql)
{
    char w[8][128];
    int nw = split_words(sql, w, 8);
    if (nw < 3 || strcasecmp(w[0], "create") != 0) return;
    int k = 1;
    if (strcasecmp(w[k], "temp") == 0 || strcasecmp(w[k], "temporary") == 0) k++;
    StrList *list;
    if (strcasecmp(w[k], "table") == 0)
        list = &rs->created_tables;
    else if (strcasecmp(w[k], "view") == 0)
        list = &rs->created_views;
    else
        return;
    k++;
    if (k + 2 < nw && strcasecmp(w[k], "if") == 0) k += 3;
    if (k >= nw) return;
    char name[128];
    size_t len = strcspn(w[k], "(");
    if (len == 0 || len >= sizeof(name)) return;
    memcpy(name, w[k], len);
    name[len] = 0;
    strlist_push(list, xstrdup(name));
}

static void run_record(RunState *rs, PGconn *conn, const Record *r)
{
    int timed_out;
    rs->st.run++;
    PGresult *res = exec_sql(conn, r->sql, &timed_out);
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int ok = res && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
    char errline[512];
    first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(conn), errline, sizeof(errline));
    if (!res) {
        fail_record(rs, r, NULL, 0, "%s",
                    timed_out ? "timed out" : "no result (connection problem)");
        return;
    }
    if (r->kind == REC_STATEMENT_OK) {
        if (ok) {
            rs->st.passed++;
            note_created(rs, r->sql);
        } else {
            fail_record(rs, r, NULL, 0, "statement failed: [%s] %s", sqlstate_of(res), errline);
        }
        PQclear(res);
        return;
    }
    if (r->kind == REC_STATEMENT_ERROR) {
        if (ok) {
            fail_record(rs, r, NULL, 0, "statement succeeded but an error was expected");
        } else if (r->error_arg && strlen(r->error_arg) == 5 &&
                   strspn(r->error_arg, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 5) {
            if (strcmp(r->error_arg, sqlstate_of(res)) == 0)
                rs->st.passed++;
            else
                fail_record(rs, r, NULL, 0, "expected SQLSTATE %s, got [%s] %s", r->error_arg,
                            sqlstate_of(res), errline);
        } else if (r->error_arg && !strstr(PQresultErrorMessage(res), r->error_arg)) {
            fail_record(rs, r, NULL, 0, "expected error containing \"%s\", got [%s] %s",
                        r->error_arg, sqlstate_of(res), errline);
        } else {
            rs->st.passed++;
        }
        PQclear(res);
        return;
    }
    /* A query. */
    if (!ok) {
        fail_record(rs, r, NULL, 0, "query failed: [%s] %s", sqlstate_of(res), errline);
        PQclear(res);
        return;
    }
    int n_cols = (int)strlen(r->types);
    if (status != PGRES_TUPLES_OK || PQnfields(res) != n_cols) {
        fail_record(rs, r, NULL, 0, "expected %d columns, got %d", n_cols,
                    status == PGRES_TUPLES_OK ? PQnfields(res) : 0);
        PQclear(res);
        return;
    }
    int n_rows = PQntuples(res);
    size_t n_vals = (size_t)n_rows * (size_t)n_cols;
    char **vals = xmalloc((n_vals + 1) * sizeof(char *));
    for (int row = 0; row < n_rows; row++)
        for (int col = 0; col < n_cols; col++)
            vals[(size_t)row * n_cols + col] = render_value(res, row, col, r->types[col]);
    PQclear(res);
    if (strcmp(r->sort_mode, "rowsort") == 0 && n_cols > 0) {
        n_cols_for_sort = n_cols;
        qsort(vals, (size_t)n_rows, (size_t)n_cols * sizeof(char *), cmp_rows);
    } else if (strcmp(r->sort_mode, "valuesort") == 0) {
        qsort(vals, n_vals, sizeof(char *), cmp_values);
    }
    char hash[33];
    md5_values(vals, n_vals, hash);

    int pass = 1;
    char why[512] = "";
    unsigned long exp_n;
    char exp_hash[64];
    if (r->expected.n == 1 &&
        sscanf(r->expected.items[0], "%lu values hashing to %40s", &exp_n, exp_hash) == 2) {
        if (exp_n != n_vals) {
            pass = 0;
            snprintf(why, sizeof(why), "expected %lu values, got %zu", exp_n, n_vals);
        } else if (strcmp(exp_hash, hash) != 0) {
            pass = 0;
            snprintf(why, sizeof(why), "hash mismatch (%zu values)", n_vals);
        }
    } else if (r->has_results || n_vals > 0) {
        if (r->expected.n != n_vals) {
            pass = 0;
            snprintf(why, sizeof(why), "expected %zu values, got %zu", r->expected.n, n_vals);
        } else {
            for (size_t i = 0; i < n_vals; i++) {
                if (strcmp(r->expected.items[i], vals[i]) != 0) {
                    pass = 0;
                    snprintf(why, sizeof(why), "value %zu: expected \"%.100s\", got \"%.100s\"",
                             i + 1, r->expected.items[i], vals[i]);
                    break;
                }
            }
        }
    }
    if (pass && r->label) {
        size_t i;
        for (i = 0; i < rs->n_labels; i++)
            if (strcmp(rs->labels[i].name, r->label) == 0) break;
        if (i < rs->n_labels) {
            if (strcmp(rs->labels[i].hash, hash) != 0) {
                pass = 0;
                snprintf(why, sizeof(why), "result differs from earlier query labelled %s",
                         r->label);
            }
        } else {
            if (rs->n_labels == rs->cap_labels) {
                rs->cap_labels = rs->cap_labels ? rs->cap_labels * 2 : 64;
                rs->labels = xrealloc(rs->labels, rs->cap_labels * sizeof(Label));
            }
            rs->labels[rs->n_labels].name = xstrdup(r->label);
            rs->labels[rs->n_labels].hash = xstrdup(hash);
            rs->n_labels++;
        }
    }
    if (pass)
        rs->st.passed++;
    else
        fail_record(rs, r, vals, n_vals, "%s", why);
    for (size_t i = 0; i < n_vals; i++) free(vals[i]);
    free(vals);
}

/* ---------------------------------------------------------------- connections */

static void notice_sink(void *arg, const char *msg)
{
}

static PGconn *connect_db(const char *dbname)
{
    const char *keys[8], *vals[8];
    int n = 0;
    keys[n] = "host", vals[n++] = opt.host;
    keys[n] = "port", vals[n++] = opt.port;
    if (dbname) keys[n] = "dbname", vals[n++] = dbname;
    if (opt.user) keys[n] = "user", vals[n++] = opt.user;
    keys[n] = "application_name", vals[n++] = "sqllogic";
    keys[n] = "connect_timeout", vals[n++] = "10";
    keys[n] = NULL, vals[n] = NULL;
    PGconn *conn = PQconnectdbParams(keys, vals, 0);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "sqllogic: cannot connect to %s:%s: %s", opt.host, opt.port,
                PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, notice_sink, NULL);
    return conn;
}

static int admin_exec(const char *sql)
{
    PGconn *admin = connect_db(opt.db);
    if (!admin) return -1;
    PGresult *res = PQexec(admin, sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc) fprintf(stderr, "sqllogic: %s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(admin);
    return rc;
}

/* ---------------------------------------------------------------- one file */

typedef struct Totals {
    long run, passed, failed, skipped;
    int files, files_failed;
} Totals;

static int run_file(const char *path, int file_no, Totals *tot)
{
    char *text = read_file(path);
    if (!text) {
        fprintf(stderr, "sqllogic: cannot read %s: %s\n", path, strerror(errno));
        tot->files++;
        tot->files_failed++;
        return 1;
    }
    Script sc = {0};
    parse_script(text, &sc);

    char dbname[64] = "";
    if (opt.fresh_db) {
        snprintf(dbname, sizeof(dbname), "slt_%ld_%d", (long)getpid(), file_no);
        char sql[128];
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
        if (admin_exec(sql) != 0) {
            script_free(&sc);
            free(text);
            tot->files++;
            tot->files_failed++;
            return 1;
        }
    }
    PGconn *conn = connect_db(opt.fresh_db ? dbname : opt.db);
    RunState rs = {0};
    rs.path = path;
    double t0 = now_sec();
    int halted_line = 0, lost = 0;
    long n_queries = 0;
    for (size_t i = 0; i < sc.n; i++) {
        const Record *r = &sc.recs[i];
        if (r->kind == REC_HALT) {
            if (r->skip_reason) continue;
            halted_line = r->line;
            break;
        }
        if (r->kind == REC_HASH_THRESHOLD) {
            rs.hash_threshold = r->threshold;
            continue;
        }
        if (r->kind == REC_UNSUPPORTED) {
            char reason[200];
            snprintf(reason, sizeof(reason), "unsupported directive '%s'", r->directive);
            stats_skip(&rs.st, reason);
            continue;
        }
        if (r->skip_reason) {
            stats_skip(&rs.st, r->skip_reason);
            continue;
        }
        if (r->kind == REC_QUERY && opt.sample > 1 && (n_queries++ % opt.sample) != 0) {
            stats_skip(&rs.st, "sampled out (--sample)");
            continue;
        }
        if (!conn || lost) {
            rs.st.run++;
            rs.st.failed++;
            continue;
        }
        run_record(&rs, conn, r);
        if (PQstatus(conn) != CONNECTION_OK) {
            printf("FAIL %s:%d: connection lost; trying to reconnect\n", path, r->line);
            PQfinish(conn);
            conn = connect_db(opt.fresh_db ? dbname : opt.db);
            if (!conn) {
                printf("FAIL %s: cannot reconnect; remaining records count as failed\n", path);
                lost = 1;
            }
        }
        if (opt.max_errors > 0 && rs.st.failed >= opt.max_errors) {
            printf("%s: stopping after %ld failures (--max-errors)\n", path, rs.st.failed);
            break;
        }
    }
    double secs = now_sec() - t0;

    if (conn && !opt.fresh_db) {
        char sql[300];
        for (size_t i = rs.created_views.n; i-- > 0;) {
            snprintf(sql, sizeof(sql), "DROP VIEW IF EXISTS %s", rs.created_views.items[i]);
            PQclear(PQexec(conn, sql));
        }
        for (size_t i = rs.created_tables.n; i-- > 0;) {
            snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS %s", rs.created_tables.items[i]);
            PQclear(PQexec(conn, sql));
        }
    }
    if (conn) PQfinish(conn);
    if (opt.fresh_db) {
        char sql[128];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", dbname);
        admin_exec(sql);
    }

    FileStats *st = &rs.st;
    long judged = st->passed + st->failed;
    double rate = judged ? 100.0 * (double)st->passed / (double)judged : 100.0;
    printf("%s: %ld records run, %ld passed, %ld failed, %ld skipped; pass rate %.2f%% "
           "(%.1fs)\n",
           path, st->run, st->passed, st->failed, st->skipped, rate, secs);
    for (int i = 0; i < st->n_reasons; i++)
        printf("    skipped %s: %ld\n", st->skip_reason[i], st->skip_count[i]);
    if (halted_line) printf("    halt at line %d: rest of file not run\n", halted_line);
    fflush(stdout);

    tot->run += st->run;
    tot->passed += st->passed;
    tot->failed += st->failed;
    tot->skipped += st->skipped;
    tot->files++;
    if (st->failed || !conn) tot->files_failed++;
    int rc = (st->failed || (!conn && st->run == 0 && sc.n > 0)) ? 1 : 0;

    for (int i = 0; i < st->n_reasons; i++) free(st->skip_reason[i]);
    for (size_t i = 0; i < rs.n_labels; i++) {
        free(rs.labels[i].name);
        free(rs.labels[i].hash);
    }
    free(rs.labels);
    strlist_free(&rs.created_tables);
    strlist_free(&rs.created_views);
    script_free(&sc);
    free(text);
    return rc;
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr,
            "usage: sqllogic --host H --port P [--db D] [--user U] [--verbose]\n"
            "                [--max-errors N] [--timeout SEC] [--fresh-db] [--engine NAME]\n"
            "                [--sample N] [--max-shown N]\n"
            "                file...\n"
            "  --db D          database to connect to (default: the libpq default)\n"
            "  --max-errors N  stop a file after N failures (default: never)\n"
            "  --max-shown N   failures described per file without --verbose (default 20)\n"
            "  --timeout SEC   per-statement timeout, cancels the statement (default 60)\n"
            "  --fresh-db      run each file in a new database (CREATE/DROP DATABASE)\n"
            "  --engine NAME   engine name for skipif/onlyif (default postgresql)\n"
            "  --sample N      run every Nth query only (statements always run)\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') break;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        }
#define ARG() (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (strcmp(a, "--host") == 0)
            opt.host = ARG();
        else if (strcmp(a, "--port") == 0)
            opt.port = ARG();
        else if (strcmp(a, "--db") == 0)
            opt.db = ARG();
        else if (strcmp(a, "--user") == 0)
            opt.user = ARG();
        else if (strcmp(a, "--engine") == 0)
            opt.engine = ARG();
        else if (strcmp(a, "--max-errors") == 0)
            opt.max_errors = atoi(ARG());
        else if (strcmp(a, "--max-shown") == 0)
            opt.max_shown = atoi(ARG());
        else if (strcmp(a, "--sample") == 0)
            opt.sample = atoi(ARG());
        else if (strcmp(a, "--timeout") == 0)
            opt.timeout_sec = atoi(ARG());
        else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
            opt.verbose = 1;
        else if (strcmp(a, "--fresh-db") == 0)
            opt.fresh_db = 1;
        else
            usage();
#undef ARG
    }
    if (i >= argc) usage();

    Totals tot = {0};
    int rc = 0;
    for (int file_no = 0; i < argc; i++, file_no++) rc |= run_file(argv[i], file_no, &tot);
    if (tot.files > 1) {
        long judged = tot.passed + tot.failed;
        printf("TOTAL: %d files (%d failed), %ld records run, %ld passed, %ld failed, %ld "
               "skipped; pass rate %.2f%%\n",
               tot.files, tot.files_failed, tot.run, tot.passed, tot.failed, tot.skipped,
               judged ? 100.0 * (double)tot.passed / (double)judged : 100.0);
    }
    return rc;
}
