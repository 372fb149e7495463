/*
 * func_sequence.c — the kernels of nextval, currval, lastval, setval and
 * pg_get_serial_sequence (func_sequence.h), and the per-session state of
 * currval/lastval. The counter and its validation live in the catalog
 * (catalog_sequence.c); this file locks a sequence, steps it, and logs its
 * state through the catalog's CatSequenceLog before handing a value out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/session_settings.h"
#include "exec/func_int.h"
#include "exec/func_catalog.h"
#include "exec/func_sequence.h"

struct FuncSeqSession {
    int n, cap;
    struct {
        Oid oid;
        int64_t last;
    } * vals;
    Oid last_used; /* lastval's sequence (0: none yet) */
};

FuncSeqSession *func_sequence_session_new(void)
{
    return calloc(1, sizeof(FuncSeqSession));
}

void func_sequence_session_free(FuncSeqSession *s)
{
    if (!s) return;
    free(s->vals);
    free(s);
}

void func_sequence_session_reset(FuncSeqSession *s)
{
    if (!s) return;
    s->n = 0;
    s->last_used = 0;
}

static bool session_get(const FuncSeqSession *s, Oid oid, int64_t *v)
{
    for (int i = 0; s && i < s->n; i++)
        if (s->vals[i].oid == oid) {
            *v = s->vals[i].last;
            return true;
        }
    return false;
}

static int session_set(FuncSeqSession *s, Oid oid, int64_t v, OmError *err)
{
    if (!s) return 0;
    for (int i = 0; i < s->n; i++)
        if (s->vals[i].oid == oid) {
            s->vals[i].last = v;
            return 0;
        }
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        void *grown = realloc(s->vals, sizeof(*s->vals) * (size_t)cap);
        if (!grown) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        s->vals = grown;
        s->cap = cap;
    }
    s->vals[s->n].oid = oid;
    s->vals[s->n++].last = v;
    return 0;
}

static FuncSeqSession *session_of(EvalCtx *ctx)
{
    return ctx->settings ? ctx->settings->sequences : NULL;
}

void func_sequence_default_sql(const char *schema, const char *table, const char *column, char *buf,
                               size_t cap)
{
    char name[CATALOG_NAME_MAX * 2 + 8];
    snprintf(name, sizeof(name), "%s_%s_seq", table, column);
    name[CATALOG_NAME_MAX - 1] = 0; /* identifiers are truncated as PostgreSQL does */
    /* unqualified in a temporary schema, as sql_sequence.c's default_text */
    catalog_nextval_text(strncmp(schema, "pg_temp_", 8) == 0 ? NULL : schema, name, buf, cap);
}

Oid func_sequence_lookup(Catalog *cat, const char *search_path, const char *schema,
                         const char *name)
{
    if (!cat) return 0;
    CatSequence *s = NULL;
    if (schema) {
        CatSchema *sch = catalog_schema_find(cat, schema);
        s = sch ? catalog_sequence_find(cat, sch, name) : NULL;
    } else {
        s = catalog_sequence_lookup(cat, search_path ? search_path : "public", name);
    }
    return s ? s->oid : 0;
}

bool func_sequence_name(Catalog *cat, const char *search_path, Oid oid, char *buf, size_t cap)
{
    const CatSequence *s = cat ? catalog_sequence_by_oid(cat, oid) : NULL;
    if (!s) return false;
    if (catalog_sequence_lookup(cat, search_path ? search_path : "public", s->name) == s)
        snprintf(buf, cap, "%s", s->name);
    else
        snprintf(buf, cap, "%s.%s", s->schema->name, s->name);
    return true;
}

static const char *search_path(EvalCtx *ctx)
{
    return ctx->settings ? ctx->settings->search_path : "public";
}

/* The sequence argument 0 names: a regclass OID, or (text overloads, as
 * nextval('name') resolves its unknown literal in PostgreSQL) a name,
 * optionally schema-qualified, folded to lower case unless double-quoted.
 * 42P01 when there is no such relation, 42809 when it is no sequence. */
static CatSequence *arg_sequence(const Expr *call, Vector **args, uint32_t row, EvalCtx *ctx)
{
    Value a;
    vector_get_value(args[0], row, &a);
    Catalog *cat = ctx->catalog;
    if (call->u.func.def->args[0] == TYPE_REGCLASS) {
        Oid oid = (Oid)a.u.i64;
        CatSequence *s = cat ? catalog_sequence_by_oid(cat, oid) : NULL;
        if (s) return s;
        StrBuf name;
        strbuf_init(&name, NULL);
        if (cat && catalog_relation_name(cat, oid, &name))
            ERR(ctx->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%.*s\" is not a sequence", (int)name.len,
                name.data);
        else
            ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "could not open relation with OID %u", oid);
        strbuf_fini(&name);
        return NULL;
    }
    char parts[2][CATALOG_NAME_MAX];
    int nparts = 0;
    const char *p = strview_data(&a.u.str), *end = p + a.u.str.len;
    while (p < end && nparts < 2) {
        size_t n = 0;
        bool quoted = *p == '"';
        if (quoted) p++;
        while (p < end && (quoted ? *p != '"' : *p != '.')) {
            char ch = *p++;
            if (!quoted && ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
            if (n < CATALOG_NAME_MAX - 1) parts[nparts][n++] = ch;
        }
        if (quoted && p < end) p++;
        parts[nparts++][n] = 0;
        if (p < end && *p == '.') p++;
    }
    const char *rel = nparts > 0 ? parts[nparts - 1] : "";
    CatSequence *s = NULL;
    CatSchema *sch = NULL;
    if (cat && nparts == 2) {
        sch = catalog_schema_find(cat, parts[0]);
        if (!sch) {
            ERR(ctx->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist", parts[0]);
            return NULL;
        }
        s = catalog_sequence_find(cat, sch, rel);
    } else if (cat) {
        s = catalog_sequence_lookup(cat, search_path(ctx), rel);
    }
    if (s) return s;
    CatTable *t = NULL;
    CatView *v = NULL;
    if (cat && sch) {
        t = catalog_table_find(cat, sch, rel);
        v = catalog_view_find(cat, sch, rel);
    } else if (cat) {
        catalog_relation_lookup(cat, search_path(ctx), rel, &t, &v);
    }
    if (t || v)
        ERR(ctx->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a sequence", rel);
    else
        ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%.*s\" does not exist",
            (int)a.u.str.len, strview_data(&a.u.str));
    return NULL;
}

/* Logs s's state (value, is_called) if a log is installed; s->mu held. */
static int log_state(Catalog *cat, CatSequence *s, int64_t value, bool is_called, OmError *err)
{
    const CatSequenceLog *lg = catalog_sequence_log(cat);
    if (!lg || s->schema->is_temp) return 0; /* a temporary sequence is never logged */
    uint64_t end = 0;
    int rc = lg->append(lg->ctx, s->oid, value, is_called, &end, err);
    if (rc < 0) return -1;
    if (rc == 1) {
        /* Not logged: replaying the DDL statement redoes the step. A checkpoint
         * logs log_value, so it holds the value ahead; the next nextval logs. */
        s->log_cnt = 0;
        s->log_value = value;
        s->log_called = is_called;
        return 0;
    }
    s->log_value = value;
    s->log_called = is_called;
    s->log_end = end;
    return 0;
}

/* Puts back the counter saved before a step that failed: nothing was handed out. */
static void counter_restore(CatSequence *s, const CatSequence *saved)
{
    s->last_value = saved->last_value;
    s->is_called = saved->is_called;
    s->log_cnt = saved->log_cnt;
    s->log_value = saved->log_value;
    s->log_called = saved->log_called;
}

/* Waits until the last record of the sequence is durable (s->mu not held). */
static int wait_durable(Catalog *cat, uint64_t end, OmError *err)
{
    const CatSequenceLog *lg = catalog_sequence_log(cat);
    if (!lg || end == 0) return 0;
    return lg->wait(lg->ctx, end, err);
}

int func_sequence_put(Catalog *cat, CatSequence *s, bool restart, int64_t value, bool is_called,
                      int64_t *old_value, bool *old_called, OmError *err)
{
    pthread_mutex_lock(&s->mu);
    CatSequence saved = *s;
    *old_value = s->last_value;
    *old_called = s->is_called;
    if (restart) value = s->start, is_called = false;
    int rc = catalog_sequence_setval(s, value, is_called, err);
    if (rc == 0) rc = log_state(cat, s, value, is_called, err);
    if (rc != 0) counter_restore(s, &saved);
    uint64_t end = s->log_end;
    pthread_mutex_unlock(&s->mu);
    if (rc != 0) return -1;
    return wait_durable(cat, end, err);
}

static int k_nextval(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        CatSequence *s = arg_sequence(call, args, row, ctx);
        if (!s) return -1;
        pthread_mutex_lock(&s->mu);
        CatSequence saved = *s;
        int64_t v, log_value;
        bool logit;
        int rc = catalog_sequence_next(s, &v, &logit, &log_value, ctx->err);
        if (rc == 0 && logit) rc = log_state(ctx->catalog, s, log_value, true, ctx->err);
        if (rc != 0) counter_restore(s, &saved);
        uint64_t end = s->log_end;
        pthread_mutex_unlock(&s->mu);
        if (rc != 0 || wait_durable(ctx->catalog, end, ctx->err) != 0) return -1;
        FuncSeqSession *ss = session_of(ctx);
        if (session_set(ss, s->oid, v, ctx->err) != 0) return -1;
        if (ss) ss->last_used = s->oid;
        r[row] = v;
    }
    return 0;
}

static int k_currval(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        CatSequence *s = arg_sequence(call, args, row, ctx);
        if (!s) return -1;
        if (!session_get(session_of(ctx), s->oid, &r[row]))
            return ERR(ctx->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                       "currval of sequence \"%s\" is not yet defined in this session", s->name);
    }
    return 0;
}

static int k_lastval(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        FuncSeqSession *ss = session_of(ctx);
        if (!ss || ss->last_used == 0)
            return ERR(ctx->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                       "lastval is not yet defined in this session");
        if (!ctx->catalog || !catalog_sequence_by_oid(ctx->catalog, ss->last_used))
            return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE,
                       "lastval is not yet defined in this session");
        session_get(ss, ss->last_used, &r[row]);
    }
    return 0;
}

static int k_setval(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        Value b, c;
        CatSequence *s = arg_sequence(call, args, row, ctx);
        if (!s) return -1;
        vector_get_value(args[1], row, &b);
        bool is_called = true;
        if (call->nargs == 3) {
            vector_get_value(args[2], row, &c);
            is_called = c.u.b;
        }
        pthread_mutex_lock(&s->mu);
        CatSequence saved = *s;
        int rc = catalog_sequence_setval(s, b.u.i64, is_called, ctx->err);
        if (rc == 0) rc = log_state(ctx->catalog, s, b.u.i64, is_called, ctx->err);
        if (rc != 0) counter_restore(s, &saved);
        uint64_t end = s->log_end;
        pthread_mutex_unlock(&s->mu);
        if (rc != 0 || wait_durable(ctx->catalog, end, ctx->err) != 0) return -1;
        if (is_called && session_set(session_of(ctx), s->oid, b.u.i64, ctx->err) != 0) return -1;
        r[row] = b.u.i64;
    }
    return 0;
}

/* pg_get_serial_sequence(table, column): 'schema.seq' of the sequence the
 * column owns (serial, identity, OWNED BY), or NULL. */
static int k_get_serial_sequence(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        Value tval, cval;
        vector_get_value(args[0], row, &tval);
        vector_get_value(args[1], row, &cval);
        const StrView *tv = &tval.u.str, *cv = &cval.u.str;
        char tname[CATALOG_NAME_MAX * 2 + 2], cname[CATALOG_NAME_MAX];
        snprintf(tname, sizeof(tname), "%.*s", (int)tv->len, strview_data(tv));
        snprintf(cname, sizeof(cname), "%.*s", (int)cv->len, strview_data(cv));
        /* the table name is read as SQL reads names (quotes, case); the
         * column name is taken literally, as in PostgreSQL */
        CatTable *t = NULL;
        char parts[2][CATALOG_NAME_MAX];
        int nparts = catalog_split_name(tname, parts);
        if (ctx->catalog && nparts == 2) {
            CatSchema *s = catalog_schema_find(ctx->catalog, parts[0]);
            t = s ? catalog_table_find(ctx->catalog, s, parts[1]) : NULL;
        } else if (ctx->catalog && nparts == 1) {
            t = catalog_table_lookup(ctx->catalog, search_path(ctx), parts[0]);
        }
        if (!t)
            return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", tname);
        int col = catalog_column_index(t, cname);
        if (col < 0)
            return ERR(ctx->err, SQLSTATE_UNDEFINED_COLUMN,
                       "column \"%s\" of relation \"%s\" does not exist", cname, t->name);
        const CatSequence *s = catalog_sequence_owned_by(ctx->catalog, t->oid, t->cols[col].name);
        if (!s) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        char buf[CATALOG_NAME_MAX * 2 + 2];
        /* the session's own temporary schema prints as pg_temp, as PostgreSQL's
         * get_namespace_name_or_temp does */
        bool mine = ctx->settings && s->schema->oid == ctx->settings->temp_schema_oid;
        size_t len = catalog_put_ident(buf, sizeof(buf), 0, mine ? "pg_temp" : s->schema->name);
        if (len < sizeof(buf)) buf[len++] = '.';
        len = catalog_put_ident(buf, sizeof(buf), len, s->name);
        if (len >= sizeof(buf)) len = sizeof(buf) - 1;
        ((StrView *)out->data)[row] = vector_add_string(out, buf, (uint32_t)len);
    }
    return 0;
}

/* A sequence's state as its relation shows it (SELECT last_value, log_cnt,
 * is_called FROM seq; sql/bind_sequence.c), read under the sequence's mutex:
 * omendb_sequence_state(oid, 0 | 1 | 2) is last_value, log_cnt, or is_called
 * as 0/1. pg_sequence_last_value(regclass): last_value, NULL before the
 * first nextval (or after setval(..., false)). */
static int k_sequence_state(KERNEL_ARGS)
{
    bool pg_form = call->u.func.def->nargs == 1;
    FOR_EACH_ROW(row)
    {
        CatSequence *s = arg_sequence(call, args, row, ctx);
        if (!s) return -1;
        int32_t field = pg_form ? 0 : ARG(int32_t, 1, row);
        pthread_mutex_lock(&s->mu);
        int64_t v = field == 0 ? s->last_value : field == 1 ? s->log_cnt : s->is_called;
        bool called = s->is_called;
        pthread_mutex_unlock(&s->mu);
        if (pg_form && !called)
            vector_set_null(out, row, ctx->arena);
        else
            ((int64_t *)out->data)[row] = v;
    }
    return 0;
}

#define VOL (FUNC_STRICT | FUNC_VOLATILE)
const FuncDef func_sequence_defs[] = {
    {"nextval", 1, {TYPE_TEXT}, TYPE_INT8, VOL, k_nextval, 16400},
    {"setval", 2, {TYPE_TEXT, TYPE_INT8}, TYPE_INT8, VOL, k_setval, 16401},
    {"setval", 3, {TYPE_TEXT, TYPE_INT8, TYPE_BOOL}, TYPE_INT8, VOL, k_setval, 16402},
    {"currval", 1, {TYPE_TEXT}, TYPE_INT8, VOL, k_currval, 16403},
    {"nextval", 1, {TYPE_REGCLASS}, TYPE_INT8, VOL, k_nextval, 1574},
    {"currval", 1, {TYPE_REGCLASS}, TYPE_INT8, VOL, k_currval, 1575},
    {"setval", 2, {TYPE_REGCLASS, TYPE_INT8}, TYPE_INT8, VOL, k_setval, 1576},
    {"setval", 3, {TYPE_REGCLASS, TYPE_INT8, TYPE_BOOL}, TYPE_INT8, VOL, k_setval, 1765},
    {"lastval", 0, {0}, TYPE_INT8, VOL, k_lastval, 2559},
    {"pg_sequence_last_value", 1, {TYPE_REGCLASS}, TYPE_INT8, VOL, k_sequence_state, 4032},
    {"omendb_sequence_state",
     2,
     {TYPE_REGCLASS, TYPE_INT4},
     TYPE_INT8,
     VOL,
     k_sequence_state,
     16404},
    {"pg_get_serial_sequence",
     2,
     {TYPE_TEXT, TYPE_TEXT},
     TYPE_TEXT,
     VOL,
     k_get_serial_sequence,
     1665},
};
const int func_sequence_ndefs = sizeof(func_sequence_defs) / sizeof(func_sequence_defs[0]);
