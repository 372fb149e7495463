/*
 * catalog_sequence.c — the sequences of the catalog (CatSequence, see
 * catalog.h): create, drop, ownership, lookups, and the arithmetic of
 * PostgreSQL's sequence.c: option validation (init_params), nextval's step
 * with logging ahead (SEQ_LOG_VALS values per log record) and setval's range
 * check. Sequences are kept apart from tables and views (catalog_int.h);
 * their names share the relation namespace of their schema (relation_exists
 * in catalog.c).
 *
 * Invariant: nextval never hands out a value beyond log_value (the state the
 * log holds) unless it logs first: catalog_sequence_next asks for a record
 * (*logit) whenever log_cnt runs out, as PostgreSQL's nextval_internal does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

#define SEQ_LOG_VALS 32 /* values logged ahead (PostgreSQL's SEQ_LOG_VALS) */

void catalog_sequence_free(CatSequence *s)
{
    if (!s) return;
    pthread_mutex_destroy(&s->mu);
    free(s);
}

static bool type_bounds(TypeId t, int64_t *min, int64_t *max)
{
    switch (t) {
    case TYPE_INT2:
        *min = INT16_MIN, *max = INT16_MAX;
        return true;
    case TYPE_INT4:
        *min = INT32_MIN, *max = INT32_MAX;
        return true;
    case TYPE_INT8:
        *min = INT64_MIN, *max = INT64_MAX;
        return true;
    default:
        return false;
    }
}

const char *catalog_sequence_type_name(TypeId t)
{
    return t == TYPE_INT2 ? "smallint" : t == TYPE_INT4 ? "integer" : "bigint";
}

int catalog_sequence_create(Catalog *cat, const CatSequence *tmpl, CatSequence **out, OmError *err)
{
    if (catalog_relation_name_taken(cat, tmpl->schema, tmpl->name))
        return ERR(err, SQLSTATE_DUPLICATE_TABLE, "relation \"%s\" already exists", tmpl->name);
    if (cat->nseqs == cat->cap_seqs) {
        int cap = cat->cap_seqs ? cat->cap_seqs * 2 : 8;
        CatSequence **arr = realloc(cat->seqs, sizeof(*arr) * (size_t)cap);
        if (!arr) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        cat->seqs = arr;
        cat->cap_seqs = cap;
    }
    CatSequence *s = malloc(sizeof(*s));
    if (!s) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    *s = *tmpl;
    pthread_mutex_init(&s->mu, NULL);
    s->oid = catalog_next_oid(cat);
    s->log_cnt = 0;
    s->log_value = s->last_value;
    s->log_called = s->is_called;
    s->log_end = 0;
    cat->seqs[cat->nseqs++] = s;
    if (out) *out = s;
    return 0;
}

static void unlink_at(Catalog *cat, int i)
{
    CatSequence *s = cat->seqs[i];
    catalog_comment_forget_rel(cat, s->oid);
    memmove(&cat->seqs[i], &cat->seqs[i + 1], sizeof(*cat->seqs) * (size_t)(cat->nseqs - i - 1));
    cat->nseqs--;
    catalog_sequence_free(s);
}

void catalog_sequence_drop(Catalog *cat, CatSequence *s)
{
    for (int i = 0; i < cat->nseqs; i++)
        if (cat->seqs[i] == s) {
            unlink_at(cat, i);
            return;
        }
}

void catalog_sequence_drop_owned(Catalog *cat, Oid table, const char *col)
{
    for (int i = cat->nseqs - 1; i >= 0; i--) {
        const CatSequence *s = cat->seqs[i];
        if (s->owner_table == table && (!col || strcmp(s->owner_col, col) == 0)) unlink_at(cat, i);
    }
}

void catalog_sequence_drop_schema(Catalog *cat, const CatSchema *schema)
{
    for (int i = cat->nseqs - 1; i >= 0; i--)
        if (cat->seqs[i]->schema == schema) unlink_at(cat, i);
}

void catalog_sequence_rename_owner_col(Catalog *cat, Oid table, const char *from, const char *to)
{
    for (int i = 0; i < cat->nseqs; i++) {
        CatSequence *s = cat->seqs[i];
        if (s->owner_table == table && strcmp(s->owner_col, from) == 0)
            snprintf(s->owner_col, sizeof(s->owner_col), "%s", to);
    }
}

CatSequence *catalog_sequence_find(Catalog *cat, const CatSchema *schema, const char *name)
{
    for (int i = 0; i < cat->nseqs; i++)
        if (cat->seqs[i]->schema == schema && strcmp(cat->seqs[i]->name, name) == 0)
            return cat->seqs[i];
    return NULL;
}

CatSequence *catalog_sequence_by_oid(Catalog *cat, Oid oid)
{
    for (int i = 0; i < cat->nseqs; i++)
        if (cat->seqs[i]->oid == oid) return cat->seqs[i];
    return NULL;
}

CatSequence *catalog_sequence_owned_by(Catalog *cat, Oid table, const char *col)
{
    for (int i = 0; i < cat->nseqs; i++)
        if (cat->seqs[i]->owner_table == table && strcmp(cat->seqs[i]->owner_col, col) == 0)
            return cat->seqs[i];
    return NULL;
}

int catalog_sequence_count(Catalog *cat)
{
    return cat->nseqs;
}

CatSequence *catalog_sequence_at(Catalog *cat, int i)
{
    return i >= 0 && i < cat->nseqs ? cat->seqs[i] : NULL;
}

void catalog_sequence_set_log(Catalog *cat, const CatSequenceLog *log)
{
    if (log)
        cat->seq_log = *log;
    else
        memset(&cat->seq_log, 0, sizeof(cat->seq_log));
}

const CatSequenceLog *catalog_sequence_log(Catalog *cat)
{
    return cat->seq_log.ctx ? &cat->seq_log : NULL;
}

bool catalog_sequence_default_names(const CatTable *t, const CatColumn *c, char *schema, char *name)
{
    if (!catalog_nextval_names(c->default_sql, schema, name)) return false;
    if (!schema[0]) snprintf(schema, CATALOG_NAME_MAX, "%s", t->schema->name);
    return true;
}

bool catalog_sequence_used_by(Catalog *cat, const CatSequence *s, CatTable **table, int *col)
{
    for (int i = 0; i < cat->ntables; i++) {
        CatTable *t = cat->tables[i];
        for (int c = 0; c < t->ncols; c++) {
            char schema[CATALOG_NAME_MAX], name[CATALOG_NAME_MAX];
            if (!catalog_sequence_default_names(t, &t->cols[c], schema, name)) continue;
            if (strcmp(schema, s->schema->name) != 0 || strcmp(name, s->name) != 0) continue;
            if (table) *table = t;
            if (col) *col = c;
            return true;
        }
    }
    return false;
}

/* ---- PostgreSQL's init_params ---- */

static int invalid(OmError *err, const char *what, int64_t v, const char *cmp, int64_t w)
{
    return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "%s (%lld) %s (%lld)", what, (long long)v,
               cmp, (long long)w);
}

int catalog_sequence_define(CatSequence *s, const CatSeqOptions *o, bool create, OmError *err)
{
    CatSequence n = *s;
    if (create) {
        n.type = TYPE_INT8;
        n.increment = 1;
        n.cycle = false;
        n.is_called = false;
    }
    int64_t tmin = INT64_MIN, tmax = INT64_MAX, omin, omax;
    bool reset_max = false, reset_min = false;
    if (o->has_type) {
        if (!create && type_bounds(s->type, &omin, &omax)) {
            reset_max = s->max == omax;
            reset_min = s->min == omin;
        }
        n.type = o->type;
    }
    type_bounds(n.type, &tmin, &tmax);
    if (o->has_increment) {
        if (o->increment == 0)
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "INCREMENT must not be zero");
        n.increment = o->increment;
    }
    if (o->has_cycle) n.cycle = o->cycle;
    if (o->has_max && !o->no_max)
        n.max = o->max;
    else if (create || o->has_max || reset_max)
        n.max = n.increment > 0 ? tmax : -1;
    if (n.max < tmin || n.max > tmax)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "MAXVALUE (%lld) is out of range for sequence data type %s", (long long)n.max,
                   catalog_sequence_type_name(n.type));
    if (o->has_min && !o->no_min)
        n.min = o->min;
    else if (create || o->has_min || reset_min)
        n.min = n.increment > 0 ? 1 : tmin;
    if (n.min < tmin || n.min > tmax)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "MINVALUE (%lld) is out of range for sequence data type %s", (long long)n.min,
                   catalog_sequence_type_name(n.type));
    if (n.min >= n.max) return invalid(err, "MINVALUE", n.min, "must be less than MAXVALUE", n.max);
    if (o->has_start)
        n.start = o->start;
    else if (create)
        n.start = n.increment > 0 ? n.min : n.max;
    if (n.start < n.min)
        return invalid(err, "START value", n.start, "cannot be less than MINVALUE", n.min);
    if (n.start > n.max)
        return invalid(err, "START value", n.start, "cannot be greater than MAXVALUE", n.max);
    if (o->has_restart) {
        n.last_value = o->restart_default ? n.start : o->restart;
        n.is_called = false;
    } else if (create) {
        n.last_value = n.start;
    }
    if (o->replaying && !o->has_restart) {
        /* replay: the counter may be ahead of where it was (logged ahead) */
        if (n.last_value < n.min) n.last_value = n.min;
        if (n.last_value > n.max) n.last_value = n.max;
    }
    if (n.last_value < n.min)
        return invalid(err, "RESTART value", n.last_value, "cannot be less than MINVALUE", n.min);
    if (n.last_value > n.max)
        return invalid(err, "RESTART value", n.last_value, "cannot be greater than MAXVALUE",
                       n.max);
    if (o->has_cache) {
        if (o->cache <= 0)
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "CACHE (%lld) must be greater than zero", (long long)o->cache);
        n.cache = o->cache;
    } else if (create) {
        n.cache = 1;
    }
    /* the definition changed: the next nextval logs its state anew */
    n.log_cnt = 0;
    n.log_value = n.last_value;
    n.log_called = n.is_called;
    /* copy all but the mutex */
    pthread_mutex_t mu = s->mu;
    *s = n;
    s->mu = mu;
    return 0;
}

/* ---- nextval, setval ---- */

int catalog_sequence_next(CatSequence *s, int64_t *value, bool *logit, int64_t *log_value,
                          OmError *err)
{
    int64_t incby = s->increment, maxv = s->max, minv = s->min;
    int64_t next = s->last_value, last = next, result = next;
    int64_t fetch = 1, log = s->log_cnt, rescnt = 0;
    *logit = false;
    if (!s->is_called) {
        rescnt++; /* the first value is last_value itself */
        fetch--;
    }
    if (log < fetch || !s->is_called) {
        fetch = log = fetch + SEQ_LOG_VALS;
        *logit = true;
    }
    while (fetch) {
        if (incby > 0) {
            if ((maxv >= 0 && next > maxv - incby) || (maxv < 0 && next + incby > maxv)) {
                if (rescnt > 0) break; /* stop fetching at the end */
                if (!s->cycle)
                    return ERR(err, SQLSTATE_SEQUENCE_LIMIT_EXCEEDED,
                               "nextval: reached maximum value of sequence \"%s\" (%lld)", s->name,
                               (long long)maxv);
                next = minv;
            } else {
                next += incby;
            }
        } else {
            if ((minv < 0 && next < minv - incby) || (minv >= 0 && next + incby < minv)) {
                if (rescnt > 0) break;
                if (!s->cycle)
                    return ERR(err, SQLSTATE_SEQUENCE_LIMIT_EXCEEDED,
                               "nextval: reached minimum value of sequence \"%s\" (%lld)", s->name,
                               (long long)minv);
                next = maxv;
            } else {
                next += incby;
            }
        }
        fetch--;
        if (rescnt < 1) {
            log--;
            rescnt++;
            last = next;
            result = next;
        }
    }
    log -= fetch; /* adjust for values not fetched at the end */
    *log_value = next;
    s->last_value = last;
    s->is_called = true;
    s->log_cnt = log;
    *value = result;
    return 0;
}

int catalog_sequence_setval(CatSequence *s, int64_t value, bool is_called, OmError *err)
{
    if (value < s->min || value > s->max)
        return ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                   "setval: value %lld is out of bounds for sequence \"%s\" (%lld..%lld)",
                   (long long)value, s->name, (long long)s->min, (long long)s->max);
    catalog_sequence_restore(s, value, is_called);
    return 0;
}

void catalog_sequence_restore(CatSequence *s, int64_t value, bool is_called)
{
    s->last_value = value;
    s->is_called = is_called;
    s->log_cnt = 0;
    s->log_value = value;
    s->log_called = is_called;
}
