/*
 * server_int.h — declarations shared by the files of src/server only.
 */
#ifndef OMENDB_SERVER_SERVER_INT_H
#define OMENDB_SERVER_SERVER_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "server/server.h"
#include "wire/wire.h"

/* Stack of a worker thread (server_workers.c). Only the pages a thread touches are
 * committed, so the size costs address space, not memory. It must be large because
 * parsing is deeply recursive (libpg_query's protobuf unpacking takes a few
 * KiB per nesting level): with 1 MiB, "SELECT 1+1+...+1" with 2000 terms
 * overflowed the stack and took the whole server down; 8 MiB (glibc's
 * default) handles that. Deeper input must be refused by the engine before
 * it recurses (PostgreSQL's check_stack_depth, 54001). */
#define SERVER_THREAD_STACK ((size_t)8 << 20)
/* Connections over max_connections are still served (to read the startup
 * packet and answer 53300, or to serve a CancelRequest), up to this many. */
#define SERVER_EXTRA_CONNS 64

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

/* Polling before sleeping (server_spin.c). */
typedef struct WorkerSpin {
    long max_ns;          /* how long one poll lasts; 0 = never poll */
    bool adaptive;        /* worker_spin_us = auto: trials decide `polling` */
    int n_cpus;           /* polling only while fewer workers are busy */
    atomic_bool polling;  /* polling is on now (fixed unless adaptive) */
    atomic_int spinning;  /* 1 while a worker polls */
    atomic_int skip;      /* chances to poll still to pass after a poll found nothing */
    atomic_int skip_next; /* the next such pause: doubles per empty poll, up to a cap */
    /* adaptive trials (server_spin.c) */
    pthread_mutex_t ctl;      /* taken with trylock by the worker that moves the trial on */
    int window;               /* the trial window running, -1 between trials (ctl) */
    atomic_long window_start; /* when it began; 0 between trials */
    atomic_long phase_end;    /* when the window (or the time between trials) ends */
    atomic_long sum_ns[2];    /* cycles in the trial: [0] sleeping, [1] polling */
    atomic_long count[2];
    atomic_long decisions; /* trials finished */
} WorkerSpin;

/* The worker threads that serve parked connections (server_workers.c). */
typedef struct WorkerPool {
    int epfd;   /* parked connections (EPOLLONESHOT) and the stop event */
    int stopfd; /* eventfd: readable once the pool stops */
    /* Notifications for parked connections (LISTEN/NOTIFY): slots claimed by
     * conn_slot_wake wait in wakeq until a worker, woken by wakefd, sends them
     * their notifications (server_conns.c). */
    int wakefd;
    pthread_mutex_t wakeq_mu;
    ConnSlot **wakeq;
    int wakeq_n, wakeq_cap;
    int base; /* workers kept while idle */
    pthread_mutex_t lock;
    pthread_cond_t changed; /* the watchdog's wake-up; the last worker leaving */
    atomic_int n_workers;
    atomic_int busy;            /* workers serving a connection */
    atomic_uint_fast64_t turns; /* serving turns finished: the watchdog's progress mark */
    atomic_bool watchdog_asleep;
    WorkerSpin spin;
    bool watchdog_running;
    bool stopping;
} WorkerPool;

/* All live connections: the cancel-key registry and the shutdown list. */
typedef struct ConnRegistry {
    pthread_mutex_t lock;
    pthread_cond_t drained; /* signalled when n_conns drops to 0 */
    ConnSlot *head;
    int n_conns;    /* connections alive (each served by at most one worker) */
    int n_sessions; /* connections counted against max_connections */
    int32_t next_pid;
    bool stopping;
    /* set once before the first accept */
    Database *db;
    int max_connections;
    size_t max_message_size;
    const struct WireTls *tls; /* ssl = on: the TLS context (server_auth.c); else NULL */
    WorkerPool pool;
} ConnRegistry;

void conn_registry_init(ConnRegistry *reg, Database *db, const ServerConfig *cfg);
void conn_registry_fini(ConnRegistry *reg);
/* Takes ownership of an accepted socket and parks it for the workers (or
 * refuses it at once when even the extra connections are used up). */
void conn_registry_accept(ConnRegistry *reg, int fd);
/* Cancels the statement of the connection with this key (no-op if none). */
void conn_registry_cancel(ConnRegistry *reg, int32_t pid, int32_t secret);
/* Stops new connections and asks every live one to terminate (57P01). */
void conn_registry_terminate_all(ConnRegistry *reg);
/* Cuts the sockets of connections still alive (clients that do not read). */
void conn_registry_abort_all(ConnRegistry *reg);
/* Waits up to `ms` milliseconds for all connections to end, cancelling
 * their statements again every 100 ms; returns the number still alive. */
int conn_registry_wait(ConnRegistry *reg, int ms);
/* Connections alive. */
int conn_registry_count(ConnRegistry *reg);
/* A slot's connection, and the end of a connection whose last turn returned
 * WIRE_SERVE_DONE: unlinked, destroyed, uncounted. */
WireConn *conn_slot_conn(const ConnSlot *slot);
/* Records the start of a turn of the slot's connection; returns the previous
 * one (0 = none). Only the worker serving the slot calls it. */
long conn_slot_turn_started(ConnSlot *slot, long now);
void conn_slot_release(ConnSlot *slot);
/* A worker takes the slot for a turn after the epoll set reported it; false
 * while the slot is claimed for sending notifications (the report is dropped;
 * the claim re-arms the slot when it ends). conn_slot_park parks it again
 * after a turn that returned WIRE_SERVE_PARK: re-armed for input, and to fire
 * at once when a notification arrived during the turn (false: it could not
 * be re-armed; the worker keeps it). conn_slots_send_woken: a worker woken by
 * the pool's wakefd sends the claimed slots their notifications. */
bool conn_slot_take(ConnSlot *slot);
bool conn_slot_park(ConnSlot *slot);
void conn_slots_send_woken(ConnRegistry *reg);

/* server_auth.c. server_auth_start: at start, before listening: the password
 * store and, with ssl = on, the TLS context (*tls; NULL when off). 0, or -1
 * after printing why on stderr (the server exits with status 1).
 * server_auth_attach: the engine's hooks (ALTER ROLE ... PASSWORD,
 * pg_authid, SHOW ssl), before sessions exist. */
struct WireTls;
int server_auth_start(const ServerConfig *cfg, struct WireTls **tls);
void server_auth_attach(Database *db, const ServerConfig *cfg);

/* server_workers.c. Starts `base` workers and the watchdog; idle workers poll
 * for `spin_us` before they sleep (0 = never). 0, or -1 (errno). */
int worker_pool_start(ConnRegistry *reg, int base, int spin_us);
/* Parks a new connection (not yet started) for the workers; 0 or -1 (errno). */
int worker_pool_add(ConnRegistry *reg, ConnSlot *slot, int fd);
/* Once no connection is left: ends the workers and the watchdog. False when
 * one of them is still running after 2 s (the pool must then be left alone). */
bool worker_pool_stop(ConnRegistry *reg);
/* One worker per CPU, at least 2 (docs/server.md: more cost select-only throughput). */
int worker_pool_default_base(void);

struct epoll_event;
/* server_spin.c. Sets up polling: max_us 0 = never, > 0 = always that long,
 * < 0 = auto (trials decide). */
void worker_spin_init(WorkerPool *p, int max_us);
/* CLOCK_MONOTONIC in nanoseconds. */
long worker_spin_now_ns(void);
/* A turn of a connection starts at `now`; its previous turn started at
 * prev_start (0 = none). Feeds the trials and moves them on (auto only). */
void worker_spin_turn_start(WorkerPool *p, long prev_start, long now);
/* A worker that has just finished a turn: polls the set if allowed; returns 1
 * with *ev set when a connection (or the stop event) became ready, else 0. */
int worker_spin_for_work(WorkerPool *p, struct epoll_event *ev);

#endif
