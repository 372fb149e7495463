#!/usr/bin/env bash
# Checkpoint time (docs/checkpoint.md), not a test: a database with one big
# table (ROWS rows: id int8 PRIMARY KEY, branch int4, balance int8, note text)
# and one small busy table (1,000 rows). Two measurements, RUNS each, median:
#   1. "big changed": one row of the big table is updated, then CHECKPOINT;
#      every table is written (the Parquet writer's speed).
#   2. "big idle": only the small table is updated, then CHECKPOINT; with
#      incremental checkpoints the big table's file is kept.
# Times are the server's own "checkpoint N ... complete ...; M ms" figure, the
# client's wall time for the CHECKPOINT statement, and the server's CPU time
# (user + system, all threads, from /proc) for it: on a shared machine the wall
# time includes waiting for a core.
#   bench/checkpoint/run.sh [--rows 3000000] [--runs 5]
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
source "$REPO/tests/lib/server.sh"
ROWS=3000000 RUNS=5
while [ $# -gt 0 ]; do
    case "$1" in
    --rows) ROWS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--runs N]"; exit 2 ;;
    esac
done
[ -x "$OMENDB_BIN" ] || { echo "build $OMENDB_BIN first (make)"; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-ckpt.XXXXXX")"
DATA="$WORK/data"
LOG="$WORK/server.log"
PORT="$(free_port)"
SPID=""
cleanup() {
    [ -n "$SPID" ] && kill -KILL "$SPID" 2>/dev/null
    rm -rf "$WORK"
}
add_cleanup cleanup
q() { psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U omendb -d omendb "$@"; }
median() { tr ' ' '\n' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }
TICKS=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$TICKS" '{ printf "%.0f", ($14 + $15) * 1000 / t }' "/proc/$SPID/stat"; }

"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" \
    --max-wal-size 0 --checkpoint-timeout 0 >>"$LOG" 2>&1 &
SPID=$!
wait_ready "$PORT" 60 "$SPID" || { echo "server did not start"; exit 1; }
echo "loading $ROWS rows ..."
q -q -c "CREATE TABLE accounts (id int8 PRIMARY KEY, branch int4, balance int8, note text)" \
    -c "CREATE TABLE busy (id int4 PRIMARY KEY, n int8)" \
    -c "INSERT INTO busy SELECT g, 0 FROM generate_series(1, 1000) g"
step=1000000
for ((lo = 1; lo <= ROWS; lo += step)); do
    hi=$((lo + step - 1))
    ((hi > ROWS)) && hi=$ROWS
    q -q -c "INSERT INTO accounts SELECT g, g % 100, 0, 'account ' || g FROM generate_series($lo, $hi) g"
done
q -q -c "CHECKPOINT"

# one_run SQL: runs SQL, then CHECKPOINT; sets SRV_MS, WALL_MS and CPU_MS
one_run() {
    q -q -c "$1"
    local t0 t1 c0
    c0=$(cpu_ms)
    t0=$(now)
    q -q -c "CHECKPOINT"
    t1=$(now)
    CPU_MS=$(($(cpu_ms) - c0))
    WALL_MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
    SRV_MS=$(grep -E 'checkpoint [0-9]+ .*complete' "$LOG" | tail -n 1 | sed -E 's/.*; ([0-9]+) ms.*/\1/')
}
for what in "big changed" "big idle"; do
    srv=() wall=() cpu=()
    for ((r = 1; r <= RUNS; r++)); do
        if [ "$what" = "big changed" ]; then
            one_run "UPDATE accounts SET balance = balance + 1 WHERE id = $r"
        else
            one_run "UPDATE busy SET n = n + 1 WHERE id = $r"
        fi
        srv+=("$SRV_MS")
        wall+=("$WALL_MS")
        cpu+=("$CPU_MS")
    done
    echo "$what: server ${srv[*]} ms (median $(echo "${srv[*]}" | median)); " \
        "CHECKPOINT statement ${wall[*]} ms (median $(echo "${wall[*]}" | median)); " \
        "server CPU ${cpu[*]} ms (median $(echo "${cpu[*]}" | median))"
    grep -E 'checkpoint [0-9]+ .*complete' "$LOG" | tail -n 1 | sed 's/.*LOG: */  last: /'
done
echo "checkpoint files: $(du -sm "$DATA/checkpoint" | cut -f1) MB"
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
kill -TERM "$SPID"
wait "$SPID" 2>/dev/null
SPID=""
