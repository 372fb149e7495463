#!/usr/bin/env bash
# run_duckdb_checkpoint.sh — checkpoint files are plain Parquet: a server gets
# tables of many types with NULLs, deleted rows (gaps in row ids) and updated
# rows, runs CHECKPOINT, and DuckDB (npm @duckdb/node-api) reads every table
# file the manifest names (tests/parquet/duckdb_checkpoint.mjs). It must see
# the manifest's row counts and sizes, the same aggregates as the server
# (counts, sums, NULL counts, min/max, a text digest), and row ids equal to
# the rows' original positions. Then the server is stopped cleanly (a
# shutdown checkpoint), restarted, and must return the same aggregates.
# Prints PASS or FAIL and exits non-zero on failure.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
export REPO
BUILD=${BUILD:-build}
HERE="$REPO/tests/parquet"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

fail() {
    echo "FAIL tests/parquet/run_duckdb_checkpoint.sh: $*"
    [ -n "${OMEN_DIR:-}" ] && tail -n 20 "$OMEN_DIR/server.log"
    exit 1
}

command -v node >/dev/null 2>&1 || fail "node is not installed"
if [ ! -d "$HERE/node_modules/@duckdb/node-api" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm is not installed"
    (cd "$HERE" && timeout 600 npm install --no-audit --no-fund --loglevel=error) ||
        fail "npm install of @duckdb/node-api failed: is the npm registry reachable?"
fi

start_omendb || fail "server did not start"
DATA="$OMEN_DIR/data"
psql_q() { psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$OMEN_PORT" -U omendb -d omendb "$@"; }

psql_q -q <<'SQL' || fail "setup failed"
CREATE TABLE items (id int8 PRIMARY KEY, qty int4, price numeric(12,2), name text,
                    ok bool, day date, ts timestamp, score float8, code varchar(8));
INSERT INTO items
SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE g % 1000 END, (g % 997) * 1.25,
       CASE WHEN g % 13 = 0 THEN NULL ELSE 'item number ' || g END, g % 3 = 0,
       DATE '2024-01-01' + (g % 400), TIMESTAMP '2024-01-01 00:00:00' + (g % 5000) * INTERVAL '1 minute',
       g / 7.0, 'c' || (g % 50)
FROM generate_series(1, 300000) g;
DELETE FROM items WHERE id % 10 = 3;
UPDATE items SET name = 'renamed ' || id, qty = -qty WHERE id % 10 = 7;
CREATE SCHEMA other;
CREATE TABLE other.tags (tag text PRIMARY KEY, n int2);
INSERT INTO other.tags VALUES ('a', 1), ('b', NULL), ('a long tag that is longer than twelve bytes', 3);
CREATE TABLE empty_t (x int4);
SQL
psql_q -c "CHECKPOINT" | grep -qx CHECKPOINT || fail "CHECKPOINT did not answer CHECKPOINT"

AGG="SELECT count(*), sum(id), sum(qty), sum(price), count(name), min(name), max(name),
     sum(CASE WHEN ok THEN 1 ELSE 0 END), min(day), max(ts), sum(length(code)) FROM items"
server_items=$(psql_q -F'|' -c "$AGG") || fail "aggregate query failed"
server_tags=$(psql_q -F'|' -c "SELECT count(*), count(n), sum(n), max(tag) FROM other.tags")

node "$HERE/duckdb_checkpoint.mjs" "$DATA/checkpoint" "$server_items" "$server_tags" ||
    fail "DuckDB does not read the checkpoint as the server sees it"

# A clean shutdown checkpoints; the restart loads it.
psql_q -q -c "INSERT INTO items (id, qty, name) VALUES (1000000, 5, 'late')" || fail "insert"
server_items=$(psql_q -F'|' -c "$AGG")
kill -TERM "$OMEN_PID"
wait "$OMEN_PID" 2>/dev/null
grep -q "checkpoint [0-9]* (shutdown) complete" "$OMEN_DIR/server.log" ||
    fail "no shutdown checkpoint"
PORT=$(free_port)
"$OMENDB_BIN" serve --listen 127.0.0.1 --port "$PORT" --data "$DATA" >>"$OMEN_DIR/server.log" 2>&1 &
OMEN_PID=$!
OMEN_PORT=$PORT
add_cleanup "stop_omendb $OMEN_PID $OMEN_DIR"
wait_ready "$PORT" 30 "$OMEN_PID" || fail "restart failed"
grep -q "recovery replayed 0 transactions" "$OMEN_DIR/server.log" ||
    fail "the restart after a clean shutdown replayed the log"
after=$(psql_q -F'|' -c "$AGG")
[ "$after" = "$server_items" ] || fail "after restart: $after, want $server_items"
echo "PASS tests/parquet/run_duckdb_checkpoint.sh"
