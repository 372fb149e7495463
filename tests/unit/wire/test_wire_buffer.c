/*
 * test_wire_buffer.c — framing and limits of WireIo over a socketpair: whole,
 * pipelined and large messages, bad lengths rejected from the header alone,
 * end of file between and inside messages, startup packets, and flush.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "wire/wire_int.h"

typedef struct Pair {
    int client; /* the test writes here */
    WireIo io;  /* reads the server end */
} Pair;

static int setup(void **state)
{
    Pair *p = calloc(1, sizeof(*p));
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return -1;
    p->client = sv[0];
    wire_io_init(&p->io, sv[1], 1024);
    *state = p;
    return 0;
}

static int teardown(void **state)
{
    Pair *p = *state;
    if (p->client >= 0) close(p->client);
    close(p->io.fd);
    wire_io_fini(&p->io);
    free(p);
    return 0;
}

static void send_all(int fd, const void *data, size_t len)
{
    const char *c = data;
    while (len) {
        ssize_t n = write(fd, c, len);
        assert_true(n > 0);
        c += n;
        len -= (size_t)n;
    }
}

static void close_client(Pair *p)
{
    close(p->client);
    p->client = -1;
}

static void test_one_message(void **state)
{
    Pair *p = *state;
    send_all(p->client, "Q\0\0\0\x0dselect 1\0", 14);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_OK);
    assert_int_equal(msg.type, 'Q');
    assert_int_equal(msg.len, 9);
    assert_memory_equal(msg.body, "select 1", 9);
    assert_false(wire_io_has_input(&p->io));
}

static void test_pipelined_and_eof(void **state)
{
    Pair *p = *state;
    send_all(p->client, "S\0\0\0\x04H\0\0\0\x04X\0\0\0\x04", 15);
    close_client(p);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    const char want[] = "SHX";
    for (int i = 0; i < 3; i++) {
        assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_OK);
        assert_int_equal(msg.type, want[i]);
        assert_int_equal(msg.len, 0);
    }
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_EOF);
    assert_false(err.is_set);
}

/* Sends a 5-byte message header alone: it must be refused from the header. */
static void expect_length_refused(Pair *p, const char *hdr)
{
    send_all(p->client, hdr, 5);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_ERROR);
    assert_string_equal(err.sqlstate, "08P01");
    assert_string_equal(err.message, "invalid message length");
}

static void test_length_below_four(void **state)
{
    expect_length_refused(*state, "Q\0\0\0\x03");
}

static void test_oversized_rejected_from_header(void **state)
{
    Pair *p = *state;
    /* Declares 1 GiB; only the header is sent. The limit is 1024 bytes. */
    expect_length_refused(p, "Q\x40\0\0\0");
    assert_true(p->io.in_cap < 1 << 20);
}

/* A valid but large declared length is not allocated before its bytes come:
 * the buffer follows what has arrived (64 MiB declared, 100 bytes sent). */
static void test_declared_length_not_allocated_up_front(void **state)
{
    Pair *p = *state;
    p->io.max_message_size = WIRE_MAX_MESSAGE_DEFAULT;
    char buf[5 + 100];
    memset(buf, 'a', sizeof(buf));
    buf[0] = 'Q';
    buf[1] = 0x04; /* 4 + 64 MiB - 4 */
    buf[2] = 0;
    buf[3] = 0;
    buf[4] = 0;
    send_all(p->client, buf, sizeof(buf));
    close_client(p);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_ERROR);
    assert_string_equal(err.message, "incomplete message from client");
    assert_true(p->io.in_cap <= (size_t)64 << 10);
}

/* Messages without data (Sync, Describe, Execute, CopyDone, unknown types...)
 * are limited to WIRE_MAX_SMALL_MESSAGE whatever max_message_size says, as
 * PostgreSQL's PQ_SMALL_MESSAGE_LIMIT; Query, Parse, Bind, CopyData are not. */
static void test_small_message_limit(void **state)
{
    Pair *p = *state;
    p->io.max_message_size = WIRE_MAX_MESSAGE_DEFAULT;
    assert_int_equal(wire_message_limit(&p->io, 'S'), WIRE_MAX_SMALL_MESSAGE);
    assert_int_equal(wire_message_limit(&p->io, 'z'), WIRE_MAX_SMALL_MESSAGE);
    assert_int_equal(wire_message_limit(&p->io, 'd'), WIRE_MAX_MESSAGE_DEFAULT);
    assert_int_equal(wire_message_limit(&p->io, 'B'), WIRE_MAX_MESSAGE_DEFAULT);
    /* 'E' of 10001 body bytes: refused from the header */
    expect_length_refused(p, "E\0\0\x27\x15");
    /* a lower max_message_size wins */
    p->io.max_message_size = 16;
    assert_int_equal(wire_message_limit(&p->io, 'S'), 16);
}

static void test_limit_is_inclusive(void **state)
{
    Pair *p = *state;
    char buf[5 + 1024];
    memset(buf, 'a', sizeof(buf));
    buf[0] = 'Q';
    buf[1] = 0;
    buf[2] = 0;
    buf[3] = 0x04; /* 1028 = 4 + 1024 */
    buf[4] = 0x04;
    buf[sizeof(buf) - 1] = '\0';
    send_all(p->client, buf, sizeof(buf));
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_OK);
    assert_int_equal(msg.len, 1024);
    buf[4] = 0x05; /* 1029: one byte over */
    send_all(p->client, buf, 5);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_ERROR);
}

static void test_eof_inside_message(void **state)
{
    Pair *p = *state;
    send_all(p->client,
             "Q\0\0\0\x20"
             "abc",
             8);
    close_client(p);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_ERROR);
    assert_string_equal(err.sqlstate, "08P01");
    assert_string_equal(err.message, "incomplete message from client");
}

static void test_eof_inside_header(void **state)
{
    Pair *p = *state;
    send_all(p->client, "Q\0", 2);
    close_client(p);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_ERROR);
    assert_string_equal(err.sqlstate, "08P01");
}

/* A message larger than the initial buffer arrives in pieces; the buffer
 * grows for it and shrinks again afterwards. */
static void test_large_message_grows_and_shrinks(void **state)
{
    Pair *p = *state;
    p->io.max_message_size = (size_t)4 << 20;
    size_t body = (size_t)3 << 20;
    char *buf = malloc(5 + body);
    buf[0] = 'Q';
    uint32_t len = (uint32_t)(body + 4);
    buf[1] = (char)(len >> 24);
    buf[2] = (char)(len >> 16);
    buf[3] = (char)(len >> 8);
    buf[4] = (char)len;
    for (size_t i = 0; i < body; i++) buf[5 + i] = (char)('a' + i % 26);
    /* The socketpair buffer is small: write from a child process. */
    pid_t pid = fork();
    if (pid == 0) {
        send_all(p->client, buf, 5 + body);
        send_all(p->client, "X\0\0\0\x04", 5);
        _exit(0);
    }
    close_client(p);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_OK);
    assert_int_equal(msg.len, body);
    assert_memory_equal(msg.body, buf + 5, body);
    assert_true(p->io.in_cap >= body);
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_OK);
    assert_int_equal(msg.type, 'X');
    assert_int_equal(wire_io_read_message(&p->io, &msg, &err), WIRE_READ_EOF);
    assert_true(p->io.in_cap < 1 << 20);
    free(buf);
    int status;
    waitpid(pid, &status, 0);
}

static void test_startup_packets(void **state)
{
    Pair *p = *state;
    /* SSLRequest, then a StartupMessage. */
    send_all(p->client, "\0\0\0\x08\x04\xd2\x16\x2f", 8);
    send_all(p->client, "\0\0\0\x12\0\x03\0\0user\0bob\0\0", 18);
    WireMsg msg;
    OmError err;
    error_clear(&err);
    assert_int_equal(wire_io_read_startup(&p->io, &msg, &err), WIRE_READ_OK);
    assert_int_equal(msg.len, 4);
    assert_memory_equal(msg.body, "\x04\xd2\x16\x2f", 4);
    assert_int_equal(wire_io_read_startup(&p->io, &msg, &err), WIRE_READ_OK);
    assert_int_equal(msg.len, 14);
    WireStartup st;
    assert_int_equal(wire_parse_startup(msg.body, msg.len, &st, &err), 0);
    assert_string_equal(wire_startup_get(&st, "user"), "bob");
}

static void test_startup_bad_length(void **state)
{
    Pair *p = *state;
    WireMsg msg;
    OmError err;
    error_clear(&err);
    send_all(p->client, "\0\0\0\x04", 4);
    assert_int_equal(wire_io_read_startup(&p->io, &msg, &err), WIRE_READ_ERROR);
    assert_string_equal(err.sqlstate, "08P01");
    assert_string_equal(err.message, "invalid length of startup packet");

    error_clear(&err);
    send_all(p->client, "\x7f\xff\xff\xff", 4);
    p->io.in_start = p->io.in_end; /* drop the first bad header */
    assert_int_equal(wire_io_read_startup(&p->io, &msg, &err), WIRE_READ_ERROR);
    assert_string_equal(err.sqlstate, "08P01");
}

static void test_flush(void **state)
{
    Pair *p = *state;
    wire_put_ready(&p->io.out, 'I');
    assert_int_equal(wire_io_flush(&p->io), 0);
    assert_int_equal(p->io.out.len, 0);
    char buf[16];
    assert_int_equal(read(p->client, buf, sizeof(buf)), 6);
    assert_memory_equal(buf, "Z\0\0\0\x05I", 6);

    /* Writing to a closed peer marks the stream broken instead of raising SIGPIPE. */
    close_client(p);
    wire_put_ready(&p->io.out, 'I');
    assert_int_equal(wire_io_flush(&p->io), -1);
    assert_true(p->io.broken);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_one_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipelined_and_eof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_length_below_four, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oversized_rejected_from_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_declared_length_not_allocated_up_front, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_small_message_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_is_inclusive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eof_inside_message, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eof_inside_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_large_message_grows_and_shrinks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_startup_packets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_startup_bad_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
