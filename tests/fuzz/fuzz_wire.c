/*
 * fuzz_wire.c — libFuzzer harness for the server's decoding of frontend
 * protocol messages (src/wire): the startup-phase packets (StartupMessage,
 * SSLRequest, GSSENCRequest, CancelRequest), then Query, Parse, Bind (text and
 * binary parameters through wire_binary.c), Describe, Execute, Close, Sync,
 * Flush, CopyData/CopyDone/CopyFail, FunctionCall and Terminate.
 *
 * One input is the byte stream one client sends on one connection. The harness
 * connects a socketpair to the real connection code (wire_conn_create /
 * wire_conn_serve, as src/server/server_workers.c drives it) on an in-process
 * database created once, in a temporary directory, at start. A helper thread
 * plays the client: it writes the input into its end and shuts its write side,
 * then reads and discards whatever the server answers until the server has
 * closed. Like a real client it waits for the one-byte answer to an
 * SSLRequest/GSSENCRequest at the start of the stream before it sends the rest
 * (the server refuses bytes pipelined after one). Whatever the bytes, the
 * connection must end in an orderly way: an ErrorResponse, a FATAL or end of
 * file. A crash, a sanitizer report, a leak or a hang is a bug.
 *
 * Per-input work is kept bounded: a connection still running after
 * BUDGET_MS is terminated (wire_conn_terminate, as a server shutdown does), so
 * slow SQL (pg_sleep, huge generate_series) does not look like a hang; and
 * when an input changed the catalog (CREATE TABLE ...), every schema it made
 * is dropped afterwards, so inputs do not see each other's tables. Temporary
 * tables, prepared statements and settings end with the session.
 *
 * Run with a small -max_len (e.g. 4096): the goal is the message layer, not
 * the SQL behind it. FUZZ_VERBOSE=1 prints the server's answers in outline
 * (message types), to check what a seed does.
 */
#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "sql/sql.h"
#include "sql/sql_int.h"
#include "wire/wire.h"

#include "fuzz/fuzz_util.h"

#define BUDGET_MS 1000

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const OmError *err)
{
    fprintf(stderr, "fuzz_wire: %s: %s\n", what, err ? err->message : strerror(errno));
    exit(1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup("fuzz_wire");
    fuzz_open_database();
    return 0;
}

/* ---- the client ---- */

typedef struct Client {
    int fd;
    const uint8_t *data;
    size_t size;
    pthread_mutex_t lock;
    WireConn *conn; /* NULL once the connection has ended: no more terminate */
    struct timespec start;
    /* FUZZ_VERBOSE: the backend message being read */
    bool awaiting; /* an SSLRequest/GSSENCRequest awaits its byte */
    size_t seen;
    char msg[4096];
} Client;

static uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Ends a connection that ran past its budget (at most once). */
static void over_budget(Client *c)
{
    pthread_mutex_lock(&c->lock);
    if (c->conn) wire_conn_terminate(c->conn);
    c->conn = NULL;
    pthread_mutex_unlock(&c->lock);
}

/* FUZZ_VERBOSE: prints each backend message's type, and the SQLSTATE and
 * message of each ErrorResponse/NoticeResponse. */
static void describe_answer(Client *c, const char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (c->seen < sizeof(c->msg)) c->msg[c->seen] = buf[i];
        c->seen++;
        if (c->seen == 1 && c->awaiting) {
            fprintf(stderr, "fuzz_wire: <- N (no TLS)\n");
            c->seen = 0;
            continue;
        }
        if (c->seen < 5) continue;
        uint32_t len = be32((const uint8_t *)c->msg + 1);
        if (c->seen < 1 + (size_t)len) continue;
        fprintf(stderr, "fuzz_wire: <- %c (%u bytes)", c->msg[0], len);
        if ((c->msg[0] == 'E' || c->msg[0] == 'N') && c->seen <= sizeof(c->msg)) {
            for (size_t f = 5; f < c->seen && c->msg[f];) {
                const char *v = c->msg + f + 1;
                if (c->msg[f] == 'C' || c->msg[f] == 'M') fprintf(stderr, " %s", v);
                f += strlen(v) + 2;
            }
        }
        fprintf(stderr, "\n");
        c->seen = 0;
    }
}

/* Reads what the server sent, waiting up to `ms`. Returns the bytes read, 0 at
 * end of file, -1 when nothing came in time. */
static ssize_t drain(Client *c, int ms)
{
    struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
    int n = poll(&pfd, 1, ms);
    if (n <= 0) return -1;
    char buf[16384];
    ssize_t got = recv(c->fd, buf, sizeof(buf), 0);
    if (got < 0) return errno == EINTR ? -1 : 0;
    if (fuzz_verbose && got > 0) describe_answer(c, buf, (size_t)got);
    return got;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Waits for the answer to an SSLRequest/GSSENCRequest. False when the server
 * hung up instead. */
static bool await_byte(Client *c)
{
    for (;;) {
        ssize_t got = drain(c, 50);
        if (got > 0) return true;
        if (got == 0) return false;
        if (elapsed_ms(&c->start) > BUDGET_MS) {
            over_budget(c);
            return false;
        }
    }
}

static void *client_main(void *arg)
{
    Client *c = arg;
    const uint8_t *p = c->data;
    size_t left = c->size;
    bool ok = true;
    /* Negotiation requests first, each answered before the next byte is sent. */
    while (ok && left >= 8 && be32(p) == 8 &&
           (be32(p + 4) == 80877103u || be32(p + 4) == 80877104u)) {
        c->awaiting = true;
        ok = write_all(c->fd, p, 8) && await_byte(c);
        c->awaiting = false;
        p += 8;
        left -= 8;
    }
    /* The rest, reading answers meanwhile so that neither side blocks on a
     * full socket, then end of file. */
    while (ok && left > 0) {
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN | POLLOUT};
        if (poll(&pfd, 1, 50) > 0) {
            if ((pfd.revents & (POLLIN | POLLHUP)) && drain(c, 0) == 0) break;
            if (pfd.revents & POLLOUT) {
                ssize_t w = send(c->fd, p, left, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) break;
                if (w > 0) {
                    p += w;
                    left -= (size_t)w;
                }
            }
        }
        if (elapsed_ms(&c->start) > BUDGET_MS) over_budget(c);
    }
    shutdown(c->fd, SHUT_WR);
    for (;;) {
        ssize_t got = drain(c, 50);
        if (got == 0) break;
        if (got < 0 && elapsed_ms(&c->start) > BUDGET_MS) over_budget(c);
    }
    return NULL;
}

static void cancel_hook(void *ctx, int32_t pid, int32_t secret)
{
    (void)ctx;
    if (fuzz_verbose) fprintf(stderr, "fuzz_wire: cancel request pid %d secret %d\n", pid, secret);
}

static void log_hook(void *ctx, WireLogLevel level, const char *msg)
{
    (void)ctx;
    if (fuzz_verbose) fprintf(stderr, "fuzz_wire: log %d: %s\n", (int)level, msg);
}

/* ---- a mutator that keeps the framing ----
 *
 * Random byte changes mostly break a length word, and then the connection
 * ends at that message. The custom mutator below cuts the input into its
 * packets (startup-phase packets, then type + length + body messages, then
 * any unframed tail), changes one of them (its body through libFuzzer's own
 * mutations, its type byte, or the list: duplicate, drop, swap), and writes
 * the stream back with every length word recomputed. One time in four it
 * leaves the framing to libFuzzer's plain mutations, so broken lengths stay
 * covered too. */

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

typedef struct Piece {
    int kind; /* 0 startup-phase packet, 1 message, 2 unframed tail */
    uint8_t type;
    const uint8_t *body;
    size_t len;
} Piece;

static uint32_t next_rand(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static size_t split_stream(const uint8_t *data, size_t size, Piece *pieces, size_t max_pieces)
{
    size_t n = 0, pos = 0;
    while (n < max_pieces && size - pos >= 8) { /* startup phase */
        uint32_t len = be32(data + pos);
        if (len < 8 || len > 10000 || len > size - pos) break;
        uint32_t code = be32(data + pos + 4);
        pieces[n++] = (Piece){0, 0, data + pos + 4, len - 4};
        pos += len;
        if (code != 80877103u && code != 80877104u) break;
    }
    while (n < max_pieces && size - pos >= 5) { /* messages */
        uint32_t len = be32(data + pos + 1);
        if (len < 4 || len - 1 > size - pos - 2) break;
        pieces[n++] = (Piece){1, data[pos], data + pos + 5, len - 4};
        pos += 1 + (size_t)len;
    }
    if (pos < size && n < max_pieces) pieces[n++] = (Piece){2, 0, data + pos, size - pos};
    return n;
}

static size_t join_stream(const Piece *pieces, size_t n, uint8_t *out, size_t max_size)
{
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        const Piece *pc = &pieces[i];
        size_t head = pc->kind == 0 ? 4 : pc->kind == 1 ? 5 : 0;
        if (head + pc->len > max_size - pos) return 0;
        uint32_t len = (uint32_t)pc->len + 4;
        if (pc->kind == 1) out[pos++] = pc->type;
        if (pc->kind != 2) {
            out[pos++] = (uint8_t)(len >> 24);
            out[pos++] = (uint8_t)(len >> 16);
            out[pos++] = (uint8_t)(len >> 8);
            out[pos++] = (uint8_t)len;
        }
        memmove(out + pos, pc->body, pc->len);
        pos += pc->len;
    }
    return pos;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    uint32_t rnd = seed;
    if (next_rand(&rnd) % 4 == 0 || size == 0) return LLVMFuzzerMutate(data, size, max_size);
    uint8_t *copy = malloc(size);
    size_t max_pieces = size / 4 + 4;
    Piece *pieces = malloc(sizeof(Piece) * (max_pieces + 1));
    uint8_t *body = malloc(max_size);
    if (!copy || !pieces || !body) {
        free(copy);
        free(pieces);
        free(body);
        return LLVMFuzzerMutate(data, size, max_size);
    }
    memcpy(copy, data, size);
    size_t n = split_stream(copy, size, pieces, max_pieces);
    size_t pick = next_rand(&rnd) % n;
    static const char types[] = "QPBDECSHXdcfF";
    switch (next_rand(&rnd) % 8) {
    case 0:
    case 1:
    case 2:
    case 3: { /* the body of one packet */
        Piece *pc = &pieces[pick];
        size_t cap = max_size > 8 ? max_size - 8 : max_size;
        size_t len = pc->len < cap ? pc->len : cap;
        memcpy(body, pc->body, len);
        pc->len = LLVMFuzzerMutate(body, len, cap);
        pc->body = body;
        break;
    }
    case 4: /* a message's type */
        if (pieces[pick].kind == 1)
            pieces[pick].type = next_rand(&rnd) % 16 == 0
                                    ? (uint8_t)next_rand(&rnd)
                                    : (uint8_t)types[next_rand(&rnd) % (sizeof(types) - 1)];
        break;
    case 5: /* a copy of one packet after it */
        if (n < max_pieces + 1) {
            memmove(&pieces[pick + 1], &pieces[pick], sizeof(Piece) * (n - pick));
            n++;
        }
        break;
    case 6: /* drop one */
        if (n > 1) {
            memmove(&pieces[pick], &pieces[pick + 1], sizeof(Piece) * (n - pick - 1));
            n--;
        }
        break;
    default: { /* swap two */
        size_t other = next_rand(&rnd) % n;
        Piece t = pieces[pick];
        pieces[pick] = pieces[other];
        pieces[other] = t;
        break;
    }
    }
    size_t out = join_stream(pieces, n, data, max_size);
    free(copy);
    free(pieces);
    free(body);
    return out > 0 ? out : LLVMFuzzerMutate(data, size, max_size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) die("socketpair", NULL);
    WireOptions opts = {
        .db = fuzz_db,
        .backend_pid = 4242,
        .backend_secret = 0x5eed,
        .cancel_request = cancel_hook,
        .log = log_hook,
    };
    WireConn *conn = wire_conn_create(sv[1], &opts);

    Client c = {.fd = sv[0], .data = data, .size = size, .conn = conn};
    pthread_mutex_init(&c.lock, NULL);
    clock_gettime(CLOCK_MONOTONIC, &c.start);
    pthread_t th;
    if (pthread_create(&th, NULL, client_main, &c) != 0) die("pthread_create", NULL);

    while (wire_conn_serve(conn) == WIRE_SERVE_PARK) {
        struct pollfd pfd = {.fd = wire_conn_fd(conn), .events = POLLIN};
        while (poll(&pfd, 1, -1) < 0 && errno == EINTR) continue;
    }
    pthread_mutex_lock(&c.lock);
    c.conn = NULL;
    pthread_mutex_unlock(&c.lock);
    wire_conn_destroy(conn); /* closes sv[1]: the client sees end of file */
    pthread_join(th, NULL);
    pthread_mutex_destroy(&c.lock);
    close(sv[0]);

    fuzz_reset_catalog();
    return 0;
}
