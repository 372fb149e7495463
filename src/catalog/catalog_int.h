/*
 * catalog_int.h — private to src/catalog/catalog*.c: the Catalog object
 * itself. Tables and views live in separate arrays of pointers (creation
 * order, stable until dropped): code that walks the tables never meets a view,
 * which has no storage.
 */
#ifndef OMENDB_CATALOG_CATALOG_INT_H
#define OMENDB_CATALOG_CATALOG_INT_H

#include <stdatomic.h>

#include "catalog/catalog.h"

struct Catalog {
    pthread_rwlock_t lock;
    Oid next_oid;
    pthread_mutex_t oid_mu;
    int nschemas, cap_schemas;
    CatSchema **schemas;
    int ntables, cap_tables;
    CatTable **tables;
    int nviews, cap_views;
    CatView **views; /* catalog_view.c */
    int nseqs, cap_seqs;
    CatSequence **seqs; /* catalog_sequence.c */
    CatSequenceLog seq_log;
    int ncomments, cap_comments;
    CatComment *comments; /* catalog_comment.c */
    int nfuncs, cap_funcs;
    CatFunction **funcs; /* catalog_function.c */
    int ntriggers, cap_triggers;
    CatTrigger **triggers;        /* catalog_trigger.c */
    struct CatEnumSet *enums;     /* catalog_enum.c: the live enum types (atomic) */
    struct CatEnumSet *enums_old; /* the lists it replaced, and dropped types */
    atomic_uint_fast64_t version; /* bumped by every exclusive lock (DDL) */
};

/* catalog_view.c: frees one view (not unlinked). */
void catalog_view_free(CatView *v);
/* Unlinks and frees every view of `schema` and every view that depends,
 * directly or through other views, on a relation of it (DROP SCHEMA CASCADE). */
void catalog_view_drop_schema(Catalog *cat, const CatSchema *schema);
/* True if a relation v reads no longer exists. */
bool catalog_view_reads_missing(Catalog *cat, const CatView *v);

/* catalog_trigger.c: frees every trigger; drops those of a table. */
void catalog_trigger_free_all(Catalog *cat);
void catalog_trigger_drop_table(Catalog *cat, Oid table);

/* catalog_enum.c: frees every enum type, label list and replaced list. */
void catalog_enum_free_all(Catalog *cat);

/* catalog_function.c: frees every function (catalog_destroy). */
void catalog_function_free_all(Catalog *cat);

/* catalog_comment.c: frees every comment kept by OID (catalog_destroy). */
void catalog_comment_free_all(Catalog *cat);

/* catalog_sequence.c: frees one sequence (not unlinked); unlinks and frees
 * the sequences of a schema (DROP SCHEMA CASCADE). */
void catalog_sequence_free(CatSequence *s);
void catalog_sequence_drop_schema(Catalog *cat, const CatSchema *schema);

#endif
