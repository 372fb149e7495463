#!/usr/bin/env bash
# Restart time (docs/checkpoint.md): how long the server takes from exec to
# accepting connections
#   1. after a clean shutdown (SIGTERM writes a checkpoint; the start loads the
#      Parquet files and replays no log), for a database of ROWS rows;
#   2. after a crash (SIGKILL) with WAL_MB of log written since the last
#      checkpoint (updates of the same rows), which the start replays.
# Prints the median of RUNS starts each, with the data sizes. Not a test: the
# figures depend on the machine.
#   bench/restart/run.sh [--rows 10000000] [--wal-mb 1024] [--runs 3]
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
source "$REPO/tests/lib/server.sh"
ROWS=10000000 WAL_MB=1024 RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --wal-mb) WAL_MB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--wal-mb N] [--runs N]"; exit 2 ;;
    esac
done
[ -x "$OMENDB_BIN" ] || { echo "build $OMENDB_BIN first (make)"; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-restart.XXXXXX")"
DATA="$WORK/data"
LOG="$WORK/server.log"
: >"$LOG"
PORT="$(free_port)"
SPID=""
cleanup() {
    [ -n "$SPID" ] && kill -KILL "$SPID" 2>/dev/null
    rm -rf "$WORK"
}
add_cleanup cleanup
q() { psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U omendb -d omendb "$@"; }

# start [FLAGS...]: starts the server, waits until it accepts connections and
# sets ELAPSED to the seconds that took and CPU to the CPU seconds (user +
# system, all threads) the server used until then: on a shared machine the
# wall time includes waiting for a core.
ELAPSED="" CPU=""
TICKS=$(getconf CLK_TCK)""
start() {
    local t0 t1 ready_before
    ready_before=$(grep -c 'ready to accept connections' "$LOG" 2>/dev/null)
    t0=$(date +%s.%N)
    "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" "$@" >>"$LOG" 2>&1 &
    SPID=$!
    # watch the log, not the port: a psql per poll would compete for the CPU
    until [ "$(grep -c 'ready to accept connections' "$LOG")" -gt "$ready_before" ]; do
        kill -0 "$SPID" 2>/dev/null || { echo "server died; log:"; tail "$LOG"; exit 1; }
        sleep 0.01
    done
    t1=$(date +%s.%N)
    ELAPSED=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    CPU=$(awk -v t="$TICKS" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$SPID/stat")
    q -c "SELECT 1" >/dev/null || { echo "server does not answer"; exit 1; }
}
stop() { # stop TERM|KILL
    kill -"$1" "$SPID"
    wait "$SPID" 2>/dev/null
    SPID=""
}
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# no automatic checkpoints: the log since the last one stays for part 2
NOCKPT=(--max-wal-size 0 --checkpoint-timeout 0)
start "${NOCKPT[@]}"
echo "loading $ROWS rows ..."
q -q -c "CREATE TABLE accounts (id int8 PRIMARY KEY, branch int4, balance int8, note text)"
step=1000000
for ((lo = 1; lo <= ROWS; lo += step)); do
    hi=$((lo + step - 1))
    ((hi > ROWS)) && hi=$ROWS
    q -q -c "INSERT INTO accounts SELECT g, g % 100, 0, 'account ' || g FROM generate_series($lo, $hi) g"
done
stop TERM
ck=$(du -sm "$DATA/checkpoint" | cut -f1)
echo "clean shutdown: checkpoint of $ROWS rows, ${ck} MB of Parquet"
times=() cpus=()
for ((r = 1; r <= RUNS; r++)); do
    start "${NOCKPT[@]}"
    times+=("$ELAPSED")
    cpus+=("$CPU")
    n=$(q -c "SELECT count(*) FROM accounts")
    [ "$n" = "$ROWS" ] || { echo "restart lost rows: $n"; exit 1; }
    stop TERM
done
clean=$(echo "${times[*]}" | median)
clean_cpu=$(echo "${cpus[*]}" | median)
echo "restart after clean shutdown: ${times[*]} s; median $clean s (CPU ${cpus[*]} s)"

start "${NOCKPT[@]}"
echo "writing ${WAL_MB} MB of log (updates) ..."
round=0
# du counts the preallocated (zero-filled) last segment too: aim 64 MB higher
while (($(du -sm "$DATA/wal" | cut -f1) < WAL_MB + 64)); do
    round=$((round + 1))
    for ((lo = 1; lo <= ROWS; lo += step)); do
        q -q -c "UPDATE accounts SET balance = balance + 1 WHERE id BETWEEN $lo AND $((lo + step - 1))"
        (($(du -sm "$DATA/wal" | cut -f1) >= WAL_MB + 64)) && break
    done
done
sum=$(q -c "SELECT sum(balance) FROM accounts")
stop KILL
times=() cpus=()
for ((r = 1; r <= RUNS; r++)); do
    start "${NOCKPT[@]}"
    times+=("$ELAPSED")
    cpus+=("$CPU")
    got=$(q -c "SELECT sum(balance) FROM accounts")
    [ "$got" = "$sum" ] || { echo "crash restart lost updates: $got, want $sum"; exit 1; }
    stop KILL
done
crash=$(echo "${times[*]}" | median)
crash_cpu=$(echo "${cpus[*]}" | median)
# log bytes replayed: from the checkpoint LSN to where the log continues
read -r h1 l1 h2 l2 < <(grep 'recovery replayed' "$LOG" | tail -n 1 |
    sed -E 's|.* from ([0-9A-F]+)/([0-9A-F]+); log continues at ([0-9A-F]+)/([0-9A-F]+).*|\1 \2 \3 \4|')
wal=$((((16#$h2 << 32) + 16#$l2 - (16#$h1 << 32) - 16#$l1) / 1048576))
echo "restart after crash with ${wal} MB of WAL: ${times[*]} s; median $crash s (CPU ${cpus[*]} s)"
grep 'recovery replayed' "$LOG" | tail -n 1 | sed 's/.*LOG: */  last recovery: /'
echo
echo "| restart | data | wall, median of $RUNS | CPU, median |"
echo "|---|---|---|---|"
echo "| after clean shutdown | $ROWS rows, ${ck} MB checkpoint | ${clean} s | ${clean_cpu} s |"
echo "| after crash | $ROWS rows + ${wal} MB WAL | ${crash} s | ${crash_cpu} s |"
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
