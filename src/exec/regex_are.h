/*
 * regex_are.h — PostgreSQL ARE regular expressions compiled through POSIX
 * regcomp (regex_are.c says what is rewritten and what is refused).
 */
#ifndef OMENDB_EXEC_REGEX_ARE_H
#define OMENDB_EXEC_REGEX_ARE_H

#include <regex.h>
#include <stddef.h>

#include "common/error.h"
#include "common/strbuf.h"

#define REGEX_MAX_GROUPS 10

typedef struct RegexEre {
    int icase;                         /* a leading (?i) asked for case folding */
    int ngroups;                       /* capturing groups of the ARE (at most 9 mapped) */
    int ere_groups;                    /* groups of the rewritten ERE */
    int capture_map[REGEX_MAX_GROUPS]; /* ARE group n is ERE group capture_map[n] */
} RegexEre;

/* Rewrites ARE `pat` (len bytes) into an ERE appended to out. 0, or -1 with
 * err: 2201B for an invalid pattern, 0A000 for ARE features ERE lacks. */
int regex_are_to_ere(const char *pat, size_t len, RegexEre *re, StrBuf *out, OmError *err);

/* SQL's SIMILAR TO pattern `pat` as an ARE anchored at both ends, appended to
 * out (PostgreSQL's similar_to_escape): % is .*, _ is ., ( opens a
 * non-capturing group, . ^ $ and backslash are literal, bracket expressions
 * are copied, and `esc` (esc_len 0: none, else 1 byte) makes the next
 * character literal; esc followed by " separates SUBSTRING's three parts (at
 * most two; written greedy, which is PostgreSQL's pattern for a yes/no match
 * but not for SUBSTRING's parts). 0, or -1 with err (2200C). */
int regex_similar_to_are(const char *pat, size_t len, const char *esc, size_t esc_len, StrBuf *out,
                         OmError *err);

/* Rewrites and compiles (REG_EXTENDED | cflags). info may be NULL. On success
 * the caller regfree()s out. */
int regex_are_compile(regex_t *out, const char *pat, size_t len, int cflags, RegexEre *info,
                      OmError *err);
/* regexec in the locale patterns compile in (C.UTF-8): call this, not regexec. */
int regex_are_exec(const regex_t *re, const char *s, size_t nmatch, regmatch_t *m, int eflags);

#endif
