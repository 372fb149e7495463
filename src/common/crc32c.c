/*
 * crc32c.c — CRC32C with a run-time choice between the SSE4.2 crc32 instruction
 * and a slicing-by-8 table loop (see crc32c.h for the convention).
 *
 * The tables are computed from the polynomial on first use (pthread_once), so no
 * magic constants beyond the polynomial live in the source. The hardware path
 * consumes 8 bytes per instruction after aligning the pointer; both paths work on
 * the inverted register and invert on entry and exit.
 */
#include "common/crc32c.h"

#include <pthread.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CRC32C_HAVE_SSE42 1
#include <nmmintrin.h>
#else
#define CRC32C_HAVE_SSE42 0
#endif

#define CRC32C_POLY_REFLECTED 0x82F63B78u

static uint32_t g_table[8][256];
static pthread_once_t g_init_once = PTHREAD_ONCE_INIT;
static bool g_use_hw;

static void init_tables(void)
{
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 1) ? (crc >> 1) ^ CRC32C_POLY_REFLECTED : crc >> 1;
        g_table[0][byte] = crc;
    }
    /* g_table[k][b] is the effect of byte b followed by k zero bytes. */
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = g_table[0][byte];
        for (int k = 1; k < 8; k++) {
            crc = (crc >> 8) ^ g_table[0][crc & 0xFF];
            g_table[k][byte] = crc;
        }
    }
#if CRC32C_HAVE_SSE42
    __builtin_cpu_init();
    g_use_hw = __builtin_cpu_supports("sse4.2");
#else
    g_use_hw = false;
#endif
}

static uint32_t update_table(uint32_t crc, const uint8_t *p, size_t len)
{
    while (len > 0 && ((uintptr_t)p & 7) != 0) {
        crc = (crc >> 8) ^ g_table[0][(crc ^ *p++) & 0xFF];
        len--;
    }
    while (len >= 8) {
        /* Little-endian load of two words; the layout is defined for LE hosts only,
         * so big-endian hosts take the byte loop below. */
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + 4, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        lo ^= crc;
        crc = g_table[7][lo & 0xFF] ^ g_table[6][(lo >> 8) & 0xFF] ^ g_table[5][(lo >> 16) & 0xFF] ^
              g_table[4][lo >> 24] ^ g_table[3][hi & 0xFF] ^ g_table[2][(hi >> 8) & 0xFF] ^
              g_table[1][(hi >> 16) & 0xFF] ^ g_table[0][hi >> 24];
        p += 8;
        len -= 8;
#else
        (void)lo;
        (void)hi;
        break;
#endif
    }
    while (len-- > 0) crc = (crc >> 8) ^ g_table[0][(crc ^ *p++) & 0xFF];
    return crc;
}

#if CRC32C_HAVE_SSE42
__attribute__((target("sse4.2"))) static uint32_t update_hw(uint32_t crc, const uint8_t *p,
                                                            size_t len)
{
    while (len > 0 && ((uintptr_t)p & 7) != 0) {
        crc = _mm_crc32_u8(crc, *p++);
        len--;
    }
    uint64_t crc64 = crc;
    while (len >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc64 = _mm_crc32_u64(crc64, word);
        p += 8;
        len -= 8;
    }
    crc = (uint32_t)crc64;
    while (len-- > 0) crc = _mm_crc32_u8(crc, *p++);
    return crc;
}
#endif

uint32_t crc32c_update_portable(uint32_t crc, const void *data, size_t len)
{
    pthread_once(&g_init_once, init_tables);
    return ~update_table(~crc, data, len);
}

uint32_t crc32c_update(uint32_t crc, const void *data, size_t len)
{
    pthread_once(&g_init_once, init_tables);
#if CRC32C_HAVE_SSE42
    if (g_use_hw) return ~update_hw(~crc, data, len);
#endif
    return ~update_table(~crc, data, len);
}

uint32_t crc32c(const void *data, size_t len)
{
    return crc32c_update(0, data, len);
}

bool crc32c_uses_hardware(void)
{
    pthread_once(&g_init_once, init_tables);
    return g_use_hw;
}
