/*
 * alex_cost.c — linear model fitting and the ALEX cost model.
 *
 * The cost of a data node per operation is W_SEARCH times the expected number of
 * exponential-search iterations (log2 of the distance between the predicted and
 * the actual slot, plus one) plus W_SHIFT times the expected number of shifts per
 * insert (an insert into a run of L occupied slots moves about L/4 elements to reach
 * the nearer gap, and a key lands in a given run with probability L/n). The writer
 * counts the real iterations and shifts of its inserts; when a node fills up, the two
 * are compared (alex_smo.c) to decide between expanding and splitting.
 */
#include <math.h>

#include "index/alex/alex_int.h"

AlexModel alex_cost_fit(const AlexTree *tree, const int64_t *keys, int32_t n, int32_t slots)
{
    AlexModel m = {0.0, slots * 0.5};
    if (n <= 0) return m;
    if (n == 1) return m;
    /* Infinite keys (double index) are left out of the fit; they clamp. */
    double mean_x = 0, mean_y = 0, cnt = 0;
    for (int32_t i = 0; i < n; i++) {
        double x = alex_key_x(tree, keys[i]);
        if (isinf(x)) continue;
        mean_x += x;
        mean_y += i;
        cnt++;
    }
    if (cnt < 2) return m;
    mean_x /= cnt;
    mean_y /= cnt;
    double sxx = 0, sxy = 0;
    for (int32_t i = 0; i < n; i++) {
        double x = alex_key_x(tree, keys[i]);
        if (isinf(x)) continue;
        double dx = x - mean_x;
        sxx += dx * dx;
        sxy += dx * (i - mean_y);
    }
    double scale = (double)slots / n;
    if (!(sxx > 0) || !isfinite(sxx) || !isfinite(sxy)) return m;
    double a0 = sxy / sxx;
    m.a = a0 * scale;
    m.b = (mean_y - a0 * mean_x) * scale;
    if (!isfinite(m.a) || !isfinite(m.b)) {
        m.a = 0.0;
        m.b = slots * 0.5;
    }
    return m;
}

double alex_cost_expected(const AlexTree *tree, const int64_t *keys, int32_t n, int32_t capacity,
                          const AlexModel *m)
{
    if (n <= 0) return 0.0;
    double iters = 0, shifts = 0;
    int32_t last = -1, run = 0;
    for (int32_t i = 0; i < n; i++) {
        double y = m->a * alex_key_x(tree, keys[i]) + m->b;
        int32_t p = (int32_t)alex_clamp_slot(y, capacity);
        int32_t pos = p <= last ? last + 1 : p;
        if (pos > capacity - (n - i)) pos = capacity - (n - i);
        iters += alex_cost_log2_err(pos - p);
        if (pos == last + 1) {
            run++;
        } else {
            shifts += (double)run * run;
            run = 1;
        }
        last = pos;
    }
    shifts += (double)run * run;
    return ALEX_W_SEARCH * iters / n + ALEX_W_SHIFT * shifts / (4.0 * n);
}

double alex_cost_empirical(const AlexData *d)
{
    if (d->n_inserts == 0) return d->expected_cost;
    return ALEX_W_SEARCH * (double)d->n_search_iters / (double)d->n_inserts +
           ALEX_W_SHIFT * (double)d->n_shifts / (double)d->n_inserts;
}
