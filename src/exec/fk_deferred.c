/*
 * fk_deferred.c — the pending FOREIGN KEY checks of a transaction and its
 * SET CONSTRAINTS modes (the contract is in fk_deferred.h).
 *
 * Modes follow PostgreSQL's SetConstraintState: `all` is the last SET
 * CONSTRAINTS ALL (or unset), `named` the constraints named since (SET
 * CONSTRAINTS ALL empties it). A SET CONSTRAINTS made inside a savepoint
 * first saves the modes as they were (one copy per savepoint level), so that
 * ROLLBACK TO can put them back.
 *
 * Entries are kept in the order they were recorded, which is the order they
 * are checked in (PostgreSQL fires deferred triggers in queue order, so the
 * first error reported is the same).
 */
#include "exec/fk_deferred.h"

#include <stdlib.h>
#include <string.h>

#include "exec/fk_check.h"

typedef struct FkMode {
    Oid fk;
    bool deferred;
} FkMode;

/* The modes before the first SET CONSTRAINTS of savepoint level `level`. */
typedef struct FkModeSave {
    int level;
    int all;
    FkMode *named; /* malloc'd */
    int nnamed;
} FkModeSave;

typedef struct FkPending {
    Oid table; /* the referencing table */
    Oid fk;
    int level;
    bool parent;
    uint64_t first, n; /* child side: rows [first, first + n) */
    uint8_t *key;      /* parent side: malloc'd, key_len bytes */
    size_t key_len;
    char *names, *vals; /* parent side: malloc'd */
} FkPending;

struct FkDeferred {
    int level;
    int all; /* SET CONSTRAINTS ALL: -1 not given, 0 IMMEDIATE, 1 DEFERRED */
    FkMode *named;
    int nnamed, capnamed;
    FkModeSave *saves;
    int nsaves, capsaves;
    FkPending *pending;
    int npending, cappending;
};

FkDeferred *fk_deferred_create(void)
{
    FkDeferred *d = calloc(1, sizeof(*d));
    if (d) d->all = -1;
    return d;
}

static void pending_free(FkPending *p)
{
    free(p->key);
    free(p->names);
    free(p->vals);
}

void fk_deferred_reset(FkDeferred *d)
{
    if (!d) return;
    for (int i = 0; i < d->npending; i++) pending_free(&d->pending[i]);
    for (int i = 0; i < d->nsaves; i++) free(d->saves[i].named);
    d->npending = d->nsaves = d->nnamed = 0;
    d->all = -1;
    d->level = 0;
}

void fk_deferred_destroy(FkDeferred *d)
{
    if (!d) return;
    fk_deferred_reset(d);
    free(d->named);
    free(d->saves);
    free(d->pending);
    free(d);
}

void fk_deferred_set_level(FkDeferred *d, int level)
{
    if (d) d->level = level;
}

bool fk_deferred_is_deferred(const FkDeferred *d, const CatForeignKey *fk)
{
    if (!fk->deferrable) return false;
    if (!d) return fk->initdeferred;
    for (int i = d->nnamed; i-- > 0;)
        if (d->named[i].fk == fk->oid) return d->named[i].deferred;
    if (d->all >= 0) return d->all == 1;
    return fk->initdeferred;
}

static int oom(OmError *err)
{
    return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
}

/* Saves the modes before the first change at the current savepoint level. */
static int save_modes(FkDeferred *d, OmError *err)
{
    if (d->level == 0 || (d->nsaves > 0 && d->saves[d->nsaves - 1].level >= d->level)) return 0;
    if (d->nsaves == d->capsaves) {
        int cap = d->capsaves ? d->capsaves * 2 : 4;
        FkModeSave *n = realloc(d->saves, sizeof(*n) * (size_t)cap);
        if (!n) return oom(err);
        d->saves = n;
        d->capsaves = cap;
    }
    FkModeSave *s = &d->saves[d->nsaves];
    s->level = d->level;
    s->all = d->all;
    s->nnamed = d->nnamed;
    s->named = NULL;
    if (d->nnamed > 0) {
        s->named = malloc(sizeof(FkMode) * (size_t)d->nnamed);
        if (!s->named) return oom(err);
        memcpy(s->named, d->named, sizeof(FkMode) * (size_t)d->nnamed);
    }
    d->nsaves++;
    return 0;
}

int fk_deferred_set_mode(FkDeferred *d, Oid fk_oid, bool deferred, OmError *err)
{
    if (save_modes(d, err) != 0) return -1;
    if (fk_oid == 0) {
        d->all = deferred ? 1 : 0;
        d->nnamed = 0;
        return 0;
    }
    for (int i = 0; i < d->nnamed; i++)
        if (d->named[i].fk == fk_oid) {
            d->named[i].deferred = deferred;
            return 0;
        }
    if (d->nnamed == d->capnamed) {
        int cap = d->capnamed ? d->capnamed * 2 : 8;
        FkMode *n = realloc(d->named, sizeof(*n) * (size_t)cap);
        if (!n) return oom(err);
        d->named = n;
        d->capnamed = cap;
    }
    d->named[d->nnamed++] = (FkMode){fk_oid, deferred};
    return 0;
}

static FkPending *push(FkDeferred *d, OmError *err)
{
    if (d->npending == d->cappending) {
        int cap = d->cappending ? d->cappending * 2 : 16;
        FkPending *n = realloc(d->pending, sizeof(*n) * (size_t)cap);
        if (!n) {
            oom(err);
            return NULL;
        }
        d->pending = n;
        d->cappending = cap;
    }
    FkPending *p = &d->pending[d->npending++];
    memset(p, 0, sizeof(*p));
    p->level = d->level;
    return p;
}

int fk_deferred_add_rows(FkDeferred *d, Oid table, Oid fk_oid, uint64_t first, uint64_t n,
                         OmError *err)
{
    if (n == 0) return 0;
    if (d->npending > 0) {
        FkPending *last = &d->pending[d->npending - 1];
        if (!last->parent && last->table == table && last->fk == fk_oid &&
            last->level == d->level && last->first + last->n == first) {
            last->n += n;
            return 0;
        }
    }
    FkPending *p = push(d, err);
    if (!p) return -1;
    p->table = table;
    p->fk = fk_oid;
    p->first = first;
    p->n = n;
    return 0;
}

int fk_deferred_add_key(FkDeferred *d, Oid table, Oid fk_oid, const uint8_t *key, size_t len,
                        const char *names, const char *vals, OmError *err)
{
    uint8_t *k = malloc(len ? len : 1);
    char *nm = strdup(names), *vs = strdup(vals);
    FkPending *p = k && nm && vs ? push(d, err) : NULL;
    if (!p) {
        free(k);
        free(nm);
        free(vs);
        return k && nm && vs ? -1 : oom(err);
    }
    memcpy(k, key, len);
    p->table = table;
    p->fk = fk_oid;
    p->parent = true;
    p->key = k;
    p->key_len = len;
    p->names = nm;
    p->vals = vs;
    return 0;
}

bool fk_deferred_pending(const FkDeferred *d)
{
    return d && d->npending > 0;
}

/* The referencing table and its foreign key of an entry; false if either was
 * dropped since (DDL is not transactional): nothing to check then. */
static bool resolve(ExecState *es, const FkPending *p, CatTable **table, const CatForeignKey **fk)
{
    *table = catalog_table_by_oid(es->catalog, p->table);
    if (!*table) return false;
    for (int k = 0; k < (*table)->nfkeys; k++)
        if ((*table)->fkeys[k].oid == p->fk) {
            *fk = &(*table)->fkeys[k];
            return true;
        }
    return false;
}

int fk_deferred_run(ExecState *es, FkDeferred *d, bool all)
{
    if (!d) return 0;
    int kept = 0, rc = 0;
    for (int i = 0; i < d->npending; i++) {
        FkPending *p = &d->pending[i];
        CatTable *t;
        const CatForeignKey *fk;
        bool keep;
        if (!resolve(es, p, &t, &fk)) {
            keep = false; /* its key or table was dropped */
        } else if (rc != 0 || (!all && fk_deferred_is_deferred(d, fk))) {
            keep = true;
        } else {
            rc = p->parent ? fk_check_key_now(es, t, fk, p->key, p->key_len, p->names, p->vals)
                           : fk_check_rows_now(es, t, fk, p->first, p->n);
            keep = rc != 0;
        }
        if (keep)
            d->pending[kept++] = *p;
        else
            pending_free(p);
    }
    d->npending = kept;
    return rc;
}

void fk_deferred_rollback_to(FkDeferred *d, int i)
{
    if (!d) return;
    int kept = 0;
    for (int k = 0; k < d->npending; k++) {
        if (d->pending[k].level > i)
            pending_free(&d->pending[k]);
        else
            d->pending[kept++] = d->pending[k];
    }
    d->npending = kept;
    while (d->nsaves > 0 && d->saves[d->nsaves - 1].level > i) {
        FkModeSave *s = &d->saves[--d->nsaves];
        d->all = s->all;
        d->nnamed = 0;
        for (int k = 0; k < s->nnamed; k++) {
            /* fits: named never shrinks below a saved copy's size */
            d->named[d->nnamed++] = s->named[k];
        }
        free(s->named);
    }
    if (i < 0) {
        d->all = -1;
        d->nnamed = 0;
    }
}

void fk_deferred_release(FkDeferred *d, int i)
{
    if (!d) return;
    for (int k = 0; k < d->npending; k++)
        if (d->pending[k].level > i) d->pending[k].level = i;
    /* the oldest save above level i keeps the modes from before them all */
    FkModeSave oldest = {0};
    bool have = false;
    while (d->nsaves > 0 && d->saves[d->nsaves - 1].level > i) {
        if (have) free(oldest.named);
        oldest = d->saves[--d->nsaves];
        have = true;
    }
    if (!have) return;
    if (i > 0 && (d->nsaves == 0 || d->saves[d->nsaves - 1].level < i)) {
        oldest.level = i;
        d->saves[d->nsaves++] = oldest;
    } else {
        free(oldest.named);
    }
}
