/*
 * test_server_spin.c — the choice of worker_spin_us = auto, driven with
 * synthetic clocks: trials turn polling on when cycles polling are shorter,
 * off when they are not or when there are too few, and the fixed settings
 * never change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "server/server_int.h"

/* One connection in a closed loop: each cycle lasts `on_ns` while polling is
 * on and `off_ns` while it is off. Runs until `decisions` trials have ended;
 * returns the clock. */
static long drive(WorkerPool *p, long now, long on_ns, long off_ns, long decisions)
{
    long prev = 0;
    int guard = 0;
    while (atomic_load(&p->spin.decisions) < decisions) {
        worker_spin_turn_start(p, prev, now);
        prev = now;
        now += atomic_load(&p->spin.polling) ? on_ns : off_ns;
        assert_true(++guard < 10000000);
    }
    return now;
}

static void init_pool(WorkerPool *p, int spin_us)
{
    memset(p, 0, sizeof(*p));
    p->epfd = -1;
    worker_spin_init(p, spin_us);
}

static void test_auto_chooses_by_cycles(void **state)
{
    (void)state;
    WorkerPool p;
    init_pool(&p, -1);
    assert_true(p.spin.adaptive);
    assert_false(atomic_load(&p.spin.polling));
    long now = 1000000000L;
    /* polling halves the round trip (a host whose wake-ups are slow) */
    now = drive(&p, now, 30000, 60000, 1);
    assert_true(atomic_load(&p.spin.polling));
    /* polling stays on between trials */
    worker_spin_turn_start(&p, now, now + 30000);
    assert_true(atomic_load(&p.spin.polling));
    now += 30000;
    /* the host changes: polling now costs 10% */
    now = drive(&p, now, 66000, 60000, 2);
    assert_false(atomic_load(&p.spin.polling));
    /* no difference: stay off (polling costs a CPU) */
    now = drive(&p, now, 60000, 60000, 3);
    assert_false(atomic_load(&p.spin.polling));
    /* a 1% gain is inside the margin */
    now = drive(&p, now, 59400, 60000, 4);
    assert_false(atomic_load(&p.spin.polling));
    /* gains again */
    now = drive(&p, now, 40000, 60000, 5);
    assert_true(atomic_load(&p.spin.polling));
    /* clients that think between statements (5 ms): no cycle counts, off */
    now = drive(&p, now, 5000000, 5000000, 6);
    assert_false(atomic_load(&p.spin.polling));
    (void)now;
}

/* A cycle that began before its window does not count for that window: a
 * long cycle that straddles the switch from polling to sleeping is dropped. */
static void test_cycle_needs_its_window(void **state)
{
    (void)state;
    WorkerPool p;
    init_pool(&p, -1);
    long t = 5000000000L;
    worker_spin_turn_start(&p, 0, t); /* starts the trial's first window */
    long start = atomic_load(&p.spin.window_start);
    assert_int_equal(start, t);
    worker_spin_turn_start(&p, t - 1000, t + 1000); /* began before the window */
    assert_int_equal(atomic_load(&p.spin.count[0]) + atomic_load(&p.spin.count[1]), 0);
    worker_spin_turn_start(&p, t + 1000, t + 2000);
    assert_int_equal(atomic_load(&p.spin.count[1]), 1);
    assert_int_equal(atomic_load(&p.spin.sum_ns[1]), 1000);
    worker_spin_turn_start(&p, 0, t + 3000); /* a connection's first turn */
    assert_int_equal(atomic_load(&p.spin.count[1]), 1);
}

/* worker_spin_us = 0 never polls, N > 0 always polls: no trial changes them. */
static void test_fixed_settings(void **state)
{
    (void)state;
    WorkerPool p;
    init_pool(&p, 0);
    assert_false(p.spin.adaptive);
    assert_int_equal(p.spin.max_ns, 0);
    for (long now = 100000, i = 0; i < 100000; i++, now += 30000)
        worker_spin_turn_start(&p, now - 30000, now);
    assert_false(atomic_load(&p.spin.polling));
    assert_int_equal(atomic_load(&p.spin.decisions), 0);

    init_pool(&p, 50);
    assert_int_equal(p.spin.max_ns, 50000);
    assert_true(atomic_load(&p.spin.polling));
    for (long now = 100000, i = 0; i < 100000; i++, now += 90000)
        worker_spin_turn_start(&p, now - 90000, now);
    assert_true(atomic_load(&p.spin.polling));
    assert_int_equal(atomic_load(&p.spin.decisions), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_auto_chooses_by_cycles),
        cmocka_unit_test(test_cycle_needs_its_window),
        cmocka_unit_test(test_fixed_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
