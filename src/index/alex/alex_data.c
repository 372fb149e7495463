/*
 * alex_data.c — the ALEX data node: a gapped array searched from a model prediction.
 *
 * Layout (one block, from alex_mem.h): AlexData header | AlexSlot slots[cap] (16 bytes each:
 * int64 key, uint64 payload) | uint64 bitmap[ceil(cap/64)]. A key and its payload share a
 * cache line, so a lookup's hit costs one line, not two. Invariant: the slots' keys are
 * non-decreasing over all slots:
 * gaps before the first key hold INT64_MIN (leading gaps), gaps after the last key
 * INT64_MAX (trailing gaps; an empty node is all trailing gaps), and every other
 * gap repeats the key of the next occupied slot. Hence "last slot with key <= k" is
 * found by exponential search over the keys alone, and when it holds k it is occupied
 * unless k is INT64_MIN or INT64_MAX (then the bitmap decides).
 *
 * Inserts go to the model's predicted slot when it lies in the gap run where the key
 * belongs; otherwise the elements between the insert point and the nearest gap shift
 * by one towards that gap. All writes happen between alex_write_begin/end.
 */
#include <stdlib.h>
#include <string.h>

#include "index/alex/alex_int.h"

static size_t data_bytes(int32_t capacity)
{
    size_t words = ((size_t)capacity + 63) / 64;
    return sizeof(AlexData) + (size_t)capacity * 16 + words * 8;
}

static AlexData *data_alloc(AlexTree *tree, int32_t capacity, bool fill)
{
    if (capacity < ALEX_MIN_CAPACITY) capacity = ALEX_MIN_CAPACITY;
    size_t bytes = data_bytes(capacity);
    AlexData *d = alex_mem_alloc(&tree->mem, bytes, tree->bytes, &bytes);
    if (d == NULL) return NULL;
    memset(d, 0, sizeof *d);
    d->type = ALEX_NODE_DATA;
    d->capacity = capacity;
    d->max_keys = (int32_t)(capacity * ALEX_DENSITY_MAX);
    if (d->max_keys >= capacity) d->max_keys = capacity - 1;
    d->slots = (AlexSlot *)(d + 1);
    d->bitmap = (uint64_t *)(d->slots + capacity);
    if (fill)
        for (int32_t i = 0; i < capacity; i++) d->slots[i] = (AlexSlot){INT64_MAX, 0};
    memset(d->bitmap, 0, ((size_t)capacity + 63) / 64 * 8);
    d->alloc_bytes = bytes;
    tree->bytes += bytes;
    tree->stats.n_data_nodes++;
    return d;
}

AlexData *alex_data_alloc(AlexTree *tree, int32_t capacity)
{
    return data_alloc(tree, capacity, true);
}

void alex_data_free(AlexTree *tree, AlexData *d)
{
    tree->bytes -= d->alloc_bytes;
    tree->stats.n_data_nodes--;
    alex_mem_free(&tree->mem, d, d->alloc_bytes);
}

AlexData *alex_data_build(AlexTree *tree, const int64_t *keys, const uint64_t *payloads, int32_t n,
                          int32_t capacity, int32_t model_slots, int32_t model_offset,
                          const AlexModel *hint)
{
    if (capacity < n + 1) capacity = n + 1;
    /* gap keys are all written by the gap fill below; gap payloads are never read */
    AlexData *d = data_alloc(tree, capacity, false);
    if (d == NULL) return NULL;
    capacity = d->capacity;
    if (model_slots > capacity || model_slots <= 0) model_slots = capacity;
    if (n < 8 && hint != NULL) {
        /* Too few keys to fit: use the range the node owns, scaled to its slots. */
        d->model = *hint;
    } else {
        d->model = alex_cost_fit(tree, keys, n, model_slots);
    }
    d->model.b += model_offset;
    /* Model-based placement; the cost model's expectations (alex_cost.c) are
     * accumulated on the way: log2 of each key's distance from its prediction and the
     * squared lengths of runs of occupied slots. */
    int32_t last = -1, run = 0;
    double iters = 0, shifts = 0;
    for (int32_t i = 0; i < n; i++) {
        int32_t pred = alex_data_predict(d, alex_key_x(tree, keys[i]));
        int32_t p = pred <= last ? last + 1 : pred;
        if (p > capacity - (n - i)) p = capacity - (n - i);
        d->slots[p].key = keys[i];
        d->slots[p].payload = payloads[i];
        d->bitmap[p >> 6] |= 1ull << (p & 63);
        iters += alex_cost_log2_err(p - pred);
        if (p == last + 1) {
            run++;
        } else {
            shifts += (double)run * run;
            run = 1;
        }
        last = p;
    }
    shifts += (double)run * run;
    int64_t next_key = INT64_MAX;
    for (int32_t s = capacity - 1; s >= 0; s--) {
        if (alex_bit(d->bitmap, s))
            next_key = d->slots[s].key;
        else
            d->slots[s].key = next_key;
    }
    for (int32_t s = 0; n > 0 && s < capacity && !alex_bit(d->bitmap, s); s++)
        d->slots[s].key = INT64_MIN; /* leading gaps */
    d->num_keys = n;
    d->expected_cost = n > 0 ? ALEX_W_SEARCH * iters / n + ALEX_W_SHIFT * shifts / (4.0 * n) : 0.0;
    return d;
}

int32_t alex_data_prev_occupied(const AlexData *d, int32_t s)
{
    while (s >= 0) {
        uint64_t w = d->bitmap[s >> 6] & (~0ull >> (63 - (s & 63)));
        if (w != 0) return (s & ~63) + 63 - __builtin_clzll(w);
        s = (s & ~63) - 1;
    }
    return -1;
}

int32_t alex_data_next_occupied(const AlexData *d, int32_t s)
{
    int32_t cap = d->capacity;
    while (s < cap) {
        uint64_t w = d->bitmap[s >> 6] & (~0ull << (s & 63));
        if (w != 0) {
            int32_t r = (s & ~63) + __builtin_ctzll(w);
            return r < cap ? r : cap;
        }
        s = (s & ~63) + 64;
    }
    return cap;
}

/* Next occupied slot >= s, or limit if there is none below limit (limit <= cap). */
static int32_t next_occupied_until(const AlexData *d, int32_t s, int32_t limit)
{
    while (s < limit) {
        uint64_t w = d->bitmap[s >> 6] & (~0ull << (s & 63));
        if (w != 0) {
            int32_t r = (s & ~63) + __builtin_ctzll(w);
            return r < limit ? r : limit;
        }
        s = (s & ~63) + 64;
    }
    return limit;
}

static int32_t next_gap(const AlexData *d, int32_t s)
{
    int32_t cap = d->capacity;
    while (s < cap) {
        uint64_t w = ~d->bitmap[s >> 6] & (~0ull << (s & 63));
        if (w != 0) {
            int32_t r = (s & ~63) + __builtin_ctzll(w);
            return r < cap ? r : cap;
        }
        s = (s & ~63) + 64;
    }
    return cap;
}

static int32_t prev_gap(const AlexData *d, int32_t s)
{
    while (s >= 0) {
        uint64_t w = ~d->bitmap[s >> 6] & (~0ull >> (63 - (s & 63)));
        if (w != 0) return (s & ~63) + 63 - __builtin_clzll(w);
        s = (s & ~63) - 1;
    }
    return -1;
}

uint32_t alex_data_insert_at(AlexData *d, double x, int64_t k, uint64_t payload, int32_t le)
{
    AlexSlot *sl = d->slots;
    int32_t cap = d->capacity;
    /* le = last slot with key <= k; make it the last OCCUPIED slot with key < k (a
     * leading gap has nothing occupied before it). */
    if (le >= 0 && !alex_bit(d->bitmap, le))
        le = sl[le].key == INT64_MIN ? -1 : alex_data_prev_occupied(d, le);
    uint32_t shifts = 0;
    int32_t slot;
    alex_write_begin(d);
    if (le < 0 && !alex_bit(d->bitmap, 0)) {
        /* A new first key into the leading gap run (INT64_MIN gaps): take the
         * predicted slot if it is in the run, else the run's last slot. Only the gaps
         * between it and the old first key change value, so repeated prepends into
         * room left for them cost O(1) each. */
        int32_t p = alex_data_predict(d, x);
        int32_t first;
        if (sl[p].key == INT64_MIN || d->num_keys == 0) {
            first = next_occupied_until(d, p, cap);
            slot = p < first ? p : first - 1;
        } else {
            first = next_occupied_until(d, 0, cap);
            slot = first - 1;
        }
        int64_t after = first < cap ? sl[first].key : INT64_MAX;
        for (int32_t g = slot + 1; g < first; g++) sl[g].key = after;
        for (int32_t g = slot - 1; g >= 0 && sl[g].key != INT64_MIN; g--) sl[g].key = INT64_MIN;
    } else if (le + 1 < cap && !alex_bit(d->bitmap, le + 1)) {
        /* A gap run starts at le+1: put the key at its predicted slot if that lies in
         * the run (the scan for the run's end stops at the prediction). */
        int32_t p = alex_data_predict(d, x);
        if (p <= le + 1) {
            slot = le + 1;
        } else {
            int32_t nxt = next_occupied_until(d, le + 1, p + 1);
            slot = p < nxt ? p : nxt - 1;
        }
        for (int32_t g = slot - 1; g > le; g--) sl[g].key = k;
    } else {
        int32_t right = next_gap(d, le + 1);
        int32_t left = le >= 0 ? prev_gap(d, le) : -1;
        if (right < cap && (left < 0 || right - le - 1 <= le - left)) {
            /* Shift [le+1, right) one slot right. */
            int32_t cnt = right - (le + 1);
            memmove(&sl[le + 2], &sl[le + 1], (size_t)cnt * sizeof *sl);
            d->bitmap[right >> 6] |= 1ull << (right & 63);
            slot = le + 1;
            shifts = (uint32_t)cnt;
        } else {
            /* Shift (left, le] one slot left. */
            int32_t cnt = le - left;
            memmove(&sl[left], &sl[left + 1], (size_t)cnt * sizeof *sl);
            d->bitmap[left >> 6] |= 1ull << (left & 63);
            slot = le;
            shifts = (uint32_t)cnt;
        }
    }
    sl[slot] = (AlexSlot){k, payload};
    d->bitmap[slot >> 6] |= 1ull << (slot & 63);
    d->num_keys++;
    alex_write_end(d);
    return shifts;
}

void alex_data_erase_slot(AlexData *d, int32_t s)
{
    int64_t old = d->slots[s].key;
    int64_t repl = s + 1 < d->capacity ? d->slots[s + 1].key : INT64_MAX;
    bool was_first = s == 0 || alex_data_prev_occupied(d, s - 1) < 0;
    alex_write_begin(d);
    d->bitmap[s >> 6] &= ~(1ull << (s & 63));
    if (was_first) {
        /* The gaps up to the new first key become leading gaps (INT64_MIN); an
         * emptied node goes back to all trailing gaps (INT64_MAX). */
        int32_t first = alex_data_next_occupied(d, s + 1);
        if (first >= d->capacity) {
            for (int32_t g = 0; g < d->capacity; g++) d->slots[g].key = INT64_MAX;
        } else {
            for (int32_t g = s; g < first; g++) d->slots[g].key = INT64_MIN;
        }
    } else {
        for (int32_t g = s; g >= 0 && !alex_bit(d->bitmap, g) && d->slots[g].key == old; g--)
            d->slots[g].key = repl;
    }
    d->num_keys--;
    alex_write_end(d);
}

int32_t alex_data_extract(const AlexData *d, int64_t *keys, uint64_t *payloads)
{
    int32_t n = 0;
    for (int32_t s = alex_data_next_occupied(d, 0); s < d->capacity;
         s = alex_data_next_occupied(d, s + 1)) {
        keys[n] = d->slots[s].key;
        payloads[n] = d->slots[s].payload;
        n++;
    }
    return n;
}
