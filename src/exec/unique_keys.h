/*
 * unique_keys.h — the keys a writer puts into a table's unique indexes, for
 * every kind of unique index: over columns, or computed (an expression key or
 * a predicate, CREATE UNIQUE INDEX ... ((lower(email))) WHERE deleted_at IS
 * NULL). Internal to src/exec (INSERT, COPY, ON CONFLICT, UPDATE, foreign-key
 * actions) and the SQL layer's index builder.
 *
 * A computed index's expressions are bound by the SQL layer (es->unique_bind,
 * sql/sql_index_unique.c) into a UniqueBound over the full table row; a row is
 * in the index iff its predicate is true, and then its key is the key
 * expressions' values encoded like column values (unique_key_add). A row that
 * is left out, or whose key has a NULL, never conflicts. Tables without a
 * computed index never reach the evaluation: the column path is the one they
 * always had.
 */
#ifndef OMENDB_EXEC_UNIQUE_KEYS_H
#define OMENDB_EXEC_UNIQUE_KEYS_H

#include "catalog/catalog.h"
#include "common/strbuf.h"
#include "exec/operator.h"
#include "storage/unique_index.h"

/* A computed unique index as one statement evaluates it. Bound by the SQL
 * layer; lives at least as long as the statement; read-only. */
typedef struct UniqueBound {
    int nkeys;
    const Expr *keys[16]; /* key k over the full table row (EXPR_COLUMN c = column c) */
    const Expr *pred;     /* rows in the index: pred true (NULL: every row) */
    int nread;
    int reads[STORAGE_UNIQUE_COLS]; /* the columns keys and pred read */
} UniqueBound;

/* The bound definition of unique index `slot` of t: *out = NULL for an index
 * over columns. 0, or -1 with es->err when binding fails. */
int unique_keys_bound(ExecState *es, const CatTable *t, int slot, const UniqueBound **out);

/* Encodes the keys of rows [0, limit) (chunk order) of `rows`, a full table
 * row, for index `slot`: row i's key is key->data[off[i] .. off[i] + len[i]),
 * len[i] == 0 when it has none (a NULL, or a computed index's predicate is not
 * true). b: unique_keys_bound's answer; ev evaluates it (results in ev->arena).
 * 0, or -1 with ev->err (53200, or an error of the expressions). */
int unique_keys_encode(const StorageTable *storage, int slot, const UniqueBound *b, EvalCtx *ev,
                       const Chunk *rows, uint32_t limit, UniqueKey *key, uint32_t *off,
                       uint32_t *len);

/* The key of stored row `row` of t for index `slot`, from its newest values
 * (this transaction's own writes included): 0, 1 no key, -1 with es->err. */
int unique_keys_row(ExecState *es, const CatTable *t, int slot, uint64_t row, UniqueKey *out);

/* storage_key_holder for any unique index: whether `row`, the entry under
 * key[0..len), holds that key for a new row of transaction txn. */
RowLiveness unique_keys_holder(ExecState *es, const CatTable *t, int slot, uint64_t row,
                               const uint8_t *key, size_t len, uint64_t txn, uint64_t *holder);

/* The 23505 "duplicate key value violates unique constraint" of index `slot`
 * for row `pos` (a physical position) of the full-row chunk `rows`, with
 * PostgreSQL's DETAIL "Key (...)=(...) already exists.". Returns -1. */
int unique_keys_violation(ExecState *es, EvalCtx *ev, const CatTable *t, int slot,
                          const Chunk *rows, uint32_t pos);
/* The same for stored row `row` (its newest values). Returns -1. */
int unique_keys_row_violation(ExecState *es, const CatTable *t, int slot, uint64_t row);
/* Appends "(names)=(values)" of row `pos` of `rows` for index con of t, as
 * PostgreSQL's DETAIL shows a key. 0, or -1 when evaluating fails. */
int unique_keys_describe(ExecState *es, EvalCtx *ev, const CatTable *t, const CatConstraint *con,
                         const UniqueBound *b, const Chunk *rows, uint32_t pos, StrBuf *out);

/* A one-row chunk (full table row, NULL where not fetched) holding the newest
 * values of stored row `row`: every column, or only reads[0..nread). Strings
 * are copied into `arena`. */
void unique_keys_fetch_row(const CatTable *t, uint64_t row, const int *reads, int nread,
                           Arena *arena, Chunk *out);

#endif
