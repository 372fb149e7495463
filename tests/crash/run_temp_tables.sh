#!/usr/bin/env bash
# Temporary tables across sessions and crashes (docs/sql.md, "Temporary
# tables"; docs/wal.md): each session's pg_temp_N is its own, other sessions
# cannot see or reach into it, it is dropped when the session ends, its
# tables never reach the write-ahead log or a checkpoint, and a kill -9 with
# temporary tables in use recovers the permanent data and nothing else.
#
#   tests/crash/run_temp_tables.sh
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_temp_tables
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"
declare -A SESS_PID SESS_FD
close_sessions() {
    for s in "${!SESS_PID[@]}"; do kill "${SESS_PID[$s]}" 2>/dev/null; done
}
add_cleanup close_sessions

# unaligned rows, and the statement's error printed rather than stopping
sql() {
    PGPASSWORD=omendb psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb "$@"
}

# A long-lived session: psql reading from a pipe; `run NAME SQL` sends SQL
# and prints what psql printed for it (errors included).
open_session() {
    local name=$1 fd
    mkfifo "$WORK/$name.in"
    ( # the other sessions' pipes stay theirs: they must see EOF when closed
        for f in "${SESS_FD[@]}"; do eval "exec $f>&-"; done
        PGPASSWORD=omendb exec psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb \
            <"$WORK/$name.in" >"$WORK/$name.out" 2>&1
    ) &
    SESS_PID[$name]=$!
    exec {fd}>"$WORK/$name.in"
    SESS_FD[$name]=$fd
}
SEQ=0
run() {
    local name=$1 fd=${SESS_FD[$1]} i
    SEQ=$((SEQ + 1))
    local mark="__done_${SEQ}__" start
    start=$(wc -l <"$WORK/$name.out")
    printf '%s;\n\\echo %s\n' "$2" "$mark" >&"$fd"
    for i in $(seq 1 200); do
        grep -q "^$mark\$" "$WORK/$name.out" && break
        sleep 0.05
    done
    grep -q "^$mark\$" "$WORK/$name.out" || die "session $name did not answer: $2"
    tail -n +"$((start + 1))" "$WORK/$name.out" | grep -v "^$mark\$"
}
close_session() {
    local name=$1
    eval "exec ${SESS_FD[$name]}>&-"
    wait "${SESS_PID[$name]}" 2>/dev/null
    unset "SESS_PID[$name]" "SESS_FD[$name]"
}
expect() { # expect WHAT GOT WANTED
    [ "$2" = "$3" ] || die "$1: got [$2], expected [$3]"
}

start
sql -c "CREATE TABLE keep (id int PRIMARY KEY, v text); INSERT INTO keep VALUES (1, 'one'), (2, 'two')" ||
    die "setup failed"

# --- two sessions ---
open_session a
open_session b
run a "CREATE TEMP TABLE keep (id int, mine text); INSERT INTO keep VALUES (7, 'a');" >/dev/null
expect "session a reads its temporary table first" "$(run a "SELECT * FROM keep")" "7|a"
expect "session b reads the permanent table" "$(run b "SELECT count(*) FROM keep")" "2"
nsp_a="$(run a "SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")"
[[ "$nsp_a" == pg_temp_* ]] || die "session a has no temporary schema: $nsp_a"
got="$(run b "SELECT * FROM $nsp_a.keep")"
[[ "$got" == *"cannot access temporary tables of other sessions"* ]] ||
    die "session b reached into $nsp_a: $got"
expect "pg_is_other_temp_schema" \
    "$(run b "SELECT pg_is_other_temp_schema(oid) FROM pg_namespace WHERE nspname = '$nsp_a'")" "t"
run b "CREATE TEMP TABLE only_b (x int); INSERT INTO only_b VALUES (1)" >/dev/null
nsp_b="$(run b "SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")"
[ "$nsp_b" != "$nsp_a" ] || die "both sessions got $nsp_a"
got="$(run a "SELECT * FROM only_b")"
[[ "$got" == *'relation "only_b" does not exist'* ]] || die "session a sees only_b: $got"
expect "pg_table_is_visible across sessions" \
    "$(run a "SELECT count(*) FROM pg_class WHERE relname = 'only_b' AND pg_table_is_visible(oid)")" "0"
expect "information_schema hides other sessions' temporary tables" \
    "$(run a "SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_b'")" "0"

# COPY in and out of a temporary table
run b "CREATE TEMP TABLE tc (a int, b text)" >/dev/null
printf '1\tone\n2\ttwo\n' >"$WORK/tc.tsv"
run b "\\copy tc FROM '$WORK/tc.tsv'" >/dev/null
expect "COPY into a temporary table" "$(run b "COPY (SELECT * FROM tc ORDER BY a) TO STDOUT" | tr '\t\n' ':,')" \
    "1:one,2:two,"

# A transaction that writes only temporary tables writes no log.
lsn1="$(run a "SELECT pg_current_wal_lsn()")"
run a "INSERT INTO keep SELECT g, 'x' FROM generate_series(1, 1000) g; UPDATE keep SET mine = 'y'; DELETE FROM keep WHERE id < 10" >/dev/null
run a "CREATE TEMP TABLE more (x int PRIMARY KEY); CREATE INDEX ON keep (mine); DROP TABLE more" >/dev/null
run a "CREATE TEMP TABLE ser (id serial, v int); INSERT INTO ser (v) SELECT g FROM generate_series(1, 100) g;
CREATE TEMP SEQUENCE tsq; SELECT count(nextval('tsq')) FROM generate_series(1, 50)" >/dev/null
lsn2="$(run a "SELECT pg_current_wal_lsn()")"
expect "temporary tables write no log" "$lsn2" "$lsn1"

# Session end drops everything; the next session may get the same slot.
close_session a
# the server ends the session right after psql has gone: allow it a moment
for i in $(seq 1 100); do
    [ "$(sql -c "SELECT count(*) FROM pg_namespace WHERE nspname = '$nsp_a'")" = 0 ] && break
    sleep 0.05
done
expect "the schema of an ended session is gone" \
    "$(sql -c "SELECT count(*) FROM pg_namespace WHERE nspname = '$nsp_a'")" "0"
open_session c
run c "CREATE TEMP TABLE x (y int)" >/dev/null
nsp_c="$(run c "SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")"
expect "a new session reuses the free slot" "$nsp_c" "$nsp_a"
expect "the new session sees none of the old tables" \
    "$(run c "SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()")" "1"
expect "the new session reads the permanent table" "$(run c "SELECT count(*) FROM keep")" "2"
close_session b
close_session c

# --- crash with temporary tables in use ---
open_session d
run d "CREATE TEMP SEQUENCE dseq; SELECT count(nextval('dseq')) FROM generate_series(1, 40);
CREATE TEMP TABLE tt (id int PRIMARY KEY, v text) ON COMMIT PRESERVE ROWS;
INSERT INTO tt SELECT g, 'row ' || g FROM generate_series(1, 2000) g;
INSERT INTO keep VALUES (3, 'three');" >/dev/null
sql -c "CHECKPOINT" >/dev/null || die "checkpoint failed"
run d "INSERT INTO tt VALUES (5000, 'after'); ALTER TABLE tt ADD COLUMN w int DEFAULT 1;
CREATE TEMP TABLE tt2 AS SELECT * FROM tt; INSERT INTO keep VALUES (4, 'four');
CREATE TEMP TABLE ts (id serial, v int); INSERT INTO ts (v) SELECT g FROM generate_series(1, 100) g;" >/dev/null
expect "temporary rows before the crash" "$(run d "SELECT count(*) FROM tt2")" "2001"
crash
close_session d
start
expect "permanent rows survive" "$(sql -c "SELECT id || v FROM keep ORDER BY id" | tr '\n' ',')" \
    "1one,2two,3three,4four,"
expect "no temporary schema after recovery" \
    "$(sql -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'pg_temp%'")" "0"
got="$(sql -c "SELECT * FROM tt" 2>&1)"
[[ "$got" == *'relation "tt" does not exist'* ]] || die "tt survived the crash: $got"
grep -qi "error\|damage" "$LOG" && die "the server log reports errors"
crash
start
expect "permanent rows after a second crash" "$(sql -c "SELECT count(*) FROM keep")" "4"
stop_clean
echo "run_temp_tables: ok (two sessions, session end, kill -9 with temporary tables)"
