/*
 * regex_are.c — PostgreSQL's regular expressions (ARE, "advanced") on top of
 * the C library's POSIX ERE engine (regcomp/regexec).
 *
 * An ARE is rewritten into an ERE with the same matches:
 *   - class escapes \d \D \s \S \w \W become bracket expressions, and inside
 *     brackets \d \s \w become [:digit:] [:space:] [:alnum:]_;
 *   - word-boundary escapes \m \M \y \Y become \< \> \b \B (glibc's);
 *     \A and \Z become ^ and $ (the same without newline-sensitive mode);
 *   - character-entry escapes \t \n \r \f \v \a \e \xhh \uXXXX \UXXXXXXXX
 *     become the characters themselves (UTF-8), bracketed when special;
 *   - (?: ... ) becomes a capturing group, and capture_map records which ERE
 *     group each ARE group became, so back references and regexp_replace's
 *     \N still name the group the user meant;
 *   - a leading embedded option (?i) / (?c) sets or clears case folding.
 * What ERE cannot express — non-greedy quantifiers (*? +? ?? {m,n}?),
 * lookahead/lookbehind, other embedded options, the ***= and ***: directors,
 * back references to a group that was non-capturing — is refused with 0A000
 * rather than matched differently.
 *
 * POSIX leftmost-longest matching is what ARE does for a pattern without
 * non-greedy quantifiers, so the rewritten pattern matches the same text.
 *
 * Patterns compile and run in the C.UTF-8 locale (uselocale around regcomp
 * and regexec), so that `.` and bracket expressions take whole UTF-8
 * characters as PostgreSQL does; character classes and case folding of
 * non-ASCII letters are then those of C.UTF-8, as for lower() and upper().
 */
#include "exec/regex_are.h"

#include <locale.h>
#include <pthread.h>

#include <stdio.h>
#include <string.h>

#include "common/sqlstate.h"

static int unsupported(OmError *err, const char *what)
{
    return ERR(err, SQLSTATE_FEATURE_NOT_SUPPORTED, "regular expression %s is not supported yet",
               what);
}

static int invalid(OmError *err, const char *what)
{
    return ERR(err, SQLSTATE_INVALID_REGULAR_EXPRESSION, "invalid regular expression: %s", what);
}

/* Appends code point cp as UTF-8. */
static void put_utf8(StrBuf *out, uint32_t cp)
{
    char b[4];
    strbuf_append(out, b, (size_t)utf8_encode(cp > 0x10FFFF ? 0xFFFD : cp, b));
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A character-entry escape at p (after the backslash): sets *cp and the
 * number of bytes consumed after the backslash; 0 if p is not one. */
static int char_entry(const char *p, const char *end, uint32_t *cp)
{
    switch (*p) {
    case 'a':
        *cp = 7;
        return 1;
    case 'b':
        *cp = 8;
        return 1; /* only inside brackets; \b outside is handled first */
    case 'e':
        *cp = 27;
        return 1;
    case 'f':
        *cp = 12;
        return 1;
    case 'n':
        *cp = 10;
        return 1;
    case 'r':
        *cp = 13;
        return 1;
    case 't':
        *cp = 9;
        return 1;
    case 'v':
        *cp = 11;
        return 1;
    case 'x': {
        uint32_t v = 0;
        int n = 1;
        while (p + n < end && n <= 8 && hexval(p[n]) >= 0) v = v * 16 + (uint32_t)hexval(p[n++]);
        if (n == 1) return 0;
        *cp = v;
        return n;
    }
    case 'u':
    case 'U': {
        int want = *p == 'u' ? 4 : 8;
        uint32_t v = 0;
        if (end - p <= want) return -1;
        for (int i = 1; i <= want; i++) {
            int h = hexval(p[i]);
            if (h < 0) return -1;
            v = v * 16 + (uint32_t)h;
        }
        *cp = v;
        return want + 1;
    }
    default:
        return 0;
    }
}

/* A literal character outside brackets: escaped when ERE would read it as
 * an operator. */
static void put_literal(StrBuf *out, uint32_t cp)
{
    if (cp < 0x80 && strchr("^$.[]()|*+?{}\\", (int)cp) && cp != 0) strbuf_putc(out, '\\');
    put_utf8(out, cp);
}

int regex_are_to_ere(const char *pat, size_t len, RegexEre *re, StrBuf *out, OmError *err)
{
    const char *p = pat, *end = pat + len;
    memset(re, 0, sizeof(*re));
    int are_groups = 0, ere_groups = 0;
    /* leading embedded options: (?i) (?c); anything else is refused */
    if (end - p >= 3 && p[0] == '*' && p[1] == '*' && p[2] == '*')
        return unsupported(err, "directors (***= and ***:)");
    while (end - p >= 3 && p[0] == '(' && p[1] == '?' && p[2] != ':' && p[2] != '=' &&
           p[2] != '!' && p[2] != '<') {
        const char *q = p + 2;
        for (; q < end && *q != ')'; q++) {
            if (*q == 'i')
                re->icase = 1;
            else if (*q == 'c')
                re->icase = 0;
            else
                return unsupported(err, "embedded options other than i and c");
        }
        if (q == end) return invalid(err, "parentheses () not balanced");
        p = q + 1;
    }
    while (p < end) {
        char c = *p;
        if (c == '\\') {
            if (p + 1 >= end) return invalid(err, "invalid escape \\ sequence");
            char e = p[1];
            uint32_t cp;
            int n;
            switch (e) {
            case 'd':
                strbuf_puts(out, "[[:digit:]]");
                break;
            case 'D':
                strbuf_puts(out, "[^[:digit:]]");
                break;
            case 's':
                strbuf_puts(out, "[[:space:]]");
                break;
            case 'S':
                strbuf_puts(out, "[^[:space:]]");
                break;
            case 'w':
                strbuf_puts(out, "[[:alnum:]_]");
                break;
            case 'W':
                strbuf_puts(out, "[^[:alnum:]_]");
                break;
            case 'm':
                strbuf_puts(out, "\\<");
                break;
            case 'M':
                strbuf_puts(out, "\\>");
                break;
            case 'y':
                strbuf_puts(out, "\\b");
                break;
            case 'Y':
                strbuf_puts(out, "\\B");
                break;
            case 'A':
                strbuf_putc(out, '^');
                break;
            case 'Z':
                strbuf_putc(out, '$');
                break;
            default:
                if (e >= '1' && e <= '9') {
                    int g = e - '0';
                    if (g > are_groups || re->capture_map[g] == 0)
                        return invalid(err, "invalid backreference number");
                    strbuf_printf(out, "\\%d", re->capture_map[g]);
                    break;
                }
                n = char_entry(p + 1, end, &cp);
                if (n < 0) return invalid(err, "invalid escape \\ sequence");
                if (n > 0) {
                    put_literal(out, cp);
                    p += 1 + n;
                    continue;
                }
                if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z'))
                    return invalid(err, "invalid escape \\ sequence");
                strbuf_putc(out, '\\');
                strbuf_putc(out, e);
                break;
            }
            p += 2;
            continue;
        }
        if (c == '[') {
            /* bracket expression: copy up to its closing ], rewriting escapes */
            strbuf_putc(out, '[');
            p++;
            if (p < end && *p == '^') strbuf_putc(out, *p++);
            if (p < end && *p == ']') strbuf_putc(out, *p++);
            bool closed = false;
            while (p < end) {
                if (*p == ']') {
                    closed = true;
                    p++;
                    break;
                }
                if (*p == '[' && p + 1 < end && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
                    char kind = p[1];
                    const char *q = p + 2;
                    while (q + 1 < end && !(q[0] == kind && q[1] == ']')) q++;
                    if (q + 1 >= end) return invalid(err, "brackets [] not balanced");
                    strbuf_append(out, p, (size_t)(q + 2 - p));
                    p = q + 2;
                    continue;
                }
                if (*p == '\\' && p + 1 < end) {
                    char e = p[1];
                    uint32_t cp;
                    int n;
                    if (e == 'd') {
                        strbuf_puts(out, "[:digit:]");
                    } else if (e == 's') {
                        strbuf_puts(out, "[:space:]");
                    } else if (e == 'w') {
                        strbuf_puts(out, "[:alnum:]_");
                    } else if (e == 'D' || e == 'S' || e == 'W') {
                        return invalid(err, "invalid character range");
                    } else if ((n = char_entry(p + 1, end, &cp)) > 0) {
                        if (cp == ']' || cp == '^' || cp == '-' || cp == '\\')
                            return unsupported(err, "escapes of ] ^ - \\ inside brackets");
                        put_utf8(out, cp);
                        p += 1 + n;
                        continue;
                    } else if (n < 0) {
                        return invalid(err, "invalid escape \\ sequence");
                    } else if (e == ']' || e == '^' || e == '-' || e == '[') {
                        return unsupported(err, "escapes of ] ^ - [ inside brackets");
                    } else {
                        strbuf_putc(out, e); /* \\ and escaped punctuation: the character */
                    }
                    p += 2;
                    continue;
                }
                strbuf_putc(out, *p++);
            }
            if (!closed) return invalid(err, "brackets [] not balanced");
            strbuf_putc(out, ']');
            continue;
        }
        if (c == '(') {
            if (p + 1 < end && p[1] == '?') {
                if (p + 2 < end && p[2] == ':') {
                    ere_groups++; /* non-capturing in ARE: a group no \N names */
                    strbuf_putc(out, '(');
                    p += 3;
                    continue;
                }
                return unsupported(err, "lookahead and lookbehind constraints");
            }
            are_groups++;
            ere_groups++;
            if (are_groups < REGEX_MAX_GROUPS) re->capture_map[are_groups] = ere_groups;
            strbuf_putc(out, '(');
            p++;
            continue;
        }
        if ((c == '*' || c == '+' || c == '?' || c == '}') && p + 1 < end && p[1] == '?')
            return unsupported(err, "non-greedy quantifiers");
        strbuf_putc(out, c);
        p++;
    }
    re->ngroups = are_groups < REGEX_MAX_GROUPS ? are_groups : REGEX_MAX_GROUPS - 1;
    re->ere_groups = ere_groups;
    return 0;
}

static locale_t utf8_locale;
static pthread_once_t utf8_locale_once = PTHREAD_ONCE_INIT;

static void utf8_locale_init(void)
{
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* The locale patterns run in: C.UTF-8, or the thread's own if the C library
 * has none (LC_GLOBAL_LOCALE keeps it). */
static locale_t regex_locale(void)
{
    pthread_once(&utf8_locale_once, utf8_locale_init);
    return utf8_locale ? utf8_locale : LC_GLOBAL_LOCALE;
}

int regex_are_exec(const regex_t *re, const char *s, size_t nmatch, regmatch_t *m, int eflags)
{
    locale_t prev = uselocale(regex_locale());
    int r = regexec(re, s, nmatch, m, eflags);
    uselocale(prev);
    return r;
}

int regex_are_compile(regex_t *out, const char *pat, size_t len, int cflags, RegexEre *info,
                      OmError *err)
{
    StrBuf sb;
    strbuf_init(&sb, NULL);
    RegexEre local;
    if (!info) info = &local;
    int rc = regex_are_to_ere(pat, len, info, &sb, err);
    if (rc == 0) {
        if (info->icase) cflags |= REG_ICASE;
        locale_t prev = uselocale(regex_locale());
        int cr = regcomp(out, sb.data ? sb.data : "", REG_EXTENDED | cflags);
        uselocale(prev);
        if (cr != 0) {
            char msg[256];
            regerror(cr, out, msg, sizeof(msg));
            rc = ERR(err, SQLSTATE_INVALID_REGULAR_EXPRESSION, "invalid regular expression: %s",
                     msg);
        }
    }
    strbuf_fini(&sb);
    return rc;
}

int regex_similar_to_are(const char *pat, size_t len, const char *esc, size_t esc_len, StrBuf *out,
                         OmError *err)
{
    strbuf_puts(out, "^(?:");
    bool after_esc = false;
    int nquotes = 0;
    size_t class_pos = 0; /* inside [...]: characters seen since '[' (0: outside) */
    for (size_t i = 0; i < len; i++) {
        char c = pat[i];
        if (after_esc) {
            after_esc = false;
            if (c == '"' && class_pos == 0) {
                if (nquotes == 2)
                    return ERR(err, SQLSTATE_INVALID_USE_OF_ESCAPE_CHAR,
                               "SQL regular expression may not contain more than two "
                               "escape-double-quote separators");
                /* PostgreSQL writes "){1,1}?(" here so that SUBSTRING's first
                 * part is as short as possible; for a match or no match the
                 * greedy form is the same, and ERE has no lazy quantifiers */
                strbuf_puts(out, nquotes++ == 0 ? "){1,1}(" : "){1,1}(?:");
            } else {
                strbuf_putc(out, '\\');
                strbuf_putc(out, c);
            }
        } else if (esc_len == 1 && c == esc[0]) {
            after_esc = true;
        } else if (class_pos > 0) {
            if (c == '\\') strbuf_putc(out, '\\');
            strbuf_putc(out, c);
            /* ']' right after '[' or '[^' is a member, not the end */
            if (c == ']' && class_pos > 1 && !(class_pos == 2 && pat[i - 1] == '^'))
                class_pos = 0;
            else
                class_pos++;
        } else if (c == '[') {
            strbuf_putc(out, c);
            class_pos = 1;
        } else if (c == '%') {
            strbuf_puts(out, ".*");
        } else if (c == '_') {
            strbuf_putc(out, '.');
        } else if (c == '(') {
            strbuf_puts(out, "(?:");
        } else if (c == '\\' || c == '.' || c == '^' || c == '$') {
            strbuf_putc(out, '\\');
            strbuf_putc(out, c);
        } else {
            strbuf_putc(out, c);
        }
    }
    strbuf_puts(out, ")$");
    return 0;
}
