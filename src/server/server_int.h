/*
 * server_int.h — declarations shared by the files of src/server only.
 */
#ifndef OMENDB_SERVER_SERVER_INT_H
#define OMENDB_SERVER_SERVER_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "server/server.h"
#include "wire/wire.h"

/* Stack of a connection thread. Only the pages a thread touches are
 * committed, so the size costs address space, not memory: 500 idle
 * connections stay around 100 KiB of stack each. It must be large because
 * parsing is deeply recursive (libpg_query's protobuf unpacking takes a few
 * KiB per nesting level): with 1 MiB, "SELECT 1+1+...+1" with 2000 terms
 * overflowed the stack and took the whole server down; 8 MiB (glibc's
 * default) handles that. Deeper input must be refused by the engine before
 * it recurses (PostgreSQL's check_stack_depth, 54001). */
#define SERVER_THREAD_STACK ((size_t)8 << 20)
/* Connections over max_connections still get a thread (to read the startup
 * packet and answer 53300, or to serve a CancelRequest), up to this many. */
#define SERVER_EXTRA_THREADS 64

/* The next item of a comma-separated setting (listen, unix_socket_directories),
 * trimmed of spaces, empty items skipped; strtok_r's contract (`list` on the
 * first call, NULL after; `list` is modified). NULL at the end. */
char *server_list_next(char *list, char **save);
/* O_NONBLOCK on a listening socket; 0 or -1 (errno). */
int server_set_nonblocking(int fd);

/* Binds DIR/.s.PGSQL.PORT for each directory of cfg->unix_socket_dirs
 * (non-blocking listeners; a stale socket file of a dead server is replaced,
 * a live one is left alone). Writes up to max_fds descriptors and returns
 * their count; directories that fail are logged and skipped. */
int server_unix_sockets_open(const ServerConfig *cfg, int *fds, int max_fds);
/* Removes the socket files and closes the descriptors. */
void server_unix_sockets_close(const int *fds, int n);

typedef struct ConnSlot ConnSlot;

/* All live connections: the cancel-key registry and the shutdown list. */
typedef struct ConnRegistry {
    pthread_mutex_t lock;
    pthread_cond_t drained; /* signalled when n_threads drops to 0 */
    ConnSlot *head;
    int n_threads;  /* connection threads alive */
    int n_sessions; /* connections counted against max_connections */
    int32_t next_pid;
    bool stopping;
    /* set once before the first accept */
    Database *db;
    int max_connections;
    size_t max_message_size;
} ConnRegistry;

void conn_registry_init(ConnRegistry *reg, Database *db, const ServerConfig *cfg);
void conn_registry_fini(ConnRegistry *reg);
/* Takes ownership of an accepted socket and starts its thread (or refuses it
 * at once when even the extra threads are used up). */
void conn_registry_accept(ConnRegistry *reg, int fd);
/* Cancels the statement of the connection with this key (no-op if none). */
void conn_registry_cancel(ConnRegistry *reg, int32_t pid, int32_t secret);
/* Stops new connections and asks every live one to terminate (57P01). */
void conn_registry_terminate_all(ConnRegistry *reg);
/* Cuts the sockets of connections still alive (clients that do not read). */
void conn_registry_abort_all(ConnRegistry *reg);
/* Waits up to `ms` milliseconds for all connection threads to end, cancelling
 * their statements again every 100 ms; returns the number still alive. */
int conn_registry_wait(ConnRegistry *reg, int ms);

#endif
