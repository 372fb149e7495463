#!/usr/bin/env bash
# Transactional DDL (docs/transactions.md, "Transactional DDL") across kill -9
# and between sessions:
#   - a block's CREATE TABLE / INDEX / sequence and its rows reach the log as one
#     batch at COMMIT: after kill -9 a committed block is all there (sequences go
#     on from where they were), an open one leaves nothing, not even its table;
#   - ROLLBACK TO SAVEPOINT and ROLLBACK take DDL back, also across restarts;
#   - a table another session has not committed is invisible (42P01, and not in
#     pg_class); that
#     session's DDL holds off other sessions' DDL and CHECKPOINT until it ends;
#     a DDL wait that closes a cycle is 40P01, and statement_timeout ends one;
#   - an ALTER TABLE of an older table is taken back by kill -9 and ROLLBACK,
#     and other sessions' queries of the table wait for it;
#   - DDL on an older table that cannot be taken back (a type change) is written at
#     once, and ROLLBACK then warns that it stays;
#   - CREATE FUNCTION follows the same rules: committed, it survives kill -9 and
#     checkpoints; rolled back or open at the kill, it is gone.
#
#   tests/crash/run_ddl_txn_restart.sh
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_ddl_txn_restart
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"

q() { PGPASSWORD=omendb psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb -c "$1" 2>&1; }
expect() { # expect WHAT GOT WANT
    [ "$2" = "$3" ] || die "$1: got [$2], want [$3]"
}

# A second session kept open on a fifo: a_send TEXT, then a_wait MARK.
APID=""
a_open() {
    rm -f "$WORK/a.in" "$WORK/a.out"
    mkfifo "$WORK/a.in"
    PGPASSWORD=omendb psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb \
        <"$WORK/a.in" >"$WORK/a.out" 2>&1 &
    APID=$!
    exec 7>"$WORK/a.in"
}
a_send() { printf '%s\n' "$1" >&7; }
a_wait() {
    for _ in $(seq 1 300); do
        grep -q "^$1\$" "$WORK/a.out" && return 0
        sleep 0.05
    done
    die "session a did not answer ($1): $(cat "$WORK/a.out")"
}
a_close() {
    exec 7>&-
    wait "$APID" 2>/dev/null
    APID=""
}

start
sql <<'EOF' || die "setup failed"
CREATE TABLE base (id int PRIMARY KEY, name text);
INSERT INTO base VALUES (1, 'one'), (2, 'two');
BEGIN;
CREATE TABLE done1 (id serial PRIMARY KEY, base_id int REFERENCES base (id), v text);
INSERT INTO done1 (base_id, v) VALUES (1, 'a'), (2, 'b'), (1, 'c');
CREATE INDEX done1_v ON done1 (v);
SAVEPOINT s;
CREATE TABLE gone1 (a int);
INSERT INTO gone1 VALUES (1);
ROLLBACK TO SAVEPOINT s;
ALTER TABLE done1 ADD COLUMN w int DEFAULT 3;
CREATE FUNCTION done_fn(k int, suffix text DEFAULT '!') RETURNS text LANGUAGE sql
    AS $$ SELECT v || suffix FROM done1 WHERE id = k $$;
COMMIT;
BEGIN;
CREATE TABLE gone2 (a int);
INSERT INTO gone2 VALUES (2);
CREATE FUNCTION gone_fn() RETURNS int RETURN 1;
ROLLBACK;
BEGIN;
CREATE TABLE ddl_only (a int);
COMMIT;
EOF
STATE="SELECT id, base_id, v, w, done_fn(id) FROM done1 ORDER BY id;
SELECT relname FROM pg_class WHERE relname IN ('done1', 'done1_v', 'done1_id_seq', 'gone1', 'gone2', 'ddl_only') ORDER BY 1;"
expected="$(q "$STATE")"

# --- an open block when the server is killed leaves nothing ---
a_open
a_send "BEGIN;"
a_send "CREATE TABLE open1 (id serial PRIMARY KEY, v text);"
a_send "CREATE FUNCTION open_fn() RETURNS int RETURN 1;"
a_send "INSERT INTO open1 (v) SELECT 'x' || g FROM generate_series(1, 100) g;"
a_send "INSERT INTO done1 (base_id, v) VALUES (2, 'uncommitted');"
a_send "\\echo opened"
a_wait opened
# meanwhile other sessions commit rows, and nextval moves
q "INSERT INTO done1 (base_id, v) VALUES (2, 'd')" >/dev/null
expected="$(q "$STATE")"
crash
a_close
start
got="$(q "$STATE")"
[ "$got" = "$expected" ] || die "after kill -9 with an open block:
$(diff <(echo "$expected") <(echo "$got"))"
got="$(q "SELECT * FROM open1")"
case "$got" in *"does not exist"*) ;; *) die "the open block's table survived kill -9: $got" ;; esac
for fn in open_fn gone_fn; do
    got="$(q "SELECT $fn()")"
    case "$got" in *"does not exist"*) ;; *) die "function $fn survived: $got" ;; esac
done
# ids 1-5 were handed out before the kill (one to the lost row): none again
id="$(q "INSERT INTO done1 (base_id, v) VALUES (1, 'e') RETURNING id")"
[ "$id" -gt 5 ] 2>/dev/null || die "the sequence of a committed block went back after kill -9: $id"

# --- another session's uncommitted table: invisible; its DDL waits ---
a_open
a_send "BEGIN;"
a_send "CREATE TABLE pend (a int);"
a_send "INSERT INTO pend VALUES (1);"
a_send "\\echo created"
a_wait created
got="$(q "SELECT * FROM pend")"
case "$got" in *"does not exist"*) ;; *) die "another session saw an uncommitted table: $got" ;; esac
expect "pg_class of another session lists an uncommitted table" \
    "$(q "SELECT count(*) FROM pg_class WHERE relname = 'pend'")" "0"
got="$(q "INSERT INTO pend VALUES (2)")"
case "$got" in *"does not exist"*) ;; *) die "another session wrote an uncommitted table: $got" ;; esac
got="$(q "SET statement_timeout = 300; CREATE TABLE waits (a int)")"
case "$got" in *"statement timeout"*) ;; *) die "DDL did not wait for the open block: $got" ;; esac
(q "CREATE TABLE waited (a int)" >"$WORK/b.out") &
BPID=$!
(q "CHECKPOINT" >"$WORK/c.out") &
CPID=$!
sleep 0.5
kill -0 "$BPID" 2>/dev/null || die "CREATE TABLE did not wait for the open block: $(cat "$WORK/b.out")"
kill -0 "$CPID" 2>/dev/null || die "CHECKPOINT did not wait for the open block: $(cat "$WORK/c.out")"
a_send "COMMIT;"
a_send "\\echo committed"
a_wait committed
wait "$BPID" || die "the waiting CREATE TABLE failed: $(cat "$WORK/b.out")"
wait "$CPID" || die "the waiting CHECKPOINT failed: $(cat "$WORK/c.out")"
expect "rows of the committed block, seen by another session" "$(q "SELECT count(*) FROM pend")" "1"
a_close

# --- a cycle: the block waits for a row another session holds, which waits for
# --- the block's DDL: one of them gets 40P01 ---
q "CREATE TABLE locked (id int PRIMARY KEY, n int); INSERT INTO locked VALUES (1, 0)" >/dev/null
a_open
a_send "BEGIN;"
a_send "CREATE TABLE cyc (a int);"
a_send "\\echo cyc"
a_wait cyc
PGPASSWORD=omendb psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb \
    -c "BEGIN" -c "UPDATE locked SET n = 1 WHERE id = 1" -c "SELECT pg_sleep(0.5)" \
    -c "CREATE TABLE cyc_other (a int)" -c "COMMIT" >"$WORK/d.out" 2>&1 &
DPID=$!
sleep 0.3
a_send "UPDATE locked SET n = 2 WHERE id = 1;"
a_send "\\echo updated"
a_wait updated
wait "$DPID"
a_send "ROLLBACK;"
a_send "\\echo rolledback"
a_wait rolledback
a_close
grep -q "deadlock detected" "$WORK/a.out" "$WORK/d.out" || die "no deadlock reported:
a: $(cat "$WORK/a.out")
d: $(cat "$WORK/d.out")"

# --- ALTER TABLE of an older table: others wait for it, kill -9 takes it back ---
a_open
a_send "BEGIN;"
a_send "ALTER TABLE base ADD COLUMN extra int DEFAULT 7 NOT NULL;"
a_send "INSERT INTO base VALUES (3, 'three', 8);"
a_send "\\echo altered"
a_wait altered
got="$(q "SET statement_timeout = 300; SELECT count(*) FROM base")"
case "$got" in *"statement timeout"*) ;; *) die "a query did not wait for the ALTER: $got" ;; esac
(q "SELECT count(*) FROM base" >"$WORK/e.out") &
EPID=$!
sleep 0.3
kill -0 "$EPID" 2>/dev/null || die "a query did not wait for the ALTER: $(cat "$WORK/e.out")"
crash
a_close
wait "$EPID"
start
expect "the older table after kill -9 in its ALTER's transaction" \
    "$(q "SELECT * FROM base ORDER BY id")" "1|one
2|two"
a_open
a_send "BEGIN;"
a_send "ALTER TABLE base ADD COLUMN extra int DEFAULT 7 NOT NULL;"
a_send "\\echo altered"
a_wait altered
(q "SELECT * FROM base ORDER BY id" >"$WORK/e.out") &
EPID=$!
sleep 0.3
a_send "ROLLBACK;"
a_send "\\echo rolledback"
a_wait rolledback
a_close
wait "$EPID"
expect "a query that waited for a rolled-back ALTER" "$(cat "$WORK/e.out")" "1|one
2|two"

# --- DDL on an older table that cannot be taken back is kept, with a warning ---
got="$(PGPASSWORD=omendb psql -X -q -h 127.0.0.1 -p "$PORT" -U omendb omendb \
    -c "BEGIN" -c "CREATE TABLE early (a int)" -c "ALTER TABLE base ADD COLUMN note text" \
    -c "ALTER TABLE base ALTER COLUMN note TYPE varchar(20)" -c "ROLLBACK" 2>&1)"
case "$got" in *"not rolled back"*) ;; *) die "ROLLBACK gave no warning: $got" ;; esac
expect "a table created before DDL on an older table" \
    "$(q "SELECT count(*) FROM pg_class WHERE relname = 'early'")" "1"
expect "the older table's retyped column" \
    "$(q "SELECT data_type FROM information_schema.columns WHERE table_name = 'base' AND column_name = 'note'")" "character varying"

# --- everything as it was after a checkpoint and kill -9, then a clean restart ---
FINAL="$STATE
SELECT count(*) FROM pend;
SELECT relname FROM pg_class WHERE relname IN ('waited', 'cyc', 'early', 'pend') ORDER BY 1;
SELECT column_name FROM information_schema.columns WHERE table_name = 'base' ORDER BY 1;"
expected="$(q "$FINAL")"
q "CHECKPOINT" >/dev/null
sql <<'EOF' || die "work after the checkpoint failed"
BEGIN;
CREATE TABLE after_ck (a int);
INSERT INTO after_ck VALUES (7);
COMMIT;
BEGIN;
CREATE TABLE after_ck_gone (a int);
ROLLBACK;
EOF
expected="$expected
$(q "SELECT * FROM after_ck")"
crash
start
got="$(q "$FINAL")
$(q "SELECT * FROM after_ck")"
[ "$got" = "$expected" ] || die "after checkpoint and kill -9:
$(diff <(echo "$expected") <(echo "$got"))"
stop_clean
start
got="$(q "$FINAL")
$(q "SELECT * FROM after_ck")"
[ "$got" = "$expected" ] || die "after a clean restart:
$(diff <(echo "$expected") <(echo "$got"))"

echo "run_ddl_txn_restart: OK"
