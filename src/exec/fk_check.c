/*
 * fk_check.c — FOREIGN KEY enforcement, row by row, as the writes happen.
 *
 * Child side (INSERT, UPDATE of the referencing columns): the new key is
 * looked up in the referenced table's unique index; the row found must hold
 * that key and be live (committed, or this transaction's). A row another
 * running transaction is writing is waited for, then looked at again.
 * MATCH SIMPLE: a key with a NULL references nothing.
 *
 * Parent side (DELETE, UPDATE of a referenced key): every referencing table
 * is scanned for rows whose newest key equals the old key; a live one is an
 * error (NO ACTION / RESTRICT), is deleted (ON DELETE CASCADE), gets NULLs
 * (ON DELETE / ON UPDATE SET NULL) or the parent's new key (ON UPDATE
 * CASCADE); a row another running transaction writes is waited for. (Without
 * an index on the referencing columns the scan reads the whole table, as
 * PostgreSQL's check does without one.) A referencing row changed by an
 * action is then treated as an UPDATE of those columns: its unique indexes
 * take the new key, rows referencing it get their own actions (cascades
 * nest, at most 64 deep) and its other foreign keys over the columns are
 * checked. Its CHECK constraints are not evaluated (they are bound by the
 * planner for the statement's own table): sql_fkey.c refuses ON UPDATE
 * actions over columns that a CHECK constraint of the referencing table
 * names.
 *
 * No row locks are needed for the race between a child's INSERT and its
 * parent's DELETE: each side first writes (the new row; the delete mark) and
 * only then looks at the other side, with a full fence between. Whichever
 * looks second sees the other's write as a running transaction's and waits
 * for it, then decides on the committed outcome.
 *
 * Departure from PostgreSQL: NO ACTION is checked per row, like RESTRICT, not
 * at the end of the statement (a statement that removes a referenced key and
 * puts it back in the same command fails here).
 *
 * A DEFERRABLE key in DEFERRED mode records its NO ACTION checks (both sides)
 * in the session's fk_deferred.c state instead; fk_check_rows_now and
 * fk_check_key_now run them later with the same lookups, waits and messages.
 */
#include "exec/fk_check.h"
#include "exec/fk_deferred.h"
#include "exec/trigger_exec.h"
#include "exec/unique_update.h"

#include <string.h>

#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "catalog/type_io_int.h"
#include "common/strbuf.h"
#include "storage/unique_index.h"
#include "txn/txn.h"

static bool cols_touch(const int *a, int na, const int *cols, int ncols)
{
    if (ncols < 0) return true;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < ncols; j++)
            if (a[i] == cols[j]) return true;
    return false;
}

FkNeeds fk_needs(Catalog *cat, const CatTable *t, int ncols, const int *cols)
{
    FkNeeds n = {false, false};
    for (int k = 0; k < t->nfkeys && !n.child; k++)
        n.child = cols_touch(t->fkeys[k].cols, t->fkeys[k].ncols, cols, ncols);
    int nt = catalog_table_count(cat);
    for (int i = 0; i < nt && !n.parent; i++) {
        const CatTable *c = catalog_table_at(cat, i);
        for (int k = 0; k < c->nfkeys && !n.parent; k++)
            n.parent = c->fkeys[k].ref_table == t->oid &&
                       cols_touch(c->fkeys[k].ref_cols, c->fkeys[k].ncols, cols, ncols);
    }
    return n;
}

static const SessionSettings *settings(ExecState *es, SessionSettings *defaults)
{
    if (es->settings) return es->settings;
    session_settings_defaults(defaults);
    return defaults;
}

/* The referenced table and the storage slot of the index behind the key. */
static CatTable *parent_of(ExecState *es, const CatForeignKey *fk, int *slot)
{
    CatTable *p = catalog_table_by_oid(es->catalog, fk->ref_table);
    *slot = -1;
    if (!p) return NULL;
    for (int c = 0; c < p->ncons; c++)
        if (p->cons[c].index_oid == fk->ref_index) *slot = p->cons[c].storage_slot;
    return *slot >= 0 ? p : NULL;
}

/* Converts v to the referenced column's type: integer widths differ, other
 * compatible types (text, varchar) share a layout. False if it cannot be equal
 * to any value of that type. */
static bool to_type(Value *v, OmType type)
{
    if (!type_is_integer(v->type.id) || !type_is_integer(type.id)) return true;
    return value_int_to_type(v, type);
}

/* Values of columns cols[0..n) of `row`: the newest version, or (undo != NULL)
 * the version before that update. */
static void row_values(const CatTable *t, uint64_t row, const int *cols, int n, const UndoRow *undo,
                       Value *out)
{
    uint64_t count = storage_table_row_count(t->storage);
    if (row >= count) count = row + 1;
    storage_read_begin();
    for (int i = 0; i < n; i++)
        if (!undo || !storage_undo_old_value(t->storage, undo, cols[i], &out[i]))
            storage_table_fetch_snapshot(t->storage, count, row, cols[i], NULL, &out[i]);
    storage_read_end();
}

/* Encodes vals (in the foreign key's column order) as a key of the parent's
 * unique index, whose column order may differ: 0, 1 if a value is NULL (no
 * reference), 2 if a value fits no parent value, -1 out of memory. */
static int encode(const CatTable *parent, const CatForeignKey *fk, Value *vals, UniqueKey *key)
{
    int slot = -1;
    for (int c = 0; c < parent->ncons; c++)
        if (parent->cons[c].index_oid == fk->ref_index) slot = parent->cons[c].storage_slot;
    if (slot < 0) return 2;
    int nkc;
    const int *kc = storage_table_unique_cols(parent->storage, slot, &nkc);
    unique_key_reset(key);
    for (int i = 0; i < nkc; i++) {
        int j = 0;
        while (j < fk->ncols && fk->ref_cols[j] != kc[i]) j++;
        if (j == fk->ncols) return 2;
        Value v = vals[j];
        if (v.is_null) return 1;
        if (!to_type(&v, parent->cols[kc[i]].type)) return 2;
        if (unique_key_add(key, v.type, value_payload(&v), false) < 0) return -1;
    }
    return 0;
}

static void key_text(ExecState *es, const CatTable *t, const int *cols, int n, const Value *vals,
                     StrBuf *names, StrBuf *text)
{
    SessionSettings defaults;
    const SessionSettings *set = settings(es, &defaults);
    for (int i = 0; i < n; i++) {
        if (i) {
            strbuf_puts(names, ", ");
            strbuf_puts(text, ", ");
        }
        strbuf_puts(names, t->cols[cols[i]].name);
        if (vals[i].is_null)
            strbuf_puts(text, "null");
        else
            type_text_out(vals[i].type, value_payload(&vals[i]), set, text);
    }
}

/* ---- child side ---- */

static int child_violation(ExecState *es, const CatTable *t, const CatForeignKey *fk,
                           const CatTable *parent, const Value *vals)
{
    ERR(es->err, SQLSTATE_FOREIGN_KEY_VIOLATION,
        "insert or update on table \"%s\" violates foreign key constraint \"%s\"", t->name,
        fk->name);
    error_object(es->err, t->schema->name, t->name, NULL, fk->name);
    StrBuf names, text;
    strbuf_init(&names, es->arena);
    strbuf_init(&text, es->arena);
    key_text(es, t, fk->cols, fk->ncols, vals, &names, &text);
    error_detail(es->err, "Key (%s)=(%s) is not present in table \"%s\".", names.data, text.data,
                 parent ? parent->name : "?");
    return -1;
}

/* One row's key of one foreign key must be present in the parent (no_wait:
 * 55P03 instead of waiting for a transaction writing the parent row). */
static int check_child(ExecState *es, const CatTable *t, const CatForeignKey *fk, uint64_t row,
                       UniqueKey *key, bool no_wait)
{
    Value vals[16], shown[16];
    row_values(t, row, fk->cols, fk->ncols, NULL, vals);
    memcpy(shown, vals, sizeof(Value) * (size_t)fk->ncols);
    int slot;
    CatTable *parent = parent_of(es, fk, &slot);
    if (!parent) return child_violation(es, t, fk, NULL, shown);
    int rc = encode(parent, fk, vals, key);
    if (rc == 1) return 0;
    if (rc < 0) return ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (rc == 2) return child_violation(es, t, fk, parent, shown);
    uint64_t txn = txn_id(es->txn);
    for (;;) {
        if (exec_check_interrupts(es) != 0) return -1;
        uint64_t prow, holder = 0;
        if (!unique_index_lookup(storage_table_unique(parent->storage, slot), key->data, key->len,
                                 &prow))
            return child_violation(es, t, fk, parent, shown);
        RowLiveness l =
            storage_key_holder(parent->storage, slot, prow, key->data, key->len, txn, &holder);
        if (l == ROW_LIVE) return 0;
        if (l == ROW_DEAD) return child_violation(es, t, fk, parent, shown);
        if (no_wait)
            return ERR(es->err, SQLSTATE_LOCK_NOT_AVAILABLE,
                       "could not check foreign key \"%s\": a row of \"%s\" is being written by "
                       "another transaction",
                       fk->name, parent->name);
        if (txn_wait(es->txn, holder, es->cancel, 0, es->err) != 0) return -1;
    }
}

static int check_child_row(ExecState *es, const CatTable *t, const CatForeignKey *fk, uint64_t row,
                           UniqueKey *key)
{
    return check_child(es, t, fk, row, key, false);
}

int fk_validate(ExecState *es, const CatTable *t, const CatForeignKey *fk)
{
    UniqueKey key;
    unique_key_init(&key);
    uint64_t txn = es->txn ? txn_id(es->txn) : 0;
    uint64_t count = storage_table_row_count(t->storage);
    int rc = 0;
    for (uint64_t r = 0; r < count && rc == 0; r++) {
        if ((r & 4095) == 0 && (rc = exec_check_interrupts(es)) != 0) break;
        uint64_t holder;
        if (storage_row_liveness(t->storage, r, txn, &holder) == ROW_DEAD) continue;
        rc = check_child(es, t, fk, r, &key, true);
    }
    unique_key_fini(&key);
    return rc;
}

/* The session's deferred-check state when fk is deferred now, else NULL. */
static FkDeferred *deferring(ExecState *es, const CatForeignKey *fk)
{
    if (!fk->deferrable) return NULL;
    FkDeferred *d = fk_deferred_of(es);
    return d && fk_deferred_is_deferred(d, fk) ? d : NULL;
}

int fk_check_inserted(ExecState *es, const CatTable *t, uint64_t first, uint64_t n)
{
    if (t->nfkeys == 0) return 0;
    /* deferred keys are recorded (keys past the 64th are always checked now) */
    bool deferred[64] = {false}, any_now = false;
    for (int k = 0; k < t->nfkeys; k++) {
        FkDeferred *d = k < 64 ? deferring(es, &t->fkeys[k]) : NULL;
        if (d && fk_deferred_add_rows(d, t->oid, t->fkeys[k].oid, first, n, es->err) != 0)
            return -1;
        if (d) deferred[k] = true;
        any_now |= d == NULL;
    }
    if (!any_now) return 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* our rows before their parents (see above) */
    UniqueKey key;
    unique_key_init(&key);
    int rc = 0;
    for (uint64_t r = first; r < first + n && rc == 0; r++)
        for (int k = 0; k < t->nfkeys && rc == 0; k++)
            if (k >= 64 || !deferred[k]) rc = check_child_row(es, t, &t->fkeys[k], r, &key);
    unique_key_fini(&key);
    return rc;
}

int fk_check_rows_now(ExecState *es, const CatTable *t, const CatForeignKey *fk, uint64_t first,
                      uint64_t n)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    UniqueKey key;
    unique_key_init(&key);
    uint64_t txn = txn_id(es->txn);
    int rc = 0;
    for (uint64_t r = first; r < first + n && rc == 0; r++) {
        if (((r - first) & 4095) == 4095 && (rc = exec_check_interrupts(es)) != 0) break;
        uint64_t holder;
        if (storage_row_liveness(t->storage, r, txn, &holder) == ROW_DEAD) continue;
        rc = check_child_row(es, t, fk, r, &key);
    }
    unique_key_fini(&key);
    return rc;
}

/* ---- parent side ---- */

typedef struct ParentCheck {
    ExecState *es;
    const CatTable *parent;
    uint64_t row;
    const UndoRow *undo; /* update: the before-image; NULL: a delete */
    UniqueKey key, child_key;
    int depth;
} ParentCheck;

static int parent_violation_text(ExecState *es, const CatTable *parent, const CatTable *child,
                                 const CatForeignKey *fk, const char *names, const char *vals)
{
    ERR(es->err, SQLSTATE_FOREIGN_KEY_VIOLATION,
        "update or delete on table \"%s\" violates foreign key constraint \"%s\" on table \"%s\"",
        parent->name, fk->name, child->name);
    error_object(es->err, child->schema->name, child->name, NULL, fk->name);
    error_detail(es->err, "Key (%s)=(%s) is still referenced from table \"%s\".", names, vals,
                 child->name);
    return -1;
}

static int parent_violation(ExecState *es, const CatTable *parent, const CatTable *child,
                            const CatForeignKey *fk, const Value *vals)
{
    StrBuf names, text;
    strbuf_init(&names, es->arena);
    strbuf_init(&text, es->arena);
    key_text(es, parent, fk->ref_cols, fk->ncols, vals, &names, &text);
    return parent_violation_text(es, parent, child, fk, names.data, text.data);
}

static int delete_row(ExecState *es, const CatTable *t, uint64_t row, int depth);

static int check_parent(ExecState *es, const CatTable *t, uint64_t row, const UndoRow *undo,
                        int depth);

/* Value v (a parent's key column) as the referencing column of type `type`
 * holds it, as the assignment of ON UPDATE CASCADE converts it: integer
 * widths (22003 when it does not fit), varchar(n) lengths (22001). sql_fkey.c
 * admits no other pair of types that differ. */
static int to_child_type(ExecState *es, Value *v, OmType type)
{
    if (v->is_null) {
        v->type = type;
        return 0;
    }
    if (type_is_integer(type.id) && type_is_integer(v->type.id)) {
        if (!value_int_to_type(v, type))
            return ERR(es->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "%s out of range",
                       type.id == TYPE_INT2 ? "smallint" : "integer");
        return 0;
    }
    if (type.id == TYPE_VARCHAR) {
        size_t len, pad;
        const char *s = strview_data(&v->u.str);
        if (om_string_typmod(type, s, v->u.str.len, false, &len, &pad, es->err) != 0) return -1;
        if (len < v->u.str.len) v->u.str = strview_make(s, (uint32_t)len); /* trailing blanks */
    }
    v->type = type;
    return 0;
}

/* A referencing row an action just updated (columns fk->cols): as after an
 * UPDATE of those columns, its unique indexes take the new key, rows that
 * reference its old key get their own actions, and its other foreign keys
 * over the columns must hold. */
static int after_child_update(ExecState *es, const CatTable *child, const CatForeignKey *fk,
                              uint64_t row, const UndoRow *undo, int depth)
{
    if (unique_update_touches_keys(child->storage, fk->ncols, fk->cols) &&
        unique_update_row(es, child, child->storage, row, fk->ncols, fk->cols,
                          exec_statement_deadline_us(es)) != 0)
        return -1;
    FkNeeds needs = fk_needs(es->catalog, child, fk->ncols, fk->cols);
    if (needs.parent && check_parent(es, child, row, undo, depth + 1) != 0) return -1;
    if (!needs.child) return 0;
    UniqueKey key;
    unique_key_init(&key);
    int rc = 0;
    for (int k = 0; k < child->nfkeys && rc == 0; k++) {
        const CatForeignKey *other = &child->fkeys[k];
        if (other->oid == fk->oid || !cols_touch(other->cols, other->ncols, fk->cols, fk->ncols))
            continue;
        FkDeferred *d = deferring(es, other);
        rc = d ? fk_deferred_add_rows(d, child->oid, other->oid, row, 1, es->err)
               : check_child_row(es, child, other, row, &key);
    }
    unique_key_fini(&key);
    return rc;
}

/* The child's row triggers around a referential action, as PostgreSQL's
 * actions (DELETE / UPDATE queries) fire them: OLD and NEW of the row, and
 * for an UPDATE the columns the write sets (the key, and those a BEFORE
 * trigger changed). Scratch in `arena`, made when the child has triggers. */
typedef struct ChildTrig {
    Arena *arena;
    int event;
    Value *old_row, *new_row;
    bool *set;
    int wn;
    int *wcols;
    Value *wvals;
} ChildTrig;

/* Locks the child row before its BEFORE triggers run (as op_modify.c's
 * settle_row does), written as by the command before this one: 1 held, 0
 * nothing to do (gone or changed), 2 busy (*holder), -1 error. */
static int lock_child_row(ExecState *es, const CatTable *child, uint64_t row, uint64_t *holder)
{
    StorageTable *st = child->storage;
    StorageSnapshot latest = txn_latest_snapshot(es->txn);
    storage_table_write_lock(st);
    RowWriteResult r = storage_row_probe(st, row, &latest, holder);
    storage_table_write_unlock(st);
    if (r == ROW_WRITE_OK) {
        latest.cmd -= 1;
        r = exec_lock_row(es, st, row, &latest, holder);
    }
    switch (r) {
    case ROW_WRITE_OK:
    case ROW_WRITE_SELF:
        return 1;
    case ROW_WRITE_BUSY:
        return 2;
    case ROW_WRITE_ERROR:
        return -1;
    default:
        return 0;
    }
}

/* The child's triggers before the action: 1 act on the row (ct->wn/wcols/
 * wvals set for an UPDATE with a BEFORE trigger), 0 skip it (a BEFORE
 * trigger did, or the row is gone), 2 busy (*holder), -1 error. */
static int child_before(ExecState *es, const CatTable *child, const CatForeignKey *fk, uint64_t row,
                        const Value *vals, ChildTrig *ct, uint64_t *holder)
{
    bool before = trigger_exists(es, child, ct->event, true, true);
    if (!before && !trigger_exists(es, child, ct->event, false, true)) return 1;
    if (before) {
        int l = lock_child_row(es, child, row, holder);
        if (l != 1) return l;
    }
    int n = child->ncols > 0 ? child->ncols : 1;
    ct->arena = arena_create(es->arena, "referential action triggers");
    ct->old_row = ARENA_NEW_ARRAY(ct->arena, Value, n);
    StorageSnapshot own = txn_latest_snapshot(es->txn);
    own.cmd = UINT32_MAX; /* as this command now sees it */
    trigger_fetch_row(es, child, row, &own, ct->old_row, ct->arena);
    if (ct->event == CAT_TRIG_UPDATE) {
        ct->new_row = ARENA_NEW_ARRAY(ct->arena, Value, n);
        ct->set = ARENA_NEW_ARRAY(ct->arena, bool, n);
        memcpy(ct->new_row, ct->old_row, sizeof(Value) * (size_t)child->ncols);
        for (int i = 0; i < fk->ncols; i++) {
            ct->new_row[fk->cols[i]] = vals[i];
            ct->set[fk->cols[i]] = true;
        }
    }
    if (!before) return 1;
    int q = trigger_before_row(es, child, ct->event, ct->set, ct->old_row, ct->new_row, ct->arena);
    if (q <= 0 || ct->event != CAT_TRIG_UPDATE) return q;
    ct->wcols = ARENA_NEW_ARRAY(ct->arena, int, n);
    ct->wvals = ARENA_NEW_ARRAY(ct->arena, Value, n);
    for (int c = 0; c < child->ncols; c++) {
        if (!ct->set[c] && trigger_same_value(&ct->old_row[c], &ct->new_row[c])) continue;
        ct->wcols[ct->wn] = c;
        ct->wvals[ct->wn++] = ct->new_row[c];
    }
    return 1;
}

static int act_on_child_rows(const ParentCheck *pc, const CatTable *child, const CatForeignKey *fk,
                             uint64_t row, uint64_t *holder, ChildTrig *ct);

/* ON DELETE CASCADE / SET NULL and ON UPDATE CASCADE / SET NULL (pc->undo set:
 * the parent row was updated) on one referencing row: 0 done (or nothing to
 * do), 1 wait for *holder and look again, -1 error. */
static int act_on_child(const ParentCheck *pc, const CatTable *child, const CatForeignKey *fk,
                        uint64_t row, uint64_t *holder)
{
    ChildTrig ct;
    memset(&ct, 0, sizeof(ct));
    int rc = act_on_child_rows(pc, child, fk, row, holder, &ct);
    if (ct.arena) arena_destroy(ct.arena);
    return rc;
}

static int act_on_child_rows(const ParentCheck *pc, const CatTable *child, const CatForeignKey *fk,
                             uint64_t row, uint64_t *holder, ChildTrig *ct)
{
    ExecState *es = pc->es;
    bool deleting = pc->undo == NULL;
    char action = deleting ? fk->on_delete : fk->on_update;
    StorageSnapshot latest = txn_latest_snapshot(es->txn);
    StorageTable *st = child->storage;
    RowWriteResult r;
    UndoRow *undo = NULL;
    Value vals[16];
    if (!deleting || action != 'c') {
        if (action == 'c') { /* the parent's new key */
            row_values(pc->parent, pc->row, fk->ref_cols, fk->ncols, NULL, vals);
        } else {
            memset(vals, 0, sizeof(Value) * (size_t)fk->ncols);
            for (int i = 0; i < fk->ncols; i++) vals[i].is_null = true;
        }
        for (int i = 0; i < fk->ncols; i++)
            if (to_child_type(es, &vals[i], child->cols[fk->cols[i]].type) != 0) return -1;
        /* index entries of the old key may go stale (unique_update.c) */
        if (unique_update_touches_keys(st, fk->ncols, fk->cols)) storage_table_note_keys_moved(st);
    }
    ct->event = deleting && action == 'c' ? CAT_TRIG_DELETE : CAT_TRIG_UPDATE;
    int q = child_before(es, child, fk, row, vals, ct, holder);
    if (q == 2) return 1; /* busy: the caller waits and looks again */
    if (q <= 0) return q;
    int wn = fk->ncols;
    const int *wcols = fk->cols;
    const Value *wvals = vals;
    if (ct->wcols) { /* a BEFORE UPDATE trigger's row */
        wn = ct->wn;
        wcols = ct->wcols;
        wvals = ct->wvals;
        if (unique_update_touches_keys(st, wn, wcols)) storage_table_note_keys_moved(st);
    }
    storage_table_write_lock(st);
    if (deleting && action == 'c') {
        r = storage_row_delete(st, row, &latest, holder, es->err);
    } else {
        /* Written as by a command just before this one (TXN_CMD_STEP): visible
         * to it, not one of its own writes, so that the statement may still
         * write the row (a self-referencing table) and another action may
         * write it again (two keys to one parent): one of two numbers always
         * differs from the row's last write. */
        latest.cmd -= 1;
        r = storage_row_update(st, row, &latest, wn, wcols, wvals, holder, &undo, es->err);
        if (r == ROW_WRITE_SELF) {
            latest.cmd -= 1;
            r = storage_row_update(st, row, &latest, wn, wcols, wvals, holder, &undo, es->err);
        }
    }
    storage_table_write_unlock(st);
    switch (r) {
    case ROW_WRITE_OK:
        if (deleting && action == 'c') {
            if (txn_log_delete(es->txn, st, row, es->err) != 0) {
                storage_table_write_lock(st);
                storage_row_delete_finish(st, row, VERSION_ABORTED);
                storage_table_write_unlock(st);
                return -1;
            }
            if (ct->old_row &&
                trigger_after_row(es, child, CAT_TRIG_DELETE, NULL, ct->old_row, NULL) != 0)
                return -1;
            return delete_row(es, child, row, pc->depth + 1);
        }
        if (txn_log_update(es->txn, st, undo, es->err) != 0) {
            storage_table_write_lock(st);
            storage_undo_abort(st, undo);
            storage_table_write_unlock(st);
            return -1;
        }
        /* the statement's rollback undoes the update when these fail */
        for (int i = 0; i < fk->ncols; i++)
            if (vals[i].is_null && child->cols[fk->cols[i]].not_null) {
                ERR(es->err, SQLSTATE_NOT_NULL_VIOLATION,
                    "null value in column \"%s\" of relation \"%s\" violates not-null constraint",
                    child->cols[fk->cols[i]].name, child->name);
                error_object(es->err, child->schema->name, child->name,
                             child->cols[fk->cols[i]].name, NULL);
                return -1;
            }
        if (ct->old_row &&
            trigger_after_row(es, child, CAT_TRIG_UPDATE, ct->set, ct->old_row, ct->new_row) != 0)
            return -1;
        return after_child_update(es, child, fk, row, undo, pc->depth);
    case ROW_WRITE_BUSY:
        return 1;
    case ROW_WRITE_ERROR:
        if (undo) txn_log_update(es->txn, st, undo, es->err);
        return -1;
    default:
        return 0; /* gone, or already written by this command */
    }
}

/* Every row of `child` whose key of `fk` equals pc->key (the parent row itself
 * excepted when it references itself, unless an ON UPDATE action changes it
 * too): `action` on the live ones (NO ACTION, RESTRICT: returns 1 without an
 * error; CASCADE, SET NULL: done), rows of running transactions waited for.
 * 0, 1, or -1 with es->err. */
static int scan_referencing(ParentCheck *pc, CatTable *child, const CatForeignKey *fk, char action)
{
    ExecState *es = pc->es;
    const CatTable *parent = pc->parent;
    uint64_t txn = txn_id(es->txn);
    uint64_t count = storage_table_row_count(child->storage);
    for (uint64_t r = 0; r < count; r++) {
        if ((r & 4095) == 0 && exec_check_interrupts(es) != 0) return -1;
        bool acts = action == 'c' || action == 'n';
        if (child == parent && r == pc->row && (!pc->undo || !acts))
            continue; /* a row referencing itself */
        Value vals[16];
        row_values(child, r, fk->cols, fk->ncols, NULL, vals);
        if (encode(parent, fk, vals, &pc->child_key) != 0) continue;
        if (pc->child_key.len != pc->key.len ||
            memcmp(pc->child_key.data, pc->key.data, pc->key.len) != 0)
            continue;
        uint64_t holder = 0;
        RowLiveness l = storage_row_liveness(child->storage, r, txn, &holder);
        if (l == ROW_DEAD) continue;
        if (l == ROW_LIVE) {
            if (!acts) return 1;
            int rc = act_on_child(pc, child, fk, r, &holder);
            if (rc < 0) return -1;
            if (rc == 0) continue;
        }
        if (txn_wait(es->txn, holder, es->cancel, 0, es->err) != 0) return -1;
        r--; /* look at this row again */
        count = storage_table_row_count(child->storage);
    }
    return 0;
}

/* The referencing rows of `child` whose key of `fk` was the parent row's. */
static int check_referencing(void *ctx, CatTable *child, const CatForeignKey *fk)
{
    ParentCheck *pc = ctx;
    ExecState *es = pc->es;
    const CatTable *parent = pc->parent;
    Value old[16];
    row_values(parent, pc->row, fk->ref_cols, fk->ncols, pc->undo, old);
    Value shown[16];
    memcpy(shown, old, sizeof(Value) * (size_t)fk->ncols);
    int rc = encode(parent, fk, old, &pc->key);
    if (rc == 1) return 0; /* a NULL key is referenced by nobody */
    if (rc != 0) return ERR(es->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (pc->undo) { /* an update that left this key as it was changes nothing */
        Value now[16];
        row_values(parent, pc->row, fk->ref_cols, fk->ncols, NULL, now);
        UniqueKey *nk = &pc->child_key;
        if (encode(parent, fk, now, nk) == 0 && nk->len == pc->key.len &&
            memcmp(nk->data, pc->key.data, nk->len) == 0)
            return 0;
    }
    char action = pc->undo ? fk->on_update : fk->on_delete;
    FkDeferred *d = action == 'a' ? deferring(es, fk) : NULL;
    if (d) { /* NO ACTION, deferred: look at the children at COMMIT */
        StrBuf names, text;
        strbuf_init(&names, es->arena);
        strbuf_init(&text, es->arena);
        key_text(es, parent, fk->ref_cols, fk->ncols, shown, &names, &text);
        return fk_deferred_add_key(d, child->oid, fk->oid, pc->key.data, pc->key.len, names.data,
                                   text.data, es->err);
    }
    rc = scan_referencing(pc, child, fk, action);
    return rc == 1 ? parent_violation(es, parent, child, fk, shown) : rc;
}

int fk_check_key_now(ExecState *es, CatTable *child, const CatForeignKey *fk, const uint8_t *key,
                     size_t len, const char *names, const char *vals)
{
    int slot;
    CatTable *parent = parent_of(es, fk, &slot);
    if (!parent) return 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* held by a live row again (re-inserted, or another row updated to it): fine */
    uint64_t prow, holder = 0;
    if (unique_index_lookup(storage_table_unique(parent->storage, slot), key, len, &prow) &&
        storage_key_holder(parent->storage, slot, prow, key, len, txn_id(es->txn), &holder) ==
            ROW_LIVE)
        return 0;
    /* pc.key borrows the caller's bytes (only compared against) */
    ParentCheck pc = {.es = es, .parent = parent, .row = UINT64_MAX};
    pc.key = (UniqueKey){(uint8_t *)key, len, len};
    unique_key_init(&pc.child_key);
    int rc = scan_referencing(&pc, child, fk, 'a');
    unique_key_fini(&pc.child_key);
    return rc == 1 ? parent_violation_text(es, parent, child, fk, names, vals) : rc;
}

static int check_parent(ExecState *es, const CatTable *t, uint64_t row, const UndoRow *undo,
                        int depth)
{
    if (depth > 64)
        return ERR(es->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "foreign key cascades nest more than 64 levels deep");
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* our delete mark before the children */
    ParentCheck pc = {.es = es, .parent = t, .row = row, .undo = undo, .depth = depth};
    unique_key_init(&pc.key);
    unique_key_init(&pc.child_key);
    int rc = catalog_fkey_each_referencing(es->catalog, t, check_referencing, &pc);
    unique_key_fini(&pc.key);
    unique_key_fini(&pc.child_key);
    return rc;
}

static int delete_row(ExecState *es, const CatTable *t, uint64_t row, int depth)
{
    return check_parent(es, t, row, NULL, depth);
}

int fk_check_deleted(ExecState *es, const CatTable *t, uint64_t row)
{
    return delete_row(es, t, row, 0);
}

/* True if the update recorded in undo changed the referencing key of fk. */
static bool key_changed(const CatTable *t, const CatForeignKey *fk, uint64_t row,
                        const UndoRow *undo)
{
    Value before[16], after[16];
    row_values(t, row, fk->cols, fk->ncols, undo, before);
    row_values(t, row, fk->cols, fk->ncols, NULL, after);
    for (int i = 0; i < fk->ncols; i++) {
        if (before[i].is_null != after[i].is_null) return true;
        if (before[i].is_null) continue;
        UniqueKey a, b;
        unique_key_init(&a);
        unique_key_init(&b);
        bool differ = unique_key_add(&a, before[i].type, value_payload(&before[i]), false) != 0 ||
                      unique_key_add(&b, after[i].type, value_payload(&after[i]), false) != 0 ||
                      a.len != b.len || memcmp(a.data, b.data, a.len) != 0;
        unique_key_fini(&a);
        unique_key_fini(&b);
        if (differ) return true;
    }
    return false;
}

int fk_check_updated(ExecState *es, const CatTable *t, uint64_t row, const UndoRow *undo,
                     FkNeeds needs)
{
    if (needs.parent && check_parent(es, t, row, undo, 0) != 0) return -1;
    if (!needs.child) return 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    UniqueKey key;
    unique_key_init(&key);
    int rc = 0;
    for (int k = 0; k < t->nfkeys && rc == 0; k++) {
        const CatForeignKey *fk = &t->fkeys[k];
        if (!key_changed(t, fk, row, undo)) continue;
        FkDeferred *d = deferring(es, fk);
        rc = d ? fk_deferred_add_rows(d, t->oid, fk->oid, row, 1, es->err)
               : check_child_row(es, t, fk, row, &key);
    }
    unique_key_fini(&key);
    return rc;
}
