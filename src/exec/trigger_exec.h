/*
 * trigger_exec.h — firing triggers (CREATE TRIGGER, catalog.h CatTrigger)
 * from the write operators.
 *
 * PostgreSQL's order, which this follows:
 *   - BEFORE STATEMENT triggers fire when the operator opens, before any row;
 *   - BEFORE ROW triggers fire per row before it is checked and written: each
 *     may change NEW (INSERT, UPDATE) or skip the row (a NULL result), the
 *     next one seeing what the previous returned;
 *   - AFTER ROW and AFTER STATEMENT triggers are queued with copies of the
 *     rows (OLD, NEW as written) and fire at the end of the statement, in
 *     queue order, once every row is in: trigger_fire_queued, which the SQL
 *     layer calls when the plan has run.
 * Triggers of one kind fire in name order. An error from any trigger fails
 * the statement, whose rollback undoes its writes and the triggers' own.
 *
 * The call itself is the SQL layer's (a PL/pgSQL function run in the
 * statement's transaction), through a hook installed at startup.
 */
#ifndef OMENDB_EXEC_TRIGGER_EXEC_H
#define OMENDB_EXEC_TRIGGER_EXEC_H

#include "catalog/catalog.h"
#include "exec/operator.h"

/* Calls trigger tg for one event (a CAT_TRIG_* bit) on table t: old_row and
 * new_row are OLD and NEW (t->ncols values each, NULL where the event has
 * none; both NULL for a statement trigger). For a BEFORE ROW trigger,
 * out_row receives the row it returns (converted to t's column types, bytes
 * in arena) and *keep false when it returns NULL. 0, or -1 with err set. */
typedef int (*TriggerCallHook)(ExecState *es, const CatTrigger *tg, const CatTable *t, int event,
                               const Value *old_row, const Value *new_row, Value *out_row,
                               bool *keep, Arena *arena, OmError *err);
void trigger_set_hook(TriggerCallHook hook);

/* Whether t has an enabled trigger for event at that timing and level. */
bool trigger_exists(ExecState *es, const CatTable *t, int event, bool before, bool row);
/* The BEFORE ROW triggers of event: new_row (NEW, in/out; NULL for DELETE),
 * old_row (OLD; NULL for INSERT). set: for UPDATE, which table columns the
 * command sets (UPDATE OF triggers fire only when one of theirs is), NULL
 * otherwise. 1: write the row, 0: skip it, -1: error. */
int trigger_before_row(ExecState *es, const CatTable *t, int event, const bool *set,
                       const Value *old_row, Value *new_row, Arena *arena);
/* Queues the AFTER ROW triggers of event for one row (values copied). */
int trigger_after_row(ExecState *es, const CatTable *t, int event, const bool *set,
                      const Value *old_row, const Value *new_row);
/* BEFORE STATEMENT triggers fire now; AFTER STATEMENT ones are queued. */
int trigger_statement(ExecState *es, const CatTable *t, int event, bool before);
/* Fires the queued AFTER triggers in order and empties the queue. */
int trigger_fire_queued(ExecState *es);

/* Whether a and b (values of one column) are the same, NULL equal to NULL:
 * the columns a BEFORE UPDATE trigger changed are written with the SET ones. */
bool trigger_same_value(const Value *a, const Value *b);

/* Row `row` of t as snapshot snap sees it (all columns), bytes in arena. */
void trigger_fetch_row(ExecState *es, const CatTable *t, uint64_t row, const StorageSnapshot *snap,
                       Value *out, Arena *arena);

#endif
