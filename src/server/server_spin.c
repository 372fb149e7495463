/*
 * server_spin.c — polling for the next message before sleeping (worker_spin_us).
 *
 * A worker that has just finished a turn may poll the epoll set for a short
 * while instead of sleeping at once, so that a client's next statement finds
 * it running rather than having to wake it.
 *
 * Whether that pays depends on the host. On the development VM the cost of
 * waking a sleeping thread changes with the host's state: a loopback
 * ping-pong between two sleeping processes measured 55.7 µs per round trip in
 * one state and 14.5 µs in another, within the same hour. In the slow state,
 * polling 50 µs lifted one-client TPC-B by a third or more and one-client
 * point SELECTs twofold; in the fast state it cost one-client INSERT commits
 * 14% (docs/server.md has the figures). Timing wake-ups from inside the pool
 * did not tell the states apart, so by default (worker_spin_us = auto) the
 * pool measures what it cares about directly and chooses:
 *
 *  - The sample is a connection's *cycle*: the time from the start of one of
 *    its turns to the start of its next, counted only when under CYCLE_CAP
 *    (longer gaps are a client's think time, which polling cannot shorten).
 *    For a client that waits for each answer before it sends again (every
 *    ORM, pgbench) the cycle is the whole round trip, so it also shows what
 *    polling costs elsewhere: a client, the WAL writer or another worker kept
 *    off a CPU lengthens the cycles too.
 *  - A trial is TRIAL_WINDOWS windows of WINDOW_NS, polling in the pattern
 *    on off off on on off off on (drift over the trial cancels). A cycle
 *    counts for its window only when it began inside it.
 *  - Polling stays on until the next trial (EXPLOIT_NS later) when the mean
 *    cycle with it is at least MARGIN_PCT % shorter than without, with at
 *    least MIN_SAMPLES cycles on each side; otherwise it stays off. A quiet
 *    server runs no trial; the first turn after EXPLOIT_NS starts one.
 *
 * worker_spin_us = N > 0 polls N µs always; 0 never polls.
 *
 * Limits while polling (any mode):
 *  - At most one worker polls at a time, and only while fewer workers are busy
 *    than there are CPUs.
 *  - It yields the CPU between polls, so a runnable thread on that CPU (a busy
 *    worker, the WAL writer, a client) goes first.
 *  - Back-off: a poll that found nothing (every client waits, say, for the
 *    log's flush) makes the following chances to poll pass: 1, 2, 4 ... up to
 *    SPIN_SKIP_MAX of them, until a poll finds work again.
 *  - The stop event is in the set, so a polling worker sees it at once.
 *
 * Invariants: spinning is 1 only inside worker_spin_for_work; the trial's
 * state (window, sums) changes only under ctl.
 */
#include <pthread.h>
#include <sched.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "server/server_int.h"

#define SPIN_SKIP_MAX 1024
#define AUTO_SPIN_US  50        /* the poll budget worker_spin_us = auto uses */
#define CYCLE_CAP_NS  2000000L  /* longer cycles are think time, not round trips */
#define WINDOW_NS     50000000L /* one trial window */
#define TRIAL_WINDOWS 8
#define EXPLOIT_NS    4000000000L /* between trials */
#define MIN_SAMPLES   100         /* cycles each side needs before polling is chosen */
#define MARGIN_PCT    2

/* on off off on on off off on */
static const bool TRIAL_PATTERN[TRIAL_WINDOWS] = {true, false, false, true,
                                                  true, false, false, true};

long worker_spin_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

void worker_spin_init(WorkerPool *p, int max_us)
{
    WorkerSpin *s = &p->spin;
    s->adaptive = max_us < 0;
    s->max_ns = (s->adaptive ? AUTO_SPIN_US : max_us) * 1000L;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    s->n_cpus = cpus > 0 ? (int)cpus : 1;
    atomic_store(&s->spinning, 0);
    atomic_store(&s->skip, 0);
    atomic_store(&s->skip_next, 1);
    atomic_store(&s->polling, s->max_ns > 0 && !s->adaptive);
    pthread_mutex_init(&s->ctl, NULL);
    s->window = -1;
    atomic_store(&s->window_start, 0);
    atomic_store(&s->phase_end, 0); /* the first turn starts a trial */
    for (int i = 0; i < 2; i++) {
        atomic_store(&s->sum_ns[i], 0);
        atomic_store(&s->count[i], 0);
    }
    atomic_store(&s->decisions, 0);
}

/* Ends the trial: polling on when it shortened the mean cycle by MARGIN_PCT. */
static bool trial_verdict(WorkerSpin *s)
{
    long n_on = atomic_load(&s->count[1]), n_off = atomic_load(&s->count[0]);
    if (n_on < MIN_SAMPLES || n_off < MIN_SAMPLES) return false;
    double on = (double)atomic_load(&s->sum_ns[1]) / (double)n_on;
    double off = (double)atomic_load(&s->sum_ns[0]) / (double)n_off;
    bool poll = on * 100.0 <= off * (100.0 - MARGIN_PCT);
    server_log(SERVER_LOG_DEBUG,
               "worker polling %s: mean cycle %.1f us polling (%ld), %.1f us sleeping (%ld)",
               poll ? "on" : "off", on / 1000.0, n_on, off / 1000.0, n_off);
    return poll;
}

/* Moves the trial on at a window's end; one worker at a time (ctl). */
static void trial_advance(WorkerSpin *s, long now)
{
    if (pthread_mutex_trylock(&s->ctl) != 0) return;
    if (now >= atomic_load(&s->phase_end)) {
        int w = s->window + 1;
        if (w == 0) { /* a trial begins */
            for (int i = 0; i < 2; i++) {
                atomic_store(&s->sum_ns[i], 0);
                atomic_store(&s->count[i], 0);
            }
        }
        if (w < TRIAL_WINDOWS) {
            s->window = w;
            atomic_store(&s->polling, TRIAL_PATTERN[w]);
            atomic_store(&s->window_start, now);
            atomic_store(&s->phase_end, now + WINDOW_NS);
        } else {
            bool poll = trial_verdict(s);
            s->window = -1;
            atomic_store(&s->polling, poll);
            atomic_store(&s->window_start, 0);
            atomic_store(&s->phase_end, now + EXPLOIT_NS);
            atomic_fetch_add(&s->decisions, 1);
        }
    }
    pthread_mutex_unlock(&s->ctl);
}

void worker_spin_turn_start(WorkerPool *p, long prev_start, long now)
{
    WorkerSpin *s = &p->spin;
    if (!s->adaptive) return;
    long window_start = atomic_load(&s->window_start);
    if (window_start > 0 && prev_start >= window_start && now - prev_start < CYCLE_CAP_NS) {
        int side = atomic_load(&s->polling) ? 1 : 0;
        atomic_fetch_add(&s->sum_ns[side], now - prev_start);
        atomic_fetch_add(&s->count[side], 1);
    }
    if (now >= atomic_load(&s->phase_end)) trial_advance(s, now);
}

/* Whether to poll now; claims the poller's place when so. */
static bool may_poll(WorkerPool *p)
{
    WorkerSpin *s = &p->spin;
    if (!atomic_load(&s->polling) || atomic_load(&p->busy) + 1 >= s->n_cpus) return false;
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
    long end = worker_spin_now_ns() + s->max_ns;
    int n;
    for (;;) {
        n = epoll_wait(p->epfd, ev, 1, 0);
        if (n != 0 || worker_spin_now_ns() >= end) break;
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
