/*
 * pl_exec.c — runs a compiled PL/pgSQL function (pl_int.h) over a frame of
 * variables, and keeps the session's compiled functions.
 *
 * Control flow: each statement returns PL_OK, or PL_EXIT / PL_CONTINUE /
 * PL_RETURN, which the enclosing loops and blocks consume (an EXIT or
 * CONTINUE with a label passes up to the loop or block of that label), or
 * -1 with the error in the frame.
 *
 * Exceptions: a block with an EXCEPTION clause marks the transaction's undo
 * log when it starts; when a handler catches an error, the block's row
 * changes are rolled back to the mark (PostgreSQL's subtransaction) and the
 * handler runs with SQLSTATE and SQLERRM set. Query cancellation and
 * ASSERT failures are not caught by OTHERS, as in PostgreSQL.
 *
 * Variables: values of varlena types own malloc'd bytes (PlFrame.heap), so
 * that loops that assign over and over do not grow the call's memory.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "catalog/record.h"
#include "catalog/type_io.h"
#include "exec/func_plcall.h"
#include "sql/pl_int.h"
#include "txn/txn.h"

enum { PL_OK = 0, PL_EXIT = 1, PL_CONTINUE = 2, PL_RETURN = 3 };

#define PL_MAX_DEPTH 200

typedef struct Exec {
    PlFrame *f;
    const char *exit_label; /* EXIT/CONTINUE's label while it propagates */
} Exec;

static int exec_list(Exec *x, PlStmt **list, int n);

static const char *stmt_name(const PlStmt *s)
{
    switch (s->kind) {
    case PLS_BLOCK:
        return "statement block";
    case PLS_ASSIGN:
        return "assignment";
    case PLS_IF:
        return "IF";
    case PLS_CASE:
        return "CASE";
    case PLS_LOOP:
        return "LOOP";
    case PLS_WHILE:
        return "WHILE";
    case PLS_FORI:
        return "FOR with integer loop variable";
    case PLS_FORS:
        return "FOR over SELECT rows";
    case PLS_DYNFORS:
        return "FOR over EXECUTE statement";
    case PLS_FOREACH:
        return "FOREACH over array";
    case PLS_EXIT:
        return s->is_exit ? "EXIT" : "CONTINUE";
    case PLS_RETURN:
        return "RETURN";
    case PLS_RETURN_NEXT:
        return "RETURN NEXT";
    case PLS_RETURN_QUERY:
        return "RETURN QUERY";
    case PLS_RAISE:
        return "RAISE";
    case PLS_ASSERT:
        return "ASSERT";
    case PLS_EXECSQL:
        return "SQL statement";
    case PLS_PERFORM:
        return "PERFORM";
    case PLS_DYNEXECUTE:
        return "EXECUTE";
    case PLS_GETDIAG:
        return "GET DIAGNOSTICS";
    }
    return "statement";
}

/* Adds PostgreSQL's CONTEXT line for an error raised by statement s. */
static int fail_at(Exec *x, const PlStmt *s)
{
    OmError *err = x->f->err;
    if (!err->is_set) ERR(err, SQLSTATE_INTERNAL_ERROR, "PL/pgSQL statement failed");
    char line[OM_ERROR_MSG_MAX];
    snprintf(line, sizeof(line), "PL/pgSQL function %s line %d at %s", x->f->fn->signature,
             s->lineno, stmt_name(s));
    if (err->context[0]) {
        size_t used = strlen(err->context);
        if (used + 1 < sizeof(err->context)) {
            err->context[used] = '\n';
            memcpy(err->context + used + 1, line, strnlen(line, sizeof(err->context) - used - 2));
            err->context[used + 1 + strnlen(line, sizeof(err->context) - used - 2)] = 0;
        }
    } else {
        snprintf(err->context, sizeof(err->context), "%s", line);
    }
    err->position = 0; /* a position in the statement's own text means nothing to the client */
    return -1;
}

/* ---- variables ---- */

/* Stores v in *slot, its bytes (varlena types) in a malloc'd *heap that
 * replaces the slot's previous ones. */
static void store_value(Value *slot, char **heap, const Value *v)
{
    free(*heap);
    *heap = NULL;
    *slot = *v;
    if (v->is_null || !type_is_varlena(v->type.id)) return;
    uint32_t len = v->u.str.len;
    *heap = malloc(len > 0 ? len : 1);
    if (!*heap) abort();
    memcpy(*heap, strview_data(&v->u.str), len);
    slot->u.str = strview_make(*heap, len);
}

static void set_value(PlFrame *f, int varno, const Value *v)
{
    store_value(&f->vals[varno], &f->heap[varno], v);
}

static void record_free(PlRecord *r)
{
    if (!r) return;
    for (int i = 0; i < r->n; i++) {
        free(r->names[i]);
        free(r->heap[i]);
    }
    free(r->names);
    free(r->types);
    free(r->vals);
    free(r->heap);
    free(r);
}

/* Makes record variable varno the row vals[0..n) with these names/types. */
static void set_record(PlFrame *f, int varno, int n, const char *const *names, const OmType *types,
                       const Value *vals)
{
    record_free(f->recs[varno]);
    PlRecord *r = calloc(1, sizeof(PlRecord));
    if (!r) abort();
    r->n = n;
    r->names = calloc((size_t)(n > 0 ? n : 1), sizeof(char *));
    r->types = calloc((size_t)(n > 0 ? n : 1), sizeof(OmType));
    r->vals = calloc((size_t)(n > 0 ? n : 1), sizeof(Value));
    r->heap = calloc((size_t)(n > 0 ? n : 1), sizeof(char *));
    if (!r->names || !r->types || !r->vals || !r->heap) abort();
    for (int i = 0; i < n; i++) {
        r->names[i] = strdup(names[i] ? names[i] : "?column?");
        r->types[i] = types[i];
        Value null = {.type = types[i], .is_null = true};
        store_value(&r->vals[i], &r->heap[i], vals ? &vals[i] : &null);
    }
    f->recs[varno] = r;
}

/* Assigns v to scalar variable varno, converting it to the variable's type. */
static int assign(PlFrame *f, int varno, const Value *v)
{
    PlVar *var = &f->fn->vars[varno];
    if (var->notnull && v->is_null)
        return ERR(f->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                   "null value cannot be assigned to variable \"%s\" declared NOT NULL", var->name);
    OmType to = var->type.id == TYPE_UNKNOWN ? v->type : var->type;
    Value conv;
    if (pl_coerce(f, v, to, &conv, f->arena) != 0) return -1;
    set_value(f, varno, &conv);
    return 0;
}

/* Assigns a row (vals of types, named) to the targets: one record variable
 * takes the whole row; else each variable one column in order (missing
 * ones NULL, extra ones ignored, as PostgreSQL). */
static int assign_row(PlFrame *f, const int *targets, int ntargets, int ncols,
                      const char *const *names, const OmType *types, const Value *vals)
{
    if (ntargets == 1 && f->fn->vars[targets[0]].kind == PL_VAR_RECORD) {
        PlVar *var = &f->fn->vars[targets[0]];
        if (var->rowtype) { /* %ROWTYPE: the table's columns, by position */
            const CatTable *t = var->rowtype;
            int n = t->ncols;
            const char **tn = ARENA_NEW_ARRAY(f->arena, const char *, n > 0 ? n : 1);
            OmType *tt = ARENA_NEW_ARRAY(f->arena, OmType, n > 0 ? n : 1);
            Value *tv = ARENA_NEW_ARRAY(f->arena, Value, n > 0 ? n : 1);
            for (int i = 0; i < n; i++) {
                tn[i] = t->cols[i].name;
                tt[i] = t->cols[i].type;
                Value null = {.type = tt[i], .is_null = true};
                if (pl_coerce(f, vals && i < ncols ? &vals[i] : &null, tt[i], &tv[i], f->arena) !=
                    0)
                    return -1;
            }
            set_record(f, targets[0], n, tn, tt, tv);
            return 0;
        }
        set_record(f, targets[0], ncols, names, types, vals);
        return 0;
    }
    for (int i = 0; i < ntargets; i++) {
        Value null = {.type = OM_TYPE(TYPE_UNKNOWN), .is_null = true};
        const Value *v = vals && i < ncols ? &vals[i] : &null;
        if (f->fn->vars[targets[i]].kind == PL_VAR_RECORD) {
            if (v->is_null) {
                record_free(f->recs[targets[i]]);
                f->recs[targets[i]] = NULL;
                continue;
            }
            return ERR(f->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "a record among several INTO targets is not supported yet");
        }
        if (assign(f, targets[i], v) != 0) return -1;
    }
    return 0;
}

static void set_found(PlFrame *f, bool found)
{
    if (f->fn->found_varno < 0) return;
    Value v = {.type = OM_TYPE(TYPE_BOOL), .is_null = false};
    v.u.b = found;
    set_value(f, f->fn->found_varno, &v);
}

static int eval(Exec *x, PlExpr *e, Value *out)
{
    return pl_sql_eval(x->f, e, out);
}

/* A condition: NULL counts as false. *truth receives it. */
static int eval_bool(Exec *x, PlExpr *e, bool *truth)
{
    Value v;
    if (eval(x, e, &v) != 0) return -1;
    if (!v.is_null && v.type.id != TYPE_BOOL) {
        Value b;
        if (pl_coerce(x->f, &v, OM_TYPE(TYPE_BOOL), &b, x->f->arena) != 0) return -1;
        v = b;
    }
    *truth = !v.is_null && v.u.b;
    return 0;
}

static int eval_int(Exec *x, PlExpr *e, int64_t *out, const char *what)
{
    Value v, i;
    if (eval(x, e, &v) != 0) return -1;
    if (v.is_null)
        return ERR(x->f->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED, "%s of FOR loop cannot be null",
                   what);
    if (pl_coerce(x->f, &v, OM_TYPE(TYPE_INT8), &i, x->f->arena) != 0) return -1;
    *out = i.u.i64;
    return 0;
}

static char *value_text(PlFrame *f, const Value *v)
{
    if (v->is_null) return NULL;
    StrBuf sb;
    strbuf_init(&sb, f->arena);
    type_text_out(v->type, value_payload(v), &f->session->settings, &sb);
    strbuf_putc(&sb, 0);
    return sb.data;
}

/* A cancel request or statement_timeout ends the function (57014). */
static int check_interrupts(PlFrame *f)
{
    SqlSession *s = f->session;
    if (atomic_load(&s->cancel))
        return ERR(f->err, SQLSTATE_QUERY_CANCELED, "canceling statement due to user request");
    if (s->pl_deadline_us > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        if ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 >= s->pl_deadline_us)
            return ERR(f->err, SQLSTATE_QUERY_CANCELED,
                       "canceling statement due to statement timeout");
    }
    return 0;
}

/* ---- loops ---- */

/* After a loop body: 1 to go on, 0 to leave the loop (rc set to PL_OK or
 * what passes up), -1 error. */
static int loop_step(Exec *x, const PlStmt *s, int *rc)
{
    if (*rc < 0) return -1;
    if (*rc == PL_EXIT) {
        if (!x->exit_label || (s->label && strcmp(x->exit_label, s->label) == 0)) {
            x->exit_label = NULL;
            *rc = PL_OK;
        }
        return 0;
    }
    if (*rc == PL_CONTINUE) {
        if (!x->exit_label || (s->label && strcmp(x->exit_label, s->label) == 0)) {
            x->exit_label = NULL;
            *rc = PL_OK;
            return 1;
        }
        return 0;
    }
    if (*rc == PL_RETURN) return 0;
    if (check_interrupts(x->f) != 0) {
        *rc = -1;
        return -1;
    }
    return 1;
}

static int exec_fori(Exec *x, PlStmt *s)
{
    int64_t lo, hi, step = 1;
    if (eval_int(x, s->expr, &lo, "lower bound") != 0) return -1;
    if (eval_int(x, s->expr2, &hi, "upper bound") != 0) return -1;
    if (s->expr3) {
        if (eval_int(x, s->expr3, &step, "BY value") != 0) return -1;
        if (step <= 0)
            return ERR(x->f->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "BY value of FOR loop must be greater than zero");
    }
    bool any = false;
    int rc = PL_OK;
    for (int64_t i = lo; s->reverse ? i >= hi : i <= hi;) {
        any = true;
        Value v = {.type = OM_TYPE(TYPE_INT4), .is_null = false};
        v.u.i32 = (int32_t)i;
        set_value(x->f, s->varno, &v);
        rc = exec_list(x, s->body, s->nbody);
        if (loop_step(x, s, &rc) <= 0) break;
        if (s->reverse ? i - hi < step : hi - i < step) break; /* no overflow */
        i = s->reverse ? i - step : i + step;
    }
    set_found(x->f, any);
    return rc;
}

/* Runs the body once per row of rows, the targets taking each row. */
static int loop_rows(Exec *x, PlStmt *s, PlRows *rows)
{
    int rc = PL_OK;
    for (uint64_t r = 0; r < rows->nrows; r++) {
        if (assign_row(x->f, s->targets, s->ntargets, rows->ncols, rows->names, rows->types,
                       pl_rows_row(rows, r)) != 0)
            return -1;
        rc = exec_list(x, s->body, s->nbody);
        if (loop_step(x, s, &rc) <= 0) break;
    }
    set_found(x->f, rows->nrows > 0);
    return rc;
}

static int eval_params(Exec *x, PlStmt *s, Value **out)
{
    *out = ARENA_NEW_ARRAY(x->f->arena, Value, s->nparams > 0 ? s->nparams : 1);
    for (int i = 0; i < s->nparams; i++) {
        Value v;
        if (eval(x, s->params[i], &v) != 0) return -1;
        if (v.type.id == TYPE_UNKNOWN) v.type = OM_TYPE(TYPE_TEXT);
        (*out)[i] = v;
    }
    return 0;
}

/* The text of an EXECUTE's query expression. */
static int dynamic_text(Exec *x, PlExpr *e, char **sql)
{
    Value v;
    if (eval(x, e, &v) != 0) return -1;
    if (v.is_null)
        return ERR(x->f->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                   "query string argument of EXECUTE is null");
    *sql = value_text(x->f, &v);
    return 0;
}

static int exec_foreach(Exec *x, PlStmt *s)
{
    Value arr;
    if (eval(x, s->expr, &arr) != 0) return -1;
    if (arr.is_null)
        return ERR(x->f->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                   "FOREACH expression must not be null");
    if (!type_is_array(arr.type.id))
        return ERR(x->f->err, SQLSTATE_DATATYPE_MISMATCH,
                   "FOREACH expression must yield an array, not type %s",
                   type_name_of(arr.type, (char[64]){0}, 64));
    /* unnest it through SQL: the elements in storage order */
    PlRows rows;
    pl_rows_init(&rows, UINT64_MAX);
    int rc = pl_sql_dynamic(x->f, "SELECT unnest($1)", &arr, 1, &rows, NULL);
    if (rc == 0) {
        int t[1] = {s->varno};
        for (uint64_t r = 0; r < rows.nrows; r++) {
            if (assign_row(x->f, t, 1, 1, rows.names, rows.types, pl_rows_row(&rows, r)) != 0) {
                rc = -1;
                break;
            }
            rc = exec_list(x, s->body, s->nbody);
            if (loop_step(x, s, &rc) <= 0) break;
        }
    }
    pl_rows_free(&rows);
    return rc;
}

/* ---- RAISE ---- */

static int level_rank(const char *name)
{
    static const char *const order[] = {"debug5", "debug4", "debug3", "debug2",  "debug1",
                                        "debug",  "log",    "notice", "warning", "error"};
    static const int rank[] = {10, 11, 12, 13, 14, 14, 15, 18, 19, 21};
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (strcasecmp(order[i], name) == 0) return rank[i];
    return 18;
}

static int exec_raise(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    if (!s->message && !s->condname && s->nopts == 0) { /* RAISE; re-throws */
        if (!f->handling)
            return ERR(f->err, SQLSTATE_NO_ACTIVE_HANDLER,
                       "RAISE without parameters cannot be used outside an exception handler");
        error_copy(f->err, f->handling);
        return -1;
    }
    char code[6] = SQLSTATE_RAISE_EXCEPTION;
    const char *condmsg = s->condname; /* RAISE division_by_zero: the name is the message */
    if (s->condname) {
        const char *c = pl_condition_sqlstate(s->condname);
        snprintf(code, sizeof(code), "%s", c ? c : s->condname);
    }
    StrBuf msg;
    strbuf_init(&msg, f->arena);
    if (s->message) {
        int p = 0;
        for (const char *c = s->message; *c; c++) {
            if (*c == '%' && c[1] == '%') {
                strbuf_putc(&msg, '%');
                c++;
            } else if (*c == '%') {
                if (p >= s->nparams)
                    return ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                               "too few parameters specified for RAISE");
                Value v;
                if (eval(x, s->params[p++], &v) != 0) return -1;
                char *t = value_text(f, &v);
                strbuf_puts(&msg, t ? t : "<NULL>");
            } else {
                strbuf_putc(&msg, *c);
            }
        }
    } else if (condmsg) {
        strbuf_puts(&msg, condmsg);
    }
    strbuf_putc(&msg, 0);
    const char *detail = NULL, *hint = NULL;
    for (int i = 0; i < s->nopts; i++) {
        Value v;
        if (eval(x, s->opts[i].expr, &v) != 0) return -1;
        char *t = value_text(f, &v);
        if (!t)
            return ERR(f->err, SQLSTATE_NULL_VALUE_NOT_ALLOWED,
                       "RAISE statement option cannot "
                       "be null");
        switch (s->opts[i].type) {
        case PL_RAISE_ERRCODE: {
            const char *c = pl_condition_sqlstate(t);
            if (!c && strlen(t) == 5) c = t;
            if (!c)
                return ERR(f->err, SQLSTATE_UNDEFINED_OBJECT,
                           "unrecognized exception condition \"%s\"", t);
            snprintf(code, sizeof(code), "%s", c);
            if (!s->message && !condmsg && msg.len <= 1) {
                strbuf_reset(&msg);
                strbuf_puts(&msg, c);
                strbuf_putc(&msg, 0);
            }
            break;
        }
        case PL_RAISE_MESSAGE:
            strbuf_reset(&msg);
            strbuf_puts(&msg, t);
            strbuf_putc(&msg, 0);
            break;
        case PL_RAISE_DETAIL:
            detail = t;
            break;
        case PL_RAISE_HINT:
            hint = t;
            break;
        }
    }
    if (s->elevel >= 21) {
        ERR(f->err, code, "%s", msg.data);
        if (detail) error_detail(f->err, "%s", detail);
        if (hint) error_hint(f->err, "%s", hint);
        return -1;
    }
    /* a message for the client, when client_min_messages lets it through */
    const char *min = sql_session_get_setting(f->session, "client_min_messages");
    if (s->elevel != 17 && s->elevel < level_rank(min ? min : "notice")) return PL_OK;
    ResultSink *sink = f->session->notice_sink;
    if (!sink || !sink->notice) return PL_OK;
    OmError n;
    error_clear(&n);
    if (strcmp(code, SQLSTATE_RAISE_EXCEPTION) == 0 && !s->condname)
        snprintf(code, sizeof(code), "%s", SQLSTATE_SUCCESSFUL_COMPLETION);
    ERR(&n, code, "%s", msg.data);
    if (detail) error_detail(&n, "%s", detail);
    if (hint) error_hint(&n, "%s", hint);
    n.severity = s->elevel == 17   ? ERR_SEV_INFO
                 : s->elevel >= 19 ? ERR_SEV_WARNING
                                   : ERR_SEV_NOTICE;
    char ctx[OM_ERROR_MSG_MAX];
    snprintf(ctx, sizeof(ctx), "PL/pgSQL function %s line %d at RAISE", f->fn->signature,
             s->lineno);
    snprintf(n.context, sizeof(n.context), "%s", ctx);
    sink->notice(sink->ctx, &n);
    return PL_OK;
}

/* ---- blocks and handlers ---- */

static bool handler_matches(const PlHandler *h, const char *sqlstate)
{
    if (h->others)
        return strcmp(sqlstate, SQLSTATE_QUERY_CANCELED) != 0 &&
               strcmp(sqlstate, SQLSTATE_ASSERT_FAILURE) != 0;
    for (int i = 0; i < h->ncodes; i++) {
        const char *c = h->codes[i];
        if (strcmp(c, sqlstate) == 0) return true;
        if (strcmp(c + 2, "000") == 0 && strncmp(c, sqlstate, 2) == 0) return true; /* a class */
    }
    return false;
}

/* Initializes a block's variables, on each entry as PostgreSQL does: NULL
 * (records unassigned), or the default evaluated now. */
static int init_block_vars(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    for (int k = 0; k < s->ndecls; k++) {
        int i = s->decls[k];
        PlVar *v = &f->fn->vars[i];
        Value null = {.type = v->type, .is_null = true};
        set_value(f, i, &null);
        record_free(f->recs[i]);
        f->recs[i] = NULL;
        if (!v->default_val) continue; /* NOT NULL without one is refused at compile time */
        Value d;
        if (eval(x, v->default_val, &d) != 0) {
            snprintf(f->err->context, sizeof(f->err->context),
                     "PL/pgSQL function %s line %d during statement block local variable "
                     "initialization",
                     f->fn->signature, v->default_val->lineno);
            f->err->position = 0;
            return -1;
        }
        if (assign(f, i, &d) != 0) return -1;
    }
    return 0;
}

static int exec_block(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    if (init_block_vars(x, s) != 0) return -1;
    TxnMark mark = s->nhandlers > 0 ? txn_mark(f->txn) : 0;
    int rc = exec_list(x, s->body, s->nbody);
    if (rc == PL_EXIT && x->exit_label && s->label && strcmp(x->exit_label, s->label) == 0) {
        x->exit_label = NULL; /* EXIT label leaves the block of that label */
        rc = PL_OK;
    }
    if (rc >= 0) return rc;
    for (int h = 0; h < s->nhandlers; h++) {
        if (!handler_matches(&s->handlers[h], f->err->sqlstate)) continue;
        OmError caught_err; /* not in f->arena: the handler's statements reset it */
        OmError *caught = &caught_err;
        error_copy(caught, f->err);
        error_clear(f->err);
        txn_rollback_to(f->txn, mark);
        if (s->sqlstate_varno >= 0) {
            Value v = {.type = OM_TYPE(TYPE_TEXT), .is_null = false};
            v.u.str = strview_make(caught->sqlstate, (uint32_t)strlen(caught->sqlstate));
            set_value(f, s->sqlstate_varno, &v);
            v.u.str = strview_make(caught->message, (uint32_t)strlen(caught->message));
            set_value(f, s->sqlerrm_varno, &v);
        }
        const OmError *outer = f->handling;
        f->handling = caught;
        rc = exec_list(x, s->handlers[h].body, s->handlers[h].nbody);
        f->handling = outer;
        return rc;
    }
    return -1;
}

/* ---- statements ---- */

static int exec_return_next(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    if (!f->out_rows)
        return ERR(f->err, SQLSTATE_SYNTAX_ERROR, "cannot use RETURN NEXT in a non-SETOF function");
    const PlFunction *fn = f->fn;
    if (fn->nout > 0) {
        Value *row = ARENA_NEW_ARRAY(f->arena, Value, fn->nout);
        const PlRecord *rec = NULL;
        if (!pl_out_vars(fn)) { /* a table's row type: the record's fields */
            if (!s || s->varno < 0)
                return ERR(f->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                           "RETURN NEXT of a row type needs a record variable");
            rec = f->recs[s->varno];
            if (!rec)
                return ERR(f->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                           "record \"%s\" is not assigned yet", fn->vars[s->varno].name);
            if (rec->n != fn->nout)
                return ERR(f->err, SQLSTATE_DATATYPE_MISMATCH,
                           "wrong record type supplied in RETURN NEXT");
        }
        for (int i = 0; i < fn->nout; i++) {
            const Value *v = rec ? &rec->vals[i] : &f->vals[fn->out_varno[i]];
            if (pl_coerce(f, v, fn->out_types[i], &row[i], f->arena) != 0) return -1;
        }
        return pl_rows_append(f->out_rows, row, fn->nout) == 0 ? PL_OK : -1;
    }
    Value v, conv;
    if (eval(x, s->expr, &v) != 0) return -1;
    if (pl_coerce(f, &v, fn->rettype, &conv, f->arena) != 0) return -1;
    return pl_rows_append(f->out_rows, &conv, 1) == 0 ? PL_OK : -1;
}

static int exec_return_query(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    if (!f->out_rows)
        return ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                   "cannot use RETURN QUERY in a non-SETOF function");
    PlRows rows;
    pl_rows_init(&rows, UINT64_MAX);
    int rc;
    if (s->expr) {
        rc = pl_sql_run(f, s->expr, &rows, NULL);
    } else {
        char *sql;
        Value *params;
        rc = dynamic_text(x, s->expr2, &sql);
        if (rc == 0) rc = eval_params(x, s, &params);
        if (rc == 0) rc = pl_sql_dynamic(f, sql, params, s->nparams, &rows, NULL);
    }
    const PlFunction *fn = f->fn;
    int want = fn->nout > 0 ? fn->nout : 1;
    if (rc == 0 && rows.ncols != want) {
        ERR(f->err, SQLSTATE_DATATYPE_MISMATCH,
            "structure of query does not match function result type");
        error_detail(f->err,
                     "Number of returned columns (%d) does not match expected column "
                     "count (%d).",
                     rows.ncols, want);
        rc = -1;
    }
    for (int c = 0; rc == 0 && c < want && rows.types; c++) { /* as PostgreSQL: the same types */
        OmType to = fn->nout > 0 ? fn->out_types[c] : fn->rettype;
        if (rows.types[c].id == to.id) continue;
        char got[64], exp[64];
        type_format(rows.types[c], got, sizeof(got));
        type_format(to, exp, sizeof(exp));
        ERR(f->err, SQLSTATE_DATATYPE_MISMATCH,
            "structure of query does not match function result type");
        error_detail(f->err, "Returned type %s does not match expected type %s in column %d.", got,
                     exp, c + 1);
        rc = -1;
    }
    Value *row = ARENA_NEW_ARRAY(f->arena, Value, want);
    for (uint64_t r = 0; rc == 0 && r < rows.nrows; r++) {
        for (int c = 0; c < want && rc == 0; c++) {
            OmType to = fn->nout > 0 ? fn->out_types[c] : fn->rettype;
            rc = pl_coerce(f, &pl_rows_row(&rows, r)[c], to, &row[c], f->arena);
        }
        if (rc == 0) rc = pl_rows_append(f->out_rows, row, want);
    }
    if (rc == 0) {
        f->row_count = rows.nrows;
        set_found(f, rows.nrows > 0);
    }
    pl_rows_free(&rows);
    return rc == 0 ? PL_OK : -1;
}

static int into_result(Exec *x, PlStmt *s, PlRows *rows)
{
    PlFrame *f = x->f;
    if (s->strict && rows->seen == 0)
        return ERR(f->err, SQLSTATE_NO_DATA_FOUND, "query returned no rows");
    if (s->strict && rows->seen > 1) {
        ERR(f->err, SQLSTATE_TOO_MANY_ROWS, "query returned more than one row");
        error_hint(f->err, "Make sure the query returns a single row, or use LIMIT 1.");
        return -1;
    }
    if (rows->ncols < 0)
        return ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                   "query has no destination "
                   "for result data");
    if (assign_row(f, s->targets, s->ntargets, rows->ncols, rows->names, rows->types,
                   rows->nrows > 0 ? pl_rows_row(rows, 0) : NULL) != 0)
        return -1;
    return 0;
}

static int exec_sql(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    PlRows rows;
    pl_rows_init(&rows, s->into ? (s->strict ? 2 : 1) : 0);
    uint64_t processed = 0;
    int rc = pl_sql_run(f, s->expr, &rows, &processed);
    if (rc == 0 && s->into) {
        if (rows.ncols < 0)
            rc = ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                     "INTO used with a command that cannot return data");
        else
            rc = into_result(x, s, &rows);
    } else if (rc == 0 && rows.ncols >= 0) { /* a SELECT, or RETURNING, without INTO */
        rc = ERR(f->err, SQLSTATE_SYNTAX_ERROR, "query has no destination for result data");
        if (strncasecmp(s->expr->sql, "select", 6) == 0)
            error_hint(f->err, "If you want to discard the results of a SELECT, use PERFORM "
                               "instead.");
    }
    if (rc == 0) {
        f->row_count = processed;
        set_found(f, processed > 0);
    }
    pl_rows_free(&rows);
    return rc == 0 ? PL_OK : -1;
}

static int exec_dynexecute(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    char *sql;
    Value *params;
    if (dynamic_text(x, s->expr, &sql) != 0 || eval_params(x, s, &params) != 0) return -1;
    PlRows rows;
    pl_rows_init(&rows, s->into ? (s->strict ? 2 : 1) : 0);
    uint64_t processed = 0;
    int rc = pl_sql_dynamic(f, sql, params, s->nparams, &rows, &processed);
    if (rc == 0 && s->into) {
        if (rows.ncols < 0)
            rc = ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                     "INTO used with a command that cannot return data");
        else
            rc = into_result(x, s, &rows);
    }
    if (rc == 0) f->row_count = processed ? processed : rows.seen;
    pl_rows_free(&rows);
    return rc == 0 ? PL_OK : -1;
}

static int exec_getdiag(Exec *x, PlStmt *s);

static int exec_stmt(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    switch (s->kind) {
    case PLS_BLOCK:
        return exec_block(x, s);
    case PLS_ASSIGN: {
        Value v;
        if (eval(x, s->expr, &v) != 0) return -1;
        if (s->field) {
            PlRecord *r = f->recs[s->varno];
            if (!r)
                return ERR(f->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                           "record \"%s\" is not assigned yet", f->fn->vars[s->varno].name);
            for (int i = 0; i < r->n; i++)
                if (strcmp(r->names[i], s->field) == 0) {
                    Value conv;
                    if (pl_coerce(f, &v, r->types[i], &conv, f->arena) != 0) return -1;
                    store_value(&r->vals[i], &r->heap[i], &conv);
                    r->is_null = false;
                    return PL_OK;
                }
            return ERR(f->err, SQLSTATE_UNDEFINED_COLUMN, "record \"%s\" has no field \"%s\"",
                       f->fn->vars[s->varno].name, s->field);
        }
        if (f->fn->vars[s->varno].kind == PL_VAR_RECORD) {
            if (v.is_null) {
                record_free(f->recs[s->varno]);
                f->recs[s->varno] = NULL;
                return PL_OK;
            }
            return ERR(f->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "assigning to a record variable is not supported yet");
        }
        return assign(f, s->varno, &v) == 0 ? PL_OK : -1;
    }
    case PLS_IF: {
        bool t;
        if (eval_bool(x, s->expr, &t) != 0) return -1;
        if (t) return exec_list(x, s->body, s->nbody);
        for (int i = 0; i < s->nconds; i++) {
            if (eval_bool(x, s->conds[i].cond, &t) != 0) return -1;
            if (t) return exec_list(x, s->conds[i].body, s->conds[i].nbody);
        }
        return exec_list(x, s->else_body, s->nelse);
    }
    case PLS_CASE: {
        if (s->expr) {
            Value v;
            if (eval(x, s->expr, &v) != 0) return -1;
            f->fn->vars[s->varno].type = OM_TYPE(TYPE_UNKNOWN);
            set_value(f, s->varno, &v);
        }
        for (int i = 0; i < s->nconds; i++) {
            bool t;
            if (eval_bool(x, s->conds[i].cond, &t) != 0) return -1;
            if (t) return exec_list(x, s->conds[i].body, s->conds[i].nbody);
        }
        if (!s->has_else) return ERR(f->err, SQLSTATE_CASE_NOT_FOUND, "case not found");
        return exec_list(x, s->else_body, s->nelse);
    }
    case PLS_LOOP: {
        int rc;
        do {
            rc = exec_list(x, s->body, s->nbody);
        } while (loop_step(x, s, &rc) > 0);
        return rc;
    }
    case PLS_WHILE: {
        int rc = PL_OK;
        for (;;) {
            bool t;
            if (eval_bool(x, s->expr, &t) != 0) return -1;
            if (!t) break;
            rc = exec_list(x, s->body, s->nbody);
            if (loop_step(x, s, &rc) <= 0) break;
        }
        return rc;
    }
    case PLS_FORI:
        return exec_fori(x, s);
    case PLS_FORS:
    case PLS_DYNFORS: {
        PlRows rows;
        pl_rows_init(&rows, UINT64_MAX);
        int rc;
        if (s->kind == PLS_FORS) {
            rc = pl_sql_run(f, s->expr, &rows, NULL);
        } else {
            char *sql;
            Value *params;
            rc = dynamic_text(x, s->expr, &sql);
            if (rc == 0) rc = eval_params(x, s, &params);
            if (rc == 0) rc = pl_sql_dynamic(f, sql, params, s->nparams, &rows, NULL);
        }
        if (rc == 0 && rows.ncols < 0)
            rc = ERR(f->err, SQLSTATE_SYNTAX_ERROR,
                     "cannot open a query that returns no rows "
                     "as a FOR loop");
        if (rc == 0) rc = loop_rows(x, s, &rows);
        pl_rows_free(&rows);
        return rc;
    }
    case PLS_FOREACH:
        return exec_foreach(x, s);
    case PLS_EXIT: {
        if (s->expr) {
            bool t;
            if (eval_bool(x, s->expr, &t) != 0) return -1;
            if (!t) return PL_OK;
        }
        x->exit_label = s->label;
        return s->is_exit ? PL_EXIT : PL_CONTINUE;
    }
    case PLS_RETURN:
        if (s->implicit && !f->fn->is_void && !f->fn->retset && f->fn->nout == 0)
            return PL_OK;               /* falls off the end: 2F005 below */
        if (s->varno >= 0 && f->trig) { /* a trigger's RETURN NEW (a record's row) */
            f->ret_varno = s->varno;
            return PL_RETURN;
        }
        if (s->expr && !f->out_rows) {
            Value v;
            if (eval(x, s->expr, &v) != 0) return -1;
            f->retval = v;
        }
        return PL_RETURN;
    case PLS_RETURN_NEXT:
        return exec_return_next(x, s);
    case PLS_RETURN_QUERY:
        return exec_return_query(x, s);
    case PLS_RAISE:
        return exec_raise(x, s);
    case PLS_ASSERT: {
        bool t;
        if (eval_bool(x, s->expr, &t) != 0) return -1;
        if (t) return PL_OK;
        const char *msg = "assertion failed";
        if (s->expr2) {
            Value v;
            if (eval(x, s->expr2, &v) != 0) return -1;
            char *m = value_text(f, &v);
            if (m) msg = m;
        }
        return ERR(f->err, SQLSTATE_ASSERT_FAILURE, "%s", msg);
    }
    case PLS_EXECSQL:
        return exec_sql(x, s);
    case PLS_PERFORM: {
        uint64_t processed = 0;
        if (pl_sql_run(f, s->expr, NULL, &processed) != 0) return -1;
        f->row_count = processed;
        set_found(f, processed > 0);
        return PL_OK;
    }
    case PLS_DYNEXECUTE:
        return exec_dynexecute(x, s);
    case PLS_GETDIAG:
        return exec_getdiag(x, s);
    }
    return ERR(f->err, SQLSTATE_INTERNAL_ERROR, "unknown PL/pgSQL statement");
}

/* Where each STACKED DIAGNOSTICS item is in the handled OmError. */
static const size_t handled_field[] = {
    [PL_DIAG_SQLSTATE] = offsetof(OmError, sqlstate),
    [PL_DIAG_MESSAGE] = offsetof(OmError, message),
    [PL_DIAG_DETAIL] = offsetof(OmError, detail),
    [PL_DIAG_HINT] = offsetof(OmError, hint),
    [PL_DIAG_ERR_CONTEXT] = offsetof(OmError, context),
    [PL_DIAG_COLUMN] = offsetof(OmError, column_name),
    [PL_DIAG_CONSTRAINT] = offsetof(OmError, constraint_name),
    [PL_DIAG_TABLE] = offsetof(OmError, table_name),
    [PL_DIAG_SCHEMA] = offsetof(OmError, schema_name),
};

/* GET [STACKED] DIAGNOSTICS: the statement's row count, the function's
 * OID, where it runs; STACKED: the fields of the error a handler caught. */
static int exec_getdiag(Exec *x, PlStmt *s)
{
    PlFrame *f = x->f;
    const OmError *e = f->handling;
    if (s->stacked && !e)
        return ERR(f->err, SQLSTATE_NO_ACTIVE_HANDLER,
                   "GET STACKED DIAGNOSTICS cannot be used outside an exception handler");
    for (int i = 0; i < s->ndiag; i++) {
        Value v;
        memset(&v, 0, sizeof(v));
        const char *text = NULL;
        char where[OM_ERROR_MSG_MAX];
        switch (s->diag_kinds[i]) {
        case PL_DIAG_ROW_COUNT:
            v.type = OM_TYPE(TYPE_INT8);
            v.u.i64 = (int64_t)f->row_count;
            break;
        case PL_DIAG_ROUTINE_OID:
            v.type = OM_TYPE(TYPE_OID);
            v.u.i64 = f->fn->oid;
            break;
        case PL_DIAG_CONTEXT:
            snprintf(where, sizeof(where), "PL/pgSQL function %s line %d at GET DIAGNOSTICS",
                     f->fn->signature, s->lineno);
            text = where;
            break;
        case PL_DIAG_DATATYPE:
            text = "";
            break;
        default: /* a field of the handled error */
            text = (const char *)e + handled_field[s->diag_kinds[i]];
            break;
        }
        if (text) {
            v.type = OM_TYPE(TYPE_TEXT);
            v.u.str = strview_make(text, (uint32_t)strlen(text));
        }
        if (s->diag_targets[i] < 0 || assign(f, s->diag_targets[i], &v) != 0) return -1;
    }
    return PL_OK;
}

static int exec_list(Exec *x, PlStmt **list, int n)
{
    for (int i = 0; i < n; i++) {
        arena_reset(x->f->arena);
        int rc = check_interrupts(x->f) == 0 ? exec_stmt(x, list[i]) : -1;
        if (rc < 0) {
            /* the innermost statement names the place once */
            if (!strstr(x->f->err->context, "PL/pgSQL function")) fail_at(x, list[i]);
            return -1;
        }
        if (rc != PL_OK) return rc;
    }
    return PL_OK;
}

/* ---- calls ---- */

/* The OUT parameters' values as one record (a call in an expression of a
 * function with OUT parameters). */
static int out_record(PlFrame *f, Value *out, Arena *arena)
{
    const PlFunction *fn = f->fn;
    if (!pl_out_vars(fn))
        return ERR(f->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "a PL/pgSQL function returning a table's row type is not supported yet");
    Value *row = ARENA_NEW_ARRAY(f->arena, Value, fn->nout);
    for (int i = 0; i < fn->nout; i++)
        if (pl_coerce(f, &f->vals[fn->out_varno[i]], fn->out_types[i], &row[i], f->arena) != 0)
            return -1;
    StrBuf sb;
    strbuf_init(&sb, arena);
    record_write(row, (uint32_t)fn->nout, &sb);
    memset(out, 0, sizeof(*out));
    out->type = OM_TYPE(TYPE_RECORD);
    out->u.str = strview_make(sb.data, (uint32_t)sb.len);
    return 0;
}

static int execute(SqlSession *s, Txn *txn, PlFunction *fn, const Value *args, int nargs,
                   bool in_query, const PlTrigCall *tc, Value *out, PlRows *rows, Arena *arena,
                   OmError *err);

int pl_execute(SqlSession *s, Txn *txn, PlFunction *fn, const Value *args, int nargs, bool in_query,
               Value *out, PlRows *rows, Arena *arena, OmError *err)
{
    return execute(s, txn, fn, args, nargs, in_query, NULL, out, rows, arena, err);
}

int pl_execute_trigger(SqlSession *s, Txn *txn, PlFunction *fn, const PlTrigCall *tc, Arena *arena,
                       OmError *err)
{
    return execute(s, txn, fn, NULL, 0, true, tc, NULL, NULL, arena, err);
}

void pl_frame_set_record(PlFrame *f, int varno, int n, const char *const *names,
                         const OmType *types, const Value *vals)
{
    set_record(f, varno, n, names, types, vals);
}

int pl_frame_assign(PlFrame *f, int varno, const Value *v)
{
    return assign(f, varno, v);
}

static int execute(SqlSession *s, Txn *txn, PlFunction *fn, const Value *args, int nargs,
                   bool in_query, const PlTrigCall *tc, Value *out, PlRows *rows, Arena *arena,
                   OmError *err)
{
    if (s->pl_depth >= PL_MAX_DEPTH)
        return ERR(err, SQLSTATE_STATEMENT_TOO_COMPLEX, "stack depth limit exceeded");
    PlFrame f;
    memset(&f, 0, sizeof(f));
    f.fn = fn;
    f.session = s;
    f.txn = txn;
    f.err = err;
    f.in_query = in_query;
    f.arena = arena_create(arena, "plpgsql call");
    int nv = fn->nvars > 0 ? fn->nvars : 1;
    f.vals = calloc((size_t)nv + PL_MAX_FIELD_REFS, sizeof(Value));
    f.heap = calloc((size_t)nv, sizeof(char *));
    f.recs = calloc((size_t)nv, sizeof(PlRecord *));
    if (!f.vals || !f.heap || !f.recs) abort();
    f.out_rows = rows;
    f.trig = tc;
    f.ret_varno = -1;
    f.retval.is_null = true;
    f.retval.type = fn->rettype;
    /* the outermost call's statement_timeout holds for the nested ones */
    if (s->pl_depth == 0) s->pl_deadline_us = sql_statement_deadline_us(s);
    s->pl_depth++;
    fn->refs++;
    Exec x = {&f, NULL};
    int rc = 0;
    for (int i = 0; i < fn->nvars; i++) /* blocks set their own on entry */
        f.vals[i] = (Value){.type = fn->vars[i].type, .is_null = true};
    for (int i = 0; i < fn->nargs && i < nargs && rc == 0; i++) {
        if (fn->vars[i].kind == PL_VAR_RECORD) continue;
        rc = assign(&f, i, &args[i]);
    }
    if (rc == 0 && tc) rc = pl_trigger_enter(&f);
    if (rc == 0) {
        set_found(&f, false);
        rc = exec_stmt(&x, fn->action);
        if (rc < 0 && !strstr(err->context, "PL/pgSQL function")) fail_at(&x, fn->action);
    }
    if (rc >= 0) {
        if (rc == PL_EXIT || rc == PL_CONTINUE) rc = PL_OK; /* PostgreSQL checks at compile */
        if (rc != PL_RETURN && !fn->retset && !fn->is_void && fn->nout == 0) {
            ERR(err, SQLSTATE_NO_RETURN_STATEMENT, "control reached end of %s without RETURN",
                fn->is_trigger ? "trigger procedure" : "function");
            error_context(err, "PL/pgSQL function %s", fn->signature);
            rc = -1;
        }
    }
    if (rc >= 0 && tc) rc = pl_trigger_leave(&f, arena);
    if (rc >= 0 && rows && pl_out_vars(fn) && !fn->retset) /* one row of the OUT values */
        rc = exec_return_next(&x, NULL);
    if (rc >= 0 && out) {
        if (fn->is_void) {
            memset(out, 0, sizeof(*out));
            out->type = OM_TYPE(TYPE_VOID);
            out->is_null = false;
        } else if (pl_out_vars(fn) && fn->nout == 1 && !fn->retset) { /* one OUT: its value */
            rc = pl_coerce(&f, &f.vals[fn->out_varno[0]], fn->out_types[0], out, arena);
        } else if (fn->nout > 0 && !fn->retset) {
            rc = out_record(&f, out, arena);
        } else if (!fn->retset) {
            rc = pl_coerce(&f, &f.retval, fn->rettype, out, arena);
            if (rc != 0 && !strstr(err->context, "PL/pgSQL function"))
                error_context(err,
                              "PL/pgSQL function %s while casting return value to "
                              "function's return type",
                              fn->signature);
        }
    }
    s->pl_depth--;
    fn->refs--;
    for (int i = 0; i < fn->nvars; i++) {
        free(f.heap[i]);
        record_free(f.recs[i]);
    }
    free(f.vals);
    free(f.heap);
    free(f.recs);
    arena_destroy(f.arena);
    return rc < 0 ? -1 : 0;
}

/* ---- the session's compiled functions ---- */

PlFunction *pl_cache_get(SqlSession *s, const CatFunction *cf, OmError *err)
{
    uint64_t version = catalog_version(s->db->catalog);
    PlFunction **link = &s->pl_cache;
    while (*link) {
        PlFunction *fn = *link;
        if (fn->oid == cf->oid && fn->catalog_version == version) return fn;
        if (fn->oid == cf->oid || fn->catalog_version != version) {
            if (fn->refs == 0) { /* stale and unused: drop it */
                *link = fn->next;
                pl_function_free(fn);
                continue;
            }
        }
        link = &fn->next;
    }
    PlFunction *fn = pl_compile(s, cf, cf->body, s->arena, err);
    if (!fn) return NULL;
    fn->next = s->pl_cache;
    s->pl_cache = fn;
    return fn;
}

void pl_cache_fini(SqlSession *s)
{
    while (s->pl_cache) {
        PlFunction *fn = s->pl_cache;
        s->pl_cache = fn->next;
        pl_function_free(fn);
    }
}

/* ---- calls from expressions ---- */

/* The PL/pgSQL function `oid` a call from the executor runs, compiled; NULL
 * with err set, or NULL with *skip when it is STRICT and an argument is NULL
 * (no call: a NULL result, or no rows). */
static PlFunction *callee(ExecState *es, Oid oid, const Value *args, int nargs, bool *skip,
                          OmError *err)
{
    SqlSession *s = es->session;
    *skip = false;
    CatFunction *cf = catalog_function_by_oid(s->db->catalog, oid);
    if (!cf || cf->lang != CAT_LANG_PLPGSQL) {
        ERR(err, SQLSTATE_UNDEFINED_FUNCTION, "function with OID %u does not exist", oid);
        return NULL;
    }
    if (!es->txn) {
        ERR(err, SQLSTATE_INTERNAL_ERROR, "PL/pgSQL call outside a transaction");
        return NULL;
    }
    for (int i = 0; cf->strict && i < nargs; i++)
        if (args[i].is_null) {
            *skip = true;
            return NULL;
        }
    return pl_cache_get(s, cf, err);
}

static int call_hook(ExecState *es, Oid oid, const Value *args, int nargs, Value *out, Arena *arena,
                     OmError *err)
{
    bool skip;
    PlFunction *fn = callee(es, oid, args, nargs, &skip, err);
    if (skip) {
        memset(out, 0, sizeof(*out));
        out->is_null = true;
        CatFunction *cf = catalog_function_by_oid(es->catalog, oid);
        out->type = cf ? cf->ret : OM_TYPE(TYPE_NULL);
        return 0;
    }
    if (!fn) return -1;
    return pl_execute(es->session, es->txn, fn, args, nargs, true, out, NULL, arena, err);
}

/* A set-returning call (and a function with OUT parameters in FROM): the
 * function's rows, copied into `arena`, each packed into a record when the
 * caller takes one column of a function with several. */
static int set_hook(ExecState *es, Oid oid, const Value *args, int nargs, int ncols, PlSetRows *out,
                    Arena *arena, OmError *err)
{
    SqlSession *s = es->session;
    memset(out, 0, sizeof(*out));
    out->ncols = ncols;
    bool skip;
    PlFunction *fn = callee(es, oid, args, nargs, &skip, err);
    if (skip) return 0;
    if (!fn) return -1;
    int fcols = fn->nout > 0 ? fn->nout : 1;
    if (ncols != fcols && ncols != 1)
        return ERR(err, SQLSTATE_DATATYPE_MISMATCH, "function %s returns %d columns, not %d",
                   fn->signature, fcols, ncols);
    PlRows rows;
    pl_rows_init(&rows, UINT64_MAX);
    int rc = pl_execute(s, es->txn, fn, args, nargs, true, NULL, &rows, arena, err);
    if (rc == 0 && rows.nrows > 0) {
        out->nrows = rows.nrows;
        out->vals = ARENA_NEW_ARRAY(arena, Value, rows.nrows * (uint64_t)ncols);
        StrBuf sb;
        strbuf_init(&sb, arena);
        for (uint64_t r = 0; r < rows.nrows; r++) {
            const Value *src = pl_rows_row(&rows, r);
            Value *dst = &out->vals[r * (uint64_t)ncols];
            if (ncols == fcols) {
                for (int c = 0; c < ncols; c++) value_copy(&dst[c], &src[c], arena);
                continue;
            }
            strbuf_reset(&sb);
            record_write(src, (uint32_t)fcols, &sb);
            char *bytes = arena_alloc(arena, sb.len > 0 ? sb.len : 1);
            memcpy(bytes, sb.data, sb.len);
            memset(dst, 0, sizeof(*dst));
            dst->type = OM_TYPE(TYPE_RECORD);
            dst->u.str = strview_make(bytes, (uint32_t)sb.len);
        }
    }
    pl_rows_free(&rows);
    return rc;
}

void pl_install(void)
{
    func_plcall_set_hook(call_hook);
    func_plcall_set_set_hook(set_hook);
    pl_trigger_install();
}
