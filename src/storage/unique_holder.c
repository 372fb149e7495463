/*
 * unique_holder.c — which row holds a unique key, once keys can move.
 *
 * An UPDATE may change a unique key column in place: the row keeps its row id,
 * the index gains an entry for the new key, and the entry for the old key
 * stays (older snapshots still see the row under it; see op_modify.c). So an
 * index entry key -> row no longer proves that the row has that key: it may be
 * a stale entry of a row whose key has since moved. Two checks follow:
 *   - writers (unique checks of INSERT and UPDATE) ask storage_key_holder,
 *     which compares the row's newest key with the entry's key;
 *   - readers (index scans) of a table whose keys have ever moved compare the
 *     key of the version their snapshot sees (storage_row_unique_key).
 *
 * Invariant: a table's keys_moved flag is set before the first in-place key
 * change is written, and never cleared while the table lives; while it is
 * clear every entry key -> row matches every version of the row.
 */
#include <string.h>

#include "storage/storage_int.h"
#include "storage/unique_index.h"

void storage_table_note_keys_moved(StorageTable *t)
{
    __atomic_store_n(&t->keys_moved, true, __ATOMIC_SEQ_CST);
}

bool storage_table_keys_moved(const StorageTable *t)
{
    return __atomic_load_n(&t->keys_moved, __ATOMIC_ACQUIRE);
}

int storage_row_unique_key(const StorageTable *t, int idx, uint64_t row, const StorageSnapshot *s,
                           UniqueKey *out)
{
    unique_key_reset(out);
    const UniqueDef *def = &t->unique[idx];
    uint64_t count = storage_table_row_count(t);
    if (row >= count) count = row + 1; /* the caller's own, not yet published rows */
    storage_read_begin();
    int rc = 0;
    for (int k = 0; k < def->ncols && rc == 0; k++) {
        Value v;
        if (storage_table_fetch_snapshot(t, count, row, def->cols[k], s, &v) != 0) {
            rc = -1;
            break;
        }
        rc = unique_key_add(out, t->types[def->cols[k]], value_payload(&v), v.is_null);
    }
    storage_read_end();
    return rc;
}

bool storage_row_has_key(const StorageTable *t, int idx, uint64_t row, const StorageSnapshot *s,
                         const uint8_t *key, size_t len, UniqueKey *scratch)
{
    if (!storage_table_keys_moved(t)) return true;
    if (storage_row_unique_key(t, idx, row, s, scratch) != 0) return false;
    return scratch->len == len && memcmp(scratch->data, key, len) == 0;
}

RowLiveness storage_key_holder(const StorageTable *t, int idx, uint64_t row, const uint8_t *key,
                               size_t len, uint64_t txn, uint64_t *holder)
{
    RowLiveness l = storage_row_liveness(t, row, txn, holder);
    if (l != ROW_LIVE || !storage_table_keys_moved(t)) return l;
    /* Live, and every write to it committed (or ours): its newest key decides. */
    UniqueKey cur;
    unique_key_init(&cur);
    int rc = storage_row_unique_key(t, idx, row, NULL, &cur);
    bool same = rc == 0 && cur.len == len && memcmp(cur.data, key, len) == 0;
    unique_key_fini(&cur);
    if (rc < 0) return ROW_LIVE; /* out of memory: the safe answer is a conflict */
    return same ? ROW_LIVE : ROW_DEAD;
}
