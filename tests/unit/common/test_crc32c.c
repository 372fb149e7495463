/*
 * test_crc32c.c — CRC32C against published check vectors (RFC 3720 appendix B.4
 * and the "123456789" check value), incremental use, and agreement between the
 * hardware and portable paths at every length and alignment.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common/crc32c.h"

static void test_known_vectors(void **state)
{
    (void)state;
    uint8_t buf[48];
    assert_int_equal(crc32c("123456789", 9), 0xE3069283u);
    assert_int_equal(crc32c_update_portable(0, "123456789", 9), 0xE3069283u);
    assert_int_equal(crc32c("", 0), 0u);

    memset(buf, 0, 32);
    assert_int_equal(crc32c(buf, 32), 0x8A9136AAu);
    memset(buf, 0xFF, 32);
    assert_int_equal(crc32c(buf, 32), 0x62A8AB43u);
    for (int i = 0; i < 32; i++) buf[i] = (uint8_t)i;
    assert_int_equal(crc32c(buf, 32), 0x46DD794Eu);
    for (int i = 0; i < 32; i++) buf[i] = (uint8_t)(31 - i);
    assert_int_equal(crc32c(buf, 32), 0x113FDB5Cu);

    /* An iSCSI SCSI Read (10) command PDU, the last RFC 3720 example. */
    static const uint8_t iscsi[48] = {
        0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
        0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    };
    assert_int_equal(crc32c(iscsi, sizeof(iscsi)), 0xD9963A56u);
    assert_int_equal(crc32c_update_portable(0, iscsi, sizeof(iscsi)), 0xD9963A56u);
}

static void test_incremental_and_paths_agree(void **state)
{
    (void)state;
    uint8_t data[300];
    uint32_t seed = 12345;
    for (size_t i = 0; i < sizeof(data); i++) {
        seed = seed * 1103515245u + 12345u;
        data[i] = (uint8_t)(seed >> 16);
    }
    for (size_t off = 0; off < 9; off++) {
        for (size_t len = 0; len + off <= sizeof(data); len += 7) {
            uint32_t whole = crc32c(data + off, len);
            assert_int_equal(whole, crc32c_update_portable(0, data + off, len));
            for (size_t cut = 0; cut <= len; cut += 13) {
                uint32_t part = crc32c_update(0, data + off, cut);
                assert_int_equal(crc32c_update(part, data + off + cut, len - cut), whole);
            }
        }
    }
    print_message("crc32c: hardware path %s\n", crc32c_uses_hardware() ? "in use" : "absent");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_vectors),
        cmocka_unit_test(test_incremental_and_paths_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
