/*
 * server_workers.c — the worker threads that serve the connections.
 *
 * A connection owns no thread. Between two messages it is parked: its socket
 * sits in one epoll set, armed EPOLLONESHOT, and no thread waits on it alone.
 * Idle workers wait in epoll_wait() on that set; the one woken takes the
 * connection and runs wire_conn_serve(), which handles every message the
 * client has sent and returns when the socket has nothing more (the worker
 * re-arms it) or the connection has ended (the worker releases its slot).
 * ONESHOT makes a connection belong to at most one worker at a time; the
 * epoll_ctl/epoll_wait pair between two workers orders their accesses.
 *
 * Why: with a thread per connection every message woke its own thread, and at
 * 32 clients on 2 cores the scheduler's switches were the largest cost of a
 * commit. A worker that finds more connections ready goes on to the next one
 * without sleeping, so a busy server switches threads far less often than it
 * handles messages.
 *
 * A worker still blocks inside a statement (a row lock held by a parked
 * connection, COPY data, a slow client). So that the connections it would
 * have served do not wait on it, and so that a lock holder's COMMIT always
 * finds a worker, a watchdog thread watches the pool while every worker is
 * busy: when a whole tick (1 ms) passes without any worker finishing a turn
 * and a connection is ready, it starts another worker. Workers above the base
 * count leave after WORKER_IDLE_MS without work. There are never more workers
 * than connections plus the base count, so the pool never has more threads
 * than the thread-per-connection design it replaces had.
 *
 * A worker that has just finished a turn may poll the set for a short while
 * before it sleeps (server_spin.c: by default only while trials show that
 * polling shortens the clients' round trips).
 *
 * Invariants: a slot is in the epoll set from accept until its last turn; a
 * slot's WireConn is touched by one worker at a time; n_workers and the stop
 * flag change under pool.lock.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "server/server_int.h"

#define WORKER_IDLE_MS   5000 /* a surplus worker leaves after this long without work */
#define WATCHDOG_TICK_NS 1000000L
#define STOP_WAIT_MS     2000

static void *worker_main(void *arg);

/* Starts one worker; pool.lock held. Returns 0 or an errno. */
static int spawn_worker(ConnRegistry *reg)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, SERVER_THREAD_STACK);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, worker_main, reg);
    pthread_attr_destroy(&attr);
    if (rc == 0) atomic_fetch_add(&reg->pool.n_workers, 1);
    return rc;
}

/* A worker's end; pool.lock held. */
static void worker_leave(ConnRegistry *reg)
{
    if (atomic_fetch_sub(&reg->pool.n_workers, 1) == 1) pthread_cond_broadcast(&reg->pool.changed);
}

/* A worker about to serve: if it is the last idle one, the watchdog starts
 * watching. */
static void turn_begin(WorkerPool *p)
{
    int busy = atomic_fetch_add(&p->busy, 1) + 1;
    if (busy >= atomic_load(&p->n_workers) && atomic_load(&p->watchdog_asleep)) {
        pthread_mutex_lock(&p->lock);
        pthread_cond_broadcast(&p->changed);
        pthread_mutex_unlock(&p->lock);
    }
}

static void turn_end(WorkerPool *p)
{
    atomic_fetch_sub(&p->busy, 1);
    atomic_fetch_add(&p->turns, 1);
}

/* Parks a connection again. Returns false if epoll refused (it cannot for a
 * registered socket; the caller then serves the connection to its end itself). */
static void *worker_main(void *arg)
{
    ConnRegistry *reg = arg;
    WorkerPool *p = &reg->pool;
    pthread_setname_np(pthread_self(), "omendb worker");
    bool served = false; /* the last pass served a connection */
    for (;;) {
        struct epoll_event ev;
        int n = served ? worker_spin_for_work(p, &ev) : 0;
        if (n == 0) n = epoll_wait(p->epfd, &ev, 1, WORKER_IDLE_MS);
        served = false;
        if (n < 0 && errno != EINTR) {
            server_log(SERVER_LOG_ERROR, "epoll_wait failed: %s", strerror(errno));
            n = 0;
        }
        if (n <= 0) {
            pthread_mutex_lock(&p->lock);
            bool leave = p->stopping || atomic_load(&p->n_workers) > p->base;
            if (leave) worker_leave(reg);
            pthread_mutex_unlock(&p->lock);
            if (leave) return NULL;
            continue;
        }
        if (ev.data.ptr == NULL) { /* the stop event: level-triggered, every worker sees it */
            pthread_mutex_lock(&p->lock);
            worker_leave(reg);
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        if (ev.data.ptr == &p->wakefd) { /* notifications for parked connections */
            turn_begin(p);
            conn_slots_send_woken(reg);
            turn_end(p);
            served = true;
            continue;
        }
        ConnSlot *slot = ev.data.ptr;
        if (!conn_slot_take(slot)) continue; /* claimed for notifications: dropped */
        WireConn *conn = conn_slot_conn(slot);
        int fd = wire_conn_fd(conn);
        turn_begin(p);
        if (p->spin.adaptive) {
            long now = worker_spin_now_ns();
            worker_spin_turn_start(p, conn_slot_turn_started(slot, now), now);
        }
        WireServe r = wire_conn_serve(conn);
        if (r == WIRE_SERVE_PARK && !conn_slot_park(slot)) {
            /* this worker serves it alone until it ends (the watchdog stands in) */
            do {
                struct pollfd pfd = {.fd = fd, .events = POLLIN};
                while (poll(&pfd, 1, -1) < 0 && errno == EINTR) {
                }
            } while (wire_conn_serve(conn) == WIRE_SERVE_PARK);
            r = WIRE_SERVE_DONE;
        }
        if (r == WIRE_SERVE_DONE) {
            (void)epoll_ctl(p->epfd, EPOLL_CTL_DEL, fd, NULL);
            conn_slot_release(slot);
        }
        turn_end(p);
        served = true;
    }
}

/* True when the epoll set has a ready connection (or the stop event). */
static bool work_waiting(const WorkerPool *p)
{
    struct pollfd pfd = {.fd = p->epfd, .events = POLLIN};
    return poll(&pfd, 1, 0) > 0;
}

static void *watchdog_main(void *arg)
{
    ConnRegistry *reg = arg;
    WorkerPool *p = &reg->pool;
    pthread_setname_np(pthread_self(), "omendb watchdog");
    pthread_mutex_lock(&p->lock);
    while (!p->stopping) {
        if (atomic_load(&p->busy) < atomic_load(&p->n_workers)) {
            atomic_store(&p->watchdog_asleep, true);
            /* re-checked after announcing the sleep: turn_begin either sees the
             * flag or its busy count is seen here */
            if (atomic_load(&p->busy) < atomic_load(&p->n_workers))
                pthread_cond_wait(&p->changed, &p->lock);
            atomic_store(&p->watchdog_asleep, false);
            continue;
        }
        uint64_t turns = atomic_load(&p->turns);
        pthread_mutex_unlock(&p->lock);
        struct timespec tick = {0, WATCHDOG_TICK_NS};
        nanosleep(&tick, NULL);
        pthread_mutex_lock(&p->lock);
        if (p->stopping) break;
        if (atomic_load(&p->turns) == turns &&
            atomic_load(&p->busy) >= atomic_load(&p->n_workers) &&
            atomic_load(&p->n_workers) < conn_registry_count(reg) + p->base && work_waiting(p)) {
            int rc = spawn_worker(reg);
            if (rc != 0)
                server_log(SERVER_LOG_WARNING, "could not start a worker thread: %s", strerror(rc));
        }
    }
    p->watchdog_running = false;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int worker_pool_start(ConnRegistry *reg, int base, int spin_us)
{
    WorkerPool *p = &reg->pool;
    p->base = base > 0 ? base : 1;
    p->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (p->epfd < 0) return -1;
    p->stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (p->stopfd < 0) {
        close(p->epfd);
        return -1;
    }
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(p->epfd, EPOLL_CTL_ADD, p->stopfd, &ev) != 0) goto fail;
    p->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event wev = {.events = EPOLLIN, .data.ptr = &p->wakefd};
    if (p->wakefd < 0 || epoll_ctl(p->epfd, EPOLL_CTL_ADD, p->wakefd, &wev) != 0) goto fail;
    worker_spin_init(p, spin_us);
    pthread_mutex_lock(&p->lock);
    for (int i = 0; i < p->base; i++) {
        int rc = spawn_worker(reg);
        if (rc != 0) {
            pthread_mutex_unlock(&p->lock);
            errno = rc;
            goto fail;
        }
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t tid;
    int rc = pthread_create(&tid, &attr, watchdog_main, reg);
    pthread_attr_destroy(&attr);
    if (rc == 0) p->watchdog_running = true;
    pthread_mutex_unlock(&p->lock);
    if (rc != 0) {
        errno = rc;
        goto fail;
    }
    return 0;
fail:
    /* Workers already started leave at the stop event; the server exits anyway. */
    {
        int saved = errno;
        uint64_t one = 1;
        (void)!write(p->stopfd, &one, sizeof one);
        errno = saved;
    }
    return -1;
}

int worker_pool_add(ConnRegistry *reg, ConnSlot *slot, int fd)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.ptr = slot};
    return epoll_ctl(reg->pool.epfd, EPOLL_CTL_ADD, fd, &ev);
}

bool worker_pool_stop(ConnRegistry *reg)
{
    WorkerPool *p = &reg->pool;
    pthread_mutex_lock(&p->lock);
    p->stopping = true;
    pthread_cond_broadcast(&p->changed);
    uint64_t one = 1;
    (void)!write(p->stopfd, &one, sizeof one);
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += STOP_WAIT_MS / 1000;
    while ((atomic_load(&p->n_workers) > 0 || p->watchdog_running) &&
           pthread_cond_timedwait(&p->changed, &p->lock, &deadline) == 0) {
    }
    bool all_gone = atomic_load(&p->n_workers) == 0 && !p->watchdog_running;
    pthread_mutex_unlock(&p->lock);
    if (all_gone) {
        close(p->stopfd);
        if (p->wakefd >= 0) close(p->wakefd);
        close(p->epfd);
    }
    return all_gone;
}

int worker_pool_default_base(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 2 ? 2 : (int)cpus;
}
