/*
 * btree_check.c — structural invariant checker for tests (exclusive access).
 *
 * Checks: entries strictly ascending in every node; every key of child i lies in
 * [sep i-1, sep i); all leaves at the same depth; the leaf chain visits every leaf
 * in order; ext copies exist exactly for keys longer than 8 bytes and agree with the
 * prefix; the key count matches.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "index/btree/btree_int.h"

typedef struct BtCheck {
    char *msg;
    size_t msg_len;
    size_t keys;
    size_t leaf_depth;
    BtNode *prev_leaf;
    uint8_t *prev_key;
    size_t prev_len;
    bool have_prev;
} BtCheck;

static int fail(BtCheck *cs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(BtCheck *cs, const char *fmt, ...)
{
    if (cs->msg != NULL && cs->msg_len > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cs->msg, cs->msg_len, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int cmp_bytes(const uint8_t *a, size_t la, const uint8_t *b, size_t lb)
{
    size_t m = la < lb ? la : lb;
    int c = m ? memcmp(a, b, m) : 0;
    if (c != 0) return c;
    return (la > lb) - (la < lb);
}

/* lo/hi: bounds (NULL = unbounded) as node+index. */
static int check_node(BtCheck *cs, BtNode *node, size_t depth, const BtNode *lo_n, int lo_i,
                      const BtNode *hi_n, int hi_i)
{
    uint8_t a[INDEX_MAX_KEY_LEN], b[INDEX_MAX_KEY_LEN];
    if (node->version & 1) return fail(cs, "node locked");
    if (node->n > BT_CAP) return fail(cs, "node count %d > %d", node->n, BT_CAP);
    if (!node->is_leaf && node->n == 0 && depth > 0) return fail(cs, "empty inner node");
    for (int i = 0; i < node->n; i++) {
        size_t la = bt_entry_key(node, i, a, sizeof a);
        if ((node->len[i] > 8) != (node->ext[i] != NULL)) return fail(cs, "ext mismatch at %d", i);
        if (bt_prefix(a, la) != node->prefix[i]) return fail(cs, "prefix mismatch at %d", i);
        if (i > 0) {
            size_t lb = bt_entry_key(node, i - 1, b, sizeof b);
            if (cmp_bytes(b, lb, a, la) >= 0) return fail(cs, "keys not ascending in node");
        }
        if (lo_n != NULL) {
            size_t lb = bt_entry_key(lo_n, lo_i, b, sizeof b);
            if (cmp_bytes(a, la, b, lb) < 0) return fail(cs, "key below its separator");
        }
        if (hi_n != NULL) {
            size_t lb = bt_entry_key(hi_n, hi_i, b, sizeof b);
            if (cmp_bytes(a, la, b, lb) >= 0) return fail(cs, "key not below upper separator");
        }
    }
    if (node->is_leaf) {
        if (cs->leaf_depth == (size_t)-1) cs->leaf_depth = depth;
        if (depth != cs->leaf_depth) return fail(cs, "leaves at different depths");
        if (cs->prev_leaf != NULL && cs->prev_leaf->next != node)
            return fail(cs, "leaf chain broken");
        cs->prev_leaf = node;
        for (int i = 0; i < node->n; i++) {
            size_t la = bt_entry_key(node, i, a, sizeof a);
            if (cs->have_prev && cmp_bytes(cs->prev_key, cs->prev_len, a, la) >= 0)
                return fail(cs, "keys not ascending across leaves");
            memcpy(cs->prev_key, a, la);
            cs->prev_len = la;
            cs->have_prev = true;
            cs->keys++;
        }
        return 0;
    }
    for (int c = 0; c <= node->n; c++) {
        if (node->child[c] == NULL) return fail(cs, "NULL child");
        if (check_node(cs, node->child[c], depth + 1, c > 0 ? node : lo_n, c > 0 ? c - 1 : lo_i,
                       c < node->n ? node : hi_n, c < node->n ? c : hi_i) != 0)
            return -1;
    }
    return 0;
}

int btree_check(BTree *tree, char *msg, size_t msg_len)
{
    BtCheck cs = {.msg = msg, .msg_len = msg_len, .leaf_depth = (size_t)-1};
    if (msg != NULL && msg_len > 0) msg[0] = 0;
    cs.prev_key = malloc(INDEX_MAX_KEY_LEN);
    if (cs.prev_key == NULL) return fail(&cs, "out of memory");
    int rc = check_node(&cs, tree->root, 0, NULL, 0, NULL, 0);
    free(cs.prev_key);
    if (rc != 0) return rc;
    if (cs.prev_leaf != NULL && cs.prev_leaf->next != NULL) return fail(&cs, "last leaf has next");
    if (cs.leaf_depth + 1 != tree->height) return fail(&cs, "height %zu wrong", tree->height);
    if (cs.keys != tree->num_keys)
        return fail(&cs, "counted %zu keys, tree says %zu", cs.keys, tree->num_keys);
    return 0;
}
