/*
 * auth.h — who may log in, and how: the authentication methods per kind of
 * connection and the password of the superuser `omendb` (docs/auth.md).
 * Public: the wire protocol (wire_auth.c) uses it, the server configures it,
 * and other front ends (the HTTP API's Basic auth) check passwords with it.
 *
 * One process-wide store, set up once by auth_setup() before connections are
 * served. Only the role `omendb` exists; it has at most one SCRAM-SHA-256
 * verifier (auth_scram.h). Where the verifier comes from, at start:
 *
 *   1. DATA/auth_verifier, if it exists: written by ALTER ROLE ... PASSWORD
 *      (one line: the verifier, or empty for "no password"). It is replaced
 *      atomically (write a temporary file, fsync, rename, fsync the directory)
 *      and wins over the two sources below, so that a changed password
 *      survives a restart.
 *   2. else the password_file setting: a file holding a plaintext password
 *      (hashed at start, 4096 iterations, random 16-byte salt) or a verifier;
 *   3. else the OMENDB_PASSWORD environment variable (plaintext or verifier);
 *   4. else no password: password logins of omendb fail (28P01).
 *
 * Methods (PostgreSQL's names): trust (no password), password (cleartext
 * password checked against the verifier), scram-sha-256. auth_method governs
 * TCP connections, auth_method_local Unix-domain sockets. auth_method = auto
 * (the default) is trust from loopback addresses (127.0.0.0/8, ::1) and
 * scram-sha-256 from any other address.
 *
 * Threading: every function may be called from any thread. The verifier sits
 * behind a mutex; readers copy it out under the lock (a few hundred bytes),
 * so ALTER ROLE never changes it under a running login.
 */
#ifndef OMENDB_WIRE_AUTH_H
#define OMENDB_WIRE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "common/error.h"

typedef enum AuthMethod {
    AUTH_METHOD_AUTO = 0, /* TCP only: trust from loopback, scram-sha-256 otherwise */
    AUTH_METHOD_TRUST,
    AUTH_METHOD_PASSWORD,
    AUTH_METHOD_SCRAM,
} AuthMethod;

/* Where a client connects from. */
typedef enum AuthPeer {
    AUTH_PEER_LOCAL = 0, /* a Unix-domain socket */
    AUTH_PEER_LOOPBACK,  /* TCP from 127.0.0.0/8 or ::1 (or ::ffff:127.x) */
    AUTH_PEER_REMOTE,    /* TCP from any other address */
} AuthPeer;

#define AUTH_SUPERUSER "omendb"

typedef struct AuthSettings {
    AuthMethod method;         /* TCP connections */
    AuthMethod method_local;   /* Unix-domain sockets (AUTO counts as trust) */
    const char *data_dir;      /* DATA/auth_verifier lives here; NULL: nothing persists */
    const char *password_file; /* NULL or "": none; relative to data_dir when not absolute */
    const char *password;      /* OMENDB_PASSWORD: NULL or "" when unset */
} AuthSettings;

/* Parses "trust", "password", "scram-sha-256" (and "auto" when allow_auto).
 * Returns 0 or -1. */
int auth_method_parse(const char *text, bool allow_auto, AuthMethod *out);
/* The setting's text ("auto", "trust", "password", "scram-sha-256"). */
const char *auth_method_name(AuthMethod m);

/* Sets up the store: methods, and the verifier from the sources above.
 * Returns 0, or -1 with a one-line message in errbuf (an unreadable
 * password_file, a file that is neither a password nor a verifier, a
 * damaged DATA/auth_verifier). May be called again (tests). `where`, if not
 * NULL, receives a word on the verifier's source for the server log
 * ("DATA/auth_verifier", "password_file", "OMENDB_PASSWORD" or "none"). */
int auth_setup(const AuthSettings *s, const char **where, char *errbuf, size_t errlen);

/* The peer kind of a connected socket (getsockname/getpeername). */
AuthPeer auth_peer_of_fd(int fd);
/* The peer kind of an address (family AF_UNIX, AF_INET or AF_INET6). */
struct sockaddr;
AuthPeer auth_peer_of_addr(const struct sockaddr *addr);
/* The method a connection from `peer` must pass (never AUTO). */
AuthMethod auth_method_for(AuthPeer peer);
/* True when a login from `peer` needs a password. */
bool auth_password_required(AuthPeer peer);

/* True when `user` is omendb, a password is set, and `password` is it
 * (PBKDF2 against the stored verifier: a few milliseconds). Unknown users
 * cost the same time. */
bool auth_check_password(const char *user, const char *password);

/* Copies the verifier of `user` into buf (NUL-terminated). False when the
 * user has none (or is not omendb); buf is then "". */
bool auth_get_verifier(const char *user, char *buf, size_t cap);
/* The 32-byte secret that salts mock verifiers (stable per process). */
const unsigned char *auth_mock_secret(void);

/* ALTER ROLE user PASSWORD value: `value` is a SCRAM-SHA-256 verifier (taken
 * as is, as PostgreSQL does with an already-hashed password), a plaintext
 * password (hashed with a fresh salt), or NULL / "" (no password). Persists
 * to DATA/auth_verifier before it takes effect. Errors: 42704 role does not
 * exist (any role but omendb), 0A000 an md5 hash, 58030 the file could not be
 * written (the old password stays). Returns 0 or -1 (err set). */
int auth_set_password(const char *user, const char *value, OmError *err);

/* True when listen (the server's comma-separated listen addresses) names an
 * address that is not loopback ("*", 0.0.0.0, a host name other than
 * localhost, ...). */
bool auth_listen_is_remote(const char *listen);

#endif
