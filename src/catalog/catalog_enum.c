/*
 * catalog_enum.c — the enum types of the catalog (CatEnum, see catalog.h):
 * create, drop, ADD VALUE, RENAME VALUE, rename, lookups, and the hooks
 * through which type_io prints and reads values (labels <-> sort orders).
 *
 * Invariants: a type's labels are in ascending sort order, their names
 * distinct; sort orders are never reused or changed (a stored value is an
 * order). Lists are replaced whole: a new CatEnumLabels or CatEnumSet is
 * published with a release store and the old one is kept on cat->enums_old
 * until catalog_destroy, so a reader holding a pointer it loaded (with
 * acquire) never sees it change or go away; dropped types are kept there too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog_int.h"

/* A list of enum types. The live list (cat->enums) does not own the types of
 * a list it replaced; `owns` marks the lists that free their types. */
typedef struct CatEnumSet {
    int n;
    bool owns;
    struct CatEnumSet *next; /* on cat->enums_old */
    CatEnum *v[];
} CatEnumSet;

static CatEnumSet *live_set(const Catalog *cat)
{
    return __atomic_load_n(&((Catalog *)cat)->enums, __ATOMIC_ACQUIRE);
}

const CatEnumLabels *catalog_enum_labels(const CatEnum *e)
{
    return __atomic_load_n(&((CatEnum *)e)->labels, __ATOMIC_ACQUIRE);
}

static CatEnumSet *set_alloc(int n)
{
    CatEnumSet *s = calloc(1, sizeof(*s) + sizeof(CatEnum *) * (size_t)(n > 0 ? n : 1));
    if (s) s->n = n;
    return s;
}

static void keep_old(Catalog *cat, CatEnumSet *old)
{
    if (!old) return;
    old->next = cat->enums_old;
    cat->enums_old = old;
}

/* Publishes `next` as the live list; the old one is kept. */
static void publish_set(Catalog *cat, CatEnumSet *next)
{
    CatEnumSet *old = cat->enums;
    if (old) old->owns = false;
    next->owns = true;
    __atomic_store_n(&cat->enums, next, __ATOMIC_RELEASE);
    keep_old(cat, old);
}

static void publish_labels(CatEnum *e, CatEnumLabels *next)
{
    next->replaced = e->labels;
    __atomic_store_n(&e->labels, next, __ATOMIC_RELEASE);
}

static void enum_free(CatEnum *e)
{
    CatEnumLabels *l = e->labels;
    while (l) {
        CatEnumLabels *r = l->replaced;
        free(l);
        l = r;
    }
    free(e);
}

void catalog_enum_free_all(Catalog *cat)
{
    CatEnumSet *s = cat->enums;
    if (s) {
        s->next = cat->enums_old;
        cat->enums_old = s;
    }
    cat->enums = NULL;
    while (cat->enums_old) {
        CatEnumSet *o = cat->enums_old;
        cat->enums_old = o->next;
        if (o->owns)
            for (int i = 0; i < o->n; i++) enum_free(o->v[i]);
        free(o);
    }
}

int catalog_enum_count(Catalog *cat)
{
    CatEnumSet *s = live_set(cat);
    return s ? s->n : 0;
}

CatEnum *catalog_enum_at(Catalog *cat, int i)
{
    CatEnumSet *s = live_set(cat);
    return s && i >= 0 && i < s->n ? s->v[i] : NULL;
}

CatEnum *catalog_enum_find(Catalog *cat, const CatSchema *schema, const char *name)
{
    CatEnumSet *s = live_set(cat);
    for (int i = 0; s && i < s->n; i++)
        if (s->v[i]->schema == schema && strcmp(s->v[i]->name, name) == 0) return s->v[i];
    return NULL;
}

CatEnum *catalog_enum_by_oid(Catalog *cat, Oid oid)
{
    CatEnumSet *s = live_set(cat);
    for (int i = 0; s && i < s->n; i++)
        if (s->v[i]->oid == oid) return s->v[i];
    return NULL;
}

CatEnum *catalog_enum_by_type_oid(Catalog *cat, Oid oid)
{
    CatEnumSet *s = live_set(cat);
    for (int i = 0; s && i < s->n; i++)
        if (s->v[i]->oid == oid || s->v[i]->array_oid == oid) return s->v[i];
    return NULL;
}

CatEnum *catalog_enum_lookup(Catalog *cat, const char *search_path, const char *name)
{
    CatSchema *path[32];
    int n = catalog_search_schemas(cat, search_path, path, 32);
    for (int i = 0; i < n; i++) {
        CatEnum *e = catalog_enum_find(cat, path[i], name);
        if (e) return e;
    }
    return NULL;
}

bool catalog_enum_used_by(Catalog *cat, const CatEnum *e, CatTable **table, int *col)
{
    int n = catalog_table_count(cat);
    for (int i = 0; i < n; i++) {
        CatTable *t = catalog_table_at(cat, i);
        for (int c = 0; c < t->ncols; c++) {
            OmType ty = t->cols[c].type;
            if (ty.id == TYPE_ENUM && ty.typmod == (int32_t)e->oid) {
                *table = t;
                *col = c;
                return true;
            }
        }
    }
    return false;
}

static bool type_name_taken(Catalog *cat, const CatSchema *schema, const char *name)
{
    return catalog_enum_find(cat, schema, name) || catalog_table_find(cat, schema, name) ||
           catalog_view_find(cat, schema, name);
}

static int check_label(const char *label, OmError *err)
{
    if (strlen(label) >= CATALOG_NAME_MAX) {
        ERR(err, SQLSTATE_INVALID_NAME, "invalid enum label \"%s\"", label);
        error_detail(err, "Labels must be %d bytes or less.", CATALOG_NAME_MAX - 1);
        return -1;
    }
    return 0;
}

static int label_index(const CatEnumLabels *l, const char *name)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0) return i;
    return -1;
}

static CatEnumLabels *labels_alloc(int n)
{
    CatEnumLabels *l = calloc(1, sizeof(*l) + sizeof(CatEnumLabel) * (size_t)(n > 0 ? n : 1));
    if (l) l->n = n;
    return l;
}

int catalog_enum_create(Catalog *cat, CatSchema *schema, const char *name, const char **labels,
                        int nlabels, CatEnum **out, OmError *err)
{
    if (type_name_taken(cat, schema, name))
        return ERR(err, SQLSTATE_DUPLICATE_OBJECT, "type \"%s\" already exists", name);
    for (int i = 0; i < nlabels; i++) {
        if (check_label(labels[i], err) != 0) return -1;
        for (int j = 0; j < i; j++)
            if (strcmp(labels[i], labels[j]) == 0) { /* PostgreSQL's pg_enum index says so */
                ERR(err, SQLSTATE_UNIQUE_VIOLATION,
                    "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"");
                error_detail(err, "Key (enumtypid, enumlabel)=(%u, %s) already exists.",
                             (unsigned)catalog_peek_next_oid(cat) + 1, labels[i]);
                return -1;
            }
    }
    CatEnum *e = calloc(1, sizeof(*e));
    CatEnumLabels *l = labels_alloc(nlabels);
    CatEnumSet *old = cat->enums;
    CatEnumSet *next = set_alloc((old ? old->n : 0) + 1);
    if (!e || !l || !next) {
        free(e), free(l), free(next);
        return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    e->array_oid = catalog_next_oid(cat); /* PostgreSQL's order: the array type first */
    e->oid = catalog_next_oid(cat);
    e->schema = schema;
    snprintf(e->name, sizeof(e->name), "%s", name);
    e->owner = CATALOG_ROLE_OMENDB;
    for (int i = 0; i < nlabels; i++) {
        l->v[i].order = i + 1;
        l->v[i].oid = catalog_next_oid(cat);
        snprintf(l->v[i].name, sizeof(l->v[i].name), "%s", labels[i]);
    }
    e->labels = l;
    if (old) memcpy(next->v, old->v, sizeof(CatEnum *) * (size_t)old->n);
    next->v[next->n - 1] = e;
    publish_set(cat, next);
    if (out) *out = e;
    return 0;
}

void catalog_enum_drop(Catalog *cat, CatEnum *e)
{
    CatEnumSet *old = cat->enums;
    if (!old) return;
    CatEnumSet *next = set_alloc(old->n - 1);
    CatEnumSet *grave = set_alloc(1);
    if (!next || !grave) { /* keep it listed rather than lose track of it */
        free(next), free(grave);
        return;
    }
    int k = 0;
    for (int i = 0; i < old->n; i++)
        if (old->v[i] != e) next->v[k++] = old->v[i];
    next->n = k;
    publish_set(cat, next);
    grave->v[0] = e;
    grave->owns = true;
    keep_old(cat, grave);
}

/* A sort order strictly between lo and hi (lo < hi), or NAN when the doubles
 * between them ran out (PostgreSQL renumbers then; values here are orders, so
 * OmenDB cannot). */
static double order_between(double lo, double hi)
{
    double mid = lo + (hi - lo) / 2;
    return mid > lo && mid < hi ? mid : NAN;
}

int catalog_enum_add_label(Catalog *cat, CatEnum *e, const char *label, const char *neighbor,
                           bool before, bool if_not_exists, bool *added, OmError *err)
{
    const CatEnumLabels *cur = e->labels;
    *added = false;
    if (check_label(label, err) != 0) return -1;
    if (label_index(cur, label) >= 0) {
        if (if_not_exists) return 0;
        return ERR(err, SQLSTATE_DUPLICATE_OBJECT, "enum label \"%s\" already exists", label);
    }
    int at = cur->n; /* insert before index `at` */
    double order = cur->n ? floor(cur->v[cur->n - 1].order) + 1 : 1;
    if (neighbor) {
        int ni = label_index(cur, neighbor);
        if (ni < 0)
            return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "\"%s\" is not an existing enum label", neighbor);
        at = before ? ni : ni + 1;
        if (at == 0)
            order = cur->v[0].order - 1;
        else if (at < cur->n)
            order = order_between(cur->v[at - 1].order, cur->v[at].order);
        else
            order = floor(cur->v[cur->n - 1].order) + 1;
        if (isnan(order))
            return ERR(err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "no sort order is left between enum labels \"%s\" and \"%s\"",
                       cur->v[at - 1].name, cur->v[at].name);
    }
    CatEnumLabels *l = labels_alloc(cur->n + 1);
    if (!l) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    memcpy(l->v, cur->v, sizeof(CatEnumLabel) * (size_t)at);
    memcpy(l->v + at + 1, cur->v + at, sizeof(CatEnumLabel) * (size_t)(cur->n - at));
    l->v[at].order = order;
    l->v[at].oid = catalog_next_oid(cat);
    snprintf(l->v[at].name, sizeof(l->v[at].name), "%s", label);
    publish_labels(e, l);
    *added = true;
    return 0;
}

int catalog_enum_rename_label(Catalog *cat, CatEnum *e, const char *from, const char *to,
                              OmError *err)
{
    (void)cat;
    const CatEnumLabels *cur = e->labels;
    if (check_label(to, err) != 0) return -1;
    int i = label_index(cur, from);
    if (i < 0)
        return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "\"%s\" is not an existing enum label",
                   from);
    if (label_index(cur, to) >= 0)
        return ERR(err, SQLSTATE_DUPLICATE_OBJECT, "enum label \"%s\" already exists", to);
    CatEnumLabels *l = labels_alloc(cur->n);
    if (!l) return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    memcpy(l->v, cur->v, sizeof(CatEnumLabel) * (size_t)cur->n);
    snprintf(l->v[i].name, sizeof(l->v[i].name), "%s", to);
    publish_labels(e, l);
    return 0;
}

int catalog_enum_rename(Catalog *cat, CatEnum *e, const char *name, OmError *err)
{
    if (type_name_taken(cat, e->schema, name))
        return ERR(err, SQLSTATE_DUPLICATE_OBJECT, "type \"%s\" already exists", name);
    /* the name is read by format_type without the lock: a torn read could
     * print a mix of the two names, never run past the buffer */
    char tmp[CATALOG_NAME_MAX] = {0};
    snprintf(tmp, sizeof(tmp), "%s", name);
    memcpy(e->name, tmp, sizeof(tmp));
    return 0;
}

/* ---- the type_io hooks ---- */

static bool hook_is_enum(void *ctx, Oid type)
{
    return catalog_enum_by_oid(ctx, type) != NULL;
}

#define DEFAULT_PATH "\"$user\", public"

static bool hook_name(void *ctx, Oid type, const char *search_path, char *buf, size_t cap)
{
    CatEnum *e = catalog_enum_by_oid(ctx, type);
    if (!e) return false;
    size_t len = 0;
    buf[0] = 0;
    /* format_type qualifies a type its search_path does not find first */
    if (catalog_enum_lookup(ctx, search_path ? search_path : DEFAULT_PATH, e->name) != e) {
        len = catalog_put_ident(buf, cap, len, e->schema->name);
        if (len + 1 < cap) buf[len++] = '.', buf[len] = 0;
    }
    catalog_put_ident(buf, cap, len, e->name);
    return true;
}

static bool hook_label(void *ctx, Oid type, double order, char *buf, size_t cap)
{
    CatEnum *e = catalog_enum_by_oid(ctx, type);
    if (!e) return false;
    const CatEnumLabels *l = catalog_enum_labels(e);
    int lo = 0, hi = l->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (l->v[mid].order < order)
            lo = mid + 1;
        else if (l->v[mid].order > order)
            hi = mid - 1;
        else {
            snprintf(buf, cap, "%s", l->v[mid].name);
            return true;
        }
    }
    return false;
}

static bool hook_order(void *ctx, Oid type, const char *label, size_t len, double *out)
{
    CatEnum *e = catalog_enum_by_oid(ctx, type);
    if (!e) return false;
    const CatEnumLabels *l = catalog_enum_labels(e);
    for (int i = 0; i < l->n; i++) {
        if (strlen(l->v[i].name) == len && memcmp(l->v[i].name, label, len) == 0) {
            *out = l->v[i].order;
            return true;
        }
    }
    return false;
}

static Oid hook_by_name(void *ctx, const char *name)
{
    Catalog *cat = ctx;
    const char *dot = strchr(name, '.');
    CatEnum *e = NULL;
    if (dot) {
        char schema[CATALOG_NAME_MAX];
        snprintf(schema, sizeof(schema), "%.*s", (int)(dot - name), name);
        CatSchema *s = catalog_schema_find(cat, schema);
        e = s ? catalog_enum_find(cat, s, dot + 1) : NULL;
    } else {
        e = catalog_enum_lookup(cat, DEFAULT_PATH, name);
    }
    if (!e && name[0] == '_') { /* the array type: _name */
        Oid elem = hook_by_name(ctx, name + 1);
        return elem ? elem - 1 : 0;
    }
    return e ? e->oid : 0;
}

void catalog_enum_install_hooks(Catalog *cat)
{
    TypeEnumHooks h = {cat, hook_name, hook_label, hook_order, hook_is_enum, hook_by_name};
    type_set_enum_hooks(cat ? &h : NULL);
}
