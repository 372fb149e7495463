/*
 * http.h — the operators' HTTP API: GET /health, GET /metrics (Prometheus),
 * POST /query (SQL in, JSON out) and a web console at GET / (docs/http.md).
 * Public interface of src/http; the server (src/server/server.c) is its only
 * caller.
 *
 * Lifecycle, as the server drives it:
 *   http_server_open   bind the listening socket (early, beside the PostgreSQL
 *                      port, so a port in use fails the start before recovery)
 *   http_server_start  start serving requests on an open, recovered database
 *   http_server_stop   first step of shutdown: stop accepting, cancel the
 *                      running statements, wait for every request thread
 *   http_server_close  free (stops first if still running)
 *
 * Threads: libmicrohttpd's internal listener thread plus one thread per HTTP
 * connection, at most HttpConfig.max_connections of them (further connections
 * are refused by the library at accept). Each request that runs SQL creates
 * its own SqlSession on its connection's thread and destroys it before the
 * response is sent; sessions are not counted against the server's
 * max_connections.
 */
#ifndef OMENDB_HTTP_HTTP_H
#define OMENDB_HTTP_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sql/sql.h"

#define HTTP_DEFAULT_PORT            8080
#define HTTP_DEFAULT_LISTEN          "127.0.0.1"
#define HTTP_DEFAULT_MAX_CONNECTIONS 16
#define HTTP_DEFAULT_MAX_BODY        ((size_t)1 << 20)  /* request bodies above: 413 */
#define HTTP_DEFAULT_MAX_ROWS        100000             /* rows returned by POST /query */
#define HTTP_MAX_RESULT_BYTES        ((size_t)64 << 20) /* a result is cut beyond this */

/* Log levels for the log hook (same order as the server's). */
typedef enum HttpLogLevel {
    HTTP_LOG_ERROR = 0,
    HTTP_LOG_WARNING,
    HTTP_LOG_INFO,
    HTTP_LOG_DEBUG
} HttpLogLevel;

/* What only the server knows, for /health and /metrics. */
typedef struct HttpServerInfo {
    int connections;     /* PostgreSQL-protocol connections alive */
    int max_connections; /* the server's max_connections */
} HttpServerInfo;

typedef struct HttpConfig {
    const char *listen;   /* one host name or address, "*" = every interface (copied) */
    int port;             /* 1..65535; 0 = any free port (tests; see http_server_port) */
    int max_connections;  /* concurrent HTTP connections; 0 = HTTP_DEFAULT_MAX_CONNECTIONS */
    size_t max_body_size; /* 0 = HTTP_DEFAULT_MAX_BODY */
    /* May be NULL: /health then reports 0 connections. */
    void (*server_info)(void *ctx, HttpServerInfo *out);
    void *server_ctx;
    /* Diagnostics (startup, request failures). May be NULL. */
    void (*log)(void *ctx, HttpLogLevel level, const char *msg);
    void *log_ctx;
    /* Authentication hook. When set, every endpoint but /health requires HTTP
     * Basic credentials that this accepts (else 401 with WWW-Authenticate:
     * Basic realm="omendb"); a SQL session then runs as that user. Called on
     * a request thread, possibly on several at once. NULL = no authentication
     * (sessions run as user "omendb"). */
    bool (*check_password)(void *ctx, const char *user, const char *password);
    void *auth_ctx;
} HttpConfig;

typedef struct HttpServer HttpServer;

/* Binds the listening socket. Returns the server (not yet serving), or NULL
 * with a one-line message in errbuf (address unresolvable, port in use). */
HttpServer *http_server_open(const HttpConfig *cfg, char *errbuf, size_t errlen);
/* The port actually bound (cfg->port, or the one the kernel chose for 0). */
int http_server_port(const HttpServer *h);
/* Starts serving on `db` (opened and recovered; it must outlive the serving).
 * Returns 0, or -1 with a message in errbuf. */
int http_server_start(HttpServer *h, Database *db, char *errbuf, size_t errlen);
/* Refuses new requests (a request already read gets 503 57P01), cancels the
 * running statements and waits for every request thread to end. Idempotent. */
void http_server_stop(HttpServer *h);
/* Stops if needed, closes the socket and frees. NULL is a no-op. */
void http_server_close(HttpServer *h);

#endif
