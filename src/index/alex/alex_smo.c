/*
 * alex_smo.c — structure modifications: expand, contract, split sideways, split
 * downwards, double a parent, and grow the root's key domain.
 *
 * Decision (alex_smo_resize, called when a data node is full, appended past its end,
 * or its counters show costs far above what its model promised):
 *   - a node whose inserts land past its last key (appends) or before its first
 *     key (prepends) with no room there expands on that side, keeping its model's
 *     spacing, so later appends or prepends land in free slots;
 *   - if the node's empirical cost is within ALEX_COST_DEVIATION of the expected cost
 *     of its model (and it is below ALEX_MAX_DATA_KEYS), it expands and retrains;
 *   - otherwise the expected cost of a retrained, expanded node is compared with the
 *     expected cost of two halves (plus one traversal level if the split must go
 *     downwards) and the cheaper one wins.
 * A sideways split needs the node to own at least two slots of its parent; when it
 * owns one, the parent doubles its fanout (a copy with a scaled model) if it may,
 * else the node splits downwards into a new inner node built as in a bulk load.
 *
 * Publication order for readers: build new nodes completely, link their outer
 * neighbour pointers, store them into the parent (release), fix the neighbours'
 * pointers under their seqlocks, then mark the old node obsolete and retire it.
 */
#include <math.h>
#include <stdlib.h>

#include "index/alex/alex_int.h"

static void retire_data(AlexTree *tree, AlexData *d)
{
    alex_write_begin(d);
    d->version |= ALEX_V_OBSOLETE;
    alex_write_end(d);
    tree->bytes -= d->alloc_bytes;
    tree->stats.n_data_nodes--;
    index_retire_list_add(&tree->retire, d, d->alloc_bytes);
}

static void retire_inner(AlexTree *tree, AlexInner *in)
{
    tree->bytes -= in->alloc_bytes;
    tree->stats.n_inner_nodes--;
    index_retire_list_add(&tree->retire, in, in->alloc_bytes);
}

/* The aligned slot run [*lo, *hi) of parent that points to child (found around s). */
static void child_range(AlexInner *p, uint32_t s, AlexNode *child, uint32_t *lo, uint32_t *hi)
{
    uint32_t a = s, b = s + 1;
    while (a > 0 && p->children[a - 1] == child) a--;
    while (b < p->fanout && p->children[b] == child) b++;
    *lo = a;
    *hi = b;
}

/* Unit model (x -> [0,1)) of the x-range owned by slots [lo, hi) of p. */
static AlexModel range_unit(const AlexInner *p, uint32_t lo, uint32_t hi)
{
    AlexModel m;
    double span = (double)(hi - lo);
    m.a = p->model.a / span;
    m.b = (p->model.b - (double)((int64_t)lo - p->off)) / span;
    return m;
}

static AlexNode *leftmost_leaf(AlexNode *n)
{
    while (n->type == ALEX_NODE_INNER) n = ((AlexInner *)n)->children[0];
    return n;
}

static AlexNode *rightmost_leaf(AlexNode *n)
{
    while (n->type == ALEX_NODE_INNER) {
        AlexInner *in = (AlexInner *)n;
        n = in->children[in->fanout - 1];
    }
    return n;
}

/* Swaps in the new leaves [first..last] (already linked among themselves) for d. */
static void link_neighbours(AlexData *d, AlexData *first, AlexData *last)
{
    first->prev = d->prev;
    last->next = d->next;
}

static void fix_neighbours(AlexData *d, AlexData *first, AlexData *last)
{
    if (d->prev != NULL) {
        alex_write_begin(d->prev);
        d->prev->next = first;
        alex_write_end(d->prev);
    }
    if (d->next != NULL) {
        alex_write_begin(d->next);
        d->next->prev = last;
        alex_write_end(d->next);
    }
}

/* Replaces d (all of its slots in the parent) by one node. */
static void replace_whole(AlexTree *tree, AlexPath *path, AlexData *d, AlexNode *node,
                          AlexData *first, AlexData *last)
{
    link_neighbours(d, first, last);
    if (path->depth == 0) {
        alex_store_ptr(&tree->root, node);
    } else {
        AlexInner *p = path->inner[path->depth - 1];
        uint32_t lo, hi;
        child_range(p, path->slot[path->depth - 1], (AlexNode *)d, &lo, &hi);
        for (uint32_t j = lo; j < hi; j++) alex_inner_set_child(p, j, node);
    }
    fix_neighbours(d, first, last);
    retire_data(tree, d);
}

static bool domain_hint(AlexPath *path, AlexData *d, AlexModel *unit)
{
    if (path->depth == 0) return false;
    AlexInner *p = path->inner[path->depth - 1];
    uint32_t lo, hi;
    child_range(p, path->slot[path->depth - 1], (AlexNode *)d, &lo, &hi);
    *unit = range_unit(p, lo, hi);
    return true;
}

static IndexStatus rebuild_data(AlexTree *tree, AlexPath *path, AlexData *d, const int64_t *keys,
                                const uint64_t *pay, int32_t n, int32_t cap, int32_t model_slots,
                                int32_t model_offset, uint32_t drift_rebuilds)
{
    AlexModel unit, hint;
    const AlexModel *hp = NULL;
    if (domain_hint(path, d, &unit)) {
        hint.a = unit.a * model_slots;
        hint.b = unit.b * model_slots;
        hp = &hint;
    }
    AlexData *nd = alex_data_build(tree, keys, pay, n, cap, model_slots, model_offset, hp);
    if (nd == NULL) return INDEX_NO_MEMORY;
    nd->drift_rebuilds = drift_rebuilds;
    replace_whole(tree, path, d, (AlexNode *)nd, nd, nd);
    return INDEX_OK;
}

/* Parent p (at path depth-1) gets twice the fanout; the path is updated. */
static IndexStatus double_parent(AlexTree *tree, AlexPath *path)
{
    int level = path->depth - 1;
    AlexInner *p = path->inner[level];
    AlexInner *np = alex_inner_alloc(tree, p->fanout * 2);
    if (np == NULL) return INDEX_NO_MEMORY;
    np->model.a = p->model.a * 2;
    np->model.b = p->model.b * 2;
    alex_inner_set_off(np, p->off * 2);
    for (uint32_t j = 0; j < p->fanout; j++) {
        alex_inner_set_child(np, 2 * j, p->children[j]);
        alex_inner_set_child(np, 2 * j + 1, p->children[j]);
    }
    if (level == 0) {
        alex_store_ptr(&tree->root, (AlexNode *)np);
    } else {
        AlexInner *gp = path->inner[level - 1];
        uint32_t lo, hi;
        child_range(gp, path->slot[level - 1], (AlexNode *)p, &lo, &hi);
        for (uint32_t j = lo; j < hi; j++) alex_inner_set_child(gp, j, (AlexNode *)np);
    }
    retire_inner(tree, p);
    path->inner[level] = np;
    path->slot[level] *= 2;
    tree->stats.n_parent_double++;
    return INDEX_OK;
}

/* First index in [a, b) whose key routes to a slot >= mid of p (keys ascending). */
static int32_t route_cut(const AlexTree *tree, const AlexInner *p, const int64_t *keys, int32_t a,
                         int32_t b, uint32_t mid)
{
    while (a < b) {
        int32_t m = a + (b - a) / 2;
        if (alex_inner_slot(p, alex_key_x(tree, keys[m])) < mid)
            a = m + 1;
        else
            b = m;
    }
    return a;
}

typedef struct SplitPiece {
    uint32_t lo, hi;  /* slot run in the parent */
    int32_t from, to; /* keys[from, to) */
    AlexData *node;
} SplitPiece;

#define ALEX_MAX_PIECES 72

/* Splits d sideways along its parent's slots. The run is halved; while one half
 * would get no key it becomes an empty node and the other half is halved again, so
 * keys crowded into one corner of the run (appends, prepends) are separated in one
 * step instead of one copy per halving. Ends with two non-empty halves, or with all
 * keys in a single slot (the caller's next step is then to double the parent or
 * split downwards). */
static IndexStatus split_sideways(AlexTree *tree, AlexPath *path, AlexData *d, const int64_t *keys,
                                  const uint64_t *pay, int32_t n)
{
    AlexInner *p = path->inner[path->depth - 1];
    uint32_t lo, hi;
    child_range(p, path->slot[path->depth - 1], (AlexNode *)d, &lo, &hi);
    SplitPiece left[ALEX_MAX_PIECES], right[ALEX_MAX_PIECES];
    int n_left = 0, n_right = 0;
    int32_t a = 0, b = n;
    while (hi - lo >= 2) {
        uint32_t mid = lo + (hi - lo) / 2;
        int32_t cut = route_cut(tree, p, keys, a, b, mid);
        if (cut == a) {
            left[n_left++] = (SplitPiece){lo, mid, a, a, NULL};
            lo = mid;
        } else if (cut == b) {
            right[n_right++] = (SplitPiece){mid, hi, b, b, NULL};
            hi = mid;
        } else {
            left[n_left++] = (SplitPiece){lo, mid, a, cut, NULL};
            right[n_right++] = (SplitPiece){mid, hi, cut, b, NULL};
            lo = hi;
            break;
        }
    }
    if (lo < hi) left[n_left++] = (SplitPiece){lo, hi, a, b, NULL};
    SplitPiece pieces[2 * ALEX_MAX_PIECES] = {{0}};
    int n_pieces = 0;
    for (int i = 0; i < n_left; i++) pieces[n_pieces++] = left[i];
    for (int i = n_right - 1; i >= 0; i--) pieces[n_pieces++] = right[i];
    for (int i = 0; i < n_pieces; i++) {
        SplitPiece *pc = &pieces[i];
        int32_t m = pc->to - pc->from;
        int32_t cap = (int32_t)(m / ALEX_DENSITY_INIT) + 1;
        if (cap < ALEX_MIN_CAPACITY) cap = ALEX_MIN_CAPACITY;
        AlexModel u = range_unit(p, pc->lo, pc->hi);
        AlexModel h = {u.a * cap, u.b * cap};
        pc->node = alex_data_build(tree, keys + pc->from, pay + pc->from, m, cap, cap, 0, &h);
        if (pc->node == NULL) {
            for (int j = 0; j < i; j++) alex_data_free(tree, pieces[j].node);
            return INDEX_NO_MEMORY;
        }
        if (i > 0) {
            pieces[i - 1].node->next = pc->node;
            pc->node->prev = pieces[i - 1].node;
        }
    }
    AlexData *first = pieces[0].node, *last = pieces[n_pieces - 1].node;
    link_neighbours(d, first, last);
    for (int i = 0; i < n_pieces; i++)
        for (uint32_t j = pieces[i].lo; j < pieces[i].hi; j++)
            alex_inner_set_child(p, j, (AlexNode *)pieces[i].node);
    fix_neighbours(d, first, last);
    retire_data(tree, d);
    tree->stats.n_split_sideways++;
    return INDEX_OK;
}

/* Whether doubling parent p would put d's keys (keys[0..n)) into two slots. */
static bool doubling_separates(const AlexTree *tree, const AlexInner *p, const int64_t *keys,
                               int32_t n)
{
    if (n < 2) return false;
    AlexInner probe = {.type = ALEX_NODE_INNER, .fanout = p->fanout * 2};
    alex_inner_set_off(&probe, p->off * 2);
    probe.model.a = p->model.a * 2;
    probe.model.b = p->model.b * 2;
    return alex_inner_slot(&probe, alex_key_x(tree, keys[0])) !=
           alex_inner_slot(&probe, alex_key_x(tree, keys[n - 1]));
}

static IndexStatus split_down(AlexTree *tree, AlexPath *path, AlexData *d, const int64_t *keys,
                              const uint64_t *pay, int32_t n, double grow_x)
{
    AlexModel unit;
    bool has_unit = domain_hint(path, d, &unit);
    AlexData *last = NULL;
    /* A key clamped past the parent's own range means the parent's range is already
     * used up in that direction: the new level reaches twice the parent's width
     * beyond, so keys arriving in one direction add levels geometrically rarely (as
     * root expansion does), not once per full node. */
    double grow_min = 0;
    if (path->depth > 0 && !isnan(grow_x)) {
        const AlexInner *p = path->inner[path->depth - 1];
        double y = p->model.a * grow_x + p->model.b + (double)p->off;
        if (p->model.a > 0 && (y >= (double)p->fanout || y < 0))
            grow_min = 2.0 * p->fanout / p->model.a;
    }
    AlexNode *sub = alex_build_subtree(tree, keys, pay, (size_t)n, true, has_unit ? &unit : NULL,
                                       &last, path->depth, grow_x, grow_min);
    if (sub == NULL) return INDEX_NO_MEMORY;
    AlexData *first = (AlexData *)leftmost_leaf(sub);
    replace_whole(tree, path, d, sub, first, last);
    tree->stats.n_split_down++;
    return INDEX_OK;
}

IndexStatus alex_smo_resize(AlexTree *tree, AlexPath *path, AlexData *d, int edge, double x_new)
{
    int32_t n = d->num_keys;
    int64_t *keys = malloc(((size_t)n + 1) * sizeof *keys);
    uint64_t *pay = malloc(((size_t)n + 1) * sizeof *pay);
    IndexStatus st = INDEX_NO_MEMORY;
    if (keys == NULL || pay == NULL) goto out;
    n = alex_data_extract(d, keys, pay);
    tree->stats.n_smo_keys += (uint64_t)n;
    /* Near the depth limit a node only grows: another level could not be added. */
    bool big = n >= ALEX_MAX_DATA_KEYS && path->depth < ALEX_MAX_DEPTH - 4;

    if (edge != 0 && !big) {
        /* Keep the keys at the model's spacing and leave room on the side the
         * inserts arrive from. */
        int32_t model_slots = (int32_t)(n / ALEX_DENSITY_INIT) + 1;
        int32_t room = ALEX_APPEND_ROOM * n + ALEX_MIN_CAPACITY;
        st = rebuild_data(tree, path, d, keys, pay, n, model_slots + room, model_slots,
                          edge < 0 ? room : 0, 0);
        if (st == INDEX_OK) tree->stats.n_expand++;
        goto out;
    }
    int32_t cap_e = (int32_t)(n / ALEX_DENSITY_MIN) + 2;
    double emp = alex_cost_empirical(d);
    bool drifted =
        d->n_inserts >= 64 && emp > ALEX_COST_DEVIATION * d->expected_cost + ALEX_W_SEARCH;
    bool do_split = big;
    if (!big && n >= 2 * ALEX_MIN_CAPACITY &&
        (drifted || d->drift_rebuilds >= 1 || d->expected_cost > 2 * ALEX_W_SEARCH)) {
        AlexModel me = alex_cost_fit(tree, keys, n, cap_e);
        double cost_e = alex_cost_expected(tree, keys, n, cap_e, &me);
        int32_t cut = n / 2;
        int32_t cl = (int32_t)(cut / ALEX_DENSITY_INIT) + 1;
        int32_t cr = (int32_t)((n - cut) / ALEX_DENSITY_INIT) + 1;
        AlexModel ml = alex_cost_fit(tree, keys, cut, cl);
        AlexModel mr = alex_cost_fit(tree, keys + cut, n - cut, cr);
        double cost_s = (cut * alex_cost_expected(tree, keys, cut, cl, &ml) +
                         (n - cut) * alex_cost_expected(tree, keys + cut, n - cut, cr, &mr)) /
                        n;
        bool sideways_possible = path->depth > 0;
        if (!sideways_possible) cost_s += ALEX_W_TRAVERSE;
        /* A model that drifted again right after a retrain cannot follow this key
         * range: split instead of expanding once more. */
        do_split = cost_s < cost_e || d->drift_rebuilds >= 1;
    }
    if (!do_split) {
        st = rebuild_data(tree, path, d, keys, pay, n, cap_e, cap_e, 0,
                          drifted ? d->drift_rebuilds + 1 : 0);
        if (st == INDEX_OK) tree->stats.n_expand++;
        goto out;
    }
    if (path->depth > 0) {
        AlexInner *p = path->inner[path->depth - 1];
        uint32_t lo, hi;
        child_range(p, path->slot[path->depth - 1], (AlexNode *)d, &lo, &hi);
        if (hi - lo < 2 && p->fanout * 2 <= ALEX_MAX_FANOUT &&
            (p->fanout * 2 <= 4096 || path->depth == 1) && doubling_separates(tree, p, keys, n)) {
            st = double_parent(tree, path);
            if (st != INDEX_OK) goto out;
            hi = lo + 2;
        }
        if (hi - lo >= 2) {
            st = split_sideways(tree, path, d, keys, pay, n);
            goto out;
        }
    }
    st = split_down(tree, path, d, keys, pay, n, x_new);
out:
    free(keys);
    free(pay);
    return st;
}

IndexStatus alex_smo_contract(AlexTree *tree, AlexPath *path, AlexData *d)
{
    int32_t n = d->num_keys;
    int64_t *keys = malloc(((size_t)n + 1) * sizeof *keys);
    uint64_t *pay = malloc(((size_t)n + 1) * sizeof *pay);
    IndexStatus st = INDEX_NO_MEMORY;
    if (keys != NULL && pay != NULL) {
        n = alex_data_extract(d, keys, pay);
        int32_t cap = (int32_t)(n / ALEX_DENSITY_INIT) + 1;
        st = rebuild_data(tree, path, d, keys, pay, n, cap, cap, 0, 0);
        if (st == INDEX_OK) tree->stats.n_contract++;
    }
    free(keys);
    free(pay);
    return st;
}

/* floor(a*x+b) + off as a double (no clamping; far-out values stay far out). */
static double rel_slot(const AlexInner *r, double x)
{
    double y = r->model.a * x + r->model.b;
    if (!(y > -1e18 && y < 1e18)) return y; /* also NaN: neither branch expands */
    return (double)(alex_floor(y) + r->off);
}

IndexStatus alex_smo_maybe_expand_root(AlexTree *tree, double x)
{
    AlexNode *rn = tree->root;
    if (rn->type != ALEX_NODE_INNER || !tree->has_keys_range) return INDEX_OK;
    AlexInner *r = (AlexInner *)rn;
    if (!(r->model.a > 0)) return INDEX_OK;
    double F = r->fanout;
    double y = rel_slot(r, x);
    bool right;
    if (y >= F && y < 2 * F && rel_slot(r, alex_key_x(tree, tree->max_key)) < F)
        right = true;
    else if (y < 0 && y >= -F && rel_slot(r, alex_key_x(tree, tree->min_key)) >= 0)
        right = false;
    else
        return INDEX_OK;
    bool in_place = r->fanout * 2 <= ALEX_MAX_FANOUT;
    if (!in_place && r->off != 0) return INDEX_OK;

    /* The new empty data node owns slots [F, 2F) (right) or [-F, 0) (left) of r. */
    double s_lo = right ? F : -F;
    double x_lo = (s_lo - (double)r->off - r->model.b) / r->model.a;
    double x_hi = (s_lo + F - (double)r->off - r->model.b) / r->model.a;
    AlexData *e = alex_data_alloc(tree, 4 * ALEX_MIN_CAPACITY);
    if (e == NULL) return INDEX_NO_MEMORY;
    e->model = alex_model_for_range(x_lo, x_hi, e->capacity);
    AlexInner *nr = alex_inner_alloc(tree, in_place ? r->fanout * 2 : 2);
    if (nr == NULL) {
        alex_data_free(tree, e);
        return INDEX_NO_MEMORY;
    }
    if (in_place) {
        nr->model = r->model;
        alex_inner_set_off(nr, right ? r->off : r->off + (int64_t)r->fanout);
        uint32_t base = right ? 0 : r->fanout, ebase = right ? r->fanout : 0;
        for (uint32_t j = 0; j < r->fanout; j++) {
            alex_inner_set_child(nr, base + j, r->children[j]);
            alex_inner_set_child(nr, ebase + j, (AlexNode *)e);
        }
    } else {
        nr->model.a = r->model.a / F;
        nr->model.b = r->model.b / F;
        alex_inner_set_off(nr, right ? 0 : 1);
        alex_inner_set_child(nr, right ? 0 : 1, rn);
        alex_inner_set_child(nr, right ? 1 : 0, (AlexNode *)e);
    }
    AlexData *edge = (AlexData *)(right ? rightmost_leaf(rn) : leftmost_leaf(rn));
    if (right)
        e->prev = edge;
    else
        e->next = edge;
    alex_store_ptr(&tree->root, (AlexNode *)nr);
    alex_write_begin(edge);
    if (right)
        edge->next = e;
    else
        edge->prev = e;
    alex_write_end(edge);
    if (in_place) retire_inner(tree, r);
    tree->stats.n_root_expand++;
    return INDEX_OK;
}
