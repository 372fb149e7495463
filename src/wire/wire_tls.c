/*
 * wire_tls.c — the TLS context (wire_tls.h) and the server side of one
 * handshake (wire_io_start_tls, wire_int.h).
 *
 * Context: TLS 1.2 or newer by default (ssl_min_protocol_version), no
 * renegotiation, no session tickets or cache (as PostgreSQL), no
 * compression; an unexpected end of file from the client counts as a close
 * (the connection ends either way). The certificate's tls-server-end-point
 * hash is computed once here: SHA-256 when the certificate is signed with
 * MD5 or SHA-1, else the signature's own digest; a certificate without one
 * (Ed25519) gets no SCRAM-SHA-256-PLUS.
 *
 * Handshake: after 'S' the socket is switched to non-blocking for good, and
 * every TLS call of the connection waits in poll() when OpenSSL wants to read
 * or write (wire_buffer.c). The handshake runs against the startup deadline;
 * a client that vanishes or speaks garbage ends with a log line, not a crash.
 */
#include "wire/wire_tls.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "wire/auth_scram.h"
#include "wire/wire_int.h"

struct WireTls {
    SSL_CTX *ctx;
    unsigned char cert_hash[EVP_MAX_MD_SIZE];
    size_t cert_hash_len; /* 0: no channel binding */
};

static const struct {
    const char *name;
    int version;
} PROTOCOLS[] = {
    {"TLSv1", TLS1_VERSION},
    {"TLSv1.1", TLS1_1_VERSION},
    {"TLSv1.2", TLS1_2_VERSION},
    {"TLSv1.3", TLS1_3_VERSION},
};

static int protocol_version(const char *name)
{
    if (!name || !name[0]) return TLS1_2_VERSION;
    for (size_t i = 0; i < sizeof PROTOCOLS / sizeof PROTOCOLS[0]; i++)
        if (strcasecmp(name, PROTOCOLS[i].name) == 0) return PROTOCOLS[i].version;
    return -1;
}

bool wire_tls_protocol_valid(const char *name)
{
    return protocol_version(name) > 0;
}

/* The most recent OpenSSL error of this thread as text (the queue is cleared). */
static void openssl_reason(char *buf, size_t cap)
{
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, buf, cap);
    else
        snprintf(buf, cap, "unknown error");
    ERR_clear_error();
}

static void resolve(const WireTlsSettings *s, const char *file, char *out, size_t cap)
{
    if (file[0] == '/' || !s->data_dir || !s->data_dir[0])
        snprintf(out, cap, "%s", file);
    else
        snprintf(out, cap, "%s/%s", s->data_dir, file);
}

static void cert_binding_hash(WireTls *tls)
{
    X509 *cert = SSL_CTX_get0_certificate(tls->ctx);
    int md_nid = NID_undef;
    if (!cert || !X509_get_signature_info(cert, &md_nid, NULL, NULL, NULL)) return;
    const EVP_MD *md = NULL;
    if (md_nid == NID_md5 || md_nid == NID_sha1)
        md = EVP_sha256();
    else if (md_nid != NID_undef)
        md = EVP_get_digestbynid(md_nid);
    unsigned int len = 0;
    if (md && X509_digest(cert, md, tls->cert_hash, &len) == 1 && len <= SCRAM_MAX_CBIND_DATA)
        tls->cert_hash_len = len;
    ERR_clear_error();
}

WireTls *wire_tls_create(const WireTlsSettings *s, char *errbuf, size_t errlen)
{
    char cert[4200], key[4200], why[256];
    resolve(s, s->cert_file && s->cert_file[0] ? s->cert_file : "server.crt", cert, sizeof cert);
    resolve(s, s->key_file && s->key_file[0] ? s->key_file : "server.key", key, sizeof key);
    int minver = protocol_version(s->min_protocol);
    if (minver < 0) {
        snprintf(errbuf, errlen, "invalid ssl_min_protocol_version \"%s\"", s->min_protocol);
        return NULL;
    }
    WireTls *tls = calloc(1, sizeof(*tls));
    if (!tls) {
        snprintf(errbuf, errlen, "out of memory");
        return NULL;
    }
    ERR_clear_error();
    tls->ctx = SSL_CTX_new(TLS_server_method());
    if (!tls->ctx) {
        openssl_reason(why, sizeof why);
        snprintf(errbuf, errlen, "could not create SSL context: %s", why);
        free(tls);
        return NULL;
    }
    if (SSL_CTX_use_certificate_chain_file(tls->ctx, cert) != 1) {
        openssl_reason(why, sizeof why);
        snprintf(errbuf, errlen, "could not load server certificate file \"%s\": %s", cert, why);
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(tls->ctx, key, SSL_FILETYPE_PEM) != 1) {
        openssl_reason(why, sizeof why);
        snprintf(errbuf, errlen, "could not load private key file \"%s\": %s", key, why);
        goto fail;
    }
    if (SSL_CTX_check_private_key(tls->ctx) != 1) {
        openssl_reason(why, sizeof why);
        snprintf(errbuf, errlen, "check of private key \"%s\" failed: %s", key, why);
        goto fail;
    }
    SSL_CTX_set_min_proto_version(tls->ctx, minver);
    SSL_CTX_set_options(tls->ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
                                      SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                      SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_num_tickets(tls->ctx, 0);
    SSL_CTX_set_session_cache_mode(tls->ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_mode(tls->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    cert_binding_hash(tls);
    return tls;
fail:
    SSL_CTX_free(tls->ctx);
    free(tls);
    return NULL;
}

void wire_tls_destroy(WireTls *tls)
{
    if (!tls) return;
    SSL_CTX_free(tls->ctx);
    free(tls);
}

const unsigned char *wire_tls_cert_hash(const WireTls *tls, size_t *len)
{
    *len = tls ? tls->cert_hash_len : 0;
    return tls ? tls->cert_hash : NULL;
}

int wire_io_start_tls(WireIo *io, const WireTls *tls, char *why, size_t cap)
{
    int flags = fcntl(io->fd, F_GETFL);
    if (flags < 0 || fcntl(io->fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        snprintf(why, cap, "could not make the socket non-blocking");
        return -1;
    }
    ERR_clear_error();
    SSL *ssl = SSL_new(tls->ctx);
    if (!ssl || SSL_set_fd(ssl, io->fd) != 1) {
        openssl_reason(why, cap);
        SSL_free(ssl);
        return -1;
    }
    io->ssl = ssl;
    for (;;) {
        ERR_clear_error();
        int r = SSL_accept(ssl);
        if (r == 1) return 0;
        int e = SSL_get_error(ssl, r);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            if (wire_io_wait(io, e == SSL_ERROR_WANT_READ) == 0) continue;
            snprintf(why, cap, "%s", errno == ETIMEDOUT ? "timeout" : strerror(errno));
        } else if (e == SSL_ERROR_SYSCALL) {
            snprintf(why, cap, "%s", errno ? strerror(errno) : "client closed the connection");
        } else if (e == SSL_ERROR_ZERO_RETURN) {
            snprintf(why, cap, "client closed the connection");
        } else {
            openssl_reason(why, cap);
        }
        io->broken = true; /* nothing more goes out on this session */
        io->eof = true;
        return -1;
    }
}

void wire_io_tls_info(const WireIo *io, char *version, size_t vcap, char *cipher, size_t ccap,
                      int *bits)
{
    *bits = 0;
    if (vcap) version[0] = '\0';
    if (ccap) cipher[0] = '\0';
    if (!io->ssl) return;
    snprintf(version, vcap, "%s", SSL_get_version(io->ssl));
    const SSL_CIPHER *c = SSL_get_current_cipher(io->ssl);
    if (c) {
        snprintf(cipher, ccap, "%s", SSL_CIPHER_get_name(c));
        *bits = SSL_CIPHER_get_bits(c, NULL);
    }
}
