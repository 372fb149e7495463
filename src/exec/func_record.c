/*
 * func_record.c — kernels of anonymous records (func_record.h): building
 * ROW(...) values, selecting a field, and comparing two records as
 * PostgreSQL's record_eq / record_cmp do (NULL fields equal to each other and
 * after every value; 42804 for records of different shapes).
 *
 * A record's bytes are built in a scratch buffer per row and copied into the
 * output vector's heap; a field read out of a record is copied too, so the
 * result never points into the argument's memory. ROW(...) refuses a value
 * whose text form could pass RECORD_TEXT_MAX (54000): nesting doubles quotes
 * at each level, so that is where printing could run away.
 */
#include "exec/func_record.h"

#include <string.h>

#include "catalog/record.h"
#include "exec/func_int.h"
#include "exec/vector_ops.h"

static int k_row(KERNEL_ARGS)
{
    int n = call->nargs;
    if (n > RECORD_MAX_FIELDS) /* the binder refuses more (bind_record_make) */
        return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "ROW expressions can have at most %d entries", RECORD_MAX_FIELDS);
    Value *fields = ARENA_NEW_ARRAY(ctx->arena, Value, n > 0 ? n : 1);
    StrBuf bytes;
    strbuf_init(&bytes, ctx->arena);
    FOR_EACH_ROW(row)
    {
        for (int i = 0; i < n; i++) {
            vector_get_value(args[i], arg_slot(args[i], row), &fields[i]);
            fields[i].type = call->args[i]->type;
        }
        strbuf_reset(&bytes);
        record_write(fields, (uint32_t)n, &bytes);
        StrView made = strview_make(bytes.data, (uint32_t)bytes.len);
        RecordView rv;
        if (record_view(&made, &rv, ctx->err) != 0) return -1;
        if (rv.text_bound > RECORD_TEXT_MAX)
            return ERR(ctx->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "record value too large: its text form could exceed 1 GB");
        vector_set_valid(out, row);
        ((StrView *)out->data)[row] = vector_add_string(out, bytes.data, (uint32_t)bytes.len);
    }
    return 0;
}

static int k_field(KERNEL_ARGS)
{
    Value idx;
    vector_get_value(args[1], 0, &idx);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        Value v;
        if (!record_field(arg_str(args, 0, row), (uint32_t)idx.u.i32, &v)) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        if (!v.is_null && v.type.id != call->type.id)
            return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "record field %d is of type %s, not %s",
                       idx.u.i32 + 1, type_info(v.type.id)->sql_name,
                       type_info(call->type.id)->sql_name);
        v.type = call->type;
        vector_set_value(out, row, &v);
    }
    return 0;
}

/* record_cmp with PostgreSQL's checks: *c is the three-way result. */
static int record_cmp_checked(const StrView *a, const StrView *b, int *c, OmError *err)
{
    RecordView x, y;
    if (record_view(a, &x, err) != 0 || record_view(b, &y, err) != 0) return -1;
    uint32_t n = x.nfields < y.nfields ? x.nfields : y.nfields;
    for (uint32_t i = 0; i < n; i++)
        if (x.types[i] != y.types[i])
            return ERR(err, SQLSTATE_DATATYPE_MISMATCH,
                       "cannot compare dissimilar column types %s and %s at record column %u",
                       type_info((TypeId)x.types[i])->sql_name,
                       type_info((TypeId)y.types[i])->sql_name, i + 1);
    if (x.nfields != y.nfields)
        return ERR(err, SQLSTATE_DATATYPE_MISMATCH,
                   "cannot compare record types with different numbers of columns");
    *c = record_value_cmp(a, b);
    return 0;
}

static int k_cmp(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int c = 0;
        if (record_cmp_checked(arg_str(args, 0, row), arg_str(args, 1, row), &c, ctx->err) != 0)
            return -1;
        ((uint8_t *)out->data)[row] = func_cmp_holds(op, c);
    }
    return 0;
}

const FuncDef func_record_row = {"row", 0, {0}, TYPE_RECORD, 0, k_row, 0};
const FuncDef func_record_field = {
    "fieldselect", 2, {TYPE_RECORD, TYPE_INT4}, TYPE_INVALID, FUNC_STRICT, k_field, 0};

#define RC TYPE_RECORD
#define OP (FUNC_STRICT | FUNC_IS_OPERATOR)
const FuncDef func_record_defs[] = {
    {"=", 2, {RC, RC}, TYPE_BOOL, OP, k_cmp, 2981},
    {"<>", 2, {RC, RC}, TYPE_BOOL, OP, k_cmp, 2982},
    {"<", 2, {RC, RC}, TYPE_BOOL, OP, k_cmp, 2983},
    {">", 2, {RC, RC}, TYPE_BOOL, OP, k_cmp, 2984},
    {"<=", 2, {RC, RC}, TYPE_BOOL, OP, k_cmp, 2985},
    {">=", 2, {RC, RC}, TYPE_BOOL, OP, k_cmp, 2986},
};
const int func_record_ndefs = (int)(sizeof(func_record_defs) / sizeof(func_record_defs[0]));
