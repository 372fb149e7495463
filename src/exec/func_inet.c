/*
 * func_inet.c — operators, functions and casts of the network address types
 * inet and cidr (PostgreSQL 15's network.c, in our own code):
 *
 *   = <> < <= > >= (inet, inet)          network order (catalog/inet.h)
 *   << <<= >> >>= && (inet, inet)        containment and overlap
 *   ~ & | (bitwise), inet + int8, int8 + inet, inet - int8, inet - inet
 *   host, text, abbrev, masklen, family, network, netmask, hostmask,
 *   broadcast, set_masklen, inet_same_family, inet_merge
 *   casts inet -> text, cidr -> text (text(): always with /bits),
 *   inet -> cidr (host bits cleared), cidr -> inet (implicit)
 *   inet_client_addr(), inet_client_port() (this session's peer)
 *
 * cidr arguments reach the inet overloads through the implicit cast, as in
 * PostgreSQL. Results that are addresses are written in the stored form.
 */
#include <stdio.h>
#include <string.h>

#include "catalog/inet.h"
#include "catalog/session_settings.h"
#include "exec/func_int.h"
#include "exec/vector_ops.h"

static bool row_inet(Vector **args, int i, uint32_t row, InetValue *v)
{
    const StrView *s = arg_str(args, i, row);
    return inet_decode((const uint8_t *)strview_data(s), s->len, v);
}

static void put_inet(Vector *out, uint32_t row, const InetValue *v)
{
    uint8_t bytes[INET_MAX_BYTES];
    size_t n = inet_encode(v, bytes);
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] = vector_add_string(out, (const char *)bytes, (uint32_t)n);
}

static void put_text(Vector *out, uint32_t row, const StrBuf *sb)
{
    vector_set_valid(out, row);
    ((StrView *)out->data)[row] =
        vector_add_string(out, sb->data ? sb->data : "", (uint32_t)sb->len);
}

/* Reads the inet arguments of a row; false (and a NULL result) if one is not
 * a valid stored value, which only corrupted storage could produce. */
static bool read_args(Vector **args, int n, uint32_t row, InetValue *v, Vector *out, EvalCtx *ctx)
{
    for (int i = 0; i < n; i++) {
        if (!row_inet(args, i, row, &v[i])) {
            vector_set_null(out, row, ctx->arena);
            return false;
        }
    }
    return true;
}

static int k_cmp(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        int c = inet_value_cmp(arg_str(args, 0, row), arg_str(args, 1, row));
        ((uint8_t *)out->data)[row] = func_cmp_holds(op, c);
    }
    return 0;
}

/* a << b: a lies inside network b (strictly: a longer mask); <<= also
 * allows the same mask; >> and >>= the other way round; && overlap. */
static bool contained(const InetValue *a, const InetValue *b, bool or_equal)
{
    if (a->family != b->family) return false;
    if (or_equal ? a->bits < b->bits : a->bits <= b->bits) return false;
    return inet_prefix_equal(a->addr, b->addr, b->bits);
}

static int k_contain(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    InetValue v[2];
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 2, row, v, out, ctx)) continue;
        bool r;
        if (strcmp(op, "&&") == 0) {
            r = v[0].family == v[1].family &&
                inet_prefix_equal(v[0].addr, v[1].addr,
                                  v[0].bits < v[1].bits ? v[0].bits : v[1].bits);
        } else {
            bool or_equal = op[2] == '=';
            r = op[0] == '<' ? contained(&v[0], &v[1], or_equal)
                             : contained(&v[1], &v[0], or_equal);
        }
        ((uint8_t *)out->data)[row] = r;
    }
    return 0;
}

/* host(), text(), abbrev() of inet and of cidr: one kernel, the form chosen
 * by the function's name and argument type. */
static int k_format(KERNEL_ARGS)
{
    const FuncDef *def = call->u.func.def;
    bool cidr_arg = def->args[0] == TYPE_CIDR;
    StrBuf sb;
    strbuf_init(&sb, NULL);
    InetValue v;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 1, row, &v, out, ctx)) continue;
        strbuf_reset(&sb);
        if (strcmp(def->name, "host") == 0) {
            inet_format_host(&v, &sb);
        } else if (strcmp(def->name, "text") == 0) {
            inet_format_host(&v, &sb);
            strbuf_printf(&sb, "/%u", v.bits);
        } else if (cidr_arg) {
            inet_format_cidr_abbrev(&v, &sb);
        } else {
            inet_format(&v, false, &sb);
        }
        put_text(out, row, &sb);
    }
    strbuf_fini(&sb);
    return 0;
}

static int k_masklen_family(KERNEL_ARGS)
{
    bool family = strcmp(call->u.func.def->name, "family") == 0;
    InetValue v;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 1, row, &v, out, ctx)) continue;
        ((int32_t *)out->data)[row] = family ? v.family : v.bits;
    }
    return 0;
}

/* network() and the inet -> cidr cast clear the host bits; broadcast() sets
 * them; netmask() / hostmask() are the mask and its complement as a full-length
 * address. */
static int k_derive(KERNEL_ARGS)
{
    const char *name = call->u.func.def->name;
    InetValue v;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 1, row, &v, out, ctx)) continue;
        if (strcmp(name, "network") == 0 || strcmp(name, "cidr") == 0) {
            inet_mask_host_bits(&v, false);
        } else if (strcmp(name, "broadcast") == 0) {
            inet_mask_host_bits(&v, true);
        } else {
            bool host = strcmp(name, "hostmask") == 0;
            memset(v.addr, 0, sizeof(v.addr));
            inet_mask_host_bits(&v, true); /* ones right of the mask */
            if (!host)
                for (int i = 0; i < inet_addr_bytes(&v); i++) v.addr[i] = (uint8_t)~v.addr[i];
            v.bits = (uint8_t)inet_max_bits(&v);
        }
        put_inet(out, row, &v);
    }
    return 0;
}

static int k_relabel(KERNEL_ARGS)
{
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row)) continue;
        const StrView *s = arg_str(args, 0, row);
        ((StrView *)out->data)[row] = vector_add_string(out, strview_data(s), s->len);
    }
    return 0;
}

static int k_set_masklen(KERNEL_ARGS)
{
    bool cidr = call->u.func.def->ret == TYPE_CIDR;
    InetValue v;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 1, row, &v, out, ctx)) continue;
        int32_t bits = ARG(int32_t, 1, row);
        if (bits == -1) bits = inet_max_bits(&v);
        if (bits < 0 || bits > inet_max_bits(&v))
            return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE, "invalid mask length: %d",
                       ARG(int32_t, 1, row));
        v.bits = (uint8_t)bits;
        if (cidr) inet_mask_host_bits(&v, false);
        put_inet(out, row, &v);
    }
    return 0;
}

static int k_same_family(KERNEL_ARGS)
{
    InetValue v[2];
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 2, row, v, out, ctx)) continue;
        ((uint8_t *)out->data)[row] = v[0].family == v[1].family;
    }
    return 0;
}

/* inet_merge: the smallest network holding both. */
static int k_merge(KERNEL_ARGS)
{
    InetValue v[2];
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 2, row, v, out, ctx)) continue;
        if (v[0].family != v[1].family)
            return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "cannot merge addresses from different families");
        int bits = v[0].bits < v[1].bits ? v[0].bits : v[1].bits;
        int common = 0;
        while (common < bits && inet_prefix_equal(v[0].addr, v[1].addr, common + 1)) common++;
        v[0].bits = (uint8_t)common;
        inet_mask_host_bits(&v[0], false);
        put_inet(out, row, &v[0]);
    }
    return 0;
}

/* Adds a signed 64-bit number to the address as one big-endian integer;
 * false when the result leaves the address space. */
static bool add_to_address(InetValue *v, int64_t addend)
{
    int carry = 0;
    for (int i = inet_addr_bytes(v) - 1; i >= 0; i--) {
        carry = v->addr[i] + (int)(addend & 0xFF) + carry;
        v->addr[i] = (uint8_t)(carry & 0xFF);
        carry >>= 8;
        addend = (addend - (addend & 0xFF)) / 256; /* an arithmetic shift */
    }
    return (addend == 0 && carry == 0) || (addend == -1 && carry == 1);
}

static int k_plus_minus(KERNEL_ARGS)
{
    const FuncDef *def = call->u.func.def;
    bool minus = def->name[0] == '-';
    int inet_arg = def->args[0] == TYPE_INET ? 0 : 1;
    InetValue v;
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !row_inet(args, inet_arg, row, &v)) continue;
        int64_t n = ARG(int64_t, 1 - inet_arg, row);
        bool ok;
        if (minus) /* v - n as v + (-n), the edge case in two steps */
            ok = n == INT64_MIN ? add_to_address(&v, INT64_MAX) && add_to_address(&v, 1)
                                : add_to_address(&v, -n);
        else
            ok = add_to_address(&v, n);
        if (!ok)
            return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range");
        put_inet(out, row, &v);
    }
    return 0;
}

/* inet - inet: the difference of the addresses as int8. */
static int k_difference(KERNEL_ARGS)
{
    InetValue v[2];
    FOR_EACH_ROW(row)
    {
        if (!row_valid(out, row) || !read_args(args, 2, row, v, out, ctx)) continue;
        if (v[0].family != v[1].family)
            return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                       "cannot subtract inet values of different sizes");
        /* a - b = a + ~b + 1, byte by byte from the right */
        int nb = inet_addr_bytes(&v[0]);
        uint8_t diff[16];
        int carry = 1;
        for (int i = nb - 1; i >= 0; i--) {
            carry = v[0].addr[i] + (uint8_t)~v[1].addr[i] + carry;
            diff[i] = (uint8_t)(carry & 0xFF);
            carry >>= 8;
        }
        /* the result fits int64 when the bytes left of the low eight only
         * extend its sign */
        uint64_t res = 0;
        for (int i = nb - 1, k = 0; i >= 0 && k < 8; i--, k++) res |= (uint64_t)diff[i] << (8 * k);
        if (nb < 8 && carry == 0) res |= ~UINT64_C(0) << (8 * nb); /* a < b: sign-extend */
        uint8_t ext = (res >> 63) ? 0xFF : 0x00;
        for (int i = 0; i < nb - 8; i++)
            if (diff[i] != ext)
                return ERR(ctx->err, SQLSTATE_NUMERIC_VALUE_OUT_OF_RANGE, "result is out of range");
        ((int64_t *)out->data)[row] = (int64_t)res;
    }
    return 0;
}

static int k_bitwise(KERNEL_ARGS)
{
    const char *op = call->u.func.def->name;
    InetValue v[2];
    FOR_EACH_ROW(row)
    {
        int n = op[0] == '~' ? 1 : 2;
        if (!row_valid(out, row) || !read_args(args, n, row, v, out, ctx)) continue;
        int nb = inet_addr_bytes(&v[0]);
        if (n == 2) {
            if (v[0].family != v[1].family)
                return ERR(ctx->err, SQLSTATE_INVALID_PARAMETER_VALUE,
                           "cannot %s inet values of different sizes", op[0] == '&' ? "AND" : "OR");
            for (int i = 0; i < nb; i++)
                v[0].addr[i] =
                    op[0] == '&' ? (v[0].addr[i] & v[1].addr[i]) : (v[0].addr[i] | v[1].addr[i]);
            if (v[1].bits > v[0].bits) v[0].bits = v[1].bits;
        } else {
            for (int i = 0; i < nb; i++) v[0].addr[i] = (uint8_t)~v[0].addr[i];
        }
        put_inet(out, row, &v[0]);
    }
    return 0;
}

/* inet_client_addr() / inet_client_port(): this session's row of
 * pg_stat_activity (NULL over a Unix-domain socket, as in PostgreSQL). */
typedef struct OwnPeer {
    int32_t pid;
    bool found;
    char addr[64];
    int32_t port;
} OwnPeer;

static int find_own_peer(void *ectx, const SessionActivityRow *row)
{
    OwnPeer *p = ectx;
    if (row->pid != p->pid) return 0;
    p->found = row->client_addr != NULL && row->client_addr[0] && row->client_port >= 0;
    if (p->found) snprintf(p->addr, sizeof(p->addr), "%s", row->client_addr);
    p->port = row->client_port;
    return 1;
}

static int k_client_peer(KERNEL_ARGS)
{
    const SessionSettings *st = ctx->settings;
    OwnPeer p = {.pid = st ? st->backend_pid : 0};
    if (st && st->views.list_activity)
        st->views.list_activity(st->views.session, find_own_peer, &p);
    InetValue v;
    OmError ignore;
    bool addr = call->type.id == TYPE_INET;
    bool ok = p.found && (!addr || inet_parse(p.addr, strlen(p.addr), false, &v, &ignore) == 0);
    FOR_EACH_ROW(row)
    {
        if (!ok)
            vector_set_null(out, row, ctx->arena);
        else if (addr)
            put_inet(out, row, &v);
        else
            ((int32_t *)out->data)[row] = p.port;
    }
    return 0;
}

#define IN  TYPE_INET
#define CI  TYPE_CIDR
#define TX  TYPE_TEXT
#define I4  TYPE_INT4
#define I8  TYPE_INT8
#define BO  TYPE_BOOL
#define S   FUNC_STRICT
#define OP  (FUNC_STRICT | FUNC_IS_OPERATOR)
#define CA_ (FUNC_STRICT | FUNC_IS_CAST | FUNC_ASSIGN_CAST)
#define CI_ (FUNC_STRICT | FUNC_IS_CAST | FUNC_IMPLICIT_CAST)
const FuncDef func_inet_defs[] = {
    {"=", 2, {IN, IN}, BO, OP, k_cmp, 1201},
    {"<>", 2, {IN, IN}, BO, OP, k_cmp, 1202},
    {"<", 2, {IN, IN}, BO, OP, k_cmp, 1203},
    {"<=", 2, {IN, IN}, BO, OP, k_cmp, 1204},
    {">", 2, {IN, IN}, BO, OP, k_cmp, 1205},
    {">=", 2, {IN, IN}, BO, OP, k_cmp, 1206},
    {"<<", 2, {IN, IN}, BO, OP, k_contain, 931},
    {"<<=", 2, {IN, IN}, BO, OP, k_contain, 932},
    {">>", 2, {IN, IN}, BO, OP, k_contain, 933},
    {">>=", 2, {IN, IN}, BO, OP, k_contain, 934},
    {"&&", 2, {IN, IN}, BO, OP, k_contain, 3552},
    {"~", 1, {IN}, IN, OP, k_bitwise, 2634},
    {"&", 2, {IN, IN}, IN, OP, k_bitwise, 2635},
    {"|", 2, {IN, IN}, IN, OP, k_bitwise, 2636},
    {"+", 2, {IN, I8}, IN, OP, k_plus_minus, 2637},
    {"+", 2, {I8, IN}, IN, OP, k_plus_minus, 2638},
    {"-", 2, {IN, I8}, IN, OP, k_plus_minus, 2639},
    {"-", 2, {IN, IN}, I8, OP, k_difference, 2640},
    {"host", 1, {IN}, TX, S, k_format, 699},
    {"abbrev", 1, {IN}, TX, S, k_format, 598},
    {"abbrev", 1, {CI}, TX, S, k_format, 599},
    {"masklen", 1, {IN}, I4, S, k_masklen_family, 697},
    {"family", 1, {IN}, I4, S, k_masklen_family, 711},
    {"network", 1, {IN}, CI, S, k_derive, 683},
    {"netmask", 1, {IN}, IN, S, k_derive, 696},
    {"hostmask", 1, {IN}, IN, S, k_derive, 1362},
    {"broadcast", 1, {IN}, IN, S, k_derive, 698},
    {"set_masklen", 2, {IN, I4}, IN, S, k_set_masklen, 605},
    {"set_masklen", 2, {CI, I4}, CI, S, k_set_masklen, 635},
    {"inet_same_family", 2, {IN, IN}, BO, S, k_same_family, 4071},
    {"inet_merge", 2, {IN, IN}, CI, S, k_merge, 4063},
    /* text() and cidr() are functions too, besides the casts they implement */
    {"text", 1, {IN}, TX, S, k_format, 730},
    {"cidr", 1, {IN}, CI, S, k_derive, 1715},
    {"text", 1, {IN}, TX, CA_, k_format, 730},
    {"text", 1, {CI}, TX, CA_, k_format, 12300},
    {"cidr", 1, {IN}, CI, CA_, k_derive, 1715},
    {"inet", 1, {CI}, IN, CI_, k_relabel, 12301},
    {"inet_client_addr", 0, {0}, IN, FUNC_VOLATILE, k_client_peer, 2196},
    {"inet_client_port", 0, {0}, I4, FUNC_VOLATILE, k_client_peer, 2197},
};
const int func_inet_ndefs = sizeof(func_inet_defs) / sizeof(func_inet_defs[0]);
