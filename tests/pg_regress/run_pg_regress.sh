#!/usr/bin/env bash
# PostgreSQL 15's regression test corpus against OmenDB, scored per statement.
#
#   tests/pg_regress/run_pg_regress.sh [options] [FILE...]
#     --postgres            run against a throw-away PostgreSQL 15 instead (validates the runner)
#     --verbose             show a unified diff of the first mismatching chunks of every file
#     --diffs K             how many mismatching chunks --verbose shows per file (default 10)
#     --write-thresholds F  write the measured rates, rounded down, to F (thresholds format)
#     --out DIR             keep the psql outputs in DIR (default: a temporary directory,
#                           removed at exit unless KEEP_TEST_DIRS is set)
#     FILE...               run only these test files (test_setup always runs first)
#
# One server with a fresh data directory; test_setup.sql runs once, then every test file of
# ../shared/testdata/pg_regress/sql in the order of its parallel_schedule, each through
# `psql -X -a -q` with the file on stdin, exactly as pg_regress does (so errors print without
# a "psql:FILE:LINE:" prefix). compare.py splits actual and expected output into
# per-statement chunks and counts the chunks that match exactly. A server crash prints the
# end of its log, restarts the server and re-runs test_setup before the next file.
#
# Exit status 1 when a file (or the total) falls below tests/pg_regress/thresholds, when the
# server crashed, or when the run could not start. The last line is
#   pg_regress: N statements, M match (P%)
#
# Environment: PG_REGRESS_DIR (corpus), PG_REGRESS_FILE_TIMEOUT (seconds per file, default
# 120, tripled under SAN=1), OMENDB_BIN, BUILD, PG_BINDIR, KEEP_TEST_DIRS.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="${REPO:-$(cd "$HERE/../.." && pwd)}"
# shellcheck source=../lib/server.sh
source "$REPO/tests/lib/server.sh"

PY=/usr/bin/python3
COMPARE="$HERE/compare.py"
THRESHOLDS="$HERE/thresholds"
CORPUS="${PG_REGRESS_DIR:-$REPO/../shared/testdata/pg_regress}"
FILE_TIMEOUT="${PG_REGRESS_FILE_TIMEOUT:-120}"
[ "${SAN:-0}" = "1" ] && FILE_TIMEOUT=$((FILE_TIMEOUT * 3))

MODE=omendb
VERBOSE=()
WRITE_TH=()
OUT=""
ONLY=()
while [ $# -gt 0 ]; do
    case "$1" in
    --postgres) MODE=postgres ;;
    --verbose) VERBOSE+=(--verbose) ;;
    --diffs)
        VERBOSE+=(--diffs "$2")
        shift
        ;;
    --write-thresholds)
        WRITE_TH=(--write-thresholds "$(realpath -m "$2")")
        shift
        ;;
    --out)
        OUT="$2"
        shift
        ;;
    -h | --help)
        sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'
        exit 0
        ;;
    -*)
        echo "run_pg_regress.sh: unknown option $1" >&2
        exit 2
        ;;
    *) ONLY+=("${1%.sql}") ;;
    esac
    shift
done

die() {
    echo "pg_regress: FAIL ($*)"
    echo "pg_regress: 0 statements, 0 match (0.0%)"
    exit 1
}

[ -d "$CORPUS/sql" ] || die "corpus not found at $CORPUS"
CORPUS="$(cd "$CORPUS" && pwd)"
[ -x "$PY" ] || die "$PY not found"

if [ -n "$OUT" ]; then
    mkdir -p "$OUT" || die "cannot create $OUT"
    OUT="$(cd "$OUT" && pwd)"
else
    OUT="$(mktemp -d "${TMPDIR:-/tmp}/pg_regress.XXXXXX")"
    if [ -n "${KEEP_TEST_DIRS:-}" ]; then
        echo "pg_regress: outputs kept in $OUT"
    else
        add_cleanup "rm -rf '$OUT'"
    fi
fi
rm -rf "$OUT/results" "$OUT/actual"
mkdir -p "$OUT/results" "$OUT/actual"

# the statement splitter must cut every expected output into exactly the .sql's statements
"$PY" "$COMPARE" --self-check "$CORPUS" >"$OUT/self-check.log" 2>&1 ||
    { cat "$OUT/self-check.log"; die "compare.py --self-check failed"; }

# ---- the test files: test_setup, then parallel_schedule's order, then any others ----------
FILES=(test_setup)
declare -A seen=([test_setup]=1)
while read -r word; do
    if [ -f "$CORPUS/sql/$word.sql" ] && [ -z "${seen[$word]:-}" ]; then
        FILES+=("$word")
        seen[$word]=1
    fi
done < <(sed -n 's/^test:[[:space:]]*//p' "$CORPUS/parallel_schedule" 2>/dev/null | tr -s '[:blank:]' '\n')
for f in "$CORPUS"/sql/*.sql; do
    word="$(basename "$f" .sql)"
    [ -n "${seen[$word]:-}" ] || FILES+=("$word")
    seen[$word]=1
done
if [ ${#ONLY[@]} -gt 0 ]; then
    sel=(test_setup)
    for word in "${FILES[@]:1}"; do
        for o in "${ONLY[@]}"; do [ "$o" = "$word" ] && sel+=("$word"); done
    done
    FILES=("${sel[@]}")
fi
printf '%s\n' "${FILES[@]}" >"$OUT/results/order"

# ---- the environment pg_regress gives psql --------------------------------------------------
export PGTZ=America/Los_Angeles
export PGDATESTYLE="Postgres, MDY"
export PGOPTIONS="-c intervalstyle=postgres_verbose"
export PGAPPNAME=pg_regress
export LC_MESSAGES=C
export PG_ABS_SRCDIR="$CORPUS"
export PG_LIBDIR="${PG_REGRESS_LIBDIR:-$PG_BINDIR/../lib}"
export PG_DLSUFFIX=.so
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGSSLMODE PGCLIENTENCODING 2>/dev/null

SERVER_LOG=""
start_target() {
    if [ "$MODE" = postgres ]; then
        start_postgres || return 1
        CONN=(-h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d regression)
        SERVER_LOG="$PG_DIR/server.log"
        # pg_regress's database: template0, UTF8, C locale, and these per-database settings
        psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
            >"$OUT/createdb.log" 2>&1 <<'EOF' || { cat "$OUT/createdb.log"; return 1; }
CREATE DATABASE regression TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
ALTER DATABASE regression SET lc_messages TO 'C';
ALTER DATABASE regression SET lc_monetary TO 'C';
ALTER DATABASE regression SET lc_numeric TO 'C';
ALTER DATABASE regression SET lc_time TO 'C';
ALTER DATABASE regression SET bytea_output TO 'hex';
ALTER DATABASE regression SET timezone_abbreviations TO 'Default';
EOF
    else
        start_omendb || return 1
        export PGPASSWORD=omendb
        CONN=(-h 127.0.0.1 -p "$OMEN_PORT" -U omendb -d omendb)
        SERVER_LOG="$OMEN_DIR/server.log"
    fi
}

server_alive() {
    [ "$MODE" = postgres ] && return 0
    kill -0 "$OMEN_PID" 2>/dev/null
}

# A server that refuses one of pg_regress's connection settings would refuse every
# connection; drop such a setting (saying so loudly) so that the rest can still be measured.
probe_settings() {
    local var val msg
    if psql -X -Atq "${CONN[@]}" -c 'select 1' >"$OUT/probe.log" 2>&1; then
        return 0
    fi
    for var in PGOPTIONS PGTZ PGDATESTYLE; do
        val="${!var}"
        if ! env -u PGOPTIONS -u PGTZ -u PGDATESTYLE "$var=$val" \
            psql -X -Atq "${CONN[@]}" -c 'select 1' >"$OUT/probe.log" 2>&1; then
            msg="$(grep -m1 -o 'FATAL:.*' "$OUT/probe.log")"
            echo "pg_regress: NOTE: the server refuses $var=\"$val\" (${msg:-$(head -n1 "$OUT/probe.log")});" \
                "running without it, so output that depends on it will not match"
            unset "$var"
        fi
    done
    psql -X -Atq "${CONN[@]}" -c 'select 1' >"$OUT/probe.log" 2>&1 ||
        { cat "$OUT/probe.log"; return 1; }
}

run_psql() { # FILE OUTPUT
    # pg_regress hides the table access method and compression columns of \d+ the same way
    timeout -k 5 "$FILE_TIMEOUT" psql -X -a -q -v HIDE_TABLEAM=on -v HIDE_TOAST_COMPRESSION=on \
        "${CONN[@]}" <"$CORPUS/sql/$1.sql" >"$2" 2>&1
}

start_target || die "the $MODE server did not start"
probe_settings || die "cannot connect to the $MODE server"
echo "pg_regress: $MODE, corpus $CORPUS, ${#FILES[@]} files"

CRASHES=()
TIMEOUTS=()
COMPARE_FAILED=()
t_start=$SECONDS
for name in "${FILES[@]}"; do
    actual="$OUT/actual/$name.out"
    t0=$SECONDS
    run_psql "$name" "$actual"
    rc=$?
    secs=$((SECONDS - t0))
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        TIMEOUTS+=("$name")
        echo "pg_regress/$name: TIMEOUT after ${FILE_TIMEOUT}s (the rest of the file counts as failed)"
    fi
    crashed=0
    if ! server_alive; then
        crashed=1
        CRASHES+=("$name")
        echo "pg_regress/$name: CRASH: the server died; the last 30 lines of its log:"
        tail -n 30 "$SERVER_LOG" | sed 's/^/    /'
        cp "$SERVER_LOG" "$OUT/server-crash-$name.log" 2>/dev/null
    fi
    expected=()
    for e in "$CORPUS/expected/$name.out" "$CORPUS/expected/${name}"_[0-9].out; do
        [ -f "$e" ] && expected+=("$e")
    done
    if [ ${#expected[@]} -eq 0 ]; then
        echo "pg_regress/$name: no expected output"
        COMPARE_FAILED+=("$name")
    elif ! "$PY" "$COMPARE" --name "$name" --note "${secs}s" --json "$OUT/results/$name.json" \
        "${VERBOSE[@]}" "$CORPUS/sql/$name.sql" "$actual" "${expected[@]}"; then
        echo "pg_regress/$name: compare.py failed"
        COMPARE_FAILED+=("$name")
    fi
    if [ "$crashed" = 1 ]; then
        stop_omendb "$OMEN_PID" "$OMEN_DIR"
        start_omendb || die "the server did not restart after the crash in $name"
        CONN=(-h 127.0.0.1 -p "$OMEN_PORT" -U omendb -d omendb)
        SERVER_LOG="$OMEN_DIR/server.log"
        run_psql test_setup "$OUT/actual/test_setup.rerun.out"
    fi
done
echo "pg_regress: ran ${#FILES[@]} files in $((SECONDS - t_start))s"

status=0
if [ ${#CRASHES[@]} -gt 0 ]; then
    echo "pg_regress: CRASH during: ${CRASHES[*]}"
    status=1
fi
if [ ${#COMPARE_FAILED[@]} -gt 0 ]; then
    echo "pg_regress: no result for: ${COMPARE_FAILED[*]}"
    status=1
fi
[ ${#TIMEOUTS[@]} -gt 0 ] && echo "pg_regress: timed out: ${TIMEOUTS[*]}"

label=PostgreSQL
[ "$MODE" = omendb ] && label=OmenDB
summary=(--summary "$OUT/results" --label "$label" "${WRITE_TH[@]}")
if [ "$MODE" = omendb ]; then
    summary+=(--thresholds "$THRESHOLDS")
    [ ${#ONLY[@]} -gt 0 ] && summary+=(--subset)
fi
"$PY" "$COMPARE" "${summary[@]}" || status=1
exit "$status"
