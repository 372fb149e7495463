/*
 * packed_value.c — the packed form of one array element or record field
 * (packed_value.h).
 */
#include "catalog/packed_value.h"

#include <string.h>

uint32_t packed_u32_read(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

void packed_u32_write(StrBuf *out, uint32_t v)
{
    strbuf_append(out, (const char *)&v, 4);
}

void packed_value_write(TypeId t, const Value *v, StrBuf *out)
{
    if (type_is_varlena(t)) {
        packed_u32_write(out, v->u.str.len);
        strbuf_append(out, strview_data(&v->u.str), v->u.str.len);
    } else if (t == TYPE_ENUM) { /* the enum type's OID, then the sort order */
        packed_u32_write(out, (uint32_t)v->type.typmod);
        strbuf_append(out, (const char *)&v->u, sizeof(double));
    } else {
        strbuf_append(out, (const char *)&v->u, type_info(t)->width);
    }
}

bool packed_value_read(TypeId t, const char **pos, const char *end, Value *out)
{
    size_t left = (size_t)(end - *pos);
    memset(out, 0, sizeof(*out));
    out->type = OM_TYPE(t);
    if (type_is_varlena(t)) {
        uint32_t len = left >= 4 ? packed_u32_read(*pos) : 0;
        if (left < 4 || left - 4 < len) return false;
        out->u.str = strview_make(*pos + 4, len);
        *pos += 4 + len;
        return true;
    }
    if (t == TYPE_ENUM) {
        if (left < 4 + sizeof(double)) return false;
        out->type.typmod = (int32_t)packed_u32_read(*pos);
        memcpy(&out->u, *pos + 4, sizeof(double));
        *pos += 4 + sizeof(double);
        return true;
    }
    size_t w = type_info(t)->width;
    if (left < w) return false;
    memcpy(&out->u, *pos, w);
    *pos += w;
    return true;
}
