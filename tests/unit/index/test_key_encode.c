/*
 * test_key_encode.c — the byte encodings preserve order (memcmp of encodings agrees
 * with comparison of values, for single values and composites) and round-trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "index_test_util.h"

static int memcmp_len(const uint8_t *a, size_t la, const uint8_t *b, size_t lb)
{
    size_t m = la < lb ? la : lb;
    int c = memcmp(a, b, m);
    if (c != 0) return c < 0 ? -1 : 1;
    return (la > lb) - (la < lb);
}

static int sign(int64_t v)
{
    return (v > 0) - (v < 0);
}

static void test_ints(void **state)
{
    Rng r = {5};
    int64_t special[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX};
    for (int i = 0; i < 200000; i++) {
        int64_t a = i < 49 ? special[i % 7] : (int64_t)rng_next(&r);
        int64_t b = i < 49 ? special[i / 7]
                           : (i & 1 ? a + (int64_t)(rng_next(&r) % 3) - 1 : (int64_t)rng_next(&r));
        uint8_t ea[8], eb[8];
        assert_int_equal(key_encode_int64(a, ea, 8), 8);
        key_encode_int64(b, eb, 8);
        assert_int_equal(memcmp_len(ea, 8, eb, 8), sign((a > b) - (a < b)));
        assert_int_equal(key_decode_int64(ea), a);
        int32_t a32 = (int32_t)a, b32 = (int32_t)b;
        key_encode_int32(a32, ea, 4);
        key_encode_int32(b32, eb, 4);
        assert_int_equal(memcmp_len(ea, 4, eb, 4), (a32 > b32) - (a32 < b32));
        assert_int_equal(key_decode_int32(ea), a32);
        int16_t a16 = (int16_t)a, b16 = (int16_t)b;
        key_encode_int16(a16, ea, 2);
        key_encode_int16(b16, eb, 2);
        assert_int_equal(memcmp_len(ea, 2, eb, 2), (a16 > b16) - (a16 < b16));
        assert_int_equal(key_decode_int16(ea), a16);
    }
    uint8_t small[4];
    assert_int_equal(key_encode_int64(5, small, 4), 8); /* too small: size returned */
}

static int dcmp(double a, double b)
{
    /* PostgreSQL order: NaN above everything, NaN == NaN, -0 == +0 */
    if (isnan(a) || isnan(b)) return isnan(a) - isnan(b);
    return (a > b) - (a < b);
}

static void test_doubles(void **state)
{
    double special[] = {-INFINITY, -1e308, -1.0,  -5e-324,  -0.0, 0.0,
                        5e-324,    1.0,    1e308, INFINITY, NAN,  -NAN};
    int ns = (int)(sizeof special / sizeof special[0]);
    Rng r = {6};
    for (int i = 0; i < 200000; i++) {
        double a, b;
        if (i < ns * ns) {
            a = special[i % ns];
            b = special[i / ns];
        } else {
            a = rng_normal(&r) * pow(10, (double)(rng_next(&r) % 40) - 20);
            b = i & 1 ? -a : rng_normal(&r) * 1e3;
        }
        uint8_t ea[8], eb[8];
        key_encode_double(a, ea, 8);
        key_encode_double(b, eb, 8);
        assert_int_equal(memcmp_len(ea, 8, eb, 8), dcmp(a, b));
        double back = key_decode_double(ea);
        if (isnan(a))
            assert_true(isnan(back));
        else
            assert_true(back == a);
        assert_int_equal(alex_key_to_double(alex_double_to_key(a)) == a || isnan(a), 1);
        if (!isnan(a) && !isnan(b))
            assert_int_equal(sign((alex_double_to_key(a) > alex_double_to_key(b)) -
                                  (alex_double_to_key(a) < alex_double_to_key(b))),
                             dcmp(a, b));
    }
}

static void test_text_and_composite(void **state)
{
    const char *words[] = {"", "a", "a\0", "a\0b", "ab", "abc", "b", "\xff", "\xff\xff", "a\0\0"};
    size_t lens[] = {0, 1, 2, 3, 2, 3, 1, 1, 2, 3};
    int n = 10;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            for (int64_t x = -1; x <= 1; x++) {
                uint8_t ea[64], eb[64];
                KeyBuilder ka, kb;
                key_builder_init(&ka, ea, sizeof ea);
                key_builder_init(&kb, eb, sizeof eb);
                key_builder_text(&ka, words[i], lens[i]);
                key_builder_int64(&ka, x);
                key_builder_text(&kb, words[j], lens[j]);
                key_builder_int64(&kb, 0);
                int c = memcmp_len((const uint8_t *)words[i], lens[i], (const uint8_t *)words[j],
                                   lens[j]);
                int expect = c != 0 ? c : sign(x);
                assert_int_equal(memcmp_len(ea, ka.len, eb, kb.len), expect);
                char out[16];
                size_t out_len = 0;
                size_t used = key_decode_text(ea, ka.len, out, sizeof out, &out_len);
                assert_int_equal(used, ka.len - 8);
                assert_int_equal(out_len, lens[i]);
                assert_memory_equal(out, words[i], lens[i]);
            }
        }
    }
    uint8_t tiny[3];
    KeyBuilder kb;
    key_builder_init(&kb, tiny, sizeof tiny);
    key_builder_text(&kb, "abcdef", 6);
    key_builder_int32(&kb, 1);
    assert_true(kb.overflow);
    assert_int_equal(kb.len, 8 + 4);
    size_t out_len;
    char out[4];
    uint8_t bad[] = {'a', 0, 7};
    assert_int_equal(key_decode_text(bad, sizeof bad, out, sizeof out, &out_len), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ints),
        cmocka_unit_test(test_doubles),
        cmocka_unit_test(test_text_and_composite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
