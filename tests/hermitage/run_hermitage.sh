#!/usr/bin/env bash
# Hermitage isolation tests (../shared/testdata/hermitage/postgres.md): every read committed
# and repeatable read case runs with two or three real sessions on a throw-away PostgreSQL 15
# and on OmenDB (tests/tools/hermitage.c); the transcripts (what each statement returned or
# which SQLSTATE it raised, and whether it blocked) must be identical. Then the same for
# tests/hermitage/key_updates.md (key-changing UPDATEs under concurrency, a deadlock) and
# tests/hermitage/row_locks.md (SELECT FOR UPDATE/SHARE, NOWAIT, SKIP LOCKED).
# Prints "hermitage: N cases, transcripts equal" or the diff; exit status 1 on a difference.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUILD="${BUILD:-build}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"
TOOL="${HERMITAGE_TOOL:-$REPO/$BUILD/tests/tools/hermitage}"
CASES="${HERMITAGE_FILE:-$REPO/../shared/testdata/hermitage/postgres.md}"
[ -x "$TOOL" ] || { echo "hermitage: tool not built: $TOOL"; exit 1; }
[ -f "$CASES" ] || { echo "hermitage: $CASES not found"; exit 1; }
out="$(mktemp -d "${TMPDIR:-/tmp}/hermitage.XXXXXX")"
add_cleanup "rm -rf $out"
start_postgres || { echo "hermitage: PostgreSQL did not start"; exit 1; }
start_omendb || { echo "hermitage: omendb did not start"; exit 1; }
# The catalogue itself, then OmenDB's own cases in the same format.
status=0
files=("$CASES")
[ -n "${HERMITAGE_FILE:-}" ] || files+=("$HERE/key_updates.md" "$HERE/row_locks.md")
for cases in "${files[@]}"; do
    name="$(basename "$cases" .md)"
    timeout 300 "$TOOL" --port "$PG_PORT" --user "$PG_USER" --db postgres "$cases" >"$out/pg-$name.txt" || {
        echo "hermitage: $name: run against PostgreSQL failed"; exit 1; }
    timeout 300 "$TOOL" --port "$OMEN_PORT" "$cases" >"$out/omen-$name.txt" || {
        echo "hermitage: $name: run against OmenDB failed"; tail -20 "$OMEN_DIR/server.log"; exit 1; }
    if diff -u "$out/pg-$name.txt" "$out/omen-$name.txt"; then
        echo "hermitage: $name: $(tail -1 "$out/omen-$name.txt"); transcripts equal to PostgreSQL's"
    else
        echo "hermitage: $name: transcripts differ (- PostgreSQL, + OmenDB)"
        status=1
    fi
done
exit $status
