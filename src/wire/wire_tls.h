/*
 * wire_tls.h — the server's TLS context (OpenSSL 3): certificate, key,
 * protocol floor, and the certificate hash that SCRAM-SHA-256-PLUS binds to
 * (tls-server-end-point, RFC 5929). The server creates one at start when
 * ssl = on and hands it to every connection through WireOptions.tls; a
 * connection that receives SSLRequest answers 'S' and runs the handshake
 * (wire_buffer.c does every later read and write through the session).
 *
 * Not supported (docs/auth.md): client certificates, CRLs, reloading the
 * certificate without a restart, SSL passphrases.
 *
 * Threading: the context is read-only once created; any number of
 * connections use it at once. Destroy it only after every connection ended.
 */
#ifndef OMENDB_WIRE_WIRE_TLS_H
#define OMENDB_WIRE_WIRE_TLS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct WireTls WireTls;

typedef struct WireTlsSettings {
    const char *cert_file;    /* PEM certificate (chain); relative to data_dir unless absolute */
    const char *key_file;     /* PEM private key, unencrypted; same rule */
    const char *data_dir;     /* base of relative paths; NULL = working directory */
    const char *min_protocol; /* "TLSv1.2" (default when NULL or "") or "TLSv1.3" ... */
} WireTlsSettings;

/* Loads certificate and key and checks that they match. Returns NULL with a
 * one-line message in errbuf when a file is missing or unreadable, is not PEM,
 * the key does not belong to the certificate, or min_protocol is unknown. */
WireTls *wire_tls_create(const WireTlsSettings *s, char *errbuf, size_t errlen);
void wire_tls_destroy(WireTls *tls);
/* True when `name` is a protocol version the setting accepts ("TLSv1",
 * "TLSv1.1", "TLSv1.2", "TLSv1.3", case-insensitive). */
bool wire_tls_protocol_valid(const char *name);

#endif
