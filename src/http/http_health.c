/*
 * http_health.c — GET /health, for load balancers and orchestrators.
 *
 *   200 {"status":"ok","version":"0.1.0","uptime_s":12.5,"connections":3,
 *        "http_requests_active":1}
 *   503 {"status":"read_only","reason":"...", ...}   the database accepts no
 *        more writes (the WAL failed; sql_database_writable): reads still
 *        work, but the server needs a restart, so it should leave rotation
 *   503 {"status":"shutting_down", ...}             shutdown has begun
 *
 * Always served without credentials, so a probe needs none; it says nothing
 * beyond liveness and counts.
 */
#include <stdio.h>
#include <string.h>

#include "common/version.h"
#include "http/http_int.h"
#include "sql/sql_stats.h"

void http_health(HttpServer *h, const HttpRequest *rq, HttpResponse *resp)
{
    OmError why;
    error_clear(&why);
    const char *status = "ok";
    if (atomic_load(&h->stopping))
        status = "shutting_down";
    else if (h->db && !sql_database_writable(h->db, &why))
        status = "read_only";
    HttpServerInfo info = {0, 0};
    if (h->cfg.server_info) h->cfg.server_info(h->cfg.server_ctx, &info);

    StrBuf *out = &resp->body;
    resp->status = strcmp(status, "ok") == 0 ? 200 : 503;
    resp->content_type = HTTP_CT_JSON;
    strbuf_printf(out, "{\"status\":\"%s\"", status);
    if (why.is_set) {
        strbuf_puts(out, ",\"reason\":");
        char reason[sizeof(why.message) + sizeof(why.detail) + 4];
        snprintf(reason, sizeof(reason), "%s%s%s", why.message, why.detail[0] ? ": " : "",
                 why.detail);
        http_json_cstring(out, reason);
        strbuf_puts(out, ",\"sqlstate\":");
        http_json_cstring(out, why.sqlstate);
    }
    strbuf_puts(out, ",\"version\":");
    http_json_cstring(out, OMENDB_VERSION);
    strbuf_printf(out, ",\"uptime_s\":%.3f,\"connections\":%d,\"http_requests_active\":%d}\n",
                  http_uptime(h), info.connections, atomic_load(&h->active));
}
