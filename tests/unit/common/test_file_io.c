/*
 * test_file_io.c — the file layer: plain I/O, error mapping to SQLSTATEs, counters,
 * and every fault kind, armed through the API, through a spec string, and through
 * OMENDB_FAULT in a fresh process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/file_io.h"

static char g_dir[64];
static char g_path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/omendb-fileio-XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    snprintf(g_path, sizeof(g_path), "%s/data", g_dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    file_fault_clear();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static OmFile *open_rw(void)
{
    OmError err;
    error_clear(&err);
    OmFile *f = file_open(g_path, O_RDWR | O_CREAT, 0600, &err);
    assert_non_null(f);
    return f;
}

static void test_plain_io(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    OmFile *f = open_rw();
    assert_int_equal(file_write_all(f, "hello ", 6, &err), 0);
    assert_int_equal(file_write_all(f, "world", 5, &err), 0);
    assert_int_equal(file_pwrite_all(f, "W", 1, 6, &err), 0);
    char buf[32];
    size_t n;
    assert_int_equal(file_pread_all(f, buf, sizeof(buf), 0, &n, &err), 0);
    assert_int_equal(n, 11);
    assert_memory_equal(buf, "hello World", 11);
    uint64_t size;
    assert_int_equal(file_truncate(f, 5, &err), 0);
    assert_int_equal(file_size(f, &size, &err), 0);
    assert_int_equal(size, 5);

    FileStats before, after;
    file_stats_get(&before);
    assert_int_equal(file_datasync(f, &err), 0);
    assert_int_equal(file_sync(f, &err), 0);
    assert_int_equal(file_sync_dir(g_dir, &err), 0);
    file_stats_get(&after);
    assert_int_equal(after.n_fdatasync - before.n_fdatasync, 1);
    assert_int_equal(after.n_fsync - before.n_fsync, 1);
    assert_int_equal(after.n_dir_fsync - before.n_dir_fsync, 1);
    assert_int_equal(file_close(f, &err), 0);

    char other[160];
    snprintf(other, sizeof(other), "%s/renamed", g_dir);
    assert_int_equal(file_rename(g_path, other, &err), 0);
    assert_int_equal(file_unlink(other, &err), 0);
    assert_false(err.is_set);

    assert_null(file_open(g_path, O_RDONLY, 0, &err));
    assert_true(file_is_enoent(&err));
    assert_non_null(strstr(err.message, g_path));
}

static void test_fsync_fail_nth(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    OmFile *f = open_rw();
    FileFault fault;
    file_fault_init(&fault, FILE_FAULT_FSYNC_FAIL);
    fault.nth = 3;
    assert_int_equal(file_fault_arm(&fault, &err), 0);
    assert_int_equal(file_datasync(f, &err), 0);
    assert_int_equal(file_sync(f, &err), 0);
    assert_int_equal(file_datasync(f, &err), -1);
    assert_string_equal(err.sqlstate, "58030");
    assert_non_null(strstr(err.message, "could not fsync file"));
    assert_non_null(strstr(err.message, "Input/output error"));
    error_clear(&err);
    assert_int_equal(file_datasync(f, &err), 0); /* times = 1: the next one passes */
    file_fault_clear();
    file_close(f, &err);
}

static void test_write_faults(void **state)
{
    (void)state;
    OmError err;
    error_clear(&err);
    OmFile *f = open_rw();
    uint8_t data[100];
    memset(data, 'x', sizeof(data));

    /* Path filter: a fault on another file never fires here. */
    assert_int_equal(file_fault_arm_spec("enospc:1,path=/nowhere/", &err), 0);
    assert_int_equal(file_pwrite_all(f, data, 10, 0, &err), 0);
    file_fault_clear();

    /* Disk full from offset 50 on, until cleared; short writes keep the prefix. */
    assert_int_equal(file_fault_arm_spec("short_write:1,times=0,offset=50", &err), 0);
    assert_int_equal(file_pwrite_all(f, data, 40, 0, &err), 0);
    assert_int_equal(file_pwrite_all(f, data, 40, 40, &err), -1);
    assert_string_equal(err.sqlstate, "53100");
    assert_non_null(strstr(err.message, "No space left on device"));
    uint64_t size;
    assert_int_equal(file_size(f, &size, &err), 0);
    assert_int_equal(size, 50);
    error_clear(&err);
    /* A write that stays below the offset is not affected (the position is still 0). */
    assert_int_equal(file_write_all(f, data, 5, &err), 0);
    file_fault_clear();
    error_clear(&err);
    assert_int_equal(file_pwrite_all(f, data, 40, 40, &err), 0);

    /* enospc writes nothing; write_eio is a 58030. */
    assert_int_equal(file_fault_arm_spec("enospc:2;write_eio:1,path=data", &err), 0);
    assert_int_equal(file_pwrite_all(f, data, 1, 200, &err), -1);
    assert_string_equal(err.sqlstate, "58030");
    error_clear(&err);
    assert_int_equal(file_pwrite_all(f, data, 1, 300, &err), -1);
    assert_string_equal(err.sqlstate, "53100");
    assert_int_equal(file_size(f, &size, &err), 0);
    assert_int_equal(size, 80);
    file_fault_clear();
    file_close(f, &err);
}

static void test_bad_specs(void **state)
{
    (void)state;
    const char *bad[] = {"fsync_fial:1",   "fsync_fail:0",      "fsync_fail:x",
                         "enospc:1,times", "enospc:1,colour=3", "enospc:1,offset=-4"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        OmError err;
        error_clear(&err);
        assert_int_equal(file_fault_arm_spec(bad[i], &err), -1);
        assert_string_equal(err.sqlstate, "22023");
    }
    file_fault_clear();
}

/* In a child process started with OMENDB_FAULT="fsync_fail:2": the second sync fails. */
static int env_child(void)
{
    OmError err;
    error_clear(&err);
    OmFile *f = file_open(g_path, O_RDWR | O_CREAT, 0600, &err);
    if (!f) return 10;
    int rc = 0;
    if (file_datasync(f, &err) != 0)
        rc = 11;
    else if (file_datasync(f, &err) == 0)
        rc = 12;
    else if (strcmp(err.sqlstate, "58030") != 0)
        rc = 13;
    file_close(f, &err);
    return rc;
}

static void test_env_variable(void **state)
{
    (void)state;
    pid_t pid = fork();
    if (pid == 0) {
        setenv("OMENDB_FAULT", "fsync_fail:2", 1);
        execl("/proc/self/exe", "test_file_io", "--env-child", g_path, (char *)NULL);
        _exit(99);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--env-child") == 0) {
        snprintf(g_path, sizeof(g_path), "%s", argv[2]);
        return env_child();
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_io, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fsync_fail_nth, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_faults, setup, teardown),
        cmocka_unit_test(test_bad_specs),
        cmocka_unit_test_setup_teardown(test_env_variable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
