/*
 * difftest: runs SQL files on PostgreSQL and on OmenDB and compares the answers.
 *
 *   difftest --pg-port P1 --omen-port P2 [options] file.sql...
 *
 * Each file is split into statements (terminated by a top-level ';'; quotes, E''
 * strings, quoted identifiers, dollar quotes, -- and nested block comments are
 * respected) and every statement runs on both servers in order. A statement passes
 * when
 *   - both fail with the same SQLSTATE, or
 *   - both succeed with the same command tag ("INSERT 0 3", "CREATE TABLE", ...) and,
 *     for a result set, the same column count, the same column type OIDs and the
 *     same values as text (NULL distinct from ''). Rows are compared in order only
 *     when the statement has a top-level ORDER BY; otherwise both sides are sorted.
 *     With --check-names the column names must match too.
 *
 * Isolation: on PostgreSQL each file runs in a fresh database (difftest_<pid>_<n>,
 * dropped afterwards). OmenDB has one database, so the caller gives each file a fresh
 * server (tests/compat/run_compat.sh does); --omen-fresh-db makes the OmenDB side
 * behave like the PostgreSQL side, which is how the corpus is validated with both
 * ports pointing at PostgreSQL.
 *
 * A comment line `-- difftest: skip <reason>` before a statement runs it on both
 * sides but does not compare the outcome (counted and listed as skipped).
 *
 * Output: one FAIL line per mismatching statement (file:line) with a diff of the
 * first --max-diffs mismatches per file, a summary line per file, and a total when
 * more than one file is given. Exit status 0 iff every statement of every file
 * passed; 2 on a usage or connection error.
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

/* ---------------------------------------------------------------- options */

typedef struct Side {
    const char *name; /* "pg" or "omen" */
    const char *host;
    const char *port;
    const char *user;
    const char *db; /* database to connect to (admin database when fresh) */
    int fresh_db;   /* create a database per file */
} Side;

typedef struct Options {
    Side pg, omen;
    int verbose;
    int max_diffs;
    int timeout_sec;
    int check_names;
} Options;

static Options opt = {
    {"pg", "127.0.0.1", NULL, "postgres", "postgres", 1},
    {"omen", "127.0.0.1", NULL, "omendb", "omendb", 0},
    0,
    5,
    30,
    0,
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "difftest: out of memory\n");
        exit(2);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "difftest: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *buf = xmalloc(cap);
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

/* ---------------------------------------------------------------- splitting */

typedef struct Stmt {
    char *sql;
    int line;
    char *skip_reason; /* from `-- difftest: skip <reason>` */
} Stmt;

typedef struct StmtList {
    Stmt *items;
    size_t n, cap;
} StmtList;

static int is_ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/*
 * If s[0] starts a dollar quote ($tag$ or $$), returns the length of the opening
 * delimiter, else 0. `prev` is the character before s[0] (0 at the start).
 */
static size_t dollar_tag_len(const char *s, char prev)
{
    if (s[0] != '$' || is_ident_char(prev)) return 0;
    size_t i = 1;
    if (isdigit((unsigned char)s[1])) return 0; /* $1 is a parameter */
    while (s[i] && (isalnum((unsigned char)s[i]) || s[i] == '_' || (unsigned char)s[i] >= 0x80))
        i++;
    return s[i] == '$' ? i + 1 : 0;
}

/*
 * Skips one lexical unit that is not plain code (a string, quoted identifier,
 * dollar quote or comment) starting at s[i]; returns the index after it, or i when
 * s[i] starts none. Counts newlines into *line.
 */
static size_t skip_special(const char *s, size_t i, int *line)
{
    char c = s[i];
    char prev = i ? s[i - 1] : 0;
    size_t j;
    if (c == '-' && s[i + 1] == '-') {
        j = i;
        while (s[j] && s[j] != '\n') j++;
        return j;
    }
    if (c == '/' && s[i + 1] == '*') {
        int depth = 1;
        j = i + 2;
        while (s[j] && depth) {
            if (s[j] == '/' && s[j + 1] == '*') {
                depth++;
                j += 2;
            } else if (s[j] == '*' && s[j + 1] == '/') {
                depth--;
                j += 2;
            } else {
                if (s[j] == '\n') (*line)++;
                j++;
            }
        }
        return j;
    }
    if (c == '\'') {
        int backslash = (prev == 'E' || prev == 'e') && (i < 2 || !is_ident_char(s[i - 2]));
        j = i + 1;
        while (s[j]) {
            if (s[j] == '\n') (*line)++;
            if (backslash && s[j] == '\\' && s[j + 1]) {
                if (s[j + 1] == '\n') (*line)++;
                j += 2;
                continue;
            }
            if (s[j] == '\'') {
                if (s[j + 1] == '\'') {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return j;
    }
    if (c == '"') {
        j = i + 1;
        while (s[j]) {
            if (s[j] == '\n') (*line)++;
            if (s[j] == '"') {
                if (s[j + 1] == '"') {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return j;
    }
    size_t tag = dollar_tag_len(s + i, prev);
    if (tag) {
        j = i + tag;
        while (s[j]) {
            if (s[j] == '$' && strncmp(s + j, s + i, tag) == 0) return j + tag;
            if (s[j] == '\n') (*line)++;
            j++;
        }
        return j;
    }
    return i;
}

static void stmt_push(StmtList *l, const char *start, size_t len, int line, char *skip)
{
    while (len && isspace((unsigned char)start[len - 1])) len--;
    if (len == 0) {
        free(skip);
        return;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof(Stmt));
    }
    l->items[l->n].sql = xstrndup(start, len);
    l->items[l->n].line = line;
    l->items[l->n].skip_reason = skip;
    l->n++;
}

static void split_statements(const char *s, StmtList *out)
{
    size_t i = 0;
    int line = 1;
    char *pending_skip = NULL;
    while (s[i]) {
        /* Between statements: whitespace and comments; look for directives. */
        if (isspace((unsigned char)s[i])) {
            if (s[i] == '\n') line++;
            i++;
            continue;
        }
        if (s[i] == '-' && s[i + 1] == '-') {
            size_t j = i + 2;
            while (s[j] == ' ' || s[j] == '\t') j++;
            if (strncmp(s + j, "difftest:", 9) == 0) {
                j += 9;
                while (s[j] == ' ' || s[j] == '\t') j++;
                if (strncmp(s + j, "skip", 4) == 0) {
                    j += 4;
                    while (s[j] == ' ' || s[j] == '\t') j++;
                    size_t e = j;
                    while (s[e] && s[e] != '\n') e++;
                    free(pending_skip);
                    pending_skip = xstrndup(s + j, e - j);
                    if (!pending_skip[0]) {
                        free(pending_skip);
                        pending_skip = xstrndup("(no reason given)", 17);
                    }
                }
            }
            i = skip_special(s, i, &line);
            continue;
        }
        if (s[i] == '/' && s[i + 1] == '*') {
            i = skip_special(s, i, &line);
            continue;
        }
        if (s[i] == ';') { /* empty statement */
            i++;
            continue;
        }
        /* A statement starts here. */
        size_t start = i;
        int start_line = line;
        while (s[i] && s[i] != ';') {
            size_t j = skip_special(s, i, &line);
            if (j != i) {
                i = j;
                continue;
            }
            if (s[i] == '\n') line++;
            i++;
        }
        stmt_push(out, s + start, i - start, start_line, pending_skip);
        pending_skip = NULL;
        if (s[i] == ';') i++;
    }
    free(pending_skip);
}

/* True when the statement has an ORDER BY outside any parentheses. */
static int has_top_level_order_by(const char *s)
{
    int depth = 0, line = 0, saw_order = 0;
    size_t i = 0;
    while (s[i]) {
        size_t j = skip_special(s, i, &line);
        if (j != i) {
            i = j;
            saw_order = 0;
            continue;
        }
        char c = s[i];
        if (c == '(') {
            depth++;
            saw_order = 0;
            i++;
        } else if (c == ')') {
            depth--;
            saw_order = 0;
            i++;
        } else if (isalpha((unsigned char)c) || c == '_') {
            size_t e = i;
            while (s[e] && is_ident_char(s[e])) e++;
            size_t len = e - i;
            if (depth == 0 && len == 5 && strncasecmp(s + i, "order", 5) == 0) {
                saw_order = 1;
            } else if (depth == 0 && len == 2 && strncasecmp(s + i, "by", 2) == 0 && saw_order) {
                return 1;
            } else {
                saw_order = 0;
            }
            i = e;
        } else {
            if (!isspace((unsigned char)c)) saw_order = 0;
            i++;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- connections */

static void notice_sink(void *arg, const char *msg)
{
}

static PGconn *connect_side(const Side *side, const char *dbname)
{
    const char *keys[8], *vals[8];
    int n = 0;
    keys[n] = "host", vals[n++] = side->host;
    keys[n] = "port", vals[n++] = side->port;
    keys[n] = "dbname", vals[n++] = dbname;
    if (side->user) keys[n] = "user", vals[n++] = side->user;
    keys[n] = "application_name", vals[n++] = "difftest";
    keys[n] = "connect_timeout", vals[n++] = "10";
    keys[n] = NULL, vals[n] = NULL;
    PGconn *conn = PQconnectdbParams(keys, vals, 0);
    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "difftest: cannot connect to %s (%s:%s db %s): %s", side->name, side->host,
                side->port, dbname, PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    PQsetNoticeProcessor(conn, notice_sink, NULL);
    return conn;
}

static int admin_exec(const Side *side, const char *sql)
{
    PGconn *admin = connect_side(side, side->db);
    if (!admin) return -1;
    PGresult *res = PQexec(admin, sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
    if (rc) fprintf(stderr, "difftest: %s on %s: %s", sql, side->name, PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(admin);
    return rc;
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs sql; returns the last result, or NULL on timeout (*timed_out) or lost link. */
static PGresult *exec_sql(PGconn *conn, const char *sql, int *timed_out)
{
    *timed_out = 0;
    if (!conn || PQstatus(conn) != CONNECTION_OK) return NULL;
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
            double hard = now_sec() + 5;
            while (PQisBusy(conn) && now_sec() < hard) {
                struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
                poll(&pfd, 1, 100);
                if (!PQconsumeInput(conn)) break;
            }
            if (!PQisBusy(conn)) {
                PGresult *r;
                while ((r = PQgetResult(conn)) != NULL) PQclear(r);
            }
            return NULL;
        }
        struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
        int ms = left > 1 ? 1000 : (int)(left * 1000) + 1;
        int rc = poll(&pfd, 1, ms);
        if (rc < 0 && errno != EINTR) return NULL;
        if (rc > 0 && !PQconsumeInput(conn)) return NULL;
    }
    PGresult *last = NULL, *r;
    while ((r = PQgetResult(conn)) != NULL) {
        if (last) PQclear(last);
        last = r;
    }
    return last;
}

/* ---------------------------------------------------------------- outcomes */

/* What one side answered, in comparable form. */
typedef struct Outcome {
    int kind; /* 0 ok, 1 error, 2 no answer (timeout / connection) */
    char sqlstate[6];
    char *message; /* first line of the error, or the no-answer reason */
    char *tag;     /* command tag */
    int has_rows;
    int n_cols, n_rows;
    Oid *types;
    char **names;
    char **cells; /* n_rows * n_cols; NULL pointer = SQL NULL */
} Outcome;

static void outcome_free(Outcome *o)
{
    free(o->message);
    free(o->tag);
    free(o->types);
    if (o->names)
        for (int c = 0; c < o->n_cols; c++) free(o->names[c]);
    free(o->names);
    if (o->cells)
        for (long i = 0; i < (long)o->n_rows * o->n_cols; i++) free(o->cells[i]);
    free(o->cells);
    memset(o, 0, sizeof(*o));
}

static int sort_cols; /* qsort has no context argument in C11 */

static int cmp_cell(const char *a, const char *b)
{
    if (!a || !b) return a ? -1 : b ? 1 : 0; /* NULL sorts last */
    return strcmp(a, b);
}

static int cmp_row(const void *pa, const void *pb)
{
    char *const *a = pa, *const *b = pb;
    for (int c = 0; c < sort_cols; c++) {
        int d = cmp_cell(a[c], b[c]);
        if (d) return d;
    }
    return 0;
}

static void outcome_from(Outcome *o, PGconn *conn, PGresult *res, int timed_out, int sort)
{
    memset(o, 0, sizeof(*o));
    if (!res) {
        o->kind = 2;
        const char *why = timed_out ? "timed out" : "no answer (connection lost?)";
        if (!timed_out && conn && PQerrorMessage(conn)[0]) why = PQerrorMessage(conn);
        o->message = xstrndup(why, strcspn(why, "\n"));
        return;
    }
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        o->kind = 1;
        const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        snprintf(o->sqlstate, sizeof(o->sqlstate), "%s", code ? code : "?????");
        const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        if (!msg) msg = PQresultErrorMessage(res);
        o->message = xstrndup(msg, strcspn(msg, "\n"));
        return;
    }
    o->tag = xstrndup(PQcmdStatus(res), strlen(PQcmdStatus(res)));
    if (st != PGRES_TUPLES_OK) return;
    o->has_rows = 1;
    o->n_cols = PQnfields(res);
    o->n_rows = PQntuples(res);
    o->types = xmalloc(sizeof(Oid) * (size_t)(o->n_cols + 1));
    o->names = xmalloc(sizeof(char *) * (size_t)(o->n_cols + 1));
    for (int c = 0; c < o->n_cols; c++) {
        o->types[c] = PQftype(res, c);
        o->names[c] = xstrndup(PQfname(res, c), strlen(PQfname(res, c)));
    }
    size_t n = (size_t)o->n_rows * (size_t)o->n_cols;
    o->cells = xmalloc(sizeof(char *) * (n + 1));
    for (int r = 0; r < o->n_rows; r++)
        for (int c = 0; c < o->n_cols; c++)
            o->cells[(size_t)r * o->n_cols + c] =
                PQgetisnull(res, r, c)
                    ? NULL
                    : xstrndup(PQgetvalue(res, r, c), (size_t)PQgetlength(res, r, c));
    if (sort && o->n_cols > 0) {
        sort_cols = o->n_cols;
        qsort(o->cells, (size_t)o->n_rows, sizeof(char *) * (size_t)o->n_cols, cmp_row);
    }
}

static void print_row(const char *who, const Outcome *o, int r)
{
    printf("      %s row %d: ", who, r + 1);
    for (int c = 0; c < o->n_cols; c++) {
        const char *v = o->cells[(size_t)r * o->n_cols + c];
        printf("%s%s", c ? " | " : "", v ? (v[0] ? v : "''") : "NULL");
    }
    printf("\n");
}

static void describe(const char *who, const Outcome *o)
{
    if (o->kind == 1)
        printf("      %s: ERROR %s: %s\n", who, o->sqlstate, o->message);
    else if (o->kind == 2)
        printf("      %s: %s\n", who, o->message);
    else if (o->has_rows)
        printf("      %s: %s (%d columns)\n", who, o->tag, o->n_cols);
    else
        printf("      %s: %s\n", who, o->tag);
}

static int row_equal(const Outcome *a, const Outcome *b, int r)
{
    for (int c = 0; c < a->n_cols; c++)
        if (cmp_cell(a->cells[(size_t)r * a->n_cols + c], b->cells[(size_t)r * b->n_cols + c]))
            return 0;
    return 1;
}

/*
 * Compares the outcomes; returns 1 when they agree. On disagreement writes a short
 * reason into why and, when show is set, prints a diff.
 */
static int compare(const Outcome *pg, const Outcome *om, char *why, size_t cap, int show,
                   int ordered)
{
    if (pg->kind != 0 || om->kind != 0) {
        if (pg->kind == 1 && om->kind == 1) {
            if (strcmp(pg->sqlstate, om->sqlstate) == 0) return 1;
            snprintf(why, cap, "SQLSTATE differs: pg %s, omen %s", pg->sqlstate, om->sqlstate);
        } else if (pg->kind == 1) {
            snprintf(why, cap, "pg fails with %s, omen does not", pg->sqlstate);
        } else if (om->kind == 1) {
            snprintf(why, cap, "omen fails with %s, pg does not", om->sqlstate);
        } else {
            snprintf(why, cap, "no answer: pg %s, omen %s", pg->kind == 2 ? pg->message : "ok",
                     om->kind == 2 ? om->message : "ok");
        }
        if (show) {
            describe("pg  ", pg);
            describe("omen", om);
        }
        return 0;
    }
    /* For result sets the rows say more than the tag ("SELECT n"), so compare those. */
    if (pg->has_rows != om->has_rows || (!pg->has_rows && strcmp(pg->tag, om->tag) != 0)) {
        snprintf(why, cap, "command tag differs: pg \"%s\", omen \"%s\"", pg->tag, om->tag);
        if (show) {
            describe("pg  ", pg);
            describe("omen", om);
        }
        return 0;
    }
    if (!pg->has_rows) return 1;
    if (pg->n_cols != om->n_cols) {
        snprintf(why, cap, "column count differs: pg %d, omen %d", pg->n_cols, om->n_cols);
        return 0;
    }
    for (int c = 0; c < pg->n_cols; c++) {
        /* user-defined types (enums) have OIDs from each server's own counter,
         * which the two assign in different orders: any two such OIDs match
         * (the values, compared as text below, tell the types apart) */
        bool both_user = pg->types[c] >= 16384 && om->types[c] >= 16384;
        if (pg->types[c] != om->types[c] && !both_user) {
            snprintf(why, cap, "column %d (%s) type OID differs: pg %u, omen %u", c + 1,
                     pg->names[c], pg->types[c], om->types[c]);
            return 0;
        }
        if (opt.check_names && strcmp(pg->names[c], om->names[c]) != 0) {
            snprintf(why, cap, "column %d name differs: pg \"%s\", omen \"%s\"", c + 1,
                     pg->names[c], om->names[c]);
            return 0;
        }
    }
    int n_diff = 0, first = -1;
    int n = pg->n_rows < om->n_rows ? pg->n_rows : om->n_rows;
    for (int r = 0; r < n; r++) {
        if (!row_equal(pg, om, r)) {
            if (first < 0) first = r;
            n_diff++;
        }
    }
    if (n_diff == 0 && pg->n_rows == om->n_rows) return 1;
    if (pg->n_rows != om->n_rows)
        snprintf(why, cap, "row count differs: pg %d, omen %d (%s)", pg->n_rows, om->n_rows,
                 ordered ? "ordered" : "sorted");
    else
        snprintf(why, cap, "%d of %d rows differ (%s)", n_diff, pg->n_rows,
                 ordered ? "ordered" : "sorted");
    if (show) {
        int shown = 0;
        int from = first >= 0 ? first : n;
        for (int r = from; r < (pg->n_rows > om->n_rows ? pg->n_rows : om->n_rows); r++) {
            int both = r < n;
            if (both && row_equal(pg, om, r)) continue;
            if (r < pg->n_rows) print_row("pg  ", pg, r);
            if (r < om->n_rows) print_row("omen", om, r);
            if (++shown >= 5) {
                printf("      ...\n");
                break;
            }
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- one file */

typedef struct Totals {
    long stmts, passed, failed, skipped;
    int files, files_failed;
} Totals;

static void print_sql_head(const char *sql)
{
    printf("    > ");
    int len = 0;
    for (const char *p = sql; *p && len < 160; p++, len++) putchar(*p == '\n' ? ' ' : *p);
    if (strlen(sql) > 160) printf("...");
    printf("\n");
}

static PGconn *open_side(Side *side, char *dbname, size_t cap, int file_no)
{
    if (side->fresh_db) {
        snprintf(dbname, cap, "difftest_%ld_%d_%s", (long)getpid(), file_no, side->name);
        char sql[160];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", dbname);
        admin_exec(side, sql);
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", dbname);
        if (admin_exec(side, sql) != 0) return NULL;
        return connect_side(side, dbname);
    }
    snprintf(dbname, cap, "%s", side->db);
    return connect_side(side, dbname);
}

static void close_side(Side *side, PGconn *conn, const char *dbname)
{
    if (conn) PQfinish(conn);
    if (side->fresh_db) {
        char sql[160];
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", dbname);
        admin_exec(side, sql);
    }
}

static int run_file(const char *path, int file_no, Totals *tot)
{
    tot->files++;
    char *text = read_file(path);
    if (!text) {
        printf("FAIL %s: cannot read: %s\n", path, strerror(errno));
        tot->files_failed++;
        return 1;
    }
    StmtList sl = {0};
    split_statements(text, &sl);

    char pg_db[96], om_db[96];
    PGconn *pg = open_side(&opt.pg, pg_db, sizeof(pg_db), file_no);
    PGconn *om = pg ? open_side(&opt.omen, om_db, sizeof(om_db), file_no) : NULL;
    if (!pg || !om) {
        printf("FAIL %s: cannot set up connections\n", path);
        if (pg) close_side(&opt.pg, pg, pg_db);
        tot->files_failed++;
        for (size_t i = 0; i < sl.n; i++) {
            free(sl.items[i].sql);
            free(sl.items[i].skip_reason);
        }
        free(sl.items);
        free(text);
        return 1;
    }

    long passed = 0, failed = 0, skipped = 0, shown = 0;
    double t0 = now_sec();
    for (size_t i = 0; i < sl.n; i++) {
        Stmt *st = &sl.items[i];
        int ordered = has_top_level_order_by(st->sql);
        int to_pg, to_om;
        PGresult *rp = exec_sql(pg, st->sql, &to_pg);
        PGresult *ro = exec_sql(om, st->sql, &to_om);
        Outcome op, oo;
        outcome_from(&op, pg, rp, to_pg, !ordered);
        outcome_from(&oo, om, ro, to_om, !ordered);
        if (rp) PQclear(rp);
        if (ro) PQclear(ro);
        char why[512] = "";
        if (st->skip_reason) {
            skipped++;
            if (opt.verbose) {
                printf("skip %s:%d: %s\n", path, st->line, st->skip_reason);
                print_sql_head(st->sql);
            }
        } else {
            int show = opt.verbose || shown < opt.max_diffs;
            /* Compare silently first so that the FAIL line precedes the diff. */
            if (compare(&op, &oo, why, sizeof(why), 0, ordered)) {
                passed++;
                if (opt.verbose)
                    printf("ok   %s:%d: %s%s\n", path, st->line, op.kind == 1 ? "ERROR " : "",
                           op.kind == 1 ? op.sqlstate : op.tag);
            } else {
                failed++;
                printf("FAIL %s:%d: %s\n", path, st->line, why);
                if (show) {
                    shown++;
                    print_sql_head(st->sql);
                    compare(&op, &oo, why, sizeof(why), 1, ordered);
                }
            }
        }
        outcome_free(&op);
        outcome_free(&oo);
        if (PQstatus(om) != CONNECTION_OK) {
            printf("FAIL %s:%d: lost the connection to omen; %zu remaining statements count "
                   "as failed\n",
                   path, st->line, sl.n - i - 1);
            failed += (long)(sl.n - i - 1);
            break;
        }
        if (PQstatus(pg) != CONNECTION_OK) {
            printf("FAIL %s:%d: lost the connection to pg\n", path, st->line);
            failed += (long)(sl.n - i - 1);
            break;
        }
    }
    close_side(&opt.omen, om, om_db);
    close_side(&opt.pg, pg, pg_db);

    printf("%s %s: %zu statements, %ld passed, %ld failed, %ld skipped (%.1fs)\n",
           failed ? "FAIL" : "PASS", path, sl.n, passed, failed, skipped, now_sec() - t0);
    if (skipped && !opt.verbose)
        for (size_t i = 0; i < sl.n; i++)
            if (sl.items[i].skip_reason)
                printf("    skipped %s:%d: %s\n", path, sl.items[i].line, sl.items[i].skip_reason);
    fflush(stdout);
    tot->stmts += (long)sl.n;
    tot->passed += passed;
    tot->failed += failed;
    tot->skipped += skipped;
    if (failed) tot->files_failed++;
    for (size_t i = 0; i < sl.n; i++) {
        free(sl.items[i].sql);
        free(sl.items[i].skip_reason);
    }
    free(sl.items);
    free(text);
    return failed ? 1 : 0;
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fprintf(stderr,
            "usage: difftest --pg-port P1 --omen-port P2 [options] file.sql...\n"
            "  --pg-host H / --omen-host H     (default 127.0.0.1)\n"
            "  --pg-user U / --omen-user U     (default postgres / omendb)\n"
            "  --pg-db D                       admin database for CREATE DATABASE (postgres)\n"
            "  --omen-db D                     database on OmenDB (omendb)\n"
            "  --omen-fresh-db                 the omen side is PostgreSQL too: fresh db per "
            "file\n"
            "  --check-names                   compare column names too\n"
            "  --max-diffs N                   mismatches shown in detail per file (5)\n"
            "  --timeout SEC                   per statement (30)\n"
            "  --verbose                       print every statement's outcome\n"
            "  --split-only                    print the statements of the files and exit\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int i, split_only = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-') break;
#define ARG() (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (strcmp(a, "--pg-port") == 0)
            opt.pg.port = ARG();
        else if (strcmp(a, "--omen-port") == 0)
            opt.omen.port = ARG();
        else if (strcmp(a, "--pg-host") == 0)
            opt.pg.host = ARG();
        else if (strcmp(a, "--omen-host") == 0)
            opt.omen.host = ARG();
        else if (strcmp(a, "--pg-user") == 0)
            opt.pg.user = ARG();
        else if (strcmp(a, "--omen-user") == 0)
            opt.omen.user = ARG();
        else if (strcmp(a, "--pg-db") == 0)
            opt.pg.db = ARG();
        else if (strcmp(a, "--omen-db") == 0)
            opt.omen.db = ARG();
        else if (strcmp(a, "--omen-fresh-db") == 0)
            opt.omen.fresh_db = 1;
        else if (strcmp(a, "--check-names") == 0)
            opt.check_names = 1;
        else if (strcmp(a, "--max-diffs") == 0)
            opt.max_diffs = atoi(ARG());
        else if (strcmp(a, "--timeout") == 0)
            opt.timeout_sec = atoi(ARG());
        else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0)
            opt.verbose = 1;
        else if (strcmp(a, "--split-only") == 0)
            split_only = 1;
        else
            usage();
#undef ARG
    }
    if (i >= argc) usage();
    if (split_only) {
        for (; i < argc; i++) {
            char *text = read_file(argv[i]);
            if (!text) continue;
            StmtList sl = {0};
            split_statements(text, &sl);
            for (size_t k = 0; k < sl.n; k++) {
                printf("-- %s:%d%s%s ordered=%d\n%s;\n", argv[i], sl.items[k].line,
                       sl.items[k].skip_reason ? " skip: " : "",
                       sl.items[k].skip_reason ? sl.items[k].skip_reason : "",
                       has_top_level_order_by(sl.items[k].sql), sl.items[k].sql);
                free(sl.items[k].sql);
                free(sl.items[k].skip_reason);
            }
            free(sl.items);
            free(text);
        }
        return 0;
    }
    if (!opt.pg.port || !opt.omen.port) usage();

    Totals tot = {0};
    int rc = 0;
    for (int file_no = 0; i < argc; i++, file_no++) rc |= run_file(argv[i], file_no, &tot);
    if (tot.files > 1)
        printf("difftest: %d files (%d failed), %ld statements, %ld passed, %ld failed, %ld "
               "skipped\n",
               tot.files, tot.files_failed, tot.stmts, tot.passed, tot.failed, tot.skipped);
    return rc;
}
