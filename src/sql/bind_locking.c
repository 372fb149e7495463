/*
 * bind_locking.c — SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE
 * [OF name, ...] [NOWAIT | SKIP LOCKED]: which tables of a query level lock
 * the rows the query returns.
 *
 * PostgreSQL's rules: locking is refused with UNION/INTERSECT/EXCEPT,
 * DISTINCT, GROUP BY, HAVING, aggregates and window functions (0A000).
 * Without OF every table of the FROM clause is locked, and the tables of
 * subqueries in FROM (and views) too; functions and WITH queries are skipped.
 * OF names range-table entries by their (unqualified) alias; a function, a
 * WITH query or a name not in FROM is an error. A table named by several
 * clauses takes the strongest strength and the strictest wait policy. A
 * locked table may not be on the nullable side of an outer join.
 *
 * The result is BoundQuery.locks of each level; the planner puts a LockRows
 * node over that level's sort, below its LIMIT (plan_query.c), fed with the
 * locked tables' row ids.
 */
#include <string.h>

#include "sql/binder.h"

const char *row_lock_strength_name(RowLockStrength strength)
{
    switch (strength) {
    case ROW_LOCK_KEY_SHARE:
        return "FOR KEY SHARE";
    case ROW_LOCK_SHARE:
        return "FOR SHARE";
    case ROW_LOCK_NO_KEY_UPDATE:
        return "FOR NO KEY UPDATE";
    case ROW_LOCK_UPDATE:
        break;
    }
    return "FOR UPDATE";
}

static RowLockStrength strength_of(PgQuery__LockClauseStrength s)
{
    switch (s) {
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE:
        return ROW_LOCK_KEY_SHARE;
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE:
        return ROW_LOCK_SHARE;
    case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE:
        return ROW_LOCK_NO_KEY_UPDATE;
    default:
        return ROW_LOCK_UPDATE;
    }
}

static RowLockWait wait_of(PgQuery__LockWaitPolicy w)
{
    if (w == PG_QUERY__LOCK_WAIT_POLICY__LockWaitSkip) return ROW_LOCK_WAIT_SKIP;
    if (w == PG_QUERY__LOCK_WAIT_POLICY__LockWaitError) return ROW_LOCK_WAIT_ERROR;
    return ROW_LOCK_WAIT_BLOCK;
}

/* The query shapes a row lock cannot apply to (PostgreSQL's CheckSelectLocking). */
static int check_lockable(Binder *b, const BoundQuery *q, RowLockStrength strength)
{
    const char *what = NULL;
    if (q->is_setop)
        what = "UNION/INTERSECT/EXCEPT";
    else if (q->distinct || q->ndistinct_on > 0)
        what = "DISTINCT clause";
    else if (q->ngroup > 0)
        what = "GROUP BY clause";
    else if (q->having)
        what = "HAVING clause";
    else if (q->naggs > 0 || q->has_aggs_or_group)
        what = "aggregate functions";
    else if (q->nwins > 0)
        what = "window functions";
    if (!what) return 0;
    return ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not allowed with %s",
               row_lock_strength_name(strength), what);
}

/* Marks the rte of a JoinTree leaf nullable when it sits under the nullable
 * side of an outer join. */
static void mark_nullable(const JoinTree *jt, bool nullable, bool *out)
{
    if (!jt) return;
    if (jt->kind == JT_RTE) {
        if (nullable) out[jt->rte] = true;
        return;
    }
    mark_nullable(jt->left, nullable || jt->type == JOIN_RIGHT || jt->type == JOIN_FULL, out);
    mark_nullable(jt->right, nullable || jt->type == JOIN_LEFT || jt->type == JOIN_FULL, out);
}

static int lock_rte(Binder *b, BoundQuery *q, int rte, RowLockStrength strength, RowLockWait wait);

/* Locks every table of q (a query level, or a subquery in FROM). */
static int lock_all(Binder *b, BoundQuery *q, RowLockStrength strength, RowLockWait wait)
{
    if (check_lockable(b, q, strength) != 0) return -1;
    for (int r = 0; r < q->nrtes; r++) {
        const Rte *rte = q->rtes[r];
        bool lockable = rte->kind == RTE_TABLE || (rte->kind == RTE_SUBQUERY && !rte->cte_name &&
                                                   rte->subquery->nvalues == 0);
        if (lockable && lock_rte(b, q, r, strength, wait) != 0) return -1;
    }
    return 0;
}

static int lock_rte(Binder *b, BoundQuery *q, int r, RowLockStrength strength, RowLockWait wait)
{
    Rte *rte = q->rtes[r];
    if (rte->kind == RTE_SUBQUERY) return lock_all(b, rte->subquery, strength, wait);
    if (rte->table->schema->oid == OID_NAMESPACE_PG_CATALOG ||
        rte->table->schema->oid == OID_NAMESPACE_INFORMATION_SCHEMA)
        return ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "%s cannot be applied to system catalog \"%s\" yet",
                   row_lock_strength_name(strength), rte->table->name);
    for (int i = 0; i < q->nlocks; i++)
        if (q->locks[i].rte == r) {
            if (strength > q->locks[i].strength) q->locks[i].strength = strength;
            if (wait > q->locks[i].wait) q->locks[i].wait = wait;
            return 0;
        }
    struct BoundRowLock *locks = ARENA_NEW_ARRAY(b->arena, struct BoundRowLock, q->nlocks + 1);
    if (q->nlocks > 0) memcpy(locks, q->locks, sizeof(*locks) * (size_t)q->nlocks);
    locks[q->nlocks++] = (struct BoundRowLock){r, strength, wait};
    q->locks = locks;
    return 0;
}

/* Locks the entry an OF name denotes. */
static int lock_named(Binder *b, BoundQuery *q, PgQuery__RangeVar *rv, RowLockStrength strength,
                      RowLockWait wait)
{
    const char *how = row_lock_strength_name(strength);
    if (rv->schemaname && rv->schemaname[0]) {
        ERR(b->err, SQLSTATE_SYNTAX_ERROR, "%s must specify unqualified relation names", how);
        error_position(b->err, loc1(rv->location));
        return -1;
    }
    for (int r = 0; r < q->nrtes; r++) {
        const Rte *rte = q->rtes[r];
        if (!rte->alias || strcmp(rte->alias, rv->relname) != 0) continue;
        const char *bad = NULL;
        if (rte->kind == RTE_FUNCTION)
            bad = "a function";
        else if (rte->kind == RTE_WORKTABLE || (rte->kind == RTE_SUBQUERY && rte->cte_name))
            bad = "a WITH query";
        else if (rte->kind == RTE_SUBQUERY && rte->subquery->nvalues > 0)
            bad = "VALUES";
        if (bad) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s cannot be applied to %s", how, bad);
            error_position(b->err, loc1(rv->location));
            return -1;
        }
        return lock_rte(b, q, r, strength, wait);
    }
    for (int j = 0; j < q->njoin_aliases; j++)
        if (strcmp(q->join_aliases[j]->name, rv->relname) == 0) {
            ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s cannot be applied to a join", how);
            error_position(b->err, loc1(rv->location));
            return -1;
        }
    ERR(b->err, SQLSTATE_UNDEFINED_TABLE, "relation \"%s\" in %s clause not found in FROM clause",
        rv->relname, how);
    error_position(b->err, loc1(rv->location));
    return -1;
}

int bind_locking_clause(Binder *b, PgQuery__SelectStmt *stmt, BoundQuery *q)
{
    for (size_t i = 0; i < stmt->n_locking_clause; i++) {
        PgQuery__LockingClause *lc = stmt->locking_clause[i]->locking_clause;
        RowLockStrength strength = strength_of(lc->strength);
        RowLockWait wait = wait_of(lc->wait_policy);
        if (check_lockable(b, q, strength) != 0) return -1;
        if (lc->n_locked_rels == 0) {
            if (lock_all(b, q, strength, wait) != 0) return -1;
            continue;
        }
        for (size_t k = 0; k < lc->n_locked_rels; k++)
            if (lock_named(b, q, lc->locked_rels[k]->range_var, strength, wait) != 0) return -1;
    }
    if (q->nlocks == 0) return 0;
    bool *nullable = ARENA_NEW_ARRAY(b->arena, bool, q->nrtes > 0 ? q->nrtes : 1);
    for (int f = 0; f < q->nfrom; f++) mark_nullable(q->from[f], false, nullable);
    for (int i = 0; i < q->nlocks; i++)
        if (nullable[q->locks[i].rte])
            return ERR(b->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "%s cannot be applied to the nullable side of an outer join",
                       row_lock_strength_name(q->locks[i].strength));
    return 0;
}
