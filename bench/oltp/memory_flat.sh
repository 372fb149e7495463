#!/usr/bin/env bash
# Memory over a long pgbench run: are old row versions collected?
#   bench/oltp/memory_flat.sh [SECONDS] [CLIENTS]
# Runs pgbench's TPC-B updates (accounts, tellers, branches; the history insert left out, since
# that table grows by design) against OmenDB for SECONDS (default 600) and prints the server's
# resident memory every 30 s. Flat RSS means before-images are reclaimed as fast as they come.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$REPO/tests/lib/server.sh"
SECS="${1:-600}"
CLIENTS="${2:-8}"
start_omendb || exit 1
conn=(-h 127.0.0.1 -p "$OMEN_PORT" -U omendb)
pgbench "${conn[@]}" -i -s 10 -I dtGvp omendb >/dev/null 2>&1 || { echo "init failed"; exit 1; }
script="$OMEN_DIR/updates.sql"
cat >"$script" <<'SQL'
\set aid random(1, 100000 * :scale)
\set bid random(1, 1 * :scale)
\set tid random(1, 10 * :scale)
\set delta random(-5000, 5000)
BEGIN;
UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM pgbench_accounts WHERE aid = :aid;
UPDATE pgbench_tellers SET tbalance = tbalance + :delta WHERE tid = :tid;
UPDATE pgbench_branches SET bbalance = bbalance + :delta WHERE bid = :bid;
END;
SQL
echo "OmenDB memory during ${SECS}s of pgbench TPC-B updates, $CLIENTS clients, scale 10"
echo "reproduce: bench/oltp/memory_flat.sh $SECS $CLIENTS"
printf "%8s %12s\n" "t (s)" "RSS (MB)"
pgbench "${conn[@]}" -n -f "$script" -c "$CLIENTS" -j 2 -T "$SECS" omendb >"$OMEN_DIR/pgbench.log" 2>&1 &
pb=$!
t=0
while kill -0 $pb 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' /proc/"$OMEN_PID"/status)
    printf "%8d %12.1f\n" "$t" "$(echo "$rss / 1024" | bc -l)"
    sleep 30
    t=$((t + 30))
done
wait $pb
grep -E "^(tps|number of (transactions actually|failed))" "$OMEN_DIR/pgbench.log"
