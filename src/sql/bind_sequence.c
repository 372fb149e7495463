/*
 * bind_sequence.c — a sequence named in FROM (SELECT last_value, is_called
 * FROM seq, as pg_dump reads every sequence it dumps).
 *
 * In PostgreSQL a sequence is a one-row relation with the columns last_value
 * (bigint), log_cnt (bigint) and is_called (boolean). OmenDB keeps a
 * sequence's state in its catalog entry (CatSequence), so the binder puts a
 * one-row subquery in its place that reads the three fields through
 * omendb_sequence_state (exec/func_sequence.c). Like PostgreSQL's, the
 * answer is the sequence's current state, not a snapshot's: sequences are
 * not transactional.
 */
#include <stdio.h>

#include "sql/binder.h"
#include "sql/sql_int.h"

CatSequence *bind_sequence_relation(Binder *b, const PgQuery__RangeVar *rv)
{
    if (rv->schemaname && rv->schemaname[0]) {
        CatSchema *s = catalog_schema_resolve(b->catalog, rv->schemaname, b->settings->search_path);
        return s ? catalog_sequence_find(b->catalog, s, rv->relname) : NULL;
    }
    return catalog_sequence_lookup(b->catalog, b->settings->search_path, rv->relname);
}

BoundQuery *bind_sequence_query(Binder *b, const CatSequence *s)
{
    char *sql = arena_alloc(b->arena, 320);
    snprintf(sql, 320,
             "SELECT pg_catalog.omendb_sequence_state(%u, 0) AS last_value, "
             "pg_catalog.omendb_sequence_state(%u, 1) AS log_cnt, "
             "pg_catalog.omendb_sequence_state(%u, 2) = 1 AS is_called",
             (unsigned)s->oid, (unsigned)s->oid, (unsigned)s->oid);
    PgQuery__ParseResult *tree = sql_parse_text_arena(sql, b->arena, b->err);
    if (!tree) return NULL;
    BoundQuery *q = bind_select_apart(b, tree->stmts[0]->stmt->select_stmt, sql);
    return q;
}
