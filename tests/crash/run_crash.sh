#!/usr/bin/env bash
# Crash test of durability (docs/wal.md): clients run verifiable transactions
# (tests/tools/crash_client.c) while the server is killed with SIGKILL at random
# moments; after every restart (recovery replays the WAL) the checker asserts
# that every acknowledged commit survived, that no partial or unacknowledged
# transaction beyond the one in flight is visible, and that primary keys are
# unique. Some kills land during recovery itself. A second part injects an
# fsync failure (OMENDB_FAULT): commits must then fail with 58030 and later
# writes be refused while the server stays up and keeps serving reads; a
# restart without the fault recovers every acknowledged commit. A third part
# injects ENOSPC into a segment write (53100, then writes refused), a fourth damages the middle of the
# log: the server must refuse to start naming file and offset, and start with
# --recover-ignore-damage reporting what it discarded.
#
# Checkpoints (docs/checkpoint.md) run all through part 1: the server starts
# with a small max_wal_size (automatic checkpoints by log volume), a client
# issues CHECKPOINT in a loop, and the checkpoint directory's fsyncs are slowed
# down (OMENDB_FAULT fsync_delay) so that checkpoints take long enough for
# several kills to land in the middle of one; the test counts those kills and
# checks that old WAL segments were removed. Recovery then starts from the
# last complete checkpoint and replays the log after it.
#
#   tests/crash/run_crash.sh            (CRASH_KILLS=N to change the 22 kills)
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and
# $BUILD/tests/tools/crash_client. KEEP_TEST_DIRS=1 keeps the data and logs.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

CLIENT="$REPO/$BUILD/tests/tools/crash_client"
KILLS="${CRASH_KILLS:-22}"
NCLIENTS=4
NASYNC=1
for f in "$OMENDB_BIN" "$CLIENT"; do
    [ -x "$f" ] || { echo "run_crash: $f not built" >&2; exit 2; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-crash.XXXXXX")"
SPID=""
cleanup() {
    if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
    fi
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then echo "run_crash: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
add_cleanup cleanup

die() {
    echo "run_crash: FAILED: $*" >&2
    echo "--- last server log lines:" >&2
    tail -n 30 "$LOG" >&2
    exit 1
}

# start_server DATA [ENV...]: starts omendb on $PORT with data in DATA
# (extra server flags in the array SERVER_FLAGS).
SERVER_FLAGS=()
start_server() {
    local data=$1
    shift
    env "$@" "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$data" \
        --wal-segment-size 1MB "${SERVER_FLAGS[@]}" >>"$LOG" 2>&1 &
    SPID=$!
    wait_ready "$PORT" 60 "$SPID"
}

kill_server() {
    kill -KILL "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
    SPID=""
}

rand_sleep() { # rand_sleep MIN_MS MAX_MS
    sleep "$(awk -v a="$1" -v b="$2" -v r="$RANDOM" 'BEGIN { printf "%.3f", (a + (b - a) * r / 32767) / 1000 }')"
}

# ---- part 1: SIGKILL during the workload ----
PORT="$(free_port)"
DATA="$WORK/data"
STATE="$WORK/state"
LOG="$WORK/server.log"
mkdir -p "$STATE"
args=(--port "$PORT" --state "$STATE" --clients $NCLIENTS --async-clients $NASYNC)
SERVER_FLAGS=(--max-wal-size 2MB --checkpoint-timeout 1s)
CKPT_FAULT="OMENDB_FAULT=fsync_delay:1,times=0,delay_us=25000,path=/checkpoint/"

# in_checkpoint FROM_LINE: true if the server log after line FROM_LINE ends
# inside a checkpoint (its last checkpoint line is "starting").
in_checkpoint() {
    tail -n +"$(($1 + 1))" "$LOG" | grep -E 'checkpoint [0-9]+ (starting|.*complete)' |
        tail -n 1 | grep -q starting
}

start_server "$DATA" "$CKPT_FAULT" || die "server did not start"
"$CLIENT" setup --port "$PORT" --clients $NCLIENTS || die "setup failed"
start_time=$SECONDS
kills_in_ckpt=0
for ((k = 1; k <= KILLS; k++)); do
    from_line=$(wc -l <"$LOG")
    "$CLIENT" run "${args[@]}" --cycle "$k" --seconds 30 &
    cpid=$!
    # CHECKPOINT from a client, back to back (psql exits when the server
    # dies), in two cycles of three; in the third only max_wal_size triggers
    ckpid=""
    if ((k % 3 != 0)); then
        (yes 'CHECKPOINT;' | psql -X -q -h 127.0.0.1 -p "$PORT" -U omendb -d omendb \
            >/dev/null 2>&1) &
        ckpid=$!
    fi
    rand_sleep 150 1500
    kill_server
    wait "$cpid"
    [ -n "$ckpid" ] && wait "$ckpid" 2>/dev/null
    in_checkpoint "$from_line" && kills_in_ckpt=$((kills_in_ckpt + 1))
    if ((k % 5 == 0)); then
        # a kill during recovery: start, kill almost at once, start again
        env "$CKPT_FAULT" "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" \
            --wal-segment-size 1MB "${SERVER_FLAGS[@]}" >>"$LOG" 2>&1 &
        SPID=$!
        rand_sleep 5 60
        kill_server
    fi
    start_server "$DATA" "$CKPT_FAULT" || die "server did not restart after kill $k"
    "$CLIENT" verify "${args[@]}" --cycle "$k" || die "verification after kill $k"
done
n_ckpt=$(grep -c 'checkpoint [0-9]* .*complete' "$LOG")
n_loaded=$(grep -c 'loaded checkpoint' "$LOG")
echo "run_crash: $KILLS kills survived in $((SECONDS - start_time))s;" \
    "$(grep -c 'recovery replayed' "$LOG") recoveries, last: $(grep 'recovery replayed' "$LOG" | tail -n 1 | sed 's/.*LOG: *//')"
echo "run_crash: $n_ckpt checkpoints completed, $n_loaded recoveries started from one;" \
    "$kills_in_ckpt kills landed in the middle of a checkpoint"
((kills_in_ckpt >= 3)) || die "only $kills_in_ckpt kills landed during a checkpoint (want >= 3)"
((n_loaded >= KILLS / 2)) || die "only $n_loaded recoveries started from a checkpoint"
grep -q 'removed [1-9][0-9]* log segments' "$LOG" || die "no checkpoint removed old WAL segments"
# Segments wholly before the checkpoint the last start loaded must be gone: at most
# one segment (the one holding the checkpoint's LSN) may start below it. (How much
# log lies after it depends on how many kills landed mid-checkpoint.)
ck="$(grep 'loaded checkpoint' "$LOG" | tail -n 1 | sed -E 's/.* at ([0-9A-F]+)\/([0-9A-F]+).*/\1 \2/')"
read -r ck_hi ck_lo <<<"$ck"
ck_lsn=$(( (16#$ck_hi << 32) | 16#$ck_lo ))
n_old=0
for seg in "$DATA"/wal/*; do
    name="$(basename "$seg")"
    [[ "$name" =~ ^[0-9A-Fa-f]{16}$ ]] || continue
    (( 16#$name < ck_lsn )) && n_old=$((n_old + 1))
done
((n_old <= 1)) || die "$n_old WAL segments start before the loaded checkpoint at $ck_hi/$ck_lo: old ones are not removed ($(ls "$DATA/wal" | tr '\n' ' '))"
kill_server
SERVER_FLAGS=()

# ---- part 2: an fsync failure ----
PORT="$(free_port)"
DATA="$WORK/data-fault"
STATE="$WORK/state-fault"
LOG="$WORK/server-fault.log"
mkdir -p "$STATE"
args=(--port "$PORT" --state "$STATE" --clients $NCLIENTS --async-clients 0)
start_server "$DATA" OMENDB_FAULT="fsync_fail:60" || die "server with fault did not start"
"$CLIENT" setup --port "$PORT" --clients $NCLIENTS || die "setup failed (fault run)"
"$CLIENT" run "${args[@]}" --cycle 1 --seconds 20 || die "fault run failed"
grep -q "58030" "$STATE/errors" || die "no commit failed with 58030 after the fsync failure: $(cat "$STATE/errors")"
kill -0 "$SPID" 2>/dev/null || die "server died after the fsync failure"
out="$(psql -X -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -v VERBOSITY=verbose \
    -c "INSERT INTO scratch VALUES (-1, -1, -1)" 2>&1)"
grep -q "58030" <<<"$out" || die "a write after the fsync failure was not refused: $out"
n="$(psql -X -At -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -c "SELECT count(*) FROM hist" 2>&1)"
[[ "$n" =~ ^[0-9]+$ ]] || die "reads fail after the fsync failure: $n"
echo "run_crash: fsync failure: commits failed with 58030, writes refused, $n history rows readable"
kill_server
start_server "$DATA" || die "server did not restart after the fsync failure"
"$CLIENT" verify "${args[@]}" --cycle 1 || die "verification after the fsync failure"
kill_server

# ---- part 3: ENOSPC on a write into an existing WAL segment ----
# Segments are made ahead of the appends, so a full disk fails a commit before anything
# of it is in the log, and commits resume (tests/crash/run_disk_full.sh, on a real full
# filesystem). A write that still fails with ENOSPC comes after the commits in it were
# released to other writers (early lock release, docs/wal.md), so it is final, like a
# failed fsync: 53100 for the commits in it, writes refused until restart, reads go on,
# and a restart recovers every acknowledged commit.
PORT="$(free_port)"
DATA="$WORK/data-enospc"
STATE="$WORK/state-enospc"
LOG="$WORK/server-enospc.log"
mkdir -p "$STATE"
args=(--port "$PORT" --state "$STATE" --clients $NCLIENTS --async-clients 0)
start_server "$DATA" OMENDB_FAULT="enospc:40,path=/wal/" || die "server with ENOSPC fault did not start"
"$CLIENT" setup --port "$PORT" --clients $NCLIENTS || die "setup failed (ENOSPC run)"
"$CLIENT" run "${args[@]}" --cycle 1 --seconds 3 || die "ENOSPC run failed"
grep -q "53100" "$STATE/errors" || die "no commit failed with 53100: $(cat "$STATE/errors")"
kill -0 "$SPID" 2>/dev/null || die "server died after ENOSPC"
out="$(psql -X -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -c "INSERT INTO scratch VALUES (-1, -1, -1)" 2>&1)"
grep -q "write-ahead log" <<<"$out" || die "a write after ENOSPC was not refused: $out"
n="$(psql -X -At -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -c "SELECT count(*) FROM hist" 2>&1)"
[[ "$n" =~ ^[0-9]+$ ]] || die "reads fail after ENOSPC: $n"
kill_server
start_server "$DATA" || die "server did not restart after ENOSPC"
"$CLIENT" verify "${args[@]}" --cycle 1 || die "verification after ENOSPC"
"$CLIENT" run "${args[@]}" --cycle 2 --seconds 3 || die "run after the restart failed"
[ -s "$STATE/errors" ] && die "commits did not resume after the restart: $(cat "$STATE/errors")"
echo "run_crash: ENOSPC on a segment write: commits failed with 53100, writes refused, $n history rows readable; after a restart all acknowledged commits are there and commits resume"

# ---- part 4: damage in the middle of the log ----
# It needs a log of at least two segments. A slow build (ASan) may not have
# written that much in the runs above: add rows until it has.
for _ in $(seq 30); do
    [ "$(ls "$DATA/wal" | wc -l)" -ge 2 ] && break
    psql -X -q -h 127.0.0.1 -p "$PORT" -U omendb -d omendb \
        -c "INSERT INTO scratch SELECT -g, -5, g FROM generate_series(2, 20001) g" >/dev/null 2>&1 ||
        die "could not add rows to grow the log"
    psql -X -q -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -c "DELETE FROM scratch WHERE client = -5" \
        >/dev/null 2>&1 || die "could not delete the rows added to grow the log"
done
kill_server
seg="$(ls "$DATA/wal" | head -n 1)"
[ "$(ls "$DATA/wal" | wc -l)" -ge 2 ] || die "expected several WAL segments, found: $(ls "$DATA/wal")"
printf '\xff\xff\xff\xff' | dd of="$DATA/wal/$seg" bs=1 seek=8192 conv=notrunc status=none
: >"$LOG"
env "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" \
    --wal-segment-size 1MB >>"$LOG" 2>&1
rc=$?
[ $rc -ne 0 ] || die "server started on a damaged log"
grep -q "$seg.* at offset" "$LOG" || die "the damage report does not name file and offset"
grep -q "recover-ignore-damage" "$LOG" || die "the damage report does not name the way out"
start_server "$DATA" || true
kill -0 "${SPID:-0}" 2>/dev/null && die "server started on a damaged log"
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" --wal-segment-size 1MB \
    --recover-ignore-damage >>"$LOG" 2>&1 &
SPID=$!
wait_ready "$PORT" 60 "$SPID" || die "server did not start with --recover-ignore-damage"
grep -q "ignored as requested.*discarded" "$LOG" || die "no report of what was discarded"
out="$(psql -X -At -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -v VERBOSITY=verbose \
    -c "SET synchronous_commit = remote_apply" -c "SHOW synchronous_commit" \
    -c "SET synchronous_commit = sometimes" 2>&1)"
grep -q "remote_apply" <<<"$out" || die "synchronous_commit = remote_apply not accepted: $out"
grep -q "22023" <<<"$out" || die "a bad synchronous_commit value was accepted: $out"
kill_server
echo "run_crash: damaged log: refused with file and offset; started with --recover-ignore-damage"

# ---- part 5: damaged checkpoint files ----
PORT="$(free_port)"
DATA="$WORK/data-ckpt"
LOG="$WORK/server-ckpt.log"
q() { psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U omendb -d omendb "$@"; }
start_server "$DATA" || die "server did not start (checkpoint damage)"
q -q -c "CREATE TABLE a (id int PRIMARY KEY, v text)" -c "CREATE TABLE b (id int PRIMARY KEY)" \
    -c "INSERT INTO a SELECT g, 'v' || g FROM generate_series(1, 1000) g" \
    -c "INSERT INTO b SELECT g FROM generate_series(1, 10) g" -c "CHECKPOINT" \
    -c "INSERT INTO a VALUES (5000, 'after')" -c "UPDATE a SET v = 'upd' WHERE id = 7" \
    -c "DELETE FROM a WHERE id = 8" || die "checkpoint setup failed"
kill_server
oid=$(grep '^table' "$DATA/checkpoint/MANIFEST" | head -n 1 | cut -d' ' -f2)
file=$(grep '^table' "$DATA/checkpoint/MANIFEST" | head -n 1 | cut -d' ' -f3)
cp "$DATA/checkpoint/MANIFEST" "$WORK/MANIFEST.good"
printf 'XXXX' | dd of="$DATA/checkpoint/$file" bs=1 seek=100 conv=notrunc status=none
: >"$LOG"
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" >>"$LOG" 2>&1 &&
    die "server started on a damaged checkpoint file"
grep -q "checkpoint file \".*$file\" is damaged" "$LOG" || die "the report does not name the file"
grep -q "recover-ignore-damage starts table" "$LOG" || die "the report does not name the way out"
start_server "$DATA" || true
kill -0 "${SPID:-0}" 2>/dev/null && die "server started on a damaged checkpoint file"
SERVER_FLAGS=(--recover-ignore-damage)
start_server "$DATA" || die "server did not start with --recover-ignore-damage (checkpoint)"
SERVER_FLAGS=()
grep -q "ignored as requested: table \"a\" starts empty, its 1000 rows" "$LOG" ||
    die "no report of the rows lost with the damaged file (table OID $oid)"
got=$(q -c "SELECT count(*), max(v) FROM a" -c "SELECT count(*) FROM b" | tr '\n' ' ')
[ "$got" = "1|after 10 " ] || die "after ignoring a damaged table file: $got"
kill_server
echo "bad" >"$DATA/checkpoint/MANIFEST"
: >"$LOG"
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" --recover-ignore-damage \
    >>"$LOG" 2>&1 && die "server started on a damaged manifest"
grep -q 'invalid checkpoint manifest ".*MANIFEST"' "$LOG" || die "the report does not name the manifest"
cp "$WORK/MANIFEST.good" "$DATA/checkpoint/MANIFEST"
rm -f "$DATA/checkpoint/$file"
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" >>"$LOG" 2>&1 &&
    die "server started with a missing checkpoint file"
grep -q "checkpoint file \".*$file\" is missing" "$LOG" || die "a missing file is not named"
echo "run_crash: damaged checkpoint: refused naming the file or manifest; --recover-ignore-damage started the table empty"

# ---- part 6: missing WAL segments after a checkpoint ----
DATA="$WORK/data-seg"
LOG="$WORK/server-seg.log"
start_server "$DATA" || die "server did not start (missing segments)"
q -q -c "CREATE TABLE m (id int PRIMARY KEY, v text)" \
    -c "INSERT INTO m SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g" -c "CHECKPOINT" \
    -c "INSERT INTO m SELECT g, repeat('x', 100) FROM generate_series(20001, 40000) g" ||
    die "missing segments setup failed"
kill_server
mapfile -t segs < <(ls "$DATA/wal")
((${#segs[@]} >= 3)) || die "expected 3 or more WAL segments, found ${#segs[@]}"
cp -a "$DATA" "$WORK/data-seg-copy"
rm "$DATA/wal/${segs[1]}" # a hole: later segments exist
: >"$LOG"
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" --wal-segment-size 1MB \
    >>"$LOG" 2>&1 && die "server started with a WAL segment missing"
grep -q "segment file \".*${segs[1]}\" is missing" "$LOG" || die "the missing segment is not named"
grep -q "recover-ignore-damage" "$LOG" || die "no way out named for a missing segment"
SERVER_FLAGS=(--recover-ignore-damage)
start_server "$DATA" || die "server did not start with --recover-ignore-damage (hole)"
SERVER_FLAGS=()
grep -q "is missing.*ignored as requested.*discarded" "$LOG" || die "no report of what the hole lost"
kill_server
# every segment gone: the one holding the checkpoint's LSN too
rm -rf "$DATA"
mv "$WORK/data-seg-copy" "$DATA"
rm "$DATA"/wal/*
: >"$LOG"
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" --wal-segment-size 1MB \
    >>"$LOG" 2>&1 && die "server started without the log after its checkpoint"
grep -q "segment file \".*${segs[0]}\" is missing" "$LOG" || die "the missing first segment is not named"
grep -q "needs the log from offset [0-9]*" "$LOG" || die "no offset for the missing first segment"
SERVER_FLAGS=(--recover-ignore-damage)
start_server "$DATA" || die "server did not start with --recover-ignore-damage (no log)"
SERVER_FLAGS=()
grep -q "ignored as requested: the database starts as of checkpoint" "$LOG" ||
    die "no report of what the missing log lost"
[ "$(q -c "SELECT count(*) FROM m")" = 20000 ] || die "the checkpoint's rows are not all there"
q -q -c "INSERT INTO m VALUES (0, 'after')" || die "no commit after starting without the log"
kill_server
start_server "$DATA" || die "no restart after starting without the log"
[ "$(q -c "SELECT count(*) FROM m")" = 20001 ] || die "the commit after the restart is lost"
kill_server
echo "run_crash: missing WAL segments: refused naming the file; --recover-ignore-damage started and said what was lost"
echo "run_crash: ok"
