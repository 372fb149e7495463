/*
 * unique_index.c — the unique index of a constraint over src/index: ALEX for a
 * single integer-like column, the B+tree for every other key (unique_index.h).
 *
 * ALEX keys: the 8-byte encoding of such a column (big-endian, sign bit flipped)
 * is decoded to the int64 itself, and re-encoded when an iterator returns it, so
 * callers see bytes either way. A byte bound shorter than 8 bytes is padded with
 * zeros; a longer one is rounded up to the next 8-byte key (the same comparison in
 * byte order).
 *
 * Undo of a failed statement (truncate by row id): the index keeps a ring of its
 * last UNDO_SLOTS inserts (key and row id). If every insert with a row id >= the
 * truncation point is still in the ring (nothing younger was evicted or too long
 * to keep), truncation deletes just those keys; otherwise it scans the whole index.
 * Row ids of one table only grow between truncations, so the ring's entries at or
 * above the truncation point are exactly the failed statement's inserts.
 *
 * Staging (the bulk path of a first big INSERT): while the structure is empty,
 * keys arriving in strictly ascending order cannot conflict, so they are only
 * appended to a private run (encoded keys, their ends, row ids). The run is
 * bulk-loaded (unique_index_load) at unique_index_flush, or as soon as a key
 * arrives out of order. Readers look only at the structure: staged keys belong to
 * rows no reader can see yet (storage_table_commit flushes before it publishes).
 */
#include "storage/unique_index.h"

#include <stdlib.h>
#include <string.h>

#include "index/index_am.h"
#include "storage/storage_int.h"

_Static_assert(UNIQUE_INDEX_MAX_KEY == INDEX_MAX_KEY_LEN, "one key length limit");

#define UNDO_SLOTS   64
#define UNDO_KEY_MAX 40

typedef struct UndoEntry {
    uint64_t row_id;
    uint32_t len;
    uint8_t key[UNDO_KEY_MAX];
} UndoEntry;

struct UniqueIndex {
    Index *index;
    UniqueIndexKind kind;
    size_t accounted; /* bytes currently counted in storage_bytes() */
    UndoEntry *undo;  /* ring of UNDO_SLOTS, allocated on the first insert */
    int undo_head, undo_n;
    bool undo_lossy;   /* an insert is missing from the ring ... */
    uint64_t lost_max; /* ... and this is the largest row id among those */
    /* the staged run (writer only) */
    UniqueKey staged;   /* concatenated encoded keys */
    size_t *staged_end; /* staged_end[i]: end of key i in `staged` */
    uint64_t *staged_row;
    size_t n_staged, cap_staged;
    size_t staged_bytes; /* accounted bytes of the run's arrays */
    KeyChain *chain;     /* taken-over entries (unique_chain.c); NULL until needed */
};

struct UniqueIndexIter {
    IndexIter *it;
    UniqueIndexKind kind;
    uint8_t buf[8]; /* an ALEX key re-encoded */
};

/* ---- ALEX key conversion ---- */

static int64_t decode8(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = (v << 8) | b[i];
    return (int64_t)(v ^ (UINT64_C(1) << 63));
}

static void encode8(int64_t k, uint8_t *b)
{
    uint64_t v = (uint64_t)k ^ (UINT64_C(1) << 63);
    for (int i = 7; i >= 0; i--, v >>= 8) b[i] = (uint8_t)v;
}

/* The smallest int64 key whose encoding is >= the byte string b: 0, or 1 when
 * every key is smaller (no such key). */
static int alex_ceil(const uint8_t *b, size_t len, int64_t *out)
{
    uint8_t pad[8] = {0};
    memcpy(pad, b, len < 8 ? len : 8);
    *out = decode8(pad);
    if (len <= 8) return 0;
    if (*out == INT64_MAX) return 1;
    (*out)++;
    return 0;
}

bool unique_index_alex_types(int ncols, const OmType *types)
{
    if (ncols != 1) return false;
    switch (types[0].id) {
    case TYPE_INT2:
    case TYPE_INT4:
    case TYPE_INT8:
    case TYPE_DATE:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        return true;
    default:
        return false;
    }
}

/* ---- accounting ---- */

static size_t own_bytes(const UniqueIndex *ui)
{
    return sizeof(*ui) + index_memory_bytes(ui->index) +
           (ui->undo ? UNDO_SLOTS * sizeof(UndoEntry) : 0) + ui->staged.cap +
           ui->cap_staged * (sizeof(size_t) + sizeof(uint64_t));
}

/* Brings storage_bytes() up to date with the index's current size. */
static void account(UniqueIndex *ui)
{
    size_t now = own_bytes(ui);
    if (now > ui->accounted)
        storage_bytes_add(now - ui->accounted);
    else
        storage_bytes_sub(ui->accounted - now);
    ui->accounted = now;
}

UniqueIndex *unique_index_create(int ncols, const OmType *types)
{
    UniqueIndex *ui = calloc(1, sizeof(*ui));
    if (ui == NULL) return NULL;
    ui->kind = unique_index_alex_types(ncols, types) ? UNIQUE_INDEX_ALEX : UNIQUE_INDEX_BTREE;
    if (index_create(ui->kind == UNIQUE_INDEX_ALEX ? INDEX_ALEX_INT64 : INDEX_BTREE, &ui->index) !=
        INDEX_OK) {
        free(ui);
        return NULL;
    }
    account(ui);
    return ui;
}

void unique_index_destroy(UniqueIndex *ui)
{
    if (ui == NULL) return;
    storage_bytes_sub(ui->accounted);
    index_destroy(ui->index);
    keychain_destroy(ui->chain);
    free(ui->undo);
    unique_key_fini(&ui->staged);
    free(ui->staged_end);
    free(ui->staged_row);
    free(ui);
}

KeyChain *unique_index_chain(const UniqueIndex *ui)
{
    return __atomic_load_n(&ui->chain, __ATOMIC_ACQUIRE);
}

KeyChain *unique_index_chain_ensure(UniqueIndex *ui)
{
    if (ui->chain == NULL) {
        KeyChain *c = keychain_create();
        if (c != NULL) __atomic_store_n(&ui->chain, c, __ATOMIC_RELEASE);
    }
    return ui->chain;
}

UniqueIndexKind unique_index_kind(const UniqueIndex *ui)
{
    return ui->kind;
}

const char *unique_index_kind_name(const UniqueIndex *ui)
{
    return ui->kind == UNIQUE_INDEX_ALEX ? "ALEX, learned" : "B+tree";
}

/* The IndexKey for an encoded key; false if it cannot be a key of this index. */
static bool to_index_key(const UniqueIndex *ui, const uint8_t *key, size_t len, IndexKey *out)
{
    if (ui->kind == UNIQUE_INDEX_BTREE) {
        if (len == 0 || len > INDEX_MAX_KEY_LEN) return false;
        *out = index_key_bytes(key, len);
        return true;
    }
    if (len != 8) return false;
    *out = index_key_i64(decode8(key));
    return true;
}

/* ---- undo ring ---- */

static void undo_note(UniqueIndex *ui, const uint8_t *key, size_t len, uint64_t row_id)
{
    if (ui->undo == NULL && len <= UNDO_KEY_MAX)
        ui->undo = malloc(UNDO_SLOTS * sizeof(UndoEntry)); /* failure: lossy below */
    if (ui->undo == NULL || len > UNDO_KEY_MAX) {
        if (!ui->undo_lossy || row_id > ui->lost_max) ui->lost_max = row_id;
        ui->undo_lossy = true;
        return;
    }
    if (ui->undo_n == UNDO_SLOTS) { /* evict the oldest */
        UndoEntry *old = &ui->undo[ui->undo_head];
        if (!ui->undo_lossy || old->row_id > ui->lost_max) ui->lost_max = old->row_id;
        ui->undo_lossy = true;
        ui->undo_head = (ui->undo_head + 1) % UNDO_SLOTS;
        ui->undo_n--;
    }
    UndoEntry *e = &ui->undo[(ui->undo_head + ui->undo_n) % UNDO_SLOTS];
    e->row_id = row_id;
    e->len = (uint32_t)len;
    memcpy(e->key, key, len);
    ui->undo_n++;
}

static int cmp_bytes(const uint8_t *a, size_t al, const uint8_t *b, size_t bl);

/* Appends key -> row_id to the staged run if that keeps it strictly ascending
 * over an empty structure. Returns true if staged. */
static bool stage(UniqueIndex *ui, const uint8_t *key, size_t len, uint64_t row_id)
{
    if (index_count(ui->index) != 0) return false;
    if (ui->n_staged > 0) {
        size_t start = ui->n_staged > 1 ? ui->staged_end[ui->n_staged - 2] : 0;
        size_t end = ui->staged_end[ui->n_staged - 1];
        if (cmp_bytes(ui->staged.data + start, end - start, key, len) >= 0) return false;
    }
    if (ui->n_staged == ui->cap_staged) {
        size_t nc = ui->cap_staged ? ui->cap_staged * 2 : 1024;
        size_t *ne = realloc(ui->staged_end, nc * sizeof(size_t));
        if (ne == NULL) return false;
        ui->staged_end = ne;
        uint64_t *nr = realloc(ui->staged_row, nc * sizeof(uint64_t));
        if (nr == NULL) return false;
        ui->staged_row = nr;
        ui->cap_staged = nc;
    }
    if (ui->staged.len + len > ui->staged.cap) {
        size_t nc = ui->staged.cap ? ui->staged.cap * 2 : 8192;
        while (nc < ui->staged.len + len) nc *= 2;
        uint8_t *nd = realloc(ui->staged.data, nc);
        if (nd == NULL) return false;
        ui->staged.data = nd;
        ui->staged.cap = nc;
    }
    memcpy(ui->staged.data + ui->staged.len, key, len);
    ui->staged.len += len;
    ui->staged_end[ui->n_staged] = ui->staged.len;
    ui->staged_row[ui->n_staged++] = row_id;
    return true;
}

static void staged_free(UniqueIndex *ui)
{
    unique_key_fini(&ui->staged);
    free(ui->staged_end);
    free(ui->staged_row);
    ui->staged_end = NULL;
    ui->staged_row = NULL;
    ui->n_staged = ui->cap_staged = 0;
}

void unique_index_discard_staged(UniqueIndex *ui)
{
    staged_free(ui);
    account(ui);
}

void unique_index_flush(UniqueIndex *ui)
{
    if (ui->n_staged == 0) return;
    /* unique_index_load wants off[0] = 0 then the ends: shift by one slot. */
    size_t n = ui->n_staged;
    size_t *off = malloc((n + 1) * sizeof(size_t));
    uint64_t dup;
    int rc = -1;
    if (off != NULL) {
        off[0] = 0;
        memcpy(off + 1, ui->staged_end, n * sizeof(size_t));
        ui->n_staged = 0; /* unique_index_load must not see a staged run */
        rc = unique_index_load(ui, &ui->staged, off, ui->staged_row, n, &dup);
    }
    if (rc != 0) { /* out of memory for the bulk path: one by one (ascending, no conflict) */
        for (size_t i = 0; i < n; i++) {
            size_t start = i ? ui->staged_end[i - 1] : 0;
            IndexKey k;
            if (to_index_key(ui, ui->staged.data + start, ui->staged_end[i] - start, &k))
                (void)index_insert(ui->index, &k, ui->staged_row[i]);
        }
    }
    free(off);
    /* The flushed keys are not in the undo ring: a truncation reaching them
     * takes the full pass. */
    uint64_t max_row = ui->staged_row[n - 1];
    if (!ui->undo_lossy || max_row > ui->lost_max) ui->lost_max = max_row;
    ui->undo_lossy = true;
    staged_free(ui);
    account(ui);
}

int unique_index_insert(UniqueIndex *ui, const uint8_t *key, size_t len, uint64_t row_id,
                        uint64_t *existing)
{
    IndexKey k;
    if (len > UNIQUE_INDEX_MAX_KEY) return -2;
    if (!to_index_key(ui, key, len, &k)) return -1;
    if (stage(ui, key, len, row_id)) {
        if ((ui->n_staged & 1023) == 1) account(ui);
        return 0;
    }
    unique_index_flush(ui);
    IndexStatus st = index_insert(ui->index, &k, row_id);
    if (st == INDEX_DUPLICATE) {
        if (existing) (void)index_lookup(ui->index, &k, existing);
        return 1;
    }
    if (st != INDEX_OK) return -1;
    undo_note(ui, key, len, row_id);
    account(ui);
    return 0;
}

bool unique_index_lookup(UniqueIndex *ui, const uint8_t *key, size_t len, uint64_t *row_id)
{
    IndexKey k;
    uint64_t r;
    if (!to_index_key(ui, key, len, &k) || index_lookup(ui->index, &k, &r) != INDEX_OK)
        return false;
    if (row_id) *row_id = r;
    return true;
}

bool unique_index_delete(UniqueIndex *ui, const uint8_t *key, size_t len)
{
    IndexKey k;
    if (!to_index_key(ui, key, len, &k) || index_delete(ui->index, &k) != INDEX_OK) return false;
    account(ui);
    return true;
}

/* Deletes key if it still maps to row_id. */
static void delete_if(UniqueIndex *ui, const uint8_t *key, size_t len, uint64_t row_id)
{
    uint64_t r;
    if (unique_index_lookup(ui, key, len, &r) && r == row_id)
        (void)unique_index_delete(ui, key, len);
}

/* Truncation by a pass over the whole index: collect, then delete. */
static void truncate_scan(UniqueIndex *ui, uint64_t min_row_id)
{
    UniqueKey keys;
    unique_key_init(&keys);
    size_t *ends = NULL, n = 0, cap = 0;
    uint64_t *rows = NULL;
    UniqueIndexIter *it;
    if (unique_index_iter_open(ui, NULL, 0, &it) != 0) return;
    const uint8_t *k;
    size_t len;
    uint64_t r;
    while (unique_index_iter_next(it, &k, &len, &r) == 1) {
        if (r < min_row_id) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            size_t *ne = realloc(ends, nc * sizeof(size_t));
            if (ne) ends = ne;
            uint64_t *nr = ne ? realloc(rows, nc * sizeof(uint64_t)) : NULL;
            if (nr) rows = nr;
            if (ne == NULL || nr == NULL) break; /* out of memory: delete what we have */
            cap = nc;
        }
        size_t start = keys.len;
        uint8_t *grown = realloc(keys.data, start + len);
        if (grown == NULL) break;
        keys.data = grown;
        memcpy(keys.data + start, k, len);
        keys.len = keys.cap = start + len;
        ends[n] = keys.len;
        rows[n++] = r;
    }
    unique_index_iter_close(it);
    for (size_t i = 0; i < n; i++) {
        size_t start = i ? ends[i - 1] : 0;
        delete_if(ui, keys.data + start, ends[i] - start, rows[i]);
    }
    free(ends);
    free(rows);
    unique_key_fini(&keys);
}

void unique_index_truncate(UniqueIndex *ui, uint64_t min_row_id)
{
    while (ui->n_staged > 0 && ui->staged_row[ui->n_staged - 1] >= min_row_id) {
        ui->n_staged--;
        ui->staged.len = ui->n_staged ? ui->staged_end[ui->n_staged - 1] : 0;
    }
    if (!ui->undo_lossy || ui->lost_max < min_row_id) {
        int kept = 0;
        for (int i = 0; i < ui->undo_n; i++) {
            UndoEntry *e = &ui->undo[(ui->undo_head + i) % UNDO_SLOTS];
            if (e->row_id >= min_row_id)
                delete_if(ui, e->key, e->len, e->row_id);
            else
                ui->undo[(ui->undo_head + kept++) % UNDO_SLOTS] = *e;
        }
        ui->undo_n = kept;
        return;
    }
    truncate_scan(ui, min_row_id);
    ui->undo_n = 0;
    ui->undo_head = 0;
    ui->undo_lossy = false;
    ui->lost_max = 0;
}

/* ---- bulk load ---- */

typedef struct LoadI64 {
    int64_t key;
    uint64_t row;
} LoadI64;

typedef struct LoadBytes {
    const uint8_t *key;
    size_t len;
    uint64_t row;
} LoadBytes;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = ((const LoadI64 *)a)->key, y = ((const LoadI64 *)b)->key;
    return x < y ? -1 : x > y;
}

static int cmp_bytes(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c != 0) return c;
    return al < bl ? -1 : al > bl;
}

static int cmp_load_bytes(const void *a, const void *b)
{
    const LoadBytes *x = a, *y = b;
    return cmp_bytes(x->key, x->len, y->key, y->len);
}

/* Fills ik/pay straight from input already in strictly ascending key order;
 * false (nothing to trust in ik/pay) if it is not, or holds a bad key. */
static bool load_ascending(UniqueIndex *ui, const UniqueKey *keys, const size_t *off,
                           const uint64_t *row_ids, size_t n, IndexKey *ik, uint64_t *pay)
{
    for (size_t i = 0; i < n; i++) {
        const uint8_t *k = keys->data + off[i];
        size_t len = off[i + 1] - off[i];
        if (!to_index_key(ui, k, len, &ik[i])) return false;
        if (i > 0 && cmp_bytes(keys->data + off[i - 1], off[i] - off[i - 1], k, len) >= 0)
            return false;
        pay[i] = row_ids[i];
    }
    return true;
}

int unique_index_load(UniqueIndex *ui, const UniqueKey *keys, const size_t *off,
                      const uint64_t *row_ids, size_t n, uint64_t *dup_row)
{
    if (n == 0) return 0;
    if (index_count(ui->index) != 0) return -1;
    IndexKey *ik = malloc(n * sizeof(IndexKey));
    uint64_t *pay = malloc(n * sizeof(uint64_t));
    void *sorted = NULL;
    int rc = -1;
    if (ik == NULL || pay == NULL) goto done;
    if (load_ascending(ui, keys, off, row_ids, n, ik, pay)) goto load;
    /* Unordered input: sort (key, row) pairs, then refuse equal neighbours. */
    if (ui->kind == UNIQUE_INDEX_ALEX) {
        LoadI64 *v = sorted = malloc(n * sizeof(LoadI64));
        if (v == NULL) goto done;
        for (size_t i = 0; i < n; i++) {
            if (off[i + 1] - off[i] != 8) goto done;
            v[i].key = decode8(keys->data + off[i]);
            v[i].row = row_ids[i];
        }
        qsort(v, n, sizeof(LoadI64), cmp_i64);
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && v[i].key == v[i - 1].key) {
                *dup_row = v[i].row;
                rc = 1;
                goto done;
            }
            ik[i] = index_key_i64(v[i].key);
            pay[i] = v[i].row;
        }
    } else {
        LoadBytes *v = sorted = malloc(n * sizeof(LoadBytes));
        if (v == NULL) goto done;
        for (size_t i = 0; i < n; i++) {
            v[i].key = keys->data + off[i];
            v[i].len = off[i + 1] - off[i];
            v[i].row = row_ids[i];
            if (v[i].len == 0 || v[i].len > INDEX_MAX_KEY_LEN) goto done;
        }
        qsort(v, n, sizeof(LoadBytes), cmp_load_bytes);
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && cmp_load_bytes(&v[i], &v[i - 1]) == 0) {
                *dup_row = v[i].row;
                rc = 1;
                goto done;
            }
            ik[i] = index_key_bytes(v[i].key, v[i].len);
            pay[i] = v[i].row;
        }
    }
load:
    rc = index_bulk_load(ui->index, ik, pay, n) == INDEX_OK ? 0 : -1;
done:
    free(ik);
    free(pay);
    free(sorted);
    account(ui);
    return rc;
}

/* ---- ranges ---- */

size_t unique_index_estimate(UniqueIndex *ui, const uint8_t *lo, size_t lo_len, const uint8_t *hi,
                             size_t hi_len, size_t cap)
{
    if (lo != NULL && hi != NULL && cmp_bytes(lo, lo_len, hi, hi_len) >= 0) return 0;
    IndexKey l, h;
    if (ui->kind == UNIQUE_INDEX_BTREE) {
        l = index_key_bytes(lo, lo_len);
        h = index_key_bytes(hi, hi_len);
    } else {
        int64_t a = 0, b = 0;
        if (lo != NULL && alex_ceil(lo, lo_len, &a) != 0) return 0;
        if (hi != NULL && alex_ceil(hi, hi_len, &b) != 0) hi = NULL;
        l = index_key_i64(a);
        h = index_key_i64(b);
    }
    return index_estimate_range(ui->index, lo ? &l : NULL, hi ? &h : NULL, cap);
}

int unique_index_iter_open(UniqueIndex *ui, const uint8_t *lo, size_t lo_len, UniqueIndexIter **out)
{
    UniqueIndexIter *it = calloc(1, sizeof(*it));
    if (it == NULL) return -1;
    it->kind = ui->kind;
    IndexKey k;
    bool empty = false;
    if (lo != NULL && ui->kind == UNIQUE_INDEX_ALEX) {
        int64_t v;
        empty = alex_ceil(lo, lo_len, &v) != 0;
        k = index_key_i64(v);
    } else if (lo != NULL) {
        k = index_key_bytes(lo, lo_len);
    }
    if (!empty && index_lower_bound(ui->index, lo ? &k : NULL, &it->it) != INDEX_OK) {
        free(it);
        return -1;
    }
    *out = it;
    return 0;
}

int unique_index_iter_next(UniqueIndexIter *it, const uint8_t **key, size_t *len, uint64_t *row_id)
{
    if (it->it == NULL) return 0;
    IndexKey k;
    IndexStatus st = index_iter_next(it->it, &k, row_id);
    if (st == INDEX_NOT_FOUND) return 0;
    if (st != INDEX_OK) return -1;
    if (it->kind == UNIQUE_INDEX_ALEX) {
        encode8(k.i, it->buf);
        *key = it->buf;
        *len = 8;
    } else {
        *key = k.bytes;
        *len = k.len;
    }
    return 1;
}

void unique_index_iter_close(UniqueIndexIter *it)
{
    if (it == NULL) return;
    index_iter_destroy(it->it);
    free(it);
}

size_t unique_index_count(const UniqueIndex *ui)
{
    return index_count(ui->index) + ui->n_staged;
}

size_t unique_index_memory_bytes(const UniqueIndex *ui)
{
    return own_bytes(ui);
}
