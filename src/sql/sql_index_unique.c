/*
 * sql_index_unique.c — unique indexes whose keys are not a list of columns
 * ("computed": an expression key, a WHERE predicate, or both), which storage
 * cannot encode by itself (storage_table_add_unique_computed).
 *
 *   - Binding for the executor (es->unique_bind, exec/unique_keys.h): the
 *     stored texts (CatIndexExpr: bind_sql of each expression key and of the
 *     predicate) are parsed and bound over the table row once per session and
 *     catalog version; every statement of the session until the next DDL uses
 *     the same bound trees. They live in a session arena reset when the
 *     version moves on, which happens only under the exclusive catalog lock,
 *     so no statement (holding the shared lock) still uses the old ones.
 *   - Building from the rows: CREATE UNIQUE INDEX, ALTER COLUMN TYPE of a
 *     column it reads, and recovery (indexes are rebuilt on load, after the
 *     log is replayed), through the same evaluation as INSERT: the rows the
 *     predicate keeps, their keys bulk-loaded; two equal keys are 23505
 *     "could not create unique index" with PostgreSQL's detail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/unique_keys.h"
#include "sql/sql_alter.h"
#include "sql/sql_index_expr.h"

/* Marks the columns an expression (EXPR_VAR form) reads; never matches, so
 * sql_expr_find visits the whole tree. */
static bool mark_column(const Expr *x, const void *arg)
{
    bool *read = (bool *)arg;
    if (x->kind == EXPR_VAR) read[x->u.var.attno] = true;
    return false;
}

/* Binds computed unique index con of t (sc->arena holds the trees). */
static int bind_computed(StmtCtx *sc, const CatTable *t, const CatConstraint *con, UniqueBound *out)
{
    const CatIndexExpr *x = catalog_index_expr(t, con->index_oid);
    memset(out, 0, sizeof(*out));
    if (!x)
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "index \"%s\" has no expressions", con->name);
    bool *read = ARENA_NEW_ARRAY(sc->arena, bool, t->ncols + 1);
    out->nkeys = con->ncols;
    for (int k = 0; k <= con->ncols; k++) {
        bool is_pred = k == con->ncols;
        int col = is_pred ? -1 : con->cols[k];
        if (col >= 0) {
            read[col] = true;
            out->keys[k] = expr_make_column(sc->arena, col, t->cols[col].type);
            continue;
        }
        const char *text = is_pred ? x->pred.bind_sql : x->keys[k].bind_sql;
        if (!text) continue; /* no predicate */
        Expr *e = sql_table_expr_load(sc, t, text, is_pred ? "index predicate" : "index expression",
                                      NULL);
        if (!e) return -1;
        sql_expr_find(e, mark_column, read);
        e = sql_translate_table_expr(sc, t, e);
        if (!e) return -1;
        if (is_pred)
            out->pred = e;
        else
            out->keys[k] = e;
    }
    for (int c = 0; c < t->ncols; c++) {
        if (!read[c]) continue;
        if (out->nread == STORAGE_UNIQUE_COLS)
            return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "a unique index may read at most %d columns", STORAGE_UNIQUE_COLS);
        out->reads[out->nread++] = c;
    }
    return 0;
}

/* ---- binding for the executor, cached per session ---- */

typedef struct BoundEntry {
    Oid table;
    int slot;
    UniqueBound b;
} BoundEntry;

typedef struct UniqueBindCache {
    uint64_t version; /* catalog_version the entries were bound at */
    Arena *arena;     /* the entries and their trees; reset when the version changes */
    BoundEntry *entries;
    int n, cap;
} UniqueBindCache;

int sql_unique_bind(ExecState *es, const CatTable *t, int slot, const UniqueBound **out)
{
    SqlSession *s = es->session;
    const CatConstraint *con = catalog_index_of_slot(t, slot);
    if (!s || !con)
        return ERR(es->err, SQLSTATE_INTERNAL_ERROR,
                   "unique index %d of table \"%s\" cannot be bound here", slot, t->name);
    UniqueBindCache *c = s->unique_bind_cache;
    if (!c) {
        c = ARENA_NEW(s->arena, UniqueBindCache);
        c->arena = arena_create(s->arena, "unique index bindings");
        s->unique_bind_cache = c;
    }
    uint64_t version = catalog_version(s->db->catalog);
    if (c->version != version) {
        arena_reset(c->arena);
        c->entries = NULL;
        c->n = c->cap = 0;
        c->version = version;
    }
    for (int i = 0; i < c->n; i++)
        if (c->entries[i].table == t->oid && c->entries[i].slot == slot) {
            *out = &c->entries[i].b;
            return 0;
        }
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 8;
        c->entries = arena_realloc(c->arena, c->entries, sizeof(BoundEntry) * (size_t)c->cap,
                                   sizeof(BoundEntry) * (size_t)cap);
        c->cap = cap;
    }
    BoundEntry *e = &c->entries[c->n];
    StmtCtx sc;
    sql_plan_ctx_init(&sc, s, c->arena, es->err, NULL);
    if (bind_computed(&sc, t, con, &e->b) != 0) return -1;
    e->table = t->oid;
    e->slot = slot;
    c->n++;
    *out = &e->b;
    return 0;
}

/* ---- building from the rows ---- */

typedef struct BuildCtx {
    const CatTable *t;
    const UniqueBound *b;
    UniqueKey keys; /* every key, concatenated */
    size_t *off;    /* n + 1 offsets into keys */
    uint64_t *rows;
    size_t n, cap;
    UniqueKey one; /* one vector's keys */
    uint32_t voff[VECTOR_SIZE], vlen[VECTOR_SIZE];
} BuildCtx;

static int collect_vector(void *vctx, AlterEval *ae, uint64_t group, uint32_t vec, uint32_t nrows,
                          const Chunk *chunk)
{
    (void)nrows;
    BuildCtx *bc = vctx;
    if (chunk->count == 0) return 0;
    if (unique_keys_encode(bc->t->storage, -1, bc->b, &ae->ev, chunk, chunk->count, &bc->one,
                           bc->voff, bc->vlen) != 0)
        return -1;
    uint64_t first = group * STORAGE_GROUP_ROWS + (uint64_t)vec * STORAGE_VECTOR_ROWS;
    for (uint32_t i = 0; i < chunk->count; i++) {
        if (bc->vlen[i] == 0) continue;
        if (bc->n + 1 >= bc->cap) {
            size_t cap = bc->cap * 2;
            size_t *off = realloc(bc->off, sizeof(size_t) * cap);
            if (off) bc->off = off;
            uint64_t *rows = realloc(bc->rows, sizeof(uint64_t) * cap);
            if (rows) bc->rows = rows;
            if (!off || !rows) return ERR(ae->ev.err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            bc->cap = cap;
        }
        size_t need = bc->keys.len + bc->vlen[i];
        if (need > bc->keys.cap) {
            size_t cap = bc->keys.cap ? bc->keys.cap * 2 : 4096;
            while (cap < need) cap *= 2;
            uint8_t *d = realloc(bc->keys.data, cap);
            if (!d) return ERR(ae->ev.err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            bc->keys.data = d;
            bc->keys.cap = cap;
        }
        memcpy(bc->keys.data + bc->keys.len, bc->one.data + bc->voff[i], bc->vlen[i]);
        bc->keys.len = need;
        bc->rows[bc->n] = first + chunk_row(chunk, i);
        bc->off[++bc->n] = bc->keys.len;
    }
    return 0;
}

/* 23505 for two rows with the key of `row` (CREATE UNIQUE INDEX's words). */
static int duplicated(StmtCtx *sc, AlterEval *ae, const CatTable *t, const CatConstraint *con,
                      const UniqueBound *b, uint64_t row)
{
    Chunk one;
    unique_keys_fetch_row(t, row, NULL, 0, ae->arena, &one);
    StrBuf key;
    strbuf_init(&key, ae->arena);
    int rc = unique_keys_describe(&ae->es, &ae->ev, t, con, b, &one, 0, &key);
    ERR(sc->err, SQLSTATE_UNIQUE_VIOLATION, "could not create unique index \"%s\"", con->name);
    if (rc == 0) error_detail(sc->err, "Key %s is duplicated.", key.data);
    return -1;
}

int sql_unique_build(StmtCtx *sc, CatTable *t, CatConstraint *con, int replace)
{
    UniqueBound b;
    if (bind_computed(sc, t, con, &b) != 0) return -1;
    OmType types[16];
    for (int k = 0; k < b.nkeys; k++) types[k] = b.keys[k]->type;
    BuildCtx *bc = ARENA_NEW(sc->arena, BuildCtx);
    bc->t = t;
    bc->b = &b;
    unique_key_init(&bc->keys);
    unique_key_init(&bc->one);
    bc->cap = 1024;
    bc->off = malloc(sizeof(size_t) * bc->cap);
    bc->rows = malloc(sizeof(uint64_t) * bc->cap);
    int rc = bc->off && bc->rows ? 0 : ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (rc == 0) bc->off[0] = 0;
    AlterEval ae;
    alter_eval_init(sc, &ae);
    if (rc == 0) rc = alter_scan_rows(sc, &ae, t, collect_vector, bc);
    uint64_t dup = 0;
    int slot = -1;
    if (rc == 0) {
        slot =
            storage_table_add_unique_computed(t->storage, b.nkeys, types, b.nread, b.reads,
                                              &bc->keys, bc->off, bc->rows, bc->n, replace, &dup);
        if (slot == -1) rc = ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        if (slot == -2) rc = duplicated(sc, &ae, t, con, &b, dup);
    }
    alter_eval_fini(&ae);
    unique_key_fini(&bc->keys);
    unique_key_fini(&bc->one);
    free(bc->off);
    free(bc->rows);
    if (rc != 0) return -1;
    con->storage_slot = slot;
    return 0;
}

int sql_unique_rebuild_all(Database *db, OmError *err)
{
    Catalog *cat = db->catalog;
    SqlSession *s = NULL;
    Arena *arena = NULL;
    int rc = 0;
    for (int i = 0; i < catalog_table_count(cat) && rc == 0; i++) {
        CatTable *t = catalog_table_at(cat, i);
        for (int c = 0; c < t->ncons && rc == 0; c++) {
            CatConstraint *con = &t->cons[c];
            if (con->storage_slot < 0 ||
                !storage_table_unique_computed(t->storage, con->storage_slot))
                continue;
            if (!s) {
                s = sql_session_create(db, "omendb", NULL, "recovery");
                arena = s ? arena_create(NULL, "unique index rebuild") : NULL;
                if (!arena) {
                    rc = ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
                    break;
                }
            }
            StmtCtx sc;
            sql_plan_ctx_init(&sc, s, arena, err, NULL);
            rc = sql_unique_build(&sc, t, con, con->storage_slot);
            arena_reset(arena);
            if (rc != 0 && strcmp(err->sqlstate, SQLSTATE_UNIQUE_VIOLATION) == 0) {
                char detail[sizeof(err->detail)];
                memcpy(detail, err->detail, sizeof(detail));
                error_clear(err);
                ERR(err, SQLSTATE_DATA_CORRUPTED,
                    "redo log leaves two live rows with equal keys in unique index \"%s\" of "
                    "table \"%s\"",
                    con->name, t->name);
                error_detail(err, "%s", detail);
            }
        }
    }
    arena_destroy(arena);
    sql_session_destroy(s);
    return rc;
}
