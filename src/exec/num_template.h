/*
 * num_template.h — number format templates (the "picture" of to_char(number,
 * text) and to_number(text, text)), parsed as PostgreSQL 15's formatting.c
 * does: keywords are matched case-sensitively in upper or lower case (9 0 .
 * , B C D EEEE FM G L MI PL PR RN SG SP S TH V, and lower-case forms; "Mi"
 * is two literal characters), "quoted text" and backslash-escaped
 * characters are literals, everything else is a one-character literal.
 *
 * The template facts are NUMDesc_prepare's: digit positions before (pre) and
 * after (post) the decimal point and after V (multi), the first '0' (zero
 * start), where an S sign sits, and the flags; conflicting patterns are 42601
 * with PostgreSQL's messages ("multiple decimal points", "cannot use "S"
 * twice", ...).
 */
#ifndef OMENDB_EXEC_NUM_TEMPLATE_H
#define OMENDB_EXEC_NUM_TEMPLATE_H

#include "common/arena.h"
#include "common/error.h"

typedef enum NumTok {
    NUMT_LITERAL, /* `ch` (one byte of a literal, quoted text or escape) */
    NUMT_9,
    NUMT_0,
    NUMT_DEC, /* . */
    NUMT_D,
    NUMT_COMMA,
    NUMT_G,
    NUMT_B,
    NUMT_C,
    NUMT_EEEE,
    NUMT_FM,
    NUMT_L,
    NUMT_MI,
    NUMT_PL,
    NUMT_PR,
    NUMT_RN,
    NUMT_rn,
    NUMT_SG,
    NUMT_SP,
    NUMT_S,
    NUMT_TH,
    NUMT_th,
    NUMT_V,
} NumTok;

typedef struct NumNode {
    uint8_t tok;     /* NumTok */
    char ch;         /* NUMT_LITERAL: the byte */
    const char *src; /* the keyword's text in the template */
    uint8_t src_len;
} NumNode;

enum {
    NUMF_DECIMAL = 1 << 0,
    NUMF_LDECIMAL = 1 << 1, /* D */
    NUMF_ZERO = 1 << 2,
    NUMF_BLANK = 1 << 3,
    NUMF_FILLMODE = 1 << 4,
    NUMF_LSIGN = 1 << 5,   /* S */
    NUMF_BRACKET = 1 << 6, /* PR */
    NUMF_MINUS = 1 << 7,   /* MI, SG */
    NUMF_PLUS = 1 << 8,    /* PL, SG */
    NUMF_ROMAN = 1 << 9,
    NUMF_MULTI = 1 << 10, /* V */
    NUMF_EEEE = 1 << 11,
};

enum { NUM_LSIGN_NONE, NUM_LSIGN_PRE, NUM_LSIGN_POST };

typedef struct NumTemplate {
    NumNode *nodes;
    int nnodes;
    int pre, post, multi;
    int flags;
    int lsign;         /* NUM_LSIGN_*: S before / after the decimal point */
    int pre_lsign_num; /* digit positions before an S that precedes the point */
    int zero_start;    /* 1-based position of the first '0' before the point; 0: none */
    int zero_end;
} NumTemplate;

/* Parses fmt[0..len) into *t (nodes in `arena`). Errors: 42601. */
int num_template_parse(const char *fmt, size_t len, NumTemplate *t, Arena *arena, OmError *err);

#endif
