#!/usr/bin/env bash
# Grouping-sets benchmark: OmenDB vs PostgreSQL 15 side by side (not a timed test).
#   bench/grouping/run.sh [--rows N] [--runs R]
# Starts both servers on free ports with throw-away data directories, loads
# t(a int, b int, c int) with a = i % 10, b = i % 1000, c = i for i in 1..N
# (default 1,000,000), and times with psql's \timing (results to /dev/null)
# ROLLUP (a, b), the same three GROUP BYs unioned by hand, the plain
# GROUP BY a, b and CUBE (a, b): one warm-up run, then R runs (default 3);
# prints the median in ms. PostgreSQL runs with work_mem=256MB (no spilling)
# and its default parallel query. Run it on a quiet machine (uptime < 1.5).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
cd "$REPO"
ROWS=1000000
RUNS=3
while [ $# -gt 0 ]; do
    case "$1" in
    --rows) ROWS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--runs R]" >&2; exit 2 ;;
    esac
done
make -s build/omendb >/dev/null
# shellcheck source=../../tests/lib/server.sh
source "$REPO/tests/lib/server.sh"
start_omendb
PG_EXTRA_OPTS="-c shared_buffers=512MB -c work_mem=256MB" start_postgres

omen() { psql -X -q -h 127.0.0.1 -p "$OMEN_PORT" -U omendb -d omendb "$@"; }
pg() { psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }
LOAD="CREATE TABLE t (a int, b int, c int);
INSERT INTO t SELECT i % 10, i % 1000, i FROM generate_series(1, $ROWS) AS i;"
omen -c "$LOAD" >/dev/null
pg -c "$LOAD" -c "VACUUM ANALYZE t" >/dev/null
# let OmenDB freeze (compress) the new row groups before anything is timed
sleep 3

declare -A Q
Q[rollup]="SELECT a, b, count(*), sum(c) FROM t GROUP BY ROLLUP (a, b)"
Q[union]="SELECT a, b, count(*), sum(c) FROM t GROUP BY a, b UNION ALL
SELECT a, NULL::int, count(*), sum(c) FROM t GROUP BY a UNION ALL
SELECT NULL::int, NULL::int, count(*), sum(c) FROM t"
Q[plain]="SELECT a, b, count(*), sum(c) FROM t GROUP BY a, b"
Q[cube]="SELECT a, b, count(*), sum(c) FROM t GROUP BY CUBE (a, b)"

# median_ms CLIENT QUERY: warm-up + RUNS timed runs
median_ms() {
    local client="$1" sql="$2" script
    script="$(printf '\\timing on\n\\o /dev/null\n')"
    for _ in $(seq 0 "$RUNS"); do script+=$'\n'"$sql;"; done
    "$client" <<<"$script" | awk '/^Time:/ {print $2}' | tail -n "$RUNS" | sort -n |
        awk '{v[NR] = $1} END {printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

printf '%-8s %12s %12s   (%s rows, median of %s runs, ms)\n' query OmenDB PostgreSQL "$ROWS" "$RUNS"
for name in rollup union plain cube; do
    printf '%-8s %12s %12s\n' "$name" "$(median_ms omen "${Q[$name]}")" "$(median_ms pg "${Q[$name]}")"
done
