/*
 * sql_test_rows.h — what the sql unit tests need to run statements through
 * the engine API and look at their answers: a ResultSink that keeps the row
 * count, the first column of the last row as text and the completion tag.
 * Header-only (static functions): each test is one translation unit.
 */
#ifndef OMENDB_TESTS_UNIT_SQL_TEST_ROWS_H
#define OMENDB_TESTS_UNIT_SQL_TEST_ROWS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sql/sql_int.h"

typedef struct Collect {
    int nrows;
    char first[64]; /* first column of the last row, as text */
    char tag[64];
} Collect;

static int collect_rows(void *ctx, const Chunk *chunk)
{
    Collect *c = ctx;
    for (uint32_t i = 0; i < chunk->count; i++) {
        uint32_t row = chunk_row(chunk, i);
        const Vector *v = &chunk->cols[0];
        c->nrows++;
        if (!vector_is_valid(v, row)) {
            snprintf(c->first, sizeof(c->first), "NULL");
        } else if (v->type.id == TYPE_INT4) {
            snprintf(c->first, sizeof(c->first), "%d", *(const int32_t *)vector_value_ptr(v, row));
        } else if (v->type.id == TYPE_INT8) {
            snprintf(c->first, sizeof(c->first), "%lld",
                     (long long)*(const int64_t *)vector_value_ptr(v, row));
        } else if (type_is_string(v->type.id)) {
            const StrView *sv = vector_value_ptr(v, row);
            snprintf(c->first, sizeof(c->first), "%.*s", (int)sv->len, strview_data(sv));
        } else {
            snprintf(c->first, sizeof(c->first), "(type %d)", (int)v->type.id);
        }
    }
    return 0;
}

static int collect_complete(void *ctx, const char *tag)
{
    Collect *c = ctx;
    snprintf(c->tag, sizeof(c->tag), "%s", tag);
    return 0;
}

static ResultSink sink_for(Collect *c)
{
    memset(c, 0, sizeof(*c));
    ResultSink sink = {.ctx = c, .rows = collect_rows, .complete = collect_complete};
    return sink;
}

/* Runs a simple Query on s; *err gets the error. Returns 0 or -1. */
static int collect_query(SqlSession *s, const char *sql, Collect *c, OmError *err)
{
    ResultSink sink = sink_for(c);
    error_clear(err);
    return sql_exec_simple(s, sql, &sink, err);
}

#endif
