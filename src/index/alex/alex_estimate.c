/*
 * alex_estimate.c — range cardinality from the learned models ("the models double
 * as cardinality estimators"), bounded by a cap.
 *
 * The number of keys in [lo, hi) is estimated without touching a key:
 *   - descend (as a lookup does) to the data node of lo and to that of hi;
 *   - inside a data node, the model predicts the slot of a bound, an exponential
 *     search from there finds its lower-bound position (a cache line or two, as
 *     keys sit at or next to their predicted slots) and the occupancy bitmap up to
 *     that slot gives the number of keys below the bound;
 *   - the nodes strictly between the two contribute their key counts, read while
 *     walking the next links from lo's node; the walk stops once the running total
 *     passes `cap` (the caller only needs to know "more than cap").
 * Without a concurrent writer the result is exact (up to the cap); it reads a few
 * cache lines at each end and one header per data node in between.
 *
 * Concurrency: a reader. Everything runs inside one RCU read-side section, so no
 * node is freed under it; node headers are read without the seqlock because an
 * estimate may be slightly stale (a concurrent split or insert changes counts by a
 * handful). The walk is bounded, and if the chain from lo's node does not reach
 * hi's node (a node was replaced in between) the running total is returned.
 */
#include "index/alex/alex_int.h"

/* Data node that would hold x. */
static AlexData *descend(AlexTree *tree, double x)
{
    AlexNode *node = alex_load_ptr(&tree->root);
    while (node->type == ALEX_NODE_INNER) {
        AlexInner *in = (AlexInner *)node;
        node = alex_load_ptr(&in->children[alex_inner_slot(in, x)]);
    }
    return (AlexData *)node;
}

static double keys_of(const AlexData *d)
{
    int32_t n = __atomic_load_n(&d->num_keys, __ATOMIC_RELAXED);
    return n > 0 ? (double)n : 0.0;
}

/* Keys of d below k: the model predicts a slot, an exponential search from there
 * finds the last slot holding a key < k (the lower-bound position), and the
 * occupancy bitmap up to it is counted. Reads stay in bounds under a racing writer
 * (capacity and arrays never change for a node); the count may then be slightly off. */
static double below(const AlexTree *tree, const AlexData *d, int64_t k)
{
    if (k == INT64_MIN) return 0.0;
    int32_t s = alex_data_find_le(d, alex_key_x(tree, k - 1), k - 1, NULL);
    if (s < 0) return 0.0;
    size_t n = 0;
    for (int32_t w = 0; w < (s >> 6); w++) n += (size_t)__builtin_popcountll(d->bitmap[w]);
    uint64_t last = d->bitmap[s >> 6];
    if ((s & 63) != 63) last &= (UINT64_C(2) << (s & 63)) - 1;
    n += (size_t)__builtin_popcountll(last);
    return (double)n;
}

size_t alex_estimate_range(AlexTree *tree, int64_t lo, bool from_start, int64_t hi, bool to_end,
                           size_t cap)
{
    if (!from_start && !to_end && hi <= lo) return 0;
    double xlo = alex_key_x(tree, lo), xhi = alex_key_x(tree, hi);
    index_epoch_enter();
    AlexData *dlo = from_start ? NULL : descend(tree, xlo);
    AlexData *dhi = to_end ? NULL : descend(tree, xhi);
    if (dlo == NULL) { /* leftmost data node */
        AlexNode *node = alex_load_ptr(&tree->root);
        while (node->type == ALEX_NODE_INNER)
            node = alex_load_ptr(&((AlexInner *)node)->children[0]);
        dlo = (AlexData *)node;
        from_start = true;
    }
    double total;
    if (dlo == dhi) {
        total = below(tree, dhi, hi) - (from_start ? 0.0 : below(tree, dlo, lo));
    } else {
        total = keys_of(dlo) - (from_start ? 0.0 : below(tree, dlo, lo));
        AlexData *d = __atomic_load_n(&dlo->next, __ATOMIC_ACQUIRE);
        for (size_t steps = 0; d != NULL && d != dhi && total <= (double)cap; steps++) {
            if (steps > ((size_t)1 << 22)) break; /* a chain in flux: enough */
            total += keys_of(d);
            d = __atomic_load_n(&d->next, __ATOMIC_ACQUIRE);
        }
        if (d != NULL && d == dhi) total += below(tree, dhi, hi);
    }
    index_epoch_leave();
    if (!(total > 0)) return 0;
    return total >= 1e18 ? (size_t)1e18 : (size_t)(total + 0.5);
}
