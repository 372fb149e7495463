/*
 * auth_scram.h — SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it:
 * the verifier, its text form, and the server's side of one exchange as a
 * state machine over byte strings (no socket; src/wire/wire_auth.c carries
 * the messages, tests/unit/wire/test_auth_scram.c feeds RFC 7677's vector).
 *
 * Verifier text (PostgreSQL's pg_authid.rolpassword):
 *
 *   SCRAM-SHA-256$<iterations>:<base64 salt>$<base64 StoredKey>:<base64 ServerKey>
 *
 *   SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, iterations, 32)
 *   ClientKey      = HMAC(SaltedPassword, "Client Key")
 *   StoredKey      = SHA-256(ClientKey)
 *   ServerKey      = HMAC(SaltedPassword, "Server Key")
 *
 * The exchange (the client's messages arrive in SASLInitialResponse and
 * SASLResponse, ours leave in AuthenticationSASLContinue and ...Final):
 *
 *   client-first  gs2-header client-first-bare
 *                 gs2-header = ("n" | "y" | "p=tls-server-end-point") "," ","
 *                 client-first-bare = "n=" user ",r=" cnonce ["," ext]*
 *   server-first  "r=" cnonce snonce ",s=" salt ",i=" iterations
 *   client-final  "c=" base64(gs2-header [cbind-data]) ",r=" nonce ["," ext]* ",p=" proof
 *   server-final  "v=" base64(HMAC(ServerKey, AuthMessage))
 *
 *   AuthMessage = client-first-bare "," server-first "," client-final-without-proof
 *   proof = ClientKey XOR HMAC(StoredKey, AuthMessage); the server checks
 *   SHA-256(proof XOR HMAC(StoredKey, AuthMessage)) == StoredKey.
 *
 * As in PostgreSQL the user name inside client-first is ignored (the
 * StartupMessage names the user), an authorization identity ("a=") is
 * refused, and the password is not SASLprep-normalised (identical for ASCII
 * passwords; see docs/auth.md).
 *
 * Invariants: every comparison of secret material is constant-time
 * (CRYPTO_memcmp); a state built with a mock verifier (unknown user, no
 * password) runs the same computations and always ends in
 * AUTH_SCRAM_FAILED, so timing does not tell whether the user exists.
 * Malformed input is AUTH_SCRAM_ERROR with a message (08P01 to the client),
 * never a crash: every read is bounded by the input's length.
 */
#ifndef OMENDB_WIRE_AUTH_SCRAM_H
#define OMENDB_WIRE_AUTH_SCRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCRAM_KEY_LEN        32 /* SHA-256 */
#define SCRAM_SALT_LEN       16 /* PostgreSQL's default */
#define SCRAM_MAX_SALT_LEN   64
#define SCRAM_DEFAULT_ITER   4096
#define SCRAM_RAW_NONCE_LEN  18 /* server nonce bytes before base64, as PostgreSQL */
#define SCRAM_VERIFIER_MAX   256
#define SCRAM_MAX_CBIND_DATA 64 /* tls-server-end-point: a certificate hash */
#define SCRAM_MECHANISM      "SCRAM-SHA-256"
#define SCRAM_MECHANISM_PLUS "SCRAM-SHA-256-PLUS"
#define SCRAM_CBIND_TYPE     "tls-server-end-point"

typedef struct ScramVerifier {
    int iterations;
    uint8_t salt[SCRAM_MAX_SALT_LEN];
    size_t salt_len;
    uint8_t stored_key[SCRAM_KEY_LEN];
    uint8_t server_key[SCRAM_KEY_LEN];
} ScramVerifier;

/* Base64 (RFC 4648, with padding). encode writes a NUL-terminated string and
 * returns its length (cap must be >= 4 * ceil(len / 3) + 1, else -1).
 * decode accepts only canonical input (padding required, no whitespace) and
 * returns the byte count, or -1 when malformed or longer than cap. */
int scram_base64_encode(const uint8_t *src, size_t len, char *dst, size_t cap);
int scram_base64_decode(const char *src, size_t len, uint8_t *dst, size_t cap);

/* Parses a verifier in the text form above. False when it is not one
 * (wrong prefix, iterations < 1, a key that does not decode to 32 bytes). */
bool scram_verifier_parse(const char *text, ScramVerifier *out);
/* Writes the text form (NUL-terminated) into buf (SCRAM_VERIFIER_MAX is
 * always enough). Returns 0, or -1 if cap is too small. */
int scram_verifier_format(const ScramVerifier *v, char *buf, size_t cap);
/* Derives a verifier from a plaintext password with the given salt and
 * iteration count. Returns 0, or -1 if OpenSSL fails. */
int scram_verifier_from_password(const char *password, const uint8_t *salt, size_t salt_len,
                                 int iterations, ScramVerifier *out);
/* The same with SCRAM_DEFAULT_ITER iterations and SCRAM_SALT_LEN random
 * bytes of salt (getrandom()), as PostgreSQL hashes a new password. */
int scram_verifier_new(const char *password, ScramVerifier *out);
/* True when `password` is the one `v` was made from (constant-time compare
 * of both derived keys). */
bool scram_verifier_check(const ScramVerifier *v, const char *password);
/* A deterministic stand-in for a user without a verifier: the salt is an
 * HMAC of the user name under `secret` (so repeated attempts see the same
 * salt, as for a real user), the keys random. */
void scram_verifier_mock(const char *user, const uint8_t secret[SCRAM_KEY_LEN], ScramVerifier *out);

typedef enum ScramStatus {
    AUTH_SCRAM_CONTINUE = 0, /* send `out` as AuthenticationSASLContinue, wait for the next */
    AUTH_SCRAM_OK,           /* send `out` as AuthenticationSASLFinal, then AuthenticationOk */
    AUTH_SCRAM_FAILED,       /* wrong proof, or a mock verifier: 28P01 */
    AUTH_SCRAM_ERROR,        /* malformed message or bad negotiation: `error` says what */
} ScramStatus;

typedef enum ScramStage { SCRAM_STAGE_INIT, SCRAM_STAGE_FIRST_SENT, SCRAM_STAGE_DONE } ScramStage;

typedef struct ScramState {
    ScramStage stage;
    ScramVerifier verifier;
    bool mock;                                /* verifier is a stand-in: the exchange must fail */
    bool plus;                                /* the client chose SCRAM-SHA-256-PLUS */
    bool tls_offered;                         /* the connection is over TLS and -PLUS was offered */
    uint8_t cbind_data[SCRAM_MAX_CBIND_DATA]; /* tls-server-end-point hash */
    size_t cbind_len;
    char gs2_header[64]; /* as the client sent it, for the c= check */
    char client_first_bare[1024];
    char server_first[1024];
    char nonce[512]; /* cnonce + snonce */
    char error[160]; /* AUTH_SCRAM_ERROR: the message for the client */
    char error_detail[160];
} ScramState;

/* Starts an exchange. `mechanism` is the one the client chose (SCRAM_MECHANISM
 * or SCRAM_MECHANISM_PLUS); `verifier` NULL means a mock exchange (`user`
 * and `mock_secret` make its salt). `tls_offered`: -PLUS was offered (the
 * connection is over TLS), with the server certificate's hash in cbind_data.
 * Returns false (error set) for a mechanism not offered. */
bool scram_state_init(ScramState *st, const char *mechanism, const ScramVerifier *verifier,
                      const char *user, const uint8_t mock_secret[SCRAM_KEY_LEN], bool tls_offered,
                      const uint8_t *cbind_data, size_t cbind_len);
/* Feeds one client message (`in`, `len` bytes, not NUL-terminated). On
 * CONTINUE and OK, `out` holds the server's message (NUL-terminated, at most
 * out_cap - 1 bytes). `server_nonce` (tests only) replaces the random server
 * nonce when not NULL. */
ScramStatus scram_exchange(ScramState *st, const char *in, size_t len, char *out, size_t out_cap,
                           const char *server_nonce);

/* Client side (tests, and ALTER ROLE's tests): the proof for an AuthMessage. */
int scram_client_proof(const char *password, const uint8_t *salt, size_t salt_len, int iterations,
                       const char *auth_message, uint8_t proof[SCRAM_KEY_LEN]);

#endif
