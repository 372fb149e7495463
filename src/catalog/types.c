/*
 * types.c — the static table of SQL types (pg_type facts OmenDB needs), name
 * and OID lookup, format_type() output and the string-view comparison.
 *
 * Invariant: type_table[id].id == id for every TypeId, so type_info() is an
 * array index. `width` is the vector slot size documented in types.h.
 */
#include "catalog/types.h"

#include "common/arena.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const TypeInfo type_table[TYPE__COUNT] = {
    [TYPE_INVALID] = {TYPE_INVALID, 0, "-", "-", 0, 8, TYPCAT_USER, false, TYPE_INVALID},
    [TYPE_NULL] = {TYPE_NULL, OID_UNKNOWN, "unknown", "unknown", -2, 16, TYPCAT_UNKNOWN, false,
                   TYPE_INVALID},
    [TYPE_UNKNOWN] = {TYPE_UNKNOWN, OID_UNKNOWN, "unknown", "unknown", -2, 16, TYPCAT_UNKNOWN,
                      false, TYPE_INVALID},
    [TYPE_BOOL] = {TYPE_BOOL, OID_BOOL, "bool", "boolean", 1, 1, TYPCAT_BOOL, true, TYPE_INVALID},
    [TYPE_INT2] = {TYPE_INT2, OID_INT2, "int2", "smallint", 2, 2, TYPCAT_NUMERIC, false,
                   TYPE_INVALID},
    [TYPE_INT4] = {TYPE_INT4, OID_INT4, "int4", "integer", 4, 4, TYPCAT_NUMERIC, false,
                   TYPE_INVALID},
    [TYPE_INT8] = {TYPE_INT8, OID_INT8, "int8", "bigint", 8, 8, TYPCAT_NUMERIC, false,
                   TYPE_INVALID},
    [TYPE_FLOAT4] = {TYPE_FLOAT4, OID_FLOAT4, "float4", "real", 4, 4, TYPCAT_NUMERIC, false,
                     TYPE_INVALID},
    [TYPE_FLOAT8] = {TYPE_FLOAT8, OID_FLOAT8, "float8", "double precision", 8, 8, TYPCAT_NUMERIC,
                     true, TYPE_INVALID},
    [TYPE_NUMERIC] = {TYPE_NUMERIC, OID_NUMERIC, "numeric", "numeric", -1, 16, TYPCAT_NUMERIC,
                      false, TYPE_INVALID},
    [TYPE_TEXT] = {TYPE_TEXT, OID_TEXT, "text", "text", -1, 16, TYPCAT_STRING, true, TYPE_INVALID},
    [TYPE_VARCHAR] = {TYPE_VARCHAR, OID_VARCHAR, "varchar", "character varying", -1, 16,
                      TYPCAT_STRING, false, TYPE_INVALID},
    [TYPE_BPCHAR] = {TYPE_BPCHAR, OID_BPCHAR, "bpchar", "character", -1, 16, TYPCAT_STRING, false,
                     TYPE_INVALID},
    [TYPE_BYTEA] = {TYPE_BYTEA, OID_BYTEA, "bytea", "bytea", -1, 16, TYPCAT_USER, false,
                    TYPE_INVALID},
    [TYPE_DATE] = {TYPE_DATE, OID_DATE, "date", "date", 4, 4, TYPCAT_DATETIME, false, TYPE_INVALID},
    [TYPE_TIME] = {TYPE_TIME, OID_TIME, "time", "time without time zone", 8, 8, TYPCAT_DATETIME,
                   false, TYPE_INVALID},
    [TYPE_TIMESTAMP] = {TYPE_TIMESTAMP, OID_TIMESTAMP, "timestamp", "timestamp without time zone",
                        8, 8, TYPCAT_DATETIME, false, TYPE_INVALID},
    [TYPE_TIMESTAMPTZ] = {TYPE_TIMESTAMPTZ, OID_TIMESTAMPTZ, "timestamptz",
                          "timestamp with time zone", 8, 8, TYPCAT_DATETIME, true, TYPE_INVALID},
    [TYPE_INTERVAL] = {TYPE_INTERVAL, OID_INTERVAL, "interval", "interval", 16, 16, TYPCAT_TIMESPAN,
                       true, TYPE_INVALID},
    [TYPE_UUID] = {TYPE_UUID, OID_UUID, "uuid", "uuid", 16, 16, TYPCAT_USER, false, TYPE_INVALID},
    [TYPE_NAME] = {TYPE_NAME, OID_NAME, "name", "name", 64, 16, TYPCAT_STRING, false, TYPE_INVALID},
    [TYPE_OID] = {TYPE_OID, OID_OID, "oid", "oid", 4, 8, TYPCAT_NUMERIC, true, TYPE_INVALID},
    [TYPE_REGCLASS] = {TYPE_REGCLASS, OID_REGCLASS, "regclass", "regclass", 4, 8, TYPCAT_NUMERIC,
                       false, TYPE_INVALID},
    [TYPE_REGTYPE] = {TYPE_REGTYPE, OID_REGTYPE, "regtype", "regtype", 4, 8, TYPCAT_NUMERIC, false,
                      TYPE_INVALID},
    [TYPE_CHAR] = {TYPE_CHAR, OID_CHAR, "char", "\"char\"", 1, 16, TYPCAT_STRING, false,
                   TYPE_INVALID},
#define ARRAY_TYPE(id_, oid_, name_, sql_, elem_)                                                  \
    [id_] = {id_, oid_, name_, sql_, -1, 16, TYPCAT_ARRAY, false, elem_}
    ARRAY_TYPE(TYPE_BOOL_ARRAY, 1000, "_bool", "boolean[]", TYPE_BOOL),
    ARRAY_TYPE(TYPE_INT2_ARRAY, 1005, "_int2", "smallint[]", TYPE_INT2),
    ARRAY_TYPE(TYPE_INT4_ARRAY, OID_INT4_ARRAY, "_int4", "integer[]", TYPE_INT4),
    ARRAY_TYPE(TYPE_INT8_ARRAY, 1016, "_int8", "bigint[]", TYPE_INT8),
    ARRAY_TYPE(TYPE_FLOAT4_ARRAY, 1021, "_float4", "real[]", TYPE_FLOAT4),
    ARRAY_TYPE(TYPE_FLOAT8_ARRAY, 1022, "_float8", "double precision[]", TYPE_FLOAT8),
    ARRAY_TYPE(TYPE_NUMERIC_ARRAY, 1231, "_numeric", "numeric[]", TYPE_NUMERIC),
    ARRAY_TYPE(TYPE_TEXT_ARRAY, OID_TEXT_ARRAY, "_text", "text[]", TYPE_TEXT),
    ARRAY_TYPE(TYPE_VARCHAR_ARRAY, 1015, "_varchar", "character varying[]", TYPE_VARCHAR),
    ARRAY_TYPE(TYPE_BPCHAR_ARRAY, 1014, "_bpchar", "character[]", TYPE_BPCHAR),
    ARRAY_TYPE(TYPE_BYTEA_ARRAY, 1001, "_bytea", "bytea[]", TYPE_BYTEA),
    ARRAY_TYPE(TYPE_DATE_ARRAY, 1182, "_date", "date[]", TYPE_DATE),
    ARRAY_TYPE(TYPE_TIME_ARRAY, 1183, "_time", "time without time zone[]", TYPE_TIME),
    ARRAY_TYPE(TYPE_TIMESTAMP_ARRAY, 1115, "_timestamp", "timestamp without time zone[]",
               TYPE_TIMESTAMP),
    ARRAY_TYPE(TYPE_TIMESTAMPTZ_ARRAY, 1185, "_timestamptz", "timestamp with time zone[]",
               TYPE_TIMESTAMPTZ),
    ARRAY_TYPE(TYPE_INTERVAL_ARRAY, 1187, "_interval", "interval[]", TYPE_INTERVAL),
    ARRAY_TYPE(TYPE_UUID_ARRAY, 2951, "_uuid", "uuid[]", TYPE_UUID),
    ARRAY_TYPE(TYPE_NAME_ARRAY, 1003, "_name", "name[]", TYPE_NAME),
    ARRAY_TYPE(TYPE_OID_ARRAY, 1028, "_oid", "oid[]", TYPE_OID),
    ARRAY_TYPE(TYPE_CHAR_ARRAY, 1002, "_char", "\"char\"[]", TYPE_CHAR),
    ARRAY_TYPE(TYPE_INT2VECTOR, OID_INT2VECTOR, "int2vector", "int2vector", TYPE_INT2),
    ARRAY_TYPE(TYPE_OIDVECTOR, OID_OIDVECTOR, "oidvector", "oidvector", TYPE_OID),
#undef ARRAY_TYPE
    [TYPE_JSON] = {TYPE_JSON, OID_JSON, "json", "json", -1, 16, TYPCAT_USER, false, TYPE_INVALID},
    [TYPE_JSONB] = {TYPE_JSONB, OID_JSONB, "jsonb", "jsonb", -1, 16, TYPCAT_USER, false,
                    TYPE_INVALID},
    [TYPE_INET] = {TYPE_INET, OID_INET, "inet", "inet", -1, 16, TYPCAT_NETWORK, true, TYPE_INVALID},
    [TYPE_CIDR] = {TYPE_CIDR, OID_CIDR, "cidr", "cidr", -1, 16, TYPCAT_NETWORK, false,
                   TYPE_INVALID},
    [TYPE_REGPROC] = {TYPE_REGPROC, OID_REGPROC, "regproc", "regproc", 4, 8, TYPCAT_NUMERIC, false,
                      TYPE_INVALID},
    [TYPE_VOID] = {TYPE_VOID, OID_VOID, "void", "void", 4, 16, TYPCAT_PSEUDO, false, TYPE_INVALID},
    [TYPE_RECORD] = {TYPE_RECORD, OID_RECORD, "record", "record", -1, 16, TYPCAT_PSEUDO, false,
                     TYPE_INVALID},
    /* the pseudo-type anyenum stands for the enum types, whose rows are the
     * catalog's (catalog_enum.c); typlen 4 as pg_type says for an enum */
    [TYPE_ENUM] = {TYPE_ENUM, OID_ANYENUM, "anyenum", "anyenum", 4, 8, TYPCAT_USER, false,
                   TYPE_INVALID},
    /* its array types; no pg_type row of its own (anyarray's OID stands in) */
    [TYPE_ENUM_ARRAY] = {TYPE_ENUM_ARRAY, 2277, "anyarray", "anyenum[]", -1, 16, TYPCAT_ARRAY,
                         false, TYPE_ENUM},
};

static TypeEnumHooks enum_hooks; /* set once a database opens; read-only after */

void type_set_enum_hooks(const TypeEnumHooks *hooks)
{
    if (hooks)
        enum_hooks = *hooks;
    else
        memset(&enum_hooks, 0, sizeof(enum_hooks));
}

const TypeEnumHooks *type_enum_hooks(void)
{
    return &enum_hooks;
}

TypeId type_array_elem(TypeId t)
{
    return type_is_array(t) ? type_table[t].elem : TYPE_INVALID;
}

TypeId type_array_of(TypeId elem)
{
    if (elem == TYPE_INVALID || type_is_array(elem)) return TYPE_INVALID;
    if (elem == TYPE_ENUM) return TYPE_ENUM_ARRAY;
    for (int i = TYPE_BOOL_ARRAY; i < TYPE_INT2VECTOR; i++)
        if (type_table[i].elem == elem) return (TypeId)i;
    return TYPE_INVALID;
}

const TypeInfo *type_info(TypeId id)
{
    if ((unsigned)id >= TYPE__COUNT) return &type_table[TYPE_INVALID];
    return &type_table[id];
}

TypeId type_from_oid(Oid oid)
{
    for (int i = TYPE_UNKNOWN; i < TYPE__COUNT; i++)
        if (type_table[i].oid == oid) return (TypeId)i;
    if (oid >= 16384 && enum_hooks.is_enum && enum_hooks.is_enum(enum_hooks.ctx, oid))
        return TYPE_ENUM;
    /* an enum's array type: its OID is one below the enum's */
    if (oid >= 16384 && enum_hooks.is_enum && enum_hooks.is_enum(enum_hooks.ctx, oid + 1))
        return TYPE_ENUM_ARRAY;
    return TYPE_INVALID;
}

OmType type_from_oid_typed(Oid oid)
{
    TypeId id = type_from_oid(oid);
    if (id == TYPE_ENUM && oid != OID_ANYENUM) return (OmType){id, (int32_t)oid};
    if (id == TYPE_ENUM_ARRAY && oid != 2277) return (OmType){id, (int32_t)oid + 1};
    return (OmType){id, TYPMOD_NONE};
}

static const struct {
    const char *name;
    TypeId id;
} type_aliases[] = {
    {"bool", TYPE_BOOL},
    {"boolean", TYPE_BOOL},
    {"int2", TYPE_INT2},
    {"smallint", TYPE_INT2},
    {"int4", TYPE_INT4},
    {"int", TYPE_INT4},
    {"integer", TYPE_INT4},
    {"int8", TYPE_INT8},
    {"bigint", TYPE_INT8},
    {"float4", TYPE_FLOAT4},
    {"real", TYPE_FLOAT4},
    {"float8", TYPE_FLOAT8},
    {"float", TYPE_FLOAT8},
    {"double precision", TYPE_FLOAT8},
    {"numeric", TYPE_NUMERIC},
    {"decimal", TYPE_NUMERIC},
    {"text", TYPE_TEXT},
    {"varchar", TYPE_VARCHAR},
    {"character varying", TYPE_VARCHAR},
    {"char varying", TYPE_VARCHAR},
    {"bpchar", TYPE_BPCHAR},
    {"character", TYPE_BPCHAR},
    {"bytea", TYPE_BYTEA},
    {"date", TYPE_DATE},
    {"time", TYPE_TIME},
    {"time without time zone", TYPE_TIME},
    {"timestamp", TYPE_TIMESTAMP},
    {"timestamp without time zone", TYPE_TIMESTAMP},
    {"timestamptz", TYPE_TIMESTAMPTZ},
    {"timestamp with time zone", TYPE_TIMESTAMPTZ},
    {"interval", TYPE_INTERVAL},
    {"uuid", TYPE_UUID},
    {"name", TYPE_NAME},
    {"oid", TYPE_OID},
    {"regclass", TYPE_REGCLASS},
    {"regtype", TYPE_REGTYPE},
    {"\"char\"", TYPE_CHAR},
    {"unknown", TYPE_UNKNOWN},
    {"json", TYPE_JSON},
    {"jsonb", TYPE_JSONB},
    {"inet", TYPE_INET},
    {"cidr", TYPE_CIDR},
    {"regproc", TYPE_REGPROC},
    {"void", TYPE_VOID},
    {"record", TYPE_RECORD},
};

TypeId type_from_name(const char *name)
{
    if (name == NULL) return TYPE_INVALID;
    if (strncasecmp(name, "pg_catalog.", 11) == 0) name += 11;
    for (size_t i = 0; i < sizeof(type_aliases) / sizeof(type_aliases[0]); i++)
        if (strcasecmp(name, type_aliases[i].name) == 0) return type_aliases[i].id;
    /* SQL "char" without length is bpchar(1) in SQL but the grammar maps it;
     * a bare "char" type name from pg_type means the one-byte type. */
    if (strcmp(name, "char") == 0) return TYPE_CHAR;
    /* pg_type names: "_int4" is int4[]; int2vector, oidvector */
    for (int i = TYPE_BOOL_ARRAY; i <= TYPE_OIDVECTOR; i++)
        if (strcasecmp(name, type_table[i].name) == 0) return (TypeId)i;
    return TYPE_INVALID;
}

const char *type_interval_fields(int range)
{
    static const struct {
        int mask;
        const char *name;
    } ranges[] = {
        {INTERVAL_RANGE_YEAR, " year"},
        {INTERVAL_RANGE_MONTH, " month"},
        {INTERVAL_RANGE_DAY, " day"},
        {INTERVAL_RANGE_HOUR, " hour"},
        {INTERVAL_RANGE_MINUTE, " minute"},
        {INTERVAL_RANGE_SECOND, " second"},
        {INTERVAL_RANGE_YEAR | INTERVAL_RANGE_MONTH, " year to month"},
        {INTERVAL_RANGE_DAY | INTERVAL_RANGE_HOUR, " day to hour"},
        {INTERVAL_RANGE_DAY | INTERVAL_RANGE_HOUR | INTERVAL_RANGE_MINUTE, " day to minute"},
        {INTERVAL_RANGE_DAY | INTERVAL_RANGE_HOUR | INTERVAL_RANGE_MINUTE | INTERVAL_RANGE_SECOND,
         " day to second"},
        {INTERVAL_RANGE_HOUR | INTERVAL_RANGE_MINUTE, " hour to minute"},
        {INTERVAL_RANGE_HOUR | INTERVAL_RANGE_MINUTE | INTERVAL_RANGE_SECOND, " hour to second"},
        {INTERVAL_RANGE_MINUTE | INTERVAL_RANGE_SECOND, " minute to second"},
    };
    for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
        if (ranges[i].mask == range) return ranges[i].name;
    return NULL;
}

void type_format(OmType type, char *buf, size_t cap)
{
    type_format_path(type, NULL, buf, cap);
}

void type_format_path(OmType type, const char *search_path, char *buf, size_t cap)
{
    const TypeInfo *ti = type_info(type.id);
    int32_t tm = type.typmod;
    if (cap == 0) return;
    switch (type.id) {
    case TYPE_VARCHAR:
    case TYPE_BPCHAR:
        if (tm >= 4) {
            snprintf(buf, cap, "%s(%d)", ti->sql_name, tm - 4);
            return;
        }
        if (type.id == TYPE_BPCHAR) {
            snprintf(buf, cap, "bpchar");
            return;
        }
        break;
    case TYPE_NUMERIC:
        if (tm >= 4) {
            snprintf(buf, cap, "numeric(%d,%d)", typmod_numeric_precision(tm),
                     typmod_numeric_scale(tm));
            return;
        }
        break;
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
        if (tm >= 0) {
            snprintf(buf, cap, "timestamp(%d) %s", tm,
                     type.id == TYPE_TIMESTAMP ? "without time zone" : "with time zone");
            return;
        }
        break;
    case TYPE_INTERVAL:
        if (tm >= 0) {
            int range = (tm >> 16) & 0x7FFF, prec = tm & 0xFFFF;
            const char *fields = type_interval_fields(range);
            if (!fields) fields = "";
            if (prec != 0xFFFF)
                snprintf(buf, cap, "interval%s(%d)", fields, prec);
            else
                snprintf(buf, cap, "interval%s", fields);
            return;
        }
        break;
    case TYPE_TIME:
        if (tm >= 0) {
            snprintf(buf, cap, "time(%d) without time zone", tm);
            return;
        }
        break;
    case TYPE_ENUM:
        if (tm > 0 && enum_hooks.name &&
            enum_hooks.name(enum_hooks.ctx, (Oid)tm, search_path, buf, cap))
            return;
        break;
    default:
        break;
    }
    if (type_is_array(type.id) && type.id != TYPE_INT2VECTOR && type.id != TYPE_OIDVECTOR) {
        /* the element's name with its typmod, then [] */
        type_format_path((OmType){ti->elem, tm}, search_path, buf, cap);
        size_t len = strlen(buf);
        if (len + 2 < cap) memcpy(buf + len, "[]", 3);
        return;
    }
    snprintf(buf, cap, "%s", ti->sql_name);
}

const char *type_name_of(OmType type, char *buf, size_t cap)
{
    if ((type.id == TYPE_ENUM || type.id == TYPE_ENUM_ARRAY) && type.typmod > 0) {
        type_format(type, buf, cap);
        return buf;
    }
    return type_info(type.id)->sql_name;
}

int strview_cmp(const StrView *a, const StrView *b)
{
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->prefix, b->prefix, n < 4 ? n : 4);
    if (c == 0 && n > 4) c = memcmp(strview_data(a) + 4, strview_data(b) + 4, n - 4);
    if (c != 0) return c < 0 ? -1 : 1;
    return a->len < b->len ? -1 : (a->len > b->len ? 1 : 0);
}

bool value_int_to_type(Value *v, OmType type)
{
    if (v->type.id == type.id) return true;
    if (!type_is_integer(v->type.id) || !type_is_integer(type.id)) return false;
    int64_t x = v->type.id == TYPE_INT2 ? v->u.i16 : v->type.id == TYPE_INT4 ? v->u.i32 : v->u.i64;
    switch (type.id) {
    case TYPE_INT2:
        if (x < INT16_MIN || x > INT16_MAX) return false;
        v->u.i16 = (int16_t)x;
        break;
    case TYPE_INT4:
        if (x < INT32_MIN || x > INT32_MAX) return false;
        v->u.i32 = (int32_t)x;
        break;
    default:
        v->u.i64 = x;
        break;
    }
    v->type = type;
    return true;
}

void value_copy(Value *dst, const Value *src, Arena *arena)
{
    *dst = *src;
    if (src->is_null || !type_is_varlena(src->type.id)) return;
    uint32_t len = src->u.str.len;
    if (len <= STRVIEW_INLINE_MAX) return; /* the bytes are in the view itself */
    char *bytes = arena_alloc(arena, len);
    memcpy(bytes, strview_data(&src->u.str), len);
    dst->u.str = strview_make(bytes, len);
}
