/*
 * server_config.h — the server's settings and where they come from.
 *
 * Every setting has one name used in four places:
 *
 *   config file key   environment variable       flag
 *   port              OMENDB_PORT                --port N, -p N
 *   listen            OMENDB_LISTEN              --listen ADDRS, -l ADDRS
 *   unix_socket_directories OMENDB_UNIX_SOCKET_DIRECTORIES --unix-socket-directories DIRS, -k DIRS
 *   data              OMENDB_DATA                --data DIR, -D DIR
 *   max_connections   OMENDB_MAX_CONNECTIONS     --max-connections N
 *   worker_threads    OMENDB_WORKER_THREADS      --worker-threads N (0 = one per CPU, at least 2)
 *   worker_spin_us    OMENDB_WORKER_SPIN_US      --worker-spin-us auto|MICROSECONDS (0 = off)
 *   log_level         OMENDB_LOG_LEVEL           --log-level LEVEL
 *   max_message_size  OMENDB_MAX_MESSAGE_SIZE    --max-message-size BYTES
 *   wal_segment_size  OMENDB_WAL_SEGMENT_SIZE    --wal-segment-size BYTES
 *   checkpoint_timeout OMENDB_CHECKPOINT_TIMEOUT --checkpoint-timeout SECONDS (0 = off)
 *   max_wal_size      OMENDB_MAX_WAL_SIZE        --max-wal-size BYTES (0 = off)
 *   recover_ignore_damage OMENDB_RECOVER_IGNORE_DAMAGE --recover-ignore-damage (no value)
 *   auth_method       OMENDB_AUTH_METHOD         --auth-method auto|trust|password|scram-sha-256
 *                                                (TCP; auto = trust from loopback, scram-sha-256
 *                                                from other addresses)
 *   auth_method_local OMENDB_AUTH_METHOD_LOCAL   --auth-method-local trust|password|scram-sha-256
 *                                                (Unix-domain sockets; default trust)
 *   password_file     OMENDB_PASSWORD_FILE       --password-file FILE (omendb's password or
 *                                                SCRAM verifier; relative to the data directory)
 *   (no key, no flag) OMENDB_PASSWORD            omendb's password or verifier (docs/auth.md)
 *   ssl               OMENDB_SSL                 --ssl on|off (default off)
 *   ssl_cert_file     OMENDB_SSL_CERT_FILE       --ssl-cert-file FILE (default server.crt)
 *   ssl_key_file      OMENDB_SSL_KEY_FILE        --ssl-key-file FILE (default server.key)
 *   ssl_min_protocol_version OMENDB_SSL_MIN_PROTOCOL_VERSION --ssl-min-protocol-version V
 *                                                (TLSv1.2 by default)
 *   http_port         OMENDB_HTTP_PORT           --http-port N (0 = no HTTP API)
 *   http_listen       OMENDB_HTTP_LISTEN         --http-listen ADDR (one address; "*" = all)
 *   http_max_connections OMENDB_HTTP_MAX_CONNECTIONS --http-max-connections N
 *   (the file itself) OMENDB_CONFIG              --config FILE, -c FILE
 *
 * Precedence: flag > environment > config file > built-in default. The file
 * holds `key = value` lines; `#` starts a comment; values may be quoted with
 * '...' or "..."; keys are case-insensitive and `-` equals `_`
 * (listen_addresses and data_directory are accepted as PostgreSQL's names).
 * An unknown key, a bad value, or a missing file named explicitly is an error:
 * a typo must not silently start a server with defaults.
 */
#ifndef OMENDB_SERVER_SERVER_CONFIG_H
#define OMENDB_SERVER_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define SERVER_DEFAULT_PORT   5433
#define SERVER_DEFAULT_LISTEN "127.0.0.1"
/* Debian's libpq looks in /var/run/postgresql when no host is given; upstream's
 * default is /tmp. A directory that cannot hold a socket is skipped. */
#define SERVER_DEFAULT_UNIX_SOCKET_DIRS "/var/run/postgresql,/tmp"
#define SERVER_DEFAULT_DATA             "./omendb-data"
#define SERVER_DEFAULT_MAX_CONNECTIONS  500
#define SERVER_WORKER_SPIN_AUTO         (-1) /* worker_spin_us = auto: trials decide */
#define SERVER_DEFAULT_WORKER_SPIN_US   SERVER_WORKER_SPIN_AUTO

typedef enum ServerLogLevel {
    SERVER_LOG_ERROR = 0,
    SERVER_LOG_WARNING,
    SERVER_LOG_INFO,
    SERVER_LOG_DEBUG
} ServerLogLevel;

typedef struct ServerConfig {
    int port;
    char listen[256];           /* comma-separated host names or addresses; "*" = all */
    char unix_socket_dirs[512]; /* comma-separated directories for .s.PGSQL.PORT; "" = none */
    char data_dir[4096];
    int max_connections;
    int worker_threads; /* workers kept while idle (server_workers.c); 0 = default */
    int worker_spin_us; /* how long an idle worker polls before it sleeps; 0 = never, -1 = auto */
    ServerLogLevel log_level;
    size_t max_message_size;    /* bytes; protocol messages above are 08P01 */
    char config_file[4096];     /* "" when none was used */
    size_t wal_segment_size;    /* new WAL segments; 0 = the WAL's default (64 MB) */
    bool recover_ignore_damage; /* start even if the WAL is damaged before its end */
    int checkpoint_timeout_s;   /* automatic checkpoint after this many seconds; 0 = off */
    size_t max_wal_size;        /* automatic checkpoint after this much log; 0 = off */
    /* authentication and TLS (src/wire/auth.h, wire_tls.h; docs/auth.md) */
    int auth_method;          /* AuthMethod for TCP; default AUTH_METHOD_AUTO */
    int auth_method_local;    /* AuthMethod for Unix-domain sockets; default trust */
    char password_file[4096]; /* "" = none; relative paths are under data_dir */
    char password[1024];      /* OMENDB_PASSWORD (environment only); "" = none */
    bool ssl;                 /* answer SSLRequest with 'S' */
    char ssl_cert_file[4096]; /* relative paths are under data_dir */
    char ssl_key_file[4096];
    char ssl_min_protocol_version[16];
    /* The HTTP API (src/http, docs/http.md). Its connections are not counted
     * against max_connections. */
    int http_port;            /* 0 = off */
    char http_listen[256];    /* one host name or address; "*" = all */
    int http_max_connections; /* concurrent HTTP connections (one thread each) */
} ServerConfig;

#define SERVER_DEFAULT_CHECKPOINT_TIMEOUT 300               /* PostgreSQL's 5min */
#define SERVER_DEFAULT_MAX_WAL_SIZE       ((size_t)1 << 30) /* PostgreSQL's 1GB */

#define SERVER_DEFAULT_HTTP_PORT            8080
#define SERVER_DEFAULT_HTTP_LISTEN          "127.0.0.1"
#define SERVER_DEFAULT_HTTP_MAX_CONNECTIONS 16

/* Reads an environment variable (getenv in the server, a table in tests). */
typedef const char *(*ServerGetenv)(const char *name);

/* Fills the built-in defaults. */
void server_config_defaults(ServerConfig *cfg);
/* Resolves the configuration from the `serve` arguments (argv[0..argc), the
 * words after "serve"), the environment and the config file, in that order of
 * precedence. Returns 0, or -1 with a one-line message in errbuf (no
 * trailing newline) for an unknown flag or key, a bad value, or an unreadable
 * config file. */
int server_config_load(ServerConfig *cfg, int argc, char *const *argv, ServerGetenv getenv_fn,
                       char *errbuf, size_t errlen);
/* Sets one setting by its file key (e.g. "port", "log_level") from text.
 * Returns 0, or -1 with a message in errbuf. */
int server_config_set(ServerConfig *cfg, const char *key, const char *value, char *errbuf,
                      size_t errlen);
/* Name of a log level ("error", "warning", "info", "debug"). */
const char *server_log_level_name(ServerLogLevel level);

#endif
