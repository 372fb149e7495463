/*
 * storage_version.c — MVCC row versions: who inserted, deleted and updated each
 * row, before-images of in-place updates, and what a snapshot sees.
 *
 * Versions (storage.h): 0 is "visible to everyone"; 1 .. VERSION_TXN_BASE-1
 * are commit versions (a transaction's commit timestamp); values from
 * VERSION_TXN_BASE on are ids of transactions that have not committed;
 * VERSION_ABORTED marks a rolled-back insert or update.
 *
 * Per vector (VectorVersion, created on the first versioned write):
 *   insert_id[row]  the inserter's id, replaced by its commit version at commit;
 *   delete_id[row]  0, or the deleter's id / commit version;
 *   update_id[row]  0, or the id / commit version of the row's latest update;
 *   undo            a chain of UndoRow before-images, newest first.
 * Updates happen in place: the before-image is pushed on the chain (release)
 * before the new value is written, so a reader that copies a vector and then
 * walks the chain (acquire fence between the two) always finds the
 * before-image of any new value it copied.
 *
 * Reading a row as a snapshot: walk the chain newest first; a record the
 * snapshot sees "settles" its row (everything older is older still); an
 * unseen record on an unsettled row puts its before-image back. Row writes
 * are serialised by the table's write mutex and by row "locks": a row whose
 * delete_id or update_id holds another running transaction's id is busy.
 *
 * Reclamation: readers touch chains inside RCU read-side sections
 * (storage_read_begin/end); records are unlinked by the garbage collector
 * (src/txn) once no snapshot can need them and freed after a grace period.
 */
#include <string.h>

#include "index/index_epoch.h"
#include "storage/storage_int.h"

static inline VectorVersion *vv_get(const RowGroup *g, uint32_t vec)
{
    return LOAD_ACQ(((RowGroup *)g)->ver[vec]);
}

VectorVersion *vector_version_ensure(RowGroup *g, uint32_t vec)
{
    VectorVersion *vv = g->ver[vec];
    if (vv) return vv;
    vv = storage_calloc(1, sizeof(VectorVersion));
    if (vv == NULL) return NULL;
    STORE_REL(g->ver[vec], vv);
    return vv;
}

void vector_version_free(VectorVersion *vv)
{
    if (vv == NULL) return;
    UndoRow *r = vv->undo;
    while (r) {
        UndoRow *next = r->next;
        storage_free(r, r->bytes);
        r = next;
    }
    storage_free(vv->delete_id, sizeof(uint64_t) * STORAGE_VECTOR_ROWS);
    storage_free(vv->update_id, sizeof(uint64_t) * STORAGE_VECTOR_ROWS);
    storage_free(vv, sizeof(VectorVersion));
}

void storage_read_begin(void)
{
    index_epoch_enter();
}

void storage_read_end(void)
{
    index_epoch_leave();
}

static inline bool undo_visible(const UndoRow *r, const StorageSnapshot *s)
{
    uint64_t v = __atomic_load_n(&r->version, __ATOMIC_ACQUIRE);
    if (v == s->txn) return r->cmd < s->cmd;
    return v <= s->ts;
}

static inline void locate(uint64_t row, uint64_t *group, uint32_t *vec, uint32_t *off)
{
    *group = row / STORAGE_GROUP_ROWS;
    uint32_t in_group = (uint32_t)(row % STORAGE_GROUP_ROWS);
    *vec = in_group / STORAGE_VECTOR_ROWS;
    *off = in_group % STORAGE_VECTOR_ROWS;
}

/* The row group holding `row` (NULL if none) and the row's vector and offset. */
static RowGroup *row_group_of(const StorageTable *t, uint64_t row, uint32_t *vec, uint32_t *off)
{
    uint64_t group;
    locate(row, &group, vec, off);
    return storage_group_get(t, group);
}

/* A lazily allocated per-row id array of a vector (delete_id, update_id). */
static uint64_t *ensure_ids(uint64_t **field)
{
    uint64_t *ids = *field;
    if (ids == NULL) {
        ids = storage_calloc(STORAGE_VECTOR_ROWS, sizeof(uint64_t));
        if (ids) STORE_REL(*field, ids);
    }
    return ids;
}

/* ---- inserts ---- */

int storage_table_append_txn(StorageTable *t, const Chunk *chunk, uint64_t txn,
                             uint64_t *first_row_id, OmError *err)
{
    uint64_t first;
    if (storage_table_append(t, chunk, &first, err) != 0) {
        storage_table_rollback(t);
        return -1;
    }
    uint64_t pos = first, end = first + chunk->count;
    while (pos < end) {
        uint64_t g;
        uint32_t vec, off;
        locate(pos, &g, &vec, &off);
        uint32_t take = STORAGE_VECTOR_ROWS - off;
        if (take > end - pos) take = (uint32_t)(end - pos);
        VectorVersion *vv = vector_version_ensure(storage_group_get(t, g), vec);
        if (vv == NULL) {
            storage_table_rollback(t);
            return ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        }
        for (uint32_t i = 0; i < take; i++) vv->insert_id[off + i] = txn;
        __atomic_fetch_add(&vv->pending_inserts, take, __ATOMIC_RELEASE);
        pos += take;
    }
    storage_table_commit(t); /* publishes the rows; their versions hide them */
    if (first_row_id) *first_row_id = first;
    return 0;
}

void storage_rows_set_insert_version(StorageTable *t, uint64_t first, uint64_t n, uint64_t version)
{
    uint64_t pos = first, end = first + n;
    while (pos < end) {
        uint64_t g;
        uint32_t vec, off;
        locate(pos, &g, &vec, &off);
        uint32_t take = STORAGE_VECTOR_ROWS - off;
        if (take > end - pos) take = (uint32_t)(end - pos);
        VectorVersion *vv = vv_get(storage_group_get(t, g), vec);
        if (vv) {
            for (uint32_t i = 0; i < take; i++)
                __atomic_store_n(&vv->insert_id[off + i], version, __ATOMIC_RELAXED);
            if (version == VERSION_ABORTED)
                __atomic_fetch_add(&vv->dead_inserts, take, __ATOMIC_RELAXED);
            else if (version > vv->max_insert)
                __atomic_store_n(&vv->max_insert, version, __ATOMIC_RELAXED);
            __atomic_fetch_sub(&vv->pending_inserts, take, __ATOMIC_RELEASE);
        }
        pos += take;
    }
}

/* ---- reading ---- */

static bool chain_needs_undo(const VectorVersion *vv, const StorageSnapshot *s)
{
    for (const UndoRow *r = LOAD_ACQ(((VectorVersion *)vv)->undo); r;
         r = LOAD_ACQ(((UndoRow *)r)->next))
        if (!undo_visible(r, s)) return true;
    return false;
}

uint32_t storage_vector_visibility(const StorageTable *t, uint64_t group, uint32_t vec,
                                   uint32_t count, const StorageSnapshot *s, uint16_t *sel,
                                   bool *all, bool *need_undo)
{
    *all = true;
    *need_undo = false;
    RowGroup *g = storage_group_get(t, group);
    VectorVersion *vv = g ? vv_get(g, vec) : NULL;
    if (vv == NULL || s == NULL) return count;
    uint32_t pending = __atomic_load_n(&vv->pending_inserts, __ATOMIC_ACQUIRE);
    uint32_t dead = __atomic_load_n(&vv->dead_inserts, __ATOMIC_ACQUIRE);
    uint32_t ndel = __atomic_load_n(&vv->ndeletes, __ATOMIC_ACQUIRE);
    uint64_t maxins = __atomic_load_n(&vv->max_insert, __ATOMIC_ACQUIRE);
    *need_undo = LOAD_ACQ(vv->undo) != NULL && chain_needs_undo(vv, s);
    if (pending == 0 && dead == 0 && ndel == 0 && maxins <= s->ts) return count;
    const uint64_t *del = LOAD_ACQ(vv->delete_id);
    uint32_t n = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t iv = __atomic_load_n(&vv->insert_id[i], __ATOMIC_RELAXED);
        if (iv != s->txn && iv > s->ts) continue;
        if (del) {
            uint64_t dv = __atomic_load_n(&del[i], __ATOMIC_ACQUIRE);
            if (dv != 0 && (dv == s->txn || dv <= s->ts)) continue;
        }
        sel[n++] = (uint16_t)i;
    }
    if (n < count) *all = false;
    return n;
}

void storage_vector_apply_undo(const StorageTable *t, uint64_t group, uint32_t vec, int col,
                               const StorageSnapshot *s, void *data, uint64_t *validity)
{
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    RowGroup *g = storage_group_get(t, group);
    VectorVersion *vv = g ? vv_get(g, vec) : NULL;
    if (vv == NULL) return;
    size_t width = g->segs[col].width;
    uint64_t settled[STORAGE_VALIDITY_WORDS];
    memset(settled, 0, sizeof(settled));
    for (UndoRow *r = LOAD_ACQ(vv->undo); r; r = LOAD_ACQ(r->next)) {
        uint32_t off = (uint32_t)(r->row % STORAGE_VECTOR_ROWS);
        uint64_t bit = UINT64_C(1) << (off & 63);
        if (settled[off >> 6] & bit) continue;
        if (undo_visible(r, s)) {
            settled[off >> 6] |= bit;
            continue;
        }
        for (int k = 0; k < r->ncols; k++) {
            if (r->cols[k].col != col) continue;
            char *slot = (char *)data + (size_t)off * width;
            if (r->cols[k].is_null) {
                validity[off >> 6] &= ~bit;
                memset(slot, 0, width);
            } else {
                validity[off >> 6] |= bit;
                memcpy(slot, &r->cols[k].old, width);
            }
        }
    }
}

bool storage_row_visible(const StorageTable *t, uint64_t row, const StorageSnapshot *s)
{
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return false;
    VectorVersion *vv = vv_get(g, vec);
    if (vv == NULL || s == NULL) return true;
    uint64_t iv = __atomic_load_n(&vv->insert_id[off], __ATOMIC_ACQUIRE);
    if (iv != s->txn && iv > s->ts) return false;
    const uint64_t *del = LOAD_ACQ(vv->delete_id);
    if (del) {
        uint64_t dv = __atomic_load_n(&del[off], __ATOMIC_ACQUIRE);
        if (dv != 0 && (dv == s->txn || dv <= s->ts)) return false;
    }
    return true;
}

int storage_table_fetch_snapshot(const StorageTable *t, uint64_t row_count, uint64_t row, int col,
                                 const StorageSnapshot *s, Value *out)
{
    if (storage_table_fetch(t, row_count, row, col, out) != 0) return -1;
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    VectorVersion *vv = vv_get(g, vec);
    if (vv == NULL || s == NULL) return 0;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    /* a row never updated, or last updated by a transaction the snapshot
     * sees, has no before-image it needs: the chain (as long as the vector's
     * updates) is walked only for the others */
    uint64_t *upd = LOAD_ACQ(vv->update_id);
    uint64_t uv = upd ? __atomic_load_n(&upd[off], __ATOMIC_ACQUIRE) : 0;
    if (uv == 0 || (uv < VERSION_TXN_BASE && uv <= s->ts)) return 0;
    for (UndoRow *r = LOAD_ACQ(vv->undo); r; r = LOAD_ACQ(r->next)) {
        if (r->row != row) continue;
        if (undo_visible(r, s)) break;
        for (int k = 0; k < r->ncols; k++) {
            if (r->cols[k].col != col) continue;
            out->is_null = r->cols[k].is_null;
            memset(&out->u, 0, sizeof(out->u));
            if (!out->is_null) memcpy(&out->u, &r->cols[k].old, g->segs[col].width);
        }
    }
    return 0;
}

/* ---- row writes (caller holds the write lock) ---- */

static RowWriteResult row_check(VectorVersion *vv, uint32_t off, uint64_t row,
                                const StorageSnapshot *s, uint64_t *holder)
{
    *holder = 0;
    if (vv == NULL) return ROW_WRITE_OK;
    uint64_t iv = vv->insert_id[off];
    if (iv == VERSION_ABORTED) return ROW_WRITE_GONE;
    if (iv >= VERSION_TXN_BASE && iv != s->txn) {
        *holder = iv;
        return ROW_WRITE_BUSY;
    }
    uint64_t dv = vv->delete_id ? vv->delete_id[off] : 0;
    if (dv == s->txn) return ROW_WRITE_SELF;
    if (dv >= VERSION_TXN_BASE) {
        *holder = dv;
        return ROW_WRITE_BUSY;
    }
    if (dv != 0) return ROW_WRITE_GONE;
    uint64_t uv = vv->update_id ? vv->update_id[off] : 0;
    if (uv == s->txn) {
        for (UndoRow *r = vv->undo; r; r = r->next)
            if (r->row == row) return r->cmd == s->cmd ? ROW_WRITE_SELF : ROW_WRITE_OK;
        return ROW_WRITE_OK;
    }
    if (uv >= VERSION_TXN_BASE) {
        *holder = uv;
        return ROW_WRITE_BUSY;
    }
    if (uv > s->ts) return ROW_WRITE_CHANGED;
    if (iv != s->txn && iv > s->ts) return ROW_WRITE_CHANGED; /* inserted after the snapshot */
    return ROW_WRITE_OK;
}

RowWriteResult storage_row_probe(const StorageTable *t, uint64_t row, const StorageSnapshot *s,
                                 uint64_t *holder)
{
    uint32_t vec, off;
    *holder = 0;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return ROW_WRITE_GONE;
    return row_check(g->ver[vec], off, row, s, holder);
}

RowWriteResult storage_row_delete(StorageTable *t, uint64_t row, const StorageSnapshot *s,
                                  uint64_t *holder, OmError *err)
{
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return ROW_WRITE_GONE;
    RowWriteResult rc = row_check(g->ver[vec], off, row, s, holder);
    if (rc != ROW_WRITE_OK) return rc;
    VectorVersion *vv = vector_version_ensure(g, vec);
    uint64_t *del = vv ? ensure_ids(&vv->delete_id) : NULL;
    if (del == NULL) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return ROW_WRITE_ERROR;
    }
    __atomic_fetch_add(&vv->ndeletes, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&del[off], s->txn, __ATOMIC_RELEASE);
    return ROW_WRITE_OK;
}

void storage_row_delete_finish(StorageTable *t, uint64_t row, uint64_t version)
{
    uint32_t vec, off;
    VectorVersion *vv = row_group_of(t, row, &vec, &off)->ver[vec];
    if (version == VERSION_ABORTED) {
        __atomic_store_n(&vv->delete_id[off], 0, __ATOMIC_RELEASE);
        __atomic_fetch_sub(&vv->ndeletes, 1, __ATOMIC_RELEASE);
    } else {
        __atomic_store_n(&vv->delete_id[off], version, __ATOMIC_RELEASE);
    }
}

/* Reads the current value of a row's column as a before-image. */
static void read_current(RowGroup *g, uint32_t vec, uint32_t off, int col, UndoCol *uc)
{
    ColumnSegment *seg = &g->segs[col];
    uc->col = col;
    memset(&uc->old, 0, sizeof(uc->old));
    uc->is_null = !validity_is_valid(seg->validity[vec], off);
    if (!uc->is_null)
        memcpy(&uc->old, (char *)seg->data[vec] + (size_t)off * seg->width, seg->width);
}

RowWriteResult storage_row_update(StorageTable *t, uint64_t row, const StorageSnapshot *s,
                                  int ncols, const int *cols, const Value *vals, uint64_t *holder,
                                  UndoRow **undo_out, OmError *err)
{
    *undo_out = NULL;
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return ROW_WRITE_GONE;
    RowWriteResult rc = row_check(g->ver[vec], off, row, s, holder);
    if (rc != ROW_WRITE_OK) return rc;
    VectorVersion *vv = vector_version_ensure(g, vec);
    uint64_t *upd = vv ? ensure_ids(&vv->update_id) : NULL;
    size_t bytes = sizeof(UndoRow) + sizeof(UndoCol) * (size_t)ncols;
    UndoRow *r = upd ? storage_malloc(bytes) : NULL;
    if (r == NULL) {
        ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        return ROW_WRITE_ERROR;
    }
    memset(r, 0, bytes);
    r->bytes = bytes;
    r->version = s->txn;
    r->row = row;
    r->cmd = s->cmd;
    r->ncols = ncols;
    r->prev_update_id = upd[off];
    for (int k = 0; k < ncols; k++) read_current(g, vec, off, cols[k], &r->cols[k]);
    r->next = vv->undo;
    STORE_REL(vv->undo, r);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    __atomic_store_n(&upd[off], s->txn, __ATOMIC_RELEASE);
    /* ... and before the new values: a reader that sees one sees the id
     * (storage_table_fetch_snapshot skips the chain by it) */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    for (int k = 0; k < ncols; k++) {
        if (column_segment_set(&g->segs[cols[k]], vec, off, value_payload(&vals[k]),
                               vals[k].is_null) != 0) {
            for (int j = 0; j < k; j++)
                column_segment_set(&g->segs[cols[j]], vec, off, &r->cols[j].old,
                                   r->cols[j].is_null);
            __atomic_store_n(&upd[off], r->prev_update_id, __ATOMIC_RELEASE);
            __atomic_store_n(&r->version, VERSION_ABORTED, __ATOMIC_RELEASE);
            *undo_out = r; /* still in the chain: the collector reclaims it */
            ERR(err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
            return ROW_WRITE_ERROR;
        }
    }
    *undo_out = r;
    return ROW_WRITE_OK;
}

RowWriteResult storage_row_lock(StorageTable *t, uint64_t row, const StorageSnapshot *s,
                                uint64_t *holder, UndoRow **undo_out, OmError *err)
{
    *undo_out = NULL;
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return ROW_WRITE_GONE;
    VectorVersion *vv = g->ver[vec];
    RowWriteResult rc = row_check(vv, off, row, s, holder);
    if (rc == ROW_WRITE_SELF) return ROW_WRITE_OK; /* a join met the row twice */
    if (rc != ROW_WRITE_OK) return rc;
    /* Held already: nobody else can write a row this transaction inserted,
     * updated or locked until it ends. */
    if (vv && (vv->insert_id[off] == s->txn || (vv->update_id && vv->update_id[off] == s->txn)))
        return ROW_WRITE_OK;
    return storage_row_update(t, row, s, 0, NULL, NULL, holder, undo_out, err);
}

void storage_undo_commit(StorageTable *t, UndoRow *r, uint64_t version)
{
    uint32_t vec, off;
    VectorVersion *vv = row_group_of(t, r->row, &vec, &off)->ver[vec];
    __atomic_store_n(&r->version, version, __ATOMIC_RELEASE);
    if (vv->update_id[off] >= VERSION_TXN_BASE && vv->update_id[off] != VERSION_ABORTED)
        __atomic_store_n(&vv->update_id[off], version, __ATOMIC_RELEASE);
}

void storage_undo_abort(StorageTable *t, UndoRow *r)
{
    if (__atomic_load_n(&r->version, __ATOMIC_ACQUIRE) == VERSION_ABORTED) return;
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, r->row, &vec, &off);
    VectorVersion *vv = g->ver[vec];
    for (int k = 0; k < r->ncols; k++)
        if (r->cols[k].col >= 0) /* < 0: dropped or rewritten by ALTER TABLE */
            column_segment_set(&g->segs[r->cols[k].col], vec, off, &r->cols[k].old,
                               r->cols[k].is_null);
    __atomic_store_n(&vv->update_id[off], r->prev_update_id, __ATOMIC_RELEASE);
    __atomic_store_n(&r->version, VERSION_ABORTED, __ATOMIC_RELEASE);
}

uint64_t storage_undo_version(const UndoRow *r)
{
    return __atomic_load_n(&r->version, __ATOMIC_ACQUIRE);
}

uint64_t storage_undo_row(const UndoRow *r)
{
    return r->row;
}

void storage_undo_set_reclaim(UndoRow *r)
{
    r->reclaim = true;
}

size_t storage_undo_prune(StorageTable *t, uint64_t row, UndoRow **unlinked, size_t max)
{
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    VectorVersion *vv = g ? g->ver[vec] : NULL;
    if (vv == NULL) return 0;
    /* Collect the marked records with their predecessors' link fields, then
     * unlink oldest first, so that a concurrent reader that still meets a
     * newer pruned (settling) record never misses an older pruned one. */
    UndoRow **links[256];
    UndoRow *nodes[256];
    size_t n = 0;
    UndoRow **link = &vv->undo;
    for (UndoRow *r = vv->undo; r && n < max && n < 256; r = r->next) {
        if (r->reclaim) {
            links[n] = link;
            nodes[n] = r;
            n++;
        } else {
            link = &r->next;
        }
    }
    for (size_t i = n; i-- > 0;) {
        /* the predecessor's link may now point at a later-unlinked node */
        UndoRow **l = links[i];
        while (*l != nodes[i]) l = &(*l)->next;
        STORE_REL(*l, nodes[i]->next);
        unlinked[i] = nodes[i];
    }
    return n;
}

void storage_undo_uncount(UndoRow *r)
{
    storage_uncount(r->bytes);
}

bool storage_row_settled(const StorageTable *t, uint64_t row, uint64_t horizon)
{
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return true;
    VectorVersion *vv = vv_get(g, vec);
    if (vv == NULL) return true;
    uint64_t iv = __atomic_load_n(&vv->insert_id[off], __ATOMIC_ACQUIRE);
    if (iv == VERSION_ABORTED) return true;
    if (iv > horizon) return false; /* a running transaction's id, or committed later */
    const uint64_t *upd = LOAD_ACQ(vv->update_id);
    uint64_t uv = upd ? __atomic_load_n(&upd[off], __ATOMIC_ACQUIRE) : 0;
    return uv <= horizon;
}

RowLiveness storage_row_liveness(const StorageTable *t, uint64_t row, uint64_t txn,
                                 uint64_t *holder)
{
    *holder = 0;
    uint32_t vec, off;
    RowGroup *g = row_group_of(t, row, &vec, &off);
    if (g == NULL) return ROW_DEAD;
    VectorVersion *vv = vv_get(g, vec);
    if (vv == NULL) return ROW_LIVE;
    uint64_t iv = __atomic_load_n(&vv->insert_id[off], __ATOMIC_ACQUIRE);
    if (iv == VERSION_ABORTED) return ROW_DEAD;
    if (iv >= VERSION_TXN_BASE && iv != txn) {
        *holder = iv;
        return ROW_BUSY;
    }
    const uint64_t *del = LOAD_ACQ(vv->delete_id);
    uint64_t dv = del ? __atomic_load_n(&del[off], __ATOMIC_ACQUIRE) : 0;
    if (dv == 0) {
        /* an update by another running transaction may yet change or restore a key */
        const uint64_t *upd = LOAD_ACQ(vv->update_id);
        uint64_t uv = upd ? __atomic_load_n(&upd[off], __ATOMIC_ACQUIRE) : 0;
        if (uv >= VERSION_TXN_BASE && uv != VERSION_ABORTED && uv != txn) {
            *holder = uv;
            return ROW_BUSY;
        }
        return ROW_LIVE;
    }
    if (dv == txn) return ROW_DEAD;
    if (dv >= VERSION_TXN_BASE) {
        *holder = dv;
        return ROW_BUSY;
    }
    return ROW_DEAD;
}

bool storage_undo_old_value(const StorageTable *t, const UndoRow *r, int col, Value *out)
{
    for (int k = 0; k < r->ncols; k++) {
        if (r->cols[k].col != col) continue;
        memset(out, 0, sizeof(*out));
        out->type = t->types[col];
        out->is_null = r->cols[k].is_null;
        _Static_assert(sizeof(r->cols[k].old) <= sizeof(out->u), "payload fits a Value");
        if (!out->is_null) memcpy(&out->u, &r->cols[k].old, sizeof(r->cols[k].old));
        return true;
    }
    return false;
}
