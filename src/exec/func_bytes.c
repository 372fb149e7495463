/*
 * func_bytes.c — bytea and uuid functions: encode/decode (hex, base64,
 * escape), md5/sha256 of bytea, get_byte, gen_random_uuid (version 4 from
 * OpenSSL's RAND_bytes).
 */
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <strings.h>

#include "exec/func_int.h"

static const char hexdig[] = "0123456789abcdef";
static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static inline void emit(Vector *out, uint32_t row, const char *s, size_t n)
{
    ((StrView *)out->data)[row] = vector_add_string(out, s, (uint32_t)n);
}

static int bad_encoding(EvalCtx *ctx, const StrView *f)
{
    return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE, "unrecognized encoding: \"%.*s\"",
               (int)f->len, strview_data(f));
}

static int k_encode(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *f = arg_str(args, 1, row);
        const unsigned char *d = (const unsigned char *)strview_data(v);
        const char *fs = strview_data(f);
        strbuf_reset(&r);
        if (f->len == 3 && strncasecmp(fs, "hex", 3) == 0) {
            for (uint32_t k = 0; k < v->len; k++) {
                strbuf_putc(&r, hexdig[d[k] >> 4]);
                strbuf_putc(&r, hexdig[d[k] & 15]);
            }
        } else if (f->len == 6 && strncasecmp(fs, "base64", 6) == 0) {
            uint32_t line = 0;
            for (uint32_t k = 0; k < v->len; k += 3) {
                uint32_t b = (uint32_t)d[k] << 16;
                if (k + 1 < v->len) b |= (uint32_t)d[k + 1] << 8;
                if (k + 2 < v->len) b |= d[k + 2];
                if (line >= 76) {
                    strbuf_putc(&r, '\n');
                    line = 0;
                }
                strbuf_putc(&r, b64[(b >> 18) & 63]);
                strbuf_putc(&r, b64[(b >> 12) & 63]);
                strbuf_putc(&r, k + 1 < v->len ? b64[(b >> 6) & 63] : '=');
                strbuf_putc(&r, k + 2 < v->len ? b64[b & 63] : '=');
                line += 4;
            }
        } else if (f->len == 6 && strncasecmp(fs, "escape", 6) == 0) {
            for (uint32_t k = 0; k < v->len; k++) {
                if (d[k] == '\\')
                    strbuf_puts(&r, "\\\\");
                else if (d[k] == 0 || d[k] >= 0x80)
                    strbuf_printf(&r, "\\%03o", d[k]);
                else
                    strbuf_putc(&r, (char)d[k]);
            }
        } else {
            strbuf_fini(&r);
            return bad_encoding(ctx, f);
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
    strbuf_fini(&r);
    return 0;
}

static int b64val(char c)
{
    const char *p = memchr(b64, c, 64);
    return p && c ? (int)(p - b64) : -1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int k_decode(KERNEL_ARGS)
{
    StrBuf r;
    strbuf_init(&r, NULL);
    int rc = 0;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row), *f = arg_str(args, 1, row);
        const char *s = strview_data(v), *fs = strview_data(f);
        strbuf_reset(&r);
        if (f->len == 3 && strncasecmp(fs, "hex", 3) == 0) {
            for (uint32_t k = 0; k < v->len;) {
                if (s[k] == ' ' || s[k] == '\n' || s[k] == '\t' || s[k] == '\r') {
                    k++;
                    continue;
                }
                int h = hexval(s[k]), l = k + 1 < v->len ? hexval(s[k + 1]) : -2;
                if (h < 0 || l == -1) {
                    rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                             "invalid hexadecimal digit: \"%c\"", h < 0 ? s[k] : s[k + 1]);
                    goto done;
                }
                if (l == -2) {
                    rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                             "invalid hexadecimal data: odd number of digits");
                    goto done;
                }
                strbuf_putc(&r, (char)(h * 16 + l));
                k += 2;
            }
        } else if (f->len == 6 && strncasecmp(fs, "base64", 6) == 0) {
            uint32_t acc = 0;
            int bits = 0;
            for (uint32_t k = 0; k < v->len; k++) {
                char c = s[k];
                if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '=') continue;
                int x = b64val(c);
                if (x < 0) {
                    rc = ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                             "invalid symbol \"%c\" found while decoding base64 sequence", c);
                    goto done;
                }
                acc = (acc << 6) | (uint32_t)x;
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    strbuf_putc(&r, (char)((acc >> bits) & 0xFF));
                }
            }
        } else if (f->len == 6 && strncasecmp(fs, "escape", 6) == 0) {
            for (uint32_t k = 0; k < v->len; k++) {
                if (s[k] != '\\') {
                    strbuf_putc(&r, s[k]);
                } else if (k + 1 < v->len && s[k + 1] == '\\') {
                    strbuf_putc(&r, '\\');
                    k++;
                } else if (k + 3 < v->len) {
                    strbuf_putc(&r, (char)((s[k + 1] - '0') * 64 + (s[k + 2] - '0') * 8 +
                                           (s[k + 3] - '0')));
                    k += 3;
                } else {
                    rc = ERR(ctx->err, SQLSTATE_INVALID_TEXT_REPRESENTATION,
                             "invalid input syntax for type bytea");
                    goto done;
                }
            }
        } else {
            rc = bad_encoding(ctx, f);
            goto done;
        }
        emit(out, row, r.data ? r.data : "", r.len);
    }
done:
    strbuf_fini(&r);
    return rc;
}

static int digest_rows(Vector **args, const uint16_t *sel, uint32_t count, Vector *out,
                       EvalCtx *ctx, const EVP_MD *md, bool as_text)
{
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        unsigned char dig[EVP_MAX_MD_SIZE];
        unsigned int dn = 0;
        if (EVP_Digest(strview_data(v), v->len, dig, &dn, md, NULL) != 1)
            return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "could not compute hash");
        if (as_text) {
            char hex[2 * EVP_MAX_MD_SIZE];
            for (unsigned k = 0; k < dn; k++) {
                hex[2 * k] = hexdig[dig[k] >> 4];
                hex[2 * k + 1] = hexdig[dig[k] & 15];
            }
            emit(out, row, hex, 2 * dn);
        } else {
            emit(out, row, (const char *)dig, dn);
        }
    }
    return 0;
}

static int k_md5_bytea(KERNEL_ARGS)
{
    return digest_rows(args, sel, count, out, ctx, EVP_md5(), true);
}

static int k_sha256(KERNEL_ARGS)
{
    return digest_rows(args, sel, count, out, ctx, EVP_sha256(), false);
}

/* bit_count(bytea): the set bits. */
static int k_bit_count(KERNEL_ARGS)
{
    int64_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        const StrView *v = arg_str(args, 0, row);
        const unsigned char *p = (const unsigned char *)strview_data(v);
        int64_t n = 0;
        for (uint32_t i = 0; i < v->len; i++) n += __builtin_popcount(p[i]);
        r[row] = n;
    }
    return 0;
}

static int k_gen_random_uuid(KERNEL_ARGS)
{
    OmUuid *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (RAND_bytes(r[row].b, 16) != 1)
            return ERR(ctx->err, SQLSTATE_INTERNAL_ERROR, "could not generate random values");
        r[row].b[6] = (uint8_t)((r[row].b[6] & 0x0F) | 0x40);
        r[row].b[8] = (uint8_t)((r[row].b[8] & 0x3F) | 0x80);
    }
    return 0;
}

static int k_get_byte(KERNEL_ARGS)
{
    int32_t *r = out->data;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *v = arg_str(args, 0, row);
        int32_t n = ARG(int32_t, 1, row);
        if (n < 0 || (uint32_t)n >= v->len)
            return ERR(ctx->err, "2202E", "index %d out of valid range, 0..%d", n, (int)v->len - 1);
        r[row] = (unsigned char)strview_data(v)[n];
    }
    return 0;
}

#define BY TYPE_BYTEA
#define TX TYPE_TEXT

const FuncDef func_bytes_defs[] = {
    FN("encode", 2, TX, k_encode, 18000, BY, TX),
    FN("decode", 2, BY, k_decode, 18001, TX, TX),
    FN("md5", 1, TX, k_md5_bytea, 18002, BY),
    FN("bit_count", 1, TYPE_INT8, k_bit_count, 6163, BY),
    FN("sha256", 1, BY, k_sha256, 18003, BY),
    FNF("gen_random_uuid", 0, TYPE_UUID, k_gen_random_uuid, 18004, FUNC_VOLATILE, 0),
    FN("get_byte", 2, TYPE_INT4, k_get_byte, 18005, BY, TYPE_INT4),
};
const int func_bytes_ndefs = sizeof(func_bytes_defs) / sizeof(func_bytes_defs[0]);
