/*
 * crash_client: the workload and the checker of the crash test
 * (tests/crash/run_crash.sh). It speaks to the server through libpq only.
 *
 *   crash_client setup  --port P [--host H] [--clients N]
 *   crash_client run    --port P --state DIR --cycle K [--clients N] [--seconds S]
 *                       [--async-clients M]
 *   crash_client verify --port P --state DIR
 *
 * Workload: client c (a thread with its own connection) owns the acct rows
 * c*100 .. c*100+KEYS-1. Its transaction number s (1, 2, ...) does, in one
 * transaction block:
 *     UPDATE acct SET val = val + d, seq = s WHERE id IN (three of its keys)
 *     INSERT INTO hist VALUES (c * 1e9 + s, c, s, k1, k2, k3, d)
 *     DELETE FROM scratch WHERE client = c
 *     INSERT INTO scratch VALUES (c * 1e9 + s, c, s)
 *     COMMIT
 * with keys and d functions of (c, s). Every COMMIT the server acknowledged is
 * recorded; `run` ends when the server goes away (it is killed with SIGKILL)
 * or after --seconds, and writes DIR/acked.<c> (the last acknowledged s) and
 * DIR/errors (the SQLSTATE of each client's first failure, if any). The last
 * M clients run with synchronous_commit = off. Each run first creates table
 * ddl_<cycle> holding one row (a logged DDL) and records DIR/ddl.<cycle> once
 * that commit was acknowledged, then alters it in N_ALTER_STEPS ALTER TABLE
 * statements (add, rename, retype and drop columns, add a CHECK), recording
 * DIR/alter.<cycle> = the number acknowledged.
 *
 * verify checks, for every client: its hist rows are exactly 1..m with m the
 * acknowledged count or one more (the COMMIT in flight when the server died;
 * for synchronous_commit = off clients m may also be smaller: a lost suffix),
 * each acct row equals what those hist rows imply (no partial transaction),
 * scratch holds exactly the row of transaction m, and the unique indexes with a
 * predicate and expression keys on hist and scratch refuse a second row with
 * the client's keys; every table's primary key is
 * unique (count(*) = count(DISTINCT id)); every acknowledged ddl_<k> exists
 * with its row, its columns (names, types, values) as the acknowledged ALTER
 * steps left them or as the one in flight made them. Exit status 0 iff all holds (1: a check
 * failed, 2: usage or connection error).
 */
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KEYS        20
#define MAX_CLIENTS 16
#define CLIENT_MUL  1000000000LL

typedef struct Options {
    const char *host;
    const char *port;
    const char *state;
    int clients;
    int async_clients;
    int cycle;
    double seconds;
} Options;

static Options opt = {"127.0.0.1", NULL, NULL, 4, 1, 0, 5.0};

static PGconn *connect_db(void)
{
    char info[256];
    snprintf(info, sizeof(info),
             "host=%s port=%s user=omendb dbname=omendb connect_timeout=5 "
             "application_name=crash_client",
             opt.host, opt.port);
    PGconn *c = PQconnectdb(info);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "crash_client: connection failed: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

/* Runs a command; returns 0 or -1 (sqlstate receives the error's SQLSTATE). */
static int exec_cmd(PGconn *c, const char *sql, char sqlstate[6])
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
    if (rc != 0 && sqlstate) {
        const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        snprintf(sqlstate, 6, "%s", s ? s : "08006");
    }
    PQclear(r);
    return rc;
}

static PGresult *query(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        fprintf(stderr, "crash_client: %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
        return NULL;
    }
    return r;
}

static void txn_keys(int client, long long s, int keys[3])
{
    int base = (int)((s * 7) % KEYS);
    keys[0] = client * 100 + base;
    keys[1] = client * 100 + (base + 3) % KEYS;
    keys[2] = client * 100 + (base + 11) % KEYS;
}

static long long txn_delta(int client, long long s)
{
    return (s * 31 + client) % 97 + 1;
}

static int read_state(const char *name, long long *out)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", opt.state, name);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    int ok = fscanf(f, "%lld", out) == 1;
    fclose(f);
    return ok ? 0 : -1;
}

static void write_state(const char *name, long long v)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof(path), "%s/%s", opt.state, name);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "crash_client: cannot write %s: %s\n", tmp, strerror(errno));
        exit(2);
    }
    fprintf(f, "%lld\n", v);
    fclose(f);
    rename(tmp, path);
}

/* ---- setup ---- */

static int cmd_setup(void)
{
    PGconn *c = connect_db();
    if (!c) return 2;
    char sql[512];
    if (exec_cmd(c,
                 "CREATE TABLE acct (id int PRIMARY KEY, client int NOT NULL, val bigint "
                 "NOT NULL, seq bigint NOT NULL)",
                 NULL) ||
        exec_cmd(c,
                 "CREATE TABLE hist (id bigint PRIMARY KEY, client int NOT NULL, seq bigint "
                 "NOT NULL, k1 int, k2 int, k3 int, delta bigint, note text)",
                 NULL) ||
        exec_cmd(c, "CREATE TABLE scratch (id bigint PRIMARY KEY, client int, seq bigint)", NULL) ||
        exec_cmd(c,
                 "CREATE UNIQUE INDEX hist_client_seq ON hist (client, (seq * 1)) WHERE delta IS "
                 "NOT NULL",
                 NULL) ||
        exec_cmd(c, "CREATE UNIQUE INDEX scratch_one_live ON scratch ((client + 0)) WHERE seq > 0",
                 NULL)) {
        fprintf(stderr, "crash_client: setup: %s", PQerrorMessage(c));
        PQfinish(c);
        return 2;
    }
    snprintf(sql, sizeof(sql),
             "INSERT INTO acct SELECT c * 100 + k, c, 0, 0 FROM generate_series(0, %d) c, "
             "generate_series(0, %d) k",
             MAX_CLIENTS - 1, KEYS - 1);
    int rc = exec_cmd(c, sql, NULL);
    if (rc != 0) fprintf(stderr, "crash_client: setup: %s", PQerrorMessage(c));
    PQfinish(c);
    return rc ? 2 : 0;
}

/* ---- run ---- */

typedef struct Client {
    int id;
    bool async;
    long long next;   /* next transaction number */
    long long acked;  /* last acknowledged, -1 none this run */
    char sqlstate[6]; /* first failure */
    long long n_done;
} Client;

static struct timespec run_end;

static bool time_left(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec < run_end.tv_sec ||
           (now.tv_sec == run_end.tv_sec && now.tv_nsec < run_end.tv_nsec);
}

static void *client_main(void *arg)
{
    Client *cl = arg;
    PGconn *c = connect_db();
    if (!c) {
        snprintf(cl->sqlstate, 6, "08001");
        return NULL;
    }
    if (cl->async && exec_cmd(c, "SET synchronous_commit = off", cl->sqlstate)) goto out;
    char sql[512];
    while (time_left()) {
        long long s = cl->next;
        int k[3];
        txn_keys(cl->id, s, k);
        long long d = txn_delta(cl->id, s), row_id = cl->id * CLIENT_MUL + s;
        if (exec_cmd(c, "BEGIN", cl->sqlstate)) break;
        snprintf(sql, sizeof(sql),
                 "UPDATE acct SET val = val + %lld, seq = %lld WHERE id IN (%d, %d, %d)", d, s,
                 k[0], k[1], k[2]);
        if (exec_cmd(c, sql, cl->sqlstate)) break;
        snprintf(sql, sizeof(sql),
                 "INSERT INTO hist VALUES (%lld, %d, %lld, %d, %d, %d, %lld, 'client %d txn %lld')",
                 row_id, cl->id, s, k[0], k[1], k[2], d, cl->id, s);
        if (exec_cmd(c, sql, cl->sqlstate)) break;
        snprintf(sql, sizeof(sql), "DELETE FROM scratch WHERE client = %d", cl->id);
        if (exec_cmd(c, sql, cl->sqlstate)) break;
        snprintf(sql, sizeof(sql), "INSERT INTO scratch VALUES (%lld, %d, %lld)", row_id, cl->id,
                 s);
        if (exec_cmd(c, sql, cl->sqlstate)) break;
        if (exec_cmd(c, "COMMIT", cl->sqlstate)) break;
        cl->acked = s;
        cl->next = s + 1;
        cl->n_done++;
    }
out:
    PQfinish(c);
    return NULL;
}

/* The ALTER TABLE steps run on ddl_<k> after its row is in, and the table's
 * row as "name:type oid=value,..." after each number of steps. */
#define N_ALTER_STEPS 4

static void alter_sql(int k, int step, char *buf, size_t cap)
{
    switch (step) {
    case 1:
        snprintf(buf, cap,
                 "ALTER TABLE ddl_%d ADD COLUMN w int NOT NULL DEFAULT %d, "
                 "ADD COLUMN junk text DEFAULT 'j'",
                 k, 2 * k + 1);
        break;
    case 2:
        snprintf(buf, cap, "ALTER TABLE ddl_%d RENAME COLUMN v TO vv", k);
        break;
    case 3:
        snprintf(buf, cap,
                 "ALTER TABLE ddl_%d ALTER COLUMN vv TYPE bigint USING vv * 10, DROP COLUMN junk",
                 k);
        break;
    default:
        snprintf(buf, cap, "ALTER TABLE ddl_%d ADD CONSTRAINT ddl_%d_w_pos CHECK (w > 0)", k, k);
        break;
    }
}

static void alter_signature(int k, int steps, char *buf, size_t cap)
{
    if (steps == 0)
        snprintf(buf, cap, "id:23=1,v:23=%d", k);
    else if (steps == 1)
        snprintf(buf, cap, "id:23=1,v:23=%d,w:23=%d,junk:25=j", k, 2 * k + 1);
    else if (steps == 2)
        snprintf(buf, cap, "id:23=1,vv:23=%d,w:23=%d,junk:25=j", k, 2 * k + 1);
    else
        snprintf(buf, cap, "id:23=1,vv:20=%d,w:23=%d", 10 * k, 2 * k + 1);
}

static int cmd_run(void)
{
    PGconn *c = connect_db();
    if (!c) return 2;
    char sql[256], state[6] = "";
    /* A logged DDL per cycle, acknowledged like a commit. */
    snprintf(sql, sizeof(sql), "CREATE TABLE ddl_%d (id int PRIMARY KEY, v int)", opt.cycle);
    if (exec_cmd(c, sql, state) == 0) {
        snprintf(sql, sizeof(sql), "INSERT INTO ddl_%d VALUES (1, %d)", opt.cycle, opt.cycle);
        if (exec_cmd(c, sql, state) == 0) {
            char name[64];
            snprintf(name, sizeof(name), "ddl.%d", opt.cycle);
            write_state(name, opt.cycle);
            /* then ALTER TABLE steps, each acknowledged like a commit */
            for (int step = 1; step <= N_ALTER_STEPS; step++) {
                alter_sql(opt.cycle, step, sql, sizeof(sql));
                if (exec_cmd(c, sql, state) != 0) break;
                snprintf(name, sizeof(name), "alter.%d", opt.cycle);
                write_state(name, step);
            }
        }
    }
    Client cl[MAX_CLIENTS];
    memset(cl, 0, sizeof(cl));
    PGresult *r = query(c, "SELECT client, max(seq) FROM hist GROUP BY client");
    if (!r) {
        PQfinish(c);
        return 2;
    }
    for (int i = 0; i < opt.clients; i++) {
        cl[i].id = i;
        cl[i].async = i >= opt.clients - opt.async_clients;
        cl[i].next = 1;
        cl[i].acked = -1;
    }
    for (int i = 0; i < PQntuples(r); i++) {
        int id = atoi(PQgetvalue(r, i, 0));
        if (id >= 0 && id < opt.clients) cl[id].next = atoll(PQgetvalue(r, i, 1)) + 1;
    }
    PQclear(r);
    PQfinish(c);

    clock_gettime(CLOCK_MONOTONIC, &run_end);
    run_end.tv_sec += (time_t)opt.seconds;
    run_end.tv_nsec += (long)((opt.seconds - (double)(time_t)opt.seconds) * 1e9);
    if (run_end.tv_nsec >= 1000000000L) {
        run_end.tv_sec++;
        run_end.tv_nsec -= 1000000000L;
    }
    pthread_t th[MAX_CLIENTS];
    for (int i = 0; i < opt.clients; i++) pthread_create(&th[i], NULL, client_main, &cl[i]);
    long long total = 0;
    char errors[4096] = "";
    for (int i = 0; i < opt.clients; i++) {
        pthread_join(th[i], NULL);
        char name[64];
        snprintf(name, sizeof(name), "acked.%d", i);
        long long prev = 0;
        read_state(name, &prev);
        if (cl[i].async) {
            /* off: what the database kept decides where this run started */
            write_state(name, cl[i].acked >= 0 ? cl[i].acked : cl[i].next - 1);
        } else if (cl[i].acked > prev) {
            write_state(name, cl[i].acked);
        }
        total += cl[i].n_done;
        if (cl[i].sqlstate[0]) {
            size_t len = strlen(errors);
            snprintf(errors + len, sizeof(errors) - len, "%d %s\n", i, cl[i].sqlstate);
        }
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s/errors", opt.state);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(errors, f);
        fclose(f);
    }
    printf("crash_client: cycle %d: %lld transactions acknowledged\n", opt.cycle, total);
    return 0;
}

/* ---- verify ---- */

static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "crash_client: VERIFY FAILED: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    failures++;
}

static long long value_ll(PGresult *r, int row, int col)
{
    return atoll(PQgetvalue(r, row, col));
}

static void check_unique(PGconn *c, const char *table)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "SELECT count(*), count(DISTINCT id) FROM %s", table);
    PGresult *r = query(c, sql);
    if (!r) {
        fail("cannot read %s", table);
        return;
    }
    if (value_ll(r, 0, 0) != value_ll(r, 0, 1))
        fail("%s: %lld rows but %lld distinct ids", table, value_ll(r, 0, 0), value_ll(r, 0, 1));
    PQclear(r);
}

/* The unique indexes with a predicate and expression keys (rebuilt by
 * recovery from the rows) still hold the client's keys: a second row with
 * them fails with 23505 (each probe rolled back). */
static void verify_computed_indexes(PGconn *c, int id, long long m)
{
    char sql[2][256], st[6];
    snprintf(sql[0], sizeof(sql[0]), "INSERT INTO scratch VALUES (-1, %d, %lld)", id, m);
    snprintf(sql[1], sizeof(sql[1]), "INSERT INTO hist VALUES (-1, %d, %lld, 0, 0, 0, 1, 'probe')",
             id, m);
    for (int i = 0; i < 2; i++) {
        snprintf(st, sizeof(st), "00000");
        if (exec_cmd(c, "BEGIN", NULL) == 0) exec_cmd(c, sql[i], st);
        exec_cmd(c, "ROLLBACK", NULL);
        if (strcmp(st, "23505") != 0)
            fail("client %d: a second row with its keys answered %s, not 23505: %s", id, st,
                 sql[i]);
    }
}

static void verify_client(PGconn *c, int id, long long acked, bool async)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT seq, k1, k2, k3, delta FROM hist WHERE client = %d ORDER BY seq", id);
    PGresult *h = query(c, sql);
    if (!h) {
        fail("cannot read hist");
        return;
    }
    long long expect_val[KEYS] = {0}, expect_seq[KEYS] = {0};
    long long m = PQntuples(h);
    for (int i = 0; i < PQntuples(h); i++) {
        long long s = value_ll(h, i, 0);
        if (s != i + 1) {
            fail("client %d: transaction %d is missing (found %lld)", id, i + 1, s);
            break;
        }
        int k[3];
        txn_keys(id, s, k);
        for (int j = 0; j < 3; j++) {
            if (value_ll(h, i, 1 + j) != k[j]) fail("client %d txn %lld: wrong keys", id, s);
            expect_val[k[j] - id * 100] += txn_delta(id, s);
            expect_seq[k[j] - id * 100] = s;
        }
        if (value_ll(h, i, 4) != txn_delta(id, s)) fail("client %d txn %lld: wrong delta", id, s);
    }
    PQclear(h);
    if (m < acked && !async)
        fail("client %d: %lld transactions acknowledged but only %lld survived", id, acked, m);
    if (m > acked + 1)
        fail("client %d: %lld transactions in the database but only %lld acknowledged (+1 in "
             "flight)",
             id, m, acked);
    snprintf(sql, sizeof(sql), "SELECT id, val, seq FROM acct WHERE client = %d ORDER BY id", id);
    PGresult *a = query(c, sql);
    if (!a || PQntuples(a) != KEYS) {
        fail("client %d: acct rows missing", id);
    } else {
        for (int i = 0; i < KEYS; i++) {
            if (value_ll(a, i, 1) != expect_val[i] || value_ll(a, i, 2) != expect_seq[i])
                fail("client %d: acct %lld holds val %lld seq %lld, history says %lld / %lld", id,
                     value_ll(a, i, 0), value_ll(a, i, 1), value_ll(a, i, 2), expect_val[i],
                     expect_seq[i]);
        }
    }
    if (a) PQclear(a);
    snprintf(sql, sizeof(sql), "SELECT seq FROM scratch WHERE client = %d", id);
    PGresult *s = query(c, sql);
    if (!s) return;
    if (m == 0 && PQntuples(s) != 0) fail("client %d: scratch row without history", id);
    if (m > 0 && (PQntuples(s) != 1 || value_ll(s, 0, 0) != m))
        fail("client %d: scratch holds %d rows (first seq %s), expected one with seq %lld", id,
             PQntuples(s), PQntuples(s) ? PQgetvalue(s, 0, 0) : "-", m);
    PQclear(s);
    if (m > 0) verify_computed_indexes(c, id, m);
}

static int cmd_verify(void)
{
    PGconn *c = connect_db();
    if (!c) return 2;
    check_unique(c, "acct");
    check_unique(c, "hist");
    check_unique(c, "scratch");
    for (int i = 0; i < opt.clients; i++) {
        char name[64];
        long long acked = 0;
        snprintf(name, sizeof(name), "acked.%d", i);
        read_state(name, &acked);
        verify_client(c, i, acked, i >= opt.clients - opt.async_clients);
    }
    for (int k = 0; k <= opt.cycle; k++) {
        char name[64], sql[128];
        long long v;
        snprintf(name, sizeof(name), "ddl.%d", k);
        if (read_state(name, &v) != 0) continue;
        /* the row, with the columns the acknowledged ALTER steps left (or
         * the step in flight when the server died) */
        long long steps = 0;
        snprintf(name, sizeof(name), "alter.%d", k);
        read_state(name, &steps);
        snprintf(sql, sizeof(sql), "SELECT * FROM ddl_%d WHERE id = 1", k);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
            fail("table ddl_%d or its row is missing after an acknowledged commit", k);
            PQclear(r);
            continue;
        }
        char got[256] = "", want[256], next[256] = "";
        size_t len = 0;
        for (int f = 0; f < PQnfields(r) && len < sizeof(got); f++)
            len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s:%u=%s", f ? "," : "",
                                    PQfname(r, f), (unsigned)PQftype(r, f), PQgetvalue(r, 0, f));
        PQclear(r);
        alter_signature(k, (int)steps, want, sizeof(want));
        if (steps < N_ALTER_STEPS) alter_signature(k, (int)steps + 1, next, sizeof(next));
        if (strcmp(got, want) != 0 && strcmp(got, next) != 0)
            fail("ddl_%d after %lld acknowledged ALTER steps: row %s, want %s", k, steps, got,
                 want);
        /* the check of step 4 */
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM pg_constraint WHERE conname = 'ddl_%d_w_pos'", k);
        r = PQexec(c, sql);
        long long nck = PQresultStatus(r) == PGRES_TUPLES_OK ? value_ll(r, 0, 0) : -1;
        PQclear(r);
        if ((steps == N_ALTER_STEPS && nck != 1) || nck < 0 || nck > 1)
            fail("ddl_%d: check constraint count %lld after %lld ALTER steps", k, nck, steps);
    }
    PQfinish(c);
    if (failures == 0) printf("crash_client: verify ok\n");
    return failures ? 1 : 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: crash_client setup|run|verify --port P [--host H] [--state DIR] "
                    "[--clients N] [--async-clients M] [--cycle K] [--seconds S]\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage();
    const char *cmd = argv[1];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) return usage();
        const char *v = argv[++i];
        if (!strcmp(a, "--host"))
            opt.host = v;
        else if (!strcmp(a, "--port"))
            opt.port = v;
        else if (!strcmp(a, "--state"))
            opt.state = v;
        else if (!strcmp(a, "--clients"))
            opt.clients = atoi(v);
        else if (!strcmp(a, "--async-clients"))
            opt.async_clients = atoi(v);
        else if (!strcmp(a, "--cycle"))
            opt.cycle = atoi(v);
        else if (!strcmp(a, "--seconds"))
            opt.seconds = atof(v);
        else
            return usage();
    }
    if (!opt.port || opt.clients < 1 || opt.clients > MAX_CLIENTS || opt.async_clients < 0 ||
        opt.async_clients > opt.clients)
        return usage();
    if (!strcmp(cmd, "setup")) return cmd_setup();
    if (!opt.state) return usage();
    if (!strcmp(cmd, "run")) return cmd_run();
    if (!strcmp(cmd, "verify")) return cmd_verify();
    return usage();
}
