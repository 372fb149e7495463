/*
 * server_auth.c — authentication and TLS at server start (docs/auth.md):
 * sets up the password store of src/wire/auth.h from the settings, creates
 * the TLS context when ssl = on, warns about a configuration that lets
 * anyone in (or no one), and installs the engine's hooks for ALTER ROLE ...
 * PASSWORD, pg_authid.rolpassword and SHOW ssl.
 *
 * Kept apart from server.c so that the lifecycle there only calls
 * server_auth_start / server_auth_attach / wire_tls_destroy.
 */
#include <stdio.h>
#include <string.h>

#include "server/server_int.h"
#include "wire/auth.h"
#include "wire/wire_tls.h"

int server_auth_start(const ServerConfig *cfg, WireTls **tls)
{
    *tls = NULL;
    AuthSettings as = {
        .method = (AuthMethod)cfg->auth_method,
        .method_local = (AuthMethod)cfg->auth_method_local,
        .data_dir = cfg->data_dir,
        .password_file = cfg->password_file,
        .password = cfg->password,
    };
    const char *source = "none";
    char err[4600];
    if (auth_setup(&as, &source, err, sizeof err) != 0) {
        fprintf(stderr, "omendb: %s\n", err);
        return -1;
    }
    server_log(SERVER_LOG_INFO,
               "authentication: auth_method = %s (TCP), auth_method_local = %s; password of "
               "omendb: %s",
               auth_method_name(as.method), auth_method_name(as.method_local), source);
    if (cfg->ssl) {
        WireTlsSettings ts = {.cert_file = cfg->ssl_cert_file,
                              .key_file = cfg->ssl_key_file,
                              .data_dir = cfg->data_dir,
                              .min_protocol = cfg->ssl_min_protocol_version};
        *tls = wire_tls_create(&ts, err, sizeof err);
        if (!*tls) {
            fprintf(stderr, "omendb: ssl = on: %s\n", err);
            return -1;
        }
        server_log(SERVER_LOG_INFO, "TLS on (minimum %s)", cfg->ssl_min_protocol_version);
    }
    bool remote = auth_listen_is_remote(cfg->listen);
    if (remote && as.method == AUTH_METHOD_TRUST)
        server_log(SERVER_LOG_WARNING,
                   "listen = \"%s\" includes non-loopback addresses and auth_method = trust: "
                   "anyone who reaches port %d can log in without a password",
                   cfg->listen, cfg->port);
    bool tcp_needs = as.method == AUTH_METHOD_PASSWORD || as.method == AUTH_METHOD_SCRAM ||
                     (as.method == AUTH_METHOD_AUTO && remote);
    bool local_needs =
        as.method_local == AUTH_METHOD_PASSWORD || as.method_local == AUTH_METHOD_SCRAM;
    if ((tcp_needs || local_needs) && !auth_get_verifier(AUTH_SUPERUSER, err, sizeof err))
        server_log(SERVER_LOG_WARNING,
                   "no password is set for omendb, so password logins%s fail; set "
                   "OMENDB_PASSWORD or password_file, or ALTER ROLE omendb PASSWORD over a "
                   "trusted connection",
                   as.method == AUTH_METHOD_AUTO && !local_needs ? " from other hosts" : "");
    return 0;
}

static int set_password(void *ctx, const char *role, const char *value, OmError *err)
{
    (void)ctx;
    int rc = auth_set_password(role, value, err);
    if (rc == 0)
        server_log(SERVER_LOG_INFO, "password of role \"%s\" %s", role,
                   value && value[0] ? "changed" : "removed");
    return rc;
}

static bool get_verifier(void *ctx, const char *role, char *buf, size_t cap)
{
    (void)ctx;
    return auth_get_verifier(role, buf, cap);
}

void server_auth_attach(Database *db, const ServerConfig *cfg)
{
    SqlAuth a = {.set_password = set_password, .get_verifier = get_verifier, .ssl = cfg->ssl};
    sql_database_set_auth(db, &a);
}
