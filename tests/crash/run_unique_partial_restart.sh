#!/usr/bin/env bash
# Unique indexes with a predicate or expression keys across restarts: they are
# rebuilt when the server starts (docs/wal.md, "Unique indexes"), evaluating
# their expressions and predicates over the recovered rows, whether the
# CREATE UNIQUE INDEX comes from the checkpoint's DDL history or is replayed
# from the log over rows replayed before it. The test sets up tables with such
# indexes, moves rows in and out of the predicates, then runs probes (writes
# that must fail with 23505 or succeed, each rolled back) and compares their
# answers after a clean restart, after CHECKPOINT + more writes and DDL +
# kill -9, and after a second kill -9 right after recovery.
#
#   tests/crash/run_unique_partial_restart.sh
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_unique_partial_restart
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"

# Each probe runs in its own transaction, rolled back; the output lists the
# SQLSTATE of each failure and the rows of the queries.
probes() {
    local extra=${1:-}
    PGPASSWORD=omendb psql -X -q --echo-queries -h 127.0.0.1 -p "$PORT" -U omendb omendb 2>&1 <<EOF
\\set VERBOSITY sqlstate
BEGIN; INSERT INTO users VALUES (100, 'ann@x', NULL); ROLLBACK;
BEGIN; INSERT INTO users VALUES (100, 'ann@x', '2024-09-09'); ROLLBACK;
BEGIN; INSERT INTO users VALUES (100, 'bob@x', NULL); ROLLBACK;
BEGIN; INSERT INTO users VALUES (100, 'cat@x', NULL); ROLLBACK;
BEGIN; INSERT INTO users VALUES (100, 'dan@x', NULL); ROLLBACK;
BEGIN; UPDATE users SET deleted_at = NULL WHERE id = 1; ROLLBACK;
BEGIN; INSERT INTO accounts VALUES (100, 'ANN@X'); ROLLBACK;
BEGIN; INSERT INTO accounts VALUES (100, 'Zed@x'); ROLLBACK;
BEGIN; INSERT INTO accounts VALUES (100, 'EVE@X'); ROLLBACK;
BEGIN; INSERT INTO m VALUES (100, 1, 2, 'P', 'x'); ROLLBACK;
BEGIN; INSERT INTO m VALUES (100, 1, 2, 'P', 'y'); ROLLBACK;
BEGIN; INSERT INTO m VALUES (100, 2, 2, 'q', 'x'); ROLLBACK;
BEGIN; INSERT INTO users VALUES (100, 'ann@x', NULL) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING; ROLLBACK;
BEGIN; INSERT INTO accounts VALUES (100, 'ann@X') ON CONFLICT ((lower(email))) DO UPDATE SET id = accounts.id + 1000 RETURNING id; ROLLBACK;
SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1;
SELECT id, email, deleted_at IS NULL FROM users ORDER BY id;
$extra
EOF
}

start
sql <<'EOF' || die "setup failed"
CREATE TABLE users (id int PRIMARY KEY, email text, deleted_at timestamp);
CREATE UNIQUE INDEX users_live_email ON users (email) WHERE deleted_at IS NULL;
INSERT INTO users VALUES (1, 'ann@x', '2024-01-01'), (2, 'ann@x', NULL), (3, 'bob@x', NULL);
UPDATE users SET deleted_at = '2024-02-01' WHERE id = 3;
INSERT INTO users VALUES (4, 'bob@x', NULL), (5, 'cat@x', NULL);
DELETE FROM users WHERE id = 5;
CREATE TABLE accounts (id int PRIMARY KEY, email varchar(40));
INSERT INTO accounts VALUES (1, 'Ann@x'), (2, 'Bob@x');
CREATE UNIQUE INDEX accounts_lower ON accounts (lower(email));
UPDATE accounts SET email = 'Eve@x' WHERE id = 2;
CREATE TABLE m (id int, a int, b int, tag text, kind text);
CREATE UNIQUE INDEX m_sum ON m ((a + b), upper(tag)) WHERE kind = 'x';
INSERT INTO m VALUES (1, 1, 2, 'p', 'x'), (2, 2, 2, 'q', 'y');
EOF
before="$(probes)"
grep -q 23505 <<<"$before" || die "no probe failed before the restart: $before"

stop_clean
start
after="$(probes)"
[ "$after" = "$before" ] || die "after a clean restart the probes differ:
$(diff <(echo "$before") <(echo "$after"))"

sql -c "CHECKPOINT" >/dev/null || die "checkpoint failed"
# after the checkpoint: rows move in and out of predicates, and one index is
# created over rows that recovery replays before it
sql <<'EOF' || die "writes after the checkpoint failed"
UPDATE users SET deleted_at = '2024-03-01' WHERE id = 2;
UPDATE users SET deleted_at = NULL WHERE id = 1;
INSERT INTO users VALUES (6, 'dan@x', NULL);
UPDATE m SET kind = 'x' WHERE id = 2;
CREATE TABLE late (id int, code text, active bool);
INSERT INTO late VALUES (1, 'a', true), (2, 'A', false), (3, 'b', true);
CREATE UNIQUE INDEX late_code ON late (upper(code)) WHERE active;
INSERT INTO late VALUES (4, 'B', false);
EOF
LATE="BEGIN; INSERT INTO late VALUES (9, 'A', true); ROLLBACK;
BEGIN; INSERT INTO late VALUES (9, 'c', true); ROLLBACK;
BEGIN; UPDATE late SET active = true WHERE id = 4; ROLLBACK;"
expected="$(probes "$LATE")"
[ "$(grep -c 23505 <<<"$expected")" -ge 8 ] || die "too few probes failed after the checkpoint: $expected"
crash
start
got="$(probes "$LATE")"
[ "$got" = "$expected" ] || die "after kill -9 the probes differ:
$(diff <(echo "$expected") <(echo "$got"))"
crash
start
got="$(probes "$LATE")"
[ "$got" = "$expected" ] || die "after a second kill -9 the probes differ:
$(diff <(echo "$expected") <(echo "$got"))"
stop_clean
echo "run_unique_partial_restart: ok (clean restart, checkpoint + kill -9, kill -9 after recovery)"
