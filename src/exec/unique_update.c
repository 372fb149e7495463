/*
 * unique_update.c — keeps unique indexes right when an UPDATE changes a key.
 *
 * Updates are in place (the row keeps its id), so a changed key adds an index
 * entry new_key -> row while old_key -> row stays: snapshots older than the
 * update still find the row under its old key, and everyone else skips the
 * stale entry by comparing keys (storage/unique_holder.c). The new entry is
 * checked like an INSERT's, as PostgreSQL checks a non-deferrable constraint,
 * row by row:
 *   - no entry: add it (logged; a rollback removes it again);
 *   - an entry of this very row (SET k = k, or a key moved back): nothing;
 *   - an entry whose row is dead, or live with another key now: take it over
 *     (logged, so that a rollback gives the entry back);
 *   - a live row with that key: 23505, and the statement rolls back;
 *   - a row another running transaction wrote: wait for it, then look again.
 * The row stays updated (and locked) while we wait, as in PostgreSQL.
 * The caller noted storage_table_note_keys_moved before the row was written.
 * A computed index (exec/unique_keys.h) counts as touched when the update
 * writes a column its keys or predicate read: a row whose predicate turns
 * false gets no new entry (its old one is stale from then on), one whose
 * predicate turns true enters the index here.
 */
#include "exec/unique_update.h"

#include "exec/unique_keys.h"
#include "storage/unique_index.h"
#include "txn/txn.h"

static bool index_touched(const StorageTable *storage, int k, int ncols, const int *cols)
{
    int nkc;
    const int *kc = storage_table_unique_cols(storage, k, &nkc);
    for (int j = 0; j < nkc; j++)
        for (int c = 0; c < ncols; c++)
            if (kc[j] == cols[c]) return true;
    return false;
}

bool unique_update_touches_keys(const StorageTable *storage, int ncols, const int *cols)
{
    int nuniq = storage_table_unique_count(storage);
    for (int k = 0; k < nuniq; k++)
        if (index_touched(storage, k, ncols, cols)) return true;
    return false;
}

/* One index: 0 done, 1 wait for *busy and call again, -1 error. */
static int index_one(ExecState *es, const CatTable *table, StorageTable *storage, int k,
                     uint64_t row, UniqueKey *key, uint64_t *busy)
{
    int rc = unique_keys_row(es, table, k, row, key);
    if (rc == 1) return 0; /* a NULL in the key (or left out by the predicate) never conflicts */
    if (rc < 0) return -1;
    UniqueIndex *index = storage_table_unique(storage, k);
    uint64_t txn = txn_id(es->txn);
    storage_table_index_lock_exclusive(storage);
    uint64_t existing = 0;
    rc = unique_index_insert(index, key->data, key->len, row, &existing);
    if (rc == 0) {
        rc = txn_log_index(es->txn, storage, k, key->data, key->len, UINT64_MAX, row, es->err);
        if (rc != 0) unique_index_delete(index, key->data, key->len);
        storage_table_index_unlock(storage);
        return rc;
    }
    if (rc < 0) {
        storage_table_index_unlock(storage);
        if (rc == -2)
            return ERR(es->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "index row size %zu exceeds maximum %d for index", key->len,
                       UNIQUE_INDEX_MAX_KEY);
        return ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    }
    if (existing == row) {
        storage_table_index_unlock(storage);
        return 0;
    }
    uint64_t holder = 0;
    RowLiveness live =
        unique_keys_holder(es, table, k, existing, key->data, key->len, txn, &holder);
    if (live == ROW_DEAD) {
        unique_index_delete(index, key->data, key->len);
        rc = unique_index_insert(index, key->data, key->len, row, NULL);
        if (rc == 0)
            rc = txn_log_index(es->txn, storage, k, key->data, key->len, existing, row, es->err);
        else
            rc = ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        if (rc == 0 && storage_key_note_takeover(storage, k, key->data, key->len, row, existing,
                                                 txn_gc_horizon(txn_manager_of(es->txn))) != 0)
            rc = ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        storage_table_index_unlock(storage);
        return rc;
    }
    storage_table_index_unlock(storage);
    if (live == ROW_BUSY) {
        *busy = holder;
        return 1;
    }
    return unique_keys_row_violation(es, table, k, row);
}

int unique_update_row(ExecState *es, const CatTable *table, StorageTable *storage, uint64_t row,
                      int ncols, const int *cols, int64_t deadline_us)
{
    int nuniq = storage_table_unique_count(storage);
    UniqueKey key;
    unique_key_init(&key);
    int rc = 0;
    for (int k = 0; k < nuniq && rc == 0; k++) {
        if (!index_touched(storage, k, ncols, cols)) continue;
        for (;;) {
            uint64_t busy = 0;
            rc = index_one(es, table, storage, k, row, &key, &busy);
            if (rc != 1) break;
            rc = txn_wait(es->txn, busy, es->cancel, deadline_us, es->err);
            if (rc != 0) break;
        }
    }
    unique_key_fini(&key);
    return rc;
}
