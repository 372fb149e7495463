/*
 * sql_alter_cmds.h — the subcommands of ALTER TABLE (sql_alter_column.c,
 * sql_alter_constraint.c) and the state they share. Internal to src/sql.
 */
#ifndef OMENDB_SQL_SQL_ALTER_CMDS_H
#define OMENDB_SQL_SQL_ALTER_CMDS_H

#include "sql/sql_alter.h"

/* An identity sequence as it was before ALTER COLUMN ... SET changed it. */
typedef struct AlterSeqSaved {
    CatSequence *seq;
    CatSequence saved; /* definition and counter (its mutex is not used) */
} AlterSeqSaved;

#define ALTER_MAX_SEQ_SAVED 16

typedef struct AlterCtx {
    StmtCtx *sc;
    Catalog *cat;
    CatTable *t;
    AlterJournal j;
    /* DROP COLUMN ... CASCADE: columns whose dependent views are dropped once
     * the statement has succeeded (sql_view_drop_dependents) */
    int ncascade;
    char cascade_cols[8][CATALOG_NAME_MAX];
    /* identity sequences changed by SET (put back if the statement fails) */
    int nseq_saved;
    AlterSeqSaved seq_saved[ALTER_MAX_SEQ_SAVED];
} AlterCtx;

void alter_notice(StmtCtx *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 55006 while another transaction has uncommitted writes in the table;
 * with own_too also (0A000) while this one has. */
int alter_require_idle(AlterCtx *ac, bool own_too);
/* Column index of name; -1 with 42703 (or *skipped = true with missing_ok). */
int alter_find_column(AlterCtx *ac, const char *name, bool missing_ok, bool *skipped);

int alter_add_column(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_drop_column(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_column_type(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_column_default(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_column_not_null(AlterCtx *ac, PgQuery__AlterTableCmd *cmd, bool set);
/* ALTER COLUMN ... DROP EXPRESSION: a generated column becomes a plain one. */
int alter_drop_expression(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);

/* Constraints of one kind added to ac->t (also by ADD COLUMN's inline
 * constraints; col >= 0 for a column constraint). */
int alter_add_constraint_node(AlterCtx *ac, PgQuery__Constraint *con, int col);
int alter_add_constraint(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_drop_constraint(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_validate_constraint(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
/* Removes key constraint cons[ci] (its unique index goes to the journal). */
int alter_remove_key(AlterCtx *ac, int ci);
/* Rebuilds the unique index of key constraint cons[ci] from the rows. */
int alter_rebuild_key(AlterCtx *ac, int ci);
/* Foreign keys (any table) that depend on key constraint cons[ci] or on
 * referenced column col (-1: any): 2BP01 unless cascade, else removed with
 * a NOTICE each. what/whatname: the object named in the error. */
int alter_drop_dependent_fkeys(AlterCtx *ac, int ci, int col, bool cascade, const char *errmsg);

/* Identity columns (sql_alter_identity.c): ADD GENERATED ... AS IDENTITY,
 * SET GENERATED / SET <sequence option>, DROP IDENTITY; the 42601 "is an
 * identity column" of SET/DROP DEFAULT and DROP NOT NULL (hint: DROP
 * IDENTITY's); alter_identity_undo puts back the sequences SET changed. */
int alter_add_identity(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_set_identity(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_drop_identity(AlterCtx *ac, PgQuery__AlterTableCmd *cmd);
int alter_identity_refuse(AlterCtx *ac, int c, bool hint);
void alter_identity_undo(AlterCtx *ac);

/* RENAME (sql_rename.c) */
int sql_run_rename(StmtCtx *sc, PgQuery__RenameStmt *st);

#endif
