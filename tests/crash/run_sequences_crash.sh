#!/usr/bin/env bash
# Crash test of sequence durability (docs/wal.md, "Sequences"): several
# clients call nextval on a plain sequence, a sequence with a negative
# increment (inside transactions that roll back: values are not given back)
# and a serial column, and log every value the server acknowledged; another
# client loops CHECKPOINT, whose directory fsyncs are slowed down so that
# kills land inside checkpoints. The server is killed with SIGKILL several
# times and restarted (recovery replays the log). At the end no value may
# appear twice in any sequence, and after a last restart nextval continues
# beyond every value handed out. Last, TRUNCATE ... RESTART IDENTITY: its reset
# survives a crash once committed and stays undone once rolled back.
#
#   tests/crash/run_sequences_crash.sh      (SEQ_KILLS=N to change the 8 kills)
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
# KEEP_TEST_DIRS=1 keeps the data and logs.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-seqcrash.XXXXXX")"
DATA="$WORK/data"
LOG="$WORK/server.log"
SPID=""
PIDS=()
PORT="$(free_port)"
KILLS="${SEQ_KILLS:-8}"
cleanup() {
    touch "$WORK/stop"
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
    fi
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then echo "run_sequences_crash: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
add_cleanup cleanup

die() {
    echo "run_sequences_crash: FAILED: $*" >&2
    tail -n 20 "$LOG" >&2
    exit 1
}

start() {
    env OMENDB_FAULT="fsync_delay:1,times=0,delay_us=20000,path=/checkpoint/" \
        "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" >>"$LOG" 2>&1 &
    SPID=$!
    wait_ready "$PORT" 30 "$SPID" || die "server did not start"
}

psql_() {
    PGPASSWORD=omendb psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U omendb omendb "$@"
}

# client NAME SQLFILE: runs the file over and over until stopped; every row
# psql prints is a value the server acknowledged.
client() {
    local name=$1 file=$2
    while [ ! -e "$WORK/stop" ]; do
        psql_ -f "$file" >>"$WORK/$name.vals" 2>/dev/null
        sleep 0.05
    done
}

mkdir -p "$DATA"
start
psql_ -c "CREATE SEQUENCE up START 1 INCREMENT 1" \
    -c "CREATE SEQUENCE down AS integer INCREMENT -3 START -1" \
    -c "CREATE TABLE items (id bigserial PRIMARY KEY, v text)" || die "setup failed"

for i in $(seq 1 300); do echo "SELECT nextval('up');"; done >"$WORK/up.sql"
for i in $(seq 1 150); do
    echo "BEGIN;"
    echo "SELECT nextval('down');"
    echo "ROLLBACK;"
done >"$WORK/down.sql"
for i in $(seq 1 200); do echo "INSERT INTO items (v) VALUES ('x') RETURNING id;"; done |
    sed 's/$//' >"$WORK/items.sql"
for i in $(seq 1 50); do echo "CHECKPOINT;"; done >"$WORK/ckpt.sql"

client up1 "$WORK/up.sql" &
PIDS+=($!)
client up2 "$WORK/up.sql" &
PIDS+=($!)
client up3 "$WORK/up.sql" &
PIDS+=($!)
client down "$WORK/down.sql" &
PIDS+=($!)
client items "$WORK/items.sql" &
PIDS+=($!)
client ckpt "$WORK/ckpt.sql" &
PIDS+=($!)

in_ckpt=0
for k in $(seq 1 "$KILLS"); do
    sleep "0.$((RANDOM % 9 + 1))"
    sleep 1
    lines=$(wc -l <"$LOG")
    kill -KILL "$SPID" && wait "$SPID" 2>/dev/null
    SPID=""
    if head -n "$lines" "$LOG" | grep -E 'checkpoint [0-9]+ (starting|.*complete)' | tail -n 1 |
        grep -q starting; then
        in_ckpt=$((in_ckpt + 1))
    fi
    start
done
sleep 1
touch "$WORK/stop"
for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
PIDS=()
kill -KILL "$SPID" && wait "$SPID" 2>/dev/null
SPID=""
start

fail=0
check() { # check NAME FILES...: no value twice; prints the count
    local name=$1
    shift
    local dups
    dups=$(cat "$@" | grep -E '^-?[0-9]+$' | sort -n | uniq -d | head -5)
    if [ -n "$dups" ]; then
        echo "run_sequences_crash: $name handed out a value twice: $dups" >&2
        fail=1
    fi
    echo "$name: $(cat "$@" | grep -cE '^-?[0-9]+$') values"
}
check up "$WORK"/up?.vals
check down "$WORK/down.vals"
check items "$WORK/items.vals"

max_up=$(cat "$WORK"/up?.vals | grep -E '^[0-9]+$' | sort -n | tail -n 1)
min_down=$(grep -E '^-?[0-9]+$' "$WORK/down.vals" | sort -n | head -n 1)
max_items=$(grep -E '^[0-9]+$' "$WORK/items.vals" | sort -n | tail -n 1)
next_up=$(psql_ -c "SELECT nextval('up')")
next_down=$(psql_ -c "SELECT nextval('down')")
next_items=$(psql_ -c "INSERT INTO items (v) VALUES ('last') RETURNING id")
[ "$next_up" -gt "${max_up:-0}" ] || { echo "nextval('up') $next_up after $max_up" >&2; fail=1; }
[ "$next_down" -lt "${min_down:-0}" ] || { echo "nextval('down') $next_down after $min_down" >&2; fail=1; }
[ "$next_items" -gt "${max_items:-0}" ] || { echo "items id $next_items after $max_items" >&2; fail=1; }
rows=$(psql_ -c "SELECT count(*) FROM items")
[ "$rows" -ge "$(grep -cE '^[0-9]+$' "$WORK/items.vals")" ] || { echo "items rows lost" >&2; fail=1; }
# TRUNCATE ... RESTART IDENTITY across kill -9: a committed reset survives, and a
# reset undone by ROLLBACK stays undone (no id is handed out twice).
crash_restart() {
    kill -KILL "$SPID" && wait "$SPID" 2>/dev/null
    SPID=""
    start
}
psql_ -c "CREATE TABLE rs (id serial PRIMARY KEY, v text)" \
    -c "INSERT INTO rs (v) SELECT 'old' FROM generate_series(1, 100)" \
    -c "TRUNCATE rs RESTART IDENTITY" >/dev/null || die "restart identity setup failed"
crash_restart
first=$(psql_ -c "INSERT INTO rs (v) VALUES ('a') RETURNING id")
[ "$first" = 1 ] || { echo "after a committed RESTART IDENTITY and a crash: id $first, not 1" >&2; fail=1; }
psql_ -c "BEGIN" -c "TRUNCATE rs RESTART IDENTITY" -c "INSERT INTO rs (v) VALUES ('b')" \
    -c "ROLLBACK" >/dev/null || die "restart identity rollback failed"
crash_restart
second=$(psql_ -c "INSERT INTO rs (v) VALUES ('c') RETURNING id")
[ "${second:-0}" -gt 1 ] || { echo "after a rolled-back RESTART IDENTITY and a crash: id $second" >&2; fail=1; }
echo "restart identity: id $first after a committed reset, $second after a rolled-back one"

n_ckpt=$(grep -c 'checkpoint [0-9]* .*complete' "$LOG")
echo "run_sequences_crash: $KILLS kills ($in_ckpt during a checkpoint), $n_ckpt checkpoints completed"
[ "$fail" = 0 ] || die "a sequence value was handed out twice or went back"
echo "run_sequences_crash: PASS"
