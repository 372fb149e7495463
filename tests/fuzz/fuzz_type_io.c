/*
 * fuzz_type_io.c — libFuzzer harness for the decoders of values a client sends:
 * text input of every type (type_text_in: literals, text parameters, COPY
 * fields, casts from text) and binary input of parameters (wire_binary_in).
 *
 * Input: byte 0 picks the type (with a typmod for some: numeric(10,2),
 * varchar(5), char(3), timestamp(2), interval(0)); byte 1 picks the path (bit 0:
 * binary, else text) and, for text, the session's DateStyle (bits 1-2), date
 * order (bits 3-4) and time zone (bit 5: UTC or Europe/Berlin); the rest is the
 * value.
 *
 * Besides surviving any bytes, a value that parses must come back the same:
 *   text:   out(in(x)) parsed again prints the same (with DateStyle ISO, which
 *           PostgreSQL's output always re-reads in any date order);
 *   binary: the binary form of the decoded value decodes to the same binary
 *           form, and its text output parses.
 * A difference aborts with both forms printed: the server would store one value
 * and give a client another.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/session_settings.h"
#include "catalog/type_io.h"
#include "common/arena.h"
#include "common/tz_zone.h"
#include "wire/wire_binary.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NUMERIC_TYPMOD(p, s) ((((p) << 16) | (s)) + 4)

static const OmType g_types[] = {
    {TYPE_BOOL, TYPMOD_NONE},
    {TYPE_INT2, TYPMOD_NONE},
    {TYPE_INT4, TYPMOD_NONE},
    {TYPE_INT8, TYPMOD_NONE},
    {TYPE_FLOAT4, TYPMOD_NONE},
    {TYPE_FLOAT8, TYPMOD_NONE},
    {TYPE_NUMERIC, TYPMOD_NONE},
    {TYPE_NUMERIC, NUMERIC_TYPMOD(10, 2)},
    {TYPE_TEXT, TYPMOD_NONE},
    {TYPE_VARCHAR, 5 + 4},
    {TYPE_BPCHAR, 3 + 4},
    {TYPE_BYTEA, TYPMOD_NONE},
    {TYPE_DATE, TYPMOD_NONE},
    {TYPE_TIME, TYPMOD_NONE},
    {TYPE_TIMESTAMP, TYPMOD_NONE},
    {TYPE_TIMESTAMP, 2},
    {TYPE_TIMESTAMPTZ, TYPMOD_NONE},
    {TYPE_INTERVAL, TYPMOD_NONE},
    {TYPE_INTERVAL, 0x7FFF0000},
    {TYPE_UUID, TYPMOD_NONE},
    {TYPE_NAME, TYPMOD_NONE},
    {TYPE_OID, TYPMOD_NONE},
    {TYPE_CHAR, TYPMOD_NONE},
};
#define N_TYPES (sizeof(g_types) / sizeof(g_types[0]))

static Arena *g_arena;
static const TzZone *g_berlin;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_arena = arena_create(NULL, "fuzz_type_io");
    g_berlin = tz_zone_load("Europe/Berlin"); /* NULL without tzdata: UTC only */
    return 0;
}

static void mismatch(const char *what, OmType t, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_type_io: %s of type %d (typmod %d) differs:\n  %s\n  %s\n", what,
            (int)t.id, (int)t.typmod, a, b);
    abort();
}

/* Text: in, out, in again, out again; the two outputs must agree. */
static void text_round_trip(OmType t, const char *text, size_t len, const SessionSettings *set)
{
    Value v;
    memset(&v, 0, sizeof(v));
    v.type = t;
    OmError err;
    error_clear(&err);
    if (type_text_in(t, text, len, set, g_arena, &v.u, &err) != 0) return;
    StrBuf out1, out2;
    strbuf_init(&out1, NULL);
    strbuf_init(&out2, NULL);
    type_text_out(t, &v.u, set, &out1);
    /* As in PostgreSQL, time '23:59:60.5' (a leap second) is read as
     * 24:00:00.5, which neither reads back. */
    bool past_midnight = t.id == TYPE_TIME && v.u.i64 > (int64_t)86400000000;
    if (set->datestyle == DATESTYLE_ISO && !past_midnight) {
        Value w;
        memset(&w, 0, sizeof(w));
        w.type = t;
        error_clear(&err);
        if (type_text_in(t, out1.data, out1.len, set, g_arena, &w.u, &err) != 0)
            mismatch("text output that does not parse", t, out1.data, err.message);
        type_text_out(t, &w.u, set, &out2);
        if (out1.len != out2.len || memcmp(out1.data, out2.data, out1.len) != 0)
            mismatch("text round trip", t, out1.data, out2.data);
    }
    strbuf_fini(&out1);
    strbuf_fini(&out2);
}

/* Binary: in, out, in again, out again; the two binary forms must agree. */
static void binary_round_trip(OmType t, const char *data, size_t len, const SessionSettings *set)
{
    if (!wire_binary_supported(t.id)) return;
    Value v;
    OmError err;
    error_clear(&err);
    if (wire_binary_in(t, data, len, set, g_arena, &v, &err) != 0) return;
    StrBuf b1, b2, txt;
    strbuf_init(&b1, NULL);
    strbuf_init(&b2, NULL);
    strbuf_init(&txt, NULL);
    wire_binary_out(t, value_payload(&v), &b1);
    Value w;
    error_clear(&err);
    if (wire_binary_in(t, b1.data, b1.len, set, g_arena, &w, &err) != 0)
        mismatch("binary output that does not decode", t, "(binary)", err.message);
    wire_binary_out(t, value_payload(&w), &b2);
    if (b1.len != b2.len || memcmp(b1.data, b2.data, b1.len) != 0)
        mismatch("binary round trip", t, "(first binary form)", "(second binary form)");
    type_text_out(t, value_payload(&v), set, &txt);
    Value x;
    memset(&x, 0, sizeof(x));
    error_clear(&err);
    /* As in PostgreSQL 15, an interval whose time is the least int64 (its
     * output "-2562047788:00:54.775808") does not read back: the time field's
     * magnitude is read before its sign and overflows. */
    bool least_time = t.id == TYPE_INTERVAL && v.u.iv.micros == INT64_MIN;
    if (type_text_in(t, txt.data, txt.len, set, g_arena, &x.u, &err) != 0 && !least_time)
        mismatch("text output of a binary value that does not parse", t, txt.data, err.message);
    strbuf_fini(&b1);
    strbuf_fini(&b2);
    strbuf_fini(&txt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    OmType t = g_types[data[0] % N_TYPES];
    uint8_t mode = data[1];
    const char *value = (const char *)data + 2;
    size_t len = size - 2;
    SessionSettings set;
    session_settings_defaults(&set);
    if (mode & 1) {
        binary_round_trip(t, value, len, &set);
    } else {
        set.datestyle = (DateStyleOut)((mode >> 1) & 3);
        set.dateorder = (DateOrder)(((mode >> 3) & 3) % 3);
        if ((mode & 0x20) && g_berlin) {
            set.tz_zone = g_berlin;
            snprintf(set.timezone, sizeof(set.timezone), "Europe/Berlin");
        }
        text_round_trip(t, value, len, &set);
    }
    arena_reset(g_arena);
    return 0;
}
