/*
 * auth_scram.c — SCRAM-SHA-256: verifiers and the server's state machine
 * (formats and invariants in auth_scram.h). Hashes, HMAC and PBKDF2 come from
 * OpenSSL 3; random bytes from getrandom().
 *
 * Parsing works on (pointer, length) slices of the client's message and
 * never reads past its end; a NUL byte inside a message is malformed.
 */
#include "wire/auth_scram.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int scram_base64_encode(const uint8_t *src, size_t len, char *dst, size_t cap)
{
    size_t need = (len + 2) / 3 * 4 + 1;
    if (cap < need) return -1;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)src[i] << 16;
        if (i + 1 < len) v |= (uint32_t)src[i + 1] << 8;
        if (i + 2 < len) v |= src[i + 2];
        dst[o++] = B64[(v >> 18) & 63];
        dst[o++] = B64[(v >> 12) & 63];
        dst[o++] = i + 1 < len ? B64[(v >> 6) & 63] : '=';
        dst[o++] = i + 2 < len ? B64[v & 63] : '=';
    }
    dst[o] = '\0';
    return (int)o;
}

static int b64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

int scram_base64_decode(const char *src, size_t len, uint8_t *dst, size_t cap)
{
    if (len % 4 != 0) return -1;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; k++) {
            char c = src[i + k];
            if (c == '=' && last && k >= 2) {
                pad++;
                v[k] = 0;
                continue;
            }
            if (pad) return -1; /* data after padding */
            v[k] = b64_value(c);
            if (v[k] < 0) return -1;
        }
        uint32_t w =
            (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 | (uint32_t)v[2] << 6 | (uint32_t)v[3];
        size_t n = 3 - (size_t)pad;
        if (o + n > cap) return -1;
        dst[o++] = (uint8_t)(w >> 16);
        if (n > 1) dst[o++] = (uint8_t)(w >> 8);
        if (n > 2) dst[o++] = (uint8_t)w;
    }
    return (int)o;
}

static int hmac_sha256(const uint8_t *key, size_t key_len, const void *data, size_t len,
                       uint8_t out[SCRAM_KEY_LEN])
{
    unsigned int out_len = 0;
    if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &out_len) ||
        out_len != SCRAM_KEY_LEN)
        return -1;
    return 0;
}

static int sha256(const void *data, size_t len, uint8_t out[SCRAM_KEY_LEN])
{
    unsigned int out_len = 0;
    if (!EVP_Digest(data, len, out, &out_len, EVP_sha256(), NULL) || out_len != SCRAM_KEY_LEN)
        return -1;
    return 0;
}

static void random_bytes(uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = getrandom(buf + got, len - got, 0);
        if (n > 0) got += (size_t)n;
    }
}

/* ClientKey and ServerKey from the password (SaltedPassword never leaves). */
static int derive_keys(const char *password, const uint8_t *salt, size_t salt_len, int iterations,
                       uint8_t client_key[SCRAM_KEY_LEN], uint8_t server_key[SCRAM_KEY_LEN])
{
    uint8_t salted[SCRAM_KEY_LEN];
    int rc = -1;
    if (PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)salt_len, iterations,
                          EVP_sha256(), SCRAM_KEY_LEN, salted) == 1 &&
        hmac_sha256(salted, sizeof salted, "Client Key", 10, client_key) == 0 &&
        hmac_sha256(salted, sizeof salted, "Server Key", 10, server_key) == 0)
        rc = 0;
    OPENSSL_cleanse(salted, sizeof salted);
    return rc;
}

int scram_verifier_from_password(const char *password, const uint8_t *salt, size_t salt_len,
                                 int iterations, ScramVerifier *out)
{
    if (salt_len == 0 || salt_len > SCRAM_MAX_SALT_LEN || iterations < 1) return -1;
    memset(out, 0, sizeof(*out));
    uint8_t client_key[SCRAM_KEY_LEN];
    int rc = derive_keys(password, salt, salt_len, iterations, client_key, out->server_key);
    if (rc == 0) rc = sha256(client_key, sizeof client_key, out->stored_key);
    OPENSSL_cleanse(client_key, sizeof client_key);
    out->iterations = iterations;
    memcpy(out->salt, salt, salt_len);
    out->salt_len = salt_len;
    return rc;
}

int scram_verifier_new(const char *password, ScramVerifier *out)
{
    uint8_t salt[SCRAM_SALT_LEN];
    random_bytes(salt, sizeof salt);
    return scram_verifier_from_password(password, salt, sizeof salt, SCRAM_DEFAULT_ITER, out);
}

bool scram_verifier_check(const ScramVerifier *v, const char *password)
{
    ScramVerifier probe;
    if (scram_verifier_from_password(password, v->salt, v->salt_len, v->iterations, &probe) != 0)
        return false;
    bool same = CRYPTO_memcmp(probe.stored_key, v->stored_key, SCRAM_KEY_LEN) == 0;
    same &= CRYPTO_memcmp(probe.server_key, v->server_key, SCRAM_KEY_LEN) == 0;
    OPENSSL_cleanse(&probe, sizeof probe);
    return same;
}

void scram_verifier_mock(const char *user, const uint8_t secret[SCRAM_KEY_LEN], ScramVerifier *out)
{
    memset(out, 0, sizeof(*out));
    uint8_t h[SCRAM_KEY_LEN];
    if (hmac_sha256(secret, SCRAM_KEY_LEN, user, strlen(user), h) != 0) random_bytes(h, sizeof h);
    memcpy(out->salt, h, SCRAM_SALT_LEN);
    out->salt_len = SCRAM_SALT_LEN;
    out->iterations = SCRAM_DEFAULT_ITER;
    random_bytes(out->stored_key, SCRAM_KEY_LEN);
    random_bytes(out->server_key, SCRAM_KEY_LEN);
}

bool scram_verifier_parse(const char *text, ScramVerifier *out)
{
    static const char prefix[] = "SCRAM-SHA-256$";
    if (strncmp(text, prefix, sizeof(prefix) - 1) != 0) return false;
    const char *p = text + sizeof(prefix) - 1;
    memset(out, 0, sizeof(*out));
    long iter = 0;
    const char *digits = p;
    while (*p >= '0' && *p <= '9') {
        iter = iter * 10 + (*p - '0');
        if (iter > 0x7fffffff) return false;
        p++;
    }
    if (p == digits || *p != ':' || iter < 1) return false;
    const char *salt = ++p;
    const char *dollar = strchr(salt, '$');
    if (!dollar) return false;
    int n = scram_base64_decode(salt, (size_t)(dollar - salt), out->salt, sizeof out->salt);
    if (n <= 0) return false;
    out->salt_len = (size_t)n;
    const char *stored = dollar + 1;
    const char *colon = strchr(stored, ':');
    if (!colon) return false;
    if (scram_base64_decode(stored, (size_t)(colon - stored), out->stored_key, SCRAM_KEY_LEN) !=
        SCRAM_KEY_LEN)
        return false;
    const char *server = colon + 1;
    if (scram_base64_decode(server, strlen(server), out->server_key, SCRAM_KEY_LEN) !=
        SCRAM_KEY_LEN)
        return false;
    out->iterations = (int)iter;
    return true;
}

int scram_verifier_format(const ScramVerifier *v, char *buf, size_t cap)
{
    char salt[(SCRAM_MAX_SALT_LEN + 2) / 3 * 4 + 1];
    char stored[(SCRAM_KEY_LEN + 2) / 3 * 4 + 1];
    char server[sizeof stored];
    if (scram_base64_encode(v->salt, v->salt_len, salt, sizeof salt) < 0 ||
        scram_base64_encode(v->stored_key, SCRAM_KEY_LEN, stored, sizeof stored) < 0 ||
        scram_base64_encode(v->server_key, SCRAM_KEY_LEN, server, sizeof server) < 0)
        return -1;
    int n = snprintf(buf, cap, "SCRAM-SHA-256$%d:%s$%s:%s", v->iterations, salt, stored, server);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* ---- the exchange ---- */

static ScramStatus fail_msg(ScramState *st, const char *detail)
{
    snprintf(st->error, sizeof st->error, "malformed SCRAM message");
    snprintf(st->error_detail, sizeof st->error_detail, "%s", detail);
    st->stage = SCRAM_STAGE_DONE;
    return AUTH_SCRAM_ERROR;
}

static ScramStatus fail_cbind(ScramState *st, const char *msg, const char *detail)
{
    snprintf(st->error, sizeof st->error, "%s", msg);
    snprintf(st->error_detail, sizeof st->error_detail, "%s", detail);
    st->stage = SCRAM_STAGE_DONE;
    return AUTH_SCRAM_ERROR;
}

bool scram_state_init(ScramState *st, const char *mechanism, const ScramVerifier *verifier,
                      const char *user, const uint8_t mock_secret[SCRAM_KEY_LEN], bool tls_offered,
                      const uint8_t *cbind_data, size_t cbind_len)
{
    memset(st, 0, sizeof(*st));
    st->tls_offered = tls_offered && cbind_len > 0 && cbind_len <= SCRAM_MAX_CBIND_DATA;
    if (strcmp(mechanism, SCRAM_MECHANISM_PLUS) == 0 && st->tls_offered) {
        st->plus = true;
    } else if (strcmp(mechanism, SCRAM_MECHANISM) != 0) {
        snprintf(st->error, sizeof st->error,
                 "client selected an invalid SASL authentication mechanism");
        st->stage = SCRAM_STAGE_DONE;
        return false;
    }
    if (st->tls_offered) {
        memcpy(st->cbind_data, cbind_data, cbind_len);
        st->cbind_len = cbind_len;
    }
    if (verifier) {
        st->verifier = *verifier;
    } else {
        scram_verifier_mock(user, mock_secret, &st->verifier);
        st->mock = true;
    }
    return true;
}

/* A "<name>=" attribute at *p: its value runs to the next ',' or the end. */
static bool read_attr(const char **p, const char *end, char name, const char **val, size_t *len)
{
    const char *s = *p;
    if (end - s < 2 || s[0] != name || s[1] != '=') return false;
    s += 2;
    const char *v = s;
    while (s < end && *s != ',') s++;
    *val = v;
    *len = (size_t)(s - v);
    *p = s;
    return true;
}

/* Skips the ',' after an attribute; false at the end of the message. */
static bool skip_comma(const char **p, const char *end)
{
    if (*p >= end || **p != ',') return false;
    (*p)++;
    return true;
}

static bool printable_nonce(const char *s, size_t len)
{
    if (len == 0) return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < 0x21 || s[i] > 0x7e || s[i] == ',') return false;
    return true;
}

static ScramStatus client_first(ScramState *st, const char *in, size_t len, char *out,
                                size_t out_cap, const char *server_nonce)
{
    const char *p = in, *end = in + len;
    if (p >= end) return fail_msg(st, "The message is empty.");
    char flag = *p;
    if (flag == 'n' || flag == 'y') {
        p++;
    } else if (flag == 'p') {
        const char *name;
        size_t nlen;
        if (!read_attr(&p, end, 'p', &name, &nlen))
            return fail_msg(st, "Malformed channel-binding flag.");
        if (!st->plus)
            return fail_msg(st, "The client selected SCRAM-SHA-256 without channel binding, but "
                                "the SCRAM message includes channel binding data.");
        if (nlen != strlen(SCRAM_CBIND_TYPE) || memcmp(name, SCRAM_CBIND_TYPE, nlen) != 0)
            return fail_cbind(st, "unsupported SCRAM channel-binding type",
                              "Only tls-server-end-point is supported.");
    } else {
        return fail_msg(st, "Unexpected channel-binding flag.");
    }
    if (flag != 'p' && st->plus)
        return fail_msg(st, "The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does "
                            "not include channel binding data.");
    if (flag == 'y' && st->tls_offered)
        return fail_cbind(st, "SCRAM channel binding negotiation error",
                          "The client supports SCRAM channel binding but thinks the server does "
                          "not.  However, this server does support channel binding.");
    if (!skip_comma(&p, end)) return fail_msg(st, "Comma expected after the channel-binding flag.");
    if (p < end && *p == 'a')
        return fail_cbind(st, "client uses authorization identity, but it is not supported", "");
    if (!skip_comma(&p, end)) return fail_msg(st, "Comma expected after the GS2 header.");
    size_t gs2_len = (size_t)(p - in);
    if (gs2_len >= sizeof st->gs2_header) return fail_msg(st, "The GS2 header is too long.");
    memcpy(st->gs2_header, in, gs2_len);
    st->gs2_header[gs2_len] = '\0';

    const char *bare = p;
    size_t bare_len = (size_t)(end - bare);
    if (bare_len >= sizeof st->client_first_bare)
        return fail_msg(st, "The client-first-message is too long.");
    if (p < end && *p == 'm') return fail_msg(st, "Mandatory SCRAM extensions are not supported.");
    const char *user, *cnonce;
    size_t user_len, cnonce_len;
    if (!read_attr(&p, end, 'n', &user, &user_len))
        return fail_msg(st, "Expected attribute \"n\".");
    if (!skip_comma(&p, end) || !read_attr(&p, end, 'r', &cnonce, &cnonce_len))
        return fail_msg(st, "Expected attribute \"r\".");
    if (!printable_nonce(cnonce, cnonce_len)) return fail_msg(st, "The client nonce is invalid.");
    /* extensions are allowed and ignored, as in PostgreSQL */
    while (p < end) {
        if (!skip_comma(&p, end) || end - p < 2 || p[1] != '=')
            return fail_msg(st, "Garbage found at the end of the client-first-message.");
        while (p < end && *p != ',') p++;
    }
    memcpy(st->client_first_bare, bare, bare_len);
    st->client_first_bare[bare_len] = '\0';

    char snonce[64];
    if (server_nonce) {
        snprintf(snonce, sizeof snonce, "%s", server_nonce);
    } else {
        uint8_t raw[SCRAM_RAW_NONCE_LEN];
        random_bytes(raw, sizeof raw);
        scram_base64_encode(raw, sizeof raw, snonce, sizeof snonce);
    }
    if (cnonce_len + strlen(snonce) >= sizeof st->nonce)
        return fail_msg(st, "The client nonce is too long.");
    snprintf(st->nonce, sizeof st->nonce, "%.*s%s", (int)cnonce_len, cnonce, snonce);

    char salt[(SCRAM_MAX_SALT_LEN + 2) / 3 * 4 + 1];
    scram_base64_encode(st->verifier.salt, st->verifier.salt_len, salt, sizeof salt);
    int n = snprintf(st->server_first, sizeof st->server_first, "r=%s,s=%s,i=%d", st->nonce, salt,
                     st->verifier.iterations);
    if (n < 0 || (size_t)n >= sizeof st->server_first || (size_t)n >= out_cap)
        return fail_msg(st, "The client nonce is too long.");
    memcpy(out, st->server_first, (size_t)n + 1);
    st->stage = SCRAM_STAGE_FIRST_SENT;
    return AUTH_SCRAM_CONTINUE;
}

static ScramStatus client_final(ScramState *st, const char *in, size_t len, char *out,
                                size_t out_cap)
{
    st->stage = SCRAM_STAGE_DONE;
    const char *p = in, *end = in + len;
    const char *cb, *nonce;
    size_t cb_len, nonce_len;
    if (!read_attr(&p, end, 'c', &cb, &cb_len)) return fail_msg(st, "Expected attribute \"c\".");
    /* c= carries the GS2 header and, with channel binding, the binding data */
    uint8_t cb_raw[sizeof st->gs2_header + SCRAM_MAX_CBIND_DATA];
    int cb_n = scram_base64_decode(cb, cb_len, cb_raw, sizeof cb_raw);
    if (cb_n < 0) return fail_msg(st, "Malformed channel-binding data.");
    size_t gs2_len = strlen(st->gs2_header);
    size_t want = gs2_len + (st->plus ? st->cbind_len : 0);
    if ((size_t)cb_n != want || memcmp(cb_raw, st->gs2_header, gs2_len) != 0 ||
        (st->plus && CRYPTO_memcmp(cb_raw + gs2_len, st->cbind_data, st->cbind_len) != 0)) {
        if (st->plus) return fail_cbind(st, "SCRAM channel binding check failed", "");
        return fail_msg(st, "Unexpected SCRAM channel-binding data.");
    }
    if (!skip_comma(&p, end) || !read_attr(&p, end, 'r', &nonce, &nonce_len))
        return fail_msg(st, "Expected attribute \"r\".");
    if (nonce_len != strlen(st->nonce) || memcmp(nonce, st->nonce, nonce_len) != 0)
        return fail_msg(st, "Nonce does not match.");
    /* extensions up to the proof, which must come last */
    const char *proof_attr = NULL;
    while (p < end) {
        const char *attr_start = p;
        if (!skip_comma(&p, end) || end - p < 2 || p[1] != '=')
            return fail_msg(st, "Malformed client-final-message.");
        if (p[0] == 'p') {
            proof_attr = attr_start;
            break;
        }
        while (p < end && *p != ',') p++;
    }
    if (!proof_attr) return fail_msg(st, "Could not find proof in client-final-message.");
    const char *proof_b64 = NULL;
    size_t proof_b64_len = 0;
    read_attr(&p, end, 'p', &proof_b64, &proof_b64_len);
    if (p != end) return fail_msg(st, "Garbage found at the end of the client-final-message.");
    uint8_t proof[SCRAM_KEY_LEN];
    if (scram_base64_decode(proof_b64, proof_b64_len, proof, sizeof proof) != SCRAM_KEY_LEN)
        return fail_msg(st, "Malformed proof in client-final-message.");

    /* AuthMessage = client-first-bare "," server-first "," client-final-without-proof */
    size_t bare_len = strlen(st->client_first_bare), sf_len = strlen(st->server_first);
    size_t wp_len = (size_t)(proof_attr - in);
    char am[sizeof st->client_first_bare + sizeof st->server_first + 2048];
    if (bare_len + sf_len + wp_len + 2 > sizeof am)
        return fail_msg(st, "The client-final-message is too long.");
    size_t am_len = 0;
    memcpy(am, st->client_first_bare, bare_len);
    am_len += bare_len;
    am[am_len++] = ',';
    memcpy(am + am_len, st->server_first, sf_len);
    am_len += sf_len;
    am[am_len++] = ',';
    memcpy(am + am_len, in, wp_len);
    am_len += wp_len;

    uint8_t client_sig[SCRAM_KEY_LEN], client_key[SCRAM_KEY_LEN], stored[SCRAM_KEY_LEN];
    uint8_t server_sig[SCRAM_KEY_LEN];
    if (hmac_sha256(st->verifier.stored_key, SCRAM_KEY_LEN, am, am_len, client_sig) != 0 ||
        hmac_sha256(st->verifier.server_key, SCRAM_KEY_LEN, am, am_len, server_sig) != 0)
        return AUTH_SCRAM_FAILED;
    for (int i = 0; i < SCRAM_KEY_LEN; i++) client_key[i] = proof[i] ^ client_sig[i];
    if (sha256(client_key, sizeof client_key, stored) != 0) return AUTH_SCRAM_FAILED;
    bool match = CRYPTO_memcmp(stored, st->verifier.stored_key, SCRAM_KEY_LEN) == 0;
    OPENSSL_cleanse(client_key, sizeof client_key);
    if (!match || st->mock) return AUTH_SCRAM_FAILED;

    char sig[(SCRAM_KEY_LEN + 2) / 3 * 4 + 1];
    scram_base64_encode(server_sig, sizeof server_sig, sig, sizeof sig);
    if ((size_t)snprintf(out, out_cap, "v=%s", sig) >= out_cap) return AUTH_SCRAM_FAILED;
    return AUTH_SCRAM_OK;
}

ScramStatus scram_exchange(ScramState *st, const char *in, size_t len, char *out, size_t out_cap,
                           const char *server_nonce)
{
    if (out_cap) out[0] = '\0';
    if (memchr(in, '\0', len)) {
        st->stage = SCRAM_STAGE_DONE;
        return fail_msg(st, "The message contains a NUL byte.");
    }
    switch (st->stage) {
    case SCRAM_STAGE_INIT:
        return client_first(st, in, len, out, out_cap, server_nonce);
    case SCRAM_STAGE_FIRST_SENT:
        return client_final(st, in, len, out, out_cap);
    default:
        return fail_msg(st, "The SCRAM exchange is already over.");
    }
}

int scram_client_proof(const char *password, const uint8_t *salt, size_t salt_len, int iterations,
                       const char *auth_message, uint8_t proof[SCRAM_KEY_LEN])
{
    uint8_t client_key[SCRAM_KEY_LEN], server_key[SCRAM_KEY_LEN], stored[SCRAM_KEY_LEN];
    uint8_t sig[SCRAM_KEY_LEN];
    if (derive_keys(password, salt, salt_len, iterations, client_key, server_key) != 0 ||
        sha256(client_key, sizeof client_key, stored) != 0 ||
        hmac_sha256(stored, sizeof stored, auth_message, strlen(auth_message), sig) != 0)
        return -1;
    for (int i = 0; i < SCRAM_KEY_LEN; i++) proof[i] = client_key[i] ^ sig[i];
    return 0;
}
