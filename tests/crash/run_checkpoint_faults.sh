#!/usr/bin/env bash
# Checkpoints on a failing disk, with a real SIGKILL (docs/checkpoint.md,
# "When a checkpoint fails"). For each fault injected through OMENDB_FAULT
# into the second checkpoint of a server (a table file's fsync, a short write
# of a table file, ENOSPC writing MANIFEST.tmp, MANIFEST.tmp's fsync):
#   - CHECKPOINT fails with the file layer's SQLSTATE (58030 or 53100);
#   - the previous checkpoint is intact: MANIFEST unchanged, the files it
#     names present and matching, no partial directory and no MANIFEST.tmp;
#     no WAL segment was removed;
#   - commits go on, the next CHECKPOINT succeeds;
#   - after more commits the server is killed with SIGKILL and restarted:
#     every acknowledged row is there.
# Last, an fsync failure of the WAL during a checkpoint's log flush (an
# asynchronous commit waits in the buffer): the checkpoint fails with 58030
# and the server stops accepting writes as for any failed WAL fsync
# (docs/wal.md), reads go on, and a restart recovers every acknowledged
# synchronous commit. The in-process unit test
# tests/unit/sql/test_checkpoint_faults.c covers every step of a checkpoint
# (directory fsyncs included); this script shows the same through the server.
#
# Runs from tests/run_all.sh scripts; about 15 s.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
[ -x "$OMENDB_BIN" ] || { echo "run_checkpoint_faults: $OMENDB_BIN not built" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-ckfault.XXXXXX")"
SPID=""
cleanup() {
    if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
    fi
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then echo "run_checkpoint_faults: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
add_cleanup cleanup

LOG="$WORK/server.log"
die() {
    echo "run_checkpoint_faults: FAILED: $*" >&2
    echo "--- last server log lines:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
}

PORT="$(free_port)"
start_server() { # start_server DATA [ENV...]
    local data=$1
    shift
    env "$@" "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$data" \
        --wal-segment-size 1MB --max-wal-size 0 --checkpoint-timeout 0 >>"$LOG" 2>&1 &
    SPID=$!
    wait_ready "$PORT" 60 "$SPID"
}
kill_server() {
    kill -KILL "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
    SPID=""
}
q() { psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U omendb -d omendb "$@"; }
# q_err SQL: runs SQL expecting an error; prints the output (with the SQLSTATE)
q_err() {
    psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -h 127.0.0.1 -p "$PORT" -U omendb \
        -d omendb -c "$1" 2>&1 && echo "UNEXPECTED SUCCESS"
}

N=0 # rows of t acknowledged
insert_t() { # insert_t COUNT
    q -q -c "INSERT INTO t SELECT g, 'v' || g FROM generate_series($((N + 1)), $((N + $1))) g" ||
        die "insert failed"
    N=$((N + $1))
}
verify() {
    local got want
    got=$(q -c "SELECT count(*), coalesce(sum(id), 0), count(*) FILTER (WHERE v <> 'v' || id) FROM t" \
        -c "SELECT count(*), sum(n) FROM idle" | tr '\n' ' ')
    want="$N|$((N * (N + 1) / 2))|0 1000|500500 "
    [ "$got" = "$want" ] || die "$1: found $got, want $want"
}
# manifest_ok DATA: every file the manifest names exists with its size
manifest_ok() {
    local name size
    while read -r name size; do
        [ -f "$1/checkpoint/$name" ] || die "manifest names missing file $name"
        [ "$(stat -c %s "$1/checkpoint/$name")" = "$size" ] || die "$name has the wrong size"
    done < <(awk '$1 == "table" { print $3, $4 } $1 == "catalog" { print $2, $3 }' \
        "$1/checkpoint/MANIFEST")
}

# one_fault NAME SPEC SQLSTATE
one_fault() {
    local name=$1 spec=$2 state=$3 data="$WORK/data-$1" out seq nseg
    N=0
    : >"$LOG"
    start_server "$data" OMENDB_FAULT="$spec" || die "$name: server did not start"
    q -q -c "CREATE TABLE t (id int8 PRIMARY KEY, v text)" -c "CREATE TABLE idle (id int4, n int8)" \
        -c "INSERT INTO idle SELECT g, g FROM generate_series(1, 1000) g" || die "$name: setup"
    insert_t 3000
    q -q -c "CHECKPOINT" || die "$name: first checkpoint failed"
    cp "$data/checkpoint/MANIFEST" "$WORK/MANIFEST.before"
    seq=$(awk '$1 == "seq" { print $2 }' "$data/checkpoint/MANIFEST")
    insert_t 500
    nseg=$(ls "$data/wal" | wc -l)
    out=$(q_err "CHECKPOINT")
    grep -q "$state" <<<"$out" || die "$name: CHECKPOINT did not fail with $state: $out"
    kill -0 "$SPID" 2>/dev/null || die "$name: server died"
    cmp -s "$WORK/MANIFEST.before" "$data/checkpoint/MANIFEST" || die "$name: MANIFEST changed"
    manifest_ok "$data"
    [ -e "$data/checkpoint/MANIFEST.tmp" ] && die "$name: MANIFEST.tmp left"
    [ -e "$data/checkpoint/$(printf '%016X' $((seq + 1)))" ] && die "$name: partial directory left"
    [ "$(ls "$data/wal" | wc -l)" -ge "$nseg" ] || die "$name: WAL segments removed"
    insert_t 200
    q -q -c "CHECKPOINT" || die "$name: the checkpoint after the failure failed"
    manifest_ok "$data"
    insert_t 100
    kill_server
    start_server "$data" || die "$name: no restart after SIGKILL"
    verify "$name"
    kill_server
    echo "run_checkpoint_faults: $name: CHECKPOINT failed with $state, previous checkpoint intact, next one succeeded, $N rows after SIGKILL"
}

# the first checkpoint fsyncs two table files; the second's first is the 3rd
one_fault table-fsync "fsync_fail:3,path=.parquet" 58030
one_fault table-short-write "short_write:3,path=.parquet" 53100
one_fault manifest-enospc "enospc:2,path=MANIFEST" 53100
one_fault manifest-fsync "fsync_fail:2,path=MANIFEST" 58030

# the WAL's own fsync fails during a checkpoint's log flush
data="$WORK/data-wal"
N=0
: >"$LOG"
start_server "$data" || die "wal: server did not start"
q -q -c "CREATE TABLE t (id int8 PRIMARY KEY, v text)" -c "CREATE TABLE idle (id int4, n int8)" \
    -c "INSERT INTO idle SELECT g, g FROM generate_series(1, 1000) g" || die "wal: setup"
insert_t 1000
kill -TERM "$SPID"
wait "$SPID" 2>/dev/null
SPID=""
# restart: recovery writes nothing; the next fdatasync of the log is the
# checkpoint's flush of an asynchronous commit
start_server "$data" OMENDB_FAULT="fsync_fail:1,path=/wal/" || die "wal: no restart with the fault"
q -q -c "SET synchronous_commit = off" -c "INSERT INTO t VALUES (-1, 'async')" || die "wal: async insert"
out=$(q_err "CHECKPOINT")
grep -q 58030 <<<"$out" || die "wal: CHECKPOINT did not fail with 58030: $out"
out=$(q_err "INSERT INTO t VALUES (-2, 'refused')")
grep -q 58030 <<<"$out" || die "wal: a write after the failed WAL fsync was not refused: $out"
[ "$(q -c "SELECT count(*) FROM t WHERE id > 0")" = "$N" ] || die "wal: reads fail"
grep -q "write-ahead log failed" "$LOG" || die "wal: the log does not say why writes stopped"
kill_server
start_server "$data" || die "wal: no restart after the WAL failure"
q -q -c "DELETE FROM t WHERE id < 0" || die "wal: writes refused after restart"
verify wal
kill_server
echo "run_checkpoint_faults: WAL fsync failure during a checkpoint: 58030, writes refused, reads go on, restart recovers every acknowledged commit"
echo "run_checkpoint_faults: ok"
