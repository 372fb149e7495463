/*
 * type_io_numeric.c — the numeric core (scaled 128-bit decimals), numeric and
 * float text forms, and integer parsing.
 *
 * Numeric results follow PostgreSQL's display-scale rules (add/sub: max scale,
 * mul: sum of scales, div: select_div_scale). Values are exact while they fit
 * in 36 significant digits (below NUMERIC_MANT_BOUND); see docs/types.md for
 * the deviation (inputs with more significant digits round their fraction).
 *
 * NaN and +-Infinity follow PostgreSQL 15: every entry point below checks for
 * them first (numeric_is_special) and applies PostgreSQL's rules (NaN absorbs,
 * Inf - Inf and Inf * 0 are NaN, finite / Inf is 0, x % Inf is x, Inf % x is
 * NaN, division of an infinity by zero is 22012, NaN / 0 is NaN).
 *
 * Float output is PostgreSQL's shortest round-trip form (extra_float_digits >
 * 0): the fewest significant digits that read back to the same value, printed
 * in fixed notation when the decimal exponent is in [-4, 15) ([-4, 6) for
 * float4) and as d.ddde+XX otherwise.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "catalog/type_io_int.h"

#define P10(n) ((unsigned __int128)n##ULL)
#define E19    ((unsigned __int128)10000000000000000000ULL)
const unsigned __int128 om_pow10_u128[39] = {
    P10(1),
    P10(10),
    P10(100),
    P10(1000),
    P10(10000),
    P10(100000),
    P10(1000000),
    P10(10000000),
    P10(100000000),
    P10(1000000000),
    P10(10000000000),
    P10(100000000000),
    P10(1000000000000),
    P10(10000000000000),
    P10(100000000000000),
    P10(1000000000000000),
    P10(10000000000000000),
    P10(100000000000000000),
    P10(1000000000000000000),
    E19,
    E19 * 10,
    E19 * 100,
    E19 * 1000,
    E19 * 10000,
    E19 * 100000,
    E19 * 1000000,
    E19 * 10000000,
    E19 * 100000000,
    E19 * 1000000000,
    E19 * 10000000000ULL,
    E19 * 100000000000ULL,
    E19 * 1000000000000ULL,
    E19 * 10000000000000ULL,
    E19 * 100000000000000ULL,
    E19 * 1000000000000000ULL,
    E19 * 10000000000000000ULL,
    E19 * 100000000000000000ULL,
    E19 * 1000000000000000000ULL,
    E19 *E19,
};

/* The finite mantissa limit: 10^36 would not fit the 120 bits of the packing. */
#define MANT_LIMIT ((unsigned __int128)NUMERIC_MANT_BOUND)

int om_u128_digits(unsigned __int128 v)
{
    int n = 1;
    while (n < 39 && v >= om_pow10_u128[n]) n++;
    return n;
}

static inline unsigned __int128 uabs128(__int128 v)
{
    return v < 0 ? (unsigned __int128)0 - (unsigned __int128)v : (unsigned __int128)v;
}

static inline bool mant_fits(__int128 m)
{
    return uabs128(m) < MANT_LIMIT;
}

/* m * 10^k with overflow check against the mantissa limit. */
static int mant_scale_up(__int128 m, int k, __int128 *out)
{
    if (m == 0) {
        *out = 0;
        return 0;
    }
    if (k > 38) return -1;
    __int128 r;
    if (__builtin_mul_overflow(m, (__int128)om_pow10_u128[k], &r)) return -1;
    *out = r;
    return 0;
}

/* Rounds m / 10^k half away from zero. */
static __int128 mant_round_down(__int128 m, int k)
{
    if (k <= 0) return m;
    if (k > 38) return 0;
    __int128 p = (__int128)om_pow10_u128[k];
    __int128 q = m / p, r = m % p;
    unsigned __int128 ar = uabs128(r);
    if (ar * 2 >= (unsigned __int128)p) q += m < 0 ? -1 : 1;
    return q;
}

int numeric_rescale(OmNumeric in, int scale, OmNumeric *out)
{
    if (numeric_is_special(in)) {
        *out = in;
        return 0;
    }
    __int128 m = numeric_mantissa(in);
    int s = numeric_scale(in);
    if (scale < 0) scale = 0;
    if (scale > 255) scale = 255;
    if (scale >= s) {
        __int128 r;
        if (mant_scale_up(m, scale - s, &r) != 0 || !mant_fits(r)) return -1;
        *out = numeric_make(r, scale);
        return 0;
    }
    *out = numeric_make(mant_round_down(m, s - scale), scale);
    return 0;
}

int numeric_apply_typmod(OmNumeric in, int32_t typmod, OmNumeric *out, OmError *err)
{
    if (typmod < 4) {
        *out = in;
        return 0;
    }
    int prec = typmod_numeric_precision(typmod);
    int scale = typmod_numeric_scale(typmod);
    OmNumeric r;
    if (numeric_is_nan(in)) {
        *out = in;
        return 0;
    }
    if (numeric_is_special(in)) {
        ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
        error_detail(err, "A field with precision %d, scale %d cannot hold an infinite value.",
                     prec, scale);
        return -1;
    }
    if (numeric_rescale(in, scale, &r) != 0) goto overflow;
    __int128 m = numeric_mantissa(r);
    /* integer digits allowed: prec - scale */
    if (m != 0) {
        int digits = om_u128_digits(uabs128(m));
        if (digits > prec) goto overflow;
    }
    *out = r;
    return 0;
overflow:
    ERR(err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
    if (prec - scale > 0)
        error_detail(err,
                     "A field with precision %d, scale %d must round to an absolute value less "
                     "than 10^%d.",
                     prec, scale, prec - scale);
    else
        error_detail(err,
                     "A field with precision %d, scale %d must round to an absolute value less "
                     "than 1.",
                     prec, scale);
    return -1;
}

/* Brings a and b to a common scale; -1 if that overflows. */
static int align(OmNumeric a, OmNumeric b, __int128 *ma, __int128 *mb, int *scale)
{
    int sa = numeric_scale(a), sb = numeric_scale(b);
    int s = sa > sb ? sa : sb;
    *scale = s;
    *ma = numeric_mantissa(a);
    *mb = numeric_mantissa(b);
    if (sa < s && mant_scale_up(*ma, s - sa, ma) != 0) return -1;
    if (sb < s && mant_scale_up(*mb, s - sb, mb) != 0) return -1;
    *scale = s;
    return 0;
}

/* Results of + - * / % when an operand is NaN or infinite (PostgreSQL's
 * numeric_add, _sub, _mul, _div, _mod special cases); op is the operator character. Returns 0
 * with *out set, or -2 for division by zero. */
static int special_arith(char op, OmNumeric a, OmNumeric b, OmNumeric *out)
{
    if (numeric_is_nan(a) || numeric_is_nan(b)) {
        *out = numeric_nan();
        return 0;
    }
    int ia = numeric_inf_sign(a), ib = numeric_inf_sign(b);
    int sa = numeric_sign(a), sb = numeric_sign(b);
    switch (op) {
    case '+':
    case '-':
        if (op == '-') ib = -ib;
        if (ia && ib) {
            *out = ia == ib ? numeric_inf(ia) : numeric_nan();
        } else {
            *out = numeric_inf(ia ? ia : ib);
        }
        return 0;
    case '*':
        if (sa == 0 || sb == 0)
            *out = numeric_nan();
        else
            *out = numeric_inf(sa * sb);
        return 0;
    case '/':
        if (ia) {
            if (ib) {
                *out = numeric_nan();
                return 0;
            }
            if (sb == 0) return -2;
            *out = numeric_inf(ia * sb);
            return 0;
        }
        *out = numeric_make(0, 0); /* finite / +-Infinity */
        return 0;
    default: /* '%' */
        if (ia) {
            if (sb == 0) return -2;
            *out = numeric_nan();
            return 0;
        }
        *out = a; /* finite % +-Infinity */
        return 0;
    }
}

int numeric_add(OmNumeric a, OmNumeric b, OmNumeric *out)
{
    __int128 ma, mb, r;
    int s;
    if (numeric_is_special(a) || numeric_is_special(b)) return special_arith('+', a, b, out);
    if (align(a, b, &ma, &mb, &s) != 0) return -1;
    if (__builtin_add_overflow(ma, mb, &r) || !mant_fits(r)) return -1;
    *out = numeric_make(r, s);
    return 0;
}

int numeric_sub(OmNumeric a, OmNumeric b, OmNumeric *out)
{
    __int128 ma, mb, r;
    int s;
    if (numeric_is_special(a) || numeric_is_special(b)) return special_arith('-', a, b, out);
    if (align(a, b, &ma, &mb, &s) != 0) return -1;
    if (__builtin_sub_overflow(ma, mb, &r) || !mant_fits(r)) return -1;
    *out = numeric_make(r, s);
    return 0;
}

int numeric_mul(OmNumeric a, OmNumeric b, OmNumeric *out)
{
    if (numeric_is_special(a) || numeric_is_special(b)) return special_arith('*', a, b, out);
    int s = numeric_scale(a) + numeric_scale(b);
    OmNumeric na = numeric_normalize(a), nb = numeric_normalize(b);
    __int128 r;
    if (__builtin_mul_overflow(numeric_mantissa(na), numeric_mantissa(nb), &r)) return -1;
    int rs = numeric_scale(na) + numeric_scale(nb);
    if (s > 255) s = 255;
    /* Extend back to the display scale; when that does not fit, keep as many
     * fractional digits as fit (documented deviation). */
    while (rs < s) {
        __int128 t;
        if (mant_scale_up(r, 1, &t) != 0 || !mant_fits(t)) break;
        r = t;
        rs++;
    }
    while (!mant_fits(r) && rs > 0) {
        r = mant_round_down(r, 1);
        rs--;
    }
    if (!mant_fits(r)) return -1;
    *out = numeric_make(r, rs);
    return 0;
}

/* Weight (base 10000) and first base-10000 digit of |a|, as PostgreSQL sees it. */
static void nbase_weight(OmNumeric a, int *weight, int *first)
{
    unsigned __int128 m = uabs128(numeric_mantissa(a));
    int s = numeric_scale(a);
    if (m == 0) {
        *weight = 0;
        *first = 0;
        return;
    }
    int e = om_u128_digits(m) - 1 - s; /* decimal exponent of the leading digit */
    int w = e >= 0 ? e / 4 : -((-e + 3) / 4);
    int shift = s + 4 * w; /* first = m / 10^shift */
    unsigned __int128 f;
    if (shift >= 0)
        f = shift > 38 ? 0 : m / om_pow10_u128[shift];
    else
        f = m * om_pow10_u128[-shift];
    *weight = w;
    *first = (int)f;
}

int numeric_div_scale(OmNumeric a, OmNumeric b, int rscale, OmNumeric *out)
{
    if (numeric_is_special(a) || numeric_is_special(b)) return special_arith('/', a, b, out);
    __int128 ma = numeric_mantissa(a), mb = numeric_mantissa(b);
    if (mb == 0) return -2;
    int sa = numeric_scale(a), sb = numeric_scale(b);
    bool neg = (ma < 0) != (mb < 0);
    unsigned __int128 ua = uabs128(ma), ub = uabs128(mb), q, r;
    int k = rscale + sb - sa;
    if (k >= 0) {
        q = ua / ub;
        r = ua % ub;
        for (int i = 0; i < k; i++) {
            r *= 10;
            q = q * 10 + r / ub;
            r %= ub;
            if (q >= MANT_LIMIT) return -1;
        }
        if (r * 2 >= ub) q++;
    } else {
        unsigned __int128 d = ub;
        bool huge = false;
        for (int i = 0; i < -k; i++) {
            if (d > MANT_LIMIT * 10) {
                huge = true;
                break;
            }
            d *= 10;
        }
        if (huge) {
            q = 0;
        } else {
            q = ua / d;
            r = ua % d;
            if (r * 2 >= d) q++;
        }
    }
    if (q >= MANT_LIMIT) return -1;
    __int128 sq = neg ? -(__int128)q : (__int128)q;
    *out = numeric_make(sq, rscale);
    return 0;
}

int numeric_div(OmNumeric a, OmNumeric b, OmNumeric *out)
{
    if (numeric_is_special(a) || numeric_is_special(b)) return special_arith('/', a, b, out);
    if (numeric_mantissa(b) == 0) return -2;
    int w1, f1, w2, f2;
    nbase_weight(a, &w1, &f1);
    nbase_weight(b, &w2, &f2);
    int qweight = w1 - w2;
    if (f1 <= f2) qweight--;
    int rscale = 16 - qweight * 4;
    if (rscale < numeric_scale(a)) rscale = numeric_scale(a);
    if (rscale < numeric_scale(b)) rscale = numeric_scale(b);
    if (rscale < 0) rscale = 0;
    if (rscale > 255) rscale = 255;
    int rc = numeric_div_scale(a, b, rscale, out);
    /* A huge display scale may not fit next to the integer digits: keep fewer
     * fractional digits (documented deviation). */
    while (rc == -1 && rscale > 0) {
        rscale--;
        rc = numeric_div_scale(a, b, rscale, out);
    }
    return rc;
}

int numeric_mod(OmNumeric a, OmNumeric b, OmNumeric *out)
{
    __int128 ma, mb;
    int s;
    if (numeric_is_special(a) || numeric_is_special(b)) return special_arith('%', a, b, out);
    if (numeric_mantissa(b) == 0) return -2;
    if (align(a, b, &ma, &mb, &s) != 0) {
        /* b scaled up overflowed: |b| > |a|, so a % b = a at scale s */
        return numeric_rescale(a, s, out) == 0 ? 0 : -1;
    }
    *out = numeric_make(ma % mb, s);
    return 0;
}

/* 256-bit unsigned integers (4 little-endian 64-bit limbs) for the square
 * root of a 36-digit mantissa scaled up by up to 76 decimal digits. */
typedef struct U256 {
    uint64_t w[4];
} U256;

static bool u256_mul_small(U256 *a, uint64_t f)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 p = (unsigned __int128)a->w[i] * f + carry;
        a->w[i] = (uint64_t)p;
        carry = p >> 64;
    }
    return carry == 0;
}

static int u256_cmp(const U256 *a, const U256 *b)
{
    for (int i = 3; i >= 0; i--)
        if (a->w[i] != b->w[i]) return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

static void u256_add(U256 *a, const U256 *b)
{
    unsigned __int128 carry = 0;
    for (int i = 0; i < 4; i++) {
        unsigned __int128 s = (unsigned __int128)a->w[i] + b->w[i] + carry;
        a->w[i] = (uint64_t)s;
        carry = s >> 64;
    }
}

static void u256_sub(U256 *a, const U256 *b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t x = a->w[i], y = b->w[i];
        uint64_t d = x - y - borrow;
        borrow = (x < y || (x == y && borrow)) ? 1 : 0;
        a->w[i] = d;
    }
}

static void u256_shr(U256 *a, int n) /* n < 64 */
{
    for (int i = 0; i < 4; i++) {
        a->w[i] >>= n;
        if (i < 3) a->w[i] |= a->w[i + 1] << (64 - n);
    }
}

/* floor(sqrt(n)), bit by bit */
static U256 u256_isqrt(U256 n)
{
    U256 res = {{0, 0, 0, 0}}, bit = {{0, 0, 0, 0}};
    int top = 255;
    while (top > 0 && !((n.w[top / 64] >> (top % 64)) & 1)) top--;
    top &= ~1;
    bit.w[top / 64] = (uint64_t)1 << (top % 64);
    for (;;) {
        U256 t = res;
        u256_add(&t, &bit);
        u256_shr(&res, 1);
        if (u256_cmp(&n, &t) >= 0) {
            u256_sub(&n, &t);
            u256_add(&res, &bit);
        }
        if (bit.w[0] == 1 || (bit.w[0] | bit.w[1] | bit.w[2] | bit.w[3]) == 0) break;
        u256_shr(&bit, 2);
        if ((bit.w[0] | bit.w[1] | bit.w[2] | bit.w[3]) == 0) break;
    }
    return res;
}

int numeric_sqrt_scale(OmNumeric a, int rscale, OmNumeric *out)
{
    __int128 m = numeric_mantissa(a);
    int s = numeric_scale(a);
    /* N = m * 10^(2*(rscale+1) - s); r = isqrt(N) then round the extra digit */
    int k = 2 * (rscale + 1) - s;
    U256 n = {{(uint64_t)m, (uint64_t)((unsigned __int128)m >> 64), 0, 0}};
    bool ok = k >= 0;
    for (int i = 0; ok && i < k; i += 19) {
        int step = k - i < 19 ? k - i : 19;
        ok = u256_mul_small(&n, (uint64_t)om_pow10_u128[step]);
    }
    if (!ok) {
        double d = sqrt(numeric_to_double(a));
        OmNumeric t;
        if (numeric_from_double(d, 15, &t) != 0 || numeric_rescale(t, rscale, out) != 0) return -1;
        return 0;
    }
    U256 g = u256_isqrt(n);
    if (g.w[2] | g.w[3]) return -1;
    unsigned __int128 r = ((unsigned __int128)g.w[1] << 64) | g.w[0];
    unsigned __int128 q = r / 10, last = r % 10;
    if (last >= 5) q++;
    if (q >= (unsigned __int128)NUMERIC_MANT_BOUND) return -1;
    *out = numeric_make((__int128)q, rscale);
    return 0;
}

bool numeric_mul_pow10(__int128 *v, int n)
{
    if (*v == 0 || n == 0) return true;
    if (n > 38) return false;
    __int128 r;
    if (__builtin_mul_overflow(*v, (__int128)om_pow10_u128[n], &r)) return false;
    *v = r;
    return true;
}

int numeric_cmp(OmNumeric a, OmNumeric b)
{
    __int128 ma = numeric_mantissa(a), mb = numeric_mantissa(b);
    int sa = numeric_scale(a), sb = numeric_scale(b);
    /* Special values are ordered by their reserved mantissas (types.h). */
    if (numeric_is_special(a) || numeric_is_special(b)) {
        if (numeric_is_special(a) && numeric_is_special(b)) return (ma > mb) - (ma < mb);
        return numeric_is_special(a) ? (ma > 0 ? 1 : -1) : (mb > 0 ? -1 : 1);
    }
    int sga = (ma > 0) - (ma < 0), sgb = (mb > 0) - (mb < 0);
    if (sga != sgb) return sga < sgb ? -1 : 1;
    /* at the common scale; when that overflows, the rescaled side is the larger */
    if (sa < sb && !numeric_mul_pow10(&ma, sb - sa)) return sga;
    if (sb < sa && !numeric_mul_pow10(&mb, sa - sb)) return -sgb;
    return ma < mb ? -1 : (ma > mb ? 1 : 0);
}

OmNumeric numeric_normalize(OmNumeric a)
{
    __int128 m = numeric_mantissa(a);
    int s = numeric_scale(a);
    if (m == 0) return numeric_make(0, 0);
    if (numeric_is_special(a)) return a;
    while (s > 0 && m % 10 == 0) {
        m /= 10;
        s--;
    }
    return numeric_make(m, s);
}

OmNumeric numeric_from_int64(int64_t v)
{
    return numeric_make((__int128)v, 0);
}

int numeric_to_int64(OmNumeric a, int64_t *out)
{
    if (numeric_is_special(a)) return -1;
    __int128 m = mant_round_down(numeric_mantissa(a), numeric_scale(a));
    if (m < INT64_MIN || m > INT64_MAX) return -1;
    *out = (int64_t)m;
    return 0;
}

static size_t u128_to_str(unsigned __int128 v, char *buf)
{
    char tmp[48];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v != 0);
    for (size_t i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return n;
}

void numeric_format(OmNumeric a, StrBuf *out)
{
    if (numeric_is_special(a)) {
        strbuf_puts(out, numeric_is_nan(a)         ? "NaN"
                         : numeric_inf_sign(a) > 0 ? "Infinity"
                                                   : "-Infinity");
        return;
    }
    __int128 m = numeric_mantissa(a);
    int s = numeric_scale(a);
    char digits[48];
    size_t n = u128_to_str(uabs128(m), digits);
    if (m < 0) strbuf_putc(out, '-');
    if ((int)n <= s) {
        strbuf_putc(out, '0');
        strbuf_putc(out, '.');
        for (int i = 0; i < s - (int)n; i++) strbuf_putc(out, '0');
        strbuf_append(out, digits, n);
    } else {
        strbuf_append(out, digits, n - (size_t)s);
        if (s > 0) {
            strbuf_putc(out, '.');
            strbuf_append(out, digits + n - (size_t)s, (size_t)s);
        }
    }
}

double numeric_to_double(OmNumeric a)
{
    if (numeric_is_nan(a)) return NAN;
    if (numeric_is_special(a)) return numeric_inf_sign(a) > 0 ? INFINITY : -INFINITY;
    /* the decimal text is up to ~260 characters long (scale 255): no fixed copy */
    StrBuf sb;
    strbuf_init(&sb, NULL);
    numeric_format(a, &sb);
    double d = strtod(sb.data, NULL);
    strbuf_fini(&sb);
    return d;
}

int numeric_from_double(double v, int digits, OmNumeric *out)
{
    if (isnan(v)) {
        *out = numeric_nan();
        return 0;
    }
    if (isinf(v)) {
        *out = numeric_inf(v < 0 ? -1 : 1);
        return 0;
    }
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*g", digits, v);
    return numeric_parse(buf, strlen(buf), out) == 0 ? 0 : -1;
}

/* PostgreSQL's spellings of the special values (case-insensitive), each of
 * which may only be surrounded by whitespace. */
static bool parse_special(const char *s, size_t len, OmNumeric *out)
{
    static const struct {
        const char *word;
        int kind; /* 0 NaN, else the sign of the infinity */
    } words[] = {{"NaN", 0}, {"Infinity", 1}, {"+Infinity", 1}, {"-Infinity", -1},
                 {"inf", 1}, {"+inf", 1},     {"-inf", -1}};
    for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
        size_t n = strlen(words[w].word);
        if (len < n || strncasecmp(s, words[w].word, n) != 0) continue;
        size_t i = n;
        while (i < len && isspace((unsigned char)s[i])) i++;
        if (i != len) return false;
        *out = words[w].kind == 0 ? numeric_nan() : numeric_inf(words[w].kind);
        return true;
    }
    return false;
}

int numeric_parse(const char *s, size_t len, OmNumeric *out)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i])) i++;
    if (i < len && !isdigit((unsigned char)s[i]) && s[i] != '.' &&
        parse_special(s + i, len - i, out))
        return 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    char dig[400];
    int nd = 0, frac = 0;
    bool any = false, dot = false;
    long dropped_int = 0; /* integer digits beyond our buffer: overflow */
    for (; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (nd == 0 && c == '0') {
                if (dot) frac++;
                continue;
            }
            if (nd < (int)sizeof(dig)) {
                dig[nd++] = c;
                if (dot) frac++;
            } else if (!dot) {
                dropped_int++;
            }
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!any) return -1;
    long exp10 = 0;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        bool eneg = false;
        if (j < len && (s[j] == '+' || s[j] == '-')) eneg = s[j++] == '-';
        if (j >= len || !isdigit((unsigned char)s[j])) return -1;
        while (j < len && isdigit((unsigned char)s[j])) {
            if (exp10 < 100000) exp10 = exp10 * 10 + (s[j] - '0');
            j++;
        }
        if (eneg) exp10 = -exp10;
        i = j;
    }
    while (i < len && isspace((unsigned char)s[i])) i++;
    if (i != len) return -1;
    if (dropped_int > 0) return -2;
    /* value = dig * 10^(exp10 - frac) */
    long scale = (long)frac - exp10;
    if (nd == 0) {
        if (scale < 0) scale = 0;
        if (scale > 255) scale = 255;
        *out = numeric_make(0, (int)scale);
        return 0;
    }
    /* integer digits = nd - scale must be <= 36 */
    if ((long)nd - scale > NUMERIC_MANT_LIMIT_DIGITS) return -2;
    int keep = nd;
    if (keep > NUMERIC_MANT_LIMIT_DIGITS) keep = NUMERIC_MANT_LIMIT_DIGITS;
    if (scale - (nd - keep) > 255) keep = (int)(nd - (scale - 255));
    if (keep <= 0) return -2; /* every significant digit would be lost */
    unsigned __int128 m = 0;
    for (int k = 0; k < keep; k++) m = m * 10 + (unsigned)(dig[k] - '0');
    long rscale = scale - (nd - keep);
    if (keep < nd && dig[keep] >= '5') m++;
    if (m >= MANT_LIMIT) {
        m /= 10;
        rscale--;
    }
    if (rscale < 0) {
        if (-rscale > 38) return -2;
        unsigned __int128 p = om_pow10_u128[-rscale];
        if (m > MANT_LIMIT / p) return -2;
        m *= p;
        rscale = 0;
    }
    if (m >= MANT_LIMIT) return -2;
    __int128 sm = neg ? -(__int128)m : (__int128)m;
    *out = numeric_make(sm, (int)rscale);
    return 0;
}

/* ---- floats ---- */

static void format_shortest(const char *sci, bool is_float4, StrBuf *out)
{
    /* sci: "[-]d[.ddd]e[+-]XX" */
    const char *p = sci;
    if (*p == '-') strbuf_putc(out, *p++);
    char digits[32];
    int nd = 0;
    while (*p && *p != 'e') {
        if (*p != '.') digits[nd++] = *p;
        p++;
    }
    int exp = atoi(p + 1);
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    int hi = is_float4 ? 6 : 15;
    if (exp >= -4 && exp < hi) {
        if (exp >= 0) {
            for (int k = 0; k <= exp; k++) strbuf_putc(out, k < nd ? digits[k] : '0');
            if (nd > exp + 1) {
                strbuf_putc(out, '.');
                strbuf_append(out, digits + exp + 1, (size_t)(nd - exp - 1));
            }
        } else {
            strbuf_puts(out, "0.");
            for (int k = 0; k < -exp - 1; k++) strbuf_putc(out, '0');
            strbuf_append(out, digits, (size_t)nd);
        }
    } else {
        strbuf_putc(out, digits[0]);
        if (nd > 1) {
            strbuf_putc(out, '.');
            strbuf_append(out, digits + 1, (size_t)(nd - 1));
        }
        strbuf_printf(out, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    }
}

void float8_format(double v, int extra_float_digits, StrBuf *out)
{
    if (isnan(v)) {
        strbuf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        strbuf_puts(out, v < 0 ? "-Infinity" : "Infinity");
        return;
    }
    char buf[64];
    if (extra_float_digits > 0) {
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(buf, sizeof(buf), "%.*e", prec - 1, v);
            if (strtod(buf, NULL) == v) break;
        }
        format_shortest(buf, false, out);
        return;
    }
    int digits = 15 + extra_float_digits;
    if (digits < 1) digits = 1;
    snprintf(buf, sizeof(buf), "%.*g", digits, v);
    strbuf_puts(out, buf);
}

void float4_format(float v, int extra_float_digits, StrBuf *out)
{
    if (isnan(v)) {
        strbuf_puts(out, "NaN");
        return;
    }
    if (isinf(v)) {
        strbuf_puts(out, v < 0 ? "-Infinity" : "Infinity");
        return;
    }
    char buf[64];
    if (extra_float_digits > 0) {
        for (int prec = 1; prec <= 9; prec++) {
            snprintf(buf, sizeof(buf), "%.*e", prec - 1, (double)v);
            if (strtof(buf, NULL) == v) break;
        }
        format_shortest(buf, true, out);
        return;
    }
    int digits = 6 + extra_float_digits;
    if (digits < 1) digits = 1;
    snprintf(buf, sizeof(buf), "%.*g", digits, (double)v);
    strbuf_puts(out, buf);
}

/* ---- integers ---- */

int int_parse(const char *s, size_t len, int64_t min, int64_t max, int64_t *out)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i])) i++;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i >= len || !isdigit((unsigned char)s[i])) return -1;
    uint64_t acc = 0;
    bool ovf = false;
    while (i < len && isdigit((unsigned char)s[i])) {
        if (acc > (UINT64_MAX - 9) / 10)
            ovf = true;
        else
            acc = acc * 10 + (uint64_t)(s[i] - '0');
        i++;
    }
    while (i < len && isspace((unsigned char)s[i])) i++;
    if (i != len) return -1;
    if (ovf) return -2;
    if (neg) {
        if (acc > (uint64_t)INT64_MAX + 1) return -2;
        int64_t v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
        if (v < min) return -2;
        *out = v;
    } else {
        if (acc > (uint64_t)INT64_MAX || (int64_t)acc > max) return -2;
        *out = (int64_t)acc;
    }
    return 0;
}
