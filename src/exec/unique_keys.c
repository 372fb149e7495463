/*
 * unique_keys.c — encoding, holder checks and duplicate errors for every kind
 * of unique index (unique_keys.h).
 *
 * An index over columns encodes the row's column values, as it always did. A
 * computed index evaluates its predicate over the rows first and its key
 * expressions only over the rows the predicate keeps, as PostgreSQL forms
 * index tuples only for them (`WHERE b <> 0` guards `(a / b)`). Stored rows
 * (an UPDATE's new version, the row behind an index entry once keys moved)
 * are fetched into a one-row chunk and go through the same path, in the
 * ExecState's scratch arena, which is reset after each use so that a long
 * UPDATE does not grow the statement arena.
 */
#include <string.h>

#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "exec/unique_keys.h"

int unique_keys_bound(ExecState *es, const CatTable *t, int slot, const UniqueBound **out)
{
    *out = NULL;
    if (!storage_table_unique_computed(t->storage, slot)) return 0;
    if (!es->unique_bind)
        return ERR(es->err, SQLSTATE_INTERNAL_ERROR,
                   "unique index on table \"%s\" cannot be evaluated here", t->name);
    return es->unique_bind(es, t, slot, out);
}

/* The column path: key columns straight from the chunk. */
static int encode_columns(const StorageTable *storage, int slot, const Chunk *rows, uint32_t limit,
                          UniqueKey *key, uint32_t *off, uint32_t *len)
{
    int nkc;
    const int *kc = storage_table_unique_cols(storage, slot, &nkc);
    for (uint32_t i = 0; i < limit; i++) {
        uint32_t pos = chunk_row(rows, i);
        size_t start = key->len;
        int rc = 0;
        for (int j = 0; j < nkc && rc == 0; j++) {
            const Vector *v = &rows->cols[kc[j]];
            bool valid = vector_is_valid(v, pos);
            rc = unique_key_add(key, v->type, valid ? vector_value_ptr(v, pos) : NULL, !valid);
        }
        if (rc < 0) return -1;
        if (rc == 1) {
            key->len = start; /* a NULL in the key never conflicts */
            len[i] = 0;
            continue;
        }
        off[i] = (uint32_t)start;
        len[i] = (uint32_t)(key->len - start);
    }
    return 0;
}

int unique_keys_encode(const StorageTable *storage, int slot, const UniqueBound *b, EvalCtx *ev,
                       const Chunk *rows, uint32_t limit, UniqueKey *key, uint32_t *off,
                       uint32_t *len)
{
    unique_key_reset(key);
    if (!b) {
        if (encode_columns(storage, slot, rows, limit, key, off, len) != 0)
            return ERR(ev->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return 0;
    }
    if (limit == 0) return 0;
    /* rows the predicate keeps, as physical positions */
    Chunk view = *rows;
    view.count = limit;
    uint16_t *kept = arena_alloc(ev->arena, sizeof(uint16_t) * VECTOR_SIZE);
    uint32_t nkept = limit;
    if (b->pred) {
        if (expr_eval_filter(b->pred, &view, kept, &nkept, ev) != 0) return -1;
    } else {
        for (uint32_t i = 0; i < limit; i++) kept[i] = (uint16_t)chunk_row(rows, i);
    }
    for (uint32_t i = 0; i < limit; i++) len[i] = 0;
    if (nkept == 0) return 0;
    Chunk in = view;
    in.sel = kept;
    in.count = nkept;
    Vector vals[16];
    for (int k = 0; k < b->nkeys; k++) {
        memset(&vals[k], 0, sizeof(Vector));
        if (expr_eval(b->keys[k], &in, &vals[k], ev) != 0) return -1;
    }
    /* kept positions ascend with chunk order: walk both together */
    uint32_t next = 0;
    for (uint32_t i = 0; i < limit && next < nkept; i++) {
        uint32_t pos = chunk_row(rows, i);
        if (kept[next] != pos) continue;
        next++;
        size_t start = key->len;
        int rc = 0;
        for (int k = 0; k < b->nkeys && rc == 0; k++) {
            bool valid = vector_is_valid(&vals[k], pos);
            rc = unique_key_add(key, vals[k].type, valid ? vector_value_ptr(&vals[k], pos) : NULL,
                                !valid);
        }
        if (rc < 0) return ERR(ev->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        if (rc == 1) {
            key->len = start;
            continue;
        }
        off[i] = (uint32_t)start;
        len[i] = (uint32_t)(key->len - start);
    }
    return 0;
}

void unique_keys_fetch_row(const CatTable *t, uint64_t row, const int *reads, int nread,
                           Arena *arena, Chunk *out)
{
    out->ncols = t->ncols;
    out->cols = arena_alloc(arena, sizeof(Vector) * (size_t)(t->ncols > 0 ? t->ncols : 1));
    out->count = 1;
    out->sel = NULL;
    for (int c = 0; c < t->ncols; c++) {
        vector_init_flat(&out->cols[c], t->cols[c].type, arena);
        vector_set_null(&out->cols[c], 0, arena);
    }
    uint64_t count = storage_table_row_count(t->storage);
    if (row >= count) count = row + 1; /* this transaction's own, not yet published rows */
    storage_read_begin();
    for (int i = 0; i < (reads ? nread : t->ncols); i++) {
        int c = reads ? reads[i] : i;
        Value v;
        if (storage_table_fetch_snapshot(t->storage, count, row, c, NULL, &v) != 0 || v.is_null)
            continue;
        vector_set_value(&out->cols[c], 0, &v); /* copies strings out of storage */
    }
    storage_read_end();
}

/* An evaluation context over the ExecState's scratch arena (reset). */
static void scratch_eval(ExecState *es, EvalCtx *ev)
{
    if (!es->unique_scratch) es->unique_scratch = arena_create(es->arena, "unique keys");
    arena_reset(es->unique_scratch);
    exec_eval_init(ev, es, es->unique_scratch);
}

int unique_keys_row(ExecState *es, const CatTable *t, int slot, uint64_t row, UniqueKey *out)
{
    const UniqueBound *b;
    if (unique_keys_bound(es, t, slot, &b) != 0) return -1;
    if (!b) {
        int rc = storage_row_unique_key(t->storage, slot, row, NULL, out);
        if (rc < 0) return ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return rc;
    }
    EvalCtx ev;
    scratch_eval(es, &ev);
    Chunk one;
    unique_keys_fetch_row(t, row, b->reads, b->nread, ev.arena, &one);
    uint32_t off = 0, len = 0;
    if (unique_keys_encode(t->storage, slot, b, &ev, &one, 1, out, &off, &len) != 0) return -1;
    if (len == 0) return 1;
    if (off > 0) memmove(out->data, out->data + off, len);
    out->len = len;
    return 0;
}

RowLiveness unique_keys_holder(ExecState *es, const CatTable *t, int slot, uint64_t row,
                               const uint8_t *key, size_t len, uint64_t txn, uint64_t *holder)
{
    StorageTable *storage = t->storage;
    if (!storage_table_unique_computed(storage, slot))
        return storage_key_holder(storage, slot, row, key, len, txn, holder);
    RowLiveness l = storage_row_liveness(storage, row, txn, holder);
    if (l != ROW_LIVE || !storage_table_keys_moved(storage)) return l;
    /* Live, and every write to it committed (or ours): its newest key decides. */
    UniqueKey cur;
    unique_key_init(&cur);
    OmError saved = *es->err;
    int rc = unique_keys_row(es, t, slot, row, &cur);
    bool same = rc == 0 && cur.len == len && memcmp(cur.data, key, len) == 0;
    unique_key_fini(&cur);
    if (rc < 0) {
        *es->err = saved;
        return ROW_LIVE; /* cannot tell: the safe answer is a conflict */
    }
    return same ? ROW_LIVE : ROW_DEAD;
}

static const SessionSettings *settings_of(ExecState *es)
{
    static SessionSettings defaults;
    static bool init;
    if (es->settings) return es->settings;
    if (!init) {
        session_settings_defaults(&defaults);
        init = true;
    }
    return &defaults;
}

static void put_value(ExecState *es, const Vector *v, uint32_t pos, StrBuf *out)
{
    if (!vector_is_valid(v, pos))
        strbuf_puts(out, "null");
    else
        type_text_out(v->type, vector_value_ptr(v, pos), settings_of(es), out);
}

int unique_keys_describe(ExecState *es, EvalCtx *ev, const CatTable *t, const CatConstraint *con,
                         const UniqueBound *b, const Chunk *rows, uint32_t pos, StrBuf *out)
{
    /* the key as pg_get_indexdef_columns prints it: quoted names, pretty expressions */
    strbuf_puts(out, "(");
    for (int k = 0; k < con->ncols; k++) {
        char name[1024];
        catalog_index_key_def(t, con, k, true, name, sizeof(name));
        if (k) strbuf_puts(out, ", ");
        strbuf_puts(out, name);
    }
    strbuf_puts(out, ")=(");
    if (b) {
        /* the key expressions over that one row */
        Chunk one = *rows;
        uint16_t sel = (uint16_t)pos;
        one.sel = &sel;
        one.count = 1;
        for (int k = 0; k < b->nkeys; k++) {
            Vector v;
            memset(&v, 0, sizeof(v));
            if (expr_eval(b->keys[k], &one, &v, ev) != 0) return -1;
            if (k) strbuf_puts(out, ", ");
            put_value(es, &v, pos, out);
        }
    } else {
        for (int k = 0; k < con->ncols; k++) {
            if (k) strbuf_puts(out, ", ");
            put_value(es, &rows->cols[con->cols[k]], pos, out);
        }
    }
    strbuf_puts(out, ")");
    return 0;
}

int unique_keys_violation(ExecState *es, EvalCtx *ev, const CatTable *t, int slot,
                          const Chunk *rows, uint32_t pos)
{
    const CatConstraint *con = catalog_index_of_slot(t, slot);
    const UniqueBound *b = NULL;
    StrBuf key;
    strbuf_init(&key, ev->arena);
    int rc = con ? unique_keys_bound(es, t, slot, &b) : -1;
    if (rc == 0) rc = unique_keys_describe(es, ev, t, con, b, rows, pos, &key);
    ERR(es->err, SQLSTATE_UNIQUE_VIOLATION, "duplicate key value violates unique constraint \"%s\"",
        con ? con->name : "?");
    error_object(es->err, t->schema->name, t->name, NULL, con ? con->name : NULL);
    if (rc == 0) error_detail(es->err, "Key %s already exists.", key.data);
    return -1;
}

int unique_keys_row_violation(ExecState *es, const CatTable *t, int slot, uint64_t row)
{
    EvalCtx ev;
    scratch_eval(es, &ev);
    Chunk one;
    unique_keys_fetch_row(t, row, NULL, 0, ev.arena, &one);
    return unique_keys_violation(es, &ev, t, slot, &one, 0);
}
