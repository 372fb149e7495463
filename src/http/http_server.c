/*
 * http_server.c — the HTTP listener (libmicrohttpd), routing, authentication,
 * request bodies, responses, and the shutdown of running requests.
 *
 * Routes:
 *   GET  /health   http_health.c   (no authentication: load balancers probe it)
 *   GET  /metrics  http_metrics.c
 *   POST /query    http_query.c    (Content-Type: application/json)
 *   GET  / and /console  http_console.c
 * GET routes also answer HEAD. Another method on a known path is 405 with
 * Allow; an unknown path 404; every error body is JSON (http_json.c).
 *
 * Threads: the daemon runs one internal listener thread and one thread per
 * connection (MHD_USE_THREAD_PER_CONNECTION), at most max_connections of
 * them, each with an 8 MiB stack like the PostgreSQL workers (the parser
 * recurses deeply). A statement therefore blocks only its own connection,
 * and the engine sees request threads exactly as it sees worker threads:
 * nothing needs registering (the index layer registers a thread with liburcu
 * on first use and unregisters it at thread exit).
 *
 * A request is handled in calls from the library: the first (headers only)
 * routes, checks the method, Content-Type, credentials and a declared
 * Content-Length, and may answer at once; later calls hand over body bytes,
 * which are kept up to max_body_size (beyond that they are discarded and the
 * answer is 413); the last call runs the endpoint and queues its response.
 *
 * Shutdown (http_server_stop): `stopping` is set under `mu`, so no statement
 * starts afterwards (http_running_add refuses), the listener stops accepting,
 * running statements are cancelled (again every 50 ms, in case one was just
 * starting) until none is left or 5 s have passed, then MHD_stop_daemon
 * closes the connections and joins their threads.
 *
 * Invariant: listen_fd belongs to us until MHD_start_daemon succeeds; from
 * then on to the daemon, which hands it back from MHD_quiesce_daemon.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http/http_int.h"

#define HTTP_THREAD_STACK   ((size_t)8 << 20)
#define HTTP_IDLE_TIMEOUT_S 30 /* an idle keep-alive connection is closed after this */
#define STOP_GRACE_MS       5000
#define LISTEN_BACKLOG      64

typedef void (*HttpEndpoint)(HttpServer *h, const HttpRequest *rq, HttpResponse *resp);

typedef struct Route {
    const char *path;
    const char *method; /* "GET" (HEAD too) or "POST" */
    const char *allow;  /* the Allow header of a 405 */
    HttpEndpoint fn;
    bool public; /* served without credentials */
} Route;

static const Route ROUTES[] = {
    {"/health", "GET", "GET, HEAD", http_health, true},
    {"/metrics", "GET", "GET, HEAD", http_metrics, false},
    {"/query", "POST", "POST", http_query, false},
    {"/", "GET", "GET, HEAD", http_console, false},
    {"/console", "GET", "GET, HEAD", http_console, false},
};
#define N_ROUTES ((int)(sizeof(ROUTES) / sizeof(ROUTES[0])))

/* A request's state between the library's calls (its con_cls). */
typedef struct ReqState {
    const Route *route;
    bool responded; /* an early answer was queued; the body is discarded */
    bool too_large; /* the body passed max_body_size; its bytes are discarded */
    char user[64];
    StrBuf body;
} ReqState;

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

double http_uptime(const HttpServer *h)
{
    return mono_seconds() - h->started;
}

void http_log(const HttpServer *h, HttpLogLevel level, const char *fmt, ...)
{
    if (!h->cfg.log) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    h->cfg.log(h->cfg.log_ctx, level, msg);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    HttpServer *h = cls;
    if (!h->cfg.log) return;
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    http_log(h, HTTP_LOG_WARNING, "HTTP: %s", msg);
}

/* ---- running statements ---- */

bool http_running_add(HttpServer *h, HttpRunning *r, SqlSession *s)
{
    pthread_mutex_lock(&h->mu);
    bool ok = !atomic_load(&h->stopping);
    if (ok) {
        r->session = s;
        r->prev = NULL;
        r->next = h->running;
        if (h->running) h->running->prev = r;
        h->running = r;
    }
    pthread_mutex_unlock(&h->mu);
    return ok;
}

void http_running_remove(HttpServer *h, HttpRunning *r)
{
    pthread_mutex_lock(&h->mu);
    if (r->prev)
        r->prev->next = r->next;
    else
        h->running = r->next;
    if (r->next) r->next->prev = r->prev;
    r->prev = r->next = NULL;
    pthread_mutex_unlock(&h->mu);
}

/* Cancels every running statement; returns how many there were. */
static int cancel_running(HttpServer *h)
{
    int n = 0;
    pthread_mutex_lock(&h->mu);
    for (HttpRunning *r = h->running; r; r = r->next, n++) sql_session_cancel(r->session);
    pthread_mutex_unlock(&h->mu);
    return n;
}

/* ---- responses ---- */

static enum MHD_Result send_response(HttpServer *h, struct MHD_Connection *c, HttpResponse *resp,
                                     const Route *route)
{
    struct MHD_Response *r;
    if (resp->body.len > 0) {
        r = MHD_create_response_from_buffer(resp->body.len, resp->body.data, MHD_RESPMEM_MUST_FREE);
        if (r) strbuf_init(&resp->body, NULL); /* the library frees it now */
    } else {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    strbuf_fini(&resp->body);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                            resp->content_type ? resp->content_type : HTTP_CT_JSON);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (resp->content_type && strcmp(resp->content_type, HTTP_CT_HTML) == 0) {
        /* the console's own inline script and style, and requests to this
         * server; nothing from elsewhere, no framing */
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'none'; script-src 'unsafe-inline'; "
                                "style-src 'unsafe-inline'; connect-src 'self'; "
                                "frame-ancestors 'none'");
    }
    if (resp->status == MHD_HTTP_METHOD_NOT_ALLOWED && route)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, route->allow);
    enum MHD_Result ret;
    if (resp->status == MHD_HTTP_UNAUTHORIZED)
        ret = MHD_queue_basic_auth_fail_response(c, "omendb", r);
    else
        ret = MHD_queue_response(c, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    atomic_fetch_add(&h->n_requests, 1);
    if (resp->status >= 400) atomic_fetch_add(&h->n_errors, 1);
    return ret;
}

/* ---- request handling ---- */

static const Route *find_route(const char *url)
{
    for (int i = 0; i < N_ROUTES; i++)
        if (strcmp(ROUTES[i].path, url) == 0) return &ROUTES[i];
    return NULL;
}

static bool method_matches(const Route *route, const char *method)
{
    if (strcmp(route->method, method) == 0) return true;
    return strcmp(route->method, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

/* Checks the credentials; fills st->user. False: resp holds the 401. */
static bool authenticate(HttpServer *h, struct MHD_Connection *c, ReqState *st, HttpResponse *resp)
{
    if (!h->cfg.check_password) {
        snprintf(st->user, sizeof(st->user), "omendb");
        return true;
    }
    char *password = NULL;
    char *user = MHD_basic_auth_get_username_password(c, &password);
    bool ok = user && password && h->cfg.check_password(h->cfg.auth_ctx, user, password);
    if (ok) {
        snprintf(st->user, sizeof(st->user), "%s", user);
    } else if (user) {
        http_error(resp, MHD_HTTP_UNAUTHORIZED, SQLSTATE_INVALID_PASSWORD,
                   "password authentication failed for user \"%s\"", user);
    } else {
        http_error(resp, MHD_HTTP_UNAUTHORIZED, SQLSTATE_INVALID_AUTHORIZATION,
                   "authentication required");
    }
    if (user) MHD_free(user);
    if (password) MHD_free(password);
    return ok;
}

static bool is_json_type(const char *ct)
{
    if (!ct) return false;
    while (*ct == ' ') ct++;
    size_t n = strlen("application/json");
    return strncasecmp(ct, "application/json", n) == 0 &&
           (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* The first call for a request: headers only. Returns true when the request
 * goes on (body, then the endpoint); false when resp holds an early answer. */
static bool request_begin(HttpServer *h, struct MHD_Connection *c, const char *url,
                          const char *method, ReqState *st, HttpResponse *resp)
{
    const Route *route = find_route(url);
    st->route = route;
    if (!route) {
        http_error(resp, MHD_HTTP_NOT_FOUND, SQLSTATE_UNDEFINED_OBJECT, "no such endpoint: %s",
                   url);
        return false;
    }
    if (!method_matches(route, method)) {
        http_error(resp, MHD_HTTP_METHOD_NOT_ALLOWED, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "method %s is not allowed for %s", method, url);
        return false;
    }
    if (atomic_load(&h->stopping) && route->fn != http_health) {
        http_error(resp, MHD_HTTP_SERVICE_UNAVAILABLE, SQLSTATE_ADMIN_SHUTDOWN,
                   "the server is shutting down");
        return false;
    }
    if (!route->public && !authenticate(h, c, st, resp)) return false;
    if (strcmp(route->method, "POST") == 0) {
        /* Only JSON: a web page elsewhere cannot make a browser send that
         * cross-origin without a CORS preflight, which this server never
         * grants, so it cannot run SQL here through a visitor's browser. */
        const char *ct =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
        if (!is_json_type(ct)) {
            http_error(resp, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "request body must be application/json");
            return false;
        }
        const char *cl =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > h->cfg.max_body_size) {
            http_error(resp, MHD_HTTP_CONTENT_TOO_LARGE, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "request body exceeds the limit of %zu bytes", h->cfg.max_body_size);
            return false;
        }
    }
    return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    HttpServer *h = cls;
    ReqState *st = *con_cls;
    if (!st) {
        st = calloc(1, sizeof(*st));
        if (!st) return MHD_NO;
        strbuf_init(&st->body, NULL);
        *con_cls = st;
        atomic_fetch_add(&h->active, 1);
        HttpResponse resp = {.status = 200, .content_type = HTTP_CT_JSON};
        strbuf_init(&resp.body, NULL);
        if (request_begin(h, c, url, method, st, &resp)) return MHD_YES;
        st->responded = true;
        return send_response(h, c, &resp, st->route);
    }
    if (*upload_size > 0) {
        if (!st->responded && !st->too_large) {
            if (st->body.len + *upload_size > h->cfg.max_body_size) {
                st->too_large = true;
                strbuf_fini(&st->body);
            } else {
                strbuf_append(&st->body, upload, *upload_size);
            }
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (st->responded) return MHD_YES;
    st->responded = true;
    HttpResponse resp = {.status = 200, .content_type = HTTP_CT_JSON};
    strbuf_init(&resp.body, NULL);
    if (st->too_large) {
        http_error(&resp, MHD_HTTP_CONTENT_TOO_LARGE, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "request body exceeds the limit of %zu bytes", h->cfg.max_body_size);
    } else {
        strbuf_append(&st->body, "", 0); /* NUL-terminated even when empty */
        HttpRequest rq = {
            .method = method,
            .path = url,
            .user = st->user[0] ? st->user : "omendb",
            .max_rows = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "max_rows"),
            .body = st->body,
        };
        st->route->fn(h, &rq, &resp);
    }
    return send_response(h, c, &resp, st->route);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    HttpServer *h = cls;
    ReqState *st = *con_cls;
    if (!st) return;
    strbuf_fini(&st->body);
    free(st);
    *con_cls = NULL;
    atomic_fetch_sub(&h->active, 1);
}

/* ---- lifecycle ---- */

/* Binds host:port; returns the listening socket or -1 (errno kept). */
static int bind_one(const char *host, int port, bool dual_stack)
{
    struct addrinfo hints;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    struct addrinfo *res = NULL;
    int gai = getaddrinfo(host, portstr, &hints, &res);
    if (gai != 0) {
        errno = gai == EAI_SYSTEM ? errno : EADDRNOTAVAIL;
        return -1;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1, zero = 0;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (ai->ai_family == AF_INET6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, dual_stack ? &zero : &one, sizeof(int));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) errno = saved;
    return fd;
}

HttpServer *http_server_open(const HttpConfig *cfg, char *errbuf, size_t errlen)
{
    HttpServer *h = calloc(1, sizeof(*h));
    if (!h) {
        snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    h->cfg = *cfg;
    snprintf(h->listen, sizeof(h->listen), "%s", cfg->listen ? cfg->listen : HTTP_DEFAULT_LISTEN);
    h->cfg.listen = h->listen;
    if (h->cfg.max_connections <= 0) h->cfg.max_connections = HTTP_DEFAULT_MAX_CONNECTIONS;
    if (h->cfg.max_body_size == 0) h->cfg.max_body_size = HTTP_DEFAULT_MAX_BODY;
    pthread_mutex_init(&h->mu, NULL);
    atomic_init(&h->stopping, false);
    atomic_init(&h->active, 0);
    atomic_init(&h->n_requests, 0);
    atomic_init(&h->n_errors, 0);
    h->started = mono_seconds();

    /* "*": every interface, IPv6 and IPv4 on one dual-stack socket where the
     * kernel has IPv6, else IPv4 only. */
    if (strcmp(h->listen, "*") == 0) {
        h->listen_fd = bind_one("::", cfg->port, true);
        if (h->listen_fd < 0) h->listen_fd = bind_one("0.0.0.0", cfg->port, false);
    } else {
        h->listen_fd = bind_one(h->listen, cfg->port, false);
    }
    if (h->listen_fd < 0) {
        snprintf(errbuf, errlen, "could not listen for HTTP on \"%s\" port %d: %s", h->listen,
                 cfg->port, strerror(errno));
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    h->port = cfg->port;
    if (getsockname(h->listen_fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET)
            h->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
        else if (ss.ss_family == AF_INET6)
            h->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    }
    return h;
}

int http_server_port(const HttpServer *h)
{
    return h->port;
}

int http_server_start(HttpServer *h, Database *db, char *errbuf, size_t errlen)
{
    h->db = db;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    /* the logger first, so that no option's complaint goes to stderr unformatted */
    h->daemon = MHD_start_daemon(
        flags, (uint16_t)h->port, NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)h->listen_fd, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)h->cfg.max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)HTTP_IDLE_TIMEOUT_S, MHD_OPTION_THREAD_STACK_SIZE, HTTP_THREAD_STACK,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, h, MHD_OPTION_END);
    if (!h->daemon) {
        snprintf(errbuf, errlen, "could not start the HTTP server on \"%s\" port %d", h->listen,
                 h->port);
        return -1;
    }
    return 0;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

void http_server_stop(HttpServer *h)
{
    if (!h || !h->daemon) return;
    pthread_mutex_lock(&h->mu);
    atomic_store(&h->stopping, true);
    pthread_mutex_unlock(&h->mu);
    MHD_socket lfd = MHD_quiesce_daemon(h->daemon);
    for (int waited = 0; cancel_running(h) > 0 && waited < STOP_GRACE_MS; waited += 50)
        sleep_ms(50);
    if (cancel_running(h) > 0)
        http_log(h, HTTP_LOG_WARNING, "HTTP: statements still running after %d ms; waiting",
                 STOP_GRACE_MS);
    MHD_stop_daemon(h->daemon);
    h->daemon = NULL;
    if (lfd != MHD_INVALID_SOCKET) close(lfd);
    h->listen_fd = -1;
}

void http_server_close(HttpServer *h)
{
    if (!h) return;
    http_server_stop(h);
    if (h->listen_fd >= 0) close(h->listen_fd);
    pthread_mutex_destroy(&h->mu);
    free(h);
}
