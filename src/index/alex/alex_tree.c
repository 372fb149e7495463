/*
 * alex_tree.c — ALEX tree operations: create, bulk load, insert, erase, update.
 * (Point lookups are in alex_lookup.c.)
 *
 * The writer (insert/erase/update, serialised by the caller) never opens a read-side
 * section: it is the only thread that frees, so its own pointers stay valid.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "index/alex/alex_int.h"

int64_t alex_double_to_key(double d)
{
    if (d == 0.0) d = 0.0; /* -0 -> +0 */
    uint64_t u;
    memcpy(&u, &d, 8);
    if (u >> 63) u ^= 0x7fffffffffffffffull;
    return (int64_t)u;
}

double alex_key_to_double(int64_t k)
{
    return alex_key_image_to_double(k);
}

AlexTree *alex_create(bool is_double)
{
    AlexTree *tree = aligned_alloc(64, sizeof *tree);
    if (tree == NULL) return NULL;
    memset(tree, 0, sizeof *tree);
    tree->is_double = is_double;
    tree->retire.release = alex_mem_release;
    tree->retire.release_ctx = &tree->mem;
    AlexData *d = alex_data_alloc(tree, ALEX_MIN_CAPACITY);
    if (d == NULL) {
        free(tree);
        return NULL;
    }
    d->model.a = 0;
    d->model.b = 0;
    tree->root = (AlexNode *)d;
    tree->bytes += sizeof *tree;
    return tree;
}

void alex_destroy(AlexTree *tree)
{
    if (tree == NULL) return;
    index_retire_list_fini(&tree->retire);
    alex_free_subtree(tree, tree->root);
    alex_mem_fini(&tree->mem);
    free(tree);
}

size_t alex_count(const AlexTree *tree)
{
    return __atomic_load_n(&tree->num_keys, __ATOMIC_RELAXED);
}

size_t alex_memory_bytes(const AlexTree *tree)
{
    return __atomic_load_n(&tree->bytes, __ATOMIC_RELAXED) +
           __atomic_load_n(&tree->retire.bytes, __ATOMIC_RELAXED) +
           __atomic_load_n(&tree->mem.overhead, __ATOMIC_RELAXED);
}

IndexStatus alex_bulk_load(AlexTree *tree, const int64_t *keys, const uint64_t *payloads, size_t n)
{
    if (tree->num_keys != 0) return INDEX_BAD_STATE;
    for (size_t i = 1; i < n; i++) {
        if (keys[i] == keys[i - 1]) return INDEX_DUPLICATE;
        if (keys[i] < keys[i - 1]) return INDEX_BAD_KEY;
    }
    if (n == 0) return INDEX_OK;
    /* a load that will pass the threshold takes regions from its first node on */
    if ((double)n * 16 / ALEX_DENSITY_INIT >= (double)alex_mem_min_tree_bytes)
        tree->mem.enabled = true;
    AlexData *prev_leaf = NULL;
    AlexNode *root =
        alex_build_subtree(tree, keys, payloads, n, false, NULL, &prev_leaf, 0, NAN, 0);
    if (root == NULL) return INDEX_NO_MEMORY;
    AlexNode *old = tree->root;
    alex_store_ptr(&tree->root, root);
    /* The old root is an empty data node; readers may still be in it. */
    AlexData *od = (AlexData *)old;
    alex_write_begin(od);
    od->version |= ALEX_V_OBSOLETE;
    alex_write_end(od);
    tree->bytes -= od->alloc_bytes;
    tree->stats.n_data_nodes--;
    index_retire_list_add(&tree->retire, od, od->alloc_bytes);
    tree->num_keys = n;
    tree->has_keys_range = true;
    tree->min_key = keys[0];
    tree->max_key = keys[n - 1];
    return INDEX_OK;
}

AlexData *alex_descend_path(AlexTree *tree, double x, AlexPath *path)
{
    AlexNode *node = tree->root;
    path->depth = 0;
    while (node->type == ALEX_NODE_INNER) {
        AlexInner *in = (AlexInner *)node;
        uint32_t s = alex_inner_slot(in, x);
        path->inner[path->depth] = in;
        path->slot[path->depth] = s;
        path->depth++;
        node = in->children[s];
    }
    return (AlexData *)node;
}

static void note_key(AlexTree *tree, int64_t key)
{
    if (!tree->has_keys_range) {
        tree->min_key = tree->max_key = key;
        tree->has_keys_range = true;
    } else {
        if (key < tree->min_key) tree->min_key = key;
        if (key > tree->max_key) tree->max_key = key;
    }
}

/* Whether the node holds key, given le = last slot with a key <= key. */
static bool holds_key(const AlexData *d, int32_t le, int64_t key)
{
    if (le < 0 || d->slots[le].key != key) return false;
    if (alex_bit(d->bitmap, le)) return true;
    int32_t s = alex_data_prev_occupied(d, le); /* INT64_MAX / INT64_MIN gaps */
    return s >= 0 && d->slots[s].key == key;
}

IndexStatus alex_insert(AlexTree *tree, int64_t key, uint64_t payload)
{
    double x = alex_key_x(tree, key);
    AlexPath path;
    IndexStatus st;
    for (int attempt = 0;; attempt++) {
        /* Each attempt: a resize may just have turned the root into an inner node. */
        st = alex_smo_maybe_expand_root(tree, x);
        if (st != INDEX_OK) return st;
        AlexData *d = alex_descend_path(tree, x, &path);
        uint32_t iters;
        int32_t le = alex_data_find_le(d, x, key, &iters);
        if (holds_key(d, le, key)) return INDEX_DUPLICATE;
        /* Past the node's last key: the slots after le hold only trailing gaps.
         * Before its first key: le is -1 or a leading gap. */
        bool beyond_last = le + 1 >= d->capacity || d->slots[le + 1].key == INT64_MAX;
        bool before_first = le < 0 || (!alex_bit(d->bitmap, le) && d->slots[le].key == INT64_MIN);
        int edge = 0;
        if (d->num_keys > 0) {
            int32_t pred = alex_data_predict(d, x);
            /* Room is made on a side only when most inserts since the last build
             * arrived there (a sequential pattern, not a random key that happens to
             * fall past the end). */
            uint64_t ins = d->n_inserts + 1;
            if (le >= 0 && beyond_last && alex_bit(d->bitmap, d->capacity - 1) &&
                pred >= d->capacity - 1 && (d->n_appends + 1) * 4 >= ins * 3)
                edge = 1;
            else if (before_first && alex_bit(d->bitmap, 0) && pred <= 0 &&
                     (d->n_prepends + 1) * 4 >= ins * 3)
                edge = -1;
        }
        bool full = d->num_keys >= d->max_keys;
        /* Rebuild when the shifts paid since the last build exceed what a rebuild
         * costs (amortised), or when the counters show a catastrophic drift. */
        bool drifted = (d->n_inserts >= 64 && d->n_shifts > 4 * (uint64_t)d->num_keys + 1024) ||
                       (d->n_inserts >= 256 && d->n_inserts * 4 >= (uint64_t)d->num_keys &&
                        alex_cost_empirical(d) > 4.0 * d->expected_cost + 4 * ALEX_W_SEARCH);
        if ((full || edge != 0 || drifted) && attempt < 8) {
            st = alex_smo_resize(tree, &path, d, edge, x);
            if (st != INDEX_OK) {
                if (d->num_keys < d->capacity) goto place; /* still room: go on */
                return st;
            }
            continue;
        }
        if (d->num_keys >= d->capacity) return INDEX_NO_MEMORY;
    place:
        d->n_inserts++;
        /* Searches that end at the node's edge (keys before its first or past its
         * last key) measure the distance to the edge, not the model's error. */
        if (!before_first && !beyond_last) d->n_search_iters += iters;
        if (beyond_last) d->n_appends++;
        if (before_first) d->n_prepends++;
        uint32_t shifts = alex_data_insert_at(d, x, key, payload, le);
        d->n_shifts += shifts;
        tree->stats.n_inserts++;
        tree->stats.n_shifts += shifts;
        __atomic_store_n(&tree->num_keys, tree->num_keys + 1, __ATOMIC_RELAXED);
        note_key(tree, key);
        return INDEX_OK;
    }
}

IndexStatus alex_erase(AlexTree *tree, int64_t key)
{
    double x = alex_key_x(tree, key);
    AlexPath path;
    AlexData *d = alex_descend_path(tree, x, &path);
    int32_t s = alex_data_find_key(d, x, key);
    if (s < 0) return INDEX_NOT_FOUND;
    alex_data_erase_slot(d, s);
    __atomic_store_n(&tree->num_keys, tree->num_keys - 1, __ATOMIC_RELAXED);
    if (d->capacity > 4 * ALEX_MIN_CAPACITY && d->num_keys < d->capacity * ALEX_DENSITY_LOW)
        (void)alex_smo_contract(tree, &path, d); /* best effort: failure keeps the node */
    return INDEX_OK;
}

IndexStatus alex_update(AlexTree *tree, int64_t key, uint64_t payload)
{
    double x = alex_key_x(tree, key);
    AlexPath path;
    AlexData *d = alex_descend_path(tree, x, &path);
    int32_t s = alex_data_find_key(d, x, key);
    if (s < 0) return INDEX_NOT_FOUND;
    __atomic_store_n(&d->slots[s].payload, payload, __ATOMIC_RELAXED);
    return INDEX_OK;
}

static size_t subtree_depth(const AlexNode *node)
{
    if (node->type != ALEX_NODE_INNER) return 0;
    const AlexInner *in = (const AlexInner *)node;
    size_t best = 0;
    for (uint32_t s = 0; s < in->fanout; s++) {
        if (s > 0 && in->children[s] == in->children[s - 1]) continue;
        size_t d = subtree_depth(in->children[s]);
        if (d > best) best = d;
    }
    return best + 1;
}

void alex_stats(AlexTree *tree, AlexStats *stats)
{
    *stats = tree->stats;
    stats->max_depth = subtree_depth(tree->root); /* inner levels above the deepest leaf */
}
