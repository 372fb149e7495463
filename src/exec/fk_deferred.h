/*
 * fk_deferred.h — deferred FOREIGN KEY checks: the pending checks of a
 * session's running transaction and its SET CONSTRAINTS modes.
 *
 * A DEFERRABLE key in DEFERRED mode (INITIALLY DEFERRED, or SET CONSTRAINTS
 * ... DEFERRED in the transaction) does not check its NO ACTION rules as each
 * row is written: fk_check.c records what to check here instead, and the SQL
 * layer runs the checks at COMMIT (sql_fkey_deferred.c) or when SET
 * CONSTRAINTS makes the key IMMEDIATE. What is recorded:
 *
 * - child side: a range of rows of the referencing table that were inserted,
 *   or updated in their referencing columns. At check time each row that is
 *   still live is checked with its newest key, exactly as an immediate check
 *   does (waiting for a transaction that writes the referenced row); a row
 *   deleted since needs no check.
 * - parent side (NO ACTION only; RESTRICT, CASCADE and SET NULL act at
 *   once): the old key of a deleted referenced row or of a changed referenced
 *   key, encoded as the referenced unique index encodes it, with its text for
 *   the error's DETAIL. At check time the key passes if a live row holds it
 *   again; else every live row referencing it is an error (rows of running
 *   transactions are waited for).
 *
 * Savepoints: every entry and every SET CONSTRAINTS change carries the
 * number of savepoints open when it was made; ROLLBACK TO savepoint i drops
 * the entries made after it and restores the modes, RELEASE hands them to the
 * enclosing level. The state belongs to one session and is used only by its
 * thread; nothing here takes a lock.
 */
#ifndef OMENDB_EXEC_FK_DEFERRED_H
#define OMENDB_EXEC_FK_DEFERRED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog/catalog.h"
#include "exec/operator.h"

typedef struct FkDeferred FkDeferred;

/* An empty state (NULL when out of memory); _destroy frees it and its entries. */
FkDeferred *fk_deferred_create(void);
void fk_deferred_destroy(FkDeferred *d);

/* The state of the session behind es->session, created on first use, with
 * its savepoint level brought up to date; NULL without a session or memory
 * (the checks then run at once). Provided by the SQL layer
 * (sql/sql_fkey_deferred.c), which owns the session. */
FkDeferred *fk_deferred_of(ExecState *es);
/* Sets the number of savepoints open now (new entries are tagged with it). */
void fk_deferred_set_level(FkDeferred *d, int level);

/* Whether fk's NO ACTION checks are deferred now: false for a key that is not
 * DEFERRABLE; else the last SET CONSTRAINTS naming it, then SET CONSTRAINTS
 * ALL, then INITIALLY DEFERRED. d may be NULL (nothing deferred). */
bool fk_deferred_is_deferred(const FkDeferred *d, const CatForeignKey *fk);

/* SET CONSTRAINTS ALL (fk_oid 0) or one constraint to DEFERRED / IMMEDIATE.
 * -1 with 53200 when out of memory. */
int fk_deferred_set_mode(FkDeferred *d, Oid fk_oid, bool deferred, OmError *err);

/* Records the child-side check of rows [first, first + n) of `table` for
 * foreign key fk_oid (adjacent ranges merge). -1 with 53200. */
int fk_deferred_add_rows(FkDeferred *d, Oid table, Oid fk_oid, uint64_t first, uint64_t n,
                         OmError *err);
/* Records the parent-side check of key[0..len) (the referenced index's
 * encoding) of foreign key fk_oid of referencing table `table`; names / vals
 * are the key's columns and values as the DETAIL shows them. Copies all. */
int fk_deferred_add_key(FkDeferred *d, Oid table, Oid fk_oid, const uint8_t *key, size_t len,
                        const char *names, const char *vals, OmError *err);

/* True if checks are pending. */
bool fk_deferred_pending(const FkDeferred *d);
/* Runs the pending checks (all of them, or only those whose key is no longer
 * deferred) and forgets those that passed; the first failure is returned
 * (-1, es->err: 23503, or a wait's error). es: the transaction's, with the
 * catalog lock held shared. */
int fk_deferred_run(ExecState *es, FkDeferred *d, bool all);

/* Transaction events: its end (everything forgotten), ROLLBACK TO savepoint
 * index i (-1: the whole transaction's work) and RELEASE of savepoint i. */
void fk_deferred_reset(FkDeferred *d);
void fk_deferred_rollback_to(FkDeferred *d, int i);
void fk_deferred_release(FkDeferred *d, int i);

#endif
