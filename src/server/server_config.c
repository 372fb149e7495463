/*
 * server_config.c — resolving ServerConfig from flags, environment, config file
 * and defaults (see server_config.h for names and precedence).
 *
 * Resolution collects the flags first (they may name the config file), then
 * applies the layers from weakest to strongest: defaults, file, environment,
 * flags. Each layer validates its values as it applies them, so an error names
 * the layer it came from.
 */
#include "server/server_config.h"
#include "wire/auth.h"
#include "wire/wire_tls.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct SettingName {
    const char *key;  /* config file key */
    const char *env;  /* environment variable */
    const char *flag; /* long flag without "--" */
    char short_flag;  /* 0 = none */
} SettingName;

static const SettingName SETTINGS[] = {
    {"port", "OMENDB_PORT", "port", 'p'},
    {"listen", "OMENDB_LISTEN", "listen", 'l'},
    {"data", "OMENDB_DATA", "data", 'D'},
    {"max_connections", "OMENDB_MAX_CONNECTIONS", "max-connections", 0},
    {"log_level", "OMENDB_LOG_LEVEL", "log-level", 0},
    {"max_message_size", "OMENDB_MAX_MESSAGE_SIZE", "max-message-size", 0},
    {"wal_segment_size", "OMENDB_WAL_SEGMENT_SIZE", "wal-segment-size", 0},
    {"checkpoint_timeout", "OMENDB_CHECKPOINT_TIMEOUT", "checkpoint-timeout", 0},
    {"max_wal_size", "OMENDB_MAX_WAL_SIZE", "max-wal-size", 0},
    {"unix_socket_directories", "OMENDB_UNIX_SOCKET_DIRECTORIES", "unix-socket-directories", 'k'},
    {"worker_threads", "OMENDB_WORKER_THREADS", "worker-threads", 0},
    {"worker_spin_us", "OMENDB_WORKER_SPIN_US", "worker-spin-us", 0},
    {"auth_method", "OMENDB_AUTH_METHOD", "auth-method", 0},
    {"auth_method_local", "OMENDB_AUTH_METHOD_LOCAL", "auth-method-local", 0},
    {"password_file", "OMENDB_PASSWORD_FILE", "password-file", 0},
    {"ssl", "OMENDB_SSL", "ssl", 0},
    {"ssl_cert_file", "OMENDB_SSL_CERT_FILE", "ssl-cert-file", 0},
    {"ssl_key_file", "OMENDB_SSL_KEY_FILE", "ssl-key-file", 0},
    {"ssl_min_protocol_version", "OMENDB_SSL_MIN_PROTOCOL_VERSION", "ssl-min-protocol-version", 0},
    {"http_port", "OMENDB_HTTP_PORT", "http-port", 0},
    {"http_listen", "OMENDB_HTTP_LISTEN", "http-listen", 0},
    {"http_max_connections", "OMENDB_HTTP_MAX_CONNECTIONS", "http-max-connections", 0},
    /* keep last: RECOVER_IGNORE_DAMAGE_FLAG */
    {"recover_ignore_damage", "OMENDB_RECOVER_IGNORE_DAMAGE", "recover-ignore-damage", 0},
};
#define N_SETTINGS                 ((int)(sizeof(SETTINGS) / sizeof(SETTINGS[0])))
#define RECOVER_IGNORE_DAMAGE_FLAG (N_SETTINGS - 1) /* takes no value on the command line */

static const char *LEVEL_NAMES[] = {"error", "warning", "info", "debug"};

const char *server_log_level_name(ServerLogLevel level)
{
    if ((int)level < 0 || (int)level > SERVER_LOG_DEBUG) return "info";
    return LEVEL_NAMES[level];
}

void server_config_defaults(ServerConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->port = SERVER_DEFAULT_PORT;
    snprintf(cfg->listen, sizeof(cfg->listen), "%s", SERVER_DEFAULT_LISTEN);
    snprintf(cfg->unix_socket_dirs, sizeof(cfg->unix_socket_dirs), "%s",
             SERVER_DEFAULT_UNIX_SOCKET_DIRS);
    snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", SERVER_DEFAULT_DATA);
    cfg->max_connections = SERVER_DEFAULT_MAX_CONNECTIONS;
    cfg->worker_spin_us = SERVER_DEFAULT_WORKER_SPIN_US;
    cfg->log_level = SERVER_LOG_INFO;
    cfg->max_message_size = (size_t)64 << 20;
    cfg->config_file[0] = '\0';
    cfg->wal_segment_size = 0;
    cfg->recover_ignore_damage = false;
    cfg->checkpoint_timeout_s = SERVER_DEFAULT_CHECKPOINT_TIMEOUT;
    cfg->max_wal_size = SERVER_DEFAULT_MAX_WAL_SIZE;
    cfg->auth_method = AUTH_METHOD_AUTO;
    cfg->auth_method_local = AUTH_METHOD_TRUST;
    cfg->ssl = false;
    snprintf(cfg->ssl_cert_file, sizeof(cfg->ssl_cert_file), "server.crt");
    snprintf(cfg->ssl_key_file, sizeof(cfg->ssl_key_file), "server.key");
    snprintf(cfg->ssl_min_protocol_version, sizeof(cfg->ssl_min_protocol_version), "TLSv1.2");
    cfg->http_port = SERVER_DEFAULT_HTTP_PORT;
    snprintf(cfg->http_listen, sizeof(cfg->http_listen), "%s", SERVER_DEFAULT_HTTP_LISTEN);
    cfg->http_max_connections = SERVER_DEFAULT_HTTP_MAX_CONNECTIONS;
}

static int parse_bool(const char *value, bool *out)
{
    if (!strcasecmp(value, "on") || !strcasecmp(value, "true") || !strcasecmp(value, "yes") ||
        !strcmp(value, "1"))
        *out = true;
    else if (!strcasecmp(value, "off") || !strcasecmp(value, "false") || !strcasecmp(value, "no") ||
             !strcmp(value, "0"))
        *out = false;
    else
        return -1;
    return 0;
}

/* Parses a whole decimal integer in [lo, hi]. */
static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* Parses a byte count with an optional unit: B, kB, MB, GB (powers of 1024). */
static int parse_bytes(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || s[0] == '-') return -1;
    while (*end == ' ') end++;
    unsigned long long mult = 1;
    if (*end == '\0' || strcasecmp(end, "B") == 0)
        mult = 1;
    else if (strcasecmp(end, "kB") == 0)
        mult = 1ULL << 10;
    else if (strcasecmp(end, "MB") == 0)
        mult = 1ULL << 20;
    else if (strcasecmp(end, "GB") == 0)
        mult = 1ULL << 30;
    else
        return -1;
    if (v > (1ULL << 30) / mult) return -1;
    *out = (size_t)(v * mult);
    return 0;
}

/* Lower-cases the key and maps '-' to '_' and PostgreSQL's names to ours. */
static const char *canonical_key(const char *key, char *buf, size_t cap)
{
    size_t n = 0;
    for (; key[n] && n + 1 < cap; n++) {
        char c = (char)tolower((unsigned char)key[n]);
        buf[n] = c == '-' ? '_' : c;
    }
    buf[n] = '\0';
    if (strcmp(buf, "listen_addresses") == 0) return "listen";
    if (strcmp(buf, "data_directory") == 0) return "data";
    return buf;
}

int server_config_set(ServerConfig *cfg, const char *key, const char *value, char *errbuf,
                      size_t errlen)
{
    char kbuf[64];
    const char *k = canonical_key(key, kbuf, sizeof(kbuf));
    long n;
    if (strcmp(k, "port") == 0) {
        if (parse_int(value, 1, 65535, &n) != 0) goto bad;
        cfg->port = (int)n;
    } else if (strcmp(k, "listen") == 0) {
        if (!value[0] || strlen(value) >= sizeof(cfg->listen)) goto bad;
        snprintf(cfg->listen, sizeof(cfg->listen), "%s", value);
    } else if (strcmp(k, "unix_socket_directories") == 0) {
        /* "" turns the Unix-domain sockets off, as in PostgreSQL */
        if (strlen(value) >= sizeof(cfg->unix_socket_dirs)) goto bad;
        snprintf(cfg->unix_socket_dirs, sizeof(cfg->unix_socket_dirs), "%s", value);
    } else if (strcmp(k, "data") == 0) {
        if (!value[0] || strlen(value) >= sizeof(cfg->data_dir)) goto bad;
        snprintf(cfg->data_dir, sizeof(cfg->data_dir), "%s", value);
    } else if (strcmp(k, "max_connections") == 0) {
        if (parse_int(value, 1, 100000, &n) != 0) goto bad;
        cfg->max_connections = (int)n;
    } else if (strcmp(k, "worker_threads") == 0) {
        if (parse_int(value, 0, 1024, &n) != 0) goto bad;
        cfg->worker_threads = (int)n;
    } else if (strcmp(k, "worker_spin_us") == 0) {
        if (strcasecmp(value, "auto") == 0) {
            cfg->worker_spin_us = SERVER_WORKER_SPIN_AUTO;
        } else {
            if (parse_int(value, 0, 10000, &n) != 0) goto bad;
            cfg->worker_spin_us = (int)n;
        }
    } else if (strcmp(k, "log_level") == 0) {
        int found = -1;
        for (int i = 0; i <= SERVER_LOG_DEBUG; i++)
            if (strcasecmp(value, LEVEL_NAMES[i]) == 0) found = i;
        if (found < 0) goto bad;
        cfg->log_level = (ServerLogLevel)found;
    } else if (strcmp(k, "max_message_size") == 0) {
        size_t bytes;
        if (parse_bytes(value, &bytes) != 0 || bytes < 1024) goto bad;
        cfg->max_message_size = bytes;
    } else if (strcmp(k, "wal_segment_size") == 0) {
        size_t bytes;
        if (parse_bytes(value, &bytes) != 0 || bytes < 65536 || bytes % 8 != 0) goto bad;
        cfg->wal_segment_size = bytes;
    } else if (strcmp(k, "checkpoint_timeout") == 0) {
        /* seconds, optionally with a unit as PostgreSQL writes it: 30s, 5min, 1h */
        char *end;
        errno = 0;
        long v = strtol(value, &end, 10);
        long mult = 1;
        if (errno || end == value || v < 0) goto bad;
        if (!strcmp(end, "min"))
            mult = 60;
        else if (!strcmp(end, "h"))
            mult = 3600;
        else if (strcmp(end, "s") != 0 && *end != '\0')
            goto bad;
        if (v > 86400 * 7 / mult) goto bad;
        cfg->checkpoint_timeout_s = (int)(v * mult);
    } else if (strcmp(k, "max_wal_size") == 0) {
        size_t bytes;
        if (parse_bytes(value, &bytes) != 0) goto bad;
        cfg->max_wal_size = bytes;
    } else if (strcmp(k, "http_port") == 0) {
        if (parse_int(value, 0, 65535, &n) != 0) goto bad; /* 0 = no HTTP API */
        cfg->http_port = (int)n;
    } else if (strcmp(k, "http_listen") == 0) {
        /* one address: libmicrohttpd serves one listening socket */
        if (!value[0] || strchr(value, ',') || strlen(value) >= sizeof(cfg->http_listen)) goto bad;
        snprintf(cfg->http_listen, sizeof(cfg->http_listen), "%s", value);
    } else if (strcmp(k, "http_max_connections") == 0) {
        if (parse_int(value, 1, 1024, &n) != 0) goto bad;
        cfg->http_max_connections = (int)n;
    } else if (strcmp(k, "recover_ignore_damage") == 0) {
        if (!strcasecmp(value, "on") || !strcasecmp(value, "true") || !strcmp(value, "1"))
            cfg->recover_ignore_damage = true;
        else if (!strcasecmp(value, "off") || !strcasecmp(value, "false") || !strcmp(value, "0"))
            cfg->recover_ignore_damage = false;
        else
            goto bad;
    } else if (strcmp(k, "auth_method") == 0 || strcmp(k, "auth_method_local") == 0) {
        bool local = strcmp(k, "auth_method_local") == 0;
        AuthMethod m;
        if (auth_method_parse(value, !local, &m) != 0) goto bad;
        *(local ? &cfg->auth_method_local : &cfg->auth_method) = (int)m;
    } else if (strcmp(k, "password_file") == 0) {
        if (strlen(value) >= sizeof(cfg->password_file)) goto bad;
        snprintf(cfg->password_file, sizeof(cfg->password_file), "%s", value);
    } else if (strcmp(k, "ssl") == 0) {
        if (parse_bool(value, &cfg->ssl) != 0) goto bad;
    } else if (strcmp(k, "ssl_cert_file") == 0 || strcmp(k, "ssl_key_file") == 0) {
        char *dst = k[4] == 'c' ? cfg->ssl_cert_file : cfg->ssl_key_file;
        if (!value[0] || strlen(value) >= sizeof(cfg->ssl_cert_file)) goto bad;
        snprintf(dst, sizeof(cfg->ssl_cert_file), "%s", value);
    } else if (strcmp(k, "ssl_min_protocol_version") == 0) {
        if (!wire_tls_protocol_valid(value) ||
            strlen(value) >= sizeof(cfg->ssl_min_protocol_version))
            goto bad;
        snprintf(cfg->ssl_min_protocol_version, sizeof(cfg->ssl_min_protocol_version), "%s", value);
    } else {
        snprintf(errbuf, errlen, "unrecognized configuration parameter \"%s\"", key);
        return -1;
    }
    return 0;
bad:
    snprintf(errbuf, errlen, "invalid value for parameter \"%s\": \"%s\"", k, value);
    return -1;
}

/* Applies a layer's value and prefixes any error with where it came from. */
static int set_from(ServerConfig *cfg, const char *key, const char *value, const char *origin,
                    char *errbuf, size_t errlen)
{
    char msg[512];
    if (server_config_set(cfg, key, value, msg, sizeof(msg)) == 0) return 0;
    snprintf(errbuf, errlen, "%s: %s", origin, msg);
    return -1;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1])) s[--n] = '\0';
    return s;
}

static int load_file(ServerConfig *cfg, const char *path, char *errbuf, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(errbuf, errlen, "could not open config file \"%s\": %s", path, strerror(errno));
        return -1;
    }
    char line[8192];
    int lineno = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof(line), f)) {
        lineno++;
        char origin[4200];
        snprintf(origin, sizeof(origin), "config file \"%s\", line %d", path, lineno);
        if (!strchr(line, '\n') && !feof(f)) {
            snprintf(errbuf, errlen, "%s: line too long", origin);
            rc = -1;
            break;
        }
        /* Cut the comment, minding quotes. */
        char quote = 0;
        for (char *p = line; *p; p++) {
            if (quote) {
                if (*p == quote) quote = 0;
            } else if (*p == '\'' || *p == '"') {
                quote = *p;
            } else if (*p == '#') {
                *p = '\0';
                break;
            }
        }
        char *s = trim(line);
        if (!*s) continue;
        char *key = s;
        char *p = s;
        while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.')) p++;
        if (p == key) {
            snprintf(errbuf, errlen, "%s: syntax error (expected key = value)", origin);
            rc = -1;
            break;
        }
        char *rest = p;
        while (isspace((unsigned char)*rest)) rest++;
        if (*rest == '=') rest++;
        *p = '\0';
        char *value = trim(rest);
        size_t vlen = strlen(value);
        if (vlen >= 2 && (value[0] == '\'' || value[0] == '"') && value[vlen - 1] == value[0]) {
            value[vlen - 1] = '\0';
            value++;
        } else if (vlen == 0 || value[0] == '\'' || value[0] == '"') {
            snprintf(errbuf, errlen, "%s: syntax error (expected key = value)", origin);
            rc = -1;
            break;
        }
        rc = set_from(cfg, key, value, origin, errbuf, errlen);
    }
    fclose(f);
    return rc;
}

int server_config_load(ServerConfig *cfg, int argc, char *const *argv, ServerGetenv getenv_fn,
                       char *errbuf, size_t errlen)
{
    const char *flag_value[N_SETTINGS] = {0};
    const char *config_flag = NULL;

    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        int which = -1; /* index into SETTINGS, N_SETTINGS for --config */
        bool inline_value = false;
        if (strncmp(arg, "--", 2) == 0) {
            const char *name = arg + 2;
            const char *eq = strchr(name, '=');
            size_t nlen = eq ? (size_t)(eq - name) : strlen(name);
            if (nlen == 6 && strncmp(name, "config", 6) == 0) which = N_SETTINGS;
            for (int s = 0; s < N_SETTINGS && which < 0; s++)
                if (strlen(SETTINGS[s].flag) == nlen && strncmp(name, SETTINGS[s].flag, nlen) == 0)
                    which = s;
            if (eq) {
                value = eq + 1;
                inline_value = true;
            }
        } else if (arg[0] == '-' && arg[1] && arg[1] != '-') {
            if (arg[1] == 'c') which = N_SETTINGS;
            for (int s = 0; s < N_SETTINGS && which < 0; s++)
                if (SETTINGS[s].short_flag == arg[1]) which = s;
            if (arg[2]) {
                value = arg + 2;
                inline_value = true;
            }
        } else {
            snprintf(errbuf, errlen, "unexpected argument \"%s\"", arg);
            return -1;
        }
        if (which < 0) {
            snprintf(errbuf, errlen, "unknown option \"%s\"", arg);
            return -1;
        }
        if (!inline_value && which == RECOVER_IGNORE_DAMAGE_FLAG) {
            value = "on"; /* a bare switch */
        } else if (!inline_value) {
            if (i + 1 >= argc) {
                snprintf(errbuf, errlen, "option \"%s\" requires a value", arg);
                return -1;
            }
            value = argv[++i];
        }
        if (which == N_SETTINGS)
            config_flag = value;
        else
            flag_value[which] = value;
    }

    server_config_defaults(cfg);
    const char *config_path = config_flag;
    if (!config_path) {
        const char *env = getenv_fn ? getenv_fn("OMENDB_CONFIG") : NULL;
        if (env && env[0]) config_path = env;
    }
    if (config_path) {
        if (strlen(config_path) >= sizeof(cfg->config_file)) {
            snprintf(errbuf, errlen, "config file path too long");
            return -1;
        }
        if (load_file(cfg, config_path, errbuf, errlen) != 0) return -1;
        snprintf(cfg->config_file, sizeof(cfg->config_file), "%s", config_path);
    }
    /* omendb's password: from the environment only (a flag would show in ps,
     * a config key invites committing it; password_file is the file form) */
    const char *password = getenv_fn ? getenv_fn("OMENDB_PASSWORD") : NULL;
    if (password && password[0]) {
        if (strlen(password) >= sizeof(cfg->password)) {
            snprintf(errbuf, errlen, "environment variable OMENDB_PASSWORD: value too long");
            return -1;
        }
        snprintf(cfg->password, sizeof(cfg->password), "%s", password);
    }
    for (int s = 0; s < N_SETTINGS && getenv_fn; s++) {
        const char *env = getenv_fn(SETTINGS[s].env);
        if (!env || !env[0]) continue;
        char origin[96];
        snprintf(origin, sizeof(origin), "environment variable %s", SETTINGS[s].env);
        if (set_from(cfg, SETTINGS[s].key, env, origin, errbuf, errlen) != 0) return -1;
    }
    for (int s = 0; s < N_SETTINGS; s++) {
        if (!flag_value[s]) continue;
        char origin[96];
        snprintf(origin, sizeof(origin), "option --%s", SETTINGS[s].flag);
        if (set_from(cfg, SETTINGS[s].key, flag_value[s], origin, errbuf, errlen) != 0) return -1;
    }
    return 0;
}
