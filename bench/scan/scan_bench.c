/*
 * scan_bench.c — the analytic scan benchmark: loads N rows (bigint, double
 * precision, text of 10–20 characters, a low-cardinality int) with INSERT …
 * SELECT FROM generate_series on each server, then times count(*), sum(bigint),
 * a 10%-selective filtered sum and a GROUP BY with sum and avg, several runs
 * each, and prints medians side by side with the ratio.
 *
 * Usage: scan_bench --omen-port P [--pg-port Q] [--rows N] [--runs R]
 * (bench/scan/run.sh starts both servers and calls this.)
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static PGconn *connect_to(int port, const char *user, const char *db)
{
    char conninfo[256];
    snprintf(conninfo, sizeof(conninfo), "host=127.0.0.1 port=%d user=%s dbname=%s", port, user,
             db);
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "scan_bench: cannot connect to port %d: %s", port, PQerrorMessage(c));
        exit(2);
    }
    return c;
}

/* Runs sql, returns elapsed ms (exits on error). */
static double run(PGconn *c, const char *sql, char *first_value, size_t cap)
{
    double t0 = now_ms();
    PGresult *r = PQexec(c, sql);
    double t1 = now_ms();
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        fprintf(stderr, "scan_bench: %s failed: %s", sql, PQresultErrorMessage(r));
        exit(2);
    }
    if (first_value) {
        first_value[0] = '\0';
        if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
            snprintf(first_value, cap, "%s", PQgetvalue(r, 0, 0));
    }
    PQclear(r);
    return t1 - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(double), cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

typedef struct Query {
    const char *name;
    const char *sql;
} Query;

int main(int argc, char **argv)
{
    int omen_port = 0, pg_port = 0, runs = 5;
    long rows = 10000000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--omen-port") && i + 1 < argc)
            omen_port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--pg-port") && i + 1 < argc)
            pg_port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--rows") && i + 1 < argc)
            rows = atol(argv[++i]);
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s --omen-port P [--pg-port Q] [--rows N] [--runs R]\n",
                    argv[0]);
            return 2;
        }
    }
    if (!omen_port) {
        fprintf(stderr, "scan_bench: --omen-port is required\n");
        return 2;
    }
    if (runs < 1 || runs > 50) runs = 5;
    PGconn *conns[2] = {connect_to(omen_port, "omendb", "omendb"),
                        pg_port ? connect_to(pg_port, "postgres", "postgres") : NULL};
    const char *names[2] = {"OmenDB", "PostgreSQL"};
    char sql[1024];
    double load_ms[2] = {0, 0};
    for (int s = 0; s < 2; s++) {
        if (!conns[s]) continue;
        run(conns[s], "DROP TABLE IF EXISTS scan_t", NULL, 0);
        run(conns[s], "CREATE TABLE scan_t (id bigint, val double precision, txt text, grp int)",
            NULL, 0);
        snprintf(sql, sizeof(sql),
                 "INSERT INTO scan_t SELECT g, g * 0.25, 'customer-' || g, (g %% 10)::int "
                 "FROM generate_series(1::bigint, %ld::bigint) g",
                 rows);
        load_ms[s] = run(conns[s], sql, NULL, 0);
        if (s == 1) run(conns[s], "VACUUM ANALYZE scan_t", NULL, 0);
    }
    static const Query queries[] = {
        {"count(*)", "SELECT count(*) FROM scan_t"},
        {"sum(bigint)", "SELECT sum(id) FROM scan_t"},
        {"filtered sum (10%)", "SELECT sum(id) FROM scan_t WHERE grp = 3"},
        {"group by (10 groups)",
         "SELECT grp, sum(val), avg(val) FROM scan_t GROUP BY grp ORDER BY grp"},
    };
    int nq = (int)(sizeof(queries) / sizeof(queries[0]));
    printf("scan benchmark: %ld rows, median of %d runs (ms); machine shared and noisy\n", rows,
           runs);
    printf("reproduce: bench/scan/run.sh --rows %ld --runs %d\n\n", rows, runs);
    printf("%-22s %12s %12s %9s %14s\n", "query", "OmenDB ms", "PG15 ms", "PG/Omen", "Omen rows/s");
    printf("%-22s %12.1f %12.1f %9.2f %14s\n", "load (INSERT..SELECT)", load_ms[0], load_ms[1],
           conns[1] ? load_ms[1] / load_ms[0] : 0.0, "");
    for (int q = 0; q < nq; q++) {
        double med[2] = {0, 0};
        char answer[2][128] = {"", ""};
        for (int s = 0; s < 2; s++) {
            if (!conns[s]) continue;
            double t[50];
            run(conns[s], queries[q].sql, answer[s], sizeof(answer[s])); /* warm-up */
            for (int r = 0; r < runs; r++) t[r] = run(conns[s], queries[q].sql, NULL, 0);
            med[s] = median(t, runs);
        }
        printf("%-22s %12.2f %12.2f %9.1f %14.3g\n", queries[q].name, med[0], med[1],
               conns[1] ? med[1] / med[0] : 0.0, (double)rows / (med[0] / 1e3));
        if (conns[1] && strcmp(answer[0], answer[1]) != 0)
            printf("  note: first values differ: OmenDB %s, PostgreSQL %s\n", answer[0], answer[1]);
        (void)names;
    }
    for (int s = 0; s < 2; s++)
        if (conns[s]) PQfinish(conns[s]);
    return 0;
}
