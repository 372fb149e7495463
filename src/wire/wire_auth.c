/*
 * wire_auth.c — the authentication exchange of the startup phase, after the
 * StartupMessage and before the session exists. The method depends on where
 * the client connects from (auth.h); the SCRAM arithmetic is auth_scram.c's.
 *
 * Messages (all 'R' are AuthenticationRequest, int32 length, int32 code):
 *
 *   trust          R 0 (AuthenticationOk)
 *
 *   password       R 3 (AuthenticationCleartextPassword)
 *                  ← p: String password
 *                  R 0
 *
 *   scram-sha-256  R 10 (AuthenticationSASL): String mechanism × n, then a
 *                       zero byte. SCRAM-SHA-256-PLUS comes first when the
 *                       connection is over TLS and the certificate has a
 *                       tls-server-end-point hash, then SCRAM-SHA-256.
 *                  ← p (SASLInitialResponse): String mechanism, Int32 n,
 *                       Byte[n] client-first-message
 *                  R 11 (AuthenticationSASLContinue): Byte[] server-first
 *                  ← p (SASLResponse): Byte[] client-final-message
 *                  R 12 (AuthenticationSASLFinal): Byte[] server-final
 *                  R 0
 *
 * Failures: a wrong password, a user other than omendb, or omendb without a
 * password is FATAL 28P01 `password authentication failed for user "X"` for
 * the client, whatever the cause (the cause goes to the server log), and the
 * exchange for a user without a verifier runs on a mock one to its end, so
 * neither the answer nor its timing tells whether the user exists. A
 * malformed message is FATAL 08P01. A client that closes the connection
 * instead of answering (libpq without a password: "fe_sendauth: no password
 * supplied") ends the connection quietly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "wire/auth.h"
#include "wire/auth_scram.h"
#include "wire/wire_int.h"

#define AUTH_REQ_OK            0
#define AUTH_REQ_PASSWORD      3
#define AUTH_REQ_SASL          10
#define AUTH_REQ_SASL_CONTINUE 11
#define AUTH_REQ_SASL_FINAL    12

/* Queues an AuthenticationRequest with `code` and `len` bytes of data. */
static void put_auth_request(StrBuf *out, int32_t code, const char *data, size_t len)
{
    size_t start = wire_msg_begin(out, 'R');
    wire_put_int32(out, code);
    if (len) strbuf_append(out, data, len);
    wire_msg_end(out, start);
}

static int auth_failed(WireConn *conn, const char *why)
{
    wire_conn_log(conn, WIRE_LOG_INFO,
                  "connection %d: password authentication failed for user "
                  "\"%s\": %s",
                  (int)conn->opts.backend_pid, conn->user, why);
    return wire_conn_fatal(conn, SQLSTATE_INVALID_PASSWORD,
                           "password authentication failed for user \"%s\"", conn->user);
}

static int protocol_error(WireConn *conn, const char *msg, const char *detail)
{
    OmError err;
    error_clear(&err);
    ERR(&err, SQLSTATE_PROTOCOL_VIOLATION, "%s", msg);
    if (detail && detail[0]) error_detail(&err, "%s", detail);
    err.file = NULL;
    return wire_conn_fatal_err(conn, &err);
}

/* Sends what is queued and reads the client's next message, which must be a
 * password / SASL message ('p'). 1 with *msg, 0 when the client went away, -1
 * after a FATAL or an I/O error. */
static int exchange(WireConn *conn, WireMsg *msg)
{
    if (wire_io_flush(&conn->io) != 0) return -1;
    OmError err;
    error_clear(&err);
    int rc = wire_io_read_message(&conn->io, msg, &err);
    if (atomic_load(&conn->terminating))
        return wire_conn_fatal(conn, SQLSTATE_ADMIN_SHUTDOWN,
                               "terminating connection due to administrator command");
    if (rc == WIRE_READ_EOF) return 0;
    if (rc == WIRE_READ_ERROR) {
        if (strcmp(err.sqlstate, SQLSTATE_CONNECTION_EXCEPTION) != 0)
            return wire_conn_fatal_err(conn, &err);
        wire_conn_log(conn, WIRE_LOG_INFO,
                      "connection %d: authentication of user \"%s\" "
                      "ended: %s",
                      (int)conn->opts.backend_pid, conn->user, err.message);
        return -1;
    }
    if (msg->type != 'p') {
        char detail[64];
        snprintf(detail, sizeof detail, "Got message type \"%c\".", msg->type);
        return protocol_error(conn, "expected password response", detail);
    }
    return 1;
}

/* The stored verifier of conn->user, or false (and why) when there is none. */
static bool lookup_verifier(WireConn *conn, ScramVerifier *v, const char **why)
{
    char text[SCRAM_VERIFIER_MAX];
    if (strcmp(conn->user, AUTH_SUPERUSER) != 0) {
        *why = "role does not exist";
        return false;
    }
    if (!auth_get_verifier(conn->user, text, sizeof text) || !scram_verifier_parse(text, v)) {
        *why = "user has no password assigned";
        return false;
    }
    return true;
}

static int run_password(WireConn *conn)
{
    put_auth_request(&conn->io.out, AUTH_REQ_PASSWORD, NULL, 0);
    WireMsg msg;
    int rc = exchange(conn, &msg);
    if (rc != 1) return rc;
    WireReader r;
    wire_reader_init(&r, msg.body, msg.len);
    const char *password = wire_get_cstring(&r);
    if (!wire_reader_done(&r)) return protocol_error(conn, "invalid password packet size", NULL);
    if (!password[0]) return auth_failed(conn, "empty password returned by client");
    ScramVerifier v;
    const char *why = "password does not match";
    bool real = lookup_verifier(conn, &v, &why);
    if (!real) scram_verifier_mock(conn->user, auth_mock_secret(), &v);
    bool ok = scram_verifier_check(&v, password);
    OPENSSL_cleanse(&v, sizeof v);
    if (!real || !ok) return auth_failed(conn, why);
    return 1;
}

static int run_scram(WireConn *conn)
{
    size_t hash_len = 0;
    const unsigned char *hash = NULL;
    if (conn->io.ssl) hash = wire_tls_cert_hash(conn->opts.tls, &hash_len);
    bool plus = conn->io.ssl && hash_len > 0;

    StrBuf *out = &conn->io.out;
    size_t start = wire_msg_begin(out, 'R');
    wire_put_int32(out, AUTH_REQ_SASL);
    if (plus) wire_put_cstring(out, SCRAM_MECHANISM_PLUS);
    wire_put_cstring(out, SCRAM_MECHANISM);
    strbuf_putc(out, '\0');
    wire_msg_end(out, start);

    WireMsg msg;
    int rc = exchange(conn, &msg);
    if (rc != 1) return rc;
    WireReader r;
    wire_reader_init(&r, msg.body, msg.len);
    const char *mechanism = wire_get_cstring(&r);
    int32_t n = wire_get_int32(&r);
    if (r.bad || n < 0 || (size_t)n != r.len - r.pos)
        return protocol_error(conn, "invalid SASL initial response", NULL);
    const char *data = r.p + r.pos;

    ScramVerifier v;
    const char *why = "password does not match";
    bool real = lookup_verifier(conn, &v, &why);
    ScramState *st = calloc(1, sizeof(*st));
    if (!st) return wire_conn_fatal(conn, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (!scram_state_init(st, mechanism, real ? &v : NULL, conn->user, auth_mock_secret(), plus,
                          hash, hash_len)) {
        rc = protocol_error(conn, st->error, NULL);
        goto done;
    }
    char reply[1100];
    ScramStatus s = scram_exchange(st, data, (size_t)n, reply, sizeof reply, NULL);
    if (s != AUTH_SCRAM_CONTINUE) {
        rc = s == AUTH_SCRAM_ERROR ? protocol_error(conn, st->error, st->error_detail)
                                   : auth_failed(conn, why);
        goto done;
    }
    put_auth_request(out, AUTH_REQ_SASL_CONTINUE, reply, strlen(reply));
    rc = exchange(conn, &msg);
    if (rc != 1) goto done;
    s = scram_exchange(st, msg.body, msg.len, reply, sizeof reply, NULL);
    if (s == AUTH_SCRAM_ERROR) {
        rc = protocol_error(conn, st->error, st->error_detail);
    } else if (s != AUTH_SCRAM_OK) {
        rc = auth_failed(conn, why);
    } else {
        put_auth_request(out, AUTH_REQ_SASL_FINAL, reply, strlen(reply));
        rc = 1;
    }
done:
    OPENSSL_cleanse(st, sizeof(*st));
    free(st);
    OPENSSL_cleanse(&v, sizeof v);
    return rc;
}

int wire_auth_run(WireConn *conn)
{
    AuthMethod m = auth_method_for(auth_peer_of_fd(conn->io.fd));
    int rc = 1;
    if (m == AUTH_METHOD_PASSWORD)
        rc = run_password(conn);
    else if (m == AUTH_METHOD_SCRAM)
        rc = run_scram(conn);
    if (rc == 1) put_auth_request(&conn->io.out, AUTH_REQ_OK, NULL, 0);
    return rc;
}
