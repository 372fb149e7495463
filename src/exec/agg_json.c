/*
 * agg_json.c — the json aggregates of PostgreSQL 15 (agg_registry.h):
 *
 *   json_agg(any) -> json                 [1, 2, 3]
 *   jsonb_agg(any) -> jsonb               [1, 2, 3] (canonical)
 *   json_object_agg(any, any) -> json     { "a" : 1, "b" : 2 }
 *   jsonb_object_agg(any, any) -> jsonb   {"a": 1, "b": 2} (keys sorted,
 *                                         the last of duplicates wins)
 *
 * Every value becomes JSON as to_json(b) makes it (func_json.h), json_agg
 * putting "\n " before each array value after the first; a NULL
 * value is `null`, a NULL key 22023 "field name must not be null", an array,
 * json or jsonb key 22023 "key value must be scalar, not array, composite,
 * or json". No rows give NULL.
 *
 * State: per group a StrAcc holding the raw values in arrival order (the
 * order the hash aggregate feeds them, sorted for ORDER BY inside the call),
 * each as a null flag byte then the value's bytes (fixed-width types: the
 * slot; strings: a 4-byte length and the bytes); the object aggregates store
 * the key, then the value. The JSON text is written at finalisation, where
 * the session's settings (TimeZone for timestamptz) are at hand; jsonb
 * results are then read back through jsonb input, which sorts and
 * deduplicates keys as PostgreSQL's jsonb does.
 */
#include <string.h>

#include "exec/agg_int.h"
#include "exec/func_json.h"

/* Reads back one value stored by agg_acc_put_value at *p and advances *p. */
static void acc_get(const char **p, TypeId t, uint8_t w, Value *out)
{
    memset(out, 0, sizeof(*out));
    out->type = OM_TYPE(t);
    out->is_null = *(*p)++ == 0;
    if (out->is_null) return;
    if (type_is_varlena(t)) {
        uint32_t len;
        memcpy(&len, *p, 4);
        out->u.str = strview_make(*p + 4, len);
        *p += 4 + len;
    } else {
        memcpy(&out->u, *p, w);
        *p += w;
    }
}

int agg_json_update(AggState *st, const uint32_t *gid_by_row, const uint16_t *rows, uint32_t n,
                    const Vector *arg, const Vector *arg2, OmError *err)
{
    bool object = st->op == AOP_JSON_OBJECT_AGG;
    bool cst = arg->kind == VEC_CONSTANT;
    bool cst2 = object && arg2->kind == VEC_CONSTANT;
    uint8_t w2 = object ? type_info(st->in_type2)->width : 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t row = rows[i], slot = cst ? 0 : row;
        uint32_t g = gid_by_row[row];
        StrAcc *a = (StrAcc *)st->acc + g;
        if (object) {
            /* PostgreSQL checks the key as each row arrives */
            if (!validity_is_valid(arg->validity, slot))
                return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE, "field name must not be null");
            if (func_json_key_type_refused(st->in_type))
                return ERR(err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "key value must be scalar, not array, composite, or json");
        }
        agg_acc_put_value(st, a, arg, slot, st->in_type, st->in_width);
        if (object) agg_acc_put_value(st, a, arg2, cst2 ? 0 : row, st->in_type2, w2);
        st->count[g]++;
    }
    return 0;
}

int agg_json_finalize(AggState *st, uint32_t g, Vector *out, uint32_t i, EvalCtx *ctx)
{
    bool object = st->op == AOP_JSON_OBJECT_AGG;
    bool jsonb = st->out_type.id == TYPE_JSONB;
    const StrAcc *a = (const StrAcc *)st->acc + g;
    int64_t n = st->count[g];
    uint8_t w2 = object ? type_info(st->in_type2)->width : 0;
    StrBuf text, tmp;
    strbuf_init(&text, ctx->arena);
    strbuf_init(&tmp, ctx->arena);
    /* json's own spacing: json_agg "[a, b]", json_object_agg "{ k : v, ... }" */
    strbuf_puts(&text, object ? (jsonb ? "{" : "{ ") : "[");
    const char *p = a->buf;
    for (int64_t k = 0; k < n; k++) {
        if (k) strbuf_puts(&text, ", ");
        Value v;
        acc_get(&p, st->in_type, st->in_width, &v);
        if (object) {
            if (func_json_key_from_value(&v, OM_TYPE(st->in_type), ctx->settings, &text, &tmp,
                                         ctx->err) != 0)
                return -1;
            strbuf_puts(&text, jsonb ? ": " : " : ");
            acc_get(&p, st->in_type2, w2, &v);
            func_json_from_value(&v, OM_TYPE(st->in_type2), ctx->settings, &text, &tmp);
        } else {
            /* json_agg_transfn puts a line break before every array and row but the first */
            bool structured = type_is_array(st->in_type) || st->kind == AGG_JSON_AGG_ROWS;
            if (k && !jsonb && !v.is_null && structured) strbuf_puts(&text, "\n ");
            func_json_from_value(&v, OM_TYPE(st->in_type), ctx->settings, &text, &tmp);
        }
    }
    strbuf_puts(&text, object ? (jsonb ? "}" : " }") : "]");
    if (!jsonb) {
        ((StrView *)out->data)[i] = vector_add_string(out, text.data, (uint32_t)text.len);
        return 0;
    }
    StrView sv;
    if (om_json_text_in(TYPE_JSONB, text.data, text.len, out->heap, &sv, ctx->err) != 0) return -1;
    ((StrView *)out->data)[i] = sv;
    return 0;
}
