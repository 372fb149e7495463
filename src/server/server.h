/*
 * server.h — the omendb server process: lifecycle, logging and the data
 * directory lock. main.c parses the command line into a ServerConfig and
 * calls server_run().
 *
 * Lifecycle of server_run():
 *   1. lock the data directory (created if missing): a second server on the
 *      same directory fails here, before touching anything;
 *   2. bind the listening sockets, the HTTP API's too (failure: exit status 1);
 *   3. open the database (recovery happens inside sql_database_open), then
 *      start the HTTP API (src/http) on it;
 *   4. accept connections, one thread per connection, until SIGINT or SIGTERM;
 *   5. stop the HTTP API (its statements cancelled, its threads joined), stop
 *      accepting, send every client FATAL 57P01 (a running statement is
 *      cancelled first), wait for the sessions, close the database, unlock.
 * Signals are blocked in every thread and read from a signalfd by the accept
 * loop, so no work happens in a signal handler; SIGPIPE is ignored.
 */
#ifndef OMENDB_SERVER_SERVER_H
#define OMENDB_SERVER_SERVER_H

#include <stdarg.h>
#include <stddef.h>

#include "server/server_config.h"
#include "wire/wire.h"

/* Printed by `omendb --version`. */
#define SERVER_VERSION_STRING "omendb " OMENDB_VERSION " (PostgreSQL 15 compatible)"

/* Runs the server until a shutdown signal; returns the process exit status
 * (0 after a clean shutdown, 1 when startup failed). Messages go to stderr. */
int server_run(const ServerConfig *cfg);

/* ---- server_log.c ---- */

void server_log_set_level(ServerLogLevel level);
/* Writes "2026-01-02 03:04:05.678 UTC [pid] LEVEL:  message" to stderr, as one
 * write so lines of concurrent threads do not interleave. */
void server_log(ServerLogLevel level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void server_vlog(ServerLogLevel level, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* ---- server_lock.c ---- */

/* Creates `data_dir` if missing (mode 0700, parents too) and takes an
 * exclusive flock() on data_dir/omendb.lock, writing our pid into it.
 * Returns the lock file descriptor (keep it open for the life of the
 * server), or -1 with a one-line message in errbuf, e.g.
 *   data directory "d" is in use by another server (pid 123)                */
int server_datadir_lock(const char *data_dir, char *errbuf, size_t errlen);
/* Empties the lock file and releases the lock. */
void server_datadir_unlock(int lock_fd);

#endif
