#!/usr/bin/env bash
# Scan benchmark: OmenDB vs PostgreSQL 15 side by side (not a timed test).
#   bench/scan/run.sh [--rows N] [--runs R]
# Builds omendb and the benchmark, starts both servers on free ports with
# throw-away data directories, runs build/bench/scan/scan_bench, stops both.
# PostgreSQL keeps its parallel query (2 workers) and runs with fsync=off.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
cd "$REPO"
make -s build/omendb build/bench/scan/scan_bench >/dev/null
# shellcheck source=../../tests/lib/server.sh
source "$REPO/tests/lib/server.sh"
start_omendb
# PostgreSQL gets enough shared_buffers to hold the table, so both read from memory.
PG_EXTRA_OPTS="-c shared_buffers=4GB -c work_mem=256MB" start_postgres
"$REPO/build/bench/scan/scan_bench" --omen-port "$OMEN_PORT" --pg-port "$PG_PORT" "$@"
