/*
 * main.c — the omendb command line.
 *
 *   omendb serve [options]   run the server (see server_config.h, docs/server.md)
 *   omendb --help            usage
 *   omendb --version         version
 *
 * Exit status: 0 after a clean shutdown or for --help/--version, 1 when the
 * server could not start or stop cleanly, 2 for a command-line or
 * configuration error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/server.h"

static void usage(FILE *out)
{
    fprintf(
        out,
        "omendb is a PostgreSQL-compatible HTAP database server.\n"
        "\n"
        "Usage:\n"
        "  omendb serve [OPTION]...   run the server\n"
        "  omendb --help              show this help, then exit\n"
        "  omendb --version           show the version, then exit\n"
        "\n"
        "Options for serve:\n"
        "  -p, --port=PORT            TCP port to listen on (default %d)\n"
        "  -l, --listen=ADDRESSES     comma-separated addresses, \"*\" for all "
        "(default %s)\n"
        "  -k, --unix-socket-directories=DIRS\n"
        "                             directories for the Unix-domain socket .s.PGSQL.PORT,\n"
        "                             comma-separated, \"\" for none (default %s)\n"
        "  -D, --data=DIR             data directory (default %s)\n"
        "  -c, --config=FILE          read settings from FILE (key = value lines)\n"
        "      --max-connections=N    most concurrent sessions (default %d)\n"
        "      --worker-threads=N     threads serving connections while idle\n"
        "                             (default one per CPU, at least 2; more start when\n"
        "                             all are blocked)\n"
        "      --worker-spin-us=US    how long an idle worker polls for the next message\n"
        "                             before it sleeps, 0 = never, auto = 50 while\n"
        "                             measured to pay (default auto)\n"
        "      --log-level=LEVEL      error, warning, info or debug (default info)\n"
        "      --max-message-size=SZ  largest protocol message, e.g. 64MB (default 64MB)\n"
        "      --checkpoint-timeout=T time between automatic checkpoints (default 5min)\n"
        "      --max-wal-size=SZ      log volume between automatic checkpoints (default 1GB)\n"
        "      --auth-method=M        TCP logins: auto, trust, password or scram-sha-256\n"
        "                             (default auto: trust from loopback, else scram)\n"
        "      --auth-method-local=M  Unix-socket logins (default trust)\n"
        "      --password-file=FILE   password (or SCRAM verifier) of user omendb;\n"
        "                             OMENDB_PASSWORD in the environment does the same\n"
        "      --ssl=on|off           TLS (default off); --ssl-cert-file, --ssl-key-file\n"
        "                             (default server.crt, server.key in the data dir)\n"
        "      --http-port=PORT       HTTP API port (health, metrics, queries, console),\n"
        "                             0 = off (default %d)\n"
        "      --http-listen=ADDRESS  one address for the HTTP API, \"*\" for all (default %s)\n"
        "      --http-max-connections=N  concurrent HTTP connections (default %d)\n"
        "\n"
        "Every option can also be set in the config file (port, listen, data,\n"
        "max_connections, log_level, max_message_size) or in the environment\n"
        "(OMENDB_PORT, OMENDB_LISTEN, OMENDB_DATA, OMENDB_MAX_CONNECTIONS,\n"
        "OMENDB_LOG_LEVEL, OMENDB_MAX_MESSAGE_SIZE; OMENDB_CONFIG names the file).\n"
        "Precedence: option > environment > config file > default.\n"
        "\n"
        "SIGINT or SIGTERM shut the server down cleanly.\n"
        "Connect with: psql -p %d -U omendb omendb (add -h 127.0.0.1 for TCP)\n",
        SERVER_DEFAULT_PORT, SERVER_DEFAULT_LISTEN, SERVER_DEFAULT_UNIX_SOCKET_DIRS,
        SERVER_DEFAULT_DATA, SERVER_DEFAULT_MAX_CONNECTIONS, SERVER_DEFAULT_HTTP_PORT,
        SERVER_DEFAULT_HTTP_LISTEN, SERVER_DEFAULT_HTTP_MAX_CONNECTIONS, SERVER_DEFAULT_PORT);
}

static const char *env_lookup(const char *name)
{
    return getenv(name);
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "-?") == 0 ||
           strcmp(arg, "help") == 0;
}

static bool is_version(const char *arg)
{
    return strcmp(arg, "--version") == 0 || strcmp(arg, "-V") == 0 || strcmp(arg, "version") == 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (is_help(argv[1])) {
        usage(stdout);
        return 0;
    }
    if (is_version(argv[1])) {
        printf("%s\n", SERVER_VERSION_STRING);
        return 0;
    }
    if (strcmp(argv[1], "serve") != 0) {
        fprintf(stderr, "omendb: unknown command \"%s\"\nTry \"omendb --help\".\n", argv[1]);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (is_help(argv[i])) {
            usage(stdout);
            return 0;
        }
        if (is_version(argv[i])) {
            printf("%s\n", SERVER_VERSION_STRING);
            return 0;
        }
    }
    ServerConfig cfg;
    char err[1024];
    if (server_config_load(&cfg, argc - 2, argv + 2, env_lookup, err, sizeof(err)) != 0) {
        fprintf(stderr, "omendb: %s\nTry \"omendb --help\".\n", err);
        return 2;
    }
    return server_run(&cfg);
}
