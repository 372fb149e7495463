/*
 * sysview_pg_misc.c — the smaller pg_catalog views: pg_type (built-in types
 * and one composite row type per table), pg_am, pg_database, pg_roles /
 * pg_user / pg_authid (the single superuser omendb, OID 10, plus
 * pg_database_owner), pg_settings (from the session), pg_proc (from the
 * function registry and the catalog's user-defined functions), pg_collation,
 * pg_tablespace, pg_trigger (CREATE TRIGGER), and catalogs OmenDB has no
 * objects for, which exist so that client queries bind and return no rows
 * (pg_inherits, pg_policy, ...), and pg_views over the catalog's views.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "catalog/support_procs.h"
#include "catalog/sysview_int.h"
#include "common/strbuf.h"
#include "exec/func_registry.h"
#include "exec/func_userdef.h"

static const char *type_category(const TypeInfo *ti)
{
    switch (ti->category) {
    case TYPCAT_BOOL:
        return "B";
    case TYPCAT_NUMERIC:
        return "N";
    case TYPCAT_STRING:
        return "S";
    case TYPCAT_DATETIME:
        return "D";
    case TYPCAT_TIMESPAN:
        return "T";
    case TYPCAT_UNKNOWN:
        return "X";
    case TYPCAT_ARRAY:
        return "A";
    case TYPCAT_NETWORK:
        return "I";
    case TYPCAT_PSEUDO:
        return "P";
    default:
        return "U";
    }
}

/* A pg_type row's links: typelem, typarray, and whether it has array
 * subscripting. */
typedef struct TypeLinks {
    Oid elem, array;
    bool subscript;
} TypeLinks;

/* io: the type's input, output, receive and send functions (support_procs.h). */
static void type_row_linked(SvBuilder *b, Oid oid, const char *name, int typlen,
                            const char *typtype, const char *category, bool preferred, Oid nsp,
                            Oid relid, Oid collation, const Oid io[4], TypeLinks links, Oid owner);

static void type_row(SvBuilder *b, Oid oid, const char *name, int typlen, const char *typtype,
                     const char *category, bool preferred, Oid nsp, Oid relid, Oid collation,
                     const Oid io[4])
{
    /* arrays: their element type and subscripting; base types: their array type */
    TypeId id = relid ? TYPE_INVALID : type_from_oid(oid);
    bool arr = type_is_array(id);
    TypeId arr_of = arr ? TYPE_INVALID : type_array_of(id);
    TypeLinks links = {arr ? type_info(type_array_elem(id))->oid : 0,
                       arr_of != TYPE_INVALID ? type_info(arr_of)->oid : 0, arr};
    type_row_linked(b, oid, name, typlen, typtype, category, preferred, nsp, relid, collation, io,
                    links, SV_OWNER_OID);
}

static void type_row_linked(SvBuilder *b, Oid oid, const char *name, int typlen,
                            const char *typtype, const char *category, bool preferred, Oid nsp,
                            Oid relid, Oid collation, const Oid io[4], TypeLinks links, Oid owner)
{
    sv_oid(b, oid);                                                             /* oid */
    sv_str(b, name);                                                            /* typname */
    sv_oid(b, nsp);                                                             /* typnamespace */
    sv_oid(b, owner);                                                           /* typowner */
    sv_int(b, typlen);                                                          /* typlen */
    sv_bool(b, typlen > 0 && typlen <= 8);                                      /* typbyval */
    sv_str(b, typtype);                                                         /* typtype */
    sv_str(b, category);                                                        /* typcategory */
    sv_bool(b, preferred);                                                      /* typispreferred */
    sv_bool(b, true);                                                           /* typisdefined */
    sv_str(b, ",");                                                             /* typdelim */
    sv_oid(b, relid);                                                           /* typrelid */
    sv_oid(b, links.subscript ? SUPPORT_PROC_ARRAY_SUBSCRIPT : 0);              /* typsubscript */
    sv_oid(b, links.elem);                                                      /* typelem */
    sv_oid(b, links.array);                                                     /* typarray */
    sv_oid(b, io[SUPPORT_IN]);                                                  /* typinput */
    sv_oid(b, io[SUPPORT_OUT]);                                                 /* typoutput */
    sv_oid(b, io[SUPPORT_RECV]);                                                /* typreceive */
    sv_oid(b, io[SUPPORT_SEND]);                                                /* typsend */
    sv_oid(b, 0);                                                               /* typmodin */
    sv_oid(b, 0);                                                               /* typmodout */
    sv_oid(b, 0);                                                               /* typanalyze */
    sv_str(b, typlen == 8 ? "d" : typlen == 2 ? "s" : typlen == 1 ? "c" : "i"); /* typalign */
    /* typstorage: numeric is "main" (compressed inline), other varlenas "extended" */
    sv_str(b, typlen != -1 ? "p" : oid == 1700 ? "m" : "x");
    sv_bool(b, false);    /* typnotnull */
    sv_oid(b, 0);         /* typbasetype */
    sv_int(b, -1);        /* typtypmod */
    sv_int(b, 0);         /* typndims */
    sv_oid(b, collation); /* typcollation */
    sv_row_end(b);        /* typdefaultbin, typdefault, typacl */
}

static int fill_type(SvBuilder *b)
{
    Oid io[4], rec[4], unk[4];
    for (int k = 0; k < 4; k++) {
        rec[k] = support_proc_record_io((SupportIo)k);
        unk[k] = support_proc_unknown_io((SupportIo)k);
    }
    for (int t = TYPE_BOOL; t < TYPE__COUNT; t++) {
        if (t == TYPE_ENUM_ARRAY) continue; /* each enum's array type has its row below */
        const TypeInfo *ti = type_info((TypeId)t);
        bool arr = type_is_array((TypeId)t) && t != TYPE_INT2VECTOR && t != TYPE_OIDVECTOR;
        for (int k = 0; k < 4; k++) io[k] = support_proc_type_io((TypeId)t, (SupportIo)k);
        bool pseudo = ti->category == TYPCAT_PSEUDO || t == TYPE_ENUM; /* anyenum */
        type_row(b, ti->oid, ti->name, ti->typlen, pseudo ? "p" : "b",
                 pseudo ? "P" : type_category(ti), ti->preferred, OID_NAMESPACE_PG_CATALOG, 0,
                 sv_type_collation(arr ? ti->elem : (TypeId)t), io);
    }
    /* each enum type and its array type (_name) */
    Oid eio[4], aio[4];
    for (int k = 0; k < 4; k++) {
        eio[k] = support_proc_type_io(TYPE_ENUM, (SupportIo)k);
        aio[k] = support_proc_type_io(TYPE_TEXT_ARRAY, (SupportIo)k);
    }
    for (int i = 0; i < catalog_enum_count(b->cat); i++) {
        const CatEnum *e = catalog_enum_at(b->cat, i);
        char aname[CATALOG_NAME_MAX + 1];
        snprintf(aname, sizeof(aname), "_%s", e->name);
        type_row_linked(b, e->oid, e->name, 4, "e", "E", false, e->schema->oid, 0, 0, eio,
                        (TypeLinks){0, e->array_oid, false}, e->owner);
        type_row_linked(b, e->array_oid, aname, -1, "b", "A", false, e->schema->oid, 0, 0, aio,
                        (TypeLinks){e->oid, 0, true}, e->owner);
    }
    type_row(b, OID_UNKNOWN, "unknown", -2, "p", "X", false, OID_NAMESPACE_PG_CATALOG, 0, 0, unk);
    int n = catalog_table_count(b->cat);
    for (int i = 0; i < n; i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        type_row(b, t->type_oid, t->name, -1, "c", "C", false, t->schema->oid, t->oid, 0, rec);
    }
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        type_row(b, v->type_oid, v->name, -1, "c", "C", false, v->schema->oid, v->oid, 0, rec);
    }
    return b->rc;
}

static int fill_enum(SvBuilder *b)
{
    for (int i = 0; i < catalog_enum_count(b->cat); i++) {
        const CatEnum *e = catalog_enum_at(b->cat, i);
        const CatEnumLabels *l = catalog_enum_labels(e);
        for (int k = 0; k < l->n; k++) {
            sv_oid(b, l->v[k].oid);
            sv_oid(b, e->oid);
            sv_float(b, l->v[k].order);
            sv_str(b, l->v[k].name);
            sv_row_end(b);
        }
    }
    return b->rc;
}

static int fill_matviews(SvBuilder *b)
{
    for (int i = 0; i < catalog_table_count(b->cat); i++) {
        const CatTable *t = catalog_table_at(b->cat, i);
        if (!sv_table_listed(b, t)) continue;
        if (!t->matview) continue;
        sv_str(b, t->schema->name);
        sv_str(b, t->name);
        sv_str(b, "omendb");
        sv_null(b);
        sv_bool(b, t->ncons > 0);
        sv_bool(b, t->populated);
        sv_str(b, t->matview->def_sql);
        sv_row_end(b);
    }
    return b->rc;
}

static int fill_views(SvBuilder *b)
{
    for (int i = 0; i < catalog_view_count(b->cat); i++) {
        const CatView *v = catalog_view_at(b->cat, i);
        sv_str(b, v->schema->name);
        sv_str(b, v->name);
        sv_str(b, "omendb");
        sv_str(b, v->def_sql);
        sv_row_end(b);
    }
    return b->rc;
}

static int fill_am(SvBuilder *b)
{
    sv_oid(b, SV_AM_HEAP);
    sv_str(b, "heap");
    sv_oid(b, SUPPORT_PROC_HEAP_HANDLER);
    sv_str(b, "t");
    sv_row_end(b);
    /* the index methods in PostgreSQL's order; handlers bthandler (330) ... brinhandler (335) */
    static const int ams[] = {CAT_AM_BTREE, CAT_AM_HASH,   CAT_AM_GIST,
                              CAT_AM_GIN,   CAT_AM_SPGIST, CAT_AM_BRIN};
    for (int i = 0; i < (int)(sizeof(ams) / sizeof(ams[0])); i++) {
        sv_oid(b, catalog_index_am_oid(ams[i]));
        sv_str(b, catalog_index_am_name(ams[i]));
        sv_oid(b, (Oid)(SUPPORT_PROC_BTREE_HANDLER + ams[i]));
        sv_str(b, "i");
        sv_row_end(b);
    }
    return b->rc;
}

/* The languages PostgreSQL 15 ships in every database (OmenDB's functions are
 * all "internal"; CREATE FUNCTION is not supported). */
static int fill_language(SvBuilder *b)
{
    static const struct {
        Oid oid;
        const char *name;
        bool trusted;
        Oid validator;
        Oid call, inline_;
    } langs[] = {{12, "internal", false, 2246, 0, 0},
                 {13, "c", false, 2247, 0, 0},
                 {14, "sql", true, 2248, 0, 0},
                 /* the extension's (sql_extension.c); no function can be created in it */
                 {CATALOG_PLPGSQL_LANGUAGE_OID, "plpgsql", true, 13562, 13560, 13561}};
    for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++) {
        sv_oid(b, langs[i].oid);
        sv_str(b, langs[i].name);
        sv_oid(b, SV_OWNER_OID);
        sv_bool(b, langs[i].call != 0); /* lanispl */
        sv_bool(b, langs[i].trusted);
        sv_oid(b, langs[i].call);    /* lanplcallfoid */
        sv_oid(b, langs[i].inline_); /* laninline */
        sv_oid(b, langs[i].validator);
        sv_null(b); /* lanacl */
        sv_row_end(b);
    }
    return b->rc;
}

static int fill_extension(SvBuilder *b)
{
    sv_oid(b, CATALOG_PLPGSQL_EXTENSION_OID);
    sv_str(b, "plpgsql");
    sv_oid(b, SV_OWNER_OID);
    sv_oid(b, OID_NAMESPACE_PG_CATALOG);
    sv_bool(b, false); /* extrelocatable */
    sv_str(b, "1.0");
    sv_row_end(b); /* extconfig, extcondition: NULL */
    return b->rc;
}

static int fill_available_extensions(SvBuilder *b)
{
    sv_str(b, "plpgsql");
    sv_str(b, "1.0");
    sv_str(b, "1.0");
    sv_str(b, "PL/pgSQL procedural language");
    sv_row_end(b);
    return b->rc;
}

static int fill_database(SvBuilder *b)
{
    sv_oid(b, SV_DATABASE_OID);
    sv_str(b, "omendb");
    sv_oid(b, SV_OWNER_OID);
    sv_int(b, 6); /* encoding: UTF8 */
    sv_str(b, "c");
    sv_str(b, "C");
    sv_str(b, "C");
    sv_null(b);
    sv_null(b);
    sv_bool(b, false);
    sv_bool(b, true);
    sv_int(b, -1);
    sv_int(b, 0);
    sv_int(b, 0);
    sv_oid(b, 1663);
    sv_row_end(b);
    return b->rc;
}

/* pg_roles / pg_authid rows: omendb (superuser) and pg_database_owner. */
static void role_rows(SvBuilder *b, bool authid)
{
    static const struct {
        Oid oid;
        const char *name;
        bool super;
    } roles[] = {{SV_OWNER_OID, "omendb", true},
                 {SV_DB_OWNER_ROLE_OID, "pg_database_owner", false}};
    for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
        bool s = roles[i].super;
        if (authid) sv_oid(b, roles[i].oid);
        sv_str(b, roles[i].name); /* rolname */
        sv_bool(b, s);            /* rolsuper */
        sv_bool(b, true);         /* rolinherit */
        sv_bool(b, s);            /* rolcreaterole */
        sv_bool(b, s);            /* rolcreatedb */
        sv_bool(b, s);            /* rolcanlogin */
        sv_bool(b, s);            /* rolreplication */
        sv_bool(b, s);            /* rolbypassrls */
        sv_int(b, -1);            /* rolconnlimit */
        if (authid) {
            /* rolpassword: the SCRAM verifier, as PostgreSQL stores it */
            const SessionSettings *st = b->settings;
            char verifier[256];
            if (st && st->views.role_password &&
                st->views.role_password(st->views.session, roles[i].name, verifier,
                                        sizeof verifier))
                sv_str(b, verifier);
            else
                sv_null(b);
        } else {
            sv_str(b, "********"); /* rolpassword */
            sv_null(b);            /* rolvaliduntil */
            sv_null(b);            /* rolconfig */
            sv_oid(b, roles[i].oid);
        }
        sv_row_end(b);
    }
}

static int fill_roles(SvBuilder *b)
{
    role_rows(b, false);
    return b->rc;
}

static int fill_authid(SvBuilder *b)
{
    role_rows(b, true);
    return b->rc;
}

static int fill_user(SvBuilder *b)
{
    sv_str(b, "omendb");
    sv_oid(b, SV_OWNER_OID);
    for (int i = 0; i < 4; i++) sv_bool(b, true);
    sv_str(b, "********");
    sv_row_end(b);
    return b->rc;
}

static void setting_row(SvBuilder *b, const char *name, const char *value, const char *unit,
                        const char *context, const char *vartype, const char *desc)
{
    sv_str(b, name);
    sv_str(b, value);
    sv_str(b, unit);
    sv_str(b, "Client Connection Defaults");
    sv_str(b, desc);
    sv_null(b);
    sv_str(b, context);
    sv_str(b, vartype);
    sv_str(b, "default");
    sv_null(b);
    sv_null(b);
    sv_null(b);
    sv_str(b, value);
    sv_str(b, value);
    sv_null(b);
    sv_null(b);
    sv_bool(b, false);
    sv_row_end(b);
}

static int emit_prepared(void *ectx, const SessionPreparedRow *row)
{
    SvBuilder *b = ectx;
    sv_str(b, row->name);
    sv_str(b, row->statement);
    sv_int(b, row->prepare_time);
    sv_str(b, row->parameter_types);
    sv_bool(b, row->from_sql);
    sv_int(b, row->generic_plans);
    sv_int(b, row->custom_plans);
    sv_row_end(b);
    return b->rc;
}

/* pg_prepared_statements: the session's named statements (protocol Parse and
 * SQL PREPARE), through the hook the sql layer put in the settings. */
static int fill_prepared_statements(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.list_prepared) return 0;
    return s->views.list_prepared(s->views.session, emit_prepared, b);
}

static int emit_cursor(void *ectx, const SessionCursorRow *row)
{
    SvBuilder *b = ectx;
    sv_str(b, row->name);
    sv_str(b, row->statement);
    sv_bool(b, row->is_holdable);
    sv_bool(b, row->is_binary);
    sv_bool(b, row->is_scrollable);
    sv_int(b, row->creation_time);
    sv_row_end(b);
    return b->rc;
}

/* pg_cursors: the session's named portals, SQL cursors and protocol portals
 * alike, as in PostgreSQL. */
static int fill_cursors(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.list_cursors) return 0;
    return s->views.list_cursors(s->views.session, emit_cursor, b);
}

/* omendb_plan_cache: hits and misses of the simple-protocol plan cache, for
 * this session and for the server (docs/plan_cache.md). */
static int fill_plan_cache(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.plan_cache) return 0;
    SessionPlanCacheCounts c[2];
    s->views.plan_cache(s->views.session, &c[0], &c[1]);
    for (int i = 0; i < 2; i++) {
        sv_str(b, i == 0 ? "session" : "server");
        sv_int(b, (int64_t)c[i].hits);
        sv_int(b, (int64_t)c[i].misses);
        sv_int(b, (int64_t)c[i].custom);
        sv_int(b, (int64_t)c[i].evictions);
        sv_int(b, (int64_t)c[i].entries);
        uint64_t looked = c[i].hits + c[i].misses + c[i].custom;
        if (looked)
            sv_float(b, (double)c[i].hits / (double)looked);
        else
            sv_null(b);
        sv_row_end(b);
    }
    return b->rc;
}

static void sv_timestamptz_or_null(SvBuilder *b, int64_t ts)
{
    if (ts)
        sv_int(b, ts);
    else
        sv_null(b);
}

static int emit_activity(void *ectx, const SessionActivityRow *row)
{
    SvBuilder *b = ectx;
    sv_oid(b, SV_DATABASE_OID); /* datid */
    sv_str(b, row->datname);
    sv_int(b, row->pid);
    sv_null(b);              /* leader_pid: no parallel workers */
    sv_oid(b, SV_OWNER_OID); /* usesysid: the one role */
    sv_str(b, row->usename);
    sv_str(b, row->application_name);
    sv_str(b, row->client_addr); /* NULL over a Unix-domain socket, as in PostgreSQL */
    sv_null(b);                  /* client_hostname: log_hostname is off */
    sv_int(b, row->client_port);
    sv_timestamptz_or_null(b, row->backend_start);
    sv_timestamptz_or_null(b, row->xact_start);
    sv_timestamptz_or_null(b, row->query_start);
    sv_timestamptz_or_null(b, row->state_change);
    if (row->state && strcmp(row->state, "active") != 0) {
        sv_str(b, "Client"); /* wait_event_type, wait_event: waiting for the client */
        sv_str(b, "ClientRead");
    } else if (row->lock_wait) {
        sv_str(b, "Lock"); /* a row's writer: PostgreSQL waits on its transactionid lock */
        sv_str(b, row->lock_wait);
    } else {
        sv_null(b);
        sv_null(b);
    }
    sv_str(b, row->state);
    sv_null(b); /* backend_xid */
    sv_null(b); /* backend_xmin */
    sv_null(b); /* query_id: compute_query_id is off */
    sv_str(b, row->query);
    sv_str(b, "client backend");
    sv_row_end(b);
    return b->rc;
}

static int emit_ssl(void *ectx, const SessionActivityRow *row)
{
    SvBuilder *b = ectx;
    sv_int(b, row->pid);
    sv_bool(b, row->ssl);
    if (row->ssl) {
        sv_str(b, row->ssl_version);
        sv_str(b, row->ssl_cipher);
        sv_int(b, row->ssl_bits);
    }
    sv_row_end(b); /* version..bits NULL without TLS; no client certificates */
    return b->rc;
}

/* pg_stat_ssl: one row per client connection, TLS or not. */
static int fill_ssl(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.list_activity) return 0;
    return s->views.list_activity(s->views.session, emit_ssl, b);
}

/* pg_stat_activity: one row per client connection of the server (the
 * background threads are not listed). */
static int fill_activity(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.list_activity) return 0;
    return s->views.list_activity(s->views.session, emit_activity, b);
}

static int emit_lock(void *ectx, const SessionLockRow *row)
{
    SvBuilder *b = ectx;
    sv_str(b, "advisory");
    sv_oid(b, SV_DATABASE_OID);
    sv_null(b);                                 /* relation */
    sv_null(b);                                 /* page */
    sv_null(b);                                 /* tuple */
    sv_null(b);                                 /* virtualxid */
    sv_null(b);                                 /* transactionid */
    sv_oid(b, (Oid)((uint64_t)row->key >> 32)); /* classid: the key's high half */
    sv_oid(b, (Oid)(uint32_t)row->key);         /* objid: its low half */
    sv_int(b, row->kind);                       /* objsubid: 1 bigint key, 2 int4 pair */
    char vt[24];
    snprintf(vt, sizeof(vt), "%d/1", (int)row->pid);
    sv_str(b, vt); /* virtualtransaction */
    sv_int(b, row->pid);
    sv_str(b, row->shared ? "ShareLock" : "ExclusiveLock");
    sv_bool(b, row->granted);
    sv_bool(b, false); /* fastpath */
    sv_row_end(b);     /* waitstart: NULL */
    return b->rc;
}

/* pg_locks: the advisory locks (OmenDB takes no other kind of lock that
 * pg_locks would show: rows are written in place under MVCC). */
static int fill_locks(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.list_locks) return 0;
    return s->views.list_locks(s->views.session, emit_lock, b);
}

static int fill_wal(SvBuilder *b)
{
    const SessionSettings *s = b->settings;
    if (!s || !s->views.wal) return 0;
    SessionWalCounts c;
    s->views.wal(s->views.session, &c);
    if (!c.present) return 0;
    sv_int(b, (int64_t)c.commits);
    sv_int(b, (int64_t)c.flushes);
    sv_int(b, (int64_t)c.replies_by_flush);
    sv_int(b, (int64_t)c.segments_made);
    sv_row_end(b);
    return b->rc;
}

static int fill_settings(SvBuilder *b)
{
    SessionSettings defaults;
    const SessionSettings *s = b->settings;
    if (!s) {
        session_settings_defaults(&defaults);
        s = &defaults;
    }
    static const char *styles[] = {"ISO", "Postgres", "SQL", "German"};
    static const char *orders[] = {"MDY", "DMY", "YMD"};
    char buf[64], efd[16], timeout[32];
    snprintf(buf, sizeof(buf), "%s, %s", styles[s->datestyle & 3],
             orders[s->dateorder < 3 ? s->dateorder : 0]);
    snprintf(efd, sizeof(efd), "%d", s->extra_float_digits);
    snprintf(timeout, sizeof(timeout), "%lld", (long long)s->statement_timeout_ms);
    setting_row(b, "application_name", s->application_name, NULL, "user", "string",
                "Sets the application name to be reported in statistics and logs.");
    setting_row(b, "checkpoint_timeout", s->checkpoint_timeout, NULL, "sighup", "integer",
                "Sets the maximum time between automatic checkpoints.");
    setting_row(b, "client_encoding", s->client_encoding, NULL, "user", "string",
                "Sets the client's character set encoding.");
    setting_row(b, "DateStyle", buf, NULL, "user", "string",
                "Sets the display format for date and time values.");
    setting_row(b, "extra_float_digits", efd, NULL, "user", "integer",
                "Sets the number of digits displayed for floating-point values.");
    setting_row(b, "integer_datetimes", "on", NULL, "internal", "bool",
                "Shows whether datetimes are integer based.");
    setting_row(b, "IntervalStyle", "postgres", NULL, "user", "enum",
                "Sets the display format for interval values.");
    setting_row(b, "max_identifier_length", "63", NULL, "internal", "integer",
                "Shows the maximum identifier length.");
    setting_row(b, "max_index_keys", "16", NULL, "internal", "integer",
                "Shows the maximum number of index keys.");
    setting_row(b, "max_wal_size", s->max_wal_size, NULL, "sighup", "integer",
                "Sets the WAL size that triggers a checkpoint.");
    setting_row(b, "search_path", session_settings_search_path_user(s), NULL, "user", "string",
                "Sets the schema search order for names that are not schema-qualified.");
    setting_row(b, "server_encoding", "UTF8", NULL, "internal", "string",
                "Shows the server (database) character set encoding.");
    setting_row(b, "server_version", "15.0", NULL, "internal", "string",
                "Shows the server version.");
    setting_row(b, "server_version_num", "150000", NULL, "internal", "integer",
                "Shows the server version as an integer.");
    setting_row(b, "standard_conforming_strings", "on", NULL, "user", "bool",
                "Causes '...' strings to treat backslashes literally.");
    setting_row(b, "statement_timeout", timeout, "ms", "user", "integer",
                "Sets the maximum allowed duration of any statement.");
    setting_row(b, "TimeZone", s->timezone, NULL, "user", "string",
                "Sets the time zone for displaying and interpreting time stamps.");
    return sysview_settings_text_rows(b);
}

static int fill_collation(SvBuilder *b)
{
    static const struct {
        Oid oid;
        const char *name;
        const char *provider;
    } colls[] = {{100, "default", "d"}, {950, "C", "c"}, {951, "POSIX", "c"}};
    for (size_t i = 0; i < sizeof(colls) / sizeof(colls[0]); i++) {
        sv_oid(b, colls[i].oid);
        sv_str(b, colls[i].name);
        sv_oid(b, OID_NAMESPACE_PG_CATALOG);
        sv_oid(b, SV_OWNER_OID);
        sv_str(b, colls[i].provider);
        sv_bool(b, true);
        sv_int(b, -1);
        sv_str(b, colls[i].oid == 100 ? NULL : colls[i].name);
        sv_str(b, colls[i].oid == 100 ? NULL : colls[i].name);
        sv_row_end(b);
    }
    return b->rc;
}

static int fill_tablespace(SvBuilder *b)
{
    sv_oid(b, 1663);
    sv_str(b, "pg_default");
    sv_oid(b, SV_OWNER_OID);
    sv_row_end(b);
    sv_oid(b, 1664);
    sv_str(b, "pg_global");
    sv_oid(b, SV_OWNER_OID);
    sv_row_end(b);
    return b->rc;
}

/* Appends an array element as array_out writes it: double-quoted when empty,
 * NULL, or holding a delimiter, brace, quote, backslash or space. */
static void array_elem(StrBuf *sb, const char *s)
{
    bool quote = !*s || strcasecmp(s, "NULL") == 0;
    for (const char *c = s; *c && !quote; c++)
        quote = strchr("{},\"\\", *c) || isspace((unsigned char)*c);
    if (!quote) {
        strbuf_puts(sb, s);
        return;
    }
    strbuf_putc(sb, '"');
    for (const char *c = s; *c; c++) {
        if (*c == '"' || *c == '\\') strbuf_putc(sb, '\\');
        strbuf_putc(sb, *c);
    }
    strbuf_putc(sb, '"');
}

/* A user-defined function's row (CREATE FUNCTION ... LANGUAGE sql), as
 * PostgreSQL 15 stores it: proallargtypes and proargmodes only when some
 * argument is not IN, proargnames only when some argument has a name
 * (func_userdef.c derives the modes). proargdefaults (a node tree in
 * PostgreSQL) stays NULL: pg_get_function_arguments shows the defaults. */
static void user_proc_row(SvBuilder *b, const CatFunction *f)
{
    int max = func_userdef_max_args(f), ndefaults = 0;
    FuncUserArg *args = malloc(sizeof(FuncUserArg) * (size_t)(max > 0 ? max : 1));
    if (!args) {
        b->rc = ERR(b->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return;
    }
    int n = func_userdef_all_args(f, args);
    StrBuf types, all, modes, names;
    strbuf_init(&types, NULL);
    strbuf_init(&all, NULL);
    strbuf_init(&modes, NULL);
    strbuf_init(&names, NULL);
    bool all_in = true, named = false;
    for (int i = 0; i < n; i++) {
        Oid oid = type_oid_of(args[i].type);
        if (args[i].mode == 'i' || args[i].mode == 'b')
            strbuf_printf(&types, "%s%u", types.len ? " " : "", (unsigned)oid);
        if (args[i].default_sql) ndefaults++;
        all_in = all_in && args[i].mode == 'i';
        named = named || args[i].name[0];
        strbuf_printf(&all, "%s%u", i ? "," : "{", (unsigned)oid);
        strbuf_printf(&modes, "%s%c", i ? "," : "{", args[i].mode);
        strbuf_puts(&names, i ? "," : "{");
        array_elem(&names, args[i].name);
    }
    strbuf_puts(&all, "}");
    strbuf_puts(&modes, "}");
    strbuf_puts(&names, "}");
    free(args);
    sv_oid(b, f->oid);                                                          /* oid */
    sv_str(b, f->name);                                                         /* proname */
    sv_oid(b, f->schema->oid);                                                  /* pronamespace */
    sv_oid(b, f->owner);                                                        /* proowner */
    sv_oid(b, f->lang == CAT_LANG_PLPGSQL ? CATALOG_PLPGSQL_LANGUAGE_OID : 14); /* prolang */
    sv_float(b, 100);                                                           /* procost */
    sv_float(b, f->retset ? 1000 : 0);                                          /* prorows */
    sv_oid(b, 0);                                                               /* provariadic */
    sv_oid(b, 0);                                                               /* prosupport */
    sv_str(b, f->is_procedure ? "p" : "f");                                     /* prokind */
    sv_bool(b, false);                                                          /* prosecdef */
    sv_bool(b, false);                                                          /* proleakproof */
    sv_bool(b, f->strict);                                                      /* proisstrict */
    sv_bool(b, f->retset);                                                      /* proretset */
    sv_str(b, (char[]){f->volatility, 0});                                      /* provolatile */
    sv_str(b, "u");                                                             /* proparallel */
    sv_int(b, f->nargs);                                                        /* pronargs */
    sv_int(b, ndefaults);                       /* pronargdefaults */
    sv_oid(b, func_userdef_rettype(b->cat, f)); /* prorettype */
    sv_str(b, types.len ? types.data : "");     /* proargtypes: never NULL */
    sv_str(b, all_in ? NULL : all.data);        /* proallargtypes */
    sv_str(b, all_in ? NULL : modes.data);      /* proargmodes */
    sv_str(b, named ? names.data : NULL);       /* proargnames */
    sv_null(b);                                 /* proargdefaults */
    sv_null(b);                                 /* protrftypes */
    sv_str(b, f->body ? f->body : "");          /* prosrc */
    sv_row_end(b);                              /* probin, prosqlbody, proconfig, proacl: NULL */
    strbuf_fini(&types);
    strbuf_fini(&all);
    strbuf_fini(&modes);
    strbuf_fini(&names);
}

static int fill_proc(SvBuilder *b)
{
    int n = func_registry_count();
    for (int i = 0; i < n; i++) {
        const FuncDef *d = func_registry_get(i);
        if (!func_registry_listed(d)) continue;
        char args[128];
        size_t len = 0;
        args[0] = 0;
        for (int a = 0; a < d->nargs && len < sizeof(args); a++) {
            TypeId t = d->args[a];
            Oid oid = t == FUNC_ARG_ANY ? 2276 /* any */ : sv_type_oid(t);
            len += (size_t)snprintf(args + len, sizeof(args) - len, "%s%u", a ? " " : "", oid);
        }
        sv_oid(b, d->oid);                                              /* oid */
        sv_str(b, d->name);                                             /* proname */
        sv_oid(b, OID_NAMESPACE_PG_CATALOG);                            /* pronamespace */
        sv_oid(b, SV_OWNER_OID);                                        /* proowner */
        sv_oid(b, 12);                                                  /* prolang: internal */
        sv_float(b, 1);                                                 /* procost */
        sv_float(b, 0);                                                 /* prorows */
        sv_oid(b, 0);                                                   /* provariadic */
        sv_oid(b, 0);                                                   /* prosupport */
        sv_str(b, "f");                                                 /* prokind */
        sv_bool(b, false);                                              /* prosecdef */
        sv_bool(b, false);                                              /* proleakproof */
        sv_bool(b, (d->flags & FUNC_STRICT) != 0);                      /* proisstrict */
        sv_bool(b, false);                                              /* proretset */
        sv_str(b, (d->flags & FUNC_VOLATILE) ? "v" : "i");              /* provolatile */
        sv_str(b, "s");                                                 /* proparallel */
        sv_int(b, d->nargs);                                            /* pronargs */
        sv_int(b, 0);                                                   /* pronargdefaults */
        sv_oid(b, d->ret == FUNC_ARG_ANY ? 2283 : sv_type_oid(d->ret)); /* prorettype */
        sv_str(b, args);                                                /* proargtypes */
        sv_null(b);                                                     /* proallargtypes */
        sv_null(b);                                                     /* proargmodes */
        sv_null(b);                                                     /* proargnames */
        sv_null(b);                                                     /* proargdefaults */
        sv_null(b);                                                     /* protrftypes */
        sv_str(b, d->name);                                             /* prosrc */
        sv_row_end(b);
    }
    int ns = support_proc_count();
    for (int i = 0; i < ns; i++) {
        SupportProc p;
        support_proc_at(i, &p);
        char arg[16];
        snprintf(arg, sizeof(arg), "%u", (unsigned)p.argtype);
        sv_oid(b, p.oid);
        sv_str(b, p.name);
        sv_oid(b, OID_NAMESPACE_PG_CATALOG);
        sv_oid(b, SV_OWNER_OID);
        sv_oid(b, 12);
        sv_float(b, 1);
        sv_float(b, 0);
        sv_oid(b, 0);
        sv_oid(b, 0);
        sv_str(b, "f");
        sv_bool(b, false);
        sv_bool(b, false);
        sv_bool(b, true);
        sv_bool(b, false);
        sv_str(b, "i");
        sv_str(b, "s");
        sv_int(b, 1);
        sv_int(b, 0);
        sv_oid(b, p.rettype);
        sv_str(b, arg);
        for (int k = 0; k < 5; k++) sv_null(b); /* proallargtypes .. protrftypes */
        sv_str(b, p.name);
        sv_row_end(b);
    }
    for (int i = 0; i < catalog_function_count(b->cat) && b->rc == 0; i++)
        user_proc_row(b, catalog_function_at(b->cat, i));
    return b->rc;
}

/* Each view's "_RETURN" rule, as PostgreSQL stores a view's query: pg_dump
 * reads the rule's dependencies (pg_depend) to order views after what they
 * read. ev_qual and ev_action (node trees) are NULL. */
static int fill_rewrite(SvBuilder *b)
{
    int nviews = catalog_view_count(b->cat), ntables = catalog_table_count(b->cat);
    for (int i = 0; i < nviews + ntables; i++) { /* views, then materialized views */
        const CatTable *mv = i < nviews ? NULL : catalog_table_at(b->cat, i - nviews);
        if (mv && (!mv->matview || !sv_table_listed(b, mv))) continue;
        const CatView *v = mv ? mv->matview : catalog_view_at(b->cat, i);
        sv_oid(b, sv_rule_oid(v->oid)); /* oid */
        sv_str(b, "_RETURN");           /* rulename */
        sv_oid(b, v->oid);              /* ev_class */
        sv_str(b, "1");                 /* ev_type: SELECT */
        sv_str(b, "O");                 /* ev_enabled: origin */
        sv_bool(b, true);               /* is_instead */
        sv_null(b);
        sv_null(b);
        sv_row_end(b);
    }
    return b->rc;
}

/* The triggers (CREATE TRIGGER), tgtype in PostgreSQL's bits. */
static int fill_trigger(SvBuilder *b)
{
    for (int i = 0; i < catalog_trigger_count(b->cat) && b->rc == 0; i++) {
        const CatTrigger *tg = catalog_trigger_at(b->cat, i);
        const CatTable *t = catalog_table_by_oid(b->cat, tg->table);
        if (!t || !sv_table_listed(b, t)) continue;
        int type = (tg->row ? 1 : 0) | (tg->before ? 2 : 0) |
                   (tg->events & CAT_TRIG_INSERT ? 4 : 0) | (tg->events & CAT_TRIG_DELETE ? 8 : 0) |
                   (tg->events & CAT_TRIG_UPDATE ? 16 : 0) |
                   (tg->events & CAT_TRIG_TRUNCATE ? 32 : 0);
        char attrs[256], args[1024];
        size_t len = 0;
        attrs[0] = 0;
        for (int k = 0; k < tg->ncols && len < sizeof(attrs); k++) {
            int c = catalog_column_index(t, tg->cols[k]);
            len += (size_t)snprintf(attrs + len, sizeof(attrs) - len, "%s%d", k ? " " : "",
                                    c >= 0 ? t->cols[c].attnum : 0);
        }
        len = 0;
        args[0] = 0;
        for (int k = 0; k < tg->nargs && len < sizeof(args); k++) /* bytea text: \000 ends each */
            len += (size_t)snprintf(args + len, sizeof(args) - len, "%s\\000", tg->args[k]);
        sv_oid(b, tg->oid);
        sv_oid(b, tg->table);
        sv_oid(b, 0); /* tgparentid */
        sv_str(b, tg->name);
        sv_oid(b, tg->func);
        sv_int(b, type);
        sv_str(b, tg->enabled ? "O" : "D");
        sv_bool(b, false); /* tgisinternal */
        sv_oid(b, 0);
        sv_oid(b, 0);
        sv_oid(b, 0);
        sv_bool(b, false);
        sv_bool(b, false);
        sv_int(b, tg->nargs);
        sv_str(b, attrs);
        sv_str(b, args);
        sv_null(b); /* tgqual: a node tree in PostgreSQL */
        sv_null(b);
        sv_null(b);
        sv_row_end(b);
    }
    return b->rc;
}

const SvView sysview_pg_misc_views[] = {
    {"pg_catalog", "pg_type", 1247,
     "oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool, "
     "typtype char, typcategory char, typispreferred bool, typisdefined bool, typdelim char, "
     "typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc, "
     "typoutput regproc, typreceive regproc, typsend regproc, typmodin regproc, "
     "typmodout regproc, typanalyze regproc, typalign char, typstorage char, typnotnull bool, "
     "typbasetype oid, typtypmod int4, typndims int4, typcollation oid, typdefaultbin text, "
     "typdefault text, typacl text",
     fill_type},
    {"pg_catalog", "pg_am", 2601, "oid oid, amname name, amhandler regproc, amtype char", fill_am},
    {"pg_catalog", "pg_database", 1262,
     "oid oid, datname name, datdba oid, encoding int4, datlocprovider char, datcollate text, "
     "datctype text, daticulocale text, datcollversion text, datistemplate bool, "
     "datallowconn bool, datconnlimit int4, datfrozenxid int8, datminmxid int8, "
     "dattablespace oid, datacl text",
     fill_database},
    {"pg_catalog", "pg_roles", 12002,
     "rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, "
     "rolcanlogin bool, rolreplication bool, rolbypassrls bool, rolconnlimit int4, "
     "rolpassword text, rolvaliduntil timestamptz, rolconfig _text, oid oid",
     fill_roles},
    {"pg_catalog", "pg_authid", 1260,
     "oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, "
     "rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, "
     "rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz",
     fill_authid},
    {"pg_catalog", "pg_user", 12003,
     "usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, "
     "usebypassrls bool, passwd text, valuntil timestamptz, useconfig _text",
     fill_user},
    {"pg_catalog", "pg_settings", 12004,
     "name text, setting text, unit text, category text, short_desc text, extra_desc text, "
     "context text, vartype text, source text, min_val text, max_val text, enumvals _text, "
     "boot_val text, reset_val text, sourcefile text, sourceline int4, pending_restart bool",
     fill_settings},
    {"pg_catalog", "omendb_plan_cache", 12090,
     "scope text, hits int8, misses int8, custom_plans int8, evictions int8, entries int8, "
     "hit_rate float8",
     fill_plan_cache},
    {"pg_catalog", "pg_stat_activity", 12094,
     "datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name, "
     "application_name text, client_addr inet, client_hostname text, client_port int4, "
     "backend_start timestamptz, xact_start timestamptz, query_start timestamptz, "
     "state_change timestamptz, wait_event_type text, wait_event text, state text, "
     "backend_xid text, backend_xmin text, query_id int8, query text, backend_type text",
     fill_activity},
    {"pg_catalog", "pg_locks", 12073,
     "locktype text, database oid, relation oid, page int4, tuple int2, virtualxid text, "
     "transactionid text, classid oid, objid oid, objsubid int2, virtualtransaction text, "
     "pid int4, mode text, granted bool, fastpath bool, waitstart timestamptz",
     fill_locks},
    {"pg_catalog", "pg_stat_ssl", 12095,
     "pid int4, ssl bool, version text, cipher text, bits int4, client_dn text, "
     "client_serial int8, issuer_dn text",
     fill_ssl},
    {"pg_catalog", "omendb_wal", 12093,
     "commits int8, flushes int8, replies_by_flush int8, segments_made int8", fill_wal},
    {"pg_catalog", "pg_prepared_statements", 12091,
     "name text, statement text, prepare_time timestamptz, parameter_types text, "
     "from_sql bool, generic_plans int8, custom_plans int8",
     fill_prepared_statements},
    {"pg_catalog", "pg_cursors", 12092,
     "name text, statement text, is_holdable bool, is_binary bool, is_scrollable bool, "
     "creation_time timestamptz",
     fill_cursors},
    {"pg_catalog", "pg_collation", 3456,
     "oid oid, collname name, collnamespace oid, collowner oid, collprovider char, "
     "collisdeterministic bool, collencoding int4, collcollate text, collctype text, "
     "colliculocale text, collversion text",
     fill_collation},
    {"pg_catalog", "pg_tablespace", 1213,
     "oid oid, spcname name, spcowner oid, spcacl text, spcoptions _text", fill_tablespace},
    {"pg_catalog", "pg_proc", 1255,
     "oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4, "
     "prorows float4, provariadic oid, prosupport regproc, prokind char, prosecdef bool, "
     "proleakproof bool, proisstrict bool, proretset bool, provolatile char, "
     "proparallel char, pronargs int2, pronargdefaults int2, prorettype oid, "
     "proargtypes oidvector, proallargtypes _oid, proargmodes _char, proargnames _text, "
     "proargdefaults text, protrftypes _oid, prosrc text, probin text, prosqlbody text, "
     "proconfig _text, proacl text",
     fill_proc},
    /* catalogs with no rows in OmenDB */
    {"pg_catalog", "pg_views", 12005,
     "schemaname name, viewname name, viewowner name, definition text", fill_views},
    {"pg_catalog", "pg_matviews", 12006,
     "schemaname name, matviewname name, matviewowner name, tablespace name, "
     "hasindexes bool, ispopulated bool, definition text",
     fill_matviews},
    {"pg_catalog", "pg_inherits", 2611,
     "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool", NULL},
    {"pg_catalog", "pg_trigger", 2620,
     "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, "
     "tgenabled char, tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, "
     "tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2, tgattr int2vector, "
     "tgargs text, tgqual text, tgoldtable name, tgnewtable name",
     fill_trigger},
    {"pg_catalog", "pg_rewrite", 2618,
     "oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead bool, "
     "ev_qual text, ev_action text",
     fill_rewrite},
    {"pg_catalog", "pg_policy", 3256,
     "oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles _oid, "
     "polqual text, polwithcheck text",
     NULL},
    {"pg_catalog", "pg_extension", 3079,
     "oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, "
     "extversion text, extconfig _oid, extcondition _text",
     fill_extension},
    {"pg_catalog", "pg_available_extensions", 12081,
     "name name, default_version text, installed_version text, comment text",
     fill_available_extensions},
    {"pg_catalog", "pg_statistic_ext", 3381,
     "oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, "
     "stxstattarget int4, stxkeys int2vector, stxkind _char, stxexprs text",
     NULL},
    {"pg_catalog", "pg_publication", 6104,
     "oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, "
     "pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool",
     NULL},
    {"pg_catalog", "pg_publication_rel", 6106,
     "oid oid, prpubid oid, prrelid oid, prqual text, prattrs int2vector", NULL},
    {"pg_catalog", "pg_publication_namespace", 6237, "oid oid, pnpubid oid, pnnspid oid", NULL},
    {"pg_catalog", "pg_language", 2612,
     "oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid, "
     "laninline oid, lanvalidator oid, lanacl text",
     fill_language},
    {"pg_catalog", "pg_auth_members", 1261,
     "roleid oid, member oid, grantor oid, admin_option bool", NULL},
    {"pg_catalog", "pg_enum", 3501, "oid oid, enumtypid oid, enumsortorder float4, enumlabel name",
     fill_enum},
    {"pg_catalog", "pg_foreign_table", 3118, "ftrelid oid, ftserver oid, ftoptions _text", NULL},
    {"pg_catalog", "pg_partitioned_table", 3350,
     "partrelid oid, partstrat char, partnatts int2, partdefid oid, partattrs int2vector, "
     "partclass oidvector, partcollation oidvector, partexprs text",
     NULL},
};
const int sysview_pg_misc_nviews = sizeof(sysview_pg_misc_views) / sizeof(sysview_pg_misc_views[0]);
