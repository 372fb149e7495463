/*
 * func_int.h — private to the scalar kernels (exec/func_*.c) and the
 * registry: the per-family overload tables and the macros that generate
 * type-specialised kernel loops.
 *
 * Kernel contract (expr.h): inputs are FLAT or CONSTANT; results go to the
 * physical rows sel[0..count) (or 0..count) of `out`; `out->validity` already
 * holds the NULL mask for strict functions, and a kernel must not raise an
 * error for a NULL row. The binary-kernel macro below computes every row in a
 * branch-free loop, ORs the per-row error codes, and only when one is set
 * walks the rows again to report the first error on a non-NULL row.
 */
#ifndef OMENDB_EXEC_FUNC_INT_H
#define OMENDB_EXEC_FUNC_INT_H

#include "catalog/type_io_int.h"
#include "exec/expr.h"
#include "exec/func_registry.h"

#define KERNEL_ARGS                                                                                \
    const Expr *call, Vector **args, const uint16_t *sel, uint32_t count, Vector *out, EvalCtx *ctx

/* Per-family tables. */
extern const FuncDef func_arith_defs[];
extern const int func_arith_ndefs;
extern const FuncDef func_cmp_defs[];
extern const int func_cmp_ndefs;
extern const FuncDef func_cast_defs[];
extern const int func_cast_ndefs;
extern const FuncDef func_string_defs[];
extern const int func_string_ndefs;
extern const FuncDef func_math_defs[];
extern const int func_math_ndefs;
extern const FuncDef func_datetime_defs[];
extern const int func_datetime_ndefs;
extern const FuncDef func_format_defs[];
extern const int func_format_ndefs;
extern const FuncDef func_json_defs[];
extern const int func_json_ndefs;
extern const FuncDef func_json_modify_defs[];
extern const int func_json_modify_ndefs;
extern const FuncDef func_acl_defs[];
extern const FuncDef func_advisory_defs[]; /* func_advisory.c */
extern const int func_advisory_ndefs;
extern const int func_acl_ndefs;
extern const FuncDef func_inet_defs[];
extern const int func_inet_ndefs;
extern const FuncDef func_record_defs[];
extern const int func_record_ndefs;
extern const FuncDef func_regex_defs[];
extern const int func_regex_ndefs;
extern const FuncDef func_bytes_defs[];
extern const int func_bytes_ndefs;

/* Kernels shared across families (func_cast.c). */
int func_cast_to_text_kernel(KERNEL_ARGS);
int func_cast_from_text_kernel(KERNEL_ARGS);
int func_cast_io_kernel(KERNEL_ARGS);

/* Error codes returned by per-row operations. */
#define FERR_NONE      0
#define FERR_RANGE     1
#define FERR_DIV0      2
#define FERR_UNDERFLOW 4
#define FERR_OTHER     8

/* Raises the error for code `code` ("integer out of range" style for `rangemsg`). */
int func_raise(EvalCtx *ctx, int code, const char *rangemsg);
/* PostgreSQL's interval_lerp (percentile_cont): lo + (hi - lo) * pct, with
 * interval_mi, interval_mul and interval_pl. FERR_RANGE on overflow. */
int func_interval_lerp(OmInterval lo, OmInterval hi, double pct, OmInterval *r);

static inline bool row_valid(const Vector *out, uint32_t row)
{
    return validity_is_valid(out->validity, row);
}

static inline uint32_t arg_slot(const Vector *v, uint32_t row)
{
    return v->kind == VEC_CONSTANT ? 0 : row;
}

/* Binary kernel: OP(x, y, &r) -> int error code; x, y converted to TC. */
#define DEF_BINARY(NAME, TA, TB, TC, TR, OP, RANGEMSG)                                             \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        (void)call;                                                                                \
        const TA *restrict a_ = (const TA *)args[0]->data;                                         \
        const TB *restrict b_ = (const TB *)args[1]->data;                                         \
        TR *restrict r_ = (TR *)out->data;                                                         \
        int bad_ = 0;                                                                              \
        bool ac_ = args[0]->kind == VEC_CONSTANT, bc_ = args[1]->kind == VEC_CONSTANT;             \
        if (!sel && !ac_ && !bc_) {                                                                \
            for (uint32_t i = 0; i < count; i++) bad_ |= OP((TC)a_[i], (TC)b_[i], &r_[i]);         \
        } else if (!sel && ac_ && !bc_) {                                                          \
            const TC av_ = (TC)a_[0];                                                              \
            for (uint32_t i = 0; i < count; i++) bad_ |= OP(av_, (TC)b_[i], &r_[i]);               \
        } else if (!sel && !ac_ && bc_) {                                                          \
            const TC bv_ = (TC)b_[0];                                                              \
            for (uint32_t i = 0; i < count; i++) bad_ |= OP((TC)a_[i], bv_, &r_[i]);               \
        } else {                                                                                   \
            for (uint32_t i = 0; i < count; i++) {                                                 \
                uint32_t row = sel ? sel[i] : i;                                                   \
                bad_ |= OP((TC)a_[ac_ ? 0 : row], (TC)b_[bc_ ? 0 : row], &r_[row]);                \
            }                                                                                      \
        }                                                                                          \
        if (bad_) {                                                                                \
            for (uint32_t i = 0; i < count; i++) {                                                 \
                uint32_t row = sel ? sel[i] : i;                                                   \
                if (!row_valid(out, row)) continue;                                                \
                TR tmp_;                                                                           \
                int c_ = OP((TC)a_[ac_ ? 0 : row], (TC)b_[bc_ ? 0 : row], &tmp_);                  \
                if (c_) return func_raise(ctx, c_, RANGEMSG);                                      \
            }                                                                                      \
        }                                                                                          \
        return 0;                                                                                  \
    }

/* Unary kernel: OP(x, &r) -> int error code. */
#define DEF_UNARY(NAME, TA, TR, OP, RANGEMSG)                                                      \
    static int NAME(KERNEL_ARGS)                                                                   \
    {                                                                                              \
        (void)call;                                                                                \
        const TA *restrict a_ = (const TA *)args[0]->data;                                         \
        TR *restrict r_ = (TR *)out->data;                                                         \
        int bad_ = 0;                                                                              \
        bool ac_ = args[0]->kind == VEC_CONSTANT;                                                  \
        if (!sel && !ac_) {                                                                        \
            for (uint32_t i = 0; i < count; i++) bad_ |= OP(a_[i], &r_[i]);                        \
        } else {                                                                                   \
            for (uint32_t i = 0; i < count; i++) {                                                 \
                uint32_t row = sel ? sel[i] : i;                                                   \
                bad_ |= OP(a_[ac_ ? 0 : row], &r_[row]);                                           \
            }                                                                                      \
        }                                                                                          \
        if (bad_) {                                                                                \
            for (uint32_t i = 0; i < count; i++) {                                                 \
                uint32_t row = sel ? sel[i] : i;                                                   \
                if (!row_valid(out, row)) continue;                                                \
                TR tmp_;                                                                           \
                int c_ = OP(a_[ac_ ? 0 : row], &tmp_);                                             \
                if (c_) return func_raise(ctx, c_, RANGEMSG);                                      \
            }                                                                                      \
        }                                                                                          \
        return 0;                                                                                  \
    }

/* Shorthands for table entries. */
#define OP2(name, a, b, r, k, oid)                                                                 \
    {                                                                                              \
        name, 2, {a, b}, r, FUNC_STRICT | FUNC_IS_OPERATOR, k, oid                                 \
    }
#define OP1(name, a, r, k, oid)                                                                    \
    {                                                                                              \
        name, 1, {a}, r, FUNC_STRICT | FUNC_IS_OPERATOR, k, oid                                    \
    }
#define FN(name, n, r, k, oid, ...)                                                                \
    {                                                                                              \
        name, n, {__VA_ARGS__}, r, FUNC_STRICT, k, oid                                             \
    }
#define FNF(name, n, r, k, oid, flags, ...)                                                        \
    {                                                                                              \
        name, n, {__VA_ARGS__}, r, flags, k, oid                                                   \
    }

/* Row loop over the selection. */
#define FOR_EACH_ROW(row)                                                                          \
    for (uint32_t i_ = 0, row = 0; i_ < count && ((row = sel ? sel[i_] : i_), 1); i_++)

/* Whether comparison operator `op` ("=", "<>", "<", "<=", ">", ">=") holds for
 * a three-way result c (kernels that compare through one cmp function). */
static inline bool func_cmp_holds(const char *op, int c)
{
    if (op[0] == '=') return c == 0;
    if (op[0] == '<' && op[1] == '>') return c != 0;
    if (op[0] == '<') return op[1] == '=' ? c <= 0 : c < 0;
    return op[1] == '=' ? c >= 0 : c > 0;
}

/* Reads a string argument at row. */
static inline const StrView *arg_str(Vector **args, int i, uint32_t row)
{
    return (const StrView *)args[i]->data + arg_slot(args[i], row);
}

#define ARG(T, i, row) (((const T *)args[i]->data)[arg_slot(args[i], (row))])

#endif
