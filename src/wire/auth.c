/*
 * auth.c — the process-wide authentication store: methods per kind of
 * connection and the verifier of `omendb` (contract and sources in auth.h).
 *
 * DATA/auth_verifier (0600) holds one line: the verifier, or nothing for "no
 * password". It is written through common/file_io (write DATA/auth_verifier.tmp,
 * fsync, rename over the old one, fsync DATA), so a crash leaves either the
 * old or the new file, and an ALTER ROLE that reports success survives a
 * restart. Writers are serialised by `write_mu`; the in-memory verifier
 * changes under `mu` only after the file is durable.
 */
#include "wire/auth.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "common/file_io.h"
#include "wire/auth_scram.h"

#define VERIFIER_FILE "auth_verifier"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;       /* the fields below */
static pthread_mutex_t write_mu = PTHREAD_MUTEX_INITIALIZER; /* one ALTER ROLE at a time */
static AuthMethod method_tcp = AUTH_METHOD_AUTO;
static AuthMethod method_local = AUTH_METHOD_TRUST;
static char data_dir[4096];
static bool has_verifier;
static char verifier_text[SCRAM_VERIFIER_MAX];
static pthread_once_t secret_once = PTHREAD_ONCE_INIT;
static unsigned char mock_secret[SCRAM_KEY_LEN];

static const char *const METHOD_NAMES[] = {"auto", "trust", "password", "scram-sha-256"};

int auth_method_parse(const char *text, bool allow_auto, AuthMethod *out)
{
    for (int m = allow_auto ? 0 : 1; m <= AUTH_METHOD_SCRAM; m++)
        if (strcasecmp(text, METHOD_NAMES[m]) == 0) {
            *out = (AuthMethod)m;
            return 0;
        }
    return -1;
}

const char *auth_method_name(AuthMethod m)
{
    return (int)m >= 0 && m <= AUTH_METHOD_SCRAM ? METHOD_NAMES[m] : "?";
}

static void secret_init(void)
{
    size_t got = 0;
    while (got < sizeof mock_secret) {
        ssize_t n = getrandom(mock_secret + got, sizeof mock_secret - got, 0);
        if (n > 0) got += (size_t)n;
    }
}

const unsigned char *auth_mock_secret(void)
{
    pthread_once(&secret_once, secret_init);
    return mock_secret;
}

/* Turns a password source (plaintext or verifier) into verifier text. */
static int to_verifier(const char *value, char *out, size_t cap)
{
    ScramVerifier v;
    if (strncmp(value, "SCRAM-SHA-256$", 14) == 0) {
        if (!scram_verifier_parse(value, &v)) return -1;
    } else if (scram_verifier_new(value, &v) != 0) {
        return -1;
    }
    int rc = scram_verifier_format(&v, out, cap);
    OPENSSL_cleanse(&v, sizeof v);
    return rc;
}

/* Reads a small file into buf without its trailing newline(s). 0, 1 when it
 * does not exist, -1 on error (errno). */
static int read_small_file(const char *path, char *buf, size_t cap)
{
    FILE *f = fopen(path, "re");
    if (!f) return errno == ENOENT ? 1 : -1;
    size_t n = fread(buf, 1, cap - 1, f);
    bool more = !feof(f) && fgetc(f) != EOF;
    int err = ferror(f);
    fclose(f);
    if (err || more) {
        errno = err ? EIO : EFBIG;
        return -1;
    }
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    return 0;
}

int auth_setup(const AuthSettings *s, const char **where, char *errbuf, size_t errlen)
{
    auth_mock_secret();
    char text[SCRAM_VERIFIER_MAX] = "";
    bool have = false;
    const char *source = "none";
    char path[4200];
    char buf[1024];
    if (s->data_dir && s->data_dir[0]) {
        snprintf(path, sizeof path, "%s/%s", s->data_dir, VERIFIER_FILE);
        int rc = read_small_file(path, buf, sizeof buf);
        if (rc < 0) {
            snprintf(errbuf, errlen, "could not read \"%s\": %s", path, strerror(errno));
            return -1;
        }
        if (rc == 0) {
            source = "DATA/auth_verifier";
            if (buf[0]) {
                ScramVerifier v;
                if (!scram_verifier_parse(buf, &v)) {
                    snprintf(errbuf, errlen,
                             "\"%s\" does not hold a SCRAM-SHA-256 verifier; remove it to use "
                             "password_file or OMENDB_PASSWORD",
                             path);
                    return -1;
                }
                if (strlen(buf) >= sizeof text) {
                    snprintf(errbuf, errlen, "\"%s\" holds a verifier that is too long", path);
                    return -1;
                }
                memcpy(text, buf, strlen(buf) + 1);
                have = true;
            }
        }
    }
    if (strcmp(source, "none") == 0 && s->password_file && s->password_file[0]) {
        if (s->password_file[0] == '/' || !s->data_dir)
            snprintf(path, sizeof path, "%s", s->password_file);
        else
            snprintf(path, sizeof path, "%s/%s", s->data_dir, s->password_file);
        int rc = read_small_file(path, buf, sizeof buf);
        if (rc != 0) {
            snprintf(errbuf, errlen, "could not read password_file \"%s\": %s", path,
                     rc > 0 ? strerror(ENOENT) : strerror(errno));
            return -1;
        }
        if (!buf[0] || to_verifier(buf, text, sizeof text) != 0) {
            snprintf(errbuf, errlen,
                     "password_file \"%s\" holds neither a password nor a SCRAM-SHA-256 verifier",
                     path);
            OPENSSL_cleanse(buf, sizeof buf);
            return -1;
        }
        OPENSSL_cleanse(buf, sizeof buf);
        have = true;
        source = "password_file";
    }
    if (strcmp(source, "none") == 0 && s->password && s->password[0]) {
        if (to_verifier(s->password, text, sizeof text) != 0) {
            snprintf(errbuf, errlen, "OMENDB_PASSWORD holds an invalid SCRAM-SHA-256 verifier");
            return -1;
        }
        have = true;
        source = "OMENDB_PASSWORD";
    }
    pthread_mutex_lock(&mu);
    method_tcp = s->method;
    method_local = s->method_local == AUTH_METHOD_AUTO ? AUTH_METHOD_TRUST : s->method_local;
    snprintf(data_dir, sizeof data_dir, "%s", s->data_dir ? s->data_dir : "");
    has_verifier = have;
    snprintf(verifier_text, sizeof verifier_text, "%s", text);
    pthread_mutex_unlock(&mu);
    if (where) *where = source;
    return 0;
}

static bool ipv4_loopback(const struct in_addr *a)
{
    return (ntohl(a->s_addr) >> 24) == 127;
}

AuthPeer auth_peer_of_addr(const struct sockaddr *addr)
{
    if (addr->sa_family == AF_UNIX) return AUTH_PEER_LOCAL;
    if (addr->sa_family == AF_INET)
        return ipv4_loopback(&((const struct sockaddr_in *)addr)->sin_addr) ? AUTH_PEER_LOOPBACK
                                                                            : AUTH_PEER_REMOTE;
    if (addr->sa_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)addr)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a6)) return AUTH_PEER_LOOPBACK;
        if (IN6_IS_ADDR_V4MAPPED(a6)) {
            struct in_addr a4;
            memcpy(&a4, &a6->s6_addr[12], 4);
            return ipv4_loopback(&a4) ? AUTH_PEER_LOOPBACK : AUTH_PEER_REMOTE;
        }
    }
    return AUTH_PEER_REMOTE;
}

AuthPeer auth_peer_of_fd(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    memset(&ss, 0, sizeof ss);
    if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0) {
        /* a peer that vanished: judge by our own end (a Unix socket stays local) */
        len = sizeof ss;
        if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) return AUTH_PEER_REMOTE;
        return ss.ss_family == AF_UNIX ? AUTH_PEER_LOCAL : AUTH_PEER_REMOTE;
    }
    return auth_peer_of_addr((const struct sockaddr *)&ss);
}

AuthMethod auth_method_for(AuthPeer peer)
{
    pthread_mutex_lock(&mu);
    AuthMethod m = peer == AUTH_PEER_LOCAL ? method_local : method_tcp;
    pthread_mutex_unlock(&mu);
    if (m == AUTH_METHOD_AUTO) m = peer == AUTH_PEER_REMOTE ? AUTH_METHOD_SCRAM : AUTH_METHOD_TRUST;
    return m;
}

bool auth_password_required(AuthPeer peer)
{
    return auth_method_for(peer) != AUTH_METHOD_TRUST;
}

bool auth_get_verifier(const char *user, char *buf, size_t cap)
{
    bool ok = false;
    if (cap) buf[0] = '\0';
    pthread_mutex_lock(&mu);
    if (user && strcmp(user, AUTH_SUPERUSER) == 0 && has_verifier && strlen(verifier_text) < cap) {
        memcpy(buf, verifier_text, strlen(verifier_text) + 1);
        ok = true;
    }
    pthread_mutex_unlock(&mu);
    return ok;
}

bool auth_check_password(const char *user, const char *password)
{
    char text[SCRAM_VERIFIER_MAX];
    ScramVerifier v;
    bool real =
        user && auth_get_verifier(user, text, sizeof text) && scram_verifier_parse(text, &v);
    if (!real) scram_verifier_mock(user ? user : "", auth_mock_secret(), &v);
    /* the check runs either way: same cost for a user that does not exist */
    bool ok = scram_verifier_check(&v, password ? password : "");
    OPENSSL_cleanse(&v, sizeof v);
    return real && ok && password && password[0];
}

/* Writes DATA/auth_verifier durably (contents `line`, may be ""). */
static int persist(const char *dir, const char *line, OmError *err)
{
    char path[4200], tmp[4220];
    snprintf(path, sizeof path, "%s/%s", dir, VERIFIER_FILE);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    OmFile *f = file_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600, err);
    if (!f) return -1;
    char buf[SCRAM_VERIFIER_MAX + 2];
    int n = snprintf(buf, sizeof buf, "%s\n", line);
    if (file_write_all(f, buf, (size_t)n, err) != 0 || file_sync(f, err) != 0) {
        file_close(f, NULL);
        (void)unlink(tmp);
        return -1;
    }
    if (file_close(f, err) != 0 || file_rename(tmp, path, err) != 0 ||
        file_sync_dir(dir, err) != 0) {
        (void)unlink(tmp);
        return -1;
    }
    return 0;
}

int auth_set_password(const char *user, const char *value, OmError *err)
{
    if (!user || strcmp(user, AUTH_SUPERUSER) != 0)
        return ERR(err, SQLSTATE_UNDEFINED_OBJECT, "role \"%s\" does not exist", user ? user : "");
    char text[SCRAM_VERIFIER_MAX] = "";
    if (value && value[0]) {
        if (strncmp(value, "md5", 3) == 0 && strlen(value) == 35) {
            ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "md5 password hashes are not supported");
            error_hint(err, "Use a SCRAM-SHA-256 verifier or a plaintext password.");
            return -1;
        }
        if (to_verifier(value, text, sizeof text) != 0)
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "invalid SCRAM-SHA-256 verifier for role \"%s\"", user);
    }
    pthread_mutex_lock(&write_mu);
    char dir[sizeof data_dir];
    pthread_mutex_lock(&mu);
    snprintf(dir, sizeof dir, "%s", data_dir);
    pthread_mutex_unlock(&mu);
    int rc = dir[0] ? persist(dir, text, err) : 0;
    if (rc == 0) {
        pthread_mutex_lock(&mu);
        has_verifier = text[0] != '\0';
        snprintf(verifier_text, sizeof verifier_text, "%s", text);
        pthread_mutex_unlock(&mu);
    }
    pthread_mutex_unlock(&write_mu);
    return rc;
}

bool auth_listen_is_remote(const char *listen)
{
    char list[1024];
    snprintf(list, sizeof list, "%s", listen);
    char *save = NULL;
    for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ') tok++;
        size_t len = strlen(tok);
        while (len > 0 && tok[len - 1] == ' ') tok[--len] = '\0';
        if (!*tok || strcasecmp(tok, "localhost") == 0) continue;
        struct in_addr a4;
        struct in6_addr a6;
        if (inet_pton(AF_INET, tok, &a4) == 1 && ipv4_loopback(&a4)) continue;
        if (inet_pton(AF_INET6, tok, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6)) continue;
        return true;
    }
    return false;
}
