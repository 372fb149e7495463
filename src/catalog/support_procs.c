/*
 * support_procs.c — the table behind support_procs.h. It is computed, not
 * stored: entry i is a (type, kind) pair over the types with I/O functions of
 * their own (not arrays, but int2vector and oidvector), then the
 * array, record and unknown I/O functions, then the handlers.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/support_procs.h"

#define OID_CSTRING  2275
#define OID_INTERNAL 2281

static const char *const KIND_SUFFIX[4] = {"in", "out", "recv", "send"};

/* The types whose I/O functions PostgreSQL names with an underscore
 * ("date_in"); the others are the type name and the suffix ("int4in"). */
static bool underscore_name(TypeId t)
{
    switch (t) {
    case TYPE_DATE:
    case TYPE_TIME:
    case TYPE_TIMESTAMP:
    case TYPE_TIMESTAMPTZ:
    case TYPE_INTERVAL:
    case TYPE_NUMERIC:
    case TYPE_UUID:
    case TYPE_JSON:
    case TYPE_JSONB:
    case TYPE_INET:
    case TYPE_CIDR:
    case TYPE_VOID:
        return true;
    default:
        return false;
    }
}

/* The non-array types with I/O functions of their own, in TypeId order
 * (record has the shared record_in ...). */
static bool has_own_io(TypeId t)
{
    return t >= TYPE_BOOL && t < TYPE__COUNT && t != TYPE_RECORD && t != TYPE_ENUM &&
           (!type_is_array(t) || t == TYPE_INT2VECTOR || t == TYPE_OIDVECTOR);
}

static int own_io_types(void)
{
    int n = 0;
    for (int t = TYPE_BOOL; t < TYPE__COUNT; t++) n += has_own_io((TypeId)t);
    return n;
}

static const struct {
    Oid oids[4];
    const char *names[4];
} SHARED[] = {
    {{750, 751, 2400, 2401}, {"array_in", "array_out", "array_recv", "array_send"}},
    {{2290, 2291, 2402, 2403}, {"record_in", "record_out", "record_recv", "record_send"}},
    {{109, 110, 2416, 2417}, {"unknownin", "unknownout", "unknownrecv", "unknownsend"}},
    {{3504, 3505, 3532, 3533}, {"enum_in", "enum_out", "enum_recv", "enum_send"}},
};

static const struct {
    Oid oid;
    const char *name;
    Oid rettype;
} HANDLERS[] = {
    {SUPPORT_PROC_ARRAY_SUBSCRIPT, "array_subscript_handler", OID_INTERNAL},
    {SUPPORT_PROC_HEAP_HANDLER, "heap_tableam_handler", 269 /* table_am_handler */},
    {SUPPORT_PROC_BTREE_HANDLER, "bthandler", 325 /* index_am_handler */},
    {331, "hashhandler", 325},
    {332, "gisthandler", 325},
    {333, "ginhandler", 325},
    {334, "spghandler", 325},
    {335, "brinhandler", 325},
};

Oid support_proc_type_io(TypeId t, SupportIo k)
{
    if (has_own_io(t)) return (Oid)(SUPPORT_PROC_OID_BASE + 4 * (int)t + (int)k);
    if (t == TYPE_RECORD) return support_proc_record_io(k);
    if (t == TYPE_ENUM) return SHARED[3].oids[k];
    return type_is_array(t) ? SHARED[0].oids[k] : 0;
}

Oid support_proc_record_io(SupportIo k)
{
    return SHARED[1].oids[k];
}

Oid support_proc_unknown_io(SupportIo k)
{
    return SHARED[2].oids[k];
}

int support_proc_count(void)
{
    return 4 * own_io_types() + 4 * (int)(sizeof(SHARED) / sizeof(SHARED[0])) +
           (int)(sizeof(HANDLERS) / sizeof(HANDLERS[0]));
}

/* Argument and result of an I/O function of a type with OID `type`. */
static void io_signature(Oid type, SupportIo k, SupportProc *out)
{
    out->rettype = k == SUPPORT_IN || k == SUPPORT_RECV ? type
                   : k == SUPPORT_OUT                   ? OID_CSTRING
                                                        : 17;
    out->argtype = k == SUPPORT_IN ? OID_CSTRING : k == SUPPORT_RECV ? OID_INTERNAL : type;
}

void support_proc_at(int i, SupportProc *out)
{
    memset(out, 0, sizeof(*out));
    int own = 4 * own_io_types();
    if (i < own) {
        int want = i / 4, seen = 0;
        SupportIo k = (SupportIo)(i % 4);
        for (int t = TYPE_BOOL; t < TYPE__COUNT; t++) {
            if (!has_own_io((TypeId)t) || seen++ != want) continue;
            const TypeInfo *ti = type_info((TypeId)t);
            out->oid = support_proc_type_io((TypeId)t, k);
            snprintf(out->name, sizeof(out->name), "%s%s%s", ti->name,
                     underscore_name((TypeId)t) ? "_" : "", KIND_SUFFIX[k]);
            io_signature(ti->oid, k, out);
            return;
        }
        return;
    }
    i -= own;
    int nshared = 4 * (int)(sizeof(SHARED) / sizeof(SHARED[0]));
    if (i < nshared) {
        SupportIo k = (SupportIo)(i % 4);
        out->oid = SHARED[i / 4].oids[k];
        snprintf(out->name, sizeof(out->name), "%s", SHARED[i / 4].names[k]);
        Oid any[] = {2277 /* anyarray */, 2249 /* record */, OID_UNKNOWN, OID_ANYENUM};
        io_signature(any[i / 4], k, out);
        return;
    }
    i -= nshared;
    if (i < (int)(sizeof(HANDLERS) / sizeof(HANDLERS[0]))) {
        out->oid = HANDLERS[i].oid;
        snprintf(out->name, sizeof(out->name), "%s", HANDLERS[i].name);
        out->rettype = HANDLERS[i].rettype;
        out->argtype = OID_INTERNAL;
    }
}

bool support_proc_name(Oid oid, char *buf, size_t cap)
{
    if (oid >= SUPPORT_PROC_OID_BASE && oid < SUPPORT_PROC_OID_BASE + 4 * TYPE__COUNT) {
        TypeId t = (TypeId)((oid - SUPPORT_PROC_OID_BASE) / 4);
        if (!has_own_io(t)) return false;
        snprintf(buf, cap, "%s%s%s", type_info(t)->name, underscore_name(t) ? "_" : "",
                 KIND_SUFFIX[(oid - SUPPORT_PROC_OID_BASE) % 4]);
        return true;
    }
    for (size_t i = 0; i < sizeof(SHARED) / sizeof(SHARED[0]); i++)
        for (int k = 0; k < 4; k++)
            if (SHARED[i].oids[k] == oid) {
                snprintf(buf, cap, "%s", SHARED[i].names[k]);
                return true;
            }
    for (size_t i = 0; i < sizeof(HANDLERS) / sizeof(HANDLERS[0]); i++)
        if (HANDLERS[i].oid == oid) {
            snprintf(buf, cap, "%s", HANDLERS[i].name);
            return true;
        }
    return false;
}

Oid support_proc_lookup(const char *name)
{
    int n = support_proc_count();
    for (int i = 0; i < n; i++) {
        SupportProc p;
        support_proc_at(i, &p);
        if (strcmp(p.name, name) == 0) return p.oid;
    }
    return 0;
}
