/*
 * sql_fkey.c — FOREIGN KEY definitions: REFERENCES in CREATE TABLE and
 * ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY.
 *
 * A definition is resolved against the referenced table: its columns (the
 * primary key when none are named) must be those of a PRIMARY KEY or UNIQUE
 * constraint or unique index, in any order (checks encode keys in the index's
 * column order).
 * Column types must match (integers of any width match each other, text and
 * varchar too). Supported: MATCH SIMPLE; ON DELETE NO ACTION, RESTRICT,
 * CASCADE, SET NULL; ON UPDATE NO ACTION, RESTRICT, CASCADE, SET NULL; NOT
 * VALID; [NOT] DEFERRABLE, INITIALLY DEFERRED / IMMEDIATE
 * (exec/fk_deferred.c). Refused with 0A000: MATCH FULL, SET DEFAULT actions;
 * ON UPDATE CASCADE between columns whose values would need more than an
 * integer-width or varchar-length check to be assigned (different typmods);
 * ON UPDATE CASCADE / SET NULL over columns that a CHECK constraint of the
 * referencing table names, since exec/fk_check.c does not evaluate CHECK
 * constraints on the rows an action changes (and ADD CHECK on such columns
 * later: sql_fkey_check_conflict). Existing rows are validated when the key
 * is added (23503 names the first missing key); rows are enforced by
 * exec/fk_check.c.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/catalog.h"
#include "exec/fk_check.h"
#include "sql/sql_alter.h"
#include "sql/sql_int.h"

static bool compatible(OmType child, OmType parent)
{
    if (child.id == parent.id) return true;
    if (type_is_integer(child.id) && type_is_integer(parent.id)) return true;
    bool ct = child.id == TYPE_TEXT || child.id == TYPE_VARCHAR;
    bool pt = parent.id == TYPE_TEXT || parent.id == TYPE_VARCHAR;
    return ct && pt;
}

/* ON UPDATE CASCADE assigns the parent's new key to the child's column:
 * exactly (same type and typmod), or with the checks exec/fk_check.c makes
 * (integer widths, varchar lengths). */
static bool cascade_assignable(OmType child, OmType parent)
{
    if (type_is_integer(child.id) && type_is_integer(parent.id)) return true;
    bool pt = parent.id == TYPE_TEXT || parent.id == TYPE_VARCHAR;
    if ((child.id == TYPE_TEXT && child.typmod < 0) || child.id == TYPE_VARCHAR) return pt;
    return child.id == parent.id && child.typmod == parent.typmod;
}

/* The first CHECK constraint of t that names column col, or NULL. */
static const CatCheck *check_on_column(StmtCtx *sc, const CatTable *t, int col)
{
    for (int k = 0; k < t->nchecks; k++)
        if (sql_check_uses_column(sc, t, &t->checks[k], col)) return &t->checks[k];
    return NULL;
}

int sql_fkey_check_conflict(StmtCtx *sc, const CatTable *t, const CatCheck *chk)
{
    for (int k = 0; k < t->nfkeys; k++) {
        const CatForeignKey *fk = &t->fkeys[k];
        if (fk->on_update != 'c' && fk->on_update != 'n') continue;
        for (int i = 0; i < fk->ncols; i++)
            if (sql_check_uses_column(sc, t, chk, fk->cols[i])) {
                ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                    "a CHECK constraint on column \"%s\", which foreign key \"%s\" changes ON "
                    "UPDATE, is not supported yet",
                    t->cols[fk->cols[i]].name, fk->name);
                return -1;
            }
    }
    return 0;
}

static int not_supported(StmtCtx *sc, const char *what, int location)
{
    ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "%s is not supported yet", what);
    if (location >= 0) error_position(sc->err, location + 1);
    return -1;
}

int sql_fkey_define(StmtCtx *sc, CatTable *t, PgQuery__Constraint *con, int col, CatForeignKey *out)
{
    memset(out, 0, sizeof(*out));
    const char *m = con->fk_matchtype;
    if (m && m[0] == 'f') return not_supported(sc, "MATCH FULL", con->location);
    if (m && m[0] == 'p') return not_supported(sc, "MATCH PARTIAL", con->location);
    char upd = con->fk_upd_action && con->fk_upd_action[0] ? con->fk_upd_action[0] : 'a';
    char del = con->fk_del_action && con->fk_del_action[0] ? con->fk_del_action[0] : 'a';
    if (upd == 'd') return not_supported(sc, "ON UPDATE SET DEFAULT", con->location);
    if (del == 'd') return not_supported(sc, "ON DELETE SET DEFAULT", con->location);
    if (con->n_fk_del_set_cols > 0)
        return not_supported(sc, "ON DELETE SET NULL (columns)", con->location);
    out->on_update = upd;
    out->on_delete = del;
    out->deferrable = con->deferrable || con->initdeferred;
    out->initdeferred = con->initdeferred;
    if (con->conname && con->conname[0]) snprintf(out->name, sizeof(out->name), "%s", con->conname);

    /* referencing columns */
    int n;
    int child[16];
    if (col >= 0) {
        n = 1;
        child[0] = col;
    } else {
        n = (int)con->n_fk_attrs;
        if (n < 1 || n > 16)
            return ERR(sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                       "cannot have more than 16 keys in a foreign key");
        for (int i = 0; i < n; i++) {
            const char *name = pgq_str(con->fk_attrs[i]);
            child[i] = name ? catalog_column_index(t, name) : -1;
            if (child[i] < 0)
                return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                           "column \"%s\" referenced in foreign key constraint does not exist",
                           name ? name : "?");
        }
    }
    /* referenced table and columns */
    CatTable *p = bind_lookup_table(&sc->binder, con->pktable, false);
    if (!p) return -1;
    if (p->schema->is_system)
        return ERR(sc->err, SQLSTATE_INSUFFICIENT_PRIVILEGE, "permission denied for table %s",
                   p->name);
    if (t->schema->is_temp != p->schema->is_temp)
        return ERR(sc->err, SQLSTATE_INVALID_TABLE_DEFINITION,
                   t->schema->is_temp
                       ? "constraints on temporary tables may reference only temporary tables"
                       : "constraints on permanent tables may reference only permanent tables");
    int parent[16];
    int np = (int)con->n_pk_attrs;
    const CatConstraint *key = NULL;
    if (np == 0) {
        if (p->ncons > 0 && p->cons[0].kind == CONSTR_PRIMARY) key = &p->cons[0];
        if (!key)
            return ERR(sc->err, SQLSTATE_INVALID_FOREIGN_KEY,
                       "there is no primary key for referenced table \"%s\"", p->name);
        np = key->ncols;
        memcpy(parent, key->cols, sizeof(int) * (size_t)np);
    } else {
        if (np > 16) np = 16;
        for (int i = 0; i < np; i++) {
            const char *name = pgq_str(con->pk_attrs[i]);
            parent[i] = name ? catalog_column_index(p, name) : -1;
            if (parent[i] < 0)
                return ERR(sc->err, SQLSTATE_UNDEFINED_COLUMN,
                           "column \"%s\" referenced in foreign key constraint does not exist",
                           name ? name : "?");
        }
    }
    if (np != n)
        return ERR(sc->err, SQLSTATE_INVALID_FOREIGN_KEY,
                   "number of referencing and referenced columns for foreign key disagree");
    /* the unique key over exactly those columns, in any order (not a partial
     * or expression index, as PostgreSQL's transformFkeyCheckAttrs) */
    for (int c = 0; c < p->ncons && !key; c++) {
        const CatConstraint *k = &p->cons[c];
        if (k->storage_slot < 0 || k->ncols != np || catalog_index_computed(p, k)) continue;
        bool same = true;
        for (int i = 0; i < np && same; i++) {
            bool found = false;
            for (int j = 0; j < np; j++) found |= k->cols[j] == parent[i];
            same = found;
        }
        if (same) key = k;
    }
    if (!key)
        return ERR(sc->err, SQLSTATE_INVALID_FOREIGN_KEY,
                   "there is no unique constraint matching given keys for referenced table "
                   "\"%s\"",
                   p->name);
    /* in the user's order (fk_check.c encodes in the index's) */
    for (int i = 0; i < np; i++) {
        out->cols[i] = child[i];
        out->ref_cols[i] = parent[i];
        OmType ct = t->cols[child[i]].type, pt = p->cols[parent[i]].type;
        if (!compatible(ct, pt)) {
            char name[CATALOG_NAME_MAX];
            snprintf(name, sizeof(name), "%s", out->name);
            if (!name[0]) catalog_make_object_name(t->name, t->cols[child[0]].name, "fkey", name);
            ERR(sc->err, SQLSTATE_DATATYPE_MISMATCH,
                "foreign key constraint \"%s\" cannot be implemented", name);
            error_detail(sc->err,
                         "Key columns \"%s\" and \"%s\" are of incompatible types: %s and %s.",
                         t->cols[child[i]].name, p->cols[parent[i]].name,
                         type_info(ct.id)->sql_name, type_info(pt.id)->sql_name);
            return -1;
        }
    }
    for (int i = 0; i < np && (upd == 'c' || upd == 'n'); i++) {
        const CatColumn *cc = &t->cols[child[i]];
        char ct[64], pt[64];
        type_format(cc->type, ct, sizeof(ct));
        type_format(p->cols[parent[i]].type, pt, sizeof(pt));
        if (upd == 'c' && !cascade_assignable(cc->type, p->cols[parent[i]].type))
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "ON UPDATE CASCADE from a column of type %s to one of type %s is not "
                       "supported yet",
                       pt, ct);
        const CatCheck *chk = check_on_column(sc, t, child[i]);
        if (chk)
            return ERR(sc->err, SQLSTATE_FEATURE_NOT_SUPPORTED,
                       "ON UPDATE %s of column \"%s\", which CHECK constraint \"%s\" uses, is not "
                       "supported yet",
                       upd == 'c' ? "CASCADE" : "SET NULL", cc->name, chk->name);
    }
    out->ncols = np;
    out->validated = !con->skip_validation;
    out->ref_table = p->oid;
    out->ref_index = key->index_oid;
    return 0;
}

static bool takes_attrs(const PgQuery__Constraint *con)
{
    return con && (con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN ||
                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY ||
                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE ||
                   con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION);
}

static int attr_error(StmtCtx *sc, const char *msg, int location)
{
    ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "%s", msg);
    if (location >= 0) error_position(sc->err, location + 1);
    return -1;
}

/* PostgreSQL's transformConstraintAttrs, with its messages. */
int sql_fkey_column_attrs(StmtCtx *sc, PgQuery__Node **cons, size_t n)
{
    PgQuery__Constraint *last = NULL;
    bool saw_deferrability = false, saw_initially = false;
    for (size_t i = 0; i <= n; i++) {
        PgQuery__Constraint *con = i < n && cons[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT
                                       ? cons[i]->constraint
                                       : NULL;
        bool is_attr = con && con->contype >= PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE &&
                       con->contype <= PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE;
        if (!is_attr) {
            /* the constraint before is complete: only foreign keys defer here */
            if (last && last->contype != PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN && last->deferrable)
                return not_supported(sc, "DEFERRABLE on a unique or primary key constraint",
                                     last->location);
            last = con;
            saw_deferrability = saw_initially = false;
            continue;
        }
        int at = con->location;
        switch (con->contype) {
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE: {
            bool on = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE;
            if (!takes_attrs(last))
                return attr_error(
                    sc, on ? "misplaced DEFERRABLE clause" : "misplaced NOT DEFERRABLE clause", at);
            if (saw_deferrability)
                return attr_error(sc, "multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed", at);
            saw_deferrability = true;
            last->deferrable = on;
            if (!on && saw_initially && last->initdeferred)
                return attr_error(sc, "constraint declared INITIALLY DEFERRED must be DEFERRABLE",
                                  at);
            break;
        }
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
        case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE: {
            bool on = con->contype == PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED;
            if (!takes_attrs(last))
                return attr_error(sc,
                                  on ? "misplaced INITIALLY DEFERRED clause"
                                     : "misplaced INITIALLY IMMEDIATE clause",
                                  at);
            if (saw_initially)
                return attr_error(sc, "multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed",
                                  at);
            saw_initially = true;
            last->initdeferred = on;
            if (on && !saw_deferrability)
                last->deferrable = true; /* INITIALLY DEFERRED alone means DEFERRABLE */
            else if (on && !last->deferrable)
                return attr_error(sc, "constraint declared INITIALLY DEFERRED must be DEFERRABLE",
                                  at);
            break;
        }
        default:
            break;
        }
    }
    return 0;
}

int sql_fkey_add(StmtCtx *sc, CatTable *t, const CatForeignKey *fk, bool validate)
{
    SqlSession *s = sc->session;
    if (validate && storage_table_row_count(t->storage) > 0) {
        ExecState es;
        sql_exec_state_init(&es, s, sc->arena, sc->err);
        /* added first so that an error names it as chosen; taken back on failure */
        if (catalog_fkey_add(s->db->catalog, t, fk, sc->err) != 0) return -1;
        if (fk_validate(&es, t, &t->fkeys[t->nfkeys - 1]) != 0) {
            t->nfkeys--;
            return -1;
        }
        return 0;
    }
    return catalog_fkey_add(s->db->catalog, t, fk, sc->err);
}
