/*
 * sql_literals.h — finds the constants of one SQL statement without parsing
 * it, for the simple-protocol plan cache (plan_cache.c): statements that
 * differ only in their literals get the same key.
 *
 * The scan knows PostgreSQL's lexical rules for what can hide a constant or
 * look like one: quoted identifiers, -- and nested block comments, strings
 * with '' inside, numbers (digits, a point, an exponent), identifiers with
 * digits in them. Anything it does not model gives up (returns -1) and the
 * statement takes the ordinary path: escape strings (E'', U&'', B'', X'',
 * N''), dollar quoting and $n, strings continued across a newline, a number
 * run into a letter, more than one statement, and strings when
 * standard_conforming_strings is off.
 */
#ifndef OMENDB_SQL_SQL_LITERALS_H
#define OMENDB_SQL_SQL_LITERALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/arena.h"

typedef enum LiteralKind {
    LIT_INTEGER, /* digits only */
    LIT_DECIMAL, /* with a point or an exponent */
    LIT_STRING,  /* '...' */
} LiteralKind;

typedef struct Literal {
    int start, len; /* the token in the text (a string: with its quotes) */
    int minus_at;   /* a '-' right before it (only blanks between), or -1 */
    LiteralKind kind;
} Literal;

typedef struct LiteralScan {
    char *key; /* the text with each literal replaced by a byte 1..3 naming its kind (arena) */
    size_t key_len;
    uint64_t hash; /* of key */
    Literal *lits; /* arena */
    int nlits;
} LiteralScan;

/* Scans `text`; 0 with *out filled, or -1 when the statement is not one the
 * scan handles (see above). */
int sql_literals_scan(const char *text, bool standard_strings, Arena *arena, LiteralScan *out);

/* The value of literal l of `text` as the text PostgreSQL's input function
 * would get: a string without its quotes and with '' made ', a number with
 * its '-' when `negate`. Returned in `arena` (NUL-terminated), its length in
 * *len. */
const char *sql_literal_text(const char *text, const Literal *l, bool negate, Arena *arena,
                             size_t *len);

/* The type PostgreSQL gives the numeric literal l (with `negate`): int4 when
 * the digits fit it, else int8 when the signed value fits, else numeric. */
typedef enum LiteralClass {
    LITCLASS_INT4,
    LITCLASS_INT8,
    LITCLASS_NUMERIC,
    LITCLASS_UNKNOWN, /* a string */
} LiteralClass;
LiteralClass sql_literal_class(const char *text, const Literal *l, bool negate);

#endif
