/*
 * test_wal_manifest.c — the checkpoint manifest: a round trip, "no manifest",
 * every kind of damage (a changed byte anywhere, truncation at every length,
 * trailing bytes) refused with XX001 naming the file, and the check of named
 * files (missing, wrong size, wrong checksum).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/crc32c.h"
#include "wal/wal_manifest.h"

static char dir[] = "/tmp/omendb_manifest_XXXXXX";

static void write_bytes(const char *name, const void *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static size_t read_bytes(const char *name, char *buf, size_t cap)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void test_manifest(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    OmError err;
    error_clear(&err);
    WalManifest m, got;
    assert_int_equal(wal_manifest_read(dir, &got, &err), 0); /* none yet */

    WalManifestFile files[2] = {{16384, "0000000000000002/t16384.parquet", 1234, 0xDEADBEEF, 77},
                                {16390, "0000000000000002/t16390.parquet", 0, 0, 0}};
    memset(&m, 0, sizeof(m));
    m.seq = 2;
    m.lsn = 0x123456789ABCull;
    m.next_oid = 16400;
    m.catalog = (WalManifestFile){0, "0000000000000002/catalog.bin", 5, 0x01020304, 0};
    m.nfiles = 2;
    m.files = files;
    assert_int_equal(wal_manifest_write(dir, &m, NULL, &err), 0);
    assert_int_equal(wal_manifest_read(dir, &got, &err), 1);
    assert_int_equal(got.seq, 2);
    assert_int_equal(got.lsn, m.lsn);
    assert_int_equal(got.next_oid, 16400);
    assert_string_equal(got.catalog.name, m.catalog.name);
    assert_int_equal(got.catalog.crc, 0x01020304);
    assert_int_equal(got.nfiles, 2);
    assert_int_equal(got.files[0].oid, 16384);
    assert_string_equal(got.files[0].name, files[0].name);
    assert_int_equal(got.files[0].size, 1234);
    assert_int_equal(got.files[0].crc, 0xDEADBEEF);
    assert_int_equal(got.files[0].rows, 77);
    wal_manifest_fini(&got);

    char good[4096], bad[4096];
    size_t len = read_bytes(WAL_MANIFEST_NAME, good, sizeof(good));
    for (size_t i = 0; i < len; i++) { /* any changed byte */
        memcpy(bad, good, len);
        bad[i] ^= 0x04;
        write_bytes(WAL_MANIFEST_NAME, bad, len);
        error_clear(&err);
        assert_int_equal(wal_manifest_read(dir, &got, &err), -1);
        assert_string_equal(err.sqlstate, "XX001");
        assert_non_null(strstr(err.message, "MANIFEST"));
    }
    for (size_t cut = 0; cut < len; cut++) { /* every truncation */
        write_bytes(WAL_MANIFEST_NAME, good, cut);
        error_clear(&err);
        assert_int_equal(wal_manifest_read(dir, &got, &err), -1);
        assert_string_equal(err.sqlstate, "XX001");
    }
    memcpy(bad, good, len);
    memcpy(bad + len, "x\n", 2);
    write_bytes(WAL_MANIFEST_NAME, bad, len + 2);
    assert_int_equal(wal_manifest_read(dir, &got, &err), -1);

    /* named files: right, missing, wrong size, wrong checksum */
    error_clear(&err);
    write_bytes("data.bin", "hello", 5);
    WalManifestFile f = {1, "data.bin", 5, crc32c("hello", 5), 0};
    assert_int_equal(wal_manifest_verify(dir, &f, &err), 0);
    f.size = 6;
    error_clear(&err);
    assert_int_equal(wal_manifest_verify(dir, &f, &err), -1);
    assert_non_null(strstr(err.message, "wrong size"));
    f.size = 5;
    f.crc ^= 1;
    error_clear(&err);
    assert_int_equal(wal_manifest_verify(dir, &f, &err), -1);
    assert_non_null(strstr(err.message, "checksum"));
    snprintf(f.name, sizeof(f.name), "absent.bin");
    error_clear(&err);
    assert_int_equal(wal_manifest_verify(dir, &f, &err), -1);
    assert_string_equal(err.sqlstate, "XX001");
    assert_non_null(strstr(err.message, "absent.bin\" is missing"));
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
