/*
 * http_query.c — POST /query: SQL text in, typed JSON out.
 *
 * Request (Content-Type: application/json; unknown fields are an error):
 *   {"sql": "SELECT ...",          required
 *    "params": [1, "x", null],     optional: $1, $2, ... (single statement)
 *    "max_rows": 1000,             optional: rows returned, 0..1000000
 *    "statement_timeout": 5000}    optional: ms (number) or "5s" (setting text)
 * ?max_rows=N in the URL works too; the body wins.
 *
 * Response 200:
 *   {"columns":[{"name":"a","type":"int4"},...],
 *    "rows":[[1,"x",null],...],
 *    "command":"SELECT 2","row_count":2,"truncated":false,"statements":1}
 * plus "notices":[{"severity":"NOTICE","sqlstate":"...","message":"..."}]
 * when the statements raised any. An error replaces the whole body:
 * {"error":{...}} (http_json.c) with 400, 500 or 503.
 *
 * Execution: one SqlSession per request, created and destroyed on the
 * request's thread, as user HttpRequest.user. Without params the text runs
 * as a simple Query (sql_exec_simple): several statements in one implicit
 * transaction, stopping at the first error; the response describes the LAST
 * statement (with "statements" counting them). With a non-empty params array
 * the text is one statement run as the extended protocol does it (prepare,
 * bind text values of unknown type, execute, sync), so the engine infers each
 * parameter's type from context. A transaction block left open (BEGIN without
 * COMMIT) is rolled back when the session ends with the request.
 *
 * Values (column type → JSON):
 *   bool → true/false; int2/int4/int8/oid → number; float4/float8 → number
 *   (NaN, Infinity → string); numeric → number when its text has at most 15
 *   significant digits (exact in an IEEE double, so JavaScript keeps it),
 *   else string; json/jsonb → embedded JSON; NULL → null; everything else
 *   (text, dates, timestamps, uuid, bytea, arrays, ...) → string of its
 *   PostgreSQL text output under the session's settings (DateStyle, TimeZone).
 *
 * Limits: rows past max_rows (default 100,000) or past HTTP_MAX_RESULT_BYTES
 * of body are dropped and "truncated" is true; the statement still runs to its
 * end, so INSERT ... RETURNING commits whatever is returned. row_count is the
 * command tag's count (rows produced, not rows returned).
 *
 * Shutdown: the session is on the server's running list while its statement
 * runs; http_server_stop cancels it, and the 57014 that follows is reported
 * as 57P01 with 503.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "catalog/type_io.h"
#include "http/http_int.h"

#define MAX_ROWS_LIMIT   1000000
#define MAX_NOTICES      100
#define EXACT_DIGITS_MAX 15 /* significant digits a double always holds exactly */

typedef struct QueryOut {
    StrBuf *out; /* the response body; holds the current statement's result */
    const SessionSettings *settings;
    uint64_t max_rows;
    uint64_t n_rows;  /* rows the current statement produced */
    uint64_t n_kept;  /* rows of them written */
    bool truncated;   /* rows were dropped */
    bool described;   /* the current statement returns rows */
    bool open;        /* a statement's result is being written */
    int n_statements; /* completed */
    int n_notices;
    StrBuf notices; /* ",{...}" per notice */
    StrBuf scratch; /* one value's text output */
} QueryOut;

/* ---- result encoding (the ResultSink) ---- */

/* Starts a statement's result: replaces the previous statement's. */
static void result_open(QueryOut *q)
{
    strbuf_reset(q->out);
    strbuf_puts(q->out, "{\"columns\":[");
    q->n_rows = q->n_kept = 0;
    q->truncated = q->described = false;
    q->open = true;
}

static int sink_describe(void *ctx, int ncols, const ResultColumn *cols)
{
    QueryOut *q = ctx;
    result_open(q);
    q->described = true;
    for (int i = 0; i < ncols; i++) {
        TypeId id = cols[i].type.id;
        const char *tname = id == TYPE_NULL || id == TYPE_UNKNOWN || id == TYPE_INVALID
                                ? "text"
                                : type_info(id)->name;
        strbuf_puts(q->out, i ? ",{\"name\":" : "{\"name\":");
        http_json_cstring(q->out, cols[i].name ? cols[i].name : "?column?");
        strbuf_puts(q->out, ",\"type\":");
        http_json_cstring(q->out, tname);
        strbuf_putc(q->out, '}');
    }
    strbuf_puts(q->out, "],\"rows\":[");
    return 0;
}

/* Significant digits of a decimal number's text (leading zeros, sign, point
 * and exponent left out). */
static int significant_digits(const char *s, size_t len)
{
    int n = 0;
    bool leading = true;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == 'e' || c == 'E') break;
        if (c < '0' || c > '9') continue;
        if (leading && c == '0') continue;
        leading = false;
        n++;
    }
    return n;
}

static void put_value(QueryOut *q, OmType type, const void *payload)
{
    StrBuf *out = q->out;
    switch (type.id) {
    case TYPE_BOOL:
        strbuf_puts(out, *(const uint8_t *)payload ? "true" : "false");
        return;
    case TYPE_INT2:
        strbuf_printf(out, "%d", (int)*(const int16_t *)payload);
        return;
    case TYPE_INT4:
        strbuf_printf(out, "%" PRId32, *(const int32_t *)payload);
        return;
    case TYPE_INT8:
    case TYPE_OID:
        strbuf_printf(out, "%" PRId64, *(const int64_t *)payload);
        return;
    case TYPE_TEXT:
    case TYPE_VARCHAR:
    case TYPE_NAME:
    case TYPE_UNKNOWN: {
        const StrView *s = payload;
        http_json_string(out, strview_data(s), s->len);
        return;
    }
    default:
        break;
    }
    StrBuf *t = &q->scratch;
    strbuf_reset(t);
    type_text_out(type, payload, q->settings, t);
    bool raw = false;
    switch (type.id) {
    case TYPE_FLOAT4:
    case TYPE_FLOAT8:
        raw = http_json_is_number(t->data, t->len);
        break;
    case TYPE_NUMERIC:
        raw = http_json_is_number(t->data, t->len) &&
              significant_digits(t->data, t->len) <= EXACT_DIGITS_MAX;
        break;
    case TYPE_JSON:
    case TYPE_JSONB:
        raw = true; /* validated on input (json) or canonical (jsonb) */
        break;
    default:
        break;
    }
    if (raw)
        strbuf_append(out, t->data, t->len);
    else
        http_json_string(out, t->data, t->len);
}

static int sink_rows(void *ctx, const Chunk *chunk)
{
    QueryOut *q = ctx;
    if (!q->open) sink_describe(q, 0, NULL);
    for (uint32_t i = 0; i < chunk->count; i++) {
        q->n_rows++;
        if (q->n_kept >= q->max_rows || q->out->len >= HTTP_MAX_RESULT_BYTES) {
            q->truncated = true;
            continue;
        }
        uint32_t row = chunk_row(chunk, i);
        strbuf_puts(q->out, q->n_kept ? ",[" : "[");
        for (int col = 0; col < chunk->ncols; col++) {
            const Vector *v = &chunk->cols[col];
            if (col) strbuf_putc(q->out, ',');
            if (!vector_is_valid(v, row))
                strbuf_puts(q->out, "null");
            else
                put_value(q, v->type, vector_value_ptr(v, row));
        }
        strbuf_putc(q->out, ']');
        q->n_kept++;
    }
    return 0;
}

/* The count a command tag ends with ("SELECT 3", "INSERT 0 5"), or -1. */
static int64_t tag_count(const char *tag)
{
    const char *sp = strrchr(tag, ' ');
    if (!sp || !sp[1]) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(sp + 1, &end, 10);
    return errno || *end ? -1 : (int64_t)v;
}

static int sink_complete(void *ctx, const char *tag)
{
    QueryOut *q = ctx;
    if (!q->open) {
        result_open(q);
        strbuf_puts(q->out, "],\"rows\":[");
    }
    strbuf_puts(q->out, "],\"command\":");
    if (tag)
        http_json_cstring(q->out, tag);
    else
        strbuf_puts(q->out, "null");
    int64_t count = tag ? tag_count(tag) : -1;
    if (count < 0 && q->described) count = (int64_t)q->n_rows;
    if (count >= 0)
        strbuf_printf(q->out, ",\"row_count\":%" PRId64, count);
    else
        strbuf_puts(q->out, ",\"row_count\":null");
    strbuf_printf(q->out, ",\"truncated\":%s", q->truncated ? "true" : "false");
    q->open = false;
    q->n_statements++;
    return 0;
}

static int sink_empty(void *ctx)
{
    return sink_complete(ctx, NULL);
}

static int sink_notice(void *ctx, const OmError *notice)
{
    QueryOut *q = ctx;
    if (q->n_notices++ >= MAX_NOTICES) return 0;
    StrBuf *n = &q->notices;
    strbuf_puts(n, n->len ? ",{\"severity\":" : "{\"severity\":");
    http_json_cstring(n, error_severity_name(notice->severity));
    strbuf_puts(n, ",\"sqlstate\":");
    http_json_cstring(n, notice->sqlstate);
    strbuf_puts(n, ",\"message\":");
    http_json_cstring(n, notice->message);
    if (notice->detail[0]) {
        strbuf_puts(n, ",\"detail\":");
        http_json_cstring(n, notice->detail);
    }
    strbuf_putc(n, '}');
    return 0;
}

static int sink_parameter_status(void *ctx, const char *name, const char *value)
{
    return 0; /* no client-side state to keep in sync */
}

/* Closes the body after success. */
static void result_finish(QueryOut *q)
{
    /* every statement ends in complete (or empty); this covers a text the
     * engine reported nothing for */
    if (q->open || q->n_statements == 0) sink_complete(q, NULL);
    strbuf_printf(q->out, ",\"statements\":%d", q->n_statements);
    if (q->notices.len) {
        strbuf_puts(q->out, ",\"notices\":[");
        strbuf_append(q->out, q->notices.data, q->notices.len);
        strbuf_putc(q->out, ']');
    }
    strbuf_puts(q->out, "}\n");
}

/* ---- parameters ---- */

/* The text of one JSON parameter, as a client would send it in a Bind
 * message: strings as they are, numbers in their shortest exact form,
 * booleans as true/false, objects and arrays as compact JSON (for json and
 * jsonb parameters). *owned receives malloc'd text to free, or NULL. */
static const char *param_text(json_t *v, char *buf, size_t cap, char **owned)
{
    *owned = NULL;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_value(v);
    case JSON_INTEGER:
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    case JSON_REAL: {
        double d = json_real_value(v);
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(buf, cap, "%.*g", prec, d);
            if (strtod(buf, NULL) == d) break;
        }
        return buf;
    }
    case JSON_TRUE:
        return "true";
    case JSON_FALSE:
        return "false";
    default:
        *owned = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        return *owned ? *owned : "null";
    }
}

/* ---- running ---- */

typedef struct QueryReq {
    const char *sql;
    json_t *params; /* a non-empty array, or NULL */
    uint64_t max_rows;
    char timeout[64]; /* statement_timeout text, "" = leave the default */
} QueryReq;

static int run_with_params(SqlSession *s, const QueryReq *qr, ResultSink *sink, OmError *err)
{
    SqlPrepared *ps = NULL;
    if (sql_prepare(s, "", qr->sql, 0, NULL, &ps, err) != 0) return -1;
    int nparams, ncols;
    const OmType *ptypes;
    const ResultColumn *cols;
    sql_prepared_describe(ps, &nparams, &ptypes, &ncols, &cols);
    int nvalues = (int)json_array_size(qr->params);
    if (nvalues != nparams)
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
                   "the statement has %d parameters but %d were given", nparams, nvalues);
    Value *values = calloc((size_t)nvalues, sizeof(Value));
    char(*bufs)[40] = calloc((size_t)nvalues, sizeof(*bufs));
    char **owned = calloc((size_t)nvalues, sizeof(char *));
    int rc = -1;
    if (!values || !bufs || !owned) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto out;
    }
    for (int i = 0; i < nvalues; i++) {
        json_t *v = json_array_get(qr->params, (size_t)i);
        if (json_is_null(v)) {
            values[i].type = ptypes[i];
            values[i].is_null = true;
            continue;
        }
        const char *text = param_text(v, bufs[i], sizeof(bufs[i]), &owned[i]);
        values[i].type = OM_TYPE(TYPE_UNKNOWN);
        values[i].u.str = strview_make(text, (uint32_t)strlen(text));
    }
    SqlPortal *portal = NULL;
    if (sql_bind(s, "", ps, nvalues, values, 0, NULL, &portal, err) != 0) goto out;
    int pcols;
    const ResultColumn *rcols;
    const int16_t *formats;
    sql_portal_describe(portal, &pcols, &rcols, &formats);
    if (pcols >= 0) sink->describe(sink->ctx, pcols, rcols);
    sql_session_pipeline_enter(s, true);
    bool suspended = false;
    rc = sql_portal_execute(s, portal, 0, sink, &suspended, err);
    /* the extended protocol's Sync: ends the implicit transaction, if any */
    if (sql_session_txn_status(s) == 'I') {
        sql_portal_close_all(s);
        OmError sync_err;
        error_clear(&sync_err);
        if (sql_session_sync(s, rc == 0, sink, &sync_err) != 0 && rc == 0) {
            error_copy(err, &sync_err);
            rc = -1;
        }
    }
out:
    for (int i = 0; owned && i < nvalues; i++) free(owned[i]);
    free(owned);
    free(bufs);
    free(values);
    return rc;
}

/* Parses the body into *qr (qr->params stays owned by *root). Returns 0, or
 * -1 with resp holding the 400. */
static int parse_request(const HttpRequest *rq, json_t **root, QueryReq *qr, HttpResponse *resp)
{
    memset(qr, 0, sizeof(*qr));
    qr->max_rows = HTTP_DEFAULT_MAX_ROWS;
    json_error_t jerr;
    *root = json_loadb(rq->body.data, rq->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*root) {
        http_error(resp, 400, SQLSTATE_INVALID_TEXT_REPRESENTATION,
                   "invalid JSON in request body: %s (line %d, column %d)", jerr.text, jerr.line,
                   jerr.column);
        return -1;
    }
    if (!json_is_object(*root)) {
        http_error(resp, 400, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "request body must be a JSON object with a \"sql\" field");
        return -1;
    }
    const char *url_max = rq->max_rows;
    json_int_t max_rows = -1;
    if (url_max) {
        char *end;
        errno = 0;
        long long v = strtoll(url_max, &end, 10);
        max_rows = errno || end == url_max || *end ? -2 : (json_int_t)v;
    }
    const char *key;
    json_t *v;
    json_object_foreach(*root, key, v)
    {
        if (strcmp(key, "sql") == 0) {
            if (!json_is_string(v)) goto bad_field;
            qr->sql = json_string_value(v);
        } else if (strcmp(key, "params") == 0) {
            if (json_is_null(v)) continue;
            if (!json_is_array(v)) goto bad_field;
            if (json_array_size(v) > 0) qr->params = v;
        } else if (strcmp(key, "max_rows") == 0) {
            if (!json_is_integer(v)) goto bad_field;
            max_rows = json_integer_value(v);
        } else if (strcmp(key, "statement_timeout") == 0) {
            if (json_is_integer(v) && json_integer_value(v) >= 0)
                snprintf(qr->timeout, sizeof(qr->timeout), "%" JSON_INTEGER_FORMAT,
                         json_integer_value(v));
            else if (json_is_string(v) && strlen(json_string_value(v)) < sizeof(qr->timeout))
                snprintf(qr->timeout, sizeof(qr->timeout), "%s", json_string_value(v));
            else
                goto bad_field;
        } else {
            http_error(resp, 400, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "unknown field \"%s\" in request body", key);
            return -1;
        }
        continue;
    bad_field:
        http_error(resp, 400, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "invalid value for field \"%s\" in request body", key);
        return -1;
    }
    if (!qr->sql) {
        http_error(resp, 400, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "request body has no \"sql\" field");
        return -1;
    }
    if (max_rows != -1) {
        if (max_rows < 0 || max_rows > MAX_ROWS_LIMIT) {
            http_error(resp, 400, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "max_rows must be between 0 and %d", MAX_ROWS_LIMIT);
            return -1;
        }
        qr->max_rows = (uint64_t)max_rows;
    }
    return 0;
}

void http_query(HttpServer *h, const HttpRequest *rq, HttpResponse *resp)
{
    resp->status = 200;
    resp->content_type = HTTP_CT_JSON;
    json_t *root = NULL;
    QueryReq qr;
    if (parse_request(rq, &root, &qr, resp) != 0) {
        json_decref(root);
        return;
    }

    OmError err;
    error_clear(&err);
    SqlSession *s = sql_session_create(h->db, rq->user, "omendb", "omendb-http");
    if (!s) {
        json_decref(root);
        http_error(resp, 503, SQLSTATE_OUT_OF_MEMORY, "could not create a session");
        return;
    }
    QueryOut q = {.out = &resp->body, .settings = sql_session_settings(s), .max_rows = qr.max_rows};
    strbuf_init(&q.notices, NULL);
    strbuf_init(&q.scratch, NULL);
    ResultSink sink = {
        .ctx = &q,
        .describe = sink_describe,
        .rows = sink_rows,
        .complete = sink_complete,
        .empty = sink_empty,
        .notice = sink_notice,
        .parameter_status = sink_parameter_status,
    };
    int rc = 0;
    if (qr.timeout[0]) rc = sql_session_set_setting(s, "statement_timeout", qr.timeout, &err);
    HttpRunning running;
    if (rc == 0 && !http_running_add(h, &running, s)) {
        ERR(&err, SQLSTATE_ADMIN_SHUTDOWN, "the server is shutting down");
        rc = -1;
    } else if (rc == 0) {
        if (qr.params)
            rc = run_with_params(s, &qr, &sink, &err);
        else
            rc = sql_exec_simple(s, qr.sql, &sink, &err);
        http_running_remove(h, &running);
    }
    sql_session_destroy(s);
    json_decref(root);

    if (rc == 0) {
        result_finish(&q);
    } else {
        if (!err.is_set) ERR(&err, SQLSTATE_INTERNAL_ERROR, "statement failed without an error");
        if (atomic_load(&h->stopping) && strcmp(err.sqlstate, SQLSTATE_QUERY_CANCELED) == 0) {
            error_clear(&err);
            ERR(&err, SQLSTATE_ADMIN_SHUTDOWN,
                "terminating statement due to administrator command");
        }
        err.file = NULL;
        http_error_response(resp, http_status_for_sqlstate(err.sqlstate), &err);
    }
    strbuf_fini(&q.notices);
    strbuf_fini(&q.scratch);
}
