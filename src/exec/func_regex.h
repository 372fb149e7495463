/*
 * func_regex.h — what the regular-expression functions share (func_regex.c,
 * and the set-returning ones in srf_regex.c): a compiled pattern cached
 * across rows, flag parsing, and a match loop that reports the user's group
 * numbers (regex_are.c rewrites PostgreSQL's ARE for regcomp, which may turn
 * (?:) groups into capturing ones).
 */
#ifndef OMENDB_EXEC_FUNC_REGEX_H
#define OMENDB_EXEC_FUNC_REGEX_H

#include <regex.h>

#include "catalog/types.h"
#include "common/error.h"
#include "common/strbuf.h"
#include "exec/regex_are.h"

/* Match slots asked of regexec: the user's 9 groups may sit behind (?:) groups. */
#define REGEX_MAX_MATCH 32

/* A compiled pattern kept across rows while the pattern and flags repeat. */
typedef struct RegexCache {
    bool compiled;
    regex_t re;
    RegexEre info;
    char *key; /* pattern bytes + flags, as compiled */
    size_t key_len;
} RegexCache;

void regex_cache_fini(RegexCache *rc);
/* Compiles p with cflags unless the cache holds exactly that. 0 or -1 (err). */
int regex_cache_get(RegexCache *rc, const StrView *p, int cflags, OmError *err);

/* PostgreSQL's regex flags: i (case-insensitive), c (sensitive), g (global,
 * only where allow_g; *global set); others 22023 "invalid regular expression
 * option". fn names the function in the message for a refused g. */
int regex_parse_flags(const StrView *fl, bool allow_g, const char *fn, int *cflags, bool *global,
                      OmError *err);

/* v as a NUL-terminated string in t (regexec needs one). */
void regex_text_cstr(StrBuf *t, const StrView *v);

/* The first match of rc in t (NUL-terminated, len bytes) starting at byte
 * off: m[0] the whole match, m[1..ngroups] the user's groups (-1 when a group
 * did not take part), as byte offsets into t. False if there is none. */
bool regex_match_at(const RegexCache *rc, const char *t, size_t len, size_t off,
                    regmatch_t m[REGEX_MAX_GROUPS]);

/* The values of a match as regexp_match / regexp_matches return them: the
 * user's groups (NULL for one that did not take part), or the whole match
 * when the pattern has none. vals holds REGEX_MAX_GROUPS; the strings point
 * into t. */
void regex_match_values(const RegexCache *rc, const char *t, const regmatch_t *m, Value *vals,
                        uint32_t *n);

/* Splitting a string at the matches of a pattern, as regexp_split_to_array
 * and regexp_split_to_table do (empty matches at the start, the end and
 * right after the previous match are ignored). Zero-initialise, then call
 * regex_split_next until it returns 0; each 1 gives the next piece
 * t[*from, *to). */
typedef struct RegexSplit {
    size_t search;   /* where the next match is looked for */
    size_t piece;    /* start of the next piece */
    size_t prev_end; /* end of the last match taken */
    bool done;
} RegexSplit;
int regex_split_next(const RegexCache *rc, const char *t, size_t len, RegexSplit *sp, size_t *from,
                     size_t *to);

#endif
