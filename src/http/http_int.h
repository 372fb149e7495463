/*
 * http_int.h — declarations shared by the files of src/http only.
 *
 * Only http_server.c includes libmicrohttpd's header: it reads a request
 * (route, method, credentials, body, URL arguments) into an HttpRequest and
 * sends the HttpResponse an endpoint filled. Endpoints are plain functions of
 * (server, request) → response, so they know nothing of the library.
 *
 * Output JSON is written by hand into a StrBuf (http_json.c): a result of
 * 100,000 rows is encoded straight into the response body without a tree of
 * per-value objects, and numbers keep their exact PostgreSQL text. Request
 * bodies are parsed with jansson.
 */
#ifndef OMENDB_HTTP_HTTP_INT_H
#define OMENDB_HTTP_HTTP_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/strbuf.h"
#include "http/http.h"

#define HTTP_CT_JSON "application/json; charset=utf-8"
#define HTTP_CT_TEXT "text/plain; version=0.0.4; charset=utf-8" /* Prometheus 0.0.4 */
#define HTTP_CT_HTML "text/html; charset=utf-8"

/* A session running a statement for a request: the list that shutdown
 * cancels (http_server_stop). */
typedef struct HttpRunning {
    SqlSession *session;
    struct HttpRunning *prev, *next;
} HttpRunning;

struct HttpServer {
    HttpConfig cfg; /* cfg.listen points at `listen` */
    char listen[256];
    int listen_fd; /* ours until the daemon starts; the daemon's after */
    int port;
    struct MHD_Daemon *daemon;
    Database *db;
    double started;     /* CLOCK_MONOTONIC seconds at http_server_open */
    pthread_mutex_t mu; /* guards running and stopping's transitions */
    HttpRunning *running;
    atomic_bool stopping;
    atomic_int active;               /* requests being handled now */
    atomic_uint_fast64_t n_requests; /* requests answered */
    atomic_uint_fast64_t n_errors;   /* of which with a status >= 400 */
};

/* One request as the endpoints see it. */
typedef struct HttpRequest {
    const char *method;
    const char *path;
    const char *user;     /* authenticated user, or "omendb" without the hook */
    const char *max_rows; /* the URL argument ?max_rows=N, or NULL */
    StrBuf body;          /* the request body (NUL-terminated) */
} HttpRequest;

/* The response an endpoint fills: status, content type and a malloc-backed
 * body (handed to the library without a copy). */
typedef struct HttpResponse {
    int status;
    const char *content_type;
    StrBuf body;
} HttpResponse;

/* ---- endpoints ---- */

void http_health(HttpServer *h, const HttpRequest *rq, HttpResponse *resp);  /* http_health.c */
void http_metrics(HttpServer *h, const HttpRequest *rq, HttpResponse *resp); /* http_metrics.c */
void http_query(HttpServer *h, const HttpRequest *rq, HttpResponse *resp);   /* http_query.c */
void http_console(HttpServer *h, const HttpRequest *rq, HttpResponse *resp); /* http_console.c */

/* ---- http_server.c ---- */

/* Adds a running session to the shutdown list; false (nothing added) when
 * the server is stopping, so no statement starts after stop cancelled them. */
bool http_running_add(HttpServer *h, HttpRunning *r, SqlSession *s);
void http_running_remove(HttpServer *h, HttpRunning *r);
/* Seconds since http_server_open. */
double http_uptime(const HttpServer *h);
/* Logs through the configured hook. */
void http_log(const HttpServer *h, HttpLogLevel level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- http_json.c ---- */

/* Appends s[0..len) as a JSON string literal (quotes included). Invalid UTF-8
 * bytes become U+FFFD, so the output is always valid JSON. */
void http_json_string(StrBuf *out, const char *s, size_t len);
void http_json_cstring(StrBuf *out, const char *s);
/* True when s[0..len) is a JSON number (RFC 8259 grammar). */
bool http_json_is_number(const char *s, size_t len);
/* The HTTP status for an error with this SQLSTATE: 500 for internal and
 * system errors (XX, 58), 503 for lack of resources and shutdown (53, 57P01..
 * 57P03), 400 for everything else (the client's SQL or data). */
int http_status_for_sqlstate(const char *sqlstate);
/* Replaces the response with an error body
 *   {"error":{"sqlstate":"42P01","message":"...","detail":null,"hint":null,
 *             "position":null}}
 * (detail, hint, position null when absent) and the given status. */
void http_error_response(HttpResponse *resp, int status, const OmError *err);
/* The same from a SQLSTATE and a message. */
void http_error(HttpResponse *resp, int status, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
