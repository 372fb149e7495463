/*
 * server_log.c — the server's log lines on stderr, in PostgreSQL's default
 * shape ("%m [%p] LEVEL:  message"), filtered by log_level.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "server/server.h"

static atomic_int g_level = SERVER_LOG_INFO;

void server_log_set_level(ServerLogLevel level)
{
    atomic_store(&g_level, (int)level);
}

static const char *level_label(ServerLogLevel level)
{
    switch (level) {
    case SERVER_LOG_ERROR:
        return "ERROR";
    case SERVER_LOG_WARNING:
        return "WARNING";
    case SERVER_LOG_INFO:
        return "LOG";
    case SERVER_LOG_DEBUG:
        return "DEBUG";
    }
    return "LOG";
}

void server_vlog(ServerLogLevel level, const char *fmt, va_list ap)
{
    if ((int)level > atomic_load(&g_level)) return;
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char line[2048];
    int n = snprintf(line, sizeof(line),
                     "%04d-%02d-%02d %02d:%02d:%02d.%03d UTC [%d] %s:  ", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     (int)(tv.tv_usec / 1000), (int)getpid(), level_label(level));
    if (n < 0) return;
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    if (m < 0) return;
    size_t len = (size_t)n + (size_t)m;
    if (len > sizeof(line) - 2) len = sizeof(line) - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}

void server_log(ServerLogLevel level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    server_vlog(level, fmt, ap);
    va_end(ap);
}
