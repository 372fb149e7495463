/*
 * func_sequence.c — SERIAL sequences (func_sequence.h): a registry of the
 * sequences met so far in this server run, and the kernels of nextval,
 * setval and pg_get_serial_sequence.
 *
 * A registry entry binds a sequence OID (from a range of its own, never
 * stored) to the table OID and column whose default names it, and holds the
 * counter. An entry whose table was dropped (or re-created under a new OID)
 * no longer matches and is replaced, so DROP TABLE needs no hook here. One
 * mutex guards the registry; nextval takes it for each value.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/session_settings.h"
#include "exec/func_int.h"
#include "exec/func_sequence.h"
#include "storage/storage.h"

#define SEQ_OID_BASE 0x70000000u /* sequence OIDs: far above table OIDs */

typedef struct SeqEntry {
    Catalog *cat;
    Oid oid;
    Oid table_oid;
    int col;
    char schema[CATALOG_NAME_MAX];
    char name[CATALOG_NAME_MAX];
    bool ready;   /* next holds the next value (else: derive from the column) */
    int64_t next; /* value the next nextval returns */
} SeqEntry;

static pthread_mutex_t seq_mu = PTHREAD_MUTEX_INITIALIZER;
static SeqEntry *seqs;
static int nseqs, capseqs;

void func_sequence_default_sql(const char *schema, const char *table, const char *column, char *buf,
                               size_t cap)
{
    char name[CATALOG_NAME_MAX * 2 + 8];
    snprintf(name, sizeof(name), "%s_%s_seq", table, column);
    name[CATALOG_NAME_MAX - 1] = 0; /* identifiers are truncated as PostgreSQL does */
    if (strcmp(schema, "public") == 0 || strncmp(schema, "pg_temp_", 8) == 0)
        snprintf(buf, cap, "nextval('%s'::regclass)", name);
    else
        snprintf(buf, cap, "nextval('%s.%s'::regclass)", schema, name);
}

/* The sequence a column default names: "nextval('[schema.]name'::regclass)".
 * The schema defaults to the table's. */
static bool default_names(const CatTable *t, const CatColumn *c, char *schema, char *name)
{
    static const char prefix[] = "nextval('";
    static const char suffix[] = "'::regclass)";
    const char *d = c->default_sql;
    if (!d || strncmp(d, prefix, sizeof(prefix) - 1) != 0) return false;
    const char *start = d + sizeof(prefix) - 1;
    const char *end = strstr(start, suffix);
    if (!end || end[sizeof(suffix) - 1] != 0 || end - start >= CATALOG_NAME_MAX * 2) return false;
    char full[CATALOG_NAME_MAX * 2];
    memcpy(full, start, (size_t)(end - start));
    full[end - start] = 0;
    const char *dot = strchr(full, '.');
    const char *base = dot ? dot + 1 : full;
    if (dot && dot - full >= CATALOG_NAME_MAX) return false;
    if (strlen(base) >= CATALOG_NAME_MAX) return false;
    if (dot) {
        memcpy(schema, full, (size_t)(dot - full));
        schema[dot - full] = 0;
    } else {
        snprintf(schema, CATALOG_NAME_MAX, "%s", t->schema->name);
    }
    memcpy(name, base, strlen(base) + 1);
    return true;
}

/* The entry's table and column if they still name the sequence. */
static CatTable *entry_table(const SeqEntry *e)
{
    CatTable *t = catalog_table_by_oid(e->cat, e->table_oid);
    char schema[CATALOG_NAME_MAX], name[CATALOG_NAME_MAX];
    if (!t || e->col >= t->ncols || !default_names(t, &t->cols[e->col], schema, name)) return NULL;
    if (strcmp(schema, e->schema) != 0 || strcmp(name, e->name) != 0) return NULL;
    return t;
}

/* Registry entry for (schema, name), made when a column default names it.
 * seq_mu held. */
static SeqEntry *entry_find(Catalog *cat, const char *schema, const char *name)
{
    for (int i = 0; i < nseqs; i++) {
        SeqEntry *e = &seqs[i];
        if (e->cat == cat && strcmp(e->schema, schema) == 0 && strcmp(e->name, name) == 0) {
            if (entry_table(e)) return e;
            e->cat = NULL; /* stale: its table is gone */
        }
    }
    int ntables = catalog_table_count(cat);
    for (int i = 0; i < ntables; i++) {
        CatTable *t = catalog_table_at(cat, i);
        for (int c = 0; c < t->ncols; c++) {
            char s[CATALOG_NAME_MAX], n[CATALOG_NAME_MAX];
            if (!default_names(t, &t->cols[c], s, n) || strcmp(s, schema) != 0 ||
                strcmp(n, name) != 0)
                continue;
            int slot = 0;
            while (slot < nseqs && seqs[slot].cat) slot++;
            if (slot == nseqs) {
                if (nseqs == capseqs) {
                    int cap = capseqs ? capseqs * 2 : 16;
                    SeqEntry *grown = realloc(seqs, sizeof(SeqEntry) * (size_t)cap);
                    if (!grown) return NULL;
                    seqs = grown;
                    capseqs = cap;
                }
                nseqs++;
            }
            SeqEntry *e = &seqs[slot];
            memset(e, 0, sizeof(*e));
            e->cat = cat;
            e->oid = SEQ_OID_BASE + (Oid)slot;
            e->table_oid = t->oid;
            e->col = c;
            snprintf(e->schema, sizeof(e->schema), "%s", schema);
            snprintf(e->name, sizeof(e->name), "%s", name);
            return e;
        }
    }
    return NULL;
}

Oid func_sequence_lookup(Catalog *cat, const char *search_path, const char *schema,
                         const char *name)
{
    if (!cat) return 0;
    Oid oid = 0;
    pthread_mutex_lock(&seq_mu);
    if (schema) {
        SeqEntry *e = entry_find(cat, schema, name);
        if (e) oid = e->oid;
    } else {
        /* search_path order: the first schema of the path holding it */
        int nschemas = catalog_schema_count(cat);
        const char *path = search_path ? search_path : "public";
        for (const char *p = path; *p && !oid;) {
            while (*p == ' ' || *p == ',') p++;
            const char *start = p;
            while (*p && *p != ',') p++;
            char part[CATALOG_NAME_MAX];
            const char *a = start, *b = p;
            while (b > a && b[-1] == ' ') b--;
            if (b > a && *a == '"') a++, b--;
            snprintf(part, sizeof(part), "%.*s", (int)(b - a), a);
            for (int i = 0; i < nschemas && !oid; i++) {
                CatSchema *s = catalog_schema_at(cat, i);
                if (strcmp(s->name, part) != 0) continue;
                SeqEntry *e = entry_find(cat, s->name, name);
                if (e) oid = e->oid;
            }
        }
    }
    pthread_mutex_unlock(&seq_mu);
    return oid;
}

/* The entry of a sequence OID, or NULL. seq_mu held. */
static SeqEntry *entry_by_oid(Catalog *cat, Oid oid)
{
    if (oid < SEQ_OID_BASE || oid - SEQ_OID_BASE >= (Oid)nseqs) return NULL;
    SeqEntry *e = &seqs[oid - SEQ_OID_BASE];
    if (e->cat != cat || !entry_table(e)) return NULL;
    return e;
}

bool func_sequence_name(Oid oid, bool qualified, char *buf, size_t cap)
{
    bool found = false;
    pthread_mutex_lock(&seq_mu);
    if (oid >= SEQ_OID_BASE && oid - SEQ_OID_BASE < (Oid)nseqs && seqs[oid - SEQ_OID_BASE].cat) {
        const SeqEntry *e = &seqs[oid - SEQ_OID_BASE];
        if (qualified)
            snprintf(buf, cap, "%s.%s", e->schema, e->name);
        else
            snprintf(buf, cap, "%s", e->name);
        found = true;
    }
    pthread_mutex_unlock(&seq_mu);
    return found;
}

/* Largest value the column holds in any stored row version. */
static int64_t column_max(const CatTable *t, int col)
{
    int64_t max = 0;
    if (!t->storage) return 0;
    uint64_t rows = storage_table_row_count(t->storage);
    storage_read_begin();
    for (uint64_t r = 0; r < rows; r++) {
        Value v;
        if (storage_table_fetch(t->storage, rows, r, col, &v) != 0 || v.is_null) continue;
        int64_t x = v.type.id == TYPE_INT2 ? v.u.i16 : v.type.id == TYPE_INT4 ? v.u.i32 : v.u.i64;
        if (x > max) max = x;
    }
    storage_read_end();
    return max;
}

static int64_t type_max(const CatTable *t, int col)
{
    switch (t->cols[col].type.id) {
    case TYPE_INT2:
        return INT16_MAX;
    case TYPE_INT4:
        return INT32_MAX;
    default:
        return INT64_MAX;
    }
}

/* The sequence OID of argument 0: a regclass OID, or (text overloads, as
 * nextval('name') resolves its unknown literal in PostgreSQL) a name,
 * optionally schema-qualified, folded to lower case unless double-quoted. */
static Oid arg_sequence(const Expr *call, Vector **args, uint32_t row, EvalCtx *ctx)
{
    Value a;
    vector_get_value(args[0], row, &a);
    if (call->u.func.def->args[0] == TYPE_REGCLASS) return (Oid)a.u.i64;
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
    if (nparts == 0) return 0;
    return func_sequence_lookup(ctx->catalog, ctx->settings ? ctx->settings->search_path : NULL,
                                nparts == 2 ? parts[0] : NULL, parts[nparts - 1]);
}

static int no_sequence(EvalCtx *ctx, Oid oid)
{
    if (oid == 0) return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "sequence does not exist");
    return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "relation with OID %u does not exist", oid);
}

static int k_nextval(KERNEL_ARGS)
{
    int64_t *r = out->data;
    pthread_mutex_lock(&seq_mu);
    FOR_EACH_ROW(row)
    {
        pthread_mutex_unlock(&seq_mu); /* a name lookup takes it */
        Oid oid = arg_sequence(call, args, row, ctx);
        pthread_mutex_lock(&seq_mu);
        SeqEntry *e = entry_by_oid(ctx->catalog, oid);
        if (!e) {
            pthread_mutex_unlock(&seq_mu);
            return no_sequence(ctx, oid);
        }
        CatTable *t = entry_table(e);
        if (!e->ready) {
            e->next = column_max(t, e->col) + 1;
            e->ready = true;
        }
        if (e->next > type_max(t, e->col)) {
            pthread_mutex_unlock(&seq_mu);
            return ERR(ctx->err, SQLSTATE_SEQUENCE_LIMIT_EXCEEDED,
                       "nextval: reached maximum value of sequence \"%s\" (%lld)", e->name,
                       (long long)type_max(t, e->col));
        }
        r[row] = e->next++;
    }
    pthread_mutex_unlock(&seq_mu);
    return 0;
}

static int k_setval(KERNEL_ARGS)
{
    int64_t *r = out->data;
    int nargs = call->nargs;
    pthread_mutex_lock(&seq_mu);
    FOR_EACH_ROW(row)
    {
        Value b, c;
        pthread_mutex_unlock(&seq_mu); /* a name lookup takes it */
        Oid oid = arg_sequence(call, args, row, ctx);
        pthread_mutex_lock(&seq_mu);
        vector_get_value(args[1], row, &b);
        int64_t v = b.u.i64;
        bool is_called = true;
        if (nargs == 3) {
            vector_get_value(args[2], row, &c);
            is_called = c.u.b;
        }
        SeqEntry *e = entry_by_oid(ctx->catalog, oid);
        if (!e) {
            pthread_mutex_unlock(&seq_mu);
            return no_sequence(ctx, oid);
        }
        CatTable *t = entry_table(e);
        if (v < 1 || v > type_max(t, e->col)) {
            pthread_mutex_unlock(&seq_mu);
            return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                       "setval: value %lld is out of bounds for sequence \"%s\" (1..%lld)",
                       (long long)v, e->name, (long long)type_max(t, e->col));
        }
        e->next = is_called ? v + 1 : v;
        e->ready = true;
        r[row] = v;
    }
    pthread_mutex_unlock(&seq_mu);
    return 0;
}

/* pg_get_serial_sequence(table, column): 'schema.seq', or NULL. */
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
        CatTable *t = NULL;
        char *dot = strchr(tname, '.');
        if (ctx->catalog && dot) {
            *dot = 0;
            CatSchema *s = catalog_schema_find(ctx->catalog, tname);
            t = s ? catalog_table_find(ctx->catalog, s, dot + 1) : NULL;
        } else if (ctx->catalog) {
            t = catalog_table_lookup(ctx->catalog,
                                     ctx->settings ? ctx->settings->search_path : "public", tname);
        }
        if (!t)
            return ERR(ctx->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" does not exist", tname);
        int col = catalog_column_index(t, cname);
        if (col < 0)
            return ERR(ctx->err, SQLSTATE_UNDEFINED_COLUMN,
                       "column \"%s\" of relation \"%s\" does not exist", cname, t->name);
        char schema[CATALOG_NAME_MAX], name[CATALOG_NAME_MAX];
        if (!default_names(t, &t->cols[col], schema, name)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        char buf[CATALOG_NAME_MAX * 2 + 2];
        snprintf(buf, sizeof(buf), "%s.%s", schema, name);
        size_t len = strlen(buf);
        ((StrView *)out->data)[row] = vector_add_string(out, buf, (uint32_t)len);
    }
    return 0;
}

const FuncDef func_sequence_defs[] = {
    {"nextval", 1, {TYPE_TEXT}, TYPE_INT8, FUNC_STRICT | FUNC_VOLATILE, k_nextval, 16400},
    {"setval", 2, {TYPE_TEXT, TYPE_INT8}, TYPE_INT8, FUNC_STRICT | FUNC_VOLATILE, k_setval, 16401},
    {"setval",
     3,
     {TYPE_TEXT, TYPE_INT8, TYPE_BOOL},
     TYPE_INT8,
     FUNC_STRICT | FUNC_VOLATILE,
     k_setval,
     16402},
    {"nextval", 1, {TYPE_REGCLASS}, TYPE_INT8, FUNC_STRICT | FUNC_VOLATILE, k_nextval, 1574},
    {"setval",
     2,
     {TYPE_REGCLASS, TYPE_INT8},
     TYPE_INT8,
     FUNC_STRICT | FUNC_VOLATILE,
     k_setval,
     1576},
    {"setval",
     3,
     {TYPE_REGCLASS, TYPE_INT8, TYPE_BOOL},
     TYPE_INT8,
     FUNC_STRICT | FUNC_VOLATILE,
     k_setval,
     1765},
    {"pg_get_serial_sequence",
     2,
     {TYPE_TEXT, TYPE_TEXT},
     TYPE_TEXT,
     FUNC_STRICT | FUNC_VOLATILE,
     k_get_serial_sequence,
     1665},
};
const int func_sequence_ndefs = sizeof(func_sequence_defs) / sizeof(func_sequence_defs[0]);
