/*
 * fuzz_sql.c — libFuzzer harness for the SQL engine behind the parser: the
 * binder, the optimizer (unnesting, join order, the index router), the
 * executor's operators and functions, DML, transactions and the catalog
 * statements, reached with SQL text as a client sends it in a simple Query.
 *
 * One input is the text of one Query message (several statements separated
 * by ';'; it ends at its first NUL byte). Each input gets a new session on a
 * database opened once, in a temporary directory, at start. The session first
 * makes a small fixture (three tables with an int primary key, text, float8,
 * numeric, date, timestamp, bool and NULLs, one of them with a text key, a
 * view and a sequence), then runs the input. Whatever the text, the engine
 * must answer with rows or an error: a crash, a sanitizer report, a leak or a
 * hang is a bug. Afterwards every schema is dropped (fuzz_reset_catalog), so
 * inputs never see each other's tables or rows.
 *
 * Per-input work is bounded: a watchdog thread cancels the session's
 * statement (sql_session_cancel, as a CancelRequest does) once the input has
 * run for BUDGET_MS, and again every CANCEL_EVERY_MS after that, so that
 * pg_sleep or a huge generate_series ends as 57014 instead of looking like a
 * hang. tests/fuzz/sql.dict lists SQL words for libFuzzer (-dict, passed by
 * fuzz_one.sh). FUZZ_VERBOSE=1 prints each statement's error or row count.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/catalog.h"
#include "sql/sql.h"
#include "sql/sql_int.h"

#include "fuzz/fuzz_util.h"

#define BUDGET_MS       1000
#define CANCEL_EVERY_MS 100

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char FIXTURE[] =
    "SET statement_timeout = 1000;"
    "CREATE TABLE t (id int4 PRIMARY KEY, name text, score float8, amount numeric(10,2), "
    "  born date, seen timestamp, ok bool);"
    "INSERT INTO t VALUES (1, 'ann', 1.5, 10.25, '2001-02-03', '2020-01-01 10:00', true),"
    "  (2, 'bob', -2, 0, '1999-12-31', '2021-06-30 23:59:59', false),"
    "  (3, NULL, NULL, NULL, NULL, NULL, NULL), (4, 'dee', 1e300, -99999999.99, "
    "  '4713-01-01 BC', 'infinity', true), (5, '', 'NaN', 0.01, 'infinity', '-infinity', NULL);"
    "CREATE TABLE u (k int8 PRIMARY KEY, t_id int4, note varchar(20), tags text);"
    "INSERT INTO u SELECT g, g % 6, 'n' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'x' END "
    "  FROM generate_series(1, 40) g;"
    "CREATE TABLE w (code text PRIMARY KEY, qty int2, price float4);"
    "INSERT INTO w VALUES ('a', 1, 0.5), ('b', -32768, 3.25), ('c', NULL, NULL);"
    "CREATE VIEW v AS SELECT t.id, t.name, count(u.k) AS n FROM t LEFT JOIN u ON u.t_id = t.id "
    "  GROUP BY t.id, t.name;"
    "CREATE SEQUENCE s";

/* The watchdog's view of the input running now (under g_mu). */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static SqlSession *g_running;
static struct timespec g_started;
static pthread_t g_watchdog;

static void die(const char *what)
{
    fprintf(stderr, "fuzz_sql: %s: %s\n", what, strerror(errno));
    exit(1);
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void *watchdog_main(void *arg)
{
    (void)arg;
    long last_cancel = 0;
    for (;;) {
        struct timespec nap = {.tv_sec = 0, .tv_nsec = 20 * 1000000L};
        nanosleep(&nap, NULL);
        pthread_mutex_lock(&g_mu);
        if (g_running) {
            long ms = elapsed_ms(&g_started);
            if (ms > BUDGET_MS && ms - last_cancel >= CANCEL_EVERY_MS) {
                sql_session_cancel(g_running);
                last_cancel = ms;
            }
        } else {
            last_cancel = 0;
        }
        pthread_mutex_unlock(&g_mu);
    }
    return NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup("fuzz_sql");
    fuzz_open_database();
    if (pthread_create(&g_watchdog, NULL, watchdog_main, NULL) != 0) die("pthread_create");
    pthread_detach(g_watchdog);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *sql = malloc(size + 1);
    if (!sql) return 0;
    memcpy(sql, data, size);
    sql[size] = '\0'; /* a NUL inside ends the text, as in a Query message */

    SqlSession *s = sql_session_create(fuzz_db, "fuzz", "omendb", "fuzz_sql");
    if (!s) die("session");
    ResultSink sink = fuzz_discard_sink();
    OmError err;
    error_clear(&err);
    if (sql_exec_simple(s, FIXTURE, &sink, &err) != 0) {
        fprintf(stderr, "fuzz_sql: the fixture failed: %s\n", err.message);
        abort();
    }
    pthread_mutex_lock(&g_mu);
    g_running = s;
    clock_gettime(CLOCK_MONOTONIC, &g_started);
    pthread_mutex_unlock(&g_mu);
    error_clear(&err);
    if (sql_exec_simple(s, sql, &sink, &err) != 0) fuzz_say("error", err.message);
    pthread_mutex_lock(&g_mu);
    g_running = NULL;
    pthread_mutex_unlock(&g_mu);
    sql_session_destroy(s);
    free(sql);

    fuzz_reset_catalog();
    return 0;
}
