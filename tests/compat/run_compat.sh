#!/usr/bin/env bash
# Differential SQL tests: runs every tests/compat/*.sql (or the files given) on a throw-away
# PostgreSQL 15 and on OmenDB with difftest and compares the answers statement by statement.
#
#   tests/compat/run_compat.sh [--pg-only] [--verbose] [file.sql...]
#
# PostgreSQL runs once for the whole run (difftest gives each file a fresh database); OmenDB
# is started fresh for every file, because it has a single database and the files reuse table
# names. --pg-only points the "omen" side at PostgreSQL too, which validates the corpus itself.
#
# Prints one line per file, "compat: PASS <file>" or "compat: FAIL <file>" (run_all.sh counts
# these), then "compat: N passed, N failed". Exit status 1 if any file failed.
#
# Environment: BUILD (default build), OMENDB_BIN, DIFFTEST (default $BUILD/tests/tools/difftest),
# COMPAT_FILE_TIMEOUT (seconds per file, default 300), COMPAT_CHECK_NAMES=0 (do not compare
# column names), KEEP_TEST_DIRS=1 keeps server logs.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
DIFFTEST="${DIFFTEST:-$REPO/$BUILD/tests/tools/difftest}"
FILE_TIMEOUT="${COMPAT_FILE_TIMEOUT:-300}"

pg_only=0
extra=()
[ "${COMPAT_CHECK_NAMES:-1}" = "1" ] && extra+=(--check-names)
files=()
for arg in "$@"; do
    case "$arg" in
    --pg-only) pg_only=1 ;;
    --verbose) extra+=(--verbose) ;;
    -*)
        echo "usage: $0 [--pg-only] [--verbose] [file.sql...]" >&2
        exit 2
        ;;
    *) files+=("$arg") ;;
    esac
done
if [ ${#files[@]} -eq 0 ]; then
    files=("$HERE"/*.sql)
fi

passed=0
failed=0
fail_all() {
    local why=$1 f
    for f in "${files[@]}"; do
        echo "compat: FAIL $(basename "$f") ($why)"
        failed=$((failed + 1))
    done
    echo "compat: $passed passed, $failed failed"
    exit 1
}

[ -x "$DIFFTEST" ] || fail_all "difftest not built: $DIFFTEST"
if [ $pg_only -eq 0 ] && [ ! -x "$OMENDB_BIN" ]; then
    fail_all "omendb not built: $OMENDB_BIN"
fi
start_postgres || fail_all "PostgreSQL did not start"

for f in "${files[@]}"; do
    name="$(basename "$f")"
    echo "--- compat: $name"
    if [ $pg_only -eq 1 ]; then
        timeout -k 10 "$FILE_TIMEOUT" "$DIFFTEST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
            --omen-port "$PG_PORT" --omen-user "$PG_USER" --omen-db postgres --omen-fresh-db \
            "${extra[@]}" "$f"
        rc=$?
    else
        if ! start_omendb; then
            echo "compat: FAIL $name (omendb did not start)"
            failed=$((failed + 1))
            continue
        fi
        timeout -k 10 "$FILE_TIMEOUT" "$DIFFTEST" --pg-port "$PG_PORT" --pg-user "$PG_USER" \
            --omen-port "$OMEN_PORT" "${extra[@]}" "$f"
        rc=$?
        if ! kill -0 "$OMEN_PID" 2>/dev/null; then
            echo "compat: omendb exited during $name; last lines of its log:"
            tail -n 20 "$OMEN_DIR/server.log"
            [ $rc -eq 0 ] && rc=1
        fi
        stop_omendb "$OMEN_PID" "$OMEN_DIR"
    fi
    if [ $rc -eq 0 ]; then
        echo "compat: PASS $name"
        passed=$((passed + 1))
    else
        [ $rc -eq 124 ] && echo "compat: $name timed out after ${FILE_TIMEOUT}s"
        echo "compat: FAIL $name"
        failed=$((failed + 1))
    fi
done
stop_postgres
echo "compat: $passed passed, $failed failed"
[ $failed -eq 0 ]
