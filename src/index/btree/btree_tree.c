/*
 * btree_tree.c — B+tree operations: create, destroy, bulk load, lookup, insert with
 * splits, erase (no merging: empty leaves stay linked until the tree is destroyed),
 * payload update.
 *
 * Readers use optimistic lock coupling: read a node's version, search it, read the
 * child pointer, re-validate the node, and only then touch the child; any change
 * restarts from the root. The writer locks (odd version) every node it modifies
 * and releases them all only when the split has reached a node with room, so a
 * reader never sees a leaf whose upper half has moved before the parent knows.
 */
#include <stdlib.h>

#include "index/btree/btree_int.h"

BTree *btree_create(void)
{
    BTree *tree = aligned_alloc(64, sizeof *tree);
    if (tree == NULL) return NULL;
    memset(tree, 0, sizeof *tree);
    tree->bytes = sizeof *tree;
    tree->root = bt_node_alloc(tree, true);
    if (tree->root == NULL) {
        free(tree);
        return NULL;
    }
    tree->height = 1;
    return tree;
}

static void free_node(BTree *tree, BtNode *node)
{
    if (!node->is_leaf)
        for (int i = 0; i <= node->n; i++) free_node(tree, node->child[i]);
    for (int i = 0; i < node->n; i++) free(node->ext[i]);
    free(node);
}

void btree_destroy(BTree *tree)
{
    if (tree == NULL) return;
    index_retire_list_fini(&tree->retire);
    free_node(tree, tree->root);
    free(tree);
}

size_t btree_count(const BTree *tree)
{
    return __atomic_load_n(&tree->num_keys, __ATOMIC_RELAXED);
}

size_t btree_memory_bytes(const BTree *tree)
{
    return __atomic_load_n(&tree->bytes, __ATOMIC_RELAXED) +
           __atomic_load_n(&tree->retire.bytes, __ATOMIC_RELAXED);
}

size_t btree_height(const BTree *tree)
{
    return tree->height;
}

static int cmp_bytes(const uint8_t *a, size_t la, const uint8_t *b, size_t lb)
{
    size_t m = la < lb ? la : lb;
    int c = m ? memcmp(a, b, m) : 0;
    if (c != 0) return c;
    return (la > lb) - (la < lb);
}

static void set_entry(BTree *tree, BtNode *node, int i, const uint8_t *b, size_t len, BtExt *ext)
{
    node->prefix[i] = bt_prefix(b, len);
    node->len[i] = (uint32_t)len;
    __atomic_store_n(&node->ext[i], ext, __ATOMIC_RELAXED);
}

/* Frees nodes built by a failed bulk load (level arrays). */
static void free_levels(BtNode **nodes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (nodes[i] == NULL) continue;
        for (int j = 0; j < nodes[i]->n; j++) free(nodes[i]->ext[j]);
        free(nodes[i]);
    }
}

IndexStatus btree_bulk_load(BTree *tree, const IndexKey *keys, const uint64_t *payloads, size_t n)
{
    if (tree->num_keys != 0) return INDEX_BAD_STATE;
    for (size_t i = 0; i < n; i++) {
        if ((keys[i].bytes == NULL && keys[i].len > 0) || keys[i].len > INDEX_MAX_KEY_LEN)
            return INDEX_BAD_KEY;
        if (i > 0) {
            int c = cmp_bytes(keys[i - 1].bytes, keys[i - 1].len, keys[i].bytes, keys[i].len);
            if (c == 0) return INDEX_DUPLICATE;
            if (c > 0) return INDEX_BAD_KEY;
        }
    }
    if (n == 0) return INDEX_OK;
    size_t saved_bytes = tree->bytes;
    size_t n_level = (n + BT_FILL - 1) / BT_FILL;
    BtNode **level = calloc(n_level, sizeof *level);
    /* first key of each node of the current level: index into keys[] */
    size_t *first = calloc(n_level, sizeof *first);
    if (level == NULL || first == NULL) goto oom;
    for (size_t li = 0; li < n_level; li++) {
        BtNode *leaf = bt_node_alloc(tree, true);
        if (leaf == NULL) goto oom;
        level[li] = leaf;
        size_t lo = li * BT_FILL, hi = lo + BT_FILL < n ? lo + BT_FILL : n;
        first[li] = lo;
        for (size_t i = lo; i < hi; i++) {
            BtExt *e = NULL;
            if (keys[i].len > 8 && (e = bt_ext_make(tree, keys[i].bytes, keys[i].len)) == NULL)
                goto oom;
            set_entry(tree, leaf, leaf->n, keys[i].bytes, keys[i].len, e);
            leaf->payload[leaf->n] = payloads[i];
            leaf->n++;
        }
        if (li > 0) level[li - 1]->next = leaf;
    }
    size_t height = 1;
    while (n_level > 1) {
        size_t n_up = (n_level + BT_FILL) / (BT_FILL + 1);
        BtNode **up = calloc(n_up, sizeof *up);
        size_t *up_first = calloc(n_up, sizeof *up_first);
        if (up == NULL || up_first == NULL) {
            free(up);
            free(up_first);
            goto oom;
        }
        for (size_t ui = 0; ui < n_up; ui++) {
            BtNode *in = bt_node_alloc(tree, false);
            if (in == NULL) {
                free_levels(up, n_up);
                free(up);
                free(up_first);
                goto oom;
            }
            up[ui] = in;
            size_t lo = ui * (BT_FILL + 1);
            size_t hi = lo + BT_FILL + 1 < n_level ? lo + BT_FILL + 1 : n_level;
            up_first[ui] = first[lo];
            in->child[0] = level[lo];
            for (size_t c = lo + 1; c < hi; c++) {
                const IndexKey *k = &keys[first[c]];
                BtExt *e = NULL;
                if (k->len > 8 && (e = bt_ext_make(tree, k->bytes, k->len)) == NULL) {
                    free_levels(up, n_up);
                    free(up);
                    free(up_first);
                    goto oom;
                }
                set_entry(tree, in, in->n, k->bytes, k->len, e);
                in->n++;
                in->child[in->n] = level[c];
            }
        }
        free(level);
        free(first);
        level = up;
        first = up_first;
        n_level = n_up;
        height++;
    }
    BtNode *old = tree->root;
    __atomic_store_n(&tree->root, level[0], __ATOMIC_RELEASE);
    tree->height = height;
    tree->num_keys = n;
    tree->bytes -= sizeof *old;
    index_retire_list_add(&tree->retire, old, sizeof *old);
    free(level);
    free(first);
    return INDEX_OK;
oom:
    /* Nodes of lower levels that were already linked under a failed upper level are
     * lost to the cleanup below only if the failure was in an upper level; rebuild
     * from scratch by freeing every reachable node of the current level. */
    if (level != NULL) {
        for (size_t i = 0; i < n_level; i++)
            if (level[i] != NULL) free_node(tree, level[i]);
    }
    free(level);
    free(first);
    tree->bytes = saved_bytes;
    return INDEX_NO_MEMORY;
}

IndexStatus btree_lookup(BTree *tree, const uint8_t *key, size_t len, uint64_t *payload)
{
    if ((key == NULL && len > 0) || len > INDEX_MAX_KEY_LEN) return INDEX_BAD_KEY;
    BtKey k = bt_key(key, len);
    IndexStatus st;
    index_epoch_enter();
restart:
    for (;;) {
        BtNode *node = __atomic_load_n(&tree->root, __ATOMIC_ACQUIRE);
        uint64_t v = bt_stable_version(node);
        /* The root may have split while we waited: the old root covers only the left half. */
        if (__atomic_load_n(&tree->root, __ATOMIC_ACQUIRE) != node) continue;
        while (!node->is_leaf) {
            int i = bt_upper_bound(node, &k);
            BtNode *child = __atomic_load_n(&node->child[i], __ATOMIC_RELAXED);
            if (!bt_unchanged(node, v)) goto restart;
            bt_prefetch_node(child);
            uint64_t cv = bt_stable_version(child);
            if (!bt_unchanged(node, v)) goto restart;
            node = child;
            v = cv;
        }
        int pos = bt_lower_bound(node, &k);
        bool found = pos < node->n && bt_entry_cmp(node, pos, &k) == 0;
        uint64_t p = found ? node->payload[pos] : 0;
        if (!bt_unchanged(node, v)) continue;
        if (found) *payload = p;
        st = found ? INDEX_OK : INDEX_NOT_FOUND;
        break;
    }
    index_epoch_leave();
    return st;
}

typedef struct BtPath {
    BtNode *node[BT_MAX_HEIGHT];
    int idx[BT_MAX_HEIGHT];
    int depth; /* number of inner nodes on the path */
} BtPath;

static BtNode *descend_path(BTree *tree, const BtKey *k, BtPath *path)
{
    BtNode *node = tree->root;
    path->depth = 0;
    while (!node->is_leaf) {
        int i = bt_upper_bound(node, k);
        path->node[path->depth] = node;
        path->idx[path->depth] = i;
        path->depth++;
        node = node->child[i];
    }
    return node;
}

/* One entry of a node being split, held in a temporary array. */
typedef struct BtTmp {
    uint64_t prefix;
    uint32_t len;
    BtExt *ext;
    uint64_t payload;
} BtTmp;

static void put_tmp(BtNode *dst, int j, const BtTmp *t)
{
    dst->prefix[j] = t->prefix;
    dst->len[j] = t->len;
    __atomic_store_n(&dst->ext[j], t->ext, __ATOMIC_RELAXED);
    if (dst->is_leaf) dst->payload[j] = t->payload;
}

static BtTmp get_tmp(const BtNode *src, int i)
{
    BtTmp t = {src->prefix[i], src->len[i], src->ext[i], src->is_leaf ? src->payload[i] : 0};
    return t;
}

IndexStatus btree_insert(BTree *tree, const uint8_t *key, size_t len, uint64_t payload)
{
    if ((key == NULL && len > 0) || len > INDEX_MAX_KEY_LEN) return INDEX_BAD_KEY;
    BtKey k = bt_key(key, len);
    BtPath path;
    BtNode *leaf = descend_path(tree, &k, &path);
    int pos = bt_lower_bound(leaf, &k);
    if (pos < leaf->n && bt_entry_cmp(leaf, pos, &k) == 0) return INDEX_DUPLICATE;
    BtExt *ext = NULL;
    if (len > 8 && (ext = bt_ext_make(tree, key, len)) == NULL) return INDEX_NO_MEMORY;
    BtTmp nt = {k.prefix, (uint32_t)len, ext, payload};

    if (leaf->n < BT_CAP) {
        bt_write_begin(leaf);
        bt_shift(leaf, pos, +1);
        put_tmp(leaf, pos, &nt);
        leaf->n++;
        bt_write_end(leaf);
        __atomic_store_n(&tree->num_keys, tree->num_keys + 1, __ATOMIC_RELAXED);
        return INDEX_OK;
    }

    /* Split. Preallocate: one node per full level from the leaf up, a new root if the
     * root splits, and the separator copy of the leaf split. */
    int n_split = 1;
    for (int d = path.depth - 1; d >= 0 && path.node[d]->n >= BT_CAP; d--) n_split++;
    bool new_root = n_split > path.depth;
    BtNode *fresh[BT_MAX_HEIGHT + 1] = {0};
    int n_fresh = n_split + (new_root ? 1 : 0);
    BtTmp all[BT_CAP + 1];
    const int half = (BT_CAP + 1) / 2;
    for (int i = 0, j = 0; i <= BT_CAP; i++) all[i] = (i == pos) ? nt : get_tmp(leaf, j++);
    BtTmp sep = all[half];
    uint8_t sep_bytes[INDEX_MAX_KEY_LEN];
    size_t sep_len = sep.len;
    BtExt *sep_ext = NULL;
    if (sep_len > 8) {
        memcpy(sep_bytes, sep.ext->bytes, sep_len);
        sep_ext = bt_ext_make(tree, sep_bytes, sep_len);
    }
    bool oom = sep_len > 8 && sep_ext == NULL;
    for (int i = 0; i < n_fresh && !oom; i++) {
        fresh[i] = bt_node_alloc(tree, i == 0);
        if (fresh[i] == NULL) oom = true;
    }
    if (oom) {
        for (int i = 0; i < n_fresh; i++) {
            if (fresh[i] != NULL) {
                tree->bytes -= sizeof(BtNode);
                free(fresh[i]);
            }
        }
        if (sep_ext != NULL) {
            tree->bytes -= sizeof(BtExt) + sep_len;
            free(sep_ext);
        }
        if (ext != NULL) {
            tree->bytes -= sizeof(BtExt) + len;
            free(ext);
        }
        return INDEX_NO_MEMORY;
    }
    BtNode *locked[BT_MAX_HEIGHT + 1];
    int n_locked = 0;

    BtNode *right = fresh[0];
    bt_write_begin(leaf);
    locked[n_locked++] = leaf;
    for (int i = half; i <= BT_CAP; i++) put_tmp(right, i - half, &all[i]);
    right->n = BT_CAP + 1 - half;
    for (int i = 0; i < half; i++) put_tmp(leaf, i, &all[i]);
    leaf->n = half;
    right->next = leaf->next;
    __atomic_store_n(&leaf->next, right, __ATOMIC_RELEASE);

    /* Carry (separator, right child) upwards. */
    BtTmp up = {sep.prefix, sep.len, sep_ext, 0};
    BtNode *up_child = right;
    int fi = 1;
    BtNode *left_node = leaf;
    for (int d = path.depth - 1;; d--) {
        if (d < 0) {
            BtNode *root = fresh[fi++];
            put_tmp(root, 0, &up);
            root->n = 1;
            root->child[0] = left_node;
            root->child[1] = up_child;
            __atomic_store_n(&tree->root, root, __ATOMIC_RELEASE);
            tree->height++;
            break;
        }
        BtNode *p = path.node[d];
        int at = path.idx[d];
        bt_write_begin(p);
        locked[n_locked++] = p;
        if (p->n < BT_CAP) {
            bt_shift(p, at, +1);
            for (int c = p->n; c > at; c--)
                __atomic_store_n(&p->child[c + 1], p->child[c], __ATOMIC_RELAXED);
            put_tmp(p, at, &up);
            __atomic_store_n(&p->child[at + 1], up_child, __ATOMIC_RELAXED);
            p->n++;
            break;
        }
        /* Split inner node p: CAP+1 separators, CAP+2 children. */
        BtTmp seps[BT_CAP + 1];
        BtNode *kids[BT_CAP + 2];
        for (int i = 0, j = 0; i <= BT_CAP; i++) seps[i] = (i == at) ? up : get_tmp(p, j++);
        for (int i = 0, j = 0; i <= BT_CAP + 1; i++)
            kids[i] = (i == at + 1) ? up_child : p->child[j++];
        int mid = (BT_CAP + 1) / 2;
        BtNode *pr = fresh[fi++];
        for (int i = mid + 1; i <= BT_CAP; i++) put_tmp(pr, i - mid - 1, &seps[i]);
        for (int i = mid + 1; i <= BT_CAP + 1; i++) pr->child[i - mid - 1] = kids[i];
        pr->n = BT_CAP - mid;
        for (int i = 0; i < mid; i++) put_tmp(p, i, &seps[i]);
        for (int i = 0; i <= mid; i++) __atomic_store_n(&p->child[i], kids[i], __ATOMIC_RELAXED);
        p->n = mid;
        up = seps[mid];
        up_child = pr;
        left_node = p;
    }
    for (int i = n_locked - 1; i >= 0; i--) bt_write_end(locked[i]);
    __atomic_store_n(&tree->num_keys, tree->num_keys + 1, __ATOMIC_RELAXED);
    return INDEX_OK;
}

IndexStatus btree_erase(BTree *tree, const uint8_t *key, size_t len)
{
    if ((key == NULL && len > 0) || len > INDEX_MAX_KEY_LEN) return INDEX_BAD_KEY;
    BtKey k = bt_key(key, len);
    BtPath path;
    BtNode *leaf = descend_path(tree, &k, &path);
    int pos = bt_lower_bound(leaf, &k);
    if (pos >= leaf->n || bt_entry_cmp(leaf, pos, &k) != 0) return INDEX_NOT_FOUND;
    BtExt *ext = leaf->ext[pos];
    bt_write_begin(leaf);
    bt_shift(leaf, pos + 1, -1);
    leaf->n--;
    __atomic_store_n(&leaf->ext[leaf->n], NULL, __ATOMIC_RELAXED);
    bt_write_end(leaf);
    if (ext != NULL) {
        size_t sz = sizeof *ext + ext->len;
        tree->bytes -= sz;
        index_retire_list_add(&tree->retire, ext, sz);
    }
    __atomic_store_n(&tree->num_keys, tree->num_keys - 1, __ATOMIC_RELAXED);
    return INDEX_OK;
}

IndexStatus btree_update(BTree *tree, const uint8_t *key, size_t len, uint64_t payload)
{
    if ((key == NULL && len > 0) || len > INDEX_MAX_KEY_LEN) return INDEX_BAD_KEY;
    BtKey k = bt_key(key, len);
    BtPath path;
    BtNode *leaf = descend_path(tree, &k, &path);
    int pos = bt_lower_bound(leaf, &k);
    if (pos >= leaf->n || bt_entry_cmp(leaf, pos, &k) != 0) return INDEX_NOT_FOUND;
    __atomic_store_n(&leaf->payload[pos], payload, __ATOMIC_RELAXED);
    return INDEX_OK;
}
