/*
 * sql_fkey_deferred.c — deferred FOREIGN KEY checks as a session sees them:
 * SET CONSTRAINTS, the checks that run at COMMIT, and the transaction events
 * (end, ROLLBACK TO, RELEASE) the state follows. The state itself and its
 * rules are exec/fk_deferred.h's; the session keeps one (s->fk_deferred,
 * created when a deferrable key is first written or SET CONSTRAINTS runs).
 *
 * COMMIT runs every pending check before the transaction commits (before the
 * temporary tables' ON COMMIT actions, as PostgreSQL fires deferred triggers
 * first); a failure rolls the transaction back and the COMMIT (or the
 * autocommit statement, or the implicit transaction of a multi-statement
 * Query) reports it. The checks take the catalog lock shared, as a statement
 * does, and wait for rows of running transactions as immediate checks do.
 */
#include "sql/sql_fkey_deferred.h"

#include <stdio.h>
#include <string.h>

#include "exec/fk_deferred.h"

FkDeferred *fk_deferred_of(ExecState *es)
{
    SqlSession *s = es->session;
    if (!s) return NULL;
    if (!s->fk_deferred) s->fk_deferred = fk_deferred_create();
    fk_deferred_set_level(s->fk_deferred, s->nsavepoints);
    return s->fk_deferred;
}

int sql_fkey_deferred_commit(SqlSession *s, OmError *err)
{
    if (!s->txn || !fk_deferred_pending(s->fk_deferred)) return 0;
    Arena *arena = arena_create(s->arena, "deferred foreign keys");
    if (!arena) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    ExecState es;
    sql_exec_state_init(&es, s, arena, err);
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    int rc = fk_deferred_run(&es, s->fk_deferred, true);
    catalog_unlock(cat);
    arena_destroy(arena);
    return rc;
}

void sql_fkey_deferred_end(SqlSession *s)
{
    fk_deferred_reset(s->fk_deferred);
}

void sql_fkey_deferred_rollback_to(SqlSession *s, int i)
{
    fk_deferred_rollback_to(s->fk_deferred, i);
}

void sql_fkey_deferred_release(SqlSession *s, int i)
{
    fk_deferred_release(s->fk_deferred, i);
}

void sql_fkey_deferred_destroy(SqlSession *s)
{
    fk_deferred_destroy(s->fk_deferred);
    s->fk_deferred = NULL;
}

/* Collects into oids the deferrable constraints called `name` in `schema`;
 * *found when any constraint has that name. Naming a constraint that cannot
 * be deferred is an error only for DEFERRED (as PostgreSQL). */
static int collect(StmtCtx *sc, Catalog *cat, const CatSchema *schema, const char *name,
                   bool deferred, Oid *oids, int *n, int cap, bool *found)
{
    int nt = catalog_table_count(cat);
    for (int i = 0; i < nt; i++) {
        const CatTable *t = catalog_table_at(cat, i);
        if (t->schema != schema) continue;
        bool fixed = false;
        for (int c = 0; c < t->ncons; c++)
            fixed |= t->cons[c].kind != CONSTR_INDEX && strcmp(t->cons[c].name, name) == 0;
        for (int c = 0; c < t->nchecks; c++) fixed |= strcmp(t->checks[c].name, name) == 0;
        for (int k = 0; k < t->nfkeys; k++) {
            const CatForeignKey *fk = &t->fkeys[k];
            if (strcmp(fk->name, name) != 0) continue;
            *found = true;
            if (!fk->deferrable) {
                fixed = true;
                continue;
            }
            if (*n == cap)
                return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                           "too many constraints named in SET CONSTRAINTS");
            oids[(*n)++] = fk->oid;
        }
        if (fixed) {
            *found = true;
            if (deferred)
                return ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE,
                           "constraint \"%s\" is not deferrable", name);
        }
    }
    return 0;
}

int sql_run_set_constraints(StmtCtx *sc, PgQuery__ConstraintsSetStmt *st)
{
    SqlSession *s = sc->session;
    if (!s->in_block)
        sql_warning(sc, SQLSTATE_NO_ACTIVE_SQL_TRANSACTION,
                    "SET CONSTRAINTS can only be used in transaction blocks");
    if (!s->fk_deferred && !(s->fk_deferred = fk_deferred_create()))
        return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    FkDeferred *d = s->fk_deferred;
    fk_deferred_set_level(d, s->nsavepoints);
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    int rc = 0;
    if (st->n_constraints == 0) {
        rc = fk_deferred_set_mode(d, 0, st->deferred, sc->err);
    } else {
        enum { CAP = 1024 };
        Oid *oids = ARENA_NEW_ARRAY(sc->arena, Oid, CAP);
        int n = 0;
        const char *path = s->settings.search_path;
        for (size_t i = 0; i < st->n_constraints && rc == 0; i++) {
            PgQuery__Node *node = st->constraints[i];
            if (node->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) continue;
            PgQuery__RangeVar *rv = node->range_var;
            if (rv->catalogname && rv->catalogname[0] && strcmp(rv->catalogname, s->database)) {
                rc = ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                         "cross-database references are not implemented: \"%s.%s.%s\"",
                         rv->catalogname, rv->schemaname, rv->relname);
                break;
            }
            CatSchema *schemas[40];
            int ns;
            if (rv->schemaname && rv->schemaname[0]) {
                schemas[0] = catalog_schema_resolve(cat, rv->schemaname, path);
                if (!schemas[0]) {
                    rc = ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                             rv->schemaname);
                    break;
                }
                ns = 1;
            } else {
                ns = catalog_search_schemas(cat, path, schemas, 40);
            }
            bool found = false;
            for (int k = 0; k < ns && !found && rc == 0; k++)
                rc = collect(sc, cat, schemas[k], rv->relname, st->deferred, oids, &n, CAP, &found);
            if (rc == 0 && !found)
                rc = ERR(sc->err, SQLSTATE_UNDEFINED_OBJECT, "constraint \"%s\" does not exist",
                         rv->relname);
        }
        for (int k = 0; k < n && rc == 0; k++)
            rc = fk_deferred_set_mode(d, oids[k], st->deferred, sc->err);
    }
    if (rc == 0 && !st->deferred && fk_deferred_pending(d) && s->txn) {
        /* checks of the keys that are IMMEDIATE now run at once */
        ExecState es;
        sql_exec_state_init(&es, s, sc->arena, sc->err);
        rc = fk_deferred_run(&es, d, false);
    }
    catalog_unlock(cat);
    if (rc != 0) return -1;
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, "SET CONSTRAINTS");
    return 0;
}
