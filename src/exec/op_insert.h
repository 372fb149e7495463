/*
 * op_insert.h — state and helpers shared by op_insert.c (INSERT) and
 * op_insert_conflict.c (ON CONFLICT, row by row). Internal to src/exec.
 */
#ifndef OMENDB_EXEC_OP_INSERT_H
#define OMENDB_EXEC_OP_INSERT_H

#include "catalog/catalog.h"
#include "exec/operator.h"
#include "storage/unique_index.h"

typedef struct InsertState {
    CatTable *table;
    StorageTable *storage;
    int *src_of_col;        /* table column -> child column, or -1 */
    Vector *defaults;       /* per table column not given: CONSTANT default (or NULL) */
    bool *volatile_default; /* per table column: evaluate the default per row */
    Chunk row;              /* the full table row being built */
    bool done;
    uint64_t inserted;
    UniqueKey key;                    /* the encoded keys of one chunk, concatenated */
    uint32_t *key_off;                /* [VECTOR_SIZE], written before read (not zeroed: */
    uint32_t *key_len;                /* 16 KB of memset per INSERT); 0: key has a NULL */
    const struct UniqueBound **bound; /* per unique index: computed definition, or NULL
                                       * (the array NULL when none is computed) */
    Chunk out;                        /* RETURNING rows */
    uint64_t *mine;                   /* ON CONFLICT: rows this command inserted (ascending) */
    size_t nmine, capmine;
    bool trig_before, trig_after; /* the table has BEFORE / AFTER ROW INSERT triggers */
    Value *trig_row;              /* one row's values for them (table ncols) */
} InsertState;

/* 23502 for row `pos` and column `col` (message and "Failing row contains"). */
int insert_not_null_error(Operator *op, InsertState *st, uint32_t pos, int col);
/* With the index lock held: appends and indexes every row of `row`. Returns 0
 * (*first = first row id), -1 on error (23505 ...), 2 when a key is held by
 * another running transaction *busy (this attempt is undone: unlock, wait,
 * retry). */
int insert_rows_locked(Operator *op, InsertState *st, const Chunk *row, uint64_t *first,
                       uint64_t *busy);
/* ON CONFLICT for row i of `row`: 1 inserted or updated (*out_row = its row
 * id), 0 skipped, -1 error. */
int insert_row_on_conflict(Operator *op, InsertState *st, const Chunk *row, uint32_t i,
                           uint64_t *out_row);

#endif
