/*
 * hermitage.c — runs the Hermitage isolation tests (Kleppmann's catalogue,
 * ../shared/testdata/hermitage/postgres.md) against a server and prints what
 * each session saw, so that OmenDB's transcript can be compared with
 * PostgreSQL's (tests/hermitage/run_hermitage.sh).
 *
 *   hermitage --port P [--user U] [--db D] [--only-case N] FILE.md
 *
 * Every ```sql block of FILE.md is one case; SERIALIZABLE cases are skipped
 * (OmenDB refuses that level). Before each case a separate connection
 * recreates `test (id int primary key, value int)` with (1,10),(2,20). Each
 * line "stmts; -- Tn ..." is sent on session n with PQsendQuery; if no result
 * arrives within BLOCK_MS the statement counts as blocked and its result is
 * collected later (before session n sends again, or while others run). The
 * transcript lists, per statement in script order: the session, whether it
 * blocked, and its outcome (rows sorted, command tags, or the SQLSTATE).
 * Sessions run with synchronous_commit off: durability is not what is tested,
 * and a slow fsync must not pass for a blocked COMMIT.
 */
#include <libpq-fe.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SESS  4
#define MAX_LINES 64
#define BLOCK_MS  400

typedef struct Line {
    int sess;
    char sql[512];
    bool blocked;
    char outcome[2048];
    bool done;
} Line;

static PGconn *connect_db(const char *port, const char *user, const char *db)
{
    char conninfo[512];
    snprintf(conninfo, sizeof(conninfo), "host=127.0.0.1 port=%s user=%s dbname=%s", port, user,
             db);
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "hermitage: connection failed: %s", PQerrorMessage(c));
        exit(2);
    }
    PQclear(PQexec(c, "SET client_min_messages = error"));
    /* a commit must not look blocked because an fsync was slow on a busy machine */
    PQclear(PQexec(c, "SET synchronous_commit = off"));
    return c;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends one result's summary to out. */
static void describe(PGresult *r, char *out, size_t cap)
{
    size_t len = strlen(out);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK) {
        int n = PQntuples(r), nf = PQnfields(r);
        char **rows = calloc((size_t)(n > 0 ? n : 1), sizeof(char *));
        for (int i = 0; i < n; i++) {
            char buf[256] = "";
            size_t bl = 0;
            for (int f = 0; f < nf; f++)
                bl += (size_t)snprintf(buf + bl, sizeof(buf) - bl, "%s%s", f ? "," : "",
                                       PQgetisnull(r, i, f) ? "NULL" : PQgetvalue(r, i, f));
            rows[i] = strdup(buf);
        }
        qsort(rows, (size_t)n, sizeof(char *), cmp_str);
        len += (size_t)snprintf(out + len, cap - len, "[");
        for (int i = 0; i < n; i++) {
            len += (size_t)snprintf(out + len, cap - len, "%s(%s)", i ? " " : "", rows[i]);
            free(rows[i]);
        }
        free(rows);
        snprintf(out + len, cap - len, "] ");
    } else if (st == PGRES_COMMAND_OK) {
        snprintf(out + len, cap - len, "%s ", PQcmdStatus(r));
    } else {
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        snprintf(out + len, cap - len, "ERROR %s ", state ? state : "?");
    }
}

/* Collects every available result of the line running on c; returns true when done. */
static bool collect(PGconn *c, Line *l, int wait_ms)
{
    struct pollfd pfd = {PQsocket(c), POLLIN, 0};
    for (;;) {
        if (!PQconsumeInput(c)) {
            snprintf(l->outcome, sizeof(l->outcome), "CONNECTION LOST");
            l->done = true;
            return true;
        }
        while (!PQisBusy(c)) {
            PGresult *r = PQgetResult(c);
            if (!r) {
                l->done = true;
                return true;
            }
            describe(r, l->outcome, sizeof(l->outcome));
            PQclear(r);
        }
        if (wait_ms == 0) return false;
        int rc = poll(&pfd, 1, wait_ms);
        if (rc == 0) return false; /* timed out: still running */
    }
}

int main(int argc, char **argv)
{
    const char *port = NULL, *user = "omendb", *db = "omendb", *file = NULL;
    int only = -1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--port") && i + 1 < argc)
            port = argv[++i];
        else if (!strcmp(argv[i], "--user") && i + 1 < argc)
            user = argv[++i];
        else if (!strcmp(argv[i], "--db") && i + 1 < argc)
            db = argv[++i];
        else if (!strcmp(argv[i], "--only-case") && i + 1 < argc)
            only = atoi(argv[++i]);
        else
            file = argv[i];
    }
    if (!port || !file) {
        fprintf(stderr, "usage: hermitage --port P [--user U] [--db D] FILE.md\n");
        return 2;
    }
    FILE *f = fopen(file, "r");
    if (!f) {
        perror(file);
        return 2;
    }
    char buf[1024];
    bool in_block = false;
    Line lines[MAX_LINES];
    int nlines = 0, ncase = 0, nrun = 0;
    char title[1024] = "";
    while (fgets(buf, sizeof(buf), f)) {
        if (!in_block && strncmp(buf, "Postgres \"", 10) == 0) {
            snprintf(title, sizeof(title), "%s", buf);
            title[strcspn(title, "\n")] = 0;
        }
        if (!in_block && strncmp(buf, "```sql", 6) == 0) {
            in_block = true;
            nlines = 0;
            continue;
        }
        if (in_block && strncmp(buf, "```", 3) == 0) {
            in_block = false;
            bool serializable = false, setup_only = true;
            for (int i = 0; i < nlines; i++) {
                if (strstr(lines[i].sql, "serializable")) serializable = true;
                if (lines[i].sess > 0) setup_only = false;
            }
            if (setup_only || nlines == 0) continue;
            ncase++;
            if (serializable || (only >= 0 && only != ncase)) continue;
            nrun++;
            PGconn *setup = connect_db(port, user, db);
            PQclear(PQexec(setup, "DROP TABLE IF EXISTS test"));
            PQclear(PQexec(setup, "CREATE TABLE test (id int primary key, value int)"));
            PQclear(PQexec(setup, "INSERT INTO test (id, value) VALUES (1, 10), (2, 20)"));
            PQfinish(setup);
            PGconn *sess[MAX_SESS + 1] = {0};
            int running[MAX_SESS + 1];
            for (int s = 0; s <= MAX_SESS; s++) running[s] = -1;
            for (int i = 0; i < nlines; i++) {
                Line *l = &lines[i];
                int s = l->sess;
                if (!sess[s]) sess[s] = connect_db(port, user, db);
                if (running[s] >= 0) { /* the session's previous statement must finish first */
                    collect(sess[s], &lines[running[s]], 10000);
                    running[s] = -1;
                }
                PQsendQuery(sess[s], l->sql);
                if (!collect(sess[s], l, BLOCK_MS)) {
                    l->blocked = true;
                    running[s] = i;
                }
                /* statements unblocked by this one */
                for (int o = 0; o <= MAX_SESS; o++) {
                    if (o == s || running[o] < 0) continue;
                    if (collect(sess[o], &lines[running[o]], 50)) running[o] = -1;
                }
            }
            for (int s = 0; s <= MAX_SESS; s++) {
                if (running[s] >= 0) collect(sess[s], &lines[running[s]], 10000);
                if (sess[s]) PQfinish(sess[s]);
            }
            printf("case %d: %s\n", ncase, title);
            for (int i = 0; i < nlines; i++)
                printf("  T%d%s %s => %s%s\n", lines[i].sess, lines[i].blocked ? " BLOCKS" : "",
                       lines[i].sql, lines[i].outcome, lines[i].done ? "" : "(never finished)");
            continue;
        }
        if (!in_block || nlines >= MAX_LINES) continue;
        char *tag = strstr(buf, "-- ");
        if (!tag) continue;
        Line *l = &lines[nlines];
        memset(l, 0, sizeof(*l));
        size_t sl = (size_t)(tag - buf);
        if (sl >= sizeof(l->sql)) sl = sizeof(l->sql) - 1;
        memcpy(l->sql, buf, sl);
        while (sl > 0 && (l->sql[sl - 1] == ' ')) l->sql[--sl] = 0;
        const char *t = strstr(tag, "T");
        if (t && t[1] >= '1' && t[1] <= '0' + MAX_SESS)
            l->sess = t[1] - '0';
        else
            l->sess = 0; /* "-- either": a fresh session */
        nlines++;
    }
    fclose(f);
    printf("%d cases run (%d in the file, serializable ones skipped)\n", nrun, ncase);
    return 0;
}
