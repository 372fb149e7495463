/*
 * http_metrics.c — GET /metrics in the Prometheus text exposition format
 * 0.0.4 (Content-Type: text/plain; version=0.0.4).
 *
 * Format: per metric family one "# HELP name text" and one "# TYPE name
 * counter|gauge" line, then its samples "name{label="value",...} value", one
 * per line, the body ending with a newline. Label values escape '\\', '"' and
 * newline. Counters end in _total and only grow while the process lives
 * (the WAL byte counters are log positions, which grow across restarts too).
 *
 * Every number comes from counters the engine already keeps (sql_stats.h) or
 * the server passes in (HttpServerInfo); gathering them takes no lock on any
 * hot path. Table row counts hold the catalog lock shared for one pass over
 * the tables. The list with meanings is in docs/http.md.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/version.h"
#include "http/http_int.h"
#include "sql/sql_stats.h"

static void family(StrBuf *out, const char *name, const char *type, const char *help)
{
    strbuf_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void counter(StrBuf *out, const char *name, const char *help, uint64_t value)
{
    family(out, name, "counter", help);
    strbuf_printf(out, "%s %" PRIu64 "\n", name, value);
}

static void gauge(StrBuf *out, const char *name, const char *help, uint64_t value)
{
    family(out, name, "gauge", help);
    strbuf_printf(out, "%s %" PRIu64 "\n", name, value);
}

static void gauge_f(StrBuf *out, const char *name, const char *help, double value)
{
    family(out, name, "gauge", help);
    strbuf_printf(out, "%s %.6f\n", name, value);
}

static void label_value(StrBuf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            strbuf_puts(out, "\\\\");
        else if (*s == '"')
            strbuf_puts(out, "\\\"");
        else if (*s == '\n')
            strbuf_puts(out, "\\n");
        else
            strbuf_putc(out, *s);
    }
}

static int table_row(void *ctx, const char *schema, const char *table, uint64_t rows)
{
    StrBuf *out = ctx;
    strbuf_puts(out, "omendb_table_rows{schema=\"");
    label_value(out, schema);
    strbuf_puts(out, "\",table=\"");
    label_value(out, table);
    strbuf_printf(out, "\"} %" PRIu64 "\n", rows);
    return 0;
}

/* Resident set size from /proc/self/statm (second field, in pages); 0 if
 * unreadable. */
static uint64_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long size = 0, resident = 0;
    int n = fscanf(f, "%llu %llu", &size, &resident);
    fclose(f);
    long page = sysconf(_SC_PAGESIZE);
    return n == 2 && page > 0 ? (uint64_t)resident * (uint64_t)page : 0;
}

void http_metrics(HttpServer *h, const HttpRequest *rq, HttpResponse *resp)
{
    StrBuf *out = &resp->body;
    resp->status = 200;
    resp->content_type = HTTP_CT_TEXT;
    SqlStats st;
    sql_stats_get(h->db, &st);
    HttpServerInfo info = {0, 0};
    if (h->cfg.server_info) h->cfg.server_info(h->cfg.server_ctx, &info);

    family(out, "omendb_info", "gauge", "Constant 1, labelled with the server version.");
    strbuf_puts(out, "omendb_info{version=\"" OMENDB_VERSION "\"} 1\n");
    gauge_f(out, "omendb_uptime_seconds", "Seconds since the server started.", http_uptime(h));
    gauge(out, "omendb_writable",
          "1 while the database accepts writes, 0 once the write-ahead log failed.",
          sql_database_writable(h->db, NULL) ? 1 : 0);

    gauge(out, "omendb_connections", "PostgreSQL-protocol connections open.",
          (uint64_t)(info.connections > 0 ? info.connections : 0));
    gauge(out, "omendb_max_connections", "The max_connections setting.",
          (uint64_t)(info.max_connections > 0 ? info.max_connections : 0));
    gauge(out, "omendb_http_requests_active", "HTTP requests being handled.",
          (uint64_t)atomic_load(&h->active));
    counter(out, "omendb_http_requests_total", "HTTP requests answered.",
            (uint64_t)atomic_load(&h->n_requests));
    counter(out, "omendb_http_request_errors_total",
            "HTTP requests answered with a status of 400 or more.",
            (uint64_t)atomic_load(&h->n_errors));

    counter(out, "omendb_commits_total", "Transactions committed (read-only ones included).",
            st.commits);
    counter(out, "omendb_rollbacks_total",
            "Transactions rolled back (ROLLBACK, errors, failed commits).", st.rollbacks);

    if (st.has_wal) {
        counter(out, "omendb_wal_written_bytes_total",
                "Bytes appended to the write-ahead log (its insert position).", st.wal_insert_lsn);
        counter(out, "omendb_wal_flushed_bytes_total",
                "Bytes of the write-ahead log made durable (its flushed position).",
                st.wal_flushed_lsn);
        counter(out, "omendb_wal_flushes_total",
                "Write-ahead log flushes (write and fdatasync rounds).", st.wal_flushes);
        counter(out, "omendb_wal_commit_batches_total",
                "Commit batches appended to the write-ahead log.", st.wal_batches);
        counter(out, "omendb_wal_segments_created_total", "Write-ahead log segment files created.",
                st.wal_segments);
    }
    if (st.has_checkpointer) {
        counter(out, "omendb_checkpoints_total", "Checkpoints written.", st.checkpoints);
        counter(out, "omendb_checkpoint_failures_total", "Checkpoints that failed.",
                st.checkpoints_failed);
        gauge_f(out, "omendb_checkpoint_last_duration_seconds",
                "Duration of the last checkpoint written (0 before the first).",
                (double)st.checkpoint_last_us / 1e6);
    }

    counter(out, "omendb_plan_cache_hits_total", "Simple queries run from a cached plan.",
            st.plan_cache_hits);
    counter(out, "omendb_plan_cache_misses_total", "Simple queries that made a plan cache entry.",
            st.plan_cache_misses);
    counter(out, "omendb_plan_cache_custom_total",
            "Simple queries planned with their literals (not cacheable).", st.plan_cache_custom);
    counter(out, "omendb_plan_cache_evictions_total", "Plan cache entries evicted.",
            st.plan_cache_evictions);
    gauge(out, "omendb_plan_cache_entries", "Plan cache entries held by all sessions.",
          st.plan_cache_entries);

    gauge(out, "omendb_memory_rss_bytes", "Resident set size of the process.", rss_bytes());
    gauge(out, "omendb_memory_arena_bytes",
          "Bytes held by arenas (sessions, statements, operators).", (uint64_t)st.arena_bytes);
    gauge(out, "omendb_memory_storage_bytes", "Bytes of table data and indexes in memory.",
          (uint64_t)st.storage_bytes);

    family(out, "omendb_table_rows", "gauge",
           "Rows of each table (deleted rows count until reclaimed, as pg_class.reltuples).");
    sql_stats_tables(h->db, table_row, out);
}
