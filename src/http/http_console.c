/*
 * http_console.c — GET / and /console: the web console, one self-contained
 * HTML page (inline script and style, nothing fetched from elsewhere) that
 * runs SQL through POST /query and shows /health in its status line.
 *
 * The page lives in src/http/console.html; the Makefile turns it into the
 * byte array CONSOLE_HTML (unsigned char, NUL-terminated) in $(BUILD)/gen/http_console_html.h
 * at build time (od + sed), so it is edited as HTML and served from memory.
 */
#include <string.h>

#include "http/http_int.h"
#include "http_console_html.h"

void http_console(HttpServer *h, const HttpRequest *rq, HttpResponse *resp)
{
    resp->status = 200;
    resp->content_type = HTTP_CT_HTML;
    strbuf_append(&resp->body, CONSOLE_HTML, sizeof(CONSOLE_HTML) - 1);
}
