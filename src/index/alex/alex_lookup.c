/*
 * alex_lookup.c — the reader's point lookups: alex_lookup and alex_lookup_many.
 *
 * This is the hottest path of the index, so it is written for a short instruction
 * stream per lookup rather than for reuse: the descent and the node search are one
 * inlined function (no calls, no function pointers), the model arithmetic is a
 * multiply-add per level, and the search is a short walk from the predicted slot.
 * Why it matters: at 10M keys the one data-node access per lookup misses the caches
 * (about 150 ns on the development machine), and consecutive independent lookups
 * overlap their misses only when the out-of-order window holds more than one lookup.
 *
 * Protocol (see alex_int.h): readers run inside an RCU read-side section; inner
 * nodes are read through the per-slot hints (seq-guarded copies of a data child's
 * model and capacity) or, failing that, the child pointer; a data node is read
 * under its seqlock. A changed version means retry the node, the obsolete bit means
 * restart from the root.
 */
#include "index/alex/alex_int.h"

/* How far the linear walk from the prediction goes before the search falls back to
 * exponential search. Bulk loads and rebuilds place a key at its predicted slot when
 * it is free, else just after the keys already placed, so a key almost always sits
 * at or a few slots right of the prediction: at 10M uniform keys 43% at it, 98%
 * within 6 slots. */
#define WALK_MAX 8

/* Exponential search, out of line: the rare case, kept off the hot path's registers. */
static __attribute__((noinline)) int32_t search_far(const AlexSlot *sl, int32_t cap, int32_t p,
                                                    int64_t k)
{
    return alex_search_le(sl, cap, p, k, NULL);
}

/* Last slot with key <= k, or -1, starting from the prediction p.
 *
 * Measured on the development machine (an AMD EPYC VM), a plain walk beats
 * branch-free variants (counting the keys <= k in a window of 4 or 8 slots, scalar,
 * SSE2 or AVX2): a branch-free count makes the payload's address depend on the keys,
 * so the payload load waits for the key line, whereas the walk's predicted path
 * issues it at once; and every extra load into a line that is still missing costs
 * memory-level parallelism across consecutive lookups. (Measured when keys and
 * payloads were separate arrays; the fast path below, not this walk, serves most
 * lookups now.) */
static inline int32_t search_near(const AlexSlot *sl, int32_t cap, int32_t p, int64_t k)
{
    if (sl[p].key <= k) {
        int32_t end = p + WALK_MAX < cap ? p + WALK_MAX : cap;
        for (int32_t q = p + 1; q < end; q++)
            if (sl[q].key > k) return q - 1;
        if (end == cap) return cap - 1;
    } else {
        int32_t end = p - WALK_MAX > -1 ? p - WALK_MAX : -1;
        for (int32_t q = p - 1; q > end; q--)
            if (sl[q].key <= k) return q;
        if (end == -1) return -1;
    }
    return search_far(sl, cap, p, k);
}

/* Where a lookup goes after the descent: the data node, its capacity and the
 * predicted slot. */
typedef struct Target {
    AlexData *node;
    int32_t cap, p;
} Target;

/* Descends to the data node for x and predicts the slot, from the last inner slot's
 * hint when it is valid, else from the node's header. */
static inline __attribute__((always_inline)) Target descend(const AlexTree *tree, double x)
{
    AlexNode *node = alex_load_ptr(&tree->root);
    while (node->type == ALEX_NODE_INNER) {
        const AlexInner *in = (const AlexInner *)node;
        uint32_t s = alex_inner_slot(in, x);
        /* A stable hint names the data child itself (it was the child at some moment
         * of this read-side section, so it cannot have been freed). */
        const AlexHint *h = &in->hints[s];
        uint32_t seq = __atomic_load_n(&h->seq, __ATOMIC_ACQUIRE);
        AlexData *hn = __atomic_load_n(&h->node, __ATOMIC_RELAXED);
        if (__builtin_expect(!(seq & 1), 1)) { /* odd: being written, or an inner child */
            int32_t cap = __atomic_load_n(&h->capacity, __ATOMIC_RELAXED);
            double y = h->model.a * x + h->model.b;
            __atomic_thread_fence(__ATOMIC_ACQUIRE);
            if (__builtin_expect(__atomic_load_n(&h->seq, __ATOMIC_RELAXED) == seq, 1))
                return (Target){hn, cap, (int32_t)alex_clamp_slot(y, cap)};
        }
        node = alex_load_ptr(&in->children[s]);
    }
    AlexData *d = (AlexData *)node;
    return (Target){d, d->capacity, alex_data_predict(d, x)};
}

/* One attempt at finding key in t.node. Returns 1 found (*payload set), 0 absent,
 * -1 the node was replaced: restart from the root. Inside a read-side section. */
static inline __attribute__((always_inline)) int search_node(Target t, int64_t key,
                                                             uint64_t *payload)
{
    const AlexSlot *sl = (const AlexSlot *)(t.node + 1);
    /* The version and slot p (key and payload) are independent loads: they go to
     * memory together. */
    uint64_t v = alex_load_version(t.node);
    __builtin_prefetch(&sl[t.p]);
    for (;;) {
        if (__builtin_expect(v & (ALEX_V_LOCK | ALEX_V_OBSOLETE), 0)) {
            if (v & ALEX_V_OBSOLETE) return -1;
            __builtin_ia32_pause();
            v = alex_load_version(t.node);
            continue;
        }
        int32_t s = search_near(sl, t.cap, t.p, key);
        int found = s >= 0 && sl[s].key == key;
        /* INT64_MIN / INT64_MAX also fill leading / trailing gaps. */
        if (__builtin_expect(found && (key == INT64_MAX || key == INT64_MIN), 0))
            s = alex_data_slot_of(t.node, sl, s, key), found = s >= 0;
        uint64_t pv = found ? sl[s].payload : 0;
        if (__builtin_expect(alex_version_unchanged(t.node, v), 1)) {
            if (found) *payload = pv;
            return found;
        }
        v = alex_load_version(t.node);
    }
}

/* The general lookup: any tree shape, any key, retries on concurrent change. */
static __attribute__((noinline, cold)) IndexStatus lookup_slow(AlexTree *tree, int64_t key,
                                                               uint64_t *payload)
{
    double x = alex_key_x(tree, key);
    int r;
    index_epoch_enter();
    do r = search_node(descend(tree, x), key, payload);
    while (__builtin_expect(r < 0, 0));
    index_epoch_leave();
    return r ? INDEX_OK : INDEX_NOT_FOUND;
}

/* How many slots right of the predicted one the fast path looks at: the predicted
 * slot and the WINDOW - 1 after it, found with three loads (a branch-free binary
 * search over 7 keys). At 10M uniform keys 97% of keys lie in this window. */
#define WINDOW 7
_Static_assert(ALEX_MIN_CAPACITY >= WINDOW + 1, "the window fits in every data node");

/* b becomes b + n if b[n].key <= key, without a branch (n a constant). On x86-64 a
 * lea, a compare with the key in memory and a cmov: the lea runs beside the
 * compare's load, so a step adds the load, the compare and the cmov to the chain
 * that waits on the node's line. Compilers turn the C form into a branch, which
 * mispredicts half the time, or a setcc-shift-add sequence, two cycles longer per
 * step; measured with alex_focus, the three steps as cmovs took the lookup from
 * ~65 to ~59 ns. */
#if defined(__x86_64__)
#define STEP_IF_LE(b, n, key)                                                                      \
    do {                                                                                           \
        const AlexSlot *nb_;                                                                       \
        __asm__("leaq %c[off](%[bp]), %[nbp]\n\t"                                                  \
                "cmpq %[k], %c[off](%[bp])\n\t"                                                    \
                "cmovle %[nbp], %[bp]"                                                             \
                : [bp] "+r"(b), [nbp] "=&r"(nb_)                                                   \
                : [off] "i"((n) * (int64_t)sizeof(AlexSlot)), [k] "r"(key), "m"((b)[n].key)        \
                : "cc");                                                                           \
    } while (0)
#else
#define STEP_IF_LE(b, n, key) ((b) += (size_t)((b)[n].key <= (key)) * (n))
#endif

/* The last slot <= key among w[0..6], searched as w[-1..6] with w[-1] standing
 * for "no key <= key here": three compare-and-cmov steps reading w[3], then w[1]
 * or w[5], then one more. Returns w - 1 when no key in the window is <= key. */
static inline __attribute__((always_inline)) const AlexSlot *window_find(const AlexSlot *w,
                                                                         int64_t key)
{
    const AlexSlot *b = w - 1;
    STEP_IF_LE(b, 4, key);
    STEP_IF_LE(b, 2, key);
    STEP_IF_LE(b, 1, key);
    return b;
}

/* Outside a read-side section: open one around the lookup. */
static __attribute__((noinline)) IndexStatus lookup_in_section(AlexTree *tree, int64_t key,
                                                               uint64_t *payload)
{
    index_epoch_enter();
    IndexStatus st = alex_lookup(tree, key, payload);
    index_epoch_leave();
    return st;
}

/* The fast path is written for a loop of independent lookups at a DRAM miss each:
 * the CPU overlaps consecutive lookups only as far as its out-of-order window holds
 * them, and each lookup holds its place in the window until the work that waits on
 * its miss is done. So the path is short, runs inside the caller's read-side
 * section without touching it, calls nothing but in tail position, and keeps the
 * chain after the miss short: prefetches of every line the window may touch (keys
 * and payloads share them), issued together with the version load; three compare
 * and cmov steps; one load of the slot found; then two well-predicted branches to
 * the general path, one on the window (it waits only on the steps) and one on the
 * version (it waits on the header line). Found / absent is computed without a
 * branch. The payload is stored without reading the caller's old value: a read
 * would chain consecutive lookups into one variable through memory. Measured
 * (alex_focus, alternated): every further load after the miss costs, even into a
 * line already requested (loading both candidates of the last step to drop the
 * final load: +8 ns); so does each instruction on the chain. See docs/index.md
 * "The lookup path". */
IndexStatus alex_lookup(AlexTree *tree, int64_t key, uint64_t *payload)
{
    if (__builtin_expect(!index_epoch_inside(), 0)) return lookup_in_section(tree, key, payload);
    /* INT64_MIN also fills leading gaps: general path. (INT64_MAX, which fills
     * trailing gaps, gets there by the window test below: every key is <= it.) */
    if (__builtin_expect(key == INT64_MIN, 0)) return lookup_slow(tree, key, payload);
    double x = alex_key_x(tree, key);
    AlexNode *node = alex_load_ptr(&tree->root);
    const AlexData *d;
    int32_t cap;
    double y;
    for (;;) {
        if (__builtin_expect(node->type != ALEX_NODE_INNER, 0))
            return lookup_slow(tree, key, payload);
        const AlexInner *in = (const AlexInner *)node;
        uint32_t s = alex_inner_slot(in, x);
        const AlexHint *h = &in->hints[s];
        uint32_t seq = __atomic_load_n(&h->seq, __ATOMIC_ACQUIRE);
        d = __atomic_load_n(&h->node, __ATOMIC_RELAXED);
        cap = __atomic_load_n(&h->capacity, __ATOMIC_RELAXED);
        y = h->model.a * x + h->model.b;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        /* an odd seq (hint being written, or an inner child) never equals seq & ~1:
         * one compare checks both */
        if (__builtin_expect(__atomic_load_n(&h->seq, __ATOMIC_RELAXED) == (seq & ~1u), 1)) break;
        node = alex_load_ptr(&in->children[s]); /* an inner child, or a hint being rewritten */
    }
    /* Window start t in [0, cap - WINDOW - 1], clamped as an integer: any start in
     * range is correct (a key outside the window takes the general path), and NaN or
     * a y beyond int64 converts to INT64_MIN, which clamps to 0. */
    int64_t t = (int64_t)y;
    int64_t hi = cap - WINDOW - 1;
    t = t > 0 ? t : 0;
    t = t < hi ? t : hi;
    const AlexSlot *sl = (const AlexSlot *)(d + 1);
    const AlexSlot *w = sl + t;
    uint64_t v = alex_load_version(d);
    /* The window's 7 slots (112 bytes) lie in at most three lines: those of slots
     * t, t + 4 and t + 6. */
    __builtin_prefetch(w);
    __builtin_prefetch(w + 4);
    __builtin_prefetch(w + WINDOW - 1);
    /* b == w - 1 (no key in the window is <= key) reads the slot before the
     * window, or the header's last 16 bytes when t == 0: inside the allocation,
     * and the result is then discarded by the window test below. */
    const AlexSlot *b = window_find(w, key);
    int64_t k_s = b->key;
    uint64_t pv = b->payload;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    uint64_t v2 = __atomic_load_n(&d->version, __ATOMIC_RELAXED);
    /* b in w[0..5]: the key cannot lie right of the window (w[6] > key) nor left of
     * it (w[0] <= key); as bytes, b - w in [0, 80]. A branch of its own: folded
     * into the version test below it waited on the header line too (~2 ns). */
    if (__builtin_expect((uintptr_t)b - (uintptr_t)w > (WINDOW - 2) * sizeof(AlexSlot), 0))
        return lookup_slow(tree, key, payload);
    /* Zero exactly when v had neither bit set and v2 == v (a set bit of v stays in
     * the xor whatever v2 is, as a writer's end always moves the counter). */
    if (__builtin_expect((v2 ^ (v & ~(ALEX_V_LOCK | ALEX_V_OBSOLETE))) != 0, 0))
        return lookup_slow(tree, key, payload);
    /* Stored whether found or not (*payload is unspecified unless INDEX_OK): no
     * load of the old value, no select. */
    *payload = pv;
    _Static_assert(INDEX_OK == 0 && INDEX_NOT_FOUND == 1, "status is the compare's result");
    return (IndexStatus)(k_s != key);
}

/* One lookup of a group, after stage 1 of alex_lookup_many: the window search of
 * alex_lookup from the descent's prediction. Returns 1 found (*payload set), 0
 * absent, -1 when the key lies outside the window, is INT64_MIN, or the node
 * changed: the caller takes the general search. */
static inline __attribute__((always_inline)) int window_lookup(Target tg, int64_t key,
                                                               uint64_t *payload)
{
    int32_t last = tg.cap - WINDOW - 1;
    const AlexSlot *w = (const AlexSlot *)(tg.node + 1) + (tg.p < last ? tg.p : last);
    uint64_t v = alex_load_version(tg.node);
    const AlexSlot *b = window_find(w, key); /* as in alex_lookup */
    int64_t k_s = b->key;
    uint64_t pv = b->payload;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    uint64_t v2 = __atomic_load_n(&tg.node->version, __ATOMIC_RELAXED);
    if ((uintptr_t)b - (uintptr_t)w > (WINDOW - 2) * sizeof(AlexSlot) || key == INT64_MIN ||
        (v2 ^ (v & ~(ALEX_V_LOCK | ALEX_V_OBSOLETE))) != 0)
        return -1;
    if (k_s != key) return 0;
    *payload = pv;
    return 1;
}

void alex_lookup_many(AlexTree *tree, const int64_t *keys, size_t n, uint64_t *payloads,
                      IndexStatus *status)
{
    enum { GROUP = 16 };
    index_epoch_enter();
    for (size_t base = 0; base < n; base += GROUP) {
        size_t m = n - base < GROUP ? n - base : GROUP;
        Target t[GROUP];
        /* Stage 1: descend all keys of the group and start loading their nodes'
         * versions and the lines of their windows, so the group's cache misses
         * overlap. */
        for (size_t i = 0; i < m; i++) {
            t[i] = descend(tree, alex_key_x(tree, keys[base + i]));
            int32_t last = t[i].cap - WINDOW - 1;
            const AlexSlot *w = (const AlexSlot *)(t[i].node + 1) + (t[i].p < last ? t[i].p : last);
            __builtin_prefetch(t[i].node);
            __builtin_prefetch(w);
            __builtin_prefetch(w + 4);
            __builtin_prefetch(w + WINDOW - 1);
        }
        /* Stage 2: finish each lookup in its window, else by the general search;
         * a replaced node means a fresh descent. */
        for (size_t i = 0; i < m; i++) {
            int64_t k = keys[base + i];
            int r = window_lookup(t[i], k, &payloads[base + i]);
            if (r < 0) r = search_node(t[i], k, &payloads[base + i]);
            while (r < 0)
                r = search_node(descend(tree, alex_key_x(tree, k)), k, &payloads[base + i]);
            status[base + i] = r ? INDEX_OK : INDEX_NOT_FOUND;
        }
    }
    index_epoch_leave();
}
