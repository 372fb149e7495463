#!/usr/bin/env bash
# Views are catalog objects (docs/catalog.md, "Views"): CREATE/REPLACE/DROP
# VIEW and the renames and cascades that rewrite or drop views are logged as
# DDL records (docs/wal.md) and replayed by recovery, and the checkpoint's DDL
# history carries them. This test builds views (nested, schema-qualified,
# with column lists, replaced, renamed, following table and column renames,
# one dropped by CASCADE), then checks that the same queries give the same
# answers after a clean restart, after CHECKPOINT + more DDL + kill -9, and
# after a second kill -9 right after recovery.
#
#   tests/crash/run_views_restart.sh
#
# Runs from tests/run_all.sh scripts; needs $BUILD/omendb and psql.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export REPO
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

RESTART_NAME=run_views_restart
# shellcheck source=../lib/restart.sh
source "$REPO/tests/lib/restart.sh"

QUERIES="
SELECT * FROM v_sales ORDER BY id;
SELECT * FROM app.v_totals ORDER BY who;
SELECT * FROM v_top;
SELECT * FROM v_renamed ORDER BY 1;
SELECT schemaname, viewname, definition FROM pg_views ORDER BY 1, 2;
SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
  WHERE table_name LIKE 'v%' ORDER BY 1, 2, ordinal_position;
"

start
sql <<'EOF' || die "setup failed"
CREATE SCHEMA app;
CREATE TABLE sales (id int PRIMARY KEY, who text, amount numeric(8,2));
INSERT INTO sales VALUES (1, 'ann', 10.5), (2, 'bob', 20), (3, 'ann', 7.25);
CREATE VIEW v_sales AS SELECT * FROM sales WHERE amount > 5;
CREATE VIEW app.v_totals (who, total, n) AS
    SELECT who, sum(amount), count(*) FROM v_sales GROUP BY who;
CREATE VIEW v_top AS SELECT who FROM app.v_totals ORDER BY total DESC LIMIT 1;
CREATE TABLE tmp (x int);
CREATE VIEW v_gone AS SELECT x FROM tmp;
CREATE VIEW v_renamed_src AS SELECT id, who FROM sales UNION ALL SELECT 0, 'none';
CREATE OR REPLACE VIEW v_renamed_src AS
    SELECT id, who, 1 AS one FROM sales UNION ALL SELECT 0, 'none', 1;
ALTER VIEW v_renamed_src RENAME TO v_renamed;
ALTER TABLE sales RENAME COLUMN who TO customer;
ALTER TABLE sales RENAME TO sales2;
DROP TABLE tmp CASCADE;
INSERT INTO sales2 VALUES (4, 'cid', 99);
EOF
before="$(sql -c "$QUERIES" 2>&1)" || die "queries failed before restart: $before"

stop_clean
start
after="$(sql -c "$QUERIES" 2>&1)"
[ "$after" = "$before" ] || die "after a clean restart the views differ:
$(diff <(echo "$before") <(echo "$after"))"

sql -c "CHECKPOINT" >/dev/null || die "checkpoint failed"
sql <<'EOF' || die "DDL after the checkpoint failed"
ALTER TABLE sales2 RENAME COLUMN amount TO amt;
ALTER VIEW app.v_totals RENAME COLUMN n TO cnt;
CREATE VIEW v_late AS SELECT customer, amt FROM sales2 WHERE id = 4;
EOF
expected="$(sql -c "$QUERIES SELECT * FROM v_late; SELECT cnt FROM app.v_totals ORDER BY 1;" 2>&1)" ||
    die "queries failed after the checkpoint: $expected"
crash
start
got="$(sql -c "$QUERIES SELECT * FROM v_late; SELECT cnt FROM app.v_totals ORDER BY 1;" 2>&1)"
[ "$got" = "$expected" ] || die "after kill -9 the views differ:
$(diff <(echo "$expected") <(echo "$got"))"
crash
start
got="$(sql -c "$QUERIES SELECT * FROM v_late; SELECT cnt FROM app.v_totals ORDER BY 1;" 2>&1)"
[ "$got" = "$expected" ] || die "after a second kill -9 the views differ:
$(diff <(echo "$expected") <(echo "$got"))"
sql -c "SELECT * FROM v_gone" >/dev/null 2>&1 && die "v_gone came back"
stop_clean
echo "run_views_restart: ok (clean restart, checkpoint + kill -9, kill -9 after recovery)"
