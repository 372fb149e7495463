/*
 * sql_alter_column.c — ALTER TABLE ADD COLUMN, DROP COLUMN, ALTER COLUMN
 * TYPE, SET/DROP DEFAULT, SET/DROP NOT NULL.
 *
 * Storage (docs/storage.md, "Changing columns"): a new or rewritten column
 * is built off to the side, one segment per row group, with its value for
 * every row computed from the row (ADD COLUMN: the default, evaluated once,
 * or per row when volatile; TYPE: the USING expression or the assignment
 * cast), then attached or swapped in. A dropped column is removed
 * physically: its segments are detached (and freed once the statement has
 * succeeded), later columns move down, and every column number in the
 * catalog and storage (constraints, foreign keys of any table, unique
 * indexes, undo records) follows. There is no attisdropped: attnums are
 * renumbered.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/func_sequence.h"
#include "sql/sql_alter_cmds.h"
#include "sql/sql_generated.h"
#include "sql/sql_index_expr.h"
#include "sql/sql_view.h"

static int push_col(AlterCtx *ac, AlterUndoKind kind, int pos, StorageColumn *col)
{
    AlterUndo u;
    memset(&u, 0, sizeof(u));
    u.kind = kind;
    u.pos = pos;
    u.col = col;
    return alter_journal_push(ac->sc, &ac->j, &u);
}

/* Binds a DEFAULT expression (no column references) coerced to `type`. */
static Expr *bind_default(StmtCtx *sc, PgQuery__Node *raw, OmType type, int location)
{
    BoundQuery q;
    memset(&q, 0, sizeof(q));
    BindScope scope;
    memset(&scope, 0, sizeof(scope));
    scope.query = &q;
    scope.clause = CLAUSE_DEFAULT;
    Expr *e = bind_expr(&sc->binder, &scope, raw);
    if (e) e = bind_coerce(&sc->binder, e, type, CAST_ASSIGNMENT, location);
    return e;
}

static int store_default(StmtCtx *sc, const CatTable *t, CatColumn *c, PgQuery__Node *raw)
{
    char *txt = sql_deparse_expr(raw);
    if (!txt) return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "could not store DEFAULT expression");
    const char *norm = sql_sequence_default_text(sc, txt, t->schema);
    free(txt);
    if (!norm || !(txt = strdup(norm)))
        return norm ? ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory") : -1;
    free(c->default_sql);
    c->default_sql = txt;
    return 0;
}

int alter_add_column(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "ADD COLUMN without a column definition");
    PgQuery__ColumnDef *cd = cmd->def->column_def;
    if (catalog_column_index(t, cd->colname) >= 0) {
        if (cmd->missing_ok) {
            alter_notice(sc, "column \"%s\" of relation \"%s\" already exists, skipping",
                         cd->colname, t->name);
            return 0;
        }
        return ERR(sc->err, SQLSTATE_DUPLICATE_COLUMN,
                   "column \"%s\" of relation \"%s\" already exists", cd->colname, t->name);
    }
    CatColumn col;
    memset(&col, 0, sizeof(col));
    snprintf(col.name, sizeof(col.name), "%s", cd->colname);
    PgQuery__Node *raw_default = NULL;
    int def_location = -1;
    char serial_def[CATALOG_NAME_MAX * 3 + 32];
    int serial = sql_serial_type(cd->type_name);
    if (serial) {
        col.type = OM_TYPE(serial == 2 ? TYPE_INT2 : serial == 8 ? TYPE_INT8 : TYPE_INT4);
        func_sequence_default_sql(t->schema->name, t->name, col.name, serial_def,
                                  sizeof(serial_def));
        col.not_null = true;
    } else if (bind_type_name(&sc->binder, cd->type_name, &col.type) != 0 ||
               sql_check_column_type(col.name, col.type, sc->err) != 0) {
        return -1;
    }
    if (cd->coll_clause && sql_column_collation(sc, cd->coll_clause, col.type) != 0) return -1;
    col.not_null = col.not_null || cd->is_not_null;
    if (sql_fkey_column_attrs(sc, cd->constraints, cd->n_constraints) != 0) return -1;
    PgQuery__Constraint *identity = NULL, *generated = NULL;
    for (size_t k = 0; k < cd->n_constraints; k++) {
        PgQuery__Constraint *con = cd->constraints[k]->constraint;
        switch (con->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
            col.not_null = true;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED:
            if (generated)
                return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                           "multiple generation clauses specified for column \"%s\" of table "
                           "\"%s\"",
                           col.name, t->name);
            generated = con;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
            if (raw_default)
                return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                           "multiple default values specified for column \"%s\" of table \"%s\"",
                           col.name, t->name);
            raw_default = con->raw_expr;
            def_location = con->location;
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY:
            /* as serial, but an identity: its own sequence fills the rows */
            if (identity || serial)
                return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                           identity ? "multiple identity specifications for column \"%s\" of "
                                      "table \"%s\""
                                    : "both default and identity specified for column \"%s\" of "
                                      "table \"%s\"",
                           col.name, t->name);
            if (col.type.id != TYPE_INT2 && col.type.id != TYPE_INT4 && col.type.id != TYPE_INT8)
                return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "identity column type must be smallint, integer, or bigint");
            identity = con;
            col.identity = con->generated_when && con->generated_when[0] == 'a' ? 'a' : 'd';
            col.not_null = true;
            func_sequence_default_sql(t->schema->name, t->name, col.name, serial_def,
                                      sizeof(serial_def));
            break;
        case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
        case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK:
        case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE:
            break; /* once the column exists; attributes: sql_fkey_column_attrs */
        default:
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "this column constraint is not supported yet");
        }
    }
    if (identity && raw_default)
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "both default and identity specified for column \"%s\" of table \"%s\"",
                   col.name, t->name);
    if (generated && (identity || serial || raw_default))
        return ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
                   "both %s and generation expression specified for column \"%s\" of table "
                   "\"%s\"",
                   identity ? "identity" : "default", col.name, t->name);
    bool from_seq = serial || identity; /* the rows are filled from the new sequence */
    /* the default, bound and coerced; its value for the existing rows */
    Expr *def = NULL;
    CatCheck *gen = NULL; /* a generated column's expression texts, until the column owns them */
    if (generated) {
        Expr *e = sql_generated_define(sc, t, &col, generated, &gen);
        if (!e) return -1;
        def = sql_translate_table_expr(sc, t, e);
        if (!def) {
            catalog_gen_free(gen);
            return -1;
        }
        col.generated = 's';
    } else if (raw_default) {
        def = bind_default(sc, raw_default, col.type, def_location);
        if (!def) return -1;
    } else {
        Value v;
        memset(&v, 0, sizeof(v));
        v.type = col.type;
        v.is_null = true;
        def = expr_make_const(sc->arena, &v);
    }
    bool has_rows = alter_table_has_rows(t);
    int pos = t->ncols;
    CatColumn *cols = NULL;
    StorageColumn *sc_col = NULL;
    if (has_rows && alter_require_idle(ac, false) != 0) goto fail;
    /* serial: the sequence exists once the column does; filled below */
    sc_col = alter_build_column(sc, t, def, col.type, col.not_null && !from_seq, col.name);
    if (!sc_col) goto fail;
    if (storage_table_attach_column(t->storage, pos, sc_col) != 0) {
        storage_column_free(sc_col);
        ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto fail;
    }
    if (push_col(ac, AU_ADD_COL, pos, NULL) != 0) {
        storage_column_free(storage_table_detach_column(t->storage, pos));
        goto fail;
    }
    cols = realloc(t->cols, sizeof(CatColumn) * (size_t)(t->ncols + 1));
    if (!cols) {
        ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        goto fail; /* the journal detaches the column */
    }
    t->cols = cols;
    col.attnum = pos + 1;
    col.gen = gen; /* the column owns the texts now */
    gen = NULL;
    t->cols[pos] = col;
    t->ncols++;
    if (raw_default && store_default(sc, t, &t->cols[pos], raw_default) != 0) return -1;
    if (from_seq) {
        if (!(t->cols[pos].default_sql = strdup(serial_def)))
            return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
        PgQuery__Constraint **idcons = ARENA_NEW_ARRAY(sc->arena, PgQuery__Constraint *, t->ncols);
        idcons[pos] = identity;
        if (sql_sequence_attach_serials(sc, t, idcons) != 0) return -1;
        Expr *next = sql_bind_default(sc, t, pos);
        StorageColumn *filled =
            next ? alter_build_column(sc, t, next, col.type, true, col.name) : NULL;
        if (!filled) return -1;
        StorageColumn *empty = storage_column_swap(t->storage, pos, filled);
        if (push_col(ac, AU_SWAP_COL, pos, empty) != 0) {
            storage_column_free(storage_column_swap(t->storage, pos, empty));
            return -1;
        }
    }
    if (has_rows && (from_seq || alter_expr_volatile(def))) alter_log_values(sc, t, pos);
    for (size_t k = 0; k < cd->n_constraints; k++) {
        PgQuery__Constraint *con = cd->constraints[k]->constraint;
        if (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
            con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
            con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK ||
            con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN)
            if (alter_add_constraint_node(ac, con, pos) != 0) return -1;
    }
    return 0;
fail:
    catalog_gen_free(gen);
    return -1;
}

static bool key_uses(const CatConstraint *con, int c)
{
    for (int k = 0; k < con->ncols; k++)
        if (con->cols[k] == c) return true;
    return false;
}

static bool fkey_uses(const CatForeignKey *fk, int c)
{
    for (int k = 0; k < fk->ncols; k++)
        if (fk->cols[k] == c) return true;
    return false;
}

static void shift(int *cols, int n, int dropped)
{
    for (int k = 0; k < n; k++)
        if (cols[k] > dropped) cols[k]--;
}

int alter_drop_column(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    bool skipped = false;
    int c = alter_find_column(ac, cmd->name, cmd->missing_ok, &skipped);
    if (skipped) {
        alter_notice(sc, "column \"%s\" of relation \"%s\" does not exist, skipping", cmd->name,
                     t->name);
        return 0;
    }
    if (c < 0) return -1;
    if (t->ncols == 1)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "cannot drop the only column of table \"%s\": tables without columns are not "
                   "supported",
                   t->name);
    if (alter_require_idle(ac, true) != 0) return -1;
    bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    int user = sql_generated_user(sc, t, c);
    if (user >= 0) {
        if (cascade)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "DROP COLUMN ... CASCADE of a column a generated column reads is not "
                       "supported yet");
        ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
            "cannot drop column %s of table %s because other objects depend on it", t->cols[c].name,
            t->name);
        error_detail(sc->err, "column %s of table %s depends on column %s", t->cols[user].name,
                     t->name, t->cols[c].name);
        error_hint(sc->err, "Use DROP ... CASCADE to drop the dependent objects too.");
        return -1;
    }
    /* a trigger's UPDATE OF list names it (CASCADE is refused rather than
     * dropping the trigger, which the journal could not put back) */
    for (int i = 0; i < catalog_trigger_count(ac->cat); i++) {
        const CatTrigger *tg = catalog_trigger_at(ac->cat, i);
        for (int k = 0; tg->table == t->oid && k < tg->ncols; k++) {
            if (strcmp(tg->cols[k], t->cols[c].name) != 0) continue;
            ERR(sc->err, SQLSTATE_DEPENDENT_OBJECTS_STILL_EXIST,
                "cannot drop column %s of table %s because other objects depend on it",
                t->cols[c].name, t->name);
            error_detail(sc->err, "trigger %s on table %s depends on column %s of table %s",
                         tg->name, t->name, t->cols[c].name, t->name);
            error_hint(sc->err, cascade
                                    ? "Drop the trigger first."
                                    : "Use DROP ... CASCADE to drop the dependent objects too.");
            return -1;
        }
    }
    if (!cascade && sql_view_drop_dependents(sc, t->oid, t->cols[c].name, false, NULL, 0) != 0)
        return -1;
    if (cascade) {
        if (ac->ncascade == 8)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "more than 8 DROP COLUMN ... CASCADE in one ALTER TABLE are not supported");
        snprintf(ac->cascade_cols[ac->ncascade++], CATALOG_NAME_MAX, "%s", t->cols[c].name);
    }
    char msg[300];
    snprintf(msg, sizeof(msg),
             "cannot drop column %s of table %s because other objects depend on it",
             t->cols[c].name, t->name);
    /* this table's foreign keys over the column go with it */
    for (int i = t->nfkeys - 1; i >= 0; i--)
        if (fkey_uses(&t->fkeys[i], c)) {
            memmove(&t->fkeys[i], &t->fkeys[i + 1],
                    sizeof(CatForeignKey) * (size_t)(t->nfkeys - i - 1));
            t->nfkeys--;
        }
    /* foreign keys that reference the column need CASCADE */
    for (int i = 0; i < t->ncons; i++)
        if (key_uses(&t->cons[i], c) && alter_drop_dependent_fkeys(ac, i, -1, cascade, msg) != 0)
            return -1;
    if (alter_drop_dependent_fkeys(ac, -1, c, cascade, msg) != 0) return -1;
    /* indexes, keys and checks over the column go with it */
    for (int i = t->ncons - 1; i >= 0; i--)
        if (sql_index_uses_column(sc, t, &t->cons[i], c) && alter_remove_key(ac, i) != 0) return -1;
    for (int i = t->nchecks - 1; i >= 0; i--)
        if (sql_check_uses_column(sc, t, &t->checks[i], c)) catalog_check_remove(t, i);
    /* storage */
    StorageColumn *old = storage_table_detach_column(t->storage, c);
    if (!old) return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    if (push_col(ac, AU_DROP_COL, c, old) != 0) {
        storage_table_attach_column(t->storage, c, old);
        return -1;
    }
    /* catalog: the column, then every column number after it */
    free(t->cols[c].default_sql);
    free(t->cols[c].comment);
    catalog_gen_free(t->cols[c].gen);
    memmove(&t->cols[c], &t->cols[c + 1], sizeof(CatColumn) * (size_t)(t->ncols - c - 1));
    t->ncols--;
    for (int i = 0; i < t->ncols; i++) t->cols[i].attnum = i + 1;
    for (int i = 0; i < t->ncons; i++) {
        shift(t->cons[i].cols, t->cons[i].ncols, c);
        shift(t->cons[i].include_cols, t->cons[i].ninclude, c);
    }
    for (int i = 0; i < t->nfkeys; i++) shift(t->fkeys[i].cols, t->fkeys[i].ncols, c);
    for (int i = 0; i < catalog_table_count(ac->cat); i++) {
        CatTable *o = catalog_table_at(ac->cat, i);
        for (int k = 0; k < o->nfkeys; k++)
            if (o->fkeys[k].ref_table == t->oid) shift(o->fkeys[k].ref_cols, o->fkeys[k].ncols, c);
    }
    for (int o = 0; o < ac->j.orig_ncols; o++) {
        if (ac->j.colmap[o] == c)
            ac->j.colmap[o] = -1;
        else if (ac->j.colmap[o] > c)
            ac->j.colmap[o]--;
    }
    ac->j.moved_columns = true;
    return 0;
}

static bool column_in_fkey(AlterCtx *ac, int c)
{
    CatTable *t = ac->t;
    for (int i = 0; i < t->nfkeys; i++)
        if (fkey_uses(&t->fkeys[i], c)) return true;
    for (int i = 0; i < catalog_table_count(ac->cat); i++) {
        CatTable *o = catalog_table_at(ac->cat, i);
        for (int k = 0; k < o->nfkeys; k++) {
            if (o->fkeys[k].ref_table != t->oid) continue;
            for (int j = 0; j < o->fkeys[k].ncols; j++)
                if (o->fkeys[k].ref_cols[j] == c) return true;
        }
    }
    return false;
}

int alter_column_type(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    PgQuery__ColumnDef *cd = cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF
                                 ? cmd->def->column_def
                                 : NULL;
    if (!cd || !cd->type_name)
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "ALTER COLUMN TYPE without a type");
    OmType type;
    if (bind_type_name(&sc->binder, cd->type_name, &type) != 0 ||
        sql_check_column_type(t->cols[c].name, type, sc->err) != 0)
        return -1;
    if (cd->coll_clause && sql_column_collation(sc, cd->coll_clause, type) != 0) return -1;
    if (sql_view_check_retype(sc, t, t->cols[c].name) != 0) return -1;
    int user = sql_generated_user(sc, t, c);
    if (user >= 0) {
        ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
            "cannot alter type of a column used by a generated column");
        error_detail(sc->err, "Column \"%s\" is used by generated column \"%s\".", t->cols[c].name,
                     t->cols[user].name);
        return -1;
    }
    if (t->cols[c].generated && cd->raw_default)
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "ALTER COLUMN TYPE ... USING of a generated column is not supported yet");
    if (column_in_fkey(ac, c))
        return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                   "ALTER COLUMN TYPE of a column used by a foreign key is not supported yet");
    char tname[128];
    type_format(type, tname, sizeof(tname));
    /* the new value of every row: USING, or the column itself, cast by assignment */
    Expr *e;
    if (cd->raw_default) {
        e = sql_bind_table_expr(sc, t, NULL, NULL, cd->raw_default);
    } else {
        Expr *var = ARENA_NEW(sc->arena, Expr);
        var->kind = EXPR_VAR;
        var->type = t->cols[c].type;
        var->u.var.attno = c;
        e = var;
    }
    if (!e) return -1;
    OmError tmp;
    error_clear(&tmp);
    Binder b = sc->binder;
    b.err = &tmp;
    Expr *cast = bind_coerce(&b, e, type, CAST_ASSIGNMENT, -1);
    if (!cast) {
        if (strcmp(tmp.sqlstate, SQLSTATE_CANNOT_COERCE) != 0 &&
            strcmp(tmp.sqlstate, SQLSTATE_DATATYPE_MISMATCH) != 0 &&
            strcmp(tmp.sqlstate, SQLSTATE_UNDEFINED_FUNCTION) != 0) {
            error_copy(sc->err, &tmp);
            return -1;
        }
        if (cd->raw_default) {
            ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
                "result of USING clause for column \"%s\" cannot be cast automatically to type %s",
                t->cols[c].name, tname);
            error_hint(sc->err, "You might need to add an explicit cast.");
        } else {
            ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
                "column \"%s\" cannot be cast automatically to type %s", t->cols[c].name, tname);
            error_hint(sc->err, "You might need to specify \"USING %s::%s\".", t->cols[c].name,
                       tname);
        }
        return -1;
    }
    /* the default must convert too */
    Expr *newdef = NULL;
    if (t->cols[c].default_sql) {
        CatColumn probe = t->cols[c];
        probe.type = type;
        OmError derr;
        error_clear(&derr);
        StmtCtx dsc = *sc;
        dsc.err = &derr;
        dsc.binder.err = &derr;
        newdef = sql_bind_default(&dsc, &(CatTable){.ncols = 1, .cols = &probe}, 0);
        if (!newdef) {
            ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
                "default for column \"%s\" cannot be cast automatically to type %s",
                t->cols[c].name, tname);
            return -1;
        }
    }
    if (alter_require_idle(ac, true) != 0) return -1;
    Expr *x = sql_translate_table_expr(sc, t, cast);
    if (!x) return -1;
    StorageColumn *col = alter_build_column(sc, t, x, type, t->cols[c].not_null, t->cols[c].name);
    if (!col) return -1;
    StorageColumn *old = storage_column_swap(t->storage, c, col);
    if (push_col(ac, AU_SWAP_COL, c, old) != 0) {
        storage_column_free(storage_column_swap(t->storage, c, old));
        return -1;
    }
    for (int o = 0; o < ac->j.orig_ncols; o++)
        if (ac->j.colmap[o] == c) ac->j.colmap[o] = -1;
    ac->j.moved_columns = true;
    t->cols[c].type = type;
    if (alter_expr_volatile(x)) alter_log_values(sc, t, c);
    /* plain indexes re-checked and re-printed, keys over the column built
     * again (in PostgreSQL's order: an operator class that no longer fits
     * fails first), checks re-bound and re-checked */
    if (sql_index_refresh(sc, t, NULL) != 0) return -1;
    for (int i = 0; i < t->ncons; i++) {
        bool computed = catalog_index_computed(t, &t->cons[i]);
        if ((key_uses(&t->cons[i], c) ||
             (computed && sql_index_uses_column(sc, t, &t->cons[i], c))) &&
            alter_rebuild_key(ac, i) != 0)
            return -1;
    }
    if (sql_check_refresh(sc, t, NULL) != 0 || sql_generated_refresh(sc, t, NULL) != 0) return -1;
    for (int i = 0; i < t->nchecks; i++)
        if (t->checks[i].validated && sql_check_uses_column(sc, t, &t->checks[i], c) &&
            sql_check_validate(sc, t, &t->checks[i]) != 0)
            return -1;
    return 0;
}

int alter_column_default(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    if (t->cols[c].identity) return alter_identity_refuse(ac, c, !cmd->def);
    if (t->cols[c].generated) {
        ERR(sc->err, SQLSTATE_SYNTAX_ERROR,
            "column \"%s\" of relation \"%s\" is a generated column", t->cols[c].name, t->name);
        if (!cmd->def)
            error_hint(sc->err, "Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.");
        return -1;
    }
    if (!cmd->def) {
        free(t->cols[c].default_sql);
        t->cols[c].default_sql = NULL;
        return 0;
    }
    if (!bind_default(sc, cmd->def, t->cols[c].type, -1)) return -1;
    return store_default(sc, t, &t->cols[c], cmd->def);
}

int alter_drop_expression(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    if (!t->cols[c].generated) {
        if (cmd->missing_ok) {
            alter_notice(ac->sc,
                         "column \"%s\" of relation \"%s\" is not a stored generated column, "
                         "skipping",
                         t->cols[c].name, t->name);
            return 0;
        }
        return ERR(ac->sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "column \"%s\" of relation \"%s\" is not a stored generated column",
                   t->cols[c].name, t->name);
    }
    /* the values stay; the column is written like any other from now on */
    t->cols[c].generated = 0;
    catalog_gen_free(t->cols[c].gen);
    t->cols[c].gen = NULL;
    return 0;
}

int alter_column_not_null(AlterCtx *ac, PgQuery__AlterTableCmd *cmd, bool set)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    if (!set) {
        if (t->cols[c].identity) return alter_identity_refuse(ac, c, false);
        for (int i = 0; i < t->ncons; i++)
            if (t->cons[i].kind == CONSTR_PRIMARY && key_uses(&t->cons[i], c))
                return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                           "column \"%s\" is in a primary key", t->cols[c].name);
        t->cols[c].not_null = false;
        return 0;
    }
    if (t->cols[c].not_null) return 0;
    if (alter_table_has_rows(t)) {
        if (alter_require_idle(ac, false) != 0) return -1;
        if (alter_check_not_null(sc, t, c) != 0) return -1;
    }
    t->cols[c].not_null = true;
    return 0;
}
