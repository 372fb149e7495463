#!/usr/bin/env bash
# DEFERRABLE foreign keys persist (docs/transactions.md, "Foreign keys"): the
# flags live in the DDL history (the statement's text is replayed), so
# pg_constraint.condeferrable / condeferred, pg_get_constraintdef and the
# deferred checks themselves must be the same after a clean restart, after
# CHECKPOINT + more DDL + kill -9, and after a restart from the checkpoint.
#
#   tests/crash/run_fkey_deferrable_restart.sh
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_fkey_deferrable_restart
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"

QUERIES="
SELECT conname, condeferrable, condeferred, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE contype = 'f' ORDER BY conname;
"

# A deferred key lets a child in before its parent, and fails at COMMIT without it.
check_deferred() {
    local n="$1"
    sql -c "BEGIN; INSERT INTO c VALUES ($n, $n); INSERT INTO p VALUES ($n); COMMIT;" >/dev/null ||
        die "$2: a child before its parent failed"
    local out
    out="$(sql -c "BEGIN; INSERT INTO c VALUES ($((n + 1)), -1); COMMIT;" 2>&1)" &&
        die "$2: COMMIT with a missing parent succeeded"
    echo "$out" | grep -q 'violates foreign key constraint "c_p_fk"' ||
        die "$2: unexpected error: $out"
}

start
sql <<'EOF' || die "setup failed"
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE c (id int PRIMARY KEY, p_id int);
ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE d (id int PRIMARY KEY, p_id int REFERENCES p DEFERRABLE, q int REFERENCES p);
EOF
before="$(sql -c "$QUERIES" 2>&1)" || die "queries failed before restart: $before"
echo "$before" | grep -q 'DEFERRABLE INITIALLY DEFERRED' || die "no deferrable key: $before"
check_deferred 10 "before restart"

stop_clean
start
after="$(sql -c "$QUERIES" 2>&1)"
[ "$after" = "$before" ] || die "after a clean restart pg_constraint differs:
$(diff <(echo "$before") <(echo "$after"))"
check_deferred 20 "after a clean restart"

sql -c "CHECKPOINT" >/dev/null || die "checkpoint failed"
sql -c "CREATE TABLE e (id int PRIMARY KEY, p_id int REFERENCES p INITIALLY DEFERRED)" >/dev/null ||
    die "DDL after the checkpoint failed"
expected="$(sql -c "$QUERIES" 2>&1)" || die "queries failed after the checkpoint: $expected"
crash
start
got="$(sql -c "$QUERIES" 2>&1)"
[ "$got" = "$expected" ] || die "after kill -9 pg_constraint differs:
$(diff <(echo "$expected") <(echo "$got"))"
check_deferred 30 "after kill -9"
sql -c "CHECKPOINT" >/dev/null || die "second checkpoint failed"
stop_clean
start
got="$(sql -c "$QUERIES" 2>&1)"
[ "$got" = "$expected" ] || die "after a restart from the checkpoint pg_constraint differs:
$(diff <(echo "$expected") <(echo "$got"))"
check_deferred 40 "after a restart from the checkpoint"
stop_clean
echo "run_fkey_deferrable_restart: ok (clean restart, checkpoint + kill -9, restart from checkpoint)"
