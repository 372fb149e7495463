/*
 * pgq_build.c — parse-tree node builders (pgq_build.h). Nodes and their
 * arrays live in the caller's arena; strings are referenced, not copied.
 */
#include "sql/pgq_build.h"

PgQuery__Node *pgq_node_new(Arena *a, PgQuery__Node__NodeCase kind)
{
    PgQuery__Node *n = ARENA_NEW(a, PgQuery__Node);
    PgQuery__Node init = PG_QUERY__NODE__INIT;
    *n = init;
    n->node_case = kind;
    return n;
}

PgQuery__Node *pgq_string_node(Arena *a, const char *s)
{
    PgQuery__String *str = ARENA_NEW(a, PgQuery__String);
    PgQuery__String init = PG_QUERY__STRING__INIT;
    *str = init;
    str->sval = (char *)s;
    PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_STRING);
    n->string = str;
    return n;
}

PgQuery__Node *pgq_null_const(Arena *a)
{
    PgQuery__AConst *c = ARENA_NEW(a, PgQuery__AConst);
    PgQuery__AConst init = PG_QUERY__A__CONST__INIT;
    *c = init;
    c->isnull = true;
    c->location = -1;
    PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_A_CONST);
    n->a_const = c;
    return n;
}

PgQuery__Node *pgq_column_ref2(Arena *a, const char *rel, const char *col, int location)
{
    PgQuery__ColumnRef *cr = ARENA_NEW(a, PgQuery__ColumnRef);
    PgQuery__ColumnRef init = PG_QUERY__COLUMN_REF__INIT;
    *cr = init;
    cr->n_fields = 2;
    cr->fields = ARENA_NEW_ARRAY(a, PgQuery__Node *, 2);
    cr->fields[0] = pgq_string_node(a, rel);
    cr->fields[1] = pgq_string_node(a, col);
    cr->location = location;
    PgQuery__Node *n = pgq_node_new(a, PG_QUERY__NODE__NODE_COLUMN_REF);
    n->column_ref = cr;
    return n;
}
