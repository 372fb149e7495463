/*
 * sql_sequence.c — CREATE SEQUENCE, ALTER SEQUENCE (options, RESTART, OWNED
 * BY), ALTER SEQUENCE ... RENAME TO, DROP SEQUENCE, and the sequences behind
 * serial and identity columns (created with their column, OWNED BY it).
 *
 * Column defaults name their sequence as text (`nextval('s'::regclass)`,
 * catalog_sequence_default_names), so a rename rewrites the defaults that use
 * the sequence, and DROP SEQUENCE finds the defaults that depend on it (2BP01,
 * or CASCADE drops those defaults, as PostgreSQL). A sequence OWNED BY a
 * column goes with its table or column: catalog_table_drop drops it, and
 * after ALTER TABLE sql_sequence_drop_orphans drops those whose column is
 * gone (also those an ALTER TABLE that failed left behind).
 *
 * All of these are DDL: logged as their SQL text (sql_wal.c), replayed with
 * the OID counter set back, so a sequence keeps its OID, which the log
 * records of its counter name.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_sequence.h"
#include "sql/binder.h"
#include "sql/sql_int.h"
#include "sql/sql_temp.h"

static int complete(StmtCtx *sc, const char *tag)
{
    if (sc->sink->complete) sc->sink->complete(sc->sink->ctx, tag);
    return 0;
}

static void notice(StmtCtx *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void notice(StmtCtx *sc, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    sql_notice(sc, SQLSTATE_SUCCESSFUL_COMPLETION, msg);
}

/* ---- options ---- */

static int opt_int(StmtCtx *sc, const PgQuery__DefElem *d, int64_t *out)
{
    const PgQuery__Node *a = d->arg;
    if (a && a->node_case == PG_QUERY__NODE__NODE_INTEGER) {
        *out = a->integer->ival;
        return 0;
    }
    if (a && a->node_case == PG_QUERY__NODE__NODE_FLOAT && a->float_->fval) {
        char *end;
        const char *s = a->float_->fval;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (*end != 0 || errno == ERANGE)
            return ERR(sc->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                       "value \"%s\" is out of range for type bigint", s);
        *out = v;
        return 0;
    }
    return ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "%s requires a numeric value", d->defname);
}

/* An option whose value may be left out (NO MINVALUE, RESTART): *absent. */
static int opt_int_or(StmtCtx *sc, const PgQuery__DefElem *d, int64_t *out, bool *absent)
{
    if (d->arg) return opt_int(sc, d, out);
    *absent = true;
    return 0;
}

/* Parses a CREATE/ALTER SEQUENCE option list into o; *owned_by gets the
 * OWNED BY list (NULL if absent). */
static int parse_options(StmtCtx *sc, PgQuery__Node **opts, size_t n, CatSeqOptions *o,
                         PgQuery__List **owned_by)
{
    memset(o, 0, sizeof(*o));
    *owned_by = NULL;
    bool seen_owned = false;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__DefElem *d = opts[i]->def_elem;
        const char *k = d->defname;
        bool *seen = !strcmp(k, "as")          ? &o->has_type
                     : !strcmp(k, "increment") ? &o->has_increment
                     : !strcmp(k, "minvalue")  ? &o->has_min
                     : !strcmp(k, "maxvalue")  ? &o->has_max
                     : !strcmp(k, "start")     ? &o->has_start
                     : !strcmp(k, "restart")   ? &o->has_restart
                     : !strcmp(k, "cache")     ? &o->has_cache
                     : !strcmp(k, "cycle")     ? &o->has_cycle
                     : !strcmp(k, "owned_by")  ? &seen_owned
                                               : NULL;
        if (!seen)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "sequence option \"%s\" is not supported yet", k);
        if (*seen) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
            if (d->location >= 0) error_position(sc->err, d->location + 1);
            return -1;
        }
        *seen = true;
        int rc = 0;
        if (seen == &o->has_type) {
            OmType t;
            if (bind_type_name(&sc->binder, d->arg->type_name, &t) != 0) return -1;
            if (t.id != TYPE_INT2 && t.id != TYPE_INT4 && t.id != TYPE_INT8)
                return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "sequence type must be smallint, integer, or bigint");
            o->type = t.id;
        } else if (seen == &o->has_increment) {
            rc = opt_int(sc, d, &o->increment);
        } else if (seen == &o->has_min) {
            rc = opt_int_or(sc, d, &o->min, &o->no_min);
        } else if (seen == &o->has_max) {
            rc = opt_int_or(sc, d, &o->max, &o->no_max);
        } else if (seen == &o->has_start) {
            rc = opt_int(sc, d, &o->start);
        } else if (seen == &o->has_restart) {
            rc = opt_int_or(sc, d, &o->restart, &o->restart_default);
        } else if (seen == &o->has_cache) {
            rc = opt_int(sc, d, &o->cache);
        } else if (seen == &o->has_cycle) {
            o->cycle = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN
                           ? d->arg->boolean->boolval
                           : d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER &&
                                 d->arg->integer->ival != 0;
        } else {
            *owned_by = d->arg->list;
        }
        if (rc != 0) return rc;
    }
    /* in recovery (a data directory, no log attached yet) ALTER replays */
    o->replaying = sc->session->db->wal == NULL && sc->session->db->data_dir != NULL;
    return 0;
}

/* OWNED BY [schema.]table.column | NONE applied to s (same schema as the table). */
static int identity_owned(StmtCtx *sc, const CatSequence *s)
{
    if (s->owner_kind != 'i') return 0;
    CatTable *t = catalog_table_by_oid(sc->session->db->catalog, s->owner_table);
    ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "cannot change ownership of identity sequence");
    error_detail(sc->err, "Sequence \"%s\" is linked to table \"%s\".", s->name, t ? t->name : "?");
    return -1;
}

static int owned_by(StmtCtx *sc, CatSequence *s, PgQuery__List *l)
{
    if (!l) return 0;
    if (l->n_items == 1 && strcmp(pgq_str(l->items[0]), "none") == 0) {
        if (identity_owned(sc, s) != 0) return -1;
        s->owner_table = 0;
        s->owner_col[0] = 0;
        s->owner_kind = 0;
        return 0;
    }
    if (l->n_items < 2) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "invalid OWNED BY option");
        error_hint(sc->err, "Specify OWNED BY table.column or OWNED BY NONE.");
        return -1;
    }
    PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
    rv.location = -1;
    rv.relname = (char *)pgq_str(l->items[l->n_items - 2]);
    rv.schemaname = (char *)(l->n_items > 2 ? pgq_str(l->items[l->n_items - 3]) : "");
    const char *col = pgq_str(l->items[l->n_items - 1]);
    CatTable *t;
    CatView *v;
    if (bind_lookup_relation(&sc->binder, &rv, false, &t, &v) != 0) return -1;
    if (!t)
        return ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE,
                   "referenced relation \"%s\" is not a table or foreign table", rv.relname);
    if (t->schema != s->schema)
        return ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "sequence must be in same schema as table it is linked to");
    if (catalog_column_index(t, col) < 0)
        return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                   "column \"%s\" of relation \"%s\" does not exist", col, t->name);
    if (identity_owned(sc, s) != 0) return -1;
    s->owner_table = t->oid;
    snprintf(s->owner_col, sizeof(s->owner_col), "%s", col);
    s->owner_kind = 'a';
    return 0;
}

/* The schema a RangeVar names ("pg_temp": the session's temporary schema,
 * created if need be), or the creation schema; the temporary schema for a
 * TEMP sequence. */
static CatSchema *target_schema(StmtCtx *sc, const PgQuery__RangeVar *rv, bool temp)
{
    Catalog *cat = sc->session->db->catalog;
    const char *path = sc->session->settings.search_path;
    if (rv->schemaname && strcmp(rv->schemaname, "pg_temp") == 0) return sql_temp_schema(sc, true);
    if (rv->schemaname && rv->schemaname[0]) {
        CatSchema *s = catalog_schema_find(cat, rv->schemaname);
        if (!s)
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                rv->schemaname);
        else if (catalog_schema_other_temp(cat, s, path) || (temp && !s->is_temp))
            return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                       s->is_temp ? "cannot create relations in temporary schemas of other sessions"
                                  : "cannot create temporary relation in non-temporary schema"),
                   NULL;
        return s;
    }
    if (temp) return sql_temp_schema(sc, true);
    CatSchema *s = catalog_creation_schema(cat, path);
    if (!s) ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "no schema has been selected to create in");
    return s;
}

/* The sequence a name denotes; NULL with 42P01 or 42809 for another kind of
 * relation (for DROP: PostgreSQL's messages and hints of DROP SEQUENCE). */
static CatSequence *find_sequence(StmtCtx *sc, const char *schema, const char *name, bool drop)
{
    Catalog *cat = sc->session->db->catalog;
    CatSchema *sch = NULL;
    CatSequence *s;
    const char *path = sc->session->settings.search_path;
    if (schema && schema[0]) {
        sch = catalog_schema_resolve(cat, schema, path);
        if (!sch) {
            ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist", schema);
            return NULL;
        }
        s = catalog_sequence_find(cat, sch, name);
    } else {
        s = catalog_sequence_lookup(cat, path, name);
    }
    if (s && catalog_schema_other_temp(cat, s->schema, path)) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "cannot access temporary tables of other sessions");
        return NULL;
    }
    if (s) return s;
    CatTable *t = NULL;
    CatView *v = NULL;
    if (sch) {
        t = catalog_table_find(cat, sch, name);
        v = catalog_view_find(cat, sch, name);
    } else {
        catalog_relation_lookup(cat, sc->session->settings.search_path, name, &t, &v);
    }
    if (t || v) {
        ERR(sc->err, SQLSTATE_WRONG_OBJECT_TYPE, "\"%s\" is not a sequence", name);
        if (drop)
            error_hint(sc->err, "%s",
                       v ? "Use DROP VIEW to remove a view." : "Use DROP TABLE to remove a table.");
    } else {
        ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "%s \"%s\" does not exist",
            drop ? "sequence" : "relation", name);
    }
    return NULL;
}

/* ---- CREATE / ALTER ---- */

int sql_run_create_seq(StmtCtx *sc, PgQuery__CreateSeqStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    PgQuery__RangeVar *rv = st->sequence;
    if (rv->relpersistence && rv->relpersistence[0] == 'u')
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "unlogged sequences are not supported yet");
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatSeqOptions o;
    PgQuery__List *owner;
    CatSchema *schema = target_schema(sc, rv, rv->relpersistence && rv->relpersistence[0] == 't');
    if (!schema || sql_ddl_target(sc, schema) != 0) goto out;
    if (schema->is_system) {
        ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied to create \"%s.%s\"",
            schema->name, rv->relname);
        error_detail(sc->err, "System catalog modifications are currently disallowed.");
        goto out;
    }
    if (catalog_relation_name_taken(cat, schema, rv->relname)) {
        if (!st->if_not_exists) {
            ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", rv->relname);
            goto out;
        }
        char msg[200];
        snprintf(msg, sizeof(msg), "relation \"%s\" already exists, skipping", rv->relname);
        sql_notice(sc, SQLSTATE_DUPLICATE_TABLE, msg);
        rc = complete(sc, "CREATE SEQUENCE");
        goto out;
    }
    if (parse_options(sc, st->options, st->n_options, &o, &owner) != 0) goto out;
    if (o.has_restart) {
        /* PostgreSQL accepts RESTART in CREATE SEQUENCE and ignores it there */
        o.has_restart = false;
    }
    CatSequence tmpl;
    memset(&tmpl, 0, sizeof(tmpl));
    tmpl.schema = schema;
    snprintf(tmpl.name, sizeof(tmpl.name), "%s", rv->relname);
    if (catalog_sequence_define(&tmpl, &o, true, sc->err) != 0) goto out;
    if (owned_by(sc, &tmpl, owner) != 0) goto out;
    if (catalog_sequence_create(cat, &tmpl, NULL, sc->err) != 0) goto out;
    rc = complete(sc, "CREATE SEQUENCE");
out:
    catalog_unlock(cat);
    return rc;
}

/* The sequence ALTER SEQUENCE [IF EXISTS] names (catalog lock held), or NULL:
 * with the error set, or (IF EXISTS, and it does not exist) after the notice
 * and the command tag, with *rc = 0. */
static CatSequence *sequence_to_alter(StmtCtx *sc, PgQuery__RangeVar *rv, bool missing_ok, int *rc)
{
    CatSequence *s = find_sequence(sc, rv->schemaname, rv->relname, false);
    if (s) return sql_ddl_target(sc, s->schema) == 0 ? s : NULL;
    if (missing_ok && strcmp(sc->err->sqlstate, SQLSTATE_UNDEFINED_TABLE) == 0) {
        error_clear(sc->err);
        notice(sc, "relation \"%s\" does not exist, skipping", rv->relname);
        *rc = complete(sc, "ALTER SEQUENCE");
    }
    return NULL;
}

int sql_run_alter_seq(StmtCtx *sc, PgQuery__AlterSeqStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatSequence *s = sequence_to_alter(sc, st->sequence, st->missing_ok, &rc);
    if (!s) goto out;
    CatSeqOptions o;
    PgQuery__List *owner;
    if (parse_options(sc, st->options, st->n_options, &o, &owner) != 0) goto out;
    pthread_mutex_lock(&s->mu);
    CatSequence n = *s;
    rc = catalog_sequence_define(&n, &o, false, sc->err);
    if (rc == 0) rc = owned_by(sc, &n, owner);
    if (rc == 0) {
        pthread_mutex_t mu = s->mu;
        *s = n;
        s->mu = mu;
    }
    pthread_mutex_unlock(&s->mu);
    if (rc == 0) complete(sc, "ALTER SEQUENCE");
out:
    catalog_unlock(cat);
    return rc;
}

/* ---- rename ---- */

/* The default text of a column of a table in `schema` drawing from s:
 * schema-qualified, so it names s whatever the inserting session's
 * search_path (pg_dump's restore runs with an empty one); unqualified only in
 * the table's own temporary schema, which a session always searches first.
 * The catalog views print it as PostgreSQL does, unqualified where
 * search_path finds s (sv_default_expr). */
static void default_text_in(const CatSequence *s, const CatSchema *schema, char *buf, size_t cap)
{
    catalog_nextval_text(s->schema == schema && s->schema->is_temp ? NULL : s->schema->name,
                         s->name, buf, cap);
}

static void default_text(const CatSequence *s, const CatTable *t, char *buf, size_t cap)
{
    default_text_in(s, t->schema, buf, cap);
}

/* Points every column default that draws from sequence (schema, from) at s. */
static int retarget_defaults(StmtCtx *sc, const CatSequence *s, const char *from)
{
    Catalog *cat = sc->session->db->catalog;
    for (int i = 0; i < catalog_table_count(cat); i++) {
        CatTable *t = catalog_table_at(cat, i);
        for (int c = 0; c < t->ncols; c++) {
            char schema[CATALOG_NAME_MAX], name[CATALOG_NAME_MAX];
            if (!catalog_sequence_default_names(t, &t->cols[c], schema, name) ||
                strcmp(schema, s->schema->name) != 0 || strcmp(name, from) != 0)
                continue;
            char buf[CATALOG_NAME_MAX * 2 + 32];
            default_text(s, t, buf, sizeof(buf));
            char *dup = strdup(buf);
            if (!dup) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            free(t->cols[c].default_sql);
            t->cols[c].default_sql = dup;
        }
    }
    return 0;
}

int sql_sequence_rename(StmtCtx *sc, PgQuery__RenameStmt *st)
{
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = -1;
    CatSequence *s = sequence_to_alter(sc, st->relation, st->missing_ok, &rc);
    if (!s) goto out;
    if (catalog_relation_name_taken(cat, s->schema, st->newname)) {
        ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", st->newname);
        goto out;
    }
    char from[CATALOG_NAME_MAX];
    snprintf(from, sizeof(from), "%s", s->name);
    snprintf(s->name, sizeof(s->name), "%s", st->newname);
    rc = retarget_defaults(sc, s, from);
    if (rc == 0) complete(sc, "ALTER SEQUENCE");
out:
    catalog_unlock(cat);
    return rc;
}

/* ---- DROP ---- */

int sql_run_drop_sequence(StmtCtx *sc, PgQuery__DropStmt *st)
{
    bool cascade = st->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    Catalog *cat = sc->session->db->catalog;
    catalog_lock_exclusive(cat);
    int rc = 0;
    size_t n = st->n_objects;
    CatSequence **victims = ARENA_NEW_ARRAY(sc->arena, CatSequence *, n > 0 ? n : 1);
    for (size_t i = 0; i < n && rc == 0; i++) {
        PgQuery__List *names = st->objects[i]->list;
        const char *name = pgq_str(names->items[names->n_items - 1]);
        const char *schema = names->n_items > 1 ? pgq_str(names->items[names->n_items - 2]) : NULL;
        victims[i] = find_sequence(sc, schema, name, true);
        if (victims[i] && sql_ddl_target(sc, victims[i]->schema) != 0) {
            rc = -1;
            break;
        }
        if (victims[i]) continue;
        if (!st->missing_ok || strcmp(sc->err->sqlstate, SQLSTATE_UNDEFINED_TABLE) != 0) {
            rc = -1;
            break;
        }
        error_clear(sc->err);
        notice(sc, "sequence \"%s\" does not exist, skipping", name);
    }
    /* column defaults that draw from a victim */
    for (size_t i = 0; i < n && rc == 0; i++) {
        CatSequence *s = victims[i];
        CatTable *t;
        int c;
        if (!s || !catalog_sequence_used_by(cat, s, &t, &c)) continue;
        if (t->cols[c].identity) {
            ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop sequence %s because column %s of table %s requires it", s->name,
                t->cols[c].name, t->name);
            error_hint(sc->err, "You can drop column %s of table %s instead.", t->cols[c].name,
                       t->name);
            rc = -1;
        } else if (!cascade) {
            ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop sequence %s because other objects depend on it", s->name);
            error_detail(sc->err, "default value for column %s of table %s depends on sequence %s",
                         t->cols[c].name, t->name, s->name);
            error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
            rc = -1;
        }
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        CatSequence *s = victims[i];
        if (!s) continue;
        for (size_t k = 0; k < i; k++)
            if (victims[k] == s) s = NULL; /* named twice */
        if (!s) continue;
        CatTable *t;
        int c;
        while (catalog_sequence_used_by(cat, s, &t, &c)) {
            notice(sc, "drop cascades to default value for column %s of table %s", t->cols[c].name,
                   t->name);
            free(t->cols[c].default_sql);
            t->cols[c].default_sql = NULL;
        }
        catalog_sequence_drop(cat, s);
    }
    if (rc == 0) complete(sc, "DROP SEQUENCE");
    catalog_unlock(cat);
    return rc;
}

/* ---- serial and identity columns ---- */

/* The options of GENERATED ... AS IDENTITY (con may be NULL: none) for the
 * sequence of a column of type `type`: SEQUENCE NAME into *name (NULL if not
 * given), the others as CREATE SEQUENCE takes them. AS is the column's type
 * (42601 "conflicting or redundant options", as PostgreSQL says); OWNED BY and
 * RESTART are accepted and have no effect, as in PostgreSQL (the column owns
 * the sequence; CREATE SEQUENCE ignores RESTART). */
static int identity_options(StmtCtx *sc, const PgQuery__Constraint *con, TypeId type,
                            CatSeqOptions *o, PgQuery__List **name)
{
    *name = NULL;
    size_t n = con ? con->n_options : 0;
    PgQuery__Node **rest = ARENA_NEW_ARRAY(sc->arena, PgQuery__Node *, n > 0 ? n : 1);
    size_t nrest = 0;
    bool seen_name = false;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__DefElem *d = con->options[i]->def_elem;
        bool dup = false;
        if (strcmp(d->defname, "sequence_name") == 0) {
            dup = seen_name;
            seen_name = true;
            if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_LIST) *name = d->arg->list;
        } else if (strcmp(d->defname, "as") == 0) {
            dup = true;
        } else if (strcmp(d->defname, "owned_by") != 0) {
            rest[nrest++] = con->options[i];
        }
        if (dup) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
            if (d->location >= 0) error_position(sc->err, d->location + 1);
            return -1;
        }
    }
    PgQuery__List *owner;
    if (parse_options(sc, rest, nrest, o, &owner) != 0) return -1;
    o->has_restart = false;
    o->has_type = true;
    o->type = type;
    return 0;
}

/* SEQUENCE NAME [[catalog.]schema.]name of an identity column of table t:
 * into tmpl (schema and name); the schema must be the table's. */
static int identity_name(StmtCtx *sc, const CatTable *t, const PgQuery__List *l, CatSequence *tmpl)
{
    Catalog *cat = sc->session->db->catalog;
    size_t n = l->n_items;
    if (n < 1 || n > 3) {
        StrBuf sb;
        strbuf_init(&sb, sc->arena);
        for (size_t i = 0; i < n; i++) {
            if (i) strbuf_putc(&sb, '.');
            strbuf_puts(&sb, pgq_str(l->items[i]));
        }
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "improper relation name (too many dotted names): %s",
            sb.data ? sb.data : "");
        return -1;
    }
    const char *name = pgq_str(l->items[n - 1]);
    const char *schema = n > 1 ? pgq_str(l->items[n - 2]) : NULL;
    if (schema) {
        CatSchema *s = catalog_schema_resolve(cat, schema, sc->session->settings.search_path);
        if (!s)
            return ERR(sc->err, SQLSTATE_INVALID_SCHEMA_NAME, "schema \"%s\" does not exist",
                       schema);
        /* PostgreSQL links the sequence to <its schema>.<table>: that relation
         * is missing, or is not this table */
        if (s != t->schema && !catalog_table_find(cat, s, t->name))
            return ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s.%s\" does not exist",
                       s->name, t->name);
        if (s != t->schema)
            return ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                       "sequence must be in same schema as table it is linked to");
    }
    if (catalog_relation_name_taken(cat, t->schema, name))
        return ERR(sc->err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", name);
    tmpl->schema = t->schema;
    snprintf(tmpl->name, sizeof(tmpl->name), "%s", name);
    return 0;
}

/* The sequence of serial or identity column c of t, defined but not created:
 * named <table>_<column>_seq (seq1, ... while taken) or by SEQUENCE NAME,
 * with the identity's options (con, may be NULL) or the defaults. */
static int sequence_template(StmtCtx *sc, const CatTable *t, const CatColumn *c,
                             const PgQuery__Constraint *con, CatSequence *tmpl)
{
    Catalog *cat = sc->session->db->catalog;
    memset(tmpl, 0, sizeof(*tmpl));
    tmpl->schema = t->schema;
    CatSeqOptions o;
    memset(&o, 0, sizeof(o));
    o.has_type = true;
    o.type = c->type.id;
    PgQuery__List *name = NULL;
    if (c->identity && identity_options(sc, con, c->type.id, &o, &name) != 0) return -1;
    if (name) {
        if (identity_name(sc, t, name, tmpl) != 0) return -1;
    } else {
        catalog_make_object_name(t->name, c->name, "seq", tmpl->name);
        for (int k = 1; catalog_relation_name_taken(cat, t->schema, tmpl->name); k++) {
            char label[16];
            snprintf(label, sizeof(label), "seq%d", k);
            catalog_make_object_name(t->name, c->name, label, tmpl->name);
        }
    }
    return catalog_sequence_define(tmpl, &o, true, sc->err);
}

int sql_sequence_identity_check(StmtCtx *sc, const CatTable *t, int col,
                                const PgQuery__Constraint *con)
{
    CatColumn probe = t->cols[col];
    probe.identity = 'a';
    CatSequence tmpl;
    return sequence_template(sc, t, &probe, con, &tmpl);
}

int sql_sequence_attach_serials(StmtCtx *sc, CatTable *t, PgQuery__Constraint *const *identity)
{
    Catalog *cat = sc->session->db->catalog;
    for (int i = 0; i < t->ncols; i++) {
        CatColumn *c = &t->cols[i];
        char marker[CATALOG_NAME_MAX * 3 + 32];
        func_sequence_default_sql(t->schema->name, t->name, c->name, marker, sizeof(marker));
        if (!c->default_sql || strcmp(c->default_sql, marker) != 0) continue;
        if (catalog_sequence_owned_by(cat, t->oid, c->name)) continue;
        CatSequence tmpl;
        if (sequence_template(sc, t, c, identity ? identity[i] : NULL, &tmpl) != 0) return -1;
        tmpl.owner_table = t->oid;
        snprintf(tmpl.owner_col, sizeof(tmpl.owner_col), "%s", c->name);
        tmpl.owner_kind = c->identity ? 'i' : 'a';
        CatSequence *s;
        if (catalog_sequence_create(cat, &tmpl, &s, sc->err) != 0) return -1;
        char buf[CATALOG_NAME_MAX * 2 + 32];
        default_text(s, t, buf, sizeof(buf));
        if (strcmp(buf, c->default_sql) != 0) {
            char *dup = strdup(buf);
            if (!dup) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            free(c->default_sql);
            c->default_sql = dup;
        }
    }
    return 0;
}

int sql_sequence_alter_identity(StmtCtx *sc, CatSequence *s, PgQuery__Node **opts, size_t n)
{
    CatSeqOptions o;
    PgQuery__List *owner;
    if (parse_options(sc, opts, n, &o, &owner) != 0) return -1;
    if (o.has_type || owner) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
        return -1;
    }
    pthread_mutex_lock(&s->mu);
    CatSequence next = *s;
    int rc = catalog_sequence_define(&next, &o, false, sc->err);
    if (rc == 0) {
        pthread_mutex_t mu = s->mu;
        *s = next;
        s->mu = mu;
    }
    pthread_mutex_unlock(&s->mu);
    return rc;
}

void sql_sequence_drop_orphans(Catalog *cat)
{
    for (int i = catalog_sequence_count(cat) - 1; i >= 0; i--) {
        CatSequence *s = catalog_sequence_at(cat, i);
        if (!s->owner_table) continue;
        CatTable *t = catalog_table_by_oid(cat, s->owner_table);
        int c = t ? catalog_column_index(t, s->owner_col) : -1;
        /* an identity sequence lives as long as its column is an identity */
        if (c < 0 || (s->owner_kind == 'i' && !t->cols[c].identity)) catalog_sequence_drop(cat, s);
    }
}

char *sql_sequence_default_text(StmtCtx *sc, const char *txt, const CatSchema *table_schema)
{
    char schema[CATALOG_NAME_MAX], name[CATALOG_NAME_MAX];
    if (!catalog_nextval_names(txt, schema, name)) return arena_strdup(sc->arena, txt);
    CatSequence *s = find_sequence(sc, schema[0] ? schema : NULL, name, false);
    if (s && s->schema->is_temp && sc->ddl_perm) {
        /* its redo would name a sequence that recovery does not have */
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "a permanent table's default on a temporary sequence is not supported yet");
        return NULL;
    }
    if (!s) {
        if (strcmp(sc->err->sqlstate, SQLSTATE_UNDEFINED_TABLE) == 0) {
            error_clear(sc->err);
            ERR(sc->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s%s%s\" does not exist", schema,
                schema[0] ? "." : "", name);
        }
        return NULL;
    }
    size_t cap = CATALOG_NAME_MAX * 2 + 32;
    char *out = arena_alloc(sc->arena, cap);
    default_text_in(s, table_schema, out, cap);
    return out;
}
