/*
 * crc32c.h — CRC32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of
 * every WAL record and segment header.
 *
 * Convention: crc32c(data) = crc32c_update(0, data). The initial inversion and the
 * final inversion are applied inside crc32c_update, so a checksum of a message in
 * pieces is crc32c_update(crc32c_update(0, a), b) == crc32c(a || b).
 * The check value of the ASCII string "123456789" is 0xE3069283.
 *
 * On x86-64 CPUs with SSE4.2 the crc32 instruction is used (chosen once at run
 * time); elsewhere a table-driven loop gives the same answers. Thread-safe.
 */
#ifndef OMENDB_COMMON_CRC32C_H
#define OMENDB_COMMON_CRC32C_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Continues a checksum: crc is a previous result (0 to start). */
uint32_t crc32c_update(uint32_t crc, const void *data, size_t len);
/* Checksum of one buffer. */
uint32_t crc32c(const void *data, size_t len);

/* The portable implementation, always available (tests compare the two). */
uint32_t crc32c_update_portable(uint32_t crc, const void *data, size_t len);
/* True when crc32c_update uses the SSE4.2 instruction. */
bool crc32c_uses_hardware(void);

#endif
