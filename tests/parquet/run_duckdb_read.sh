#!/usr/bin/env bash
# run_duckdb_read.sh — interoperability: files written by OmenDB's Parquet
# writer (tests/tools/parquet_gen.c: every type, NULLs, three codecs, plain
# and dictionary pages, several row groups) are read by DuckDB through the
# npm package @duckdb/node-api, which must see the same values, logical types
# and statistics; and files DuckDB writes must read back through our reader
# as DuckDB reads them (tests/parquet/duckdb_read.mjs). Prints PASS or FAIL and
# exits non-zero on failure — also when node or the npm registry is missing.
set -uo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
SAN=${SAN:-0}
HERE="$REPO/tests/parquet"

fail() {
    echo "FAIL tests/parquet/run_duckdb_read.sh: $*"
    exit 1
}

command -v node >/dev/null 2>&1 || fail "node is not installed"
if [ ! -d "$HERE/node_modules/@duckdb/node-api" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm is not installed"
    echo "installing @duckdb/node-api into tests/parquet/node_modules"
    if ! (cd "$HERE" && timeout 600 npm install --no-audit --no-fund --loglevel=error); then
        fail "npm install of @duckdb/node-api failed: is the npm registry reachable?"
    fi
fi

make -C "$REPO" --no-print-directory -s SAN="$SAN" "$BUILD/tests/tools/parquet_gen" ||
    fail "could not build $BUILD/tests/tools/parquet_gen"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/omendb_parquet.XXXXXX") || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

"$REPO/$BUILD/tests/tools/parquet_gen" "$tmp" || fail "parquet_gen could not write the files"
if node "$HERE/duckdb_read.mjs" "$tmp" "$REPO/$BUILD/tests/tools/parquet_gen"; then
    echo "PASS tests/parquet/run_duckdb_read.sh"
    exit 0
fi
fail "DuckDB does not read our files as written (see mismatches above)"
