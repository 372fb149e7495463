/*
 * plan_grouping.c — GROUPING SETS, ROLLUP and CUBE in the aggregate plan.
 *
 * All grouping sets are computed by one PLAN_HASH_AGG in one pass over its
 * input (op_hash_agg.c): the group keys are evaluated once per chunk and
 * every set keeps its own hash table over its keys and its own aggregate
 * states. So ROLLUP over a big table reads the table once, and an empty set
 * `()` is one row even over no input, as in PostgreSQL.
 *
 * GROUPING(args) is a value per set, not per row: the planner computes it
 * here for every (call, set) pair — bit i, counted from the right, is set when
 * argument nargs-1-i is not a key of the set — and the aggregate outputs it as
 * a constant column beside its keys and aggregates (LAY_GROUPING), so
 * SELECT, HAVING, ORDER BY and window functions read it like a key.
 */
#include <string.h>

#include "plan/plan_int.h"

static bool set_has(const BoundGroupingSet *s, int g)
{
    for (int k = 0; k < s->nkeys; k++)
        if (s->keys[k] == g) return true;
    return false;
}

bool plan_grouping_key_in_all_sets(const BoundQuery *q, int g)
{
    for (int s = 0; s < q->ngsets; s++)
        if (!set_has(&q->gsets[s], g)) return false;
    return true;
}

void plan_grouping_add_key(Planner *p, BoundQuery *q, int g)
{
    for (int s = 0; s < q->ngsets; s++) {
        BoundGroupingSet *set = &q->gsets[s];
        int *keys = ARENA_NEW_ARRAY(p->arena, int, set->nkeys + 1);
        if (set->nkeys > 0) memcpy(keys, set->keys, sizeof(int) * (size_t)set->nkeys);
        keys[set->nkeys] = g; /* g is the largest index: the keys stay ascending */
        set->keys = keys;
        set->nkeys++;
    }
}

double plan_grouping_est_rows(const BoundQuery *q, double input_rows)
{
    double per_set = input_rows > 1000 ? input_rows / 10 : input_rows;
    if (q->ngsets == 0) return q->ngroup == 0 ? 1 : per_set;
    double est = 0;
    for (int s = 0; s < q->ngsets; s++) est += q->gsets[s].nkeys == 0 ? 1 : per_set;
    return est;
}

int plan_grouping_setup(Planner *p, const BoundQuery *q, PlanNode *agg, OmType *types, Layout *al,
                        int col0)
{
    agg->u.agg.nsets = q->ngsets;
    if (q->ngsets > 0) {
        AggGroupingSet *sets = ARENA_NEW_ARRAY(p->arena, AggGroupingSet, q->ngsets);
        for (int s = 0; s < q->ngsets; s++) {
            sets[s].nkeys = q->gsets[s].nkeys;
            sets[s].keys = q->gsets[s].keys;
        }
        agg->u.agg.sets = sets;
    }
    int ncalls = q->ngroupings, nsets = q->ngsets > 0 ? q->ngsets : 1;
    agg->u.agg.ngrouping = ncalls;
    if (ncalls == 0) return 0;
    int32_t *vals = ARENA_NEW_ARRAY(p->arena, int32_t, ncalls * nsets);
    for (int c = 0; c < ncalls; c++) {
        const BoundGrouping *g = &q->groupings[c];
        for (int s = 0; s < nsets; s++) {
            int32_t v = 0;
            for (int a = 0; a < g->nargs; a++) {
                v <<= 1;
                if (q->ngsets > 0 && !set_has(&q->gsets[s], g->keys[a])) v |= 1;
            }
            vals[c * nsets + s] = v;
        }
        types[col0 + c] = OM_TYPE(TYPE_INT4);
        al->cols[col0 + c] = (LayoutCol){LAY_GROUPING, c, 0};
    }
    agg->u.agg.grouping_vals = vals;
    return ncalls;
}
