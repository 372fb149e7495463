#!/usr/bin/env bash
# Disk errors at the server level (docs/wal.md, "Failures"):
#
# Part 1, a real full disk. The data directory lives on a small filesystem made
# here (ext4 on a loop device, else tmpfs; DISK_FS=ext4|tmpfs picks one). A
# filler file leaves little space; then:
#   - inserts until a commit fails: it must get 53100 while the server stays up,
#     reads work, the failed statement's rows are invisible and every
#     acknowledged row is there. Segments are preallocated, so ENOSPC comes when
#     a flush needs the next segment (a batch that straddles the boundary has
#     already written part of itself into the old one, which must be zeroed);
#   - a multi-statement transaction and a COPY larger than the space left fail
#     whole at COMMIT;
#   - small commits fill the current segment to its end, then a CREATE TABLE
#     fails with 53100 (it took effect; its record waits) and so does every
#     later commit while the disk stays full;
#   - SIGKILL and restart on the still-full disk: exactly the acknowledged rows,
#     and the table whose record never reached the log is gone;
#   - the DDL again, then the filler is removed: commits succeed again (the
#     waiting DDL record is written first), segments roll over, and after
#     another SIGKILL and restart exactly the acknowledged rows are there;
#   - synchronous_commit = off on a full disk: the commit that needs the next
#     segment fails alone with 53100 before it is in the log (segments are
#     created ahead of the append), so acknowledged asynchronous batches stay and
#     the log stays usable; a restart has every acknowledged row.
# Part 2, a failed fsync (OMENDB_FAULT=fsync_fail): the commit gets 58030,
# every later write is refused with 58030 naming the cause, reads go on, the
# server log says why, and after a restart every acknowledged row is there plus
# at most the one whose fsync failed (its outcome is unknown, as for a lost
# connection) and none of the refused ones.
#
# If no filesystem can be mounted (not root, no loop devices, no tmpfs), part 1
# runs on an ordinary directory with ENOSPC injected at segment creation and
# says that it SKIPPED the real filesystem, and why.
#
#   tests/crash/run_disk_full.sh        (run by tests/run_all.sh scripts; ~15 s)
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
[ -x "$OMENDB_BIN" ] || {
    echo "run_disk_full: $OMENDB_BIN not built" >&2
    exit 2
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/omendb-diskfull.XXXXXX")"
MNT="$WORK/mnt"
mkdir -p "$MNT"
SPID=""
MOUNTED=""
cleanup() {
    if [ -n "$SPID" ] && kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
    fi
    [ -n "$MOUNTED" ] && umount "$MNT" 2>/dev/null
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then echo "run_disk_full: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
add_cleanup cleanup

LOG="$WORK/server.log"
die() {
    echo "run_disk_full: FAILED: $*" >&2
    echo "--- last server log lines:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
}
say() { echo "run_disk_full: $*"; }

# ---- the small filesystem ----
try_ext4() {
    truncate -s 40M "$WORK/fs.img" && mkfs.ext4 -q -m 0 -F "$WORK/fs.img" >/dev/null 2>&1 &&
        mount -o loop "$WORK/fs.img" "$MNT"
}
try_tmpfs() { mount -t tmpfs -o size=24m tmpfs "$MNT"; }
FS=""
SKIP_WHY=""
: >"$WORK/mount.err"
if [ "$(id -u)" -ne 0 ]; then
    SKIP_WHY="not running as root, so no filesystem can be mounted"
else
    for kind in ${DISK_FS:-ext4 tmpfs}; do
        if [[ "$kind" =~ ^(ext4|tmpfs)$ ]] && "try_$kind" 2>>"$WORK/mount.err"; then
            FS=$kind
            MOUNTED=1
            break
        fi
    done
    [ -n "$FS" ] || SKIP_WHY="could not mount ${DISK_FS:-ext4 or tmpfs}: $(tr '\n' ' ' <"$WORK/mount.err")"
fi

PORT="$(free_port)"
DATA="$MNT/data"
start_server() { # start_server [ENV=VALUE...]
    env "$@" "$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" \
        --wal-segment-size 1MB >>"$LOG" 2>&1 &
    SPID=$!
    wait_ready "$PORT" 30 "$SPID"
}
kill_server() {
    kill -KILL "$SPID" 2>/dev/null
    wait "$SPID" 2>/dev/null
    SPID=""
}
# sql ARGS...: psql with verbose errors (SQLSTATE in the message); output on stdout.
sql() {
    psql -X -q -h 127.0.0.1 -p "$PORT" -U omendb -d omendb -v VERBOSITY=verbose \
        -v ON_ERROR_STOP=1 "$@" 2>&1
}
alive() { kill -0 "$SPID" 2>/dev/null || die "the server died ($1)"; }

# Acknowledged rows of table t are kept as "lo hi" ranges in $ACKED.
ACKED="$WORK/acked"
: >"$ACKED"
NEXT_ID=1
expected() { awk '{ n += $2 - $1 + 1; s += ($1 + $2) * ($2 - $1 + 1) / 2 } END { printf "%d|%d\n", n, s }' "$ACKED"; }
# check_rows WHAT: the table holds exactly the acknowledged rows.
check_rows() {
    local got want
    got="$(sql -At -c "SELECT count(*), coalesce(sum(id), 0) FROM t")"
    want="$(expected)"
    [ "$got" = "$want" ] || die "$1: table t has count|sum $got, the acknowledged rows are $want"
}
# absent LO HI WHAT: no row of an unacknowledged statement is visible.
absent() {
    local n
    n="$(sql -At -c "SELECT count(*) FROM t WHERE id BETWEEN $1 AND $2")"
    [ "$n" = "0" ] || die "$3: $n rows of the failed statement are visible"
}
# insert_rows N PAD: one INSERT of N rows with ids from NEXT_ID; returns 0 when
# acknowledged, 1 on 53100, 2 otherwise. LAST_OUT holds psql's output, LAST_LO and
# LAST_HI the ids tried.
insert_rows() {
    LAST_LO=$NEXT_ID
    LAST_HI=$((NEXT_ID + $1 - 1))
    NEXT_ID=$((LAST_HI + 1))
    LAST_OUT="$(sql -c "INSERT INTO t SELECT g, repeat('x', $2) FROM generate_series($LAST_LO, $LAST_HI) g")"
    if [ -z "$LAST_OUT" ]; then
        echo "$LAST_LO $LAST_HI" >>"$ACKED"
        return 0
    fi
    [[ "$LAST_OUT" == *53100* ]] && return 1
    return 2
}
# fill_until_full N PAD MAX: inserts of N rows until one fails with 53100.
fill_until_full() {
    local i rc
    for ((i = 0; i < $3; i++)); do
        insert_rows "$1" "$2"
        rc=$?
        [ $rc -eq 0 ] && continue
        [ $rc -eq 1 ] || die "insert of $1 rows failed, but not with 53100: $LAST_OUT"
        return 0
    done
    die "no insert of $1 rows failed with 53100 after $3 tries"
}

# ================= part 1: a full disk =================
if [ -n "$FS" ]; then
    say "part 1 on a real $FS filesystem of $(df -h --output=size "$MNT" | tail -n 1 | tr -d ' ') at $MNT"
    start_server || die "server did not start on the small filesystem"
    out="$(sql -c "CREATE TABLE t (id int8 PRIMARY KEY, v text)")"
    [ -z "$out" ] || die "CREATE TABLE: $out"
    insert_rows 100 100 || die "first insert: $LAST_OUT"
    avail=$(df -B1 --output=avail "$MNT" | tail -n 1)
    fallocate -l $((avail - 600 * 1024)) "$MNT/filler" || die "fallocate of the filler failed"
    say "filled: $(df -h --output=avail "$MNT" | tail -n 1 | tr -d ' ') left"
else
    say "SKIPPED the real-filesystem part: $SKIP_WHY;" \
        "filling the disk through the fault-injection layer (ENOSPC at segment creation) instead"
    DATA="$WORK/data"
    # The first segment is made (a header and 16 writes of zeros); the next three
    # attempts to create one fail, then "space returns".
    start_server OMENDB_FAULT="enospc:18,times=3,path=.tmp" || die "server did not start"
    out="$(sql -c "CREATE TABLE t (id int8 PRIMARY KEY, v text)")"
    [ -z "$out" ] || die "CREATE TABLE: $out"
fi

# 1a. batches of ~45 kB until the next segment cannot be created
fill_until_full 200 200 200
say "commit failed at segment rollover: $(echo "$LAST_OUT" | head -n 1)"
alive "after ENOSPC"
echo "$LAST_OUT" | grep -q "nothing of it is in the log" || die "no detail on the failed commit: $LAST_OUT"
absent "$LAST_LO" "$LAST_HI" "failed insert"
check_rows "after the failed insert"

# 1b. a transaction of several statements fails whole at COMMIT
lo=$NEXT_ID
NEXT_ID=$((NEXT_ID + 4000))
out="$(sql -c "BEGIN" \
    -c "INSERT INTO t SELECT g, repeat('b', 300) FROM generate_series($lo, $((lo + 1999))) g" \
    -c "INSERT INTO t SELECT g, repeat('b', 300) FROM generate_series($((lo + 2000)), $((lo + 3999))) g" \
    -c "COMMIT")"
[[ "$out" == *53100* ]] || die "a big transaction on a full disk did not fail with 53100: $out"
absent "$lo" $((lo + 3999)) "failed transaction"
# 1c. so does a COPY
lo=$NEXT_ID
NEXT_ID=$((NEXT_ID + 5000))
out="$(seq "$lo" $((lo + 4999)) | awk '{ printf "%d\t%0300d\n", $1, $1 }' | sql -c "COPY t FROM STDIN")"
[[ "$out" == *53100* ]] || die "a COPY on a full disk did not fail with 53100: $out"
absent "$lo" $((lo + 4999)) "failed COPY"
check_rows "after the failed transaction and COPY"
alive "after the failed transaction and COPY"
say "a 4000-row transaction and a 5000-row COPY failed whole with 53100"

if [ -n "$FS" ]; then
    # 1d. fill the current segment to its very end with ever smaller commits
    fill_until_full 1 2000 100
    fill_until_full 1 100 100
    fill_until_full 1 0 100
    out="$(sql -c "CREATE TABLE t2 (a int)")"
    [[ "$out" == *53100* ]] || die "CREATE TABLE on a full log did not fail with 53100: $out"
    insert_rows 1 0 && die "a commit after a DDL that waits for space succeeded"
    [[ "$LAST_OUT" == *53100* ]] || die "a commit behind a waiting DDL did not fail with 53100: $LAST_OUT"
    check_rows "with a DDL waiting"
    alive "with a DDL waiting"
    say "segment full: CREATE TABLE and later commits fail with 53100"

    # 1e. crash and restart on the still-full disk
    kill_server
    start_server || die "server did not restart on the full disk"
    check_rows "after a restart on the full disk"
    out="$(sql -c "SELECT * FROM t2")"
    [[ "$out" == *42P01* ]] || die "the table whose record never reached the log survived: $out"
    out="$(sql -c "CREATE TABLE t2 (a int)")"
    [[ "$out" == *53100* ]] || die "CREATE TABLE after the restart did not fail with 53100: $out"
    say "restart on the full disk: exactly the acknowledged rows"

    # 1f. space returns
    rm -f "$MNT/filler"
    insert_rows 1 0 || die "a commit after space returned failed: $LAST_OUT"
    out="$(sql -c "INSERT INTO t2 VALUES (7)")"
    [ -z "$out" ] || die "the table created while the disk was full is not usable: $out"
    grep -q "schema change delayed by a full disk is now in" "$LOG" || die "no log line for the delayed DDL"
    insert_rows 3000 300 || die "a batch over the segment boundary failed: $LAST_OUT"
    insert_rows 3000 300 || die "a second batch failed: $LAST_OUT"
else
    insert_rows 1 0 || die "a commit after space returned failed: $LAST_OUT"
    insert_rows 3000 300 || die "a batch over the segment boundary failed: $LAST_OUT"
    say "space returned (the fault expired): commits succeed and segments roll over"
fi
check_rows "after space returned"
grep -q "WARNING:  could not write to the write-ahead log" "$LOG" || die "ENOSPC is not in the server log"
kill_server
start_server || die "server did not restart after space returned"
check_rows "after the final restart"
if [ -n "$FS" ]; then
    out="$(sql -At -c "SELECT a FROM t2")"
    [ "$out" = "7" ] || die "table t2 lost after the restart: $out"
    say "space returned: commits succeed, segments roll over, and a restart finds exactly the acknowledged rows"

    # 1g. synchronous_commit = off on a full disk: the commit that needs a new
    # segment fails alone, before it is in the log; acknowledged asynchronous
    # batches stay, and the log stays usable.
    avail=$(df -B1 --output=avail "$MNT" | tail -n 1)
    fallocate -l $((avail - 64 * 1024)) "$MNT/filler" || die "fallocate of the filler failed"
    n_async=0
    for ((i = 0; i < 200; i++)); do
        lo=$NEXT_ID
        NEXT_ID=$((NEXT_ID + 200))
        out="$(sql -c "SET synchronous_commit = off" \
            -c "INSERT INTO t SELECT g, repeat('a', 200) FROM generate_series($lo, $((lo + 199))) g")"
        [ -z "$out" ] || break
        echo "$lo $((lo + 199))" >>"$ACKED"
        n_async=$((n_async + 1))
    done
    [[ "$out" == *53100* ]] || die "synchronous_commit=off on a full disk: expected 53100, got: $out"
    alive "after the asynchronous commit failure"
    absent "$lo" $((lo + 199)) "failed asynchronous insert"
    grep -q "write-ahead log failed" "$LOG" && die "ENOSPC with asynchronous commits made the log fail"
    sleep 0.5 # the background writer makes the acknowledged batches durable (200 ms)
    check_rows "after the asynchronous commit failure"
    rm -f "$MNT/filler"
    out="$(sql -c "SET synchronous_commit = off" -c "INSERT INTO t VALUES ($NEXT_ID, 'x')")"
    [ -z "$out" ] || die "an asynchronous commit after space returned failed: $out"
    echo "$NEXT_ID $NEXT_ID" >>"$ACKED"
    NEXT_ID=$((NEXT_ID + 1))
    insert_rows 1 0 || die "a commit after space returned failed: $LAST_OUT"
    kill_server
    start_server || die "server did not restart after the asynchronous commits"
    check_rows "after the asynchronous commits and a restart"
    say "synchronous_commit=off: $n_async acknowledged batches, then 53100 at the segment" \
        "the disk could not hold; the log stays usable and a restart has every acknowledged row"
fi
kill_server

# ================= part 2: a failed fsync =================
DATA="$WORK/data-fsync"
: >"$ACKED"
NEXT_ID=1
# The 12th sync of a WAL file fails: after the table's segment creation (2 syncs)
# and about ten single-row commits.
start_server OMENDB_FAULT="fsync_fail:12,path=/wal/" || die "server with fsync fault did not start"
out="$(sql -c "CREATE TABLE t (id int8 PRIMARY KEY, v text)")"
[ -z "$out" ] || die "CREATE TABLE: $out"
failed_id=""
n_refused=0
for ((i = 0; i < 30; i++)); do
    insert_rows 1 10 && continue
    [[ "$LAST_OUT" == *58030* ]] || die "commit failed, but not with 58030: $LAST_OUT"
    if [ -z "$failed_id" ]; then
        [[ "$LAST_OUT" == *"could not fsync"* ]] || die "the first failure does not name the fsync: $LAST_OUT"
        failed_id=$LAST_LO
    else
        [[ "$LAST_OUT" == *"unavailable after an earlier write failure"* ]] ||
            die "a later write was not refused as such: $LAST_OUT"
        n_refused=$((n_refused + 1))
    fi
done
[ -n "$failed_id" ] || die "no commit failed after the injected fsync failure"
[ $n_refused -gt 0 ] || die "no write was refused after the fsync failure"
alive "after the fsync failure"
check_rows "after the fsync failure (the failed commit must not be visible)"
out="$(sql -c "CREATE TABLE t3 (a int)")"
[[ "$out" == *58030* ]] || die "DDL after the fsync failure was not refused: $out"
grep -q "ERROR:  write-ahead log failed;.*could not fsync" "$LOG" || die "the log does not say why writes stopped"
say "fsync failure: commit $failed_id got 58030, $n_refused later writes refused, reads go on, logged"
kill_server
start_server || die "server did not restart after the fsync failure"
got="$(sql -At -c "SELECT count(*), coalesce(sum(id), 0) FROM t WHERE id <> $failed_id")"
[ "$got" = "$(expected)" ] || die "after the restart: $got, expected the acknowledged $(expected)"
n="$(sql -At -c "SELECT count(*) FROM t WHERE id > $failed_id")"
[ "$n" = "0" ] || die "$n refused rows appeared after the restart"
say "restart after the fsync failure: every acknowledged row, nothing refused" \
    "(the commit whose fsync failed: $(sql -At -c "SELECT count(*) FROM t WHERE id = $failed_id") row, outcome unknown by design)"
kill_server
say "ok"
