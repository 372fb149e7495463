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
    if (def->computed) return -1; /* its keys are the SQL layer's to compute */
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

/* ---- entries taken over (see unique_chain.c) ---- */

bool storage_key_visible_row(const StorageTable *t, int idx, uint64_t row, uint64_t row_count,
                             const StorageSnapshot *s, const uint8_t *key, size_t len,
                             UniqueKey *scratch, uint64_t *out)
{
    KeyChain *chain = unique_index_chain(t->unique[idx].index);
    /* A chain is short: one step per take-over some running snapshot predates. */
    for (int hop = 0; hop < 1000; hop++) {
        if (row < row_count && storage_row_visible(t, row, s) &&
            storage_row_has_key(t, idx, row, s, key, len, scratch)) {
            *out = row;
            return true;
        }
        if (chain == NULL || !keychain_prev(chain, key, len, row, &row)) return false;
    }
    return false;
}

typedef struct NeededArg {
    const StorageTable *t;
    uint64_t horizon; /* the oldest snapshot any transaction holds or can take */
} NeededArg;

/* A link is needed until the take-over is visible to every snapshot: the taker's
 * insert (or its key-changing update) committed at or before the horizon. Older
 * snapshots may need it, and the links behind it, which have older takers. */
static bool link_needed(void *arg, const uint8_t *key, size_t len, uint64_t taker, uint64_t prev)
{
    (void)key, (void)len, (void)prev;
    NeededArg *a = arg;
    storage_read_begin();
    bool needed = !storage_row_settled(a->t, taker, a->horizon);
    storage_read_end();
    return needed;
}

int storage_key_note_takeover(StorageTable *t, int idx, const uint8_t *key, size_t len,
                              uint64_t taker, uint64_t prev, uint64_t horizon)
{
    /* No snapshot can see prev when it was deleted at or before the horizon (its
     * insert settled, yet the snapshot at the horizon misses it): nothing to keep.
     * That is the common case: no snapshot older than the delete is running. */
    StorageSnapshot oldest = {.ts = horizon, .txn = 0, .cmd = 0};
    storage_read_begin();
    bool gone = storage_row_settled(t, prev, horizon) && !storage_row_visible(t, prev, &oldest);
    storage_read_end();
    if (gone) return 0;
    KeyChain *chain = unique_index_chain_ensure(t->unique[idx].index);
    if (chain == NULL || keychain_note(chain, key, len, taker, prev) != 0) return -1;
    if (keychain_prune_due(chain)) {
        NeededArg a = {.t = t, .horizon = horizon};
        keychain_prune(chain, link_needed, &a);
    }
    return 0;
}

void storage_key_forget_takeover(StorageTable *t, int idx, const uint8_t *key, size_t len,
                                 uint64_t taker)
{
    KeyChain *chain = unique_index_chain(t->unique[idx].index);
    if (chain != NULL) keychain_forget(chain, key, len, taker);
}
