/*
 * plan_cache.c — the simple-protocol plan cache (per session).
 *
 * Clients that do not prepare (pgbench -M simple, psycopg2, ORMs that
 * interpolate) send the same statements over and over with new literals.
 * Parsing alone (libpg_query builds, packs and unpacks a protobuf tree) costs
 * more than a primary-key lookup, so such a Query is run from a cache:
 *
 *   key     the text with every literal replaced by a marker of its kind
 *           (sql_literals.c); a hit needs no parse at all
 *   entry   the statement prepared once (sql_prepare.c) with the literals
 *           the parser saw in expression positions turned into parameters
 *           $1..$n typed as PostgreSQL types the literals (int4, int8,
 *           numeric, unknown); literals elsewhere (ORDER BY 1, varchar(10),
 *           GROUP BY 2) stay in the statement and must match on a hit
 *   run     the literals of the new text become the parameters' values and
 *           the cached plan runs exactly as an EXECUTE would, inside the
 *           Query's transaction
 *
 * A generic plan is only kept where it is the plan the literals get: on the
 * first sight of a key the statement is also planned with its literals, and
 * if the two plans differ in shape (access path, index, join order, top-N
 * sort) or the plan scans a table of PLAN_CACHE_BIG_SCAN rows or more (where
 * planning costs nothing next to the scan and literals help prune), the
 * entry remembers "plan with literals" for the current catalog instead, like
 * PostgreSQL's plan_cache_mode = auto choosing custom plans. So does a
 * statement where a literal meets an interval with fields ('1'::interval year
 * is a year; as a parameter it would read as a second, cut to the year:
 * Binder.param_typmod_read), and one with GROUPING SETS, ROLLUP or CUBE
 * (a literal key such as ROLLUP ('x') is NULL in some rows, while the same
 * literal in the SELECT list, a parameter of its own, would not be). Transaction
 * control without literals (BEGIN, COMMIT, END, ROLLBACK) keeps its parse
 * tree. Entries re-plan after DDL (the prepared statement's catalog check) and
 * are replaced when that would change their result columns.
 *
 * Invariants: an entry is used only when its key and the class of every
 * parameter literal match and every literal it kept matches exactly; its
 * parameter values convert with the types' input functions, and any failure
 * there sends the Query down the ordinary path, so errors are the ordinary
 * path's errors.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/sysview.h"
#include "sql/plan_cache.h"
#include "sql/sql_prepare_int.h"
#include "storage/storage.h"

#define PLAN_CACHE_BUCKETS     512
#define PLAN_CACHE_MAX_ENTRIES 256
#define PLAN_CACHE_BIG_SCAN    100000
#define REWRITE_MAX_DEPTH      4000

typedef enum EntryKind {
    ENTRY_PLAN,    /* a prepared statement with parameters for literals */
    ENTRY_UTILITY, /* transaction control: its parse tree */
    ENTRY_CUSTOM,  /* planned with its literals every time (under catalog_version) */
} EntryKind;

typedef struct CacheLit {
    int param; /* its parameter (0-based), or -1: it stays in the statement */
    bool negate;
    LiteralClass cls;
    char *text; /* a literal that stays: its token */
    int len;
} CacheLit;

typedef struct PlanCacheEntry {
    struct PlanCacheEntry *next; /* bucket chain */
    Arena *arena;
    char *key;
    size_t key_len;
    uint64_t hash;
    EntryKind kind;
    SqlPrepared *ps;            /* ENTRY_PLAN */
    PgQuery__ParseResult *tree; /* ENTRY_UTILITY */
    uint64_t catalog_version;   /* ENTRY_CUSTOM */
    int nlits;
    CacheLit *lits;
    int nparams;
    int *param_lit; /* [nparams]: the literal giving each parameter its value */
    uint64_t last_used;
} PlanCacheEntry;

typedef struct PlanCache {
    PlanCacheEntry *buckets[PLAN_CACHE_BUCKETS];
    int count;
    uint64_t tick;
    Arena *scratch; /* the current Query's scan and values */
    PlanCacheStats stats;
} PlanCache;

static _Atomic uint64_t server_hits, server_misses, server_custom, server_evictions, server_entries;

/* ---- the table ---- */

static PlanCache *cache_of(SqlSession *s)
{
    if (!s->plan_cache) {
        PlanCache *pc = calloc(1, sizeof(PlanCache));
        if (!pc) return NULL;
        pc->scratch = arena_create(s->arena, "plan cache scratch");
        s->plan_cache = pc;
    }
    return s->plan_cache;
}

static void entry_free(PlanCacheEntry *e)
{
    if (e->ps) sql_prepared_release(e->ps); /* frees its tree too */
    if (e->tree) pg_query__parse_result__free_unpacked(e->tree, NULL);
    arena_destroy(e->arena);
}

static void entry_remove(PlanCache *pc, PlanCacheEntry *e)
{
    PlanCacheEntry **pp = &pc->buckets[e->hash % PLAN_CACHE_BUCKETS];
    while (*pp && *pp != e) pp = &(*pp)->next;
    if (*pp) *pp = e->next;
    pc->count--;
    pc->stats.entries--;
    atomic_fetch_sub(&server_entries, 1);
    entry_free(e);
}

static PlanCacheEntry *entry_find(PlanCache *pc, const LiteralScan *sc)
{
    for (PlanCacheEntry *e = pc->buckets[sc->hash % PLAN_CACHE_BUCKETS]; e; e = e->next)
        if (e->hash == sc->hash && e->key_len == sc->key_len &&
            memcmp(e->key, sc->key, sc->key_len) == 0)
            return e;
    return NULL;
}

/* Makes room by dropping the least recently used entry. */
static void evict_one(PlanCache *pc)
{
    PlanCacheEntry *victim = NULL;
    for (int b = 0; b < PLAN_CACHE_BUCKETS; b++)
        for (PlanCacheEntry *e = pc->buckets[b]; e; e = e->next)
            if (!victim || e->last_used < victim->last_used) victim = e;
    if (!victim) return;
    entry_remove(pc, victim);
    pc->stats.evictions++;
    atomic_fetch_add(&server_evictions, 1);
}

static PlanCacheEntry *entry_new(SqlSession *s, PlanCache *pc, const LiteralScan *sc,
                                 EntryKind kind)
{
    if (pc->count >= PLAN_CACHE_MAX_ENTRIES) evict_one(pc);
    Arena *arena = arena_create(s->arena, "plan cache entry");
    PlanCacheEntry *e = ARENA_NEW(arena, PlanCacheEntry);
    e->arena = arena;
    e->key = arena_strndup(arena, sc->key, sc->key_len);
    e->key_len = sc->key_len;
    e->hash = sc->hash;
    e->kind = kind;
    e->last_used = ++pc->tick;
    PlanCacheEntry **head = &pc->buckets[sc->hash % PLAN_CACHE_BUCKETS];
    e->next = *head;
    *head = e;
    pc->count++;
    pc->stats.entries++;
    atomic_fetch_add(&server_entries, 1);
    return e;
}

void plan_cache_reset(SqlSession *s)
{
    PlanCache *pc = s->plan_cache;
    if (!pc) return;
    for (int b = 0; b < PLAN_CACHE_BUCKETS; b++)
        while (pc->buckets[b]) entry_remove(pc, pc->buckets[b]);
    arena_destroy(pc->scratch);
    free(pc);
    s->plan_cache = NULL;
}

void plan_cache_stats(const SqlSession *s, PlanCacheStats *session, PlanCacheStats *server)
{
    if (session) {
        memset(session, 0, sizeof(*session));
        if (s && s->plan_cache) *session = s->plan_cache->stats;
    }
    if (server) {
        server->hits = atomic_load(&server_hits);
        server->misses = atomic_load(&server_misses);
        server->custom = atomic_load(&server_custom);
        server->evictions = atomic_load(&server_evictions);
        server->entries = atomic_load(&server_entries);
    }
}

static void counts_of(const PlanCacheStats *st, SessionPlanCacheCounts *out)
{
    out->hits = st->hits;
    out->misses = st->misses;
    out->custom = st->custom;
    out->evictions = st->evictions;
    out->entries = st->entries;
}

/* SessionViews.plan_cache */
static void view_counts(void *session, SessionPlanCacheCounts *mine, SessionPlanCacheCounts *all)
{
    PlanCacheStats a, b;
    plan_cache_stats(session, &a, &b);
    counts_of(&a, mine);
    counts_of(&b, all);
}

void plan_cache_views_init(SqlSession *s)
{
    s->settings.views.plan_cache = view_counts;
    s->settings.views.session = s;
}

static void count_custom(PlanCache *pc)
{
    pc->stats.custom++;
    atomic_fetch_add(&server_custom, 1);
}

/* ---- running an entry ---- */

/* The parameter values of entry e for the literals of `text` (scan), or
 * false when a literal does not fit the entry (its class, or a kept literal
 * that differs). Values are converted to the parameter types in `arena`. */
static bool entry_values(SqlSession *s, const PlanCacheEntry *e, const char *text,
                         const LiteralScan *sc, Arena *arena, Value **out)
{
    if (sc->nlits != e->nlits) return false;
    for (int i = 0; i < e->nlits; i++) {
        const CacheLit *cl = &e->lits[i];
        const Literal *l = &sc->lits[i];
        if (cl->param < 0) {
            if (l->len != cl->len || memcmp(text + l->start, cl->text, (size_t)l->len) != 0)
                return false;
        } else if (sql_literal_class(text, l, cl->negate) != cl->cls) {
            return false;
        }
    }
    int n = e->nparams;
    Value *raw = ARENA_NEW_ARRAY(arena, Value, n > 0 ? n : 1);
    Value *vals = ARENA_NEW_ARRAY(arena, Value, n > 0 ? n : 1);
    for (int k = 0; k < n; k++) {
        int i = e->param_lit[k];
        size_t len;
        const char *t = sql_literal_text(text, &sc->lits[i], e->lits[i].negate, arena, &len);
        memset(&raw[k], 0, sizeof(Value));
        raw[k].type = OM_TYPE(TYPE_UNKNOWN);
        raw[k].u.str = strview_make(t, (uint32_t)len);
    }
    OmError conv;
    error_clear(&conv);
    if (sql_prepared_convert_params(s, e->ps, raw, arena, vals, &conv) != 0) return false;
    *out = vals;
    return true;
}

static int run_plan_entry(SqlSession *s, PlanCacheEntry *e, const Value *vals, ResultSink *sink,
                          OmError *err)
{
    int rc = sql_exec_planned(s, e->ps, vals, e->nparams, sink, err);
    if (sql_txn_end_query(s, rc == 0, err, sink) != 0) rc = -1;
    return rc;
}

bool plan_cache_run_hit(SqlSession *s, const char *query, ResultSink *sink, OmError *err, int *rc,
                        PlanCacheProbe *probe)
{
    memset(probe, 0, sizeof(*probe));
    if (s->custom_plans_only) return false;
    PlanCache *pc = cache_of(s);
    if (!pc) return false;
    arena_reset(pc->scratch);
    if (sql_literals_scan(query, true, pc->scratch, &probe->scan) != 0) return false;
    probe->scanned = true;
    PlanCacheEntry *e = entry_find(pc, &probe->scan);
    if (!e) {
        probe->try_add = true;
        return false;
    }
    e->last_used = ++pc->tick;
    switch (e->kind) {
    case ENTRY_CUSTOM:
        if (e->catalog_version == catalog_version(s->db->catalog)) {
            count_custom(pc);
            return false;
        }
        probe->stale = e; /* the catalog changed: decide again */
        probe->try_add = true;
        return false;
    case ENTRY_UTILITY:
        if (probe->scan.nlits != 0) return false;
        pc->stats.hits++;
        atomic_fetch_add(&server_hits, 1);
        *rc = sql_exec_parsed(s, e->tree, query, sink, err);
        return true;
    case ENTRY_PLAN:
        break;
    }
    Value *vals = NULL;
    if (!sql_prepared_plan_current(s, e->ps)) {
        probe->stale = e; /* DDL since: plan it afresh, result columns may differ */
        probe->try_add = true;
        return false;
    }
    if (!entry_values(s, e, query, &probe->scan, pc->scratch, &vals)) {
        probe->stale = e;
        probe->try_add = true;
        return false;
    }
    pc->stats.hits++;
    atomic_fetch_add(&server_hits, 1);
    *rc = run_plan_entry(s, e, vals, sink, err);
    return true;
}

/* ---- making an entry ---- */

/* Literals of the tree turned into parameters, and how to undo it. */
typedef struct Rewrite {
    const LiteralScan *scan;
    int *lit_param; /* [nlits]: parameter or -1 */
    bool *lit_negate;
    int nparams;
    int *param_lit; /* [nlits]: literal of each parameter */
    PgQuery__Node **nodes;
    PgQuery__AConst **old;
    int nundo;
    bool too_deep;
    /* GROUPING SETS / ROLLUP / CUBE: a grouping key that is a literal may be
     * NULL in some rows, so a target equal to it must read the key, not a
     * parameter of its own; such statements are planned with their literals */
    bool grouping_sets;
} Rewrite;

/* The literal whose token (or whose '-', folded into the constant by the
 * parser) is at `loc`, or -1; *negate says which. */
static int literal_at(const LiteralScan *sc, int loc, bool *negate)
{
    int lo = 0, hi = sc->nlits;
    while (lo < hi) { /* first literal starting at or after loc */
        int mid = (lo + hi) / 2;
        if (sc->lits[mid].start < loc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < sc->nlits && sc->lits[lo].start == loc) {
        *negate = false;
        return lo;
    }
    if (lo < sc->nlits && sc->lits[lo].minus_at == loc && sc->lits[lo].kind != LIT_STRING) {
        *negate = true;
        return lo;
    }
    return -1;
}

static void try_replace(Rewrite *rw, PgQuery__Node *node)
{
    PgQuery__AConst *c = node->a_const;
    if (!c || c->isnull) return;
    bool want_string;
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
    case PG_QUERY__A__CONST__VAL_FVAL:
        want_string = false;
        break;
    case PG_QUERY__A__CONST__VAL_SVAL:
        want_string = true;
        break;
    default:
        return; /* booleans are keywords; bit strings are not scanned */
    }
    bool negate = false;
    int i = literal_at(rw->scan, c->location, &negate);
    if (i < 0 || rw->lit_param[i] >= 0) return;
    if ((rw->scan->lits[i].kind == LIT_STRING) != want_string) return;
    PgQuery__ParamRef *pr = malloc(sizeof(PgQuery__ParamRef));
    if (!pr) return;
    PgQuery__ParamRef init = PG_QUERY__PARAM_REF__INIT;
    *pr = init;
    pr->number = rw->nparams + 1;
    pr->location = c->location;
    rw->lit_param[i] = rw->nparams;
    rw->lit_negate[i] = negate;
    rw->param_lit[rw->nparams++] = i;
    rw->nodes[rw->nundo] = node;
    rw->old[rw->nundo++] = c;
    node->node_case = PG_QUERY__NODE__NODE_PARAM_REF;
    node->param_ref = pr;
}

/* Fields whose direct constants mean positions or are otherwise not values:
 * ORDER BY n, GROUP BY n, DISTINCT ON (n), PARTITION BY n. */
static bool positional_field(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
    if (d == &pg_query__sort_by__descriptor) return strcmp(f->name, "node") == 0;
    if (d == &pg_query__select_stmt__descriptor)
        return strcmp(f->name, "group_clause") == 0 || strcmp(f->name, "distinct_clause") == 0;
    if (d == &pg_query__window_def__descriptor) return strcmp(f->name, "partition_clause") == 0;
    return false;
}

static void rewrite_walk(Rewrite *rw, ProtobufCMessage *m, int depth);

static void rewrite_child(Rewrite *rw, ProtobufCMessage *m, bool positional, int depth)
{
    if (!m) return;
    if (m->descriptor == &pg_query__node__descriptor) {
        PgQuery__Node *n = (PgQuery__Node *)m;
        if (n->node_case == PG_QUERY__NODE__NODE_A_CONST) {
            if (!positional) try_replace(rw, n);
            return;
        }
    }
    rewrite_walk(rw, m, depth + 1);
}

static void rewrite_walk(Rewrite *rw, ProtobufCMessage *m, int depth)
{
    if (!m || rw->too_deep) return;
    if (depth > REWRITE_MAX_DEPTH) {
        rw->too_deep = true;
        return;
    }
    const ProtobufCMessageDescriptor *d = m->descriptor;
    if (d == &pg_query__type_name__descriptor) return; /* typmods: varchar(10) */
    if (d == &pg_query__grouping_set__descriptor) rw->grouping_sets = true;
    char *base = (char *)m;
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (f->type != PROTOBUF_C_TYPE_MESSAGE) continue;
        if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
            uint32_t which = *(const uint32_t *)(const void *)(base + f->quantifier_offset);
            if (which != f->id) continue;
        }
        bool positional = positional_field(d, f);
        if (f->label == PROTOBUF_C_LABEL_REPEATED) {
            size_t n = *(const size_t *)(const void *)(base + f->quantifier_offset);
            ProtobufCMessage **items = *(ProtobufCMessage ***)(void *)(base + f->offset);
            for (size_t k = 0; k < n; k++) rewrite_child(rw, items[k], positional, depth);
        } else {
            ProtobufCMessage *sub = *(ProtobufCMessage **)(void *)(base + f->offset);
            rewrite_child(rw, sub, positional, depth);
        }
    }
}

static void rewrite_undo(Rewrite *rw)
{
    for (int k = rw->nundo - 1; k >= 0; k--) {
        free(rw->nodes[k]->param_ref);
        rw->nodes[k]->node_case = PG_QUERY__NODE__NODE_A_CONST;
        rw->nodes[k]->a_const = rw->old[k];
    }
    rw->nundo = 0;
}

static void rewrite_commit(Rewrite *rw)
{
    for (int k = 0; k < rw->nundo; k++) protobuf_c_message_free_unpacked(&rw->old[k]->base, NULL);
    rw->nundo = 0;
}

/* ---- deciding between the generic plan and custom ones ---- */

static bool same_shape(const PlanNode *a, const PlanNode *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case PLAN_SEQ_SCAN:
    case PLAN_INDEX_SCAN:
        if (a->u.scan.table != b->u.scan.table || a->u.scan.path != b->u.scan.path ||
            a->u.scan.index_slot != b->u.scan.index_slot ||
            (a->u.scan.key_eq == NULL) != (b->u.scan.key_eq == NULL) ||
            a->u.scan.n_key_in != b->u.scan.n_key_in ||
            (a->u.scan.key_lo == NULL) != (b->u.scan.key_lo == NULL) ||
            (a->u.scan.key_hi == NULL) != (b->u.scan.key_hi == NULL))
            return false;
        break;
    case PLAN_HASH_JOIN:
        if (a->u.hash_join.type != b->u.hash_join.type ||
            a->u.hash_join.nkeys != b->u.hash_join.nkeys)
            return false;
        break;
    case PLAN_NL_JOIN:
        if (a->u.nl_join.type != b->u.nl_join.type || a->u.nl_join.nparams != b->u.nl_join.nparams)
            return false;
        break;
    case PLAN_SORT:
        if (a->u.sort.nkeys != b->u.sort.nkeys || (a->u.sort.limit >= 0) != (b->u.sort.limit >= 0))
            return false;
        break;
    case PLAN_HASH_AGG:
        if (a->u.agg.ngroup != b->u.agg.ngroup || a->u.agg.naggs != b->u.agg.naggs ||
            a->u.agg.nsets != b->u.agg.nsets)
            return false;
        break;
    case PLAN_SETOP:
        if (a->u.setop.op != b->u.setop.op || a->u.setop.all != b->u.setop.all) return false;
        break;
    default:
        break;
    }
    return same_shape(a->left, b->left) && same_shape(a->right, b->right);
}

static bool scans_big_table(const PlanNode *p)
{
    if (!p) return false;
    if (p->kind == PLAN_SEQ_SCAN && p->u.scan.table && p->u.scan.table->storage &&
        storage_table_row_count(p->u.scan.table->storage) >= PLAN_CACHE_BIG_SCAN)
        return true;
    return scans_big_table(p->left) || scans_big_table(p->right);
}

/* Plans the statement with its literals (as the ordinary path would) and
 * returns that plan's top in `arena`, or NULL (an error, system views, or a
 * kind we do not cache). Catalog lock held. */
static const PlanNode *custom_plan(SqlSession *s, const char *query, PgQuery__Node *stmt,
                                   Arena *arena)
{
    OmError err;
    error_clear(&err);
    StmtCtx sc;
    sql_plan_ctx_init(&sc, s, arena, &err, query);
    StmtPlan sp;
    int rc = sql_plan_stmt(&sc, stmt, &sp);
    bool views = sc.binder.ntemp > 0;
    for (int t = 0; t < sc.binder.ntemp; t++) sysview_close(sc.binder.temp_tables[t]);
    return rc == 0 && !views ? sp.top : NULL;
}

static OmType class_type(LiteralClass c)
{
    switch (c) {
    case LITCLASS_INT4:
        return OM_TYPE(TYPE_INT4);
    case LITCLASS_INT8:
        return OM_TYPE(TYPE_INT8);
    case LITCLASS_NUMERIC:
        return OM_TYPE(TYPE_NUMERIC);
    case LITCLASS_UNKNOWN:
        break;
    }
    return OM_TYPE(TYPE_UNKNOWN);
}

/* Records "plan with literals" for this key under the current catalog. */
static void add_custom(SqlSession *s, PlanCache *pc, const LiteralScan *sc)
{
    PlanCacheEntry *e = entry_new(s, pc, sc, ENTRY_CUSTOM);
    e->catalog_version = catalog_version(s->db->catalog);
    count_custom(pc);
}

bool plan_cache_add_run(SqlSession *s, const char *query, PgQuery__ParseResult *tree,
                        PlanCacheProbe *probe, ResultSink *sink, OmError *err, int *rc)
{
    PlanCache *pc = s->plan_cache;
    if (!probe->try_add || !pc) return false;
    const LiteralScan *sc = &probe->scan;
    if (probe->stale) {
        entry_remove(pc, probe->stale);
        probe->stale = NULL;
    }
    if (tree->n_stmts != 1) return false;
    PgQuery__Node *stmt = tree->stmts[0]->stmt;
    if (stmt->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT) {
        if (sc->nlits != 0) return false;
        PlanCacheEntry *e = entry_new(s, pc, sc, ENTRY_UTILITY);
        e->tree = tree;
        pc->stats.misses++;
        atomic_fetch_add(&server_misses, 1);
        *rc = sql_exec_parsed(s, tree, query, sink, err);
        return true;
    }
    if (stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT &&
        stmt->node_case != PG_QUERY__NODE__NODE_INSERT_STMT &&
        stmt->node_case != PG_QUERY__NODE__NODE_UPDATE_STMT &&
        stmt->node_case != PG_QUERY__NODE__NODE_DELETE_STMT)
        return false;

    /* 1. the plan the literals get */
    Catalog *cat = s->db->catalog;
    Arena *arena = arena_create(s->arena, "plan cache decision");
    catalog_lock_shared(cat);
    const PlanNode *custom = custom_plan(s, query, stmt, arena);
    catalog_unlock(cat);
    if (!custom) { /* an error the ordinary path reports, or system views */
        arena_destroy(arena);
        add_custom(s, pc, sc);
        return false;
    }

    /* 2. the generic plan, literals made parameters */
    int nl = sc->nlits;
    Rewrite rw;
    memset(&rw, 0, sizeof(rw));
    rw.scan = sc;
    rw.lit_param = ARENA_NEW_ARRAY(arena, int, nl > 0 ? nl : 1);
    rw.lit_negate = ARENA_NEW_ARRAY(arena, bool, nl > 0 ? nl : 1);
    rw.param_lit = ARENA_NEW_ARRAY(arena, int, nl > 0 ? nl : 1);
    rw.nodes = ARENA_NEW_ARRAY(arena, PgQuery__Node *, nl > 0 ? nl : 1);
    rw.old = ARENA_NEW_ARRAY(arena, PgQuery__AConst *, nl > 0 ? nl : 1);
    for (int i = 0; i < nl; i++) rw.lit_param[i] = -1;
    rewrite_walk(&rw, &stmt->base, 0);
    OmType *types = ARENA_NEW_ARRAY(arena, OmType, rw.nparams > 0 ? rw.nparams : 1);
    for (int k = 0; k < rw.nparams; k++) {
        int i = rw.param_lit[k];
        types[k] = class_type(sql_literal_class(query, &sc->lits[i], rw.lit_negate[i]));
    }
    OmError perr;
    error_clear(&perr);
    SqlPrepared *ps =
        rw.too_deep ? NULL : sql_prepare_unlisted(s, query, NULL, stmt, rw.nparams, types, &perr);
    bool ok = ps && (ps->kind == PREP_QUERY || ps->kind == PREP_MODIFY) && ps->plan &&
              ps->nparams == rw.nparams && !ps->param_typmod_read && !rw.grouping_sets;
    if (ok) {
        catalog_lock_shared(cat);
        ok = ps->plan->catalog_version == catalog_version(cat) &&
             same_shape(custom, ps->plan->plan) && !scans_big_table(ps->plan->plan);
        catalog_unlock(cat);
    }
    if (!ok) {
        if (ps) sql_prepared_release(ps);
        rewrite_undo(&rw);
        arena_destroy(arena);
        add_custom(s, pc, sc);
        return false;
    }
    rewrite_commit(&rw);
    ps->tree = tree; /* the statement owns the tree from here */

    /* 3. the entry */
    PlanCacheEntry *e = entry_new(s, pc, sc, ENTRY_PLAN);
    e->ps = ps;
    e->nlits = nl;
    e->lits = ARENA_NEW_ARRAY(e->arena, CacheLit, nl > 0 ? nl : 1);
    for (int i = 0; i < nl; i++) {
        CacheLit *cl = &e->lits[i];
        const Literal *l = &sc->lits[i];
        cl->param = rw.lit_param[i];
        cl->negate = rw.lit_negate[i];
        cl->cls = sql_literal_class(query, l, cl->negate);
        if (cl->param < 0) {
            cl->text = arena_strndup(e->arena, query + l->start, (size_t)l->len);
            cl->len = l->len;
        }
    }
    e->nparams = rw.nparams;
    e->param_lit = ARENA_NEW_ARRAY(e->arena, int, rw.nparams > 0 ? rw.nparams : 1);
    memcpy(e->param_lit, rw.param_lit, sizeof(int) * (size_t)rw.nparams);
    arena_destroy(arena);
    pc->stats.misses++;
    atomic_fetch_add(&server_misses, 1);

    Value *vals = NULL;
    if (!entry_values(s, e, query, sc, pc->scratch, &vals)) {
        /* a literal its parameter type does not take: the ordinary path
         * reports it; the tree now belongs to the entry, so parse again */
        PgQuery__ParseResult *again = sql_parse_text(query, err);
        if (!again) {
            *rc = -1;
            return true;
        }
        *rc = sql_exec_parsed(s, again, query, sink, err);
        pg_query__parse_result__free_unpacked(again, NULL);
        return true;
    }
    *rc = run_plan_entry(s, e, vals, sink, err);
    return true;
}
