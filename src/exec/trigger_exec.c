/*
 * trigger_exec.c — firing triggers from the write operators (see
 * trigger_exec.h): lookups of a table's triggers by event, the BEFORE ROW
 * chain, and the statement's queue of AFTER events.
 *
 * Invariant: a queued event owns copies of its rows in the statement arena
 * (es->arena), so it outlives the operator chunk it came from.
 */
#include <string.h>

#include "exec/trigger_exec.h"
#include "storage/storage.h"

#define TRIGGERS_MAX 64 /* of one table, event and timing */

static TriggerCallHook call_hook;

void trigger_set_hook(TriggerCallHook hook)
{
    call_hook = hook;
}

typedef struct TriggerEvent {
    const CatTrigger *tg;
    const CatTable *table;
    int event;
    Value *old_row, *new_row; /* NULL where the event has none */
    struct TriggerEvent *next;
} TriggerEvent;

struct TriggerQueue {
    TriggerEvent *head, *tail;
};

bool trigger_exists(ExecState *es, const CatTable *t, int event, bool before, bool row)
{
    if (!es->catalog || !t) return false;
    const CatTrigger *one[1];
    return catalog_triggers_for(es->catalog, t->oid, event, before, row, one, 1) > 0;
}

static int call(ExecState *es, const CatTrigger *tg, const CatTable *t, int event,
                const Value *old_row, const Value *new_row, Value *out_row, bool *keep,
                Arena *arena)
{
    if (!call_hook) return ERR(es->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "triggers cannot run here");
    return call_hook(es, tg, t, event, old_row, new_row, out_row, keep, arena, es->err);
}

static int list(ExecState *es, const CatTable *t, int event, bool before, bool row,
                const CatTrigger **out)
{
    if (!es->catalog || !t) return 0; /* plans run without a catalog (unit tests) */
    int n = catalog_triggers_for(es->catalog, t->oid, event, before, row, out, TRIGGERS_MAX);
    if (n > TRIGGERS_MAX)
        return ERR(es->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "table \"%s\" has more than %d triggers for one event", t->name, TRIGGERS_MAX);
    return n;
}

/* UPDATE OF: whether the UPDATE sets one of tg's columns (set: per table
 * column, NULL when unknown: every column). */
static bool update_of_hit(const CatTrigger *tg, const CatTable *t, const bool *set)
{
    if (tg->ncols == 0 || !set) return true;
    for (int k = 0; k < tg->ncols; k++) {
        int c = catalog_column_index(t, tg->cols[k]);
        if (c >= 0 && set[c]) return true;
    }
    return false;
}

int trigger_before_row(ExecState *es, const CatTable *t, int event, const bool *set,
                       const Value *old_row, Value *new_row, Arena *arena)
{
    const CatTrigger *tgs[TRIGGERS_MAX];
    int n = list(es, t, event, true, true, tgs);
    if (n < 0) return -1;
    Value *out = ARENA_NEW_ARRAY(arena, Value, t->ncols > 0 ? t->ncols : 1);
    for (int i = 0; i < n; i++) {
        const CatTrigger *tg = tgs[i];
        if (event == CAT_TRIG_UPDATE && !update_of_hit(tg, t, set)) continue;
        bool keep = true;
        if (call(es, tg, t, event, old_row, new_row, out, &keep, arena) != 0) return -1;
        if (!keep) return 0;
        if (new_row) memcpy(new_row, out, sizeof(Value) * (size_t)t->ncols);
    }
    return 1;
}

static Value *copy_row(ExecState *es, const CatTable *t, const Value *row)
{
    if (!row) return NULL;
    Value *c = ARENA_NEW_ARRAY(es->arena, Value, t->ncols > 0 ? t->ncols : 1);
    for (int i = 0; i < t->ncols; i++) value_copy(&c[i], &row[i], es->arena);
    return c;
}

static void enqueue(ExecState *es, const CatTrigger *tg, const CatTable *t, int event,
                    Value *old_row, Value *new_row)
{
    if (!es->trig_queue) es->trig_queue = ARENA_NEW(es->arena, struct TriggerQueue);
    TriggerEvent *ev = ARENA_NEW(es->arena, TriggerEvent);
    ev->tg = tg;
    ev->table = t;
    ev->event = event;
    ev->old_row = old_row;
    ev->new_row = new_row;
    if (es->trig_queue->tail)
        es->trig_queue->tail->next = ev;
    else
        es->trig_queue->head = ev;
    es->trig_queue->tail = ev;
}

int trigger_after_row(ExecState *es, const CatTable *t, int event, const bool *set,
                      const Value *old_row, const Value *new_row)
{
    const CatTrigger *tgs[TRIGGERS_MAX];
    int n = list(es, t, event, false, true, tgs);
    if (n <= 0) return n;
    Value *o = copy_row(es, t, old_row), *nw = copy_row(es, t, new_row);
    for (int i = 0; i < n; i++) {
        const CatTrigger *tg = tgs[i];
        if (event == CAT_TRIG_UPDATE && !update_of_hit(tg, t, set)) continue;
        enqueue(es, tg, t, event, o, nw);
    }
    return 0;
}

int trigger_statement(ExecState *es, const CatTable *t, int event, bool before)
{
    const CatTrigger *tgs[TRIGGERS_MAX];
    int n = list(es, t, event, before, false, tgs);
    for (int i = 0; i < n; i++) {
        if (!before) {
            enqueue(es, tgs[i], t, event, NULL, NULL);
            continue;
        }
        bool keep = true;
        if (call(es, tgs[i], t, event, NULL, NULL, NULL, &keep, es->arena) != 0) return -1;
    }
    return n < 0 ? -1 : 0;
}

int trigger_fire_queued(ExecState *es)
{
    while (es->trig_queue && es->trig_queue->head) {
        TriggerEvent *ev = es->trig_queue->head;
        es->trig_queue->head = ev->next;
        if (!ev->next) es->trig_queue->tail = NULL;
        bool keep = true;
        Arena *scratch = arena_create(es->arena, "after trigger");
        int rc =
            call(es, ev->tg, ev->table, ev->event, ev->old_row, ev->new_row, NULL, &keep, scratch);
        arena_destroy(scratch);
        if (rc != 0) {
            es->trig_queue = NULL;
            return -1;
        }
    }
    return 0;
}

void trigger_fetch_row(ExecState *es, const CatTable *t, uint64_t row, const StorageSnapshot *snap,
                       Value *out, Arena *arena)
{
    StorageTable *st = t->storage;
    uint64_t rows = storage_table_row_count(st);
    storage_read_begin();
    for (int c = 0; c < t->ncols; c++) {
        Value v;
        storage_table_fetch_snapshot(st, rows, row, c, snap, &v);
        v.type = t->cols[c].type;
        value_copy(&out[c], &v, arena);
    }
    storage_read_end();
    (void)es;
}

bool trigger_same_value(const Value *a, const Value *b)
{
    if (a->is_null || b->is_null) return a->is_null == b->is_null;
    if (type_is_varlena(a->type.id))
        return a->u.str.len == b->u.str.len &&
               memcmp(strview_data(&a->u.str), strview_data(&b->u.str), a->u.str.len) == 0;
    return memcmp(&a->u, &b->u, type_info(a->type.id)->width) == 0;
}
