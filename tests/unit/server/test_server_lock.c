/*
 * test_server_lock.c — one data directory, one server: the lock is exclusive,
 * names the holder's pid, creates missing directories, and is released.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "server/server.h"

static char g_dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof(g_dir), "/tmp/omendb-lock-test-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_exclusive(void **state)
{
    (void)state;
    char err[512];
    int fd = server_datadir_lock(g_dir, err, sizeof(err));
    assert_true(fd >= 0);

    /* Another process cannot take it, and learns our pid. */
    pid_t child = fork();
    if (child == 0) {
        char msg[512];
        int fd2 = server_datadir_lock(g_dir, msg, sizeof(msg));
        char want[64];
        snprintf(want, sizeof(want), "(pid %d)", (int)getppid());
        _exit(fd2 < 0 && strstr(msg, "is in use by another server") && strstr(msg, want) ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);

    /* Within the process, too: flock() is per open file. */
    assert_int_equal(server_datadir_lock(g_dir, err, sizeof(err)), -1);

    server_datadir_unlock(fd);
    fd = server_datadir_lock(g_dir, err, sizeof(err));
    assert_true(fd >= 0);
    server_datadir_unlock(fd);
}

static void test_creates_directories(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/a/b/c", g_dir);
    char err[512];
    int fd = server_datadir_lock(path, err, sizeof(err));
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0700);
    server_datadir_unlock(fd);
}

static void test_not_a_directory(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "%s/file", g_dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    char err[512];
    assert_int_equal(server_datadir_lock(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "could not create data directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exclusive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_creates_directories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_directory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
