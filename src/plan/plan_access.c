/*
 * plan_access.c — access-path choice for table scans (the router) and
 * selectivity guesses.
 *
 * For each table scan with a filter, in this order:
 *   1. pk = value or pk IN (values) on a one-column primary key: index point
 *      lookups (op_index_scan.c).
 *   2. Bounds on the leading column of any unique index (=, <, <=, >, >=,
 *      BETWEEN; constants or parameters of the column's type, or integers for
 *      integer columns): a candidate index range scan (op_index_range.c). Its
 *      row count is estimated by the index itself — ALEX from its learned
 *      models and node counts, the B+tree by counting, both bounded — and the
 *      candidate with the fewest rows wins if that is at most
 *      PLAN_INDEX_MAX_SHARE of the table (or one row); parameters get fixed
 *      guesses (an equality or a two-sided range is selective, one bound is
 *      not).
 *   3. Otherwise a vectorized columnar scan with zone maps pruning vectors and
 *      row groups for column-vs-constant comparisons.
 * The conjuncts the index serves leave the scan's filter: the key encoding is
 * exact (SQL order and equality, integers of every width alike), so the rows
 * between the bounds are exactly the rows that satisfy them.
 * EXPLAIN shows the index, its structure, the conditions it serves and the
 * estimate behind the choice. plan_access_order lets ORDER BY on the leading
 * key column use the index order instead of a sort.
 */
#include <string.h>

#include "catalog/catalog.h"
#include "exec/func_registry.h"
#include "plan/plan_access.h"
#include "plan/plan_int.h"
#include "storage/storage.h"
#include "storage/unique_index.h"

/* An index range scan is chosen when it reads at most this share of the table. */
#define PLAN_INDEX_MAX_SHARE 0.05

static bool is_cmp(const Expr *e, const char **op)
{
    if (e->kind != EXPR_FUNC || e->nargs != 2 || !e->u.func.def) return false;
    if (!(e->u.func.def->flags & FUNC_IS_OPERATOR)) return false;
    static const char *const ops[] = {"=", "<", "<=", ">", ">=", "<>", NULL};
    for (int i = 0; ops[i]; i++)
        if (strcmp(e->u.func.def->name, ops[i]) == 0) {
            *op = ops[i];
            return true;
        }
    return false;
}

double plan_estimate_selectivity(const Expr *pred)
{
    if (!pred) return 1.0;
    const char *op;
    if (pred->kind == EXPR_AND) {
        double s = 1.0;
        for (int i = 0; i < pred->nargs; i++) s *= plan_estimate_selectivity(pred->args[i]);
        return s;
    }
    if (pred->kind == EXPR_OR) {
        double s = 0.0;
        for (int i = 0; i < pred->nargs; i++) s += plan_estimate_selectivity(pred->args[i]);
        return s > 1.0 ? 1.0 : s;
    }
    if (pred->kind == EXPR_IN_LIST)
        return 0.05 * (pred->nargs - 1) > 1 ? 1 : 0.05 * (pred->nargs - 1);
    if (pred->kind == EXPR_IS_NULL) return 0.05;
    if (is_cmp(pred, &op)) {
        if (strcmp(op, "=") == 0) return 0.05;
        if (strcmp(op, "<>") == 0) return 0.95;
        return 0.33;
    }
    return 0.5;
}

/* The table column a scan output column reads, or -1 for a non-column. */
static int key_column(const PlanNode *scan, const Expr *e)
{
    if (e->kind != EXPR_COLUMN || e->u.column.index >= scan->u.scan.ncols) return -1;
    return scan->u.scan.col_ids[e->u.column.index];
}

/* A key value usable for an index probe: a constant (or parameter) whose type
 * encodes like the key column's (same type, or both integers). */
static bool key_value(const Expr *e, OmType key_type)
{
    if (e->kind != EXPR_CONST && e->kind != EXPR_PARAM) return false;
    if (e->kind == EXPR_CONST && e->u.value.is_null) return false;
    return e->type.id == key_type.id ||
           (type_is_integer(e->type.id) && type_is_integer(key_type.id));
}

/* Appends the conjuncts of e (nested ANDs flattened, as BETWEEN binds). */
static void flatten_and(Planner *p, Expr *e, Expr ***conj, int *n, int *cap)
{
    if (e->kind == EXPR_AND) {
        for (int i = 0; i < e->nargs; i++) flatten_and(p, e->args[i], conj, n, cap);
        return;
    }
    if (*n == *cap) {
        int nc = *cap ? *cap * 2 : 8;
        *conj = arena_realloc(p->arena, *conj, sizeof(Expr *) * (size_t)*cap,
                              sizeof(Expr *) * (size_t)nc);
        *cap = nc;
    }
    (*conj)[(*n)++] = e;
}

/* Bounds found on one column. */
typedef struct KeyBounds {
    Expr *lo, *hi;
    bool lo_incl, hi_incl;
    bool eq;
    Expr *used[4];
    int nused;
} KeyBounds;

/* A string key column as a comparison sees it: varchar and char(n) columns are
 * compared as text (through a cast), which orders and equates exactly as their
 * key encoding does (char(n) keys are encoded without trailing spaces, as the
 * cast to text drops them). Returns the table column, or -1. */
static int range_key_column(const PlanNode *scan, const Expr *e)
{
    if (e->kind == EXPR_FUNC && e->nargs == 1 && e->u.func.def &&
        (e->u.func.def->flags & FUNC_IS_CAST) && e->type.id == TYPE_TEXT) {
        int col = key_column(scan, e->args[0]);
        if (col < 0) return -1;
        TypeId t = scan->u.scan.table->cols[col].type.id;
        return t == TYPE_VARCHAR || t == TYPE_BPCHAR ? col : -1;
    }
    return key_column(scan, e);
}

static bool range_key_value(const Expr *e, OmType key_type)
{
    if ((key_type.id == TYPE_VARCHAR || key_type.id == TYPE_BPCHAR) && e->type.id == TYPE_TEXT)
        return key_value(e, (OmType){TYPE_TEXT, -1});
    return key_value(e, key_type);
}

/* Collects bounds on table column `col` from the conjuncts. */
static void collect_bounds(const PlanNode *scan, Expr **conj, int n, int col, OmType type,
                           KeyBounds *b)
{
    memset(b, 0, sizeof(*b));
    for (int i = 0; i < n && !b->eq; i++) {
        const char *op = NULL;
        if (!is_cmp(conj[i], &op) || strcmp(op, "<>") == 0) continue;
        Expr *val = conj[i]->args[1];
        bool flip = false;
        if (range_key_column(scan, conj[i]->args[0]) != col) {
            val = conj[i]->args[0];
            flip = true;
            if (range_key_column(scan, conj[i]->args[1]) != col) continue;
        }
        if (!range_key_value(val, type)) continue;
        char c0 = op[0];
        if (flip && c0 != '=') c0 = c0 == '<' ? '>' : '<';
        bool incl = op[0] == '=' || op[1] == '=';
        if (c0 == '=') {
            b->lo = b->hi = val;
            b->lo_incl = b->hi_incl = b->eq = true;
            b->nused = 0;
        } else if (c0 == '>' && b->lo == NULL) {
            b->lo = val;
            b->lo_incl = incl;
        } else if (c0 == '<' && b->hi == NULL) {
            b->hi = val;
            b->hi_incl = incl;
        } else {
            continue;
        }
        if (b->nused < 4) b->used[b->nused++] = conj[i];
    }
}

/* Encodes a constant bound (or its prefix successor). 1 = written, 0 = no
 * successor (open), -1 = not a constant or out of memory. */
static int encode_const(const Expr *e, bool succ, UniqueKey *out)
{
    if (e->kind != EXPR_CONST) return -1;
    UniqueKey k;
    unique_key_init(&k);
    int rc = unique_key_add(&k, e->type, value_payload(&e->u.value), false) == 0 ? 1 : -1;
    if (rc == 1 && succ) rc = unique_key_successor(k.data, k.len, out);
    if (rc == 1 && !succ) {
        unique_key_fini(out);
        *out = k;
        return 1;
    }
    unique_key_fini(&k);
    return rc;
}

/* Estimated rows of the bounds through the index; *counted = from the index. */
static double estimate_rows(UniqueIndex *ix, const KeyBounds *b, bool full_key, double rows,
                            bool *counted)
{
    *counted = false;
    bool consts = (!b->lo || b->lo->kind == EXPR_CONST) && (!b->hi || b->hi->kind == EXPR_CONST);
    if (!consts) { /* parameters: fixed guesses */
        if (b->eq) return full_key ? 1 : rows * 0.005;
        return b->lo && b->hi ? rows * 0.005 : rows * 0.33;
    }
    UniqueKey lo, hi;
    unique_key_init(&lo);
    unique_key_init(&hi);
    int rl = b->lo ? encode_const(b->lo, !b->lo_incl, &lo) : 1;
    int rh = b->hi ? encode_const(b->hi, b->hi_incl, &hi) : 1;
    double est = rows;
    if (rl == 0) {
        est = 0; /* nothing above an all-0xFF key */
    } else if (rl > 0 && rh >= 0) {
        size_t cap = (size_t)(rows * PLAN_INDEX_MAX_SHARE) + 1;
        est = (double)unique_index_estimate(ix, b->lo ? lo.data : NULL, lo.len,
                                            b->hi && rh == 1 ? hi.data : NULL, hi.len, cap);
        *counted = true;
    }
    unique_key_fini(&lo);
    unique_key_fini(&hi);
    return est;
}

static const char *index_name_of(const CatTable *t, int slot)
{
    const CatConstraint *con = catalog_index_of_slot(t, slot);
    return con ? con->name : "?";
}

/* Drops the conjuncts the index serves exactly from the scan's filter. */
static void drop_served(Planner *p, PlanNode *scan, Expr **conj, int n, Expr *const *used,
                        int nused)
{
    Expr **rest = ARENA_NEW_ARRAY(p->arena, Expr *, n > 0 ? n : 1);
    int m = 0;
    for (int i = 0; i < n; i++) {
        bool served = false;
        for (int k = 0; k < nused && !served; k++) served = conj[i] == used[k];
        if (!served) rest[m++] = conj[i];
    }
    scan->u.scan.filter = plan_make_and(p, rest, m);
}

/* Turns scan into an index range scan over unique index `slot`. */
static void make_range_scan(Planner *p, PlanNode *scan, int slot, const KeyBounds *b, double est,
                            double rows)
{
    const CatTable *t = scan->u.scan.table;
    scan->kind = PLAN_INDEX_SCAN;
    scan->u.scan.path = ACCESS_INDEX_RANGE;
    scan->u.scan.index_slot = slot;
    scan->u.scan.index_name = index_name_of(t, slot);
    scan->u.scan.index_kind = unique_index_kind_name(storage_table_unique(t->storage, slot));
    scan->u.scan.key_lo = b->lo;
    scan->u.scan.key_hi = b->hi;
    scan->u.scan.lo_incl = b->lo_incl;
    scan->u.scan.hi_incl = b->hi_incl;
    scan->u.scan.index_cond = b->nused ? plan_make_and(p, (Expr **)b->used, b->nused) : NULL;
    scan->u.scan.index_est = est;
    scan->u.scan.table_rows = rows;
    scan->est_rows = est < 1 ? 1 : est;
}

void plan_access_choose(Planner *p, PlanNode *scan)
{
    scan->u.scan.path = ACCESS_COLUMNAR_SCAN;
    scan->explain_note = scan->u.scan.filter ? "columnar scan: filter pushed down, zone maps prune"
                                             : "columnar scan";
    const CatTable *t = scan->u.scan.table;
    if (!scan->u.scan.filter || t->ncons == 0 || t->storage == NULL) return;
    /* enable_indexscan = off: PostgreSQL's index scans are what these index
     * lookups are; the columnar scan is always there instead */
    if (!plan_enabled(p, PLANNER_ENABLE_INDEXSCAN)) {
        scan->explain_note = "columnar scan: filter pushed down, zone maps prune; enable_indexscan "
                             "is off";
        return;
    }
    Expr **conj = NULL;
    int n = 0, cap = 0;
    flatten_and(p, scan->u.scan.filter, &conj, &n, &cap);
    double rows = (double)storage_table_row_count(t->storage);

    /* 1. point lookups on a one-column primary key */
    if (t->cons[0].kind == CONSTR_PRIMARY && t->cons[0].ncols == 1 &&
        t->cons[0].storage_slot == 0) {
        int pk = t->cons[0].cols[0];
        OmType pk_type = t->cols[pk].type;
        for (int i = 0; i < n; i++) {
            Expr *c = conj[i];
            const char *op = NULL;
            Expr *val = NULL;
            if (is_cmp(c, &op) && strcmp(op, "=") == 0) {
                int side = key_column(scan, c->args[0]) == pk ? 1 : 0;
                if (key_column(scan, c->args[1 - side]) == pk && key_value(c->args[side], pk_type))
                    val = c->args[side];
            }
            bool in_list = false;
            if (!val && c->kind == EXPR_IN_LIST && !c->u.func.negate &&
                key_column(scan, c->args[0]) == pk) {
                in_list = true;
                for (int k = 1; k < c->nargs && in_list; k++)
                    in_list = key_value(c->args[k], pk_type);
            }
            /* pk = ANY (array): the keys come from one constant or parameter array */
            bool any_array = false;
            if (!val && !in_list && c->kind == EXPR_ANY_ARRAY && !c->u.func.negate &&
                strcmp(c->u.func.def->name, "=") == 0 && key_column(scan, c->args[0]) == pk &&
                (c->args[1]->kind == EXPR_CONST || c->args[1]->kind == EXPR_PARAM)) {
                TypeId et = type_array_elem(c->args[1]->type.id);
                any_array =
                    et == pk_type.id || (type_is_integer(et) && type_is_integer(pk_type.id));
            }
            if (!val && !in_list && !any_array) continue;
            scan->kind = PLAN_INDEX_SCAN;
            scan->u.scan.path = ACCESS_INDEX_POINT;
            scan->u.scan.index_slot = 0;
            scan->u.scan.index_name = t->cons[0].name;
            scan->u.scan.index_kind = unique_index_kind_name(storage_table_unique(t->storage, 0));
            scan->u.scan.index_cond = c;
            scan->u.scan.table_rows = rows;
            drop_served(p, scan, conj, n, &conj[i], 1);
            if (any_array) {
                scan->u.scan.key_array = c->args[1];
                scan->est_rows = 10;
                scan->u.scan.index_est = scan->est_rows;
                scan->explain_note = arena_sprintf(
                    p->arena, "index point lookups: the keys of an array, of %.0f rows", rows);
                return;
            }
            if (val) {
                scan->u.scan.key_eq = val;
                scan->est_rows = 1;
            } else {
                scan->u.scan.n_key_in = c->nargs - 1;
                scan->u.scan.key_in = c->args + 1;
                scan->est_rows = c->nargs - 1;
            }
            scan->u.scan.index_est = scan->est_rows;
            scan->explain_note = arena_sprintf(
                p->arena, "index point lookup%s: %d key%s of %.0f rows", val ? "" : "s",
                val ? 1 : c->nargs - 1, val || c->nargs == 2 ? "" : "s", rows);
            return;
        }
    }

    /* 2. ranges on the leading column of a unique index */
    int best = -1;
    double best_est = 0;
    bool best_counted = false;
    KeyBounds best_b;
    for (int ci = 0; ci < t->ncons; ci++) {
        const CatConstraint *con = &t->cons[ci];
        int slot = con->storage_slot;
        /* a computed index (expression key, predicate) only enforces uniqueness */
        if (slot < 0 || slot >= storage_table_unique_count(t->storage) ||
            storage_table_unique_computed(t->storage, slot))
            continue;
        KeyBounds b;
        int col = con->cols[0];
        collect_bounds(scan, conj, n, col, t->cols[col].type, &b);
        if (!b.lo && !b.hi) continue;
        bool counted;
        double est = estimate_rows(storage_table_unique(t->storage, slot), &b, con->ncols == 1,
                                   rows, &counted);
        if (best < 0 || est < best_est) {
            best = slot;
            best_est = est;
            best_b = b;
            best_counted = counted;
        }
    }
    if (best < 0) return;
    const char *how =
        !best_counted ? "guessed for parameters"
        : unique_index_kind(storage_table_unique(t->storage, best)) == UNIQUE_INDEX_ALEX
            ? "learned-model estimate"
            : "counted in the index";
    const char *name = index_name_of(t, best);
    double limit = rows * PLAN_INDEX_MAX_SHARE;
    if (!plan_enabled(p, PLANNER_ENABLE_SEQSCAN)) { /* any index is better than a scan */
        make_range_scan(p, scan, best, &best_b, best_est, rows);
        drop_served(p, scan, conj, n, best_b.used, best_b.nused);
        scan->explain_note = arena_sprintf(p->arena,
                                           "index range scan chosen: est. %.0f of %.0f rows (%s); "
                                           "enable_seqscan is off",
                                           best_est, rows, how);
        return;
    }
    if (rows > 0 && (best_est <= limit || best_est <= 1)) {
        make_range_scan(p, scan, best, &best_b, best_est, rows);
        drop_served(p, scan, conj, n, best_b.used, best_b.nused);
        scan->explain_note = arena_sprintf(
            p->arena,
            "index range scan chosen: est. %.0f of %.0f rows (%s; at most %g%% of the "
            "table uses the index)",
            best_est, rows, how, PLAN_INDEX_MAX_SHARE * 100);
        return;
    }
    scan->explain_note = arena_sprintf(
        p->arena,
        "columnar scan: filter pushed down, zone maps prune; index %s not used: est. "
        "%s%.0f of %.0f rows (%s; more than %g%% of the table)",
        name, best_counted && best_est > limit ? "over " : "",
        best_counted && best_est > limit ? limit : best_est, rows, how, PLAN_INDEX_MAX_SHARE * 100);
}

/* The scan below a chain of column-only projections, and the scan column that
 * output column `col` of `n` reads; NULL if there is none. */
static PlanNode *scan_below(PlanNode *n, int *col)
{
    while (n->kind == PLAN_PROJECT) {
        const Expr *e = n->u.project.exprs[*col];
        if (e->kind != EXPR_COLUMN) return NULL;
        *col = e->u.column.index;
        n = n->left;
    }
    return n->kind == PLAN_SEQ_SCAN || n->kind == PLAN_INDEX_SCAN ? n : NULL;
}

bool plan_access_order(Planner *p, PlanNode *input, const SortKey *keys, int nkeys, int64_t limit)
{
    if (nkeys != 1 || keys[0].desc || keys[0].nulls_first || keys[0].expr->kind != EXPR_COLUMN)
        return false;
    int col = keys[0].expr->u.column.index;
    PlanNode *scan = scan_below(input, &col);
    if (scan == NULL || col >= scan->u.scan.ncols) return false;
    const CatTable *t = scan->u.scan.table;
    if (t->storage == NULL || !plan_enabled(p, PLANNER_ENABLE_INDEXSCAN)) return false;
    int tcol = scan->u.scan.col_ids[col];
    int nkc;
    if (scan->kind == PLAN_INDEX_SCAN) { /* a range scan returns rows in key order */
        if (scan->u.scan.path != ACCESS_INDEX_RANGE) return false;
        const int *kc = storage_table_unique_cols(t->storage, scan->u.scan.index_slot, &nkc);
        return kc[0] == tcol;
    }
    /* ORDER BY key LIMIT n over an unfiltered scan: walk the index from its
     * smallest key instead of sorting the table; the limit stops the walk. A
     * NULL-able column would lose its NULL rows (they are not indexed). */
    /* Without a LIMIT too when sorting or scanning is off (enable_sort,
     * enable_seqscan): the whole index in key order, as PostgreSQL's index
     * scan would be. */
    bool forced = !plan_enabled(p, PLANNER_ENABLE_SORT) || !plan_enabled(p, PLANNER_ENABLE_SEQSCAN);
    if ((limit < 0 && !forced) || scan->u.scan.filter != NULL || !t->cols[tcol].not_null)
        return false;
    for (int slot = 0; slot < storage_table_unique_count(t->storage); slot++) {
        const int *kc = storage_table_unique_cols(t->storage, slot, &nkc);
        if (kc[0] != tcol || storage_table_unique_computed(t->storage, slot)) continue;
        KeyBounds none;
        memset(&none, 0, sizeof(none));
        double rows = (double)storage_table_row_count(t->storage);
        double est = limit >= 0 && (double)limit < rows ? (double)limit : rows;
        make_range_scan(p, scan, slot, &none, est, rows);
        if (limit < 0) {
            scan->explain_note = arena_sprintf(
                p->arena,
                "index scan in key order: ORDER BY %s reads the index instead of a sort (%s)",
                t->cols[tcol].name,
                !plan_enabled(p, PLANNER_ENABLE_SORT) ? "enable_sort is off"
                                                      : "enable_seqscan is off");
            return true;
        }
        scan->explain_note = arena_sprintf(p->arena,
                                           "index scan in key order: ORDER BY %s LIMIT %lld "
                                           "reads the first rows of the index instead of a sort",
                                           t->cols[tcol].name, (long long)limit);
        return true;
    }
    return false;
}
