/*
 * func_advisory.c — the advisory-lock functions: pg_advisory_lock,
 * pg_try_advisory_lock, pg_advisory_unlock (each also _shared, and with a
 * bigint key or a pair of int4), pg_advisory_xact_lock and
 * pg_try_advisory_xact_lock (also _shared), and pg_advisory_unlock_all.
 *
 * The session keeps the locks (sql/session_advisory.c, through SessionViews);
 * these kernels only turn a call into a request. A NULL argument takes no
 * lock (the functions are strict). Outside a session (no hook) every lock is
 * granted at once, there being nobody to conflict with.
 */
#include "exec/func_int.h"
#include "exec/operator.h"

/* What each function does: the table's oid selects the entry below. */
typedef struct AdvisoryFn {
    Oid oid;
    SessionAdvisoryOp op;
    bool shared, xact, wait;
} AdvisoryFn;

static const AdvisoryFn advisory_fns[] = {
    {2880, SESSION_ADVISORY_LOCK, false, false, true},
    {2881, SESSION_ADVISORY_LOCK, true, false, true},
    {2882, SESSION_ADVISORY_LOCK, false, false, false},
    {2883, SESSION_ADVISORY_LOCK, true, false, false},
    {2884, SESSION_ADVISORY_UNLOCK, false, false, false},
    {2885, SESSION_ADVISORY_UNLOCK, true, false, false},
    {3089, SESSION_ADVISORY_LOCK, false, true, true},
    {3090, SESSION_ADVISORY_LOCK, true, true, true},
    {3091, SESSION_ADVISORY_LOCK, false, true, false},
    {3092, SESSION_ADVISORY_LOCK, true, true, false},
};

/* The pair forms' OIDs are their bigint twin's + 6 (2886..2891) or + 4
 * (3093..3096), as in PostgreSQL's pg_proc. */
static const AdvisoryFn *fn_of(Oid oid, uint8_t *kind)
{
    *kind = 1;
    Oid base = oid;
    if (oid >= 2886 && oid <= 2891) base = oid - 6, *kind = 2;
    if (oid >= 3093 && oid <= 3096) base = oid - 4, *kind = 2;
    for (size_t i = 0; i < sizeof(advisory_fns) / sizeof(advisory_fns[0]); i++)
        if (advisory_fns[i].oid == base) return &advisory_fns[i];
    return NULL;
}

static int k_advisory(KERNEL_ARGS)
{
    uint8_t kind;
    const AdvisoryFn *f = fn_of(call->u.func.def->oid, &kind);
    const SessionViews *v = ctx->settings ? &ctx->settings->views : NULL;
    bool returns_bool = call->u.func.def->ret == TYPE_BOOL;
    int64_t deadline = ctx->exec_state ? exec_statement_deadline_us(ctx->exec_state) : 0;
    FOR_EACH_ROW(row)
    {
        if (returns_bool)
            ((uint8_t *)out->data)[row] = 0;
        else
            ((StrView *)out->data)[row] = strview_make("", 0);
        if (!row_valid(out, row)) continue;
        SessionAdvisoryRequest r = {f->op, 0, kind, f->shared, f->xact, f->wait, deadline};
        if (kind == 1)
            r.key = ARG(int64_t, 0, row);
        else
            r.key = (int64_t)(((uint64_t)(uint32_t)ARG(int32_t, 0, row) << 32) |
                              (uint32_t)ARG(int32_t, 1, row));
        int got = v && v->advisory ? v->advisory(v->session, &r, ctx->err) : 1;
        if (got < 0) return -1;
        if (returns_bool) ((uint8_t *)out->data)[row] = got == 1;
    }
    return 0;
}

static int k_advisory_unlock_all(KERNEL_ARGS)
{
    const SessionViews *v = ctx->settings ? &ctx->settings->views : NULL;
    SessionAdvisoryRequest r = {SESSION_ADVISORY_UNLOCK_ALL, 0, 1, false, false, false, 0};
    FOR_EACH_ROW(row)
    {
        ((StrView *)out->data)[row] = strview_make("", 0);
        if (v && v->advisory && v->advisory(v->session, &r, ctx->err) < 0) return -1;
    }
    return 0;
}

#define I4  TYPE_INT4
#define I8  TYPE_INT8
#define BO  TYPE_BOOL
#define VD  TYPE_VOID
#define ADV FUNC_STRICT | FUNC_VOLATILE

const FuncDef func_advisory_defs[] = {
    FNF("pg_advisory_lock", 1, VD, k_advisory, 2880, ADV, I8),
    FNF("pg_advisory_lock_shared", 1, VD, k_advisory, 2881, ADV, I8),
    FNF("pg_try_advisory_lock", 1, BO, k_advisory, 2882, ADV, I8),
    FNF("pg_try_advisory_lock_shared", 1, BO, k_advisory, 2883, ADV, I8),
    FNF("pg_advisory_unlock", 1, BO, k_advisory, 2884, ADV, I8),
    FNF("pg_advisory_unlock_shared", 1, BO, k_advisory, 2885, ADV, I8),
    FNF("pg_advisory_lock", 2, VD, k_advisory, 2886, ADV, I4, I4),
    FNF("pg_advisory_lock_shared", 2, VD, k_advisory, 2887, ADV, I4, I4),
    FNF("pg_try_advisory_lock", 2, BO, k_advisory, 2888, ADV, I4, I4),
    FNF("pg_try_advisory_lock_shared", 2, BO, k_advisory, 2889, ADV, I4, I4),
    FNF("pg_advisory_unlock", 2, BO, k_advisory, 2890, ADV, I4, I4),
    FNF("pg_advisory_unlock_shared", 2, BO, k_advisory, 2891, ADV, I4, I4),
    FNF("pg_advisory_unlock_all", 0, VD, k_advisory_unlock_all, 2892, FUNC_VOLATILE, 0),
    FNF("pg_advisory_xact_lock", 1, VD, k_advisory, 3089, ADV, I8),
    FNF("pg_advisory_xact_lock_shared", 1, VD, k_advisory, 3090, ADV, I8),
    FNF("pg_try_advisory_xact_lock", 1, BO, k_advisory, 3091, ADV, I8),
    FNF("pg_try_advisory_xact_lock_shared", 1, BO, k_advisory, 3092, ADV, I8),
    FNF("pg_advisory_xact_lock", 2, VD, k_advisory, 3093, ADV, I4, I4),
    FNF("pg_advisory_xact_lock_shared", 2, VD, k_advisory, 3094, ADV, I4, I4),
    FNF("pg_try_advisory_xact_lock", 2, BO, k_advisory, 3095, ADV, I4, I4),
    FNF("pg_try_advisory_xact_lock_shared", 2, BO, k_advisory, 3096, ADV, I4, I4),
};
const int func_advisory_ndefs = sizeof(func_advisory_defs) / sizeof(func_advisory_defs[0]);
