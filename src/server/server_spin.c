/*
 * server_spin.c — polling for the next message before sleeping (worker_spin_us).
 *
 * With worker_spin_us > 0, a worker that has just finished a turn polls the
 * epoll set for up to that long instead of sleeping at once, so that a
 * client's next statement finds it running rather than having to wake it.
 *
 * It is off by default because whether it pays depends on the host. On the
 * development VM the cost of waking a sleeping thread changes with the host's
 * state: a loopback ping-pong between two sleeping processes measured 55.7 µs
 * per round trip in one state and 14.5 µs in another, on the same VM within the
 * same hour. In the slow state, polling 50 µs lifted one-client TPC-B by about a
 * third and one-client point SELECTs twofold; in the fast state it cost
 * one-client TPC-B 10% and one-client INSERT commits 14% (medians; docs/server.md
 * has the figures). A probe that timed wake-ups
 * from inside the pool did not tell the two states apart reliably, so the
 * choice is the operator's.
 *
 * Limits while polling:
 *  - At most one worker polls at a time, and only while fewer workers are busy
 *    than there are CPUs.
 *  - It yields the CPU between polls, so a runnable thread on that CPU (a busy
 *    worker, the WAL writer, a client) goes first.
 *  - Back-off: a poll that found nothing (every client waits, say, for the
 *    log's flush) makes the following chances to poll pass: 1, 2, 4 ... up to
 *    SPIN_SKIP_MAX of them, until a poll finds work again.
 *  - The stop event is in the set, so a polling worker sees it at once.
 *
 * Invariant: spinning is 1 only inside worker_spin_for_work.
 */
#include <sched.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "server/server_int.h"

#define SPIN_SKIP_MAX 1024

static long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

void worker_spin_init(WorkerPool *p, int max_us)
{
    WorkerSpin *s = &p->spin;
    s->max_ns = max_us > 0 ? max_us * 1000L : 0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    s->n_cpus = cpus > 0 ? (int)cpus : 1;
    atomic_store(&s->spinning, 0);
    atomic_store(&s->skip, 0);
    atomic_store(&s->skip_next, 1);
}

/* Whether to poll now; claims the poller's place when so. */
static bool may_poll(WorkerPool *p)
{
    WorkerSpin *s = &p->spin;
    if (s->max_ns == 0 || atomic_load(&p->busy) + 1 >= s->n_cpus) return false;
    if (atomic_load(&s->skip) > 0) {
        atomic_fetch_sub(&s->skip, 1); /* racy by one at worst: it is a pause length */
        return false;
    }
    int expect = 0;
    return atomic_compare_exchange_strong(&s->spinning, &expect, 1);
}

int worker_spin_for_work(WorkerPool *p, struct epoll_event *ev)
{
    WorkerSpin *s = &p->spin;
    if (!may_poll(p)) return 0;
    long end = now_ns() + s->max_ns;
    int n;
    for (;;) {
        n = epoll_wait(p->epfd, ev, 1, 0);
        if (n != 0 || now_ns() >= end) break;
        sched_yield();
    }
    if (n > 0) {
        atomic_store(&s->skip_next, 1);
    } else {
        int next = atomic_load(&s->skip_next);
        atomic_store(&s->skip, next);
        atomic_store(&s->skip_next, next < SPIN_SKIP_MAX ? next * 2 : SPIN_SKIP_MAX);
    }
    atomic_store(&s->spinning, 0);
    return n > 0 ? n : 0;
}
