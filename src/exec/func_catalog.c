/*
 * func_catalog.c — the system information functions clients (psql's \d
 * family, drivers, GUI tools) call against pg_catalog: format_type,
 * pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_table_is_visible,
 * pg_get_userbyid, privilege checks (the comment functions: func_comment.c),
 * current_user / current_database / current_schema, current_setting,
 * pg_encoding_to_char, pg_backend_pid, pg_current_wal_lsn and
 * pg_current_wal_flush_lsn (text in pg_lsn's X/X form, NULL without a log;
 * insert_lsn is an alias of the first), and the regclass casts that need the
 * catalog (text -> regclass by name through search_path, regclass -> text).
 *
 * Functions that read the catalog use EvalCtx.catalog (the statement holds the
 * catalog lock shared) and are flagged volatile so the binder never folds them
 * where no catalog is at hand. Without a catalog they answer as if the object
 * did not exist. There is one role, omendb (OID 10); schema public belongs to
 * pg_database_owner (OID 6171) as in PostgreSQL 15.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "catalog/catalog.h"
#include "catalog/sysview.h"
#include "catalog/session_settings.h"
#include "common/strbuf.h"
#include "exec/func_catalog.h"

#include "catalog/array.h"
#include "exec/func_int.h"
#include "exec/func_registry.h"
#include "exec/func_sequence.h"
#include "exec/func_userdef.h"
#include "exec/operator.h"
#include "storage/storage.h"

/* ---- small helpers ---- */

static bool arg_valid(Vector **args, int i, uint32_t row)
{
    return vector_is_valid(args[i], row);
}

static Oid arg_oid(Vector **args, int i, uint32_t row)
{
    TypeId t = args[i]->type.id;
    if (t == TYPE_INT4) return (Oid)ARG(int32_t, i, row);
    return (Oid)ARG(int64_t, i, row);
}

static void put_str(Vector *out, uint32_t row, const char *s)
{
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)strlen(s));
}

static void put_null(Vector *out, uint32_t row, EvalCtx *ctx)
{
    vector_set_null(out, row, ctx->arena);
}

/* Copies a string argument into buf as a C string (truncated to cap - 1). */
static void arg_cstr(Vector **args, int i, uint32_t row, char *buf, size_t cap)
{
    const StrView *s = arg_str(args, i, row);
    size_t n = s->len < cap - 1 ? s->len : cap - 1;
    memcpy(buf, strview_data(s), n);
    buf[n] = 0;
}

/* Table and constraint owning index `oid` (con NULL when `oid` is a table). */
static CatTable *find_relation(Catalog *cat, Oid oid, const CatConstraint **con)
{
    *con = NULL;
    if (!cat) return NULL;
    CatTable *t = catalog_table_by_oid(cat, oid);
    if (t) return t;
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        t = catalog_table_at(cat, i);
        for (int c = 0; c < t->ncons; c++) {
            if (t->cons[c].index_oid == oid) {
                *con = &t->cons[c];
                return t;
            }
        }
    }
    return NULL;
}

static CatTable *find_constraint(Catalog *cat, Oid oid, const CatConstraint **con)
{
    *con = NULL;
    if (!cat) return NULL;
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        CatTable *t = catalog_table_at(cat, i);
        for (int c = 0; c < t->ncons; c++) {
            /* an index is no constraint (its oid is 0, which a NULL argument reads as) */
            if (t->cons[c].kind != CONSTR_INDEX && t->cons[c].oid == oid) {
                *con = &t->cons[c];
                return t;
            }
        }
    }
    return NULL;
}

#define put_ident catalog_put_ident

static size_t put_key_cols(char *buf, size_t cap, size_t len, const CatTable *t,
                           const CatConstraint *con)
{
    for (int k = 0; k < con->ncols && len < cap; k++) {
        if (k) len += (size_t)snprintf(buf + len, cap - len, ", ");
        len = put_ident(buf, cap, len, t->cols[con->cols[k]].name);
    }
    return len;
}

static bool schema_in_path(const char *path, const char *schema)
{
    if (strcmp(schema, "pg_catalog") == 0) return true;
    const char *p = path;
    while (p && *p) {
        while (*p == ' ' || *p == ',') p++;
        const char *start = p;
        while (*p && *p != ',') p++;
        const char *end = p;
        while (end > start && end[-1] == ' ') end--;
        if (end > start && start[0] == '"' && end[-1] == '"' && end - start >= 2) start++, end--;
        if ((size_t)(end - start) == strlen(schema) &&
            strncmp(start, schema, (size_t)(end - start)) == 0)
            return true;
    }
    return false;
}

static const char *search_path(EvalCtx *ctx)
{
    return ctx->settings ? ctx->settings->search_path : "\"$user\", public";
}

/* ---- format_type(oid, int4) ---- */

static int k_format_type(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        if (!arg_valid(args, 0, row)) {
            put_null(out, row, ctx);
            continue;
        }
        Oid oid = arg_oid(args, 0, row);
        int32_t typmod = call->nargs > 1 && arg_valid(args, 1, row) ? ARG(int32_t, 1, row) : -1;
        char buf[128];
        OmType t = type_from_oid_typed(oid);
        if (t.id != TYPE_INVALID) {
            if (t.id != TYPE_ENUM && t.id != TYPE_ENUM_ARRAY) t.typmod = typmod;
            type_format_path(t, ctx->settings ? ctx->settings->search_path : NULL, buf,
                             sizeof(buf));
        } else {
            CatTable *tab = NULL;
            int n = ctx->catalog ? catalog_table_count(ctx->catalog) : 0;
            for (int i = 0; i < n && !tab; i++) {
                CatTable *c = catalog_table_at(ctx->catalog, i);
                if (c->type_oid == oid) tab = c;
            }
            if (tab)
                snprintf(buf, sizeof(buf), "%s", tab->name);
            else
                snprintf(buf, sizeof(buf), "???");
        }
        vector_set_valid(out, row);
        put_str(out, row, buf);
    }
    return 0;
}

/* ---- pg_get_expr(text, oid [, bool]): the stored text is already SQL ---- */

/* The pretty form of a generation expression or index predicate of table
 * rel stored as `def` (pg_attrdef.adbin, pg_index.indpred), or NULL. */
static const char *pretty_of(EvalCtx *ctx, Oid rel, const StrView *def)
{
    const CatTable *t = ctx->catalog ? catalog_table_by_oid(ctx->catalog, rel) : NULL;
    if (!t) return NULL;
    const char *d = strview_data(def);
    for (int c = 0; c < t->ncols; c++) {
        const CatCheck *g = t->cols[c].gen;
        if (g && g->def_sql && strlen(g->def_sql) == def->len &&
            memcmp(g->def_sql, d, def->len) == 0)
            return g->pretty_sql;
    }
    for (int i = 0; i < t->nixexprs; i++) {
        const CatCheck *p = &t->ixexprs[i].pred;
        if (p->def_sql && strlen(p->def_sql) == def->len && memcmp(p->def_sql, d, def->len) == 0)
            return p->pretty_sql;
    }
    return NULL;
}

static int k_get_expr(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        bool pretty = call->nargs > 2 && arg_valid(args, 2, row) && ARG(uint8_t, 2, row);
        const char *p =
            pretty ? pretty_of(ctx, arg_oid(args, 1, row), arg_str(args, 0, row)) : NULL;
        if (p)
            put_str(out, row, p);
        else
            ((StrView *)out->data)[row] = *arg_str(args, 0, row);
    }
    return 0;
}

/* ---- visibility ---- */

static int k_table_is_visible(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const CatConstraint *con;
        Oid oid = arg_oid(args, 0, row);
        CatTable *t = find_relation(ctx->catalog, oid, &con);
        CatView *v = t || !ctx->catalog ? NULL : catalog_view_by_oid(ctx->catalog, oid);
        if (v) {
            CatTable *ft;
            CatView *fv;
            catalog_relation_lookup(ctx->catalog, search_path(ctx), v->name, &ft, &fv);
            r[row] = fv == v;
            continue;
        }
        const CatSequence *s =
            t || !ctx->catalog ? NULL : catalog_sequence_by_oid(ctx->catalog, oid);
        if (s) {
            r[row] = catalog_sequence_lookup(ctx->catalog, search_path(ctx), s->name) == s;
            continue;
        }
        if (!t) {
            /* a system view: pg_catalog is always searched first */
            const char *vs = sysview_schema_of(oid);
            r[row] = vs && (strcmp(vs, "pg_catalog") == 0 || schema_in_path(search_path(ctx), vs));
            continue;
        }
        if (con) {
            r[row] = schema_in_path(search_path(ctx), t->schema->name);
            continue;
        }
        r[row] = catalog_table_lookup(ctx->catalog, search_path(ctx), t->name) == t;
    }
    return 0;
}

static int k_true(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        r[row] = 1;
    }
    return 0;
}

/* pg_export_snapshot(): the running transaction's snapshot, importable by
 * SET TRANSACTION SNAPSHOT while it runs (pg_dump -j hands it to its workers). */
static int k_export_snapshot(KERNEL_ARGS)
{
    const SessionViews *v = ctx->settings ? &ctx->settings->views : NULL;
    FOR_EACH_ROW(row)
    {
        char buf[48];
        if (!v || !v->export_snapshot || !v->export_snapshot(v->session, buf, sizeof(buf)))
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "cannot export a snapshot outside a transaction");
        put_str(out, row, buf);
    }
    return 0;
}

static int k_empty_text(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        put_str(out, row, "");
    }
    return 0;
}

static int k_false(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        r[row] = 0;
    }
    return 0;
}

static int k_null(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        put_null(out, row, ctx);
    }
    return 0;
}

/* ---- roles ---- */

static int k_get_userbyid(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        Oid oid = arg_oid(args, 0, row);
        char buf[64];
        const char *known = catalog_role_name(oid);
        if (known)
            snprintf(buf, sizeof(buf), "%s", known);
        else
            snprintf(buf, sizeof(buf), "unknown (OID=%u)", oid);
        put_str(out, row, buf);
    }
    return 0;
}

static int k_current_user(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        put_str(out, row, "omendb");
    }
    return 0;
}

static int k_current_schema(KERNEL_ARGS)
{
    CatSchema *s = ctx->catalog ? catalog_creation_schema(ctx->catalog, search_path(ctx)) : NULL;
    FOR_EACH_ROW(row)
    {
        if (s)
            put_str(out, row, s->name);
        else
            put_null(out, row, ctx);
    }
    return 0;
}

/* current_schemas(include_implicit) -> name[]: the schemas of search_path
 * that exist, in order ("$user" when a schema of that name exists), with
 * pg_catalog first when asked for the implicit ones (and not listed). */
static int k_current_schemas(KERNEL_ARGS)
{
    const char *path = search_path(ctx);
    const char *user = "omendb"; /* the one role, as current_user gives it */
    Value vals[32];
    char names[32][CATALOG_NAME_MAX];
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        int n = 0;
        bool implicit = ARG(uint8_t, 0, row);
        bool listed = false;
        if (implicit) strcpy(names[n++], "pg_catalog"); /* dropped below if the path lists it */
        for (const char *p = path; *p && n < 32;) {
            while (*p == ' ' || *p == ',') p++;
            const char *start = p;
            while (*p && *p != ',') p++;
            const char *end = p;
            while (end > start && end[-1] == ' ') end--;
            if (end - start >= 2 && start[0] == '"' && end[-1] == '"') start++, end--;
            size_t len = (size_t)(end - start);
            if (len == 0 || len >= CATALOG_NAME_MAX) continue;
            char nm[CATALOG_NAME_MAX];
            memcpy(nm, start, len);
            nm[len] = 0;
            if (strcmp(nm, "$user") == 0) snprintf(nm, sizeof(nm), "%s", user);
            if (strcmp(nm, "pg_catalog") == 0) listed = true;
            if (!ctx->catalog || !catalog_schema_find(ctx->catalog, nm)) continue;
            strcpy(names[n++], nm);
        }
        int first = implicit && listed ? 1 : 0;
        for (int i = first; i < n; i++) {
            memset(&vals[i], 0, sizeof(Value));
            vals[i].type = OM_TYPE(TYPE_NAME);
            vals[i].u.str = strview_make(names[i], (uint32_t)strlen(names[i]));
        }
        strbuf_reset(&sb);
        array_write_1d(TYPE_NAME, vals + first, (uint32_t)(n - first), &sb);
        ((StrView *)out->data)[row] = vector_add_string(out, sb.data, (uint32_t)sb.len);
    }
    return 0;
}

/* pg_backend_pid(): the connection's BackendKeyData pid (what pg_stat_activity
 * shows and CancelRequests carry); the process id outside a server. */
static int k_backend_pid(KERNEL_ARGS)
{
    int32_t *r = out->data;
    int32_t pid = ctx->settings && ctx->settings->backend_pid ? ctx->settings->backend_pid
                                                              : (int32_t)getpid();
    FOR_EACH_ROW(row)
    {
        r[row] = pid;
    }
    return 0;
}

/* pg_notify(channel, payload): NOTIFY with values (not strict: a NULL
 * channel is 22023 and a NULL payload empty, as in PostgreSQL). */
static int k_pg_notify(KERNEL_ARGS)
{
    const SessionViews *v = ctx->settings ? &ctx->settings->views : NULL;
    FOR_EACH_ROW(row)
    {
        ((StrView *)out->data)[row] = strview_make("", 0);
        char channel[256], payload[8192];
        channel[0] = payload[0] = 0;
        if (arg_valid(args, 0, row)) arg_cstr(args, 0, row, channel, sizeof(channel));
        if (arg_valid(args, 1, row)) {
            const StrView *p = arg_str(args, 1, row);
            if (p->len >= sizeof(payload))
                return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE, "payload string too long");
            arg_cstr(args, 1, row, payload, sizeof(payload));
        }
        if (!channel[0])
            return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE, "channel name cannot be empty");
        if (v && v->notify && v->notify(v->session, channel, payload, ctx->err) != 0) return -1;
    }
    return 0;
}

/* pg_cancel_backend(pid) / pg_terminate_backend(pid): true when a connection
 * with that pid exists and was signalled. As in PostgreSQL the signal is sent
 * and the function returns at once (the target ends its statement with 57014,
 * or its connection with 57P01, at its next check). Every role may signal every
 * connection: OmenDB has one role per server (trust authentication). */
static int k_signal_backend(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    bool terminate = call->u.func.def->oid == 2096;
    const SessionViews *v = ctx->settings ? &ctx->settings->views : NULL;
    int32_t self = ctx->settings ? ctx->settings->backend_pid : 0;
    FOR_EACH_ROW(row)
    {
        int32_t pid = ARG(int32_t, 0, row);
        /* Cancelling one's own statement ends it here, as PostgreSQL's interrupt
         * does at its next check (terminating oneself goes through the signal). */
        if (!terminate && self != 0 && pid == self)
            return ERR(ctx->err, SQLSTATE_QUERY_CANCELED,
                       "canceling statement due to user request");
        r[row] = v && v->signal_backend && v->signal_backend(v->session, pid, terminate) == 1;
    }
    return 0;
}

/* pg_my_temp_schema(): the session's temporary schema, 0 if none yet. */
static int k_my_temp_schema(KERNEL_ARGS)
{
    int64_t *r = out->data; /* oid vectors hold 64-bit values */
    int64_t mine = ctx->settings ? ctx->settings->temp_schema_oid : 0;
    FOR_EACH_ROW(row)
    {
        r[row] = mine;
    }
    return 0;
}

/* pg_is_other_temp_schema(oid): another session's temporary schema. */
static int k_is_other_temp_schema(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    Oid mine = ctx->settings ? ctx->settings->temp_schema_oid : 0;
    FOR_EACH_ROW(row)
    {
        Oid oid = arg_oid(args, 0, row);
        const CatSchema *s = ctx->catalog ? catalog_schema_by_oid(ctx->catalog, oid) : NULL;
        r[row] = s && s->is_temp && oid != mine;
    }
    return 0;
}

/* pg_current_wal_lsn() and friends; call->func.def->oid tells which. */
static int k_wal_lsn(KERNEL_ARGS)
{
    const ExecState *es = ctx->exec_state;
    bool flushed = call->u.func.def->oid == 16057;
    bool known = es && es->wal_lsn;
    uint64_t lsn = known ? es->wal_lsn(es->db, flushed) : 0;
    char buf[40];
    snprintf(buf, sizeof(buf), "%X/%X", (unsigned)(lsn >> 32), (unsigned)lsn);
    FOR_EACH_ROW(row)
    {
        if (known)
            put_str(out, row, buf);
        else
            put_null(out, row, ctx);
    }
    return 0;
}

static int k_encoding_to_char(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        int32_t enc = ARG(int32_t, 0, row);
        put_str(out, row, enc == 6 ? "UTF8" : enc == 0 ? "SQL_ASCII" : "");
    }
    return 0;
}

/* A setting from SessionSettings itself, or a fixed value (NULL: none): for a
 * call without a session's parameter hooks. buf (cap bytes) holds formatted ones. */
static const char *settings_value(const SessionSettings *s, const char *name, char *buf, size_t cap)
{
    const char *v = NULL;
    if (strcasecmp(name, "search_path") == 0)
        v = s->search_path;
    else if (strcasecmp(name, "timezone") == 0)
        v = s->timezone;
    else if (strcasecmp(name, "application_name") == 0)
        v = s->application_name;
    else if (strcasecmp(name, "client_encoding") == 0)
        v = s->client_encoding;
    else if (strcasecmp(name, "server_encoding") == 0)
        v = "UTF8";
    else if (strcasecmp(name, "server_version") == 0)
        v = "15.0";
    else if (strcasecmp(name, "server_version_num") == 0)
        v = "150000";
    else if (strcasecmp(name, "standard_conforming_strings") == 0)
        v = "on";
    else if (strcasecmp(name, "integer_datetimes") == 0)
        v = "on";
    else if (strcasecmp(name, "max_identifier_length") == 0)
        v = "63";
    else if (strcasecmp(name, "max_index_keys") == 0)
        v = "16";
    else if (strcasecmp(name, "intervalstyle") == 0)
        v = "postgres";
    else if (strcasecmp(name, "extra_float_digits") == 0) {
        snprintf(buf, cap, "%d", s->extra_float_digits);
        v = buf;
    } else if (strcasecmp(name, "datestyle") == 0) {
        static const char *styles[] = {"ISO", "Postgres", "SQL", "German"};
        static const char *orders[] = {"MDY", "DMY", "YMD"};
        snprintf(buf, cap, "%s, %s", styles[s->datestyle & 3],
                 orders[s->dateorder < 3 ? s->dateorder : 0]);
        v = buf;
    } else if (strcasecmp(name, "statement_timeout") == 0) {
        snprintf(buf, cap, "%lld", (long long)s->statement_timeout_ms);
        v = buf;
    }
    return v;
}

/* current_setting(name [, missing_ok]) for the settings the session keeps. */
static int k_current_setting(KERNEL_ARGS)
{
    SessionSettings defaults;
    const SessionSettings *s = ctx->settings;
    if (!s) {
        session_settings_defaults(&defaults);
        s = &defaults;
    }
    FOR_EACH_ROW(row)
    {
        if (!arg_valid(args, 0, row)) {
            put_null(out, row, ctx);
            continue;
        }
        char name[64], buf[300];
        arg_cstr(args, 0, row, name, sizeof(name));
        /* the session's parameters as SHOW prints them */
        const SessionViews *views = &s->views;
        const char *v = views->get_setting ? views->get_setting(views->session, name) : NULL;
        if (!v) v = settings_value(s, name, buf, sizeof(buf));
        if (!v) {
            bool missing_ok = call->nargs > 1 && arg_valid(args, 1, row) && ARG(uint8_t, 1, row);
            if (missing_ok) {
                put_null(out, row, ctx);
                continue;
            }
            return ERR(ctx->err, SQLSTATE_UNDEFINED_OBJECT,
                       "unrecognized configuration parameter \"%s\"", name);
        }
        vector_set_valid(out, row);
        put_str(out, row, v);
    }
    return 0;
}

/* set_config(name, value, is_local): SET [LOCAL] name = value (value NULL:
 * RESET), as the statement does, transactional too; returns the new value. */
static int k_set_config(KERNEL_ARGS)
{
    const SessionViews *v = ctx->settings ? &ctx->settings->views : NULL;
    FOR_EACH_ROW(row)
    {
        if (!arg_valid(args, 0, row))
            return ERR(ctx->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED, "SET requires parameter name");
        char name[64], value[1024];
        arg_cstr(args, 0, row, name, sizeof(name));
        bool has_value = arg_valid(args, 1, row);
        if (has_value) arg_cstr(args, 1, row, value, sizeof(value));
        bool local = arg_valid(args, 2, row) && ARG(uint8_t, 2, row);
        if (!v || !v->set_setting)
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "set_config needs a session");
        if (v->set_setting(v->session, name, has_value ? value : NULL, local, ctx->err) != 0)
            return -1;
        const char *now = v->get_setting(v->session, name);
        vector_set_valid(out, row);
        put_str(out, row, now ? now : "");
    }
    return 0;
}

/* ---- constraint and index definitions ---- */

static size_t put_cols(char *buf, size_t cap, size_t len, const CatTable *t, const int *cols, int n)
{
    for (int k = 0; k < n && len < cap; k++) {
        if (k) len += (size_t)snprintf(buf + len, cap - len, ", ");
        len = put_ident(buf, cap, len, t->cols[cols[k]].name);
    }
    return len;
}

/* "FOREIGN KEY (a) REFERENCES p(id) ON DELETE CASCADE [DEFERRABLE [INITIALLY
 * DEFERRED]]" for the foreign key with this OID; false if there is none. The
 * referenced table is schema-qualified unless `path` finds it (PostgreSQL's
 * generate_relation_name). */
static bool foreign_key_def(Catalog *cat, const char *path, Oid oid, char *buf, size_t cap)
{
    for (int i = 0; i < catalog_table_count(cat); i++) {
        const CatTable *t = catalog_table_at(cat, i);
        for (int k = 0; k < t->nfkeys; k++) {
            const CatForeignKey *fk = &t->fkeys[k];
            if (fk->oid != oid) continue;
            const CatTable *p = catalog_table_by_oid(cat, fk->ref_table);
            if (!p) return false;
            size_t len = (size_t)snprintf(buf, cap, "FOREIGN KEY (");
            len = put_cols(buf, cap, len, t, fk->cols, fk->ncols);
            if (len < cap) len += (size_t)snprintf(buf + len, cap - len, ") REFERENCES ");
            CatTable *found;
            CatView *found_view;
            catalog_relation_lookup(cat, path, p->name, &found, &found_view);
            if (found != p) {
                len = put_ident(buf, cap, len, p->schema->name);
                if (len < cap) buf[len++] = '.';
            }
            len = put_ident(buf, cap, len, p->name);
            if (len < cap) len += (size_t)snprintf(buf + len, cap - len, "(");
            len = put_cols(buf, cap, len, p, fk->ref_cols, fk->ncols);
            if (len < cap) len += (size_t)snprintf(buf + len, cap - len, ")");
            if (fk->on_update == 'r' && len < cap)
                len += (size_t)snprintf(buf + len, cap - len, " ON UPDATE RESTRICT");
            const char *del = fk->on_delete == 'r'   ? " ON DELETE RESTRICT"
                              : fk->on_delete == 'c' ? " ON DELETE CASCADE"
                              : fk->on_delete == 'n' ? " ON DELETE SET NULL"
                                                     : "";
            if (len < cap) len += (size_t)snprintf(buf + len, cap - len, "%s", del);
            if (fk->deferrable && len < cap)
                len += (size_t)snprintf(buf + len, cap - len, " DEFERRABLE");
            if (fk->initdeferred && len < cap)
                len += (size_t)snprintf(buf + len, cap - len, " INITIALLY DEFERRED");
            if (!fk->validated && len < cap) snprintf(buf + len, cap - len, " NOT VALID");
            return true;
        }
    }
    return false;
}

/* "CHECK ((a > 0))" [NOT VALID] for the check constraint with this OID;
 * NULL if there is none. Long conditions are returned in a heap-free way:
 * buf when it fits, else the text is cut (conditions are short). */
static const char *check_def(Catalog *cat, Oid oid, bool pretty, char *buf, size_t cap)
{
    for (int i = 0; i < catalog_table_count(cat); i++) {
        const CatTable *t = catalog_table_at(cat, i);
        for (int k = 0; k < t->nchecks; k++) {
            const CatCheck *c = &t->checks[k];
            if (c->oid != oid) continue;
            const char *body = pretty ? c->pretty_sql : c->def_sql;
            snprintf(buf, cap, "CHECK (%s)%s", body ? body : "", c->validated ? "" : " NOT VALID");
            return buf;
        }
    }
    return NULL;
}

static int k_get_constraintdef(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        const CatConstraint *con;
        CatTable *t = find_constraint(ctx->catalog, arg_oid(args, 0, row), &con);
        if (!t) {
            char fk[1024];
            bool pretty = call->nargs > 1 && vector_is_valid(args[1], row) && ARG(bool, 1, row);
            const char *chk =
                check_def(ctx->catalog, arg_oid(args, 0, row), pretty, fk, sizeof(fk));
            if (chk)
                put_str(out, row, chk);
            else if (foreign_key_def(ctx->catalog, search_path(ctx), arg_oid(args, 0, row), fk,
                                     sizeof(fk)))
                put_str(out, row, fk);
            else
                put_null(out, row, ctx);
            continue;
        }
        char buf[1024];
        size_t len = (size_t)snprintf(buf, sizeof(buf), "%s (",
                                      con->kind == CONSTR_PRIMARY ? "PRIMARY KEY" : "UNIQUE");
        len = put_key_cols(buf, sizeof(buf), len, t, con);
        if (len < sizeof(buf)) snprintf(buf + len, sizeof(buf) - len, ")");
        put_str(out, row, buf);
    }
    return 0;
}

/* pg_get_indexdef(oid [, column int4, pretty bool]): column 0 = the whole
 * CREATE INDEX statement, k > 0 = the k-th key column's name. */
static Oid regclass_lookup(EvalCtx *ctx, const char *name);

/* pg_get_viewdef(oid | text [, bool]): the view's definition text (one form
 * for pretty and not: docs/sql.md); NULL for anything else. */
/* Whether the session's search_path finds under its bare name exactly those
 * relations of view v that its stored text names bare (as when the view was
 * defined): that text then names them as PostgreSQL's pg_get_viewdef would
 * now. Otherwise (pg_dump sets search_path to ''), the text with every
 * relation schema-qualified. */
static bool view_deps_visible(EvalCtx *ctx, const CatView *v)
{
    const char *path = ctx->settings ? ctx->settings->search_path : NULL;
    for (int i = 0; i < v->ndeps; i++) {
        if (v->deps[i].col[0]) continue;
        Oid rel = v->deps[i].rel;
        const CatTable *t = catalog_table_by_oid(ctx->catalog, rel);
        const CatView *dv = t ? NULL : catalog_view_by_oid(ctx->catalog, rel);
        if (!t && !dv) continue; /* a system view: pg_catalog is always searched */
        CatTable *ft;
        CatView *fv;
        catalog_relation_lookup(ctx->catalog, path, t ? t->name : dv->name, &ft, &fv);
        if (((ft ? ft->oid : fv ? fv->oid : 0) == rel) != v->deps[i].bare) return false;
    }
    return true;
}

static int k_get_viewdef(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        Oid oid = 0;
        if (args[0]->type.id == TYPE_TEXT) {
            char name[256];
            arg_cstr(args, 0, row, name, sizeof(name));
            oid = regclass_lookup(ctx, name);
            if (!oid)
                return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist",
                           name);
        } else {
            oid = arg_oid(args, 0, row);
        }
        const CatView *v = ctx->catalog ? catalog_view_by_oid(ctx->catalog, oid) : NULL;
        const CatTable *mv = ctx->catalog && !v ? catalog_table_by_oid(ctx->catalog, oid) : NULL;
        if (mv && mv->matview) v = mv->matview; /* a materialized view */
        if (v)
            put_str(out, row, view_deps_visible(ctx, v) ? v->def_sql : v->qual_sql);
        else
            put_null(out, row, ctx);
    }
    return 0;
}

/* Whether search_path finds t under its bare name (PostgreSQL's pretty
 * printing leaves the schema out then). */
static bool table_visible(EvalCtx *ctx, const CatTable *t)
{
    CatTable *ft;
    CatView *fv;
    catalog_relation_lookup(ctx->catalog, ctx->settings ? ctx->settings->search_path : NULL,
                            t->name, &ft, &fv);
    return ft == t;
}

static int k_get_indexdef(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        const CatConstraint *con;
        CatTable *t = find_relation(ctx->catalog, arg_oid(args, 0, row), &con);
        if (!t || !con) {
            put_null(out, row, ctx);
            continue;
        }
        int colno = call->nargs > 1 ? ARG(int32_t, 1, row) : 0;
        bool pretty = call->nargs > 2 && arg_valid(args, 2, row) && ARG(uint8_t, 2, row);
        char buf[4096];
        buf[0] = 0;
        if (colno > 0)
            catalog_index_key_def(t, con, colno - 1, pretty, buf, sizeof(buf));
        else
            catalog_index_def(t, con, pretty, !pretty || !table_visible(ctx, t), buf, sizeof(buf));
        put_str(out, row, buf);
    }
    return 0;
}

/* ---- regclass ---- */

/* text -> regclass: an OID in digits, or a table/index name (optionally
 * schema-qualified, optionally double-quoted) resolved through search_path. */
/* The relation a regclass text names (PostgreSQL's regclassin: a number, or a
 * name, optionally schema-qualified and quoted, through search_path: a table,
 * view, index or a serial column's sequence); 0 if there is none. */
static Oid regclass_lookup(EvalCtx *ctx, const char *name)
{
    char *end = NULL;
    unsigned long num = strtoul(name, &end, 10);
    if (name[0] >= '0' && name[0] <= '9' && end && *end == 0) return (Oid)num;
    char parts[2][CATALOG_NAME_MAX];
    int nparts = catalog_split_name(name, parts);
    CatTable *t = NULL;
    CatView *v = NULL;
    Oid found = 0;
    if (ctx->catalog && nparts == 2) {
        CatSchema *s = catalog_schema_find(ctx->catalog, parts[0]);
        t = s ? catalog_table_find(ctx->catalog, s, parts[1]) : NULL;
        v = s && !t ? catalog_view_find(ctx->catalog, s, parts[1]) : NULL;
    } else if (ctx->catalog && nparts == 1) {
        catalog_relation_lookup(ctx->catalog, search_path(ctx), parts[0], &t, &v);
    }
    if (t) found = t->oid;
    if (v) found = v->oid;
    if (!found && ctx->catalog) {
        /* an index (constraint) name */
        const char *rel = parts[nparts - 1];
        int n = catalog_table_count(ctx->catalog);
        for (int i = 0; i < n && !found; i++) {
            CatTable *c = catalog_table_at(ctx->catalog, i);
            if (nparts == 2 ? strcmp(c->schema->name, parts[0]) != 0
                            : !schema_in_path(search_path(ctx), c->schema->name))
                continue;
            for (int k = 0; k < c->ncons && !found; k++)
                if (strcmp(c->cons[k].name, rel) == 0) found = c->cons[k].index_oid;
        }
    }
    if (!found) /* a sequence */
        found = func_sequence_lookup(ctx->catalog, search_path(ctx), nparts == 2 ? parts[0] : NULL,
                                     parts[nparts - 1]);
    for (int i = 0; !found && i < sysview_count(); i++) {
        /* a system view ('pg_catalog.pg_class'::regclass, as psql writes it) */
        const char *vs, *vn;
        Oid vo;
        sysview_at(i, &vs, &vn, &vo);
        if (strcmp(vn, parts[nparts - 1]) == 0 &&
            (nparts == 2 ? strcmp(vs, parts[0]) == 0
                         : strcmp(vs, "pg_catalog") == 0 || schema_in_path(search_path(ctx), vs)))
            found = vo;
    }
    return found;
}

static int k_text_regclass(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        char name[256];
        arg_cstr(args, 0, row, name, sizeof(name));
        Oid found = regclass_lookup(ctx, name);
        if (!found)
            return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", name);
        r[row] = (int64_t)found;
    }
    return 0;
}
/* to_regclass / to_regtype / to_regproc(text): the object the name names, or
 * NULL where the cast would fail (no such object, an ambiguous function). A
 * number is a name here, as in PostgreSQL. */
static int k_to_reg(KERNEL_ARGS)
{
    int64_t *r = out->data;
    TypeId want = call->u.func.def->ret;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        char name[256];
        arg_cstr(args, 0, row, name, sizeof(name));
        Oid found = 0;
        if (want == TYPE_REGCLASS) {
            bool digits = name[0] != 0;
            for (const char *c = name; *c && digits; c++) digits = *c >= '0' && *c <= '9';
            found = digits ? 0 : regclass_lookup(ctx, name);
        } else if (want == TYPE_REGTYPE) {
            TypeId t = type_from_name(name);
            const TypeEnumHooks *h = type_enum_hooks();
            found = t != TYPE_INVALID ? type_info(t)->oid
                    : h->by_name      ? h->by_name(h->ctx, name)
                                      : 0;
        } else {
            OmError ignored;
            error_clear(&ignored);
            if (func_regproc_lookup(name, &found, &ignored) != 0) found = 0;
        }
        if (found)
            r[row] = (int64_t)found;
        else
            vector_set_null(out, row, ctx->arena);
    }
    return 0;
}

/* regclass -> text: the relation's name, schema-qualified when it is not
 * visible through search_path; the number when no such relation exists. */
static int k_regclass_text(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        const CatConstraint *con;
        Oid oid = arg_oid(args, 0, row);
        CatTable *t = find_relation(ctx->catalog, oid, &con);
        CatView *v = t || !ctx->catalog ? NULL : catalog_view_by_oid(ctx->catalog, oid);
        char buf[160];
        if (v) {
            CatTable *ft;
            CatView *fv;
            catalog_relation_lookup(ctx->catalog, search_path(ctx), v->name, &ft, &fv);
            size_t len = 0;
            buf[0] = 0;
            if (fv != v) {
                len = put_ident(buf, sizeof(buf), 0, v->schema->name);
                if (len < sizeof(buf)) len += (size_t)snprintf(buf + len, sizeof(buf) - len, ".");
            }
            put_ident(buf, sizeof(buf), len, v->name);
        } else if (!t &&
                   func_sequence_name(ctx->catalog, search_path(ctx), oid, buf, sizeof(buf))) {
            /* a SERIAL column's sequence */
        } else if (!t) {
            snprintf(buf, sizeof(buf), "%u", oid);
        } else {
            const char *rel = con ? con->name : t->name;
            bool visible = con ? schema_in_path(search_path(ctx), t->schema->name)
                               : catalog_table_lookup(ctx->catalog, search_path(ctx), t->name) == t;
            size_t len = 0;
            buf[0] = 0;
            if (!visible) {
                len = put_ident(buf, sizeof(buf), 0, t->schema->name);
                if (len < sizeof(buf)) len += (size_t)snprintf(buf + len, sizeof(buf) - len, ".");
            }
            put_ident(buf, sizeof(buf), len, rel);
        }
        put_str(out, row, buf);
    }
    return 0;
}

/* ---- arrays held as text ----
 * The engine has no array type yet; catalog columns of array type (datacl,
 * reloptions, conkey ...) hold PostgreSQL's text form ('{a,b,"c d"}').
 * array_to_string over that form splits it back into elements. */

static int k_array_to_string(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, NULL);
    FOR_EACH_ROW(row)
    {
        const StrView *a = arg_str(args, 0, row);
        const StrView *sep = arg_str(args, 1, row);
        const char *p = strview_data(a), *end = p + a->len;
        strbuf_reset(&sb);
        bool first = true;
        if (p < end && *p == '{') p++;
        if (end > p && end[-1] == '}') end--;
        while (p < end) {
            char elem[1024];
            size_t n = 0;
            bool quoted = false;
            if (*p == '"') {
                quoted = true;
                p++;
                while (p < end && *p != '"') {
                    if (*p == '\\' && p + 1 < end) p++;
                    if (n < sizeof(elem) - 1) elem[n++] = *p;
                    p++;
                }
                if (p < end) p++;
            } else {
                while (p < end && *p != ',') {
                    if (n < sizeof(elem) - 1) elem[n++] = *p;
                    p++;
                }
            }
            elem[n] = 0;
            if (p < end && *p == ',') p++;
            bool is_null = !quoted && strcmp(elem, "NULL") == 0;
            const char *val = elem;
            if (is_null) {
                if (call->nargs < 3 || !arg_valid(args, 2, row)) continue;
                const StrView *ns = arg_str(args, 2, row);
                if (!first) strbuf_append(&sb, strview_data(sep), sep->len);
                strbuf_append(&sb, strview_data(ns), ns->len);
                first = false;
                continue;
            }
            if (!first) strbuf_append(&sb, strview_data(sep), sep->len);
            strbuf_puts(&sb, val);
            first = false;
        }
        ((StrView *)out->data)[row] =
            vector_add_string(out, sb.data ? sb.data : "", (uint32_t)sb.len);
    }
    strbuf_fini(&sb);
    return 0;
}

/* ---- sizes ---- */

static int64_t table_bytes(const CatTable *t)
{
    if (!t || !t->storage) return 0;
    int64_t width = 0;
    for (int c = 0; c < t->ncols; c++) width += type_info(t->cols[c].type.id)->width;
    return (int64_t)storage_table_row_count(t->storage) * width;
}

/* pg_table_size / pg_relation_size / pg_total_relation_size: an estimate
 * from the row count and the slot widths (strings' heap bytes not counted). */
/* pg_partition_ancestors(regclass): OmenDB has no partitions, so the set is
 * the relation alone (one row, as psql's \d expects). */
static int k_partition_ancestors(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        r[row] = (int64_t)arg_oid(args, 0, row);
    }
    return 0;
}

static int k_table_size(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const CatConstraint *con;
        CatTable *t = find_relation(ctx->catalog, arg_oid(args, 0, row), &con);
        if (!t) {
            put_null(out, row, ctx);
            continue;
        }
        r[row] =
            con ? (int64_t)storage_table_row_count(t->storage) * 16 * con->ncols : table_bytes(t);
    }
    return 0;
}

/* pg_database_size(name | oid): the estimates of every table and index of
 * the one database (pg_database: "omendb", OID 5); 3D000 for another. */
static int k_database_size(KERNEL_ARGS)
{
    int64_t *r = out->data;
    bool by_name = call->u.func.def->args[0] != TYPE_OID;
    FOR_EACH_ROW(row)
    {
        char name[128];
        if (by_name)
            arg_cstr(args, 0, row, name, sizeof(name));
        else
            snprintf(name, sizeof(name), "%u", arg_oid(args, 0, row));
        if (strcmp(name, by_name ? "omendb" : "5") != 0)
            return ERR(ctx->err, SQLSTATE_INVALID_CATALOG_NAME,
                       by_name ? "database \"%s\" does not exist"
                               : "database with OID %s does not exist",
                       name);
        int64_t total = 0;
        int n = ctx->catalog ? catalog_table_count(ctx->catalog) : 0;
        for (int i = 0; i < n; i++) {
            CatTable *t = catalog_table_at(ctx->catalog, i);
            total += table_bytes(t);
            for (int c = 0; c < t->ncons; c++)
                total += (int64_t)storage_table_row_count(t->storage) * 16 * t->cons[c].ncols;
        }
        r[row] = total;
    }
    return 0;
}

static int64_t half_rounded(int64_t x)
{
    return (x + (x < 0 ? -1 : 1)) / 2;
}

/* pg_size_pretty(int8), as PostgreSQL 15 rounds it. */
static int k_size_pretty(KERNEL_ARGS)
{
    static const char *units[] = {"kB", "MB", "GB", "TB", "PB"};
    const int64_t limit = 10 * 1024, limit2 = limit * 2 - 1;
    FOR_EACH_ROW(row)
    {
        int64_t size = ARG(int64_t, 0, row);
        char buf[64];
        if ((size < 0 ? -size : size) < limit) {
            snprintf(buf, sizeof(buf), "%lld bytes", (long long)size);
        } else {
            size >>= 9; /* one extra bit for rounding */
            int u = 0;
            while (u < 4 && (size < 0 ? -size : size) >= limit2) {
                size >>= 10;
                u++;
            }
            snprintf(buf, sizeof(buf), "%lld %s", (long long)half_rounded(size), units[u]);
        }
        put_str(out, row, buf);
    }
    return 0;
}

/* ---- functions ---- */

static const FuncDef *func_by_oid(Oid oid)
{
    int n = func_registry_count();
    for (int i = 0; i < n; i++) {
        const FuncDef *d = func_registry_get(i);
        if (d && d->oid == oid) return d;
    }
    return NULL;
}

static const char *arg_type_name(TypeId t)
{
    return t == FUNC_ARG_ANY ? "\"any\"" : type_info(t)->sql_name;
}

/* The user function an OID argument names (NULL for a built-in or none). */
static const CatFunction *user_function(EvalCtx *ctx, Vector **args, uint32_t row)
{
    return ctx->catalog ? catalog_function_by_oid(ctx->catalog, arg_oid(args, 0, row)) : NULL;
}

static void put_strbuf(Vector *out, uint32_t row, const StrBuf *sb)
{
    ((StrView *)out->data)[row] =
        vector_add_string(out, sb->len ? sb->data : "", (uint32_t)sb->len);
}

/* pg_get_function_result(oid): a built-in's result type, or a user
 * function's (func_userdef.c); NULL for an OID no function has and for a
 * procedure. */
static int k_function_result(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const CatFunction *f = user_function(ctx, args, row);
        if (f && f->is_procedure) {
            put_null(out, row, ctx);
            continue;
        }
        if (f) {
            strbuf_reset(&sb);
            func_userdef_result(ctx->catalog, f, search_path(ctx), &sb);
            put_strbuf(out, row, &sb);
            continue;
        }
        const FuncDef *d = func_by_oid(arg_oid(args, 0, row));
        if (!d) {
            put_null(out, row, ctx);
            continue;
        }
        put_str(out, row, d->ret == FUNC_ARG_ANY ? "anyelement" : type_info(d->ret)->sql_name);
    }
    return 0;
}

/* pg_get_function_arguments(oid) and pg_get_function_identity_arguments(oid)
 * (call->u.func.def->oid 16055: no DEFAULTs). A built-in has no defaults,
 * named or OUT arguments: the same text for both. */
static int k_function_arguments(KERNEL_ARGS)
{
    bool identity = call->u.func.def->oid == 16055;
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const CatFunction *f = user_function(ctx, args, row);
        if (f) {
            strbuf_reset(&sb);
            func_userdef_arguments(ctx->catalog, f, search_path(ctx), identity, &sb);
            put_strbuf(out, row, &sb);
            continue;
        }
        const FuncDef *d = func_by_oid(arg_oid(args, 0, row));
        if (!d) {
            put_null(out, row, ctx);
            continue;
        }
        char buf[256];
        size_t len = 0;
        buf[0] = 0;
        for (int a = 0; a < d->nargs && len < sizeof(buf); a++)
            len +=
                (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s%s", a ? ", " : "",
                                 (d->flags & FUNC_VARIADIC) && a == d->nargs - 1 ? "VARIADIC " : "",
                                 arg_type_name(d->args[a]));
        put_str(out, row, buf);
    }
    return 0;
}

/* pg_get_functiondef(oid): a user function's CREATE OR REPLACE FUNCTION;
 * NULL for a built-in (OmenDB has no definition text for it) and for an OID
 * no function has, as PostgreSQL answers for the latter. */
static int k_functiondef(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const CatFunction *f = user_function(ctx, args, row);
        if (!f) {
            put_null(out, row, ctx);
            continue;
        }
        strbuf_reset(&sb);
        func_userdef_definition(ctx->catalog, f, search_path(ctx), &sb);
        put_strbuf(out, row, &sb);
    }
    return 0;
}

/* pg_get_triggerdef(oid [, pretty]): a trigger's CREATE TRIGGER; NULL for
 * an OID no trigger has. */
static int k_triggerdef(KERNEL_ARGS)
{
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const CatTrigger *tg =
            ctx->catalog ? catalog_trigger_by_oid(ctx->catalog, arg_oid(args, 0, row)) : NULL;
        if (!tg) {
            put_null(out, row, ctx);
            continue;
        }
        strbuf_reset(&sb);
        func_userdef_triggerdef(ctx->catalog, tg, search_path(ctx), &sb);
        put_strbuf(out, row, &sb);
    }
    return 0;
}

/* pg_function_is_visible(oid): a user function through search_path; every
 * built-in is (pg_catalog is always searched). */
static int k_function_is_visible(KERNEL_ARGS)
{
    uint8_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const CatFunction *f = user_function(ctx, args, row);
        r[row] = !f || func_userdef_visible(ctx->catalog, f, search_path(ctx));
    }
    return 0;
}

#define TX  TYPE_TEXT
#define NM  TYPE_NAME
#define OI  TYPE_OID
#define I4  TYPE_INT4
#define BO  TYPE_BOOL
#define RC  TYPE_REGCLASS
#define VOL FUNC_VOLATILE
#define CAT_FN(name, n, r, k, oid, ...)                                                            \
    {                                                                                              \
        name, n, {__VA_ARGS__}, r, FUNC_STRICT | VOL, k, oid                                       \
    }

/* ---- enum_first(anyenum), enum_last(anyenum) ---- */

/* The first or last label of the argument's enum type; the argument's value
 * is not read (enum_first(NULL::mood) is mood's first label). */
static int enum_end(const Expr *call, uint32_t count, const uint16_t *sel, Vector *out,
                    EvalCtx *ctx, bool last)
{
    Oid type = (Oid)call->args[0]->type.typmod;
    CatEnum *e = ctx->catalog ? catalog_enum_by_oid(ctx->catalog, type) : NULL;
    const CatEnumLabels *l = e ? catalog_enum_labels(e) : NULL;
    double *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!l || l->n == 0) {
            put_null(out, row, ctx);
            continue;
        }
        r[row] = l->v[last ? l->n - 1 : 0].order;
        vector_set_valid(out, row);
    }
    return 0;
}

static int k_enum_first(KERNEL_ARGS)
{
    (void)args;
    return enum_end(call, count, sel, out, ctx, false);
}

static int k_enum_last(KERNEL_ARGS)
{
    (void)args;
    return enum_end(call, count, sel, out, ctx, true);
}

/* enum_range(anyenum) and enum_range(lower, upper): the labels of the
 * argument's type in order, from lower to upper (NULL: that end open), as an
 * array of the enum. */
static int k_enum_range(KERNEL_ARGS)
{
    Oid type = (Oid)call->args[0]->type.typmod;
    CatEnum *e = ctx->catalog ? catalog_enum_by_oid(ctx->catalog, type) : NULL;
    const CatEnumLabels *l = e ? catalog_enum_labels(e) : NULL;
    Value *vals = ARENA_NEW_ARRAY(ctx->arena, Value, l && l->n ? l->n : 1);
    StrBuf sb;
    strbuf_init(&sb, ctx->arena);
    FOR_EACH_ROW(row)
    {
        if (!l) {
            put_null(out, row, ctx);
            continue;
        }
        bool two = call->nargs == 2;
        bool has_lo = two && arg_valid(args, 0, row), has_hi = two && arg_valid(args, 1, row);
        double lo = has_lo ? ARG(double, 0, row) : 0, hi = has_hi ? ARG(double, 1, row) : 0;
        uint32_t n = 0;
        for (int k = 0; k < l->n; k++) {
            double o = l->v[k].order;
            if ((has_lo && o < lo) || (has_hi && o > hi)) continue;
            memset(&vals[n], 0, sizeof(Value));
            vals[n].type = (OmType){TYPE_ENUM, (int32_t)type};
            vals[n++].u.f8 = o;
        }
        strbuf_reset(&sb);
        array_write_1d(TYPE_ENUM, vals, n, &sb);
        ((StrView *)out->data)[row] = vector_add_string(out, sb.data, (uint32_t)sb.len);
        vector_set_valid(out, row);
    }
    return 0;
}

const FuncDef func_catalog_defs[] = {
    FNF("enum_range", 1, TYPE_ENUM_ARRAY, k_enum_range, 3531, VOL, TYPE_ENUM),
    FNF("enum_range", 2, TYPE_ENUM_ARRAY, k_enum_range, 3530, VOL, TYPE_ENUM, TYPE_ENUM),
    FNF("enum_first", 1, TYPE_ENUM, k_enum_first, 3528, VOL, TYPE_ENUM),
    FNF("enum_last", 1, TYPE_ENUM, k_enum_last, 3529, VOL, TYPE_ENUM),
    FNF("format_type", 2, TX, k_format_type, 16000, VOL, OI, I4),
    FN("pg_get_expr", 2, TX, k_get_expr, 16001, TX, OI),
    FN("pg_get_expr", 3, TX, k_get_expr, 16002, TX, OI, BO),
    CAT_FN("pg_table_is_visible", 1, BO, k_table_is_visible, 16003, OI),
    FN("pg_partition_ancestors", 1, RC, k_partition_ancestors, 16060, RC),
    FN("pg_type_is_visible", 1, BO, k_true, 16004, OI),
    CAT_FN("pg_function_is_visible", 1, BO, k_function_is_visible, 16005, OI),
    FN("pg_get_userbyid", 1, NM, k_get_userbyid, 16006, OI),
    CAT_FN("pg_get_constraintdef", 1, TX, k_get_constraintdef, 16011, OI),
    CAT_FN("pg_get_constraintdef", 2, TX, k_get_constraintdef, 16012, OI, BO),
    CAT_FN("pg_get_indexdef", 1, TX, k_get_indexdef, 16013, OI),
    CAT_FN("pg_get_viewdef", 1, TX, k_get_viewdef, 16080, OI),
    CAT_FN("pg_get_viewdef", 2, TX, k_get_viewdef, 16081, OI, BO),
    CAT_FN("pg_get_viewdef", 1, TX, k_get_viewdef, 16082, TX),
    CAT_FN("pg_get_viewdef", 2, TX, k_get_viewdef, 16083, TX, BO),
    CAT_FN("pg_get_indexdef", 3, TX, k_get_indexdef, 16014, OI, I4, BO),
    FN("pg_encoding_to_char", 1, NM, k_encoding_to_char, 16015, I4),
    FN("has_table_privilege", 2, BO, k_true, 16016, TX, TX),
    FN("has_table_privilege", 2, BO, k_true, 16017, OI, TX),
    FN("has_table_privilege", 3, BO, k_true, 16018, NM, TX, TX),
    FN("has_table_privilege", 3, BO, k_true, 16019, NM, OI, TX),
    FN("has_schema_privilege", 2, BO, k_true, 16020, TX, TX),
    FN("has_schema_privilege", 2, BO, k_true, 16021, OI, TX),
    FN("has_schema_privilege", 3, BO, k_true, 16022, NM, TX, TX),
    FN("has_schema_privilege", 3, BO, k_true, 16023, NM, OI, TX),
    FN("has_database_privilege", 2, BO, k_true, 16024, TX, TX),
    FN("has_database_privilege", 2, BO, k_true, 16025, OI, TX),
    FN("has_column_privilege", 3, BO, k_true, 16026, OI, TX, TX),
    FN("has_column_privilege", 3, BO, k_true, 16027, TX, TX, TX),
    FNF("current_user", 0, NM, k_current_user, 16030, 0, 0),
    FNF("session_user", 0, NM, k_current_user, 16031, 0, 0),
    FNF("current_role", 0, NM, k_current_user, 16032, 0, 0),
    FNF("user", 0, NM, k_current_user, 16033, 0, 0),
    FNF("current_database", 0, NM, k_current_user, 16034, 0, 0),
    FNF("current_catalog", 0, NM, k_current_user, 16035, 0, 0),
    FNF("current_schema", 0, NM, k_current_schema, 16036, VOL, 0),
    FNF("current_schemas", 1, TYPE_NAME_ARRAY, k_current_schemas, 1403, VOL | FUNC_STRICT, BO),
    FNF("pg_backend_pid", 0, I4, k_backend_pid, 16037, VOL, 0),
    FNF("pg_notify", 2, TYPE_VOID, k_pg_notify, 3036, VOL, TX, TX),
    FNF("pg_export_snapshot", 0, TX, k_export_snapshot, 3809, VOL, 0),
    /* the two tablespaces are the data directory's own: '' as in PostgreSQL */
    FNF("pg_tablespace_location", 1, TX, k_empty_text, 3778, FUNC_STRICT, OI),
    /* no standby mode: never in recovery once sessions run */
    FNF("pg_is_in_recovery", 0, BO, k_false, 3810, VOL, 0),
    /* OmenDB has no triggers: no OID names one (NULL, as for a missing OID) */
    CAT_FN("pg_get_triggerdef", 1, TX, k_triggerdef, 1662, OI),
    CAT_FN("pg_get_triggerdef", 2, TX, k_triggerdef, 2730, OI, BO),
    CAT_FN("pg_cancel_backend", 1, BO, k_signal_backend, 2171, I4),
    CAT_FN("pg_terminate_backend", 1, BO, k_signal_backend, 2096, I4),
    FNF("pg_my_temp_schema", 0, OI, k_my_temp_schema, 2854, VOL, 0),
    CAT_FN("pg_is_other_temp_schema", 1, BO, k_is_other_temp_schema, 2855, OI),
    FNF("current_setting", 1, TX, k_current_setting, 16038, VOL, TX),
    FNF("current_setting", 2, TX, k_current_setting, 16039, VOL, TX, BO),
    FNF("set_config", 3, TX, k_set_config, 2078, VOL, TX, TX, BO),
    FN("array_to_string", 2, TX, k_array_to_string, 16041, TX, TX),
    FNF("array_to_string", 3, TX, k_array_to_string, 16042, FUNC_STRICT, TX, TX, TX),
    CAT_FN("pg_table_size", 1, TYPE_INT8, k_table_size, 16043, OI),
    CAT_FN("pg_relation_size", 1, TYPE_INT8, k_table_size, 16044, OI),
    CAT_FN("pg_total_relation_size", 1, TYPE_INT8, k_table_size, 16045, OI),
    CAT_FN("pg_database_size", 1, TYPE_INT8, k_database_size, 2168, NM),
    CAT_FN("pg_database_size", 1, TYPE_INT8, k_database_size, 2324, OI),
    CAT_FN("pg_indexes_size", 1, TYPE_INT8, k_table_size, 16046, OI),
    FN("pg_size_pretty", 1, TX, k_size_pretty, 16047, TYPE_INT8),
    CAT_FN("pg_get_function_result", 1, TX, k_function_result, 16048, OI),
    CAT_FN("pg_get_function_arguments", 1, TX, k_function_arguments, 16049, OI),
    CAT_FN("pg_get_function_identity_arguments", 1, TX, k_function_arguments, 16055, OI),
    CAT_FN("pg_get_functiondef", 1, TX, k_functiondef, 2098, OI),
    FNF("pg_relation_is_publishable", 1, BO, k_null, 16040, 0, RC),
    FNF("pg_current_wal_lsn", 0, TX, k_wal_lsn, 16056, VOL, 0),
    FNF("pg_current_wal_flush_lsn", 0, TX, k_wal_lsn, 16057, VOL, 0),
    FNF("pg_current_wal_insert_lsn", 0, TX, k_wal_lsn, 16058, VOL, 0),
    FNF("pg_get_function_sqlbody", 1, TX, k_null, 16070, 0, OI),
    /* casts that need the catalog */
    CAT_FN("to_regclass", 1, RC, k_to_reg, 3495, TX),
    CAT_FN("to_regtype", 1, TYPE_REGTYPE, k_to_reg, 3493, TX),
    CAT_FN("to_regproc", 1, TYPE_REGPROC, k_to_reg, 3494, TX),
    {"regclass", 1, {TX}, RC, FUNC_STRICT | FUNC_IS_CAST | VOL, k_text_regclass, 16050},
    {"regclass", 1, {TYPE_VARCHAR}, RC, FUNC_STRICT | FUNC_IS_CAST | VOL, k_text_regclass, 16051},
    {"text",
     1,
     {RC},
     TX,
     FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST | VOL,
     k_regclass_text,
     16052},
    {"varchar",
     1,
     {RC},
     TYPE_VARCHAR,
     FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST | VOL,
     k_regclass_text,
     16053},
    {"name",
     1,
     {RC},
     NM,
     FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST | VOL,
     k_regclass_text,
     16054},
};
const int func_catalog_ndefs = sizeof(func_catalog_defs) / sizeof(func_catalog_defs[0]);
