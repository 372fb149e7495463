/*
 * record.c — reading, writing and printing the stored form of anonymous
 * records (record.h).
 *
 * Invariant: record_write only produces bytes record_view accepts; readers
 * check every length against the bytes they were given.
 */
#include "catalog/record.h"

#include <string.h>

#include "catalog/packed_value.h"
#include "catalog/type_io.h"
#include "catalog/type_io_int.h"

_Static_assert(TYPE__COUNT <= 256, "a record stores each field's TypeId in one byte");

static int corrupt(OmError *err)
{
    if (err) ERR(err, SQLSTATE_DATA_CORRUPTED, "record value is damaged");
    return -1;
}

int record_view(const StrView *s, RecordView *rv, OmError *err)
{
    const char *p = strview_data(s), *end = p + s->len;
    memset(rv, 0, sizeof(*rv));
    if (s->len < 8) return corrupt(err);
    uint32_t n = packed_u32_read(p);
    rv->text_bound = packed_u32_read(p + 4);
    p += 8;
    size_t nb = ((size_t)n + 7) / 8;
    if (n > RECORD_MAX_FIELDS || (size_t)(end - p) < (size_t)n + nb) return corrupt(err);
    rv->nfields = n;
    rv->types = (const uint8_t *)p;
    for (uint32_t i = 0; i < n; i++)
        if (rv->types[i] <= TYPE_UNKNOWN || rv->types[i] >= TYPE__COUNT) return corrupt(err);
    p += n;
    rv->nulls = (const uint8_t *)p;
    p += nb;
    rv->data = p;
    rv->end = end;
    return 0;
}

void record_iter_init(RecordIter *it, const RecordView *rv)
{
    it->rv = rv;
    it->index = 0;
    it->pos = rv->data;
}

bool record_iter_next(RecordIter *it, Value *out)
{
    const RecordView *rv = it->rv;
    if (it->index >= rv->nfields) return false;
    uint32_t i = it->index++;
    TypeId t = (TypeId)rv->types[i];
    if ((rv->nulls[i >> 3] >> (i & 7)) & 1) {
        memset(out, 0, sizeof(*out));
        out->type = OM_TYPE(t);
        out->is_null = true;
        return true;
    }
    if (!packed_value_read(t, &it->pos, rv->end, out)) { /* damaged: stop with a NULL */
        it->index = rv->nfields;
        out->is_null = true;
    }
    return true;
}

bool record_field(const StrView *s, uint32_t index, Value *out)
{
    RecordView rv;
    if (record_view(s, &rv, NULL) != 0 || index >= rv.nfields) return false;
    RecordIter it;
    record_iter_init(&it, &rv);
    for (uint32_t i = 0; i <= index; i++)
        if (!record_iter_next(&it, out)) return false;
    return true;
}

void record_null_fields(const StrView *s, bool *all_null, bool *any_null)
{
    RecordView rv;
    *all_null = true;
    *any_null = false;
    if (record_view(s, &rv, NULL) != 0) return;
    for (uint32_t i = 0; i < rv.nfields; i++) {
        bool null = (rv.nulls[i >> 3] >> (i & 7)) & 1;
        *all_null &= null;
        *any_null |= null;
    }
}

/* The longest text form a field of this value can have in record_out,
 * quotes and their doubling included: strings may be all quotes (each
 * doubled), bytea prints two digits per byte after a backslash (doubled), an
 * array element at most 20 characters per stored byte plus punctuation, a
 * scalar at most 260 (a numeric of 255 decimals). */
static uint64_t field_text_bound(TypeId t, const Value *v)
{
    if (v->is_null) return 0;
    uint64_t len = type_is_varlena(t) ? v->u.str.len : 0;
    if (t == TYPE_RECORD) {
        RecordView nested;
        len = record_view(&v->u.str, &nested, NULL) == 0 ? nested.text_bound : 0;
    } else if (t == TYPE_BYTEA) {
        len = 2 * len + 4;
    } else if (type_is_array(t)) {
        len = 20 * len + 64;
    } else if (!type_is_varlena(t)) {
        len = 260;
    }
    return 2 * len + 2;
}

/* An untyped literal (or a NULL of no type) is stored as text. */
static TypeId stored_type(TypeId t)
{
    return t == TYPE_NULL || t == TYPE_UNKNOWN ? TYPE_TEXT : t;
}

void record_write(const Value *fields, uint32_t n, StrBuf *out)
{
    uint64_t bound = 2 + (n > 0 ? n - 1 : 0);
    for (uint32_t i = 0; i < n; i++)
        bound += field_text_bound(stored_type(fields[i].type.id), &fields[i]);
    packed_u32_write(out, n);
    packed_u32_write(out, bound > UINT32_MAX ? UINT32_MAX : (uint32_t)bound);
    for (uint32_t i = 0; i < n; i++) {
        strbuf_putc(out, (char)(uint8_t)stored_type(fields[i].type.id));
    }
    size_t at = out->len, nb = ((size_t)n + 7) / 8;
    for (size_t i = 0; i < nb; i++) strbuf_putc(out, 0);
    for (uint32_t i = 0; i < n; i++)
        if (fields[i].is_null) out->data[at + (i >> 3)] |= (char)(1u << (i & 7));
    for (uint32_t i = 0; i < n; i++)
        if (!fields[i].is_null) packed_value_write(stored_type(fields[i].type.id), &fields[i], out);
}

/* One field as record_out writes it (rowtypes.c): quoted when it is empty or
 * holds a special character or white space, a quote or backslash inside
 * doubled. */
static void put_field(const Value *v, const SessionSettings *settings, StrBuf *out, StrBuf *tmp)
{
    if (v->is_null) return;
    strbuf_reset(tmp);
    type_text_out(v->type, &v->u, settings, tmp);
    om_put_quoted_member(out, tmp->data ? tmp->data : "", tmp->len, tmp->len == 0, "\"\\(),", 0);
}

void record_text_out(const StrView *s, const SessionSettings *settings, StrBuf *out)
{
    RecordView rv;
    strbuf_putc(out, '(');
    if (record_view(s, &rv, NULL) == 0) {
        StrBuf tmp;
        strbuf_init(&tmp, NULL);
        RecordIter it;
        record_iter_init(&it, &rv);
        Value v;
        for (uint32_t i = 0; record_iter_next(&it, &v); i++) {
            if (i) strbuf_putc(out, ',');
            put_field(&v, settings, out, &tmp);
        }
        strbuf_fini(&tmp);
    }
    strbuf_putc(out, ')');
}
