/*
 * sql_extension.c — CREATE EXTENSION and DROP EXTENSION.
 *
 * OmenDB has no loadable extensions. The one every PostgreSQL database has
 * from initdb, plpgsql, is listed (pg_extension, pg_available_extensions,
 * pg_language) so that what schema loaders send first (Rails' schema.rb:
 * `CREATE EXTENSION IF NOT EXISTS "plpgsql"`) behaves as in PostgreSQL;
 * functions in it, as in any language, cannot be created (CREATE FUNCTION is
 * not supported). Any other extension is 0A000 "is not available", as
 * PostgreSQL answers for one that is not installed; nothing is ever created
 * or dropped, so nothing here is logged or changes the catalog.
 */
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) return sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

static bool is_builtin(const char *name)
{
    return strcmp(name, "plpgsql") == 0;
}

int sql_run_create_extension(StmtCtx *sc, PgQuery__CreateExtensionStmt *st)
{
    const char *name = st->extname ? st->extname : "";
    if (!is_builtin(name)) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "extension \"%s\" is not available", name);
        error_detail(sc->err, "OmenDB has no extensions besides plpgsql.");
        if (strcmp(name, "pgcrypto") == 0 || strcmp(name, "uuid-ossp") == 0)
            error_hint(sc->err, "gen_random_uuid() is built in, as in PostgreSQL 13 and later.");
        return -1;
    }
    if (!st->if_not_exists)
        return ERR(sc->err, SQLSTATE_DUPLICATE_OBJECT, "extension \"%s\" already exists", name);
    char msg[128];
    snprintf(msg, sizeof(msg), "extension \"%s\" already exists, skipping", name);
    sql_notice(sc, SQLSTATE_DUPLICATE_OBJECT, msg);
    return complete(sc, "CREATE EXTENSION");
}

int sql_run_drop_extension(StmtCtx *sc, PgQuery__DropStmt *st)
{
    /* check all first: a failed DROP leaves nothing changed */
    for (size_t i = 0; i < st->n_objects; i++) {
        const char *name = pgq_str(st->objects[i]);
        if (!name) name = "";
        if (is_builtin(name))
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "extension \"%s\" cannot be dropped in OmenDB", name);
        if (!st->missing_ok)
            return ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "extension \"%s\" does not exist", name);
    }
    for (size_t i = 0; i < st->n_objects; i++) {
        const char *name = pgq_str(st->objects[i]);
        char msg[128];
        snprintf(msg, sizeof(msg), "extension \"%s\" does not exist, skipping", name ? name : "");
        sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
    }
    return complete(sc, "DROP EXTENSION");
}
