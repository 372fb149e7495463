/*
 * support_procs.h — the functions PostgreSQL's catalogs name but SQL does not
 * call in OmenDB: each type's input, output, receive and send functions
 * (pg_type.typinput ...) and the access-method and subscripting handlers.
 * They appear in pg_proc and through regproc ('array_in'::regproc), so that
 * clients that read the catalogs (JDBC's type cache asks `typinput =
 * 'array_in'::regproc`) get PostgreSQL's answers.
 *
 * OIDs: PostgreSQL's for the ones shared by many types (array_in 750,
 * record_in 2290, unknownin 109, the handlers); a fixed block from
 * SUPPORT_PROC_OID_BASE for the per-type ones, which no registered function
 * uses. Names as PostgreSQL spells them (int4in, date_in, textrecv, ...).
 */
#ifndef OMENDB_CATALOG_SUPPORT_PROCS_H
#define OMENDB_CATALOG_SUPPORT_PROCS_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog/types.h"

#define SUPPORT_PROC_OID_BASE 19000

typedef enum SupportIo { SUPPORT_IN, SUPPORT_OUT, SUPPORT_RECV, SUPPORT_SEND } SupportIo;

typedef struct SupportProc {
    Oid oid;
    char name[64];
    Oid rettype; /* pg_proc.prorettype */
    Oid argtype; /* its one argument */
} SupportProc;

/* The I/O function of type t (arrays: array_in ...). */
Oid support_proc_type_io(TypeId t, SupportIo k);
/* The I/O functions of composite (record) and unknown types. */
Oid support_proc_record_io(SupportIo k);
Oid support_proc_unknown_io(SupportIo k);
#define SUPPORT_PROC_ARRAY_SUBSCRIPT 6179 /* array_subscript_handler */
#define SUPPORT_PROC_HEAP_HANDLER    3    /* heap_tableam_handler */
#define SUPPORT_PROC_BTREE_HANDLER   330  /* bthandler */

/* Every support function, i in [0, support_proc_count()). */
int support_proc_count(void);
void support_proc_at(int i, SupportProc *out);
/* Name of a support function's OID; false if the OID is not one. */
bool support_proc_name(Oid oid, char *buf, size_t cap);
/* OID of the support function called name, or 0. */
Oid support_proc_lookup(const char *name);

#endif
