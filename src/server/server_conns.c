/*
 * server_conns.c — the registry of live connections.
 *
 * Each accepted socket gets a ConnSlot and is parked for the worker threads
 * (server_workers.c), which serve it with wire_conn_serve(). The registry lock
 * guards the list, the counters and every call that reaches into a WireConn
 * from outside its serving worker (cancel, terminate), and a slot leaves the
 * list under that lock before its WireConn is destroyed, so those calls never
 * meet a freed connection.
 *
 * Cancel keys: the pid is a per-server counter (unique among live
 * connections), the secret 32 random bits from getrandom(); a CancelRequest
 * must match both, as in PostgreSQL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/server_int.h"

#define WAIT_TICK_MS 100

struct ConnSlot {
    ConnSlot *prev, *next;
    ConnRegistry *reg;
    WireConn *conn;
    int32_t pid;
    int32_t secret;
    bool counted;    /* holds one of max_connections */
    long turn_start; /* when its last turn began (worker_spin_turn_start); 0 = none */
    /* Notifications for a parked connection (LISTEN/NOTIFY). Invariant: at
     * most one epoll report of the slot is armed or in a worker's hands, and
     * only the holder of `serving` arms one, when it lets go: so no report
     * can outlive the slot. A notifier never re-arms the socket; it claims an
     * idle slot (`serving`) and queues it for a worker (conn_slot_wake). */
    pthread_mutex_t park_mu;
    bool serving;      /* a worker serves it, or it is claimed for notifications */
    bool wake_pending; /* a notification arrived while it was served or claimed */
    bool rearm_needed; /* a report came while claimed and was dropped */
};

static bool arm(ConnSlot *slot, uint32_t extra);

/* The session's waker (sql_session_set_waker; called under the notify hub's
 * lock, so it only takes leaf locks): an idle slot is claimed and queued for
 * a worker; a served or already claimed one finds wake_pending when it is let
 * go. */
static void slot_wake(void *ctx)
{
    ConnSlot *slot = ctx;
    WorkerPool *p = &slot->reg->pool;
    pthread_mutex_lock(&slot->park_mu);
    bool claim = !slot->serving;
    if (claim)
        slot->serving = true;
    else
        slot->wake_pending = true;
    pthread_mutex_unlock(&slot->park_mu);
    if (!claim) return;
    pthread_mutex_lock(&p->wakeq_mu);
    if (p->wakeq_n == p->wakeq_cap) {
        int cap = p->wakeq_cap ? p->wakeq_cap * 2 : 16;
        ConnSlot **q = realloc(p->wakeq, sizeof(ConnSlot *) * (size_t)cap);
        if (!q) { /* out of memory: the notification waits for the next turn */
            pthread_mutex_unlock(&p->wakeq_mu);
            pthread_mutex_lock(&slot->park_mu);
            if (slot->rearm_needed) (void)arm(slot, 0);
            slot->rearm_needed = false;
            slot->serving = false;
            slot->wake_pending = true;
            pthread_mutex_unlock(&slot->park_mu);
            return;
        }
        p->wakeq = q;
        p->wakeq_cap = cap;
    }
    p->wakeq[p->wakeq_n++] = slot;
    pthread_mutex_unlock(&p->wakeq_mu);
    uint64_t one = 1;
    (void)!write(p->wakefd, &one, sizeof one);
}

bool conn_slot_take(ConnSlot *slot)
{
    pthread_mutex_lock(&slot->park_mu);
    bool mine = !slot->serving;
    if (mine) {
        slot->serving = true;
        slot->wake_pending = false; /* the turn sends what has arrived */
    } else {
        slot->rearm_needed = true;
    }
    pthread_mutex_unlock(&slot->park_mu);
    return mine;
}

static bool arm(ConnSlot *slot, uint32_t extra)
{
    struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT | extra, .data.ptr = slot};
    if (epoll_ctl(slot->reg->pool.epfd, EPOLL_CTL_MOD, wire_conn_fd(slot->conn), &ev) == 0)
        return true;
    server_log(SERVER_LOG_WARNING, "could not park a connection again: %s", strerror(errno));
    return false;
}

bool conn_slot_park(ConnSlot *slot)
{
    pthread_mutex_lock(&slot->park_mu);
    /* a notification that came during the turn: fire at once (EPOLLOUT) */
    bool ok = arm(slot, slot->wake_pending ? EPOLLOUT : 0);
    if (ok) slot->serving = false; /* else the worker keeps serving it on its own */
    slot->rearm_needed = false;
    pthread_mutex_unlock(&slot->park_mu);
    return ok;
}

/* Sends a claimed slot its notifications, then lets it go: re-armed if a
 * report was dropped meanwhile (its input waits), sent again if more came. */
static void send_claimed(ConnSlot *slot)
{
    for (;;) {
        wire_conn_send_notifications(slot->conn);
        pthread_mutex_lock(&slot->park_mu);
        if (slot->wake_pending) {
            slot->wake_pending = false;
            pthread_mutex_unlock(&slot->park_mu);
            continue;
        }
        if (slot->rearm_needed && !arm(slot, 0)) {
            /* cannot happen short of a broken epoll set; the next wake retries */
            pthread_mutex_unlock(&slot->park_mu);
            return;
        }
        slot->rearm_needed = false;
        slot->serving = false;
        pthread_mutex_unlock(&slot->park_mu);
        return;
    }
}

void conn_slots_send_woken(ConnRegistry *reg)
{
    WorkerPool *p = &reg->pool;
    uint64_t n;
    (void)!read(p->wakefd, &n, sizeof n);
    for (;;) {
        pthread_mutex_lock(&p->wakeq_mu);
        ConnSlot *slot = p->wakeq_n > 0 ? p->wakeq[--p->wakeq_n] : NULL;
        pthread_mutex_unlock(&p->wakeq_mu);
        if (!slot) return;
        send_claimed(slot);
    }
}

static void wire_log_hook(void *ctx, WireLogLevel level, const char *msg)
{
    (void)ctx;
    server_log((ServerLogLevel)level, "%s", msg);
}

static void wire_cancel_hook(void *ctx, int32_t pid, int32_t secret)
{
    conn_registry_cancel(ctx, pid, secret);
}

/* pg_stat_activity: every connection past its startup, newest first (the
 * view promises no order). Copies are taken under the registry lock, so no
 * connection is freed meanwhile. */
static int backends_list(void *ctx, int (*emit)(void *ectx, const SessionActivityRow *row),
                         void *ectx)
{
    ConnRegistry *reg = ctx;
    WireActivity act;
    const WireActivity *a = &act;
    int rc = 0;
    pthread_mutex_lock(&reg->lock);
    for (ConnSlot *s = reg->head; s && rc == 0; s = s->next) {
        if (!wire_conn_activity(s->conn, &act)) continue;
        SessionActivityRow row = {
            .pid = s->pid,
            .datname = a->database,
            .usename = a->user,
            .application_name = a->application_name,
            .client_addr = a->client_addr[0] ? a->client_addr : NULL,
            .client_port = a->client_port,
            .backend_start = a->backend_start,
            .xact_start = a->xact_start,
            .query_start = a->query_start,
            .state_change = a->state_change,
            .state = a->state[0] ? a->state : NULL,
            .lock_wait = a->lock_wait,
            .query = a->query,
            .ssl = a->ssl,
            .ssl_version = a->ssl_version,
            .ssl_cipher = a->ssl_cipher,
            .ssl_bits = a->ssl_bits,
        };
        rc = emit(ectx, &row);
    }
    pthread_mutex_unlock(&reg->lock);
    return rc;
}

/* pg_cancel_backend / pg_terminate_backend by pid alone (a CancelRequest
 * must also know the secret; these run inside an authenticated session). */
static int backends_signal(void *ctx, int32_t pid, bool terminate)
{
    ConnRegistry *reg = ctx;
    int found = 0;
    pthread_mutex_lock(&reg->lock);
    for (ConnSlot *s = reg->head; s; s = s->next) {
        if (s->pid != pid) continue;
        if (terminate)
            wire_conn_terminate(s->conn);
        else
            wire_conn_cancel(s->conn);
        found = 1;
        break;
    }
    pthread_mutex_unlock(&reg->lock);
    if (found)
        server_log(SERVER_LOG_INFO, "%s connection %d on request",
                   terminate ? "terminating" : "cancelling the statement of", pid);
    return found;
}

void conn_registry_init(ConnRegistry *reg, Database *db, const ServerConfig *cfg)
{
    memset(reg, 0, sizeof(*reg));
    pthread_mutex_init(&reg->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&reg->drained, &ca);
    pthread_mutex_init(&reg->pool.lock, NULL);
    pthread_mutex_init(&reg->pool.wakeq_mu, NULL);
    pthread_cond_init(&reg->pool.changed, &ca);
    pthread_condattr_destroy(&ca);
    reg->pool.epfd = reg->pool.stopfd = reg->pool.wakefd = -1;
    reg->db = db;
    reg->max_connections = cfg->max_connections;
    reg->max_message_size = cfg->max_message_size;
    reg->next_pid = 10000 + (int32_t)(getpid() % 10000) * 100;
    if (db) {
        SqlBackends b = {.list = backends_list, .signal = backends_signal, .ctx = reg};
        sql_database_set_backends(db, &b);
    }
}

void conn_registry_fini(ConnRegistry *reg)
{
    if (reg->db) sql_database_set_backends(reg->db, NULL);
    pthread_cond_destroy(&reg->pool.changed);
    pthread_mutex_destroy(&reg->pool.lock);
    pthread_mutex_destroy(&reg->pool.wakeq_mu);
    free(reg->pool.wakeq);
    pthread_cond_destroy(&reg->drained);
    pthread_mutex_destroy(&reg->lock);
}

static int32_t random_secret(void)
{
    uint32_t v = 0;
    if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v)) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        v = (uint32_t)ts.tv_nsec ^ (uint32_t)rand();
    }
    return (int32_t)v;
}

static void unlink_slot(ConnRegistry *reg, ConnSlot *slot)
{
    if (slot->prev)
        slot->prev->next = slot->next;
    else
        reg->head = slot->next;
    if (slot->next) slot->next->prev = slot->prev;
    slot->prev = slot->next = NULL;
}

WireConn *conn_slot_conn(const ConnSlot *slot)
{
    return slot->conn;
}

long conn_slot_turn_started(ConnSlot *slot, long now)
{
    long prev = slot->turn_start;
    slot->turn_start = now;
    return prev;
}

int conn_registry_count(ConnRegistry *reg)
{
    pthread_mutex_lock(&reg->lock);
    int n = reg->n_conns;
    pthread_mutex_unlock(&reg->lock);
    return n;
}

void conn_slot_release(ConnSlot *slot)
{
    ConnRegistry *reg = slot->reg;
    pthread_mutex_lock(&reg->lock);
    unlink_slot(reg, slot);
    pthread_mutex_unlock(&reg->lock);
    wire_conn_destroy(slot->conn);

    pthread_mutex_lock(&reg->lock);
    if (slot->counted) reg->n_sessions--;
    reg->n_conns--;
    if (reg->n_conns == 0) pthread_cond_broadcast(&reg->drained);
    pthread_mutex_unlock(&reg->lock);
    pthread_mutex_destroy(&slot->park_mu);
    free(slot);
}

/* Refuses a connection without serving it: the FATAL goes out before the
 * client's startup packet is read, which libpq reports fine. */
static void refuse_now(int fd)
{
    /* ErrorResponse: S FATAL, V FATAL, C 53300, M message (wire_messages.c). */
    char buf[256];
    size_t n = 0;
    buf[n++] = 'E';
    n += 4;
    const char *fields[][2] = {
        {"S", "FATAL"}, {"V", "FATAL"}, {"C", "53300"}, {"M", "sorry, too many clients already"}};
    for (size_t i = 0; i < 4; i++) {
        buf[n++] = fields[i][0][0];
        size_t l = strlen(fields[i][1]) + 1;
        memcpy(buf + n, fields[i][1], l);
        n += l;
    }
    buf[n++] = '\0';
    uint32_t len = (uint32_t)(n - 1);
    buf[1] = (char)(len >> 24);
    buf[2] = (char)(len >> 16);
    buf[3] = (char)(len >> 8);
    buf[4] = (char)len;
    ssize_t w = send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)w;
    close(fd);
}

void conn_registry_accept(ConnRegistry *reg, int fd)
{
    pthread_mutex_lock(&reg->lock);
    if (reg->stopping) {
        pthread_mutex_unlock(&reg->lock);
        close(fd);
        return;
    }
    if (reg->n_conns >= reg->max_connections + SERVER_EXTRA_CONNS) {
        pthread_mutex_unlock(&reg->lock);
        server_log(SERVER_LOG_WARNING, "connection refused: too many clients");
        refuse_now(fd);
        return;
    }
    ConnSlot *slot = calloc(1, sizeof(*slot));
    if (!slot) {
        pthread_mutex_unlock(&reg->lock);
        close(fd);
        return;
    }
    slot->reg = reg;
    pthread_mutex_init(&slot->park_mu, NULL);
    slot->pid = reg->next_pid++;
    if (reg->next_pid <= 0) reg->next_pid = 10000;
    slot->secret = random_secret();
    slot->counted = reg->n_sessions < reg->max_connections;

    WireOptions opts = {
        .db = reg->db,
        .max_message_size = reg->max_message_size,
        .backend_pid = slot->pid,
        .backend_secret = slot->secret,
        .reject_sqlstate = slot->counted ? NULL : SQLSTATE_TOO_MANY_CONNECTIONS,
        .reject_message = slot->counted ? NULL : "sorry, too many clients already",
        .tls = reg->tls,
        .cancel_request = wire_cancel_hook,
        .log = wire_log_hook,
        .hook_ctx = reg,
        .wake = slot_wake,
        .wake_ctx = slot,
    };
    slot->conn = wire_conn_create(fd, &opts);
    slot->next = reg->head;
    if (reg->head) reg->head->prev = slot;
    reg->head = slot;
    reg->n_conns++;
    if (slot->counted) reg->n_sessions++;

    /* Parked under the lock: a worker may serve (and end) it at once, and its
     * release waits for this lock. */
    if (worker_pool_add(reg, slot, fd) != 0) {
        int e = errno;
        unlink_slot(reg, slot);
        reg->n_conns--;
        if (slot->counted) reg->n_sessions--;
        pthread_mutex_unlock(&reg->lock);
        server_log(SERVER_LOG_WARNING, "could not park a connection: %s", strerror(e));
        wire_conn_destroy(slot->conn);
        pthread_mutex_destroy(&slot->park_mu);
        free(slot);
        return;
    }
    pthread_mutex_unlock(&reg->lock);
}

void conn_registry_cancel(ConnRegistry *reg, int32_t pid, int32_t secret)
{
    pthread_mutex_lock(&reg->lock);
    bool found = false;
    for (ConnSlot *s = reg->head; s; s = s->next) {
        if (s->pid == pid && s->secret == secret) {
            wire_conn_cancel(s->conn);
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&reg->lock);
    if (!found) server_log(SERVER_LOG_DEBUG, "cancel request for unknown key (pid %d)", pid);
}

void conn_registry_terminate_all(ConnRegistry *reg)
{
    pthread_mutex_lock(&reg->lock);
    reg->stopping = true;
    for (ConnSlot *s = reg->head; s; s = s->next) wire_conn_terminate(s->conn);
    pthread_mutex_unlock(&reg->lock);
}

void conn_registry_abort_all(ConnRegistry *reg)
{
    pthread_mutex_lock(&reg->lock);
    for (ConnSlot *s = reg->head; s; s = s->next) wire_conn_abort_io(s->conn);
    pthread_mutex_unlock(&reg->lock);
}

int conn_registry_wait(ConnRegistry *reg, int ms)
{
    long left_ms = ms;
    pthread_mutex_lock(&reg->lock);
    while (reg->n_conns > 0 && left_ms > 0) {
        /* Cancel again on every tick: a statement that started just after
         * the first cancel (the engine clears the flag at statement start)
         * must not keep the server waiting. */
        for (ConnSlot *s = reg->head; s; s = s->next) wire_conn_cancel(s->conn);
        struct timespec deadline;
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        deadline.tv_nsec += WAIT_TICK_MS * 1000000L;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&reg->drained, &reg->lock, &deadline);
        left_ms -= WAIT_TICK_MS;
    }
    int left = reg->n_conns;
    pthread_mutex_unlock(&reg->lock);
    return left;
}
