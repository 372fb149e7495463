/*
 * sql_role.c — ALTER ROLE / ALTER USER ... PASSWORD, and the role password
 * that pg_authid shows.
 *
 * The engine keeps no passwords: the server installs SqlAuth on the Database
 * (sql_database_set_auth) and the work happens behind it (src/wire/auth.h:
 * hashing, the verifier file DATA/auth_verifier). The statement is therefore
 * not part of the write-ahead log (sql_wal_is_ddl leaves it out: the log
 * would keep a plaintext password forever) and takes effect at once, outside
 * the transaction, as PostgreSQL's pg_authid update would once committed.
 * Only the PASSWORD option is supported; the one role is omendb.
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"

void sql_database_set_auth(Database *db, const SqlAuth *auth)
{
    if (auth)
        db->auth = *auth;
    else
        memset(&db->auth, 0, sizeof db->auth);
}

static bool role_password(void *session, const char *role, char *buf, size_t cap)
{
    const SqlSession *s = session;
    const SqlAuth *a = &s->db->auth;
    return a->get_verifier ? a->get_verifier(a->ctx, role, buf, cap) : false;
}

void sql_role_views_init(SqlSession *s)
{
    s->settings.views.role_password = role_password;
}

int sql_role_oid(StmtCtx *sc, const PgQuery__RoleSpec *spec, Oid *oid)
{
    const char *name = NULL;
    switch (spec ? spec->roletype : PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
        name = spec->rolename;
        break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
        name = sc->session->user;
        break;
    default:
        name = "public";
        break;
    }
    if ((*oid = catalog_role_by_name(name)) != 0) return 0;
    return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "role \"%s\" does not exist", name ? name : "");
}

int sql_run_alter_role(StmtCtx *sc, PgQuery__AlterRoleStmt *stmt)
{
    const char *role = NULL;
    PgQuery__RoleSpec *spec = stmt->role;
    if (!spec) return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "ALTER ROLE without a role");
    switch (spec->roletype) {
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CSTRING:
        role = spec->rolename;
        break;
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
    case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
        role = sc->session->user;
        break;
    default:
        return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "role \"public\" does not exist");
    }
    const char *password = NULL;
    bool has_password = false;
    for (size_t i = 0; i < stmt->n_options; i++) {
        PgQuery__Node *n = stmt->options[i];
        if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
            return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "unexpected ALTER ROLE option");
        PgQuery__DefElem *d = n->def_elem;
        if (strcmp(d->defname, "password") != 0)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "ALTER ROLE option \"%s\" is not supported", d->defname);
        if (has_password)
            return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
        has_password = true;
        if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
            password = d->arg->string->sval;
        else if (d->arg)
            return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "invalid password");
    }
    if (!has_password)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "only ALTER ROLE ... PASSWORD is supported");
    const SqlAuth *a = &sc->session->db->auth;
    if (!a->set_password)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "passwords are not supported by this server");
    if (a->set_password(a->ctx, role, password, sc->err) != 0) return -1;
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "ALTER ROLE");
    return 0;
}
