/*
 * sql_alter_identity.c — ALTER TABLE ... ALTER COLUMN c ADD GENERATED
 * { ALWAYS | BY DEFAULT } AS IDENTITY [( sequence options )], SET GENERATED
 * ... / SET <sequence option> / RESTART, and DROP IDENTITY [IF EXISTS].
 *
 * An identity column (CatColumn.identity) draws from a sequence it owns
 * (owner_kind 'i') through a nextval() default, as CREATE TABLE makes it
 * (sql_ddl.c, sql_sequence_attach_serials). ADD creates that sequence with
 * the options given, SEQUENCE NAME included (what pg_dump writes after CREATE
 * TABLE); the existing rows keep their values, as in PostgreSQL. DROP turns
 * the column back into a plain one; its sequence goes with the statement's
 * orphan sweep (sql_sequence_drop_orphans, after ALTER TABLE), which also
 * drops the sequence an ADD made when the statement fails and the journal
 * puts the column back. SET's sequence changes are undone by
 * alter_identity_undo when the statement fails.
 */
#include <stdlib.h>
#include <string.h>

#include "exec/func_sequence.h"
#include "sql/sql_alter_cmds.h"

static int not_identity(AlterCtx *ac, int c)
{
    return ERR(ac->sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
               "column \"%s\" of relation \"%s\" is not an identity column", ac->t->cols[c].name,
               ac->t->name);
}

int alter_add_identity(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    if (!cmd->def || cmd->def->node_case != PG_QUERY__NODE__NODE_CONSTRAINT)
        return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "ADD GENERATED without its definition");
    PgQuery__Constraint *con = cmd->def->constraint;
    CatColumn *col = &t->cols[c];
    TypeId ty = col->type.id;
    if (ty != TYPE_INT2 && ty != TYPE_INT4 && ty != TYPE_INT8)
        return ERR(sc->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                   "identity column type must be smallint, integer, or bigint");
    /* the sequence first, as PostgreSQL creates it before it looks at the column */
    if (sql_sequence_identity_check(sc, t, c, con) != 0) return -1;
    if (!col->not_null)
        return ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "column \"%s\" of relation \"%s\" must be declared NOT NULL before identity "
                   "can be added",
                   col->name, t->name);
    if (col->identity)
        return ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "column \"%s\" of relation \"%s\" is already an identity column", col->name,
                   t->name);
    if (col->default_sql)
        return ERR(sc->err, SQLSTATE_OBJECT_NOT_IN_PREREQ_STATE,
                   "column \"%s\" of relation \"%s\" already has a default value", col->name,
                   t->name);
    char marker[CATALOG_NAME_MAX * 3 + 32];
    func_sequence_default_sql(t->schema->name, t->name, col->name, marker, sizeof(marker));
    if (!(col->default_sql = strdup(marker)))
        return ERR(sc->err, SQLSTATE_OUT_OF_MEMORY, "out of memory");
    col->identity = con->generated_when && con->generated_when[0] == 'a' ? 'a' : 'd';
    PgQuery__Constraint **idcons = ARENA_NEW_ARRAY(sc->arena, PgQuery__Constraint *, t->ncols);
    idcons[c] = con;
    return sql_sequence_attach_serials(sc, t, idcons);
}

/* Keeps s's definition and counter as they are now, to be put back if the
 * statement fails (once per sequence). */
static int save_sequence(AlterCtx *ac, CatSequence *s)
{
    for (int i = 0; i < ac->nseq_saved; i++)
        if (ac->seq_saved[i].seq == s) return 0;
    if (ac->nseq_saved == ALTER_MAX_SEQ_SAVED)
        return ERR(ac->sc->err, SQLSTATE_PROGRAM_LIMIT_EXCEEDED,
                   "too many identity columns changed in one ALTER TABLE");
    AlterSeqSaved *sv = &ac->seq_saved[ac->nseq_saved++];
    sv->seq = s;
    pthread_mutex_lock(&s->mu);
    sv->saved = *s;
    pthread_mutex_unlock(&s->mu);
    return 0;
}

int alter_set_identity(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    StmtCtx *sc = ac->sc;
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    if (!t->cols[c].identity) return not_identity(ac, c);
    PgQuery__List *l =
        cmd->def && cmd->def->node_case == PG_QUERY__NODE__NODE_LIST ? cmd->def->list : NULL;
    size_t n = l ? l->n_items : 0;
    PgQuery__Node **opts = ARENA_NEW_ARRAY(sc->arena, PgQuery__Node *, n > 0 ? n : 1);
    size_t nopts = 0;
    char generated = 0;
    for (size_t i = 0; i < n; i++) {
        const PgQuery__DefElem *d = l->items[i]->def_elem;
        if (strcmp(d->defname, "generated") != 0) {
            opts[nopts++] = l->items[i];
            continue;
        }
        if (generated) {
            ERR(sc->err, SQLSTATE_SYNTAX_ERROR, "conflicting or redundant options");
            if (d->location >= 0) error_position(sc->err, d->location + 1);
            return -1;
        }
        generated = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER &&
                            d->arg->integer->ival == 'a'
                        ? 'a'
                        : 'd';
    }
    if (nopts > 0) {
        CatSequence *s = catalog_sequence_owned_by(ac->cat, t->oid, t->cols[c].name);
        if (!s) return ERR(sc->err, SQLSTATE_INTERNAL_ERROR, "identity column without a sequence");
        if (save_sequence(ac, s) != 0 || sql_sequence_alter_identity(sc, s, opts, nopts) != 0)
            return -1;
    }
    if (generated) t->cols[c].identity = generated;
    return 0;
}

int alter_drop_identity(AlterCtx *ac, PgQuery__AlterTableCmd *cmd)
{
    CatTable *t = ac->t;
    int c = alter_find_column(ac, cmd->name, false, NULL);
    if (c < 0) return -1;
    if (!t->cols[c].identity) {
        if (!cmd->missing_ok) return not_identity(ac, c);
        alter_notice(ac->sc, "column \"%s\" of relation \"%s\" is not an identity column, skipping",
                     t->cols[c].name, t->name);
        return 0;
    }
    t->cols[c].identity = 0;
    free(t->cols[c].default_sql);
    t->cols[c].default_sql = NULL;
    return 0;
}

int alter_identity_refuse(AlterCtx *ac, int c, bool hint)
{
    ERR(ac->sc->err, SQLSTATE_SYNTAX_ERROR,
        "column \"%s\" of relation \"%s\" is an identity column", ac->t->cols[c].name, ac->t->name);
    if (hint)
        error_hint(ac->sc->err, "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.");
    return -1;
}

void alter_identity_undo(AlterCtx *ac)
{
    for (int i = ac->nseq_saved - 1; i >= 0; i--) {
        CatSequence *s = ac->seq_saved[i].seq;
        pthread_mutex_lock(&s->mu);
        pthread_mutex_t mu = s->mu;
        *s = ac->seq_saved[i].saved;
        s->mu = mu;
        pthread_mutex_unlock(&s->mu);
    }
    ac->nseq_saved = 0;
}
