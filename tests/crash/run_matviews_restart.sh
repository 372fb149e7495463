#!/usr/bin/env bash
# Materialized views (docs/sql.md, "Materialized views"): the catalog entry is
# DDL, the rows are the REFRESH transaction's writes (logged as data, never by
# replaying the query: a random() column proves it), and the populated state
# is logged as DDL at commit. This test checks that contents and populated
# states are the same after a clean restart, after CHECKPOINT + REFRESH +
# kill -9, after a REFRESH rolled back + kill -9, and after a second kill -9
# right after recovery. It also checks REFRESH's isolation: a session that
# REFRESHes in an open transaction leaves another session reading the old
# rows until COMMIT, and the new ones after.
#
#   tests/crash/run_matviews_restart.sh
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_matviews_restart
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"

QUERIES="
SELECT * FROM mv_sales ORDER BY id;
SELECT * FROM app.mv_totals ORDER BY who;
SELECT count(*), sum(r) FROM mv_rand;
SELECT schemaname, matviewname, hasindexes, ispopulated, definition FROM pg_matviews ORDER BY 1, 2;
SELECT relname, relkind, relispopulated FROM pg_class WHERE relkind = 'm' ORDER BY 1;
"

start
sql <<'EOF' || die "setup failed"
CREATE SCHEMA app;
CREATE TABLE sales (id int PRIMARY KEY, who text, amount numeric(8,2));
INSERT INTO sales VALUES (1, 'ann', 10.5), (2, 'bob', 20), (3, 'ann', 7.25);
CREATE MATERIALIZED VIEW mv_sales AS SELECT * FROM sales WHERE amount > 5;
CREATE UNIQUE INDEX mv_sales_id ON mv_sales (id);
CREATE MATERIALIZED VIEW app.mv_totals (who, total, n) AS
    SELECT who, sum(amount), count(*) FROM sales GROUP BY who;
CREATE MATERIALIZED VIEW mv_rand AS SELECT g, random() AS r FROM generate_series(1, 50) g;
CREATE MATERIALIZED VIEW mv_empty AS SELECT id FROM sales WITH NO DATA;
INSERT INTO sales VALUES (4, 'cid', 99);
REFRESH MATERIALIZED VIEW CONCURRENTLY mv_sales;
EOF
before="$(sql -c "$QUERIES" 2>&1)" || die "queries failed before restart: $before"

stop_clean
start
after="$(sql -c "$QUERIES" 2>&1)"
[ "$after" = "$before" ] || die "after a clean restart the materialized views differ:
$(diff <(echo "$before") <(echo "$after"))"
got="$(sql -c "SELECT * FROM mv_empty" 2>&1)"
case "$got" in *"has not been populated"*) ;; *) die "mv_empty readable after restart: $got" ;; esac

sql -c "CHECKPOINT" >/dev/null || die "checkpoint failed"
sql <<'EOF' || die "work after the checkpoint failed"
INSERT INTO sales VALUES (5, 'bob', 1.5);
REFRESH MATERIALIZED VIEW app.mv_totals;
REFRESH MATERIALIZED VIEW mv_rand;
REFRESH MATERIALIZED VIEW mv_empty;
BEGIN;
REFRESH MATERIALIZED VIEW mv_sales WITH NO DATA;
REFRESH MATERIALIZED VIEW mv_rand;
ROLLBACK;
EOF
expected="$(sql -c "$QUERIES SELECT count(*) FROM mv_empty;" 2>&1)" ||
    die "queries failed after the checkpoint: $expected"
crash
start
got="$(sql -c "$QUERIES SELECT count(*) FROM mv_empty;" 2>&1)"
[ "$got" = "$expected" ] || die "after kill -9 the materialized views differ:
$(diff <(echo "$expected") <(echo "$got"))"
crash
start
got="$(sql -c "$QUERIES SELECT count(*) FROM mv_empty;" 2>&1)"
[ "$got" = "$expected" ] || die "after a second kill -9 the materialized views differ:
$(diff <(echo "$expected") <(echo "$got"))"

# --- REFRESH in an open transaction, seen from another session ---
q() { PGPASSWORD=omendb psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb -c "$1" 2>&1; }
mkfifo "$WORK/a.in"
PGPASSWORD=omendb psql -X -q -At -h 127.0.0.1 -p "$PORT" -U omendb omendb \
    <"$WORK/a.in" >"$WORK/a.out" 2>&1 &
APID=$!
exec 7>"$WORK/a.in"
wait_for() { # wait_for MARK
    for _ in $(seq 1 200); do
        grep -q "^$1\$" "$WORK/a.out" && return 0
        sleep 0.05
    done
    die "session a did not answer ($1)"
}
q "INSERT INTO sales VALUES (6, 'dan', 60)" >/dev/null
old="$(q "SELECT count(*), sum(total) FROM app.mv_totals")"
printf 'BEGIN;\nREFRESH MATERIALIZED VIEW app.mv_totals;\nSELECT count(*), sum(total) FROM app.mv_totals;\n\\echo refreshed\n' >&7
wait_for refreshed
inside="$(grep -v '^refreshed$' "$WORK/a.out" | tail -n 1)"
[ "$inside" != "$old" ] || die "the refreshing session does not see its new rows: $inside"
seen="$(q "SELECT count(*), sum(total) FROM app.mv_totals")"
[ "$seen" = "$old" ] || die "another session saw uncommitted REFRESH rows: [$seen], expected [$old]"
printf 'COMMIT;\n\\echo committed\n' >&7
wait_for committed
seen="$(q "SELECT count(*), sum(total) FROM app.mv_totals")"
[ "$seen" = "$inside" ] || die "after COMMIT another session reads [$seen], expected [$inside]"
# populating an unpopulated view: others keep getting 55000 until COMMIT
q "REFRESH MATERIALIZED VIEW mv_empty WITH NO DATA" >/dev/null
printf 'BEGIN;\nREFRESH MATERIALIZED VIEW mv_empty;\n\\echo populated\n' >&7
wait_for populated
got="$(q "SELECT count(*) FROM mv_empty")"
case "$got" in *"has not been populated"*) ;; *) die "mv_empty populated before COMMIT: $got" ;; esac
printf 'COMMIT;\n\\echo done\n' >&7
wait_for done
got="$(q "SELECT count(*) FROM mv_empty")"
[ "$got" = "6" ] || die "mv_empty after COMMIT: $got"
exec 7>&-
wait "$APID" 2>/dev/null
crash
start
got="$(q "SELECT count(*) FROM mv_empty")"
[ "$got" = "6" ] || die "mv_empty after kill -9: $got"

echo "run_matviews_restart: OK"
