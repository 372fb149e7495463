/*
 * alex_build.c — bulk building of ALEX subtrees from sorted keys.
 *
 * An inner node gets a power-of-two fanout of about n / ALEX_BULK_TARGET and a linear
 * model from its smallest to its largest key (so every loaded key is inside the
 * node's domain, which root expansion relies on). Because the model is monotone,
 * each slot's keys form a contiguous range of the input. Neighbouring slots are
 * merged into one data node over an aligned power-of-two run while their keys fit
 * ALEX_BULK_GROUP_MAX (sparse regions share a node, as ALEX's pointer duplication);
 * a single slot holding more than ALEX_BULK_DATA_MAX keys becomes a deeper inner node.
 * When a model cannot separate the keys at all (every key in one slot: doubles that
 * collide) the keys go to one data node instead, so building always terminates.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "index/alex/alex_int.h"

AlexInner *alex_inner_alloc(AlexTree *tree, uint32_t fanout)
{
    size_t head = sizeof(AlexInner) + (size_t)fanout * sizeof(AlexNode *);
    head = (head + 63) & ~(size_t)63;
    size_t bytes = head + (size_t)fanout * sizeof(AlexHint);
    bytes = (bytes + 63) & ~(size_t)63;
    AlexInner *in = aligned_alloc(64, bytes);
    if (in == NULL) return NULL;
    memset(in, 0, bytes);
    in->type = ALEX_NODE_INNER;
    in->fanout = fanout;
    alex_inner_set_off(in, 0);
    in->alloc_bytes = bytes;
    in->hints = (AlexHint *)((char *)in + head);
    tree->bytes += bytes;
    tree->stats.n_inner_nodes++;
    return in;
}

void alex_inner_set_child(AlexInner *in, uint32_t s, AlexNode *child)
{
    AlexHint *h = &in->hints[s];
    /* Odd while being written and, after, for an inner child (no hint): a reader
     * accepts only an even seq it reads twice. Each write starts above every value
     * before it, so an even value is never reused. */
    uint32_t seq = (h->seq + 1) | 1;
    __atomic_store_n(&h->seq, seq, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    alex_store_ptr(&in->children[s], child);
    if (child->type == ALEX_NODE_DATA) {
        const AlexData *d = (const AlexData *)child;
        __atomic_store_n(&h->capacity, d->capacity, __ATOMIC_RELAXED);
        __atomic_store_n(&h->node, (AlexData *)d, __ATOMIC_RELAXED);
        h->model = d->model;
        __atomic_store_n(&h->seq, seq + 1, __ATOMIC_RELEASE);
    } else {
        __atomic_store_n(&h->node, NULL, __ATOMIC_RELAXED);
    }
}

void alex_inner_free(AlexTree *tree, AlexInner *in)
{
    tree->bytes -= in->alloc_bytes;
    tree->stats.n_inner_nodes--;
    free(in);
}

void alex_free_subtree(AlexTree *tree, AlexNode *node)
{
    if (node == NULL) return;
    if (node->type == ALEX_NODE_DATA) {
        alex_data_free(tree, (AlexData *)node);
        return;
    }
    AlexInner *in = (AlexInner *)node;
    AlexNode *prev = NULL;
    for (uint32_t s = 0; s < in->fanout; s++) {
        AlexNode *c = in->children[s];
        if (c != NULL && c != prev) alex_free_subtree(tree, c);
        prev = c;
    }
    alex_inner_free(tree, in);
}

AlexModel alex_model_for_range(double x_lo, double x_hi, int32_t slots)
{
    AlexModel m = {0.0, slots * 0.5};
    double w = x_hi - x_lo;
    if (w > 0 && w < __builtin_inf()) {
        m.a = slots / w;
        m.b = -m.a * x_lo;
    }
    return m;
}

static AlexData *build_data(AlexTree *tree, const int64_t *keys, const uint64_t *payloads, size_t n,
                            const AlexModel *domain, AlexData **prev_leaf)
{
    int32_t cap = (int32_t)(n / ALEX_DENSITY_INIT) + 1;
    if (cap < ALEX_MIN_CAPACITY) cap = ALEX_MIN_CAPACITY;
    AlexModel hint, *hp = NULL;
    if (domain != NULL) {
        hint.a = domain->a * cap;
        hint.b = domain->b * cap;
        hp = &hint;
    }
    AlexData *d = alex_data_build(tree, keys, payloads, (int32_t)n, cap, cap, 0, hp);
    if (d == NULL) return NULL;
    d->prev = *prev_leaf;
    if (*prev_leaf != NULL) (*prev_leaf)->next = d;
    *prev_leaf = d;
    return d;
}

static uint32_t pow2_at_least(size_t v)
{
    uint32_t p = 1;
    while (p < v && p < ALEX_MAX_FANOUT) p <<= 1;
    return p;
}

/* Cost-based fanout of a new inner node (the paper's fanout search, simplified).
 * For each power of two from about n/ALEX_BULK_TARGET up to 64 times that, a sample
 * of the keys is partitioned with the min-max model; keys falling in slots too full
 * for one data node will pay an extra level (W_TRAVERSE each), and every slot costs
 * its 40 bytes (pointer + hint) spread over the keys (W_BYTE per byte per key). */
static uint32_t choose_fanout(const AlexTree *tree, const int64_t *keys, size_t n, double x_min,
                              double x_max)
{
    uint32_t base = pow2_at_least((n + ALEX_BULK_TARGET - 1) / ALEX_BULK_TARGET);
    if (base < 2) base = 2;
    size_t stride = n / 65536 + 1, n_sample = (n + stride - 1) / stride;
    double width = (x_max - x_min) * (1.0 + 1.0 / (1 << 20));
    uint32_t best = base;
    double best_cost = 0;
    for (uint32_t f = base, step = 0; step <= 6 && f <= ALEX_MAX_FANOUT; f <<= 1, step++) {
        uint32_t *cnt = calloc(f, sizeof *cnt);
        if (cnt == NULL) break;
        AlexInner probe = {.type = ALEX_NODE_INNER, .fanout = f};
        alex_inner_set_off(&probe, 0);
        probe.model.a = f / width;
        probe.model.b = -probe.model.a * x_min;
        for (size_t i = 0; i < n; i += stride)
            cnt[alex_inner_slot(&probe, alex_key_x(tree, keys[i]))]++;
        size_t deep = 0;
        for (uint32_t s = 0; s < f; s++)
            if ((size_t)cnt[s] * stride > ALEX_BULK_DATA_MAX) deep += cnt[s];
        free(cnt);
        double cost = ALEX_W_TRAVERSE * (double)deep / n_sample +
                      ALEX_W_BYTE * (double)f * (sizeof(AlexNode *) + sizeof(AlexHint)) / n;
        if (step == 0 || cost < best_cost) {
            best = f;
            best_cost = cost;
        }
    }
    return best;
}

AlexNode *alex_build_subtree(AlexTree *tree, const int64_t *keys, const uint64_t *payloads,
                             size_t n, bool force_inner, const AlexModel *domain,
                             AlexData **prev_leaf, int depth, double grow_x, double grow_min)
{
    bool small = n <= ALEX_BULK_DATA_MAX && !force_inner;
    /* Model range: the smallest and largest FINITE keys (a double index may hold
     * -inf and +inf once each; they clamp into the edge slots). */
    double x_min = 0, x_max = 0;
    if (n > 0) {
        size_t lo = 0, hi = n - 1;
        x_min = alex_key_x(tree, keys[lo]);
        x_max = alex_key_x(tree, keys[hi]);
        if (isinf(x_min) && lo < hi) x_min = alex_key_x(tree, keys[++lo]);
        if (isinf(x_max) && hi > lo) x_max = alex_key_x(tree, keys[--hi]);
    }
    if (small || n < 2 || !(x_max > x_min) || isinf(x_max - x_min) || depth >= ALEX_MAX_DEPTH - 2)
        return (AlexNode *)build_data(tree, keys, payloads, n, domain, prev_leaf);

    bool grown = false;
    double keys_width = 0;
    if (depth > 0 && n >= 64) {
        double q_lo = alex_key_x(tree, keys[n / 64]), q_hi = alex_key_x(tree, keys[n - 1 - n / 64]);
        if (q_hi > q_lo && x_max - x_min > 8 * (q_hi - q_lo)) {
            x_min = q_lo;
            x_max = q_hi;
        }
    }
    if (!isnan(grow_x) && !isinf(grow_x) && (grow_x > x_max || grow_x < x_min)) {
        double span = 3 * (x_max - x_min);
        if (span < grow_min) span = grow_min;
        double lo2 = x_min, hi2 = x_max;
        if (grow_x > x_max) hi2 = grow_x > x_max + span ? grow_x + span : x_max + span;
        if (grow_x < x_min) lo2 = grow_x < x_min - span ? grow_x - span : x_min - span;
        if (!isinf(lo2) && !isinf(hi2) && !isinf(hi2 - lo2)) {
            keys_width = x_max - x_min;
            x_min = lo2;
            x_max = hi2;
            grown = true;
        }
    }
    uint32_t fanout = choose_fanout(tree, keys, n, x_min, x_max);
    if (grown) {
        /* The keys' part of the widened range must still cover several slots. */
        double want = 4.0 * (x_max - x_min) / keys_width;
        uint32_t f = pow2_at_least(want < 65536 ? (size_t)want + 1 : 65536);
        if (f < 16) f = 16;
        if (f > fanout) fanout = f;
    }
    AlexInner *in = alex_inner_alloc(tree, fanout);
    uint64_t *prefix = calloc((size_t)fanout + 1, sizeof *prefix);
    if (in == NULL || prefix == NULL) goto fail;
    double width = (x_max - x_min) * (1.0 + 1.0 / (1 << 20));
    in->model.a = fanout / width;
    in->model.b = -in->model.a * x_min;
    for (size_t i = 0; i < n; i++) prefix[alex_inner_slot(in, alex_key_x(tree, keys[i])) + 1]++;
    for (uint32_t s = 0; s < fanout; s++) {
        if (prefix[s + 1] == n) {
            /* The model cannot separate these keys: without the room for growth, or
             * else as one data node. */
            free(prefix);
            alex_inner_free(tree, in);
            if (grown)
                return alex_build_subtree(tree, keys, payloads, n, force_inner, domain, prev_leaf,
                                          depth, NAN, 0);
            return (AlexNode *)build_data(tree, keys, payloads, n, domain, prev_leaf);
        }
        prefix[s + 1] += prefix[s];
    }
    for (uint32_t s = 0; s < fanout;) {
        uint32_t span = s == 0 ? fanout : (s & (~s + 1));
        while (span > fanout - s) span >>= 1;
        while (span > 1 && prefix[s + span] - prefix[s] > ALEX_BULK_GROUP_MAX) span >>= 1;
        size_t lo = prefix[s], cnt = prefix[s + span] - lo;
        AlexModel unit;
        unit.a = in->model.a / span;
        unit.b = (in->model.b - (double)(s - in->off)) / span;
        AlexNode *child = alex_build_subtree(tree, keys + lo, payloads + lo, cnt, false, &unit,
                                             prev_leaf, depth + 1, NAN, 0);
        if (child == NULL) goto fail;
        for (uint32_t j = 0; j < span; j++) alex_inner_set_child(in, s + j, child);
        s += span;
    }
    free(prefix);
    return (AlexNode *)in;
fail:
    free(prefix);
    if (in != NULL) alex_free_subtree(tree, (AlexNode *)in);
    return NULL;
}
