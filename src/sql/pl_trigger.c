/*
 * pl_trigger.c — PL/pgSQL trigger functions (RETURNS trigger): the TG_
 * variables they see, NEW and OLD set from the triggering row on entry, the
 * row a BEFORE ROW trigger returns, and the hook through which the write
 * operators call them (exec/trigger_exec.h).
 *
 * As in PostgreSQL: NEW is unassigned (NULL) for DELETE and statement
 * triggers, OLD for INSERT; a BEFORE ROW trigger that returns NULL (or an
 * unassigned record) skips the row, and one that returns a record must give
 * the table's columns (converted by position to their types); what an AFTER
 * or statement trigger returns is ignored.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/array.h"
#include "exec/trigger_exec.h"
#include "sql/pl_int.h"

static const struct {
    const char *name;
    TypeId type;
} tg_vars[] = {
    {"tg_name", TYPE_NAME},       {"tg_when", TYPE_TEXT},         {"tg_level", TYPE_TEXT},
    {"tg_op", TYPE_TEXT},         {"tg_relid", TYPE_OID},         {"tg_relname", TYPE_NAME},
    {"tg_table_name", TYPE_NAME}, {"tg_table_schema", TYPE_NAME}, {"tg_nargs", TYPE_INT4},
    {"tg_argv", TYPE_TEXT_ARRAY},
};
enum {
    TG_NAME,
    TG_WHEN,
    TG_LEVEL,
    TG_OP,
    TG_RELID,
    TG_RELNAME,
    TG_TABLE_NAME,
    TG_TABLE_SCHEMA,
    TG_NARGS,
    TG_ARGV,
    TG_COUNT
};

int pl_trigger_var_count(void)
{
    return TG_COUNT;
}

const char *pl_trigger_var(int k, OmType *type)
{
    *type = OM_TYPE(tg_vars[k].type);
    return tg_vars[k].name;
}

static Value text_value(TypeId type, const char *s)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = OM_TYPE(type);
    v.u.str = strview_make(s, (uint32_t)strlen(s));
    return v;
}

static const char *op_name(int event)
{
    switch (event) {
    case CAT_TRIG_INSERT:
        return "INSERT";
    case CAT_TRIG_UPDATE:
        return "UPDATE";
    case CAT_TRIG_DELETE:
        return "DELETE";
    default:
        return "TRUNCATE";
    }
}

int pl_trigger_enter(PlFrame *f)
{
    const PlTrigCall *tc = f->trig;
    const PlFunction *fn = f->fn;
    const CatTable *t = tc->table;
    int n = t->ncols;
    const char **names = ARENA_NEW_ARRAY(f->arena, const char *, n > 0 ? n : 1);
    OmType *types = ARENA_NEW_ARRAY(f->arena, OmType, n > 0 ? n : 1);
    for (int i = 0; i < n; i++) {
        names[i] = t->cols[i].name;
        types[i] = t->cols[i].type;
    }
    /* both have the table's fields; the one the event lacks is a NULL row
     * (PostgreSQL 11 on: its fields read as NULL) */
    pl_frame_set_record(f, fn->new_varno, n, names, types, tc->new_row);
    pl_frame_set_record(f, fn->old_varno, n, names, types, tc->old_row);
    f->recs[fn->new_varno]->is_null = !tc->new_row;
    f->recs[fn->old_varno]->is_null = !tc->old_row;
    const CatTrigger *tg = tc->tg;
    Value vals[TG_COUNT];
    vals[TG_NAME] = text_value(TYPE_NAME, tg->name);
    vals[TG_WHEN] = text_value(TYPE_TEXT, tg->before ? "BEFORE" : "AFTER");
    vals[TG_LEVEL] = text_value(TYPE_TEXT, tg->row ? "ROW" : "STATEMENT");
    vals[TG_OP] = text_value(TYPE_TEXT, op_name(tc->event));
    memset(&vals[TG_RELID], 0, sizeof(Value));
    vals[TG_RELID].type = OM_TYPE(TYPE_OID);
    vals[TG_RELID].u.i64 = t->oid;
    vals[TG_RELNAME] = text_value(TYPE_NAME, t->name);
    vals[TG_TABLE_NAME] = text_value(TYPE_NAME, t->name);
    vals[TG_TABLE_SCHEMA] = text_value(TYPE_NAME, t->schema ? t->schema->name : "public");
    memset(&vals[TG_NARGS], 0, sizeof(Value));
    vals[TG_NARGS].type = OM_TYPE(TYPE_INT4);
    vals[TG_NARGS].u.i32 = tg->nargs;
    Value *argv = ARENA_NEW_ARRAY(f->arena, Value, tg->nargs > 0 ? tg->nargs : 1);
    for (int i = 0; i < tg->nargs; i++) argv[i] = text_value(TYPE_TEXT, tg->args[i]);
    StrBuf sb;
    strbuf_init(&sb, f->arena);
    int32_t dims[1] = {tg->nargs}, lbounds[1] = {0}; /* TG_ARGV counts from 0 */
    array_write(TYPE_TEXT, tg->nargs > 0 ? 1 : 0, dims, lbounds, argv, (uint32_t)tg->nargs, &sb);
    memset(&vals[TG_ARGV], 0, sizeof(Value));
    vals[TG_ARGV].type = OM_TYPE(TYPE_TEXT_ARRAY);
    vals[TG_ARGV].u.str = strview_make(sb.data, (uint32_t)sb.len);
    for (int k = 0; k < TG_COUNT; k++)
        if (pl_frame_assign(f, fn->tg_varno + k, &vals[k]) != 0) return -1;
    return 0;
}

int pl_trigger_leave(PlFrame *f, Arena *arena)
{
    const PlTrigCall *tc = f->trig;
    if (tc->when_true) { /* the WHEN body returns a record when the condition holds */
        *tc->when_true = f->ret_varno >= 0;
        return 0;
    }
    if (!tc->out_row) return 0; /* AFTER, or a statement trigger: the result is ignored */
    const CatTable *t = tc->table;
    const PlRecord *rec = NULL;
    if (f->ret_varno >= 0) {
        rec = f->recs[f->ret_varno];
    } else if (!f->retval.is_null) {
        return ERR(f->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "a trigger can return only NULL or a record variable (NEW, OLD, ...) yet");
    }
    if (!rec || rec->is_null) { /* NULL: skip the row */
        *tc->keep = false;
        return 0;
    }
    if (rec->n != t->ncols) {
        ERR(f->err, SQLSTATE_DATATYPE_MISMATCH,
            "returned row structure does not match the structure of the triggering table");
        error_detail(f->err,
                     "Number of returned columns (%d) does not match expected column count (%d).",
                     rec->n, t->ncols);
        return -1;
    }
    for (int i = 0; i < t->ncols; i++)
        if (pl_coerce(f, &rec->vals[i], t->cols[i].type, &tc->out_row[i], arena) != 0) return -1;
    *tc->keep = true;
    return 0;
}

/* The function standing for tg's WHEN condition: the trigger's OID (no
 * function has it), its name, the condition in a body that returns NEW when
 * it holds and NULL when not (a NULL condition does not hold). */
static void when_function(const CatTrigger *tg, CatFunction *f, Arena *arena)
{
    memset(f, 0, sizeof(*f));
    f->oid = tg->oid;
    snprintf(f->name, sizeof(f->name), "%s", tg->name);
    f->lang = CAT_LANG_PLPGSQL;
    f->is_trigger = true;
    f->ret = OM_TYPE(TYPE_VOID);
    f->body = arena_sprintf(arena, "BEGIN IF (%s) THEN RETURN NEW; END IF; RETURN NULL; END",
                            tg->when_sql);
}

PlFunction *pl_trigger_when_compile(SqlSession *s, const CatTrigger *tg, Arena *parent,
                                    OmError *err)
{
    CatFunction f;
    when_function(tg, &f, parent);
    return pl_compile(s, &f, f.body, parent, err);
}

/* Whether tg's WHEN condition holds for the call tc. */
static int when_holds(SqlSession *s, Txn *txn, const PlTrigCall *tc, bool *holds, Arena *arena,
                      OmError *err)
{
    CatFunction f;
    when_function(tc->tg, &f, arena);
    PlFunction *fn = pl_cache_get(s, &f, err);
    if (!fn) return -1;
    PlTrigCall w = *tc;
    w.out_row = NULL;
    w.when_true = holds;
    return pl_execute_trigger(s, txn, fn, &w, arena, err);
}

static int trigger_call(ExecState *es, const CatTrigger *tg, const CatTable *t, int event,
                        const Value *old_row, const Value *new_row, Value *out_row, bool *keep,
                        Arena *arena, OmError *err)
{
    SqlSession *s = es->session;
    *keep = true;
    if (!s || !es->txn)
        return ERR(err, SQLSTATE_INTERNAL_ERROR, "a trigger fired outside a transaction");
    CatFunction *cf = catalog_function_by_oid(s->db->catalog, tg->func);
    if (!cf || cf->lang != CAT_LANG_PLPGSQL || !cf->is_trigger)
        return ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function of trigger \"%s\" does not exist",
                   tg->name);
    PlFunction *fn = pl_cache_get(s, cf, err);
    if (!fn) return -1;
    PlTrigCall tc = {tg,   t,   event, old_row, new_row, tg->before && tg->row ? out_row : NULL,
                     keep, NULL};
    if (tg->when_sql) {
        bool holds = false;
        if (when_holds(s, es->txn, &tc, &holds, arena, err) != 0) return -1;
        if (!holds) { /* not fired: the row goes on unchanged */
            if (tc.out_row && new_row)
                memcpy(tc.out_row, new_row, sizeof(Value) * (size_t)t->ncols);
            else if (tc.out_row && old_row)
                memcpy(tc.out_row, old_row, sizeof(Value) * (size_t)t->ncols);
            return 0;
        }
    }
    return pl_execute_trigger(s, es->txn, fn, &tc, arena, err);
}

void pl_trigger_install(void)
{
    trigger_set_hook(trigger_call);
}
