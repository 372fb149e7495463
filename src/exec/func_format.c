/*
 * func_format.c — to_char() for numbers and timestamps, following
 * PostgreSQL's formatting.c for the commonly used template patterns.
 *
 * Numbers: 9 0 . D , G S MI PL FM TH/th; the value is rounded to the
 * template's fractional digits; too many integer digits print as '#'; without
 * an explicit sign pattern one leading character holds '-' or a blank, placed
 * just before the first printed character. Unsupported patterns (EEEE, V, RN,
 * PR, SG, L, B, C, SP) are copied literally. Templates are parsed by
 * num_template.c, shared with to_number (42601 for conflicting patterns).
 *
 * to_number(text, text): PostgreSQL's NUM_processor in reading mode, node by
 * node: 9/0/./D/S/PR read a sign (before the first digit), a digit or the
 * decimal point and a trailing sign; , and G consume a comma only if one is
 * there (FM: never); MI/PL/SG read their sign; literals skip one input
 * character each; L and TH skip non-data characters. The digits read form a
 * numeric(pre + multi + digits read after the point, digits read after the
 * point) (22003 beyond it), then V multiplies by power(10, -n) at scale 16 as
 * PostgreSQL does. EEEE and RN are 0A000 ("not supported for input", as in
 * PostgreSQL 15).
 *
 * Timestamps: HH HH12 HH24 MI SS MS US SSSS AM PM am pm A.M. P.M. YYYY YYY YY
 * Y Y,YYY IYYY CC MONTH Month month MON Mon mon MM DAY Day day DY Dy dy DDD DD
 * D ID J Q W WW IW TZ tz OF BC AD, with FM and TH/th; "quoted" text and
 * backslash escapes are literal.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exec/func_int.h"
#include "exec/num_template.h"

static inline void emit(Vector *out, uint32_t row, const char *s, size_t n)
{
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)n);
}

static const char *ordinal_suffix(int64_t v, bool upper)
{
    int64_t a = v < 0 ? -v : v;
    const char *s = "th";
    if (a % 100 < 11 || a % 100 > 13) {
        if (a % 10 == 1)
            s = "st";
        else if (a % 10 == 2)
            s = "nd";
        else if (a % 10 == 3)
            s = "rd";
    }
    if (!upper) return s;
    return strcmp(s, "st") == 0   ? "ST"
           : strcmp(s, "nd") == 0 ? "ND"
           : strcmp(s, "rd") == 0 ? "RD"
                                  : "TH";
}

/* ---- numbers ---- */

/* Formats |value| given as integer digits `idig` (no leading zeros, "" for 0)
 * and fraction digits `fdig` (exactly the template's fraction length). */
static void num_format(const NumTemplate *t, bool neg, const char *idig, const char *fdig,
                       int64_t int_value, StrBuf *out)
{
    /* template facts (V is not implemented: its digits count as integer digits) */
    int int_pos = t->pre + t->multi, frac_pos = t->post;
    int first_zero = t->zero_start > 0 ? t->zero_start - 1 : -1;
    bool fm = (t->flags & NUMF_FILLMODE) != 0;
    bool explicit_sign = (t->flags & (NUMF_LSIGN | NUMF_MINUS | NUMF_PLUS)) != 0;
    bool lead_sign = t->lsign == NUM_LSIGN_PRE && t->pre_lsign_num == 0;
    int nint = (int)strlen(idig);
    bool overflow = nint > int_pos;
    /* the last integer position prints 0 for a zero value without fraction */
    bool zero_last = nint == 0 && frac_pos == 0;

    StrBuf body;
    strbuf_init(&body, NULL);
    int ipos = 0, fpos = 0;
    bool printed_digit = false, in_frac = false;
    size_t sign_at = (size_t)-1; /* where the implicit or leading-S sign goes */
    char sign_char = neg ? '-' : (lead_sign ? '+' : ' ');
    bool sign_pending = !explicit_sign || lead_sign;
    size_t frac_trim_floor = 0; /* FM: keep fraction up to the last '0' pattern */
    for (int i = 0; i < t->nnodes; i++) {
        const NumNode *n = &t->nodes[i];
        switch ((NumTok)n->tok) {
        case NUMT_FM:
            continue;
        case NUMT_9:
        case NUMT_0: {
            if (in_frac) {
                strbuf_putc(&body, overflow ? '#' : fdig[fpos]);
                fpos++;
                if (n->tok == NUMT_0 || !fm) frac_trim_floor = body.len;
                continue;
            }
            int digit_index = ipos - (int_pos - nint); /* index into idig */
            char ch;
            if (overflow)
                ch = '#';
            else if (digit_index >= 0)
                ch = idig[digit_index];
            else if (first_zero >= 0 && ipos >= first_zero)
                ch = '0';
            else if (zero_last && ipos == int_pos - 1)
                ch = '0';
            else
                ch = ' ';
            if (ch != ' ' && sign_pending && sign_at == (size_t)-1) sign_at = body.len;
            if (ch != ' ') printed_digit = true;
            strbuf_putc(&body, ch);
            ipos++;
            continue;
        }
        case NUMT_DEC:
        case NUMT_D:
            if (sign_pending && sign_at == (size_t)-1) sign_at = body.len;
            strbuf_putc(&body, '.');
            in_frac = true;
            frac_trim_floor = body.len;
            continue;
        case NUMT_COMMA:
        case NUMT_G:
            strbuf_putc(&body, printed_digit ? ',' : ' ');
            continue;
        case NUMT_S:
            if (lead_sign) continue; /* placed before the first digit */
            strbuf_putc(&body, neg ? '-' : '+');
            continue;
        case NUMT_MI:
            strbuf_putc(&body, neg ? '-' : ' ');
            continue;
        case NUMT_PL:
            strbuf_putc(&body, neg ? ' ' : '+');
            continue;
        case NUMT_TH:
        case NUMT_th:
            if (!overflow) strbuf_puts(&body, ordinal_suffix(int_value, n->tok == NUMT_TH));
            continue;
        case NUMT_LITERAL:
            strbuf_putc(&body, n->ch);
            continue;
        default: /* EEEE, V, RN, PR, SG, L, B, C, SP: not implemented, copied */
            strbuf_append(&body, n->src, n->src_len);
            continue;
        }
    }
    if (sign_pending && sign_at == (size_t)-1) sign_at = body.len;
    const char *b = body.data ? body.data : "";
    size_t blen = body.len;
    if (fm && in_frac) {
        /* drop trailing zeros of 9-positions in the fraction */
        size_t end = blen;
        while (end > frac_trim_floor && b[end - 1] == '0') end--;
        /* keep literal suffixes after the digits: only trim when the tail was digits */
        if (end < blen) {
            bool tail_digits = true;
            for (size_t k = end; k < blen; k++)
                if (b[k] != '0') tail_digits = false;
            if (tail_digits) blen = end;
        }
    }
    StrBuf res;
    strbuf_init(&res, NULL);
    if (sign_pending) {
        strbuf_append(&res, b, sign_at);
        if (!(fm && sign_char == ' ')) strbuf_putc(&res, sign_char);
        strbuf_append(&res, b + sign_at, blen - sign_at);
    } else {
        strbuf_append(&res, b, blen);
    }
    const char *r = res.data ? res.data : "";
    size_t rlen = res.len;
    if (fm) {
        /* fill mode: no padding blanks */
        StrBuf packed;
        strbuf_init(&packed, NULL);
        for (size_t k = 0; k < rlen; k++)
            if (r[k] != ' ') strbuf_putc(&packed, r[k]);
        strbuf_append(out, packed.data ? packed.data : "", packed.len);
        strbuf_fini(&packed);
    } else {
        strbuf_append(out, r, rlen);
    }
    strbuf_fini(&res);
    strbuf_fini(&body);
}

static int k_to_char_num(KERNEL_ARGS)
{
    TypeId t = call->args[0]->type.id;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *f = arg_str(args, 1, row);
        NumTemplate tpl;
        if (num_template_parse(strview_data(f), f->len, &tpl, ctx->arena, ctx->err) != 0) return -1;
        int fp = tpl.post;
        char idig[400], fdig[400];
        bool neg = false;
        int64_t ival = 0;
        if (t == TYPE_NUMERIC && numeric_is_special(ARG(OmNumeric, 0, row))) {
            /* NaN and +-Infinity: filled with '#' like the float forms (deviation) */
            strbuf_reset(&sb);
            for (size_t k = 0; k < f->len + 1; k++) strbuf_putc(&sb, '#');
            emit(out, row, sb.data, sb.len);
            continue;
        }
        if (t == TYPE_FLOAT8 || t == TYPE_FLOAT4) {
            double v = t == TYPE_FLOAT8 ? ARG(double, 0, row) : (double)ARG(float, 0, row);
            if (isnan(v) || isinf(v)) {
                strbuf_reset(&sb);
                for (size_t k = 0; k < f->len + 1; k++) strbuf_putc(&sb, '#');
                emit(out, row, sb.data, sb.len);
                continue;
            }
            neg = v < 0;
            char buf[400];
            snprintf(buf, sizeof(buf), "%.*f", fp > 250 ? 250 : fp, fabs(v));
            char *dot = strchr(buf, '.');
            if (dot) *dot = 0;
            snprintf(idig, sizeof(idig), "%s", strcmp(buf, "0") == 0 ? "" : buf);
            snprintf(fdig, sizeof(fdig), "%s", dot ? dot + 1 : "");
            ival = (int64_t)fabs(v);
        } else {
            OmNumeric n;
            if (t == TYPE_NUMERIC)
                n = ARG(OmNumeric, 0, row);
            else if (t == TYPE_INT8)
                n = numeric_from_int64(ARG(int64_t, 0, row));
            else if (t == TYPE_INT2)
                n = numeric_from_int64(ARG(int16_t, 0, row));
            else
                n = numeric_from_int64(ARG(int32_t, 0, row));
            OmNumeric r;
            if (numeric_rescale(n, fp, &r) != 0) r = n;
            __int128 m = numeric_mantissa(r);
            neg = m < 0;
            unsigned __int128 a = neg ? (unsigned __int128)(-m) : (unsigned __int128)m;
            int sc = numeric_scale(r);
            unsigned __int128 ip = sc <= 38 ? a / om_pow10_u128[sc] : 0;
            unsigned __int128 frac = sc <= 38 ? a % om_pow10_u128[sc] : a;
            char tmp[64];
            int k = 0;
            while (ip > 0 && k < 60) {
                tmp[k++] = (char)('0' + (int)(ip % 10));
                ip /= 10;
            }
            for (int j = 0; j < k; j++) idig[j] = tmp[k - 1 - j];
            idig[k] = 0;
            for (int j = sc - 1; j >= 0; j--) {
                if (j < (int)sizeof(fdig) - 1) fdig[j] = (char)('0' + (int)(frac % 10));
                frac /= 10;
            }
            fdig[sc < (int)sizeof(fdig) - 1 ? sc : (int)sizeof(fdig) - 1] = 0;
            int64_t iv;
            ival =
                numeric_to_int64(
                    numeric_make(
                        numeric_mantissa(n) /
                            (__int128)om_pow10_u128[numeric_scale(n) <= 38 ? numeric_scale(n) : 38],
                        0),
                    &iv) == 0
                    ? iv
                    : 0;
        }
        strbuf_reset(&sb);
        num_format(&tpl, neg, idig, fdig, ival, &sb);
        emit(out, row, sb.data ? sb.data : "", sb.len);
    }
    strbuf_fini(&sb);
    return 0;
}

/* ---- to_number ---- */

/* PostgreSQL's NUM_processor reading a number (to_number): each template node
 * consumes input as formatting.c's FROM_CHAR mode does, collecting a sign and
 * digits into num ("-123.45"; num[0] is the sign or a blank). */
typedef struct NumRead {
    const NumTemplate *t;
    const char *in; /* NUL-terminated */
    size_t len, p;
    char *num;
    size_t np;
    int read_pre, read_post;
    bool read_dec;
} NumRead;

static bool left(const NumRead *r, size_t x)
{
    return r->p < r->len && r->len - r->p >= x;
}

/* NUM_numpart_from_char */
static void numpart_from_char(NumRead *r)
{
    int flags = r->t->flags;
    bool isread = false;
    if (r->in[r->p] == ' ') r->p++;
    if (r->in[r->p] == ' ') r->p++;
    if (r->p >= r->len) return;
    /* a sign before the number (formatting.c tests "id == NUM_0 || id == NUM_9 ||
     * NUM_S", which holds for every id) */
    if (r->num[0] == ' ' && r->read_pre + r->read_post == 0) {
        char c = r->in[r->p];
        if ((flags & NUMF_LSIGN) && r->t->lsign == NUM_LSIGN_PRE) {
            if (c == '-' || c == '+') {
                r->p++;
                r->num[0] = c;
            }
        } else if (c == '-' || ((flags & NUMF_BRACKET) && c == '<')) {
            r->num[0] = '-';
            r->p++;
        } else if (c == '+') {
            r->num[0] = '+';
            r->p++;
        }
    }
    if (r->p >= r->len) return;
    char c = r->in[r->p];
    if (isdigit((unsigned char)c)) {
        if (r->read_dec && r->read_post == r->t->post) return;
        r->num[r->np++] = c;
        if (r->read_dec)
            r->read_post++;
        else
            r->read_pre++;
        isread = true;
    } else if ((flags & NUMF_DECIMAL) && !r->read_dec && c == '.') {
        r->num[r->np++] = '.';
        r->read_dec = true;
        isread = true;
    }
    if (r->p >= r->len) return;
    /* a sign behind the last digit ("FM9.999999MI" reads "5.01-") */
    if (r->num[0] == ' ' && r->read_pre + r->read_post > 0) {
        if ((flags & NUMF_LSIGN) && isread && r->p + 1 <= r->len &&
            !isdigit((unsigned char)r->in[r->p + 1])) {
            size_t tmp = r->p++;
            if (left(r, 1) && (r->in[r->p] == '-' || r->in[r->p] == '+')) r->num[0] = r->in[r->p];
            if (r->num[0] == ' ') r->p = tmp;
        } else if (!isread && !(flags & NUMF_LSIGN) && (flags & (NUMF_PLUS | NUMF_MINUS))) {
            if (r->in[r->p] == '-' || r->in[r->p] == '+') r->num[0] = r->in[r->p];
        }
    }
}

/* NUM_eat_non_data_chars: skips up to n characters that cannot be data. */
static void eat_non_data(NumRead *r, int n)
{
    while (n-- > 0 && r->p < r->len && !strchr("0123456789.,+-", r->in[r->p])) r->p++;
}

/* Reads in[0..len) with template t into r->num (NUL-terminated). */
static void num_read(NumRead *r)
{
    const NumTemplate *t = r->t;
    r->num[0] = ' ';
    r->np = 1;
    for (int i = 0; i < t->nnodes && r->p < r->len; i++) {
        const NumNode *n = &t->nodes[i];
        char c = r->in[r->p];
        switch ((NumTok)n->tok) {
        case NUMT_LITERAL: {
            /* one input character per literal, whatever it is */
            unsigned char b = (unsigned char)c;
            size_t cl = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            r->p += cl;
            continue;
        }
        case NUMT_9:
        case NUMT_0:
        case NUMT_DEC:
        case NUMT_D:
        case NUMT_S:
        case NUMT_PR:
            numpart_from_char(r);
            break;
        case NUMT_COMMA:
        case NUMT_G:
            if ((t->flags & NUMF_FILLMODE) || c != ',') continue;
            break;
        case NUMT_L:
            eat_non_data(r, 1); /* the currency symbol of the C locale is " " */
            continue;
        case NUMT_TH:
        case NUMT_th:
            if (t->flags & NUMF_DECIMAL) continue;
            eat_non_data(r, 2);
            continue;
        case NUMT_MI:
        case NUMT_PL:
        case NUMT_SG:
            if ((c == '-' && n->tok != NUMT_PL) || (c == '+' && n->tok != NUMT_MI)) {
                r->num[0] = c;
                break;
            }
            eat_non_data(r, 1);
            continue;
        default:
            continue;
        }
        r->p++;
    }
    if (r->np > 1 && r->num[r->np - 1] == '.') r->np--;
    r->num[r->np] = '\0';
}

static int k_to_number(KERNEL_ARGS)
{
    OmNumeric *res = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *f = arg_str(args, 1, row);
        if (f->len == 0) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        NumTemplate t;
        if (num_template_parse(strview_data(f), f->len, &t, ctx->arena, ctx->err) != 0) return -1;
        if (t.flags & (NUMF_EEEE | NUMF_ROMAN))
            return ERR(ctx->err, SQLSTATE_FEATURE_NOT_SUPPORTED, "\"%s\" not supported for input",
                       t.flags & NUMF_EEEE ? "EEEE" : "RN");
        char *in = arena_alloc(ctx->arena, v->len + 2);
        memcpy(in, strview_data(v), v->len);
        in[v->len] = in[v->len + 1] = '\0';
        NumRead r = {&t, in, v->len, 0,    arena_alloc(ctx->arena, (size_t)t.nnodes + 4),
                     0,  0,  0,      false};
        num_read(&r);
        OmNumeric n;
        if (numeric_parse(r.num, r.np, &n) != 0) {
            if (strpbrk(r.num, "0123456789")) /* digits beyond numeric's 36 */
                return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                           "value overflows numeric format");
            return ERR(ctx->err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
                       "invalid input syntax for type numeric: \"%s\"", r.num);
        }
        int scale = r.read_post, precision = t.pre + t.multi + scale;
        if (numeric_apply_typmod(n, typmod_numeric(precision, scale), &n, ctx->err) != 0) return -1;
        if (t.flags & NUMF_MULTI) {
            /* times power(10, -multi), which PostgreSQL computes at scale 16 */
            __int128 p = t.multi <= 16 ? (__int128)om_pow10_u128[16 - t.multi] : 0;
            if (numeric_mul(n, numeric_make(p, 16), &n) != 0)
                return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE,
                           "value overflows numeric format");
        }
        res[row] = n;
    }
    return 0;
}

/* ---- timestamps ---- */

static const char *const months_full[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
static const char *const days_full[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                         "Thursday", "Friday", "Saturday"};

static void put_cased(StrBuf *sb, const char *word, int mode, int pad, bool fm, size_t maxlen)
{
    /* mode: 0 as is (Capitalised), 1 UPPER, 2 lower */
    size_t n = strlen(word);
    if (n > maxlen) n = maxlen;
    for (size_t i = 0; i < n; i++) {
        char c = word[i];
        if (mode == 1)
            c = (char)toupper((unsigned char)c);
        else if (mode == 2)
            c = (char)tolower((unsigned char)c);
        strbuf_putc(sb, c);
    }
    if (!fm)
        for (int i = (int)n; i < pad; i++) strbuf_putc(sb, ' ');
}

static bool match(const char *p, size_t left, const char *pat)
{
    size_t n = strlen(pat);
    return left >= n && strncmp(p, pat, n) == 0;
}

static void put_num(StrBuf *sb, int64_t v, int width, bool fm)
{
    if (fm)
        strbuf_printf(sb, "%lld", (long long)v);
    else if (v < 0)
        strbuf_printf(sb, "-%0*lld", width, (long long)-v);
    else
        strbuf_printf(sb, "%0*lld", width, (long long)v);
}

static void ts_format(int64_t ts, bool has_tz, int32_t tz_secs, const char *abbr, const char *fmt,
                      size_t flen, StrBuf *sb)
{
    OmTm tm;
    om_ts2tm(ts, &tm);
    int jd = om_date2j(tm.year, tm.mon, tm.mday);
    int year_out = tm.year > 0 ? tm.year : -(tm.year - 1);
    int dow = om_j2day(jd);
    int doy = jd - om_date2j(tm.year, 1, 1) + 1;
    for (size_t i = 0; i < flen;) {
        const char *p = fmt + i;
        size_t left = flen - i;
        bool fm = false;
        if (left >= 2 && (strncmp(p, "FM", 2) == 0 || strncmp(p, "fm", 2) == 0)) {
            fm = true;
            i += 2;
            p += 2;
            left -= 2;
            if (left == 0) break;
        }
        int64_t num = 0;
        bool is_num = false;
        size_t used = 0;
        int width = 2;
        if (match(p, left, "\"")) {
            size_t k = 1;
            while (k < left && p[k] != '"') {
                if (p[k] == '\\' && k + 1 < left) k++;
                strbuf_putc(sb, p[k++]);
            }
            i += k + 1;
            continue;
        } else if (match(p, left, "\\") && left > 1) {
            strbuf_putc(sb, p[1]);
            i += 2;
            continue;
        } else if (match(p, left, "HH24")) {
            num = tm.hour, is_num = true, used = 4;
        } else if (match(p, left, "HH12")) {
            num = tm.hour % 12 == 0 ? 12 : tm.hour % 12, is_num = true, used = 4;
        } else if (match(p, left, "HH")) {
            num = tm.hour % 12 == 0 ? 12 : tm.hour % 12, is_num = true, used = 2;
        } else if (match(p, left, "MI")) {
            num = tm.min, is_num = true, used = 2;
        } else if (match(p, left, "SSSS")) {
            num = tm.hour * 3600 + tm.min * 60 + tm.sec, is_num = true, used = 4, width = 1;
        } else if (match(p, left, "SS")) {
            num = tm.sec, is_num = true, used = 2;
        } else if (match(p, left, "MS")) {
            num = tm.usec / 1000, is_num = true, used = 2, width = 3;
        } else if (match(p, left, "US")) {
            num = tm.usec, is_num = true, used = 2, width = 6;
        } else if (match(p, left, "AM") || match(p, left, "PM")) {
            strbuf_puts(sb, tm.hour >= 12 ? "PM" : "AM");
            i += 2;
            continue;
        } else if (match(p, left, "am") || match(p, left, "pm")) {
            strbuf_puts(sb, tm.hour >= 12 ? "pm" : "am");
            i += 2;
            continue;
        } else if (match(p, left, "A.M.") || match(p, left, "P.M.")) {
            strbuf_puts(sb, tm.hour >= 12 ? "P.M." : "A.M.");
            i += 4;
            continue;
        } else if (match(p, left, "a.m.") || match(p, left, "p.m.")) {
            strbuf_puts(sb, tm.hour >= 12 ? "p.m." : "a.m.");
            i += 4;
            continue;
        } else if (match(p, left, "Y,YYY")) {
            strbuf_printf(sb, "%d,%03d", year_out / 1000, year_out % 1000);
            i += 5;
            continue;
        } else if (match(p, left, "YYYY") || match(p, left, "yyyy")) {
            num = year_out, is_num = true, used = 4, width = 4;
        } else if (match(p, left, "IYYY")) {
            int thursday = jd - ((dow + 6) % 7) + 3;
            int ty, tmo, td;
            om_j2date(thursday, &ty, &tmo, &td);
            num = ty > 0 ? ty : -(ty - 1), is_num = true, used = 4, width = 4;
        } else if (match(p, left, "YYY") || match(p, left, "yyy")) {
            num = year_out % 1000, is_num = true, used = 3, width = 3;
        } else if (match(p, left, "YY") || match(p, left, "yy")) {
            num = year_out % 100, is_num = true, used = 2;
        } else if (match(p, left, "Y") || match(p, left, "y")) {
            num = year_out % 10, is_num = true, used = 1, width = 1;
        } else if (match(p, left, "CC")) {
            num = tm.year > 0 ? (tm.year + 99) / 100 : -((99 - (tm.year - 1)) / 100);
            is_num = true, used = 2;
        } else if (match(p, left, "MONTH") || match(p, left, "Month") || match(p, left, "month")) {
            put_cased(sb, months_full[tm.mon - 1], p[1] == 'O' ? 1 : (p[0] == 'm' ? 2 : 0), 9, fm,
                      99);
            i += 5;
            continue;
        } else if (match(p, left, "MON") || match(p, left, "Mon") || match(p, left, "mon")) {
            put_cased(sb, months_full[tm.mon - 1], p[1] == 'O' ? 1 : (p[0] == 'm' ? 2 : 0), 0, true,
                      3);
            i += 3;
            continue;
        } else if (match(p, left, "MM")) {
            num = tm.mon, is_num = true, used = 2;
        } else if (match(p, left, "DAY") || match(p, left, "Day") || match(p, left, "day")) {
            put_cased(sb, days_full[dow], p[1] == 'A' ? 1 : (p[0] == 'd' ? 2 : 0), 9, fm, 99);
            i += 3;
            continue;
        } else if (match(p, left, "DY") || match(p, left, "Dy") || match(p, left, "dy")) {
            put_cased(sb, days_full[dow], p[1] == 'Y' ? 1 : (p[0] == 'd' ? 2 : 0), 0, true, 3);
            i += 2;
            continue;
        } else if (match(p, left, "DDD")) {
            num = doy, is_num = true, used = 3, width = 3;
        } else if (match(p, left, "DD")) {
            num = tm.mday, is_num = true, used = 2;
        } else if (match(p, left, "ID")) {
            num = dow == 0 ? 7 : dow, is_num = true, used = 2, width = 1;
        } else if (match(p, left, "D")) {
            num = dow + 1, is_num = true, used = 1, width = 1;
        } else if (match(p, left, "J")) {
            num = jd, is_num = true, used = 1, width = 1;
        } else if (match(p, left, "Q")) {
            num = (tm.mon - 1) / 3 + 1, is_num = true, used = 1, width = 1;
        } else if (match(p, left, "WW")) {
            num = (doy - 1) / 7 + 1, is_num = true, used = 2;
        } else if (match(p, left, "IW")) {
            int thursday = jd - ((dow + 6) % 7) + 3;
            int ty, tmo, td;
            om_j2date(thursday, &ty, &tmo, &td);
            num = (thursday - om_date2j(ty, 1, 1)) / 7 + 1, is_num = true, used = 2;
        } else if (match(p, left, "W")) {
            num = (tm.mday - 1) / 7 + 1, is_num = true, used = 1, width = 1;
        } else if (match(p, left, "BC") || match(p, left, "AD")) {
            strbuf_puts(sb, tm.year <= 0 ? "BC" : "AD");
            i += 2;
            continue;
        } else if (match(p, left, "B.C.") || match(p, left, "A.D.")) {
            strbuf_puts(sb, tm.year <= 0 ? "B.C." : "A.D.");
            i += 4;
            continue;
        } else if (match(p, left, "TZ") || match(p, left, "tz")) {
            if (has_tz && abbr) {
                for (const char *a = abbr; *a; a++)
                    strbuf_putc(sb, p[0] == 'T' ? *a : (char)tolower((unsigned char)*a));
            } else if (has_tz) {
                if (tz_secs == 0)
                    strbuf_puts(sb, p[0] == 'T' ? "UTC" : "utc");
                else {
                    int a = tz_secs < 0 ? -tz_secs : tz_secs;
                    strbuf_printf(sb, "%c%02d", tz_secs < 0 ? '-' : '+', a / 3600);
                    if (a % 3600) strbuf_printf(sb, "%02d", (a / 60) % 60);
                }
            }
            i += 2;
            continue;
        } else if (match(p, left, "OF")) {
            if (has_tz) {
                int a = tz_secs < 0 ? -tz_secs : tz_secs;
                strbuf_printf(sb, "%c%02d", tz_secs < 0 ? '-' : '+', a / 3600);
                if (a % 3600) strbuf_printf(sb, ":%02d", (a / 60) % 60);
            }
            i += 2;
            continue;
        }
        if (!is_num) {
            strbuf_putc(sb, *p);
            i += 1;
            continue;
        }
        put_num(sb, num, width, fm);
        i += used;
        if (flen - i >= 2 && (strncmp(fmt + i, "TH", 2) == 0 || strncmp(fmt + i, "th", 2) == 0)) {
            strbuf_puts(sb, ordinal_suffix(num, fmt[i] == 'T'));
            i += 2;
        }
    }
}

static int k_to_char_ts(KERNEL_ARGS)
{
    bool tz = call->args[0]->type.id == TYPE_TIMESTAMPTZ;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int64_t t = ARG(int64_t, 0, row);
        const StrView *f = arg_str(args, 1, row);
        if (t == TS_NEG_INFINITY || t == TS_POS_INFINITY) {
            vector_set_null(out, row, ctx->arena);
            continue;
        }
        strbuf_reset(&sb);
        int32_t off = tz ? settings_tz_offset_utc(ctx->settings, t) : 0;
        const char *abbr = tz && ctx->settings && ctx->settings->tz_zone
                               ? settings_tz_abbrev(ctx->settings, t)
                               : NULL;
        ts_format(t + (int64_t)off * USECS_PER_SEC, tz, off, abbr, strview_data(f), f->len, &sb);
        emit(out, row, sb.data ? sb.data : "", sb.len);
    }
    strbuf_fini(&sb);
    return 0;
}

#define TX TYPE_TEXT

const FuncDef func_format_defs[] = {
    FN("to_char", 2, TX, k_to_char_ts, 17000, TYPE_TIMESTAMP, TX),
    FN("to_char", 2, TX, k_to_char_ts, 17001, TYPE_TIMESTAMPTZ, TX),
    FN("to_char", 2, TX, k_to_char_num, 17002, TYPE_INT4, TX),
    FN("to_char", 2, TX, k_to_char_num, 17003, TYPE_INT8, TX),
    FN("to_char", 2, TX, k_to_char_num, 17004, TYPE_NUMERIC, TX),
    FN("to_char", 2, TX, k_to_char_num, 17005, TYPE_FLOAT8, TX),
    FN("to_char", 2, TX, k_to_char_num, 17006, TYPE_FLOAT4, TX),
    FN("to_number", 2, TYPE_NUMERIC, k_to_number, 17007, TX, TX),
};
const int func_format_ndefs = sizeof(func_format_defs) / sizeof(func_format_defs[0]);
