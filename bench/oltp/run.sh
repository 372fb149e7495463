#!/usr/bin/env bash
# pgbench side by side: OmenDB and PostgreSQL 15 (started here), TPC-B-like and select-only,
# 1 and 8 clients, -M simple and -M prepared; medians of RUNS runs of SECS seconds each:
# TPS, average and p99 latency (ms, from pgbench's per-transaction log), OmenDB/PostgreSQL, and
# the server CPU time per transaction (µs: user+system time of the server from /proc/PID/stat
# before and after each run, divided by the transactions pgbench logged; for PostgreSQL the
# postmaster, its live children and its reaped children (cutime/cstime), so the backends pgbench
# opened and closed count too). Select-only runs thus show server CPU per point SELECT.
# First, COPY FROM STDIN's load rate: pgbench -i's client-side generation on both servers.
#   bench/oltp/run.sh [--secs 30] [--runs 3] [--scale 10] [--modes "simple prepared"]
#                     [--transports "tcp unix"]
# Transport: tcp (127.0.0.1, the default) or unix (each server's Unix-domain socket, what
# pgbench uses on one machine when no -h is given); both servers always use the same one.
# Durability: both durable — OmenDB with its WAL (synchronous_commit=on, group commit) and
# PostgreSQL with fsync=on, synchronous_commit=on (the test library's defaults are overridden).
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/tests/lib/server.sh"
SECS=30 RUNS=3 SCALE=10 MODES="simple prepared" TRANSPORTS="tcp"
while [ $# -gt 0 ]; do
    case "$1" in
    --secs) SECS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --transports) TRANSPORTS=$2; shift 2 ;;
    *) echo "usage: $0 [--secs N] [--runs N] [--scale N] [--modes LIST] [--transports LIST]"; exit 2 ;;
    esac
done
export PG_EXTRA_OPTS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB"
start_postgres || exit 1
OMEN_SOCK_DIR="$(mktemp -d /tmp/omen-sock.XXXXXX)"
export OMENDB_UNIX_SOCKET_DIRECTORIES="$OMEN_SOCK_DIR"
start_omendb || exit 1
add_cleanup "rm -rf $OMEN_SOCK_DIR"
work="$(mktemp -d)"
add_cleanup "rm -rf $work"
chmod 777 "$work"
echo "pgbench: OmenDB vs PostgreSQL 15, both durable (fsync, synchronous_commit=on), scale $SCALE,"
echo "median of $RUNS runs x ${SECS}s; reproduce: bench/oltp/run.sh --secs $SECS --runs $RUNS --scale $SCALE \\"
echo "    --modes \"$MODES\" --transports \"$TRANSPORTS\""
# COPY ... FROM STDIN (issue 4's 1M rows/s): pgbench's client-side generation (-I dtg) loads
# pgbench_accounts, 100,000 x scale rows, through one COPY as any client would; rows/s from
# pgbench's own "client-side generate" time (which includes pgbench making the rows), median of
# RUNS loads per server. The tables are made again for the workloads below.
copy_rate() { # copy_rate PORT USER DB: rows/s of one load, 0 if it failed
    local out secs
    out="$(pgbench -h 127.0.0.1 -p "$1" -U "$2" -i -s "$SCALE" -I dtg "$3" 2>&1)"
    secs="$(echo "$out" | sed -n 's/.*client-side generate \([0-9.]*\) s.*/\1/p')"
    awk -v s="${secs:-0}" -v n=$((100000 * SCALE)) 'BEGIN { if (s > 0) printf "%.0f\n", n / s; else print 0 }'
}
copy_omen="$(for _ in $(seq "$RUNS"); do copy_rate "$OMEN_PORT" omendb omendb; done | sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }')"
copy_pg="$(for _ in $(seq "$RUNS"); do copy_rate "$PG_PORT" "$PG_USER" postgres; done | sort -g | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : 0) }')"
awk -v o="$copy_omen" -v p="$copy_pg" -v n=$((100000 * SCALE)) -v r="$RUNS" 'BEGIN {
    printf "COPY pgbench_accounts FROM STDIN (%d rows, median of %d): omen %.0f rows/s, pg %.0f rows/s, ratio %.2fx\n",
        n, r, o, p, (p > 0 ? o / p : 0) }'
pgbench -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -i -s "$SCALE" -q postgres >/dev/null 2>&1
pgbench -h 127.0.0.1 -p "$OMEN_PORT" -U omendb -i -s "$SCALE" -I dtGvp omendb >/dev/null 2>&1

CLK_TCK=$(getconf CLK_TCK)
# proc_ticks PID [WITH_CHILDREN]: utime+stime (+cutime+cstime) of PID in clock ticks; the
# command name in field 2 may hold spaces, so fields are counted after its closing ')'.
proc_ticks() {
    local rest
    rest="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
    rest="${rest##*) }"
    # after ')': state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17) -> offsets 12..15
    echo "$rest" | awk -v c="${2:-0}" '{print $12 + $13 + (c ? $14 + $15 : 0)}'
}
# server_ticks omen|pg: CPU ticks used so far by that server.
server_ticks() {
    if [ "$1" = omen ]; then
        proc_ticks "$OMEN_PID"
        return
    fi
    local pm total child
    pm="$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)"
    [ -n "$pm" ] || { echo 0; return; }
    total=$(proc_ticks "$pm" 1)
    for child in $(ps -o pid= --ppid "$pm" 2>/dev/null); do
        total=$((total + $(proc_ticks "$child" 1)))
    done
    echo "$total"
}

# host_for omen|pg TRANSPORT: the -h argument pgbench gets.
host_for() {
    if [ "$2" = tcp ]; then
        echo 127.0.0.1
    elif [ "$1" = omen ]; then
        echo "$OMEN_SOCK_DIR"
    else
        echo "$PG_DIR"
    fi
}

# one run: prints "tps avg_ms p99_ms cpu_us_per_tx"
one() {
    local port=$1 user=$2 db=$3 clients=$4 mode=$5 extra=$6 sys=$7 host=$8
    local t0 t1
    t0=$(server_ticks "$sys")
    local dir="$work/r$RANDOM$RANDOM"
    mkdir -p "$dir" && chmod 777 "$dir"
    local out
    out="$(cd "$dir" && pgbench -h "$host" -p "$port" -U "$user" -c "$clients" -j "$((clients < 2 ? 1 : 2))" \
        -T "$SECS" -M "$mode" $extra -l "$db" 2>&1)"
    sleep 0.3 # let the postmaster reap the backends pgbench closed (their time -> cutime)
    t1=$(server_ticks "$sys")
    local tps
    tps="$(echo "$out" | awk '/^tps/ {print $3}')"
    # pgbench log: client txn latency_us ...
    cat "$dir"/pgbench_log.* 2>/dev/null | awk '{print $3}' | sort -n >"$dir/lat"
    local n avg p99
    n=$(wc -l <"$dir/lat")
    avg=$(awk '{s+=$1} END {if (NR) printf "%.3f", s/NR/1000; else print "nan"}' "$dir/lat")
    p99=$(awk -v n="$n" 'NR == int(n*0.99)+1 {printf "%.3f", $1/1000}' "$dir/lat")
    local cpu
    cpu=$(awk -v d="$((t1 - t0))" -v hz="$CLK_TCK" -v n="$n" \
        'BEGIN {if (n > 0) printf "%.1f", d / hz * 1e6 / n; else print "nan"}')
    rm -rf "$dir"
    echo "${tps:-0} ${avg:-nan} ${p99:-nan} ${cpu}"
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf "%-12s %-4s %-8s %3s | %10s %8s %8s | %10s %8s %8s | %6s | %14s %12s\n" workload via mode cl "omen tps" \
    "avg ms" "p99 ms" "pg tps" "avg ms" "p99 ms" "ratio" "omen cpu us/tx" "pg cpu us/tx"
for via in $TRANSPORTS; do
for w in tpcb select; do
    extra=""
    [ "$w" = select ] && extra="-S"
    for mode in $MODES; do
        for c in 1 8; do
            declare -A R=()
            for sys in omen pg; do
                : >"$work/$sys"
                for _ in $(seq "$RUNS"); do
                    if [ $sys = omen ]; then
                        one "$OMEN_PORT" omendb omendb "$c" "$mode" "$extra" omen \
                            "$(host_for omen "$via")" >>"$work/$sys"
                    else
                        one "$PG_PORT" "$PG_USER" postgres "$c" "$mode" "$extra" pg \
                            "$(host_for pg "$via")" >>"$work/$sys"
                    fi
                done
                R[$sys.tps]=$(awk '{print $1}' "$work/$sys" | median)
                R[$sys.avg]=$(awk '{print $2}' "$work/$sys" | median)
                R[$sys.p99]=$(awk '{print $3}' "$work/$sys" | median)
                R[$sys.cpu]=$(awk '{print $4}' "$work/$sys" | median)
            done
            ratio=$(awk -v a="${R[omen.tps]}" -v b="${R[pg.tps]}" 'BEGIN {if (b > 0) printf "%.2fx", a/b; else print "-"}')
            printf "%-12s %-4s %-8s %3s | %10.0f %8s %8s | %10.0f %8s %8s | %6s | %14s %12s\n" "$w" "$via" "$mode" "$c" \
                "${R[omen.tps]}" "${R[omen.avg]}" "${R[omen.p99]}" "${R[pg.tps]}" "${R[pg.avg]}" "${R[pg.p99]}" "$ratio" \
                "${R[omen.cpu]}" "${R[pg.cpu]}"
        done
    done
done
done
