/*
 * sql_prepare.c — prepared statements, their cached plans, and portals: the
 * engine side of the extended query protocol and of SQL PREPARE/EXECUTE.
 *
 * A query (SELECT/VALUES) is bound once with its parameters as EXPR_PARAM
 * nodes (types given by the client or inferred by the binder; the rest text)
 * and planned once; the plan is cached on the statement and reused by every
 * portal while catalog_version() and search_path match what it was made
 * under, so `SELECT ... WHERE pk = $1` goes straight to the primary-key index
 * with the key read from the parameter at execution (plan_access.c). Other
 * statements keep their parse tree and are re-bound per execution with the
 * values as constants (text values as untyped literals unless the client
 * named the type).
 *
 * A portal runs its plan incrementally: Execute with a row limit sends that
 * many rows and keeps the operator tree and the partly sent chunk for the next
 * Execute. Object layout, reference counts and the locking rule are in
 * sql_prepare_int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog/sysview.h"
#include "catalog/type_io.h"
#include "exec/func_registry.h"
#include "plan/planner.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_wal.h"
#include "sql/session_guc.h"
#include "sql/sql_prepare_int.h"
#include "sql/sql_prepare_walk.h"

static PrepState *prep_state(SqlSession *s)
{
    if (!s->prep) s->prep = ARENA_NEW(s->arena, PrepState);
    return s->prep;
}

/* ---- reference counting ---- */

static void plan_unref(CachedPlan *cp)
{
    if (!cp || --cp->refs > 0) return;
    for (int i = 0; i < cp->ntemp; i++) sysview_close(cp->temp_tables[i]);
    arena_destroy(cp->arena);
}

static void prepared_unref(SqlPrepared *ps)
{
    if (--ps->refs > 0) return;
    plan_unref(ps->plan);
    if (ps->tree) pg_query__parse_result__free_unpacked(ps->tree, NULL);
    arena_destroy(ps->arena);
}

/* ---- planning ---- */

static bool same_type(OmType a, OmType b)
{
    return a.id == b.id && a.typmod == b.typmod;
}

/* Records the parameter types and result columns of the first plan, or checks
 * that a re-plan kept the result columns. */
static int publish_shape(SqlPrepared *ps, const Binder *b, const PlanNode *plan, OmError *err)
{
    if (ps->plan_count > 0) {
        if (plan->ncols != ps->ncols)
            return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "cached plan must not change result type");
        for (int i = 0; i < plan->ncols; i++)
            if (!same_type(plan->types[i], ps->cols[i].type))
                return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "cached plan must not change result type");
        return 0;
    }
    int n = b->nparam_types;
    OmType *types = ARENA_NEW_ARRAY(ps->arena, OmType, n > 0 ? n : 1);
    bool *given = ARENA_NEW_ARRAY(ps->arena, bool, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        types[i] = b->param_types[i];
        given[i] = i < ps->nparams && ps->param_given[i];
    }
    ps->nparams = n;
    ps->param_types = types;
    ps->param_given = given;
    ps->ncols = plan->ncols;
    ps->cols = ARENA_NEW_ARRAY(ps->arena, ResultColumn, plan->ncols > 0 ? plan->ncols : 1);
    for (int i = 0; i < plan->ncols; i++) {
        ps->cols[i].name = arena_strdup(ps->arena, plan->names ? plan->names[i] : "?column?");
        ps->cols[i].type = plan->types[i];
        if (plan->src_oids) {
            ps->cols[i].table_oid = plan->src_oids[i];
            ps->cols[i].attnum = plan->src_attnums[i];
        }
    }
    return 0;
}

/* A parameter no context typed is text, as for an untyped literal; one that
 * is never referenced and has no type from the client is 42P18, as in
 * PostgreSQL. */
static int resolve_untyped(const SqlPrepared *ps, OmType *types, int n, OmError *err)
{
    for (int i = 0; i < n; i++) {
        if (types[i].id != TYPE_UNKNOWN) continue;
        if (i >= ps->n_used || !ps->param_used[i])
            return ERR(err, SQLSTATE_INDETERMINATE_DATATYPE,
                       "could not determine data type of parameter $%d", i + 1);
        types[i] = OM_TYPE(TYPE_TEXT);
    }
    return 0;
}

/* Binds and plans a PREP_QUERY or PREP_MODIFY. The caller holds the catalog
 * lock (shared). Returns a plan with one reference for the caller. */
static CachedPlan *make_plan(SqlSession *s, SqlPrepared *ps, OmError *err)
{
    Arena *arena = arena_create(ps->arena, "cached plan");
    CachedPlan *cp = ARENA_NEW(arena, CachedPlan);
    cp->arena = arena;
    StmtCtx sc;
    sql_plan_ctx_init(&sc, s, arena, err, ps->text);
    Binder *b = &sc.binder;
    b->param_cap = ps->nparams > 0 ? ps->nparams : 1;
    b->param_types = ARENA_NEW_ARRAY(arena, OmType, b->param_cap);
    b->nparam_types = ps->nparams;
    for (int i = 0; i < ps->nparams; i++) b->param_types[i] = ps->param_types[i];
    int rc = sql_plan_stmt(&sc, ps->stmt, &cp->sp);
    ps->param_typmod_read |= b->param_typmod_read;
    cp->temp_tables = b->temp_tables;
    cp->ntemp = b->ntemp;
    cp->calls_pl = b->calls_pl;
    if (rc != 0) goto fail;
    if (resolve_untyped(ps, b->param_types, b->nparam_types, err) != 0) goto fail;
    cp->plan = cp->sp.top;
    if (ps->kind == PREP_QUERY) {
        if (publish_shape(ps, b, cp->plan, err) != 0) goto fail;
    } else if (ps->plan_count == 0) {
        /* result columns (RETURNING) come from describe_other; the types of
         * the parameters from this binding */
        for (int i = 0; i < ps->nparams && i < b->nparam_types; i++)
            ps->param_types[i] = b->param_types[i];
    }
    cp->catalog_version = catalog_version(s->db->catalog);
    snprintf(cp->search_path, sizeof(cp->search_path), "%s", s->settings.search_path);
    cp->tz_offset_secs = s->settings.tz_offset_secs;
    cp->tz_zone = s->settings.tz_zone;
    cp->dateorder = s->settings.dateorder;
    cp->planner = s->settings.planner;
    cp->refs = 1;
    ps->plan_count++;
    return cp;
fail:
    for (int i = 0; i < cp->ntemp; i++) sysview_close(cp->temp_tables[i]);
    arena_destroy(arena);
    return NULL;
}

/* The statement's plan, re-planned if the catalog or search_path changed
 * since. The caller holds the catalog lock (shared) and one reference. */
static bool plan_is_current(SqlSession *s, const CachedPlan *cp)
{
    return cp && cp->catalog_version == catalog_version(s->db->catalog) &&
           strcmp(cp->search_path, s->settings.search_path) == 0 &&
           cp->tz_offset_secs == s->settings.tz_offset_secs && cp->tz_zone == s->settings.tz_zone &&
           cp->dateorder == s->settings.dateorder &&
           memcmp(&cp->planner, &s->settings.planner, sizeof(cp->planner)) == 0;
}

bool sql_prepared_plan_current(SqlSession *s, const SqlPrepared *ps)
{
    return plan_is_current(s, ps->plan);
}

static CachedPlan *current_plan(SqlSession *s, SqlPrepared *ps, OmError *err)
{
    CachedPlan *cp = ps->plan;
    if (plan_is_current(s, cp)) {
        cp->refs++;
        ps->exec_count++;
        return cp;
    }
    cp = make_plan(s, ps, err);
    if (!cp) return NULL;
    ps->exec_count++;
    if (cp->ntemp == 0) { /* plans over materialised system views are single-use */
        plan_unref(ps->plan);
        ps->plan = cp;
        cp->refs++;
    }
    return cp;
}

/* ---- statements ---- */

SqlPrepared *sql_prepared_find(SqlSession *s, const char *name)
{
    for (SqlPrepared *ps = prep_state(s)->stmts; ps; ps = ps->next)
        if (strcmp(ps->name, name) == 0) return ps;
    return NULL;
}

/* Now as a timestamptz (microseconds since 2000-01-01 UTC). */
static int64_t now_timestamptz(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return ((int64_t)now.tv_sec - INT64_C(946684800)) * USECS_PER_SEC + now.tv_nsec / 1000;
}

static void unlink_prepared(SqlSession *s, SqlPrepared *ps)
{
    SqlPrepared **pp = &prep_state(s)->stmts;
    while (*pp && *pp != ps) pp = &(*pp)->next;
    if (*pp) *pp = ps->next;
    ps->listed = false;
    prepared_unref(ps);
}

/* SessionViews.list_prepared: the rows of pg_prepared_statements. OmenDB keeps
 * one plan per statement and reuses it (re-planning only after DDL or a
 * setting the plan depends on), which PostgreSQL would call a generic plan:
 * every execution counts there and custom_plans stays 0. The unnamed
 * statement is not listed, as in PostgreSQL. */
static int list_prepared(void *session, int (*emit)(void *ectx, const SessionPreparedRow *row),
                         void *ectx)
{
    SqlSession *s = session;
    for (SqlPrepared *ps = prep_state(s)->stmts; ps; ps = ps->next) {
        if (ps->name[0] == '\0') continue;
        char types[1024];
        size_t len = 0;
        types[len++] = '{';
        for (int i = 0; i < ps->nparams && len < sizeof(types) - 2; i++) {
            char name[128];
            type_format(ps->param_types[i], name, sizeof(name));
            int n = snprintf(types + len, sizeof(types) - len - 1, "%s%s%s%s", i ? "," : "",
                             strchr(name, ' ') ? "\"" : "", name, strchr(name, ' ') ? "\"" : "");
            if (n < 0 || (size_t)n >= sizeof(types) - len - 1) break;
            len += (size_t)n;
        }
        types[len++] = '}';
        types[len] = '\0';
        SessionPreparedRow row = {
            ps->name, ps->text, ps->prepare_time, types, ps->from_sql, (int64_t)ps->exec_count, 0};
        int rc = emit(ectx, &row);
        if (rc != 0) return rc;
    }
    return 0;
}

/* SessionViews.list_cursors: the rows of pg_cursors, every named portal
 * (WITH HOLD and SCROLL as DECLARE gave them, sql_cursor.c). */
static int list_cursors(void *session, int (*emit)(void *ectx, const SessionCursorRow *row),
                        void *ectx)
{
    SqlSession *s = session;
    for (SqlPortal *p = prep_state(s)->portals; p; p = p->next) {
        if (p->name[0] == '\0') continue;
        SessionCursorRow row = {p->name,
                                p->ps->text,
                                sql_cursor_is_holdable(p),
                                p->binary,
                                sql_cursor_is_scrollable(p),
                                p->created};
        int rc = emit(ectx, &row);
        if (rc != 0) return rc;
    }
    return 0;
}

void sql_prepared_views_init(SqlSession *s)
{
    s->settings.views.list_cursors = list_cursors;
    s->settings.views.list_prepared = list_prepared;
    s->settings.views.session = s;
}

void sql_prepared_close(SqlSession *s, const char *name)
{
    SqlPrepared *ps = sql_prepared_find(s, name);
    if (ps) unlink_prepared(s, ps);
}

void sql_prepared_close_all(SqlSession *s)
{
    while (prep_state(s)->stmts) unlink_prepared(s, prep_state(s)->stmts);
}

/* Result columns of statements that return rows without a plan. */
static void describe_other(SqlSession *s, SqlPrepared *ps)
{
    static const ResultColumn plan_col = {"QUERY PLAN", 0, 0, {TYPE_TEXT, TYPMOD_NONE}};
    ps->ncols = -1;
    if (ps->stmt->node_case == PG_QUERY__NODE__NODE_EXPLAIN_STMT) {
        ps->ncols = 1;
        ps->cols = ARENA_NEW(ps->arena, ResultColumn);
        ps->cols[0] = plan_col;
    } else if (ps->stmt->node_case == PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT) {
        const char *var = ps->stmt->variable_show_stmt->name;
        if (strcmp(var, "all") == 0) {
            static const char *const names[3] = {"name", "setting", "description"};
            ps->ncols = 3;
            ps->cols = ARENA_NEW_ARRAY(ps->arena, ResultColumn, 3);
            for (int i = 0; i < 3; i++) {
                ps->cols[i] = plan_col;
                ps->cols[i].name = names[i];
            }
            return;
        }
        const char *canon = NULL;
        session_guc_get(s, var, &canon);
        ps->ncols = 1;
        ps->cols = ARENA_NEW(ps->arena, ResultColumn);
        ps->cols[0] = plan_col;
        ps->cols[0].name = arena_strdup(ps->arena, canon ? canon : var);
    } else if (ps->stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
               ps->stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
               ps->stmt->node_case == PG_QUERY__NODE__NODE_DELETE_STMT) {
        ResultColumn *cols = NULL;
        int n = sql_describe_returning(s, ps->stmt, ps->text, ps->param_types, ps->nparams,
                                       ps->arena, &cols);
        if (n >= 0) {
            ps->ncols = n;
            ps->cols = cols;
        }
    } else if (ps->stmt->node_case == PG_QUERY__NODE__NODE_CALL_STMT &&
               ps->stmt->call_stmt->funccall) {
        /* CALL answers the INOUT values of its procedure: the one of that
         * name (with overloads, the columns are known only when it runs) */
        const PgQuery__FuncCall *fc = ps->stmt->call_stmt->funccall;
        const char *name = pgq_str(fc->funcname[fc->n_funcname - 1]);
        Catalog *cat = s->db->catalog;
        catalog_lock_shared(cat);
        const CatFunction *proc = NULL;
        int n = 0;
        for (int i = 0; i < catalog_function_count(cat); i++) {
            const CatFunction *f = catalog_function_at(cat, i);
            if (f->is_procedure && strcmp(f->name, name) == 0) {
                proc = f;
                n++;
            }
        }
        if (n == 1) {
            ps->ncols = proc->nout > 0 ? proc->nout : -1;
            ps->cols = ARENA_NEW_ARRAY(ps->arena, ResultColumn, proc->nout > 0 ? proc->nout : 1);
            for (int i = 0; i < proc->nout; i++) {
                memset(&ps->cols[i], 0, sizeof(ps->cols[i]));
                ps->cols[i].name = arena_strdup(ps->arena, proc->out[i].name);
                ps->cols[i].type = proc->out[i].type;
            }
        }
        catalog_unlock(cat);
    } else if (ps->stmt->node_case == PG_QUERY__NODE__NODE_FETCH_STMT &&
               !ps->stmt->fetch_stmt->ismove) {
        /* FETCH returns the rows of a cursor declared earlier */
        const SqlPortal *cur = sql_portal_find(s, ps->stmt->fetch_stmt->portalname);
        if (!cur || cur->ps->ncols < 0) return;
        ps->ncols = cur->ps->ncols;
        ps->cols = ARENA_NEW_ARRAY(ps->arena, ResultColumn, ps->ncols > 0 ? ps->ncols : 1);
        for (int i = 0; i < ps->ncols; i++) {
            ps->cols[i] = cur->ps->cols[i];
            ps->cols[i].name = arena_strdup(ps->arena, cur->ps->cols[i].name);
        }
    }
}

/* Grows the parameter arrays to the highest $n the statement references. */
static void grow_params(SqlPrepared *ps)
{
    int max_param = ps->n_used;
    if (max_param > ps->nparams) {
        OmType *types = ARENA_NEW_ARRAY(ps->arena, OmType, max_param);
        bool *given = ARENA_NEW_ARRAY(ps->arena, bool, max_param);
        for (int i = 0; i < max_param; i++) {
            types[i] = i < ps->nparams ? ps->param_types[i] : OM_TYPE(TYPE_UNKNOWN);
            given[i] = i < ps->nparams && ps->param_given[i];
        }
        ps->param_types = types;
        ps->param_given = given;
        ps->nparams = max_param;
    }
}

/* Parameter types of a statement that is not planned ahead. */
static int prepare_other(SqlSession *s, SqlPrepared *ps, OmError *err)
{
    grow_params(ps);
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    Binder b;
    memset(&b, 0, sizeof(b));
    b.arena = ps->arena;
    b.err = err;
    b.catalog = cat;
    b.settings = &s->settings;
    b.query_text = ps->text;
    sql_infer_insert_params(&b, ps->stmt, ps->nparams, ps->param_types);
    ps->param_typmod_read |= b.param_typmod_read;
    catalog_unlock(cat);
    if (resolve_untyped(ps, ps->param_types, ps->nparams, err) != 0) return -1;
    describe_other(s, ps);
    return 0;
}

/* Makes a statement (bound and planned if it is a query) that is not yet in
 * the session's list; its one reference is the caller's. Takes the tree. */
static SqlPrepared *prepare_unlisted(SqlSession *s, const char *name, const char *text,
                                     PgQuery__ParseResult *tree, PgQuery__Node *stmt, int nparams,
                                     const OmType *types, bool from_sql, OmError *err)
{
    Arena *arena = arena_create(s->arena, "prepared statement");
    SqlPrepared *ps = ARENA_NEW(arena, SqlPrepared);
    ps->arena = arena;
    ps->refs = 1;
    ps->tree = tree;
    ps->stmt = stmt;
    ps->from_sql = from_sql;
    ps->prepare_time = now_timestamptz();
    ps->name = arena_strdup(arena, name);
    ps->text = arena_strdup(arena, text);
    ps->nparams = nparams;
    ps->param_types = ARENA_NEW_ARRAY(arena, OmType, nparams > 0 ? nparams : 1);
    ps->param_given = ARENA_NEW_ARRAY(arena, bool, nparams > 0 ? nparams : 1);
    for (int i = 0; i < nparams; i++) {
        ps->param_types[i] = types[i];
        ps->param_given[i] = types[i].id != TYPE_UNKNOWN;
    }
    ps->ncols = -1;
    int rc = 0;
    if (stmt && sql_walk_params(stmt, arena, &ps->n_used, &ps->param_used, err) != 0) rc = -1;
    if (rc != 0) {
        /* fall through to the cleanup below */
    } else if (!stmt) {
        ps->kind = PREP_EMPTY;
    } else if (stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
        ps->kind = PREP_QUERY;
        Catalog *cat = s->db->catalog;
        catalog_lock_shared(cat);
        CachedPlan *cp = make_plan(s, ps, err);
        /* a query that calls PL/pgSQL functions runs in the statement's
         * transaction, as INSERT does, not in a portal's read-only one */
        if (cp && cp->calls_pl) ps->kind = PREP_MODIFY;
        if (cp && cp->ntemp == 0)
            ps->plan = cp;
        else
            plan_unref(cp);
        catalog_unlock(cat);
        if (!cp) rc = -1;
    } else if (stmt->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
               stmt->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
               stmt->node_case == PG_QUERY__NODE__NODE_DELETE_STMT) {
        /* planned once with $n as parameters; a statement that does not plan
         * that way (or does not plan yet) is re-bound per run instead, so its
         * error, if any, comes when it runs */
        ps->kind = PREP_MODIFY;
        grow_params(ps);
        OmType *given_types = ARENA_NEW_ARRAY(arena, OmType, ps->nparams > 0 ? ps->nparams : 1);
        for (int i = 0; i < ps->nparams; i++) given_types[i] = ps->param_types[i];
        Catalog *cat = s->db->catalog;
        catalog_lock_shared(cat);
        OmError plan_err;
        error_clear(&plan_err);
        CachedPlan *cp = make_plan(s, ps, &plan_err);
        if (cp && cp->ntemp == 0)
            ps->plan = cp;
        else
            plan_unref(cp);
        catalog_unlock(cat);
        if (cp) {
            describe_other(s, ps);
        } else {
            for (int i = 0; i < ps->nparams; i++) ps->param_types[i] = given_types[i];
            ps->kind = PREP_OTHER;
            rc = prepare_other(s, ps, err);
        }
    } else {
        ps->kind = PREP_OTHER;
        rc = prepare_other(s, ps, err);
    }
    if (rc != 0) {
        prepared_unref(ps);
        return NULL;
    }
    return ps;
}

int sql_prepare_parsed(SqlSession *s, const char *name, const char *text,
                       PgQuery__ParseResult *tree, PgQuery__Node *stmt, int nparams,
                       const OmType *types, bool from_sql, SqlPrepared **out, OmError *err)
{
    if (name[0] && sql_prepared_find(s, name)) {
        pg_query__parse_result__free_unpacked(tree, NULL);
        return ERR(err, SQLSTATE_DUPLICATE_PSTATEMENT, "prepared statement \"%s\" already exists",
                   name);
    }
    if (!name[0]) sql_prepared_close(s, "");
    SqlPrepared *ps = prepare_unlisted(s, name, text, tree, stmt, nparams, types, from_sql, err);
    if (!ps) return -1;
    ps->listed = true;
    ps->next = prep_state(s)->stmts;
    prep_state(s)->stmts = ps;
    if (out) *out = ps;
    return 0;
}

int sql_prepare(SqlSession *s, const char *name, const char *text, int nparams,
                const Oid *param_oids, SqlPrepared **out, OmError *err)
{
    if (nparams < 0 || nparams > BIND_MAX_PARAMS)
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION, "invalid number of parameters: %d", nparams);
    OmType local[16];
    OmType *types = nparams <= 16 ? local : malloc(sizeof(OmType) * (size_t)nparams);
    if (!types) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    int rc = 0;
    for (int i = 0; i < nparams; i++) {
        Oid oid = param_oids[i];
        OmType t =
            oid == 0 || oid == OID_UNKNOWN ? OM_TYPE(TYPE_UNKNOWN) : type_from_oid_typed(oid);
        if (t.id == TYPE_INVALID || t.id == TYPE_NULL) {
            rc = ERR(err, SQLSTATE_UNDEFINED_OBJECT, "type with OID %u does not exist", oid);
            break;
        }
        types[i] = t;
    }
    uint64_t last_holder = 0;
    int64_t deadline = -1;
    while (rc == 0) {
        PgQuery__ParseResult *tree = sql_parse_text(text, err);
        if (!tree) {
            rc = -1;
            break;
        }
        if (tree->n_stmts > 1) {
            pg_query__parse_result__free_unpacked(tree, NULL);
            rc = ERR(err, SQLSTATE_SYNTAX_ERROR,
                     "cannot insert multiple commands into a prepared statement");
            break;
        }
        s->ddl_wait_txn = 0;
        rc = sql_prepare_parsed(s, name, text, tree, tree->n_stmts ? tree->stmts[0]->stmt : NULL,
                                nparams, types, false, out, err);
        uint64_t holder = s->ddl_wait_txn;
        s->ddl_wait_txn = 0;
        if (rc == 0 || holder == 0) break;
        /* it names a table another transaction altered: wait, then again */
        error_clear(err);
        if (sql_wait_ddl_holder(s, holder, &last_holder, &deadline, err) != 0) break;
        rc = 0;
    }
    if (types != local) free(types);
    return rc;
}

void sql_prepared_describe(const SqlPrepared *ps, int *nparams, const OmType **param_types,
                           int *ncols, const ResultColumn **cols)
{
    *nparams = ps->nparams;
    *param_types = ps->param_types;
    *ncols = ps->ncols;
    *cols = ps->cols;
}

uint64_t sql_prepared_plan_count(const SqlPrepared *ps)
{
    return ps->plan_count;
}

/* ---- portals ---- */

SqlPortal *sql_portal_find(SqlSession *s, const char *name)
{
    for (SqlPortal *p = prep_state(s)->portals; p; p = p->next)
        if (strcmp(p->name, name) == 0) return p;
    return NULL;
}

/* Ends the read-only transaction a portal began for itself. */
static void portal_end_txn(SqlPortal *p)
{
    if (p->own_txn) txn_commit(p->own_txn, NULL, NULL); /* read-only: cannot fail */
    p->own_txn = NULL;
}

static void portal_destroy(SqlSession *s, SqlPortal *p)
{
    if (p->started && !p->finished && p->root) {
        /* Operators are closed only while their tables are known to exist. */
        Catalog *cat = s->db->catalog;
        catalog_lock_shared(cat);
        if (p->cp && p->cp->catalog_version == catalog_version(cat)) exec_close_tree(p->root);
        catalog_unlock(cat);
    }
    portal_end_txn(p);
    plan_unref(p->cp);
    SqlPrepared *ps = p->ps;
    arena_destroy(p->arena);
    prepared_unref(ps);
}

void sql_portal_close(SqlSession *s, const char *name)
{
    SqlPortal **pp = &prep_state(s)->portals;
    while (*pp && strcmp((*pp)->name, name) != 0) pp = &(*pp)->next;
    if (!*pp) return;
    SqlPortal *p = *pp;
    *pp = p->next;
    portal_destroy(s, p);
}

/* Ends the session's portals; held cursors too unless `keep_held`. */
static void close_portals(SqlSession *s, bool keep_held)
{
    SqlPortal **pp = &prep_state(s)->portals;
    while (*pp) {
        SqlPortal *p = *pp;
        /* the portal running DISCARD ALL ends after it, as PostgreSQL keeps
         * active portals */
        if ((keep_held && sql_cursor_is_held(p)) || p->active) {
            pp = &p->next;
            continue;
        }
        *pp = p->next;
        portal_destroy(s, p);
    }
}

void sql_portal_close_all(SqlSession *s)
{
    close_portals(s, true);
}

void sql_portal_close_every(SqlSession *s)
{
    close_portals(s, false);
}

void sql_prepare_drop_unnamed(SqlSession *s)
{
    if (!s->prep) return;
    /* a simple Query outside a block is its own transaction: portals end */
    if (sql_session_txn_status(s) == 'I')
        sql_portal_close_all(s);
    else
        sql_portal_close(s, "");
    sql_prepared_close(s, "");
}

void sql_prepare_session_fini(SqlSession *s)
{
    if (!s->prep) return;
    sql_portal_close_every(s);
    sql_prepared_close_all(s);
}

/* Copies one parameter value into the portal, converting text to the
 * parameter's type where the statement needs typed values. */
static int convert_param(SqlSession *s, SqlPrepared *ps, int i, const Value *in, Arena *arena,
                         Value *out, OmError *err)
{
    OmType type = ps->param_types[i];
    memset(out, 0, sizeof(*out));
    out->type = type;
    if (in->is_null) {
        out->is_null = true;
        return 0;
    }
    if (in->type.id == TYPE_UNKNOWN) {
        const char *data = strview_data(&in->u.str);
        if (ps->kind == PREP_OTHER && !ps->param_given[i]) {
            /* an untyped literal: the statement's context converts it */
            out->type = OM_TYPE(TYPE_UNKNOWN);
            char *copy = arena_strndup(arena, data, in->u.str.len);
            out->u.str = strview_make(copy, in->u.str.len);
            return 0;
        }
        return type_text_in(type, data, in->u.str.len, &s->settings, arena, &out->u, err);
    }
    *out = *in;
    if ((type_is_varlena(in->type.id)) && in->u.str.len > STRVIEW_INLINE_MAX) {
        char *copy = arena_strndup(arena, in->u.str.u.ptr, in->u.str.len);
        out->u.str = strview_make(copy, in->u.str.len);
    }
    return 0;
}

static SqlPortal *portal_create(SqlSession *s, const char *name, SqlPrepared *ps, int nvalues,
                                const Value *values, int nformats, const int16_t *formats,
                                OmError *err)
{
    Arena *arena = arena_create(s->arena, "portal");
    SqlPortal *p = ARENA_NEW(arena, SqlPortal);
    p->arena = arena;
    p->name = arena_strdup(arena, name);
    p->created = now_timestamptz();
    p->ps = ps;
    ps->refs++;
    p->nparams = nvalues;
    p->params = ARENA_NEW_ARRAY(arena, Value, nvalues > 0 ? nvalues : 1);
    for (int i = 0; i < nvalues; i++) {
        if (convert_param(s, ps, i, &values[i], arena, &p->params[i], err) != 0) {
            portal_destroy(s, p);
            return NULL;
        }
    }
    int ncols = ps->ncols > 0 ? ps->ncols : 0;
    p->formats = ARENA_NEW_ARRAY(arena, int16_t, ncols > 0 ? ncols : 1);
    for (int c = 0; c < ncols; c++)
        p->formats[c] = nformats == 0 ? 0 : formats[nformats == 1 ? 0 : c];
    return p;
}

int sql_bind(SqlSession *s, const char *portal_name, SqlPrepared *ps, int nvalues,
             const Value *values, int nformats, const int16_t *result_formats, SqlPortal **out,
             OmError *err)
{
    if (nvalues != ps->nparams)
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
                   "bind message supplies %d parameters, but prepared statement \"%s\" requires %d",
                   nvalues, ps->name, ps->nparams);
    int ncols = ps->ncols > 0 ? ps->ncols : 0;
    if (nformats != 0 && nformats != 1 && nformats != ncols)
        return ERR(err, SQLSTATE_PROTOCOL_VIOLATION,
                   "bind message has %d result formats but query has %d columns", nformats, ncols);
    for (int i = 0; i < nformats; i++)
        if (result_formats[i] != 0 && result_formats[i] != 1)
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "unsupported format code: %d",
                       result_formats[i]);
    if (portal_name[0] && sql_portal_find(s, portal_name))
        return ERR(err, SQLSTATE_DUPLICATE_CURSOR, "portal \"%s\" already exists", portal_name);
    if (!portal_name[0]) sql_portal_close(s, "");
    SqlPortal *p =
        portal_create(s, portal_name, ps, nvalues, values, nformats, result_formats, err);
    if (!p) return -1;
    p->next = prep_state(s)->portals;
    prep_state(s)->portals = p;
    if (out) *out = p;
    return 0;
}

const char *sql_portal_text(const SqlPortal *p)
{
    return p->ps && p->ps->text ? p->ps->text : "";
}

void sql_portal_describe(const SqlPortal *p, int *ncols, const ResultColumn **cols,
                         const int16_t **formats)
{
    *ncols = p->ps->ncols;
    *cols = p->ps->cols;
    *formats = p->formats;
}

/* ---- execution ---- */

/* Captures the completion tag of a PREP_OTHER run, passing everything on. */
typedef struct TagSink {
    ResultSink *inner;
    SqlPortal *portal;
} TagSink;

static int tag_complete(void *ctx, const char *tag)
{
    TagSink *ts = ctx;
    ts->portal->done_tag = arena_strdup(ts->portal->arena, tag);
    return ts->inner->complete ? ts->inner->complete(ts->inner->ctx, tag) : 0;
}

static int fwd_describe(void *ctx, int ncols, const ResultColumn *cols)
{
    TagSink *ts = ctx;
    return ts->inner->describe ? ts->inner->describe(ts->inner->ctx, ncols, cols) : 0;
}

static int fwd_rows(void *ctx, const Chunk *chunk)
{
    TagSink *ts = ctx;
    return ts->inner->rows ? ts->inner->rows(ts->inner->ctx, chunk) : 0;
}

static int fwd_empty(void *ctx)
{
    TagSink *ts = ctx;
    return ts->inner->empty ? ts->inner->empty(ts->inner->ctx) : 0;
}

static int fwd_notice(void *ctx, const OmError *notice)
{
    TagSink *ts = ctx;
    return ts->inner->notice ? ts->inner->notice(ts->inner->ctx, notice) : 0;
}

static int fwd_parameter_status(void *ctx, const char *name, const char *value)
{
    TagSink *ts = ctx;
    return ts->inner->parameter_status ? ts->inner->parameter_status(ts->inner->ctx, name, value)
                                       : 0;
}

/* The COPY sub-protocol of a portal (COPY through Execute) goes to the inner
 * sink unchanged. */
static int fwd_copy_in_begin(void *ctx, int ncols)
{
    TagSink *ts = ctx;
    return ts->inner->copy_in_begin(ts->inner->ctx, ncols);
}

static int fwd_copy_in_read(void *ctx, const char **data, size_t *len, OmError *err)
{
    TagSink *ts = ctx;
    return ts->inner->copy_in_read(ts->inner->ctx, data, len, err);
}

static int fwd_copy_out_begin(void *ctx, int ncols)
{
    TagSink *ts = ctx;
    return ts->inner->copy_out_begin(ts->inner->ctx, ncols);
}

static int fwd_copy_out_data(void *ctx, const char *data, size_t len)
{
    TagSink *ts = ctx;
    return ts->inner->copy_out_data(ts->inner->ctx, data, len);
}

static int fwd_copy_out_end(void *ctx)
{
    TagSink *ts = ctx;
    return ts->inner->copy_out_end(ts->inner->ctx);
}

static int run_other(SqlSession *s, SqlPortal *p, ResultSink *sink, OmError *err)
{
    if (p->finished) {
        if (p->done_tag && sink->complete) return sink->complete(sink->ctx, p->done_tag);
        return 0;
    }
    p->finished = true;
    TagSink ts = {sink, p};
    ResultSink wrap = *sink;
    wrap.ctx = &ts;
    wrap.describe = sink->describe ? fwd_describe : NULL;
    wrap.rows = fwd_rows;
    wrap.complete = tag_complete;
    wrap.empty = fwd_empty;
    wrap.notice = fwd_notice;
    wrap.parameter_status = fwd_parameter_status;
    wrap.copy_in_begin = sink->copy_in_begin ? fwd_copy_in_begin : NULL;
    wrap.copy_in_read = sink->copy_in_read ? fwd_copy_in_read : NULL;
    wrap.copy_out_begin = sink->copy_out_begin ? fwd_copy_out_begin : NULL;
    wrap.copy_out_data = sink->copy_out_data ? fwd_copy_out_data : NULL;
    wrap.copy_out_end = sink->copy_out_end ? fwd_copy_out_end : NULL;
    p->active = true;
    int rc = p->ps->kind == PREP_MODIFY
                 ? sql_exec_planned(s, p->ps, p->params, p->nparams, &wrap, err)
                 : sql_exec_stmt(s, p->ps->stmt, p->ps->text, p->params, p->nparams, &wrap, err);
    p->active = false;
    if (rc != 0) p->failed = true;
    return rc;
}

int sql_prepared_run_planned(StmtCtx *sc)
{
    SqlSession *s = sc->session;
    SqlPrepared *ps = sc->planned;
    Catalog *cat = s->db->catalog;
    catalog_lock_shared(cat);
    CachedPlan *cp = current_plan(s, ps, sc->err);
    int rc = -1;
    if (cp) {
        rc = sql_run_stmt_plan(sc, &cp->sp);
        plan_unref(cp);
    }
    catalog_unlock(cat);
    return rc;
}

int sql_prepared_convert_params(SqlSession *s, SqlPrepared *ps, const Value *in, Arena *arena,
                                Value *out, OmError *err)
{
    for (int i = 0; i < ps->nparams; i++)
        if (convert_param(s, ps, i, &in[i], arena, &out[i], err) != 0) return -1;
    return 0;
}

SqlPrepared *sql_prepare_unlisted(SqlSession *s, const char *text, PgQuery__ParseResult *tree,
                                  PgQuery__Node *stmt, int nparams, const OmType *types,
                                  OmError *err)
{
    return prepare_unlisted(s, "", text, tree, stmt, nparams, types, false, err);
}

void sql_prepared_release(SqlPrepared *ps)
{
    prepared_unref(ps);
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ((int64_t)ts.tv_sec - INT64_C(946684800)) * 1000000 + ts.tv_nsec / 1000;
}

/* Builds and opens the operator tree. Catalog lock held (shared). */
static int portal_start(SqlSession *s, SqlPortal *p, OmError *err)
{
    p->started = true;
    if (s->txn_status == 'E')
        return ERR(err, SQLSTATE_IN_FAILED_SQL_TRANSACTION,
                   "current transaction is aborted, commands ignored until end of transaction "
                   "block");
    p->cp = current_plan(s, p->ps, err);
    if (!p->cp) return -1;
    /* the snapshot: the session's transaction, or a read-only one of its own */
    Txn *txn = s->txn;
    if (!txn) {
        txn = p->own_txn = sql_txn_begin_default(s);
        if (!txn) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    txn_statement_begin(txn);
    p->snap = *txn_snapshot(txn);
    ExecState *es = ARENA_NEW(p->arena, ExecState);
    sql_exec_state_init(es, s, p->arena, err);
    es->txn = txn; /* the session's, or the portal's own */
    es->stmt_start_us = now_us();
    es->snap = &p->snap;
    es->stmt_params = p->params;
    es->n_stmt_params = p->nparams;
    func_set_statement_timestamp(es->stmt_start_us);
    p->es = es;
    p->root = exec_build(p->cp->plan, es);
    if (!p->root) return -1;
    p->sel_buf = ARENA_NEW_ARRAY(p->arena, uint16_t, VECTOR_SIZE);
    if (exec_open(p->root) != 0) {
        exec_close_tree(p->root);
        p->root = NULL;
        return -1;
    }
    return 0;
}

/* Sends rows until the limit (0 = none) or the end. Catalog lock held. */
static int portal_fetch(SqlPortal *p, uint64_t max_rows, ResultSink *sink, uint64_t *sent,
                        bool *suspended, OmError *err)
{
    ExecState *es = p->es;
    es->err = err;
    func_set_statement_timestamp(es->stmt_start_us);
    for (;;) {
        if (max_rows && *sent >= max_rows) {
            *suspended = true;
            return 0;
        }
        if (!p->pending) {
            Chunk *chunk = NULL;
            if (exec_next(p->root, &chunk) != 0) return -1;
            if (!chunk) return 0;
            p->pending = chunk;
            p->pending_off = 0;
        }
        Chunk *c = p->pending;
        uint32_t take = c->count - p->pending_off;
        if (max_rows && take > max_rows - *sent) take = (uint32_t)(max_rows - *sent);
        Chunk view = *c;
        if (p->pending_off != 0 || take != c->count) {
            for (uint32_t i = 0; i < take; i++)
                p->sel_buf[i] = (uint16_t)chunk_row(c, p->pending_off + i);
            view.sel = p->sel_buf;
            view.count = take;
        }
        if (sink->rows && sink->rows(sink->ctx, &view) != 0)
            return ERR(err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
        *sent += take;
        p->pending_off += take;
        if (p->pending_off == c->count) p->pending = NULL;
    }
}

static int run_query(SqlSession *s, SqlPortal *p, uint64_t max_rows, ResultSink *sink,
                     bool describe, const char *verb, bool *suspended, OmError *err)
{
    Catalog *cat = s->db->catalog;
    ResultSink *outer_sink = s->notice_sink; /* RAISE NOTICE in functions it calls */
    s->notice_sink = sink;
    catalog_lock_shared(cat);
    int rc = 0;
    if (p->started && !p->finished && p->cp && p->cp->catalog_version != catalog_version(cat)) {
        p->finished = p->failed = true; /* its tables may be gone: never touch them */
        rc = ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                 "portal \"%s\" cannot be resumed because the catalog changed", p->name);
    } else if (!p->started) {
        rc = portal_start(s, p, err);
        if (rc != 0) p->finished = p->failed = true;
        if (rc == 0 && describe && sink->describe &&
            sink->describe(sink->ctx, p->ps->ncols, p->ps->cols) != 0)
            rc = ERR(err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    }
    uint64_t sent = 0;
    if (rc == 0 && !p->finished) rc = portal_fetch(p, max_rows, sink, &sent, suspended, err);
    if (rc == 0 && !*suspended) {
        if (!p->finished) {
            exec_close_tree(p->root);
            p->finished = true;
        }
        portal_end_txn(p);
        char tag[64];
        snprintf(tag, sizeof(tag), "%s %llu", verb, (unsigned long long)sent);
        if (sink->complete) sink->complete(sink->ctx, tag);
    } else if (rc != 0 && p->root && !p->failed) {
        exec_close_tree(p->root);
        p->finished = p->failed = true;
    }
    if (rc != 0) {
        portal_end_txn(p);
        sql_txn_statement_failed(s);
    }
    catalog_unlock(cat);
    s->notice_sink = outer_sink;
    return rc;
}

static int portal_run(SqlSession *s, SqlPortal *p, uint64_t max_rows, ResultSink *sink,
                      bool describe, bool *suspended, OmError *err)
{
    *suspended = false;
    atomic_store(&s->cancel, false);
    if (p->failed)
        return ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "portal \"%s\" cannot be run after an error", p->name);
    switch (p->ps->kind) {
    case PREP_EMPTY:
        if (sink->empty) sink->empty(sink->ctx);
        return 0;
    case PREP_OTHER:
    case PREP_MODIFY:
        return run_other(s, p, sink, err);
    case PREP_QUERY:
        break;
    }
    return run_query(s, p, max_rows, sink, describe, "SELECT", suspended, err);
}

int sql_portal_execute(SqlSession *s, SqlPortal *p, uint64_t max_rows, ResultSink *sink,
                       bool *suspended, OmError *err)
{
    return portal_run(s, p, max_rows, sink, false, suspended, err);
}

int sql_prepared_run(SqlSession *s, SqlPrepared *ps, const Value *values, ResultSink *sink,
                     bool describe, OmError *err)
{
    SqlPortal *p = portal_create(s, "", ps, ps->nparams, values, 0, NULL, err);
    if (!p) return -1;
    bool suspended = false;
    int rc = portal_run(s, p, 0, sink, describe, &suspended, err);
    portal_destroy(s, p);
    return rc;
}

/* ---- SQL cursors (sql_cursor.c) ---- */

int sql_cursor_open(SqlSession *s, const char *name, const char *text, PgQuery__ParseResult *tree,
                    PgQuery__Node *query, const Value *params, int nparams, bool binary,
                    OmError *err)
{
    OmType *types = malloc(sizeof(OmType) * (size_t)(nparams > 0 ? nparams : 1));
    if (!types) {
        pg_query__parse_result__free_unpacked(tree, NULL);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    for (int i = 0; i < nparams; i++) {
        types[i] = params[i].type;
        if (types[i].id == TYPE_NULL) types[i] = OM_TYPE(TYPE_UNKNOWN);
    }
    SqlPrepared *ps = prepare_unlisted(s, name, text, tree, query, nparams, types, false, err);
    free(types);
    if (!ps) return -1;
    if (ps->kind != PREP_QUERY) {
        prepared_unref(ps);
        return ERR(err, SQLSTATE_SYNTAX_ERROR, "DECLARE CURSOR needs a SELECT or VALUES query");
    }
    int16_t format = binary ? 1 : 0;
    SqlPortal *p = portal_create(s, name, ps, nparams, params, 1, &format, err);
    prepared_unref(ps); /* the portal holds it now */
    if (!p) return -1;
    p->binary = binary;
    p->next = prep_state(s)->portals;
    prep_state(s)->portals = p;
    return 0;
}

int sql_cursor_fetch(SqlSession *s, SqlPortal *p, uint64_t count, bool move, ResultSink *sink,
                     OmError *err)
{
    if (p->failed)
        return ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "portal \"%s\" cannot be run after an error", p->name);
    if (p->ps->kind != PREP_QUERY)
        return ERR(err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE, "portal \"%s\" is not a cursor",
                   p->name);
    ResultSink quiet = *sink;
    if (move) {
        quiet.rows = NULL; /* MOVE only counts */
        sink = &quiet;
    } else if (sink->describe && sink->describe(sink->ctx, p->ps->ncols, p->ps->cols) != 0) {
        return ERR(err, SQLSTATE_CONNECTION_EXCEPTION, "could not send data to client");
    }
    bool suspended = false;
    atomic_store(&s->cancel, false);
    int rc = run_query(s, p, count == UINT64_MAX ? 0 : count, sink, false, move ? "MOVE" : "FETCH",
                       &suspended, err);
    if (rc == 0 && suspended && sink->complete) {
        /* the row limit struck: exactly `count` rows went out, the cursor stays open */
        char tag[64];
        snprintf(tag, sizeof(tag), "%s %llu", move ? "MOVE" : "FETCH", (unsigned long long)count);
        sink->complete(sink->ctx, tag);
    }
    return rc;
}
