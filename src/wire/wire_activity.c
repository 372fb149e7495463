/*
 * wire_activity.c — a connection's row of pg_stat_activity.
 *
 * The worker serving the connection records what it does: the statement it
 * starts (Query, or the text of the portal an Execute runs) and the state at
 * every ReadyForQuery. Sessions of other connections copy the record when they
 * read pg_stat_activity (the server walks its connection registry and calls
 * wire_conn_activity for each). A small mutex per connection guards the
 * record; the serving thread holds it for a copy of at most
 * WIRE_ACTIVITY_QUERY_MAX bytes, twice per statement.
 *
 * As in PostgreSQL: xact_start is the start of the transaction's first
 * statement (of the statement itself outside a block) and is cleared when the
 * connection goes idle outside a transaction; state_change moves with state;
 * query keeps the last statement's text while idle.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "wire/wire_int.h"

static int64_t now_timestamptz(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return ((int64_t)now.tv_sec - INT64_C(946684800)) * 1000000 + now.tv_nsec / 1000;
}

/* Copies at most cap - 1 bytes of src, cut before a UTF-8 continuation byte
 * so that the copy stays valid text. */
static void copy_clipped(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The peer's address as PostgreSQL shows it: text address and port for TCP,
 * "" and -1 for a Unix-domain socket. */
static void peer_address(int fd, char *addr, size_t cap, int32_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    addr[0] = '\0';
    *port = -1;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0) return;
    if (ss.ss_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &in->sin_addr, addr, (socklen_t)cap);
        *port = ntohs(in->sin_port);
    } else if (ss.ss_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &in6->sin6_addr, addr, (socklen_t)cap);
        *port = ntohs(in6->sin6_port);
    }
}

void wire_activity_init(WireConn *conn)
{
    pthread_mutex_init(&conn->act_mu, NULL);
    conn->act_visible = false;
    memset(&conn->act, 0, sizeof conn->act);
    conn->act.backend_start = now_timestamptz();
    conn->act.client_port = -1;
}

void wire_activity_started(WireConn *conn)
{
    WireActivity *a = &conn->act;
    char addr[sizeof a->client_addr];
    int32_t port;
    peer_address(conn->io.fd, addr, sizeof addr, &port);
    const SessionSettings *st = sql_session_settings(conn->session);
    char version[sizeof a->ssl_version], cipher[sizeof a->ssl_cipher];
    int bits;
    wire_io_tls_info(&conn->io, version, sizeof version, cipher, sizeof cipher, &bits);
    pthread_mutex_lock(&conn->act_mu);
    a->ssl = conn->io.ssl != NULL;
    a->ssl_bits = bits;
    memcpy(a->ssl_version, version, sizeof version);
    memcpy(a->ssl_cipher, cipher, sizeof cipher);
    copy_clipped(a->user, sizeof a->user, conn->user);
    copy_clipped(a->database, sizeof a->database, conn->database);
    copy_clipped(a->application_name, sizeof a->application_name, st->application_name);
    memcpy(a->client_addr, addr, sizeof addr);
    a->client_port = port;
    snprintf(a->state, sizeof a->state, "idle");
    a->state_change = now_timestamptz();
    conn->act_visible = true;
    pthread_mutex_unlock(&conn->act_mu);
}

void wire_activity_statement(WireConn *conn, const char *text)
{
    WireActivity *a = &conn->act;
    int64_t now = now_timestamptz();
    pthread_mutex_lock(&conn->act_mu);
    copy_clipped(a->query, sizeof a->query, text ? text : "");
    snprintf(a->state, sizeof a->state, "active");
    a->query_start = a->state_change = now;
    if (a->xact_start == 0) a->xact_start = now;
    pthread_mutex_unlock(&conn->act_mu);
}

void wire_activity_ready(WireConn *conn, char txn_status)
{
    WireActivity *a = &conn->act;
    const char *state = txn_status == 'T'   ? "idle in transaction"
                        : txn_status == 'E' ? "idle in transaction (aborted)"
                                            : "idle";
    const SessionSettings *st = sql_session_settings(conn->session);
    pthread_mutex_lock(&conn->act_mu);
    if (strcmp(a->state, state) != 0) {
        snprintf(a->state, sizeof a->state, "%s", state);
        a->state_change = now_timestamptz();
    }
    if (txn_status == 'I') a->xact_start = 0;
    /* SET application_name takes effect here, as PostgreSQL reports it */
    copy_clipped(a->application_name, sizeof a->application_name, st->application_name);
    pthread_mutex_unlock(&conn->act_mu);
}

bool wire_conn_activity(WireConn *conn, WireActivity *out)
{
    pthread_mutex_lock(&conn->act_mu);
    bool visible = conn->act_visible;
    if (visible) *out = conn->act;
    pthread_mutex_unlock(&conn->act_mu);
    if (!visible) return false;
    /* conn->lock keeps the session from being destroyed meanwhile (conn_end) */
    pthread_mutex_lock(&conn->lock);
    out->lock_wait = conn->session ? sql_session_lock_waiting(conn->session) : NULL;
    pthread_mutex_unlock(&conn->lock);
    return true;
}
